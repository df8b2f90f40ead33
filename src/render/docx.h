/*
 * docx.h: render a document IR (schemas/document.xsd) as a Word document (DOCX: Office Open
 * XML WordprocessingML in a zip written with libzip). Real styles (Title, Heading 1-3, Normal,
 * a table style, list numbering), header and footer with the marking and PAGE/NUMPAGES fields,
 * A4 with the PDF's margins, document properties; byte-identical output for the same input.
 * Thread-safe. Reading a DOCX back (for `pepkit import`) is intake/docx_read.h.
 */
#ifndef PEPKIT_DOCX_H
#define PEPKIT_DOCX_H

#include "core/pepkit.h"
#include "core/buf.h"

#include <libxml/tree.h>

/* Render ir into out (appended). Returns PK_OK, or a PK_E* code with err set; on failure out
 * may hold partial bytes the caller must discard. */
int docx_render(xmlDocPtr ir, pk_buf *out, pk_error *err);

#endif
