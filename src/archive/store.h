/*
 * store.h: the write-once archive store and its catalogue.
 *
 * A store is a folder (mode 0700) holding
 *   catalogue.db                         SQLite (WAL, synchronous=FULL, 0600): children,
 *                                        documents, events, transfers; ids and dates only
 *   objects/CHILD/TERM/TYPE-SHA256.pdf   each document once, named by its content (0600)
 *   .pepkit.lock                         the one folder lock (core/lock.h), held by writers
 * An object is written to a temp file, fsynced, renamed and its folder fsynced (core/atomic.h),
 * inside the catalogue transaction that records it: if the row cannot be committed the object
 * is removed again, so a failure (a full disk) leaves neither. An object is never overwritten:
 * a changed document is a new object whose row names the one it supersedes. pepkit never
 * deletes anything from a store.
 *
 * Retention: the child's 75th birthday, or 15 years after a recorded date of death when the
 * child died before 18 (29 February anniversaries fall on 1 March in common years).
 */
#ifndef PEPKIT_STORE_H
#define PEPKIT_STORE_H

#include "core/pepkit.h"

#include <stdio.h>

typedef struct archive_store archive_store;

#define STORE_DB "catalogue.db"
#define STORE_OBJECTS "objects"

/* Flags for store_open(). */
enum {
	STORE_CREATE = 1,   /* make the store if it does not exist */
	STORE_WRITE = 2,    /* take the store's lock (deposit, verify, export, due record events) */
	STORE_READ_ONLY_OK = 4   /* with STORE_WRITE, for a command that only reads the store and
				  * records an event (verify, export, due): on a read-only file
				  * system (WORM media, a snapshot, a backup mounted ro) it opens the
				  * store read-only, and store_event() warns instead of recording */
};

/* Open the store at dir. With STORE_WRITE the lock is taken first (PK_EBUSY with err "'DIR' is
 * in use by another pepkit run ..." if another run holds it). PK_EIO when the folder or the
 * catalogue cannot be opened or is not a store (err names it). *out is the store (close with
 * store_close) or NULL on failure. */
int store_open(const char *dir, int flags, archive_store **out, pk_error *err);
/* Close the catalogue, release the lock, free. Accepts NULL. */
void store_close(archive_store *s);
const char *store_dir(const archive_store *s);

/* A document to deposit. Identifiers are [A-Za-z0-9._-], 1..64 characters, not starting with
 * '.'; dates are YYYY-MM-DD. */
typedef struct store_doc {
	const char *child, *dob, *dod;   /* dod: date of death, or NULL */
	const char *term, *type, *audience;
	const char *source_sha256;       /* hash of the record the document was made from */
	const void *data;
	size_t len;
	int pages;
} store_doc;

enum store_outcome {
	STORE_DEPOSITED = 1,  /* a new object and row */
	STORE_HELD = 2,       /* the same bytes are already held: nothing written */
	STORE_RESTORED = 3    /* held in the catalogue, but its object was missing or altered in
			       * the store: written again from these bytes (an altered file is
			       * kept beside it as NAME.damaged-TIME, an event says so) */
};

/* Deposit d. *outcome says what happened, hash gets the document's SHA-256 and *id its row id.
 * PK_OK; PK_EINVAL for a bad identifier or date, or a child id that differs only in case from
 * one the catalogue holds (one child: never split); PK_EIO when the object or the row cannot be
 * written (nothing of this document is left in the store then). A document already held is
 * checked against its object (SHA-256): one missing or altered behind pepkit's back is
 * restored (STORE_RESTORED), so a deposit never reports as held what the store has lost. */
int store_deposit(archive_store *s, const store_doc *d, int *outcome, char hash[65], long long *id,
		  pk_error *err);

/* Group commit. With on = 1, deposits share one transaction: each object is still written to a
 * temp file, fsynced and renamed, but its folder's fsync and the catalogue commit wait for
 * store_flush(), which syncs every folder written once and commits them all. A document whose
 * deposit fails is undone alone. If store_flush() fails (or the store is closed without it),
 * every document since the last flush is undone: rows rolled back, objects removed. A crash
 * before the flush leaves complete objects without rows, which the next deposit of the same
 * documents adopts (and verify reports until then). on = 0 (the default): each deposit commits
 * at once. */
void store_set_batch(archive_store *s, int on);
/* Commit the open batch. PK_OK, or PK_EIO with err (the batch is then undone). */
int store_flush(archive_store *s, pk_error *err);
/* 1 if a batch is open (deposits not yet committed). */
int store_pending(const archive_store *s);

/* Record an event (kind: "deposit", "verify", "export", "retention-review", "transfer") with
 * the user running pepkit, the time now (UTC) and outcome; child may be NULL. PK_OK or PK_EIO. */
int store_event(archive_store *s, const char *kind, const char *child, const char *outcome, pk_error *err);

/* Record a WebDAV transfer of document id to url with status ("stored", "verified"). */
int store_transfer(archive_store *s, long long id, const char *url, const char *status, pk_error *err);
/* 1 if the catalogue records document id stored at url by an earlier transfer (status
 * "stored"), 0 if not, PK_EIO (negative) with err when the catalogue cannot be read. */
int store_transferred(archive_store *s, long long id, const char *url, pk_error *err);

/* One catalogue row, for list/export/verify callbacks. Strings valid during the call only. */
typedef struct store_row {
	long long id, supersedes;  /* supersedes: 0 for none */
	const char *child, *term, *type, *audience, *sha256, *path, *deposited_at, *source_sha256,
		*version;
	long long size;
	int pages;
} store_row;

/* Call cb for every document (of child, or all when NULL), newest first. cb returns non-zero to
 * stop. PK_OK or PK_EIO. */
int store_list(archive_store *s, const char *child, int (*cb)(void *ctx, const store_row *r), void *ctx,
	       pk_error *err);

/* A child's dates: fills dob/dod/retention (11 bytes each; dod "" if none). PK_OK, PK_EINVAL if
 * the child is not in the catalogue, PK_EIO. */
int store_child(archive_store *s, const char *child, char dob[11], char dod[11], char retention[11],
		pk_error *err);

/* Call cb for every child whose retention date is on or before date (YYYY-MM-DD), oldest
 * retention first. The date is worked out again from the child's dates (store_retention); a
 * catalogue value that differs is warned about and not used, a child without usable dates is
 * warned about and not listed. PK_OK, PK_EINVAL for a bad date, PK_EIO. */
int store_due(archive_store *s, const char *date,
	      int (*cb)(void *ctx, const char *child, const char *dob, const char *dod, const char *retention,
			long long docs),
	      void *ctx, pk_error *err);

/* What verify found. */
typedef struct store_verify_result {
	long long documents, bytes;        /* rows checked, bytes hashed */
	long long ok, missing, altered, unexpected, stale_temps;
} store_verify_result;

/* Recompute the hash of every object and compare the store's files with the catalogue: each
 * problem (missing object, altered object, file without a row, a row whose path is not where
 * the content hash says, a child whose retention date does not follow from its dates: counted
 * as altered) is passed to problem(ctx, path, what). Temp files of an interrupted
 * run are removed and counted, not problems. PK_OK when the check ran (problems are in res),
 * PK_EIO when it could not. progress(ctx, done, total) may be NULL. */
int store_verify(archive_store *s, store_verify_result *res,
		 void (*problem)(void *ctx, const char *path, const char *what),
		 void (*progress)(void *ctx, long long done, long long total), void *ctx, pk_error *err);

/* Write a BagIt bag (RFC 8493) of child's documents to bagdir (which must not exist): built in
 * a temp folder beside it (flocked while it is built) and renamed into place; first removes the
 * temp folders killed exports left beside it (those no live process holds). The folder bagdir
 * is made in is locked (core/lock.h) while the bag is built. *ndocs gets the documents. PK_OK;
 * PK_EINVAL for an unknown child or an existing bagdir; PK_EBUSY when another run holds the
 * folder (at once, never waiting); PK_EIO (nothing left behind). */
int store_export(archive_store *s, const char *child, const char *bagdir, long *ndocs, pk_error *err);

/* Retention date for a date of birth and optional date of death (see above) into out (11
 * bytes). PK_OK or PK_EINVAL for a bad date. */
int store_retention(const char *dob, const char *dod, char out[11]);

/* 1 if s is a valid identifier for a path component (see store_doc). */
int store_valid_id(const char *s);
/* The time now, UTC, as YYYY-MM-DDTHH:MM:SSZ. */
void store_now(char out[32]);

/* 1 if s is a valid YYYY-MM-DD date. */
int store_valid_date(const char *s);

#endif
