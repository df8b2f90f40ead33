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
	int n;
} seen;

/* Collects up to 16 rows. */
static int collect(void *ctx, const csvread_row *row, pk_error *err)
{
	seen *s = ctx;

	(void)err;
	if (s->n < 16) {
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
	CHECK(s.n == 4, "four rows (header + 3), blank lines skipped (got %d)", s.n);
	CHECK(s.lines[0] == 1 && s.lines[1] == 2 && s.lines[2] == 7 && s.lines[3] == 8,
	      "rows start on physical lines 1, 2, 7, 8 (got %lu %lu %lu %lu)", s.lines[0],
	      s.lines[1], s.lines[2], s.lines[3]);
	CHECK(strcmp(s.f1[0], "h2") == 0, "BOM is not part of the first header");
	CHECK(strcmp(s.f1[1], "multi\r\nline\r\nfield") == 0, "quoted newlines kept in the field");
	CHECK(strcmp(s.f1[2], "x, y") == 0, "quoted comma kept");
	CHECK(strcmp(s.f1[3], "q\"uote") == 0, "doubled quote unescaped");
	CHECK(s.nfields[3] == 3, "last row without newline has its 3 fields");
}

static void test_problems(void)
{
	static const char bad[] = "a,b,c\n1,\"two\nlines \xC3\x28\",3\n4,\xF4\x90\x80\x80,6\n7,8,9\n";
	seen s;
	pk_error err;
	char *big;
	int rc = read_csv(bad, sizeof(bad) - 1, &s, &err);

	CHECK(rc == PK_OK && s.n == 4, "invalid UTF-8 does not stop the file");
	CHECK(s.problems[1] == CSVREAD_BAD_UTF8 && s.pfield[1] == 2 && s.pline[1] == 3,
	      "bad byte after a quoted newline: field 2, line 3 (got field %zu line %lu)",
	      s.pfield[1], s.pline[1]);
	CHECK(s.problems[2] == CSVREAD_BAD_UTF8 && s.pline[2] == 4, "code point over U+10FFFF is bad");
	CHECK(s.problems[3] == CSVREAD_OK, "the next row is fine");

	rc = read_csv("a,b\n1,x\0y\n", 10, &s, &err);
	CHECK(rc == PK_OK && s.problems[1] == CSVREAD_NUL, "NUL byte in a field reported");

	big = malloc(CSVREAD_FIELD_MAX + 100);
	memset(big, 'x', CSVREAD_FIELD_MAX + 100);
	memcpy(big, "h\n\"", 3);
	rc = read_csv(big, CSVREAD_FIELD_MAX + 100, &s, &err);
	CHECK(rc == PK_ELIMIT && strstr(err.msg, "line 2 field 1: field over") != NULL,
	      "oversized field stops the file naming line and field (%s)", err.msg);
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
	CHECK(!scale_check(scale_builtin(SCALE_PERCENT), "91.25", out, sizeof(out), NULL), "two decimals refused");
	CHECK(scale_kind_from_name("ks2-scaled") == SCALE_KS2_SCALED && scale_kind_from_name("x") == -1, "scale names");
}

static void test_terms_dates(void)
{
	mapping m;
	map_pair p = { (char *)"T1", (char *)"2025-autumn", 0 };
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
	CHECK(!mapping_term(&m, "Xmas 2025", out), "Xmas refused");
	CHECK(!mapping_term(&m, "Autumn", out), "no year refused");
	CHECK(!mapping_term(&m, "Autumn 2025 2026", out), "two years refused");
	CHECK(mapping_date(&m, "05/11/2025", out) && !strcmp(out, "2025-11-05"), "dd/mm/yyyy");
	CHECK(mapping_date(&m, "2024-02-29", out) && !strcmp(out, "2024-02-29"), "ISO leap day");
	CHECK(!mapping_date(&m, "29/02/2025", out), "29 Feb 2025 refused");
	CHECK(!mapping_date(&m, "11/5/25", out), "two-digit year refused");
	CHECK(!mapping_date(&m, "2025-11-05x", out), "trailing text refused");
	CHECK(mapping_date(&m, "2025-11-05 09:30", out) && !strcmp(out, "2025-11-05"), "ISO date with a time");
}

int main(void)
{
	test_lines();
	test_problems();
	test_utf8();
	test_upn();
	test_scales();
	test_terms_dates();
	return unit_done();
}
