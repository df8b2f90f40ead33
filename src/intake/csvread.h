/*
 * csvread.h: streaming CSV reading for untrusted school exports, on top of libcsv.
 *
 * The file is read in fixed-size chunks and handed to the caller one row at a time, so memory
 * stays fixed whatever the file's size: one chunk, one row (capped at CSVREAD_ROW_MAX bytes and
 * CSVREAD_FIELDS_MAX fields) and libcsv's field buffer (capped at CSVREAD_FIELD_MAX bytes).
 * A UTF-8 byte-order mark is skipped; CRLF and LF both end rows; quoted fields may hold commas,
 * quotes and newlines; blank lines are skipped. Physical lines are counted here (libcsv does not),
 * newlines inside quoted fields included, so every row knows the line it starts on.
 *
 * Problems confined to one row (invalid UTF-8, a NUL byte, too many fields, a row over the cap)
 * are passed to the caller in the row (row->problem) so they can be reported and counted; a
 * field over CSVREAD_FIELD_MAX cannot be skipped safely (where it ends is unknowable without
 * reading it), so it stops the file with an error.
 */
#ifndef PEPKIT_CSVREAD_H
#define PEPKIT_CSVREAD_H

#include "core/pepkit.h"

#define CSVREAD_FIELD_MAX (64u * 1024u)    /* bytes in one field */
#define CSVREAD_ROW_MAX (1024u * 1024u)    /* bytes in one row (all fields) */
#define CSVREAD_FIELDS_MAX 2048u           /* fields in one row */

/* What is wrong with a row, if anything. */
enum csvread_problem {
	CSVREAD_OK = 0,
	CSVREAD_BAD_UTF8,      /* a field is not valid UTF-8 */
	CSVREAD_NUL,           /* a field holds a NUL byte */
	CSVREAD_TOO_MANY,      /* more than CSVREAD_FIELDS_MAX fields (the rest were dropped) */
	CSVREAD_TOO_BIG        /* more than CSVREAD_ROW_MAX bytes (the rest were dropped) */
};

/* One row as the callback sees it; valid only during the callback. */
typedef struct csvread_row {
	const char *path;          /* the file, as given */
	unsigned long index;       /* 0 for the first row (the header), then 1, 2, ... */
	unsigned long line;        /* physical line (1-based) the row starts on */
	size_t nfields;
	char **fields;             /* NUL-terminated; fields[i] has lens[i] bytes */
	const size_t *lens;
	int problem;               /* enum csvread_problem */
	size_t problem_field;      /* 1-based field the problem is in (0 if whole row) */
	unsigned long problem_line;/* physical line of the problem */
} csvread_row;

/* Called once per row. Return PK_OK to go on, anything else to stop reading (that code is
 * returned by csvread_file(), with err as the callback left it). */
typedef int (*csvread_fn)(void *ctx, const csvread_row *row, pk_error *err);

/* Read the CSV file at path, calling fn for each row in order. Returns PK_OK, PK_EIO (cannot
 * read; err names the path), PK_ELIMIT (a field over the cap; err names file, line and field),
 * PK_ENOMEM, or the callback's code. *rows (if not NULL) is set to the rows delivered. */
int csvread_file(const char *path, csvread_fn fn, void *ctx, unsigned long *rows, pk_error *err);

/* True if the n bytes at s are valid UTF-8 (shortest forms, no surrogates, <= U+10FFFF).
 * *bad (if not NULL) gets the offset of the first bad byte. */
int csvread_utf8_valid(const char *s, size_t n, size_t *bad);

#endif
