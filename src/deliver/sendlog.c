/*
 * sendlog.c: the SQLite send log (sendlog.h).
 */
#include "core/pepkit.h"
#include "deliver/sendlog.h"
#include "core/csvw.h"
#include "core/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct sendlog {
	sqlite3 *db;
	char path[4200];
	char mark[4200];   /* FOLDER/SENDLOG_MARK: this folder's log has recorded a delivery */
	int marked;        /* the mark is on disk */
	char id[33];       /* the log's own id (sendlog_id), "" until read */
	sqlite3_stmt *get, *queue, *set;
};

const char *const sendlog_states[6] = { "queued", "sending", "sent", "failed", "refused", "unknown" };

#define COLS "key, child, term, document, person, role, recipient, audience, route, copy_hash, " \
	     "message_id, state, reason, reply, attempts, updated"

/* The log's format, kept in SQLite's user_version (0 in a log made before it was kept: the
 * same format). A log of a higher one is refused. */
#define SENDLOG_FORMAT 1
#define PK_STR_(x) #x
#define PK_STR(x) PK_STR_(x)

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS delivery ("
	" seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	" key TEXT NOT NULL UNIQUE, child TEXT NOT NULL, term TEXT NOT NULL, document TEXT NOT NULL,"
	" person TEXT NOT NULL, role TEXT NOT NULL, recipient TEXT NOT NULL, audience TEXT NOT NULL,"
	" route TEXT NOT NULL, copy_hash TEXT NOT NULL, message_id TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','failed','refused','unknown')),"
	" reason TEXT NOT NULL DEFAULT '', reply TEXT NOT NULL DEFAULT '',"
	" attempts INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL, updated TEXT NOT NULL);"
	/* sendlog_make_newest() looks up a recipient's other copies of a document */
	"CREATE INDEX IF NOT EXISTS delivery_group ON delivery(child, term, document, person);";

/* Set err from the database's last message. Returns PK_EIO. */
static int db_error(sendlog *l, pk_error *err, const char *what)
{
	return pk_error_set(err, PK_EIO, "send log '%s': %s: %s", l->path, what, sqlite3_errmsg(l->db));
}

/* Now as UTC ISO 8601 into buf (32 bytes). */
static void now_iso(char *buf)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* 1 if the open database has the delivery table (or cannot be read: SQLite's own error then
 * comes from the next statement), 0 if it has none (a new, empty or foreign file). */
static int has_deliveries_table(sendlog *l)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sqlite3_prepare_v2(l->db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='delivery'", -1, &q,
			       NULL) != SQLITE_OK)
		return 1;
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	return rc != SQLITE_DONE;
}

/* The mark's text; "made N" is the deliveries made (sent or on the post list) when it was
 * written. */
#define MARK_TEXT "pepkit send: this folder's send log (" SENDLOG_FILE ") has recorded deliveries.\n" \
		  "If the log is lost, restore it from a backup: a new log would send every delivery again.\n"

/* Deliveries made: rows sent or refused (post list). No row ever leaves those states, so the
 * count only grows; a log holding fewer than a run left it with was rolled back. -1 on error. */
static long made_count(sendlog *l)
{
	sqlite3_stmt *q = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(l->db, "SELECT count(*) FROM delivery WHERE state IN ('sent','refused')", -1, &q,
			       NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* Write the mark with made deliveries (atomically). PK_OK or PK_EIO with err. */
static int write_mark(sendlog *l, long made, pk_error *err)
{
	char text[400];
	int n = snprintf(text, sizeof(text), MARK_TEXT "made %ld\n", made < 0 ? 0 : made);

	return atomic_write_file(l->mark, text, (size_t)n, err) == PK_OK ? PK_OK : PK_EIO;
}

/* Put the folder's mark on disk (once per open log) before the first delivery is queued, so a
 * log lost later is noticed (sendlog_open). PK_OK or PK_EIO with err. */
static int mark_folder(sendlog *l, pk_error *err)
{
	if (l->marked)
		return PK_OK;
	if (write_mark(l, made_count(l), err) != PK_OK)
		return PK_EIO;
	l->marked = 1;
	return PK_OK;
}

int sendlog_seal(sendlog *l, pk_error *err)
{
	long made;

	if (l == NULL || !l->marked)
		return PK_OK;
	if ((made = made_count(l)) < 0)
		return db_error(l, err, "cannot count the deliveries made");
	return write_mark(l, made, err);
}

/* The log's id: a random 128-bit hex string made with the log and kept in its table meta, so a
 * copy of the log (restored, moved) is still the same log. PK_OK or PK_EIO with err. */
static int read_id(sendlog *l, pk_error *err)
{
	sqlite3_stmt *q = NULL;
	unsigned char r[16];
	int rc = PK_OK;

	if (sqlite3_exec(l->db, "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);", NULL,
			 NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(l->db, "SELECT value FROM meta WHERE key='log-id'", -1, &q, NULL) != SQLITE_OK)
		return db_error(l, err, "cannot read its id");
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_bytes(q, 0) == 32)
		snprintf(l->id, sizeof(l->id), "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (l->id[0])
		return PK_OK;
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return pk_error_set(err, PK_EIO, "send log '%s': cannot make its id: %s", l->path, strerror(errno));
	for (int i = 0; i < 16; i++)
		snprintf(l->id + 2 * i, 3, "%02x", r[i]);
	if (sqlite3_prepare_v2(l->db, "INSERT INTO meta(key, value) VALUES('log-id', ?1)", -1, &q, NULL) != SQLITE_OK)
		return db_error(l, err, "cannot record its id");
	sqlite3_bind_text(q, 1, l->id, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = db_error(l, err, "cannot record its id");
	sqlite3_finalize(q);
	return rc;
}

const char *sendlog_id(const sendlog *l)
{
	return l->id;
}

int sendlog_meta_get(sendlog *l, const char *key, char *buf, size_t size, pk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(l->db, "SELECT value FROM meta WHERE key=?1", -1, &q, NULL) != SQLITE_OK)
		return db_error(l, err, "cannot read");
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_error(l, err, "cannot read");
}

int sendlog_meta_set(sendlog *l, const char *key, const char *value, pk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = PK_OK;

	if (sqlite3_prepare_v2(l->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", -1, &q, NULL) != SQLITE_OK)
		return db_error(l, err, "cannot write");
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = db_error(l, err, "cannot write");
	sqlite3_finalize(q);
	return rc;
}

/* The deliveries made that the mark recorded ("made N"), or -1 when it records none (a mark
 * written before it did, or unreadable). */
static long mark_made(const sendlog *l)
{
	char buf[1024], *p;
	ssize_t n;
	int fd = open(l->mark, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if ((p = strstr(buf, "\nmade ")) == NULL || p[6] < '0' || p[6] > '9')
		return -1;
	return strtol(p + 6, NULL, 10);
}

int sendlog_open(const char *dir, sendlog **out, int *recovered, pk_error *err)
{
	sendlog *l;
	struct stat st;
	int fd, rc = PK_EIO;
	char *msg = NULL;

	*out = NULL;
	*recovered = 0;
	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	snprintf(l->path, sizeof(l->path), "%s/%s", dir, SENDLOG_FILE);
	snprintf(l->mark, sizeof(l->mark), "%s/%s", dir, SENDLOG_MARK);
	/* a link planted at the log (or its journals) would make pepkit create or write the file
	 * it points to */
	if (atomic_no_links(l->path, 1, err) != PK_OK || atomic_no_links(l->mark, 0, err) != PK_OK)
		goto out;   /* rc is PK_EIO */
	l->marked = lstat(l->mark, &st) == 0;
	/* a log lost (deleted, truncated by a fault, a sync or a restore) while the folder says it
	 * held deliveries: starting a new one would send every delivery again */
	if (l->marked && (lstat(l->path, &st) != 0 ? errno == ENOENT : st.st_size == 0)) {
		pk_error_set(err, PK_EIO, "send log '%s' is empty or missing but this folder has recorded deliveries "
			     "('%s'): a new log would send them all again: restore the send log from a backup, "
			     "or remove '%s' to start a new log", l->path, l->mark, l->mark);
		goto out;
	}
	/* create the file ourselves so it is 0600 from the start; SQLite gives its -wal and -shm
	 * files the same mode */
	fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		pk_error_set(err, PK_EIO, "cannot open the send log '%s': %s", l->path, strerror(errno));
		goto out;
	}
	fchmod(fd, 0600);
	close(fd);
	if (sqlite3_open_v2(l->path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		db_error(l, err, "cannot open");
		goto out;
	}
	sqlite3_busy_timeout(l->db, 5000);
	if (l->marked && !has_deliveries_table(l)) {
		pk_error_set(err, PK_EIO, "send log '%s' holds no deliveries table but this folder has recorded "
			     "deliveries ('%s'): a new log would send them all again: restore the send log from a "
			     "backup, or remove '%s' to start a new log", l->path, l->mark, l->mark);
		goto out;
	}
	if (l->marked) {
		/* a log restored from an older copy, or a disk or VM rolled back, has forgotten the
		 * deliveries made since: a run would send them all again */
		long want = mark_made(l), have = made_count(l);

		if (want >= 0 && have >= 0 && have < want) {
			pk_error_set(err, PK_EIO, "send log '%s' records %ld deliveries made, but %ld were made by the "
				     "end of the last run ('%s'): it is an older copy (restored from a backup, or rolled "
				     "back), and a run would send the %ld since then again; restore the latest copy, or "
				     "remove '%s' once you have checked that they may go again",
				     l->path, have, want, l->mark, want - have, l->mark);
			goto out;
		}
	}
	{
		/* a log a newer pepkit wrote (its format in SQLite's user_version) may keep what
		 * was sent in a way this one does not know: writing it could send again */
		sqlite3_stmt *q = NULL;
		int v = -1;

		if (sqlite3_prepare_v2(l->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
		    sqlite3_step(q) == SQLITE_ROW)
			v = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
		if (v < 0) {
			db_error(l, err, "cannot read");
			goto out;
		}
		if (v > SENDLOG_FORMAT) {
			pk_error_set(err, PK_EIO, "send log '%s' was written by a newer pepkit (log format %d; this "
				     "pepkit knows format %d): use that pepkit, or restore a log this one wrote; "
				     "nothing was changed", l->path, v, SENDLOG_FORMAT);
			goto out;
		}
	}
	if (sqlite3_exec(l->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(l->db, schema, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(l->db, "PRAGMA user_version=" PK_STR(SENDLOG_FORMAT) ";", NULL, NULL, &msg) != SQLITE_OK) {
		pk_error_set(err, PK_EIO, "send log '%s': %s", l->path, msg ? msg : "cannot set up");
		goto out;
	}
	if ((rc = read_id(l, err)) != PK_OK) {
		rc = PK_EIO;
		goto out;
	}
	rc = PK_EIO;
	if (sqlite3_exec(l->db, "UPDATE delivery SET state='unknown', reason='pepkit stopped while sending: the relay may or may not have taken it', "
				"updated=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE state='sending';",
			 NULL, NULL, &msg) != SQLITE_OK) {
		pk_error_set(err, PK_EIO, "send log '%s': %s", l->path, msg ? msg : "cannot recover");
		goto out;
	}
	*recovered = sqlite3_changes(l->db);
	if (sqlite3_prepare_v2(l->db, "SELECT " COLS " FROM delivery WHERE key=?1", -1, &l->get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(l->db, "INSERT OR IGNORE INTO delivery (" COLS ", created) VALUES "
				      "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,'queued','','',0,?12,?12)", -1, &l->queue, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(l->db, "UPDATE delivery SET state=?2, reason=coalesce(?3,reason), reply=coalesce(?4,reply), "
				      "attempts=attempts+(?2='sending'), updated=?5 WHERE key=?1", -1, &l->set, NULL) != SQLITE_OK) {
		db_error(l, err, "cannot prepare");
		goto out;
	}
	rc = PK_OK;
out:
	sqlite3_free(msg);
	if (rc != PK_OK) {
		sendlog_close(l);
		l = NULL;
	}
	*out = l;
	return rc;
}

void sendlog_close(sendlog *l)
{
	if (l == NULL)
		return;
	sqlite3_finalize(l->get);
	sqlite3_finalize(l->queue);
	sqlite3_finalize(l->set);
	sqlite3_close(l->db);
	free(l);
}

/* Copy column i of st into buf (size bytes). */
static void col(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(buf, size, "%s", t ? (const char *)t : "");
}

/* Fill row from a statement selecting COLS. */
static void fill(sqlite3_stmt *st, sendlog_row *r)
{
	col(st, 0, r->key, sizeof(r->key));
	col(st, 1, r->child, sizeof(r->child));
	col(st, 2, r->term, sizeof(r->term));
	col(st, 3, r->document, sizeof(r->document));
	col(st, 4, r->person, sizeof(r->person));
	col(st, 5, r->role, sizeof(r->role));
	col(st, 6, r->recipient, sizeof(r->recipient));
	col(st, 7, r->audience, sizeof(r->audience));
	col(st, 8, r->route, sizeof(r->route));
	col(st, 9, r->copy_hash, sizeof(r->copy_hash));
	col(st, 10, r->message_id, sizeof(r->message_id));
	col(st, 11, r->state, sizeof(r->state));
	col(st, 12, r->reason, sizeof(r->reason));
	col(st, 13, r->reply, sizeof(r->reply));
	r->attempts = sqlite3_column_int(st, 14);
	col(st, 15, r->updated, sizeof(r->updated));
}

int sendlog_get(sendlog *l, const char *key, sendlog_row *row, pk_error *err)
{
	int rc;

	sqlite3_reset(l->get);
	sqlite3_bind_text(l->get, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(l->get);
	if (rc == SQLITE_ROW) {
		fill(l->get, row);
		rc = 1;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = db_error(l, err, "cannot read");
	}
	sqlite3_reset(l->get);
	return rc;
}

int sendlog_queue(sendlog *l, const sendlog_row *r, pk_error *err)
{
	const char *v[11] = { r->key, r->child, r->term, r->document, r->person, r->role, r->recipient,
			      r->audience, r->route, r->copy_hash, r->message_id };
	char now[32];
	int rc;

	if (mark_folder(l, err) != PK_OK)
		return PK_EIO;
	now_iso(now);
	sqlite3_reset(l->queue);
	for (int i = 0; i < 11; i++)
		sqlite3_bind_text(l->queue, i + 1, v[i], -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(l->queue, 12, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(l->queue);
	sqlite3_reset(l->queue);
	return rc == SQLITE_DONE ? PK_OK : db_error(l, err, "cannot queue a delivery");
}

int sendlog_set(sendlog *l, const char *key, const char *state, const char *reason,
		const char *reply, pk_error *err)
{
	char now[32];
	int rc;

	now_iso(now);
	sqlite3_reset(l->set);
	sqlite3_bind_text(l->set, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(l->set, 2, state, -1, SQLITE_TRANSIENT);
	if (reason)
		sqlite3_bind_text(l->set, 3, reason, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(l->set, 3);
	if (reply)
		sqlite3_bind_text(l->set, 4, reply, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(l->set, 4);
	sqlite3_bind_text(l->set, 5, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(l->set);
	sqlite3_reset(l->set);
	return rc == SQLITE_DONE ? PK_OK : db_error(l, err, "cannot record a delivery's state");
}

int sendlog_make_newest(sendlog *l, const char *key, pk_error *err)
{
	static const char sql[] =
		"UPDATE delivery SET seq=(SELECT max(seq) FROM delivery)+1, updated=?2 "
		"WHERE key=?1 AND state='refused' AND EXISTS (SELECT 1 FROM delivery d WHERE d.state='refused' "
		"AND d.child=delivery.child AND d.term=delivery.term AND d.document=delivery.document "
		"AND d.person=delivery.person AND d.seq>delivery.seq)";
	sqlite3_stmt *q = NULL;
	char now[32];
	int rc;

	now_iso(now);
	if (sqlite3_prepare_v2(l->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(l, err, "cannot renew a post-list delivery");
	sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return db_error(l, err, "cannot renew a post-list delivery");
	return sqlite3_changes(l->db) > 0;
}

int sendlog_begin(sendlog *l, pk_error *err)
{
	return sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? PK_OK : db_error(l, err, "cannot begin");
}

int sendlog_commit(sendlog *l, pk_error *err)
{
	return sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? PK_OK : db_error(l, err, "cannot commit");
}

int sendlog_counts(sendlog *l, long counts[6], pk_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(counts, 0, 6 * sizeof(long));
	if (sqlite3_prepare_v2(l->db, "SELECT state, count(*) FROM delivery GROUP BY state", -1, &st, NULL) != SQLITE_OK)
		return db_error(l, err, "cannot count");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		for (int i = 0; i < 6; i++)
			if (s && strcmp(s, sendlog_states[i]) == 0)
				counts[i] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? PK_OK : db_error(l, err, "cannot count");
}

int sendlog_each(sendlog *l, int (*fn)(void *ctx, const sendlog_row *row), void *ctx, pk_error *err)
{
	sqlite3_stmt *st = NULL;
	sendlog_row r;
	int rc;

	if (sqlite3_prepare_v2(l->db, "SELECT " COLS " FROM delivery ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return db_error(l, err, "cannot read");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill(st, &r);
		if (fn(ctx, &r) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? PK_OK : db_error(l, err, "cannot read");
}

struct export_ctx {
	const char *filter;
	pk_buf *out;
	int rc;
};

/* sendlog_each callback: one audit row. */
static int export_row(void *ctx, const sendlog_row *r)
{
	struct export_ctx *x = ctx;
	char attempts[16];
	const char *f[15];

	if (x->filter && strcmp(x->filter, r->state) != 0)
		return 0;
	snprintf(attempts, sizeof(attempts), "%d", r->attempts);
	f[0] = r->updated; f[1] = r->child; f[2] = r->term; f[3] = r->document; f[4] = r->person;
	f[5] = r->role; f[6] = r->recipient; f[7] = r->audience; f[8] = r->copy_hash; f[9] = r->route;
	f[10] = r->state; f[11] = r->reason; f[12] = r->reply; f[13] = r->message_id; f[14] = attempts;
	x->rc = csvw_row(x->out, f, 15);
	return x->rc != PK_OK;
}

int sendlog_export_csv(sendlog *l, const char *state_filter, pk_buf *out, pk_error *err)
{
	static const char *const head[15] = { "when", "child", "term", "document", "person", "role", "recipient",
					       "reader", "copy_sha256", "route", "state", "reason", "server_reply",
					       "message_id", "attempts" };
	struct export_ctx x = { state_filter, out, PK_OK };
	int rc = csvw_row(out, head, 15);

	if (rc != PK_OK)
		return pk_error_set(err, rc, "out of memory");
	rc = sendlog_each(l, export_row, &x, err);
	if (rc == PK_OK && x.rc != PK_OK)
		rc = pk_error_set(err, x.rc, "out of memory");
	return rc;
}
