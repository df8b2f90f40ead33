/*
 * qa.c: the cohort run of pepkit qa (see qa.h): records are read and rated by a pool of worker
 * threads into one qa_child each (in file-name order), then the main thread writes the three
 * outputs under the output folder's lock.
 */
#include "core/pepkit.h"
#include "qa/qa.h"
#include "intake/import.h"
#include "record/childid.h"
#include "qa/child.h"
#include "qa/dashboard.h"
#include "qa/framework.h"
#include "qa/timescale.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/csvw.h"
#include "core/fingerprint.h"
#include "core/lock.h"
#include "core/msg.h"
#include "core/rfile.h"
#include "core/xmlsafe.h"
#include "record/validate.h"

#include <dirent.h>
#include <libxml/parser.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_RECORDS 200000
#define MAX_THREADS 64
#define VALID_CACHE ".pepkit-qa-valid"

void qa_child_clear(qa_child *c)
{
	if (c == NULL)
		return;
	free(c->file);
	if (c->pooled) {
		memset(c, 0, sizeof(*c));
		return;
	}
	free(c->problem);
	free(c->id);
	free(c->name);
	free(c->all_names);
	free(c->school);
	free(c->year);
	free(c->key_stage);
	free(c->term);
	free(c->adviser);
	free(c->reasons);
	free(c->findings);
	free(c->pp_rows);
	free(c->terms_held);
	memset(c, 0, sizeof(*c));
}

void qa_resolve(const char *prefix, const char *name, char *path, size_t size)
{
	size_t n = strlen(name);

	if (strchr(name, '/') != NULL || (n > 4 && strcmp(name + n - 4, ".xml") == 0))
		snprintf(path, size, "%s", name);
	else
		snprintf(path, size, "%s/templates/%s-%s.xml", pk_datadir(), prefix, name);
}

/*
 * The pool: what a worker keeps of each record (a qa_child's strings) is copied into large
 * blocks, so the heap is not left as thousands of small long-lived strings between the freed
 * nodes of each parsed record (with 10,000 records, that fragmentation made malloc and free a
 * quarter of the run's time). Blocks are freed together at the end of the run.
 */
#define POOL_BLOCK (1u << 20)

struct block {
	struct block *next;
	size_t used, size;
	char data[];
};

/* size bytes from the worker's blocks *head (a new block at the front when the first has no
 * room), or NULL when out of memory. */
static char *pool_alloc(struct block **head, size_t size)
{
	struct block *b = *head;

	if (b == NULL || b->size - b->used < size) {
		size_t n = size > POOL_BLOCK / 4 ? size : POOL_BLOCK;

		if ((b = malloc(sizeof(*b) + n)) == NULL)
			return NULL;
		b->used = 0;
		b->size = n;
		if (n == size && *head != NULL) {   /* a large string: keep filling the current block */
			b->next = (*head)->next;
			(*head)->next = b;
		} else {
			b->next = *head;
			*head = b;
		}
	}
	b->used += size;
	return b->data + b->used - size;
}

static void pool_free(struct block *b)
{
	while (b != NULL) {
		struct block *next = b->next;

		free(b);
		b = next;
	}
}

/* Move c's strings (all but file) into one piece of the pool. PK_OK, or PK_ENOMEM with c
 * unchanged. */
static int pool_child(struct block **head, qa_child *c)
{
	char **f[] = { &c->problem, &c->id, &c->name, &c->school, &c->year, &c->key_stage, &c->term,
		       &c->adviser, &c->reasons, &c->findings, &c->pp_rows, &c->terms_held };
	size_t len[PK_ARRAY_LEN(f)], total = 0;
	char *p;

	for (size_t i = 0; i < PK_ARRAY_LEN(f); i++) {
		len[i] = *f[i] ? strlen(*f[i]) + 1 : 0;
		total += len[i];
	}
	if ((p = pool_alloc(head, total ? total : 1)) == NULL)
		return PK_ENOMEM;
	for (size_t i = 0; i < PK_ARRAY_LEN(f); i++) {
		if (*f[i] == NULL)
			continue;
		memcpy(p, *f[i], len[i]);
		free(*f[i]);
		*f[i] = p;
		p += len[i];
	}
	c->pooled = 1;
	return PK_OK;
}

/* Shared by the workers. */
struct job {
	const qa_opts *o;
	const qa_framework *fw;
	const qa_calendar *cal;
	validator *v;
	const char *completion_term;   /* term id for "completed", or NULL */
	qa_child *rows;
	long n;
	long next;                     /* next index to take (atomic) */
	const char *known;             /* sorted 64-char digests known valid (no separators) */
	long nknown;
	long reused;                   /* records not validated again (atomic) */
	int failed;                    /* an internal error stopped a worker */
	struct block *pool;            /* the workers' pools, handed over as each one ends */
	pk_error err;
	pthread_mutex_t mu;
};

/* The first element child of n named name, or NULL. */
static xmlNodePtr el(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, (const xmlChar *)name) == 0)
			return c;
	return NULL;
}

/* The text of n (collapsed whitespace not needed: schema tokens), or NULL; sets *oom. */
static char *text(xmlNodePtr n, int *oom)
{
	xmlChar *v;
	char *s;

	if (n == NULL)
		return NULL;
	v = xmlNodeGetContent(n);
	s = v ? strdup((const char *)v) : NULL;
	if (v && !s)
		*oom = 1;
	xmlFree(v);
	return s;
}

/* A copy of the text of n read as the schema reads a token (an id): white space collapsed,
 * none at the ends ("\n LA-512093\t" is LA-512093). NULL when n is NULL; sets *oom when out
 * of memory. */
static char *token(xmlNodePtr n, int *oom)
{
	char *s = text(n, oom), *t;

	if (s == NULL)
		return NULL;
	if ((t = buf_collapse_spaces(s)) == NULL)
		*oom = 1;
	free(s);
	return t;
}

/* A copy of attribute name of n (NULL when absent, or n NULL); sets *oom when out of memory. */
static char *attr(xmlNodePtr n, const char *name, int *oom)
{
	xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
	char *s = v ? strdup((const char *)v) : NULL;

	if (v && !s)
		*oom = 1;
	xmlFree(v);
	return s;
}

/* A copy of s ("" for NULL); sets *oom when out of memory. */
static char *dup_or_oom(const char *s, int *oom)
{
	char *d = strdup(s ? s : "");

	if (d == NULL)
		*oom = 1;
	return d;
}

/* "12.50" (a schema money value) in pence. */
static long pence(const char *s)
{
	double v = s ? strtod(s, NULL) : 0;

	return v > 0 && v <= 100000 ? (long)(v * 100 + 0.5) : 0;
}

/* Format pence as "12.50" into out (32 bytes). */
static void money(long p, char out[32])
{
	snprintf(out, 32, "%ld.%02ld", p / 100, p % 100);
}

/* Build the child's pp-plus.csv rows and totals for the rated term. */
static int pp_plus(const struct job *j, qa_child *c, xmlNodePtr term, const char *school)
{
	xmlNodePtr pp = el(term, "pupil-premium-plus");
	pk_buf b = PK_BUF_INIT;
	char *status = NULL;
	int oom = 0, rc = PK_OK, basis_rating = c->confirmed ? c->confirmed : c->rating.overall;
	int threshold = framework_pp_threshold(j->fw);
	long cap = framework_pp_per_term(j->fw), paid = 0;
	const char *why;

	if (pp == NULL)
		return PK_OK;
	status = attr(pp, "status", &oom);
	if (status && strcmp(status, "declined") == 0)
		why = "declined";
	else if (status && strcmp(status, "draft") == 0)
		why = "draft: not yet requested";
	else if (basis_rating < threshold)
		why = "rating below the payment threshold";
	else
		why = NULL;
	for (xmlNodePtr r = el(pp, "request"); r && rc == PK_OK; r = r->next) {
		char *amount, *what, *targets, a[32], p[32], num[16];
		long v, pay = 0;
		const char *reason = why;

		if (r->type != XML_ELEMENT_NODE || xmlStrcmp(r->name, (const xmlChar *)"request") != 0)
			continue;
		amount = attr(r, "amount", &oom);
		targets = attr(r, "targets", &oom);
		what = text(el(r, "what"), &oom);
		v = pence(amount);
		if (why == NULL) {
			pay = cap > 0 && paid + v > cap ? (cap > paid ? cap - paid : 0) : v;
			if (pay < v)
				reason = "over the per-term limit";
			paid += pay;
		}
		c->pp_requests++;
		c->pp_requested += v;
		money(v, a);
		money(pay, p);
		snprintf(num, sizeof(num), "%d", c->pp_requests);
		{
			/* a purpose may name the school or the placement's street ("taxi between ... and
			 * ..."), which the school column withholds: not shown for such a child */
			const char *purpose = c->location_confidential ?
				"Purpose withheld (placement location confidential): see the record" : what;
			const char *names[] = { c->all_names };
			size_t pn = what ? strlen(what) * 6 + 16 : 0;   /* "[the child]" for "Al" */
			char *pbuf = what && !c->location_confidential ? malloc(pn) : NULL;

			/* the file names children by id: a purpose naming the child ("tutoring for
			 * Ayşe") says "[the child]" instead */
			if (pbuf != NULL) {
				snprintf(pbuf, pn, "%s", what);
				import_withhold_names(pbuf, pn, names, 1, "[the child]");
				purpose = pbuf;
			} else if (what != NULL && !c->location_confidential) {
				purpose = "Purpose withheld (out of memory): see the record";
			}
			const char *f[] = { "request", school, c->term, c->id, num, a, purpose, targets ? targets : "",
					    qa_rating_name(basis_rating), c->confirmed ? "adviser" : "pre-check",
					    why == NULL ? "yes" : "no", p, reason ? reason : "" };

			rc = csvw_row(&b, f, PK_ARRAY_LEN(f));
			free(pbuf);
		}
		free(amount);
		free(targets);
		free(what);
	}
	c->pp_payable = paid;
	free(status);
	if (oom)
		rc = PK_ENOMEM;
	if (rc == PK_OK && b.len > 0)
		c->pp_rows = b.data;
	else
		buf_free(&b);
	return rc;
}

/* Rate one parsed, valid record into c. PK_OK or PK_ENOMEM/PK_EINTERNAL with err. */
static int rate(const struct job *j, qa_eval *e, xmlDocPtr doc, qa_child *c, pk_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), child = el(root, "child"), terms = el(root, "terms");
	xmlNodePtr school = el(child, "school"), place = el(child, "placement"), term = NULL, qa, att;
	pk_buf reasons = PK_BUF_INIT, findings = PK_BUF_INIT, held = PK_BUF_INIT;
	qa_timeliness tl;
	int oom = 0, rc = PK_OK;
	char *lc = attr(place, "location-confidential", &oom);

	reasons.max = findings.max = 1u << 20;
	c->id = token(el(child, "la-child-id"), &oom);
	{
		char *pref = text(el(child, "preferred-name"), &oom);
		char *given = text(el(el(child, "legal-name"), "given"), &oom);
		char *family = text(el(el(child, "legal-name"), "family"), &oom);
		size_t n = strlen(pref ? pref : given ? given : "") + strlen(family ? family : "") + 2;

		if ((c->name = malloc(n)) != NULL)
			snprintf(c->name, n, "%s %s", pref ? pref : given ? given : "", family ? family : "");
		else
			oom = 1;
		n += strlen(given ? given : "") + 1;
		if ((c->all_names = malloc(n)) != NULL)
			snprintf(c->all_names, n, "%s %s %s", pref ? pref : "", given ? given : "",
				 family ? family : "");
		else
			oom = 1;
		free(pref);
		free(given);
		free(family);
	}
	c->location_confidential = lc && (strcmp(lc, "true") == 0 || strcmp(lc, "1") == 0);
	if (c->location_confidential)
		c->school = dup_or_oom("School withheld (placement location confidential)", &oom);
	else if (school)
		c->school = text(el(school, "name"), &oom);
	else
		c->school = dup_or_oom("Not in education", &oom);
	free(lc);
	c->year = text(el(child, "year-group"), &oom);
	c->key_stage = text(el(child, "key-stage"), &oom);
	c->attendance = -1;
	if (buf_puts(&held, " ") != PK_OK)
		oom = 1;
	for (xmlNodePtr t = el(terms, "term"); t; t = t->next) {
		char *id;

		if (t->type != XML_ELEMENT_NODE)
			continue;
		id = attr(t, "id", &oom);
		if (id && el(t, "meeting") && buf_printf(&held, "%s ", id) != PK_OK)
			oom = 1;
		if (id && ((j->o->term && strcmp(id, j->o->term) == 0) || j->o->term == NULL))
			term = t;
		if (id && j->completion_term && strcmp(id, j->completion_term) == 0 && el(t, "meeting"))
			c->completed = 1;
		free(id);
	}
	c->terms_held = held.data ? held.data : dup_or_oom(" ", &oom);
	held.data = NULL;
	if (oom)
		goto nomem;
	rc = timescale_check(framework_timescales(j->fw), j->cal, doc, j->o->today, &tl, &findings);
	if (rc != PK_OK)
		goto fail;
	c->nfindings = tl.findings;
	c->initial_applies = tl.initial_applies;
	c->initial_on_time = tl.initial_on_time;
	c->current = tl.current;
	if (term == NULL) {
		c->status = QA_CHILD_NO_TERM;
		c->nfindings++;
		rc = buf_printf(&findings, "%stermly PEP: no PEP for %s in this record", findings.len ? "; " : "",
				j->o->term);
		if (rc != PK_OK)
			goto fail;
		c->problem = dup_or_oom("no PEP for the term", &oom);
	} else {
		c->term = attr(term, "id", &oom);
		if ((rc = framework_rate(e, term, &c->rating, &reasons, err)) != PK_OK)
			goto out;
		if ((qa = el(term, "qa")) != NULL) {
			char *r = attr(qa, "rating", &oom), *d = attr(qa, "date", &oom);

			c->confirmed = qa_rating_parse(r);
			snprintf(c->confirmed_date, sizeof(c->confirmed_date), "%s", d ? d : "");
			c->adviser = attr(qa, "adviser", &oom);
			free(r);
			free(d);
		}
		if ((att = el(el(term, "attendance"), "percent")) != NULL) {
			xmlChar *v = xmlNodeGetContent(att);

			c->attendance = v ? strtod((const char *)v, NULL) : -1;
			xmlFree(v);
		}
		for (xmlNodePtr x = el(el(term, "exclusions"), "exclusion"); x; x = x->next) {
			xmlChar *v;

			if (x->type != XML_ELEMENT_NODE)
				continue;
			v = xmlGetProp(x, (const xmlChar *)"days");
			c->exclusions++;
			c->exclusion_days += v ? strtod((const char *)v, NULL) : 0;
			xmlFree(v);
		}
		if (!oom && (rc = pp_plus(j, c, term, c->school)) != PK_OK)
			goto fail;
	}
	c->reasons = reasons.data ? reasons.data : dup_or_oom("", &oom);
	reasons.data = NULL;
	c->findings = findings.data ? findings.data : dup_or_oom("", &oom);
	findings.data = NULL;
	if (oom)
		goto nomem;
	rc = PK_OK;
	goto out;
fail:
	if (rc == PK_ELIMIT) {
		rc = pk_error_set(err, PK_ELIMIT, "QA reasons for one record over 1 MB");
		goto out;
	}
nomem:
	rc = pk_error_set(err, PK_ENOMEM, "out of memory");
out:
	free(c->all_names);   /* only pp_plus() needs them */
	c->all_names = NULL;
	buf_free(&reasons);
	buf_free(&findings);
	buf_free(&held);
	return rc;
}

/* validate_report_fn: keep the first problem's field and count them (no message text: it may
 * quote the record). */
struct problems {
	int n;
	char field[200];
};

static void on_problem(void *ctx, const char *file, int line, const char *field, const char *message)
{
	struct problems *p = ctx;

	(void)file;
	(void)message;
	if (p->n++ == 0)
		snprintf(p->field, sizeof(p->field), "%s (line %d)", field, line);
}

/* A file's bytes, the buffer kept from one file to the next (one per worker). */
struct rbuf {
	char *data;
	size_t len, cap;
};

/* Read path into b (replacing what it held), capped like xmlsafe_read_file: one open, a
 * regular file only, read() to the end. PK_OK, or PK_EIO/PK_ELIMIT/PK_ENOMEM with err naming
 * the file (then b->len is 0; b keeps its buffer). */
static int read_bytes(const char *path, struct rbuf *b, pk_error *err)
{
	struct stat st;
	int fd, rc = PK_OK;

	b->len = 0;
	if ((fd = rfile_open(path, &st, err)) < 0)   /* a FIFO must not block */
		return PK_EIO;
	for (;;) {
		ssize_t n;

		if (b->len > XMLSAFE_MAX_BYTES) {
			rc = pk_error_set(err, PK_ELIMIT, "'%s': file over the limit of %u bytes", path,
					  XMLSAFE_MAX_BYTES);
			break;
		}
		if (b->cap - b->len < 4096) {
			/* room for the size fstat gave (so one read usually does), at most the limit */
			size_t want = st.st_size > 0 && (size_t)st.st_size < XMLSAFE_MAX_BYTES ? (size_t)st.st_size : 0;
			size_t cap = b->cap ? b->cap * 2 : 65536;
			char *nb;

			if (cap < want + 4096)
				cap = want + 4096;
			if ((nb = realloc(b->data, cap + 1)) == NULL) {
				rc = pk_error_set(err, PK_ENOMEM, "out of memory reading '%s'", path);
				break;
			}
			b->data = nb;
			b->cap = cap;
		}
		n = read(fd, b->data + b->len, b->cap - b->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = pk_error_set(err, PK_EIO, "cannot read '%s'", path);
			break;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
	}
	close(fd);
	if (rc != PK_OK)
		b->len = 0;
	return rc;
}

/* Is the digest hex among the known-valid ones? */
static int known_valid(const struct job *j, const char *hex)
{
	long lo = 0, hi = j->nknown - 1;

	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;
		int c = memcmp(j->known + mid * FP_HEX_LEN, hex, FP_HEX_LEN);

		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

/* Read, validate (unless its bytes are known valid) and rate one record. Returns PK_OK (the
 * record's own problems are in c), or PK_ENOMEM/PK_EINTERNAL with err when the run must stop. */
static int one(struct job *j, qa_eval *e, fp_ctx *fp, xmlsafe_parser *xp, validate_session *vs,
	       struct rbuf *rb, const char *path, qa_child *c, pk_error *err)
{
	xmlDocPtr doc = NULL;
	struct problems pr = { 0, "" };
	int n, rc;
	char msg[400];

	rc = read_bytes(path, rb, err);
	if (rc == PK_ENOMEM)
		return rc;
	if (rc == PK_OK) {
		fp_reset(fp);
		fp_add(fp, rb->data, rb->len);
		fp_final(fp, c->digest);
		doc = xmlsafe_parser_read_memory(xp, rb->data, rb->len, path, err);
	}
	if (doc == NULL) {
		if (err->code == PK_ENOMEM)
			return PK_ENOMEM;
		c->digest[0] = '\0';
		c->status = err->code == PK_EIO ? QA_CHILD_UNREADABLE : QA_CHILD_INVALID;
		c->problem = strdup(err->code == PK_EIO ? "cannot be read" :
				    "not a well-formed record the safe parser accepts (see pepkit validate)");
		pk_error_clear(err);
		return c->problem ? PK_OK : pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	if (known_valid(j, c->digest)) {
		n = 0;
		__atomic_fetch_add(&j->reused, 1, __ATOMIC_RELAXED);
	} else {
		n = validate_session_record(vs, doc, path, on_problem, &pr, err);
	}
	if (n < 0) {
		xmlFreeDoc(doc);
		return n;
	}
	if (n > 0) {
		c->digest[0] = '\0';
		c->status = QA_CHILD_INVALID;
		snprintf(msg, sizeof(msg), "invalid record: %d problem%s, the first at %s (see pepkit validate)",
			 pr.n, pr.n == 1 ? "" : "s", pr.field);
		xmlFreeDoc(doc);
		c->problem = strdup(msg);
		return c->problem ? PK_OK : pk_error_set(err, PK_ENOMEM, "out of memory");
	}
	rc = validate_collapse_attributes(xmlDocGetRootElement(doc)) == PK_OK ? rate(j, e, doc, c, err) :
	     pk_error_set(err, PK_ENOMEM, "out of memory");
	xmlFreeDoc(doc);
	return rc;
}

/* The header of the known-valid list: what validation depended on (pepkit's version, the
 * program's own bytes, as the pack's fingerprint takes them, so a fix in the rules at the same
 * version validates again; libxml2's version, which checks the schema; and pep.xsd's bytes).
 * PK_OK or PK_EIO with err. */
static int cache_header(char hex[FP_HEX_LEN + 1], pk_error *err)
{
	fp_ctx *fp = fp_new();
	char path[4096];
	int rc;

	if (fp == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "%s/schemas/pep.xsd", pk_datadir());
	fp_add_field(fp, "pepkit", PEPKIT_VERSION);
	fp_add_field(fp, "libxml2", xmlParserVersion);
	rc = fp_add_file(fp, "program", "/proc/self/exe", err);
	if (rc == PK_OK)
		rc = fp_add_file(fp, "pep.xsd", path, err);
	if (rc == PK_OK)
		fp_final(fp, hex);
	fp_free(fp);
	return rc;
}

/* Whether the known-valid list at path is a file this user wrote: a regular file (not a link),
 * owned by the effective user, written by no one else (no group or other write bit, one link).
 * Its entries are SHA-256s anyone can compute, so a file another account put in the folder (a
 * share others may write) could name an invalid record as valid: such a list is not trusted,
 * and every record is validated. 1 or 0; *st is what lstat() said of it. */
static int cache_trusted(const char *path, struct stat *st)
{
	return lstat(path, st) == 0 && S_ISREG(st->st_mode) && st->st_uid == geteuid() &&
	       (st->st_mode & 022) == 0 && st->st_nlink == 1;
}

/* Load OUTDIR/.pepkit-qa-valid into j->known when its header is hdr and it is a file this user
 * wrote (cache_trusted); anything unexpected (a missing, foreign or planted file, a bad line)
 * just means nothing is known. *mem is the buffer. */
static void cache_load(struct job *j, const char *dir, const char *hdr, char **mem)
{
	char path[4096], *data, *p, *known;
	size_t len, want = strlen("pepkit-qa-valid ") + FP_HEX_LEN + 1;
	long n = 0;
	pk_error err;
	struct rbuf rb = { NULL, 0, 0 };
	struct stat before, after;

	*mem = NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, VALID_CACHE);
	if (!cache_trusted(path, &before) || read_bytes(path, &rb, &err) != PK_OK)
		goto out;
	/* the file read is the one checked: not replaced between the check and the read */
	if (!cache_trusted(path, &after) || after.st_ino != before.st_ino || after.st_dev != before.st_dev)
		goto out;
	data = rb.data;
	len = rb.len;
	if (len < want || strncmp(data, "pepkit-qa-valid ", 16) != 0 || memcmp(data + 16, hdr, FP_HEX_LEN) != 0 ||
	    data[want - 1] != '\n' || (len - want) % (FP_HEX_LEN + 1) != 0)
		goto out;
	known = malloc(len - want + 1);
	if (known == NULL)
		goto out;
	for (p = data + want; p < data + len; p += FP_HEX_LEN + 1, n++) {
		if (p[FP_HEX_LEN] != '\n' || (n > 0 && memcmp(known + (n - 1) * FP_HEX_LEN, p, FP_HEX_LEN) >= 0)) {
			free(known);   /* not sorted, or malformed: trust none of it */
			goto out;
		}
		memcpy(known + n * FP_HEX_LEN, p, FP_HEX_LEN);
	}
	j->known = known;
	j->nknown = n;
	*mem = known;
out:
	free(rb.data);
}

/* qsort: digests in byte order. */
static int cmp_digest(const void *a, const void *b)
{
	return memcmp(*(const char *const *)a, *(const char *const *)b, FP_HEX_LEN);
}

/* Write the digests of this run's valid records as the new known-valid list. */
static int cache_save(const struct job *j, const char *dir, const char *hdr, pk_error *err)
{
	const char **d = calloc((size_t)j->n + 1, sizeof(*d));
	pk_buf b = PK_BUF_INIT;
	long n = 0;
	int rc = PK_ENOMEM;
	char path[4096];

	if (d == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (long i = 0; i < j->n; i++)
		if (j->rows[i].status <= QA_CHILD_NO_TERM && j->rows[i].digest[0])
			d[n++] = j->rows[i].digest;
	qsort(d, (size_t)n, sizeof(*d), cmp_digest);
	if (buf_printf(&b, "pepkit-qa-valid %s\n", hdr) != PK_OK)
		goto out;
	for (long i = 0; i < n; i++)
		if ((i == 0 || memcmp(d[i - 1], d[i], FP_HEX_LEN) != 0) && buf_printf(&b, "%s\n", d[i]) != PK_OK)
			goto out;
	snprintf(path, sizeof(path), "%s/%s", dir, VALID_CACHE);
	rc = atomic_write_file(path, b.data, b.len, err);
	goto done;
out:
	rc = pk_error_set(err, PK_ENOMEM, "out of memory");
done:
	buf_free(&b);
	free(d);
	return rc;
}

/* Worker thread: takes records by index until none is left or a worker failed; an internal
 * failure is kept in j->err (the first one) and stops the others. */
static void *worker(void *arg)
{
	struct job *j = arg;
	qa_eval *e = framework_eval_new(j->fw);
	fp_ctx *fp = fp_new();
	xmlsafe_parser *xp = xmlsafe_parser_new();
	validate_session *vs = validate_session_new(j->v);
	struct rbuf rb = { NULL, 0, 0 };
	struct block *pool = NULL;
	pk_error err;
	char path[4096];

	pk_error_clear(&err);
	if (e == NULL || fp == NULL || xp == NULL || vs == NULL) {
		pk_error_set(&err, PK_ENOMEM, "out of memory");
		goto fail;
	}
	for (;;) {
		long i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);

		if (i >= j->n || __atomic_load_n(&j->failed, __ATOMIC_RELAXED))
			break;
		snprintf(path, sizeof(path), "%s/%s", j->o->cohort_dir, j->rows[i].file);
		if (one(j, e, fp, xp, vs, &rb, path, &j->rows[i], &err) != PK_OK)
			goto fail;
		if (pool_child(&pool, &j->rows[i]) != PK_OK) {
			pk_error_set(&err, PK_ENOMEM, "out of memory");
			goto fail;
		}
	}
	pk_error_clear(&err);
fail:
	framework_eval_free(e);
	fp_free(fp);
	xmlsafe_parser_free(xp);
	validate_session_free(vs);
	free(rb.data);
	pthread_mutex_lock(&j->mu);
	if (pool != NULL) {   /* hand the blocks over: the rows point into them */
		struct block *last = pool;

		while (last->next != NULL)
			last = last->next;
		last->next = j->pool;
		j->pool = pool;
	}
	if (err.code != PK_OK && !j->failed) {
		j->err = err;
		j->failed = 1;
	}
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

/* scandir filter: names ending in ".xml" (any case, as pack reads them), not hidden. */
static int xml_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 4 && strcasecmp(d->d_name + n - 4, ".xml") == 0;
}

/* One child, one record (record/childid): every rated record whose child id another record in
 * the cohort also has becomes invalid, all of them, with a problem naming the other file, so a
 * child is never counted twice (KPIs, PP+ payable). PK_OK or PK_ENOMEM with err. */
static int mark_duplicates(struct job *j, pk_error *err)
{
	const char **ids = malloc((size_t)(j->n ? j->n : 1) * sizeof(*ids));
	long *other = malloc((size_t)(j->n ? j->n : 1) * sizeof(*other));
	int rc = PK_OK;

	if (ids == NULL || other == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (long i = 0; i < j->n; i++)
		ids[i] = j->rows[i].status <= QA_CHILD_NO_TERM ? j->rows[i].id : NULL;
	if ((rc = childid_match(ids, j->n, other, err)) != PK_OK)
		goto out;
	for (long i = 0; i < j->n && rc == PK_OK; i++) {
		qa_child *c = &j->rows[i];
		char *file, msg[600];

		if (other[i] < 0)
			continue;
		snprintf(msg, sizeof(msg), "its child id is also in '%s': two records for one child, so "
			 "neither is rated; keep the right one and run again", j->rows[other[i]].file);
		file = c->file;
		c->file = NULL;
		qa_child_clear(c);
		c->file = file;
		c->status = QA_CHILD_INVALID;
		c->attendance = -1;
		if ((c->problem = strdup(msg)) == NULL)
			rc = pk_error_set(err, PK_ENOMEM, "out of memory");
	}
out:
	free(ids);
	free(other);
	return rc;
}

/* The status words of qa-report.csv. */
static const char *status_word(int s)
{
	static const char *const w[] = { "rated", "no PEP for the term", "invalid", "unreadable" };

	return w[s];
}

/* qa-report.csv into b. */
static int write_report(const struct job *j, pk_buf *b)
{
	int na = framework_nareas(j->fw), rc;
	const char *head[8 + FRAMEWORK_MAX_AREAS + 16];
	int k = 0;

	head[k++] = "file"; head[k++] = "child id"; head[k++] = "name"; head[k++] = "school";
	head[k++] = "year group"; head[k++] = "key stage"; head[k++] = "term"; head[k++] = "status";
	for (int a = 0; a < na; a++)
		head[k++] = framework_area_name(j->fw, a);
	head[k++] = "pre-check rating"; head[k++] = "adviser rating"; head[k++] = "adviser date";
	head[k++] = "adviser"; head[k++] = "reasons"; head[k++] = "late or missing items";
	head[k++] = "timescale findings"; head[k++] = "attendance %"; head[k++] = "PP+ requested";
	head[k++] = "PP+ payable"; head[k++] = "problem";
	if ((rc = csvw_row(b, head, (size_t)k)) != PK_OK)
		return rc;
	for (long i = 0; i < j->n; i++) {
		const qa_child *c = &j->rows[i];
		const char *f[8 + FRAMEWORK_MAX_AREAS + 16];
		char att[32] = "", req[32] = "", pay[32] = "", late[16];

		k = 0;
		f[k++] = c->file; f[k++] = c->id; f[k++] = c->name; f[k++] = c->school;
		f[k++] = c->year; f[k++] = c->key_stage; f[k++] = c->term; f[k++] = status_word(c->status);
		for (int a = 0; a < na; a++)
			f[k++] = qa_rating_name(c->status == QA_CHILD_RATED ? c->rating.area[a] : QA_UNRATED);
		if (c->attendance >= 0)
			snprintf(att, sizeof(att), "%.1f", c->attendance);
		if (c->status == QA_CHILD_RATED) {
			money(c->pp_requested, req);
			money(c->pp_payable, pay);
		}
		snprintf(late, sizeof(late), "%d", c->nfindings);
		f[k++] = qa_rating_name(c->rating.overall); f[k++] = qa_rating_name(c->confirmed);
		f[k++] = c->confirmed_date; f[k++] = c->adviser; f[k++] = c->reasons;
		f[k++] = c->status <= QA_CHILD_NO_TERM ? late : ""; f[k++] = c->findings; f[k++] = att;
		f[k++] = req; f[k++] = pay; f[k++] = c->problem;
		if ((rc = csvw_row(b, f, (size_t)k)) != PK_OK)
			return rc;
	}
	return PK_OK;
}

/* Per school and term PP+ totals. */
struct pptot {
	const char *school, *term;
	long requested, payable;
	int requests;
};

/* qsort: by school, then term. */
static int cmp_tot(const void *a, const void *b)
{
	const struct pptot *x = a, *y = b;
	int r = strcmp(x->school, y->school);

	return r ? r : strcmp(x->term, y->term);
}

/* pp-plus.csv into b: request rows, then one total row per school and term, then the grand
 * total. */
static int write_pp(const struct job *j, pk_buf *b)
{
	static const char *const head[] = { "row", "school", "term", "child id", "request", "amount",
					    "purpose", "linked targets", "rating", "rating from", "payable",
					    "payable amount", "reason" };
	struct pptot *t = NULL;
	long nt = 0, req = 0, pay = 0;
	int rc;
	char a[32], p[32], n[32];

	if ((rc = csvw_row(b, head, PK_ARRAY_LEN(head))) != PK_OK)
		return rc;
	t = calloc((size_t)j->n + 1, sizeof(*t));
	if (t == NULL)
		return PK_ENOMEM;
	for (long i = 0; i < j->n; i++) {
		const qa_child *c = &j->rows[i];

		if (c->pp_rows == NULL)
			continue;
		if ((rc = buf_puts(b, c->pp_rows)) != PK_OK)
			goto out;
		t[nt].school = c->school;
		t[nt].term = c->term;
		t[nt].requested = c->pp_requested;
		t[nt].payable = c->pp_payable;
		t[nt].requests = c->pp_requests;
		nt++;
	}
	qsort(t, (size_t)nt, sizeof(*t), cmp_tot);
	for (long i = 0; i < nt;) {
		long r = 0, y = 0, k = 0, s = i;

		for (; i < nt && cmp_tot(&t[s], &t[i]) == 0; i++) {
			r += t[i].requested;
			y += t[i].payable;
			k += t[i].requests;
		}
		money(r, a);
		money(y, p);
		snprintf(n, sizeof(n), "%ld", k);
		{
			const char *f[] = { "total", t[s].school, t[s].term, "", n, a, "", "", "", "", "", p, "" };

			if ((rc = csvw_row(b, f, PK_ARRAY_LEN(f))) != PK_OK)
				goto out;
		}
		req += r;
		pay += y;
	}
	money(req, a);
	money(pay, p);
	{
		const char *f[] = { "grand total", "", "", "", "", a, "", "", "", "", "", p, "" };

		rc = csvw_row(b, f, PK_ARRAY_LEN(f));
	}
out:
	free(t);
	return rc;
}

/* Write the run's n outputs, bufs[i] to OUTDIR/names[i] (the path into paths[i]), together: each
 * into its temp file, all of them synced, and only then renamed into place one after another, so
 * a full disk or an I/O error while writing leaves every earlier output as it was (never a new
 * report beside an old dashboard). Each previous output is kept as a hard link under a temp name
 * while the new ones are renamed in: when a rename fails (EIO, a full directory, EXDEV), the ones
 * already renamed are put back (or removed, where there was none), so none is replaced; one
 * that cannot be put back is named in err. PK_OK or PK_EIO with err. */
static int put_all(const char *dir, int n, const char *const *names, pk_buf *const *bufs, char (*paths)[4096],
		   pk_error *err)
{
	atomic_file f[3];
	char prev[3][4200];
	int had[3] = { 0, 0, 0 };   /* 1: a previous output is kept at prev[i]; -1: it could not be */
	int opened = 0, committed = 0, rc = PK_OK;

	for (int i = 0; i < n && i < 3 && rc == PK_OK; i++) {
		snprintf(paths[i], 4096, "%s/%s", dir, names[i]);
		if ((rc = atomic_open(&f[i], paths[i], err)) != PK_OK)
			break;
		opened = i + 1;
		rc = atomic_write(&f[i], bufs[i]->data ? bufs[i]->data : "", bufs[i]->len, err);
	}
	for (int i = 0; i < opened && rc == PK_OK; i++) {
		struct stat st;

		if (fsync(f[i].fd) != 0)
			rc = pk_error_set(err, PK_EIO, "cannot write '%s': %s", paths[i], strerror(errno));
		else if (lstat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))   /* rename would fail */
			rc = pk_error_set(err, PK_EIO, "cannot write '%s': %s", paths[i], strerror(EISDIR));
	}
	/* the previous outputs, kept until every new one is in place (a killed run's are temp
	 * files the next run removes) */
	for (int i = 0; i < opened && rc == PK_OK; i++) {
		snprintf(prev[i], sizeof(prev[i]), "%s/" ATOMIC_TMP_PREFIX "previous.%s", dir, names[i]);
		unlink(prev[i]);
		if (link(paths[i], prev[i]) == 0)
			had[i] = 1;
		else if (errno != ENOENT)
			had[i] = -1;   /* cannot be put back: the rename is still tried */
	}
	for (int i = 0; i < opened && rc == PK_OK; i++) {
		if ((rc = atomic_commit(&f[i], 0, err)) == PK_OK)
			committed = i + 1;
	}
	for (int i = 0; i < opened; i++)
		if (rc != PK_OK)
			atomic_abort(&f[i]);   /* a committed one is left alone (its fd is closed) */
	if (rc != PK_OK) {
		/* put back the ones this run renamed in: none replaced, or say which is new */
		char left[600] = "";
		size_t used = 0;

		for (int i = 0; i < committed; i++) {
			int back = had[i] == 1 ? rename(prev[i], paths[i]) == 0 : had[i] == 0 ? unlink(paths[i]) == 0 : 0;

			if (back) {
				if (had[i] == 1)
					had[i] = 0;
				continue;
			}
			if (used < sizeof(left))
				used += (size_t)snprintf(left + used, sizeof(left) - used, "%s'%s'", used ? ", " : "", names[i]);
		}
		if (left[0]) {
			pk_error e = *err;

			pk_error_set(err, e.code, "%s; %s %s this run's and could not be put back as it was", e.msg, left,
				     strchr(left, ',') ? "are" : "is");
		}
		(void)atomic_sync_dir(dir, &(pk_error){ 0 });
	}
	for (int i = 0; i < opened; i++)
		if (had[i] == 1)
			unlink(prev[i]);
	return rc;
}

/* A run's outputs could not be written: every record that was not rated, and why, goes to
 * stderr instead, so none is unaccounted for (the counts are in res for the caller). */
static void account_on_stderr(const struct job *j)
{
	for (long i = 0; i < j->n; i++) {
		const qa_child *c = &j->rows[i];

		if (c->status > QA_CHILD_NO_TERM)
			msg_warning("qa: not in a report: '%s': %s", c->file,
				    c->problem ? c->problem : c->status == QA_CHILD_INVALID ? "invalid" : "cannot be read");
	}
}

int qa_run(const qa_opts *o, qa_result *res, pk_error *err)
{
	struct job j;
	qa_framework *fw = NULL;
	qa_calendar *cal = NULL;
	struct dirent **names = NULL;
	pthread_t tids[MAX_THREADS];
	int nthreads = 0, started = 0, rc, nnames = -1;
	pk_lock *lock = NULL;
	pk_buf report = PK_BUF_INIT, pp = PK_BUF_INIT, dash = PK_BUF_INIT;
	char path[4096], hdr[FP_HEX_LEN + 1], *known = NULL;
	const qa_term *ct;

	memset(res, 0, sizeof(*res));
	memset(&j, 0, sizeof(j));
	pthread_mutex_init(&j.mu, NULL);
	qa_resolve("qa", o->framework_path ? o->framework_path : "default", path, sizeof(path));
	if ((rc = framework_load(path, &fw, err)) != PK_OK)
		goto out;
	qa_resolve("calendar", o->calendar_path ? o->calendar_path : "england-2025-27", path, sizeof(path));
	if ((rc = calendar_load(path, &cal, err)) != PK_OK)
		goto out;
	if ((j.v = validate_new(err)) == NULL) {
		rc = PK_EIO;
		goto out;
	}
	validate_use_fast(j.v);   /* a cohort: the fast path pays for its schema at once */
	nnames = scandir(o->cohort_dir, &names, xml_name, alphasort);
	if (nnames < 0) {
		rc = pk_error_set(err, PK_EIO, "cannot read cohort folder '%s'", o->cohort_dir);
		goto out;
	}
	if (nnames > MAX_RECORDS) {
		rc = pk_error_set(err, PK_ELIMIT, "'%s': more than %d records", o->cohort_dir, MAX_RECORDS);
		goto out;
	}
	j.o = o;
	j.fw = fw;
	j.cal = cal;
	j.n = nnames;
	ct = o->term ? calendar_term(cal, o->term) : calendar_term_at(cal, o->today);
	j.completion_term = o->term ? o->term : ct ? ct->id : NULL;
	j.rows = calloc((size_t)nnames + 1, sizeof(qa_child));
	if (j.rows == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	for (int i = 0; i < nnames; i++)
		if ((j.rows[i].file = strdup(names[i]->d_name)) == NULL) {
			rc = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
	/* the lock before any work, so a second run is refused at once */
	if ((rc = atomic_mkdirs(o->out_dir, err)) != PK_OK ||
	    (rc = lock_acquire(o->out_dir, 0, &lock, err)) != PK_OK)
		goto out;
	atomic_clean_stale(o->out_dir);
	if ((rc = cache_header(hdr, err)) != PK_OK)
		goto out;
	cache_load(&j, o->out_dir, hdr, &known);
	/* one per online core: the work is CPU-bound (files are only read), and a second thread
	 * per core costs a quarter more CPU time in switching and cache misses */
	nthreads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > MAX_THREADS)
		nthreads = MAX_THREADS;
	if (nthreads > nnames)
		nthreads = nnames > 0 ? nnames : 1;
	for (started = 0; started < nthreads; started++)
		if (pthread_create(&tids[started], NULL, worker, &j) != 0)
			break;
	if (started == 0)
		worker(&j);
	for (int i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	if (j.failed) {
		*err = j.err;
		rc = PK_EIO;
		goto out;
	}
	if ((rc = mark_duplicates(&j, err)) != PK_OK)
		goto out;
	for (long i = 0; i < j.n; i++) {
		const qa_child *c = &j.rows[i];

		res->total++;
		switch (c->status) {
		case QA_CHILD_RATED: res->rated++; res->overall[c->rating.overall]++; break;
		case QA_CHILD_NO_TERM: res->no_term++; break;
		case QA_CHILD_INVALID: res->invalid++; break;
		default: res->unreadable++; break;
		}
		if (c->status <= QA_CHILD_NO_TERM && c->nfindings > 0)
			res->late++;
		res->pp_requested += c->pp_requested;
		res->pp_payable += c->pp_payable;
	}
	report.max = pp.max = dash.max = 1u << 30;
	if ((rc = write_report(&j, &report)) != PK_OK || (rc = write_pp(&j, &pp)) != PK_OK) {
		pk_error_set(err, rc, "out of memory writing the reports");
		goto out;
	}
	{
		qa_dash d = { j.rows, j.n, fw, cal, o->today, o->term, j.completion_term };

		if ((rc = dashboard_build(&d, &dash)) != PK_OK) {
			pk_error_set(err, rc, "out of memory writing the dashboard");
			goto out;
		}
	}
	{
		static const char *const names[3] = { "qa-report.csv", "pp-plus.csv", "dashboard.html" };
		pk_buf *const bufs[3] = { &report, &pp, &dash };
		char paths[3][4096];

		if ((rc = put_all(o->out_dir, 3, names, bufs, paths, err)) != PK_OK) {
			account_on_stderr(&j);
			res->accounted = 1;
			goto out;
		}
		snprintf(res->report_csv, sizeof(res->report_csv), "%s", paths[0]);
		snprintf(res->pp_csv, sizeof(res->pp_csv), "%s", paths[1]);
		snprintf(res->dashboard, sizeof(res->dashboard), "%s", paths[2]);
	}
	if ((rc = cache_save(&j, o->out_dir, hdr, err)) != PK_OK)
		goto out;
	res->revalidated = j.reused;
	rc = PK_OK;
out:
	lock_release(lock);
	buf_free(&report);
	buf_free(&pp);
	buf_free(&dash);
	for (long i = 0; j.rows && i < j.n; i++)
		qa_child_clear(&j.rows[i]);
	free(j.rows);
	pool_free(j.pool);
	free(known);
	for (int i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	validate_free(j.v);
	calendar_free(cal);
	framework_free(fw);
	pthread_mutex_destroy(&j.mu);
	return rc;
}
