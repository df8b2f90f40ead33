/*
 * sample.c: the synthetic cohort generator behind `pepkit sample` (contract in sample.h).
 *
 * Every record is built from its own splitmix64 stream, seeded from (seed, child index), so a
 * record does not depend on the ones before it and the same (count, seed) always gives the same
 * bytes; nothing reads the clock or rand(). Each writer thread builds a record in its one
 * reused pk_buf and writes it with atomic_write_file(), so memory stays flat however large the
 * cohort, and the bytes do not depend on which thread wrote them.
 *
 * The records follow schemas/pep.xsd and the rules `pepkit validate` adds: UPN check letters,
 * dates in order (birth, care, placement, school; targets set before due; the meeting inside its
 * term; next meeting after it; actions due on or after the meeting; exclusions inside the term),
 * year group matching key stage, PP+ requests naming targets of the same term, attendance
 * sessions and percent consistent, an EHCP date for an EHCP, sign-off by a listed person.
 * All people, places and schools are invented: emails are @example.org, postcodes are ZZ9,
 * phone numbers are in the 07700 900xxx drama range.
 *
 * The history is three consecutive terms ending with 2025-autumn; year groups are those of the
 * 2025/26 school year.
 *
 * sample_attainment() writes what the schools would return for that cohort at the end of
 * 2025-autumn: one CSV per school in the SIMS long and Bromcom wide shapes of the shipped
 * mapping profiles, re-making each child from its own stream (so the records need not be read
 * back), with a few planted problems for the merge report.
 */
#include "core/pepkit.h"
#include "sample/sample.h"
#include "core/civil.h"
#include "sample/sample_data.h"
#include "core/atomic.h"
#include "core/buf.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* Output with a sticky error: after the first failure every append is a no-op, and the code is
 * read once at the end. */

typedef struct out {
	pk_buf *b;
	int rc;
} out;

/* Append s as is (markup). */
static void o_raw(out *o, const char *s)
{
	if (o->rc == PK_OK)
		o->rc = buf_puts(o->b, s);
}

/* Append s with XML escaping (text or attribute value). */
static void o_text(out *o, const char *s)
{
	if (o->rc == PK_OK)
		o->rc = buf_put_xml(o->b, s);
}

/* Append printf-style markup; the caller makes sure the arguments need no escaping. */
static void o_fmt(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void o_fmt(out *o, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	if (o->rc != PK_OK)
		return;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		o->rc = PK_EINTERNAL;
		return;
	}
	o->rc = buf_append(o->b, tmp, (size_t)n);
}

/* Append <tag>escaped text</tag>. */
static void o_elem(out *o, const char *tag, const char *text)
{
	o_fmt(o, "<%s>", tag);
	o_text(o, text);
	o_fmt(o, "</%s>", tag);
}

/* Copy a, then b (either may be NULL) into dst of n bytes, truncating at n - 1 bytes. */
static void sjoin(char *dst, size_t n, const char *a, const char *b)
{
	size_t k = 0;

	for (const char *p = a ? a : ""; *p && k + 1 < n; p++)
		dst[k++] = *p;
	for (const char *p = b ? b : ""; *p && k + 1 < n; p++)
		dst[k++] = *p;
	dst[k] = '\0';
}

/* ------------------------------------------------------------------------------------------ */
/* Randomness: splitmix64, one stream per record. */

typedef struct rng {
	uint64_t s;
} rng;

/* The next 64 random bits. */
static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A number in [0, n); 0 when n is 0. */
static uint32_t rng_below(rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A number in [lo, hi]; lo when hi < lo. */
static long rng_range(rng *r, long lo, long hi)
{
	return hi <= lo ? lo : lo + (long)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability pct/100. */
static int rng_pct(rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

/* A stream for (seed, stream, index), independent of every other index. */
static rng rng_for(unsigned long seed, uint64_t stream, uint64_t index)
{
	rng r = { (uint64_t)seed * 0xD1B54A32D192ED03ULL ^ stream * 0x8CB92BA72F3D8DD7ULL };

	r.s ^= rng_next(&r) + index * 0x9E3779B97F4A7C15ULL;
	rng_next(&r);
	return r;
}

#define PICK(r, a) ((a)[rng_below((r), (uint32_t)PK_ARRAY_LEN(a))])

/* Index into weights (n entries) chosen with probability proportional to the weight. */
static size_t rng_weighted(rng *r, const unsigned *w, size_t n)
{
	unsigned total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += w[i];
	x = rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Dates as day numbers (days since 1970-01-01, proleptic Gregorian). */

typedef long day;

/* The day number of y-m-d (core/civil.h). */
static day mkday(long y, unsigned m, unsigned d)
{
	return civil_days(y, m, d);
}

/* Format day z as YYYY-MM-DD into s (at least 11 bytes). */
static void fmtday(day z, char *s)
{
	long y;
	unsigned m, d;

	civil_from_days(z, &y, &m, &d);
	snprintf(s, 11, "%04u-%02u-%02u", (unsigned)(y % 10000), m % 100, d % 100);
}

/* Day z moved forward to a Monday-Friday (1970-01-01 was a Thursday). */
static day weekday_on_or_after(day z)
{
	long wd = ((z % 7) + 7 + 3) % 7;   /* 0 = Monday */

	return wd == 5 ? z + 2 : wd == 6 ? z + 1 : z;
}

/* Day z moved back to a Monday-Friday. */
static day weekday_on_or_before(day z)
{
	long wd = ((z % 7) + 7 + 3) % 7;

	return wd == 5 ? z - 1 : wd == 6 ? z - 2 : z;
}

/* ------------------------------------------------------------------------------------------ */
/* The three terms of history and the next one (for the last next-meeting date). */

enum { NTERMS = 3 };

static const struct term_def {
	const char *id, *code;
	unsigned y, sm, sd, em, ed;
	unsigned sessions;   /* possible sessions for a full-time pupil */
} terms[NTERMS + 1] = {
	{ "2025-spring", "25SP", 2025, 1, 6, 4, 4, 118 },
	{ "2025-summer", "25SU", 2025, 4, 22, 7, 22, 114 },
	{ "2025-autumn", "25AU", 2025, 9, 3, 12, 19, 146 },
	{ "2026-spring", "26SP", 2026, 1, 5, 3, 27, 0 },
};

/* First day of term t. */
static day term_start(int t)
{
	return mkday(terms[t].y, terms[t].sm, terms[t].sd);
}

/* Last day of term t. */
static day term_end(int t)
{
	return mkday(terms[t].y, terms[t].em, terms[t].ed);
}

/* ------------------------------------------------------------------------------------------ */
/* UPN check letter (see domain.md). */

static const char upn_alpha[] = "ABCDEFGHJKLMNPQRTUVWXYZ";

char sample_upn_check(const char *body)
{
	unsigned sum = 0;

	if (body == NULL || strlen(body) != 12)
		return 0;
	for (int i = 0; i < 12; i++) {
		unsigned v;
		const char *p;

		if (body[i] >= '0' && body[i] <= '9')
			v = (unsigned)(body[i] - '0');
		else if (i == 11 && (p = strchr(upn_alpha, body[i])) != NULL)
			v = (unsigned)(p - upn_alpha);
		else
			return 0;
		sum += (unsigned)(i + 2) * v;
	}
	return upn_alpha[sum % 23];
}

/* ------------------------------------------------------------------------------------------ */
/* Names (the pools and cultures are in sample_data.c). */

/* Copy the part of pool entry e for the given form into dst (n bytes): form 0 the native name,
 * form 1 the transliteration (the native name when there is none); sex 'f' picks the second of
 * a "male/female" pair. */
static void name_part(const char *e, int form, int female, char *dst, size_t n)
{
	const char *bar = strchr(e, '|');
	const char *s = e, *end;
	char tmp[160];
	const char *slash;

	if (form == 1 && bar)
		s = bar + 1;
	end = (form == 0 && bar) ? bar : s + strlen(s);
	snprintf(tmp, sizeof(tmp), "%.*s", (int)(end - s), s);
	slash = strchr(tmp, '/');
	if (slash == NULL)
		sjoin(dst, n, tmp, NULL);
	else if (female)
		sjoin(dst, n, slash + 1, NULL);
	else {
		tmp[slash - tmp] = '\0';
		sjoin(dst, n, tmp, NULL);
	}
}

/* Fold a Latin-script UTF-8 name to a lowercase ASCII email part (letters only). */
static void email_fold(const char *s, char *dst, size_t n)
{
	static const struct { const char *u, *a; } fold[] = {
		{ "á", "a" }, { "à", "a" }, { "â", "a" }, { "ã", "a" }, { "ă", "a" }, { "ą", "a" },
		{ "Á", "a" }, { "ç", "c" }, { "ć", "c" }, { "Ç", "c" }, { "č", "c" }, { "đ", "d" },
		{ "Đ", "d" }, { "é", "e" }, { "è", "e" }, { "ê", "e" }, { "ë", "e" }, { "ę", "e" },
		{ "É", "e" }, { "ğ", "g" }, { "í", "i" }, { "ï", "i" }, { "ı", "i" }, { "İ", "i" },
		{ "ł", "l" }, { "Ł", "l" }, { "ń", "n" }, { "ñ", "n" }, { "ó", "o" }, { "ö", "o" },
		{ "ô", "o" }, { "õ", "o" }, { "Ó", "o" }, { "Ö", "o" }, { "ś", "s" }, { "ş", "s" },
		{ "ș", "s" }, { "Ş", "s" }, { "Ș", "s" }, { "ț", "t" }, { "Ț", "t" }, { "ú", "u" },
		{ "ü", "u" }, { "ư", "u" }, { "ź", "z" }, { "ż", "z" }, { "Ż", "z" }, { "ơ", "o" },
	};
	size_t k = 0;

	while (*s && k + 1 < n) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x80) {
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
				dst[k++] = (char)(c | 0x20);
			s++;
			continue;
		}
		size_t len = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : 2, i;

		for (i = 0; i < PK_ARRAY_LEN(fold); i++)
			if (strncmp(s, fold[i].u, strlen(fold[i].u)) == 0)
				break;
		if (i < PK_ARRAY_LEN(fold))
			dst[k++] = fold[i].a[0];
		for (size_t j = 0; j < len && *s; j++)
			s++;
	}
	dst[k] = '\0';
}

/* ------------------------------------------------------------------------------------------ */
/* Schools. */

enum { PH_NURSERY, PH_PRIMARY, PH_SECONDARY, PH_SPECIAL, PH_COLLEGE, PH_COUNT };

typedef struct school {
	char id[41];
	char name[120];
	char town[48];
	char street[64];
	char postcode[12];
	char urn[7];
	char la[4];
	int phase;
	size_t index;   /* which of the cohort's schools (0-based) */
} school;

/* How many schools a cohort of count children has: about one for every eight children, at
 * least one of each phase, at most 300. */
static size_t school_count(long count)
{
	size_t n = (size_t)(count / 8);

	return n < PH_COUNT ? PH_COUNT : n > 300 ? 300 : n;
}

/* Fill x with school i of the cohort made with seed (the same every time it is asked for). */
static void make_school(school *x, unsigned long seed, size_t i)
{
	static const unsigned phase_w[PH_COUNT] = { 10, 46, 28, 6, 10 };
	rng r = rng_for(seed, 1, i);
	int ph = i < PH_COUNT ? (int)i : (int)rng_weighted(&r, phase_w, PH_COUNT);
	const char *town = PICK(&r, sd_towns);
	char slug[32];
	size_t k = 0;

	x->phase = ph;
	x->index = i;
	switch (ph) {
	case PH_NURSERY: snprintf(x->name, sizeof(x->name), "%s %s", town, PICK(&r, sd_nursery_kinds)); break;
	case PH_PRIMARY: snprintf(x->name, sizeof(x->name), "%s %s", town, PICK(&r, sd_primary_kinds)); break;
	case PH_SECONDARY: snprintf(x->name, sizeof(x->name), "%s %s", town, PICK(&r, sd_secondary_kinds)); break;
	case PH_SPECIAL: snprintf(x->name, sizeof(x->name), "%s, %s", PICK(&r, sd_special_kinds), town); break;
	default: snprintf(x->name, sizeof(x->name), "%s %s", town, PICK(&r, sd_college_kinds)); break;
	}
	for (const char *p = x->name; *p && k < 30; p++) {
		char c = *p;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			slug[k++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		else if (c != '\'' && k > 0 && slug[k - 1] != '-')
			slug[k++] = '-';
	}
	while (k > 0 && slug[k - 1] == '-')
		k--;
	slug[k] = '\0';
	snprintf(x->id, sizeof(x->id), "%s-%03u", slug, (unsigned)((i + 1) % 1000));
	snprintf(x->town, sizeof(x->town), "%s", town);
	snprintf(x->street, sizeof(x->street), "%s", PICK(&r, sd_streets));
	snprintf(x->postcode, sizeof(x->postcode), "ZZ9 %u%c%c", rng_below(&r, 10),
		 "ABDEFGHJLNPQRSTUWXYZ"[rng_below(&r, 20)], "ABDEFGHJLNPQRSTUWXYZ"[rng_below(&r, 20)]);
	snprintf(x->urn, sizeof(x->urn), "%06zu", 990000 + i % 10000);
	snprintf(x->la, sizeof(x->la), "%s", PICK(&r, sd_las));
}

/* Fill x with a school of phase ph chosen by r among the n schools (the first school if none
 * has that phase, which cannot happen: schools 0..PH_COUNT-1 cover every phase). */
static void pick_school(school *x, rng *r, unsigned long seed, size_t n, int ph)
{
	size_t start = rng_below(r, (uint32_t)n);

	for (size_t i = 0; i < n; i++) {
		make_school(x, seed, (start + i) % n);
		if (x->phase == ph)
			return;
	}
	make_school(x, seed, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* People and the child. */

enum { P_MAX = 12 };

typedef struct person {
	char id[12];
	const char *role;
	char name[120];
	char org[120];
	char email[120];
	char phone[24];
	const char *conf;          /* the person's own confidential category, or NULL */
	const char *contact_conf;  /* category for email/phone, or NULL */
} person;

typedef struct child {
	long index;
	unsigned long seed;
	int cult, female, other_gender, uasc, interpreter;
	char given[160], family[160], pref[160], call[160];  /* call: the name used in text */
	int yg;                  /* -2 N1, -1 N2, 0 R, 1..13 */
	day dob, entered, placement_start, school_start;
	int new_to_care, first_term, moved_term;   /* moved_term: term index of a school move, or -1 */
	const char *legal, *ptype;
	int loc_conf;
	school sch_store;
	const school *sch;
	char prev_school[120];
	const char *send;
	const char *need;
	day ehcp_date;
	char upn[14];
	char lacid[16];
	person people[P_MAX];
	int npeople;
	int sw, dt, carer, vs, yp, senco, iro, interp, pa, health, bp;   /* indexes or -1 */
	int att_base;            /* typical attendance, per mille */
	int semh_need;
} child;

/* The key stage of year group yg. */
static const char *key_stage(int yg)
{
	return yg <= 0 ? "EYFS" : yg <= 2 ? "KS1" : yg <= 6 ? "KS2" : yg <= 9 ? "KS3" : yg <= 11 ? "KS4" : "post-16";
}

/* Year group yg as the schema writes it. */
static void year_group_str(int yg, char *s, size_t n)
{
	if (yg == -2)
		snprintf(s, n, "N1");
	else if (yg == -1)
		snprintf(s, n, "N2");
	else if (yg == 0)
		snprintf(s, n, "R");
	else
		snprintf(s, n, "%d", yg);
}

/* Add a person with a name drawn from a random culture; returns its index. */
static int add_person(child *c, rng *r, const char *id, const char *role, const char *org)
{
	person *p = &c->people[c->npeople];
	const culture *cu;
	char given[80], family[80], fg[80], ff[80];
	int female = rng_pct(r, 60);

	do
		cu = &sd_cultures[rng_weighted(r, sd_culture_w, C_COUNT)];
	while (cu->non_latin);
	name_part(female ? cu->female[rng_below(r, (uint32_t)cu->nfemale)] : cu->male[rng_below(r, (uint32_t)cu->nmale)],
		  0, female, given, sizeof(given));
	name_part(cu->family[rng_below(r, (uint32_t)cu->nfamily)], 0, female, family, sizeof(family));
	memset(p, 0, sizeof(*p));
	snprintf(p->id, sizeof(p->id), "%s", id);
	p->role = role;
	{
		char gs[90];

		sjoin(gs, sizeof(gs), given, " ");
		sjoin(p->name, sizeof(p->name), gs, family);
	}
	if (org)
		snprintf(p->org, sizeof(p->org), "%s", org);
	email_fold(given, fg, sizeof(fg));
	email_fold(family, ff, sizeof(ff));
	if (fg[0] == '\0')
		snprintf(fg, sizeof(fg), "staff");
	if (ff[0] == '\0')
		snprintf(ff, sizeof(ff), "%s", id);
	snprintf(p->email, sizeof(p->email), "%c.%s@example.org", fg[0], ff);
	return c->npeople++;
}

/* A random number in the 07700 900000-900999 range kept for drama (never a real line). */
static void fake_phone(rng *r, char *s, size_t n)
{
	snprintf(s, n, "07700 900%03u", rng_below(r, 1000));
}

/* A unique 7-digit number for child index k (a bijection on [0, 10^7) shifted by seed). */
static unsigned long scramble7(long k, unsigned long seed, unsigned long mult)
{
	return (unsigned long)(((unsigned long long)k * mult + seed % 10000000UL) % 10000000ULL);
}

/* Set c's sex, names (native script and, for a non-Latin culture, the Latin-script preferred
 * name) and the name the texts call the child by, from culture cu. */
static void child_name(child *c, rng *r, const culture *cu)
{
	char g[80], f[80], gl[80];

	c->female = c->uasc ? rng_pct(r, 12) : rng_pct(r, 48);
	c->other_gender = !c->uasc && c->yg >= 9 && rng_pct(r, 2);
	name_part(c->female ? cu->female[rng_below(r, (uint32_t)cu->nfemale)] : cu->male[rng_below(r, (uint32_t)cu->nmale)],
		  0, c->female, g, sizeof(g));
	{
		const char *fe = cu->family[rng_below(r, (uint32_t)cu->nfamily)];

		name_part(fe, 0, c->female, f, sizeof(f));
	}
	snprintf(c->given, sizeof(c->given), "%s", g);
	snprintf(c->family, sizeof(c->family), "%s", f);
	c->pref[0] = '\0';
	if (cu->non_latin) {
		/* the transliteration of the same given name */
		const char *const *pool = c->female ? cu->female : cu->male;
		size_t np = c->female ? cu->nfemale : cu->nmale;

		for (size_t i = 0; i < np; i++) {
			name_part(pool[i], 0, c->female, gl, sizeof(gl));
			if (strcmp(gl, g) == 0) {
				name_part(pool[i], 1, c->female, gl, sizeof(gl));
				snprintf(c->pref, sizeof(c->pref), "%s", gl);
				break;
			}
		}
	}
	snprintf(c->call, sizeof(c->call), "%s", c->pref[0] ? c->pref : c->given);
	if (c->cult == C_VIET && strrchr(c->call, ' '))   /* "Thị Hương" is called Hương */
		memmove(c->call, strrchr(c->call, ' ') + 1, strlen(strrchr(c->call, ' ') + 1) + 1);
}

/* Set c's date of birth, first term of history, care entry, legal status and placement. */
static void child_care(child *c, rng *r)
{
	day last_care = mkday(2024, 12, 20);

	/* born in the 2025/26 school year's range for the year group */
	{
		day d0 = mkday(2020 - c->yg, 9, 1), d1 = mkday(2021 - c->yg, 8, 31);

		c->dob = d0 + rng_range(r, 0, d1 - d0);
	}
	/* a two-year-old's history starts in the term they join the nursery */
	c->first_term = 0;
	if (c->yg == -2)
		c->first_term = weekday_on_or_after(c->dob + 2 * 365 + 20) <= term_end(1) ? 1 : 2;
	c->new_to_care = rng_pct(r, 14) || (c->uasc && rng_pct(r, 40));
	if (!c->new_to_care) {
		day lo = c->dob + 30;

		if (c->uasc) {
			day at14 = c->dob + 14 * 365;
			lo = at14 > mkday(2023, 1, 1) ? at14 : mkday(2023, 1, 1);
		}
		if (lo > last_care - 10)
			c->new_to_care = 1;
		else
			c->entered = weekday_on_or_before(rng_range(r, lo, last_care));
	}
	if (c->new_to_care) {
		int t = (int)rng_range(r, c->first_term, NTERMS - 1);

		c->first_term = t;
		c->entered = weekday_on_or_after(term_start(t) + rng_range(r, 0, 25));
	}
	{   /* a child enters care before 18 (a Year 13 pupil may be 18 by the spring) */
		long y;
		unsigned m, d;
		day at18;

		civil_from_days(c->dob, &y, &m, &d);
		at18 = civil_days(y + 18, m, d);
		if (c->entered >= at18)
			c->entered = weekday_on_or_before(at18 - 1);
	}
	c->legal = c->uasc ? "section-20" : c->new_to_care ? (rng_pct(r, 60) ? "interim-care-order" : "section-20")
		: (const char *[]){ "care-order", "care-order", "care-order", "care-order", "section-20",
				    "section-20", "interim-care-order", "placement-order" }[rng_below(r, 8)];
	if (strcmp(c->legal, "placement-order") == 0 && c->yg > 2)
		c->legal = "care-order";
	if (!c->uasc && c->yg >= 10 && rng_pct(r, 2))
		c->legal = "remand";

	if (c->uasc)
		c->ptype = c->yg >= 12 ? "semi-independent" : rng_pct(r, 70) ? "foster-care" : "residential";
	else if (c->yg >= 12 && rng_pct(r, 35))
		c->ptype = "semi-independent";
	else if (c->yg >= 7 && rng_pct(r, 12))
		c->ptype = "residential";
	else if (strcmp(c->legal, "placement-order") == 0)
		c->ptype = "placed-for-adoption";
	else
		c->ptype = (const char *[]){ "foster-care", "foster-care", "foster-care", "foster-care",
					     "foster-care", "kinship-care", "kinship-care", "placed-with-parents" }[rng_below(r, 8)];
	c->placement_start = c->entered;
	if (rng_pct(r, 35)) {
		day hi = mkday(2025, 10, 15);

		if (hi > c->entered)
			c->placement_start = weekday_on_or_after(rng_range(r, c->entered, hi));
	}
	c->loc_conf = rng_pct(r, 7);
}

/* Set c's SEND status, need, EHCP date and whether there is an SEMH need. */
static void child_send(child *c, rng *r)
{
	unsigned x = rng_below(r, 100);

	if (c->yg <= 0)
		c->send = x < 12 ? "sen-support" : x < 15 ? "ehcp-assessment" : "none";
	else if (c->uasc)
		c->send = x < 20 ? "sen-support" : "none";
	else
		c->send = x < 52 ? "none" : x < 80 ? "sen-support" : x < 84 ? "ehcp-assessment" : "ehcp";
	c->need = strcmp(c->send, "none") ? PICK(r, sd_needs) : NULL;
	if (strcmp(c->send, "ehcp") == 0) {
		day lo = c->dob + 4 * 365, hi = mkday(2025, 6, 30);

		c->ehcp_date = weekday_on_or_before(rng_range(r, lo, hi > lo ? hi : lo + 30));
	}
	c->semh_need = (c->need && strncmp(c->need, "Social", 6) == 0) || rng_pct(r, 20);
}

/* Choose c's school (phase by year group and plan) among the cohort's schools, the date the
 * child started there and any school move during the history. */
static void child_school(child *c, rng *r, long count, unsigned long seed)
{
	int ph;

	if (c->yg <= -1)
		ph = PH_NURSERY;
	else if (c->ehcp_date && rng_pct(r, 40))
		ph = PH_SPECIAL;
	else if (c->yg <= 6)
		ph = PH_PRIMARY;
	else if (c->yg <= 11)
		ph = PH_SECONDARY;
	else
		ph = rng_pct(r, 70) ? PH_COLLEGE : PH_SECONDARY;
	pick_school(&c->sch_store, r, seed, school_count(count), ph);
	c->sch = &c->sch_store;
	{
		int entry_year = c->yg <= -1 ? 2023 + (c->yg + 2)
			: ph == PH_PRIMARY || (ph == PH_SPECIAL && c->yg <= 6) ? 2025 - c->yg
			: ph == PH_COLLEGE || (ph == PH_SECONDARY && c->yg >= 12) ? 2025 - (c->yg - 12)
			: ph == PH_SECONDARY ? 2025 - (c->yg - 7) : 2025 - (c->yg > 3 ? 3 : c->yg);
		day ss = weekday_on_or_after(mkday(entry_year, 9, 3));

		if (c->yg == -2)
			ss = weekday_on_or_after(c->dob + 2 * 365 + 20);
		c->moved_term = -1;
		if (c->yg >= 1 && c->yg != 7 && c->yg != 12 && ph != PH_SPECIAL && rng_pct(r, 12)) {
			/* moved school during the history, often with a placement move */
			int t = (int)rng_range(r, c->first_term, NTERMS - 1);

			ss = weekday_on_or_after(term_start(t) + rng_range(r, 0, 14));
			snprintf(c->prev_school, sizeof(c->prev_school), "%s %s", PICK(r, sd_towns),
				 c->yg <= 6 ? "Primary School" : c->yg <= 11 ? "Academy" : "College");
		}
		if (ss < c->dob + 400)
			ss = c->dob + 400;
		c->school_start = ss;
		for (int t = c->first_term; t < NTERMS; t++)
			if (ss >= term_start(t) && ss <= term_end(t))
				c->moved_term = t;
	}
}

/* Set c's LA child id and UPN (Reception and up; sometimes a temporary one for a newly arrived
 * asylum seeker), the interpreter flag and the attendance base rate. */
static void child_ids(child *c, rng *r, long index, unsigned long seed)
{
	snprintf(c->lacid, sizeof(c->lacid), "LA-%07lu", scramble7(index, seed, 7654321UL));
	if (c->yg >= 0) {
		unsigned long v = scramble7(index, seed / 7, 3456789UL);
		char body[13];
		int yy = (2025 - (c->yg > 0 ? c->yg : 0)) % 100;

		snprintf(body, sizeof(body), "%.3s%04u%02u%03u", c->sch->la, (unsigned)(v / 1000 % 10000),
			 (unsigned)yy % 100, (unsigned)(v % 1000));
		if (c->uasc && c->new_to_care && rng_pct(r, 30))
			body[11] = upn_alpha[body[11] - '0'];   /* a temporary UPN */
		c->upn[0] = sample_upn_check(body);
		memcpy(c->upn + 1, body, 13);
	}
	c->interpreter = c->uasc && rng_pct(r, 85);
	c->att_base = c->uasc ? (int)rng_range(r, 880, 990) : (int)rng_range(r, 700, 995);
	if (c->att_base < 860 && rng_pct(r, 50))
		c->att_base += 80;
}

/* Add the people around c: social worker, designated teacher, carer, Virtual School adviser,
 * the child, and (by need and chance) SENCo, IRO, interpreter, personal adviser, health
 * practitioner and birth parent. */
static void child_people(child *c, rng *r)
{
	c->sw = add_person(c, r, "sw1", "social-worker", "Children's Services");
	c->dt = add_person(c, r, "dt1", "designated-teacher", c->sch->name);
	{
		int residential = !strcmp(c->ptype, "residential") || !strcmp(c->ptype, "semi-independent");

		c->carer = add_person(c, r, "c1", residential ? "key-worker" : "carer",
				      residential ? "Children's home" : NULL);
		if (!residential)
			c->people[c->carer].org[0] = '\0';
		fake_phone(r, c->people[c->carer].phone, sizeof(c->people[c->carer].phone));
		c->people[c->carer].contact_conf = "carer-contact";
		if (!residential) {
			char tmp[120];

			snprintf(tmp, sizeof(tmp), "%s", c->people[c->carer].email);
			sjoin(c->people[c->carer].email, sizeof(c->people[c->carer].email), "carer.", tmp + 2);
		}
	}
	c->vs = add_person(c, r, "vs1", "virtual-school-adviser", "Virtual School");
	{
		person *p = &c->people[c->npeople];

		memset(p, 0, sizeof(*p));
		snprintf(p->id, sizeof(p->id), "yp");
		p->role = "child";
		char gs[170];

		if (c->cult == C_VIET) {   /* Vietnamese order: family name first */
			sjoin(gs, sizeof(gs), c->family, " ");
			sjoin(p->name, sizeof(p->name), gs, c->given);
		} else {
			sjoin(gs, sizeof(gs), c->given, " ");
			sjoin(p->name, sizeof(p->name), gs, c->family);
		}
		c->yp = c->npeople++;
	}
	c->senco = strcmp(c->send, "none") ? add_person(c, r, "senco1", "senco", c->sch->name) : -1;
	c->iro = rng_pct(r, 30) ? add_person(c, r, "iro1", "iro", "Independent Reviewing Service") : -1;
	c->interp = c->interpreter ? add_person(c, r, "int1", "interpreter", "Community Interpreting Service") : -1;
	c->pa = c->yg >= 11 ? add_person(c, r, "pa1", "personal-adviser", "Leaving Care Team") : -1;
	c->health = rng_pct(r, 25) ? add_person(c, r, "hp1", "health", "Children in Care Health Team") : -1;
	c->bp = -1;
	if (!c->uasc && rng_pct(r, 10)) {
		c->bp = add_person(c, r, "bp1", "birth-parent", NULL);
		c->people[c->bp].conf = "birth-family";
		c->people[c->bp].email[0] = '\0';
		fake_phone(r, c->people[c->bp].phone, sizeof(c->people[c->bp].phone));
		c->people[c->bp].contact_conf = "birth-family";
	}
}

/* Fill c with child index of a cohort of count made with seed: identity, dates, placement,
 * school, SEND and people, drawn from r in that order. */
static void make_child(child *c, rng *r, long index, long count, unsigned long seed)
{
	static const unsigned yg_w[16] = { 2, 3, 4, 5, 5, 5, 5, 5, 6, 7, 7, 8, 8, 9, 7, 6 };  /* N1..13 */

	memset(c, 0, sizeof(*c));
	c->index = index;
	c->seed = seed;
	c->yg = (int)rng_weighted(r, yg_w, 16) - 2;
	c->uasc = c->yg >= 9 && rng_pct(r, c->yg >= 11 ? 22 : 10);
	c->cult = (int)rng_weighted(r, c->uasc ? sd_culture_uasc_w : sd_culture_w, C_COUNT);
	child_name(c, r, &sd_cultures[c->cult]);
	child_care(c, r);
	child_send(c, r);
	child_school(c, r, count, seed);
	child_ids(c, r, index, seed);
	child_people(c, r);
}

/* ------------------------------------------------------------------------------------------ */
/* Text. Templates use {N} (the child's name), {he} {He} {his} {His} {him}, {is} {has} {s}
 * (verb agreement for "they"), {S} (a subject), {C} (the carer's name), {D} (the designated
 * teacher's name), {K} (the school's name). */

typedef struct ctx {
	const child *c;
	const char *subject;
} ctx;

/* Append template t expanded for x, XML-escaped. */
static void put_tmpl(out *o, const ctx *x, const char *t)
{
	const child *c = x->c;
	int they = c->other_gender;
	int fem = c->female;

	while (*t) {
		const char *open = strchr(t, '{'), *close;
		const char *rep = NULL;
		char key[8];

		if (open == NULL) {
			o_text(o, t);
			return;
		}
		close = strchr(open, '}');
		if (close == NULL || close - open > 6) {
			o_text(o, t);
			return;
		}
		if (open > t) {
			char chunk[1024];
			size_t n = (size_t)(open - t) < sizeof(chunk) - 1 ? (size_t)(open - t) : sizeof(chunk) - 1;

			memcpy(chunk, t, n);
			chunk[n] = '\0';
			o_text(o, chunk);
		}
		snprintf(key, sizeof(key), "%.*s", (int)(close - open - 1), open + 1);
		if (!strcmp(key, "N")) rep = c->call;
		else if (!strcmp(key, "he")) rep = they ? "they" : fem ? "she" : "he";
		else if (!strcmp(key, "He")) rep = they ? "They" : fem ? "She" : "He";
		else if (!strcmp(key, "his")) rep = they ? "their" : fem ? "her" : "his";
		else if (!strcmp(key, "His")) rep = they ? "Their" : fem ? "Her" : "His";
		else if (!strcmp(key, "him")) rep = they ? "them" : fem ? "her" : "him";
		else if (!strcmp(key, "is")) rep = they ? "are" : "is";
		else if (!strcmp(key, "has")) rep = they ? "have" : "has";
		else if (!strcmp(key, "s")) rep = they ? "" : "s";
		else if (!strcmp(key, "S")) rep = x->subject ? x->subject : "English";
		else if (!strcmp(key, "C")) rep = c->people[c->carer].name;
		else if (!strcmp(key, "D")) rep = c->people[c->dt].name;
		else if (!strcmp(key, "K")) rep = c->sch->name;
		else rep = "";
		o_text(o, rep);
		t = close + 1;
	}
}

/* Append <p> with k sentences from pool (n entries, at most 64), joined by spaces, none of
 * them already marked in *used; marks the ones it takes. Fewer when the pool runs out. */
static void put_para_from(out *o, const ctx *x, rng *r, const char *const *pool, size_t n, int k,
			  uint64_t *used)
{
	size_t left = 0;

	for (size_t j = 0; j < n && j < 64; j++)
		left += !(*used & (1ULL << j));
	if ((size_t)k > left)
		k = (int)left;
	if (k == 0)
		return;
	o_raw(o, "<p>");
	for (int i = 0; i < k; i++) {
		size_t j = rng_below(r, (uint32_t)n);

		while (*used & (1ULL << (j % 64)))
			j = (j + 1) % n;
		*used |= 1ULL << (j % 64);
		if (i > 0)
			o_raw(o, " ");
		put_tmpl(o, x, pool[j]);
	}
	o_raw(o, "</p>");
}

/* Append <p> with k distinct sentences from pool (n entries). */
static void put_para(out *o, const ctx *x, rng *r, const char *const *pool, size_t n, int k)
{
	uint64_t used = 0;

	put_para_from(o, x, r, pool, n, k, &used);
}

/* Append two paragraphs of k1 and k2 sentences from pool, no sentence used twice. */
static void put_paras(out *o, const ctx *x, rng *r, const char *const *pool, size_t n, int k1, int k2)
{
	uint64_t used = 0;

	put_para_from(o, x, r, pool, n, k1, &used);
	put_para_from(o, x, r, pool, n, k2, &used);
}

#define PARA(o, x, r, pool, k) put_para((o), (x), (r), (pool), PK_ARRAY_LEN(pool), (k))
#define PARAS(o, x, r, pool, k1, k2) put_paras((o), (x), (r), (pool), PK_ARRAY_LEN(pool), (k1), (k2))

/* The grade scale codes for s (n set to their count). */
static const char *const *grades_for(const subj *s, size_t *n)
{
	if (!strcmp(s->scale, "eyfs-elg")) { *n = PK_ARRAY_LEN(sd_g_elg); return sd_g_elg; }
	if (!strcmp(s->scale, "ks-ta")) { *n = PK_ARRAY_LEN(sd_g_ta); return sd_g_ta; }
	if (!strcmp(s->scale, "gcse")) { *n = PK_ARRAY_LEN(sd_g_gcse); return sd_g_gcse; }
	if (s->scale_name && !strcmp(s->scale_name, "A level")) { *n = PK_ARRAY_LEN(sd_g_alevel); return sd_g_alevel; }
	*n = PK_ARRAY_LEN(sd_g_btec);
	return sd_g_btec;
}

/* Write the attainment of term t (0-based in the history; level rises slowly over terms). */
static void put_attainment(out *o, rng *r, const child *c, int t, day date)
{
	const subj *list;
	size_t n;
	char ds[11];
	rng fixed = rng_for(c->seed, 77, (uint64_t)c->index);   /* ability: the same every term */

	fmtday(date, ds);
	if (c->yg <= 0) { list = sd_subj_eyfs; n = PK_ARRAY_LEN(sd_subj_eyfs); }
	else if (c->yg <= 6) { list = sd_subj_ks12; n = PK_ARRAY_LEN(sd_subj_ks12); }
	else if (c->yg <= 9) { list = sd_subj_ks3; n = PK_ARRAY_LEN(sd_subj_ks3); }
	else if (c->yg <= 11) { list = sd_subj_ks4; n = PK_ARRAY_LEN(sd_subj_ks4); }
	else { list = sd_subj_p16; n = 3; }
	o_raw(o, "      <attainment>\n");
	if (c->yg == 1 || c->yg == 2) {
		int score = (int)rng_range(&fixed, 12, 36) + t * 2;

		o_fmt(o, "        <result subject=\"Phonics\" aspect=\"Phonics screening check\" scale=\"phonics\" current=\"%d\" target=\"32\" date=\"%s\"/>\n",
		      score > 40 ? 40 : score, ds);
	}
	for (size_t i = 0; i < n; i++) {
		const subj *s = &list[i];
		size_t ng;
		const char *const *g = grades_for(s, &ng);
		long base = (long)rng_below(&fixed, (uint32_t)ng);
		long cur, tgt;

		if (!strcmp(s->scale, "gcse")) {
			long hi = c->yg <= 7 ? 5 : c->yg <= 9 ? 6 : 8;

			base = c->yg >= 12 ? rng_range(&fixed, 2, 3) : rng_range(&fixed, 1, hi);
		} else if (!strcmp(s->scale, "ks-ta")) {
			base = rng_range(&fixed, 2, 6);
		}
		cur = base - 1 + t / 2 + (rng_pct(r, 30) ? 1 : 0);
		if (cur < 0) cur = 0;
		if (cur >= (long)ng) cur = (long)ng - 1;
		tgt = cur + 1 < (long)ng ? cur + 1 : cur;
		if (!strcmp(s->scale, "eyfs-elg"))
			tgt = 1;
		if (c->yg == 6 && i != 1 && i != 3 && !strcmp(s->scale, "ks-ta")) {
			/* Year 6: scaled-score style teacher estimates for reading and maths */
			long sc = 88 + 4 * base + t * 2 + (long)rng_below(r, 3);

			if (sc > 120) sc = 120;
			o_fmt(o, "        <result subject=\"%s\"%s%s%s scale=\"ks2-scaled\" current=\"%ld\" target=\"%d\" date=\"%s\"/>\n",
			      s->subject, s->aspect ? " aspect=\"" : "", s->aspect ? s->aspect : "", s->aspect ? "\"" : "",
			      sc, sc >= 100 ? (sc + 4 > 120 ? 120 : (int)sc + 4) : 100, ds);
			continue;
		}
		o_fmt(o, "        <result subject=\"%s\"", s->subject);
		if (s->aspect)
			o_fmt(o, " aspect=\"%s\"", s->aspect);
		o_fmt(o, " scale=\"%s\"", s->scale);
		if (s->scale_name)
			o_fmt(o, " scale-name=\"%s\"", s->scale_name);
		o_fmt(o, " current=\"%s\" target=\"%s\" date=\"%s\"/>\n", g[cur], g[tgt], ds);
	}
	o_raw(o, "      </attainment>\n");
}

/* Append the child's voice: most of the phase's questions, each with one to three answers. */
static void put_voice(out *o, const ctx *x, rng *r)
{
	const child *c = x->c;
	const voice_q *q;
	size_t nq;
	int skip;
	const char *how;

	if (c->yg <= 0) {
		q = sd_voice_ey; nq = PK_ARRAY_LEN(sd_voice_ey);
		how = "observations by the key person and the carer";
	} else if (c->yg <= 6) {
		q = sd_voice_primary; nq = PK_ARRAY_LEN(sd_voice_primary);
		how = rng_pct(r, 50) ? "talking with the designated teacher, using the My Voice form" : "drawing and talking with a trusted adult";
	} else if (c->yg <= 11) {
		q = sd_voice_secondary; nq = PK_ARRAY_LEN(sd_voice_secondary);
		how = rng_pct(r, 50) ? "completed the My Voice form with a mentor" : "one-to-one conversation before the meeting";
	} else {
		q = sd_voice_p16; nq = PK_ARRAY_LEN(sd_voice_p16);
		how = "the young person's own written answers";
	}
	if (c->interpreter)
		how = "conversation with an interpreter present";
	skip = (int)rng_below(r, (uint32_t)nq + 2);   /* sometimes one question is left unanswered */
	o_raw(o, "      <child-voice how-captured=\"");
	o_text(o, how);
	o_raw(o, "\">\n");
	for (size_t i = 0; i < nq; i++) {
		size_t na = 0;

		if ((int)i == skip)
			continue;
		while (na < 4 && q[i].a[na])
			na++;
		o_raw(o, "        <answer question=\"");
		put_tmpl(o, x, q[i].q);
		o_raw(o, "\">");
		put_para(o, x, r, q[i].a, na, (int)rng_range(r, 1, na < 3 ? (long)na : 2));
		o_raw(o, "</answer>\n");
	}
	o_raw(o, "      </child-voice>\n");
}

/* Who owns action j of sd_action_texts for child c: the school, the social worker, the carer or
 * the Virtual School, by what the action is. */
static int action_owner(const child *c, size_t j)
{
	static const char owner[] = "DSDSDDVSCCD";   /* one letter per sd_action_texts entry */

	switch (owner[j % (sizeof(owner) - 1)]) {
	case 'S': return c->sw;
	case 'C': return c->carer;
	case 'V': return c->vs;
	default: return c->dt;
	}
}

/* ------------------------------------------------------------------------------------------ */
/* One record. */

/* Append a <person> element. */
static void put_person(out *o, const person *p)
{
	o_fmt(o, "    <person id=\"%s\" role=\"%s\"", p->id, p->role);
	if (p->conf)
		o_fmt(o, " confidential=\"%s\"", p->conf);
	o_raw(o, ">");
	o_elem(o, "name", p->name);
	if (p->org[0])
		o_elem(o, "organisation", p->org);
	if (p->email[0]) {
		if (p->contact_conf)
			o_fmt(o, "<email confidential=\"%s\">", p->contact_conf);
		else
			o_raw(o, "<email>");
		o_text(o, p->email);
		o_raw(o, "</email>");
	}
	if (p->phone[0]) {
		o_fmt(o, "<phone confidential=\"%s\">", p->contact_conf ? p->contact_conf : "carer-contact");
		o_text(o, p->phone);
		o_raw(o, "</phone>");
	}
	o_raw(o, "</person>\n");
}

/* Append the targets of a term; ids written to ids (room for 5) and their count to *nids. */
static void put_targets(out *o, const ctx *x, rng *r, int t, int latest, day set, day tend,
			char ids[][16], int *nids)
{
	const child *c = x->c;
	const tgt *pool;
	size_t n;
	int k = (int)rng_range(r, 3, 5);
	char sd[11], dd[11];
	uint32_t used = 0;

	if (c->yg <= 0) { pool = sd_tgts_ey; n = PK_ARRAY_LEN(sd_tgts_ey); }
	else if (c->yg <= 6) { pool = sd_tgts_primary; n = PK_ARRAY_LEN(sd_tgts_primary); }
	else if (c->yg <= 11) { pool = sd_tgts_secondary; n = PK_ARRAY_LEN(sd_tgts_secondary); }
	else { pool = sd_tgts_p16; n = PK_ARRAY_LEN(sd_tgts_p16); }
	o_raw(o, "      <targets>\n");
	fmtday(set, sd);
	for (int i = 0; i < k; i++) {
		size_t j = rng_below(r, (uint32_t)n);
		day due = weekday_on_or_before(set + rng_range(r, 56, 84));
		const char *status, *const *ev = NULL;
		size_t nev = 0;
		const char *owner;

		while (used & (1u << j))
			j = (j + 1) % n;
		used |= 1u << j;
		if (due > tend - 2)
			due = weekday_on_or_before(tend - 2);
		fmtday(due, dd);
		if (latest) {
			status = rng_pct(r, 80) ? "in-progress" : "not-started";
		} else {
			unsigned v = rng_below(r, 100);

			if (v < 50) { status = "achieved"; ev = sd_eval_achieved; nev = PK_ARRAY_LEN(sd_eval_achieved); }
			else if (v < 85) { status = "partly-achieved"; ev = sd_eval_partly; nev = PK_ARRAY_LEN(sd_eval_partly); }
			else { status = "not-achieved"; ev = sd_eval_not; nev = PK_ARRAY_LEN(sd_eval_not); }
		}
		owner = c->people[!strcmp(pool[j].area, "Attendance") || !strcmp(pool[j].area, "Independence")
				  ? (c->pa >= 0 && c->yg >= 12 ? c->pa : c->carer)
				  : !strcmp(pool[j].area, "SEMH") && c->senco >= 0 ? c->senco : c->dt].id;
		snprintf(ids[i], 16, "T-%s-%d", terms[t].code, i + 1);
		o_fmt(o, "        <target id=\"%s\" owner=\"%s\" set=\"%s\" due=\"%s\" status=\"%s\">\n",
		      ids[i], owner, sd, dd, status);
		o_raw(o, "          ");
		o_elem(o, "area", pool[j].area);
		o_raw(o, "\n          <what>");
		put_tmpl(o, x, pool[j].what);
		o_raw(o, "</what>\n          <measure>");
		put_tmpl(o, x, pool[j].measure);
		o_raw(o, "</measure>\n          <support>");
		put_tmpl(o, x, pool[j].support);
		o_raw(o, "</support>\n");
		if (ev) {
			o_raw(o, "          <evaluation>");
			put_para(o, x, r, ev, nev, 1);
			o_raw(o, "</evaluation>\n");
		}
		o_raw(o, "        </target>\n");
	}
	*nids = k;
	o_raw(o, "      </targets>\n");
}

/* The kind of PEP term t is for c: the first after coming into care, the first at a new
 * school, or a termly review. */
static const char *term_kind(const child *c, int t)
{
	return t == c->first_term && c->new_to_care ? "initial" : c->moved_term == t ? "new-school" : "review";
}

/* The meeting date of term t (t == NTERMS: the next meeting after the history): within 20
 * school days of coming into care or of starting a new school, else in weeks 2-6 of term,
 * always a weekday at least 30 days before the end of term. Drawn from its own stream, so the
 * previous term can name it as its next meeting. */
static day meeting_date(const child *c, int t)
{
	rng r = rng_for(c->seed, 300 + (uint64_t)t, (uint64_t)c->index);
	day ts = term_start(t), te = term_end(t), meet;
	const char *kind = t < NTERMS ? term_kind(c, t) : "review";

	if (!strcmp(kind, "initial"))
		meet = c->entered + rng_range(&r, 10, 26);
	else if (!strcmp(kind, "new-school"))
		meet = c->school_start + rng_range(&r, 10, 26);
	else
		meet = ts + rng_range(&r, 8, 40);
	meet = weekday_on_or_after(meet);
	if (meet > te - 30)
		meet = weekday_on_or_before(te - 30);
	if (meet < ts)
		meet = weekday_on_or_after(ts);
	return meet;
}

/* Append the term's <attendance>: sessions and percent from the child's base rate, a part-time
 * timetable for some low attenders in Years 7-11, and a note when attendance is low. */
static void put_attendance(out *o, const ctx *x, rng *r, int t)
{
	const child *c = x->c;
	long possible = terms[t].sessions;
	long pm = c->att_base + rng_range(r, -40, 30);
	long attended, pct10;

	if (c->yg <= -1)
		possible = possible / 2;
	if (pm > 1000) pm = 1000;
	if (pm < 450) pm = 450;
	attended = possible * pm / 1000;
	pct10 = (attended * 1000 + possible / 2) / possible;
	o_fmt(o, "      <attendance><percent>%ld.%ld</percent><sessions-possible>%ld</sessions-possible><sessions-attended>%ld</sessions-attended>",
	      pct10 / 10, pct10 % 10, possible, attended);
	if (c->yg >= 7 && c->yg <= 11 && pm < 800 && rng_pct(r, 40)) {
		o_raw(o, "<part-time-timetable>true</part-time-timetable><alternative-provision>");
		o_text(o, rng_pct(r, 50) ? "Two days a week at the Pathways alternative provision centre" : "Vocational placement at a motor-vehicle workshop, Fridays");
		o_raw(o, "</alternative-provision>");
	}
	if (pm < 900) {
		o_raw(o, "<notes>");
		PARA(o, x, r, sd_attendance_notes, 1);
		o_raw(o, "</notes>");
	}
	o_raw(o, "</attendance>\n");
}

/* Append <exclusions> (one or two inside term ts..te) for some children in Year 3 and up, more
 * often for those with an SEMH need; appends nothing for the others. */
static void put_exclusions(out *o, const ctx *x, rng *r, day ts, day te)
{
	const child *c = x->c;
	char d[11];

	if (!(c->yg >= 3 && rng_pct(r, c->semh_need ? 14 : 4)))
		return;
	int k = (int)rng_range(r, 1, 2);

	o_raw(o, "      <exclusions>\n");
	for (int i = 0; i < k; i++) {
		day s = weekday_on_or_after(ts + rng_range(r, 10, te - ts - 20));
		int internal = rng_pct(r, 25);
		long days = rng_range(r, 1, 3);

		fmtday(s, d);
		o_fmt(o, "        <exclusion type=\"%s\" start=\"%s\" days=\"%s\"><reason>",
		      internal ? "internal" : "suspension", d,
		      internal ? "1" : rng_pct(r, 15) ? "0.5" : days == 1 ? "1" : days == 2 ? "2" : "3");
		PARA(o, x, r, sd_exclusion_reasons, 1);
		o_raw(o, "</reason></exclusion>\n");
	}
	o_raw(o, "      </exclusions>\n");
}

/* Append <send-update> (children with SEN support or a plan) and <semh>, with an SDQ score on
 * the first term and sometimes later. */
static void put_send_semh(out *o, const ctx *x, rng *r, int first)
{
	const child *c = x->c;

	if (strcmp(c->send, "none") != 0) {
		const char *specific = !strcmp(c->send, "ehcp")
			? "The provision in section F of the EHCP is in place, including weekly sessions with a specialist teaching assistant; the annual review date is recorded above."
			: !strcmp(c->send, "ehcp-assessment")
			? "The EHC needs assessment is under way; advice has been requested from the educational psychologist and the draft plan is expected next term."
			: "{N}'s needs are met through the school's SEN support plan, reviewed termly with {C}.";

		o_raw(o, "      <send-update><p>");
		put_tmpl(o, x, specific);
		o_raw(o, "</p>");
		PARA(o, x, r, sd_send_pool, 2);
		o_raw(o, "</send-update>\n");
	}
	o_raw(o, "      <semh><summary>");
	PARAS(o, x, r, sd_semh_pool, 4, 3);
	o_raw(o, "</summary>");
	if (c->yg >= 0 && (first || rng_pct(r, 30)))
		o_fmt(o, "<sdq-score confidential=\"health\">%ld</sdq-score>", rng_range(r, c->semh_need ? 14 : 4, c->semh_need ? 30 : 18));
	o_raw(o, "</semh>\n");
}

/* Append the <carer-section> and the <social-worker-update> (education, health, care journey,
 * priorities). */
static void put_carer_sw(out *o, const ctx *x, rng *r)
{
	o_raw(o, "      <carer-section>");
	PARAS(o, x, r, sd_carer_pool, 4, 3);
	o_raw(o, "</carer-section>\n");
	o_raw(o, "      <social-worker-update><education>");
	PARA(o, x, r, sd_sw_edu_pool, 3);
	o_raw(o, "</education><health confidential=\"health\">");
	PARA(o, x, r, sd_sw_health_pool, 2);
	o_raw(o, "</health>");
	if (rng_pct(r, 30))
		o_raw(o, "<care-journey confidential=\"safeguarding\">");
	else
		o_raw(o, "<care-journey>");
	PARA(o, x, r, sd_sw_journey_pool, 3);
	o_raw(o, "</care-journey><priorities>");
	PARA(o, x, r, sd_sw_prior_pool, 2);
	o_raw(o, "</priorities></social-worker-update>\n");
}

/* Append k distinct entries of pool (n entries, at most 32; k <= n) as <item> elements, each
 * drawn at random and moved on to the next unused one when already taken. */
static void put_distinct_items(out *o, const ctx *x, rng *r, const char *const *pool, size_t n, int k)
{
	uint32_t used = 0;

	for (int i = 0; i < k; i++) {
		size_t j = rng_below(r, (uint32_t)n);

		while (used & (1u << j))
			j = (j + 1) % n;
		used |= 1u << j;
		o_raw(o, "<item>");
		put_tmpl(o, x, pool[j]);
		o_raw(o, "</item>");
	}
}

/* Append <strengths> (three to five) and <barriers> (two to four, sometimes one more from a third
 * party, marked confidential). */
static void put_strengths_barriers(out *o, const ctx *x, rng *r)
{
	int k = (int)rng_range(r, 3, 5);

	o_raw(o, "      <strengths>");
	put_distinct_items(o, x, r, sd_strengths_pool, PK_ARRAY_LEN(sd_strengths_pool), k);
	o_raw(o, "</strengths>\n      <barriers>");
	k = (int)rng_range(r, 2, 4);
	put_distinct_items(o, x, r, sd_barriers_pool, PK_ARRAY_LEN(sd_barriers_pool), k);
	if (rng_pct(r, 15)) {
		o_raw(o, "<item confidential=\"third-party\">");
		put_tmpl(o, x, PICK(r, sd_barriers_third_party));
		o_raw(o, "</item>");
	}
	o_raw(o, "</barriers>\n");
}

/* Append <interventions>: two to four, most with a place and a cost. */
static void put_interventions(out *o, rng *r)
{
	int k = (int)rng_range(r, 2, 4);

	o_raw(o, "      <interventions>\n");
	for (int i = 0; i < k; i++) {
		o_raw(o, "        <intervention>");
		o_elem(o, "what", PICK(r, sd_interventions_what));
		o_elem(o, "who", PICK(r, sd_interventions_who));
		o_elem(o, "when", PICK(r, sd_interventions_when));
		if (rng_pct(r, 80))
			o_elem(o, "where", PICK(r, sd_interventions_where));
		o_elem(o, "frequency", PICK(r, sd_interventions_freq));
		if (rng_pct(r, 70))
			o_fmt(o, "<cost>%ld.00</cost>", rng_range(r, 4, 40) * 25);
		o_raw(o, "</intervention>\n");
	}
	o_raw(o, "      </interventions>\n");
}

/* Append <pupil-premium-plus> (Early Years Pupil Premium for the under-fives; none post-16):
 * one to three requests, each naming one or two of the term's targets ids[0..nids-1] (nids >=
 * 1), and the impact of last term's after the first term. */
static void put_ppp(out *o, const ctx *x, rng *r, int first, int latest, char ids[][16], int nids)
{
	const child *c = x->c;

	if (c->yg > 11)
		return;
	int k = (int)rng_range(r, 1, 3);
	const char *status = latest ? (rng_pct(r, 60) ? "requested" : rng_pct(r, 50) ? "draft" : "approved")
		: rng_pct(r, 95) ? "approved" : "declined";

	o_fmt(o, "      <pupil-premium-plus status=\"%s\">\n", status);
	uint32_t used = 0;

	for (int i = 0; i < k; i++) {
		int a1 = (int)rng_below(r, (uint32_t)nids), a2 = (int)rng_below(r, (uint32_t)nids);
		size_t w = rng_below(r, PK_ARRAY_LEN(sd_ppp_what));
		long amount = c->yg <= -1 ? rng_range(r, 4, 12) * 10 : rng_range(r, 6, 30) * 10;

		o_fmt(o, "        <request amount=\"%ld.00\" targets=\"%s", amount, ids[a1]);
		if (a2 != a1)
			o_fmt(o, " %s", ids[a2]);
		while (used & (1u << w))
			w = (w + 1) % PK_ARRAY_LEN(sd_ppp_what);
		used |= 1u << w;
		o_raw(o, "\"><what>");
		o_text(o, sd_ppp_what[w]);
		o_raw(o, "</what></request>\n");
	}
	if (!first) {
		o_raw(o, "        <impact>");
		PARA(o, x, r, sd_ppp_impact, 2);
		o_raw(o, "</impact>\n");
	}
	o_raw(o, "      </pupil-premium-plus>\n");
}

/* Append <transition> in the latest term of a child at a key stage boundary, or in the term the
 * child moved school; nothing otherwise. */
static void put_transition(out *o, const ctx *x, rng *r, int t, int latest)
{
	const child *c = x->c;
	const char *stage = c->yg == -1 ? "into-school" : c->yg == 2 ? "KS1-KS2" : c->yg == 6 ? "KS2-KS3"
		: c->yg == 9 ? "KS3-KS4" : c->yg == 11 ? "KS4-post-16" : c->yg == 13 ? "post-18"
		: c->moved_term == t ? "school-move" : NULL;

	if (stage && (latest || c->moved_term == t)) {
		o_fmt(o, "      <transition stage=\"%s\"><plan>", stage);
		PARA(o, x, r, sd_transition_plan, 3);
		o_raw(o, "</plan></transition>\n");
	}
}

/* Append the designated teacher's summary, signed off a few days after meet (always in past
 * terms, mostly in the latest). */
static void put_dt_summary(out *o, const ctx *x, rng *r, int latest, day meet)
{
	char d[11];

	o_raw(o, "      <designated-teacher-summary><summary>");
	PARAS(o, x, r, sd_dt_pool, 4, 3);
	o_raw(o, "</summary>");
	if (!latest || rng_pct(r, 70)) {
		fmtday(weekday_on_or_after(meet + rng_range(r, 1, 10)), d);
		o_fmt(o, "<signed-off by=\"%s\" date=\"%s\"/>", x->c->people[x->c->dt].id, d);
	}
	o_raw(o, "</designated-teacher-summary>\n");
}

/* Append the meeting's <attendees>: the core team, and others the child has, present or sending
 * written comments. */
static void put_attendees(out *o, rng *r, const child *c)
{
	int list[P_MAX], n = 0;

	list[n++] = c->sw;
	list[n++] = c->dt;
	list[n++] = c->carer;
	if (c->yg >= 3)
		list[n++] = c->yp;
	list[n++] = c->vs;
	if (c->senco >= 0) list[n++] = c->senco;
	if (c->iro >= 0 && rng_pct(r, 50)) list[n++] = c->iro;
	if (c->interp >= 0) list[n++] = c->interp;
	if (c->pa >= 0) list[n++] = c->pa;
	if (c->health >= 0 && rng_pct(r, 40)) list[n++] = c->health;
	o_raw(o, "        <attendees>\n");
	for (int i = 0; i < n; i++) {
		int present = list[i] == c->vs ? rng_pct(r, 40) : rng_pct(r, 92);

		o_fmt(o, "          <attendee person=\"%s\" present=\"%s\"", c->people[list[i]].id, present ? "true" : "false");
		if (!present)
			o_raw(o, " contribution=\"written comments\"");
		else if (list[i] == c->yp && rng_pct(r, 40))
			o_raw(o, " contribution=\"attended the first part\"");
		o_raw(o, "/>\n");
	}
	o_raw(o, "        </attendees>\n");
}

/* Append the meeting's <discussion>: the topics that apply to the child (most of them), the
 * social-care item sometimes confidential, and sometimes a third party's note. */
static void put_discussion(out *o, const ctx *x, rng *r, int first)
{
	const child *c = x->c;

	o_raw(o, "        <discussion>\n");
	for (size_t i = 0; i < PK_ARRAY_LEN(sd_topics); i++) {
		const topic *tp = &sd_topics[i];

		if (!strcmp(tp->topic, "previous-targets") && first)
			continue;
		if (!strcmp(tp->topic, "send-semh") && !strcmp(c->send, "none") && !c->semh_need)
			continue;
		if (!strcmp(tp->topic, "transition") && !(c->yg == 6 || c->yg == 9 || c->yg >= 11 || c->yg == -1))
			continue;
		if (rng_pct(r, 15) && strcmp(tp->topic, "new-targets") && strcmp(tp->topic, "positive-start"))
			continue;
		o_fmt(o, "          <item topic=\"%s\"", tp->topic);
		if (!strcmp(tp->topic, "social-care") && rng_pct(r, 30)) {
			o_raw(o, " confidential=\"safeguarding\"><p>");
			put_tmpl(o, x, PICK(r, sd_safeguarding_notes));
			o_raw(o, "</p>");
		} else {
			o_raw(o, ">");
			put_para(o, x, r, tp->text, 3, (int)rng_range(r, 2, 3));
		}
		o_raw(o, "</item>\n");
	}
	if (rng_pct(r, 20)) {
		o_raw(o, "          <item topic=\"any-other-business\" confidential=\"third-party\"><p>");
		put_tmpl(o, x, PICK(r, sd_third_party_notes));
		o_raw(o, "</p></item>\n");
	}
	o_raw(o, "        </discussion>\n");
}

/* Append the meeting's <actions>: three to five distinct ones, due after meet, each owned by
 * whoever does that kind of action (no careers interview before Year 8). */
static void put_actions(out *o, const ctx *x, rng *r, day meet)
{
	const child *c = x->c;
	int k = (int)rng_range(r, 3, 5);
	uint32_t used = 0;
	char d[11];

	o_raw(o, "        <actions>\n");
	if (c->yg < 8)   /* no careers interview before Year 8 */
		used |= 1u << (PK_ARRAY_LEN(sd_action_texts) - 1);
	for (int i = 0; i < k; i++) {
		size_t j = rng_below(r, PK_ARRAY_LEN(sd_action_texts));

		while (used & (1u << j))
			j = (j + 1) % PK_ARRAY_LEN(sd_action_texts);
		used |= 1u << j;
		fmtday(weekday_on_or_after(meet + rng_range(r, 5, 60)), d);
		o_fmt(o, "          <action owner=\"%s\" due=\"%s\">", c->people[action_owner(c, j)].id, d);
		put_tmpl(o, x, sd_action_texts[j]);
		o_raw(o, "</action>\n");
	}
	o_raw(o, "        </actions>\n");
}

/* Append the <meeting> on meet: venue, attendees, discussion and actions. */
static void put_meeting(out *o, const ctx *x, rng *r, int first, day meet)
{
	char d[11];

	fmtday(meet, d);
	o_fmt(o, "      <meeting date=\"%s\">\n        <venue>", d);
	o_text(o, x->c->sch->name);
	o_raw(o, ", ");
	o_text(o, PICK(r, sd_venues));
	o_raw(o, "</venue>\n");
	put_attendees(o, r, x->c);
	put_discussion(o, x, r, first);
	put_actions(o, x, r, meet);
	o_raw(o, "      </meeting>\n");
}

/* Append term t of child c's history, with its meeting on meet and the next on next. The
 * sections are drawn from r in document order, so their order here fixes the bytes. */
static void put_term(out *o, rng *r, const child *c, int t, day meet, day next)
{
	ctx x = { c, NULL };
	day ts = term_start(t), te = term_end(t);
	int first = t == c->first_term, latest = t == NTERMS - 1;
	char a[11], b[11];
	char ids[5][16];
	int nids = 0;
	static const char *const subjects_primary[] = { "reading", "writing", "maths" };
	static const char *const subjects_secondary[] = { "English", "maths", "science", "history" };

	x.subject = c->yg <= 6 ? PICK(r, subjects_primary) : PICK(r, subjects_secondary);

	fmtday(ts, a);
	fmtday(te, b);
	o_fmt(o, "    <term id=\"%s\" kind=\"%s\" start=\"%s\" end=\"%s\">\n", terms[t].id, term_kind(c, t), a, b);
	put_attendance(o, &x, r, t);
	put_exclusions(o, &x, r, ts, te);
	put_send_semh(o, &x, r, first);
	put_attainment(o, r, c, t, meet);
	if (c->yg >= -1)
		put_voice(o, &x, r);
	put_carer_sw(o, &x, r);
	put_strengths_barriers(o, &x, r);
	put_interventions(o, r);
	put_targets(o, &x, r, t, latest, meet, te, ids, &nids);
	put_ppp(o, &x, r, first, latest, ids, nids);
	put_transition(o, &x, r, t, latest);
	put_dt_summary(o, &x, r, latest, meet);
	put_meeting(o, &x, r, first, meet);
	fmtday(next, a);
	o_fmt(o, "      <next-meeting>%s</next-meeting>\n    </term>\n", a);
}

/* The stream of term t of child c. */
static rng term_rng(const child *c, int t)
{
	return rng_for(c->seed, 100 + (uint64_t)t, (uint64_t)c->index);
}

int sample_record(pk_buf *buf, long index, long count, unsigned long seed)
{
	child *c = NULL;
	child storage;
	rng r;
	out o = { buf, PK_OK };
	char a[11], yg[4];

	if (index < 0 || count < 1 || count > SAMPLE_MAX_CHILDREN || index >= count)
		return PK_EINVAL;
	c = &storage;
	r = rng_for(seed, 0, (uint64_t)index);
	make_child(c, &r, index, count, seed);

	o_raw(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<!-- Synthetic PEP record made by pepkit sample: invented people, not real. -->\n"
		  "<pep-record version=\"1\">\n  <child>\n    ");
	o_elem(&o, "la-child-id", c->lacid);
	if (c->upn[0]) {
		o_raw(&o, "\n    ");
		o_elem(&o, "upn", c->upn);
	}
	o_raw(&o, "\n    <legal-name>");
	o_elem(&o, "given", c->given);
	o_elem(&o, "family", c->family);
	o_raw(&o, "</legal-name>\n");
	if (c->pref[0]) {
		o_raw(&o, "    ");
		o_elem(&o, "preferred-name", c->pref);
		o_raw(&o, "\n");
	}
	fmtday(c->dob, a);
	o_fmt(&o, "    <date-of-birth>%s</date-of-birth>\n    <gender>%s</gender>\n", a,
	      c->other_gender ? "other" : c->female ? "female" : "male");
	o_raw(&o, "    ");
	o_elem(&o, "ethnicity", sd_cultures[c->cult].ethnicity);
	o_raw(&o, "\n    ");
	o_elem(&o, "first-language", sd_cultures[c->cult].language);
	fmtday(c->entered, a);
	o_fmt(&o, "\n    <interpreter-needed>%s</interpreter-needed>\n"
		  "    <unaccompanied-asylum-seeking>%s</unaccompanied-asylum-seeking>\n"
		  "    <legal-status>%s</legal-status>\n    <entered-care>%s</entered-care>\n",
	      c->interpreter ? "true" : "false", c->uasc ? "true" : "false", c->legal, a);
	fmtday(c->placement_start, a);
	o_fmt(&o, "    <placement location-confidential=\"%s\">\n      <type>%s</type>\n      <start-date>%s</start-date>\n"
		  "      <in-authority>%s</in-authority>\n",
	      c->loc_conf ? "true" : "false", c->ptype, a, c->loc_conf || rng_pct(&r, 25) ? "false" : "true");
	{
		o_fmt(&o, "      <address confidential=\"placement-address\"><line>%ld ", rng_range(&r, 1, 180));
		o_text(&o, PICK(&r, sd_streets));
		o_raw(&o, "</line><line>");
		o_text(&o, PICK(&r, sd_towns));
		o_fmt(&o, "</line><postcode>ZZ9 %u%c%c</postcode></address>\n", rng_below(&r, 10),
		      "ABDEFGHJLNPQRSTUWXYZ"[rng_below(&r, 20)], "ABDEFGHJLNPQRSTUWXYZ"[rng_below(&r, 20)]);
	}
	o_raw(&o, "    </placement>\n");
	o_fmt(&o, "    <school id=\"%s\">", c->sch->id);
	o_elem(&o, "name", c->sch->name);
	o_fmt(&o, "<urn>%s</urn><la-number>%s</la-number><address><line>", c->sch->urn, c->sch->la);
	o_text(&o, c->sch->street);
	o_raw(&o, "</line><line>");
	o_text(&o, c->sch->town);
	o_raw(&o, "</line><postcode>");
	o_text(&o, c->sch->postcode);
	fmtday(c->school_start, a);
	o_fmt(&o, "</postcode></address><start-date>%s</start-date></school>\n", a);
	year_group_str(c->yg, yg, sizeof(yg));
	o_fmt(&o, "    <year-group>%s</year-group>\n    <key-stage>%s</key-stage>\n", yg, key_stage(c->yg));
	o_fmt(&o, "    <send><status>%s</status>", c->send);
	if (c->need)
		o_elem(&o, "primary-need", c->need);
	if (c->ehcp_date) {
		day rev = c->ehcp_date;

		while (rev < mkday(2025, 12, 20))
			rev += 365;
		fmtday(c->ehcp_date, a);
		o_fmt(&o, "<ehcp-date>%s</ehcp-date>", a);
		fmtday(rev, a);
		o_fmt(&o, "<ehcp-review-date>%s</ehcp-review-date>", a);
	}
	o_raw(&o, "</send>\n");
	{
		ctx x = { c, NULL };

		o_raw(&o, "    <interests>");
		PARA(&o, &x, &r, sd_interests_pool, 2);
		o_raw(&o, "</interests>\n");
		if (c->prev_school[0] || c->yg >= 1) {
			char from[11], to[11];

			o_raw(&o, "    <education-history>\n");
			if (c->prev_school[0]) {
				day pf = mkday(2025 - (c->yg <= 6 ? c->yg : c->yg <= 11 ? c->yg - 7 : c->yg - 12), 9, 3);

				if (pf >= c->school_start - 30)
					pf = c->school_start - 400;
				if (pf <= c->dob)
					pf = c->dob + 400;
				fmtday(pf, from);
				fmtday(c->school_start - 3, to);
				o_raw(&o, "      <setting>");
				o_elem(&o, "name", c->prev_school);
				o_fmt(&o, "<from>%s</from><to>%s</to></setting>\n", from, to);
			}
			fmtday(c->school_start, from);
			o_raw(&o, "      <setting>");
			o_elem(&o, "name", c->sch->name);
			o_fmt(&o, "<from>%s</from></setting>\n", from);
			o_raw(&o, "    </education-history>\n");
		}
		if (!c->uasc || rng_pct(&r, 50)) {
			static const char *const bf[] = {
				"Supervised contact with {his} mother once a fortnight at the family centre; indirect letterbox contact with {his} father.",
				"{N} sees {his} older sister every month and speaks to {his} grandmother by video call on Sundays.",
				"No direct contact with {his} father, in line with the court order; contact with maternal grandparents is monthly.",
				"{N}'s family are believed to be abroad; the Red Cross family tracing service is involved.",
				"Sibling contact with two younger brothers, placed separately, takes place every three weeks.",
			};
			o_raw(&o, "    <birth-family confidential=\"birth-family\">");
			PARA(&o, &x, &r, bf, 2);
			o_raw(&o, "</birth-family>\n");
		}
	}
	o_raw(&o, "  </child>\n  <people>\n");
	for (int i = 0; i < c->npeople; i++)
		put_person(&o, &c->people[i]);
	o_raw(&o, "  </people>\n  <terms>\n");
	for (int t = c->first_term; t < NTERMS; t++) {
		rng tr = term_rng(c, t);

		put_term(&o, &tr, c, t, meeting_date(c, t), meeting_date(c, t + 1));
	}
	o_raw(&o, "  </terms>\n</pep-record>\n");
	return o.rc;
}

/* Writer threads for sample_generate(). Making a record costs about 0.1 ms of CPU; writing it
 * atomically costs two fsyncs, which on a busy disk take milliseconds each, so a few threads
 * waiting on fsync at once make a cohort several times faster. Output does not depend on the
 * number of threads: record i is always the same bytes in child-(i+1).xml. */
enum { SAMPLE_WRITERS = 4 };

/* The work shared by the writer threads: the next record to make, and the first failure. */
typedef struct gen_job {
	const char *dir;
	long count;
	unsigned long seed;
	pthread_mutex_t lock;
	long next;      /* next record index to take (under lock) */
	int rc;         /* first failure, PK_OK until then (under lock) */
	pk_error err;   /* its message */
} gen_job;

/* Make and write one record (index i) with b as scratch. Returns PK_OK or a code with err set. */
static int gen_one(const gen_job *j, long i, pk_buf *b, pk_error *err)
{
	char path[PATH_MAX];
	int rc;

	buf_reset(b);
	rc = sample_record(b, i, j->count, j->seed);
	if (rc != PK_OK)
		return pk_error_set(err, rc, "cannot make record %ld: %s", i + 1,
				    rc == PK_ENOMEM ? "out of memory" : rc == PK_ELIMIT ? "record over the size cap" : "internal error");
	if (snprintf(path, sizeof(path), "%s/child-%06ld.xml", j->dir, i + 1) >= (int)sizeof(path))
		return pk_error_set(err, PK_EIO, "cannot write into '%s': path too long", j->dir);
	return atomic_write_file_ex(path, b->data, b->len, ATOMIC_DEFER_DIRSYNC, err);
}

/* Thread body: take record indexes until none are left or some thread has failed; the first
 * failure is kept in the job. Returns NULL. */
static void *gen_worker(void *arg)
{
	gen_job *j = arg;
	pk_buf b = PK_BUF_INIT;
	pk_error err;

	b.max = 16u << 20;
	pk_error_clear(&err);
	for (;;) {
		long i = -1;
		int rc;

		pthread_mutex_lock(&j->lock);
		if (j->rc == PK_OK && j->next < j->count)
			i = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i < 0)
			break;
		rc = gen_one(j, i, &b, &err);
		if (rc != PK_OK) {
			pthread_mutex_lock(&j->lock);
			if (j->rc == PK_OK) {
				j->rc = rc;
				j->err = err;
			}
			pthread_mutex_unlock(&j->lock);
			break;
		}
	}
	buf_free(&b);
	return NULL;
}

int sample_generate(const char *dir, long count, unsigned long seed, pk_error *err)
{
	gen_job j;
	pthread_t tid[SAMPLE_WRITERS];
	int started = 0;

	if (count < 1 || count > SAMPLE_MAX_CHILDREN)
		return pk_error_set(err, PK_EINVAL, "cannot make %ld records: the count must be from 1 to %ld",
				    count, SAMPLE_MAX_CHILDREN);
	if (atomic_mkdirs(dir, err) != PK_OK)
		return PK_EIO;
	atomic_clean_stale(dir);
	memset(&j, 0, sizeof(j));
	j.dir = dir;
	j.count = count;
	j.seed = seed;
	j.rc = PK_OK;
	if (pthread_mutex_init(&j.lock, NULL) != 0)
		return pk_error_set(err, PK_EINTERNAL, "cannot make records: no mutex");
	for (int t = 0; t < SAMPLE_WRITERS && t < count; t++) {
		if (pthread_create(&tid[t], NULL, gen_worker, &j) != 0)
			break;
		started++;
	}
	if (started == 0)
		gen_worker(&j);   /* no threads to be had: do the work here */
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&j.lock);
	if (j.rc != PK_OK && err)
		*err = j.err;
	if (j.rc == PK_OK)
		return atomic_sync_dir(dir, err);   /* the renames are durable only after this */
	return j.rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Attainment exports (sample_attainment): what each school's MIS would return for the latest
 * term, 2025-autumn, in the two shapes of the shipped profiles. The values are for subjects and
 * aspects the records do not have yet (so a merge adds them rather than conflicting with what
 * the records hold), on the grade scale the profiles give the child's key stage. Nursery
 * children (N1, N2) have no UPN and so no export rows. */

/* What is exported for the children of a band of year groups: two values each. */
static const struct xband {
	int yg_lo, yg_hi;
	enum { XS_ELG, XS_TA, XS_SCALED, XS_GCSE } scale;
	const char *subject[2], *aspect[2];   /* aspect NULL: none */
	int lo, hi;                           /* GCSE grades drawn from lo..hi */
} xbands[] = {
	{ 0, 0, XS_ELG, { "Understanding the world", "Expressive arts and design" },
	  { "The natural world", "Creating with materials" }, 0, 0 },
	{ 1, 5, XS_TA, { "Grammar, punctuation and spelling", "Science" }, { NULL, "Working scientifically" }, 0, 0 },
	{ 6, 6, XS_SCALED, { "Maths", "Grammar, punctuation and spelling" }, { "Test", "Test" }, 0, 0 },
	{ 7, 9, XS_GCSE, { "Religious Education", "Music" }, { NULL, NULL }, 1, 6 },
	{ 10, 11, XS_GCSE, { "Religious Studies", "Geography" }, { NULL, NULL }, 2, 8 },
	{ 12, 13, XS_GCSE, { "English (GCSE resit)", "Maths (GCSE resit)" }, { "Mock exam", "Mock exam" }, 2, 5 },
};

enum { XV = 2,                 /* values per pupil */
       XVLEN = 24,             /* room for one value */
       X_MAX_SCHOOLS = 300,    /* school_count()'s cap */
       X_UNKNOWN_YG = 9 };     /* the unknown pupil's year group */

#define X_TERM "Autumn 2025"   /* the term of every exported value (2025-autumn) */
#define X_NO_SCHOOL 0xFFFFu

/* One pupil's export: identity and values. */
typedef struct xpupil {
	char upn[14];
	const char *given, *family;
	int yg;
	const struct xband *band;
	char value[XV][XVLEN];
} xpupil;

/* The band of year group yg (0..13). */
static const struct xband *xband_for(int yg)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(xbands); i++)
		if (yg >= xbands[i].yg_lo && yg <= xbands[i].yg_hi)
			return &xbands[i];
	return NULL;
}

/* A realistic value on band b's scale into v (XVLEN bytes). */
static void xvalue(const struct xband *b, rng *r, char *v)
{
	static const char *const ta[] = { "HNM", "WTS", "EXS", "GDS" };
	static const unsigned ta_w[] = { 10, 35, 45, 10 };

	switch (b->scale) {
	case XS_ELG: snprintf(v, XVLEN, "%s", rng_pct(r, 75) ? "2" : "1"); break;
	case XS_TA: snprintf(v, XVLEN, "%s", ta[rng_weighted(r, ta_w, PK_ARRAY_LEN(ta_w))]); break;
	case XS_SCALED: snprintf(v, XVLEN, "%ld", rng_range(r, 88, 114)); break;
	default:
		if (rng_pct(r, 3))
			snprintf(v, XVLEN, "U");
		else
			snprintf(v, XVLEN, "%ld", rng_range(r, b->lo, b->hi));
	}
}

/* A value on b's scale different from v (the other school's record of it) into out (XVLEN bytes). */
static void xvalue_other(const struct xband *b, const char *v, char *out)
{
	long n = strtol(v, NULL, 10);

	switch (b->scale) {
	case XS_ELG: snprintf(out, XVLEN, "%s", strcmp(v, "2") ? "2" : "1"); break;
	case XS_TA: snprintf(out, XVLEN, "%s", strcmp(v, "EXS") ? "EXS" : "WTS"); break;
	case XS_SCALED: snprintf(out, XVLEN, "%ld", n > 100 ? n - 3 : n + 3); break;
	default:
		if (!strcmp(v, "U"))
			snprintf(out, XVLEN, "1");
		else
			snprintf(out, XVLEN, "%ld", n < 9 ? n + 1 : 8);
	}
}

/* A value that is not on b's scale (a typing slip) into out (XVLEN bytes). */
static void xvalue_bad(const struct xband *b, char *out)
{
	snprintf(out, XVLEN, "%s", b->scale == XS_ELG ? "3" : b->scale == XS_TA ? "EX5"
		 : b->scale == XS_SCALED ? "125" : "10");
}

/* Make child index of the cohort (as sample_record() does) into c, and its export into p
 * (names point into c). Returns 1, or 0 if the child has no UPN and so no export. */
static int xpupil_make(xpupil *p, child *c, long index, long count, unsigned long seed)
{
	rng r = rng_for(seed, 0, (uint64_t)index), vr;

	make_child(c, &r, index, count, seed);
	if (!c->upn[0])
		return 0;
	memset(p, 0, sizeof(*p));
	memcpy(p->upn, c->upn, sizeof(p->upn));
	p->given = c->given;
	p->family = c->family;
	p->yg = c->yg;
	p->band = xband_for(c->yg);
	vr = rng_for(seed, 301, (uint64_t)index);
	for (int k = 0; k < XV; k++)
		xvalue(p->band, &vr, p->value[k]);
	return p->band != NULL;
}

/* Append s to o as one CSV field (quoted if it holds a comma, quote or line break). */
static void x_field(out *o, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		o_raw(o, s);
		return;
	}
	o_raw(o, "\"");
	for (const char *q = s; *q; q++) {
		char one[2] = { *q, '\0' };

		o_raw(o, *q == '"' ? "\"\"" : one);
	}
	o_raw(o, "\"");
}

/* Append the long-shape rows of p to o, with upn in place of p's (a typing slip) when not
 * NULL, and value k replaced by swap (when swap is not NULL, only that row is written). */
static void x_long_rows(out *o, const xpupil *p, const char *upn, int k_swap, const char *swap,
			const char *date)
{
	for (int k = 0; k < XV; k++) {
		if (swap && k != k_swap)
			continue;
		x_field(o, upn ? upn : p->upn);
		o_raw(o, ",");
		x_field(o, p->family);
		o_raw(o, ",");
		x_field(o, p->given);
		o_raw(o, ",");
		x_field(o, p->band->subject[k]);
		o_raw(o, ",");
		x_field(o, p->band->aspect[k] ? p->band->aspect[k] : "");
		o_raw(o, ",");
		x_field(o, swap && k == k_swap ? swap : p->value[k]);
		o_fmt(o, "," X_TERM ",%s\r\n", date);
	}
}

/* The wide-shape year label of year group yg ("Reception", "Year 10"). */
static void x_year_label(int yg, char *s, size_t n)
{
	if (yg == 0)
		snprintf(s, n, "Reception");
	else
		snprintf(s, n, "Year %d", yg);
}

/* Append the wide-shape header for the year groups in mask to o. Column headers are Bromcom's
 * AssessmentType$Term$YearGroup$Subject: "Working At" for a subject, the aspect otherwise (the
 * profile reads an unlisted assessment type as the aspect). */
static void x_wide_header(out *o, uint32_t mask)
{
	char yl[16], h[200];

	o_raw(o, "UPN,Surname,Forename,Year");
	for (int yg = 0; yg <= 13; yg++) {
		const struct xband *b = xband_for(yg);

		if (!(mask & (1u << yg)))
			continue;
		x_year_label(yg, yl, sizeof(yl));
		for (int k = 0; k < XV; k++) {
			snprintf(h, sizeof(h), "%s$" X_TERM "$%s$%s", b->aspect[k] ? b->aspect[k] : "Working At",
				 yl, b->subject[k]);
			o_raw(o, ",");
			x_field(o, h);
		}
	}
	o_raw(o, ",Attendance %\n");
}

/* Append p's wide row (columns for the year groups in mask) to o, with upn in place of p's
 * when not NULL; value k_swap replaced by swap when swap is not NULL, and with only_swap the
 * other values left empty. Attendance is left empty (it comes from the attendance return). */
static void x_wide_row(out *o, const xpupil *p, uint32_t mask, const char *upn, int k_swap,
		       const char *swap, int only_swap)
{
	char yg[4];

	x_field(o, upn ? upn : p->upn);
	o_raw(o, ",");
	x_field(o, p->family);
	o_raw(o, ",");
	x_field(o, p->given);
	year_group_str(p->yg, yg, sizeof(yg));
	o_fmt(o, ",%s", yg);
	for (int g = 0; g <= 13; g++) {
		if (!(mask & (1u << g)))
			continue;
		for (int k = 0; k < XV; k++) {
			o_raw(o, ",");
			if (g != p->yg)
				continue;
			if (swap && k == k_swap)
				x_field(o, swap);
			else if (!only_swap)
				x_field(o, p->value[k]);
		}
	}
	o_raw(o, ",\n");
}

/* The planted problems: child indexes (-1: none) and the schools whose files carry the extra
 * rows. */
typedef struct xplant {
	long bad_upn, conflict, out_of_scale;
	size_t conflict_host, unknown_host;
	char bad_upn_text[14];     /* the mistyped UPN */
	xpupil conflict_pupil;     /* names point into conflict_child */
	child conflict_child;
	char conflict_value[XVLEN];
	xpupil unknown;
	int planted;               /* 0: none of the above (fewer than three pupils) */
} xplant;

/* Fill the unknown pupil of pl (a Year 9 pupil from another LA's school, not in care) using r. */
static void x_unknown(xplant *pl, rng *r)
{
	char body[40];
	xpupil *u = &pl->unknown;

	memset(u, 0, sizeof(*u));
	snprintf(body, sizeof(body), "873%04u%02d%03u", rng_below(r, 10000), (2025 - X_UNKNOWN_YG) % 100,
		 rng_below(r, 1000));
	u->upn[0] = sample_upn_check(body);
	memcpy(u->upn + 1, body, 13);
	u->given = "Nkechi";
	u->family = "Okonkwo-Hartley";
	u->yg = X_UNKNOWN_YG;
	u->band = xband_for(X_UNKNOWN_YG);
	for (int k = 0; k < XV; k++)
		xvalue(u->band, r, u->value[k]);
}

/* Write school s's two files (its pupils are order[0..n-1]) into dir/sims-long and
 * dir/bromcom-wide, with the planted rows pl puts there. b is scratch. Returns PK_OK or a
 * code with err set. */
static int x_school(const char *dir, size_t s, const long *order, long n, uint32_t mask,
		    long count, unsigned long seed, const xplant *pl, pk_buf *b, pk_error *err)
{
	school sc;
	child *c = NULL;
	xpupil p;
	char path[PATH_MAX], date[11], iso[11];
	rng dr = rng_for(seed, 302, s);
	int rc = PK_OK;
	out o = { b, PK_OK };

	c = malloc(sizeof(*c));
	if (c == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	make_school(&sc, seed, s);
	fmtday(weekday_on_or_after(mkday(2025, 11, 24) + rng_range(&dr, 0, 14)), iso);
	snprintf(date, sizeof(date), "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	for (int shape = 0; shape < 2 && rc == PK_OK; shape++) {
		buf_reset(b);
		o.rc = PK_OK;
		if (shape == 0)
			o_raw(&o, "\xEF\xBB\xBFUPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\n");
		else
			x_wide_header(&o, mask);
		for (long i = 0; i < n; i++) {
			const char *upn = order[i] == pl->bad_upn ? pl->bad_upn_text : NULL;
			char bad[XVLEN];

			if (!xpupil_make(&p, c, order[i], count, seed))
				continue;
			if (order[i] == pl->out_of_scale)
				xvalue_bad(p.band, bad);
			if (shape == 0)
				x_long_rows(&o, &p, upn, 0, order[i] == pl->out_of_scale ? bad : NULL, date);
			else
				x_wide_row(&o, &p, mask, upn, 0, order[i] == pl->out_of_scale ? bad : NULL, 0);
			if (order[i] == pl->out_of_scale && shape == 0)   /* the rest of its rows */
				x_long_rows(&o, &p, NULL, 1, p.value[1], date);
		}
		if (pl->planted && s == pl->conflict_host) {
			if (shape == 0)
				x_long_rows(&o, &pl->conflict_pupil, NULL, 0, pl->conflict_value, date);
			else
				x_wide_row(&o, &pl->conflict_pupil, mask, NULL, 0, pl->conflict_value, 1);
		}
		if (pl->planted && s == pl->unknown_host) {
			if (shape == 0)
				x_long_rows(&o, &pl->unknown, NULL, 0, NULL, date);
			else
				x_wide_row(&o, &pl->unknown, mask, NULL, 0, NULL, 0);
		}
		if (o.rc != PK_OK) {
			rc = pk_error_set(err, o.rc, "cannot make the attainment export of '%s': %s", sc.id,
					  o.rc == PK_ENOMEM ? "out of memory" : "internal error");
			break;
		}
		if (snprintf(path, sizeof(path), "%s/%s/%s.csv", dir, shape == 0 ? "sims-long" : "bromcom-wide",
			     sc.id) >= (int)sizeof(path)) {
			rc = pk_error_set(err, PK_EIO, "cannot write into '%s': path too long", dir);
			break;
		}
		rc = atomic_write_file_ex(path, b->data, b->len, ATOMIC_DEFER_DIRSYNC, err);
	}
	free(c);
	return rc;
}

/* The child index of the k-th (0-based) pupil with an export, in index order; -1 if none. */
static long x_kth(const uint16_t *sch, long count, long k)
{
	for (long i = 0; i < count; i++)
		if (sch[i] != X_NO_SCHOOL && k-- == 0)
			return i;
	return -1;
}

int sample_attainment(const char *dir, long count, unsigned long seed, sample_exports *info,
		      pk_error *err)
{
	uint16_t *sch = NULL;
	long *order = NULL, nper[X_MAX_SCHOOLS] = { 0 }, start[X_MAX_SCHOOLS + 1];
	long fill[X_MAX_SCHOOLS] = { 0 };
	uint32_t mask[X_MAX_SCHOOLS] = { 0 };
	xplant *pl = NULL;
	child *c = NULL;
	xpupil p;
	pk_buf b = PK_BUF_INIT;
	size_t nsch = school_count(count);
	long m = 0;
	char sub[PATH_MAX];
	int rc = PK_OK;

	memset(info, 0, sizeof(*info));
	if (count < 1 || count > SAMPLE_MAX_CHILDREN)
		return pk_error_set(err, PK_EINVAL, "cannot make %ld records: the count must be from 1 to %ld",
				    count, SAMPLE_MAX_CHILDREN);
	sch = malloc((size_t)count * sizeof(*sch));
	order = malloc((size_t)count * sizeof(*order));
	pl = calloc(1, sizeof(*pl));
	c = malloc(sizeof(*c));
	if (sch == NULL || order == NULL || pl == NULL || c == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	/* pass 1: who has an export, at which school, in which year groups */
	for (long i = 0; i < count; i++) {
		sch[i] = X_NO_SCHOOL;
		if (!xpupil_make(&p, c, i, count, seed))
			continue;
		sch[i] = (uint16_t)c->sch->index;
		nper[c->sch->index]++;
		mask[c->sch->index] |= 1u << p.yg;
		m++;
	}
	/* the planted problems, when there are at least three pupils to plant them on */
	pl->bad_upn = pl->conflict = pl->out_of_scale = -1;
	if (m >= 3) {
		rng r = rng_for(seed, 300, 0);
		long ka = (long)rng_below(&r, (uint32_t)m), kb, kc;
		size_t bs;

		kb = (ka + 1 + (long)rng_below(&r, (uint32_t)(m - 1))) % m;
		kc = (ka + 1) % m == kb ? (kb + 1) % m : (ka + 1) % m;
		if (kc == ka)
			kc = (kc + 1) % m;
		pl->bad_upn = x_kth(sch, count, ka);
		pl->conflict = x_kth(sch, count, kb);
		pl->out_of_scale = x_kth(sch, count, kc);
		/* the mistyped UPN: the check letter of another pupil */
		xpupil_make(&p, c, pl->bad_upn, count, seed);
		memcpy(pl->bad_upn_text, p.upn, sizeof(pl->bad_upn_text));
		pl->bad_upn_text[0] = upn_alpha[(strchr(upn_alpha, p.upn[0]) - upn_alpha + 1) % 23];
		/* the conflict: the pupil's previous school (the next school with pupils) still
		 * returns the first value, differently */
		xpupil_make(&pl->conflict_pupil, &pl->conflict_child, pl->conflict, count, seed);
		xvalue_other(pl->conflict_pupil.band, pl->conflict_pupil.value[0], pl->conflict_value);
		bs = sch[pl->conflict];
		pl->conflict_host = bs;
		for (size_t k = 1; k < nsch; k++)
			if (nper[(bs + k) % nsch] > 0) {
				pl->conflict_host = (bs + k) % nsch;
				break;
			}
		mask[pl->conflict_host] |= 1u << pl->conflict_pupil.yg;
		/* the unknown pupil: on the roll of the first school with pupils, not in care */
		x_unknown(pl, &r);
		for (pl->unknown_host = 0; nper[pl->unknown_host] == 0; pl->unknown_host++)
			;
		mask[pl->unknown_host] |= 1u << X_UNKNOWN_YG;
		memcpy(info->bad_upn, pl->bad_upn_text, sizeof(info->bad_upn));
		memcpy(info->conflict_upn, pl->conflict_pupil.upn, sizeof(info->conflict_upn));
		memcpy(info->unknown_upn, pl->unknown.upn, sizeof(info->unknown_upn));
		xpupil_make(&p, c, pl->out_of_scale, count, seed);
		memcpy(info->out_of_scale_upn, p.upn, sizeof(info->out_of_scale_upn));
		info->planted = pl->planted = 1;
	}
	/* pass 2: the pupils of each school in index order, then the files */
	start[0] = 0;
	for (size_t s = 0; s < nsch; s++)
		start[s + 1] = start[s] + nper[s];
	for (long i = 0; i < count; i++)
		if (sch[i] != X_NO_SCHOOL)
			order[start[sch[i]] + fill[sch[i]]++] = i;
	for (int shape = 0; shape < 2; shape++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, shape == 0 ? "sims-long" : "bromcom-wide");
		if ((rc = atomic_mkdirs(sub, err)) != PK_OK)
			goto out;
		atomic_clean_stale(sub);
	}
	b.max = 256u << 20;
	for (size_t s = 0; s < nsch; s++) {
		if (nper[s] == 0)
			continue;
		rc = x_school(dir, s, order + start[s], nper[s], mask[s], count, seed, pl, &b, err);
		if (rc != PK_OK)
			goto out;
		info->files++;
	}
	info->pupils = m;
	for (int shape = 0; shape < 2 && rc == PK_OK; shape++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, shape == 0 ? "sims-long" : "bromcom-wide");
		rc = atomic_sync_dir(sub, err);
	}
out:
	buf_free(&b);
	free(c);
	free(pl);
	free(order);
	free(sch);
	return rc;
}
