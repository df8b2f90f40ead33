/*
 * pdf.h: render a document IR (schemas/document.xsd) as PDF with libharu.
 *
 * A layout pass measures text with the embedded fonts' metrics (shaped where the script needs
 * it; fonts embedded as subsets), breaks lines, splits tables across pages with the
 * header row repeated, keeps headings with what follows and counts pages; a drawing pass then
 * writes every page with the marking at top and bottom, "Page X of Y", the title and the
 * footer line. Output is byte-identical for the same input (no dates, no random IDs).
 *
 * Fonts: the fallback chain of templates/fonts.conf (render/font.h); $PEPKIT_FONTDIR, when set,
 * is the folder every font file is read from. Text is laid out by render/text.h (bidi,
 * shaping). Thread-safe: each call builds its own libharu document; the faces and compressors
 * shared by all calls are loaded and pooled under locks.
 */
#ifndef PEPKIT_PDF_H
#define PEPKIT_PDF_H

#include "core/pepkit.h"
#include "core/buf.h"

#include <libxml/tree.h>

/* Render ir into out (appended). Returns PK_OK, or a PK_E* code with err set; on failure out
 * may hold partial bytes the caller must discard. pages (if not NULL) gets the page count. */
int pdf_render(xmlDocPtr ir, pk_buf *out, int *pages, pk_error *err);

/* Options for pdf_render_ex(). */
typedef struct pdf_opts {
	int pdfa;          /* 1: write PDF/A-2b (render/pdfa.h) */
	const char *date;  /* with pdfa: the document's date "YYYY-MM-DD" for Info and XMP, or NULL */
} pdf_opts;

/* pdf_render() with options (o NULL: the same as pdf_render). */
int pdf_render_ex(xmlDocPtr ir, const pdf_opts *o, pk_buf *out, int *pages, pk_error *err);

/* Free what pdf_render() keeps for the process: the fonts (font.h) and the pool of compressors.
 * Optional, at exit, when no render is running. */
void pdf_cleanup(void);

#endif
