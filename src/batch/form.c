/*
 * form.c: fallback Word forms: pick the form stylesheet, make sure the record has the term the
 * form is for (an empty <term> is added to a private copy when it is new, so the stylesheet sees
 * "this term" and "the term before" the same way in both cases), run the stylesheet with the
 * form parameters, check the IR against its schema and render it as DOCX.
 */
#include "core/pepkit.h"
#include "batch/form.h"
#include "render/docx.h"
#include "batch/pipeline.h"
#include "render/transform.h"

#include <string.h>

static const char *const docs[][2] = {
	{ "pep1", "form-pep1" },
	{ "pep2", "form-pep2" },
	{ "myvoice", "myvoice" },
	{ "agenda", "agenda" },
};

static const char *const keystages[] = { "EYFS", "KS1", "KS2", "KS3", "KS4", "post-16" };

/* The stylesheet name for doc, or NULL. */
static const char *sheet_for(const char *doc)
{
	for (size_t i = 0; doc && i < PK_ARRAY_LEN(docs); i++)
		if (strcmp(docs[i][0], doc) == 0)
			return docs[i][1];
	return NULL;
}

int form_doc_known(const char *doc)
{
	return sheet_for(doc) != NULL;
}

int form_keystage_known(const char *keystage)
{
	for (size_t i = 0; keystage && i < PK_ARRAY_LEN(keystages); i++)
		if (strcmp(keystages[i], keystage) == 0)
			return 1;
	return 0;
}

/* The <terms> element of a record, or NULL. */
static xmlNodePtr terms_of(xmlDocPtr rec)
{
	xmlNodePtr root = xmlDocGetRootElement(rec);

	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "terms"))
			return c;
	return NULL;
}

/* Does the record hold a term with this id? */
static int has_term(xmlDocPtr rec, const char *term)
{
	xmlNodePtr terms = terms_of(rec);

	for (xmlNodePtr c = terms ? terms->children : NULL; c; c = c->next) {
		xmlChar *id;
		int same;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		id = xmlGetProp(c, BAD_CAST "id");
		same = id && strcmp((const char *)id, term) == 0;
		xmlFree(id);
		if (same)
			return 1;
	}
	return 0;
}

/* A private working record: a copy of record (or a stub for a blank form) holding term
 * (appended empty if new). Returns the copy (caller frees) or NULL (out of memory). */
static xmlDocPtr working_record(xmlDocPtr record, const char *term)
{
	xmlDocPtr w;
	xmlNodePtr terms;

	if (record)
		w = xmlCopyDoc(record, 1);
	else {
		w = xmlNewDoc(BAD_CAST "1.0");
		if (w) {
			xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "pep-record");

			xmlDocSetRootElement(w, root);
			if (root == NULL || !xmlNewProp(root, BAD_CAST "version", BAD_CAST "1") ||
			    !xmlNewChild(root, NULL, BAD_CAST "terms", NULL)) {
				xmlFreeDoc(w);
				return NULL;
			}
		}
	}
	if (w == NULL)
		return NULL;
	terms = terms_of(w);
	if (terms == NULL)
		terms = xmlNewChild(xmlDocGetRootElement(w), NULL, BAD_CAST "terms", NULL);
	if (terms && (term == NULL ? terms_of(w)->children == NULL : !has_term(w, term))) {
		xmlNodePtr t = xmlNewChild(terms, NULL, BAD_CAST "term", NULL);

		if (t == NULL || !xmlNewProp(t, BAD_CAST "id", BAD_CAST(term ? term : "2000-autumn"))) {
			xmlFreeDoc(w);
			return NULL;
		}
	}
	return terms ? w : (xmlFreeDoc(w), NULL);
}

int form_template(const char *doc, xmlDocPtr record, const char *file, const char *term,
		  const char *keystage, const char *audience, pk_buf *out, xmlDocPtr *ir_out,
		  pk_error *err)
{
	const char *sheet = sheet_for(doc);
	transform *t = NULL;
	pipeline *p = NULL;
	xmlDocPtr w = NULL, ir = NULL;
	char latest[64] = "";
	const char *params[11];
	int rc, np = 0;

	if (ir_out)
		*ir_out = NULL;
	if (sheet == NULL)
		return pk_error_set(err, PK_EINVAL, "unknown form '%s' (use pep1, pep2, myvoice or agenda)",
				    doc ? doc : "");
	if (keystage && !form_keystage_known(keystage))
		return pk_error_set(err, PK_EINVAL, "unknown key stage '%s' (use EYFS, KS1, KS2, KS3, "
				    "KS4 or post-16)", keystage);
	if (term == NULL && record && transform_latest_term(record, latest, sizeof(latest)) == PK_OK)
		term = latest;
	w = working_record(record, term);
	if (w == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");

	params[np++] = "form-term";
	params[np++] = term ? term : "";
	params[np++] = "blank";
	params[np++] = record ? "0" : "1";
	params[np++] = "doc";
	params[np++] = doc;
	if (keystage) {
		params[np++] = "keystage";
		params[np++] = keystage;
	}
	if (audience) {
		params[np++] = "audience";
		params[np++] = audience;
	}
	params[np] = NULL;

	t = transform_load(sheet, err);
	if (t == NULL) {
		rc = err ? err->code : PK_EINTERNAL;
		goto out;
	}
	ir = transform_apply(t, w, file ? file : "(blank form)", NULL, params, err);
	if (ir == NULL) {
		rc = err ? err->code : PK_EINTERNAL;
		goto out;
	}
	p = pipeline_new(NULL, 0, NULL, 0, 0, err);
	if (p == NULL) {
		rc = err ? err->code : PK_EINTERNAL;
		goto out;
	}
	if ((rc = pipeline_check_ir(p, ir, sheet, err)) != PK_OK)
		goto out;
	rc = docx_render(ir, out, err);
out:
	if (rc == PK_OK && ir_out) {
		*ir_out = ir;
		ir = NULL;
	}
	pipeline_free(p);
	transform_free(t);
	xmlFreeDoc(ir);
	xmlFreeDoc(w);
	return rc;
}

int form_remake(void *ctx, xmlDocPtr record, const char *doc, const char *audience,
		const char *term, pk_buf *as_sent, pk_buf *full, pk_error *err)
{
	const char *auds[1] = { audience };
	pipeline *p = pipeline_new(NULL, 0, auds, 1, 1, err);
	xmlDocPtr seen = NULL;
	int rc;

	(void)ctx;
	if (p == NULL)
		return err ? err->code : PK_EINTERNAL;
	rc = pipeline_check_record(p, record, "(the record)", err);
	if (rc == PK_OK)
		rc = pipeline_redact(p, record, 0, &seen, NULL, err);
	if (rc == PK_OK)
		rc = form_template(doc, seen, NULL, term, NULL,
				   pipeline_audience_is_full(p, 0) ? NULL : audience, as_sent, NULL, err);
	if (rc == PK_OK)
		rc = form_template(doc, record, NULL, term, NULL, NULL, full, NULL, err);
	if (seen != record)
		xmlFreeDoc(seen);
	pipeline_free(p);
	return rc;
}
