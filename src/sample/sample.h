/*
 * sample.h: generate a realistic, deterministic synthetic cohort of PEP records (invented
 * people only): many schools, three terms of history, realistic text lengths, diverse names
 * (diacritics, non-Latin scripts). The same (count, seed) always gives the same bytes.
 */
#ifndef PEPKIT_SAMPLE_H
#define PEPKIT_SAMPLE_H

#include "core/pepkit.h"
#include "core/buf.h"

/* The largest cohort sample_generate() makes (UPNs and LA ids stay unique up to here). */
#define SAMPLE_MAX_CHILDREN 1000000L

/* Write count records (1..SAMPLE_MAX_CHILDREN) to dir (created if needed) as
 * child-NNNNNN.xml, each written atomically with mode 0600. Returns PK_OK or a PK_E* code with
 * err set; records written before a failure stay (each is complete). */
int sample_generate(const char *dir, long count, unsigned long seed, pk_error *err);

/* Append record number index (0-based) of a cohort of count children made with seed to out, as
 * one complete XML document. Child index is independent of the others, so a record can be made
 * alone (tests use this). Returns PK_OK, PK_EINVAL (index out of range) or PK_ENOMEM/PK_ELIMIT
 * from the buffer; on failure out holds a partial document the caller discards. */
int sample_record(pk_buf *out, long index, long count, unsigned long seed);

/* What sample_attainment() wrote. The planted problems (when planted is 1) are one pupil whose
 * UPN was mistyped (bad_upn: a wrong check letter, on every row of that pupil), one pupil whose
 * first value a second school's file also returns, differently (conflict_upn), one pupil not in
 * the cohort (unknown_upn) and one value off the grade scale (out_of_scale_upn's first value). */
typedef struct sample_exports {
	long files;    /* files per shape (one per school with pupils) */
	long pupils;   /* children with an export (every child with a UPN: Reception and up) */
	int planted;   /* 1 if the problems below were planted (at least 3 pupils) */
	char bad_upn[14], conflict_upn[14], unknown_upn[14], out_of_scale_upn[14];
} sample_exports;

/* Write the attainment exports of the cohort of count children made with seed (the cohort
 * sample_generate() writes) into dir (created if needed): one CSV per school in each shape,
 * dir/sims-long/SCHOOL.csv (templates/mapping-sims-long.xml: UPN, Surname, Forename, Subject,
 * Aspect, Result, Term, Date; UTF-8 BOM, CRLF) and dir/bromcom-wide/SCHOOL.csv
 * (templates/mapping-bromcom-wide.xml: UPN, Surname, Forename, Year, one
 * AssessmentType$Term$YearGroup$Subject column per value, Attendance % left empty, so that
 * profile needs --term 2025-autumn). Every value is for 2025-autumn, the latest term of every
 * record, for a subject or aspect the records do not hold (two per pupil, on the scale the
 * profiles give the pupil's key stage), so merging adds them; plus the planted problems (see
 * sample_exports). The same (count, seed) gives the same bytes. Each file is written atomically
 * (0600). Fills info; returns PK_OK or a PK_E* code with err set (files written before a failure
 * stay, each complete). */
int sample_attainment(const char *dir, long count, unsigned long seed, sample_exports *info,
		      pk_error *err);

/* The UPN check letter for the 12 characters after it (LA, establishment, year, serial; the
 * last may be a letter). Returns the letter, or 0 if body is not 12 valid characters. */
char sample_upn_check(const char *body);

#endif
