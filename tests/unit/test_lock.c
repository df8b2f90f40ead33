/*
 * test_lock.c: core/lock (the one folder lock). A second lock on a held folder is refused; so it
 * is when the holder's lock file was removed or replaced by hand (the folder itself is flocked
 * too); after release the folder is free; atomic_temp_dir() in a folder this process holds does
 * not wait for its own lock (a hang here is stopped by alarm()).
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/lock.h"
#include "unit.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	char dir[] = "/tmp/pepkit-test-lock.XXXXXX", path[256], tmp[512];
	pk_lock *a = NULL, *b = NULL;
	pk_error err;
	int rc, fd = -1;

	alarm(60);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, LOCK_FILE);
	pk_error_clear(&err);
	CHECK(lock_acquire(dir, 0, &a, &err) == PK_OK && a != NULL, "the first lock is taken");
	rc = lock_acquire(dir, 0, &b, &err);
	CHECK(rc == PK_EBUSY && b == NULL && strstr(err.msg, "in use by another pepkit run"),
	      "a second is refused while the first holds it");
	unlink(path);
	pk_error_clear(&err);
	rc = lock_acquire(dir, 0, &b, &err);
	CHECK(rc == PK_EBUSY && b == NULL, "... and when the lock file was removed by hand (%d: %s)", rc, err.msg);
	{
		int f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (f >= 0)
			close(f);
	}
	pk_error_clear(&err);
	rc = lock_acquire(dir, 0, &b, &err);
	CHECK(rc == PK_EBUSY && b == NULL, "... and when it was replaced by another file (%d: %s)", rc, err.msg);
	CHECK(atomic_temp_dir(dir, "t", tmp, sizeof(tmp), &fd, &err) == PK_OK && fd >= 0,
	      "atomic_temp_dir in the held folder does not wait for this process's own lock");
	if (fd >= 0)
		close(fd);
	if (tmp[0])
		rmdir(tmp);
	lock_release(a);
	pk_error_clear(&err);
	CHECK(lock_acquire(dir, 0, &b, &err) == PK_OK && b != NULL, "after release the folder is free");
	lock_release(b);
	lock_release(NULL);
	unlink(path);
	rmdir(dir);
	return unit_done();
}
