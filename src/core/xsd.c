/*
 * xsd.c: compile pepkit's schemas and check documents against them (see xsd.h).
 */
#include "core/pepkit.h"
#include "core/xsd.h"
#include "core/xmlsafe.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* First validation error, kept by the structured error callback below. */
struct first_error {
	int set;
	int line;
	char field[256];  /* where: "relay/@port", "roles/role" ("" when libxml2 gives no node) */
	char msg[660];   /* field, ": " and up to 400 bytes of words */
};

/* The field path of node n: element names below the root, '/'-separated, and "/@NAME" for an
 * attribute ("relay/@port"); the root itself is its name. Written into out (size bytes). */
static void field_path(xmlNodePtr n, char *out, size_t size)
{
	const char *parts[32];
	int np = 0, attr = 0;
	size_t used = 0;

	out[0] = '\0';
	if (n != NULL && n->type == XML_ATTRIBUTE_NODE) {
		parts[np++] = (const char *)n->name;
		attr = 1;
		n = n->parent;
	}
	for (; n && n->type == XML_ELEMENT_NODE && np < 32; n = n->parent)
		if (n->parent && n->parent->type == XML_ELEMENT_NODE)   /* not the root */
			parts[np++] = (const char *)n->name;
		else if (np == attr)  /* the root and nothing below it: name it */
			parts[np++] = (const char *)n->name;
	for (int i = np - 1; i >= 0 && used + 1 < size; i--) {
		snprintf(out + used, size - used, "%s%s%s", used ? "/" : "", i == 0 && attr ? "@" : "", parts[i]);
		used += strlen(out + used);
	}
}

/* The text of s between the first copy of from and the next copy of to (or the end) into out
 * (size bytes); "" when from is not in s. Returns a pointer after it, or NULL. */
static const char *cut(const char *s, const char *from, const char *to, char *out, size_t size)
{
	const char *a = s ? strstr(s, from) : NULL, *b;

	out[0] = '\0';
	if (a == NULL)
		return NULL;
	a += strlen(from);
	b = to ? strstr(a, to) : NULL;
	snprintf(out, size, "%.*s", (int)(b ? (size_t)(b - a) : strlen(a)), a);
	return b ? b + strlen(to) : a + strlen(a);
}

/* Say libxml2's schema message m (its "Element 'x', attribute 'y': " prefix already cut) in
 * pepkit's words where it is one of the common ones: a value not in a list, over or under a
 * limit, not a date or number, an element or attribute out of place. Others are kept, with a
 * lowercase first letter. Writes out (size bytes). */
static void plain_words(const char *m, char *out, size_t size)
{
	char v[160], t[200];

	if (strstr(m, "[facet 'enumeration']")) {
		cut(m, "The value '", "' is not an element of the set", v, sizeof(v));
		cut(m, "{", "}", t, sizeof(t));
		snprintf(out, size, "'%s' is not one of %s", v, t);
	} else if (strstr(m, "[facet 'maxInclusive']") || strstr(m, "[facet 'minInclusive']")) {
		cut(m, "The value '", "' is", v, sizeof(v));
		cut(m, "('", "')", t, sizeof(t));
		snprintf(out, size, "%s is %s the limit of %s", v, strstr(m, "'max") ? "over" : "under", t);
	} else if (strstr(m, "is not a valid value of the atomic type")) {
		cut(m, "'", "' is not a valid value", v, sizeof(v));
		cut(m, "atomic type '", "'", t, sizeof(t));
		snprintf(out, size, "'%s' is not %s", v,
			 strcmp(t, "xs:date") == 0 || strcmp(t, "date") == 0 ? "a date (YYYY-MM-DD)" :
			 strstr(t, "nteger") || strstr(t, "Integer") ? "a whole number" :
			 strcmp(t, "xs:decimal") == 0 ? "a number" :
			 strcmp(t, "xs:boolean") == 0 ? "true or false" : "a valid value");
	} else if (strstr(m, "This element is not expected")) {
		if (cut(m, "Expected is ( ", " )", t, sizeof(t)) || cut(m, "Expected is one of ( ", " )", t, sizeof(t)))
			snprintf(out, size, "element not expected here; expected %s", t);
		else
			snprintf(out, size, "element not expected here");
	} else if (strstr(m, "Missing child element(s)")) {
		if (cut(m, "Expected is ( ", " )", t, sizeof(t)) || cut(m, "Expected is one of ( ", " )", t, sizeof(t)))
			snprintf(out, size, "missing child element; expected %s", t);
		else
			snprintf(out, size, "missing child element");
	} else if (strstr(m, "is required but missing")) {
		cut(m, "The attribute '", "'", t, sizeof(t));
		snprintf(out, size, "required attribute '%s' is missing", t);
	} else if (strstr(m, "The attribute '") && strstr(m, "is not allowed")) {
		snprintf(out, size, "not allowed here");  /* the field names the attribute */
	} else {
		snprintf(out, size, "%s", m);
		if (out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'a' && out[1] <= 'z')
			out[0] = (char)(out[0] - 'A' + 'a');
	}
}

/* Structured error callback: keep the first error, without libxml2's trailing newline, as
 * "FIELD: what is wrong" in pepkit's words where it can. */
static void keep_first(void *data, xmlErrorPtr e)
{
	struct first_error *fe = data;
	char raw[512];
	const char *m;
	size_t n;

	if (fe->set || e == NULL || e->level < XML_ERR_ERROR)
		return;
	fe->set = 1;
	fe->line = e->line;
	snprintf(raw, sizeof(raw), "%s", e->message ? e->message : "invalid");
	n = strlen(raw);
	while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == ' ' || raw[n - 1] == '.'))
		raw[--n] = '\0';
	field_path(e->node, fe->field, sizeof(fe->field));
	/* libxml2 starts with "Element 'relay', attribute 'port': " (or "Element 'relay': "); the
	 * node it gives is the element, so the attribute is named from the text */
	m = raw;
	if (strncmp(m, "Element '", 9) == 0 && strstr(m, "': ") != NULL) {
		char attr[128];
		size_t used = strlen(fe->field);

		if (cut(m, "', attribute '", "': ", attr, sizeof(attr)) != NULL && attr[0] && fe->field[0])
			snprintf(fe->field + used, sizeof(fe->field) - used, "/@%s", attr);
		m = strstr(m, "': ") + 3;
	}
	if (fe->field[0] && m != raw) {
		char words[400];

		plain_words(m, words, sizeof(words));
		snprintf(fe->msg, sizeof(fe->msg), "%s: %s", fe->field, words);
	} else {
		snprintf(fe->msg, sizeof(fe->msg), "%s", raw);
	}
}

xmlSchemaPtr xsd_load(const char *name, pk_error *err)
{
	char path[PATH_MAX];
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr s;

	if (snprintf(path, sizeof(path), "%s/schemas/%s", pk_datadir(), name) >= (int)sizeof(path)) {
		pk_error_set(err, PK_EIO, "cannot load schema '%s': path too long", name);
		return NULL;
	}
	pc = xmlSchemaNewParserCtxt(path);
	if (pc == NULL) {
		pk_error_set(err, PK_ENOMEM, "out of memory loading '%s'", path);
		return NULL;
	}
	xmlSchemaSetParserStructuredErrors(pc, NULL, NULL);
	s = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (s == NULL)
		pk_error_set(err, PK_EIO, "cannot load schema '%s'", path);
	return s;
}

int xsd_check(xmlSchemaPtr schema, xmlDocPtr doc, const char *path, const char *what, pk_error *err)
{
	struct first_error fe = { 0, 0, "", "" };
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	int v;

	if (vc == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory validating '%s'", path);
	xmlSchemaSetValidStructuredErrors(vc, keep_first, &fe);
	v = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	if (v == 0)
		return PK_OK;
	if (v < 0)
		return pk_error_set(err, PK_EINTERNAL, "'%s': validation failed to run", path);
	if (fe.set)
		return pk_error_set(err, PK_EINVAL, "'%s' line %d: not a valid %s: %s", path, fe.line,
				    what, fe.msg);
	return pk_error_set(err, PK_EINVAL, "'%s': not a valid %s", path, what);
}

int xsd_check_once(const char *name, xmlDocPtr doc, const char *path, const char *what, pk_error *err)
{
	xmlSchemaPtr s = xsd_load(name, err);
	int rc;

	if (s == NULL)
		return err ? err->code : PK_EIO;
	rc = xsd_check(s, doc, path, what, err);
	xmlSchemaFree(s);
	return rc;
}

xmlDocPtr xsd_read_valid(const char *path, const char *name, const char *what, pk_error *err)
{
	xmlDocPtr doc = xmlsafe_read_file(path, err);

	if (doc != NULL && xsd_check_once(name, doc, path, what, err) != PK_OK) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}
