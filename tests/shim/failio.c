/*
 * failio.c: an LD_PRELOAD shim for fault-injection tests.
 *
 * Kinds of call: open (open, openat, fopen, mkostemp, mkstemp), write, fsync (fsync, fdatasync),
 * rename (rename, renameat), mkdir (mkdir, mkdirat), close (close, fclose).
 *
 * FAILIO=KIND[,KIND...]   the kinds counted (and failed).
 * FAILIO_NTH=N            fail only the Nth counted call of each thread (1-based; counters are
 *                         per thread, so a run with one worker thread is deterministic); every
 *                         other call passes through.
 * FAILIO_AFTER=N          (without FAILIO_NTH) let the first N counted calls succeed and fail
 *                         every later one (counted across threads: the original mode).
 * FAILIO_PATH=PREFIX      count only calls on paths starting with PREFIX (and, for write, fsync
 *                         and close, on descriptors opened from such paths). Without it, write
 *                         and close count descriptors >= 3 only, so messages still reach stderr.
 * FAILIO_COUNT=FILE       counting mode: nothing fails; at exit the largest per-thread count of
 *                         counted calls is appended to FILE (so a sweep knows how many runs).
 * FAILIO_ERRNO=N          the errno a failed call sets (default: ENOSPC for write, else EIO).
 * FAILIO_EXEC_MATCH=S and FAILIO_EXEC=CMD (and FAILIO_EXEC_NTH=K, default 1)
 *                         after the Kth successful open of a path containing S, run CMD
 *                         (/bin/sh -c) and wait for it: e.g. replace a record while a pack
 *                         holds the old one open.
 * FAILIO_LOG=FILE         append one line per injected failure: "KIND PATH" (the path the
 *                         descriptor was opened from, for write, fsync and close).
 * A close that "fails" still closes the descriptor (as Linux does), then reports EIO.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXFD 65536

static atomic_long calls;          /* FAILIO_AFTER mode: across threads */
static atomic_long max_count;      /* counting mode: the largest per-thread count */
static __thread long tcount;       /* FAILIO_NTH mode: this thread's counted calls */
static unsigned char fdmark[MAXFD]; /* descriptors opened from a FAILIO_PATH path */
static atomic_int exec_seen;
static char *fdpath[MAXFD];         /* the path each marked descriptor was opened from */

/* Log an injected failure of kind on path (or descriptor fd's path) to FAILIO_LOG. */
static void log_fail(const char *kind, const char *path, int fd)
{
	const char *file = getenv("FAILIO_LOG");
	char line[4200];
	int n, lfd;

	if (file == NULL)
		return;
	if (path == NULL && fd >= 0 && fd < MAXFD)
		path = fdpath[fd];
	n = snprintf(line, sizeof(line), "%s %s\n", kind, path ? path : "?");
	if (n <= 0 || n >= (int)sizeof(line))
		return;
	/* the raw syscalls' libc entry points would come back here: use the real ones */
	{
		static __typeof__(&open) ropen;
		static __typeof__(&write) rwrite;
		static __typeof__(&close) rclose;

		if (ropen == NULL) {
			ropen = (__typeof__(&open))dlsym(RTLD_NEXT, "open");
			rwrite = (__typeof__(&write))dlsym(RTLD_NEXT, "write");
			rclose = (__typeof__(&close))dlsym(RTLD_NEXT, "close");
		}
		lfd = ropen(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (lfd >= 0) {
			if (rwrite(lfd, line, (size_t)n) < 0)
				n = 0;
			rclose(lfd);
		}
	}
}

/* The libc function the wrapper stands in front of, looked up once. */
#define REAL(name) \
	static __typeof__(&name) real_##name; \
	if (real_##name == NULL) \
		real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

/* 1 if kind is in FAILIO's list. */
static int kind_on(const char *kind)
{
	const char *mode = getenv("FAILIO");
	size_t n = strlen(kind);

	for (const char *p = mode; p != NULL && *p; ) {
		if (strncmp(p, kind, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return 0;
}

/* 1 if a call on path is in scope. */
static int path_on(const char *path)
{
	const char *prefix = getenv("FAILIO_PATH");

	return prefix == NULL || (path != NULL && strncmp(path, prefix, strlen(prefix)) == 0);
}

/* 1 if a call on descriptor fd is in scope. */
static int fd_on(int fd)
{
	if (getenv("FAILIO_PATH") == NULL)
		return fd >= 3;
	return fd >= 0 && fd < MAXFD && fdmark[fd];
}

/* Count a call of kind in scope; 1 if it should fail. */
static int should_fail(const char *kind, int in_scope)
{
	const char *nth = getenv("FAILIO_NTH"), *after = getenv("FAILIO_AFTER");
	long mine, seen;

	if (!in_scope || !kind_on(kind))
		return 0;
	mine = ++tcount;
	seen = atomic_load(&max_count);
	while (mine > seen && !atomic_compare_exchange_weak(&max_count, &seen, mine))
		;
	if (getenv("FAILIO_COUNT") != NULL)
		return 0;
	if (nth != NULL)
		return mine == atol(nth);
	return atomic_fetch_add(&calls, 1) >= (after ? atol(after) : 0);
}

static int fail_errno(int dflt)
{
	const char *e = getenv("FAILIO_ERRNO");

	return e ? atoi(e) : dflt;
}

__attribute__((destructor)) static void report_count(void)
{
	const char *file = getenv("FAILIO_COUNT");
	FILE *f;

	if (file != NULL && (f = fopen(file, "a")) != NULL) {
		fprintf(f, "%ld\n", (long)atomic_load(&max_count));
		fclose(f);
	}
}

/* After a successful open of path: remember the descriptor, and run FAILIO_EXEC once. */
static void opened(const char *path, int fd)
{
	const char *match = getenv("FAILIO_EXEC_MATCH"), *cmd = getenv("FAILIO_EXEC");

	if (fd >= 0 && fd < MAXFD) {
		fdmark[fd] = getenv("FAILIO_PATH") != NULL && path_on(path);
		if (getenv("FAILIO_LOG") != NULL) {
			free(fdpath[fd]);
			fdpath[fd] = path ? strdup(path) : NULL;
		}
	}
	if (fd >= 0 && match && cmd && path && strstr(path, match) &&
	    atomic_fetch_add(&exec_seen, 1) + 1 == (getenv("FAILIO_EXEC_NTH") ? atoi(getenv("FAILIO_EXEC_NTH")) : 1)) {
		pid_t pid = fork();

		if (pid == 0) {
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
			_exit(127);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
}

static int get_mode(int flags, va_list ap)
{
	return (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	int mode, fd;
	REAL(open);

	va_start(ap, flags);
	mode = get_mode(flags, ap);
	va_end(ap);
	if (should_fail("open", path_on(path))) {
		log_fail("open", path, -1);
		errno = fail_errno(EIO);
		return -1;
	}
	fd = real_open(path, flags, mode);
	opened(path, fd);
	return fd;
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	int mode, fd;
	REAL(open64);

	va_start(ap, flags);
	mode = get_mode(flags, ap);
	va_end(ap);
	if (should_fail("open", path_on(path))) {
		log_fail("open", path, -1);
		errno = fail_errno(EIO);
		return -1;
	}
	fd = real_open64(path, flags, mode);
	opened(path, fd);
	return fd;
}

int openat(int dfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode, fd;
	REAL(openat);

	va_start(ap, flags);
	mode = get_mode(flags, ap);
	va_end(ap);
	if (should_fail("open", path_on(path) || (path[0] != '/' && fd_on(dfd)))) {
		log_fail("open", path, -1);
		errno = fail_errno(EIO);
		return -1;
	}
	fd = real_openat(dfd, path, flags, mode);
	opened(path, fd);
	return fd;
}

FILE *fopen(const char *path, const char *mode)
{
	FILE *f;
	REAL(fopen);

	if (should_fail("open", path_on(path))) {
		log_fail("open", path, -1);
		errno = fail_errno(EIO);
		return NULL;
	}
	f = real_fopen(path, mode);
	if (f != NULL)
		opened(path, fileno(f));
	return f;
}

FILE *fopen64(const char *path, const char *mode)
{
	FILE *f;
	REAL(fopen64);

	if (should_fail("open", path_on(path))) {
		log_fail("open", path, -1);
		errno = fail_errno(EIO);
		return NULL;
	}
	f = real_fopen64(path, mode);
	if (f != NULL)
		opened(path, fileno(f));
	return f;
}

int mkostemp(char *tmpl, int flags)
{
	int fd;
	REAL(mkostemp);

	if (should_fail("open", path_on(tmpl))) {
		log_fail("open", tmpl, -1);
		errno = fail_errno(EIO);
		return -1;
	}
	fd = real_mkostemp(tmpl, flags);
	opened(tmpl, fd);
	return fd;
}

int mkstemp(char *tmpl)
{
	int fd;
	REAL(mkstemp);

	if (should_fail("open", path_on(tmpl))) {
		log_fail("open", tmpl, -1);
		errno = fail_errno(EIO);
		return -1;
	}
	fd = real_mkstemp(tmpl);
	opened(tmpl, fd);
	return fd;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write);

	if (should_fail("write", fd_on(fd))) {
		log_fail("write", NULL, fd);
		errno = fail_errno(ENOSPC);
		return -1;
	}
	return real_write(fd, buf, n);
}

int fsync(int fd)
{
	REAL(fsync);

	if (should_fail("fsync", getenv("FAILIO_PATH") ? fd_on(fd) : 1)) {
		log_fail("fsync", NULL, fd);
		errno = fail_errno(EIO);
		return -1;
	}
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync);

	if (should_fail("fsync", getenv("FAILIO_PATH") ? fd_on(fd) : 1)) {
		log_fail("fsync", NULL, fd);
		errno = fail_errno(EIO);
		return -1;
	}
	return real_fdatasync(fd);
}

int rename(const char *from, const char *to)
{
	REAL(rename);

	if (should_fail("rename", path_on(to))) {
		log_fail("rename", to, -1);
		errno = fail_errno(EIO);
		return -1;
	}
	return real_rename(from, to);
}

int renameat(int fd1, const char *from, int fd2, const char *to)
{
	REAL(renameat);

	if (should_fail("rename", path_on(to) || fd_on(fd2))) {
		log_fail("rename", to, -1);
		errno = fail_errno(EIO);
		return -1;
	}
	return real_renameat(fd1, from, fd2, to);
}

int mkdir(const char *path, mode_t mode)
{
	REAL(mkdir);

	if (should_fail("mkdir", path_on(path))) {
		log_fail("mkdir", path, -1);
		errno = fail_errno(EIO);
		return -1;
	}
	return real_mkdir(path, mode);
}

int mkdirat(int dfd, const char *path, mode_t mode)
{
	REAL(mkdirat);

	if (should_fail("mkdir", path_on(path) || fd_on(dfd))) {
		log_fail("mkdir", path, -1);
		errno = fail_errno(EIO);
		return -1;
	}
	return real_mkdirat(dfd, path, mode);
}

int close(int fd)
{
	int fail = should_fail("close", fd_on(fd)), rc;
	REAL(close);

	if (fd >= 0 && fd < MAXFD)
		fdmark[fd] = 0;
	rc = real_close(fd);
	if (fail && rc == 0) {
		log_fail("close", NULL, fd);
		errno = fail_errno(EIO);
		return -1;
	}
	return rc;
}

int fclose(FILE *f)
{
	int fd = fileno(f), fail = should_fail("close", fd_on(fd)), rc;
	REAL(fclose);

	if (fd >= 0 && fd < MAXFD)
		fdmark[fd] = 0;
	rc = real_fclose(f);
	if (fail && rc == 0) {
		log_fail("close", NULL, fd);
		errno = fail_errno(EIO);
		return EOF;
	}
	return rc;
}
