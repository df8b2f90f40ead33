/*
 * manifest.c: the content manifest beside a folder's outputs (see manifest.h): a hash table of
 * entries in memory, a journal of changes appended as they happen, the whole file rewritten
 * atomically at the end of a run.
 */
#include "core/pepkit.h"
#include "core/manifest.h"
#include "core/atomic.h"
#include "core/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAGIC "pepkit-manifest 1"
#define MANIFEST_MAX_BYTES (512u * 1024u * 1024u)

struct mentry {
	char *key;
	char *source;           /* "" if none */
	char fp[FP_HEX_LEN + 1]; /* "" once begun and not yet put: unknown */
	char sha[FP_HEX_LEN + 1]; /* the output's bytes' SHA-256, "" if unknown */
	time_t made;
	int seen;               /* MANIFEST_UNSEEN, _CONFIRMED or _WRITTEN, this session */
};

struct manifest {
	pthread_mutex_t lock;
	char path[PATH_MAX];
	char journal[PATH_MAX];
	int jfd;                /* the journal, opened at the first change; -1 before */
	struct mentry *e;
	size_t n, cap;
	size_t *slot;           /* open addressing: entry index + 1, 0 empty */
	size_t nslot;           /* a power of two > 2n */
};

/* FNV-1a of a key. */
static size_t key_hash(const char *s)
{
	size_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t *find_slot(manifest *m, const char *key)
{
	size_t i = key_hash(key) & (m->nslot - 1);

	while (m->slot[i] != 0 && strcmp(m->e[m->slot[i] - 1].key, key) != 0)
		i = (i + 1) & (m->nslot - 1);
	return &m->slot[i];
}

static struct mentry *lookup(manifest *m, const char *key)
{
	size_t *s = find_slot(m, key);

	return *s ? &m->e[*s - 1] : NULL;
}

/* Grow the table so one more entry fits. PK_OK or PK_ENOMEM. */
static int grow(manifest *m)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 256;
		struct mentry *ne = realloc(m->e, cap * sizeof(*ne));

		if (ne == NULL)
			return PK_ENOMEM;
		m->e = ne;
		m->cap = cap;
	}
	if (2 * (m->n + 1) >= m->nslot) {
		size_t ns = m->nslot ? m->nslot * 2 : 512;
		size_t *slot = calloc(ns, sizeof(*slot));

		if (slot == NULL)
			return PK_ENOMEM;
		free(m->slot);
		m->slot = slot;
		m->nslot = ns;
		for (size_t i = 0; i < m->n; i++)
			*find_slot(m, m->e[i].key) = i + 1;
	}
	return PK_OK;
}

/* 1 if s is a hex SHA-256 as fingerprint.h writes it. */
static int is_hex(const char *s)
{
	return s != NULL && strlen(s) == FP_HEX_LEN && strspn(s, "0123456789abcdef") == FP_HEX_LEN;
}

/* Set key's entry (creating it). fp "" marks it unknown; sha NULL or not hex: unknown. seen is
 * what this session did (MANIFEST_*). PK_OK or PK_ENOMEM. */
static int set_entry(manifest *m, const char *key, const char *fp, time_t made, const char *source,
		     const char *sha, int seen)
{
	struct mentry *e = lookup(m, key);
	char *src = strdup(source ? source : "");

	if (src == NULL)
		return PK_ENOMEM;
	if (e == NULL) {
		char *k;

		if (grow(m) != PK_OK || (k = strdup(key)) == NULL) {
			free(src);
			return PK_ENOMEM;
		}
		e = &m->e[m->n];
		e->key = k;
		*find_slot(m, key) = ++m->n;
	} else {
		free(e->source);
	}
	e->source = src;
	snprintf(e->fp, sizeof(e->fp), "%s", fp);
	snprintf(e->sha, sizeof(e->sha), "%s", fp[0] != '\0' && is_hex(sha) ? sha : "");
	e->made = made;
	e->seen = seen;
	return PK_OK;
}

/* Append s to b with bytes < 0x20, 0x7f and '%' as %XX. */
static int put_escaped(pk_buf *b, const char *s)
{
	int rc = PK_OK;

	for (; rc == PK_OK && *s; s++) {
		unsigned char c = (unsigned char)*s;

		rc = (c < 0x20 || c == 0x7f || c == '%') ? buf_printf(b, "%%%02X", c) : buf_append(b, s, 1);
	}
	return rc;
}

/* Undo put_escaped in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		unsigned v;

		if (*s == '%' && sscanf(s + 1, "%2x", &v) == 1 && s[1] && s[2]) {
			*o++ = (char)v;
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* One line "KEY\tFP\tMADE\tSOURCE[\tSHA]" or "KEY\t-" into b (sha NULL or "": none). */
static int put_line(pk_buf *b, const char *key, const char *fp, time_t made, const char *source,
		    const char *sha)
{
	int rc = put_escaped(b, key);

	if (rc == PK_OK && fp[0] == '\0')
		return buf_puts(b, "\t-\n");
	if (rc == PK_OK)
		rc = buf_printf(b, "\t%s\t%lld\t", fp, (long long)made);
	if (rc == PK_OK)
		rc = put_escaped(b, source ? source : "");
	if (rc == PK_OK && is_hex(sha))
		rc = buf_printf(b, "\t%s", sha);
	return rc == PK_OK ? buf_puts(b, "\n") : rc;
}

/* Apply the lines of a manifest or journal held in data (NUL-terminated, modified). Entries
 * read are unseen: this session has done nothing with them yet. */
static int apply_lines(manifest *m, char *data)
{
	char *save = NULL;

	for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[5] = { NULL, NULL, NULL, NULL, NULL };
		int nf = 0;
		char *p = line;

		if (strcmp(line, MANIFEST_MAGIC) == 0)
			continue;
		while (nf < 5) {
			f[nf++] = p;
			if ((p = strchr(p, '\t')) == NULL)
				break;
			*p++ = '\0';
		}
		if (nf < 2 || f[0][0] == '\0')
			continue;
		unescape(f[0]);
		if (nf == 2 && strcmp(f[1], "-") == 0) {
			if (set_entry(m, f[0], "", 0, NULL, NULL, MANIFEST_UNSEEN) != PK_OK)
				return PK_ENOMEM;
			continue;
		}
		if (nf < 4 || !is_hex(f[1]))
			continue;   /* not ours: forget nothing, trust nothing */
		unescape(f[3]);
		/* a fifth field that is not a SHA-256 leaves the output's bytes unknown: re-made */
		if (set_entry(m, f[0], f[1], (time_t)strtoll(f[2], NULL, 10), f[3], f[4],
			      MANIFEST_UNSEEN) != PK_OK)
			return PK_ENOMEM;
	}
	return PK_OK;
}

/* Read path (if it exists) and apply it. PK_OK, PK_EIO or PK_ENOMEM with err. */
static int load_file(manifest *m, const char *path, pk_error *err)
{
	pk_buf b = PK_BUF_INIT;
	char chunk[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), rc = PK_OK;
	ssize_t n;

	if (fd < 0)
		return errno == ENOENT ? PK_OK :
		       pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		if (b.len + (size_t)n > MANIFEST_MAX_BYTES) {
			rc = pk_error_set(err, PK_ELIMIT, "'%s' is over %u bytes", path, MANIFEST_MAX_BYTES);
			goto out;
		}
		if (buf_append(&b, chunk, (size_t)n) != PK_OK)
			goto nomem;
	}
	if (buf_append(&b, "", 1) != PK_OK || apply_lines(m, b.data) != PK_OK)
		goto nomem;
	goto out;
nomem:
	rc = pk_error_set(err, PK_ENOMEM, "out of memory reading '%s'", path);
out:
	close(fd);
	buf_free(&b);
	return rc;
}

int manifest_open(const char *dir, const char *name, manifest **out, pk_error *err)
{
	manifest *m = calloc(1, sizeof(*m));
	int rc;

	*out = NULL;
	if (m == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	m->jfd = -1;
	pthread_mutex_init(&m->lock, NULL);
	if (snprintf(m->path, sizeof(m->path), "%s/%s", dir, name) >= (int)sizeof(m->path) ||
	    snprintf(m->journal, sizeof(m->journal), "%s/%s.journal", dir, name) >= (int)sizeof(m->journal)) {
		rc = pk_error_set(err, PK_EIO, "'%s': path too long", dir);
		goto fail;
	}
	if ((rc = grow(m)) != PK_OK) {
		pk_error_set(err, rc, "out of memory");
		goto fail;
	}
	if ((rc = load_file(m, m->path, err)) != PK_OK || (rc = load_file(m, m->journal, err)) != PK_OK)
		goto fail;
	*out = m;
	return PK_OK;
fail:
	manifest_free(m);
	return rc;
}

int manifest_current(manifest *m, const char *key, const char *fp, time_t *made)
{
	struct mentry *e;
	int yes;

	pthread_mutex_lock(&m->lock);
	e = lookup(m, key);
	yes = e != NULL && e->fp[0] != '\0' && strcmp(e->fp, fp) == 0;
	if (yes && made != NULL)
		*made = e->made;
	pthread_mutex_unlock(&m->lock);
	return yes;
}

int manifest_lookup(manifest *m, const char *key, const char *fp, char sha[FP_HEX_LEN + 1])
{
	struct mentry *e;
	int yes;

	pthread_mutex_lock(&m->lock);
	e = lookup(m, key);
	yes = e != NULL && e->fp[0] != '\0' && strcmp(e->fp, fp) == 0;
	if (sha != NULL)
		snprintf(sha, FP_HEX_LEN + 1, "%s", yes ? e->sha : "");
	pthread_mutex_unlock(&m->lock);
	return yes;
}

void manifest_confirm(manifest *m, const char *key)
{
	struct mentry *e;

	pthread_mutex_lock(&m->lock);
	e = lookup(m, key);
	if (e != NULL && e->fp[0] != '\0' && e->seen == MANIFEST_UNSEEN)
		e->seen = MANIFEST_CONFIRMED;
	pthread_mutex_unlock(&m->lock);
}

/* Append line to the journal (opening it the first time). Call with the lock held. */
static int journal(manifest *m, const pk_buf *line, pk_error *err)
{
	size_t off = 0;

	if (m->jfd < 0 &&
	    (m->jfd = open(m->journal, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
		return pk_error_set(err, PK_EIO, "cannot write '%s': %s", m->journal, strerror(errno));
	while (off < line->len) {
		ssize_t n = write(m->jfd, line->data + off, line->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return pk_error_set(err, PK_EIO, "cannot write '%s': %s", m->journal,
					    n < 0 ? strerror(errno) : "short write");
		off += (size_t)n;
	}
	return PK_OK;
}

/* Journal then set one entry (fp "": forget it; else it is written in this session). */
static int change(manifest *m, const char *key, const char *fp, const char *source, const char *sha,
		  pk_error *err)
{
	pk_buf line = PK_BUF_INIT;
	time_t now = time(NULL);
	int rc;

	if (put_line(&line, key, fp, now, source, sha) != PK_OK) {
		buf_free(&line);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	pthread_mutex_lock(&m->lock);
	rc = journal(m, &line, err);
	if (rc == PK_OK && set_entry(m, key, fp, now, source, sha,
				     fp[0] != '\0' ? MANIFEST_WRITTEN : MANIFEST_UNSEEN) != PK_OK)
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
	pthread_mutex_unlock(&m->lock);
	buf_free(&line);
	return rc;
}

int manifest_begin(manifest *m, const char *key, pk_error *err)
{
	return change(m, key, "", NULL, NULL, err);
}

int manifest_forget(manifest *m, const char *key, pk_error *err)
{
	return change(m, key, "", NULL, NULL, err);
}

int manifest_put_output(manifest *m, const char *key, const char *fp, const char *source, const char *sha,
			pk_error *err)
{
	if (fp == NULL || strlen(fp) != FP_HEX_LEN)
		return pk_error_set(err, PK_EINTERNAL, "manifest: '%s': not a fingerprint", key);
	return change(m, key, fp, source, sha, err);
}

int manifest_put(manifest *m, const char *key, const char *fp, const char *source, pk_error *err)
{
	return manifest_put_output(m, key, fp, source, NULL, err);
}

long manifest_each(manifest *m, void (*fn)(void *ctx, const manifest_info *e), void *ctx)
{
	long count = 0;

	pthread_mutex_lock(&m->lock);
	for (size_t i = 0; i < m->n; i++) {
		const struct mentry *e = &m->e[i];
		manifest_info info;

		if (e->fp[0] == '\0')
			continue;
		count++;
		info.key = e->key;
		info.source = e->source;
		info.sha = e->sha;
		info.made = e->made;
		info.seen = e->seen;
		if (fn != NULL)
			fn(ctx, &info);
	}
	pthread_mutex_unlock(&m->lock);
	return count;
}

/* qsort: entries by key. */
static int by_key(const void *a, const void *b)
{
	return strcmp((*(struct mentry *const *)a)->key, (*(struct mentry *const *)b)->key);
}

/* The entries in key order (caller frees the array), or NULL when out of memory. */
static struct mentry **sorted(manifest *m)
{
	struct mentry **v = malloc((m->n ? m->n : 1) * sizeof(*v));

	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < m->n; i++)
		v[i] = &m->e[i];
	qsort(v, m->n, sizeof(*v), by_key);
	return v;
}

long manifest_each_from(manifest *m, const char *source,
			void (*fn)(void *ctx, const char *key, time_t made), void *ctx)
{
	struct mentry **v;
	long count = 0;

	pthread_mutex_lock(&m->lock);
	v = sorted(m);
	for (size_t i = 0; v != NULL && i < m->n; i++) {
		if (v[i]->fp[0] != '\0' && strcmp(v[i]->source, source) == 0) {
			count++;
			if (fn != NULL)
				fn(ctx, v[i]->key, v[i]->made);
		}
	}
	pthread_mutex_unlock(&m->lock);
	free(v);
	return count;
}

int manifest_save(manifest *m, pk_error *err)
{
	pk_buf b = PK_BUF_INIT;
	struct mentry **v = NULL;
	atomic_file f;
	int rc = PK_OK, opened = 0;

	pthread_mutex_lock(&m->lock);
	if ((v = sorted(m)) == NULL || buf_puts(&b, MANIFEST_MAGIC "\n") != PK_OK) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = atomic_open(&f, m->path, err)) != PK_OK)
		goto out;
	opened = 1;
	for (size_t i = 0; rc == PK_OK && i < m->n; i++) {
		if (v[i]->fp[0] == '\0')
			continue;
		if (put_line(&b, v[i]->key, v[i]->fp, v[i]->made, v[i]->source, v[i]->sha) != PK_OK)
			rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		else if (b.len >= 65536 || i + 1 == m->n) {
			rc = atomic_write(&f, b.data, b.len, err);
			buf_reset(&b);
		}
	}
	if (rc == PK_OK && b.len > 0)
		rc = atomic_write(&f, b.data, b.len, err);
	if (rc == PK_OK)
		rc = atomic_commit(&f, 0, err);
	if (rc == PK_OK || f.renamed) {
		/* the manifest holds everything the journal said: the journal can go */
		if (m->jfd >= 0)
			close(m->jfd);
		m->jfd = -1;
		unlink(m->journal);
	}
out:
	if (opened)
		atomic_abort(&f);
	pthread_mutex_unlock(&m->lock);
	buf_free(&b);
	free(v);
	return rc;
}

void manifest_free(manifest *m)
{
	if (m == NULL)
		return;
	if (m->jfd >= 0)
		close(m->jfd);
	for (size_t i = 0; i < m->n; i++) {
		free(m->e[i].key);
		free(m->e[i].source);
	}
	free(m->e);
	free(m->slot);
	pthread_mutex_destroy(&m->lock);
	free(m);
}
