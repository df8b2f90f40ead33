/*
 * import.c: a filled fallback form back into a PEP record (see import.h): the driver.
 * The table (import_fields.c) says where each box goes; this file finds the boxes, groups
 * the boxes of repeating groups into rows, builds the child, people and term elements in table
 * order (so they follow the schema), and hands them to the merge (import_merge.c).
 *
 * Rows: every control whose tag belongs to a group is a member of row (key, occurrence), where
 * occurrence counts earlier controls with the same tag; so a row of boxes copied and pasted in
 * Word is a new row. Rows with any value are kept, in document order, and numbered 1, 2, ...
 */
#include "core/pepkit.h"
#include "intake/import.h"
#include "intake/mapping.h"
#include "intake/import_int.h"
#include "record/redact.h"
#include "record/validate.h"
#include "core/buf.h"
#include "intake/docx_read.h"
#include "intake/scale.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utf16.h>


/* The child's names for names_the_child(): the record imported into, else a small record
 * made of the form's own name boxes (a blank form). Returns a document the caller frees when
 * *made is set, or NULL when neither has a child. */
static xmlDocPtr child_names_doc(import_state *im, int *made)
{
	static const char *const boxes[][2] = { { "child.legal-name.given", "given" },
						{ "child.legal-name.family", "family" },
						{ "child.preferred-name", "preferred-name" } };
	xmlDocPtr doc;
	xmlNodePtr root, child, legal;

	*made = 0;
	if (im->into != NULL)
		return im->into;
	if ((doc = xmlNewDoc(BAD_CAST "1.0")) == NULL ||
	    (root = xmlNewDocNode(doc, NULL, BAD_CAST "pep-record", NULL)) == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlDocSetRootElement(doc, root);
	child = xmlNewChild(root, NULL, BAD_CAST "child", NULL);
	legal = child ? xmlNewChild(child, NULL, BAD_CAST "legal-name", NULL) : NULL;
	for (size_t i = 0; legal && i < PK_ARRAY_LEN(boxes); i++) {
		const docx_control *c = import_find(im, boxes[i][0], 0);

		if (c && c->text && !c->placeholder)
			xmlNewTextChild(i < 2 ? legal : child, NULL, BAD_CAST boxes[i][1], BAD_CAST c->text);
	}
	*made = 1;
	return doc;
}

/* Replace in msg (size bytes) every quoted value ('...') that holds a word of the child's
 * names with a note, so a name typed into the wrong box ("Ayşe" as a date) never reaches a
 * message, a log or a terminal; the box's label still says which box. */
static void names_the_child(import_state *im, char *msg, size_t size)
{
	char out[600], seg[256];
	size_t o = 0;
	int made;
	xmlDocPtr doc = NULL;

	if (strchr(msg, '\'') == NULL || (doc = child_names_doc(im, &made)) == NULL)
		return;
	for (const char *p = msg; *p && o + 1 < sizeof(out);) {
		const char *q = NULL;

		/* a quoted value: opening quote at the start or after a space, '(' or ':'; it ends
		 * at a quote followed by a space, ',', ')', ':' or the end ("'O'Brien' is ...") */
		if (*p == '\'' && (p == msg || strchr(" (:", p[-1]))) {
			for (const char *e = p + 1; *e && !q; e++)
				if (*e == '\'' && (e[1] == '\0' || strchr(" ,):", e[1])))
					q = e;
		}
		if (q != NULL && (size_t)(q - p - 1) < sizeof(seg)) {
			snprintf(seg, sizeof(seg), "%.*s", (int)(q - p - 1), p + 1);
			if (validate_id_names_child(doc, seg)) {
				o += (size_t)snprintf(out + o, sizeof(out) - o, "(a value holding the child's name, not shown)");
				p = q + 1;
				continue;
			}
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%.*s", (int)(q - p + 1), p);
			p = q + 1;
			continue;
		}
		out[o++] = *p++;
	}
	out[o < sizeof(out) ? o : sizeof(out) - 1] = '\0';
	snprintf(msg, size, "%s", out);
	if (made)
		xmlFreeDoc(doc);
}

void import_problem(import_state *im, const docx_control *c, const char *tag, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	names_the_child(im, msg, sizeof(msg));
	im->problems++;
	if (c && im->bad && c >= im->c && c < im->c + im->n)
		im->bad[c - im->c] = 1;
	if (im->fn)
		im->fn(im->ctx, c && c->label ? c->label : tag, c ? c->tag : tag, msg);
}

void import_note(import_state *im, const docx_control *c, const char *tag, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	const char *label = c && c->label ? c->label : tag;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* kept until the import succeeds: "corrected" is only said of a record that is written */
	if (im->note && buf_append(&im->notes, label, strlen(label) + 1) == PK_OK &&
	    buf_append(&im->notes, c ? c->tag : tag, strlen(c ? c->tag : tag) + 1) == PK_OK &&
	    buf_append(&im->notes, msg, strlen(msg) + 1) == PK_OK)
		return;
	if (im->note)
		im->rc = PK_ENOMEM;
}

/* Pass the kept notes to im->note, in the order they were made. */
static void flush_notes(import_state *im)
{
	for (size_t at = 0; im->note && at < im->notes.len;) {
		const char *label = im->notes.data + at, *tag = label + strlen(label) + 1;
		const char *msg = tag + strlen(tag) + 1;

		im->note(im->ctx, label, tag, msg);
		at = (size_t)(msg + strlen(msg) + 1 - im->notes.data);
	}
}

/* Does the table know tag (exactly, or as a row of one of its groups)? */
static int tag_known(const char *tag)
{
	for (size_t i = 0; i < import_nfields; i++) {
		const char *pat = import_fields[i].tag, *w = strpbrk(pat, "#*");
		size_t plen = w ? (size_t)(w - pat) : 0;
		const char *rest, *suffix;

		if (w == NULL) {
			if (strcmp(pat, tag) == 0)
				return 1;
			continue;
		}
		if (strncmp(pat, tag, plen) != 0)
			continue;
		suffix = w + 1;
		rest = tag + plen;
		if (*w == '#' ? (strspn(rest, "0123456789") > 0 &&
				 strcmp(rest + strspn(rest, "0123456789"), suffix) == 0)
			      : (strlen(rest) > strlen(suffix) &&
				 strcmp(rest + strlen(rest) - strlen(suffix), suffix) == 0))
			return 1;
	}
	return strcmp(tag, "term.id") == 0;
}

/* Note every box with a value whose tag pepkit does not know, and every picture or object
 * pasted into a box: they are not imported, and the person is told so rather than the value
 * vanishing. */
static void note_unknown(import_state *im)
{
	for (size_t i = 0; i < im->n; i++)
		if (!im->c[i].placeholder && !import_blank(im->c[i].text) && !tag_known(im->c[i].tag))
			import_note(im, &im->c[i], im->c[i].tag, "not imported: pepkit has no place in "
				    "the record for this box");
	for (size_t i = 0; i < im->n; i++)
		if (im->c[i].pictures > 0 && tag_known(im->c[i].tag))
			import_note(im, &im->c[i], im->c[i].tag, "not imported: %d picture%s, "
				    "symbol%s or object%s put into the box (pepkit reads a box's text "
				    "only)", im->c[i].pictures, im->c[i].pictures == 1 ? "" : "s",
				    im->c[i].pictures == 1 ? "" : "s", im->c[i].pictures == 1 ? "" : "s");
}

/* Note every box the form was made with a value in (its "pepkit-prefill" fingerprint) that
 * came back empty: an empty box changes nothing, so the record keeps the value the person
 * deleted, and they are told so rather than the deletion vanishing. Only a box whose tag the
 * form has once: a row deleted from a list moves the fingerprints of the rows after it. */
static void note_emptied(import_state *im)
{
	for (size_t i = 0; i < im->n; i++) {
		const docx_control *c = &im->c[i];
		size_t same = 0;

		if (c->prefill == NULL || !(c->placeholder || import_blank(c->text)) ||
		    !tag_known(c->tag))
			continue;
		for (size_t k = 0; k < im->n && same < 2; k++)
			same += strcmp(im->c[k].tag, c->tag) == 0;
		if (same == 1)
			import_note(im, c, c->tag, "not imported: emptied in the form, and an empty box "
				    "changes nothing, so the record keeps its value; change the record "
				    "itself if the value should go");
	}
}

/* The time in list (a term's @form-saved: "KIND@TIME ...") kept for form kind, copied into out
 * (DOCX_SAVED_LEN bytes); 0 when the list has none for it. */
static int saved_for(const char *list, const char *kind, char *out)
{
	size_t k = strlen(kind);

	for (const char *p = list; p && *p; ) {
		const char *e = p + strcspn(p, " ");

		if ((size_t)(e - p) > k + 1 && strncmp(p, kind, k) == 0 && p[k] == '@' &&
		    (size_t)(e - p - k - 1) < DOCX_SAVED_LEN) {
			memcpy(out, p + k + 1, (size_t)(e - p - k - 1));
			out[e - p - k - 1] = '\0';
			return 1;
		}
		p = *e ? e + 1 : e;
	}
	return 0;
}

/* The form's kind for @form-saved: its cp:keywords (form-pep1, myvoice, ...), and for a form
 * made for one reader, "/" and the reader (a name of letters, digits, '.', '_' and '-', else
 * "other"), into im->kind. */
static void set_kind(import_state *im, const char *kind, const char *audience)
{
	size_t n = audience ? strlen(audience) : 0;
	int plain = n > 0 && n <= 48 && strspn(audience, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
						     "0123456789._-") == n;

	snprintf(im->kind, sizeof(im->kind), "%s%s%s", kind, audience ? "/" : "",
		 audience ? (plain ? audience : "other") : "");
}

/* Refuse a form saved before the last form of its kind imported into term old (the term's
 * @form-saved keeps, per kind of form, when the last one imported was saved): an older return
 * of one form, imported after a newer one, would put back the values the newer one changed,
 * each box counting as typed. Forms of other kinds (the PEP1 form, the meeting record, My
 * Voice, a form made for another reader) fill their own parts of the term and are not compared;
 * nor are forms without a saved time (pepkit's own, unsaved) and new terms. */
static void older_return(import_state *im, xmlNodePtr old)
{
	char was[DOCX_SAVED_LEN];
	xmlChar *list;

	if (old == NULL || im->saved[0] == '\0' ||
	    (list = xmlGetNoNsProp(old, BAD_CAST "form-saved")) == NULL)
		return;
	if (saved_for((const char *)list, im->kind, was) && strcmp(was, im->saved) > 0)
		import_problem(im, import_single(im, "term.id"), "term.id", "this form (%s) was saved "
			       "%s, before the one last imported into term '%s' (saved %s): an older "
			       "return would put back values the newer one changed. Import the newer "
			       "form, or type these changes into it", im->kind, im->saved, im->term, was);
	xmlFree(list);
}

/* Keep in term t's @form-saved that the form of kind im->kind imported was saved im->saved
 * (replacing that kind's time, keeping the others'). Returns -1 when out of memory. */
static int note_saved(import_state *im, xmlNodePtr t)
{
	xmlChar *list = xmlGetNoNsProp(t, BAD_CAST "form-saved");
	size_t k = strlen(im->kind);
	pk_buf b = PK_BUF_INIT;
	int rc = PK_OK;

	for (const char *p = (const char *)list; p && *p && rc == PK_OK; ) {
		const char *e = p + strcspn(p, " ");

		if (!((size_t)(e - p) > k && strncmp(p, im->kind, k) == 0 && p[k] == '@')) {
			if (b.len)
				rc = buf_append(&b, " ", 1);
			if (rc == PK_OK)
				rc = buf_append(&b, p, (size_t)(e - p));
		}
		p = *e ? e + 1 : e;
	}
	if (rc == PK_OK)
		rc = buf_printf(&b, "%s%s@%s", b.len ? " " : "", im->kind, im->saved);
	if (rc == PK_OK && xmlSetProp(t, BAD_CAST "form-saved", BAD_CAST b.data) == NULL)
		rc = PK_ENOMEM;
	xmlFree(list);
	buf_free(&b);
	return rc == PK_OK ? 0 : -1;
}

void import_map_box(import_state *im, const void *node, const char *attr, const docx_control *c)
{
	import_box *b;

	if (c == NULL || node == NULL)
		return;
	if (im->nboxes == im->capboxes) {
		size_t nc = im->capboxes ? im->capboxes * 2 : 64;
		import_box *nb = realloc(im->boxes, nc * sizeof(*nb));

		if (nb == NULL) {
			im->rc = PK_ENOMEM;
			return;
		}
		im->boxes = nb;
		im->capboxes = nc;
	}
	b = &im->boxes[im->nboxes++];
	b->node = node;
	snprintf(b->attr, sizeof(b->attr), "%s", attr ? attr : "");
	b->c = c;
}

/* The occ-th control tagged exactly tag, or NULL. */
const docx_control *import_find(const import_state *im, const char *tag, int occ)
{
	for (size_t i = 0; i < im->n; i++)
		if (im->occ[i] == occ && strcmp(im->c[i].tag, tag) == 0)
			return &im->c[i];
	return NULL;
}

/* Split pattern "target.#.what" into group "target" (out, size gsize), wildcard ('#' or '*')
 * and suffix ".what" (pointer into pattern). Returns the wildcard, or 0 for a plain tag. */
static char split_pattern(const char *pattern, char *group, size_t gsize, const char **suffix)
{
	const char *w = strpbrk(pattern, "#*");

	if (w == NULL)
		return 0;
	snprintf(group, gsize, "%.*s", (int)(w - pattern), pattern);
	*suffix = w + 1;
	return *w;
}

/* Collect the rows of group (prefix "target.", wildcard) into im->rows, ordered by document
 * position, used ones numbered. Only tags that a table entry of this group knows count.
 * Returns PK_OK or PK_ENOMEM. */
int import_collect_rows(import_state *im, const char *prefix, char wild)
{
	size_t plen = strlen(prefix);

	free(im->rows);
	im->rows = NULL;
	im->nrows = 0;
	for (size_t i = 0; i < im->n; i++) {
		const char *t = im->c[i].tag, *k, *rest;
		char key[64];
		size_t klen;
		import_row *r = NULL;

		if (strncmp(t, prefix, plen) != 0)
			continue;
		k = t + plen;
		rest = wild == '*' ? strrchr(k, '.') : strchr(k, '.');
		klen = rest ? (size_t)(rest - k) : strlen(k);
		if (klen == 0 || klen >= sizeof(key))
			continue;
		if (wild == '#' && strspn(k, "0123456789") != klen)
			continue;
		memcpy(key, k, klen);
		key[klen] = '\0';
		for (size_t j = 0; j < im->nrows; j++)
			if (strcmp(im->rows[j].key, key) == 0 && im->rows[j].occ == im->occ[i])
				r = &im->rows[j];
		if (r == NULL) {
			import_row *nr = realloc(im->rows, (im->nrows + 1) * sizeof(*nr));

			if (nr == NULL)
				return PK_ENOMEM;
			im->rows = nr;
			r = &im->rows[im->nrows++];
			memset(r, 0, sizeof(*r));
			snprintf(r->key, sizeof(r->key), "%s", key);
			r->occ = im->occ[i];
			r->pos = im->c[i].pos;
		}
		if (!im->c[i].placeholder && !import_blank(im->c[i].text))
			r->used = 1;
	}
	/* document order (insertion order is already by first position; keep it stable) */
	for (size_t i = 0, k = 0; i < im->nrows; i++)
		if (im->rows[i].used)
			im->rows[i].index = (int)++k;
	return PK_OK;
}

/* The element named name under parent: the idx-th (idx >= 1; missing ones are appended), or
 * for idx 0 the first (appended if missing). NULL on out of memory. */
static xmlNodePtr child_at(xmlNodePtr parent, const char *name, int idx)
{
	int seen = 0;
	xmlNodePtr last = NULL;

	if (idx < 1)
		idx = 1;
	for (xmlNodePtr c = parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name) && ++seen == idx)
			return c;
	while (seen < idx) {
		last = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
		if (last == NULL)
			return NULL;
		seen++;
	}
	return last;
}

/* Put value at path (after the scope's first segment) under root, "[#]" meaning the row
 * index idx; elements on the way are created as needed. Paragraph types add one child per
 * line. Returns PK_OK or PK_ENOMEM. */
static int set_path(import_state *im, const docx_control *c, xmlNodePtr root, const char *path,
		    int idx, const import_field *f, const char *value)
{
	char seg[80];
	const char *p = strchr(path, '/');
	xmlNodePtr e = root;

	while (p && *p == '/') {
		const char *s = p + 1, *end = strchr(s, '/');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		int rowi = 0;

		snprintf(seg, sizeof(seg), "%.*s", (int)len, s);
		p = end;
		if (seg[0] == '@') {
			import_map_box(im, e, seg + 1, c);
			return xmlSetProp(e, BAD_CAST(seg + 1), BAD_CAST value) ? PK_OK : PK_ENOMEM;
		}
		if (len > 3 && strcmp(seg + len - 3, "[#]") == 0) {
			seg[len - 3] = '\0';
			rowi = idx;
		}
		if ((e = child_at(e, seg, rowi)) == NULL)
			return PK_ENOMEM;
		if (rowi)
			import_map_box(im, e, "#", c);  /* the row's element: named by any of its boxes */
	}
	import_map_box(im, e, NULL, c);
	if (f->type == V_PARAS)
		return import_add_lines(e, "p", value);
	if (f->type == V_ITEMS)
		return import_add_lines(e, "item", value);
	if (f->type == V_LONG) {
		char *t = import_trim_lines(value);

		if (t == NULL)
			return PK_ENOMEM;
		xmlNodeAddContent(e, BAD_CAST t);
		free(t);
		return PK_OK;
	}
	xmlNodeAddContent(e, BAD_CAST value);
	return PK_OK;
}

/* Is there an element at path's container (the path's second segment, e.g. "attendance" in
 * "term/attendance/percent") under root? For a top-level attribute path, the root itself. */
static int container_used(xmlNodePtr root, const char *path)
{
	const char *s = strchr(path, '/'), *e;
	char name[80];

	if (s == NULL || s[1] == '@')
		return 0;
	s++;
	e = strpbrk(s, "/[");
	snprintf(name, sizeof(name), "%.*s", (int)(e ? e - s : (long)strlen(s)), s);
	for (xmlNodePtr c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
			return 1;
	return 0;
}

/* Is id used by a target already built for this term (fresh), or by a target or person of
 * another term of the record being merged into? */
static int target_clash(import_state *im, xmlNodePtr fresh, const char *id)
{
	xmlNodePtr root = im->into ? xmlDocGetRootElement(im->into) : NULL;

	if (import_id_taken(fresh->children, id))
		return 1;
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(c->name, BAD_CAST "terms")) {
			for (xmlNodePtr t = c->children; t; t = t->next) {
				xmlChar *tid = t->type == XML_ELEMENT_NODE ? xmlGetNoNsProp(t, BAD_CAST "id") : NULL;
				int mine = tid && strcmp((const char *)tid, im->term) == 0;

				xmlFree(tid);
				if (t->type == XML_ELEMENT_NODE && !mine && import_id_taken(t->children, id))
					return 1;
			}
		} else if (import_id_taken(c->children, id)) {
			return 1;
		}
	}
	return 0;
}

/* Generate a target id for the n-th target row of the term: T-<term>-<n>, or the next free
 * number. The ids of the term the form replaces do not count as taken (target_clash), so
 * importing the same form again gives the same ids (no renumbering). */
static void target_id(import_state *im, xmlNodePtr fresh, int n, char *out, size_t size)
{
	for (int k = n; k < n + 1000; k++) {
		snprintf(out, size, "T-%s-%d", im->term, k);
		if (!target_clash(im, fresh, out))
			return;
	}
}

/* Is f a field of scope ("child", "people", "term")? */
static int in_scope(const import_field *f, const char *scope)
{
	size_t slen = strlen(scope);

	return strncmp(f->path, scope, slen) == 0 && f->path[slen] == '/';
}

const docx_control *import_single(import_state *im, const char *tag)
{
	const docx_control *first = import_find(im, tag, 0), *filled = NULL, *c;

	for (int occ = 0; (c = occ ? import_find(im, tag, occ) : first) != NULL; occ++) {
		if (c->placeholder || import_blank(c->text))
			continue;
		if (filled == NULL)
			filled = c;
		else if (strcmp(filled->text, c->text) != 0)
			import_problem(im, c, tag, "this box is in the form twice with different text; "
				       "keep one and import again");
	}
	return filled ? filled : first;
}

/* Build the single (non-row) field f from its control into root. */
static void build_single(import_state *im, const import_field *f, xmlNodePtr root)
{
	const docx_control *c = import_single(im, f->tag);
	char buf[20001];

	if (c && !c->placeholder && import_convert(im, f, c, c->text, buf, sizeof(buf)) && buf[0] &&
	    set_path(im, c, root, f->path, 0, f, buf) != PK_OK)
		im->rc = PK_ENOMEM;
}

/* Report that the box tag (control c) of a used row of group ("target.") is required. */
static void row_required(import_state *im, const docx_control *c, const char *tag, const char *group)
{
	char gname[64];

	snprintf(gname, sizeof(gname), "%s", group);
	gname[0] = (char)toupper((unsigned char)gname[0]);
	if (gname[0] && gname[strlen(gname) - 1] == '.')
		gname[strlen(gname) - 1] = '\0';
	import_problem(im, c, tag, "required: this %s row has other boxes filled in", gname);
}

/* Put the row's grade scale (its "scale" box, read as a choice) into im->row_scale ("" when
 * the box is empty or not a scale: then only the required-box check speaks). */
static void row_scale(import_state *im, const char *group, const import_row *rw)
{
	char tag[160];
	const docx_control *c;
	char *v;

	im->row_scale[0] = '\0';
	snprintf(tag, sizeof(tag), "%s%s.scale", group, rw->key);
	c = import_find(im, tag, rw->occ);
	if (c == NULL || c->placeholder || (v = import_collapse(c->text)) == NULL)
		return;
	for (size_t i = 0; v[i]; i++)
		v[i] = (char)tolower((unsigned char)(v[i] == ' ' ? '-' : v[i]));
	if (scale_kind_from_name(v) >= 0)
		snprintf(im->row_scale, sizeof(im->row_scale), "%s", v);
	free(v);
}

/* The value of field f for row rw of group into buf (size bytes): the control's converted
 * text (the row key or the label for those types), else a generated target id or the field's
 * default. Returns 0 when the box could not be read (reported), else 1 (buf "" = no value). */
static int row_value(import_state *im, const import_field *f, const char *group, import_row *rw,
		     xmlNodePtr root, const docx_control *c, char *buf, size_t size)
{
	const char *text = c && !c->placeholder ? c->text : "";

	if (f->type == V_GRADE)
		row_scale(im, group, rw);
	if (f->type == V_ROWKEY)
		text = rw->key;
	else if (f->type == V_LABEL)
		text = c && c->label ? c->label : "";
	if (!import_convert(im, f, c, text, buf, size))
		return 0;
	if (f->type == V_TARGETID && buf[0] && target_clash(im, root, buf))
		buf[0] = '\0';  /* a copied row's reference: give it a new one */
	if (!buf[0] && f->type == V_TARGETID)
		target_id(im, root, rw->index, buf, 48);
	if (!buf[0] && f->dflt)
		snprintf(buf, size, "%s", strcmp(f->dflt, "@start") == 0 ? im->term_start : f->dflt);
	return 1;
}

/* Build row field f (tag pattern GROUP WILD SUFFIX) for every used row of its group into
 * root. Target rows (with their ids) are kept in im->targets for PP+ links. */
static void build_rows(import_state *im, const import_field *f, xmlNodePtr root)
{
	char group[64], buf[20001], wild;
	const char *suffix = NULL;

	wild = split_pattern(f->tag, group, sizeof(group), &suffix);
	if (import_collect_rows(im, group, wild) != PK_OK) {
		im->rc = PK_ENOMEM;
		return;
	}
	for (size_t r = 0; r < im->nrows && im->rc == PK_OK; r++) {
		import_row *rw = &im->rows[r];
		const docx_control *c;
		char tag[160];

		if (!rw->used)
			continue;
		snprintf(tag, sizeof(tag), "%s%s%s", group, rw->key, suffix);
		c = import_find(im, tag, rw->occ);
		if (!row_value(im, f, group, rw, root, c, buf, sizeof(buf)))
			continue;
		if (!buf[0]) {
			if (f->flags & F_REQ)
				row_required(im, c, tag, group);
			continue;
		}
		if (f->type == V_TARGETID)
			snprintf(rw->id, sizeof(rw->id), "%.47s", buf);
		if (set_path(im, c, root, f->path, rw->index, f, buf) != PK_OK)
			im->rc = PK_ENOMEM;
	}
	if (strcmp(group, "target.") == 0 && f->type == V_TARGETID) {
		free(im->targets);
		im->targets = im->rows;
		im->ntargets = im->nrows;
		im->rows = NULL;
		im->nrows = 0;
	}
}

/* A section with something in it needs its required single fields (the child scope always:
 * a new record needs the child's details). */
static void check_required(import_state *im, const char *scope, xmlNodePtr root)
{
	int child = strcmp(scope, "child") == 0;

	for (size_t i = 0; i < import_nfields && im->rc == PK_OK; i++) {
		const import_field *f = &import_fields[i];
		const docx_control *c;

		if (!(f->flags & F_REQ) || strpbrk(f->tag, "#*") || !in_scope(f, scope))
			continue;
		if (!child && !container_used(root, f->path))
			continue;
		c = import_find(im, f->tag, 0);
		if (!(c && !c->placeholder && !import_blank(c->text)))
			import_problem(im, c, f->tag, "required: %s", child ?
				"a new record needs the child's details" : "other boxes of this section are filled in");
	}
}

/*
 * Build the scope named scope ("child", "people" or "term") from the table into root.
 * Non-row fields first check their control, row fields run over the group's used rows.
 * Problems are reported; im->rc gets PK_ENOMEM on memory failure.
 */
static void build_scope(import_state *im, const char *scope, xmlNodePtr root)
{
	for (size_t i = 0; i < import_nfields && im->rc == PK_OK; i++) {
		const import_field *f = &import_fields[i];

		if (!in_scope(f, scope))
			continue;
		if (strpbrk(f->tag, "#*"))
			build_rows(im, f, root);
		else
			build_single(im, f, root);
	}
	check_required(im, scope, root);
}

/* Is s a term id (20yy-autumn|spring|summer)? */
static int term_id_ok(const char *s)
{
	return strlen(s) >= 11 && s[0] == '2' && s[1] == '0' && isdigit((unsigned char)s[2]) &&
	       isdigit((unsigned char)s[3]) && s[4] == '-' &&
	       (strcmp(s + 5, "autumn") == 0 || strcmp(s + 5, "spring") == 0 || strcmp(s + 5, "summer") == 0);
}

/* Work out the term: --term, else the form's term.id; they must agree. The form's term is
 * read as merge reads an export's ("Autumn 2025", "Aut 2 25/26", "T1 2025-26": the term id
 * 2025-autumn), so a person need not know pepkit's ids. */
static int pick_term(import_state *im, const char *term)
{
	const docx_control *c = import_find(im, "term.id", 0);
	char *form = c && !c->placeholder ? import_collapse(c->text) : NULL;
	int ok = 1;

	if (form && *form && !term_id_ok(form)) {
		char id[16];
		const char *why = NULL;

		if (!mapping_term_why(NULL, form, id, &why)) {
			import_problem(im, c, "term.id", "'%.40s' %s%s (write the season and year, e.g. "
				       "Spring 2026 or 2026-spring)", form, why ? "cannot be read as one term: "
				       : "is not a term", why ? why : "");
			free(form);
			return 0;
		}
		free(form);
		if ((form = strdup(id)) == NULL) {
			im->rc = PK_ENOMEM;
			return 0;
		}
	}
	if (term && form && *form && strcmp(form, term) != 0) {
		import_problem(im, c, "term.id", "the form is for term '%.40s' but --term is '%.40s'", form, term);
		ok = 0;
	} else if (term || (form && *form)) {
		snprintf(im->term, sizeof(im->term), "%s", term ? term : form);
		if (!term_id_ok(im->term)) {
			import_problem(im, c, "term.id", "'%.40s' is not a term (e.g. 2026-spring)", im->term);
			ok = 0;
		}
	} else {
		import_problem(im, c, "term.id", "no term: fill in the form's term or give --term");
		ok = 0;
	}
	free(form);
	return ok;
}

/* Make the new record's skeleton: <pep-record version="1"><child/><people/><terms/>. */
static xmlDocPtr new_record(void)
{
	xmlDocPtr d = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root;

	if (d == NULL)
		return NULL;
	root = xmlNewNode(NULL, BAD_CAST "pep-record");
	if (root == NULL) {
		xmlFreeDoc(d);
		return NULL;
	}
	xmlDocSetRootElement(d, root);
	if (!xmlNewProp(root, BAD_CAST "version", BAD_CAST "1") ||
	    !xmlNewChild(root, NULL, BAD_CAST "child", NULL) ||
	    !xmlNewChild(root, NULL, BAD_CAST "people", NULL) ||
	    !xmlNewChild(root, NULL, BAD_CAST "terms", NULL)) {
		xmlFreeDoc(d);
		return NULL;
	}
	return d;
}

/* Does the form have any child.* control with a value? */
static int form_has_child(const import_state *im)
{
	for (size_t i = 0; i < im->n; i++)
		if (strncmp(im->c[i].tag, "child.", 6) == 0 && !im->c[i].placeholder && !import_blank(im->c[i].text))
			return 1;
	return 0;
}

/* 1 if text holds the redaction token as a reader sees it: compared after NFKC case folding,
 * which also drops zero-width and other invisible characters ("[RE\u200bDACTED]") and folds
 * full-width brackets, so a token someone edited to look the same is still found. ASCII is
 * folded inline and each other character on its own through ICU, into a window of the last ten
 * folded characters: constant memory and linear time, however long the box's text. */
int import_has_token(const char *text)
{
	static const char token[] = "[redacted]";
	enum { TN = sizeof(token) - 1 };
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *cf = unorm2_getNFKCCasefoldInstance(&st);
	char win[TN];
	int32_t i = 0, len = (int32_t)strnlen(text, INT32_MAX - 1);
	size_t wn = 0;

	if (strstr(text, REDACT_TOKEN))
		return 1;
	if (U_FAILURE(st))
		return 0;
	while (i < len) {
		UChar src[2], dst[32];
		char out[32];
		int32_t n = 0, sl = 0;
		UChar32 c;

		if ((unsigned char)text[i] < 0x80) {
			out[n++] = (char)tolower((unsigned char)text[i++]);
		} else {
			U8_NEXT(text, i, len, c);
			st = U_ZERO_ERROR;
			if (c >= 0)
				U16_APPEND_UNSAFE(src, sl, c);
			n = c >= 0 ? unorm2_normalize(cf, src, sl, dst, (int32_t)PK_ARRAY_LEN(dst), &st) : -1;
			if (n < 0 || U_FAILURE(st))
				n = 1, dst[0] = 0xFFFD;
			for (int32_t k = 0; k < n; k++)   /* what folds to ASCII can make the token */
				out[k] = dst[k] < 0x80 ? (char)dst[k] : '\x01';
		}
		for (int32_t k = 0; k < n; k++) {
			if (wn == TN) {
				memmove(win, win + 1, TN - 1);
				wn--;
			}
			win[wn++] = out[k];
			if (wn == TN && memcmp(win, token, TN) == 0)
				return 1;
		}
	}
	return 0;
}

/* The reader a form was made for (its form.audience box, collapsed; caller frees), or NULL
 * for a form made from the full record. *nomem is set when the text cannot be copied. */
static char *form_audience(const import_state *im, int *nomem)
{
	for (size_t i = 0; i < im->n; i++)
		if (strcmp(im->c[i].tag, "form.audience") == 0 && im->c[i].text &&
		    !im->c[i].placeholder && !import_blank(im->c[i].text)) {
			char *a = import_collapse(im->c[i].text);

			*nomem = a == NULL;
			return a;
		}
	return NULL;
}

/* Refuse a form with the redaction token in a box: it was made from a redacted copy (or a
 * reader typed the token), and importing it would write the token over the real value. A
 * reader's form has been lined up with the record first (import_reader_form), so the token is
 * left only where the reader typed it. PK_OK, or PK_EINVAL with err set. */
static int refuse_redacted(const import_state *im, pk_error *err)
{
	for (size_t i = 0; i < im->n; i++)
		if (!im->c[i].placeholder && im->c[i].text && import_has_token(im->c[i].text))
			return pk_error_set(err, PK_EINVAL, "'%s': field '%s' contains %s: this form was "
					    "made from a redacted copy and cannot be imported; nothing was "
					    "written", im->file, im->c[i].label ? im->c[i].label : im->c[i].tag,
					    REDACT_TOKEN);
	return PK_OK;
}

/* A reader's form without the means to line it up (no record, no remake): refused. */
static int refuse_reader_form(const import_state *im, const char *audience, int into,
			      pk_error *err)
{
	if (!into)
		return pk_error_set(err, PK_EINVAL, "'%s': this form was made from the copy for '%.40s': "
				    "it comes back into the child's record: import it with --into "
				    "RECORD.xml; nothing was written", im->file, audience);
	return pk_error_set(err, PK_EINVAL, "'%s': this form was made from a copy redacted for "
			    "'%.40s': its ids and withheld boxes are not the record's, so it cannot be "
			    "imported here; nothing was written", im->file, audience);
}

/* Count, for each control, the earlier controls with the same tag (im->occ). PK_OK or
 * PK_ENOMEM. */
static int count_occurrences(import_state *im)
{
	im->occ = calloc(im->n ? im->n : 1, sizeof(int));
	im->bad = calloc(im->n ? im->n : 1, 1);
	if (im->occ == NULL || im->bad == NULL)
		return PK_ENOMEM;
	for (size_t i = 0; i < im->n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(im->c[j].tag, im->c[i].tag) == 0)
				im->occ[i]++;
	return PK_OK;
}

/* The form's value of box tag converted to a comparable string in out: the collapsed text
 * (dates as yyyy-mm-dd). 0 when the box is missing, a placeholder or blank. */
static int form_value(import_state *im, const char *tag, int date, char *out, size_t n)
{
	const docx_control *c = import_single(im, tag);
	char *v = c && !c->placeholder ? import_collapse(c->text) : NULL;
	char d[40];
	int have = v && *v;

	if (have && date && import_parse_date(v, d))
		snprintf(out, n, "%s", d);
	else if (have)
		snprintf(out, n, "%s", v);
	free(v);
	return have;
}

/*
 * The form must be for the record's child. When both give a child id they must agree (a
 * different id is a different child). When the form's child id box is empty (a blank form
 * filled in by hand), its given name, family name and date of birth are compared with the
 * record's: two or more of them differing means the form is about another child, and it is
 * refused (one differing is a correction, noted by import_correct_child). Problems are
 * reported without the names or dates themselves (they would go to logs).
 */
static void check_same_child(import_state *im, xmlDocPtr into)
{
	static const struct { const char *tag, *path; int date; } who[] = {
		{ "child.legal-name.given", "legal-name/given", 0 },
		{ "child.legal-name.family", "legal-name/family", 0 },
		{ "child.date-of-birth", "date-of-birth", 1 },
	};
	const docx_control *c = import_single(im, "child.la-child-id");
	xmlNodePtr child = import_el(xmlDocGetRootElement(into), "child");
	xmlNodePtr id = import_el(child, "la-child-id");
	char *v = c && !c->placeholder ? import_collapse(c->text) : NULL;
	xmlChar *have = id ? xmlNodeGetContent(id) : NULL;
	char *h = have ? import_collapse((const char *)have) : NULL;
	int differ = 0, given = 0;

	if (v && *v && h && strcmp(v, h) != 0)
		import_problem(im, c, c->tag, "the form is for child '%.40s' but the record is for '%.40s'",
			       v, h);
	else if (!(v && *v)) {
		for (size_t i = 0; i < PK_ARRAY_LEN(who); i++) {
			char f[512];
			xmlNodePtr e = child;
			const char *p = who[i].path, *slash;
			xmlChar *rv;

			if (!form_value(im, who[i].tag, who[i].date, f, sizeof(f)))
				continue;
			given++;
			for (; e && (slash = strchr(p, '/')) != NULL; p = slash + 1) {
				char part[64];

				snprintf(part, sizeof(part), "%.*s", (int)(slash - p), p);
				e = import_el(e, part);
			}
			rv = e ? xmlNodeGetContent(import_el(e, p)) : NULL;
			if (who[i].date ? !rv || strcmp(f, (const char *)rv) != 0
					: !rv || !import_same_name(f, (const char *)rv))
				differ++;
			xmlFree(rv);
		}
		if (given >= 2 && differ >= 2)
			import_problem(im, c, "child.la-child-id", "the form's child id box is empty and %d of "
				       "its child's given name, family name and date of birth are not the "
				       "record's: the form is about another child. Import it into that "
				       "child's record (--into), or type the child id in the form", differ);
	}
	free(v);
	free(h);
	xmlFree(have);
}

/* The record the form goes into: into itself (checked to be the same child), or a new record
 * built from the form's child details. *rec gets it and im->people its people. PK_OK, PK_EINVAL
 * (problems reported, or err set), or PK_ENOMEM. */
static int start_record(import_state *im, xmlDocPtr into, xmlDocPtr *rec, pk_error *err)
{
	if (into) {
		check_same_child(im, into);
		if (im->problems)
			return PK_EINVAL;
		*rec = into;
		im->people = import_el(xmlDocGetRootElement(into), "people");
		if (im->people == NULL)
			return pk_error_set(err, PK_EINVAL, "the record to import '%s' into has no <people>",
					    im->file);
		return PK_OK;
	}
	if (!form_has_child(im))
		return pk_error_set(err, PK_EINVAL, "'%s': the form has no child details to start a "
				    "record from: import it with --into the child's record", im->file);
	if ((*rec = new_record()) == NULL)
		return PK_ENOMEM;
	build_scope(im, "child", import_el(xmlDocGetRootElement(*rec), "child"));
	im->people = import_el(xmlDocGetRootElement(*rec), "people");
	return PK_OK;
}

/* The term's start date (the default of a target's date set): the form's term.start when it
 * is a date, else the record's term's @start (old_term may be NULL). */
static void set_term_start(import_state *im, xmlNodePtr old_term)
{
	xmlChar *st = old_term ? xmlGetNoNsProp(old_term, BAD_CAST "start") : NULL;
	const docx_control *c = import_find(im, "term.start", 0);
	char *v = c && !c->placeholder ? import_collapse(c->text) : NULL;

	if (v && *v) {
		if (!import_parse_date(v, im->term_start))
			im->term_start[0] = '\0';
	} else if (st) {
		snprintf(im->term_start, sizeof(im->term_start), "%s", (const char *)st);
	}
	free(v);
	xmlFree(st);
}

/* Build the form's people (added to im->people) and its term into fresh_term. PK_OK or
 * PK_ENOMEM (problems are counted in im). */
static int build_people_and_term(import_state *im, xmlNodePtr fresh_people, xmlNodePtr fresh_term)
{
	build_scope(im, "people", fresh_people);
	if (im->rc == PK_OK && import_merge_people(im, im->people, fresh_people) != PK_OK)
		return PK_ENOMEM;
	if (im->rc == PK_OK && !xmlSetProp(fresh_term, BAD_CAST "id", BAD_CAST im->term))
		return PK_ENOMEM;
	if (im->rc == PK_OK)
		build_scope(im, "term", fresh_term);
	return im->rc;
}

/* A term new to the record needs its kind and dates from the form. */
static void check_new_term(import_state *im, xmlNodePtr fresh_term)
{
	static const char *const need[][2] = { { "kind", "term.kind" }, { "start", "term.start" },
					       { "end", "term.end" } };

	for (size_t i = 0; i < PK_ARRAY_LEN(need); i++) {
		const docx_control *c = import_find(im, need[i][1], 0);

		/* a box already reported (a date that is not one) is not also "required" */
		if (c && im->bad && c >= im->c && c < im->c + im->n && im->bad[c - im->c])
			continue;
		if (!xmlHasProp(fresh_term, BAD_CAST need[i][0]))
			import_problem(im, c, need[i][1], "required: '%s' is a new term", im->term);
	}
}

int import_form(const void *data, size_t len, const char *file, xmlDocPtr into, const char *term,
		import_report_fn fn, void *ctx, xmlDocPtr *out, pk_error *err)
{
	return import_form_noted(data, len, file, into, term, fn, NULL, ctx, out, err);
}

int import_form_noted(const void *data, size_t len, const char *file, xmlDocPtr into,
		      const char *term, import_report_fn fn, import_note_fn note, void *ctx,
		      xmlDocPtr *out, pk_error *err)
{
	return import_form_reader(data, len, file, into, term, fn, note, ctx, NULL, NULL, out, err);
}

int import_form_reader(const void *data, size_t len, const char *file, xmlDocPtr into,
		       const char *term, import_report_fn fn, import_note_fn note, void *ctx,
		       import_remake_fn remake, void *rctx, xmlDocPtr *out, pk_error *err)
{
	import_state im;
	char *audience = NULL;
	char kind[DOCX_KIND_LEN];
	int nomem = 0;
	xmlDocPtr rec = NULL;
	xmlNodePtr fresh_term = NULL, fresh_people = NULL, old_term;
	int rc;

	*out = NULL;
	memset(&im, 0, sizeof(im));
	im.file = file;
	im.fn = fn;
	im.note = note;
	im.ctx = ctx;
	im.into = into;
	rc = docx_read_form(data, len, file, &im.c, &im.n, im.saved, kind, err);
	if (rc != PK_OK)
		return rc;
	if (im.n == 0) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': no form fields found (not a pepkit form?)", file);
		goto out;
	}
	audience = form_audience(&im, &nomem);
	if (nomem)
		goto nomem;
	set_kind(&im, kind, audience);
	if (audience && (into == NULL || remake == NULL)) {
		rc = refuse_reader_form(&im, audience, into != NULL, err);
		goto out;
	}
	if (audience == NULL && (rc = refuse_redacted(&im, err)) != PK_OK)
		goto out;
	if (count_occurrences(&im) != PK_OK)
		goto nomem;
	if (!pick_term(&im, term)) {
		rc = PK_EINVAL;
		goto out;
	}
	if (audience == NULL && into && remake &&
	    (rc = import_plain_form_refresh(&im, into, remake, rctx)) != PK_OK)
		goto nomem;
	if (audience) {
		/* line the reader's form up with the record, then read it as any form */
		if ((rc = import_reader_form(&im, audience, into, remake, rctx, err)) == PK_ENOMEM)
			goto nomem;
		if (rc != PK_OK)
			goto out;
		free(im.occ);
		free(im.bad);
		im.occ = NULL;
		im.bad = NULL;
		if (count_occurrences(&im) != PK_OK)
			goto nomem;
		if ((rc = refuse_redacted(&im, err)) != PK_OK)
			goto out;
	}
	if ((rc = start_record(&im, into, &rec, err)) == PK_ENOMEM)
		goto nomem;
	if (rc != PK_OK)
		goto out;
	if (into)
		import_correct_child(&im);
	old_term = into ? import_find_term(into, im.term) : NULL;
	set_term_start(&im, old_term);
	older_return(&im, old_term);

	fresh_people = xmlNewDocNode(rec, NULL, BAD_CAST "people", NULL);
	fresh_term = xmlNewDocNode(rec, NULL, BAD_CAST "term", NULL);
	if (fresh_people == NULL || fresh_term == NULL || im.rc != PK_OK ||
	    build_people_and_term(&im, fresh_people, fresh_term) != PK_OK)
		goto nomem;
	if (old_term == NULL)
		check_new_term(&im, fresh_term);
	/* go on with problems: the record is checked too, so a form's problems come in one run */
	if (old_term) {
		if (import_merge_term(old_term, fresh_term) != PK_OK)
			goto nomem;
	} else {
		import_place_term(import_el(xmlDocGetRootElement(rec), "terms"), fresh_term);
		fresh_term = NULL;
	}
	if (into)
		import_apply_reviews(&im);
	if (im.saved[0] && !im.problems &&
	    note_saved(&im, old_term ? old_term : import_find_term(rec, im.term)) != 0)
		goto nomem;
	if (im.rc != PK_OK)
		goto nomem;
	if ((rc = import_check(&im, rec, err)) != PK_OK)
		goto out;
	if (im.rc != PK_OK)
		goto nomem;
	if (im.problems) {
		rc = PK_EINVAL;
		goto out;
	}
	note_unknown(&im);
	if (into && audience == NULL)
		note_emptied(&im);
	if (im.rc != PK_OK)
		goto nomem;
	flush_notes(&im);
	*out = rec;
	rec = NULL;
	rc = PK_OK;
	goto out;
nomem:
	rc = pk_error_set(err, PK_ENOMEM, "out of memory importing '%s'", file);
out:
	if (rc != PK_OK && im.problems && rc == PK_EINVAL)
		pk_error_set(err, PK_EINVAL, "'%s': %d problem%s in the form; nothing was written",
			     file, im.problems, im.problems == 1 ? "" : "s");
	xmlFreeNode(fresh_term);
	xmlFreeNode(fresh_people);
	if (rec != into)
		xmlFreeDoc(rec);
	free(audience);
	free(im.rows);
	free(im.targets);
	free(im.occ);
	free(im.bad);
	free(im.boxes);
	buf_free(&im.notes);
	docx_controls_free(im.c, im.n);
	return rc;
}

int import_read_file(const char *path, pk_buf *out, pk_error *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = PK_OK;

	if (f == NULL)
		return pk_error_set(err, PK_EIO, "cannot open '%s': %s", path, strerror(errno));
	while (rc == PK_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > DOCX_MAX_FILE)
			rc = pk_error_set(err, PK_ELIMIT, "'%s' is over the limit of %u bytes", path,
					  DOCX_MAX_FILE);
		else if (buf_append(out, chunk, n) != PK_OK)
			rc = pk_error_set(err, PK_ENOMEM, "out of memory reading '%s'", path);
	}
	if (rc == PK_OK && ferror(f))
		rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
	fclose(f);
	return rc;
}
