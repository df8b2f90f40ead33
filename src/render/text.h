/*
 * text.h: the text layer between the PDF layout and the fonts: the Unicode bidirectional
 * algorithm (UAX #9, FriBidi) for a line, and a string turned into positioned glyphs: split
 * into runs by font family (font.h's fallback chain, per character) and script (ICU), runs in
 * scripts that need it shaped with HarfBuzz (hb_shape: Arabic script, Hebrew, Indic scripts,
 * Adlam), others by the fast path (one glyph per character from the cmap, the font's advance:
 * Latin, Greek, Cyrillic, Ethiopic, ...).
 *
 * A text_ctx is one thread's scratch space and, when drawing, the document's glyph record.
 */
#ifndef PEPKIT_TEXT_H
#define PEPKIT_TEXT_H

#include "core/pepkit.h"
#include "render/font.h"

#include <stdint.h>
#include <hb.h>

/* One glyph drawn, in visual order. Advances and offsets in thousandths of the font size. */
typedef struct text_glyph {
	int use;                 /* index into the font_doc's uses (-1 when only measuring) */
	unsigned gid;
	int w;                   /* the glyph's own advance, rounded: its /W width */
	float adv, dx, dy;
	unsigned short nact;     /* > 0 on the first glyph of a cluster whose glyphs' ToUnicode text
	                          * is not its own text: that many glyphs take ActualText */
	unsigned cstart, clen;   /* with nact: the cluster's code points in t->u32 */
} text_glyph;

typedef struct text_ctx {
	const font_chain *chain;
	font_doc *doc;           /* glyphs are recorded here when not NULL */
	hb_buffer_t *hb;
	uint32_t *u32;           /* the last string shaped, as code points (logical order) */
	size_t nu, cu;
	text_glyph *g;           /* its glyphs, visual order */
	size_t ng, cg;
	int *fam;                /* scratch: family per code point */
	size_t cfam;
	int rc;                  /* first PK_ENOMEM, sticky */
	/* caches for code points below TEXT_LAT (Latin, punctuation): the family drawing each
	 * (-2 unknown), and in the first family per style the glyph + 1 (0 unknown) and advance */
	signed char lfam[0x370];
	unsigned short lgid[FONT_NSTYLES][0x370];
	short ladv[FONT_NSTYLES][0x370];
} text_ctx;

#define TEXT_LAT 0x370

/* Set up t over chain c, recording drawn glyphs in doc (NULL: measuring only). Returns PK_OK or
 * PK_ENOMEM; free with text_free() in either case. */
int text_init(text_ctx *t, const font_chain *c, font_doc *doc);

/* Free what t holds. Accepts NULL. */
void text_free(text_ctx *t);

/* Lay out s (n bytes of UTF-8, one direction: right-to-left when rtl) in style (FONT_*) into
 * t->g[0 .. t->ng) in visual order, recording the glyphs in t->doc when set. Returns the total
 * advance in thousandths of the font size, or a negative value when out of memory (t->rc). */
double text_shape(text_ctx *t, int style, const char *s, size_t n, int rtl);

/* Decode the UTF-8 character at s (n > 0 bytes): returns its length (at least 1) and sets *cp,
 * U+FFFD for a malformed sequence. Characters outside the BMP are kept. */
int text_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);

/* 1 when s (n bytes) holds a character that needs shaping or is right-to-left, else 0. */
int text_is_complex(const char *s, size_t n);

/* 1 when code point cp is a strong right-to-left character (bidi class R or AL). */
int text_cp_rtl(uint32_t cp);

/* The direction of the first strong character of s (n bytes): 1 right-to-left, 0 left-to-right
 * or none (rules P2-P3 of UAX #9). */
int text_par_rtl(const char *s, size_t n);

/* The bidi embedding level of every byte of s (n bytes, UTF-8, one line of a paragraph whose
 * base direction is right-to-left when base_rtl) into lev[0 .. n): each byte of a character gets
 * its level. Returns PK_OK or PK_ENOMEM. */
int text_bidi(const char *s, size_t n, int base_rtl, unsigned char *lev);

/* Line-break opportunities of the Unicode line breaking algorithm (UAX #14, ICU's line break
 * iterator with root rules, so the result does not depend on the locale). */
typedef struct text_lb text_lb;

/* 1 when the word s (n bytes, no spaces) certainly has no break opportunity inside: ASCII
 * opening brackets and quotes, then letters, digits and quotes, then closing punctuation
 * (. , : ; ! ? ) ] } / and quotes), e.g. "child's", "(PP+" is not one, "school.)". UAX #14
 * forbids a break after an opening bracket or quote (LB14, LB19), before closing punctuation
 * and quotes (LB13, LB19) and between letters and digits (LB23, LB28); tests/unit/test_text.c
 * checks this answer against ICU's. 0 means: ask text_lb. */
int text_lb_none(const char *s, size_t n);

/* Open a break finder. Returns NULL when out of memory or when ICU cannot load its rules. */
text_lb *text_lb_open(void);

/* Free lb. Accepts NULL. */
void text_lb_close(text_lb *lb);

/* Make s (n bytes of UTF-8; not copied, it must stay unchanged while lb uses it) lb's text.
 * Returns PK_OK, or PK_ENOMEM (lb then has no text). */
int text_lb_set(text_lb *lb, const char *s, size_t n);

/* The first break opportunity of lb's text after byte offset pos (a break before the byte it
 * returns), or -1 when there is none before the end of the text. */
long text_lb_after(text_lb *lb, size_t pos);

#endif
