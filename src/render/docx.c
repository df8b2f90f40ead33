/*
 * docx.c: the IR -> DOCX renderer. Walks the document IR (schemas/document.xsd) once, writing
 * WordprocessingML by hand into growable buffers (document, numbering, header, footer, core
 * properties), adds the fixed parts (content types, relationships, styles, settings, app
 * properties) and zips them in memory with libzip in a fixed order with fixed entry times and
 * compression, so the same IR always gives the same bytes. Real Word styles (Title, Heading 1-3
 * with outline levels, Normal, a table style, List Paragraph) keep the result navigable and
 * accessible; content controls (w:sdt) carry the form inputs that `pepkit import` reads back.
 * The boxes a form is prefilled with are fingerprinted (core/fingerprint.h, fp_box_hex) into
 * a custom document property, "pepkit-prefill" (docProps/custom.xml: tags and hashes, never a
 * value), so that import can tell a box left as the form was made from one typed into after
 * the record changed (a name changed since the form went out).
 *
 * Right-to-left text (Arabic script, Hebrew, Adlam) goes into runs of its own marked w:rtl, with
 * the complex-script font of the PDF renderer's fallback chain (w:rFonts w:cs) and a bidi
 * language guessed from the letters (w:lang w:bidi), so Word and LibreOffice shape it; a
 * paragraph whose first strong character is right-to-left has w:bidi.
 */
#include "core/pepkit.h"
#include "render/docx.h"
#include "render/irnum.h"
#include "render/font.h"
#include "render/text.h"
#include "core/fingerprint.h"

#include <stdlib.h>
#include <string.h>
#include "core/zipso.h"

/* A4 in twips and 20 mm margins, as in the PDF renderer. */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN 1134
#define TEXT_W (PAGE_W - 2 * MARGIN)

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

/* The writer: a buffer with a sticky error, so building code need not check every append.
 * rc is the first PK_E* code any append returned; later appends do nothing. */
typedef struct wbuf {
	pk_buf b;
	int rc;
} wbuf;

/* The renderer's state for one document. */
typedef struct render {
	wbuf doc;        /* word/document.xml */
	int next_num;    /* next w:num id for a numbered list (each restarts at 1) */
	int next_sdt;    /* next content-control id */
	wbuf prefill;    /* "TAG=HASH;" of each filled box, in order (docProps/custom.xml) */
} render;

/* Append n bytes of s (if no earlier append failed). Most appends fit the room the buffer
 * already has (and its cap): those are copied here, the rest go through buf_append(). */
static void w_append(wbuf *w, const char *s, size_t n)
{
	pk_buf *b = &w->b;

	if (w->rc != PK_OK)
		return;
	if (n < b->cap - b->len && (b->max == 0 || n <= b->max - b->len)) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}
	w->rc = buf_append(b, s, n);
}

/* Append s (if no earlier append failed). */
static void w_puts(wbuf *w, const char *s)
{
	w_append(w, s, strlen(s));
}

/* Append s XML-escaped (s may be NULL: nothing). */
static void w_xml(wbuf *w, const char *s)
{
	if (w->rc == PK_OK && s != NULL)
		w->rc = buf_put_xml(&w->b, s);
}

/* Append printf-style text. */
static void w_printf(wbuf *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void w_printf(wbuf *w, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	if (w->rc != PK_OK)
		return;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		w->rc = PK_EINTERNAL;
	else
		w->rc = buf_append(&w->b, tmp, (size_t)n);
}

/* Append the decimal digits of v (for the hot paths: no printf per number). */
static void w_long(wbuf *w, long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	if (w->rc != PK_OK)
		return;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	w_append(w, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* Append pre, the number v in decimal, then post (what "pre%ldpost" would print). */
static void w_num(wbuf *w, const char *pre, long v, const char *post)
{
	w_puts(w, pre);
	w_long(w, v);
	w_puts(w, post);
}

/* Append the paragraph properties for style id style (NULL: none) and, when the paragraph's
 * text s (may be NULL) starts right-to-left, w:bidi. Nothing when there is neither. */
static void w_ppr(wbuf *w, const char *style, const char *s)
{
	int bidi = s && text_par_rtl(s, strlen(s));

	if (!style && !bidi)
		return;
	w_puts(w, "<w:pPr>");
	if (style) {
		w_puts(w, "<w:pStyle w:val=\"");
		w_puts(w, style);
		w_puts(w, "\"/>");
	}
	if (bidi)
		w_puts(w, "<w:bidi/>");
	w_puts(w, "</w:pPr>");
}

/* Is node an element named name? */
static int is_el(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first child element of parent named name, or NULL. */
static xmlNodePtr child_el(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

/* The attribute's value, or NULL. Points into the tree (no copy): valid while it lives. */
static const char *attr(xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

/* 1 if s starts with U+2028 LINE SEPARATOR or U+2029 PARAGRAPH SEPARATOR (UTF-8): white
 * space, as the PDF renderer and redaction read it (fonts draw it with no width, so "M" U+2028
 * "ert" would show "Mert" where a redacted copy reads two words). */
static int line_separator(const char *s)
{
	return (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x80 &&
	       ((unsigned char)s[2] == 0xa8 || (unsigned char)s[2] == 0xa9);
}

/* Write one run of text, whitespace runs collapsed to one space (the IR is laid out like
 * HTML: indentation in the XML is not content). *lead_space says the previous output ended in
 * a space (or at paragraph start), so a leading space is dropped; updated. rpr is the run
 * properties XML (may be ""). */
static void put_run_one(wbuf *w, const char *s, const char *rpr, int *lead_space)
{
	size_t start = w->b.len;
	int wrote = 0;

	w_puts(w, "<w:r>");
	w_puts(w, rpr);
	w_puts(w, "<w:t xml:space=\"preserve\">");
	while (*s && w->rc == PK_OK) {
		const char *run = s;

		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || line_separator(s)) {
			while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || line_separator(s))
				s += line_separator(s) ? 3 : 1;
			if (!*lead_space) {
				w_puts(w, " ");
				*lead_space = 1;
				wrote = 1;
			}
			continue;
		}
		while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '&' &&
		       *s != '<' && *s != '>' && !line_separator(s))
			s++;
		if (s > run) {
			w_append(w, run, (size_t)(s - run));
		} else {
			char one[2] = { *s++, 0 };
			w_xml(w, one);
		}
		*lead_space = 0;
		wrote = 1;
	}
	w_puts(w, "</w:t></w:r>");
	if (!wrote && w->rc == PK_OK) {
		/* nothing but dropped whitespace: take the empty run back out */
		w->b.len = start;
		if (w->b.data)
			w->b.data[start] = '\0';
	}
}

/* The bidi language of right-to-left text s (n bytes) for w:lang w:bidi, from its letters:
 * Pashto, Sorani, Urdu or Dari letters when it has some, Hebrew, Adlam (Fula), else Arabic. */
static const char *bidi_lang(const char *s, size_t n)
{
	static const struct { const char *letters, *lang; } by[] = {
		{ "ټډړږښګڼۍې", "ps-AF" }, { "ڕڵەۆێ", "ckb-IQ" }, { "ٹڈڑںہے", "ur-PK" },
		{ "پچژگکی", "prs-AF" },
	};
	size_t i;

	for (i = 0; i < PK_ARRAY_LEN(by); i++) {
		const char *l = by[i].letters;

		while (*l) {
			size_t k = (*l & 0xF0) == 0xE0 ? 3 : 2;   /* these letters are 2 or 3 bytes */

			if (memmem(s, n, l, k))
				return by[i].lang;
			l += k;
		}
	}
	if (memmem(s, n, "\xD7", 1))
		return "he-IL";
	if (memmem(s, n, "\xF0\x9E\xA4", 3) || memmem(s, n, "\xF0\x9E\xA5", 3))
		return "ff-Adlm-GN";
	return "ar-SA";
}

/* The run properties for a right-to-left run of s (n bytes) with the formatting of rpr (bold,
 * italic, a character style): the chain's font for its first right-to-left letter as the
 * complex-script font, w:rtl and the bidi language, in the schema's order. */
static void rtl_rpr(pk_buf *out, const char *rpr, const char *s, size_t n)
{
	const font_chain *c = font_chain_get(NULL);
	const char *fam = "Noto Sans Arabic UI", *rs = strstr(rpr, "<w:rStyle "), *b = strstr(rpr, "<w:b/>"),
		   *it = strstr(rpr, "<w:i/>");
	size_t i = 0;

	while (c && i < n) {
		uint32_t cp;
		size_t k = (size_t)text_utf8_next((const unsigned char *)s + i, n - i, &cp);

		if (text_cp_rtl(cp)) {
			int f = font_family_for(c, cp);
			if (f >= 0)
				fam = c->family[f];
			break;
		}
		i += k;
	}
	buf_puts(out, "<w:rPr>");
	if (rs)
		buf_append(out, rs, strcspn(rs, ">") + 1);
	buf_printf(out, "<w:rFonts w:cs=\"%s\"/>", fam);
	if (b)
		buf_puts(out, "<w:b/><w:bCs/>");
	if (it)
		buf_puts(out, "<w:i/><w:iCs/>");
	buf_printf(out, "<w:rtl/><w:lang w:bidi=\"%s\"/></w:rPr>", bidi_lang(s, n));
}

/* Write text s as runs (put_run_one): as one run when nothing in it is right-to-left, else cut
 * into runs of one direction, the right-to-left ones with rtl_rpr(): a stretch of neutral
 * characters (spaces, punctuation, digits) goes with the right-to-left text only between two
 * right-to-left letters. */
static void put_text_run(wbuf *w, const char *s, const char *rpr, int *lead_space)
{
	size_t n = strlen(s), i = 0, start = 0, last_r = 0;
	int cur = 0, any = 0;   /* cur: the segment being built is right-to-left */
	pk_buf seg = PK_BUF_INIT, props = PK_BUF_INIT;

	if (!text_is_complex(s, n)) {
		put_run_one(w, s, rpr, lead_space);
		return;
	}
	while (i <= n && w->rc == PK_OK) {
		int dir = -1;   /* -1 neutral, 0 left-to-right, 1 right-to-left, 2 end */
		size_t k = 1;

		if (i == n) {
			dir = 2;
		} else {
			uint32_t cp;

			k = (size_t)text_utf8_next((const unsigned char *)s + i, n - i, &cp);
			if (text_cp_rtl(cp))
				dir = 1;
			else if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && !(cp >= 0x2000 && cp <= 0x206F)))
				dir = 0;
		}
		if (dir >= 0 && (dir != cur || dir == 2)) {
			/* close the segment: a right-to-left one ends after its last RTL letter */
			size_t end = dir == 2 && !cur ? n : cur ? last_r : i;

			if (end > start) {
				buf_reset(&seg);
				buf_reset(&props);
				if (buf_append(&seg, s + start, end - start)) {
					w->rc = PK_ENOMEM;
					break;
				}
				if (cur)
					rtl_rpr(&props, rpr, seg.data, seg.len);
				put_run_one(w, seg.data, cur ? (props.data ? props.data : rpr) : rpr, lead_space);
				any = 1;
			}
			start = end;
			if (dir == 2) {
				if (start < n) {   /* neutrals after the last RTL letter */
					put_run_one(w, s + start, rpr, lead_space);
				}
				break;
			}
			cur = dir;
		}
		if (dir == 1)
			last_r = i + k;
		i += k;
	}
	(void)any;
	buf_free(&seg);
	buf_free(&props);
}

/* Write the inline content of n (text, <b>, <i>, <br/>) as runs. bold: every run is bold
 * (a label, a header cell). Run properties are written in the schema's order (b before i). */
static void put_inline(wbuf *w, xmlNodePtr n, int bold)
{
	int lead_space = 1;

	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			put_text_run(w, (const char *)c->content, bold ? "<w:rPr><w:b/></w:rPr>" : "",
				     &lead_space);
		} else if (is_el(c, "b") || is_el(c, "i")) {
			xmlChar *t = xmlNodeGetContent(c);
			int b = bold || is_el(c, "b"), i = is_el(c, "i");

			if (t == NULL) {
				w->rc = w->rc ? w->rc : PK_ENOMEM;
				return;
			}
			put_text_run(w, (const char *)t, b && i ? "<w:rPr><w:b/><w:i/></w:rPr>"
				     : b ? "<w:rPr><w:b/></w:rPr>" : "<w:rPr><w:i/></w:rPr>", &lead_space);
			xmlFree(t);
		} else if (is_el(c, "br")) {
			w_puts(w, "<w:r><w:br/></w:r>");
			lead_space = 1;
		}
	}
}

/* A paragraph with style id style (NULL: Normal) holding n's inline content (all bold if
 * bold). */
static void put_para(wbuf *w, const char *style, xmlNodePtr n, int bold)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;

	w_puts(w, "<w:p>");
	w_ppr(w, style, (const char *)t);
	xmlFree(t);
	if (n)
		put_inline(w, n, bold);
	w_puts(w, "</w:p>");
}

/* A paragraph of plain text s (escaped) with style id style (NULL: Normal). */
static void put_para_text(wbuf *w, const char *style, const char *s, const char *rpr)
{
	w_puts(w, "<w:p>");
	w_ppr(w, style, s);
	if (s && *s && text_is_complex(s, strlen(s))) {
		int lead = 1;
		put_text_run(w, s, rpr, &lead);
	} else if (s && *s) {
		w_puts(w, "<w:r>");
		w_puts(w, rpr);
		w_puts(w, "<w:t xml:space=\"preserve\">");
		w_xml(w, s);
		w_puts(w, "</w:t></w:r>");
	}
	w_puts(w, "</w:p>");
}

/* Compute grid widths (twips) from weights so they sum to TEXT_W; the last column takes the
 * rounding remainder. n >= 1. */
static void grid_widths(const long *weights, int n, int *out)
{
	long sum = 0;
	int used = 0;

	for (int i = 0; i < n; i++)
		sum += weights[i] > 0 ? weights[i] : 1;
	for (int i = 0; i < n; i++) {
		long wgt = weights[i] > 0 ? weights[i] : 1;

		out[i] = i == n - 1 ? TEXT_W - used : (int)(wgt * TEXT_W / sum);
		used += out[i];
	}
}

/* Open a table: properties (style, full width, fixed layout, caption for screen readers) and
 * the grid. head: 1 if the first row is a header row (the table style then shades it). */
static void table_open(wbuf *w, const int *widths, int n, const char *caption, int head)
{
	w_puts(w, "<w:tbl><w:tblPr><w:tblStyle w:val=\"PepTable\"/>");
	w_printf(w, "<w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>", TEXT_W);
	w_puts(w, head ? "<w:tblLook w:val=\"0420\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" "
			 "w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>"
		       : "<w:tblLook w:val=\"0400\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" "
			 "w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>");
	if (caption && *caption) {
		w_puts(w, "<w:tblCaption w:val=\"");
		w_xml(w, caption);
		w_puts(w, "\"/>");
	}
	w_puts(w, "</w:tblPr><w:tblGrid>");
	for (int i = 0; i < n; i++)
		w_num(w, "<w:gridCol w:w=\"", widths[i], "\"/>");
	w_puts(w, "</w:tblGrid>");
}

/* Close a table, then an empty spacer paragraph (keeps consecutive tables apart and gives
 * the body a paragraph after its last table, which Word requires). */
static void table_close(wbuf *w)
{
	w_puts(w, "</w:tbl><w:p><w:pPr><w:pStyle w:val=\"Spacer\"/></w:pPr></w:p>");
}

/* Write one table row of IR <cell> children. head: header row (repeated on every page, bold).
 * widths/n: the grid; spans past the grid are clipped to it. */
static void put_row(wbuf *w, xmlNodePtr row, int head, const int *widths, int n)
{
	int col = 0;

	w_puts(w, "<w:tr>");
	w_puts(w, head ? "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>");
	for (xmlNodePtr c = row->children; c; c = c->next) {
		const char *sp;
		long span = 1;
		int tw = 0;

		if (!is_el(c, "cell") || col >= n)
			continue;
		sp = attr(c, "span");
		span = irnum_int(sp, 1, 1, IRNUM_MAX_COLS);
		if (span < 1)
			span = 1;
		if (span > n - col)
			span = n - col;
		for (int i = 0; i < span; i++)
			tw += widths[col + i];
		w_num(w, "<w:tc><w:tcPr><w:tcW w:w=\"", tw, "\" w:type=\"dxa\"/>");
		if (span > 1)
			w_num(w, "<w:gridSpan w:val=\"", span, "\"/>");
		w_puts(w, "</w:tcPr>");
		put_para(w, head ? "TableHead" : "TableText", c, head);
		w_puts(w, "</w:tc>");
		col += (int)span;
	}
	/* a short row still needs cells to fill the grid */
	for (; col < n; col++)
		w_num(w, "<w:tc><w:tcPr><w:tcW w:w=\"", widths[col], "\" w:type=\"dxa\"/></w:tcPr>"
		      "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p></w:tc>");
	w_puts(w, "</w:tr>");
}

/* <table>: columns -> grid, head -> repeated header row, rows. */
static void put_table(wbuf *w, xmlNodePtr t)
{
	long weights[20];
	int widths[20], n = 0;
	xmlNodePtr cols = child_el(t, "columns");

	for (xmlNodePtr c = cols ? cols->children : NULL; c && n < 20; c = c->next)
		if (is_el(c, "col")) {
			const char *v = attr(c, "width");
			weights[n++] = irnum_int(v, 1, 1, IRNUM_MAX_WEIGHT);
		}
	if (n == 0)
		return;
	grid_widths(weights, n, widths);
	if (attr(t, "caption"))
		put_para_text(w, "Caption", attr(t, "caption"), "");
	table_open(w, widths, n, attr(t, "caption"), child_el(t, "head") != NULL);
	for (xmlNodePtr r = t->children; r; r = r->next)
		if (is_el(r, "head"))
			put_row(w, r, 1, widths, n);
	for (xmlNodePtr r = t->children; r; r = r->next)
		if (is_el(r, "row"))
			put_row(w, r, 0, widths, n);
	table_close(w);
}

/* <fields>: a two-column grid, label in bold. */
static void put_fields(wbuf *w, xmlNodePtr f)
{
	static const long weights[2] = { 1, 2 };
	int widths[2];

	grid_widths(weights, 2, widths);
	table_open(w, widths, 2, NULL, 0);   /* label/value grid: no header row */
	/* no header row here: tell Word not to format the first row as one */
	for (xmlNodePtr c = f->children; c; c = c->next) {
		if (!is_el(c, "field"))
			continue;
		w_num(w, "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"", widths[0],
		      "\" w:type=\"dxa\"/></w:tcPr>");
		put_para_text(w, "TableText", attr(c, "label"), "<w:rPr><w:b/></w:rPr>");
		w_num(w, "</w:tc><w:tc><w:tcPr><w:tcW w:w=\"", widths[1], "\" w:type=\"dxa\"/></w:tcPr>");
		put_para(w, "TableText", c, 0);
		w_puts(w, "</w:tc></w:tr>");
	}
	table_close(w);
}

/* <chart>: Word gets the data as a table, one row per point label (in order of first
 * appearance), one column per series; a missing value shows as an en dash. */
static void put_chart(wbuf *w, xmlNodePtr ch)
{
	xmlNodePtr series[10];
	const char *labels[600];
	long weights[11];
	int widths[11], ns = 0, nl = 0;
	const char *unit = attr(ch, "unit");

	for (xmlNodePtr s = ch->children; s && ns < 10; s = s->next) {
		if (!is_el(s, "series"))
			continue;
		series[ns++] = s;
		for (xmlNodePtr p = s->children; p; p = p->next) {
			const char *l = is_el(p, "point") ? attr(p, "label") : NULL;
			int seen = 0;

			if (l == NULL)
				continue;
			for (int i = 0; i < nl && !seen; i++)
				seen = strcmp(labels[i], l) == 0;
			if (!seen && nl < (int)PK_ARRAY_LEN(labels))
				labels[nl++] = l;
		}
	}
	if (ns == 0)
		return;
	weights[0] = 2;
	for (int i = 1; i <= ns; i++)
		weights[i] = 1;
	grid_widths(weights, ns + 1, widths);
	put_para_text(w, "Caption", attr(ch, "title"), "");
	table_open(w, widths, ns + 1, attr(ch, "title"), 1);
	w_puts(w, "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
	for (int i = 0; i <= ns; i++) {
		w_num(w, "<w:tc><w:tcPr><w:tcW w:w=\"", widths[i], "\" w:type=\"dxa\"/></w:tcPr>");
		w_puts(w, "<w:p><w:pPr><w:pStyle w:val=\"TableHead\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>"
			  "<w:t xml:space=\"preserve\">");
		if (i == 0) {
			w_puts(w, "Term");
		} else {
			w_xml(w, attr(series[i - 1], "name"));
			if (unit && *unit) {
				w_puts(w, " (");
				w_xml(w, unit);
				w_puts(w, ")");
			}
		}
		w_puts(w, "</w:t></w:r></w:p></w:tc>");
	}
	w_puts(w, "</w:tr>");
	for (int l = 0; l < nl; l++) {
		w_puts(w, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
		for (int i = 0; i <= ns; i++) {
			const char *v = "\xe2\x80\x93";

			if (i == 0) {
				v = labels[l];
			} else {
				for (xmlNodePtr p = series[i - 1]->children; p; p = p->next) {
					const char *pl = is_el(p, "point") ? attr(p, "label") : NULL;

					if (pl && strcmp(pl, labels[l]) == 0) {
						/* the value as recorded (a code such as "EXS") when the
						 * stylesheet gives it, else the plotted number */
						if (attr(p, "text"))
							v = attr(p, "text");
						else if (attr(p, "value"))
							v = attr(p, "value");
						break;
					}
				}
			}
			w_num(w, "<w:tc><w:tcPr><w:tcW w:w=\"", widths[i], "\" w:type=\"dxa\"/></w:tcPr>");
			put_para_text(w, "TableText", v, "");
			w_puts(w, "</w:tc>");
		}
		w_puts(w, "</w:tr>");
	}
	table_close(w);
}

/* <list>: one List Paragraph per item, numbered with the shared bullet definition (numId 1)
 * or a fresh decimal numbering (numId >= 2, each restarting at 1). */
static void put_list(render *r, xmlNodePtr l)
{
	const char *style = attr(l, "style");
	int num = 1;

	if (style && strcmp(style, "number") == 0)
		num = r->next_num++;
	for (xmlNodePtr it = l->children; it; it = it->next) {
		if (!is_el(it, "item"))
			continue;
		w_num(&r->doc, "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl "
		      "w:val=\"0\"/><w:numId w:val=\"", num, "\"/></w:numPr></w:pPr>");
		put_inline(&r->doc, it, 0);
		w_puts(&r->doc, "</w:p>");
	}
}

/* Does n have any non-whitespace text or a <br/>? (a prefilled input) */
static int has_content(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (is_el(c, "br"))
			return 1;
		if (c->type == XML_TEXT_NODE || is_el(c, "b") || is_el(c, "i")) {
			const char *s = c->type == XML_TEXT_NODE ? (const char *)c->content
				: c->children ? (const char *)c->children->content : "";
			for (; s && *s; s++)
				if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
					return 1;
		}
	}
	return 0;
}

/* Write the text of a multi-line prefilled value: each <br/> starts a new paragraph (so the
 * value reads back paragraph by paragraph). */
static void put_multiline_value(wbuf *w, xmlNodePtr n)
{
	int lead_space = 1;

	w_puts(w, "<w:p><w:pPr><w:pStyle w:val=\"FormField\"/></w:pPr>");
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (is_el(c, "br")) {
			w_puts(w, "</w:p><w:p><w:pPr><w:pStyle w:val=\"FormField\"/></w:pPr>");
			lead_space = 1;
		} else if (c->type == XML_TEXT_NODE) {
			put_text_run(w, (const char *)c->content, "", &lead_space);
		} else if (is_el(c, "b") || is_el(c, "i")) {
			xmlChar *t = xmlNodeGetContent(c);

			if (t)
				put_text_run(w, (const char *)t, "", &lead_space);
			xmlFree(t);
		}
	}
	w_puts(w, "</w:p>");
}

/* Note the fingerprint of input in's value (tag: its tag) in r->prefill: its text as import
 * reads the box back (a line break between the paragraphs a <br/> starts). Without libcrypto
 * (or memory) the form keeps no fingerprint and import reads every box as typed. */
static void note_prefill(render *r, xmlNodePtr in, const char *tag)
{
	pk_buf t = PK_BUF_INIT;
	char hex[FP_BOX_HEX_LEN + 1];
	int rc = PK_OK;

	for (xmlNodePtr c = in->children; c && rc == PK_OK; c = c->next) {
		if (is_el(c, "br")) {
			rc = buf_puts(&t, "\n");
		} else if (c->type == XML_TEXT_NODE && c->content) {
			rc = buf_puts(&t, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			xmlChar *v = xmlNodeGetContent(c);

			if (v)
				rc = buf_puts(&t, (const char *)v);
			xmlFree(v);
		}
	}
	if (rc == PK_OK && fp_box_hex(tag, t.data ? t.data : "", hex) == PK_OK) {
		w_puts(&r->prefill, tag);
		w_puts(&r->prefill, "=");
		w_puts(&r->prefill, hex);
		w_puts(&r->prefill, ";");
	}
	buf_free(&t);
}

/* <input>: a label paragraph, then a block-level content control tagged with the input's tag
 * and titled with its label. Empty: the prompt as placeholder text (w:showingPlcHdr, so Word
 * clears it on typing and import ignores it). Kinds: text/number = plain text control;
 * multiline = rich text control (several paragraphs allowed); date = date picker
 * (yyyy-MM-dd); choice = drop-down list of the choices ("code=Words" shows Words). */
static void put_input(render *r, xmlNodePtr in)
{
	wbuf *w = &r->doc;
	const char *tag = attr(in, "tag"), *label = attr(in, "label");
	const char *kind = attr(in, "kind"), *prompt = attr(in, "prompt");
	const char *choices = attr(in, "choices");
	int filled = has_content(in);
	int multiline;

	if (kind == NULL)
		kind = "text";
	multiline = strcmp(kind, "multiline") == 0;
	if (prompt == NULL || !*prompt)
		prompt = multiline ? "Click or tap here to enter text." : "Enter text.";

	put_para_text(w, "FormLabel", label, "");
	if (filled && tag)
		note_prefill(r, in, tag);
	w_printf(w, "<w:sdt><w:sdtPr><w:alias w:val=\"");
	w_xml(w, label);
	w_puts(w, "\"/><w:tag w:val=\"");
	w_xml(w, tag);
	w_printf(w, "\"/><w:id w:val=\"%d\"/>", r->next_sdt++);
	if (!filled)
		w_puts(w, "<w:showingPlcHdr/>");
	if (strcmp(kind, "date") == 0) {
		w_puts(w, "<w:date");
		if (filled) {
			xmlChar *v = xmlNodeGetContent(in);
			const char *s = (const char *)v;

			while (s && (*s == ' ' || *s == '\n' || *s == '\t'))
				s++;
			/* only a plain yyyy-mm-dd can be the picker's date */
			if (s && strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
				w_puts(w, " w:fullDate=\"");
				if (w->rc == PK_OK)
					w->rc = buf_append(&w->b, s, 10);
				w_puts(w, "T00:00:00Z\"");
			}
			xmlFree(v);
		}
		w_puts(w, "><w:dateFormat w:val=\"yyyy-MM-dd\"/><w:lid w:val=\"en-GB\"/>"
			  "<w:storeMappedDataAs w:val=\"date\"/><w:calendar w:val=\"gregorian\"/></w:date>");
	} else if (strcmp(kind, "choice") == 0 && choices) {
		const char *s = choices;

		w_puts(w, "<w:dropDownList>");
		while (*s) {
			const char *e = strchr(s, '|');
			size_t len = e ? (size_t)(e - s) : strlen(s);
			char item[256], *words;

			/* "code=Words": the list shows the words, Word keeps the code as the value */
			snprintf(item, sizeof(item), "%.*s", (int)(len < 255 ? len : 255), s);
			words = strchr(item, '=');
			if (words)
				*words++ = '\0';
			if (item[0]) {
				w_puts(w, "<w:listItem w:displayText=\"");
				w_xml(w, words ? words : item);
				w_puts(w, "\" w:value=\"");
				w_xml(w, item);
				w_puts(w, "\"/>");
			}
			s += len;
			if (*s == '|')
				s++;
		}
		w_puts(w, "</w:dropDownList>");
	} else if (!multiline) {
		w_puts(w, "<w:text/>");
	}
	w_puts(w, "</w:sdtPr><w:sdtContent>");
	if (!filled)
		put_para_text(w, "FormField", prompt, "<w:rPr><w:rStyle w:val=\"PlaceholderText\"/></w:rPr>");
	else if (multiline)
		put_multiline_value(w, in);
	else
		put_para(w, "FormField", in, 0);
	w_puts(w, "</w:sdtContent></w:sdt>");
}

/* The body: title block from meta, then each IR block in order, then the section
 * properties (A4, margins, header and footer). */
static void put_body(render *r, xmlNodePtr meta, xmlNodePtr body)
{
	wbuf *w = &r->doc;

	w_puts(w, XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\"><w:body>");
	put_para(w, "Title", child_el(meta, "title"), 0);
	if (child_el(meta, "subtitle"))
		put_para(w, "Subtitle", child_el(meta, "subtitle"), 0);
	if (child_el(meta, "audience"))
		put_para(w, "Note", child_el(meta, "audience"), 0);
	for (xmlNodePtr n = body ? body->children : NULL; n && w->rc == PK_OK; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(n, "h")) {
			const char *lv = attr(n, "level");
			char style[16];

			snprintf(style, sizeof(style), "Heading%c",
				 lv && lv[0] >= '1' && lv[0] <= '3' ? lv[0] : '1');
			put_para(w, style, n, 0);
		} else if (is_el(n, "p")) {
			const char *st = attr(n, "style");

			/* never Word's Normal: `import` reads text in a Normal paragraph as typed
			 * outside the boxes (docx_read.c, normal_para()) */
			put_para(w, st && strcmp(st, "note") == 0 ? "Note"
				 : st && strcmp(st, "empty") == 0 ? "Empty" : "PepkitText", n, 0);
		} else if (is_el(n, "list")) {
			put_list(r, n);
		} else if (is_el(n, "fields")) {
			put_fields(w, n);
		} else if (is_el(n, "table")) {
			put_table(w, n);
		} else if (is_el(n, "chart")) {
			put_chart(w, n);
		} else if (is_el(n, "input")) {
			put_input(r, n);
		} else if (is_el(n, "page-break")) {
			w_puts(w, "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
		}
	}
	w_printf(w, "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader1\"/>"
		    "<w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>"
		    "<w:pgSz w:w=\"%d\" w:h=\"%d\"/><w:pgMar w:top=\"%d\" w:right=\"%d\" "
		    "w:bottom=\"%d\" w:left=\"%d\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>"
		    "</w:sectPr></w:body></w:document>", PAGE_W, PAGE_H, MARGIN, MARGIN, MARGIN, MARGIN);
}

/* The text content of meta's child name, or "" (caller frees with xmlFree unless ""). */
static char *meta_text(xmlNodePtr meta, const char *name)
{
	xmlNodePtr n = child_el(meta, name);
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;

	return t ? (char *)t : NULL;
}

/* word/header1.xml: the marking, centred and bold. */
static void put_header(wbuf *w, const char *marking)
{
	w_puts(w, XML_DECL "<w:hdr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\">");
	put_para_text(w, "Header", marking, "<w:rPr><w:b/></w:rPr>");
	w_puts(w, "</w:hdr>");
}

/* word/footer1.xml: the footer line and "Page X of Y" (PAGE/NUMPAGES fields) on one line,
 * then the marking again. */
static void put_footer(wbuf *w, const char *footer, const char *marking)
{
	w_puts(w, XML_DECL "<w:ftr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\">"
		  "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>");
	if (footer && *footer) {
		w_puts(w, "<w:r><w:t xml:space=\"preserve\">");
		w_xml(w, footer);
		w_puts(w, "</w:t></w:r>");
	}
	w_puts(w, "<w:r><w:tab/><w:t xml:space=\"preserve\">Page </w:t></w:r>"
		  "<w:fldSimple w:instr=\" PAGE \\* MERGEFORMAT \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
		  "<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>"
		  "<w:fldSimple w:instr=\" NUMPAGES \\* MERGEFORMAT \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
		  "</w:p>");
	put_para_text(w, "Header", marking, "<w:rPr><w:b/></w:rPr>");
	w_puts(w, "</w:ftr>");
}

/* word/numbering.xml: abstract 0 bullets, abstract 1 decimal; num 1 = bullets, nums
 * 2..last_num-1 = decimal lists, each restarting at 1. */
static void put_numbering(wbuf *w, int last_num)
{
	w_puts(w, XML_DECL "<w:numbering xmlns:w=\"" NS_W "\">"
		  "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>"
		  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
		  "<w:lvlText w:val=\"\xe2\x80\xa2\"/><w:lvlJc w:val=\"left\"/>"
		  "<w:pPr><w:ind w:left=\"567\" w:hanging=\"283\"/></w:pPr></w:lvl></w:abstractNum>"
		  "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"singleLevel\"/>"
		  "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
		  "<w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/>"
		  "<w:pPr><w:ind w:left=\"567\" w:hanging=\"340\"/></w:pPr></w:lvl></w:abstractNum>"
		  "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>");
	for (int i = 2; i < last_num; i++)
		w_printf(w, "<w:num w:numId=\"%d\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride "
			    "w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>", i);
	w_puts(w, "</w:numbering>");
}

/* docProps/core.xml: title, subject and keywords from meta; no author, no dates. */
static void put_core(wbuf *w, const char *title, const char *subject, const char *keywords)
{
	w_puts(w, XML_DECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/"
		  "2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
		  "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/"
		  "XMLSchema-instance\"><dc:title>");
	w_xml(w, title);
	w_puts(w, "</dc:title>");
	if (subject && *subject) {
		w_puts(w, "<dc:subject>");
		w_xml(w, subject);
		w_puts(w, "</dc:subject>");
	}
	if (keywords && *keywords) {
		w_puts(w, "<cp:keywords>");
		w_xml(w, keywords);
		w_puts(w, "</cp:keywords>");
	}
	w_puts(w, "<dc:language>en-GB</dc:language></cp:coreProperties>");
}

/* [Content_Types].xml up to its last part; CT_END ends it, CT_CUSTOM adds docProps/custom.xml
 * (a form with prefilled child details) before that. */
#define CT_PARTS XML_DECL \
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" \
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>" \
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>" \
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>" \
	"<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>" \
	"<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>" \
	"<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>" \
	"<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>" \
	"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>" \
	"<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
#define CT_CUSTOM "<Override PartName=\"/docProps/custom.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.custom-properties+xml\"/>"
#define CT_END "</Types>"

static const char content_types[] = CT_PARTS CT_END;
static const char content_types_custom[] = CT_PARTS CT_CUSTOM CT_END;

static const char root_rels[] = XML_DECL
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
	"</Relationships>";

static const char root_rels_custom[] = XML_DECL
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\"/>"
	"</Relationships>";

static const char doc_rels[] = XML_DECL
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
	"<Relationship Id=\"rIdNumbering\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
	"<Relationship Id=\"rIdHeader1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>"
	"<Relationship Id=\"rIdFooter1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
	"</Relationships>";

static const char app_xml[] = XML_DECL
	"<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
	"<Application>pepkit</Application><DocSecurity>0</DocSecurity></Properties>";

static const char settings_xml[] = XML_DECL
	"<w:settings xmlns:w=\"" NS_W "\"><w:defaultTabStop w:val=\"709\"/>"
	"<w:characterSpacingControl w:val=\"doNotCompress\"/>"
	"<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
	"</w:settings>";

/* Styles: names are Word's built-in ones (lower-case "heading 1" etc. as Word stores them)
 * so the navigation pane, screen readers and python-docx see real headings. */
static const char styles_xml[] = XML_DECL
	"<w:styles xmlns:w=\"" NS_W "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>"
	"<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:spacing w:after=\"240\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:spacing w:after=\"240\"/></w:pPr><w:rPr><w:color w:val=\"404040\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
	"<w:rPr><w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/></w:pPr>"
	"<w:rPr><w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"200\" w:after=\"80\"/><w:outlineLvl w:val=\"2\"/></w:pPr>"
	"<w:rPr><w:b/><w:sz w:val=\"23\"/><w:szCs w:val=\"23\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:spacing w:after=\"60\"/><w:ind w:left=\"720\"/><w:contextualSpacing/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"PepkitText\"><w:name w:val=\"Pepkit Text\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Note\"><w:name w:val=\"Note\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>"
	"<w:rPr><w:color w:val=\"595959\"/><w:sz w:val=\"19\"/><w:szCs w:val=\"19\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Empty\"><w:name w:val=\"Empty\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:rPr><w:i/><w:color w:val=\"595959\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"60\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"TableHead\"><w:name w:val=\"Table Heading\"/><w:basedOn w:val=\"TableText\"/>"
	"<w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Spacer\"><w:name w:val=\"Table Spacer\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:spacing w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"FormLabel\"><w:name w:val=\"Form Label\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"FormField\"/><w:qFormat/>"
	"<w:pPr><w:keepNext/><w:spacing w:before=\"160\" w:after=\"40\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"FormField\"><w:name w:val=\"Form Field\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"2\" w:color=\"A6A6A6\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"A6A6A6\"/>"
	"<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"2\" w:color=\"A6A6A6\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"A6A6A6\"/></w:pBdr>"
	"<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F7F7F7\"/><w:spacing w:after=\"0\"/><w:ind w:left=\"85\" w:right=\"85\"/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:tabs><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"
	"<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>"
	"<w:style w:type=\"character\" w:styleId=\"PlaceholderText\"><w:name w:val=\"Placeholder Text\"/><w:basedOn w:val=\"DefaultParagraphFont\"/>"
	"<w:rPr><w:color w:val=\"666666\"/></w:rPr></w:style>"
	"<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/>"
	"<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
	"<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
	"<w:style w:type=\"table\" w:styleId=\"PepTable\"><w:name w:val=\"PEP Table\"/><w:basedOn w:val=\"TableNormal\"/><w:qFormat/>"
	"<w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
	"<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	"<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>"
	"<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/></w:tblBorders>"
	"<w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"85\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
	"<w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/></w:rPr><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"DEEAF6\"/></w:tcPr></w:tblStylePr>"
	"</w:style>"
	"</w:styles>";

/* One zip entry: name and bytes (not owned). */
typedef struct part {
	const char *name;
	const char *data;
	size_t len;
} part;

/* Parts smaller than this are stored, not deflated: each deflate stream costs zlib a few
 * hundred kB of fresh memory, more than compressing a few hundred bytes saves. */
#define DEFLATE_MIN 4096
/* Level 1: against the default 6 it halves the cost of a render (zip_close was a third of
 * it) for parts about 10% larger. */
#define DEFLATE_LEVEL 1

/* Zip parts (in the order given) into a fresh in-memory archive and append its bytes to out.
 * Every entry gets the DOS time 1980-01-01 00:00 and a fixed method (stored below
 * DEFLATE_MIN bytes, else deflate at DEFLATE_LEVEL), so the bytes depend only on the parts.
 * Returns PK_OK, or PK_ENOMEM / PK_EINTERNAL with err set (also when libzip cannot be loaded). */
static int zip_parts(const part *parts, size_t n, pk_buf *out, pk_error *err)
{
	zip_error_t ze;
	zip_source_t *mem = NULL;
	zip_t *za = NULL;
	zip_stat_t st;
	int rc = PK_EINTERNAL, opened = 0;

	if ((rc = zipso_load(err)) != PK_OK)
		return rc;
	rc = PK_EINTERNAL;
	zipso_calls.zip_error_init(&ze);
	mem = zipso_calls.zip_source_buffer_create(NULL, 0, 0, &ze);
	if (mem == NULL)
		goto fail;
	za = zipso_calls.zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	if (za == NULL)
		goto fail;
	zipso_calls.zip_source_keep(mem);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zipso_calls.zip_source_buffer(za, parts[i].data, parts[i].len, 0);
		zip_int64_t idx;

		if (s == NULL)
			goto fail_za;
		idx = zipso_calls.zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zipso_calls.zip_source_free(s);
			goto fail_za;
		}
		/* 1980-01-01 00:00:00: DOS date (year-1980)<<9 | month<<5 | day */
		if (zipso_calls.zip_file_set_dostime(za, (zip_uint64_t)idx, 0, (1 << 5) | 1, 0) < 0 ||
		    zipso_calls.zip_set_file_compression(za, (zip_uint64_t)idx, parts[i].len >= DEFLATE_MIN ?
					     ZIP_CM_DEFLATE : ZIP_CM_STORE, DEFLATE_LEVEL) < 0)
			goto fail_za;
	}
	if (zipso_calls.zip_close(za) < 0)
		goto fail_za;
	za = NULL;
	if (zipso_calls.zip_source_stat(mem, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    zipso_calls.zip_source_open(mem) < 0)
		goto fail_src;
	opened = 1;
	if ((rc = buf_reserve(out, (size_t)st.size)) != PK_OK) {
		pk_error_set(err, rc, "DOCX: out of memory for %llu bytes", (unsigned long long)st.size);
		goto out;
	}
	if (zipso_calls.zip_source_read(mem, out->data + out->len, st.size) != (zip_int64_t)st.size)
		goto fail_src;
	out->len += (size_t)st.size;
	out->data[out->len] = '\0';
	rc = PK_OK;
	goto out;

fail_za:
	rc = pk_error_set(err, PK_EINTERNAL, "DOCX: cannot build the zip: %s", zipso_calls.zip_strerror(za));
	zipso_calls.zip_discard(za);
	za = NULL;
	goto out;
fail_src:
	rc = pk_error_set(err, PK_EINTERNAL, "DOCX: cannot read the zip back: %s",
			  zipso_calls.zip_error_strerror(zipso_calls.zip_source_error(mem)));
	goto out;
fail:
	rc = pk_error_set(err, PK_EINTERNAL, "DOCX: cannot create the zip: %s",
			  zipso_calls.zip_error_strerror(&ze));
out:
	if (opened)
		zipso_calls.zip_source_close(mem);
	zipso_calls.zip_source_free(mem);
	zipso_calls.zip_error_fini(&ze);
	return rc;
}

int docx_render(xmlDocPtr ir, pk_buf *out, pk_error *err)
{
	render r;
	wbuf num = { PK_BUF_INIT, PK_OK }, hdr = { PK_BUF_INIT, PK_OK };
	wbuf ftr = { PK_BUF_INIT, PK_OK }, core = { PK_BUF_INIT, PK_OK };
	wbuf custom = { PK_BUF_INIT, PK_OK };
	xmlNodePtr root = ir ? xmlDocGetRootElement(ir) : NULL, meta, body;
	char *title = NULL, *marking = NULL, *footer = NULL, *subject = NULL, *keywords = NULL;
	int rc;

	memset(&r, 0, sizeof(r));
	r.next_num = 2;
	r.next_sdt = 1;
	if (!is_el(root, "document") || (meta = child_el(root, "meta")) == NULL ||
	    (body = child_el(root, "body")) == NULL)
		return pk_error_set(err, PK_EINVAL, "DOCX: the input is not a document IR "
				    "(<document> with <meta> and <body>)");
	title = meta_text(meta, "title");
	marking = meta_text(meta, "marking");
	footer = meta_text(meta, "footer");
	subject = meta_text(meta, "subject");
	keywords = meta_text(meta, "keywords");

	put_body(&r, meta, body);
	put_numbering(&num, r.next_num);
	put_header(&hdr, marking);
	put_footer(&ftr, footer, marking);
	put_core(&core, title, subject, keywords);
	if (r.prefill.b.len > 0) {
		w_puts(&custom, XML_DECL "<Properties xmlns=\"http://schemas.openxmlformats.org/"
		       "officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas."
		       "openxmlformats.org/officeDocument/2006/docPropsVTypes\"><property fmtid=\""
		       "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"pepkit-prefill\">"
		       "<vt:lpwstr>");
		w_xml(&custom, r.prefill.b.data);
		w_puts(&custom, "</vt:lpwstr></property></Properties>");
	}
	rc = r.doc.rc ? r.doc.rc : num.rc ? num.rc : hdr.rc ? hdr.rc : ftr.rc ? ftr.rc : core.rc;
	if (rc == PK_OK)
		rc = r.prefill.rc ? r.prefill.rc : custom.rc;
	if (rc != PK_OK) {
		pk_error_set(err, rc, "DOCX: out of memory while writing the document");
		goto out;
	}
	{
		const part parts[] = {
			{ "[Content_Types].xml", custom.b.len ? content_types_custom : content_types,
			  custom.b.len ? sizeof(content_types_custom) - 1 : sizeof(content_types) - 1 },
			{ "_rels/.rels", custom.b.len ? root_rels_custom : root_rels,
			  custom.b.len ? sizeof(root_rels_custom) - 1 : sizeof(root_rels) - 1 },
			{ "docProps/core.xml", core.b.data, core.b.len },
			{ "docProps/app.xml", app_xml, sizeof(app_xml) - 1 },
			{ "word/_rels/document.xml.rels", doc_rels, sizeof(doc_rels) - 1 },
			{ "word/document.xml", r.doc.b.data, r.doc.b.len },
			{ "word/styles.xml", styles_xml, sizeof(styles_xml) - 1 },
			{ "word/settings.xml", settings_xml, sizeof(settings_xml) - 1 },
			{ "word/numbering.xml", num.b.data, num.b.len },
			{ "word/header1.xml", hdr.b.data, hdr.b.len },
			{ "word/footer1.xml", ftr.b.data, ftr.b.len },
			{ "docProps/custom.xml", custom.b.data, custom.b.len },
		};
		/* the last part only when the form has prefilled child details */
		rc = zip_parts(parts, PK_ARRAY_LEN(parts) - (custom.b.len ? 0 : 1), out, err);
	}
out:
	buf_free(&r.doc.b);
	buf_free(&num.b);
	buf_free(&hdr.b);
	buf_free(&ftr.b);
	buf_free(&core.b);
	buf_free(&custom.b);
	buf_free(&r.prefill.b);
	xmlFree(title);
	xmlFree(marking);
	xmlFree(footer);
	xmlFree(subject);
	xmlFree(keywords);
	return rc;
}
