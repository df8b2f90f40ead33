/*
 * cmd_sample.c: `pepkit sample --children N --seed S [--attainment ADIR] -o DIR`: write a
 * synthetic cohort of PEP records for demos, tests and benchmarks, and optionally the schools'
 * attainment exports for it (the work is in sample.c).
 */
#include "core/pepkit.h"
#include "cli/cli.h"
#include "core/msg.h"
#include "sample/sample.h"

#include <getopt.h>
#include <stdio.h>

enum { OPT_CHILDREN = 'n', OPT_SEED = 's', OPT_OUT = 'o', OPT_ATTAINMENT = 256 };

static const cli_opt opts[] = {
	{ "children", OPT_CHILDREN, "N", "how many child records to make (1 to 1000000; default 100)" },
	{ "seed", OPT_SEED, "S", "seed: the same N and S always give the same files (default 1)" },
	{ "output", OPT_OUT, "DIR", "folder to write child-NNNNNN.xml into (created if needed)" },
	{ "attainment", OPT_ATTAINMENT, "ADIR", "also write the schools' attainment exports (CSV) into ADIR (outside DIR)" },
	{ NULL, 0, NULL, NULL }
};

/* Parse the options, make the cohort, report. Returns an exit status. */
static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *arg, *dir = NULL, *adir = NULL;
	sample_exports ex;
	long children = 100, seed = 1;
	pk_error err;
	int c;

	pk_error_clear(&err);
	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		switch (c) {
		case CLI_HELP:
			return PK_EXIT_OK;
		case OPT_CHILDREN:
			if (cli_int(self, "children", arg, 1, SAMPLE_MAX_CHILDREN, &children) != 0)
				return PK_EXIT_USAGE;
			break;
		case OPT_SEED:
			if (cli_int(self, "seed", arg, 0, 2147483647L, &seed) != 0)
				return PK_EXIT_USAGE;
			break;
		case OPT_OUT:
			dir = arg;
			break;
		case OPT_ATTAINMENT:
			adir = arg;
			break;
		default:
			return PK_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return msg_usage(self->name, "unexpected argument '%s'", argv[optind]);
	if (dir == NULL || dir[0] == '\0')
		return msg_usage(self->name, "no output folder: give -o DIR");
	if (sample_generate(dir, children, (unsigned long)seed, &err) != PK_OK) {
		msg_error_value(&err);
		return pk_exit_status(err.code);
	}
	msg_info("wrote %ld synthetic records to '%s'", children, dir);
	if (adir == NULL)
		return PK_EXIT_OK;
	if (sample_attainment(adir, children, (unsigned long)seed, &ex, &err) != PK_OK) {
		msg_error_value(&err);
		return pk_exit_status(err.code);
	}
	msg_info("wrote attainment exports of %ld pupils, %ld files per shape: '%s/sims-long' "
		 "(--map templates/mapping-sims-long.xml) and '%s/bromcom-wide' "
		 "(--map templates/mapping-bromcom-wide.xml --term 2025-autumn)", ex.pupils, ex.files, adir, adir);
	if (ex.planted)
		msg_info("planted problems: bad UPN %s, conflict for %s, unknown pupil %s, "
			 "out-of-scale grade for %s", ex.bad_upn, ex.conflict_upn, ex.unknown_upn,
			 ex.out_of_scale_upn);
	return PK_EXIT_OK;
}

const cli_cmd cmd_sample_def = {
	"sample", run, "[--children N] [--seed S] [--attainment ADIR] -o DIR",
	"generate a synthetic cohort of PEP records (invented people only)",
	"Writes DIR/child-000001.xml ... one record per child, each valid against\n"
	"schemas/pep.xsd: three terms of history (2025-spring to 2025-autumn), schools of\n"
	"every phase, names from many languages and scripts. Synthetic data only.\n"
	"With --attainment ADIR, also the schools' attainment returns for 2025-autumn, one CSV\n"
	"per school in each shape: ADIR/sims-long/*.csv (merge with --map\n"
	"templates/mapping-sims-long.xml) and ADIR/bromcom-wide/*.csv (--map\n"
	"templates/mapping-bromcom-wide.xml --term 2025-autumn). They add two results per pupil\n"
	"(Reception and up) that the records do not hold yet, and plant four problems for the\n"
	"merge report: a mistyped UPN, a conflict between two schools' files, a pupil not in\n"
	"the cohort and a grade off its scale.",
	opts
};
