/*
 * xmlsafe.h: the only way pepkit parses XML it did not write itself, and the XSLT security
 * settings every transform runs with.
 *
 * Parsing: no entity substitution, no DTD loading or validation, no network, no XInclude, never
 * XML_PARSE_HUGE (so libxml2's depth and text-size limits hold), a size cap on the input, and any
 * document with a DOCTYPE is refused outright (a PEP record never needs one, and refusing it
 * closes off XXE and entity-expansion bombs whatever the parser does). External entity loading
 * is disabled process-wide by xmlsafe_init().
 *
 * XSLT: writes, folder creation and network are forbidden; reads are allowed only under the
 * data folder's stylesheets/ and schemas/ (pk_datadir()); document() parses with the safe
 * options above.
 */
#ifndef PEPKIT_XMLSAFE_H
#define PEPKIT_XMLSAFE_H

#include "core/pepkit.h"
#include "core/fingerprint.h"

#include <libxml/tree.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/security.h>

/* Largest XML input pepkit reads (bytes). */
#define XMLSAFE_MAX_BYTES (8u * 1024u * 1024u)

/* The parser options used for untrusted XML. */
#define XMLSAFE_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NSCLEAN | \
                               XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* Process-wide setup: libxml2/libxslt init, the no-network entity loader, the XSLT document
 * loader (which loads libexslt and registers the EXSLT functions before compiling a stylesheet
 * that declares an EXSLT namespace: core/exsltso.h) and default security prefs. Call once from the main thread before any other
 * pepkit function or thread starts. Returns PK_OK or PK_ENOMEM. */
int xmlsafe_init(void);

/* An error handler that drops the message: what xmlsafe_init() installs as libxml2's and
 * libxslt's generic handlers, and what a stage puts back after capturing errors itself. */
void xmlsafe_discard(void *ctx, const char *fmt, ...);
/* Release what xmlsafe_init() set up. */
void xmlsafe_cleanup(void);

/* Parse the file at path. Returns a new document the caller frees with xmlFreeDoc(), or NULL
 * with err set to "'PATH' line N: what is wrong". */
xmlDocPtr xmlsafe_read_file(const char *path, pk_error *err);

/* xmlsafe_read_file(), and fp gets the SHA-256 (core/fingerprint.h) of exactly the bytes that
 * were parsed, read through the one descriptor (so a file replaced meanwhile cannot make the
 * hash and the document disagree). fp is "" if the file could not be read. */
xmlDocPtr xmlsafe_read_file_fp(const char *path, char fp[FP_HEX_LEN + 1], pk_error *err);

/* xmlsafe_read_file() for pepkit's own schemas and stylesheets only (never input): the same safe
 * options, and whitespace-only text between elements is left out (XML_PARSE_NOBLANKS; kept
 * under xml:space="preserve" and where it is an element's only content), which neither XSD nor
 * XSLT reads, so compiling them builds and walks fewer nodes. Comments and processing
 * instructions are not made into nodes either (texts either side of one make one text node),
 * and short texts are kept in their nodes (XML_PARSE_COMPACT). */
xmlDocPtr xmlsafe_read_data_file(const char *path, pk_error *err);

/* The text of the first element at the slash-separated path elements (local names from the
 * root: "pep-record/child/la-child-id") of the file at path, read by a streaming parse with the
 * safe options that stops there, for a cheap look at one value of many files before reading
 * them in full. Returns 1 with out set (trimmed), 0 if there is no such element within the
 * first 100,000 nodes, the file is not well-formed before it, has a DOCTYPE, or the text does
 * not fit in size (out ""), or PK_EIO with err if the file cannot be opened. This does not
 * validate anything: a real read of the file still decides whether it is a good record. */
int xmlsafe_peek_text(const char *path, const char *elements, char *out, size_t size, pk_error *err);

/* Parse len bytes; name is used in messages (e.g. "form.docx:word/document.xml"). Same
 * contract as xmlsafe_read_file(). */
xmlDocPtr xmlsafe_read_memory(const char *data, size_t len, const char *name, pk_error *err);

/* A parser for many documents read one after another in one thread (a worker of a cohort
 * run): the same policy and limits as xmlsafe_read_memory(), but libxml2's parser context and
 * its dictionary are kept between documents, and short texts are stored inside their nodes
 * (XML_PARSE_COMPACT), which saves allocations. Not shared between threads. A document it
 * returns stays valid after the parser is freed. */
typedef struct xmlsafe_parser xmlsafe_parser;

/* A new parser, or NULL when out of memory; free with xmlsafe_parser_free() (NULL is fine). */
xmlsafe_parser *xmlsafe_parser_new(void);
void xmlsafe_parser_free(xmlsafe_parser *p);

/* xmlsafe_read_memory() with parser p. Same contract; p stays usable after a failure. */
xmlDocPtr xmlsafe_parser_read_memory(xmlsafe_parser *p, const char *data, size_t len, const char *name,
				     pk_error *err);

/* xmlsafe_read_file() with parser p: the same contract and messages; p stays usable after a
 * failure. */
xmlDocPtr xmlsafe_parser_read_file(xmlsafe_parser *p, const char *path, pk_error *err);

/* Parse the file at path with parser p through the SAX2 handler sax instead of building a
 * tree: the same policy, limits and messages as xmlsafe_read_file() (a DOCTYPE is refused when
 * it is met, so an error after one is not reported). sax's callbacks get libxml2's context as
 * ctx; xmlsafe_sax_user(ctx) gives them user. Its document, subset and entity callbacks are
 * not used. Returns PK_OK, or PK_EIO, PK_ELIMIT, PK_ENOMEM or PK_EINVAL with err set; the
 * callbacks may have run in part before a failure. */
int xmlsafe_parser_sax_file(xmlsafe_parser *p, const char *path, const xmlSAXHandler *sax,
			    void *user, pk_error *err);

/* The user pointer given to xmlsafe_parser_sax_file(), from a callback's ctx. */
void *xmlsafe_sax_user(void *ctx);

/* The security prefs every transform must use (xsltSetCtxtSecurityPrefs). Owned by this
 * module; valid between xmlsafe_init() and xmlsafe_cleanup(). */
xsltSecurityPrefsPtr xmlsafe_xslt_prefs(void);

#endif
