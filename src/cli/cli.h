/*
 * cli.h: the command table and option tables. Each subcommand (src/cmd_*.c) defines one
 * cli_cmd with its options; `pepkit CMD --help` is printed from that table, and the test
 * t-docs checks the man page (doc/pepkit.1) names the same options.
 */
#ifndef PEPKIT_CLI_H
#define PEPKIT_CLI_H

#include "core/pepkit.h"

#include <stdio.h>

typedef struct cli_opt {
	const char *name;  /* long name without "--" */
	int key;           /* short option letter, or a value > 255 for long-only options */
	const char *arg;   /* metavariable ("DIR") or NULL for a flag */
	const char *help;  /* one line */
} cli_opt;

typedef struct cli_cmd {
	const char *name;
	int (*run)(const struct cli_cmd *self, int argc, char **argv);  /* returns an exit status */
	const char *synopsis;  /* after "pepkit NAME ": "[--term TERM] -o OUT.pdf FILE"; may start
				  with CLI_OPTIONS: the options the rest does not name, from opts */
	const char *summary;   /* one line, lowercase, for `pepkit --help` */
	const char *details;   /* paragraphs after the options in CMD --help, or NULL */
	const cli_opt *opts;   /* ends with an entry whose name is NULL; --help is implicit */
} cli_cmd;

/* A synopsis starting with this word lists the table's options there (cli_print_help). */
#define CLI_OPTIONS "[OPTIONS]"

/* Returned by cli_next() for --help/-h, after printing the help to stdout. */
#define CLI_HELP 0x10000
/* Returned by cli_next() for a bad option, after printing the usage error. */
#define CLI_ERROR '?'

/*
 * Parse the next option of cmd (getopt_long underneath; call with the same argc/argv until it
 * returns -1). Returns the option's key and sets *arg to its value (NULL for flags); CLI_HELP
 * after printing help; CLI_ERROR after printing a usage error; -1 at the first operand (the
 * operands start at optind).
 */
int cli_next(const cli_cmd *cmd, int argc, char **argv, const char **arg);

/* --help text fits this many columns (an 80-column terminal). */
#define CLI_WIDTH 79

/* Print text (one line; it ends at '\n' or NUL) to f filled to CLI_WIDTH columns, the first
 * line starting at column col (what is already on it), the others indented by indent spaces;
 * a word in square brackets ("[--term TERM]") is kept whole. Ends with a newline. */
void cli_wrap(FILE *f, const char *text, size_t col, size_t indent);

/* Print `pepkit CMD --help` text to f, filled to CLI_WIDTH columns. */
void cli_print_help(const cli_cmd *cmd, FILE *f);

/* The subcommands, in the order `pepkit --help` lists them; ends with NULL. */
extern const cli_cmd *const cli_commands[];

/* Is doc a document type a --doc option may name: a stylesheet stylesheets/DOC.xsl under
 * pk_datadir() that is not one the others include (common, form-*)? */
int cli_doc_known(const char *doc);

/* Is name a file an option may name: a shipped one, templates/SUB NAME.xml under pk_datadir()
 * (sub "qa-" for frameworks, "audiences/" for readers), or a file's path (one with a '/' or
 * ending in .xml, checked when loaded)? Returns 1, or prints a usage error for cmd ("unknown
 * WHAT 'x': did you mean 'y'? (KINDS: the shipped names; or a file's path)") and returns 0. */
int cli_shipped_known(const cli_cmd *cmd, const char *what, const char *kinds, const char *sub,
		      const char *name);

/* Is spec a --map value that names something: PROFILE or CSV=PROFILE, where PROFILE is a file
 * or folder that exists or a shipped profile (templates/mapping-NAME.xml)? As
 * cli_shipped_known(). */
int cli_map_known(const cli_cmd *cmd, const char *spec);

/* Is name a reader an --audience option may give: a shipped profile
 * (templates/audiences/NAME.xml under pk_datadir()) or a profile file's path (one with a '/'
 * or ending in .xml, checked when loaded)? Returns 1, or prints a usage error for cmd naming
 * the shipped readers and the one name is close to ("did you mean 'carer'?") and returns 0. */
int cli_audience_known(const cli_cmd *cmd, const char *name);

/* Is doc a document type (cli_doc_known)? Returns 1, or prints a usage error for cmd naming
 * the document types (the shipped stylesheets) and the one doc is close to, and returns 0. */
int cli_doc_check(const cli_cmd *cmd, const char *doc);

/* Split a comma list in place into items (at most max). Returns the count, or -1 when the list
 * is empty or has too many items. */
int cli_split_list(char *s, const char **items, int max);

/* 1 if t is a term id: a year from 2000 to 2099, '-', then autumn, spring or summer. */
int cli_term_valid(const char *t);

/* Is t a term id (cli_term_valid)? Returns 1, or prints a usage error for cmd naming the
 * term it is close to ("did you mean '2026-spring'?") or the form, and returns 0. */
int cli_term_known(const cli_cmd *cmd, const char *t);

/* Parse a decimal integer option value in [min, max]; prints a usage error naming the option on
 * failure. Returns 0 on success, -1 on failure. */
int cli_int(const cli_cmd *cmd, const char *opt, const char *s, long min, long max, long *out);

/* 1 if a and b both exist and are one file (the same path spelt otherwise, a symbolic or hard
 * link), else 0. For refusing an -o that would replace the command's own input. */
int cli_same_file(const char *a, const char *b);

/* 1 if out is an existing file that is one of the n operands, or lies in an operand that is a
 * folder (so the command reads it as input: an export, a record), else 0. */
int cli_is_an_input(const char *out, char *const *operands, int n);

#endif
