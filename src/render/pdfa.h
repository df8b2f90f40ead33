/*
 * pdfa.h: the objects that make a libharu document PDF/A-2b, written here rather than by
 * libharu 2.3.0's own PDF/A helpers (which write /SubType for /Subtype, unescaped XMP and a
 * clock-based /ID):
 *  - an XMP metadata stream (uncompressed) with pdfaid:part 2, pdfaid:conformance B, and
 *    dc:title, dc:description, pdf:Keywords, pdf:Producer, xmp:CreatorTool, xmp:CreateDate,
 *    xmp:ModifyDate equal to the Info dictionary's entries (XML-escaped);
 *  - an OutputIntent /S /GTS_PDFA1 whose DestOutputProfile is the sRGB ICC profile
 *    ($PEPKIT_ICC_PROFILE, else /usr/share/color/icc/sRGB.icc from icc-profiles-free);
 *  - a document /ID derived from the file's own bytes, so the same input gives the same file.
 * Fonts are embedded by pdf.c; nothing here adds encryption, actions, JavaScript or attachments.
 *
 * Use: pdfa_prepare() after the Info entries are set and before saving, then pdfa_set_id() on
 * the saved bytes. Thread-safe (the ICC profile is read once per process under a lock).
 */
#ifndef PEPKIT_PDFA_H
#define PEPKIT_PDFA_H

#include "core/pepkit.h"
#include "core/fingerprint.h"

#include <hpdf.h>

/* The default sRGB profile (Debian's icc-profiles-free). */
#define PDFA_ICC_DEFAULT "/usr/share/color/icc/sRGB.icc"

/* Add the PDF/A-2b objects to pdf: version 1.7, Info CreationDate/ModDate from date
 * ("YYYY-MM-DD", midnight UTC; NULL for no dates), the XMP stream, the OutputIntent and a
 * placeholder /ID in the trailer for pdfa_set_id(). Returns PK_OK, PK_EINVAL for a bad date,
 * PK_EIO when the ICC profile cannot be read (err names it), PK_ENOMEM; after a failure the
 * document must not be saved as PDF/A. */
/* The document's text metadata as UTF-8 (each may be NULL): the same values the caller set in
 * the Info dictionary (which may hold them as UTF-16 strings libharu cannot read back), for
 * dc:title, dc:description and pdf:Keywords in the XMP. */
typedef struct pdfa_text {
	const char *title, *subject, *keywords;
} pdfa_text;

int pdfa_prepare(HPDF_Doc pdf, const pdfa_text *text, const char *date, pk_error *err);

/* Replace the placeholder /ID in the saved file (len bytes at data) with the first 16 bytes of
 * the SHA-256 of the file as saved (both halves of /ID). The file's length is unchanged.
 * Returns PK_OK, or PK_EINTERNAL if no placeholder is found (data is then unchanged). */
int pdfa_set_id(char *data, size_t len, pk_error *err);

/* Add the ICC profile PDF/A copies embed (its path and bytes, or that it is absent) to a
 * fingerprint, so a changed profile ($PEPKIT_ICC_PROFILE, or the package's file replaced) makes
 * earlier PDF/A copies out of date. PK_OK, or PK_EIO with err when it exists but cannot be read. */
int pdfa_fingerprint(fp_ctx *c, pk_error *err);

/* Free the cached ICC profile (optional, at exit, when no render is running). */
void pdfa_cleanup(void);

#endif
