/*
 * common.c: setup and temp files shared by the fuzz targets (fuzz.h).
 */
#include "core/pepkit.h"
#include "core/xmlsafe.h"
#include "fuzz.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fuzz_setup(void)
{
	static int done, rc;

	if (!done) {
		done = 1;
		rc = xmlsafe_init() == PK_OK ? 0 : -1;
	}
	return rc;
}

const char *fuzz_temp_file(const uint8_t *data, size_t size, const char *suffix)
{
	static char path[256];
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	int fd;

	snprintf(path, sizeof(path), "%s/pepkit-fuzz-%ld%s", dir, (long)getpid(), suffix);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return NULL;
	if (size > 0 && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return NULL;
	}
	close(fd);
	return path;
}
