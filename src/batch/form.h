/*
 * form.h: fallback Word forms. form_template() turns a PEP record (or nothing, for a blank
 * form) into a DOCX form whose every field is a content control tagged with the record field
 * it fills; `pepkit import` (import.h) reads such a form back.
 *
 * Documents: "pep1" (stylesheets/form-pep1.xsl), "pep2" (form-pep2.xsl), "myvoice"
 * (myvoice.xsl, one version per key stage), "agenda" (agenda.xsl).
 * Threads: call from the main thread (it loads stylesheets).
 */
#ifndef PEPKIT_FORM_H
#define PEPKIT_FORM_H

#include "core/pepkit.h"
#include "core/buf.h"

#include <libxml/tree.h>

/* Is doc one of the form documents? keystage: is it one of EYFS KS1 KS2 KS3 KS4 post-16? */
int form_doc_known(const char *doc);
int form_keystage_known(const char *keystage);

/*
 * Make the form doc as DOCX bytes appended to out. record: the child's record (not modified;
 * NULL for a blank form); file names it in messages. term: the term the form is for (may be a
 * term not yet in the record; NULL: the record's latest term, or none for a blank form).
 * keystage: for myvoice (NULL: the record's key stage, else KS2). ir_out (may be NULL) gets
 * the IR document (caller frees) instead of it being freed. audience (may be NULL): the reader a
 * redacted record was made for (redact.h); the form then says "Copy for: AUDIENCE (redacted)"
 * and withheld fields stay empty.
 * Returns PK_OK, or a PK_E* code with err set (out may hold partial bytes then).
 */
int form_template(const char *doc, xmlDocPtr record, const char *file, const char *term,
		  const char *keystage, const char *audience, pk_buf *out, xmlDocPtr *ir_out,
		  pk_error *err);

/*
 * The forms a reader's filled form is lined up with on import (import.h: import_remake_fn):
 * doc for term made from record redacted for audience (a profile name or file, as
 * template --audience takes), appended to as_sent, and made from record itself, appended to
 * full. ctx is unused (NULL). The record is checked as `template --from` checks it. Returns
 * PK_OK or a PK_E* code with err set. Main thread only.
 */
int form_remake(void *ctx, xmlDocPtr record, const char *doc, const char *audience,
		const char *term, pk_buf *as_sent, pk_buf *full, pk_error *err);

#endif
