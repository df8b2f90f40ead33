/*
 * pdf.c: the drawing pass of the PDF renderer, and the libharu setup around it (see pdf.h).
 *
 * pdf_render() runs the layout pass (pdf_layout.c), measuring text through the text layer
 * (text.c: bidi, font fallback, HarfBuzz shaping where a script needs it), then writes every
 * page's operations as its content stream, drawing glyph runs, and has libharu save the
 * document into the caller's buffer. Nothing time- or random-dependent goes into the file, so
 * the same IR always gives the same bytes.
 *
 * libharu keeps the document's structure (catalog, pages, resources, info, xref, saving). Its
 * font model (one TrueType font per file, a character code per glyph, whole font tables
 * embedded) cannot carry shaped glyph runs, so the fonts are built here through its object
 * API: for each face a document uses, a Type0 font with Identity-H encoding over a
 * CIDFontType2 whose CIDs are the face's glyph ids (CIDToGIDMap /Identity), a /W array of the
 * glyphs drawn, a ToUnicode CMap of the text each glyph stands for (text.c) and as FontFile2 a
 * real subset made by hb-subset with glyph ids retained (font.c).
 *
 * What pepkit relies on in libharu 2.3.0 (Debian 12), through its installed internal headers
 * (hpdf_doc.h, hpdf_objects.h, hpdf_pages.h), tied to that version's behaviour; the tests
 * check the results with poppler and qpdf:
 *  - HPDF_MemCpy and HPDF_MemSet are replaced by C library calls (below);
 *  - page content streams are written here, not through libharu's page operators (write_page):
 *    the page's contents stream is replaced by one compressed here (deflate_stream) whose
 *    dictionary writes its own /Filter (write_flate_key); the page's font resources dictionary
 *    (HPDF_PageAttr.fonts) is made and filled here;
 *  - font dictionaries, arrays, names and streams are made with HPDF_Dict_New, HPDF_DictStream_New,
 *    HPDF_Array_New, HPDF_Name_New, HPDF_String_New and added with HPDF_Xref_Add / HPDF_Dict_Add,
 *    which writes indirect objects as references;
 *  - the file is saved through a callback writer straight into the caller's buffer.
 * libharu errors are sticky: the error handler records the first one, every step checks it,
 * and the document is dropped on failure.
 */
#include "core/pepkit.h"
#include "render/pdf.h"
#include "render/pdf_layout.h"
#include "render/pdfa.h"
#include "render/font.h"
#include "render/text.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_utils.h>
#include <libdeflate.h>

/* libdeflate level for content streams, CMaps and font programs: level 1 is smaller than
 * zlib's level 1 output and faster; the fonts, the bulk of a file, are subsets already. */
#define DEFLATE_LEVEL 1

/* The slant of an italic drawn with an upright face (tan 12 degrees). */
#define OBLIQUE_SLANT 0.21256

/* Compressors kept for the next render (allocating one per document was most of a pack's
 * system time: each is several hundred KB of fresh pages). */
static pthread_mutex_t zpool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct libdeflate_compressor *zpool[16];
static int nzpool;

/* A compressor from the pool, or NULL (deflate_stream() then allocates one). */
static struct libdeflate_compressor *z_take(void)
{
	struct libdeflate_compressor *c = NULL;

	pthread_mutex_lock(&zpool_lock);
	if (nzpool)
		c = zpool[--nzpool];
	pthread_mutex_unlock(&zpool_lock);
	return c;
}

/* Give c (may be NULL) back to the pool, or free it when the pool is full. */
static void z_give(struct libdeflate_compressor *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&zpool_lock);
	if (nzpool < (int)PK_ARRAY_LEN(zpool)) {
		zpool[nzpool++] = c;
		c = NULL;
	}
	pthread_mutex_unlock(&zpool_lock);
	libdeflate_free_compressor(c);
}

/* One rendering: the libharu document, the first libharu error, the fonts and text layer. */
typedef struct R {
	HPDF_Doc pdf;
	HPDF_STATUS code, detail;
	const font_chain *chain;
	font_doc fd;                      /* faces used and their glyphs */
	text_ctx measure, draw;           /* measuring (layout) and drawing (records glyphs) */
	HPDF_Dict fdict[PK_ARRAY_LEN(((font_doc *)0)->use)];   /* Type0 font per use, filled last */
	struct libdeflate_compressor *zc; /* compressor for every stream, allocated on first use */
	pk_buf zbuf;                      /* compressed bytes on their way into a libharu stream */
	pk_buf *dest;                     /* the caller's buffer the PDF is saved into */
	int dest_rc;                      /* PK_ENOMEM/PK_ELIMIT when appending to dest failed */
} R;

/*
 * libharu's HPDF_MemCpy and HPDF_MemSet copy and fill one byte at a time, and libharu calls
 * them for every stream write and read and for its 128-256 KB tables (a tenth of a render).
 * Its calls go through the PLT, so these definitions in the program take their place: the
 * same contract as libharu 2.3.0's (forward copy/fill of n bytes, return the end), done by
 * the C library. The names are libharu's, not pdf_*, because that is what replaces them; if a
 * libharu build binds its own calls directly these are simply not used.
 */
HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (out > in && out < in + n) {          /* overlapping forward copy: keep libharu's result */
		HPDF_UINT k;

		for (k = 0; k < n; k++)
			out[k] = in[k];
	} else if (n) {
		memmove(out, in, n);
	}
	return out + n;
}

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

/* libharu's error handler: keep the first error (later ones follow from it). */
static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	R *r = data;

	if (!r->code) {
		r->code = code;
		r->detail = detail;
	}
}

/* Dictionary write hook of a precompressed stream: its /Filter entry (libharu drops a
 * /Filter key from a stream dictionary whose own filter is none). HPDF_OK or the error. */
static HPDF_STATUS write_flate_key(HPDF_Dict obj, HPDF_Stream stream)
{
	(void)obj;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* A new libharu memory stream (in mm) holding the zlib-format compression (libdeflate, level
 * DEFLATE_LEVEL) of plen bytes at p; *zc is the render's compressor, allocated on first use and
 * freed by the caller; scratch holds the compressed bytes meanwhile. NULL when out of memory. */
static HPDF_Stream deflate_stream(HPDF_MMgr mm, struct libdeflate_compressor **zc, pk_buf *scratch,
				  const unsigned char *p, size_t plen)
{
	HPDF_Stream dst;
	size_t bound, n;

	if (!*zc && !(*zc = libdeflate_alloc_compressor(DEFLATE_LEVEL)))
		return NULL;
	bound = libdeflate_zlib_compress_bound(*zc, plen);
	buf_reset(scratch);
	if (bound > UINT32_MAX || buf_reserve(scratch, bound) != PK_OK)
		return NULL;
	n = libdeflate_zlib_compress(*zc, p, plen, scratch->data, bound);
	if (!n || !(dst = HPDF_MemStream_New(mm, HPDF_STREAM_BUF_SIZ)))
		return NULL;
	if (HPDF_Stream_Write(dst, (const HPDF_BYTE *)scratch->data, (HPDF_UINT)n) != HPDF_OK) {
		HPDF_Stream_Free(dst);
		return NULL;
	}
	return dst;
}

/* Append n bytes at s to b: copied in place when b has the room (a content stream is written
 * a few bytes at a time), else through buf_append(). */
static inline void put_fast(pk_buf *b, const char *s, size_t n)
{
	if (b->data && b->len + n < b->cap && !b->max) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else {
		buf_append(b, s, n);
	}
}

/* Append v to b as a PDF number: at most five decimals (as libharu writes them), no trailing
 * zeros, no "-0". The layout refuses ops off the page (pdfl_layout), so v is always finite and
 * small; should one ever not be, 0 is written rather than an undefined conversion. */
static void put_num(pk_buf *b, double v)
{
	char t[40], *e = t + sizeof(t), *q = e;
	long long n = isfinite(v) && v > -1e9 && v < 1e9 ? llround(v * 100000.0) : 0;
	int neg = n < 0, frac, m = 5, k;

	if (neg)
		n = -n;
	frac = (int)(n % 100000);
	n /= 100000;
	if (frac) {
		char f[5];

		for (k = 4; k >= 0; k--, frac /= 10)
			f[k] = (char)('0' + frac % 10);
		while (f[m - 1] == '0')
			m--;
		q -= m;
		memcpy(q, f, (size_t)m);
		*--q = '.';
	}
	do
		*--q = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	if (neg)
		*--q = '-';
	put_fast(b, q, (size_t)(e - q));
}

/* Append the colour 0xRRGGBB and op ("rg" fill, "RG" stroke) to b. */
static void put_rgb(pk_buf *b, unsigned rgb, const char *op)
{
	put_num(b, ((rgb >> 16) & 0xFF) / 255.0);
	put_fast(b, " ", 1);
	put_num(b, ((rgb >> 8) & 0xFF) / 255.0);
	put_fast(b, " ", 1);
	put_num(b, (rgb & 0xFF) / 255.0);
	put_fast(b, " ", 1);
	put_fast(b, op, 2);
	put_fast(b, "\n", 1);
}

/* The graphics state a page's content stream has set so far: each colour and the line width
 * are written only when they change, and a run of strokes in one state is one path painted
 * once (stroking a path of several subpaths draws what stroking each would). */
typedef struct gstate {
	long stroke, fill;   /* 0xRRGGBB, or -1 before the first */
	float width;         /* < 0 before the first */
	int open;            /* subpaths waiting for their S */
} gstate;

/* Paint the subpaths waiting in g, if any. */
static void g_flush(pk_buf *b, gstate *g)
{
	if (g->open) {
		put_fast(b, "S\n", 2);
		g->open = 0;
	}
}

/* Set the stroke colour rgb and line width w in b unless g has them; a change first paints
 * what is waiting. */
static void g_stroke(pk_buf *b, gstate *g, unsigned rgb, float w)
{
	if ((long)rgb != g->stroke || w != g->width)
		g_flush(b, g);
	if ((long)rgb != g->stroke) {
		put_rgb(b, rgb, "RG");
		g->stroke = (long)rgb;
	}
	if (w != g->width) {
		put_num(b, w);
		put_fast(b, " w\n", 3);
		g->width = w;
	}
}

/* Append the graphics (lines, boxes) of ops[first .. first+n) to the content stream b, in the
 * state g (updated). The caller paints what is left waiting (g_flush) before anything else. */
static void put_graphics(pk_buf *b, const pdfl_op *ops, size_t first, size_t n, gstate *g)
{
	size_t i;

	for (i = first; i < first + n; i++) {
		const pdfl_op *o = &ops[i];

		if (o->kind == PDFL_OP_LINE) {
			g_stroke(b, g, o->rgb, o->size);
			if (o->dash) {
				g_flush(b, g);
				put_fast(b, "[2 2] 0 d\n", 10);
			}
			put_num(b, o->x);
			put_fast(b, " ", 1);
			put_num(b, o->y);
			put_fast(b, " m\n", 3);
			put_num(b, o->x2);
			put_fast(b, " ", 1);
			put_num(b, o->y2);
			put_fast(b, " l\n", 3);
			g->open = 1;
			if (o->dash) {
				g_flush(b, g);
				put_fast(b, "[] 0 d\n", 7);
			}
		} else if (o->kind == PDFL_OP_RECT) {
			if (o->fill >= 0 || o->size <= 0)
				g_flush(b, g);
			if (o->fill >= 0 && o->fill != g->fill) {
				put_rgb(b, (unsigned)o->fill, "rg");
				g->fill = o->fill;
			}
			if (o->size > 0)
				g_stroke(b, g, o->rgb, o->size);
			put_num(b, o->x);
			put_fast(b, " ", 1);
			put_num(b, o->y);
			put_fast(b, " ", 1);
			put_num(b, o->x2);
			put_fast(b, " ", 1);
			put_num(b, o->y2);
			if (o->fill >= 0) {
				buf_puts(b, o->size > 0 ? " re\nB\n" : " re\nf\n");
			} else {
				put_fast(b, " re\n", 4);
				g->open = 1;
			}
		}
	}
}

/* libharu write callback for the saved document: appends to r->dest (stream->attr is r), so
 * the file is written once, straight into the caller's buffer, rather than into libharu's
 * memory stream (copied a byte at a time) and then copied out again. The first failure is
 * kept in r->dest_rc (PK_ENOMEM or PK_ELIMIT). */
static HPDF_STATUS out_write(HPDF_Stream s, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
	R *r = s->attr;
	int rc = buf_append(r->dest, ptr, siz);

	if (rc != PK_OK) {
		if (!r->dest_rc)
			r->dest_rc = rc;
		return HPDF_SetError(s->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
	}
	return HPDF_OK;
}

/* pdfl_width_fn: the advance of cp in style font, from the family the chain draws it with. */
static int width_cb(void *ctx, int font, unsigned cp)
{
	R *r = ctx;
	int fam = font_family_for(r->chain, cp);
	const font_face *f = font_resolve(r->chain, fam < 0 ? 0 : fam, font, NULL);
	hb_codepoint_t g = 0;

	hb_font_get_nominal_glyph(f->font, cp, &g);
	return font_advance(f, g);
}

/* pdfl_measure_fn: the shaped advance of s (n bytes, one direction) in style font. */
static double measure_cb(void *ctx, int font, const char *s, size_t n, int rtl)
{
	R *r = ctx;

	return text_shape(&r->measure, font, s, n, rtl);
}


/* Append glyph id g as four hex digits to b. */
static void put_gid(pk_buf *b, unsigned g)
{
	static const char hex[] = "0123456789ABCDEF";
	char t[4] = { hex[g >> 12 & 15], hex[g >> 8 & 15], hex[g >> 4 & 15], hex[g & 15] };

	put_fast(b, t, 4);
}

/* Append the code points p[0..n) to b as hex UTF-16BE (with surrogate pairs). */
static void put_utf16(pk_buf *b, const uint32_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t c = p[i];

		if (c > 0xFFFF) {
			c -= 0x10000;
			put_gid(b, 0xD800 | (unsigned)(c >> 10));
			put_gid(b, 0xDC00 | (unsigned)(c & 0x3FF));
		} else {
			put_gid(b, (unsigned)c);
		}
	}
}

/* The Type0 font dictionary of use u, made (empty, in the xref) on first use; NULL on error. */
static HPDF_Dict font_dict(R *r, int u)
{
	if (!r->fdict[u]) {
		HPDF_Dict d = HPDF_Dict_New(r->pdf->mmgr);

		if (!d || HPDF_Xref_Add(r->pdf->xref, d) != HPDF_OK)
			return NULL;
		r->fdict[u] = d;
	}
	return r->fdict[u];
}

/* Text state while writing a page's text. */
typedef struct tstate {
	unsigned char added[PK_ARRAY_LEN(((font_doc *)0)->use)];   /* uses in the page's resources */
	int use;          /* font in effect (-1 none) */
	float size;
	long rgb;
	int in_tj;        /* a run of glyphs shown by one operator is open */
	int in_hex;       /* its last hex string is open */
	int arr;          /* it is a TJ array (it has an adjustment), not one string for Tj */
	size_t at;        /* where in the stream it starts */
} tstate;

/* Add glyph id g to the open run (opening it at the stream's end when none is): glyphs follow
 * one another in one hex string, <00330048>, 4 digits each. */
static void tj_glyph(pk_buf *b, tstate *ts, unsigned g)
{
	if (!ts->in_tj) {
		ts->in_tj = 1;
		ts->arr = 0;
		ts->at = b->len;
	}
	if (!ts->in_hex) {
		put_fast(b, "<", 1);
		ts->in_hex = 1;
	}
	put_gid(b, g);
}

/* Add the adjustment v (thousandths of the font size) after the open run's last glyph: the run
 * becomes a TJ array, '[' put before its first string the first time. */
static void tj_adjust(pk_buf *b, tstate *ts, double v)
{
	if (ts->in_hex) {
		put_fast(b, ">", 1);
		ts->in_hex = 0;
	}
	if (!ts->arr && buf_reserve(b, 1) == PK_OK) {
		memmove(b->data + ts->at + 1, b->data + ts->at, b->len - ts->at + 1);
		b->data[ts->at] = '[';
		b->len++;
		ts->arr = 1;
	}
	put_num(b, v);
}

/* Show the open run, if any: "<...> Tj", or "[<...> n <...>] TJ" with adjustments. */
static void tj_end(pk_buf *b, tstate *ts)
{
	if (ts->in_tj) {
		if (ts->in_hex)
			put_fast(b, ">", 1);
		buf_puts(b, ts->arr ? "] TJ\n" : " Tj\n");
		ts->in_tj = ts->in_hex = ts->arr = 0;
	}
}

/* Set the text matrix: origin (x, y), slanted for an oblique. */
static void put_tm(pk_buf *b, double x, double y, int oblique)
{
	buf_puts(b, oblique ? "1 0 0.21256 1 " : "1 0 0 1 ");
	put_num(b, x);
	buf_append(b, " ", 1);
	put_num(b, y);
	buf_puts(b, " Tm\n");
}

/* Append the text operation o to b: shaped or not, glyph runs by face, each placed with a
 * text matrix and drawn with TJ (adjusted where an advance is not the face's own), marks with
 * an offset placed one by one, clusters marked for it wrapped in ActualText. Fonts first used
 * here are added to the page's resources (fonts). Returns 0, or -1 (out of memory / libharu
 * error). */
static int put_text_op(R *r, pk_buf *b, const pdfl_doc *d, const pdfl_op *o, HPDF_Dict fonts, tstate *ts)
{
	const char *s = pdfl_str(d, o->str);
	double pen = o->x, k = o->size / 1000.0;
	size_t i, n = strlen(s);
	int need_tm = 1;
	text_ctx *t = &r->draw;

	if (text_shape(t, o->font, s, n, o->rtl) < 0 || buf_reserve(b, t->ng * 24 + 256) != PK_OK)
		return -1;
	if ((long)o->rgb != ts->rgb) {
		tj_end(b, ts);
		put_rgb(b, o->rgb, "rg");
		ts->rgb = (long)o->rgb;
	}
	for (i = 0; i < t->ng; i++) {
		const text_glyph *g = &t->g[i];
		const font_use *fu = &r->fd.use[g->use];
		int w = g->w;

		if (g->use != ts->use || o->size != ts->size) {
			HPDF_Dict fd = font_dict(r, g->use);

			if (!fd)
				return -1;
			if (!ts->added[g->use]) {
				if (HPDF_Dict_Add(fonts, fu->name, fd) != HPDF_OK)
					return -1;
				ts->added[g->use] = 1;
			}
			tj_end(b, ts);
			buf_append(b, "/", 1);
			buf_puts(b, fu->name);
			buf_append(b, " ", 1);
			put_num(b, o->size);
			buf_puts(b, " Tf\n");
			ts->use = g->use;
			ts->size = o->size;
			need_tm = 1;
		}
		if (g->nact) {
			tj_end(b, ts);
			buf_puts(b, "/Span <</ActualText <FEFF");
			put_utf16(b, t->u32 + g->cstart, g->clen);
			buf_puts(b, ">>> BDC\n");
		}
		if (g->dx != 0 || g->dy != 0) {
			tj_end(b, ts);
			put_tm(b, pen + g->dx * k, o->y + g->dy * k, fu->oblique);
			buf_append(b, "<", 1);
			put_gid(b, g->gid);
			buf_puts(b, "> Tj\n");
			need_tm = 1;
		} else {
			if (need_tm) {
				tj_end(b, ts);
				put_tm(b, pen, o->y, fu->oblique);
				need_tm = 0;
			}
			tj_glyph(b, ts, g->gid);
			if (fabs(g->adv - w) > 0.0005)
				tj_adjust(b, ts, w - g->adv);
		}
		pen += g->adv * k;
		if (g->nact) {
			/* the rest of the cluster, then the end of the span */
			size_t last = i + g->nact - 1;

			while (i < last) {
				const text_glyph *h = &t->g[++i];
				const font_use *hu = &r->fd.use[h->use];

				tj_end(b, ts);
				put_tm(b, pen + h->dx * k, o->y + h->dy * k, hu->oblique);
				buf_append(b, "<", 1);
				put_gid(b, h->gid);
				buf_puts(b, "> Tj\n");
				pen += h->adv * k;
			}
			tj_end(b, ts);
			buf_puts(b, "EMC\n");
			need_tm = 1;
		}
	}
	tj_end(b, ts);
	return r->code || t->rc ? -1 : 0;
}

/*
 * Write page pg of d as page's content stream, compressed (deflate_stream()).
 *
 * The operators are written here rather than through libharu's page functions, which format
 * each one through a cleared scratch buffer and tracked state nothing here needs; that was a
 * fifth of a render. The fonts a page uses go into its /Resources /Font dictionary here. cs is
 * scratch space. Returns 0, or -1 when out of memory or libharu fails (errors recorded).
 */
static int write_page(R *r, HPDF_Page page, const pdfl_doc *d, const pdfl_page *pg, pk_buf *cs)
{
	HPDF_PageAttr pa = page->attr;
	HPDF_Stream dst;
	tstate ts;
	gstate gs = { -1, -1, -1.0f, 0 };
	size_t k, j;

	if (!pa)
		return -1;
	if (!pa->fonts) {
		HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);

		if (!res || !(pa->fonts = HPDF_Dict_New(page->mmgr)) || HPDF_Dict_Add(res, "Font", pa->fonts) != HPDF_OK)
			return -1;
	}
	memset(&ts, 0, sizeof(ts));
	ts.use = -1;
	buf_reset(cs);
	put_graphics(cs, d->ops, pg->first, pg->count, &gs);
	put_graphics(cs, d->ops, pg->dfirst, pg->dcount, &gs);
	g_flush(cs, &gs);
	ts.rgb = gs.fill;   /* the fill colour is the text's too */
	buf_puts(cs, "BT\n");
	for (k = 0; k < 2; k++) {
		size_t first = k ? pg->dfirst : pg->first, n = k ? pg->dcount : pg->count;

		for (j = first; j < first + n; j++)
			if (d->ops[j].kind == PDFL_OP_TEXT && put_text_op(r, cs, d, &d->ops[j], pa->fonts, &ts))
				return -1;
	}
	buf_puts(cs, "ET\n");
	if (!cs->data || !pa->contents || pa->contents->stream != pa->stream || pa->contents->write_fn ||
	    !(dst = deflate_stream(pa->contents->mmgr, &r->zc, &r->zbuf, (const unsigned char *)cs->data, cs->len)))
		return -1;
	HPDF_Stream_Free(pa->contents->stream);
	pa->contents->stream = pa->stream = dst;
	pa->contents->filter = HPDF_STREAM_FILTER_NONE;
	pa->contents->write_fn = write_flate_key;
	return 0;
}

/* A new stream object (in the xref) holding plen bytes at p compressed, with /Filter written by
 * its hook; NULL on failure. */
static HPDF_Dict flate_object(R *r, const void *p, size_t plen)
{
	HPDF_Dict s = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
	HPDF_Stream z;

	if (!s || !(z = deflate_stream(r->pdf->mmgr, &r->zc, &r->zbuf, p, plen)))
		return NULL;
	HPDF_Stream_Free(s->stream);
	s->stream = z;
	s->filter = HPDF_STREAM_FILTER_NONE;
	s->write_fn = write_flate_key;
	return s;
}

/* The ToUnicode CMap of use u into b: each glyph drawn and the text it stands for. */
static void tounicode(const font_use *u, pk_buf *b)
{
	hb_codepoint_t g = HB_SET_VALUE_INVALID;
	unsigned n = 0, block = 0;
	pk_buf body = PK_BUF_INIT;

	buf_puts(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	while (hb_set_next(u->glyphs, &g)) {
		const uint32_t *p;
		size_t k;

		if (!u->uni[g])
			continue;
		p = (const uint32_t *)(void *)(u->text.data + (u->uni[g] - 1));
		for (k = 0; p[k]; k++)
			;
		buf_append(&body, "<", 1);
		put_gid(&body, g);
		buf_puts(&body, "> <");
		put_utf16(&body, p, k);
		buf_puts(&body, ">\n");
		if (++block == 100) {
			buf_printf(b, "100 beginbfchar\n%.*sendbfchar\n", (int)body.len, body.data);
			buf_reset(&body);
			block = 0;
		}
		n++;
	}
	if (block)
		buf_printf(b, "%u beginbfchar\n%.*sendbfchar\n", block, (int)body.len, body.data);
	buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	buf_free(&body);
	(void)n;
}

/* Fill the Type0 font of use u: descendant CIDFontType2, descriptor, subset program, widths
 * and ToUnicode map. scratch is reused. Returns 0, or -1 (errors in r->code / rc). */
static int embed_font(R *r, int u, pk_buf *scratch, int *rc)
{
	const font_use *fu = &r->fd.use[u];
	const font_face *f = fu->face;
	HPDF_MMgr mm = r->pdf->mmgr;
	HPDF_Dict t0 = r->fdict[u], cid, desc, file, tu;
	HPDF_Array arr, w, run = NULL, bbox;
	hb_codepoint_t g = HB_SET_VALUE_INVALID, prev = HB_SET_VALUE_INVALID;
	char base[160], tag[7];
	uint32_t h = 2166136261u;
	int i;

	/* the subset tag: six letters from the glyph set, so the same glyphs give the same name */
	while (hb_set_next(fu->glyphs, &g))
		h = (h ^ g) * 16777619u;
	h ^= (uint32_t)fu->oblique;
	for (i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = '\0';
	snprintf(base, sizeof(base), "%s+%s%s", tag, f->psname, fu->oblique ? "-Oblique" : "");

	buf_reset(scratch);
	if ((*rc = font_doc_subset(&r->fd, u, scratch)) != PK_OK)
		return -1;
	if (!(file = flate_object(r, scratch->data, scratch->len)) ||
	    HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)scratch->len) != HPDF_OK)
		return -1;
	buf_reset(scratch);
	tounicode(fu, scratch);
	if (!scratch->data || !(tu = flate_object(r, scratch->data, scratch->len)))
		return -1;

	desc = HPDF_Dict_New(mm);
	if (!desc || HPDF_Xref_Add(r->pdf->xref, desc) != HPDF_OK)
		return -1;
	bbox = HPDF_Array_New(mm);
	if (!bbox)
		return -1;
	for (i = 0; i < 4; i++)
		HPDF_Array_AddNumber(bbox, f->bbox[i]);
	HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	HPDF_Dict_AddName(desc, "FontName", base);
	HPDF_Dict_AddNumber(desc, "Flags", 4 | (fu->oblique || f->italic_angle ? 64 : 0));
	HPDF_Dict_Add(desc, "FontBBox", bbox);
	HPDF_Dict_AddNumber(desc, "ItalicAngle", fu->oblique ? -12 : f->italic_angle);
	HPDF_Dict_AddNumber(desc, "Ascent", f->ascent);
	HPDF_Dict_AddNumber(desc, "Descent", f->descent);
	HPDF_Dict_AddNumber(desc, "CapHeight", f->cap_height);
	HPDF_Dict_AddNumber(desc, "StemV", f->weight >= 600 ? 120 : 80);
	HPDF_Dict_Add(desc, "FontFile2", file);

	/* widths: runs of consecutive glyph ids, c [w1 w2 ...] */
	w = HPDF_Array_New(mm);
	if (!w)
		return -1;
	g = HB_SET_VALUE_INVALID;
	while (hb_set_next(fu->glyphs, &g)) {
		if (!run || g != prev + 1) {
			HPDF_Array_AddNumber(w, (HPDF_INT32)g);
			if (!(run = HPDF_Array_New(mm)) || HPDF_Array_Add(w, run) != HPDF_OK)
				return -1;
		}
		HPDF_Array_AddNumber(run, font_advance(f, g));
		prev = g;
	}
	cid = HPDF_Dict_New(mm);
	if (!cid || HPDF_Xref_Add(r->pdf->xref, cid) != HPDF_OK)
		return -1;
	{
		HPDF_Dict si = HPDF_Dict_New(mm);

		if (!si)
			return -1;
		HPDF_Dict_Add(si, "Registry", HPDF_String_New(mm, "Adobe", NULL));
		HPDF_Dict_Add(si, "Ordering", HPDF_String_New(mm, "Identity", NULL));
		HPDF_Dict_AddNumber(si, "Supplement", 0);
		HPDF_Dict_AddName(cid, "Type", "Font");
		HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
		HPDF_Dict_AddName(cid, "BaseFont", base);
		HPDF_Dict_Add(cid, "CIDSystemInfo", si);
		HPDF_Dict_Add(cid, "FontDescriptor", desc);
		HPDF_Dict_AddNumber(cid, "DW", 0);
		HPDF_Dict_Add(cid, "W", w);
		HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
	}
	arr = HPDF_Array_New(mm);
	if (!arr || HPDF_Array_Add(arr, cid) != HPDF_OK)
		return -1;
	HPDF_Dict_AddName(t0, "Type", "Font");
	HPDF_Dict_AddName(t0, "Subtype", "Type0");
	HPDF_Dict_AddName(t0, "BaseFont", base);
	HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
	HPDF_Dict_Add(t0, "DescendantFonts", arr);
	HPDF_Dict_Add(t0, "ToUnicode", tu);
	return r->code ? -1 : 0;
}

/* Set document information entry key to the UTF-8 text s, as a UTF-16BE text string with its
 * byte order mark (a hex string; libharu's UTF-8 encoder would cost a third of a million
 * instructions a document to set up). Returns 0, or -1 when out of memory. */
static int info_text(R *r, const char *key, const char *s)
{
	pk_buf b = PK_BUF_INIT;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n = strlen(s);
	HPDF_Binary v;
	int rc = -1;

	if (!r->pdf->info || buf_append(&b, "\xFE\xFF", 2))
		goto out;
	while (i < n) {
		uint32_t c;
		unsigned char w[4];

		i += (size_t)text_utf8_next(u + i, n - i, &c);
		if (c > 0xFFFF) {
			c -= 0x10000;
			w[0] = (unsigned char)(0xD8 | (c >> 18)); w[1] = (unsigned char)(c >> 10);
			w[2] = (unsigned char)(0xDC | ((c >> 8) & 3)); w[3] = (unsigned char)c;
			if (buf_append(&b, w, 4))
				goto out;
		} else {
			w[0] = (unsigned char)(c >> 8); w[1] = (unsigned char)c;
			if (buf_append(&b, w, 2))
				goto out;
		}
	}
	v = HPDF_Binary_New(r->pdf->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	rc = v && HPDF_Dict_Add(r->pdf->info, key, v) == HPDF_OK ? 0 : -1;
out:
	buf_free(&b);
	return rc;
}

int pdf_render(xmlDocPtr ir, pk_buf *out, int *pages, pk_error *err)
{
	return pdf_render_ex(ir, NULL, out, pages, err);
}

int pdf_render_ex(xmlDocPtr ir, const pdf_opts *o, pk_buf *out, int *pages, pk_error *err)
{
	R r;
	pdfl_doc d;
	pk_buf cs = PK_BUF_INIT;      /* a page's content stream, before compression */
	size_t i, start;
	int rc = PK_OK, erc = PK_OK;

	memset(&r, 0, sizeof(r));
	memset(&d, 0, sizeof(d));
	if (pages)
		*pages = 0;
	r.zc = z_take();
	if (!(r.chain = font_chain_get(err))) {
		z_give(r.zc);
		return err ? err->code : PK_EIO;
	}
	if (text_init(&r.measure, r.chain, NULL) || text_init(&r.draw, r.chain, &r.fd)) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory starting a PDF document");
		goto out;
	}
	r.pdf = HPDF_New(on_error, &r);
	if (!r.pdf) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory starting a PDF document");
		goto out;
	}
	HPDF_SetCompressionMode(r.pdf, HPDF_COMP_ALL);

	rc = pdfl_layout(ir, width_cb, measure_cb, &r, &d, err);
	if (rc)
		goto out;
	if (r.measure.rc) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory laying out the PDF");
		goto out;
	}
	HPDF_SetInfoAttr(r.pdf, HPDF_INFO_CREATOR, "pepkit");   /* makes the info dictionary */
	if (info_text(&r, "Title", pdfl_str(&d, d.title)) ||
	    (*pdfl_str(&d, d.subject) && info_text(&r, "Subject", pdfl_str(&d, d.subject))) ||
	    (*pdfl_str(&d, d.keywords) && info_text(&r, "Keywords", pdfl_str(&d, d.keywords)))) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory starting a PDF document");
		goto out;
	}

	for (i = 0; i < d.npages && !r.code; i++) {
		HPDF_Page page = HPDF_AddPage(r.pdf);

		if (!page)
			break;
		HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
		if (write_page(&r, page, &d, &d.pages[i], &cs) && !r.code) {
			rc = pk_error_set(err, PK_ENOMEM, "out of memory drawing the PDF");
			goto out;
		}
	}
	for (i = 0; (int)i < r.fd.nuse && !r.code; i++)
		if (r.fdict[i] && embed_font(&r, (int)i, &cs, &erc) && !r.code) {
			rc = pk_error_set(err, erc == PK_EINTERNAL ? PK_EINTERNAL : PK_ENOMEM,
					  erc == PK_EINTERNAL ? "subsetting font '%s' failed" : "out of memory embedding font '%s'",
					  r.fd.use[i].face->path);
			goto out;
		}
	if (r.code) {
		rc = pk_error_set(err, r.code == HPDF_FAILD_TO_ALLOC_MEM ? PK_ENOMEM : PK_EINTERNAL,
				  "PDF drawing failed (libharu error 0x%04X, detail %u)",
				  (unsigned)r.code, (unsigned)r.detail);
		goto out;
	}
	/* HPDF_SaveToStream() makes a memory stream only when the document has no stream yet, and
	 * empties it only when it is one: given a callback writer, it writes through that */
	if (o && o->pdfa) {
		pdfa_text t = { pdfl_str(&d, d.title), pdfl_str(&d, d.subject), pdfl_str(&d, d.keywords) };

		if ((rc = pdfa_prepare(r.pdf, &t, o->date, err)) != PK_OK)
			goto out;
	}
	r.dest = out;
	start = out->len;
	if (!(r.pdf->stream = HPDF_CallbackWriter_New(r.pdf->mmgr, out_write, &r))) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory saving the PDF");
		goto out;
	}
	if (HPDF_SaveToStream(r.pdf) != HPDF_OK || r.code || r.dest_rc) {
		if (r.dest_rc)
			rc = pk_error_set(err, r.dest_rc, "saving the PDF failed (%s)",
					  r.dest_rc == PK_ELIMIT ? "larger than the output limit" : "out of memory");
		else
			rc = pk_error_set(err, r.code == HPDF_FAILD_TO_ALLOC_MEM ? PK_ENOMEM : PK_EINTERNAL,
					  "saving the PDF failed (libharu error 0x%04X, detail %u)",
					  (unsigned)r.code, (unsigned)r.detail);
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
		goto out;
	}
	if (o && o->pdfa && (rc = pdfa_set_id(out->data + start, out->len - start, err)) != PK_OK) {
		out->len = start;
		out->data[start] = '\0';
		goto out;
	}
	if (pages)
		*pages = (int)d.npages;
out:
	buf_free(&cs);
	pdfl_free(&d);
	text_free(&r.measure);
	text_free(&r.draw);
	font_doc_free(&r.fd);
	z_give(r.zc);
	buf_free(&r.zbuf);
	HPDF_Free(r.pdf);
	return rc;
}

void pdf_cleanup(void)
{
	pdfa_cleanup();
	pthread_mutex_lock(&zpool_lock);
	while (nzpool)
		libdeflate_free_compressor(zpool[--nzpool]);
	pthread_mutex_unlock(&zpool_lock);
	font_cleanup();
}
