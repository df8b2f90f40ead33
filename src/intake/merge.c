/*
 * merge.c: the attainment merge (see merge.h for the model and outcomes). The index is two
 * chained hash tables: values keyed by "key\0term\0subject\0aspect" and children keyed by key,
 * each child holding its values in arrival order, so a record is merged in the order the
 * exports list its values and re-running gives the same bytes.
 */
#include "core/pepkit.h"
#include "intake/merge.h"
#include "intake/csvread.h"

#include <ctype.h>
#include <stdarg.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DETAILS 10000u   /* row problems listed one by one; beyond, only counted */
#define ATTENDANCE "\001attendance"
#define EXCLUSION "\001exclusion"   /* aspect: the start date; value "type|days" */

/* One distinct value of an entry, with where it first came from and how many rows gave it. */
typedef struct mval {
	struct mval *next;
	char *value;
	char *extra;             /* exclusions: the reason ("" or NULL for none) */
	char date[11];
	unsigned file;
	unsigned long line, rows;
} mval;

/* One (child key, term, subject, aspect). */
typedef struct mentry {
	struct mentry *hnext, *cnext;
	unsigned hash;
	size_t klen;
	char *k;                 /* key\0term\0subject\0aspect\0 (klen bytes) */
	const char *term, *subject, *aspect;
	mval first;
	mval *alts;              /* other values: a conflict */
	int outcome;             /* -1 until applied, then enum merge_outcome */
	char *reason;            /* why (rejected, conflict with the record), or NULL; owned */
	char norm[64];           /* the value as written (canonical spelling) */
	const char *scale_name;
	const char *custom_name;
} mentry;

typedef struct mchild {
	struct mchild *hnext;
	unsigned hash;
	char *key;
	mentry *head, *tail;
	char record[256];        /* the record it was applied to (for messages) */
} mchild;

/* A row rejected while reading. */
typedef struct mreject {
	struct mreject *next;
	unsigned file;
	unsigned long line;
	char *key, *reason;
} mreject;

/* A column of the current file's header and what it holds. */
enum { COL_IGNORE, COL_KEY, COL_SUBJECT, COL_ASPECT, COL_RESULT, COL_TERM, COL_DATE,
       COL_ATTENDANCE, COL_VALUE };
typedef struct mcol {
	int kind;
	const char *subject, *aspect;   /* COL_VALUE */
	char term[16];                  /* COL_VALUE: "" when from the row */
	char *owned;                    /* strings owned for this header */
} mcol;

struct merge_index {
	const mapping *map;
	char *default_term;
	mentry **eb;
	size_t ebn, en;
	mchild **cb;
	size_t cbn, cn;
	char **files;
	size_t nfiles;
	mreject *rej_head, *rej_tail;
	unsigned long rej_listed, rej_count;
	merge_counts counts;
	pthread_mutex_t lock;
	/* state while reading one file */
	mcol *cols;
	size_t ncols;
	int col_key, col_term, col_date, col_subject, col_aspect, col_result, col_att;
	int col_xtype, col_xstart, col_xdays, col_xreason;
	int need_term;                  /* some value of a row takes the row's term */
	unsigned cur_file;
	char last_term_in[64], last_term_out[16];
	char last_date_in[32], last_date_out[11];  /* exports repeat dates: parse once */
	pk_buf scratch;
	int oom;
};

/* FNV-1a over n bytes, ignoring ASCII case (subjects and aspects compare without case). */
static unsigned hash_bytes(const char *s, size_t n)
{
	unsigned h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)(s[i] | ((s[i] >= 'A' && s[i] <= 'Z') ? 0x20 : 0))) * 16777619u;
	return h;
}

/* True if the n bytes at a and b are equal ignoring ASCII case. */
static int same_key(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i] && tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return 0;
	return 1;
}

merge_index *merge_new(const mapping *map, const char *default_term)
{
	merge_index *ix = calloc(1, sizeof(*ix));

	if (ix == NULL)
		return NULL;
	ix->map = map;
	ix->ebn = 1024;
	ix->cbn = 256;
	ix->eb = calloc(ix->ebn, sizeof(*ix->eb));
	ix->cb = calloc(ix->cbn, sizeof(*ix->cb));
	ix->default_term = default_term ? strdup(default_term) : NULL;
	if (!ix->eb || !ix->cb || (default_term && !ix->default_term)) {
		free(ix->eb);
		free(ix->cb);
		free(ix->default_term);
		free(ix);
		return NULL;
	}
	pthread_mutex_init(&ix->lock, NULL);
	return ix;
}

/* Free the header state of the current file. */
static void free_cols(merge_index *ix)
{
	for (size_t i = 0; i < ix->ncols; i++)
		free(ix->cols[i].owned);
	free(ix->cols);
	ix->cols = NULL;
	ix->ncols = 0;
}

void merge_free(merge_index *ix)
{
	if (ix == NULL)
		return;
	for (size_t i = 0; i < ix->ebn; i++) {
		for (mentry *e = ix->eb[i], *n; e; e = n) {
			n = e->hnext;
			free(e->first.value);
			free(e->first.extra);
			free(e->reason);
			for (mval *v = e->alts, *w; v; v = w) {
				w = v->next;
				free(v->value);
				free(v->extra);
				free(v);
			}
			free(e->k);
			free(e);
		}
	}
	for (size_t i = 0; i < ix->cbn; i++)
		for (mchild *c = ix->cb[i], *n; c; c = n) {
			n = c->hnext;
			free(c->key);
			free(c);
		}
	for (mreject *r = ix->rej_head, *n; r; r = n) {
		n = r->next;
		free(r->key);
		free(r->reason);
		free(r);
	}
	for (size_t i = 0; i < ix->nfiles; i++)
		free(ix->files[i]);
	free(ix->files);
	free(ix->eb);
	free(ix->cb);
	free(ix->default_term);
	free_cols(ix);
	buf_free(&ix->scratch);
	pthread_mutex_destroy(&ix->lock);
	free(ix);
}

int merge_upn_valid(const char *upn, const char **why)
{
	static const char alpha[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
	static __thread char msg[80];
	const char *dummy;
	long sum = 0;

	if (why == NULL)
		why = &dummy;
	if (strlen(upn) != 13) {
		*why = "not 13 characters";
		return 0;
	}
	if (!strchr(alpha, upn[0]) || upn[0] == '\0') {
		*why = "first character is not a check letter";
		return 0;
	}
	for (int i = 1; i < 13; i++) {
		const char *p;
		int v;

		if (isdigit((unsigned char)upn[i]))
			v = upn[i] - '0';
		else if (i == 12 && upn[i] && (p = strchr(alpha, upn[i])) != NULL)
			v = (int)(p - alpha);
		else {
			*why = i == 12 ? "last character is not a digit or letter of the UPN alphabet"
				       : "characters 2-12 must be digits";
			return 0;
		}
		sum += (long)(i + 1) * v;
	}
	if (alpha[sum % 23] != upn[0]) {
		snprintf(msg, sizeof(msg), "check letter is '%c', expected '%c'", upn[0],
			 alpha[sum % 23]);
		*why = msg;
		return 0;
	}
	return 1;
}

/* Record a rejected row (listed up to MAX_DETAILS; always counted). */
static void reject_row(merge_index *ix, unsigned long line, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void reject_row(merge_index *ix, unsigned long line, const char *key, const char *fmt, ...)
{
	mreject *r;
	char reason[512];
	va_list ap;

	ix->counts.n[MERGE_REJECTED]++;
	ix->rej_count++;
	if (ix->rej_listed >= MAX_DETAILS)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	r = calloc(1, sizeof(*r));
	if (r == NULL || (r->key = strdup(key ? key : "")) == NULL ||
	    (r->reason = strdup(reason)) == NULL) {
		if (r)
			free(r->key);
		free(r);
		ix->oom = 1;
		return;
	}
	r->file = ix->cur_file;
	r->line = line;
	if (ix->rej_tail)
		ix->rej_tail->next = r;
	else
		ix->rej_head = r;
	ix->rej_tail = r;
	ix->rej_listed++;
}

/* Trim blanks (and stray CR/LF) around s in place; returns the new start. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* Compare two values as the same result: without case, and numbers without leading zeros
 * ("05" is "5"). Values are already trimmed. */
static int same_value(const char *a, const char *b)
{
	if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
		while (*a == '0' && isdigit((unsigned char)a[1]))
			a++;
		while (*b == '0' && isdigit((unsigned char)b[1]))
			b++;
	}
	return strcasecmp(a, b) == 0;
}

/* Double the entry table. Returns 0 or -1 on OOM (table unchanged). */
static int grow_entries(merge_index *ix)
{
	size_t n = ix->ebn * 2;
	mentry **nb = calloc(n, sizeof(*nb));

	if (nb == NULL)
		return -1;
	for (size_t i = 0; i < ix->ebn; i++)
		for (mentry *e = ix->eb[i], *next; e; e = next) {
			next = e->hnext;
			e->hnext = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	free(ix->eb);
	ix->eb = nb;
	ix->ebn = n;
	return 0;
}

/* The child for key, created if absent. NULL on OOM. */
static mchild *child_get(merge_index *ix, const char *key, int create)
{
	unsigned h = hash_bytes(key, strlen(key) + 1);
	mchild *c;

	for (c = ix->cb[h & (ix->cbn - 1)]; c; c = c->hnext)
		if (c->hash == h && strcasecmp(c->key, key) == 0)
			return c;
	if (!create)
		return NULL;
	if (ix->cn >= ix->cbn) {
		size_t n = ix->cbn * 2;
		mchild **nb = calloc(n, sizeof(*nb));

		if (nb == NULL)
			return NULL;
		for (size_t i = 0; i < ix->cbn; i++)
			for (mchild *d = ix->cb[i], *next; d; d = next) {
				next = d->hnext;
				d->hnext = nb[d->hash & (n - 1)];
				nb[d->hash & (n - 1)] = d;
			}
		free(ix->cb);
		ix->cb = nb;
		ix->cbn = n;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL || (c->key = strdup(key)) == NULL) {
		free(c);
		return NULL;
	}
	c->hash = h;
	c->hnext = ix->cb[h & (ix->cbn - 1)];
	ix->cb[h & (ix->cbn - 1)] = c;
	ix->cn++;
	return c;
}

/* Add one value from the current file's line; date is an 11-byte buffer ("" or YYYY-MM-DD).
 * Returns 0, or -1 on OOM. */
static int add_value(merge_index *ix, const char *key, const char *term, const char *subject,
		     const char *aspect, const char *value, const char *date, const char *extra,
		     unsigned long line)
{
	size_t kl = strlen(key), tl = strlen(term), sl = strlen(subject), al = strlen(aspect);
	size_t n = kl + tl + sl + al + 4;
	char *k;
	unsigned h;
	mentry *e;
	mchild *c;

	ix->counts.values++;
	buf_reset(&ix->scratch);
	if (buf_reserve(&ix->scratch, n) != PK_OK)
		return -1;
	k = ix->scratch.data;
	memcpy(k, key, kl + 1);
	memcpy(k + kl + 1, term, tl + 1);
	memcpy(k + kl + tl + 2, subject, sl + 1);
	memcpy(k + kl + tl + sl + 3, aspect, al + 1);
	h = hash_bytes(k, n);
	for (e = ix->eb[h & (ix->ebn - 1)]; e; e = e->hnext) {
		if (e->hash != h || e->klen != n || !same_key(e->k, k, n))
			continue;
		if (same_value(e->first.value, value)) {
			e->first.rows++;
			return 0;
		}
		mval **vp = &e->alts;
		for (; *vp; vp = &(*vp)->next)
			if (same_value((*vp)->value, value)) {
				(*vp)->rows++;
				return 0;
			}
		*vp = calloc(1, sizeof(**vp));
		if (*vp == NULL || ((*vp)->value = strdup(value)) == NULL ||
		    (extra && ((*vp)->extra = strdup(extra)) == NULL)) {
			if (*vp)
				free((*vp)->value);
			free(*vp);
			*vp = NULL;
			return -1;
		}
		(*vp)->file = ix->cur_file;
		(*vp)->line = line;
		(*vp)->rows = 1;
		memcpy((*vp)->date, date, sizeof((*vp)->date));
		return 0;
	}
	if (ix->en >= ix->ebn * 2 && grow_entries(ix) != 0)
		return -1;
	c = child_get(ix, key, 1);
	e = calloc(1, sizeof(*e));
	if (c == NULL || e == NULL || (e->k = malloc(n)) == NULL ||
	    (e->first.value = strdup(value)) == NULL ||
	    (extra && (e->first.extra = strdup(extra)) == NULL)) {
		if (e) {
			free(e->k);
			free(e->first.value);
		}
		free(e);
		return -1;
	}
	memcpy(e->k, k, n);
	e->klen = n;
	e->term = e->k + kl + 1;
	e->subject = e->term + tl + 1;
	e->aspect = e->subject + sl + 1;
	e->hash = h;
	e->outcome = -1;
	e->first.file = ix->cur_file;
	e->first.line = line;
	e->first.rows = 1;
	memcpy(e->first.date, date, sizeof(e->first.date));
	e->hnext = ix->eb[h & (ix->ebn - 1)];
	ix->eb[h & (ix->ebn - 1)] = e;
	ix->en++;
	if (c->tail)
		c->tail->cnext = e;
	else
		c->head = e;
	c->tail = e;
	return 0;
}

/* Index of header field matching name (without case and blanks), or -1. */
static int find_col(const csvread_row *row, const char *name)
{
	if (name == NULL)
		return -1;
	for (size_t i = 0; i < row->nfields; i++) {
		const char *f = row->fields[i];
		size_t n = strlen(name);

		while (*f == ' ')
			f++;
		if (strncasecmp(f, name, n) == 0 && (f[n] == '\0' || f[n] == ' '))
			return (int)i;
	}
	return -1;
}

/* Read the header row: where each column the profile needs is. PK_OK or PK_EINVAL/PK_ENOMEM. */
static int read_header(merge_index *ix, const csvread_row *row, pk_error *err)
{
	const mapping *m = ix->map;
	const char *path = row->path;
	int nvalues = 0;

	if (row->problem)
		return pk_error_set(err, PK_EINVAL, "'%s' line %lu field %zu: header is not valid UTF-8 or is too big",
				    path, row->problem_line, row->problem_field);
	ix->cols = calloc(row->nfields ? row->nfields : 1, sizeof(*ix->cols));
	if (ix->cols == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	ix->ncols = row->nfields;
	ix->col_key = find_col(row, m->key_col);
	ix->col_term = find_col(row, m->term_col);
	ix->col_date = find_col(row, m->date_col);
	ix->col_subject = find_col(row, m->subject_col);
	ix->col_aspect = find_col(row, m->aspect_col);
	ix->col_result = find_col(row, m->result_col);
	ix->col_att = find_col(row, m->attendance_col);
	ix->col_xtype = find_col(row, m->exc_type_col);
	ix->col_xstart = find_col(row, m->exc_start_col);
	ix->col_xdays = find_col(row, m->exc_days_col);
	ix->col_xreason = find_col(row, m->exc_reason_col);
#define NEED(col, colname) \
	if ((col) < 0 && (colname)) \
		return pk_error_set(err, PK_EINVAL, "'%s' line %lu: no column '%s' (mapping '%s')", \
				    path, row->line, (colname), m->name)
	NEED(ix->col_key, m->key_col);
	NEED(ix->col_term, m->term_col);
	NEED(ix->col_date, m->date_col);
	NEED(ix->col_att, m->attendance_col);
	NEED(ix->col_xtype, m->exc_type_col);
	NEED(ix->col_xstart, m->exc_start_col);
	NEED(ix->col_xdays, m->exc_days_col);
	NEED(ix->col_xreason, m->exc_reason_col);
	if (m->shape == MAP_LONG) {
		ix->need_term = 1;
		NEED(ix->col_subject, m->subject_col);
		NEED(ix->col_aspect, m->aspect_col);
		NEED(ix->col_result, m->result_col);
		return PK_OK;
	}
#undef NEED
	for (size_t i = 0; i < m->ncolumns; i++) {
		int c = find_col(row, m->columns[i].header);

		if (c < 0)
			return pk_error_set(err, PK_EINVAL, "'%s' line %lu: no column '%s' (mapping '%s')",
					    path, row->line, m->columns[i].header, m->name);
		ix->cols[c].kind = COL_VALUE;
		ix->cols[c].subject = m->columns[i].subject;
		ix->cols[c].aspect = m->columns[i].aspect ? m->columns[i].aspect : "";
		snprintf(ix->cols[c].term, sizeof(ix->cols[c].term), "%s",
			 m->columns[i].term ? m->columns[i].term : "");
		nvalues++;
	}
	for (size_t i = 0; m->bromcom && i < row->nfields; i++) {
		char *h, *parts[4], *save = NULL;
		int k = 0, skip = 0;
		const char *aspect;

		if ((int)i == ix->col_key || (int)i == ix->col_att || ix->cols[i].kind != COL_IGNORE ||
		    strchr(row->fields[i], '$') == NULL)
			continue;
		h = strdup(row->fields[i]);
		if (h == NULL)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
		ix->cols[i].owned = h;
		for (char *t = strtok_r(h, "$", &save); t && k < 4; t = strtok_r(NULL, "$", &save))
			parts[k++] = trim(t);
		if (k != 4 || strtok_r(NULL, "$", &save) != NULL)
			return pk_error_set(err, PK_EINVAL,
					    "'%s' line %lu field %zu: header '%s' is not AssessmentType$Term$YearGroup$Subject",
					    path, row->line, i + 1, row->fields[i]);
		if (!mapping_term(m, parts[1], ix->cols[i].term))
			return pk_error_set(err, PK_EINVAL,
					    "'%s' line %lu field %zu: term '%s' in the header is not recognised",
					    path, row->line, i + 1, parts[1]);
		aspect = parts[0];
		for (size_t t = 0; t < m->ntypes; t++)
			if (strcasecmp(m->types[t].from, parts[0]) == 0) {
				skip = m->types[t].skip;
				aspect = m->types[t].to ? m->types[t].to : parts[0];
			}
		if (skip)
			continue;
		ix->cols[i].kind = COL_VALUE;
		ix->cols[i].subject = mapping_subject(m, parts[3]);
		ix->cols[i].aspect = aspect;
		nvalues++;
	}
	ix->need_term = ix->col_att >= 0 || ix->col_xstart >= 0;
	for (size_t i = 0; i < ix->ncols; i++)
		ix->need_term |= ix->cols[i].kind == COL_VALUE && !ix->cols[i].term[0];
	if (nvalues == 0 && ix->col_att < 0 && ix->col_xstart < 0)
		return pk_error_set(err, PK_EINVAL, "'%s' line %lu: no assessment columns (mapping '%s')",
				    path, row->line, m->name);
	return PK_OK;
}

/* The term id for a row: from its term column, else the default. NULL (with *bad set to the
 * text) if there is none or it is not recognised. */
static const char *row_term(merge_index *ix, const csvread_row *row, const char **bad)
{
	const char *v = ix->col_term >= 0 ? trim(row->fields[ix->col_term]) : "";

	*bad = v;
	if (*v == '\0')
		return ix->default_term;
	if (strcmp(v, ix->last_term_in) == 0)
		return ix->last_term_out;
	if (!mapping_term(ix->map, v, ix->last_term_out)) {
		ix->last_term_in[0] = '\0';
		return NULL;
	}
	snprintf(ix->last_term_in, sizeof(ix->last_term_in), "%s", v);
	return ix->last_term_out;
}

/* Text for a row problem. */
static const char *problem_text(int p)
{
	switch (p) {
	case CSVREAD_BAD_UTF8: return "invalid UTF-8";
	case CSVREAD_NUL: return "a NUL byte";
	case CSVREAD_TOO_MANY: return "too many fields";
	default: return "row too big";
	}
}

/* Canonical exclusion type for an export's wording, or NULL. */
static const char *exclusion_type(const char *v)
{
	if (strcasecmp(v, "suspension") == 0 || strncasecmp(v, "fixed", 5) == 0)
		return "suspension";
	if (strcasecmp(v, "permanent") == 0 || strcasecmp(v, "permanent exclusion") == 0)
		return "permanent";
	if (strncasecmp(v, "internal", 8) == 0 || strcasecmp(v, "isolation") == 0)
		return "internal";
	return NULL;
}

/* Canonical days ("2", "0.5"; up to 3 digits and 2 decimals, more than 0) into out (size 16).
 * Returns 1, or 0 if v is not such a number. */
static int exclusion_days(const char *v, char *out)
{
	int i = 0, f = 0, nonzero = 0;
	char buf[16];

	while (isdigit((unsigned char)v[i]) && i < 4)
		nonzero |= v[i++] != '0';
	if (i == 0 || i > 3)
		return 0;
	memcpy(buf, v, (size_t)i);
	if (v[i] == '.') {
		buf[i] = '.';
		while (isdigit((unsigned char)v[i + 1 + f]) && f < 3) {
			buf[i + 1 + f] = v[i + 1 + f];
			nonzero |= v[i + 1 + f] != '0';
			f++;
		}
		if (f == 0 || f > 2)
			return 0;
	}
	if (v[i + (f ? f + 1 : 0)] != '\0' || !nonzero)
		return 0;
	buf[i + (f ? f + 1 : 0)] = '\0';
	if (f) {       /* drop trailing zeros and a bare point */
		size_t n = strlen(buf);

		while (buf[n - 1] == '0')
			buf[--n] = '\0';
		if (buf[n - 1] == '.')
			buf[--n] = '\0';
	}
	{
		const char *p = buf;

		while (*p == '0' && isdigit((unsigned char)p[1]))
			p++;
		snprintf(out, 16, "%s", p);
	}
	return 1;
}

/* Read the exclusion columns of row into val ("type|days", size 48), *reason (in the row) and
 * start (ISO, size 11; "" when the row has no exclusion). Returns 0, or -1 after rejecting the
 * row. */
static int exclusion(merge_index *ix, const csvread_row *row, const char *key, char *val,
		     const char **reason, char *start)
{
	const char *s = trim(row->fields[ix->col_xstart]);
	const char *t = trim(row->fields[ix->col_xtype]);
	const char *d = trim(row->fields[ix->col_xdays]);
	const char *type;
	char days[16];

	start[0] = '\0';
	if (*s == '\0')
		return 0;
	if (!mapping_date(ix->map, s, start)) {
		reject_row(ix, row->line, key, "exclusion start '%s' is not a date", s);
		return -1;
	}
	if ((type = exclusion_type(t)) == NULL) {
		start[0] = '\0';
		reject_row(ix, row->line, key, "exclusion type '%s' is not suspension, permanent or internal", t);
		return -1;
	}
	if (!exclusion_days(d, days)) {
		start[0] = '\0';
		reject_row(ix, row->line, key, "exclusion days '%s' is not a number of days", d);
		return -1;
	}
	snprintf(val, 48, "%s|%s", type, days);
	*reason = ix->col_xreason >= 0 ? trim(row->fields[ix->col_xreason]) : "";
	return 0;
}

/* csvread callback: the header, then one data row. */
static int on_row(void *ctx, const csvread_row *row, pk_error *err)
{
	merge_index *ix = ctx;
	const mapping *m = ix->map;
	char *key;
	const char *term, *bad, *why;
	char date[11] = "", att[16] = "", xval[48] = "", xstart[11] = "";
	const char *xreason = NULL;

	if (row->index == 0)
		return read_header(ix, row, err);
	ix->counts.rows++;
	if (row->problem) {
		reject_row(ix, row->problem_line, "", "field %zu: %s", row->problem_field,
			   problem_text(row->problem));
		goto out;
	}
	if (row->nfields != ix->ncols) {
		reject_row(ix, row->line, "", "ragged row: %zu fields, the header has %zu",
			   row->nfields, ix->ncols);
		goto out;
	}
	key = trim(row->fields[ix->col_key]);
	if (*key == '\0') {
		reject_row(ix, row->line, "", "no key in column '%s'", m->key_col);
		goto out;
	}
	if (m->key_kind == MAP_KEY_UPN) {
		for (char *p = key; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		if (!merge_upn_valid(key, &why)) {
			reject_row(ix, row->line, key, "bad upn '%s': %s", key, why);
			goto out;
		}
	}
	term = row_term(ix, row, &bad);
	if (term == NULL && !ix->need_term && *bad == '\0') {
		term = "";
	} else if (term == NULL) {
		if (*bad)
			reject_row(ix, row->line, key, "term '%s' is not recognised", bad);
		else
			reject_row(ix, row->line, key, "no term (empty term and no --term)");
		goto out;
	}
	if (ix->col_date >= 0) {
		const char *d = trim(row->fields[ix->col_date]);

		if (*d && strcmp(d, ix->last_date_in) == 0) {
			memcpy(date, ix->last_date_out, sizeof(date));
		} else if (*d && mapping_date(m, d, date)) {
			snprintf(ix->last_date_in, sizeof(ix->last_date_in), "%s", d);
			memcpy(ix->last_date_out, date, sizeof(date));
		} else if (*d) {
			reject_row(ix, row->line, key, "date '%s' is not %s", d,
				   m->date_format == MAP_ISO ? "YYYY-MM-DD" : "dd/mm/yyyy");
			goto out;
		}
	}
	if (ix->col_att >= 0) {
		const char *v = trim(row->fields[ix->col_att]);

		if (*v && !scale_check(scale_builtin(SCALE_PERCENT), v, att, sizeof(att), &why)) {
			reject_row(ix, row->line, key, "attendance '%s' is not %s", v, why);
			goto out;
		}
	}
	if (ix->col_xstart >= 0 && exclusion(ix, row, key, xval, &xreason, xstart) != 0)
		goto out;
	if (m->shape == MAP_LONG && ix->col_subject >= 0) {
		const char *subject = trim(row->fields[ix->col_subject]);
		const char *aspect = ix->col_aspect >= 0 ? trim(row->fields[ix->col_aspect]) : "";
		const char *result = ix->col_result >= 0 ? trim(row->fields[ix->col_result]) : "";

		if (*subject == '\0' && !att[0] && !xstart[0]) {
			reject_row(ix, row->line, key, "no subject");
			goto out;
		}
		if (*result == '\0' && !att[0] && !xstart[0]) {
			reject_row(ix, row->line, key, "no result for '%s'", subject);
			goto out;
		}
		if (*subject && *result && add_value(ix, key, term, mapping_subject(m, subject), aspect,
						     result, date, NULL, row->line) != 0)
			ix->oom = 1;
	} else if (m->shape == MAP_LONG) {
		if (!att[0] && !xstart[0]) {
			reject_row(ix, row->line, key, "no attendance or exclusion");
			goto out;
		}
	} else {
		for (size_t i = 0; i < ix->ncols; i++) {
			const char *v;

			if (ix->cols[i].kind != COL_VALUE)
				continue;
			v = trim(row->fields[i]);
			if (*v && add_value(ix, key, ix->cols[i].term[0] ? ix->cols[i].term : term,
					    ix->cols[i].subject, ix->cols[i].aspect, v, date, NULL,
					    row->line) != 0)
				ix->oom = 1;
		}
	}
	if (att[0] && add_value(ix, key, term, ATTENDANCE, "", att, date, NULL, row->line) != 0)
		ix->oom = 1;
	if (xstart[0] && add_value(ix, key, term, EXCLUSION, xstart, xval, date, xreason,
				   row->line) != 0)
		ix->oom = 1;
out:
	if (ix->oom)
		return pk_error_set(err, PK_ENOMEM, "'%s' line %lu: out of memory", row->path, row->line);
	return PK_OK;
}

int merge_read_csv(merge_index *ix, const char *path, pk_error *err)
{
	char **files;
	int rc;

	files = realloc(ix->files, (ix->nfiles + 1) * sizeof(*files));
	if (files == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	ix->files = files;
	if ((files[ix->nfiles] = strdup(path)) == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	ix->cur_file = (unsigned)ix->nfiles++;
	ix->counts.files++;
	ix->last_term_in[0] = '\0';
	ix->last_date_in[0] = '\0';
	free_cols(ix);
	rc = csvread_file(path, on_row, ix, NULL, err);
	if (rc == PK_OK && ix->cols == NULL)
		rc = pk_error_set(err, PK_EINVAL, "'%s': empty file (no header row)", path);
	free_cols(ix);
	return rc;
}

/* qsort comparison of C strings. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int merge_read_path(merge_index *ix, const char *path, pk_error *err)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int rc = PK_OK;

	if (d == NULL)
		return merge_read_csv(ix, path, err);
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char **nn;

		if (l < 5 || strcasecmp(de->d_name + l - 4, ".csv") != 0 || de->d_name[0] == '.')
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (nn == NULL || asprintf(&nn[n], "%s/%s", path, de->d_name) < 0) {
			names = nn ? nn : names;
			rc = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
		names = nn;
		n++;
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n && rc == PK_OK; i++)
		rc = merge_read_csv(ix, names[i], err);
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* ---------- applying to a record ---------- */

/* First element child of n named name, or NULL. */
static xmlNodePtr elem(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, (const xmlChar *)name) == 0)
			return c;
	return NULL;
}

/* Text content of element name under n, trimmed, into out (size sz); "" if absent. */
static void elem_text(xmlNodePtr n, const char *name, char *out, size_t sz)
{
	xmlNodePtr e = elem(n, name);
	xmlChar *t = e ? xmlNodeGetContent(e) : NULL;
	char *s;

	out[0] = '\0';
	if (t == NULL)
		return;
	snprintf(out, sz, "%s", (char *)t);
	xmlFree(t);
	s = trim(out);
	memmove(out, s, strlen(s) + 1);
}

/* The indentation (spaces/tabs after the last newline) of the text just before n, or "". */
static void indent_of(xmlNodePtr n, char *out, size_t sz)
{
	const char *t, *nl;

	out[0] = '\0';
	if (n == NULL || n->prev == NULL || n->prev->type != XML_TEXT_NODE || !n->prev->content)
		return;
	t = (const char *)n->prev->content;
	nl = strrchr(t, '\n');
	snprintf(out, sz, "%s", nl ? nl + 1 : "");
}

/* Insert element n under parent, before element `before` (or last when NULL), with a newline
 * and indentation like its siblings. n is owned by the tree afterwards. Returns 0 or -1. */
static int insert_indented(xmlNodePtr parent, xmlNodePtr before, xmlNodePtr n)
{
	char pin[128], cin[160], text[200];
	xmlNodePtr last = NULL, t;

	for (xmlNodePtr c = parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			last = c;
	indent_of(parent, pin, sizeof(pin));
	if (last)
		indent_of(last, cin, sizeof(cin));
	else
		snprintf(cin, sizeof(cin), "%s  ", pin);
	snprintf(text, sizeof(text), "\n%s", cin);
	t = xmlNewText((const xmlChar *)text);
	if (t == NULL)
		return -1;
	if (before) {
		xmlAddPrevSibling(before, n);
		xmlAddPrevSibling(before, t);
	} else if (last) {
		xmlAddNextSibling(last, t);
		xmlAddNextSibling(t, n);
	} else {
		xmlNodePtr t2;

		snprintf(text, sizeof(text), "\n%s", pin);
		t2 = xmlNewText((const xmlChar *)text);
		if (t2 == NULL) {
			xmlFreeNode(t);
			return -1;
		}
		xmlAddChild(parent, t);
		xmlAddChild(parent, n);
		xmlAddChild(parent, t2);
	}
	return 0;
}

/* The term element with @id term under record root, or NULL. */
static xmlNodePtr find_term(xmlNodePtr root, const char *term)
{
	for (xmlNodePtr t = elem(root, "terms") ? elem(root, "terms")->children : NULL; t; t = t->next) {
		xmlChar *id;
		int same;

		if (t->type != XML_ELEMENT_NODE || xmlStrcmp(t->name, (const xmlChar *)"term") != 0)
			continue;
		id = xmlGetProp(t, (const xmlChar *)"id");
		same = id && strcmp((const char *)id, term) == 0;
		xmlFree(id);
		if (same)
			return t;
	}
	return NULL;
}

/* The attainment/result of term for subject and aspect ("" = none), or NULL. */
static xmlNodePtr find_result(xmlNodePtr term, const char *subject, const char *aspect)
{
	for (xmlNodePtr r = elem(term, "attainment") ? elem(term, "attainment")->children : NULL; r;
	     r = r->next) {
		xmlChar *s, *a;
		int same;

		if (r->type != XML_ELEMENT_NODE)
			continue;
		s = xmlGetProp(r, (const xmlChar *)"subject");
		a = xmlGetProp(r, (const xmlChar *)"aspect");
		same = s && strcasecmp((char *)s, subject) == 0 &&
		       strcasecmp(a ? (char *)a : "", aspect) == 0;
		xmlFree(s);
		xmlFree(a);
		if (same)
			return r;
	}
	return NULL;
}

/* The base name of path. */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The exclusion of term starting on start (ISO), or NULL. */
static xmlNodePtr find_exclusion(xmlNodePtr term, const char *start)
{
	for (xmlNodePtr x = elem(term, "exclusions") ? elem(term, "exclusions")->children : NULL; x;
	     x = x->next) {
		xmlChar *st;
		int same;

		if (x->type != XML_ELEMENT_NODE)
			continue;
		st = xmlGetProp(x, (const xmlChar *)"start");
		same = st && strcmp((const char *)st, start) == 0;
		xmlFree(st);
		if (same)
			return x;
	}
	return NULL;
}

/* Set e's outcome and reason (printf-style; NULL fmt for none). On OOM the reason is left
 * empty (the outcome still holds). */
static void set_outcome(mentry *e, int outcome, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_outcome(mentry *e, int outcome, const char *fmt, ...)
{
	va_list ap;

	e->outcome = outcome;
	free(e->reason);
	e->reason = NULL;
	if (fmt == NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&e->reason, fmt, ap) < 0)
		e->reason = NULL;
	va_end(ap);
}

/* Decide e's outcome against the record (no changes). Sets e->outcome, e->reason, e->norm. */
static void judge(merge_index *ix, mentry *e, xmlNodePtr root, const char *ks)
{
	xmlNodePtr term;
	const scale *sc;
	const char *why;

	if (e->alts) {
		set_outcome(e, MERGE_CONFLICT, NULL);
		return;
	}
	term = find_term(root, e->term);
	if (term == NULL) {
		set_outcome(e, MERGE_REJECTED, "term %s is not in the record (terms are never added)",
			    e->term);
		return;
	}
	if (strcmp(e->subject, EXCLUSION) == 0) {
		xmlNodePtr x = find_exclusion(term, e->aspect);
		xmlChar *type, *days;
		char dn[16] = "", have[64];

		snprintf(e->norm, sizeof(e->norm), "%s", e->first.value);
		if (x == NULL) {
			set_outcome(e, MERGE_MERGED, NULL);
			return;
		}
		type = xmlGetProp(x, (const xmlChar *)"type");
		days = xmlGetProp(x, (const xmlChar *)"days");
		if (days == NULL || !exclusion_days((const char *)days, dn))
			snprintf(dn, sizeof(dn), "%s", days ? (const char *)days : "");
		snprintf(have, sizeof(have), "%s|%s", type ? (const char *)type : "", dn);
		if (strcmp(have, e->norm) == 0)
			set_outcome(e, MERGE_DUPLICATE, "already in the record");
		else
			set_outcome(e, MERGE_CONFLICT, "the record has a %s of %s days starting %s",
				    type ? (const char *)type : "?", days ? (const char *)days : "?",
				    e->aspect);
		xmlFree(type);
		xmlFree(days);
		return;
	}
	if (strcmp(e->subject, ATTENDANCE) == 0) {
		char have[32], hn[64];

		sc = scale_builtin(SCALE_PERCENT);
		if (!scale_check(sc, e->first.value, e->norm, sizeof(e->norm), &why)) {
			set_outcome(e, MERGE_REJECTED, "attendance '%s' is not %s", e->first.value, why);
			return;
		}
		elem_text(elem(term, "attendance"), "percent", have, sizeof(have));
		if (!*have)
			set_outcome(e, MERGE_MERGED, NULL);
		else if (scale_check(sc, have, hn, sizeof(hn), NULL) && strcmp(hn, e->norm) == 0)
			set_outcome(e, MERGE_DUPLICATE, "already in the record");
		else
			set_outcome(e, MERGE_CONFLICT, "the record has attendance %s", have);
		return;
	}
	sc = mapping_scale(ix->map, ks, e->subject, e->aspect);
	if (sc == NULL) {
		set_outcome(e, MERGE_REJECTED, "no grade scale in the profile for %s%s%s at %s",
			    e->subject, *e->aspect ? " " : "", e->aspect, *ks ? ks : "an unknown key stage");
		return;
	}
	if (!scale_check(sc, e->first.value, e->norm, sizeof(e->norm), &why)) {
		set_outcome(e, MERGE_REJECTED, "'%s' is not on the %s scale used at %s (%s)",
			    e->first.value, sc->kind == SCALE_CUSTOM ? sc->name : scale_kind_name(sc->kind),
			    ks, why);
		return;
	}
	e->scale_name = scale_kind_name(sc->kind);
	e->custom_name = sc->kind == SCALE_CUSTOM ? sc->name : NULL;
	{
		xmlNodePtr r = find_result(term, e->subject, e->aspect);
		xmlChar *cur = r ? xmlGetProp(r, (const xmlChar *)"current") : NULL;

		if (cur == NULL)
			set_outcome(e, MERGE_MERGED, NULL);
		else if (strcasecmp((char *)cur, e->norm) == 0)
			set_outcome(e, MERGE_DUPLICATE, "already in the record");
		else
			set_outcome(e, MERGE_CONFLICT, "the record has '%s'", (char *)cur);
		xmlFree(cur);
	}
}

/* Write exclusion entry e (outcome MERGED) into term, creating <exclusions> after any
 * <attendance>. Returns 0 or -1 on OOM. */
static int write_exclusion(const mentry *e, xmlNodePtr term)
{
	xmlNodePtr xs = elem(term, "exclusions"), x, reason;
	char type[64], *bar;
	const char *why = e->first.extra && *e->first.extra ? e->first.extra
							     : "Not given in the school's export.";

	if (xs == NULL) {
		xmlNodePtr at = NULL;

		for (xmlNodePtr c = term->children; c && !at; c = c->next)
			if (c->type == XML_ELEMENT_NODE &&
			    xmlStrcmp(c->name, (const xmlChar *)"attendance") != 0)
				at = c;
		xs = xmlNewNode(NULL, (const xmlChar *)"exclusions");
		if (xs == NULL || insert_indented(term, at, xs) != 0) {
			xmlFreeNode(xs);
			return -1;
		}
	}
	snprintf(type, sizeof(type), "%s", e->norm);
	bar = strchr(type, '|');
	if (bar == NULL)
		return -1;
	*bar = '\0';
	x = xmlNewNode(NULL, (const xmlChar *)"exclusion");
	if (x == NULL)
		return -1;
	xmlNewProp(x, (const xmlChar *)"type", (const xmlChar *)type);
	xmlNewProp(x, (const xmlChar *)"start", (const xmlChar *)e->aspect);
	xmlNewProp(x, (const xmlChar *)"days", (const xmlChar *)strchr(e->norm, '|') + 1);
	if (insert_indented(xs, NULL, x) != 0) {
		xmlFreeNode(x);
		return -1;
	}
	reason = xmlNewNode(NULL, (const xmlChar *)"reason");
	if (reason == NULL || xmlNewTextChild(reason, NULL, (const xmlChar *)"p",
					      (const xmlChar *)why) == NULL ||
	    insert_indented(x, NULL, reason) != 0) {
		xmlFreeNode(reason);
		return -1;
	}
	return 0;
}

/* Write e (outcome MERGED) into the record. Returns 0 or -1 on OOM. */
static int write_value(merge_index *ix, mentry *e, xmlNodePtr root)
{
	xmlNodePtr term = find_term(root, e->term), r, att;
	char src[300];

	if (term == NULL)
		return -1;   /* judged present, so only out of memory (find_term's xmlGetProp) */
	snprintf(src, sizeof(src), "%s:%lu", base_name(ix->files[e->first.file]), e->first.line);
	if (strcmp(e->subject, EXCLUSION) == 0)
		return write_exclusion(e, term);
	if (strcmp(e->subject, ATTENDANCE) == 0) {
		att = xmlNewNode(NULL, (const xmlChar *)"attendance");
		if (att == NULL || xmlNewTextChild(att, NULL, (const xmlChar *)"percent",
						   (const xmlChar *)e->norm) == NULL) {
			xmlFreeNode(att);
			return -1;
		}
		xmlNodePtr first = NULL;
		for (xmlNodePtr c = term->children; c && !first; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				first = c;
		return insert_indented(term, first, att);
	}
	att = elem(term, "attainment");
	if (att == NULL) {
		static const char *const before[] = { "attendance", "exclusions", "send-update", "semh" };
		xmlNodePtr at = NULL;

		for (xmlNodePtr c = term->children; c && !at; c = c->next) {
			int early = 0;

			if (c->type != XML_ELEMENT_NODE)
				continue;
			for (size_t i = 0; i < PK_ARRAY_LEN(before); i++)
				early |= xmlStrcmp(c->name, (const xmlChar *)before[i]) == 0;
			if (!early)
				at = c;
		}
		att = xmlNewNode(NULL, (const xmlChar *)"attainment");
		if (att == NULL || insert_indented(term, at, att) != 0) {
			xmlFreeNode(att);
			return -1;
		}
	}
	r = find_result(term, e->subject, e->aspect);
	if (r == NULL) {
		r = xmlNewNode(NULL, (const xmlChar *)"result");
		if (r == NULL)
			return -1;
		xmlNewProp(r, (const xmlChar *)"subject", (const xmlChar *)e->subject);
		if (*e->aspect)
			xmlNewProp(r, (const xmlChar *)"aspect", (const xmlChar *)e->aspect);
		xmlNewProp(r, (const xmlChar *)"scale", (const xmlChar *)e->scale_name);
		if (e->custom_name)
			xmlNewProp(r, (const xmlChar *)"scale-name", (const xmlChar *)e->custom_name);
		if (insert_indented(att, NULL, r) != 0) {
			xmlFreeNode(r);
			return -1;
		}
	}
	xmlSetProp(r, (const xmlChar *)"current", (const xmlChar *)e->norm);
	if (e->first.date[0])
		xmlSetProp(r, (const xmlChar *)"date", (const xmlChar *)e->first.date);
	xmlSetProp(r, (const xmlChar *)"source", (const xmlChar *)src);
	return 0;
}

int merge_apply(merge_index *ix, xmlDocPtr doc, const char *name, pk_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), ch = elem(root, "child");
	char key[64], ks[16];
	mchild *c;
	int held = 0, changed = 0, rc;

	elem_text(ch, ix->map->key_kind == MAP_KEY_UPN ? "upn" : "la-child-id", key, sizeof(key));
	elem_text(ch, "key-stage", ks, sizeof(ks));
	if (!*key)
		return MERGE_APPLY_NONE;
	pthread_mutex_lock(&ix->lock);
	c = child_get(ix, key, 0);
	if (c == NULL) {
		rc = MERGE_APPLY_NONE;
		goto out;
	}
	snprintf(c->record, sizeof(c->record), "%s", name ? name : key);
	for (mentry *e = c->head; e; e = e->cnext) {
		judge(ix, e, root, ks);
		held |= e->outcome == MERGE_CONFLICT;
	}
	for (mentry *e = c->head; e; e = e->cnext) {
		if (held) {
			if (e->outcome == MERGE_MERGED)
				e->outcome = MERGE_HELD;
			continue;
		}
		if (e->outcome != MERGE_MERGED)
			continue;
		if (write_value(ix, e, root) != 0) {
			rc = pk_error_set(err, PK_ENOMEM, "'%s': out of memory", name ? name : key);
			goto out;
		}
		changed = 1;
	}
	rc = held ? MERGE_APPLY_HELD : changed ? MERGE_APPLY_CHANGED : MERGE_APPLY_NONE;
	ix->counts.records_held += rc == MERGE_APPLY_HELD;
	ix->counts.records_changed += rc == MERGE_APPLY_CHANGED;
out:
	pthread_mutex_unlock(&ix->lock);
	return rc;
}

/* ---------- the report ---------- */

static const char *const outcome_names[] = { "merged", "duplicate", "conflict", "held",
					     "unmatched", "rejected" };

/* Append s to b as one CSV field: quoted when needed, and with a leading apostrophe when a
 * spreadsheet would take it for a formula. */
static int csv_field(pk_buf *b, const char *s)
{
	int rc = PK_OK;

	if (strpbrk(s, ",\"\r\n") == NULL && !strchr("=+-@", s[0] ? s[0] : 'x'))
		return buf_puts(b, s);
	rc |= buf_puts(b, "\"");
	if (strchr("=+-@", s[0] ? s[0] : 'x'))
		rc |= buf_puts(b, "'");
	for (const char *p = s; *p && rc == PK_OK; p++)
		rc |= *p == '"' ? buf_puts(b, "\"\"") : buf_append(b, p, 1);
	rc |= buf_puts(b, "\"");
	return rc ? PK_ENOMEM : PK_OK;
}

/* The subject as people read it: "attendance" and "exclusion" for those values. */
static const char *shown_subject(const char *subject)
{
	if (strcmp(subject, ATTENDANCE) == 0)
		return "attendance";
	return strcmp(subject, EXCLUSION) == 0 ? "exclusion" : subject;
}

/* Append one report line. */
static int report_line(pk_buf *b, int outcome, const char *file, unsigned long line,
		       const char *key, const char *term, const char *subject, const char *aspect,
		       const char *value, unsigned long rows, const char *reason)
{
	char num[32];
	int rc = 0;

	if (b == NULL)
		return PK_OK;
	rc |= buf_puts(b, outcome_names[outcome]);
	rc |= buf_puts(b, ",");
	rc |= csv_field(b, file);
	rc |= buf_printf(b, ",%lu,", line);
	rc |= csv_field(b, key);
	rc |= buf_puts(b, ",");
	rc |= csv_field(b, term);
	rc |= buf_puts(b, ",");
	rc |= csv_field(b, shown_subject(subject));
	rc |= buf_puts(b, ",");
	rc |= csv_field(b, aspect);
	rc |= buf_puts(b, ",");
	rc |= csv_field(b, value);
	snprintf(num, sizeof(num), ",%lu,", rows);
	rc |= buf_puts(b, num);
	rc |= csv_field(b, reason ? reason : "");
	rc |= buf_puts(b, "\n");
	return rc ? PK_ENOMEM : PK_OK;
}

/* Order entries by where their first value came from, then by key. */
static int cmp_entry(const void *a, const void *b)
{
	const mentry *x = *(mentry *const *)a, *y = *(mentry *const *)b;

	if (x->first.file != y->first.file)
		return x->first.file < y->first.file ? -1 : 1;
	if (x->first.line != y->first.line)
		return x->first.line < y->first.line ? -1 : 1;
	return strcmp(x->subject, y->subject) ? strcmp(x->subject, y->subject)
					      : strcmp(x->aspect, y->aspect);
}

/* The entry's key (its first string). */
static const char *entry_key(const mentry *e)
{
	return e->k;
}

int merge_report(merge_index *ix, merge_counts *counts, pk_buf *csv,
		 void (*fn)(void *ctx, const char *msg), void *ctx)
{
	mentry **all = NULL;
	size_t n = 0;
	int rc = PK_OK;
	char msg[1024];
	unsigned long *cn = ix->counts.n;

	for (int i = MERGE_MERGED; i < MERGE_NOUTCOMES; i++)
		if (i != MERGE_REJECTED)
			cn[i] = 0;
	cn[MERGE_REJECTED] = ix->rej_count;
	if (csv)
		rc |= buf_puts(csv, "outcome,file,line,key,term,subject,aspect,value,rows,reason\n");
	for (mreject *r = ix->rej_head; r; r = r->next) {
		rc |= report_line(csv, MERGE_REJECTED, ix->files[r->file], r->line, r->key, "", "", "",
				  "", 1, r->reason);
		if (fn) {
			snprintf(msg, sizeof(msg), "'%s' line %lu: rejected: %s", ix->files[r->file],
				 r->line, r->reason);
			fn(ctx, msg);
		}
	}
	if (ix->rej_count > ix->rej_listed)
		rc |= report_line(csv, MERGE_REJECTED, "", 0, "", "", "", "", "",
				  ix->rej_count - ix->rej_listed, "further rejected rows not listed");
	all = malloc((ix->en ? ix->en : 1) * sizeof(*all));
	if (all == NULL)
		return PK_ENOMEM;
	for (size_t i = 0; i < ix->ebn; i++)
		for (mentry *e = ix->eb[i]; e; e = e->hnext)
			all[n++] = e;
	qsort(all, n, sizeof(*all), cmp_entry);
	for (size_t i = 0; i < n; i++) {
		mentry *e = all[i];
		int o = e->outcome < 0 ? MERGE_UNMATCHED : e->outcome;
		const char *f = ix->files[e->first.file], *key = entry_key(e);
		const char *subj = shown_subject(e->subject);

		if (o == MERGE_MERGED) {
			cn[MERGE_MERGED]++;
			rc |= report_line(csv, o, f, e->first.line, key, e->term, e->subject, e->aspect,
					  e->norm, 1, NULL);
			if (e->first.rows > 1) {
				cn[MERGE_DUPLICATE] += e->first.rows - 1;
				rc |= report_line(csv, MERGE_DUPLICATE, f, e->first.line, key, e->term,
						  e->subject, e->aspect, e->norm, e->first.rows - 1,
						  "the same value in further rows");
			}
			continue;
		}
		if (o != MERGE_CONFLICT || e->alts == NULL) {
			const char *reason = e->reason;

			if (o == MERGE_UNMATCHED)
				reason = "no record has this key";
			else if (o == MERGE_HELD)
				reason = "not written: this child has a conflict";
			cn[o] += e->first.rows;
			rc |= report_line(csv, o, f, e->first.line, key, e->term, e->subject, e->aspect,
					  e->first.value, e->first.rows, reason);
			if (fn && o != MERGE_DUPLICATE) {
				snprintf(msg, sizeof(msg), "'%s' line %lu: %s: %s %s %s%s%s '%s': %s", f,
					 e->first.line, outcome_names[o], key, e->term, subj,
					 *e->aspect ? " " : "", e->aspect, e->first.value,
					 reason ? reason : "");
				fn(ctx, msg);
			}
			continue;
		}
		/* a conflict between rows: every distinct value, each naming the first */
		cn[MERGE_CONFLICT] += e->first.rows;
		for (mval *v = e->alts; v; v = v->next) {
			char why[600];

			cn[MERGE_CONFLICT] += v->rows;
			snprintf(why, sizeof(why), "'%s' here, '%s' in '%s' line %lu", v->value,
				 e->first.value, f, e->first.line);
			rc |= report_line(csv, o, ix->files[v->file], v->line, key, e->term, e->subject,
					  e->aspect, v->value, v->rows, why);
			if (fn) {
				snprintf(msg, sizeof(msg), "'%s' line %lu: conflict: %s %s %s%s%s is %s",
					 ix->files[v->file], v->line, key, e->term, subj,
					 *e->aspect ? " " : "", e->aspect, why);
				fn(ctx, msg);
			}
		}
		{
			char why[600];

			snprintf(why, sizeof(why), "'%s' here, '%s' in '%s' line %lu", e->first.value,
				 e->alts->value, ix->files[e->alts->file], e->alts->line);
			rc |= report_line(csv, o, f, e->first.line, key, e->term, e->subject, e->aspect,
					  e->first.value, e->first.rows, why);
		}
	}
	free(all);
	if (counts)
		*counts = ix->counts;
	return rc ? PK_ENOMEM : PK_OK;
}
