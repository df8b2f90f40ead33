/*
 * framework.c: loading a QA framework file and rating one term of a record with it (see
 * framework.h and schemas/qa-framework.xsd for the check vocabulary).
 */
#include "core/pepkit.h"
#include "qa/framework.h"
#include "qa/calendar.h"
#include "core/xmlsafe.h"
#include "core/xsd.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { K_EXISTS, K_COUNT, K_WORDS, K_EACH, K_LINKS, K_DAYS };

#define MAX_CHECKS 400
#define MAX_XPATHS 4096
#define MAX_ITEM_REASONS 5       /* per check; the rest are counted */
#define XPATH_OP_LIMIT 2000000ul /* per expression and record */

typedef struct fw_need { int select; char name[201]; } fw_need;
typedef struct fw_within { int from, to, max; char name[201]; } fw_within;

typedef struct fw_check {
	int area, kind, fail;
	int select, cond, from, to;   /* indexes into xpaths, -1 absent */
	int min, max;                 /* -1 absent */
	char attr[64];
	char item[201], reason[201];
	int nneeds, nwithin;
	fw_need needs[10];
	fw_within within[4];
} fw_check;

typedef struct fw_rule { int rating, count, compare_most, than, others; } fw_rule;  /* count: -1 all */

struct qa_framework {
	char name[201];
	int top;
	qa_timescales ts;
	int pp_threshold;
	long pp_per_term;
	int nareas;
	char area_id[FRAMEWORK_MAX_AREAS][41];
	char area_name[FRAMEWORK_MAX_AREAS][201];
	int nchecks;
	fw_check *checks;
	int nrules;
	fw_rule rules[10];
	int def;
	int nxpaths;
	char **xpaths;
};

struct qa_eval {
	const qa_framework *f;
	xmlXPathContextPtr ctx;
	xmlXPathCompExprPtr *comp;
};

static const char *const rating_names[] = { "", "red", "amber", "green", "gold" };

const char *qa_rating_name(int r)
{
	return r >= QA_RED && r <= QA_GOLD ? rating_names[r] : "";
}

int qa_rating_parse(const char *s)
{
	for (int i = QA_RED; s && i <= QA_GOLD; i++)
		if (strcmp(s, rating_names[i]) == 0)
			return i;
	return QA_UNRATED;
}

/* Structured error handler that drops the message (compile errors are reported by us). */
static void quiet_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* Attribute name of n copied into out (size bytes; "" when absent). */
static void attr_copy(xmlNodePtr n, const char *name, char *out, size_t size)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);

	snprintf(out, size, "%s", v ? (const char *)v : "");
	xmlFree(v);
}

/* Attribute name of n as a number (-1 when absent). The schema bounds the values. */
static int attr_int(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	int r = v ? atoi((const char *)v) : -1;

	xmlFree(v);
	return r;
}

/* Keep the XPath in attribute name of n: its index in f->xpaths, -1 when absent, or -2 with
 * err set when it does not compile (-3 out of memory). */
static int keep_xpath(qa_framework *f, xmlNodePtr n, const char *name, const char *path,
		      xmlXPathContextPtr cctx, pk_error *err)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	xmlXPathCompExprPtr c;

	if (v == NULL)
		return -1;
	c = xmlXPathCtxtCompile(cctx, v);
	if (c == NULL) {
		pk_error_set(err, PK_EINVAL, "'%s' line %ld: %s/@%s: not an XPath expression pepkit can use",
			     path, xmlGetLineNo(n), (const char *)n->name, name);
		xmlFree(v);
		return -2;
	}
	xmlXPathFreeCompExpr(c);
	if (f->nxpaths == MAX_XPATHS) {
		xmlFree(v);
		pk_error_set(err, PK_ELIMIT, "'%s': more than %d expressions", path, MAX_XPATHS);
		return -2;
	}
	f->xpaths[f->nxpaths] = strdup((const char *)v);
	xmlFree(v);
	if (f->xpaths[f->nxpaths] == NULL) {
		pk_error_set(err, PK_ENOMEM, "out of memory");
		return -3;
	}
	return f->nxpaths++;
}

/* Is n an element named name? */
static int is_el(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, (const xmlChar *)name) == 0;
}

/* Read one <check> into c. PK_OK or an error with err set. */
static int load_check(qa_framework *f, fw_check *c, xmlNodePtr n, const char *path,
		      xmlXPathContextPtr cctx, pk_error *err)
{
	static const char *const kinds[] = { "exists", "count", "words", "each", "links", "days" };
	char buf[64];

	attr_copy(n, "kind", buf, sizeof(buf));
	for (int k = 0; k < 6; k++)
		if (strcmp(buf, kinds[k]) == 0)
			c->kind = k;
	attr_copy(n, "fail", buf, sizeof(buf));
	c->fail = qa_rating_parse(buf);
	attr_copy(n, "attr", c->attr, sizeof(c->attr));
	attr_copy(n, "item", c->item, sizeof(c->item));
	attr_copy(n, "reason", c->reason, sizeof(c->reason));
	c->min = attr_int(n, "min");
	c->max = attr_int(n, "max");
	if ((c->select = keep_xpath(f, n, "select", path, cctx, err)) < -1 ||
	    (c->cond = keep_xpath(f, n, "if", path, cctx, err)) < -1 ||
	    (c->from = keep_xpath(f, n, "from", path, cctx, err)) < -1 ||
	    (c->to = keep_xpath(f, n, "to", path, cctx, err)) < -1)
		return err->code;
	if ((c->kind != K_DAYS && c->select < 0) || (c->kind == K_DAYS && (c->from < 0 || c->to < 0)) ||
	    (c->kind == K_LINKS && (c->to < 0 || c->attr[0] == '\0')) ||
	    ((c->kind == K_COUNT || c->kind == K_WORDS) && c->min < 0))
		return pk_error_set(err, PK_EINVAL, "'%s' line %ld: check: a '%s' check needs %s", path,
				    xmlGetLineNo(n), kinds[c->kind],
				    c->kind == K_DAYS ? "from and to" : c->kind == K_LINKS ? "select, attr and to" :
				    c->kind == K_EACH || c->kind == K_EXISTS ? "select" : "select and min");
	if (c->item[0] == '\0')
		snprintf(c->item, sizeof(c->item), "Item");
	for (xmlNodePtr s = n->children; s; s = s->next) {
		if (is_el(s, "need")) {
			fw_need *d = &c->needs[c->nneeds++];

			attr_copy(s, "name", d->name, sizeof(d->name));
			if ((d->select = keep_xpath(f, s, "select", path, cctx, err)) < 0)
				return err->code;
		} else if (is_el(s, "within")) {
			fw_within *w = &c->within[c->nwithin++];

			attr_copy(s, "name", w->name, sizeof(w->name));
			w->max = attr_int(s, "max");
			if ((w->from = keep_xpath(f, s, "from", path, cctx, err)) < 0 ||
			    (w->to = keep_xpath(f, s, "to", path, cctx, err)) < 0)
				return err->code;
		}
	}
	return PK_OK;
}

int framework_load(const char *path, qa_framework **out, pk_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	qa_framework *f = NULL;
	xmlXPathContextPtr cctx = NULL;
	char buf[64];
	int rc;

	*out = NULL;
	doc = xsd_read_valid(path, "qa-framework.xsd", "QA framework", err);
	if (doc == NULL)
		return err ? err->code : PK_EINVAL;
	rc = pk_error_set(err, PK_ENOMEM, "out of memory");
	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->checks = calloc(MAX_CHECKS, sizeof(fw_check))) == NULL ||
	    (f->xpaths = calloc(MAX_XPATHS, sizeof(char *))) == NULL ||
	    (cctx = xmlXPathNewContext(NULL)) == NULL)
		goto out;
	cctx->error = quiet_error;
	pk_error_clear(err);
	root = xmlDocGetRootElement(doc);
	attr_copy(root, "name", f->name, sizeof(f->name));
	attr_copy(root, "top", buf, sizeof(buf));
	f->top = qa_rating_parse(buf);
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (is_el(n, "timescales")) {
			f->ts.initial_days = attr_int(n, "initial-days");
			f->ts.new_school_days = attr_int(n, "new-school-days");
			f->ts.pep2_months = attr_int(n, "pep2-months");
			f->ts.ehcp_review_months = attr_int(n, "ehcp-review-months");
			attr_copy(n, "initial-unit", buf, sizeof(buf));
			f->ts.initial_unit = strcmp(buf, "working") == 0 ? QA_WORKING_DAYS : QA_SCHOOL_DAYS;
			attr_copy(n, "new-school-unit", buf, sizeof(buf));
			f->ts.new_school_unit = strcmp(buf, "working") == 0 ? QA_WORKING_DAYS : QA_SCHOOL_DAYS;
		} else if (is_el(n, "pp-plus")) {
			double v;

			attr_copy(n, "threshold", buf, sizeof(buf));
			f->pp_threshold = qa_rating_parse(buf);
			attr_copy(n, "per-term", buf, sizeof(buf));
			v = strtod(buf, NULL);
			if (!(v >= 0 && v <= 100000)) {
				rc = pk_error_set(err, PK_EINVAL, "'%s' line %ld: pp-plus/@per-term: not an amount "
						  "between 0 and 100000", path, xmlGetLineNo(n));
				goto out;
			}
			f->pp_per_term = (long)(v * 100 + 0.5);
		} else if (is_el(n, "area")) {
			int a = f->nareas++;

			attr_copy(n, "id", f->area_id[a], sizeof(f->area_id[a]));
			attr_copy(n, "name", f->area_name[a], sizeof(f->area_name[a]));
			for (xmlNodePtr c = n->children; c; c = c->next) {
				if (!is_el(c, "check"))
					continue;
				if (f->nchecks == MAX_CHECKS) {
					rc = pk_error_set(err, PK_ELIMIT, "'%s' line %ld: more than %d checks",
							  path, xmlGetLineNo(c), MAX_CHECKS);
					goto out;
				}
				f->checks[f->nchecks].area = a;
				if ((rc = load_check(f, &f->checks[f->nchecks], c, path, cctx, err)) != PK_OK)
					goto out;
				f->nchecks++;
			}
		} else if (is_el(n, "overall")) {
			attr_copy(n, "default", buf, sizeof(buf));
			f->def = qa_rating_parse(buf);
			for (xmlNodePtr r = n->children; r; r = r->next) {
				fw_rule *u;

				if (!is_el(r, "rule"))
					continue;
				u = &f->rules[f->nrules++];
				attr_copy(r, "rating", buf, sizeof(buf));
				u->rating = qa_rating_parse(buf);
				attr_copy(r, "count", buf, sizeof(buf));
				u->count = strcmp(buf, "all") == 0 ? -1 : strcmp(buf, "any") == 0 ? 1 : atoi(buf);
				attr_copy(r, "compare", buf, sizeof(buf));
				u->compare_most = strcmp(buf, "at-most") == 0;
				attr_copy(r, "than", buf, sizeof(buf));
				u->than = qa_rating_parse(buf);
				attr_copy(r, "others-at-least", buf, sizeof(buf));
				u->others = qa_rating_parse(buf);
			}
		}
	}
	*out = f;
	f = NULL;
	rc = PK_OK;
out:
	xmlXPathFreeContext(cctx);
	framework_free(f);
	xmlFreeDoc(doc);
	return rc;
}

void framework_free(qa_framework *f)
{
	if (f == NULL)
		return;
	for (int i = 0; f->xpaths && i < f->nxpaths; i++)
		free(f->xpaths[i]);
	free(f->xpaths);
	free(f->checks);
	free(f);
}

/* Accessors: see framework.h. */
const char *framework_name(const qa_framework *f) { return f->name; }
int framework_top(const qa_framework *f) { return f->top; }
int framework_nareas(const qa_framework *f) { return f->nareas; }
const char *framework_area_id(const qa_framework *f, int i) { return f->area_id[i]; }
const char *framework_area_name(const qa_framework *f, int i) { return f->area_name[i]; }
const qa_timescales *framework_timescales(const qa_framework *f) { return &f->ts; }
int framework_pp_threshold(const qa_framework *f) { return f->pp_threshold; }
long framework_pp_per_term(const qa_framework *f) { return f->pp_per_term; }

qa_eval *framework_eval_new(const qa_framework *f)
{
	qa_eval *e = calloc(1, sizeof(*e));

	if (e == NULL)
		return NULL;
	e->f = f;
	e->ctx = xmlXPathNewContext(NULL);
	e->comp = calloc((size_t)f->nxpaths + 1, sizeof(*e->comp));
	if (e->ctx == NULL || e->comp == NULL)
		goto fail;
	e->ctx->error = quiet_error;
	/* libxml2's cache of XPath objects and node sets for this context: each record's
	 * evaluations reuse those the last ones freed instead of allocating them anew */
	if (xmlXPathContextSetCache(e->ctx, 1, -1, 0) != 0)
		goto fail;
	for (int i = 0; i < f->nxpaths; i++) {
		/* "(EXPR)" is EXPR, but libxml2 does not compile it into a streaming pattern, which
		 * walks every node below the term for a path as short as "targets/target" */
		size_t n = strlen(f->xpaths[i]);
		char *w = malloc(n + 3);

		if (w == NULL)
			goto fail;
		w[0] = '(';
		memcpy(w + 1, f->xpaths[i], n);
		memcpy(w + 1 + n, ")", 2);
		e->comp[i] = xmlXPathCtxtCompile(e->ctx, (const xmlChar *)w);
		free(w);
		if (e->comp[i] == NULL)
			goto fail;
	}
	return e;
fail:
	framework_eval_free(e);
	return NULL;
}

void framework_eval_free(qa_eval *e)
{
	if (e == NULL)
		return;
	for (int i = 0; e->comp && i < e->f->nxpaths; i++)
		xmlXPathFreeCompExpr(e->comp[i]);
	free(e->comp);
	xmlXPathFreeContext(e->ctx);
	free(e);
}

/* Evaluate expression x with node as the context. Returns the object (caller frees with
 * xmlXPathFreeObject) or NULL with err set. */
static xmlXPathObjectPtr ev(qa_eval *e, int x, xmlNodePtr node, pk_error *err)
{
	xmlXPathObjectPtr o;

	e->ctx->doc = node->doc;
	e->ctx->node = node;
	e->ctx->opLimit = XPATH_OP_LIMIT;
	e->ctx->opCount = 0;
	o = xmlXPathCompiledEval(e->comp[x], e->ctx);
	if (o == NULL)
		pk_error_set(err, PK_EINTERNAL, "QA framework expression '%.200s' could not be evaluated",
			     e->f->xpaths[x]);
	return o;
}

/* Is o "there": a non-empty node-set, true, a non-zero number, a non-empty string? */
static int truthy(xmlXPathObjectPtr o)
{
	switch (o->type) {
	case XPATH_NODESET: return o->nodesetval != NULL && o->nodesetval->nodeNr > 0;
	case XPATH_BOOLEAN: return o->boolval;
	case XPATH_NUMBER: return o->floatval != 0 && o->floatval == o->floatval;
	case XPATH_STRING: return o->stringval != NULL && o->stringval[0] != '\0';
	default: return 0;
	}
}

/* Evaluate x as a date. Returns 0 with *d set, 1 when there is no date, or a negative PK_E*. */
static int ev_date(qa_eval *e, int x, xmlNodePtr node, qa_day *d, pk_error *err)
{
	xmlXPathObjectPtr o = ev(e, x, node, err);
	xmlChar *s;
	int r;

	if (o == NULL)
		return err->code;
	s = xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	if (s == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	r = qa_day_parse((const char *)s, d) == 0 ? 0 : 1;
	xmlFree(s);
	return r;
}

/* Count the words in s. */
static long count_words(const xmlChar *s)
{
	long n = 0;
	int in = 0;

	for (; *s; s++) {
		int space = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';

		if (!space && !in)
			n++;
		in = !space;
	}
	return n;
}

/* Reasons being written for one term. */
struct out {
	pk_buf *b;
	const char *area;
	int rc;
	int items;   /* item reasons written for the current check */
	int more;    /* item reasons over the cap */
};

/* Append "AREA: text" (printf-style) as one reason. */
static void say(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct out *o, const char *fmt, ...)
{
	char text[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (o->rc == PK_OK)
		o->rc = buf_printf(o->b, "%s%s: %s", o->b->len ? "; " : "", o->area, text);
}

/* An item reason, counted against the per-check cap. */
#define SAY_ITEM(o, ...) do { if ((o)->items++ < MAX_ITEM_REASONS) say((o), __VA_ARGS__); else (o)->more++; } while (0)

/* Is tok among the string values of the node-set ns? */
static int in_values(xmlNodeSetPtr ns, const char *tok)
{
	for (int i = 0; ns && i < ns->nodeNr; i++) {
		xmlChar *v = xmlXPathCastNodeToString(ns->nodeTab[i]);
		int same = v && strcmp((const char *)v, tok) == 0;

		xmlFree(v);
		if (same)
			return 1;
	}
	return 0;
}

/* Run check c on term. Returns 1 if it failed, 0 if it passed, or a negative PK_E* with err. */
static int run_check(qa_eval *e, const fw_check *c, xmlNodePtr term, struct out *o, pk_error *err)
{
	xmlXPathObjectPtr s = NULL, t = NULL;
	int failed = 0, rc = 0;
	char d1[11], d2[11];

	o->items = o->more = 0;
	if (c->cond >= 0) {
		if ((s = ev(e, c->cond, term, err)) == NULL)
			return err->code;
		rc = truthy(s);
		xmlXPathFreeObject(s);
		s = NULL;
		if (!rc)
			return 0;
		rc = 0;
	}
	if (c->kind == K_DAYS) {
		qa_day a, b;
		int r1 = ev_date(e, c->from, term, &a, err), r2;

		if (r1 < 0)
			return r1;
		if ((r2 = ev_date(e, c->to, term, &b, err)) < 0)
			return r2;
		if (r1 || r2) {
			say(o, "%s (a date is missing)", c->reason);
			return 1;
		}
		if ((c->min >= 0 && b - a < c->min) || (c->max >= 0 && b - a > c->max)) {
			qa_day_format(a, d1);
			qa_day_format(b, d2);
			if (c->max >= 0)
				say(o, "%s: %ld days from %s to %s (at most %d)", c->reason, (long)(b - a), d1, d2, c->max);
			else
				say(o, "%s: %ld days from %s to %s (at least %d)", c->reason, (long)(b - a), d1, d2, c->min);
			return 1;
		}
		return 0;
	}
	if ((s = ev(e, c->select, term, err)) == NULL)
		return err->code;
	switch (c->kind) {
	case K_EXISTS:
		if (!truthy(s)) {
			say(o, "%s", c->reason);
			failed = 1;
		}
		break;
	case K_COUNT: {
		long n = s->type == XPATH_NODESET ? (s->nodesetval ? s->nodesetval->nodeNr : 0)
						  : (long)xmlXPathCastToNumber(s);

		if (n < c->min || (c->max >= 0 && n > c->max)) {
			if (c->max >= 0)
				say(o, "%s (%ld found, %d to %d expected)", c->reason, n, c->min, c->max);
			else
				say(o, "%s (%ld found, at least %d expected)", c->reason, n, c->min);
			failed = 1;
		}
		break;
	}
	case K_WORDS: {
		long n = 0;

		if (s->type == XPATH_NODESET) {
			for (int i = 0; s->nodesetval && i < s->nodesetval->nodeNr; i++) {
				xmlChar *v = xmlNodeGetContent(s->nodesetval->nodeTab[i]);

				n += v ? count_words(v) : 0;
				xmlFree(v);
			}
		} else {
			xmlChar *v = xmlXPathCastToString(s);

			n = v ? count_words(v) : 0;
			xmlFree(v);
		}
		if (n < c->min) {
			say(o, "%s (%ld words, at least %d expected)", c->reason, n, c->min);
			failed = 1;
		}
		break;
	}
	case K_EACH:
	case K_LINKS:
		if (s->type != XPATH_NODESET || s->nodesetval == NULL)
			break;
		if (c->kind == K_LINKS && (t = ev(e, c->to, term, err)) == NULL) {
			rc = err->code;
			goto out;
		}
		for (int i = 0; i < s->nodesetval->nodeNr; i++) {
			xmlNodePtr item = s->nodesetval->nodeTab[i];

			if (c->kind == K_LINKS) {
				xmlChar *v = xmlGetProp(item, (const xmlChar *)c->attr);
				char *save = NULL, *tok;
				int any = 0;

				for (tok = v ? strtok_r((char *)v, " \t\r\n", &save) : NULL; tok;
				     tok = strtok_r(NULL, " \t\r\n", &save)) {
					any = 1;
					if (t->type != XPATH_NODESET || !in_values(t->nodesetval, tok)) {
						SAY_ITEM(o, "%s %d names %.40s, which is not a %s in this PEP",
							 c->item, i + 1, tok, c->reason);
						failed = 1;
					}
				}
				xmlFree(v);
				if (!any) {
					SAY_ITEM(o, "%s %d is linked to no %s", c->item, i + 1, c->reason);
					failed = 1;
				}
				continue;
			}
			for (int k = 0; k < c->nneeds; k++) {
				xmlXPathObjectPtr r = ev(e, c->needs[k].select, item, err);

				if (r == NULL) {
					rc = err->code;
					goto out;
				}
				if (!truthy(r)) {
					SAY_ITEM(o, "%s %d has no %s", c->item, i + 1, c->needs[k].name);
					failed = 1;
				}
				xmlXPathFreeObject(r);
			}
			for (int k = 0; k < c->nwithin; k++) {
				qa_day a, b;
				int r1, r2;

				if ((r1 = ev_date(e, c->within[k].from, item, &a, err)) < 0 ||
				    (r2 = ev_date(e, c->within[k].to, item, &b, err)) < 0) {
					rc = err->code;
					goto out;
				}
				if (r1 == 0 && r2 == 0 && b - a > c->within[k].max) {
					SAY_ITEM(o, "%s %d: %s is %ld days (at most %d)", c->item, i + 1,
						 c->within[k].name, (long)(b - a), c->within[k].max);
					failed = 1;
				}
			}
		}
		if (o->more > 0)
			say(o, "%d more like this (%s)", o->more, c->reason);
		break;
	}
	rc = failed;
out:
	xmlXPathFreeObject(s);
	xmlXPathFreeObject(t);
	return rc;
}

/* Does rule u match the area ratings a[0..n)? */
static int rule_matches(const fw_rule *u, const int *a, int n)
{
	int hit = 0, need = u->count < 0 ? n : u->count;

	for (int i = 0; i < n; i++) {
		int m = u->compare_most ? a[i] <= u->than : a[i] >= u->than;

		if (m)
			hit++;
		else if (u->others && a[i] < u->others)
			return 0;
	}
	return hit >= need;
}

int framework_rate(qa_eval *e, xmlNodePtr term, qa_rating *r, pk_buf *reasons, pk_error *err)
{
	const qa_framework *f = e->f;
	struct out o = { reasons, "", PK_OK, 0, 0 };

	memset(r, 0, sizeof(*r));
	for (int a = 0; a < f->nareas; a++)
		r->area[a] = f->top;
	for (int i = 0; i < f->nchecks; i++) {
		const fw_check *c = &f->checks[i];
		int failed;

		o.area = f->area_name[c->area];
		failed = run_check(e, c, term, &o, err);
		if (failed < 0)
			return failed;
		if (o.rc != PK_OK)
			return pk_error_set(err, o.rc, o.rc == PK_ENOMEM ? "out of memory" : "QA reasons too long");
		if (failed) {
			r->failed_checks++;
			if (c->fail < r->area[c->area])
				r->area[c->area] = c->fail;
		}
	}
	r->overall = f->def;
	for (int i = 0; i < f->nrules; i++) {
		if (rule_matches(&f->rules[i], r->area, f->nareas)) {
			r->overall = f->rules[i].rating;
			break;
		}
	}
	return PK_OK;
}
