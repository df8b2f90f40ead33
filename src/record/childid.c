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
#include <sys/stat.h>

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

struct same_key {
	dev_t dev;
	ino_t ino;
	long index;
};

static int cmp_same_key(const void *a, const void *b)
{
	const struct same_key *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

long childid_drop_same_files(char **files, long *n)
{
	struct same_key *k;
	unsigned char *drop;
	long m = 0, out = 0, dropped = 0;
	struct stat st;

	if (*n < 2)
		return 0;
	k = malloc((size_t)*n * sizeof(*k));
	drop = calloc((size_t)*n, 1);
	if (k == NULL || drop == NULL) {
		free(k);
		free(drop);
		return -1;
	}
	for (long i = 0; i < *n; i++)
		if (stat(files[i], &st) == 0) {
			k[m].dev = st.st_dev;
			k[m].ino = st.st_ino;
			k[m].index = i;
			m++;
		}
	qsort(k, (size_t)m, sizeof(*k), cmp_same_key);
	for (long i = 1; i < m; i++)
		if (k[i].dev == k[i - 1].dev && k[i].ino == k[i - 1].ino)
			drop[k[i].index] = 1;   /* a later name of the same file */
	for (long i = 0; i < *n; i++) {
		if (drop[i]) {
			free(files[i]);
			dropped++;
		} else {
			files[out++] = files[i];
		}
	}
	*n = out;
	free(k);
	free(drop);
	return dropped;
}
