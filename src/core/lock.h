/*
 * lock.h: one run at a time per output folder or store. Every command that writes into a
 * folder it shares with other runs (pack's OUTDIR, merge's OUTDIR, the send log's folder, the
 * archive store, qa's OUTDIR) takes this lock first, and removes stale temp files only while
 * holding it. The lock is flock(2) on FOLDER/.pepkit.lock: the kernel drops it when the process
 * dies, so a killed run never leaves a folder locked. Where the file system can flock a folder
 * (not NFS), the run also flocks FOLDER itself, so a lock file removed or replaced by hand while
 * a run holds it does not let a second run in.
 */
#ifndef PEPKIT_LOCK_H
#define PEPKIT_LOCK_H

#include "core/pepkit.h"

/* The lock file's name inside the folder. */
#define LOCK_FILE ".pepkit.lock"

typedef struct pk_lock pk_lock;

/* Flags for lock_acquire(). */
enum {
	LOCK_WAIT = 1   /* wait for the other run to finish instead of refusing */
};

/*
 * Take the lock on folder dir (which must exist). Without LOCK_WAIT, a folder another run holds
 * is refused at once: PK_EBUSY with err "'DIR' is in use by another pepkit run (pid N); wait for
 * it to finish or use another folder". PK_EIO when the lock file cannot be made. On success
 * *out is the held lock (release with lock_release); on failure *out is NULL.
 */
int lock_acquire(const char *dir, int flags, pk_lock **out, pk_error *err);

/*
 * Whether this process holds the lock on the folder open as dfd (so its own flock on that
 * folder, taken with another descriptor, would wait for itself). 1 or 0.
 */
int lock_holds_folder(int dfd);

/* Release and free the lock. Accepts NULL. */
void lock_release(pk_lock *l);

#endif
