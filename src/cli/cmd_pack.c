/*
 * cmd_pack.c: `pepkit pack`: the termly pack for a whole cohort folder (see pack.h). Parses
 * options, loads the pipeline once, shows a progress bar when stderr is a terminal, stops
 * handing out new records on SIGINT/SIGTERM (the report still accounts for every input), and
 * prints the summary.
 */
#include "core/pepkit.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "core/civil.h"
#include "core/msg.h"
#include "intake/mapping.h"
#include "intake/mapset.h"
#include "intake/merge.h"
#include "batch/pack.h"
#include "batch/pipeline.h"
#include "qa/qa.h"
#include "archive/deposit.h"
#include "archive/store.h"
#include "core/fingerprint.h"

#include <limits.h>
#include <sys/stat.h>
#include <dirent.h>

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { OPT_FORCE = 256, OPT_NO_VALIDATE, OPT_ATTAINMENT, OPT_MAP, OPT_QA, OPT_ARCHIVE, OPT_RECURSIVE,
       OPT_RECORDS_OUT };

#define MAX_EXPORTS 64

static const cli_opt opts[] = {
	{ "output", 'o', "OUTDIR", "write documents and the report under OUTDIR (required)" },
	{ "doc", 'd', "LIST", "document types, comma-separated: pep1, pep2, myvoice, agenda (default: pep1,pep2)" },
	{ "term", 't', "TERM", "term to document, e.g. 2025-autumn (default: each record's latest)" },
	{ "format", 'f', "LIST", "pdf, docx or pdf,docx (default: pdf)" },
	{ "audience", 'a', "LIST", "one redacted copy per reader, e.g. record,school,carer (default: none: the full record copy)" },
	{ "attainment", OPT_ATTAINMENT, "PATH", "merge attainment exports (a CSV file or a folder of *.csv; repeatable) into the records before rendering" },
	{ "map", OPT_MAP, "PROFILE", "mapping profile for --attainment, as for merge: a shipped name (sims-long, sims-marksheet-wide, arbor-long, bromcom-wide, scholarpack-long), a file, a folder, or CSV=PROFILE; repeatable (default: every shipped profile, matched per file by its columns)" },
	{ "records-out", OPT_RECORDS_OUT, "DIR", "with --attainment: also write every record as merged to DIR (next term's cohort; DIR is locked as OUTDIR is)" },
	{ "jobs", 'j', "N", "worker threads (default: two per core, so cores stay busy while files are synced)" },
	{ "recursive", OPT_RECURSIVE, NULL, "also read the records in COHORT_DIR's subfolders (e.g. one per school)" },
	{ "force", OPT_FORCE, NULL, "re-render records whose documents are already up to date" },
	{ "no-validate", OPT_NO_VALIDATE, NULL, "skip validating records (not recommended)" },
	{ "quiet", 'q', NULL, "no progress bar and no summary (errors and the report still appear)" },
	{ "qa", OPT_QA, NULL, "after the pack, run 'pepkit qa' (default framework and calendar, today) over the cohort into OUTDIR" },
	{ "archive", OPT_ARCHIVE, "STORE", "then deposit the record copies (PDF/A-2b) in the archive store STORE (see pepkit archive)" },
	{ NULL, 0, NULL, NULL }
};


/* pack_opts.progress: records done, and how many failed. */
static void progress(void *ctx, long done, long total, long failed)
{
	char extra[48] = "";

	if (failed > 0)
		snprintf(extra, sizeof(extra), ", %ld failed", failed);
	cli_bar_draw(ctx, done, total, extra);
}

/* pack_opts.on_failure: every failed record's reason on stderr, and its stale documents. */
static void on_failure(void *ctx, const char *reason, const char *stale)
{
	(void)ctx;
	msg_error("%s", reason);
	if (stale != NULL)
		msg_warning("kept from an earlier run, now stale: %s", stale);
}

/* The output folder and quiet flag, for on_obsolete. */
struct obsolete_ctx {
	const char *out_dir;
	int quiet;
};

/* pack_opts.on_obsolete: a removed obsolete document (unless quiet), or a warning for one that
 * was not removed. By path only: child and school ids, never a name. */
static void on_obsolete(void *ctx, const char *key, const char *why, const char *kept)
{
	const struct obsolete_ctx *c = ctx;

	if (kept == NULL && !c->quiet)
		msg_info("pack: removed '%s/%s': %s", c->out_dir, key, why);
	else if (kept != NULL)
		msg_warning("'%s/%s' is obsolete (%s) but was not removed: %s", c->out_dir, key, why, kept);
}

/* pack --qa: pepkit qa over the pack's cohort into the pack's folder, with the default
 * framework and calendar, judged today. Returns PK_OK or an error with err set. */
static int pack_qa(const pack_opts *po, int quiet, pk_error *err)
{
	qa_opts q;
	qa_result r;
	time_t now = time(NULL);
	char d[16];
	int rc;

	memset(&q, 0, sizeof(q));
	q.cohort_dir = po->cohort_dir;
	q.out_dir = po->out_dir;
	q.term = po->term;
	civil_england_date((long long)now, d);   /* PEP timescales run on English dates */
	if (qa_day_parse(d, &q.today) != 0)
		return pk_error_set(err, PK_EINVAL, "today's date is out of range for qa");
	if ((rc = qa_run(&q, &r, err)) != PK_OK)
		return rc;
	if (!quiet) {
		char e[4200];

		fprintf(stderr, "qa: %ld rated, %ld with late or missing items; dashboard: %s\n", r.rated, r.late,
			msg_escape(r.dashboard, e, sizeof(e)));
	}
	return PK_OK;
}

/* pack --archive: deposit the record copies of the cohort's documents (rendered again as
 * PDF/A-2b, with the same term, document types and attainment merge) into the store. Returns
 * an exit status; prints the outcome. */
static int archive_after_pack(const char *dir, const pack_opts *po, const char **docs, int ndocs, int validate,
			      int quiet)
{
	const char *inputs[1] = { po->cohort_dir };
	archive_store *s = NULL;
	deposit_opts o;
	deposit_result r;
	pk_error err;
	int status;

	memset(&o, 0, sizeof(o));
	pk_error_clear(&err);
	o.inputs = inputs;
	o.ninputs = 1;
	o.term = po->term;
	o.docs = docs;
	o.ndocs = ndocs;
	o.validate = validate;
	o.attainment = po->attainment;
	o.stop = po->stop;
	memset(&r, 0, sizeof(r));
	if (store_open(dir, STORE_CREATE | STORE_WRITE, &s, &err) != PK_OK || deposit_run(s, &o, &r, &err) != PK_OK) {
		if (r.documents > 0)   /* it ran, but its report could not be written (or not synced) */
			msg_error("pack: archive '%s': %ld deposited, %ld already held, %ld failed, %ld not processed; "
				  "%s%s%s", dir, r.deposited, r.held, r.failed, r.not_processed,
				  r.report[0] ? "report '" : "no report written (its rows are above)", r.report,
				  r.report[0] ? "' written, but its folder could not be synced" : "");
		msg_error_value(&err);
		status = pk_exit_status(err.code);
	} else {
		if (!quiet) {
			char e1[4200], e2[4200];

			fprintf(stderr, "pepkit: pack: archive '%s': %ld deposited, %ld already held, %ld failed; report '%s'\n",
				msg_escape(dir, e1, sizeof(e1)), r.deposited, r.held, r.failed,
				msg_escape(r.report, e2, sizeof(e2)));
		}
		if (r.failed)
			msg_error("%ld record cop%s not archived; reasons in '%s'", r.failed, r.failed == 1 ? "y" : "ies", r.report);
		status = r.failed || r.not_processed ? PK_EXIT_INVALID : PK_EXIT_OK;
	}
	store_close(s);
	return status;
}

static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *exports[MAX_EXPORTS], *maps[MAX_EXPORTS];
	int nexports = 0, nmaps = 0;
	mapset *ms = NULL;
	char doclist[128] = "pep1,pep2", audlist[512] = "";
	const char *docs[PIPELINE_MAX_DOCS], *auds[PIPELINE_MAX_AUDIENCES];
	const char *arg, *format = "pdf", *archive_dir = NULL;
	int ndocs, naud = 0, validate = 1, quiet = 0, with_qa = 0, c, rc, status;
	long jobs = 0;
	pack_opts o;
	pack_result res;
	struct obsolete_ctx oc;
	pipeline *p = NULL;
	cli_bar bar;
	pk_error err;

	memset(&o, 0, sizeof(o));
	cli_bar_init(&bar, "records");
	pk_error_clear(&err);
	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		switch (c) {
		case 'o': o.out_dir = arg; break;
		case 'd':
			if (snprintf(doclist, sizeof(doclist), "%s", arg) >= (int)sizeof(doclist))
				return msg_usage(self->name, "option '--doc' is too long");
			break;
		case 't': o.term = arg; break;
		case 'f': format = arg; break;
		case 'a':
			if (snprintf(audlist, sizeof(audlist), "%s", arg) >= (int)sizeof(audlist))
				return msg_usage(self->name, "option '--audience' is too long");
			break;
		case 'j':
			if (cli_int(self, "jobs", arg, 1, 64, &jobs) != 0)
				return PK_EXIT_USAGE;
			break;
		case OPT_ATTAINMENT:
			if (nexports == MAX_EXPORTS)
				return msg_usage(self->name, "too many --attainment options (at most %d)", MAX_EXPORTS);
			exports[nexports++] = arg;
			break;
		case OPT_MAP:
			if (nmaps == MAX_EXPORTS)
				return msg_usage(self->name, "too many --map options (at most %d)", MAX_EXPORTS);
			maps[nmaps++] = arg;
			break;
		case OPT_FORCE: o.force = 1; break;
		case OPT_RECURSIVE: o.recursive = 1; break;
		case OPT_RECORDS_OUT: o.records_dir = arg; break;
		case OPT_NO_VALIDATE: validate = 0; break;
		case 'q': quiet = 1; break;
		case OPT_QA: with_qa = 1; break;
		case OPT_ARCHIVE: archive_dir = arg; break;
		case CLI_HELP: return PK_EXIT_OK;
		default: return PK_EXIT_USAGE;
		}
	}
	if (o.out_dir == NULL)
		return msg_usage(self->name, "no output folder: give -o OUTDIR");
	if (optind != argc - 1)
		return msg_usage(self->name, optind == argc ? "no cohort folder given" : "give exactly one cohort folder");
	o.cohort_dir = argv[optind];
	for (int i = 0; i < nmaps; i++)
		if (!cli_map_known(self, maps[i]))
			return PK_EXIT_USAGE;
	if (o.records_dir != NULL && nexports == 0)
		return msg_usage(self->name, "--records-out needs --attainment (without it the records are unchanged)");
	if (o.term != NULL && !cli_term_known(self, o.term))
		return PK_EXIT_USAGE;
	if ((ndocs = cli_split_list(doclist, docs, PIPELINE_MAX_DOCS)) < 0)
		return msg_usage(self->name, "bad document list '%s'", doclist);
	for (int i = 0; i < ndocs; i++)
		if (!cli_doc_check(self, docs[i]))
			return PK_EXIT_USAGE;
	if (audlist[0] != '\0' && (naud = cli_split_list(audlist, auds, PIPELINE_MAX_AUDIENCES)) < 0)
		return msg_usage(self->name, "bad audience list");
	for (int i = 0; i < naud; i++)
		if (!cli_audience_known(self, auds[i]))
			return PK_EXIT_USAGE;
	if (naud == 0) {
		/* the default: the full record copy, under OUTDIR/record/ and marked as such */
		auds[naud++] = "record";
		o.full_copy = 1;
	}
	if ((o.formats = pipeline_parse_formats(format)) == 0)
		return msg_usage(self->name, "unknown format in '%s' (use pdf, docx or pdf,docx)", format);
	o.threads = (int)jobs;
	o.stop = &cli_stop;
	o.on_failure = on_failure;
	oc.out_dir = o.out_dir;
	oc.quiet = quiet;
	o.on_obsolete = on_obsolete;
	o.obsolete_ctx = &oc;
	if (!quiet && isatty(STDERR_FILENO)) {
		o.progress = progress;
		o.progress_ctx = &bar;
	}

	p = pipeline_new(docs, ndocs, auds, naud, validate, &err);
	if (p == NULL || pipeline_fingerprints(p, &err) != PK_OK)
		goto fail;
	if (nexports > 0) {
		if ((ms = mapset_new()) == NULL) {
			pk_error_set(&err, PK_ENOMEM, "out of memory");
			goto fail;
		}
		for (int i = 0; i < nmaps; i++)
			if (mapset_add(ms, maps[i], &err) != PK_OK)
				goto fail;
		if ((o.attainment = mapset_merge_new(ms, o.term, &err)) == NULL)
			goto fail;
		o.profiles_fp = mapset_fingerprint(ms);
		for (int i = 0; i < nexports; i++) {
			if (mapset_read(ms, o.attainment, exports[i], &err) != PK_OK)
				goto fail;
		}
	}
	cli_catch_stop();
	rc = pack_run(p, &o, &res, &err);
	cli_bar_end(&bar);   /* an interrupted run leaves the bar's line open */
	if (rc != PK_OK && res.accounted) {
		/* the run happened but its report could not be written: the account goes to stderr */
		pack_print_summary(&res, o.out_dir, stderr);
		msg_error_value(&err);
		msg_error("the report could not be written: the account above is the only one of this run");
		status = pk_exit_status(err.code);
		goto out;
	}
	if (rc != PK_OK)
		goto fail;
	if (!quiet)
		pack_print_summary(&res, o.out_dir, stderr);
	if (res.not_processed > 0)
		msg_error("pack interrupted: %ld record%s not processed; run the same command again to finish",
			  res.not_processed, res.not_processed == 1 ? "" : "s");
	if (res.failed > 0)
		msg_error("%ld record%s failed; reasons in '%s'", res.failed, res.failed == 1 ? "" : "s",
			  res.report_csv);
	status = (res.failed > 0 || res.not_processed > 0) ? PK_EXIT_INVALID : PK_EXIT_OK;
	/* export rows that reached no record are a problem to act on, as in `pepkit merge` */
	if (o.attainment != NULL && (res.merge.n[MERGE_REJECTED] > 0 || res.merge.n[MERGE_UNMATCHED] > 0 ||
				     res.merge.files_rejected > 0))
		status = PK_EXIT_INVALID;
	if (archive_dir && res.not_processed == 0) {
		int st = archive_after_pack(archive_dir, &o, docs, ndocs, validate, quiet);
		if (st != PK_EXIT_OK && status == PK_EXIT_OK)
			status = st;
	}
	if (with_qa && res.not_processed == 0 && (rc = pack_qa(&o, quiet, &err)) != PK_OK)
		goto fail;
	goto out;
fail:
	msg_error_value(&err);
	status = pk_exit_status(err.code);
out:
	merge_free(o.attainment);
	mapset_free(ms);
	pipeline_free(p);
	return status;
}

const cli_cmd cmd_pack_def = {
	"pack", run,
	CLI_OPTIONS " -o OUTDIR COHORT_DIR",
	"the termly pack: every record in a folder to documents, with a run report",
	"Every *.xml record in COHORT_DIR (with --recursive, in its subfolders too) is validated\n"
	"and rendered, using every core. Documents go to OUTDIR/record/SCHOOL/CHILDID-TERM-DOC.pdf,\n"
	"full record copies, every page marked as not for distribution (with --audience:\n"
	"OUTDIR/AUDIENCE/SCHOOL/CHILDID-TERM-DOC-AUDIENCE.pdf), each written atomically with mode\n"
	"0600. One bad record never stops the others; two records with the same child id (ignoring\n"
	"case) both fail. A record that is a symbolic link is read like any other.\n"
	"OUTDIR/pack-report.csv and OUTDIR/pack-summary.txt account for every record: done, skipped\n"
	"(documents up to date), failed (with the reason; its documents from an earlier run are kept\n"
	"and listed as stale) or not processed (interrupted); every failure is also printed. The\n"
	"previous run's reports are moved aside (NAME.previous.EXT) first. Up to date is decided by\n"
	"content, never by file times: OUTDIR/.pepkit-manifest holds a fingerprint of everything that\n"
	"shaped each document (record, merged export rows, profiles, stylesheets, schemas, pepkit\n"
	"version, options) and the SHA-256 of the document as written, and a re-run makes exactly the\n"
	"documents whose inputs changed, or whose file is not the one the pack wrote (damaged).\n"
	"Obsolete documents of an earlier run are removed and listed (removed_documents; status\n"
	"'removed' for a record no longer in COHORT_DIR): a reader's copy superseded by one under\n"
	"withheld/ (the placement became location-confidential) or another school folder or child\n"
	"id, and every document of a record no longer in the cohort; only files the pack wrote,\n"
	"unchanged since (else a warning). One pack at a time per OUTDIR, and per --records-out DIR\n"
	"(a second is refused). Running the same command again finishes an\n"
	"interrupted pack. Exit status 1 if any record failed or was not processed, the cohort is\n"
	"empty, or (with --attainment) an export row or file was rejected or matched no record:\n"
	"every child is still rendered, and merge-report.csv says what to fix.\n"
	"With --attainment, the schools' exports are merged into each record in memory first (see\n"
	"'pepkit merge'); OUTDIR/merge-report.csv accounts for every export row, and a child whose\n"
	"exports conflict fails with that reason rather than being rendered with a guess; with\n"
	"--records-out DIR every other record is also written to DIR as merged, so DIR is next\n"
	"term's cohort (and 'template --from' is not stale).\n"
	"With --qa, 'pepkit qa' then runs over the same cohort into OUTDIR (qa-report.csv,\n"
	"pp-plus.csv, dashboard.html; see 'pepkit qa --help').",
	opts
};
