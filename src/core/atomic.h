/*
 * atomic.h: write output files so that a reader, or a re-run after a crash, never sees a
 * half-written document: the bytes go to a temp file in the same folder (mode 0600), which is
 * fsynced, then renamed over the target, then the folder is fsynced.
 */
#ifndef PEPKIT_ATOMIC_H
#define PEPKIT_ATOMIC_H

#include "core/pepkit.h"

/* Prefix of the temp files atomic_write_file() makes; a re-run removes stale ones it finds. */
#define ATOMIC_TMP_PREFIX ".pepkit-tmp."

/* Write len bytes to path atomically with mode 0600. On failure the target is untouched, no
 * temp file is left behind, and err names the path. Returns PK_OK or PK_EIO. */
int atomic_write_file(const char *path, const void *data, size_t len, pk_error *err);

/* Flags for atomic_write_file_ex(). */
enum {
	/* Do not fsync the folder after the rename. For batches that write many files: the file
	 * itself is still synced before the rename, and the caller syncs every folder it wrote
	 * to once (atomic_sync_tree) before reporting success. A crash before that may lose a
	 * rename (the previous file, or none, stays): never a half-written file. */
	ATOMIC_DEFER_DIRSYNC = 1
};

/* A file being written atomically in pieces: atomic_open(), atomic_write() as often as
 * needed, then atomic_commit() (or atomic_abort() to leave nothing behind). After a failed
 * atomic_write() call atomic_abort(). */
typedef struct atomic_file {
	int fd;
	char path[4096];
	char dir[4096];
	char tmp[4096];
} atomic_file;

/* Start writing path: a temp file (mode 0600) in the same folder. PK_OK or PK_EIO with err. */
int atomic_open(atomic_file *f, const char *path, pk_error *err);
/* Append len bytes. PK_OK or PK_EIO with err naming the path. */
int atomic_write(atomic_file *f, const void *data, size_t len, pk_error *err);
/* fsync, rename over path, fsync the folder (unless ATOMIC_DEFER_DIRSYNC). On failure the
 * target is untouched and the temp file removed. PK_OK or PK_EIO with err set. */
int atomic_commit(atomic_file *f, int flags, pk_error *err);
/* Give up: close and remove the temp file. Safe to call twice. */
void atomic_abort(atomic_file *f);

/* atomic_write_file() with flags (0: the same as atomic_write_file). */
int atomic_write_file_ex(const char *path, const void *data, size_t len, int flags, pk_error *err);

/* fsync the folder dir, and with atomic_sync_tree every folder below it too. PK_OK or PK_EIO
 * with err naming the folder. */
int atomic_sync_dir(const char *dir, pk_error *err);
int atomic_sync_tree(const char *dir, pk_error *err);

/* Create dir and its parents as needed (mode 0700 for the ones it creates). PK_OK or PK_EIO. */
int atomic_mkdirs(const char *dir, pk_error *err);

/* Remove temp files left in dir by an interrupted run (names starting ATOMIC_TMP_PREFIX).
 * Returns how many were removed, or -1 if dir cannot be read. */
int atomic_clean_stale(const char *dir);

#endif
