/*
 * lock.c: the one folder lock (lock.h): flock on FOLDER/.pepkit.lock, which holds the pid of
 * the run that has it, for the message a second run prints.
 */
#include "core/pepkit.h"
#include "core/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

struct pk_lock {
	int fd;
};

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

int lock_acquire(const char *dir, int flags, pk_lock **out, pk_error *err)
{
	char path[4096], pid[32];
	pk_lock *l = NULL;
	int fd = -1, rc = PK_OK, n;

	*out = NULL;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, LOCK_FILE) >= sizeof(path))
		return pk_error_set(err, PK_EIO, "'%s': path too long", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		rc = pk_error_set(err, PK_EIO, "cannot create lock file '%s': %s", path, strerror(errno));
		goto out;
	}
	while (flock(fd, LOCK_EX | ((flags & LOCK_WAIT) ? 0 : LOCK_NB)) != 0) {
		if (errno == EINTR && (flags & LOCK_WAIT))
			continue;
		if (errno == EWOULDBLOCK) {
			long p = holder_pid(fd);
			if (p > 0)
				rc = pk_error_set(err, PK_EBUSY, "'%s' is in use by another pepkit run "
						  "(pid %ld); wait for it to finish or use another folder",
						  dir, p);
			else
				rc = pk_error_set(err, PK_EBUSY, "'%s' is in use by another pepkit run; "
						  "wait for it to finish or use another folder", dir);
		} else {
			rc = pk_error_set(err, PK_EIO, "cannot lock '%s': %s", path, strerror(errno));
		}
		goto out;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		/* The pid is only for messages: a lock without it still excludes. */
	}
	if ((l = malloc(sizeof(*l))) == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	l->fd = fd;
	fd = -1;
	*out = l;
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

void lock_release(pk_lock *l)
{
	if (l == NULL)
		return;
	close(l->fd);   /* drops the flock; the file stays (removing it would race a waiter) */
	free(l);
}
