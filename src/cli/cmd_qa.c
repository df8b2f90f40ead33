/*
 * cmd_qa.c: `pepkit qa`: the Virtual School's oversight of a cohort (see qa/qa.h): QA ratings,
 * timescales, PP+ per school and term, and the dashboard page. Parses options and reports.
 */
#include "core/pepkit.h"
#include "cli/cli.h"
#include "core/civil.h"
#include "core/msg.h"
#include "qa/qa.h"
#include "qa/framework.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum { OPT_FRAMEWORK = 256, OPT_CALENDAR, OPT_ON };

static const cli_opt opts[] = {
	{ "output", 'o', "OUTDIR", "write qa-report.csv, pp-plus.csv and dashboard.html under OUTDIR (required)" },
	{ "term", 't', "TERM", "term to rate, e.g. 2026-spring (default: each record's latest PEP)" },
	{ "framework", OPT_FRAMEWORK, "F", "QA framework: default, sthelens, lancashire, or a framework file (default: default)" },
	{ "calendar", OPT_CALENDAR, "C", "school calendar: england-2025-27 or a calendar file (default: england-2025-27)" },
	{ "on", OPT_ON, "DATE", "the day timescales are judged on, YYYY-MM-DD (default: today in England, whatever the machine's time zone)" },
	{ "jobs", 'j', "N", "worker threads (default: one per core)" },
	{ "quiet", 'q', NULL, "no summary (errors still appear)" },
	{ NULL, 0, NULL, NULL }
};

/* Format pence as "12.50" into out. */
static void money(long p, char out[32])
{
	snprintf(out, 32, "%ld.%02ld", p / 100, p % 100);
}

/* Print the run's summary to stderr. */
static void summary(const qa_result *r)
{
	char a[32], b[32];

	money(r->pp_requested, a);
	money(r->pp_payable, b);
	fprintf(stderr, "%ld record%s: %ld rated (%ld red, %ld amber, %ld green, %ld gold), %ld without a PEP for the term, "
		"%ld invalid, %ld unreadable\n", r->total, r->total == 1 ? "" : "s", r->rated, r->overall[QA_RED],
		r->overall[QA_AMBER], r->overall[QA_GREEN], r->overall[QA_GOLD], r->no_term, r->invalid, r->unreadable);
	fprintf(stderr, "%ld child%s with late or missing items; PP+ requested %s, payable %s\n", r->late,
		r->late == 1 ? "" : "ren", a, b);
	if (r->revalidated > 0)
		fprintf(stderr, "%ld record%s unchanged since the last run (known valid: not validated again)\n",
			r->revalidated, r->revalidated == 1 ? "" : "s");
	if (r->report_csv[0]) {   /* a folder name with a newline or a terminal escape, shown escaped */
		char e1[4200], e2[4200], e3[4200];

		fprintf(stderr, "report: %s\nPP+: %s\ndashboard: %s\n", msg_escape(r->report_csv, e1, sizeof(e1)),
			msg_escape(r->pp_csv, e2, sizeof(e2)), msg_escape(r->dashboard, e3, sizeof(e3)));
	}
}

static int run(const cli_cmd *self, int argc, char **argv)
{
	qa_opts o;
	qa_result res;
	pk_error err;
	const char *arg, *on = NULL;
	int c, quiet = 0;
	long jobs = 0;

	memset(&o, 0, sizeof(o));
	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		switch (c) {
		case 'o': o.out_dir = arg; break;
		case 't': o.term = arg; break;
		case OPT_FRAMEWORK: o.framework_path = arg; break;
		case OPT_CALENDAR: o.calendar_path = arg; break;
		case OPT_ON: on = arg; break;
		case 'j':
			if (cli_int(self, "jobs", arg, 1, 64, &jobs) != 0)
				return PK_EXIT_USAGE;
			break;
		case 'q': quiet = 1; break;
		case CLI_HELP: return PK_EXIT_OK;
		default: return PK_EXIT_USAGE;
		}
	}
	if (o.out_dir == NULL)
		return msg_usage(self->name, "no output folder: give -o OUTDIR");
	if (optind != argc - 1)
		return msg_usage(self->name, optind == argc ? "no cohort folder given" : "give exactly one cohort folder");
	o.cohort_dir = argv[optind];
	if (o.framework_path != NULL && !cli_shipped_known(self, "framework", "shipped", "qa-", o.framework_path))
		return PK_EXIT_USAGE;
	if (o.calendar_path != NULL && !cli_shipped_known(self, "calendar", "shipped", "calendar-", o.calendar_path))
		return PK_EXIT_USAGE;
	if (o.term != NULL && !cli_term_known(self, o.term))
		return PK_EXIT_USAGE;
	if (on != NULL) {
		if (qa_day_parse(on, &o.today) != 0)
			return msg_usage(self->name, "'%s' is not a date (YYYY-MM-DD)", on);
	} else {
		char d[16];

		civil_england_date((long long)time(NULL), d);   /* PEP timescales run on English dates */
		if (qa_day_parse(d, &o.today) != 0)
			return msg_usage(self->name, "today's date is out of range; give --on DATE");
	}
	o.threads = (int)jobs;
	pk_error_clear(&err);
	if (qa_run(&o, &res, &err) != PK_OK) {
		if (res.accounted) {   /* it ran: its account, since no report holds it */
			summary(&res);
			msg_error("qa: no report written (the records not rated are listed above)");
		}
		msg_error_value(&err);
		return pk_exit_status(err.code);
	}
	if (!quiet)
		summary(&res);
	if (res.total == 0) {   /* an empty cohort (a share not mounted) is not a clean report */
		msg_error("no records (*.xml) in cohort folder '%s'; the reports are empty", o.cohort_dir);
		return PK_EXIT_INVALID;
	}
	if (res.invalid > 0 || res.unreadable > 0)
		msg_error("%ld record%s not rated (invalid or unreadable); see '%s'", res.invalid + res.unreadable,
			  res.invalid + res.unreadable == 1 ? " was" : "s were", res.report_csv);
	return res.invalid > 0 || res.unreadable > 0 ? PK_EXIT_INVALID : PK_EXIT_OK;
}

const cli_cmd cmd_qa_def = {
	"qa", run,
	CLI_OPTIONS " [--term T] [--framework F] [--calendar C] [--on DATE] -o OUTDIR COHORT_DIR",
	"Virtual School oversight: QA pre-check, timescales, PP+ and a dashboard page",
	"Every *.xml record in COHORT_DIR is validated (an invalid record is reported, not rated),\n"
	"its PEP for the term rated area by area with a QA framework (templates/qa-NAME.xml,\n"
	"schemas/qa-framework.xsd) with the reasons in words, and its timescales checked against a\n"
	"school calendar (term dates, half-terms and bank holidays: templates/calendar-NAME.xml,\n"
	"schemas/calendar.xsd): the initial PEP, a new school, a PEP every term, the PEP2 interval,\n"
	"the next meeting date, targets past due, the EHCP annual review. An adviser's confirmed\n"
	"rating (<qa rating= date= adviser=> in the term) is shown beside the pre-check and is never\n"
	"changed. PP+ is payable only when the rating reaches the framework's threshold.\n"
	"Writes OUTDIR/qa-report.csv (one row per child), OUTDIR/pp-plus.csv (one row per PP+ request,\n"
	"then totals per school and term) and OUTDIR/dashboard.html (one self-contained page marked\n"
	"OFFICIAL-SENSITIVE), each atomically with mode 0600, one run at a time per OUTDIR.\n"
	"Exit status 1 if any record was invalid or unreadable, or COHORT_DIR holds none (the\n"
	"outputs are still written).",
	opts
};
