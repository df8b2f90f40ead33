/*
 * transform.h: apply the project's XSLT stylesheets (stylesheets/NAME.xsl) to a PEP record to
 * produce the document IR (schemas/document.xsd).
 *
 * Every transform runs with xmlsafe_xslt_prefs() (no writes, no network, no stray reads); any
 * error the XSLT engine reports (a refused access, an XPath error, xsl:message) makes the call
 * fail with that message rather than return a partial document.
 * Threads: transform_load() in the main thread; the loaded stylesheet is read-only afterwards
 * and transform_apply() may run in several threads at once (each call has its own context).
 *
 * Stylesheet parameters (strings): `term`, the term id to document (transform_apply() always
 * passes it); `audience`, who the copy is for (optional; non-empty gives meta/audience "Copy
 * for: NAME", plus " (redacted)" unless NAME is "record"); `redactions`, "none" or "some"
 * (transform_apply() always passes it after a quick walk of the record, so a stylesheet can
 * skip searching an unredacted record). Elements of a redacted record that
 * carry redacted="CATEGORY" print as "[REDACTED]", and such a document ends with a section
 * "Withheld from this copy" naming the categories (see stylesheets/common.xsl).
 */
#ifndef PEPKIT_TRANSFORM_H
#define PEPKIT_TRANSFORM_H

#include "core/pepkit.h"

#include <libxml/tree.h>

typedef struct transform transform;

/* Load stylesheets/NAME.xsl from pk_datadir() (NAME: pep1, pep2, ...; letters, digits, '-' and
 * '_' only). Returns the compiled stylesheet (free with transform_free()), or NULL with err
 * set. An unknown or malformed NAME is PK_EINVAL with a message naming it; a stylesheet that
 * does not compile is PK_EINTERNAL with the engine's message. */
transform *transform_load(const char *name, pk_error *err);
void transform_free(transform *t);

/*
 * Transform record for term (a term id such as "2025-autumn"; NULL: the record's latest term).
 * params: extra stylesheet string parameters as a NULL-terminated list of name, value pairs
 * (may be NULL; at most 16 pairs). Values are passed as strings, never as XPath. record is
 * only read. Returns a new IR document (caller frees with xmlFreeDoc), or NULL with err set:
 * PK_EINVAL for a record without terms or a term it does not have ("'x.xml': term
 * '2024-spring' is not in the record"), PK_EINTERNAL if the stylesheet fails.
 */
xmlDocPtr transform_apply(transform *t, xmlDocPtr record, const char *file, const char *term,
			  const char *const *params, pk_error *err);

/* Copy the id of the record's latest (last) term into buf. Returns PK_OK, or PK_EINVAL if the
 * record has no term. */
int transform_latest_term(xmlDocPtr record, char *buf, size_t size);

#endif
