/*
 * timescale.c: the PEP timescale rules (see timescale.h). Day counts follow the rule's unit
 * (school or working days) where the rule is set in days, and calendar days where it is set in
 * months or at the end of a term.
 */
#include "core/pepkit.h"
#include "qa/timescale.h"

#include <stdio.h>
#include <string.h>

#define MAX_TARGET_FINDINGS 5

/* The first element child of n named name, or NULL. */
static xmlNodePtr el(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, (const xmlChar *)name) == 0)
			return c;
	return NULL;
}

/* The date in element n's text (or attribute attr when not NULL); -1 when absent or bad. */
static qa_day date_of(xmlNodePtr n, const char *attr)
{
	xmlChar *s;
	qa_day d = -1;

	if (n == NULL)
		return -1;
	s = attr ? xmlGetProp(n, (const xmlChar *)attr) : xmlNodeGetContent(n);
	if (s == NULL || qa_day_parse((const char *)s, &d) != 0)
		d = -1;
	xmlFree(s);
	return d;
}

/* Is attribute attr of n equal to value? */
static int attr_is(xmlNodePtr n, const char *attr, const char *value)
{
	xmlChar *s = xmlGetProp(n, (const xmlChar *)attr);
	int r = s && strcmp((const char *)s, value) == 0;

	xmlFree(s);
	return r;
}

struct say {
	pk_buf *b;
	int rc;
	qa_timeliness *t;
};

/* Append one finding. */
static void say(struct say *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct say *s, const char *fmt, ...)
{
	char text[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	s->t->findings++;
	if (s->rc == PK_OK)
		s->rc = buf_printf(s->b, "%s%s", s->b->len ? "; " : "", text);
}

/* "school" or "working". */
static const char *unit_name(int unit)
{
	return unit == QA_WORKING_DAYS ? "working" : "school";
}

/* " (outside the calendar: counted as working days)" when a school-day count used dates the
 * calendar does not cover, else "". */
static const char *outside(const qa_calendar *cal, int unit, qa_day a, qa_day b)
{
	if (unit == QA_SCHOOL_DAYS && (!calendar_covers(cal, a) || !calendar_covers(cal, b)))
		return " (partly outside the calendar's terms: counted as working days there)";
	return "";
}

/* A PEP due n days of unit after start: the first term of kind (after or on start) with a
 * meeting is checked against the deadline. Used for the initial and new-school rules. */
static void due_after(struct say *s, const qa_calendar *cal, xmlNodePtr terms, const char *rule,
		      const char *kind, const char *event, qa_day start, int n, int unit, qa_day today,
		      int *applies, int *on_time)
{
	xmlNodePtr first = el(terms, "term"), found = NULL;
	qa_day deadline, held = -1, first_start = date_of(first, "start");
	char ds[11], dd[11], dh[11], dt[11];

	*applies = *on_time = 0;
	if (start < 0)
		return;
	for (xmlNodePtr t = first; t; t = t->next) {
		if (t->type != XML_ELEMENT_NODE || !attr_is(t, "kind", kind))
			continue;
		held = date_of(el(t, "meeting"), "date");
		if (held < 0 || held >= start) {
			found = t;
			break;
		}
	}
	/* a PEP from before the record's history is not judged */
	if (found == NULL && (first_start < 0 || start < first_start))
		return;
	*applies = 1;
	deadline = calendar_add(cal, start, n, unit);
	qa_day_format(start, ds);
	qa_day_format(deadline, dd);
	if (found != NULL && held < 0) {
		say(s, "%s: the %s PEP has no meeting date (%s %s; due by %s, %d %s days later)", rule,
		    kind, event, ds, dd, n, unit_name(unit));
		return;
	}
	if (found != NULL) {
		qa_day_format(held, dh);
		if (held <= deadline) {
			*on_time = 1;
			return;
		}
		say(s, "%s: held %s, due by %s (%d %s days after %s %s): %d %s days late%s", rule, dh, dd,
		    n, unit_name(unit), event, ds, calendar_count(cal, deadline, held, unit),
		    unit_name(unit), outside(cal, unit, start, held));
		return;
	}
	if (today > deadline) {
		qa_day_format(today, dt);
		say(s, "%s: none recorded; due by %s (%d %s days after %s %s): %d %s days over on %s%s",
		    rule, dd, n, unit_name(unit), event, ds, calendar_count(cal, deadline, today, unit),
		    unit_name(unit), dt, outside(cal, unit, start, today));
	}
}

int timescale_check(const qa_timescales *ts, const qa_calendar *cal, xmlDocPtr doc, qa_day today,
		    qa_timeliness *t, pk_buf *out)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), child = el(root, "child"), terms = el(root, "terms");
	xmlNodePtr school = el(child, "school"), last_term = NULL, send = el(child, "send");
	qa_day entered = date_of(el(child, "entered-care"), NULL), prev = -1, first_start;
	struct say s = { out, PK_OK, t };
	char d1[11], d2[11], d3[11];
	int dummy, target_findings = 0, targets_more = 0;

	memset(t, 0, sizeof(*t));
	t->last_meeting = -1;
	/* 1. initial PEP after entering care */
	due_after(&s, cal, terms, "initial PEP", "initial", "entering care on", entered, ts->initial_days,
		  ts->initial_unit, today, &t->initial_applies, &t->initial_on_time);
	/* 2. a new PEP after a change of school while in care */
	if (school != NULL) {
		qa_day started = date_of(el(school, "start-date"), NULL);

		if (started > entered)
			due_after(&s, cal, terms, "new school PEP", "new-school", "starting school on", started,
				  ts->new_school_days, ts->new_school_unit, today, &dummy, &dummy);
	}
	/* 4. PEP2 within N months of the previous meeting; 6. targets past due */
	for (xmlNodePtr tm = el(terms, "term"); tm; tm = tm->next) {
		qa_day m;

		if (tm->type != XML_ELEMENT_NODE)
			continue;
		last_term = tm;
		m = date_of(el(tm, "meeting"), "date");
		if (m >= 0) {
			if (prev >= 0 && m > qa_day_add_months(prev, ts->pep2_months)) {
				qa_day due = qa_day_add_months(prev, ts->pep2_months);

				qa_day_format(prev, d1);
				qa_day_format(due, d2);
				qa_day_format(m, d3);
				say(&s, "PEP2 interval: meeting on %s came %ld days after the %d months from %s (due by %s)",
				    d3, (long)(m - due), ts->pep2_months, d1, d2);
			}
			prev = m;
		}
		for (xmlNodePtr g = el(el(tm, "targets"), "target"); g; g = g->next) {
			qa_day due;
			xmlChar *id;

			if (g->type != XML_ELEMENT_NODE)
				continue;
			due = date_of(g, "due");
			if (due < 0 || due >= today || el(g, "evaluation") != NULL ||
			    !(attr_is(g, "status", "in-progress") || attr_is(g, "status", "not-started")))
				continue;
			if (target_findings++ >= MAX_TARGET_FINDINGS) {
				targets_more++;
				t->findings++;
				continue;
			}
			id = xmlGetProp(g, (const xmlChar *)"id");
			qa_day_format(due, d1);
			say(&s, "target review: target %.40s was due %s and is not evaluated (%d school days over%s)",
			    id ? (const char *)id : "?", d1, calendar_count(cal, due, today, QA_SCHOOL_DAYS),
			    outside(cal, QA_SCHOOL_DAYS, due, today));
			xmlFree(id);
		}
	}
	if (targets_more > 0) {
		t->findings--;
		say(&s, "target review: %d more targets past due and not evaluated", targets_more);
	}
	t->last_meeting = prev;
	if (prev >= 0) {
		qa_day due = qa_day_add_months(prev, ts->pep2_months);

		t->current = today <= due;
		if (today > due) {
			qa_day_format(prev, d1);
			qa_day_format(due, d2);
			say(&s, "PEP2 interval: no meeting since %s; due by %s (%d months): %ld days over",
			    d1, d2, ts->pep2_months, (long)(today - due));
		}
	}
	/* 5. the next meeting date set and not past */
	if (last_term != NULL) {
		xmlNodePtr nx = el(last_term, "next-meeting");
		qa_day next = date_of(nx, NULL);

		if (nx == NULL) {
			say(&s, "next meeting: no date set in the latest PEP");
		} else if (next >= 0 && next < today && prev < next) {
			qa_day_format(next, d1);
			say(&s, "next meeting: planned for %s, which has passed (%ld days ago) with no meeting recorded",
			    d1, (long)(today - next));
		}
	}
	/* 3. a PEP every term: each term of the calendar that has ended, from the record's first
	 * term (and the child's entering care) on, needs a PEP meeting recorded for it */
	first_start = date_of(el(terms, "term"), "start");
	for (int i = 0; i < calendar_nterms(cal) && first_start >= 0; i++) {
		const qa_term *ct = calendar_term_i(cal, i);
		int held = 0;

		if (ct->end >= today || ct->end < first_start || ct->end < entered)
			continue;
		for (xmlNodePtr tm = el(terms, "term"); tm && !held; tm = tm->next)
			held = tm->type == XML_ELEMENT_NODE && attr_is(tm, "id", ct->id) &&
			       el(tm, "meeting") != NULL;
		if (!held) {
			qa_day_format(ct->end, d1);
			say(&s, "termly PEP: none recorded for %s (the term ended %s, %ld days ago)", ct->id, d1,
			    (long)(today - ct->end));
		}
	}
	/* 7. EHCP annual review */
	if (send != NULL) {
		xmlNodePtr st = el(send, "status");
		xmlChar *v = st ? xmlNodeGetContent(st) : NULL;

		if (v && strcmp((const char *)v, "ehcp") == 0) {
			qa_day last = date_of(el(send, "ehcp-review-date"), NULL);

			if (last < 0)
				last = date_of(el(send, "ehcp-date"), NULL);
			if (last < 0) {
				say(&s, "EHCP annual review: the child has an EHCP but no plan or review date is recorded");
			} else {
				qa_day due = qa_day_add_months(last, ts->ehcp_review_months);

				if (today > due) {
					qa_day_format(last, d1);
					qa_day_format(due, d2);
					say(&s, "EHCP annual review: last %s, due by %s (%d months): %ld days over", d1, d2,
					    ts->ehcp_review_months, (long)(today - due));
				}
			}
		}
		xmlFree(v);
	}
	return s.rc;
}
