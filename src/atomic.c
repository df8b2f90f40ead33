/*
 * atomic.c: atomic, durable, private (0600) file output (see atomic.h).
 */
#include "pepkit.h"
#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Split path into its folder (or "." ) in dir. */
static void dir_of(const char *path, char *dir, size_t n)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(dir, n, ".");
	else if (slash == path)
		snprintf(dir, n, "/");
	else
		snprintf(dir, n, "%.*s", (int)(slash - path), path);
}

/* fsync a folder so a rename in it is durable. Errors are ignored where the file system does
 * not support it (EINVAL). Returns 0 or -1 with errno set. */
static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0)
		return -1;
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = -1;
	close(fd);
	return rc;
}

int atomic_write_file(const char *path, const void *data, size_t len, pk_error *err)
{
	return atomic_write_file_ex(path, data, len, 0, err);
}

int atomic_sync_dir(const char *dir, pk_error *err)
{
	if (fsync_dir(dir) != 0)
		return pk_error_set(err, PK_EIO, "cannot sync folder '%s': %s", dir, strerror(errno));
	return PK_OK;
}

/* nftw callback for atomic_sync_tree: fsync each folder; stop at the first failure. */
static __thread int sync_errno;

static int sync_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_D && fsync_dir(path) != 0) {
		sync_errno = errno;
		return 1;
	}
	return 0;
}

int atomic_sync_tree(const char *dir, pk_error *err)
{
	sync_errno = 0;
	if (nftw(dir, sync_one, 16, FTW_PHYS) != 0)
		return pk_error_set(err, PK_EIO, "cannot sync the folders under '%s': %s", dir,
				    strerror(sync_errno ? sync_errno : errno));
	return PK_OK;
}

int atomic_write_file_ex(const char *path, const void *data, size_t len, int flags, pk_error *err)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	const char *base = strrchr(path, '/');
	const char *p = data;
	int fd = -1, rc = PK_EIO;

	base = base ? base + 1 : path;
	dir_of(path, dir, sizeof(dir));
	if (snprintf(tmp, sizeof(tmp), "%s/" ATOMIC_TMP_PREFIX "%.100sXXXXXX", dir, base) >= (int)sizeof(tmp)) {
		pk_error_set(err, PK_EIO, "cannot write '%s': path too long", path);
		return PK_EIO;
	}
	fd = mkostemp(tmp, O_CLOEXEC);   /* mkostemp creates the file with mode 0600 */
	if (fd < 0) {
		pk_error_set(err, PK_EIO, "cannot write '%s': %s", path, strerror(errno));
		return PK_EIO;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			pk_error_set(err, PK_EIO, "cannot write '%s': %s", path, strerror(errno));
			goto out;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, 0600) != 0 || fsync(fd) != 0) {
		pk_error_set(err, PK_EIO, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		pk_error_set(err, PK_EIO, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		pk_error_set(err, PK_EIO, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	if (!(flags & ATOMIC_DEFER_DIRSYNC) && fsync_dir(dir) != 0) {
		pk_error_set(err, PK_EIO, "cannot sync folder '%s': %s", dir, strerror(errno));
		goto out;
	}
	rc = PK_OK;
out:
	if (fd >= 0)
		close(fd);
	if (tmp[0] != '\0')
		unlink(tmp);
	return rc;
}

int atomic_mkdirs(const char *dir, pk_error *err)
{
	char path[PATH_MAX];
	size_t n;
	struct stat st;

	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path))
		return pk_error_set(err, PK_EIO, "cannot create folder '%s': path too long", dir);
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	for (char *s = path + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(path, 0700) != 0 && errno != EEXIST)
				return pk_error_set(err, PK_EIO, "cannot create folder '%s': %s", path, strerror(errno));
			if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
				return pk_error_set(err, PK_EIO, "cannot create folder '%s': not a folder", path);
			*s = c;
			if (c == '\0')
				break;
		}
	}
	return PK_OK;
}

int atomic_clean_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int removed = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, ATOMIC_TMP_PREFIX, strlen(ATOMIC_TMP_PREFIX)) == 0 &&
		    unlinkat(dirfd(d), e->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}
