/*
 * deposit.h: render the record copies (audience "record": the full, unredacted copy) of a
 * cohort's or some records' documents as PDF/A-2b through batch/pipeline.h and deposit them in
 * a store (archive/store.h), optionally also PUT over WebDAV (archive/dav.h). One bad record
 * never stops the others; the run report accounts for every document: deposited, already held
 * (same bytes), failed with the reason, or not processed (interrupted).
 */
#ifndef PEPKIT_DEPOSIT_H
#define PEPKIT_DEPOSIT_H

#include "core/pepkit.h"
#include "core/buf.h"
#include "archive/store.h"
#include "archive/dav.h"
#include "intake/merge.h"

#include <signal.h>

typedef struct deposit_opts {
	const char *const *inputs;   /* cohort folders (their *.xml, not recursive) or record files */
	int ninputs;
	const char *term;            /* term id, or NULL for each record's latest term */
	const char *const *docs;     /* document types ("pep1", "pep2") */
	int ndocs;
	int validate;                /* 1: validate every record first */
	dav_target *dav;             /* NULL, or also PUT each document there */
	merge_index *attainment;     /* NULL, or merged into each record first (as pack does) */
	/* Called after each document (serialised; may be NULL). */
	void (*progress)(void *ctx, long done, long total);
	void *ctx;
	volatile sig_atomic_t *stop; /* non-zero: start no new record */
} deposit_opts;

typedef struct deposit_result {
	long records, documents;     /* records found, documents expected */
	long deposited, held, failed, not_processed;
	long sent;                   /* stored on the WebDAV server (with o->dav) */
	long dav_held;               /* found on the WebDAV server as an earlier run stored them
				      * (the same bytes, checked): not sent again */
	char dav_stopped[400];       /* "" or why the run sent nothing more to the WebDAV server
				      * (it did not answer in time): every later document's
				      * transfer failed with this reason */
	double render_cpu_s;         /* CPU seconds rendering, and wall seconds storing */
	double store_s;
	char report[4200];           /* the report file written (STORE/reports/deposit-*.csv); ""
				      * when it could not be written: its rows went to stderr. Set
				      * when deposit_run() fails after the report was renamed into
				      * place but its folder could not be synced */
} deposit_result;

/* Run a deposit into s. Returns PK_OK when the run completed and its report was written
 * (documents may still have failed: see res), or a PK_E* code with err set when it could not
 * run (no inputs readable, pipeline not loadable) or its report could not be written (then the
 * run's counts in res are still true and every report row was printed on stderr). */
int deposit_run(archive_store *s, const deposit_opts *o, deposit_result *res, pk_error *err);

#endif
