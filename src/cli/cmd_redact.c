/*
 * cmd_redact.c: `pepkit redact --audience NAME -o OUT.xml RECORD.xml`: the redacted copy of one
 * record for one reader, as XML for other systems, and its redaction log (counts only, never
 * values) in OUT.xml.redaction.txt (or .redaction.xml with --log-xml), named like the logs of
 * `pepkit render --audience`. Both files are written atomically with mode 0600.
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "cli/cli.h"
#include "core/msg.h"
#include "record/redact.h"
#include "record/validate.h"
#include "core/xmlsafe.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

enum { OPT_LOG_XML = 256 };

static const cli_opt opts[] = {
	{ "audience", 'a', "NAME", "reader: record, school, carer, parent, child, health, iro, or a profile file" },
	{ "output", 'o', "OUT.xml", "where to write the redacted record (the log goes to OUT.xml.redaction.txt)" },
	{ "log-xml", OPT_LOG_XML, NULL, "write the log as XML, to OUT.xml.redaction.xml" },
	{ NULL, 0, NULL, NULL }
};

/* One validation problem: printed as "FILE:LINE: field: message"; ctx counts them. */
static void report(void *ctx, const char *file, int line, const char *field, const char *message)
{
	(*(int *)ctx)++;
	msg_error("'%s' line %d: %s: %s", file, line, field, message);
}

/* Validate doc read from path (schema and rules). Returns PK_OK, or an error code after printing
 * the problems. */
static int check_record(xmlDocPtr doc, const char *path)
{
	pk_error err;
	validator *v;
	int problems = 0, rc;

	pk_error_clear(&err);
	v = validate_new(&err);
	if (v == NULL) {
		msg_error_value(&err);
		return err.code;
	}
	rc = validate_record(v, doc, path, report, &problems, &err);
	validate_free(v);
	if (rc < 0) {
		msg_error_value(&err);
		return rc;
	}
	if (problems > 0) {
		msg_error("'%s': not redacted: %d problem%s", path, problems, problems == 1 ? "" : "s");
		return PK_EINVAL;
	}
	return PK_OK;
}

/* Parse options, read and check the record, redact it, write OUT and its redaction log. */
static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *arg, *audience = NULL, *output = NULL, *input;
	char logpath[4096];
	redact_profile *p = NULL;
	xmlDocPtr doc = NULL;
	xmlChar *xml = NULL;
	int c, xml_len = 0, log_xml = 0, rc = PK_OK;
	pk_buf log = PK_BUF_INIT;
	redact_log rl;
	pk_error err;

	pk_error_clear(&err);
	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		switch (c) {
		case CLI_HELP:
			return PK_EXIT_OK;
		case 'a':
			audience = arg;
			break;
		case 'o':
			output = arg;
			break;
		case OPT_LOG_XML:
			log_xml = 1;
			break;
		default:
			return PK_EXIT_USAGE;
		}
	}
	if (audience == NULL)
		return msg_usage(self->name, "no audience given (--audience NAME)");
	if (!cli_audience_known(self, audience))
		return PK_EXIT_USAGE;
	if (output == NULL)
		return msg_usage(self->name, "no output file: give -o OUT.xml");
	if (optind != argc - 1)
		return msg_usage(self->name, "expected one record file");
	input = argv[optind];
	if (cli_same_file(output, input))   /* the redacted copy would replace the full record */
		return msg_usage(self->name, "'%s' is the record '%s' itself: the redacted copy would replace it; "
				 "give another -o", output, input);
	if (snprintf(logpath, sizeof(logpath), "%s.redaction.%s", output, log_xml ? "xml" : "txt") >=
	    (int)sizeof(logpath))
		return msg_usage(self->name, "output path too long");

	p = redact_profile_load(audience, &err);  /* before the record: a bad profile stops all */
	if (p == NULL)
		goto fail;
	doc = xmlsafe_read_file(input, &err);
	if (doc == NULL)
		goto fail;
	rc = check_record(doc, input);
	if (rc != PK_OK)
		goto out;
	rc = redact_apply(p, doc, &rl, &err);
	if (rc != PK_OK) {
		/* the library's message lacks the file name */
		char msg[sizeof(err.msg)];

		snprintf(msg, sizeof(msg), "%s", err.msg);
		pk_error_set(&err, rc, "'%s' %s", input, msg);
		goto fail;
	}
	xmlDocDumpMemoryEnc(doc, &xml, &xml_len, "UTF-8");
	if (xml == NULL || xml_len < 0) {
		rc = pk_error_set(&err, PK_ENOMEM, "out of memory writing '%s'", output);
		goto fail;
	}
	rc = redact_log_write(p, &rl, log_xml, &log);
	if (rc != PK_OK) {
		pk_error_set(&err, rc, "out of memory writing '%s'", logpath);
		goto fail;
	}
	rc = atomic_write_file(output, xml, (size_t)xml_len, &err);
	if (rc == PK_OK)
		rc = atomic_write_file(logpath, log.data, log.len, &err);
	if (rc != PK_OK)
		goto fail;
	msg_info("wrote '%s' for audience '%s': %d element%s withheld, %d occurrence%s scrubbed",
		 output, redact_profile_name(p), rl.elements_removed,
		 rl.elements_removed == 1 ? "" : "s", rl.scrubbed, rl.scrubbed == 1 ? "" : "s");
	goto out;
fail:
	rc = err.code ? err.code : PK_EINTERNAL;
	msg_error_value(&err);
out:
	xmlFree(xml);
	xmlFreeDoc(doc);
	redact_profile_free(p);
	buf_free(&log);
	return pk_exit_status(rc);
}

const cli_cmd cmd_redact_def = {
	"redact", run, CLI_OPTIONS " --audience NAME -o OUT.xml RECORD.xml",
	"write a copy of a record with what a reader may not see removed",
	"Every element marked confidential=\"CATEGORY\" that the audience profile does not allow\n"
	"is emptied and marked redacted=\"CATEGORY\"; the removed values and the parts that\n"
	"identify them (names alone, in either order, after a title; a street with or without\n"
	"its number; a postcode; a phone number's digits) are replaced by [REDACTED] elsewhere in\n"
	"the record, matched whatever the case, accents, spacing, punctuation or abbreviation\n"
	"(Rd, Cl, ...), a letter of another script that looks like a Latin one read as that\n"
	"letter (a Cyrillic E). A withheld person's organisation's distinctive words are scrubbed\n"
	"too, and their contribution to a meeting withheld. People's and targets' ids become\n"
	"neutral ids (p1, p2, ...; t1, t2, ...), every reference following, and namespace\n"
	"declarations are dropped. A location-confidential placement also withholds the\n"
	"school's name, URN, LA number, address and id, the UPN, the school staff's contact details, meeting venues\n"
	"and the current setting in the education history from readers not allowed\n"
	"placement-address (unless their profile has <knows-school/>). Profiles are\n"
	"templates/audiences/NAME.xml in the data folder, or a file given by path; a category\n"
	"a profile allows must be one of schemas/pep.xsd's, else nothing is written.\n"
	"The redaction log (categories withheld and counts, never values) is written to\n"
	"OUT.xml.redaction.txt. Both files are written atomically with mode 0600; nothing is\n"
	"written if the profile or the record is invalid.",
	opts
};
