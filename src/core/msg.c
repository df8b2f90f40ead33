/*
 * msg.c: the one place that formats messages for people (see msg.h for the wording rules).
 */
#include "core/pepkit.h"
#include "core/msg.h"

#include <stdio.h>

static int quiet;

/* Write "pepkit: KIND: MESSAGE\n" to stderr in one call, so lines from threads never mix. */
static void vsay(const char *kind, const char *fmt, va_list ap)
{
	char line[2048];

	vsnprintf(line, sizeof(line), fmt, ap);
	if (kind != NULL)
		fprintf(stderr, "pepkit: %s: %s\n", kind, line);
	else
		fprintf(stderr, "pepkit: %s\n", line);
}

void msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("error", fmt, ap);
	va_end(ap);
}

void msg_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("warning", fmt, ap);
	va_end(ap);
}

void msg_info(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vsay(NULL, fmt, ap);
	va_end(ap);
}

void msg_error_value(const pk_error *err)
{
	msg_error("%s", err->msg[0] ? err->msg : "unknown error");
}

int msg_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("error", fmt, ap);
	va_end(ap);
	if (cmd != NULL)
		fprintf(stderr, "see 'pepkit %s --help'\n", cmd);
	else
		fprintf(stderr, "see 'pepkit --help'\n");
	return PK_EXIT_USAGE;
}

void msg_quiet(int q)
{
	quiet = q;
}
