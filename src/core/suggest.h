/*
 * suggest.h: "did you mean" for a word a person mistyped (a command, an option, an audience, a
 * document type, a name on a form): the edit distance between two short strings, and the one
 * candidate of a list that is close to a word. Byte strings; no allocation.
 */
#ifndef PEPKIT_SUGGEST_H
#define PEPKIT_SUGGEST_H

#include "core/pepkit.h"

#include <stddef.h>

/* The edit distance (insertions, deletions, substitutions; a swap of two neighbours counts
 * one) between a and b, capped: returns cap+1 as soon as it must exceed cap, and cap+1 when
 * either string is over 511 bytes. Linear memory, strlen(a) * strlen(b) time. */
size_t suggest_distance(const char *a, const char *b, size_t cap);

/* The candidate closest to word: one within a distance of 1 for a word of up to 4 bytes, 2 up
 * to 8, 3 beyond, or one that word is the start of (at least 3 bytes); compared ignoring ASCII
 * case. n candidates (NULL entries skipped). Returns the candidate (not a copy), or NULL when
 * none is close or two are equally close (no guess then). */
const char *suggest_pick(const char *word, const char *const *candidates, size_t n);

/* The shipped files a name may stand for: every DIR/PREFIX NAME.xml. Writes their NAMEs,
 * sorted, comma-separated, into list (size bytes; "none found" when there are none), and the
 * one close to name (suggest_pick) into near (size nsize; "" when none). At most 64 names. */
void suggest_shipped(const char *dir, const char *prefix, const char *name, char *list, size_t size,
		     char *near, size_t nsize);

#endif
