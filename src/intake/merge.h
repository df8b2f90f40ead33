/*
 * merge.h: merging school attainment exports (CSV) into PEP records.
 *
 * Two steps, so the same code serves `pepkit merge` (records on disk) and `pepkit pack`
 * (records in memory before rendering):
 *   1. merge_new() + merge_read_csv() for each export: rows are read streaming and checked
 *      (UTF-8, ragged rows, UPN check letter, term, date); each value lands in an index keyed
 *      by child key (UPN or LA child id), term, subject and aspect. Memory grows with the
 *      distinct (child, term, subject, aspect) values (unmatched keys included), not with the
 *      rows: a repeated value is a counter. Two different values for one key are a conflict,
 *      kept with both places.
 *   2. merge_apply() for each record: looks the child up, checks each value against the term
 *      list and the grade scale for the child's key stage, compares with what the record
 *      already holds, and only if nothing conflicts updates the DOM (result/@source names
 *      file:line). If anything conflicts, the record is left untouched ("held").
 * Then merge_report() accounts for every row; values never applied are "unmatched".
 *
 * Outcomes (each counted in rows; a wide row carrying several values counts once per value):
 *   merged     the value was written to the record
 *   duplicate  the same value again (in the exports or already in the record): harmless
 *   conflict   different values for one child, term, subject and aspect (between rows, or
 *              between a row and the record); the child's record is not written
 *   held       a good value of a child whose record is not written because of a conflict
 *   unmatched  no record has the row's key
 *   rejected   the row or value cannot be used (reason given: bad UPN, ragged row, invalid
 *              UTF-8, out-of-scale result, term not in the record, ...)
 * A term the record does not have is rejected, never added (terms carry dates and a kind the
 * export does not know).
 *
 * Thread safety: merge_read_csv() must not run concurrently with anything else on the index;
 * merge_apply() may be called from several threads at once (it takes the index's lock).
 */
#ifndef PEPKIT_MERGE_H
#define PEPKIT_MERGE_H

#include "core/pepkit.h"
#include "core/buf.h"
#include "intake/mapping.h"

#include <libxml/tree.h>

typedef struct merge_index merge_index;

enum merge_outcome { MERGE_MERGED, MERGE_DUPLICATE, MERGE_CONFLICT, MERGE_HELD,
		     MERGE_UNMATCHED, MERGE_REJECTED, MERGE_NOUTCOMES };

/* What merge_apply() did to a record. */
enum { MERGE_APPLY_NONE = 0,     /* no data for this child, or nothing new */
       MERGE_APPLY_CHANGED = 1,  /* the DOM was updated */
       MERGE_APPLY_HELD = 2 };   /* a conflict: the DOM is untouched and must not be written */

typedef struct merge_counts {
	unsigned long files, rows, values;     /* data rows read (headers excluded) */
	unsigned long n[MERGE_NOUTCOMES];      /* rows per outcome (see above) */
	unsigned long records_changed, records_held;
} merge_counts;

/* A new empty index for profile map (borrowed; must outlive the index). default_term (may be
 * NULL; copied) is the term id for rows with no term column or an empty term. NULL on OOM. */
merge_index *merge_new(const mapping *map, const char *default_term);
/* Free the index and everything it holds. Accepts NULL. */
void merge_free(merge_index *ix);

/* Read one export into the index. Row problems are recorded, not returned. Returns PK_OK;
 * PK_EINVAL if the header lacks a column the profile needs or cannot be read; PK_ELIMIT for a
 * field over the size cap; PK_EIO; PK_ENOMEM. After a failure the index keeps the rows read
 * before it, and the caller should not write any record. */
int merge_read_csv(merge_index *ix, const char *path, pk_error *err);

/* Read every *.csv in a folder (sorted by name), or path itself if it is a file. Same returns. */
int merge_read_path(merge_index *ix, const char *path, pk_error *err);

/* Merge the index's values for the child of record doc (name is used in messages). Returns
 * MERGE_APPLY_NONE, MERGE_APPLY_CHANGED or MERGE_APPLY_HELD (see above), or a negative PK_E*
 * code with err set (doc may then be partly updated: do not write it). */
int merge_apply(merge_index *ix, xmlDocPtr doc, const char *name, pk_error *err);

/* Finish: values never applied become unmatched. Fills counts (if not NULL); appends the report
 * as CSV to csv (if not NULL): header "outcome,file,line,key,term,subject,aspect,value,rows,
 * reason", one line per row rejected as a whole (bad UPN, ragged, invalid UTF-8, bad term or
 * date) and one per distinct value with the rows that gave it, so the rows column sums to the
 * row rejections plus the values (the rows read, for a long export without attendance). At
 * most 10,000 row rejections are listed one by one; the rest are one line with their count.
 * For each problem (conflict, held, unmatched, rejected), calls fn (if not NULL) with one
 * message naming file and line. Returns PK_OK or PK_ENOMEM. May be called once. */
int merge_report(merge_index *ix, merge_counts *counts, pk_buf *csv,
		 void (*fn)(void *ctx, const char *msg), void *ctx);

/* Check a UPN's shape and check letter. Returns 1 if valid; else 0 with *why (if not NULL)
 * saying what is wrong ("check letter is 'C', expected 'B'", in a static or thread buffer). */
int merge_upn_valid(const char *upn, const char **why);

#endif
