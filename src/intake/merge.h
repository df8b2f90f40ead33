/*
 * merge.h: merging school attainment exports (CSV) into PEP records.
 *
 * Exports are read as they come (csvread.h: encoding by byte-order mark, else UTF-8 if valid,
 * else the profile's encoding; comma, semicolon or tab; a header row anywhere in the first 20
 * lines, under title rows). Each file is read with one profile: the one given to merge_new(),
 * or else the profile (merge_add_profile) whose key and required columns its header row has,
 * the one with most columns found winning. A file that cannot be read (encoding, no header row,
 * no profile, a cap) is rejected as a whole: its reason is in the report, its rows count as
 * rejected (lines after the header, or all non-blank lines less one when no header was found),
 * and reading goes on with the next file.
 *
 * Newer data wins: every value has an as-of date, the row's date, else a date in a title row
 * above the header (the file's declared date), else the file's modification date (the file
 * date is data here, never an up-to-date decision). For one child, term, subject and aspect
 * the value with the latest as-of date wins and older different values are "superseded"; only
 * two different values with the same latest as-of date are a conflict. Against the record: a
 * result whose @date (attendance: @as-of) is older is replaced (the new value keeps its
 * source); a newer one stays (the export's value is superseded); the same date, or no date,
 * with a different value is a conflict.
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
 *      merge_judge_file() judges a record file the same way without a DOM (SAX events), for
 *      a first pass over a cohort on disk where most records do not change.
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
 *              bytes in a column pepkit uses, out-of-scale result, term not in the record,
 *              the file was rejected, ...)
 *   superseded an older value replaced by a newer one (in the exports or in the record)
 *   blank      a blank row (or only delimiters), or a result meaning "no result" (X, -, N/A)
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

#include "core/xmlsafe.h"

#include <libxml/tree.h>

typedef struct merge_index merge_index;

enum merge_outcome { MERGE_MERGED, MERGE_DUPLICATE, MERGE_CONFLICT, MERGE_HELD,
		     MERGE_UNMATCHED, MERGE_REJECTED, MERGE_SUPERSEDED, MERGE_BLANK,
		     MERGE_NOUTCOMES };

/* What merge_apply() did to a record. */
enum { MERGE_APPLY_NONE = 0,     /* no data for this child, or nothing new */
       MERGE_APPLY_CHANGED = 1,  /* the DOM was updated */
       MERGE_APPLY_HELD = 2 };   /* a conflict: the DOM is untouched and must not be written */

typedef struct merge_counts {
	unsigned long files, rows, values;     /* data rows read (headers excluded) */
	unsigned long files_rejected;          /* files that could not be read as a whole */
	unsigned long n[MERGE_NOUTCOMES];      /* rows per outcome (see above) */
	unsigned long records_changed, records_held;
} merge_counts;

/* A new empty index for profile map (borrowed; must outlive the index), or for profiles
 * matched per file (map NULL: add them with merge_add_profile). default_term (may be NULL;
 * copied) is the term id for rows with no term column or an empty term. NULL on OOM. */
merge_index *merge_new(const mapping *map, const char *default_term);

/* Add a profile (borrowed; must outlive the index) that files are matched against when the
 * index has no one profile. PK_OK or PK_ENOMEM. */
int merge_add_profile(merge_index *ix, const mapping *m);

/* Values that an earlier, interrupted run wrote (its journal): each line of the CSV at path,
 * shaped as merge-report.csv, with outcome "merged". A value found in a record that such a line
 * names is reported as merged (by that run), not as a duplicate. A missing file is no journal.
 * PK_OK, PK_EIO or PK_ENOMEM. Call before merge_apply(). */
int merge_load_journal(merge_index *ix, const char *path, pk_error *err);

/* What became of one child's export rows, for the pack's report (after merge_report()). */
typedef struct merge_child_info {
	unsigned long merged;      /* rows whose value was written (or was already there) */
	unsigned long rejected;    /* rows rejected (as rows, as values, or in a rejected file) */
	unsigned long other;       /* conflict, held, superseded */
	int school_file_rejected;  /* a file from the child's school was rejected as a whole */
} merge_child_info;

/*
 * Fill *out for the record merge_apply() saw as name. A file rejected as a whole is
 * attributed to a school by the keys (UPN or LA child id of a record) written in it: the
 * schools of the records whose key it holds (school URN, else name) "sent" it, and every
 * child of those schools is marked. A file that names no known child is attributed to none
 * (it is still in the report). Returns 1 if name was seen, else 0 (*out zeroed).
 * Not thread-safe: call after every merge_apply() has returned.
 */
int merge_child_summary(merge_index *ix, const char *name, merge_child_info *out);
/* Free the index and everything it holds. Accepts NULL. */
void merge_free(merge_index *ix);

/* Read one export into the index. Row problems are recorded, not returned, and so is a file
 * that cannot be read (rejected as a whole, see above). Returns PK_OK, or PK_ENOMEM (then the
 * caller should not write any record). */
int merge_read_csv(merge_index *ix, const char *path, pk_error *err);

/* merge_read_csv() with profile m for this file only (whatever the index's profiles). */
int merge_read_csv_map(merge_index *ix, const char *path, const mapping *m, pk_error *err);

/* Read every *.csv and *.txt in a folder and in its subfolders (at most 8 deep; names in
 * order, those starting with '.' skipped), or path itself if it is a file. Same returns, and
 * PK_ELIMIT for folders nested deeper. */
int merge_read_path(merge_index *ix, const char *path, pk_error *err);

/* Before any merge_apply(): tell the index that the record file name (the string later given
 * to merge_apply()) has this UPN and child id (either may be NULL or ""), so that a key two
 * records share is known before either gets rows: every row of such a key is then rejected,
 * naming both files, and merge_apply() writes it into neither. (merge_apply() notices a second
 * record itself too, but only from then on: enough for a caller that applies every record
 * twice, as the merge command does.) */
void merge_claim_keys(merge_index *ix, const char *name, const char *upn, const char *laid);

/* Merge the index's values for the child of record doc (name is used in messages). Returns
 * MERGE_APPLY_NONE, MERGE_APPLY_CHANGED or MERGE_APPLY_HELD (see above), or a negative PK_E*
 * code with err set (doc may then be partly updated: do not write it). */
int merge_apply(merge_index *ix, xmlDocPtr doc, const char *name, pk_error *err);

/* merge_apply() for the record file at path (also its name) without a tree: the file is parsed
 * with xp through SAX (core/xmlsafe.h), every value of its child is judged as merge_apply()
 * judges it (outcomes, counts, the record noted for merge_child_summary()), and the return
 * value says what merge_apply() would have done to its tree (MERGE_APPLY_CHANGED: a value is
 * to be written). Nothing is written. Returns that, or a negative PK_E* code with err set: the
 * file cannot be read or is not well-formed XML (the messages of xmlsafe_read_file()), or out
 * of memory. For a first pass over records most of which do not change. */
int merge_judge_file(merge_index *ix, xmlsafe_parser *xp, const char *path, pk_error *err);

/* Finish: values never applied become unmatched. Fills counts (if not NULL); appends the report
 * as CSV to csv (if not NULL; core/csvw.h, every field quoted): header "outcome,file,line,key,
 * term,subject,aspect,value,rows,reason"; first one line per file with outcome "file" and rows
 * 0 saying how it was read (encoding, delimiter, header line, profile and whether it was
 * matched, the as-of date of undated rows and where it came from); then one line per rejected
 * file, one per row rejected as a whole (bad UPN, ragged, invalid bytes, bad term or date), one
 * per file for blank and no-result rows, and one per distinct value with the rows that gave it,
 * so the rows column sums to the row rejections plus the values plus the blank rows (the rows
 * read, for a long export without attendance). At
 * most 10,000 row rejections are listed one by one; the rest are one line with their count.
 * For each problem (conflict, held, unmatched, rejected), calls fn (if not NULL) with one
 * message naming file and line. Returns PK_OK or PK_ENOMEM. May be called once. */
int merge_report(merge_index *ix, merge_counts *counts, pk_buf *csv,
		 void (*fn)(void *ctx, const char *msg), void *ctx);

/* Check a UPN's shape and check letter. Returns 1 if valid; else 0 with *why (if not NULL)
 * saying what is wrong ("check letter is 'C', expected 'B'", in a static or thread buffer). */
int merge_upn_valid(const char *upn, const char **why);

#endif
