/*
 * csvread.c: decoding and streaming parsing of untrusted exports (see csvread.h). The file is
 * mapped (or read, for pipes) once; its text is fed to libcsv one physical line at a time (split
 * with memchr), so the line a row starts on is known from libcsv's parser state at each line
 * start, and newlines inside quoted fields are counted. A plain line (no quote, no stray CR,
 * within the caps) at a row boundary is split here instead, exactly as libcsv would split it
 * (plain_line()): that is nearly every line of an export, and libcsv's byte-at-a-time parser
 * was most of the reading time.
 */
#include "core/pepkit.h"
#include "intake/csvread.h"
#include "core/rfile.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Set by field_realloc() when libcsv asked for more than the field cap (per thread). */
static __thread int field_over_cap;

/* The state of one csvread_parse() call. */
typedef struct reader {
	csvread_row row;
	char *arena;               /* the row's field bytes, NUL-separated */
	size_t used;
	size_t *offs;              /* start of each field in arena */
	size_t *lens;
	size_t *ends;              /* split_line(): where each field's NUL goes */
	char **ptrs;
	unsigned char *bad;
	unsigned long line;        /* current physical line */
	unsigned long row_start;
	int mid_line;              /* the last bytes fed ended inside a line */
	int check;
	char eol;                  /* the byte that ends a line (csvread_src.eol) */
	char delim;
	csvread_fn fn;
	void *ctx;
	int stop;                  /* the callback's code once it returned non-zero */
	pk_error *err;
	unsigned char cls[256];    /* split_line()'s byte classes for this delimiter */
} reader;

/* libcsv's realloc hook: refuses to grow a field buffer past a row's cap plus one growth step
 * (libcsv then stops with CSV_ENOMEM and we report the field as too big: in practice a quote
 * never closed). A field over CSVREAD_FIELD_MAX but within this is flagged in its row by
 * on_field, and reading goes on. Same contract as realloc. */
static void *field_realloc(void *p, size_t n)
{
	if (n > CSVREAD_ROW_MAX + 1024u) {
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
			/* ASCII runs, sixteen (SSE2) or eight bytes at a time */
#ifdef __SSE2__
			while (i + 16 <= n &&
			       _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i))) == 0)
				i += 16;
#endif
			while (i + 8 <= n) {
				uint64_t w;

				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			if (i < n && s[i] < 0x80)
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

/* True for a byte that gives a line text (NUL bytes do not, so UTF-16 counts too). */
static int texty(char c)
{
	return c != '\r' && c != '\0' && c != ' ' && c != '\t' && c != '\n';
}

/* The byte that ends a line in the n raw bytes at s: '\n', or '\r' when the first line end is a
 * CR not followed by a LF (Excel's "CSV (Macintosh)"), NUL bytes skipped so UTF-16 counts too.
 * Looks at most at the first megabyte. */
static char line_end(const char *s, size_t n)
{
	if (n > (1u << 20))
		n = 1u << 20;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			return '\n';
		if (s[i] == '\r') {
			size_t j = i + 1;

			while (j < n && s[j] == '\0')
				j++;
			return j < n && s[j] != '\n' ? '\r' : '\n';
		}
	}
	return '\n';
}

/* Non-blank lines ended (by eol) in the n raw bytes at s (NUL bytes ignored, so UTF-16 counts too);
 * *text says whether the line not yet ended has text, carried from one call to the next. A line
 * at a time (memchr), looking only as far as its first text byte. */
static unsigned long count_lines(const char *s, size_t n, char eol, int *text_state)
{
	unsigned long lines = 0;
	int text = *text_state;
	const char *end = s + n;

	while (s < end) {
		const char *nl = memchr(s, eol, (size_t)(end - s));
		const char *stop = nl ? nl : end;

		for (const char *p = s; !text && p < stop; p++)
			text = texty(*p);
		if (nl == NULL)
			break;
		lines += (unsigned long)text;
		text = 0;
		s = nl + 1;
	}
	*text_state = text;
	return lines;
}

#define SLICE (4u * 1024u * 1024u)   /* bytes of a mapping read before its pages are dropped */

/* Drop the pages of the mapping of src that lie wholly before offset off (they were read and
 * are not needed again; a later access faults them back in from the page cache). */
static void drop_before(const csvread_src *src, size_t off)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (src->map == NULL || page == 0)
		return;
	off -= off % page;
	if (off > 0)
		madvise(src->map, off, MADV_DONTNEED);
}

/* True if the n bytes at s are valid UTF-8, checked a slice at a time (the mapping's pages
 * dropped behind). */
static int valid_utf8_sliced(const csvread_src *src, const char *s, size_t n)
{
	size_t at = 0;

	while (at < n) {
		size_t end = n - at > SLICE ? at + SLICE : n;

		while (end < n && end > at && ((unsigned char)s[end] & 0xC0) == 0x80)
			end--;   /* do not split a sequence */
		if (!csvread_utf8_valid(s + at, end - at, NULL))
			return 0;
		at = end;
		drop_before(src, (size_t)(s + at - src->raw));
	}
	return 1;
}

unsigned long csvread_raw_lines(const csvread_src *src)
{
	unsigned long lines = 0;
	int text = 0;

	if (src->raw == NULL)
		return 0;
	for (size_t at = 0; at < src->rawlen; at += SLICE) {   /* a slice at a time, pages dropped behind */
		size_t k = src->rawlen - at > SLICE ? SLICE : src->rawlen - at;

		lines += count_lines(src->raw + at, k, src->eol, &text);
		drop_before(src, at + k);
	}
	return lines + (unsigned long)text;   /* a last line without a line end */
}

void csvread_close(csvread_src *src)
{
	if (src == NULL)
		return;
	if (src->map)
		munmap(src->map, src->maplen);
	src->map = NULL;
	src->text = NULL;
	src->len = 0;
}

/* The 1-based line of byte off of raw (lines ended by LF, or by CR alone when eol is CR). */
static unsigned long raw_line_of(const char *raw, size_t off, char eol)
{
	unsigned long line = 1;

	for (const char *p = raw, *e = raw + off; (p = memchr(p, eol, (size_t)(e - p))) != NULL; p++)
		line++;
	return line;
}

/* True for an ASCII letter. */
static int ascii_alpha(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/*
 * Excel's "CSV (MS-DOS)" writes the OEM code page (CP850 on a Windows set up for the UK, CP437
 * in the US), which agrees with Windows-1252 on ASCII only: "é" is 0x82, a low quote in
 * Windows-1252, so "Géographie" reads "G‚ographie". Bytes of the file (raw, n, not UTF-8) are
 * weighed as either reading would show them next to ASCII letters. CP850's letters read as
 * Windows-1252 are punctuation glued to a word ("G‚o", "Fran‡ais", "Zo‰", "Mu¤oz") or bytes
 * Windows-1252 does not define inside a word (0x81, "ü" in "Müller"); Windows-1252's letters
 * read as CP850 are box drawing or signs after a letter ("Müller" as "M³ller", "Zoë" as "ZoÙ",
 * a capital inside a small word). Lone undefined bytes are not counted: they reject only
 * their field, as before. Returns 1 when only the first is seen (read as CP850), -1 when both are
 * (*oem and *ansi: a byte offset of each), 0 otherwise (Windows-1252, as before). Linear; ASCII
 * is skipped eight bytes at a time.
 */
static int oem_sniff(const char *raw, size_t n, size_t *oem, size_t *ansi)
{
	const unsigned char *u = (const unsigned char *)raw;
	int e = 0, w = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char b, prev, next;
		int before, both;

		while (i + 8 <= n) {
			uint64_t v;

			memcpy(&v, u + i, 8);
			if (v & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		b = u[i];
		if (b < 0x80)
			continue;
		prev = i > 0 ? u[i - 1] : 0;
		next = i + 1 < n ? u[i + 1] : 0;
		before = ascii_alpha(prev);
		both = before && ascii_alpha(next);
		if ((before && (b == 0x82 || b == 0x84 || b == 0x86 || b == 0x87 || b == 0x88 ||
				b == 0x89 || b == 0x8B || b == 0x98 || b == 0x9B)) ||
		    (both && (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D ||
			      b == 0x80 || b == 0x85 || b == 0x91 || b == 0x93 || b == 0x94 ||
			      b == 0x95 || b == 0x99 || (b >= 0xA1 && b <= 0xA5)))) {
			if (e++ == 0)
				*oem = i;
		} else if ((before && b >= 0xEE && b <= 0xFE) ||
			   ((before || ascii_alpha(next)) &&
			    ((b >= 0xC0 && b <= 0xC5) || (b >= 0xC8 && b <= 0xCF) ||
			     (b >= 0xD9 && b <= 0xDD) || b == 0xDF)) ||
			   (before && prev >= 'a' && prev <= 'z' && b >= 0xE0 && b <= 0xED && b != 0xE1)) {
			if (w++ == 0)
				*ansi = i;
		}
	}
	return e == 0 ? 0 : w == 0 ? 1 : -1;
}

int csvread_open(const char *path, const char *fallback, csvread_src *src, pk_error *err)
{
	struct stat st;
	int fd = -1, rc = PK_OK;
	const char *raw;
	size_t n;

	memset(src, 0, sizeof(*src));
	src->path = path;
	src->unit = 1;
	if (fallback == NULL || *fallback == '\0')
		fallback = "windows-1252";
	/* a regular file only: a named pipe in a folder of exports would block the run in open()
	 * forever while it holds the output folder's lock */
	fd = rfile_open(path, &st, err);
	if (fd < 0) {
		/* something that is there but is not a file is a bad input (the file is rejected and
		 * the run goes on); a file that cannot be opened is a failing read */
		rc = stat(path, &st) == 0 && !S_ISREG(st.st_mode)
			? pk_error_set(err, PK_EINVAL, "cannot read '%s': not a regular file", path) : PK_EIO;
		goto out;
	}
	src->mtime = st.st_mtime;
	if ((unsigned long long)st.st_size > CSVREAD_FILE_MAX) {
		rc = pk_error_set(err, PK_ELIMIT, "'%s': file over %lu bytes", path, CSVREAD_FILE_MAX);
		goto out;
	}
	src->maplen = (size_t)st.st_size;
	if (src->maplen > 0) {
		void *m = mmap(NULL, src->maplen, PROT_READ, MAP_PRIVATE, fd, 0);

		if (m == MAP_FAILED) {
			rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
			src->maplen = 0;
			goto out;
		}
		src->map = m;
		madvise(m, src->maplen, MADV_SEQUENTIAL);
	}
	raw = src->map ? src->map : "";
	n = src->maplen;
	src->raw = raw;
	src->rawlen = n;
	src->eol = line_end(raw, n);
	if (n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
		snprintf(src->encoding, sizeof(src->encoding), "UTF-8 (BOM)");
		src->text = raw + 3;
		src->len = n - 3;
		src->check = !valid_utf8_sliced(src, src->text, src->len);
	} else if (n >= 2 && (memcmp(raw, "\xFF\xFE", 2) == 0 || memcmp(raw, "\xFE\xFF", 2) == 0)) {
		int le = raw[0] == '\xFF';

		snprintf(src->encoding, sizeof(src->encoding), "UTF-16%s (BOM)", le ? "LE" : "BE");
		snprintf(src->from, sizeof(src->from), "UTF-16%s", le ? "LE" : "BE");
		src->unit = 2;
		src->skip = 2;
	} else if (valid_utf8_sliced(src, raw, n)) {
		snprintf(src->encoding, sizeof(src->encoding), "UTF-8");
		src->text = raw;
		src->len = n;
	} else {
		/* lines ended by CR alone and not UTF-8: Excel for Mac's "CSV (Macintosh)", which is
		 * Mac Roman ("Muñoz" read as Windows-1252 is "Mu–oz"); no Windows program ends lines
		 * so, whatever encoding a profile gives its MIS */
		int ansi = strcasecmp(fallback, "windows-1252") == 0 || strcasecmp(fallback, "cp1252") == 0;
		size_t oem = 0, win = 0;
		int verdict;

		if (src->eol == '\r' && ansi) {
			fallback = "MACINTOSH";
		} else if (ansi && (verdict = oem_sniff(raw, n, &oem, &win)) != 0) {
			/* "CSV (MS-DOS)": its letters would be written as other letters and signs */
			if (verdict < 0) {
				rc = pk_error_set(err, PK_EINVAL, "'%s': not readable as one encoding: line "
						  "%lu reads as 'CSV (MS-DOS)' (CP850) and line %lu as "
						  "Windows-1252: save it as 'CSV UTF-8', or give the profile "
						  "encoding=\"CP850\" or \"windows-1252\"", path,
						  raw_line_of(raw, oem, src->eol ? src->eol : '\n'),
						  raw_line_of(raw, win, src->eol ? src->eol : '\n'));
				snprintf(src->encoding, sizeof(src->encoding), "%s", fallback);
				goto out;
			}
			fallback = "CP850";
		}
		snprintf(src->encoding, sizeof(src->encoding), "%s", fallback);
		snprintf(src->from, sizeof(src->from), "%s", fallback);
	}
	if (src->from[0]) {   /* converted while parsing: check iconv knows the encoding now */
		iconv_t cd = iconv_open("UTF-8", src->from);

		if (cd == (iconv_t)-1)
			rc = pk_error_set(err, PK_EINVAL, "'%s': encoding '%s' is not known to iconv",
					  path, src->from);
		else
			iconv_close(cd);
		src->check = 1;
	}
out:
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Physical line of byte off of the current row's field f (ended on r->line): the end line less
 * the newlines after off. */
static unsigned long line_of(const reader *r, size_t f, size_t off)
{
	const char *s = r->arena + r->offs[f];
	unsigned long n = 0;

	for (size_t i = off; i < r->lens[f]; i++)
		n += s[i] == r->eol;
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

/* Excel's text formula ="TEXT" (how an export keeps a UPN, a grade such as "5-" or a date
 * from being turned into a number or a date) is the text it shows: the n bytes at t are
 * replaced by TEXT, with "" read as one quote. A formula that is anything more (="a"&"b") is
 * left as it is. Returns the new length. */
static size_t excel_text(char *t, size_t n)
{
	size_t i, o = 0;

	if (n < 3 || t[0] != '=' || t[1] != '"' || t[n - 1] != '"')
		return n;
	for (i = 2; i < n - 1; i++)
		if (t[i] == '"' && (i + 1 >= n - 1 || t[++i] != '"'))
			return n;   /* a lone quote inside: not one text */
	for (i = 2; i < n - 1; i++) {
		t[o++] = t[i];
		if (t[i] == '"')
			i++;
	}
	t[o] = '\0';
	return o;
}

/* libcsv field callback: append the field to the row (or note why it cannot be); a cell
 * written as Excel's ="TEXT" is its TEXT. */
static void on_field(void *s, size_t len, void *data)
{
	reader *r = data;
	size_t f = r->row.nfields;
	size_t bad;

	if (r->stop)
		return;
	if (len > CSVREAD_ROW_MAX) {   /* the hook lets a field end a little past the cap */
		r->stop = pk_error_set(r->err, PK_ELIMIT,
			"'%s' line %lu field %zu: field over %u bytes (a quote never closed?); the "
			"rest of the file is not read", r->row.path, r->row_start, f + 1, CSVREAD_ROW_MAX);
		return;
	}
	if (f >= CSVREAD_FIELDS_MAX) {
		set_problem(r, CSVREAD_TOO_MANY, f + 1, r->line);
		return;
	}
	if (len > CSVREAD_FIELD_MAX) {   /* kept empty and flagged: the caller decides */
		if (r->used + 1 > CSVREAD_ROW_MAX) {
			set_problem(r, CSVREAD_TOO_BIG, f + 1, r->line);
			return;
		}
		r->arena[r->used] = '\0';
		r->offs[f] = r->used;
		r->lens[f] = 0;
		r->bad[f] = 1;
		r->used += 1;
		r->row.nfields++;
		set_problem(r, CSVREAD_LONG_FIELD, f + 1, r->line);
		return;
	}
	if (r->used + len + 1 > CSVREAD_ROW_MAX) {
		set_problem(r, CSVREAD_TOO_BIG, f + 1, r->line);
		return;
	}
	if (len)
		memcpy(r->arena + r->used, s, len);
	r->arena[r->used + len] = '\0';
	if (len >= 3 && ((const char *)s)[0] == '=')
		len = excel_text(r->arena + r->used, len);
	r->offs[f] = r->used;
	r->lens[f] = len;
	r->bad[f] = 0;
	r->used += len + 1;
	r->row.nfields++;
	s = r->arena + r->offs[f];   /* the field as kept (a text formula unwrapped) */
	if (len && memchr(s, '\0', len)) {
		size_t off = (size_t)((char *)memchr(s, '\0', len) - (char *)s);
		r->bad[f] = 1;
		set_problem(r, CSVREAD_NUL, f + 1, line_of(r, f, off));
	} else if (r->check && !csvread_utf8_valid(s, len, &bad)) {
		r->bad[f] = 1;
		set_problem(r, CSVREAD_BAD_UTF8, f + 1, line_of(r, f, bad));
	}
}

/* Hand the current row to the callback, then start a new one. */
static void deliver(reader *r)
{
	int rc;

	for (size_t i = 0; i < r->row.nfields; i++)
		r->ptrs[i] = r->arena + r->offs[i];
	r->row.fields = r->ptrs;
	r->row.lens = r->lens;
	r->row.bad = r->bad;
	rc = r->fn(r->ctx, &r->row, r->err);
	if (rc != PK_OK)
		r->stop = rc;
	r->row.index++;
	r->row.nfields = 0;
	r->row.problem = CSVREAD_OK;
	r->row.problem_field = 0;
	r->row.problem_line = 0;
	r->row.plain = 0;
	r->row.ascii = 0;
	r->used = 0;
}

/* libcsv row callback. */
static void on_row(int c, void *data)
{
	reader *r = data;

	(void)c;
	if (r->stop)
		return;
	r->row.line = r->row_start;
	deliver(r);
}

/* True if the n bytes at s (one physical line) are only blanks and a line end. */
static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* True for the bytes libcsv trims around an unquoted field (space and tab, unless the
 * delimiter). */
static int trimmed(char c, char delim)
{
	return (c == ' ' || c == '\t') && c != delim;
}

/*
 * The common line, split here rather than by libcsv: a whole physical line (s, n bytes, its
 * "\n" and any "\r" before it excluded) at a row boundary, with no quote and no other CR,
 * within the field cap, and not only blanks. Such a line is exactly what libcsv makes of it:
 * one field per delimiter, each with its leading and trailing blanks trimmed, then the row.
 * A short line (fewer bytes than the field cap allows fields, so never too many) of text
 * known to be valid UTF-8 (or checked here as a whole) and without NUL bytes is cut in one
 * pass over a byte class table (split_line()); any other goes through on_field() as libcsv's
 * fields do. Returns 1 if the line was delivered, 0 if libcsv must parse it (nothing was
 * touched).
 */
static int split_line(reader *r, const char *s, size_t n);

static int plain_line(reader *r, const char *s, size_t n)
{
	const char *end = s + n, *p = s;
	const char delim = r->delim;

	if (n > CSVREAD_FIELD_MAX)
		return 0;
	if (n < CSVREAD_FIELDS_MAX && (!r->check || csvread_utf8_valid(s, n, NULL))) {
		int k = split_line(r, s, n);

		if (k >= 0)
			return k;
	}
	if (memchr(s, '"', n) != NULL || memchr(s, '\r', n) != NULL)
		return 0;
	while (p < end && trimmed(*p, delim))
		p++;
	if (p == end)
		return 0;   /* only blanks: libcsv makes no row of it */
	p = s;
	for (;;) {
		const char *d = memchr(p, delim, (size_t)(end - p));
		const char *a = p, *b = d ? d : end;

		while (a < b && trimmed(*a, delim))
			a++;
		while (b > a && trimmed(b[-1], delim))
			b--;
		on_field((void *)a, (size_t)(b - a), r);
		if (d == NULL)
			break;
		p = d + 1;
	}
	on_row('\n', r);
	return 1;
}

/* Byte classes for split_line() (reader.cls): */
enum {
	BC_TEXT,    /* printable, or part of a UTF-8 sequence that cannot be U+FFFE/U+FFFF */
	BC_DELIM,   /* the delimiter */
	BC_SPACE,   /* ' ' (trimmed around a field; two in a row make the row not plain) */
	BC_TAB,     /* '\t' when it is not the delimiter (trimmed; the row is not plain) */
	BC_ODD,     /* another control character, DEL, 0xEF (may start U+FFFE/U+FFFF): kept, the
		     * row is not plain */
	BC_STOP     /* '"', CR, NUL: the line is not split here */
};

/* Fill r->cls for delimiter r->delim. */
static void set_classes(reader *r)
{
	for (int c = 0; c < 256; c++)
		r->cls[c] = c == '"' || c == '\r' || c == '\0' ? BC_STOP
			  : c == ' ' ? BC_SPACE
			  : c == '\t' ? BC_TAB
			  : c < 0x20 || c == 0x7f || c == 0xef ? BC_ODD : BC_TEXT;
	r->cls[(unsigned char)r->delim] = BC_DELIM;
}

/* plain_line()'s fast case: the n bytes at s (valid UTF-8, under CSVREAD_FIELDS_MAX bytes)
 * copied into the row's arena and cut in place, each field NUL-terminated and trimmed as
 * libcsv trims, then delivered with row.plain set when no field holds a control character,
 * DEL, a possible U+FFFE/U+FFFF or two spaces in a row (so a caller's clean-up of the fields
 * has nothing to do). Returns 1 if delivered, 0 if the line is only blanks (libcsv makes no row
 * of it), -1 if it holds a quote, CR or NUL (plain_line() decides; the row is untouched).
 * A byte at a time: split_line() takes the lines without such bytes 16 at a time. */
static int split_bytes(reader *r, const char *s, size_t n)
{
	char *arena = r->arena;
	const unsigned char *cls = r->cls;
	size_t f = 0, i = 0, a = 0, b;
	int odd = 0, sp = 0, text = 0;

	memcpy(arena, s, n);
	for (;;) {
		unsigned k = i < n ? cls[(unsigned char)arena[i]] : BC_DELIM;

		if (k == BC_TEXT) {
			sp = 0;
			text = 1;
			i++;
			continue;
		}
		if (k == BC_SPACE || k == BC_TAB) {
			odd |= sp | (k == BC_TAB);
			sp = 1;
			i++;
			continue;
		}
		if (k == BC_STOP)
			return -1;
		if (k == BC_ODD) {
			odd = 1;
			sp = 0;
			text = 1;
			i++;
			continue;
		}
		/* BC_DELIM, or the end of the line: the field [a, i) */
		b = i;
		while (a < b && (arena[a] == ' ' || (arena[a] == '\t' && r->delim != '\t')))
			a++;
		while (b > a && (arena[b - 1] == ' ' || (arena[b - 1] == '\t' && r->delim != '\t')))
			b--;
		r->offs[f] = a;
		r->lens[f] = b - a;
		r->bad[f] = 0;
		r->ends[f] = b;
		f++;
		if (i >= n)
			break;
		text = 1;   /* a delimiter is not a blank */
		sp = 0;
		a = ++i;
	}
	if (!text)
		return 0;
	for (size_t j = 0; j < f; j++)   /* cut only now: a stop byte leaves the row untouched */
		arena[r->ends[j]] = '\0';
	r->used = n + 1;
	r->row.nfields = f;
	r->row.plain = !odd;
	r->row.ascii = 0;
	on_row('\n', r);
	return 1;
}

/* For the 16 bytes at p (readable even past the line's end): bit i of *delim set if p[i] is the
 * delimiter, of *space if a space, of *other if split_line() cannot take the byte (any other
 * byte below 0x20, '"', DEL, 0xEF: split_bytes() decides). With SSE2 (every x86-64) 16 bytes
 * are compared at once; elsewhere a byte at a time over the class table. */
static void chunk_masks(const reader *r, const char *p, unsigned *delim, unsigned *space,
			unsigned *other, unsigned *high)
{
#ifdef __SSE2__
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i d = _mm_cmpeq_epi8(x, _mm_set1_epi8(r->delim));
	__m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
	__m128i o = _mm_or_si128(_mm_andnot_si128(d, low),
				 _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
					      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f)),
							   _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xef)))));

	*delim = (unsigned)_mm_movemask_epi8(d);
	*space = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
	*other = (unsigned)_mm_movemask_epi8(o);
	*high = (unsigned)_mm_movemask_epi8(x);
#else
	*delim = *space = *other = *high = 0;
	for (unsigned i = 0; i < 16; i++) {
		unsigned k = r->cls[(unsigned char)p[i]];

		*high |= (unsigned)((unsigned char)p[i] >= 0x80) << i;
		*delim |= (unsigned)(k == BC_DELIM) << i;
		*space |= (unsigned)(k == BC_SPACE) << i;
		*other |= (unsigned)(k != BC_DELIM && k != BC_SPACE && k != BC_TEXT) << i;
	}
#endif
}

/* split_bytes()'s contract, 16 bytes at a time: the delimiters and spaces of a line found by
 * chunk_masks(); a line with any other byte split_bytes() must judge goes to it. */
/* Field f of a plain line is arena[a, b) without its leading and trailing spaces: cut it
 * there and record it. */
static inline void put_plain(reader *r, char *arena, size_t f, size_t a, size_t b)
{
	while (a < b && arena[a] == ' ')
		a++;
	while (b > a && arena[b - 1] == ' ')
		b--;
	arena[b] = '\0';
	r->offs[f] = a;
	r->lens[f] = b - a;
	r->bad[f] = 0;
}

static int split_line(reader *r, const char *s, size_t n)
{
	char *arena = r->arena;
	size_t f = 0, a = 0;
	unsigned prev_sp = 0, hi = 0;
	int odd = 0, text = 0;

	memcpy(arena, s, n);   /* the arena holds CSVREAD_ROW_MAX bytes: 16 past n are readable */
	for (size_t base = 0; base < n; base += 16) {
		unsigned dm, sm, om, hm, valid = n - base >= 16 ? 0xffffu : (1u << (n - base)) - 1u;

		chunk_masks(r, arena + base, &dm, &sm, &om, &hm);
		hi |= hm & valid;
		if (om & valid)
			return split_bytes(r, s, n);
		dm &= valid;
		sm &= valid;
		text |= (valid & ~sm) != 0;
		odd |= (sm & (sm >> 1)) != 0 || (prev_sp & sm & 1u);
		prev_sp = sm >> 15;
		while (dm) {
			size_t i = base + (size_t)__builtin_ctz(dm);

			dm &= dm - 1;
			put_plain(r, arena, f++, a, i);
			a = i + 1;
		}
	}
	if (!text)
		return 0;
	put_plain(r, arena, f++, a, n);
	r->used = n + 1;
	r->row.nfields = f;
	r->row.plain = !odd;
	r->row.ascii = !odd && hi == 0;
	on_row('\n', r);
	return 1;
}

/* Feed n bytes to libcsv line by line; last says no more bytes follow (a line cut at the end
 * of a chunk is otherwise continued by the next). Returns PK_OK, the callback's code,
 * PK_ELIMIT or PK_ENOMEM (err set). */
static int feed(reader *r, struct csv_parser *p, const char *s, size_t n, int last)
{
	while (n > 0) {
		const char *nl = memchr(s, r->eol, n);
		size_t seg = nl ? (size_t)(nl - s) + 1 : n;

		if (p->pstate == 0 && !r->mid_line)
			r->row_start = r->line;
		if (p->pstate == 0 && !r->mid_line && (nl || last) && blank_line(s, seg)) {
			r->row.line = r->line;   /* an empty line: a row with no fields */
			deliver(r);
		} else if (p->pstate == 0 && !r->mid_line && nl &&
			   plain_line(r, s, seg - 1 - (seg >= 2 && s[seg - 2] == '\r'))) {
			;   /* split without libcsv */
		} else if (csv_parse(p, s, seg, on_field, on_row, r) != seg) {
			if (field_over_cap)
				return pk_error_set(r->err, PK_ELIMIT,
					"'%s' line %lu field %zu: field over %u bytes (a quote never "
					"closed?); the rest of the file is not read", r->row.path,
					r->row_start, r->row.nfields + 1, CSVREAD_ROW_MAX);
			return pk_error_set(r->err, PK_ENOMEM, "'%s' line %lu: out of memory", r->row.path,
					    r->line);
		}
		if (r->stop)
			return r->stop;
		if (nl)
			r->line++;
		r->mid_line = nl == NULL;
		s += seg;
		n -= seg;
	}
	return PK_OK;
}

/* True for the encodings known to be one byte a character without state (Windows-1252, the
 * usual fallback, ISO 8859-1/-15, Mac Roman and the DOS code pages 850 and 437), which feed_table()
 * converts through a table. Others,
 * even single-byte ones, may combine characters (glibc's CP1258) and go through iconv(). */
static int single_byte(const char *enc)
{
	static const char *const names[] = { "windows-1252", "cp1252", "ms-ansi", "iso-8859-1",
					      "iso8859-1", "latin1", "iso-8859-15", "iso8859-15", "latin-9",
					      "macintosh", "cp850", "ibm850", "cp437", "ibm437" };

	for (size_t i = 0; i < PK_ARRAY_LEN(names); i++)
		if (strcasecmp(enc, names[i]) == 0)
			return 1;
	return 0;
}

#define TABLE_IN (64u * 1024u)   /* input bytes converted at a time by feed_table() */

/* feed_all() for a single-byte encoding: each byte's UTF-8 is taken from iconv (cd) once, a
 * byte at a time (a byte it does not define becomes 0xFF, as feed_all() makes it), then the
 * text is converted through that table, ASCII copied as it is. The same bytes as feed_all()'s
 * iconv() loop, without a call per run of text. Returns as feed(). */
static int feed_table(reader *r, struct csv_parser *p, const csvread_src *src, iconv_t cd)
{
	unsigned char len[256], utf8[256][4];
	const unsigned char *in = (const unsigned char *)src->raw + src->skip;
	size_t left = src->rawlen - src->skip;
	unsigned char *out;
	int rc = PK_OK;

	for (int c = 0; c < 256; c++) {
		char b = (char)c, *ip = &b, *op = (char *)utf8[c];
		size_t il = 1, ol = sizeof(utf8[c]);

		iconv(cd, NULL, NULL, NULL, NULL);
		if (c < 0x80 || iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0 || op == (char *)utf8[c]) {
			if (c < 0x80) {   /* ASCII is itself in every encoding listed */
				utf8[c][0] = (unsigned char)c;
				len[c] = 1;
			} else {
				utf8[c][0] = 0xFF;
				len[c] = 1;
			}
			continue;
		}
		len[c] = (unsigned char)(op - (char *)utf8[c]);
	}
	if ((out = malloc(TABLE_IN * 4)) == NULL)
		return pk_error_set(r->err, PK_ENOMEM, "'%s': out of memory", src->path);
	while (rc == PK_OK && left > 0) {
		size_t k = left > TABLE_IN ? TABLE_IN : left, o = 0;

		for (size_t i = 0; i < k; i++) {
			unsigned c = in[i];

			if (c < 0x80) {
				out[o++] = (unsigned char)c;
				continue;
			}
			memcpy(out + o, utf8[c], 4);
			o += len[c];
		}
		in += k;
		left -= k;
		rc = feed(r, p, (const char *)out, o, left == 0);
		drop_before(src, (size_t)((const char *)in - src->raw));
	}
	free(out);
	return rc;
}

/* Feed src's text to libcsv: in place a slice at a time (dropping the mapping's pages behind),
 * or converted with iconv a chunk at a time. A sequence the encoding does not define becomes
 * the byte 0xFF (invalid UTF-8, flagged per field). Returns as feed(). */
static int feed_all(reader *r, struct csv_parser *p, const csvread_src *src)
{
	iconv_t cd;
	char *out;
	const char *in;
	size_t left, cap = 256u * 1024u;
	int rc = PK_OK;

	if (src->text) {
		for (size_t at = 0; at < src->len && rc == PK_OK; at += SLICE) {
			size_t k = src->len - at > SLICE ? SLICE : src->len - at;

			rc = feed(r, p, src->text + at, k, at + k == src->len);
			drop_before(src, (size_t)(src->text + at + k - src->raw));
		}
		return rc;
	}
	if ((cd = iconv_open("UTF-8", src->from)) == (iconv_t)-1)
		return pk_error_set(r->err, PK_EINVAL, "'%s': encoding '%s' is not known to iconv",
				    src->path, src->from);
	if (src->unit == 1 && single_byte(src->from)) {
		rc = feed_table(r, p, src, cd);
		iconv_close(cd);
		return rc;
	}
	if ((out = malloc(cap)) == NULL) {
		iconv_close(cd);
		return pk_error_set(r->err, PK_ENOMEM, "'%s': out of memory", src->path);
	}
	in = src->raw + src->skip;
	left = src->rawlen - src->skip;
	while (rc == PK_OK && left > 0) {
		char *ip = (char *)in, *op = out;
		size_t il = left > SLICE ? SLICE : left, ol = cap - 8, before = il;
		int whole = il == left;
		size_t res = iconv(cd, &ip, &il, &op, &ol);
		/* a sequence the encoding does not define, or one cut short by the end of the file
		 * (cut short by the end of a slice, it is read with the next) */
		int bad = res == (size_t)-1 && (errno == EILSEQ || (errno == EINVAL && whole));

		in += before - il;
		left -= before - il;
		if (bad) {
			*op++ = (char)0xFF;
			if (left < src->unit)
				left = 0;
			else {
				in += src->unit;
				left -= src->unit;
			}
			iconv(cd, NULL, NULL, NULL, NULL);
		}
		rc = feed(r, p, out, (size_t)(op - out), left == 0);
		drop_before(src, (size_t)(in - src->raw));
	}
	free(out);
	iconv_close(cd);
	return rc;
}

int csvread_parse(const csvread_src *src, char delim, csvread_fn fn, void *ctx, pk_error *err)
{
	struct csv_parser p;
	reader r;
	int rc = PK_ENOMEM, parser = 0;

	memset(&r, 0, sizeof(r));
	r.row.path = src->path;
	r.line = r.row_start = 1;
	r.fn = fn;
	r.ctx = ctx;
	r.err = err;
	r.check = src->check;
	r.eol = src->eol;
	r.delim = delim;
	set_classes(&r);
	field_over_cap = 0;
	r.arena = calloc(1, CSVREAD_ROW_MAX);   /* split_line() reads up to 15 bytes past a line */
	r.offs = malloc(CSVREAD_FIELDS_MAX * sizeof(*r.offs));
	r.lens = malloc(CSVREAD_FIELDS_MAX * sizeof(*r.lens));
	r.ends = malloc(CSVREAD_FIELDS_MAX * sizeof(*r.ends));
	r.ptrs = malloc(CSVREAD_FIELDS_MAX * sizeof(*r.ptrs));
	r.bad = malloc(CSVREAD_FIELDS_MAX);
	if (!r.arena || !r.offs || !r.lens || !r.ends || !r.ptrs || !r.bad || csv_init(&p, CSV_APPEND_NULL) != 0) {
		pk_error_set(err, PK_ENOMEM, "'%s': out of memory", src->path);
		goto out;
	}
	parser = 1;
	csv_set_delim(&p, (unsigned char)delim);
	csv_set_realloc_func(&p, field_realloc);
	csv_set_blk_size(&p, 1024);
	rc = feed_all(&r, &p, src);
	if (rc == PK_OK && p.pstate == 2 && p.quoted) {
		/* a quote opened and never closed: the rest of the file would be one field, its rows
		 * silently inside it */
		rc = pk_error_set(err, PK_EINVAL, "'%s' line %lu field %zu: a quote opened here is never "
				  "closed; the rows from this line on are not read", src->path,
				  r.row_start, r.row.nfields + 1);
	} else if (rc == PK_OK) {
		if (p.pstate == 0)
			r.row_start = r.line;
		if (csv_fini(&p, on_field, on_row, &r) != 0)
			rc = field_over_cap
				? pk_error_set(err, PK_ELIMIT, "'%s' line %lu: field over %u bytes (a "
					       "quote never closed?)", src->path, r.row_start, CSVREAD_ROW_MAX)
				: pk_error_set(err, PK_ENOMEM, "'%s': out of memory", src->path);
		else
			rc = r.stop;
	}
	if (rc == CSVREAD_STOP)
		rc = PK_OK;
out:
	if (parser)
		csv_free(&p);
	free(r.arena);
	free(r.offs);
	free(r.lens);
	free(r.ends);
	free(r.ptrs);
	free(r.bad);
	return rc;
}

/* Row counter for csvread_file(): wraps the caller's callback. */
struct counted {
	csvread_fn fn;
	void *ctx;
	unsigned long rows;
};

/* csvread_fn that counts rows and calls the wrapped callback. */
static int count_row(void *ctx, const csvread_row *row, pk_error *err)
{
	struct counted *c = ctx;

	c->rows++;
	return c->fn(c->ctx, row, err);
}

int csvread_file(const char *path, csvread_fn fn, void *ctx, unsigned long *rows, pk_error *err)
{
	csvread_src src;
	struct counted c = { fn, ctx, 0 };
	int rc = csvread_open(path, NULL, &src, err);

	if (rc == PK_OK)
		rc = csvread_parse(&src, ',', count_row, &c, err);
	csvread_close(&src);
	if (rows)
		*rows = c.rows;
	return rc;
}
