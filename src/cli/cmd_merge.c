/*
 * cmd_merge.c: `pepkit merge`: merge school attainment exports (CSV) into the PEP records of
 * a cohort folder, with mapping profiles given or matched per file; write a complete cohort
 * (changed and unchanged records) atomically to OUTDIR, and a report accounting for every row
 * (merge.h has the model and the outcomes). One run at a time per OUTDIR (core/lock.h); the
 * report and a journal are written before any record is replaced, so a run cut short (a full
 * disk) leaves an account of what it merged, and the next run reports those values as merged
 * by it, not as duplicates.
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/lock.h"
#include "cli/cli.h"
#include "intake/mapping.h"
#include "intake/mapset.h"
#include "intake/merge.h"
#include "core/msg.h"
#include "core/xmlsafe.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHOW_PROBLEMS 20
#define MAX_MAPS 64
#define JOURNAL ".pepkit-merge-journal.csv"

enum { OPT_REPORT = 256 };

static const cli_opt opts[] = {
	{ "map", 'm', "PROFILE", "mapping profile: a file (schemas/mapping.xsd), a shipped name (sims-long, sims-marksheet-wide, arbor-long, bromcom-wide, scholarpack-long), a folder of profiles, or CSV=PROFILE for one export; repeatable (default: every shipped profile, matched per file by its columns)" },
	{ "term", 't', "TERM", "term id for rows with no term column or an empty term, e.g. 2025-autumn" },
	{ "output", 'o', "OUTDIR", "write the whole cohort here, merged (may be COHORT_DIR itself) (required)" },
	{ "report", OPT_REPORT, "FILE", "write the CSV report to FILE (default OUTDIR/merge-report.csv)" },
	{ NULL, 0, NULL, NULL }
};

static const char details[] =
	"Each CSV operand is an export file or a folder of *.csv and *.txt files, read as schools'\n"
	"systems and Excel write them: UTF-8 (with or without BOM), UTF-16 with BOM, or else the\n"
	"profile's encoding (default windows-1252); comma, semicolon or tab; the header row within\n"
	"the first 20 lines (title rows above it skipped), matched without case or spaces, with the\n"
	"profile's aliases. With one --map every file uses that profile; otherwise each file is\n"
	"matched to the profile whose key and required columns its header has (most columns wins),\n"
	"and the report says which, with the encoding, delimiter and header line. A file that\n"
	"cannot be read (encoding, no header row, no profile, a column the profile reads twice in\n"
	"the header, an Excel workbook saved under a .csv name, a quote never closed, a size cap)\n"
	"is rejected with its reason and its data rows are counted as rejected; the other files\n"
	"are still merged. A cell over 64 KiB rejects its row when pepkit reads its column. Lines\n"
	"may end in CR LF, LF or CR alone; a line break or tab inside a quoted cell is a space.\n"
	"\n"
	"A term is a term id (2025-autumn), a name in the profile's <terms>, or a season and a year\n"
	"as school systems write them (Autumn 2025, Spr1 2026, Aut 2 25/26, Autumn 1 (2025/26): an\n"
	"academic year counts autumn in its first year); a half term HT1-HT6; or a term number that\n"
	"is the same term in a year of three terms and of six (T1 autumn, T4 spring, T5-T6 summer).\n"
	"T2 and T3 (spring or summer of three terms, autumn or spring of six) are refused as\n"
	"ambiguous, as is a value naming two seasons. A wide header's term with no year (Aut1)\n"
	"is the --term given when that names the same season, and is refused otherwise.\n"
	"\n"
	"Newer data wins: a value's as-of date is its row's date, else a date in a title row above\n"
	"the header (the file's declared date, when the title row has one date, not a range), else\n"
	"the file's modification date (used as data, never to decide what is up to date). A row or\n"
	"declared date after today, or before its term can start (autumn 1 August, spring 1\n"
	"January, summer 1 April), is refused. For one child, term, subject and aspect the latest\n"
	"as-of value is written (with its source and date) and older values are superseded; two\n"
	"different values with the same latest date are a conflict. A record value dated earlier is\n"
	"replaced, one dated later stays, and an undated or same-dated different value is a\n"
	"conflict.\n"
	"\n"
	"Every data row ends as merged, duplicate (the same value again), superseded (an older\n"
	"value), conflict (that child's record is not changed), held (a good value of a child with\n"
	"a conflict), unmatched (no record has the key), rejected (bad UPN check letter, a key two\n"
	"records share, ragged row, invalid bytes or a control character in a used column, result\n"
	"off the grade scale, term not in the record, a date that cannot be right, a rejected file,\n"
	"...) or blank (blank row, or X, -, N/A). Terms are never added to a record.\n"
	"OUTDIR receives every record of the cohort (unchanged ones copied), so it can be the next\n"
	"term's cohort. The report is written before any record is replaced; the summary and every\n"
	"problem also go to stderr when the report cannot be written. Re-running a merge changes\n"
	"nothing. Exit status: 0 when every row merged or was a duplicate, superseded or blank; 1\n"
	"when any row or file was rejected, unmatched, in conflict or held (or a record could not\n"
	"be read); 2 usage; 3 I/O; 4 out of memory.";

/* Problems collected from the report, shown once it is known whether the report was written. */
struct problems {
	pk_buf all;
	unsigned long n;
};

/* Message callback: keep every problem line. */
static void keep_problem(void *ctx, const char *msg)
{
	struct problems *p = ctx;

	p->n++;
	if (buf_puts(&p->all, msg) != PK_OK || buf_puts(&p->all, "\n") != PK_OK)
		p->n--;
}

/* Print the first max problems (all if max is 0) as errors. */
static void show_problems(const struct problems *p, unsigned long max)
{
	const char *s = p->all.data;
	unsigned long k = 0;

	while (s && *s && (max == 0 || k < max)) {
		const char *nl = strchr(s, '\n');

		msg_error("%.*s", (int)(nl ? nl - s : (long)strlen(s)), s);
		k++;
		s = nl ? nl + 1 : s + strlen(s);
	}
}

/* qsort comparison of C strings. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in dir ending with ext (caller frees each and the array), count in *n.
 * Returns PK_OK or PK_EIO/PK_ENOMEM with err set. */
static int list_dir(const char *dir, const char *ext, const char *prefix, char ***out, size_t *n,
		    pk_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t el = strlen(ext), pl = prefix ? strlen(prefix) : 0;

	*out = NULL;
	*n = 0;
	if (d == NULL)
		return pk_error_set(err, PK_EIO, "cannot read folder '%s': %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char **nn;

		if (l <= el || strcasecmp(de->d_name + l - el, ext) != 0 || de->d_name[0] == '.' ||
		    (prefix && strncmp(de->d_name, prefix, pl) != 0))
			continue;
		nn = realloc(names, (*n + 1) * sizeof(*names));
		if (nn == NULL || (nn[*n] = strdup(de->d_name)) == NULL) {
			names = nn ? nn : names;
			closedir(d);
			for (size_t i = 0; i < *n; i++)
				free(names[i]);
			free(names);
			*n = 0;
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		}
		names = nn;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_str);
	*out = names;
	return PK_OK;
}

/* Read the whole file at path into b. PK_OK or PK_EIO with err. */
static int slurp(const char *path, pk_buf *b, pk_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = PK_OK;

	buf_reset(b);
	if (f == NULL)
		return pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
	while (rc == PK_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(b, chunk, n);
	if (rc == PK_OK && ferror(f))
		rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
	else if (rc != PK_OK)
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
	fclose(f);
	return rc;
}

/* True if the file at path holds exactly the len bytes at data. */
static int same_bytes(const char *path, const void *data, size_t len)
{
	pk_buf b = PK_BUF_INIT;
	pk_error e;
	int same = slurp(path, &b, &e) == PK_OK && b.len == len && (len == 0 || memcmp(b.data, data, len) == 0);

	buf_free(&b);
	return same;
}

/* True if folders a and b are the same folder. */
static int same_dir(const char *a, const char *b)
{
	struct stat x, y;

	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* Merge into every record of cohort. With write 0 (the first pass) only judge, noting in
 * changed[] (one byte per record, sorted by name; may be NULL) which records change; with
 * write 1 write every record to outdir: changed ones merged, the others as they are (not when
 * outdir is the cohort, or already holds the same bytes). Returns PK_OK or the first hard error
 * (err set); *bad counts records that could not be read (first pass). */
static int merge_cohort(merge_index *ix, const char *cohort, const char *outdir, int write,
			unsigned char **changed, unsigned long *bad, pk_error *err)
{
	char **names = NULL, path[4096], out[4096];
	size_t n = 0;
	pk_buf orig = PK_BUF_INIT;
	int rc, inplace = same_dir(cohort, outdir);
	xmlsafe_parser *xp;

	rc = list_dir(cohort, ".xml", NULL, &names, &n, err);
	if (rc != PK_OK)
		return rc;
	/* one parser for the cohort: its context and dictionary are kept between records */
	if ((xp = xmlsafe_parser_new()) == NULL)
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
	if (rc == PK_OK && !write && (*changed = calloc(n ? n : 1, 1)) == NULL)
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
	for (size_t i = 0; i < n && rc == PK_OK; i++) {
		xmlDocPtr doc;
		pk_error e;
		int r;

		snprintf(path, sizeof(path), "%s/%s", cohort, names[i]);
		snprintf(out, sizeof(out), "%s/%s", outdir, names[i]);
		if (write && inplace && !(*changed)[i])
			continue;   /* nothing to write: the record stays as it is */
		if (!write) {
			/* first pass: judged from the parser's events, no tree (most records do not
			 * change; those that do are read again below) */
			r = merge_judge_file(ix, xp, path, &e);
			if (r == PK_EIO || r == PK_ENOMEM) {
				*err = e;
				rc = r;
				break;
			}
			if (r < 0) {
				msg_error_value(&e);
				(*bad)++;
			} else if (r == MERGE_APPLY_CHANGED) {
				(*changed)[i] = 1;
			}
			continue;
		}
		/* second pass: a record that changes is read into a tree, merged and written */
		doc = xmlsafe_parser_read_file(xp, path, &e);
		if (doc == NULL && (e.code == PK_EIO || e.code == PK_ENOMEM || (*changed)[i])) {
			/* a failing disk, not a bad record: stop before anything is replaced (or
			 * before a merged record is replaced by its unmerged copy) */
			*err = e;
			rc = e.code != PK_OK ? e.code : PK_EIO;
			break;
		}
		r = doc == NULL ? MERGE_APPLY_NONE : merge_apply(ix, doc, path, err);
		if (r < 0) {
			rc = r;
		} else if (r == MERGE_APPLY_CHANGED) {
			xmlChar *mem = NULL;
			int len = 0;

			xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
			rc = mem ? atomic_write_file_ex(out, mem, (size_t)len, ATOMIC_DEFER_DIRSYNC, err)
				 : pk_error_set(err, PK_ENOMEM, "out of memory");
			xmlFree(mem);
		} else if (!inplace && (rc = slurp(path, &orig, err)) == PK_OK &&
			   !same_bytes(out, orig.data, orig.len)) {
			/* unchanged (or held, or unreadable): a copy, so OUTDIR is a whole cohort */
			rc = atomic_write_file_ex(out, orig.data ? orig.data : "", orig.len,
						  ATOMIC_DEFER_DIRSYNC, err);
		}
		xmlFreeDoc(doc);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_free(&orig);
	xmlsafe_parser_free(xp);
	return rc;
}

/* pepkit merge [--map PROFILE]... [--term TERM] -o OUTDIR COHORT_DIR CSV... */
static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *arg, *term = NULL, *outdir = NULL, *report = NULL, *specs[MAX_MAPS];
	size_t nspecs = 0;
	mapset *ms = NULL;
	merge_index *ix = NULL;
	merge_counts c;
	pk_buf csv = PK_BUF_INIT;
	struct problems pr = { PK_BUF_INIT, 0 };
	pk_error err;
	pk_lock *lock = NULL;
	char rpath[4096], jpath[4096];
	unsigned long bad = 0, problems;
	unsigned char *changed = NULL;
	int opt, rc, status = PK_EXIT_OK, report_ok = 0, journal_io = 0;

	memset(&c, 0, sizeof(c));
	pk_error_clear(&err);
	while ((opt = cli_next(self, argc, argv, &arg)) != -1) {
		switch (opt) {
		case 'm':
			if (nspecs == MAX_MAPS)
				return msg_usage("merge", "too many --map options (at most %d)", MAX_MAPS);
			specs[nspecs++] = arg;
			break;
		case 't': term = arg; break;
		case 'o': outdir = arg; break;
		case OPT_REPORT: report = arg; break;
		case CLI_HELP: return PK_EXIT_OK;
		default: return PK_EXIT_USAGE;
		}
	}
	if (outdir == NULL)
		return msg_usage("merge", "no output folder: give -o OUTDIR");
	if (argc - optind < 2)
		return msg_usage("merge", argc == optind ? "no cohort folder and exports given (COHORT_DIR CSV...)" :
				 "no export given: after COHORT_DIR, give the exports (CSV files or folders)");
	if (term) {
		char id[16];
		mapping none;

		memset(&none, 0, sizeof(none));
		if (strlen(term) > 13 || !mapping_term(&none, term, id) || strcmp(id, term) != 0)
			return msg_usage("merge", "--term '%s' is not a term id like 2025-autumn", term);
	}
	for (size_t i = 0; i < nspecs; i++)
		if (!cli_map_known(self, specs[i]))
			return PK_EXIT_USAGE;
	if (cli_is_an_input(report, argv + optind, argc - optind))   /* it would replace an export */
		return msg_usage("merge", "--report '%s' is one of the exports or records read: the report would "
				 "replace it; give another file", report);
	/* one run per OUTDIR: take its lock, then clear what a killed run left */
	rc = atomic_mkdirs(outdir, &err);
	if (rc == PK_OK)
		rc = lock_acquire(outdir, 0, &lock, &err);
	if (rc != PK_OK)
		goto fail;
	atomic_clean_stale(outdir);
	/* profiles: CSV=PROFILE binds one export; one profile for all; else matched per file */
	if ((ms = mapset_new()) == NULL) {
		rc = pk_error_set(&err, PK_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < nspecs; i++)
		if ((rc = mapset_add(ms, specs[i], &err)) != PK_OK)
			goto fail;
	if ((ix = mapset_merge_new(ms, term, &err)) == NULL) {
		rc = err.code;
		goto fail;
	}
	for (int i = optind + 1; i < argc; i++)
		if ((rc = mapset_read(ms, ix, argv[i], &err)) != PK_OK)
			goto fail;
	snprintf(jpath, sizeof(jpath), "%s/%s", outdir, JOURNAL);
	if ((rc = merge_load_journal(ix, jpath, &err)) != PK_OK)
		goto fail;
	/* first pass: decide every value; then the report (and the journal) before any record */
	rc = merge_cohort(ix, argv[optind], outdir, 0, &changed, &bad, &err);
	if (rc != PK_OK)
		goto fail;
	rc = merge_report(ix, &c, &csv, keep_problem, &pr);
	if (rc != PK_OK) {
		rc = pk_error_set(&err, rc, "out of memory");
		goto fail;
	}
	if (report == NULL) {
		snprintf(rpath, sizeof(rpath), "%s/merge-report.csv", outdir);
		report = rpath;
	}
	rc = atomic_write_file(jpath, csv.data ? csv.data : "", csv.len, &err);
	if (rc == PK_OK)
		rc = atomic_write_file(report, csv.data ? csv.data : "", csv.len, &err);
	if (rc != PK_OK)
		goto fail;
	report_ok = 1;
	/* second pass: write the whole cohort; then the journal is done with */
	rc = merge_cohort(ix, argv[optind], outdir, 1, &changed, &bad, &err);
	if (rc == PK_OK)
		rc = atomic_sync_dir(outdir, &err);
	if (rc != PK_OK)
		goto fail;
	if (unlink(jpath) != 0 || atomic_sync_dir(outdir, &err) != PK_OK) {
		/* the records are written and synced; only the journal's removal is in doubt */
		msg_error("the records are written, but removing the journal '%s' could not be made "
			  "durable: the next run may report this run's values as merged by it", jpath);
		journal_io = 1;
	}
	show_problems(&pr, SHOW_PROBLEMS);
	if (pr.n > SHOW_PROBLEMS)
		msg_error("%lu more problems in '%s'", pr.n - SHOW_PROBLEMS, report);
	problems = c.n[MERGE_CONFLICT] + c.n[MERGE_HELD] + c.n[MERGE_UNMATCHED] + c.n[MERGE_REJECTED];
	if (problems || bad || c.files_rejected)
		status = PK_EXIT_INVALID;
	if (journal_io)
		status = PK_EXIT_IO;
	goto summary;
fail:
	msg_error_value(&err);
	status = pk_exit_status(rc);
	if (ix == NULL || csv.len == 0)
		goto out;
	/* the report may not be there: every problem and the summary go to stderr */
	show_problems(&pr, report_ok ? SHOW_PROBLEMS : 0);
	msg_error(report_ok ? "the report '%s' lists what this run merged; records may not all be "
			      "written: fix the cause and run again"
			    : "the report '%s' could not be written; every problem is listed above",
		  report);
summary:
	msg_info("merge: %lu rows (%lu values) from %lu files: %lu merged, %lu duplicate, "
		 "%lu conflict, %lu held, %lu unmatched, %lu rejected, %lu superseded, %lu blank",
		 c.rows, c.values, c.files, c.n[MERGE_MERGED], c.n[MERGE_DUPLICATE],
		 c.n[MERGE_CONFLICT], c.n[MERGE_HELD], c.n[MERGE_UNMATCHED], c.n[MERGE_REJECTED],
		 c.n[MERGE_SUPERSEDED], c.n[MERGE_BLANK]);
	if (c.files_rejected)
		msg_info("merge: %lu file%s rejected as a whole (reasons above and in the report)",
			 c.files_rejected, c.files_rejected == 1 ? "" : "s");
	msg_info("merge: %lu records updated in '%s', %lu not changed because of a conflict; report '%s'",
		 c.records_changed, outdir, c.records_held, report);
out:
	free(changed);
	buf_free(&csv);
	buf_free(&pr.all);
	merge_free(ix);
	mapset_free(ms);
	lock_release(lock);
	return status;
}

const cli_cmd cmd_merge_def = {
	"merge", run, CLI_OPTIONS " [--map PROFILE]... [--term TERM] -o OUTDIR COHORT_DIR CSV...",
	"merge school attainment exports (CSV) into PEP records", details, opts
};
