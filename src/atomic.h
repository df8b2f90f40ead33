/*
 * atomic.h: write output files so that a reader, or a re-run after a crash, never sees a
 * half-written document: the bytes go to a temp file in the same folder (mode 0600), which is
 * fsynced, then renamed over the target, then the folder is fsynced.
 */
#ifndef PEPKIT_ATOMIC_H
#define PEPKIT_ATOMIC_H

#include "pepkit.h"

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
