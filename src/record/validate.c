/*
 * validate.c: PEP record validation. First schemas/pep.xsd (compiled once by validate_new(),
 * checked per record with a fresh xmlSchemaValidCtxt, its errors rewritten into short lowercase
 * messages on a readable field path), then the rules XSD cannot express, one function each,
 * listed in the rules[] table at the end. Every problem goes out through report(), which
 * computes the field path and line, cleans the text (no control characters, bounded length) and
 * calls the caller's validate_report_fn.
 *
 * The rules read the DOM defensively: a value that does not parse (a bad date, a missing
 * element) is skipped, because the schema has already reported it.
 */
#include "core/pepkit.h"
#include "record/validate.h"
#include "core/buf.h"
#include "core/civil.h"
#include "core/xmlsafe.h"
#include "record/xsdfast.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_arg;
#else
typedef xmlErrorPtr xml_error_arg;
#endif

/* Problems reported per record before the rest are only counted (a hostile record could
 * otherwise produce hundreds of thousands of lines). */
#define MAX_REPORTED 100
/* Longest message passed to the report function, in bytes. */
#define MAX_MESSAGE 400

/* The XPath expressions the rules select with, compiled once by validate_new() (a compiled
 * expression is only read when evaluated, so the threads share them). */
static const char *const rule_exprs[] = {
	"terms/term",
	"terms/term/targets/target",
	"terms/term/exclusions/exclusion",
	"terms/term/pupil-premium-plus/request[@targets]",
	"terms/term/attendance",
	"terms/term/designated-teacher-summary/signed-off[not(@by = /pep-record/people/person/@id)]",
};
#define NRULE_EXPRS (sizeof(rule_exprs) / sizeof(rule_exprs[0]))

struct validator {
	xmlSchemaPtr schema;
	xmlDocPtr xsd;       /* pep.xsd as read (xmlsafe_read_data_file); the schema points into it */
	xsdfast *fast;              /* the derived schema and its screen (xsdfast.h), or NULL */
	xmlXPathCompExprPtr comp[NRULE_EXPRS];  /* rule_exprs compiled */
};

/* At most this many nodes with schema errors are remembered, so that the rules do not report
 * a second problem on a value the schema already rejected. */
#define MAX_MARKED 64

/* State of one validate_record() call. */
struct run {
	const validator *v;
	xmlDocPtr doc;
	const char *file;
	validate_report_fn fn;
	void *ctx;
	int count;                  /* problems found so far */
	int in_rules;               /* 1 once the rules run (schema errors are done) */
	int people_broken;          /* a schema error inside people: person keys are incomplete */
	xmlXPathContextPtr xpath;
	xmlNodePtr last_node;       /* libxml2's node, attribute name and kind of the last */
	char last_attr[128];        /* schema error, to drop libxml2's echoes of a facet error */
	int last_facet;
	xmlNodePtr marked[MAX_MARKED];  /* nodes (elements or attributes) with schema errors */
	int nmarked;
	int oom;                    /* an XPath evaluation failed (out of memory): the rules are
				     * incomplete, so the record is not called valid */
	int names_read;             /* names_w holds the child's name words (names_n of them) */
	int names_n;
	char names_w[24][48];
};

static const char UPN_ALPHABET[] = "ABCDEFGHJKLMNPQRTUVWXYZ";

/* ------------------------------------------------------------------------------------------ */
/* Reporting */

/* Append to out (at *pos, bounded by size) the path segment of element n: "term", or
 * "term[2]" when it has same-named element siblings, preceded by "/" unless it is first. */
static void put_segment(char *out, size_t size, size_t *pos, xmlNodePtr n, int first)
{
	int idx = 0, same = 0, len;

	for (xmlNodePtr s = n->parent ? n->parent->children : NULL; s; s = s->next) {
		if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, n->name))
			continue;
		same++;
		if (s == n)
			idx = same;
	}
	if (*pos >= size)
		return;
	if (same > 1)
		len = snprintf(out + *pos, size - *pos, "%s%s[%d]", first ? "" : "/",
			       (const char *)n->name, idx);
	else
		len = snprintf(out + *pos, size - *pos, "%s%s", first ? "" : "/",
			       (const char *)n->name);
	if (len > 0)
		*pos += (size_t)len;
}

/* Write into out the field path of node (an element or attribute) relative to the root element,
 * e.g. "terms/term[2]/targets/target[1]/@due", with "/@attr" appended when attr is not NULL.
 * The root itself is named by its own name; a node outside any element is "document". Always
 * NUL-terminates out (a path too long for it is cut). */
static void field_path(xmlNodePtr node, const char *attr, char *out, size_t size)
{
	xmlNodePtr chain[64], el = node;
	const char *aname = attr;
	size_t pos = 0;
	int n = 0, shortened = 0;

	out[0] = '\0';
	if (el != NULL && el->type == XML_ATTRIBUTE_NODE) {
		aname = (const char *)el->name;
		el = el->parent;
	}
	if (el == NULL || el->type != XML_ELEMENT_NODE) {
		snprintf(out, size, "document");
		return;
	}
	for (xmlNodePtr p = el; p->parent && p->parent->type == XML_ELEMENT_NODE; p = p->parent) {
		if (n == (int)PK_ARRAY_LEN(chain)) {
			shortened = 1;
			break;
		}
		chain[n++] = p;
	}
	if (shortened)
		pos = (size_t)snprintf(out, size, "...");
	if (n == 0)
		put_segment(out, size, &pos, el, 1);
	for (int i = n - 1; i >= 0; i--)
		put_segment(out, size, &pos, chain[i], i == n - 1 && !shortened);
	if (aname != NULL && pos < size)
		snprintf(out + pos, size - pos, "/@%s", aname);
}

/* Source line of node (attributes: their element's), or 0. */
static int node_line(xmlNodePtr node)
{
	long l;

	if (node != NULL && node->type == XML_ATTRIBUTE_NODE)
		node = node->parent;
	if (node == NULL)
		return 0;
	l = xmlGetLineNo(node);
	return l > 0 && l < INT_MAX ? (int)l : 0;
}

/* Make msg safe to print on one line: control characters become spaces, a trailing period
 * and spaces go, and text past MAX_MESSAGE bytes is cut at a UTF-8 boundary with "...". */
static void clean_message(char *msg)
{
	size_t n = strlen(msg);

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = ' ';
	if (n > MAX_MESSAGE) {
		n = MAX_MESSAGE - 3;
		while (n > 0 && ((unsigned char)msg[n] & 0xc0) == 0x80)
			n--;
		memcpy(msg + n, "...", 4);
		return;
	}
	while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '.'))
		msg[--n] = '\0';
}

/* Report one problem on node (element or attribute; attr names a missing attribute of an
 * element, or NULL) with a printf-style message. Counts it; passes it to the caller's
 * function unless MAX_REPORTED were already passed. */
static void report(struct run *r, xmlNodePtr node, const char *attr, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void report(struct run *r, xmlNodePtr node, const char *attr, const char *fmt, ...)
{
	char field[600], msg[MAX_MESSAGE * 2 + 16];
	va_list ap;

	if (r->in_rules) {
		for (int i = 0; i < r->nmarked; i++)
			if (r->marked[i] == node)
				return;
	} else if (node != NULL && r->nmarked < MAX_MARKED) {
		r->marked[r->nmarked++] = node;
	}
	if (++r->count > MAX_REPORTED)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	clean_message(msg);
	field_path(node, attr, field, sizeof(field));
	if (r->fn != NULL)
		r->fn(r->ctx, r->file, node_line(node), field, msg);
}

/* ------------------------------------------------------------------------------------------ */
/* XSD errors: libxml2's wording rewritten */

/* If s starts with prefix, return the text after it, else NULL. */
static const char *after(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

/* Copy the text between the first pair of single quotes after s into out (empty if none).
 * Returns a pointer just past the closing quote, or NULL. */
static const char *quoted(const char *s, char *out, size_t size)
{
	const char *a = s ? strchr(s, '\'') : NULL;
	const char *b = a ? strchr(a + 1, '\'') : NULL;
	size_t n;

	out[0] = '\0';
	if (b == NULL)
		return NULL;
	n = (size_t)(b - a - 1);
	if (n >= size)
		n = size - 1;
	memcpy(out, a + 1, n);
	out[n] = '\0';
	return b + 1;
}

/* A reader's description of the named simple type, or NULL. */
static const char *type_words(const char *type)
{
	static const char *const words[][2] = {
		{ "xs:date", "a date (YYYY-MM-DD)" },
		{ "date", "a date (YYYY-MM-DD, with no time zone)" },
		{ "xs:boolean", "true or false" },
		{ "xs:decimal", "a number" },
		{ "xs:nonNegativeInteger", "a whole number, 0 or more" },
		{ "xs:integer", "a whole number" },
		{ "upn", "a UPN (a letter, 11 digits, then a digit or letter)" },
		{ "id", "an id (letters, digits, '.', '_' or '-', up to 40)" },
		{ "idList", "a list of ids separated by spaces" },
		{ "termId", "a term id such as 2025-autumn" },
		{ "money", "an amount from 0 to 100000 with at most 2 decimals" },
		{ "percent", "a percentage from 0 to 100 with at most 1 decimal" },
		{ "shortString", "text of 1 to 200 characters" },
		{ "nonEmptyString", "text of 1 to 20000 characters" },
	};

	for (size_t i = 0; i < PK_ARRAY_LEN(words); i++)
		if (strcmp(type, words[i][0]) == 0)
			return words[i][1];
	return NULL;
}

/* A reader's description of what the pep.xsd pattern pat accepts, or NULL. */
static const char *pattern_words(const char *pat)
{
	static const char *const words[][2] = {
		{ "[ABCDEFGHJKLMNPQRTUVWXYZ][0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]",
		  "a UPN (a letter, 11 digits, then a digit or letter)" },
		{ "[A-Za-z0-9][A-Za-z0-9._\\-]{0,39}",
		  "an id (a letter or digit, then letters, digits, '.', '_' or '-', up to 40)" },
		{ "20[0-9]{2}-(autumn|spring|summer)", "a term id such as 2025-autumn" },
		{ "[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date (YYYY-MM-DD, with no time zone)" },
		{ "[0-9]{6}", "6 digits" },
		{ "[0-9]{3}", "3 digits" },
	};

	for (size_t i = 0; i < PK_ARRAY_LEN(words); i++)
		if (strcmp(pat, words[i][0]) == 0)
			return words[i][1];
	return NULL;
}

/* Turn the list inside "( a, b, c )" into "a, b or c"-style text ("x" alone for one item).
 * "##other{...}" noise is left as is. */
static void expected_list(const char *s, char *out, size_t size)
{
	const char *a = strchr(s, '(');
	const char *b = a ? strrchr(a, ')') : NULL;
	size_t n;

	out[0] = '\0';
	if (b == NULL)
		return;
	a++;
	while (*a == ' ')
		a++;
	n = (size_t)(b - a);
	while (n > 0 && a[n - 1] == ' ')
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, a, n);
	out[n] = '\0';
}

/* Longest value quoted back in a message, in bytes; longer ones are cut with "...". */
#define MAX_QUOTED 80

/* Copy into out the text of s after the first occurrence of start and before end (the first
 * occurrence of end after start; end NULL: the last single quote, or the end of s when libxml2
 * cut its message short). Text longer than out (size >= 8) is cut at a UTF-8 boundary with
 * "...". out is empty if start does not occur. */
static void between(const char *s, const char *start, const char *end, char *out, size_t size)
{
	const char *a = s ? strstr(s, start) : NULL, *b;
	size_t n, lim = size - 1;

	out[0] = '\0';
	if (a == NULL)
		return;
	a += strlen(start);
	b = end ? strstr(a, end) : strrchr(a, '\'');
	n = b ? (size_t)(b - a) : strlen(a);
	if (n > lim) {
		n = lim - 3;
		while (n > 0 && ((unsigned char)a[n] & 0xc0) == 0x80)
			n--;
		memcpy(out, a, n);
		memcpy(out + n, "...", 4);
		return;
	}
	memcpy(out, a, n);
	out[n] = '\0';
}

/* What a message says instead of the value of a confidential field. */
#define HIDDEN_VALUE "[confidential value]"

/* If hide, replace the value v (size bytes) by HIDDEN_VALUE: a message about a confidential
 * field names the field, never its value. */
static void hide_value(char *v, size_t size, int hide)
{
	if (hide)
		snprintf(v, size, "%s", HIDDEN_VALUE);
}

/* 1 if node (an element or attribute) is confidential: it or an ancestor carries a
 * confidential attribute, it is a phone number or e-mail address, or it is inside the
 * placement (where the child lives). Messages about it do not quote its value. */
static int is_confidential(xmlNodePtr node)
{
	if (node->type == XML_ATTRIBUTE_NODE && xmlStrEqual(node->name, BAD_CAST "confidential"))
		return 0;  /* the marker itself: its value is a category, not personal data */
	for (xmlNodePtr n = node; n != NULL && n->type != XML_DOCUMENT_NODE; n = n->parent) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlHasProp(n, BAD_CAST "confidential") || xmlStrEqual(n->name, BAD_CAST "phone") ||
		    xmlStrEqual(n->name, BAD_CAST "email") || xmlStrEqual(n->name, BAD_CAST "placement"))
			return 1;
	}
	return 0;
}

static int names_child(struct run *r, xmlNodePtr node);

/* Rewrite the body of one libxml2 schema message (prefix already removed) into out; hide:
 * the message is about a confidential field, so no value is quoted. */
static void rewrite_xsd(const char *body, char *out, size_t size, int hide)
{
	char v[MAX_QUOTED + 1], t[256], list[300];
	const char *p;

	if ((p = after(body, "[facet '")) != NULL) {
		if (after(p, "enumeration']") != NULL) {
			between(p, "The value '", "' is not an element of the set", v, sizeof(v));
			hide_value(v, sizeof(v), hide);
			between(p, "{", "}", list, sizeof(list));
			snprintf(out, size, "'%s' is not one of %s", v, list);
		} else if (after(p, "pattern']") != NULL) {
			between(p, "The value '", "' is not accepted by the pattern '", v, sizeof(v));
			hide_value(v, sizeof(v), hide);
			between(p, "by the pattern '", NULL, t, sizeof(t));
			if (pattern_words(t) != NULL)
				snprintf(out, size, "'%s' is not %s", v, pattern_words(t));
			else if (strcmp(t, "\\s*\\S[\\s\\S]*") == 0 ||
				 strcmp(t, "[\\s\\S]*\\S[\\s\\S]*") == 0)
				snprintf(out, size, "must not be blank");
			else
				snprintf(out, size, "'%s' does not have the required form", v);
		} else if (after(p, "maxLength']") != NULL || after(p, "minLength']") != NULL ||
			   after(p, "length']") != NULL) {
			char have[32], lim[32];
			const char *q = strstr(p, "allowed");

			between(p, "length of '", "'", have, sizeof(have));
			between(q ? strstr(q, "of '") : NULL, "of '", "'", lim, sizeof(lim));
			if (after(p, "maxLength']"))
				snprintf(out, size, "too long: %s characters, at most %s allowed",
					 have, lim);
			else if (strcmp(lim, "1") == 0)
				snprintf(out, size, "must not be empty or blank");
			else
				snprintf(out, size, "too short: %s characters, at least %s needed",
					 have, lim);
		} else if (after(p, "maxInclusive']") || after(p, "minInclusive']") ||
			   after(p, "maxExclusive']") || after(p, "minExclusive']")) {
			between(p, "The value '", "' is", v, sizeof(v));
			hide_value(v, sizeof(v), hide);
			between(p, "('", "')", t, sizeof(t));
			snprintf(out, size, "%s is %s the limit of %s", v,
				 after(p, "max") ? "over" : "under", t);
		} else if (after(p, "fractionDigits']") || after(p, "totalDigits']")) {
			between(p, "The value '", "' has", v, sizeof(v));
			hide_value(v, sizeof(v), hide);
			snprintf(out, size, "'%s' has too many digits%s", v,
				 after(p, "fractionDigits']") ? " after the decimal point" : "");
		} else {
			snprintf(out, size, "%s", hide ? "not a valid value (" HIDDEN_VALUE " not shown)" : body);
		}
		return;
	}
	if (strstr(body, "is not a valid value of the") != NULL) {
		between(body, "'", "' is not a valid value of the", v, sizeof(v));
		hide_value(v, sizeof(v), hide);
		between(strstr(body, "' is not a valid value of the"), "type '", NULL, t, sizeof(t));
		if (type_words(t))
			snprintf(out, size, "'%s' is not %s", v, type_words(t));
		else
			snprintf(out, size, "'%s' is not a valid value", v);
		return;
	}
	if ((p = after(body, "This element is not expected.")) != NULL) {
		expected_list(p, list, sizeof(list));
		if (list[0])
			snprintf(out, size, "element not expected here; expected %s%s",
				 strchr(list, ',') ? "one of " : "", list);
		else
			snprintf(out, size, "element not expected here");
		return;
	}
	if ((p = after(body, "Missing child element(s).")) != NULL) {
		expected_list(p, list, sizeof(list));
		snprintf(out, size, "missing child element; expected %s%s",
			 strchr(list, ',') ? "one of " : "", list);
		return;
	}
	if (after(body, "No matching global declaration available for the validation root")) {
		snprintf(out, size, "not a PEP record (the root element must be 'pep-record', "
			 "in no namespace)");
		return;
	}
	if (strstr(body, "of keyref '") != NULL) {
		between(body, "key-sequence ['", "'] of keyref", v, sizeof(v));
		hide_value(v, sizeof(v), hide);
		snprintf(out, size, "'%s' does not name a person in people", v);
		return;
	}
	if (after(body, "Duplicate key-sequence") != NULL) {
		between(body, "key-sequence ['", "'] in ", v, sizeof(v));
		hide_value(v, sizeof(v), hide);
		snprintf(out, size, "id '%s' is used more than once", v);
		return;
	}
	if (strstr(body, "is required but missing") != NULL) {
		snprintf(out, size, "required attribute is missing");
		return;
	}
	if (after(body, "The attribute") && strstr(body, "is not allowed")) {
		snprintf(out, size, "attribute not allowed here");
		return;
	}
	if (strstr(body, "does not match the fixed value constraint") != NULL) {
		between(body, "The value '", "' does not match", v, sizeof(v));
		hide_value(v, sizeof(v), hide);
		between(body, "fixed value constraint '", NULL, t, sizeof(t));
		snprintf(out, size, "must be '%s', not '%s'", t, v);
		return;
	}
	if (strstr(body, "Character content other than whitespace is not allowed") != NULL) {
		snprintf(out, size, "text is not allowed here, only child elements");
		return;
	}
	if (strstr(body, "Element content is not allowed") != NULL ||
	    strstr(body, "element content is not allowed") != NULL) {
		snprintf(out, size, "child elements are not allowed here");
		return;
	}
	if (body[0] == '\'') {  /* a value libxml2 cut short before saying what is wrong */
		between(body, "'", NULL, v, sizeof(v));
		hide_value(v, sizeof(v), hide);
		snprintf(out, size, "'%s' is not a valid value", v);
		return;
	}
	snprintf(out, size, "%s", hide ? "not a valid value (" HIDDEN_VALUE " not shown)" : body);
	if (out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'a' && out[1] <= 'z')
		out[0] = (char)(out[0] - 'A' + 'a');
}

/* The attribute named in a "The attribute 'x' is required but missing" message, into out. */
static const char *missing_attr(const char *body, char *out, size_t size)
{
	if (strstr(body, "is required but missing") == NULL)
		return NULL;
	quoted(strstr(body, "The attribute"), out, size);
	return out[0] ? out : NULL;
}

/* The identity constraints of pep.xsd whose errors libxml2 reports without a node: the
 * constraint's name, its selector (relative to the root) and the attribute it reads. */
static const char *const idc_table[][3] = {
	{ "'targetOwner'", "terms/term/targets/target", "owner" },
	{ "'actionOwner'", "terms/term/meeting/actions/action", "owner" },
	{ "'qaAdviser'", "terms/term/qa", "adviser" },
	{ "'attendeePerson'", "terms/term/meeting/attendees/attendee", "person" },
	{ "'personId'", "people/person", "id" },
	{ "'termIdUnique'", "terms/term", "id" },
	{ "'targetIdUnique'", "terms/term/targets/target", "id" },
};

static xmlXPathObjectPtr select_nodes(struct run *r, xmlNodePtr node, const char *expr);
static char *value(xmlNodePtr n, const char *attr, char *out, size_t size);

/* For an identity-constraint error (body names the constraint and the value), find the
 * attribute it is about: the selected element on line whose attribute has that value (or the
 * first with that value). Returns the attribute node, or NULL. */
static xmlNodePtr idc_node(struct run *r, const char *body, int line)
{
	char want[256], have[256];
	xmlNodePtr found = NULL;

	between(body, "key-sequence ['", "']", want, sizeof(want));
	for (size_t i = 0; i < PK_ARRAY_LEN(idc_table) && found == NULL; i++) {
		xmlXPathObjectPtr o;
		xmlNodePtr root = xmlDocGetRootElement(r->doc);

		if (strstr(body, idc_table[i][0]) == NULL || root == NULL)
			continue;
		o = select_nodes(r, root, idc_table[i][1]);
		for (int k = 0; o && o->nodesetval && k < o->nodesetval->nodeNr; k++) {
			xmlNodePtr n = o->nodesetval->nodeTab[k];

			if (strcmp(value(n, idc_table[i][2], have, sizeof(have)), want) != 0)
				continue;
			if (found == NULL || xmlGetLineNo(n) == line)
				found = (xmlNodePtr)xmlHasProp(n, BAD_CAST idc_table[i][2]);
			if (xmlGetLineNo(n) == line)
				break;
		}
		xmlXPathFreeObject(o);
	}
	return found;
}

/* True if node lies inside /pep-record/people. */
static int in_people(xmlNodePtr node)
{
	for (; node != NULL && node->type != XML_DOCUMENT_NODE; node = node->parent)
		if (node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, BAD_CAST "people") &&
		    node->parent && node->parent->parent &&
		    node->parent->parent->type == XML_DOCUMENT_NODE)
			return 1;
	return 0;
}

/* Structured error callback for schema validation: one libxml2 error becomes one report (or
 * none, when it only repeats the previous one). */
static void on_xsd_error(void *data, xml_error_arg e)
{
	struct run *r = data;
	char msg[MAX_MESSAGE * 2], aname[128] = "";
	const char *body;
	xmlNodePtr node;

	if (e == NULL || e->level < XML_ERR_ERROR)
		return;
	node = e->node;
	body = e->message ? e->message : "invalid";
	/* "Element 'x': ..." or "Element 'x', attribute 'y': ...": the field names x and y */
	if (strncmp(body, "Element '", 9) == 0 && strstr(body, "': ") != NULL) {
		const char *a = strstr(body, "', attribute '");
		const char *colon = strstr(body, "': ");

		if (a != NULL && a < colon)
			quoted(a + 1, aname, sizeof(aname));
		body = colon + 3;
	}
	if (aname[0] == '\0')
		missing_attr(body, aname, sizeof(aname));
	/* libxml2 may follow a facet error with "'v' is not a valid value of the atomic type",
	 * a "no precomputed value" warning or the next facet the value fails: one is enough */
	if (strstr(body, "No precomputed value available") != NULL ||
	    (node == r->last_node && r->last_facet && strcmp(aname, r->last_attr) == 0 &&
	     (strstr(body, "is not a valid value of the") != NULL || after(body, "[facet '"))))
		return;
	r->last_node = node;
	r->last_facet = after(body, "[facet '") != NULL;
	snprintf(r->last_attr, sizeof(r->last_attr), "%s", aname);
	if (strstr(body, "of keyref '") && r->people_broken)
		return;  /* people did not validate, so every reference to a person would fail */
	if (node != NULL && in_people(node))
		r->people_broken = 1;
	if (r->count >= MAX_REPORTED) {  /* only counted from here on: skip the lookups below */
		r->count++;
		return;
	}
	if (node != NULL && node->type == XML_ELEMENT_NODE && aname[0] &&
	    xmlHasProp(node, BAD_CAST aname))
		node = (xmlNodePtr)xmlHasProp(node, BAD_CAST aname);
	if (strstr(body, "of keyref '") || strstr(body, "Duplicate key-sequence")) {
		xmlNodePtr a = idc_node(r, body, node ? (int)xmlGetLineNo(node) : e->line);

		if (a != NULL)
			node = a;
	}
	rewrite_xsd(body, msg, sizeof(msg), node != NULL && (is_confidential(node) || names_child(r, node)));
	if (node == NULL) {
		/* no node to point at: the document, with libxml2's line */
		if (++r->count <= MAX_REPORTED && r->fn) {
			clean_message(msg);
			r->fn(r->ctx, r->file, e->line, "document", msg);
		}
		return;
	}
	report(r, node, aname[0] && node->type == XML_ELEMENT_NODE ? aname : NULL, "%s", msg);
}

/* ------------------------------------------------------------------------------------------ */
/* DOM and value helpers for the rules */

/* First element child of n named name, or NULL. */
static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
			return c;
	return NULL;
}

/* Element at a slash-separated path of child names below n ("child/send/status"), or NULL. */
static xmlNodePtr at(xmlNodePtr n, const char *path)
{
	char part[64];

	while (n != NULL && *path) {
		size_t len = strcspn(path, "/");

		if (len >= sizeof(part))
			return NULL;
		memcpy(part, path, len);
		part[len] = '\0';
		n = child(n, part);
		path += len + (path[len] == '/');
	}
	return n;
}

/* The whitespace-trimmed text of element n, or of attribute attr of n when attr is not NULL,
 * into out (empty if absent or too long). Returns out. */
static char *value(xmlNodePtr n, const char *attr, char *out, size_t size)
{
	xmlChar *s = NULL;
	const char *a;
	size_t len;

	out[0] = '\0';
	if (n == NULL)
		return out;
	s = attr ? xmlGetNoNsProp(n, BAD_CAST attr) : xmlNodeGetContent(n);
	if (s == NULL)
		return out;
	a = (const char *)s;
	while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
		a++;
	len = strlen(a);
	while (len > 0 && (a[len - 1] == ' ' || a[len - 1] == '\t' || a[len - 1] == '\n' ||
			   a[len - 1] == '\r'))
		len--;
	if (len < size) {
		memcpy(out, a, len);
		out[len] = '\0';
	}
	xmlFree(s);
	return out;
}

/* The attribute node attr of n (for reporting on it), or n itself if absent. */
static xmlNodePtr attr_node(xmlNodePtr n, const char *attr)
{
	xmlAttrPtr a = n ? xmlHasProp(n, BAD_CAST attr) : NULL;

	return a ? (xmlNodePtr)a : n;
}

/* Parse an xs:date "YYYY-MM-DD" (an optional timezone is ignored) into a day number. Returns 1
 * on success, 0 if s is not such a date (the schema reports those). */
static int parse_date(const char *s, long *day)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	static const char shape[] = "dddd-dd-dd";
	int y, m, d;

	for (int i = 0; i < 10; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
			return 0;
	if (s[10] != '\0' && s[10] != 'Z' && s[10] != '+' && s[10] != '-')
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	*day = civil_days(y, (unsigned)m, (unsigned)d);
	return 1;
}

/* The date in element n (or its attribute attr): 1 and *day set, or 0 if absent/unparsable.
 * The text form goes to txt (11 bytes) for messages. */
static int date_at(xmlNodePtr n, const char *attr, long *day, char txt[11])
{
	char v[64];

	value(n, attr, v, sizeof(v));
	if (!parse_date(v, day))
		return 0;
	memcpy(txt, v, 10);
	txt[10] = '\0';
	return 1;
}

/* Evaluate expr (the compiled one when it is one of rule_exprs) with node as context; returns
 * the node set (possibly empty) the caller frees with xmlXPathFreeObject, or NULL on failure
 * (only out of memory for our fixed expressions), which sets r->oom: every later call returns
 * NULL and validate_record() fails. */
/* Add to ns the elements in no namespace below e along the child path steps[k..n) (element
 * names), in document order; an element at the last step is added only when it has attribute
 * need (if not NULL). Returns 0, or -1 when out of memory. */
static int walk_path(xmlNodePtr e, char steps[][48], int k, int n, const char *need, xmlNodeSetPtr ns)
{
	for (xmlNodePtr c = e->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->ns != NULL || !xmlStrEqual(c->name, BAD_CAST steps[k]))
			continue;
		if (k + 1 < n) {
			if (walk_path(c, steps, k + 1, n, need, ns) < 0)
				return -1;
		} else if ((need == NULL || xmlHasNsProp(c, BAD_CAST need, NULL) != NULL) &&
			   xmlXPathNodeSetAddUnique(ns, c) < 0) {
			return -1;
		}
	}
	return 0;
}

/* expr as a plain child path ("terms/term/targets/target", optionally ending in "[@name]") from
 * node, selected by walking the tree (libxml2 evaluates such a path by streaming over every
 * node below the context). Returns the node set as select_nodes() does, or NULL when expr is
 * not of that form (*handled 0) or memory ran out (*handled 1). */
static xmlXPathObjectPtr select_path(xmlNodePtr node, const char *expr, int *handled)
{
	char steps[8][48], need[48] = "";
	int n = 0;
	const char *p = expr;
	xmlNodeSetPtr ns;
	xmlXPathObjectPtr o;

	*handled = 0;
	while (*p) {
		size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyz-");

		if (len == 0 || len >= sizeof(steps[0]) || n == (int)PK_ARRAY_LEN(steps))
			return NULL;
		memcpy(steps[n], p, len);
		steps[n++][len] = '\0';
		p += len;
		if (strncmp(p, "[@", 2) == 0) {
			size_t a = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");

			if (a == 0 || a >= sizeof(need) || strcmp(p + 2 + a, "]") != 0)
				return NULL;
			memcpy(need, p + 2, a);
			need[a] = '\0';
			p += 3 + a;
			break;
		}
		if (*p == '/' && p[1] != '\0')
			p++;
		else if (*p != '\0')
			return NULL;
	}
	if (*p != '\0' || n == 0)
		return NULL;
	*handled = 1;
	if ((ns = xmlXPathNodeSetCreate(NULL)) == NULL)
		return NULL;
	if (walk_path(node, steps, 0, n, need[0] ? need : NULL, ns) < 0) {
		xmlXPathFreeNodeSet(ns);
		return NULL;
	}
	if ((o = xmlXPathWrapNodeSet(ns)) == NULL)
		xmlXPathFreeNodeSet(ns);
	return o;
}

static xmlXPathObjectPtr select_nodes(struct run *r, xmlNodePtr node, const char *expr)
{
	xmlXPathObjectPtr o;

	xmlXPathCompExprPtr comp = NULL;
	int handled;

	if (r->oom)
		return NULL;
	if ((o = select_path(node, expr, &handled)) != NULL || handled) {
		if (o == NULL)
			r->oom = 1;
		return o;
	}
	for (size_t i = 0; i < NRULE_EXPRS && r->v != NULL; i++)
		if (rule_exprs[i] == expr || strcmp(rule_exprs[i], expr) == 0) {
			comp = r->v->comp[i];
			break;
		}
	r->xpath->node = node;
	xmlResetError(&r->xpath->lastError);
	o = comp ? xmlXPathCompiledEval(comp, r->xpath) : xmlXPathEvalExpression(BAD_CAST expr, r->xpath);
	/* our expressions are fixed and valid, so an error is out of memory, and after one the
	 * node set libxml2 returns may be inconsistent: never use it */
	if (o != NULL && (o->type != XPATH_NODESET || r->xpath->lastError.code != XML_ERR_OK)) {
		xmlXPathFreeObject(o);
		o = NULL;
	}
	if (o == NULL || r->xpath->lastError.code != XML_ERR_OK)
		r->oom = 1;
	return o;
}

#define NODESET_LEN(o) ((o) && (o)->nodesetval ? (o)->nodesetval->nodeNr : 0)
#define NODESET_AT(o, i) ((o)->nodesetval->nodeTab[i])

/* ------------------------------------------------------------------------------------------ */
/* The rules XSD cannot express. Each takes the run and reports through report(). */

int validate_upn(const char *upn, char *expected)
{
	long sum = 0;
	char want;

	if (expected)
		*expected = '?';
	if (upn == NULL || strlen(upn) != 13 || strchr(UPN_ALPHABET, upn[0]) == NULL || upn[0] == '\0')
		return 0;
	for (int pos = 2; pos <= 13; pos++) {
		char c = upn[pos - 1];
		const char *l = strchr(UPN_ALPHABET, c);
		int v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (pos == 13 && c != '\0' && l != NULL)
			v = (int)(l - UPN_ALPHABET);  /* temporary UPN */
		else
			return 0;
		sum += (long)pos * v;
	}
	want = UPN_ALPHABET[sum % 23];
	if (expected)
		*expected = want;
	return upn[0] == want;
}

/* child/upn: the check letter. A UPN of the wrong shape is left to the schema. */
static void rule_upn(struct run *r, xmlNodePtr root)
{
	xmlNodePtr n = at(root, "child/upn");
	char v[64], want;

	if (n == NULL)
		return;
	value(n, NULL, v, sizeof(v));
	if (!validate_upn(v, &want) && want != '?')
		report(r, n, NULL, "check letter is '%c', it should be '%c' for '%s'", v[0], want,
		       v);
}

/* Child's dates: born before entering care, placement not before entering care, school
 * started after birth. */
static void rule_child_dates(struct run *r, xmlNodePtr root)
{
	xmlNodePtr c = child(root, "child");
	xmlNodePtr nb = child(c, "date-of-birth"), nc = child(c, "entered-care");
	xmlNodePtr np = at(c, "placement/start-date"), ns = at(c, "school/start-date");
	xmlNodePtr nd = child(c, "date-of-death");
	long b, e, p, s, d;
	char tb[11], te[11], tp[11], ts[11], td[11];
	int hb = date_at(nb, NULL, &b, tb), he = date_at(nc, NULL, &e, te);

	if (hb && he && b >= e)
		report(r, nc, NULL, "entered care %s, not after the date of birth %s", te, tb);
	/* a child enters care before 18; a date of birth that says otherwise (1948 for 2018) would
	 * also put the archive's retention date (the 75th birthday) in the past */
	if (hb && he && e >= civil_days(atol(tb) + 18, (unsigned)atoi(tb + 5), (unsigned)atoi(tb + 8)))
		report(r, nb, NULL, "%s makes the child 18 or older on entering care %s; a child in "
		       "care is under 18", tb, te);
	if (he && date_at(np, NULL, &p, tp) && p < e)
		report(r, np, NULL, "placement started %s, before entering care %s", tp, te);
	if (hb && date_at(ns, NULL, &s, ts) && s <= b)
		report(r, ns, NULL, "school start %s is not after the date of birth %s", ts, tb);
	if (date_at(nd, NULL, &d, td)) {
		if (hb && d < b)
			report(r, nd, NULL, "date of death %s is before the date of birth %s", td, tb);
		else if (he && d < e)
			report(r, nd, NULL, "date of death %s is before entering care %s", td, te);
	}
}

/* Each term starts before it ends; terms are oldest first and do not overlap. */
static void rule_term_dates(struct run *r, xmlNodePtr root)
{
	xmlXPathObjectPtr o = select_nodes(r, root, "terms/term");
	long prev_end = 0, s, e;
	char ts[11], te[11], tprev[11] = "", prev_id[64] = "";
	int have_prev = 0;

	for (int i = 0; i < NODESET_LEN(o); i++) {
		xmlNodePtr t = NODESET_AT(o, i);
		int hs = date_at(t, "start", &s, ts), he = date_at(t, "end", &e, te);

		if (hs && he && s >= e)
			report(r, attr_node(t, "end"), NULL, "term ends %s, not after it starts %s", te,
			       ts);
		if (hs && have_prev && s <= prev_end)
			report(r, attr_node(t, "start"), NULL,
			       "term starts %s, not after the previous term '%s' ends %s (terms go "
			       "oldest first and must not overlap)", ts, prev_id, tprev);
		if (he) {
			have_prev = 1;
			prev_end = e;
			memcpy(tprev, te, sizeof(tprev));
			value(t, "id", prev_id, sizeof(prev_id));
		}
	}
	xmlXPathFreeObject(o);
}

/* A target is due after the date it was set. */
static void rule_target_dates(struct run *r, xmlNodePtr root)
{
	xmlXPathObjectPtr o = select_nodes(r, root, "terms/term/targets/target");
	long s, d;
	char ts[11], td[11];

	for (int i = 0; i < NODESET_LEN(o); i++) {
		xmlNodePtr t = NODESET_AT(o, i);

		if (date_at(t, "set", &s, ts) && date_at(t, "due", &d, td) && d <= s)
			report(r, attr_node(t, "due"), NULL, "target due %s, not after it was set %s",
			       td, ts);
	}
	xmlXPathFreeObject(o);
}

/* The meeting date lies inside its term; the next meeting comes after it; agreed actions are
 * not due before it. */
static void rule_meeting_dates(struct run *r, xmlNodePtr root)
{
	xmlXPathObjectPtr o = select_nodes(r, root, "terms/term");
	long s, e, m, x;
	char ts[11], te[11], tm[11], tx[11];

	for (int i = 0; i < NODESET_LEN(o); i++) {
		xmlNodePtr t = NODESET_AT(o, i), mt = child(t, "meeting");
		int hs = date_at(t, "start", &s, ts), he = date_at(t, "end", &e, te);

		if (mt == NULL || !date_at(mt, "date", &m, tm))
			continue;
		if (hs && he && (m < s || m > e))
			report(r, attr_node(mt, "date"), NULL,
			       "meeting on %s is outside its term (%s to %s)", tm, ts, te);
		if (date_at(child(t, "next-meeting"), NULL, &x, tx) && x <= m)
			report(r, child(t, "next-meeting"), NULL,
			       "next meeting %s is not after the meeting on %s", tx, tm);
		for (xmlNodePtr a = child(child(mt, "actions"), "action"); a; a = a->next) {
			if (a->type != XML_ELEMENT_NODE || !xmlStrEqual(a->name, BAD_CAST "action"))
				continue;
			if (date_at(a, "due", &x, tx) && x < m)
				report(r, attr_node(a, "due"), NULL,
				       "action due %s, before the meeting on %s that agreed it", tx, tm);
		}
	}
	xmlXPathFreeObject(o);
}

/* An exclusion starts inside its term. */
static void rule_exclusion_dates(struct run *r, xmlNodePtr root)
{
	xmlXPathObjectPtr o = select_nodes(r, root, "terms/term/exclusions/exclusion");
	long s, e, x;
	char ts[11], te[11], tx[11];

	for (int i = 0; i < NODESET_LEN(o); i++) {
		xmlNodePtr ex = NODESET_AT(o, i), t = ex->parent ? ex->parent->parent : NULL;

		if (t && date_at(t, "start", &s, ts) && date_at(t, "end", &e, te) &&
		    date_at(ex, "start", &x, tx) && (x < s || x > e))
			report(r, attr_node(ex, "start"), NULL,
			       "exclusion starting %s is outside its term (%s to %s)", tx, ts, te);
	}
	xmlXPathFreeObject(o);
}

/* The key stage a year group belongs to, or NULL for an unknown year group. */
static const char *key_stage_of(const char *yg)
{
	static const char *const map[][2] = {
		{ "N1", "EYFS" }, { "N2", "EYFS" }, { "R", "EYFS" },
		{ "1", "KS1" }, { "2", "KS1" },
		{ "3", "KS2" }, { "4", "KS2" }, { "5", "KS2" }, { "6", "KS2" },
		{ "7", "KS3" }, { "8", "KS3" }, { "9", "KS3" },
		{ "10", "KS4" }, { "11", "KS4" },
		{ "12", "post-16" }, { "13", "post-16" },
	};

	for (size_t i = 0; i < PK_ARRAY_LEN(map); i++)
		if (strcmp(yg, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* The key stage matches the year group. */
static void rule_key_stage(struct run *r, xmlNodePtr root)
{
	xmlNodePtr ny = at(root, "child/year-group"), nk = at(root, "child/key-stage");
	char y[16], k[16];
	const char *want;

	if (ny == NULL || nk == NULL)
		return;
	value(ny, NULL, y, sizeof(y));
	value(nk, NULL, k, sizeof(k));
	want = key_stage_of(y);
	if (want != NULL && k[0] && strcmp(want, k) != 0)
		report(r, nk, NULL, "key stage %s does not match year group %s, which is %s", k, y,
		       want);
}

/* A hash of the target ids of term (the values are unused), or NULL if out of memory. The
 * caller frees it with xmlHashFree(h, NULL). */
static xmlHashTablePtr target_ids(xmlNodePtr term)
{
	xmlHashTablePtr h = xmlHashCreate(16);
	char tid[64];

	for (xmlNodePtr t = h ? child(child(term, "targets"), "target") : NULL; t; t = t->next)
		if (t->type == XML_ELEMENT_NODE && xmlStrEqual(t->name, BAD_CAST "target") &&
		    value(t, "id", tid, sizeof(tid))[0])
			xmlHashAddEntry(h, BAD_CAST tid, (void *)1);
	return h;
}

/* Each target a PP+ request names is a target of the same term. */
static void rule_ppplus_targets(struct run *r, xmlNodePtr root)
{
	xmlXPathObjectPtr o = select_nodes(r, root, "terms/term/pupil-premium-plus/request[@targets]");
	xmlHashTablePtr ids = NULL;
	xmlNodePtr ids_term = NULL;
	char list[2048], id[64];

	for (int i = 0; i < NODESET_LEN(o); i++) {
		xmlNodePtr q = NODESET_AT(o, i), term = q->parent ? q->parent->parent : NULL;
		const char *p = value(q, "targets", list, sizeof(list));

		if (term != ids_term) {
			xmlHashFree(ids, NULL);
			ids = target_ids(term);
			ids_term = term;
		}
		while (ids != NULL && *p) {
			size_t n = strcspn(p, " \t\r\n");

			if (n > 0 && n < sizeof(id)) {
				memcpy(id, p, n);
				id[n] = '\0';
				if (xmlHashLookup(ids, BAD_CAST id) == NULL)
					report(r, attr_node(q, "targets"), NULL,
					       "'%s' is not a target of this term", id);
			}
			p += n;
			while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
				p++;
		}
	}
	xmlHashFree(ids, NULL);
	xmlXPathFreeObject(o);
}

/* Attendance: sessions attended <= possible, and the percent agrees with them (within 0.5). */
static void rule_attendance(struct run *r, xmlNodePtr root)
{
	xmlXPathObjectPtr o = select_nodes(r, root, "terms/term/attendance");
	char v[64];

	for (int i = 0; i < NODESET_LEN(o); i++) {
		xmlNodePtr a = NODESET_AT(o, i);
		xmlNodePtr np = child(a, "sessions-possible"), na = child(a, "sessions-attended");
		xmlNodePtr npc = child(a, "percent");
		char *end;
		double pos, att, pct, calc;

		if (np == NULL || na == NULL)
			continue;
		pos = strtod(value(np, NULL, v, sizeof(v)), &end);
		if (v[0] == '\0' || *end != '\0')
			continue;
		att = strtod(value(na, NULL, v, sizeof(v)), &end);
		if (v[0] == '\0' || *end != '\0')
			continue;
		if (att > pos) {
			report(r, na, NULL, "%.0f sessions attended, more than the %.0f possible", att,
			       pos);
			continue;
		}
		if (npc == NULL || pos <= 0)
			continue;
		pct = strtod(value(npc, NULL, v, sizeof(v)), &end);
		if (v[0] == '\0' || *end != '\0')
			continue;
		calc = 100.0 * att / pos;
		if (pct - calc > 0.5 || calc - pct > 0.5)
			report(r, npc, NULL, "%s%% does not match %.0f of %.0f sessions (%.1f%%)", v,
			       att, pos, calc);
	}
	xmlXPathFreeObject(o);
}

/* The designated teacher's sign-off names a person in people. */
static void rule_signed_off(struct run *r, xmlNodePtr root)
{
	xmlXPathObjectPtr o = select_nodes(r, root, rule_exprs[5]);

	for (int i = 0; i < NODESET_LEN(o); i++) {
		char by[64];

		value(NODESET_AT(o, i), "by", by, sizeof(by));
		report(r, attr_node(NODESET_AT(o, i), "by"), NULL,
		       "'%s' does not name a person in people", by);
	}
	xmlXPathFreeObject(o);
}

/* An EHCP status comes with the EHCP date. */
static void rule_ehcp(struct run *r, xmlNodePtr root)
{
	xmlNodePtr st = at(root, "child/send/status");
	char v[32];

	if (st != NULL && strcmp(value(st, NULL, v, sizeof(v)), "ehcp") == 0 &&
	    child(st->parent, "ehcp-date") == NULL)
		report(r, st->parent, NULL, "status is ehcp but there is no ehcp-date");
}


/* Words of a name folded to lower-case ASCII (accents removed: "Ayşe" is "ayse"), so they can be
 * compared with the parts of an id, which is ASCII by its type. */
#define NAME_WORDS 24
struct name_words {
	char w[NAME_WORDS][48];
	int n;
};

/* The lower-case ASCII spelling of the letter c after NFD and mark removal: c itself for
 * ASCII, a few Latin letters that have no decomposition ("ı" is "i", "ø" "o", "ß" "ss"), or
 * NULL for a letter with no ASCII form. */
static const char *ascii_letters(UChar c)
{
	static const struct { UChar c; const char *a; } more[] = {
		{ 0x0131, "i" }, { 0x0141, "l" }, { 0x0142, "l" }, { 0x00D8, "o" }, { 0x00F8, "o" },
		{ 0x0110, "d" }, { 0x0111, "d" }, { 0x00DF, "ss" }, { 0x00C6, "ae" }, { 0x00E6, "ae" },
		{ 0x0152, "oe" }, { 0x0153, "oe" }, { 0x00DE, "th" }, { 0x00FE, "th" },
		{ 0x00D0, "d" }, { 0x00F0, "d" }, { 0x0126, "h" }, { 0x0127, "h" },
	};
	static const char one[26][2] = {
		"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
		"n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"
	};

	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return one[(c | 0x20) - 'a'];
	for (size_t i = 0; i < PK_ARRAY_LEN(more); i++)
		if (more[i].c == c)
			return more[i].a;
	return NULL;
}

/* Add the words of the UTF-8 text s (split at anything not a letter) to nw: each NFD-decomposed,
 * marks dropped, case-folded; a word with a letter that has no ASCII form (another script), or
 * shorter than 3 letters (too common inside ids by chance), is left out. */
static void add_name_words(struct name_words *nw, const char *s)
{
	UChar u[256], d[512];
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
	int32_t nu = 0, nd;
	char word[48];
	size_t wl = 0;
	int ascii = 1;

	if (U_FAILURE(st))
		return;
	u_strFromUTF8(u, (int32_t)PK_ARRAY_LEN(u), &nu, s, -1, &st);
	if (U_FAILURE(st))
		return;   /* a name too long to be an id part anyway */
	nd = unorm2_normalize(nfd, u, nu, d, (int32_t)PK_ARRAY_LEN(d), &st);
	if (U_FAILURE(st))
		return;
	for (int32_t i = 0; i <= nd; i++) {
		UChar c = i < nd ? d[i] : 0;

		if (c != 0 && u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK)
			continue;
		if (c != 0 && u_isalpha(c)) {
			const char *a = ascii_letters(c);

			if (a == NULL || wl + strlen(a) + 1 > sizeof(word))
				ascii = 0;
			else
				for (; *a; a++)
					word[wl++] = *a;
			continue;
		}
		if (ascii && wl >= 3 && nw->n < NAME_WORDS) {
			word[wl] = '\0';
			memcpy(nw->w[nw->n++], word, wl + 1);
		}
		wl = 0;
		ascii = 1;
	}
}

/* Name words this long are also found inside a longer run of letters ("AyseYilmaz",
 * "LAayse123"): names run together are still the name. Shorter ones only as a whole part. */
#define NAME_WORD_INSIDE 4

/* 1 if one of the parts of id (split at '.', '_', '-' and between letters and digits) is one of
 * the words nw[from .. to), or a word of NAME_WORD_INSIDE letters or more is inside id, compared
 * without case. */
static int id_has_word(const char *id, const struct name_words *nw, int from, int to)
{
	size_t i = 0, n = strlen(id);

	for (int k = from; k < to; k++)
		if (strlen(nw->w[k]) >= NAME_WORD_INSIDE && strcasestr(id, nw->w[k]) != NULL)
			return 1;

	while (i < n) {
		size_t j = i;
		int digits = id[i] >= '0' && id[i] <= '9';

		if (id[i] == '.' || id[i] == '_' || id[i] == '-') {
			i++;
			continue;
		}
		while (j < n && id[j] != '.' && id[j] != '_' && id[j] != '-' &&
		       (id[j] >= '0' && id[j] <= '9') == digits)
			j++;
		for (int k = from; k < to; k++)
			if (strlen(nw->w[k]) == j - i && strncasecmp(nw->w[k], id + i, j - i) == 0)
				return 1;
		i = j;
	}
	return 0;
}

/* The words of child c's given names and preferred name, then of its family name, into nw
 * (emptied first). Returns where the family name's words start. */
static int child_name_words(xmlNodePtr c, struct name_words *nw)
{
	char v[256];
	int given_end;

	nw->n = 0;
	for (xmlNodePtr g = child(child(c, "legal-name"), "given"); g; g = g->next)
		if (g->type == XML_ELEMENT_NODE && xmlStrEqual(g->name, BAD_CAST "given"))
			add_name_words(nw, value(g, NULL, v, sizeof(v)));
	add_name_words(nw, value(child(c, "preferred-name"), NULL, v, sizeof(v)));
	given_end = nw->n;
	add_name_words(nw, value(at(c, "legal-name/family"), NULL, v, sizeof(v)));
	return given_end;
}

/* Ids end up in file and folder names, email subjects, attachment names and the archive's
 * paths, where a child's name must never be: the child id must hold no word of the child's
 * names, and a school id not both a given and a family name of the child (a school may share
 * one word with a family name by chance, "thornley-primary" for a Thornley). */
static void rule_ids_without_names(struct run *r, xmlNodePtr root)
{
	xmlNodePtr c = child(root, "child");
	xmlNodePtr id = child(c, "la-child-id"), school = child(c, "school");
	struct name_words nw;
	int given_end;
	char v[256];

	given_end = child_name_words(c, &nw);
	if (nw.n == 0)
		return;
	if (id != NULL && id_has_word(value(id, NULL, v, sizeof(v)), &nw, 0, nw.n))
		report(r, id, NULL, "the child id holds the child's name; ids go into file names and "
		       "email subjects, so use the council's reference number");
	if (school != NULL && value(school, "id", v, sizeof(v))[0] &&
	    id_has_word(v, &nw, 0, given_end) && id_has_word(v, &nw, given_end, nw.n))
		report(r, attr_node(school, "id"), NULL, "the school id holds the child's name; ids go "
		       "into folder names, so use the school's own short name");
}

/* 1 if text holds one of child c's names (family, preferred, each given name) as written, at
 * least 3 bytes long: how a name in a script with no ASCII spelling (name_words leaves it
 * out) is found. */
static int names_as_written(xmlNodePtr c, const char *text)
{
	char v[256];

	for (const char *f[] = { "legal-name/family", "preferred-name", NULL }, **q = f; *q; q++)
		if (strlen(value(**q == 'l' ? at(c, *q) : child(c, *q), NULL, v, sizeof(v))) >= 3 &&
		    strstr(text, v) != NULL)
			return 1;
	for (xmlNodePtr g = child(child(c, "legal-name"), "given"); g; g = g->next)
		if (g->type == XML_ELEMENT_NODE && xmlStrEqual(g->name, BAD_CAST "given") &&
		    strlen(value(g, NULL, v, sizeof(v))) >= 3 && strstr(text, v) != NULL)
			return 1;
	return 0;
}

/* 1 if the value of node (an element's text or an attribute's value) holds a word of the
 * child's names (given, family, preferred: as the id rule folds them), or one of those names as
 * written: a message about it (a name typed into the wrong field, "gender: 'Ayşe Yılmaz'") then
 * quotes no value, since messages end up in logs and reports. */
static int names_child(struct run *r, xmlNodePtr node)
{
	xmlNodePtr c = child(xmlDocGetRootElement(r->doc), "child");
	struct name_words nw, vw;
	xmlChar *val;
	char v[256];
	int hit = 0;

	if (!r->names_read) {
		r->names_read = 1;
		child_name_words(c, &nw);
		r->names_n = nw.n;
		memcpy(r->names_w, nw.w, sizeof(r->names_w));
	}
	if ((val = xmlNodeGetContent(node)) == NULL)
		return 0;
	/* names in a script with no ASCII spelling are looked for as written */
	hit = names_as_written(c, (const char *)val);
	vw.n = 0;
	if (!hit) {
		snprintf(v, sizeof(v), "%s", (const char *)val);
		add_name_words(&vw, v);
	}
	for (int i = 0; i < vw.n && !hit; i++)
		for (int k = 0; k < r->names_n && !hit; k++)
			hit = strcmp(vw.w[i], r->names_w[k]) == 0;
	xmlFree(val);
	return hit;
}

int validate_id_names_child(xmlDocPtr doc, const char *id)
{
	xmlNodePtr c = child(doc ? xmlDocGetRootElement(doc) : NULL, "child");
	struct name_words nw, iw;
	char v[256];

	if (id == NULL || c == NULL)
		return 0;
	child_name_words(c, &nw);
	if (nw.n > 0 && id_has_word(id, &nw, 0, nw.n))
		return 1;
	/* a file name as people write them: "Ayşe Yılmaz PEP.xml", "AyşeYılmaz.xml" (folded as
	 * the names are; a long name word also inside a run of letters) */
	iw.n = 0;
	snprintf(v, sizeof(v), "%s", id);
	add_name_words(&iw, v);
	for (int i = 0; i < iw.n; i++)
		for (int k = 0; k < nw.n; k++)
			if (strcmp(iw.w[i], nw.w[k]) == 0 ||
			    (strlen(nw.w[k]) >= NAME_WORD_INSIDE && strstr(iw.w[i], nw.w[k]) != NULL))
				return 1;
	/* names in a script with no ASCII spelling, as written */
	return names_as_written(c, id);
}

static void (*const rules[])(struct run *, xmlNodePtr) = {
	rule_upn, rule_child_dates, rule_term_dates, rule_target_dates, rule_meeting_dates,
	rule_exclusion_dates, rule_key_stage, rule_ppplus_targets, rule_attendance,
	rule_signed_off, rule_ehcp, rule_ids_without_names,
};

/* ------------------------------------------------------------------------------------------ */
/* Entry points */

/* Schema-parser error callback: keep the first error's text in the pk_error passed as data. */
static void on_schema_parse_error(void *data, xml_error_arg e)
{
	pk_error *err = data;

	if (err == NULL || err->code != PK_OK || e == NULL || e->level < XML_ERR_ERROR)
		return;
	pk_error_set(err, PK_EINTERNAL, "'%s' line %d: %s", e->file ? e->file : "pep.xsd",
		     e->line, e->message ? e->message : "cannot compile the schema");
	clean_message(err->msg);
}

validator *validate_new(pk_error *err)
{
	char path[4096];
	pk_error perr;
	xmlSchemaParserCtxtPtr pctxt = NULL;
	validator *v = NULL;

	pk_error_clear(&perr);
	snprintf(path, sizeof(path), "%s/schemas/pep.xsd", pk_datadir());
	v = calloc(1, sizeof(*v));
	if (v == NULL) {
		pk_error_set(err, PK_ENOMEM, "out of memory loading '%s'", path);
		goto out;
	}
	/* read without whitespace-only nodes (xmlsafe_read_data_file): 0.6 M instructions less of a
	 * single render's 42 M */
	if ((v->xsd = xmlsafe_read_data_file(path, err)) == NULL)
		goto fail;
	pctxt = xmlSchemaNewDocParserCtxt(v->xsd);
	if (pctxt == NULL) {
		pk_error_set(err, PK_ENOMEM, "out of memory loading '%s'", path);
		goto fail;
	}
	xmlSchemaSetParserStructuredErrors(pctxt, on_schema_parse_error, &perr);
	v->schema = xmlSchemaParse(pctxt);
	if (v->schema == NULL) {
		if (perr.code != PK_OK)
			pk_error_set(err, PK_EINTERNAL, "cannot compile the record schema: %s",
				     perr.msg);
		else
			pk_error_set(err, PK_EIO, "cannot load the record schema '%s'", path);
		goto fail;
	}
	for (size_t i = 0; i < NRULE_EXPRS; i++)
		if ((v->comp[i] = xmlXPathCompile(BAD_CAST rule_exprs[i])) == NULL) {
			pk_error_set(err, PK_ENOMEM, "out of memory loading '%s'", path);
			goto fail;
		}
	goto out;
fail:
	validate_free(v);
	v = NULL;
out:
	xmlSchemaFreeParserCtxt(pctxt);
	return v;
}

void validate_free(validator *v)
{
	if (v == NULL)
		return;
	xmlSchemaFree(v->schema);
	xmlFreeDoc(v->xsd);
	xsdfast_free(v->fast);
	for (size_t i = 0; i < NRULE_EXPRS; i++)
		xmlXPathFreeCompExpr(v->comp[i]);
	free(v);
}

int validate_use_fast(validator *v)
{
	xmlDocPtr xsd;

	/* PEPKIT_XSD_FULL=1 keeps it off, for tests comparing the two; any failure to build it
	 * only means every record goes to the full schema. The derived schema is made from a copy
	 * of pep.xsd as the validator read it (not a second read of the file). */
	if (v == NULL || v->fast != NULL || getenv("PEPKIT_XSD_FULL") != NULL)
		return v != NULL && v->fast != NULL;
	if ((xsd = xmlCopyDoc(v->xsd, 1)) != NULL)
		v->fast = xsdfast_new(xsd);
	return v->fast != NULL;
}

int validate_fast(const validator *v, int *idcs, int *length_types)
{
	xsdfast_counts(v ? v->fast : NULL, idcs, length_types);
	return v != NULL && v->fast != NULL;
}

/* Structured error callback of the fast path's validation: nothing is reported from it. */
static void on_fast_error(void *data, xml_error_arg e)
{
	(void)data;
	(void)e;
}


/* Records a session validates before making its contexts anew (libxml2's validation context
 * keeps a dictionary of the names it met, which must not grow with a whole cohort). */
#define SESSION_RENEW 256

struct validate_session {
	validator *v;
	xmlSchemaValidCtxtPtr full;   /* pep.xsd's context, made when a record first needs it */
	xmlSchemaValidCtxtPtr fast;   /* the derived schema's (xsdfast.h) */
	xmlXPathContextPtr xpath;     /* the rules' */
	int used;                     /* records since the contexts were made */
};

validate_session *validate_session_new(validator *v)
{
	validate_session *s = calloc(1, sizeof(*s));

	if (s != NULL)
		s->v = v;
	return s;
}

/* Free the session's contexts (it stays usable: they are made again when needed). */
static void session_drop(validate_session *s)
{
	xmlSchemaFreeValidCtxt(s->full);
	xmlSchemaFreeValidCtxt(s->fast);
	xmlXPathFreeContext(s->xpath);
	s->full = s->fast = NULL;
	s->xpath = NULL;
	s->used = 0;
}

void validate_session_free(validate_session *s)
{
	if (s == NULL)
		return;
	session_drop(s);
	free(s);
}

/* 1 if the fast path finds doc valid against the schema (the derived schema accepts it and
 * the screen finds nothing: xsdfast.h), 0 if only the full schema can say (invalid, suspect,
 * or the fast path could not run). */
static int fast_valid(validate_session *s, xmlDocPtr doc)
{
	if (s->v->fast == NULL)
		return 0;
	if (s->fast == NULL) {
		if ((s->fast = xmlSchemaNewValidCtxt(xsdfast_schema(s->v->fast))) == NULL)
			return 0;
		xmlSchemaSetValidStructuredErrors(s->fast, on_fast_error, NULL);
	}
	return xmlSchemaValidateDoc(s->fast, doc) == 0 && !xsdfast_suspect(s->v->fast, doc);
}

int validate_session_record(validate_session *s, xmlDocPtr doc, const char *file, validate_report_fn fn,
			    void *ctx, pk_error *err)
{
	struct run r;
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	int rc;

	if (s == NULL || s->v == NULL || doc == NULL)
		return pk_error_set(err, PK_EINTERNAL, "validate_record: no validator or document");
	if (s->used >= SESSION_RENEW)
		session_drop(s);
	s->used++;
	memset(&r, 0, sizeof(r));
	r.v = s->v;
	r.doc = doc;
	r.file = file;
	r.fn = fn;
	r.ctx = ctx;
	if (r.file == NULL)
		r.file = doc->URL ? (const char *)doc->URL : "-";
	if (s->xpath == NULL && (s->xpath = xmlXPathNewContext(doc)) == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory validating '%s'", r.file);
		goto out;
	}
	s->xpath->doc = doc;
	r.xpath = s->xpath;
	/* a record the fast path finds valid has no schema problem to report; any other goes
	 * through the full schema, which reports its problems */
	if (!fast_valid(s, doc)) {
		if (s->full == NULL && (s->full = xmlSchemaNewValidCtxt(s->v->schema)) == NULL) {
			rc = pk_error_set(err, PK_ENOMEM, "out of memory validating '%s'", r.file);
			goto out;
		}
		xmlSchemaSetValidStructuredErrors(s->full, on_xsd_error, &r);
		rc = xmlSchemaValidateDoc(s->full, doc);
		xmlSchemaSetValidStructuredErrors(s->full, NULL, NULL);
		if (rc < 0) {
			rc = pk_error_set(err, PK_EINTERNAL, "'%s': schema validation could not run", r.file);
			goto out;
		}
	}
	r.in_rules = 1;
	if (root != NULL && root->ns == NULL && xmlStrEqual(root->name, BAD_CAST "pep-record"))
		for (size_t i = 0; i < PK_ARRAY_LEN(rules) && !r.oom; i++)
			rules[i](&r, root);
	if (r.oom) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory validating '%s'", r.file);
		goto out;
	}
	if (r.count > MAX_REPORTED && fn != NULL) {
		char msg[96];

		snprintf(msg, sizeof(msg), "%d more problems not shown", r.count - MAX_REPORTED);
		fn(ctx, r.file, 0, "document", msg);
	}
	rc = r.count;
out:
	if (s->xpath != NULL)
		s->xpath->doc = NULL;
	if (rc < 0)
		session_drop(s);   /* after a failure, nothing half-used is kept */
	return rc;
}

int validate_record(validator *v, xmlDocPtr doc, const char *file, validate_report_fn fn,
		    void *ctx, pk_error *err)
{
	validate_session s = { v, NULL, NULL, NULL, 0 };
	int rc = validate_session_record(&s, doc, file, fn, ctx, err);

	session_drop(&s);
	return rc;
}

int validate_collapse_attributes(xmlNodePtr root)
{
	xmlNodePtr n = root;

	while (n != NULL) {
		for (xmlAttrPtr a = n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next) {
			xmlNodePtr t = a->children;
			const char *v;
			char *c;

			if (t == NULL || t->type != XML_TEXT_NODE || t->next != NULL || t->content == NULL)
				continue;
			v = (const char *)t->content;
			if (!(v[0] == ' ' || strpbrk(v, "\t\n\r") || strstr(v, "  ") ||
			      (v[0] && v[strlen(v) - 1] == ' ')))
				continue;
			if ((c = buf_collapse_spaces(v)) == NULL)
				return PK_ENOMEM;
			xmlNodeSetContent(t, BAD_CAST c);
			free(c);
		}
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != NULL && n != root && n->next == NULL)
			n = n->parent;
		n = (n == NULL || n == root) ? NULL : n->next;
	}
	return PK_OK;
}
