/*
 * import_merge.c: what a form built (a term, new people, last term's target reviews) merged
 * into an existing record: only the form's term is filled or updated; each section the form
 * filled replaces the record's but keeps what the form cannot hold (attributes and elements
 * the form has no box for); people are added by name; nothing else in the record is touched.
 */
#include "core/pepkit.h"
#include "intake/import_int.h"
#include "core/fingerprint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does any element in doc carry @id equal to id (targets, people)? */
int import_id_taken(xmlNodePtr n, const char *id)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(n->name, BAD_CAST "target") || xmlStrEqual(n->name, BAD_CAST "person")) {
			xmlChar *v = xmlGetNoNsProp(n, BAD_CAST "id");
			int same = v && strcmp((const char *)v, id) == 0;

			xmlFree(v);
			if (same)
				return 1;
		}
		if (import_id_taken(n->children, id))
			return 1;
	}
	return 0;
}

/* The first child element of n named name, or NULL. */
xmlNodePtr import_el(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
			return c;
	return NULL;
}

/* Insert child under parent at its place in the schema order for parent's name (appended if
 * the order is not known or the name is not in it). */
void import_insert_ordered(xmlNodePtr parent, xmlNodePtr child)
{
	const char *order = import_schema_order((const char *)parent->name), *me;
	char key[80];

	snprintf(key, sizeof(key), " %s ", (const char *)child->name);
	me = order ? strstr(order, key) : NULL;
	for (xmlNodePtr c = me ? parent->children : NULL; c; c = c->next) {
		const char *them;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		snprintf(key, sizeof(key), " %s ", (const char *)c->name);
		them = strstr(order, key);
		if (them && them > me) {
			xmlAddPrevSibling(c, child);
			return;
		}
	}
	xmlAddChild(parent, child);
}

/* Give nw each attribute of old it lacks (not a result's date and source when undated is set).
 * Returns PK_OK or PK_ENOMEM. */
static int copy_attrs(xmlNodePtr old, xmlNodePtr nw, int undated)
{
	for (xmlAttrPtr a = old->properties; a; a = a->next) {
		xmlChar *v;

		if (xmlHasProp(nw, a->name) || (undated && (xmlStrEqual(a->name, BAD_CAST "date") ||
							     xmlStrEqual(a->name, BAD_CAST "source"))))
			continue;
		v = xmlGetNoNsProp(old, a->name);
		if (v == NULL || !xmlSetProp(nw, a->name, v)) {
			xmlFree(v);
			return PK_ENOMEM;
		}
		xmlFree(v);
	}
	return PK_OK;
}

/* 1 if attribute name of a and b is the same (both absent counts as the same). */
static int same_attr(xmlNodePtr a, xmlNodePtr b, const char *name)
{
	xmlChar *x = xmlGetNoNsProp(a, BAD_CAST name), *y = xmlGetNoNsProp(b, BAD_CAST name);
	int same = (x == NULL && y == NULL) || (x && y && xmlStrEqual(x, y));

	xmlFree(x);
	xmlFree(y);
	return same;
}

/* An attainment result of the record (old) and the form's results under nw, matched by subject
 * and aspect: the form's result gets old's attributes it lacks (scale-name), and old's
 * assessment date and source too when the form kept the same current result, so an unchanged
 * form does not turn a dated export value into an undated one (which the next export would
 * then meet as a conflict). A result the teacher changed is the teacher's, undated. Returns
 * PK_OK or PK_ENOMEM. */
static int keep_result(xmlNodePtr old, xmlNodePtr nw)
{
	for (xmlNodePtr d = nw->children; d; d = d->next) {
		int kept;

		if (d->type != XML_ELEMENT_NODE || !xmlStrEqual(d->name, old->name) ||
		    !same_attr(old, d, "subject") || !same_attr(old, d, "aspect"))
			continue;
		kept = same_attr(old, d, "current") && same_attr(old, d, "scale");
		return copy_attrs(old, d, !kept);
	}
	return PK_OK;
}

/* Is n the only element child of parent named name? */
static int only_one(xmlNodePtr parent, const xmlChar *name)
{
	int n = 0;

	for (xmlNodePtr d = parent->children; d; d = d->next)
		n += d->type == XML_ELEMENT_NODE && xmlStrEqual(d->name, name);
	return n == 1;
}

/* Same text content, white space collapsed? 1, 0, or -1 out of memory. */
static int same_text(xmlNodePtr a, xmlNodePtr b)
{
	xmlChar *x = xmlNodeGetContent(a), *y = xmlNodeGetContent(b);
	char *cx = x ? import_collapse((const char *)x) : NULL, *cy = y ? import_collapse((const char *)y) : NULL;
	int rc = cx && cy ? *cx != '\0' && strcmp(cx, cy) == 0 : -1;

	if (rc < 0 && (x == NULL || y == NULL))
		rc = 0;   /* an element without text */
	xmlFree(x);
	xmlFree(y);
	free(cx);
	free(cy);
	return rc;
}

/*
 * An element of the record without an id (a list item, a paragraph, a summary) and the form's
 * elements under nw: the first of the same name and the same (non-empty) text gets its
 * confidential mark, which no box can show, and so do its elements in turn; so an item the
 * form kept as it was keeps its mark and stays withheld from readers. When the text differs
 * but it is the only one of its name on both sides (a section's summary), it keeps its own
 * mark (a mark on a changed text errs on withholding) and its elements are matched the same
 * way. Depth is the record's (bounded by the parser).
 * Returns PK_OK or PK_ENOMEM.
 */
static int keep_marks(xmlNodePtr old, xmlNodePtr nw)
{
	xmlNodePtr single = NULL;
	xmlChar *mark;

	for (xmlNodePtr d = nw->children; d; d = d->next) {
		int same;

		if (d->type != XML_ELEMENT_NODE || !xmlStrEqual(d->name, old->name) ||
		    xmlHasProp(d, BAD_CAST "id"))
			continue;
		if ((same = same_text(old, d)) < 0)
			return PK_ENOMEM;
		if (same) {
			single = d;
			break;
		}
	}
	if (single == NULL && only_one(old->parent, old->name) && only_one(nw, old->name))
		single = import_el(nw, (const char *)old->name);
	if (single == NULL || xmlHasProp(single, BAD_CAST "id"))
		return PK_OK;
	if ((mark = xmlGetNoNsProp(old, BAD_CAST "confidential")) != NULL &&
	    !xmlHasProp(single, BAD_CAST "confidential") &&
	    xmlSetProp(single, BAD_CAST "confidential", mark) == NULL) {
		xmlFree(mark);
		return PK_ENOMEM;
	}
	xmlFree(mark);
	for (xmlNodePtr c = old->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !xmlHasProp(c, BAD_CAST "id") &&
		    keep_marks(c, single) != PK_OK)
			return PK_ENOMEM;
	return PK_OK;
}

/* Carry into nw what old has and the form could not say: old's attributes nw lacks, and old's
 * child elements whose name nw has none of (copied, at their schema place); children with the
 * same name and @id are merged the same way. Returns PK_OK or PK_ENOMEM. */
static int merge_keep(xmlNodePtr old, xmlNodePtr nw)
{
	if (copy_attrs(old, nw, 0) != PK_OK)
		return PK_ENOMEM;
	for (xmlNodePtr c = old->children; c; c = c->next) {
		xmlChar *id;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (import_el(nw, (const char *)c->name) == NULL) {
			xmlNodePtr copy = xmlDocCopyNode(c, nw->doc, 1);

			if (copy == NULL)
				return PK_ENOMEM;
			import_insert_ordered(nw, copy);
			continue;
		}
		if (xmlStrEqual(c->name, BAD_CAST "result")) {
			if (keep_result(c, nw) != PK_OK)
				return PK_ENOMEM;
			continue;
		}
		id = xmlGetNoNsProp(c, BAD_CAST "id");
		if (id == NULL && keep_marks(c, nw) != PK_OK)
			return PK_ENOMEM;
		if (id) {
			for (xmlNodePtr d = nw->children; d; d = d->next) {
				xmlChar *did;
				int same;

				if (d->type != XML_ELEMENT_NODE || !xmlStrEqual(d->name, c->name))
					continue;
				did = xmlGetNoNsProp(d, BAD_CAST "id");
				same = did && xmlStrEqual(did, id);
				xmlFree(did);
				if (same && merge_keep(c, d) != PK_OK) {
					xmlFree(id);
					return PK_ENOMEM;
				}
			}
			xmlFree(id);
		}
	}
	return PK_OK;
}

/* Merge the freshly built term into the record's term: each section the form filled replaces
 * the record's (keeping what the form cannot hold), new sections go in at their place, and
 * the term's attributes the form gave are updated. */
int import_merge_term(xmlNodePtr old, xmlNodePtr fresh)
{
	for (xmlAttrPtr a = fresh->properties; a; a = a->next) {
		xmlChar *v = xmlGetNoNsProp(fresh, a->name);

		if (v == NULL || !xmlSetProp(old, a->name, v)) {
			xmlFree(v);
			return PK_ENOMEM;
		}
		xmlFree(v);
	}
	while (fresh->children) {
		xmlNodePtr c = fresh->children, e;

		xmlUnlinkNode(c);
		if (c->type != XML_ELEMENT_NODE) {
			xmlFreeNode(c);
			continue;
		}
		e = import_el(old, (const char *)c->name);
		if (e) {
			if (merge_keep(e, c) != PK_OK) {
				xmlFreeNode(c);
				return PK_ENOMEM;
			}
			xmlReplaceNode(e, c);
			xmlFreeNode(e);
		} else {
			import_insert_ordered(old, c);
		}
	}
	return PK_OK;
}

/* The child element of parent (may be NULL) with @id id, or NULL. */
static xmlNodePtr child_with_id(xmlNodePtr parent, const char *id)
{
	for (xmlNodePtr p = parent ? parent->children : NULL; p; p = p->next) {
		xmlChar *pid = p->type == XML_ELEMENT_NODE ? xmlGetNoNsProp(p, BAD_CAST "id") : NULL;
		int same = pid && strcmp((const char *)pid, id) == 0;

		xmlFree(pid);
		if (same)
			return p;
	}
	return NULL;
}

/* The used row numbered index (1-based) of the group in im->rows, or NULL. */
static const import_row *used_row(const import_state *im, int index)
{
	for (size_t i = 0; i < im->nrows; i++)
		if (im->rows[i].used && im->rows[i].index == index)
			return &im->rows[i];
	return NULL;
}

/* Note a correction of box tag (of row) to now, from was (NULL or "": an addition). */
static void note_change(import_state *im, const import_row *row, const char *tag, const char *now,
			const char *was)
{
	const docx_control *c = row ? import_find(im, tag, row->occ) : NULL;

	if (was && *was)
		import_note(im, c, tag, "corrected in the record: '%.80s' (was '%.80s')", now, was);
	else
		import_note(im, c, tag, "added to the record: '%.80s'", now);
}

/* Apply what the form says of a person already in the record (old) as corrections: their
 * role and organisation, each noted with the box it came from (row: the form's row). */
static int correct_person(import_state *im, xmlNodePtr old, xmlNodePtr fresh, const import_row *row)
{
	xmlChar *role = xmlGetNoNsProp(fresh, BAD_CAST "role"), *was = xmlGetNoNsProp(old, BAD_CAST "role");
	xmlNodePtr org = import_el(fresh, "organisation"), oldorg = import_el(old, "organisation");
	xmlChar *ov = org ? xmlNodeGetContent(org) : NULL, *wv = oldorg ? xmlNodeGetContent(oldorg) : NULL;
	char tag[160];
	int rc = PK_OK;

	if (role && !(was && xmlStrEqual(role, was))) {
		snprintf(tag, sizeof(tag), "person.%s.role", row ? row->key : "?");
		if (!xmlSetProp(old, BAD_CAST "role", role))
			rc = PK_ENOMEM;
		note_change(im, row, tag, (const char *)role, (const char *)was);
	}
	if (rc == PK_OK && ov && !(wv && xmlStrEqual(ov, wv))) {
		snprintf(tag, sizeof(tag), "person.%s.organisation", row ? row->key : "?");
		xmlUnlinkNode(org);
		if (oldorg) {
			xmlReplaceNode(oldorg, org);
			xmlFreeNode(oldorg);
		} else {
			import_insert_ordered(old, org);
		}
		note_change(im, row, tag, (const char *)ov, (const char *)wv);
	}
	xmlFree(role);
	xmlFree(was);
	xmlFree(ov);
	xmlFree(wv);
	return rc;
}

/* Add the form's people who are not in people yet (matched by name), with new ids; people
 * already there get the form's role and organisation as corrections. im->rows must still hold
 * the person rows (the form's row of each fresh person, in order). */
int import_merge_people(import_state *im, xmlNodePtr people, xmlNodePtr fresh)
{
	int next = 1, k = 0;

	while (fresh->children) {
		xmlNodePtr p = fresh->children, name;
		const char *have;
		char id[16];

		xmlUnlinkNode(p);
		name = import_el(p, "name");
		if (p->type == XML_ELEMENT_NODE)
			k++;
		if (p->type != XML_ELEMENT_NODE || name == NULL || name->children == NULL) {
			xmlFreeNode(p);
			continue;
		}
		have = import_person_id(im, (const char *)name->children->content);
		if (have) {
			xmlNodePtr old = child_with_id(people, have);
			int rc = old ? correct_person(im, old, p, used_row(im, k)) : PK_OK;

			xmlFreeNode(p);
			if (rc != PK_OK)
				return rc;
			continue;
		}
		do
			snprintf(id, sizeof(id), "p%d", next++);
		while (import_id_taken(xmlDocGetRootElement(people->doc), id) && next < 10000);
		if (!xmlSetProp(p, BAD_CAST "id", BAD_CAST id)) {
			xmlFreeNode(p);
			return PK_ENOMEM;
		}
		xmlAddChild(people, p);
	}
	return PK_OK;
}

/* The target with @id id in any term of the record, or NULL. */
static xmlNodePtr record_target(xmlDocPtr rec, const char *id)
{
	xmlNodePtr terms = import_el(xmlDocGetRootElement(rec), "terms"), g = NULL;

	for (xmlNodePtr t = terms ? terms->children : NULL; t && g == NULL; t = t->next)
		if (t->type == XML_ELEMENT_NODE)
			g = child_with_id(import_el(t, "targets"), id);
	return g;
}

/* Write one review value (status, or the evaluation's paragraphs) onto target. */
static void set_review(import_state *im, const import_field *f, xmlNodePtr target, const char *value)
{
	xmlNodePtr ev;

	if (f->type == V_ENUM) {
		if (!xmlSetProp(target, BAD_CAST "status", BAD_CAST value))
			im->rc = PK_ENOMEM;
		return;
	}
	if ((ev = import_el(target, "evaluation")) != NULL) {
		xmlUnlinkNode(ev);
		xmlFreeNode(ev);
	}
	ev = xmlNewChild(target, NULL, BAD_CAST "evaluation", NULL);
	if (ev == NULL || import_add_lines(ev, "p", value) != PK_OK)
		im->rc = PK_ENOMEM;
}

/* Apply the evaluation of earlier targets (review.ID.status / review.ID.evaluation) to the
 * record's targets. Only when merging. */
void import_apply_reviews(import_state *im)
{
	char buf[20001];

	if (import_collect_rows(im, "review.", '*') != PK_OK) {
		im->rc = PK_ENOMEM;
		return;
	}
	for (size_t r = 0; r < im->nrows && im->rc == PK_OK; r++) {
		import_row *rw = &im->rows[r];
		xmlNodePtr target;

		if (!rw->used)
			continue;
		target = record_target(im->into, rw->key);
		for (size_t i = 0; i < import_nfields; i++) {
			const import_field *f = &import_fields[i];
			const docx_control *c;
			char tag[160];

			if (strncmp(f->tag, "review.", 7) != 0)
				continue;
			snprintf(tag, sizeof(tag), "review.%s%s", rw->key, f->tag + 8);
			c = import_find(im, tag, rw->occ);
			if (c == NULL || c->placeholder || import_blank(c->text))
				continue;
			if (target == NULL) {
				import_problem(im, c, tag, "the record has no target '%s' to evaluate", rw->key);
				break;
			}
			if (import_convert(im, f, c, c->text, buf, sizeof(buf)) && buf[0])
				set_review(im, f, target, buf);
		}
	}
}

/* The term element with @id term in doc, or NULL. */
xmlNodePtr import_find_term(xmlDocPtr doc, const char *term)
{
	return child_with_id(import_el(xmlDocGetRootElement(doc), "terms"), term);
}

void import_place_term(xmlNodePtr terms, xmlNodePtr fresh)
{
	xmlChar *st = xmlGetNoNsProp(fresh, BAD_CAST "start");
	xmlNodePtr before = NULL;

	for (xmlNodePtr t = terms->children; t && !before; t = t->next) {
		xmlChar *ts = t->type == XML_ELEMENT_NODE ? xmlGetNoNsProp(t, BAD_CAST "start") : NULL;

		if (ts && st && xmlStrcmp(ts, st) > 0)
			before = t;
		xmlFree(ts);
	}
	xmlFree(st);
	if (before)
		xmlAddPrevSibling(before, fresh);
	else
		xmlAddChild(terms, fresh);
}

/* The element at path (segments after the scope's, no "[#]", last may be "@attr") under root;
 * missing elements are created at their schema place when create, else NULL is returned.
 * *attr gets the attribute name of an "@" path (NULL otherwise). */
static xmlNodePtr path_node(xmlNodePtr root, const char *path, int create, const char **attr)
{
	const char *p = strchr(path, '/');
	xmlNodePtr e = root;
	char seg[80];

	*attr = NULL;
	while (p && *p == '/' && e) {
		const char *s = p + 1, *end = strchr(s, '/');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		xmlNodePtr next;

		if (*s == '@') {
			*attr = s + 1;
			return e;
		}
		snprintf(seg, sizeof(seg), "%.*s", (int)len, s);
		next = import_el(e, seg);
		if (next == NULL && create) {
			next = xmlNewDocNode(e->doc, NULL, BAD_CAST seg, NULL);
			if (next)
				import_insert_ordered(e, next);
		}
		e = next;
		p = end;
	}
	return e;
}

/* The record's value at path under root (collapsed; "" when absent): a new string or NULL. */
static char *path_value(xmlNodePtr root, const char *path)
{
	const char *attr;
	xmlNodePtr e = path_node(root, path, 0, &attr);
	xmlChar *v = e == NULL ? NULL : attr ? xmlGetNoNsProp(e, BAD_CAST attr) : xmlNodeGetContent(e);
	char *out = import_collapse(v ? (const char *)v : "");

	xmlFree(v);
	return out;
}

/* Set the record's value at path under root to value (from box c). PK_OK or PK_ENOMEM. */
static int path_set(import_state *im, const docx_control *c, xmlNodePtr root, const char *path,
		    const char *value)
{
	const char *attr;
	xmlNodePtr e = path_node(root, path, 1, &attr);

	if (e == NULL)
		return PK_ENOMEM;
	import_map_box(im, e, attr, c);
	if (attr)
		return xmlSetProp(e, BAD_CAST attr, BAD_CAST value) ? PK_OK : PK_ENOMEM;
	while (e->children) {
		xmlNodePtr c = e->children;

		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
	xmlNodeAddContent(e, BAD_CAST value);
	return PK_OK;
}

int import_left_as_made(import_state *im, const docx_control *c)
{
	char hex[FP_BOX_HEX_LEN + 1];
	int rc;

	if (c->prefill == NULL)
		return 0;
	if ((rc = fp_box_hex(c->tag, c->text, hex)) == PK_ENOMEM)
		im->rc = PK_ENOMEM;
	return rc == PK_OK && strcmp(hex, c->prefill) == 0;
}

/*
 * The child details boxes of a form merged into a record: a box whose value differs from the
 * record's is a correction; it is written into the record and noted ("corrected in the
 * record: NEW (was OLD)"), so nothing typed there is dropped and nothing changes unseen. An
 * empty box changes nothing, nor does a box left as the form was made when the record has
 * changed since (noted: the record keeps its value). The child's id is not corrected (a different id is a different
 * child: import_form refuses it), nor the school's id (it stays the record's).
 */
void import_correct_child(import_state *im)
{
	xmlNodePtr child = import_el(xmlDocGetRootElement(im->into), "child");
	char buf[20001];

	for (size_t i = 0; child && i < import_nfields && im->rc == PK_OK; i++) {
		const import_field *f = &import_fields[i];
		const docx_control *c;
		char *was;

		if (strncmp(f->tag, "child.", 6) != 0 || f->type == V_SLUG ||
		    strcmp(f->tag, "child.la-child-id") == 0)
			continue;
		c = import_single(im, f->tag);
		if (c == NULL || c->placeholder || import_blank(c->text) ||
		    !import_convert(im, f, c, c->text, buf, sizeof(buf)) || !buf[0])
			continue;
		if ((was = path_value(child, f->path)) == NULL) {
			im->rc = PK_ENOMEM;
			return;
		}
		if (strcmp(was, buf) != 0 && import_left_as_made(im, c)) {
			/* the record changed after the form was made (a new name after an adoption):
			 * a box nobody typed into must not put the old value back */
			if (strstr(f->tag, "name") || strstr(f->tag, "date-of-birth") || strstr(f->tag, "upn"))
				import_note(im, c, f->tag, "left as the form was made; the record has changed "
					    "since and keeps its value (the child's details are not printed)");
			else
				import_note(im, c, f->tag, "left as the form was made; the record has changed "
					    "since and keeps its value: '%.80s'", was);
		} else if (strcmp(was, buf) != 0) {
			if (path_set(im, c, child, f->path, buf) != PK_OK)
				im->rc = PK_ENOMEM;
			else if (strstr(f->tag, "name") || strstr(f->tag, "date-of-birth") ||
				 strstr(f->tag, "upn"))
				/* what identifies the child is not printed: messages go to logs */
				import_note(im, c, f->tag, *was ? "corrected in the record (the child's "
					    "details are not printed)" : "added to the record (the child's "
					    "details are not printed)");
			else if (*was)
				import_note(im, c, f->tag, "corrected in the record: '%.80s' (was '%.80s')",
					    buf, was);
			else
				import_note(im, c, f->tag, "added to the record: '%.80s'", buf);
		}
		free(was);
	}
}
