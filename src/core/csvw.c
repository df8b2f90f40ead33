/*
 * csvw.c: the one CSV writer (csvw.h). A field is measured first and then written into room
 * reserved once, so a long report costs one pass per field, not an append per byte.
 */
#include "core/pepkit.h"
#include "core/csvw.h"

#include <string.h>

/* Bytes of the quoted field for s (quotes, apostrophe and separator included). */
static size_t field_size(const char *s)
{
	size_t n = 3;   /* opening quote, closing quote, "," or "\n" */

	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		n++;
	for (const char *p = s; *p != '\0'; p++)
		n += *p == '"' ? 2 : 1;
	return n;
}

/* True for a byte written other than as itself: a quote (doubled) or a control character. */
static int special(unsigned char ch)
{
	return ch == '"' || ch < 0x20 || ch == 0x7f;
}

int csvw_field(pk_buf *b, const char *s, int last)
{
	size_t need, n = 0;
	char *o;
	int rc, apos;

	if (s == NULL)
		s = "";
	while (s[n] != '\0' && !special((unsigned char)s[n]))
		n++;
	apos = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
	if (s[n] == '\0') {   /* the common field: its bytes as they are */
		rc = buf_reserve(b, n + 3 + (size_t)apos);
		if (rc != PK_OK)
			return rc;
		o = b->data + b->len;
		*o++ = '"';
		if (apos)
			*o++ = '\'';
		memcpy(o, s, n);
		o += n;
		*o++ = '"';
		*o++ = last ? '\n' : ',';
		*o = '\0';
		b->len += n + 3 + (size_t)apos;
		return PK_OK;
	}
	need = field_size(s);
	rc = buf_reserve(b, need);
	if (rc != PK_OK)
		return rc;
	o = b->data + b->len;
	*o++ = '"';
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		*o++ = '\'';
	for (const char *p = s; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '"') {
			*o++ = '"';
			*o++ = '"';
		} else if (ch < 0x20 || ch == 0x7f) {
			*o++ = '?';
		} else {
			*o++ = (char)ch;
		}
	}
	*o++ = '"';
	*o++ = last ? '\n' : ',';
	*o = '\0';
	b->len += need;
	return PK_OK;
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
