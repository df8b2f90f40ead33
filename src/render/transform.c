/*
 * transform.c: the XSLT stage. Compiles the project's stylesheets (stylesheets/NAME.xsl under
 * pk_datadir()) once, then turns a PEP record into the document IR for one term, with the
 * security prefs of xmlsafe.h on every transform. The stylesheets take two string parameters:
 * `term` (which term to document; always passed, after checking the record has it) and
 * `audience` (who the copy is for; may be absent); and, always, `redactions`: "none" when no
 * element of the record carries a redacted attribute (found by a walk of the tree here, far
 * cheaper than the engine's), else "some", so the stylesheets look for redacted elements only
 * when there are any. Errors the XSLT engine reports while
 * compiling or transforming (including a refused read, write or network access) make the call
 * fail with the engine's message, so a hostile or broken stylesheet never yields a half-made
 * document.
 */
#include "core/pepkit.h"
#include "render/transform.h"
#include "core/xmlsafe.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltutils.h>

/* Largest number of caller parameters (name/value pairs) transform_apply() accepts. */
#define MAX_PARAMS 16
/* Parameters transform_apply() always passes itself: term and redactions. */
#define OWN_PARAMS 2

struct transform {
	xsltStylesheetPtr style;
	char name[64];
};

/* What the XSLT engine reported through an error callback: its first two non-empty messages
 * (libxslt sends the location, "runtime error: file F line N element E", and the reason as
 * separate messages), joined by ": ". */
struct engine_error {
	int set;
	char msg[512];
};

/* Error callback for libxslt generic and transform errors: append the message (trimmed of
 * trailing newlines and spaces) to e until it holds two pieces; later ones are usually
 * consequences of the first. */
static void capture_error(void *data, const char *fmt, ...)
{
	struct engine_error *e = data;
	char piece[512];
	va_list ap;
	size_t n, used;

	if (e == NULL || e->set >= 2)
		return;
	va_start(ap, fmt);
	vsnprintf(piece, sizeof(piece), fmt, ap);
	va_end(ap);
	for (char *p = piece; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';   /* one message, one line */
	n = strlen(piece);
	while (n > 0 && (piece[n - 1] == '\n' || piece[n - 1] == ' '))
		piece[--n] = '\0';
	if (n == 0 || strcmp(piece, "error") == 0)
		return;
	used = strlen(e->msg);
	snprintf(e->msg + used, sizeof(e->msg) - used, "%s%s", e->set ? ": " : "", piece);
	e->set++;
}

/* Structured error callback for libxml2 (XPath and parser errors raised while a stylesheet is
 * compiled or applied): passes the message to capture_error(). */
static void capture_structured(void *data, xmlErrorPtr err)
{
	if (err != NULL && err->message != NULL)
		capture_error(data, "%s", err->message);
}

/* The libxml2 error handlers of the calling thread, saved while a capture is in place. */
struct saved_handlers {
	xmlGenericErrorFunc generic;
	void *generic_ctx;
	xmlStructuredErrorFunc structured;
	void *structured_ctx;
};

/* Route this thread's libxml2 errors to e (libxml2 keeps these handlers per thread, so other
 * threads are not affected); the old handlers go into saved for release_errors(). */
static void capture_errors(struct engine_error *e, struct saved_handlers *saved)
{
	saved->generic = xmlGenericError;
	saved->generic_ctx = xmlGenericErrorContext;
	saved->structured = xmlStructuredError;
	saved->structured_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(e, capture_error);
	xmlSetStructuredErrorFunc(e, capture_structured);
}

/* Put back the handlers capture_errors() saved. */
static void release_errors(const struct saved_handlers *saved)
{
	xmlSetGenericErrorFunc(saved->generic_ctx, saved->generic);
	xmlSetStructuredErrorFunc(saved->structured_ctx, saved->structured);
}

/* True if name is a plain stylesheet name (letters, digits, '-', '_'; 1..40 characters), so it
 * can never reach outside stylesheets/. */
static int valid_name(const char *name)
{
	size_t n = 0;

	if (name == NULL)
		return 0;
	for (; name[n] != '\0'; n++) {
		char c = name[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return n > 0 && n <= 40;
}

transform *transform_load(const char *name, pk_error *err)
{
	char path[4096];
	struct engine_error ee = { 0, "" };
	struct saved_handlers saved;
	transform *t = NULL;
	FILE *f;

	if (!valid_name(name)) {
		pk_error_set(err, PK_EINVAL, "stylesheet '%s': not a stylesheet name", name ? name : "");
		return NULL;
	}
	if (snprintf(path, sizeof(path), "%s/stylesheets/%s.xsl", pk_datadir(), name) >=
	    (int)sizeof(path)) {
		pk_error_set(err, PK_EINVAL, "stylesheet '%s': data folder path too long", name);
		return NULL;
	}
	f = fopen(path, "r");
	if (f == NULL) {
		pk_error_set(err, PK_EINVAL, "unknown document '%s': no stylesheet '%s'", name, path);
		return NULL;
	}
	fclose(f);
	t = calloc(1, sizeof(*t));
	if (t == NULL) {
		pk_error_set(err, PK_ENOMEM, "out of memory loading stylesheet '%s'", name);
		return NULL;
	}
	snprintf(t->name, sizeof(t->name), "%s", name);
	/* main thread only (see transform.h), so borrowing libxslt's global handler is safe */
	capture_errors(&ee, &saved);
	xsltSetGenericErrorFunc(&ee, capture_error);
	t->style = xsltParseStylesheetFile((const xmlChar *)path);
	xsltSetGenericErrorFunc(NULL, xmlsafe_discard);
	release_errors(&saved);
	if (t->style == NULL || t->style->errors > 0) {
		pk_error_set(err, PK_EINTERNAL, "stylesheet '%s' cannot be compiled: %s", path,
			     ee.set ? ee.msg : "not a valid XSLT stylesheet");
		transform_free(t);
		return NULL;
	}
	return t;
}

void transform_free(transform *t)
{
	if (t == NULL)
		return;
	if (t->style != NULL)
		xsltFreeStylesheet(t->style);
	free(t);
}

/* True if some element of record carries an attribute "redacted" (no namespace), as the
 * stylesheets' @redacted sees it (an iterative walk of the elements). */
static int has_redacted(xmlDocPtr record)
{
	xmlNodePtr root = xmlDocGetRootElement(record), n = root;

	while (n != NULL) {
		xmlNodePtr next;

		for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
			if (a->ns == NULL && xmlStrEqual(a->name, (const xmlChar *)"redacted"))
				return 1;
		/* next in document order: the first child, else the next sibling of n or of the
		 * nearest ancestor below root that has one */
		next = xmlFirstElementChild(n);
		while (next == NULL && n != root) {
			next = xmlNextElementSibling(n);
			n = n->parent;
		}
		n = next;
	}
	return 0;
}

/* The terms element of record (/pep-record/terms), or NULL. */
static xmlNodePtr terms_node(xmlDocPtr record)
{
	xmlNodePtr root = record ? xmlDocGetRootElement(record) : NULL;

	if (root == NULL || !xmlStrEqual(root->name, (const xmlChar *)"pep-record"))
		return NULL;
	for (xmlNodePtr n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)"terms"))
			return n;
	return NULL;
}

/* True if record has a term whose id is term. */
static int has_term(xmlDocPtr record, const char *term)
{
	xmlNodePtr terms = terms_node(record);
	int found = 0;

	for (xmlNodePtr n = terms ? terms->children : NULL; n != NULL && !found; n = n->next) {
		xmlChar *id;

		if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, (const xmlChar *)"term"))
			continue;
		id = xmlGetNoNsProp(n, (const xmlChar *)"id");
		found = id != NULL && strcmp((const char *)id, term) == 0;
		xmlFree(id);
	}
	return found;
}

/* The record's term ids, oldest first, comma-separated, into out (size bytes; cut with "..."
 * when they do not fit; "" when none). */
static void term_list(xmlDocPtr record, char *out, size_t size)
{
	xmlNodePtr terms = terms_node(record);
	size_t used = 0;

	out[0] = '\0';
	for (xmlNodePtr n = terms ? terms->children : NULL; n != NULL; n = n->next) {
		xmlChar *id;

		if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, (const xmlChar *)"term"))
			continue;
		id = xmlGetNoNsProp(n, (const xmlChar *)"id");
		if (id != NULL && used + strlen((const char *)id) + 8 < size) {
			snprintf(out + used, size - used, "%s%.40s", used ? ", " : "", (const char *)id);
			used += strlen(out + used);
		} else if (id != NULL && used + 5 < size) {
			snprintf(out + used, size - used, ", ...");
			used = size;   /* nothing more fits */
		}
		xmlFree(id);
	}
}

int transform_latest_term(xmlDocPtr record, char *buf, size_t size)
{
	xmlNodePtr terms = terms_node(record), last = NULL;
	xmlChar *id;
	int rc = PK_EINVAL;

	if (size > 0)
		buf[0] = '\0';
	for (xmlNodePtr n = terms ? terms->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)"term"))
			last = n;
	if (last == NULL)
		return PK_EINVAL;
	id = xmlGetNoNsProp(last, (const xmlChar *)"id");
	if (id != NULL && id[0] != '\0' && strlen((const char *)id) < size) {
		memcpy(buf, id, strlen((const char *)id) + 1);
		rc = PK_OK;
	}
	xmlFree(id);
	return rc;
}

xmlDocPtr transform_apply(transform *t, xmlDocPtr record, const char *file, const char *term,
			  const char *const *params, pk_error *err)
{
	const char *all[2 * (MAX_PARAMS + OWN_PARAMS) + 1];
	char latest[64];
	struct engine_error ee = { 0, "" };
	struct saved_handlers saved;
	xsltTransformContextPtr ctxt = NULL;
	xmlDocPtr out = NULL;
	size_t n = 0;

	if (file == NULL)
		file = "record";
	if (t == NULL || t->style == NULL) {
		pk_error_set(err, PK_EINTERNAL, "'%s': no stylesheet loaded", file);
		return NULL;
	}
	if (terms_node(record) == NULL) {
		pk_error_set(err, PK_EINVAL, "'%s': not a PEP record (no /pep-record/terms)", file);
		return NULL;
	}
	if (term == NULL) {
		if (transform_latest_term(record, latest, sizeof(latest)) != PK_OK) {
			pk_error_set(err, PK_EINVAL, "'%s': the record has no term", file);
			return NULL;
		}
		term = latest;
	} else if (!has_term(record, term)) {
		char have[200];

		term_list(record, have, sizeof(have));
		pk_error_set(err, PK_EINVAL, "'%s': term '%s' is not in the record (it has %s)", file, term,
			     have[0] ? have : "no terms");
		return NULL;
	}
	all[n++] = "term";
	all[n++] = term;
	all[n++] = "redactions";
	all[n++] = has_redacted(record) ? "some" : "none";
	for (size_t i = 0; params != NULL && params[i] != NULL; i += 2) {
		if (params[i + 1] == NULL || i / 2 >= MAX_PARAMS) {
			pk_error_set(err, PK_EINTERNAL, "'%s': bad stylesheet parameter list", file);
			return NULL;
		}
		all[n++] = params[i];
		all[n++] = params[i + 1];
	}
	all[n] = NULL;

	ctxt = xsltNewTransformContext(t->style, record);
	if (ctxt == NULL) {
		pk_error_set(err, PK_ENOMEM, "'%s': out of memory starting the transform", file);
		return NULL;
	}
	xsltSetTransformErrorFunc(ctxt, &ee, capture_error);
	if (xsltSetCtxtSecurityPrefs(xmlsafe_xslt_prefs(), ctxt) != 0 ||
	    xsltQuoteUserParams(ctxt, all) != 0) {
		pk_error_set(err, PK_EINTERNAL, "'%s': stylesheet '%s': cannot set up the transform%s%s",
			     file, t->name, ee.set ? ": " : "", ee.msg);
		goto out;
	}
	capture_errors(&ee, &saved);
	out = xsltApplyStylesheetUser(t->style, record, NULL, NULL, NULL, ctxt);
	release_errors(&saved);
	if (out == NULL || ee.set || ctxt->state != XSLT_STATE_OK ||
	    xmlDocGetRootElement(out) == NULL) {
		pk_error_set(err, PK_EINTERNAL, "'%s': stylesheet '%s' failed for term '%s': %s", file,
			     t->name, term, ee.set ? ee.msg : "no document produced");
		xmlFreeDoc(out);
		out = NULL;
	}
out:
	xsltFreeTransformContext(ctxt);
	return out;
}
