/*
 * main.c: the pepkit command. Sets up the libraries once, dispatches to a subcommand from the
 * table below, and turns a failure to write stdout into an error. The only file that exits.
 */
#include "core/pepkit.h"
#include "cli/cli.h"
#include "core/msg.h"
#include "core/suggest.h"
#include "render/pdf.h"
#include "core/xmlsafe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern const cli_cmd cmd_validate_def;
extern const cli_cmd cmd_render_def;
extern const cli_cmd cmd_pack_def;
extern const cli_cmd cmd_sample_def;
extern const cli_cmd cmd_merge_def;
extern const cli_cmd cmd_redact_def;
extern const cli_cmd cmd_template_def;
extern const cli_cmd cmd_import_def;
extern const cli_cmd cmd_qa_def;
extern const cli_cmd cmd_archive_def;
extern const cli_cmd cmd_send_def;

const cli_cmd *const cli_commands[] = {
	&cmd_validate_def,
	&cmd_render_def,
	&cmd_pack_def,
	&cmd_sample_def,
	&cmd_merge_def,
	&cmd_redact_def,
	&cmd_template_def,
	&cmd_import_def,
	&cmd_qa_def,
	&cmd_archive_def,
	&cmd_send_def,
	NULL
};

/* Example workflows, ending `pepkit --help`. */
static const char examples[] =
	"\nexamples:\n"
	"The termly pack, with the schools' exports merged and a copy for each reader:\n"
	"    pepkit validate cohort/*.xml\n"
	"    pepkit pack --attainment exports/ --audience record,school,carer \\\n"
	"                --term 2025-autumn -o pack/ cohort/\n"
	"A Word form out to a school and back into the record:\n"
	"    pepkit template --doc pep1 --from cohort/LA-204817.xml --term 2026-spring \\\n"
	"                    -o form.docx\n"
	"    (the designated teacher fills it in Word, then:)\n"
	"    pepkit import --into cohort/LA-204817.xml -o cohort/LA-204817.xml form.docx\n"
	"One document for one child, redacted for the carer:\n"
	"    pepkit render --doc pep2 --audience carer -o pep2-carer.pdf \\\n"
	"                  cohort/LA-204817.xml\n";

/* Print the top-level help to f. */
static void print_help(FILE *f)
{
	fprintf(f, "usage: pepkit [--version] [--help] COMMAND [ARGS]\n\n"
		   "Produce Personal Education Plan documents for children in care: validate PEP\n"
		   "records, merge school attainment exports, and render PDF or Word documents\n"
		   "(redacted for each reader where needed), one child at a time or as a termly\n"
		   "pack.\n\n"
		   "commands:\n");
	for (size_t i = 0; cli_commands[i]; i++) {
		fprintf(f, "  %-10s ", cli_commands[i]->name);
		cli_wrap(f, cli_commands[i]->summary, 13, 13);
	}
	fprintf(f, "\n'pepkit COMMAND --help' shows a command's options; pepkit(1) has the rest.\n"
		   "Options may come before or after a command's operands; '--' ends the options.\n"
		   "exit status: 0 success, 1 invalid input or failed documents, 2 usage error,\n"
		   "3 file read/write error, 4 internal error.\n");
	fputs(examples, f);
}

/* A folder named with trailing slashes ("pack/", "cohort//") is that folder: drop the slashes
 * in place, so messages and reports name its files "pack/x", never "pack//x". Only a word that
 * is not an option, not a URL ("https://host/dav/" keeps its slash), and names a folder or
 * nothing yet (an output folder to be made); "/" stays "/", and a file named with a slash
 * ("rec.xml/") keeps it, so it still fails as not a folder. */
static void trim_folder_slashes(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		size_t n = strlen(a);
		struct stat st;

		if (n < 2 || a[0] == '-' || a[n - 1] != '/' || strstr(a, "://") != NULL)
			continue;
		if (stat(a, &st) == 0 ? !S_ISDIR(st.st_mode) : errno != ENOENT)
			continue;
		while (n > 1 && a[n - 1] == '/')
			a[--n] = '\0';
	}
}

/* Flush and close stdout; a failure there (disk full, closed pipe) is an I/O error. */
static int close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		msg_error("cannot write to standard output");
		return status == PK_EXIT_OK ? PK_EXIT_IO : status;
	}
	return status;
}

/* Standard input, output and error each opened on /dev/null if the caller closed it (`pepkit
 * ... >&-`, a daemon's child): else the first file a command opens (a lock file, an output's
 * temp file) would take that number, and messages and output would be written into it.
 * Returns 0, or -1 when /dev/null cannot be opened (nothing is then safe to open). */
static int sanitise_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		int got;

		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (got != fd) {
			if (got >= 0)
				close(got);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const cli_cmd *cmd = NULL;
	int status;

	if (sanitise_std_fds() != 0)
		return PK_EXIT_IO;
	if (argc < 2)
		return msg_usage(NULL, "no command given");
	/* `pepkit help COMMAND` is `pepkit COMMAND --help` */
	if (argc == 3 && strcmp(argv[1], "help") == 0 && argv[2][0] != '-') {
		static char help_opt[] = "--help";

		argv[1] = argv[2];
		argv[2] = help_opt;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		print_help(stdout);
		return close_stdout(PK_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("pepkit %s\n", PEPKIT_VERSION);
		return close_stdout(PK_EXIT_OK);
	}
	for (size_t i = 0; cli_commands[i]; i++)
		if (strcmp(argv[1], cli_commands[i]->name) == 0)
			cmd = cli_commands[i];
	if (cmd == NULL) {
		const char *names[sizeof(cli_commands) / sizeof(cli_commands[0])];
		size_t n = 0;
		const char *near;

		for (; cli_commands[n]; n++)
			names[n] = cli_commands[n]->name;
		near = suggest_pick(argv[1], names, n);
		if (near != NULL)
			return msg_usage(NULL, "'%s' is not a pepkit command: did you mean '%s'?", argv[1], near);
		return msg_usage(NULL, "'%s' is not a pepkit command", argv[1]);
	}
	trim_folder_slashes(argc, argv);
	if (xmlsafe_init() != PK_OK) {
		msg_error("cannot initialise the XML libraries");
		return PK_EXIT_INTERNAL;
	}
	status = cmd->run(cmd, argc - 1, argv + 1);
	pdf_cleanup();
	xmlsafe_cleanup();
	return close_stdout(status);
}
