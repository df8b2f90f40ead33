/*
 * docx_read.h: read the content controls of an untrusted DOCX (a fallback Word form that a
 * person filled in) back, for `pepkit import` (import.h). The writer is render/docx.h.
 */
#ifndef PEPKIT_DOCX_READ_H
#define PEPKIT_DOCX_READ_H

#include "core/pepkit.h"

#include <stddef.h>

/* Limits for reading an untrusted DOCX (zip bombs, hostile archives). */
#define DOCX_MAX_FILE (32u * 1024u * 1024u)     /* the .docx file itself */
#define DOCX_MAX_ENTRIES 1000                    /* zip entries */
#define DOCX_MAX_TOTAL (64u * 1024u * 1024u)    /* sum of the entries' uncompressed sizes */
#define DOCX_MAX_CONTROLS 5000                   /* content controls */

/* One content control read back from a DOCX: tag (w:tag), label (w:alias), the text a person
 * typed (paragraphs joined by "\n", line breaks as "\n", tabs as "\t"; "" when the control
 * still shows its placeholder, though text other than pepkit's prompts counts as typed even
 * then; for a drop-down showing one of its items' words, that item's value), for a drop-down
 * the words its items show, as the person saw them ("Foster care, Kinship care", at most
 * DOCX_MAX_CHOICES bytes, cut with "..."; NULL for other controls), and its position in the
 * document (0, 1, ...). */
#define DOCX_MAX_CHOICES 400
typedef struct docx_control {
	char *tag;
	char *label;
	char *text;
	char *choices;
	int placeholder;
	size_t pos;
	char *prefill;   /* the fingerprint of what pepkit prefilled the box with (fp_box_hex,
			  * from the "pepkit-prefill" document property), or NULL */
	int pictures;    /* pictures, charts, embedded objects and symbols (w:sym) put into the
			  * box (they are no text: import names them as not imported) */
} docx_control;

/*
 * Read the content controls of an untrusted DOCX held in memory (len bytes; name is used in
 * messages, e.g. the file path). Checks: a readable, consistent zip; at most DOCX_MAX_ENTRIES
 * entries and DOCX_MAX_TOTAL uncompressed bytes in all; the parts it reads ([Content_Types].xml,
 * _rels/.rels, the main document part) present, each at most XMLSAFE_MAX_BYTES and parsed only
 * with xmlsafe_read_memory(); the main part's content type that of a Word document.
 * On success *out is an array of *n controls (free with docx_controls_free) and PK_OK is
 * returned; otherwise PK_EINVAL / PK_ELIMIT / PK_ENOMEM with err naming the file and problem,
 * and *out NULL.
 */
int docx_read_controls(const void *data, size_t len, const char *name, docx_control **out,
		       size_t *n, pk_error *err);
/* docx_read_controls(), and when saved and kind are not NULL, when the document was last saved
 * (its docProps/core.xml dcterms:modified, as Word and LibreOffice write it on every save) as
 * "yyyy-mm-ddThh:mm:ssZ" into saved (DOCX_SAVED_LEN bytes), or "" when it has none (pepkit's
 * own forms) or one in another form; and which form it is (cp:keywords, where pepkit writes the
 * form's kind: form-pep1, form-pep2, myvoice, agenda) into kind (DOCX_KIND_LEN bytes), or
 * "form" when it has none that is a short word. */
#define DOCX_SAVED_LEN 24
#define DOCX_KIND_LEN 24
int docx_read_form(const void *data, size_t len, const char *name, docx_control **out,
		   size_t *n, char *saved, char *kind, pk_error *err);
void docx_controls_free(docx_control *c, size_t n);

#endif
