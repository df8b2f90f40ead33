/*
 * sample.h: generate a realistic, deterministic synthetic cohort of PEP records (invented
 * people only): many schools, three terms of history, realistic text lengths, diverse names
 * (diacritics, non-Latin scripts). The same (count, seed) always gives the same bytes.
 */
#ifndef PEPKIT_SAMPLE_H
#define PEPKIT_SAMPLE_H

#include "pepkit.h"
#include "buf.h"

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

/* The UPN check letter for the 12 characters after it (LA, establishment, year, serial; the
 * last may be a letter). Returns the letter, or 0 if body is not 12 valid characters. */
char sample_upn_check(const char *body);

#endif
