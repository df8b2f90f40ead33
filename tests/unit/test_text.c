/*
 * test_text.c: the text and font layers (render/text.h, render/font.h): the fallback chain
 * picks the family meant for a script, bidi levels of mixed lines, shaping joins Arabic and
 * forms the lam-alef ligature (recorded as U+FEFB for text extraction), the fast path keeps one
 * glyph per character, characters outside the BMP survive, missing characters are found, and
 * subsets keep glyph ids while shrinking the font, and line-break opportunities (UAX #14)
 * follow ICU, including the quick "no break inside" answer for common words. Run with PEPKIT_DATADIR set (tests/run.sh).
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "render/font.h"
#include "render/text.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* The family index named name in c, or -1. */
static int family(const font_chain *c, const char *name)
{
	for (int i = 0; i < c->nfam; i++)
		if (!strcmp(c->family[i], name))
			return i;
	return -1;
}

/* Check text_lb_none() against ICU on every word of up to four characters from an alphabet
 * of letters, digits, quotes, brackets, punctuation and hyphen: where it answers "no break
 * inside", ICU must find none. Returns the number of words it cleared. */
static long check_lb_none(text_lb *lb)
{
	static const char abc[] = "aZ9'\"([{.,:;!?)]}/-+%";
	const size_t na = sizeof(abc) - 1;
	long cleared = 0, wrong = 0;
	char w[5], bad[5] = "";

	for (size_t len = 1; len <= 4; len++) {
		size_t total = 1;

		for (size_t k = 0; k < len; k++)
			total *= na;
		for (size_t v = 0; v < total; v++) {
			size_t x = v;

			for (size_t k = 0; k < len; k++, x /= na)
				w[k] = abc[x % na];
			w[len] = 0;
			if (!text_lb_none(w, len))
				continue;
			cleared++;
			if (text_lb_set(lb, w, len) || text_lb_after(lb, 0) >= 0) {
				if (!wrong++)
					memcpy(bad, w, len + 1);
			}
		}
	}
	CHECK(wrong == 0, "ICU finds no break inside any of the %ld words text_lb_none clears (%ld wrong, first '%s')",
	      cleared, wrong, bad);
	return cleared;
}

int main(void)
{
	pk_error err;
	const font_chain *c = font_chain_get(&err);
	text_ctx t;
	font_doc d;
	unsigned char lev[64];
	double w;

	CHECK(c != NULL, "the font chain loads from templates/fonts.conf%s%s", c ? "" : ": ", c ? "" : err.msg);
	if (!c)
		return unit_done();
	CHECK(c->nfam >= 9, "the chain has the nine families of the issue and more (%d)", c->nfam);
	CHECK(!strcmp(c->family[0], "DejaVu Sans"), "DejaVu Sans comes first");
	CHECK(font_family_for(c, 'A') == 0 && font_family_for(c, 0x0416) == 0, "Latin and Cyrillic from DejaVu Sans");
	CHECK(font_family_for(c, 0x0627) == family(c, "Noto Sans Arabic UI"),
	      "alef from Noto Sans Arabic UI although DejaVu Sans has one (its script is named)");
	CHECK(font_family_for(c, 0x06CD) == family(c, "Noto Sans Arabic UI"), "Pashto U+06CD from Noto Sans Arabic UI");
	CHECK(font_family_for(c, 0x12A0) == family(c, "Noto Sans Ethiopic"), "Ethiopic from Noto Sans Ethiopic");
	CHECK(font_family_for(c, 0x05D0) == family(c, "Noto Sans Hebrew"), "Hebrew from Noto Sans Hebrew");
	CHECK(font_family_for(c, 0x1E900) == family(c, "Noto Sans Adlam"), "Adlam (outside the BMP) has a family");
	CHECK(font_family_for(c, 0x182A) < 0, "Mongolian has none");
	CHECK(font_missing(c, "Zoë ᠪᠠᠲᠤ", strlen("Zoë ᠪᠠᠲᠤ")) == 0x182A, "font_missing finds the first character no font has");
	CHECK(font_missing(c, "زرغونه ዮናስ", strlen("زرغونه ዮናስ")) == 0, "font_missing: none missing");
	{
		int obl;
		const font_face *f = font_resolve(c, family(c, "Noto Sans Arabic UI"), FONT_ITALIC, &obl);

		CHECK(f && obl == 1, "an italic without its own file is the regular face slanted");
		f = font_resolve(c, 0, FONT_ITALIC, &obl);
		CHECK(f && obl == 0 && strstr(f->path, "Oblique"), "DejaVu's italic is its own oblique file");
	}

	/* bidi */
	CHECK(text_par_rtl("123 زرغونه abc", strlen("123 زرغونه abc")) == 1, "a paragraph starting (strongly) in Arabic is RTL");
	CHECK(text_par_rtl("Zarghuna زرغونه", strlen("Zarghuna زرغونه")) == 0, "one starting in Latin is LTR");
	{
		const char *s = "Hi زر!";   /* H i space z(2) r(2) ! */
		size_t n = strlen(s);

		CHECK(text_bidi(s, n, 0, lev) == PK_OK && lev[0] == 0 && lev[3] == 1 && lev[4] == 1 && lev[6] == 1 &&
		      lev[n - 1] == 0, "mixed line, LTR base: Arabic at level 1, the rest at 0");
		CHECK(text_bidi(s, n, 1, lev) == PK_OK && lev[0] == 2 && lev[3] == 1, "RTL base: Latin at level 2");
	}
	CHECK(text_is_complex("Zoë Łukasz", strlen("Zoë Łukasz")) == 0 && text_is_complex("प्रिया", strlen("प्रिया")) == 1,
	      "Latin needs no shaping, Devanagari does");

	/* shaping */
	memset(&d, 0, sizeof(d));
	CHECK(text_init(&t, c, &d) == PK_OK, "text_init");
	w = text_shape(&t, FONT_REGULAR, "علاء", strlen("علاء"), 1);
	CHECK(w > 0 && t.ng == 3, "علاء shapes to 3 glyphs (lam-alef is one): %zu", t.ng);
	{
		int found = 0;
		for (size_t i = 0; i < t.ng; i++) {
			const font_use *u = &d.use[t.g[i].use];
			const uint32_t *p = u->uni[t.g[i].gid] ?
				(const uint32_t *)(void *)(u->text.data + u->uni[t.g[i].gid] - 1) : NULL;
			if (p && p[0] == 0xFEFB && p[1] == 0)
				found = 1;
		}
		CHECK(found, "the lam-alef glyph stands for U+FEFB in the ToUnicode record");
	}
	CHECK(t.g[t.ng - 1].gid != t.g[0].gid, "RTL glyphs come in visual order (ain last)");
	w = text_shape(&t, FONT_BOLD, "Zoë", strlen("Zoë"), 0);
	CHECK(t.ng == 3 && w > 1000, "the fast path: one glyph per character (%zu), advance %.0f", t.ng, w);
	w = text_shape(&t, FONT_REGULAR, "\xF0\x9E\xA4\x80\xF0\x9E\xA4\xA5", 8, 1);
	CHECK(t.ng == 2 && t.g[0].gid != 0 && t.g[1].gid != 0, "two Adlam letters outside the BMP: two real glyphs");
	CHECK(t.g[0].nact == 2 && t.g[0].clen == 2, "an RTL run outside the BMP carries ActualText");
	w = text_shape(&t, FONT_REGULAR, "कि", strlen("कि"), 0);
	CHECK(t.ng == 2 && t.g[0].nact == 2, "Devanagari ki: the vowel sign drawn first, the cluster gets ActualText");

	/* subsetting keeps glyph ids and is much smaller than the font */
	{
		pk_buf sub = PK_BUF_INIT;
		int ua = -1;

		for (int i = 0; i < d.nuse; i++)
			if (strstr(d.use[i].face->path, "NotoSansArabicUI-Regular"))
				ua = i;
		CHECK(ua >= 0 && font_doc_subset(&d, ua, &sub) == PK_OK, "subset the Arabic face");
		if (ua >= 0) {
			hb_blob_t *b = hb_blob_create(sub.data, (unsigned)sub.len, HB_MEMORY_MODE_READONLY, NULL, NULL);
			hb_face_t *f = hb_face_create(b, 0);
			hb_blob_t *full = hb_blob_create_from_file(d.use[ua].face->path);

			CHECK(hb_face_get_glyph_count(f) > t.g[0].gid, "glyph ids retained (%u glyphs)", hb_face_get_glyph_count(f));
			CHECK(sub.len * 10 < hb_blob_get_length(full), "the subset (%zu bytes) is under a tenth of the font (%u)",
			      sub.len, hb_blob_get_length(full));
			hb_blob_destroy(full);
			hb_face_destroy(f);
			hb_blob_destroy(b);
		}
		buf_free(&sub);
	}
	text_free(&t);
	font_doc_free(&d);
	font_cleanup();
	{
		text_lb *lb = text_lb_open();
		const char *s1 = "after-school 12/20 (PP+) e.g. x";

		CHECK(lb != NULL, "the line break iterator opens");
		if (lb) {
			CHECK(text_lb_set(lb, s1, strlen(s1)) == PK_OK && text_lb_after(lb, 0) == 6,
			      "'after-school' may break after the hyphen (%ld)", text_lb_after(lb, 0));
			CHECK(text_lb_after(lb, 6) == 13, "then after the space (%ld)", text_lb_after(lb, 6));
			CHECK(text_lb_after(lb, 0) == 6, "asking again from the start gives the hyphen (%ld)", text_lb_after(lb, 0));
			CHECK(text_lb_after(lb, strlen(s1) - 1) == -1, "the end of the text is no opportunity");
			CHECK(text_lb_none("child's", 7) && text_lb_none("(school).", 9) && text_lb_none("\"Yes,\"", 6),
			      "common words are cleared without ICU");
			CHECK(!text_lb_none("after-school", 12) && !text_lb_none("A/B", 3) && !text_lb_none("caf\xc3\xa9", 5),
			      "hyphens, inner slashes and non-ASCII words go to ICU");
			CHECK(check_lb_none(lb) > 1000, "the quick answer clears many words");
		}
		text_lb_close(lb);
	}
	return unit_done();
}
