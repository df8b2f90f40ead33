/*
 * csvread.h: reading CSV exports as schools' systems and Excel write them, on top of libcsv
 * and iconv.
 *
 * csvread_open() maps the file and decides its encoding: a byte-order mark (UTF-8, UTF-16LE,
 * UTF-16BE), else UTF-8 if every byte sequence is valid UTF-8, else the caller's fallback
 * encoding (a profile's `encoding`, default windows-1252, as Excel's "CSV (Comma delimited)"
 * writes on Windows). Anything not UTF-8 already is converted to UTF-8 with iconv as it is
 * parsed, a chunk at a time; a byte the encoding does not define becomes an invalid byte in
 * the text, so the field holding it is flagged (row->bad) and the caller decides whether that
 * field matters. Valid UTF-8 files are used in place (no copy) and not checked again field by
 * field. Pages of the mapping already read are dropped as reading goes on, so memory stays
 * fixed whatever the file's size.
 *
 * csvread_parse() hands the rows to a callback one at a time, with the delimiter the caller
 * chose (comma, semicolon or tab: the merge sniffs it from the header line). Physical lines are
 * counted here (libcsv does not), newlines inside quoted fields included, so every row knows the
 * line it starts on. Empty lines are passed as rows with no fields. A field written as Excel's
 * text formula ="TEXT" (a UPN or a grade kept from becoming a number) is passed as TEXT. One row is capped at
 * CSVREAD_ROW_MAX bytes and CSVREAD_FIELDS_MAX fields, one field at CSVREAD_FIELD_MAX bytes (a
 * longer one is passed empty and flagged, and reading goes on; one over CSVREAD_ROW_MAX, a quote
 * never closed, stops it), one file at CSVREAD_FILE_MAX bytes.
 */
#ifndef PEPKIT_CSVREAD_H
#define PEPKIT_CSVREAD_H

#include "core/pepkit.h"

#include <time.h>

#define CSVREAD_FIELD_MAX (64u * 1024u)    /* bytes in one field */
#define CSVREAD_ROW_MAX (1024u * 1024u)    /* bytes in one row (all fields) */
#define CSVREAD_FIELDS_MAX 2048u           /* fields in one row */
#define CSVREAD_FILE_MAX (1024ul * 1024ul * 1024ul)   /* bytes in one export */

/* A callback returns this to stop reading early without an error. */
#define CSVREAD_STOP 0x5707

/* What is wrong with a row as a whole, if anything. */
enum csvread_problem {
	CSVREAD_OK = 0,
	CSVREAD_BAD_UTF8,      /* a field is not valid UTF-8 (see row->bad for which) */
	CSVREAD_NUL,           /* a field holds a NUL byte (flagged in row->bad too) */
	CSVREAD_TOO_MANY,      /* more than CSVREAD_FIELDS_MAX fields (the rest were dropped) */
	CSVREAD_TOO_BIG,       /* more than CSVREAD_ROW_MAX bytes (the rest were dropped) */
	CSVREAD_LONG_FIELD     /* a field over CSVREAD_FIELD_MAX bytes: passed empty, flagged in
				* row->bad (a field over CSVREAD_ROW_MAX ends the reading) */
};

/* One row as the callback sees it; valid only during the callback. */
typedef struct csvread_row {
	const char *path;          /* the file, as given */
	unsigned long index;       /* 0 for the first row, then 1, 2, ... (empty lines too) */
	unsigned long line;        /* physical line (1-based) the row starts on */
	size_t nfields;            /* 0 for an empty line */
	char **fields;             /* NUL-terminated; fields[i] has lens[i] bytes */
	const size_t *lens;
	const unsigned char *bad;  /* bad[i] != 0: field i holds invalid bytes or a NUL */
	int problem;               /* enum csvread_problem (the first one) */
	size_t problem_field;      /* 1-based field the problem is in (0 if whole row) */
	unsigned long problem_line;/* physical line of the problem */
	int plain;                 /* every field is valid UTF-8 without control characters, DEL,
				    * U+FFFE, U+FFFF or two spaces in a row (0: not known) */
	int ascii;                 /* plain, and every byte ASCII (0: not known); the fields of such
				    * a row may be read 8 bytes past their end (csvread's own buffer) */
} csvread_row;

/* Called once per row. Return PK_OK to go on, CSVREAD_STOP to stop quietly, anything else to
 * stop with that code (returned by csvread_parse(), with err as the callback left it). */
typedef int (*csvread_fn)(void *ctx, const csvread_row *row, pk_error *err);

/* An export opened, with its encoding decided. */
typedef struct csvread_src {
	const char *path;          /* borrowed from the caller */
	const char *raw;           /* the file's bytes (mapped or read) */
	size_t rawlen;
	const char *text;          /* UTF-8 text in place (byte-order mark removed), or NULL when
				    * the bytes are converted while parsing */
	size_t len;
	char from[40];             /* iconv name of the encoding converted from, or "" */
	size_t unit, skip;         /* bytes per code unit (2 for UTF-16, else 1); BOM bytes */
	char encoding[40];         /* what was used: "UTF-8", "UTF-8 (BOM)", "UTF-16LE (BOM)", ... */
	int check;                 /* fields need checking for invalid bytes */
	char eol;                  /* '\n', or '\r' for a file whose lines end in CR alone */
	time_t mtime;              /* the file's modification time (data, not freshness) */
	void *map;                 /* mmap of the raw bytes, or NULL */
	size_t maplen;
} csvread_src;

/*
 * Open and decode path. fallback (NULL: "windows-1252") is the encoding of a file that has no
 * byte-order mark and is not valid UTF-8; Windows-1252 is taken as Mac Roman ("MACINTOSH") for
 * a file whose lines end in CR alone (Excel for Mac's "CSV (Macintosh)"), and as CP850 for one
 * whose letters read as Windows-1252 are signs glued to words (Excel's "CSV (MS-DOS)"; a file
 * showing both readings is refused, PK_EINVAL). Returns PK_OK with *src filled (release with
 * csvread_close), or PK_EIO (cannot read), PK_ELIMIT (over CSVREAD_FILE_MAX), PK_EINVAL (not
 * a regular file: a named pipe or a device is refused without waiting on it; or the encoding is
 * unknown to iconv, or the file is not text in it), PK_ENOMEM, with err naming the
 * file; src->raw is set whenever the bytes could be read, even on failure (so
 * csvread_raw_lines() can count a bad file's lines), and *src
 * needs csvread_close() in every case.
 */
int csvread_open(const char *path, const char *fallback, csvread_src *src, pk_error *err);

/* Non-blank lines in src's raw bytes, as read (NUL bytes ignored, so UTF-16 counts too), for
 * counting the rows of a file that cannot be read as an export: 0 if no bytes were read.
 * Counted when asked (a pass over the file), not by csvread_open(). */
unsigned long csvread_raw_lines(const csvread_src *src);

/* Release what csvread_open() holds. Accepts a zeroed or already closed src. */
void csvread_close(csvread_src *src);

/* Parse src with delimiter delim (',', ';' or '\t'), calling fn for each row in order (an
 * empty line is a row with no fields). Returns PK_OK (also when fn returned CSVREAD_STOP),
 * PK_ELIMIT (a field over the cap; err names file, line and field), PK_ENOMEM, or fn's code. */
int csvread_parse(const csvread_src *src, char delim, csvread_fn fn, void *ctx, pk_error *err);

/* csvread_open() + csvread_parse(..., ',', ...) + csvread_close(), for callers that know the
 * shape. *rows (if not NULL) is set to the rows delivered. */
int csvread_file(const char *path, csvread_fn fn, void *ctx, unsigned long *rows, pk_error *err);

/* True if the n bytes at s are valid UTF-8 (shortest forms, no surrogates, <= U+10FFFF).
 * *bad (if not NULL) gets the offset of the first bad byte. */
int csvread_utf8_valid(const char *s, size_t n, size_t *bad);

#endif
