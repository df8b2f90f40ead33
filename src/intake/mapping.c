/*
 * mapping.c: loading mapping profiles and the lookups merge needs (see mapping.h).
 */
#include "core/pepkit.h"
#include "intake/mapping.h"
#include "core/xsd.h"
#include "core/xmlsafe.h"
#include "core/civil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* A copy of attribute name of n, or NULL if absent. Sets *oom on allocation failure. */
static char *attr(xmlNodePtr n, const char *name, int *oom)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	if (s == NULL)
		*oom = 1;
	return s;
}

/* Number of element children of n named name. */
static size_t count_children(xmlNodePtr n, const char *name)
{
	size_t k = 0;

	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		k += c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, (const xmlChar *)name) == 0;
	return k;
}

/* First element child of n named name, or NULL. */
static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, (const xmlChar *)name) == 0)
			return c;
	return NULL;
}


/* Fill pairs (from attribute fa, to attribute ta) from the children named name of parent.
 * Returns the array (count in *n), NULL with *n 0 when there are none; sets *oom on failure. */
static map_pair *load_pairs(xmlNodePtr parent, const char *name, const char *fa, const char *ta,
			    size_t *n, int *oom)
{
	size_t k = count_children(parent, name), i = 0;
	map_pair *p;

	*n = 0;
	if (k == 0)
		return NULL;
	p = calloc(k, sizeof(*p));
	if (p == NULL) {
		*oom = 1;
		return NULL;
	}
	for (xmlNodePtr c = parent->children; c; c = c->next) {
		char *skip;

		if (c->type != XML_ELEMENT_NODE || xmlStrcmp(c->name, (const xmlChar *)name) != 0)
			continue;
		p[i].from = attr(c, fa, oom);
		p[i].to = attr(c, ta, oom);
		if (strcmp(name, "subject") == 0)
			p[i].aspect = attr(c, "aspect", oom);
		skip = attr(c, "skip", oom);
		p[i].skip = skip && (strcmp(skip, "true") == 0 || strcmp(skip, "1") == 0);
		free(skip);
		i++;
	}
	*n = i;
	return p;
}

/* Fill m's scales (custom definitions and rules) from <scales>. Sets *oom on failure. */
static void load_scales(mapping *m, xmlNodePtr sc, int *oom)
{
	size_t nc = count_children(sc, "custom"), nr = count_children(sc, "rule");

	if (sc == NULL)
		return;

	m->custom = nc ? calloc(nc, sizeof(*m->custom)) : NULL;
	m->rules = nr ? calloc(nr, sizeof(*m->rules)) : NULL;
	if ((nc && !m->custom) || (nr && !m->rules)) {
		*oom = 1;
		return;
	}
	for (xmlNodePtr c = sc->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(c->name, (const xmlChar *)"custom") == 0) {
			scale *s = &m->custom[m->ncustom++];
			char *codes = attr(c, "codes", oom), *min = attr(c, "min", oom),
			     *max = attr(c, "max", oom);

			s->kind = SCALE_CUSTOM;
			s->name = attr(c, "name", oom);
			s->min = min ? atol(min) : 0;
			s->max = max ? atol(max) : 0;
			if (codes) {
				size_t k = 0;
				char *save = NULL;

				for (char *p = codes; *p; p++)   /* every separator strtok_r() takes */
					k += *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
				s->codes = calloc(k + 1, sizeof(char *));
				if (s->codes == NULL)
					*oom = 1;
				for (char *t = strtok_r(codes, " \t\r\n", &save); t && s->codes;
				     t = strtok_r(NULL, " \t\r\n", &save)) {
					s->codes[s->ncodes] = strdup(t);
					if (s->codes[s->ncodes++] == NULL)
						*oom = 1;
				}
			}
			free(codes);
			free(min);
			free(max);
		} else if (xmlStrcmp(c->name, (const xmlChar *)"rule") == 0) {
			map_rule *r = &m->rules[m->nrules++];
			char *sc_name = attr(c, "scale", oom), *custom = attr(c, "custom", oom);
			int k = sc_name ? scale_kind_from_name(sc_name) : SCALE_PERCENT;

			r->key_stage = attr(c, "key-stage", oom);
			r->subject = attr(c, "subject", oom);
			r->aspect = attr(c, "aspect", oom);
			r->scale = k == SCALE_CUSTOM ? NULL : scale_builtin(k);
			for (size_t i = 0; k == SCALE_CUSTOM && custom && i < m->ncustom; i++)
				if (m->custom[i].name && strcmp(m->custom[i].name, custom) == 0)
					r->scale = &m->custom[i];
			free(sc_name);
			free(custom);
		}
	}
}

/* Fill m's grade words and no-result words from <grades>. Sets *oom on failure. */
static void load_grades(mapping *m, xmlNodePtr g, int *oom)
{
	size_t ng = count_children(g, "grade"), nn = count_children(g, "no-result");
	char *s;

	if (g == NULL)
		return;
	s = attr(g, "fine", oom);
	m->fine = s && strcmp(s, "lower") == 0 ? MAP_FINE_LOWER
		: s && strcmp(s, "upper") == 0 ? MAP_FINE_UPPER : MAP_FINE_REJECT;
	free(s);
	m->grades = ng ? calloc(ng, sizeof(*m->grades)) : NULL;
	m->no_result = nn ? calloc(nn, sizeof(*m->no_result)) : NULL;
	if ((ng && !m->grades) || (nn && !m->no_result)) {
		*oom = 1;
		return;
	}
	for (xmlNodePtr c = g->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(c->name, (const xmlChar *)"grade") == 0) {
			map_grade *gr = &m->grades[m->ngrades++];

			gr->word = attr(c, "word", oom);
			gr->code = attr(c, "code", oom);
			s = attr(c, "scale", oom);
			gr->kind = s ? scale_kind_from_name(s) : -1;
			free(s);
		} else if (xmlStrcmp(c->name, (const xmlChar *)"no-result") == 0) {
			m->no_result[m->nno_result++] = attr(c, "word", oom);
		}
	}
}

/* Refuse a code longer than SCALE_CODE_MAX bytes (a custom scale's codes, a grade word's code):
 * no result could ever be read as it, so every row would be "not on the scale" while the
 * profile names it. The schema counts characters, not bytes, so this counts bytes. Returns
 * PK_OK, or PK_EINVAL with err naming the profile, line, scale or word and the code. */
static int check_codes(const char *path, xmlNodePtr root, pk_error *err)
{
	static const char *const where[][3] = { { "scales", "custom", "codes" },
						{ "grades", "grade", "code" } };

	for (size_t w = 0; w < PK_ARRAY_LEN(where); w++)
		for (xmlNodePtr c = child(root, where[w][0]) ? child(root, where[w][0])->children : NULL;
		     c; c = c->next) {
			xmlChar *v;
			const char *p, *bad = NULL;
			size_t n = 0;
			int rc;

			if (c->type != XML_ELEMENT_NODE || xmlStrcmp(c->name, BAD_CAST where[w][1]) != 0 ||
			    (v = xmlGetProp(c, BAD_CAST where[w][2])) == NULL)
				continue;
			for (p = (const char *)v; *p && bad == NULL; p += n) {
				p += strspn(p, " \t\r\n");
				n = strcspn(p, " \t\r\n");
				if (w == 1)   /* a grade's code is one value, blanks and all */
					n = strlen(p);
				if (n > SCALE_CODE_MAX)
					bad = p;
			}
			if (bad == NULL) {
				xmlFree(v);
				continue;
			}
			rc = pk_error_set(err, PK_EINVAL, "'%s' line %ld: %s: code '%.*s' is %zu bytes "
					  "long; a code is at most %d bytes", path, xmlGetLineNo(c),
					  w == 0 ? "scales/custom/@codes" : "grades/grade/@code", (int)n, bad, n,
					  SCALE_CODE_MAX);
			xmlFree(v);
			return rc;
		}
	return PK_OK;
}

int mapping_load(const char *path, mapping **out, pk_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr root, shape, n;
	mapping *m = NULL;
	int rc, oom = 0;
	char *s;

	*out = NULL;
	doc = xsd_read_valid(path, "mapping.xsd", "mapping profile", err);
	if (doc == NULL)
		return err ? err->code : PK_EINVAL;
	root = xmlDocGetRootElement(doc);
	if ((rc = check_codes(path, root, err)) != PK_OK)
		goto out;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		goto nomem;
	m->name = attr(root, "name", &oom);
	m->path = strdup(path);
	oom |= m->path == NULL;
	m->encoding = attr(root, "encoding", &oom);
	s = attr(root, "date-format", &oom);
	m->date_format = s && strcmp(s, "iso") == 0 ? MAP_ISO
		: s && strcmp(s, "mm/dd/yyyy") == 0 ? MAP_MDY : MAP_DMY;
	free(s);
	shape = child(root, "long");
	m->shape = shape ? MAP_LONG : MAP_WIDE;
	if (shape == NULL)
		shape = child(root, "wide");
	m->key_col = attr(shape, "key", &oom);
	s = attr(shape, "key-type", &oom);
	m->key_kind = s && strcmp(s, "la-child-id") == 0 ? MAP_KEY_LA_CHILD_ID : MAP_KEY_UPN;
	free(s);
	m->term_col = attr(shape, "term", &oom);
	m->date_col = attr(shape, "date", &oom);
	m->surname_col = attr(shape, "surname", &oom);
	m->forename_col = attr(shape, "forename", &oom);
	m->subject_col = attr(shape, "subject", &oom);
	m->aspect_col = attr(shape, "aspect", &oom);
	m->result_col = attr(shape, "result", &oom);
	if (m->shape == MAP_WIDE) {
		size_t k = count_children(shape, "column");

		s = attr(shape, "headers", &oom);
		m->bromcom = s && strcmp(s, "bromcom") == 0;
		free(s);
		free(m->subject_col);   /* on <wide> these are explicit column attributes */
		m->subject_col = NULL;
		m->columns = k ? calloc(k, sizeof(*m->columns)) : NULL;
		if (k && m->columns == NULL)
			goto nomem;
		for (n = shape->children; n; n = n->next) {
			map_column *c;

			if (n->type != XML_ELEMENT_NODE)
				continue;
			c = &m->columns[m->ncolumns++];
			c->header = attr(n, "header", &oom);
			c->subject = attr(n, "subject", &oom);
			c->aspect = attr(n, "aspect", &oom);
			c->term = attr(n, "term", &oom);
		}
	}
	if ((n = child(root, "attendance")) != NULL)
		m->attendance_col = attr(n, "column", &oom);
	if ((n = child(root, "exclusions")) != NULL) {
		m->exc_type_col = attr(n, "type", &oom);
		m->exc_start_col = attr(n, "start", &oom);
		m->exc_days_col = attr(n, "days", &oom);
		m->exc_reason_col = attr(n, "reason", &oom);
	}
	m->terms = load_pairs(child(root, "terms"), "term", "name", "id", &m->nterms, &oom);
	m->subjects = load_pairs(child(root, "subjects"), "subject", "name", "as", &m->nsubjects,
				 &oom);
	m->types = load_pairs(child(root, "assessment-types"), "type", "name", "aspect", &m->ntypes,
			      &oom);
	load_grades(m, child(root, "grades"), &oom);
	load_scales(m, child(root, "scales"), &oom);
	if (oom)
		goto nomem;
	if (m->shape == MAP_LONG && (!m->subject_col != !m->result_col ||
				     (!m->subject_col && !m->attendance_col && !m->exc_start_col))) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': the profile maps no values (a long export "
				  "needs subject and result columns, attendance or exclusions)", path);
		goto out;
	}
	*out = m;
	m = NULL;
	rc = PK_OK;
	goto out;
nomem:
	rc = pk_error_set(err, PK_ENOMEM, "'%s': out of memory", path);
out:
	mapping_free(m);
	xmlFreeDoc(doc);
	return rc;
}

/* Free an array of n pairs. */
static void free_pairs(map_pair *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++) {
		free(p[i].from);
		free(p[i].to);
		free(p[i].aspect);
	}
	free(p);
}

void mapping_free(mapping *m)
{
	if (m == NULL)
		return;
	free(m->name);
	free(m->path);
	free(m->encoding);
	for (size_t i = 0; i < m->ngrades; i++) {
		free(m->grades[i].word);
		free(m->grades[i].code);
	}
	free(m->grades);
	for (size_t i = 0; i < m->nno_result; i++)
		free(m->no_result[i]);
	free(m->no_result);
	free(m->key_col);
	free(m->subject_col);
	free(m->aspect_col);
	free(m->result_col);
	free(m->term_col);
	free(m->date_col);
	free(m->surname_col);
	free(m->forename_col);
	free(m->attendance_col);
	free(m->exc_type_col);
	free(m->exc_start_col);
	free(m->exc_days_col);
	free(m->exc_reason_col);
	for (size_t i = 0; i < m->ncolumns; i++) {
		free(m->columns[i].header);
		free(m->columns[i].subject);
		free(m->columns[i].aspect);
		free(m->columns[i].term);
	}
	free(m->columns);
	free_pairs(m->terms, m->nterms);
	free_pairs(m->subjects, m->nsubjects);
	free_pairs(m->types, m->ntypes);
	for (size_t i = 0; i < m->nrules; i++) {
		free(m->rules[i].key_stage);
		free(m->rules[i].subject);
		free(m->rules[i].aspect);
	}
	free(m->rules);
	for (size_t i = 0; i < m->ncustom; i++) {
		free(m->custom[i].name);
		for (size_t j = 0; j < m->custom[i].ncodes; j++)
			free(m->custom[i].codes[j]);
		free(m->custom[i].codes);
	}
	free(m->custom);
	free(m);
}

const char *mapping_subject(const mapping *m, const char *name, const char **aspect)
{
	if (aspect)
		*aspect = NULL;
	for (size_t i = 0; i < m->nsubjects; i++)
		if (mapping_header_match(m->subjects[i].from, name)) {
			if (aspect)
				*aspect = m->subjects[i].aspect;
			return m->subjects[i].to;
		}
	return name;
}

/* Bytes of the blank at s[i] (i < n): a space, tab or line end, an underscore (the word
 * separator of exports made from databases and APIs: "first_name", "Unique_Pupil_Number"), or in
 * UTF-8 a no-break space (U+00A0, U+202F), a zero-width space (U+200B) or a byte-order mark
 * (U+FEFF), as Excel and copy-and-paste leave them in header cells; 0 if s[i] starts no blank. */
static size_t blank_at(const char *s, size_t i, size_t n)
{
	const unsigned char *u = (const unsigned char *)s + i;

	if (*u == ' ' || *u == '\t' || *u == '\r' || *u == '\n' || *u == '_')
		return 1;
	if (*u == 0xc2 && i + 1 < n && u[1] == 0xa0)
		return 2;
	if (i + 2 < n && ((u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xaf || u[2] == 0x8b)) ||
			  (u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)))
		return 3;
	return 0;
}

/* Compare a (n bytes) and b (m bytes) without ASCII case and without blanks (blank_at). */
static int same_words(const char *a, size_t n, const char *b, size_t m)
{
	size_t i = 0, j = 0, k;

	for (;;) {
		while (i < n && (k = blank_at(a, i, n)) > 0)
			i += k;
		while (j < m && (k = blank_at(b, j, m)) > 0)
			j += k;
		if (i == n || j == m)
			return i == n && j == m;
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j]))
			return 0;
		i++;
		j++;
	}
}

static int spec_match(const char *spec, const char *h, size_t hn);

/* The length of header h without the footnote marks a spreadsheet's author put after it
 * ("KS2*", "Result†", "Attendance %¹": '*', dagger, double dagger, superscript digits), and
 * blanks before them; h's own length when it has none, or is nothing but marks. */
static size_t header_len(const char *h)
{
	static const char *const marks[] = { "*", "\xe2\x80\xa0", "\xe2\x80\xa1", "\xc2\xb9",
					     "\xc2\xb2", "\xc2\xb3", "\xe2\x81\xb0", "\xe2\x81\xb4",
					     "\xe2\x81\xb5", "\xe2\x81\xb6", "\xe2\x81\xb7",
					     "\xe2\x81\xb8", "\xe2\x81\xb9" };
	size_t n = strlen(h), cut = n;

	for (int more = 1; more;) {
		more = 0;
		while (cut && (h[cut - 1] == ' ' || h[cut - 1] == '\t'))
			cut--;
		for (size_t i = 0; i < PK_ARRAY_LEN(marks); i++) {
			size_t k = strlen(marks[i]);

			if (cut >= k && memcmp(h + cut - k, marks[i], k) == 0) {
				cut -= k;
				more = 1;
				break;
			}
		}
	}
	return cut ? cut : n;
}

/* The length of header h (first n bytes) without a trailing unit mark "%" or "(%)" and the
 * blanks before it ("Attendance %", "Attendance (%)"); n when it has none or is nothing else. */
static size_t unit_len(const char *h, size_t n)
{
	size_t cut = n;

	if (cut >= 3 && memcmp(h + cut - 3, "(%)", 3) == 0)
		cut -= 3;
	else if (cut >= 1 && h[cut - 1] == '%')
		cut--;
	else
		return n;
	while (cut && (h[cut - 1] == ' ' || h[cut - 1] == '\t'))
		cut--;
	return cut ? cut : n;
}

/* A header with a unit mark ("Attendance %") also matches the spec without it ("Attendance"),
 * as Arbor and Excel users write the unit in the header; the spec is tried as written first. */
int mapping_column_match(const char *spec, const char *h)
{
	size_t n, u;

	if (h == NULL)
		return 0;
	n = header_len(h);
	if (spec_match(spec, h, n))
		return 1;
	u = unit_len(h, n);
	return u != n && spec_match(spec, h, u);
}

int mapping_header_match(const char *spec, const char *h)
{
	return h != NULL && spec_match(spec, h, strlen(h));
}

/* mapping_header_match() on the hn bytes at h. */
static int spec_match(const char *spec, const char *h, size_t hn)
{
	if (spec == NULL || h == NULL)
		return 0;
	for (;;) {
		const char *bar = strchr(spec, '|');
		size_t n = bar ? (size_t)(bar - spec) : strlen(spec);

		if (same_words(spec, n, h, hn))
			return 1;
		if (bar == NULL)
			return 0;
		spec = bar + 1;
	}
}

/* False if word cannot be the same words as v (v's leading blanks skipped): their first
 * letters differ. A cheap test before same_words(), as every value of an export is checked. */
static int same_first(const char *word, const char *v)
{
	while (*word == ' ' || *word == '\t')
		word++;
	return *word == '\0' || tolower((unsigned char)*word) == tolower((unsigned char)*v);
}

int mapping_no_result(const mapping *m, const char *v)
{
	static const char *const words[] = { "X", "-", "N/A", "NA", "n.a." };   /* no digit first */
	size_t n;

	while (*v == ' ' || *v == '\t')
		v++;
	if (isdigit((unsigned char)*v)) {   /* the common case, a grade or score */
		size_t i = 0;

		while (m && i < m->nno_result && !(m->no_result[i] && same_first(m->no_result[i], v)))
			i++;
		if (m == NULL || i == m->nno_result)
			return 0;   /* no word starts as it does */
	}
	n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < PK_ARRAY_LEN(words) && !isdigit((unsigned char)*v); i++)
		if (same_first(words[i], v) && same_words(words[i], strlen(words[i]), v, n))
			return 1;
	for (size_t i = 0; m && i < m->nno_result; i++)
		if (m->no_result[i] && same_first(m->no_result[i], v) &&
		    same_words(m->no_result[i], strlen(m->no_result[i]), v, n))
			return 1;
	return 0;
}

int mapping_grade(const mapping *m, int k, const char *value, char *out, size_t sz)
{
	char t[4 * 200 + 1];   /* a grade word of the profile's 200 characters fits */
	size_t n;
	int a, b, used = 0;
	char sign;

	while (*value == ' ' || *value == '\t')
		value++;
	n = strnlen(value, sizeof(t) - 1);   /* snprintf(t, sizeof(t), "%s", value) */
	memcpy(t, value, n);
	t[n] = '\0';
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		t[--n] = '\0';
	snprintf(out, sz, "%s", t);
	for (size_t i = 0; m && i < m->ngrades; i++) {
		const map_grade *g = &m->grades[i];

		if ((g->kind < 0 || g->kind == k) && g->word && g->code && same_first(g->word, t) &&
		    same_words(g->word, strlen(g->word), t, n) && strcasecmp(g->code, t) != 0) {
			snprintf(out, sz, "%s", g->code);
			return 1;
		}
	}
	if (k != SCALE_GCSE || m == NULL || m->fine == MAP_FINE_REJECT)
		return 0;
	/* a dash after the digit as Word and Excel autocorrect type it ("5–", "4–5": U+2010-U+2015,
	 * or the minus sign U+2212) is the hyphen */
	if ((n == 4 || n == 5) && t[0] >= '1' && t[0] <= '9' && (unsigned char)t[1] == 0xE2 &&
	    (((unsigned char)t[2] == 0x80 && (unsigned char)t[3] >= 0x90 && (unsigned char)t[3] <= 0x95) ||
	     ((unsigned char)t[2] == 0x88 && (unsigned char)t[3] == 0x92))) {
		t[1] = '-';
		memmove(t + 2, t + 4, n - 3);   /* with the NUL */
		n -= 2;
	}
	/* fine grades: "5-", "5+", "4/5", "4-5" */
	sign = n == 2 ? t[1] : 0;   /* "6=": secure at 6, as some schools mark it */
	if (n == 2 && t[0] >= '1' && t[0] <= '9' && (sign == '-' || sign == '+' || sign == '=')) {
		snprintf(out, sz, "%c", t[0]);
		used = 1;
	} else if (n == 3 && t[0] >= '1' && t[0] <= '9' && (t[1] == '/' || t[1] == '-') &&
		   t[2] >= '1' && t[2] <= '9') {
		a = t[0] - '0';
		b = t[2] - '0';
		if (b == a + 1 || a == b + 1) {
			int lo = a < b ? a : b;

			snprintf(out, sz, "%d", m->fine == MAP_FINE_LOWER ? lo : lo + 1);
			used = 1;
		}
	}
	return used;
}

const char *mapping_date_forms(const mapping *m)
{
	if (m && m->date_format == MAP_ISO)
		return "YYYY-MM-DD";
	if (m && m->date_format == MAP_MDY)
		return "mm/dd/yyyy, m/d/yyyy, mm/dd/yy, m/d/yy, YYYY-MM-DD or Dec 5 2025";
	return "dd/mm/yyyy, d/m/yyyy, dd/mm/yy, d/m/yy, YYYY-MM-DD or 5 Dec 2025";
}

/* The season (0 autumn, 1 spring, 2 summer) named by the k letters at p: a prefix of at least
 * two letters of a season's name ("Au", "Spr", "Summer"), or an Oxbridge-style term name
 * (Michaelmas, Lent, Trinity: some independent schools' MIS). -1 if none. */
static int season_word(const char *p, size_t k)
{
	static const char *const seasons[] = { "autumn", "spring", "summer" };
	static const char *const old[] = { "michaelmas", "lent", "trinity" };

	for (int s = 0; s < 3; s++)
		if ((k >= 2 && k <= 6 && strncasecmp(p, seasons[s], k) == 0) ||
		    (k == strlen(old[s]) && strncasecmp(p, old[s], k) == 0))
			return s;
	return -1;
}

/* Is the k letters at p the word w (ASCII case ignored)? */
static int word_is(const char *p, size_t k, const char *w)
{
	return k == strlen(w) && strncasecmp(p, w, k) == 0;
}

int mapping_term_why(const mapping *m, const char *value, char *out, const char **why)
{
	static const char *const seasons[] = { "autumn", "spring", "summer" };
	const char *p, *dummy;
	int season = -1, year = 0, academic = 0, marker = 0, num = 0, groupyear = 0;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	while (*value == ' ')
		value++;
	for (size_t i = 0; m && i < m->nterms; i++)   /* "T 1" is the profile's "T1" */
		if (same_words(m->terms[i].from, strlen(m->terms[i].from), value, strlen(value))) {
			snprintf(out, 16, "%s", m->terms[i].to);
			return 1;
		}
	/* words (letters), numbers (digits) and separators; letters and digits may touch ("Spr1",
	 * "HT3", "T1"). marker: 1 after "T"/"Term", 2 after "HT"/"Half": the next number counts
	 * the terms (T1-T6) or half terms (HT1-HT6) of the year; groupyear: after "Year"/"Yr" a
	 * number of one or two digits is a year group ("Year 5 Autumn 1 2025/26"), not a term */
	for (p = value; *p;) {
		size_t k = 0;

		if (isalpha((unsigned char)*p)) {
			int s;

			while (isalpha((unsigned char)p[k]))
				k++;
			if (word_is(p, k, "term") || word_is(p, k, "t")) {
				marker = marker ? marker : 1;   /* "Half term 3" stays half terms */
			} else if (word_is(p, k, "half") || word_is(p, k, "ht")) {
				marker = 2;
			} else if (word_is(p, k, "year") || word_is(p, k, "yr") || word_is(p, k, "academic") ||
				   word_is(p, k, "ay")) {
				groupyear = word_is(p, k, "year") || word_is(p, k, "yr");
				p += k;
				continue;
			} else if ((s = season_word(p, k)) >= 0) {
				if (season >= 0 && s != season) {
					*why = "it names two terms";
					return 0;
				}
				season = s;
			} else {
				return 0;   /* a word that is no part of a term's name */
			}
			groupyear = 0;
		} else if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)p[k]))
				k++;
			if (groupyear && k <= 2) {
				groupyear = 0;
				p += k;
				continue;
			}
			groupyear = 0;
			if (k == 4 || (k == 2 && (p[k] == '/' || p[k] == '-') && isdigit((unsigned char)p[k + 1]) &&
				       isdigit((unsigned char)p[k + 2]) && !isdigit((unsigned char)p[k + 3]))) {
				size_t d = k + 1;
				long first = atol(p), next;

				if (year)
					return 0;
				/* an academic year: "2025/26", "2025/2026", "2025-26", "25/26"; the second
				 * year must be the next one ("2025/24" is no year) */
				if ((p[k] == '/' || p[k] == '-') && isdigit((unsigned char)p[k + 1]) &&
				    isdigit((unsigned char)p[k + 2])) {
					while (isdigit((unsigned char)p[d]))
						d++;
					next = d - k - 1 == 2 ? atol(p + k + 1) : d - k - 1 == 4 ? atol(p + k + 1) : -1;
					if (next == (d - k - 1 == 2 ? (first + 1) % 100 : first + 1) &&
					    (k == 4 || d - k - 1 == 2)) {
						academic = 1;
						k = d;
					} else if (p[k] == '/' || k == 2) {
						return 0;
					}
				}
				year = k == 2 || (academic && first < 100) ? 2000 + (int)first : (int)first;
			} else if (k == 1 && !num && (marker || season >= 0)) {
				num = *p - '0';   /* "Autumn 1", "Spr1", "T4", "HT3", "Term 1" */
				if (num < 1 || (!marker && num > 2) || num > 6)
					return 0;
				if (!marker)
					marker = 3;   /* a half of a season named */
			} else {
				return 0;
			}
		} else if (*p == ' ' || *p == '-' || *p == '_' || *p == '(' || *p == ')' || *p == '.' ||
			   *p == ',' || *p == ':') {
			k = 1;
		} else {
			return 0;
		}
		p += k;
	}
	if (num && marker == 2 && !(season >= 0 && num <= 2)) {   /* "Spring half term 1": its half */
		int s = (num - 1) / 2;    /* half terms: HT1, HT2 autumn ... HT5, HT6 summer */

		if (season >= 0 && s != season) {
			*why = "its half term and season disagree (HT1-HT2 autumn, HT3-HT4 spring, "
			       "HT5-HT6 summer)";
			return 0;
		}
		season = s;
	} else if (num && marker == 1 && season < 0) {   /* T1-T6 with no season */
		if (num == 2 || num == 3) {
			*why = "ambiguous: term 2 or 3 is spring or summer in a year of three terms, autumn "
			       "or spring in a year of six";
			return 0;
		}
		season = num == 1 ? 0 : num == 4 ? 1 : 2;   /* T1 is autumn in both; T4-T6 six terms */
	} else if (num && marker == 1 && num > 2 && (num - 1) / 2 != season) {
		*why = "its term number and season disagree (T1-T2 autumn, T3-T4 spring, T5-T6 summer)";
		return 0;
	}
	if (season < 0 || year < 2000 || year > 2099)
		return 0;
	if (academic && season > 0)
		year++;
	snprintf(out, 16, "%d-%s", year, seasons[season]);
	return 1;
}

int mapping_term(const mapping *m, const char *value, char *out)
{
	return mapping_term_why(m, value, out, NULL);
}

/* The month (1-12) named by the k letters at p ("Dec", "December"), or 0. */
static int month_name(const char *p, size_t k)
{
	static const char *const months[] = { "january", "february", "march", "april", "may", "june",
					      "july", "august", "september", "october", "november",
					      "december" };

	for (int i = 0; i < 12; i++)
		if (k >= 3 && k <= strlen(months[i]) && strncasecmp(p, months[i], k) == 0)
			return i + 1;
	if (k == 4 && strncasecmp(p, "sept", 4) == 0)
		return 9;
	return 0;
}

/* Read 1..max digits at *p into *v, advancing *p. Returns the count read (0: none). */
static int digits(const char **p, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && isdigit((unsigned char)**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return isdigit((unsigned char)**p) ? 0 : n;
}

/* Skip an ordinal suffix after a day's digits at *p ("1st", "2nd", "3rd", "4th", any case)
 * and an "of" after it ("1st of December"). */
static void skip_ordinal(const char **p)
{
	static const char *const sfx[] = { "st", "nd", "rd", "th" };

	for (size_t i = 0; i < PK_ARRAY_LEN(sfx); i++)
		if (strncasecmp(*p, sfx[i], 2) == 0 && !isalpha((unsigned char)(*p)[2])) {
			*p += 2;
			if (strncasecmp(*p, " of ", 4) == 0)
				*p += 3;
			return;
		}
}

int mapping_weekday(const char **s)
{
	static const char *const days[] = { "monday", "tuesday", "wednesday", "thursday", "friday",
					    "saturday", "sunday" };
	const char *p = *s;
	size_t k = 0;

	while (isalpha((unsigned char)p[k]))
		k++;
	for (int i = 0; i < 7; i++)
		if ((k == 3 || (k == strlen(days[i]) && k > 3)) && strncasecmp(p, days[i], k) == 0 &&
		    (p[k] == ',' || p[k] == '.' || p[k] == ' ')) {
			p += k;
			if (*p == '.')
				p++;
			if (*p == ',')
				p++;
			if (*p != ' ')
				return -1;
			while (*p == ' ')
				p++;
			*s = p;
			return i;
		}
	return -1;
}

int mapping_date(const mapping *m, const char *v, char *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int fmt = m ? m->date_format : MAP_DMY;
	int d = 0, mo = 0, y = 0, a, b, na, nb, ny, wd;
	const char *p;

	while (*v == ' ')
		v++;
	wd = isalpha((unsigned char)*v) ? mapping_weekday(&v) : -1;   /* Excel's long date */
	p = v;
	if (digits(&p, 4, &y) == 4 && *p == '-' && (p++, digits(&p, 2, &mo) == 2) && *p == '-' &&
	    (p++, digits(&p, 2, &d) == 2))
		goto check;
	if (fmt == MAP_ISO)
		return 0;
	p = v;
	if ((na = digits(&p, 2, &a)) > 0 && (*p == '/' || *p == '.')) {
		char sep = *p++;

		if ((nb = digits(&p, 2, &b)) == 0 || *p++ != sep || ((ny = digits(&p, 4, &y)) != 2 && ny != 4))
			return 0;
		if (ny == 2)
			y += 2000;
		d = fmt == MAP_MDY ? b : a;
		mo = fmt == MAP_MDY ? a : b;
		goto check;
	}
	/* "5 Dec 2025", "5-Dec-25", "Dec 5 2025", "December 5, 2025", "1st December 2025",
	 * "December 1st, 2025" */
	p = v;
	if (digits(&p, 2, &d) > 0 && (skip_ordinal(&p), *p == ' ' || *p == '-')) {
		size_t k = 0;

		p++;
		while (isalpha((unsigned char)p[k]))
			k++;
		if ((mo = month_name(p, k)) == 0)
			return 0;
		p += k;
		if (*p != ' ' && *p != '-')
			return 0;
		p++;
	} else {
		size_t k = 0;

		p = v;
		while (isalpha((unsigned char)p[k]))
			k++;
		if ((mo = month_name(p, k)) == 0 || p[k] != ' ')
			return 0;
		p += k + 1;
		if (digits(&p, 2, &d) == 0)
			return 0;
		skip_ordinal(&p);
		if (*p == ',')
			p++;
		if (*p++ != ' ')
			return 0;
	}
	if ((ny = digits(&p, 4, &y)) != 2 && ny != 4)
		return 0;
	if (ny == 2)
		y += 2000;
check:
	if (*p != '\0' && *p != ' ' && *p != 'T')
		return 0;
	if (y < 1990 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
		return 0;
	if (wd >= 0 && (int)(((civil_days(y, (unsigned)mo, (unsigned)d) % 7) + 7 + 3) % 7) != wd)
		return 0;   /* "Tuesday, 1 December 2025": which is meant cannot be told */
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u, (unsigned)d % 100u);
	return 1;
}

int mapping_date_cell(const mapping *m, const char *v, char *out)
{
	long n = 0, y;
	unsigned mo, d;
	int k = 0;

	if (mapping_date(m, v, out))
		return 1;
	if (m && m->date_format == MAP_ISO)
		return 0;
	while (*v == ' ')
		v++;
	for (; isdigit((unsigned char)v[k]) && k < 6; k++)
		n = n * 10 + (v[k] - '0');
	if (k != 5)
		return 0;
	if (v[k] == '.')   /* a time of day after the date: 45996.5 */
		for (k++; isdigit((unsigned char)v[k]); k++)
			;
	while (v[k] == ' ')
		k++;
	/* Excel's 1900 date system: day 1 is 1900-01-01 and it counts a 29 February 1900 that
	 * never was, so from March 1900 on a serial is the days since 1899-12-30 */
	if (v[k] != '\0' || n < 32874 || n > 73050)   /* 1990-01-01 .. 2099-12-31 */
		return 0;
	civil_from_days(n + civil_days(1899, 12, 30), &y, &mo, &d);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, mo % 100u, d % 100u);
	return 1;
}

/* True if rule field f (NULL: any) matches v, without case. */
static int matches(const char *f, const char *v)
{
	return f == NULL || strcasecmp(f, v) == 0;
}

const scale *mapping_scale(const mapping *m, const char *ks, const char *subject,
			   const char *aspect)
{
	for (size_t i = 0; i < m->nrules; i++) {
		const map_rule *r = &m->rules[i];

		if (matches(r->key_stage, ks) && matches(r->subject, subject) &&
		    matches(r->aspect, aspect))
			return r->scale;
	}
	return NULL;
}
