/*
 * cmd_send.c: `pepkit send`: deliver each reader's redacted copy of the term's documents by
 * S/MIME, TLS-enforced or gateway email through the council's relay, or onto the post list,
 * with a durable send log (deliver/send.h). Parses options, reads the relay password (never
 * from argv), shows a progress bar on a terminal, stops starting records on SIGINT/SIGTERM,
 * and prints the summary.
 */
#include "core/pepkit.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "core/msg.h"
#include "deliver/council.h"
#include "deliver/plan.h"
#include "deliver/send.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { OPT_DRY_RUN = 256, OPT_RETRY_UNKNOWN, OPT_STATUS, OPT_AUDIT, OPT_PLAN, OPT_POST, OPT_NO_VALIDATE };

static const cli_opt opts[] = {
	{ "config", 'c', "FILE", "the council's delivery configuration (schemas/council.xsd; required)" },
	{ "term", 't', "TERM", "term to send, e.g. 2025-autumn (default: each record's latest)" },
	{ "log", 'l', "DIR", "the send log's folder (required to send, and for --status: every run for these records must use the same one); one run at a time per folder" },
	{ "post", OPT_POST, "DIR", "where the post list goes (default: LOGDIR/post)" },
	{ "dry-run", OPT_DRY_RUN, NULL, "plan only: print the deliveries (and write the plan CSV, to --plan FILE or LOGDIR/send-plan.csv, naming it); send nothing" },
	{ "plan", OPT_PLAN, "FILE", "with --dry-run: write the plan CSV to FILE (default: LOGDIR/send-plan.csv with --log; without either, no CSV)" },
	{ "retry-unknown", OPT_RETRY_UNKNOWN, NULL, "resend deliveries whose outcome is unknown (same Message-ID)" },
	{ "status", OPT_STATUS, NULL, "print the send log's counts by state (with --audit FILE: every delivery); send nothing; needs no --config or records" },
	{ "audit", OPT_AUDIT, "FILE", "write the audit CSV (every delivery: who, which copy, reader, hash, when, route, reply)" },
	{ "no-validate", OPT_NO_VALIDATE, NULL, "skip validating records (not recommended)" },
	{ "quiet", 'q', NULL, "no progress bar and no summary (errors still appear)" },
	{ NULL, 0, NULL, NULL }
};


/* send_opts.progress: records done, deliveries sent and not delivered. */
static void progress(void *ctx, long done, long total, long sent, long failed)
{
	char extra[96];
	int n = snprintf(extra, sizeof(extra), ", %ld sent", sent);

	if (failed > 0)
		snprintf(extra + n, sizeof(extra) - (size_t)n, ", %ld not delivered", failed);
	cli_bar_draw(ctx, done, total, extra);
}

/* The meeting records not due yet (no meeting in the term), when there are any. */
static void not_due(const send_report *r, FILE *f)
{
	if (r->not_due > 0)
		fprintf(f, "pepkit: %ld meeting record%s (PEP2) not due: no meeting in the record for the "
			"term yet; sent by a later run once the meeting is recorded\n", r->not_due,
			r->not_due == 1 ? "" : "s");
}

/* The summary: every planned delivery in exactly one line. */
static void summary(const send_report *r, const send_opts *o, FILE *f)
{
	long nrec = r->records - r->records_failed - (o->dry_run ? 0 : r->records_left);

	if (o->dry_run) {
		fprintf(f, "pepkit: plan: %ld deliver%s from %ld record%s: %ld S/MIME, %ld TLS enforced, %ld gateway, "
			   "%ld post list, %ld cannot be sent\n", r->planned, r->planned == 1 ? "y" : "ies",
			nrec, nrec == 1 ? "" : "s", r->by_route[ROUTE_SMIME], r->by_route[ROUTE_TLS],
			r->by_route[ROUTE_GATEWAY], r->by_route[ROUTE_POST], r->by_route[ROUTE_NONE]);
		not_due(r, f);
		return;
	}
	fprintf(f, "pepkit: %ld deliver%s from %ld record%s:\n", r->planned, r->planned == 1 ? "y" : "ies",
		nrec, nrec == 1 ? "" : "s");
	fprintf(f, "  sent now        %ld\n", r->sent);
	fprintf(f, "  sent before     %ld\n", r->already);
	fprintf(f, "  post list       %ld\n", r->posted);
	fprintf(f, "  failed          %ld\n", r->failed);
	fprintf(f, "  unknown         %ld\n", r->unknown);
	fprintf(f, "  cannot be sent  %ld\n", r->invalid);
	if (r->records_failed)
		fprintf(f, "  records failed  %ld\n", r->records_failed);
	not_due(r, f);
}

static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *config = NULL, *audit = NULL, *arg;
	int status_only = 0, quiet = 0, c, rc, status;
	char password[1024] = "", plan[4096];
	council *cn = NULL;
	send_opts o;
	send_report r;
	cli_bar bar;
	pk_error err;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	cli_bar_init(&bar, "records");
	pk_error_clear(&err);
	o.validate = 1;
	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		switch (c) {
		case 'c': config = arg; break;
		case 't': o.term = arg; break;
		case 'l': o.log_dir = arg; break;
		case OPT_POST: o.post_dir = arg; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_PLAN: o.plan_path = arg; break;
		case OPT_RETRY_UNKNOWN: o.retry_unknown = 1; break;
		case OPT_STATUS: status_only = 1; break;
		case OPT_AUDIT: audit = arg; break;
		case OPT_NO_VALIDATE: o.validate = 0; break;
		case 'q': quiet = 1; break;
		case CLI_HELP: return PK_EXIT_OK;
		default: return PK_EXIT_USAGE;
		}
	}
	if (status_only) {
		if (o.log_dir == NULL)
			return msg_usage(self->name, "--status needs the send log's folder: give --log DIR");
		if (optind != argc)
			return msg_usage(self->name, "--status takes no records");
		if (send_status(o.log_dir, stdout, audit, &err) != PK_OK)
			goto fail;
		return PK_EXIT_OK;
	}
	if (config == NULL)
		return msg_usage(self->name, "no council configuration: give --config FILE");
	if (optind == argc)
		return msg_usage(self->name, "no record or cohort folder given");
	if (o.term && !cli_term_known(self, o.term))
		return PK_EXIT_USAGE;
	if (o.plan_path && !o.dry_run)
		return msg_usage(self->name, "--plan goes with --dry-run");
	/* no default folder: a log made silently in the current folder is not found by a re-run
	 * from elsewhere, which would send everything again */
	if (o.log_dir == NULL && !o.dry_run)
		return msg_usage(self->name, "no send log folder: give --log DIR (the record of what was "
				 "sent; every run for these records must use the same one)");
	if (o.dry_run && o.plan_path == NULL && o.log_dir != NULL) {
		if ((size_t)snprintf(plan, sizeof(plan), "%s/send-plan.csv", o.log_dir) >= sizeof(plan))
			return msg_usage(self->name, "'%s': path too long", o.log_dir);
		o.plan_path = plan;
	}
	if (cli_is_an_input(o.plan_path, argv + optind, argc - optind) || cli_is_an_input(audit, argv + optind, argc - optind))
		return msg_usage(self->name, "'%s' is one of the records read: the CSV would replace it; give another "
				 "file", cli_is_an_input(audit, argv + optind, argc - optind) ? audit : o.plan_path);
	o.inputs = (const char *const *)(argv + optind);
	o.ninputs = argc - optind;
	if (council_load(config, &cn, &err) != PK_OK)
		goto fail;
	o.council = cn;
	if (!o.dry_run) {
		if (council_password(cn, password, sizeof(password), &err) != PK_OK)
			goto fail;
		o.password = password;
	}
	o.table = o.dry_run && !quiet ? stdout : NULL;
	o.stop = &cli_stop;
	if (!quiet && !o.dry_run && isatty(STDERR_FILENO)) {
		o.progress = progress;
		o.progress_ctx = &bar;
	}
	cli_catch_stop();
	rc = send_run(&o, &r, &err);
	cli_bar_end(&bar);
	if (rc != PK_OK)
		goto fail;
	/* one message per problem: ids, roles and reasons, never names */
	for (char *line = r.problems.data, *nl; line && *line; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			break;
		*nl = '\0';
		msg_error("%s", line);
	}
	if (!quiet)
		summary(&r, &o, stderr);
	if (o.dry_run && !quiet) {
		if (o.plan_path)
			msg_info("plan CSV written to '%s'", o.plan_path);
		else
			msg_info("plan CSV not written (give --plan FILE or --log DIR to keep it)");
	}
	if (o.dry_run)
		status = r.invalid > 0 || r.records_failed > 0 ? PK_EXIT_INVALID : PK_EXIT_OK;
	else
		status = r.failed + r.unknown + r.invalid + r.records_failed + r.records_left > 0 ? PK_EXIT_INVALID : PK_EXIT_OK;
	if (r.records == 0) {   /* an empty cohort (a share not mounted) is not "all sent" */
		msg_error("no records (*.xml) in what was given; nothing to send");
		status = PK_EXIT_INVALID;
	}
	if (audit && !o.dry_run && send_status(o.log_dir, NULL, audit, &err) != PK_OK)
		goto fail;
	if (r.records_left > 0)
		msg_error("send interrupted: %ld record%s not started; run the same command again to finish",
			  r.records_left, r.records_left == 1 ? "" : "s");
	goto out;
fail:
	msg_error_value(&err);
	status = pk_exit_status(err.code);
out:
	memset(password, 0, sizeof(password));
	buf_free(&r.problems);
	council_free(cn);
	return status;
}

const cli_cmd cmd_send_def = {
	"send", run,
	CLI_OPTIONS " --config FILE --log DIR [--term TERM] [--dry-run [--plan FILE]] [--retry-unknown] RECORD|COHORT_DIR...",
	"deliver each reader's redacted copy by secure email or the post list, with a send log",
	"For every record (a file, or every *.xml in a cohort folder) and its term, the documents the\n"
	"council's configuration names go to each recipient as their own redacted copy (PDF), by the\n"
	"most secure route available: S/MIME when CERTDIR/ADDRESS.pem is on file; TLS enforced when\n"
	"the address is in a secure domain; the domain's gateway rule; otherwise refused for email\n"
	"and put on the post list (LOGDIR/post: a PDF per recipient, covering letter then the copy,\n"
	"and post-list.csv for the post room). Never plain email. Every message goes to the relay\n"
	"over TLS 1.2 or later with its certificate verified. The relay password comes from the\n"
	"environment variable or owner-only file the configuration names, never the command line.\n"
	"Subjects and file names carry the marking, document, child id and term only, never a name.\n"
	"A meeting record (PEP2) is not due until the term's meeting is in the record: until then it\n"
	"is counted as not due, not sent, and goes to the attendees on a later run.\n"
	"The send log (LOGDIR/send-log.sqlite; --log is required, never a default folder) has one\n"
	"row per delivery (child, term, document, recipient, hash of the copy): a re-run sends only\n"
	"what has not been sent; a changed copy is a new delivery; a delivery interrupted mid-send\n"
	"becomes 'unknown' and is resent (with the same Message-ID) only with --retry-unknown.\n"
	"--status and --audit report from the log.\n"
	"Exit status: 0 every delivery sent or on the post list (with --dry-run: every delivery can\n"
	"be made); 1 some delivery failed, is unknown or cannot be made, a record is invalid, no\n"
	"record (*.xml) was found, or the configuration is invalid (or its password file readable\n"
	"by others); 2 usage error; 3 a file, the send log or the relay password file cannot be\n"
	"read or written, or another run holds the log folder; 4 internal error.",
	opts
};
