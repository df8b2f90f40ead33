/*
 * mapping.c: loading mapping profiles and the lookups merge needs (see mapping.h).
 */
#include "core/pepkit.h"
#include "intake/mapping.h"
#include "core/xsd.h"
#include "core/xmlsafe.h"

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

				for (char *p = codes; *p; p++)
					k += *p == ' ';
				s->codes = calloc(k + 1, sizeof(char *));
				if (s->codes == NULL)
					*oom = 1;
				for (char *t = strtok_r(codes, " \t\n", &save); t && s->codes;
				     t = strtok_r(NULL, " \t\n", &save)) {
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

int mapping_load(const char *path, mapping **out, pk_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr root, shape, n;
	mapping *m = NULL;
	int rc, oom = 0;
	char *s;

	*out = NULL;
	doc = xmlsafe_read_file(path, err);
	if (doc == NULL)
		return err ? err->code : PK_EINVAL;
	rc = xsd_check_once("mapping.xsd", doc, path, "mapping profile", err);
	if (rc != PK_OK)
		goto out;
	root = xmlDocGetRootElement(doc);
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		goto nomem;
	m->name = attr(root, "name", &oom);
	s = attr(root, "date-format", &oom);
	m->date_format = s && strcmp(s, "iso") == 0 ? MAP_ISO : MAP_DMY;
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
	}
	free(p);
}

void mapping_free(mapping *m)
{
	if (m == NULL)
		return;
	free(m->name);
	free(m->key_col);
	free(m->subject_col);
	free(m->aspect_col);
	free(m->result_col);
	free(m->term_col);
	free(m->date_col);
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

const char *mapping_subject(const mapping *m, const char *name)
{
	for (size_t i = 0; i < m->nsubjects; i++)
		if (strcasecmp(m->subjects[i].from, name) == 0)
			return m->subjects[i].to;
	return name;
}

int mapping_term(const mapping *m, const char *value, char *out)
{
	static const char *const seasons[] = { "autumn", "spring", "summer" };
	const char *p = value;
	int season = -1, year = 0, academic = 0;

	while (*value == ' ')
		value++;
	for (size_t i = 0; i < m->nterms; i++)
		if (strcasecmp(m->terms[i].from, value) == 0) {
			snprintf(out, 16, "%s", m->terms[i].to);
			return 1;
		}
	while (*p) {
		size_t k = 0;

		if (isalpha((unsigned char)*p)) {
			while (isalpha((unsigned char)p[k]))
				k++;
			if (k == 4 && strncasecmp(p, "term", 4) == 0) {
				p += k;
				continue;
			}
			for (int s = 0; s < 3; s++)
				if (season < 0 && k >= 3 && k <= 6 && strncasecmp(p, seasons[s], k) == 0)
					season = s;
			if (season < 0)
				return 0;
		} else if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)p[k]))
				k++;
			if (k == 1 && (*p == '1' || *p == '2') && season >= 0 && !year) {
				p += k;       /* half term: "Autumn 1" */
				continue;
			}
			if (k != 4 || year)
				return 0;
			year = atoi(p);
			if (p[k] == '/' && isdigit((unsigned char)p[k + 1]) &&
			    isdigit((unsigned char)p[k + 2])) {
				academic = 1;
				k += 3;
				while (isdigit((unsigned char)p[k]))
					k++;
			}
		} else if (*p == ' ' || *p == '-' || *p == '_') {
			k = 1;
		} else {
			return 0;
		}
		p += k;
	}
	if (season < 0 || year < 2000 || year > 2099)
		return 0;
	if (academic && season > 0)
		year++;
	snprintf(out, 16, "%d-%s", year, seasons[season]);
	return 1;
}

int mapping_date(const mapping *m, const char *v, char *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int d, mo, y, n = 0;

	(void)m;
	while (*v == ' ')
		v++;
	if (sscanf(v, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n == 10 && v[4] == '-' &&
	    (v[n] == '\0' || v[n] == ' ' || v[n] == 'T'))
		;
	else if (sscanf(v, "%2d/%2d/%4d%n", &d, &mo, &y, &n) == 3 && v[n - 5] == '/' &&
		 (v[n] == '\0' || v[n] == ' '))
		;
	else
		return 0;
	if (y < 1990 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
		return 0;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)mo % 100u, (unsigned)d % 100u);
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
