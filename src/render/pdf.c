/*
 * pdf.c: the drawing pass of the PDF renderer, and the libharu setup around it (see pdf.h).
 *
 * pdf_render() loads the DejaVu Sans fonts (embedded, Unicode), runs the layout pass
 * (pdf_layout.c) with the fonts' own metrics, then writes every page's operations as its
 * content stream and has libharu save the document into the caller's buffer. Nothing
 * time- or random-dependent goes into the file, so the same IR always gives the same bytes.
 *
 * libharu errors are sticky: the error handler records the first one, every step checks it,
 * and the document is dropped on failure.
 *
 * Speed and correctness work-arounds for libharu 2.3.0 (Debian 12), which reach into its
 * installed internal headers (hpdf_doc.h, hpdf_fontdef.h, hpdf_font.h, hpdf_objects.h,
 * hpdf_encoder.h, hpdf_pages.h) and are tied to that version's behaviour; the tests check the
 * results with poppler and qpdf:
 *  - each font file is parsed once per process and documents get copies of its tables
 *    (font_template, clone_def);
 *  - the parsed cmap of each font is replaced by one holding only the characters used
 *    (prepare_font), the font object is created through libharu's cid_map path limited to
 *    those characters (get_font), and the CIDToGIDMap is cut after the highest (shorten_map);
 *  - the ToUnicode CMaps libharu writes (invalid: a cidrange section) are replaced by valid
 *    bfchar/bfrange maps of the characters used (write_tounicode);
 *  - nested composite glyphs are marked for embedding (mark_composites);
 *  - the 'post' table is not embedded (hide_post);
 *  - compressed font programs for two fixed repertoires are built once per process, without
 *    the metrics of glyphs they leave out, and embedded as they are when they cover a
 *    document (the font-program cache);
 *  - page content streams are written here, not through libharu's page operators
 *    (write_page), and they, the maps and the CMaps are compressed with zlib at level 1
 *    before saving (precompress, deflate_stream);
 *  - the file is saved through a callback writer straight into the caller's buffer.
 */
#include "core/pepkit.h"
#include "render/pdf.h"
#include "render/pdf_layout.h"
#include "render/pdfa.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hpdf.h>
#include <hpdf_conf.h>
#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_fontdef.h>
#include <hpdf_pages.h>
#include <hpdf_utils.h>
#include <zlib.h>

#define DEFAULT_FONTDIR "/usr/share/fonts/truetype/dejavu"

static const char *const font_files[PDFL_NFONTS] = {
	"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"
};

/* A font file's bytes being read by libharu through a callback stream. */
struct font_src {
	const unsigned char *p;
	size_t len, pos;
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
	HPDF_Stream out;                  /* the PDF being saved, while a cached font is written */
	pk_buf *dest;                     /* the caller's buffer the PDF is saved into */
	int dest_rc;                      /* PK_ENOMEM/PK_ELIMIT when appending to dest failed */
	struct ffile { struct R *r; int tier, font; } ff[PDFL_NFONTS];
	struct font_src src[PDFL_NFONTS];
} R;

static int mark_composites(HPDF_FontDef def);
static void hide_post(HPDF_FontDef def);

/* Guards the process-wide font file copies and font-program cache. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

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

/*
 * Font files are read once per process into memory (under cache_lock) and every document
 * parses them through a libharu callback stream over those bytes: libharu reads a font two and
 * four bytes at a time, which through stdio was a sixth of a render. Fonts are loaded and
 * registered as HPDF_LoadTTFontFromFile() does, so the output is the same.
 */
static struct {
	char dir[4096];
	unsigned char *bytes[PDFL_NFONTS];
	size_t len[PDFL_NFONTS];
	/* each font parsed once (font_template()), in a scratch document; -1: could not be */
	HPDF_Doc tdoc;
	HPDF_FontDef tdef[PDFL_NFONTS];
	int tstate[PDFL_NFONTS];
	struct font_src tsrc[PDFL_NFONTS];
} files;

/* The bytes of font file i in dir (read on first use), or NULL when dir is not the folder
 * first used or the file cannot be read (the caller then lets libharu read the file). */
static const unsigned char *font_bytes(const char *dir, int i, size_t *len)
{
	const unsigned char *p = NULL;

	pthread_mutex_lock(&cache_lock);
	if (!files.dir[0] && strlen(dir) < sizeof(files.dir))
		snprintf(files.dir, sizeof(files.dir), "%s", dir);
	if (!strcmp(files.dir, dir)) {
		if (!files.bytes[i]) {
			char path[4200];
			FILE *f;
			long n;

			snprintf(path, sizeof(path), "%s/%s", dir, font_files[i]);
			if ((f = fopen(path, "rb")) != NULL) {
				if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 && n < 64L * 1024 * 1024 &&
				    !fseek(f, 0, SEEK_SET) && (files.bytes[i] = malloc((size_t)n)) != NULL) {
					if (fread(files.bytes[i], 1, (size_t)n, f) == (size_t)n) {
						files.len[i] = (size_t)n;
					} else {
						free(files.bytes[i]);
						files.bytes[i] = NULL;
					}
				}
				fclose(f);
			}
		}
		p = files.bytes[i];
		*len = files.len[i];
		if (!files.bytes[0] && !files.bytes[1] && !files.bytes[2])
			files.dir[0] = '\0';    /* nothing read from there: let a later folder be used */
	}
	pthread_mutex_unlock(&cache_lock);
	return p;
}

/* libharu stream callbacks over a font_src: read, seek, tell, size, with the errors libharu's
 * own file reader reports (HPDF_STREAM_EOF at the end, HPDF_FILE_IO_ERROR for a bad seek). */
static HPDF_STATUS fs_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
	struct font_src *f = s->attr;
	size_t n = *siz;

	if (n > f->len - f->pos)
		n = f->len - f->pos;
	memcpy(ptr, f->p + f->pos, n);
	f->pos += n;
	if (n < *siz) {
		*siz = (HPDF_UINT)n;
		return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
	}
	return HPDF_OK;
}

static HPDF_STATUS fs_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct font_src *f = s->attr;
	long base = mode == HPDF_SEEK_CUR ? (long)f->pos : mode == HPDF_SEEK_END ? (long)f->len : 0;

	if (base + pos < 0 || base + pos > (long)f->len)
		return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
	f->pos = (size_t)(base + pos);
	return HPDF_OK;
}

static HPDF_INT32 fs_tell(HPDF_Stream s)
{
	return (HPDF_INT32)((struct font_src *)s->attr)->pos;
}

static HPDF_UINT32 fs_size(HPDF_Stream s)
{
	return (HPDF_UINT32)((struct font_src *)s->attr)->len;
}

/* The parsed definition of font i (whose bytes font_bytes() returned), loaded once per process
 * under cache_lock into a scratch document and read-only afterwards; NULL when it cannot be
 * parsed or its tables are not the kind clone_def() copies (the caller then parses the font
 * itself). Forward declaration of the stream callbacks it uses follows. */
static HPDF_STATUS fs_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz);
static HPDF_STATUS fs_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode);
static HPDF_INT32 fs_tell(HPDF_Stream s);
static HPDF_UINT32 fs_size(HPDF_Stream s);

static HPDF_FontDef font_template(int i)
{
	HPDF_FontDef def = NULL;

	pthread_mutex_lock(&cache_lock);
	if (!files.tstate[i] && files.bytes[i]) {
		HPDF_Stream st;

		files.tstate[i] = -1;
		if (!files.tdoc)
			files.tdoc = HPDF_New(NULL, NULL);
		files.tsrc[i].p = files.bytes[i];
		files.tsrc[i].len = files.len[i];
		files.tsrc[i].pos = 0;
		st = files.tdoc ? HPDF_CallbackReader_New(files.tdoc->mmgr, fs_read, fs_seek, fs_tell, fs_size,
							    &files.tsrc[i]) : NULL;
		def = st ? HPDF_TTFontDef_Load(files.tdoc->mmgr, st, HPDF_TRUE) : NULL;
		if (def) {
			HPDF_TTFontDefAttr a = def->attr;

			if (a->cmap.format == 4 && !a->char_set && a->num_glyphs > 0 && a->h_metric &&
			    a->glyph_tbl.offsets && a->glyph_tbl.flgs && a->offset_tbl.table &&
			    a->name_tbl.name_records && a->cmap.end_count && a->cmap.start_count &&
			    a->cmap.id_delta && a->cmap.id_range_offset) {
				files.tdef[i] = def;
				files.tstate[i] = 1;
			} else {
				HPDF_FontDef_Free(def);
			}
		}
		if (files.tdoc)
			HPDF_ResetError(files.tdoc);
	}
	def = files.tstate[i] == 1 ? files.tdef[i] : NULL;
	pthread_mutex_unlock(&cache_lock);
	return def;
}

/* A copy of n bytes at p in memory from mm, or NULL (libharu records the failure). */
static void *mm_dup(HPDF_MMgr mm, const void *p, size_t n)
{
	void *q = HPDF_GetMem(mm, (HPDF_UINT)(n ? n : 1));

	if (q && n)
		memcpy(q, p, n);
	return q;
}

/*
 * A new font definition in mm that is a copy of the template t, reading the font program
 * through stream s (which it owns from then on, also after a failure).
 *
 * Parsing DejaVu's tables (cmap, hmtx, loca, name) two and four bytes at a time was an eighth
 * of a render, repeated for every font of every document. The result is the same each time,
 * so it is parsed once (font_template()) and each document gets a deep copy of the arrays,
 * with the sizes libharu 2.3.0's parser allocates them with (tied to that version, like the
 * other work-arounds here). The glyph-use flags start as the parser leaves them (glyph 0
 * only). Returns the definition, or NULL when out of memory.
 */
static HPDF_FontDef clone_def(HPDF_MMgr mm, HPDF_Stream s, HPDF_FontDef t)
{
	HPDF_FontDef def = HPDF_TTFontDef_New(mm);
	HPDF_TTFontDefAttr a, ta = t->attr;
	size_t segs = ta->cmap.seg_count_x2 / 2;

	if (!def) {
		HPDF_Stream_Free(s);
		return NULL;
	}
	a = def->attr;
	memcpy(def->base_font, t->base_font, sizeof(def->base_font));
	def->ascent = t->ascent;
	def->descent = t->descent;
	def->flags = t->flags;
	def->font_bbox = t->font_bbox;
	def->italic_angle = t->italic_angle;
	def->stemv = t->stemv;
	def->avg_width = t->avg_width;
	def->max_width = t->max_width;
	def->missing_width = t->missing_width;
	def->stemh = t->stemh;
	def->x_height = t->x_height;
	def->cap_height = t->cap_height;
	def->valid = t->valid;
	*a = *ta;
	a->stream = s;
	a->h_metric = NULL;
	a->name_tbl.name_records = NULL;
	a->cmap.end_count = a->cmap.start_count = a->cmap.id_range_offset = a->cmap.glyph_id_array = NULL;
	a->cmap.id_delta = NULL;
	a->offset_tbl.table = NULL;
	a->glyph_tbl.flgs = NULL;
	a->glyph_tbl.offsets = NULL;
	if (!(a->h_metric = mm_dup(mm, ta->h_metric, sizeof(*ta->h_metric) * ta->num_glyphs)) ||
	    !(a->name_tbl.name_records = mm_dup(mm, ta->name_tbl.name_records,
						sizeof(*ta->name_tbl.name_records) * ta->name_tbl.count)) ||
	    !(a->cmap.end_count = mm_dup(mm, ta->cmap.end_count, 2 * segs)) ||
	    !(a->cmap.start_count = mm_dup(mm, ta->cmap.start_count, 2 * segs)) ||
	    !(a->cmap.id_delta = mm_dup(mm, ta->cmap.id_delta, 2 * segs)) ||
	    !(a->cmap.id_range_offset = mm_dup(mm, ta->cmap.id_range_offset, 2 * segs)) ||
	    (ta->cmap.glyph_id_array &&
	     !(a->cmap.glyph_id_array = mm_dup(mm, ta->cmap.glyph_id_array, 2 * ta->cmap.glyph_id_array_count))) ||
	    !(a->offset_tbl.table = mm_dup(mm, ta->offset_tbl.table,
					   sizeof(*ta->offset_tbl.table) * ta->offset_tbl.num_tables)) ||
	    !(a->glyph_tbl.flgs = mm_dup(mm, ta->glyph_tbl.flgs, ta->num_glyphs)) ||
	    !(a->glyph_tbl.offsets = mm_dup(mm, ta->glyph_tbl.offsets,
					    sizeof(*ta->glyph_tbl.offsets) * (ta->num_glyphs + 1u)))) {
		HPDF_FontDef_Free(def);    /* frees what was copied and s */
		return NULL;
	}
	return def;
}

/* Load font i of r from len bytes at p, embedded, registered and tagged like
 * HPDF_LoadTTFontFromFile() does. Returns its name, or NULL (error recorded by libharu). */
static const char *load_font_bytes(R *r, int i, const unsigned char *p, size_t len)
{
	HPDF_Doc pdf = r->pdf;
	HPDF_Stream s;
	HPDF_FontDef def;
	char tag[7];
	int k;

	r->src[i].p = p;
	r->src[i].len = len;
	r->src[i].pos = 0;
	s = HPDF_CallbackReader_New(pdf->mmgr, fs_read, fs_seek, fs_tell, fs_size, &r->src[i]);
	if (!s)
		return NULL;
	def = font_template(i);
	def = def ? clone_def(pdf->mmgr, s, def)                /* both free s when they fail */
		  : HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE);
	if (!def || HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK)
		return NULL;
	if (pdf->ttfont_tag[0] == 0) {
		memcpy(pdf->ttfont_tag, "HPDFAA", 6);
	} else {
		for (k = 5; k >= 0; k--) {
			pdf->ttfont_tag[k] += 1;
			if (pdf->ttfont_tag[k] > 'Z')
				pdf->ttfont_tag[k] = 'A';
			else
				break;
		}
	}
	memcpy(tag, pdf->ttfont_tag, 6);
	tag[6] = '\0';
	HPDF_TTFontDef_SetTagName(def, tag);
	return def->base_font;
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
	{
		size_t len = 0;
		const unsigned char *bytes = font_bytes(dir, i, &len);

		r->name[i] = bytes ? load_font_bytes(r, i, bytes, len) : HPDF_LoadTTFontFromFile(r->pdf, path, HPDF_TRUE);
	}
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

/* Find the first character at or after *cp and below limit that font i uses (r->used),
 * skipping empty words of the bitmap. Returns 1 with *cp set to it, or 0. */
static int used_next(const R *r, int i, unsigned *cp, unsigned limit)
{
	unsigned c = *cp;

	while (c < limit) {
		uint64_t w;
		unsigned bits;

		if (!(c & 63)) {
			memcpy(&w, &r->used[i][c >> 3], sizeof(w));
			if (!w) {
				c += 64;
				continue;
			}
		}
		bits = r->used[i][c >> 3] >> (c & 7);
		if (!bits) {
			c = (c | 7) + 1;
			continue;
		}
		c += (unsigned)__builtin_ctz(bits);
		if (c >= limit)
			break;
		*cp = c;
		return 1;
	}
	return 0;
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

	if (!a->embedding || !a->stream)
		return 0;
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
	unsigned lo = 0xFFFF, hi = 0, cp, n;

	for (cp = 0; used_next(r, i, &cp, 0xFFFF); cp++) {
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
	memset(gids, 0, (n + 1) * sizeof(*gids));
	for (cp = lo; used_next(r, i, &cp, hi + 1); cp++)
		gids[cp - lo] = HPDF_TTFontDef_GetGlyphid(r->def[i], (HPDF_UINT16)cp);
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

	hide_post(r->def[i]);
	return 0;
}

/* Leave the 'post' table out of def's embedded program (see prepare_font()). */
static void hide_post(HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = def->attr;
	HPDF_UINT t;

	for (t = 0; t < a->offset_tbl.num_tables; t++)
		if (!memcmp(a->offset_tbl.table[t].tag, "post", 4))
			memset(a->offset_tbl.table[t].tag, 0, 4);   /* libharu then writes it empty */
}

/*
 * Create font i's libharu font object (HPDF_GetFont with the UTF-8 encoder) limited to the
 * characters the document uses.
 *
 * libharu 2.3.0 builds a CIDFontType2 by looking up the glyph of every code point of its
 * encoder, then walks all 65,536 entries again for the widths and the CIDToGIDMap; that was
 * a quarter of a render. It takes another path when the encoder's to_unicode_fn is
 * HPDF_CMapEncoder_ToUnicode: only the entries of the encoder's cid_map that are not zero are
 * looked up (their unicode_map entry giving the character), and the map stops at the highest
 * CID. So for the call the UTF-8 encoder (CID = code = Unicode, as in its Identity-H
 * encoding) is given a cid_map holding only the characters used, plus the next code point so
 * that the highest used one is inside the map (libharu writes CIDs below the highest entry),
 * and is restored afterwards. The objects written are the same as the full walk gives after
 * shorten_map(): the same widths, the same map.
 *
 * Returns 0, or -1 (out of memory, or libharu's error recorded by its handler).
 */
static int get_font(R *r, int i)
{
	HPDF_Encoder enc = HPDF_GetEncoder(r->pdf, "UTF-8");
	HPDF_CMapEncoderAttr ea;
	HPDF_Encoder_ToUnicode_Func saved_fn;
	HPDF_UINT16 *saved;            /* the entries changed, cid_map and unicode_map in turn */
	unsigned cp, hi = 0, n = 1, k;

	if (!enc || enc->type != HPDF_ENCODER_TYPE_DOUBLE_BYTE || !enc->attr)
		return -1;
	ea = enc->attr;
	for (cp = 1; used_next(r, i, &cp, 0xFFFF); cp++) {
		n++;
		hi = cp;
	}
	if (!(saved = malloc(2 * n * sizeof(*saved))))
		return -1;
	/* the used characters, then one past the highest: not in the font's (prepared) cmap, so
	 * glyph 0 there as in the full walk */
	for (cp = 1, k = 0; k < n; cp++) {
		if (k < n - 1)
			used_next(r, i, &cp, 0xFFFF);
		else
			cp = hi + 1;
		saved[2 * k] = ea->cid_map[cp >> 8][cp & 0xFF];
		saved[2 * k + 1] = ea->unicode_map[cp >> 8][cp & 0xFF];
		ea->cid_map[cp >> 8][cp & 0xFF] = (HPDF_UINT16)cp;
		ea->unicode_map[cp >> 8][cp & 0xFF] = (HPDF_UNICODE)cp;
		k++;
	}
	saved_fn = enc->to_unicode_fn;
	enc->to_unicode_fn = HPDF_CMapEncoder_ToUnicode;
	r->font[i] = HPDF_GetFont(r->pdf, r->name[i], "UTF-8");
	enc->to_unicode_fn = saved_fn;
	for (cp = 1, k = 0; k < n; cp++) {
		if (k < n - 1)
			used_next(r, i, &cp, 0xFFFF);
		else
			cp = hi + 1;
		ea->cid_map[cp >> 8][cp & 0xFF] = saved[2 * k];
		ea->unicode_map[cp >> 8][cp & 0xFF] = saved[2 * k + 1];
		k++;
	}
	free(saved);
	return r->font[i] ? 0 : -1;
}

/* The value of key in dict (an indirect object's own, not its proxy), or NULL when it has
 * none. Unlike HPDF_Dict_GetItem(), a missing key records no libharu error. */
static void *dict_value(HPDF_Dict dict, const char *key)
{
	HPDF_UINT k;

	for (k = 0; dict && dict->list && k < dict->list->count; k++) {
		HPDF_DictElement e = HPDF_List_ItemAt(dict->list, k);
		HPDF_Obj_Header *h;

		if (!e || strcmp(e->key, key))
			continue;
		h = e->value;
		if (h && (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_PROXY)
			return ((HPDF_Proxy)e->value)->obj;
		return e->value;
	}
	return NULL;
}

/*
 * Replace font i's ToUnicode CMap with a valid one for the characters the document uses.
 *
 * libharu 2.3.0 writes the UTF-8 encoder's CMap as the ToUnicode map: a "begincidrange"
 * section (CIDs, not Unicode), which a ToUnicode CMap may not hold, so poppler warns on every
 * file. Codes here are Unicode code points (Identity-H, CID = code), so each used character
 * maps to itself: runs of consecutive characters sharing their high byte become bfrange
 * entries and the rest bfchar entries, at most 100 to a block as the CMap format requires.
 * The stream dictionary keeps only what a ToUnicode stream needs (its length and filter).
 * Call after HPDF_GetFont(). Returns 0, or -1 when out of memory (recorded by libharu).
 */
/* The next run of characters used in font i at or after *from: consecutive, sharing their
 * high byte, no surrogates. Returns 1 with [*lo, *hi] and *from moved past it, or 0. */
static int next_run(const R *r, int i, unsigned *from, unsigned *lo, unsigned *hi)
{
	unsigned cp = *from;

	while (used_next(r, i, &cp, 0xFFFF) && cp >= 0xD800 && cp <= 0xDFFF)
		cp++;
	if (cp >= 0xFFFF || !(r->used[i][cp >> 3] & (1u << (cp & 7))))
		return 0;
	*lo = *hi = cp;
	while (*hi + 1 < 0xFFFF && ((*hi + 1) & 0xFF) && (r->used[i][(*hi + 1) >> 3] & (1u << ((*hi + 1) & 7))))
		(*hi)++;
	*from = *hi + 1;
	return 1;
}

static int write_tounicode(R *r, int i)
{
	HPDF_Dict cmap = dict_value(r->font[i], "ToUnicode");
	static const char *const keys[] = { "Type", "CMapName", "CIDSystemInfo", "WMode" };
	unsigned cp, lo, hi, k, pass;
	HPDF_Stream s;
	HPDF_STATUS st = HPDF_OK;
	char line[64];

	if (!cmap || (cmap->header.obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT || !cmap->stream)
		return 0;
	s = HPDF_MemStream_New(cmap->mmgr, HPDF_STREAM_BUF_SIZ);
	if (!s)
		return -1;
	st += HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
				   "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
				   "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
				   "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (pass = 0; pass < 2; pass++) {    /* 0: single characters (bfchar), 1: runs (bfrange) */
		unsigned todo = 0, inblock = 0;

		for (cp = 0; next_run(r, i, &cp, &lo, &hi);)
			todo += (lo == hi) == !pass;
		for (cp = 0; st == HPDF_OK && next_run(r, i, &cp, &lo, &hi);) {
			if ((lo == hi) != !pass)
				continue;
			if (inblock == 0) {
				snprintf(line, sizeof(line), "%u %s\n", todo > 100 ? 100 : todo,
					 pass ? "beginbfrange" : "beginbfchar");
				st += HPDF_Stream_WriteStr(s, line);
			}
			if (pass)
				snprintf(line, sizeof(line), "<%04X> <%04X> <%04X>\n", lo, hi, lo);
			else
				snprintf(line, sizeof(line), "<%04X> <%04X>\n", lo, lo);
			st += HPDF_Stream_WriteStr(s, line);
			todo--;
			if (++inblock == 100 || todo == 0) {
				st += HPDF_Stream_WriteStr(s, pass ? "endbfrange\n" : "endbfchar\n");
				inblock = 0;
			}
		}
	}
	st += HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	if (st != HPDF_OK) {
		HPDF_Stream_Free(s);
		return -1;
	}
	HPDF_Stream_Free(cmap->stream);
	cmap->stream = s;
	for (k = 0; k < PK_ARRAY_LEN(keys); k++)
		if (dict_value(cmap, keys[k]))
			HPDF_Dict_RemoveElement(cmap, keys[k]);
	return 0;
}

/*
 * Shorten font i's CIDToGIDMap to the characters the document uses. With the UTF-8 encoder
 * every font maps CIDs 0..65534 (128 KB, compressed again for each font and document); CIDs
 * past the end of the map are glyph 0, and none past the highest used character is ever
 * shown. Call after HPDF_GetFont(). Returns 0, or -1 when out of memory (recorded).
 */
static int shorten_map(R *r, int i)
{
	HPDF_FontAttr fa = r->font[i]->attr;
	HPDF_Dict map = fa ? fa->map_stream : NULL;
	HPDF_Stream old, s;
	HPDF_BYTE buf[4096];
	HPDF_UINT32 want, done = 0;
	unsigned cp, hi = 0;

	if (!map || !map->stream)
		return 0;
	for (cp = 0; used_next(r, i, &cp, 0xFFFF); cp++)
		hi = cp;
	old = map->stream;
	want = 2 * (hi + 1);
	if (want >= old->size)
		return 0;
	s = HPDF_MemStream_New(map->mmgr, sizeof(buf));
	if (!s || HPDF_Stream_Seek(old, 0, HPDF_SEEK_SET) != HPDF_OK) {
		HPDF_Stream_Free(s);
		return -1;
	}
	while (done < want) {
		HPDF_UINT n = want - done > sizeof(buf) ? (HPDF_UINT)sizeof(buf) : want - done;
		if (HPDF_Stream_Read(old, buf, &n) != HPDF_OK || n == 0 || HPDF_Stream_Write(s, buf, n) != HPDF_OK) {
			HPDF_Stream_Free(s);
			return -1;
		}
		done += n;
	}
	map->stream = s;
	HPDF_Stream_Free(old);
	return 0;
}

/*
 * The font-program cache. Compressing each document's font subsets (three TrueType programs of
 * 70-90 KB) was most of a render's time. Instead, once per process and font folder, each font is
 * subset to two fixed repertoires (tiers below) and compressed once; a document whose characters all fall in the
 * repertoire embeds those cached bytes as they are, and any other document goes through
 * libharu's own per-document subsetting. Glyph numbers are the font's own in both cases
 * (libharu keeps them when subsetting), so the per-document CIDToGIDMap and widths are valid
 * for either. Built under a mutex on first use; read-only afterwards.
 */
/* Tier 0: Latin-1, Latin Extended-A, punctuation; tier 1 adds Latin Extended-B, combining
 * accents, Greek, Cyrillic and Vietnamese. A document uses the smallest tier covering it. */
#define NTIERS 2
static const unsigned repertoire[][3] = {   /* first, last, lowest tier holding them */
	{ 0x0020, 0x007E, 0 }, { 0x00A0, 0x017F, 0 }, { 0x2010, 0x2027, 0 }, { 0x2030, 0x203A, 0 },
	{ 0x20AC, 0x20AC, 0 }, { 0x2122, 0x2122, 0 }, { 0x2610, 0x2612, 0 }, { 0xFFFD, 0xFFFD, 0 },
	{ 0x0180, 0x024F, 1 }, { 0x0300, 0x036F, 1 }, { 0x0370, 0x03FF, 1 }, { 0x0400, 0x04FF, 1 },
	{ 0x1EA0, 0x1EF9, 1 }
};

static struct fontcache {
	int state[NTIERS];                 /* 0: not built, 1: built, -1: could not be built */
	char dir[4096];                    /* the font folder of every tier built ("" before) */
	unsigned char *data[NTIERS][PDFL_NFONTS];   /* FlateDecode-compressed font program */
	HPDF_UINT32 len[NTIERS][PDFL_NFONTS];
	HPDF_UINT32 length1[NTIERS][PDFL_NFONTS];
} cache;


/*
 * Zero the horizontal metrics of the glyphs def does not embed in the TrueType program
 * raw[0 .. size) that libharu saved from it, and fix the 'hmtx' table checksum. libharu copies
 * 'hmtx' whole (some 25 KB for DejaVu's ~6,000 glyphs, 9 KB compressed); a PDF takes glyph
 * widths from the font's W array, and the glyphs left out have no outlines, so their entries
 * only cost bytes. Leaves raw unchanged if its table directory does not look as expected.
 */
static void clear_unused_metrics(unsigned char *raw, size_t size, HPDF_FontDef def)
{
	HPDF_TTFontDefAttr a = def->attr;
	unsigned ntables, k, g;

	if (size < 12)
		return;
	ntables = (unsigned)raw[4] << 8 | raw[5];
	for (k = 0; k < ntables && 12 + 16 * (size_t)(k + 1) <= size; k++) {
		unsigned char *e = raw + 12 + 16 * k;
		size_t off = (size_t)e[8] << 24 | (size_t)e[9] << 16 | (size_t)e[10] << 8 | e[11];
		size_t len = (size_t)e[12] << 24 | (size_t)e[13] << 16 | (size_t)e[14] << 8 | e[15];
		uint32_t sum = 0;
		size_t j;

		if (memcmp(e, "hmtx", 4))
			continue;
		if (off > size || len > size - off || len < 4u * a->num_h_metric ||
		    len < 4u * a->num_h_metric + 2u * (unsigned)(a->num_glyphs - a->num_h_metric))
			return;
		for (g = 0; g < a->num_glyphs; g++)
			if (!a->glyph_tbl.flgs[g]) {
				if (g < a->num_h_metric)
					memset(raw + off + 4 * g, 0, 4);
				else
					memset(raw + off + 4u * a->num_h_metric + 2 * (g - a->num_h_metric), 0, 2);
			}
		for (j = 0; j < len; j += 4) {
			uint32_t w = 0;
			unsigned b;

			for (b = 0; b < 4; b++)
				w = w << 8 | (j + b < len ? raw[off + j + b] : 0);
			sum += w;
		}
		e[4] = (unsigned char)(sum >> 24);
		e[5] = (unsigned char)(sum >> 16);
		e[6] = (unsigned char)(sum >> 8);
		e[7] = (unsigned char)sum;
		return;
	}
}

/* Build the cache entry of tier t, font i from the font file at path with a scratch libharu
 * document. Returns 0, or -1 (the entry is left empty). Called with cache_lock held. */
static int cache_build_font(int t, int i, const char *path)
{
	R *r = calloc(1, sizeof(*r));
	HPDF_Stream ms = NULL;
	const char *name;
	HPDF_UINT32 size, got = 0, zlen;
	unsigned char *raw = NULL;
	uLongf zbound;
	size_t k;
	unsigned cp;
	int rc = -1;

	if (!r || !(r->pdf = HPDF_New(on_error, r)))
		goto out;
	name = HPDF_LoadTTFontFromFile(r->pdf, path, HPDF_TRUE);
	if (!name || !(r->def[i] = HPDF_GetFontDef(r->pdf, name)))
		goto out;
	for (k = 0; k < PK_ARRAY_LEN(repertoire); k++)
		for (cp = repertoire[k][0]; repertoire[k][2] <= (unsigned)t && cp <= repertoire[k][1]; cp++)
			if (HPDF_TTFontDef_GetGlyphid(r->def[i], (HPDF_UINT16)cp))
				HPDF_TTFontDef_GetCharWidth(r->def[i], (HPDF_UINT16)cp);   /* marks the glyph used */
	if (mark_composites(r->def[i]) || r->code)
		goto out;
	hide_post(r->def[i]);
	ms = HPDF_MemStream_New(r->def[i]->mmgr, HPDF_STREAM_BUF_SIZ);
	if (!ms || HPDF_TTFontDef_SaveFontData(r->def[i], ms) != HPDF_OK || r->code)
		goto out;
	/* copy the program out, clear the metrics of glyphs it does not hold, compress once */
	size = ms->size;
	if (!(raw = malloc(size ? size : 1)))
		goto out;
	for (k = 0, got = 0; k < HPDF_MemStream_GetBufCount(ms); k++) {
		HPDF_UINT n;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(ms, (HPDF_UINT)k, &n);

		if (!p || n > size - got)
			goto out;
		memcpy(raw + got, p, n);
		got += n;
	}
	if (got != size)
		goto out;
	clear_unused_metrics(raw, size, r->def[i]);
	zbound = compressBound(size);
	if (!(cache.data[t][i] = malloc(zbound)) || compress2(cache.data[t][i], &zbound, raw, size, 9) != Z_OK)
		goto out;
	zlen = (HPDF_UINT32)zbound;
	cache.len[t][i] = zlen;
	cache.length1[t][i] = size;
	rc = 0;
out:
	if (rc) {
		free(cache.data[t][i]);
		cache.data[t][i] = NULL;
	}
	free(raw);
	if (ms)
		HPDF_Stream_Free(ms);
	if (r)
		HPDF_Free(r->pdf);
	free(r);
	return rc;
}

/* The lowest tier whose repertoire holds cp, or NTIERS. */
static int tier_of(unsigned cp)
{
	size_t k;
	int t = NTIERS;

	for (k = 0; k < PK_ARRAY_LEN(repertoire); k++)
		if (cp >= repertoire[k][0] && cp <= repertoire[k][1] && (int)repertoire[k][2] < t)
			t = (int)repertoire[k][2];
	return t;
}

/* The smallest cache tier whose repertoire holds every character r uses in its fonts, built
 * from the fonts in dir on first use; -1 when none does or the tier cannot be built. */
static int cache_tier(R *r, const char *dir)
{
	int t = 0, i, rc;
	unsigned cp;

	for (i = 0; i < PDFL_NFONTS; i++)
		for (cp = 0; r->font[i] && used_next(r, i, &cp, 0x10000); cp++)
			if (tier_of(cp) > t)
				t = tier_of(cp);
	if (t >= NTIERS)
		return -1;
	pthread_mutex_lock(&cache_lock);
	if (!cache.dir[0] && strlen(dir) < sizeof(cache.dir))
		snprintf(cache.dir, sizeof(cache.dir), "%s", dir);
	if (cache.state[t] == 0 && !strcmp(cache.dir, dir)) {
		cache.state[t] = 1;
		for (i = 0; i < PDFL_NFONTS; i++) {
			char path[4200];
			snprintf(path, sizeof(path), "%s/%s", dir, font_files[i]);
			if (cache_build_font(t, i, path))
				cache.state[t] = -1;
		}
	}
	rc = cache.state[t] == 1 && !strcmp(cache.dir, dir) ? t : -1;
	pthread_mutex_unlock(&cache_lock);
	return rc;
}

/* FontFile2 dictionary hooks writing a cached, already compressed font program as the
 * dictionary's stream: write_fn (inside the dictionary) notes the output stream,
 * after_write_fn (after ">>") writes the stream. HPDF_OK or libharu's error code. */
static HPDF_STATUS ff_note_stream(HPDF_Dict obj, HPDF_Stream stream)
{
	struct ffile *f = obj->attr;

	f->r->out = stream;
	return HPDF_OK;
}

/* after_write_fn: the stream itself, after the dictionary. */
static HPDF_STATUS ff_write_stream(HPDF_Dict obj)
{
	struct ffile *f = obj->attr;
	HPDF_Stream s = f->r->out;
	HPDF_STATUS st;

	if ((st = HPDF_Stream_WriteStr(s, "\012stream\015\012")) != HPDF_OK ||
	    (st = HPDF_Stream_Write(s, cache.data[f->tier][f->font], cache.len[f->tier][f->font])) != HPDF_OK)
		return st;
	return HPDF_Stream_WriteStr(s, "\012endstream");
}

/* Give font i (after HPDF_GetFont) a font descriptor, with the entries libharu writes, whose
 * FontFile2 is the cached program of tier t; libharu then skips subsetting it. Returns 0, or
 * -1 (the error is recorded by libharu's handler). */
static int use_cached_program(R *r, int t, int i)
{
	HPDF_FontDef def = r->def[i];
	HPDF_TTFontDefAttr a = def->attr;
	HPDF_MMgr mm = r->pdf->mmgr;
	HPDF_Dict desc, ff;
	HPDF_STATUS st = 0;

	desc = HPDF_Dict_New(mm);
	if (!desc || HPDF_Xref_Add(r->pdf->xref, desc) != HPDF_OK)
		return -1;
	ff = HPDF_Dict_New(mm);
	if (!ff || HPDF_Xref_Add(r->pdf->xref, ff) != HPDF_OK)
		return -1;
	st += HPDF_Dict_AddNumber(ff, "Length", (HPDF_INT32)cache.len[t][i]);
	st += HPDF_Dict_AddName(ff, "Filter", "FlateDecode");
	st += HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)cache.length1[t][i]);
	r->ff[i].r = r;
	r->ff[i].tier = t;
	r->ff[i].font = i;
	ff->attr = &r->ff[i];
	ff->write_fn = ff_note_stream;
	ff->after_write_fn = ff_write_stream;
	st += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	st += HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
	st += HPDF_Dict_AddNumber(desc, "Descent", def->descent);
	st += HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
	st += HPDF_Dict_Add(desc, "FontBBox", HPDF_Box_Array_New(mm, def->font_bbox));
	st += HPDF_Dict_AddName(desc, "FontName", a->base_font);
	st += HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
	st += HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
	st += HPDF_Dict_AddNumber(desc, "XHeight", def->x_height);
	st += HPDF_Dict_Add(desc, "FontFile2", ff);
	if (st != HPDF_OK)
		return -1;
	def->descriptor = desc;
	return 0;
}

/* Dictionary write hook of a precompressed stream: its /Filter entry (libharu drops a
 * /Filter key from a stream dictionary whose own filter is none). HPDF_OK or the error. */
static HPDF_STATUS write_flate_key(HPDF_Dict obj, HPDF_Stream stream)
{
	(void)obj;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/*
 * Compress dict's stream with zlib at level 1 now, instead of letting libharu deflate it at
 * the default level 6 while saving: on the page content streams, ToUnicode maps and
 * CIDToGIDMaps of a PEP (about 70 KB a document) that was a sixth of a render for 1-2% of the
 * file size. The stream is replaced by the compressed bytes and the dictionary writes its
 * /Filter through its write hook; libharu's own filter is cleared (*stream, if given, is another pointer to the
 * stream that is updated too). A stream that is empty, not in memory or not read back whole
 * is left to libharu. Returns 0, or -1 when out of memory (the stream is then unchanged).
 */
static HPDF_Stream deflate_stream(HPDF_MMgr mm, HPDF_Stream src, const unsigned char *p, size_t plen);

static int precompress(HPDF_Dict dict, HPDF_Stream *alias)
{
	HPDF_Stream src = dict ? dict->stream : NULL, dst;
	HPDF_UINT k, n, len;
	HPDF_UINT32 total = 0;

	if (!src || src->type != HPDF_STREAM_MEMORY || src->size == 0 || dict->write_fn)
		return 0;
	n = HPDF_MemStream_GetBufCount(src);
	for (k = 0; k < n; k++) {
		if (!HPDF_MemStream_GetBufPtr(src, k, &len))
			return 0;
		total += len;
	}
	if (total != src->size)
		return 0;
	if (!(dst = deflate_stream(dict->mmgr, src, NULL, 0)))
		return -1;
	dict->stream = dst;
	dict->filter = HPDF_STREAM_FILTER_NONE;
	dict->write_fn = write_flate_key;
	if (alias)
		*alias = dst;
	HPDF_Stream_Free(src);
	return 0;
}

/* A new libharu memory stream (in mm) holding the zlib level-1 compression of either the
 * memory stream src (read block by block) or, when src is NULL, plen bytes at p. NULL when
 * out of memory. */
static HPDF_Stream deflate_stream(HPDF_MMgr mm, HPDF_Stream src, const unsigned char *p, size_t plen)
{
	HPDF_Stream dst = NULL;
	z_stream z;
	unsigned char out[16384];
	HPDF_UINT k, n = src ? HPDF_MemStream_GetBufCount(src) : 1, len;
	int ok = 0, zrc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (deflateInit(&z, 1) != Z_OK)
		return NULL;
	if (!(dst = HPDF_MemStream_New(mm, HPDF_STREAM_BUF_SIZ)))
		goto out;
	for (k = 0; k <= n; k++) {
		int flush = k == n ? Z_FINISH : Z_NO_FLUSH;

		if (k == n) {
			z.next_in = NULL;
			z.avail_in = 0;
		} else if (src) {
			z.next_in = HPDF_MemStream_GetBufPtr(src, k, &len);
			z.avail_in = len;
		} else {
			z.next_in = (unsigned char *)p;
			z.avail_in = (uInt)plen;
		}
		do {
			z.next_out = out;
			z.avail_out = sizeof(out);
			zrc = deflate(&z, flush);
			if (zrc == Z_STREAM_ERROR ||
			    HPDF_Stream_Write(dst, out, (HPDF_UINT)(sizeof(out) - z.avail_out)) != HPDF_OK)
				goto out;
		} while (z.avail_out == 0);
	}
	ok = zrc == Z_STREAM_END;
out:
	deflateEnd(&z);
	if (!ok && dst) {
		HPDF_Stream_Free(dst);
		dst = NULL;
	}
	return dst;
}

/* Compress font i's CIDToGIDMap and ToUnicode streams now (precompress()) and detach them
 * from the font, whose before-write hook would otherwise set libharu's filter on them again.
 * Call after shorten_map() and write_tounicode(). Returns 0, or -1 when out of memory. */
static int compress_font_streams(R *r, int i)
{
	HPDF_FontAttr fa = r->font[i]->attr;
	HPDF_Dict tounicode = dict_value(r->font[i], "ToUnicode");

	if (precompress(fa->map_stream, NULL) || precompress(tounicode, NULL))
		return -1;
	fa->map_stream = NULL;
	if (fa->cmap_stream == tounicode)
		fa->cmap_stream = NULL;
	return 0;
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
	buf_append(b, q, (size_t)(e - q));
}

/* Append the colour 0xRRGGBB and op ("rg" fill, "RG" stroke) to b. */
static void put_rgb(pk_buf *b, unsigned rgb, const char *op)
{
	put_num(b, ((rgb >> 16) & 0xFF) / 255.0);
	buf_append(b, " ", 1);
	put_num(b, ((rgb >> 8) & 0xFF) / 255.0);
	buf_append(b, " ", 1);
	put_num(b, (rgb & 0xFF) / 255.0);
	buf_append(b, " ", 1);
	buf_puts(b, op);
	buf_append(b, "\n", 1);
}

/* Append the graphics (lines, boxes) of ops[first .. first+n) to the content stream b. */
static void put_graphics(pk_buf *b, const pdfl_op *ops, size_t first, size_t n)
{
	size_t i;

	for (i = first; i < first + n; i++) {
		const pdfl_op *o = &ops[i];

		if (o->kind == PDFL_OP_LINE) {
			put_rgb(b, o->rgb, "RG");
			put_num(b, o->size);
			buf_puts(b, o->dash ? " w\n[2 2] 0 d\n" : " w\n");
			put_num(b, o->x);
			buf_append(b, " ", 1);
			put_num(b, o->y);
			buf_puts(b, " m\n");
			put_num(b, o->x2);
			buf_append(b, " ", 1);
			put_num(b, o->y2);
			buf_puts(b, o->dash ? " l\nS\n[] 0 d\n" : " l\nS\n");
		} else if (o->kind == PDFL_OP_RECT) {
			if (o->fill >= 0)
				put_rgb(b, (unsigned)o->fill, "rg");
			if (o->size > 0) {
				put_rgb(b, o->rgb, "RG");
				put_num(b, o->size);
				buf_puts(b, " w\n");
			}
			put_num(b, o->x);
			buf_append(b, " ", 1);
			put_num(b, o->y);
			buf_append(b, " ", 1);
			put_num(b, o->x2);
			buf_append(b, " ", 1);
			put_num(b, o->y2);
			buf_puts(b, o->fill >= 0 && o->size > 0 ? " re\nB\n" : o->fill >= 0 ? " re\nf\n" : " re\nS\n");
		}
	}
}

/* Append s (UTF-8) to b as a hex string of its UCS-2 codes (code = CID = Unicode under the
 * fonts' Identity-H encoding); characters outside the BMP, which the layout already replaced,
 * and malformed bytes become U+FFFD. */
static void put_hex_text(pk_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	char t[64];
	size_t k = 0;

	buf_append(b, "<", 1);
	while (*u) {
		unsigned cp, need, j;

		if (*u < 0x80) {
			cp = *u++;
			need = 0;
		} else if ((*u & 0xE0) == 0xC0) {
			cp = *u++ & 0x1F;
			need = 1;
		} else if ((*u & 0xF0) == 0xE0) {
			cp = *u++ & 0x0F;
			need = 2;
		} else if ((*u & 0xF8) == 0xF0) {
			cp = *u++ & 0x07;
			need = 3;
		} else {
			u++;
			cp = 0xFFFD;
			need = 0;
		}
		for (j = 0; j < need; j++) {
			if ((*u & 0xC0) != 0x80) {
				cp = 0xFFFD;
				break;
			}
			cp = cp << 6 | (*u++ & 0x3F);
		}
		if (cp > 0xFFFF)
			cp = 0xFFFD;
		t[k++] = hex[cp >> 12 & 15];
		t[k++] = hex[cp >> 8 & 15];
		t[k++] = hex[cp >> 4 & 15];
		t[k++] = hex[cp & 15];
		if (k == sizeof(t)) {
			buf_append(b, t, k);
			k = 0;
		}
	}
	buf_append(b, t, k);
	buf_puts(b, "> Tj\n");
}

/* Append the text runs of ops[first .. first+n) to b (inside BT/ET); names[] are the page's
 * resource names of the fonts, and *font, *size, *rgb the current text state, so unchanged
 * settings are not repeated. Each run is placed with an absolute text matrix. */
static void put_text(pk_buf *b, const pdfl_doc *d, size_t first, size_t n, const char *const *names,
		     int *font, float *size, long *rgb)
{
	size_t i;

	for (i = first; i < first + n; i++) {
		const pdfl_op *o = &d->ops[i];

		if (o->kind != PDFL_OP_TEXT)
			continue;
		if (o->font != *font || o->size != *size) {
			buf_append(b, "/", 1);
			buf_puts(b, names[o->font]);
			buf_append(b, " ", 1);
			put_num(b, o->size);
			buf_puts(b, " Tf\n");
			*font = o->font;
			*size = o->size;
		}
		if ((long)o->rgb != *rgb) {
			put_rgb(b, o->rgb, "rg");
			*rgb = (long)o->rgb;
		}
		buf_puts(b, "1 0 0 1 ");
		put_num(b, o->x);
		buf_append(b, " ", 1);
		put_num(b, o->y);
		buf_puts(b, " Tm\n");
		put_hex_text(b, pdfl_str(d, o->str));
	}
}

/*
 * Write page pg of d as page's content stream, compressed (deflate_stream()).
 *
 * The operators are written here rather than through libharu's page functions, which format
 * each one through a cleared scratch buffer and tracked state nothing here needs; that was a
 * fifth of a render. Only the fonts go through libharu (HPDF_Page_GetLocalFontName adds them
 * to the page's resources). cs is scratch space. Returns 0, or -1 when out of memory or a
 * font cannot be added (libharu records its errors).
 */
static int write_page(R *r, HPDF_Page page, const pdfl_doc *d, const pdfl_page *pg, pk_buf *cs)
{
	HPDF_PageAttr pa = page->attr;
	const char *names[PDFL_NFONTS] = { NULL };
	HPDF_Stream dst;
	size_t k;
	int font = -1, f;
	float size = 0;
	long rgb = -1;

	for (k = 0; k < 2; k++) {
		size_t first = k ? pg->dfirst : pg->first, n = k ? pg->dcount : pg->count, j;

		for (j = first; j < first + n; j++)
			if (d->ops[j].kind == PDFL_OP_TEXT && !names[f = d->ops[j].font] &&
			    (!r->font[f] || !(names[f] = HPDF_Page_GetLocalFontName(page, r->font[f]))))
				return -1;
	}
	buf_reset(cs);
	put_graphics(cs, d->ops, pg->first, pg->count);
	put_graphics(cs, d->ops, pg->dfirst, pg->dcount);
	buf_puts(cs, "BT\n");
	put_text(cs, d, pg->first, pg->count, names, &font, &size, &rgb);
	put_text(cs, d, pg->dfirst, pg->dcount, names, &font, &size, &rgb);
	buf_puts(cs, "ET\n");
	if (!cs->data || !pa || !pa->contents || pa->contents->stream != pa->stream || pa->contents->write_fn ||
	    !(dst = deflate_stream(pa->contents->mmgr, NULL, (const unsigned char *)cs->data, cs->len)))
		return -1;
	HPDF_Stream_Free(pa->contents->stream);
	pa->contents->stream = pa->stream = dst;
	pa->contents->filter = HPDF_STREAM_FILTER_NONE;
	pa->contents->write_fn = write_flate_key;
	return 0;
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
		     get_font(&r, (int)i) || shorten_map(&r, (int)i) ||
		     write_tounicode(&r, (int)i) || compress_font_streams(&r, (int)i)))
			goto font_failed;

	{
		const char *dir = getenv("PEPKIT_FONTDIR");
		int tier = cache_tier(&r, dir && *dir ? dir : DEFAULT_FONTDIR);
		for (i = 0; tier >= 0 && i < PDFL_NFONTS; i++)
			if (r.font[i] && use_cached_program(&r, tier, (int)i))
				goto font_failed;
	}
	HPDF_SetInfoAttr(r.pdf, HPDF_INFO_CREATOR, "pepkit");
	HPDF_SetInfoAttr(r.pdf, HPDF_INFO_TITLE, pdfl_str(&d, d.title));
	if (*pdfl_str(&d, d.subject))
		HPDF_SetInfoAttr(r.pdf, HPDF_INFO_SUBJECT, pdfl_str(&d, d.subject));
	if (*pdfl_str(&d, d.keywords))
		HPDF_SetInfoAttr(r.pdf, HPDF_INFO_KEYWORDS, pdfl_str(&d, d.keywords));

	for (i = 0; i < d.npages && !r.code; i++) {
		HPDF_Page page = HPDF_AddPage(r.pdf);

		if (!page)
			break;
		HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
		if (write_page(&r, page, &d, &d.pages[i], &cs) && !r.code)
			r.code = HPDF_FAILD_TO_ALLOC_MEM;
	}
	for (i = 0; i < PDFL_NFONTS && !r.code; i++)
		if (r.font[i] && mark_composites(r.def[i]) && !r.code)
			r.code = HPDF_TTF_INVALID_FOMAT;
	if (r.code) {
		rc = pk_error_set(err, PK_EINTERNAL, "PDF drawing failed (libharu error 0x%04X, detail %u)",
				  (unsigned)r.code, (unsigned)r.detail);
		goto out;
	}
	/* HPDF_SaveToStream() makes a memory stream only when the document has no stream yet, and
	 * empties it only when it is one: given a callback writer, it writes through that */
	if (o && o->pdfa && (rc = pdfa_prepare(r.pdf, o->date, err)) != PK_OK)
		goto out;
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
	buf_free(&cs);
	pdfl_free(&d);
	HPDF_Free(r.pdf);
	return rc;
}

void pdf_cleanup(void)
{
	int t, i;

	pdfa_cleanup();
	pthread_mutex_lock(&cache_lock);
	for (t = 0; t < NTIERS; t++)
		for (i = 0; i < PDFL_NFONTS; i++) {
			free(cache.data[t][i]);
			cache.data[t][i] = NULL;
		}
	memset(&cache, 0, sizeof(cache));
	for (i = 0; i < PDFL_NFONTS; i++) {
		if (files.tdef[i])
			HPDF_FontDef_Free(files.tdef[i]);
		free(files.bytes[i]);
	}
	HPDF_Free(files.tdoc);
	memset(&files, 0, sizeof(files));
	pthread_mutex_unlock(&cache_lock);
}
