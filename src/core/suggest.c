/*
 * suggest.c: edit distance and the close candidate for "did you mean" (suggest.h).
 */
#include "core/pepkit.h"
#include "core/suggest.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t suggest_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), pprev[512], prev[512], cur[512];

	if (la > 511 || lb > 511)
		return cap + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = pprev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t best;

		cur[0] = i;
		best = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			/* two neighbours swapped ("temr" for "term") */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pprev[j - 2] + 1 < cur[j])
				cur[j] = pprev[j - 2] + 1;
			if (cur[j] < best)
				best = cur[j];
		}
		if (best > cap)
			return cap + 1;
		memcpy(pprev, prev, (lb + 1) * sizeof(size_t));
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb];
}

/* Copy s lowercased (ASCII) into out (size bytes, truncated). */
static void lower(const char *s, char *out, size_t size)
{
	size_t i = 0;

	for (; s[i] && i + 1 < size; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

const char *suggest_pick(const char *word, const char *const *candidates, size_t n)
{
	char w[512], c[512];
	size_t len = strlen(word), cap = len <= 4 ? 1 : len <= 8 ? 2 : 3, best = cap + 1;
	const char *found = NULL, *prefixed = NULL;
	int ties = 0, prefixes = 0;

	if (len == 0 || len > 511)
		return NULL;
	lower(word, w, sizeof(w));
	for (size_t i = 0; i < n; i++) {
		size_t d;

		if (candidates[i] == NULL || strlen(candidates[i]) > 511)
			continue;
		lower(candidates[i], c, sizeof(c));
		if (len >= 3 && strncmp(c, w, len) == 0 && c[len]) {
			prefixed = candidates[i];
			prefixes++;
		}
		d = suggest_distance(w, c, cap);
		if (d < best) {
			best = d;
			found = candidates[i];
			ties = 0;
		} else if (d == best && found != NULL) {
			ties++;
		}
	}
	if (found != NULL && ties == 0)
		return found;
	if (found == NULL && prefixes == 1)
		return prefixed;
	return NULL;
}

/* qsort comparison of two C strings. */
static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void suggest_shipped(const char *dir, const char *prefix, const char *name, char *list, size_t size,
		     char *near, size_t nsize)
{
	char *names[64];
	size_t n = 0, plen = strlen(prefix), used = 0;
	const char *pick;
	DIR *d;

	if ((d = opendir(dir)) != NULL) {
		struct dirent *e;

		while ((e = readdir(d)) != NULL && n < 64) {
			size_t l = strlen(e->d_name);

			if (l > plen + 4 && e->d_name[0] != '.' && strncmp(e->d_name, prefix, plen) == 0 &&
			    strcmp(e->d_name + l - 4, ".xml") == 0 &&
			    (names[n] = strndup(e->d_name + plen, l - plen - 4)) != NULL)
				n++;
		}
		closedir(d);
	}
	qsort(names, n, sizeof(names[0]), by_name);
	if (size > 0)
		snprintf(list, size, "%s", n ? "" : "none found");
	for (size_t i = 0; i < n && size > 0; i++) {
		snprintf(list + used, size - used, "%s%s", i ? ", " : "", names[i]);
		used += strlen(list + used);
	}
	pick = suggest_pick(name, (const char *const *)names, n);
	if (nsize > 0)
		snprintf(near, nsize, "%s", pick ? pick : "");
	for (size_t i = 0; i < n; i++)
		free(names[i]);
}
