/*
 * test_mergesax.c: merge_judge_file() (the merge command's first pass, judging a record from
 * the parser's SAX events without a tree) decides exactly what merge_apply() (a tree) decides.
 * Records written to be awkward for a streaming reader (entities and character references in
 * attributes, blanks and CDATA in texts, namespaced elements, a second <attainment>, a
 * non-term element inside <terms>, attendance, a school, a conflict, a malformed file, a
 * DOCTYPE) go through both against the same exports: the return for each record, the messages
 * for the files that cannot be read, the whole report and each child's summary must agree.
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "intake/mapping.h"
#include "intake/merge.h"
#include "core/xmlsafe.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define TERMS_OPEN "<terms>\n  <term id=\"2025-autumn\" kind=\"review\" start=\"2025-09-03\" end=\"2025-12-19\">\n"

static const char *const records[] = {
	/* 0: plain; English the same (duplicate), Maths older in the record (replaced) */
	HEAD "<pep-record version=\"1\">\n<child><la-child-id>S-0</la-child-id><upn>B801999900000</upn>"
	"<key-stage>KS4</key-stage></child>\n" TERMS_OPEN
	"    <attainment>\n      <result subject=\"English\" scale=\"gcse\" current=\"5\" date=\"2025-11-14\"/>\n"
	"      <result subject=\"Maths\" scale=\"gcse\" current=\"4\" date=\"2025-10-01\"/>\n    </attainment>\n"
	"  </term>\n</terms>\n</pep-record>\n",
	/* 1: '&' through &amp; and &#38;, an accent through a character reference */
	HEAD "<pep-record version=\"1\"><child><upn>Q801999900001</upn><key-stage>KS4</key-stage></child>"
	TERMS_OPEN "<attainment><result subject=\"Art &amp; Design\" aspect=\"Drawing &#38; Painting\" "
	"scale=\"gcse\" current=\"4\" date=\"2025-11-14\"/><result subject=\"Fr&#233;nch\" scale=\"gcse\" "
	"current=\"6\"/></attainment></term></terms></pep-record>\n",
	/* 2: blanks around the UPN, the key stage in CDATA with a comment, an element inside the
	 * child id */
	HEAD "<pep-record version=\"1\"><child><la-child-id>S-<b>2</b></la-child-id>"
	"<upn>  E801999900002 </upn><key-stage><!-- ks --><![CDATA[KS4]]></key-stage></child>"
	TERMS_OPEN "</term></terms></pep-record>\n",
	/* 3: namespaced elements; a second <attainment> (not looked at); a non-term element in
	 * <terms> whose result names "Science" (the record's name for "Combined Science") */
	HEAD "<p:pep-record xmlns:p=\"urn:example:p\" version=\"1\"><p:child><p:upn>U801999900003</p:upn>"
	"<p:key-stage>KS4</p:key-stage></p:child><p:terms><p:term id=\"2025-autumn\">"
	"<p:attainment><p:result subject=\"English\" current=\"3\" date=\"2025-11-14\"/></p:attainment>"
	"<p:attainment><p:result subject=\"Science\" current=\"7\" date=\"2025-11-14\"/></p:attainment>"
	"</p:term><p:extra id=\"2025-autumn\"><p:attainment><p:result subject=\"Science\" current=\"1\"/>"
	"</p:attainment></p:extra></p:terms></p:pep-record>\n",
	/* 4: attendance (older, with blanks around the percent), a school */
	HEAD "<pep-record version=\"1\"><child><upn>H801999900004</upn><key-stage>KS4</key-stage>"
	"<school><name>Invented Academy</name><urn> 100004 </urn></school></child>" TERMS_OPEN
	"<attendance as-of=\"2025-10-01\"><percent> 93.5 </percent></attendance><attendance as-of=\"2025-12-01\">"
	"<percent>10</percent></attendance></term></terms></pep-record>\n",
	/* 5: a conflict (a different value of the same date): held */
	HEAD "<pep-record version=\"1\"><child><upn>X801999900005</upn><key-stage>KS4</key-stage>"
	"<school><name>Made-up School</name></school></child>" TERMS_OPEN
	"<attainment><result subject=\"History\" current=\"2\" date=\"2025-11-14\"/></attainment>"
	"</term></terms></pep-record>\n",
	/* 6: not well-formed */
	HEAD "<pep-record version=\"1\"><child><upn>L801999900006</upn></child>\n<terms></pep-record>\n",
	/* 7: a DOCTYPE */
	HEAD "<!DOCTYPE pep-record [ <!ENTITY x \"y\"> ]>\n<pep-record version=\"1\"><child>"
	"<upn>A801999900007</upn></child><terms>&x;</terms></pep-record>\n",
};

static const char csv[] =
	"UPN,Surname,Forename,Subject,Aspect,Result,Term,Date,Attendance %\n"
	"B801999900000,Child,Ada,English,,5,Autumn 2025,14/11/2025,\n"
	"B801999900000,Child,Ada,Mathematics,,6,Autumn 2025,14/11/2025,\n"
	"Q801999900001,Child,Zo\xc3\xab,Art & Design,Drawing & Painting,4,Autumn 2025,14/11/2025,\n"
	"Q801999900001,Child,Zo\xc3\xab,Fr\xc3\xa9nch,,6,Autumn 2025,14/11/2025,\n"
	"E801999900002,Child,Bo,English,,7,Autumn 2025,14/11/2025,\n"
	"U801999900003,Child,Cy,Combined Science,,7,Autumn 2025,14/11/2025,\n"
	"U801999900003,Child,Cy,English,,3,Autumn 2025,14/11/2025,\n"
	"H801999900004,Child,Di,,,,Autumn 2025,14/11/2025,95\n"
	"X801999900005,Child,Ed,History,,3,Autumn 2025,14/11/2025,\n"
	"X801999900005,Child,Ed,Music,,3,Autumn 2025,14/11/2025,\n"
	"L801999900006,Child,Fi,Music,,3,Autumn 2025,14/11/2025,\n"
	"D801999900009,Child,Gu,Music,,3,Autumn 2025,14/11/2025,\n";

/* A file no profile reads, naming H801999900004: the school of record 4 "sent" it. */
static const char bad_csv[] = "Pupil,Mark\nH801999900004,5\n";

/* Write n bytes of s to path. Returns 0 or -1. */
static int put(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(s, 1, n, f) == n;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

/* A new index over the exports in dir. */
static merge_index *index_for(const mapping *map, const char *dir)
{
	merge_index *ix = merge_new(map, NULL);
	char path[512];
	pk_error err;

	snprintf(path, sizeof(path), "%s/export.csv", dir);
	if (ix == NULL || merge_read_csv(ix, path, &err) != PK_OK)
		return ix;
	snprintf(path, sizeof(path), "%s/bad.csv", dir);
	merge_read_csv(ix, path, &err);
	return ix;
}

int main(void)
{
	enum { N = PK_ARRAY_LEN(records) };
	mapping *map = NULL;
	merge_index *tree = NULL, *sax = NULL;
	xmlsafe_parser *xp = NULL;
	char dir[] = "/tmp/pepkit-unit-mergesax-XXXXXX", path[N][512];
	int rt[N], rs[N], same_msgs = 1, same_rc = 1, same_info = 1;
	pk_buf a = PK_BUF_INIT, b = PK_BUF_INIT;
	merge_counts ca, cb;
	pk_error err;

	if (xmlsafe_init() != PK_OK || mkdtemp(dir) == NULL)
		return 1;
	CHECK(mapping_load("templates/mapping-sims-long.xml", &map, &err) == PK_OK, "profile loads");
	if (map == NULL)
		return unit_done();
	snprintf(path[0], sizeof(path[0]), "%s/export.csv", dir);
	CHECK(put(path[0], csv, sizeof(csv) - 1) == 0, "export written");
	snprintf(path[0], sizeof(path[0]), "%s/bad.csv", dir);
	CHECK(put(path[0], bad_csv, sizeof(bad_csv) - 1) == 0, "unreadable export written");
	for (size_t i = 0; i < N; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/rec-%zu.xml", dir, i);
		CHECK(put(path[i], records[i], strlen(records[i])) == 0, "record %zu written", i);
	}
	tree = index_for(map, dir);
	sax = index_for(map, dir);
	xp = xmlsafe_parser_new();
	CHECK(tree && sax && xp, "indexes and parser made");
	if (!tree || !sax || !xp)
		return unit_done();
	for (size_t i = 0; i < N; i++) {
		pk_error et, es;
		xmlDocPtr doc = xmlsafe_read_file(path[i], &et);

		rt[i] = doc ? merge_apply(tree, doc, path[i], &et) : et.code;
		xmlFreeDoc(doc);
		pk_error_clear(&es);
		rs[i] = merge_judge_file(sax, xp, path[i], &es);
		same_rc &= rt[i] == rs[i];
		if (rt[i] < 0 && rs[i] < 0 && strcmp(et.msg, es.msg) != 0) {
			same_msgs = 0;
			printf("# record %zu: tree '%s', SAX '%s'\n", i, et.msg, es.msg);
		}
		if (rt[i] != rs[i])
			printf("# record %zu: tree %d, SAX %d\n", i, rt[i], rs[i]);
	}
	CHECK(same_rc, "every record: the same return from the tree and from SAX");
	CHECK(same_msgs, "the same message for the records that cannot be read");
	CHECK(rs[0] == MERGE_APPLY_CHANGED && rs[1] == MERGE_APPLY_NONE && rs[3] == MERGE_APPLY_CHANGED &&
	      rs[4] == MERGE_APPLY_CHANGED && rs[5] == MERGE_APPLY_HELD && rs[6] == PK_EINVAL &&
	      rs[7] == PK_EINVAL, "returns as expected: changed, none, changed, changed, held, bad, bad "
	      "(%d %d %d %d %d %d %d)", rs[0], rs[1], rs[3], rs[4], rs[5], rs[6], rs[7]);
	CHECK(merge_report(tree, &ca, &a, NULL, NULL) == PK_OK && merge_report(sax, &cb, &b, NULL, NULL) == PK_OK,
	      "both reports made");
	CHECK(a.len > 0 && a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
	      "the report is the same byte for byte");
	if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0))
		printf("# tree:\n%s# SAX:\n%s", a.data ? a.data : "", b.data ? b.data : "");
	CHECK(cb.n[MERGE_DUPLICATE] == 4 && cb.n[MERGE_MERGED] == 4 && cb.n[MERGE_CONFLICT] == 1 &&
	      cb.n[MERGE_HELD] == 1, "4 duplicate (English, Art & Design, French, English in CDATA's "
	      "record), 4 merged, 1 conflict, 1 held (got %lu %lu %lu %lu)", cb.n[MERGE_DUPLICATE],
	      cb.n[MERGE_MERGED], cb.n[MERGE_CONFLICT], cb.n[MERGE_HELD]);
	for (size_t i = 0; i < N; i++) {
		merge_child_info it, is;
		int ft = merge_child_summary(tree, path[i], &it), fs = merge_child_summary(sax, path[i], &is);

		same_info &= ft == fs && it.merged == is.merged && it.rejected == is.rejected &&
			     it.other == is.other && it.school_file_rejected == is.school_file_rejected;
		if (i == 4)
			CHECK(fs == 1 && is.school_file_rejected, "record 4's school sent the unreadable file");
	}
	CHECK(same_info, "every child's summary is the same");
	buf_free(&a);
	buf_free(&b);
	xmlsafe_parser_free(xp);
	merge_free(tree);
	merge_free(sax);
	mapping_free(map);
	for (size_t i = 0; i < N; i++)
		unlink(path[i]);
	snprintf(path[0], sizeof(path[0]), "%s/export.csv", dir);
	unlink(path[0]);
	snprintf(path[0], sizeof(path[0]), "%s/bad.csv", dir);
	unlink(path[0]);
	rmdir(dir);
	xmlsafe_cleanup();
	return unit_done();
}
