/*
 * pipeline.c: the per-child stages wired together (see pipeline.h).
 */
#include "core/pepkit.h"
#include "batch/pipeline.h"
#include "core/buf.h"
#include "render/docx.h"
#include "render/font.h"
#include "render/pdf.h"
#include "render/pdfa.h"
#include "record/redact.h"
#include "render/transform.h"
#include "record/validate.h"
#include "core/xmlsafe.h"
#include "core/xsd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <hb.h>
#include <fribidi.h>
#include <hpdf.h>
#include <libxml/xmlversion.h>
#include <libxslt/xsltconfig.h>
#include <libxslt/xslt.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

struct pipeline {
	validator *validator;             /* NULL when records are not validated */
	xmlSchemaPtr ir_schema;           /* NULL until pipeline_check_ir() first needs it */
	int ndocs;
	char *doc_names[PIPELINE_MAX_DOCS];
	transform *docs[PIPELINE_MAX_DOCS];
	int naudiences;
	redact_profile *audiences[PIPELINE_MAX_AUDIENCES];
	char *aud_specs[PIPELINE_MAX_AUDIENCES];            /* as given, for the profiles' files */
	char fp[FP_HEX_LEN + 1];                           /* see pipeline_fingerprint() */
	char doc_fp[PIPELINE_MAX_DOCS][FP_HEX_LEN + 1];
	char aud_fp[PIPELINE_MAX_AUDIENCES][FP_HEX_LEN + 1];
};

/* Add the stylesheet at path and (depth-first, at most 8 deep) every stylesheet it includes or
 * imports to c. PK_OK or a PK_E* code with err. */
static int add_stylesheet(fp_ctx *c, const char *path, int depth, pk_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	char dir[PATH_MAX], sub[PATH_MAX + 256];
	const char *slash = strrchr(path, '/');
	int rc;

	if (depth > 8)
		return pk_error_set(err, PK_ELIMIT, "'%s': stylesheet includes nested over 8 deep", path);
	if ((rc = fp_add_file(c, "stylesheet", path, err)) != PK_OK)
		return rc;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
	if ((doc = xmlsafe_read_file(path, err)) == NULL)
		return err->code;
	root = xmlDocGetRootElement(doc);
	for (xmlNodePtr n = root ? root->children : NULL; rc == PK_OK && n; n = n->next) {
		xmlChar *href;

		if (n->type != XML_ELEMENT_NODE || (!xmlStrEqual(n->name, BAD_CAST "include") &&
						    !xmlStrEqual(n->name, BAD_CAST "import")))
			continue;
		if ((href = xmlGetProp(n, BAD_CAST "href")) == NULL)
			continue;
		if ((href[0] == '/' ? snprintf(sub, sizeof(sub), "%s", (const char *)href) :
		     snprintf(sub, sizeof(sub), "%s/%.200s", dir, (const char *)href)) >= (int)sizeof(sub)) {
			xmlFree(href);
			rc = pk_error_set(err, PK_ELIMIT, "'%s': an included stylesheet's path is too long", path);
			break;
		}
		xmlFree(href);
		rc = add_stylesheet(c, sub, depth + 1, err);
	}
	xmlFreeDoc(doc);
	return rc;
}

/* The audience profile's file, as redact_profile_load() finds it: a name with a '/' or ending
 * .xml is a path, else templates/audiences/NAME.xml in the data folder. */
static void audience_path(const char *name, char *path, size_t size)
{
	size_t n = strlen(name);

	if (strchr(name, '/') != NULL || (n > 4 && strcmp(name + n - 4, ".xml") == 0))
		snprintf(path, size, "%s", name);
	else
		snprintf(path, size, "%s/templates/audiences/%s.xml", pk_datadir(), name);
}

int pipeline_fingerprints(pipeline *p, pk_error *err)
{
	fp_ctx *c = fp_new();
	char path[PATH_MAX];
	int rc = PK_OK;

	if (c == NULL)
		return pk_error_set(err, PK_EINTERNAL, "cannot fingerprint the pipeline: %s", fp_why_not());
	fp_add_field(c, "pepkit", PEPKIT_VERSION);
	/* the code that shapes every document: pepkit's own (the program's bytes, so a fix in
	 * redaction or layout makes earlier copies out of date even with the same version), the
	 * libraries' versions, and the fonts it draws with */
	if ((rc = fp_add_file(c, "program", "/proc/self/exe", err)) != PK_OK)
		goto out;
	{
		char icu[U_MAX_VERSION_STRING_LENGTH];
		UVersionInfo v;

		u_getVersion(v);
		u_versionToString(v, icu);
		fp_add_field(c, "libxml2", xmlParserVersion);
		fp_add_field(c, "libxslt", xsltEngineVersion);
		fp_add_field(c, "harfbuzz", hb_version_string());
		fp_add_field(c, "fribidi", fribidi_version_info);   /* orders right-to-left text */
		fp_add_field(c, "libharu", HPDF_GetVersion());
		fp_add_field(c, "icu", icu);
	}
	if ((rc = font_fingerprint(c, err)) != PK_OK)
		goto out;
	/* the ICC profile the full record copies embed as PDF/A */
	if ((rc = pdfa_fingerprint(c, err)) != PK_OK)
		goto out;
	fp_add_field(c, "validate", p->validator ? "yes" : "no");
	snprintf(path, sizeof(path), "%s/schemas/pep.xsd", pk_datadir());
	if (p->validator && (rc = fp_add_file(c, "schema", path, err)) != PK_OK)
		goto out;
	snprintf(path, sizeof(path), "%s/schemas/document.xsd", pk_datadir());
	if ((rc = fp_add_file(c, "schema", path, err)) != PK_OK)
		goto out;
	fp_final(c, p->fp);
	for (int d = 0; d < p->ndocs; d++) {
		fp_reset(c);
		fp_add_field(c, "doc", p->doc_names[d]);
		snprintf(path, sizeof(path), "%s/stylesheets/%s.xsl", pk_datadir(), p->doc_names[d]);
		if ((rc = add_stylesheet(c, path, 0, err)) != PK_OK)
			goto out;
		fp_final(c, p->doc_fp[d]);
	}
	for (int a = 0; a < p->naudiences; a++) {
		fp_reset(c);
		fp_add_field(c, "audience", redact_profile_name(p->audiences[a]));
		audience_path(p->aud_specs[a], path, sizeof(path));
		if ((rc = fp_add_file(c, "profile", path, err)) != PK_OK)
			goto out;
		fp_final(c, p->aud_fp[a]);
	}
out:
	fp_free(c);
	return rc;
}

const char *pipeline_fingerprint(const pipeline *p)
{
	return p->fp;
}

const char *pipeline_doc_fingerprint(const pipeline *p, int d)
{
	return p->doc_fp[d];
}

const char *pipeline_audience_fingerprint(const pipeline *p, int a)
{
	return a >= 0 && a < p->naudiences ? p->aud_fp[a] : "none";
}


pipeline *pipeline_new(const char *const *docs, int ndocs, const char *const *audiences,
		       int naudiences, int validate, pk_error *err)
{
	pipeline *p = calloc(1, sizeof(*p));

	if (p == NULL) {
		pk_error_set(err, PK_ENOMEM, "out of memory");
		return NULL;
	}
	if (ndocs > PIPELINE_MAX_DOCS || naudiences > PIPELINE_MAX_AUDIENCES) {
		pk_error_set(err, PK_EINVAL, "too many document types or audiences");
		goto fail;
	}
	if (validate && (p->validator = validate_new(err)) == NULL)
		goto fail;
	for (int i = 0; i < ndocs; i++) {
		p->doc_names[i] = strdup(docs[i]);
		p->ndocs = i + 1;
		if (p->doc_names[i] == NULL) {
			pk_error_set(err, PK_ENOMEM, "out of memory");
			goto fail;
		}
		if ((p->docs[i] = transform_load(docs[i], err)) == NULL)
			goto fail;
	}
	for (int i = 0; i < naudiences; i++) {
		if ((p->aud_specs[i] = strdup(audiences[i])) == NULL) {
			pk_error_set(err, PK_ENOMEM, "out of memory");
			goto fail;
		}
		if ((p->audiences[i] = redact_profile_load(audiences[i], err)) == NULL) {
			free(p->aud_specs[i]);
			p->aud_specs[i] = NULL;
			goto fail;
		}
		p->naudiences = i + 1;
	}
	return p;
fail:
	pipeline_free(p);
	return NULL;
}

void pipeline_free(pipeline *p)
{
	if (p == NULL)
		return;
	validate_free(p->validator);
	xmlSchemaFree(p->ir_schema);
	for (int i = 0; i < p->ndocs; i++) {
		free(p->doc_names[i]);
		transform_free(p->docs[i]);
	}
	for (int i = 0; i < PIPELINE_MAX_AUDIENCES; i++) {
		redact_profile_free(p->audiences[i]);
		free(p->aud_specs[i]);
	}
	free(p);
}

int pipeline_ndocs(const pipeline *p)
{
	return p->ndocs;
}

const char *pipeline_doc_name(const pipeline *p, int i)
{
	return p->doc_names[i];
}

int pipeline_naudiences(const pipeline *p)
{
	return p->naudiences;
}

const char *pipeline_audience_name(const pipeline *p, int i)
{
	return redact_profile_name(p->audiences[i]);
}

/* Collects validation problems: keeps the first as the message, counts the rest. */
struct problems {
	int count;
	char first[900];
};

/* validate_report_fn: remember the first problem, count all. */
static void on_problem(void *ctx, const char *file, int line, const char *field, const char *message)
{
	struct problems *pr = ctx;

	if (pr->count++ == 0)
		snprintf(pr->first, sizeof(pr->first), "'%s' line %d: %s: %s", file, line, field, message);
}

int pipeline_check_record(const pipeline *p, xmlDocPtr doc, const char *file, pk_error *err)
{
	struct problems pr = { 0, "" };
	xmlNodePtr root = xmlDocGetRootElement(doc);
	int rc;

	if (root == NULL || !xmlStrEqual(root->name, BAD_CAST "pep-record"))
		return pk_error_set(err, PK_EINVAL,
				    "'%s' line %d: not a PEP record (root element is '%s', expected 'pep-record')",
				    file, root ? (int)xmlGetLineNo(root) : 0,
				    root ? (const char *)root->name : "");
	if (p->validator == NULL)
		return validate_collapse_attributes(root) == PK_OK ? PK_OK : pk_error_set(err, PK_ENOMEM, "out of memory");
	rc = validate_record(p->validator, doc, file, on_problem, &pr, err);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return validate_collapse_attributes(root) == PK_OK ? PK_OK : pk_error_set(err, PK_ENOMEM, "out of memory");
	if (pr.count > 1)
		return pk_error_set(err, PK_EINVAL, "%s (and %d more problem%s; see 'pepkit validate')",
				    pr.first, pr.count - 1, pr.count > 2 ? "s" : "");
	return pk_error_set(err, PK_EINVAL, "%s", pr.first);
}

xmlDocPtr pipeline_load_record(const pipeline *p, const char *file, pk_error *err)
{
	xmlDocPtr doc = xmlsafe_read_file(file, err);

	if (doc != NULL && pipeline_check_record(p, doc, file, err) != PK_OK) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

xmlDocPtr pipeline_load_record_fp(const pipeline *p, const char *file, char fp[FP_HEX_LEN + 1],
				  pk_error *err)
{
	xmlDocPtr doc = xmlsafe_read_file_fp(file, fp, err);

	if (doc != NULL && pipeline_check_record(p, doc, file, err) != PK_OK) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

int pipeline_check_ir(pipeline *p, xmlDocPtr ir, const char *file, pk_error *err)
{
	if (p->ir_schema == NULL && (p->ir_schema = xsd_load("document.xsd", err)) == NULL)
		return err ? err->code : PK_EINTERNAL;
	return xsd_check(p->ir_schema, ir, file, "pepkit document", err);
}

int pipeline_redact(const pipeline *p, xmlDocPtr record, int a, xmlDocPtr *out, redact_log *log,
		    pk_error *err)
{
	xmlDocPtr copy;
	int rc;

	*out = NULL;
	if (log != NULL)
		memset(log, 0, sizeof(*log));
	if (a < 0 || redact_profile_is_full(p->audiences[a])) {
		*out = record;
		return PK_OK;
	}
	copy = xmlCopyDoc(record, 1);
	if (copy == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory copying a record for redaction");
	rc = redact_apply(p->audiences[a], copy, log, err);
	if (rc != PK_OK) {
		xmlFreeDoc(copy);
		return rc;
	}
	*out = copy;
	return PK_OK;
}

int pipeline_audience_is_full(const pipeline *p, int a)
{
	return a < 0 || a >= p->naudiences || redact_profile_is_full(p->audiences[a]);
}

int pipeline_redaction_log(const pipeline *p, int a, const redact_log *log, const char *child_id,
			   const char *term, pk_buf *out)
{
	int rc = buf_printf(out, "pepkit redaction log\nchild id: %s\nterm: %s\n", child_id, term);

	return rc == PK_OK ? redact_log_write(p->audiences[a], log, 0, out) : rc;
}

xmlDocPtr pipeline_transform(const pipeline *p, xmlDocPtr record, const char *file, int d,
			     const char *term, int a, pk_error *err)
{
	const char *params[3] = { NULL, NULL, NULL };

	if (a >= 0) {
		params[0] = "audience";
		params[1] = redact_profile_name(p->audiences[a]);
	}
	return transform_apply(p->docs[d], record, file, term, params, err);
}

int pipeline_render(xmlDocPtr ir, enum pipeline_format format, pk_buf *out, int *pages, pk_error *err)
{
	if (pages != NULL)
		*pages = 0;
	if (format == PIPELINE_DOCX)
		return docx_render(ir, out, err);
	return pdf_render(ir, out, pages, err);
}

int pipeline_render_pdfa(xmlDocPtr ir, const char *date, pk_buf *out, int *pages, pk_error *err)
{
	pdf_opts o = { 1, date };

	if (pages != NULL)
		*pages = 0;
	return pdf_render_ex(ir, &o, out, pages, err);
}

/* 1 if s is a term id as the schema allows it here (letters, digits, '-'; 1..31 chars), so it
 * can be quoted in an XPath expression. */
static int term_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 31)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

int pipeline_doc_date(xmlDocPtr record, const char *term, char date[11])
{
	char expr[256], sel[96];

	date[0] = '\0';
	if (term && !term_ok(term))
		return PK_EINVAL;
	if (term)
		snprintf(sel, sizeof(sel), "/pep-record/terms/term[@id='%s']", term);
	else
		snprintf(sel, sizeof(sel), "/pep-record/terms/term[last()]");
	snprintf(expr, sizeof(expr), "string(%s/meeting/@date)", sel);
	if (pipeline_xpath_string(record, expr, date, 11) == PK_OK && strlen(date) == 10)
		return PK_OK;
	snprintf(expr, sizeof(expr), "string(%s/@start)", sel);
	if (pipeline_xpath_string(record, expr, date, 11) == PK_OK && strlen(date) == 10)
		return PK_OK;
	date[0] = '\0';
	return PK_EINVAL;
}

const char *pipeline_format_ext(enum pipeline_format format)
{
	return format == PIPELINE_DOCX ? "docx" : "pdf";
}

int pipeline_parse_formats(const char *list)
{
	int mask = 0;
	char tmp[64];
	char *save = NULL;

	if (snprintf(tmp, sizeof(tmp), "%s", list) >= (int)sizeof(tmp))
		return 0;
	for (char *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "pdf") == 0)
			mask |= PIPELINE_PDF;
		else if (strcmp(t, "docx") == 0)
			mask |= PIPELINE_DOCX;
		else
			return 0;
	}
	return mask;
}

/* A record that does not parse as a whole (cut short, broken after its child's details):
 * the child's names and id, read by streaming up to where it breaks (xmlsafe_peek_text()), in a
 * new document <pep-record><child>..</child></pep-record> for validate_id_names_child(); NULL
 * when none of the names can be read (nothing is then known of the child). Owned by the
 * caller (xmlFreeDoc). */
static xmlDocPtr peek_child_names(const char *file)
{
	static const char *const paths[] = { "legal-name/given", "legal-name/family", "preferred-name",
					     "la-child-id" };
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root, c, legal;
	int names = 0;

	if (doc == NULL || (root = xmlNewDocNode(doc, NULL, BAD_CAST "pep-record", NULL)) == NULL)
		goto fail;
	xmlDocSetRootElement(doc, root);
	if ((c = xmlNewChild(root, NULL, BAD_CAST "child", NULL)) == NULL ||
	    (legal = xmlNewChild(c, NULL, BAD_CAST "legal-name", NULL)) == NULL)
		goto fail;
	for (size_t i = 0; i < PK_ARRAY_LEN(paths); i++) {
		char path[64], v[256];
		pk_error e;
		int legal_part = strncmp(paths[i], "legal-name/", 11) == 0;

		pk_error_clear(&e);
		snprintf(path, sizeof(path), "pep-record/child/%s", paths[i]);
		if (xmlsafe_peek_text(file, path, v, sizeof(v), &e) != 1 || v[0] == '\0')
			continue;
		if (xmlNewTextChild(legal_part ? legal : c, NULL,
				    BAD_CAST (legal_part ? paths[i] + 11 : paths[i]), BAD_CAST v) == NULL)
			goto fail;
		names += i < 3;
	}
	if (names > 0)
		return doc;
fail:
	xmlFreeDoc(doc);
	return NULL;
}

int pipeline_path_label(xmlDocPtr rec, const char *file, char *label, size_t size, pk_error *err)
{
	pk_error perr;
	xmlDocPtr peek;
	char id[64] = "";
	int hit;

	pk_error_clear(&perr);
	peek = rec ? rec : xmlsafe_read_file(file, &perr);
	if (peek == NULL && perr.code == PK_EINVAL)   /* not well-formed (never short of memory) */
		peek = peek_child_names(file);
	hit = peek != NULL && validate_id_names_child(peek, file);
	if (hit) {
		pipeline_xpath_string(peek, "string(/pep-record/child/la-child-id)", id, sizeof(id));
		/* an id as ids are (letters, digits, '.', '_', '-'), else none: never the name */
		for (const char *c = id; *c; c++)
			if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
			      *c == '.' || *c == '_' || *c == '-') || validate_id_names_child(peek, id))
				id[0] = '\0';
		snprintf(label, size, "record of %s (path withheld: it holds the child's name)",
			 id[0] ? id : "a child");
		if (err != NULL)
			buf_replace_all(err->msg, sizeof(err->msg), file, label);
	}
	if (peek != rec)
		xmlFreeDoc(peek);
	return hit;
}

int pipeline_xpath_string(xmlDocPtr doc, const char *expr, char *buf, size_t size)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr obj = NULL;
	int rc = PK_EINVAL;

	if (size > 0)
		buf[0] = '\0';
	if (ctx == NULL)
		return PK_ENOMEM;
	obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	if (obj != NULL && obj->type == XPATH_STRING && obj->stringval) {
		/* as the schema reads a token, an id or a date: white space collapsed, none at the
		 * ends ("\n LA-512093\t" is LA-512093, never a second child or a file name) */
		char *v = buf_collapse_spaces((const char *)obj->stringval);

		if (v == NULL)
			rc = PK_ENOMEM;
		else if (v[0]) {
			snprintf(buf, size, "%s", v);
			rc = PK_OK;
		}
		free(v);
	}
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return rc;
}

/* The path of element e below the root ("child/legal-name/given") into buf (size bytes). */
static void field_path(xmlNodePtr e, char *buf, size_t size)
{
	const char *parts[16];
	int n = 0;
	size_t len = 0;

	for (; e && e->type == XML_ELEMENT_NODE && e->parent && e->parent->type == XML_ELEMENT_NODE && n < 16;
	     e = e->parent)
		parts[n++] = (const char *)e->name;
	buf[0] = '\0';
	while (n-- > 0 && len + 1 < size)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "/" : "", parts[n]);
}

/* 1 when text element e holds a name: given/family of a legal name, a preferred name, a
 * person's name. */
static int is_name_field(xmlNodePtr e)
{
	xmlNodePtr up = e->parent;

	if (xmlStrEqual(e->name, BAD_CAST "preferred-name"))
		return 1;
	if ((xmlStrEqual(e->name, BAD_CAST "given") || xmlStrEqual(e->name, BAD_CAST "family")) && up &&
	    up->type == XML_ELEMENT_NODE && xmlStrEqual(up->name, BAD_CAST "legal-name"))
		return 1;
	return xmlStrEqual(e->name, BAD_CAST "name") && up && up->type == XML_ELEMENT_NODE &&
	       xmlStrEqual(up->name, BAD_CAST "person");
}

int pipeline_check_text(xmlDocPtr record, const char *file, char *warn, size_t warnlen, pk_error *err)
{
	const font_chain *c = font_chain_get(err);
	xmlNodePtr n = record ? xmlDocGetRootElement(record) : NULL;

	if (warn && warnlen)
		warn[0] = '\0';
	if (!c)
		return err ? err->code : PK_EIO;
	/* depth-first over the tree without recursion (records are bounded, but deep input is not
	 * a reason to use the stack) */
	while (n) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content && n->parent &&
		    n->parent->type == XML_ELEMENT_NODE) {
			uint32_t cp = font_missing(c, (const char *)n->content, (size_t)xmlStrlen(n->content));

			if (cp) {
				char field[256], uname[96];
				UErrorCode st = U_ZERO_ERROR;

				field_path(n->parent, field, sizeof(field));
				if (u_charName((UChar32)cp, U_UNICODE_CHAR_NAME, uname, (int32_t)sizeof(uname), &st) <= 0 ||
				    U_FAILURE(st))
					snprintf(uname, sizeof(uname), "unnamed");
				if (is_name_field(n->parent))
					return pk_error_set(err, PK_EINVAL, "'%s' line %ld: %s: character U+%04X (%s) is in "
							    "no font of the chain (templates/fonts.conf)", file,
							    xmlGetLineNo(n->parent), field, (unsigned)cp, uname);
				if (warn && warnlen && !warn[0])
					snprintf(warn, warnlen, "'%s' line %ld: %s: character U+%04X (%s) is in no font "
						 "of the chain (templates/fonts.conf)", file, xmlGetLineNo(n->parent), field,
						 (unsigned)cp, uname);
			}
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next && n->parent && n->parent->type != XML_DOCUMENT_NODE)
			n = n->parent;
		n = n && n->parent && n->parent->type != XML_DOCUMENT_NODE ? n->next : NULL;
	}
	return PK_OK;
}
