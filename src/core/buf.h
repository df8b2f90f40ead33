/*
 * buf.h: a growable byte buffer with a size cap (Redis sds in spirit, much smaller).
 *
 * Rules: a pk_buf is a plain struct the caller owns (zero it, or use PK_BUF_INIT); buf_free()
 * releases the bytes and leaves an empty buffer. data is always NUL-terminated when len > 0 so it
 * can be used as a C string. An append that would pass max (0 = no cap) fails with PK_ELIMIT and
 * leaves the buffer as it was.
 */
#ifndef PEPKIT_BUF_H
#define PEPKIT_BUF_H

#include "core/pepkit.h"

typedef struct pk_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;   /* 0: no cap */
} pk_buf;

#define PK_BUF_INIT { NULL, 0, 0, 0 }

/* Make room for at least extra more bytes (+1 for the NUL). PK_OK, PK_ENOMEM or PK_ELIMIT. */
int buf_reserve(pk_buf *b, size_t extra);
/* Append n bytes. PK_OK, PK_ENOMEM or PK_ELIMIT. */
int buf_append(pk_buf *b, const void *p, size_t n);
/* Append a C string. */
int buf_puts(pk_buf *b, const char *s);
/* Append printf-style text. */
int buf_printf(pk_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append s with the five XML special characters escaped (&<>"'). */
int buf_put_xml(pk_buf *b, const char *s);
/* Forget the contents, keep the memory. */
void buf_reset(pk_buf *b);
/* Free the memory; the buffer is empty afterwards (max is kept). Accepts NULL. */
void buf_free(pk_buf *b);

/* Put to for every copy of from in the NUL-terminated text s (a buffer of size bytes), in
 * place, cutting what no longer fits. For text that must not keep a value (a path or address
 * holding a child's name in a message). If memory runs out, s is emptied: nothing is kept
 * rather than the value. Nothing changes when from is empty or not in s. */
void buf_replace_all(char *s, size_t size, const char *from, const char *to);

/* A new copy of s with every run of white space (space, tab, CR, LF, VT, FF) made one space
 * and none at either end. Owned by the caller (free); NULL when out of memory. */
char *buf_collapse_spaces(const char *s);

#endif
