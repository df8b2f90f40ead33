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
 * marker instead of dangling), loses every other attribute and all content, and gains
 * redacted="CATEGORY". An attendee who is a withheld person loses their contribution (collected
 * as a withheld value).
 *
 * Ids: people write them, so they may hold what the reader may not see ("Mert-Emine-visits",
 * a withheld person's name). In every copy that withholds anything, person/@id becomes p1, p2,
 * ... (the order of people/person) and target/@id t1, t2, ... (document order: terms oldest
 * first), and every reference follows (target/@owner, action/@owner, qa/@adviser,
 * attendee/@person, signed-off/@by, request/@targets); a reference to no person or target gets
 * the next number of its kind. The child id, the school's id (REDACT_SCHOOL_ID when the school
 * is withheld) and term ids (a year and a season) are kept. Namespaces: a record has none, so
 * every namespace declaration (even unused), element namespace and namespaced attribute is
 * dropped from such a copy.
 *
 * A placement with location-confidential="true" withholds, from audiences not allowed
 * placement-address (unless the profile says <knows-school/>, as the school's own does), the
 * school's name, URN, LA number and address
 * (each emptied with redacted="placement-address"), the UPN, the school staff's organisation,
 * e-mail and phone, every meeting venue, and the education-history settings that are current
 * or name the school; its name's distinctive words and its staff's e-mail domain (unless
 * someone else visible uses it) are scrubbed; school/@id becomes REDACT_SCHOOL_ID, so
 * neither the copy nor a pack folder named after it reveals the school. location-confidential
 * is read as the schema's xs:boolean (redact_xs_boolean: " true" and "1" are true; a value
 * that is no boolean counts as true).
 *
 * Before anything is matched, every copy that withholds anything loses its comments and
 * processing instructions, and adjacent texts (CDATA included) are merged, so markup never
 * splits a value.
 *
 * Scrubbing: the withheld values (below) are searched for in every remaining text and
 * attribute value (except markers and references by id, and the values the reader may see in
 * their own right: the child's names, the names of people not withheld, and the school when
 * the reader may know it) with one multi-pattern matcher (Aho-Corasick) over a canonical form
 * of the text: NFKC, case-folded, accents off (ł = l, æ = ae), a letter of another script that
 * looks like a Latin one read as that letter (ICU's confusable skeleton, UTS #39: Cyrillic Е =
 * e, Greek ο = o; libicui18n is loaded when a redaction first meets such a letter, and if it
 * cannot be, redact_apply fails with PK_EINTERNAL), a Latin small capital as its letter
 * (ᴍ = m), every run of characters that are not letters or digits one separator (a
 * modifier-letter apostrophe, ʼ, is one), a word broken by a hyphen at a line break joined,
 * three or more single letters or digits each after one space, '.', '-', '_', '*' or ". "
 * joined ("M e r t" = mert), address abbreviations as their full word (Rd = Road, Cl = Close,
 * ...), in a token of digits and o's o as 0, tokens with digits separated only by spaces,
 * dots, dashes, brackets or '/' glued (postcodes without their space, phone numbers in any
 * grouping; +44 or 0044 as 0), two letters after a one-digit token glued to it ("ZZ9 6 HD"),
 * three or more digits spelled in words as those digits ("oh seven seven double oh"), "at" in
 * brackets or before a dotted domain as '@' ("nowak[at]example.org"). A value matches on word
 * boundaries only (where letters and digits meet inside a word is one: "Mert2012"), or with a
 * plural "s"/"es" when it starts with a capital ("the Emines"); a phone number of 7 or more
 * digits also inside a longer run of digits.
 * Leftmost, longest match wins; where a value the reader may see matches at the same place
 * and is longer, it is left alone. Each occurrence becomes REDACT_TOKEN. Cost: linear in the
 * text plus the matches.
 *
 * The withheld values: every text of a withheld element of at most 200 canonical code points
 * (longer paragraphs are not searched for whole); the free-text attributes of withheld
 * elements (question, contribution, subject, ...); for a person's name, the whole name in
 * either order, each name on its own (not particles such as "van", not a word of a name the
 * reader may see) and each after a title (Mr, Mrs, Ms, Miss, Dr, Mum, Dad, Nan, ...); for a
 * withheld person's organisation, its distinctive words, as for a withheld school's name
 * ("Kestrelford" of "Kestrelford Women's Refuge": not generic words such as Women, Refuge,
 * Services, nor words of values the reader may see or of visible people's organisations);
 * for a phone number its digits, and the digits after its first group when 6 or more (a
 * number split across two paragraphs); for an e-mail address, all of it and its local part
 * when that has three or more words or a digit; for an address, all of it, each line of two or more words
 * (a street with its number, a house name), the street without its number and the postcode
 * (a one-word line, a locality, is withheld with the address but not scrubbed on its own); in
 * withheld free text, the names in it: capitalised words that do not start a sentence and are
 * not common words (each on its own and each run of them). Values shorter than
 * REDACT_MIN_SCRUB code points are not scrubbed (a name of two letters is, as a whole word).
 * Limits: paraphrase ("her mum's road"), nicknames ("Gosia" for Małgorzata), a name that
 * starts a sentence in withheld free text and is named nowhere else, and misspellings are not
 * found: mark such text confidential at its source.
 *
 * result/@source (an export's file name) is dropped from every copy but the full record.
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
 * category, PK_ENOMEM, PK_EINTERNAL if ICU's confusables were needed and could not be loaded);
 * the record is then in an unspecified state and must be discarded. */
int redact_apply(const redact_profile *p, xmlDocPtr record, redact_log *log, pk_error *err);

/* Read s as the schema's xs:boolean (white space around it collapsed): 1 for "true" or "1",
 * 0 for "false" or "0", -1 for anything else or NULL. The one reader of every boolean that
 * governs redaction. */
int redact_xs_boolean(const xmlChar *s);

/* Name of category i (0..), or NULL past the last. */
const char *redact_category_name(int i);

/* Append the redaction log for profile p to out: as text (xml 0), one "key: value" line each
 * (audience, one "withheld CATEGORY: N elements" line per withheld category, school, scrubbed),
 * or as an XML <redaction-log> element (xml 1). Counts and names only, never values.
 * Returns PK_OK, PK_ENOMEM or PK_ELIMIT (out is then partly appended). */
int redact_log_write(const redact_profile *p, const redact_log *log, int xml, pk_buf *out);

#endif
