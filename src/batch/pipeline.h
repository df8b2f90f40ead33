/*
 * pipeline.h: the stages of one child's documents wired together, shared by `pepkit render`
 * (one document) and `pepkit pack` (a whole cohort on worker threads):
 *
 *   record.xml --parse(safe)--> validate --> redact (per audience) --> transform (per document
 *   type) --> IR --> render (PDF or DOCX) --> bytes (the caller writes them atomically)
 *
 * pipeline_new() loads everything shared once, in the main thread: the record schema, the
 * stylesheets for the requested document types and the audience profiles. After that the
 * pipeline is read-only and every other function may be called from several threads, but for
 * pipeline_check_ir(), which compiles the IR schema on its first call (it is needed only for a
 * document IR given as input, not for the IR the stylesheets make): main thread only.
 */
#ifndef PEPKIT_PIPELINE_H
#define PEPKIT_PIPELINE_H

#include "core/pepkit.h"
#include "core/buf.h"
#include "core/fingerprint.h"
#include "record/redact.h"

#include <libxml/tree.h>

#define PIPELINE_MAX_DOCS 8
#define PIPELINE_MAX_AUDIENCES 16

enum pipeline_format {
	PIPELINE_PDF = 1,
	PIPELINE_DOCX = 2
};

typedef struct pipeline pipeline;

/* Load what the documents need: docs are stylesheet names ("pep1", "pep2"; 1..MAX_DOCS),
 * audiences are profile names or paths (NULL/0: none, i.e. the unredacted record copy).
 * validate: 1 to validate every record before use. Returns the pipeline (free with
 * pipeline_free) or NULL with err set. */
pipeline *pipeline_new(const char *const *docs, int ndocs, const char *const *audiences,
		       int naudiences, int validate, pk_error *err);
void pipeline_free(pipeline *p);

int pipeline_ndocs(const pipeline *p);
const char *pipeline_doc_name(const pipeline *p, int i);
/* Number of audiences; 0 means one unredacted copy (audience index -1 below). */
int pipeline_naudiences(const pipeline *p);
const char *pipeline_audience_name(const pipeline *p, int i);

/* Parse file safely and, if the pipeline validates, validate it. Returns the record (caller
 * frees with xmlFreeDoc) or NULL with err set; for an invalid record the message is the first
 * problem ("'x.xml' line 12: child/upn: ...") plus how many more there are. */
xmlDocPtr pipeline_load_record(const pipeline *p, const char *file, pk_error *err);

/* pipeline_load_record(), and fp gets the SHA-256 of exactly the bytes parsed (read through
 * the one descriptor: a record replaced meanwhile cannot make them disagree). */
xmlDocPtr pipeline_load_record_fp(const pipeline *p, const char *file, char fp[FP_HEX_LEN + 1],
				  pk_error *err);

/* When the path of record file holds the child's name (validate_id_names_child: councils name
 * files "aisha-khan.xml"), write "record of ID (path withheld: it holds the child's name)" into
 * label (size bytes) and, when err is not NULL, put label for every copy of file in err's
 * message; returns 1. rec is the loaded record, or NULL when it did not load: the file is then
 * parsed on its own to see (an invalid record that parses), or, when it does not parse, its
 * child's names and id are read up to where it breaks (a record broken before them cannot be
 * told, and 0 is returned). Returns 0, label untouched, when the path holds no name. For the
 * reports and messages that outlive a run (the pack's folder, the archive's store). */
int pipeline_path_label(xmlDocPtr rec, const char *file, char *label, size_t size, pk_error *err);

/*
 * Compute the fingerprints below, once, from the files' contents (the stylesheets are parsed to
 * follow their includes: ~15 M instructions, so only callers that keep a manifest, the pack,
 * pay for it). Call in the main thread before any thread uses the pipeline. PK_OK, or PK_EIO /
 * PK_ENOMEM with err naming the file.
 */
int pipeline_fingerprints(pipeline *p, pk_error *err);

/*
 * Fingerprints (hex, core/fingerprint.h) of what shapes every document besides the record,
 * after pipeline_fingerprints() (empty strings before):
 *   pipeline_fingerprint: the pepkit version, whether records are validated, the record and
 *     IR schemas;
 *   pipeline_doc_fingerprint(d): document type d's stylesheet and every stylesheet it
 *     includes or imports;
 *   pipeline_audience_fingerprint(a): audience a's profile (a < 0: none, a fixed value).
 * A caller combines them with the record's own fingerprint and its options (core/manifest.h).
 */
const char *pipeline_fingerprint(const pipeline *p);
const char *pipeline_doc_fingerprint(const pipeline *p, int d);
const char *pipeline_audience_fingerprint(const pipeline *p, int a);

/* Check an already parsed document is a PEP record and (if the pipeline validates) valid;
 * then every attribute value's white space is collapsed in doc, as the schema reads it (an id
 * " c1 " is c1 to every reference, option and stylesheet). PK_OK, PK_EINVAL with err as for
 * pipeline_load_record(), or PK_ENOMEM. */
int pipeline_check_record(const pipeline *p, xmlDocPtr doc, const char *file, pk_error *err);

/* Validate an IR document (root <document>) against schemas/document.xsd, which is compiled
 * on the first call and kept in p (main thread only). PK_OK, PK_EINVAL with err naming file,
 * line and the first problem, or the schema's load error (p unchanged: a later call tries
 * again). */
int pipeline_check_ir(pipeline *p, xmlDocPtr ir, const char *file, pk_error *err);

/* The record as audience a sees it: for a < 0 or a full-access audience, *out = record (not
 * copied); otherwise *out is a redacted copy the caller frees with xmlFreeDoc. log (if not
 * NULL) is filled. Returns PK_OK or a PK_E* code with err set and *out NULL. */
int pipeline_redact(const pipeline *p, xmlDocPtr record, int a, xmlDocPtr *out, redact_log *log,
		    pk_error *err);

/* Append the redaction log for copy a (a >= 0) to out: the child id and term, then
 * redact_log_write()'s lines (audience, categories withheld with counts, values scrubbed).
 * Never any withheld value. Returns PK_OK or PK_ENOMEM. */
int pipeline_redaction_log(const pipeline *p, int a, const redact_log *log, const char *child_id,
			   const char *term, pk_buf *out);

/* 1 if audience a sees everything (or a < 0). */
int pipeline_audience_is_full(const pipeline *p, int a);

/* Transform record into the IR of document d for term (NULL: latest) as seen by audience a
 * (a < 0: none). Returns the IR (caller frees) or NULL with err set. */
xmlDocPtr pipeline_transform(const pipeline *p, xmlDocPtr record, const char *file, int d,
			     const char *term, int a, pk_error *err);

/* Render ir as format into out. pages (may be NULL) gets the PDF page count (0 for DOCX).
 * Returns PK_OK or a PK_E* code with err set. */
int pipeline_render(xmlDocPtr ir, enum pipeline_format format, pk_buf *out, int *pages,
		    pk_error *err);

/* Render ir as PDF/A-2b (render/pdfa.h) into out, with date ("YYYY-MM-DD" or NULL) as the
 * document's creation and modification date. As pipeline_render() otherwise. */
int pipeline_render_pdfa(xmlDocPtr ir, const char *date, pk_buf *out, int *pages, pk_error *err);

/* The date of record's document for term (NULL: the latest term): the term's meeting date,
 * else its start date, as "YYYY-MM-DD" in date. PK_OK, or PK_EINVAL (date empty) when the term
 * is not in the record or term is not a term id. */
int pipeline_doc_date(xmlDocPtr record, const char *term, char date[11]);

/* The file extension for a format ("pdf"/"docx"). */
const char *pipeline_format_ext(enum pipeline_format format);
/* Parse a comma list such as "pdf,docx" into a bit mask of formats; 0 if a name is unknown. */
int pipeline_parse_formats(const char *list);

/* Check that every character of record's text is in a font of the PDF renderer's fallback
 * chain (templates/fonts.conf): a name (child/legal-name/given and family, preferred-name, a
 * person's name) with a character no font has is an error, PK_EINVAL with err "'FILE' line N:
 * FIELD: character U+XXXX (NAME) is in no font of the chain (templates/fonts.conf)"; free text
 * with one is a warning, the first written to warn (warnlen bytes, "" when none) in the same
 * form. Returns PK_OK, PK_EINVAL, or PK_EIO when the chain cannot be loaded (err set). */
int pipeline_check_text(xmlDocPtr record, const char *file, char *warn, size_t warnlen, pk_error *err);

/* Read a string by XPath from the record ("string(/pep-record/child/la-child-id)") into buf,
 * with its white space collapsed as the schema reads a token, an id or a date (none at the
 * ends, every run one space). Returns PK_OK, PK_EINVAL if the result is empty (buf ""), or
 * PK_ENOMEM. */
int pipeline_xpath_string(xmlDocPtr doc, const char *expr, char *buf, size_t size);

#endif
