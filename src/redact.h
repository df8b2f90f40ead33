/*
 * redact.h: per-audience redaction of a PEP record, on the data, before any transformation.
 *
 * An audience profile (XML, schemas/audience.xsd; shipped ones in templates/audiences/NAME.xml)
 * says which confidential categories a reader may see; every other category is withheld (deny
 * by default; only `record` sees everything). redact_apply() removes the content of every
 * element whose confidential="CATEGORY" is withheld, leaving the element empty with
 * redacted="CATEGORY" as the marker (stylesheets print "[REDACTED]" there), then scrubs exact
 * occurrences of every removed value from all remaining text.
 *
 * Threads: load profiles in the main thread; a profile is read-only afterwards and
 * redact_apply() may run in several threads at once.
 */
#ifndef PEPKIT_REDACT_H
#define PEPKIT_REDACT_H

#include "pepkit.h"

#include <libxml/tree.h>

typedef struct redact_profile redact_profile;

/* What one redaction did: counts only, never values. */
typedef struct redact_log {
	int withheld[16];        /* per category, in the order of redact_category_name() */
	int elements_removed;
	int scrubbed;            /* occurrences of withheld values removed from other text */
} redact_log;

/* Load a profile: name is a shipped audience ("carer") or a path to a profile file. Returns the
 * profile (free with redact_profile_free), or NULL with err set (unknown audience, invalid
 * profile, a category the schema does not have). */
redact_profile *redact_profile_load(const char *name, pk_error *err);
void redact_profile_free(redact_profile *p);
/* The audience name ("carer"). */
const char *redact_profile_name(const redact_profile *p);
/* 1 if the profile withholds nothing (the `record` audience). */
int redact_profile_is_full(const redact_profile *p);

/* Redact record in place for profile p; log (if not NULL) is filled. Returns PK_OK or a PK_E*
 * code with err set (the record is then in an unspecified state and must be discarded). */
int redact_apply(const redact_profile *p, xmlDocPtr record, redact_log *log, pk_error *err);

/* Name of category i (0..), or NULL past the last. */
const char *redact_category_name(int i);

#endif
