/*
 * import.h: read a filled fallback form (a DOCX made by `pepkit template`) back into a PEP
 * record. Each content control's tag names its place in the record (import_fields.c);
 * values are checked and converted by type (dates, numbers, money, key stages, people ...),
 * rows of repeating groups (targets, actions, attainment, attendees ...) become elements in
 * document order, and the result is either a new record or merged into an existing one:
 * only the form's term is filled or updated (plus new people, and the outcome of last term's
 * targets the form evaluates); nothing else in the record is touched.
 */
#ifndef PEPKIT_IMPORT_H
#define PEPKIT_IMPORT_H

#include "core/pepkit.h"
#include "core/buf.h"

#include <libxml/tree.h>

/* Called once per field that could not be read: label is what the form shows (e.g.
 * "Target 2: to be achieved by"), tag the control's tag, message what is wrong. */
typedef void (*import_report_fn)(void *ctx, const char *label, const char *tag,
				 const char *message);

/* Called once per box whose value was used in a way the person should know of, or was not
 * imported: a correction to the child's details or a person ("corrected in the record: ..."),
 * a box pepkit does not know ("not imported: ..."). Same arguments as import_report_fn. */
typedef import_report_fn import_note_fn;

/*
 * Import the form held in data/len (untrusted DOCX bytes; file names it in messages).
 * into: the record to merge into (modified in place; NULL: make a new record from the form).
 * term: the term to fill (NULL: the form's own term field). Every field problem is passed to
 * fn and counted. Returns PK_OK with *out the resulting record (into itself when merging,
 * else a new document the caller frees); PK_EINVAL if any field could not be read (*out NULL,
 * into possibly half-merged: discard it); another PK_E* code with err set if the form itself
 * could not be read.
 */
int import_form(const void *data, size_t len, const char *file, xmlDocPtr into, const char *term,
		import_report_fn fn, void *ctx, xmlDocPtr *out, pk_error *err);

/* import_form(), and every note (import_note_fn; may be NULL) is passed to note with ctx. */
int import_form_noted(const void *data, size_t len, const char *file, xmlDocPtr into,
		      const char *term, import_report_fn fn, import_note_fn note, void *ctx,
		      xmlDocPtr *out, pk_error *err);

/*
 * A form made for one reader (`template --audience`, or a form `send` delivered) comes back
 * through this: given the record, the form document ("pep1", "pep2", "myvoice" or "agenda"),
 * the reader and the term, append to as_sent the DOCX bytes of that form as it was made for
 * the reader (from the record redacted for them) and to full the same form made from the
 * record itself. ctx is the caller's. Returns PK_OK, or a PK_E* code with err set (the reader
 * is not known, the record cannot be redacted). Supplied by the caller because forms are
 * made above this stage (batch/form.h: form_remake).
 */
typedef int (*import_remake_fn)(void *ctx, xmlDocPtr record, const char *doc,
				const char *audience, const char *term, pk_buf *as_sent,
				pk_buf *full, pk_error *err);

/* import_form_noted(), and a form made for one reader (its "Made from the copy for" box set)
 * is read back through remake (may be NULL: such a form is then refused, as by
 * import_form()). Needs into: a reader's form only ever updates an existing record. */
int import_form_reader(const void *data, size_t len, const char *file, xmlDocPtr into,
		       const char *term, import_report_fn fn, import_note_fn note, void *ctx,
		       import_remake_fn remake, void *rctx, xmlDocPtr *out, pk_error *err);

/*
 * The key people's names are compared by, in import and in the attainment merge: case
 * folded, accents removed (canonical decomposition, combining marks dropped; dotless i and
 * letters with a stroke as the plain letter), full stops gone, hyphens and white space as one
 * space, a leading title dropped ("Ms Siobhán Ó-Briain" = "siobhan o briain"). Writes at most
 * size bytes into out. Returns 1, or 0 when s is not valid UTF-8 (out then holds it collapsed).
 */
int import_name_key(const char *s, char *out, size_t size);

/* 1 if w is one of the space-separated words of key (a name's key, import_name_key()). */
int import_key_has_word(const char *w, const char *key);

/* Replace in text (size bytes, NUL-terminated) every word that is a word of one of the n names
 * (NULL or "" skipped), compared by import_name_key() (case, accents, dotless i; words of two
 * letters or more), with mark: a message, a report value or a free text that quotes a person's
 * name where it must not (a cell holding the pupil's name; a PP+ purpose naming the child).
 * Text with no such word, and all of it when memory runs out, is left as it is; the result is
 * cut to fit size. */
void import_withhold_names(char *text, size_t size, const char *const *names, int n,
			   const char *mark);

/* Read the file at path (a DOCX: at most DOCX_MAX_FILE bytes) into out. PK_OK, or PK_EIO /
 * PK_ELIMIT / PK_ENOMEM with err naming the path. */
int import_read_file(const char *path, pk_buf *out, pk_error *err);

#endif
