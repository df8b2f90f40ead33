/*
 * framework.h: a Virtual School's PEP quality-assurance framework as data
 * (schemas/qa-framework.xsd): areas of checks over one term of a PEP record, the rating each
 * failed check gives, the overall rule, the council's timescales and its PP+ rule. Rating a
 * term gives each area's rating, the overall rating and the reasons in words, written from the
 * framework's own text and from counts, dates and ids, never by quoting the record's text.
 *
 * Threads: framework_load() in the main thread; the framework is then read-only. Each thread
 * rates with its own evaluator (framework_eval_new), which holds compiled XPath expressions.
 */
#ifndef PEPKIT_QA_FRAMEWORK_H
#define PEPKIT_QA_FRAMEWORK_H

#include "core/pepkit.h"
#include "core/buf.h"

#include <libxml/tree.h>

/* Ratings, lowest first; QA_UNRATED for "not rated". */
enum { QA_UNRATED = 0, QA_RED = 1, QA_AMBER = 2, QA_GREEN = 3, QA_GOLD = 4 };

#define FRAMEWORK_MAX_AREAS 20

typedef struct qa_timescales {
	int initial_days, initial_unit;       /* unit: QA_SCHOOL_DAYS or QA_WORKING_DAYS */
	int new_school_days, new_school_unit;
	int pep2_months;
	int ehcp_review_months;
} qa_timescales;

typedef struct qa_framework qa_framework;
typedef struct qa_eval qa_eval;

/* A term's ratings. */
typedef struct qa_rating {
	int area[FRAMEWORK_MAX_AREAS];
	int overall;
	int failed_checks;
} qa_rating;

/* "red", "amber", "green", "gold" ("" for QA_UNRATED); and back (QA_UNRATED if unknown). */
const char *qa_rating_name(int r);
int qa_rating_parse(const char *s);

/* Load path, checked against schemas/qa-framework.xsd after a safe parse, and every XPath in it
 * compiled once. PK_OK with *out set (free with framework_free), or PK_EINVAL/PK_EIO/PK_ENOMEM
 * with err naming the file, line and field; *out NULL. */
int framework_load(const char *path, qa_framework **out, pk_error *err);
void framework_free(qa_framework *f);

const char *framework_name(const qa_framework *f);
int framework_top(const qa_framework *f);
int framework_nareas(const qa_framework *f);
const char *framework_area_id(const qa_framework *f, int i);
const char *framework_area_name(const qa_framework *f, int i);
const qa_timescales *framework_timescales(const qa_framework *f);
/* PP+ rule: payable only at or above threshold; at most per_term_pence a child a term (0: no
 * cap). */
int framework_pp_threshold(const qa_framework *f);
long framework_pp_per_term(const qa_framework *f);

/* A per-thread evaluator. NULL when out of memory. Free with framework_eval_free. */
qa_eval *framework_eval_new(const qa_framework *f);
void framework_eval_free(qa_eval *e);

/* Rate term (a <term> element of a valid record). Fills *r and appends the reasons, each
 * "AREA NAME: reason" and separated by "; ", to reasons. Returns PK_OK, PK_ENOMEM or
 * PK_ELIMIT (the buffer's cap), or PK_EINTERNAL when an expression could not be evaluated
 * (e.g. over its operation limit) with err set. */
int framework_rate(qa_eval *e, xmlNodePtr term, qa_rating *r, pk_buf *reasons, pk_error *err);

#endif
