/*
 * csvread.c: streaming CSV reader for untrusted exports (see csvread.h). The file is fed to
 * libcsv one physical line at a time (split with memchr), so the line a row starts on is known
 * from libcsv's parser state at each line start, and newlines inside quoted fields are counted.
 */
#include "core/pepkit.h"
#include "intake/csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (64u * 1024u)

/* Set by field_realloc() when libcsv asked for more than the field cap (per thread). */
static __thread int field_over_cap;

/* The state of one csvread_file() call. */
typedef struct reader {
	csvread_row row;
	char *arena;               /* the row's field bytes, NUL-separated */
	size_t used;
	size_t *offs;              /* start of each field in arena */
	size_t *lens;
	char **ptrs;
	unsigned long line;        /* current physical line */
	unsigned long row_start;
	csvread_fn fn;
	void *ctx;
	int stop;                  /* the callback's code once it returned non-zero */
	pk_error *err;
} reader;

/* libcsv's realloc hook: refuses to grow a field buffer past the cap plus one growth step
 * (libcsv then stops with CSV_ENOMEM and we report the field as too big; a field that ends
 * within the step is caught in on_field). Same contract as realloc. */
static void *field_realloc(void *p, size_t n)
{
	if (n > CSVREAD_FIELD_MAX + 1024u) {
		field_over_cap = 1;
		return NULL;
	}
	return realloc(p, n);
}

int csvread_utf8_valid(const char *str, size_t n, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; }
		else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; }
		else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; }
		else goto fail;
		if (i + k >= n)
			goto fail;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				goto fail;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			goto fail;
		i += k + 1;
	}
	return 1;
fail:
	if (bad)
		*bad = i;
	return 0;
}

/* Physical line of byte off of the current row's field f (ended on r->line): the end line less
 * the newlines after off. */
static unsigned long line_of(const reader *r, size_t f, size_t off)
{
	const char *s = r->arena + r->offs[f];
	unsigned long n = 0;

	for (size_t i = off; i < r->lens[f]; i++)
		n += s[i] == '\n';
	return r->line - n;
}

/* Mark the row as having problem p in field f (1-based) at line ln, unless it already has one. */
static void set_problem(reader *r, int p, size_t f, unsigned long ln)
{
	if (r->row.problem)
		return;
	r->row.problem = p;
	r->row.problem_field = f;
	r->row.problem_line = ln;
}

/* libcsv field callback: append the field to the row (or note why it cannot be). */
static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	size_t f = r->row.nfields;
	size_t bad;

	if (r->stop)
		return;
	if (len > CSVREAD_FIELD_MAX) {   /* the hook lets a field end a little past the cap */
		r->stop = pk_error_set(r->err, PK_ELIMIT,
			"'%s' line %lu field %zu: field over %u bytes; the rest of the file is not read",
			r->row.path, r->line, f + 1, CSVREAD_FIELD_MAX);
		return;
	}
	if (f >= CSVREAD_FIELDS_MAX) {
		set_problem(r, CSVREAD_TOO_MANY, f + 1, r->line);
		return;
	}
	if (r->used + len + 1 > CSVREAD_ROW_MAX) {
		set_problem(r, CSVREAD_TOO_BIG, f + 1, r->line);
		return;
	}
	if (len)
		memcpy(r->arena + r->used, s, len);
	r->arena[r->used + len] = '\0';
	r->offs[f] = r->used;
	r->lens[f] = len;
	r->used += len + 1;
	r->row.nfields++;
	if (len && memchr(s, '\0', len)) {
		size_t off = (size_t)((char *)memchr(s, '\0', len) - (char *)s);
		set_problem(r, CSVREAD_NUL, f + 1, line_of(r, f, off));
	} else if (!csvread_utf8_valid(s, len, &bad)) {
		set_problem(r, CSVREAD_BAD_UTF8, f + 1, line_of(r, f, bad));
	}
}

/* libcsv row callback: hand the row to the caller, then start a new one. */
static void on_row(int c, void *data)
{
	reader *r = data;
	int rc;

	(void)c;
	if (r->stop)
		return;
	for (size_t i = 0; i < r->row.nfields; i++)
		r->ptrs[i] = r->arena + r->offs[i];
	r->row.fields = r->ptrs;
	r->row.lens = r->lens;
	r->row.line = r->row_start;
	rc = r->fn(r->ctx, &r->row, r->err);
	if (rc != PK_OK)
		r->stop = rc ? rc : PK_EINTERNAL;
	r->row.index++;
	r->row.nfields = 0;
	r->row.problem = CSVREAD_OK;
	r->row.problem_field = 0;
	r->row.problem_line = 0;
	r->used = 0;
}

/* Feed n bytes to libcsv line by line. Returns PK_OK, the callback's code, PK_ELIMIT or
 * PK_ENOMEM (err set). at_line_start says whether s starts a physical line; updated. */
static int feed(reader *r, struct csv_parser *p, const char *s, size_t n, int *at_line_start)
{
	while (n > 0) {
		const char *nl = memchr(s, '\n', n);
		size_t seg = nl ? (size_t)(nl - s) + 1 : n;

		if (*at_line_start && p->pstate == 0)
			r->row_start = r->line;
		if (csv_parse(p, s, seg, on_field, on_row, r) != seg) {
			if (field_over_cap)
				return pk_error_set(r->err, PK_ELIMIT,
					"'%s' line %lu field %zu: field over %u bytes; the rest of the file is not read",
					r->row.path, r->line, r->row.nfields + 1, CSVREAD_FIELD_MAX);
			return pk_error_set(r->err, PK_ENOMEM, "'%s' line %lu: out of memory", r->row.path,
					    r->line);
		}
		if (r->stop)
			return r->stop;
		if (nl)
			r->line++;
		*at_line_start = nl != NULL;
		s += seg;
		n -= seg;
	}
	return PK_OK;
}

int csvread_file(const char *path, csvread_fn fn, void *ctx, unsigned long *rows, pk_error *err)
{
	struct csv_parser p;
	reader r;
	FILE *f = NULL;
	char *chunk = NULL;
	int rc = PK_ENOMEM, parser = 0, first = 1, at_line_start = 1;

	memset(&r, 0, sizeof(r));
	if (rows)
		*rows = 0;
	r.row.path = path;
	r.line = r.row_start = 1;
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	field_over_cap = 0;
	chunk = malloc(CHUNK);
	r.arena = malloc(CSVREAD_ROW_MAX);
	r.offs = malloc(CSVREAD_FIELDS_MAX * sizeof(*r.offs));
	r.lens = malloc(CSVREAD_FIELDS_MAX * sizeof(*r.lens));
	r.ptrs = malloc(CSVREAD_FIELDS_MAX * sizeof(*r.ptrs));
	if (!chunk || !r.arena || !r.offs || !r.lens || !r.ptrs) {
		pk_error_set(err, PK_ENOMEM, "'%s': out of memory", path);
		goto out;
	}
	if (csv_init(&p, CSV_APPEND_NULL) != 0) {
		pk_error_set(err, PK_ENOMEM, "'%s': out of memory", path);
		goto out;
	}
	parser = 1;
	csv_set_realloc_func(&p, field_realloc);
	csv_set_blk_size(&p, 1024);
	f = fopen(path, "rb");
	if (f == NULL) {
		rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	for (;;) {
		size_t n = fread(chunk, 1, CHUNK, f), skip = 0;

		if (n == 0)
			break;
		if (first && n >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0)
			skip = 3;
		first = 0;
		rc = feed(&r, &p, chunk + skip, n - skip, &at_line_start);
		if (rc != PK_OK)
			goto out;
	}
	if (ferror(f)) {
		rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (at_line_start && p.pstate == 0)
		r.row_start = r.line;
	if (csv_fini(&p, on_field, on_row, &r) != 0) {
		rc = field_over_cap
			? pk_error_set(err, PK_ELIMIT, "'%s' line %lu: field over %u bytes", path, r.line,
				       CSVREAD_FIELD_MAX)
			: pk_error_set(err, PK_ENOMEM, "'%s': out of memory", path);
		goto out;
	}
	rc = r.stop ? r.stop : PK_OK;
out:
	if (rows)
		*rows = r.row.index;
	if (parser)
		csv_free(&p);
	if (f)
		fclose(f);
	free(chunk);
	free(r.arena);
	free(r.offs);
	free(r.lens);
	free(r.ptrs);
	return rc;
}
