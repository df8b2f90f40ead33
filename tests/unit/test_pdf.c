/*
 * test_pdf.c: unit tests of the PDF renderer (pdf.c, pdf_layout.c): rendering the IR fixtures,
 * determinism, malformed and extreme IR (empty body, unknown elements, wrong root, missing
 * meta, a 5,000-character word, 500 list items, a 500-row table), a missing font folder, and
 * layout properties read from the layout pass itself (no heading last on a page, a long
 * table's header row first on every page it crosses).
 *
 * poppler's pdftotext reads the ToUnicode maps of the names fixture, of a document with
 * hundreds of characters, and of every sample's PEP1 and PEP2 without a warning, and the text
 * (names with diacritics, Cyrillic, Greek, Vietnamese) extracts exactly.
 *
 * Also a small tool for the shell tests and benchmarks:
 *   test_pdf --bench IR.xml [N]   render IR N times (default 200), print ms per document
 *   test_pdf --write IR.xml OUT   render IR to OUT (the shell tests check it with poppler/qpdf)
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "render/pdf.h"
#include "render/pdf_layout.h"
#include "batch/pipeline.h"
#include "core/xmlsafe.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <locale.h>
#include <wchar.h>
#include <libxml/parser.h>

#define META "<meta><title>T</title><marking>OFFICIAL-SENSITIVE</marking><footer>F</footer></meta>"

/* Parse an IR given as a string (test data we wrote, so the plain parser is fine). */
static xmlDocPtr ir(const char *s)
{
	return xmlReadMemory(s, (int)strlen(s), "test.xml", "UTF-8", XML_PARSE_NONET);
}

/* Render s; returns the pdf_render code, *pages the page count; out receives the bytes. */
static int render_str(const char *s, pk_buf *out, int *pages, pk_error *err)
{
	xmlDocPtr d = ir(s);
	int rc;

	if (!d)
		return -100;
	rc = pdf_render(d, out, pages, err);
	xmlFreeDoc(d);
	return rc;
}

/* An IR document with body built from n copies of item (printf with %d = index). */
static char *repeat_ir(const char *before, const char *item, int n, const char *after)
{
	pk_buf b = PK_BUF_INIT;
	int i;

	buf_puts(&b, "<document type='t'>" META "<body>");
	buf_puts(&b, before);
	for (i = 0; i < n; i++)
		buf_printf(&b, item, i + 1);
	buf_puts(&b, after);
	buf_puts(&b, "</body></document>");
	return b.data;
}

/* A fixed-width metric for layout-only tests: every character 550/1000 em. */
static int fixed_width(void *ctx, int font, unsigned cp)
{
	(void)ctx; (void)font; (void)cp;
	return 550;
}

/* pdfl_measure_fn for the layout tests: 600 thousandths per byte. */
static double fixed_measure(void *ctx, int font, const char *s, size_t n, int rtl)
{
	(void)ctx; (void)font; (void)s; (void)rtl;
	return 600.0 * (double)n;
}

/* The first text op of page p's content, or "". */
static const char *first_text(const pdfl_doc *d, size_t p)
{
	size_t i;

	for (i = d->pages[p].first; i < d->pages[p].first + d->pages[p].count; i++)
		if (d->ops[i].kind == PDFL_OP_TEXT)
			return pdfl_str(d, d->ops[i].str);
	return "";
}

/* The last text op of page p's content, or NULL. */
static const pdfl_op *last_text(const pdfl_doc *d, size_t p)
{
	size_t i;
	const pdfl_op *o = NULL;

	for (i = d->pages[p].first; i < d->pages[p].first + d->pages[p].count; i++)
		if (d->ops[i].kind == PDFL_OP_TEXT)
			o = &d->ops[i];
	return o;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int tool(int argc, char **argv)
{
	pk_error err;
	pk_buf out = PK_BUF_INIT;
	xmlDocPtr d;
	int pages = 0, rc = 1;

	if (argc < 3 || !(d = xmlsafe_read_file(argv[2], &err))) {
		fprintf(stderr, "test_pdf: cannot read IR\n");
		return 2;
	}
	if (!strcmp(argv[1], "--bench")) {
		int i, n = argc > 3 ? atoi(argv[3]) : 200;
		double t0 = now_ms(), t;
		for (i = 0; i < n; i++) {
			buf_reset(&out);
			if ((rc = pdf_render(d, &out, &pages, &err)) != PK_OK)
				break;
		}
		t = now_ms() - t0;
		if (rc == PK_OK)
			printf("%d renders of %d pages, %zu bytes: %.2f ms per document\n", n, pages, out.len, t / n);
		else
			fprintf(stderr, "test_pdf: %s\n", err.msg);
	} else if (!strcmp(argv[1], "--write") && argc > 3) {
		FILE *f;
		rc = pdf_render(d, &out, &pages, &err);
		if (rc != PK_OK)
			fprintf(stderr, "test_pdf: %s\n", err.msg);
		else if (!(f = fopen(argv[3], "wb")) || fwrite(out.data, 1, out.len, f) != out.len || fclose(f))
			rc = 1;
	}
	buf_free(&out);
	xmlFreeDoc(d);
	return rc == PK_OK ? 0 : 1;
}

/* Run poppler's pdftotext on the PDF in pdf; returns 1 when it succeeded and printed nothing on
 * stderr, with *text (caller frees) the extracted text with every whitespace run made one
 * space. */
static int poppler_text(const pk_buf *pdf, char **text)
{
	char dir[] = "/tmp/pepkit-test-pdf-XXXXXX", cmd[512], path[300];
	FILE *f;
	pk_buf t = PK_BUF_INIT;
	int c, ok = 0, space = 0;
	long errlen = -1;

	*text = NULL;
	if (!mkdtemp(dir))
		return 0;
	snprintf(path, sizeof(path), "%s/a.pdf", dir);
	if ((f = fopen(path, "wb")) != NULL) {
		ok = fwrite(pdf->data, 1, pdf->len, f) == pdf->len;
		ok &= fclose(f) == 0;
	}
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s/a.pdf' '%s/a.txt' 2>'%s/err.txt'", dir, dir, dir);
	ok = ok && system(cmd) == 0;
	snprintf(path, sizeof(path), "%s/err.txt", dir);
	if (ok && (f = fopen(path, "rb")) != NULL) {
		fseek(f, 0, SEEK_END);
		errlen = ftell(f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/a.txt", dir);
	if (ok && (f = fopen(path, "rb")) != NULL) {
		while ((c = getc(f)) != EOF) {
			if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
				space = 1;
				continue;
			}
			if (space && t.len)
				buf_puts(&t, " ");
			space = 0;
			buf_printf(&t, "%c", c);
		}
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		ok = 0;
	if (ok && errlen == 0) {
		*text = t.data ? t.data : strdup("");
		return 1;
	}
	buf_free(&t);
	return 0;
}

/* Remove the spaces from s in place. */
static void squeeze(char *s)
{
	char *o = s;

	for (; *s; s++)
		if (*s != ' ')
			*o++ = *s;
	*o = '\0';
}

int main(int argc, char **argv)
{
	pk_error err;
	pk_buf a = PK_BUF_INIT, b = PK_BUF_INIT;
	int pages = 0, rc;
	char *s;
	xmlDocPtr d;

	if (xmlsafe_init() != PK_OK)
		return 2;
	setlocale(LC_CTYPE, "C.UTF-8");    /* %lc in the ToUnicode test writes UTF-8 */
	if (argc > 1) {
		rc = tool(argc, argv);
		pdf_cleanup();
		xmlsafe_cleanup();
		return rc;
	}

	/* a first render from a folder without the fonts does not stop later renders using the
	 * default folder */
	setenv("PEPKIT_FONTDIR", "/nonexistent/fonts", 1);
	rc = render_str("<document type='t'>" META "<body/></document>", &a, &pages, &err);
	CHECK(rc == PK_EIO, "first render with missing fonts fails: %s", err.msg);
	unsetenv("PEPKIT_FONTDIR");
	buf_free(&a);

	/* the fixture with every block type and names in several scripts */
	d = xmlsafe_read_file("tests/data/ir/names.xml", &err);
	CHECK(d != NULL, "read the names fixture");
	if (d) {
		rc = pdf_render(d, &a, &pages, &err);
		CHECK(rc == PK_OK, "render the names fixture (%s)", rc ? err.msg : "ok");
		CHECK(a.len > 1000 && !memcmp(a.data, "%PDF-", 5), "output is a PDF");
		CHECK(a.len > 6 && strstr(a.data + a.len - 7, "%%EOF"), "output ends with %%%%EOF");
		CHECK(pages == 3, "names fixture is 3 pages (explicit page break), got %d", pages);
		rc = pdf_render(d, &b, NULL, &err);
		CHECK(rc == PK_OK && a.len == b.len && !memcmp(a.data, b.data, a.len), "two renders are byte-identical");
		CHECK(!memmem(a.data, a.len, "CreationDate", 12) && !memmem(a.data, a.len, "ModDate", 7), "no dates in the document info");
		xmlFreeDoc(d);
	}
	buf_free(&a);
	buf_free(&b);

	/* the same bytes whether the font-program cache is fresh or rebuilt, for a document in each
	 * cache tier (Latin; Cyrillic) and one outside them (polytonic Greek: per-document subset) */
	{
		static const char *const bodies[] = { "<p>Plain Latin: Zoë, Siobhán, Łukasz.</p>",
						      "<p>Олександр Коваленко</p>", "<p>Ἀλέξανδρος</p>" };
		size_t k;
		for (k = 0; k < PK_ARRAY_LEN(bodies); k++) {
			pk_buf t = PK_BUF_INIT;
			buf_printf(&t, "<document type='t'>" META "<body>%s</body></document>", bodies[k]);
			rc = render_str(t.data, &a, &pages, &err);
			pdf_cleanup();
			rc |= render_str(t.data, &b, &pages, &err);
			CHECK(rc == PK_OK && a.len == b.len && !memcmp(a.data, b.data, a.len),
			      "body %zu: identical after the font cache is rebuilt", k);
			buf_free(&a);
			buf_free(&b);
			buf_free(&t);
		}
	}

	/* malformed or extreme input */
	rc = render_str("<document type='t'>" META "<body/></document>", &a, &pages, &err);
	CHECK(rc == PK_OK && pages == 1, "empty body gives one page");
	buf_free(&a);
	rc = render_str("<document type='t'>" META "<body><frobnicate>x</frobnicate><p>after <u>u</u></p>"
			"<table><columns/><row><cell>no columns</cell></row></table>"
			"<h level='9'>bad level</h><list style='odd'/><chart title='c' min='x' max='-1'/>"
			"<table><columns><col width='0'/></columns><row><cell span='99'>wide</cell><cell>extra</cell></row></table>"
			"</body></document>", &a, &pages, &err);
	CHECK(rc == PK_OK && pages == 1, "unknown elements and odd attributes are ignored (%s)", rc ? err.msg : "ok");
	buf_free(&a);
	rc = render_str("<html/>", &a, &pages, &err);
	CHECK(rc == PK_EINVAL && strstr(err.msg, "document"), "wrong root is an error: %s", err.msg);
	buf_free(&a);
	rc = render_str("<document type='t'><meta><title>T</title><footer>F</footer></meta><body/></document>",
			&a, &pages, &err);
	CHECK(rc == PK_EINVAL && strstr(err.msg, "marking"), "missing marking is an error: %s", err.msg);
	buf_free(&a);
	rc = render_str("<document type='t'>" META "</document>", &a, &pages, &err);
	CHECK(rc == PK_EINVAL && strstr(err.msg, "body"), "missing body is an error: %s", err.msg);
	buf_free(&a);
	rc = render_str("<document type='t'>" META "<body><p>emoji \xF0\x9F\x98\x80 and CJK \xE6\xBC\xA2</p></body></document>",
			&a, &pages, &err);
	CHECK(rc == PK_OK, "characters outside the BMP or the font do not fail");
	buf_free(&a);

	{
		pk_buf w = PK_BUF_INIT;
		int i;
		buf_puts(&w, "<document type='t'>" META "<body><p>");
		for (i = 0; i < 5000; i++)
			buf_puts(&w, i % 2 ? "x" : "\xC5\x81");   /* x and Ł */
		buf_puts(&w, "</p></body></document>");
		rc = render_str(w.data, &a, &pages, &err);
		CHECK(rc == PK_OK && pages >= 1, "a 5,000-character word renders (%d pages)", pages);
		buf_free(&w);
		buf_free(&a);
	}
	{
		pk_buf w = PK_BUF_INIT;
		int i;
		buf_puts(&w, "<document type='t'>" META "<body><table><columns>");
		for (i = 0; i < 20; i++)
			buf_puts(&w, "<col width='1'/>");
		buf_puts(&w, "</columns><head><cell span='20'>Head</cell></head><row><cell>");
		for (i = 0; i < 5000; i++)
			buf_puts(&w, "\xD0\x96");   /* Ж */
		buf_puts(&w, "</cell><cell span='30'>too wide a span</cell></row></table></body></document>");
		rc = render_str(w.data, &a, &pages, &err);
		CHECK(rc == PK_OK && pages >= 2, "a 5,000-character word in the narrow cell of a 20-column table: %d pages",
		      pages);
		buf_free(&w);
		buf_free(&a);
	}
	s = repeat_ir("<list style='number'>", "<item>Item number %d of the long list</item>", 500, "</list>");
	rc = render_str(s, &a, &pages, &err);
	CHECK(rc == PK_OK && pages >= 8 && pages <= 20, "500 list items: %d pages", pages);
	free(s);
	buf_free(&a);
	s = repeat_ir("<table><columns><col width='5'/><col width='2'/><col width='2'/></columns>"
		      "<head><cell>Target</cell><cell>Owner</cell><cell>Due</cell></head>",
		      "<row><cell>Target %d: read one book a week and talk about it</cell><cell>Carer</cell><cell>2026-03-01</cell></row>",
		      500, "</table>");
	rc = render_str(s, &a, &pages, &err);
	CHECK(rc == PK_OK && pages >= 10 && pages <= 40, "500-row table: %d pages", pages);
	free(s);
	buf_free(&a);

	/* a font folder without the fonts */
	setenv("PEPKIT_FONTDIR", "/nonexistent/fonts", 1);
	rc = render_str("<document type='t'>" META "<body/></document>", &a, &pages, &err);
	CHECK(rc == PK_EIO && strstr(err.msg, "/nonexistent/fonts/DejaVuSans"), "missing fonts: %s", err.msg);
	unsetenv("PEPKIT_FONTDIR");
	buf_free(&a);

	/* layout properties */
	{
		pdfl_doc ld;
		size_t p;
		int bad = 0;

		/* headings after paragraphs of varying length: none may end a page */
		pk_buf w = PK_BUF_INIT;
		int i;
		buf_puts(&w, "<document type='t'>" META "<body>");
		for (i = 0; i < 120; i++) {
			buf_printf(&w, "<h level='%d'>Heading %d</h>", i % 3 + 1, i);
			if (i % 7 == 3)
				continue;   /* an empty section: heading followed by a heading */
			buf_printf(&w, "<p>");
			for (int k = 0; k < (i * 37) % 90 + 3; k++)
				buf_puts(&w, "word ");
			buf_puts(&w, "</p>");
		}
		buf_puts(&w, "</body></document>");
		d = ir(w.data);
		memset(&ld, 0, sizeof(ld));
		rc = pdfl_layout(d, fixed_width, fixed_measure, NULL, &ld, &err);
		CHECK(rc == PK_OK && ld.npages > 3, "heading test lays out (%zu pages)", ld.npages);
		for (p = 0; rc == PK_OK && p < ld.npages; p++) {
			const pdfl_op *o = last_text(&ld, p);
			if (o && !strncmp(pdfl_str(&ld, o->str), "Heading", 7))
				bad++;
		}
		CHECK(rc == PK_OK && bad == 0, "no page ends with a heading (%d do)", bad);
		pdfl_free(&ld);
		xmlFreeDoc(d);
		buf_free(&w);

		/* a long table: its header row first on every page */
		s = repeat_ir("<p>Intro</p><table><columns><col width='1'/><col width='3'/></columns>"
			      "<head><cell>Number</cell><cell>Text</cell></head>",
			      "<row><cell>%d</cell><cell>Some text in the second column that wraps onto a few lines "
			      "when the column is narrow enough, which it is here.</cell></row>", 200, "</table>");
		d = ir(s);
		memset(&ld, 0, sizeof(ld));
		rc = pdfl_layout(d, fixed_width, fixed_measure, NULL, &ld, &err);
		bad = 0;
		for (p = 1; rc == PK_OK && p < ld.npages; p++)
			if (strcmp(first_text(&ld, p), "Number"))
				bad++;
		CHECK(rc == PK_OK && ld.npages > 3 && bad == 0, "header row repeated on %zu pages (%d without)",
		      ld.npages, bad);
		pdfl_free(&ld);
		xmlFreeDoc(d);
		free(s);

		/* a row taller than a page is split across pages, with all its lines */
		{
			pk_buf t = PK_BUF_INIT;
			size_t k, nlines = 0;
			buf_puts(&t, "<document type='t'>" META "<body><table><columns><col width='1'/></columns>"
				 "<head><cell>Head</cell></head><row><cell>");
			for (i = 0; i < 150; i++)
				buf_printf(&t, "line%d<br/>", i);
			buf_puts(&t, "</cell></row></table></body></document>");
			d = ir(t.data);
			memset(&ld, 0, sizeof(ld));
			rc = pdfl_layout(d, fixed_width, fixed_measure, NULL, &ld, &err);
			for (k = 0; rc == PK_OK && k < ld.nops; k++)
				if (ld.ops[k].kind == PDFL_OP_TEXT && !strncmp(pdfl_str(&ld, ld.ops[k].str), "line", 4))
					nlines++;
			CHECK(rc == PK_OK && ld.npages >= 2 && nlines == 150,
			      "a 150-line row splits over %zu pages keeping all %zu lines", ld.npages, nlines);
			CHECK(rc == PK_OK && ld.npages >= 2 && !strcmp(first_text(&ld, 1), "Head"),
			      "the split row's next page starts with the header row");
			pdfl_free(&ld);
			xmlFreeDoc(d);
			buf_free(&t);
		}
	}

	/* ToUnicode maps: poppler reads them without a warning and extracts the text exactly, for
	 * the names fixture (diacritics, Cyrillic, Greek, Vietnamese) and for a document with more
	 * than 100 single characters and more than 100 runs (so both kinds of block are split) */
	{
		pk_buf t = PK_BUF_INIT, want = PK_BUF_INIT;
		char *text = NULL;
		unsigned cp;

		d = xmlsafe_read_file("tests/data/ir/names.xml", &err);
		rc = d ? pdf_render(d, &a, &pages, &err) : -1;
		CHECK(rc == PK_OK && poppler_text(&a, &text), "pdftotext reads the names fixture with nothing on stderr");
		CHECK(text && strstr(text, "Ἀλέξανδρος") && strstr(text, "Zoë"), "names fixture: Greek and Zoë extract exactly");
		free(text);
		text = NULL;
		xmlFreeDoc(d);
		buf_free(&a);

		for (cp = 0x0400; cp < 0x0500; cp += 2)        /* 128 single characters */
			buf_printf(&want, "%s%lc", want.len ? " " : "", (wint_t)cp);
		for (cp = 0x0100; cp < 0x0180; cp += 3)        /* 43 runs of two */
			buf_printf(&want, " %lc%lc", (wint_t)cp, (wint_t)(cp + 1));
		for (cp = 0x0391; cp < 0x03A9 - 1; cp += 3)    /* Greek capitals, 7 runs */
			buf_printf(&want, " %lc%lc", (wint_t)cp, (wint_t)(cp + 1));
		for (cp = 0x1EA0; cp < 0x1EF8; cp += 3)        /* Vietnamese, 30 runs */
			buf_printf(&want, " %lc%lc", (wint_t)cp, (wint_t)(cp + 1));
		for (cp = 0x0180; cp < 0x0240; cp += 3)        /* Latin Extended-B, 64 runs */
			buf_printf(&want, " %lc%lc", (wint_t)cp, (wint_t)(cp + 1));
		buf_reset(&t);
		buf_printf(&t, "<document type='t'>" META "<body><p>%s</p></body></document>", want.data);
		rc = render_str(t.data, &a, &pages, &err);
		CHECK(rc == PK_OK && poppler_text(&a, &text), "pdftotext reads 128 single characters and 144 runs with nothing on stderr");
		/* poppler decides spacing from glyph positions (it runs some of these words together),
		 * so the characters are compared without spaces */
		squeeze(want.data);
		if (text)
			squeeze(text);
		CHECK(text && strstr(text, want.data), "every one of them extracts exactly, in order");
		CHECK(a.len && memmem(a.data, a.len, "ToUnicode", 9), "the fonts have ToUnicode maps");
		free(text);
		buf_free(&a);
		buf_free(&t);
		buf_free(&want);
	}

	/* the samples' PEP1 and PEP2: pdftotext silent, the child's legal name extracts exactly */
	{
		static const char *const docs[] = { "pep1", "pep2" };
		static const char *const samples[] = { "eyfs-nursery", "ks2-initial", "ks4-ehcp-exclusions",
							"post16-college", "uasc-cyrillic" };
		pipeline *pl = pipeline_new(docs, 2, NULL, 0, 1, &err);
		size_t k;
		int dn;

		CHECK(pl != NULL, "pipeline for pep1 and pep2 (%s)", pl ? "ok" : err.msg);
		for (k = 0; pl && k < PK_ARRAY_LEN(samples); k++) {
			char file[128], given[128] = "", family[128] = "";
			xmlDocPtr rec;

			snprintf(file, sizeof(file), "samples/%s.xml", samples[k]);
			rec = pipeline_load_record(pl, file, &err);
			CHECK(rec != NULL, "%s: loads (%s)", file, rec ? "ok" : err.msg);
			if (!rec)
				continue;
			pipeline_xpath_string(rec, "string(/pep-record/child/legal-name/given)", given, sizeof(given));
			pipeline_xpath_string(rec, "string(/pep-record/child/legal-name/family)", family, sizeof(family));
			for (dn = 0; dn < 2; dn++) {
				xmlDocPtr doc = pipeline_transform(pl, rec, file, dn, NULL, -1, &err);
				char *text = NULL;

				rc = doc ? pdf_render(doc, &a, &pages, &err) : -1;
				CHECK(rc == PK_OK && poppler_text(&a, &text), "%s %s: pdftotext prints nothing on stderr",
				      samples[k], docs[dn]);
				CHECK(text && *given && *family && strstr(text, given) && strstr(text, family),
				      "%s %s: '%s %s' extracts exactly", samples[k], docs[dn], given, family);
				free(text);
				xmlFreeDoc(doc);
				buf_free(&a);
			}
			xmlFreeDoc(rec);
		}
		pipeline_free(pl);
	}

	pdf_cleanup();
	xmlsafe_cleanup();
	return unit_done();
}
