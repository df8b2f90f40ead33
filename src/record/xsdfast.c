/*
 * xsdfast.c: the derived schema and the screen for what it leaves out (see xsdfast.h).
 *
 * Building: the length types are found first (named xs:string restrictions with nothing but
 * minLength 0/1, maxLength and whiteSpace), then a tree of the places a record can hold a value
 * of one of them is built by walking the declarations from each global element (a node per
 * element path, with the text and attribute limits found there; several declarations meeting
 * at one path keep the strictest limits). Anything the walk does not know (a reference, a
 * group, a choice, a wildcard, a list or union of a length type, recursion) leaves the length
 * facets in the derived schema. The identity constraints of each global element are taken
 * when all of them are simple (a child path selector, one "@name" field).
 *
 * Screening a record: one walk of its elements along the tree, checking the limits (a value is
 * suspect when blank where at least one character is required, or longer in bytes than its
 * limit in characters: bytes bound characters from above; an element the tree has no place
 * for, or an attribute in a namespace such as xsi:type, makes the record suspect too), then
 * each identity constraint's values: a key or unique value seen twice (compared after
 * whitespace collapse, which finds at least the duplicates libxml2 finds), a key field missing,
 * a keyref value not among the key's values byte for byte (libxml2 may still match it after
 * whitespace collapse: the full schema decides).
 */
#include "core/pepkit.h"
#include "record/xsdfast.h"

#include <stdlib.h>
#include <string.h>

#define XS_NS "http://www.w3.org/2001/XMLSchema"
/* Deepest declaration nesting walked (pep.xsd: about 8). */
#define MAX_DEPTH 40
#define MAX_IDCS 32
#define MAX_LTYPES 32
#define MAX_STEPS 8

/* A length constraint on a value: at least one non-blank character (minLength 1 after
 * whitespace collapse), at least one character (minLength 1 otherwise), at most max characters
 * (-1: no limit). */
struct lim {
	int nonblank;
	int nonempty;
	long max;
};

/* A place in a record: an element path from a global element. */
struct tnode {
	xmlChar *name;
	struct tnode **kid;
	int nkid, kcap;
	int has_text;
	struct lim text;
	struct tattr { xmlChar *name; struct lim lim; } *attr;
	int nattr, acap;
};

/* A taken-over identity constraint. */
struct idc {
	int kind;                     /* 0 key, 1 unique, 2 keyref */
	xmlChar *name, *refer, *root; /* refer: keyref only; root: the declaring global element */
	xmlChar *step[MAX_STEPS];
	int nsteps;
	xmlChar *field;               /* attribute name */
	int refer_ix;                 /* index of the referred key, keyref only */
};

/* A named length type. */
struct ltype {
	xmlChar *name;
	struct lim lim;
};

struct xsdfast {
	xmlDocPtr doc;                /* the derived schema document (the schema points into it) */
	xmlSchemaPtr schema;
	struct tnode **root;          /* one per global element, when lengths are taken over */
	int nroot, rcap;
	struct idc idc[MAX_IDCS];
	int nidc;
	int nltypes;
};

/* Building state. */
struct build {
	xmlNodePtr schema;            /* xs:schema */
	struct ltype lt[MAX_LTYPES];
	int nlt;
	int bail;                     /* something not understood: lengths stay in the schema */
	int oom;
};

/* ------------------------------------------------------------------------------------------ */
/* XSD document helpers */

/* 1 if n is the XSD element named local. */
static int is_xs(xmlNodePtr n, const char *local)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       xmlStrEqual(n->ns->href, BAD_CAST XS_NS) && xmlStrEqual(n->name, BAD_CAST local);
}

/* 1 if n is an element of the XSD namespace (annotations excluded by callers). */
static int is_xs_any(xmlNodePtr n)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       xmlStrEqual(n->ns->href, BAD_CAST XS_NS);
}

/* Attribute a of n, as a pointer into the document (the value's single text node), or NULL. */
static const xmlChar *prop(xmlNodePtr n, const char *a)
{
	xmlAttrPtr p = xmlHasNsProp(n, BAD_CAST a, NULL);

	if (p == NULL || p->children == NULL || p->children->type != XML_TEXT_NODE || p->children->next)
		return NULL;
	return p->children->content;
}

/* The named top-level xs:simpleType or xs:complexType (kind) called name, or NULL. */
static xmlNodePtr named(const struct build *b, const char *kind, const xmlChar *name)
{
	for (xmlNodePtr c = b->schema->children; c && name; c = c->next)
		if (is_xs(c, kind) && xmlStrEqual(prop(c, "name"), name))
			return c;
	return NULL;
}

/* 1 if name is a built-in type (prefixed with the XSD namespace's prefix). */
static int builtin(xmlNodePtr ctx, const xmlChar *name)
{
	const xmlChar *colon = xmlStrchr(name, ':');
	xmlChar prefix[64];
	xmlNsPtr ns;
	size_t n;

	if (colon == NULL)
		return 0;
	n = (size_t)(colon - name);
	if (n >= sizeof(prefix))
		return 0;
	memcpy(prefix, name, n);
	prefix[n] = '\0';
	ns = xmlSearchNs(ctx->doc, ctx, prefix);
	return ns != NULL && xmlStrEqual(ns->href, BAD_CAST XS_NS);
}

/* ------------------------------------------------------------------------------------------ */
/* Length types */

/* If the named simple type st is a length type, record it (b->lt) and return 1. */
static int length_type(struct build *b, xmlNodePtr st)
{
	xmlNodePtr r = NULL;
	const xmlChar *base, *name = prop(st, "name");
	struct lim l = { 0, 0, -1 };
	int facets = 0, collapse = 0, min1 = 0;

	for (xmlNodePtr c = st->children; c; c = c->next)
		if (is_xs(c, "restriction"))
			r = c;
		else if (is_xs_any(c) && !is_xs(c, "annotation"))
			return 0;
	if (r == NULL || name == NULL || (base = prop(r, "base")) == NULL || !builtin(r, base) ||
	    !xmlStrEqual(xmlStrchr(base, ':') + 1, BAD_CAST "string"))
		return 0;
	for (xmlNodePtr c = r->children; c; c = c->next) {
		const xmlChar *v;
		char *end;
		long n;

		if (!is_xs_any(c) || is_xs(c, "annotation"))
			continue;
		v = prop(c, "value");
		if (is_xs(c, "whiteSpace") && v) {
			collapse = xmlStrEqual(v, BAD_CAST "collapse");
			continue;
		}
		if (v == NULL || (!is_xs(c, "minLength") && !is_xs(c, "maxLength")) || prop(c, "fixed"))
			return 0;
		n = strtol((const char *)v, &end, 10);
		if (*end != '\0' || n < 0 || n > 100000000)
			return 0;
		if (is_xs(c, "minLength")) {
			if (n > 1)
				return 0;
			min1 = n == 1;
		} else {
			l.max = n;
		}
		facets++;
	}
	if (facets == 0 || b->nlt == MAX_LTYPES)
		return 0;
	l.nonblank = min1 && collapse;
	l.nonempty = min1 && !collapse;
	b->lt[b->nlt].name = (xmlChar *)name;
	b->lt[b->nlt].lim = l;
	b->nlt++;
	return 1;
}

/* The length limit a value of the type called name must meet: 1 with *l set when the type is
 * (derives by restriction from) a length type, 0 when not; sets b->bail for what cannot be
 * followed (a list or union involving a length type, too deep). */
static int type_lim(struct build *b, xmlNodePtr ctx, const xmlChar *name, struct lim *l, int depth);

/* The same for an anonymous or named xs:simpleType node st. */
static int simple_lim(struct build *b, xmlNodePtr st, struct lim *l, int depth)
{
	if (depth > MAX_DEPTH) {
		b->bail = 1;
		return 0;
	}
	for (xmlNodePtr c = st->children; c; c = c->next) {
		if (is_xs(c, "restriction")) {
			const xmlChar *base = prop(c, "base");

			if (base != NULL)
				return type_lim(b, c, base, l, depth + 1);
			for (xmlNodePtr s = c->children; s; s = s->next)
				if (is_xs(s, "simpleType"))
					return simple_lim(b, s, l, depth + 1);
			b->bail = 1;
			return 0;
		}
		if (is_xs(c, "list") || is_xs(c, "union")) {
			/* a length type inside a list or union is not followed: keep the facets */
			const xmlChar *it = prop(c, is_xs(c, "list") ? "itemType" : "memberTypes");
			struct lim tmp;

			if (it != NULL && xmlStrchr(it, ' ') == NULL && type_lim(b, c, it, &tmp, depth + 1))
				b->bail = 1;
			else if (it != NULL && xmlStrchr(it, ' ') != NULL)
				b->bail = 1;   /* a union of several: not read */
			for (xmlNodePtr s = c->children; s; s = s->next)
				if (is_xs(s, "simpleType") && simple_lim(b, s, &tmp, depth + 1))
					b->bail = 1;
			return 0;
		}
	}
	return 0;
}

static int type_lim(struct build *b, xmlNodePtr ctx, const xmlChar *name, struct lim *l, int depth)
{
	xmlNodePtr st;

	if (builtin(ctx, name))
		return 0;
	for (int i = 0; i < b->nlt; i++)
		if (xmlStrEqual(b->lt[i].name, name)) {
			*l = b->lt[i].lim;
			return 1;
		}
	if ((st = named(b, "simpleType", name)) != NULL)
		return simple_lim(b, st, l, depth + 1);
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The tree of places */

/* Add constraint l to *dst (several declarations at one place: the strictest of each). */
static void lim_merge(struct lim *dst, int *has, const struct lim *l)
{
	if (!*has) {
		*dst = *l;
		*has = 1;
		return;
	}
	dst->nonblank |= l->nonblank;
	dst->nonempty |= l->nonempty;
	if (l->max >= 0 && (dst->max < 0 || l->max < dst->max))
		dst->max = l->max;
}

static void tnode_free(struct tnode *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < t->nkid; i++)
		tnode_free(t->kid[i]);
	for (int i = 0; i < t->nattr; i++)
		xmlFree(t->attr[i].name);
	free(t->kid);
	free(t->attr);
	xmlFree(t->name);
	free(t);
}

/* The child of *arr (n entries, cap) named name, added if missing; NULL when out of memory. */
static struct tnode *tnode_get(struct tnode ***arr, int *n, int *cap, const xmlChar *name)
{
	struct tnode *t;

	for (int i = 0; i < *n; i++)
		if (xmlStrEqual((*arr)[i]->name, name))
			return (*arr)[i];
	if (*n == *cap) {
		int nc = *cap ? *cap * 2 : 4;
		struct tnode **na = realloc(*arr, (size_t)nc * sizeof(*na));

		if (na == NULL)
			return NULL;
		*arr = na;
		*cap = nc;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL || (t->name = xmlStrdup(name)) == NULL) {
		free(t);
		return NULL;
	}
	(*arr)[(*n)++] = t;
	return t;
}

/* Record that attribute name of the elements at t has limit l. */
static void tattr_add(struct build *b, struct tnode *t, const xmlChar *name, const struct lim *l)
{
	int has = 1;

	for (int i = 0; i < t->nattr; i++)
		if (xmlStrEqual(t->attr[i].name, name)) {
			lim_merge(&t->attr[i].lim, &has, l);
			return;
		}
	if (t->nattr == t->acap) {
		int nc = t->acap ? t->acap * 2 : 4;
		struct tattr *na = realloc(t->attr, (size_t)nc * sizeof(*na));

		if (na == NULL) {
			b->oom = 1;
			return;
		}
		t->attr = na;
		t->acap = nc;
	}
	if ((t->attr[t->nattr].name = xmlStrdup(name)) == NULL) {
		b->oom = 1;
		return;
	}
	t->attr[t->nattr].lim = *l;
	t->nattr++;
}

static void walk_complex(struct build *b, xmlNodePtr ct, struct tnode *t, int depth);

/* An xs:attribute declaration inside the type of the elements at t. */
static void walk_attribute(struct build *b, xmlNodePtr a, struct tnode *t, int depth)
{
	const xmlChar *name = prop(a, "name"), *type = prop(a, "type");
	struct lim l;
	int has = 0;

	if (name == NULL || prop(a, "ref") != NULL) {
		b->bail = 1;
		return;
	}
	if (type != NULL)
		has = type_lim(b, a, type, &l, depth + 1);
	for (xmlNodePtr c = a->children; c; c = c->next)
		if (is_xs(c, "simpleType"))
			has = simple_lim(b, c, &l, depth + 1);
	if (has)
		tattr_add(b, t, name, &l);
}

/* An xs:element declaration: its place under parent (*arr), and what its type holds. */
static void walk_element(struct build *b, xmlNodePtr e, struct tnode ***arr, int *n, int *cap, int depth)
{
	const xmlChar *name = prop(e, "name"), *type = prop(e, "type");
	struct tnode *t;
	struct lim l;

	if (depth > MAX_DEPTH || name == NULL || prop(e, "ref") != NULL || prop(e, "substitutionGroup")) {
		b->bail = 1;
		return;
	}
	if ((t = tnode_get(arr, n, cap, name)) == NULL) {
		b->oom = 1;
		return;
	}
	if (type != NULL) {
		xmlNodePtr ct = builtin(e, type) ? NULL : named(b, "complexType", type);

		if (ct != NULL)
			walk_complex(b, ct, t, depth + 1);
		else if (type_lim(b, e, type, &l, depth + 1))
			lim_merge(&t->text, &t->has_text, &l);
	}
	for (xmlNodePtr c = e->children; c; c = c->next) {
		if (is_xs(c, "complexType")) {
			walk_complex(b, c, t, depth + 1);
		} else if (is_xs(c, "simpleType")) {
			if (simple_lim(b, c, &l, depth + 1))
				lim_merge(&t->text, &t->has_text, &l);
		} else if (is_xs(c, "key") || is_xs(c, "keyref") || is_xs(c, "unique") || is_xs(c, "annotation"))
			continue;
		else if (is_xs_any(c))
			b->bail = 1;
	}
}

/* An xs:sequence of the type of the elements at t. */
static void walk_sequence(struct build *b, xmlNodePtr s, struct tnode *t, int depth)
{
	if (depth > MAX_DEPTH) {
		b->bail = 1;
		return;
	}
	for (xmlNodePtr c = s->children; c; c = c->next) {
		if (is_xs(c, "element"))
			walk_element(b, c, &t->kid, &t->nkid, &t->kcap, depth + 1);
		else if (is_xs(c, "sequence"))
			walk_sequence(b, c, t, depth + 1);
		else if (is_xs_any(c) && !is_xs(c, "annotation"))
			b->bail = 1;   /* choice, all, group, any: not read */
	}
}

/* The attributes and content of an xs:complexType (named or anonymous) of the elements at t. A
 * derivation's base type is walked too (for a restriction as well: the union of both is at
 * least as strict). */
static void walk_complex(struct build *b, xmlNodePtr ct, struct tnode *t, int depth)
{
	if (depth > MAX_DEPTH) {
		b->bail = 1;
		return;
	}
	for (xmlNodePtr c = ct->children; c && !b->bail; c = c->next) {
		if (is_xs(c, "sequence")) {
			walk_sequence(b, c, t, depth + 1);
		} else if (is_xs(c, "attribute")) {
			walk_attribute(b, c, t, depth + 1);
		} else if (is_xs(c, "simpleContent") || is_xs(c, "complexContent")) {
			for (xmlNodePtr d = c->children; d; d = d->next) {
				const xmlChar *base;
				xmlNodePtr bt;
				struct lim l;

				if (!is_xs(d, "extension") && !is_xs(d, "restriction")) {
					if (is_xs_any(d) && !is_xs(d, "annotation"))
						b->bail = 1;
					continue;
				}
				if ((base = prop(d, "base")) == NULL) {
					b->bail = 1;
					continue;
				}
				bt = builtin(d, base) ? NULL : named(b, "complexType", base);
				if (bt != NULL)
					walk_complex(b, bt, t, depth + 1);
				else if (is_xs(c, "simpleContent") && type_lim(b, d, base, &l, depth + 1))
					lim_merge(&t->text, &t->has_text, &l);
				for (xmlNodePtr x = d->children; x; x = x->next) {
					if (is_xs(x, "sequence"))
						walk_sequence(b, x, t, depth + 1);
					else if (is_xs(x, "attribute"))
						walk_attribute(b, x, t, depth + 1);
					else if (is_xs(x, "simpleType")) {
						if (simple_lim(b, x, &l, depth + 1))
							lim_merge(&t->text, &t->has_text, &l);
					} else if (is_xs(x, "attributeGroup") || is_xs(x, "anyAttribute") ||
						 is_xs(x, "group") || is_xs(x, "choice") || is_xs(x, "all"))
						b->bail = 1;
				}
			}
		} else if (is_xs_any(c) && !is_xs(c, "annotation")) {
			b->bail = 1;   /* choice, all, group, attributeGroup, anyAttribute */
		}
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Identity constraints */

/* Parse an IDC declaration into *d: 1 if it is simple enough to take over, else 0. */
static int idc_parse(xmlNodePtr c, xmlNodePtr owner, struct idc *d)
{
	xmlNodePtr sel = NULL, fld = NULL;
	const xmlChar *xp, *f, *name = prop(c, "name"), *ename = prop(owner, "name");
	int nf = 0;

	memset(d, 0, sizeof(*d));
	d->kind = is_xs(c, "key") ? 0 : is_xs(c, "unique") ? 1 : 2;
	for (xmlNodePtr x = c->children; x; x = x->next) {
		if (is_xs(x, "selector"))
			sel = x;
		else if (is_xs(x, "field")) {
			fld = x;
			nf++;
		}
	}
	if (name == NULL || ename == NULL || sel == NULL || nf != 1 || (xp = prop(sel, "xpath")) == NULL ||
	    (f = prop(fld, "xpath")) == NULL || f[0] != '@' || f[1] == '\0')
		return 0;
	for (const xmlChar *p = f + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			return 0;
	if (d->kind == 2) {
		const xmlChar *r = prop(c, "refer");

		if (r == NULL || xmlStrchr(r, ':') != NULL)
			return 0;
		d->refer = xmlStrdup(r);
	}
	/* the selector: names separated by '/' */
	for (const xmlChar *p = xp; *p;) {
		const xmlChar *q = p;

		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
		       *q == '-' || *q == '_' || *q == '.')
			q++;
		if (q == p || (*q != '/' && *q != '\0') || d->nsteps == MAX_STEPS ||
		    (q - p == 1 && *p == '.') || (q - p == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		d->step[d->nsteps++] = xmlStrndup(p, (int)(q - p));
		p = *q ? q + 1 : q;
		if (*q == '/' && *p == '\0')
			return 0;
	}
	d->name = xmlStrdup(name);
	d->root = xmlStrdup(ename);
	d->field = xmlStrdup(f + 1);
	return d->nsteps > 0;
}

static void idc_clear(struct idc *d)
{
	for (int i = 0; i < d->nsteps; i++)
		xmlFree(d->step[i]);
	xmlFree(d->name);
	xmlFree(d->refer);
	xmlFree(d->root);
	xmlFree(d->field);
	memset(d, 0, sizeof(*d));
}

/* Take over the identity constraints of the global element e when all of them are simple and
 * every keyref refers to one of them; unlink them from the derived document. */
static void take_idcs(xsdfast *f, xmlNodePtr e)
{
	struct idc tmp[MAX_IDCS];
	xmlNodePtr node[MAX_IDCS];
	int n = 0, ok = 1;

	for (xmlNodePtr c = e->children; c; c = c->next) {
		if (!is_xs(c, "key") && !is_xs(c, "unique") && !is_xs(c, "keyref"))
			continue;
		if (n + f->nidc == MAX_IDCS || !idc_parse(c, e, &tmp[n])) {
			if (n + f->nidc < MAX_IDCS)
				idc_clear(&tmp[n]);
			ok = 0;
			break;
		}
		node[n++] = c;
	}
	for (int i = 0; ok && i < n; i++) {
		tmp[i].refer_ix = -1;
		if (tmp[i].kind != 2)
			continue;
		for (int k = 0; k < n; k++)
			if (tmp[k].kind != 2 && xmlStrEqual(tmp[k].name, tmp[i].refer))
				tmp[i].refer_ix = f->nidc + k;
		if (tmp[i].refer_ix < 0)
			ok = 0;
	}
	for (int i = 0; i < n; i++) {
		if (!ok) {
			idc_clear(&tmp[i]);
			continue;
		}
		f->idc[f->nidc++] = tmp[i];
		xmlUnlinkNode(node[i]);
		xmlFreeNode(node[i]);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Building */

/* Remove the length facets of the length types from the derived document. */
static void drop_length_facets(struct build *b)
{
	for (int i = 0; i < b->nlt; i++) {
		xmlNodePtr st = named(b, "simpleType", b->lt[i].name);

		for (xmlNodePtr r = st ? st->children : NULL; r; r = r->next) {
			xmlNodePtr c, next;

			if (!is_xs(r, "restriction"))
				continue;
			for (c = r->children; c; c = next) {
				next = c->next;
				if (is_xs(c, "minLength") || is_xs(c, "maxLength")) {
					xmlUnlinkNode(c);
					xmlFreeNode(c);
				}
			}
		}
	}
}

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_arg;
#else
typedef xmlErrorPtr xml_error_arg;
#endif

/* Schema parser errors of the derived schema: not reported (the full schema's are). */
static void quiet(void *ctx, xml_error_arg e)
{
	(void)ctx;
	(void)e;
}

xsdfast *xsdfast_new(xmlDocPtr xsd)
{
	xsdfast *f = NULL;
	struct build b;
	xmlNodePtr root = xsd ? xmlDocGetRootElement(xsd) : NULL;
	xmlSchemaParserCtxtPtr pc = NULL;

	memset(&b, 0, sizeof(b));
	if (!is_xs(root, "schema") || (f = calloc(1, sizeof(*f))) == NULL)
		goto fail;
	f->doc = xsd;
	b.schema = root;
	for (xmlNodePtr c = root->children; c; c = c->next)
		if (is_xs(c, "simpleType"))
			length_type(&b, c);
	/* the places of values of the length types, from each global element */
	for (xmlNodePtr c = root->children; c && b.nlt > 0 && !b.bail && !b.oom; c = c->next) {
		if (is_xs(c, "element"))
			walk_element(&b, c, &f->root, &f->nroot, &f->rcap, 0);
		else if (is_xs(c, "include") || is_xs(c, "import") || is_xs(c, "redefine") ||
			 is_xs(c, "override") || is_xs(c, "group") || is_xs(c, "attributeGroup") ||
			 is_xs(c, "attribute"))
			b.bail = 1;
	}
	if (b.oom)
		goto fail;
	if (b.bail || b.nlt == 0) {
		for (int i = 0; i < f->nroot; i++)
			tnode_free(f->root[i]);
		f->nroot = 0;
		b.nlt = 0;
	}
	f->nltypes = b.nlt;
	drop_length_facets(&b);
	for (xmlNodePtr c = root->children; c; c = c->next)
		if (is_xs(c, "element"))
			take_idcs(f, c);
	if (f->nidc == 0 && f->nltypes == 0)
		goto fail;
	if ((pc = xmlSchemaNewDocParserCtxt(xsd)) == NULL)
		goto fail;
	xmlSchemaSetParserStructuredErrors(pc, quiet, NULL);
	if ((f->schema = xmlSchemaParse(pc)) == NULL)
		goto fail;
	xmlSchemaFreeParserCtxt(pc);
	return f;
fail:
	xmlSchemaFreeParserCtxt(pc);
	if (f == NULL)
		xmlFreeDoc(xsd);
	xsdfast_free(f);
	return NULL;
}

void xsdfast_free(xsdfast *f)
{
	if (f == NULL)
		return;
	xmlSchemaFree(f->schema);
	for (int i = 0; i < f->nroot; i++)
		tnode_free(f->root[i]);
	free(f->root);
	for (int i = 0; i < f->nidc; i++)
		idc_clear(&f->idc[i]);
	xmlFreeDoc(f->doc);
	free(f);
}

xmlSchemaPtr xsdfast_schema(const xsdfast *f)
{
	return f->schema;
}

void xsdfast_counts(const xsdfast *f, int *idcs, int *length_types)
{
	*idcs = f ? f->nidc : 0;
	*length_types = f ? f->nltypes : 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Screening */

#define BLANK(c) ((c) == 0x20 || (c) == 0x9 || (c) == 0xA || (c) == 0xD)

/* Names equal (both non-NULL)? The first byte decides most comparisons without a call. */
static inline int same_name(const xmlChar *a, const xmlChar *b)
{
	return a[0] == b[0] && strcmp((const char *)a, (const char *)b) == 0;
}

/* 1 if the text nodes from first on (a value's pieces) may break l. */
static int lim_suspect(const struct lim *l, xmlNodePtr first)
{
	size_t bytes = 0;
	int any = 0, nonblank = 0;

	for (xmlNodePtr x = first; x; x = x->next) {
		const xmlChar *s;

		if (x->type != XML_TEXT_NODE && x->type != XML_CDATA_SECTION_NODE)
			continue;
		if ((s = x->content) == NULL)
			continue;
		any |= s[0] != '\0';
		if (!nonblank)
			for (const xmlChar *p = s; *p; p++)
				if (!BLANK(*p)) {
					nonblank = 1;
					break;
				}
		if (l->max >= 0)
			bytes += strlen((const char *)s);
		else if (nonblank)
			break;
	}
	return (l->nonblank && !nonblank) || (l->nonempty && !any) || (l->max >= 0 && bytes > (size_t)l->max);
}

/* 1 if an element at or below e (the place t) may break a length limit. */
static int walk_suspect(const struct tnode *t, xmlNodePtr e, int depth)
{
	int hint = 0;

	if (depth > MAX_DEPTH)
		return 1;
	for (xmlAttrPtr a = e->properties; a; a = a->next) {
		if (a->ns != NULL)
			return 1;   /* xsi:type could give the element a type with places of its own */
		for (int i = 0; i < t->nattr; i++)
			if (same_name(a->name, t->attr[i].name) && lim_suspect(&t->attr[i].lim, a->children))
				return 1;
	}
	if (t->has_text && lim_suspect(&t->text, e->children))
		return 1;
	for (xmlNodePtr c = e->children; c; c = c->next) {
		const struct tnode *k = NULL;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		/* children come in declaration order: look from the last one found */
		for (int n = 0; n < t->nkid; n++) {
			int i = (hint + n) % t->nkid;

			if (same_name(t->kid[i]->name, c->name)) {
				k = t->kid[i];
				hint = i;
				break;
			}
		}
		if (k == NULL || walk_suspect(k, c, depth + 1))
			return 1;   /* a place the schema has no declaration for: let it decide */
	}
	return 0;
}

/* A value collected for an identity constraint. */
struct val {
	const xmlChar *s;   /* in the document or in a copy listed for freeing */
	size_t len;
};

struct vals {
	struct val *v;
	int n, cap;
	xmlChar **own;      /* copies to free */
	int nown, owncap;
	int oom;
};

/* Append s (len bytes) to vs. */
static void vals_add(struct vals *vs, const xmlChar *s, size_t len)
{
	if (vs->n == vs->cap) {
		int nc = vs->cap ? vs->cap * 2 : 64;
		struct val *nv = realloc(vs->v, (size_t)nc * sizeof(*nv));

		if (nv == NULL) {
			vs->oom = 1;
			return;
		}
		vs->v = nv;
		vs->cap = nc;
	}
	vs->v[vs->n].s = s;
	vs->v[vs->n].len = len;
	vs->n++;
}

/* Keep the copy s to free later; frees it and sets oom if that fails. */
static int vals_own(struct vals *vs, xmlChar *s)
{
	if (vs->nown == vs->owncap) {
		int nc = vs->owncap ? vs->owncap * 2 : 8;
		xmlChar **no = realloc(vs->own, (size_t)nc * sizeof(*no));

		if (no == NULL) {
			xmlFree(s);
			vs->oom = 1;
			return 0;
		}
		vs->own = no;
		vs->owncap = nc;
	}
	vs->own[vs->nown++] = s;
	return 1;
}

static void vals_free(struct vals *vs)
{
	for (int i = 0; i < vs->nown; i++)
		xmlFree(vs->own[i]);
	free(vs->own);
	free(vs->v);
	memset(vs, 0, sizeof(*vs));
}

/* Add attribute a's value: as written (collapse 0), or whitespace-collapsed (1). */
static void vals_attr(struct vals *vs, xmlAttrPtr a, int collapse)
{
	xmlNodePtr t = a->children;
	xmlChar *s, *w;
	const xmlChar *r;
	int plain;

	if (t != NULL && t->type == XML_TEXT_NODE && t->next == NULL && t->content != NULL) {
		const xmlChar *p = t->content;
		size_t len = strlen((const char *)p);

		plain = !collapse || len == 0 || (!BLANK(p[0]) && !BLANK(p[len - 1]));
		for (size_t i = 0; plain && collapse && i + 1 < len; i++)
			if (BLANK(p[i]) && (BLANK(p[i + 1]) || p[i] != ' '))
				plain = 0;
		if (plain) {
			vals_add(vs, p, len);
			return;
		}
	}
	if ((s = xmlNodeListGetString(a->doc, a->children, 1)) == NULL) {
		s = xmlStrdup(BAD_CAST "");
		if (s == NULL) {
			vs->oom = 1;
			return;
		}
	}
	if (!vals_own(vs, s))
		return;
	if (collapse) {
		w = s;
		for (r = s; *r;) {
			if (BLANK(*r)) {
				while (BLANK(*r))
					r++;
				if (w != s && *r)
					*w++ = ' ';
				continue;
			}
			*w++ = *r++;
		}
		*w = '\0';
	}
	vals_add(vs, s, strlen((const char *)s));
}

/* Collect d's values below the element e (step k of its selector); *missing counts selected
 * elements without the field. */
static void collect(const struct idc *d, xmlNodePtr e, int k, int collapse, struct vals *vs, int *missing)
{
	for (xmlNodePtr c = e->children; c && !vs->oom; c = c->next) {
		xmlAttrPtr a;

		if (c->type != XML_ELEMENT_NODE || c->ns != NULL || !same_name(c->name, d->step[k]))
			continue;
		if (k + 1 < d->nsteps) {
			collect(d, c, k + 1, collapse, vs, missing);
			continue;
		}
		if ((a = xmlHasNsProp(c, d->field, NULL)) == NULL)
			(*missing)++;
		else
			vals_attr(vs, a, collapse);
	}
}

static int cmp_val(const void *x, const void *y)
{
	const struct val *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = n ? memcmp(a->s, b->s, n) : 0;

	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* 1 if the identity constraints may not hold on the record whose root is root. */
static int idc_suspect(const xsdfast *f, xmlNodePtr root)
{
	struct vals vs[MAX_IDCS];
	int bad = 0;

	memset(vs, 0, sizeof(vs));
	for (int i = 0; i < f->nidc && !bad; i++) {
		const struct idc *d = &f->idc[i];
		int missing = 0;

		if (!xmlStrEqual(d->root, root->name))
			continue;
		/* keys and uniques collapsed (duplicates), keyrefs as written (a match) */
		collect(d, root, 0, d->kind != 2, &vs[i], &missing);
		if (vs[i].oom || (d->kind == 0 && missing > 0)) {
			bad = 1;
			break;
		}
		if (d->kind == 2)
			continue;
		if (vs[i].n > 1)   /* no qsort of an empty, NULL array (UBSan: nonnull) */
			qsort(vs[i].v, (size_t)vs[i].n, sizeof(struct val), cmp_val);
		for (int k = 1; k < vs[i].n; k++)
			if (cmp_val(&vs[i].v[k - 1], &vs[i].v[k]) == 0)
				bad = 1;
	}
	for (int i = 0; i < f->nidc && !bad; i++) {
		const struct idc *d = &f->idc[i];
		struct vals keys = { 0 };
		int missing = 0;

		if (d->kind != 2 || !xmlStrEqual(d->root, root->name))
			continue;
		/* the referred key's values as written */
		collect(&f->idc[d->refer_ix], root, 0, 0, &keys, &missing);
		if (!keys.oom && keys.n > 1)
			qsort(keys.v, (size_t)keys.n, sizeof(struct val), cmp_val);
		for (int k = 0; k < vs[i].n && !keys.oom && !bad; k++)
			if (keys.n == 0 ||
			    bsearch(&vs[i].v[k], keys.v, (size_t)keys.n, sizeof(struct val), cmp_val) == NULL)
				bad = 1;
		if (keys.oom)
			bad = 1;
		vals_free(&keys);
	}
	for (int i = 0; i < f->nidc; i++)
		vals_free(&vs[i]);
	return bad;
}

int xsdfast_suspect(const xsdfast *f, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	int known = 0;

	if (root == NULL)
		return 1;
	if (f->nroot > 0) {
		for (int i = 0; i < f->nroot; i++)
			if (root->ns == NULL && xmlStrEqual(f->root[i]->name, root->name)) {
				known = 1;
				if (walk_suspect(f->root[i], root, 0))
					return 1;
			}
		if (!known)
			return 1;
	}
	return idc_suspect(f, root);
}
