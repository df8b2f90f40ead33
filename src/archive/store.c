/*
 * store.c: the archive store's folder, objects and SQLite catalogue (see store.h): opening and
 * locking, deposit, events, listing, retention. verify.c and bag.c hold verify and export.
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/fingerprint.h"
#include "core/lock.h"
#include "core/msg.h"
#include "archive/store.h"
#include "archive/store_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

/* The catalogue's format, in its meta table; another is refused (check_format). */
#define STORE_FORMAT "pepkit-archive-1"

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"INSERT OR IGNORE INTO meta VALUES('format', '" STORE_FORMAT "');"
	"CREATE TABLE IF NOT EXISTS children("
	" id TEXT PRIMARY KEY,"
	" date_of_birth TEXT NOT NULL,"
	" date_of_death TEXT,"
	" retention_date TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS documents("
	" id INTEGER PRIMARY KEY,"
	" child TEXT NOT NULL REFERENCES children(id),"
	" term TEXT NOT NULL,"
	" type TEXT NOT NULL,"
	" audience TEXT NOT NULL,"
	" sha256 TEXT NOT NULL UNIQUE,"
	" size INTEGER NOT NULL,"
	" pages INTEGER NOT NULL,"
	" path TEXT NOT NULL UNIQUE,"
	" deposited_at TEXT NOT NULL,"
	" source_sha256 TEXT NOT NULL,"
	" pepkit_version TEXT NOT NULL,"
	" supersedes INTEGER REFERENCES documents(id));"
	"CREATE INDEX IF NOT EXISTS documents_child ON documents(child, term, type, audience);"
	/* the look-up of a child id held in another case, once per deposit (store_deposit) */
	"CREATE INDEX IF NOT EXISTS children_nocase ON children(id COLLATE NOCASE);"
	"CREATE TABLE IF NOT EXISTS events("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK (kind IN ('deposit','verify','export','retention-review','transfer')),"
	" who TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" child TEXT,"
	" outcome TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS transfers("
	" id INTEGER PRIMARY KEY,"
	" document INTEGER NOT NULL REFERENCES documents(id),"
	" url TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" status TEXT NOT NULL);";

int store_valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '.')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.'))
			return 0;
	return 1;
}

/* Days in month m of year y. */
static int mdays(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : d[m - 1];
}

/* Parse YYYY-MM-DD into y/m/d. 1 on success. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	if (s[10] != '\0')
		return 0;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	return *y >= 1900 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= mdays(*y, *m);
}

int store_valid_date(const char *s)
{
	int y, m, d;

	return parse_date(s, &y, &m, &d);
}

/* The date years after y-m-d as YYYY-MM-DD; 29 February becomes 1 March in a common year. */
static void add_years(int y, int m, int d, int years, char out[11])
{
	y += years;
	if (m == 2 && d == 29 && mdays(y, 2) == 28) {
		m = 3;
		d = 1;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

int store_retention(const char *dob, const char *dod, char out[11])
{
	int y, m, d, dy, dm, dd;
	char eighteen[11];

	if (!parse_date(dob, &y, &m, &d) || (dod && *dod && !parse_date(dod, &dy, &dm, &dd)))
		return PK_EINVAL;
	if (dod && *dod) {
		add_years(y, m, d, 18, eighteen);
		if (strcmp(dod, eighteen) < 0) {
			add_years(dy, dm, dd, 15, out);
			return PK_OK;
		}
	}
	add_years(y, m, d, 75, out);
	return PK_OK;
}

void store_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The user running pepkit: the login name of the effective uid, else $USER, else the uid. */
static void who(char out[64])
{
	struct passwd pw, *res = NULL;
	char buf[1024];
	const char *u;

	if (getpwuid_r(geteuid(), &pw, buf, sizeof(buf), &res) == 0 && res && res->pw_name)
		snprintf(out, 64, "%s", res->pw_name);
	else if ((u = getenv("USER")) && *u)
		snprintf(out, 64, "%s", u);
	else
		snprintf(out, 64, "uid %u", (unsigned)geteuid());
}

static int note_dir(archive_store *s, const char *dir, pk_error *err);
static int note_created(archive_store *s, const char *path, pk_error *err);
static void forget_created(archive_store *s);
static void undo_batch(archive_store *s);

/* Append a copy of str to the list *v (n used, cap allocated). PK_OK or PK_ENOMEM. */
static int add_str(char ***v, size_t *n, size_t *cap, const char *str)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		char **nv = realloc(*v, c * sizeof(*nv));
		if (!nv)
			return PK_ENOMEM;
		*v = nv;
		*cap = c;
	}
	if (!((*v)[*n] = strdup(str)))
		return PK_ENOMEM;
	(*n)++;
	return PK_OK;
}

int store_sql_error(archive_store *s, const char *what, pk_error *err)
{
	return pk_error_set(err, PK_EIO, "'%s/%s': %s: %s", s->dir, STORE_DB, what, sqlite3_errmsg(s->db));
}

/* Run sql (no results). PK_OK or PK_EIO with err. */
static int exec(archive_store *s, const char *sql, pk_error *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_sql_error(s, "catalogue update failed", err);
	return PK_OK;
}

/* 1 if the folder path holds any entry (a store's objects/ with documents in it). */
static int has_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int any = 0;

	if (d == NULL)
		return 0;
	while (!any && (e = readdir(d)) != NULL)
		any = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return any;
}

/* 1 if the open catalogue has no tables yet (a new, empty or zero-length file). */
static int catalogue_blank(archive_store *s)
{
	sqlite3_stmt *q = NULL;
	int blank = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		blank = sqlite3_column_int(q, 0) == 0;
	sqlite3_finalize(q);
	return blank;
}

/* 1 if dir is on a file system mounted read-only. */
static int fs_readonly(const char *dir)
{
	struct statvfs v;

	return statvfs(dir, &v) == 0 && (v.f_flag & ST_RDONLY) != 0;
}

/* "file:PATH?immutable=1" into out (size bytes), every byte of path but [A-Za-z0-9/._~-] as
 * %XX. For a catalogue on a read-only file system with no WAL journal left: SQLite need not
 * make its -shm file (which it cannot there) when told nothing can change the file. 0 if it
 * does not fit. */
static int immutable_uri(const char *path, char *out, size_t size)
{
	size_t o = 0;

	if (size < 40)
		return 0;
	memcpy(out, "file:", 5);
	o = 5;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (o + 4 >= size)
			return 0;
		if (isalnum(*p) || strchr("/._~-", *p))
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, size - o, "%%%02X", *p);
	}
	if (o + 13 >= size)
		return 0;
	memcpy(out + o, "?immutable=1", 13);
	return 1;
}

/* The catalogue's format (meta 'format') must be the one this pepkit writes: a catalogue a
 * newer pepkit made may keep documents, supersessions or retention in a way this one does not
 * know, so neither writing nor reading it is safe. PK_OK, or PK_EIO with err. */
static int check_format(archive_store *s, pk_error *err)
{
	sqlite3_stmt *q = NULL;
	char fmt[64] = "";
	int found = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key='format'", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(q, 0);

		found = 1;
		snprintf(fmt, sizeof(fmt), "%s", v ? (const char *)v : "");
	}
	sqlite3_finalize(q);
	if (!found)
		return pk_error_set(err, PK_EIO, "'%s' is not a pepkit store (%s)", s->dir, sqlite3_errmsg(s->db));
	if (strcmp(fmt, STORE_FORMAT) != 0)
		return pk_error_set(err, PK_EIO, "'%s/%s' is a catalogue of format '%.40s', not '%s' (written by "
				    "another pepkit): use that pepkit; nothing was changed", s->dir, STORE_DB, fmt,
				    STORE_FORMAT);
	return PK_OK;
}

int store_open(const char *dir, int flags, archive_store **out, pk_error *err)
{
	archive_store *s;
	struct stat st;
	char path[4200];
	int rc = PK_OK, fd;

	*out = NULL;
	if (stat(dir, &st) != 0) {
		if (!(flags & STORE_CREATE) || errno != ENOENT)
			return pk_error_set(err, PK_EIO, "cannot open the store '%s': %s", dir, strerror(errno));
		if ((rc = atomic_mkdirs(dir, err)) != PK_OK)
			return rc;
	} else if (!S_ISDIR(st.st_mode)) {
		return pk_error_set(err, PK_EIO, "cannot open the store '%s': not a folder", dir);
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	if ((flags & STORE_WRITE) && (flags & STORE_READ_ONLY_OK) && fs_readonly(dir)) {
		/* nobody can write the store through this mount: no lock needed, none can be made */
		flags &= ~STORE_WRITE;
		s->readonly = 1;
	}
	if ((flags & STORE_WRITE) && (rc = lock_acquire(dir, 0, &s->lock, err)) != PK_OK)
		goto fail;
	if (flags & STORE_WRITE) {
		/* holding the lock: a killed run's half-written files where each run writes new names
		 * (its report, reports/KIND-TIME-PID.csv), which no later write of the same name clears */
		snprintf(path, sizeof(path), "%s/reports", dir);
		atomic_clean_stale(path);
		atomic_clean_stale(dir);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, STORE_DB);
	/* a link planted at the catalogue (or its journals) would make pepkit create or write
	 * the file it points to */
	if ((rc = atomic_no_links(path, 1, err)) != PK_OK)
		goto fail;
	if (lstat(path, &st) != 0) {
		if (!(flags & STORE_CREATE)) {
			rc = pk_error_set(err, PK_EIO, "'%s' is not a pepkit store (no %s)", dir, STORE_DB);
			goto fail;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, STORE_OBJECTS);
		if (has_entries(path)) {   /* the catalogue was deleted; the documents stayed */
			rc = pk_error_set(err, PK_EIO, "'%s/%s': the catalogue is empty or missing but the "
					  "store holds documents (%s/): restore the catalogue from a backup; "
					  "nothing was changed", dir, STORE_DB, STORE_OBJECTS);
			goto fail;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, STORE_DB);
		/* made 0600 here; SQLite gives its -wal and -shm files the same mode */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			rc = pk_error_set(err, PK_EIO, "cannot create '%s': %s", path, strerror(errno));
			goto fail;
		}
		close(fd);
	}
	{
		char wal[4300], uri[13000];

		snprintf(wal, sizeof(wal), "%s-wal", path);
		if (!(flags & STORE_WRITE) && fs_readonly(dir) && (stat(wal, &st) != 0 || st.st_size == 0) &&
		    immutable_uri(path, uri, sizeof(uri))) {
			if (sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
				rc = pk_error_set(err, PK_EIO, "cannot open the catalogue '%s': %s", path,
						  s->db ? sqlite3_errmsg(s->db) : "out of memory");
				goto fail;
			}
			goto opened;
		}
	}
	if (sqlite3_open_v2(path, &s->db, (flags & STORE_WRITE ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) |
			    SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		rc = pk_error_set(err, PK_EIO, "cannot open the catalogue '%s': %s", path,
				  s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
opened:
	sqlite3_busy_timeout(s->db, 10000);
	snprintf(path, sizeof(path), "%s/%s", dir, STORE_OBJECTS);
	if ((flags & STORE_WRITE) && catalogue_blank(s) && has_entries(path)) {
		/* a catalogue lost (deleted, truncated by a fault or a sync) while the documents
		 * stayed: a new one would silently drop the store's history and supersede chain */
		rc = pk_error_set(err, PK_EIO, "'%s/%s': the catalogue is empty or missing but the store "
				  "holds documents (%s/): restore the catalogue from a backup; nothing "
				  "was changed", dir, STORE_DB, STORE_OBJECTS);
		goto fail;
	}
	if (flags & STORE_WRITE) {
		if ((rc = exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", err)) ||
		    (!catalogue_blank(s) && (rc = check_format(s, err))) ||   /* before anything is added */
		    (rc = exec(s, schema_sql, err)) || (rc = check_format(s, err)))
			goto fail;
		snprintf(path, sizeof(path), "%s/%s", dir, STORE_OBJECTS);
		if ((rc = atomic_mkdirs(path, err)) || (rc = atomic_sync_dir(dir, err)))
			goto fail;
	} else if ((rc = check_format(s, err)) != PK_OK) {
		goto fail;
	}
	*out = s;
	return PK_OK;
fail:
	store_close(s);
	return rc;
}

void store_close(archive_store *s)
{
	if (!s)
		return;
	undo_batch(s);   /* a batch never flushed is not kept */
	free(s->created);
	free(s->dirs);
	sqlite3_close(s->db);
	lock_release(s->lock);
	free(s);
}

const char *store_dir(const archive_store *s)
{
	return s->dir;
}

int store_event(archive_store *s, const char *kind, const char *child, const char *outcome, pk_error *err)
{
	sqlite3_stmt *q = NULL;
	char now[32], user[64];
	int rc = PK_OK;

	if (s->readonly) {
		if (!s->warned)
			msg_warning("'%s' is on a read-only file system: this %s is not recorded in its event log",
				    s->dir, kind);
		s->warned = 1;
		return PK_OK;
	}
	store_now(now);
	who(user);
	if (sqlite3_prepare_v2(s->db, "INSERT INTO events(kind, who, at, child, outcome) VALUES(?,?,?,?,?)", -1, &q,
			       NULL) != SQLITE_OK)
		return store_sql_error(s, "cannot record the event", err);
	sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, now, -1, SQLITE_STATIC);
	if (child)
		sqlite3_bind_text(q, 4, child, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, outcome, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = store_sql_error(s, "cannot record the event", err);
	sqlite3_finalize(q);
	return rc;
}

int store_transfer(archive_store *s, long long id, const char *url, const char *status, pk_error *err)
{
	sqlite3_stmt *q = NULL;
	char now[32];
	int rc = PK_OK;

	store_now(now);
	if (sqlite3_prepare_v2(s->db, "INSERT INTO transfers(document, url, at, status) VALUES(?,?,?,?)", -1, &q,
			       NULL) != SQLITE_OK)
		return store_sql_error(s, "cannot record the transfer", err);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, url, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, status, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = store_sql_error(s, "cannot record the transfer", err);
	sqlite3_finalize(q);
	return rc;
}

int store_transferred(archive_store *s, long long id, const char *url, pk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM transfers WHERE document=? AND url=? AND status='stored' LIMIT 1",
			       -1, &q, NULL) != SQLITE_OK)
		return store_sql_error(s, "cannot read the transfers", err);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, url, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	rc = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : store_sql_error(s, "cannot read the transfers", err);
	sqlite3_finalize(q);
	return rc;
}

/* Look up a document by hash: *id (0 if none). PK_OK or PK_EIO. */
static int find_hash(archive_store *s, const char *hash, long long *id, pk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = PK_OK, st;

	*id = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT id FROM documents WHERE sha256=?", -1, &q, NULL) != SQLITE_OK)
		return store_sql_error(s, "catalogue lookup failed", err);
	sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
	st = sqlite3_step(q);
	if (st == SQLITE_ROW)
		*id = sqlite3_column_int64(q, 0);
	else if (st != SQLITE_DONE)
		rc = store_sql_error(s, "catalogue lookup failed", err);
	sqlite3_finalize(q);
	return rc;
}

/* Does an object already exist at path with content hash? 1 yes, 0 no file, -1 a file with other
 * content (err set). */
static int object_present(const char *path, const char *hash, pk_error *err)
{
	char got[FP_HEX_LEN + 1];
	struct stat st;

	if (lstat(path, &st) != 0)
		return 0;
	if (!S_ISREG(st.st_mode) || fp_sha256_file(path, got, err) != PK_OK || strcmp(got, hash) != 0) {
		pk_error_set(err, PK_EIO, "'%s' exists with other content; the store is damaged (run archive verify)", path);
		return -1;
	}
	return 1;
}

/* The held document id with content hash: is its object still the file it was? If it is
 * missing or holds other bytes (removed, truncated or replaced behind pepkit's back), write d's
 * bytes again (temp file, fsync, rename, folder fsync), keeping an altered file beside it as
 * NAME.damaged-TIME, record a deposit event ("restored: ...") and set *outcome to
 * STORE_RESTORED. Only at the path the row's own child, term, type and hash give: a row whose
 * path was changed to name another file is left alone (PK_EIO: verify reports it). PK_OK
 * (nothing to do, or restored), or PK_EIO with err. */
static int check_held(archive_store *s, long long id, const store_doc *d, const char *hash, int *outcome,
		      pk_error *err)
{
	char rel[512] = "", want[512], path[4700], aside[4800], dir[4700], got[FP_HEX_LEN + 1], now[32], what[700];
	sqlite3_stmt *q = NULL;
	struct stat st;
	pk_error herr;
	int rc, damaged = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT path FROM documents WHERE id=?", -1, &q, NULL) != SQLITE_OK)
		return store_sql_error(s, "catalogue lookup failed", err);
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		snprintf(rel, sizeof(rel), "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	snprintf(want, sizeof(want), "%s/%s/%s/%s-%s.pdf", STORE_OBJECTS, d->child, d->term, d->type, hash);
	if (strcmp(rel, want) != 0)
		return pk_error_set(err, PK_EIO, "the catalogue's row %lld holds this document under another path "
				    "('%s'); the store is damaged (run archive verify)", id, rel[0] ? rel : "none");
	snprintf(path, sizeof(path), "%s/%s", s->dir, rel);
	pk_error_clear(&herr);
	if (lstat(path, &st) == 0) {
		if (S_ISREG(st.st_mode) && (size_t)st.st_size == d->len && fp_sha256_file(path, got, &herr) == PK_OK &&
		    strcmp(got, hash) == 0)
			return PK_OK;   /* intact: nothing to write */
		damaged = 1;
	} else if (errno != ENOENT) {
		return pk_error_set(err, PK_EIO, "'%s': %s", path, strerror(errno));
	}
	{
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y%m%dT%H%M%SZ", &tm);   /* no ':' (SMB shares refuse it) */
	}
	if (damaged) {
		/* kept, never deleted: a person decides what it was */
		snprintf(aside, sizeof(aside), "%s.damaged-%s", path, now);
		if (rename(path, aside) != 0)
			return pk_error_set(err, PK_EIO, "'%s' is altered and cannot be moved aside: %s", path,
					    strerror(errno));
	}
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	if ((rc = atomic_mkdirs(dir, err)) != PK_OK || (rc = atomic_write_file(path, d->data, d->len, err)) != PK_OK)
		return rc;
	snprintf(what, sizeof(what), "restored: %s object %s written again from the same document%s", damaged ? "altered" : "missing",
		 rel, damaged ? " (the altered file kept as NAME.damaged-TIME)" : "");
	if ((rc = store_event(s, "deposit", d->child, what, err)) != PK_OK)
		return rc;
	*outcome = STORE_RESTORED;
	return PK_OK;
}

int store_deposit(archive_store *s, const store_doc *d, int *outcome, char hash[65], long long *id,
		  pk_error *err)
{
	char rel[512], path[4700], dir[4700], ret[11], now[32];
	sqlite3_stmt *q = NULL;
	long long prev = 0;
	int rc = PK_OK, created = 0, present, began = 0;

	*outcome = 0;
	*id = 0;
	if (!store_valid_id(d->child) || !store_valid_id(d->term) || !store_valid_id(d->type) ||
	    !store_valid_id(d->audience))
		return pk_error_set(err, PK_EINVAL, "child id, term, document type or audience not usable in a store path "
				    "(letters, digits, '.', '_', '-')");
	if (store_retention(d->dob, d->dod, ret) != PK_OK)
		return pk_error_set(err, PK_EINVAL, "child '%s': date of birth or death is not a date", d->child);
	if (fp_sha256_hex(d->data, d->len, hash) != PK_OK)
		return pk_error_set(err, PK_EINTERNAL, "cannot hash the document: libcrypto cannot be loaded");
	snprintf(rel, sizeof(rel), "%s/%s/%s/%s-%s.pdf", STORE_OBJECTS, d->child, d->term, d->type, hash);
	snprintf(dir, sizeof(dir), "%s/%s/%s/%s", s->dir, STORE_OBJECTS, d->child, d->term);
	snprintf(path, sizeof(path), "%s/%s", s->dir, rel);
	/* a link planted at objects/, objects/CHILD or objects/CHILD/TERM would send the child's
	 * documents out of the store */
	snprintf(dir, sizeof(dir), "%s/%s/%s", STORE_OBJECTS, d->child, d->term);
	if ((rc = atomic_real_dirs(s->dir, dir, err)) != PK_OK)
		return rc;
	snprintf(dir, sizeof(dir), "%s/%s/%s/%s", s->dir, STORE_OBJECTS, d->child, d->term);
	/* ids that differ only in case are one child (as the pack reads them): "LA-512093" beside
	 * a held "la-512093" would split the child's documents over two catalogue children and two
	 * folders (one folder on a case-insensitive copy of the store), the newer superseding
	 * nothing, and list or export of either id would show half */
	if (sqlite3_prepare_v2(s->db, "SELECT id FROM children WHERE id=?1 COLLATE NOCASE AND id<>?1 LIMIT 1", -1,
			       &q, NULL) != SQLITE_OK)
		return store_sql_error(s, "cannot read the catalogue", err);
	sqlite3_bind_text(q, 1, d->child, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		rc = pk_error_set(err, PK_EINVAL, "child id '%s' differs only in case from '%s', which the store "
				  "holds: ids that differ only in case are one child, so it is not deposited as "
				  "another; write the id as the store holds it and run again", d->child,
				  (const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
		return rc;
	}
	sqlite3_finalize(q);
	q = NULL;

	if (!s->in_txn) {
		if ((rc = exec(s, "BEGIN IMMEDIATE", err)) != PK_OK)
			return rc;
		s->in_txn = 1;
	}
	/* this document's changes, undone alone if it fails (earlier ones of a batch stay) */
	if ((rc = exec(s, "SAVEPOINT doc", err)) != PK_OK)
		goto abort_txn;
	began = 1;
	/* the child's row: dates as this record gives them (a corrected date of birth updates it) */
	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO children(id, date_of_birth, date_of_death, retention_date) VALUES(?,?,?,?) "
			       "ON CONFLICT(id) DO UPDATE SET date_of_birth=excluded.date_of_birth, "
			       "date_of_death=excluded.date_of_death, retention_date=excluded.retention_date",
			       -1, &q, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_text(q, 1, d->child, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, d->dob, -1, SQLITE_STATIC);
	if (d->dod && *d->dod)
		sqlite3_bind_text(q, 3, d->dod, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, ret, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(q);
	q = NULL;
	/* the same bytes held already: nothing to write (the child's dates are updated above) */
	if ((rc = find_hash(s, hash, id, err)) != PK_OK)
		goto out;
	if (*id) {
		*outcome = STORE_HELD;
		if ((rc = check_held(s, *id, d, hash, outcome, err)) != PK_OK)
			goto out;
		goto done;
	}
	/* the version it supersedes: the newest of the same child, term, type and audience */
	if (sqlite3_prepare_v2(s->db,
			       "SELECT id FROM documents WHERE child=? AND term=? AND type=? AND audience=? "
			       "ORDER BY id DESC LIMIT 1", -1, &q, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_text(q, 1, d->child, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, d->term, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, d->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, d->audience, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		prev = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	q = NULL;

	/* the object: already there from a run killed before its commit, or written now */
	present = object_present(path, hash, err);
	if (present < 0) {
		rc = PK_EIO;
		goto out;
	}
	if (!present) {
		struct stat st;
		int new_dirs = stat(dir, &st) != 0;

		if ((rc = atomic_mkdirs(dir, err)) != PK_OK)
			goto out;
		atomic_clean_stale(dir);
		/* the file is synced before its rename; its folder (and those a new child or term
		 * made) are synced once per batch, before the commit (store_flush) */
		if ((rc = atomic_write_file_ex(path, d->data, d->len, ATOMIC_DEFER_DIRSYNC, err)) != PK_OK)
			goto out;
		created = 1;
		if ((rc = note_dir(s, dir, err)) != PK_OK)
			goto out;
		snprintf(dir, sizeof(dir), "%s/%s/%s", s->dir, STORE_OBJECTS, d->child);
		if (new_dirs && (rc = note_dir(s, dir, err)) != PK_OK)
			goto out;
		snprintf(dir, sizeof(dir), "%s/%s", s->dir, STORE_OBJECTS);
		if (new_dirs && (rc = note_dir(s, dir, err)) != PK_OK)
			goto out;
		if ((rc = note_created(s, path, err)) != PK_OK)
			goto out;
		created = 2;   /* now the batch's to undo */
	}
	store_now(now);
	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO documents(child, term, type, audience, sha256, size, pages, path, deposited_at, "
			       "source_sha256, pepkit_version, supersedes) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
			       -1, &q, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_text(q, 1, d->child, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, d->term, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, d->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, d->audience, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, (long long)d->len);
	sqlite3_bind_int(q, 7, d->pages);
	sqlite3_bind_text(q, 8, rel, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 9, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 10, d->source_sha256 ? d->source_sha256 : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 11, PEPKIT_VERSION, -1, SQLITE_STATIC);
	if (prev)
		sqlite3_bind_int64(q, 12, prev);
	if (sqlite3_step(q) != SQLITE_DONE)
		goto sqlfail;
	*id = sqlite3_last_insert_rowid(s->db);
	sqlite3_finalize(q);
	q = NULL;
	*outcome = STORE_DEPOSITED;
done:
	if (sqlite3_exec(s->db, "RELEASE doc", NULL, NULL, NULL) != SQLITE_OK)
		goto sqlfail;
	began = 0;
	if (!s->batch && (rc = store_flush(s, err)) != PK_OK) {
		*outcome = 0;
		*id = 0;
	}
	return rc;
sqlfail:
	rc = store_sql_error(s, "cannot record the document", err);
out:
	sqlite3_finalize(q);
	*id = 0;
	*outcome = 0;
	if (began) {
		sqlite3_exec(s->db, "ROLLBACK TO doc", NULL, NULL, NULL);
		sqlite3_exec(s->db, "RELEASE doc", NULL, NULL, NULL);
		/* no row, so no object either */
		if (created == 2)
			forget_created(s);
		if (created && unlink(path) == 0) {
			snprintf(dir, sizeof(dir), "%s/%s/%s/%s", s->dir, STORE_OBJECTS, d->child, d->term);
			atomic_sync_dir(dir, NULL);
		}
	}
	if (!s->batch)
		undo_batch(s);
	return rc;
abort_txn:
	undo_batch(s);
	return rc;
}

/* Remember a folder to fsync before the batch commits (once each). PK_OK or PK_ENOMEM. */
static int note_dir(archive_store *s, const char *dir, pk_error *err)
{
	for (size_t i = 0; i < s->ndirs; i++)
		if (strcmp(s->dirs[i], dir) == 0)
			return PK_OK;
	return add_str(&s->dirs, &s->ndirs, &s->capdirs, dir) == PK_OK ? PK_OK
	       : pk_error_set(err, PK_ENOMEM, "out of memory");
}

/* Remember an object created in this batch (removed again if the batch cannot commit). */
static int note_created(archive_store *s, const char *path, pk_error *err)
{
	return add_str(&s->created, &s->ncreated, &s->capcreated, path) == PK_OK ? PK_OK
	       : pk_error_set(err, PK_ENOMEM, "out of memory");
}

/* Drop the last created object from the batch's list (its document failed after all). */
static void forget_created(archive_store *s)
{
	if (s->ncreated > 0)
		free(s->created[--s->ncreated]);
}

/* Free a list of strings and empty it. */
static void free_list(char ***v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i]);
	*n = 0;
}

/* Roll back the open transaction and remove the objects it created: the store is as before
 * the batch. */
static void undo_batch(archive_store *s)
{
	if (s->in_txn)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_txn = 0;
	for (size_t i = 0; i < s->ncreated; i++)
		unlink(s->created[i]);
	for (size_t i = 0; i < s->ndirs; i++)
		atomic_sync_dir(s->dirs[i], NULL);
	free_list(&s->created, &s->ncreated);
	free_list(&s->dirs, &s->ndirs);
}

void store_set_batch(archive_store *s, int on)
{
	s->batch = on;
}

int store_pending(const archive_store *s)
{
	return s->in_txn;
}

int store_flush(archive_store *s, pk_error *err)
{
	int rc = PK_OK;

	if (!s->in_txn)
		return PK_OK;
	for (size_t i = 0; i < s->ndirs && rc == PK_OK; i++)
		rc = atomic_sync_dir(s->dirs[i], err);
	if (rc == PK_OK && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = store_sql_error(s, "cannot record the documents", err);
	if (rc != PK_OK) {
		undo_batch(s);
		return rc;
	}
	s->in_txn = 0;
	free_list(&s->created, &s->ncreated);
	free_list(&s->dirs, &s->ndirs);
	return PK_OK;
}

int store_row_from(sqlite3_stmt *q, store_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(q, 0);
	r->child = (const char *)sqlite3_column_text(q, 1);
	r->term = (const char *)sqlite3_column_text(q, 2);
	r->type = (const char *)sqlite3_column_text(q, 3);
	r->audience = (const char *)sqlite3_column_text(q, 4);
	r->sha256 = (const char *)sqlite3_column_text(q, 5);
	r->size = sqlite3_column_int64(q, 6);
	r->pages = sqlite3_column_int(q, 7);
	r->path = (const char *)sqlite3_column_text(q, 8);
	r->deposited_at = (const char *)sqlite3_column_text(q, 9);
	r->source_sha256 = (const char *)sqlite3_column_text(q, 10);
	r->version = (const char *)sqlite3_column_text(q, 11);
	r->supersedes = sqlite3_column_int64(q, 12);
	return r->child && r->term && r->type && r->audience && r->sha256 && r->path && r->deposited_at &&
	       r->source_sha256 && r->version;
}

/* 1 if s is a plain file-name component: non-empty, no '/' or control character, not "." or "..". */
static int plain_name(const char *s)
{
	if (s[0] == '\0' || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return 0;
	for (; *s; s++)
		if (*s == '/' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

int store_row_canonical(const store_row *r)
{
	char want[1024];
	size_t i;

	if (!plain_name(r->child) || !plain_name(r->term) || !plain_name(r->type) || strlen(r->sha256) != 64)
		return 0;
	for (i = 0; i < 64; i++)
		if (!((r->sha256[i] >= '0' && r->sha256[i] <= '9') || (r->sha256[i] >= 'a' && r->sha256[i] <= 'f')))
			return 0;
	if ((size_t)snprintf(want, sizeof(want), "%s/%s/%s/%s-%s.pdf", STORE_OBJECTS, r->child, r->term,
			     r->type, r->sha256) >= sizeof(want))
		return 0;
	return strcmp(want, r->path) == 0;
}

int store_list(archive_store *s, const char *child, int (*cb)(void *ctx, const store_row *r), void *ctx,
	       pk_error *err)
{
	sqlite3_stmt *q = NULL;
	store_row r;
	int rc = PK_OK, st;

	if (sqlite3_prepare_v2(s->db,
			       child ? "SELECT " STORE_COLUMNS " FROM documents WHERE child=? ORDER BY id DESC"
				     : "SELECT " STORE_COLUMNS " FROM documents ORDER BY id DESC",
			       -1, &q, NULL) != SQLITE_OK)
		return store_sql_error(s, "cannot read the catalogue", err);
	if (child)
		sqlite3_bind_text(q, 1, child, -1, SQLITE_STATIC);
	while ((st = sqlite3_step(q)) == SQLITE_ROW)
		if (store_row_from(q, &r) && cb(ctx, &r))
			break;
	if (st != SQLITE_ROW && st != SQLITE_DONE)
		rc = store_sql_error(s, "cannot read the catalogue", err);
	sqlite3_finalize(q);
	return rc;
}

int store_child(archive_store *s, const char *child, char dob[11], char dod[11], char retention[11],
		pk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = PK_OK, st;

	dob[0] = dod[0] = retention[0] = '\0';
	if (sqlite3_prepare_v2(s->db, "SELECT date_of_birth, date_of_death, retention_date FROM children WHERE id=?",
			       -1, &q, NULL) != SQLITE_OK)
		return store_sql_error(s, "cannot read the catalogue", err);
	sqlite3_bind_text(q, 1, child, -1, SQLITE_STATIC);
	st = sqlite3_step(q);
	if (st == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(q, 0), *b = (const char *)sqlite3_column_text(q, 1),
			   *c = (const char *)sqlite3_column_text(q, 2);
		snprintf(dob, 11, "%s", a ? a : "");
		snprintf(dod, 11, "%s", b ? b : "");
		snprintf(retention, 11, "%s", c ? c : "");
	} else if (st == SQLITE_DONE) {
		rc = pk_error_set(err, PK_EINVAL, "child '%s' has no documents in the store '%s'", child, s->dir);
	} else {
		rc = store_sql_error(s, "cannot read the catalogue", err);
	}
	sqlite3_finalize(q);
	return rc;
}

int store_due(archive_store *s, const char *date,
	      int (*cb)(void *ctx, const char *child, const char *dob, const char *dod, const char *retention,
			long long docs),
	      void *ctx, pk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = PK_OK, st;

	if (!store_valid_date(date))
		return pk_error_set(err, PK_EINVAL, "'%s' is not a date (YYYY-MM-DD)", date);
	/* every child, the retention date worked out again from its dates: a date changed in the
	 * catalogue behind pepkit's back (or by a slip) must not put a child up for deletion
	 * review early, nor hide one that is due */
	if (sqlite3_prepare_v2(s->db,
			       "SELECT c.id, c.date_of_birth, c.date_of_death, c.retention_date, "
			       "(SELECT count(*) FROM documents d WHERE d.child=c.id) FROM children c "
			       "ORDER BY c.retention_date, c.id",
			       -1, &q, NULL) != SQLITE_OK)
		return store_sql_error(s, "cannot read the catalogue", err);
	while ((st = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0), *dob = (const char *)sqlite3_column_text(q, 1);
		const char *dod = (const char *)sqlite3_column_text(q, 2), *kept = (const char *)sqlite3_column_text(q, 3);
		char ret[11];

		if (!id || !dob || store_retention(dob, dod, ret) != PK_OK) {
			msg_warning("'%s/%s': child '%s' has no usable date of birth or death: not listed; run archive "
				    "verify", s->dir, STORE_DB, id ? id : "?");
			continue;
		}
		if (!kept || strcmp(kept, ret) != 0)
			msg_warning("'%s/%s': child '%s': the catalogue's retention date %s does not follow from its "
				    "dates (%s): the catalogue was changed; %s is used", s->dir, STORE_DB, id,
				    kept ? kept : "(none)", ret, ret);
		if (strcmp(ret, date) > 0)
			continue;
		if (cb(ctx, id, dob, dod ? dod : "", ret, sqlite3_column_int64(q, 4)))
			break;
	}
	if (st != SQLITE_ROW && st != SQLITE_DONE)
		rc = store_sql_error(s, "cannot read the catalogue", err);
	sqlite3_finalize(q);
	return rc;
}
