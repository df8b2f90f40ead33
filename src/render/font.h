/*
 * font.h: the font fallback chain, per-character font choice, and the per-document record of
 * the glyphs drawn, from which real font subsets (hb-subset) and ToUnicode maps are made.
 *
 * The chain is configuration: templates/fonts.conf under pk_datadir() (format in that file):
 * families in order, each with a regular, bold and italic file and the scripts it is for. For
 * each character the family named for its script is used, else the first family whose regular
 * face has a glyph for it (so Arabic letters DejaVu Sans also has still come from the Arabic
 * font, and a name joins in one font); a family without a bold file uses its
 * regular one, and one without an italic file uses its regular one slanted (font_face_oblique).
 * $PEPKIT_FONTDIR, when set, replaces every family's folder (files are looked for by name).
 * The first family is required; a later family whose files are missing is left out of the chain.
 *
 * Faces are loaded once per process, on first use (HarfBuzz face and font, a face of the tables
 * the subsetter keeps) and shared read-only by all threads; font_cleanup() frees them at exit.
 * A Latin-script document reads only the first family's files.
 */
#ifndef PEPKIT_FONT_H
#define PEPKIT_FONT_H

#include "core/pepkit.h"
#include "core/fingerprint.h"
#include "core/buf.h"

#include <stdint.h>
#include <hb.h>

/* Styles, the same numbers as the layout's PDFL_REGULAR, PDFL_BOLD, PDFL_ITALIC. */
enum { FONT_REGULAR = 0, FONT_BOLD = 1, FONT_ITALIC = 2, FONT_NSTYLES = 3 };

/* The most families a chain may name, and so the most faces (family x style). */
#define FONT_MAX_FAMILIES 16
#define FONT_MAX_FACES (FONT_MAX_FAMILIES * FONT_NSTYLES)

/* A loaded font file (shared, read-only after loading). */
typedef struct font_face {
	char *path;             /* the file read */
	char *psname;           /* PostScript name (letters, digits, '-' only) */
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;        /* scale = units per em: advances in font units */
	hb_face_t *prep;        /* the kept tables only, the subsetter's source (first subset) */
	unsigned upem, nglyphs;
	int ascent, descent, cap_height, italic_angle, weight;   /* for the font descriptor */
	int bbox[4];
} font_face;

/* A chain loaded for one font folder: faces[family * FONT_NSTYLES + style], read from
 * path[] on first use (font_face_at); path NULL where the style uses another file (see
 * font_resolve). The first family is loaded with the chain. */
typedef struct font_chain {
	int nfam;
	char *path[FONT_MAX_FACES];
	unsigned char failed[FONT_MAX_FACES];   /* the file could not be loaded when first used */
	char family[FONT_MAX_FAMILIES][64];
	int scripts[FONT_MAX_FAMILIES][8];     /* ICU UScriptCode values the family is for */
	int nscripts[FONT_MAX_FAMILIES];
	font_face *faces[FONT_MAX_FACES];
} font_chain;

/* The chain for the current font folder ($PEPKIT_FONTDIR or each family's own), loaded on first
 * use and cached for the process. Returns it, or NULL with err set: PK_EIO naming a file of the
 * first family that cannot be read or parsed, PK_EINVAL for a bad fonts.conf, PK_ENOMEM. */
const font_chain *font_chain_get(pk_error *err);

/* Add to c the bytes of everything the chain of this process (PEPKIT_FONTDIR) would draw
 * with: templates/fonts.conf and every font file it names (an absent fallback file as absent),
 * so a font package update makes documents out of date. Returns PK_OK, or PK_EIO/PK_EINVAL/
 * PK_ENOMEM with err. Reads the files; loads nothing into the chain. */
int font_fingerprint(fp_ctx *c, pk_error *err);

/* Face style of family fam, loaded on first use (thread-safe); NULL when the family has no
 * file for that style or it cannot be loaded. */
const font_face *font_face_at(const font_chain *c, int fam, int style);

/* The face drawing style of family fam: its own file, else the regular one; *oblique (if not
 * NULL) set to 1 when an italic is asked for and drawn as a slanted regular. Never NULL for
 * a family in the chain. */
const font_face *font_resolve(const font_chain *c, int fam, int style, int *oblique);

/* The family of c that draws cp: the first family named for cp's script ("scripts" in
 * fonts.conf) that has a glyph for it, else the first family with a glyph; -1 when none has.
 * Whitespace and controls count as covered by the first family. */
int font_family_for(const font_chain *c, uint32_t cp);

/* The first code point of UTF-8 text s (n bytes) that no family of c has, or 0 when all are
 * covered; malformed UTF-8 counts as covered (the parser rejects it earlier). */
uint32_t font_missing(const font_chain *c, const char *s, size_t n);

/* Advance of glyph g of f in thousandths of the font size, rounded (the /W widths). */
int font_advance(const font_face *f, unsigned g);

/* ---- per document: which glyphs each face draws, and what text each stands for ---- */

/* A face's record in one document. */
typedef struct font_use {
	const font_face *face;
	int oblique;
	hb_set_t *glyphs;        /* glyph ids drawn (0 .notdef always kept by the subsetter) */
	uint32_t *uni;           /* uni[g]: offset+1 into text of the glyph's Unicode text, 0 none */
	pk_buf text;             /* NUL-terminated UTF-32 strings (uint32_t) the uni[] offsets name */
	char name[8];            /* resource name on pages, "F0", "F1", ... */
} font_use;

typedef struct font_doc {
	font_use use[FONT_MAX_FACES + FONT_MAX_FAMILIES];
	int nuse;
	int rc;                  /* the first PK_ENOMEM, sticky */
} font_doc;

/* The record of face f (slanted when oblique) in d, added when new. Returns its index, or -1
 * (out of memory; d->rc set). */
int font_doc_use(font_doc *d, const font_face *f, int oblique);

/* Record that glyph g of use u stands for the n code points at u32 (logical order). The first
 * text recorded for a glyph is kept. Returns 1 when g already stood for other text (so the
 * caller may add ActualText), 0, or -1 when out of memory. */
int font_doc_glyph(font_doc *d, int u, unsigned g, const uint32_t *u32, size_t n);

/* The subset font program of use u (hb-subset, glyph ids retained, no hinting, only the tables a
 * PDF needs) appended to out. Returns PK_OK, PK_ENOMEM or PK_EINTERNAL (subsetting failed). */
int font_doc_subset(font_doc *d, int u, pk_buf *out);

/* Free what d holds; d is zeroed. Accepts NULL. */
void font_doc_free(font_doc *d);

/* Free every cached chain and face. At exit only, when no render is running. */
void font_cleanup(void);

#endif
