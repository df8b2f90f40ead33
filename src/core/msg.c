/*
 * msg.c: the one place that formats messages for people (see msg.h for the wording rules).
 */
#include "core/pepkit.h"
#include "core/msg.h"

#include <stdio.h>
#include <stddef.h>

static int quiet;

char *msg_escape(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	size_t o = 0;

	if (size == 0)
		return buf;
	for (; *u != '\0'; u++) {
		unsigned c = *u;

		if (c < 0x20 || c == 0x7f || (c == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f)) {
			if (c == 0xc2)
				c = *++u;   /* a C1 control: escape the code point */
			if (o + 4 >= size)
				break;
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			if (o + 1 >= size)
				break;
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
	return buf;
}

/* Write "pepkit: KIND: MESSAGE\n" to stderr in one call, so lines from threads never mix. */
static void vsay(const char *kind, const char *fmt, va_list ap)
{
	char raw[2048], line[2048];

	vsnprintf(raw, sizeof(raw), fmt, ap);
	msg_escape(raw, line, sizeof(line));
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
