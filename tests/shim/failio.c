/*
 * failio.c: an LD_PRELOAD shim for fault-injection tests. With FAILIO=fsync, fsync() fails
 * with EIO; with FAILIO=rename, rename() fails with EIO; with FAILIO=write, write() to any file
 * whose descriptor is >= 3 fails with ENOSPC. FAILIO_AFTER=N lets the first N such calls
 * succeed. Anything else passes through to libc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_long calls;

/* 1 if the call of this kind should fail now. */
static int should_fail(const char *what)
{
	const char *mode = getenv("FAILIO");
	const char *after = getenv("FAILIO_AFTER");

	if (mode == NULL || strcmp(mode, what) != 0)
		return 0;
	return atomic_fetch_add(&calls, 1) >= (after ? atol(after) : 0);
}

int fsync(int fd)
{
	static int (*real)(int);

	if (should_fail("fsync")) {
		errno = EIO;
		return -1;
	}
	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	return real(fd);
}

int rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);

	if (should_fail("rename")) {
		errno = EIO;
		return -1;
	}
	if (real == NULL)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	return real(from, to);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);

	if (fd >= 3 && should_fail("write")) {
		errno = ENOSPC;
		return -1;
	}
	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	return real(fd, buf, n);
}
