/*
 * mapping.h: CSV mapping profiles (schemas/mapping.xsd; shipped defaults in
 * templates/mapping-*.xml): how one school MIS export maps onto PEP records — shape (long or
 * wide), key column and kind, which columns hold subject, aspect, result, term, date and
 * attendance, term and subject names, and the grade scale for each key stage and subject.
 * A loaded profile is read-only and may be shared between threads.
 */
#ifndef PEPKIT_MAPPING_H
#define PEPKIT_MAPPING_H

#include "core/pepkit.h"
#include "intake/scale.h"

enum { MAP_LONG, MAP_WIDE };
enum { MAP_KEY_UPN, MAP_KEY_LA_CHILD_ID };
enum { MAP_DMY, MAP_ISO, MAP_MDY };
/* How a GCSE fine grade ("5-", "5+", "4/5") becomes a grade: refused, or the lower or upper of
 * the two ("5-" and "5+" are 5 either way). */
enum { MAP_FINE_REJECT, MAP_FINE_LOWER, MAP_FINE_UPPER };

typedef struct map_pair {
	char *from, *to;   /* names compare without case */
	char *aspect;      /* subjects: the aspect the source subject becomes (NULL: its own) */
	int skip;          /* assessment types: ignore columns of this type */
} map_pair;

typedef struct map_grade {   /* a grade word or abbreviation and the code it stands for */
	char *word, *code;
	int kind;                /* the scale it applies to (enum scale_kind), or -1 for any */
} map_grade;

typedef struct map_column {  /* an explicit wide column */
	char *header, *subject, *aspect, *term;   /* aspect, term may be NULL */
} map_column;

typedef struct map_rule {
	char *key_stage, *subject, *aspect;   /* NULL: any */
	const scale *scale;
} map_rule;

typedef struct mapping {
	char *name;
	char *path;          /* the file it was loaded from */
	char *encoding;      /* of a file that is neither marked nor valid UTF-8 (windows-1252) */
	int shape, key_kind, date_format, bromcom, fine;
	/* column headers ("UPN|Unique Pupil Number": alternatives); NULL when the export has no
	 * such column */
	char *key_col, *subject_col, *aspect_col, *result_col, *term_col, *date_col, *attendance_col;
	char *exc_type_col, *exc_start_col, *exc_days_col, *exc_reason_col;
	char *surname_col, *forename_col;   /* the pupil's names: checked against the record */
	map_column *columns;
	size_t ncolumns;
	map_pair *terms, *subjects, *types;
	size_t nterms, nsubjects, ntypes;
	map_rule *rules;
	size_t nrules;
	map_grade *grades;
	size_t ngrades;
	char **no_result;    /* words meaning "no result" besides X, -, N/A */
	size_t nno_result;
	scale *custom;
	size_t ncustom;
} mapping;

/* Load and validate (against schemas/mapping.xsd) the profile at path. Returns PK_OK and
 * *out (free with mapping_free()), or a PK_E* code with err naming the file and, where known,
 * the line. */
int mapping_load(const char *path, mapping **out, pk_error *err);
/* Free a profile and everything it holds. Accepts NULL. */
void mapping_free(mapping *m);

/* The record's name for an export subject (the profile's alias, or name itself); *aspect (if
 * not NULL) is set to the aspect the alias gives, or NULL when it gives none. */
const char *mapping_subject(const mapping *m, const char *name, const char **aspect);

/* True if header cell h matches column spec (alternatives separated by "|"), comparing
 * without case and without spaces or underscores ("Unique Pupil Number" is
 * "unique_pupil_number" is "uniquepupilnumber"). */
int mapping_header_match(const char *spec, const char *h);

/* As mapping_header_match(), for a header cell: footnote marks after the header ("KS2*",
 * "Result†", "Attendance¹": '*', daggers, superscript digits) are not part of its name, and a
 * header with a trailing unit mark ("Attendance %", "Attendance (%)") also matches the spec
 * without it. */
int mapping_column_match(const char *spec, const char *h);

/* True if value (trimmed) means "no result": X, -, N/A, NA or a word the profile lists. */
int mapping_no_result(const mapping *m, const char *value);

/* The value as the scale of kind k spells it: a grade word the profile maps ("Expected" ->
 * "EXS"), a GCSE fine grade by the profile's rule ("4/5" -> "4" with fine="lower"; a typographic dash
 * or minus, "5–", reads as the hyphen), or value
 * trimmed. Writes out (size sz). Returns 1 if it interpreted the value, else 0. */
int mapping_grade(const mapping *m, int k, const char *value, char *out, size_t sz);

/* The day of the week (0 Monday .. 6 Sunday) a date starting *s names ("Monday, ", "Mon ",
 * "Tue. "), with *s moved past it and the blanks or comma after it; -1 (*s unchanged) if
 * none. mapping_date() and import's dates read a weekday so, and refuse another day's. */
int mapping_weekday(const char **s);

/* The date forms mapping_date() accepts for m, for messages. */
const char *mapping_date_forms(const mapping *m);

/* The term id (e.g. 2025-autumn) for an export term value: a profile mapping, a term id, or
 * "<season> <year>" ("Autumn 2025", "Spr 2026", "Summer 2025/26": academic years count autumn
 * in the first year; "2025-26" too, and the second year must be the next one: "2025/24" is
 * none). Returns 1 and fills out (>= 16 bytes), or 0. */
int mapping_term(const mapping *m, const char *value, char *out);

/* As mapping_term(), also reading the half terms and terms school systems write: "Aut 2
 * 25/26", "Spr1 2026", "Au1", "HT3" (half terms 1-6), "T1", "T4"-"T6" and "Term 1" (T1 is
 * autumn in a year of three terms and of six; T4-T6 are six-term names), "Year 5 Autumn 1"
 * (a year group), "(2025/26)", "Michaelmas/Lent/Trinity". On 0, *why (if why is not NULL) is
 * a reason when the value is a term's name that cannot be read as one term ("T2": ambiguous;
 * two seasons named), else NULL (not recognised). */
int mapping_term_why(const mapping *m, const char *value, char *out, const char **why);

/* The ISO date (YYYY-MM-DD) for value in the profile's date format: with dd/mm/yyyy (the
 * default) dd/mm/yyyy, d/m/yyyy, dd/mm/yy, d/m/yy (20yy), "5 Dec 2025", "5-Dec-25" (the day
 * perhaps with an ordinal suffix: "5th Dec 2025", "Dec 5th, 2025") and ISO; with
 * mm/dd/yyyy the same with month first; with iso only YYYY-MM-DD. A time after the date is
 * ignored. m may be NULL (dd/mm/yyyy). Returns 1 and fills out (>= 11 bytes), or 0 if it is not
 * a real date. */
int mapping_date(const mapping *m, const char *value, char *out);

/* A date column's cell: as mapping_date(), and also (except with date-format="iso") an Excel
 * date number, as a cell formatted as a number rather than a date is written ("45996" is
 * 2025-12-05; a fraction, the time of day, is ignored), for 1990-01-01 to 2099-12-31. Not for
 * free text such as title rows, where a number is more likely a count. Returns 1 and fills
 * out (>= 11 bytes), or 0. */
int mapping_date_cell(const mapping *m, const char *value, char *out);

/* The scale for a result of subject/aspect (aspect may be "") for a child at key stage ks:
 * the first matching rule. NULL if none matches. */
const scale *mapping_scale(const mapping *m, const char *ks, const char *subject,
			   const char *aspect);

#endif
