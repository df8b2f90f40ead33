/*
 * redact.c: audience profiles and the redaction of a record's DOM for one audience (the policy
 * and its limits are in redact.h). Profiles are XML validated against schemas/audience.xsd;
 * redaction empties every withheld element, leaving the redacted="CATEGORY" marker, then scrubs
 * the withheld values from every remaining text node and attribute value, matching on a folded
 * form of the text (ICU's NFKC_Casefold per normalisation segment, white-space runs as one
 * space, typographic quotes and dashes as ASCII) that keeps, for each folded character, where
 * it came from in the original bytes, so a match is replaced in the original text.
 */
#include "core/pepkit.h"
#include "record/redact.h"
#include "core/xsd.h"
#include "core/xmlsafe.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

/* The categories of schemas/pep.xsd (confidentialCategory); test_redact checks they agree. */
static const char *const categories[] = {
	"placement-address", "carer-contact", "birth-family", "health", "safeguarding",
	"third-party"
};
#define N_CATEGORIES ((int)PK_ARRAY_LEN(categories))
#define CAT_PLACEMENT 0

/* Attributes that are markers, not content: never scrubbed. */
static const char *const marker_attrs[] = { "confidential", "redacted", "location-confidential" };

struct redact_profile {
	char name[64];
	char label[128];
	unsigned allowed;  /* bit i: category i may be seen */
	int knows_school;  /* <knows-school/>: a confidential placement does not hide the school */
};

/* ---------- categories and profiles ---------- */

const char *redact_category_name(int i)
{
	return i >= 0 && i < N_CATEGORIES ? categories[i] : NULL;
}

/* Index of category name s, or -1 if it is not one. */
static int category_index(const char *s)
{
	for (int i = 0; s && i < N_CATEGORIES; i++)
		if (strcmp(s, categories[i]) == 0)
			return i;
	return -1;
}

/* 1 if s is a shipped-audience name (not a path): [a-z0-9][a-z0-9-]{0,39}. */
static int is_audience_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 40 || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}


/* Copy attribute or element text value into dst (size n), trimmed of surrounding white space;
 * "" if absent. */
static void copy_trimmed(char *dst, size_t n, const xmlChar *s)
{
	size_t len;

	dst[0] = '\0';
	if (s == NULL)
		return;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen((const char *)s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
			   s[len - 1] == '\r'))
		len--;
	snprintf(dst, n, "%.*s", (int)(len < n ? len : n - 1), (const char *)s);
}

/* Read the fields of a validated profile document into p. by_name is the requested audience
 * name (NULL when loaded from a path). Returns PK_OK or PK_EINVAL with err set. */
static int read_profile(redact_profile *p, xmlDocPtr doc, const char *path, const char *by_name,
			pk_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n;
	xmlChar *v;

	v = xmlGetProp(root, BAD_CAST "name");
	copy_trimmed(p->name, sizeof(p->name), v);
	xmlFree(v);
	if (by_name && strcmp(p->name, by_name) != 0)
		return pk_error_set(err, PK_EINVAL, "'%s' line %ld: audience/@name: is '%s', but the "
				    "file is the profile for '%s'", path, xmlGetLineNo(root),
				    p->name, by_name);
	for (n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(n->name, BAD_CAST "label")) {
			v = xmlNodeGetContent(n);
			copy_trimmed(p->label, sizeof(p->label), v);
			xmlFree(v);
		} else if (xmlStrEqual(n->name, BAD_CAST "knows-school")) {
			p->knows_school = 1;
		} else if (xmlStrEqual(n->name, BAD_CAST "allow")) {
			char cat[64];
			int i;

			v = xmlGetProp(n, BAD_CAST "category");
			copy_trimmed(cat, sizeof(cat), v);
			xmlFree(v);
			i = category_index(cat);
			if (i < 0)
				return pk_error_set(err, PK_EINVAL, "'%s' line %ld: allow/@category: '%s' "
						    "is not a confidential category of the record "
						    "schema (placement-address, carer-contact, "
						    "birth-family, health, safeguarding, "
						    "third-party)", path, xmlGetLineNo(n), cat);
			p->allowed |= 1u << i;
		}
	}
	return PK_OK;
}

redact_profile *redact_profile_load(const char *name, pk_error *err)
{
	char path[PATH_MAX];
	const char *by_name = NULL;
	size_t len = name ? strlen(name) : 0;
	redact_profile *p = NULL;
	xmlDocPtr doc = NULL;
	struct stat st;
	int rc;

	if (name == NULL || len == 0) {
		pk_error_set(err, PK_EINVAL, "no audience given");
		return NULL;
	}
	if (strchr(name, '/') || (len > 4 && strcmp(name + len - 4, ".xml") == 0)) {
		snprintf(path, sizeof(path), "%s", name);
	} else if (is_audience_name(name)) {
		by_name = name;
		if (snprintf(path, sizeof(path), "%s/templates/audiences/%s.xml", pk_datadir(),
			     name) >= (int)sizeof(path)) {
			pk_error_set(err, PK_EINVAL, "audience '%s': path too long", name);
			return NULL;
		}
		if (stat(path, &st) != 0) {
			pk_error_set(err, PK_EINVAL, "audience '%s': no such audience (no profile "
				     "'%s')", name, path);
			return NULL;
		}
	} else {
		pk_error_set(err, PK_EINVAL, "audience '%s': not an audience name (lowercase letters, "
			     "digits, '-') nor a profile path", name);
		return NULL;
	}
	doc = xmlsafe_read_file(path, err);
	if (doc == NULL)
		return NULL;
	rc = xsd_check_once("audience.xsd", doc, path, "audience profile", err);
	if (rc != PK_OK)
		goto out;
	p = calloc(1, sizeof(*p));
	if (p == NULL) {
		pk_error_set(err, PK_ENOMEM, "out of memory loading audience '%s'", name);
		goto out;
	}
	rc = read_profile(p, doc, path, by_name, err);
	if (rc != PK_OK) {
		free(p);
		p = NULL;
	}
out:
	xmlFreeDoc(doc);
	return p;
}

void redact_profile_free(redact_profile *p)
{
	free(p);
}

const char *redact_profile_name(const redact_profile *p)
{
	return p ? p->name : "";
}

const char *redact_profile_label(const redact_profile *p)
{
	return p ? (p->label[0] ? p->label : p->name) : "";
}

int redact_profile_is_full(const redact_profile *p)
{
	return p != NULL && p->allowed == (1u << N_CATEGORIES) - 1;
}

int redact_profile_knows_school(const redact_profile *p)
{
	return p != NULL && (p->knows_school || (p->allowed & (1u << CAT_PLACEMENT)));
}

int redact_profile_allows(const redact_profile *p, const char *category)
{
	int i = category_index(category);

	return p != NULL && i >= 0 && (p->allowed & (1u << i)) != 0;
}

/* ---------- folded text ---------- */

static pthread_once_t norm_once = PTHREAD_ONCE_INIT;
static const UNormalizer2 *nfkc_cf;  /* ICU's NFKC_Casefold; NULL: simple case folding only */

/* Look up ICU's NFKC_Casefold normaliser (once per process; ICU owns it, it is thread-safe). */
static void norm_init(void)
{
	UErrorCode st = U_ZERO_ERROR;

	nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
	if (U_FAILURE(st))
		nfkc_cf = NULL;
}

/* Fold one (already normalised) code point for matching: white space becomes ' ',
 * typographic quotes and dashes their ASCII forms, letters their case fold. */
static uint32_t fold_char(uint32_t c)
{
	if (c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	    c == 0x205F || c == 0x3000)
		return ' ';
	if (c == 0x2018 || c == 0x2019 || c == 0x201B || c == 0x2032)
		return '\'';
	if (c == 0x201C || c == 0x201D || c == 0x201F || c == 0x2033)
		return '"';
	if (c >= 0x2010 && c <= 0x2015)
		return '-';
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	return (uint32_t)u_foldCase((UChar32)c, U_FOLD_CASE_DEFAULT);
}

/* 1 if folded code point c is part of a word (letter, digit, combining mark). */
static int is_word_char(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	return u_isalnum((UChar32)c) || (U_GET_GC_MASK((UChar32)c) & U_GC_M_MASK) != 0;
}

/* A text folded for matching: cp[k] is the k-th folded character; it came from bytes
 * [start[k], end[k]) of the original (a white-space run folds to one ' '; every character a
 * normalisation segment expands to carries the whole segment's bytes). */
typedef struct folded {
	uint32_t *cp;
	size_t *start, *end;
	size_t n, cap;
} folded;

/* Free the arrays of f (not f itself). Accepts an empty f. */
static void folded_free(folded *f)
{
	free(f->cp);
	free(f->start);
	free(f->end);
	memset(f, 0, sizeof(*f));
}

/* Append folded character c from bytes [a, b) to f, merging white-space runs. Returns PK_OK
 * or PK_ENOMEM (f keeps what it had). */
static int emit(folded *f, uint32_t c, size_t a, size_t b)
{
	c = fold_char(c);
	if (c == ' ' && f->n > 0 && f->cp[f->n - 1] == ' ') {
		f->end[f->n - 1] = b;
		return PK_OK;
	}
	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 64;
		uint32_t *cp = realloc(f->cp, ncap * sizeof(*cp));
		size_t *st, *en;

		if (cp == NULL)
			return PK_ENOMEM;
		f->cp = cp;
		if ((st = realloc(f->start, ncap * sizeof(*st))) == NULL)
			return PK_ENOMEM;
		f->start = st;
		if ((en = realloc(f->end, ncap * sizeof(*en))) == NULL)
			return PK_ENOMEM;
		f->end = en;
		f->cap = ncap;
	}
	f->cp[f->n] = c;
	f->start[f->n] = a;
	f->end[f->n] = b;
	f->n++;
	return PK_OK;
}

/* Decode the code point at s[i] (len bytes in all); *clen gets its length. Bytes that are not
 * UTF-8 (libxml2 text always is) come back one at a time as themselves. */
static uint32_t decode(const xmlChar *s, size_t i, size_t len, int *clen)
{
	int c;

	*clen = (int)(len - i < 4 ? len - i : 4);
	c = xmlGetUTF8Char(s + i, clen);
	if (c < 0 || *clen <= 0) {
		*clen = 1;
		return s[i];
	}
	return (uint32_t)c;
}

/* Fold the normalisation segment that starts at s[*i] (a character and the combining marks
 * that follow it) into f, and advance *i past it. The segment is normalised with
 * NFKC_Casefold, so precomposed and decomposed accents, compatibility forms (full-width
 * letters, ligatures) and case all compare equal; default-ignorable characters (soft hyphen,
 * zero-width joiner) vanish. Returns PK_OK or PK_ENOMEM. */
static int fold_segment(const xmlChar *s, size_t *i, size_t len, folded *f)
{
	UChar seg[64], out[256];
	int32_t sl = 0, ol, k = 0;
	UErrorCode st = U_ZERO_ERROR;
	size_t a = *i, b = *i;
	int clen, rc = PK_OK;
	uint32_t c = decode(s, b, len, &clen);

	b += (size_t)clen;
	U16_APPEND_UNSAFE(seg, sl, (UChar32)c);
	while (b < len && sl < (int32_t)PK_ARRAY_LEN(seg) - 2) {
		uint32_t n = decode(s, b, len, &clen);

		if (unorm2_hasBoundaryBefore(nfkc_cf, (UChar32)n))
			break;
		U16_APPEND_UNSAFE(seg, sl, (UChar32)n);
		b += (size_t)clen;
	}
	*i = b;
	ol = unorm2_normalize(nfkc_cf, seg, sl, out, (int32_t)PK_ARRAY_LEN(out), &st);
	if (U_FAILURE(st)) {  /* too long an expansion: fold the code points one by one */
		for (k = 0; rc == PK_OK && k < sl;) {
			UChar32 u;

			U16_NEXT_UNSAFE(seg, k, u);
			rc = emit(f, (uint32_t)u, a, b);
		}
		return rc;
	}
	while (rc == PK_OK && k < ol) {
		UChar32 u;

		U16_NEXT_UNSAFE(out, k, u);
		rc = emit(f, (uint32_t)u, a, b);
	}
	return rc;
}

/* Fold the NUL-terminated UTF-8 string s into f (zeroed by the caller). trim: drop leading and
 * trailing white space. Returns PK_OK or PK_ENOMEM (f then empty). */
static int fold(const xmlChar *s, int trim, folded *f)
{
	size_t len = strlen((const char *)s), i = 0;
	int rc = PK_OK;

	pthread_once(&norm_once, norm_init);
	while (rc == PK_OK && i < len) {
		if (s[i] < 0x80 && (i + 1 >= len || s[i + 1] < 0x80)) {  /* ASCII, no mark after */
			rc = emit(f, s[i], i, i + 1);
			i++;
		} else if (nfkc_cf != NULL) {
			rc = fold_segment(s, &i, len, f);
		} else {
			int clen;
			uint32_t c = decode(s, i, len, &clen);

			rc = emit(f, c, i, i + (size_t)clen);
			i += (size_t)clen;
		}
	}
	if (rc != PK_OK) {
		folded_free(f);
		return rc;
	}
	if (trim) {
		size_t a = 0;

		while (f->n > 0 && f->cp[f->n - 1] == ' ')
			f->n--;
		while (a < f->n && f->cp[a] == ' ')
			a++;
		if (a > 0) {
			memmove(f->cp, f->cp + a, (f->n - a) * sizeof(*f->cp));
			memmove(f->start, f->start + a, (f->n - a) * sizeof(*f->start));
			memmove(f->end, f->end + a, (f->n - a) * sizeof(*f->end));
			f->n -= a;
		}
	}
	return PK_OK;
}

/* ---------- withheld values ---------- */

/* The folded withheld values to scrub, longest first once sorted. */
typedef struct needles {
	folded *v;
	size_t n, cap;
} needles;

/* Free every needle and the array. */
static void needles_free(needles *nd)
{
	for (size_t i = 0; i < nd->n; i++)
		folded_free(&nd->v[i]);
	free(nd->v);
	memset(nd, 0, sizeof(*nd));
}

/* Add value s (raw text of a withheld node) unless it is too short or already there. Returns
 * PK_OK or PK_ENOMEM. */
static int needles_add(needles *nd, const xmlChar *s)
{
	folded f = { 0 };
	int rc;

	if (s == NULL)
		return PK_OK;
	rc = fold(s, 1, &f);
	if (rc != PK_OK)
		return rc;
	if (f.n < REDACT_MIN_SCRUB)
		goto drop;
	for (size_t i = 0; i < nd->n; i++)
		if (nd->v[i].n == f.n && memcmp(nd->v[i].cp, f.cp, f.n * sizeof(*f.cp)) == 0)
			goto drop;
	if (nd->n == nd->cap) {
		size_t ncap = nd->cap ? nd->cap * 2 : 16;
		folded *v = realloc(nd->v, ncap * sizeof(*v));

		if (v == NULL) {
			folded_free(&f);
			return PK_ENOMEM;
		}
		nd->v = v;
		nd->cap = ncap;
	}
	/* only the code points are needed from here on */
	free(f.start);
	free(f.end);
	f.start = f.end = NULL;
	nd->v[nd->n++] = f;
	return PK_OK;
drop:
	folded_free(&f);
	return PK_OK;
}

/* qsort order: longer needles first, so a whole address is replaced before its lines. */
static int needle_cmp(const void *a, const void *b)
{
	const folded *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

/* Collect the values of withheld element e into nd: each text below it, and when it has more
 * than one non-blank text, all of them joined by ", ". Returns PK_OK or PK_ENOMEM. */
static int collect_values(xmlNodePtr e, needles *nd)
{
	xmlChar *joined = NULL;
	int texts = 0, rc = PK_OK;
	xmlNodePtr n = e->children;

	while (n != NULL && n != e) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			const xmlChar *s = n->content;

			while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
				s++;
			if (*s != '\0') {
				rc = needles_add(nd, n->content);
				if (rc != PK_OK)
					goto out;
				if (texts++ > 0) {
					joined = xmlStrcat(joined, BAD_CAST ", ");
					if (joined == NULL)
						goto oom;
				}
				joined = xmlStrcat(joined, n->content);
				if (joined == NULL)
					goto oom;
			}
		}
		/* next node in document order inside e */
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != e && n->next == NULL)
			n = n->parent;
		if (n != e)
			n = n->next;
	}
	if (texts > 1)
		rc = needles_add(nd, joined);
	goto out;
oom:
	rc = PK_ENOMEM;
out:
	xmlFree(joined);
	return rc;
}

/* Withhold element e in category cat: collect its values into nd, drop its content and every
 * attribute but confidential and id, set redacted="cat", count it in log. PK_OK or
 * PK_ENOMEM. */
static int withhold(xmlNodePtr e, int cat, needles *nd, redact_log *log)
{
	xmlAttrPtr a, next;
	xmlNodePtr c;
	int rc = collect_values(e, nd);

	if (rc != PK_OK)
		return rc;
	while ((c = e->children) != NULL) {
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
	for (a = e->properties; a; a = next) {
		next = a->next;
		if (a->ns == NULL && (xmlStrEqual(a->name, BAD_CAST "confidential") ||
				      xmlStrEqual(a->name, BAD_CAST "id")))
			continue;
		xmlRemoveProp(a);
	}
	if (xmlSetProp(e, BAD_CAST "redacted", BAD_CAST categories[cat]) == NULL)
		return PK_ENOMEM;
	log->withheld[cat]++;
	log->elements_removed++;
	return PK_OK;
}

/* ---------- the walk ---------- */

/* State of one redaction. */
typedef struct walk {
	const redact_profile *p;
	redact_log *log;
	needles nd;
	size_t *order;       /* needle indices grouped by first code point's bucket, longest first */
	size_t bstart[257];  /* bucket b is order[bstart[b] .. bstart[b + 1]) */
	pk_error *err;
} walk;

/* Bucket of a folded code point for the needle index. */
#define BUCKET(c) ((c) & 255u)

/* Sort the needles longest first and index them by first code point, so scrubbing looks only
 * at the needles that can start at a position. Returns PK_OK or PK_ENOMEM. */
static int index_needles(walk *w)
{
	size_t fill[256];

	qsort(w->nd.v, w->nd.n, sizeof(*w->nd.v), needle_cmp);
	w->order = malloc(w->nd.n * sizeof(*w->order));
	if (w->order == NULL)
		return PK_ENOMEM;
	memset(w->bstart, 0, sizeof(w->bstart));
	for (size_t i = 0; i < w->nd.n; i++)
		w->bstart[BUCKET(w->nd.v[i].cp[0]) + 1]++;
	for (int b = 0; b < 256; b++)
		w->bstart[b + 1] += w->bstart[b];
	for (int b = 0; b < 256; b++)
		fill[b] = w->bstart[b];
	for (size_t i = 0; i < w->nd.n; i++)  /* stable: longest first within a bucket */
		w->order[fill[BUCKET(w->nd.v[i].cp[0])]++] = i;
	return PK_OK;
}

/* Redact the subtree at e (an element): withhold it if its category is denied, else recurse.
 * Comments and PIs are removed when the profile withholds anything. Returns PK_OK, PK_EINVAL
 * (unknown category, err set) or PK_ENOMEM. */
static int walk_element(walk *w, xmlNodePtr e)
{
	xmlChar *conf = xmlGetNoNsProp(e, BAD_CAST "confidential");
	xmlNodePtr c, next;
	int rc = PK_OK;

	if (conf != NULL) {
		char cat[64];
		int i;

		copy_trimmed(cat, sizeof(cat), conf);
		i = category_index(cat);
		if (i < 0) {
			rc = pk_error_set(w->err, PK_EINVAL, "line %ld: %s/@confidential: '%s' is not "
					  "a confidential category", xmlGetLineNo(e),
					  (const char *)e->name, cat);
			goto out;
		}
		if (!(w->p->allowed & (1u << i))) {
			rc = withhold(e, i, &w->nd, w->log);
			goto out;
		}
	}
	for (c = e->children; c; c = next) {
		next = c->next;
		if (c->type == XML_ELEMENT_NODE) {
			rc = walk_element(w, c);
			if (rc != PK_OK)
				goto out;
		} else if ((c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) &&
			   !redact_profile_is_full(w->p)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
out:
	xmlFree(conf);
	return rc;
}

/* First child element of e named name, or NULL. */
static xmlNodePtr child_named(xmlNodePtr e, const char *name)
{
	for (xmlNodePtr c = e ? e->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
			return c;
	return NULL;
}

/* If the placement is location-confidential, placement-address is withheld and the reader does
 * not know the school already, withhold the school's name, urn, la-number and address and
 * replace school/@id. PK_OK or PK_ENOMEM. */
static int walk_school(walk *w, xmlNodePtr root)
{
	static const char *const parts[] = { "name", "urn", "la-number", "address" };
	xmlNodePtr child = child_named(root, "child");
	xmlNodePtr placement = child_named(child, "placement");
	xmlNodePtr school = child_named(child, "school");
	xmlChar *lc, *id;
	int confidential, rc = PK_OK;

	if (placement == NULL || school == NULL || (w->p->allowed & (1u << CAT_PLACEMENT)) ||
	    w->p->knows_school)
		return PK_OK;
	lc = xmlGetNoNsProp(placement, BAD_CAST "location-confidential");
	confidential = lc && (xmlStrEqual(lc, BAD_CAST "true") || xmlStrEqual(lc, BAD_CAST "1"));
	xmlFree(lc);
	if (!confidential)
		return PK_OK;
	for (size_t i = 0; i < PK_ARRAY_LEN(parts); i++) {
		xmlNodePtr part = child_named(school, parts[i]);

		if (part == NULL || xmlHasProp(part, BAD_CAST "redacted"))
			continue;
		rc = withhold(part, CAT_PLACEMENT, &w->nd, w->log);
		if (rc != PK_OK)
			return rc;
	}
	id = xmlGetNoNsProp(school, BAD_CAST "id");
	if (id != NULL && !xmlStrEqual(id, BAD_CAST REDACT_SCHOOL_ID))
		rc = needles_add(&w->nd, id);
	xmlFree(id);
	if (rc == PK_OK && xmlHasProp(school, BAD_CAST "id") &&
	    xmlSetProp(school, BAD_CAST "id", BAD_CAST REDACT_SCHOOL_ID) == NULL)
		rc = PK_ENOMEM;
	w->log->school_withheld = 1;
	return rc;
}

/* Scrub every needle from text node t (content raw UTF-8). Adds the count to log. Returns
 * PK_OK or PK_ENOMEM. */
static int scrub_text(walk *w, xmlNodePtr t)
{
	folded h = { 0 };
	xmlChar *out = NULL;
	size_t k = 0, last = 0;
	int rc = PK_OK, hits = 0;

	if (t->content == NULL || t->content[0] == '\0')
		return PK_OK;
	rc = fold(t->content, 0, &h);
	if (rc != PK_OK)
		return rc;
	while (k < h.n) {
		size_t m = 0;

		uint32_t b = BUCKET(h.cp[k]);

		for (size_t j = w->bstart[b]; j < w->bstart[b + 1]; j++) {
			const folded *nd = &w->nd.v[w->order[j]];

			if (nd->n > h.n - k || memcmp(h.cp + k, nd->cp, nd->n * sizeof(*nd->cp)) != 0)
				continue;
			if (nd->n < REDACT_WORD_SCRUB &&
			    ((k > 0 && is_word_char(h.cp[k - 1]) && is_word_char(nd->cp[0])) ||
			     (k + nd->n < h.n && is_word_char(h.cp[k + nd->n]) &&
			      is_word_char(nd->cp[nd->n - 1]))))
				continue;
			m = nd->n;
			break;
		}
		if (m == 0) {
			k++;
			continue;
		}
		out = xmlStrncat(out, t->content + last, (int)(h.start[k] - last));
		if (out == NULL && h.start[k] > last)
			goto oom;
		out = xmlStrcat(out, BAD_CAST REDACT_TOKEN);
		if (out == NULL)
			goto oom;
		last = h.end[k + m - 1];
		k += m;
		hits++;
	}
	if (hits > 0) {
		out = xmlStrcat(out, t->content + last);
		if (out == NULL)
			goto oom;
		xmlNodeSetContent(t, out);
		w->log->scrubbed += hits;
	}
	goto done;
oom:
	rc = PK_ENOMEM;
done:
	xmlFree(out);
	folded_free(&h);
	return rc;
}

/* 1 if attribute a is a marker that scrubbing leaves alone. */
static int is_marker_attr(xmlAttrPtr a)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(marker_attrs); i++)
		if (a->ns == NULL && xmlStrEqual(a->name, BAD_CAST marker_attrs[i]))
			return 1;
	return 0;
}

/* Scrub all text and attribute values below (and of) element e. PK_OK or PK_ENOMEM. */
static int scrub_element(walk *w, xmlNodePtr e)
{
	int rc;

	for (xmlAttrPtr a = e->properties; a; a = a->next) {
		if (is_marker_attr(a))
			continue;
		for (xmlNodePtr t = a->children; t; t = t->next)
			if (t->type == XML_TEXT_NODE && (rc = scrub_text(w, t)) != PK_OK)
				return rc;
	}
	for (xmlNodePtr c = e->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			rc = scrub_element(w, c);
		else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
			 c->type == XML_COMMENT_NODE)
			rc = scrub_text(w, c);
		else
			rc = PK_OK;
		if (rc != PK_OK)
			return rc;
	}
	return PK_OK;
}

int redact_apply(const redact_profile *p, xmlDocPtr record, redact_log *log, pk_error *err)
{
	redact_log local;
	walk w;
	xmlNodePtr root = xmlDocGetRootElement(record), c, next;
	int rc;

	if (log == NULL)
		log = &local;
	memset(log, 0, sizeof(*log));
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.log = log;
	w.err = err;
	if (p == NULL || root == NULL)
		return pk_error_set(err, PK_EINVAL, "nothing to redact (no profile or empty record)");
	if (!redact_profile_is_full(p)) {
		for (c = record->children; c; c = next) {  /* comments/PIs outside the root */
			next = c->next;
			if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
			}
		}
	}
	rc = walk_element(&w, root);
	if (rc == PK_OK)
		rc = walk_school(&w, root);
	if (rc == PK_OK && w.nd.n > 0) {
		rc = index_needles(&w);
		if (rc == PK_OK)
			rc = scrub_element(&w, root);
	}
	if (rc == PK_ENOMEM)
		pk_error_set(err, PK_ENOMEM, "out of memory redacting for audience '%s'", p->name);
	needles_free(&w.nd);
	free(w.order);
	return rc;
}

int redact_log_write(const redact_profile *p, const redact_log *log, int xml, pk_buf *out)
{
	int rc;

	if (xml) {
		rc = buf_puts(out, "<redaction-log audience=\"");
		if (rc == PK_OK)
			rc = buf_put_xml(out, redact_profile_name(p));
		if (rc == PK_OK)
			rc = buf_printf(out, "\" full=\"%s\">\n",
					redact_profile_is_full(p) ? "true" : "false");
		for (int i = 0; rc == PK_OK && i < N_CATEGORIES; i++)
			rc = buf_printf(out, "  <category name=\"%s\" withheld=\"%s\" elements=\"%d\"/>\n",
					categories[i], (p->allowed & (1u << i)) ? "false" : "true",
					log->withheld[i]);
		if (rc == PK_OK)
			rc = buf_printf(out, "  <school withheld=\"%s\"/>\n  <elements-withheld>%d"
					"</elements-withheld>\n  <scrubbed>%d</scrubbed>\n"
					"</redaction-log>\n", log->school_withheld ? "true" : "false",
					log->elements_removed, log->scrubbed);
		return rc;
	}
	rc = buf_printf(out, "audience: %s\n", redact_profile_name(p));
	for (int i = 0; rc == PK_OK && i < N_CATEGORIES; i++)
		if (!(p->allowed & (1u << i)))
			rc = buf_printf(out, "withheld %s: %d element%s\n", categories[i],
					log->withheld[i], log->withheld[i] == 1 ? "" : "s");
	if (rc == PK_OK)
		rc = buf_printf(out, "school withheld: %s\nelements withheld: %d\n"
				"occurrences scrubbed: %d\n", log->school_withheld ? "yes" : "no",
				log->elements_removed, log->scrubbed);
	return rc;
}
