/*
 * cmd_import.c: `pepkit import` (placeholder until its issue work lands).
 */
#include "pepkit.h"
#include "cli.h"
#include "msg.h"

static const cli_opt opts[] = { { NULL, 0, NULL, NULL } };

/* Not built yet: says so and fails. */
static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *arg;
	int c;

	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		if (c == CLI_HELP)
			return PK_EXIT_OK;
		return PK_EXIT_USAGE;
	}
	msg_error("'import' is not implemented yet");
	return PK_EXIT_INTERNAL;
}

const cli_cmd cmd_import_def = { "import", run, "...", "(not implemented yet)", NULL, opts };
