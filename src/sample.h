/*
 * sample.h: generate a realistic, deterministic synthetic cohort of PEP records (invented
 * people only): many schools, three terms of history, realistic text lengths, diverse names
 * (diacritics, non-Latin scripts). The same (count, seed) always gives the same bytes.
 */
#ifndef PEPKIT_SAMPLE_H
#define PEPKIT_SAMPLE_H

#include "pepkit.h"

/* Write count records to dir (created if needed) as child-NNNNNN.xml, each written atomically.
 * Returns PK_OK or a PK_E* code with err set. */
int sample_generate(const char *dir, long count, unsigned long seed, pk_error *err);

#endif
