/*
 * store_int.h: what store.c, verify.c and bag.c share inside src/archive/ (not for callers:
 * they use store.h).
 */
#ifndef PEPKIT_STORE_INT_H
#define PEPKIT_STORE_INT_H

#include "core/pepkit.h"
#include "core/lock.h"
#include "archive/store.h"

#include <sqlite3.h>

struct archive_store {
	char dir[4096];
	sqlite3 *db;
	pk_lock *lock;   /* NULL for a read-only open */
	int readonly;    /* 1: on a read-only file system (STORE_READ_ONLY_OK): events not recorded */
	int warned;      /* the "not recorded" warning was given */
	int batch;       /* 1: deposits wait for store_flush() to commit */
	int in_txn;      /* a write transaction is open */
	char **created;  /* objects written in the open transaction */
	size_t ncreated, capcreated;
	char **dirs;     /* folders to fsync before it commits */
	size_t ndirs, capdirs;
};

/* The documents columns store_row_from() reads, in its order. */
#define STORE_COLUMNS "id, child, term, type, audience, sha256, size, pages, path, deposited_at, " \
		      "source_sha256, pepkit_version, supersedes"

/* Fill r from a row of SELECT STORE_COLUMNS (strings point into q). 1 if complete, 0 if a
 * column is NULL. */
int store_row_from(sqlite3_stmt *q, store_row *r);

/*
 * Whether row r names its file the way deposit does: path is exactly
 * objects/CHILD/TERM/TYPE-SHA256.pdf of the row's own columns, each of child, term and type a
 * plain name (no '/', control character, "." or ".."), sha256 64 lowercase hex digits. A
 * catalogue changed behind pepkit's back (a row pointed at another child's document, or out of
 * the store) fails it. 1 or 0.
 */
int store_row_canonical(const store_row *r);

/* Set err to PK_EIO "'STORE/catalogue.db': WHAT: sqlite message". Returns PK_EIO. */
int store_sql_error(archive_store *s, const char *what, pk_error *err);

#endif
