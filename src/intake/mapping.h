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
enum { MAP_DMY, MAP_ISO };

typedef struct map_pair {
	char *from, *to;   /* names compare without case */
	int skip;          /* assessment types: ignore columns of this type */
} map_pair;

typedef struct map_column {  /* an explicit wide column */
	char *header, *subject, *aspect, *term;   /* aspect, term may be NULL */
} map_column;

typedef struct map_rule {
	char *key_stage, *subject, *aspect;   /* NULL: any */
	const scale *scale;
} map_rule;

typedef struct mapping {
	char *name;
	int shape, key_kind, date_format, bromcom;
	/* column headers; NULL when the export has no such column */
	char *key_col, *subject_col, *aspect_col, *result_col, *term_col, *date_col, *attendance_col;
	char *exc_type_col, *exc_start_col, *exc_days_col, *exc_reason_col;
	map_column *columns;
	size_t ncolumns;
	map_pair *terms, *subjects, *types;
	size_t nterms, nsubjects, ntypes;
	map_rule *rules;
	size_t nrules;
	scale *custom;
	size_t ncustom;
} mapping;

/* Load and validate (against schemas/mapping.xsd) the profile at path. Returns PK_OK and
 * *out (free with mapping_free()), or a PK_E* code with err naming the file and, where known,
 * the line. */
int mapping_load(const char *path, mapping **out, pk_error *err);
/* Free a profile and everything it holds. Accepts NULL. */
void mapping_free(mapping *m);

/* The record's name for an export subject (the profile's alias, or name itself). */
const char *mapping_subject(const mapping *m, const char *name);

/* The term id (e.g. 2025-autumn) for an export term value: a profile mapping, a term id, or
 * "<season> <year>" ("Autumn 2025", "Spr 2026", "Summer 2025/26": academic years count autumn
 * in the first year). Returns 1 and fills out (>= 16 bytes), or 0. */
int mapping_term(const mapping *m, const char *value, char *out);

/* The ISO date (YYYY-MM-DD) for value in the profile's date format (ISO is also accepted).
 * Returns 1 and fills out (>= 11 bytes), or 0 if it is not a real date. */
int mapping_date(const mapping *m, const char *value, char *out);

/* The scale for a result of subject/aspect (aspect may be "") for a child at key stage ks:
 * the first matching rule. NULL if none matches. */
const scale *mapping_scale(const mapping *m, const char *ks, const char *subject,
			   const char *aspect);

#endif
