/*
 * bag.c: export one child's documents from a store as a BagIt bag (RFC 8493), for transfer to
 * another council or an EDRMS ingest folder (store_export in store.h):
 *   bagit.txt, bag-info.txt (child id, date of birth, retention date, term and deposit date
 *   ranges, Payload-Oxum), data/TERM/TYPE-SHA256.pdf, data/catalogue.csv (the child's catalogue
 *   rows: ids, dates, hashes), manifest-sha256.txt, tagmanifest-sha256.txt.
 * The bag is built in a temp folder beside BAGDIR, every folder synced, then renamed into place,
 * so a folder watcher never sees half a bag. The export holds a flock on its temp folder while it
 * builds it, and the folder BAGDIR is made in with core/lock (one run at a time; a folder another
 * run holds is refused at once, PK_EBUSY); the next export into the same folder removes the temp folders of killed exports
 * (no live process holds them), which hold complete copies of a child's documents. Each object's hash is checked as it is copied: an
 * altered object is never exported.
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/csvw.h"
#include "core/fingerprint.h"
#include "core/lock.h"
#include "archive/store.h"
#include "archive/store_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_OBJECT (256u << 20)

struct bag {
	archive_store *s;
	const char *tmp;
	pk_buf manifest, csv;
	long long bytes;
	long n;
	char first_term[65], last_term[65], first_dep[11], last_dep[11];
	pk_error *err;
	int rc;
};

/* Read a whole file (at most MAX_OBJECT bytes) into b. PK_OK or PK_EIO/PK_ENOMEM with err. */
static int read_file(const char *path, pk_buf *b, pk_error *err)
{
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc = PK_OK;

	if (!f)
		return pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
	b->max = MAX_OBJECT;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(b, chunk, n) != PK_OK) {
			rc = pk_error_set(err, PK_EIO, "cannot read '%s': too large", path);
			break;
		}
	if (rc == PK_OK && ferror(f))
		rc = pk_error_set(err, PK_EIO, "cannot read '%s'", path);
	fclose(f);
	return rc;
}

/* store_list callback: copy one object into the bag (oldest first order is not needed: the
 * manifest is sorted by the reader, not by us). */
static int add_doc(void *ctx, const store_row *r)
{
	struct bag *g = ctx;
	char src[4600], rel[600], dst[4800], dir[4800], got[FP_HEX_LEN + 1];
	const char *fields[9];
	char size[32], pages[16];
	pk_buf b = PK_BUF_INIT;

	snprintf(src, sizeof(src), "%s/%s", g->s->dir, r->path);
	/* a row changed behind pepkit's back could point at another child's document (which
	 * would go into this child's bag) or out of the store, or name a term outside the bag */
	if (!store_row_canonical(r)) {
		g->rc = pk_error_set(g->err, PK_EIO, "'%s': catalogue row %lld's path does not match its child, "
				     "term, type and hash (the catalogue was changed behind pepkit's back): "
				     "nothing exported; run archive verify", src, (long long)r->id);
		goto out;
	}
	snprintf(rel, sizeof(rel), "data/%s/%s-%s.pdf", r->term, r->type, r->sha256);
	snprintf(dst, sizeof(dst), "%s/%s", g->tmp, rel);
	snprintf(dir, sizeof(dir), "%s/data/%s", g->tmp, r->term);
	if ((g->rc = read_file(src, &b, g->err)) != PK_OK)
		goto out;
	if (fp_sha256_hex(b.data, b.len, got) != PK_OK) {
		g->rc = pk_error_set(g->err, PK_EINTERNAL, "cannot hash '%s': libcrypto cannot be loaded", src);
		goto out;
	}
	if (strcmp(got, r->sha256) != 0) {
		g->rc = pk_error_set(g->err, PK_EIO, "'%s' is altered (its SHA-256 differs from the catalogue's): "
				     "not exported; run archive verify", src);
		goto out;
	}
	if ((g->rc = atomic_mkdirs(dir, g->err)) != PK_OK ||
	    (g->rc = atomic_write_file_ex(dst, b.data, b.len, ATOMIC_DEFER_DIRSYNC, g->err)) != PK_OK)
		goto out;
	if (buf_printf(&g->manifest, "%s  %s\n", r->sha256, rel) != PK_OK)
		goto nomem;
	snprintf(size, sizeof(size), "%lld", r->size);
	snprintf(pages, sizeof(pages), "%d", r->pages);
	fields[0] = rel; fields[1] = r->term; fields[2] = r->type; fields[3] = r->audience; fields[4] = r->sha256;
	fields[5] = size; fields[6] = pages; fields[7] = r->deposited_at; fields[8] = r->source_sha256;
	if (csvw_row(&g->csv, fields, 9) != PK_OK)
		goto nomem;
	g->bytes += r->size;
	g->n++;
	if (!g->first_term[0] || strcmp(r->term, g->first_term) < 0)
		snprintf(g->first_term, sizeof(g->first_term), "%s", r->term);
	if (strcmp(r->term, g->last_term) > 0)
		snprintf(g->last_term, sizeof(g->last_term), "%s", r->term);
	if (!g->first_dep[0] || strncmp(r->deposited_at, g->first_dep, 10) < 0)
		snprintf(g->first_dep, sizeof(g->first_dep), "%.10s", r->deposited_at);
	if (strncmp(r->deposited_at, g->last_dep, 10) > 0)
		snprintf(g->last_dep, sizeof(g->last_dep), "%.10s", r->deposited_at);
	goto out;
nomem:
	g->rc = pk_error_set(g->err, PK_ENOMEM, "out of memory");
out:
	buf_free(&b);
	return g->rc != PK_OK;
}

/* Write tag file name (in the bag) and add its line to the tag manifest. */
static int tag_file(struct bag *g, const char *name, const pk_buf *b, pk_buf *tagman, pk_error *err)
{
	char path[4200], hex[FP_HEX_LEN + 1];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", g->tmp, name);
	if ((rc = atomic_write_file_ex(path, b->data ? b->data : "", b->len, ATOMIC_DEFER_DIRSYNC, err)) != PK_OK)
		return rc;
	if (fp_sha256_hex(b->data ? b->data : "", b->len, hex) != PK_OK)
		return pk_error_set(err, PK_EINTERNAL, "cannot hash '%s': libcrypto cannot be loaded", path);
	if (tagman && buf_printf(tagman, "%s  %s\n", hex, name) != PK_OK)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	return PK_OK;
}

int store_export(archive_store *s, const char *child, const char *bagdir, long *ndocs, pk_error *err)
{
	char dob[11], dod[11], ret[11], today[32], tmp[4200], parent[4200], outcome[128];
	static const char *const head[9] = { "file", "term", "type", "audience", "sha256", "size", "pages",
					     "deposited_at", "source_sha256" };
	pk_buf info = PK_BUF_INIT, bagit = PK_BUF_INIT, tagman = PK_BUF_INIT;
	pk_lock *lock = NULL;
	struct bag g;
	struct stat st;
	int rc, tfd = -1, pfd;

	*ndocs = 0;
	memset(&g, 0, sizeof(g));
	if (!store_valid_id(child))
		return pk_error_set(err, PK_EINVAL, "'%s' is not a child id", child);
	if ((rc = store_child(s, child, dob, dod, ret, err)) != PK_OK)
		return rc;
	if (lstat(bagdir, &st) == 0)
		return pk_error_set(err, PK_EINVAL, "'%s' already exists; a bag is never written over", bagdir);
	{
		char copy[4200];

		snprintf(copy, sizeof(copy), "%s", bagdir);
		snprintf(parent, sizeof(parent), "%s", dirname(copy));
	}
	if ((rc = atomic_mkdirs(parent, err)) != PK_OK)
		return rc;
	/* one run at a time in the transfer folder, refused at once as every writer is (a folder
	 * another run holds, a pack's OUTDIR, was waited for as long as that run lasted); a folder
	 * this process holds already (the store itself) is not locked twice */
	tmp[0] = '\0';
	if ((pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return pk_error_set(err, PK_EIO, "cannot open folder '%s': %s", parent, strerror(errno));
	rc = lock_holds_folder(pfd) ? PK_OK : lock_acquire(parent, 0, &lock, err);
	close(pfd);
	if (rc != PK_OK)
		return rc;
	/* a temp folder of its own, locked while the bag is built; killed exports' are removed */
	if ((rc = atomic_temp_dir(parent, "bag", tmp, sizeof(tmp), &tfd, err)) != PK_OK)
		goto out;

	g.s = s;
	g.tmp = tmp;
	g.err = err;
	if (csvw_row(&g.csv, head, 9) != PK_OK) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = store_list(s, child, add_doc, &g, err)) != PK_OK || (rc = g.rc) != PK_OK)
		goto out;
	/* data/catalogue.csv (the child's rows) is payload too */
	{
		char hex[FP_HEX_LEN + 1], path[4300];

		if (fp_sha256_hex(g.csv.data, g.csv.len, hex) != PK_OK) {
			rc = pk_error_set(err, PK_EINTERNAL, "cannot hash the catalogue: libcrypto cannot be loaded");
			goto out;
		}
		if (buf_printf(&g.manifest, "%s  data/catalogue.csv\n", hex) != PK_OK) {
			rc = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		snprintf(path, sizeof(path), "%s/data", tmp);
		if ((rc = atomic_mkdirs(path, err)) != PK_OK)
			goto out;
		snprintf(path, sizeof(path), "%s/data/catalogue.csv", tmp);
		if ((rc = atomic_write_file_ex(path, g.csv.data, g.csv.len, ATOMIC_DEFER_DIRSYNC, err)) != PK_OK)
			goto out;
		g.bytes += (long long)g.csv.len;
	}
	store_now(today);
	today[10] = '\0';
	if (buf_puts(&bagit, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n") ||
	    buf_printf(&info, "Source-Organization: pepkit archive store\n"
			      "External-Identifier: %s\n"
			      "External-Description: Personal Education Plan record copies (PDF/A-2b) of one child\n"
			      "Child-Id: %s\n"
			      "Date-Of-Birth: %s\n"
			      "%s%s%s"
			      "Retention-Date: %s\n"
			      "Term-Range: %s/%s\n"
			      "Date-Range: %s/%s\n"
			      "Bagging-Date: %s\n"
			      "Bag-Software-Agent: pepkit %s\n"
			      "Payload-Oxum: %lld.%ld\n",
		       child, child, dob, dod[0] ? "Date-Of-Death: " : "", dod, dod[0] ? "\n" : "", ret,
		       g.first_term, g.last_term, g.first_dep, g.last_dep, today, PEPKIT_VERSION, g.bytes, g.n + 1)) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = tag_file(&g, "bagit.txt", &bagit, &tagman, err)) || (rc = tag_file(&g, "bag-info.txt", &info, &tagman, err)) ||
	    (rc = tag_file(&g, "manifest-sha256.txt", &g.manifest, &tagman, err)) ||
	    (rc = tag_file(&g, "tagmanifest-sha256.txt", &tagman, NULL, err)))
		goto out;
	if ((rc = atomic_sync_tree(tmp, err)) != PK_OK)
		goto out;
	if (rename(tmp, bagdir) != 0) {
		rc = pk_error_set(err, PK_EIO, "cannot rename the bag into '%s': %s", bagdir, strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	if ((rc = atomic_sync_dir(parent, err)) != PK_OK)
		goto out;
	*ndocs = g.n;
	snprintf(outcome, sizeof(outcome), "exported %ld documents", g.n);
	rc = store_event(s, "export", child, outcome, err);
out:
	if (tmp[0])
		atomic_remove_tree(tmp);
	if (tfd >= 0)
		close(tfd);
	lock_release(lock);
	buf_free(&info);
	buf_free(&bagit);
	buf_free(&tagman);
	buf_free(&g.manifest);
	buf_free(&g.csv);
	return rc;
}
