/*
 * deposit.c: records -> PDF/A-2b record copies -> the store (and WebDAV), with the run report
 * (see deposit.h). Records are handled one at a time in the calling thread: a deposit is
 * bounded by the syncs of the store (file, folder and catalogue commit per document), not by
 * rendering threads.
 */
#include "core/pepkit.h"
#include "core/msg.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/csvw.h"
#include "record/childid.h"
#include "core/xmlsafe.h"
#include "core/fingerprint.h"
#include "batch/pipeline.h"
#include "archive/deposit.h"
#include "archive/dav.h"
#include "archive/store.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_INPUTS 1000000


/* The one audience of an archival copy: the full record. */
static const char *const record_audience[] = { "record" };

/* The record files to deposit, sorted within each folder. */
struct files {
	char **v;
	size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int files_add(struct files *f, const char *path)
{
	if (f->n >= MAX_INPUTS)
		return PK_ELIMIT;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		char **v = realloc(f->v, cap * sizeof(*v));
		if (!v)
			return PK_ENOMEM;
		f->v = v;
		f->cap = cap;
	}
	if (!(f->v[f->n] = strdup(path)))
		return PK_ENOMEM;
	f->n++;
	return PK_OK;
}

static void files_free(struct files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
}

/* Add input (a record file, or a folder's *.xml files sorted by name). PK_OK or PK_EIO. */
static int add_input(struct files *f, const char *input, pk_error *err)
{
	struct stat st;
	struct dirent *e;
	size_t first = f->n;
	char path[4200];
	DIR *d;
	int rc = PK_OK;

	/* a file, or something unreadable: its documents fail with the reason, the rest go on */
	if (stat(input, &st) != 0 || !S_ISDIR(st.st_mode))
		return files_add(f, input) == PK_OK ? PK_OK : pk_error_set(err, PK_ENOMEM, "too many inputs");
	if (!(d = opendir(input)))
		return pk_error_set(err, PK_EIO, "cannot read the folder '%s': %s", input, strerror(errno));
	while (rc == PK_OK && (e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.' || n <= 4 || strcasecmp(e->d_name + n - 4, ".xml") != 0)   /* *.XML too, as pack */
			continue;
		if (snprintf(path, sizeof(path), "%s%s%s", input, input[strlen(input) - 1] == '/' ? "" : "/", e->d_name) >=
		    (int)sizeof(path))
			continue;
		if (files_add(f, path) != PK_OK)
			rc = pk_error_set(err, PK_ENOMEM, "too many inputs in '%s'", input);
	}
	closedir(d);
	if (rc == PK_OK && f->n > first)
		qsort(f->v + first, f->n - first, sizeof(char *), cmp_str);
	return rc;
}

/* One report line: input, child, term, type, outcome, sha256, detail. PK_OK or PK_ENOMEM. */
static int report(pk_buf *csv, const char *input, const char *child, const char *term, const char *type,
		  const char *outcome, const char *sha, const char *detail)
{
	const char *f[7] = { input, child ? child : "", term ? term : "", type, outcome, sha ? sha : "",
			     detail ? detail : "" };

	return csvw_row(csv, f, 7);
}

/* Documents deposited in the open batch (store_set_batch): reported once it commits. */
#define BATCH 64

struct pending {
	char *input;
	char child[64], term[40], type[32], hash[FP_HEX_LEN + 1];
};

struct batch {
	struct pending v[BATCH];
	int n;
};

/* Commit the batch and report its documents: deposited, or failed with the commit's reason
 * (the store has undone them then). PK_OK, or PK_ENOMEM when the report cannot grow. */
static int flush_batch(archive_store *s, struct batch *b, pk_buf *csv, deposit_result *res)
{
	pk_error err;
	int rc = PK_OK, ok;

	struct timespec t0, t1;

	pk_error_clear(&err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ok = store_flush(s, &err) == PK_OK;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->store_s += (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	for (int i = 0; i < b->n; i++) {
		struct pending *p = &b->v[i];

		if (rc == PK_OK)
			rc = ok ? report(csv, p->input, p->child, p->term, p->type, "deposited", p->hash, "")
				: report(csv, p->input, p->child, p->term, p->type, "failed", NULL, err.msg);
		if (ok)
			res->deposited++;
		else
			res->failed++;
		free(p->input);
	}
	b->n = 0;
	return rc;
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Deposit one record's documents; twin, when not NULL, is another input for the same child, and
 * then nothing is deposited from either. Adds report lines and counts to res; returns PK_OK, or
 * PK_ENOMEM when the report itself cannot grow (the run stops). */
static int one_record(archive_store *s, const pipeline *p, const deposit_opts *o, const char *file,
		      const char *twin, pk_buf *csv, pk_buf *bytes, struct batch *bt, deposit_result *res)
{
	char child[64] = "", dob[16] = "", dod[16] = "", term[40] = "", date[11] = "", src[FP_HEX_LEN + 1],
	     hash[FP_HEX_LEN + 1], url[4096], expr[160], detail[1200], shown[160];
	xmlDocPtr rec = NULL, ir = NULL;
	pk_error err;
	int rc = PK_OK, d, pages, outcome;
	long long id;
	double t0;

	pk_error_clear(&err);
	if (twin != NULL) {
		pk_error_set(&err, PK_EINVAL, "'%s': its child id is also in '%s': two records for one child, so "
			     "neither is deposited; keep the right one and run again", file, twin);
		goto record_failed;
	}
	if (fp_sha256_file(file, src, &err) != PK_OK)
		goto record_failed;
	rec = pipeline_load_record(p, file, &err);
	/* a path such as "cohort/ayse-yilmaz.xml" would keep the child's name in the store's
	 * reports (and on stderr) for 75 years: the record is named by its child id instead, an
	 * invalid one too when it parses */
	if (pipeline_path_label(rec, file, shown, sizeof(shown), rec ? NULL : &err))
		file = shown;
	if (!rec)
		goto record_failed;
	if (o->attainment) {
		int m = merge_apply(o->attainment, rec, file, &err);
		if (m == MERGE_APPLY_HELD) {
			pk_error_set(&err, PK_EINVAL, "'%s': the attainment exports disagree about this child "
				     "(a conflict): resolve it and run again", file);
			goto record_failed;
		}
		if (m < 0 || (m == MERGE_APPLY_CHANGED && pipeline_check_record(p, rec, file, &err) != PK_OK))
			goto record_failed;
	}
	pipeline_xpath_string(rec, "string(/pep-record/child/la-child-id)", child, sizeof(child));
	pipeline_xpath_string(rec, "string(/pep-record/child/date-of-birth)", dob, sizeof(dob));
	pipeline_xpath_string(rec, "string(/pep-record/child/date-of-death)", dod, sizeof(dod));
	if (o->term) {
		snprintf(term, sizeof(term), "%s", o->term);
		if (pipeline_doc_date(rec, term, date) != PK_OK) {
			pk_error_set(&err, PK_EINVAL, "'%s': no term '%s' in the record", file, term);
			goto record_failed;
		}
	} else {
		snprintf(expr, sizeof(expr), "string(/pep-record/terms/term[last()]/@id)");
		pipeline_xpath_string(rec, expr, term, sizeof(term));
		pipeline_doc_date(rec, NULL, date);
	}
	if (!store_valid_id(child) || !store_valid_date(dob) || (dod[0] && !store_valid_date(dod)) || !term[0]) {
		pk_error_set(&err, PK_EINVAL, "'%s': child id, date of birth or term missing or unusable", file);
		goto record_failed;
	}
	{
		/* the retention date is decided by these dates: one after today (a slip, 2030 for
		 * 2020) would date it from something that has not happened */
		char now[32];

		store_now(now);
		now[10] = '\0';
		if (strcmp(dob, now) > 0 || (dod[0] && strcmp(dod, now) > 0)) {
			pk_error_set(&err, PK_EINVAL, "'%s': child/%s: %s is after today (%s), so the "
				     "retention date cannot be worked out from it; correct the record",
				     file, strcmp(dob, now) > 0 ? "date-of-birth" : "date-of-death",
				     strcmp(dob, now) > 0 ? dob : dod, now);
			goto record_failed;
		}
	}
	for (d = 0; d < pipeline_ndocs(p); d++) {
		const char *type = pipeline_doc_name(p, d);
		store_doc doc;

		if (o->stop && *o->stop) {
			res->not_processed++;
			rc = report(csv, file, child, term, type, "not-processed", NULL, "interrupted");
			continue;
		}
		buf_reset(bytes);
		t0 = cpu_now();
		ir = pipeline_transform(p, rec, file, d, term, 0, &err);
		if (!ir || pipeline_render_pdfa(ir, date[0] ? date : NULL, bytes, &pages, &err) != PK_OK) {
			res->render_cpu_s += cpu_now() - t0;
			goto doc_failed;
		}
		res->render_cpu_s += cpu_now() - t0;
		xmlFreeDoc(ir);
		ir = NULL;
		memset(&doc, 0, sizeof(doc));
		doc.child = child;
		doc.dob = dob;
		doc.dod = dod[0] ? dod : NULL;
		doc.term = term;
		doc.type = type;
		doc.audience = "record";
		doc.source_sha256 = src;
		doc.data = bytes->data;
		doc.len = bytes->len;
		doc.pages = pages;
		t0 = wall_now();
		if (store_deposit(s, &doc, &outcome, hash, &id, &err) != PK_OK) {
			res->store_s += wall_now() - t0;
			goto doc_failed;
		}
		res->store_s += wall_now() - t0;
		if (o->dav) {
			char name[128];

			int there = 0;

			snprintf(name, sizeof(name), "%s-%s-%s.pdf", term, type, hash);
			if (res->dav_stopped[0])   /* a server that did not answer in time costs one wait, not one per document */
				pk_error_set(&err, PK_EIO, "%s", res->dav_stopped);
			/* held, and stored there by an earlier run: not PUT again (a new version on a
			 * versioning EDRMS, the cohort uploaded every night) when the server still holds
			 * the same bytes (its checksum, else the document read back) */
			else if (outcome == STORE_HELD) {
				if ((there = dav_url(o->dav, child, name, url, sizeof(url), &err)) == PK_OK &&
				    (there = store_transferred(s, id, url, &err)) == 1)
					there = dav_holds(o->dav, url, bytes->data, bytes->len, hash, &err);
			}
			if (there == 1) {
				res->dav_held++;
				res->held++;
				rc = report(csv, file, child, term, type, "already-held", hash,
					    "same document already in the store and on the WebDAV server (checked)");
				goto next;
			}
			if (res->dav_stopped[0] || there < 0 ||
			    dav_put(o->dav, child, name, bytes->data, bytes->len, hash, url, sizeof(url), &err) != PK_OK ||
			    store_transfer(s, id, url, "stored", &err) != PK_OK) {
				if (!res->dav_stopped[0] && dav_timed_out(o->dav))
					snprintf(res->dav_stopped, sizeof(res->dav_stopped), "not sent: the server did not answer in "
						 "time earlier in this run (%.200s); run again when it answers", err.msg);
				/* held in the store; the transfer failed */
				res->failed++;
				snprintf(detail, sizeof(detail), "%s in the store; WebDAV: %s",
					 outcome == STORE_HELD ? "already held" : "deposited", err.msg);
				rc = report(csv, file, child, term, type, "failed", hash, detail);
				pk_error_clear(&err);
				goto next;
			}
			res->sent++;
		}
		if (outcome == STORE_RESTORED) {
			/* the catalogue held it, the store had lost or altered the file */
			res->deposited++;
			msg_warning("'%s' %s: the store's copy (%s/%s) was missing or altered: written again", file, type,
				 child, term);
			rc = report(csv, file, child, term, type, "deposited", hash,
				    "restored: the store's copy was missing or altered (see archive verify); written again");
		} else if (outcome == STORE_HELD) {
			res->held++;
			rc = report(csv, file, child, term, type, "already-held", hash,
				    o->dav ? "same document already in the store; sent to WebDAV" : "same document already in the store");
		} else if (store_pending(s)) {
			/* reported when the batch commits */
			struct pending *pd = &bt->v[bt->n];

			if (!(pd->input = strdup(file))) {
				rc = PK_ENOMEM;
				goto next;
			}
			snprintf(pd->child, sizeof(pd->child), "%s", child);
			snprintf(pd->term, sizeof(pd->term), "%s", term);
			snprintf(pd->type, sizeof(pd->type), "%s", type);
			snprintf(pd->hash, sizeof(pd->hash), "%s", hash);
			if (++bt->n == BATCH)
				rc = flush_batch(s, bt, csv, res);
		} else {
			res->deposited++;
			rc = report(csv, file, child, term, type, "deposited", hash, o->dav ? "sent to WebDAV" : "");
		}
		goto next;
doc_failed:
		xmlFreeDoc(ir);
		ir = NULL;
		res->failed++;
		msg_error("'%s' %s: %s", file, type, err.msg);
		rc = report(csv, file, child, term, type, "failed", NULL, err.msg);
		pk_error_clear(&err);
next:
		if (o->progress)
			o->progress(o->ctx, res->deposited + res->held + res->failed + res->not_processed + bt->n, res->documents);
		if (rc != PK_OK)
			break;
	}
	goto out;
record_failed:
	msg_error("%s", err.msg);
	for (d = 0; d < pipeline_ndocs(p) && rc == PK_OK; d++) {
		res->failed++;
		rc = report(csv, file, child[0] ? child : NULL, term[0] ? term : NULL, pipeline_doc_name(p, d), "failed",
			    NULL, err.msg);
	}
	if (o->progress)
		o->progress(o->ctx, res->deposited + res->held + res->failed + res->not_processed, res->documents);
out:
	xmlFreeDoc(ir);
	xmlFreeDoc(rec);
	return rc;
}

int deposit_run(archive_store *s, const deposit_opts *o, deposit_result *res, pk_error *err)
{
	static const char *const head[7] = { "input", "child", "term", "type", "outcome", "sha256", "detail" };
	struct files f = { NULL, 0, 0 };
	struct batch bt;
	pk_buf csv = PK_BUF_INIT, bytes = PK_BUF_INIT;
	pipeline *p = NULL;
	char now[32], stamp[32], dir[4200], outcome[200];
	long *dup = NULL;
	char (*ids)[CHILDID_MAX] = NULL;
	int rc = PK_OK;
	size_t i;

	memset(res, 0, sizeof(*res));
	bt.n = 0;
	/* group commit, except when each document also goes to WebDAV (a transfer is recorded
	 * against a committed row) */
	store_set_batch(s, o->dav == NULL);
	for (int k = 0; k < o->ninputs; k++)
		if ((rc = add_input(&f, o->inputs[k], err)) != PK_OK)
			goto out;
	{
		/* a record named twice (also in a folder given, another spelling) is one record */
		long n = (long)f.n;

		if (childid_drop_same_files(f.v, &n) < 0) {
			rc = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		f.n = (size_t)n;
	}
	if ((dup = malloc((f.n ? f.n : 1) * sizeof(*dup))) == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if ((ids = malloc((f.n ? f.n : 1) * sizeof(*ids))) == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = childid_duplicates(f.v, (long)f.n, dup, ids, err)) != PK_OK)
		goto out;
	for (i = 0; o->attainment && i < f.n; i++) {   /* export keys two records share get no rows */
		char upn[CHILDID_MAX];
		pk_error e;

		if (xmlsafe_peek_text(f.v[i], "pep-record/child/upn", upn, sizeof(upn), &e) != 1)
			upn[0] = '\0';
		merge_claim_keys(o->attainment, f.v[i], upn, ids[i]);
	}
	/* the full record copy, as the pack makes it by default (audience "record": every page
	 * marked as the full record copy, not for distribution), so the pack's copies and the
	 * store's objects are the same bytes */
	if (!(p = pipeline_new(o->docs, o->ndocs, record_audience, 1, o->validate, err))) {
		rc = err->code;
		goto out;
	}
	res->records = (long)f.n;
	res->documents = (long)f.n * pipeline_ndocs(p);
	if (csvw_row(&csv, head, 7) != PK_OK) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < f.n; i++) {
		if (o->stop && *o->stop) {
			for (int d = 0; d < pipeline_ndocs(p) && rc == PK_OK; d++) {
				res->not_processed++;
				rc = report(&csv, f.v[i], NULL, o->term, pipeline_doc_name(p, d), "not-processed", NULL,
					    "interrupted");
			}
		} else {
			rc = one_record(s, p, o, f.v[i], dup[i] >= 0 ? f.v[dup[i]] : NULL, &csv, &bytes, &bt, res);
		}
		if (rc == PK_OK && (i + 1 == f.n || (o->stop && *o->stop)) && store_pending(s))
			rc = flush_batch(s, &bt, &csv, res);
		if (rc != PK_OK) {
			rc = pk_error_set(err, PK_ENOMEM, "out of memory writing the run report");
			goto out;
		}
	}
	/* the report: STORE/reports/deposit-TIME-PID.csv (outside objects/: not an archived document) */
	store_now(now);
	snprintf(stamp, sizeof(stamp), "%.4s%.2s%.2sT%.2s%.2s%.2sZ", now, now + 5, now + 8, now + 11, now + 14, now + 17);
	snprintf(dir, sizeof(dir), "%s/reports", store_dir(s));
	if (snprintf(res->report, sizeof(res->report), "%s/deposit-%s-%ld.csv", dir, stamp, (long)getpid()) >=
	    (int)sizeof(res->report)) {
		rc = pk_error_set(err, PK_EIO, "cannot write the report in '%s': path too long", dir);
		goto no_report;
	}
	{
		/* an earlier run's report of the same second and pid (a container where pepkit is
		 * always pid 1) is never replaced: the store's lock is held, so the name stays free */
		struct stat st;

		char alt[sizeof(res->report) + 16];

		for (int k = 2; k < 1000 && lstat(res->report, &st) == 0; k++) {
			int len = snprintf(alt, sizeof(alt), "%s/deposit-%s-%ld-%d.csv", dir, stamp, (long)getpid(), k);

			if (len < 0 || (size_t)len >= sizeof(res->report)) {
				rc = pk_error_set(err, PK_EIO, "cannot write the report in '%s': path too long", dir);
				goto no_report;
			}
			memcpy(res->report, alt, (size_t)len + 1);
		}
	}
	if ((rc = atomic_mkdirs(dir, err)) != PK_OK)
		goto no_report;
	if ((rc = atomic_write_file(res->report, csv.data, csv.len, err)) != PK_OK) {
		/* renamed into place, only its folder's sync failed ("written, durability unknown"):
		 * the report is there (its name was free, the lock is held), so it is not "not
		 * written"; rc and err still say what failed */
		struct stat st;

		if (lstat(res->report, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != csv.len)
			goto no_report;
	}
	snprintf(outcome, sizeof(outcome), "%ld deposited, %ld already held, %ld failed, %ld not processed%s",
		 res->deposited, res->held, res->failed, res->not_processed, o->dav ? " (and WebDAV)" : "");
	if (rc != PK_OK) {
		pk_error eerr;

		pk_error_clear(&eerr);
		store_event(s, "deposit", NULL, outcome, &eerr);
		goto out;
	}
	rc = store_event(s, "deposit", NULL, outcome, err);
	goto out;
no_report:
	/* the run happened (the catalogue has it) but its report cannot be written (a full disk, a
	 * read-only reports/): every document's row goes to stderr instead, so none is unaccounted */
	res->report[0] = '\0';
	{
		pk_error eerr;

		pk_error_clear(&eerr);
		snprintf(outcome, sizeof(outcome), "%ld deposited, %ld already held, %ld failed, %ld not processed; no "
			 "report written", res->deposited, res->held, res->failed, res->not_processed);
		store_event(s, "deposit", NULL, outcome, &eerr);   /* the catalogue still says the run happened */
	}
	for (char *line = strchr(csv.data, '\n'); line != NULL && line[1] != '\0';) {
		char *end = strchr(line + 1, '\n');

		if (end)
			*end = '\0';
		msg_warning("archive deposit: not in a report: %s", line + 1);
		line = end;
	}
out:
	/* a batch not committed here (out of memory) is undone by store_close */
	for (int k = 0; k < bt.n; k++)
		free(bt.v[k].input);
	store_set_batch(s, 0);
	pipeline_free(p);
	files_free(&f);
	free(dup);
	free(ids);
	buf_free(&csv);
	buf_free(&bytes);
	return rc;
}
