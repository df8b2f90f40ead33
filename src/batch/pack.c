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
#include "core/msg.h"

#include <dirent.h>
#include <errno.h>
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

/* One input record and what became of it, kept for the report: small, since there is one per
 * record of the cohort (peak memory must not grow with the cohort). */
struct entry {
	uint32_t name;        /* offset of the file name in run.names */
	uint8_t status;       /* enum entry_status */
	uint16_t documents;
	char *info;           /* "CHILD_ID\tSCHOOL\tTERM" once known, else NULL */
	char *reason;         /* for ST_FAILED: the error message; for ST_DONE: a warning or NULL */
};

/* The record one worker is on: its working state, on that worker's stack. */
struct job {
	long index;           /* into run.entries */
	char file[PATH_MAX];  /* COHORT_DIR/NAME */
	int documents;
	char child_id[48];
	char school[48];
	char term[24];
	char warn[512];       /* a character of free text no font has (pipeline_check_text), or "" */
};

/* State shared by the workers. */
struct run {
	const pipeline *p;
	const pack_opts *o;
	char *names;           /* the cohort's file names, NUL-separated */
	struct entry *entries;
	long n;
	long next;             /* next entry to hand out (under lock) */
	long finished, failed;
	long documents;
	pthread_mutex_t lock;
	uint32_t *ids;         /* open-addressing table of entry index + 1, by child id */
	size_t nids;           /* its size, a power of two >= 2n */
};

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

/* Only *.xml files that are not hidden. */
static int is_record_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

/* qsort_r comparison of two name offsets into the names buffer (byte order, like the C
 * locale's alphasort). */
static int by_name(const void *x, const void *y, void *names)
{
	return strcmp((const char *)names + ((const struct entry *)x)->name,
		      (const char *)names + ((const struct entry *)y)->name);
}

/* List the cohort's records, sorted by name, into r->names and r->entries (compact: one
 * buffer of names, one small entry each). Returns PK_OK, or PK_EIO/PK_ENOMEM with err set. */
static int list_cohort(struct run *r, const char *dir, pk_error *err)
{
	pk_buf names = PK_BUF_INIT;
	struct entry *e = NULL;
	size_t cap = 0;
	long n = 0;
	struct dirent *d;
	DIR *dp = opendir(dir);
	int rc = PK_OK;

	if (dp == NULL)
		return pk_error_set(err, PK_EIO, "cannot read cohort folder '%s': %s", dir, strerror(errno));
	while (rc == PK_OK && (d = readdir(dp)) != NULL) {
		if (!is_record_name(d->d_name))
			continue;
		if ((size_t)n == cap) {
			struct entry *ne = realloc(e, (cap = cap ? cap * 2 : 256) * sizeof(*e));

			if (ne == NULL) {
				rc = PK_ENOMEM;
				break;
			}
			e = ne;
		}
		if (names.len > UINT32_MAX - 4096) {
			rc = pk_error_set(err, PK_ELIMIT, "cohort folder '%s': too many records", dir);
			break;
		}
		memset(&e[n], 0, sizeof(e[n]));
		e[n].name = (uint32_t)names.len;
		rc = buf_append(&names, d->d_name, strlen(d->d_name) + 1);
		n++;
	}
	closedir(dp);
	if (rc == PK_ENOMEM)
		pk_error_set(err, PK_ENOMEM, "out of memory listing '%s'", dir);
	if (rc != PK_OK) {
		buf_free(&names);
		free(e);
		return rc;
	}
	if (n > 1)
		qsort_r(e, (size_t)n, sizeof(*e), by_name, names.data);
	r->names = names.data;
	r->entries = e;
	r->n = n;
	return PK_OK;
}

static void free_entries(struct run *r)
{
	for (long i = 0; r->entries && i < r->n; i++) {
		free(r->entries[i].info);
		free(r->entries[i].reason);
	}
	free(r->entries);
	free(r->names);
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
	if (aud != NULL)
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

/* 1 if every output of e exists and is at least as new as the record and the other inputs
 * (mtime); schools[ai] is the school folder for audience pass ai. */
static int up_to_date(const struct run *r, const struct job *e, char schools[][48],
		      const struct stat *record)
{
	char path[PATH_MAX];
	struct stat st, newest = *record;
	const struct stat *rec = &newest;
	int na = audience_count(r->p);

	if (r->o->inputs_mtime.tv_sec > newest.st_mtim.tv_sec ||
	    (r->o->inputs_mtime.tv_sec == newest.st_mtim.tv_sec &&
	     r->o->inputs_mtime.tv_nsec > newest.st_mtim.tv_nsec))
		newest.st_mtim = r->o->inputs_mtime;

	for (int ai = 0; ai < na; ai++) {
		int a = pipeline_naudiences(r->p) > 0 ? ai : -1;

		for (int d = 0; d < pipeline_ndocs(r->p); d++) {
			for (int f = PIPELINE_PDF; f <= PIPELINE_DOCX; f <<= 1) {
				if (!(r->o->formats & f))
					continue;
				if (output_path(path, sizeof(path), r, e, schools[ai], a, d, f) != PK_OK ||
				    stat(path, &st) != 0 || st.st_mtim.tv_sec < rec->st_mtim.tv_sec ||
				    (st.st_mtim.tv_sec == rec->st_mtim.tv_sec &&
				     st.st_mtim.tv_nsec < rec->st_mtim.tv_nsec))
					return 0;
			}
		}
	}
	return 1;
}

/* FNV-1a hash of a child id. */
static uint32_t id_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Claim j's child id for this run and record what is known of the record in its entry; a
 * second record for the same child fails. Returns PK_OK, or PK_EINVAL with err naming the
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
		    strncmp(r->entries[other - 1].info, j->child_id, len) == 0 &&
		    r->entries[other - 1].info[len] == '\t') {
			rc = pk_error_set(err, PK_EINVAL, "'%s': child id '%s' is also in '%s/%s'", j->file,
					  j->child_id, r->o->cohort_dir, r->names + r->entries[other - 1].name);
			break;
		}
	}
	if (rc == PK_OK) {
		e->info = info;
		info = NULL;
	}
	pthread_mutex_unlock(&r->lock);
	free(info);
	return rc;
}

/* Write bytes to path, creating its folder first; the folder is synced once at the end of the
 * run (atomic_sync_tree). PK_OK or PK_EIO with err set. */
static int write_output(const char *path, const pk_buf *bytes, pk_error *err)
{
	char dir[PATH_MAX];
	char *slash;
	int rc;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		if ((rc = atomic_mkdirs(dir, err)) != PK_OK)
			return rc;
	}
	return atomic_write_file_ex(path, bytes->data, bytes->len, ATOMIC_DEFER_DIRSYNC, err);
}

/*
 * Produce every document for one record. Each audience pass first redacts the record; the
 * school folder is read from the record as that audience sees it, so a school withheld from a
 * reader (a confidential placement) never appears in that reader's paths ("school-withheld").
 * Returns ST_DONE or ST_SKIPPED, or a (negative) PK_E* code with err set; documents already
 * written for the record stay (each one is complete).
 */
static int process(struct run *r, struct job *e, pk_buf *bytes, pk_error *err)
{
	xmlDocPtr rec = NULL, ir = NULL, seen[PIPELINE_MAX_AUDIENCES];
	redact_log logs[PIPELINE_MAX_AUDIENCES];
	char schools[PIPELINE_MAX_AUDIENCES][48];
	char path[PATH_MAX], audc[64];
	struct stat st;
	int rc, na = audience_count(r->p), nseen = 0;

	if (stat(e->file, &st) != 0)
		return pk_error_set(err, PK_EIO, "cannot read '%s': %s", e->file, strerror(errno));
	rec = pipeline_load_record(r->p, e->file, err);
	if (rec == NULL)
		return err->code;
	if (r->o->attainment != NULL) {
		rc = merge_apply(r->o->attainment, rec, e->file, err);
		if (rc == MERGE_APPLY_HELD) {
			rc = pk_error_set(err, PK_EINVAL, "'%s': the attainment exports disagree about this "
					  "child (a conflict): see merge-report.csv, resolve it and run again",
					  e->file);
			goto out;
		}
		if (rc < 0)
			goto out;
		if (rc == MERGE_APPLY_CHANGED && (rc = pipeline_check_record(r->p, rec, e->file, err)) != PK_OK)
			goto out;
	}
	if ((rc = pipeline_check_text(rec, e->file, e->warn, sizeof(e->warn), err)) != PK_OK)
		goto out;
	if (pipeline_xpath_string(rec, "string(/pep-record/child/la-child-id)", path, sizeof(path)) != PK_OK) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': no child id", e->file);
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
			rc = pk_error_set(err, PK_EINVAL, "'%s': the record has no term '%s'", e->file, r->o->term);
			goto out;
		}
	} else if (pipeline_xpath_string(rec, "string(/pep-record/terms/term[last()]/@id)", path, sizeof(path)) != PK_OK) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': the record has no term", e->file);
		goto out;
	}
	safe_component(e->term, sizeof(e->term), path);
	if ((rc = claim_child(r, e, err)) != PK_OK)
		goto out;
	for (int ai = 0; ai < na; ai++) {
		int a = pipeline_naudiences(r->p) > 0 ? ai : -1;

		if ((rc = pipeline_redact(r->p, rec, a, &seen[ai], &logs[ai], err)) != PK_OK)
			goto out;
		nseen = ai + 1;
		if (seen[ai] == rec) {
			snprintf(schools[ai], sizeof(schools[ai]), "%s", e->school);
		} else {
			if (pipeline_xpath_string(seen[ai], "string(/pep-record/child/school/@id)", path,
						  sizeof(path)) != PK_OK)
				snprintf(path, sizeof(path), "school-withheld");
			safe_component(schools[ai], sizeof(schools[ai]), path);
		}
	}
	if (!r->o->force && up_to_date(r, e, schools, &st)) {
		rc = ST_SKIPPED;
		goto out;
	}
	for (int ai = 0; ai < na; ai++) {
		int a = pipeline_naudiences(r->p) > 0 ? ai : -1;

		for (int d = 0; d < pipeline_ndocs(r->p); d++) {
			ir = pipeline_transform(r->p, seen[ai], e->file, d, e->term, a, err);
			if (ir == NULL) {
				rc = err->code;
				goto out;
			}
			for (int f = PIPELINE_PDF; f <= PIPELINE_DOCX; f <<= 1) {
				if (!(r->o->formats & f))
					continue;
				buf_reset(bytes);
				if ((rc = pipeline_render(ir, f, bytes, NULL, err)) != PK_OK)
					goto out;
				if ((rc = output_path(path, sizeof(path), r, e, schools[ai], a, d, f)) != PK_OK) {
					pk_error_set(err, rc, "'%s': output path too long", e->file);
					goto out;
				}
				if ((rc = write_output(path, bytes, err)) != PK_OK)
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
				rc = pk_error_set(err, PK_EIO, "'%s': output path too long", e->file);
				goto out;
			}
			if ((rc = write_output(path, bytes, err)) != PK_OK)
				goto out;
		}
	}
	rc = ST_DONE;
out:
	xmlFreeDoc(ir);
	for (int i = 0; i < nseen; i++)
		if (seen[i] != rec)
			xmlFreeDoc(seen[i]);
	xmlFreeDoc(rec);
	return rc;
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
		pk_error_clear(&err);
		rc = process(r, &j, &bytes, &err);
		pthread_mutex_lock(&r->lock);
		if (rc == ST_DONE || rc == ST_SKIPPED) {
			e->status = (uint8_t)rc;
			if (rc == ST_DONE && j.warn[0])
				e->reason = strdup(j.warn);   /* NULL when out of memory: no warning shown */
		} else {
			e->status = ST_FAILED;
			e->reason = strdup(err.msg[0] ? err.msg : "unknown error");
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

/* nftw callback: remove temp files an interrupted run left behind. */
static int remove_stale(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)st;
	if (flag == FTW_F && strncmp(base, ATOMIC_TMP_PREFIX, strlen(ATOMIC_TMP_PREFIX)) == 0)
		unlink(path);
	return 0;
}

/* Append s to b as one CSV field (quoted when it holds a comma, quote or line break). */
static int csv_field(pk_buf *b, const char *s, int last)
{
	int rc = PK_OK;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		rc = buf_puts(b, s);
	} else {
		rc = buf_puts(b, "\"");
		for (; rc == PK_OK && *s; s++)
			rc = *s == '"' ? buf_puts(b, "\"\"") : buf_append(b, s, 1);
		if (rc == PK_OK)
			rc = buf_puts(b, "\"");
	}
	return rc == PK_OK ? buf_puts(b, last ? "\r\n" : ",") : rc;
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

/* Write pack-report.csv and pack-summary.txt, streaming. PK_OK or PK_EIO/PK_ENOMEM with err
 * set (nothing is left under either name if it fails). */
static int write_report(const struct run *r, pack_result *res, pk_error *err)
{
	pk_buf b = PK_BUF_INIT;
	atomic_file f;
	char num[32], field[64];
	int rc;

	snprintf(res->report_csv, sizeof(res->report_csv), "%s/pack-report.csv", r->o->out_dir);
	snprintf(res->summary_txt, sizeof(res->summary_txt), "%s/pack-summary.txt", r->o->out_dir);
	if ((rc = atomic_open(&f, res->report_csv, err)) != PK_OK)
		return rc;
	rc = buf_puts(&b, "input,status,child_id,school,term,documents,reason\r\n");
	for (long i = 0; rc == PK_OK && i < r->n; i++) {
		const struct entry *e = &r->entries[i];

		snprintf(num, sizeof(num), "%d", e->documents);
		rc = buf_printf(&b, "%s/", r->o->cohort_dir);   /* the input's path, as given */
		if (rc == PK_OK) rc = csv_field(&b, r->names + e->name, 0);
		if (rc == PK_OK) rc = csv_field(&b, status_name(e->status), 0);
		for (int k = 0; k < 3 && rc == PK_OK; k++) {
			info_field(e, k, field, sizeof(field));
			rc = csv_field(&b, field, 0);
		}
		if (rc == PK_OK) rc = csv_field(&b, num, 0);
		if (rc == PK_OK)
			rc = csv_field(&b, e->status == ST_FAILED ? e->reason :
				       e->status == ST_DONE && e->reason ? e->reason :
				       e->status == ST_SKIPPED ? "documents already up to date" :
				       e->status == ST_PENDING ? "run interrupted before this record" : "", 1);
		if (rc == PK_OK)
			rc = flush_part(&f, &b, 0, err);
	}
	rc = finish_stream(&f, &b, rc, err);
	if (rc != PK_OK)
		goto out;

	if ((rc = atomic_open(&f, res->summary_txt, err)) != PK_OK)
		goto out;
	rc = buf_printf(&b, "pepkit pack report\n\ncohort: %s\noutput: %s\nterm: %s\n\n"
			"records: %ld\n  done: %ld\n  skipped (up to date): %ld\n  failed: %ld\n"
			"  not processed (interrupted): %ld\ndocuments written: %ld\n",
			r->o->cohort_dir, r->o->out_dir, r->o->term ? r->o->term : "each record's latest",
			res->total, res->done, res->skipped, res->failed, res->not_processed,
			res->documents);
	if (rc == PK_OK && r->o->attainment != NULL) {
		const merge_counts *m = &res->merge;

		rc = buf_printf(&b, "\nattainment exports: %lu file%s, %lu rows (details in merge-report.csv)\n"
				"  merged: %lu\n  duplicate: %lu\n  conflict: %lu\n  held (child has a conflict): %lu\n"
				"  unmatched: %lu\n  rejected: %lu\n", m->files, m->files == 1 ? "" : "s", m->rows,
				m->n[MERGE_MERGED], m->n[MERGE_DUPLICATE], m->n[MERGE_CONFLICT], m->n[MERGE_HELD],
				m->n[MERGE_UNMATCHED], m->n[MERGE_REJECTED]);
		if (rc == PK_OK && (res->failed > 0 || res->not_processed > 0))
			rc = buf_puts(&b, "  (rows for records that failed or were not processed count as unmatched)\n");
	}
	if (rc == PK_OK && res->failed > 0)
		rc = buf_puts(&b, "\nfailed:\n");
	for (long i = 0; rc == PK_OK && i < r->n; i++)
		if (r->entries[i].status == ST_FAILED && (rc = buf_printf(&b, "  %s\n", r->entries[i].reason)) == PK_OK)
			rc = flush_part(&f, &b, 0, err);
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
	buf_free(&csv);
	return rc;
}

int pack_run(const pipeline *p, const pack_opts *o, pack_result *res, pk_error *err)
{
	struct run r;
	pthread_t tids[64];
	int nthreads = o->threads, started = 0, rc;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.p = p;
	r.o = o;
	if ((rc = list_cohort(&r, o->cohort_dir, err)) != PK_OK)
		return rc;
	if ((rc = atomic_mkdirs(o->out_dir, err)) != PK_OK)
		goto out;
	nftw(o->out_dir, remove_stale, 16, FTW_PHYS);
	for (r.nids = 16; r.nids < 2 * (size_t)r.n; r.nids *= 2)
		;
	r.ids = calloc(r.nids, sizeof(*r.ids));
	if (r.ids == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	pthread_mutex_init(&r.lock, NULL);
	if (nthreads <= 0)
		/* two per core: every document ends in an fsync, and a worker waiting on the disk
		 * leaves its core to another (measured: DOCX 930 -> 1,090 docs/s on 2 cores) */
		nthreads = 2 * (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > (int)PK_ARRAY_LEN(tids))
		nthreads = (int)PK_ARRAY_LEN(tids);
	if (nthreads > r.n)
		nthreads = r.n > 0 ? (int)r.n : 1;
	for (int i = 0; i < nthreads; i++) {
		if (pthread_create(&tids[i], NULL, worker, &r) != 0)
			break;
		started++;
	}
	if (started == 0)
		worker(&r);   /* no thread could start: do the work here */
	for (int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	pthread_mutex_destroy(&r.lock);

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
	/* documents were renamed into place without syncing their folders: sync them all once
	 * before the report says they are done */
	rc = atomic_sync_tree(o->out_dir, err);
	if (rc == PK_OK && o->attainment != NULL)
		rc = write_merge_report(o, res, err);
	if (rc == PK_OK)
		rc = write_report(&r, res, err);
out:
	free(r.ids);
	free_entries(&r);
	return rc;
}

void pack_print_summary(const pack_result *res, const char *out_dir, void *fp)
{
	FILE *f = fp;

	fprintf(f, "pepkit: pack: %ld record%s: %ld done, %ld skipped (up to date), %ld failed",
		res->total, res->total == 1 ? "" : "s", res->done, res->skipped, res->failed);
	if (res->not_processed > 0)
		fprintf(f, ", %ld not processed (interrupted)", res->not_processed);
	fprintf(f, "; %ld document%s written to '%s'\n", res->documents, res->documents == 1 ? "" : "s",
		out_dir);
	if (res->merge_csv[0] != '\0') {
		const merge_counts *m = &res->merge;

		fprintf(f, "pepkit: pack: attainment: %lu rows: %lu merged, %lu duplicate, %lu conflict, "
			"%lu held, %lu unmatched, %lu rejected; details in '%s'\n", m->rows,
			m->n[MERGE_MERGED], m->n[MERGE_DUPLICATE], m->n[MERGE_CONFLICT], m->n[MERGE_HELD],
			m->n[MERGE_UNMATCHED], m->n[MERGE_REJECTED], res->merge_csv);
	}
	fprintf(f, "pepkit: pack: report in '%s' and '%s'\n", res->report_csv, res->summary_txt);
}
