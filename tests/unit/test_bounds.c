/*
 * test_bounds.c: the renderers bound every number of the IR themselves, past the schema (an IR
 * that was never validated, or a bound the schema missed): huge and negative spans and widths,
 * chart ranges of 1e24 / NaN / infinity, and the bounded readers of irnum.h. Each must give a
 * document (clamped) with no negative DOCX width and no non-finite or off-page PDF number, or a
 * clean refusal: never a crash (this runs under ASan+UBSan with `make check SAN=1`).
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "core/xmlsafe.h"

#include <stdlib.h>
#include <unistd.h>
#include "render/docx.h"
#include "render/irnum.h"
#include "render/pdf.h"
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <zip.h>
#include <libxml/parser.h>

#define META "<meta><title>T</title><marking>OFFICIAL-SENSITIVE</marking><footer>F</footer></meta>"

/* Render body (an IR body's content) as PDF and DOCX; the codes in *pdf_rc and *docx_rc; the
 * DOCX zip in *docx. */
static void render_both(const char *body, int *pdf_rc, pk_buf *pdf, int *docx_rc, pk_buf *docx)
{
	char s[8192];
	xmlDocPtr d;
	pk_error err;
	int pages = 0;

	snprintf(s, sizeof(s), "<document type='t'>" META "<body>%s</body></document>", body);
	d = xmlReadMemory(s, (int)strlen(s), "bounds.xml", "UTF-8", XML_PARSE_NONET);
	*pdf_rc = d ? pdf_render(d, pdf, &pages, &err) : -100;
	*docx_rc = d ? docx_render(d, docx, &err) : -100;
	xmlFreeDoc(d);
}

/* 1 if the PDF's uncompressed parts hold "nan" or "inf" (the content streams are compressed;
 * pdf_layout refuses off-page numbers before they get there, and case 3 and 4 check that path
 * renders at all). */
static int pdf_has_bad_number(const pk_buf *b)
{
	for (size_t i = 0; i + 3 <= b->len; i++)
		if (memcmp(b->data + i, "nan", 3) == 0 || memcmp(b->data + i, "inf", 3) == 0)
			return 1;
	return 0;
}

/* word/document.xml of the DOCX in b (malloc'd, NUL-terminated), or NULL. */
static char *docx_body(const pk_buf *b)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z = NULL;
	zip_file_t *f = NULL;
	zip_stat_t st;
	char *s = NULL;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(b->data, b->len, 0, &ze)) == NULL)
		goto out;
	if ((z = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		zip_source_free(src);
		goto out;
	}
	if (zip_stat(z, "word/document.xml", 0, &st) != 0 || (f = zip_fopen(z, "word/document.xml", 0)) == NULL)
		goto out;
	if ((s = malloc(st.size + 1)) == NULL || zip_fread(f, s, st.size) != (zip_int64_t)st.size) {
		free(s);
		s = NULL;
		goto out;
	}
	s[st.size] = '\0';
out:
	if (f)
		zip_fclose(f);
	if (z)
		zip_discard(z);
	zip_error_fini(&ze);
	return s;
}

static void test_irnum(void)
{
	CHECK(irnum_int("2147483647", 1, 1, 20) == 20, "span 2^31-1 clamps to 20");
	CHECK(irnum_int("99999999999999999999999", 1, 1, 20) == 20, "a span past LONG_MAX clamps");
	CHECK(irnum_int("-5", 1, 1, 20) == 1, "a negative span clamps to 1");
	CHECK(irnum_int("x", 7, 1, 20) == 7 && irnum_int(NULL, 7, 1, 20) == 7 && irnum_int("", 7, 1, 20) == 7,
	      "not a number: the default");
	CHECK(irnum_int("12abc", 1, 1, 20) == 1, "trailing junk: the default");
	CHECK(irnum_int(" 3 ", 1, 1, 20) == 3 || irnum_int(" 3 ", 1, 1, 20) == 1, "spaces are harmless");
	CHECK(irnum_real("1e24", 0, -1e6, 1e6) == 1e6, "1e24 clamps to the chart bound");
	CHECK(irnum_real("nan", -1, -1e6, 1e6) == -1 && irnum_real("inf", -1, -1e6, 1e6) == -1 &&
	      irnum_real("-infinity", -1, -1e6, 1e6) == -1, "NaN and infinity: the default");
	CHECK(isnan(irnum_real("x", NAN, 0, 1)), "NaN default kept for 'no value'");
	CHECK(irnum_real("2.5", 0, -1e6, 1e6) == 2.5, "an ordinary decimal");
}

static void test_renderers(void)
{
	static const char *const cases[] = {
		"<table><columns><col width='1'/><col width='1'/></columns>"
		"<row><cell span='2147483647'>a</cell><cell>b</cell></row></table>",
		"<table><columns><col width='1'/><col width='1'/></columns>"
		"<row><cell span='-2147483648'>a</cell><cell span='99999999999999999999'>b</cell></row></table>",
		"<table><columns><col width='1000000000000'/><col width='1'/><col width='-7'/></columns>"
		"<row><cell>a</cell><cell>b</cell><cell>c</cell></row></table>",
		"<chart title='c' min='1e24' max='0'><series name='s'><point label='a' value='5'/>"
		"<point label='b' value='-1e300'/></series></chart>",
		"<chart title='c' min='NaN' max='Infinity'><tick value='1e308' label='x'/>"
		"<series name='s'><point label='a' value='1e24'/></series></chart>",
		"<chart title='c' min='5' max='5'><series name='s'><point label='a' value='5'/></series></chart>",
		"<h level='2147483647'>x</h><h level='-2147483648'>y</h>",
	};

	for (size_t i = 0; i < PK_ARRAY_LEN(cases); i++) {
		pk_buf pdf = PK_BUF_INIT, docx = PK_BUF_INIT;
		int prc, drc;

		render_both(cases[i], &prc, &pdf, &drc, &docx);
		CHECK(prc == PK_OK || prc == PK_EINVAL, "case %zu: PDF renders or is refused (rc %d)", i, prc);
		if (prc == PK_OK)
			CHECK(pdf.len > 0 && !pdf_has_bad_number(&pdf), "case %zu: PDF has no NaN/inf", i);
		CHECK(drc == PK_OK, "case %zu: DOCX renders (rc %d)", i, drc);
		if (drc == PK_OK) {
			char *x = docx_body(&docx);
			CHECK(x && !strstr(x, "w:w=\"-") && !strstr(x, "w:val=\"-") && !strstr(x, "gridSpan w:val=\"0"),
			      "case %zu: DOCX has no negative width or span", i);
			free(x);
		}
		buf_free(&pdf);
		buf_free(&docx);
	}
}

/* xmlsafe_peek_text on hostile files: the element found where it is; nothing from a DOCTYPE, a
 * broken file, text too long for out, or an element past the node bound. */
static void write_file(const char *path, const char *head, const char *rep, long n, const char *tail)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return;
	fputs(head, f);
	for (long i = 0; i < n; i++)
		fputs(rep, f);
	fputs(tail, f);
	fclose(f);
}

static void test_peek(void)
{
	char path[] = "/tmp/pepkit-peek-XXXXXX", out[16];
	pk_error err;
	int fd = mkstemp(path);

	if (fd < 0)
		return;
	close(fd);
	write_file(path, "<pep-record><!-- <child><la-child-id>X</la-child-id></child> --><child>"
		   "<upn>A</upn><la-child-id> LA-1 </la-child-id></child></pep-record>", "", 0, "");
	CHECK(xmlsafe_peek_text(path, "pep-record/child/la-child-id", out, sizeof(out), &err) == 1 &&
	      strcmp(out, "LA-1") == 0, "peek: the element's trimmed text, not a comment's");
	write_file(path, "<other><child><la-child-id>LA-1</la-child-id></child></other>", "", 0, "");
	CHECK(xmlsafe_peek_text(path, "pep-record/child/la-child-id", out, sizeof(out), &err) == 0,
	      "peek: only at the path from the root");
	write_file(path, "<!DOCTYPE pep-record [<!ENTITY e \"LA-9\">]><pep-record><child><la-child-id>&e;"
		   "</la-child-id></child></pep-record>", "", 0, "");
	CHECK(xmlsafe_peek_text(path, "pep-record/child/la-child-id", out, sizeof(out), &err) == 0,
	      "peek: nothing from a file with a DOCTYPE");
	write_file(path, "<pep-record><child><la-child-id>LA-1", "", 0, "");
	CHECK(xmlsafe_peek_text(path, "pep-record/child/la-child-id", out, sizeof(out), &err) == 0,
	      "peek: nothing from a file cut short");
	write_file(path, "<pep-record><child><la-child-id>", "x", 100, "</la-child-id></child></pep-record>");
	CHECK(xmlsafe_peek_text(path, "pep-record/child/la-child-id", out, sizeof(out), &err) == 0 && out[0] == '\0',
	      "peek: a text too long for out is no value");
	write_file(path, "<pep-record>", "<x/>", 200000, "<child><la-child-id>LA-1</la-child-id></child></pep-record>");
	CHECK(xmlsafe_peek_text(path, "pep-record/child/la-child-id", out, sizeof(out), &err) == 0,
	      "peek: gives up after the node bound (work bounded for a hostile file)");
	unlink(path);
	CHECK(xmlsafe_peek_text(path, "pep-record/child/la-child-id", out, sizeof(out), &err) == PK_EIO,
	      "peek: a missing file is PK_EIO");
}

int main(void)
{
	if (xmlsafe_init() != PK_OK)
		return 2;
	test_irnum();
	test_peek();
	test_renderers();
	pdf_cleanup();
	xmlsafe_cleanup();
	return unit_done();
}
