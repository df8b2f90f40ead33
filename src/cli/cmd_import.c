/*
 * cmd_import.c: `pepkit import`: read a filled fallback form (made by `pepkit template`) back
 * into a PEP record, new or merged into an existing one, validate it, and write it atomically
 * only if every field was read and the result is valid.
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "cli/cli.h"
#include "intake/import.h"
#include "core/msg.h"
#include "record/validate.h"
#include "core/xmlsafe.h"

#include <getopt.h>

static const cli_opt opts[] = {
	{ "output", 'o', "OUT.xml", "write the record to OUT.xml (required; may be the --into file)" },
	{ "into", 'i', "RECORD.xml", "merge into this record: only the form's term is filled or updated" },
	{ "term", 't', "TERM", "the term the form fills, e.g. 2026-spring (default: the form's own)" },
	{ NULL, 0, NULL, NULL }
};

/* Print one field the form could not give (import_report_fn). ctx: the form's path. */
static void on_field(void *ctx, const char *label, const char *tag, const char *message)
{
	(void)tag;
	msg_error("'%s': '%s': %s", (const char *)ctx, label, message);
}

/* Print one validation problem (validate_report_fn); counts them in *ctx. */
static void on_invalid(void *ctx, const char *file, int line, const char *field, const char *message)
{
	(void)ctx;
	if (line > 0)
		msg_error("'%s' line %d: %s: %s", file, line, field, message);
	else
		msg_error("'%s': %s: %s", file, field, message);
}

static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *out = NULL, *into = NULL, *term = NULL, *arg, *form;
	xmlDocPtr record = NULL, result = NULL;
	validator *v = NULL;
	pk_buf bytes = PK_BUF_INIT;
	xmlChar *mem = NULL;
	int c, rc, len = 0, n;
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

	if (import_read_file(form, &bytes, &err) != PK_OK)
		goto fail;
	if (into) {
		if ((record = xmlsafe_read_file(into, &err)) == NULL)
			goto fail;
		if (!xmlStrEqual(xmlDocGetRootElement(record)->name, BAD_CAST "pep-record")) {
			pk_error_set(&err, PK_EINVAL, "'%s': not a PEP record (root <pep-record>)", into);
			goto fail;
		}
	}
	if (import_form(bytes.data, bytes.len, form, record, term, on_field, (void *)form, &result,
			&err) != PK_OK)
		goto fail;
	if ((v = validate_new(&err)) == NULL)
		goto fail;
	n = validate_record(v, result, into ? into : out, on_invalid, NULL, &err);
	if (n < 0)
		goto fail;
	if (n > 0) {
		pk_error_set(&err, PK_EINVAL, "'%s': the imported record is not valid (%d problem%s); "
			     "nothing was written", form, n, n == 1 ? "" : "s");
		goto fail;
	}
	xmlDocDumpMemoryEnc(result, &mem, &len, "UTF-8");
	if (mem == NULL) {
		pk_error_set(&err, PK_ENOMEM, "out of memory");
		goto fail;
	}
	if (atomic_write_file(out, mem, (size_t)len, &err) != PK_OK)
		goto fail;
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
	validate_free(v);
	buf_free(&bytes);
	return rc;
}

const cli_cmd cmd_import_def = {
	"import", run,
	"[--into RECORD.xml] [--term TERM] -o OUT.xml FORM.docx",
	"read a filled fallback Word form back into a PEP record",
	"FORM.docx is a form made by `pepkit template` and filled in Word (or any editor that\n"
	"keeps its content controls). Each box is read by its tag and checked: dates (yyyy-mm-dd\n"
	"or dd/mm/yyyy), numbers, amounts, choices, people's names. Rows of boxes copied and\n"
	"pasted count as new rows. With --into, only the form's term is filled or updated (plus\n"
	"new people, and the outcome of last term's targets); nothing else in the record changes.\n"
	"Without --into, the form must hold the child's details and a new record is made.\n"
	"The result is validated like `pepkit validate`. Every box that cannot be read is\n"
	"reported with its label, and nothing is written unless everything was read and the\n"
	"record is valid. The form is treated as untrusted: size, entry and part limits, safe XML.\n"
	"\n"
	"exit status: 0 success, 1 invalid form or record, 2 usage error, 3 file read/write error,\n"
	"4 internal error. See pepkit(1).",
	opts
};
