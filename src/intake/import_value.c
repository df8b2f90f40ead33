/*
 * import_value.c: one typed value as a person wrote it in a form box, read into the form the
 * record keeps: text trimmed, dates, percentages, numbers, money, choices, yes/no, people's
 * names (-> person ids), target numbers (-> target ids), references and slugs. A value that
 * cannot be read is reported (import_problem) with what the box expects.
 */
#include "core/pepkit.h"
#include "core/civil.h"
#include "intake/import_int.h"
#include "intake/mapping.h"
#include "core/buf.h"
#include "intake/scale.h"
#include "core/suggest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>


/* Does s hold anything but whitespace? */
int import_blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}


/* Copy s into a new buffer with whitespace runs collapsed to one space and trimmed
 * (buf_collapse_spaces). Caller frees. NULL on out of memory. */
char *import_collapse(const char *s)
{
	return buf_collapse_spaces(s);
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

/* Read 1 to max digits at *s into *v (advancing *s). Returns the number of digits read. */
static int digits(const char **s, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && isdigit((unsigned char)**s)) {
		*v = *v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return isdigit((unsigned char)**s) ? 0 : n;
}

/* The month (1-12) whose English name or three-letter abbreviation starts s (letters up to
 * the next non-letter), advancing *s; 0 if none. */
static int month_name(const char **s)
{
	static const char *const names[] = { "january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november", "december" };
	char w[16];
	size_t n = 0;

	while (isalpha((unsigned char)(*s)[n]) && n + 1 < sizeof(w)) {
		w[n] = (char)tolower((unsigned char)(*s)[n]);
		n++;
	}
	w[n] = '\0';
	if (n < 3 || isalpha((unsigned char)(*s)[n]))
		return 0;
	for (int m = 0; m < 12; m++)
		if (strncmp(names[m], w, n) == 0 && (n == 3 || names[m][n] == '\0' ||
						     (n == 4 && strcmp(w, "sept") == 0)))
			return (*s += n, m + 1);
	return 0;
}

/* A year of 4 digits, or 2 (taken as 20yy). Returns 1 if read. */
static int year(const char **s, int *y)
{
	int n = digits(s, 4, y);

	if (n == 2)
		*y += 2000;
	return n == 2 || n == 4;
}

/* Parse the day-first forms: d/m/y (separator '/', '-' or '.'; year of 4 or 2 digits) and
 * "d Month y" ("3 Dec 2025", "3rd December 25", "03-Dec-2025"). */
static int parse_uk_date(const char *s, int *y, int *m, int *d)
{
	char sep;

	if (digits(&s, 2, d) == 0)
		return 0;
	sep = *s;
	if (sep == '/' || sep == '-' || sep == '.') {
		s++;
		if (digits(&s, 2, m) && *s == sep) {
			s++;
			return year(&s, y) && *s == '\0';
		}
		if (sep == '.' || sep == '/')
			return 0;
	} else {
		if (strncasecmp(s, "st", 2) == 0 || strncasecmp(s, "nd", 2) == 0 ||
		    strncasecmp(s, "rd", 2) == 0 || strncasecmp(s, "th", 2) == 0)
			s += 2;
		if (*s != ' ')
			return 0;
		s++;
	}
	if ((*m = month_name(&s)) == 0)
		return 0;
	if (*s == '.')
		s++;
	if (*s != ' ' && *s != '-')
		return 0;
	s++;
	return year(&s, y) && *s == '\0';
}

static int parse_date(const char *s, char out[40]);

/* The length of date text s without a time of day after it, as Word's date picker, Excel and
 * merge's exports write one (" 09:00", " 9:00:00 AM", "T00:00:00Z"): strlen(s) if none. */
static size_t date_part(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 1; i + 1 < n; i++) {
		const char *t = s + i + 1;

		if ((s[i] != ' ' && s[i] != 'T') || !isdigit((unsigned char)t[0]))
			continue;
		if (!(t[1] == ':' || (isdigit((unsigned char)t[1]) && t[2] == ':')))
			continue;
		if (t[strspn(t, "0123456789:.Z+- APMapm")] == '\0')
			return i;
	}
	return n;
}

/* Parse a date as typed into out ("yyyy-mm-dd"): yyyy-mm-dd, or day first as people write
 * it in England: 3/12/2025, 03/12/25, 3.12.2025, 3-12-2025, 3 Dec 2025, 3 December 25; a
 * weekday before it ("Monday, 1 December 2025", as Word's date picker shows one), which must
 * be the date's, and a time of day after it ("01/12/2025 09:00", "2025-12-01T00:00:00Z") are
 * allowed. Returns 1 if it is a real calendar date from 1900 to 2199. */
int import_parse_date(const char *s, char out[40])
{
	char b[64];
	int wd = mapping_weekday(&s);
	size_t n = date_part(s);

	if (n >= sizeof(b))
		return 0;
	memcpy(b, s, n);
	b[n] = '\0';
	if (!parse_date(b, out))
		return 0;
	if (wd >= 0) {   /* 1970-01-01 was a Thursday (3) */
		long z = civil_days(atol(out), (unsigned)atoi(out + 5), (unsigned)atoi(out + 8));

		if ((int)(((z % 7) + 7 + 3) % 7) != wd)
			return 0;
	}
	return 1;
}

/* import_parse_date() of a date with no weekday or time. */
static int parse_date(const char *s, char out[40])
{
	int y, m, d;
	const char *p = s;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (digits(&p, 4, &y) == 4 && *p == '-') {
		p++;
		if (digits(&p, 2, &m) != 2 || *p++ != '-' || digits(&p, 2, &d) != 2 || *p != '\0')
			return 0;
	} else if (!parse_uk_date(s, &y, &m, &d)) {
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
			if (b == ' ' || b == '_')
				b = '-';
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

/* Titles people put before a name on a form ("Mr Brown"); matched case-insensitively with
 * an optional full stop. */
static const char *const titles[] = { "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir",
				      "dame", "rev", "cllr" };

/* Drop a leading title word from key (folded, single spaces) in place. */
static void drop_title(char *key)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(titles); i++) {
		size_t n = strlen(titles[i]);

		if (strncmp(key, titles[i], n) == 0 && (key[n] == ' ' || (key[n] == '.' && key[n + 1] == ' '))) {
			size_t skip = n + (key[n] == '.') + 1;

			memmove(key, key + skip, strlen(key + skip) + 1);
			return;
		}
	}
}

/*
 * The key two names are compared by: case folded, accents removed (canonical decomposition,
 * then combining marks dropped: "Siobhán Ó Briain" = "siobhan o briain"), full stops gone,
 * whitespace collapsed and a leading title dropped ("Ms Adaeze Adebayo" = "adaeze adebayo").
 * Uses ICU. Writes at most size bytes into out (names are short; longer input is cut).
 * Returns 1, or 0 when the text is not valid UTF-8 (out then holds the collapsed text).
 */
int import_name_key(const char *s, char *out, size_t size)
{
	UChar in[256], nfd[512], fold[512];
	UErrorCode e = U_ZERO_ERROR;
	int32_t n, i, k = 0;
	const UNormalizer2 *norm = unorm2_getNFDInstance(&e);
	int space = 1;

	u_strFromUTF8Lenient(in, PK_ARRAY_LEN(in) - 1, &n, s, (int32_t)strnlen(s, 240), &e);
	if (U_SUCCESS(e))
		n = unorm2_normalize(norm, in, n, nfd, PK_ARRAY_LEN(nfd), &e);
	if (U_SUCCESS(e))
		n = u_strFoldCase(fold, PK_ARRAY_LEN(fold), nfd, n, U_FOLD_CASE_DEFAULT, &e);
	if (U_FAILURE(e) || n >= (int32_t)PK_ARRAY_LEN(fold)) {
		char *c = import_collapse(s);

		snprintf(out, size, "%s", c ? c : "");
		free(c);
		return 0;
	}
	for (i = 0; i < n; i++) {
		UChar ch = fold[i];

		if (u_charType(ch) == U_NON_SPACING_MARK || ch == '.')
			continue;
		/* letters with a stroke or without a dot, which NFD keeps whole; exports in a
		 * single-byte code page write them as the plain letter ("Lukasz", "Yilmaz") */
		ch = ch == 0x131 ? 'i' : ch == 0x142 ? 'l' : ch == 0xF8 ? 'o' : ch == 0x111 ? 'd' :
		     ch == 0x127 ? 'h' : ch;
		if (u_isUWhiteSpace(ch) || ch == '-') {
			if (!space)
				in[k++] = ' ';
			space = 1;
			continue;
		}
		in[k++] = ch;
		space = 0;
	}
	if (k && in[k - 1] == ' ')
		k--;
	e = U_ZERO_ERROR;
	u_strToUTF8(out, (int32_t)size - 1, &n, in, k, &e);
	out[U_SUCCESS(e) && n < (int32_t)size ? n : 0] = '\0';
	drop_title(out);
	return 1;
}

int import_same_name(const char *a, const char *b)
{
	char x[512], y[512];

	import_name_key(a, x, sizeof(x));
	import_name_key(b, y, sizeof(y));
	return x[0] && strcmp(x, y) == 0;
}

/* The name (text of <name>) and id of person element p; NULL when p is not a person with
 * both. */
static const char *person_name(xmlNodePtr p, const char **id)
{
	xmlAttrPtr a;

	if (p->type != XML_ELEMENT_NODE || !xmlStrEqual(p->name, BAD_CAST "person"))
		return NULL;
	a = xmlHasProp(p, BAD_CAST "id");
	if (a == NULL || a->children == NULL || a->children->content == NULL)
		return NULL;
	*id = (const char *)a->children->content;
	for (xmlNodePtr c = p->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "name") &&
		    c->children && c->children->content)
			return (const char *)c->children->content;
	return NULL;
}

const char *import_person_id(import_state *im, const char *s)
{
	char want[512], key[512];

	import_name_key(s, want, sizeof(want));
	for (xmlNodePtr p = im->people ? im->people->children : NULL; p; p = p->next) {
		const char *id = NULL, *name = person_name(p, &id);

		if (name == NULL)
			continue;
		if (strcmp(id, s) == 0)
			return id;
		import_name_key(name, key, sizeof(key));
		if (want[0] && strcmp(key, want) == 0)
			return id;
	}
	return NULL;
}

/* Is part (a folded key) one whole word-run of key: its start, its end or all of it? */
static int word_part(const char *key, const char *part)
{
	size_t lk = strlen(key), lp = strlen(part);

	if (lp == 0 || lp >= lk)
		return 0;
	return (strncmp(key, part, lp) == 0 && key[lp] == ' ') ||
	       (strcmp(key + lk - lp, part) == 0 && key[lk - lp - 1] == ' ');
}

/* The name of the one person s is close to (only a first or family name, as "Mr Brown", or a
 * slip of a letter or two), for "did you mean"; NULL when none or more than one is. */
static const char *person_suggestion(import_state *im, const char *s)
{
	char want[512], key[512];
	const char *found = NULL;
	int count = 0;

	import_name_key(s, want, sizeof(want));
	for (xmlNodePtr p = im->people ? im->people->children : NULL; p && want[0]; p = p->next) {
		const char *id = NULL, *name = person_name(p, &id);
		size_t cap;

		if (name == NULL)
			continue;
		import_name_key(name, key, sizeof(key));
		cap = strlen(want) / 5 + 1;
		if (word_part(key, want) || suggest_distance(key, want, cap) <= cap) {
			found = name;
			count++;
		}
	}
	return count == 1 ? found : NULL;
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

/* A UPN (V_UPN): a reference as conv_token() reads it, its letters upper-cased, a leading
 * apostrophe (Excel's text prefix) and spaces typed to group it dropped, as merge reads the UPN
 * column of an export ("x803 2114 2104 7" is X803211421047 in both); its shape and check letter
 * are left to validation, with validate's messages. */
static int conv_upn(import_state *im, const import_field *f, const docx_control *c, char *v,
		    const char *text, char *out, size_t size)
{
	char *o = v;

	for (const char *p = v + (*v == '\''); *p; p++)
		if (*p != ' ')
			*o++ = *p;
	*o = '\0';
	if (!conv_token(im, f, c, v, text, out, size))
		return 0;
	for (char *p = out; *p; p++)   /* toupper() in the C locale pepkit runs in */
		*p = (char)toupper((unsigned char)*p);
	return 1;
}

/* A date (V_DATE): see import_parse_date(). */
static int conv_date(import_state *im, const import_field *f, const docx_control *c, char *v,
		     const char *text, char *out, size_t size)
{
	char tmp[40];

	(void)text;
	if (!import_parse_date(v, tmp)) {
		static const char *const days[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
						    "Friday", "Saturday", "Sunday" };
		const char *rest = v;
		int wd = mapping_weekday(&rest);

		if (wd >= 0 && import_parse_date(rest, tmp)) {   /* a date, and another day's name */
			long z = civil_days(atol(tmp), (unsigned)atoi(tmp + 5), (unsigned)atoi(tmp + 8));

			import_problem(im, c, f->tag, "'%.60s': %s is a %s, not a %s: which is meant cannot "
				       "be told", v, tmp, days[((z % 7) + 7 + 3) % 7], days[wd]);
			return 0;
		}
		import_problem(im, c, f->tag, "'%.60s' is not a date (e.g. 20/01/2026, 20/1/26, 20 Jan 2026 "
			       "or 2026-01-20)", v);
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
	if (scale_looks_fraction(v)) {  /* "0.9" for 90%; "0.9%" is 0.9 per cent */
		import_problem(im, c, f->tag, "'%.60s' looks like a fraction of 1, not a per cent: "
			       "write 90 for 0.9 (or 0.9%% for under one per cent)", v);
		out[0] = '\0';
		return 0;
	}
	if (len && v[len - 1] == '%')
		v[--len] = '\0';
	while (len && v[len - 1] == ' ')
		v[--len] = '\0';
	{   /* a decimal comma, as merge reads one ("95,2" is 95.2): one ',' between digits, no '.' */
		char *cm = strchr(v, ',');

		if (cm && cm > v && isdigit((unsigned char)cm[-1]) && isdigit((unsigned char)cm[1]) &&
		    !strchr(cm + 1, ',') && !strchr(v, '.'))
			*cm = '.';
	}
	if (!parse_decimal(v, 1, out, size, &num)) {
		/* more decimals ("95.24", as a school's system computes it) round half up at the
		 * tenth, as merge reads an export's attendance */
		long t = scale_percent_tenths(v);
		char r[48];

		if (t >= 0) {
			snprintf(r, sizeof(r), "%ld.%ld", t / 10, t % 10);
			if (!parse_decimal(r, 1, out, size, &num))
				num = 101;
		} else {
			num = 101;
		}
	}
	if (num > 100) {
		import_problem(im, c, f->tag, "'%.60s' is not a percentage from 0 to 100 (one decimal "
			       "place is kept; more are rounded)", v);
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
	if (c->choices) {   /* a drop-down: the words the person saw, not the codes kept */
		import_problem(im, c, f->tag, "'%.60s' is not one of the choices: %s", v, c->choices);
		out[0] = '\0';
		return 0;
	}
	snprintf(list, sizeof(list), "%s", f->arg);
	for (char *p = list; *p; p++)
		if (*p == '|')
			*p = ',';
	import_problem(im, c, f->tag, "'%.60s' is not one of: %s", v, list);
	out[0] = '\0';
	return 0;
}

/* Yes or no, as "true"/"false" (V_BOOL): a Yes/No list, or a check box (ticked: the
 * ballot-box glyphs Word shows, a tick or an x), or the words people use for presence. */
static int conv_bool(import_state *im, const import_field *f, const docx_control *c, char *v,
		     const char *text, char *out, size_t size)
{
	static const char *const yes[] = { "\xe2\x98\x92", "\xe2\x98\x91", "\xe2\x9c\x93",
					   "\xe2\x9c\x94", "\xe2\x9c\x97", "\xe2\x9c\x98" };
	char tmp[40];

	(void)text;
	for (size_t i = 0; i < PK_ARRAY_LEN(yes); i++)
		if (strcmp(v, yes[i]) == 0)
			return snprintf(out, size, "true"), 1;
	if (strcmp(v, "\xe2\x98\x90") == 0)  /* an empty check box */
		return snprintf(out, size, "false"), 1;
	if (match_enum(v, "yes|y|true|x|present|attended", tmp, sizeof(tmp))) {
		snprintf(out, size, "true");
	} else if (match_enum(v, "no|n|false|absent|apologies|did-not-attend", tmp, sizeof(tmp))) {
		snprintf(out, size, "false");
	} else {
		import_problem(im, c, f->tag, "'%.60s' is not yes or no", v);
		return 0;
	}
	return 1;
}

/* A person involved, by name or id, as their id (V_PERSON): names match ignoring case,
 * accents and titles; a near miss gets "did you mean". */
static int conv_person(import_state *im, const import_field *f, const docx_control *c, char *v,
		       const char *text, char *out, size_t size)
{
	const char *id = import_person_id(im, v), *like;

	(void)text;
	if (id != NULL) {
		snprintf(out, size, "%s", id);
		return 1;
	}
	like = person_suggestion(im, v);
	if (like)
		import_problem(im, c, f->tag, "'%.80s' is not one of the people involved: did you mean "
			       "'%.80s'?", v, like);
	else
		import_problem(im, c, f->tag, "'%.80s' is not one of the people involved (add them "
			       "under People involved)", v);
	return 0;
}

/* The id of the form's target numbered t (a used row of the first copy), or NULL. */
static const char *form_target(const import_state *im, const char *t)
{
	for (size_t i = 0; i < im->ntargets; i++)
		if (strcmp(im->targets[i].key, t) == 0 && im->targets[i].occ == 0 && im->targets[i].used)
			return im->targets[i].id;
	return NULL;
}

/* Is t (a word of a PP+ link box) filler: "Target", "targets", "and", "&", "T"? */
static int link_filler(const char *t)
{
	static const char *const words[] = { "target", "targets", "and", "&", "t", "no", "no.", "#" };

	for (size_t i = 0; i < PK_ARRAY_LEN(words); i++)
		if (strcasecmp(t, words[i]) == 0)
			return 1;
	return 0;
}

/* Is id the id of a target row of this form or of a target in the record merged into? */
static int known_target(const import_state *im, const char *id)
{
	for (size_t i = 0; i < im->ntargets; i++)
		if (im->targets[i].used && strcmp(im->targets[i].id, id) == 0)
			return 1;
	return im->into && import_id_taken(xmlDocGetRootElement(im->into), id);
}

/* Target numbers on this form ("1, 3", "Target 3", "targets 1 and 3", "#2") or references,
 * as a list of ids (V_TARGETS). A reference must be a target of this form or the record. */
static int conv_targets(import_state *im, const import_field *f, const docx_control *c, char *v,
			const char *text, char *out, size_t size)
{
	char *save = NULL;
	size_t used = 0;

	(void)text;
	for (char *t = strtok_r(v, " ,;/+", &save); t; t = strtok_r(NULL, " ,;/+", &save)) {
		const char *id = t;
		int n;

		if (link_filler(t))
			continue;
		if (*t == '#')
			t++;
		if (*t && strspn(t, "0123456789") == strlen(t)) {
			if ((id = form_target(im, t)) == NULL) {
				import_problem(im, c, f->tag, "there is no target %s on this form", t);
				out[0] = '\0';
				return 0;
			}
		} else if (!known_target(im, t)) {
			import_problem(im, c, f->tag, "'%.60s' is neither a target number on this form nor "
				       "a target of the record", t);
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

/*
 * A grade as people write it, as the scale's code: trimmed, case-folded to the scale's
 * spelling (scale_check, the same canonical form the merge writes) and the common words for
 * teacher-assessment and EYFS codes ("Expected" -> EXS, "Working towards" -> WTS, "Greater
 * depth" -> GDS, "Pre-key stage 6" -> PK6; EYFS "Emerging" -> 1, "Expected" -> 2).
 * NOTE for the lead: the merge's mapping profiles map grade words too (intake/merge.c,
 * intake/mapping.c); this small table should become one shared function when both land.
 * scale_name: the row's gradeScale token ("" or custom: the value is only trimmed).
 * Returns 1 with out set, or 0 with *why saying what the scale accepts.
 */
int import_grade(const char *scale_name, const char *v, char *out, size_t size, const char **why)
{
	static const char *const words[][3] = {
		{ "ks-ta", "expected|exp|expected standard|exs", "EXS" },
		{ "ks-ta", "working towards|working towards the expected standard|wt|wts", "WTS" },
		{ "ks-ta", "greater depth|gd|gds|working at greater depth", "GDS" },
		{ "ks-ta", "has not met|not met|hnm", "HNM" },
		{ "eyfs-elg", "emerging", "1" },
		{ "eyfs-elg", "expected", "2" },
	};
	int kind = scale_name && *scale_name ? scale_kind_from_name(scale_name) : -1;
	char low[64], tmp[16];
	size_t n = 0;

	*why = "";
	if (kind < 0 || kind == SCALE_CUSTOM) {
		snprintf(out, size, "%s", v);
		return 1;
	}
	for (; v[n] && n + 1 < sizeof(low); n++)
		low[n] = (char)tolower((unsigned char)(v[n] == '-' ? ' ' : v[n]));
	low[n] = '\0';
	for (size_t i = 0; i < PK_ARRAY_LEN(words); i++)
		if (strcmp(words[i][0], scale_name) == 0 && match_enum(low, words[i][1], tmp, sizeof(tmp)))
			return snprintf(out, size, "%s", words[i][2]), 1;
	if (kind == SCALE_KS_TA && strncmp(low, "pre key stage ", 14) == 0 && low[14] >= '1' &&
	    low[14] <= '6' && low[15] == '\0')
		return snprintf(out, size, "PK%c", low[14]), 1;
	return scale_check(scale_builtin(kind), v, out, size, why);
}

/* A grade on the row's scale (V_GRADE; im->row_scale holds the row's scale box). */
static int conv_grade(import_state *im, const import_field *f, const docx_control *c, char *v,
		      const char *text, char *out, size_t size)
{
	const char *why = "";

	(void)text;
	if (import_grade(im->row_scale, v, out, size, &why))
		return 1;
	import_problem(im, c, f->tag, "'%.60s' is not a result on the %s scale (%s)", v,
		       im->row_scale, why);
	out[0] = '\0';
	return 0;
}

/* The converter for each value type, indexed by enum vtype. */
static const conv_fn converters[] = {
	[V_TEXT] = conv_text,       [V_LONG] = conv_text,       [V_PARAS] = conv_text,
	[V_ITEMS] = conv_text,      [V_DATE] = conv_date,       [V_PERCENT] = conv_percent,
	[V_UINT] = conv_number,     [V_DECIMAL] = conv_number,  [V_MONEY] = conv_money,
	[V_ENUM] = conv_enum,       [V_BOOL] = conv_bool,       [V_PERSON] = conv_person,
	[V_TARGETS] = conv_targets, [V_TOKEN] = conv_token,     [V_ROWKEY] = conv_enum,
	[V_LABEL] = conv_text,      [V_TARGETID] = conv_token,  [V_SLUG] = conv_slug,
	[V_GRADE] = conv_grade,     [V_UPN] = conv_upn,
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

/* 1 if c is part of a word: a letter or digit, or a byte of a UTF-8 character. */
static int word_byte(unsigned char c)
{
	return c >= 0x80 || isalnum(c);
}

int import_key_has_word(const char *w, const char *key)
{
	size_t n = strlen(w);

	for (const char *p = key; (p = strstr(p, w)) != NULL; p++)
		if ((p == key || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

void import_withhold_names(char *text, size_t size, const char *const *names, int n,
			   const char *mark)
{
	char keys[1024], word[256], wk[256], *out;
	size_t k = 0, i = 0, len = strlen(text), ml = strlen(mark), kl = 0, cap;
	int hit = 0;

	for (int j = 0; j < n; j++) {   /* every name's words, keyed, one string */
		if (names[j] == NULL || !*names[j] || kl + 2 >= sizeof(keys))
			continue;
		if (kl)
			keys[kl++] = ' ';
		import_name_key(names[j], keys + kl, sizeof(keys) - kl);
		kl += strlen(keys + kl);
	}
	keys[kl] = '\0';
	cap = len + (len / 2 + 1) * ml + 1;   /* every word of two bytes a mark */
	if (kl == 0 || (out = malloc(cap)) == NULL)
		return;
	while (i < len) {
		size_t l = 0;

		if (!word_byte((unsigned char)text[i])) {
			out[k++] = text[i++];
			continue;
		}
		while (i + l < len && word_byte((unsigned char)text[i + l]))
			l++;
		wk[0] = '\0';
		if (l < sizeof(word)) {
			memcpy(word, text + i, l);
			word[l] = '\0';
			import_name_key(word, wk, sizeof(wk));
		}
		if (strlen(wk) >= 2 && strchr(wk, ' ') == NULL && import_key_has_word(wk, keys)) {
			memcpy(out + k, mark, ml);
			k += ml;
			hit = 1;
		} else {
			memcpy(out + k, text + i, l);
			k += l;
		}
		i += l;
	}
	out[k] = '\0';
	if (hit)
		snprintf(text, size, "%s", out);
	free(out);
}
