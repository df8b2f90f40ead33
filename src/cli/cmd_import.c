/*
 * cmd_import.c: `pepkit import`: read a filled fallback form (made by `pepkit template`) back
 * into a PEP record, new or merged into an existing one, validate it, and write it atomically
 * only if every field was read and the result is valid, holding the output folder's lock.
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/lock.h"
#include "cli/cli.h"
#include "intake/import.h"
#include "batch/form.h"
#include "core/msg.h"
#include "core/xmlsafe.h"

#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>

static const cli_opt opts[] = {
	{ "output", 'o', "OUT.xml", "write the record to OUT.xml (required; may be the --into file)" },
	{ "into", 'i', "RECORD.xml", "merge into this record: only the form's term is filled or updated" },
	{ "term", 't', "TERM", "the term the form fills, e.g. 2026-spring (default: the form's own)" },
	{ NULL, 0, NULL, NULL }
};

/* What the callbacks of one import share: the form's path and the notes kept so far. */
typedef struct import_ctx {
	const char *form;
	pk_buf notes;           /* "'LABEL': MESSAGE\n" lines, printed once the record is written */
} import_ctx;

/* Print one box the form could not give (import_report_fn). */
static void on_field(void *ctx, const char *label, const char *tag, const char *message)
{
	(void)tag;
	msg_error("'%s': '%s': %s", ((import_ctx *)ctx)->form, label, message);
}

/* Keep one note on a box (import_note_fn: a correction, a box not imported). */
static void on_note(void *ctx, const char *label, const char *tag, const char *message)
{
	(void)tag;
	buf_printf(&((import_ctx *)ctx)->notes, "'%s': %s\n", label, message);
}

static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *out = NULL, *into = NULL, *term = NULL, *arg, *form;
	xmlDocPtr record = NULL, result = NULL;
	pk_lock *lock = NULL;
	char dir[4096], path[4096];
	pk_buf bytes = PK_BUF_INIT;
	import_ctx ctx = { NULL, PK_BUF_INIT };
	xmlChar *mem = NULL;
	int c, rc, len = 0;
	pk_error err;

	pk_error_clear(&err);
	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		switch (c) {
		case 'o': out = arg; break;
		case 'i': into = arg; break;
		case 't': term = arg; break;
		case CLI_HELP: return PK_EXIT_OK;
		default: return PK_EXIT_USAGE;
		}
	}
	if (out == NULL)
		return msg_usage(self->name, "no output file: give -o OUT.xml");
	if (optind != argc - 1)
		return msg_usage(self->name, optind == argc ? "no form given" : "give exactly one form");
	form = argv[optind];
	if (term && !cli_term_known(self, term))
		return PK_EXIT_USAGE;
	if (cli_same_file(out, form))   /* the record would replace the filled-in form it is read from */
		return msg_usage(self->name, "'%s' is the form '%s' itself: the record would replace it; give another -o",
				 out, form);

	if (import_read_file(form, &bytes, &err) != PK_OK)
		goto fail;
	/* the output's folder (a cohort) is locked before the record is read: another import, or
	 * a merge into that folder, would otherwise write between this run's read and its write,
	 * and one of the two would be lost. Another run there is waited for, then read after. */
	snprintf(path, sizeof(path), "%s", out);
	snprintf(dir, sizeof(dir), "%s", dirname(path));
	if ((rc = lock_acquire(dir, 0, &lock, &err)) == PK_EBUSY) {
		msg_info("'%s' is in use by another pepkit run: waiting for it", dir);
		pk_error_clear(&err);
		rc = lock_acquire(dir, LOCK_WAIT, &lock, &err);
	}
	if (rc != PK_OK)
		goto fail;
	if (into) {
		if ((record = xmlsafe_read_file(into, &err)) == NULL)
			goto fail;
		if (!xmlStrEqual(xmlDocGetRootElement(record)->name, BAD_CAST "pep-record")) {
			pk_error_set(&err, PK_EINVAL, "'%s': not a PEP record (root <pep-record>)", into);
			goto fail;
		}
	}
	ctx.form = form;
	if (import_form_reader(bytes.data, bytes.len, form, record, term, on_field, on_note, &ctx,
			       form_remake, NULL, &result, &err) != PK_OK)
		goto fail;
	xmlDocDumpMemoryEnc(result, &mem, &len, "UTF-8");
	if (mem == NULL) {
		pk_error_set(&err, PK_ENOMEM, "out of memory");
		goto fail;
	}
	if (atomic_write_file(out, mem, (size_t)len, &err) != PK_OK)
		goto fail;
	for (char *line = ctx.notes.data, *nl; line && (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		msg_info("'%s': %s", form, line);
	}
	msg_info("imported '%s' into '%s'", form, out);
	rc = PK_EXIT_OK;
	goto done;
fail:
	msg_error_value(&err);
	rc = pk_exit_status(err.code);
done:
	xmlFree(mem);
	if (result != record)
		xmlFreeDoc(result);
	xmlFreeDoc(record);
	buf_free(&ctx.notes);
	buf_free(&bytes);
	lock_release(lock);
	return rc;
}

const cli_cmd cmd_import_def = {
	"import", run,
	"[--into RECORD.xml] [--term TERM] -o OUT.xml FORM.docx",
	"read a filled fallback Word form back into a PEP record",
	"FORM.docx is a form made by `pepkit template` and filled in Word (or any editor that\n"
	"keeps its content controls). Each box is read by its tag and checked, taking values as\n"
	"people type them: dates (3/12/2025, 3/12/25, 3 Dec 2025, 2025-12-03), numbers, amounts\n"
	"(£1,200), choices (the words the drop-down shows, or the code), yes/no or a ticked box,\n"
	"people's names (any case, accents or title: \"Mr Brown\"), target numbers (\"Target 3\"),\n"
	"grades on the row's scale (\" exs\", \"Expected\"). Rows of boxes copied and pasted count\n"
	"as new rows. With --into, only the form's term is filled or updated (plus new people, and\n"
	"the outcome of last term's targets); the child's details and people's roles and\n"
	"organisations the form changes are corrections, written and listed one a line;\n"
	"importing the same form again gives the same record. Without --into, the form must\n"
	"hold the child's details and a new record is made. A box pepkit has no place for is\n"
	"listed as not imported. The result is validated like `pepkit validate`; every box that\n"
	"cannot be read and every problem of the result is reported by the box's label, all in\n"
	"one run, and nothing is written unless everything was read and the record is valid.\n"
	"A form made for one reader (`template --audience`, or the form `send` delivers) comes\n"
	"back --into the record it was made from: pepkit makes it again as sent and from the\n"
	"full record and lines the two up; a box left as sent keeps the record's value (nothing\n"
	"withheld is lost), a changed box is imported with the copy's neutral target ids mapped\n"
	"back, lines withheld from a changed list are kept, and a change to a box that was\n"
	"withheld from the reader is refused. If the record has changed so that the forms no\n"
	"longer line up, the form is refused: make and send it again.\n"
	"The form is treated as untrusted: size, entry and part limits, safe XML.\n"
	"\n"
	"exit status: 0 success, 1 invalid form or record, 2 usage error, 3 file read/write error,\n"
	"4 internal error. See pepkit(1).",
	opts
};
