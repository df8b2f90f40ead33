/*
 * pdf_layout.h: the layout pass of the PDF renderer. It turns a document IR (schemas/document.xsd)
 * into a list of pages, each a list of positioned drawing operations (text runs, lines, boxes),
 * measuring text through a width callback so it knows nothing of libharu. Because every page is
 * laid out before anything is drawn, the drawing pass knows the page count ("Page X of Y").
 *
 * Coordinates are PDF points with the origin at the bottom left of an A4 page. Text strings are
 * UTF-8, NUL-terminated, held in the layout's string arena (characters outside the Basic
 * Multilingual Plane are kept). A line holding right-to-left text, or in a paragraph whose first
 * strong character is right-to-left, is cut into runs of one bidi level (UAX #9, text.h) placed
 * in visual order, right-aligned in a right-to-left paragraph; each run's op has rtl set and its
 * text in logical order, for the renderer to shape.
 */
#ifndef PEPKIT_PDF_LAYOUT_H
#define PEPKIT_PDF_LAYOUT_H

#include "core/pepkit.h"
#include "core/buf.h"

#include <libxml/tree.h>

#define PDFL_PAGE_W 595.276f
#define PDFL_PAGE_H 841.89f
#define PDFL_MARGIN 56.69f          /* 20 mm */

/* Fonts, by index into the renderer's font table. */
enum { PDFL_REGULAR = 0, PDFL_BOLD = 1, PDFL_ITALIC = 2, PDFL_NFONTS = 3 };

enum { PDFL_OP_TEXT, PDFL_OP_LINE, PDFL_OP_RECT };

/* One drawing operation. TEXT: baseline at (x, y) in font at size, str an offset into the string
 * arena. LINE: from (x, y) to (x2, y2), line width size, dashed when dash. RECT: lower left
 * (x, y), width x2, height y2, filled with colour fill when fill >= 0, stroked with line width
 * size when size > 0. rgb: colour 0xRRGGBB of text or stroke. */
typedef struct pdfl_op {
	unsigned char kind, font;
	unsigned char dash;        /* LINE: 0 solid, else a dash pattern number */
	float x, y, x2, y2;
	float size;                /* TEXT: font size; LINE/RECT: line width */
	long fill;                 /* RECT: fill colour 0xRRGGBB, or -1 */
	unsigned rgb;
	size_t str;
	unsigned char rtl;         /* TEXT: the run is right-to-left (its text in logical order) */
} pdfl_op;

/* A page's operations: its content ops[first .. first+count), then the running header and
 * footer (marking, audience, footer line, "Page X of Y") ops[dfirst .. dfirst+dcount). */
typedef struct pdfl_page {
	size_t first, count, dfirst, dcount;
} pdfl_page;

/* Text width callback: the advance width of Unicode code point cp in font (PDFL_*), in
 * thousandths of the font size. Every character any text operation draws is measured at least
 * once (in its font), so the callback also learns the set of characters the document uses. */
typedef int (*pdfl_width_fn)(void *ctx, int font, unsigned cp);

/* Text measuring callback for runs that need shaping or are right-to-left: the advance of s
 * (n bytes of UTF-8, one direction: right-to-left when rtl) in font, in thousandths of the font
 * size; negative when out of memory. */
typedef double (*pdfl_measure_fn)(void *ctx, int font, const char *s, size_t n, int rtl);

typedef struct pdfl_doc {
	pdfl_op *ops;
	size_t nops, capops;
	pdfl_page *pages;
	size_t npages, cappages;
	pk_buf strings;            /* arena of NUL-terminated UTF-8 strings */
	unsigned used_fonts;       /* bit per font index that some text uses */
	/* meta, as arena offsets (or (size_t)-1 when absent) */
	size_t title, subtitle, marking, footer, audience, subject, keywords;
} pdfl_doc;

/* Lay out ir into doc (which the caller zeroes first and frees with pdfl_free(), also after a
 * failure). Returns PK_OK, PK_EINVAL (not a document IR: wrong root, no meta or body, a missing
 * required meta element), PK_ELIMIT (over the page cap) or PK_ENOMEM, with err set. Unknown
 * elements in the body are ignored. */
int pdfl_layout(xmlDocPtr ir, pdfl_width_fn width, pdfl_measure_fn measure, void *ctx, pdfl_doc *doc,
		pk_error *err);

/* The NUL-terminated string at arena offset off (or "" for (size_t)-1). */
const char *pdfl_str(const pdfl_doc *doc, size_t off);

/* Free what doc holds; doc is empty afterwards. Accepts NULL. */
void pdfl_free(pdfl_doc *doc);

#endif
