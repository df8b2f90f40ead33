/*
 * test_merge.c: the merge library as `pepkit pack` will use it, in memory: load a profile and
 * exports into an index, apply it to record DOMs, and read the counts; a conflict leaves the
 * DOM untouched; applying twice to a fresh DOM gives the same serialisation.
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "intake/import.h"
#include "intake/mapping.h"
#include "intake/merge.h"
#include "core/xmlsafe.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#define DATA "tests/data/csv/"

/* Count of nodes matching expr in doc. */
static int count(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = c ? xmlXPathEvalExpression((const xmlChar *)expr, c) : NULL;
	int n = o && o->nodesetval ? o->nodesetval->nodeNr : -1;

	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	return n;
}

/* The serialisation of doc (caller frees). */
static char *dump(xmlDocPtr doc)
{
	xmlChar *mem = NULL;
	int len = 0;
	char *s;

	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	s = strdup((char *)mem);
	xmlFree(mem);
	return s;
}

/* import_withhold_names(): every word of the names, compared as names are, and nothing else */
static void test_withhold_names(void)
{
	const char *names[] = { "Ayşe Yılmaz", NULL, "" };
	char t[64];

	snprintf(t, sizeof(t), "for AYSE yilmaz; Ayşe's; Aysel");
	import_withhold_names(t, sizeof(t), names, 3, "[x]");
	CHECK(strcmp(t, "for [x] [x]; [x]'s; Aysel") == 0, "names withheld, case and accents folded (%s)", t);
	snprintf(t, sizeof(t), "EXS, 104");
	import_withhold_names(t, sizeof(t), names, 3, "[x]");
	CHECK(strcmp(t, "EXS, 104") == 0, "text without the names unchanged (%s)", t);
	snprintf(t, sizeof(t), "Ayse Ayse Ayse Ayse Ayse");
	import_withhold_names(t, 12, names, 3, "[pupil's name]");
	CHECK(strlen(t) == 11 && strncmp(t, "[pupil's na", 11) == 0, "cut to fit (%s)", t);
	names[0] = NULL;
	snprintf(t, sizeof(t), "Ayse");
	import_withhold_names(t, sizeof(t), names, 3, "[x]");
	CHECK(strcmp(t, "Ayse") == 0, "no names: unchanged");
}

int main(void)
{
	mapping *map = NULL;
	merge_index *ix = NULL;
	merge_counts c;
	pk_error err;
	pk_buf csv = PK_BUF_INIT;
	xmlDocPtr amara, lukasz, again;
	char *first, *second;
	int rc;

	if (xmlsafe_init() != PK_OK)
		return 1;
	rc = mapping_load("templates/mapping-sims-long.xml", &map, &err);
	CHECK(rc == PK_OK, "shipped SIMS profile loads (%s)", rc ? err.msg : "");
	if (rc != PK_OK)
		return unit_done();
	CHECK(map->shape == MAP_LONG && map->key_kind == MAP_KEY_UPN, "long shape keyed by UPN");
	CHECK(mapping_scale(map, "KS2", "Maths", "Test")->kind == SCALE_KS2_SCALED, "KS2 test -> scaled score");
	CHECK(mapping_scale(map, "KS2", "Maths", "")->kind == SCALE_KS_TA, "KS2 otherwise -> teacher assessment");
	CHECK(mapping_scale(map, "KS1", "Phonics", "")->kind == SCALE_PHONICS, "phonics rule before key stage");

	ix = merge_new(map, NULL);
	CHECK(ix != NULL, "index created");
	rc = merge_read_csv(ix, DATA "good-sims.csv", &err);
	CHECK(rc == PK_OK, "good export read");
	{
		/* conflict-b.csv has no dates: its rows are as of the file's date, fixed here to the
		 * date of good-sims.csv's Maths row, so the two Maths values conflict */
		FILE *in = fopen(DATA "conflict-b.csv", "rb"), *out = fopen("/tmp/pepkit-unit-conflict-b.csv", "wb");
		char b[4096];
		size_t n;
		struct timespec ts[2] = { { 1764590400, 0 }, { 1764590400, 0 } };   /* 2025-12-01 12:00 UTC */

		while (in && out && (n = fread(b, 1, sizeof(b), in)) > 0)
			fwrite(b, 1, n, out);
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		utimensat(AT_FDCWD, "/tmp/pepkit-unit-conflict-b.csv", ts, 0);
	}
	rc = merge_read_csv(ix, "/tmp/pepkit-unit-conflict-b.csv", &err);
	CHECK(rc == PK_OK, "second export read");

	amara = xmlsafe_read_file(DATA "cohort/ks2-amara.xml", &err);
	lukasz = xmlsafe_read_file(DATA "cohort/ks4-lukasz.xml", &err);
	CHECK(amara && lukasz, "records parse");
	if (!amara || !lukasz)
		return unit_done();
	first = dump(lukasz);
	rc = merge_apply(ix, lukasz, "ks4-lukasz.xml", &err);
	second = dump(lukasz);
	CHECK(rc == MERGE_APPLY_HELD, "Maths 5 against the record's 4 holds the KS4 record (rc %d)", rc);
	CHECK(strcmp(first, second) == 0, "a held record's DOM is untouched");
	free(first);
	free(second);

	rc = merge_apply(ix, amara, "ks2-amara.xml", &err);
	CHECK(rc == MERGE_APPLY_CHANGED, "KS2 record changed");
	CHECK(count(amara, "//term[@id='2026-spring']/attainment/result[@subject='Maths' and @aspect='Test' and @current='104' and @source='good-sims.csv:6']") == 1,
	      "scaled score merged into the DOM with its source");
	CHECK(count(amara, "//term[@id='2025-autumn']/attainment/result[@subject='Writing' and @current='WTS']") == 1,
	      "a result in a term with no attainment yet");
	first = dump(amara);
	again = xmlsafe_read_file(DATA "cohort/ks2-amara.xml", &err);
	rc = merge_apply(ix, again, "ks2-amara.xml", &err);
	second = dump(again);
	CHECK(rc == MERGE_APPLY_CHANGED && strcmp(first, second) == 0, "applying to a fresh DOM again gives the same bytes");
	free(first);
	free(second);
	xmlFreeDoc(again);
	again = xmlParseDoc((const xmlChar *)"<pep-record version=\"1\"><child><la-child-id>X-1</la-child-id></child></pep-record>");
	CHECK(merge_apply(ix, again, "no-upn.xml", &err) == MERGE_APPLY_NONE, "a record without a UPN gets nothing");
	xmlFreeDoc(again);

	rc = merge_report(ix, &c, &csv, NULL, NULL);
	CHECK(rc == PK_OK, "report made");
	CHECK(c.files == 2 && c.rows == 8 && c.values == 7, "2 files, 8 rows (one blank), 7 values (got %lu %lu %lu)", c.files, c.rows, c.values);
	/* Amara: Reading, Maths Test, Writing (twice, same value); Lukasz: Maths 4 vs 5 as of the
	 * same date, English in a term his record lacks; one blank line */
	CHECK(c.n[MERGE_MERGED] == 3 && c.n[MERGE_DUPLICATE] == 1 && c.n[MERGE_CONFLICT] == 2 &&
	      c.n[MERGE_HELD] == 0 && c.n[MERGE_UNMATCHED] == 0 && c.n[MERGE_REJECTED] == 1 &&
	      c.n[MERGE_SUPERSEDED] == 0 && c.n[MERGE_BLANK] == 1,
	      "outcomes: 3 merged, 1 duplicate, 2 conflict, 1 rejected, 1 blank (got %lu %lu %lu %lu %lu %lu %lu %lu)",
	      c.n[0], c.n[1], c.n[2], c.n[3], c.n[4], c.n[5], c.n[6], c.n[7]);
	{
		unsigned long sum = 0;

		for (int i = 0; i < MERGE_NOUTCOMES; i++)
			sum += c.n[i];
		CHECK(sum == c.rows, "outcomes add up to the rows read");
	}
	CHECK(csv.data && strstr(csv.data, "\"conflict\",\"/tmp/pepkit-unit-conflict-b.csv\",\"3\",\"B801200005001\",\"2025-autumn\",\"Maths\",\"\",\"5\",\"1\",") &&
	      strstr(csv.data, "\"conflict\",\"tests/data/csv/good-sims.csv\",\"3\",\"B801200005001\",\"2025-autumn\",\"Maths\",\"\",\"4\",\"1\",\"'4' here, '5' in '/tmp/pepkit-unit-conflict-b.csv' line 3 (both as of 2025-12-01)\""),
	      "report lists both sides of the conflict with file, line and date");
	CHECK(strstr(csv.data, "\"duplicate\",\"/tmp/pepkit-unit-conflict-b.csv\",\"2\",\"Q801200005002\",\"2025-autumn\",\"Writing\",\"\",\"WTS\",\"1\",") != NULL,
	      "report counts the repeated Writing value (another file) as a duplicate");
	CHECK(strstr(csv.data, "\"file\",\"tests/data/csv/good-sims.csv\",\"1\",") != NULL &&
	      strstr(csv.data, "read as UTF-8 (BOM), delimiter ',', header on line 1") != NULL,
	      "report says how each file was read");
	unlink("/tmp/pepkit-unit-conflict-b.csv");

	buf_free(&csv);
	xmlFreeDoc(amara);
	xmlFreeDoc(lukasz);
	merge_free(ix);
	mapping_free(map);
	test_withhold_names();
	xmlsafe_cleanup();
	return unit_done();
}
