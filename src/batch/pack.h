/*
 * pack.h: the termly pack, pepkit's main job. Every record in a cohort folder becomes one
 * document per requested type, format and audience, written atomically (0600) under
 * OUTDIR/[AUDIENCE/]SCHOOL/CHILDID-TERM-DOC[-AUDIENCE].EXT, by a pool of worker threads (two per
 * core, so that the cores stay busy while workers wait on disk syncs). One bad record never stops the others. The run report accounts for every input
 * (done, skipped because its documents are already up to date, failed with the reason, or not
 * processed because the run was interrupted) and is written to OUTDIR/pack-report.csv and
 * OUTDIR/pack-summary.txt; with attainment exports, OUTDIR/merge-report.csv accounts for every
 * export row. A re-run after an interruption skips what is done and finishes the
 * rest; temp files left by a killed run are removed first.
 */
#ifndef PEPKIT_PACK_H
#define PEPKIT_PACK_H

#include "core/pepkit.h"
#include "intake/merge.h"
#include "batch/pipeline.h"

#include <signal.h>
#include <time.h>

typedef struct pack_opts {
	const char *cohort_dir;   /* folder of records (*.xml, not recursive) */
	const char *out_dir;      /* created if needed */
	const char *term;         /* term id, or NULL for each record's latest term */
	int formats;              /* PIPELINE_PDF | PIPELINE_DOCX */
	int threads;              /* worker threads; 0: two per online core */
	int force;                /* 1: re-render even when outputs are up to date */
	/* Called (serialised, from any thread) after each record; may be NULL. */
	void (*progress)(void *ctx, long done, long total, long failed);
	void *progress_ctx;
	volatile sig_atomic_t *stop;  /* when it becomes non-zero, no new record is started */
	/* Attainment exports read into an index (merge.h), merged into each record in memory
	 * after validation and before rendering (the record is validated again when it changed).
	 * A child with a conflict fails with that reason. NULL: no merge. */
	merge_index *attainment;
	struct timespec inputs_mtime;  /* newest mtime of other inputs (the exports): outputs older
					* than it are not up to date */
} pack_opts;

typedef struct pack_result {
	long total;          /* records found */
	long done;           /* documents written for them */
	long skipped;        /* outputs already up to date */
	long failed;         /* with a reason in the report */
	long not_processed;  /* interrupted before they were started */
	long documents;      /* documents written in this run */
	char report_csv[4096];
	char summary_txt[4096];
	merge_counts merge;  /* with o->attainment: what became of every export row */
	char merge_csv[4096];
} pack_result;

/*
 * Run the pack with pipeline p (loaded with the document types and audiences wanted).
 * Returns PK_OK when the run completed and its report was written (records may still have
 * failed: see res), or a PK_E* code with err set when the run could not happen at all (cohort
 * folder unreadable, output folder or report not writable).
 */
int pack_run(const pipeline *p, const pack_opts *o, pack_result *res, pk_error *err);

/* Write the readable summary of res (as in pack-summary.txt, without the failure list) to f. */
void pack_print_summary(const pack_result *res, const char *out_dir, void *f);

#endif
