/*
 * csvw.c: the one CSV writer (csvw.h).
 */
#include "core/pepkit.h"
#include "core/csvw.h"

#include <string.h>

int csvw_field(pk_buf *b, const char *s, int last)
{
	size_t start = b->len;
	int rc = PK_OK;

	if (s == NULL)
		s = "";
	rc = buf_puts(b, "\"");
	if (rc == PK_OK && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		rc = buf_puts(b, "'");
	for (const char *p = s; *p != '\0' && rc == PK_OK; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '"')
			rc = buf_puts(b, "\"\"");
		else if (ch < 0x20 || ch == 0x7f)
			rc = buf_puts(b, "?");
		else
			rc = buf_append(b, p, 1);
	}
	if (rc == PK_OK)
		rc = buf_puts(b, last ? "\"\n" : "\",");
	if (rc != PK_OK) {
		b->len = start;
		if (b->data)
			b->data[start] = '\0';
	}
	return rc;
}

int csvw_row(pk_buf *b, const char *const *fields, size_t n)
{
	size_t start = b->len;
	int rc = PK_OK;

	for (size_t i = 0; i < n && rc == PK_OK; i++)
		rc = csvw_field(b, fields[i], i + 1 == n);
	if (rc != PK_OK) {
		b->len = start;
		if (b->data)
			b->data[start] = '\0';
	}
	return rc;
}
