/*
 * test_redact.c: unit tests for the redaction module: profile loading (shipped profiles, deny
 * by default, a category the record schema does not have, bad names), redact_apply on every
 * category, the marker shape, scrubbing (counts, case, white space, short values, words, attribute
 * values), the location-confidential school, and the log's wording (counts, never values).
 * Needs PEPKIT_DATADIR pointing at the source tree (tests/run.sh sets it).
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "record/redact.h"
#include "core/xmlsafe.h"
#include "unit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>

static char tmpdir[] = "/tmp/test_redact.XXXXXX";

/* Write a profile file NAME.xml in tmpdir allowing the given categories (a space-separated
 * list, may be ""); audience name attr is attr_name. Returns a static path. */
static const char *write_profile(const char *file, const char *attr_name, const char *allow)
{
	static char path[512];
	char list[256], *tok, *save = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.xml", tmpdir, file);
	f = fopen(path, "w");
	if (f == NULL)
		return path;
	fprintf(f, "<?xml version=\"1.0\"?>\n<audience name=\"%s\" version=\"1\">\n"
		   "  <label>Test</label>\n", attr_name);
	snprintf(list, sizeof(list), "%s", allow);
	for (tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		fprintf(f, "  <allow category=\"%s\"/>\n", tok);
	fprintf(f, "</audience>\n");
	fclose(f);
	return path;
}

/* Load the profile file at path, or NULL (err set). */
static redact_profile *load(const char *path, pk_error *err)
{
	pk_error_clear(err);
	return redact_profile_load(path, err);
}

/* Parse an XML string (test input), or NULL. */
static xmlDocPtr parse(const char *s)
{
	pk_error err;

	return xmlsafe_read_memory(s, strlen(s), "test.xml", &err);
}

/* The string value of XPath expr in doc, as a malloc'd string ("" if empty). */
static char *xp(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
	char *r = strdup(s ? (const char *)s : "");

	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return r;
}

/* 1 if XPath expr (a string) in doc equals want. */
static int xp_eq(xmlDocPtr doc, const char *expr, const char *want)
{
	char *s = xp(doc, expr);
	int eq = strcmp(s, want) == 0;

	if (!eq)
		printf("#   %s = '%s', expected '%s'\n", expr, s, want);
	free(s);
	return eq;
}

/* 1 if s contains want; otherwise prints s as a comment line, for the failure report. */
static int has(const char *s, const char *want)
{
	if (strstr(s, want) != NULL)
		return 1;
	printf("#   no '%s' in:\n#   %s\n", want, s);
	return 0;
}

/* The whole document serialised (malloc'd). */
static char *dump(xmlDocPtr doc)
{
	xmlChar *x = NULL;
	int n = 0;
	char *r;

	xmlDocDumpMemoryEnc(doc, &x, &n, "UTF-8");
	r = strdup(x ? (const char *)x : "");
	xmlFree(x);
	return r;
}

/* A record exercising every category (not schema-valid: redact_apply does not need it). */
static const char *every_category =
	"<pep-record version='1'><child>"
	"<placement location-confidential='false'><address confidential='placement-address'>"
	"<line>1 Alpha Street</line></address></placement>"
	"<school id='beta-school'><name>Beta School</name></school>"
	"<birth-family confidential='birth-family'><p>Gamma family contact</p></birth-family>"
	"</child><people>"
	"<person id='c1' role='carer'><name>Carer Name</name>"
	"<phone confidential='carer-contact'>01234 567890</phone></person>"
	"<person id='x1' role='other' confidential='third-party'><name>Delta Person</name></person>"
	"</people><terms><term>"
	"<semh><summary><p>ok</p></summary><sdq-score confidential='health'>19</sdq-score></semh>"
	"<social-worker-update><care-journey confidential='safeguarding'><p>Epsilon note</p>"
	"</care-journey></social-worker-update>"
	"</term></terms></pep-record>";

/* Which element holds each category's value in every_category, and the value. */
static const struct { const char *cat, *path, *value; } cat_elems[] = {
	{ "placement-address", "//placement/address", "1 Alpha Street" },
	{ "carer-contact", "//phone", "01234 567890" },
	{ "birth-family", "//birth-family", "Gamma family contact" },
	{ "health", "//sdq-score", "19" },
	{ "safeguarding", "//care-journey", "Epsilon note" },
	{ "third-party", "//person[@id='p2']", "Delta Person" },  /* x1, renamed */
};

/* The category list matches pep.xsd's confidentialCategory enumeration, in order. */
static void test_categories_match_schema(void)
{
	char path[1024], expr[256];
	pk_error err;
	xmlDocPtr xsd;
	int i;

	snprintf(path, sizeof(path), "%s/schemas/pep.xsd", pk_datadir());
	xsd = xmlsafe_read_file(path, &err);
	CHECK(xsd != NULL, "pep.xsd parses");
	if (xsd == NULL)
		return;
	for (i = 0; redact_category_name(i); i++) {
		snprintf(expr, sizeof(expr), "string(//*[local-name()='simpleType'][@name="
			 "'confidentialCategory']//*[local-name()='enumeration'][%d]/@value)", i + 1);
		CHECK(xp_eq(xsd, expr, redact_category_name(i)), "category %d is '%s' in pep.xsd too",
		      i, redact_category_name(i));
	}
	snprintf(expr, sizeof(expr), "string(count(//*[local-name()='simpleType'][@name="
		 "'confidentialCategory']//*[local-name()='enumeration']))");
	snprintf(path, sizeof(path), "%d", i);
	CHECK(xp_eq(xsd, expr, path), "pep.xsd has no category redact.c lacks (%d)", i);
	CHECK(i <= REDACT_MAX_CATEGORIES, "categories fit redact_log");
	xmlFreeDoc(xsd);
}

/* Every shipped profile loads; record is full and nothing else is; parent sees nothing. */
static void test_shipped_profiles(void)
{
	static const char *const names[] = { "record", "school", "carer", "parent", "child",
					     "health", "iro" };
	pk_error err;

	for (size_t i = 0; i < PK_ARRAY_LEN(names); i++) {
		redact_profile *p = load(names[i], &err);

		CHECK(p != NULL, "shipped profile '%s' loads (%s)", names[i], err.msg);
		if (p == NULL)
			continue;
		CHECK(strcmp(redact_profile_name(p), names[i]) == 0, "'%s' has its name", names[i]);
		CHECK(redact_profile_is_full(p) == (strcmp(names[i], "record") == 0),
		      "only record is full ('%s')", names[i]);
		if (strcmp(names[i], "parent") == 0) {
			for (int c = 0; redact_category_name(c); c++)
				CHECK(!redact_profile_allows(p, redact_category_name(c)),
				      "parent may not see %s", redact_category_name(c));
		}
		if (strcmp(names[i], "health") == 0)
			CHECK(redact_profile_allows(p, "health"), "health sees health");
		redact_profile_free(p);
	}
}

/* Bad profiles fail at load with a message naming the problem. */
static void test_bad_profiles(void)
{
	pk_error err;
	redact_profile *p;
	const char *path;

	path = write_profile("housing", "housing", "health housing-need");
	p = load(path, &err);
	CHECK(p == NULL && err.code == PK_EINVAL, "a category the schema lacks is an error");
	CHECK(strstr(err.msg, "'housing-need' is not a confidential category") != NULL &&
	      strstr(err.msg, "line 5") != NULL, "message names the category and line: %s", err.msg);
	redact_profile_free(p);

	p = load("no-such-audience", &err);
	CHECK(p == NULL && err.code == PK_EINVAL && strstr(err.msg, "no such audience"),
	      "unknown audience name: %s", err.msg);
	p = load("Carer", &err);
	CHECK(p == NULL && err.code == PK_EINVAL, "uppercase name is not an audience: %s", err.msg);
	p = load("", &err);
	CHECK(p == NULL && err.code == PK_EINVAL, "empty name");

	path = write_profile("dup", "dup", "health health");
	p = load(path, &err);
	CHECK(p == NULL && err.code == PK_EINVAL && strstr(err.msg, "not a valid audience profile"),
	      "a category named twice fails schema validation: %s", err.msg);

	path = write_profile("badname", "Bad Name", "health");
	p = load(path, &err);
	CHECK(p == NULL && err.code == PK_EINVAL, "an invalid name attribute fails: %s", err.msg);

	p = load("/nonexistent/dir/x.xml", &err);
	CHECK(p == NULL && err.code != PK_OK, "a missing profile file fails: %s", err.msg);

	path = write_profile("ok", "other-name", "health");
	p = load(path, &err);
	CHECK(p != NULL && strcmp(redact_profile_name(p), "other-name") == 0,
	      "by path the name attribute is the audience name");
	redact_profile_free(p);
}

/* For each category: a profile allowing all others withholds exactly that one; a profile
 * allowing nothing withholds all (deny by default). */
static void test_every_category(void)
{
	char allow[256], file[64];
	pk_error err;

	for (int i = 0; redact_category_name(i); i++) {
		redact_profile *p;
		xmlDocPtr doc;
		redact_log log;
		char expr[256], *s;
		int rc;

		allow[0] = '\0';
		for (int j = 0; redact_category_name(j); j++)
			if (j != i) {
				strcat(allow, redact_category_name(j));
				strcat(allow, " ");
			}
		snprintf(file, sizeof(file), "all-but-%d", i);
		p = load(write_profile(file, file, allow), &err);
		doc = parse(every_category);
		CHECK(p != NULL && doc != NULL, "setup for %s", redact_category_name(i));
		if (p == NULL || doc == NULL) {
			redact_profile_free(p);
			xmlFreeDoc(doc);
			continue;
		}
		CHECK(!redact_profile_is_full(p), "all-but-%s is not full", redact_category_name(i));
		rc = redact_apply(p, doc, &log, &err);
		CHECK(rc == PK_OK, "redact without %s", redact_category_name(i));
		snprintf(expr, sizeof(expr), "string(%s/@redacted)", cat_elems[i].path);
		CHECK(xp_eq(doc, expr, cat_elems[i].cat), "%s element is marked", cat_elems[i].cat);
		snprintf(expr, sizeof(expr), "string(count(%s/node()))", cat_elems[i].path);
		CHECK(xp_eq(doc, expr, "0"), "%s element is empty", cat_elems[i].cat);
		snprintf(expr, sizeof(expr), "string(%s/@confidential)", cat_elems[i].path);
		CHECK(xp_eq(doc, expr, cat_elems[i].cat), "%s keeps confidential", cat_elems[i].cat);
		CHECK(xp_eq(doc, "string(count(//*[@redacted]))", "1"), "only that one is withheld");
		CHECK(log.withheld[i] == 1 && log.elements_removed == 1, "log counts it");
		s = dump(doc);
		CHECK(strstr(s, cat_elems[i].value) == NULL, "value of %s is gone", cat_elems[i].cat);
		for (int j = 0; redact_category_name(j); j++)
			if (j != i && strcmp(cat_elems[j].value, "19") != 0)
				CHECK(strstr(s, cat_elems[j].value) != NULL, "%s still there",
				      cat_elems[j].cat);
		free(s);
		xmlFreeDoc(doc);
		redact_profile_free(p);
	}

	/* deny by default: a profile that allows nothing */
	{
		redact_profile *p = load(write_profile("nothing", "nothing", ""), &err);
		xmlDocPtr doc = parse(every_category);
		redact_log log;
		char *s;

		CHECK(p && doc && redact_apply(p, doc, &log, &err) == PK_OK, "redact for nothing");
		CHECK(log.elements_removed == 6, "all six withheld (%d)",
		      log.elements_removed);
		s = doc ? dump(doc) : strdup("");
		for (size_t i = 0; i < PK_ARRAY_LEN(cat_elems); i++)
			CHECK(strstr(s, cat_elems[i].value) == NULL || strcmp(cat_elems[i].value, "19") == 0,
			      "deny by default: %s gone", cat_elems[i].cat);
		CHECK(strstr(s, "Beta School") != NULL, "school kept when location is not confidential");
		free(s);
		xmlFreeDoc(doc);
		redact_profile_free(p);
	}
	/* record: full, nothing changes */
	{
		redact_profile *p = load("record", &err);
		xmlDocPtr doc = parse(every_category);
		redact_log log;

		CHECK(p && doc && redact_apply(p, doc, &log, &err) == PK_OK, "redact for record");
		CHECK(log.elements_removed == 0 && log.scrubbed == 0, "record withholds nothing");
		CHECK(doc && xp_eq(doc, "string(//phone)", "01234 567890"), "record keeps phone");
		xmlFreeDoc(doc);
		redact_profile_free(p);
	}
}

/* The marker keeps confidential and id only. */
static void test_marker_shape(void)
{
	pk_error err;
	redact_profile *p = load("parent", &err);
	xmlDocPtr doc = parse(every_category);

	CHECK(p && doc && redact_apply(p, doc, NULL, &err) == PK_OK, "redact (NULL log)");
	CHECK(xp_eq(doc, "string(count(//person[@id='p2']/@*))", "3"),
	      "withheld person keeps confidential, id (neutral), redacted");
	CHECK(xp_eq(doc, "string(//person[@id='p2']/@role)", ""), "role dropped");
	xmlFreeDoc(doc);
	redact_profile_free(p);
}

/* Redact doc text with a profile allowing nothing; returns the result as a string (malloc'd)
 * and the log in *log. */
static char *redact_nothing(const char *xml, redact_log *log, int *rc)
{
	pk_error err;
	redact_profile *p = load(write_profile("none", "none", ""), &err);
	xmlDocPtr doc = parse(xml);
	char *s;

	*rc = p && doc ? redact_apply(p, doc, log, &err) : -99;
	s = doc ? dump(doc) : strdup("");
	xmlFreeDoc(doc);
	redact_profile_free(p);
	return s;
}

/* Scrubbing: counts, case, white space, short values, words, attributes, longest first. */
static void test_scrub(void)
{
	redact_log log;
	int rc;
	char *s;

	s = redact_nothing("<r><a confidential='health'><p>Vexilliform Syndrome</p></a>"
			   "<b>Has vexilliform  SYNDROME\n again; Vexilliform Syndrome twice.</b>"
			   "<c note='re Vexilliform Syndrome'/></r>", &log, &rc);
	CHECK(rc == PK_OK, "scrub: redact ok");
	CHECK(log.scrubbed == 3, "three occurrences scrubbed, case and space folded (%d)",
	      log.scrubbed);
	CHECK(has(s, "<b>Has [REDACTED]\n again; [REDACTED] twice.</b>"),
	      "text keeps what surrounds the value");
	CHECK(has(s, "note=\"re [REDACTED]\""), "attribute value scrubbed");
	free(s);

	/* short values: <3 never; longer ones as whole words only (or with a plural s/es after a
	 * capital: "Qyxes", adv7), never inside a word ("Qyxen") */
	s = redact_nothing("<r><a confidential='health'>Al</a><b confidential='health'>Qyx</b>"
			   "<c confidential='health'>Ŵyŝ</c><d confidential='health'>Zephyr</d>"
			   "<e>Al Qyx Qyxen Ŵyŝ, Ŵyŝa Zephyrine Qyxes qyxes</e></r>", &log, &rc);
	CHECK(rc == PK_OK && log.scrubbed == 3, "short values: 3 scrubbed (%d)", log.scrubbed);
	CHECK(has(s, "<e>Al [REDACTED] Qyxen [REDACTED], Ŵyŝa Zephyrine [REDACTED] qyxes</e>"),
	      "2-char kept, whole words only, a capitalised plural withheld");
	free(s);

	/* Unicode case folding and a whole address replaced once, longest first */
	s = redact_nothing("<r><address confidential='placement-address'><line>7 Zephyrine Close</line>"
			   "<line>Ōtautahi Mews</line></address>"
			   "<b>At 7 Zephyrine Close, ŌTAUTAHI MEWS today; Ōtautahi Mews.</b></r>",
			   &log, &rc);
	CHECK(rc == PK_OK && log.scrubbed == 2, "address scrubbed as one, then a line (%d)",
	      log.scrubbed);
	CHECK(has(s, "<b>At [REDACTED] today; [REDACTED].</b>"), "Unicode upper case matches");
	free(s);

	/* Unicode normalisation: decomposed accents, full-width letters, soft hyphen, ß/SS */
	s = redact_nothing("<r><a confidential='birth-family'>Agnieszka Wiśniewska</a>"
			   "<b confidential='health'>Vexilliform</b>"
			   "<c confidential='third-party'>Großmann Straße</c>"
			   "<d>NFD: Agnieszka Wis\xcc\x81niewska. Wide: \xef\xbc\xb6" "exilliform. "
			   "Soft: Vexil\xc2\xadliform. Caps: GROSSMANN STRASSE.</d></r>", &log, &rc);
	CHECK(rc == PK_OK && log.scrubbed == 4, "normalised forms all scrubbed (%d)", log.scrubbed);
	CHECK(has(s, "<d>NFD: [REDACTED]. Wide: [REDACTED]. Soft: [REDACTED]. Caps: [REDACTED].</d>"),
	      "NFD, full-width, soft hyphen and ß/SS variants replaced whole");
	free(s);
	s = redact_nothing("<r><a confidential='birth-family'>Agnieszka Wis\xcc\x81niewska</a>"
			   "<d>NFC: Agnieszka Wiśniewska.</d></r>", &log, &rc);
	CHECK(rc == PK_OK && log.scrubbed == 1 && has(s, "<d>NFC: [REDACTED].</d>"),
	      "a decomposed value finds its precomposed repeat");
	free(s);

	/* typographic apostrophe folds to ASCII; markers are not scrubbed */
	s = redact_nothing("<r><a confidential='third-party'>St Anne's Lodge</a>"
			   "<b confidential='health'>health</b>"
			   "<c>Near St Anne’s Lodge.</c><d confidential='health'/></r>", &log, &rc);
	CHECK(rc == PK_OK && log.scrubbed == 1, "curly apostrophe matches (%d)", log.scrubbed);
	CHECK(has(s, "<c>Near [REDACTED].</c>"), "curly apostrophe scrubbed");
	CHECK(has(s, "confidential=\"health\""), "marker attributes never scrubbed");
	free(s);

	/* comments are removed from redacted copies */
	s = redact_nothing("<r><!-- lives at 7 Zephyrine Close --><?pi x?><a>ok</a></r>", &log, &rc);
	CHECK(rc == PK_OK && strstr(s, "Zephyrine") == NULL && strstr(s, "<?pi") == NULL,
	      "comments and PIs removed");
	free(s);

	/* an unknown category in the record is an error */
	s = redact_nothing("<r>\n<a confidential='housing'>x</a></r>", &log, &rc);
	CHECK(rc == PK_EINVAL, "unknown category in a record fails");
	free(s);
}

/* Redact xml (parsed as a document) for shipped audience aud; returns the copy as a string. */
static char *redact_for(const char *aud, const char *xml, redact_log *log, int *rc)
{
	pk_error err;
	redact_profile *p = load(aud, &err);
	xmlDocPtr doc = parse(xml);
	char *s;

	*rc = p && doc ? redact_apply(p, doc, log, &err) : -99;
	s = doc ? dump(doc) : strdup("");
	xmlFreeDoc(doc);
	redact_profile_free(p);
	return s;
}

/* Issue 10's cases: every spelling, every split, the parts that identify, and nothing the
 * reader may see damaged. */
static void test_canonical(void)
{
	redact_log log;
	int rc;
	char *s;

	CHECK(redact_xs_boolean(BAD_CAST " true") == 1 && redact_xs_boolean(BAD_CAST "1") == 1 &&
	      redact_xs_boolean(BAD_CAST "true \n") == 1 && redact_xs_boolean(BAD_CAST "false") == 0 &&
	      redact_xs_boolean(BAD_CAST " 0 ") == 0 && redact_xs_boolean(BAD_CAST "yes") == -1 &&
	      redact_xs_boolean(NULL) == -1, "xs:boolean read with the schema's rules");

	s = redact_for("parent",
		"<pep-record><child><placement><address confidential='placement-address'>"
		"<line>7 Zephyrine Close</line><line>Elmstead</line><postcode>ZZ1 9QX</postcode>"
		"</address></placement><school id='elmstead-cps'><name>Elmstead Community Primary School</name>"
		"<address><line>Elmstead</line></address></school></child>"
		"<people><person id='c1' role='carer'><name>Hana Kobayashi</name>"
		"<phone confidential='carer-contact'>07700 900731</phone></person>"
		"<person id='bp1' role='birth-parent' confidential='birth-family'><name>Wrenna Błażejewska-Tuck</name></person>"
		"<person id='tp1' role='other' confidential='third-party'><name>Ptolemy Vantongeren</name></person></people>"
		"<terms><term><answer confidential='birth-family' question='Who is Ximena Quorrel?'><p>x</p></answer>"
		"<p>Ring 07700900731, 07700 900 731, +44 7700 900731 or +44 (0)7700 900731.</p>"
		"<p>Post to ZZ19QX or zz1  9qx; 7 Zephyrine Cl. is near; Zephyrine Close again;"
		" Zephy-\n   rine Close; 7 Zephyrine<!-- x --> Close.</p>"
		"<p>Blazejewska Tuck, Wrenna; Mum (Wrenna) rang; Mrs Blazejewska-Tuck; Mr Vantongeren.</p>"
		"<p about='Ptolemy Vantongeren'>Elmstead is lovely. Hana Kobayashi came.</p>"
		"<p>Who is Ximena Quorrel? Ximena again.</p></term></terms></pep-record>", &log, &rc);
	CHECK(rc == PK_OK, "canonical: redact ok");
	CHECK(strstr(s, "0770") == NULL && strstr(s, "7700") == NULL, "phone in every grouping gone");
	CHECK(strstr(s, "ZZ1") == NULL && strstr(s, "zz1") == NULL, "postcode without its space gone");
	CHECK(strstr(s, "Zephy") == NULL, "street with abbreviation, without number, split by markup "
	      "or a hyphenated line break gone");
	CHECK(strstr(s, "Wrenna") == NULL && strstr(s, "Blazejewska") == NULL &&
	      strstr(s, "Vantongeren") == NULL, "names in any order, without accents, alone, with titles");
	CHECK(has(s, "<p>[REDACTED]; [REDACTED]) rang; [REDACTED]; [REDACTED].</p>"),
	      "surname first, Mum (Wrenna), Mrs Surname, Mr Vantongeren: each one match");
	CHECK(strstr(s, "Ximena") == NULL && strstr(s, "Quorrel") == NULL,
	      "a withheld attribute's value and the names in it gone");
	CHECK(has(s, "<name>Elmstead Community Primary School</name>") &&
	      has(s, "<line>Elmstead</line>") && has(s, "Elmstead is lovely."),
	      "a one-word locality is not scrubbed in the school's name, address or elsewhere");
	CHECK(has(s, "Hana Kobayashi came.") && has(s, "<name>Hana Kobayashi</name>"),
	      "an allowed name is kept");
	CHECK(has(s, "<school id=\"elmstead-cps\">"), "school id kept");
	free(s);

	/* " true" is true: the school is withheld, with the UPN, staff contacts, domain, venue */
	s = redact_for("health",
		"<pep-record><child><upn>B801200005001</upn><placement location-confidential=' true'/>"
		"<school id='quill'><name>Ysgol Gwenllïan Quillfeather</name><urn>999321</urn></school>"
		"<education-history><setting><name>Quillfeather Ysgol</name><from>2022-09-05</from></setting>"
		"<setting><name>Brook Infants</name><from>2019-09-05</from><to>2022-07-20</to></setting>"
		"</education-history></child><people>"
		"<person id='dt1' role='designated-teacher'><name>Rhiannon Pryce</name>"
		"<organisation>Quillfeather School</organisation><email>r.pryce@quillfeather.sch.uk</email>"
		"<phone>01632 960123</phone></person>"
		"<person id='sw1' role='social-worker'><name>Mateus Carvalho</name><email>m.c@example.org</email></person>"
		"</people><terms><term><attainment><result subject='Maths' source='quillfeather-export.csv:3'/></attainment>"
		"<meeting><venue>The library</venue></meeting>"
		"<p>Mail office@quillfeather.sch.uk; Gwenllian Quillfeather is small; ring 01632 960 123.</p>"
		"</term></terms></pep-record>", &log, &rc);
	CHECK(rc == PK_OK && log.school_withheld == 1, "' true' withholds the school");
	CHECK(strstr(s, "uillfeather") == NULL && strstr(s, "Gwenll") == NULL, "school name in any form gone");
	CHECK(strstr(s, "B8012") == NULL && strstr(s, "960") == NULL && strstr(s, "library") == NULL,
	      "UPN, staff phone and venue gone");
	CHECK(strstr(s, "source=") == NULL, "result/@source dropped");
	CHECK(has(s, "Brook Infants") && has(s, "Rhiannon Pryce") && has(s, "m.c@example.org"),
	      "an earlier school, the teacher's name and others' e-mail kept");
	free(s);
}

/* A location-confidential placement withholds the school from audiences without
 * placement-address, and not from those with it or when the flag is false. */
static void test_school(void)
{
	static const char *rec =
		"<pep-record version='1'><child><placement location-confidential='true'>"
		"<address confidential='placement-address'><line>9 Hidden Row</line></address>"
		"</placement><school id='quill-academy'><name>Quill Academy</name><urn>999321</urn>"
		"<la-number>801</la-number><address><line>Larkspire Lane</line></address>"
		"<start-date>2022-09-05</start-date></school>"
		"<education-history><setting><name>Quill Academy</name></setting></education-history>"
		"</child><terms><term><meeting><venue>Quill Academy, room 4</venue></meeting>"
		"<p>see quill-academy site</p></term></terms></pep-record>";
	pk_error err;
	redact_profile *p;
	xmlDocPtr doc;
	redact_log log;
	char *s;

	p = load("parent", &err);
	doc = parse(rec);
	CHECK(p && doc && redact_apply(p, doc, &log, &err) == PK_OK, "school: redact for parent");
	CHECK(log.school_withheld == 1, "log says school withheld");
	CHECK(xp_eq(doc, "string(//school/@id)", REDACT_SCHOOL_ID), "school id replaced");
	CHECK(xp_eq(doc, "string(//school/name/@redacted)", "placement-address"), "name marked");
	CHECK(xp_eq(doc, "string(//school/urn/@redacted)", "placement-address"), "urn marked");
	CHECK(xp_eq(doc, "string(//school/address/@redacted)", "placement-address"),
	      "address marked");
	CHECK(xp_eq(doc, "string(//school/start-date)", "2022-09-05"), "start date kept");
	CHECK(log.withheld[0] == 7, "7 placement-address elements (%d)", log.withheld[0]);
	CHECK(xp_eq(doc, "string(//setting/name/@redacted)", "placement-address"), "setting marked");
	CHECK(xp_eq(doc, "string(//venue/@redacted)", "placement-address"), "venue marked");
	CHECK(log.scrubbed == 1, "id mention scrubbed (%d)", log.scrubbed);
	s = dump(doc);
	CHECK(strstr(s, "Quill") == NULL && strstr(s, "quill") == NULL &&
	      strstr(s, "999321") == NULL && strstr(s, "Larkspire") == NULL, "no school left");
	free(s);
	xmlFreeDoc(doc);
	redact_profile_free(p);

	p = load("carer", &err);
	doc = parse(rec);
	CHECK(p && doc && redact_apply(p, doc, &log, &err) == PK_OK, "school: redact for carer");
	CHECK(log.school_withheld == 0 && xp_eq(doc, "string(//school/name)", "Quill Academy"),
	      "carer (placement-address allowed) sees the school");
	xmlFreeDoc(doc);
	redact_profile_free(p);

	p = load("school", &err);
	doc = parse(rec);
	CHECK(p && doc && redact_apply(p, doc, &log, &err) == PK_OK, "school: redact for school");
	CHECK(redact_profile_knows_school(p) && !redact_profile_allows(p, "placement-address"),
	      "school profile knows the school but not the placement address");
	CHECK(log.school_withheld == 0 && xp_eq(doc, "string(//school/name)", "Quill Academy") &&
	      xp_eq(doc, "string(//school/@id)", "quill-academy"),
	      "<knows-school/>: the school sees its own name and id");
	CHECK(xp_eq(doc, "string(//placement/address/@redacted)", "placement-address"),
	      "<knows-school/>: the placement address is still withheld");
	xmlFreeDoc(doc);
	redact_profile_free(p);
	{
		redact_profile *a = load("parent", &err), *b = load("carer", &err);

		CHECK(a && b && !redact_profile_knows_school(a) && redact_profile_knows_school(b),
		      "knows_school: parent no, carer (placement-address) yes");
		redact_profile_free(a);
		redact_profile_free(b);
	}

	p = load("parent", &err);
	doc = parse("<pep-record><child><placement location-confidential='false'/>"
		    "<school id='s'><name>Quill Academy</name></school></child></pep-record>");
	CHECK(p && doc && redact_apply(p, doc, &log, &err) == PK_OK, "school: not confidential");
	CHECK(xp_eq(doc, "string(//school/name)", "Quill Academy"), "school kept");
	xmlFreeDoc(doc);
	redact_profile_free(p);
}

/* The log lists withheld categories and counts, never values. */
static void test_log(void)
{
	pk_error err;
	redact_profile *p = load("carer", &err);
	xmlDocPtr doc = parse(every_category);
	redact_log log;
	pk_buf b = PK_BUF_INIT;

	CHECK(p && doc && redact_apply(p, doc, &log, &err) == PK_OK, "log: redact");
	CHECK(redact_log_write(p, &log, 0, &b) == PK_OK, "text log");
	CHECK(b.data && strstr(b.data, "audience: carer\n") && strstr(b.data,
	      "withheld birth-family: 1 element\n") && !strstr(b.data, "withheld health"),
	      "text log lists withheld categories only");
	CHECK(b.data && !strstr(b.data, "Gamma") && !strstr(b.data, "Delta"), "no values in log");
	buf_reset(&b);
	CHECK(redact_log_write(p, &log, 1, &b) == PK_OK, "xml log");
	{
		pk_error e2;
		xmlDocPtr l = xmlsafe_read_memory(b.data, b.len, "log.xml", &e2);

		CHECK(l != NULL, "xml log parses");
		CHECK(l && xp_eq(l, "string(//category[@name='birth-family']/@elements)", "1"),
		      "xml log counts");
		CHECK(l && xp_eq(l, "string(//category[@name='health']/@withheld)", "false"),
		      "xml log: health allowed for carer");
		xmlFreeDoc(l);
	}
	buf_free(&b);
	xmlFreeDoc(doc);
	redact_profile_free(p);
}

/* One thread's work: redact its own copy of the canary-style record with a shared profile. */
struct thread_job {
	const redact_profile *p;
	int rc, scrubbed, removed;
};

/* Thread body: parse, redact, record the counts. */
static void *thread_main(void *arg)
{
	struct thread_job *j = arg;
	static const char *rec = "<r><a confidential='health'><p>Vexilliform Syndrome</p></a>"
				 "<b>Vexilliform Syndrome and 07700 900731</b>"
				 "<c confidential='carer-contact'>07700 900731</c></r>";
	pk_error err;

	for (int i = 0; i < 50; i++) {
		xmlDocPtr doc = xmlsafe_read_memory(rec, strlen(rec), "t.xml", &err);
		redact_log log;

		j->rc = doc ? redact_apply(j->p, doc, &log, &err) : -99;
		j->scrubbed = log.scrubbed;
		j->removed = log.elements_removed;
		xmlFreeDoc(doc);
		if (j->rc != PK_OK)
			break;
	}
	return NULL;
}

/* redact_apply runs in several threads at once with one profile. */
static void test_threads(void)
{
	pthread_t t[4];
	struct thread_job j[4];
	pk_error err;
	redact_profile *p = load("parent", &err);
	int ok = p != NULL;

	for (int i = 0; ok && i < 4; i++) {
		j[i] = (struct thread_job){ p, -1, 0, 0 };
		ok = pthread_create(&t[i], NULL, thread_main, &j[i]) == 0;
	}
	for (int i = 0; ok && i < 4; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; ok && i < 4; i++)
		ok = j[i].rc == PK_OK && j[i].scrubbed == 2 && j[i].removed == 2;
	CHECK(ok, "4 threads redact with one profile, same counts");
	redact_profile_free(p);
}

/* Ids: every person and target gets a neutral id, every reference the same one; the record
 * copy keeps them. */
static void test_neutral_ids(void)
{
	static const char *rec =
		"<pep-record version='1'><child><la-child-id>LA-7</la-child-id>"
		"<school id='oak-school'><name>Oak School</name></school></child><people>"
		"<person id='sw-Mert' role='social-worker'><name>Iolo Rees</name></person>"
		"<person id='emine-yilmaz' role='birth-parent' confidential='birth-family'>"
		"<name>Emine Yılmaz</name></person>"
		"<person id='yp' role='child'><name>Ayşe Yılmaz</name></person></people><terms>"
		"<term id='2025-autumn'><targets>"
		"<target id='Mert-Emine-visits' owner=' emine-yilmaz '><what>x</what></target>"
		"<target id='T-2' owner='sw-Mert'><what>y</what></target></targets>"
		"<pupil-premium-plus><request targets='T-2  Mert-Emine-visits nowhere'/></pupil-premium-plus>"
		"<designated-teacher-summary><signed-off by='sw-Mert'/></designated-teacher-summary>"
		"<meeting><attendees><attendee person='yp'/><attendee person='emine-yilmaz'/>"
		"<attendee person='gone'/></attendees>"
		"<actions><action owner='emine-yilmaz'>call</action></actions></meeting>"
		"<qa adviser='sw-Mert'/></term>"
		"<term id='2026-spring'><targets><target id='T-3' owner='yp'><what>z</what></target>"
		"</targets></term></terms></pep-record>";
	pk_error err;
	redact_profile *p = load("carer", &err), *full = load("record", &err);
	xmlDocPtr doc = parse(rec), same = parse(rec);
	char *s;

	CHECK(p && full && doc && same && redact_apply(p, doc, NULL, &err) == PK_OK,
	      "ids: redact for carer");
	if (doc == NULL || same == NULL) {
		xmlFreeDoc(doc);
		xmlFreeDoc(same);
		redact_profile_free(p);
		redact_profile_free(full);
		return;
	}
	CHECK(xp_eq(doc, "concat(//person[1]/@id, ' ', //person[2]/@id, ' ', //person[3]/@id)",
		    "p1 p2 p3"), "people are p1, p2, p3 in order");
	CHECK(xp_eq(doc, "string(//person[2]/@redacted)", "birth-family"), "withheld one keeps a marker");
	CHECK(xp_eq(doc, "concat((//target)[1]/@id, ' ', (//target)[2]/@id, ' ', (//target)[3]/@id)",
		    "t1 t2 t3"), "targets are t1, t2, t3 in document order, across terms");
	CHECK(xp_eq(doc, "concat((//target)[1]/@owner, ' ', (//target)[2]/@owner, ' ', "
		    "(//target)[3]/@owner)",
		    "p2 p1 p3"), "target owners follow (white space around an id ignored)");
	CHECK(xp_eq(doc, "string(//request/@targets)", "t2 t1 t4"),
	      "a target list follows; an unknown target gets the next number");
	CHECK(xp_eq(doc, "concat(//signed-off/@by, ' ', //qa/@adviser, ' ', //action/@owner)",
		    "p1 p1 p2"), "signed-off, qa adviser and action owner follow");
	CHECK(xp_eq(doc, "concat(//attendee[1]/@person, ' ', //attendee[2]/@person, ' ', "
		    "//attendee[3]/@person)", "p3 p2 p4"),
	      "attendees follow; an unknown person gets the next number");
	CHECK(xp_eq(doc, "concat(//la-child-id, ' ', //school/@id, ' ', //term[1]/@id)",
		    "LA-7 oak-school 2025-autumn"), "child id, school id and term ids are kept");
	s = dump(doc);
	CHECK(strstr(s, "Mert") == NULL && strstr(s, "emine") == NULL && strstr(s, "T-2") == NULL,
	      "no original person or target id is left");
	free(s);
	CHECK(redact_apply(full, same, NULL, &err) == PK_OK &&
	      xp_eq(same, "concat(//person[2]/@id, ' ', //target[1]/@id)",
		    "emine-yilmaz Mert-Emine-visits"), "the record's copy keeps every id");
	xmlFreeDoc(doc);
	xmlFreeDoc(same);
	redact_profile_free(p);
	redact_profile_free(full);
}

/* Namespaces: no declaration, namespaced element or attribute survives a redacted copy. */
static void test_namespaces(void)
{
	redact_log log;
	int rc;
	char *s = redact_nothing(
		"<r xmlns:top='urn:top-Emine'><a xmlns:em='urn:Emine-lives-at-27-Beech-Avenue' "
		"confidential='birth-family'><p>x</p></a>"
		"<b xmlns:x='urn:mother-Emine' x:note='Emine' top:n='1'><top:c>kept</top:c></b></r>",
		&log, &rc);

	CHECK(rc == PK_OK, "namespaces: redact ok");
	CHECK(strstr(s, "xmlns") == NULL && strstr(s, "urn:") == NULL && strstr(s, "Emine") == NULL,
	      "no namespace declaration or namespaced attribute is left: %s", s);
	CHECK(has(s, "<c>kept</c>"), "a namespaced element keeps its content, without the prefix");
	free(s);
}

/* A withheld person's organisation (its distinctive words) and their contribution. */
static void test_withheld_organisation(void)
{
	redact_log log;
	int rc;
	char *s = redact_nothing(
		"<pep-record><people><person id='m1' role='birth-parent' confidential='birth-family'>"
		"<name>Emine Yılmaz</name><organisation>Kestrelford Women's Refuge</organisation>"
		"</person></people><terms><term><carer-section><p>A letter came via KESTRELFORD; "
		"the refuge and women's groups help.</p></carer-section><meeting><attendees>"
		"<attendee person='m1' present='false' contribution='sent a letter via Ashgrove hostel'/>"
		"</attendees><discussion><item><p>The letter via Ashgrove hostel arrived.</p></item>"
		"</discussion></meeting></term></terms></pep-record>", &log, &rc);

	CHECK(rc == PK_OK, "organisation: redact ok");
	CHECK(has(s, "A letter came via [REDACTED]; the refuge and women's groups help."),
	      "the organisation's distinctive word is scrubbed, its generic words are not");
	CHECK(strstr(s, "contribution") == NULL, "a withheld attendee's contribution is removed");
	CHECK(has(s, "The letter via [REDACTED] hostel arrived."),
	      "and the names in it are scrubbed where they are repeated");
	free(s);

	/* a word of a visible person's organisation is not a withheld organisation's own */
	s = redact_nothing(
		"<pep-record><people><person id='sw' role='social-worker'><name>Iolo Rees</name>"
		"<organisation>Oldham Children's Services</organisation></person>"
		"<person id='m1' role='birth-parent' confidential='birth-family'><name>Emine Yılmaz</name>"
		"<organisation>Oldham Fernlea Refuge</organisation></person></people><terms><term>"
		"<carer-section><p>Oldham said Fernlea wrote.</p></carer-section></term></terms>"
		"</pep-record>", &log, &rc);
	CHECK(rc == PK_OK && has(s, "<p>Oldham said [REDACTED] wrote.</p>"),
	      "a visible organisation's word stays, the withheld one's own goes");
	free(s);
}

/* Look-alike letters of other scripts are read as the letters they look like (ICU skeletons). */
static void test_confusables(void)
{
	redact_log log;
	int rc;
	char *s = redact_nothing(
		"<r><person confidential='birth-family'><name>Emine Yılmaz</name></person>"
		"<b>She saw \xd0\x95mine, \xd0\x95MIN\xd0\x95 and Em\xce\xb9ne; "
		"\xd0\x9c\xd0\xb0\xd1\x80\xd0\xb8\xd1\x8f stays.</b></r>", &log, &rc);

	CHECK(rc == PK_OK, "confusables: redact ok");
	CHECK(has(s, "<b>She saw [REDACTED], [REDACTED] and [REDACTED]; "
		  "\xd0\x9c\xd0\xb0\xd1\x80\xd0\xb8\xd1\x8f stays.</b>"),
	      "Cyrillic Е and Greek ι in a withheld name are caught; other Cyrillic text stays");
	free(s);
}

int main(void)
{
	char cmd[600];

	if (xmlsafe_init() != PK_OK || mkdtemp(tmpdir) == NULL) {
		printf("not ok - setup\n");
		return 1;
	}
	test_categories_match_schema();
	test_shipped_profiles();
	test_bad_profiles();
	test_every_category();
	test_marker_shape();
	test_neutral_ids();
	test_namespaces();
	test_withheld_organisation();
	test_confusables();
	test_scrub();
	test_school();
	test_canonical();
	test_log();
	test_threads();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	xmlsafe_cleanup();
	return unit_done();
}
