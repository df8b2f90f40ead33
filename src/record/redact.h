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
 * The marker: a withheld element keeps its name, its confidential attribute and its id
 * attribute (a key other elements refer to, e.g. attendee/@person, so references resolve to the
 * marker instead of dangling; ids must not hold personal data), loses every other attribute and
 * all content, and gains redacted="CATEGORY". A placement with location-confidential="true"
 * withholds, from audiences not allowed placement-address (unless the profile says
 * <knows-school/>, as the school's own does), the school's name, URN, LA number and address
 * (each emptied with redacted="placement-address") and replaces school/@id with
 * REDACT_SCHOOL_ID, so neither the copy nor a pack folder named after it reveals the school.
 * Comments and processing instructions are removed from every copy that withholds anything.
 *
 * Scrubbing: every withheld value (each text of a removed element, trimmed, and for elements
 * with several texts, e.g. an address, those texts joined by ", ") is searched for in every
 * remaining text node and attribute value (except the confidential, redacted and
 * location-confidential markers) and each occurrence is replaced by REDACT_TOKEN. Matching
 * compares Unicode NFKC_Casefold forms (ICU), so case, precomposed or decomposed accents
 * ("ś" or "s" + U+0301), compatibility forms (full-width letters, ligatures) and invisible
 * characters (soft hyphen, zero-width joiner) do not hide a value; any run of white space
 * counts as one space and typographic quotes and dashes as ASCII ones. Longer values first.
 * Values shorter than REDACT_MIN_SCRUB characters are not scrubbed (a grade "4", a score "19"
 * or an id "c1" would wreck unrelated text); values shorter than REDACT_WORD_SCRUB characters
 * are scrubbed only as whole words ("Ali" not inside "Alice"); longer values are scrubbed
 * wherever they occur, inside other words too. Fragments of a withheld paragraph (a name
 * inside it) are not found elsewhere, nor are values spelt differently ("Flat 2" for "Flat
 * Two"): mark such text confidential at its source.
 *
 * Threads: load profiles in the main thread; a profile is read-only afterwards and
 * redact_apply() may run in several threads at once.
 */
#ifndef PEPKIT_REDACT_H
#define PEPKIT_REDACT_H

#include "core/pepkit.h"
#include "core/buf.h"

#include <libxml/tree.h>

/* What replaces a scrubbed value in remaining text (also what documents print for a marker). */
#define REDACT_TOKEN "[REDACTED]"
/* school/@id of a location-confidential placement for audiences that may not know it. */
#define REDACT_SCHOOL_ID "withheld"
/* Values with fewer characters (code points, after trimming) are not scrubbed. */
#define REDACT_MIN_SCRUB 3
/* Values with fewer characters are scrubbed only as whole words. */
#define REDACT_WORD_SCRUB 6
/* Upper bound on the number of categories (size of redact_log.withheld). */
#define REDACT_MAX_CATEGORIES 16

typedef struct redact_profile redact_profile;

/* What one redaction did: counts only, never values. */
typedef struct redact_log {
	int withheld[16];        /* per category, in the order of redact_category_name() */
	int elements_removed;
	int scrubbed;            /* occurrences of withheld values removed from other text */
	int school_withheld;     /* 1 if a location-confidential placement withheld the school */
} redact_log;

/* Load a profile: name is a shipped audience ("carer", resolved to
 * templates/audiences/NAME.xml under pk_datadir()) or a path to a profile file (anything with
 * a '/' or ending in ".xml"). The file is validated against schemas/audience.xsd and every
 * category it allows must be one of redact_category_name()'s. Returns the profile (free with
 * redact_profile_free), or NULL with err set (PK_EINVAL: unknown audience, invalid profile, a
 * category the schema does not have; PK_EIO: unreadable; PK_ENOMEM). */
redact_profile *redact_profile_load(const char *name, pk_error *err);
/* Free a profile. Accepts NULL. */
void redact_profile_free(redact_profile *p);
/* The audience name ("carer"). Owned by p. */
const char *redact_profile_name(const redact_profile *p);
/* The reader's label for "Copy for: ..." ("Birth parent"). Owned by p. */
const char *redact_profile_label(const redact_profile *p);
/* 1 if the profile withholds nothing (the `record` audience). */
int redact_profile_is_full(const redact_profile *p);
/* 1 if the profile lets its reader see category (a name such as "health"); 0 if withheld,
 * and 0 for a name that is not a category. */
int redact_profile_allows(const redact_profile *p, const char *category);

/* 1 if the reader may see the school of a location-confidential placement (placement-address
 * allowed, or <knows-school/>). */
int redact_profile_knows_school(const redact_profile *p);

/* Redact record in place for profile p; log (if not NULL) is filled. Returns PK_OK or a PK_E*
 * code with err set (PK_EINVAL for an element whose confidential attribute names no known
 * category, PK_ENOMEM); the record is then in an unspecified state and must be discarded. */
int redact_apply(const redact_profile *p, xmlDocPtr record, redact_log *log, pk_error *err);

/* Name of category i (0..), or NULL past the last. */
const char *redact_category_name(int i);

/* Append the redaction log for profile p to out: as text (xml 0), one "key: value" line each
 * (audience, one "withheld CATEGORY: N elements" line per withheld category, school, scrubbed),
 * or as an XML <redaction-log> element (xml 1). Counts and names only, never values.
 * Returns PK_OK, PK_ENOMEM or PK_ELIMIT (out is then partly appended). */
int redact_log_write(const redact_profile *p, const redact_log *log, int xml, pk_buf *out);

#endif
