/*
 * pdf.c: the drawing pass of the PDF renderer, and the libharu setup around it (see pdf.h).
 *
 * pdf_render() loads the DejaVu Sans fonts (embedded, Unicode), runs the layout pass
 * (pdf_layout.c) with the fonts' own metrics, then draws every page's operations with libharu
 * and saves the document to a memory stream that is copied into the caller's buffer. Nothing
 * time- or random-dependent goes into the file, so the same IR always gives the same bytes.
 *
 * libharu errors are sticky: the error handler records the first one, every step checks it,
 * and the document is dropped on failure.
 */
#include "pepkit.h"
#include "pdf.h"
#include "pdf_layout.h"

#include <stdlib.h>
#include <string.h>
#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_fontdef.h>

#define DEFAULT_FONTDIR "/usr/share/fonts/truetype/dejavu"

static const char *const font_files[PDFL_NFONTS] = {
	"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"
};

/* One rendering: the libharu document, the first libharu error, and the fonts loaded so far. */
typedef struct R {
	HPDF_Doc pdf;
	HPDF_STATUS code, detail;
	const char *name[PDFL_NFONTS];    /* font names in pdf, NULL until loaded */
	HPDF_FontDef def[PDFL_NFONTS];
	HPDF_Font font[PDFL_NFONTS];
	int failed_font;                  /* index of a font that could not be loaded, or -1 */
	unsigned char used[PDFL_NFONTS][0x10000 / 8];   /* characters measured, per font */
} R;

/* libharu's error handler: keep the first error (later ones follow from it). */
static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	R *r = data;

	if (!r->code) {
		r->code = code;
		r->detail = detail;
	}
}

/* Load font i (embedded TrueType) into r->pdf if not done yet. Returns 0, or -1 with the error
 * recorded in r (failed_font set when the file was the problem). */
static int load_font(R *r, int i)
{
	const char *dir = getenv("PEPKIT_FONTDIR");
	char path[4096];

	if (r->def[i])
		return 0;
	if (r->code)
		return -1;
	if (!dir || !*dir)
		dir = DEFAULT_FONTDIR;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, font_files[i]) >= sizeof(path)) {
		r->failed_font = i;
		return -1;
	}
	r->name[i] = HPDF_LoadTTFontFromFile(r->pdf, path, HPDF_TRUE);
	if (r->name[i])
		r->def[i] = HPDF_GetFontDef(r->pdf, r->name[i]);
	if (!r->name[i] || !r->def[i]) {
		r->failed_font = i;
		return -1;
	}
	return 0;
}

/* pdfl_width_fn over the loaded fonts' metrics; a font that fails to load measures every
 * character 600 wide (the failure is reported after layout). */
static int width_cb(void *ctx, int font, unsigned cp)
{
	R *r = ctx;

	if (load_font(r, font))
		return 600;
	r->used[font][(cp & 0xFFFF) >> 3] |= (unsigned char)(1u << (cp & 7));
	return HPDF_TTFontDef_GetCharWidth(r->def[font], (HPDF_UINT16)cp);
}

/*
 * Mark the components of used composite glyphs as used, recursively. libharu 2.3.0 embeds only
 * the glyphs it marked used and follows composite glyphs one level only, so a character built
 * from a composite (Vietnamese "ễ" is e + a composite of circumflex and tilde in DejaVu Sans)
 * lost its accents. Reads the font's glyf entries through libharu's open font stream. Returns
 * 0, or -1 when the font data cannot be read (the error is recorded by libharu's handler).
 */
static int mark_composites(HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = def->attr;
	HPDF_UINT gid;
	int changed = 1, pass;

	for (pass = 0; changed && pass < 8; pass++) {
		changed = 0;
		for (gid = 0; gid < a->num_glyphs; gid++) {
			HPDF_BYTE g[512];
			HPDF_UINT32 off, end, len;
			HPDF_UINT n, p;

			if (a->glyph_tbl.flgs[gid] != 1)
				continue;
			a->glyph_tbl.flgs[gid] = 2;      /* used and checked, for this loop only */
			off = a->glyph_tbl.offsets[gid];
			end = a->glyph_tbl.offsets[gid + 1];
			if (a->header.index_to_loc_format == 0) {
				off *= 2;
				end *= 2;
			}
			if (end <= off + 10)
				continue;
			len = end - off > sizeof(g) ? (HPDF_UINT32)sizeof(g) : end - off;
			n = len;
			if (HPDF_Stream_Seek(a->stream, (HPDF_INT32)(a->glyph_tbl.base_offset + off), HPDF_SEEK_SET) != HPDF_OK ||
			    HPDF_Stream_Read(a->stream, g, &n) != HPDF_OK || n < len)
				return -1;
			if (!(g[0] & 0x80))              /* numberOfContours >= 0: a simple glyph */
				continue;
			for (p = 10; p + 4 <= n;) {
				unsigned flags = (unsigned)g[p] << 8 | g[p + 1];
				unsigned comp = (unsigned)g[p + 2] << 8 | g[p + 3];

				if (comp < a->num_glyphs && !a->glyph_tbl.flgs[comp]) {
					a->glyph_tbl.flgs[comp] = 1;
					changed = 1;
				}
				p += 4 + ((flags & 1) ? 4 : 2);
				p += (flags & 8) ? 2 : (flags & 64) ? 4 : (flags & 128) ? 8 : 0;
				if (!(flags & 32))
					break;
			}
		}
	}
	for (gid = 0; gid < a->num_glyphs; gid++)
		if (a->glyph_tbl.flgs[gid])
			a->glyph_tbl.flgs[gid] = 1;
	return 0;
}

/*
 * Prepare font i for embedding; the two costs that dominate a render otherwise.
 *
 * libharu's UTF-8 encoder covers the whole BMP, so creating the font object looks up the glyph
 * of all 65,536 code points in the font's cmap (a linear scan over DejaVu's hundreds of
 * segments each time), and writes a width for every glyph that has one. Replacing the parsed
 * cmap with one holding only the characters this document uses (one segment over
 * [lowest, highest] with a glyph array, as TrueType format 4 allows) makes each lookup constant
 * time and the width array as small as the text. The embedded font program still carries the
 * font's own cmap table: libharu copies tables from the file.
 *
 * The 'post' table (glyph names, 60 KB in DejaVu Sans) is left out of the embedded program: the
 * PDF specification does not need it for a CIDFontType2 font, and copying and compressing it
 * was a third of the saving time.
 *
 * Returns 0, or -1 when out of memory (libharu's handler records it).
 */
static int prepare_font(R *r, int i)
{
	HPDF_TTFontDefAttr a = r->def[i]->attr;
	HPDF_MMgr mm = r->def[i]->mmgr;
	HPDF_UINT16 *end, *start, *range, *gids;
	HPDF_INT16 *delta;
	unsigned lo = 0xFFFF, hi = 0, cp, n, t;

	for (cp = 0; cp < 0xFFFF; cp++)
		if (r->used[i][cp >> 3] & (1u << (cp & 7))) {
			if (cp < lo)
				lo = cp;
			hi = cp;
		}
	if (lo > hi || a->cmap.format != 4)
		return 0;
	n = hi - lo + 1;
	end = HPDF_GetMem(mm, 2 * sizeof(*end));
	start = HPDF_GetMem(mm, 2 * sizeof(*start));
	delta = HPDF_GetMem(mm, 2 * sizeof(*delta));
	range = HPDF_GetMem(mm, 2 * sizeof(*range));
	gids = HPDF_GetMem(mm, (n + 1) * sizeof(*gids));   /* +1: libharu reads one past */
	if (!end || !start || !delta || !range || !gids) {
		if (end) HPDF_FreeMem(mm, end);
		if (start) HPDF_FreeMem(mm, start);
		if (delta) HPDF_FreeMem(mm, delta);
		if (range) HPDF_FreeMem(mm, range);
		if (gids) HPDF_FreeMem(mm, gids);
		return -1;
	}
	for (cp = lo; cp <= hi; cp++)
		gids[cp - lo] = (r->used[i][cp >> 3] & (1u << (cp & 7))) ?
				HPDF_TTFontDef_GetGlyphid(r->def[i], (HPDF_UINT16)cp) : 0;
	gids[n] = 0;
	/* segment 0: [lo, hi] through the glyph array (index = range/2 + (c - lo) - segments);
	 * segment 1: the 0xFFFF terminator, mapping to glyph 0 */
	start[0] = (HPDF_UINT16)lo; end[0] = (HPDF_UINT16)hi; delta[0] = 0; range[0] = 4;
	start[1] = 0xFFFF; end[1] = 0xFFFF; delta[1] = 1; range[1] = 0;
	HPDF_FreeMem(mm, a->cmap.end_count);
	HPDF_FreeMem(mm, a->cmap.start_count);
	HPDF_FreeMem(mm, a->cmap.id_delta);
	HPDF_FreeMem(mm, a->cmap.id_range_offset);
	if (a->cmap.glyph_id_array)
		HPDF_FreeMem(mm, a->cmap.glyph_id_array);
	a->cmap.end_count = end;
	a->cmap.start_count = start;
	a->cmap.id_delta = delta;
	a->cmap.id_range_offset = range;
	a->cmap.glyph_id_array = gids;
	a->cmap.glyph_id_array_count = n;
	a->cmap.seg_count_x2 = 4;

	for (t = 0; t < a->offset_tbl.num_tables; t++)
		if (!memcmp(a->offset_tbl.table[t].tag, "post", 4))
			memcpy(a->offset_tbl.table[t].tag, "post" + 1, 4);   /* "ost\0": not found */
	return 0;
}

/* Set the text/stroke or fill colour from 0xRRGGBB. */
static void set_rgb(HPDF_Page page, unsigned rgb, int fill)
{
	HPDF_REAL cr = (HPDF_REAL)((rgb >> 16) & 0xFF) / 255.0f;
	HPDF_REAL cg = (HPDF_REAL)((rgb >> 8) & 0xFF) / 255.0f;
	HPDF_REAL cb = (HPDF_REAL)(rgb & 0xFF) / 255.0f;

	if (fill)
		HPDF_Page_SetRGBFill(page, cr, cg, cb);
	else
		HPDF_Page_SetRGBStroke(page, cr, cg, cb);
}

/* Draw the graphics (lines, boxes) of ops[first .. first+n) on page. */
static void draw_graphics(HPDF_Page page, const pdfl_op *ops, size_t first, size_t n)
{
	static const HPDF_UINT16 dash[] = { 2, 2 };
	size_t i;

	for (i = first; i < first + n; i++) {
		const pdfl_op *o = &ops[i];

		if (o->kind == PDFL_OP_LINE) {
			set_rgb(page, o->rgb, 0);
			HPDF_Page_SetLineWidth(page, o->size);
			if (o->dash)
				HPDF_Page_SetDash(page, dash, 2, 0);
			HPDF_Page_MoveTo(page, o->x, o->y);
			HPDF_Page_LineTo(page, o->x2, o->y2);
			HPDF_Page_Stroke(page);
			if (o->dash)
				HPDF_Page_SetDash(page, NULL, 0, 0);
		} else if (o->kind == PDFL_OP_RECT) {
			if (o->fill >= 0)
				set_rgb(page, (unsigned)o->fill, 1);
			if (o->size > 0) {
				set_rgb(page, o->rgb, 0);
				HPDF_Page_SetLineWidth(page, o->size);
			}
			HPDF_Page_Rectangle(page, o->x, o->y, o->x2, o->y2);
			if (o->fill >= 0 && o->size > 0)
				HPDF_Page_FillStroke(page);
			else if (o->fill >= 0)
				HPDF_Page_Fill(page);
			else
				HPDF_Page_Stroke(page);
		}
	}
}

/* Draw the text runs of ops[first .. first+n) on page inside the current text object; *font
 * and *rgb track the current state so unchanged settings are not repeated. */
static void draw_text(R *r, HPDF_Page page, const pdfl_doc *d, size_t first, size_t n, int *font,
		      float *size, long *rgb)
{
	size_t i;

	for (i = first; i < first + n; i++) {
		const pdfl_op *o = &d->ops[i];

		if (o->kind != PDFL_OP_TEXT)
			continue;
		if (o->font != *font || o->size != *size) {
			HPDF_Page_SetFontAndSize(page, r->font[o->font], o->size);
			*font = o->font;
			*size = o->size;
		}
		if ((long)o->rgb != *rgb) {
			set_rgb(page, o->rgb, 1);
			*rgb = (long)o->rgb;
		}
		HPDF_Page_TextOut(page, o->x, o->y, pdfl_str(d, o->str));
	}
}

/* Copy libharu's memory stream into out. Returns PK_OK, PK_ENOMEM/PK_ELIMIT, or PK_EINTERNAL. */
static int read_stream(R *r, pk_buf *out)
{
	HPDF_UINT32 size = HPDF_GetStreamSize(r->pdf);
	int rc;

	if ((rc = buf_reserve(out, size)) != PK_OK)
		return rc;
	HPDF_ResetStream(r->pdf);
	while (size > 0) {
		HPDF_UINT32 n = size;
		HPDF_STATUS st = HPDF_ReadFromStream(r->pdf, (HPDF_BYTE *)out->data + out->len, &n);

		if (n > size)
			return PK_EINTERNAL;
		out->len += n;
		size -= n;
		if (st == HPDF_STREAM_EOF)
			break;
		if (st != HPDF_OK || n == 0)
			return PK_EINTERNAL;
		HPDF_ResetError(r->pdf);
	}
	if (size)
		return PK_EINTERNAL;
	r->code = 0;            /* HPDF_STREAM_EOF is reported as an error; it is not one here */
	out->data[out->len] = '\0';
	return PK_OK;
}

int pdf_render(xmlDocPtr ir, pk_buf *out, int *pages, pk_error *err)
{
	R r;
	pdfl_doc d;
	size_t i;
	int rc = PK_OK;

	memset(&r, 0, sizeof(r));
	memset(&d, 0, sizeof(d));
	r.failed_font = -1;
	if (pages)
		*pages = 0;
	r.pdf = HPDF_New(on_error, &r);
	if (!r.pdf)
		return pk_error_set(err, PK_ENOMEM, "out of memory starting a PDF document");
	HPDF_SetCompressionMode(r.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(r.pdf);
	HPDF_SetCurrentEncoder(r.pdf, "UTF-8");
	if (load_font(&r, PDFL_REGULAR) || load_font(&r, PDFL_BOLD))
		goto font_failed;

	rc = pdfl_layout(ir, width_cb, &r, &d, err);
	if (rc)
		goto out;
	if (r.failed_font >= 0 || r.code)
		goto font_failed;

	for (i = 0; i < PDFL_NFONTS; i++)
		if ((d.used_fonts & (1u << i)) &&
		    (load_font(&r, (int)i) || prepare_font(&r, (int)i) ||
		     !(r.font[i] = HPDF_GetFont(r.pdf, r.name[i], "UTF-8"))))
			goto font_failed;

	HPDF_SetInfoAttr(r.pdf, HPDF_INFO_CREATOR, "pepkit");
	HPDF_SetInfoAttr(r.pdf, HPDF_INFO_TITLE, pdfl_str(&d, d.title));
	if (*pdfl_str(&d, d.subject))
		HPDF_SetInfoAttr(r.pdf, HPDF_INFO_SUBJECT, pdfl_str(&d, d.subject));
	if (*pdfl_str(&d, d.keywords))
		HPDF_SetInfoAttr(r.pdf, HPDF_INFO_KEYWORDS, pdfl_str(&d, d.keywords));

	for (i = 0; i < d.npages && !r.code; i++) {
		const pdfl_page *pg = &d.pages[i];
		HPDF_Page page = HPDF_AddPage(r.pdf);
		int font = -1;
		float size = 0;
		long rgb = -1;

		if (!page)
			break;
		HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
		draw_graphics(page, d.ops, pg->first, pg->count);
		draw_graphics(page, d.ops, pg->dfirst, pg->dcount);
		HPDF_Page_BeginText(page);
		draw_text(&r, page, &d, pg->first, pg->count, &font, &size, &rgb);
		draw_text(&r, page, &d, pg->dfirst, pg->dcount, &font, &size, &rgb);
		HPDF_Page_EndText(page);
	}
	for (i = 0; i < PDFL_NFONTS && !r.code; i++)
		if (r.font[i] && mark_composites(r.def[i]) && !r.code)
			r.code = HPDF_TTF_INVALID_FOMAT;
	if (r.code) {
		rc = pk_error_set(err, PK_EINTERNAL, "PDF drawing failed (libharu error 0x%04X, detail %u)",
				  (unsigned)r.code, (unsigned)r.detail);
		goto out;
	}
	if (HPDF_SaveToStream(r.pdf) != HPDF_OK || r.code) {
		rc = pk_error_set(err, r.code == HPDF_FAILD_TO_ALLOC_MEM ? PK_ENOMEM : PK_EINTERNAL,
				  "saving the PDF failed (libharu error 0x%04X, detail %u)",
				  (unsigned)r.code, (unsigned)r.detail);
		goto out;
	}
	rc = read_stream(&r, out);
	if (rc) {
		rc = pk_error_set(err, rc, rc == PK_EINTERNAL ? "reading the PDF from libharu's stream failed" :
				  "out of memory copying the PDF");
		goto out;
	}
	if (pages)
		*pages = (int)d.npages;
	goto out;

font_failed:
	if (r.failed_font >= 0) {
		const char *dir = getenv("PEPKIT_FONTDIR");
		rc = pk_error_set(err, PK_EIO, "cannot load font '%s/%s' (libharu error 0x%04X)",
				  dir && *dir ? dir : DEFAULT_FONTDIR, font_files[r.failed_font], (unsigned)r.code);
	} else {
		rc = pk_error_set(err, r.code == HPDF_FAILD_TO_ALLOC_MEM ? PK_ENOMEM : PK_EINTERNAL,
				  "setting up PDF fonts failed (libharu error 0x%04X, detail %u)",
				  (unsigned)r.code, (unsigned)r.detail);
	}
out:
	pdfl_free(&d);
	HPDF_Free(r.pdf);
	return rc;
}
