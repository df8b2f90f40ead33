/*
 * dashboard.h: dashboard.html, the Virtual School's one page over a QA run: one
 * self-contained file (inline CSS, inline SVG charts, a small inline script, the children's rows
 * as inline JSON; no network, no external files, a Content-Security-Policy that forbids both),
 * marked OFFICIAL-SENSITIVE at the top. It shows the KPIs, per-school completion and PP+
 * totals, charts (ratings by school, attendance distribution, completion by term) and a table
 * of children that sorts and filters by school, rating, key stage and "late". It holds only
 * what qa_child holds: nothing from the record's confidential elements.
 */
#ifndef PEPKIT_QA_DASHBOARD_H
#define PEPKIT_QA_DASHBOARD_H

#include "core/pepkit.h"
#include "core/buf.h"
#include "qa/child.h"
#include "qa/calendar.h"
#include "qa/framework.h"

typedef struct qa_dash {
	const qa_child *rows;
	long n;
	const qa_framework *fw;
	const qa_calendar *cal;
	qa_day today;
	const char *term;              /* --term, or NULL */
	const char *completion_term;   /* the term "completed" counts, or NULL */
} qa_dash;

/* Append the page to out. PK_OK, PK_ENOMEM or PK_ELIMIT (out's cap). */
int dashboard_build(const qa_dash *d, pk_buf *out);

#endif
