/*
 * import_int.h: what the parts of `pepkit import` share (not a public header). The import is
 * four files, one concern each:
 *   import_fields.c  the table: content-control tag -> record path and value type; schema order
 *   import_value.c   a typed value as a person wrote it -> the record's form (dates, money, ...)
 *   import_merge.c   the built term and people merged into an existing record
 *   import.c         the driver: rows of repeating groups, building the XML, import_form()
 *   import_check.c   the built record validated, problems named by the form's boxes
 */
#ifndef PEPKIT_IMPORT_INT_H
#define PEPKIT_IMPORT_INT_H

#include "core/pepkit.h"
#include "intake/import.h"
#include "intake/docx_read.h"
#include "core/buf.h"

#include <libxml/tree.h>
#include <stddef.h>

enum vtype {
	V_TEXT,     /* one line (shortString): whitespace collapsed */
	V_LONG,     /* free text in one element (lines kept) */
	V_PARAS,    /* one <p> per paragraph */
	V_ITEMS,    /* one <item> per paragraph */
	V_DATE,     /* yyyy-mm-dd, also dd/mm/yyyy */
	V_PERCENT,  /* 0-100, one decimal place */
	V_UINT,     /* whole number >= 0 */
	V_DECIMAL,  /* number >= 0 */
	V_MONEY,    /* pounds, two decimal places */
	V_ENUM,     /* one of arg ("a|b|c") */
	V_BOOL,     /* yes/no */
	V_PERSON,   /* a person's name (or id) -> person id */
	V_TARGETS,  /* target numbers on the form or ids -> id list */
	V_TOKEN,    /* an id-like token (no spaces) */
	V_ROWKEY,   /* the row's key itself (keyed groups), checked against arg */
	V_LABEL,    /* the control's label (My Voice question) */
	V_TARGETID, /* the target's id: as typed, else generated */
	V_SLUG,     /* an id made from the value (school id from its name) */
	V_GRADE,    /* a result on the row's grade scale (import_grade) */
	V_UPN       /* a UPN: as V_TOKEN, letters upper-cased as merge does */
};

enum { F_REQ = 1 };  /* required when its row or section is used */

/* One row of the table: a tag pattern, the record path it fills and how its value is read. */
typedef struct import_field {
	const char *tag;
	const char *path;
	enum vtype type;
	const char *arg;   /* V_ENUM/V_ROWKEY: choices; else NULL */
	unsigned flags;
	const char *dflt;  /* used when empty in a used row: a value, or "@start" = term start */
} import_field;

/* The table (import_fields.c), in schema order; import_nfields rows. */
extern const import_field import_fields[];
extern const size_t import_nfields;

/* One row of a repeating group. */
typedef struct import_row {
	char key[64];
	int occ;
	size_t pos;
	int used;
	int index;       /* 1-based among used rows, in document order */
	char id[48];     /* targets: the id it gets */
} import_row;

/* Which box a node of the built record came from (for naming boxes in validation errors). */
typedef struct import_box {
	const void *node;       /* the element (compared by address only) */
	char attr[32];          /* the attribute the box filled, "" for the element itself */
	const docx_control *c;
} import_box;

/* The import's working state (one form). */
typedef struct import_state {
	docx_control *c;
	size_t n;
	int *occ;               /* per control: earlier controls with the same tag */
	unsigned char *bad;     /* per control: reported as unreadable */
	const char *file;
	import_report_fn fn;
	import_note_fn note;
	pk_buf notes;           /* notes kept until success: label\0tag\0message\0 ... */
	void *ctx;
	int problems;
	int rc;                 /* first PK_ENOMEM etc. */
	xmlDocPtr into;
	xmlNodePtr people;      /* the people element holding everyone (into's, or the new one) */
	char term[32];
	char term_start[40];
	char saved[DOCX_SAVED_LEN];   /* when the form was last saved (Word's), or "" */
	char kind[DOCX_KIND_LEN + 64];   /* which form: its kind, "/" and the reader it was made for */
	import_row *rows;       /* rows of the group being built */
	size_t nrows;
	import_row *targets;    /* target rows kept for PP+ links */
	size_t ntargets;
	import_box *boxes;      /* nodes built from boxes */
	size_t nboxes, capboxes;
	char row_scale[32];     /* attainment: the scale box of the row being built */
} import_state;

/* import_fields.c */
/* The schema's order of the child elements of an element named parent, as " a b c " (one
 * space around each name), or NULL when import never inserts under it. */
const char *import_schema_order(const char *parent);

/* import.c */
/* Report a field problem through im->fn: the control's label (or tag), then the message;
 * counts it in im->problems. */
void import_problem(import_state *im, const docx_control *c, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Pass a note on a box (a correction, a box not imported) to im->note. */
void import_note(import_state *im, const docx_control *c, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Remember that node (attribute attr, NULL for the element) was filled from box c (NULL:
 * nothing to remember). Sets im->rc on out of memory. */
void import_map_box(import_state *im, const void *node, const char *attr, const docx_control *c);
/* The control of a single (non-row) box tag: the one box with that tag, or, when the box is in
 * the form more than once (copied and pasted, or nested in another box), the one a person
 * filled in; two copies filled with different text are a problem (import_problem) named on the
 * second, since taking either would lose the other. NULL if the form has no such box. */
const docx_control *import_single(import_state *im, const char *tag);
/* The occ-th control tagged exactly tag, or NULL. */
const docx_control *import_find(const import_state *im, const char *tag, int occ);
/* Collect the rows of group (prefix "target.", wildcard '#' or '*') into im->rows. PK_OK or
 * PK_ENOMEM. */
int import_collect_rows(import_state *im, const char *prefix, char wild);

/* import_check.c */
/* Validate rec (the built record), reporting each problem by the box it came from. PK_OK
 * (problems counted in im), or the validator's error code with err set. */
int import_check(import_state *im, xmlDocPtr rec, pk_error *err);

/* import_value.c */
/* Does s hold anything but whitespace (NULL: no)? */
int import_blank(const char *s);
/* s with whitespace runs collapsed to one space and trimmed: a new string the caller frees,
 * or NULL on out of memory. */
char *import_collapse(const char *s);
/* A date as typed (see import_value.c) as "yyyy-mm-dd" in out. 1 if it is a real date. */
int import_parse_date(const char *s, char out[40]);
/* 1 if text holds the redaction token as a reader sees it (after NFKC case folding, so an
 * edited look-alike counts). */
int import_has_token(const char *text);
/* Case-insensitive comparison of two names, whitespace collapsed. */
int import_same_name(const char *a, const char *b);
/* The id of the person in im->people named (or with id) s, or NULL (points into the tree). */
const char *import_person_id(import_state *im, const char *s);
/* Convert the text of control c (type f->type) into out (size bytes). Reports a problem and
 * returns 0 if it cannot be read; returns 1 with out set otherwise ("" = no value); sets
 * im->rc on out of memory. Paragraph types keep the text (trimmed lines) for the caller. */
int import_convert(import_state *im, const import_field *f, const docx_control *c,
		   const char *text, char *out, size_t size);
/* A grade as typed -> the scale's code (see import_value.c). 1, or 0 with *why set. */
int import_grade(const char *scale_name, const char *v, char *out, size_t size, const char **why);
/* Trim each line of text and drop blank lines, joined by "\n": a new string or NULL. */
char *import_trim_lines(const char *text);
/* Append one child named name per non-blank line of text to e, each line trimmed.
 * PK_OK or PK_ENOMEM. */
int import_add_lines(xmlNodePtr e, const char *name, const char *text);

/* import_merge.c */
/* The first child element of n named name, or NULL (n may be NULL). */
xmlNodePtr import_el(xmlNodePtr n, const char *name);
/* Does any target or person under the sibling list starting at n carry @id equal to id? */
int import_id_taken(xmlNodePtr n, const char *id);
/* The term element with @id term in doc, or NULL. */
xmlNodePtr import_find_term(xmlDocPtr doc, const char *term);
/* Merge the freshly built term into the record's term old (fresh is emptied). PK_OK or
 * PK_ENOMEM. */
int import_merge_term(xmlNodePtr old, xmlNodePtr fresh);
/* Insert child under parent at its place in the schema order for parent's name. */
void import_insert_ordered(xmlNodePtr parent, xmlNodePtr child);
/* Is box c's text still what pepkit prefilled it with when the form was made (its
 * fingerprint, from the form's "pepkit-prefill" property, core/fingerprint.h fp_box_hex)? 0
 * when the form kept none (an older form, or one whose properties an editor dropped): the box
 * then reads as typed. Sets im->rc when memory runs out. */
int import_left_as_made(import_state *im, const docx_control *c);
/* Apply the form's child details to the record's child as corrections (merging). */
void import_correct_child(import_state *im);
/* Put a new term into terms before the first term that starts after it (takes fresh). */
void import_place_term(xmlNodePtr terms, xmlNodePtr fresh);
/* Add the form's people (fresh's children, taken) who are not in people yet, with new ids.
 * PK_OK or PK_ENOMEM. */
int import_merge_people(import_state *im, xmlNodePtr people, xmlNodePtr fresh);
/* Apply the evaluation of earlier targets (review.ID.*) to the record's targets (merging). */
void import_apply_reviews(import_state *im);

/* import_reader.c */
/* A form made for the reader named audience (its form.audience box) brought back: im->c is
 * rewritten in place so that it reads as the same form made from the full record: boxes the
 * reader left as sent take the record's values, changed boxes keep what was typed with neutral
 * ids mapped back to the record's, and the audience box is dropped. remake (with rctx) makes
 * the forms; into is the record (not modified). Must follow pick_term (im->term set). Returns
 * PK_OK; PK_EINVAL when the form cannot come back (err set, or problems reported through
 * import_problem: a changed box that was withheld from the reader); PK_ENOMEM; or remake's
 * error. The caller recounts im->occ afterwards (tags may change). */
int import_reader_form(import_state *im, const char *audience, xmlDocPtr into,
		       import_remake_fn remake, void *rctx, pk_error *err);
/* A form made from a record without a reader (`template --from`), brought back after the
 * record changed: each box (other than the child's details, import_correct_child's) left as
 * the form was made (import_left_as_made) takes the value the same box (tag and occurrence)
 * has in the form made again from the record as it is now, so an old value (a name changed
 * since, in the term's text) does not come back. A box with no such place, or of a list whose
 * length changed since, is left as it is.
 * When the form cannot be made again (remake fails), nothing changes: every box reads as
 * typed, as before. Must follow pick_term and count_occurrences. PK_OK or PK_ENOMEM. */
int import_plain_form_refresh(import_state *im, xmlDocPtr into, import_remake_fn remake,
			      void *rctx);

#endif
