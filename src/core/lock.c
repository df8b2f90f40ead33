/*
 * lock.c: the one folder lock (lock.h): flock on FOLDER/.pepkit.lock, which holds the pid of
 * the run that has it, for the message a second run prints, and (where the file system allows
 * it) flock on the folder itself, which no one can delete or replace while a run holds it.
 */
#include "core/pepkit.h"
#include "core/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* How many times a lock file removed or replaced under us is opened again before giving up. */
#define LOCK_RETRIES 16

struct pk_lock {
	int fd;            /* the lock file, flocked */
	int dfd;           /* the folder, flocked, or -1 where the file system cannot flock it */
	dev_t dev;         /* the folder's identity, for lock_holds_folder() */
	ino_t ino;
	struct pk_lock *next;
};

/* The folders this process holds, for lock_holds_folder(); guarded by held_mu. */
static struct pk_lock *held;
static pthread_mutex_t held_mu = PTHREAD_MUTEX_INITIALIZER;

/* The pid written in the lock file by its holder, or 0 if unreadable. */
static long holder_pid(int fd)
{
	char b[32];
	ssize_t n = pread(fd, b, sizeof(b) - 1, 0);

	if (n <= 0)
		return 0;
	b[n] = '\0';
	return strtol(b, NULL, 10);
}

/* Set err to the "in use" message for dir, naming pid p when it is known. Returns PK_EBUSY. */
static int busy(pk_error *err, const char *dir, long p)
{
	if (p > 0)
		return pk_error_set(err, PK_EBUSY, "'%s' is in use by another pepkit run (pid %ld); "
				    "wait for it to finish or use another folder", dir, p);
	return pk_error_set(err, PK_EBUSY, "'%s' is in use by another pepkit run; "
			    "wait for it to finish or use another folder", dir);
}

/*
 * Open and flock the lock file path. The standard pattern: after flock() succeeds, the path must
 * still name the file locked (a holder's file removed or replaced by hand, then locked by a run
 * that had opened it before, would otherwise let two runs in); if not, close and try again, at
 * most LOCK_RETRIES times. Returns PK_OK with *fd the locked file, or PK_EBUSY / PK_EIO with err
 * set and *fd -1.
 */
static int lock_file(const char *dir, const char *path, int flags, int *fd, pk_error *err)
{
	int i;

	*fd = -1;
	for (i = 0; i < LOCK_RETRIES; i++) {
		struct stat fs, ps;
		int f = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

		if (f < 0)
			return pk_error_set(err, PK_EIO, "cannot create lock file '%s': %s", path,
					    strerror(errno));
		while (flock(f, LOCK_EX | ((flags & LOCK_WAIT) ? 0 : LOCK_NB)) != 0) {
			int e = errno;
			if (e == EINTR && (flags & LOCK_WAIT))
				continue;
			if (e == EWOULDBLOCK) {
				long p = holder_pid(f);
				close(f);
				return busy(err, dir, p);
			}
			close(f);
			return pk_error_set(err, PK_EIO, "cannot lock '%s': %s", path, strerror(e));
		}
		if (fstat(f, &fs) == 0 && lstat(path, &ps) == 0 && S_ISREG(ps.st_mode) &&
		    fs.st_dev == ps.st_dev && fs.st_ino == ps.st_ino) {
			*fd = f;
			return PK_OK;
		}
		close(f);   /* removed or replaced while we waited: the lock we hold locks nothing */
	}
	return pk_error_set(err, PK_EIO, "cannot lock '%s': the lock file keeps being removed or "
			    "replaced", path);
}

/*
 * Flock folder dir itself, so a run whose lock file was removed by hand still excludes the
 * next one (the folder cannot be removed while it holds files, and a removed lock file is
 * recreated by the next run as another file). Returns PK_OK with *dfd the locked folder, or -1
 * where the file system cannot flock a folder (NFS turns flock into a write lock, which a folder
 * opened read-only cannot take: there the lock file alone excludes); PK_EBUSY when another run
 * holds it.
 */
static int lock_folder(const char *dir, int flags, int *dfd, pk_error *err)
{
	int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	*dfd = -1;
	if (d < 0)
		return PK_OK;
	while (flock(d, LOCK_EX | ((flags & LOCK_WAIT) ? 0 : LOCK_NB)) != 0) {
		if (errno == EINTR && (flags & LOCK_WAIT))
			continue;
		if (errno == EWOULDBLOCK) {
			close(d);
			return busy(err, dir, 0);
		}
		close(d);   /* EBADF, ENOLCK, EINVAL: not supported here */
		return PK_OK;
	}
	*dfd = d;
	return PK_OK;
}

int lock_acquire(const char *dir, int flags, pk_lock **out, pk_error *err)
{
	char path[4096], pid[32];
	pk_lock *l = NULL;
	int fd = -1, dfd = -1, rc = PK_OK, n;
	struct stat st;

	*out = NULL;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, LOCK_FILE) >= sizeof(path))
		return pk_error_set(err, PK_EIO, "'%s': path too long", dir);
	if ((rc = lock_file(dir, path, flags, &fd, err)) != PK_OK)
		goto out;
	if ((rc = lock_folder(dir, flags, &dfd, err)) != PK_OK)
		goto out;
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		/* The pid is only for messages: a lock without it still excludes. */
	}
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	l->fd = fd;
	l->dfd = dfd;
	if (dfd >= 0 && fstat(dfd, &st) == 0) {
		l->dev = st.st_dev;
		l->ino = st.st_ino;
		pthread_mutex_lock(&held_mu);
		l->next = held;
		held = l;
		pthread_mutex_unlock(&held_mu);
	}
	fd = dfd = -1;
	*out = l;
out:
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	return rc;
}

int lock_holds_folder(int dfd)
{
	struct stat st;
	struct pk_lock *l;
	int yes = 0;

	if (fstat(dfd, &st) != 0)
		return 0;
	pthread_mutex_lock(&held_mu);
	for (l = held; l != NULL && !yes; l = l->next)
		yes = l->dev == st.st_dev && l->ino == st.st_ino;
	pthread_mutex_unlock(&held_mu);
	return yes;
}

void lock_release(pk_lock *l)
{
	struct pk_lock **p;

	if (l == NULL)
		return;
	pthread_mutex_lock(&held_mu);
	for (p = &held; *p != NULL; p = &(*p)->next) {
		if (*p == l) {
			*p = l->next;
			break;
		}
	}
	pthread_mutex_unlock(&held_mu);
	if (l->dfd >= 0)
		close(l->dfd);
	close(l->fd);   /* drops the flock; the file stays (removing it would race a waiter) */
	free(l);
}
