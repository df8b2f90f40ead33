/*
 * verify.c: the fixity check of a store (store_verify in store.h). Every catalogue row's object
 * is hashed again (streamed through the one fingerprint, fp_sha256_file) and compared with its
 * row; then the objects/ tree is walked and every file not named by a row is reported. Cost:
 * one read of every object plus a sort of the paths, so it suits a nightly run over 100,000
 * documents.
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/fingerprint.h"
#include "archive/store.h"
#include "archive/store_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 3   /* objects/CHILD/TERM/file */

/* The catalogue's paths, sorted, for finding files without rows. */
struct paths {
	char **v;
	size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add a copy of p. PK_OK or PK_ENOMEM. */
static int paths_add(struct paths *ps, const char *p)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 1024;
		char **v = realloc(ps->v, cap * sizeof(*v));
		if (!v)
			return PK_ENOMEM;
		ps->v = v;
		ps->cap = cap;
	}
	if (!(ps->v[ps->n] = strdup(p)))
		return PK_ENOMEM;
	ps->n++;
	return PK_OK;
}

static void paths_free(struct paths *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i]);
	free(ps->v);
}

struct walk {
	archive_store *s;
	struct paths *ps;
	store_verify_result *res;
	void (*problem)(void *ctx, const char *path, const char *what);
	void *ctx;
};

/* Walk the folder rel (relative to the store) at depth: report files without a row, remove
 * stale temp files. PK_OK or PK_EIO when a folder cannot be read. */
static int walk(struct walk *w, const char *rel, int depth, pk_error *err)
{
	char full[4600], child[4600];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int rc = PK_OK;

	snprintf(full, sizeof(full), "%s/%s", w->s->dir, rel);
	if (!(d = opendir(full)))
		return pk_error_set(err, PK_EIO, "cannot read the folder '%s': %s", full, strerror(errno));
	while (rc == PK_OK && (e = readdir(d))) {
		const char *key = child;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (snprintf(child, sizeof(child), "%s/%s", rel, e->d_name) >= (int)sizeof(child))
			continue;
		if (snprintf(full, sizeof(full), "%s/%s", w->s->dir, child) >= (int)sizeof(full))
			continue;
		if (lstat(full, &st) != 0)
			continue;
		if (strncmp(e->d_name, ATOMIC_TMP_PREFIX, strlen(ATOMIC_TMP_PREFIX)) == 0 && S_ISREG(st.st_mode)) {
			/* left by a killed run before its rename: never part of the store */
			if (unlink(full) == 0)
				w->res->stale_temps++;
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH - 1) {
			rc = walk(w, child, depth + 1, err);
			continue;
		}
		if (S_ISREG(st.st_mode) && depth == MAX_DEPTH - 1 && w->ps->n > 0 &&
		    bsearch(&key, w->ps->v, w->ps->n, sizeof(char *), cmp_str))
			continue;
		w->res->unexpected++;
		w->problem(w->ctx, full, S_ISDIR(st.st_mode) ? "unexpected folder (not part of the store's layout)"
					: "unexpected file (no catalogue row)");
	}
	closedir(d);
	return rc;
}

int store_verify(archive_store *s, store_verify_result *res,
		 void (*problem)(void *ctx, const char *path, const char *what),
		 void (*progress)(void *ctx, long long done, long long total), void *ctx, pk_error *err)
{
	struct paths ps = { NULL, 0, 0 };
	struct walk w;
	sqlite3_stmt *q = NULL;
	long long total = 0, done = 0;
	char full[4600], got[FP_HEX_LEN + 1];
	struct stat st;
	store_row r;
	int rc = PK_OK, sqst;
	pk_error ferr;

	memset(res, 0, sizeof(*res));
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM documents", -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		rc = store_sql_error(s, "cannot read the catalogue", err);
		goto out;
	}
	total = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	q = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT " STORE_COLUMNS " FROM documents ORDER BY path", -1, &q, NULL) != SQLITE_OK) {
		rc = store_sql_error(s, "cannot read the catalogue", err);
		goto out;
	}
	while ((sqst = sqlite3_step(q)) == SQLITE_ROW) {
		res->documents++;
		if (!store_row_from(q, &r)) {
			res->altered++;
			problem(ctx, "catalogue.db", "a documents row has an empty column");
			continue;
		}
		if (paths_add(&ps, r.path) != PK_OK) {
			rc = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		snprintf(full, sizeof(full), "%s/%s", s->dir, r.path);
		if (!store_row_canonical(&r)) {
			res->altered++;
			problem(ctx, full, "catalogue row's path does not match its child, term, type and hash");
		} else if (lstat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
			res->missing++;
			problem(ctx, full, "missing (catalogue row without a file)");
		} else if (fp_sha256_file(full, got, &ferr) != PK_OK) {
			res->missing++;
			problem(ctx, full, "cannot be read");
		} else if (strcmp(got, r.sha256) != 0 || st.st_size != r.size) {
			res->altered++;
			res->bytes += st.st_size;
			problem(ctx, full, "altered (its SHA-256 differs from the catalogue's)");
		} else {
			res->ok++;
			res->bytes += st.st_size;
		}
		if (progress)
			progress(ctx, ++done, total);
	}
	if (sqst != SQLITE_DONE) {
		rc = store_sql_error(s, "cannot read the catalogue", err);
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;
	/* each child's retention date as its dates give it: `due` lists children by it */
	if (sqlite3_prepare_v2(s->db, "SELECT id, date_of_birth, date_of_death, retention_date FROM children ORDER BY id",
			       -1, &q, NULL) != SQLITE_OK) {
		rc = store_sql_error(s, "cannot read the catalogue", err);
		goto out;
	}
	while ((sqst = sqlite3_step(q)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0), *dob = (const char *)sqlite3_column_text(q, 1);
		const char *dod = (const char *)sqlite3_column_text(q, 2), *kept = (const char *)sqlite3_column_text(q, 3);
		char ret[11], what[200];

		if (!id || !dob || store_retention(dob, dod, ret) != PK_OK) {
			res->altered++;
			snprintf(what, sizeof(what), "child '%s': no usable date of birth or death", id ? id : "?");
			snprintf(full, sizeof(full), "%s/%s", s->dir, STORE_DB);
			problem(ctx, full, what);
		} else if (!kept || strcmp(kept, ret) != 0) {
			res->altered++;
			snprintf(what, sizeof(what), "child '%s': retention date %s does not follow from its dates (%s)", id,
				 kept ? kept : "(none)", ret);
			snprintf(full, sizeof(full), "%s/%s", s->dir, STORE_DB);
			problem(ctx, full, what);
		}
	}
	if (sqst != SQLITE_DONE) {
		rc = store_sql_error(s, "cannot read the catalogue", err);
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;
	if (ps.n > 0)
		qsort(ps.v, ps.n, sizeof(char *), cmp_str);

	w.s = s;
	w.ps = &ps;
	w.res = res;
	w.problem = problem;
	w.ctx = ctx;
	snprintf(full, sizeof(full), "%s/%s", s->dir, STORE_OBJECTS);
	if (stat(full, &st) != 0) {
		if (res->documents > 0) {
			res->missing++;
			problem(ctx, full, "missing (the objects folder)");
		}
	} else {
		rc = walk(&w, STORE_OBJECTS, 0, err);
	}
out:
	sqlite3_finalize(q);
	paths_free(&ps);
	return rc;
}
