/*
 * childid.c: two records for one child, found before anything is made from either: each
 * file's child id is peeked with a streaming read (xmlsafe_peek_text stops at
 * child/la-child-id, near the start of a record) and hashed, folded to lower case, into an
 * open-addressing table of file indexes.
 */
#include "core/pepkit.h"
#include "record/childid.h"
#include "core/xmlsafe.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int childid_same(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* FNV-1a of s folded to ASCII lower case. */
static uint32_t fold_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c | 0x20);
		h = (h ^ c) * 16777619u;
	}
	return h;
}

int childid_match(const char *const *ids, long n, long *other, pk_error *err)
{
	size_t cap = 16, mask;
	long *slot = NULL;   /* table of index + 1; 0 empty */

	for (long i = 0; i < n; i++)
		other[i] = -1;
	while (cap < (size_t)n * 2)
		cap *= 2;
	mask = cap - 1;
	if ((slot = calloc(cap, sizeof(*slot))) == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (long i = 0; i < n; i++) {
		if (ids[i] == NULL || ids[i][0] == '\0')
			continue;
		for (size_t h = fold_hash(ids[i]) & mask; ; h = (h + 1) & mask) {
			long k = slot[h] - 1;

			if (k < 0) {
				slot[h] = i + 1;
				break;
			}
			if (childid_same(ids[k], ids[i])) {
				/* i joins k's group: i points at k; k points at the newest member, so
				 * every member of a group of any size has another member */
				other[i] = k;
				other[k] = i;
				break;
			}
		}
	}
	free(slot);
	return PK_OK;
}

int childid_duplicates(char *const *files, long n, long *other, char (*ids)[CHILDID_MAX], pk_error *err)
{
	char (*own)[CHILDID_MAX] = NULL;
	const char **p = NULL;
	int rc;

	for (long i = 0; i < n; i++)
		other[i] = -1;
	if (n == 0)
		return PK_OK;
	if (ids == NULL && (ids = own = malloc((size_t)n * sizeof(*ids))) == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	if ((p = malloc((size_t)n * sizeof(*p))) == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (long i = 0; i < n; i++) {
		pk_error e;

		if (xmlsafe_peek_text(files[i], "pep-record/child/la-child-id", ids[i], sizeof(ids[i]), &e) != 1)
			ids[i][0] = '\0';
		p[i] = ids[i];
	}
	rc = childid_match(p, n, other, err);
out:
	free(own);
	free(p);
	return rc;
}
