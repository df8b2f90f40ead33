/*
 * allocfail.c: allocation-failure injection over pepkit's library code, in the manner of
 * SQLite's and curl's torture tests. This program is linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup, so every
 * allocation made by pepkit's own code (libpepkit.a) goes through the counter below.
 * Allocations inside the shared libraries (libxml2, libxslt, libharu, libzip, zlib, ICU) are not
 * failed: libxml2 2.9.14 itself crashes when its allocator fails inside xmlSchemaParse (seen
 * here with xmlMemSetup), which no caller can prevent; pepkit's handling of a NULL from those
 * libraries is exercised through the pepkit allocations around each call.
 *
 * For each scenario (validate a sample, render it as PDF and DOCX for the full record and a
 * redacted copy, merge an export into a record), it first counts the allocations of a clean
 * run, then runs the scenario again failing the Nth allocation (and every one after it, as a
 * real out-of-memory would) for N = 1..200 and then a spread of N up to the total. Each run
 * must return an error code (or succeed, when the failed allocation was not needed), never
 * crash; under `make check SAN=1` ASan and LeakSanitizer check that no run corrupts memory or
 * leaks. Prints "ok - ..." lines for tests/run.sh.
 *
 * Usage: allocfail [POINTS]   (POINTS: how many N to try past the first 200; default 150)
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "core/xmlsafe.h"
#include "batch/pipeline.h"
#include "intake/mapping.h"
#include "intake/merge.h"
#include "render/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

static unsigned long count;      /* allocations so far in this run */
static unsigned long fail_at;    /* fail allocation number fail_at and every later one; 0: never */
static unsigned long failed;     /* how many were failed */

/* 1 if this allocation is to fail. */
static int fail_now(void)
{
	count++;
	if (fail_at != 0 && count >= fail_at) {
		failed++;
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return fail_now() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }
char *__wrap_strdup(const char *s) { return fail_now() ? NULL : __real_strdup(s); }
char *__wrap_strndup(const char *s, size_t n) { return fail_now() ? NULL : __real_strndup(s, n); }

static char sample[4096], csv[4096], profile[4096];

/* Scenario: load and validate a sample record. PK_OK or a PK_E* code. */
static int run_validate(void)
{
	pipeline *p;
	xmlDocPtr d;
	pk_error err;
	int rc;

	if ((p = pipeline_new(NULL, 0, NULL, 0, 1, &err)) == NULL)
		return err.code ? err.code : PK_ENOMEM;
	d = pipeline_load_record(p, sample, &err);
	rc = d ? PK_OK : (err.code ? err.code : PK_ENOMEM);
	xmlFreeDoc(d);
	pipeline_free(p);
	return rc;
}

/* Scenario: PEP1 of the sample as PDF and DOCX, for the full record and the parent's copy. */
static int run_render(void)
{
	static const char *const docs[] = { "pep1" };
	static const char *const auds[] = { "record", "parent" };
	pipeline *p;
	xmlDocPtr d = NULL;
	pk_error err;
	int rc = PK_OK;

	if ((p = pipeline_new(docs, 1, auds, 2, 1, &err)) == NULL)
		return err.code ? err.code : PK_ENOMEM;
	if ((d = pipeline_load_record(p, sample, &err)) == NULL) {
		rc = err.code ? err.code : PK_ENOMEM;
		goto out;
	}
	for (int a = 0; a < 2 && rc == PK_OK; a++) {
		xmlDocPtr copy = NULL, ir = NULL;
		pk_buf out = PK_BUF_INIT;

		if ((rc = pipeline_redact(p, d, a, &copy, NULL, &err)) != PK_OK)
			break;
		if ((ir = pipeline_transform(p, copy, sample, 0, NULL, a, &err)) == NULL)
			rc = err.code ? err.code : PK_ENOMEM;
		if (rc == PK_OK)
			rc = pipeline_render(ir, PIPELINE_PDF, &out, NULL, &err);
		buf_reset(&out);
		if (rc == PK_OK)
			rc = pipeline_render(ir, PIPELINE_DOCX, &out, NULL, &err);
		buf_free(&out);
		xmlFreeDoc(ir);
		if (copy != d)
			xmlFreeDoc(copy);
	}
out:
	xmlFreeDoc(d);
	pipeline_free(p);
	pdf_cleanup();   /* the font caches are rebuilt in every run, so their failures are tried */
	return rc;
}

/* Scenario: merge an attainment export into a copy of the sample with the SIMS profile. */
static int run_merge(void)
{
	mapping *m = NULL;
	merge_index *ix = NULL;
	xmlDocPtr d = NULL;
	pk_buf report = PK_BUF_INIT;
	merge_counts counts;
	pk_error err;
	int rc;

	if ((rc = mapping_load(profile, &m, &err)) != PK_OK)
		goto out;
	if ((ix = merge_new(m, "2025-autumn")) == NULL) {
		rc = PK_ENOMEM;
		goto out;
	}
	if ((rc = merge_read_csv(ix, csv, &err)) != PK_OK)
		goto out;
	if ((d = xmlsafe_read_file(sample, &err)) == NULL) {
		rc = err.code ? err.code : PK_ENOMEM;
		goto out;
	}
	if ((rc = merge_apply(ix, d, sample, &err)) < 0)
		goto out;
	rc = merge_report(ix, &counts, &report, NULL, NULL);
out:
	buf_free(&report);
	xmlFreeDoc(d);
	merge_free(ix);
	mapping_free(m);
	return rc;
}

/* Run scenario fn failing allocation n (0: none). Returns fn's code; *used the allocations. */
static int run(int (*fn)(void), unsigned long n, unsigned long *used)
{
	int rc;

	count = 0;
	failed = 0;
	fail_at = n;
	rc = fn();
	fail_at = 0;
	*used = count;
	return rc;
}

static int torture(const char *name, int (*fn)(void), unsigned long points)
{
	unsigned long total, used, tried = 0, errors = 0, step;
	int rc, bad = 0;

	rc = run(fn, 0, &total);
	printf("%s - %s: a clean run succeeds (%lu allocations)\n", rc == PK_OK ? "ok" : "not ok",
	       name, total);
	if (rc != PK_OK)
		return 1;
	step = total > 200 ? (total - 200) / points + 1 : 1;
	for (unsigned long n = 1; n <= total; n += n < 200 ? 1 : step) {
		rc = run(fn, n, &used);
		tried++;
		if (rc != PK_OK)
			errors++;
		/* a run that reports success although an allocation it needed failed would be a
		 * silent loss: success is only right when nothing was failed */
		if (rc == PK_OK && failed > 0) {
			printf("not ok - %s: allocation %lu failed, yet the run reported success\n", name, n);
			bad = 1;
		}
	}
	printf("%s - %s: %lu runs, each failing one allocation onwards (1..200, then every %lu), "
	       "%lu ended with a clean error, none crashed\n", bad ? "not ok" : "ok", name, tried, step,
	       errors);
	return bad;
}

int main(int argc, char **argv)
{
	unsigned long points = argc > 1 ? strtoul(argv[1], NULL, 10) : 150;
	const char *dd;
	int bad = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (xmlsafe_init() != PK_OK)
		return 2;
	dd = pk_datadir();
	snprintf(sample, sizeof(sample), "%s/samples/ks4-ehcp-exclusions.xml", dd);
	snprintf(csv, sizeof(csv), "%s/tests/data/csv/good-sims.csv", dd);
	snprintf(profile, sizeof(profile), "%s/templates/mapping-sims-long.xml", dd);
	bad |= torture("validate", run_validate, points);
	bad |= torture("render", run_render, points);
	bad |= torture("merge", run_merge, points);
	xmlsafe_cleanup();
	return bad;
}
