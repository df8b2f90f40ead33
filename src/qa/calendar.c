/*
 * calendar.c: school days and working days from a council's calendar file (see calendar.h),
 * and the date arithmetic pepkit qa needs (civil dates to day numbers and back, after Howard
 * Hinnant's public-domain algorithms).
 */
#include "core/pepkit.h"
#include "qa/calendar.h"
#include "core/civil.h"
#include "core/xmlsafe.h"
#include "core/xsd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HOLIDAYS 200
#define MAX_CLOSURES 600   /* 30 terms x 20 closures (the schema's caps) */

struct qa_calendar {
	char name[201];
	int nterms;
	qa_term terms[CALENDAR_MAX_TERMS];
	int nbreaks;
	qa_day brk[CALENDAR_MAX_TERMS * 10][2];
	int nclosed;                    /* bank holidays and closures, sorted */
	qa_day closed[MAX_HOLIDAYS + MAX_CLOSURES];
	int nholidays;                  /* bank holidays only, sorted */
	qa_day holidays[MAX_HOLIDAYS];
};

/* Days in month m (1..12) of year y. */
static unsigned month_days(long y, unsigned m)
{
	static const unsigned n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

int qa_day_parse(const char *s, qa_day *out)
{
	unsigned y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	/* every digit checked above: read them directly (sscanf was 1% of a qa run) */
	y = (unsigned)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'));
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*out = civil_days(y, m, d);
	return 0;
}

void qa_day_format(qa_day d, char out[11])
{
	long y;
	unsigned m, dd;

	char tmp[32];

	civil_from_days(d, &y, &m, &dd);
	snprintf(tmp, sizeof(tmp), "%04ld-%02u-%02u", y % 10000, m % 100, dd % 100);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

int qa_day_weekday(qa_day d)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0) */
	long w = (d + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

qa_day qa_day_add_months(qa_day d, int months)
{
	long y, total;
	unsigned m, dd, last;

	civil_from_days(d, &y, &m, &dd);
	total = y * 12 + (long)(m - 1) + months;
	y = total >= 0 ? total / 12 : (total - 11) / 12;
	m = (unsigned)(total - y * 12) + 1;
	last = month_days(y, m);
	return civil_days(y, m, dd > last ? last : dd);
}

/* qsort/bsearch: day numbers ascending. */
static int cmp_day(const void *a, const void *b)
{
	qa_day x = *(const qa_day *)a, y = *(const qa_day *)b;

	return x < y ? -1 : x > y;
}

/* Read date attribute name of n into *out. PK_OK or PK_EINVAL with err naming file and line
 * (the schema has already said it is an xs:date; this also bounds the year). */
static int date_attr(xmlNodePtr n, const char *name, const char *path, qa_day *out, pk_error *err)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	int rc = v != NULL && qa_day_parse((const char *)v, out) == 0 ? PK_OK : PK_EINVAL;

	xmlFree(v);
	if (rc != PK_OK)
		pk_error_set(err, PK_EINVAL, "'%s' line %ld: %s/@%s: not a date between 1900 and 2199",
			     path, xmlGetLineNo(n), (const char *)n->name, name);
	return rc;
}

int calendar_load(const char *path, qa_calendar **out, pk_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	qa_calendar *c = NULL;
	int rc;

	*out = NULL;
	doc = xsd_read_valid(path, "calendar.xsd", "calendar", err);
	if (doc == NULL)
		return err ? err->code : PK_EINVAL;
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	{
		xmlChar *nm = xmlGetProp(root, (const xmlChar *)"name");

		snprintf(c->name, sizeof(c->name), "%s", nm ? (const char *)nm : "");
		xmlFree(nm);
	}
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(n->name, (const xmlChar *)"term") == 0) {
			qa_term *t = &c->terms[c->nterms];
			xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");

			snprintf(t->id, sizeof(t->id), "%s", id ? (const char *)id : "");
			xmlFree(id);
			if ((rc = date_attr(n, "start", path, &t->start, err)) != PK_OK ||
			    (rc = date_attr(n, "end", path, &t->end, err)) != PK_OK)
				goto out;
			if (t->end < t->start || (c->nterms > 0 && t->start <= c->terms[c->nterms - 1].end)) {
				rc = pk_error_set(err, PK_EINVAL, "'%s' line %ld: term: ends before it starts, or "
						  "starts before the previous term ends", path, xmlGetLineNo(n));
				goto out;
			}
			for (xmlNodePtr b = n->children; b; b = b->next) {
				if (b->type != XML_ELEMENT_NODE)
					continue;
				if (xmlStrcmp(b->name, (const xmlChar *)"break") == 0) {
					qa_day *s = c->brk[c->nbreaks];

					if ((rc = date_attr(b, "start", path, &s[0], err)) != PK_OK ||
					    (rc = date_attr(b, "end", path, &s[1], err)) != PK_OK)
						goto out;
					if (s[1] < s[0] || s[0] < t->start || s[1] > t->end) {
						rc = pk_error_set(err, PK_EINVAL, "'%s' line %ld: break: not inside its "
								  "term, or ends before it starts", path, xmlGetLineNo(b));
						goto out;
					}
					c->nbreaks++;
				} else {
					if ((rc = date_attr(b, "date", path, &c->closed[c->nclosed], err)) != PK_OK)
						goto out;
					c->nclosed++;
				}
			}
			c->nterms++;
		} else {
			qa_day d;

			if ((rc = date_attr(n, "date", path, &d, err)) != PK_OK)
				goto out;
			c->holidays[c->nholidays++] = d;
			c->closed[c->nclosed++] = d;
		}
	}
	qsort(c->closed, (size_t)c->nclosed, sizeof(qa_day), cmp_day);
	qsort(c->holidays, (size_t)c->nholidays, sizeof(qa_day), cmp_day);
	*out = c;
	c = NULL;
	rc = PK_OK;
out:
	free(c);
	xmlFreeDoc(doc);
	return rc;
}

void calendar_free(qa_calendar *c)
{
	free(c);
}

const char *calendar_name(const qa_calendar *c)
{
	return c->name;
}

/* 1 if d is in the sorted array a of n days. */
static int in_sorted(const qa_day *a, int n, qa_day d)
{
	return bsearch(&d, a, (size_t)n, sizeof(qa_day), cmp_day) != NULL;
}

int calendar_covers(const qa_calendar *c, qa_day d)
{
	return c->nterms > 0 && d >= c->terms[0].start && d <= c->terms[c->nterms - 1].end;
}

int calendar_is_working_day(const qa_calendar *c, qa_day d)
{
	return qa_day_weekday(d) < 5 && !in_sorted(c->holidays, c->nholidays, d);
}

int calendar_is_school_day(const qa_calendar *c, qa_day d)
{
	int in_term = 0;

	if (!calendar_covers(c, d))
		return calendar_is_working_day(c, d);
	if (qa_day_weekday(d) >= 5 || in_sorted(c->closed, c->nclosed, d))
		return 0;
	for (int i = 0; i < c->nterms && !in_term; i++)
		in_term = d >= c->terms[i].start && d <= c->terms[i].end;
	for (int i = 0; i < c->nbreaks && in_term; i++)
		if (d >= c->brk[i][0] && d <= c->brk[i][1])
			return 0;
	return in_term;
}

/* Is d a day of kind unit? */
static int is_day(const qa_calendar *c, qa_day d, int unit)
{
	return unit == QA_WORKING_DAYS ? calendar_is_working_day(c, d) : calendar_is_school_day(c, d);
}

qa_day calendar_add(const qa_calendar *c, qa_day d, int n, int unit)
{
	/* at most 3650 counted days; a year has at least ~190 school days in any calendar this
	 * accepts, and days outside it count as working days, so the walk is bounded */
	if (n > 3650)
		n = 3650;
	for (long guard = 0; n > 0 && guard < 40000; guard++) {
		d++;
		if (is_day(c, d, unit))
			n--;
	}
	return d;
}

int calendar_count(const qa_calendar *c, qa_day a, qa_day b, int unit)
{
	int n = 0;

	if (b - a > 40000)
		b = a + 40000;
	for (qa_day d = a + 1; d <= b; d++)
		n += is_day(c, d, unit);
	return n;
}

const qa_term *calendar_term(const qa_calendar *c, const char *id)
{
	for (int i = 0; i < c->nterms; i++)
		if (strcmp(c->terms[i].id, id) == 0)
			return &c->terms[i];
	return NULL;
}

const qa_term *calendar_term_at(const qa_calendar *c, qa_day d)
{
	const qa_term *t = NULL;

	for (int i = 0; i < c->nterms && c->terms[i].start <= d; i++)
		t = &c->terms[i];
	return t;
}

int calendar_nterms(const qa_calendar *c)
{
	return c->nterms;
}

const qa_term *calendar_term_i(const qa_calendar *c, int i)
{
	return i >= 0 && i < c->nterms ? &c->terms[i] : NULL;
}
