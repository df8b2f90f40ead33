/*
 * error.c: the pk_error value, the code-to-exit-status map, and where the data files live.
 */
#include "core/pepkit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pk_error_set(pk_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void pk_error_clear(pk_error *err)
{
	if (err == NULL)
		return;
	err->code = PK_OK;
	err->msg[0] = '\0';
}

int pk_exit_status(int code)
{
	switch (code) {
	case PK_OK:
		return PK_EXIT_OK;
	case PK_EINVAL:
	case PK_ELIMIT:
		return PK_EXIT_INVALID;
	case PK_EIO:
	case PK_EBUSY:
		return PK_EXIT_IO;
	default:
		return PK_EXIT_INTERNAL;
	}
}

/* True if DIR/schemas/pep.xsd exists. */
static int has_data(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/schemas/pep.xsd", dir) >= (int)sizeof(path))
		return 0;
	return stat(path, &st) == 0;
}

const char *pk_datadir(void)
{
	static char dir[PATH_MAX];
	char exe[PATH_MAX];
	const char *env = getenv("PEPKIT_DATADIR");
	ssize_t n;
	char *slash;

	if (env != NULL && *env != '\0')
		return env;
	if (dir[0] != '\0')
		return dir;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		/* strip the file name, then walk up at most two levels: build/pepkit, bin/pepkit */
		for (int up = 0; up < 3; up++) {
			slash = strrchr(exe, '/');
			if (slash == NULL)
				break;
			*slash = '\0';
			if (has_data(exe)) {
				snprintf(dir, sizeof(dir), "%s", exe);
				return dir;
			}
			if (snprintf(dir, sizeof(dir), "%s/share/pepkit", exe) < (int)sizeof(dir) &&
			    has_data(dir))
				return dir;
			dir[0] = '\0';
		}
	}
	snprintf(dir, sizeof(dir), "/usr/local/share/pepkit");
	return dir;
}
