/*
 * import_check.c: the record a form built, validated (record/validate.h) before anything is
 * written, with every problem named by the form's box (its label, which carries the row:
 * "Target 2: to be achieved by"), never by a record path. Each node the import built from a
 * box was remembered (import_map_box); a problem's field path is found in the record with
 * XPath and walked up to the nearest remembered node. Problems of boxes (or rows) that already
 * failed to be read are not repeated; problems in parts of the record the form did not touch
 * are said to be the record's own.
 */
#include "core/pepkit.h"
#include "intake/import_int.h"
#include "record/validate.h"

#include <libxml/xpath.h>
#include <stdio.h>
#include <string.h>

/* Context of one validation run. */
typedef struct check {
	import_state *im;
	xmlDocPtr doc;
	xmlXPathContextPtr xp;
	int earlier;            /* problems before validation (then unnamed ones are not shown) */
} check;

/* The box node (element or attribute of one) was built from, walking up to the nearest
 * remembered element; *row is set when it is a row element (named by the row, not a box). */
static const docx_control *box_of(const import_state *im, xmlNodePtr node, int *row)
{
	const char *attr = NULL;

	*row = 0;
	if (node && node->type == XML_ATTRIBUTE_NODE) {
		attr = (const char *)node->name;
		node = node->parent;
	}
	for (; node && node->type == XML_ELEMENT_NODE; node = node->parent, attr = NULL) {
		const docx_control *any = NULL;

		for (size_t i = im->nboxes; i-- > 0;) {
			const import_box *b = &im->boxes[i];

			if (b->node != node)
				continue;
			if (attr ? strcmp(b->attr, attr) == 0 : b->attr[0] == '\0')
				return b->c;
			if (strcmp(b->attr, "#") == 0 && any == NULL)
				any = b->c;
		}
		if (any == NULL)  /* a section element: named by a box that filled part of it */
			for (size_t i = 0; i < im->nboxes && any == NULL; i++)
				if (im->boxes[i].node == node)
					any = im->boxes[i].c;
		if (any) {
			*row = 1;
			return any;
		}
	}
	return NULL;
}

/* The length of label's row part ("Target 2" of "Target 2: area"), or its whole length. */
static size_t row_part(const char *label)
{
	const char *colon = label ? strstr(label, ": ") : NULL;

	return colon ? (size_t)(colon - label) : label ? strlen(label) : 0;
}

/* Was box c, or (row) any box of c's row, already reported as unreadable? */
static int already_bad(const import_state *im, const docx_control *c, int row)
{
	size_t n = row_part(c->label);

	if (im->bad && im->bad[c - im->c])
		return 1;
	for (size_t i = 0; row && im->bad && i < im->n; i++)
		if (im->bad[i] && im->c[i].label && c->label && row_part(im->c[i].label) == n &&
		    strncmp(im->c[i].label, c->label, n) == 0)
			return 1;
	return 0;
}

/* The node at a validator field path ("terms/term[3]/targets/target[2]/@due"), or NULL. */
static xmlNodePtr node_at(check *k, const char *field)
{
	char expr[1200];
	xmlXPathObjectPtr o;
	xmlNodePtr n = NULL;

	if (strcmp(field, "document") == 0 || strchr(field, '(') || strchr(field, '"'))
		return NULL;
	snprintf(expr, sizeof(expr), "/%s", field);
	if (strncmp(field, "pep-record", 10) != 0)
		snprintf(expr, sizeof(expr), "/pep-record/%s", field);
	o = xmlXPathEvalExpression(BAD_CAST expr, k->xp);
	if (o && o->type == XPATH_NODESET && o->nodesetval && o->nodesetval->nodeNr > 0)
		n = o->nodesetval->nodeTab[0];
	xmlXPathFreeObject(o);
	return n;
}

/* validate_report_fn: one problem of the built record, named by its box. */
static void on_problem(void *ctx, const char *file, int line, const char *field, const char *message)
{
	check *k = ctx;
	int row = 0;
	const docx_control *c = box_of(k->im, node_at(k, field), &row);
	char label[300];

	(void)file;
	(void)line;
	if (c == NULL) {
		if (!k->earlier)
			import_problem(k->im, NULL, "the record", "%s (a part of the record the form "
				       "does not fill: %s)", message, field);
		return;
	}
	if (already_bad(k->im, c, row))
		return;
	if (row) {
		snprintf(label, sizeof(label), "%.*s", (int)row_part(c->label), c->label ? c->label : c->tag);
		import_problem(k->im, NULL, label, "%s", message);
	} else {
		import_problem(k->im, c, c->tag, "%s", message);
	}
}

int import_check(import_state *im, xmlDocPtr rec, pk_error *err)
{
	check k = { im, rec, NULL, im->problems };
	validator *v = validate_new(err);
	int n;

	if (v == NULL)
		return err ? err->code : PK_EINTERNAL;
	k.xp = xmlXPathNewContext(rec);
	if (k.xp == NULL) {
		validate_free(v);
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	n = validate_record(v, rec, im->file, on_problem, &k, err);
	xmlXPathFreeContext(k.xp);
	validate_free(v);
	return n < 0 ? -n : PK_OK;
}
