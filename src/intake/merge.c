/*
 * merge.c: the attainment merge (see merge.h for the model and outcomes). The index is two
 * chained hash tables: values keyed by "key\0term\0subject\0aspect" and children keyed by key,
 * each child holding its values in arrival order, so a record is merged in the order the
 * exports list its values and re-running gives the same bytes. Each entry keeps its distinct
 * values per file with their latest as-of date; judge() picks the winner when the record is
 * seen. Each file is sniffed first (delimiter, header row, profile: sniff()), then read once.
 */
#include "core/pepkit.h"
#include "core/civil.h"
#include "intake/merge.h"
#include "intake/csvread.h"
#include "core/csvw.h"
#include "core/xmlsafe.h"
#include "intake/import.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <iconv.h>
#include <limits.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MAX_TEXT 20000       /* pep.xsd: characters of a paragraph (an exclusion's reason) */
#define MAX_DETAILS 10000u   /* row problems listed one by one; beyond, only counted */
#define HEADER_LINES 20      /* the header row is looked for in this many first lines */
#define MAX_TOKENS 20000u    /* keys looked for in one rejected file */
#define ATTENDANCE "\001attendance"
#define EXCLUSION "\001exclusion"   /* aspect: the start date; value "type|days" */

/* One distinct value of an entry from one file, with the row that gave its latest as-of date
 * (its source) and how many rows gave it. */
typedef struct mval {
	struct mval *next;
	char *value;
	char *extra;             /* exclusions: the reason ("" or NULL for none) */
	char date[11];           /* as-of: the row's date, else the file's declared or modified date */
	unsigned file;
	unsigned long line, rows;
} mval;

/* A chunk of an arena: entries (and what judge() works out) are carved from chunks one after
 * another and freed with them, not one by one (60,000 entries cost as many frees, each a cache
 * miss, at the end of a run). */
typedef struct mchunk {
	struct mchunk *next;
	size_t used, size;
	max_align_t data[];
} mchunk;
#define ARENA_CHUNK (256u * 1024u)

/* n bytes, zeroed and aligned, from the arena whose newest chunk is *head; NULL on OOM. */
static void *arena_alloc(mchunk **head, size_t n)
{
	mchunk *c = *head;
	void *p;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (c == NULL || c->size - c->used < n) {
		size_t sz = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		if ((c = calloc(1, sizeof(*c) + sz)) == NULL)
			return NULL;
		c->size = sz;
		c->next = *head;
		*head = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

/* Free every chunk of an arena. */
static void arena_free(mchunk *c)
{
	for (mchunk *n; c; c = n) {
		n = c->next;
		free(c);
	}
}

/* A value queued by add_value() for add_pending(): key\0term\0subject\0aspect\0 (n bytes),
 * then the value, the extra and orig texts (offsets; 0 for none) in b. */
typedef struct mpend {
	pk_buf b;
	size_t n, kl, tl, sl, value, extra, orig;
	char date[11];
	unsigned long line;
	unsigned hash;
} mpend;
#define PEND 3   /* a value is added two values after it is queued */

/* One export file and how it was read. */
typedef struct mfile {
	char *path;
	const mapping *map;      /* the profile it was read with (NULL if none matched) */
	int auto_matched;        /* the profile was chosen by the file's columns */
	char encoding[40];
	char delim;
	unsigned long header_line;
	char asof[11];           /* for rows without a date */
	const char *asof_from;   /* "declared in line N" / "modified" */
	char asof_note[48];
	char *reason;            /* the file was rejected: why; else NULL */
	unsigned long lost;      /* rows of a rejected file never read (counted as rejected) */
	unsigned long blank, noresult;   /* blank rows; rows whose value means no result */
	unsigned long rows;      /* data rows read */
	/* numeric dates of the date column (note_date_order()): the first that can only be read
	 * in the order the profile does not use ("11/25/2025" with dd/mm/yyyy), whether one can
	 * only be read in its order, and the first read in its order that the other would read
	 * as another day ("11/10/2025") */
	unsigned long other_line, ambig_line;
	char other_text[32], ambig_text[32];
	int own_seen;
} mfile;

/* What judge() worked out for an entry, apart from the entry so that the index read for every
 * row stays small. */
typedef struct mjudged {
	char norm[64];           /* the value as written (canonical spelling) */
	const char *rsubject;    /* the subject as the child's record names it: in rsub, or
				  * (longer) in the judged arena */
	char rsub[128];
	const scale *sc;         /* the scale its values are read on, or NULL (none found) */
} mjudged;

/* One (child key, term, subject, aspect). Allocated as one block with its key and first value
 * after it (kv), and the fields every row looks at last, next to them: a row's lookup then
 * touches one stretch of memory, not three (the index is far bigger than the caches). */
typedef struct mentry {
	struct mentry *cnext;
	const char *term, *subject, *aspect;
	mval *alts;              /* other values (other files, or different values) */
	mval *win;               /* the value that wins (newest as-of), set by judge() */
	int outcome;             /* -1 until applied, then enum merge_outcome */
	char *reason;            /* why (rejected, conflict with the record), or NULL; owned
				  * unless reason_fixed */
	int reason_fixed;        /* reason is a string constant set_outcome() was given */
	struct mjudged *j;       /* set by judge() (NULL before: both texts "") */
	int journaled;           /* already in the record, written by an interrupted run */
	char *orig;              /* the export's own subject name, when the profile renamed it */
	const char *scale_name;
	const char *custom_name;
	/* looked at for every row: */
	struct mentry *hnext;
	unsigned hash;
	size_t klen;
	char *k;                 /* key\0term\0subject\0aspect\0 (klen bytes, in kv) */
	mval first;              /* first.value is in kv too */
	char kv[];
} mentry;

/* The bytes of an entry with a key of n bytes and a first value of vl (as arena_alloc() rounds
 * them: the entries of a chunk lie one after another). */
static size_t entry_size(size_t n, size_t vl)
{
	size_t sz = sizeof(mentry) + n + vl + 1;

	return (sz + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
}

typedef struct mchild {
	struct mchild *hnext;
	unsigned hash;
	char *key;
	mentry *head, *tail;
	char record[256];        /* the record it was applied to (for messages) */
	char shared_with[256];   /* a second record with this key ("": none): nothing is applied */
	unsigned long rej_rows;  /* rows with this key rejected as a whole */
	int in_bad_file;         /* the key is in a file that was rejected */
	unsigned long bad_line;  /* mark_keys(): the last line (+1) counted for this key */
	/* the pupil's names its rows give (profiles with Surname/Forename columns): the
	 * distinct pairs, each with the first row that gave it; more than MAX_NAMES pairs is
	 * itself a mismatch (many_names: that row) */
	struct { char *sur, *fore; unsigned file; unsigned long line; } names[8];
	int nnames;
	unsigned many_file;
	unsigned long many_line;
} mchild;
#define MAX_NAMES 8

/* A record merge_apply() saw: for merge_child_summary(). */
typedef struct mrecord {
	struct mrecord *next;
	char *name;
	char upn[32], laid[64], school[160];
} mrecord;

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
	char season[8];                 /* COL_VALUE: a SIMS aspect header's season ("summer" for
					 * "Yr6 Sum Maths Att"), else "": the row's term moved to
					 * that season of its academic year */
	char *owned;                    /* strings owned for this header */
	char *header;                   /* the header cell as the file wrote it (owned) */
} mcol;

struct merge_index {
	const mapping *map;             /* the one profile for every file, or NULL */
	char today[11];                 /* YYYY-MM-DD, local: an as-of date after it is refused */
	const mapping **profiles;       /* profiles a file is matched against (map NULL) */
	size_t nprofiles;
	char *default_term;
	char **journal;                 /* sorted "key|term|subject|aspect|value" (lowercase) */
	size_t njournal;
	mrecord *records[256];
	int schools_done;               /* bad_school is filled (merge_child_summary) */
	const char *bad_school[256];    /* schools that sent a rejected file */
	size_t nbad_school;
	mentry **eb;
	size_t ebn, en;
	mchild **cb;
	size_t cbn, cn;
	mfile *files;
	size_t nfiles;
	mreject *rej_head, *rej_tail;
	unsigned long rej_listed, rej_count;
	merge_counts counts;
	pthread_mutex_t lock;
	/* state while reading one file */
	const mapping *cur;             /* its profile */
	mfile *cf;                      /* it */
	mcol *cols;
	size_t ncols;
	int col_key, col_term, col_date, col_subject, col_aspect, col_result, col_att;
	int col_xtype, col_xstart, col_xdays, col_xreason;
	int col_sur, col_fore;          /* the pupil's names, or -1 */
	mchild *last_named;             /* the child the last row's names went to */
	uint64_t *named;                /* note_names(): (key, surname, forename) seen, as hashes */
	size_t namedn, namedcap;
	int need_term;                  /* some value of a row takes the row's term */
	unsigned long last_line;        /* the last data row's line */
	unsigned long other_header;     /* the line of a header row again, in another column
					 * order: rows after it are not read (0: none) */
	char last_subj_in[64];          /* the last subject, and what the profile renamed it to
					 * (NULL: kept) */
	const char *last_subj_out, *last_subj_aspect;
	unsigned cur_file;
	const char *row_sur, *row_fore;  /* the names the row being read gives (NULL: none) */
	char last_term_in[64], last_term_out[16];
	char last_date_in[32], last_date_out[11];  /* exports repeat dates: parse once */
	char ok_term[16], ok_date[11];  /* the last term and as-of date asof_problem() passed */
	const mapping *nr_map;          /* the profile nr_digit was worked out for */
	int nr_digit;                   /* one of its no-result words starts with a digit */
	mchunk *entries;                /* the arena every mentry is in (nothing else) */
	mchunk *judged;                 /* the arena of every mjudged */
	mpend pend[PEND];               /* add_value()'s queue: npend values from pend_at */
	size_t pend_at, npend;
	int oom;
};

/* s into out (size sz > 0), cut to fit: what snprintf(out, sz, "%s", s) does, without a
 * format string for every value merged. */
static void copy_str(char *out, size_t sz, const char *s)
{
	size_t n = strnlen(s, sz - 1);

	memcpy(out, s, n);
	out[n] = '\0';
}

/* FNV-1a over n bytes, ignoring ASCII case (subjects and aspects compare without case). */
/* Each byte with A-Z as a-z, for hash_bytes(). */
#define F4(c) (c), (c) + 1, (c) + 2, (c) + 3
#define F16(c) F4(c), F4((c) + 4), F4((c) + 8), F4((c) + 12)
#define F64(c) F16(c), F16((c) + 16), F16((c) + 32), F16((c) + 48)
static const unsigned char fold_table[256] = {
	F64(0),
	0x40, F16(0x61), F4(0x71), F4(0x75), 0x79, 0x7a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f,
	F16(0x60), F16(0x70),
	F64(0x80), F64(0xc0)
};

static unsigned hash_bytes(const char *s, size_t n)
{
	unsigned h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ fold_table[(unsigned char)s[i]]) * 16777619u;
	return h;
}

/* A hash of the n bytes at s that ignores ASCII case, eight bytes at a time, for the value
 * index (hash_bytes() a byte at a time cost a quarter of a row's instructions). Each byte is
 * taken with bit 0x20 set, which makes A-Z a-z (and merges a few other pairs, such as '@' and
 * '`', or NUL and space: more collisions, which same_key() sorts out, never a miss). */
static unsigned hash_key(const char *s, size_t n)
{
	const uint64_t fold = 0x2020202020202020ull;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ (w | fold)) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ (w | fold)) * 0xff51afd7ed558ccdull;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ull;
	return (unsigned)(h ^ (h >> 32));
}

/* True if the n bytes at a and b are equal ignoring ASCII case. */
static int same_key(const char *a, const char *b, size_t n)
{
	if (memcmp(a, b, n) == 0)   /* the usual case: the same spelling */
		return 1;
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
	{
		time_t now = time(NULL) + 86400;   /* a day's grace for clocks and time zones */
		struct tm tm;

		if (localtime_r(&now, &tm) == NULL ||
		    strftime(ix->today, sizeof(ix->today), "%Y-%m-%d", &tm) != 10)
			copy_str(ix->today, sizeof(ix->today), "9999-12-31");
	}
	pthread_mutex_init(&ix->lock, NULL);
	return ix;
}

int merge_add_profile(merge_index *ix, const mapping *m)
{
	const mapping **p = realloc(ix->profiles, (ix->nprofiles + 1) * sizeof(*p));

	if (p == NULL)
		return PK_ENOMEM;
	p[ix->nprofiles++] = m;
	ix->profiles = p;
	return PK_OK;
}

/* Free the header state of the current file. */
static void free_cols(merge_index *ix)
{
	for (size_t i = 0; i < ix->ncols; i++) {
		free(ix->cols[i].owned);
		free(ix->cols[i].header);
	}
	free(ix->cols);
	ix->cols = NULL;
	ix->ncols = 0;
}

void merge_free(merge_index *ix)
{
	if (ix == NULL)
		return;
	/* every entry, in the order they were made (one pass through memory) */
	for (mchunk *c = ix->entries; c; c = c->next)
		for (size_t at = 0; at < c->used;) {
			mentry *e = (mentry *)(void *)((char *)c->data + at);

			at += entry_size(e->klen, strlen(e->first.value));
			free(e->first.extra);
			if (!e->reason_fixed)
				free(e->reason);
			for (mval *v = e->alts, *w; v; v = w) {
				w = v->next;
				free(v->value);
				free(v->extra);
				free(v);
			}
			free(e->orig);
		}
	arena_free(ix->entries);
	arena_free(ix->judged);
	free(ix->named);
	for (size_t i = 0; i < ix->cbn; i++)
		for (mchild *c = ix->cb[i], *n; c; c = n) {
			n = c->hnext;
			for (int k = 0; k < c->nnames; k++) {
				free(c->names[k].sur);
				free(c->names[k].fore);
			}
			free(c->key);
			free(c);
		}
	for (mreject *r = ix->rej_head, *n; r; r = n) {
		n = r->next;
		free(r->key);
		free(r->reason);
		free(r);
	}
	for (size_t i = 0; i < ix->nfiles; i++) {
		free(ix->files[i].path);
		free(ix->files[i].reason);
	}
	free(ix->files);
	free(ix->profiles);
	for (size_t i = 0; i < ix->njournal; i++)
		free(ix->journal[i]);
	free(ix->journal);
	for (size_t i = 0; i < PK_ARRAY_LEN(ix->records); i++)
		for (mrecord *r = ix->records[i], *n; r; r = n) {
			n = r->next;
			free(r->name);
			free(r);
		}
	free(ix->eb);
	free(ix->cb);
	free(ix->default_term);
	free_cols(ix);
	for (size_t i = 0; i < PEND; i++)
		buf_free(&ix->pend[i].b);
	pthread_mutex_destroy(&ix->lock);
	free(ix);
}

/* 1 + the place of each letter of the UPN alphabet in it (0: not a letter of it). */
static const unsigned char upn_letter[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8,
	['J'] = 9, ['K'] = 10, ['L'] = 11, ['M'] = 12, ['N'] = 13, ['P'] = 14, ['Q'] = 15,
	['R'] = 16, ['T'] = 17, ['U'] = 18, ['V'] = 19, ['W'] = 20, ['X'] = 21, ['Y'] = 22,
	['Z'] = 23
};

int merge_upn_valid(const char *upn, const char **why)
{
	static const char alpha[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
	static __thread char msg[80];
	const char *dummy;
	long sum = 0;

	if (why == NULL)
		why = &dummy;
	if (strnlen(upn, 14) != 13) {
		*why = "not 13 characters";
		return 0;
	}
	if (!upn_letter[(unsigned char)upn[0]]) {
		*why = "first character is not a check letter";
		return 0;
	}
	for (int i = 1; i < 13; i++) {
		int v;

		if (upn[i] >= '0' && upn[i] <= '9')
			v = upn[i] - '0';
		else if (i == 12 && upn_letter[(unsigned char)upn[i]])
			v = upn_letter[(unsigned char)upn[i]] - 1;
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

static mchild *child_get(merge_index *ix, const char *key, int create);

/* Record a rejected row (listed up to MAX_DETAILS; always counted). */
/* Day names for messages, indexed as mapping_weekday() returns them. */
static const char *const weekday_names[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
					     "Friday", "Saturday", "Sunday" };

/* What a spreadsheet did to value v, for a message about it: an Excel error value ("#N/A",
 * "#VALUE!": the cell's formula failed, so there is no value to read), a number Excel shows in
 * scientific notation ("1.23457E+12": a long id typed into a number cell, its digits lost),
 * as text to append to a reason (" (...)"), or "" for any other value. */
static const char *sheet_note(const char *v)
{
	static const char *const errs[] = { "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!",
					    "#NULL!", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!",
					    "#GETTING_DATA", "#UNKNOWN!", "#CONNECT!", "#BUSY!" };
	const char *p = v;

	while (*p == ' ')
		p++;
	if (*p == '#') {
		for (size_t i = 0; i < PK_ARRAY_LEN(errs); i++)
			if (strncasecmp(p, errs[i], strlen(errs[i])) == 0 && p[strlen(errs[i])] == '\0')
				return " (an Excel error value: the spreadsheet's formula failed, so the "
				       "cell holds no value; correct the sheet and export again)";
		return "";
	}
	/* d[.ddd]E+dd */
	if (!isdigit((unsigned char)*p++))
		return "";
	if (*p == '.' || *p == ',')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if ((*p != 'E' && *p != 'e') || (p[1] != '+' && p[1] != '-') || !isdigit((unsigned char)p[2]))
		return "";
	for (p += 2; isdigit((unsigned char)*p); p++)
		;
	return *p == '\0' ? " (a number in scientific notation, as Excel shows a long id typed "
			     "into a number cell: its digits are lost; format the column as text and "
			     "export again)" : "";
}

static void reject_row(merge_index *ix, unsigned long line, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void reject_row(merge_index *ix, unsigned long line, const char *key, const char *fmt, ...)
{
	mreject *r;
	char reason[512];
	va_list ap;

	ix->counts.n[MERGE_REJECTED]++;
	ix->rej_count++;
	if (key && *key) {
		mchild *c = child_get(ix, key, 1);

		if (c)
			c->rej_rows++;
		else
			ix->oom = 1;
	}
	if (ix->rej_listed >= MAX_DETAILS)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	{
		const char *names[] = { ix->row_sur, ix->row_fore };

		import_withhold_names(reason, sizeof(reason), names, 2, "[pupil's name]");
	}
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

/* Length of the no-break space at s (U+00A0, U+2007, U+202F in UTF-8: what a cell copied
 * from a web page or a report ends with), or 0. */
static size_t nbsp_at(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (u[0] == 0xe2 && ((u[1] == 0x80 && u[2] == 0xaf) || (u[1] == 0x80 && u[2] == 0x87)))
		return 3;
	return 0;
}

/* Length of the no-break space that ends s (n bytes), or 0. */
static size_t nbsp_before(const char *s, size_t n)
{
	if (n >= 2 && nbsp_at(s + n - 2) == 2)
		return 2;
	if (n >= 3 && nbsp_at(s + n - 3) == 3)
		return 3;
	return 0;
}

/* Trim blanks, no-break spaces (and stray CR/LF) around s in place, and make a no-break space
 * inside it a space ("Autumn 2025" typed with one); returns the new start. */
static char *trim(char *s)
{
	size_t n, k, o = 0;

	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if ((k = nbsp_at(s)) != 0)
			s += k;
		else
			break;
	}
	n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			s[--n] = '\0';
		else if ((k = nbsp_before(s, n)) != 0)
			s[n -= k] = '\0';
		else
			break;
	}
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] >= 0xc2 && (k = nbsp_at(s + i)) != 0) {
			s[o++] = ' ';
			i += k - 1;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	return s;
}

/* row_field() for a row not known to be ASCII: trimmed unless plain and without a byte that
 * may start a no-break space. */
static char *row_field_slow(const csvread_row *row, char *f, size_t n)
{
	if (!row->plain)
		return trim(f);
	for (size_t k = 0; k < n; k++)   /* a no-break space starts with one of these bytes */
		if ((unsigned char)f[k] == 0xc2 || (unsigned char)f[k] == 0xe2)
			return trim(f);
	return f;
}

/* Field i of row as trim() leaves it: a plain row's fields (csvread_row.plain) hold no tab or
 * line end and were trimmed of spaces when the line was split, so they are taken as they are
 * unless one may hold a no-break space (never in an ASCII row). */
static inline char *row_field(const csvread_row *row, int i)
{
	return row->ascii ? row->fields[i] : row_field_slow(row, row->fields[i], row->lens[i]);
}

/* Compare two values as the same result: without case, and numbers without leading zeros
 * ("05" is "5"). Values are already trimmed. */
static int same_value(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)   /* the usual case: the same spelling */
		return 1;
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

/* Add the oldest queued value (see add_value()) to the index. Returns 0, or -1 on OOM. */
static int add_pending(merge_index *ix)
{
	mpend *p = &ix->pend[ix->pend_at];
	char *k = p->b.data;
	size_t n = p->n, kl = p->kl, tl = p->tl, sl = p->sl;
	const char *key = k, *subject = k + kl + tl + 2, *value = k + p->value;
	const char *extra = p->extra ? k + p->extra : NULL, *orig = p->orig ? k + p->orig : NULL;
	const char *date = p->date;
	unsigned long line = p->line;
	unsigned h = p->hash;
	mentry *e;
	mchild *c;

	ix->pend_at = (ix->pend_at + 1) % PEND;
	ix->npend--;
	ix->counts.values++;
	for (e = ix->eb[h & (ix->ebn - 1)]; e; e = e->hnext) {
		if (e->hash != h || e->klen != n || !same_key(e->k, k, n))
			continue;
		if (e->first.file == ix->cur_file && same_value(e->first.value, value)) {
			e->first.rows++;
			if (strcmp(date, e->first.date) > 0) {
				memcpy(e->first.date, date, sizeof(e->first.date));
				e->first.line = line;
			}
			return 0;
		}
		mval **vp = &e->alts;
		for (; *vp; vp = &(*vp)->next)
			if ((*vp)->file == ix->cur_file && same_value((*vp)->value, value)) {
				(*vp)->rows++;
				if (strcmp(date, (*vp)->date) > 0) {
					memcpy((*vp)->date, date, sizeof((*vp)->date));
					(*vp)->line = line;
				}
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
	if (ix->en >= ix->ebn && grow_entries(ix) != 0)   /* at most one entry a bucket on average */
		return -1;
	c = child_get(ix, key, 1);
	e = c ? arena_alloc(&ix->entries, entry_size(n, strlen(value))) : NULL;
	if (e == NULL)
		return -1;
	/* the entry is in the arena from here on: merge_free() reads its key and value lengths */
	e->k = e->kv;
	e->klen = n;
	e->first.value = e->kv + n;
	memcpy(e->first.value, value, strlen(value) + 1);
	memcpy(e->k, k, n);
	e->outcome = -1;
	if ((extra && (e->first.extra = strdup(extra)) == NULL) ||
	    (orig && strcmp(orig, subject) != 0 && (e->orig = strdup(orig)) == NULL))
		return -1;   /* freed with the arena; not in the index */
	e->term = e->k + kl + 1;
	e->subject = e->term + tl + 1;
	e->aspect = e->subject + sl + 1;
	e->hash = h;
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

/* Queue one value from the current file's line for the index; date is an 11-byte buffer ("" or
 * YYYY-MM-DD). A value is added (add_pending()) two values later: its bucket is fetched into the
 * cache when it is queued, its entry when the next one is, so the lookups of an index far bigger
 * than the caches do not wait on memory (flush_values() adds the last ones, in order). Returns
 * 0, or -1 on OOM. */
static int add_value(merge_index *ix, const char *key, const char *term, const char *subject,
		     const char *aspect, const char *value, const char *date, const char *extra,
		     unsigned long line, const char *orig)
{
	size_t kl = strlen(key), tl = strlen(term), sl = strlen(subject), al = strlen(aspect);
	size_t vl = strlen(value), xl = extra ? strlen(extra) : 0, ol = orig ? strlen(orig) : 0;
	size_t n = kl + tl + sl + al + 4;
	mpend *p = &ix->pend[(ix->pend_at + ix->npend) % PEND];
	char *k;

	buf_reset(&p->b);
	if (buf_reserve(&p->b, n + vl + xl + ol + 3) != PK_OK)
		return -1;
	k = p->b.data;
	memcpy(k, key, kl + 1);
	memcpy(k + kl + 1, term, tl + 1);
	memcpy(k + kl + tl + 2, subject, sl + 1);
	memcpy(k + kl + tl + sl + 3, aspect, al + 1);
	memcpy(k + n, value, vl + 1);
	p->value = n;
	p->extra = extra ? n + vl + 1 : 0;
	if (extra)
		memcpy(k + p->extra, extra, xl + 1);
	p->orig = orig ? n + vl + 1 + (extra ? xl + 1 : 0) : 0;
	if (orig)
		memcpy(k + p->orig, orig, ol + 1);
	p->n = n;
	p->kl = kl;
	p->tl = tl;
	p->sl = sl;
	memcpy(p->date, date, sizeof(p->date));
	p->line = line;
	p->hash = hash_key(k, n);
	__builtin_prefetch(&ix->eb[p->hash & (ix->ebn - 1)]);
	if (ix->npend++ >= 1) {   /* the previous value's bucket is in the cache by now */
		const mpend *q = &ix->pend[(ix->pend_at + ix->npend - 2) % PEND];
		const mentry *e = ix->eb[q->hash & (ix->ebn - 1)];

		if (e) {
			__builtin_prefetch(&e->hash);
			__builtin_prefetch(e->kv);
		}
	}
	return ix->npend == PEND ? add_pending(ix) : 0;
}

/* Add every queued value, in order. Returns 0, or -1 on OOM. */
static int flush_values(merge_index *ix)
{
	int rc = 0;

	while (ix->npend > 0)
		rc |= add_pending(ix);
	return rc;
}

/* Fields of row up to the last non-empty one (trailing empty columns do not count). */
static size_t used_fields(const csvread_row *row)
{
	size_t n = row->nfields;

	while (n > 0) {
		const char *f = row->fields[n - 1];

		while (*f == ' ' || *f == '\t')
			f++;
		if (*f)
			break;
		n--;
	}
	return n;
}

/* Index of the header field matching column spec (alternatives "a|b", without case and
 * blanks), or -1. */
static int find_col(const csvread_row *row, const char *spec)
{
	if (spec == NULL)
		return -1;
	for (size_t i = 0; i < row->nfields; i++)
		if (mapping_column_match(spec, row->fields[i]))
			return (int)i;
	return -1;
}

/* True if header cell h is a Bromcom assessment head (four parts split by "$"). */
static int bromcom_head(const char *h)
{
	int k = 0;

	for (; *h; h++)
		k += *h == '$';
	return k == 3;
}

/* The season a SIMS term token names ("Aut", "Aut1", "Spring", "Sum2": half terms are their
 * term), or NULL. */
static const char *sims_season(const char *w, size_t n)
{
	static const struct { const char *w; const char *season; } t[] = {
		{ "aut", "autumn" }, { "autumn", "autumn" }, { "spr", "spring" },
		{ "spring", "spring" }, { "sum", "summer" }, { "summer", "summer" },
	};

	if (n > 1 && (w[n - 1] == '1' || w[n - 1] == '2'))
		n--;
	for (size_t i = 0; i < PK_ARRAY_LEN(t); i++)
		if (strlen(t[i].w) == n && strncasecmp(w, t[i].w, n) == 0)
			return t[i].season;
	return NULL;
}

/* Is header h a SIMS marksheet aspect name, a year group and/or a term before a column name
 * and perhaps "Att" or "TA" after it ("Yr6 Sum Maths Att", "Y5 Aut2 Reading TA", "Year 6
 * Writing")? Returns the index of m's <column> its name is (tried with and without the
 * suffix), with *season the term's season or NULL; -1 if it is not one. */
static int sims_aspect_head(const mapping *m, const char *h, const char **season)
{
	const char *p = h, *w;
	char rest[256];
	size_t n, k;
	int prefix = 0;

	*season = NULL;
	while (*p == ' ')
		p++;
	/* a year group: "Yr6", "Y6", "Year6", or the same with a space before the number */
	for (w = p, n = 0; isalpha((unsigned char)w[n]); n++)
		;
	if ((n == 1 && tolower((unsigned char)*w) == 'y') || (n == 2 && strncasecmp(w, "yr", 2) == 0) ||
	    (n == 4 && strncasecmp(w, "year", 4) == 0)) {
		k = n + (w[n] == ' ');
		if (isdigit((unsigned char)w[k]) && (w[k + 1] == ' ' || (isdigit((unsigned char)w[k + 1]) &&
						     w[k + 2] == ' '))) {
			p = w + k + (isdigit((unsigned char)w[k + 1]) ? 2 : 1);
			prefix = 1;
			while (*p == ' ')
				p++;
		}
	}
	for (n = 0; p[n] && p[n] != ' '; n++)
		;
	if (p[n] == ' ' && (*season = sims_season(p, n)) != NULL) {
		p += n;
		prefix = 1;
		while (*p == ' ')
			p++;
	}
	if (!prefix || !*p || strlen(p) >= sizeof(rest))
		return -1;
	copy_str(rest, sizeof(rest), p);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < m->ncolumns; i++)
			if (mapping_column_match(m->columns[i].header, rest))
				return (int)i;
		/* then without a trailing "Att", "TA" or "Attainment" */
		n = strlen(rest);
		while (n && rest[n - 1] == ' ')
			n--;
		for (k = n; k && rest[k - 1] != ' '; k--)
			;
		if (pass || k == 0 || !(strcasecmp(rest + k, "att") == 0 || strcasecmp(rest + k, "ta") == 0 ||
					strcasecmp(rest + k, "attainment") == 0))
			break;
		rest[k - 1] = '\0';
	}
	return -1;
}

/* The term of a value in a column of season (a SIMS aspect header's): term (a term id) moved
 * to that season of its academic year (autumn in the year it starts), in out (size 16).
 * Returns out, or term itself when there is no season or term is not a term id. */
static const char *season_term(const char *term, const char *season, char out[16])
{
	int y;
	char s[8];

	if (season == NULL || !*season || term == NULL || sscanf(term, "%4d-%7s", &y, s) != 2)
		return term;
	if (strcmp(s, "autumn") != 0)
		y--;
	snprintf(out, 16, "%d-%s", y + (strcmp(season, "autumn") != 0), season);
	return out;
}

/* How well row works as m's header: -1 if it lacks the key or a column m cannot do without
 * (long: subject and result; else some value column), else the number of m's columns found. */
static int header_score(const mapping *m, const csvread_row *row)
{
	const char *const opt[] = { m->term_col, m->date_col, m->aspect_col, m->attendance_col,
				    m->exc_type_col, m->exc_start_col, m->exc_days_col,
				    m->exc_reason_col };
	int score = 1, values = 0;

	if (row->nfields < 2 || find_col(row, m->key_col) < 0)
		return -1;
	for (size_t i = 0; i < PK_ARRAY_LEN(opt); i++)
		score += find_col(row, opt[i]) >= 0;
	values = find_col(row, m->attendance_col) >= 0 ||
		 (find_col(row, m->exc_start_col) >= 0 && find_col(row, m->exc_type_col) >= 0 &&
		  find_col(row, m->exc_days_col) >= 0);
	if (m->shape == MAP_LONG) {
		if (m->subject_col) {
			if (find_col(row, m->subject_col) < 0 || find_col(row, m->result_col) < 0)
				return -1;
			return score + 2;
		}
		return values ? score : -1;
	}
	for (size_t i = 0; i < m->ncolumns; i++)
		if (find_col(row, m->columns[i].header) >= 0)
			values++, score++;
	for (size_t i = 0; m->bromcom && i < row->nfields; i++)
		if (bromcom_head(row->fields[i]))
			values++, score++;
	for (size_t i = 0; !m->bromcom && m->ncolumns && i < row->nfields; i++) {
		const char *season;

		if (sims_aspect_head(m, row->fields[i], &season) >= 0)
			values++, score++;
	}
	return values ? score : -1;
}

/* Read the header row: where each column the profile needs is. PK_OK or PK_EINVAL/PK_ENOMEM. */
static int read_header(merge_index *ix, const csvread_row *row, pk_error *err)
{
	const mapping *m = ix->cur;
	const char *path = row->path;
	int nvalues = 0;

	ix->cols = calloc(row->nfields ? row->nfields : 1, sizeof(*ix->cols));
	if (ix->cols == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	ix->ncols = used_fields(row);
	ix->other_header = 0;
	for (size_t i = 0; i < ix->ncols; i++)
		if ((ix->cols[i].header = strdup(row->fields[i])) == NULL)
			return pk_error_set(err, PK_ENOMEM, "out of memory");
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
	ix->col_sur = find_col(row, m->surname_col);
	ix->col_fore = find_col(row, m->forename_col);
	ix->last_named = NULL;
	{
		/* a column the profile reads, twice in the header: which to read cannot be told */
		const struct { const char *spec; int col; } roles[] = {
			{ m->key_col, ix->col_key }, { m->term_col, ix->col_term },
			{ m->date_col, ix->col_date }, { m->subject_col, ix->col_subject },
			{ m->aspect_col, ix->col_aspect }, { m->result_col, ix->col_result },
			{ m->attendance_col, ix->col_att },
		};

		for (size_t r = 0; r < PK_ARRAY_LEN(roles); r++)
			for (size_t i = roles[r].col < 0 ? row->nfields : (size_t)roles[r].col + 1; i < row->nfields; i++)
				if (mapping_column_match(roles[r].spec, row->fields[i]))
					return pk_error_set(err, PK_EINVAL,
							    "'%s' line %lu: fields %d and %zu are both the '%s' column; which "
							    "to read cannot be told", path, row->line, roles[r].col + 1, i + 1,
							    row->fields[roles[r].col]);
	}
	if (ix->col_xtype < 0 || ix->col_xstart < 0 || ix->col_xdays < 0)
		ix->col_xtype = ix->col_xstart = ix->col_xdays = ix->col_xreason = -1;
	if (m->shape == MAP_LONG) {
		ix->need_term = 1;
		return PK_OK;
	}
	for (size_t i = 0; i < m->ncolumns; i++) {
		int c = find_col(row, m->columns[i].header);

		if (c < 0)
			continue;
		/* two headers of one value column ("Maths" and "Mathematics"): only the first was
		 * read, the other's values dropped without a word */
		for (size_t j = (size_t)c + 1; j < row->nfields; j++)
			if (mapping_column_match(m->columns[i].header, row->fields[j]))
				return pk_error_set(err, PK_EINVAL,
						    "'%s' line %lu: fields %d and %zu ('%s' and '%s') are both the "
						    "profile's '%s' column; which to read cannot be told", path,
						    row->line, c + 1, j + 1, row->fields[c], row->fields[j],
						    m->columns[i].header);
		ix->cols[c].kind = COL_VALUE;
		ix->cols[c].subject = mapping_subject(m, m->columns[i].subject, &ix->cols[c].aspect);
		if (m->columns[i].aspect || ix->cols[c].aspect == NULL)
			ix->cols[c].aspect = m->columns[i].aspect ? m->columns[i].aspect : "";
		snprintf(ix->cols[c].term, sizeof(ix->cols[c].term), "%s",
			 m->columns[i].term ? m->columns[i].term : "");
		nvalues++;
	}
	/* SIMS marksheet aspect names ("Yr6 Sum Maths Att"): the profile's column with a year
	 * group or term around it; a term moves the row's term to that season */
	for (size_t i = 0; !m->bromcom && i < ix->ncols; i++) {
		const char *season;
		int j;

		if (ix->cols[i].kind != COL_IGNORE || (int)i == ix->col_key || (int)i == ix->col_att ||
		    (int)i == ix->col_term || (int)i == ix->col_date || (int)i == ix->col_sur ||
		    (int)i == ix->col_fore || (int)i == ix->col_xtype || (int)i == ix->col_xstart ||
		    (int)i == ix->col_xdays || (int)i == ix->col_xreason ||
		    (j = sims_aspect_head(m, row->fields[i], &season)) < 0)
			continue;
		ix->cols[i].kind = COL_VALUE;
		ix->cols[i].subject = mapping_subject(m, m->columns[j].subject, &ix->cols[i].aspect);
		if (m->columns[j].aspect || ix->cols[i].aspect == NULL)
			ix->cols[i].aspect = m->columns[j].aspect ? m->columns[j].aspect : "";
		snprintf(ix->cols[i].term, sizeof(ix->cols[i].term), "%s",
			 m->columns[j].term ? m->columns[j].term : "");
		snprintf(ix->cols[i].season, sizeof(ix->cols[i].season), "%s", season ? season : "");
		nvalues++;
	}
	for (size_t i = 0; m->bromcom && i < row->nfields; i++) {
		char *h, *parts[4], *save = NULL;
		int k = 0, skip = 0;
		const char *aspect, *twhy;

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
		if (!mapping_term_why(m, parts[1], ix->cols[i].term, &twhy) && twhy == NULL &&
		    ix->default_term && strlen(ix->default_term) >= 4 && strlen(parts[1]) < 64) {
			/* a season with no year ("Aut1"): the year of the term given (--term), if that
			 * term is the same season; which year is meant is not guessed otherwise */
			char with[80];

			snprintf(with, sizeof(with), "%s %.4s", parts[1], ix->default_term);
			if (!mapping_term_why(m, with, ix->cols[i].term, &twhy) ||
			    strcmp(ix->cols[i].term, ix->default_term) != 0) {
				ix->cols[i].term[0] = '\0';
				return pk_error_set(err, PK_EINVAL,
						    "'%s' line %lu field %zu: term '%s' in the header names no "
						    "year, and is not the term given (%s)", path, row->line,
						    i + 1, parts[1], ix->default_term);
			}
		} else if (!ix->cols[i].term[0] || twhy)
			return pk_error_set(err, PK_EINVAL,
					    "'%s' line %lu field %zu: term '%s' in the header %s%s%s",
					    path, row->line, i + 1, parts[1], twhy ? "cannot be read: " : "is not recognised",
					    twhy ? twhy : "", twhy ? " (name the term in the profile's <terms>)" : "");
		aspect = parts[0];
		for (size_t t = 0; t < m->ntypes; t++)
			if (strcasecmp(m->types[t].from, parts[0]) == 0) {
				skip = m->types[t].skip;
				aspect = m->types[t].to ? m->types[t].to : parts[0];
			}
		if (skip)
			continue;
		ix->cols[i].kind = COL_VALUE;
		{
			const char *sa = NULL;

			ix->cols[i].subject = mapping_subject(m, parts[3], &sa);
			ix->cols[i].aspect = *aspect || sa == NULL ? aspect : sa;
		}
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
 * text, and *why to mapping_term_why()'s reason or NULL) if there is none or it is not
 * recognised. */
static const char *row_term(merge_index *ix, const csvread_row *row, const char **bad,
			    const char **why)
{
	const char *v = ix->col_term >= 0 ? row_field(row, ix->col_term) : "";

	*bad = v;
	*why = NULL;
	if (*v == '\0')
		return ix->default_term;
	if (strcmp(v, ix->last_term_in) == 0)
		return ix->last_term_out;
	if (!mapping_term_why(ix->cur, v, ix->last_term_out, why)) {
		ix->last_term_in[0] = '\0';
		return NULL;
	}
	copy_str(ix->last_term_in, sizeof(ix->last_term_in), v);
	return ix->last_term_out;
}

_Static_assert(CSVREAD_FIELD_MAX == 65536, "problem_text() names the field cap");

/* Text for a row problem. */
static const char *problem_text(int p)
{
	switch (p) {
	case CSVREAD_BAD_UTF8: return "invalid UTF-8";
	case CSVREAD_NUL: return "a NUL byte";
	case CSVREAD_TOO_MANY: return "too many fields";
	case CSVREAD_LONG_FIELD: return "over 65536 bytes";   /* CSVREAD_FIELD_MAX */
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

/* Canonical days ("2", "0.5", "1,5" as 1.5; more than 0, at most 366, written with up to 2 decimals of which
 * at most one is not a trailing zero, as pep.xsd holds them) into out (size 16). Returns 1, or
 * 0 if v is not such a number. */
static int exclusion_days(const char *v, char *out)
{
	int i = 0, f = 0, nonzero = 0;
	char buf[16];

	while (isdigit((unsigned char)v[i]) && i < 4)
		nonzero |= v[i++] != '0';
	if (i == 0 || i > 3)
		return 0;
	memcpy(buf, v, (size_t)i);
	/* a decimal comma ("1,5", as attendance's "95,2" is read) is the point */
	if (v[i] == '.' || (v[i] == ',' && isdigit((unsigned char)v[i + 1]))) {
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
		if (strchr(buf, '.') && strlen(strchr(buf, '.')) > 2)
			return 0;   /* 0.25: a record counts days in tenths at most (pep.xsd) */
	}
	if (strtod(buf, NULL) > 366.0)
		return 0;       /* a year's days at most (pep.xsd) */
	{
		const char *p = buf;

		while (*p == '0' && isdigit((unsigned char)p[1]))
			p++;
		copy_str(out, 16, p);
	}
	return 1;
}

/* Read the exclusion columns of row into val ("type|days", size 48), *reason (in the row) and
 * start (ISO, size 11; "" when the row has no exclusion). Returns 0, or -1 after rejecting the
 * row. */
static int exclusion(merge_index *ix, const csvread_row *row, const char *key, char *val,
		     const char **reason, char *start)
{
	const char *s = row_field(row, ix->col_xstart);
	const char *t = row_field(row, ix->col_xtype);
	const char *d = row_field(row, ix->col_xdays);
	const char *type;
	char days[16];

	start[0] = '\0';
	if (*s == '\0')
		return 0;
	if (!mapping_date_cell(ix->cur, s, start)) {
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
		reject_row(ix, row->line, key, "exclusion days '%s' is not a number of days (more than 0, at most "
			   "366, with at most one decimal place)", d);
		return -1;
	}
	snprintf(val, 48, "%s|%s", type, days);
	*reason = ix->col_xreason >= 0 ? row_field(row, ix->col_xreason) : "";
	if (strlen(*reason) > MAX_TEXT) {   /* characters, counted only when the bytes could be more */
		size_t chars = 0;

		for (const char *p = *reason; *p; p++)
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		if (chars > MAX_TEXT) {
			reject_row(ix, row->line, key, "the exclusion's reason is longer than the %d "
				   "characters a record holds", MAX_TEXT);
			return -1;
		}
	}
	return 0;
}

/* A quoted cell of row that holds what look like further rows: a line inside it, after a line
 * break, with at least as many delimiters as a row of ncols fields has (a quote opened and not
 * closed where it should be swallows the rows up to the next quote, and the row still has the
 * header's count of fields). Returns the cell's index and sets *lines to the physical lines the
 * row spans, or -1. A cell with line breaks in it (an address, a note) has few delimiters. */
static int rows_in_cell(const csvread_row *row, size_t ncols, char delim, unsigned long *lines)
{
	int hit = -1;

	*lines = 1;
	if (ncols < 3)
		return -1;
	for (size_t i = 0; i < row->nfields; i++) {
		const char *f = row->fields[i], *end = f + row->lens[i];
		size_t nd = 0;
		int inside = 0;   /* past a line break of this cell */

		if (memchr(f, '\n', row->lens[i]) == NULL && memchr(f, '\r', row->lens[i]) == NULL)
			continue;
		for (const char *p = f; p <= end; p++) {
			if (p == end || *p == '\n' || *p == '\r') {
				if (inside && nd + 1 >= ncols && hit < 0)
					hit = (int)i;
				if (p == end)
					break;
				if (*p == '\r' && p + 1 < end && p[1] == '\n')
					p++;   /* CR LF: one line break */
				++*lines;
				inside = 1;
				nd = 0;
			} else {
				nd += *p == delim;
			}
		}
	}
	return hit;
}

/* The first column pepkit uses in row that holds invalid bytes, or -1. */
/* Is row (key: its key cell) the header row again? -2: no (no cell of it is the key
 * column's header); -1: yes, the same header (each cell the same words as the file's header
 * cell, case, blanks and footnote marks aside); else the index of its first cell that differs
 * (the columns are in another order, or other columns). */
static int header_again(const merge_index *ix, const csvread_row *row, const char *key)
{
	const mapping *m = ix->cur;
	size_t n = row->nfields > ix->ncols ? row->nfields : ix->ncols;
	int found = *key && mapping_header_match(m->key_col, key);

	/* the key's header moved: looked for where a UPN is expected (a row with no valid UPN is
	 * rare); any text can be an LA child id, so there only the key's own cell is read */
	for (size_t i = 0; !found && m->key_kind == MAP_KEY_UPN && i < row->nfields; i++)
		found = (int)i != ix->col_key && *row->fields[i] &&
			mapping_column_match(m->key_col, row->fields[i]);
	if (!found)
		return -2;
	for (size_t i = 0; i < n; i++) {
		const char *was = i < ix->ncols && ix->cols[i].header ? ix->cols[i].header : "";
		const char *now = i < row->nfields ? row->fields[i] : "";

		if (*was == '\0' && *now == '\0')
			continue;
		if (*was == '\0' || *now == '\0' ||
		    (!mapping_column_match(was, now) && !mapping_column_match(now, was)))
			return (int)i;
	}
	return -1;
}

static int bad_used_field(const merge_index *ix, const csvread_row *row)
{
	const int used[] = { ix->col_key, ix->col_term, ix->col_date, ix->col_subject,
			     ix->col_aspect, ix->col_result, ix->col_att, ix->col_xtype,
			     ix->col_xstart, ix->col_xdays, ix->col_xreason };

	for (size_t i = 0; i < PK_ARRAY_LEN(used); i++)
		if (used[i] >= 0 && (size_t)used[i] < row->nfields && row->bad[used[i]])
			return used[i];
	for (size_t i = 0; i < ix->ncols && i < row->nfields; i++)
		if (ix->cols[i].kind == COL_VALUE && row->bad[i])
			return (int)i;
	return -1;
}

/* Make field s fit for a record, in place: tabs, line ends and runs of blanks become one space
 * (a quoted line break in a cell, "English\nLanguage", is a wrapped cell, not a second line).
 * Returns 0, or the first character XML cannot carry or a record should not (another C0
 * control, DEL, U+FFFE or U+FFFF) in *cp and 1; the field is then left as it was. */
static int clean_field(char *s, unsigned *cp)
{
	unsigned char *p = (unsigned char *)s, *w;
	int sp = 0, odd = 0;

	for (; *p; p++) {
		if (*p > 0x20 && *p < 0x7f)
			continue;   /* the common case: printable ASCII */
		if (*p == 0x7f || (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')) {
			*cp = *p;
			return 1;
		}
		if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
			*cp = p[2] == 0xbe ? 0xfffe : 0xffff;
			return 1;
		}
		odd |= *p < 0x20 || (*p == ' ' && p[1] == ' ');
	}
	if (!odd)
		return 0;
	for (p = w = (unsigned char *)s; *p; p++) {
		int blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';

		if (blank && sp)
			continue;
		sp = blank;
		*w++ = blank ? ' ' : *p;
	}
	*w = '\0';
	return 0;
}

/* clean_field() over the columns pepkit uses in row: the first one holding a character a record
 * cannot take (its code point in *cp), or -1. */
static int clean_used_fields(const merge_index *ix, const csvread_row *row, unsigned *cp)
{
	const int used[] = { ix->col_key, ix->col_term, ix->col_date, ix->col_subject,
			     ix->col_aspect, ix->col_result, ix->col_att, ix->col_xtype,
			     ix->col_xstart, ix->col_xdays, ix->col_xreason };

	for (size_t i = 0; i < PK_ARRAY_LEN(used); i++)
		if (used[i] >= 0 && (size_t)used[i] < row->nfields && clean_field(row->fields[used[i]], cp))
			return used[i];
	for (size_t i = 0; i < ix->ncols && i < row->nfields; i++)
		if (ix->cols[i].kind == COL_VALUE && clean_field(row->fields[i], cp))
			return (int)i;
	return -1;
}

/* Why the as-of date (YYYY-MM-DD) of a row for term (an id such as 2025-autumn, or "" when the
 * file's columns give the terms) cannot be right, into buf; or NULL. A date after today (a
 * two-digit year read into the future, a typing slip) would win over every later correction;
 * one before the term can start (autumn from 1 August, spring from 1 January, summer from 1
 * April) is last year's data or a month-first date ("12/5/2025" read as 12 May). A date the
 * file's modification time gave is not checked: it is the system's, not a person's. */
static const char *asof_problem(const merge_index *ix, const char *term, const char *date, char *buf,
				size_t n)
{
	static const struct { const char *season, *from; } starts[] = {
		{ "autumn", "-08-01" }, { "spring", "-01-01" }, { "summer", "-04-01" },
	};
	char from[11];

	if (ix->cf->asof_from != NULL && strcmp(ix->cf->asof_from, "modified") == 0 &&
	    strcmp(date, ix->cf->asof) == 0)
		return NULL;
	if (strcmp(date, ix->today) > 0) {
		snprintf(buf, n, "the date %s is in the future", date);
		return buf;
	}
	for (size_t i = 0; term && strlen(term) > 5 && i < PK_ARRAY_LEN(starts); i++) {
		if (strcmp(term + 5, starts[i].season) != 0)
			continue;
		memcpy(from, term, 4);
		memcpy(from + 4, starts[i].from, 7);   /* "-MM-DD" and its NUL */
		if (strcmp(date, from) < 0) {
			snprintf(buf, n, "the date %s is before the %s term (a date written month first?)", date,
				 term);
			return buf;
		}
	}
	return NULL;
}

/* Note what date cell v of line says about the order its file writes dates in: a numeric
 * date "a/b/y" (or with dots) can be read only month first (b > 12), only day first (a > 12),
 * or both ways as two different days. For merge_read_csv(): a file whose dates show the order
 * the profile does not use, and never the one it does, has its two-way dates read wrongly. */
static void note_date_order(merge_index *ix, const char *v, unsigned long line)
{
	mfile *f = ix->cf;
	int a = 0, b = 0, na = 0, nb = 0, mdy = ix->cur->date_format == MAP_MDY;
	char sep;

	while (*v == ' ')
		v++;
	while (na < 3 && isdigit((unsigned char)v[na]))
		a = a * 10 + (v[na++] - '0');
	if (na == 0 || na > 2 || (v[na] != '/' && v[na] != '.'))
		return;
	sep = v[na];
	v += na + 1;
	while (nb < 3 && isdigit((unsigned char)v[nb]))
		b = b * 10 + (v[nb++] - '0');
	if (nb == 0 || nb > 2 || v[nb] != sep || a < 1 || b < 1 || a > 31 || b > 31)
		return;
	if (a > 12 && b > 12)
		return;
	if (a > 12 || b > 12) {
		if ((a > 12) == !mdy)   /* only in the profile's order */
			f->own_seen = 1;
		else if (f->other_line == 0) {
			f->other_line = line;
			copy_str(f->other_text, sizeof(f->other_text), v - na - 1);
		}
	} else if (a != b && f->ambig_line == 0) {
		f->ambig_line = line;
		copy_str(f->ambig_text, sizeof(f->ambig_text), v - na - 1);
	}
}

/* 1 if s (trimmed) is a word a totals row has where a pupil's key would be. */
static int summary_word(const char *s)
{
	static const char *const words[] = { "total", "totals", "grand total", "sum", "average",
					     "mean", "count", "summary", "overall" };

	for (size_t i = 0; i < PK_ARRAY_LEN(words); i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/* 1 if row is a totals row: its key is a summary word ("Total"), or it has no key and one of
 * its cells is one. */
static int summary_row(const csvread_row *row, const char *key)
{
	if (*key)
		return summary_word(key);
	for (size_t i = 0; i < row->nfields; i++)
		if (summary_word(row_field(row, (int)i)))
			return 1;
	return 0;
}

/* One data row of the current file. */
/* h mixed with the n bytes at s, eight at a time (and n, so "ab"+"c" is not "a"+"bc"). padded:
 * s may be read 8 bytes past n (a field of an ASCII row, csvread_row.ascii), so its last word
 * is read whole and masked; else byte by byte. */
static uint64_t mix(uint64_t h, const char *s, size_t n, int padded)
{
	const uint64_t k = 0x9E3779B97F4A7C15u;
	uint64_t w = 0;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	if (padded) {
		memcpy(&w, s, 8);
		w &= n ? ~(uint64_t)0 >> (64 - 8 * n) : 0;
	} else {
		w = 0;
		for (size_t i = 0; i < n; i++)   /* not memcpy: a call for a few bytes */
			w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	}
	h = (h ^ w ^ ((uint64_t)n << 56)) * k;
	return h ^ (h >> 32);
}

/* Has the triple (key, sur, fore) been seen in a row before? A set of 64-bit hashes (open
 * addressing, at most half full), so the rows of a pupil whose names were kept already cost a
 * hash and a probe, whatever order the export lists pupils in. 1 seen, 0 new (now kept), -1 on
 * OOM. */
static int seen_names(merge_index *ix, const csvread_row *row, const char *key, const char *sur,
		      const char *fore)
{
	/* an ASCII row's fields are as csvread split them: their lengths are known */
	int a = row->ascii && ix->col_sur >= 0 && ix->col_fore >= 0;
	uint64_t h = mix(14695981039346656037u, key, a ? row->lens[ix->col_key] : strlen(key), a);

	h = mix(h, sur, a ? row->lens[ix->col_sur] : strlen(sur), a);
	h = mix(h, fore, a ? row->lens[ix->col_fore] : strlen(fore), a) | 1;   /* 0: an empty slot */
	size_t i;

	if (2 * (ix->namedn + 1) > ix->namedcap) {
		size_t cap = ix->namedcap ? 2 * ix->namedcap : 4096;
		uint64_t *t = calloc(cap, sizeof(*t));

		if (t == NULL)
			return -1;
		for (size_t k = 0; k < ix->namedcap; k++)
			if (ix->named[k])
				for (i = ix->named[k] & (cap - 1); ; i = (i + 1) & (cap - 1))
					if (t[i] == 0) {
						t[i] = ix->named[k];
						break;
					}
		free(ix->named);
		ix->named = t;
		ix->namedcap = cap;
	}
	for (i = h & (ix->namedcap - 1); ix->named[i]; i = (i + 1) & (ix->namedcap - 1))
		if (ix->named[i] == h)
			return 1;
	ix->named[i] = h;
	ix->namedn++;
	return 0;
}

/* Keep the names the row gives for the child of key (see mchild.names): exports list a
 * pupil's rows together, so the last child and its first pair are tried first and most rows
 * cost two string compares. Returns 0, or -1 on OOM. */
static int note_names(merge_index *ix, const char *key, const csvread_row *row)
{
	const char *sur = ix->col_sur >= 0 ? row_field(row, ix->col_sur) : "";
	const char *fore = ix->col_fore >= 0 ? row_field(row, ix->col_fore) : "";
	mchild *c = ix->last_named;
	int i;

	if (*sur == '\0' && *fore == '\0')
		return 0;
	switch (seen_names(ix, row, key, sur, fore)) {
	case 1: return 0;
	case -1: return -1;
	}
	if (c == NULL || strcmp(c->key, key) != 0) {
		if ((c = child_get(ix, key, 1)) == NULL)   /* its values are queued: it is made anyway */
			return -1;
		ix->last_named = c;
	}
	for (i = 0; i < c->nnames; i++)
		if (strcmp(c->names[i].sur, sur) == 0 && strcmp(c->names[i].fore, fore) == 0)
			return 0;
	if (i == MAX_NAMES) {
		if (c->many_line == 0) {
			c->many_file = ix->cur_file;
			c->many_line = row->line;
		}
		return 0;
	}
	if ((c->names[i].sur = strdup(sur)) == NULL || (c->names[i].fore = strdup(fore)) == NULL) {
		free(c->names[i].sur);
		c->names[i].sur = NULL;
		return -1;
	}
	c->names[i].file = ix->cur_file;
	c->names[i].line = row->line;
	c->nnames++;
	return 0;
}

static int on_row(void *ctx, const csvread_row *row, pk_error *err)
{
	merge_index *ix = ctx;
	const mapping *m = ix->cur;
	char *key;
	const char *term, *bad, *why, *twhy;
	char date[11] = "", att[16] = "", xval[48] = "", xstart[11] = "";
	const char *xreason = NULL;
	size_t used = used_fields(row);
	unsigned cp = 0;
	char d_why[200];
	int b, upn_ok;

	ix->counts.rows++;
	ix->cf->rows++;
	ix->last_line = row->line;
	if (used == 0) {   /* an empty line, or only delimiters and blanks */
		ix->cf->blank++;
		goto out;
	}
	if (row->problem == CSVREAD_TOO_MANY || row->problem == CSVREAD_TOO_BIG) {
		reject_row(ix, row->problem_line, "", "field %zu: %s", row->problem_field,
			   problem_text(row->problem));
		goto out;
	}
	if (row->nfields < ix->ncols || used > ix->ncols) {
		reject_row(ix, row->line, "", "ragged row: %zu fields, the header has %zu",
			   row->nfields < ix->ncols ? row->nfields : used, ix->ncols);
		goto out;
	}
	if (row->problem != CSVREAD_OK && (b = bad_used_field(ix, row)) >= 0) {   /* flagged ones */
		reject_row(ix, row->line, "", "field %d: %s", b + 1,
			   row->problem == CSVREAD_LONG_FIELD && row->lens[b] == 0
				   ? problem_text(CSVREAD_LONG_FIELD)
			   : strcmp(ix->cf->encoding, "UTF-8") == 0 || strncmp(ix->cf->encoding, "UTF-", 4) != 0
				   ? "invalid UTF-8" : "bytes the file's encoding does not define");
		goto out;
	}
	if (!row->plain) {
		unsigned long lines;
		int c = rows_in_cell(row, ix->ncols, ix->cf->delim, &lines);

		if (c >= 0) {
			reject_row(ix, row->line, "", "field %d: a quoted cell holds what look like rows "
				   "(a quote not closed where it should be?): lines %lu to %lu are not read",
				   c + 1, row->line, row->line + lines - 1);
			goto out;
		}
	}
	/* a name cell over the cap (passed empty and flagged): the right-pupil check cannot be made */
	for (int i = 0, cols[] = { ix->col_sur, ix->col_fore }; i < 2; i++)
		if (cols[i] >= 0 && (size_t)cols[i] < row->nfields && row->bad[cols[i]] &&
		    row->lens[cols[i]] == 0) {
			reject_row(ix, row->line, "", "field %d: %s", cols[i] + 1,
				   problem_text(CSVREAD_LONG_FIELD));
			goto out;
		}
	if (!row->plain && (b = clean_used_fields(ix, row, &cp)) >= 0) {   /* plain: nothing to clean */
		reject_row(ix, row->line, "", "field %d: a control character (U+%04X) a record cannot hold", b + 1, cp);
		goto out;
	}
	key = row_field(row, ix->col_key);
	/* the header again (exports joined, or an MIS report's header on every page), or a
	 * totals row ("Total", "Average" where a pupil's key would be, or in a row with no key):
	 * no pupil's data, so blank rather than rejected. A header whose columns are in another
	 * order (exports of two marksheets joined) would have the rows after it read under the
	 * wrong columns, Maths as Reading: it and they are rejected, until the first header
	 * comes again. */
	upn_ok = m->key_kind == MAP_KEY_UPN && *key && merge_upn_valid(key, NULL);
	if (!upn_ok && (b = header_again(ix, row, key)) != -2) {
		if (b >= 0) {
			const char *was = (size_t)b < ix->ncols && ix->cols[b].header ? ix->cols[b].header : "";

			ix->other_header = row->line;
			reject_row(ix, row->line, "", "field %d: a header row again, with '%s' where the "
				   "header on line %lu has '%s': the rows under it are not read (its columns "
				   "are in another order; export each marksheet to its own file)", b + 1,
				   row_field(row, b), ix->cf->header_line, was);
			goto out;
		}
		ix->other_header = 0;
		ix->cf->blank++;
		goto out;
	}
	if (!upn_ok && summary_row(row, key)) {
		ix->cf->blank++;
		goto out;
	}
	if (ix->other_header) {
		reject_row(ix, row->line, key, "under the header row on line %lu, whose columns are in "
			   "another order than line %lu's: not read", ix->other_header, ix->cf->header_line);
		goto out;
	}
	if (*key == '\0') {
		reject_row(ix, row->line, "", "no key in column '%s'", m->key_col);
		goto out;
	}
	/* a valid UPN is upper case already; any other is upper-cased, then checked again */
	if (m->key_kind == MAP_KEY_UPN && !upn_ok) {
		/* Excel's text prefix ("'X8032..." kept by "CSV (MS-DOS)" and typed by hand) and
		 * spaces typed to group the characters ("X803 2114 2104 7") are not the UPN's */
		char *o = key;

		for (const char *p = key + (*key == '\''); *p; p++)
			if (*p != ' ')
				*o++ = *p;
		*o = '\0';
		for (char *p = key; *p; p++)   /* toupper() in the C locale pepkit runs in */
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		if (!merge_upn_valid(key, &why)) {
			reject_row(ix, row->line, key, "bad upn '%s': %s%s", key, why, sheet_note(key));
			goto out;
		}
	}
	term = row_term(ix, row, &bad, &twhy);
	if (term == NULL && !ix->need_term && *bad == '\0') {
		term = "";
	} else if (term == NULL) {
		if (*bad && twhy)
			reject_row(ix, row->line, key, "field %d: term '%s' %s %s%s", ix->col_term + 1, bad,
				   strncmp(twhy, "ambiguous", 9) == 0 ? "is" : "cannot be read:", twhy,
				   strncmp(twhy, "ambiguous", 9) == 0 ? " (write the season, e.g. Spring 2026 "
				   "or Aut2 2025/26, or name the term in the profile's <terms>)" : "");
		else if (*bad)
			reject_row(ix, row->line, key, "field %d: term '%s' is not recognised", ix->col_term + 1,
				   bad);
		else
			reject_row(ix, row->line, key, "no term: the export gives none for this row, and no "
				   "--term was given (e.g. --term 2025-autumn)");
		goto out;
	}
	memcpy(date, ix->cf->asof, sizeof(date));
	if (ix->col_date >= 0) {
		const char *d = row_field(row, ix->col_date);

		if (*d && strcmp(d, ix->last_date_in) == 0) {
			memcpy(date, ix->last_date_out, sizeof(date));
		} else if (*d && mapping_date_cell(m, d, date)) {
			copy_str(ix->last_date_in, sizeof(ix->last_date_in), d);
			memcpy(ix->last_date_out, date, sizeof(date));
			if (m->date_format != MAP_ISO)
				note_date_order(ix, d, row->line);
		} else if (*d) {
			const char *rest = d;
			int wd = mapping_weekday(&rest);
			char alone[11];

			if (m->date_format != MAP_ISO)
				note_date_order(ix, d, row->line);
			if (wd >= 0 && mapping_date_cell(m, rest, alone))   /* another day's name */
				reject_row(ix, row->line, key, "date '%s': %s is a %s, not a %s: which is "
					   "meant cannot be told", d, alone,
					   weekday_names[((civil_days(atol(alone), (unsigned)atoi(alone + 5),
								      (unsigned)atoi(alone + 8)) % 7) + 10) % 7],
					   weekday_names[wd]);
			else
				reject_row(ix, row->line, key, "date '%s' is not %s%s", d, mapping_date_forms(m),
					   sheet_note(d));
			goto out;
		}
	}
	if (date[0] && (strcmp(date, ix->ok_date) != 0 || strcmp(term, ix->ok_term) != 0)) {
		if ((why = asof_problem(ix, term, date, d_why, sizeof(d_why))) != NULL) {
			reject_row(ix, row->line, key, "%s", why);
			goto out;
		}
		/* exports repeat terms and dates: the same pair passes again */
		if (strlen(term) < sizeof(ix->ok_term)) {
			copy_str(ix->ok_term, sizeof(ix->ok_term), term);
			memcpy(ix->ok_date, date, sizeof(ix->ok_date));
		}
	}
	if (ix->col_att >= 0) {
		const char *v = row_field(row, ix->col_att);

		if (*v && !mapping_no_result(m, v) && scale_looks_fraction(v)) {   /* 0.9 for 90% */
			reject_row(ix, row->line, key, "attendance '%s' is not a per cent figure (it "
				   "looks like a fraction of 1: write 90 or 90%% for 0.9)", v);
			goto out;
		}
		if (*v && !mapping_no_result(m, v) && scale_ambiguous_one(v)) {   /* 100% or 1%? */
			reject_row(ix, row->line, key, "attendance '1' may be 100%% (a fraction of 1, as a "
				   "spreadsheet's percentage cell holds it) or 1%%: write 100 or 1%%");
			goto out;
		}
		if (*v && !mapping_no_result(m, v) &&
		    !scale_check(scale_builtin(SCALE_PERCENT), v, att, sizeof(att), &why)) {
			reject_row(ix, row->line, key, "attendance '%s' is not %s%s", v, why, sheet_note(v));
			goto out;
		}
	}
	if (ix->col_xstart >= 0 && exclusion(ix, row, key, xval, &xreason, xstart) != 0)
		goto out;
	if (m->shape == MAP_LONG && ix->col_subject >= 0 && ix->col_result >= 0) {
		const char *subject = row_field(row, ix->col_subject);
		const char *aspect = ix->col_aspect >= 0 ? row_field(row, ix->col_aspect) : "";
		const char *result = row_field(row, ix->col_result);
		const char *sa = NULL, *rs;

		if (*subject == '\0' && !att[0] && !xstart[0]) {
			reject_row(ix, row->line, key, "no subject");
			goto out;
		}
		if (m != ix->nr_map) {
			ix->nr_map = m;
			ix->nr_digit = 0;
			for (size_t i = 0; i < m->nno_result; i++) {
				const char *w = m->no_result[i];

				while (w && (*w == ' ' || *w == '\t'))
					w++;
				ix->nr_digit |= w && isdigit((unsigned char)*w);
			}
		}
		/* a grade or score starting with a digit is a result, unless a word says otherwise */
		if (*result && (!isdigit((unsigned char)*result) || ix->nr_digit) &&
		    mapping_no_result(m, result)) {
			if (!att[0] && !xstart[0])
				ix->cf->noresult++;
			result = "";
			if (!att[0] && !xstart[0])
				goto out;
		} else if (*result == '\0' && !att[0] && !xstart[0]) {
			reject_row(ix, row->line, key, "no result for '%s'", subject);
			goto out;
		}
		if (*subject && strcmp(subject, ix->last_subj_in) == 0) {   /* exports repeat subjects */
			rs = ix->last_subj_out ? ix->last_subj_out : subject;
			sa = ix->last_subj_aspect;
		} else {
			rs = *subject ? mapping_subject(m, subject, &sa) : subject;
			if (strlen(subject) < sizeof(ix->last_subj_in)) {
				/* a name the profile keeps is cached as NULL: the row's own text */
				copy_str(ix->last_subj_in, sizeof(ix->last_subj_in), subject);
				ix->last_subj_out = rs != subject ? rs : NULL;
				ix->last_subj_aspect = sa;
			} else {
				ix->last_subj_in[0] = '\0';
			}
		}
		if (*aspect == '\0' && sa)
			aspect = sa;
		/* the export's own name is tried against the record first, unless the profile
		 * gives the subject an aspect too ("Reading" as English / Reading) */
		if (*subject && *result && add_value(ix, key, term, rs, aspect, result, date, NULL,
						     row->line, sa && aspect == sa ? NULL : subject) != 0)
			ix->oom = 1;
	} else if (m->shape == MAP_LONG) {
		if (!att[0] && !xstart[0]) {
			reject_row(ix, row->line, key, "no attendance or exclusion");
			goto out;
		}
	} else {
		int any = 0;

		for (size_t i = 0; i < ix->ncols; i++) {
			const char *v;
			char st[16];

			if (ix->cols[i].kind != COL_VALUE)
				continue;
			v = row_field(row, i);
			if (!*v || mapping_no_result(m, v))
				continue;
			any = 1;
			if (add_value(ix, key, ix->cols[i].term[0] ? ix->cols[i].term
						: season_term(term, ix->cols[i].season, st),
				      ix->cols[i].subject, ix->cols[i].aspect, v, date, NULL, row->line,
				      NULL) != 0)
				ix->oom = 1;
		}
		if (!any && !att[0] && !xstart[0])
			ix->cf->noresult++;
	}
	if (att[0] && add_value(ix, key, term, ATTENDANCE, "", att, date, NULL, row->line, NULL) != 0)
		ix->oom = 1;
	if (xstart[0] && add_value(ix, key, term, EXCLUSION, xstart, xval, date, xreason,
				   row->line, NULL) != 0)
		ix->oom = 1;
	if ((ix->col_sur >= 0 || ix->col_fore >= 0) && !ix->oom && note_names(ix, key, row) != 0)
		ix->oom = 1;
out:
	if (ix->oom)
		return pk_error_set(err, PK_ENOMEM, "'%s' line %lu: out of memory", row->path, row->line);
	return PK_OK;
}

/* What sniffing found for one file: the best header row so far. */
struct sniff {
	merge_index *ix;
	char delim;
	const mapping *best;
	char best_delim;
	unsigned long best_line;
	int best_score;
	size_t most;                  /* fields of the widest row seen (any delimiter) */
	char seen[400];               /* that row's cells, quoted, for the error message */
	char seen_delim;
	unsigned long seen_line;
};

/* csvread callback for sniffing: score each of the first HEADER_LINES rows as a header. */
static int sniff_row(void *ctx, const csvread_row *row, pk_error *err)
{
	struct sniff *sn = ctx;
	merge_index *ix = sn->ix;
	size_t n = used_fields(row);

	(void)err;
	if (row->line > HEADER_LINES)
		return CSVREAD_STOP;
	if (n > sn->most) {
		size_t k = 0;

		sn->most = n;
		sn->seen_delim = sn->delim;
		sn->seen_line = row->line;
		sn->seen[0] = '\0';
		for (size_t i = 0; i < n && k + 8 < sizeof(sn->seen); i++) {
			int w = snprintf(sn->seen + k, sizeof(sn->seen) - k, "%s'%.40s'", i ? ", " : "",
					 row->fields[i]);
			if (w < 0 || (size_t)w >= sizeof(sn->seen) - k)
				break;
			k += (size_t)w;
		}
	}
	for (size_t p = 0; p < (ix->map ? 1 : ix->nprofiles); p++) {
		const mapping *m = ix->map ? ix->map : ix->profiles[p];
		int sc = header_score(m, row);

		if (sc < 0)
			continue;
		if (sn->best == NULL || row->line < sn->best_line ||
		    (row->line == sn->best_line && sc > sn->best_score)) {
			sn->best = m;
			sn->best_delim = sn->delim;
			sn->best_line = row->line;
			sn->best_score = sc;
		}
	}
	return PK_OK;
}

/* csvread callback for the main pass: title rows (a date in one is the file's declared date),
 * the header, then data rows. */
static int main_row(void *ctx, const csvread_row *row, pk_error *err)
{
	merge_index *ix = ctx;
	mfile *f = ix->cf;

	if (ix->cols != NULL) {
		int rc;

		ix->row_sur = ix->col_sur >= 0 ? row_field(row, ix->col_sur) : NULL;
		ix->row_fore = ix->col_fore >= 0 ? row_field(row, ix->col_fore) : NULL;
		rc = on_row(ix, row, err);
		ix->row_sur = ix->row_fore = NULL;
		return rc;
	}
	ix->last_line = row->line;   /* a title row or the header: not a row to count if the file fails */
	if (row->line == f->header_line && row->nfields > 0)
		return read_header(ix, row, err);
	if (f->asof_from == NULL) {   /* a title row with one date: the export's date */
		char first[11] = "";
		int dates = 0;

		for (size_t i = 0; i < row->nfields && dates < 2; i++) {
			char tmp[128], *save = NULL, *w[3] = { NULL, NULL, NULL }, d[11];
			int k = 0;

			copy_str(tmp, sizeof(tmp), row->fields[i]);
			for (char *t = strtok_r(tmp, " \t,", &save); t && dates < 2; t = strtok_r(NULL, " \t,", &save)) {
				char three[96];

				w[0] = w[1];
				w[1] = w[2];
				w[2] = t;
				k++;
				if (mapping_date(ix->cur, t, d))
					;
				else if (k >= 3 && (snprintf(three, sizeof(three), "%s %s %s", w[0], w[1], w[2]),
						    mapping_date(ix->cur, three, d)))
					;
				else
					continue;
				if (dates++ == 0)
					memcpy(first, d, sizeof(first));
			}
		}
		/* two dates ("pupils born 01/09/2016 - 31/08/2017") are a range, not the export's date */
		if (dates == 1) {
			memcpy(f->asof, first, sizeof(f->asof));
			snprintf(f->asof_note, sizeof(f->asof_note), "declared in line %lu", row->line);
			f->asof_from = f->asof_note;
		}
	}
	return PK_OK;
}

/* Non-blank physical lines of src after line `after`, counted in its raw bytes (NUL bytes
 * skipped, so UTF-16 counts too). */
static unsigned long lines_after(const csvread_src *src, unsigned long after)
{
	unsigned long line = 1, n = 0;
	int text = 0;

	for (size_t i = 0; i < src->rawlen; i++) {
		char c = src->raw[i];

		if (c == '\0')
			continue;
		if (c == src->eol) {
			n += line > after && text;
			line++;
			text = 0;
		} else if (c != '\r' && c != '\n' && c != ' ' && c != '\t' && c != ',' && c != ';') {
			text = 1;
		}
	}
	return n + (line > after && text);
}

/* Mark every child whose key (a token of 5 to 40 letters, digits and hyphens with a digit) is
 * in the n bytes at s, the text of a file rejected before its rows were read: their school sent
 * it. Each line (ended by eol) naming a key counts as one rejected row of that child. */
static void mark_keys(merge_index *ix, const char *s, size_t n, char eol)
{
	unsigned tokens = 0;
	unsigned long line = 1;
	size_t i = 0;

	for (size_t h = 0; h < ix->cbn; h++)
		for (mchild *c = ix->cb[h]; c; c = c->hnext)
			c->bad_line = 0;
	while (i < n && tokens < MAX_TOKENS) {
		size_t len;
		int digit = 0;
		char tok[48];

		while (i < n && !isalnum((unsigned char)s[i]))
			line += s[i++] == eol;
		len = 0;
		/* NUL bytes inside a token are skipped: UTF-16 text reads as its ASCII letters */
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '\0')) {
			digit |= isdigit((unsigned char)s[i]) != 0;
			if (s[i] != '\0' && len < sizeof(tok) - 1)
				tok[len++] = s[i];
			i++;
		}
		if (len < 5 || len > 40 || !digit)
			continue;
		tok[len] = '\0';
		tokens++;
		{
			mchild *c = child_get(ix, tok, 1);

			if (c == NULL) {
				ix->oom = 1;
				return;
			}
			c->in_bad_file = 1;
			if (c->bad_line != line + 1)   /* one rejected row per line naming the key */
				c->rej_rows++;
			c->bad_line = line + 1;
		}
	}
}

/* Reject the current file as a whole: its reason (from err), the rows never read (counted as
 * rejected), and the children it names. */
static void reject_file(merge_index *ix, const csvread_src *src, int before_rows, pk_error *err)
{
	mfile *f = ix->cf;
	unsigned long lost;

	free(f->reason);
	f->reason = strdup(err->msg[0] ? err->msg : "cannot be read");
	if (f->reason == NULL)
		ix->oom = 1;
	if (before_rows && f->header_line)
		lost = lines_after(src, f->header_line);
	else if (before_rows)
		lost = (lost = csvread_raw_lines(src)) > 0 ? lost - 1 : 0;
	else
		lost = lines_after(src, ix->last_line);
	f->lost = lost;
	ix->counts.rows += lost;
	ix->counts.files_rejected++;
	if (before_rows)
		mark_keys(ix, src->raw ? src->raw : "", src->rawlen, src->eol);
	pk_error_clear(err);
}

/* Find the header row of src (any of the three delimiters, first HEADER_LINES lines) and its
 * profile. Returns PK_OK with f's delimiter, header line and profile set, or PK_EINVAL with err
 * saying what was found, or PK_ENOMEM. */
static int sniff(merge_index *ix, const csvread_src *src, pk_error *err)
{
	static const char delims[] = { ',', ';', '\t' };
	struct sniff sn;
	mfile *f = ix->cf;
	int rc;

	if (src->rawlen >= 4 && (memcmp(src->raw, "PK\x03\x04", 4) == 0 ||
				 memcmp(src->raw, "\xD0\xCF\x11\xE0", 4) == 0))
		return pk_error_set(err, PK_EINVAL, "'%s' is an Excel workbook (.xlsx or .xls), not CSV text: "
				    "open it in Excel and save it as 'CSV UTF-8 (Comma delimited)'", src->path);
	memset(&sn, 0, sizeof(sn));
	sn.ix = ix;
	for (size_t d = 0; d < sizeof(delims); d++) {
		sn.delim = delims[d];
		rc = csvread_parse(src, delims[d], sniff_row, &sn, err);
		if (rc == PK_ENOMEM)
			return rc;
		pk_error_clear(err);
	}
	if (sn.best == NULL) {
		char need[300] = "";
		const mapping *m = ix->map;

		if (m && m->shape == MAP_LONG && m->subject_col && m->result_col)
			snprintf(need, sizeof(need), "; profile '%s' needs '%s', '%s' and '%s'", m->name,
				 m->key_col, m->subject_col, m->result_col);
		else if (m)
			snprintf(need, sizeof(need), "; profile '%s' needs '%s' and a value column",
				 m->name, m->key_col);
		if (sn.most == 0)
			return pk_error_set(err, PK_EINVAL, "'%s': no header row: the file has no text in "
					    "its first %d lines%s", src->path, HEADER_LINES, need);
		return pk_error_set(err, PK_EINVAL, "'%s': no header row in the first %d lines has the "
				    "%s: line %lu has %s (delimiter %s)%s", src->path, HEADER_LINES,
				    ix->map ? "profile's key and required columns"
					    : "key and required columns of any profile",
				    sn.seen_line, sn.seen,
				    sn.seen_delim == '\t' ? "tab" : sn.seen_delim == ';' ? "';'" : "','",
				    need);
	}
	f->map = sn.best;
	f->auto_matched = ix->map == NULL;
	f->delim = sn.best_delim;
	f->header_line = sn.best_line;
	return PK_OK;
}

int merge_read_csv(merge_index *ix, const char *path, pk_error *err)
{
	mfile *files;
	csvread_src src;
	int rc;

	files = realloc(ix->files, (ix->nfiles + 1) * sizeof(*files));
	if (files == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	ix->files = files;
	memset(&files[ix->nfiles], 0, sizeof(*files));
	if ((files[ix->nfiles].path = strdup(path)) == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	ix->cur_file = (unsigned)ix->nfiles++;
	ix->cf = &ix->files[ix->cur_file];
	ix->counts.files++;
	ix->last_term_in[0] = '\0';
	ix->last_date_in[0] = '\0';
	ix->last_subj_in[0] = '\0';
	ix->ok_term[0] = ix->ok_date[0] = '\0';
	ix->last_line = 0;
	ix->cur = ix->map;
	free_cols(ix);
	pk_error_clear(err);
	rc = csvread_open(path, ix->map ? ix->map->encoding : NULL, &src, err);
	if (rc == PK_OK)
		copy_str(ix->cf->encoding, sizeof(ix->cf->encoding), src.encoding);
	if (rc == PK_OK)
		rc = sniff(ix, &src, err);
	if (rc == PK_OK && ix->map == NULL && ix->cf->map->encoding && strncmp(src.encoding, "UTF-", 4) != 0 &&
	    strcasecmp(src.encoding, ix->cf->map->encoding) != 0) {
		/* the matched profile declares another encoding: decode again with it */
		csvread_close(&src);
		rc = csvread_open(path, ix->cf->map->encoding, &src, err);
		if (rc == PK_OK)
			copy_str(ix->cf->encoding, sizeof(ix->cf->encoding), src.encoding);
	}
	if (rc == PK_OK) {
		struct tm tm;

		ix->cur = ix->cf->map;
		if (gmtime_r(&src.mtime, &tm) == NULL || strftime(ix->cf->asof, sizeof(ix->cf->asof), "%Y-%m-%d", &tm) == 0)
			snprintf(ix->cf->asof, sizeof(ix->cf->asof), "1990-01-01");
		rc = csvread_parse(&src, ix->cf->delim, main_row, ix, err);
		if (flush_values(ix) != 0)   /* the values still queued, before anything looks */
			ix->oom = 1;
		if (ix->cf->asof_from == NULL)
			ix->cf->asof_from = "modified";
		/* its dates are written in the other order: its two-way dates were read wrongly */
		if (rc == PK_OK && ix->cf->other_line && ix->cf->ambig_line && !ix->cf->own_seen)
			rc = pk_error_set(err, PK_EINVAL, "'%s': dates are written %s first (line %lu: '%s'), "
					  "so a date such as '%s' (line %lu) cannot be read safely: export "
					  "dates as %s or yyyy-mm-dd, or use a profile with date-format=\"%s\"",
					  path, ix->cur->date_format == MAP_MDY ? "day" : "month",
					  ix->cf->other_line, ix->cf->other_text, ix->cf->ambig_text,
					  ix->cf->ambig_line,
					  ix->cur->date_format == MAP_MDY ? "mm/dd/yyyy" : "dd/mm/yyyy",
					  ix->cur->date_format == MAP_MDY ? "dd/mm/yyyy" : "mm/dd/yyyy");
		/* a file that cannot be read as an export is rejected and the run goes on; a failing
		 * disk (PK_EIO) stops the run before anything is written */
		if (rc != PK_OK && rc != PK_ENOMEM && rc != PK_EIO)
			reject_file(ix, &src, ix->cols == NULL, err), rc = PK_OK;
	} else if (rc != PK_ENOMEM && rc != PK_EIO) {
		reject_file(ix, &src, 1, err);
		rc = PK_OK;
	}
	if (rc == PK_OK && ix->oom)
		rc = pk_error_set(err, PK_ENOMEM, "'%s': out of memory", path);
	csvread_close(&src);
	free_cols(ix);
	ix->cf = NULL;
	return rc;
}

int merge_read_csv_map(merge_index *ix, const char *path, const mapping *m, pk_error *err)
{
	const mapping *keep = ix->map;
	int rc;

	ix->map = m;
	rc = merge_read_csv(ix, path, err);
	ix->map = keep;
	return rc;
}

/* qsort comparison of C strings. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Folders of exports nested deeper than this are refused (a loop of links, or a mistake). */
#define MERGE_MAX_DEPTH 8

/* Read the exports in folder path (depth folders down from the one named): its .csv and .txt
 * files and its subfolders (`pepkit sample --attainment` writes one per MIS, and schools' files
 * are often filed so), in name order; names starting with '.' are skipped. PK_OK or the error
 * of merge_read_csv(), or PK_ENOMEM/PK_ELIMIT with err set. */
static int read_folder(merge_index *ix, const char *path, DIR *d, int depth, pk_error *err)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int rc = PK_OK;

	if (depth > MERGE_MAX_DEPTH) {
		closedir(d);
		return pk_error_set(err, PK_ELIMIT, "'%s': folders of exports nested over %d deep", path,
				    MERGE_MAX_DEPTH);
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		int dir = de->d_type == DT_DIR;
		char **nn;

		if (de->d_name[0] == '.')
			continue;
		if (!dir && de->d_type == DT_UNKNOWN) {
			struct stat st;
			char full[PATH_MAX];

			dir = snprintf(full, sizeof(full), "%s/%s", path, de->d_name) < (int)sizeof(full) &&
			      stat(full, &st) == 0 && S_ISDIR(st.st_mode);
		}
		if (!dir && (l < 5 || (strcasecmp(de->d_name + l - 4, ".csv") != 0 &&
				       strcasecmp(de->d_name + l - 4, ".txt") != 0)))
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
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n && rc == PK_OK; i++) {
		DIR *sub = opendir(names[i]);

		rc = sub ? read_folder(ix, names[i], sub, depth + 1, err) : merge_read_csv(ix, names[i], err);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

int merge_read_path(merge_index *ix, const char *path, pk_error *err)
{
	DIR *d = opendir(path);

	return d == NULL ? merge_read_csv(ix, path, err) : read_folder(ix, path, d, 0, err);
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

/* The indentation (spaces/tabs after the last newline) of the text just before n, or "". */
static void indent_of(xmlNodePtr n, char *out, size_t sz)
{
	const char *t, *nl;

	out[0] = '\0';
	if (n == NULL || n->prev == NULL || n->prev->type != XML_TEXT_NODE || !n->prev->content)
		return;
	t = (const char *)n->prev->content;
	nl = strrchr(t, '\n');
	copy_str(out, sz, nl ? nl + 1 : "");
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

/* The value of n's attribute name (matched as xmlGetProp matches it), or NULL if absent:
 * borrowed from the tree when it is one text node (records have no entities or DTDs), else
 * a copy left in *owned for the caller to xmlFree (*owned is NULL otherwise). Merging looks
 * at every result of a record for every value, so this is the hot path of merge_apply. */
static const char *attr(xmlNodePtr n, const char *name, xmlChar **owned)
{
	*owned = NULL;
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		if (!xmlStrEqual(a->name, (const xmlChar *)name))
			continue;
		if (a->children == NULL)
			return "";
		if (a->children->next == NULL && a->children->type == XML_TEXT_NODE &&
		    a->children->content)
			return (const char *)a->children->content;
		*owned = xmlGetProp(n, (const xmlChar *)name);
		return (const char *)*owned;
	}
	return NULL;
}

/* The term element with @id term under record root, or NULL. */
static xmlNodePtr find_term(xmlNodePtr root, const char *term)
{
	for (xmlNodePtr t = elem(root, "terms") ? elem(root, "terms")->children : NULL; t; t = t->next) {
		xmlChar *owned;
		const char *id;
		int same;

		if (t->type != XML_ELEMENT_NODE || xmlStrcmp(t->name, (const xmlChar *)"term") != 0)
			continue;
		id = attr(t, "id", &owned);
		same = id && strcmp(id, term) == 0;
		xmlFree(owned);
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
		xmlChar *os, *oa = NULL;
		const char *s, *a = NULL;
		int same;

		if (r->type != XML_ELEMENT_NODE)
			continue;
		s = attr(r, "subject", &os);
		same = s && strcasecmp(s, subject) == 0 &&
		       strcasecmp((a = attr(r, "aspect", &oa)) ? a : "", aspect) == 0;
		xmlFree(os);
		xmlFree(oa);
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

/* ---------- what judging reads of a record ----------
 *
 * judge() reads a record through an mrec: the few texts and attributes the merge compares,
 * taken either from a tree (rec_from_doc(), for merge_apply()) or straight from the parser's
 * SAX events without building one (merge_judge_file(): the merge command's first pass, where
 * most records do not change). Both take exactly what the tree functions above would find:
 * the root's first <child> and first <terms>; in the child its first <upn>, <la-child-id>,
 * <key-stage> and <school> (its first <urn> and <name>); every element of <terms> (a term
 * when named "term", with @id); in each its first <attainment> (every element in it a result:
 * @subject, @aspect, @current, @date), first <attendance> (@as-of, its first <percent>) and
 * first <exclusions> (every element an exclusion: @start, @type, @days). An element's text is
 * all the text inside it, as xmlNodeGetContent() gives it, of which the first REC_TEXT bytes
 * are kept (elem_text()'s buffers are smaller). Strings are offsets into str (0: absent).
 */
#define REC_TEXT 255

typedef struct rres { size_t subject, aspect, current, date; } rres;
typedef struct rexcl { size_t start, type, days; } rexcl;
typedef struct rterm {
	int is_term;              /* named "term" (find_term() looks only at those) */
	size_t id;
	int attendance;           /* it has an <attendance> */
	int sessions;             /* ... with session counts (dropped when its percent is replaced) */
	size_t asof, percent;
	size_t start, end;        /* its @start and @end */
	size_t res0, nres, x0, nx;   /* its results in rec->res, exclusions in rec->x */
	int seen_att, seen_xs;    /* SAX: its first <attainment>, <exclusions> were met */
} rterm;

typedef struct mrec {
	pk_buf str;
	size_t upn, laid, ks, urn, sname;
	size_t given, family, preferred;   /* the child's names */
	rterm *t;
	size_t nt, tcap;
	rres *res;
	size_t nres, rcap;
	rexcl *x;
	size_t nx, xcap;
	int oom;
} mrec;

/* Empty rec for a new record (memory kept). */
static void rec_reset(mrec *rec)
{
	buf_reset(&rec->str);
	rec->oom = buf_append(&rec->str, "", 1) != PK_OK;   /* offset 0 is "absent" */
	rec->upn = rec->laid = rec->ks = rec->urn = rec->sname = 0;
	rec->given = rec->family = rec->preferred = 0;
	rec->nt = rec->nres = rec->nx = 0;
}

static void rec_free(mrec *rec)
{
	buf_free(&rec->str);
	free(rec->t);
	free(rec->res);
	free(rec->x);
}

/* The string at offset off of rec ("" stands for absent only where callers say so). */
static const char *rec_str(const mrec *rec, size_t off)
{
	return off ? rec->str.data + off : NULL;
}

/* Keep the n bytes at s as a string of rec; its offset, or 0 on OOM (rec->oom set). */
static size_t rec_keep(mrec *rec, const char *s, size_t n)
{
	size_t off = rec->str.len;

	if (rec->oom || buf_append(&rec->str, s, n) != PK_OK || buf_append(&rec->str, "", 1) != PK_OK) {
		rec->oom = 1;
		return 0;
	}
	return off;
}

/* What elem_text() gives for a text kept at off (0: no such element), into out (size sz). */
static void rec_text(const mrec *rec, size_t off, char *out, size_t sz)
{
	char *s;

	out[0] = '\0';
	if (off == 0)
		return;
	copy_str(out, sz, rec->str.data + off);
	s = trim(out);
	memmove(out, s, strlen(s) + 1);
}

/* A new slot at the end of array *a (count *n, capacity *cap, element size sz), zeroed, or NULL
 * on OOM (rec->oom set). */
static void *rec_grow(mrec *rec, void **a, size_t *n, size_t *cap, size_t sz)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		void *na = realloc(*a, c * sz);

		if (na == NULL) {
			rec->oom = 1;
			return NULL;
		}
		*a = na;
		*cap = c;
	}
	memset((char *)*a + *n * sz, 0, sz);
	return (char *)*a + (*n)++ * sz;
}

/* The first term of rec with @id id, or NULL. */
static const rterm *rec_term(const mrec *rec, const char *id)
{
	for (size_t i = 0; i < rec->nt; i++)
		if (rec->t[i].is_term && rec->t[i].id && strcmp(rec_str(rec, rec->t[i].id), id) == 0)
			return &rec->t[i];
	return NULL;
}

/* find_result() over rec: the first result of t for subject and aspect, or NULL. */
static const rres *rec_result(const mrec *rec, const rterm *t, const char *subject, const char *aspect)
{
	for (size_t i = t->res0; i < t->res0 + t->nres; i++) {
		const rres *r = &rec->res[i];
		const char *a = rec_str(rec, r->aspect);

		if (r->subject && strcasecmp(rec_str(rec, r->subject), subject) == 0 &&
		    strcasecmp(a ? a : "", aspect) == 0)
			return r;
	}
	return NULL;
}

/* find_exclusion() over rec. */
static const rexcl *rec_exclusion(const mrec *rec, const rterm *t, const char *start)
{
	for (size_t i = t->x0; i < t->x0 + t->nx; i++)
		if (rec->x[i].start && strcmp(rec_str(rec, rec->x[i].start), start) == 0)
			return &rec->x[i];
	return NULL;
}

/* The first REC_TEXT bytes of the text inside element n (NULL: none) kept in rec; 0 if n is
 * NULL. */
static size_t dom_text(mrec *rec, xmlNodePtr n)
{
	xmlChar *t;
	size_t off;

	if (n == NULL)
		return 0;
	t = xmlNodeGetContent(n);
	if (t == NULL)
		return rec_keep(rec, "", 0);
	off = rec_keep(rec, (const char *)t, strnlen((const char *)t, REC_TEXT));
	xmlFree(t);
	return off;
}

/* Attribute name of n kept in rec (0: absent). */
static size_t dom_attr(mrec *rec, xmlNodePtr n, const char *name)
{
	xmlChar *owned;
	const char *v = attr(n, name, &owned);
	size_t off = v ? rec_keep(rec, v, strlen(v)) : 0;

	xmlFree(owned);
	return off;
}

/* Fill rec (reset first) from the tree of root. Returns 0, or -1 on OOM. */
static int rec_from_doc(mrec *rec, xmlNodePtr root)
{
	xmlNodePtr ch = elem(root, "child"), school = elem(ch, "school"), terms = elem(root, "terms");

	rec_reset(rec);
	rec->upn = dom_text(rec, elem(ch, "upn"));
	rec->laid = dom_text(rec, elem(ch, "la-child-id"));
	rec->ks = dom_text(rec, elem(ch, "key-stage"));
	rec->urn = dom_text(rec, elem(school, "urn"));
	rec->sname = dom_text(rec, elem(school, "name"));
	rec->given = dom_text(rec, elem(elem(ch, "legal-name"), "given"));
	rec->family = dom_text(rec, elem(elem(ch, "legal-name"), "family"));
	rec->preferred = dom_text(rec, elem(ch, "preferred-name"));
	for (xmlNodePtr t = terms ? terms->children : NULL; t; t = t->next) {
		xmlNodePtr att, xs, at;
		rterm *rt;

		if (t->type != XML_ELEMENT_NODE)
			continue;
		if ((rt = rec_grow(rec, (void **)&rec->t, &rec->nt, &rec->tcap, sizeof(*rec->t))) == NULL)
			return -1;
		rt->is_term = xmlStrcmp(t->name, (const xmlChar *)"term") == 0;
		rt->id = dom_attr(rec, t, "id");
		rt->start = dom_attr(rec, t, "start");
		rt->end = dom_attr(rec, t, "end");
		att = elem(t, "attainment");
		rt->res0 = rec->nres;
		for (xmlNodePtr r = att ? att->children : NULL; r; r = r->next) {
			rres *rr;

			if (r->type != XML_ELEMENT_NODE)
				continue;
			if ((rr = rec_grow(rec, (void **)&rec->res, &rec->nres, &rec->rcap, sizeof(*rec->res))) == NULL)
				return -1;
			rr->subject = dom_attr(rec, r, "subject");
			rr->aspect = dom_attr(rec, r, "aspect");
			rr->current = dom_attr(rec, r, "current");
			rr->date = dom_attr(rec, r, "date");
			rec->t[rec->nt - 1].nres++;
		}
		rt = &rec->t[rec->nt - 1];
		if ((at = elem(t, "attendance")) != NULL) {
			rt->attendance = 1;
			rt->asof = dom_attr(rec, at, "as-of");
			rt->percent = dom_text(rec, elem(at, "percent"));
			rt->sessions = elem(at, "sessions-possible") != NULL ||
				       elem(at, "sessions-attended") != NULL;
		}
		xs = elem(t, "exclusions");
		rt->x0 = rec->nx;
		for (xmlNodePtr x = xs ? xs->children : NULL; x; x = x->next) {
			rexcl *rx;

			if (x->type != XML_ELEMENT_NODE)
				continue;
			if ((rx = rec_grow(rec, (void **)&rec->x, &rec->nx, &rec->xcap, sizeof(*rec->x))) == NULL)
				return -1;
			rx->start = dom_attr(rec, x, "start");
			rx->type = dom_attr(rec, x, "type");
			rx->days = dom_attr(rec, x, "days");
			rec->t[rec->nt - 1].nx++;
		}
	}
	return rec->oom ? -1 : 0;
}

/* SAX state of merge_judge_file() while it fills an mrec. */
struct recsax {
	mrec *rec;
	int depth;
	int seen_child, seen_terms, seen_upn, seen_laid, seen_ks, seen_school, seen_urn, seen_name;
	int in_child, in_terms, in_school;
	int seen_lname, in_lname, seen_given, seen_family, seen_pref;
	long term;                /* index of the open element of <terms>, or -1 */
	int in_att, in_attendance, in_xs, seen_percent;
	int cap_depth;            /* depth of the element whose text is being kept (0: none) */
	size_t *cap_to;           /* where its offset goes */
	size_t cap_len;
	char cap[REC_TEXT];
};

/* The value of attribute name among a SAX2 start tag's attributes kept in rec (0: absent).
 * Outside the fast path libxml2 hands a '&' in an attribute (from &amp; or &#38;) on as "&#38;"
 * for the tree builder to decode; it is decoded here as that builder would. */
static size_t sax_attr(mrec *rec, int n, const xmlChar **attrs, const char *name)
{
	for (int i = 0; i < n; i++) {
		const char *v = (const char *)attrs[i * 5 + 3], *end = (const char *)attrs[i * 5 + 4];
		size_t off, w = 0;
		char *o;

		if (!xmlStrEqual(attrs[i * 5], (const xmlChar *)name))
			continue;
		if (memchr(v, '&', (size_t)(end - v)) == NULL)
			return rec_keep(rec, v, (size_t)(end - v));
		if ((off = rec_keep(rec, v, (size_t)(end - v))) == 0)
			return 0;
		o = rec->str.data + off;
		for (const char *p = v; p < end; p++) {
			o[w++] = *p;
			if (*p == '&' && end - p >= 5 && memcmp(p, "&#38;", 5) == 0)
				p += 4;   /* "&#38;" is one '&' */
		}
		o[w] = '\0';
		return off;
	}
	return 0;
}

/* Start keeping the text of the element just opened (at depth d) for *to. */
static void sax_capture(struct recsax *st, size_t *to)
{
	st->cap_depth = st->depth;
	st->cap_to = to;
	st->cap_len = 0;
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
		      int nb_ns, const xmlChar **ns, int nb_attrs, int nb_defaulted, const xmlChar **attrs)
{
	struct recsax *st = xmlsafe_sax_user(ctx);
	mrec *rec = st->rec;
	const char *name = (const char *)localname;
	int d = ++st->depth;

	(void)prefix;
	(void)uri;
	(void)nb_ns;
	(void)ns;
	(void)nb_defaulted;
	if (rec->oom)
		return;
	if (d == 2) {
		if (!st->seen_child && strcmp(name, "child") == 0)
			st->seen_child = st->in_child = 1;
		else if (!st->seen_terms && strcmp(name, "terms") == 0)
			st->seen_terms = st->in_terms = 1;
	} else if (d == 3 && st->in_child) {
		if (!st->seen_upn && strcmp(name, "upn") == 0)
			st->seen_upn = 1, sax_capture(st, &rec->upn);
		else if (!st->seen_laid && strcmp(name, "la-child-id") == 0)
			st->seen_laid = 1, sax_capture(st, &rec->laid);
		else if (!st->seen_ks && strcmp(name, "key-stage") == 0)
			st->seen_ks = 1, sax_capture(st, &rec->ks);
		else if (!st->seen_school && strcmp(name, "school") == 0)
			st->seen_school = st->in_school = 1;
		else if (!st->seen_lname && strcmp(name, "legal-name") == 0)
			st->seen_lname = st->in_lname = 1;
		else if (!st->seen_pref && strcmp(name, "preferred-name") == 0)
			st->seen_pref = 1, sax_capture(st, &rec->preferred);
	} else if (d == 4 && st->in_lname) {
		if (!st->seen_given && strcmp(name, "given") == 0)
			st->seen_given = 1, sax_capture(st, &rec->given);
		else if (!st->seen_family && strcmp(name, "family") == 0)
			st->seen_family = 1, sax_capture(st, &rec->family);
	} else if (d == 4 && st->in_school) {
		if (!st->seen_urn && strcmp(name, "urn") == 0)
			st->seen_urn = 1, sax_capture(st, &rec->urn);
		else if (!st->seen_name && strcmp(name, "name") == 0)
			st->seen_name = 1, sax_capture(st, &rec->sname);
	} else if (d == 3 && st->in_terms) {
		rterm *t = rec_grow(rec, (void **)&rec->t, &rec->nt, &rec->tcap, sizeof(*rec->t));

		if (t == NULL)
			return;
		t->is_term = strcmp(name, "term") == 0;
		t->id = sax_attr(rec, nb_attrs, attrs, "id");
		t->start = sax_attr(rec, nb_attrs, attrs, "start");
		t->end = sax_attr(rec, nb_attrs, attrs, "end");
		t->res0 = rec->nres;
		t->x0 = rec->nx;
		st->term = (long)(rec->nt - 1);
		st->seen_percent = 0;
	} else if (d == 4 && st->term >= 0) {
		rterm *t = &rec->t[st->term];

		if (!t->seen_att && strcmp(name, "attainment") == 0) {
			t->seen_att = st->in_att = 1;
			t->res0 = rec->nres;
		} else if (!t->attendance && strcmp(name, "attendance") == 0) {
			t->attendance = st->in_attendance = 1;
			t->asof = sax_attr(rec, nb_attrs, attrs, "as-of");
		} else if (!t->seen_xs && strcmp(name, "exclusions") == 0) {
			t->seen_xs = st->in_xs = 1;
			t->x0 = rec->nx;
		}
	} else if (d == 5 && st->in_att) {
		rres *r = rec_grow(rec, (void **)&rec->res, &rec->nres, &rec->rcap, sizeof(*rec->res));

		if (r == NULL)
			return;
		r->subject = sax_attr(rec, nb_attrs, attrs, "subject");
		r->aspect = sax_attr(rec, nb_attrs, attrs, "aspect");
		r->current = sax_attr(rec, nb_attrs, attrs, "current");
		r->date = sax_attr(rec, nb_attrs, attrs, "date");
		rec->t[st->term].nres++;
	} else if (d == 5 && st->in_attendance) {
		if (!st->seen_percent && strcmp(name, "percent") == 0)
			st->seen_percent = 1, sax_capture(st, &rec->t[st->term].percent);
		else if (strcmp(name, "sessions-possible") == 0 || strcmp(name, "sessions-attended") == 0)
			rec->t[st->term].sessions = 1;
	} else if (d == 5 && st->in_xs) {
		rexcl *x = rec_grow(rec, (void **)&rec->x, &rec->nx, &rec->xcap, sizeof(*rec->x));

		if (x == NULL)
			return;
		x->start = sax_attr(rec, nb_attrs, attrs, "start");
		x->type = sax_attr(rec, nb_attrs, attrs, "type");
		x->days = sax_attr(rec, nb_attrs, attrs, "days");
		rec->t[st->term].nx++;
	}
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	struct recsax *st = xmlsafe_sax_user(ctx);
	int d = st->depth--;

	(void)localname;
	(void)prefix;
	(void)uri;
	if (st->cap_depth == d) {
		*st->cap_to = rec_keep(st->rec, st->cap, st->cap_len);
		st->cap_depth = 0;
	}
	if (d == 2)
		st->in_child = st->in_terms = 0;
	else if (d == 3)
		st->in_school = st->in_lname = 0, st->term = -1;
	else if (d == 4)
		st->in_att = st->in_attendance = st->in_xs = 0;
}

static void sax_text(void *ctx, const xmlChar *ch, int len)
{
	struct recsax *st = xmlsafe_sax_user(ctx);
	size_t n = len > 0 ? (size_t)len : 0;

	if (st->cap_depth == 0 || st->cap_len >= sizeof(st->cap))
		return;
	if (n > sizeof(st->cap) - st->cap_len)
		n = sizeof(st->cap) - st->cap_len;
	memcpy(st->cap + st->cap_len, ch, n);
	st->cap_len += n;
}

/* Set e's outcome and reason (printf-style; NULL fmt for none). On OOM the reason is left
 * empty (the outcome still holds). */
static void set_outcome(mentry *e, int outcome, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_outcome(mentry *e, int outcome, const char *fmt, ...)
{
	va_list ap;

	e->outcome = outcome;
	if (!e->reason_fixed)
		free(e->reason);
	e->reason = NULL;
	e->reason_fixed = 0;
	if (fmt == NULL)
		return;
	if (strchr(fmt, '%') == NULL) {   /* a fixed reason, as most are: the constant itself */
		e->reason = (char *)fmt;
		e->reason_fixed = 1;
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&e->reason, fmt, ap) < 0)
		e->reason = NULL;
	va_end(ap);
}

/* True if value v comes from a file that was not rejected. */
static int live(const merge_index *ix, const mval *v)
{
	return ix->files[v->file].reason == NULL;
}

/* Lowercase "key|term|subject|aspect|value" of e with value v into out (size sz). */
static void journal_key(const char *key, const char *term, const char *subject,
			const char *aspect, const char *value, char *out, size_t sz)
{
	snprintf(out, sz, "%s|%s|%s|%s|%s", key, term, subject, aspect, value);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

/* True if the journal of an interrupted run lists e's value. */
static int in_journal(const merge_index *ix, const mentry *e, const char *subject)
{
	char k[512];
	const char *p = k;

	if (ix->njournal == 0)
		return 0;
	journal_key(e->k, e->term, subject, e->aspect, e->j->norm, k, sizeof(k));
	return bsearch(&p, ix->journal, ix->njournal, sizeof(*ix->journal), cmp_str) != NULL;
}

/* True if w is a word that only qualifies a subject name ("Language" in "English Language"),
 * so the record's "English" is the same subject. "Reading age" is not "Reading". */
static int qualifier(const char *w)
{
	static const char *const words[] = { "language", "lang", "lang.", "(language)" };

	for (size_t i = 0; i < PK_ARRAY_LEN(words); i++)
		if (mapping_header_match(words[i], w))
			return 1;
	return 0;
}

/* True if the n bytes at w are a word that qualifies the subject after it ("Combined" in
 * "Combined Science"). */
static int prefix_qualifier(const char *w, size_t n)
{
	return (n == 8 && strncasecmp(w, "combined", 8) == 0) ||
	       (n == 10 && strncasecmp(w, "(combined)", 10) == 0);
}

/* The subject name the child's record already uses for subject (any term): the same name
 * without case and spaces, or (unless exact) a record subject the export's name qualifies
 * ("English" for "English Language", "Science" for "Combined Science"); else subject itself
 * (unless exact). Written to out (size sz). Returns 1 if the record has such a subject. */
static int record_subject(const mrec *rec, const char *subject, int exact, char *out, size_t sz)
{
	size_t best = 0;

	if (!exact)
		copy_str(out, sz, subject);
	{
		for (size_t i = 0; i < rec->nres; i++) {
			const char *s = rec_str(rec, rec->res[i].subject);
			size_t n;

			if (s == NULL)
				continue;
			n = strlen(s);
			if (mapping_header_match(s, subject)) {
				copy_str(out, sz, s);
				return 1;
			}
			if (!exact && n > best && n < strlen(subject) && subject[n] == ' ' &&
			    strncasecmp(s, subject, n) == 0 && qualifier(subject + n + 1)) {
				best = n;
				copy_str(out, sz, s);
			} else if (!exact && n > best && strlen(subject) > n + 1 &&
				   strcasecmp(subject + strlen(subject) - n, s) == 0 &&
				   subject[strlen(subject) - n - 1] == ' ' &&
				   prefix_qualifier(subject, strlen(subject) - n - 1)) {
				best = n;
				copy_str(out, sz, s);
			}
		}
	}
	return best > 0;
}

/* record_subject() answers for one record, kept while its values are judged (a child's values
 * name the same few subjects once per term). */
#define SUBJECT_MEMO 16
struct subject_memo {
	size_t n;
	struct {
		const char *subject;   /* borrowed from the entry (lives as long as the index) */
		int exact, found;
		char out[128];
	} m[SUBJECT_MEMO];
};

/* record_subject() through memo (NULL: none). */
static int record_subject_memo(struct subject_memo *memo, const mrec *rec, const char *subject,
			       int exact, char *out, size_t sz)
{
	int found;

	for (size_t i = 0; memo && i < memo->n; i++)
		if (memo->m[i].exact == exact && strcmp(memo->m[i].subject, subject) == 0) {
			if (memo->m[i].found || !exact)
				copy_str(out, sz, memo->m[i].out);
			return memo->m[i].found;
		}
	found = record_subject(rec, subject, exact, out, sz);
	if (memo && memo->n < SUBJECT_MEMO && strlen(out) < sizeof(memo->m[0].out)) {
		/* out was written unless an exact name was not found */
		memo->m[memo->n].subject = subject;
		memo->m[memo->n].exact = exact;
		memo->m[memo->n].found = found;
		snprintf(memo->m[memo->n].out, sizeof(memo->m[0].out), "%s",
			 found || !exact ? out : "");
		memo->n++;
	}
	return found;
}

/* Compare the winning value with the record's value have (canonical), dated hdate (NULL: no
 * date), and set e's outcome: merged (none, or an older one), duplicate, superseded (the
 * record's is newer) or conflict. */
static void against_record(const merge_index *ix, mentry *e, const char *have, const char *hdate,
			   const char *subject)
{
	if (have == NULL || *have == '\0')
		set_outcome(e, MERGE_MERGED, NULL);
	else if (strcasecmp(have, e->j->norm) == 0) {
		if (in_journal(ix, e, subject)) {
			e->journaled = 1;
			set_outcome(e, MERGE_MERGED, "written by an earlier run that was interrupted (its journal)");
		} else {
			set_outcome(e, MERGE_DUPLICATE, "already in the record");
		}
	} else if (hdate && *hdate && strcmp(hdate, e->win->date) < 0)
		set_outcome(e, MERGE_MERGED, "replaces the record's older '%s' (%s)", have, hdate);
	else if (hdate && *hdate && strcmp(hdate, e->win->date) > 0)
		set_outcome(e, MERGE_SUPERSEDED, "the record has a newer '%s' (%s)", have, hdate);
	else
		set_outcome(e, MERGE_CONFLICT, "the record has '%s'%s", have,
			    hdate && *hdate ? " of the same date" : "");
}

/* The canonical spelling of value v on scale sc (mapped by its own file's profile: "Greater
 * depth" is GDS, "5-" is 5, "110.0" is 110) into out (size 64). 1, or 0 if it is none. */
static int value_on_scale(const merge_index *ix, const scale *sc, const mval *v, char out[64])
{
	char graded[SCALE_CODE_MAX + 2];   /* a value cut to fit is still too long for a code */

	mapping_grade(ix->files[v->file].map, sc->kind, v->value, graded, sizeof(graded));
	return scale_check(sc, graded, out, 64, NULL);
}

/* 1 if values a and b are the same result: the same spelling (same_value), or, on scale sc (not
 * NULL), the same canonical spelling ("GDS" in one export, "Greater depth" in another). */
static int same_meaning(const merge_index *ix, const scale *sc, const mval *a, const mval *b)
{
	char na[64], nb[64];

	if (same_value(a->value, b->value))
		return 1;
	return sc != NULL && value_on_scale(ix, sc, a, na) && value_on_scale(ix, sc, b, nb) &&
	       strcmp(na, nb) == 0;
}

/* 1 if every live value of e as of e->win's date reads as e->win does on scale sc: the exports
 * spell one result two ways, which is no conflict. */
static int agree_on_scale(const merge_index *ix, const mentry *e, const scale *sc)
{
	for (const mval *v = &e->first; v; v = v == &e->first ? e->alts : v->next)
		if (live(ix, v) && v != e->win && strcmp(v->date, e->win->date) == 0 &&
		    !same_meaning(ix, sc, v, e->win))
			return 0;
	return 1;
}

/* Set j->rsubject to a copy of s (in j->rsub when it fits, else in ix's judged arena). Returns
 * 0, or -1 when out of memory. */
static int set_rsubject(merge_index *ix, mjudged *j, const char *s)
{
	size_t n = strlen(s);
	char *to = n < sizeof(j->rsub) ? j->rsub : arena_alloc(&ix->judged, n + 1);

	if (to == NULL)
		return -1;
	memcpy(to, s, n + 1);
	j->rsubject = to;
	return 0;
}

/* Characters of UTF-8 text s. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

#define MAX_SHORT 200   /* pep.xsd: characters of a shortString (a result's subject, aspect, source) */

/* Decide e's outcome against the record (no changes). Sets e->win, e->outcome, e->reason,
 * e->j (allocated here). Returns 1 if a value of e is in a rejected file, else 0; -1 when out of
 * memory (nothing decided). */
static int judge(merge_index *ix, mentry *e, const mrec *rec, const char *ks,
		 struct subject_memo *memo)
{
	const rterm *term;
	const scale *sc;
	const char *why;
	const mapping *m;
	int conflict = 0, bad = 0;
	char graded[SCALE_CODE_MAX + 2];   /* a value cut to fit is still too long for a code */

	e->win = NULL;
	e->journaled = 0;
	for (mval *v = &e->first; v; v = v == &e->first ? e->alts : v->next) {
		if (!live(ix, v)) {
			bad = 1;
			continue;
		}
		if (e->win == NULL || strcmp(v->date, e->win->date) > 0)
			e->win = v;
	}
	for (mval *v = &e->first; v && e->win; v = v == &e->first ? e->alts : v->next)
		if (live(ix, v) && v != e->win && strcmp(v->date, e->win->date) == 0 &&
		    !same_value(v->value, e->win->value))
			conflict = 1;
	if (e->j == NULL && (e->j = arena_alloc(&ix->judged, sizeof(*e->j))) == NULL)
		return -1;
	if (e->win == NULL) {
		set_outcome(e, MERGE_REJECTED, NULL);
		if (set_rsubject(ix, e->j, e->subject) != 0)
			return -1;
		return bad;
	}
	if (*e->subject != '\001' && (strlen(e->subject) > MAX_SHORT || strlen(e->aspect) > MAX_SHORT) &&
	    (utf8_chars(e->subject) > MAX_SHORT || utf8_chars(e->aspect) > MAX_SHORT)) {
		/* a record could not hold it (and messages would not either) */
		if (set_rsubject(ix, e->j, "") != 0)
			return -1;
		set_outcome(e, MERGE_REJECTED, "the %s is longer than the %d characters a record holds",
			    utf8_chars(e->subject) > MAX_SHORT ? "subject" : "aspect", MAX_SHORT);
		return bad;
	}
	if (set_rsubject(ix, e->j, e->subject) != 0)
		return -1;
	e->j->sc = NULL;
	term = rec_term(rec, e->term);
	/* values spelled two ways are compared on their scale below (attendance, results) */
	if (conflict && (term == NULL || strcmp(e->subject, EXCLUSION) == 0)) {
		set_outcome(e, MERGE_CONFLICT, NULL);
		return bad;
	}
	m = ix->files[e->win->file].map;
	if (term == NULL) {
		set_outcome(e, MERGE_REJECTED, "term %s is not in the record (terms are never added)",
			    e->term);
		return bad;
	}
	if (strcmp(e->subject, EXCLUSION) == 0) {
		const rexcl *x = rec_exclusion(rec, term, e->aspect);
		const char *type, *days;
		char dn[16] = "", have[64];

		copy_str(e->j->norm, sizeof(e->j->norm), e->win->value);
		{   /* an exclusion belongs to the term it starts in (the record would be invalid) */
			const char *ts = rec_str(rec, term->start), *te = rec_str(rec, term->end);

			if (ts && te && strlen(ts) == 10 && strlen(te) == 10 &&
			    (strcmp(e->aspect, ts) < 0 || strcmp(e->aspect, te) > 0)) {
				set_outcome(e, MERGE_REJECTED, "the exclusion starting %s is outside term %s "
					    "(%s to %s)", e->aspect, e->term, ts, te);
				return bad;
			}
		}
		if (x == NULL) {
			set_outcome(e, MERGE_MERGED, NULL);
			return bad;
		}
		type = rec_str(rec, x->type);
		days = rec_str(rec, x->days);
		if (days == NULL || !exclusion_days(days, dn))
			copy_str(dn, sizeof(dn), days ? days : "");
		snprintf(have, sizeof(have), "%s|%s", type ? type : "", dn);
		if (strcmp(have, e->j->norm) == 0)
			against_record(ix, e, have, NULL, "exclusion");
		else
			set_outcome(e, MERGE_CONFLICT, "the record has a %s of %s days starting %s",
				    type ? type : "?", days ? days : "?", e->aspect);
		return bad;
	}
	if (strcmp(e->subject, ATTENDANCE) == 0) {
		char have[64], hn[64];
		const char *asof = term->attendance ? rec_str(rec, term->asof) : NULL;

		sc = scale_builtin(SCALE_PERCENT);
		if (conflict && !agree_on_scale(ix, e, sc)) {
			set_outcome(e, MERGE_CONFLICT, NULL);
			return bad;
		}
		e->j->sc = sc;
		if (!scale_check(sc, e->win->value, e->j->norm, sizeof(e->j->norm), &why)) {
			set_outcome(e, MERGE_REJECTED, "attendance '%s' is not %s%s", e->win->value, why,
				    sheet_note(e->win->value));
			return bad;
		}
		rec_text(rec, term->attendance ? term->percent : 0, have, sizeof(have));
		if (*have && scale_check(sc, have, hn, sizeof(hn), NULL))
			copy_str(have, sizeof(have), hn);
		against_record(ix, e, have, asof, "attendance");
		if (e->outcome == MERGE_MERGED && *have && term->sessions && e->reason != NULL &&
		    strncmp(e->reason, "replaces", 8) == 0)   /* they counted the older percent */
			set_outcome(e, MERGE_MERGED, "replaces the record's older '%s' (%s) and drops its "
				    "session counts, which were as of that date", have, asof ? asof : "");
		return bad;
	}
	{
		char rs[4 * MAX_SHORT + 8];   /* e->subject fits (checked above), and REC_TEXT */

		if (!e->orig || !record_subject_memo(memo, rec, e->orig, 1, rs, sizeof(rs)))
			record_subject_memo(memo, rec, e->subject, 0, rs, sizeof(rs));
		if (set_rsubject(ix, e->j, rs) != 0)
			return -1;
	}
	sc = mapping_scale(m, ks, e->j->rsubject, e->aspect);
	if (sc == NULL)
		sc = mapping_scale(m, ks, e->subject, e->aspect);
	if (conflict && (sc == NULL || !agree_on_scale(ix, e, sc))) {
		set_outcome(e, MERGE_CONFLICT, NULL);
		return bad;
	}
	e->j->sc = sc;
	if (sc == NULL) {
		set_outcome(e, MERGE_REJECTED, "no grade scale in the profile for %s%s%s at %s",
			    e->j->rsubject, *e->aspect ? " " : "", e->aspect, *ks ? ks : "an unknown key stage");
		return bad;
	}
	mapping_grade(m, sc->kind, e->win->value, graded, sizeof(graded));
	if (!scale_check(sc, graded, e->j->norm, sizeof(e->j->norm), &why)) {
		set_outcome(e, MERGE_REJECTED, "'%s' is not on the %s scale used at %s (%s)%s",
			    e->win->value, sc->kind == SCALE_CUSTOM ? sc->name : scale_kind_name(sc->kind),
			    ks, why, sheet_note(e->win->value));
		return bad;
	}
	e->scale_name = scale_kind_name(sc->kind);
	e->custom_name = sc->kind == SCALE_CUSTOM ? sc->name : NULL;
	{
		const rres *r = rec_result(rec, term, e->j->rsubject, e->aspect);

		against_record(ix, e, r ? rec_str(rec, r->current) : NULL, r ? rec_str(rec, r->date) : NULL,
			       e->j->rsubject);
	}
	return bad;
}

/* Write exclusion entry e (outcome MERGED) into term, creating <exclusions> after any
 * <attendance>. Returns 0 or -1 on OOM. */
static int write_exclusion(const mentry *e, xmlNodePtr term)
{
	xmlNodePtr xs = elem(term, "exclusions"), x, reason;
	char type[64], *bar;
	const char *why = e->win->extra && *e->win->extra ? e->win->extra
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
	copy_str(type, sizeof(type), e->j->norm);
	bar = strchr(type, '|');
	if (bar == NULL)
		return -1;
	*bar = '\0';
	x = xmlNewNode(NULL, (const xmlChar *)"exclusion");
	if (x == NULL)
		return -1;
	xmlNewProp(x, (const xmlChar *)"type", (const xmlChar *)type);
	xmlNewProp(x, (const xmlChar *)"start", (const xmlChar *)e->aspect);
	xmlNewProp(x, (const xmlChar *)"days", (const xmlChar *)strchr(e->j->norm, '|') + 1);
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
	char src[512];   /* a file name (at most 255 bytes) and ":line" */

	if (term == NULL)
		return -1;   /* judged present, so only out of memory (find_term's xmlGetProp) */
	if ((size_t)snprintf(src, sizeof(src), "%s:%lu", base_name(ix->files[e->win->file].path),
			     e->win->line) > MAX_SHORT && utf8_chars(src) > MAX_SHORT) {
		/* file:line, the file's name cut (at a character) to fit the 200 characters */
		const char *bn = base_name(ix->files[e->win->file].path);
		char line[24];
		size_t room, k = 0, chars = 0;

		snprintf(line, sizeof(line), ":%lu", e->win->line);
		room = MAX_SHORT - strlen(line);
		while (bn[k] && k < sizeof(src) - sizeof(line)) {
			size_t l = 1;

			while ((((unsigned char)bn[k + l]) & 0xC0) == 0x80)
				l++;
			if (chars + 1 > room || k + l >= sizeof(src) - sizeof(line))
				break;
			k += l;
			chars++;
		}
		snprintf(src, sizeof(src), "%.*s%s", (int)k, bn, line);
	}
	if (e->journaled)
		return 0;
	if (strcmp(e->subject, EXCLUSION) == 0)
		return write_exclusion(e, term);
	if (strcmp(e->subject, ATTENDANCE) == 0) {
		xmlNodePtr pc;

		att = elem(term, "attendance");
		if (att != NULL && (pc = elem(att, "percent")) != NULL) {   /* an older value */
			xmlChar *esc = xmlEncodeSpecialChars(att->doc, (const xmlChar *)e->j->norm);

			if (esc == NULL)
				return -1;
			xmlNodeSetContent(pc, esc);
			xmlFree(esc);
			/* the counts were the older percent's: kept, they would contradict the new one */
			for (xmlNodePtr c = att->children, next; c; c = next) {
				next = c->next;
				if (c->type == XML_ELEMENT_NODE &&
				    (xmlStrEqual(c->name, (const xmlChar *)"sessions-possible") ||
				     xmlStrEqual(c->name, (const xmlChar *)"sessions-attended"))) {
					xmlUnlinkNode(c);
					xmlFreeNode(c);
				}
			}
			return xmlSetProp(att, (const xmlChar *)"as-of", (const xmlChar *)e->win->date)
				       ? 0 : -1;
		}
		att = xmlNewNode(NULL, (const xmlChar *)"attendance");
		if (att == NULL || xmlNewProp(att, (const xmlChar *)"as-of",
					      (const xmlChar *)e->win->date) == NULL ||
		    xmlNewTextChild(att, NULL, (const xmlChar *)"percent",
				    (const xmlChar *)e->j->norm) == NULL) {
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
	r = find_result(term, e->j->rsubject, e->aspect);
	if (r == NULL) {
		r = xmlNewNode(NULL, (const xmlChar *)"result");
		if (r == NULL)
			return -1;
		xmlNewProp(r, (const xmlChar *)"subject", (const xmlChar *)e->j->rsubject);
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
	xmlSetProp(r, (const xmlChar *)"current", (const xmlChar *)e->j->norm);
	if (e->win->date[0])
		xmlSetProp(r, (const xmlChar *)"date", (const xmlChar *)e->win->date);
	xmlSetProp(r, (const xmlChar *)"source", (const xmlChar *)src);
	return 0;
}

/* Remember record name (its keys and school) for merge_child_summary(). Caller holds the lock.
 * Returns 0 or -1 on OOM. */
static int note_record(merge_index *ix, const char *name, const mrec *rec)
{
	unsigned h = hash_bytes(name, strlen(name)) % PK_ARRAY_LEN(ix->records);
	mrecord *r;

	for (r = ix->records[h]; r; r = r->next)
		if (strcmp(r->name, name) == 0)
			break;
	if (r == NULL) {
		r = calloc(1, sizeof(*r));
		if (r == NULL || (r->name = strdup(name)) == NULL) {
			free(r);
			return -1;
		}
		r->next = ix->records[h];
		ix->records[h] = r;
	}
	rec_text(rec, rec->upn, r->upn, sizeof(r->upn));
	for (char *p = r->upn; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	rec_text(rec, rec->laid, r->laid, sizeof(r->laid));
	rec_text(rec, rec->urn, r->school, sizeof(r->school));
	if (!r->school[0])
		rec_text(rec, rec->sname, r->school, sizeof(r->school));
	return 0;
}

/* Record name claims the export rows of child c: the first record to do so keeps them; a second,
 * different one marks the key as in two records (shared_with), and then neither gets them. */
/* 1 if the paths a and b name the same file as written ("cohort//x.xml" is "cohort/x.xml"). */
static int same_path(const char *a, const char *b)
{
	for (;;) {
		if (*a == '/' && *b == '/') {
			while (a[1] == '/')
				a++;
			while (b[1] == '/')
				b++;
		}
		if (*a != *b)
			return 0;
		if (*a == '\0')
			return 1;
		a++;
		b++;
	}
}

static void claim(mchild *c, const char *name)
{
	if (c->record[0] == '\0')
		copy_str(c->record, sizeof(c->record), name);
	else if (!same_path(c->record, name) && c->shared_with[0] == '\0')
		copy_str(c->shared_with, sizeof(c->shared_with), name);
}

/* Every row of c's key is rejected: two records have the key (what): which child the rows are
 * for cannot be told, and writing them into both would put one child's results in another's
 * record. */
static void reject_shared(mchild *c, const char *what)
{
	for (mentry *e = c->head; e; e = e->cnext) {
		e->win = NULL;
		for (mval *v = &e->first; v; v = v == &e->first ? e->alts : v->next)
			if (e->win == NULL || strcmp(v->date, e->win->date) > 0)
				e->win = v;
		set_outcome(e, MERGE_REJECTED, "the %s %s is in two records, '%s' and '%s': which child this "
			    "row is for cannot be told", what, c->key, base_name(c->record),
			    base_name(c->shared_with));
	}
}

/* 1 if a word of the name as the row gives it (row) is a word of one of the record's names
 * (compared by import_name_key: case, accents, titles); also when the row's text lost letters
 * to its encoding ('?', U+FFFD), which cannot be compared. */
static int name_agrees(const char *row, const char *const *names, int n)
{
	char a[256], b[2][256];
	char *save = NULL;

	if (strchr(row, '?') || strstr(row, "\xEF\xBF\xBD"))
		return 1;
	for (int i = 0; i < n && i < 2; i++)   /* the record's names, keyed once */
		if (names[i] == NULL)
			b[i][0] = '\0';
		else
			import_name_key(names[i], b[i], sizeof(b[i]));
	import_name_key(row, a, sizeof(a));
	for (char *w = strtok_r(a, " ", &save); w; w = strtok_r(NULL, " ", &save))
		for (int i = 0; i < n && i < 2; i++)
			if (import_key_has_word(w, b[i]))
				return 1;
	return 0;
}

/* A name as an export wrote it, but read in the wrong code page: UTF-8 bytes read as
 * Windows-1252 ("WiÅ›niewski" for "Wiśniewski", an export without a BOM whose bytes were not
 * all UTF-8). The text turned back into those bytes, in out, when they are UTF-8: 1; else 0. */
static int unmojibake(const char *s, char *out, size_t size)
{
	iconv_t cd;
	char *in = (char *)s, *o = out;
	size_t il = strlen(s), ol = size - 1;
	int ok;

	if (il == 0 || size < 2 || (cd = iconv_open("WINDOWS-1252", "UTF-8")) == (iconv_t)-1)
		return 0;
	ok = iconv(cd, &in, &il, &o, &ol) != (size_t)-1 && il == 0;
	iconv_close(cd);
	*o = '\0';
	return ok && strcmp(out, s) != 0 && csvread_utf8_valid(out, strlen(out), NULL);
}

/* 1 if the ASCII letters of w (lower case, n >= 2 of them) appear in order in key and are at
 * least half of it: a word whose other letters were lost or garbled by a code page ("Å\u0081ukasz"
 * for "Łukasz" keeps "ukasz"). */
static int skeleton_in(const char *w, size_t wl, const char *key)
{
	size_t n = 0, kl = strlen(key), k = 0;

	for (size_t i = 0; i < wl; i++) {
		char ch = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] - 'A' + 'a') : w[i];

		if (ch < 'a' || ch > 'z')
			continue;
		while (k < kl && key[k] != ch)
			k++;
		if (k == kl)
			return 0;
		k++;
		n++;
	}
	return n >= 2 && 2 * n >= kl;
}

/* name_agrees(), also for the name turned back from a wrong code page (unmojibake()), and for
 * a word with letters outside ASCII by its ASCII letters alone (skeleton_in()): an export read
 * in the wrong code page is not another pupil. */
static int name_agrees_any(const char *row, const char *const *names, int n)
{
	char fixed[256], b[256];

	if (name_agrees(row, names, n) || (unmojibake(row, fixed, sizeof(fixed)) && name_agrees(fixed, names, n)))
		return 1;
	for (const char *w = row; *w;) {
		size_t wl = strcspn(w, " -\t"), ascii = 1;

		for (size_t i = 0; i < wl; i++)
			ascii &= (unsigned char)w[i] < 0x80;
		for (int i = 0; !ascii && i < n; i++) {
			char *save = NULL;

			if (names[i] == NULL || *names[i] == '\0')
				continue;
			import_name_key(names[i], b, sizeof(b));
			for (char *v = strtok_r(b, " ", &save); v; v = strtok_r(NULL, " ", &save))
				if (skeleton_in(w, wl, v))
					return 1;
		}
		w += wl;
		w += strspn(w, " -\t");
	}
	return 0;
}

/*
 * Do the names c's rows give belong to the record's child (rec)? A pair agrees when its
 * surname agrees with the record's family name or its forename with the given or preferred
 * name (one of the two may differ: a new surname, a shortened name), when both are the record's
 * the other way round (surname the given name, forename the family name), or when it gives
 * neither.
 * Returns -1 when every pair agrees, else the index of the first that does not (MAX_NAMES:
 * more distinct pairs than are kept, itself a sign of rows from several pupils).
 */
static int names_disagree(const mchild *c, const mrec *rec)
{
	const char *f = rec_str(rec, rec->family), *g = rec_str(rec, rec->given);
	const char *p = rec_str(rec, rec->preferred);
	const char *fam[1] = { f ? f : "" }, *giv[2] = { g ? g : "", p ? p : "" };

	if (!*fam[0] && !*giv[0] && !*giv[1])
		return -1;   /* a record without names: nothing to compare */
	for (int i = 0; i < c->nnames; i++) {
		const char *sur = c->names[i].sur, *fore = c->names[i].fore;

		if (*sur && name_agrees_any(sur, fam, 1))
			continue;
		if (*fore && name_agrees_any(fore, giv, 2))
			continue;
		if (!*sur && !*fore)
			continue;
		/* the child's own names the other way round (a clerk's swap, a family-name-first
		 * order): both must agree, so another pupil's names still disagree */
		if (*sur && *fore && name_agrees_any(sur, giv, 2) && name_agrees_any(fore, fam, 1))
			continue;
		return i;
	}
	return c->many_line ? MAX_NAMES : -1;
}

/* Every row of c's key is rejected: a row (line of file) names another pupil than the
 * record's child (an export sorted on one column puts one pupil's results beside another's
 * name), so which of the key's rows are this child's cannot be told. The names are not
 * written into the reason (it goes to the report and logs). */
static void reject_names(const merge_index *ix, mchild *c, unsigned file, unsigned long line,
			 const char *name)
{
	for (mentry *e = c->head; e; e = e->cnext) {
		e->win = NULL;
		for (mval *v = &e->first; v; v = v == &e->first ? e->alts : v->next)
			if (e->win == NULL || strcmp(v->date, e->win->date) > 0)
				e->win = v;
		set_outcome(e, MERGE_REJECTED, "line %lu of '%s' gives a surname and forename for %s %s "
			    "that are not the names in '%s': the export may be sorted on one column; no "
			    "row of this %s was merged", line, base_name(ix->files[file].path),
			    ix->files[file].map && ix->files[file].map->key_kind == MAP_KEY_LA_CHILD_ID
				    ? "child id" : "UPN", c->key, base_name(name),
			    ix->files[file].map && ix->files[file].map->key_kind == MAP_KEY_LA_CHILD_ID
				    ? "child id" : "UPN");
	}
}

void merge_claim_keys(merge_index *ix, const char *name, const char *upn, const char *laid)
{
	const char *keys[2] = { upn, laid };

	for (int k = 0; k < 2; k++) {
		char key[64];
		mchild *c;

		if (keys[k] == NULL || !keys[k][0] || strlen(keys[k]) >= sizeof(key))
			continue;
		copy_str(key, sizeof(key), keys[k]);
		if (k == 0)
			for (char *p = key; *p; p++)
				*p = (char)toupper((unsigned char)*p);
		pthread_mutex_lock(&ix->lock);
		if ((c = child_get(ix, key, 0)) != NULL)
			claim(c, name);
		pthread_mutex_unlock(&ix->lock);
	}
}

/* merge_apply() for a record read as rec; root is its tree, written into, or NULL to only
 * judge (the return value then says what writing would do). */
#define MAX_RESULTS 60      /* pep.xsd: results in a term's <attainment> */
#define MAX_EXCLUSIONS 50   /* pep.xsd: exclusions in a term's <exclusions> */

/* Reject the merged values of cs[0..1] that would add a result or an exclusion to a term of rec
 * already holding as many as pep.xsd allows (the record would no longer be valid), in entry
 * order: the first ones that fit are written. Returns 0, or -1 when out of memory. */
static int keep_within_limits(const mrec *rec, mchild *const cs[2])
{
	unsigned *n;
	size_t merged = 0, most = 0;

	/* the common case, cheaply: even if every merged value were new, no term would overflow */
	for (int k = 0; k < 2; k++)
		for (mentry *e = cs[k] ? cs[k]->head : NULL; e; e = e->cnext)
			merged += e->outcome == MERGE_MERGED;
	for (size_t i = 0; i < rec->nt; i++) {
		if (rec->t[i].nres > most)
			most = rec->t[i].nres;
		if (rec->t[i].nx + (MAX_RESULTS - MAX_EXCLUSIONS) > most)
			most = rec->t[i].nx + (MAX_RESULTS - MAX_EXCLUSIONS);
	}
	if (most + merged <= MAX_RESULTS)
		return 0;
	n = rec->nt ? calloc(rec->nt, 2 * sizeof(*n)) : NULL;
	if (rec->nt && n == NULL)
		return -1;
	for (size_t i = 0; i < rec->nt; i++) {
		n[2 * i] = (unsigned)rec->t[i].nres;
		n[2 * i + 1] = (unsigned)rec->t[i].nx;
	}
	for (int k = 0; k < 2; k++)
		for (mentry *e = cs[k] ? cs[k]->head : NULL; e; e = e->cnext) {
			const rterm *t;
			int x;
			unsigned *c;

			if (e->outcome != MERGE_MERGED || e->journaled || strcmp(e->subject, ATTENDANCE) == 0 ||
			    (t = rec_term(rec, e->term)) == NULL)
				continue;
			x = strcmp(e->subject, EXCLUSION) == 0;
			if (x ? rec_exclusion(rec, t, e->aspect) != NULL
			      : rec_result(rec, t, e->j->rsubject, e->aspect) != NULL)
				continue;   /* replaces one the record has */
			c = &n[2 * (size_t)(t - rec->t) + (size_t)x];
			if (*c >= (x ? MAX_EXCLUSIONS : MAX_RESULTS))
				set_outcome(e, MERGE_REJECTED, "term %s already has %u %s, as many as a "
					    "record may hold", e->term, *c, x ? "exclusions" : "results");
			else
				++*c;
		}
	free(n);
	return 0;
}

static int apply_rec(merge_index *ix, const mrec *rec, xmlNodePtr root, const char *name, pk_error *err)
{
	char keys[2][64], ks[16];
	mchild *cs[2] = { NULL, NULL };
	struct subject_memo memo;
	int held = 0, changed = 0, rc;

	memo.n = 0;
	rec_text(rec, rec->upn, keys[0], sizeof(keys[0]));
	for (char *p = keys[0]; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	rec_text(rec, rec->laid, keys[1], sizeof(keys[1]));
	rec_text(rec, rec->ks, ks, sizeof(ks));
	pthread_mutex_lock(&ix->lock);
	if (name && note_record(ix, name, rec) != 0) {
		rc = pk_error_set(err, PK_ENOMEM, "'%s': out of memory", name);
		goto out;
	}
	for (int k = 0; k < 2; k++)
		if (keys[k][0])
			cs[k] = child_get(ix, keys[k], 0);
	if (cs[1] == cs[0])
		cs[1] = NULL;
	for (int k = 0; k < 2; k++) {
		if (cs[k] == NULL)
			continue;
		claim(cs[k], name ? name : keys[k]);
		if (cs[k]->shared_with[0]) {
			reject_shared(cs[k], k == 0 ? "UPN" : "child id");
			cs[k] = NULL;
			continue;
		}
		{
			int bad = names_disagree(cs[k], rec);

			if (bad >= 0) {
				reject_names(ix, cs[k], bad < MAX_NAMES ? cs[k]->names[bad].file : cs[k]->many_file,
					     bad < MAX_NAMES ? cs[k]->names[bad].line : cs[k]->many_line,
					     name ? name : keys[k]);
				cs[k] = NULL;
				continue;
			}
		}
		for (mentry *e = cs[k]->head; e; e = e->cnext) {
			int b = judge(ix, e, rec, ks, &memo);

			if (b < 0) {
				rc = pk_error_set(err, PK_ENOMEM, "'%s': out of memory", name ? name : keys[k]);
				goto out;
			}
			if (b)
				cs[k]->in_bad_file = 1;
			held |= e->outcome == MERGE_CONFLICT;
		}
	}
	if (!held && keep_within_limits(rec, cs) != 0) {
		rc = pk_error_set(err, PK_ENOMEM, "'%s': out of memory", name ? name : keys[0]);
		goto out;
	}
	for (int k = 0; k < 2; k++)
		for (mentry *e = cs[k] ? cs[k]->head : NULL; e; e = e->cnext) {
			if (held) {
				if (e->outcome == MERGE_MERGED)
					e->outcome = MERGE_HELD;
				continue;
			}
			if (e->outcome != MERGE_MERGED)
				continue;
			if (root && write_value(ix, e, root) != 0) {
				rc = pk_error_set(err, PK_ENOMEM, "'%s': out of memory", name ? name : keys[k]);
				goto out;
			}
			changed |= !e->journaled;
		}
	rc = held ? MERGE_APPLY_HELD : changed ? MERGE_APPLY_CHANGED : MERGE_APPLY_NONE;
	ix->counts.records_held += rc == MERGE_APPLY_HELD;
	ix->counts.records_changed += rc == MERGE_APPLY_CHANGED;
out:
	pthread_mutex_unlock(&ix->lock);
	return rc;
}

int merge_apply(merge_index *ix, xmlDocPtr doc, const char *name, pk_error *err)
{
	mrec rec;
	int rc;

	memset(&rec, 0, sizeof(rec));
	if (rec_from_doc(&rec, xmlDocGetRootElement(doc)) != 0)
		rc = pk_error_set(err, PK_ENOMEM, "'%s': out of memory", name ? name : "record");
	else
		rc = apply_rec(ix, &rec, xmlDocGetRootElement(doc), name, err);
	rec_free(&rec);
	return rc;
}

int merge_judge_file(merge_index *ix, xmlsafe_parser *xp, const char *path, pk_error *err)
{
	xmlSAXHandler sax;
	struct recsax st;
	mrec rec;
	int rc;

	memset(&sax, 0, sizeof(sax));
	sax.startElementNs = sax_start;
	sax.endElementNs = sax_end;
	sax.characters = sax_text;
	sax.ignorableWhitespace = sax_text;
	memset(&rec, 0, sizeof(rec));
	memset(&st, 0, sizeof(st));
	st.rec = &rec;
	st.term = -1;
	rec_reset(&rec);
	rc = xmlsafe_parser_sax_file(xp, path, &sax, &st, err);
	if (rc == PK_OK && rec.oom)
		rc = pk_error_set(err, PK_ENOMEM, "'%s': out of memory", path);
	if (rc == PK_OK)
		rc = apply_rec(ix, &rec, NULL, path, err);
	rec_free(&rec);
	return rc;
}

static int journal_row(void *ctx, const csvread_row *row, pk_error *err);

int merge_load_journal(merge_index *ix, const char *path, pk_error *err)
{
	csvread_src src;
	int rc = csvread_open(path, "UTF-8", &src, err);

	if (rc == PK_EIO && access(path, F_OK) != 0) {
		csvread_close(&src);
		pk_error_clear(err);
		return PK_OK;
	}
	if (rc == PK_OK)
		rc = csvread_parse(&src, ',', journal_row, ix, err);
	csvread_close(&src);
	if (rc == PK_OK && ix->njournal)
		qsort(ix->journal, ix->njournal, sizeof(*ix->journal), cmp_str);
	return rc;
}

/* Add the schools of records whose key is in a rejected file to list (n so far, cap max);
 * returns the new count. */
static size_t bad_schools(merge_index *ix, const char **list, size_t n, size_t max)
{
	for (size_t h = 0; h < PK_ARRAY_LEN(ix->records); h++)
		for (mrecord *r = ix->records[h]; r; r = r->next) {
			mchild *a = r->upn[0] ? child_get(ix, r->upn, 0) : NULL;
			mchild *b = r->laid[0] ? child_get(ix, r->laid, 0) : NULL;
			int dup = 0;

			if (!r->school[0] || !((a && a->in_bad_file) || (b && b->in_bad_file)))
				continue;
			for (size_t i = 0; i < n; i++)
				dup |= strcmp(list[i], r->school) == 0;
			if (!dup && n < max)
				list[n++] = r->school;
		}
	return n;
}

/* Add child c's rows to out. */
static void child_rows(const merge_index *ix, const mchild *c, merge_child_info *out)
{
	if (c == NULL)
		return;
	out->rejected += c->rej_rows;
	for (const mentry *e = c->head; e; e = e->cnext) {
		int o = e->outcome < 0 ? MERGE_UNMATCHED : e->outcome;

		for (const mval *v = &e->first; v; v = v == &e->first ? e->alts : v->next) {
			if (!live(ix, v) || o == MERGE_REJECTED)
				out->rejected += v->rows;
			else if (v == e->win && (o == MERGE_MERGED || o == MERGE_DUPLICATE))
				out->merged += v->rows;
			else if (e->win && same_meaning(ix, e->j ? e->j->sc : NULL, v, e->win) &&
				 (o == MERGE_MERGED || o == MERGE_DUPLICATE))
				out->merged += v->rows;
			else
				out->other += v->rows;
		}
	}
}

int merge_child_summary(merge_index *ix, const char *name, merge_child_info *out)
{
	unsigned h = hash_bytes(name, strlen(name)) % PK_ARRAY_LEN(ix->records);
	mrecord *r;
	mchild *a, *b;

	memset(out, 0, sizeof(*out));
	for (r = ix->records[h]; r; r = r->next)
		if (strcmp(r->name, name) == 0)
			break;
	if (r == NULL)
		return 0;
	a = r->upn[0] ? child_get(ix, r->upn, 0) : NULL;
	b = r->laid[0] ? child_get(ix, r->laid, 0) : NULL;
	child_rows(ix, a, out);
	if (b != a)
		child_rows(ix, b, out);
	if (!ix->schools_done) {
		ix->nbad_school = bad_schools(ix, ix->bad_school, 0, PK_ARRAY_LEN(ix->bad_school));
		ix->schools_done = 1;
	}
	for (size_t i = 0; i < ix->nbad_school; i++)
		if (r->school[0] && strcmp(ix->bad_school[i], r->school) == 0)
			out->school_file_rejected = 1;
	return 1;
}

/* ---------- the report ---------- */

static const char *const outcome_names[] = { "merged", "duplicate", "conflict", "held",
					     "unmatched", "rejected", "superseded", "blank" };

/* csvread callback for a journal: remember each "merged" line's value. */
static int journal_row(void *ctx, const csvread_row *row, pk_error *err)
{
	merge_index *ix = ctx;
	char k[512], **j;
	const char *f[10];

	if (row->nfields < 8 || strcmp(row->fields[0], "merged") != 0)
		return PK_OK;
	for (int i = 0; i < 8; i++) {
		f[i] = row->fields[i];
		if (f[i][0] == '\'' && f[i][1] && strchr("=+-@", f[i][1]))
			f[i]++;
	}
	journal_key(f[3], f[4], f[5], f[6], f[7], k, sizeof(k));
	j = realloc(ix->journal, (ix->njournal + 1) * sizeof(*j));
	if (j == NULL || (j[ix->njournal] = strdup(k)) == NULL) {
		if (j)
			ix->journal = j;
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	ix->journal = j;
	ix->njournal++;
	return PK_OK;
}

/* The subject as people read it: "attendance" and "exclusion" for those values. */
static const char *shown_subject(const char *subject)
{
	if (strcmp(subject, ATTENDANCE) == 0)
		return "attendance";
	return strcmp(subject, EXCLUSION) == 0 ? "exclusion" : subject;
}

/* n in decimal, written at the end of buf (size sz, at least 21); returns its start. What
 * snprintf("%lu") gives, without the cost of a format string for each of a report's lines. */
static const char *ulong_text(char *buf, size_t sz, unsigned long n)
{
	char *p = buf + sz - 1;

	*p = '\0';
	do {
		*--p = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0 && p > buf);
	return p;
}

/* Append one report line (core/csvw.h). */
static int report_line(pk_buf *b, int outcome, const char *file, unsigned long line,
		       const char *key, const char *term, const char *subject, const char *aspect,
		       const char *value, unsigned long rows, const char *reason)
{
	char ln[32], num[32];
	const char *f[10];

	char clean[6][700];

	if (b == NULL)
		return PK_OK;
	/* bytes a file's encoding did not define never reach the report raw */
	{
		const char **p[6] = { &file, &key, &term, &aspect, &value, &reason };

		for (int i = 0; i < 6; i++) {
			const char *v = *p[i] ? *p[i] : "";
			size_t n = strlen(v), k = 0, bad;

			if (csvread_utf8_valid(v, n, NULL))
				continue;
			while (*v && k + 1 < sizeof(clean[i])) {
				n = strlen(v);
				if (csvread_utf8_valid(v, n, &bad))
					bad = n;
				if (bad > sizeof(clean[i]) - 1 - k)
					bad = sizeof(clean[i]) - 1 - k;
				memcpy(clean[i] + k, v, bad);
				k += bad;
				v += bad;
				if (*v && k + 1 < sizeof(clean[i])) {
					clean[i][k++] = '?';
					v++;
				}
			}
			clean[i][k] = '\0';
			*p[i] = clean[i];
		}
	}
	f[0] = outcome < 0 ? "file" : outcome_names[outcome];
	f[1] = file;
	f[2] = ulong_text(ln, sizeof(ln), line);
	f[3] = key;
	f[4] = term;
	f[5] = shown_subject(subject);
	f[6] = aspect;
	f[7] = value;
	f[8] = ulong_text(num, sizeof(num), rows);
	f[9] = reason ? reason : "";
	return csvw_row(b, f, 10);
}

/* Order entries by where their first value came from, then by key. */
static int cmp_entry(const void *a, const void *b)
{
	const mentry *x = *(mentry *const *)a, *y = *(mentry *const *)b;

	if (x->first.file != y->first.file)
		return x->first.file < y->first.file ? -1 : 1;
	if (x->first.line != y->first.line)
		return x->first.line < y->first.line ? -1 : 1;
	if (strcmp(x->subject, y->subject))
		return strcmp(x->subject, y->subject);
	if (strcmp(x->aspect, y->aspect))
		return strcmp(x->aspect, y->aspect);
	/* one row of a wide export gives a subject for several terms: never left to the hash */
	return strcmp(x->term, y->term) ? strcmp(x->term, y->term) : strcmp(x->k, y->k);
}

/* An entry with cmp_entry()'s first keys beside it, so that sorting reads the entries
 * themselves only for ties. */
struct sorted {
	unsigned file;
	unsigned long line;
	mentry *e;
};

/* cmp_entry() over struct sorted. */
static int cmp_sorted(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return cmp_entry(&x->e, &y->e);
}

/* Report state shared by the helpers below. */
struct rep {
	merge_index *ix;
	pk_buf *csv;
	void (*fn)(void *ctx, const char *msg);
	void *ctx;
	unsigned long *cn;
	int rc;
};

/* One line for value v of entry e with outcome o and reason, counted, and a message for a
 * problem. */
static void value_line(struct rep *rp, const mentry *e, const mval *v, int o, unsigned long rows,
		       const char *value, const char *reason)
{
	const char *f = rp->ix->files[v->file].path, *subj = e->j && e->j->rsubject && e->j->rsubject[0] ? e->j->rsubject : e->subject;
	char msg[2600], val[512], vv[512], why[1024];
	const mchild *c = child_get(rp->ix, e->k, 0);

	snprintf(val, sizeof(val), "%s", value ? value : "");
	snprintf(vv, sizeof(vv), "%s", v->value);
	snprintf(why, sizeof(why), "%s", reason ? reason : "");
	for (int i = 0; c && i < c->nnames && o != MERGE_MERGED && o != MERGE_DUPLICATE &&
			o != MERGE_SUPERSEDED; i++) {   /* a value holding the pupil's name: not one
							 * on a scale (merged and the like) */
		const char *names[] = { c->names[i].sur, c->names[i].fore };

		import_withhold_names(val, sizeof(val), names, 2, "[pupil's name]");
		import_withhold_names(vv, sizeof(vv), names, 2, "[pupil's name]");
		import_withhold_names(why, sizeof(why), names, 2, "[pupil's name]");
	}
	value = val;
	reason = reason ? why : NULL;
	rp->cn[o] += rows;
	rp->rc |= report_line(rp->csv, o, f, v->line, e->k, e->term, subj, e->aspect, value, rows,
			      reason);
	if (rp->fn && (o == MERGE_CONFLICT || o == MERGE_HELD || o == MERGE_UNMATCHED ||
		       o == MERGE_REJECTED)) {
		snprintf(msg, sizeof(msg), "'%s' line %lu: %s: %s %s %s%s%s '%s': %s", f, v->line,
			 outcome_names[o], e->k, e->term, shown_subject(subj), *e->aspect ? " " : "",
			 e->aspect, vv, reason ? reason : "");
		rp->fn(rp->ctx, msg);
	}
}

/* The line of value v of entry e, whose key no record has ("1.23457E+12": said why). */
static void unmatched_line(struct rep *rp, mentry *e, mval *v)
{
	char why[400];

	snprintf(why, sizeof(why), "no record has this key%s", sheet_note(e->k));
	value_line(rp, e, v, MERGE_UNMATCHED, v->rows, v->value, why);
}

/* The lines of one entry: every value, each once. */
static void entry_lines(struct rep *rp, mentry *e)
{
	merge_index *ix = rp->ix;
	int o = e->outcome < 0 ? MERGE_UNMATCHED : e->outcome;
	char why[700];

	for (mval *v = &e->first; v; v = v == &e->first ? e->alts : v->next) {
		if (!live(ix, v)) {
			snprintf(why, sizeof(why), "the file was rejected: %s", ix->files[v->file].reason);
			value_line(rp, e, v, MERGE_REJECTED, v->rows, v->value, why);
			continue;
		}
		if (e->win == NULL) {   /* never judged: unmatched (no record has the key) */
			unmatched_line(rp, e, v);
			continue;
		}
		if (v == e->win) {
			if (o == MERGE_MERGED) {
				char note[200] = "";

				if (e->reason)
					copy_str(note, sizeof(note), e->reason);
				else if (strcasecmp(v->value, (e->j ? e->j->norm : "")) != 0 && strchr((e->j ? e->j->norm : ""), '|') == NULL)
					snprintf(note, sizeof(note), "'%s' read as '%s'", v->value, (e->j ? e->j->norm : ""));
				value_line(rp, e, v, MERGE_MERGED, 1, (e->j ? e->j->norm : ""), note);
				if (v->rows > 1)
					value_line(rp, e, v, MERGE_DUPLICATE, v->rows - 1, (e->j ? e->j->norm : ""),
						   "the same value in further rows");
			} else if (o == MERGE_CONFLICT && e->reason == NULL) {
				const mval *w = NULL;

				for (mval *x = &e->first; x && !w; x = x == &e->first ? e->alts : x->next)
					if (x != v && live(ix, x) && strcmp(x->date, v->date) == 0 &&
					    !same_meaning(ix, e->j ? e->j->sc : NULL, x, v))
						w = x;
				snprintf(why, sizeof(why), "'%s' here, '%s' in '%s' line %lu (both as of %s)",
					 v->value, w ? w->value : "?", w ? ix->files[w->file].path : "?",
					 w ? w->line : 0, v->date);
				value_line(rp, e, v, MERGE_CONFLICT, v->rows, v->value, why);
			} else {
				const char *reason = o == MERGE_HELD ? "not written: this child has a conflict"
								    : e->reason;

				value_line(rp, e, v, o, v->rows, o == MERGE_DUPLICATE ? (e->j ? e->j->norm : "") : v->value,
					   reason);
			}
			continue;
		}
		if (o == MERGE_CONFLICT && e->reason == NULL && strcmp(v->date, e->win->date) == 0) {
			snprintf(why, sizeof(why), "'%s' here, '%s' in '%s' line %lu (both as of %s)",
				 v->value, e->win->value, ix->files[e->win->file].path, e->win->line,
				 v->date);
			value_line(rp, e, v, MERGE_CONFLICT, v->rows, v->value, why);
		} else if (same_meaning(ix, e->j ? e->j->sc : NULL, v, e->win)) {
			int vo = o == MERGE_MERGED ? MERGE_DUPLICATE : o;

			value_line(rp, e, v, vo, v->rows, v->value,
				   vo == MERGE_DUPLICATE ? "the same value again" :
				   vo == MERGE_HELD ? "not written: this child has a conflict" : e->reason);
		} else if (o == MERGE_UNMATCHED) {
			unmatched_line(rp, e, v);
		} else {
			snprintf(why, sizeof(why), "replaced by the newer '%s' (as of %s, '%s' line %lu)",
				 e->win->value, e->win->date, base_name(ix->files[e->win->file].path),
				 e->win->line);
			value_line(rp, e, v, MERGE_SUPERSEDED, v->rows, v->value, why);
		}
	}
}

int merge_report(merge_index *ix, merge_counts *counts, pk_buf *csv,
		 void (*fn)(void *ctx, const char *msg), void *ctx)
{
	struct sorted *all = NULL;
	size_t n = 0;
	char msg[1024], why[600];
	unsigned long *cn = ix->counts.n;
	struct rep rp = { ix, csv, fn, ctx, cn, PK_OK };

	for (int i = 0; i < MERGE_NOUTCOMES; i++)
		cn[i] = 0;
	cn[MERGE_REJECTED] = ix->rej_count;
	if (csv)
		rp.rc |= buf_puts(csv, "\"outcome\",\"file\",\"line\",\"key\",\"term\",\"subject\","
				  "\"aspect\",\"value\",\"rows\",\"reason\"\n");
	for (size_t i = 0; i < ix->nfiles; i++) {
		const mfile *f = &ix->files[i];
		if (f->map)
			snprintf(why, sizeof(why), "read as %s, delimiter %s, header on line %lu, profile "
				 "'%s' (%s), undated rows as of %s (%s)", f->encoding[0] ? f->encoding : "?",
				 f->delim == '\t' ? "tab" : f->delim == ';' ? "';'" : "','", f->header_line, f->map->name,
				 f->auto_matched ? "matched by its columns" : "given",
				 f->asof, f->asof_from ? f->asof_from : "modified");
		else
			snprintf(why, sizeof(why), "read as %s", f->encoding[0] ? f->encoding : "(unread)");
		rp.rc |= report_line(csv, -1, f->path, f->header_line, "", "", "", "", "", 0, why);
	}
	for (size_t i = 0; i < ix->nfiles; i++) {
		const mfile *f = &ix->files[i];

		if (f->reason) {
			cn[MERGE_REJECTED] += f->lost;
			rp.rc |= report_line(csv, MERGE_REJECTED, f->path, f->header_line, "", "", "", "", "",
					     f->lost, f->reason);
			if (fn) {
				snprintf(msg, sizeof(msg), "rejected file: %s (%lu row%s not read)", f->reason,
					 f->lost, f->lost == 1 ? "" : "s");
				fn(ctx, msg);
			}
		}
		if (f->blank) {
			cn[MERGE_BLANK] += f->blank;
			rp.rc |= report_line(csv, MERGE_BLANK, f->path, 0, "", "", "", "", "", f->blank,
					     "blank rows (or only delimiters)");
		}
		if (f->noresult) {
			cn[MERGE_BLANK] += f->noresult;
			rp.rc |= report_line(csv, MERGE_BLANK, f->path, 0, "", "", "", "", "", f->noresult,
					     "no result (X, -, N/A or a word the profile lists)");
		}
	}
	for (mreject *r = ix->rej_head; r; r = r->next) {
		rp.rc |= report_line(csv, MERGE_REJECTED, ix->files[r->file].path, r->line, r->key, "",
				     "", "", "", 1, r->reason);
		if (fn) {
			snprintf(msg, sizeof(msg), "'%s' line %lu: rejected: %s", ix->files[r->file].path,
				 r->line, r->reason);
			fn(ctx, msg);
		}
	}
	if (ix->rej_count > ix->rej_listed)
		rp.rc |= report_line(csv, MERGE_REJECTED, "", 0, "", "", "", "", "",
				     ix->rej_count - ix->rej_listed, "further rejected rows not listed");
	all = malloc((ix->en ? ix->en : 1) * sizeof(*all));
	if (all == NULL)
		return PK_ENOMEM;
	for (size_t i = 0; i < ix->ebn; i++)
		for (mentry *e = ix->eb[i]; e; e = e->hnext)
			all[n++] = (struct sorted){ e->first.file, e->first.line, e };
	qsort(all, n, sizeof(*all), cmp_sorted);
	for (size_t i = 0; i < n; i++) {
		if (all[i].e->outcome < 0)
			all[i].e->win = NULL;
		entry_lines(&rp, all[i].e);
	}
	free(all);
	if (counts)
		*counts = ix->counts;
	return rp.rc ? PK_ENOMEM : PK_OK;
}
