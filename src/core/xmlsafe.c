/*
 * xmlsafe.c: safe XML parsing and XSLT security (see xmlsafe.h for the policy).
 */
#include "core/pepkit.h"
#include "core/xmlsafe.h"
#include "core/rfile.h"
#include "core/fingerprint.h"
#include "core/exsltso.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxslt/xslt.h>
#include <libxslt/documents.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

static xsltSecurityPrefsPtr sec_prefs;
static char allowed_dirs[2][PATH_MAX];

static int path_allowed(const char *path);

/* The entity loader: refuses everything (DTDs, external entities, network) except the
 * project's own schema and stylesheet files under the data folder, which xmlSchemaParse and
 * xsl:include load through it. */
static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)id;
	if (url != NULL && path_allowed(url))
		return xmlNewInputFromFile(ctxt, strncmp(url, "file://", 7) == 0 ? url + 7 : url);
	return NULL;
}

/* First error seen while parsing, captured by the parser's structured error callback. */
struct first_error {
	int set;
	int line;
	char msg[512];
	int doctype;      /* xmlsafe_parser_sax_file(): a DOCTYPE came before any error */
	void *user;       /* xmlsafe_parser_sax_file(): the caller's context */
};

/* 1 if c may stand next to a name libxml2 puts in a message (not part of the name). */
static int name_edge(char c)
{
	return c == '\0' || c == ' ' || c == '\'' || c == '"' || c == ',' || c == ':' || c == '\n';
}

/* Replace every whole occurrence of name in msg (size bytes) with "(not shown)". */
static void hide_name(char *msg, size_t size, const char *name)
{
	static const char shown[] = "(not shown)";
	size_t nl = name ? strlen(name) : 0;
	char *at = msg;

	if (nl == 0)
		return;
	while ((at = strstr(at, name)) != NULL) {
		size_t tail = strlen(at + nl);

		if ((at != msg && !name_edge(at[-1])) || !name_edge(at[nl])) {
			at += nl;
			continue;
		}
		if ((size_t)(at - msg) + sizeof(shown) - 1 + tail + 1 > size)
			tail = size - (size_t)(at - msg) - sizeof(shown);   /* cut, never overflow */
		memmove(at + sizeof(shown) - 1, at + nl, tail);
		memcpy(at, shown, sizeof(shown) - 1);
		at[sizeof(shown) - 1 + tail] = '\0';
		at += sizeof(shown) - 1;
	}
}

/* Structured error callback: keep the first error (later ones are usually consequences). The
 * names libxml2 quotes from the input (an undefined entity, a tag or an attribute: in a record
 * they can be words of its text, "entity 'Emine' not defined" from "&Emine;" in a withheld
 * paragraph) and the bytes it shows of text that is not UTF-8 are not kept: messages end up in
 * reports and logs, which must not hold what a record says. The line is kept. */
static void capture_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;
	struct first_error *fe = ctxt ? ctxt->_private : NULL;
	size_t n;
	char *bytes;

	if (fe == NULL || fe->set || e == NULL || e->level < XML_ERR_ERROR)
		return;
	fe->set = 1;
	fe->line = e->line;
	snprintf(fe->msg, sizeof(fe->msg), "%s", e->message ? e->message : "malformed XML");
	if ((bytes = strstr(fe->msg, "Bytes:")) != NULL)
		*bytes = '\0';
	hide_name(fe->msg, sizeof(fe->msg), e->str1);
	hide_name(fe->msg, sizeof(fe->msg), e->str2);
	hide_name(fe->msg, sizeof(fe->msg), e->str3);
	n = strlen(fe->msg);
	while (n > 0 && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
		fe->msg[--n] = '\0';
	/* libxml2's limit messages suggest an option pepkit never uses: say what the limit is */
	if (strstr(fe->msg, "XML_PARSE_HUGE") != NULL) {
		if (strstr(fe->msg, "depth") != NULL)
			snprintf(fe->msg, sizeof(fe->msg), "elements nested too deeply (the limit is 256 levels)");
		else
			snprintf(fe->msg, sizeof(fe->msg), "a text or name too large (over libxml2's safe limit)");
	}
	/* keep the wording lowercase */
	if (fe->msg[0] >= 'A' && fe->msg[0] <= 'Z' && fe->msg[1] >= 'a' && fe->msg[1] <= 'z')
		fe->msg[0] = (char)(fe->msg[0] - 'A' + 'a');
}

/* The 1-based line of the first occurrence of what in data (1 if absent). */
static int line_of(const char *data, size_t len, const char *what)
{
	const char *at = memmem(data, len, what, strlen(what));
	int line = 1;

	for (const char *p = data; at != NULL && p < at; p++)
		line += *p == '\n';
	return line;
}

/* Bytes not yet handed to libxml2 by mem_read(). */
struct mem_in {
	const char *p;
	size_t left;
};

/* xmlInputReadCallback over a struct mem_in: up to len bytes into buf; 0 at the end. */
static int mem_read(void *ctx, char *buf, int len)
{
	struct mem_in *in = ctx;
	size_t n = len > 0 ? (size_t)len : 0;

	if (n > in->left)
		n = in->left;
	memcpy(buf, in->p, n);
	in->p += n;
	in->left -= n;
	return (int)n;
}

/* Parse with the safe options; shared by the file and memory readers and xmlsafe_parser. With
 * reuse (a parser's own context) that context is used and kept; with NULL, a fresh one is made
 * and freed before returning. extra is added to XMLSAFE_PARSE_OPTIONS (storage options, or
 * XML_PARSE_NOBLANKS for stylesheets only). */
static xmlDocPtr parse_with(xmlParserCtxtPtr reuse, int extra, const char *data, size_t len, const char *name,
			    pk_error *err)
{
	xmlParserCtxtPtr ctxt = reuse;
	xmlDocPtr doc = NULL;
	struct first_error fe = { 0, 0, "", 0, NULL };

	if (len > XMLSAFE_MAX_BYTES) {
		pk_error_set(err, PK_ELIMIT, "'%s': file is %zu bytes, over the limit of %u", name,
			     len, XMLSAFE_MAX_BYTES);
		return NULL;
	}
	if (len > INT_MAX) {
		pk_error_set(err, PK_ELIMIT, "'%s': file too large", name);
		return NULL;
	}
	if (ctxt == NULL)
		ctxt = xmlNewParserCtxt();
	if (ctxt == NULL) {
		pk_error_set(err, PK_ENOMEM, "out of memory parsing '%s'", name);
		return NULL;
	}
	ctxt->_private = &fe;
	ctxt->sax->serror = capture_error;
	if (extra & XML_PARSE_NOBLANKS) {
		/* pepkit's own data files (xmlsafe_read_data_file()): their comments and processing
		 * instructions are not made into nodes (XSLT and XML Schema ignore them; 1% of a
		 * render's instructions). Texts either side of a comment then make one text node, as
		 * XSLT 2.0 says; none of pepkit's stylesheets has a comment beside non-blank text. */
		ctxt->sax->comment = NULL;
		ctxt->sax->processingInstruction = NULL;
	}
	if (reuse != NULL) {
		/* read through a callback: libxml2 then copies the bytes a few kilobytes at a time
		 * into an input buffer it keeps small, instead of one copy of the whole document that
		 * is freed at the next document (a large free, after which malloc merges every small
		 * chunk the last document's tree left: 3% of a cohort run) */
		struct mem_in in = { data, len };

		doc = xmlCtxtReadIO(ctxt, mem_read, NULL, &in, name, NULL, XMLSAFE_PARSE_OPTIONS | extra);
	} else {
		doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, XMLSAFE_PARSE_OPTIONS | extra);
	}
	if (doc == NULL || !ctxt->wellFormed || fe.set) {
		if (fe.set)
			pk_error_set(err, PK_EINVAL, "'%s' line %d: %s", name, fe.line, fe.msg);
		else
			pk_error_set(err, PK_EINVAL, "'%s': not well-formed XML", name);
		xmlFreeDoc(doc);
		doc = NULL;
		goto out;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		pk_error_set(err, PK_EINVAL, "'%s' line %d: DOCTYPE declarations are not allowed",
			     name, line_of(data, len, "<!DOCTYPE"));
		xmlFreeDoc(doc);
		doc = NULL;
		goto out;
	}
	if (xmlDocGetRootElement(doc) == NULL) {
		pk_error_set(err, PK_EINVAL, "'%s': no root element", name);
		xmlFreeDoc(doc);
		doc = NULL;
	}
out:
	ctxt->_private = NULL;
	if (ctxt != reuse)
		xmlFreeParserCtxt(ctxt);
	return doc;
}

/* parse_with() on a fresh context. */
static xmlDocPtr parse(const char *data, size_t len, const char *name, pk_error *err)
{
	return parse_with(NULL, 0, data, len, name, err);
}

/* A parser's context is renewed after this many documents, so its dictionary (names and
 * short texts of every document it read) stays small whatever the records hold. */
#define PARSER_RENEW 256

struct xmlsafe_parser {
	xmlParserCtxtPtr ctxt;
	int used;
	xmlParserCtxtPtr sax;   /* xmlsafe_parser_sax_file()'s context (renewed as ctxt is) */
	int sax_used;
};

xmlsafe_parser *xmlsafe_parser_new(void)
{
	return calloc(1, sizeof(xmlsafe_parser));
}

void xmlsafe_parser_free(xmlsafe_parser *p)
{
	if (p == NULL)
		return;
	xmlFreeParserCtxt(p->ctxt);
	xmlFreeParserCtxt(p->sax);
	free(p);
}

xmlDocPtr xmlsafe_parser_read_memory(xmlsafe_parser *p, const char *data, size_t len, const char *name,
				     pk_error *err)
{
	if (p->ctxt != NULL && p->used >= PARSER_RENEW) {
		xmlFreeParserCtxt(p->ctxt);
		p->ctxt = NULL;
	}
	if (p->ctxt == NULL) {
		if ((p->ctxt = xmlNewParserCtxt()) == NULL) {
			pk_error_set(err, PK_ENOMEM, "out of memory parsing '%s'", name);
			return NULL;
		}
		p->used = 0;
	}
	p->used++;
	return parse_with(p->ctxt, XML_PARSE_COMPACT, data, len, name, err);
}

xmlDocPtr xmlsafe_read_memory(const char *data, size_t len, const char *name, pk_error *err)
{
	return parse(data, len, name, err);
}

/* The bytes of the regular file at path (at most XMLSAFE_MAX_BYTES) into a new buffer the
 * caller frees, *len set; NULL with err set ("cannot open", "not a regular file", the limit,
 * out of memory, a read error). */
static char *read_bytes(const char *path, size_t *len, pk_error *err)
{
	struct stat st;
	char *data = NULL;
	size_t got = 0;
	int fd = rfile_open(path, &st, err);  /* a FIFO must not block */

	if (fd < 0)
		return NULL;
	if ((unsigned long long)st.st_size > XMLSAFE_MAX_BYTES) {
		pk_error_set(err, PK_ELIMIT, "'%s': file is %lld bytes, over the limit of %u", path,
			     (long long)st.st_size, XMLSAFE_MAX_BYTES);
		goto out;
	}
	data = malloc((size_t)st.st_size + 1);
	if (data == NULL) {
		pk_error_set(err, PK_ENOMEM, "out of memory reading '%s'", path);
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, data + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
			free(data);
			data = NULL;
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	*len = got;
out:
	close(fd);
	return data;
}

/* xmlsafe_read_file(), and with fp not NULL the hash of exactly the bytes parsed; with xp not
 * NULL, parsed by that parser (xmlsafe_parser_read_memory()), else with the options extra
 * added as for parse_with(). */
static xmlDocPtr read_file(xmlsafe_parser *xp, const char *path, char *fp, pk_error *err, int extra)
{
	size_t got = 0;
	char *data = read_bytes(path, &got, err);
	xmlDocPtr doc;

	if (data == NULL)
		return NULL;
	if (fp != NULL && fp_sha256_hex(data, got, fp) != PK_OK) {
		pk_error_set(err, PK_EINTERNAL, "cannot hash '%s': libcrypto cannot be loaded", path);
		free(data);
		return NULL;
	}
	doc = xp ? xmlsafe_parser_read_memory(xp, data, got, path, err) : parse_with(NULL, extra, data, got, path, err);
	free(data);
	return doc;
}

/* internalSubset handler of xmlsafe_parser_sax_file(): a DOCTYPE stops the parse (it is
 * refused, as parse_with() refuses it; its declarations are never read). */
static void sax_doctype(void *ctx, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct first_error *fe = ctxt->_private;

	(void)name;
	(void)eid;
	(void)sid;
	if (!fe->set)
		fe->doctype = 1;
	xmlStopParser(ctxt);
}

void *xmlsafe_sax_user(void *ctx)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct first_error *fe = ctxt ? ctxt->_private : NULL;

	return fe ? fe->user : NULL;
}

int xmlsafe_parser_sax_file(xmlsafe_parser *p, const char *path, const xmlSAXHandler *sax,
			    void *user, pk_error *err)
{
	struct first_error fe = { 0, 0, "", 0, user };
	size_t len = 0;
	char *data = read_bytes(path, &len, err);
	xmlParserCtxtPtr ctxt;
	int rc = PK_OK;

	if (data == NULL)
		return err->code != PK_OK ? err->code : PK_EIO;
	if (len > XMLSAFE_MAX_BYTES || len > INT_MAX) {   /* read_bytes() keeps to the limit */
		rc = pk_error_set(err, PK_ELIMIT, "'%s': file too large", path);
		goto out;
	}
	if (p->sax != NULL && p->sax_used >= PARSER_RENEW) {
		xmlFreeParserCtxt(p->sax);
		p->sax = NULL;
	}
	if (p->sax == NULL) {
		if ((p->sax = xmlNewParserCtxt()) == NULL) {
			rc = pk_error_set(err, PK_ENOMEM, "out of memory parsing '%s'", path);
			goto out;
		}
		p->sax_used = 0;
	}
	p->sax_used++;
	ctxt = p->sax;
	*ctxt->sax = *sax;
	ctxt->sax->initialized = XML_SAX2_MAGIC;
	ctxt->sax->serror = capture_error;
	ctxt->sax->error = NULL;
	ctxt->sax->warning = NULL;
	ctxt->sax->internalSubset = sax_doctype;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->entityDecl = NULL;
	ctxt->sax->getEntity = NULL;
	ctxt->sax->getParameterEntity = NULL;
	ctxt->sax->resolveEntity = NULL;
	ctxt->sax->startDocument = NULL;   /* no tree */
	ctxt->sax->endDocument = NULL;
	ctxt->_private = &fe;
	xmlFreeDoc(xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL, XMLSAFE_PARSE_OPTIONS));
	if (fe.doctype)
		rc = pk_error_set(err, PK_EINVAL, "'%s' line %d: DOCTYPE declarations are not allowed",
				  path, line_of(data, len, "<!DOCTYPE"));
	else if (fe.set)
		rc = pk_error_set(err, PK_EINVAL, "'%s' line %d: %s", path, fe.line, fe.msg);
	else if (!ctxt->wellFormed)
		rc = pk_error_set(err, PK_EINVAL, "'%s': not well-formed XML", path);
	ctxt->_private = NULL;
out:
	free(data);
	return rc;
}

xmlDocPtr xmlsafe_read_file(const char *path, pk_error *err)
{
	return read_file(NULL, path, NULL, err, 0);
}

xmlDocPtr xmlsafe_read_data_file(const char *path, pk_error *err)
{
	/* COMPACT: a short text (an attribute's value, mostly) is kept in its node, not in a block
	 * of its own (as xmlsafe_parser_read_memory() reads records): 8% of the parse */
	return read_file(NULL, path, NULL, err, XML_PARSE_NOBLANKS | XML_PARSE_COMPACT);
}

xmlDocPtr xmlsafe_parser_read_file(xmlsafe_parser *p, const char *path, pk_error *err)
{
	return read_file(p, path, NULL, err, 0);
}

xmlDocPtr xmlsafe_read_file_fp(const char *path, char fp[FP_HEX_LEN + 1], pk_error *err)
{
	fp[0] = '\0';
	return read_file(NULL, path, fp, err, 0);
}

/* Most nodes xmlsafe_peek_text() reads before giving up: the element it looks for comes near
 * the start of a record, so this bounds the work a hostile file can cause. */
#define PEEK_MAX_NODES 100000

int xmlsafe_peek_text(const char *path, const char *elements, char *out, size_t size, pk_error *err)
{
	const char *part[8];
	size_t plen[8];
	int np = 0, matched = 0, found = 0, nodes = 0, r, fd;
	xmlTextReaderPtr rd = NULL;

	out[0] = '\0';
	for (const char *s = elements; *s && np < (int)PK_ARRAY_LEN(part); np++) {
		part[np] = s;
		plen[np] = strcspn(s, "/");
		s += plen[np] + (s[plen[np]] == '/');
	}
	if ((fd = rfile_open(path, NULL, err)) < 0)
		return PK_EIO;
	rd = xmlReaderForFd(fd, path, NULL, XMLSAFE_PARSE_OPTIONS);
	if (rd == NULL) {
		close(fd);
		return pk_error_set(err, PK_EIO, "cannot read '%s'", path);
	}
	while (!found && (r = xmlTextReaderRead(rd)) == 1 && ++nodes <= PEEK_MAX_NODES) {
		int type = xmlTextReaderNodeType(rd), depth = xmlTextReaderDepth(rd);
		const char *name = (const char *)xmlTextReaderConstLocalName(rd);

		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			break;   /* refused by every real read; no text from it */
		if (type != XML_READER_TYPE_ELEMENT || depth > matched)
			continue;
		matched = depth;   /* an element at this depth ends what was matched below it */
		if (name == NULL || strlen(name) != plen[matched] || strncmp(name, part[matched], plen[matched]) != 0)
			continue;
		if (++matched < np)
			continue;
		{
			xmlChar *t = xmlTextReaderReadString(rd);
			const char *a = t ? (const char *)t : "";
			size_t n;

			while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
				a++;
			n = strlen(a);
			while (n > 0 && (a[n - 1] == ' ' || a[n - 1] == '\t' || a[n - 1] == '\n' || a[n - 1] == '\r'))
				n--;
			if (t != NULL && n < size) {
				memcpy(out, a, n);
				out[n] = '\0';
				found = 1;
			}
			xmlFree(t);
			if (!found)
				break;   /* too long for out, or out of memory: not a usable value */
		}
	}
	xmlFreeTextReader(rd);
	close(fd);
	return found;
}

/* True if path resolves to a file under one of the allowed data folders. */
static int path_allowed(const char *path)
{
	char real[PATH_MAX];
	const char *p = path;

	if (strncmp(p, "file://", 7) == 0)
		p += 7;
	if (strstr(p, "://") != NULL || realpath(p, real) == NULL)
		return 0;
	for (size_t i = 0; i < PK_ARRAY_LEN(allowed_dirs); i++) {
		size_t n = strlen(allowed_dirs[i]);

		if (n > 0 && strncmp(real, allowed_dirs[i], n) == 0 && real[n] == '/')
			return 1;
	}
	return 0;
}

/* XSLT read-file check: only the project's own stylesheets and schemas. */
static int check_read(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
	(void)sec;
	(void)ctxt;
	return path_allowed(value);
}

/* 1 if some element of doc declares a namespace under http://exslt.org/ (EXSLT's functions:
 * str:tokenize, exsl:node-set, ...). A walk of the elements in document order, no recursion. */
static int declares_exslt(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n = root;

	while (n != NULL) {
		xmlNodePtr next;

		for (xmlNsPtr ns = n->nsDef; ns != NULL; ns = ns->next)
			if (ns->href != NULL && strncmp((const char *)ns->href, "http://exslt.org/", 17) == 0)
				return 1;
		next = xmlFirstElementChild(n);
		while (next == NULL && n != root) {
			next = xmlNextElementSibling(n);
			if (next == NULL)
				n = n->parent;
		}
		n = next;
	}
	return 0;
}

static pthread_once_t exslt_once = PTHREAD_ONCE_INIT;
static pk_error exslt_err;   /* exsltso_load()'s result, kept for every later stylesheet */

/* pthread_once body of exslt_ready(). */
static void exslt_register(void)
{
	pk_error_clear(&exslt_err);
	if (exsltso_load(&exslt_err) == PK_OK)
		exsltso_calls.exsltRegisterAll();
}

/* Load libexslt (core/exsltso.h) and register its functions with libxslt, once per process.
 * PK_OK, or PK_EINTERNAL when libexslt cannot be loaded: the loader's reason is then reported
 * as an XSLT error (the stylesheet's compiler, transform.c, takes it into its message) and the
 * stylesheet is refused. */
static int exslt_ready(void)
{
	pthread_once(&exslt_once, exslt_register);
	if (exslt_err.code != PK_OK)
		xsltTransformError(NULL, NULL, NULL, "%s\n", exslt_err.msg);
	return exslt_err.code;
}

/* document() and xsl:import loader: the same safe options and path policy as everything else.
 * A stylesheet (not a document() read) is read with xmlsafe_read_data_file(): XSLT strips its
 * whitespace-only text nodes when compiling anyway (XSLT 1.0 section 3.4; libxml2 keeps them in
 * xsl:text and under xml:space="preserve"), and not building them saves a twentieth of a
 * single render's instructions. */
static xmlDocPtr safe_doc_loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
				 xsltLoadType type)
{
	pk_error err;
	xmlDocPtr doc;
	const char *path;

	(void)dict;
	(void)options;
	(void)ctxt;
	if (!path_allowed((const char *)uri))
		return NULL;
	path = strncmp((const char *)uri, "file://", 7) == 0 ? (const char *)uri + 7 : (const char *)uri;
	doc = type == XSLT_LOAD_DOCUMENT ? xmlsafe_read_file(path, &err) : xmlsafe_read_data_file(path, &err);
	/* a stylesheet (the one compiled, or one it includes or imports) that declares an EXSLT
	 * namespace gets the EXSLT functions registered before it is compiled; a stylesheet that
	 * libexslt cannot be loaded for is not compiled */
	if (doc != NULL && type != XSLT_LOAD_DOCUMENT && declares_exslt(doc) && exslt_ready() != PK_OK) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

void xmlsafe_discard(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

int xmlsafe_init(void)
{
	const char *dd = pk_datadir();
	char tmp[PATH_MAX];

	xmlInitParser();
	/* libexslt is loaded, and its functions registered, only when a stylesheet declares an
	 * EXSLT namespace (safe_doc_loader(); pepkit's own stylesheets need none) */
	/* No library ever prints to stderr on its own: every stage captures the errors it reports
	 * (with file, line and field); what is left (libxslt's template-stack dumps after a
	 * recursion limit, debug output) is discarded, in this thread and every thread started
	 * later. */
	xmlSetGenericErrorFunc(NULL, xmlsafe_discard);
	xmlThrDefSetGenericErrorFunc(NULL, xmlsafe_discard);
	xsltSetGenericErrorFunc(NULL, xmlsafe_discard);
	xsltSetGenericDebugFunc(NULL, xmlsafe_discard);
	xmlSetExternalEntityLoader(deny_loader);
	xsltSetLoaderFunc(safe_doc_loader);
	snprintf(tmp, sizeof(tmp), "%s/stylesheets", dd);
	if (realpath(tmp, allowed_dirs[0]) == NULL)
		allowed_dirs[0][0] = '\0';
	snprintf(tmp, sizeof(tmp), "%s/schemas", dd);
	if (realpath(tmp, allowed_dirs[1]) == NULL)
		allowed_dirs[1][0] = '\0';
	sec_prefs = xsltNewSecurityPrefs();
	if (sec_prefs == NULL)
		return PK_ENOMEM;
	if (xsltSetSecurityPrefs(sec_prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec_prefs, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec_prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec_prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec_prefs, XSLT_SECPREF_READ_FILE, check_read) != 0)
		return PK_EINTERNAL;
	xsltSetDefaultSecurityPrefs(sec_prefs);
	return PK_OK;
}

void xmlsafe_cleanup(void)
{
	xsltSetDefaultSecurityPrefs(NULL);
	xsltFreeSecurityPrefs(sec_prefs);
	sec_prefs = NULL;
	xsltCleanupGlobals();
	xmlCleanupParser();
}

xsltSecurityPrefsPtr xmlsafe_xslt_prefs(void)
{
	return sec_prefs;
}
