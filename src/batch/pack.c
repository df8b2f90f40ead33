/*
 * pack.c: the termly pack (see pack.h): lists the cohort, hands records to worker threads,
 * writes every document atomically, and accounts for every input in the run report.
 *
 * Memory: the records' file names and one short report entry per record are kept (a few
 * hundred bytes each); each worker holds one record, one IR and one rendered document at a
 * time, so memory does not grow with the size of the documents or the cohort's DOMs.
 */
#include "core/pepkit.h"
#include "batch/pack.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/csvw.h"
#include "core/fingerprint.h"
#include "core/lock.h"
#include "core/manifest.h"
#include "core/msg.h"
#include "core/rfile.h"
#include "core/xmlsafe.h"
#include "record/childid.h"
#include "record/validate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdint.h>

enum entry_status { ST_PENDING, ST_DONE, ST_SKIPPED, ST_FAILED };

/* A failed entry's reason when it could not be copied: memory ran out, as it had when the record
 * failed (ENOMEM, ulimit -v) in all but the rarest case. Never "unknown error". */
#define REASON_LOST "out of memory (the reason could not be kept)"

/* One input record and what became of it, kept for the report: small, since there is one per
 * record of the cohort (peak memory must not grow with the cohort). */
struct entry {
	uint32_t name;        /* offset of the file name in run.names */
	uint8_t status;       /* enum entry_status */
	uint16_t documents;
	char *info;           /* "CHILD_ID\tSCHOOL\tTERM" once known, else NULL */
	char *reason;         /* for ST_FAILED: the error message; for ST_DONE: a warning or NULL */
	char *stale;          /* for ST_FAILED: its documents kept from an earlier run, or NULL */
	char *written;        /* for ST_FAILED: its documents written this run before it failed */
	char *removed;        /* its obsolete documents removed (or kept, and why), or NULL */
	char *shown;          /* how reports name it when its path holds the child's name, or NULL */
	char upn[16];         /* its child's UPN (first pass), "" when it has none */
	long upn_twin;        /* 1 + the index of another child id's record with that UPN, or 0 */
};

/* A record no longer in the cohort whose documents an earlier run made: what became of them. */
struct gone {
	char *source;         /* its name in the cohort, as it was */
	char *removed;        /* "KEY (removed: ...); ..." */
	long nremoved, nkept;
};

/* The record one worker is on: its working state, on that worker's stack. */
struct job {
	long index;           /* into run.entries */
	char file[PATH_MAX];  /* COHORT_DIR/NAME */
	int documents;
	char child_id[48];
	char school[48];
	char term[24];
	char fp[FP_HEX_LEN + 1];  /* the record's fingerprint: its bytes and what was merged in */
	char warn[512];       /* a character of free text no font has (pipeline_check_text), or "" */
	int remade;           /* documents made again because the file was not the one written */
	char shown[128];      /* "record of ID (path withheld ...)" when file holds the child's name */
	int record_written;   /* written to --records-out (write_record) */
};

/* State shared by the workers. */
/* How the manifest names the record an output was made from: "sha256:" and the SHA-256 of its
 * file name in the cohort, never the name itself, which councils often make the child's
 * ("Aisha-Khan.xml") and which would then sit in the output folder. The same name gives the
 * same source run after run, so a record is still matched to its earlier outputs (a manifest
 * written before this names records as they are: still matched, find_record). */
#define SOURCE_PREFIX "sha256:"
#define SOURCE_LEN (sizeof(SOURCE_PREFIX) + FP_HEX_LEN)

struct run {
	const pipeline *p;
	const pack_opts *o;
	char *names;           /* the cohort's file names, NUL-separated */
	struct entry *entries;
	long n;
	long next;             /* next entry to hand out (under lock) */
	long finished, failed;
	long documents;
	long remade;           /* documents made again: not as the pack wrote them */
	pthread_mutex_t lock;
	uint32_t *ids;         /* open-addressing table of entry index + 1, by child id */
	size_t nids;           /* its size, a power of two >= 2n */
	int scanning;          /* 1 in the first pass (child ids only), 0 when rendering */
	manifest *manifest;    /* what made each output (core/manifest.h) */
	struct gone *gone;     /* records no longer in the cohort (reconcile) */
	long ngone, gonecap;
	char run_fp[FP_HEX_LEN + 1];  /* the pipeline's and the run options' fingerprint */
	struct by_hash *hashes;        /* the records by source_of() (reconcile), or NULL */
	int cohort_named;      /* the cohort folder's path holds a child's name (set once, atomically) */
	int out_named;         /* the output folder's path does */
};

/* A record's source in the manifest (source_of) and its entry, sorted by source. */
struct by_hash {
	char source[SOURCE_LEN];
	long index;
};

/* How the summary names a folder whose path holds a child's name. */
#define WITHHELD_PATH "(path withheld: it holds a child's name)"

/* The manifest's file name in OUTDIR. */
#define PACK_MANIFEST ".pepkit-manifest"


/* The manifest source of the record named name into out. PK_OK, or PK_EINTERNAL when libcrypto
 * cannot be loaded. */
static int source_of(const char *name, char out[SOURCE_LEN])
{
	char hex[FP_HEX_LEN + 1];

	if (fp_sha256_hex(name, strlen(name), hex) != PK_OK)
		return PK_EINTERNAL;
	snprintf(out, SOURCE_LEN, SOURCE_PREFIX "%s", hex);
	return PK_OK;
}

/* Copy s into dst as a safe path component: [A-Za-z0-9._-], not starting with '.', never
 * empty ("_" then). */
static void safe_component(char *dst, size_t size, const char *s)
{
	size_t i = 0;

	for (; s[i] != '\0' && i + 1 < size; i++) {
		char c = s[i];

		dst[i] = ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '_' || (c == '.' && i > 0)) ? c : '_';
	}
	if (i == 0 && size > 1)
		dst[i++] = '_';
	dst[i] = '\0';
}

/* Only *.xml files (any case: *.XML from Windows counts) that are not hidden. */
static int is_record_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcasecmp(name + n - 4, ".xml") == 0;
}

/* qsort_r comparison of two name offsets into the names buffer (byte order, like the C
 * locale's alphasort). */
static int by_name(const void *x, const void *y, void *names)
{
	return strcmp((const char *)names + ((const struct entry *)x)->name,
		      (const char *)names + ((const struct entry *)y)->name);
}

/* The cohort listing being built: one buffer of names, one small entry each. */
struct listing {
	pk_buf names;
	struct entry *e;
	size_t cap;
	long n;
};

/* Add the records in folder dir (COHORT/sub; sub "" for the cohort itself) to l, and with
 * recursive those in its subfolders too (at most 8 deep; hidden folders and links to folders
 * skipped; links named *.xml are listed, as records).
 * Returns PK_OK, or PK_EIO/PK_ENOMEM/PK_ELIMIT with err set. */
static int list_dir(struct listing *l, const char *cohort, const char *sub, int recursive, int depth,
		    pk_error *err)
{
	char dir[PATH_MAX], name[PATH_MAX];
	struct dirent *d;
	DIR *dp;
	int rc = PK_OK;

	snprintf(dir, sizeof(dir), "%s%s%s", cohort, sub[0] ? "/" : "", sub);
	if ((dp = opendir(dir)) == NULL)
		return pk_error_set(err, PK_EIO, "cannot read cohort folder '%s': %s", dir, strerror(errno));
	while (rc == PK_OK && (d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if (snprintf(name, sizeof(name), "%s%s%s", sub, sub[0] ? "/" : "", d->d_name) >= (int)sizeof(name))
			continue;
		if (recursive && d->d_type == DT_DIR) {
			if (depth >= 8)
				rc = pk_error_set(err, PK_ELIMIT, "cohort folder '%s': folders nested over 8 deep", cohort);
			else
				rc = list_dir(l, cohort, name, recursive, depth + 1, err);
			continue;
		}
		/* anything named like a record but a folder is listed, as validate and qa read it:
		 * reading it follows a link with the checks of any record (a regular file, bounded),
		 * and a dangling link, a named pipe or a device fails with its reason in the report
		 * rather than being left out unseen */
		if (!is_record_name(d->d_name) || d->d_type == DT_DIR)
			continue;
		if ((size_t)l->n == l->cap) {
			struct entry *ne = realloc(l->e, (l->cap = l->cap ? l->cap * 2 : 256) * sizeof(*ne));

			if (ne == NULL) {
				rc = pk_error_set(err, PK_ENOMEM, "out of memory listing '%s'", cohort);
				break;
			}
			l->e = ne;
		}
		if (l->names.len > UINT32_MAX - 8192) {
			rc = pk_error_set(err, PK_ELIMIT, "cohort folder '%s': too many records", cohort);
			break;
		}
		memset(&l->e[l->n], 0, sizeof(l->e[l->n]));
		l->e[l->n].name = (uint32_t)l->names.len;
		if (buf_append(&l->names, name, strlen(name) + 1) != PK_OK)
			rc = pk_error_set(err, PK_ENOMEM, "out of memory listing '%s'", cohort);
		else
			l->n++;
	}
	closedir(dp);
	return rc;
}

/* List the cohort's records (NAME, or SUBFOLDER/NAME with o->recursive), sorted by name, into
 * r->names and r->entries. Returns PK_OK, or PK_EIO/PK_ENOMEM/PK_ELIMIT with err set. */
static int list_cohort(struct run *r, const char *dir, pk_error *err)
{
	struct listing l = { PK_BUF_INIT, NULL, 0, 0 };
	int rc = list_dir(&l, dir, "", r->o->recursive, 0, err);

	if (rc != PK_OK) {
		buf_free(&l.names);
		free(l.e);
		return rc;
	}
	if (l.n > 1)
		qsort_r(l.e, (size_t)l.n, sizeof(*l.e), by_name, l.names.data);
	r->names = l.names.data;
	r->entries = l.e;
	r->n = l.n;
	return PK_OK;
}

static void free_entries(struct run *r)
{
	for (long i = 0; r->entries && i < r->n; i++) {
		free(r->entries[i].info);
		free(r->entries[i].reason);
		free(r->entries[i].stale);
		free(r->entries[i].written);
		free(r->entries[i].removed);
		free(r->entries[i].shown);
	}
	for (long i = 0; i < r->ngone; i++) {
		free(r->gone[i].source);
		free(r->gone[i].removed);
	}
	free(r->gone);
	free(r->entries);
	free(r->names);
	free(r->hashes);
}

/* Field k (0: child id, 1: school, 2: term) of an entry's info into dst ("" if unknown). */
static void info_field(const struct entry *e, int k, char *dst, size_t size)
{
	const char *s = e->info;

	dst[0] = '\0';
	for (int i = 0; s != NULL && i < k; i++) {
		s = strchr(s, '\t');
		if (s != NULL)
			s++;
	}
	if (s != NULL)
		snprintf(dst, size, "%.*s", (int)strcspn(s, "\t"), s);
}

/* Build the output path of one document: school is the folder as audience a may see it.
 * Returns PK_OK or PK_EIO (path too long). */
static int output_path(char *path, size_t size, const struct run *r, const struct job *e,
		       const char *school, int a, int d, int fmt)
{
	const char *aud = a >= 0 ? pipeline_audience_name(r->p, a) : NULL;
	char audc[64] = "";
	int n;

	if (aud != NULL)
		safe_component(audc, sizeof(audc), aud);
	if (aud != NULL && r->o->full_copy)   /* the default full copy: OUTDIR/record/SCHOOL/... */
		n = snprintf(path, size, "%s/%s/%s/%s-%s-%s.%s", r->o->out_dir, audc, school,
			     e->child_id, e->term, pipeline_doc_name(r->p, d), pipeline_format_ext(fmt));
	else if (aud != NULL)
		n = snprintf(path, size, "%s/%s/%s/%s-%s-%s-%s.%s", r->o->out_dir, audc, school,
			     e->child_id, e->term, pipeline_doc_name(r->p, d), audc,
			     pipeline_format_ext(fmt));
	else
		n = snprintf(path, size, "%s/%s/%s-%s-%s.%s", r->o->out_dir, school, e->child_id,
			     e->term, pipeline_doc_name(r->p, d), pipeline_format_ext(fmt));
	return n < (int)size ? PK_OK : PK_EIO;
}

/* Number of audience passes: the audiences, or one unredacted pass (-1). */
static int audience_count(const pipeline *p)
{
	int n = pipeline_naudiences(p);

	return n > 0 ? n : 1;
}

/* The fingerprint of one output: the run's (pipeline, options), the record's (its bytes and
 * what was merged into it), the document type's stylesheets (d < 0: none, e.g. a redaction
 * log), audience a's profile and the format. */
static void output_fp(const struct run *r, const struct job *e, int a, int d, int fmt,
		      char hex[FP_HEX_LEN + 1])
{
	fp_ctx *c = fp_new();

	hex[0] = '\0';
	if (c == NULL)
		return;   /* "" never matches: the output is made again */
	fp_add_field(c, "run", r->run_fp);
	fp_add_field(c, "record", e->fp);
	fp_add_field(c, "term", e->term);
	fp_add_field(c, "doc", d >= 0 ? pipeline_doc_fingerprint(r->p, d) : "redaction-log");
	fp_add_field(c, "audience", pipeline_audience_fingerprint(r->p, a));
	fp_add_field(c, "format", d >= 0 ? pipeline_format_ext(fmt) : "txt");
	fp_final(c, hex);
	fp_free(c);
}

/* 1 if the output at path (key: its path under OUTDIR) is current: the manifest says it was
 * made from exactly fp, and the file there is still the one written then (a regular file whose
 * SHA-256 is the one recorded). Then the manifest notes it as confirmed for this run. 0 if it
 * is to be made (again); *damaged is then set to 1 when the manifest says it is current but the
 * file is not what was written (truncated, damaged, replaced), else left alone. An entry with
 * no recorded SHA-256 (made by an older pepkit) is not current. Never decided by modification
 * times. */
static int output_current(const struct run *r, const char *path, const char *fp, int *damaged)
{
	const char *key = path + strlen(r->o->out_dir) + 1;
	char want[FP_HEX_LEN + 1], got[FP_HEX_LEN + 1];
	struct stat st;
	pk_error err;

	if (fp[0] == '\0' || !manifest_lookup(r->manifest, key, fp, want) || lstat(path, &st) != 0)
		return 0;   /* changed, or never made, or removed: made (again) */
	if (want[0] == '\0')
		return 0;   /* written by a pepkit that kept no SHA-256: made again, once */
	if (!S_ISREG(st.st_mode) || fp_sha256_file(path, got, &err) != PK_OK || strcmp(got, want) != 0) {
		*damaged = 1;
		return 0;
	}
	manifest_confirm(r->manifest, key);
	return 1;
}

/* FNV-1a hash of a child id, ignoring ASCII case: ids that differ only in case are one child
 * (their files would overwrite each other on a case-insensitive share). */
static uint32_t id_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 16777619u;
	return h;
}

/* Claim j's child id for this run and record what is known of the record in its entry; a
 * second record for the same child (the same id ignoring ASCII case) fails. Returns PK_OK, or PK_EINVAL with err naming the
 * other file, or PK_ENOMEM. */
static int claim_child(struct run *r, const struct job *j, pk_error *err)
{
	struct entry *e = &r->entries[j->index];
	size_t len = strlen(j->child_id), mask = r->nids - 1;
	char *info;
	int rc = PK_OK;

	if (asprintf(&info, "%s\t%s\t%s", j->child_id, j->school, j->term) < 0)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	pthread_mutex_lock(&r->lock);
	for (size_t h = id_hash(j->child_id) & mask; ; h = (h + 1) & mask) {
		uint32_t other = r->ids[h];

		if (other == 0) {
			r->ids[h] = (uint32_t)j->index + 1;
			break;
		}
		if (r->entries[other - 1].info != NULL &&
		    strncasecmp(r->entries[other - 1].info, j->child_id, len) == 0 &&
		    r->entries[other - 1].info[len] == '\t') {
			rc = pk_error_set(err, PK_EINVAL, "'%s': child id '%s' is also in '%s/%s' (ids that "
					  "differ only in case are one child)", j->file, j->child_id,
					  r->o->cohort_dir, r->names + r->entries[other - 1].name);
			break;
		}
	}
	if (rc == PK_OK) {
		free(e->info);
		e->info = info;
		info = NULL;
	}
	pthread_mutex_unlock(&r->lock);
	free(info);
	return rc;
}

/* Write bytes to path (made from fingerprint fp, from record e), creating its folder first;
 * the folder is synced once at the end of the run (atomic_sync_tree). The manifest forgets the
 * path before it is replaced and learns fp and the bytes' SHA-256 once the new file is in
 * place. PK_OK or PK_EIO with err set. */
static int write_output(const struct run *r, const struct job *e, const char *path, const char *fp,
			const pk_buf *bytes, pk_error *err)
{
	const char *key = path + strlen(r->o->out_dir) + 1;
	char dir[PATH_MAX], sha[FP_HEX_LEN + 1];
	char *slash;
	int rc;

	/* the folders below OUTDIR (AUDIENCE/SCHOOL) are the pack's: not through a link planted
	 * there, which would put a child's documents elsewhere */
	snprintf(dir, sizeof(dir), "%s", key);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if ((rc = atomic_real_dirs(r->o->out_dir, dir, err)) != PK_OK)
			return rc;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		if ((rc = atomic_mkdirs(dir, err)) != PK_OK)
			return rc;
	}
	if ((rc = manifest_begin(r->manifest, key, err)) != PK_OK)
		return rc;
	rc = atomic_write_file_ex(path, bytes->data, bytes->len, ATOMIC_DEFER_DIRSYNC, err);
	if (rc == PK_OK && fp[0] != '\0') {
		/* the bytes' own hash, so the next run can tell the file is still this one */
		if (fp_sha256_hex(bytes->data ? bytes->data : "", bytes->len, sha) != PK_OK)
			return pk_error_set(err, PK_EINTERNAL, "cannot hash '%s': libcrypto cannot be loaded", path);
		char src[SOURCE_LEN];

		if (source_of(r->names + r->entries[e->index].name, src) != PK_OK)
			return pk_error_set(err, PK_EINTERNAL, "cannot hash '%s': libcrypto cannot be loaded", path);
		rc = manifest_put_output(r->manifest, key, fp, src, sha, err);
	}
	return rc;
}

/* The record's fingerprint into e->fp: the bytes parsed (bytes_fp) and, when the attainment
 * merge changed the record, the merged record itself and the mapping profiles. PK_OK or
 * PK_ENOMEM with err. */
static int record_fp(const struct run *r, struct job *e, const char *bytes_fp, xmlDocPtr merged,
		     pk_error *err)
{
	fp_ctx *c = fp_new();
	xmlChar *mem = NULL;
	int len = 0;

	if (c == NULL)
		return pk_error_set(err, PK_EINTERNAL, "cannot fingerprint the record: %s", fp_why_not());
	fp_add_field(c, "bytes", bytes_fp);
	if (merged != NULL) {
		xmlDocDumpMemoryEnc(merged, &mem, &len, "UTF-8");
		if (mem == NULL) {
			fp_free(c);
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		}
		fp_add_field(c, "profiles", r->o->profiles_fp);
		fp_add_field(c, "merged", NULL);
		fp_add(c, mem, (size_t)len);
		xmlFree(mem);
	}
	fp_final(c, e->fp);
	fp_free(c);
	return PK_OK;
}

/* Write the record as merged (or as read, when the exports changed nothing) to
 * RECORDS_DIR/NAME, atomically, so the folder is a complete cohort for next term. PK_OK or a
 * PK_E* code with err. */
static int write_record(const struct run *r, const struct job *e, xmlDocPtr rec, pk_error *err)
{
	const char *name = r->names + r->entries[e->index].name;
	char path[PATH_MAX], dir[PATH_MAX], *slash;
	xmlChar *mem = NULL;
	int len = 0, rc;

	if (snprintf(path, sizeof(path), "%s/%s", r->o->records_dir, name) >= (int)sizeof(path))
		return pk_error_set(err, PK_EIO, "'%s/%s': path too long", r->o->records_dir, name);
	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if ((rc = atomic_mkdirs(dir, err)) != PK_OK)
			return rc;
	}
	xmlDocDumpMemoryEnc(rec, &mem, &len, "UTF-8");
	if (mem == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	rc = atomic_write_file_ex(path, mem, (size_t)len, ATOMIC_DEFER_DIRSYNC, err);
	xmlFree(mem);
	return rc;
}

/* A record that failed before write_record (exports in conflict, invalid, no such term, a child
 * id twice): written to RECORDS_DIR/NAME as it was read, byte for byte, as `merge` copies a
 * record it leaves unchanged, so the folder is still the whole cohort and the child fails
 * again, visibly, next term instead of silently dropping out of it. Nothing is written when
 * the target is the record itself (--records-out is the cohort). PK_OK or a PK_E* code with
 * err. */
static int copy_record_as_read(const struct run *r, const char *file, const char *name,
			       pk_error *err)
{
	char path[PATH_MAX], dir[PATH_MAX], *slash;
	struct stat a, b;
	pk_buf data = PK_BUF_INIT;
	int fd, rc = PK_OK;

	if (snprintf(path, sizeof(path), "%s/%s", r->o->records_dir, name) >= (int)sizeof(path))
		return pk_error_set(err, PK_EIO, "'%s/%s': path too long", r->o->records_dir, name);
	if ((fd = rfile_open(file, &a, err)) < 0)
		return err->code;
	if (stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		goto out;   /* --records-out is the cohort: the record is already there */
	if (a.st_size > 256L * 1024 * 1024) {
		rc = pk_error_set(err, PK_ELIMIT, "'%s': over 256 MiB: not copied", file);
		goto out;
	}
	for (;;) {
		ssize_t got;

		if ((rc = buf_reserve(&data, 65536)) != PK_OK) {
			pk_error_set(err, rc, "out of memory");
			goto out;
		}
		got = read(fd, data.data + data.len, data.cap - data.len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", file, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		data.len += (size_t)got;
		if (data.len > 256u * 1024 * 1024) {
			rc = pk_error_set(err, PK_ELIMIT, "'%s': over 256 MiB: not copied", file);
			goto out;
		}
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if ((rc = atomic_mkdirs(dir, err)) != PK_OK)
			goto out;
	}
	rc = atomic_write_file_ex(path, data.data ? data.data : "", data.len, ATOMIC_DEFER_DIRSYNC, err);
out:
	close(fd);
	buf_free(&data);
	return rc;
}

/* The school folder of one audience's copies, into dst (size bytes): the record's school/@id
 * (school, already a safe path component), or REDACT_SCHOOL_ID when the redaction withheld a
 * location-confidential school from that reader. Folder names come from ids only, never from
 * the redacted copy's text, so scrubbing can neither rename nor split a school's folder. */
static void school_folder(char *dst, size_t size, const char *school, const redact_log *log)
{
	snprintf(dst, size, "%s", log->school_withheld ? REDACT_SCHOOL_ID : school);
}

/*
 * Produce every document for one record. Each audience pass first redacts the record; the
 * school folder is read from the record as that audience sees it, so a school withheld from a
 * reader (a confidential placement) never appears in that reader's paths ("school-withheld").
 * Only documents whose fingerprint (output_fp) is not the one the manifest holds are made.
 * Returns ST_DONE (some made) or ST_SKIPPED (all current), or a (negative) PK_E* code with err
 * set; documents already written for the record stay (each one is complete).
 */
static int process(struct run *r, struct job *e, pk_buf *bytes, pk_error *err)
{
	xmlDocPtr rec = NULL, ir = NULL, seen[PIPELINE_MAX_AUDIENCES];
	redact_log logs[PIPELINE_MAX_AUDIENCES];
	char schools[PIPELINE_MAX_AUDIENCES][48];
	char path[PATH_MAX], audc[64], date[11], bytes_fp[FP_HEX_LEN + 1], fp[FP_HEX_LEN + 1];
	int rc, na = audience_count(r->p), nseen = 0, merged = 0, damaged;
	const char *file = e->file;   /* how messages name the record */

	rec = pipeline_load_record_fp(r->p, e->file, bytes_fp, err);
	/* a path such as "cohort/aisha-khan.xml": reports and messages name the record by its
	 * child id instead (the run's report and summary stay in the output folder), an invalid
	 * one too when it parses */
	if (pipeline_path_label(rec, e->file, e->shown, sizeof(e->shown), rec ? NULL : err))
		file = e->shown;
	if (rec == NULL)
		return err->code;
	/* the summary names the cohort and output folders: not when one holds a child's name
	 * ("packs/AyseYilmaz", a folder per child) */
	if (validate_id_names_child(rec, r->o->cohort_dir))
		__atomic_store_n(&r->cohort_named, 1, __ATOMIC_RELAXED);
	if (validate_id_names_child(rec, r->o->out_dir))
		__atomic_store_n(&r->out_named, 1, __ATOMIC_RELAXED);
	if (r->o->attainment != NULL) {
		rc = merge_apply(r->o->attainment, rec, e->file, err);   /* its name for merge_child_summary */
		if (rc == MERGE_APPLY_HELD) {
			rc = pk_error_set(err, PK_EINVAL, "'%s': the attainment exports disagree about this "
					  "child (a conflict): see merge-report.csv, resolve it and run again",
					  file);
			goto out;
		}
		if (rc < 0)
			goto out;
		merged = rc == MERGE_APPLY_CHANGED;
		if (merged && (rc = pipeline_check_record(r->p, rec, file, err)) != PK_OK)
			goto out;
	}
	if ((rc = pipeline_check_text(rec, file, e->warn, sizeof(e->warn), err)) != PK_OK ||
	    (rc = record_fp(r, e, bytes_fp, merged ? rec : NULL, err)) != PK_OK)
		goto out;
	if (pipeline_xpath_string(rec, "string(/pep-record/child/la-child-id)", path, sizeof(path)) != PK_OK) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': no child id", file);
		goto out;
	}
	safe_component(e->child_id, sizeof(e->child_id), path);
	if (pipeline_xpath_string(rec, "string(/pep-record/child/school/@id)", path, sizeof(path)) != PK_OK)
		snprintf(path, sizeof(path), "no-school");
	safe_component(e->school, sizeof(e->school), path);
	if (r->o->term != NULL) {
		char expr[128];

		snprintf(expr, sizeof(expr), "string(/pep-record/terms/term[@id='%s']/@id)", r->o->term);
		if (pipeline_xpath_string(rec, expr, path, sizeof(path)) != PK_OK) {
			rc = pk_error_set(err, PK_EINVAL, "'%s': the record has no term '%s'", file, r->o->term);
			goto out;
		}
	} else if (pipeline_xpath_string(rec, "string(/pep-record/terms/term[last()]/@id)", path, sizeof(path)) != PK_OK) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': the record has no term", file);
		goto out;
	}
	safe_component(e->term, sizeof(e->term), path);
	if ((rc = claim_child(r, e, err)) != PK_OK)
		goto out;
	if (r->o->records_dir != NULL && (rc = write_record(r, e, rec, err)) != PK_OK)
		goto out;
	e->record_written = r->o->records_dir != NULL;
	for (int ai = 0; ai < na; ai++) {
		int a = pipeline_naudiences(r->p) > 0 ? ai : -1;

		if ((rc = pipeline_redact(r->p, rec, a, &seen[ai], &logs[ai], err)) != PK_OK)
			goto out;
		nseen = ai + 1;
		school_folder(schools[ai], sizeof(schools[ai]), e->school, &logs[ai]);
	}
	for (int ai = 0; ai < na; ai++) {
		int a = pipeline_naudiences(r->p) > 0 ? ai : -1;

		for (int d = 0; d < pipeline_ndocs(r->p); d++) {
			for (int f = PIPELINE_PDF; f <= PIPELINE_DOCX; f <<= 1) {
				if (!(r->o->formats & f))
					continue;
				if ((rc = output_path(path, sizeof(path), r, e, schools[ai], a, d, f)) != PK_OK) {
					pk_error_set(err, rc, "'%s': output path too long", file);
					goto out;
				}
				output_fp(r, e, a, d, f, fp);
				damaged = 0;
				if (!r->o->force && output_current(r, path, fp, &damaged))
					continue;
				e->remade += damaged;
				if (ir == NULL &&
				    (ir = pipeline_transform(r->p, seen[ai], file, d, e->term, a, err)) == NULL) {
					rc = err->code;
					goto out;
				}
				buf_reset(bytes);
				/* full record copies as PDF are PDF/A-2b (archive issue: it costs ~nothing) */
				if ((rc = f == PIPELINE_PDF && pipeline_audience_is_full(r->p, a)
					  ? pipeline_render_pdfa(ir, pipeline_doc_date(rec, e->term, date) == PK_OK ? date : NULL,
								 bytes, NULL, err)
					  : pipeline_render(ir, f, bytes, NULL, err)) != PK_OK)
					goto out;
				if ((rc = write_output(r, e, path, fp, bytes, err)) != PK_OK)
					goto out;
				e->documents++;
			}
			xmlFreeDoc(ir);
			ir = NULL;
		}
		if (!pipeline_audience_is_full(r->p, a)) {
			/* the redaction log for this copy: categories and counts, never values */
			safe_component(audc, sizeof(audc), pipeline_audience_name(r->p, a));
			buf_reset(bytes);
			if (pipeline_redaction_log(r->p, a, &logs[ai], e->child_id, e->term, bytes) != PK_OK) {
				rc = pk_error_set(err, PK_ENOMEM, "out of memory");
				goto out;
			}
			if (snprintf(path, sizeof(path), "%s/%s/%s/%s-%s-%s.redaction.txt", r->o->out_dir,
				     audc, schools[ai], e->child_id, e->term, audc) >= (int)sizeof(path)) {
				rc = pk_error_set(err, PK_EIO, "'%s': output path too long", file);
				goto out;
			}
			output_fp(r, e, a, -1, 0, fp);
			damaged = 0;
			if (r->o->force || !output_current(r, path, fp, &damaged)) {
				e->remade += damaged;
				if ((rc = write_output(r, e, path, fp, bytes, err)) != PK_OK)
					goto out;
			}
		}
	}
	rc = e->documents > 0 ? ST_DONE : ST_SKIPPED;
out:
	xmlFreeDoc(ir);
	for (int i = 0; i < nseen; i++)
		if (seen[i] != rec)
			xmlFreeDoc(seen[i]);
	xmlFreeDoc(rec);
	return rc;
}

/* First pass, for one record: its child id only (safe parse, no validation) into its entry's
 * info, so that two records of one child can both be failed before either is rendered, and the
 * export keys it claims (merge_claim_keys), so a UPN two records share goes to neither. A record
 * that cannot be read here is left for the second pass to report. */
static void scan(struct run *r, struct entry *e, const char *file)
{
	pk_error err;
	xmlDocPtr doc;
	char id[256], upn[64], safe[48];
	char *info = NULL;

	pk_error_clear(&err);
	if ((doc = xmlsafe_read_file(file, &err)) == NULL)
		return;   /* not readable here: the second pass says why */
	if (pipeline_xpath_string(doc, "string(/pep-record/child/upn)", upn, sizeof(upn)) != PK_OK)
		upn[0] = '\0';
	if (pipeline_xpath_string(doc, "string(/pep-record/child/la-child-id)", id, sizeof(id)) == PK_OK) {
		safe_component(safe, sizeof(safe), id);
		if (asprintf(&info, "%s\t\t", safe) < 0)
			info = NULL;
		/* the export keys this record claims, before any record is given rows */
		if (r->o->attainment != NULL && upn[0])
			merge_claim_keys(r->o->attainment, file, upn, id);
	}
	xmlFreeDoc(doc);
	pthread_mutex_lock(&r->lock);
	free(e->info);
	e->info = info;
	if (strlen(upn) < sizeof(e->upn))
		memcpy(e->upn, upn, strlen(upn) + 1);
	else
		e->upn[0] = '\0';
	pthread_mutex_unlock(&r->lock);
}

/* After the first pass: every record whose child id another record also has (ignoring ASCII
 * case) fails, all of them (which one is right is for a person to say). A record whose UPN
 * another record of another child id has is marked (upn_twin) for a warning in its report
 * row: a UPN is one pupil's, and a school files what it receives by it. */
static void fail_duplicates(struct run *r)
{
	char (*ids)[48] = malloc((size_t)(r->n ? r->n : 1) * sizeof(*ids));
	const char **p = malloc((size_t)(r->n ? r->n : 1) * sizeof(*p));
	long *other = malloc((size_t)(r->n ? r->n : 1) * sizeof(*other));
	pk_error err;

	if (ids == NULL || p == NULL || other == NULL)
		goto out;   /* the second pass still fails a second record of a child (claim_child) */
	for (long i = 0; i < r->n; i++) {
		info_field(&r->entries[i], 0, ids[i], sizeof(ids[i]));
		p[i] = ids[i];
	}
	if (childid_match(p, r->n, other, &err) != PK_OK)
		goto out;
	for (long i = 0; i < r->n; i++) {
		struct entry *x = &r->entries[i], *y;
		char as[160] = "";

		if (other[i] < 0 || x->status == ST_FAILED)
			continue;
		y = &r->entries[other[i]];
		x->status = ST_FAILED;
		if (strcmp(ids[i], ids[other[i]]) != 0)   /* the same child id but for case */
			snprintf(as, sizeof(as), " (as '%s': ids that differ only in case are one child)",
				 ids[other[i]]);
		if (asprintf(&x->reason, "'%s/%s': child id '%s' is also in '%s/%s'%s: two records for one "
			     "child, so neither is rendered; keep the right one and run again", r->o->cohort_dir,
			     r->names + x->name, ids[i], r->o->cohort_dir, r->names + y->name, as) < 0)
			x->reason = NULL;
		r->failed++;
		r->finished++;
	}
	for (long i = 0; i < r->n; i++)
		p[i] = r->entries[i].upn;
	if (childid_match(p, r->n, other, &err) != PK_OK)
		goto out;
	for (long i = 0; i < r->n; i++)
		if (other[i] >= 0 && r->entries[i].status != ST_FAILED && !childid_same(ids[i], ids[other[i]]))
			r->entries[i].upn_twin = other[i] + 1;
out:
	free(ids);
	free(p);
	free(other);
}

/* copy_record_as_read() for a record failed in the first pass (entry e, file), its reason
 * extended when the copy fails. */
static void keep_failed_record(struct run *r, struct entry *e, const char *file)
{
	pk_error cerr;
	char *why;

	if (copy_record_as_read(r, file, r->names + e->name, &cerr) == PK_OK)
		return;
	pthread_mutex_lock(&r->lock);
	if (asprintf(&why, "%s; and it is not in the --records-out folder: %.300s",
		     e->reason ? e->reason : "failed", cerr.msg) >= 0) {
		free(e->reason);
		e->reason = why;
	}
	pthread_mutex_unlock(&r->lock);
}

/* Worker thread: takes the next record until none are left or a stop is asked for. */
static void *worker(void *arg)
{
	struct run *r = arg;
	pk_buf bytes = PK_BUF_INIT;

	for (;;) {
		struct entry *e;
		struct job j;
		pk_error err;
		long i;
		int rc;

		pthread_mutex_lock(&r->lock);
		i = (r->o->stop && *r->o->stop) ? r->n : r->next++;
		pthread_mutex_unlock(&r->lock);
		if (i >= r->n)
			break;
		e = &r->entries[i];
		memset(&j, 0, sizeof(j));
		j.index = i;
		snprintf(j.file, sizeof(j.file), "%s/%s", r->o->cohort_dir, r->names + e->name);
		if (r->scanning) {
			scan(r, e, j.file);
			continue;
		}
		if (e->status == ST_FAILED) {
			/* failed in the first pass (a duplicate child id) */
			if (r->o->records_dir != NULL)
				keep_failed_record(r, e, j.file);
			continue;
		}
		pk_error_clear(&err);
		rc = process(r, &j, &bytes, &err);
		if (rc != ST_DONE && rc != ST_SKIPPED && r->o->records_dir != NULL && !j.record_written) {
			pk_error cerr;

			if (copy_record_as_read(r, j.file, r->names + e->name, &cerr) != PK_OK)
				snprintf(err.msg + strlen(err.msg), sizeof(err.msg) - strlen(err.msg),
					 "; and it is not in the --records-out folder: %.300s", cerr.msg);
		}
		pthread_mutex_lock(&r->lock);
		if (j.shown[0] != '\0' && e->shown == NULL)
			e->shown = strdup(j.shown);   /* NULL when out of memory: the path is shown */
		if (rc == ST_DONE || rc == ST_SKIPPED) {
			e->status = (uint8_t)rc;
			/* a warning, and why documents the manifest called current were made again;
			 * NULL when out of memory: nothing shown */
			if (j.remade > 0 &&
			    asprintf(&e->reason, "%s%s%d document%s made again: not as this pack wrote %s "
				     "(damaged, truncated or changed since)", j.warn, j.warn[0] ? "; " : "",
				     j.remade, j.remade == 1 ? "" : "s", j.remade == 1 ? "it" : "them") < 0)
				e->reason = NULL;
			else if (j.remade == 0 && rc == ST_DONE && j.warn[0])
				e->reason = strdup(j.warn);
			if (e->upn_twin > 0) {
				const struct entry *y = &r->entries[e->upn_twin - 1];
				char yid[48];
				char *w = NULL;

				info_field(y, 0, yid, sizeof(yid));
				if (asprintf(&w, "%s%swarning: its UPN is also the UPN of '%s/%s' (child id '%s'): "
					     "a UPN is one pupil's, and a school files what it receives by it; "
					     "correct the wrong one", e->reason ? e->reason :
					     rc == ST_SKIPPED ? "documents already up to date" : "",
					     e->reason || rc == ST_SKIPPED ? "; " : "",
					     r->o->cohort_dir, r->names + y->name, yid) >= 0) {
					free(e->reason);
					e->reason = w;
				}
			}
			r->remade += j.remade;
		} else {
			e->status = ST_FAILED;
			e->reason = strdup(err.msg[0] ? err.msg : err.code == PK_ENOMEM ? "out of memory" : "internal error");
			if (e->info == NULL && j.child_id[0] != '\0' &&
			    asprintf(&e->info, "%s\t%s\t%s", j.child_id, j.school, j.term) < 0)
				e->info = NULL;
		}
		e->documents = (uint16_t)(j.documents > UINT16_MAX ? UINT16_MAX : j.documents);
		r->finished++;
		r->documents += j.documents;
		if (e->status == ST_FAILED)
			r->failed++;
		if (r->o->progress)
			r->o->progress(r->o->progress_ctx, r->finished, r->n, r->failed);
		pthread_mutex_unlock(&r->lock);
		/* keep the buffer from pinning a rare huge document's memory */
		if (bytes.cap > 4u * 1024 * 1024)
			buf_free(&bytes);
	}
	buf_free(&bytes);
	return NULL;
}

/* nftw callback: remove temp files an interrupted run left behind (only those no live
 * process holds; called with OUTDIR's lock held). */
static int remove_stale(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)st;
	if (flag == FTW_F && strncmp(base, ATOMIC_TMP_PREFIX, strlen(ATOMIC_TMP_PREFIX)) == 0)
		atomic_remove_if_stale(path);
	return 0;
}

static const char *status_name(enum entry_status s)
{
	switch (s) {
	case ST_DONE: return "done";
	case ST_SKIPPED: return "skipped";
	case ST_FAILED: return "failed";
	default: return "not-processed";
	}
}

/* Write b to f once it holds at least 64 KiB (all of it when last), then empty it. Returns PK_OK
 * or PK_EIO with err set. Keeps the report's memory small however large the cohort. */
static int flush_part(atomic_file *f, pk_buf *b, int last, pk_error *err)
{
	int rc = PK_OK;

	if (last || b->len >= 65536) {
		rc = atomic_write(f, b->data ? b->data : "", b->len, err);
		buf_reset(b);
	}
	return rc;
}

/* End a streamed file: write what b still holds and commit it, unless rc (the state so far)
 * is already a failure; on any failure nothing is left under the file's name. Returns the
 * final state. */
static int finish_stream(atomic_file *f, pk_buf *b, int rc, pk_error *err)
{
	if (rc == PK_OK)
		rc = flush_part(f, b, 1, err);
	if (rc == PK_OK)
		rc = atomic_commit(f, 0, err);
	atomic_abort(f);
	return rc;
}

/* The columns of pack-report.csv, in order; report_row() gives one row's values. To add a
 * column, add its name here and its value in report_row() (new columns go at the end). */
static const char *const report_cols[] = {
	"input", "status", "child_id", "school", "term", "documents", "reason", "stale_documents",
	"export_rows", "school_export_rejected", "removed_documents"
};
#define REPORT_NCOLS (sizeof(report_cols) / sizeof(report_cols[0]))
/* The export columns, written only when exports are merged (--attainment). */
#define REPORT_EXPORT_COL 8
#define REPORT_EXPORT_NCOLS 2

/* Append the row v (REPORT_NCOLS values) to b, without the export columns unless exports are
 * merged. */
static int put_report_row(const struct run *r, const char *const *v, pk_buf *b)
{
	const char *w[REPORT_NCOLS];
	size_t n = 0;

	for (size_t i = 0; i < REPORT_NCOLS; i++)
		if (r->o->attainment != NULL || i < REPORT_EXPORT_COL || i >= REPORT_EXPORT_COL + REPORT_EXPORT_NCOLS)
			w[n++] = v[i];
	return csvw_row(b, w, n);
}

/* How reports name a record no longer in the cohort: its path, from a manifest that kept it;
 * else (a hashed source, source_of) as gone, its documents' names giving its child id. */
#define GONE_LABEL "(a record no longer in the cohort; its file name is not kept)"

/* The child id of a record no longer in the cohort, from its first document's name in
 * removed ("record/SCHOOL/LA-512093-2025-autumn-pep1.pdf (removed: ...); ..."): the part of the
 * file name before "-YYYY-SEASON-", when it is an id as ids are (letters, digits, '.', '_',
 * '-'); else "" (the report then names it by its documents only). */
static void gone_child_id(const char *removed, char *id, size_t size)
{
	const char *end = removed ? removed + strcspn(removed, " ;") : NULL, *base, *p;
	static const char *const seasons[] = { "autumn-", "spring-", "summer-" };

	id[0] = '\0';
	if (end == NULL)
		return;
	for (base = p = removed; p < end; p++)
		if (*p == '/')
			base = p + 1;
	for (p = base; p + 6 < end; p++) {
		size_t n = (size_t)(p - base);

		if (p[0] != '-' || !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]) ||
		    !isdigit((unsigned char)p[3]) || !isdigit((unsigned char)p[4]) || p[5] != '-')
			continue;
		for (size_t k = 0; k < PK_ARRAY_LEN(seasons); k++) {
			if (strncmp(p + 6, seasons[k], strlen(seasons[k])) != 0 || n == 0 || n >= size)
				continue;
			for (const char *c = base; c < p; c++)
				if (!isalnum((unsigned char)*c) && *c != '.' && *c != '_' && *c != '-')
					return;
			memcpy(id, base, n);
			id[n] = '\0';
			return;
		}
	}
}

/* Append the row of a record no longer in the cohort (g) to b. */
static int report_gone_row(const struct run *r, const struct gone *g, pk_buf *b)
{
	const char *v[REPORT_NCOLS];
	char *input = NULL, id[64];
	int rc;

	if (strncmp(g->source, SOURCE_PREFIX, strlen(SOURCE_PREFIX)) == 0)
		input = strdup(GONE_LABEL);
	else if (asprintf(&input, "%s/%s", r->o->cohort_dir, g->source) < 0)
		input = NULL;
	if (input == NULL)
		return PK_ENOMEM;
	for (size_t i = 0; i < REPORT_NCOLS; i++)
		v[i] = "";
	v[0] = input;
	v[1] = "removed";
	gone_child_id(g->removed, id, sizeof(id));
	v[2] = id;
	v[5] = "0";
	v[6] = g->nkept > 0 ? "record no longer in the cohort: its documents from an earlier run are obsolete; "
	       "some were not removed (see removed_documents)" :
	       "record no longer in the cohort: its documents from an earlier run were removed";
	v[10] = g->removed ? g->removed : "";
	rc = put_report_row(r, v, b);
	free(input);
	return rc;
}

/* Append entry e's row of pack-report.csv to b (every field through core/csvw). */
static int report_row(const struct run *r, const struct entry *e, pk_buf *b)
{
	char num[32], info[3][64], rows[96] = "", *input = NULL;
	const char *v[REPORT_NCOLS];
	int rc;

	snprintf(num, sizeof(num), "%d", e->documents);
	for (int k = 0; k < 3; k++)
		info_field(e, k, info[k], sizeof(info[k]));
	if (asprintf(&input, "%s/%s", r->o->cohort_dir, r->names + e->name) < 0)
		return PK_ENOMEM;
	v[0] = e->shown ? e->shown : input;   /* the input's path, as given, unless it holds the name */
	v[1] = status_name(e->status);
	v[2] = info[0];
	v[3] = info[1];
	v[4] = info[2];
	v[5] = num;
	v[6] = e->status == ST_FAILED ? (e->reason ? e->reason : REASON_LOST) :
	       e->status == ST_DONE && e->reason ? e->reason :
	       e->status == ST_SKIPPED ? (e->upn_twin > 0 && e->reason ? e->reason : "documents already up to date") :
	       e->status == ST_PENDING ? "run interrupted before this record" : "";
	v[7] = e->stale ? e->stale : "";
	v[8] = rows;
	v[9] = "";
	v[10] = e->removed ? e->removed : "";
	if (r->o->attainment != NULL) {
		/* what became of this child's export rows (intake/merge.h) */
		merge_child_info mi;

		merge_child_summary(r->o->attainment, input, &mi);
		snprintf(rows, sizeof(rows), "merged %lu, rejected %lu", mi.merged, mi.rejected);
		if (mi.school_file_rejected)
			v[9] = "yes: a file from this child's school was rejected (see merge-report.csv)";
	}
	rc = put_report_row(r, v, b);
	free(input);
	return rc;
}

/* Append s to b with control characters escaped (core/msg), for the readable summary. */
static int put_escaped(pk_buf *b, const char *fmt, const char *s)
{
	size_t n = strlen(s) * 4 + 1;
	char *esc = malloc(n);
	int rc;

	if (esc == NULL)
		return PK_ENOMEM;
	rc = buf_printf(b, fmt, msg_escape(s, esc, n));
	free(esc);
	return rc;
}

/* Write pack-report.csv and pack-summary.txt, streaming. PK_OK or PK_EIO/PK_ENOMEM with err
 * set (nothing is left under either name if it fails). */
static int write_report(const struct run *r, pack_result *res, pk_error *err)
{
	pk_buf b = PK_BUF_INIT;
	atomic_file f;
	int rc;

	snprintf(res->report_csv, sizeof(res->report_csv), "%s/pack-report.csv", r->o->out_dir);
	snprintf(res->summary_txt, sizeof(res->summary_txt), "%s/pack-summary.txt", r->o->out_dir);
	if ((rc = atomic_open(&f, res->report_csv, err)) != PK_OK)
		return rc;
	rc = put_report_row(r, report_cols, &b);
	for (long i = 0; rc == PK_OK && i < r->n; i++) {
		rc = report_row(r, &r->entries[i], &b);
		if (rc == PK_OK)
			rc = flush_part(&f, &b, 0, err);
	}
	for (long i = 0; rc == PK_OK && i < r->ngone; i++) {
		rc = report_gone_row(r, &r->gone[i], &b);
		if (rc == PK_OK)
			rc = flush_part(&f, &b, 0, err);
	}
	rc = finish_stream(&f, &b, rc, err);
	if (rc != PK_OK)
		goto out;

	if ((rc = atomic_open(&f, res->summary_txt, err)) != PK_OK)
		goto out;
	rc = put_escaped(&b, "pepkit pack report\n\ncohort: %s\n",
			 __atomic_load_n(&r->cohort_named, __ATOMIC_RELAXED) ? WITHHELD_PATH : r->o->cohort_dir);
	if (rc == PK_OK)
		rc = put_escaped(&b, "output: %s\n",
				 __atomic_load_n(&r->out_named, __ATOMIC_RELAXED) ? WITHHELD_PATH : r->o->out_dir);
	if (rc == PK_OK)
		rc = buf_printf(&b, "term: %s\n\n"
				"records: %ld\n  done: %ld\n  skipped (up to date): %ld\n  failed: %ld\n"
				"  not processed (interrupted): %ld\ndocuments written: %ld\n"
				"  made again (not as the pack wrote them: damaged or changed): %ld\n"
				"stale documents kept (their record failed this run): %ld\n"
				"obsolete documents removed (superseded, naming a school now withheld, or record gone): %ld\n"
				"obsolete documents not removed (changed since the pack wrote them): %ld\n",
				r->o->term ? r->o->term : "each record's latest",
				res->total, res->done, res->skipped, res->failed, res->not_processed,
				res->documents, res->remade, res->stale, res->removed, res->obsolete_kept);
	if (rc == PK_OK && r->o->attainment != NULL) {
		const merge_counts *m = &res->merge;

		unsigned long total = 0;

		for (int k = 0; k < MERGE_NOUTCOMES; k++)
			total += m->n[k];
		rc = buf_printf(&b, "\nattainment exports: %lu file%s, %lu rows, %lu outcomes (one per value a "
				"row holds, a wide row holds several, or per row rejected or blank; details in "
				"merge-report.csv)\n"
				"  merged: %lu\n  duplicate: %lu\n  conflict: %lu\n  held (child has a conflict): %lu\n"
				"  unmatched: %lu\n  rejected: %lu\n  superseded (a newer value won): %lu\n"
				"  blank: %lu\n  files rejected as a whole: %lu\n", m->files, m->files == 1 ? "" : "s", m->rows, total,
				m->n[MERGE_MERGED], m->n[MERGE_DUPLICATE], m->n[MERGE_CONFLICT], m->n[MERGE_HELD],
				m->n[MERGE_UNMATCHED], m->n[MERGE_REJECTED], m->n[MERGE_SUPERSEDED],
				m->n[MERGE_BLANK], m->files_rejected);
		if (rc == PK_OK && (res->failed > 0 || res->not_processed > 0))
			rc = buf_puts(&b, "  (rows for records that failed or were not processed count as unmatched)\n");
	}
	if (rc == PK_OK && res->failed > 0)
		rc = buf_puts(&b, "\nfailed:\n");
	for (long i = 0; rc == PK_OK && i < r->n; i++) {
		const struct entry *e = &r->entries[i];

		if (e->status != ST_FAILED)
			continue;
		rc = put_escaped(&b, "  %s\n", e->reason ? e->reason : REASON_LOST);
		if (rc == PK_OK && e->written != NULL)
			rc = put_escaped(&b, "    written by this run before it failed (complete): %s\n", e->written);
		if (rc == PK_OK && e->stale != NULL)
			rc = put_escaped(&b, "    stale, kept from an earlier run: %s\n", e->stale);
		if (rc == PK_OK)
			rc = flush_part(&f, &b, 0, err);
	}
	if (rc == PK_OK && res->removed + res->obsolete_kept > 0)
		rc = buf_puts(&b, "\nobsolete documents (no longer current), by record:\n");
	for (long i = 0; rc == PK_OK && i < r->n + r->ngone; i++) {
		const char *src = i < r->n ? (r->entries[i].shown ? r->entries[i].shown : r->names + r->entries[i].name) :
				  strncmp(r->gone[i - r->n].source, SOURCE_PREFIX, strlen(SOURCE_PREFIX)) == 0 ?
				  GONE_LABEL : r->gone[i - r->n].source;
		const char *list = i < r->n ? r->entries[i].removed : r->gone[i - r->n].removed;

		if (list == NULL)
			continue;
		rc = put_escaped(&b, "  %s: ", src);
		if (rc == PK_OK)
			rc = put_escaped(&b, "%s\n", list);
		if (rc == PK_OK)
			rc = flush_part(&f, &b, 0, err);
	}
	rc = finish_stream(&f, &b, rc, err);
out:
	if (rc == PK_ENOMEM)
		pk_error_set(err, PK_ENOMEM, "out of memory writing the report");
	buf_free(&b);
	return rc;
}

/* Write OUTDIR/merge-report.csv: what became of every attainment export row. PK_OK or a PK_E*
 * code with err set. */
static int write_merge_report(const pack_opts *o, pack_result *res, pk_error *err)
{
	pk_buf csv = PK_BUF_INIT;
	int rc;

	rc = merge_report(o->attainment, &res->merge, &csv, NULL, NULL);
	if (rc != PK_OK) {
		buf_free(&csv);
		return pk_error_set(err, rc, "out of memory writing the merge report");
	}
	snprintf(res->merge_csv, sizeof(res->merge_csv), "%s/merge-report.csv", o->out_dir);
	rc = atomic_write_file(res->merge_csv, csv.data ? csv.data : "", csv.len, err);
	if (rc != PK_OK)
		res->merge_csv[0] = '\0';   /* not written: never pointed to */
	buf_free(&csv);
	return rc;
}

/* One manifest entry, copied for the reconciliation at the end of a run (reconcile). */
struct known {
	char *key;            /* the output's path under OUTDIR */
	char *source;         /* the record it was made from (its name in the cohort) */
	char sha[FP_HEX_LEN + 1];
	time_t made;
	int seen;             /* MANIFEST_UNSEEN, _CONFIRMED or _WRITTEN in this run */
};

struct known_list {
	struct known *v;
	size_t n, cap;
	int oom;
};

/* manifest_each callback: copy one entry into the list (sets oom on failure). */
static void collect_known(void *ctx, const manifest_info *mi)
{
	struct known_list *l = ctx;
	struct known *k;

	if (l->oom || mi->source[0] == '\0')
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct known *nv = realloc(l->v, cap * sizeof(*nv));

		if (nv == NULL) {
			l->oom = 1;
			return;
		}
		l->v = nv;
		l->cap = cap;
	}
	k = &l->v[l->n];
	k->key = strdup(mi->key);
	k->source = strdup(mi->source);
	if (k->key == NULL || k->source == NULL) {
		free(k->key);
		free(k->source);
		l->oom = 1;
		return;
	}
	snprintf(k->sha, sizeof(k->sha), "%s", mi->sha);
	k->made = mi->made;
	k->seen = mi->seen;
	l->n++;
}

static void free_known(struct known_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].source);
	}
	free(l->v);
}

/* qsort: by source, then key. */
static int by_source_key(const void *x, const void *y)
{
	const struct known *a = x, *b = y;
	int c = strcmp(a->source, b->source);

	return c ? c : strcmp(a->key, b->key);
}

/* qsort: by_hash by source. */
static int by_hash_cmp(const void *x, const void *y)
{
	return strcmp(((const struct by_hash *)x)->source, ((const struct by_hash *)y)->source);
}

/* The index of the cohort's record whose manifest source is name (source_of(), looked up in
 * r->hashes; or, from a manifest written before sources were hashed, its file name: entries
 * are sorted by name), or -1. */
static long find_record(const struct run *r, const char *name)
{
	long lo = 0, hi = r->n;

	if (strncmp(name, SOURCE_PREFIX, strlen(SOURCE_PREFIX)) == 0) {
		struct by_hash k, *f;

		if (r->hashes == NULL || strlen(name) >= sizeof(k.source))
			return -1;
		snprintf(k.source, sizeof(k.source), "%s", name);
		f = bsearch(&k, r->hashes, (size_t)r->n, sizeof(*r->hashes), by_hash_cmp);
		return f ? f->index : -1;
	}

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;
		int c = strcmp(r->names + r->entries[mid].name, name);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Split an output key ("AUDIENCE/SCHOOL/FILE", or "SCHOOL/FILE" without audiences) into the
 * length of its audience part (the key up to its school folder, with the '/'; 0 for none), its
 * school folder (into school) and its file name. Returns 0, or -1 for any other shape. */
static int key_parts(const char *key, size_t *audlen, char *school, size_t size, const char **file)
{
	const char *f = strrchr(key, '/'), *s;

	if (f == NULL || f == key)
		return -1;
	for (s = f; s > key && s[-1] != '/'; s--)
		;
	if (s > key && memchr(key, '/', (size_t)(s - key - 1)) != NULL)
		return -1;   /* deeper than the pack writes */
	*audlen = (size_t)(s - key);
	snprintf(school, size, "%.*s", (int)(f - s), s);
	*file = f + 1;
	return 0;
}

/* If the unseen output k of a record that is done or skipped this run (child id id) is
 * superseded by an output this run made or confirmed for that record (among grp[0..n)): the
 * same audience, term, document and format (the file name after the child id), in another
 * school folder or under another child id (the placement became confidential, the school or
 * the id changed). Returns that output, or NULL. */
static const struct known *superseded_by(const struct known *k, const struct known *grp, size_t n, const char *id)
{
	char school[PATH_MAX], school2[PATH_MAX];
	const char *file, *file2;
	size_t aud, aud2, idlen = strlen(id);

	if (idlen == 0 || key_parts(k->key, &aud, school, sizeof(school), &file) != 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct known *g = &grp[i];
		size_t restlen, flen = strlen(file);

		if (g->seen == MANIFEST_UNSEEN || key_parts(g->key, &aud2, school2, sizeof(school2), &file2) != 0 ||
		    aud != aud2 || strncmp(k->key, g->key, aud) != 0 || strncmp(file2, id, idlen) != 0 ||
		    file2[idlen] != '-')
			continue;
		restlen = strlen(file2 + idlen);   /* "-TERM-DOC[-AUDIENCE].EXT" */
		if (flen > restlen && strcmp(file + flen - restlen, file2 + idlen) == 0)
			return g;
	}
	return NULL;
}

/* For output k of a record (grp[0..n) its outputs) under a school folder: the output this run
 * made or confirmed for the same reader under the withheld folder, or NULL. Such a record's
 * placement is now location-confidential for that reader, so every copy it has under a school
 * folder, of any term, tells the reader the school. */
static const struct known *withheld_now(const struct known *k, const struct known *grp, size_t n)
{
	char school[PATH_MAX], school2[PATH_MAX];
	const char *file, *file2;
	size_t aud, aud2;

	if (key_parts(k->key, &aud, school, sizeof(school), &file) != 0 ||
	    strcmp(school, REDACT_SCHOOL_ID) == 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct known *g = &grp[i];

		if (g->seen != MANIFEST_UNSEEN && key_parts(g->key, &aud2, school2, sizeof(school2), &file2) == 0 &&
		    aud == aud2 && strncmp(k->key, g->key, aud) == 0 && strcmp(school2, REDACT_SCHOOL_ID) == 0)
			return g;
	}
	return NULL;
}

/* What the reconciliation found for one record (or one record no longer in the cohort). */
struct found {
	pk_buf stale;         /* "KEY (made DATE); ..." */
	long nstale;
	pk_buf written;       /* "KEY; ...": written this run (for a failed record) */
	long nwritten;
	pk_buf removed;       /* "KEY (removed: WHY); KEY (not removed: WHY); ..." */
	long nremoved, nkept;
};

/* The joined list b as a string the caller owns (NULL if empty or out of memory); b is left
 * empty. */
static char *take_list(pk_buf *b)
{
	char *s = NULL;

	if (b->len > 0 && buf_append(b, "", 1) == PK_OK) {
		s = b->data;
		b->data = NULL;
	}
	buf_free(b);
	return s;
}

/* The obsolete output k (no longer current: why) is removed if it is still the file this pack
 * wrote (a regular file with the SHA-256 recorded when it was written), with the manifest
 * forgetting it; else it is kept and the reason is said. Either way it is noted in f and passed
 * to the caller's on_obsolete. Files the pack did not write, or that changed since, are never
 * removed. Logged by key only (child id, never a name). */
static void remove_obsolete(struct run *r, const struct known *k, const char *why, struct found *f)
{
	char path[PATH_MAX], got[FP_HEX_LEN + 1], kept[PATH_MAX + 64] = "";
	struct stat st;
	pk_error err;
	int removed = 0, gone;

	pk_error_clear(&err);
	if (snprintf(path, sizeof(path), "%s/%s", r->o->out_dir, k->key) >= (int)sizeof(path))
		return;
	if ((gone = lstat(path, &st)) != 0 && errno == ENOENT) {
		manifest_forget(r->manifest, k->key, &err);   /* gone already: nothing to say */
		return;
	}
	if (gone != 0)
		snprintf(kept, sizeof(kept), "cannot check it: %s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		snprintf(kept, sizeof(kept), "not a regular file");
	else if (k->sha[0] == '\0')
		snprintf(kept, sizeof(kept), "written by an older pepkit that kept no checksum; check it "
			 "and remove it by hand");
	else if (fp_sha256_file(path, got, &err) != PK_OK || strcmp(got, k->sha) != 0)
		snprintf(kept, sizeof(kept), "changed since this pack wrote it; check it and remove it by hand");
	else if (unlink(path) != 0)
		snprintf(kept, sizeof(kept), "cannot remove it: %s", strerror(errno));
	else
		removed = 1;
	if (removed) {
		char *slash;

		manifest_forget(r->manifest, k->key, &err);   /* if not, it is found gone next time */
		if ((slash = strrchr(path, '/')) != NULL) {
			*slash = '\0';
			rmdir(path);   /* the school folder, if that was its last file (else fails) */
		}
		f->nremoved++;
	} else {
		f->nkept++;
	}
	if (buf_printf(&f->removed, "%s%s (%s: %s%s%s)", f->removed.len ? "; " : "", k->key,
		       removed ? "removed" : "not removed", why, removed ? "" : "; ", kept) != PK_OK)
		buf_reset(&f->removed);
	if (r->o->on_obsolete != NULL)
		r->o->on_obsolete(r->o->obsolete_ctx, k->key, why, removed ? NULL : kept);
}

/* Reconcile one record's outputs (grp[0..n), all from one source) with what this run did.
 * e is the record's entry, or NULL when the record is no longer in the cohort. */
static void reconcile_record(struct run *r, struct entry *e, const struct known *grp, size_t n, struct found *f)
{
	char id[48], why[PATH_MAX + 64], school[PATH_MAX];

	if (e != NULL)
		info_field(e, 0, id, sizeof(id));
	for (size_t i = 0; i < n; i++) {
		const struct known *k = &grp[i], *by;

		if (e == NULL) {
			remove_obsolete(r, k, "record no longer in the cohort", f);
		} else if (e->status == ST_FAILED && k->seen == MANIFEST_WRITTEN) {
			if (buf_printf(&f->written, "%s%s", f->nwritten ? "; " : "", k->key) == PK_OK)
				f->nwritten++;
		} else if (e->status == ST_FAILED && k->seen == MANIFEST_UNSEEN) {
			struct tm tm;
			char when[32] = "unknown";

			if (gmtime_r(&k->made, &tm) != NULL)
				strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
			if (buf_printf(&f->stale, "%s%s (made %s)", f->nstale ? "; " : "", k->key, when) == PK_OK)
				f->nstale++;
		} else if ((e->status == ST_DONE || e->status == ST_SKIPPED) && k->seen == MANIFEST_UNSEEN &&
			   (by = superseded_by(k, grp, n, id)) != NULL) {
			const char *file;
			size_t aud;

			if (key_parts(by->key, &aud, school, sizeof(school), &file) == 0 &&
			    strcmp(school, REDACT_SCHOOL_ID) == 0)
				snprintf(why, sizeof(why), "superseded by withheld copy '%s'", by->key);
			else
				snprintf(why, sizeof(why), "superseded by '%s'", by->key);
			remove_obsolete(r, k, why, f);
		} else if ((e->status == ST_DONE || e->status == ST_SKIPPED) && k->seen == MANIFEST_UNSEEN &&
			   (by = withheld_now(k, grp, n)) != NULL) {
			snprintf(why, sizeof(why), "names the school of a placement now location-confidential "
				 "for this reader (see '%s')", by->key);
			remove_obsolete(r, k, why, f);
		}
		/* else: current, or not made by this run's options (another document type, format or
		 * audience), or its record was not processed (interrupted): left as it is */
	}
}

/* At the end of a run, go through every output the manifest knows once (linear in the
 * manifest, plus a sort):
 *   - a failed record's outputs that this run did not write are kept, listed as stale (with
 *     when they were made); those this run wrote before it failed are listed as such;
 *   - an output of a record that is done or skipped, superseded by one this run made or
 *     confirmed (the same document under another school folder or child id), or under a school
 *     folder while this run made or confirmed that reader's copy under the withheld folder (the
 *     placement became location-confidential: copies of earlier terms name the school too),
 *     and every output of a record no longer in the cohort, is obsolete: removed if it is still the file this
 *     pack wrote (remove_obsolete), else kept and said;
 *   - outputs of records not processed (interrupted) and those of other options are left.
 * Fills the entries' stale/written/removed lists, r->gone (records no longer in the cohort)
 * and res's counts. PK_OK or PK_ENOMEM with err (nothing removed then). */
static int reconcile(struct run *r, pack_result *res, pk_error *err)
{
	struct known_list l = { NULL, 0, 0, 0 };
	int rc = PK_OK;

	manifest_each(r->manifest, collect_known, &l);
	if (l.oom) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory reading the manifest");
		goto out;
	}
	free(r->hashes);
	if ((r->hashes = malloc((size_t)(r->n ? r->n : 1) * sizeof(*r->hashes))) == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (long i = 0; i < r->n; i++) {
		r->hashes[i].index = i;
		if (source_of(r->names + r->entries[i].name, r->hashes[i].source) != PK_OK) {
			rc = pk_error_set(err, PK_EINTERNAL, "cannot hash the cohort's file names: %s", fp_why_not());
			goto out;
		}
	}
	if (r->n > 1)
		qsort(r->hashes, (size_t)r->n, sizeof(*r->hashes), by_hash_cmp);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), by_source_key);
	for (size_t i = 0, j; i < l.n; i = j) {
		struct found f = { PK_BUF_INIT, 0, PK_BUF_INIT, 0, PK_BUF_INIT, 0, 0 };
		long idx = find_record(r, l.v[i].source);
		struct entry *e = idx >= 0 ? &r->entries[idx] : NULL;

		for (j = i + 1; j < l.n && strcmp(l.v[j].source, l.v[i].source) == 0; j++)
			;
		reconcile_record(r, e, &l.v[i], j - i, &f);
		res->stale += f.nstale;
		res->removed += f.nremoved;
		res->obsolete_kept += f.nkept;
		if (e != NULL) {
			e->stale = take_list(&f.stale);
			e->written = take_list(&f.written);
			e->removed = take_list(&f.removed);
		} else if (f.nremoved + f.nkept > 0) {
			struct gone *g = r->gone;

			if (r->ngone == r->gonecap) {   /* doubling: linear however many are gone */
				g = realloc(r->gone, (size_t)(r->gonecap ? 2 * r->gonecap : 16) * sizeof(*g));
				if (g != NULL) {
					r->gone = g;
					r->gonecap = r->gonecap ? 2 * r->gonecap : 16;
				}
			}
			if (g != NULL) {   /* else (out of memory) the record's row is left out */
				g = &r->gone[r->ngone];
				g->source = strdup(l.v[i].source);
				g->removed = take_list(&f.removed);
				g->nremoved = f.nremoved;
				g->nkept = f.nkept;
				if (g->source != NULL)
					r->ngone++;
				else
					free(g->removed);
			}
		}
		buf_free(&f.stale);
		buf_free(&f.written);
		buf_free(&f.removed);
	}
out:
	free_known(&l);
	return rc;
}

/* Check that OUTDIR takes a file before any rendering: a temp file with 64 KiB, synced, then
 * removed. PK_OK or PK_EIO with err. */
static int check_writable(const char *dir, pk_error *err)
{
	static const char zeros[65536];
	char probe[PATH_MAX];
	atomic_file f;
	int rc;

	snprintf(probe, sizeof(probe), "%s/.pepkit-probe", dir);
	if ((rc = atomic_open(&f, probe, err)) == PK_OK && (rc = atomic_write(&f, zeros, sizeof(zeros), err)) == PK_OK &&
	    fsync(f.fd) != 0)
		rc = pk_error_set(err, PK_EIO, "cannot write '%s': %s", probe, strerror(errno));
	atomic_abort(&f);
	if (rc != PK_OK) {
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err->msg);
		return pk_error_set(err, PK_EIO, "output folder '%s' is not writable (%s); nothing was rendered",
				    dir, why);
	}
	return PK_OK;
}

/* Move the previous run's reports aside (NAME -> NAME with ".previous" before the extension),
 * so that a report in OUTDIR is always this run's: --qa's three too (a run without --qa must
 * not leave an earlier run's ratings and dashboard beside its own report). PK_OK or PK_EIO with
 * err. */
static int move_reports_aside(const char *dir, pk_error *err)
{
	static const char *const names[][2] = {
		{ "pack-report.csv", "pack-report.previous.csv" },
		{ "pack-summary.txt", "pack-summary.previous.txt" },
		{ "merge-report.csv", "merge-report.previous.csv" },
		{ "qa-report.csv", "qa-report.previous.csv" },
		{ "pp-plus.csv", "pp-plus.previous.csv" },
		{ "dashboard.html", "dashboard.previous.html" },
	};
	char from[PATH_MAX], to[PATH_MAX];

	for (size_t i = 0; i < PK_ARRAY_LEN(names); i++) {
		snprintf(from, sizeof(from), "%s/%s", dir, names[i][0]);
		snprintf(to, sizeof(to), "%s/%s", dir, names[i][1]);
		if (rename(from, to) != 0 && errno != ENOENT)
			return pk_error_set(err, PK_EIO, "cannot move the previous report '%s' aside: %s", from,
					    strerror(errno));
	}
	return atomic_sync_dir(dir, err);
}

/* With --records-out: take RECORDS_DIR's lock too (created if need be), as merge does, so no
 * other run writes there meanwhile (the same folder as OUTDIR is already held: *out stays
 * NULL), then remove the temp files a killed run left there (holding the lock). PK_OK, or
 * PK_EBUSY/PK_EIO with err. */
static int lock_records_dir(const pack_opts *o, pk_lock **out, pk_error *err)
{
	struct stat a, b;
	int rc;

	*out = NULL;
	if ((rc = atomic_mkdirs(o->records_dir, err)) != PK_OK)
		return rc;
	if (stat(o->out_dir, &a) == 0 && stat(o->records_dir, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino)
		return PK_OK;   /* OUTDIR itself: held, and cleaned */
	if ((rc = lock_acquire(o->records_dir, 0, out, err)) != PK_OK) {
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err->msg);
		return pk_error_set(err, rc, "--records-out: %s; nothing was rendered", why);
	}
	nftw(o->records_dir, remove_stale, 16, FTW_PHYS);
	return PK_OK;
}

/* The run's fingerprint: the pipeline's, and the options that shape every document. */
static void run_fp(struct run *r)
{
	fp_ctx *c = fp_new();

	r->run_fp[0] = '\0';
	if (c == NULL)
		return;
	fp_add_field(c, "pipeline", pipeline_fingerprint(r->p));
	fp_add_field(c, "term-option", r->o->term);
	fp_add_field(c, "full-copy", r->o->full_copy ? "yes" : "no");
	fp_add_field(c, "attainment", r->o->attainment ? "yes" : "no");
	fp_final(c, r->run_fp);
	fp_free(c);
}

/* Run the workers over every entry (one pass). */
static void run_pass(struct run *r, int nthreads)
{
	pthread_t tids[64];
	int started = 0;

	r->next = 0;
	for (int i = 0; i < nthreads && i < (int)PK_ARRAY_LEN(tids); i++) {
		if (pthread_create(&tids[i], NULL, worker, r) != 0)
			break;
		started++;
	}
	if (started == 0)
		worker(r);   /* no thread could start: do the work here */
	for (int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
}

int pack_run(const pipeline *p, const pack_opts *o, pack_result *res, pk_error *err)
{
	struct run r;
	pk_lock *lock = NULL, *rlock = NULL;
	int nthreads = o->threads, rc, mutex = 0;

	memset(res, 0, sizeof(*res));
	if (pipeline_fingerprint(p)[0] == '\0')   /* see pipeline_fingerprints() */
		return pk_error_set(err, PK_EINTERNAL, "pack_run: the pipeline has no fingerprints");
	memset(&r, 0, sizeof(r));
	r.p = p;
	r.o = o;
	if ((rc = list_cohort(&r, o->cohort_dir, err)) != PK_OK)
		return rc;
	if (r.n == 0) {
		rc = pk_error_set(err, PK_EINVAL, "no records (*.xml) in cohort folder '%s'%s; nothing to do",
				  o->cohort_dir, o->recursive ? " or its subfolders" : " (use --recursive for "
				  "records in subfolders)");
		goto out;
	}
	if ((rc = atomic_mkdirs(o->out_dir, err)) != PK_OK)
		goto out;
	/* one run at a time per output folder: the lock first, then (holding it) the clean-up */
	if ((rc = lock_acquire(o->out_dir, 0, &lock, err)) != PK_OK)
		goto out;
	nftw(o->out_dir, remove_stale, 16, FTW_PHYS);
	if (o->records_dir != NULL && (rc = lock_records_dir(o, &rlock, err)) != PK_OK)
		goto out;
	if ((rc = check_writable(o->out_dir, err)) != PK_OK || (rc = move_reports_aside(o->out_dir, err)) != PK_OK)
		goto out;
	if ((rc = manifest_open(o->out_dir, PACK_MANIFEST, &r.manifest, err)) != PK_OK)
		goto out;
	run_fp(&r);
	for (r.nids = 16; r.nids < 2 * (size_t)r.n; r.nids *= 2)
		;
	r.ids = calloc(r.nids, sizeof(*r.ids));
	if (r.ids == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	pthread_mutex_init(&r.lock, NULL);
	mutex = 1;
	if (nthreads <= 0)
		/* two per core: every document ends in an fsync, and a worker waiting on the disk
		 * leaves its core to another (measured: DOCX 930 -> 1,090 docs/s on 2 cores) */
		nthreads = 2 * (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > 64)
		nthreads = 64;
	if (nthreads > r.n)
		nthreads = (int)r.n;
	r.scanning = 1;   /* first pass: child ids, so two records of one child both fail */
	run_pass(&r, nthreads);
	fail_duplicates(&r);
	r.scanning = 0;
	run_pass(&r, nthreads);

	res->total = r.n;
	res->documents = r.documents;
	for (long i = 0; i < r.n; i++) {
		switch (r.entries[i].status) {
		case ST_DONE: res->done++; break;
		case ST_SKIPPED: res->skipped++; break;
		case ST_FAILED: res->failed++; break;
		default: res->not_processed++; break;
		}
	}
	res->remade = r.remade;
	/* stale, written-before-failing and obsolete outputs: before the sync and the manifest's
	 * save, so a removal is synced and forgotten with the rest */
	if ((rc = reconcile(&r, res, err)) != PK_OK)
		goto out;
	res->accounted = 1;
	/* every failure reaches the caller (stderr) whether or not the report can be written */
	for (long i = 0; o->on_failure != NULL && i < r.n; i++)
		if (r.entries[i].status == ST_FAILED)
			o->on_failure(o->failure_ctx, r.entries[i].reason ? r.entries[i].reason : REASON_LOST,
				      r.entries[i].stale);
	/* documents were renamed into place without syncing their folders: sync them all once
	 * before the manifest and the report say they are done */
	rc = atomic_sync_tree(o->out_dir, err);
	if (rc == PK_OK && o->records_dir != NULL)
		rc = atomic_sync_tree(o->records_dir, err);
	if (rc == PK_OK)
		rc = manifest_save(r.manifest, err);
	if (rc == PK_OK && o->attainment != NULL)
		rc = write_merge_report(o, res, err);
	if (rc == PK_OK && (rc = write_report(&r, res, err)) != PK_OK)
		res->report_csv[0] = res->summary_txt[0] = '\0';   /* not written: never pointed to */
out:
	if (mutex)
		pthread_mutex_destroy(&r.lock);
	manifest_free(r.manifest);
	lock_release(rlock);
	lock_release(lock);
	free(r.ids);
	free_entries(&r);
	return rc;
}

void pack_print_summary(const pack_result *res, const char *out_dir, void *fp)
{
	FILE *f = fp;
	char esc[4 * PATH_MAX], esc2[4 * PATH_MAX];

	fprintf(f, "pepkit: pack: %ld record%s: %ld done, %ld skipped (up to date), %ld failed",
		res->total, res->total == 1 ? "" : "s", res->done, res->skipped, res->failed);
	if (res->not_processed > 0)
		fprintf(f, ", %ld not processed (interrupted)", res->not_processed);
	fprintf(f, "; %ld document%s written to '%s'\n", res->documents, res->documents == 1 ? "" : "s",
		msg_escape(out_dir, esc, sizeof(esc)));
	if (res->stale > 0)
		fprintf(f, "pepkit: pack: %ld stale document%s kept from an earlier run (their record failed "
			"this run; listed with the failures)\n", res->stale, res->stale == 1 ? "" : "s");
	if (res->remade > 0)
		fprintf(f, "pepkit: pack: %ld document%s made again: not as the pack wrote %s (damaged, "
			"truncated or changed since)\n", res->remade, res->remade == 1 ? "" : "s",
			res->remade == 1 ? "it" : "them");
	if (res->removed > 0)
		fprintf(f, "pepkit: pack: %ld obsolete document%s of an earlier run removed (superseded, or "
			"their record is no longer in the cohort; listed in the report)\n", res->removed,
			res->removed == 1 ? "" : "s");
	if (res->obsolete_kept > 0)
		fprintf(f, "pepkit: pack: %ld obsolete document%s not removed: changed since the pack wrote "
			"%s (listed in the report; check and remove by hand)\n", res->obsolete_kept,
			res->obsolete_kept == 1 ? "" : "s", res->obsolete_kept == 1 ? "it" : "them");
	if (res->merge_csv[0] != '\0') {
		const merge_counts *m = &res->merge;

		unsigned long total = 0;

		for (int k = 0; k < MERGE_NOUTCOMES; k++)
			total += m->n[k];
		fprintf(f, "pepkit: pack: attainment: %lu rows, %lu outcomes (one per value or per row "
			"rejected or blank): %lu merged, %lu duplicate, %lu conflict, %lu held, %lu unmatched, "
			"%lu rejected, %lu superseded, %lu blank; details in '%s'\n", m->rows, total,
			m->n[MERGE_MERGED], m->n[MERGE_DUPLICATE], m->n[MERGE_CONFLICT], m->n[MERGE_HELD],
			m->n[MERGE_UNMATCHED], m->n[MERGE_REJECTED], m->n[MERGE_SUPERSEDED], m->n[MERGE_BLANK],
			msg_escape(res->merge_csv, esc, sizeof(esc)));
	}
	if (res->report_csv[0] != '\0')
		fprintf(f, "pepkit: pack: report in '%s' and '%s'\n", msg_escape(res->report_csv, esc, sizeof(esc)),
			msg_escape(res->summary_txt, esc2, sizeof(esc2)));
}
