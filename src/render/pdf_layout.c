/*
 * pdf_layout.c: the layout pass of the PDF renderer (see pdf_layout.h).
 *
 * Text is handled in "text boxes": inline IR content is cut into tokens (runs of one font
 * between spaces and the other line-break opportunities of UAX #14), tokens are broken into
 * lines of a given width (at those opportunities, or by characters for a word wider than the
 * line), and lines are then placed on pages. A table row is a text
 * box holding every cell's lines; paragraphs, list items, field grids and input boxes all go
 * through the same code. Pages are filled top-down with a cursor y; a block that does not fit
 * moves to a new page, headings are kept with what follows, table rows repeat the header row on
 * each new page and rows too tall for a page are split between lines.
 */
#include "core/pepkit.h"
#include "render/pdf_layout.h"
#include "render/irnum.h"
#include "render/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlstring.h>
#include <libxml/xpath.h>

#define CONTENT_TOP (PDFL_PAGE_H - PDFL_MARGIN)
#define CONTENT_BOTTOM PDFL_MARGIN
#define CONTENT_W (PDFL_PAGE_W - 2 * PDFL_MARGIN)
#define BODY_SIZE 10.0f
#define NOTE_SIZE 8.5f
#define LEAD 1.3f                 /* line height / font size */
#define CELL_PAD 4.0f
#define MAX_PAGES 5000
#define NONE ((size_t)-1)

#define RGB_TEXT 0x000000u
#define RGB_GREY 0x595959u
#define RGB_RULE 0x808080u
#define HEAD_FILL 0xE6E6E6L

/* A run of text in one font with no space and no line-break opportunity inside:
 * txt[off .. off+len). sp: a space precedes it; br: a forced line break precedes it; opp: a
 * line may break before it although no space precedes it (UAX #14: after a hyphen, a slash, a
 * dash, ...). */
typedef struct tok {
	size_t off, len;
	float w;
	unsigned char font, sp, br, opp;
} tok;

/* Part of a line: txt[off .. off+len) in font, starting x points from the line's left. */
typedef struct piece {
	size_t off, len;
	float x;
	unsigned char font;
} piece;

typedef struct line {
	size_t first, n;          /* pieces */
} line;

/* A cell of a row (or the one cell of a paragraph): its lines and how to draw them. */
typedef struct cell {
	float x, w;               /* outer box */
	float size;
	unsigned rgb;
	size_t lfirst, nlines;
	size_t tfirst, ntoks;
} cell;

/* Scratch space for laying out text: all arrays grow and are reused between blocks. */
typedef struct tbox {
	pk_buf txt;
	tok *t; size_t nt, ct;
	piece *p; size_t np, cp;
	line *l; size_t nl, cl;
	cell *c; size_t nc, cc;
} tbox;

/* The layout state. */
typedef struct L {
	pdfl_doc *d;
	pdfl_width_fn wf;
	pdfl_measure_fn mf;
	void *ctx;
	pk_error *err;
	int rc;
	float y;                  /* top of the free space on the current page */
	int fresh;                /* nothing but repeated headers on the current page yet */
	short wcache[PDFL_NFONTS][0x800];
	text_lb *lb;              /* line-break opportunities, opened when first needed */
	tok *split; size_t csplit; /* scratch for split_opps() */
	tbox row, head;           /* current row / paragraph, and the current table's header row */
} L;

/* Grow *arr (element size sz, *cap elements) to hold n+1 elements. Returns 0, or -1 and sets
 * l->rc to PK_ENOMEM (the array is unchanged). */
static int grow(L *l, void **arr, size_t *cap, size_t n, size_t sz)
{
	size_t nc;
	void *p;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 64;
	p = realloc(*arr, nc * sz);
	if (!p) {
		l->rc = pk_error_set(l->err, PK_ENOMEM, "out of memory laying out the PDF");
		return -1;
	}
	*arr = p;
	*cap = nc;
	return 0;
}

#define GROW(l, arr, n, cap) grow((l), (void **)&(arr), &(cap), (n), sizeof(*(arr)))

/* Advance width of cp in font, in thousandths of the font size (cached for cp < 0x800). */
static int cwidth(L *l, int font, unsigned cp)
{
	if (cp < 0x800) {
		short *w = &l->wcache[font][cp];
		if (*w < 0)
			*w = (short)l->wf(l->ctx, font, cp);
		return *w;
	}
	return l->wf(l->ctx, font, cp);
}

/* Decode the UTF-8 character at s (at most n bytes). Returns its length in bytes (at least 1)
 * and stores the code point, U+FFFD for a malformed sequence. */
static int utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	int len, c;

	if (n > 0 && s[0] < 0x80) {   /* ASCII, most of a document: no call to decode it */
		*cp = s[0];
		return 1;
	}
	len = n > 4 ? 4 : (int)n;
	c = xmlGetUTF8Char(s, &len);
	if (c < 0 || len < 1) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = (unsigned)c;
	return len;
}

/* Append cp as UTF-8 to b. Returns PK_OK or PK_ENOMEM. */
static int put_cp(pk_buf *b, unsigned cp)
{
	unsigned char s[4];
	size_t n;

	if (cp < 0x80) {
		s[0] = (unsigned char)cp; n = 1;
	} else if (cp < 0x800) {
		s[0] = (unsigned char)(0xC0 | (cp >> 6));
		s[1] = (unsigned char)(0x80 | (cp & 0x3F)); n = 2;
	} else if (cp < 0x10000) {
		s[0] = (unsigned char)(0xE0 | (cp >> 12));
		s[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (unsigned char)(0x80 | (cp & 0x3F)); n = 3;
	} else {
		s[0] = (unsigned char)(0xF0 | (cp >> 18));
		s[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (unsigned char)(0x80 | (cp & 0x3F)); n = 4;
	}
	return buf_append(b, s, n);
}

/* Empty b for the next block, keeping its memory. */
static void tbox_reset(tbox *b)
{
	buf_reset(&b->txt);
	b->nt = b->np = b->nl = b->nc = 0;
}

/* Free what b holds; b is zeroed. */
static void tbox_free(tbox *b)
{
	buf_free(&b->txt);
	free(b->t);
	free(b->p);
	free(b->l);
	free(b->c);
	memset(b, 0, sizeof(*b));
}

/* Measure token t again as a whole when it needs shaping or is right-to-left (its width was
 * the sum of its characters' advances). Returns 0, or -1 with l->rc set. */
static int tok_close(L *l, tbox *b, tok *t)
{
	const char *s;
	double w;

	if (!t || !text_is_complex(s = b->txt.data + t->off, t->len))
		return 0;
	w = l->mf(l->ctx, t->font, s, t->len, text_par_rtl(s, t->len));
	if (w < 0) {
		l->rc = pk_error_set(l->err, PK_ENOMEM, "out of memory laying out the PDF");
		return -1;
	}
	t->w = (float)w;
	return 0;
}

/* Append text s (n bytes, UTF-8) in font to b as tokens: whitespace separates tokens and
 * collapses; *sp carries a pending space between calls (so "a <b>b</b>" keeps its space and
 * "a<b>b</b>" does not). Returns 0, or -1 with l->rc set. */
static int add_text(L *l, tbox *b, const xmlChar *s, size_t n, int font, int *sp, int *br)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	tok *t = NULL;

	while (i < n) {
		unsigned cp;
		int k;

		/* U+2028 and U+2029 (line and paragraph separators) are white space too: the fonts
		 * draw them with no width, so "M" U+2028 "ert" showed "Mert", where redaction reads
		 * two words */
		if (u[i] == ' ' || u[i] == '\t' || u[i] == '\n' || u[i] == '\r' ||
		    (u[i] == 0xe2 && i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9))) {
			*sp = 1;
			if (tok_close(l, b, t))
				return -1;
			t = NULL;
			i += u[i] == 0xe2 ? 3 : 1;
			continue;
		}
		k = utf8_next(u + i, n - i, &cp);
		i += (size_t)k;
		if (!t) {
			if (GROW(l, b->t, b->nt, b->ct))
				return -1;
			t = &b->t[b->nt++];
			/* keep the space in the text so pieces in one font can be merged */
			if (*sp && b->txt.len && buf_append(&b->txt, " ", 1))
				goto nomem;
			t->off = b->txt.len;
			t->len = 0;
			t->w = 0;
			t->font = (unsigned char)font;
			t->sp = (unsigned char)*sp;
			t->br = (unsigned char)*br;
			t->opp = 0;
			*sp = 0;
			*br = 0;
		}
		if (cp < 0x80 && b->txt.data && b->txt.len + 1 < b->txt.cap && !b->txt.max) {
			b->txt.data[b->txt.len++] = (char)cp;   /* put_cp() without its calls */
			b->txt.data[b->txt.len] = '\0';
		} else if (put_cp(&b->txt, cp)) {
			goto nomem;
		}
		t->len = b->txt.len - t->off;
		t->w += (float)cwidth(l, font, cp);
	}
	return tok_close(l, b, t);
nomem:
	l->rc = pk_error_set(l->err, PK_ENOMEM, "out of memory laying out the PDF");
	return -1;
}

/* Measure token t: the sum of its characters' advances, or as a whole when it needs shaping.
 * Returns 0, or -1 with l->rc set. */
static int tok_measure(L *l, tbox *b, tok *t)
{
	const unsigned char *u = (const unsigned char *)b->txt.data + t->off;
	size_t i = 0;

	t->w = 0;
	while (i < t->len) {
		unsigned cp;

		i += (size_t)utf8_next(u + i, t->len - i, &cp);
		t->w += (float)cwidth(l, t->font, cp);
	}
	return tok_close(l, b, t);
}

/* Cut the tokens b->t[t0 ..) at the line-break opportunities inside them (UAX #14): a part
 * after a cut has opp set and no space before it, and widths are measured again for the parts.
 * Each word (tokens joined with no space or forced break between them) is looked up alone: the
 * rules that look across spaces (LB8, LB14-LB17) decide only the break after the spaces, never
 * one inside the next word, so the words around cannot change the result. Words that
 * text_lb_none() clears (most words) are not looked up at all. Returns 0, or -1 with l->rc set (the tokens
 * are then unchanged). */
static int split_opps(L *l, tbox *b, size_t t0)
{
	size_t i, w, n = 0, first = b->nt;

	/* the first word to look up; none: nothing to do */
	for (w = t0; w < b->nt && first == b->nt; w = i) {
		for (i = w + 1; i < b->nt && !b->t[i].sp && !b->t[i].br; i++)
			;
		if (!text_lb_none(b->txt.data + b->t[w].off, b->t[i - 1].off + b->t[i - 1].len - b->t[w].off))
			first = w;
	}
	if (first == b->nt)
		return 0;
	for (w = first; w < b->nt;) {
		size_t we = w + 1, base = b->t[w].off, len;
		int look;
		long pos = -1;

		while (we < b->nt && !b->t[we].sp && !b->t[we].br)
			we++;
		len = b->t[we - 1].off + b->t[we - 1].len - base;
		look = w == first || !text_lb_none(b->txt.data + base, len);
		if (look) {
			if (!l->lb && !(l->lb = text_lb_open()))
				goto nomem;
			if (text_lb_set(l->lb, b->txt.data + base, len))
				goto nomem;
		}
		for (i = w; i < we; i++) {
			tok t = b->t[i];
			size_t end = t.off + t.len, cur = t.off;

			if (look)
				pos = text_lb_after(l->lb, t.off - base);
			while (pos >= 0 && (size_t)pos + base < end) {
				tok *p;

				if (GROW(l, l->split, n, l->csplit))
					return -1;
				p = &l->split[n++];
				*p = t;
				p->off = cur;
				p->len = (size_t)pos + base - cur;
				if (cur != t.off)
					p->sp = p->br = 0, p->opp = 1;
				if (tok_measure(l, b, p))
					return -1;
				cur = (size_t)pos + base;
				pos = text_lb_after(l->lb, (size_t)pos);
			}
			if (GROW(l, l->split, n, l->csplit))
				return -1;
			l->split[n] = t;
			if (cur != t.off) {
				tok *p = &l->split[n];

				p->off = cur;
				p->len = end - cur;
				p->sp = p->br = 0;
				p->opp = 1;
				if (tok_measure(l, b, p))
					return -1;
			}
			n++;
		}
		w = we;
	}
	if (n > b->nt - first) {
		while (b->ct < first + n)
			if (GROW(l, b->t, b->ct, b->ct))
				return -1;
		memcpy(b->t + first, l->split, n * sizeof(*b->t));
		b->nt = first + n;
	}
	return 0;
nomem:
	l->rc = pk_error_set(l->err, PK_ENOMEM, "out of memory laying out the PDF (line breaking)");
	return -1;
}

/* Append the inline content of node (text, b, i, br; any other element contributes its text)
 * to b with base font. Returns 0, or -1 with l->rc set. */
static int add_inline(L *l, tbox *b, xmlNodePtr node, int font)
{
	int sp = 0, br = 0;
	size_t t0 = b->nt;
	xmlNodePtr c;

	for (c = node ? node->children : NULL; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content && add_text(l, b, c->content, (size_t)xmlStrlen(c->content), font, &sp, &br))
				return -1;
		} else if (c->type == XML_ELEMENT_NODE) {
			int f = font;
			xmlNodePtr g;

			if (xmlStrEqual(c->name, BAD_CAST "br")) {
				br = 1;
				sp = 0;
				continue;
			}
			if (xmlStrEqual(c->name, BAD_CAST "b"))
				f = PDFL_BOLD;
			else if (xmlStrEqual(c->name, BAD_CAST "i"))
				f = font == PDFL_BOLD ? PDFL_BOLD : PDFL_ITALIC;
			for (g = c->children; g; g = g->next)
				if ((g->type == XML_TEXT_NODE || g->type == XML_CDATA_SECTION_NODE) && g->content &&
				    add_text(l, b, g->content, (size_t)xmlStrlen(g->content), f, &sp, &br))
					return -1;
		}
	}
	return split_opps(l, b, t0);
}

/* Append a plain string in font to b. Returns 0, or -1 with l->rc set. */
static int add_plain(L *l, tbox *b, const xmlChar *s, int font)
{
	int sp = 0, br = 0;
	size_t t0 = b->nt;

	if (!s)
		return 0;
	if (add_text(l, b, s, (size_t)xmlStrlen(s), font, &sp, &br))
		return -1;
	return split_opps(l, b, t0);
}

/* The value of attribute name on node, or NULL. Values are the attribute's text (entity
 * references, which safe parsing never produces, give NULL). Not a copy. */
static const xmlChar *attr(xmlNodePtr node, const char *name)
{
	xmlAttrPtr a = xmlHasProp(node, BAD_CAST name);

	if (!a || a->type != XML_ATTRIBUTE_NODE)
		return NULL;
	if (!a->children)
		return BAD_CAST "";
	if (a->children->type != XML_TEXT_NODE || a->children->next)
		return NULL;
	return a->children->content;
}

/* Start a new line in b. */
static int new_line(L *l, tbox *b)
{
	if (GROW(l, b->l, b->nl, b->cl))
		return -1;
	b->l[b->nl].first = b->np;
	b->l[b->nl].n = 0;
	b->nl++;
	return 0;
}

/* Add txt[off .. off+len) in font at x to the last line of b, merging with the previous piece
 * when it is the same font and the text is contiguous. */
static int add_piece(L *l, tbox *b, size_t off, size_t len, int font, float x)
{
	line *ln = &b->l[b->nl - 1];

	if (ln->n) {
		piece *p = &b->p[b->np - 1];
		if (p->font == font && (p->off + p->len == off || p->off + p->len + 1 == off)) {
			p->len = off + len - p->off;
			return 0;
		}
	}
	if (GROW(l, b->p, b->np, b->cp))
		return -1;
	b->p[b->np].off = off;
	b->p[b->np].len = len;
	b->p[b->np].x = x;
	b->p[b->np].font = (unsigned char)font;
	b->np++;
	ln->n++;
	return 0;
}

/* Place tokens b->t[i .. j) on the current line at *x, breaking between characters onto new
 * lines where the line (maxw wide, k points per unit) is full. Returns 0, or -1 with l->rc. */
static int place_chars(L *l, tbox *b, size_t i, size_t j, float k, float maxw, float *x)
{
	for (; i < j; i++) {
		const unsigned char *s = (const unsigned char *)b->txt.data + b->t[i].off;
		size_t pos = 0, start = 0, len = b->t[i].len;
		float pw = 0;

		while (pos < len) {
			unsigned cp;
			int n = utf8_next(s + pos, len - pos, &cp);
			float cw = (float)cwidth(l, b->t[i].font, cp) * k;

			if (*x + pw + cw > maxw && (*x > 0 || pos > start)) {
				if (pos > start && add_piece(l, b, b->t[i].off + start, pos - start, b->t[i].font, *x))
					return -1;
				if (new_line(l, b))
					return -1;
				*x = 0;
				pw = 0;
				start = pos;
			}
			pw += cw;
			pos += (size_t)n;
		}
		if (pos > start && add_piece(l, b, b->t[i].off + start, pos - start, b->t[i].font, *x))
			return -1;
		*x += pw;
	}
	return 0;
}

/* Place tokens b->t[i .. j) on the current line from x. Returns the new x, or -1 with l->rc. */
static float place(L *l, tbox *b, size_t i, size_t j, float k, float x)
{
	for (; i < j; i++) {
		if (add_piece(l, b, b->t[i].off, b->t[i].len, b->t[i].font, x))
			return -1;
		x += b->t[i].w * k;
	}
	return x;
}

/* Break tokens b->t[tfirst .. tfirst+ntoks) at size into lines no wider than maxw, appended to
 * b's lines. Tokens not separated by a space stay together (a word) and a word that does not
 * fit goes whole to the next line; only a word wider than a line is broken, at its line-break
 * opportunities (UAX #14: after a hyphen, a dash, a slash), and a part still wider than a line
 * between characters. (Breaking every word at its opportunities would fill lines better, but
 * a name or id cut after its hyphen no longer copies out of the PDF as it is written: poppler
 * joins such lines and drops the hyphen.) Returns the number of lines (at least 1), or -1 with
 * l->rc. */
static long wrap(L *l, tbox *b, size_t tfirst, size_t ntoks, float size, float maxw)
{
	size_t nl0 = b->nl, i = tfirst, end = tfirst + ntoks;
	float x = 0, k = size / 1000.0f;
	int empty = 1;

	if (maxw < size)
		maxw = size;
	if (new_line(l, b))
		return -1;
	while (i < end) {
		size_t j = i + 1;
		float gw = b->t[i].w * k, spw;

		while (j < end && !b->t[j].sp && !b->t[j].br) {
			gw += b->t[j].w * k;
			j++;
		}
		if (b->t[i].br && !(empty && b->nl - nl0 == 1 && i == tfirst)) {
			if (new_line(l, b))
				return -1;
			x = 0;
			empty = 1;
		}
		spw = empty ? 0 : (float)cwidth(l, b->t[i].font, ' ') * k;
		if (!empty && x + spw + gw > maxw) {
			if (new_line(l, b))
				return -1;
			x = 0;
			empty = 1;
			spw = 0;
		}
		if (gw <= maxw || !empty) {
			if ((x = place(l, b, i, j, k, x + spw)) < 0)
				return -1;
			i = j;
			empty = 0;
			continue;
		}
		/* a word wider than the line: its parts between opportunities, each on the line if it
		 * fits, else on the next, and one still wider than a line between characters */
		while (i < j) {
			size_t q = i + 1;
			float pw = b->t[i].w * k;

			while (q < j && !b->t[q].opp) {
				pw += b->t[q].w * k;
				q++;
			}
			if (!empty && x + pw > maxw) {
				if (new_line(l, b))
					return -1;
				x = 0;
			}
			if (x + pw <= maxw) {
				if ((x = place(l, b, i, q, k, x)) < 0)
					return -1;
			} else if (place_chars(l, b, i, q, k, maxw, &x)) {
				return -1;
			}
			empty = 0;
			i = q;
		}
	}
	return (long)(b->nl - nl0);
}

/* Copy n bytes of s into the doc's string arena, NUL-terminated. Returns the offset or NONE
 * with l->rc set. */
static size_t arena_put(L *l, const char *s, size_t n)
{
	size_t off = l->d->strings.len;

	if (buf_append(&l->d->strings, s, n) || buf_append(&l->d->strings, "", 1)) {
		l->rc = pk_error_set(l->err, PK_ENOMEM, "out of memory laying out the PDF");
		return NONE;
	}
	return off;
}

/* Append an operation to the current page; returns it (zeroed but for kind) or NULL. */
static pdfl_op *op_new(L *l, int kind)
{
	pdfl_op *o;

	if (GROW(l, l->d->ops, l->d->nops, l->d->capops))
		return NULL;
	o = &l->d->ops[l->d->nops++];
	memset(o, 0, sizeof(*o));
	o->kind = (unsigned char)kind;
	o->fill = -1;
	return o;
}

/* Add a text operation drawing s (n bytes of UTF-8, right-to-left when rtl) in font at size,
 * baseline (x, y). */
static int op_text_dir(L *l, float x, float y, int font, float size, unsigned rgb, const char *s, size_t n,
		       int rtl)
{
	pdfl_op *o;
	size_t off = arena_put(l, s, n);

	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	if (off == NONE || !(o = op_new(l, PDFL_OP_TEXT)))
		return -1;
	/* measure every character drawn, so the renderer learns which ones the font must map */
	while (i < n) {
		unsigned cp;
		i += (size_t)utf8_next(u + i, n - i, &cp);
		cwidth(l, font, cp);
	}
	o->x = x; o->y = y; o->font = (unsigned char)font; o->size = size; o->rgb = rgb; o->str = off;
	o->rtl = (unsigned char)rtl;
	l->d->used_fonts |= 1u << font;
	return 0;
}

/* Add a left-to-right text operation (op_text_dir). */
static int op_text(L *l, float x, float y, int font, float size, unsigned rgb, const char *s, size_t n)
{
	return op_text_dir(l, x, y, font, size, rgb, s, n, 0);
}

/* Add a line from (x, y) to (x2, y2), width lw, colour rgb, dashed when dash. 0 or -1. */
static int op_line(L *l, float x, float y, float x2, float y2, float lw, unsigned rgb, int dash)
{
	pdfl_op *o = op_new(l, PDFL_OP_LINE);

	if (!o)
		return -1;
	o->x = x; o->y = y; o->x2 = x2; o->y2 = y2; o->size = lw; o->rgb = rgb; o->dash = (unsigned char)dash;
	return 0;
}

/* Add a box: lower left (x, y), size w x h, stroked with width lw (none when 0) in rgb,
 * filled with colour fill (none when -1). 0 or -1. */
static int op_rect(L *l, float x, float y, float w, float h, float lw, unsigned rgb, long fill)
{
	pdfl_op *o = op_new(l, PDFL_OP_RECT);

	if (!o)
		return -1;
	o->x = x; o->y = y; o->x2 = w; o->y2 = h; o->size = lw; o->rgb = rgb; o->fill = fill;
	return 0;
}

/* Start a new page; the cursor goes to the top. Returns 0, or -1 with l->rc set. */
static int new_page(L *l)
{
	pdfl_doc *d = l->d;

	if (d->npages >= MAX_PAGES) {
		l->rc = pk_error_set(l->err, PK_ELIMIT, "document is longer than %d pages", MAX_PAGES);
		return -1;
	}
	if (GROW(l, d->pages, d->npages, d->cappages))
		return -1;
	if (d->npages)
		d->pages[d->npages - 1].count = d->nops - d->pages[d->npages - 1].first;
	d->pages[d->npages].first = d->nops;
	d->pages[d->npages].count = 0;
	d->npages++;
	l->y = CONTENT_TOP;
	l->fresh = 1;
	return 0;
}

/* Make room for h points: a new page unless it fits or the page is still empty. */
static int ensure(L *l, float h)
{
	if (l->y - h < CONTENT_BOTTOM - 0.01f && !l->fresh)
		return new_page(l);
	return 0;
}

/* A run of a bidi line: line text lt[off .. off+len) at one level, from piece p (-1: a space
 * between pieces), its width in points. */
typedef struct brun {
	size_t off, len;
	long p;
	unsigned char level;
	float w;
} brun;

/* Draw line li of b in visual order (UAX #9) with baseline y, in the box from x of width w:
 * from its left edge, or right-aligned when base_rtl. The line's pieces are joined (with a space
 * where the text has one between them), cut into runs of one piece and one bidi level,
 * measured, reordered (rule L2) and drawn as text operations with their direction. Returns 0 or
 * -1 with l->rc set. */
static int draw_bidi(L *l, tbox *b, size_t li, float x, float y, float size, unsigned rgb, float w, int base_rtl)
{
	line *ln = &b->l[li];
	pk_buf lt = PK_BUF_INIT;
	long *pc = NULL;
	unsigned char *lev = NULL;
	brun *r = NULL;
	size_t i, j, nr = 0, cap = 0;
	float total = 0, k = size / 1000.0f;
	int rc = -1;
	unsigned char maxl = 0, minodd = 255;

	/* the line's text and the piece of each byte */
	for (i = ln->first; i < ln->first + ln->n; i++) {
		piece *p = &b->p[i];

		if (i > ln->first && p->off > 0 && b->txt.data[p->off - 1] == ' ' && buf_append(&lt, " ", 1))
			goto nomem;
		if (buf_append(&lt, b->txt.data + p->off, p->len))
			goto nomem;
	}
	if (!lt.len)
		return 0;
	if (!(pc = malloc(lt.len * sizeof(*pc))) || !(lev = malloc(lt.len)))
		goto nomem;
	for (i = ln->first, j = 0; i < ln->first + ln->n; i++) {
		piece *p = &b->p[i];
		size_t q;

		if (i > ln->first && p->off > 0 && b->txt.data[p->off - 1] == ' ')
			pc[j++] = -1;
		for (q = 0; q < p->len; q++)
			pc[j++] = (long)i;
	}
	if (text_bidi(lt.data, lt.len, base_rtl, lev))
		goto nomem;
	/* runs of one piece and one level */
	for (i = 0; i < lt.len; i = j) {
		for (j = i + 1; j < lt.len && pc[j] == pc[i] && lev[j] == lev[i]; j++)
			;
		if (nr == cap) {
			brun *nrun = realloc(r, (cap = cap ? cap * 2 : 16) * sizeof(*r));
			if (!nrun)
				goto nomem;
			r = nrun;
		}
		r[nr].off = i;
		r[nr].len = j - i;
		r[nr].p = pc[i];
		r[nr].level = lev[i];
		{
			int font = pc[i] >= 0 ? b->p[pc[i]].font : (i > 0 && pc[i - 1] >= 0 ? b->p[pc[i - 1]].font : 0);
			double rw = l->mf(l->ctx, font, lt.data + i, j - i, lev[i] & 1);

			if (rw < 0)
				goto nomem;
			r[nr].w = (float)rw * k;
		}
		total += r[nr].w;
		if (lev[i] > maxl)
			maxl = lev[i];
		if ((lev[i] & 1) && lev[i] < minodd)
			minodd = lev[i];
		nr++;
	}
	/* rule L2: from the highest level down to the lowest odd one, reverse every sequence of
	 * runs at that level or higher */
	for (unsigned char lv = maxl; lv >= minodd && lv > 0; lv--)
		for (i = 0; i < nr; i = j) {
			if (r[i].level < lv) {
				j = i + 1;
				continue;
			}
			for (j = i; j < nr && r[j].level >= lv; j++)
				;
			for (size_t a = i, z = j - 1; a < z; a++, z--) {
				brun tmp = r[a];
				r[a] = r[z];
				r[z] = tmp;
			}
		}
	{
		float px = base_rtl && total < w ? x + w - total : x;

		for (i = 0; i < nr; i++) {
			if (r[i].p >= 0 && op_text_dir(l, px, y, b->p[r[i].p].font, size, rgb, lt.data + r[i].off,
						       r[i].len, r[i].level & 1))
				goto out;
			px += r[i].w;
		}
	}
	rc = 0;
	goto out;
nomem:
	l->rc = pk_error_set(l->err, PK_ENOMEM, "out of memory laying out the PDF");
out:
	buf_free(&lt);
	free(pc);
	free(lev);
	free(r);
	return rc;
}

/* The base direction of the text of tokens b->t[first .. first+n): 1 when its first strong
 * character is right-to-left. */
static int box_rtl(tbox *b, size_t first, size_t n)
{
	if (!n)
		return 0;
	return text_par_rtl(b->txt.data + b->t[first].off,
			    b->t[first + n - 1].off + b->t[first + n - 1].len - b->t[first].off);
}

/* Draw line li of b in the box from x of width w, baseline y: left to right from x when the
 * paragraph is left-to-right and the line holds nothing right-to-left or to be shaped, else in
 * visual order (draw_bidi). */
static int draw_line(L *l, tbox *b, size_t li, float x, float y, float size, unsigned rgb, float w, int base_rtl)
{
	line *ln = &b->l[li];
	size_t i;

	for (i = ln->first; !base_rtl && i < ln->first + ln->n; i++)
		if (text_is_complex(b->txt.data + b->p[i].off, b->p[i].len))
			break;
	if (base_rtl || i < ln->first + ln->n)
		return draw_bidi(l, b, li, x, y, size, rgb, w, base_rtl);
	for (i = ln->first; i < ln->first + ln->n; i++) {
		piece *p = &b->p[i];
		if (op_text(l, x + p->x, y, p->font, size, rgb, b->txt.data + p->off, p->len))
			return -1;
	}
	return 0;
}

/* Lay out the inline content already tokenised in l->row (all its tokens) as a paragraph at x,
 * width w, line by line with page breaks between lines, then leave after points of space.
 * Returns 0 or -1. */
static int flow(L *l, float x, float w, float size, unsigned rgb, float after)
{
	tbox *b = &l->row;
	long n, i;
	float lh = size * LEAD;
	int rtl;

	n = wrap(l, b, 0, b->nt, size, w);
	if (n < 0)
		return -1;
	if (b->nt == 0)
		return 0;
	rtl = box_rtl(b, 0, b->nt);
	for (i = 0; i < n; i++) {
		if (ensure(l, lh))
			return -1;
		if (draw_line(l, b, (size_t)i, x, l->y - size, size, rgb, w, rtl))
			return -1;
		l->y -= lh;
		l->fresh = 0;
	}
	l->y -= after;
	return 0;
}

/* The font size of a heading of level 1-3. */
static float heading_size(int level)
{
	return level <= 1 ? 15.0f : level == 2 ? 12.5f : 11.0f;
}

/* The level of heading h, clamped to 1-3 (1 when absent). */
static int heading_level(xmlNodePtr h)
{
	const xmlChar *v = attr(h, "level");
	int n = v ? atoi((const char *)v) : 1;

	return n < 1 ? 1 : n > 3 ? 3 : n;
}

/* The next sibling element of n, or NULL. */
static xmlNodePtr next_element(xmlNodePtr n)
{
	for (n = n ? n->next : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
		;
	return n;
}

/* True when n is an element (or node) called name. */
static int is(xmlNodePtr n, const char *name)
{
	return n && xmlStrEqual(n->name, BAD_CAST name);
}

/* --- tables (also field grids and input boxes) ------------------------------------------- */

/* A table being laid out. */
typedef struct table {
	float x[21];              /* column edges */
	int ncols;
	int has_head;
	float head_h;
	int borders;              /* draw cell borders */
} table;

/* Add a cell spanning columns [col, col+span) to the row in b, tokenising content (an inline
 * node, or a plain string when node is NULL). */
static int row_add_cell(L *l, tbox *b, const table *t, int col, int span, xmlNodePtr node,
			const xmlChar *plain, int font, float size, unsigned rgb)
{
	cell *c;
	size_t t0 = b->nt;

	if (col >= t->ncols)
		return 0;
	if (span < 1)
		span = 1;
	if (span > t->ncols - col)   /* compared without adding: no overflow */
		span = t->ncols - col;
	if (node ? add_inline(l, b, node, font) : add_plain(l, b, plain, font))
		return -1;
	if (GROW(l, b->c, b->nc, b->cc))
		return -1;
	c = &b->c[b->nc++];
	c->x = t->x[col];
	c->w = t->x[col + span] - t->x[col];
	c->size = size;
	c->rgb = rgb;
	c->tfirst = t0;
	c->ntoks = b->nt - t0;
	c->lfirst = 0;
	c->nlines = 0;
	return 0;
}

/* Break every cell of the row in b into lines. Returns the row's height (with padding, at
 * least min_h), or -1. */
static float row_wrap(L *l, tbox *b, float min_h)
{
	size_t i;
	float h = min_h;

	for (i = 0; i < b->nc; i++) {
		cell *c = &b->c[i];
		long n;
		float ch;

		c->lfirst = b->nl;
		n = wrap(l, b, c->tfirst, c->ntoks, c->size, c->w - 2 * CELL_PAD);
		if (n < 0)
			return -1;
		c->nlines = c->ntoks ? (size_t)n : 0;
		ch = (float)c->nlines * c->size * LEAD + 2 * CELL_PAD;
		if (ch > h)
			h = ch;
	}
	return h;
}

/* Draw lines [from, from+n) of every cell of the row in b in a band of height h from the
 * cursor down; the cursor moves below it. */
static int row_draw(L *l, tbox *b, const table *t, size_t from, size_t n, float h, long fill)
{
	size_t i, j;

	for (i = 0; i < b->nc; i++) {
		cell *c = &b->c[i];
		float y = l->y - CELL_PAD;

		if (fill >= 0 || t->borders)
			if (op_rect(l, c->x, l->y - h, c->w, h, t->borders ? 0.5f : 0, RGB_RULE, fill))
				return -1;
		int rtl = box_rtl(b, c->tfirst, c->ntoks);

		for (j = from; j < from + n && j < c->nlines; j++) {
			if (draw_line(l, b, c->lfirst + j, c->x + CELL_PAD, y - c->size, c->size, c->rgb,
				      c->w - 2 * CELL_PAD, rtl))
				return -1;
			y -= c->size * LEAD;
		}
	}
	if (!t->borders && b->nc && op_line(l, t->x[0], l->y - h, t->x[t->ncols], l->y - h, 0.4f, 0xBFBFBFu, 0))
		return -1;
	l->y -= h;
	l->fresh = 0;
	return 0;
}

/* Start a new page and repeat the table's header row there. */
static int table_new_page(L *l, const table *t)
{
	if (new_page(l))
		return -1;
	if (t->has_head) {
		if (row_draw(l, &l->head, t, 0, (size_t)-1 / 2, t->head_h, HEAD_FILL))
			return -1;
		l->fresh = 1;   /* a repeated header alone does not make the page used */
	}
	return 0;
}

/* Place the row laid out in l->row (height h): on this page if it fits, else on the next page
 * if it fits there, else split between lines across pages. */
static int row_place(L *l, const table *t, float h)
{
	tbox *b = &l->row;
	size_t maxl = 0, done = 0, i;
	float cap = CONTENT_TOP - CONTENT_BOTTOM - (t->has_head ? t->head_h : 0);

	if (l->y - h >= CONTENT_BOTTOM - 0.01f)
		return row_draw(l, b, t, 0, (size_t)-1 / 2, h, -1);
	if (h <= cap || l->y - CONTENT_BOTTOM < 2 * CELL_PAD + BODY_SIZE * LEAD) {
		if (table_new_page(l, t))
			return -1;
		if (h <= cap)
			return row_draw(l, b, t, 0, (size_t)-1 / 2, h, -1);
	}
	for (i = 0; i < b->nc; i++)
		if (b->c[i].nlines > maxl)
			maxl = b->c[i].nlines;
	while (done < maxl) {
		float lh = 0, room = l->y - CONTENT_BOTTOM - 2 * CELL_PAD;
		size_t n, left = maxl - done;

		for (i = 0; i < b->nc; i++)
			if (b->c[i].size * LEAD > lh)
				lh = b->c[i].size * LEAD;
		n = room > 0 ? (size_t)(room / lh) : 0;
		if (n == 0) {
			if (table_new_page(l, t))
				return -1;
			continue;
		}
		if (n > left)
			n = left;
		if (row_draw(l, b, t, done, n, (float)n * lh + 2 * CELL_PAD, -1))
			return -1;
		done += n;
		if (done < maxl && table_new_page(l, t))
			return -1;
	}
	return 0;
}

/* Set the column edges of t from weights w[0..n) over the content width. */
static void table_columns(table *t, const double *w, int n)
{
	double sum = 0, acc = 0;
	int i;

	for (i = 0; i < n; i++)
		sum += w[i];
	t->ncols = n;
	t->x[0] = PDFL_MARGIN;
	for (i = 0; i < n; i++) {
		acc += w[i];
		t->x[i + 1] = PDFL_MARGIN + (float)(acc / sum * CONTENT_W);
	}
}

/* Tokenise an IR row element (head or row) into b. */
static int row_from_ir(L *l, tbox *b, const table *t, xmlNodePtr row, int font)
{
	xmlNodePtr c;
	int col = 0;

	tbox_reset(b);
	for (c = row->children; c && col < t->ncols; c = c->next) {
		const xmlChar *s;
		int span;

		if (c->type != XML_ELEMENT_NODE || !is(c, "cell"))
			continue;
		s = attr(c, "span");
		span = (int)irnum_int((const char *)s, 1, 1, IRNUM_MAX_COLS);
		if (row_add_cell(l, b, t, col, span, c, NULL, font, BODY_SIZE * 0.9f, RGB_TEXT))
			return -1;
		col += span;
	}
	return 0;
}

/* Read the columns of an IR table into t. Returns 0, or 1 when the table has no usable columns. */
static int table_setup(xmlNodePtr tbl, table *t)
{
	xmlNodePtr cols = NULL, c;
	double w[20];
	int n = 0;

	memset(t, 0, sizeof(*t));
	for (c = tbl->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && is(c, "columns")) {
			cols = c;
			break;
		}
	for (c = cols ? cols->children : NULL; c && n < 20; c = c->next) {
		const xmlChar *s;
		double v;

		if (c->type != XML_ELEMENT_NODE || !is(c, "col"))
			continue;
		s = attr(c, "width");
		v = (double)irnum_int((const char *)s, 1, 1, IRNUM_MAX_WEIGHT);
		w[n++] = v;
	}
	if (!n)
		return 1;
	table_columns(t, w, n);
	t->borders = 1;
	return 0;
}

/* The height of the first row of tbl (with its header), for keeping headings with it. */
static float table_first_height(L *l, xmlNodePtr tbl)
{
	table t;
	xmlNodePtr c;
	float h = 0, r;

	if (table_setup(tbl, &t))
		return 0;
	for (c = tbl->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !(is(c, "head") || is(c, "row")))
			continue;
		if (row_from_ir(l, &l->row, &t, c, is(c, "head") ? PDFL_BOLD : PDFL_REGULAR))
			return -1;
		if ((r = row_wrap(l, &l->row, 0)) < 0)
			return -1;
		h += r;
		if (is(c, "row"))
			break;
	}
	tbox_reset(&l->row);
	return h;
}

/* A table: caption kept with the header and first row, header row repeated on every page the
 * table crosses (unless taller than a third of a page), rows placed by row_place(). 0 or -1. */
static int do_table(L *l, xmlNodePtr tbl)
{
	table t;
	xmlNodePtr c;
	const xmlChar *cap = attr(tbl, "caption");
	float first = table_first_height(l, tbl), h;

	if (first < 0)
		return -1;
	if (table_setup(tbl, &t))
		return 0;
	if (cap && *cap) {
		tbox_reset(&l->row);
		if (add_plain(l, &l->row, cap, PDFL_BOLD))
			return -1;
		if (ensure(l, BODY_SIZE * LEAD + (first < CONTENT_TOP - CONTENT_BOTTOM - 20 ? first : 0)))
			return -1;
		if (flow(l, PDFL_MARGIN, CONTENT_W, BODY_SIZE, RGB_TEXT, 2))
			return -1;
	} else if (ensure(l, first < CONTENT_TOP - CONTENT_BOTTOM ? first : 0)) {
		return -1;
	}
	tbox_reset(&l->head);
	for (c = tbl->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "head") && !t.has_head) {
			if (row_from_ir(l, &l->head, &t, c, PDFL_BOLD))
				return -1;
			if ((h = row_wrap(l, &l->head, 0)) < 0)
				return -1;
			if (h > (CONTENT_TOP - CONTENT_BOTTOM) / 3) {
				/* a header this tall is not repeated: placed once like a row */
				if (row_from_ir(l, &l->row, &t, c, PDFL_BOLD) || (h = row_wrap(l, &l->row, 0)) < 0 ||
				    row_place(l, &t, h))
					return -1;
				continue;
			}
			t.has_head = 1;
			t.head_h = h;
			if (ensure(l, h))
				return -1;
			if (row_draw(l, &l->head, &t, 0, (size_t)-1 / 2, h, HEAD_FILL))
				return -1;
		} else if (is(c, "row")) {
			if (row_from_ir(l, &l->row, &t, c, PDFL_REGULAR))
				return -1;
			if ((h = row_wrap(l, &l->row, 0)) < 0 || row_place(l, &t, h))
				return -1;
		}
	}
	l->y -= 8;
	return 0;
}

/* A label/value grid: a two-column table without a header, the label in bold. */
static int do_fields(L *l, xmlNodePtr f)
{
	static const double w[2] = { 3, 7 };
	table t;
	xmlNodePtr c;
	float h;

	memset(&t, 0, sizeof(t));
	table_columns(&t, w, 2);
	t.borders = 1;
	for (c = f->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !is(c, "field"))
			continue;
		tbox_reset(&l->row);
		if (row_add_cell(l, &l->row, &t, 0, 1, NULL, attr(c, "label"), PDFL_BOLD, BODY_SIZE * 0.9f, RGB_TEXT) ||
		    row_add_cell(l, &l->row, &t, 1, 1, c, NULL, PDFL_REGULAR, BODY_SIZE * 0.9f, RGB_TEXT))
			return -1;
		if ((h = row_wrap(l, &l->row, 0)) < 0 || row_place(l, &t, h))
			return -1;
	}
	l->y -= 8;
	return 0;
}

/* A place to write: the label in bold, then a box with the pre-filled text, or the prompt (or
 * choices) in grey and room to write. */
static int do_input(L *l, xmlNodePtr in)
{
	static const double w[1] = { 1 };
	const xmlChar *kind = attr(in, "kind"), *prompt = attr(in, "prompt"), *choices = attr(in, "choices");
	int multi = kind && xmlStrEqual(kind, BAD_CAST "multiline");
	float min_h = multi ? 5 * BODY_SIZE * LEAD + 2 * CELL_PAD : BODY_SIZE * LEAD + 2 * CELL_PAD + 4;
	table t;
	float h;

	memset(&t, 0, sizeof(t));
	table_columns(&t, w, 1);
	t.borders = 1;
	tbox_reset(&l->row);
	if (add_plain(l, &l->row, attr(in, "label"), PDFL_BOLD))
		return -1;
	if (ensure(l, BODY_SIZE * LEAD + min_h + 2))
		return -1;
	if (flow(l, PDFL_MARGIN, CONTENT_W, BODY_SIZE, RGB_TEXT, 2))
		return -1;
	tbox_reset(&l->row);
	if (row_add_cell(l, &l->row, &t, 0, 1, in, NULL, PDFL_REGULAR, BODY_SIZE, RGB_TEXT))
		return -1;
	if (l->row.nt == 0) {
		tbox_reset(&l->row);
		if (choices && *choices) {
			xmlChar *s = xmlStrdup(choices), *p;
			int rc;

			if (!s)
				return l->rc = pk_error_set(l->err, PK_ENOMEM, "out of memory laying out the PDF"), -1;
			for (p = s; *p; p++)
				if (*p == '|')
					*p = '\t';
			/* each choice after a box to tick */
			{
				pk_buf tmp = PK_BUF_INIT;
				const char *q = (const char *)s;
				rc = 0;
				while (!rc && *q) {
					const char *e = strchr(q, '\t');
					size_t n = e ? (size_t)(e - q) : strlen(q);
					const char *eq = memchr(q, '=', n);  /* "code=Words": the words */
					size_t skip = eq ? (size_t)(eq + 1 - q) : 0;

					rc = buf_puts(&tmp, "\xE2\x98\x90\xC2\xA0") || buf_append(&tmp, q + skip, n - skip) ||
					     buf_puts(&tmp, "   ");
					q += n + (e ? 1 : 0);
				}
				if (!rc)
					rc = row_add_cell(l, &l->row, &t, 0, 1, NULL, BAD_CAST (tmp.data ? tmp.data : ""),
							  PDFL_REGULAR, BODY_SIZE, RGB_TEXT);
				buf_free(&tmp);
			}
			xmlFree(s);
			if (rc)
				return l->rc ? -1 : (l->rc = pk_error_set(l->err, PK_ENOMEM, "out of memory laying out the PDF"), -1);
		} else if (row_add_cell(l, &l->row, &t, 0, 1, NULL, prompt, PDFL_ITALIC, NOTE_SIZE, RGB_GREY)) {
			return -1;
		}
	}
	if ((h = row_wrap(l, &l->row, min_h)) < 0 || row_place(l, &t, h))
		return -1;
	l->y -= 8;
	return 0;
}

static float str_width(L *l, const char *s, int font, float size);

/* A bulleted or numbered list: the marker right-aligned in an indent wide enough for the
 * largest number, item text wrapped beside it, page breaks between lines. */
static int do_list(L *l, xmlNodePtr list)
{
	const xmlChar *style = attr(list, "style");
	int number = style && xmlStrEqual(style, BAD_CAST "number");
	float indent = 18, lh = BODY_SIZE * LEAD;
	xmlNodePtr c;
	int k = 0;

	if (number) {
		char widest[24];
		int n = 0;
		for (c = list->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && is(c, "item"))
				n++;
		snprintf(widest, sizeof(widest), "%d.", n);
		if (str_width(l, widest, PDFL_REGULAR, BODY_SIZE) + 10 > indent)
			indent = str_width(l, widest, PDFL_REGULAR, BODY_SIZE) + 10;
	}

	for (c = list->children; c; c = c->next) {
		char mark[24];
		long n, i;

		if (c->type != XML_ELEMENT_NODE || !is(c, "item"))
			continue;
		k++;
		if (number)
			snprintf(mark, sizeof(mark), "%d.", k);
		else
			strcpy(mark, "\xE2\x80\xA2");
		tbox_reset(&l->row);
		if (add_inline(l, &l->row, c, PDFL_REGULAR))
			return -1;
		n = wrap(l, &l->row, 0, l->row.nt, BODY_SIZE, CONTENT_W - indent);
		if (n < 0)
			return -1;
		for (i = 0; i < n; i++) {
			if (ensure(l, lh))
				return -1;
			/* the marker right-aligned before the text */
			if (i == 0 && op_text(l, PDFL_MARGIN + indent - 6 - str_width(l, mark, PDFL_REGULAR, BODY_SIZE),
					      l->y - BODY_SIZE, PDFL_REGULAR, BODY_SIZE, RGB_TEXT, mark, strlen(mark)))
				return -1;
			if (draw_line(l, &l->row, (size_t)i, PDFL_MARGIN + indent, l->y - BODY_SIZE, BODY_SIZE, RGB_TEXT,
				      CONTENT_W - indent, box_rtl(&l->row, 0, l->row.nt)))
				return -1;
			l->y -= lh;
			l->fresh = 0;
		}
		l->y -= 2;
	}
	l->y -= 6;
	return 0;
}

/* --- charts ---------------------------------------------------------------------------- */

#define CHART_PLOT_H 120.0f

static const unsigned chart_rgb[10] = {
	0x1F77B4, 0xD62728, 0x2CA02C, 0xFF7F0E, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF
};

/* 1 if chart ch has <tick> children (a coded scale's axis labels). */
static int has_tick(xmlNodePtr ch)
{
	for (xmlNodePtr t = ch->children; t; t = t->next)
		if (t->type == XML_ELEMENT_NODE && is(t, "tick"))
			return 1;
	return 0;
}

/* A chart number (min, max, tick or point value): finite and within the IR's bounds, or NaN
 * when absent or not a number (callers treat NaN as "no value"). */
static double num_attr(xmlNodePtr n, const char *name)
{
	return irnum_real((const char *)attr(n, name), NAN, -IRNUM_MAX_CHART, IRNUM_MAX_CHART);
}

/* Width of plain string s in font at size. */
static float str_width(L *l, const char *s, int font, float size)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;
	float w = 0;

	if (text_is_complex(s, n)) {
		double m = l->mf(l->ctx, font, s, n, text_par_rtl(s, n));

		return m < 0 ? 0 : (float)m * size / 1000.0f;
	}
	while (i < n) {
		unsigned cp;
		i += (size_t)utf8_next(u + i, n - i, &cp);
		w += (float)cwidth(l, font, cp);
	}
	return w * size / 1000.0f;
}

/* Draw plain string s (any length; normalised through a text box, clipped to one line of
 * width maxw) at x, baseline y. */
static int text_at(L *l, const xmlChar *s, float x, float y, int font, float size, unsigned rgb, float maxw)
{
	long n;

	tbox_reset(&l->row);
	if (add_plain(l, &l->row, s, font))
		return -1;
	if (!l->row.nt)
		return 0;
	n = wrap(l, &l->row, 0, l->row.nt, size, maxw);
	if (n < 0)
		return -1;
	return draw_line(l, &l->row, 0, x, y, size, rgb, maxw, box_rtl(&l->row, 0, l->row.nt));
}

/* A small line chart kept on one page: title, axes with the min/max (and unit) labels, x labels
 * from the first series thinned to fit, one coloured line per series (a point without a value
 * breaks the line), and a legend. 0 or -1. */
static int do_chart(L *l, xmlNodePtr ch)
{
	double min = num_attr(ch, "min"), max = num_attr(ch, "max");
	const xmlChar *unit = attr(ch, "unit"), *smin = attr(ch, "min"), *smax = attr(ch, "max");
	xmlNodePtr s, p, first = NULL;
	int nser = 0, npts = 0, i;
	float x0 = PDFL_MARGIN + 40, x1 = PDFL_MARGIN + CONTENT_W - 10, y0, y1, step, lx, ly;
	float total = BODY_SIZE * LEAD + CHART_PLOT_H + 22 + 2 * NOTE_SIZE * LEAD + 8;

	if (!(min == min) || !(max == max))
		min = 0, max = 1;
	if (max <= min)
		max = min + 1;
	for (s = ch->children; s; s = s->next)
		if (s->type == XML_ELEMENT_NODE && is(s, "series")) {
			int k = 0;
			if (!first)
				first = s;
			nser++;
			for (p = s->children; p; p = p->next)
				if (p->type == XML_ELEMENT_NODE && is(p, "point"))
					k++;
			if (k > npts)
				npts = k;
		}
	if (ensure(l, total))
		return -1;
	l->fresh = 0;
	if (text_at(l, attr(ch, "title"), PDFL_MARGIN, l->y - BODY_SIZE, PDFL_BOLD, BODY_SIZE, RGB_TEXT, CONTENT_W))
		return -1;
	l->y -= BODY_SIZE * LEAD + 4;
	y1 = l->y;
	y0 = l->y - CHART_PLOT_H;
	/* axes, grid and y labels */
	if (op_line(l, x0, y0, x0, y1, 0.8f, RGB_TEXT, 0) || op_line(l, x0, y0, x1, y0, 0.8f, RGB_TEXT, 0) ||
	    op_line(l, x0, y1, x1, y1, 0.3f, 0xBFBFBFu, 1) || op_line(l, x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, 0.3f, 0xBFBFBFu, 1))
		return -1;
	{
		/* y labels: the codes <tick> elements name (a coded scale), each with a faint grid
		 * line, thinned so labels do not overlap; min and max where no tick names them; the
		 * unit in the middle when there are no ticks */
		float last = -1000;
		int at_min = 0, at_max = 0;

		for (xmlNodePtr t = ch->children; t; t = t->next) {
			double v;
			float ty;

			if (t->type != XML_ELEMENT_NODE || !is(t, "tick") || attr(t, "label") == NULL)
				continue;
			v = num_attr(t, "value");
			if (!(v == v) || v < min || v > max)
				continue;
			ty = y0 + (float)((v - min) / (max - min)) * CHART_PLOT_H;
			if (ty - last < NOTE_SIZE + 1)
				continue;
			last = ty;
			at_min |= v == min;
			at_max |= v == max;
			if (text_at(l, attr(t, "label"), PDFL_MARGIN, ty - NOTE_SIZE / 3, PDFL_REGULAR, NOTE_SIZE,
				    RGB_GREY, 36) ||
			    (ty > y0 + 0.5f && op_line(l, x0, ty, x1, ty, 0.3f, 0xDDDDDDu, 1)))
				return -1;
		}
		if (!at_max && smax && y1 - last >= NOTE_SIZE + 1 &&
		    text_at(l, smax, PDFL_MARGIN, y1 - NOTE_SIZE / 2, PDFL_REGULAR, NOTE_SIZE, RGB_GREY, 36))
			return -1;
		if (!at_min && smin && text_at(l, smin, PDFL_MARGIN, y0 - NOTE_SIZE / 3, PDFL_REGULAR, NOTE_SIZE, RGB_GREY, 36))
			return -1;
		if (!has_tick(ch) && unit &&
		    text_at(l, unit, PDFL_MARGIN, (y0 + y1) / 2 - NOTE_SIZE / 3, PDFL_ITALIC, NOTE_SIZE, RGB_GREY, 36))
			return -1;
	}
	step = npts > 1 ? (x1 - x0 - 20) / (float)(npts - 1) : 0;
	/* x labels from the first series, thinned so they do not overlap */
	if (first) {
		int every = 1, k = 0;
		float widest = 1;

		for (p = first->children; p; p = p->next)
			if (p->type == XML_ELEMENT_NODE && is(p, "point") && attr(p, "label")) {
				float w = str_width(l, (const char *)attr(p, "label"), PDFL_REGULAR, NOTE_SIZE);
				if (w > widest)
					widest = w;
			}
		if (step > 0)
			while (every < npts && step * (float)every < widest + 6)
				every++;
		for (p = first->children; p; p = p->next) {
			const xmlChar *lab;
			float px, w;

			if (p->type != XML_ELEMENT_NODE || !is(p, "point"))
				continue;
			lab = attr(p, "label");
			px = x0 + 10 + step * (float)k;
			if (lab && k % every == 0) {
				w = str_width(l, (const char *)lab, PDFL_REGULAR, NOTE_SIZE);
				if (w > widest)
					w = widest;
				if (text_at(l, lab, px - w / 2, y0 - NOTE_SIZE - 4, PDFL_REGULAR, NOTE_SIZE, RGB_GREY,
					    step * (float)every > 20 ? step * (float)every : 40))
					return -1;
			}
			k++;
		}
	}
	/* one line per series; an absent value leaves a gap */
	i = 0;
	for (s = ch->children; s; s = s->next) {
		int k = 0, have = 0;
		float px = 0, py = 0;
		unsigned rgb;

		if (s->type != XML_ELEMENT_NODE || !is(s, "series"))
			continue;
		rgb = chart_rgb[i % 10];
		for (p = s->children; p; p = p->next) {
			double v;
			float x, y;

			if (p->type != XML_ELEMENT_NODE || !is(p, "point"))
				continue;
			v = num_attr(p, "value");
			x = x0 + 10 + step * (float)k++;
			if (!(v == v)) {
				have = 0;
				continue;
			}
			if (v < min)
				v = min;
			if (v > max)
				v = max;
			y = y0 + (float)((v - min) / (max - min)) * CHART_PLOT_H;
			if (have && op_line(l, px, py, x, y, 1.2f, rgb, 0))
				return -1;
			if (op_rect(l, x - 1.5f, y - 1.5f, 3, 3, 0, rgb, (long)rgb))
				return -1;
			have = 1;
			px = x;
			py = y;
		}
		i++;
	}
	/* legend */
	lx = x0;
	ly = y0 - 2 * NOTE_SIZE - 12;
	i = 0;
	for (s = ch->children; s; s = s->next) {
		const xmlChar *name;
		float w;

		if (s->type != XML_ELEMENT_NODE || !is(s, "series"))
			continue;
		name = attr(s, "name");
		w = name ? str_width(l, (const char *)name, PDFL_REGULAR, NOTE_SIZE) : 0;
		if (w > x1 - x0 - 24)
			w = x1 - x0 - 24;
		if (lx + 24 + w > x1 && lx > x0) {
			lx = x0;
			ly -= NOTE_SIZE * LEAD;
		}
		if (op_line(l, lx, ly + NOTE_SIZE / 3, lx + 16, ly + NOTE_SIZE / 3, 1.5f, chart_rgb[i % 10], 0))
			return -1;
		if (name && text_at(l, name, lx + 20, ly, PDFL_REGULAR, NOTE_SIZE, RGB_TEXT, x1 - x0 - 24))
			return -1;
		lx += 24 + w + 12;
		i++;
	}
	l->y = ly - NOTE_SIZE * LEAD - 4;
	return 0;
}

/* --- blocks -------------------------------------------------------------------------------- */

/* How much room block n needs at least on the page it starts on (to keep headings with what
 * follows). Returns points, or -1 with l->rc set. */
static float first_height(L *l, xmlNodePtr n, int depth)
{
	if (!n)
		return 0;
	if (is(n, "h")) {
		float sz = heading_size(heading_level(n)), h = sz * LEAD + 10, r;
		if (depth < 3 && (r = first_height(l, next_element(n), depth + 1)) > 0)
			h += r;
		return h;
	}
	if (is(n, "p") || is(n, "list"))
		return BODY_SIZE * LEAD;
	if (is(n, "fields"))
		return BODY_SIZE * LEAD + 2 * CELL_PAD;
	if (is(n, "input"))
		return 2 * BODY_SIZE * LEAD + 2 * CELL_PAD;
	if (is(n, "chart"))
		return BODY_SIZE * LEAD + CHART_PLOT_H + 22 + 2 * NOTE_SIZE * LEAD + 8;
	if (is(n, "table")) {
		float h = table_first_height(l, n);
		const xmlChar *cap = attr(n, "caption");
		if (h < 0)
			return -1;
		return h + (cap && *cap ? BODY_SIZE * LEAD + 2 : 0);
	}
	return 0;
}

/* A heading, moved to a new page unless it fits together with the start of what follows. 0 or
 * -1. */
static int do_heading(L *l, xmlNodePtr h)
{
	float sz = heading_size(heading_level(h)), need, next;

	next = first_height(l, next_element(h), 1);
	if (next < 0)
		return -1;
	need = sz * LEAD + 10 + next;
	if (need > CONTENT_TOP - CONTENT_BOTTOM)
		need = sz * LEAD + 10 + BODY_SIZE * LEAD;
	if (!l->fresh)
		l->y -= sz * 0.6f;
	if (ensure(l, need))
		return -1;
	tbox_reset(&l->row);
	if (add_inline(l, &l->row, h, PDFL_BOLD))
		return -1;
	if (flow(l, PDFL_MARGIN, CONTENT_W, sz, RGB_TEXT, 4))
		return -1;
	if (heading_level(h) == 1 && op_line(l, PDFL_MARGIN, l->y + 2, PDFL_MARGIN + CONTENT_W, l->y + 2, 0.6f, RGB_RULE, 0))
		return -1;
	return 0;
}

/* A paragraph: normal, note (smaller, grey) or empty (italic placeholder). 0 or -1. */
static int do_para(L *l, xmlNodePtr p)
{
	const xmlChar *style = attr(p, "style");
	int font = PDFL_REGULAR;
	float size = BODY_SIZE;
	unsigned rgb = RGB_TEXT;

	if (style && xmlStrEqual(style, BAD_CAST "note")) {
		size = NOTE_SIZE;
		rgb = RGB_GREY;
	} else if (style && xmlStrEqual(style, BAD_CAST "empty")) {
		font = PDFL_ITALIC;
	}
	tbox_reset(&l->row);
	if (add_inline(l, &l->row, p, font))
		return -1;
	return flow(l, PDFL_MARGIN, CONTENT_W, size, rgb, 5);
}

/* The normalised text of the first child element of meta called name, put in the arena; NONE
 * when absent (l->rc says whether that was an error). */
static size_t meta_text(L *l, xmlNodePtr meta, const char *name)
{
	xmlNodePtr c;
	size_t i, off;

	for (c = meta->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && is(c, name))
			break;
	if (!c)
		return NONE;
	tbox_reset(&l->row);
	if (add_inline(l, &l->row, c, PDFL_REGULAR))
		return NONE;
	off = l->d->strings.len;
	for (i = 0; i < l->row.nt; i++) {
		tok *t = &l->row.t[i];
		if ((i && t->sp && buf_append(&l->d->strings, " ", 1)) ||
		    buf_append(&l->d->strings, l->row.txt.data + t->off, t->len))
			goto nomem;
	}
	if (buf_append(&l->d->strings, "", 1))
		goto nomem;
	return off;
nomem:
	l->rc = pk_error_set(l->err, PK_ENOMEM, "out of memory laying out the PDF");
	return NONE;
}

/* Add a centred line of text s at baseline y, clipped to the content width. */
static int centred(L *l, size_t s, float y, int font, float size, unsigned rgb)
{
	const char *str = pdfl_str(l->d, s);
	float w = str_width(l, str, font, size);

	if (!*str)
		return 0;
	if (w > CONTENT_W)
		w = CONTENT_W;
	return text_at(l, BAD_CAST str, (PDFL_PAGE_W - w) / 2, y, font, size, rgb, CONTENT_W);
}

/* Add the running header and footer to every page. */
static int decorate(L *l)
{
	pdfl_doc *d = l->d;
	size_t i;

	for (i = 0; i < d->npages; i++) {
		char pg[64];
		float w;

		d->pages[i].dfirst = d->nops;
		if (centred(l, d->marking, PDFL_PAGE_H - 30, PDFL_BOLD, 9, RGB_TEXT) ||
		    centred(l, d->marking, 18, PDFL_BOLD, 9, RGB_TEXT))
			return -1;
		if (d->audience != NONE && centred(l, d->audience, PDFL_PAGE_H - 42, PDFL_ITALIC, 8, RGB_GREY))
			return -1;
		snprintf(pg, sizeof(pg), "Page %zu of %zu", i + 1, d->npages);
		w = str_width(l, pg, PDFL_REGULAR, 8);
		if (op_text(l, PDFL_PAGE_W - PDFL_MARGIN - w, 36, PDFL_REGULAR, 8, RGB_GREY, pg, strlen(pg)))
			return -1;
		if (*pdfl_str(d, d->footer) &&
		    text_at(l, BAD_CAST pdfl_str(d, d->footer), PDFL_MARGIN, 36, PDFL_REGULAR, 8, RGB_GREY, CONTENT_W - w - 12))
			return -1;
		if (op_line(l, PDFL_MARGIN, 46, PDFL_MARGIN + CONTENT_W, 46, 0.4f, RGB_RULE, 0))
			return -1;
		d->pages[i].dcount = d->nops - d->pages[i].dfirst;
	}
	return 0;
}

/* 1 if every coordinate and size of op is a finite number near the page (a bug or an unbounded
 * input could otherwise put NaN, infinity or -9e13 into the PDF). */
static int op_on_page(const pdfl_op *o)
{
	const float lim = 10000.0f;   /* an A4 page is 595 x 842 points */
	const float v[5] = { o->x, o->y, o->x2, o->y2, o->size };

	for (int i = 0; i < 5; i++)
		if (!isfinite(v[i]) || v[i] < -lim || v[i] > lim)
			return 0;
	return 1;
}

int pdfl_layout(xmlDocPtr ir, pdfl_width_fn width, pdfl_measure_fn measure, void *ctx, pdfl_doc *doc,
		pk_error *err)
{
	L *l;
	xmlNodePtr root = ir ? xmlDocGetRootElement(ir) : NULL, meta = NULL, body = NULL, c;
	int rc;

	if (!root || !is(root, "document"))
		return pk_error_set(err, PK_EINVAL, "not a document IR: the root element is not 'document'");
	for (c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			if (is(c, "meta") && !meta)
				meta = c;
			else if (is(c, "body") && !body)
				body = c;
		}
	if (!meta || !body)
		return pk_error_set(err, PK_EINVAL, "line %ld: document: no %s element", xmlGetLineNo(root),
				    meta ? "body" : "meta");
	l = calloc(1, sizeof(*l));
	if (!l)
		return pk_error_set(err, PK_ENOMEM, "out of memory laying out the PDF");
	memset(l->wcache, 0xFF, sizeof(l->wcache));
	l->d = doc;
	l->wf = width;
	l->mf = measure;
	l->ctx = ctx;
	l->err = err;

	doc->title = meta_text(l, meta, "title");
	doc->subtitle = meta_text(l, meta, "subtitle");
	doc->marking = meta_text(l, meta, "marking");
	doc->footer = meta_text(l, meta, "footer");
	doc->audience = meta_text(l, meta, "audience");
	doc->subject = meta_text(l, meta, "subject");
	doc->keywords = meta_text(l, meta, "keywords");
	if (l->rc)
		goto out;
	if (doc->title == NONE || doc->marking == NONE || doc->footer == NONE) {
		l->rc = pk_error_set(err, PK_EINVAL, "line %ld: meta: no %s element", xmlGetLineNo(meta),
				     doc->title == NONE ? "title" : doc->marking == NONE ? "marking" : "footer");
		goto out;
	}
	if (new_page(l))
		goto out;
	tbox_reset(&l->row);
	if (add_plain(l, &l->row, BAD_CAST pdfl_str(doc, doc->title), PDFL_BOLD) ||
	    flow(l, PDFL_MARGIN, CONTENT_W, 18, RGB_TEXT, 2))
		goto out;
	if (doc->subtitle != NONE) {
		tbox_reset(&l->row);
		if (add_plain(l, &l->row, BAD_CAST pdfl_str(doc, doc->subtitle), PDFL_REGULAR) ||
		    flow(l, PDFL_MARGIN, CONTENT_W, 11.5f, RGB_GREY, 0))
			goto out;
	}
	l->y -= 10;
	for (c = body->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "h"))
			rc = do_heading(l, c);
		else if (is(c, "p"))
			rc = do_para(l, c);
		else if (is(c, "list"))
			rc = do_list(l, c);
		else if (is(c, "fields"))
			rc = do_fields(l, c);
		else if (is(c, "table"))
			rc = do_table(l, c);
		else if (is(c, "chart"))
			rc = do_chart(l, c);
		else if (is(c, "input"))
			rc = do_input(l, c);
		else if (is(c, "page-break"))
			rc = l->fresh ? 0 : new_page(l);
		else
			rc = 0;
		if (rc)
			goto out;
	}
	doc->pages[doc->npages - 1].count = doc->nops - doc->pages[doc->npages - 1].first;
	if (decorate(l))
		goto out;
	for (size_t i = 0; i < doc->nops; i++)
		if (!op_on_page(&doc->ops[i])) {
			pk_error_set(err, PK_EINVAL, "the document's layout puts an element off the page "
				     "(a number in the document is out of range)");
			l->rc = PK_EINVAL;
			break;
		}
out:
	rc = l->rc;
	tbox_free(&l->row);
	tbox_free(&l->head);
	text_lb_close(l->lb);
	free(l->split);
	free(l);
	return rc;
}

const char *pdfl_str(const pdfl_doc *doc, size_t off)
{
	if (off == NONE || !doc->strings.data || off >= doc->strings.len)
		return "";
	return doc->strings.data + off;
}

void pdfl_free(pdfl_doc *doc)
{
	if (!doc)
		return;
	free(doc->ops);
	free(doc->pages);
	buf_free(&doc->strings);
	memset(doc, 0, sizeof(*doc));
}
