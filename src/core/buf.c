/*
 * buf.c: growable byte buffer with a cap (see buf.h for the rules).
 */
#include "core/pepkit.h"
#include "core/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int buf_reserve(pk_buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return PK_ELIMIT;
	need = b->len + extra + 1;
	if (b->max != 0 && need - 1 > b->max)
		return PK_ELIMIT;
	if (need <= b->cap)
		return PK_OK;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	p = realloc(b->data, ncap);
	if (p == NULL)
		return PK_ENOMEM;
	b->data = p;
	b->cap = ncap;
	return PK_OK;
}

int buf_append(pk_buf *b, const void *p, size_t n)
{
	int rc = buf_reserve(b, n);

	if (rc != PK_OK)
		return rc;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return PK_OK;
}

int buf_puts(pk_buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int buf_printf(pk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return PK_EINTERNAL;
	rc = buf_reserve(b, (size_t)n);
	if (rc != PK_OK)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return PK_OK;
}

int buf_put_xml(pk_buf *b, const char *s)
{
	const char *run = s;
	int rc = PK_OK;

	for (; *s != '\0' && rc == PK_OK; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		default: continue;
		}
		rc = buf_append(b, run, (size_t)(s - run));
		if (rc == PK_OK)
			rc = buf_puts(b, rep);
		run = s + 1;
	}
	if (rc == PK_OK)
		rc = buf_append(b, run, (size_t)(s - run));
	return rc;
}

void buf_reset(pk_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void buf_free(pk_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void buf_replace_all(char *s, size_t size, const char *from, const char *to)
{
	size_t o = 0, fl = strlen(from), tl = strlen(to);
	char *out;

	if (size == 0 || fl == 0 || strstr(s, from) == NULL)
		return;
	if ((out = malloc(size)) == NULL) {
		s[0] = '\0';
		return;
	}
	for (const char *m = s; *m != '\0' && o + 1 < size;) {
		if (strncmp(m, from, fl) == 0) {
			size_t k = tl < size - 1 - o ? tl : size - 1 - o;

			memcpy(out + o, to, k);
			o += k;
			m += fl;
		} else {
			out[o++] = *m++;
		}
	}
	out[o] = '\0';
	memcpy(s, out, o + 1);
	free(out);
}

char *buf_collapse_spaces(const char *s)
{
	char *o = malloc(strlen(s) + 1), *p = o;
	int space = 1;

	if (o == NULL)
		return NULL;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f') {
			if (!space)
				*p++ = ' ';
			space = 1;
		} else {
			*p++ = *s;
			space = 0;
		}
	}
	if (p > o && p[-1] == ' ')
		p--;
	*p = '\0';
	return o;
}
