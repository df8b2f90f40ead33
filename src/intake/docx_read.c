/*
 * docx_read.c: read the content controls (w:sdt) of an untrusted DOCX, for `pepkit import`.
 * The archive is opened in memory with libzip and treated as hostile: entry count, declared
 * and actual uncompressed sizes are capped before anything is inflated (zip bombs), only the
 * three parts needed are read, each is parsed with xmlsafe_read_memory() (no DTD, no entities,
 * size cap), and the main part must carry the Word document content type. The document
 * property "pepkit-prefill" (docProps/custom.xml, optional) gives each prefilled box the
 * fingerprint of what pepkit prefilled it with.
 */
#include "core/pepkit.h"
#include "intake/docx_read.h"
#include "core/buf.h"
#include "core/xmlsafe.h"
#include "core/fingerprint.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "core/zipso.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_CT "http://schemas.openxmlformats.org/package/2006/content-types"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_OFFICE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
/* the same in a document Word saved as "Strict Open XML" (ISO/IEC 29500 Strict) */
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define REL_OFFICE_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
#define CT_MAIN "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#define CT_TEMPLATE "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"

/* Read entry `part` of za into a new NUL-terminated buffer (*data, *len; caller frees).
 * Refuses a missing part and one whose declared or actual size passes XMLSAFE_MAX_BYTES.
 * Returns PK_OK, or PK_EINVAL / PK_ELIMIT / PK_ENOMEM with err set and *data NULL. */
static int read_part(zip_t *za, const char *name, const char *part, char **data, size_t *len,
		     pk_error *err)
{
	zip_stat_t st;
	zip_file_t *zf = NULL;
	char *buf = NULL;
	zip_int64_t got;
	char extra;
	int rc;

	*data = NULL;
	*len = 0;
	zipso_calls.zip_stat_init(&st);
	if (zipso_calls.zip_stat(za, part, 0, &st) < 0)
		return pk_error_set(err, PK_EINVAL, "'%s': not a Word document: part '%s' is missing",
				    name, part);
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > XMLSAFE_MAX_BYTES)
		return pk_error_set(err, PK_ELIMIT, "'%s': part '%s' is %llu bytes uncompressed, over "
				    "the limit of %u", name, part, (unsigned long long)st.size,
				    XMLSAFE_MAX_BYTES);
	buf = malloc((size_t)st.size + 1);
	if (buf == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory reading '%s'", name);
	zf = zipso_calls.zip_fopen_index(za, st.index, 0);
	if (zf == NULL) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': cannot read part '%s': %s", name, part,
				  zipso_calls.zip_strerror(za));
		goto out;
	}
	got = st.size ? zipso_calls.zip_fread(zf, buf, st.size) : 0;
	if (got < 0 || (zip_uint64_t)got != st.size) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': part '%s' is damaged: %s", name, part,
				  zipso_calls.zip_file_strerror(zf));
		goto out;
	}
	/* the data must end where the directory says it does */
	if (zipso_calls.zip_fread(zf, &extra, 1) != 0) {
		rc = pk_error_set(err, PK_ELIMIT, "'%s': part '%s' is larger than its declared size",
				  name, part);
		goto out;
	}
	buf[st.size] = '\0';
	*data = buf;
	*len = (size_t)st.size;
	buf = NULL;
	rc = PK_OK;
out:
	if (zf)
		zipso_calls.zip_fclose(zf);
	free(buf);
	return rc;
}

/* Read and parse part; see read_part() and xmlsafe_read_memory(). Returns the document
 * (caller frees) or NULL with err set; *plen (may be NULL) gets the part's size in bytes. */
static xmlDocPtr parse_part(zip_t *za, const char *name, const char *part, size_t *plen,
			    pk_error *err)
{
	char *data = NULL, label[1200];
	size_t len;
	xmlDocPtr doc;

	if (read_part(za, name, part, &data, &len, err) != PK_OK)
		return NULL;
	if (plen)
		*plen = len;
	snprintf(label, sizeof(label), "%s:%s", name, part);
	doc = xmlsafe_read_memory(data, len, label, err);
	free(data);
	return doc;
}

/* Is href namespace ns? NS_W is also its Strict Open XML name (NS_W_STRICT). */
static int same_ns(const char *href, const char *ns)
{
	return strcmp(href, ns) == 0 || (strcmp(ns, NS_W) == 0 && strcmp(href, NS_W_STRICT) == 0);
}

/* Is n an element in namespace ns named local? */
static int is_ns_el(xmlNodePtr n, const char *ns, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       same_ns((const char *)n->ns->href, ns) && strcmp((const char *)n->name, local) == 0;
}

/* The value of attribute local in namespace ns (NULL ns: no namespace; NS_W: also its Strict
 * name); a new string the caller frees with xmlFree, or NULL. */
static char *get_attr(xmlNodePtr n, const char *ns, const char *local)
{
	xmlChar *v;

	if (ns == NULL)
		return (char *)xmlGetNoNsProp(n, BAD_CAST local);
	v = xmlGetNsProp(n, BAD_CAST local, BAD_CAST ns);
	if (v == NULL && strcmp(ns, NS_W) == 0)
		v = xmlGetNsProp(n, BAD_CAST local, BAD_CAST NS_W_STRICT);
	return (char *)v;
}

/* The main document part's name from _rels/.rels (officeDocument relationship), checked to be
 * a plain relative name. Copies it into out. PK_OK or PK_EINVAL with err set. */
static int main_part(xmlDocPtr rels, const char *name, char *out, size_t size, pk_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(rels);

	for (xmlNodePtr r = root ? root->children : NULL; r; r = r->next) {
		char *type, *target;
		int found = 0;

		if (!is_ns_el(r, NS_REL, "Relationship"))
			continue;
		type = get_attr(r, NULL, "Type");
		target = get_attr(r, NULL, "Target");
		if (type && target && (strcmp(type, REL_OFFICE) == 0 || strcmp(type, REL_OFFICE_STRICT) == 0)) {
			const char *t = target[0] == '/' ? target + 1 : target;

			found = 1;
			if (strstr(t, "..") || strchr(t, ':') || strlen(t) >= size || !*t)
				found = -1;
			else
				snprintf(out, size, "%s", t);
		}
		xmlFree(type);
		xmlFree(target);
		if (found > 0)
			return PK_OK;
		if (found < 0)
			return pk_error_set(err, PK_EINVAL, "'%s': not a Word document: bad main part name", name);
	}
	return pk_error_set(err, PK_EINVAL, "'%s': not a Word document: _rels/.rels names no main document", name);
}

/* Check [Content_Types].xml gives part (e.g. "word/document.xml") a Word document type.
 * PK_OK or PK_EINVAL with err set. */
static int check_content_type(xmlDocPtr ct, const char *name, const char *part, pk_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(ct);
	char want[600];
	int rc = PK_EINVAL;

	snprintf(want, sizeof(want), "/%s", part);
	if (!is_ns_el(root, NS_CT, "Types"))
		return pk_error_set(err, PK_EINVAL, "'%s': not a Word document: bad [Content_Types].xml", name);
	for (xmlNodePtr o = root->children; o; o = o->next) {
		char *pn, *type;

		if (!is_ns_el(o, NS_CT, "Override"))
			continue;
		pn = get_attr(o, NULL, "PartName");
		type = get_attr(o, NULL, "ContentType");
		if (pn && type && strcasecmp(pn, want) == 0) {
			if (strcmp(type, CT_MAIN) == 0 || strcmp(type, CT_TEMPLATE) == 0)
				rc = PK_OK;
			else
				pk_error_set(err, PK_EINVAL, "'%s': not a Word document: '%s' has content "
					     "type '%.200s'", name, part, type);
			xmlFree(pn);
			xmlFree(type);
			return rc;
		}
		xmlFree(pn);
		xmlFree(type);
	}
	return pk_error_set(err, PK_EINVAL, "'%s': not a Word document: no content type for '%s'",
			    name, part);
}

/* Is sdt (a w:sdt element) a control of its own, i.e. does its w:sdtPr carry a w:tag? */
static int tagged_sdt(xmlNodePtr sdt)
{
	for (xmlNodePtr c = sdt->children; c; c = c->next)
		if (is_ns_el(c, NS_W, "sdtPr"))
			for (xmlNodePtr t = c->children; t; t = t->next)
				if (is_ns_el(t, NS_W, "tag"))
					return 1;
	return 0;
}

/* 1 if run r (a w:r) is hidden text: its properties hold w:vanish, not turned off
 * (w:val "0", "false" or "off"). Word does not show or print it, so no one typed it as a value. */
static int hidden_run(xmlNodePtr r)
{
	for (xmlNodePtr pr = r->children; pr; pr = pr->next)
		if (is_ns_el(pr, NS_W, "rPr"))
			for (xmlNodePtr v = pr->children; v; v = v->next)
				if (is_ns_el(v, NS_W, "vanish")) {
					char *val = get_attr(v, NS_W, "val");
					int off = val && (strcmp(val, "0") == 0 || strcmp(val, "false") == 0 ||
							  strcmp(val, "off") == 0);

					xmlFree(val);
					return !off;
				}
	return 0;
}

/* Append the text of n's subtree to b as a person sees it: w:t text, tabs, line breaks, a
 * non-breaking hyphen as "-", a newline between paragraphs (*paras counts paragraphs started);
 * a table row (pasted into a box) as one paragraph with " | " between its cells, a text box's
 * text (in a drawing or VML shape) where it stands;
 * deleted text and text moved away (tracked changes: w:del, w:moveFrom; the text moved is read
 * where it went, w:moveTo), hidden runs (w:vanish), field codes and nested control properties
 * are skipped, and so is the content of
 * a nested tagged control: that text is its own control's, so every piece of text in the
 * part is collected once at most (memory in proportion to the part, however deep controls
 * nest). Returns PK_OK or the buffer's error. */
static int collect_text(xmlNodePtr n, pk_buf *b, int *paras)
{
	int rc = PK_OK;

	for (xmlNodePtr c = n->children; c && rc == PK_OK; c = c->next) {
		const char *nm;

		if (is_ns_el(c, NS_MC, "AlternateContent")) {
			/* the same content twice (mc:Choice for newer readers, mc:Fallback for the
			 * rest): read the Fallback, which is written for readers like this one, or
			 * else the first Choice */
			xmlNodePtr pick = NULL;

			for (xmlNodePtr a = c->children; a; a = a->next)
				if (is_ns_el(a, NS_MC, "Fallback") || (pick == NULL && is_ns_el(a, NS_MC, "Choice")))
					pick = a;
			if (pick != NULL)
				rc = collect_text(pick, b, paras);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!c->ns || !c->ns->href || !same_ns((const char *)c->ns->href, NS_W)) {
			/* a drawing or VML shape: a text box in it (w:txbxContent) shows its text */
			rc = collect_text(c, b, paras);
			continue;
		}
		nm = (const char *)c->name;
		if (strcmp(nm, "t") == 0) {
			xmlChar *t = xmlNodeGetContent(c);

			rc = t ? buf_puts(b, (const char *)t) : PK_ENOMEM;
			xmlFree(t);
		} else if (strcmp(nm, "tab") == 0) {
			rc = buf_puts(b, "\t");
		} else if (strcmp(nm, "noBreakHyphen") == 0) {   /* Ctrl+Shift+- in Word */
			rc = buf_puts(b, "-");
		} else if (strcmp(nm, "r") == 0 && hidden_run(c)) {
			continue;
		} else if (strcmp(nm, "br") == 0 || strcmp(nm, "cr") == 0) {
			rc = buf_puts(b, "\n");
		} else if (strcmp(nm, "p") == 0) {
			if ((*paras)++ > 0)
				rc = buf_puts(b, "\n");
			if (rc == PK_OK)
				rc = collect_text(c, b, paras);
		} else if (strcmp(nm, "tr") == 0) {
			/* a table pasted into a box: a row is a paragraph, its cells kept apart */
			int cells = 0;

			if ((*paras)++ > 0)
				rc = buf_puts(b, "\n");
			for (xmlNodePtr tc = c->children; tc && rc == PK_OK; tc = tc->next) {
				size_t from;
				int cp = 0;

				if (!is_ns_el(tc, NS_W, "tc"))
					continue;
				if (cells++ > 0)
					rc = buf_puts(b, " | ");
				from = b->len;
				if (rc == PK_OK)
					rc = collect_text(tc, b, &cp);
				for (size_t i = from; rc == PK_OK && i < b->len; i++)
					if (b->data[i] == '\n')   /* a cell's paragraphs stay in its row */
						b->data[i] = ' ';
			}
		} else if (strcmp(nm, "sdt") == 0 && tagged_sdt(c)) {
			continue;
		} else if (strcmp(nm, "del") == 0 || strcmp(nm, "delText") == 0 ||
			   strcmp(nm, "moveFrom") == 0 ||
			   strcmp(nm, "instrText") == 0 || strcmp(nm, "sdtPr") == 0 ||
			   strcmp(nm, "rPr") == 0 || strcmp(nm, "pPr") == 0) {
			continue;
		} else {
			rc = collect_text(c, b, paras);
		}
	}
	return rc;
}

/* Pictures, charts, embedded objects and inserted symbols in n's subtree (a:blip,
 * v:imagedata, c:chart, w:object, w:sym: a character of a symbol font such as Wingdings, which
 * has no Unicode text), outside nested tagged controls (those are their own control's): things
 * put into a box that hold no text. */
static int count_pictures(xmlNodePtr n)
{
	int k = 0;

	for (xmlNodePtr c = n->children; c; c = c->next) {
		const char *nm = (const char *)c->name;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(nm, "blip") == 0 || strcmp(nm, "imagedata") == 0 ||
		    strcmp(nm, "chart") == 0 || is_ns_el(c, NS_W, "object") ||
		    is_ns_el(c, NS_W, "sym"))
			k++;
		else if (!(is_ns_el(c, NS_W, "sdt") && tagged_sdt(c)))
			k += count_pictures(c);
	}
	return k;
}

/* The value of the drop-down item (w:dropDownList or w:comboBox under pr) whose shown words
 * are text (surrounding whitespace ignored): a new string (xmlFree), or NULL when none is.
 * A list shows words ("Accommodated (s20)") and keeps a code ("section-20") as the value. */
static char *list_value(xmlNodePtr pr, const char *text)
{
	size_t len;

	while (*text == ' ' || *text == '\n' || *text == '\t')
		text++;
	len = strlen(text);
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\n' || text[len - 1] == '\t'))
		len--;
	for (xmlNodePtr l = pr ? pr->children : NULL; l; l = l->next) {
		if (!is_ns_el(l, NS_W, "dropDownList") && !is_ns_el(l, NS_W, "comboBox"))
			continue;
		for (xmlNodePtr it = l->children; it; it = it->next) {
			char *shown, *value;
			int same;

			if (!is_ns_el(it, NS_W, "listItem"))
				continue;
			shown = get_attr(it, NS_W, "displayText");
			value = get_attr(it, NS_W, "value");
			same = shown && value && strlen(shown) == len && strncmp(shown, text, len) == 0;
			xmlFree(shown);
			if (same)
				return value;
			xmlFree(value);
		}
	}
	return NULL;
}

/* The words a drop-down (w:dropDownList or w:comboBox under pr) shows for its items, joined
 * by ", " and cut at DOCX_MAX_CHOICES bytes (ending "..."), for messages that name what a
 * person saw rather than the codes kept: a new string (free()), or NULL when pr holds no list
 * or memory ran out (the message then falls back to the codes). */
static char *list_words(xmlNodePtr pr)
{
	pk_buf b = PK_BUF_INIT;
	int any = 0;

	for (xmlNodePtr l = pr ? pr->children : NULL; l; l = l->next) {
		if (!is_ns_el(l, NS_W, "dropDownList") && !is_ns_el(l, NS_W, "comboBox"))
			continue;
		for (xmlNodePtr it = l->children; it; it = it->next) {
			char *shown;
			int ok;

			if (!is_ns_el(it, NS_W, "listItem") || (shown = get_attr(it, NS_W, "displayText")) == NULL)
				continue;
			ok = *shown == '\0' || b.len > DOCX_MAX_CHOICES ||
			     (buf_puts(&b, any ? ", " : "") == PK_OK && buf_puts(&b, shown) == PK_OK);
			any |= *shown != '\0';
			xmlFree(shown);
			if (!ok) {
				buf_free(&b);
				return NULL;
			}
		}
	}
	if (!any)
		return NULL;
	if (b.len > DOCX_MAX_CHOICES) {
		size_t n = DOCX_MAX_CHOICES - 3;

		while (n && ((unsigned char)b.data[n] & 0xC0) == 0x80)   /* not inside a character */
			n--;
		memcpy(b.data + n, "...", 4);
	}
	return b.data;
}

/* The application that last saved the document, from docProps/app.xml (optional), into out
 * ("" when the part is missing or says nothing). */
static void saved_by(zip_t *za, const char *name, char *out, size_t size)
{
	pk_error ignore;
	xmlDocPtr app;
	xmlNodePtr root;

	out[0] = '\0';
	pk_error_clear(&ignore);
	if ((app = parse_part(za, name, "docProps/app.xml", NULL, &ignore)) == NULL)
		return;
	root = xmlDocGetRootElement(app);
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "Application")) {
			xmlChar *v = xmlNodeGetContent(c);
			size_t n = 0;

			/* the product's name only: "LibreOffice/7.4.7.2$Linux..." -> "LibreOffice" */
			while (v && v[n] && n + 1 < size && (isalnum(v[n]) || v[n] == ' ' || v[n] == '-'))
				n++;
			snprintf(out, size, "%.*s", (int)n, v ? (const char *)v : "");
			xmlFree(v);
			break;
		}
	xmlFreeDoc(app);
}

/* The error for a form whose boxes are there but lost their tags (LibreOffice keeps content
 * controls but drops w:tag when it saves a .docx), or are gone (boxes 0: an editor other than
 * Word saved it): which value is which cannot be known. PK_EINVAL with err set; PK_OK when
 * there are no boxes and no other editor is named (then it is not a form at all). */
static int stripped_form(zip_t *za, const char *name, size_t boxes, pk_error *err)
{
	char app[64];

	saved_by(za, name, app, sizeof(app));
	if (boxes == 0 && (app[0] == '\0' || strncmp(app, "Microsoft", 9) == 0 ||
			   strncmp(app, "pepkit", 6) == 0))
		return PK_OK;
	if (boxes == 0)
		return pk_error_set(err, PK_EINVAL, "'%s': the form has no boxes left: it was last "
				    "saved by '%s', which removed them, so nothing can be imported. Type "
				    "the values into the form pepkit made using Microsoft Word (desktop or "
				    "online), or make a new one with `pepkit template`, and import that",
				    name, app);
	return pk_error_set(err, PK_EINVAL, "'%s': the form's %zu boxes have lost their names: it "
			    "was last saved by %s%s%s, which keeps the boxes but removes the names "
			    "pepkit reads them by, so nothing can be imported. Type the values into "
			    "the form pepkit made using Microsoft Word (desktop or online), or make a "
			    "new one with `pepkit template`, and import that", name, boxes,
			    app[0] ? "'" : "", app[0] ? app : "an editor such as LibreOffice",
			    app[0] ? "'" : "");
}

/* Context for walking the document. */
typedef struct walk {
	docx_control *v;
	size_t n, cap;
	size_t text, limit;     /* bytes of control text so far; at most the part's size */
	size_t untagged;        /* content controls without a w:tag (not counted in n) */
	int rc;
	const char *name;
	pk_error *err;
	char label[128];        /* the last box label (FormLabel paragraph) outside the boxes */
	char stray[128];        /* the label before the first text typed outside a box */
	size_t nstray;          /* paragraphs of box text (FormField) outside any box */
	int pepkit_text;        /* the form's styles define PepkitText: see normal_para() */
} walk;

/* 1 if text (a box's content while it is marked w:showingPlcHdr) is one of the prompts
 * pepkit's forms show in an empty box: src/render/docx.c's defaults and the prompts of
 * stylesheets/form-common.xsl ("yyyy-mm-dd", "e.g. ...", "last recorded: ..."). Other text
 * there was typed by an editor that did not clear the flag (Word clears it on typing;
 * python-docx scripts and some editors do not), and is read as typed. */
static int is_prompt(const char *text)
{
	static const char *const exact[] = {
		"", "Enter text.", "Click or tap here to enter text.", "yyyy-mm-dd",
		"target numbers on this form (e.g. 1, 3) or references",
	};
	static const char *const prefix[] = {
		"e.g. ", "yyyy-mm-dd (", "last recorded: ", "13 characters, e.g. ",
	};
	char *t = (char *)xmlStrdup(BAD_CAST text);
	size_t n;
	int yes = 0;

	if (t == NULL)
		return 1;
	n = strlen(t);
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\t'))
		t[--n] = '\0';
	for (size_t i = 0; !yes && i < PK_ARRAY_LEN(exact); i++)
		yes = strcmp(t, exact[i]) == 0;
	for (size_t i = 0; !yes && i < PK_ARRAY_LEN(prefix); i++)
		yes = strncmp(t, prefix[i], strlen(prefix[i])) == 0;
	xmlFree(t);
	return yes;
}

/* Record one w:sdt if it has a tag. Sets w->rc on failure. */
static void add_control(walk *w, xmlNodePtr sdt)
{
	xmlNodePtr pr = NULL, content = NULL, tag = NULL, alias = NULL;
	pk_buf b = PK_BUF_INIT;
	docx_control *c;
	int paras = 0, ph = 0;

	for (xmlNodePtr c2 = sdt->children; c2; c2 = c2->next) {
		if (is_ns_el(c2, NS_W, "sdtPr"))
			pr = c2;
		else if (is_ns_el(c2, NS_W, "sdtContent"))
			content = c2;
	}
	for (xmlNodePtr c2 = pr ? pr->children : NULL; c2; c2 = c2->next) {
		if (is_ns_el(c2, NS_W, "tag"))
			tag = c2;
		else if (is_ns_el(c2, NS_W, "alias"))
			alias = c2;
		else if (is_ns_el(c2, NS_W, "showingPlcHdr"))
			ph = 1;
	}
	if (tag == NULL) {
		w->untagged++;
		return;
	}
	if (w->n >= DOCX_MAX_CONTROLS) {
		w->rc = pk_error_set(w->err, PK_ELIMIT, "'%s': more than %d content controls", w->name,
				     DOCX_MAX_CONTROLS);
		return;
	}
	if (w->n == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 64;
		docx_control *nv = realloc(w->v, nc * sizeof(*nv));

		if (nv == NULL) {
			w->rc = pk_error_set(w->err, PK_ENOMEM, "out of memory");
			return;
		}
		w->v = nv;
		w->cap = nc;
	}
	if (content && collect_text(content, &b, &paras) != PK_OK) {
		buf_free(&b);
		w->rc = pk_error_set(w->err, PK_ENOMEM, "out of memory");
		return;
	}
	w->text += b.len;
	if (w->text > w->limit) {
		buf_free(&b);
		w->rc = pk_error_set(w->err, PK_ELIMIT, "'%s': the form's boxes hold more text than "
				     "the document itself (%zu bytes): not a form pepkit can read",
				     w->name, w->limit);
		return;
	}
	c = &w->v[w->n];
	c->tag = get_attr(tag, NS_W, "val");
	c->label = alias ? get_attr(alias, NS_W, "val") : NULL;
	if (ph && !is_prompt(b.data ? b.data : ""))
		ph = 0;
	if (ph && b.data) {
		b.data[0] = '\0';
		b.len = 0;
	}
	c->text = ph ? NULL : list_value(pr, b.data ? b.data : "");
	if (c->text == NULL)
		c->text = (char *)xmlStrdup(BAD_CAST(b.data ? b.data : ""));
	c->choices = list_words(pr);
	c->placeholder = ph;
	c->pos = w->n;
	c->prefill = NULL;
	c->pictures = content ? count_pictures(content) : 0;
	buf_free(&b);
	if (c->tag == NULL || c->text == NULL) {
		xmlFree(c->tag);
		xmlFree(c->label);
		xmlFree(c->text);
		free(c->choices);
		/* a tag without a value is not ours: skip it, unless memory ran out */
		if (c->text == NULL)
			w->rc = pk_error_set(w->err, PK_ENOMEM, "out of memory");
		return;
	}
	w->n++;
}

/* The "pepkit-prefill" custom property ("TAG=HASH;..." written by render/docx.c) given to the
 * controls of v (n) with those tags. The part is optional and only a hint: when it is missing,
 * too large or unreadable, or a pair is malformed, the controls get none (import then reads
 * every box as typed, as before). PK_OK or PK_ENOMEM. */
static int read_prefill(zip_t *za, const char *name, docx_control *v, size_t n)
{
	zip_stat_t st;
	pk_error ignore;
	xmlDocPtr doc;
	xmlNodePtr root;
	size_t pairs = 0;
	int rc = PK_OK;

	zipso_calls.zip_stat_init(&st);
	if (n == 0 || zipso_calls.zip_stat(za, "docProps/custom.xml", 0, &st) < 0)
		return PK_OK;
	if ((doc = parse_part(za, name, "docProps/custom.xml", NULL, &ignore)) == NULL)
		return PK_OK;
	root = xmlDocGetRootElement(doc);
	for (xmlNodePtr p = root ? root->children : NULL; p && rc == PK_OK; p = p->next) {
		xmlChar *pname, *val;
		const char *s;

		if (p->type != XML_ELEMENT_NODE || strcmp((const char *)p->name, "property") != 0)
			continue;
		pname = xmlGetNoNsProp(p, BAD_CAST "name");
		if (pname == NULL || strcmp((const char *)pname, "pepkit-prefill") != 0) {
			xmlFree(pname);
			continue;
		}
		xmlFree(pname);
		val = xmlNodeGetContent(p);
		/* at most one pair per box (a hostile property stays O(boxes^2), boxes capped) */
		for (s = (const char *)val; s && *s && rc == PK_OK && pairs++ < n;) {
			const char *eq = strchr(s, '='), *end = strchr(s, ';');

			if (eq == NULL || end == NULL || end < eq ||
			    end - eq - 1 != FP_BOX_HEX_LEN)
				break;
			/* the k-th pair of a tag is the k-th box with that tag (rows repeat tags;
			 * a row pasted after the last has none) */
			for (size_t i = 0; i < n; i++) {
				if (v[i].prefill || strlen(v[i].tag) != (size_t)(eq - s) ||
				    strncmp(v[i].tag, s, (size_t)(eq - s)) != 0)
					continue;
				if ((v[i].prefill = strndup(eq + 1, FP_BOX_HEX_LEN)) == NULL)
					rc = PK_ENOMEM;
				break;
			}
			s = end + 1;
		}
		xmlFree(val);
	}
	xmlFreeDoc(doc);
	return rc;
}

/* The paragraph style (w:pPr/w:pStyle/@w:val) of paragraph p is style: 1, else 0. */
static int para_style(xmlNodePtr p, const char *style)
{
	for (xmlNodePtr pr = p->children; pr; pr = pr->next)
		if (is_ns_el(pr, NS_W, "pPr"))
			for (xmlNodePtr st = pr->children; st; st = st->next)
				if (is_ns_el(st, NS_W, "pStyle")) {
					char *v = get_attr(st, NS_W, "val");
					int yes = v && strcmp(v, style) == 0;

					xmlFree(v);
					return yes;
				}
	return 0;
}

/* 1 if node n is inside a w:sdt (below root). */
static int inside_sdt(xmlNodePtr n, xmlNodePtr root)
{
	for (n = n->parent; n && n != root; n = n->parent)
		if (is_ns_el(n, NS_W, "sdt"))
			return 1;
	return 0;
}

/* 1 if paragraph p has no paragraph style (Word's Normal, which it never names) and is not in a
 * table: pepkit's forms write none (their own text has style PepkitText), so its text was typed
 * or pasted there (Enter after a heading starts one). Only for a form whose styles define
 * PepkitText (walk.pepkit_text): older forms wrote their introductions in Normal. */
static int normal_para(xmlNodePtr p)
{
	for (xmlNodePtr pr = p->children; pr; pr = pr->next)
		if (is_ns_el(pr, NS_W, "pPr"))
			for (xmlNodePtr st = pr->children; st; st = st->next)
				if (is_ns_el(st, NS_W, "pStyle"))
					return 0;
	for (xmlNodePtr a = p->parent; a; a = a->parent)
		if (is_ns_el(a, NS_W, "tc"))
			return 0;
	return 1;
}

/* 1 if the form's word/styles.xml defines a style with id style; 0 if not, or if the part is
 * missing or unreadable (then the rule it would enable is not applied). */
static int defines_style(zip_t *za, const char *name, const char *style)
{
	zip_stat_t st;
	pk_error e = { 0 };
	xmlDocPtr doc;
	int yes = 0;

	zipso_calls.zip_stat_init(&st);
	if (zipso_calls.zip_stat(za, "word/styles.xml", 0, &st) < 0)
		return 0;
	if ((doc = parse_part(za, name, "word/styles.xml", NULL, &e)) == NULL)
		return 0;
	for (xmlNodePtr n = xmlDocGetRootElement(doc) ? xmlDocGetRootElement(doc)->children : NULL;
	     n && !yes; n = n->next)
		if (is_ns_el(n, NS_W, "style")) {
			char *id = get_attr(n, NS_W, "styleId");

			yes = id && strcmp(id, style) == 0;
			xmlFree(id);
		}
	xmlFreeDoc(doc);
	return yes;
}

/* Look at paragraph p outside the boxes: a box label (FormLabel) is remembered; box text
 * (FormField: the style of a box's own paragraphs, and of a paragraph started by Enter after
 * a label) or a Normal paragraph (normal_para()) holding text other than a prompt was typed
 * where no box reads it (the box's control was removed, or the text typed below the box or a
 * heading), and is counted in w->nstray with the label before it. Sets w->rc on out of
 * memory. */
static void outside_para(walk *w, xmlNodePtr p)
{
	int label = para_style(p, "FormLabel"), paras = 0;
	pk_buf b = PK_BUF_INIT;
	const char *t;

	if (!label && !para_style(p, "FormField") && !(w->pepkit_text && normal_para(p)))
		return;
	if (collect_text(p, &b, &paras) != PK_OK) {
		buf_free(&b);
		w->rc = pk_error_set(w->err, PK_ENOMEM, "out of memory");
		return;
	}
	t = b.data ? b.data : "";
	if (label) {
		snprintf(w->label, sizeof(w->label), "%s", t);
	} else if (t[strspn(t, " \t\n")] != '\0' && !is_prompt(t)) {
		if (w->nstray++ == 0)
			memcpy(w->stray, w->label, sizeof(w->stray));
	}
	buf_free(&b);
}

/* Find every tagged w:sdt under n, in document order (iterative: no recursion depth limit
 * beyond the parser's own); paragraphs outside the boxes go to outside_para(). */
static void walk_controls(walk *w, xmlNodePtr root)
{
	xmlNodePtr n = root;

	while (n && w->rc == PK_OK) {
		if (is_ns_el(n, NS_W, "sdt"))
			add_control(w, n);
		else if (is_ns_el(n, NS_W, "p") && !inside_sdt(n, root))
			outside_para(w, n);
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && n != root && n->next == NULL)
			n = n->parent;
		if (n == NULL || n == root)
			break;
		n = n->next;
	}
}

/* What the len bytes at data are when they are a document of another kind saved or renamed
 * .docx (a Word 97-2003 .doc, an OpenDocument text, RTF, PDF), for the message; NULL when they
 * may be a .docx. */
static const char *other_format(const unsigned char *data, size_t len)
{
	static const char odf[] = "mimetypeapplication/vnd.oasis.opendocument.";

	if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return "a Word 97-2003 document (.doc)";
	if (len >= 5 && memcmp(data, "{\\rtf", 5) == 0)
		return "a Rich Text Format document (.rtf)";
	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
		return "a PDF";
	/* an OpenDocument file starts with its stored "mimetype" entry (name at 30, then text) */
	if (len >= 30 + sizeof(odf) - 1 && memcmp(data, "PK\x03\x04", 4) == 0 &&
	    memcmp(data + 30, odf, sizeof(odf) - 1) == 0)
		return "an OpenDocument file (.odt, as LibreOffice saves)";
	return NULL;
}

/* True if t is a UTC time as Word and LibreOffice write dcterms:modified
 * ("2025-12-05T14:03:00Z", perhaps with a fraction of a second before the Z). */
static int utc_stamp(const char *t)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	size_t i = 0;

	for (; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)t[i]) : t[i] != shape[i])
			return 0;
	if (t[i] == '.')
		for (i++; isdigit((unsigned char)t[i]); i++)
			;
	return t[i] == 'Z' && t[i + 1] == '\0';
}

/* Copy the text of core.xml's element c into out (size n) when it is a short word of letters,
 * digits and '-' (pepkit's form kinds: form-pep1, myvoice, ...); else leave out as it is. */
static void read_kind(xmlNodePtr c, char *out, size_t n)
{
	xmlChar *t = xmlNodeGetContent(c);
	size_t i = 0;

	for (; t && t[i] && i + 1 < n; i++)
		if (!isalnum(t[i]) && t[i] != '-')
			break;
	if (t && i > 0 && t[i] == '\0' && i + 1 < n)
		snprintf(out, n, "%s", (const char *)t);
	xmlFree(t);
}

/* When the document was last saved, from docProps/core.xml's dcterms:modified (optional:
 * pepkit's own forms have none; Word and LibreOffice write one on every save), as
 * "yyyy-mm-ddThh:mm:ssZ" into out (DOCX_SAVED_LEN bytes), or "" when there is none in that
 * form; and which form it is, from cp:keywords (pepkit writes the form's kind there), into kind
 * (DOCX_KIND_LEN bytes), or "form" when there is none. The part is only a hint: a missing or
 * unreadable one gives "" and "form". */
static void read_saved(zip_t *za, const char *name, char *out, char *kind)
{
	pk_error ignore;
	xmlDocPtr core;
	xmlNodePtr root;

	out[0] = '\0';
	snprintf(kind, DOCX_KIND_LEN, "form");
	pk_error_clear(&ignore);
	if ((core = parse_part(za, name, "docProps/core.xml", NULL, &ignore)) == NULL)
		return;
	root = xmlDocGetRootElement(core);
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
		xmlChar *t;

		if (c->type != XML_ELEMENT_NODE || c->ns == NULL || c->ns->href == NULL)
			continue;
		if (strcmp((const char *)c->ns->href, "http://schemas.openxmlformats.org/package/2006/"
			   "metadata/core-properties") == 0 && strcmp((const char *)c->name, "keywords") == 0) {
			read_kind(c, kind, DOCX_KIND_LEN);
			continue;
		}
		if (strcmp((const char *)c->ns->href, "http://purl.org/dc/terms/") != 0 ||
		    strcmp((const char *)c->name, "modified") != 0 || out[0])
			continue;
		t = xmlNodeGetContent(c);
		if (t && utc_stamp((const char *)t))
			snprintf(out, DOCX_SAVED_LEN, "%.19sZ", (const char *)t);
		xmlFree(t);
	}
	xmlFreeDoc(core);
}

int docx_read_controls(const void *data, size_t len, const char *name, docx_control **out,
		       size_t *n, pk_error *err)
{
	return docx_read_form(data, len, name, out, n, NULL, NULL, err);
}

int docx_read_form(const void *data, size_t len, const char *name, docx_control **out,
		   size_t *n, char *saved, char *kind, pk_error *err)
{
	zip_error_t ze;
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	xmlDocPtr ct = NULL, rels = NULL, doc = NULL;
	zip_uint64_t total = 0;
	zip_int64_t entries;
	char part[512];
	walk w = { NULL, 0, 0, 0, 0, 0, PK_OK, name, err, "", "", 0, 0 };
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = zipso_load(err)) != PK_OK)
		return rc;
	zipso_calls.zip_error_init(&ze);
	if (len > DOCX_MAX_FILE) {
		rc = pk_error_set(err, PK_ELIMIT, "'%s': %zu bytes, over the limit of %u", name, len,
				  DOCX_MAX_FILE);
		goto out;
	}
	{
		const char *what = other_format(data, len);

		if (what != NULL) {
			rc = pk_error_set(err, PK_EINVAL, "'%s' is %s, not a Word form (.docx): such a copy "
					  "keeps no boxes to read. Type the values into the form pepkit made "
					  "using Microsoft Word, saved as 'Word Document (.docx)', or make a new "
					  "one with `pepkit template`, and import that", name, what);
			goto out;
		}
	}
	src = zipso_calls.zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory reading '%s'", name);
		goto out;
	}
	za = zipso_calls.zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (za == NULL) {
		zipso_calls.zip_source_free(src);
		rc = pk_error_set(err, PK_EINVAL, "'%s': not a Word document: not a readable zip (%s)",
				  name, zipso_calls.zip_error_strerror(&ze));
		goto out;
	}
	entries = zipso_calls.zip_get_num_entries(za, 0);
	if (entries < 0 || entries > DOCX_MAX_ENTRIES) {
		rc = pk_error_set(err, PK_ELIMIT, "'%s': %lld zip entries, over the limit of %d", name,
				  (long long)entries, DOCX_MAX_ENTRIES);
		goto out;
	}
	for (zip_int64_t i = 0; i < entries; i++) {
		zip_stat_t st;

		zipso_calls.zip_stat_init(&st);
		if (zipso_calls.zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE)) {
			rc = pk_error_set(err, PK_EINVAL, "'%s': damaged zip entry %lld", name, (long long)i);
			goto out;
		}
		total += st.size;
		if (st.size > DOCX_MAX_TOTAL || total > DOCX_MAX_TOTAL) {
			rc = pk_error_set(err, PK_ELIMIT, "'%s': over %u bytes uncompressed (a zip bomb?)",
					  name, DOCX_MAX_TOTAL);
			goto out;
		}
	}
	if ((ct = parse_part(za, name, "[Content_Types].xml", NULL, err)) == NULL ||
	    (rels = parse_part(za, name, "_rels/.rels", NULL, err)) == NULL) {
		rc = err ? err->code : PK_EINVAL;
		goto out;
	}
	if ((rc = main_part(rels, name, part, sizeof(part), err)) != PK_OK ||
	    (rc = check_content_type(ct, name, part, err)) != PK_OK)
		goto out;
	if ((doc = parse_part(za, name, part, &w.limit, err)) == NULL) {
		rc = err ? err->code : PK_EINVAL;
		goto out;
	}
	if (!is_ns_el(xmlDocGetRootElement(doc), NS_W, "document")) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': not a Word document: '%s' is not a w:document",
				  name, part);
		goto out;
	}
	w.pepkit_text = defines_style(za, name, "PepkitText");
	walk_controls(&w, xmlDocGetRootElement(doc));
	rc = w.rc;
	if (rc == PK_OK && w.n == 0)
		rc = stripped_form(za, name, w.untagged, err);
	if (rc == PK_OK && w.nstray > 0)   /* typed text no box reads would be lost */
		rc = pk_error_set(err, PK_EINVAL, "'%s': text typed outside the boxes%s%s%s (%zu "
				  "paragraph%s): its box was removed or the text was typed below it, so "
				  "it would not be imported. Move it into the box (a new form from "
				  "`pepkit template` has every box) and import again", name,
				  w.stray[0] ? ", after '" : "", w.stray, w.stray[0] ? "'" : "",
				  w.nstray, w.nstray == 1 ? "" : "s");
	if (rc == PK_OK && read_prefill(za, name, w.v, w.n) != PK_OK)
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
	if (rc == PK_OK && saved && kind)
		read_saved(za, name, saved, kind);
	if (rc == PK_OK) {
		*out = w.v;
		*n = w.n;
		w.v = NULL;
		w.n = 0;
	}
out:
	docx_controls_free(w.v, w.n);
	xmlFreeDoc(doc);
	xmlFreeDoc(rels);
	xmlFreeDoc(ct);
	if (za)
		zipso_calls.zip_discard(za);
	zipso_calls.zip_error_fini(&ze);
	return rc;
}

void docx_controls_free(docx_control *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++) {
		xmlFree(c[i].tag);
		xmlFree(c[i].label);
		xmlFree(c[i].text);
		free(c[i].choices);
		free(c[i].prefill);
	}
	free(c);
}
