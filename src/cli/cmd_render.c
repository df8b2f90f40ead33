/*
 * cmd_render.c: `pepkit render`: one document for one child, as PDF or Word. The input is a
 * PEP record (validated, redacted for --audience, transformed by the --doc stylesheet), or a
 * document IR (root <document>), which is checked against schemas/document.xsd and rendered
 * as it is. --emit-ir writes the IR instead of rendering it.
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/heap.h"
#include "cli/cli.h"
#include "core/msg.h"
#include "batch/pipeline.h"
#include "core/xmlsafe.h"

#include <getopt.h>
#include <string.h>

#include <libxml/xmlsave.h>

enum { OPT_EMIT_IR = 256, OPT_NO_VALIDATE, OPT_PDFA };

/* The heap a render grows at the start (core/heap.h): the 3 MiB a sample PEP1 uses in whole
 * 2 MiB blocks, whatever the heap's alignment (address space: only what is touched costs). */
#define RENDER_HEAP ((size_t)8 << 20)

static const cli_opt opts[] = {
	{ "output", 'o', "OUT", "write the document to OUT (required)" },
	{ "doc", 'd', "DOC", "document type: pep1 (school's termly plan, default), pep2 (meeting record), or myvoice or agenda (printable forms to fill by hand)" },
	{ "term", 't', "TERM", "term to document, e.g. 2025-autumn (default: the record's latest)" },
	{ "format", 'f', "FMT", "pdf or docx (default: from OUT's extension, else pdf)" },
	{ "audience", 'a', "NAME", "redact for this reader (record, school, carer, parent, child, health, iro, or a profile file)" },
	{ "emit-ir", OPT_EMIT_IR, NULL, "write the document IR (XML) instead of rendering it" },
	{ "no-validate", OPT_NO_VALIDATE, NULL, "skip validating the record (not recommended)" },
	{ "pdfa", OPT_PDFA, NULL, "write PDF/A-2b (archival: XMP metadata, sRGB output intent, fixed /ID)" },
	{ NULL, 0, NULL, NULL }
};

/* Serialise doc as indented UTF-8 XML into out. PK_OK or PK_ENOMEM. */
static int ir_to_buf(xmlDocPtr doc, pk_buf *out)
{
	xmlChar *mem = NULL;
	int len = 0, rc;

	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	if (mem == NULL)
		return PK_ENOMEM;
	rc = buf_append(out, mem, (size_t)len);
	xmlFree(mem);
	return rc;
}

/* True if path ends with suffix. */
static int ends_with(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	return n >= m && strcasecmp(path + n - m, suffix) == 0;
}

/* Write the redaction log of a redacted copy to OUT.redaction.txt (categories and counts,
 * never values). PK_OK or a PK_E* code with err set. */
static int write_log(const pipeline *p, const redact_log *log, xmlDocPtr seen, const char *term,
		     const char *out, pk_error *err)
{
	char child[64], latest[32], path[4096];
	pk_buf b = PK_BUF_INIT;
	int rc;

	if (pipeline_xpath_string(seen, "string(/pep-record/child/la-child-id)", child, sizeof(child)) != PK_OK)
		snprintf(child, sizeof(child), "unknown");
	if (term == NULL &&
	    pipeline_xpath_string(seen, "string(/pep-record/terms/term[last()]/@id)", latest, sizeof(latest)) == PK_OK)
		term = latest;
	if (snprintf(path, sizeof(path), "%s.redaction.txt", out) >= (int)sizeof(path))
		return pk_error_set(err, PK_EIO, "cannot write the log for '%s': path too long", out);
	rc = pipeline_redaction_log(p, 0, log, child, term ? term : "", &b);
	if (rc != PK_OK)
		rc = pk_error_set(err, rc, "out of memory");
	else
		rc = atomic_write_file(path, b.data, b.len, err);
	buf_free(&b);
	return rc;
}

/* OUT must say what it holds: .pdf or .docx matching the format (or no extension), or for
 * --emit-ir anything. A usage error otherwise ("x.odt", "--format docx -o x.pdf"). Returns
 * PK_EXIT_OK or PK_EXIT_USAGE after the message. */
static int check_out_name(const cli_cmd *self, const char *out, int fmt, int emit_ir)
{
	const char *base = strrchr(out, '/'), *dot;

	dot = strrchr(base ? base + 1 : out, '.');
	if (emit_ir || dot == NULL)
		return PK_EXIT_OK;
	if (strcasecmp(dot, ".pdf") != 0 && strcasecmp(dot, ".docx") != 0)
		return msg_usage(self->name, "'%s': pepkit writes PDF (.pdf) or Word (.docx), not '%s'",
				 out, dot);
	if ((fmt == PIPELINE_PDF) != (strcasecmp(dot, ".pdf") == 0))
		return msg_usage(self->name, "'%s' does not match --format %s: name it .%s", out,
				 fmt == PIPELINE_PDF ? "pdf" : "docx", fmt == PIPELINE_PDF ? "pdf" : "docx");
	return PK_EXIT_OK;
}

/* The pipeline of the one render a process makes (compiled stylesheet, schema, caches) lives
 * to the process's end: freeing it just before exit cost 2.2 M instructions, a twentieth of a
 * single render (issue 15's 10 ms), and gave nothing back to anyone. It is kept reachable here,
 * so valgrind and LeakSanitizer count it as in use, not lost. */
static pipeline *kept;
/* The same for the run's documents (record, redacted copy, IR): freeing them cost 0.35 M
 * instructions. Freed when run again in the same process. */
static xmlDocPtr kept_docs[3];

/* Keep the documents of this run (NULLs and duplicates allowed) to the process's end, freeing
 * those a previous run kept. */
static void keep_docs(xmlDocPtr input, xmlDocPtr seen, xmlDocPtr ir)
{
	for (int i = 0; i < 3; i++)
		xmlFreeDoc(kept_docs[i]);
	kept_docs[0] = input;
	kept_docs[1] = seen != input ? seen : NULL;
	kept_docs[2] = ir != input && ir != seen ? ir : NULL;
}

static int run(const cli_cmd *self, int argc, char **argv)
{
	const char *out = NULL, *doc = "pep1", *term = NULL, *format = NULL, *audience = NULL;
	const char *arg, *file;
	int emit_ir = 0, validate = 1, pdfa = 0, fmt, c, rc, status = PK_EXIT_OK;
	char date[11] = "";
	pipeline *p = NULL;
	xmlDocPtr input = NULL, seen = NULL, ir = NULL;
	pk_buf bytes = PK_BUF_INIT;
	char warn[512] = "";   /* a character of free text no font has (pipeline_check_text) */
	redact_log log;
	pk_error err;

	pk_error_clear(&err);
	while ((c = cli_next(self, argc, argv, &arg)) != -1) {
		switch (c) {
		case 'o': out = arg; break;
		case 'd': doc = arg; break;
		case 't': term = arg; break;
		case 'f': format = arg; break;
		case 'a': audience = arg; break;
		case OPT_EMIT_IR: emit_ir = 1; break;
		case OPT_NO_VALIDATE: validate = 0; break;
		case OPT_PDFA: pdfa = 1; break;
		case CLI_HELP: return PK_EXIT_OK;
		default: return PK_EXIT_USAGE;
		}
	}
	if (out == NULL)
		return msg_usage(self->name, "no output file: give -o OUT");
	if (optind != argc - 1)
		return msg_usage(self->name, optind == argc ? "no input file given" : "give exactly one input file");
	file = argv[optind];
	if (cli_same_file(out, file))   /* the document would replace the record it is made from */
		return msg_usage(self->name, "'%s' is the input '%s' itself: the output would replace it; give another -o",
				 out, file);
	fmt = format ? pipeline_parse_formats(format) : ends_with(out, ".docx") ? PIPELINE_DOCX : PIPELINE_PDF;
	if (fmt != PIPELINE_PDF && fmt != PIPELINE_DOCX)
		return msg_usage(self->name, "unknown format '%s' (use pdf or docx)", format);
	if (!cli_doc_check(self, doc))
		return PK_EXIT_USAGE;
	if (audience != NULL && !cli_audience_known(self, audience))
		return PK_EXIT_USAGE;
	if (term != NULL && !cli_term_known(self, term))
		return PK_EXIT_USAGE;
	if ((rc = check_out_name(self, out, fmt, emit_ir)) != PK_EXIT_OK)
		return rc;
	if (pdfa && fmt != PIPELINE_PDF)
		return msg_usage(self->name, "--pdfa needs PDF output");

	/* a render touches about 3 MiB of heap: on huge pages where the kernel has them (with
	 * mimalloc, render_preinit() below has done it from the first block: nothing to do here) */
	heap_prefer_huge_pages(RENDER_HEAP);
	input = xmlsafe_read_file(file, &err);
	if (input == NULL)
		goto fail;
	if (audience != NULL && !xmlStrEqual(xmlDocGetRootElement(input)->name, BAD_CAST "pep-record") &&
	    !xmlStrEqual(xmlDocGetRootElement(input)->name, BAD_CAST "document")) {
		status = msg_usage(self->name, "'%s' is not a PEP record (root element '%s'): only a "
				   "record can be redacted for --audience", file,
				   (const char *)xmlDocGetRootElement(input)->name);
		goto out;
	}
	if (xmlStrEqual(xmlDocGetRootElement(input)->name, BAD_CAST "document")) {
		/* An IR document: check it and render it as it is. It cannot be redacted: with
		 * --audience it is refused and nothing is written. */
		if (audience != NULL) {
			status = msg_usage(self->name, "'%s' is a document IR, not a PEP record: it cannot "
					   "be redacted for --audience (render the record instead)", file);
			goto out;
		}
		if (term != NULL)
			msg_warning("'%s' is a document IR: --term does not apply", file);
		p = pipeline_new(NULL, 0, NULL, 0, 0, &err);
		if (p == NULL || pipeline_check_ir(p, input, file, &err) != PK_OK)
			goto fail;
		if (!emit_ir && pipeline_check_text(input, file, warn, sizeof(warn), &err) != PK_OK)
			goto fail;
		ir = input;
		input = NULL;
	} else {
		const char *docs[1] = { doc };
		const char *auds[1] = { audience };

		p = pipeline_new(docs, 1, auds, audience ? 1 : 0, validate, &err);
		if (p == NULL)
			goto fail;
		if (pipeline_check_record(p, input, file, &err) != PK_OK)
			goto fail;
		if (!emit_ir && pipeline_check_text(input, file, warn, sizeof(warn), &err) != PK_OK)
			goto fail;
		if (pipeline_redact(p, input, audience ? 0 : -1, &seen, &log, &err) != PK_OK)
			goto fail;
		(void)pipeline_doc_date(input, term, date);
		ir = pipeline_transform(p, seen, file, 0, term, audience ? 0 : -1, &err);
		if (ir == NULL)
			goto fail;
	}
	rc = emit_ir ? ir_to_buf(ir, &bytes)
	   : pdfa ? pipeline_render_pdfa(ir, date[0] ? date : NULL, &bytes, NULL, &err)
	   : pipeline_render(ir, fmt, &bytes, NULL, &err);
	if (rc != PK_OK) {
		if (err.code == PK_OK)
			pk_error_set(&err, rc, "cannot render '%s': out of memory", file);
		goto fail;
	}
	if (atomic_write_file(out, bytes.data, bytes.len, &err) != PK_OK)
		goto fail;
	if (warn[0])
		msg_warning("%s", warn);
	if (audience != NULL && seen != NULL && !pipeline_audience_is_full(p, 0) &&
	    write_log(p, &log, seen, term, out, &err) != PK_OK)
		goto fail;
	goto out;
fail:
	msg_error_value(&err);
	status = pk_exit_status(err.code);
out:
	buf_free(&bytes);
	keep_docs(input, seen, ir);
	pipeline_free(kept);   /* only if run twice in one process */
	kept = p;
	return status;
}

const cli_cmd cmd_render_def = {
	"render", run,
	CLI_OPTIONS " [--doc DOC] [--term TERM] [--format pdf|docx] [--audience NAME] -o OUT FILE",
	"render one document for one child as PDF or Word",
	"FILE is a PEP record (checked against schemas/pep.xsd and the validate rules first) or a\n"
	"document IR (root <document>, checked against schemas/document.xsd and rendered as is).\n"
	"OUT is written atomically with mode 0600; nothing is written if anything fails.\n"
	"With --audience, a redacted copy also gets OUT.redaction.txt: the categories withheld\n"
	"and how many values were removed, never the values. --audience needs a PEP record: a\n"
	"document IR or any other input is refused as a usage error (exit 2), nothing written.\n"
	"With --pdfa the PDF is PDF/A-2b, dated the term's meeting (else its start); the same input\n"
	"gives the same bytes.",
	opts
};

/* DT_PREINIT_ARRAY (core/heap.h, heap_huge_pages_from_start()): for `pepkit render` only, before
 * any library's constructor, mimalloc is asked for huge pages from its first block. glibc calls
 * it with main()'s arguments. Other commands are left as they were (measured for render only). */
static void render_preinit(int argc, char **argv, char **envp)
{
	(void)envp;
	if (argc > 1 && argv != NULL && argv[1] != NULL && strcmp(argv[1], "render") == 0)
		(void)heap_huge_pages_from_start();
}
__attribute__((section(".preinit_array"), used))
static void (*const render_preinit_p)(int, char **, char **) = render_preinit;
