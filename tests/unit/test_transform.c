/*
 * test_transform.c: unit tests for the transform stage (src/render/transform.c) with the real
 * stylesheets: loading (known, unknown and unsafe names), the latest term, term selection and
 * a missing term, the audience parameter, redacted records, the same output from several
 * threads at once, and a timing loop that prints microseconds per transform for the KS4 sample
 * (printed as a "#" note; no speed is asserted). Run from the source tree with PEPKIT_DATADIR
 * set (tests/run.sh does both).
 */
#include "core/pepkit.h"
#include "render/transform.h"
#include "core/xmlsafe.h"
#include "unit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xpath.h>
#include <libxml/xmlsave.h>

#define KS4 "samples/ks4-ehcp-exclusions.xml"
#define REDACTED "tests/data/transform/redacted-ks4.xml"

/* XPath expr evaluated as a string on doc, copied into buf (empty if doc is NULL). Returns buf. */
static const char *xs(xmlDocPtr doc, const char *expr, char *buf, size_t size)
{
	xmlXPathContextPtr c;
	xmlXPathObjectPtr o = NULL;

	buf[0] = '\0';
	if (doc == NULL)
		return buf;
	c = xmlXPathNewContext(doc);
	if (c != NULL)
		o = xmlXPathEvalExpression((const xmlChar *)expr, c);
	if (o != NULL) {
		xmlChar *s = xmlXPathCastToString(o);

		snprintf(buf, size, "%s", s ? (const char *)s : "");
		xmlFree(s);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	return buf;
}

/* doc serialised as a malloc'd string (caller frees), or NULL. */
static char *dump(xmlDocPtr doc)
{
	xmlChar *mem = NULL;
	int len = 0;
	char *s;

	if (doc == NULL)
		return NULL;
	xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
	s = mem ? strdup((const char *)mem) : NULL;
	xmlFree(mem);
	return s;
}

/* Monotonic time in seconds. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct job {
	transform *t;
	const char *expect;
	int rounds;
	int mismatches;
};

/* Thread body: transform its own copy of the KS4 record rounds times; count outputs that
 * differ from the single-threaded one. */
static void *worker(void *arg)
{
	struct job *j = arg;
	pk_error err;
	xmlDocPtr rec = xmlsafe_read_file(KS4, &err);

	for (int i = 0; i < j->rounds; i++) {
		xmlDocPtr ir = transform_apply(j->t, rec, KS4, NULL, NULL, &err);
		char *s = dump(ir);

		if (s == NULL || strcmp(s, j->expect) != 0)
			j->mismatches++;
		free(s);
		xmlFreeDoc(ir);
	}
	xmlFreeDoc(rec);
	return NULL;
}

int main(void)
{
	pk_error err;
	transform *p1 = NULL, *p2 = NULL, *bad;
	xmlDocPtr ks4 = NULL, red = NULL, ir = NULL;
	char b[1024], latest[32];
	char *single = NULL;

	CHECK(xmlsafe_init() == PK_OK, "xmlsafe_init");

	/* loading */
	p1 = transform_load("pep1", &err);
	CHECK(p1 != NULL, "pep1.xsl compiles (%s)", p1 ? "ok" : err.msg);
	p2 = transform_load("pep2", &err);
	CHECK(p2 != NULL, "pep2.xsl compiles (%s)", p2 ? "ok" : err.msg);
	bad = transform_load("pep9", &err);
	CHECK(bad == NULL && err.code == PK_EINVAL && strstr(err.msg, "pep9") != NULL,
	      "an unknown document is PK_EINVAL naming it: %s", err.msg);
	bad = transform_load("../schemas/pep", &err);
	CHECK(bad == NULL && err.code == PK_EINVAL, "a name with a path is refused: %s", err.msg);
	if (p1 == NULL || p2 == NULL)
		goto out;

	ks4 = xmlsafe_read_file(KS4, &err);
	red = xmlsafe_read_file(REDACTED, &err);
	CHECK(ks4 != NULL && red != NULL, "test records parse");
	if (ks4 == NULL || red == NULL)
		goto out;

	/* latest term */
	CHECK(transform_latest_term(ks4, latest, sizeof(latest)) == PK_OK &&
	      strcmp(latest, "2025-autumn") == 0, "latest term of the KS4 sample is 2025-autumn");
	CHECK(transform_latest_term(ks4, latest, 5) == PK_EINVAL, "latest term: too small a buffer fails");

	/* default term, content */
	ir = transform_apply(p1, ks4, KS4, NULL, NULL, &err);
	CHECK(ir != NULL, "pep1 of the KS4 sample (%s)", ir ? "ok" : err.msg);
	CHECK(strcmp(xs(ir, "string(/document/meta/term)", b, sizeof(b)), "2025-autumn") == 0,
	      "NULL term means the latest");
	CHECK(strcmp(xs(ir, "string(/document/meta/footer)", b, sizeof(b)),
		     "PEP1 · Autumn term 2025 · LA-204817") == 0, "footer: %s", b);
	CHECK(strcmp(xs(ir, "string(/document/meta/subtitle)", b, sizeof(b)),
		     "Autumn term 2025 · Łukasz Wiśniewski") == 0, "subtitle: %s", b);
	CHECK(strcmp(xs(ir, "concat(/document/meta/footer, /document/meta/subject, /document/meta/keywords,"
			" /document/meta/title)", b, sizeof(b)), "") != 0 &&
	      strstr(b, "Łukasz") == NULL && strstr(b, "Wiśniewski") == NULL,
	      "title, footer, subject and keywords carry no child name");
	CHECK(strcmp(xs(ir, "count(/document/meta/audience)", b, sizeof(b)), "0") == 0,
	      "no audience line without the parameter");
	single = dump(ir);
	xmlFreeDoc(ir);

	/* a chosen term */
	ir = transform_apply(p1, ks4, KS4, "2025-summer", NULL, &err);
	CHECK(ir != NULL && strcmp(xs(ir, "string(/document/meta/footer)", b, sizeof(b)),
				   "PEP1 · Summer term 2025 · LA-204817") == 0, "term 2025-summer chosen: %s", b);
	CHECK(strcmp(xs(ir, "string(//h[.=\"Evaluation of last term's targets\"]/following-sibling::*[1]/@style)",
			b, sizeof(b)), "empty") == 0, "the first term has no previous targets to evaluate");
	xmlFreeDoc(ir);

	/* a missing term */
	ir = transform_apply(p2, ks4, KS4, "2024-spring", NULL, &err);
	CHECK(ir == NULL && err.code == PK_EINVAL && strstr(err.msg, KS4) != NULL &&
	      strstr(err.msg, "'2024-spring'") != NULL, "a term not in the record: %s", err.msg);
	xmlFreeDoc(ir);

	/* a record without terms, and a document that is not a record */
	{
		static const char noterms[] = "<pep-record version=\"1\"><child/><people/><terms/></pep-record>";
		static const char other[] = "<document type=\"pep1\"/>";
		xmlDocPtr d = xmlsafe_read_memory(noterms, sizeof(noterms) - 1, "noterms.xml", &err);

		ir = transform_apply(p1, d, "noterms.xml", NULL, NULL, &err);
		CHECK(ir == NULL && err.code == PK_EINVAL && strstr(err.msg, "noterms.xml") != NULL,
		      "a record without terms: %s", err.msg);
		xmlFreeDoc(d);
		d = xmlsafe_read_memory(other, sizeof(other) - 1, "other.xml", &err);
		ir = transform_apply(p1, d, "other.xml", NULL, NULL, &err);
		CHECK(ir == NULL && err.code == PK_EINVAL, "not a PEP record: %s", err.msg);
		xmlFreeDoc(d);
	}

	/* the record is only read */
	{
		char *before = dump(ks4), *after;

		xmlFreeDoc(transform_apply(p1, ks4, KS4, NULL, NULL, &err));
		xmlFreeDoc(transform_apply(p2, ks4, KS4, "2025-summer", NULL, &err));
		after = dump(ks4);
		CHECK(before != NULL && after != NULL && strcmp(before, after) == 0,
		      "transforming leaves the record unchanged");
		free(before);
		free(after);
	}

	/* a parameter without a value */
	ir = transform_apply(p1, red, NULL, NULL, (const char *const[]){ "audience", NULL }, &err);
	CHECK(ir == NULL && err.code == PK_EINTERNAL, "a malformed parameter list is refused");
	xmlFreeDoc(ir);

	/* the audience parameter, with quotes that must not break XPath */
	ir = transform_apply(p2, ks4, KS4, NULL, (const char *const[]){ "audience", "carer", NULL }, &err);
	CHECK(strcmp(xs(ir, "string(/document/meta/audience)", b, sizeof(b)), "Copy for: carer (redacted)") == 0,
	      "audience carer: %s", b);
	xmlFreeDoc(ir);
	ir = transform_apply(p2, ks4, KS4, NULL, (const char *const[]){ "audience", "record", NULL }, &err);
	CHECK(strcmp(xs(ir, "string(/document/meta/audience)", b, sizeof(b)), "Copy for: record") == 0,
	      "audience record: %s", b);
	xmlFreeDoc(ir);
	ir = transform_apply(p2, ks4, KS4, NULL, (const char *const[]){ "audience", "O'Neil \"x\"", NULL }, &err);
	CHECK(strcmp(xs(ir, "string(/document/meta/audience)", b, sizeof(b)),
		     "Copy for: O'Neil \"x\" (redacted)") == 0, "audience with quotes passed as a string: %s", b);
	xmlFreeDoc(ir);

	/* a redacted record */
	ir = transform_apply(p1, red, REDACTED, NULL, NULL, &err);
	CHECK(ir != NULL, "pep1 of a redacted record (%s)", ir ? "ok" : err.msg);
	CHECK(strcmp(xs(ir, "string(//field[@label='Placement address'])", b, sizeof(b)), "[REDACTED]") == 0,
	      "a redacted address shows [REDACTED]");
	CHECK(strcmp(xs(ir, "string(//h[.='Health']/following-sibling::*[1])", b, sizeof(b)), "[REDACTED]") == 0,
	      "a redacted text block is one [REDACTED] paragraph");
	CHECK(strcmp(xs(ir, "count(//row[cell[1]='T-2025AU-3']/cell[.='[REDACTED]'])", b, sizeof(b)), "1") == 0,
	      "a redacted person's name shows [REDACTED] where it owns a target");
	CHECK(strcmp(xs(ir, "count(//h[.='Withheld from this copy'])", b, sizeof(b)), "1") == 0,
	      "a redacted record ends with 'Withheld from this copy'");
	CHECK(strcmp(xs(ir, "count(//h[.='Withheld from this copy']/following-sibling::list/item)", b, sizeof(b)),
		     "6") == 0, "six distinct categories listed once each (%s)", b);
	xmlFreeDoc(ir);

	/* threads: the same output from two threads at once */
	{
		struct job j[2] = { { p1, single, 100, 0 }, { p1, single, 100, 0 } };
		pthread_t th[2];

		for (int i = 0; i < 2; i++)
			pthread_create(&th[i], NULL, worker, &j[i]);
		for (int i = 0; i < 2; i++)
			pthread_join(th[i], NULL);
		CHECK(single != NULL && j[0].mismatches == 0 && j[1].mismatches == 0,
		      "two threads transforming at once give the single-threaded output (%d, %d differ)",
		      j[0].mismatches, j[1].mismatches);
	}

	/* timing (informational) */
	{
		const int n = 300;
		transform *ts[2] = { p1, p2 };

		for (int d = 0; d < 2; d++) {
			double t0 = now(), t1;
			int fails = 0;

			for (int i = 0; i < n; i++) {
				ir = transform_apply(ts[d], ks4, KS4, NULL, NULL, &err);
				fails += ir == NULL;
				xmlFreeDoc(ir);
			}
			t1 = now();
			ir = NULL;
			CHECK(fails == 0, "%d pep%d transforms of the KS4 sample succeed", n, d + 1);
			printf("# pep%d: %.0f microseconds per transform (KS4 sample, %d runs, one thread)\n",
			       d + 1, (t1 - t0) * 1e6 / n, n);
		}
	}
out:
	free(single);
	xmlFreeDoc(ks4);
	xmlFreeDoc(red);
	transform_free(p1);
	transform_free(p2);
	xmlsafe_cleanup();
	return unit_done();
}
