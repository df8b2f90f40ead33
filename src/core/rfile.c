/*
 * rfile.c: opening input files, regular files only (see rfile.h).
 */
#include "core/pepkit.h"
#include "core/rfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int rfile_open(const char *path, struct stat *st, pk_error *err)
{
	struct stat s;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), fl;

	if (fd < 0) {
		pk_error_set(err, PK_EIO, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &s) == 0 && S_ISDIR(s.st_mode)) {   /* a cohort folder where one file goes */
		pk_error_set(err, PK_EIO, "cannot read '%s': it is a folder, not a file", path);
		close(fd);
		return -1;
	}
	if (fstat(fd, &s) != 0 || !S_ISREG(s.st_mode)) {
		pk_error_set(err, PK_EIO, "cannot read '%s': not a regular file", path);
		close(fd);
		return -1;
	}
	if ((fl = fcntl(fd, F_GETFL)) != -1)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	if (st != NULL)
		*st = s;
	return fd;
}
