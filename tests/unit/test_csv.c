/*
 * test_csv.c: unit tests for the CSV reader (line tracking through BOM, CRLF, quoted newlines
 * and blank lines; UTF-8 checks; caps), UPN check letters, grade scales, and the term and
 * date parsers of mapping profiles.
 */
#include "core/pepkit.h"
#include "intake/csvread.h"
#include "intake/mapping.h"
#include "intake/merge.h"
#include "intake/scale.h"
#include "unit.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct seen {
	unsigned long lines[16];
	size_t nfields[16];
	int problems[16];
	size_t pfield[16];
	unsigned long pline[16];
	char f1[16][64];
	unsigned char bad1[16];
	int n, blank;
} seen;

/* Collects up to 16 rows. */
static int collect(void *ctx, const csvread_row *row, pk_error *err)
{
	seen *s = ctx;

	(void)err;
	if (row->nfields == 0) {   /* an empty line */
		s->blank++;
		return PK_OK;
	}
	if (s->n < 16) {
		s->bad1[s->n] = row->nfields > 1 && row->bad[1];
		s->lines[s->n] = row->line;
		s->nfields[s->n] = row->nfields;
		s->problems[s->n] = row->problem;
		s->pfield[s->n] = row->problem_field;
		s->pline[s->n] = row->problem_line;
		snprintf(s->f1[s->n], sizeof(s->f1[0]), "%s", row->nfields > 1 ? row->fields[1] : "");
	}
	s->n++;
	return PK_OK;
}

/* Write data (n bytes) to a temp file; returns its path (static buffer). */
static const char *temp_csv(const void *data, size_t n)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/pepkit-test-csv-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, data, n) != (ssize_t)n)
		abort();
	close(fd);
	return path;
}

/* Read data (n bytes) with fallback encoding enc and delimiter delim into s; returns the first
 * failing code; *encoding (if not NULL, 40 bytes) gets the encoding used. */
static int read_enc(const char *data, size_t n, const char *enc, char delim, seen *s,
		    char *encoding, pk_error *err)
{
	const char *p = temp_csv(data, n);
	csvread_src src;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = csvread_open(p, enc, &src, err);
	if (encoding)
		snprintf(encoding, 40, "%s", src.encoding);
	if (rc == PK_OK)
		rc = csvread_parse(&src, delim, collect, s, err);
	csvread_close(&src);
	unlink(p);
	return rc;
}

/* Read data as CSV into s; returns csvread_file's code. */
static int read_csv(const char *data, size_t n, seen *s, pk_error *err)
{
	const char *p = temp_csv(data, n);
	int rc;

	memset(s, 0, sizeof(*s));
	rc = csvread_file(p, collect, s, NULL, err);
	unlink(p);
	return rc;
}

static void test_lines(void)
{
	static const char data[] = "\xEF\xBB\xBFh1,h2,h3\r\na,\"multi\r\nline\r\nfield\",c\r\n\r\n"
				   "\r\nd,\"x, y\",f\r\ng,\"q\"\"uote\",i";
	seen s;
	pk_error err;
	int rc = read_csv(data, sizeof(data) - 1, &s, &err);

	CHECK(rc == PK_OK, "csv with BOM, CRLF, quoted newlines reads");
	CHECK(s.n == 4 && s.blank == 2, "four rows (header + 3) and two empty lines (got %d, %d)", s.n, s.blank);
	CHECK(s.lines[0] == 1 && s.lines[1] == 2 && s.lines[2] == 7 && s.lines[3] == 8,
	      "rows start on physical lines 1, 2, 7, 8 (got %lu %lu %lu %lu)", s.lines[0],
	      s.lines[1], s.lines[2], s.lines[3]);
	CHECK(strcmp(s.f1[0], "h2") == 0, "BOM is not part of the first header");
	CHECK(strcmp(s.f1[1], "multi\r\nline\r\nfield") == 0, "quoted newlines kept in the field");
	CHECK(strcmp(s.f1[2], "x, y") == 0, "quoted comma kept");
	CHECK(strcmp(s.f1[3], "q\"uote") == 0, "doubled quote unescaped");
	CHECK(s.nfields[3] == 3, "last row without newline has its 3 fields");
}

static void test_encodings(void)
{
	static const char w1252[] = "UPN,Forename\r\nA1,Zo\xEB\r\nA2,Nwosu\x81\r\n";
	static const char u16le[] = "\xFF\xFEU\0P\0N\0\t\0Z\0o\0\xEB\0\r\0\n\0";
	static const char u16be[] = "\xFE\xFF\0U\0P\0N\0;\0Z\0o\0\xEB\0\n";
	char enc[40];
	seen s;
	pk_error err;
	int rc;

	rc = read_enc(w1252, sizeof(w1252) - 1, NULL, ',', &s, enc, &err);
	CHECK(rc == PK_OK && strcmp(enc, "windows-1252") == 0, "not UTF-8, no BOM: windows-1252 (%s)", enc);
	CHECK(s.n == 3 && strcmp(s.f1[1], "Zo\xC3\xAB") == 0 && !s.bad1[1], "0xEB is \xC3\xAB (e-diaeresis) in UTF-8");
	CHECK(s.bad1[2] && s.problems[2] == CSVREAD_BAD_UTF8, "0x81 (undefined in windows-1252) flags its field");
	rc = read_enc(w1252, sizeof(w1252) - 1, "ISO-8859-1", ',', &s, enc, &err);
	CHECK(rc == PK_OK && strcmp(enc, "ISO-8859-1") == 0 && !s.bad1[2], "a profile's encoding is used (ISO-8859-1 defines 0x81)");
	rc = read_enc(w1252, sizeof(w1252) - 1, "NO-SUCH-ENCODING", ',', &s, enc, &err);
	CHECK(rc == PK_EINVAL && strstr(err.msg, "encoding 'NO-SUCH-ENCODING' is not known") != NULL, "unknown encoding refused (%s)", err.msg);
	rc = read_enc(u16le, sizeof(u16le) - 1, NULL, '\t', &s, enc, &err);
	CHECK(rc == PK_OK && strcmp(enc, "UTF-16LE (BOM)") == 0 && s.n == 1 && strcmp(s.f1[0], "Zo\xC3\xAB") == 0,
	      "UTF-16LE with BOM and tabs (%s, %s)", enc, s.f1[0]);
	rc = read_enc(u16be, sizeof(u16be) - 1, NULL, ';', &s, enc, &err);
	CHECK(rc == PK_OK && strcmp(enc, "UTF-16BE (BOM)") == 0 && strcmp(s.f1[0], "Zo\xC3\xAB") == 0,
	      "UTF-16BE with BOM and semicolons");
	rc = read_enc("\xEF\xBB\xBF" "a;b\n", 7, NULL, ';', &s, enc, &err);
	CHECK(rc == PK_OK && strcmp(enc, "UTF-8 (BOM)") == 0 && strcmp(s.f1[0], "b") == 0, "UTF-8 BOM, semicolon");
	rc = read_enc("a,b\n,,\n", 7, NULL, ',', &s, enc, &err);
	CHECK(rc == PK_OK && strcmp(enc, "UTF-8") == 0 && s.n == 2 && s.nfields[1] == 3, "a delimiter-only row is a row of empty fields");
}

/* Counts rows of exactly two fields whose second is "Zoë" and whose line is their number. */
struct big {
	unsigned long rows, good;
};

static int big_row(void *ctx, const csvread_row *row, pk_error *err)
{
	struct big *b = ctx;

	(void)err;
	b->rows++;
	b->good += row->nfields == 2 && strcmp(row->fields[1], "Zo\xC3\xAB") == 0 &&
		   row->line == b->rows && !row->problem;
	return PK_OK;
}

/* Files over the 4 MiB slice: UTF-16LE (converted a chunk at a time) and windows-1252, so
 * characters and lines cross the chunk boundaries. */
static void test_big(void)
{
	enum { N = 400000 };
	char *u16 = malloc((size_t)N * 40 + 2), *w = malloc((size_t)N * 20);
	size_t k = 2, kw = 0;
	struct big b;
	csvread_src src;
	pk_error err;
	const char *p;
	int rc;

	memcpy(u16, "\xFF\xFE", 2);
	for (int i = 0; i < N; i++) {
		char line[32];
		int n = snprintf(line, sizeof(line), "A%06d\tZo\xEB\r\n", i);

		for (int j = 0; j < n; j++) {   /* Latin-1 range: one UTF-16 unit each */
			u16[k++] = line[j];
			u16[k++] = 0;
		}
		n = snprintf(w + kw, 20, "A%06d,Zo\xEB\n", i);
		kw += (size_t)n;
	}
	p = temp_csv(u16, k);
	memset(&b, 0, sizeof(b));
	rc = csvread_open(p, NULL, &src, &err);
	if (rc == PK_OK)
		rc = csvread_parse(&src, '\t', big_row, &b, &err);
	CHECK(rc == PK_OK && b.rows == N && b.good == N && csvread_raw_lines(&src) == N,
	      "UTF-16LE over several chunks: %lu rows, %lu intact, %lu lines", b.rows, b.good,
	      csvread_raw_lines(&src));
	csvread_close(&src);
	unlink(p);
	p = temp_csv(w, kw);
	memset(&b, 0, sizeof(b));
	rc = csvread_open(p, NULL, &src, &err);
	if (rc == PK_OK)
		rc = csvread_parse(&src, ',', big_row, &b, &err);
	CHECK(rc == PK_OK && b.rows == N && b.good == N && strcmp(src.encoding, "windows-1252") == 0,
	      "windows-1252 over several chunks: %lu rows, %lu intact", b.rows, b.good);
	csvread_close(&src);
	unlink(p);
	kw = 0;
	for (int i = 0; i < N; i++)
		kw += (size_t)snprintf(w + kw, 20, "A%06d,Zo\xC3\xAB\n", i);
	p = temp_csv(w, kw);
	memset(&b, 0, sizeof(b));
	rc = csvread_open(p, NULL, &src, &err);
	if (rc == PK_OK)
		rc = csvread_parse(&src, ',', big_row, &b, &err);
	CHECK(rc == PK_OK && b.rows == N && b.good == N && strcmp(src.encoding, "UTF-8") == 0 && !src.check,
	      "UTF-8 over several slices, in place: %lu rows, %lu intact", b.rows, b.good);
	csvread_close(&src);
	unlink(p);
	free(u16);
	free(w);
}

static void test_problems(void)
{
	static const char bad[] = "a,b,c\n1,\"two\nlines \xC3\x28\",3\n4,\xF4\x90\x80\x80,6\n7,8,9\n";
	seen s;
	pk_error err;
	char *big;
	int rc = read_enc(bad, sizeof(bad) - 1, "UTF-8", ',', &s, NULL, &err);

	CHECK(rc == PK_OK && s.n == 4, "invalid UTF-8 (a profile that says UTF-8) does not stop the file");
	CHECK(s.problems[1] == CSVREAD_BAD_UTF8 && s.pfield[1] == 2 && s.pline[1] == 3,
	      "bad byte after a quoted newline: field 2, line 3 (got field %zu line %lu)",
	      s.pfield[1], s.pline[1]);
	CHECK(s.problems[2] == CSVREAD_BAD_UTF8 && s.pline[2] == 4, "code point over U+10FFFF is bad");
	CHECK(s.problems[3] == CSVREAD_OK, "the next row is fine");

	rc = read_csv("a,b\n1,x\0y\n", 10, &s, &err);
	CHECK(rc == PK_OK && s.problems[1] == CSVREAD_NUL, "NUL byte in a field reported");

	big = malloc(CSVREAD_ROW_MAX + 4096);
	memset(big, 'x', CSVREAD_FIELD_MAX + 100);
	memcpy(big, "h\n\"", 3);
	rc = read_csv(big, CSVREAD_FIELD_MAX + 100, &s, &err);
	CHECK(rc == PK_EINVAL && strstr(err.msg, "line 2 field 1: a quote opened here is never closed") != NULL,
	      "a quote never closed stops the file naming line and field (%s)", err.msg);
	memcpy(big + CSVREAD_FIELD_MAX + 90, "\"\nz\n", 4);
	rc = read_csv(big, CSVREAD_FIELD_MAX + 94, &s, &err);
	CHECK(rc == PK_OK && s.n == 3 && s.problems[1] == CSVREAD_LONG_FIELD && s.pfield[1] == 1 &&
	      s.problems[2] == CSVREAD_OK && strcmp(s.f1[2], "") == 0,
	      "a field over the cap is flagged in its row and reading goes on (rc %d, %d rows)", rc, s.n);
	memset(big, 'x', CSVREAD_ROW_MAX + 4096);
	memcpy(big, "h\n\"", 3);
	memcpy(big + CSVREAD_ROW_MAX + 4000, "\"\nz\n", 4);
	rc = read_csv(big, CSVREAD_ROW_MAX + 4004, &s, &err);
	CHECK(rc == PK_ELIMIT && strstr(err.msg, "line 2 field 1: field over 1048576 bytes") != NULL,
	      "a field over a row's cap stops the file naming line and field (%s)", err.msg);
	free(big);

	{
		size_t n = CSVREAD_FIELDS_MAX + 10;
		char *row = malloc(2 * n + 16);
		size_t k = 0;

		k += (size_t)sprintf(row, "h\n");
		for (size_t i = 0; i < n; i++) {
			row[k++] = 'v';
			row[k++] = i + 1 < n ? ',' : '\n';
		}
		k += (size_t)sprintf(row + k, "ok\n");
		rc = read_csv(row, k, &s, &err);
		CHECK(rc == PK_OK && s.problems[1] == CSVREAD_TOO_MANY && s.problems[2] == CSVREAD_OK,
		      "too many fields reported, next row fine");
		free(row);
	}
	rc = csvread_file("/nonexistent/x.csv", collect, &s, NULL, &err);
	CHECK(rc == PK_EIO && strstr(err.msg, "'/nonexistent/x.csv'") != NULL, "missing file named");
}

static void test_utf8(void)
{
	size_t bad = 99;

	CHECK(csvread_utf8_valid("Łukasz Wiśniewski 日本 😀", strlen("Łukasz Wiśniewski 日本 😀"), NULL),
	      "valid UTF-8 accepted");
	CHECK(!csvread_utf8_valid("\xC0\xAF", 2, &bad) && bad == 0, "overlong form refused");
	CHECK(!csvread_utf8_valid("ab\xED\xA0\x80", 5, &bad) && bad == 2, "surrogate refused at its offset");
	CHECK(!csvread_utf8_valid("ab\xE2\x82", 4, &bad) && bad == 2, "truncated sequence refused");
}

static void test_upn(void)
{
	const char *why = NULL;

	CHECK(merge_upn_valid("B801200005001", NULL), "B801200005001 valid");
	CHECK(merge_upn_valid("R930400012345", NULL), "R930400012345 valid");
	CHECK(!merge_upn_valid("C801200005001", &why) && strstr(why, "expected 'B'"),
	      "wrong check letter names the right one (%s)", why ? why : "");
	CHECK(!merge_upn_valid("B80120000500", &why), "12 characters refused");
	CHECK(!merge_upn_valid("I801200005001", &why), "I is not in the alphabet");
	CHECK(!merge_upn_valid("B8012000050O1", &why), "letter inside the digits refused");
}

static void test_scales(void)
{
	char out[32];
	const char *why;

	CHECK(scale_check(scale_builtin(SCALE_GCSE), " 9 ", out, sizeof(out), NULL) && !strcmp(out, "9"), "gcse 9");
	CHECK(scale_check(scale_builtin(SCALE_GCSE), "u", out, sizeof(out), NULL) && !strcmp(out, "U"), "gcse u -> U");
	CHECK(!scale_check(scale_builtin(SCALE_GCSE), "10", out, sizeof(out), &why) && !strcmp(why, "9-1 or U"), "gcse 10 refused");
	CHECK(!scale_check(scale_builtin(SCALE_GCSE), "0", out, sizeof(out), NULL), "gcse 0 refused");
	CHECK(scale_check(scale_builtin(SCALE_KS_TA), "pk3", out, sizeof(out), NULL) && !strcmp(out, "PK3"), "ks-ta pk3");
	CHECK(!scale_check(scale_builtin(SCALE_KS_TA), "PK7", out, sizeof(out), NULL), "ks-ta PK7 refused");
	CHECK(scale_check(scale_builtin(SCALE_EYFS_ELG), "a", out, sizeof(out), NULL) && !strcmp(out, "A"), "eyfs A");
	CHECK(!scale_check(scale_builtin(SCALE_EYFS_ELG), "3", out, sizeof(out), NULL), "eyfs 3 refused");
	CHECK(scale_check(scale_builtin(SCALE_PHONICS), "040", out, sizeof(out), NULL) && !strcmp(out, "40"), "phonics 040 -> 40");
	CHECK(!scale_check(scale_builtin(SCALE_PHONICS), "-1", out, sizeof(out), NULL), "phonics -1 refused");
	CHECK(scale_check(scale_builtin(SCALE_KS2_SCALED), "80", out, sizeof(out), NULL), "scaled 80");
	CHECK(!scale_check(scale_builtin(SCALE_KS2_SCALED), "121", out, sizeof(out), NULL), "scaled 121 refused");
	CHECK(scale_check(scale_builtin(SCALE_PERCENT), "91.20%", out, sizeof(out), NULL) && !strcmp(out, "91.2"), "91.20%% -> 91.2");
	CHECK(scale_check(scale_builtin(SCALE_PERCENT), "100", out, sizeof(out), NULL) && !strcmp(out, "100"), "100%%");
	CHECK(!scale_check(scale_builtin(SCALE_PERCENT), "100.1", out, sizeof(out), NULL), "100.1 refused");
	CHECK(scale_check(scale_builtin(SCALE_PERCENT), "91.25", out, sizeof(out), NULL) && !strcmp(out, "91.3"), "91.25 -> 91.3 (half up)");
	CHECK(scale_check(scale_builtin(SCALE_PERCENT), "91.2499", out, sizeof(out), NULL) && !strcmp(out, "91.2"), "91.2499 -> 91.2");
	CHECK(scale_check(scale_builtin(SCALE_PERCENT), "99.95", out, sizeof(out), NULL) && !strcmp(out, "100"), "99.95 -> 100");
	CHECK(scale_check(scale_builtin(SCALE_PERCENT), "0.04", out, sizeof(out), NULL) && !strcmp(out, "0"), "0.04 -> 0");
	CHECK(!scale_check(scale_builtin(SCALE_PERCENT), "100.05", out, sizeof(out), NULL), "100.05 refused");
	CHECK(!scale_check(scale_builtin(SCALE_PERCENT), "91.2x", out, sizeof(out), NULL), "91.2x refused");
	CHECK(!scale_check(scale_builtin(SCALE_PERCENT), "91.", out, sizeof(out), NULL), "91. refused");
	CHECK(scale_kind_from_name("ks2-scaled") == SCALE_KS2_SCALED && scale_kind_from_name("x") == -1, "scale names");
}

static void test_terms_dates(void)
{
	mapping m;
	map_pair p = { (char *)"T1", (char *)"2025-autumn", NULL, 0 };
	char out[16];

	memset(&m, 0, sizeof(m));
	m.terms = &p;
	m.nterms = 1;
	CHECK(mapping_term(&m, "Autumn 2025", out) && !strcmp(out, "2025-autumn"), "Autumn 2025");
	CHECK(mapping_term(&m, "spr 2026", out) && !strcmp(out, "2026-spring"), "spr 2026");
	CHECK(mapping_term(&m, "Summer Term 2025/26", out) && !strcmp(out, "2026-summer"), "Summer Term 2025/26 -> 2026-summer");
	CHECK(mapping_term(&m, "Autumn 2025/2026", out) && !strcmp(out, "2025-autumn"), "Autumn 2025/2026 -> 2025-autumn");
	CHECK(mapping_term(&m, "Autumn 1 2025", out) && !strcmp(out, "2025-autumn"), "half term Autumn 1 2025");
	CHECK(mapping_term(&m, "2026-spring", out) && !strcmp(out, "2026-spring"), "term id");
	CHECK(mapping_term(&m, "t1", out) && !strcmp(out, "2025-autumn"), "profile name t1");
	CHECK(mapping_term(&m, "T 1", out) && !strcmp(out, "2025-autumn"), "profile name T1 written 'T 1'");
	CHECK(!mapping_term(&m, "Xmas 2025", out), "Xmas refused");
	CHECK(!mapping_term(&m, "Autumn", out), "no year refused");
	CHECK(!mapping_term(&m, "Autumn 2025 2026", out), "two years refused");
	{   /* half terms and terms as school systems write them (adv6) */
		static const char *const ok[][2] = {
			{ "Aut 2 25/26", "2025-autumn" }, { "Spr1 2026", "2026-spring" },
			{ "T1 2025-26", "2025-autumn" }, { "Au1 2025/26", "2025-autumn" },
			{ "AUT2 25-26", "2025-autumn" }, { "HT3 2025/26", "2026-spring" },
			{ "HT6 2025/26", "2026-summer" }, { "2025/26 T4", "2026-spring" },
			{ "T6 2025-26", "2026-summer" }, { "Term 1 2025/26", "2025-autumn" },
			{ "Autumn 1 (2025/26)", "2025-autumn" }, { "Spring Term 2 2026", "2026-spring" },
			{ "Spring half term 1 2026", "2026-spring" }, { "Sum2 2025-2026", "2026-summer" },
			{ "Year 5 Autumn 1 2025/26", "2025-autumn" }, { "Michaelmas 2025", "2025-autumn" },
			{ "Lent 2026", "2026-spring" }, { "Summer T5 2026", "2026-summer" },
		};
		static const char *const refused[] = { "Aut 25", "Autumn and Spring 2025", "Autumn 3 2025",
						       "25/2026 Autumn", "Autumn 2025-12-05", "T7 2025",
						       "HT4 Autumn 2025", "Autumn 2025/24", "Autumn T4 2025" };
		const char *why;

		for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
			CHECK(mapping_term(&m, ok[i][0], out) && !strcmp(out, ok[i][1]), ok[i][0]);
		for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
			CHECK(!mapping_term(&m, refused[i], out), refused[i]);
		CHECK(!mapping_term_why(&m, "T2 2025-26", out, &why) && why && !strncmp(why, "ambiguous", 9),
		      "T2 ambiguous (three or six terms)");
		CHECK(!mapping_term_why(&m, "Term 3 2026", out, &why) && why && !strncmp(why, "ambiguous", 9),
		      "Term 3 ambiguous");
		CHECK(!mapping_term_why(&m, "Autumn Spring 2025", out, &why) && why && strstr(why, "two terms"),
		      "two seasons named");
		CHECK(!mapping_term_why(&m, "Xmas 2025", out, &why) && why == NULL, "Xmas: not recognised");
	}
	CHECK(mapping_date(&m, "05/11/2025", out) && !strcmp(out, "2025-11-05"), "dd/mm/yyyy");
	CHECK(mapping_date(&m, "2024-02-29", out) && !strcmp(out, "2024-02-29"), "ISO leap day");
	CHECK(!mapping_date(&m, "29/02/2025", out), "29 Feb 2025 refused");
	CHECK(mapping_date(&m, "11/5/25", out) && !strcmp(out, "2025-05-11"), "d/m/yy");
	CHECK(mapping_date(&m, "5/1/2026", out) && !strcmp(out, "2026-01-05"), "d/m/yyyy");
	CHECK(mapping_date(&m, "05/12/25", out) && !strcmp(out, "2025-12-05"), "dd/mm/yy");
	CHECK(mapping_date(&m, "5 Dec 2025", out) && !strcmp(out, "2025-12-05"), "5 Dec 2025");
	CHECK(mapping_date(&m, "5 December 2025", out) && !strcmp(out, "2025-12-05"), "5 December 2025");
	CHECK(mapping_date(&m, "05-Dec-25", out) && !strcmp(out, "2025-12-05"), "05-Dec-25 (Excel)");
	CHECK(mapping_date(&m, "1st December 2025", out) && !strcmp(out, "2025-12-01"), "1st December 2025");
	CHECK(mapping_date(&m, "2nd of Dec 2025", out) && !strcmp(out, "2025-12-02"), "2nd of Dec 2025");
	CHECK(mapping_date(&m, "December 3rd, 2025", out) && !strcmp(out, "2025-12-03"), "December 3rd, 2025");
	CHECK(mapping_date(&m, "Thursday 4TH December 2025", out) && !strcmp(out, "2025-12-04"), "Thursday 4TH December 2025");
	CHECK(!mapping_date(&m, "1sx December 2025", out), "1sx December 2025 refused");
	CHECK(!mapping_date(&m, "1stDecember 2025", out), "1stDecember 2025 refused");
	CHECK(mapping_date(&m, "05/12/2025 16:04", out) && !strcmp(out, "2025-12-05"), "a time after the date");
	CHECK(!mapping_date(&m, "5 Decx 2025", out) && !mapping_date(&m, "5/12", out) &&
	      !mapping_date(&m, "5/12/202", out) && !mapping_date(&m, "2025/12/01", out), "malformed dates refused");
	m.date_format = MAP_MDY;
	CHECK(mapping_date(&m, "12/5/2025", out) && !strcmp(out, "2025-12-05"), "mm/dd/yyyy profile: month first");
	m.date_format = MAP_ISO;
	CHECK(!mapping_date(&m, "05/12/2025", out) && mapping_date(&m, "2025-12-05", out), "iso profile: ISO only");
	CHECK(strcmp(mapping_date_forms(&m), "YYYY-MM-DD") == 0, "iso profile's accepted forms");
	m.date_format = MAP_DMY;
	CHECK(!mapping_date(&m, "2025-11-05x", out), "trailing text refused");
	CHECK(mapping_date(&m, "2025-11-05 09:30", out) && !strcmp(out, "2025-11-05"), "ISO date with a time");
}

static void test_grades(void)
{
	mapping m;
	map_grade g[2] = { { (char *)"Working towards", (char *)"WTS", SCALE_KS_TA },
			   { (char *)"Expected", (char *)"2", SCALE_EYFS_ELG } };
	char *nr = (char *)"Absent";
	char out[64];

	memset(&m, 0, sizeof(m));
	m.grades = g;
	m.ngrades = 2;
	m.no_result = &nr;
	m.nno_result = 1;
	CHECK(mapping_grade(&m, SCALE_KS_TA, "  working   TOWARDS ", out, sizeof(out)) && !strcmp(out, "WTS"),
	      "grade word: trimmed, case and spaces folded");
	CHECK(!mapping_grade(&m, SCALE_KS_TA, "Expected", out, sizeof(out)) && !strcmp(out, "Expected"),
	      "a word for another scale is left alone");
	CHECK(mapping_grade(&m, SCALE_EYFS_ELG, "expected", out, sizeof(out)) && !strcmp(out, "2"), "EYFS Expected is 2");
	CHECK(!mapping_grade(&m, SCALE_GCSE, "4/5", out, sizeof(out)), "fine grades refused by default");
	m.fine = MAP_FINE_LOWER;
	CHECK(mapping_grade(&m, SCALE_GCSE, "4/5", out, sizeof(out)) && !strcmp(out, "4"), "4/5 lower is 4");
	CHECK(mapping_grade(&m, SCALE_GCSE, "5-", out, sizeof(out)) && !strcmp(out, "5"), "5- is 5");
	CHECK(mapping_grade(&m, SCALE_GCSE, "5+", out, sizeof(out)) && !strcmp(out, "5"), "5+ is 5");
	CHECK(!mapping_grade(&m, SCALE_GCSE, "3/5", out, sizeof(out)), "3/5 is not a fine grade");
	m.fine = MAP_FINE_UPPER;
	CHECK(mapping_grade(&m, SCALE_GCSE, "5/4", out, sizeof(out)) && !strcmp(out, "5"), "5/4 upper is 5");
	CHECK(mapping_no_result(&m, " x ") && mapping_no_result(&m, "-") && mapping_no_result(&m, "n/a") &&
	      mapping_no_result(&m, "absent") && !mapping_no_result(&m, "5") && !mapping_no_result(&m, "EXS"),
	      "no-result words: X, -, N/A and the profile's");
	CHECK(mapping_header_match("UPN|Unique Pupil Number", " unique pupil  number") &&
	      mapping_header_match("UPN|Unique Pupil Number", "upn") &&
	      !mapping_header_match("UPN|Unique Pupil Number", "UPNs"), "header aliases, case and spaces");
}

/* Plain lines (no quote, no stray CR) are split without libcsv: the same fields as libcsv
 * gives, blanks trimmed around unquoted fields, a line of only blanks no row at all, a NUL or
 * invalid byte still flagged, and a line with a quote or a lone CR left to libcsv. */
static void test_plain(void)
{
	static const char data[] = "a, b ,c\n \t \nd,\te\t,\n x ,\"y\" ,z\nu,v\rw\n1,2\000x,3\n";
	static const char tabs[] = "a\t b \t\n\t\t\n";
	seen s;
	pk_error err;
	int rc = read_enc(data, sizeof(data) - 1, NULL, ',', &s, NULL, &err);

	CHECK(rc == PK_OK, "plain lines read");
	CHECK(s.n == 6 && s.blank == 0, "six rows, the blanks-only line none (got %d, %d)", s.n, s.blank);
	CHECK(s.nfields[0] == 3 && strcmp(s.f1[0], "b") == 0, "blanks trimmed around a field");
	CHECK(s.lines[1] == 3 && s.nfields[1] == 3 && strcmp(s.f1[1], "e") == 0,
	      "tabs trimmed, trailing empty field kept (line %lu, %zu fields)", s.lines[1], s.nfields[1]);
	CHECK(s.lines[2] == 4 && strcmp(s.f1[2], "y") == 0, "a quoted field still goes through libcsv");
	CHECK(s.lines[3] == 5 && s.nfields[3] == 2 && s.lines[4] == 5 && s.nfields[4] == 1,
	      "a lone CR ends a row, as libcsv reads it");
	CHECK(s.problems[5] == CSVREAD_NUL && s.pfield[5] == 2 && s.bad1[5], "a NUL byte is flagged");
	rc = read_enc(tabs, sizeof(tabs) - 1, NULL, '\t', &s, NULL, &err);
	CHECK(rc == PK_OK && s.n == 2 && s.nfields[0] == 3 && strcmp(s.f1[0], "b") == 0 &&
	      s.nfields[1] == 3, "tab-delimited: tabs are delimiters, not blanks");
}

/* What test_table() sees: each row's second field compared with what iconv(3) makes of it. */
struct table_seen {
	iconv_t cd;
	int rows, same, flagged_ok, long_ok;
};

static int table_row(void *ctx, const csvread_row *row, pk_error *err)
{
	struct table_seen *t = ctx;

	(void)err;
	if (row->nfields < 2 || row->line == 1)
		return PK_OK;
	t->rows++;
	if (row->fields[0][0] == 'L') {   /* a long line: 30,000 e-acute */
		int ok = row->lens[1] == 60000;

		for (size_t i = 0; ok && i < 60000; i += 2)
			ok = memcmp(row->fields[1] + i, "\xC3\xA9", 2) == 0;
		t->long_ok += ok;
		return PK_OK;
	}
	{
		char in = (char)strtol(row->fields[0], NULL, 16), outb[8] = "", *ip = &in, *op = outb;
		size_t il = 1, ol = sizeof(outb) - 1;

		iconv(t->cd, NULL, NULL, NULL, NULL);
		if (iconv(t->cd, &ip, &il, &op, &ol) == (size_t)-1)   /* undefined: flagged, 0xFF */
			t->flagged_ok += row->bad[1] && strcmp(row->fields[1], "\xFF") == 0;
		else
			t->same += !row->bad[1] && strcmp(row->fields[1], outb) == 0;
	}
	return PK_OK;
}

/* A Windows-1252 export goes through a table built from iconv: every byte 0x80-0xFF reads as
 * iconv(3) reads it alone (an undefined one flagged), and lines cut by the table's 64 KB steps
 * read whole. */
static void test_table(void)
{
	size_t n = 0, cap = 200000;
	char *d = malloc(cap);
	struct table_seen t = { iconv_open("UTF-8", "WINDOWS-1252"), 0, 0, 0, 0 };
	int undefined = 0;
	const char *p;
	csvread_src src;
	pk_error err;
	int rc;

	if (d == NULL || t.cd == (iconv_t)-1)
		abort();
	n += (size_t)snprintf(d + n, cap - n, "byte,char,x\n");
	for (int c = 0x80; c < 0x100; c++) {
		char in = (char)c, outb[8], *ip = &in, *op = outb;
		size_t il = 1, ol = sizeof(outb);

		iconv(t.cd, NULL, NULL, NULL, NULL);
		undefined += iconv(t.cd, &ip, &il, &op, &ol) == (size_t)-1;
		n += (size_t)snprintf(d + n, cap - n, "%02x,", c);
		d[n++] = (char)c;
		n += (size_t)snprintf(d + n, cap - n, ",x\n");
	}
	for (int l = 0; l < 3; l++) {   /* 3 x 30,000 bytes: the 64 KB step falls inside one */
		n += (size_t)snprintf(d + n, cap - n, "L,");
		memset(d + n, 0xE9, 30000);
		n += 30000;
		n += (size_t)snprintf(d + n, cap - n, ",x\n");
	}
	p = temp_csv(d, n);
	rc = csvread_open(p, "windows-1252", &src, &err);
	CHECK(rc == PK_OK && strcmp(src.encoding, "windows-1252") == 0, "a Windows-1252 file (%s)", src.encoding);
	if (rc == PK_OK)
		rc = csvread_parse(&src, ',', table_row, &t, &err);
	CHECK(rc == PK_OK && t.rows == 128 + 3, "every row read (%d)", t.rows);
	CHECK(t.same == 128 - undefined && t.flagged_ok == undefined && undefined > 0,
	      "bytes 0x80-0xFF as iconv reads them: %d the same, %d of %d undefined flagged", t.same,
	      t.flagged_ok, undefined);
	CHECK(t.long_ok == 3, "lines across the table's 64 KB steps read whole (%d of 3)", t.long_ok);
	csvread_close(&src);
	unlink(p);
	iconv_close(t.cd);
	free(d);
}

/* Excel's "CSV (MS-DOS)" (CP850) told from Windows-1252 by what each reading makes of the
 * letters of words (csvread_open's sniff; adv/c05, t0762). */
static void test_oem(void)
{
	static const struct {
		const char *text, *enc;
		int rc;
		const char *what;
	} cases[] = {
		{ "S,F\r\nFran\x87" "ais,G\x82ographie\r\n", "CP850", PK_OK, "CP850 c-cedilla, e-acute" },
		{ "S,F\r\nM\x81ller,Zo\x89\r\n", "CP850", PK_OK, "CP850 u-diaeresis (undefined in 1252) in a word" },
		{ "S,F\r\nM\xFCller,Zo\xEB\r\n", "windows-1252", PK_OK, "Windows-1252 letters" },
		{ "S,F\r\nO\x92" "Brien,Smith\x96Jones\r\n", "windows-1252", PK_OK, "1252 apostrophe, dash in words" },
		{ "S,F\r\nNwosu\x81,Zo\xEB\r\n", "windows-1252", PK_OK, "a lone undefined byte is not CP850" },
		{ "S,F\r\nFran\x87" "ais,Zo\xEB\r\n", "", PK_EINVAL, "both readings: refused" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		csvread_src src;
		pk_error err;
		const char *p = temp_csv(cases[i].text, strlen(cases[i].text));
		int rc = csvread_open(p, "windows-1252", &src, &err);

		CHECK(rc == cases[i].rc && (rc != PK_OK || strcmp(src.encoding, cases[i].enc) == 0),
		      "%s: %s (rc %d)", cases[i].what, rc == PK_OK ? src.encoding : err.msg, rc);
		if (rc == PK_EINVAL)
			CHECK(strstr(err.msg, "line 2 reads as 'CSV (MS-DOS)' (CP850) and line 2 as "
				     "Windows-1252") != NULL, "... naming the lines: %s", err.msg);
		csvread_close(&src);
		unlink(p);
	}
	{   /* a profile naming an encoding is taken at its word */
		csvread_src src;
		pk_error err;
		const char *p = temp_csv(cases[0].text, strlen(cases[0].text));
		int rc = csvread_open(p, "ISO-8859-1", &src, &err);

		CHECK(rc == PK_OK && strcmp(src.encoding, "ISO-8859-1") == 0, "a profile's encoding is used");
		csvread_close(&src);
		unlink(p);
	}
}

int main(void)
{
	test_lines();
	test_plain();
	test_encodings();
	test_big();
	test_problems();
	test_grades();
	test_utf8();
	test_upn();
	test_scales();
	test_terms_dates();
	test_table();
	test_oem();
	return unit_done();
}
