/*
 * cli.c: option parsing and --help generated from each command's option table.
 */
#include "core/pepkit.h"
#include "cli/cli.h"
#include "core/msg.h"
#include "core/buf.h"
#include "core/suggest.h"

#include <ctype.h>
#include <dirent.h>
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
	if (strcmp(name, "version") == 0) {   /* asked of a command: say where it is */
		msg_usage(cmd->name, "unknown option '--version': 'pepkit --version' prints the version");
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

/* Is the space at s[i] between an option and its value ("-o OUTDIR", "--store DIR"), which
 * stay on one line? */
static int opt_then_value(const char *s, size_t i)
{
	size_t start = i;

	while (start > 0 && s[start - 1] != ' ' && s[start - 1] != '[')
		start--;
	return s[start] == '-' && isupper((unsigned char)s[i + 1]) && i - start < 32;
}

/* Length of the word at s: up to the next space outside square brackets, so an option with
 * its value ("[--format pdf|docx]") is one word; a group longer than the width ends at a space
 * like any other word. */
static size_t word_len(const char *s)
{
	size_t i = 0, depth = 0;

	for (; s[i] && s[i] != '\n' && (s[i] != ' ' || depth > 0 || opt_then_value(s, i)); i++) {
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && depth > 0)
			depth--;
		if (s[i + 1] == ' ' && depth > 0 && i >= CLI_WIDTH)
			depth = 0;
	}
	return i;
}

void cli_wrap(FILE *f, const char *text, size_t col, size_t indent)
{
	size_t at = col;
	int first = 1;

	while (*text == ' ')
		text++;
	while (*text && *text != '\n') {
		size_t n = word_len(text);

		if (!first && at + 1 + n > CLI_WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			at = indent;
		} else if (!first) {
			fputc(' ', f);
			at++;
		}
		fwrite(text, 1, n, f);
		at += n;
		first = 0;
		text += n;
		while (*text == ' ')
			text++;
	}
	fputc('\n', f);
}

/* The indentation of the line at s. */
static size_t indent_of(const char *s)
{
	return strspn(s, " ");
}

/* Does the line at s (len bytes) end a sentence that the line at next starts ("... it.",
 * "The ...")? Details keep such a break: it is often where a new paragraph starts. */
static int sentence_break(const char *s, size_t len, const char *next)
{
	while (len > 0 && (s[len - 1] == ')' || s[len - 1] == '\''))
		len--;
	return len > 0 && (s[len - 1] == '.' || s[len - 1] == ':') && isupper((unsigned char)next[strspn(next, " ")]);
}

/* Print details text: each run of lines with one indentation, where every line but the last
 * is long (over 60 columns: text its author wrapped), is one paragraph, filled again to
 * CLI_WIDTH at that indentation; a short line ends its paragraph, as a blank line or the end
 * of a sentence at the end of a line does, so a heading line or a list keeps its breaks. */
static void print_details(FILE *f, const char *text)
{
	pk_buf para = PK_BUF_INIT;

	para.max = 1 << 16;
	while (*text) {
		const char *end = strchr(text, '\n');
		size_t len = end ? (size_t)(end - text) : strlen(text), ind = indent_of(text);

		buf_reset(&para);
		for (;;) {
			if (para.len)
				buf_append(&para, " ", 1);
			buf_append(&para, text + ind, len - ind);
			text = end ? end + 1 : text + len;
			if (!end || len <= 60 || !*text || *text == '\n' || indent_of(text) != ind ||
			    sentence_break(text - len - 1, len, text))
				break;
			end = strchr(text, '\n');
			len = end ? (size_t)(end - text) : strlen(text);
		}
		if (para.len == 0) {
			fputc('\n', f);
		} else {
			fprintf(f, "%*s", (int)ind, "");
			cli_wrap(f, para.data, ind, ind);
		}
		if (!end)
			break;
	}
	buf_free(&para);
}


/* Append the synopsis of cmd to b. A synopsis starting with CLI_OPTIONS has that word replaced
 * by every option of the table the rest of the synopsis does not name ("[-t TERM] [--force]"),
 * so an option added to the table shows in the usage line without editing it. */
static void synopsis(const cli_cmd *cmd, pk_buf *b)
{
	size_t n = strlen(CLI_OPTIONS);
	const char *rest;
	char one[160];

	if (strncmp(cmd->synopsis, CLI_OPTIONS, n) != 0) {
		buf_puts(b, cmd->synopsis);
		return;
	}
	rest = cmd->synopsis + n;
	while (*rest == ' ')
		rest++;
	for (const cli_opt *o = cmd->opts; o && o->name; o++) {
		if (named_in(rest, o))
			continue;
		if (o->key > 0 && o->key < 256)
			snprintf(one, sizeof(one), "[-%c%s%s] ", o->key, o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(one, sizeof(one), "[--%s%s%s] ", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		buf_puts(b, one);
	}
	buf_puts(b, rest);
}

void cli_print_help(const cli_cmd *cmd, FILE *f)
{
	pk_buf b = PK_BUF_INIT;
	char lead[64];

	b.max = 1 << 16;
	synopsis(cmd, &b);
	snprintf(lead, sizeof(lead), "usage: pepkit %s ", cmd->name);
	fputs(lead, f);
	cli_wrap(f, b.len ? b.data : "", strlen(lead), strlen(lead));
	buf_free(&b);
	fputc('\n', f);
	cli_wrap(f, cmd->summary, 0, 0);
	fputs("\noptions:\n", f);
	for (const cli_opt *o = cmd->opts; o && o->name; o++) {
		char left[64];

		if (o->key > 0 && o->key < 256)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		fprintf(f, "  %-26s ", left);
		cli_wrap(f, o->help, 29, 29);
	}
	fprintf(f, "  %-26s %s\n", "-h, --help", "show this help and exit");
	if (cmd->details) {
		fputc('\n', f);
		print_details(f, cmd->details);
	}
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

/* qsort comparison of two C strings. */
static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_shipped_known(const cli_cmd *cmd, const char *what, const char *kinds, const char *sub,
		      const char *name)
{
	char dir[4096], path[4400], list[1024], near[64];
	const char *slash = strrchr(sub, '/'), *prefix = slash ? slash + 1 : sub;
	size_t len = strlen(name);

	/* a file's path is checked when it is loaded (invalid input then, exit 1) */
	if (strchr(name, '/') || (len > 4 && strcmp(name + len - 4, ".xml") == 0))
		return 1;
	snprintf(dir, sizeof(dir), "%s/templates/%.*s", pk_datadir(), slash ? (int)(slash - sub) : 0, sub);
	if (len > 0 && len <= 40 && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == len &&
	    name[0] != '-' && snprintf(path, sizeof(path), "%s/%s%s.xml", dir, prefix, name) < (int)sizeof(path) &&
	    access(path, R_OK) == 0)
		return 1;
	suggest_shipped(dir, prefix, name, list, sizeof(list), near, sizeof(near));
	if (near[0])
		msg_usage(cmd->name, "unknown %s '%s': did you mean '%s'? (%s: %s; or a file's path)",
			  what, name, near, kinds, list);
	else
		msg_usage(cmd->name, "unknown %s '%s' (%s: %s; or a file's path)", what, name, kinds, list);
	return 0;
}

int cli_map_known(const cli_cmd *cmd, const char *spec)
{
	const char *eq = strchr(spec, '='), *profile = eq && eq > spec ? eq + 1 : spec;
	struct stat st;

	if (stat(profile, &st) == 0)   /* a file or a folder of profiles, read when loaded */
		return 1;
	return cli_shipped_known(cmd, "mapping profile", "shipped", "mapping-", profile);
}

int cli_audience_known(const cli_cmd *cmd, const char *name)
{
	return cli_shipped_known(cmd, "audience", "readers", "audiences/", name);
}

int cli_doc_check(const cli_cmd *cmd, const char *doc)
{
	char dir[4096], list[512] = "", *names[32];
	const char *near;
	size_t n = 0;
	DIR *d;

	if (cli_doc_known(doc))
		return 1;
	snprintf(dir, sizeof(dir), "%s/stylesheets", pk_datadir());
	if ((d = opendir(dir)) != NULL) {
		struct dirent *e;

		while ((e = readdir(d)) != NULL && n < 32) {
			size_t l = strlen(e->d_name);
			char name[256];

			if (l <= 4 || l >= sizeof(name) + 4 || strcmp(e->d_name + l - 4, ".xsl") != 0)
				continue;
			snprintf(name, sizeof(name), "%.*s", (int)(l - 4), e->d_name);
			if (cli_doc_known(name) && (names[n] = strdup(name)) != NULL)
				n++;
		}
		closedir(d);
	}
	qsort(names, n, sizeof(names[0]), by_str);
	for (size_t i = 0; i < n; i++) {
		size_t used = strlen(list);

		snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", names[i]);
	}
	near = suggest_pick(doc, (const char *const *)names, n);
	if (near != NULL)
		msg_usage(cmd->name, "unknown document '%s': did you mean '%s'? (documents: %s)", doc, near, list);
	else
		msg_usage(cmd->name, "unknown document '%s' (documents: %s)", doc, list);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return 0;
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

int cli_term_known(const cli_cmd *cmd, const char *t)
{
	static const char *const seasons[] = { "autumn", "spring", "summer" };
	const char *dash = strchr(t, '-'), *near = NULL;

	if (cli_term_valid(t))
		return 1;
	if (dash != NULL && dash - t == 4 && strspn(t, "0123456789") == 4 && strncmp(t, "20", 2) == 0)
		near = suggest_pick(dash + 1, seasons, 3);
	if (near != NULL)
		msg_usage(cmd->name, "'%s' is not a term id: did you mean '%.4s-%s'?", t, t, near);
	else
		msg_usage(cmd->name, "'%s' is not a term id (like 2025-autumn: a year, then autumn, spring "
			  "or summer)", t);
	return 0;
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
