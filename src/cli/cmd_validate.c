/*
 * cmd_validate.c: `pepkit validate [options] FILE|DIR...`. Parses each record safely, validates
 * it (validate.h) and prints every problem as one line "FILE:LINE: field: message" on stdout;
 * a file that cannot be parsed at all (not well-formed, DOCTYPE, over the size cap, ...) gives
 * one such line with field "document". A folder stands for the *.xml files directly inside it,
 * in name order.
 */
#include "core/pepkit.h"
#include "cli/cli.h"
#include "core/msg.h"
#include "record/validate.h"
#include "core/xmlsafe.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { OPT_SUMMARY = 256 };

static const cli_opt opts[] = {
	{ "quiet", 'q', NULL, "print nothing on stdout; only the exit status tells" },
	{ "verbose", 'v', NULL, "also print 'FILE: valid' for each valid file" },
	{ "summary", OPT_SUMMARY, NULL, "end with a count of valid and invalid files on stderr" },
	{ NULL, 0, NULL, NULL }
};

/* What the run has seen so far. */
struct tally {
	int quiet, verbose;
	int files, valid, invalid, unreadable;
	int empty;   /* folders with no *.xml */
};

/* Print s with control characters replaced by spaces, so no input can split or forge lines. */
static void put_clean(const char *s)
{
	for (; *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

/* Print one problem line "FILE:LINE: field: message" unless quiet. */
static void print_problem(const struct tally *t, const char *file, int line, const char *field,
			  const char *message)
{
	if (t->quiet)
		return;
	put_clean(file);
	printf(":%d: ", line);
	put_clean(field);
	fputs(": ", stdout);
	put_clean(message);
	putchar('\n');
}

/* validate_report_fn: ctx is the tally. */
static void on_problem(void *ctx, const char *file, int line, const char *field,
		       const char *message)
{
	print_problem(ctx, file, line, field, message);
}

/* Print a parse failure from xmlsafe (message "'FILE' line N: text" or "'FILE': text", or any
 * other text) as a problem line with field "document". */
static void print_parse_error(const struct tally *t, const char *file, const char *msg)
{
	size_t n = strlen(file);
	int line = 0, used = 0;

	if (msg[0] == '\'' && strncmp(msg + 1, file, n) == 0 && msg[n + 1] == '\'') {
		const char *p = msg + n + 2;

		if (sscanf(p, " line %d: %n", &line, &used) == 1 && used > 0)
			msg = p + used;
		if (line < 0)  /* xmlsafe says "line -1" when libxml2 has no line (a DOCTYPE) */
			line = 0;
		else if (p[0] == ':' && p[1] == ' ')
			msg = p + 2;
	}
	print_problem(t, file, line, "document", msg);
}

/* Validate one file and count the outcome. Returns PK_OK, or PK_EINTERNAL/PK_ENOMEM when
 * validation itself failed (already reported on stderr). */
static int check_file(validator *v, const char *file, struct tally *t)
{
	pk_error err;
	xmlDocPtr doc;
	int n;

	pk_error_clear(&err);
	t->files++;
	doc = xmlsafe_read_file(file, &err);
	if (doc == NULL) {
		if (err.code == PK_EIO) {
			t->unreadable++;
			msg_error_value(&err);
			return PK_OK;
		}
		if (err.code == PK_ENOMEM) {
			msg_error_value(&err);
			return PK_ENOMEM;
		}
		t->invalid++;
		print_parse_error(t, file, err.msg);
		return PK_OK;
	}
	n = validate_record(v, doc, file, on_problem, t, &err);
	xmlFreeDoc(doc);
	if (n < 0) {
		msg_error_value(&err);
		return n;
	}
	if (n > 0) {
		t->invalid++;
	} else {
		t->valid++;
		if (t->verbose && !t->quiet) {
			put_clean(file);
			fputs(": valid\n", stdout);
		}
	}
	return PK_OK;
}

/* scandir filter: regular-looking names ending in ".xml" (any case, as pack reads them), not
 * hidden. */
static int xml_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 4 && strcasecmp(d->d_name + n - 4, ".xml") == 0;
}

/* Validate every *.xml file directly inside dir, in name order. Returns as check_file(). */
static int check_dir(validator *v, const char *dir, struct tally *t)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, xml_name, alphasort), rc = PK_OK;

	if (n < 0) {
		msg_error("cannot read folder '%s'", dir);
		t->unreadable++;
		return PK_OK;
	}
	if (n == 0) {   /* an empty cohort (a share not mounted) is not "every record valid" */
		msg_error("no records (*.xml) in folder '%s'", dir);
		t->empty++;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(dir);
		char *path = malloc(len + strlen(names[i]->d_name) + 2);

		if (path == NULL) {
			msg_error("out of memory");
			rc = PK_ENOMEM;
		} else if (rc == PK_OK) {
			sprintf(path, "%s%s%s", dir, len && dir[len - 1] == '/' ? "" : "/",
				names[i]->d_name);
			rc = check_file(v, path, t);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

static int run(const cli_cmd *self, int argc, char **argv)
{
	struct tally t = { 0, 0, 0, 0, 0, 0, 0 };
	int summary = 0, c, rc = PK_OK;
	const char *arg;
	validator *v = NULL;
	pk_error err;

	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		switch (c) {
		case 'q': t.quiet = 1; break;
		case 'v': t.verbose = 1; break;
		case OPT_SUMMARY: summary = 1; break;
		case CLI_HELP: return PK_EXIT_OK;
		default: return PK_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return msg_usage(self->name, "no files given");
	pk_error_clear(&err);
	v = validate_new(&err);
	if (v == NULL) {
		msg_error_value(&err);
		return PK_EXIT_INTERNAL;
	}
	{
		struct stat st;

		/* more than one record: the fast path to the same verdict pays for itself */
		if (argc - optind > 1 || (stat(argv[optind], &st) == 0 && S_ISDIR(st.st_mode)))
			validate_use_fast(v);
	}
	for (int i = optind; i < argc && rc == PK_OK; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			rc = check_dir(v, argv[i], &t);
		else
			rc = check_file(v, argv[i], &t);
	}
	validate_free(v);
	if (summary && t.unreadable)
		fprintf(stderr, "%d file%s: %d valid, %d invalid, %d unreadable\n", t.files,
			t.files == 1 ? "" : "s", t.valid, t.invalid, t.unreadable);
	else if (summary)
		fprintf(stderr, "%d file%s: %d valid, %d invalid\n", t.files,
			t.files == 1 ? "" : "s", t.valid, t.invalid);
	if (rc != PK_OK)
		return PK_EXIT_INTERNAL;
	if (t.invalid > 0 || t.empty > 0)
		return PK_EXIT_INVALID;
	if (t.unreadable > 0)
		return PK_EXIT_IO;
	return PK_EXIT_OK;
}

const cli_cmd cmd_validate_def = {
	"validate", run, "[options] FILE|DIR...",
	"check PEP records against the schema and the rules it cannot express",
	"Each FILE is a PEP record; a DIR stands for the *.xml (and *.XML) files directly inside\n"
	"it, in name order.\n"
	"\n"
	"Every problem is one line on stdout, FILE:LINE: field: message, where field is a\n"
	"path in the record such as 'child/upn' or 'terms/term[2]/targets/target[1]/@due'.\n"
	"A file that is not well-formed XML, or that the safe parser refuses (a DOCTYPE,\n"
	"over 8 MB, nested too deep), gets one line with the field 'document'. At most 100\n"
	"problems are listed per file; the rest are counted.\n"
	"\n"
	"Beyond the schema (dates are YYYY-MM-DD, with no time zone), the rules check: the\n"
	"UPN's check letter; dates in order (birth, entering care, placement, school, death;\n"
	"terms oldest first without overlap; targets, meetings, actions and exclusions in\n"
	"their term); key stage against year group; attendance sums; PP+ requests naming\n"
	"the term's targets; sign-off by a person in people; an EHCP date for an EHCP; and\n"
	"ids free of the child's names (the child id holds no word of them, a school id not\n"
	"both a given and a family name), since ids become file names and email subjects.\n"
	"\n"
	"Exit status: 0 if every record is valid, 1 if any is invalid or a DIR holds no *.xml\n"
	"(*.XML too) file, 2 for a usage error, 3 if a file could not be read (and none was\n"
	"invalid).",
	opts
};
