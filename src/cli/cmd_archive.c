/*
 * cmd_archive.c: `pepkit archive ACTION`: the write-once store of the children's record copies
 * (archive/store.h). Actions: deposit (render PDF/A-2b record copies and store them, optionally
 * also PUT over WebDAV), verify (fixity), list, export (a BagIt bag of one child), due (children
 * past their retention date). Parses options, shows a progress bar on a terminal, prints what
 * happened; the work is in src/archive/.
 */
#include "core/pepkit.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "core/civil.h"
#include "core/msg.h"
#include "archive/dav.h"
#include "archive/deposit.h"
#include "archive/store.h"
#include "batch/pipeline.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { OPT_CHILD = 256, OPT_ON, OPT_TO, OPT_CRED, OPT_CACERT, OPT_NO_VALIDATE };

static const cli_opt opts[] = {
	{ "store", 's', "DIR", "the archive store (a local or mounted folder; deposit creates it)" },
	{ "term", 't', "TERM", "deposit: term to deposit, e.g. 2025-autumn (default: each record's latest)" },
	{ "doc", 'd', "LIST", "deposit: document types, comma-separated: pep1, pep2, myvoice, agenda (default: pep1,pep2)" },
	{ "to", OPT_TO, "URL", "deposit: also PUT each document to this WebDAV folder (https:// only), one folder per child" },
	{ "credentials", OPT_CRED, "FILE", "deposit --to: user:password from FILE (mode 0600; default: $PEPKIT_DAV_CREDENTIALS)" },
	{ "cacert", OPT_CACERT, "FILE", "deposit --to: trust the CA certificates in FILE instead of the system's" },
	{ "child", OPT_CHILD, "ID", "list, export: the child (LA child id)" },
	{ "output", 'o', "BAGDIR", "export: write the bag to BAGDIR (must not exist)" },
	{ "on", OPT_ON, "DATE", "due: children whose retention date is on or before DATE (YYYY-MM-DD; default: today in England)" },
	{ "no-validate", OPT_NO_VALIDATE, NULL, "deposit: skip validating records (not recommended)" },
	{ "quiet", 'q', NULL, "no progress bar and no summary" },
	{ NULL, 0, NULL, NULL }
};


/* deposit_opts.progress: documents done. */
static void deposit_progress(void *ctx, long done, long total)
{
	cli_bar_draw(ctx, done, total, NULL);
}

static double wall_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct args {
	const char *store, *term, *to, *cred, *cacert, *child, *out, *on;
	char doclist[128];
	int validate, quiet;
};

static int do_deposit(const cli_cmd *self, struct args *a, int argc, char **argv)
{
	const char *docs[PIPELINE_MAX_DOCS];
	archive_store *s = NULL;
	dav_target *dav = NULL;
	deposit_opts o;
	deposit_result res;
	cli_bar bar;
	pk_error err;
	int ndocs, status;
	double t0;

	cli_bar_init(&bar, "documents");
	pk_error_clear(&err);
	if (optind >= argc)
		return msg_usage(self->name, "deposit: give a cohort folder or record files");
	if ((ndocs = cli_split_list(a->doclist, docs, PIPELINE_MAX_DOCS)) < 0)
		return msg_usage(self->name, "bad document list");
	for (int i = 0; i < ndocs; i++)
		if (!cli_doc_check(self, docs[i]))
			return PK_EXIT_USAGE;
	if (a->term && !cli_term_known(self, a->term))
		return PK_EXIT_USAGE;
	if (!a->to && (a->cred || a->cacert))
		return msg_usage(self->name, "--credentials and --cacert go with --to URL");
	memset(&o, 0, sizeof(o));
	o.inputs = (const char *const *)argv + optind;
	o.ninputs = argc - optind;
	o.term = a->term;
	o.docs = docs;
	o.ndocs = ndocs;
	o.validate = a->validate;
	o.stop = &cli_stop;
	if (!a->quiet && isatty(STDERR_FILENO)) {
		o.progress = deposit_progress;
		o.ctx = &bar;
	}
	if (a->to && dav_open(a->to, a->cred, a->cacert, &dav, &err) != PK_OK)
		goto fail;
	o.dav = dav;
	if (store_open(a->store, STORE_CREATE | STORE_WRITE, &s, &err) != PK_OK)
		goto fail;
	cli_catch_stop();
	t0 = wall_now();
	if (deposit_run(s, &o, &res, &err) != PK_OK) {
		cli_bar_end(&bar);
		if (res.documents > 0 && res.report[0])   /* it ran; its report is in place, not known durable */
			msg_error("archive deposit: %ld records, %ld documents: %ld deposited, %ld already held, %ld "
				  "failed, %ld not processed; report '%s' written, but its folder could not be synced",
				  res.records, res.documents, res.deposited, res.held, res.failed, res.not_processed,
				  res.report);
		else if (res.documents > 0)   /* it ran, but its report could not be written */
			msg_error("archive deposit: %ld records, %ld documents: %ld deposited, %ld already held, %ld "
				  "failed, %ld not processed; no report written (its rows are above)", res.records,
				  res.documents, res.deposited, res.held, res.failed, res.not_processed);
		goto fail;
	}
	cli_bar_end(&bar);
	if (!a->quiet) {
		double t = wall_now() - t0;
		fprintf(stderr, "pepkit: archive deposit: %ld record%s, %ld document%s: %ld deposited, %ld already held "
				"(same document: nothing written), %ld failed, %ld not processed\n",
			res.records, res.records == 1 ? "" : "s", res.documents, res.documents == 1 ? "" : "s",
			res.deposited, res.held, res.failed, res.not_processed);
		char e1[4200], e2[4200];   /* paths shown escaped: no forged line from a folder name */

		if (dav)
			fprintf(stderr, "pepkit: archive deposit: %ld sent to '%s' and checked; %ld there already "
					"(the same bytes, checked): not sent again\n", res.sent,
				msg_escape(a->to, e1, sizeof(e1)), res.dav_held);
		fprintf(stderr, "pepkit: archive deposit: %.2f s (rendering %.2f s CPU, storing %.2f s); report '%s'\n",
			t, res.render_cpu_s, res.store_s, msg_escape(res.report, e2, sizeof(e2)));
	}
	if (res.not_processed > 0)
		msg_error("deposit interrupted: %ld documents not processed; run the same command again to finish",
			  res.not_processed);
	if (res.failed > 0)
		msg_error("%ld document%s failed; reasons in '%s'", res.failed, res.failed == 1 ? "" : "s", res.report);
	if (res.records == 0)   /* an empty cohort (a share not mounted) is not "all deposited" */
		msg_error("no records (*.xml) in what was given; nothing deposited");
	status = res.failed || res.not_processed || res.records == 0 ? PK_EXIT_INVALID : PK_EXIT_OK;
	goto out;
fail:
	msg_error_value(&err);
	status = pk_exit_status(err.code);
out:
	store_close(s);
	dav_close(dav);
	return status;
}

static void verify_problem(void *ctx, const char *path, const char *what)
{
	(void)ctx;
	msg_error("'%s': %s", path, what);
}

static void verify_progress(void *ctx, long long done, long long total)
{
	if (ctx)
		cli_bar_draw(ctx, done, total, NULL);
}

static int do_verify(const cli_cmd *self, struct args *a)
{
	archive_store *s = NULL;
	store_verify_result r;
	cli_bar bar;
	char outcome[256];
	pk_error err;
	long long problems;
	double t0, t;
	int status;

	cli_bar_init(&bar, "documents");
	(void)self;
	pk_error_clear(&err);
	if (store_open(a->store, STORE_WRITE | STORE_READ_ONLY_OK, &s, &err) != PK_OK)
		goto fail;
	t0 = wall_now();
	if (store_verify(s, &r, verify_problem, verify_progress, !a->quiet && isatty(STDERR_FILENO) ? &bar : NULL,
			 &err) != PK_OK)
		goto fail;
	cli_bar_end(&bar);
	t = wall_now() - t0;
	problems = r.missing + r.altered + r.unexpected;
	snprintf(outcome, sizeof(outcome), "%lld documents: %lld intact, %lld missing, %lld altered, %lld unexpected files",
		 r.documents, r.ok, r.missing, r.altered, r.unexpected);
	if (store_event(s, "verify", NULL, outcome, &err) != PK_OK)
		goto fail;
	if (!a->quiet) {
		printf("%s\n", outcome);
		printf("%.1f MB in %.2f s (%.1f MB/s, %.0f documents/s)\n", r.bytes / 1e6, t,
		       t > 0 ? r.bytes / 1e6 / t : 0.0, t > 0 ? r.documents / t : 0.0);
		if (r.stale_temps)
			printf("removed %lld temp files left by an interrupted run\n", r.stale_temps);
	}
	if (problems)
		msg_error("the store '%s' has %lld problem%s", a->store, problems, problems == 1 ? "" : "s");
	status = problems ? PK_EXIT_INVALID : PK_EXIT_OK;
	goto out;
fail:
	msg_error_value(&err);
	status = pk_exit_status(err.code);
out:
	store_close(s);
	return status;
}

static int list_row(void *ctx, const store_row *r)
{
	(void)ctx;
	printf("%s\t%s\t%s\t%s\t%s\t%d\t%lld\t%s\t", r->deposited_at, r->child, r->term, r->type, r->audience, r->pages,
	       r->size, r->sha256);
	if (r->supersedes)
		printf("%lld\t%lld\n", r->id, r->supersedes);
	else
		printf("%lld\t-\n", r->id);
	return 0;
}

static int do_list(const cli_cmd *self, struct args *a)
{
	archive_store *s = NULL;
	pk_error err;
	int status = PK_EXIT_OK;

	pk_error_clear(&err);
	if (a->child && !store_valid_id(a->child))
		return msg_usage(self->name, "'%s' is not a child id", a->child);
	if (store_open(a->store, 0, &s, &err) != PK_OK)
		goto fail;
	printf("deposited_at\tchild\tterm\ttype\taudience\tpages\tsize\tsha256\tid\tsupersedes\n");
	if (store_list(s, a->child, list_row, NULL, &err) != PK_OK)
		goto fail;
	goto out;
fail:
	msg_error_value(&err);
	status = pk_exit_status(err.code);
out:
	store_close(s);
	return status;
}

static int do_export(const cli_cmd *self, struct args *a)
{
	archive_store *s = NULL;
	pk_error err;
	long n = 0;
	int status = PK_EXIT_OK;

	pk_error_clear(&err);
	if (!a->child || !a->out)
		return msg_usage(self->name, "export needs --child ID and -o BAGDIR");
	if (store_open(a->store, STORE_WRITE | STORE_READ_ONLY_OK, &s, &err) != PK_OK || store_export(s, a->child, a->out, &n, &err) != PK_OK)
		goto fail;
	if (!a->quiet) {
		char e1[4200], e2[256];

		fprintf(stderr, "pepkit: archive export: %ld document%s of child %s in the bag '%s'\n", n,
			n == 1 ? "" : "s", msg_escape(a->child, e2, sizeof(e2)), msg_escape(a->out, e1, sizeof(e1)));
	}
	goto out;
fail:
	msg_error_value(&err);
	status = pk_exit_status(err.code);
out:
	store_close(s);
	return status;
}

static int due_row(void *ctx, const char *child, const char *dob, const char *dod, const char *retention,
		   long long docs)
{
	long *n = ctx;

	printf("%s\t%s\t%s\t%s\t%lld\n", child, dob, dod[0] ? dod : "-", retention, docs);
	(*n)++;
	return 0;
}

static int do_due(const cli_cmd *self, struct args *a)
{
	archive_store *s = NULL;
	char outcome[128];
	pk_error err;
	long n = 0;
	int status = PK_EXIT_OK;

	char today[16];

	pk_error_clear(&err);
	if (!a->on) {   /* today, as qa's --on */
		civil_england_date((long long)time(NULL), today);   /* retention dates are English */
		a->on = today;
	}
	if (!store_valid_date(a->on))
		return msg_usage(self->name, "--on '%s' is not a date (YYYY-MM-DD)", a->on);
	if (store_open(a->store, STORE_WRITE | STORE_READ_ONLY_OK, &s, &err) != PK_OK)
		goto fail;
	printf("child\tdate_of_birth\tdate_of_death\tretention_date\tdocuments\n");
	if (store_due(s, a->on, due_row, &n, &err) != PK_OK)
		goto fail;
	snprintf(outcome, sizeof(outcome), "%ld child%s past their retention date on %s (listed for review; nothing deleted)",
		 n, n == 1 ? "" : "ren", a->on);
	if (store_event(s, "retention-review", NULL, outcome, &err) != PK_OK)
		goto fail;
	if (!a->quiet)
		fprintf(stderr, "pepkit: archive due: %s\n", outcome);
	goto out;
fail:
	msg_error_value(&err);
	status = pk_exit_status(err.code);
out:
	store_close(s);
	return status;
}

static int run(const cli_cmd *self, int argc, char **argv)
{
	struct args a;
	const char *arg, *action;
	int c;

	memset(&a, 0, sizeof(a));
	snprintf(a.doclist, sizeof(a.doclist), "pep1,pep2");
	a.validate = 1;
	if (argc >= 2 && argv[1][0] != '-') {
		/* the action comes first: `pepkit archive deposit --store DIR ...` */
		action = argv[1];
		argv[1] = argv[0];
		argc--;
		argv++;
	} else {
		action = NULL;
	}
	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		switch (c) {
		case 's': a.store = arg; break;
		case 't': a.term = arg; break;
		case 'd':
			if (snprintf(a.doclist, sizeof(a.doclist), "%s", arg) >= (int)sizeof(a.doclist))
				return msg_usage(self->name, "option '--doc' is too long");
			break;
		case OPT_TO: a.to = arg; break;
		case OPT_CRED: a.cred = arg; break;
		case OPT_CACERT: a.cacert = arg; break;
		case OPT_CHILD: a.child = arg; break;
		case 'o': a.out = arg; break;
		case OPT_ON: a.on = arg; break;
		case OPT_NO_VALIDATE: a.validate = 0; break;
		case 'q': a.quiet = 1; break;
		case CLI_HELP: return PK_EXIT_OK;
		default: return PK_EXIT_USAGE;
		}
	}
	if (!action)
		return msg_usage(self->name, "no action given (deposit, verify, list, export or due)");
	if (!a.store)
		return msg_usage(self->name, "no store: give --store DIR");
	if (strcmp(action, "deposit") == 0)
		return do_deposit(self, &a, argc, argv);
	if (optind != argc)
		return msg_usage(self->name, "%s takes no operands", action);
	if (strcmp(action, "verify") == 0)
		return do_verify(self, &a);
	if (strcmp(action, "list") == 0)
		return do_list(self, &a);
	if (strcmp(action, "export") == 0)
		return do_export(self, &a);
	if (strcmp(action, "due") == 0)
		return do_due(self, &a);
	return msg_usage(self->name, "'%s' is not an archive action (deposit, verify, list, export or due)", action);
}

const cli_cmd cmd_archive_def = {
	"archive", run,
	"deposit|verify|list|export|due --store DIR [options] [COHORT_DIR|RECORD...]",
	"keep record copies as PDF/A-2b in a write-once store; verify, list, export, retention",
	"archive deposit --store DIR [options] COHORT_DIR|RECORD...\n"
	"  renders each record's full record copy (audience record) as PDF/A-2b and stores it once\n"
	"  as DIR/objects/CHILD/TERM/TYPE-SHA256.pdf (0600, folders 0700; temp file, fsync, rename,\n"
	"  folder fsync), recorded in DIR/catalogue.db (SQLite, WAL, synchronous=FULL): children\n"
	"  (id, date of birth, date of death, retention date), documents (term, type, audience,\n"
	"  SHA-256, size, pages, deposit time, source record hash, pepkit version, the version it\n"
	"  supersedes) and an event log; ids and dates only, never names. The same document again\n"
	"  is already held: nothing is written. A changed document is a new object that supersedes\n"
	"  the old one; nothing is overwritten or deleted. The run report DIR/reports/deposit-*.csv\n"
	"  accounts for every document. With --to https://..., each document is also PUT into a\n"
	"  WebDAV folder per child over verified TLS and its stored size (and checksum, where the\n"
	"  server reports one) checked; credentials come from $PEPKIT_DAV_CREDENTIALS or\n"
	"  --credentials FILE (mode 0600), never from the command line.\n"
	"archive verify --store DIR\n"
	"  hashes every object again; reports missing, altered and unexpected files and rows\n"
	"  without files. Exit status 1 if anything is wrong.\n"
	"archive list --store DIR [--child ID]\n"
	"  what is held, newest first (tab-separated).\n"
	"archive export --store DIR --child ID -o BAGDIR\n"
	"  a BagIt bag (RFC 8493) of the child's documents, built beside BAGDIR and renamed into\n"
	"  place.\n"
	"archive due --store DIR [--on DATE]\n"
	"  children whose retention date (75th birthday, or 15 years after a recorded death before\n"
	"  18) is on or before DATE, for a records manager's review. pepkit never deletes anything.\n"
	"One writer at a time per store: another run gets 'DIR is in use' (exit 3).\n"
	"Exit status: 0 success; 1 documents failed, deposit found no record (*.xml), or verify\n"
	"found problems; 2 usage error; 3 the store or a file could not be read or written (or the\n"
	"store is busy); 4 internal.",
	opts
};
