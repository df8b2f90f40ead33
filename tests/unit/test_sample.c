/*
 * test_sample.c: unit tests for the synthetic cohort generator: UPN check letters, record
 * determinism and independence, well-formed UTF-8 XML, unique identifiers, the buffer cap,
 * and sample_generate()'s argument checks and output files.
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "sample/sample.h"
#include "core/xmlsafe.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

/* sample_upn_check() against domain.md's example, a hand-computed case and bad input. */
static void test_upn_check(void)
{
	CHECK(sample_upn_check("801200005001") == 'B', "domain.md's example B801200005001 has check letter B");
	/* by hand: 2*8+3*2+4*3+5*0+6*4+7*5+8*6+9*7+10*1+11*2+12*3+13*4 = 324; 324 mod 23 = 2 -> C */
	CHECK(sample_upn_check("823045671234") == 'C', "a hand-computed case gives C");
	/* temporary UPN: last character a letter (A = 0, so the same sum as with digit 0) */
	CHECK(sample_upn_check("80120000500A") == sample_upn_check("801200005000"), "a temporary UPN's letter counts by its index");
	CHECK(sample_upn_check("80120000500I") == 0, "I is not in the UPN alphabet");
	CHECK(sample_upn_check("8012000050A1") == 0, "a letter is only allowed last");
	CHECK(sample_upn_check("80120000500") == 0, "11 characters is too short");
	CHECK(sample_upn_check("8012000050011") == 0, "13 characters is too long");
	CHECK(sample_upn_check(NULL) == 0, "NULL is rejected");
}

/* The text of the first node matching xpath in doc, or NULL (caller frees with xmlFree). */
static xmlChar *xp_text(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr obj = ctx ? xmlXPathEvalExpression((const xmlChar *)xpath, ctx) : NULL;
	xmlChar *s = NULL;

	if (obj && obj->nodesetval && obj->nodesetval->nodeNr > 0)
		s = xmlNodeGetContent(obj->nodesetval->nodeTab[0]);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return s;
}

/* qsort comparison of two C-string pointers. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sample_record(): determinism, independence of records, argument checks, well-formed XML,
 * correct and unique identifiers, the buffer cap. */
static void test_records(void)
{
	enum { N = 300 };
	pk_buf a = PK_BUF_INIT, b = PK_BUF_INIT;
	char *upns[N], *laids[N];
	int nupn = 0, nla = 0, wellformed = 0, upn_ok = 0, dup = 0;

	CHECK(sample_record(&a, 0, N, 42) == PK_OK && a.len > 10000, "a record is made and is long (%zu bytes)", a.len);
	CHECK(sample_record(&b, 0, N, 42) == PK_OK && a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
	      "the same (index, count, seed) gives the same bytes");
	buf_reset(&b);
	CHECK(sample_record(&b, 0, N, 43) == PK_OK && (a.len != b.len || memcmp(a.data, b.data, a.len) != 0),
	      "another seed gives another record");
	buf_reset(&a);
	buf_reset(&b);
	/* a record does not depend on the ones made before it */
	sample_record(&a, 7, N, 42);
	for (long i = 0; i < 7; i++) {
		buf_reset(&b);
		sample_record(&b, i, N, 42);
	}
	buf_reset(&b);
	sample_record(&b, 7, N, 42);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0, "record 7 is the same made alone or after 0..6");

	CHECK(sample_record(&a, -1, N, 42) == PK_EINVAL, "a negative index is rejected");
	CHECK(sample_record(&a, N, N, 42) == PK_EINVAL, "an index past the count is rejected");
	CHECK(sample_record(&a, 0, 0, 42) == PK_EINVAL, "a zero count is rejected");

	for (long i = 0; i < N; i++) {
		pk_error err;
		xmlDocPtr doc;
		xmlChar *upn, *la;

		buf_reset(&a);
		if (sample_record(&a, i, N, 42) != PK_OK)
			continue;
		doc = xmlsafe_read_memory(a.data, a.len, "sample", &err);
		if (doc == NULL)
			continue;
		wellformed++;
		upn = xp_text(doc, "/pep-record/child/upn");
		la = xp_text(doc, "/pep-record/child/la-child-id");
		if (upn) {
			if (strlen((char *)upn) == 13 && sample_upn_check((char *)upn + 1) == upn[0])
				upn_ok++;
			upns[nupn++] = strdup((char *)upn);
		}
		if (la)
			laids[nla++] = strdup((char *)la);
		xmlFree(upn);
		xmlFree(la);
		xmlFreeDoc(doc);
	}
	CHECK(wellformed == N, "all %d records parse as well-formed XML with the safe parser (%d did)", N, wellformed);
	CHECK(nupn > N / 2 && upn_ok == nupn, "every UPN has its correct check letter (%d of %d)", upn_ok, nupn);
	qsort(upns, (size_t)nupn, sizeof(upns[0]), cmp_str);
	qsort(laids, (size_t)nla, sizeof(laids[0]), cmp_str);
	for (int i = 1; i < nupn; i++)
		dup += strcmp(upns[i - 1], upns[i]) == 0;
	for (int i = 1; i < nla; i++)
		dup += strcmp(laids[i - 1], laids[i]) == 0;
	CHECK(dup == 0 && nla == N, "UPNs and LA child ids are unique (%d duplicates)", dup);
	for (int i = 0; i < nupn; i++)
		free(upns[i]);
	for (int i = 0; i < nla; i++)
		free(laids[i]);

	/* the buffer cap is honoured and reported */
	buf_free(&a);
	a.max = 1000;
	CHECK(sample_record(&a, 0, N, 42) == PK_ELIMIT && a.len <= 1000, "a record over the buffer cap fails with PK_ELIMIT");
	buf_free(&a);
	buf_free(&b);
}

/* sample_generate(): count checks, nested folder creation, file names and modes, an I/O error. */
static void test_generate(void)
{
	char dir[] = "/tmp/pepkit-test-sample-XXXXXX";
	char path[256];
	struct stat st;
	pk_error err;

	CHECK(mkdtemp(dir) != NULL, "temp folder");
	pk_error_clear(&err);
	CHECK(sample_generate(dir, 0, 1, &err) == PK_EINVAL && strstr(err.msg, "count") != NULL, "count 0 is rejected with a message");
	CHECK(sample_generate(dir, SAMPLE_MAX_CHILDREN + 1, 1, &err) == PK_EINVAL, "a count over the maximum is rejected");
	snprintf(path, sizeof(path), "%s/sub/cohort", dir);
	CHECK(sample_generate(path, 3, 5, &err) == PK_OK, "3 records into a new nested folder");
	snprintf(path, sizeof(path), "%s/sub/cohort/child-000003.xml", dir);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size > 10000, "child-000003.xml exists, mode 0600");
	snprintf(path, sizeof(path), "%s/sub/cohort/child-000004.xml", dir);
	CHECK(stat(path, &st) != 0, "and no fourth record");
	snprintf(path, sizeof(path), "%s/file", dir);
	{
		FILE *f = fopen(path, "w");

		if (f)
			fclose(f);
	}
	CHECK(sample_generate(path, 1, 1, &err) == PK_EIO && strstr(err.msg, "file") != NULL,
	      "a file in the way of the folder is an I/O error naming it");
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	CHECK(system(path) == 0, "clean up");
}

int main(void)
{
	xmlsafe_init();
	test_upn_check();
	test_records();
	test_generate();
	xmlsafe_cleanup();
	return unit_done();
}
