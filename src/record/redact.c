/*
 * redact.c: audience profiles and the redaction of a record's DOM for one audience (the policy
 * and its limits are in redact.h). Profiles are XML validated against schemas/audience.xsd.
 * One redaction: normalise the DOM (no comments or PIs, adjacent texts merged); note what the
 * reader may see (protected values); empty every withheld element, collecting its values and
 * the parts that identify them as patterns; withhold a location-confidential school; then
 * scrub every remaining text and attribute value with one Aho-Corasick matcher over a
 * canonical form of the text (canonicalise(): NFKC_Casefold, accents off, separators,
 * abbreviations, glued digit groups), which keeps for each canonical character where it came
 * from in the original bytes, so a match is replaced in the original text.
 */
#include "core/pepkit.h"
#include "record/redact.h"
#include "core/xsd.h"
#include "core/xmlsafe.h"

#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <dlfcn.h>

#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>
#include <unicode/uchar.h>
#include <unicode/ucasemap.h>
#include <unicode/uscript.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/uspoof.h>
#include <unicode/utrans.h>
#include <unicode/uvernum.h>

/* The categories of schemas/pep.xsd (confidentialCategory); test_redact checks they agree. */
static const char *const categories[] = {
	"placement-address", "carer-contact", "birth-family", "health", "safeguarding",
	"third-party"
};
#define N_CATEGORIES ((int)PK_ARRAY_LEN(categories))
#define CAT_PLACEMENT 0


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
	doc = xsd_read_valid(path, "audience.xsd", "audience profile", err);
	if (doc == NULL)
		return NULL;
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

int redact_xs_boolean(const xmlChar *s)
{
	const char *p = (const char *)s;
	size_t n;

	if (p == NULL)
		return -1;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r'))
		n--;
	if ((n == 4 && memcmp(p, "true", 4) == 0) || (n == 1 && p[0] == '1'))
		return 1;
	if ((n == 5 && memcmp(p, "false", 5) == 0) || (n == 1 && p[0] == '0'))
		return 0;
	return -1;
}

/* ---------- canonical text ---------- */

static pthread_once_t norm_once = PTHREAD_ONCE_INIT;
static const UNormalizer2 *nfkc_cf;  /* ICU's NFKC_Casefold; NULL: simple case folding only */
static const UNormalizer2 *nfd;      /* ICU's NFD, to take accents off; NULL: accents stay */

/* Look up ICU's normalisers (once per process; ICU owns them, they are thread-safe). */
static void norm_init(void)
{
	UErrorCode st = U_ZERO_ERROR;

	nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
	if (U_FAILURE(st))
		nfkc_cf = NULL;
	st = U_ZERO_ERROR;
	nfd = unorm2_getNFDInstance(&st);
	if (U_FAILURE(st))
		nfd = NULL;
}

/* Letters that carry their accent in the letter itself (NFD does not split them), as the
 * ASCII letters a reader types instead; 0 if c is not one. *second gets a second letter
 * (æ -> ae) or 0. */
static uint32_t plain_letter(uint32_t c, uint32_t *second)
{
	*second = 0;
	switch (c) {
	case 0x0142: case 0x0140: return 'l';          /* ł ŀ */
	case 0x00F8: return 'o';                       /* ø */
	case 0x0111: case 0x00F0: return 'd';          /* đ ð */
	case 0x0127: return 'h';                       /* ħ */
	case 0x0131: return 'i';                       /* dotless ı */
	case 0x0167: return 't';                       /* ŧ */
	case 0x0180: return 'b';                       /* ƀ */
	case 0x01B6: return 'z';                       /* ƶ */
	case 0x00E6: *second = 'e'; return 'a';        /* æ */
	case 0x0153: *second = 'e'; return 'o';        /* œ */
	case 0x00FE: *second = 'h'; return 't';        /* þ */
	case 0x0138: return 'k';                       /* ĸ */
	case 0x014B: return 'n';                       /* ŋ */
	default: return 0;
	}
}

/* ICU's confusable skeletons (uspoof_getSkeleton, UTS #39) fold letters that look like others
 * (Cyrillic Е, Greek ο) to the letter they look like. They are in libicui18n, which only a
 * redaction that meets a letter not Latin needs, so it is loaded then (dlopen) rather than at
 * every start of every command; the names are ICU's versioned ones, as its headers give them. */
#define ICU_SYM_(x) #x
#define ICU_SYM(x) ICU_SYM_(x)
#define ICU_I18N_SO "libicui18n.so." U_ICU_VERSION_SHORT

static pthread_once_t spoof_once = PTHREAD_ONCE_INIT;
static USpoofChecker *spoof;  /* NULL until loaded, and if loading failed */
static __thread int spoof_missing;  /* 1: this thread needed a skeleton and had none */
static int32_t (*spoof_skeleton)(const USpoofChecker *, uint32_t, const UChar *, int32_t, UChar *,
				 int32_t, UErrorCode *);

/* pthread_once routine: load libicui18n and open a spoof checker (kept to the end of the
 * process; read-only, so any thread may use it). */
static void spoof_init(void)
{
	void *h = dlopen(ICU_I18N_SO, RTLD_NOW | RTLD_LOCAL);
	USpoofChecker *(*open_fn)(UErrorCode *) = NULL;
	UErrorCode st = U_ZERO_ERROR;

	if (h == NULL)
		return;
	/* POSIX: a function's address from dlsym is used through a function pointer */
	*(void **)&open_fn = dlsym(h, ICU_SYM(uspoof_open));
	*(void **)&spoof_skeleton = dlsym(h, ICU_SYM(uspoof_getSkeleton));
	if (open_fn == NULL || spoof_skeleton == NULL)
		return;  /* h stays loaded: harmless */
	spoof = open_fn(&st);
	if (U_FAILURE(st))
		spoof = NULL;
}

/* Letters looked up last, per thread: code point (0: empty slot) and its folded skeleton. */
static __thread struct spoof_cache {
	uint32_t cp, out[3];
	unsigned char n;
} spoof_cache[256];

/* The skeleton of letter u (ICU, UTS #39) into out (room for 3): case-folded, marks off, ł-like
 * letters plain. Returns their number, or 0 if it is not letters only. spoof is loaded. */
static int skeleton_letters(uint32_t u, uint32_t out[3])
{
	UChar src[2], dst[16];
	int32_t sl = 0, dl, k = 0;
	UErrorCode st = U_ZERO_ERROR;
	int n = 0;

	memset(out, 0, 3 * sizeof(*out));
	U16_APPEND_UNSAFE(src, sl, (UChar32)u);
	dl = spoof_skeleton(spoof, 0, src, sl, dst, (int32_t)PK_ARRAY_LEN(dst), &st);
	while (U_SUCCESS(st) && k < dl && n >= 0) {
		UChar32 x;
		uint32_t f, second, p;

		U16_NEXT_UNSAFE(dst, k, x);
		f = (uint32_t)u_foldCase(x, U_FOLD_CASE_DEFAULT);
		if ((U_GET_GC_MASK((UChar32)f) & U_GC_M_MASK) != 0)
			continue;
		p = plain_letter(f, &second);
		if (p != 0)
			f = p;
		if (!u_isalpha((UChar32)f) || n + (second != 0) >= 3) {
			n = -1;
			break;
		}
		out[n++] = f;
		if (second != 0)
			out[n++] = second;
	}
	return U_FAILURE(st) || n < 0 ? 0 : n;
}

/* The letters a Latin small capital (ᴍ U+1D0D, ʀ U+0280, ɪ U+026A, ꜱ U+A731: "ᴍᴇʀᴛ" reads as
 * MERT) stands for, into out (room for 3), from its Unicode name as ICU gives it ("LATIN LETTER
 * SMALL CAPITAL M"; "... AE" is two letters). The confusable skeletons leave these letters
 * alone (ᴇ is ᴇ) and they have no capital to look at. Returns their number, or 0 if u is not
 * one (nor one of up to two plain letters: "... TURNED E", "... EZH" are not). */
static int small_capital(uint32_t u, uint32_t out[3])
{
	static const char pre[] = "LATIN LETTER SMALL CAPITAL ";
	char name[80];
	UErrorCode st = U_ZERO_ERROR;
	int32_t nl = u_charName((UChar32)u, U_UNICODE_CHAR_NAME, name, (int32_t)sizeof(name), &st);
	size_t pl = sizeof(pre) - 1, k;

	if (U_FAILURE(st) || nl <= (int32_t)pl || nl > (int32_t)pl + 2 || strncmp(name, pre, pl) != 0)
		return 0;
	for (k = pl; k < (size_t)nl; k++)
		if (name[k] < 'A' || name[k] > 'Z')
			return 0;
	for (k = pl; k < (size_t)nl; k++)
		out[k - pl] = (uint32_t)(name[k] - 'A' + 'a');
	return (int)(nl - (int32_t)pl);
}

/* The Latin letter (lower-case ASCII) that letter u looks like when neither its confusable
 * skeleton nor its capital says so, or 0: a letter whose Unicode name is a Latin letter with
 * something drawn on it ("LATIN SMALL LETTER R WITH FISHHOOK" ɾ, "... M WITH HOOK" ɱ, "... T WITH
 * CURL" ȶ: "Meɾt", "ɱert" read as Mert), the open, reversed and turned e's, the schwa and the
 * Ukrainian є (ɛ ɘ ǝ ə ɜ ɞ ʚ ɚ ɝ є: "Mɛrt", "Mєrt"), and the turned r's (ɹ ɺ ɻ). */
static char drawn_like(uint32_t u)
{
	static const char pre[] = "LATIN SMALL LETTER ";
	char name[96];
	UErrorCode st = U_ZERO_ERROR;
	int32_t nl;
	size_t pl = sizeof(pre) - 1;

	switch (u) {
	case 0x025B: case 0x0258: case 0x01DD: case 0x0259: case 0x025C: case 0x025E: case 0x029A:
	case 0x025A: case 0x025D: case 0x0454:
		return 'e';
	case 0x0279: case 0x027A: case 0x027B:
		return 'r';
	default:
		break;
	}
	nl = u_charName((UChar32)u, U_UNICODE_CHAR_NAME, name, (int32_t)sizeof(name), &st);
	if (U_FAILURE(st) || nl < (int32_t)pl + 7 || strncmp(name, pre, pl) != 0 || name[pl] < 'A' ||
	    name[pl] > 'Z' || strncmp(name + pl + 1, " WITH ", 6) != 0)
		return 0;
	return (char)(name[pl] - 'A' + 'a');
}

/* The letters that letter u (case-folded, no marks, not ASCII) looks like, into out (room for 3):
 * its confusable skeleton, case-folded, marks off, ł-like letters plain; when that is not plain
 * ASCII, the skeleton of its capital if that is one ASCII letter (Cyrillic м and М both read as
 * m, Greek ε and Ε as e, ν and Ν as n: the capital looks like the Latin one, and text and
 * withheld values are folded alike whatever their case), else, for a Latin small capital, the
 * letters its name gives (small_capital: ᴍ is m); but first, the letter it is drawn like (drawn_like:
 * ɾ is r, ɛ is e, ɱ is m where its skeleton is "rn"). Returns their number, or 0 to keep u
 * as it is (u looks like nothing else, or its skeleton is not letters only; or libicui18n
 * could not be loaded: spoof_missing is then set and redact_apply fails). */
static int confusable(uint32_t u, uint32_t out[3])
{
	struct spoof_cache *c = &spoof_cache[u & 255];
	uint32_t cap[3];
	UChar32 up;
	int n, ascii = 1;
	char like;

	if (c->cp == u) {
		memcpy(out, c->out, sizeof(c->out));
		return c->n;
	}
	if ((like = drawn_like(u)) != 0) {   /* before the skeletons, which make ɱ "rn" */
		memset(out, 0, 3 * sizeof(*out));
		out[0] = (uint32_t)like;
		n = 1;
		goto keep;
	}
	pthread_once(&spoof_once, spoof_init);
	if (spoof == NULL) {
		spoof_missing = 1;
		return 0;
	}
	n = skeleton_letters(u, out);
	if (n == 1 && out[0] == u)
		n = 0;
	for (int j = 0; j < n; j++)
		ascii &= out[j] < 0x80;
	if ((n == 0 || !ascii) && (up = u_toupper((UChar32)u)) != (UChar32)u &&
	    skeleton_letters((uint32_t)up, cap) == 1 && cap[0] < 0x80) {
		memcpy(out, cap, sizeof(cap));
		n = 1;
	} else if (n == 0 || !ascii) {
		int k = small_capital(u, cap);

		if (k > 0) {
			memcpy(out, cap, sizeof(cap));
			n = k;
		}
	}
keep:
	c->cp = u;
	c->n = (unsigned char)n;
	memcpy(c->out, out, sizeof(c->out));
	return n;
}

/* The one code point of the confusable skeleton of u (raw: not case-folded), or 0 when the
 * skeleton is not one code point. spoof is loaded. */
static uint32_t skeleton_one(uint32_t u)
{
	UChar src[2], dst[16];
	int32_t sl = 0, dl, k = 0;
	UErrorCode st = U_ZERO_ERROR;
	UChar32 x;

	U16_APPEND_UNSAFE(src, sl, (UChar32)u);
	dl = spoof_skeleton(spoof, 0, src, sl, dst, (int32_t)PK_ARRAY_LEN(dst), &st);
	if (U_FAILURE(st) || dl < 1)
		return 0;
	U16_NEXT_UNSAFE(dst, k, x);
	return k == dl ? (uint32_t)x : 0;
}

static __thread uint32_t latin_cap_skel[26];  /* skeleton_one('A' + i); [0] == 0: not yet */
static __thread struct { uint32_t cp; char a; } cap_cache[64];

/* The Latin letter (lower-case ASCII) that capital u, of a script other than Latin, looks like:
 * the one whose capital has the same confusable skeleton (Greek Ν is N, Η is H, Ι is I, Cyrillic
 * В is B), or 0 when it looks like none. Text in capitals is read as it looks: "ΕΜΙΝΕ" is
 * "emine", where the small letters' look-alikes (ν is v, η is n) would make it "emive". Sets
 * spoof_missing when libicui18n cannot be loaded. */
static char capital_look(uint32_t u)
{
	uint32_t k = u & 63, sk;
	char a = 0;

	if (cap_cache[k].cp == u)
		return cap_cache[k].a;
	pthread_once(&spoof_once, spoof_init);
	if (spoof == NULL) {
		spoof_missing = 1;
		return 0;
	}
	if (latin_cap_skel[0] == 0)
		for (int i = 0; i < 26; i++)
			latin_cap_skel[i] = skeleton_one((uint32_t)('A' + i));
	if ((sk = skeleton_one(u)) != 0)
		for (int i = 0; i < 26 && !a; i++)
			if (latin_cap_skel[i] == sk)
				a = (char)('a' + i);
	cap_cache[k].cp = u;
	cap_cache[k].a = a;
	return a;
}

/*
 * Names in another script: a withheld person recorded as "Василь Шевчук" is written by the
 * child, in English, as "Vasyl Shevchuk", and one recorded in Latin letters may be written in
 * Cyrillic in a child's own words. ICU's transliterators (libicui18n, loaded as for the
 * skeletons) give the romanisations passports and schools use for Cyrillic (BGN/PCGN for
 * Ukrainian and Russian, and ICU's own) and Greek, and Latin names in Cyrillic. Arabic-script
 * and Ethiopic romanisations are not regular enough to match (vowels are not written). Each
 * transliterator is opened once per process, on first need (some tens of milliseconds), and
 * used under a lock.
 */
static const char *const translit_ids[] = { "Ukrainian-Latin/BGN", "Russian-Latin/BGN",
					    "Cyrillic-Latin", "Greek-Latin/BGN", "Greek-Latin",
					    "Latin-Cyrillic" };
enum { TR_UK, TR_RU, TR_CYR, TR_EL, TR_EL2, TR_TO_CYR, TR_N };
static pthread_once_t translit_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t translit_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *translit_t[TR_N];
static int translit_tried[TR_N];
static UTransliterator *(*translit_open)(const UChar *, int32_t, UTransDirection, const UChar *,
					 int32_t, UParseError *, UErrorCode *);
static void (*translit_run)(const UTransliterator *, UChar *, int32_t *, int32_t, int32_t,
			    int32_t *, UErrorCode *);

/* pthread_once routine: libicui18n's transliterator functions (NULL if it cannot be loaded). */
static void translit_init(void)
{
	void *h = dlopen(ICU_I18N_SO, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL)
		return;
	*(void **)&translit_open = dlsym(h, ICU_SYM(utrans_openU));
	*(void **)&translit_run = dlsym(h, ICU_SYM(utrans_transUChars));
	if (translit_open == NULL || translit_run == NULL)
		translit_open = NULL;
}

/* s (UTF-8) through transliterator id (TR_*), into out (UTF-8, size bytes) with only letters,
 * white space and hyphens kept ("Vasylʹ" is "Vasyl"). Returns 1 when out differs from s, 0
 * when it does not or the transliterator cannot be had (libicui18n missing: spoof_missing is
 * set, and redact_apply fails as for the skeletons). */
static int translit(int id, const char *s, char *out, size_t size)
{
	UChar buf[512];
	int32_t len = 0, lim, k = 0;
	UErrorCode st = U_ZERO_ERROR;
	char tmp[1024];
	int rc = 0;

	pthread_once(&translit_once, translit_init);
	if (translit_open == NULL) {
		spoof_missing = 1;
		return 0;
	}
	u_strFromUTF8Lenient(buf, 256, &len, s, (int32_t)strnlen(s, 255), &st);
	if (U_FAILURE(st))
		return 0;
	pthread_mutex_lock(&translit_lock);
	if (!translit_tried[id]) {
		UChar uid[64];

		translit_tried[id] = 1;
		u_uastrcpy(uid, translit_ids[id]);
		translit_t[id] = translit_open(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
		if (U_FAILURE(st))
			translit_t[id] = NULL;
		st = U_ZERO_ERROR;
	}
	lim = len;
	if (translit_t[id])
		translit_run(translit_t[id], buf, &len, (int32_t)PK_ARRAY_LEN(buf), 0, &lim, &st);
	pthread_mutex_unlock(&translit_lock);
	if (translit_t[id] == NULL || U_FAILURE(st))
		return 0;
	for (int32_t i = 0; i < len;) {
		UChar32 c;
		int32_t at = i;

		U16_NEXT(buf, i, len, c);
		if (u_isalpha(c) && u_charType(c) != U_MODIFIER_LETTER) {
			while (at < i)
				buf[k++] = buf[at++];
		} else if (u_isUWhiteSpace(c) || c == '-') {
			buf[k++] = (UChar)(c == '-' ? '-' : ' ');
		}
	}
	u_strToUTF8(tmp, (int32_t)sizeof(tmp) - 1, &len, buf, k, &st);
	if (U_SUCCESS(st) && len < (int32_t)size && (size_t)len < sizeof(tmp)) {
		tmp[len] = '\0';
		memcpy(out, tmp, (size_t)len + 1);
		rc = strcmp(out, s) != 0 && len > 0;
	}
	return rc;
}

/* Which scripts name s has (ICU's script property): bit 1 Cyrillic, bit 2 Greek, bit 4 a
 * letter of another script than Latin, bit 8 a Latin letter. */
static int name_scripts(const char *s)
{
	int32_t i = 0, len = (int32_t)strnlen(s, 4096);
	int bits = 0;

	while (i < len) {
		UErrorCode st = U_ZERO_ERROR;
		UScriptCode sc;
		UChar32 c;

		U8_NEXT(s, i, len, c);
		if (c < 0 || !u_isalpha(c))
			continue;
		sc = uscript_getScript(c, &st);
		bits |= U_FAILURE(st) ? 4 : sc == USCRIPT_CYRILLIC ? 1 : sc == USCRIPT_GREEK ? 2 :
			sc == USCRIPT_LATIN ? 8 : 4;
	}
	return bits;
}

/* A text as a sequence of folded units: cp[k] came from bytes [start[k], end[k]) of the
 * original. Used for both the folded units and the canonical stream (seam then set). */
typedef struct folded {
	uint32_t *cp;
	size_t *start, *end;
	unsigned char *seam;  /* canonical stream only: cp[k] starts a token glued to the last */
	size_t n, cap;
} folded;

/* Free the arrays of f (not f itself) and empty it. Accepts an empty f. */
static void folded_free(folded *f)
{
	free(f->cp);
	free(f->start);
	free(f->end);
	free(f->seam);
	memset(f, 0, sizeof(*f));
}

/* Make room in f for at least want units. PK_OK or PK_ENOMEM (f unchanged). */
static int reserve(folded *f, size_t want)
{
	if (want > f->cap) {
		size_t ncap = f->cap ? f->cap : 64;
		void *q;

		while (ncap < want)
			ncap *= 2;

		if ((q = realloc(f->cp, ncap * sizeof(*f->cp))) == NULL)
			return PK_ENOMEM;
		f->cp = q;
		if ((q = realloc(f->start, ncap * sizeof(*f->start))) == NULL)
			return PK_ENOMEM;
		f->start = q;
		if ((q = realloc(f->end, ncap * sizeof(*f->end))) == NULL)
			return PK_ENOMEM;
		f->end = q;
		if ((q = realloc(f->seam, ncap)) == NULL)
			return PK_ENOMEM;
		f->seam = q;
		f->cap = ncap;
	}
	return PK_OK;
}

/* Append unit c from bytes [a, b) with seam flag sm. PK_OK or PK_ENOMEM (f unchanged). */
static int emit(folded *f, uint32_t c, size_t a, size_t b, int sm)
{
	if (f->n == f->cap && reserve(f, f->n + 1) != PK_OK)
		return PK_ENOMEM;
	f->cp[f->n] = c;
	f->start[f->n] = a;
	f->end[f->n] = b;
	f->seam[f->n] = (unsigned char)sm;
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

/* The case of the character at s[i]: 1 a capital, -1 a small letter, 0 neither. */
static int letter_case(const xmlChar *s, size_t len, size_t i)
{
	int l;
	uint32_t x;

	if (s[i] < 0x80)
		return s[i] >= 'A' && s[i] <= 'Z' ? 1 : s[i] >= 'a' && s[i] <= 'z' ? -1 : 0;
	x = decode(s, i, len, &l);
	return u_isupper((UChar32)x) ? 1 : u_islower((UChar32)x) ? -1 : 0;
}

/* 1 if the unit of token [a, b) of u at k (a < k < b) starts a word written together with the
 * one before in camel case: a capital after a small letter ("SeeMert"), the last capital of a
 * run before small letters ("HTMLParser": "HTML", "Parser"), or a small letter after a run of
 * capitals ("EMINEand"). Units of one character (a ligature folded to two letters) never. */
static int camel_seam(const xmlChar *s, size_t len, const folded *u, size_t a, size_t b,
		      size_t k)
{
	int prev, cur;

	if (u->start[k - 1] == u->start[k])
		return 0;
	prev = letter_case(s, len, u->start[k - 1]);
	cur = letter_case(s, len, u->start[k]);
	if (prev == -1 && cur == 1)
		return 1;
	if (prev == 1 && cur == 1)
		return k + 1 < b && u->start[k + 1] != u->start[k] &&
		       letter_case(s, len, u->start[k + 1]) == -1;
	if (prev == 1 && cur == -1)
		return k >= a + 2 && u->start[k - 2] != u->start[k - 1] &&
		       letter_case(s, len, u->start[k - 2]) == 1;
	return 0;
}

/* 1 if u is an apostrophe that Unicode classes as a modifier letter (U+02BB-U+02BD). */
static int modifier_apostrophe(uint32_t u)
{
	return u >= 0x02BB && u <= 0x02BD;
}

/* Emit code point u (already case-folded) from bytes [a, b) without its accents: marks are
 * dropped, letters such as ł or æ become their plain letters, digits their ASCII digit. PK_OK or PK_ENOMEM. */
static int emit_plain(folded *f, uint32_t u, size_t a, size_t b)
{
	uint32_t second, p;

	/* a decimal digit of any script (Persian ۹, Arabic-Indic ٩, Devanagari ९, ...) is its
	 * ASCII digit, so a phone number typed in the child's own digits is the same number */
	if (u >= 0x80 && u_charType((UChar32)u) == U_DECIMAL_DIGIT_NUMBER) {
		int32_t v = u_charDigitValue((UChar32)u);

		if (v >= 0 && v <= 9)
			return emit(f, (uint32_t)('0' + v), a, b, 0);
	}
	/* marks, and the Arabic tatweel (U+0640: a stretching stroke writers put inside words,
	 * "احـمدی" for "احمدی") */
	if (u >= 0x80 && ((U_GET_GC_MASK((UChar32)u) & U_GC_M_MASK) != 0 || u == 0x0640))
		return PK_OK;
	/* apostrophes that Unicode calls letters (ʼ U+02BC, ʻ U+02BB, ʽ U+02BD: keyboards and
	 * transliterations type them) are the apostrophe, so "Mertʼs" is Mert's, not one word */
	if (modifier_apostrophe(u))
		return emit(f, '\'', a, b, 0);
	p = plain_letter(u, &second);
	if (p == 0 && u >= 0x80 && u_isalpha((UChar32)u)) {  /* a look-alike: Cyrillic е = e */
		uint32_t look[3];
		int n = confusable(u, look), rc = PK_OK;

		for (int j = 0; rc == PK_OK && j < n; j++)
			rc = emit(f, look[j], a, b, 0);
		if (n > 0)
			return rc;
	}
	if (p == 0)
		return emit(f, u, a, b, 0);
	if (emit(f, p, a, b, 0) != PK_OK)
		return PK_ENOMEM;
	return second ? emit(f, second, a, b, 0) : PK_OK;
}

/* 1 if c is neither a mark nor default-ignorable (those vanish in the fold anyway) but the
 * fonts of the chain draw it with no width, so it does not part the letters around it: the
 * interlinear annotation characters (U+FFF9-U+FFFB), the object replacement character
 * (U+FFFC), and Arabic symbols and isolated shadda ligatures drawn as marks (U+FBB2-U+FBC1,
 * U+FC5E-U+FC63; NFKC makes the ligatures a space and marks). */
static int no_width(uint32_t c)
{
	return (c >= 0xFFF9 && c <= 0xFFFC) || (c >= 0xFBB2 && c <= 0xFBC1) ||
	       (c >= 0xFC5E && c <= 0xFC63);
}

/* Fold the normalisation segment that starts at s[*i] (a character and the combining marks
 * that follow it) into f, and advance *i past it: NFKC_Casefold (case, compatibility forms,
 * default-ignorable characters such as the soft hyphen vanish), then NFD with the marks
 * dropped (accents off). Every unit carries the whole segment's bytes. PK_OK or PK_ENOMEM. */
static int fold_segment(const xmlChar *s, size_t *i, size_t len, folded *f)
{
	UChar seg[64], out[256], dec[512];
	const UChar *src = out;
	int32_t sl = 0, ol, k = 0;
	UErrorCode st = U_ZERO_ERROR;
	size_t a = *i, b = *i;
	int clen, rc = PK_OK;
	uint32_t c = decode(s, b, len, &clen);

	b += (size_t)clen;
	if (no_width(c)) {   /* drawn as nothing: "M<U+FFF9>ert" shows "Mert", so it reads so */
		*i = b;
		return PK_OK;
	}
	U16_APPEND_UNSAFE(seg, sl, (UChar32)c);
	if (c >= 0x370 && u_isupper((UChar32)c)) {
		/* a capital of another script read as the Latin capital it looks like (its marks go) */
		UErrorCode sc_st = U_ZERO_ERROR;
		char look;

		if (uscript_getScript((UChar32)c, &sc_st) != USCRIPT_LATIN && U_SUCCESS(sc_st) &&
		    (look = capital_look(c)) != 0) {
			while (b < len) {
				uint32_t n = decode(s, b, len, &clen);

				if ((U_GET_GC_MASK((UChar32)n) & U_GC_M_MASK) == 0)
					break;
				b += (size_t)clen;
			}
			*i = b;
			return emit(f, (uint32_t)look, a, b, 0);
		}
	}
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
			rc = emit_plain(f, (uint32_t)u_foldCase(u, U_FOLD_CASE_DEFAULT), a, b);
		}
		return rc;
	}
	if (nfd != NULL) {
		int32_t dl;

		st = U_ZERO_ERROR;
		dl = unorm2_normalize(nfd, out, ol, dec, (int32_t)PK_ARRAY_LEN(dec), &st);
		if (U_SUCCESS(st)) {
			src = dec;
			ol = dl;
		}
	}
	while (rc == PK_OK && k < ol) {
		UChar32 u;

		U16_NEXT_UNSAFE(src, k, u);
		rc = emit_plain(f, (uint32_t)u, a, b);
	}
	return rc;
}

/* Fold bytes s[0..len) into units (f zeroed by the caller). PK_OK or PK_ENOMEM. */
static int fold_units(const xmlChar *s, size_t len, folded *f)
{
	size_t i = 0;
	int rc = PK_OK;

	pthread_once(&norm_once, norm_init);
	while (rc == PK_OK && i < len) {
		if (s[i] < 0x80 && (i + 1 >= len || s[i + 1] < 0x80)) {  /* ASCII, no mark after */
			uint32_t c = s[i];

			rc = emit(f, (c >= 'A' && c <= 'Z') ? c + 32 : c, i, i + 1, 0);
			i++;
		} else if (nfkc_cf != NULL) {
			rc = fold_segment(s, &i, len, f);
		} else {
			int clen;
			uint32_t c = decode(s, i, len, &clen);

			rc = emit_plain(f, (uint32_t)u_foldCase((UChar32)c, U_FOLD_CASE_DEFAULT), i,
					i + (size_t)clen);
			i += (size_t)clen;
		}
	}
	return rc;
}

/* 1 if folded code point c belongs to a token (a letter or a digit). */
static int is_tok(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	return u_isalnum((UChar32)c) != 0;
}

/* 1 if c is an ASCII digit. */
static int is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Address abbreviations and their full words, as matched (folded, no accents). */
static const char *const abbrev[][2] = {
	{ "rd", "road" }, { "st", "street" }, { "str", "street" }, { "cl", "close" },
	{ "ln", "lane" }, { "ave", "avenue" }, { "av", "avenue" }, { "dr", "drive" },
	{ "drv", "drive" }, { "ctr", "centre" }, { "cntr", "centre" }, { "center", "centre" },
	{ "cres", "crescent" }, { "cresc", "crescent" }, { "gdns", "gardens" },
	{ "gdn", "garden" }, { "pl", "place" }, { "sq", "square" }, { "ct", "court" },
	{ "crt", "court" }, { "tce", "terrace" }, { "terr", "terrace" }, { "gr", "grove" },
	{ "grv", "grove" }, { "pk", "park" }, { "hse", "house" }, { "cott", "cottage" },
	{ "cotts", "cottages" }, { "mt", "mount" }, { "wy", "way" }, { "bvd", "boulevard" },
	{ "blvd", "boulevard" }, { "pde", "parade" }, { "hts", "heights" }, { "est", "estate" },
	{ "fm", "farm" }, { "grn", "green" }, { "cir", "circle" }, { "clo", "close" },
};

/* A token of up to 7 ASCII code points packed into one number (0 if it is not one), so an
 * abbreviation is found with integer compares. */
static uint64_t pack_token(const uint32_t *u, size_t n)
{
	uint64_t k = 0;

	if (n == 0 || n > 7)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (u[i] >= 128)
			return 0;
		k = k << 8 | u[i];
	}
	return k;
}

static uint64_t abbrev_key[PK_ARRAY_LEN(abbrev)];
static pthread_once_t abbrev_once = PTHREAD_ONCE_INIT;

/* Pack the abbreviations once per process. */
static void abbrev_init(void)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(abbrev); i++) {
		uint32_t u[8];
		size_t n = strlen(abbrev[i][0]);

		for (size_t j = 0; j < n; j++)
			u[j] = (unsigned char)abbrev[i][0][j];
		abbrev_key[i] = pack_token(u, n);
	}
}

/* The full word for token u[a..b) if it is an address abbreviation, else NULL. */
static const char *expand(const uint32_t *u, size_t a, size_t b)
{
	uint64_t k;

	if (b - a > 6 || (k = pack_token(u + a, b - a)) == 0)
		return NULL;
	pthread_once(&abbrev_once, abbrev_init);
	for (size_t i = 0; i < PK_ARRAY_LEN(abbrev); i++)
		if (abbrev_key[i] == k)
			return abbrev[i][1];
	return NULL;
}

/* 1 if the token u[a..b) is the word w (ASCII, folded). */
static int tok_word(const folded *u, size_t a, size_t b, const char *w)
{
	size_t n = strlen(w);

	if (b - a != n)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (u->cp[a + k] != (unsigned char)w[k])
			return 0;
	return 1;
}

/* The token after position j of u: [*a, *b). Returns 0 when there is none. */
static int next_tok(const folded *u, size_t j, size_t *a, size_t *b)
{
	while (j < u->n && !is_tok(u->cp[j]))
		j++;
	if (j == u->n)
		return 0;
	*a = j;
	while (j < u->n && is_tok(u->cp[j]))
		j++;
	*b = j;
	return 1;
}

/* 1 if code point x opens (want 0) or closes (want 1) a bracket: ( [ { < or ) ] } >. */
static int is_bracket(uint32_t x, int want)
{
	return want ? x == ')' || x == ']' || x == '}' || x == '>'
		    : x == '(' || x == '[' || x == '{' || x == '<';
}

/* 1 if token u[a..b) is a spelled-out separator of an e-mail address or a domain: "dot"
 * ("example dot org"), or "at" when the token after next is "dot" ("nowak at example dot
 * org"), when the next token is a domain written with its dots ("nowak at example.org"), or
 * in brackets ("nowak[at]example.org", "nowak (at) example", "{at}", "<at>"). Such a token is
 * read as punctuation, so "m nowak at example dot org" is "m.nowak@example.org". */
static int spelled_sep(const folded *u, size_t a, size_t b)
{
	size_t c, d;

	if (tok_word(u, a, b, "dot"))
		return 1;
	if (!tok_word(u, a, b, "at"))
		return 0;
	if (a > 0 && b < u->n && is_bracket(u->cp[a - 1], 0) && is_bracket(u->cp[b], 1))
		return 1;
	if (!next_tok(u, b, &c, &d))
		return 0;
	if (d + 1 < u->n && u->cp[d] == '.' && is_tok(u->cp[d + 1]))
		return 1;   /* "at example.org" */
	return next_tok(u, d, &c, &d) && tok_word(u, c, d, "dot");
}

/* The digit ('0'..'9') the token u[a..b) names as a word ("zero", "oh", "nought", "one",
 * ..., "nine"), or 0. */
static int digit_word(const folded *u, size_t a, size_t b)
{
	static const char *const w[] = { "zero", "one", "two", "three", "four", "five", "six",
					 "seven", "eight", "nine" };

	if (tok_word(u, a, b, "oh") || tok_word(u, a, b, "nought"))
		return '0';
	for (size_t k = 0; k < PK_ARRAY_LEN(w); k++)
		if (tok_word(u, a, b, w[k]))
			return '0' + (int)k;
	return 0;
}

/* How many times "double" (2) or "triple" (3) repeats the digit word after it; 0 for another
 * token. */
static int repeat_word(const folded *u, size_t a, size_t b)
{
	return tok_word(u, a, b, "double") ? 2 : tok_word(u, a, b, "triple") ? 3 : 0;
}

enum { NUMBER_RUN_MIN = 3 };   /* digits a run of number words needs to be read as digits */

/* The run of digits spelled in words that starts at token u[a..b) ("oh seven seven double oh,
 * nine ..."): digit words and "double"/"triple" before one, separated only by spaces, '-',
 * ',', '.', '(', ')' or '/'. Returns the run's end in u and sets *ndig to its digits when it
 * spells NUMBER_RUN_MIN digits or more; else returns a (no run). Linear in the run. */
static size_t number_run(const folded *u, size_t a, size_t b, size_t *ndig)
{
	size_t n = 0, end = a, c = a, d = b;

	for (;;) {
		int rep = repeat_word(u, c, d), dig;
		size_t e = d, c2, d2;

		if (rep > 0) {
			if (!next_tok(u, d, &c2, &d2) || !digit_word(u, c2, d2))
				break;
			e = d2;
		} else {
			rep = 1;
		}
		dig = digit_word(u, e == d ? c : c2, e);
		if (!dig)
			break;
		n += (size_t)rep;
		end = e;
		/* the next token, if only number separators come before it */
		while (e < u->n && !is_tok(u->cp[e]) &&
		       (u->cp[e] == ' ' || u->cp[e] == '\t' || u->cp[e] == '\n' || u->cp[e] == '\r' ||
			u->cp[e] == '-' || u->cp[e] == ',' || u->cp[e] == '.' || u->cp[e] == '(' ||
			u->cp[e] == ')' || u->cp[e] == '/' || u->cp[e] == 0xA0))
			e++;
		if (e == u->n || !is_tok(u->cp[e]) || !next_tok(u, e, &c, &d))
			break;
	}
	*ndig = n;
	return n >= NUMBER_RUN_MIN ? end : a;
}

/* The number of single letters or digits that follow a single one ending at u->cp[b], each
 * after one space, '.', '-', '_', '*' or ". " ("M e r t", "M.E.R.T", "M. E. R. T.", "Z Z 9 6 H
 * D": a word or code spelled out letter by letter). */
static size_t spelled_letters(const folded *u, size_t b)
{
	size_t n = 0;

	for (;;) {
		size_t k = b;

		if (k + 1 < u->n && u->cp[k] == '.' && u->cp[k + 1] == ' ')
			k++;   /* "M. E. R. T." */
		if (!(k + 1 < u->n && (u->cp[k] == ' ' || u->cp[k] == '.' || u->cp[k] == '-' ||
				       u->cp[k] == '_' || u->cp[k] == '*') &&
		      is_tok(u->cp[k + 1]) && (k + 2 == u->n || !is_tok(u->cp[k + 2]))))
			return n;
		n++;
		b = k + 2;
	}
}

/* If token u[a..b) (after the separators from i) starts a number spelled in words
 * (number_run()), emit it into c as its digits, each spanning its words, glued to the digit
 * token before it when glue is set ("07700 nine double oh ..."), and set *end to the run's end
 * in u; else set *end to b and emit nothing. PK_OK or PK_ENOMEM. */
static int emit_number_run(const folded *u, size_t a, size_t b, size_t i, folded *c,
			   int glue, size_t *end)
{
	size_t ndig, re = number_run(u, a, b, &ndig), x = a, y = b;
	int rc = PK_OK, first = 1;

	*end = b;
	if (re == a)
		return PK_OK;
	if (c->n > 0 && !glue)
		rc = emit(c, ' ', u->start[i], u->end[a - 1], 0);
	while (rc == PK_OK && x < re) {
		int rep = repeat_word(u, x, y), dig;
		size_t from = x;

		if (rep > 0)
			(void)next_tok(u, y, &x, &y);
		else
			rep = 1;
		dig = digit_word(u, x, y);
		for (int k = 0; rc == PK_OK && k < rep; k++) {
			rc = emit(c, (uint32_t)dig, u->start[from], u->end[y - 1],
				  first && c->n > 0 && glue);
			first = 0;
		}
		if (y >= re || !next_tok(u, y, &x, &y))
			break;
	}
	if (rc == PK_OK)
		*end = re;
	return rc;
}

/*
 * Canonicalise bytes s[0..len) into c (zeroed by the caller): tokens of letters and digits
 * (NFKC, case-folded, accents off, address abbreviations as their full word) with one ' '
 * for every run of anything else, none at either end. Two tokens that both hold a digit and
 * are separated only by spaces, '-', '.', '(', ')' or '/' are glued (seam set on the second:
 * "ZZ9 6HD" = "ZZ96HD", "07700 900 731" = "07700900731"), and so is a token of two letters
 * after a one-digit token (a postcode's inward code split: "ZZ9 6 HD" = "ZZ96HD"); a digit token after '+' or starting
 * "0044" that begins with "44" begins with "0" instead (+44 7700 = 07700); in a token of digits
 * and o's, o is the digit 0 ("O77OO" = "07700"); where letters and digits meet inside a token
 * ("Mert2012"), and where words meet in camel case ("SeeMert", "EMINEand": camel_seam()), a
 * seam is set, so a whole word matches there. Three or more single letters or digits, each
 * after one space, '.', '-', '_', '*' or ". ", are one word ("M e r t" = "mert":
 * spelled_letters()).
 * A letter, '-',
 * white space holding a line break, and a letter: the word is joined ("Zephy-\nrine"). The
 * words of a spelled-out address ("at", "dot": spelled_sep()) count as punctuation. Three or
 * more digits spelled in words are those digits ("oh seven seven double oh" = "07700":
 * emit_number_run()).
 * Returns PK_OK or PK_ENOMEM (c then empty).
 */
static int canonicalise(const xmlChar *s, size_t len, folded *c)
{
	folded u = { 0 };
	size_t i = 0, spelled = 0;   /* spelled: letters of a spelled-out word still to come */
	int rc, prev_digit = 0, in_spelled = 0;
	size_t prev_len = 0;   /* length of the token before, in code points */
	uint32_t prev_last = 0;

	rc = reserve(&u, len + 1);
	if (rc == PK_OK)
		rc = fold_units(s, len, &u);
	if (rc == PK_OK)
		rc = reserve(c, u.n + 1);
	while (rc == PK_OK && i < u.n) {
		size_t j = i, a, b;
		int hyphen_first = 0, newline = 0, other = 0, glue_ok = 1, plus = 0, digit = 0;
		int joined, sm, ozero;
		const char *full;

		/* the separator run before the next token */
		while (j < u.n && !is_tok(u.cp[j])) {
			uint32_t x = u.cp[j];

			if (j == i && (x == '-' || (x >= 0x2010 && x <= 0x2013)))
				hyphen_first = 1;
			else if (x == '\n' || x == '\r')
				newline = 1;
			else if (!(x == ' ' || x == '\t'))
				other = 1;
			if (x == '+')
				plus = 1;
			if (!(x == ' ' || x == '\t' || x == '\n' || x == '\r' || x == '-' || x == '.' ||
			      x == '(' || x == ')' || x == '/' || (x >= 0x2010 && x <= 0x2013) ||
			      x == 0xA0 || x == '+'))
				glue_ok = 0;
			j++;
		}
		if (j == u.n)
			break;
		a = j;
		while (j < u.n && is_tok(u.cp[j])) {
			if (is_digit(u.cp[j]))
				digit = 1;
			j++;
		}
		b = j;
		if (!digit)
			rc = emit_number_run(&u, a, b, i, c, prev_digit && glue_ok, &j);
		if (rc != PK_OK)
			break;
		if (j != b) {   /* a number spelled in words, emitted as its digits */
			prev_digit = 1;
			prev_len = 0;
			prev_last = '0';
			spelled = 0;
			in_spelled = 0;
			i = j;
			continue;
		}
		if (spelled_sep(&u, a, b)) {
			i = b;
			continue;
		}
		/* a letter o among digits is the digit 0 ("O77OO 9OO275" is the phone number
		 * 07700 900275, as it reads): a token of digits and o's only */
		ozero = digit;
		for (size_t k = a; ozero && k < b; k++)
			ozero = is_digit(u.cp[k]) || u.cp[k] == 'o';
		if (spelled > 0) {
			spelled--;
		} else if (b - a == 1) {
			size_t n = spelled_letters(&u, b);

			if (n >= 2)
				spelled = n;
		}
		joined = c->n > 0 && j > i && hyphen_first && newline && !other && a > i &&
			 u_isalpha((UChar32)prev_last) && u_isalpha((UChar32)u.cp[a]);
		joined |= in_spelled;
		in_spelled = spelled > 0;
		sm = c->n > 0 && !joined && prev_digit && digit && glue_ok && a > i;
		/* a postcode's inward code split after its digit ("ZZ9 6 HD"): two letters after a
		 * one-digit token are glued to it, as "6HD" would be */
		sm |= c->n > 0 && !joined && prev_digit && prev_len == 1 && !digit && b - a == 2 &&
		      glue_ok && a > i;
		if (c->n > 0 && !joined && !sm)
			rc = emit(c, ' ', u.start[i], u.end[a - 1], 0);
		if (rc == PK_OK && digit && b - a >= 2 && u.cp[a] == '4' && u.cp[a + 1] == '4' &&
		    plus) {
			rc = emit(c, '0', u.start[a], u.end[a + 1], sm);
			a += 2;
			sm = 0;
		} else if (rc == PK_OK && digit && b - a >= 4 && u.cp[a] == '0' && u.cp[a + 1] == '0' &&
			   u.cp[a + 2] == '4' && u.cp[a + 3] == '4') {
			rc = emit(c, '0', u.start[a], u.end[a + 3], sm);
			a += 4;
			sm = 0;
		}
		full = digit ? NULL : expand(u.cp, a, b);
		if (full != NULL) {
			for (size_t k = 0; rc == PK_OK && full[k]; k++)
				rc = emit(c, (uint32_t)(unsigned char)full[k], u.start[a], u.end[b - 1],
					  k == 0 ? sm : 0);
		} else {
			for (size_t k = a; rc == PK_OK && k < b; k++) {
				uint32_t x = ozero && u.cp[k] == 'o' ? '0' : u.cp[k];

				/* letters and digits run together ("Mert2012", "2Mert"), and words in
				 * camel case ("SeeMert"), meet at a seam: a name is found there as at a
				 * separator (more boundaries can only withhold more) */
				rc = emit(c, x, u.start[k], u.end[k],
					  k == a ? sm : is_digit(x) != is_digit(c->cp[c->n - 1]) ||
					  camel_seam(s, len, &u, a, b, k));
			}
		}
		prev_digit = digit;
		prev_len = b - a;
		prev_last = u.cp[b - 1];
		i = b;
	}
	folded_free(&u);
	if (rc != PK_OK)
		folded_free(c);
	return rc;
}

/* ---------- the multi-pattern matcher (Aho-Corasick over canonical code points) ---------- */

enum { PAT_NONE = 0, PAT_PROTECTED = 1, PAT_WITHHELD = 2 };

/* A trie of patterns with failure links. Node 0 is the root. Transitions are kept twice: as
 * child lists (to build the failure links breadth first) and in one open-addressing hash
 * table keyed by (node, code point), so each step of the match costs O(1). */
typedef struct matcher {
	uint32_t *label, *first, *sibling, *fail, *dict, *depth;
	unsigned char *kind;     /* PAT_* of the pattern ending at the node */
	unsigned char *alldig;   /* 1 if the path to the node is digits only */
	size_t n, cap;
	struct hslot_s { uint64_t key; uint32_t val; } *h;  /* key (node << 21 | cp) + 1; 0 empty */
	size_t hcap, hused;
	uint32_t root_ascii[128];  /* the root's children by ASCII code point (0: none) */
	uint64_t *bits;          /* after matcher_build: one bit per (node, cp) hash, set if a
				  * transition may exist (a small table that stays in cache) */
	size_t bmask;
	size_t withheld;         /* number of withheld patterns */
} matcher;

/* Free everything m holds and empty it. Accepts an empty m. */
static void matcher_free(matcher *m)
{
	free(m->label);
	free(m->first);
	free(m->sibling);
	free(m->fail);
	free(m->dict);
	free(m->depth);
	free(m->kind);
	free(m->alldig);
	free(m->h);
	free(m->bits);
	memset(m, 0, sizeof(*m));
}

/* Home slot of key in a table of cap (a power of two) slots. */
static size_t hslot(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

/* The child of node v by code point c, or 0 if none. */
static uint32_t go(const matcher *m, uint32_t v, uint32_t c)
{
	uint64_t key = (((uint64_t)v << 21) | (c & 0x1FFFFF)) + 1;
	size_t i;

	if (v == 0 && c < 128)
		return m->root_ascii[c];
	if (m->hcap == 0)
		return 0;
	if (m->bits != NULL) {
		size_t b = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & m->bmask;

		if (!(m->bits[b >> 6] & (1ULL << (b & 63))))
			return 0;
	}
	for (i = hslot(key, m->hcap); m->h[i].key != 0; i = (i + 1) & (m->hcap - 1))
		if (m->h[i].key == key)
			return m->h[i].val;
	return 0;
}

/* Put (key -> val) in the hash table (growing it). PK_OK or PK_ENOMEM. */
static int hput(matcher *m, uint64_t key, uint32_t val)
{
	size_t i;

	if ((m->hused + 1) * 2 > m->hcap) {
		size_t ncap = m->hcap ? m->hcap * 2 : 1024;
		struct hslot_s *nh = calloc(ncap, sizeof(*nh));

		if (nh == NULL)
			return PK_ENOMEM;
		for (size_t j = 0; j < m->hcap; j++) {
			if (m->h[j].key == 0)
				continue;
			for (i = hslot(m->h[j].key, ncap); nh[i].key != 0; i = (i + 1) & (ncap - 1))
				;
			nh[i] = m->h[j];
		}
		free(m->h);
		m->h = nh;
		m->hcap = ncap;
	}
	for (i = hslot(key, m->hcap); m->h[i].key != 0; i = (i + 1) & (m->hcap - 1))
		;
	m->h[i].key = key;
	m->h[i].val = val;
	m->hused++;
	return PK_OK;
}

/* A new node (child of parent by c, at depth d); its index in *out. PK_OK or PK_ENOMEM. */
static int new_node(matcher *m, uint32_t parent, uint32_t c, uint32_t d, uint32_t *out)
{
	if (m->n == m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 256;
		void *q;

#define GROW(f) do { if ((q = realloc(m->f, ncap * sizeof(*m->f))) == NULL) return PK_ENOMEM; \
		     m->f = q; } while (0)
		GROW(label); GROW(first); GROW(sibling); GROW(fail); GROW(dict); GROW(depth);
		GROW(kind); GROW(alldig);
#undef GROW
		m->cap = ncap;
	}
	if (m->n >= 0x7FFFFFFF)
		return PK_ENOMEM;
	*out = (uint32_t)m->n;
	m->label[m->n] = c;
	m->first[m->n] = 0;
	m->fail[m->n] = 0;
	m->dict[m->n] = 0;
	m->depth[m->n] = d;
	m->kind[m->n] = PAT_NONE;
	m->alldig[m->n] = (unsigned char)(*out == 0 || (m->alldig[parent] && is_digit(c)));
	m->sibling[m->n] = 0;
	m->n++;
	if (*out != 0) {
		m->sibling[*out] = m->first[parent];
		m->first[parent] = *out;
		if (parent == 0 && c < 128) {
			m->root_ascii[c] = *out;
			return PK_OK;
		}
		return hput(m, (((uint64_t)parent << 21) | (c & 0x1FFFFF)) + 1, *out);
	}
	return PK_OK;
}

/* Add pattern p[0..n) of kind (a withheld pattern wins over a protected one with the same
 * canonical form). PK_OK or PK_ENOMEM. */
static int matcher_add(matcher *m, const uint32_t *p, size_t n, int kind)
{
	uint32_t v = 0, w;
	int rc;

	if (m->n == 0 && (rc = new_node(m, 0, 0, 0, &w)) != PK_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		w = go(m, v, p[i]);
		if (w == 0 && (rc = new_node(m, v, p[i], (uint32_t)i + 1, &w)) != PK_OK)
			return rc;
		v = w;
	}
	if (kind == PAT_WITHHELD && m->kind[v] != PAT_WITHHELD)
		m->withheld++;
	if (kind > m->kind[v])
		m->kind[v] = (unsigned char)kind;
	return PK_OK;
}

/* Compute the failure and output (dict) links breadth first. PK_OK or PK_ENOMEM. */
static int matcher_build(matcher *m)
{
	uint32_t *queue;
	size_t head = 0, tail = 0;

	if (m->n == 0)
		return PK_OK;
	if (m->hcap > 0) {  /* the filter: 4 bits per slot of the hash table */
		size_t nbits = m->hcap * 4;

		m->bits = calloc(nbits / 64 + 1, sizeof(*m->bits));
		if (m->bits == NULL)
			return PK_ENOMEM;
		m->bmask = nbits - 1;
		for (size_t j = 0; j < m->hcap; j++) {
			size_t b;

			if (m->h[j].key == 0)
				continue;
			b = (size_t)(m->h[j].key * 0x9E3779B97F4A7C15ULL >> 20) & m->bmask;
			m->bits[b >> 6] |= 1ULL << (b & 63);
		}
	}
	queue = malloc(m->n * sizeof(*queue));
	if (queue == NULL)
		return PK_ENOMEM;
	for (uint32_t c = m->first[0]; c; c = m->sibling[c]) {
		m->fail[c] = 0;
		m->dict[c] = 0;
		queue[tail++] = c;
	}
	while (head < tail) {
		uint32_t v = queue[head++];

		for (uint32_t c = m->first[v]; c; c = m->sibling[c]) {
			uint32_t f = m->fail[v], g;

			while (f != 0 && go(m, f, m->label[c]) == 0)
				f = m->fail[f];
			g = go(m, f, m->label[c]);
			m->fail[c] = (g != c) ? g : 0;
			m->dict[c] = m->kind[m->fail[c]] != PAT_NONE ? m->fail[c] : m->dict[m->fail[c]];
			queue[tail++] = c;
		}
	}
	free(queue);
	return PK_OK;
}

/* 1 if the match of length len ending at h[e-1] starts and ends on token boundaries of h
 * (a separator, either end, or a seam between glued tokens); a pattern made only of 7 or
 * more digits (a phone number) may also sit inside a longer run of digits. */
static int on_boundaries(const folded *h, size_t s, size_t e, int digits)
{
	int left = s == 0 || h->cp[s - 1] == ' ' || h->seam[s] || (digits && is_digit(h->cp[s - 1]));
	int right = e == h->n || h->cp[e] == ' ' || h->seam[e] || (digits && is_digit(h->cp[e]));

	return left && right;
}


/* ---------- sets of canonical tokens ---------- */

/* A set of canonical words, kept as 64-bit FNV-1a hashes (a collision can only keep a word
 * from being scrubbed on its own, never scrub one). */
typedef struct tokset {
	uint64_t *v;  /* 0 = empty */
	size_t cap, used;
} tokset;

/* FNV-1a of p[0..n), never 0 (0 marks an empty slot). */
static uint64_t tok_hash(const uint32_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

/* Add word p[0..n). PK_OK or PK_ENOMEM. */
static int tokset_add(tokset *t, const uint32_t *p, size_t n)
{
	uint64_t h = tok_hash(p, n);
	size_t i;

	if ((t->used + 1) * 2 > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64;
		uint64_t *nv = calloc(ncap, sizeof(*nv));

		if (nv == NULL)
			return PK_ENOMEM;
		for (size_t j = 0; j < t->cap; j++) {
			if (t->v[j] == 0)
				continue;
			for (i = hslot(t->v[j], ncap); nv[i] != 0; i = (i + 1) & (ncap - 1))
				;
			nv[i] = t->v[j];
		}
		free(t->v);
		t->v = nv;
		t->cap = ncap;
	}
	for (i = hslot(h, t->cap); t->v[i] != 0; i = (i + 1) & (t->cap - 1))
		if (t->v[i] == h)
			return PK_OK;
	t->v[i] = h;
	t->used++;
	return PK_OK;
}

/* 1 if word p[0..n) is in t. */
static int tokset_has(const tokset *t, const uint32_t *p, size_t n)
{
	uint64_t h = tok_hash(p, n);

	if (t->cap == 0)
		return 0;
	for (size_t i = hslot(h, t->cap); t->v[i] != 0; i = (i + 1) & (t->cap - 1))
		if (t->v[i] == h)
			return 1;
	return 0;
}

/* Add every token of canonical text c to t. PK_OK or PK_ENOMEM. */
static int tokset_add_all(tokset *t, const folded *c)
{
	size_t a = 0;
	int rc = PK_OK;

	for (size_t i = 0; rc == PK_OK && i <= c->n; i++)
		if (i == c->n || c->cp[i] == ' ') {
			if (i > a)
				rc = tokset_add(t, c->cp + a, i - a);
			a = i + 1;
		}
	return rc;
}

/* 1 if token p[0..n) equals the ASCII word s. */
static int tok_is(const uint32_t *p, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n && s[i]; i++)
		if (p[i] != (uint32_t)(unsigned char)s[i])
			return 0;
	return i == n && s[i] == '\0';
}

/* 1 if token p[0..n) is one of the NULL-terminated list of ASCII words. */
static int tok_in(const uint32_t *p, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (tok_is(p, n, *list))
			return 1;
	return 0;
}

/* Titles and family words a name is written with ("Mr Vantongeren", "Mum (Wrenna)"). "dr" is
 * "drive" once canonical, as in the text. */
static const char *const titles[] = {
	"mr", "mrs", "ms", "miss", "mx", "drive", "prof", "sir", "dame", "mum", "mummy", "mam",
	"mom", "dad", "daddy", "nan", "nana", "nanna", "gran", "granny", "grandma", "grandad",
	"grandpa", "grandmother", "grandfather", "aunt", "auntie", "aunty", "uncle", "mother",
	"father", "brother", "sister", "cousin", "baba", "mama", "papa", NULL
};

/* Name particles not scrubbed on their own. */
static const char *const particles[] = {
	"de", "da", "di", "du", "la", "le", "van", "von", "der", "den", "bin", "ibn", "al", "el",
	"ben", "bint", "mc", "mac", "st", "street", "o", "y", "e", "del", "dos", "das", NULL
};

/* Capitalised words that are not names: never taken from withheld text as names. */
static const char *const common_caps[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "christmas", "easter", "eid", "diwali", "ramadan",
	"english", "maths", "mathematics", "science", "reading", "writing", "art", "music", "pe",
	"reception", "nursery", "year", "key", "stage", "ks1", "ks2", "ks3", "ks4", "gcse",
	"school", "primary", "secondary", "academy", "college", "university", "council",
	"court", "police", "hospital", "clinic", "surgery", "nhs", "camhs", "send", "sen",
	"senco", "ehcp", "pep", "iro", "elsa", "sdq", "virtual", "services", "service", "children",
	"childrens", "social", "care", "team", "centre", "family", "contact", "the", "this", "that",
	"she", "he", "they", "her", "his", "their", "we", "our", "i", "it", "and", "but", "or",
	"mr", "mrs", "ms", "miss", "mx", "drive", "mum", "dad", "nan", "grandma", "grandad",
	"british", "england", "uk", "london", "local", "authority", "plan", "order", "report",
	"review", "meeting", "office", "road", "street", "lane", "close", "avenue", "crescent",
	"house", "north", "south", "east", "west", "new", "old", "great", "little", "upper",
	"lower", "saint", "church", "of", "in", "on", "at", "to", "for", "with", "by", NULL
};

/* Generic words of school names: a school's distinctive words are the others. */
static const char *const school_words[] = {
	"school", "primary", "secondary", "infant", "infants", "junior", "juniors", "community",
	"academy", "college", "high", "grammar", "church", "of", "england", "ce", "c", "e", "rc",
	"roman", "catholic", "the", "and", "voluntary", "aided", "controlled", "foundation",
	"free", "federation", "trust", "nursery", "sixth", "form", "centre", "special", "upper",
	"middle", "first", "lower", "ysgol", "gynradd", "uwchradd", "a", "s", "saint", "street",
	"st", "cofe", "vc", "va", "pupil", "referral", "unit", "pru", "studio", "technology",
	"international", "preparatory", "prep", "girls", "boys", "mixed", NULL
};

/* ---------- one redaction ---------- */

/* Longest withheld text scrubbed elsewhere as a whole (code points of its canonical form);
 * longer texts (paragraphs) give only the names found in them. */
#define WHOLE_MAX 200

/* Attributes whose values are free text: collected from withheld elements and scrubbed. */
static const char *const text_attrs[] = {
	"question", "contribution", "how-captured", "subject", "aspect", "scale-name", "source",
	NULL
};

/* Elements whose text is free text, where names are looked for (add_names_in). */
static const char *const free_text[] = {
	"p", "item", "action", "what", "measure", "support", "who", "where", "when", "venue",
	NULL
};

/* Attributes never scrubbed: markers and references by id. */
static const char *const keep_attrs[] = {
	"confidential", "redacted", "location-confidential", "id", "person", "owner", "targets",
	"by", "adviser", NULL
};

/* State of one redaction. */
typedef struct walk {
	const redact_profile *p;
	redact_log *log;
	matcher m;
	tokset protect;      /* words of values the reader may see: never scrubbed on their own */
	tokset distinct;     /* distinctive words of a withheld school's name */
	tokset orgs;         /* words of the organisations of people the reader may see */
	int school_withheld;
	int cyrillic;        /* the record's people have names in Cyrillic (translit()) */
	pk_error *err;
} walk;

/* 1 if name is in the NULL-terminated list. */
static int name_in(const xmlChar *name, const char *const *list)
{
	for (; *list; list++)
		if (xmlStrEqual(name, BAD_CAST *list))
			return 1;
	return 0;
}

/* First child element of e named name, or NULL. */
static xmlNodePtr child_named(xmlNodePtr e, const char *name)
{
	for (xmlNodePtr c = e ? e->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
			return c;
	return NULL;
}

/* 1 if element e is named name and its parent parent (NULL: any). */
static int is_el(xmlNodePtr e, const char *name, const char *parent)
{
	return e && e->type == XML_ELEMENT_NODE && xmlStrEqual(e->name, BAD_CAST name) &&
	       (parent == NULL || (e->parent && e->parent->type == XML_ELEMENT_NODE &&
				   xmlStrEqual(e->parent->name, BAD_CAST parent)));
}

/* Add canonical pattern p[0..n) of kind; too short ones (under REDACT_MIN_SCRUB code points)
 * are left out. A pattern of several words is also added with its words run together, as
 * people write them in user names, hashtags and file names ("27BeechAvenue", "beechavenue";
 * the text's camel-case and digit seams are its boundaries). PK_OK or PK_ENOMEM. */
static int add_canon(walk *w, const uint32_t *p, size_t n, int kind)
{
	uint32_t run[WHOLE_MAX];
	size_t k = 0;
	int rc;

	if (n < REDACT_MIN_SCRUB)
		return PK_OK;
	rc = matcher_add(&w->m, p, n, kind);
	if (rc != PK_OK || n > WHOLE_MAX)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ')
			run[k++] = p[i];
	if (k == n || k < 2 * REDACT_MIN_SCRUB)
		return rc;   /* one word, or words too short to be told apart run together */
	return matcher_add(&w->m, run, k, kind);
}

/* Add the canonical form of text s[0..len) of kind (if it has at most WHOLE_MAX code
 * points), and, when the text has a '-' between
 * letters, the form with it removed (a name broken at its hyphen across lines). PK_OK or
 * PK_ENOMEM. */
static int add_text(walk *w, const xmlChar *s, size_t len, int kind)
{
	folded c = { 0 };
	int rc = len <= 16 * WHOLE_MAX ? canonicalise(s, len, &c) : PK_OK;

	if (rc == PK_OK && c.n <= WHOLE_MAX)
		rc = add_canon(w, c.cp, c.n, kind);
	folded_free(&c);
	if (rc == PK_OK && memchr(s, '-', len) != NULL && len < 4 * WHOLE_MAX) {
		char tmp[4 * WHOLE_MAX];
		size_t k = 0;

		for (size_t i = 0; i < len; i++)
			if (s[i] != '-')
				tmp[k++] = (char)s[i];
		rc = canonicalise(BAD_CAST tmp, k, &c);
		if (rc == PK_OK)
			rc = add_canon(w, c.cp, c.n, kind);
		folded_free(&c);
	}
	return rc;
}

/* Offsets of the tokens of canonical c: tok[i] = start, and the token ends at the next ' '
 * or c->n. Returns the count (at most max). */
static size_t tokens(const folded *c, size_t *tok, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < c->n && k < max; i++)
		if (i == 0 || c->cp[i - 1] == ' ')
			tok[k++] = i;
	return k;
}

/* Length of the token of c starting at a. */
static size_t tok_len(const folded *c, size_t a)
{
	size_t b = a;

	while (b < c->n && c->cp[b] != ' ')
		b++;
	return b - a;
}

/* Add p (canonical) then ' ' then q as one pattern of kind. PK_OK or PK_ENOMEM. */
static int add_pair(walk *w, const uint32_t *p, size_t pn, const uint32_t *q, size_t qn, int kind)
{
	uint32_t buf[4 * WHOLE_MAX + 1];

	if (pn + qn + 1 > PK_ARRAY_LEN(buf))
		return PK_OK;
	memcpy(buf, p, pn * sizeof(*p));
	buf[pn] = ' ';
	memcpy(buf + pn + 1, q, qn * sizeof(*q));
	return add_canon(w, buf, pn + qn + 1, kind);
}

/* Add a person's name s (one string, given names first or not) as withheld: the whole, the
 * family name first, each name on its own (not particles, not a word of a name the reader
 * may see), and each of those after a title ("Mr", "Mum"). kind PAT_PROTECTED adds only the
 * whole name in both orders and records its words as protected. PK_OK or PK_ENOMEM. */
static int add_name_one(walk *w, const xmlChar *s, int kind);

/* The forms of name s (n bytes) in small letters and in capitals, into forms, when s has
 * Cyrillic or Greek letters: their capitals fold to the Latin letter they look like and their
 * small letters to theirs (Ν n, ν v: fold_segment), so a name is looked for in each case as
 * text may write it ("νίκος", "ΝΊΚΟΣ" for "Νίκος"). Returns how many forms (0-2) differ from s. */
static int case_forms(const xmlChar *s, size_t n, char forms[2][512])
{
	UErrorCode st = U_ZERO_ERROR;
	UCaseMap *cm;
	char in[512];
	int k = 0;

	if (n >= sizeof(in))
		return 0;
	memcpy(in, s, n);
	in[n] = '\0';
	if ((name_scripts(in) & 3) == 0 || (cm = ucasemap_open("", 0, &st)) == NULL)
		return 0;
	for (int up = 0; up < 2; up++) {
		int32_t len;

		st = U_ZERO_ERROR;
		len = up ? ucasemap_utf8ToUpper(cm, forms[k], 512, in, (int32_t)n, &st)
			 : ucasemap_utf8ToLower(cm, forms[k], 512, in, (int32_t)n, &st);
		if (U_SUCCESS(st) && len < 512 && strcmp(forms[k], in) != 0 && (k == 0 || strcmp(forms[0], forms[k]) != 0))
			k++;
	}
	ucasemap_close(cm);
	return k;
}

/* add_name_one(), and for a withheld name its forms in other scripts (translit()): a name in
 * Cyrillic or Greek romanised, a name in Latin letters in Cyrillic when the record's people
 * have Cyrillic names. PK_OK or PK_ENOMEM. */
static int add_name(walk *w, const xmlChar *s, int kind)
{
	int rc = add_name_one(w, s, kind), bits;
	char out[512];

	if (rc != PK_OK || kind == PAT_PROTECTED)
		return rc;
	bits = name_scripts((const char *)s);
	{
		char forms[2][512];
		int nf = case_forms(s, strlen((const char *)s), forms);

		for (int k = 0; rc == PK_OK && k < nf; k++)
			rc = add_name_one(w, BAD_CAST forms[k], kind);
	}
	for (int id = 0; rc == PK_OK && id < TR_N; id++) {
		int want = id == TR_EL || id == TR_EL2 ? bits & 2 :
			   id == TR_TO_CYR ? w->cyrillic && bits == 8 : bits & 1;

		if (want && translit(id, (const char *)s, out, sizeof(out)))
			rc = add_name_one(w, BAD_CAST out, kind);
	}
	return rc;
}

static int add_name_one(walk *w, const xmlChar *s, int kind)
{
	folded c = { 0 };
	size_t tok[16], nt, fl, ll;
	int rc = canonicalise(s, strlen((const char *)s), &c);

	if (rc != PK_OK || c.n == 0 || c.n > 4 * WHOLE_MAX)
		goto out;
	rc = add_text(w, s, strlen((const char *)s), kind);
	nt = tokens(&c, tok, PK_ARRAY_LEN(tok));
	fl = tok_len(&c, tok[0]);
	ll = tok_len(&c, tok[nt - 1]);
	if (rc == PK_OK && nt >= 2)  /* family name first: "Nowak Małgorzata", "Nowak, M..." */
		rc = add_pair(w, c.cp + tok[nt - 1], ll, c.cp, tok[nt - 1] - 1, kind);
	if (rc == PK_OK && nt >= 3)  /* a family name of several words first */
		rc = add_pair(w, c.cp + tok[1], c.n - tok[1], c.cp, fl, kind);
	if (kind == PAT_PROTECTED) {
		if (rc == PK_OK)
			rc = tokset_add_all(&w->protect, &c);
		goto out;
	}
	for (size_t i = 0; rc == PK_OK && i < nt; i++) {
		size_t tl = tok_len(&c, tok[i]);

		if (tl < 2 || tok_in(c.cp + tok[i], tl, particles) ||
		    tokset_has(&w->protect, c.cp + tok[i], tl))
			continue;
		if (tl >= REDACT_MIN_SCRUB)
			rc = add_canon(w, c.cp + tok[i], tl, kind);
		else
			rc = matcher_add(&w->m, c.cp + tok[i], tl, kind);  /* "Jo", "Li" */
	}
	for (size_t t = 0; rc == PK_OK && titles[t]; t++) {
		uint32_t tt[16];
		size_t tn = strlen(titles[t]);

		for (size_t i = 0; i < tn; i++)
			tt[i] = (uint32_t)(unsigned char)titles[t][i];
		rc = add_pair(w, tt, tn, c.cp + tok[nt - 1], ll, kind);
		if (rc == PK_OK && nt >= 2)
			rc = add_pair(w, tt, tn, c.cp, fl, kind);
		if (rc == PK_OK && nt >= 2)
			rc = add_pair(w, tt, tn, c.cp, c.n, kind);
		if (rc == PK_OK && nt >= 3)
			rc = add_pair(w, tt, tn, c.cp + tok[1], c.n - tok[1], kind);
	}
	if (rc == PK_OK && nt >= 3)  /* the family name of several words on its own */
		rc = add_canon(w, c.cp + tok[1], c.n - tok[1], kind);
out:
	folded_free(&c);
	return rc;
}

/* Add the digits of a phone number s (a leading +44 or 0044 as 0) as withheld, and the digits
 * after its first group when they are 6 or more ("900275" of "07700 900275", "7946 0123" of
 * "+44 (0)20 7946 0123"): a number split across two paragraphs or lines of a form leaves that
 * part whole. PK_OK or PK_ENOMEM. */
static int add_phone(walk *w, const xmlChar *s)
{
	uint32_t d[64];
	size_t n = 0, skip = 0, grp[64], ng = 0, first, rest;
	const xmlChar *p = s;
	int plus, rc;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	plus = *p == '+';
	for (; *p && n < PK_ARRAY_LEN(d); p++) {
		if (*p >= '0' && *p <= '9') {
			if (p == s || !(p[-1] >= '0' && p[-1] <= '9'))
				grp[ng++] = 0;   /* a new group: ng <= n < 64 */
			grp[ng - 1]++;
			d[n++] = *p;
		}
	}
	/* the digits up to the end of the first group of the national number */
	first = 0;
	{
		size_t gi = 0;

		if (ng > 1 && ((plus && grp[0] == 2 && d[0] == '4' && d[1] == '4') ||
			       (grp[0] == 4 && d[0] == '0' && d[1] == '0' && d[2] == '4' && d[3] == '4'))) {
			first += grp[gi++];
			if (gi < ng - 1 && grp[gi] == 1 && d[first] == '0')
				first += grp[gi++];   /* "(0)" */
		}
		if (gi < ng)
			first += grp[gi];
	}
	rest = n - first;
	if (plus && n >= 2 && d[0] == '4' && d[1] == '4')
		skip = 2;
	else if (n >= 4 && d[0] == '0' && d[1] == '0' && d[2] == '4' && d[3] == '4')
		skip = 4;
	if (skip > 0) {  /* +44 7700 = 07700; +44 (0)7700 too */
		if (n > skip && d[skip] == '0')
			skip++;
		d[skip - 1] = '0';
		memmove(d, d + skip - 1, (n - skip + 1) * sizeof(*d));
		n -= skip - 1;
	}
	rc = n >= 7 ? matcher_add(&w->m, d, n, PAT_WITHHELD) : PK_OK;
	if (rc == PK_OK && rest >= 6 && rest < n)
		rc = matcher_add(&w->m, d + n - rest, rest, PAT_WITHHELD);
	return rc;
}

/* 1 if token u[a..a+n) is a street's type ("avenue", "road") or its abbreviation ("av"). */
static int street_type(const folded *u, size_t a, size_t n)
{
	if (expand(u->cp, a, a + n) != NULL)
		return 1;
	for (size_t i = 0; i < PK_ARRAY_LEN(abbrev); i++)
		if (tok_word(u, a, a + n, abbrev[i][1]))
			return 1;
	return 0;
}

/* Add the parts of address a that identify it as withheld: all of it (lines and postcode
 * joined), each line of two or more words (the street with its number, a house name), a
 * street without its number, the street's number and name without its type ("27 Beech" of
 * "27 Beech Avenue"), a name of two or more words without number and type ("Kings Hill" of
 * "12 Kings Hill Road"), and the postcode. A one-word line (a locality) is withheld as
 * part of the address but not scrubbed on its own. PK_OK or PK_ENOMEM. */
static int add_address(walk *w, xmlNodePtr a)
{
	xmlChar *all = NULL;
	int rc = PK_OK, parts = 0;

	for (xmlNodePtr l = a->children; rc == PK_OK && l; l = l->next) {
		xmlChar *v;
		folded c = { 0 };
		size_t tok[8], nt;

		if (l->type != XML_ELEMENT_NODE)
			continue;
		v = xmlNodeGetContent(l);
		if (v == NULL)
			return PK_ENOMEM;
		if (parts++ > 0)
			all = xmlStrcat(all, BAD_CAST ", ");
		all = xmlStrcat(all, v);
		rc = canonicalise(v, strlen((const char *)v), &c);
		if (rc == PK_OK && c.n > 0) {
			nt = tokens(&c, tok, PK_ARRAY_LEN(tok));
			if (xmlStrEqual(l->name, BAD_CAST "postcode") || nt >= 2)
				rc = add_canon(w, c.cp, c.n, PAT_WITHHELD);
			if (rc == PK_OK && nt >= 3 && is_digit(c.cp[0]))  /* "27 Beech Avenue" */
				rc = add_canon(w, c.cp + tok[1], c.n - tok[1], PAT_WITHHELD);
			if (rc == PK_OK && nt >= 3 && tok_is(c.cp, tok_len(&c, 0), "flat"))  /* "Flat 2 Elm House" */
				rc = add_canon(w, c.cp + tok[2], c.n - tok[2], PAT_WITHHELD);
			/* "27 Beech" and "Kings Hill": the street named without its type (a line of
			 * under 8 words, the last one a type) */
			if (rc == PK_OK && nt >= 3 && nt < PK_ARRAY_LEN(tok) && is_digit(c.cp[0]) &&
			    street_type(&c, tok[nt - 1], tok_len(&c, tok[nt - 1]))) {
				size_t end = tok[nt - 2] + tok_len(&c, tok[nt - 2]);

				rc = add_canon(w, c.cp, end, PAT_WITHHELD);
				if (rc == PK_OK && nt >= 4)
					rc = add_canon(w, c.cp + tok[1], end - tok[1], PAT_WITHHELD);
			}
		}
		folded_free(&c);
		xmlFree(v);
		if (all == NULL)
			rc = PK_ENOMEM;
	}
	if (rc == PK_OK && parts > 1)
		rc = add_text(w, all, strlen((const char *)all), PAT_WITHHELD);
	xmlFree(all);
	return rc;
}

/* 1 if code point c (raw text) ends a sentence before the next word. */
static int sentence_end(uint32_t c)
{
	return c == '.' || c == '!' || c == '?' || c == ':' || c == '\n' || c == 0x2026;
}

/* Words that name a relation: a capitalised word right after one ("her brother Mert",
 * "father: Tarquin") or before one in brackets ("Tarquin (father)") is a name even where a
 * sentence starts. */
static const char *const relations[] = {
	"mother", "father", "mum", "mom", "mam", "dad", "brother", "sister", "aunt", "auntie",
	"aunty", "uncle", "grandmother", "grandfather", "grandma", "grandad", "granddad",
	"grandpa", "nan", "nana", "nanna", "gran", "granny", "cousin", "stepmother", "stepfather",
	"stepmum", "stepdad", "stepbrother", "stepsister", "niece", "nephew", "partner",
	"boyfriend", "girlfriend", "friend", "carer", "guardian", "son", "daughter", "husband",
	"wife", "sibling", NULL
};

/* 1 if s[b..len) starts with a relation word in brackets: " (father)". */
static int relation_after(const xmlChar *s, size_t b, size_t len)
{
	size_t a;
	folded t = { 0 };
	int yes;

	while (b < len && s[b] == ' ')
		b++;
	if (b >= len || s[b] != '(')
		return 0;
	a = ++b;
	while (b < len && b - a < 16 && s[b] != ')')
		b++;
	if (b >= len || s[b] != ')' || canonicalise(s + a, b - a, &t) != PK_OK)
		return 0;
	yes = t.n > 0 && tok_in(t.cp, t.n, relations);
	folded_free(&t);
	return yes;
}

/* 1 if s (len bytes) holds a letter with case (Latin, Greek, Cyrillic, ...). */
static int has_cased(const xmlChar *s, size_t len)
{
	int clen;

	for (size_t i = 0; i < len; i += (size_t)clen) {
		uint32_t c = decode(s, i, len, &clen);

		if (u_isupper((UChar32)c) || u_islower((UChar32)c))
			return 1;
	}
	return 0;
}

/* Add, as withheld, the names found in free text s, each on its own and each run of them as a
 * phrase ("her brother Mert", "Emine Yılmaz"): words that begin with a capital letter and do
 * not begin a sentence (a full stop after a title does not end one: "Mrs. Hadley"), or that
 * follow a relation word or come before one in brackets ("father: Tarquin", "Tarquin
 * (father)"); a word in capitals that continues a name ("Hamza OZTURK"); and, in text written
 * in a script with case, every word of a script without case ("His mother, بی بی ګله, is
 * ..."), as a name in Arabic script, Ethiopic or an Indic script cannot show itself by a
 * capital. Not names: common capitalised words, titles, words of a value the reader may see.
 * PK_OK or PK_ENOMEM. */
static int add_names_in(walk *w, const xmlChar *s)
{
	size_t len = strlen((const char *)s), i = 0, run_a = 0, run_b = 0;
	int rc = PK_OK, clen, at_start = 1, run = 0, prev_title = 0, prev_rel = 0;
	int cased_text = has_cased(s, len);

	while (rc == PK_OK && i <= len) {
		size_t a = i, b;
		uint32_t c = i < len ? decode(s, i, len, &clen) : 0;
		int cap, lower = 0, upper = 0, caseless = 0, letters = 0, name;

		if (modifier_apostrophe(c))
			c = '\'';
		folded t = { 0 };

		if (i < len && !u_isalnum((UChar32)c)) {
			if (sentence_end(c) && !(c == '.' && prev_title) && !(c == ':' && prev_rel))
				at_start = 1;
			if (c != ' ')
				prev_title = 0;
			if (run && !(c == ' ' || c == '-' || c == '\'' || c == 0x2019))
				goto end_run;
			i += (size_t)clen;
			continue;
		}
		if (i == len)
			goto end_run;
		cap = u_isupper((UChar32)c) || u_istitle((UChar32)c);
		while (i < len) {
			c = decode(s, i, len, &clen);
			/* a character drawn as nothing stays inside the word, as matching folds it away:
			 * "Emi<U+00AD>ne" (a soft hyphen from a hyphenating editor) is the name Emine */
			if (c >= 0x80 && (no_width(c) || u_hasBinaryProperty((UChar32)c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))) {
				i += (size_t)clen;
				continue;
			}
			if (modifier_apostrophe(c) ||
			    (!u_isalnum((UChar32)c) && !((U_GET_GC_MASK((UChar32)c) & U_GC_M_MASK) != 0)))
				break;
			if (u_islower((UChar32)c))
				lower = 1;
			else if (u_isupper((UChar32)c) || u_istitle((UChar32)c))
				upper = 1;
			else if (u_isalpha((UChar32)c))
				caseless = 1;
			if (u_isalpha((UChar32)c))
				letters++;
			i += (size_t)clen;
		}
		b = i;
		if ((rc = canonicalise(s + a, b - a, &t)) != PK_OK)
			break;
		name = letters >= 2 && t.n > 0 &&
		       ((cap && lower && (!at_start || prev_rel || relation_after(s, b, len))) ||
			(cap && !lower && !caseless && run > 0) ||
			(cased_text && caseless && !lower && !upper));
		at_start = 0;
		prev_title = t.n > 0 && tok_in(t.cp, t.n, titles);
		prev_rel = t.n > 0 && tok_in(t.cp, t.n, relations);
		if (name && !tok_in(t.cp, t.n, common_caps) && !tok_in(t.cp, t.n, titles) &&
		    !tokset_has(&w->protect, t.cp, t.n)) {
			char forms[2][512];
			int nf;

			rc = add_canon(w, t.cp, t.n, PAT_WITHHELD);
			nf = rc == PK_OK ? case_forms(s + a, b - a, forms) : 0;
			for (int k = 0; rc == PK_OK && k < nf; k++)
				rc = add_text(w, BAD_CAST forms[k], strlen(forms[k]), PAT_WITHHELD);
			folded_free(&t);
			if (!run)
				run_a = a;
			run_b = b;
			run++;
			continue;
		}
		folded_free(&t);
		if (!run)
			continue;
end_run:
		if (run > 1) {
			char forms[2][512];
			int nf = case_forms(s + run_a, run_b - run_a, forms);

			rc = add_text(w, s + run_a, run_b - run_a, PAT_WITHHELD);
			for (int k = 0; rc == PK_OK && k < nf; k++)
				rc = add_text(w, BAD_CAST forms[k], strlen(forms[k]), PAT_WITHHELD);
		}
		run = 0;
		if (i == len)
			break;
	}
	return rc;
}

/* Generic words of organisations' names (with school_words and common_caps): a withheld
 * person's organisation's distinctive words are the others ("Kestrelford" of "Kestrelford
 * Women's Refuge"). */
static const char *const org_words[] = {
	"women", "womens", "woman", "men", "mens", "refuge", "refuges", "shelter", "aid", "support",
	"project", "projects", "charity", "housing", "association", "group", "network",
	"partnership", "ltd", "limited", "plc", "cic", "company", "co", "inc", "borough", "county",
	"city", "district", "health", "nhs", "practice", "medical", "unit", "agency", "society",
	"hub", "home", "homes", "families", "young", "people", "youth", "advice", "law", "legal",
	"solicitors", "probation", "prison", "hmp", "mental", "drug", "drugs", "alcohol",
	"recovery", "domestic", "abuse", "violence", "safe", "department", "dept", "work", "works",
	"place", "national", "regional", NULL
};

/* Add the distinctive words of a name v (canonical tokens that are not generic words) as
 * withheld, each on its own and all of them as one phrase. org 0: v is the withheld school's
 * name (generic: school_words; the words also go to w->distinct, which finds the school in
 * staff organisations and settings); org 1: v is a withheld person's organisation (generic:
 * school_words, org_words, common_caps; words of values the reader may see, and of the
 * organisations of people the reader may see, are left out). PK_OK or PK_ENOMEM. */
static int add_distinctive(walk *w, const xmlChar *v, int org)
{
	folded c = { 0 };
	size_t tok[32], nt, a = 0;
	uint32_t d[4 * WHOLE_MAX];
	int rc = canonicalise(v, strlen((const char *)v), &c);

	nt = rc == PK_OK ? tokens(&c, tok, PK_ARRAY_LEN(tok)) : 0;
	for (size_t i = 0; rc == PK_OK && i < nt; i++) {
		size_t tl = tok_len(&c, tok[i]);

		if (tok_in(c.cp + tok[i], tl, school_words))
			continue;
		if (org && (tok_in(c.cp + tok[i], tl, org_words) ||
			    tok_in(c.cp + tok[i], tl, common_caps) ||
			    tokset_has(&w->protect, c.cp + tok[i], tl) ||
			    tokset_has(&w->orgs, c.cp + tok[i], tl)))
			continue;
		if (!org)
			rc = tokset_add(&w->distinct, c.cp + tok[i], tl);
		if (rc == PK_OK)
			rc = add_canon(w, c.cp + tok[i], tl, PAT_WITHHELD);
		if (a + tl + 1 <= PK_ARRAY_LEN(d)) {
			if (a > 0)
				d[a++] = ' ';
			memcpy(d + a, c.cp + tok[i], tl * sizeof(*d));
			a += tl;
		}
	}
	if (rc == PK_OK)
		rc = add_canon(w, d, a, PAT_WITHHELD);
	folded_free(&c);
	return rc;
}

/* Add the local part of withheld e-mail address s (before its '@') as withheld when it tells
 * the mailbox apart: three or more words ("m.nowak.fostering"), or a digit with two or more
 * words or six or more letters and digits ("emine.y85", "mnowak1975"). It is then found
 * without its domain, with another one, or split from it across two paragraphs. A local part
 * that is a name of one or two words ("david.nowak") or a word ("enquiries") is left to the
 * name rules: it would withhold a name the reader may see or an ordinary word. PK_OK or
 * PK_ENOMEM. */
static int add_email_local(walk *w, const xmlChar *s)
{
	const xmlChar *at = xmlStrchr(s, '@');
	folded c = { 0 };
	size_t words = 0, alnum = 0;
	int rc, digit = 0;

	if (at == NULL || at - s > 4 * WHOLE_MAX)
		return PK_OK;
	rc = canonicalise(s, (size_t)(at - s), &c);
	for (size_t k = 0; rc == PK_OK && k < c.n; k++) {
		if (c.cp[k] == ' ')
			continue;
		alnum++;
		digit |= is_digit(c.cp[k]);
		if (k == 0 || c.cp[k - 1] == ' ' || c.seam[k])
			words++;
	}
	if (rc == PK_OK && c.n <= WHOLE_MAX &&
	    (words >= 3 || (digit && (words >= 2 || alnum >= 6))))
		rc = add_canon(w, c.cp, c.n, PAT_WITHHELD);
	folded_free(&c);
	return rc;
}

/* Collect the values of withheld element e as withheld patterns: every text (a name, a phone
 * number, an e-mail address, a paragraph: see add_*), every address below it, and the
 * free-text attribute values of e and its descendants. PK_OK or PK_ENOMEM. */
static int collect_values(walk *w, xmlNodePtr e)
{
	xmlNodePtr n = e;
	int rc = PK_OK;

	while (rc == PK_OK && n != NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			for (xmlAttrPtr a = n->properties; rc == PK_OK && a; a = a->next) {
				xmlChar *v;

				if (a->ns != NULL || !name_in(a->name, text_attrs))
					continue;
				v = xmlNodeGetContent((xmlNodePtr)a);
				if (v == NULL)
					return PK_ENOMEM;
				rc = add_text(w, v, strlen((const char *)v), PAT_WITHHELD);
				if (rc == PK_OK && !xmlStrEqual(a->name, BAD_CAST "source"))
					rc = add_names_in(w, v);
				xmlFree(v);
			}
			if (rc == PK_OK && xmlStrEqual(n->name, BAD_CAST "address"))
				rc = add_address(w, n);
		} else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
			xmlNodePtr par = n->parent;
			size_t len = strlen((const char *)n->content);

			if (is_el(par, "line", "address") || is_el(par, "postcode", "address")) {
				/* add_address did it */
			} else if (is_el(par, "name", "person") || is_el(par, "given", NULL) ||
				   is_el(par, "family", NULL) || is_el(par, "preferred-name", NULL)) {
				rc = add_name(w, n->content, PAT_WITHHELD);
			} else {
				if (is_el(par, "phone", NULL))
					rc = add_phone(w, n->content);
				if (rc == PK_OK && is_el(par, "email", NULL))
					rc = add_email_local(w, n->content);
				if (rc == PK_OK && is_el(par, "organisation", "person"))
					rc = add_distinctive(w, n->content, 1);
				if (rc == PK_OK)
					rc = add_text(w, n->content, len, PAT_WITHHELD);
				if (rc == PK_OK && par && name_in(par->name, free_text))
					rc = add_names_in(w, n->content);
			}
		}
		/* next node in document order inside e */
		if ((n->type == XML_ELEMENT_NODE) && n->children) {
			n = n->children;
			continue;
		}
		while (n != e && n->next == NULL)
			n = n->parent;
		n = (n == e) ? NULL : n->next;
	}
	return rc;
}

/* Withhold element e in category cat: collect its values, drop its content and every
 * attribute but confidential and id, set redacted="cat", count it in the log. PK_OK or
 * PK_ENOMEM. */
static int withhold(walk *w, xmlNodePtr e, int cat)
{
	xmlAttrPtr a, next;
	xmlNodePtr c;
	int rc;

	if (xmlHasProp(e, BAD_CAST "redacted"))
		return PK_OK;
	rc = collect_values(w, e);
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
	w->log->withheld[cat]++;
	w->log->elements_removed++;
	return PK_OK;
}

/* Category index of e's confidential attribute: -1 if none, -2 if not a category (err set). */
static int conf_category(walk *w, xmlNodePtr e)
{
	xmlChar *conf = xmlGetNoNsProp(e, BAD_CAST "confidential");
	char cat[64];
	int i;

	if (conf == NULL)
		return -1;
	copy_trimmed(cat, sizeof(cat), conf);
	xmlFree(conf);
	i = category_index(cat);
	if (i < 0) {
		pk_error_set(w->err, PK_EINVAL, "line %ld: %s/@confidential: '%s' is not a "
			     "confidential category", xmlGetLineNo(e), (const char *)e->name, cat);
		return -2;
	}
	return i;
}

/* 1 if element e is withheld from the reader by its own confidential attribute. */
static int denied(walk *w, xmlNodePtr e)
{
	int i = conf_category(w, e);

	return i >= 0 && !(w->p->allowed & (1u << i));
}

/* Drop every namespace of element e and below: a record has none, and a declaration, even
 * unused, is text its writer chose that would be copied out (xmlns:x="urn:..."). Elements lose
 * their namespace, attributes in a namespace are removed (the schema allows none), then the
 * declarations are freed, after everything below that could refer to them. */
static void drop_namespaces(xmlNodePtr e)
{
	xmlAttrPtr a, next;

	e->ns = NULL;
	for (a = e->properties; a; a = next) {
		next = a->next;
		if (a->ns != NULL)
			xmlRemoveProp(a);
	}
	for (xmlNodePtr c = e->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			drop_namespaces(c);
	xmlFreeNsList(e->nsDef);
	e->nsDef = NULL;
}

/* Length of an explicit bidi formatting character at s (UTF-8): the embeddings and overrides
 * U+202A-U+202E and the isolates U+2066-U+2069; 0 if none. */
static int bidi_control(const xmlChar *s)
{
	if (s[0] != 0xe2)
		return 0;
	if ((s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae) || (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9))
		return 3;
	return 0;
}

/* 1 if s starts with U+2028 LINE SEPARATOR or U+2029 PARAGRAPH SEPARATOR (UTF-8). */
static int line_separator(const xmlChar *s)
{
	return s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9);
}

/* Length of the override segment that starts after an LRO or RLO at s[a] (the bytes up to
 * its closing PDF, or to n: nested embeddings and overrides closed inside it), and its end:
 * *end is where the PDF starts (n without one). */
static size_t override_end(const xmlChar *s, size_t a, size_t n, size_t *end)
{
	int depth = 1;
	size_t i = a;

	while (i < n) {
		int b = bidi_control(s + i);

		if (b > 0 && s[i + 1] == 0x80 && s[i + 2] == 0xac && --depth == 0) {   /* PDF */
			*end = i;
			return i + 3;
		}
		if (b > 0 && s[i + 1] == 0x80 && s[i + 2] != 0xac)   /* LRE RLE LRO RLO */
			depth++;
		i += b > 0 ? (size_t)b : 1;
	}
	*end = n;
	return n;
}

/* 1 if every strong letter of s[a..e) runs against direction rtl (rtl 1: left to right
 * letters under a right-to-left override), so the override shows those bytes in reverse. */
static int all_against(const xmlChar *s, size_t a, size_t e, int rtl)
{
	int any = 0;

	for (size_t i = a; i < e;) {
		int clen = (int)(e - i < 4 ? e - i : 4);
		int c = xmlGetUTF8Char(s + i, &clen);
		UCharDirection d;

		if (c < 0 || clen <= 0)
			return 0;
		i += (size_t)clen;
		d = u_charDirection((UChar32)c);
		if (d == U_LEFT_TO_RIGHT || d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC) {
			if ((d == U_LEFT_TO_RIGHT) != rtl)
				return 0;
			any = 1;
		}
	}
	return any;
}

/* Append s[a..e) to out (at *k) in the order a reader sees it under an override that runs
 * against all its letters: reversed, a character and the marks after it kept together,
 * explicit bidi controls left out. */
static void put_reversed(const xmlChar *s, size_t a, size_t e, xmlChar *out, size_t *k)
{
	size_t j = e;

	while (j > a) {
		size_t st = j;

		/* back to the start of the character before j, then over any marks before it */
		for (;;) {
			int clen, c;

			do
				st--;
			while (st > a && (s[st] & 0xC0) == 0x80);
			clen = (int)(j - st < 4 ? j - st : 4);
			c = xmlGetUTF8Char(s + st, &clen);
			if (st == a || c < 0 || (U_GET_GC_MASK((UChar32)c) & U_GC_M_MASK) == 0)
				break;
		}
		for (size_t i = st; i < j;) {
			int b = bidi_control(s + i);

			if (b > 0) {
				i += (size_t)b;
				continue;
			}
			if (j - i >= 3 && line_separator(s + i)) {
				out[(*k)++] = ' ';
				i += 3;
				continue;
			}
			out[(*k)++] = s[i++];
		}
		j = st;
	}
}

/* Drop explicit bidi formatting characters from text node t, showing the text in the order a
 * reader saw it: an override (LRO, RLO) that runs against all the letters under it ("enimE"
 * behind a right-to-left override shows "Emine") is resolved, so the copy, and the names
 * collected from it, hold what the reader reads; other controls are dropped, and the Unicode
 * bidi algorithm still orders every script correctly. A line or paragraph separator (U+2028,
 * U+2029) becomes a space: matching reads it as one, and the fonts draw it with no width, so
 * "M<U+2028>ert" showed "Mert" in the PDF while matching read "M ert". PK_OK or PK_ENOMEM. */
static int drop_bidi_controls(xmlNodePtr t)
{
	const xmlChar *s = t->content;
	xmlChar *out;
	size_t n, k = 0;
	int found = 0;

	if (s == NULL)
		return PK_OK;
	for (size_t i = 0; s[i]; i++)
		found |= bidi_control(s + i) > 0 || line_separator(s + i);
	if (!found)
		return PK_OK;
	n = (size_t)xmlStrlen(s);
	if ((out = xmlMalloc(n + 1)) == NULL)
		return PK_ENOMEM;
	for (size_t i = 0; i < n;) {
		int b = bidi_control(s + i);

		if (b > 0 && s[i + 1] == 0x80 && (s[i + 2] == 0xad || s[i + 2] == 0xae)) {  /* LRO RLO */
			size_t e, next = override_end(s, i + 3, n, &e);

			if (all_against(s, i + 3, e, s[i + 2] == 0xae))
				put_reversed(s, i + 3, e, out, &k);
			else
				for (size_t j = i + 3; j < e;) {
					int c = bidi_control(s + j);

					if (c > 0) {
						j += (size_t)c;
					} else if (line_separator(s + j)) {
						out[k++] = ' ';
						j += 3;
					} else {
						out[k++] = s[j++];
					}
				}
			i = next;
			continue;
		}
		if (b > 0) {
			i += (size_t)b;
			continue;
		}
		if (line_separator(s + i)) {
			out[k++] = ' ';
			i += 3;
			continue;
		}
		out[k++] = s[i++];
	}
	out[k] = '\0';
	xmlNodeSetContent(t, NULL);
	xmlNodeAddContentLen(t, out, (int)k);
	xmlFree(out);
	return PK_OK;
}

/* Remove comments and processing instructions below e, make CDATA sections text, merge
 * adjacent texts, so no markup splits a value, and drop explicit bidi formatting characters
 * (drop_bidi_controls) from texts and attribute values. PK_OK or PK_ENOMEM. */
static int normalise(xmlNodePtr e)
{
	xmlNodePtr c, next, prev = NULL;
	int rc;

	for (xmlAttrPtr a = e->type == XML_ELEMENT_NODE ? e->properties : NULL; a; a = a->next)
		for (xmlNodePtr t = a->children; t; t = t->next)
			if (t->type == XML_TEXT_NODE && drop_bidi_controls(t) != PK_OK)
				return PK_ENOMEM;
	for (c = e->children; c; c = next) {
		next = c->next;
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
			continue;
		}
		if (c->type == XML_CDATA_SECTION_NODE) {
			xmlNodePtr t = xmlNewText(c->content);

			if (t == NULL)
				return PK_ENOMEM;
			xmlReplaceNode(c, t);
			xmlFreeNode(c);
			c = t;
		}
		if (c->type == XML_TEXT_NODE && drop_bidi_controls(c) != PK_OK)
			return PK_ENOMEM;
		if (c->type == XML_TEXT_NODE && prev != NULL && prev->type == XML_TEXT_NODE) {
			if (xmlTextConcat(prev, c->content, xmlStrlen(c->content)) != 0)
				return PK_ENOMEM;
			xmlUnlinkNode(c);
			xmlFreeNode(c);
			continue;
		}
		if (c->type == XML_ELEMENT_NODE && (rc = normalise(c)) != PK_OK)
			return rc;
		prev = c;
	}
	return PK_OK;
}

/* Record what the reader may see as protected: the child's names, the names of people not
 * withheld, and the school (name, address, settings) when the reader may know it. Their
 * words are never scrubbed on their own and the values themselves never changed. The words
 * of the organisations of people not withheld go to w->orgs (never a withheld organisation's
 * distinctive word). PK_OK or PK_ENOMEM. */
static int collect_protected(walk *w, xmlNodePtr root)
{
	xmlNodePtr child = child_named(root, "child"), people = child_named(root, "people"), n;
	static const char *const fields[] = { "preferred-name", "ethnicity", "first-language" };
	xmlChar *v;
	int rc = PK_OK;

	n = child_named(child, "legal-name");
	if (n != NULL && !denied(w, n)) {
		xmlChar *g = xmlNodeGetContent(child_named(n, "given"));
		xmlChar *f = xmlNodeGetContent(child_named(n, "family"));
		xmlChar *both = g && f ? xmlStrncatNew(g, BAD_CAST " ", 1) : NULL;

		both = both ? xmlStrcat(both, f) : NULL;
		if (both != NULL)
			rc = add_name(w, both, PAT_PROTECTED);
		else if (g && f)
			rc = PK_ENOMEM;
		xmlFree(g);
		xmlFree(f);
		xmlFree(both);
	}
	for (size_t i = 0; rc == PK_OK && i < PK_ARRAY_LEN(fields); i++) {
		n = child_named(child, fields[i]);
		if (n == NULL || denied(w, n))
			continue;
		v = xmlNodeGetContent(n);
		if (v == NULL)
			return PK_ENOMEM;
		rc = add_name(w, v, PAT_PROTECTED);
		xmlFree(v);
	}
	for (n = people ? people->children : NULL; rc == PK_OK && n; n = n->next) {
		xmlNodePtr nm = child_named(n, "name"), org = child_named(n, "organisation");

		if (!is_el(n, "person", NULL) || denied(w, n))
			continue;
		if (org != NULL) {  /* words of a visible organisation (add_distinctive) */
			folded c = { 0 };

			if ((v = xmlNodeGetContent(org)) == NULL)
				return PK_ENOMEM;
			rc = canonicalise(v, strlen((const char *)v), &c);
			if (rc == PK_OK)
				rc = tokset_add_all(&w->orgs, &c);
			folded_free(&c);
			xmlFree(v);
		}
		if (rc != PK_OK || nm == NULL || denied(w, nm))
			continue;
		v = xmlNodeGetContent(nm);
		if (v == NULL)
			return PK_ENOMEM;
		rc = add_name(w, v, PAT_PROTECTED);
		xmlFree(v);
	}
	if (rc == PK_OK && !w->school_withheld) {
		xmlNodePtr school = child_named(child, "school"), hist = child_named(child, "education-history");
		xmlNodePtr addr = child_named(school, "address");

		n = child_named(school, "name");
		if (n != NULL && (v = xmlNodeGetContent(n)) != NULL) {
			rc = add_name(w, v, PAT_PROTECTED);
			xmlFree(v);
		}
		for (n = addr ? addr->children : NULL; rc == PK_OK && n; n = n->next) {
			if (n->type != XML_ELEMENT_NODE || (v = xmlNodeGetContent(n)) == NULL)
				continue;
			rc = add_name(w, v, PAT_PROTECTED);
			xmlFree(v);
		}
		for (n = hist ? hist->children : NULL; rc == PK_OK && n; n = n->next) {
			xmlNodePtr sn = child_named(n, "name");

			if (sn == NULL || (v = xmlNodeGetContent(sn)) == NULL)
				continue;
			rc = add_name(w, v, PAT_PROTECTED);
			xmlFree(v);
		}
	}
	return rc;
}

/* Redact the subtree at e (an element): withhold it if its category is denied, else recurse.
 * Returns PK_OK, PK_EINVAL (unknown category, err set) or PK_ENOMEM. */
static int walk_element(walk *w, xmlNodePtr e)
{
	int i = conf_category(w, e), rc;

	if (i == -2)
		return PK_EINVAL;
	if (i >= 0 && !(w->p->allowed & (1u << i)))
		return withhold(w, e, i);
	for (xmlNodePtr c = e->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (rc = walk_element(w, c)) != PK_OK)
			return rc;
	return PK_OK;
}

/* 1 if the placement is location-confidential (the schema's xs:boolean: " true", "1"; a
 * value that is not a boolean counts as confidential) and the reader may not know the
 * school. */
static int school_hidden(const redact_profile *p, xmlNodePtr root)
{
	xmlNodePtr child = child_named(root, "child");
	xmlNodePtr placement = child_named(child, "placement");
	xmlChar *lc;
	int b;

	if (placement == NULL || child_named(child, "school") == NULL || redact_profile_knows_school(p))
		return 0;
	lc = xmlGetNoNsProp(placement, BAD_CAST "location-confidential");
	b = lc ? redact_xs_boolean(lc) : 0;
	xmlFree(lc);
	return b != 0;
}

/* 1 if canonical c has a word in the set t. */
static int has_word_in(const folded *c, const tokset *t)
{
	size_t a = 0;

	for (size_t i = 0; i <= c->n; i++)
		if (i == c->n || c->cp[i] == ' ') {
			if (i > a && tokset_has(t, c->cp + a, i - a))
				return 1;
			a = i + 1;
		}
	return 0;
}

/* The domain of e-mail address s (after the last '@', trimmed), copied into d; "" if none. */
static void email_domain(const xmlChar *s, char *d, size_t n)
{
	const char *at = s ? strrchr((const char *)s, '@') : NULL;

	copy_trimmed(d, n, BAD_CAST(at ? at + 1 : ""));
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
}

/* 1 if person element n is the school's staff: a designated teacher or SENCo, or someone
 * whose organisation names the school. */
static int is_staff(walk *w, xmlNodePtr n)
{
	xmlChar *role = xmlGetNoNsProp(n, BAD_CAST "role"), *org;
	char r[64];
	int staff;

	copy_trimmed(r, sizeof(r), role);
	xmlFree(role);
	staff = strcmp(r, "designated-teacher") == 0 || strcmp(r, "senco") == 0;
	if (!staff && (org = xmlNodeGetContent(child_named(n, "organisation"))) != NULL) {
		folded c = { 0 };

		if (canonicalise(org, strlen((const char *)org), &c) == PK_OK)
			staff = has_word_in(&c, &w->distinct);
		folded_free(&c);
		xmlFree(org);
	}
	return staff;
}

/*
 * Withhold a location-confidential school and everything that identifies it: its name (and
 * its distinctive words: "Thornley" of "Thornley Community Primary School"), URN, LA number
 * and address; school/@id becomes REDACT_SCHOOL_ID; the UPN (it holds the LA and
 * establishment numbers); the staff's organisation, e-mail and phone, and their e-mail domain
 * unless someone else uses it too; every meeting venue; education-history settings that are
 * current or name the school. PK_OK or PK_ENOMEM.
 */
static int walk_school(walk *w, xmlNodePtr root)
{
	static const char *const parts[] = { "name", "urn", "la-number", "address" };
	xmlNodePtr child = child_named(root, "child"), people = child_named(root, "people");
	xmlNodePtr school = child_named(child, "school"), n;
	xmlChar *v;
	int rc = PK_OK;
	char doms[8][128];
	size_t ndoms = 0;

	n = child_named(school, "name");
	if (n != NULL && (v = xmlNodeGetContent(n)) != NULL) {
		rc = add_distinctive(w, v, 0);
		xmlFree(v);
	}
	for (size_t i = 0; rc == PK_OK && i < PK_ARRAY_LEN(parts); i++)
		if ((n = child_named(school, parts[i])) != NULL)
			rc = withhold(w, n, CAT_PLACEMENT);
	if (rc == PK_OK && (v = xmlGetNoNsProp(school, BAD_CAST "id")) != NULL) {
		rc = add_text(w, v, strlen((const char *)v), PAT_WITHHELD);
		xmlFree(v);
		if (rc == PK_OK && xmlSetProp(school, BAD_CAST "id", BAD_CAST REDACT_SCHOOL_ID) == NULL)
			rc = PK_ENOMEM;
	}
	if (rc == PK_OK && (n = child_named(child, "upn")) != NULL)
		rc = withhold(w, n, CAT_PLACEMENT);
	/* staff: organisation, e-mail, phone; their e-mail domains */
	for (n = people ? people->children : NULL; rc == PK_OK && n; n = n->next) {
		xmlNodePtr em;

		if (!is_el(n, "person", NULL) || xmlHasProp(n, BAD_CAST "redacted") || !is_staff(w, n))
			continue;
		em = child_named(n, "email");
		if (em != NULL && ndoms < PK_ARRAY_LEN(doms) && (v = xmlNodeGetContent(em)) != NULL) {
			email_domain(v, doms[ndoms], sizeof(doms[0]));
			if (doms[ndoms][0])
				ndoms++;
			xmlFree(v);
		}
		for (xmlNodePtr f = n->children; rc == PK_OK && f; f = f->next)
			if (is_el(f, "organisation", NULL) || is_el(f, "email", NULL) ||
			    is_el(f, "phone", NULL))
				rc = withhold(w, f, CAT_PLACEMENT);
	}
	for (size_t i = 0; rc == PK_OK && i < ndoms; i++) {
		int shared = 0;

		for (n = people ? people->children : NULL; n && !shared; n = n->next) {
			xmlNodePtr em = child_named(n, "email");
			char d[128];

			if (!is_el(n, "person", NULL) || em == NULL || xmlHasProp(em, BAD_CAST "redacted") ||
			    (v = xmlNodeGetContent(em)) == NULL)
				continue;
			email_domain(v, d, sizeof(d));
			xmlFree(v);
			shared = strcmp(d, doms[i]) == 0;
		}
		if (!shared)
			rc = add_text(w, BAD_CAST doms[i], strlen(doms[i]), PAT_WITHHELD);
	}
	/* settings in the education history that are current or name the school */
	n = child_named(child_named(child, "education-history"), "setting");
	for (; rc == PK_OK && n; n = n->next) {
		xmlNodePtr sn = child_named(n, "name");
		folded c = { 0 };
		int hide = child_named(n, "to") == NULL;

		if (sn == NULL || !is_el(n, "setting", NULL))
			continue;
		if (!hide && (v = xmlNodeGetContent(sn)) != NULL) {
			if ((rc = canonicalise(v, strlen((const char *)v), &c)) == PK_OK)
				hide = has_word_in(&c, &w->distinct);
			folded_free(&c);
			xmlFree(v);
		}
		if (rc == PK_OK && hide)
			rc = withhold(w, sn, CAT_PLACEMENT);
	}
	/* meeting venues */
	n = child_named(root, "terms");
	for (xmlNodePtr t = n ? n->children : NULL; rc == PK_OK && t; t = t->next) {
		xmlNodePtr venue = child_named(child_named(t, "meeting"), "venue");

		if (venue != NULL)
			rc = withhold(w, venue, CAT_PLACEMENT);
	}
	w->log->school_withheld = 1;
	return rc;
}

/* Drop result/@source (an export's file name, often the school's) from every result. */
static void drop_sources(xmlNodePtr root)
{
	xmlNodePtr terms = child_named(root, "terms");

	for (xmlNodePtr t = terms ? terms->children : NULL; t; t = t->next) {
		xmlNodePtr att = child_named(t, "attainment");

		for (xmlNodePtr r = att ? att->children : NULL; r; r = r->next) {
			xmlAttrPtr a;

			if (r->type == XML_ELEMENT_NODE && (a = xmlHasProp(r, BAD_CAST "source")) != NULL)
				xmlRemoveProp(a);
		}
	}
}

/* For a match h[s..e) that is not a whole word: the end of the word when it is the match
 * plus a plural "s" or "es" ("the Emines", "the Yilmazes'") written with a capital (in text
 * s0[0..len)), so a name's plural is withheld with it; else 0. A digit pattern, or a word in
 * small letters ("full marks" of a withheld "Mark"), has none. */
static size_t plural_end(const folded *h, const xmlChar *s0, size_t len, size_t s, size_t e,
			 int digits)
{
	size_t x = e;

	if (digits || !(s == 0 || h->cp[s - 1] == ' ' || h->seam[s]))
		return 0;
	if (x + 1 < h->n && h->cp[x] == 'e' && h->cp[x + 1] == 's')
		x += 2;
	else if (x < h->n && h->cp[x] == 's')
		x++;
	else
		return 0;
	if (!(x == h->n || h->cp[x] == ' ' || h->seam[x]))
		return 0;
	return letter_case(s0, len, h->start[s]) == 1 ? x : 0;
}

/* Scrub the text node t (an element's text or an attribute's value): every withheld pattern
 * found in its canonical form on word boundaries (leftmost, longest; a value the reader may
 * see wins where it starts first or is longer) is replaced by REDACT_TOKEN. Linear in the
 * text's length plus the matches found. PK_OK or PK_ENOMEM. */
static int scrub_text(walk *w, xmlNodePtr t, pk_buf *out)
{
	const matcher *m = &w->m;
	folded h = { 0 };
	uint32_t *blen = NULL, v = 0;
	unsigned char *bkind = NULL;
	size_t k, last = 0, len;
	int rc, hits = 0;

	if (t->content == NULL || t->content[0] == '\0')
		return PK_OK;
	len = strlen((const char *)t->content);
	rc = canonicalise(t->content, len, &h);
	if (rc != PK_OK || h.n == 0)
		goto out;
	blen = calloc(h.n, sizeof(*blen));
	bkind = calloc(h.n, 1);
	if (blen == NULL || bkind == NULL)
		goto oom;
	for (k = 0; k < h.n; k++) {
		uint32_t c = h.cp[k], g;

		while ((g = go(m, v, c)) == 0 && v != 0)
			v = m->fail[v];
		v = g;
		for (uint32_t u = m->kind[v] != PAT_NONE ? v : m->dict[v]; u != 0; u = m->dict[u]) {
			size_t l = m->depth[u], s = k + 1 - l;

			if (!on_boundaries(&h, s, k + 1, m->alldig[u])) {
				size_t x = plural_end(&h, t->content, len, s, k + 1, m->alldig[u]);

				if (x == 0)
					continue;
				l = x - s;   /* "the Emines", "the Yilmazes'" */
			}
			if (l > blen[s] || (l == blen[s] && m->kind[u] > bkind[s])) {
				blen[s] = (uint32_t)l;
				bkind[s] = m->kind[u];
			}
		}
	}
	buf_reset(out);
	for (k = 0; k < h.n;) {
		size_t a, b;

		if (blen[k] == 0) {
			k++;
			continue;
		}
		if (bkind[k] != PAT_WITHHELD) {
			k += blen[k];
			continue;
		}
		a = h.start[k] > last ? h.start[k] : last;
		b = h.end[k + blen[k] - 1];
		if (buf_append(out, t->content + last, a - last) != PK_OK ||
		    buf_puts(out, REDACT_TOKEN) != PK_OK)
			goto oom;
		last = b > a ? b : a;
		k += blen[k];
		hits++;
	}
	if (hits > 0) {
		if (buf_append(out, t->content + last, len - last) != PK_OK)
			goto oom;
		xmlNodeSetContentLen(t, BAD_CAST out->data, (int)out->len);
		w->log->scrubbed += hits;
	}
	goto out;
oom:
	rc = PK_ENOMEM;
out:
	free(blen);
	free(bkind);
	folded_free(&h);
	return rc;
}

/* 1 if element e holds a value the reader may see in its own right, never scrubbed: the
 * child's names, a visible person's name, and the school (with its settings) when visible. */
static int never_scrub(const walk *w, xmlNodePtr e)
{
	if (is_el(e, "name", "person") || is_el(e, "legal-name", "child") ||
	    is_el(e, "preferred-name", "child") || is_el(e, "ethnicity", "child") ||
	    is_el(e, "first-language", "child"))
		return 1;
	if (!w->school_withheld && (is_el(e, "school", "child") || is_el(e, "name", "setting")))
		return 1;
	return 0;
}

/* Scrub all text and attribute values below (and of) element e, except markers, references
 * and values the reader may see in their own right. PK_OK or PK_ENOMEM. */
static int scrub_element(walk *w, xmlNodePtr e, pk_buf *out)
{
	int rc = PK_OK;

	if (never_scrub(w, e))
		return PK_OK;
	for (xmlAttrPtr a = e->properties; rc == PK_OK && a; a = a->next) {
		if (a->ns == NULL && name_in(a->name, keep_attrs))
			continue;
		for (xmlNodePtr t = a->children; rc == PK_OK && t; t = t->next)
			if (t->type == XML_TEXT_NODE)
				rc = scrub_text(w, t, out);
	}
	for (xmlNodePtr c = e->children; rc == PK_OK && c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			rc = scrub_element(w, c, out);
		else if (c->type == XML_TEXT_NODE)
			rc = scrub_text(w, c, out);
	}
	return rc;
}

/* ---------- ids ---------- */

/* A map from ids (trimmed of XML white space) to their neutral numbers (1..). */
typedef struct idmap {
	struct idslot { char *key; size_t len; uint32_t num; } *v;  /* key NULL: empty */
	size_t cap, used;
	uint32_t next;       /* the number the next new id gets, less one */
} idmap;

/* Free everything m holds and empty it. */
static void idmap_free(idmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].key);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* s[0..len) trimmed of XML white space: *len updated, the start returned. */
static const char *trim_id(const char *s, size_t *len)
{
	while (*len > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		(*len)--;
	}
	while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t' || s[*len - 1] == '\n' ||
			    s[*len - 1] == '\r'))
		(*len)--;
	return s;
}

/* FNV-1a of the bytes s[0..n), never 0. */
static uint64_t bytes_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

/* The number of id s[0..len) (trimmed) in m, giving it the next number if it has none.
 * Returns the number, or 0 when out of memory. */
static uint32_t idmap_number(idmap *m, const char *s, size_t len)
{
	size_t i;

	s = trim_id(s, &len);
	if ((m->used + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		struct idslot *nv = calloc(ncap, sizeof(*nv));

		if (nv == NULL)
			return 0;
		for (size_t j = 0; j < m->cap; j++) {
			if (m->v[j].key == NULL)
				continue;
			for (i = hslot(bytes_hash(m->v[j].key, m->v[j].len), ncap); nv[i].key != NULL;
			     i = (i + 1) & (ncap - 1))
				;
			nv[i] = m->v[j];
		}
		free(m->v);
		m->v = nv;
		m->cap = ncap;
	}
	for (i = hslot(bytes_hash(s, len), m->cap); m->v[i].key != NULL; i = (i + 1) & (m->cap - 1))
		if (m->v[i].len == len && memcmp(m->v[i].key, s, len) == 0)
			return m->v[i].num;
	if (m->next == UINT32_MAX - 1 || (m->v[i].key = malloc(len + 1)) == NULL)
		return 0;
	memcpy(m->v[i].key, s, len);
	m->v[i].key[len] = '\0';
	m->v[i].len = len;
	m->v[i].num = ++m->next;
	m->used++;
	return m->v[i].num;
}

/* 1 if id s[0..len) (trimmed) is in m. */
static int idmap_has(const idmap *m, const char *s, size_t len)
{
	s = trim_id(s, &len);
	if (m->cap == 0)
		return 0;
	for (size_t i = hslot(bytes_hash(s, len), m->cap); m->v[i].key != NULL;
	     i = (i + 1) & (m->cap - 1))
		if (m->v[i].len == len && memcmp(m->v[i].key, s, len) == 0)
			return 1;
	return 0;
}

/* The value of attribute a (one text child, as libxml2 keeps them), or "" if none. */
static const char *attr_text(xmlAttrPtr a)
{
	return a && a->children && a->children->content ? (const char *)a->children->content : "";
}

/* The attributes that refer to a person (person/@id) and to a target (target/@id), by the
 * element that carries them (pep.xsd: the keyrefs and idList attributes). */
static const char *const person_refs[][2] = {
	{ "target", "owner" }, { "action", "owner" }, { "qa", "adviser" },
	{ "attendee", "person" }, { "signed-off", "by" }
};

/*
 * Withhold the contribution of every attendee who is a withheld person (a person element
 * emptied by its own category): "sent a letter via ..." is what they gave. The value is
 * collected as withheld (scrubbed elsewhere, with the names in it) and the attribute removed.
 * PK_OK or PK_ENOMEM.
 */
static int withhold_contributions(walk *w, xmlNodePtr root)
{
	xmlNodePtr people = child_named(root, "people"), terms = child_named(root, "terms");
	idmap hidden = { 0 };
	int rc = PK_OK;

	for (xmlNodePtr n = people ? people->children : NULL; rc == PK_OK && n; n = n->next) {
		xmlAttrPtr id = is_el(n, "person", NULL) && xmlHasProp(n, BAD_CAST "redacted") ?
				xmlHasProp(n, BAD_CAST "id") : NULL;

		if (id != NULL && idmap_number(&hidden, attr_text(id), strlen(attr_text(id))) == 0)
			rc = PK_ENOMEM;
	}
	for (xmlNodePtr t = terms && hidden.used ? terms->children : NULL; rc == PK_OK && t; t = t->next) {
		xmlNodePtr as = child_named(child_named(t, "meeting"), "attendees");

		for (xmlNodePtr a = as ? as->children : NULL; rc == PK_OK && a; a = a->next) {
			xmlAttrPtr who = is_el(a, "attendee", NULL) ? xmlHasProp(a, BAD_CAST "person") : NULL;
			xmlAttrPtr con = who ? xmlHasProp(a, BAD_CAST "contribution") : NULL;
			const char *v = attr_text(con);

			if (con == NULL || !idmap_has(&hidden, attr_text(who), strlen(attr_text(who))))
				continue;
			rc = add_text(w, BAD_CAST v, strlen(v), PAT_WITHHELD);
			if (rc == PK_OK)
				rc = add_names_in(w, BAD_CAST v);
			xmlRemoveProp(con);
		}
	}
	idmap_free(&hidden);
	return rc;
}

/* Set attribute a to the neutral id PREFIX+number of its value in m (see neutral_ids).
 * PK_OK or PK_ENOMEM. */
static int neutral_attr(xmlAttrPtr a, idmap *m, char prefix)
{
	const char *v = attr_text(a);
	uint32_t k = idmap_number(m, v, strlen(v));
	char id[16];

	if (k == 0)
		return PK_ENOMEM;
	snprintf(id, sizeof(id), "%c%" PRIu32, prefix, k);
	return xmlSetProp(a->parent, a->name, BAD_CAST id) ? PK_OK : PK_ENOMEM;
}

/* Set a list of target ids (request/@targets) to their neutral ids, one space between.
 * PK_OK or PK_ENOMEM. */
static int neutral_list(xmlAttrPtr a, idmap *m, pk_buf *out)
{
	const char *v = attr_text(a), *p = v;
	int rc = PK_OK;

	buf_reset(out);
	while (rc == PK_OK && *p) {
		size_t n = 0;
		uint32_t k;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		while (p[n] && !(p[n] == ' ' || p[n] == '\t' || p[n] == '\n' || p[n] == '\r'))
			n++;
		if (n == 0)
			break;
		if ((k = idmap_number(m, p, n)) == 0)
			rc = PK_ENOMEM;
		else
			rc = buf_printf(out, "%st%" PRIu32, out->len ? " " : "", k);
		p += n;
	}
	if (rc == PK_OK && buf_puts(out, "") == PK_OK && out->data != NULL &&
	    xmlSetProp(a->parent, a->name, BAD_CAST out->data) == NULL)
		rc = PK_ENOMEM;
	return rc;
}

/*
 * Give every person and target a neutral id and every reference to them the same one: ids
 * are written by people and may hold what the reader may not see ("Mert-Emine-visits", a
 * withheld person's name). People are p1, p2, ... in the order of people/person, targets t1,
 * t2, ... in document order (terms oldest first, so a target keeps its number in later
 * copies); a reference to no person or target gets the next number of its kind, the same for
 * every use. The child's id, the school's id (REDACT_SCHOOL_ID when withheld) and term ids
 * (a year and a season) are kept. PK_OK or PK_ENOMEM.
 */
static int neutral_ids(xmlNodePtr root)
{
	xmlNodePtr people = child_named(root, "people"), terms = child_named(root, "terms");
	idmap pm = { 0 }, tm = { 0 };
	pk_buf out = PK_BUF_INIT;
	xmlAttrPtr a;
	int rc = PK_OK;

	/* the ids first, in order, so numbers do not depend on where references come */
	for (xmlNodePtr n = people ? people->children : NULL; rc == PK_OK && n; n = n->next)
		if (is_el(n, "person", NULL) && (a = xmlHasProp(n, BAD_CAST "id")) != NULL &&
		    idmap_number(&pm, attr_text(a), strlen(attr_text(a))) == 0)
			rc = PK_ENOMEM;
	for (xmlNodePtr t = terms ? terms->children : NULL; rc == PK_OK && t; t = t->next)
		for (xmlNodePtr g = child_named(child_named(t, "targets"), "target"); rc == PK_OK && g;
		     g = g->next)
			if (is_el(g, "target", NULL) && (a = xmlHasProp(g, BAD_CAST "id")) != NULL &&
			    idmap_number(&tm, attr_text(a), strlen(attr_text(a))) == 0)
				rc = PK_ENOMEM;
	for (xmlNodePtr n = people ? people->children : NULL; rc == PK_OK && n; n = n->next)
		if (is_el(n, "person", NULL) && (a = xmlHasProp(n, BAD_CAST "id")) != NULL)
			rc = neutral_attr(a, &pm, 'p');
	/* then every element below terms: target ids and every reference */
	for (xmlNodePtr e = terms ? terms->children : NULL; rc == PK_OK && e != NULL;) {
		if (e->type == XML_ELEMENT_NODE) {
			if (is_el(e, "target", "targets") && (a = xmlHasProp(e, BAD_CAST "id")) != NULL)
				rc = neutral_attr(a, &tm, 't');
			for (size_t i = 0; rc == PK_OK && i < PK_ARRAY_LEN(person_refs); i++)
				if (xmlStrEqual(e->name, BAD_CAST person_refs[i][0]) &&
				    (a = xmlHasProp(e, BAD_CAST person_refs[i][1])) != NULL)
					rc = neutral_attr(a, &pm, 'p');
			if (rc == PK_OK && is_el(e, "request", NULL) &&
			    (a = xmlHasProp(e, BAD_CAST "targets")) != NULL)
				rc = neutral_list(a, &tm, &out);
		}
		/* next element in document order below terms */
		if (e->type == XML_ELEMENT_NODE && e->children) {
			e = e->children;
			continue;
		}
		while (e != terms && e->next == NULL)
			e = e->parent;
		e = e == terms ? NULL : e->next;
	}
	idmap_free(&pm);
	idmap_free(&tm);
	buf_free(&out);
	return rc;
}

/* 1 if a name of the record's child or people is written in Cyrillic (so a Latin name may be
 * written in Cyrillic in the child's words too). */
static int people_in_cyrillic(xmlNodePtr root)
{
	xmlNodePtr child = child_named(root, "child"), people = child_named(root, "people");
	xmlNodePtr ln = child_named(child, "legal-name");
	xmlNodePtr names[] = { child_named(ln, "given"), child_named(ln, "family"),
			       child_named(child, "preferred-name") };
	int found = 0;

	for (size_t i = 0; !found && i < PK_ARRAY_LEN(names); i++)
		if (names[i] && names[i]->children && names[i]->children->content)
			found = name_scripts((const char *)names[i]->children->content) & 1;
	for (xmlNodePtr n = people ? people->children : NULL; !found && n; n = n->next) {
		xmlNodePtr nm = is_el(n, "person", NULL) ? child_named(n, "name") : NULL;

		if (nm && nm->children && nm->children->content)
			found = name_scripts((const char *)nm->children->content) & 1;
	}
	return found;
}

int redact_apply(const redact_profile *p, xmlDocPtr record, redact_log *log, pk_error *err)
{
	redact_log local;
	walk w;
	xmlNodePtr root = xmlDocGetRootElement(record), c, next;
	pk_buf out = PK_BUF_INIT;
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
	if (redact_profile_is_full(p))
		return PK_OK;
	for (c = record->children; c; c = next) {  /* comments/PIs outside the root */
		next = c->next;
		if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
	spoof_missing = 0;
	drop_namespaces(root);
	rc = normalise(root);
	w.school_withheld = school_hidden(p, root);
	w.cyrillic = people_in_cyrillic(root);
	if (rc == PK_OK)
		rc = collect_protected(&w, root);
	if (rc == PK_OK)
		rc = walk_element(&w, root);
	if (rc == PK_OK && w.school_withheld)
		rc = walk_school(&w, root);
	if (rc == PK_OK)
		rc = withhold_contributions(&w, root);
	if (rc == PK_OK)
		drop_sources(root);
	if (rc == PK_OK && w.m.withheld > 0) {
		rc = matcher_build(&w.m);
		if (rc == PK_OK)
			rc = scrub_element(&w, root, &out);
	}
	if (rc == PK_OK)
		rc = neutral_ids(root);
	if (rc == PK_OK && spoof_missing)
		rc = pk_error_set(err, PK_EINTERNAL, "cannot redact for audience '%s': ICU's confusable "
				  "letters (%s) could not be loaded", p->name, ICU_I18N_SO);
	if (rc == PK_ENOMEM)
		pk_error_set(err, PK_ENOMEM, "out of memory redacting for audience '%s'", p->name);
	matcher_free(&w.m);
	free(w.protect.v);
	free(w.distinct.v);
	free(w.orgs.v);
	buf_free(&out);
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
