/*
 * test_qa.c: unit tests of pepkit qa's calendar (school days and working days across a
 * half-term, a bank holiday and the Christmas break; dates outside the calendar), date
 * arithmetic, the shipped calendar's bank holidays, the frameworks' loading and overall
 * rules, and the reusable parser the workers read records with (core/xmlsafe.h).
 */
#include "core/pepkit.h"
#include "core/xmlsafe.h"
#include "qa/calendar.h"
#include "qa/framework.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static qa_day D(const char *s)
{
	qa_day d = -1;

	if (qa_day_parse(s, &d) != 0)
		printf("# bad test date %s\n", s);
	return d;
}

static const char *F(qa_day d)
{
	static char out[4][11];
	static int k;

	k = (k + 1) % 4;
	qa_day_format(d, out[k]);
	return out[k];
}

static void test_dates(void)
{
	qa_day d;

	CHECK(D("1970-01-01") == 0 && D("2025-09-22") == 20353, "day numbers from 1970-01-01");
	CHECK(strcmp(F(D("2024-02-29")), "2024-02-29") == 0, "leap day round-trips");
	CHECK(qa_day_parse("2025-02-29", &d) != 0 && qa_day_parse("2025-13-01", &d) != 0 &&
	      qa_day_parse("2025-1-01", &d) != 0 && qa_day_parse("2025-01-01x", &d) != 0 &&
	      qa_day_parse("1899-12-31", &d) != 0, "impossible and malformed dates are refused");
	CHECK(qa_day_weekday(D("2025-09-22")) == 0 && qa_day_weekday(D("2026-04-03")) == 4 &&
	      qa_day_weekday(D("2027-12-28")) == 1, "weekdays (Monday 0)");
	CHECK(strcmp(F(qa_day_add_months(D("2025-08-31"), 6)), "2026-02-28") == 0,
	      "31 August + 6 months = 28 February");
	CHECK(strcmp(F(qa_day_add_months(D("2027-08-31"), 6)), "2028-02-29") == 0, "... 29 in a leap year");
	CHECK(strcmp(F(qa_day_add_months(D("2025-10-15"), 6)), "2026-04-15") == 0, "15 October + 6 months");
	CHECK(strcmp(F(qa_day_add_months(D("2025-11-01"), 12)), "2026-11-01") == 0, "+ 12 months");
}

static void test_calendar(void)
{
	qa_calendar *c = NULL;
	pk_error err;
	char path[4096];
	static const char *const holidays[] = {
		"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
		"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
		"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"
	};
	int all = 1;

	snprintf(path, sizeof(path), "%s/templates/calendar-england-2025-27.xml", pk_datadir());
	CHECK(calendar_load(path, &c, &err) == PK_OK && c != NULL, "the shipped calendar loads");
	if (c == NULL) {
		printf("# %s\n", err.msg);
		return;
	}
	for (size_t i = 0; i < PK_ARRAY_LEN(holidays); i++)
		if (calendar_is_working_day(c, D(holidays[i])) || calendar_is_school_day(c, D(holidays[i]))) {
			printf("# %s is a working day\n", holidays[i]);
			all = 0;
		}
	CHECK(all, "England's 24 bank holidays 2025-2027 are neither working nor school days");
	CHECK(calendar_is_working_day(c, D("2025-12-29")) && !calendar_is_school_day(c, D("2025-12-29")),
	      "29 December 2025: a working day in the Christmas holidays, not a school day");
	CHECK(!calendar_is_working_day(c, D("2025-12-27")), "a Saturday is not a working day");
	/* half-term: 27-31 October 2025 */
	CHECK(calendar_count(c, D("2025-10-24"), D("2025-11-03"), QA_SCHOOL_DAYS) == 1 &&
	      calendar_count(c, D("2025-10-24"), D("2025-11-03"), QA_WORKING_DAYS) == 6,
	      "across the October half-term: 1 school day, 6 working days");
	CHECK(calendar_count(c, D("2025-10-20"), D("2025-11-04"), QA_SCHOOL_DAYS) == 6,
	      "20 October to 4 November 2025: 6 school days");
	/* bank holiday in term: Monday 4 May 2026 */
	CHECK(calendar_is_working_day(c, D("2026-05-01")) && !calendar_is_school_day(c, D("2026-05-04")) &&
	      calendar_is_school_day(c, D("2026-05-05")), "the early May bank holiday is not a school day");
	CHECK(calendar_count(c, D("2026-04-30"), D("2026-05-08"), QA_SCHOOL_DAYS) == 5 &&
	      calendar_count(c, D("2026-04-30"), D("2026-05-08"), QA_WORKING_DAYS) == 5,
	      "30 April to 8 May 2026: 5 school days and 5 working days (6 weekdays, one bank holiday)");
	/* 20 school days from entering care on 27 April 2026: bank holiday and May half-term */
	CHECK(strcmp(F(calendar_add(c, D("2026-04-27"), 20, QA_SCHOOL_DAYS)), "2026-06-02") == 0,
	      "20 school days after 27 April 2026 is 2 June (bank holiday and half-term skipped): %s",
	      F(calendar_add(c, D("2026-04-27"), 20, QA_SCHOOL_DAYS)));
	CHECK(strcmp(F(calendar_add(c, D("2026-04-27"), 20, QA_WORKING_DAYS)), "2026-05-27") == 0,
	      "20 working days after 27 April 2026 is 27 May (two bank holidays skipped): %s",
	      F(calendar_add(c, D("2026-04-27"), 20, QA_WORKING_DAYS)));
	CHECK(strcmp(F(calendar_add(c, D("2025-09-22"), 20, QA_SCHOOL_DAYS)), "2025-10-20") == 0,
	      "20 school days after 22 September 2025 is 20 October");
	CHECK(strcmp(F(calendar_add(c, D("2025-12-10"), 10, QA_SCHOOL_DAYS)), "2026-01-07") == 0,
	      "10 school days from 10 December 2025 cross the Christmas break to 7 January: %s",
	      F(calendar_add(c, D("2025-12-10"), 10, QA_SCHOOL_DAYS)));
	CHECK(strcmp(F(calendar_add(c, D("2027-03-24"), 3, QA_SCHOOL_DAYS)), "2027-04-07") == 0,
	      "Easter 2027: 3 school days after 24 March is 7 April: %s",
	      F(calendar_add(c, D("2027-03-24"), 3, QA_SCHOOL_DAYS)));
	/* outside the terms: working days */
	CHECK(!calendar_covers(c, D("2025-06-02")) && calendar_is_school_day(c, D("2025-06-02")) &&
	      !calendar_is_school_day(c, D("2025-05-26")), "before the first term: working days (bank holidays still off)");
	CHECK(strcmp(calendar_term_at(c, D("2026-02-18"))->id, "2026-spring") == 0 &&
	      strcmp(calendar_term_at(c, D("2026-08-10"))->id, "2026-summer") == 0 &&
	      calendar_term_at(c, D("2025-08-01")) == NULL, "the term a date falls in (or the last begun)");
	CHECK(calendar_count(c, D("2026-01-01"), D("2025-01-01"), QA_SCHOOL_DAYS) == 0, "a backward span counts 0");
	calendar_free(c);
}

/* Write text to a temp file and try to load it as a calendar or framework. */
static int load_text(const char *text, int framework, pk_error *err)
{
	char path[] = "/tmp/pepkit-test-qa-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	qa_calendar *c = NULL;
	qa_framework *fw = NULL;

	if (f == NULL)
		return PK_EIO;
	fputs(text, f);
	fclose(f);
	rc = framework ? framework_load(path, &fw, err) : calendar_load(path, &c, err);
	calendar_free(c);
	framework_free(fw);
	unlink(path);
	return rc;
}

static void test_bad_files(void)
{
	pk_error err;

	CHECK(load_text("<calendar name=\"x\"><term id=\"2025-autumn\" start=\"2025-12-19\" end=\"2025-09-03\"/></calendar>",
			0, &err) == PK_EINVAL && strstr(err.msg, "line 1: term:") != NULL,
	      "a term ending before it starts is refused: %s", err.msg);
	CHECK(load_text("<calendar name=\"x\"><term id=\"2025-autumn\" start=\"2025-09-03\" end=\"2025-12-19\">"
			"<break start=\"2026-01-01\" end=\"2026-01-02\"/></term></calendar>", 0, &err) == PK_EINVAL &&
	      strstr(err.msg, "break") != NULL, "a break outside its term is refused: %s", err.msg);
	CHECK(load_text("<calendar name=\"x\"><bank-holiday date=\"2025-13-01\" name=\"y\"/></calendar>", 0, &err) == PK_EINVAL,
	      "a bad date is refused by the schema");
	CHECK(load_text("<!DOCTYPE calendar [<!ENTITY e \"x\">]><calendar name=\"&e;\"/>", 0, &err) != PK_OK,
	      "a DOCTYPE is refused (safe parse)");
	CHECK(load_text("<qa-framework name=\"x\" top=\"green\"><timescales initial-days=\"20\" initial-unit=\"school\" "
			"new-school-days=\"20\" new-school-unit=\"school\" pep2-months=\"6\" ehcp-review-months=\"12\"/>"
			"<pp-plus threshold=\"green\" per-term=\"0\"/><area id=\"a\" name=\"A\"><check id=\"c\" kind=\"count\" "
			"select=\"x\" reason=\"r\" fail=\"red\"/></area><overall default=\"green\"/></qa-framework>", 1, &err) == PK_EINVAL &&
	      strstr(err.msg, "needs select and min") != NULL, "a count check without min is refused: %s", err.msg);
}

static void test_frameworks(void)
{
	static const char *const names[] = { "default", "sthelens", "lancashire" };
	static const int tops[] = { QA_GREEN, QA_GOLD, QA_GREEN };
	static const long pp[] = { 0, 0, 55000 };

	for (int i = 0; i < 3; i++) {
		char path[4096];
		qa_framework *f = NULL;
		pk_error err;

		snprintf(path, sizeof(path), "%s/templates/qa-%s.xml", pk_datadir(), names[i]);
		CHECK(framework_load(path, &f, &err) == PK_OK, "framework %s loads", names[i]);
		if (f == NULL) {
			printf("# %s\n", err.msg);
			continue;
		}
		CHECK(framework_nareas(f) == 8 && framework_top(f) == tops[i] && framework_pp_per_term(f) == pp[i] &&
		      framework_pp_threshold(f) == QA_GREEN, "framework %s: 8 areas, top rating, PP+ rule", names[i]);
		framework_free(f);
	}
	CHECK(qa_rating_parse("gold") == QA_GOLD && qa_rating_parse("purple") == QA_UNRATED &&
	      strcmp(qa_rating_name(QA_AMBER), "amber") == 0 && strcmp(qa_rating_name(0), "") == 0, "rating names");
}

/* xmlsafe_parser: many documents through one parser (past its renewal), the same refusals as
 * xmlsafe_read_memory() in between, and documents that outlive the parser. */
static void test_parser(void)
{
	static const char good[] = "<pep-record version=\"1\"><child><la-child-id>LA-1</la-child-id>"
				   "<preferred-name>A much longer text than a compact node holds</preferred-name>"
				   "</child></pep-record>";
	static const char doctype[] = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>";
	static const char broken[] = "<x>\n<y></x>";
	xmlsafe_parser *p = xmlsafe_parser_new();
	xmlDocPtr keep = NULL;
	pk_error err;
	int good_ok = 1, bad_ok = 1;

	CHECK(p != NULL, "a parser");
	if (p == NULL)
		return;
	for (int i = 0; i < 600; i++) {
		xmlDocPtr d = xmlsafe_parser_read_memory(p, good, sizeof(good) - 1, "good.xml", &err);
		xmlNodePtr id = d ? xmlDocGetRootElement(d)->children->children : NULL;
		xmlChar *v = id ? xmlNodeGetContent(id) : NULL;

		if (v == NULL || strcmp((const char *)v, "LA-1") != 0)
			good_ok = 0;
		xmlFree(v);
		if (i == 7)
			keep = d;
		else
			xmlFreeDoc(d);
		if (i % 50 == 0) {
			if (xmlsafe_parser_read_memory(p, doctype, sizeof(doctype) - 1, "d.xml", &err) != NULL ||
			    err.code != PK_EINVAL || strstr(err.msg, "DOCTYPE") == NULL)
				bad_ok = 0;
			if (xmlsafe_parser_read_memory(p, broken, sizeof(broken) - 1, "b.xml", &err) != NULL ||
			    err.code != PK_EINVAL || strstr(err.msg, "'b.xml' line 2") == NULL)
				bad_ok = 0;
		}
	}
	CHECK(good_ok, "600 records through one parser read the same");
	CHECK(bad_ok, "a DOCTYPE and a broken record are refused between them, with the line: %s", err.msg);
	xmlsafe_parser_free(p);
	{
		xmlChar *v = keep ? xmlNodeGetContent(xmlDocGetRootElement(keep)) : NULL;

		CHECK(v != NULL && strstr((const char *)v, "A much longer text") != NULL,
		      "a document outlives its parser");
		xmlFree(v);
	}
	xmlFreeDoc(keep);
	xmlsafe_parser_free(NULL);
}

int main(void)
{
	if (xmlsafe_init() != PK_OK)
		return 1;
	test_dates();
	test_calendar();
	test_bad_files();
	test_frameworks();
	test_parser();
	xmlsafe_cleanup();
	return unit_done();
}
