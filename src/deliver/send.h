/*
 * send.h: `pepkit send` as library code: for every record (a file, or every *.xml in a cohort
 * folder) and its term, plan the deliveries (plan.h), render each reader's redacted copy through
 * the shared pipeline (batch/pipeline.h: redact, transform, render PDF), and deliver it by its
 * route: S/MIME or TLS-enforced or gateway email through the relay (mime.h, smtp.h), or onto
 * the post list (a print-ready PDF per recipient: covering letter, then the copy; and
 * post-list.csv for the post room). Every delivery goes through the send log (sendlog.h), so a
 * re-run sends only what has not been sent, and a crash never makes a silent duplicate.
 *
 * A dry run plans only: it writes the plan (CSV, and a readable table) and sends nothing, makes
 * no connection and opens no log.
 */
#ifndef PEPKIT_SEND_H
#define PEPKIT_SEND_H

#include "core/pepkit.h"
#include "core/buf.h"
#include "deliver/council.h"

#include <signal.h>
#include <stdio.h>

typedef struct send_opts {
	const council *council;
	const char *const *inputs;  /* record files or cohort folders */
	int ninputs;
	const char *term;           /* NULL: each record's latest term */
	const char *log_dir;        /* the send log's folder (created; locked for the run); NULL only
				     * for a dry run, which then touches no log folder */
	const char *post_dir;       /* the post list's folder (NULL: LOG_DIR/post) */
	int dry_run;
	int retry_unknown;          /* resend deliveries left `unknown` (same Message-ID) */
	int validate;               /* validate records first (1) */
	const char *plan_path;      /* dry run: where the plan CSV goes (NULL: nowhere) */
	FILE *table;                /* dry run: the readable plan table (NULL: none) */
	const char *password;       /* the relay password, already read (council_password) */
	long timeout;               /* seconds per message (0: default) */
	/* progress (may be NULL): records done of total, deliveries sent and failed so far */
	void (*progress)(void *ctx, long done, long total, long sent, long failed);
	void *progress_ctx;
	volatile sig_atomic_t *stop;  /* when set, no new record is started */
} send_opts;

/* What a run did. Every planned delivery is counted once in exactly one of the counters
 * from sent to invalid. */
typedef struct send_report {
	long records, records_failed, records_left;   /* left: not started after a stop */
	long planned;
	long sent;          /* accepted by the relay in this run */
	long already;       /* sent by an earlier run: not sent again */
	long posted;        /* on the post list (this run or before) */
	long failed;        /* not delivered (reason in the log and in problems) */
	long unknown;       /* the relay may or may not have it (not resent without retry_unknown) */
	long invalid;       /* could not be planned: nothing sent (reason in problems) */
	long not_due;       /* meeting records (PEP2) not planned: no meeting in the term yet */
	long by_route[5];   /* planned deliveries per plan_route */
	int connections;    /* SMTP sessions opened (0 when nothing needed email) */
	pk_buf problems;    /* one line per failed, unknown or invalid delivery or failed record;
			     * ids, roles and reasons, never names */
} send_report;

/* Run. Returns PK_OK when the run itself worked (deliveries may still have failed: see r), or a
 * PK_E* code with err set when it could not run (configuration, lock, log, pipeline).
 * r->problems is owned by the caller (buf_free) in both cases. */
int send_run(const send_opts *o, send_report *r, pk_error *err);

/* Print the log's per-state counts to f (NULL: none). The audit CSV (every delivery, never
 * content) goes to audit_path when not NULL. Takes the log folder's lock. PK_OK or a PK_E* code with err. */
int send_status(const char *log_dir, FILE *f, const char *audit_path, pk_error *err);

/* "Autumn 2025" for "2025-autumn" into buf. */
void send_term_label(const char *term, char *buf, size_t size);

#endif
