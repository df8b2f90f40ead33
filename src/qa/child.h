/*
 * child.h: what pepkit qa learns about one child's record, kept in memory for the run's three
 * outputs (qa-report.csv, pp-plus.csv, dashboard.html). Nothing here is copied from an element
 * the record marks confidential; reasons and findings are written by pepkit, not quoted. The
 * strings are owned by the qa_child and freed by qa_child_clear(), except when pooled: then all
 * but file live in one block of the run's pool (qa.c), freed with the pool.
 */
#ifndef PEPKIT_QA_CHILD_H
#define PEPKIT_QA_CHILD_H

#include "core/pepkit.h"
#include "qa/framework.h"
#include "qa/calendar.h"

/* What became of a record. */
enum { QA_CHILD_RATED = 0, QA_CHILD_NO_TERM, QA_CHILD_INVALID, QA_CHILD_UNREADABLE };

typedef struct qa_child {
	char *file;            /* the record's file name (no folder) */
	int status;
	char *problem;         /* why it was not rated (no record text), or NULL */
	char *id, *name, *school, *year, *key_stage;
	char *all_names;       /* preferred, given and family names, to withhold from PP+
	                        * purposes; freed once pp_plus() has run (not pooled) */
	int location_confidential;   /* the placement's location is confidential: school and PP+
	                              * purposes are not shown */
	char *term;            /* the rated term's id, or NULL */
	qa_rating rating;      /* pre-check (overall QA_UNRATED when not rated) */
	int confirmed;         /* adviser's confirmed rating for the term, or QA_UNRATED */
	char confirmed_date[11];
	char *adviser;         /* the adviser's person id */
	char *reasons;         /* "; "-separated, or "" */
	char *findings;        /* "; "-separated timescale findings, or "" */
	int nfindings;         /* late or missing items */
	int initial_applies, initial_on_time, current;
	int completed;         /* a PEP meeting is recorded for the completion term */
	double attendance;     /* rated term's percentage, or -1 */
	int exclusions;        /* exclusions in the rated term */
	double exclusion_days;
	long pp_requested, pp_payable;   /* pence, rated term */
	int pp_requests;
	char *pp_rows;         /* this child's pp-plus.csv request rows, or NULL */
	char *terms_held;      /* " ID ID " of terms with a PEP meeting */
	char digest[65];       /* SHA-256 of the record's bytes (core/fingerprint.h), or "" */
	int pooled;            /* the strings but file are in the run's pool: not freed one by one */
} qa_child;

/* Free the strings of c (file only, when pooled) and zero it. Accepts NULL. */
void qa_child_clear(qa_child *c);

#endif
