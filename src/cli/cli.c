/*
 * cli.c: option parsing and --help generated from each command's option table.
 */
#include "core/pepkit.h"
#include "cli/cli.h"
#include "core/msg.h"
#include "core/suggest.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_OPTS 32

/* Report the long option arg ("--temr", "--re=x") that getopt_long did not take: ambiguous
 * when it starts two or more of cmd's option names (getopt takes a unique start), else unknown,
 * with the option it is close to ("did you mean '--term'?"). */
static void unknown_option(const cli_cmd *cmd, const char *arg)
{
	const char *names[MAX_OPTS + 1];
	char name[64], starts[512] = "";
	size_t n = 0, len;
	int count = 0;
	const char *near;

	if (strncmp(arg, "--", 2) != 0) {
		msg_usage(cmd->name, "unknown option '%s'", arg);
		return;
	}
	len = strcspn(arg + 2, "=");
	snprintf(name, sizeof(name), "%.*s", (int)(len < sizeof(name) ? len : sizeof(name) - 1), arg + 2);
	for (const cli_opt *o = cmd->opts; o && o->name && n < MAX_OPTS; o++)
		names[n++] = o->name;
	names[n++] = "help";
	for (size_t i = 0; i < n && name[0]; i++)
		if (strncmp(names[i], name, strlen(name)) == 0 && count++ < 8) {
			size_t used = strlen(starts);

			snprintf(starts + used, sizeof(starts) - used, "%s--%s", used ? ", " : "", names[i]);
		}
	if (count > 1) {
		msg_usage(cmd->name, "option '--%s' is ambiguous: it starts %s", name, starts);
		return;
	}
	near = suggest_pick(name, names, n);
	if (near != NULL)
		msg_usage(cmd->name, "unknown option '--%s': did you mean '--%s'?", name, near);
	else
		msg_usage(cmd->name, "unknown option '--%s'", name);
}

int cli_next(const cli_cmd *cmd, int argc, char **argv, const char **arg)
{
	struct option lopts[MAX_OPTS + 2];
	char shorts[MAX_OPTS * 2 + 4];
	size_t n = 0, s = 0;
	int c;

	/* GNU order: options may follow operands (`render FILE -o OUT`); `--` ends the options,
	 * for an operand that starts with '-' */
	shorts[s++] = ':';  /* report a missing argument as ':' */
	for (const cli_opt *o = cmd->opts; o && o->name && n < MAX_OPTS; o++, n++) {
		lopts[n].name = o->name;
		lopts[n].has_arg = o->arg ? required_argument : no_argument;
		lopts[n].flag = NULL;
		lopts[n].val = o->key;
		if (o->key > 0 && o->key < 256) {
			shorts[s++] = (char)o->key;
			if (o->arg)
				shorts[s++] = ':';
		}
	}
	lopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	lopts[n] = (struct option){ NULL, 0, NULL, 0 };
	shorts[s++] = 'h';
	shorts[s] = '\0';

	opterr = 0;
	*arg = NULL;
	c = getopt_long(argc, argv, shorts, lopts, NULL);
	switch (c) {
	case -1:
		return -1;
	case 'h':
		cli_print_help(cmd, stdout);
		return CLI_HELP;
	case ':':
		msg_usage(cmd->name, "option '%s' needs a value", argv[optind - 1]);
		return CLI_ERROR;
	case '?':
		if (optopt > 0 && optopt < 256)
			msg_usage(cmd->name, "unknown option '-%c'", optopt);
		else
			unknown_option(cmd, argv[optind - 1]);
		return CLI_ERROR;
	default:
		*arg = optarg;
		return c;
	}
}

/* Does the synopsis text rest name option o itself ("-o OUT", "--into")? */
static int named_in(const char *rest, const cli_opt *o)
{
	char s[8], l[64];

	snprintf(s, sizeof(s), "-%c ", o->key > 0 && o->key < 256 ? o->key : 0);
	snprintf(l, sizeof(l), "--%s", o->name);
	return (o->key > 0 && o->key < 256 && strstr(rest, s)) || strstr(rest, l);
}

/* Print the synopsis of cmd. A synopsis starting with CLI_OPTIONS has that word replaced by
 * every option of the table the rest of the synopsis does not name ("[-t TERM] [--force]"),
 * so an option added to the table shows in the usage line without editing it. */
static void print_synopsis(const cli_cmd *cmd, FILE *f)
{
	size_t n = strlen(CLI_OPTIONS);
	const char *rest;

	if (strncmp(cmd->synopsis, CLI_OPTIONS, n) != 0) {
		fputs(cmd->synopsis, f);
		return;
	}
	rest = cmd->synopsis + n;
	while (*rest == ' ')
		rest++;
	for (const cli_opt *o = cmd->opts; o && o->name; o++) {
		if (named_in(rest, o))
			continue;
		if (o->key > 0 && o->key < 256)
			fprintf(f, "[-%c%s%s] ", o->key, o->arg ? " " : "", o->arg ? o->arg : "");
		else
			fprintf(f, "[--%s%s%s] ", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	}
	fputs(rest, f);
}

void cli_print_help(const cli_cmd *cmd, FILE *f)
{
	fprintf(f, "usage: pepkit %s ", cmd->name);
	print_synopsis(cmd, f);
	fprintf(f, "\n\n%s\n\noptions:\n", cmd->summary);
	for (const cli_opt *o = cmd->opts; o && o->name; o++) {
		char left[64];

		if (o->key > 0 && o->key < 256)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		fprintf(f, "  %-26s %s\n", left, o->help);
	}
	fprintf(f, "  %-26s %s\n", "-h, --help", "show this help and exit");
	if (cmd->details)
		fprintf(f, "\n%s\n", cmd->details);
	/* once: a command whose details say its own exit statuses gets no second list */
	if (cmd->details == NULL || strcasestr(cmd->details, "exit status:") == NULL)
		fprintf(f, "\nexit status: 0 success, 1 invalid input or failed documents, 2 usage error,\n"
			   "3 file read/write error, 4 internal error. See pepkit(1).\n");
}

int cli_doc_known(const char *doc)
{
	char path[4096];

	if (doc == NULL || !*doc || strspn(doc, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(doc) ||
	    strcmp(doc, "common") == 0 || strncmp(doc, "form-", 5) == 0)
		return 0;
	if (snprintf(path, sizeof(path), "%s/stylesheets/%s.xsl", pk_datadir(), doc) >= (int)sizeof(path))
		return 0;
	return access(path, R_OK) == 0;
}

int cli_int(const cli_cmd *cmd, const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max) {
		msg_usage(cmd->name, "option '--%s' wants a whole number from %ld to %ld, not '%s'",
			  opt, min, max, s);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_split_list(char *s, const char **items, int max)
{
	int n = 0;
	char *save = NULL;

	for (char *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (n == max)
			return -1;
		items[n++] = t;
	}
	return n > 0 ? n : -1;
}

int cli_term_valid(const char *t)
{
	return strlen(t) >= 10 && strncmp(t, "20", 2) == 0 && t[2] >= '0' && t[2] <= '9' &&
	       t[3] >= '0' && t[3] <= '9' && t[4] == '-' &&
	       (strcmp(t + 5, "autumn") == 0 || strcmp(t + 5, "spring") == 0 || strcmp(t + 5, "summer") == 0);
}

int cli_same_file(const char *a, const char *b)
{
	struct stat x, y;

	return a && b && stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

int cli_is_an_input(const char *out, char *const *operands, int n)
{
	char dir[4096];
	const char *slash;
	struct stat st;

	if (out == NULL || stat(out, &st) != 0)
		return 0;
	slash = strrchr(out, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == out ? 1 : (int)(slash - out), out);
	for (int i = 0; i < n; i++)
		if (cli_same_file(out, operands[i]) ||
		    (stat(operands[i], &st) == 0 && S_ISDIR(st.st_mode) && cli_same_file(dir, operands[i])))
			return 1;
	return 0;
}
