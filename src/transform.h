/*
 * transform.h: apply the project's XSLT stylesheets (stylesheets/NAME.xsl) to a PEP record to
 * produce the document IR (schemas/document.xsd).
 *
 * Every transform runs with xmlsafe_xslt_prefs() (no writes, no network, no stray reads).
 * Threads: transform_load() in the main thread; the loaded stylesheet is read-only afterwards
 * and transform_apply() may run in several threads at once (each call has its own context).
 */
#ifndef PEPKIT_TRANSFORM_H
#define PEPKIT_TRANSFORM_H

#include "pepkit.h"

#include <libxml/tree.h>

typedef struct transform transform;

/* Load stylesheets/NAME.xsl from pk_datadir() (NAME: pep1, pep2, ...). Returns the compiled
 * stylesheet (free with transform_free()), or NULL with err set. An unknown NAME is PK_EINVAL
 * with a message naming it. */
transform *transform_load(const char *name, pk_error *err);
void transform_free(transform *t);

/*
 * Transform record for term (a term id such as "2025-autumn"; NULL: the record's latest term).
 * params: extra stylesheet string parameters as a NULL-terminated list of name, value pairs
 * (may be NULL). Returns a new IR document (caller frees with xmlFreeDoc), or NULL with err
 * set (e.g. "'x.xml': term '2024-spring' is not in the record").
 */
xmlDocPtr transform_apply(transform *t, xmlDocPtr record, const char *file, const char *term,
			  const char *const *params, pk_error *err);

/* Copy the id of the record's latest (last) term into buf. Returns PK_OK, or PK_EINVAL if the
 * record has no term. */
int transform_latest_term(xmlDocPtr record, char *buf, size_t size);

#endif
