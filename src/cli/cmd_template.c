/*
 * cmd_template.c: `pepkit template`: a fallback Word form (PEP1, PEP2, My Voice, agenda) with a
 * tagged content control for every field, blank or prefilled from a record, for when the ePEP
 * system is down. `pepkit import` reads the filled form back.
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "cli/cli.h"
#include "batch/form.h"
#include "core/msg.h"
#include "batch/pipeline.h"
#include "core/xmlsafe.h"

#include <getopt.h>
#include <string.h>

enum { OPT_KEYSTAGE = 256, OPT_AUDIENCE };

static const cli_opt opts[] = {
	{ "output", 'o', "FORM.docx", "write the form to FORM.docx (required)" },
	{ "doc", 'd', "DOC", "pep1 (school's termly plan), pep2 (meeting record), myvoice or agenda (required)" },
	{ "keystage", OPT_KEYSTAGE, "KS", "My Voice version: EYFS, KS1, KS2, KS3, KS4 or post-16 (default: the record's, else KS2)" },
	{ "from", 'F', "RECORD.xml", "prefill what the record already knows (child, school, people, last term's targets, latest attainment)" },
	{ "term", 't', "TERM", "the term the form is for, e.g. 2026-spring; may be a new term (default: the record's latest)" },
	{ "audience", OPT_AUDIENCE, "NAME", "with --from: prefill only what this reader may see (record, school, carer, ... or a profile file)" },
	{ NULL, 0, NULL, NULL }
};

static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *out = NULL, *doc = NULL, *keystage = NULL, *from = NULL, *term = NULL, *arg;
	const char *audience = NULL;
	pipeline *p = NULL;
	xmlDocPtr seen = NULL;
	xmlDocPtr record = NULL;
	pk_buf bytes = PK_BUF_INIT;
	pk_error err;
	int c, rc;

	pk_error_clear(&err);
	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		switch (c) {
		case 'o': out = arg; break;
		case 'd': doc = arg; break;
		case OPT_KEYSTAGE: keystage = arg; break;
		case 'F': from = arg; break;
		case 't': term = arg; break;
		case OPT_AUDIENCE: audience = arg; break;
		case CLI_HELP: return PK_EXIT_OK;
		default: return PK_EXIT_USAGE;
		}
	}
	if (out == NULL)
		return msg_usage(self->name, "no output file: give -o FORM.docx");
	if (doc == NULL)
		return msg_usage(self->name, "no form given: use --doc pep1, pep2, myvoice or agenda");
	if (!form_doc_known(doc))
		return msg_usage(self->name, "unknown form '%s' (use pep1, pep2, myvoice or agenda)", doc);
	if (keystage && !form_keystage_known(keystage))
		return msg_usage(self->name, "unknown key stage '%s' (use EYFS, KS1, KS2, KS3, KS4 or post-16)", keystage);
	if (keystage && strcmp(doc, "myvoice") != 0)
		return msg_usage(self->name, "--keystage applies to --doc myvoice only");
	if (optind != argc)
		return msg_usage(self->name, "unexpected argument '%s'", argv[optind]);
	if (audience && !from)
		return msg_usage(self->name, "--audience needs --from: a blank form holds nothing to withhold");
	if (audience && !cli_audience_known(self, audience))
		return PK_EXIT_USAGE;
	if (term && !cli_term_known(self, term))
		return PK_EXIT_USAGE;
	if (cli_same_file(out, from))   /* the form would replace the record it is filled from */
		return msg_usage(self->name, "'%s' is the record '%s' itself: the form would replace it; give another -o",
				 out, from);

	if (from) {
		const char *auds[1] = { audience };

		/* the record is checked as render checks it: a PEP record, and valid when a redacted
		 * copy is made from it, so that nothing confidential is left unmarked */
		p = pipeline_new(NULL, 0, auds, audience ? 1 : 0, audience != NULL, &err);
		if (p == NULL || (record = xmlsafe_read_file(from, &err)) == NULL ||
		    pipeline_check_record(p, record, from, &err) != PK_OK)
			goto fail;
		if (audience) {
			/* prefilled from the record as this reader may see it */
			if (pipeline_redact(p, record, 0, &seen, NULL, &err) != PK_OK)
				goto fail;
			if (pipeline_audience_is_full(p, 0))
				audience = NULL;
		}
	}
	if (form_template(doc, seen ? seen : record, from, term, keystage, audience, &bytes, NULL, &err) != PK_OK)
		goto fail;
	if (atomic_write_file(out, bytes.data, bytes.len, &err) != PK_OK)
		goto fail;
	msg_info("wrote the %s form to '%s'", doc, out);
	rc = PK_EXIT_OK;
	goto done;
fail:
	msg_error_value(&err);
	rc = pk_exit_status(err.code);
done:
	if (seen != record)
		xmlFreeDoc(seen);
	pipeline_free(p);
	buf_free(&bytes);
	xmlFreeDoc(record);
	return rc;
}

const cli_cmd cmd_template_def = {
	"template", run,
	CLI_OPTIONS " --doc pep1|pep2|myvoice|agenda [--keystage KS] [--from RECORD.xml] [--term TERM] -o FORM.docx",
	"write a fallback Word form to fill in when the ePEP system is down",
	"Every field of the form is a Word content control tagged with the record field it fills;\n"
	"`pepkit import` reads a filled form back into the record. Without --from the form is\n"
	"blank. With --from, what the record knows is filled in: the child's details, school,\n"
	"people, this term's values if it has them, last term's targets to evaluate and the\n"
	"latest attainment. Keep the boxes' order and labels; to add a row (a target, an\n"
	"action), copy a whole row of boxes and paste it after the last one.\n"
	"With --audience, the form is prefilled from a redacted copy for that reader: withheld\n"
	"fields stay empty, other text shows [REDACTED] where a withheld value stood, items\n"
	"withheld from a list are left out, and ids are the copy's neutral ones. It is marked as\n"
	"made for that reader. Filled in, it comes back with `pepkit import --into RECORD`: the\n"
	"form is lined up with the one made from the record, boxes left as sent keep the\n"
	"record's values, neutral ids go back to the record's, items withheld from a changed list\n"
	"are kept, and a change to a withheld box is refused.\n"
	"FORM.docx is written atomically with mode 0600.\n"
	"\n"
	"exit status: 0 success, 1 invalid input, 2 usage error, 3 file read/write error,\n"
	"4 internal error. See pepkit(1).",
	opts
};
