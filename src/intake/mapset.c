/*
 * mapset.c: the mapping profiles of one run (mapset.h).
 */
#include "core/pepkit.h"
#include "intake/mapset.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct mapset {
	mapping *m[MAPSET_MAX];
	char *path[MAPSET_MAX];
	char *bound_csv[MAPSET_MAX];   /* the export this profile is bound to (CSV=PROFILE), or NULL */
	size_t n;
	size_t given;                  /* --map values that were not CSV=PROFILE */
	char fp[FP_HEX_LEN + 1];
};

mapset *mapset_new(void)
{
	return calloc(1, sizeof(mapset));
}

void mapset_free(mapset *ms)
{
	if (ms == NULL)
		return;
	for (size_t i = 0; i < ms->n; i++) {
		mapping_free(ms->m[i]);
		free(ms->path[i]);
		free(ms->bound_csv[i]);
	}
	free(ms);
}

/* Load one profile file (or shipped short name) into the set, bound to csv (may be NULL). */
static int add_one(mapset *ms, const char *spec, const char *csv, size_t csv_len, pk_error *err)
{
	char path[4096];
	size_t n = strlen(spec);
	int rc;

	if (ms->n == MAPSET_MAX)
		return pk_error_set(err, PK_ELIMIT, "more than %d mapping profiles", MAPSET_MAX);
	if (strchr(spec, '/') != NULL || (n > 4 && strcasecmp(spec + n - 4, ".xml") == 0))
		snprintf(path, sizeof(path), "%s", spec);
	else
		snprintf(path, sizeof(path), "%s/templates/mapping-%s.xml", pk_datadir(), spec);
	if ((rc = mapping_load(path, &ms->m[ms->n], err)) != PK_OK)
		return rc;
	ms->path[ms->n] = strdup(path);
	ms->bound_csv[ms->n] = csv ? strndup(csv, csv_len) : NULL;
	if (ms->path[ms->n] == NULL || (csv && ms->bound_csv[ms->n] == NULL)) {
		mapping_free(ms->m[ms->n]);
		free(ms->path[ms->n]);
		free(ms->bound_csv[ms->n]);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	ms->n++;
	return PK_OK;
}

/* Add every profile matching pattern (sorted, as glob gives them); none is an error naming what. */
static int add_glob(mapset *ms, const char *pattern, const char *what, pk_error *err)
{
	glob_t g;
	int rc = PK_OK;

	if (glob(pattern, 0, NULL, &g) != 0)
		return pk_error_set(err, PK_EINVAL, "'%s': no mapping profiles in this folder", what);
	for (size_t i = 0; i < g.gl_pathc && rc == PK_OK; i++)
		rc = add_one(ms, g.gl_pathv[i], NULL, 0, err);
	globfree(&g);
	return rc;
}

int mapset_add(mapset *ms, const char *spec, pk_error *err)
{
	const char *eq = strchr(spec, '=');
	struct stat st;
	char pat[4096];
	size_t before = ms->n;
	int rc;

	if (eq != NULL && eq > spec)
		return add_one(ms, eq + 1, spec, (size_t)(eq - spec), err);
	if (stat(spec, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(pat, sizeof(pat), "%s/*.xml", spec);
		rc = add_glob(ms, pat, spec, err);
	} else {
		rc = add_one(ms, spec, NULL, 0, err);
	}
	/* a folder counts as several profiles even when it holds one: files are matched */
	if (rc == PK_OK)
		ms->given += ms->n - before + (ms->n - before == 1 && S_ISDIR(st.st_mode) ? 1 : 0);
	return rc;
}

merge_index *mapset_merge_new(mapset *ms, const char *default_term, pk_error *err)
{
	const mapping *one = NULL;
	merge_index *ix;
	fp_ctx *fp;
	char pat[4096];

	if (ms->given == 0) {
		snprintf(pat, sizeof(pat), "%s/templates/mapping-*.xml", pk_datadir());
		if (add_glob(ms, pat, "templates", err) != PK_OK)
			return NULL;
	} else if (ms->given == 1) {
		for (size_t i = 0; i < ms->n; i++)
			if (ms->bound_csv[i] == NULL)
				one = ms->m[i];
	}
	if ((fp = fp_new()) == NULL) {
		pk_error_set(err, PK_EINTERNAL, "cannot fingerprint the mapping profiles: %s", fp_why_not());
		return NULL;
	}
	for (size_t i = 0; i < ms->n; i++) {
		fp_add_field(fp, "bound", ms->bound_csv[i]);
		if (fp_add_file(fp, "profile", ms->path[i], err) != PK_OK) {
			fp_free(fp);
			return NULL;
		}
	}
	fp_final(fp, ms->fp);
	fp_free(fp);
	if ((ix = merge_new(one, default_term)) == NULL)
		goto oom;
	for (size_t i = 0; one == NULL && i < ms->n; i++)
		if (ms->bound_csv[i] == NULL && merge_add_profile(ix, ms->m[i]) != PK_OK) {
			merge_free(ix);
			goto oom;
		}
	return ix;
oom:
	pk_error_set(err, PK_ENOMEM, "out of memory");
	return NULL;
}

int mapset_read(const mapset *ms, merge_index *ix, const char *path, pk_error *err)
{
	for (size_t i = 0; i < ms->n; i++)
		if (ms->bound_csv[i] != NULL && strcmp(ms->bound_csv[i], path) == 0)
			return merge_read_csv_map(ix, path, ms->m[i], err);
	return merge_read_path(ix, path, err);
}

const char *mapset_fingerprint(const mapset *ms)
{
	return ms->fp;
}
