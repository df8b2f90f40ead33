/*
 * cmd_merge.c: `pepkit merge`: merge school attainment exports (CSV) into the PEP records of
 * a cohort folder, as a mapping profile says; write the changed records atomically to OUTDIR and
 * a report accounting for every row (merge.h has the model and the outcomes).
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "cli/cli.h"
#include "intake/mapping.h"
#include "intake/merge.h"
#include "core/msg.h"
#include "core/xmlsafe.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SHOW_PROBLEMS 20

enum { OPT_REPORT = 256 };

static const cli_opt opts[] = {
	{ "map", 'm', "PROFILE", "mapping profile (XML, schemas/mapping.xsd), e.g. templates/mapping-sims-long.xml (required)" },
	{ "term", 't', "TERM", "term id for rows with no term column or an empty term, e.g. 2025-autumn" },
	{ "output", 'o', "OUTDIR", "write changed records here (may be COHORT_DIR itself) (required)" },
	{ "report", OPT_REPORT, "FILE", "write the CSV report to FILE (default OUTDIR/merge-report.csv)" },
	{ NULL, 0, NULL, NULL }
};

static const char details[] =
	"Each CSV operand is an export file or a folder of *.csv files. Every data row ends as\n"
	"merged, duplicate (the same value again, harmless), conflict (two values for one child,\n"
	"term, subject and aspect, or a value that differs from the record: that child's record is\n"
	"not written), held (a good value of a child with a conflict), unmatched (no record has the\n"
	"key) or rejected (bad UPN check letter, ragged row, invalid UTF-8, result off the grade\n"
	"scale, term not in the record, ...). Terms are never added to a record. The report lists\n"
	"each problem row and each value with its rows; a summary goes to stderr. Re-running a\n"
	"merge changes nothing. Exit status: 0 when every row merged or was a duplicate, 1 when any\n"
	"row was not (or a file could not be used: then no record is written), 2 usage, 3 I/O.";

/* Message callback: shows the first SHOW_PROBLEMS problems as errors. */
static void show_problem(void *ctx, const char *msg)
{
	unsigned long *shown = ctx;

	if ((*shown)++ < SHOW_PROBLEMS)
		msg_error("%s", msg);
}

/* qsort comparison of C strings. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted *.xml names in dir (caller frees each and the array), count in *n. Returns PK_OK
 * or PK_EIO/PK_ENOMEM with err set. */
static int list_records(const char *dir, char ***out, size_t *n, pk_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;

	*out = NULL;
	*n = 0;
	if (d == NULL)
		return pk_error_set(err, PK_EIO, "cannot read folder '%s'", dir);
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char **nn;

		if (l < 5 || strcasecmp(de->d_name + l - 4, ".xml") != 0 || de->d_name[0] == '.')
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

/* Merge into every record of cohort, writing changed ones to outdir. Returns PK_OK, or the
 * first hard error (err set); *bad counts records that could not be read. */
static int merge_cohort(merge_index *ix, const char *cohort, const char *outdir,
			unsigned long *bad, pk_error *err)
{
	char **names = NULL, path[4096], out[4096];
	size_t n = 0;
	int rc;

	rc = list_records(cohort, &names, &n, err);
	if (rc != PK_OK)
		return rc;
	for (size_t i = 0; i < n && rc == PK_OK; i++) {
		xmlDocPtr doc;
		pk_error e;
		int r;

		snprintf(path, sizeof(path), "%s/%s", cohort, names[i]);
		doc = xmlsafe_read_file(path, &e);
		if (doc == NULL) {
			msg_error_value(&e);
			(*bad)++;
			continue;
		}
		r = merge_apply(ix, doc, path, err);
		if (r < 0) {
			rc = r;
		} else if (r == MERGE_APPLY_CHANGED) {
			xmlChar *mem = NULL;
			int len = 0;

			xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
			snprintf(out, sizeof(out), "%s/%s", outdir, names[i]);
			rc = mem ? atomic_write_file_ex(out, mem, (size_t)len, ATOMIC_DEFER_DIRSYNC, err)
				 : pk_error_set(err, PK_ENOMEM, "out of memory");
			xmlFree(mem);
		}
		xmlFreeDoc(doc);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* pepkit merge --map PROFILE [--term TERM] -o OUTDIR COHORT_DIR CSV... */
static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *arg, *map_path = NULL, *term = NULL, *outdir = NULL, *report = NULL;
	mapping *map = NULL;
	merge_index *ix = NULL;
	merge_counts c;
	pk_buf csv = PK_BUF_INIT;
	pk_error err;
	char rpath[4096];
	unsigned long shown = 0, bad = 0, problems;
	int opt, rc, status = PK_EXIT_OK;

	pk_error_clear(&err);
	while ((opt = cli_next(self, argc, argv, &arg)) != -1) {
		switch (opt) {
		case 'm': map_path = arg; break;
		case 't': term = arg; break;
		case 'o': outdir = arg; break;
		case OPT_REPORT: report = arg; break;
		case CLI_HELP: return PK_EXIT_OK;
		default: return PK_EXIT_USAGE;
		}
	}
	if (map_path == NULL)
		return msg_usage("merge", "--map PROFILE is required");
	if (outdir == NULL)
		return msg_usage("merge", "-o OUTDIR is required");
	if (argc - optind < 2)
		return msg_usage("merge", "expected COHORT_DIR and at least one CSV");
	if (term) {
		char id[16];
		mapping none;

		memset(&none, 0, sizeof(none));
		if (strlen(term) > 13 || !mapping_term(&none, term, id) || strcmp(id, term) != 0)
			return msg_usage("merge", "--term '%s' is not a term id like 2025-autumn", term);
	}
	rc = mapping_load(map_path, &map, &err);
	if (rc != PK_OK)
		goto fail;
	ix = merge_new(map, term);
	if (ix == NULL) {
		rc = pk_error_set(&err, PK_ENOMEM, "out of memory");
		goto fail;
	}
	for (int i = optind + 1; i < argc; i++) {
		rc = merge_read_path(ix, argv[i], &err);
		if (rc != PK_OK) {
			msg_error_value(&err);
			msg_error("no record written: fix the export or the profile and run again");
			status = pk_exit_status(rc);
			goto out;
		}
	}
	rc = atomic_mkdirs(outdir, &err);
	if (rc == PK_OK)
		rc = merge_cohort(ix, argv[optind], outdir, &bad, &err);
	if (rc != PK_OK)
		goto fail;
	rc = atomic_sync_dir(outdir, &err);   /* the records' renames, before the report says so */
	if (rc != PK_OK)
		goto fail;
	rc = merge_report(ix, &c, &csv, show_problem, &shown);
	if (rc != PK_OK) {
		rc = pk_error_set(&err, rc, "out of memory");
		goto fail;
	}
	if (report == NULL) {
		snprintf(rpath, sizeof(rpath), "%s/merge-report.csv", outdir);
		report = rpath;
	}
	rc = atomic_write_file(report, csv.data ? csv.data : "", csv.len, &err);
	if (rc != PK_OK)
		goto fail;
	if (shown > SHOW_PROBLEMS)
		msg_error("%lu more problems in '%s'", shown - SHOW_PROBLEMS, report);
	problems = c.n[MERGE_CONFLICT] + c.n[MERGE_HELD] + c.n[MERGE_UNMATCHED] + c.n[MERGE_REJECTED];
	msg_info("merge: %lu rows (%lu values) from %lu files: %lu merged, %lu duplicate, "
		 "%lu conflict, %lu held, %lu unmatched, %lu rejected",
		 c.rows, c.values, c.files, c.n[MERGE_MERGED], c.n[MERGE_DUPLICATE],
		 c.n[MERGE_CONFLICT], c.n[MERGE_HELD], c.n[MERGE_UNMATCHED], c.n[MERGE_REJECTED]);
	msg_info("merge: %lu records updated in '%s', %lu not written because of a conflict; report '%s'",
		 c.records_changed, outdir, c.records_held, report);
	if (problems || bad)
		status = PK_EXIT_INVALID;
	goto out;
fail:
	msg_error_value(&err);
	status = pk_exit_status(rc);
out:
	buf_free(&csv);
	merge_free(ix);
	mapping_free(map);
	return status;
}

const cli_cmd cmd_merge_def = {
	"merge", run, "--map PROFILE [--term TERM] -o OUTDIR COHORT_DIR CSV...",
	"merge school attainment exports (CSV) into PEP records", details, opts
};
