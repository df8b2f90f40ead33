/*
 * childid.h: one child, one record. Every command that reads a cohort refuses two records for
 * the same child (an Explorer "- Copy", last term's file left beside this term's): rendering,
 * rating, sending or archiving both would double a child's documents, PP+ or deliveries, and
 * which record is right is for a person to say. Child ids are compared ignoring ASCII case,
 * since "LA-512093" and "la-512093" name the same files on a council's case-insensitive share.
 */
#ifndef PEPKIT_CHILDID_H
#define PEPKIT_CHILDID_H

#include "core/pepkit.h"

/* 1 if the child ids a and b are the same child (equal ignoring ASCII case). */
int childid_same(const char *a, const char *b);

/* For the n child ids (NULL or "" for a record whose id is not known), set other[i] to the
 * index of another entry with the same id, or -1. Every member of a group of duplicates gets
 * an other[] in the group. Linear in n. Returns PK_OK, or PK_ENOMEM with err (other[] is then
 * all -1). */
int childid_match(const char *const *ids, long n, long *other, pk_error *err);

/* Longest child id kept (bytes with the NUL); a longer one is not a usable id. */
#define CHILDID_MAX 64

/* For the n record files, set other[i] to the index of another file with the same child id
 * (read cheaply with xmlsafe_peek_text), or -1 when file i's id is its own or cannot be read (a
 * file that cannot be read fails on its own when it is read in full). Every file of a group of
 * duplicates gets an other[] in the group. ids, when not NULL, gets each file's id ("" when
 * unread), for a caller that needs them too. Linear in n. Returns PK_OK, or PK_ENOMEM with err
 * (other[] is then all -1). */
int childid_duplicates(char *const *files, long n, long *other, char (*ids)[CHILDID_MAX], pk_error *err);

/* Drop from the n files every one that is the same file as an earlier one (the same path spelt
 * otherwise, a record named and also in a folder given, a link): it is one record, not two for
 * one child, and must not be processed twice. The order of the others is kept; a dropped entry
 * is freed. Files that cannot be stat'ed are kept (they fail on their own). Returns how many
 * were dropped (*n is lowered), or -1 when out of memory (nothing changed). O(n log n). */
long childid_drop_same_files(char **files, long *n);

#endif
