/*
 * pack.h: the termly pack, pepkit's main job. Every record in a cohort folder becomes one
 * document per requested type, format and audience, written atomically (0600) under
 * OUTDIR/AUDIENCE/SCHOOL/CHILDID-TERM-DOC[-AUDIENCE].EXT (the default full record copy:
 * OUTDIR/record/SCHOOL/CHILDID-TERM-DOC.EXT), by a pool of worker threads (two per core, so that
 * the cores stay busy while workers wait on disk syncs). One bad record never stops the others.
 *
 * Up to date is decided by content: OUTDIR/.pepkit-manifest (core/manifest.h) holds, for every
 * output, the fingerprint of everything that shaped it (the record's bytes as parsed, the merged
 * record when exports changed it, the mapping profiles, the stylesheets, schemas, audience
 * profile, format, pepkit version and options); a re-run makes exactly the outputs whose
 * fingerprint changed, never deciding by modification times.
 *
 * A run takes OUTDIR's lock (core/lock.h: a second run into the same folder is refused),
 * removes temp files a killed run left (holding the lock), checks OUTDIR takes a file, moves
 * the previous reports aside (NAME.previous.EXT), then renders. Two records with the same child
 * id both fail (a first pass reads every record's child id). The run report accounts for every
 * input (done, skipped because its documents are up to date, failed with the reason, or not
 * processed because the run was interrupted) in OUTDIR/pack-report.csv and
 * OUTDIR/pack-summary.txt; a failed record's documents from an earlier run are kept and listed
 * there as stale, with the date they were made (those this run wrote before the record failed
 * are listed as written, not stale). With attainment exports, OUTDIR/merge-report.csv accounts
 * for every export row.
 *
 * An output is current only if the file is still the one the pack wrote: the manifest also
 * holds each output's SHA-256 as written, checked before it is skipped; a damaged, truncated or
 * replaced document is made again and the report says so.
 *
 * Obsolete outputs are not left looking current: a document of an earlier run that this run
 * made again under another school folder or child id (the placement became location-
 * confidential: "withheld"; the school or the id changed), and every document of a record no
 * longer in the cohort, is removed at the end of the run, if it is still the file the pack
 * wrote (its SHA-256 as recorded; else it is kept and said), and listed in the report
 * ("removed_documents"; a record no longer in the cohort gets a row with status "removed").
 * Documents of other document types, formats or audiences than this run's, and of records not
 * processed, are left as they are. Files the pack did not write are never removed.
 *
 * With RECORDS_DIR (--records-out), its lock is taken too and the temp files a killed run left
 * there are removed.
 */
#ifndef PEPKIT_PACK_H
#define PEPKIT_PACK_H

#include "core/pepkit.h"
#include "intake/merge.h"
#include "batch/pipeline.h"

#include <signal.h>
#include <time.h>

typedef struct pack_opts {
	const char *cohort_dir;   /* folder of records (*.xml, any case) */
	int recursive;            /* 1: and the records in its subfolders (e.g. one per school) */
	const char *out_dir;      /* created if needed */
	const char *term;         /* term id, or NULL for each record's latest term */
	int formats;              /* PIPELINE_PDF | PIPELINE_DOCX */
	int full_copy;            /* 1: the pipeline's one audience is the default full record copy
				   * ("record"): file names carry no audience suffix */
	int threads;              /* worker threads; 0: two per online core */
	int force;                /* 1: re-render even when outputs are up to date */
	/* Called (serialised, from any thread) after each record; may be NULL. */
	void (*progress)(void *ctx, long done, long total, long failed);
	void *progress_ctx;
	/* Called in the main thread, in input order, for each failed record once the run is over
	 * and before the report is written (so a caller can show every reason even when the
	 * report cannot be written): the reason, and its stale documents ("KEY (made DATE); ...")
	 * or NULL. May be NULL. */
	void (*on_failure)(void *ctx, const char *reason, const char *stale);
	void *failure_ctx;
	volatile sig_atomic_t *stop;  /* when it becomes non-zero, no new record is started */
	/* Attainment exports read into an index (merge.h), merged into each record in memory
	 * after validation and before rendering (the record is validated again when it changed).
	 * A child with a conflict fails with that reason. NULL: no merge. */
	merge_index *attainment;
	/* The fingerprint (core/fingerprint.h) of the mapping profiles the exports were read
	 * with; part of the fingerprint of every record the merge changed. */
	const char *profiles_fp;
	/* With attainment: write every record that merged without conflict, as merged, to
	 * RECORDS_DIR/NAME (atomically), so the folder is next term's cohort. NULL: don't. */
	const char *records_dir;
	/* Called in the main thread, once the run is over, for each obsolete output (see the
	 * header comment): key is its path under OUTDIR, why it is no longer current, and kept
	 * NULL when it was removed, else why it was not (it changed since the pack wrote it...).
	 * May be NULL. */
	void (*on_obsolete)(void *ctx, const char *key, const char *why, const char *kept);
	void *obsolete_ctx;
} pack_opts;

typedef struct pack_result {
	long total;          /* records found */
	long done;           /* documents written for them */
	long skipped;        /* outputs already up to date */
	long failed;         /* with a reason in the report */
	long not_processed;  /* interrupted before they were started */
	long documents;      /* documents written in this run */
	long stale;          /* documents of failed records kept from an earlier run */
	long remade;         /* documents made again: the file was not the one the pack wrote */
	long removed;        /* obsolete documents of an earlier run removed */
	long obsolete_kept;  /* obsolete documents not removed: changed since the pack wrote them */
	int accounted;       /* 1 once the counts above are final (even if the report then failed) */
	char report_csv[4096];
	char summary_txt[4096];
	merge_counts merge;  /* with o->attainment: what became of every export row */
	char merge_csv[4096];
} pack_result;

/*
 * Run the pack with pipeline p (loaded with the document types and audiences wanted).
 * Returns PK_OK when the run completed and its report was written (records may still have
 * failed: see res), or a PK_E* code with err set: PK_EINVAL for an empty cohort, PK_EBUSY when
 * another run holds OUTDIR, PK_EIO when the cohort cannot be read, OUTDIR is not writable or the
 * manifest or report cannot be written. When res->accounted is 1 the run itself happened and
 * res counts it (only the report failed; res->report_csv is then "").
 */
int pack_run(const pipeline *p, const pack_opts *o, pack_result *res, pk_error *err);

/* Write the readable summary of res (as in pack-summary.txt, without the failure list) to f. */
void pack_print_summary(const pack_result *res, const char *out_dir, void *f);

#endif
