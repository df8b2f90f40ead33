/*
 * qa.h: pepkit qa, the Virtual School's oversight of a cohort: every record is validated (an
 * invalid record is reported, not rated), its PEP for the term rated with a QA framework, its
 * timescales checked against a council calendar, and its PP+ request judged payable or not.
 * Writes OUTDIR/qa-report.csv (one row per child), OUTDIR/pp-plus.csv (one row per PP+
 * request, then totals per school and term) and OUTDIR/dashboard.html (one self-contained page),
 * each atomically with mode 0600, holding the folder's lock (core/lock.h) throughout.
 *
 * Re-runs: OUTDIR/.pepkit-qa-valid lists the SHA-256 (core/fingerprint.h) of every record found
 * valid, under a header fingerprinting pepkit's version and schemas/pep.xsd; a record whose bytes
 * are listed is not validated again (its content, the schema and the validator are the same),
 * which halves the cost of the daily re-run. Any change to the record, the schema or the
 * version validates it afresh.
 */
#ifndef PEPKIT_QA_H
#define PEPKIT_QA_H

#include "core/pepkit.h"
#include "qa/calendar.h"

typedef struct qa_opts {
	const char *cohort_dir;      /* *.xml records, not recursive */
	const char *out_dir;         /* created if needed */
	const char *term;            /* term to rate; NULL: each record's latest term */
	const char *framework_path;  /* NULL: templates/qa-default.xml in the data folder */
	const char *calendar_path;   /* NULL: templates/calendar-england-2025-27.xml */
	qa_day today;                /* "today" for the timescales */
	int threads;                 /* 0: one per online core */
} qa_opts;

typedef struct qa_result {
	long total, rated, no_term, invalid, unreadable;
	long overall[5];             /* children by pre-check overall rating (index QA_RED..) */
	long late;                   /* children with late or missing items */
	long pp_requested, pp_payable;  /* pence */
	long revalidated;            /* records known valid from the last run (not validated again) */
	int accounted;               /* the run happened but its outputs could not be written: the
				      * counts above are true and every record not rated was printed
				      * on stderr */
	char report_csv[4096], pp_csv[4096], dashboard[4096];
} qa_result;

/* Resolve a framework or calendar name to a path: a name with a slash or ending ".xml" is a
 * path; otherwise templates/PREFIX-NAME.xml in the data folder (prefix "qa" or "calendar"). */
void qa_resolve(const char *prefix, const char *name, char *path, size_t size);

/*
 * Run the QA over o->cohort_dir. Returns PK_OK when every output was written (records may
 * still be invalid: see res), or a PK_E* code with err set when the run could not happen
 * (framework or calendar invalid, cohort unreadable, OUTDIR in use or not writable), or when
 * its outputs could not be written (a full disk; then res->accounted is set, the counts in res
 * are true and every record not rated was printed on stderr); then no output file is changed
 * (the three are written to temp files and synced before any is renamed into place).
 */
int qa_run(const qa_opts *o, qa_result *res, pk_error *err);

#endif
