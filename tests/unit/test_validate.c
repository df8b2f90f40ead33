/*
 * test_validate.c: unit tests for validate.h: the UPN check letter, validate_record() on
 * in-memory records (field paths, lines, the report callback contract, the cap on reported
 * problems), validation from two threads at once, and a timing line (not an assertion) for
 * validate_record() on samples/ks4-ehcp-exclusions.xml (and on $PEPKIT_BENCH_FILE if set).
 */
#include "core/pepkit.h"
#include "record/validate.h"
#include "core/xmlsafe.h"
#include "unit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the report callback saw. */
struct seen {
	int n;
	int line[8];
	char field[8][200];
	char msg[8][400];
};

/* validate_report_fn: keep the first 8 problems. */
static void collect(void *ctx, const char *file, int line, const char *field, const char *message)
{
	struct seen *s = ctx;

	(void)file;
	if (s->n < 8) {
		s->line[s->n] = line;
		snprintf(s->field[s->n], sizeof(s->field[0]), "%s", field);
		snprintf(s->msg[s->n], sizeof(s->msg[0]), "%s", message);
	}
	s->n++;
}

/* Index of the first problem whose field is field, or -1. */
static int find_field(const struct seen *s, const char *field)
{
	for (int i = 0; i < s->n && i < 8; i++)
		if (strcmp(s->field[i], field) == 0)
			return i;
	return -1;
}

/* Read a whole file into a malloc'ed NUL-terminated string, or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1)) != NULL) {
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/* base with the first occurrence of from replaced by to; caller frees. */
static char *replace(const char *base, const char *from, const char *to)
{
	const char *p = strstr(base, from);
	size_t a, b = strlen(from), c = strlen(to), n = strlen(base);
	char *out;

	if (p == NULL)
		return NULL;
	a = (size_t)(p - base);
	out = malloc(n - b + c + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, base, a);
	memcpy(out + a, to, c);
	memcpy(out + a + c, p + b, n - a - b + 1);
	return out;
}

/* Parse text and validate it; the problems go to s. Returns validate_record()'s result, or
 * -100 if the text did not parse. */
static int run_text(validator *v, const char *text, struct seen *s)
{
	pk_error err;
	xmlDocPtr doc = xmlsafe_read_memory(text, strlen(text), "mem.xml", &err);
	int rc;

	memset(s, 0, sizeof(*s));
	if (doc == NULL)
		return -100;
	rc = validate_record(v, doc, "mem.xml", collect, s, &err);
	xmlFreeDoc(doc);
	return rc;
}

static void test_upn(void)
{
	char want = 0;

	CHECK(validate_upn("B801200005001", &want) == 1 && want == 'B', "B801200005001 is valid");
	CHECK(validate_upn("C801200005001", &want) == 0 && want == 'B',
	      "a wrong check letter is caught and the right one given");
	CHECK(validate_upn("B801200005002", &want) == 0 && want == 'Q', "last digit changed: Q");
	CHECK(validate_upn("M80120000500A", &want) == 1, "a temporary UPN (ends in a letter)");
	CHECK(validate_upn("A80120000500A", &want) == 0 && want == 'M', "temporary UPN, wrong letter");
	CHECK(validate_upn("B80120000500", &want) == 0 && want == '?', "12 characters: wrong shape");
	CHECK(validate_upn("B8012000050011", &want) == 0 && want == '?', "14 characters: wrong shape");
	CHECK(validate_upn("B8012000A5001", &want) == 0 && want == '?', "a letter inside: wrong shape");
	CHECK(validate_upn("I801200005001", &want) == 0 && want == '?', "I is not in the alphabet");
	CHECK(validate_upn("B80120000500O", &want) == 0 && want == '?', "O is not in the alphabet");
	CHECK(validate_upn("b801200005001", &want) == 0 && want == '?', "lowercase is not a UPN");
	CHECK(validate_upn(NULL, &want) == 0 && want == '?', "NULL is not a UPN");
	CHECK(validate_upn("", NULL) == 0, "empty is not a UPN; expected may be NULL");
}

static void test_records(validator *v, const char *base)
{
	struct seen s;
	char *t;
	int rc, i;

	rc = run_text(v, base, &s);
	CHECK(rc == 0 && s.n == 0, "the base record is valid (rc %d, first: %s: %s)", rc,
	      s.n ? s.field[0] : "", s.n ? s.msg[0] : "");

	t = replace(base, "due=\"2025-12-12\"", "due=\"2025-10-01\"");
	rc = run_text(v, t, &s);
	i = find_field(&s, "terms/term[2]/targets/target[1]/@due");
	CHECK(rc == 1 && i == 0 && s.line[0] == 52, "target due before set: one problem on @due, line 52 "
	      "(rc %d, %s line %d)", rc, s.n ? s.field[0] : "", s.n ? s.line[0] : 0);
	free(t);

	t = replace(base, "<upn>B801200005001</upn>", "<upn>C801200005001</upn>");
	rc = run_text(v, t, &s);
	CHECK(rc == 1 && strcmp(s.field[0], "child/upn") == 0 && s.line[0] == 6 &&
	      strstr(s.msg[0], "should be 'B'") != NULL, "wrong UPN check letter: %s", s.msg[0]);
	free(t);

	t = replace(base, "<percent>95.0</percent>", "<percent>abc</percent>");
	rc = run_text(v, t, &s);
	CHECK(rc == 1 && strcmp(s.field[0], "terms/term[1]/attendance/percent") == 0 &&
	      strncmp(s.msg[0], "'abc' is not", 12) == 0,
	      "a schema error is reported once, and the rule skips the value (%d: %s)", rc, s.msg[0]);
	free(t);

	/* a document that is not a PEP record at all */
	rc = run_text(v, "<?xml version=\"1.0\"?>\n<html><body/></html>\n", &s);
	CHECK(rc >= 1 && strcmp(s.field[0], "html") == 0 && s.line[0] == 2,
	      "not a PEP record: reported on the root (%s line %d: %s)", s.field[0], s.line[0],
	      s.msg[0]);

	/* a NULL report function is allowed: only the count comes back */
	{
		pk_error err;
		xmlDocPtr doc;

		t = replace(base, "<year-group>4</year-group>", "<year-group>9</year-group>");
		doc = xmlsafe_read_memory(t, strlen(t), "mem.xml", &err);
		CHECK(doc && validate_record(v, doc, NULL, NULL, NULL, &err) == 1,
		      "NULL callback and file: the count is still returned");
		xmlFreeDoc(doc);
		free(t);
	}
}

/* Many problems: the callback sees at most 100 plus one "more problems" line; the count is
 * complete. */
static void test_cap(validator *v, const char *base)
{
	char *many = malloc(300 * 200 + 16), *t;
	struct seen s;
	size_t n;
	int rc;

	if (many == NULL)
		return;
	n = (size_t)snprintf(many, 16, "<targets>");
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(many + n, 300 * 200 + 16 - n,
				      "<target id=\"M%d\" owner=\"dt1\" set=\"2025-10-07\" due=\"2025-10-01\" "
				      "status=\"in-progress\"><area>A</area><what>W</what><measure>M</measure>"
				      "</target>", i);
	t = replace(base, "<targets>", many);
	free(many);
	if (t == NULL)
		return;
	rc = run_text(v, t, &s);
	CHECK(rc == 300 && s.n == 101, "300 problems: all counted (%d), 100 + 1 reported (%d)", rc,
	      s.n);
	free(t);
}

struct job {
	validator *v;
	xmlDocPtr doc;
	int rounds;
	int bad;
};

/* Thread body: validate the same document repeatedly; count results that are not 0. */
static void *worker(void *arg)
{
	struct job *j = arg;
	pk_error err;

	for (int i = 0; i < j->rounds; i++)
		if (validate_record(j->v, j->doc, "thread.xml", NULL, NULL, &err) != 0)
			j->bad++;
	return NULL;
}

static void test_threads(validator *v, const char *sample, const char *invalid)
{
	pk_error err;
	struct job j[2] = { { v, NULL, 40, 0 }, { v, NULL, 40, 0 } };
	pthread_t th[2];

	j[0].doc = xmlsafe_read_memory(sample, strlen(sample), "a.xml", &err);
	j[1].doc = xmlsafe_read_memory(invalid, strlen(invalid), "b.xml", &err);
	if (j[0].doc == NULL || j[1].doc == NULL) {
		CHECK(0, "thread test documents parse");
		goto out;
	}
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, worker, &j[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	CHECK(j[0].bad == 0, "two threads: the valid record is valid every time (%d bad)", j[0].bad);
	CHECK(j[1].bad == 40, "two threads: the invalid record is invalid every time (%d)", j[1].bad);
out:
	xmlFreeDoc(j[0].doc);
	xmlFreeDoc(j[1].doc);
}

/* Microseconds per validate_record() on the text of file name; printed as a comment, never
 * asserted. */
static void bench(validator *v, const char *sample, const char *name)
{
	pk_error err;
	xmlDocPtr doc = xmlsafe_read_memory(sample, strlen(sample), "sample.xml", &err);
	struct timespec a, b;
	int rounds = 300;
	double us;

	if (doc == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < rounds; i++)
		validate_record(v, doc, "sample.xml", NULL, NULL, &err);
	clock_gettime(CLOCK_MONOTONIC, &b);
	us = ((double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3) / rounds;
	printf("# validate_record on %s: %.0f us per record (%d rounds)\n", name, us, rounds);
	xmlFreeDoc(doc);
}

int main(void)
{
	pk_error err;
	validator *v;
	size_t n;
	char *base, *sample, *invalid;

	if (xmlsafe_init() != PK_OK)
		return 1;
	test_upn();
	v = validate_new(&err);
	CHECK(v != NULL, "validate_new compiles schemas/pep.xsd%s%s", v ? "" : ": ", v ? "" : err.msg);
	base = slurp("tests/data/validate/valid-base.xml", &n);
	sample = slurp("samples/ks4-ehcp-exclusions.xml", &n);
	invalid = slurp("tests/data/validate/invalid-rule-target-due.xml", &n);
	CHECK(base && sample && invalid, "test records read (run from the source tree)");
	if (v && base && sample && invalid) {
		test_records(v, base);
		test_cap(v, base);
		test_threads(v, sample, invalid);
		bench(v, sample, "samples/ks4-ehcp-exclusions.xml");
	}
	if (v && getenv("PEPKIT_BENCH_FILE")) {  /* any record, e.g. one from `pepkit sample` */
		char *extra = slurp(getenv("PEPKIT_BENCH_FILE"), &n);

		if (extra)
			bench(v, extra, getenv("PEPKIT_BENCH_FILE"));
		free(extra);
	}
	free(base);
	free(sample);
	free(invalid);
	validate_free(v);
	validate_free(NULL);
	xmlsafe_cleanup();
	return unit_done();
}
