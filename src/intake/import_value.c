/*
 * import_value.c: one typed value as a person wrote it in a form box, read into the form the
 * record keeps: text trimmed, dates, percentages, numbers, money, choices, yes/no, people's
 * names (-> person ids), target numbers (-> target ids), references and slugs. A value that
 * cannot be read is reported (import_problem) with what the box expects.
 */
#include "core/pepkit.h"
#include "intake/import_int.h"
#include "core/buf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* Does s hold anything but whitespace? */
int import_blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}


/* Copy s into a new buffer with whitespace runs collapsed to one space and trimmed.
 * Caller frees. NULL on out of memory. */
char *import_collapse(const char *s)
{
	char *o = malloc(strlen(s) + 1), *p = o;
	int space = 1;

	if (o == NULL)
		return NULL;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			if (!space)
				*p++ = ' ';
			space = 1;
		} else {
			*p++ = *s;
			space = 0;
		}
	}
	if (p > o && p[-1] == ' ')
		p--;
	*p = '\0';
	return o;
}

/* Number of UTF-8 characters in s. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Parse a date as typed: yyyy-mm-dd, or dd/mm/yyyy (also with - or .), into out
 * ("yyyy-mm-dd"). Returns 1 if it is a real calendar date. */
int import_parse_date(const char *s, char out[40])
{
	int y, m, d, n = 0;
	char sep1, sep2;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && s[n] == '\0' && s[4] == '-') {
		/* ISO */
	} else if (sscanf(s, "%2d%c%2d%c%4d%n", &d, &sep1, &m, &sep2, &y, &n) == 5 && s[n] == '\0' &&
		   sep1 == sep2 && (sep1 == '/' || sep1 == '-' || sep1 == '.') && y >= 1000) {
		/* UK order */
	} else {
		return 0;
	}
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	snprintf(out, 40, "%04d-%02d-%02d", y, m, d);
	return 1;
}

/* Parse a non-negative decimal with at most maxfrac digits after the point (strict: digits,
 * one point). Copies the canonical text (no leading zeros kept beyond one, fraction as typed)
 * into out. Returns 1 if valid; *value gets the number. */
static int parse_decimal(const char *s, int maxfrac, char *out, size_t size, double *value)
{
	size_t i = 0, ndig = 0, nfrac = 0;
	int point = 0;

	for (; s[i]; i++) {
		if (isdigit((unsigned char)s[i]))
			point ? nfrac++ : ndig++;
		else if (s[i] == '.' && !point)
			point = 1;
		else
			return 0;
	}
	if (ndig == 0 || (point && nfrac == 0) || (int)nfrac > maxfrac || ndig > 9)
		return 0;
	snprintf(out, size, "%s", s);
	*value = strtod(s, NULL);
	return 1;
}

/* Does s match one of choices ("a|b|c") ignoring case, spaces vs hyphens? Copies the choice
 * into out. Returns 1 on a match. */
static int match_enum(const char *s, const char *choices, char *out, size_t size)
{
	const char *c = choices;

	while (*c) {
		const char *e = strchr(c, '|');
		size_t len = e ? (size_t)(e - c) : strlen(c), i;

		for (i = 0; i < len && s[i]; i++) {
			char a = (char)tolower((unsigned char)s[i]), b = (char)tolower((unsigned char)c[i]);

			if (a == ' ' || a == '_')
				a = '-';
			if (a != b)
				break;
		}
		if (i == len && s[i] == '\0') {
			snprintf(out, size, "%.*s", (int)len, c);
			return 1;
		}
		c += len;
		if (*c == '|')
			c++;
	}
	return 0;
}

/* Case-insensitive comparison of two names with whitespace collapsed (ASCII case only;
 * other letters must match exactly). */
int import_same_name(const char *a, const char *b)
{
	char *x = import_collapse(a), *y = import_collapse(b);
	int same = x && y && strcasecmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* The id of the person in im->people named (or with id) s, or NULL. Points into the tree. */
const char *import_person_id(import_state *im, const char *s)
{
	for (xmlNodePtr p = im->people ? im->people->children : NULL; p; p = p->next) {
		xmlAttrPtr id;

		if (p->type != XML_ELEMENT_NODE || !xmlStrEqual(p->name, BAD_CAST "person"))
			continue;
		id = xmlHasProp(p, BAD_CAST "id");
		if (id == NULL || id->children == NULL)
			continue;
		if (strcmp((const char *)id->children->content, s) == 0)
			return (const char *)id->children->content;
		for (xmlNodePtr c = p->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "name") &&
			    c->children && c->children->content &&
			    import_same_name((const char *)c->children->content, s))
				return (const char *)id->children->content;
	}
	return NULL;
}

/* The converters below share one shape: v is the value with whitespace collapsed (theirs to
 * change), text the value as typed (lines kept); they write the record's form into out (size
 * bytes) and return 1, or report a problem and return 0 with out "". */
typedef int (*conv_fn)(import_state *im, const import_field *f, const docx_control *c, char *v,
		       const char *text, char *out, size_t size);

/* Text: one line of at most 200 characters (V_TEXT, V_LABEL: whitespace collapsed), or free
 * text kept as typed, lines and all (V_LONG, V_PARAS, V_ITEMS). */
static int conv_text(import_state *im, const import_field *f, const docx_control *c, char *v,
		     const char *text, char *out, size_t size)
{
	int line = f->type == V_TEXT || f->type == V_LABEL;

	if (line ? utf8_len(v) > 200 : strlen(text) >= size) {
		import_problem(im, c, f->tag, "longer than %zu characters", line ? (size_t)200 : size - 1);
		return 0;
	}
	snprintf(out, size, "%s", line ? v : text);
	return 1;
}

/* A reference: no spaces, at most 40 bytes (V_TOKEN, V_TARGETID). */
static int conv_token(import_state *im, const import_field *f, const docx_control *c, char *v,
		      const char *text, char *out, size_t size)
{
	(void)text;
	if (strchr(v, ' ') || strlen(v) > 40) {
		import_problem(im, c, f->tag, "'%.60s' is not a reference (letters, digits, '.', '_' "
			       "or '-', at most 40)", v);
		return 0;
	}
	snprintf(out, size, "%s", v);
	return 1;
}

/* A date (V_DATE): see import_parse_date(). */
static int conv_date(import_state *im, const import_field *f, const docx_control *c, char *v,
		     const char *text, char *out, size_t size)
{
	char tmp[40];

	(void)text;
	if (!import_parse_date(v, tmp)) {
		import_problem(im, c, f->tag, "'%.60s' is not a date (use yyyy-mm-dd, e.g. 2026-01-20)", v);
		return 0;
	}
	snprintf(out, size, "%s", tmp);
	return 1;
}

/* A percentage 0-100 with at most one decimal place, "%" allowed (V_PERCENT). */
static int conv_percent(import_state *im, const import_field *f, const docx_control *c, char *v,
			const char *text, char *out, size_t size)
{
	size_t len = strlen(v);
	double num;

	(void)text;
	if (len && v[len - 1] == '%')
		v[--len] = '\0';
	while (len && v[len - 1] == ' ')
		v[--len] = '\0';
	if (!parse_decimal(v, 1, out, size, &num) || num > 100) {
		import_problem(im, c, f->tag, "'%.60s' is not a percentage from 0 to 100 with at most "
			       "one decimal place", v);
		out[0] = '\0';
		return 0;
	}
	return 1;
}

/* A number >= 0: whole (V_UINT), or with at most two decimal places (V_DECIMAL). */
static int conv_number(import_state *im, const import_field *f, const docx_control *c, char *v,
		       const char *text, char *out, size_t size)
{
	int whole = f->type == V_UINT;
	double num;

	(void)text;
	if (!parse_decimal(v, whole ? 0 : 2, out, size, &num)) {
		import_problem(im, c, f->tag, "'%.60s' is not a %s", v, whole ? "whole number" : "number");
		out[0] = '\0';
		return 0;
	}
	return 1;
}

/* An amount in pounds ("£1,200", "450.5"), written with two decimal places (V_MONEY). */
static int conv_money(import_state *im, const import_field *f, const docx_control *c, char *v,
		      const char *text, char *out, size_t size)
{
	char digits[64], tmp[40];
	size_t k = 0;
	double num;
	const char *pt;

	(void)text;
	for (const char *p = v; *p && k + 1 < sizeof(digits); p++) {
		if (*p == ',' || *p == ' ')
			continue;
		if (strncmp(p, "\xc2\xa3", 2) == 0) {  /* £ */
			p++;
			continue;
		}
		digits[k++] = *p;
	}
	digits[k] = '\0';
	if (!parse_decimal(digits, 2, tmp, sizeof(tmp), &num) || num > 100000) {
		import_problem(im, c, f->tag, "'%.60s' is not an amount in pounds (e.g. 450 or 450.00)", v);
		return 0;
	}
	pt = strchr(tmp, '.');
	/* two decimal places exactly, as the record keeps money */
	snprintf(out, size, "%s%s", tmp, !pt ? ".00" : pt[2] ? "" : "0");
	return 1;
}

/* One of the field's choices (V_ENUM, V_ROWKEY). */
static int conv_enum(import_state *im, const import_field *f, const docx_control *c, char *v,
		     const char *text, char *out, size_t size)
{
	char list[400];

	(void)text;
	if (match_enum(v, f->arg, out, size))
		return 1;
	snprintf(list, sizeof(list), "%s", f->arg);
	for (char *p = list; *p; p++)
		if (*p == '|')
			*p = ',';
	import_problem(im, c, f->tag, "'%.60s' is not one of: %s", v, list);
	out[0] = '\0';
	return 0;
}

/* Yes or no, as "true"/"false" (V_BOOL). */
static int conv_bool(import_state *im, const import_field *f, const docx_control *c, char *v,
		     const char *text, char *out, size_t size)
{
	char tmp[40];

	(void)text;
	if (match_enum(v, "yes|y|true", tmp, sizeof(tmp))) {
		snprintf(out, size, "true");
	} else if (match_enum(v, "no|n|false", tmp, sizeof(tmp))) {
		snprintf(out, size, "false");
	} else {
		import_problem(im, c, f->tag, "'%.60s' is not yes or no", v);
		return 0;
	}
	return 1;
}

/* A person involved, by name or id, as their id (V_PERSON). */
static int conv_person(import_state *im, const import_field *f, const docx_control *c, char *v,
		       const char *text, char *out, size_t size)
{
	const char *id = import_person_id(im, v);

	(void)text;
	if (id == NULL) {
		import_problem(im, c, f->tag, "'%.80s' is not one of the people involved (add them "
			       "under People involved)", v);
		return 0;
	}
	snprintf(out, size, "%s", id);
	return 1;
}

/* The id of the form's target numbered t (a used row of the first copy), or NULL. */
static const char *form_target(const import_state *im, const char *t)
{
	for (size_t i = 0; i < im->ntargets; i++)
		if (strcmp(im->targets[i].key, t) == 0 && im->targets[i].occ == 0 && im->targets[i].used)
			return im->targets[i].id;
	return NULL;
}

/* Target numbers on this form or references, as a list of ids (V_TARGETS). */
static int conv_targets(import_state *im, const import_field *f, const docx_control *c, char *v,
			const char *text, char *out, size_t size)
{
	char *save = NULL;
	size_t used = 0;

	(void)text;
	for (char *t = strtok_r(v, " ,;", &save); t; t = strtok_r(NULL, " ,;", &save)) {
		const char *id = t;
		int n;

		if (strspn(t, "0123456789") == strlen(t) && (id = form_target(im, t)) == NULL) {
			import_problem(im, c, f->tag, "there is no target %s on this form", t);
			out[0] = '\0';
			return 0;
		}
		n = snprintf(out + used, size - used, "%s%s", used ? " " : "", id);
		if (n < 0 || (size_t)n >= size - used) {
			import_problem(im, c, f->tag, "too many targets");
			out[0] = '\0';
			return 0;
		}
		used += (size_t)n;
	}
	return 1;
}

/* An id made from the value: lower-case letters and digits joined by '-' (V_SLUG). */
static int conv_slug(import_state *im, const import_field *f, const docx_control *c, char *v,
		     const char *text, char *out, size_t size)
{
	size_t k = 0;

	(void)im, (void)f, (void)c, (void)text;
	for (const char *p = v; *p && k < 39 && k + 1 < size; p++) {
		if (isalnum((unsigned char)*p))
			out[k++] = (char)tolower((unsigned char)*p);
		else if (k && out[k - 1] != '-')
			out[k++] = '-';
	}
	while (k && out[k - 1] == '-')
		k--;
	if (k == 0)
		out[k++] = 's';
	out[k] = '\0';
	return 1;
}

/* The converter for each value type, indexed by enum vtype. */
static const conv_fn converters[] = {
	[V_TEXT] = conv_text,       [V_LONG] = conv_text,       [V_PARAS] = conv_text,
	[V_ITEMS] = conv_text,      [V_DATE] = conv_date,       [V_PERCENT] = conv_percent,
	[V_UINT] = conv_number,     [V_DECIMAL] = conv_number,  [V_MONEY] = conv_money,
	[V_ENUM] = conv_enum,       [V_BOOL] = conv_bool,       [V_PERSON] = conv_person,
	[V_TARGETS] = conv_targets, [V_TOKEN] = conv_token,     [V_ROWKEY] = conv_enum,
	[V_LABEL] = conv_text,      [V_TARGETID] = conv_token,  [V_SLUG] = conv_slug,
};

int import_convert(import_state *im, const import_field *f, const docx_control *c,
		   const char *text, char *out, size_t size)
{
	char *v;
	int ok;

	out[0] = '\0';
	if (text == NULL || import_blank(text))
		return 1;
	if ((v = import_collapse(text)) == NULL) {
		im->rc = PK_ENOMEM;
		return 0;
	}
	ok = converters[f->type](im, f, c, v, text, out, size);
	free(v);
	return ok;
}



/* Append one child named name per non-blank line of text to e, each line trimmed. */
int import_add_lines(xmlNodePtr e, const char *name, const char *text)
{
	const char *s = text;

	while (*s) {
		const char *e2 = strchr(s, '\n');
		size_t len = e2 ? (size_t)(e2 - s) : strlen(s);
		char *line = malloc(len + 1), *v;

		if (line == NULL)
			return PK_ENOMEM;
		memcpy(line, s, len);
		line[len] = '\0';
		v = import_collapse(line);
		free(line);
		if (v == NULL)
			return PK_ENOMEM;
		if (*v) {
			xmlNodePtr p = xmlNewChild(e, NULL, BAD_CAST name, NULL);

			if (p == NULL) {
				free(v);
				return PK_ENOMEM;
			}
			xmlNodeAddContent(p, BAD_CAST v);
		}
		free(v);
		s += len;
		if (*s == '\n')
			s++;
	}
	return PK_OK;
}

/* Trim each line of text and drop blank lines; lines joined by "\n". New string or NULL. */
char *import_trim_lines(const char *text)
{
	pk_buf b = PK_BUF_INIT;
	const char *s = text;
	int rc = PK_OK;

	while (*s && rc == PK_OK) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *line = strndup(s, len), *v = line ? import_collapse(line) : NULL;

		if (v == NULL)
			rc = PK_ENOMEM;
		else if (*v)
			rc = (b.len ? buf_puts(&b, "\n") : PK_OK) == PK_OK ? buf_puts(&b, v) : PK_ENOMEM;
		free(line);
		free(v);
		s += len;
		if (*s == '\n')
			s++;
	}
	if (rc != PK_OK) {
		buf_free(&b);
		return NULL;
	}
	return b.data ? b.data : strdup("");
}
