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

/* Write len bytes to path atomically with mode 0600. First removes stale temp files of the same
 * target that a killed run left (atomic_clean_stale_for), so every command that writes cleans up
 * after its own interrupted runs; skipped when this process has already cleaned the folder
 * (atomic_clean_stale), so writing many files into one folder stays linear. On failure before the rename the target is untouched, no temp
 * file is left behind, and err names the path; a failure after the rename is reported as
 * atomic_commit() says. Returns PK_OK or PK_EIO. */
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
	int renamed;   /* set by atomic_commit() once the new bytes are under path */
	char path[4096];
	char dir[4096];
	char tmp[4096];
} atomic_file;

/* Start writing path: a temp file (mode 0600) in the same folder, held with flock(2) until it is
 * committed or aborted, so a cleaner can tell a live temp file from a stale one. PK_OK or
 * PK_EIO with err. */
int atomic_open(atomic_file *f, const char *path, pk_error *err);
/* Append len bytes. PK_OK or PK_EIO with err naming the path. */
int atomic_write(atomic_file *f, const void *data, size_t len, pk_error *err);
/* fsync, rename over path, fsync the folder (unless ATOMIC_DEFER_DIRSYNC), close. A failure
 * before the rename leaves the target untouched and removes the temp file: PK_EIO with err
 * "cannot write 'PATH': ...", f->renamed 0. A failure after the rename (the folder's fsync, or
 * the close) cannot be undone: the new file is in place but may not survive a power cut; that is
 * PK_EIO with f->renamed 1 and err "'PATH' written, durability unknown: ...". */
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

/* Remove temp files left in dir by an interrupted run (names starting ATOMIC_TMP_PREFIX that no
 * live process holds: see atomic_open). Returns how many were removed, or -1 if dir cannot be
 * read. */
int atomic_clean_stale(const char *dir);
/* The same for the temp files of one target path only (those atomic_open(path) would name).
 * Returns how many were removed, or -1 if the folder cannot be read. */
int atomic_clean_stale_for(const char *path);
/* Make a temp folder parent/ATOMIC_TMP_PREFIX NAME.XXXXXX (path into tmp, size bytes) for a
 * tree built before it is renamed into place, and flock it (*fd, which the caller closes when
 * done) so no other run takes it for stale. Under parent's own flock, first removes such
 * folders of the same NAME that no live process holds (left by a killed run). PK_OK, or PK_EIO
 * with err; on failure after mkdtemp, tmp names the folder made (for the caller to remove) and
 * *fd may be open; else tmp is "". */
int atomic_temp_dir(const char *parent, const char *name, char *tmp, size_t size, int *fd,
		    pk_error *err);
/* Remove the temp file at path if it is stale (no live process holds its flock). 1 if removed,
 * 0 if not (in use, or gone). For tree walks such as pack's. */
int atomic_remove_if_stale(const char *path);

/* Remove the folder at path and everything below it, links not followed (a temp folder left
 * half built). Best effort: what cannot be removed stays. */
void atomic_remove_tree(const char *path);

/*
 * Refuse a symbolic link (or anything but a regular file) planted where pepkit keeps a file it
 * creates and opens in place (an SQLite database such as the store's catalogue or the send log):
 * path itself and, for a database, its -wal, -shm and -journal files (with_journals 1). A missing
 * file is fine. PK_OK, or PK_EIO with err "'PATH' is a symbolic link: pepkit does not follow
 * links for the files it keeps; remove it (nothing was changed)". Nothing is changed either way.
 */
int atomic_no_links(const char *path, int with_journals, pk_error *err);

/*
 * Refuse a symbolic link (or a non-folder) planted at a folder pepkit makes and writes into below
 * base: each existing prefix of rel ("objects", "objects/CHILD", "objects/CHILD/TERM" for rel
 * "objects/CHILD/TERM") must be a real folder, so that no file meant for base goes elsewhere.
 * base itself (the user's) is not checked; missing folders are fine. PK_OK, or PK_EIO with err
 * "'PATH' is a symbolic link, not a folder: pepkit does not follow links below 'BASE'; remove it
 * (nothing was changed)". Nothing is changed.
 */
int atomic_real_dirs(const char *base, const char *rel, pk_error *err);

#endif
