/*
 * sendlog.h: the durable send log of `pepkit send`: an SQLite database (FOLDER/send-log.sqlite,
 * mode 0600, WAL journal, synchronous=FULL so every commit is on disk) with one row per
 * delivery, keyed by the delivery key: the fingerprint of (child, term, document, recipient,
 * hash of the copy). A changed copy is therefore a new delivery.
 *
 * States: queued -> sending -> sent | failed (reason) | refused (on the post list) | unknown.
 * The caller commits `sending` before it connects; sendlog_open() turns rows a crashed run left
 * in `sending` into `unknown` (the relay may or may not have the message), which are sent again
 * only on request. The log holds who was sent which copy, as which reader, by which route, when,
 * and the relay's reply: never the content. The caller holds the folder's lock (core/lock.h).
 */
#ifndef PEPKIT_SENDLOG_H
#define PEPKIT_SENDLOG_H

#include "core/pepkit.h"
#include "core/buf.h"

#define SENDLOG_FILE "send-log.sqlite"
/* Kept beside the log once it has queued a delivery: a log found empty or missing while this
 * file is there was lost, and is refused rather than started again (every delivery resent). */
#define SENDLOG_MARK ".pepkit-send-log"

typedef struct sendlog sendlog;

typedef struct sendlog_row {
	char key[65];
	char child[64], term[32], document[16];
	char person[64], role[32];
	char recipient[320];    /* the address, or "" for a recipient with none */
	char audience[40];
	char route[16];         /* smime, tls, gateway, post, none */
	char copy_hash[65];
	char message_id[160];
	char state[12];         /* queued, sending, sent, failed, refused, unknown */
	char reason[512];
	char reply[512];
	int attempts;
	char updated[32];       /* UTC, ISO 8601 */
} sendlog_row;

/* Open (creating if needed) FOLDER/send-log.sqlite. *recovered gets the number of rows moved
 * from `sending` to `unknown`. PK_OK and *out, or PK_EIO with err (then *out is NULL): also when
 * FOLDER/SENDLOG_MARK says the folder's log recorded deliveries but the log is missing, empty or
 * without its table (nothing is created then), or holds fewer deliveries made than the mark
 * recorded at the end of the last run (an older copy: sendlog_seal). */
int sendlog_open(const char *dir, sendlog **out, int *recovered, pk_error *err);
void sendlog_close(sendlog *l);

/* Look a delivery up by key: 1 and *row filled if found, 0 if not, PK_EIO on error. */
int sendlog_get(sendlog *l, const char *key, sendlog_row *row, pk_error *err);

/* Insert the row as queued if its key is new (an existing row is left as it is); the first
 * call of an open log first writes FOLDER/SENDLOG_MARK (atomically). PK_OK or PK_EIO. Call inside sendlog_begin/sendlog_commit to queue many rows with one sync. */
int sendlog_queue(sendlog *l, const sendlog_row *row, pk_error *err);

/* Set a row's state (and reason/reply; NULL leaves them) and its time; `sending` also counts an
 * attempt. Committed (on disk) when this returns PK_OK outside a transaction. */
int sendlog_set(sendlog *l, const char *key, const char *state, const char *reason,
		const char *reply, pk_error *err);

/*
 * Make refused (post list) row key the newest of its child, term, document and person, when a
 * later refused row of the same group is newer (the record went back to an earlier version: its
 * copy is current again). Returns 1 if it moved (its seq and time renewed), 0 if it was the
 * newest already or is not refused, or PK_EIO (negative) with err.
 */
int sendlog_make_newest(sendlog *l, const char *key, pk_error *err);

/* The log's own id (32 hex digits, made with the log and kept in it): a copy of the log is the
 * same log. Valid while l is open. */
const char *sendlog_id(const sendlog *l);

/* A value the log keeps about itself (its table meta): 1 and buf (size bytes) filled, 0 and ""
 * if it has none, PK_EIO (negative) with err. */
int sendlog_meta_get(sendlog *l, const char *key, char *buf, size_t size, pk_error *err);
/* Keep value under key (replacing one). PK_OK or PK_EIO with err. */
int sendlog_meta_set(sendlog *l, const char *key, const char *value, pk_error *err);

/* At the end of a run: write into the folder's mark (if the log has one) how many deliveries
 * the log has made (sent, or on the post list). A log later found holding fewer (an older copy
 * restored, a disk rolled back) is refused by sendlog_open, which would otherwise send them
 * again. PK_OK or PK_EIO with err. */
int sendlog_seal(sendlog *l, pk_error *err);

int sendlog_begin(sendlog *l, pk_error *err);
int sendlog_commit(sendlog *l, pk_error *err);

/* Count rows per state into counts (indexes: queued, sending, sent, failed, refused, unknown). */
int sendlog_counts(sendlog *l, long counts[6], pk_error *err);
/* The state names in the order of sendlog_counts(). */
extern const char *const sendlog_states[6];

/* The audit: one CSV row per delivery (core/csvw.h) with a header, appended to out. state_filter
 * NULL for every row, else only rows in that state. PK_OK, PK_EIO or PK_ENOMEM. */
int sendlog_export_csv(sendlog *l, const char *state_filter, pk_buf *out, pk_error *err);

/* Call fn for every row (in key order of insertion). Stops when fn returns non-zero. */
int sendlog_each(sendlog *l, int (*fn)(void *ctx, const sendlog_row *row), void *ctx, pk_error *err);

#endif
