/*
 * text.c: bidi levels (FriBidi), runs by font family and script (font.h, ICU), shaping
 * (HarfBuzz) or the fast path, and the text each glyph stands for (contract in text.h).
 *
 * What a glyph stands for goes to the document's ToUnicode map (font_doc_glyph): one code point
 * per glyph where a cluster has as many glyphs as characters, the whole cluster's text for a
 * ligature, with lam-alef mapped to its presentation form (U+FEF5..U+FEFB, which NFKC turns
 * back into lam + alef), since text extractors put a right-to-left glyph's several characters
 * in the wrong order. In a left-to-right run, a cluster whose glyphs' text read in visual order
 * is not its own (an Indic vowel sign drawn before its consonant, a glyph first met standing for
 * other text) is marked for ActualText; right-to-left runs get no ActualText (poppler
 * reverses it), except runs in a right-to-left script outside the BMP (Adlam), which poppler
 * does not know to reverse: they carry their logical text as one ActualText.
 */
#include "core/pepkit.h"
#include "render/text.h"

#include <stdlib.h>
#include <string.h>
#include <fribidi.h>
#include <unicode/ubrk.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

int text_init(text_ctx *t, const font_chain *c, font_doc *doc)
{
	memset(t, 0, sizeof(*t));
	memset(t->lfam, -2, sizeof(t->lfam));
	t->chain = c;
	t->doc = doc;
	t->hb = hb_buffer_create();
	if (!hb_buffer_allocation_successful(t->hb))
		return t->rc = PK_ENOMEM;
	return PK_OK;
}

void text_free(text_ctx *t)
{
	if (!t)
		return;
	hb_buffer_destroy(t->hb);
	free(t->u32);
	free(t->g);
	free(t->fam);
	memset(t, 0, sizeof(*t));
}

int text_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0];
	int k, i;

	if (c < 0x80) { *cp = c; return 1; }
	if ((c & 0xE0) == 0xC0) { c &= 0x1F; k = 1; }
	else if ((c & 0xF0) == 0xE0) { c &= 0x0F; k = 2; }
	else if ((c & 0xF8) == 0xF0) { c &= 0x07; k = 3; }
	else { *cp = 0xFFFD; return 1; }
	if ((size_t)k >= n) { *cp = 0xFFFD; return 1; }
	for (i = 1; i <= k; i++) {
		if ((s[i] & 0xC0) != 0x80) { *cp = 0xFFFD; return 1; }
		c = c << 6 | (s[i] & 0x3F);
	}
	*cp = c > 0x10FFFF ? 0xFFFD : c;
	return k + 1;
}

/* 1 when cp belongs to a script that needs shaping (joining, reordering, marks placed by the
 * font): Hebrew, Arabic, Syriac, Thaana, NKo, the Indic blocks, Arabic presentation forms,
 * Adlam. */
static int needs_shaping(uint32_t cp)
{
	return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0x0900 && cp <= 0x0DFF) ||
	       (cp >= 0xFB1D && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF) ||
	       (cp >= 0x1E900 && cp <= 0x1E95F) || (cp >= 0x10D00 && cp <= 0x10D3F);
}

int text_cp_rtl(uint32_t cp)
{
	FriBidiCharType ty;

	if (cp < 0x0590)
		return 0;
	ty = fribidi_get_bidi_type(cp);
	return ty == FRIBIDI_TYPE_RTL || ty == FRIBIDI_TYPE_AL;
}

int text_is_complex(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;

		if (u[i] < 0xD6) {   /* below U+0580: nothing complex */
			i++;
			continue;
		}
		i += (size_t)text_utf8_next(u + i, n - i, &cp);
		if (needs_shaping(cp) || text_cp_rtl(cp))
			return 1;
	}
	return 0;
}

int text_par_rtl(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		FriBidiCharType ty;

		i += (size_t)text_utf8_next(u + i, n - i, &cp);
		ty = fribidi_get_bidi_type(cp);
		if (ty == FRIBIDI_TYPE_LTR)
			return 0;
		if (ty == FRIBIDI_TYPE_RTL || ty == FRIBIDI_TYPE_AL)
			return 1;
	}
	return 0;
}

int text_bidi(const char *s, size_t n, int base_rtl, unsigned char *lev)
{
	const unsigned char *u = (const unsigned char *)s;
	FriBidiChar *cp = calloc(n + 1, sizeof(*cp));
	FriBidiCharType *ty = malloc((n + 1) * sizeof(*ty));
	FriBidiBracketType *br = malloc((n + 1) * sizeof(*br));
	FriBidiLevel *lv = malloc((n + 1) * sizeof(*lv));
	size_t *at = malloc((n + 1) * sizeof(*at));
	FriBidiParType dir = base_rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	size_t i = 0, k = 0, j;
	int rc = PK_ENOMEM;

	if (!cp || !ty || !br || !lv || !at)
		goto out;
	while (i < n) {
		uint32_t c;

		at[k] = i;
		i += (size_t)text_utf8_next(u + i, n - i, &c);
		cp[k++] = c;
	}
	at[k] = n;
	fribidi_get_bidi_types(cp, (FriBidiStrIndex)k, ty);
	fribidi_get_bracket_types(cp, (FriBidiStrIndex)k, ty, br);
	if (k && !fribidi_get_par_embedding_levels_ex(ty, br, (FriBidiStrIndex)k, &dir, lv))
		goto out;
	for (j = 0; j < k; j++)
		memset(lev + at[j], lv[j], at[j + 1] - at[j]);
	rc = PK_OK;
out:
	free(cp);
	free(ty);
	free(br);
	free(lv);
	free(at);
	return rc;
}

/* Grow t's arrays to hold n code points and m glyphs. 0, or -1 with t->rc = PK_ENOMEM. */
static int reserve(text_ctx *t, size_t n, size_t m)
{
	if (n > t->cu) {
		size_t c = n + 64;
		uint32_t *p = realloc(t->u32, c * sizeof(*p));
		int *f = p ? realloc(t->fam, c * sizeof(*f)) : NULL;

		if (p)
			t->u32 = p;
		if (f) {
			t->fam = f;
			t->cu = t->cfam = c;
		}
		if (!p || !f)
			return t->rc = PK_ENOMEM, -1;
	}
	if (m > t->cg) {
		size_t c = m + 64;
		text_glyph *g = realloc(t->g, c * sizeof(*g));

		if (!g)
			return t->rc = PK_ENOMEM, -1;
		t->g = g;
		t->cg = c;
	}
	return 0;
}

/* The code point lam-alef pair (a, b) is drawn as when one glyph: its isolated presentation
 * form, or 0 when (a, b) is not lam + an alef. */
static uint32_t lam_alef(uint32_t a, uint32_t b)
{
	if (a != 0x0644)
		return 0;
	switch (b) {
	case 0x0622: return 0xFEF5;
	case 0x0623: return 0xFEF7;
	case 0x0625: return 0xFEF9;
	case 0x0627: return 0xFEFB;
	default: return 0;
	}
}

/* Record glyph g of use u as standing for the k code points at p. Returns 1 when the glyph
 * already stood for other text, 0, or -1 out of memory. */
static int record(text_ctx *t, int u, unsigned g, const uint32_t *p, size_t k)
{
	if (!t->doc || u < 0)
		return 0;
	return font_doc_glyph(t->doc, u, g, p, k);
}

/* 1 when the glyphs gl[0..m) of use u (visual order) read, through what each stands for in the
 * document, as the k code points at p. */
static int reads_as(text_ctx *t, const text_glyph *gl, size_t m, const uint32_t *p, size_t k)
{
	size_t i, at = 0;

	for (i = 0; i < m; i++) {
		const font_use *fu = &t->doc->use[gl[i].use];
		const uint32_t *s;

		if (!fu->uni[gl[i].gid])
			continue;
		s = (const uint32_t *)(void *)(fu->text.data + (fu->uni[gl[i].gid] - 1));
		for (; *s; s++)
			if (at >= k || p[at++] != *s)
				return 0;
	}
	return at == k;
}

/* Lay out code points t->u32[a .. b) (one family fam, one direction) in style, appending glyphs
 * to t->g in visual order. Returns the advance, or -1 when out of memory. */
static double run(text_ctx *t, int fam, int style, size_t a, size_t b, int rtl)
{
	int obl;
	const font_face *f = font_resolve(t->chain, fam, style, &obl);
	int u = t->doc ? font_doc_use(t->doc, f, obl) : -1;
	size_t i, shape = 0;
	double w = 0;

	if (t->doc && u < 0)
		return t->rc = t->doc->rc ? t->doc->rc : PK_ENOMEM, -1;
	for (i = a; i < b && !shape; i++)
		shape = needs_shaping(t->u32[i]) || rtl;
	if (!shape) {
		/* the fast path: one glyph per character, the font's own advance */
		if (reserve(t, 0, t->ng + (b - a)))
			return -1;
		for (i = a; i < b; i++) {
			hb_codepoint_t g = 0;
			text_glyph *gl = &t->g[t->ng++];
			uint32_t cp = t->u32[i];
			int r;

			if (cp < TEXT_LAT && fam == 0 && !obl && t->lgid[style][cp]) {
				g = t->lgid[style][cp] - 1u;
				memset(gl, 0, sizeof(*gl));
				gl->adv = t->ladv[style][cp];
			} else {
				hb_font_get_nominal_glyph(f->font, cp, &g);
				memset(gl, 0, sizeof(*gl));
				gl->adv = (float)font_advance(f, g);
				if (cp < TEXT_LAT && fam == 0 && !obl && g < 0xFFFF) {
					t->lgid[style][cp] = (unsigned short)(g + 1);
					t->ladv[style][cp] = (short)gl->adv;
				}
			}
			gl->use = u;
			gl->gid = g;
			gl->w = (int)gl->adv;
			w += gl->adv;
			if ((r = record(t, u, g, &t->u32[i], 1)) < 0)
				return t->rc = PK_ENOMEM, -1;
			if (r) {
				gl->nact = 1;
				gl->cstart = (unsigned)i;
				gl->clen = 1;
			}
		}
		return w;
	}
	{
		hb_buffer_t *hb = t->hb;
		unsigned n, j, first;
		hb_glyph_info_t *inf;
		hb_glyph_position_t *pos;
		UErrorCode st = U_ZERO_ERROR;
		UScriptCode sc = USCRIPT_COMMON;
		double k = 1000.0 / f->upem;
		int mono;

		for (i = a; i < b && (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED); i++) {
			st = U_ZERO_ERROR;
			sc = uscript_getScript((UChar32)t->u32[i], &st);
		}
		hb_buffer_clear_contents(hb);
		hb_buffer_add_codepoints(hb, t->u32 + a, (int)(b - a), 0, (int)(b - a));
		hb_buffer_set_direction(hb, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
		hb_buffer_set_script(hb, hb_script_from_string(uscript_getShortName(sc), -1));
		hb_buffer_set_language(hb, hb_language_from_string("und", -1));
		hb_shape(f->font, hb, NULL, 0);
		if (!hb_buffer_allocation_successful(hb))
			return t->rc = PK_ENOMEM, -1;
		inf = hb_buffer_get_glyph_infos(hb, &n);
		pos = hb_buffer_get_glyph_positions(hb, &n);
		if (reserve(t, 0, t->ng + n))
			return -1;
		first = (unsigned)t->ng;
		for (j = 0; j < n; j++) {
			text_glyph *gl = &t->g[t->ng++];

			memset(gl, 0, sizeof(*gl));
			gl->use = u;
			gl->gid = inf[j].codepoint;
			gl->w = font_advance(f, inf[j].codepoint);
			gl->adv = (float)(pos[j].x_advance * k);
			gl->dx = (float)(pos[j].x_offset * k);
			gl->dy = (float)(pos[j].y_offset * k);
			w += gl->adv;
		}
		/* clusters in glyph order only rise (left to right) or only fall (right to left), as
		 * HarfBuzz's default cluster level makes them: then the next cluster up is a
		 * neighbour's, found in constant time (a scan of every glyph for each cluster made a
		 * long word of Arabic quadratic: 20,000 letters took 0.4 s a paragraph) */
		for (j = 1, mono = 1; j < n && mono; j++)
			mono = rtl ? inf[j].cluster <= inf[j - 1].cluster : inf[j].cluster >= inf[j - 1].cluster;
		/* clusters: glyphs [j, e) share inf[].cluster; their text runs to the next cluster up */
		for (j = 0; j < n;) {
			unsigned e = j, c = inf[j].cluster, cend = (unsigned)(b - a), m, q, kk;
			const uint32_t *p;
			int clash = 0;

			while (e < n && inf[e].cluster == c)
				e++;
			if (mono) {
				unsigned up = rtl ? (j > 0 ? inf[j - 1].cluster : cend) : (e < n ? inf[e].cluster : cend);

				if (up > c && up < cend)
					cend = up;
			} else {
				for (q = 0; q < n; q++)
					if (inf[q].cluster > c && inf[q].cluster < cend)
						cend = inf[q].cluster;
			}
			p = t->u32 + a + c;
			kk = cend - c;
			m = e - j;
			if (m == 1) {
				uint32_t pf = kk == 2 ? lam_alef(p[0], p[1]) : 0;
				int r = pf ? record(t, u, inf[j].codepoint, &pf, 1) : record(t, u, inf[j].codepoint, p, kk);

				if (r < 0)
					return t->rc = PK_ENOMEM, -1;
				clash = r;
			} else {
				/* a glyph that is a code point's own (its cmap glyph) stands for it; the others
				 * take the remaining code points in logical order, the last one all that are left,
				 * spare glyphs the last code point */
				unsigned char taken[16] = { 0 }, mine[16] = { 0 };
				unsigned left = 0, q2;

				for (q = 0; q < m && q < 16; q++) {
					hb_codepoint_t g;

					for (q2 = 0; q2 < kk && q2 < 16; q2++)
						if (!taken[q2] && hb_font_get_nominal_glyph(f->font, p[q2], &g) &&
						    g == inf[j + q].codepoint) {
							int r = record(t, u, g, p + q2, 1);

							if (r < 0)
								return t->rc = PK_ENOMEM, -1;
							clash |= r;
							taken[q2] = 1;
							mine[q] = 1;
							break;
						}
				}
				for (q = 0; q < m; q++) {
					unsigned vj = rtl ? e - 1 - q : j + q;
					size_t len = 1;
					int r;

					if (vj - j < 16 && mine[vj - j])
						continue;
					while (left < kk && left < 16 && taken[left])
						left++;
					if (left >= kk)
						left = kk - 1;
					else
						taken[left < 16 ? left : 15] = 1;
					if (q + 1 == m)   /* the last glyph: every code point still free */
						for (q2 = left + 1; q2 < kk && q2 < 16 && !taken[q2]; q2++)
							len++;
					r = record(t, u, inf[vj].codepoint, p + left, len);
					if (r < 0)
						return t->rc = PK_ENOMEM, -1;
					clash |= r;
				}
			}
			if (!rtl && t->doc && (clash || !reads_as(t, &t->g[first + j], m, p, kk))) {
				t->g[first + j].nact = (unsigned short)m;
				t->g[first + j].cstart = (unsigned)(a + c);
				t->g[first + j].clen = kk;
			}
			j = e;
		}
		/* a right-to-left script outside the BMP (Adlam): poppler does not know it reads right
		 * to left and would extract the glyphs in visual order, so the whole run carries its
		 * logical text as ActualText */
		if (rtl && t->doc && n) {
			for (i = a; i < b && t->u32[i] <= 0xFFFF; i++)
				;
			if (i < b && n <= 0xFFFF) {
				for (j = 0; j < n; j++)
					t->g[first + j].nact = 0;
				t->g[first].nact = (unsigned short)n;
				t->g[first].cstart = (unsigned)a;
				t->g[first].clen = (unsigned)(b - a);
			}
		}
	}
	return w;
}

double text_shape(text_ctx *t, int style, const char *s, size_t n, int rtl)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0, a;
	double w = 0;

	t->ng = 0;
	if (t->rc || reserve(t, n + 1, 0))
		return -1;
	while (i < n) {
		uint32_t cp;

		i += (size_t)text_utf8_next(u + i, n - i, &cp);
		t->u32[k++] = cp;
	}
	t->nu = k;
	/* family per code point; whitespace, punctuation and marks stay in the family before them
	 * when it has them, so a run is not cut at every space */
	for (i = 0; i < k; i++) {
		uint32_t cp = t->u32[i];
		int f = -2;

		if (cp < TEXT_LAT && t->lfam[cp] == 0 && !(i > 0 && t->fam[i - 1] > 0)) {
			t->fam[i] = 0;
			continue;
		}
		if (i > 0 && t->fam[i - 1] > 0) {
			UErrorCode st = U_ZERO_ERROR;
			UScriptCode sc = uscript_getScript((UChar32)cp, &st);
			const font_face *pf = font_face_at(t->chain, t->fam[i - 1], FONT_REGULAR);
			hb_codepoint_t g;

			if ((sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED) && pf &&
			    hb_font_get_nominal_glyph(pf->font, cp, &g))
				f = t->fam[i - 1];
		}
		if (f == -2) {
			f = font_family_for(t->chain, cp);
			if (cp < TEXT_LAT && f >= 0 && f < 127)
				t->lfam[cp] = (signed char)f;
		}
		t->fam[i] = f < 0 ? 0 : f;
	}
	/* runs of one family, in logical order; right to left, they are drawn last first */
	if (!rtl) {
		for (a = 0; a < k; a = i) {
			double rw;

			for (i = a + 1; i < k && t->fam[i] == t->fam[a]; i++)
				;
			if ((rw = run(t, t->fam[a], style, a, i, 0)) < 0)
				return -1;
			w += rw;
		}
	} else {
		size_t b;

		for (b = k; b > 0; b = a) {
			double rw;

			for (a = b - 1; a > 0 && t->fam[a - 1] == t->fam[b - 1]; a--)
				;
			if ((rw = run(t, t->fam[b - 1], style, a, b, 1)) < 0)
				return -1;
			w += rw;
		}
	}
	return w;
}

int text_lb_none(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == '(' || s[i] == '[' || s[i] == '{' || s[i] == '"' || s[i] == '\''))
		i++;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			 (s[i] >= '0' && s[i] <= '9') || s[i] == '"' || s[i] == '\''))
		i++;
	while (i < n && s[i] && strchr(".,:;!?)]}/\"'", s[i]))
		i++;
	return i == n;
}

struct text_lb {
	UBreakIterator *bi;
	UText ut;
	int has_text;
	int32_t prev, cur;       /* the boundaries the sequential walk last passed and reached */
};

text_lb *text_lb_open(void)
{
	UErrorCode st = U_ZERO_ERROR;
	text_lb *lb = calloc(1, sizeof(*lb));

	if (!lb)
		return NULL;
	lb->ut = (UText)UTEXT_INITIALIZER;
	lb->bi = ubrk_open(UBRK_LINE, "root", NULL, 0, &st);
	if (U_FAILURE(st) || !lb->bi) {
		text_lb_close(lb);
		return NULL;
	}
	return lb;
}

void text_lb_close(text_lb *lb)
{
	if (!lb)
		return;
	if (lb->bi)
		ubrk_close(lb->bi);
	utext_close(&lb->ut);
	free(lb);
}

int text_lb_set(text_lb *lb, const char *s, size_t n)
{
	UErrorCode st = U_ZERO_ERROR;

	lb->has_text = 0;
	if (n > INT32_MAX)
		return PK_ENOMEM;
	utext_openUTF8(&lb->ut, s, (int64_t)n, &st);
	if (U_SUCCESS(st))
		ubrk_setUText(lb->bi, &lb->ut, &st);
	if (U_FAILURE(st))
		return PK_ENOMEM;
	lb->has_text = 1;
	lb->prev = lb->cur = ubrk_first(lb->bi);
	return PK_OK;
}

long text_lb_after(text_lb *lb, size_t pos)
{
	int32_t r;

	if (!lb->has_text || pos > INT32_MAX)
		return -1;
	/* callers ask in increasing order: walk forward (cheap), and seek only when asked to go
	 * back */
	if ((int32_t)pos < lb->prev) {
		r = ubrk_following(lb->bi, (int32_t)pos);
		lb->prev = lb->cur = r;
	} else {
		while (lb->cur != UBRK_DONE && lb->cur <= (int32_t)pos) {
			lb->prev = lb->cur;
			lb->cur = ubrk_next(lb->bi);
		}
		r = lb->cur;
	}
	if (r == UBRK_DONE)
		return -1;
	/* the end of the text is a boundary, not an opportunity inside it */
	if ((int64_t)r >= utext_nativeLength(&lb->ut))
		return -1;
	return (long)r;
}
