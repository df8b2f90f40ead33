/*
 * send.c: the `pepkit send` run (send.h): records in, deliveries planned, copies rendered once
 * per (document, reader) of a record, each delivery moved through the send log's states.
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "deliver/send.h"
#include "record/childid.h"
#include "deliver/plan.h"
#include "deliver/mime.h"
#include "deliver/smtp.h"
#include "deliver/sendlog.h"
#include "batch/form.h"
#include "batch/pipeline.h"
#include "core/atomic.h"
#include "core/civil.h"
#include "core/csvw.h"
#include "core/fingerprint.h"
#include "core/lock.h"
#include "core/manifest.h"
#include "core/msg.h"

#include <ctype.h>
#include <pthread.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_INPUTS 200000

/* One reader's copy of one document of the record being sent. */
typedef struct copy {
	int state;          /* 0 not made, 1 made, -1 failed */
	pk_buf pdf;
	char hash[FP_HEX_LEN + 1];
	xmlDocPtr ir;
	int docx;           /* a pre-filled Word form (DOCX) rather than a PDF */
	char error[400];
} copy;

/* One record made ready by the preparing thread: its deliveries, their copies and keys. */
typedef struct job {
	const char *file;
	int failed;                  /* the record could not be read or planned: error says why */
	char error[1024];
	char term[40];
	int n;
	int not_due;                 /* meeting documents not due: no meeting in the term yet */
	delivery *d;                 /* PLAN_MAX entries */
	char (*keys)[FP_HEX_LEN + 1];
	copy copies[COUNCIL_MAX_DOCS][PIPELINE_MAX_AUDIENCES];   /* [council document][reader] */
	xmlDocPtr rec;               /* kept for the forms, which the main thread makes */
	char shown[128];             /* how messages name the record when its path holds the name */
} job;

/* Jobs in flight: the preparing thread renders the next records' copies while the main thread
 * logs and sends the current one (the relay's round trips overlap the rendering). */
#define RING 3

/* Everything one run holds. */
typedef struct run {
	const send_opts *o;
	send_report *r;
	pipeline *p;
	sendlog *log;
	smtp_session *smtp;
	/* set when the relay did not answer in time: the reason the run's remaining e-mail
	 * deliveries are not attempted (a stalled relay costs one timeout, not one per delivery) */
	char relay_stopped[400];
	char post_dir[4096];
	/* POSTDIR/.pepkit-manifest: each letter's file and the fingerprint of what shaped it */
	manifest *letters;
	long remade;        /* letters made again this run: what shaped them changed */
	pk_buf msg;
	pk_buf plan_csv;
	int tx;             /* a send-log transaction is open (not yet on disk) */
	/* the ring of jobs: [head, head+count) are ready or being sent, in file order */
	char **files;
	long *dup;          /* per file: another file of the same child, or -1 (childid_duplicates) */
	long nfiles, next;  /* next: the file the preparing thread takes next */
	job ring[RING];
	int head, count, done, abort;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} run;

/*
 * Send-log commits. Every commit is an fsync (synchronous=FULL), so outcomes are grouped: a
 * delivery's result (sent, failed, unknown, refused) stays in the open transaction and reaches
 * the disk with the next commit, which at the latest is the next delivery's `sending` commit
 * (always committed before the relay is contacted) or the end of the record. A crash in between
 * leaves that delivery `sending`, which the next run turns into `unknown`: never a silent
 * resend, at the price of one more `unknown` to check.
 */
static int tx_begin(run *x, pk_error *err)
{
	int rc = PK_OK;

	if (!x->tx && (rc = sendlog_begin(x->log, err)) == PK_OK)
		x->tx = 1;
	return rc;
}

static int tx_commit(run *x, pk_error *err)
{
	int rc = PK_OK;

	if (x->tx) {
		x->tx = 0;
		rc = sendlog_commit(x->log, err);
	}
	return rc;
}

/* Record a state inside the open transaction (committed later, see above). */
static int log_state(run *x, const char *key, const char *state, const char *reason, const char *reply,
		     pk_error *err)
{
	int rc = tx_begin(x, err);

	return rc == PK_OK ? sendlog_set(x->log, key, state, reason, reply, err) : rc;
}

void send_term_label(const char *term, char *buf, size_t size)
{
	const char *dash = strchr(term, '-');

	if (dash == NULL || dash[1] == '\0') {
		snprintf(buf, size, "%s", term);
		return;
	}
	snprintf(buf, size, "%c%s %.*s", toupper((unsigned char)dash[1]), dash + 2, (int)(dash - term), term);
}

/* Append a problem line to the report (ids and reasons only). */
static void problem(run *x, const delivery *d, const char *what, const char *reason)
{
	buf_printf(&x->r->problems, "%s %s %s %s (%s): %s: %s\n", d->child, d->term, d->doc, d->person,
		   d->role, what, reason);
}

/* 1 if name ends in .xml. */
static int is_xml(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcasecmp(name + n - 4, ".xml") == 0 && name[0] != '.';   /* *.XML too, as pack */
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expand the inputs (files, folders of *.xml) into a sorted list of paths. PK_OK with *files
 * (free each and the array) and *n, or PK_EIO/PK_ELIMIT/PK_ENOMEM with err. */
static int collect(const send_opts *o, char ***files, long *n, pk_error *err)
{
	char **f = NULL;
	long cnt = 0, cap = 0;
	int rc = PK_OK;

	for (int i = 0; i < o->ninputs && rc == PK_OK; i++) {
		struct stat st;
		DIR *dir;
		struct dirent *e;
		long first = cnt;

		if (stat(o->inputs[i], &st) != 0) {
			rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", o->inputs[i], strerror(errno));
			break;
		}
		dir = S_ISDIR(st.st_mode) ? opendir(o->inputs[i]) : NULL;
		if (S_ISDIR(st.st_mode) && dir == NULL) {
			rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", o->inputs[i], strerror(errno));
			break;
		}
		for (;;) {
			char path[4096];

			if (dir) {
				if ((e = readdir(dir)) == NULL)
					break;
				if (!is_xml(e->d_name) ||
				    snprintf(path, sizeof(path), "%s/%s", o->inputs[i], e->d_name) >= (int)sizeof(path))
					continue;
			} else {
				snprintf(path, sizeof(path), "%s", o->inputs[i]);
			}
			if (cnt == MAX_INPUTS) {
				rc = pk_error_set(err, PK_ELIMIT, "more than %d records", MAX_INPUTS);
				break;
			}
			if (cnt == cap) {
				char **g = realloc(f, (size_t)(cap ? cap * 2 : 64) * sizeof(*f));

				if (g == NULL) {
					rc = pk_error_set(err, PK_ENOMEM, "out of memory");
					break;
				}
				f = g;
				cap = cap ? cap * 2 : 64;
			}
			if ((f[cnt] = strdup(path)) == NULL) {
				rc = pk_error_set(err, PK_ENOMEM, "out of memory");
				break;
			}
			cnt++;
			if (!dir)
				break;
		}
		if (dir) {
			closedir(dir);
			if (cnt > first)   /* an empty folder: f may still be NULL */
				qsort(f + first, (size_t)(cnt - first), sizeof(*f), cmp_str);
		}
	}
	if (rc != PK_OK) {
		for (long i = 0; i < cnt; i++)
			free(f[i]);
		free(f);
		f = NULL;
		cnt = 0;
	}
	*files = f;
	*n = cnt;
	return rc;
}

/* 1 if the council document name is a pre-filled Word form ("form-pep1"). */
static int is_form(const char *name)
{
	return strncmp(name, "form-", 5) == 0;
}

/* The index of name in the council's documents; -1 if absent. */
static int cdoc_index(const council *c, const char *name)
{
	for (int i = 0; i < c->ndocs; i++)
		if (strcmp(c->docs[i].name, name) == 0)
			return i;
	return -1;
}

/* The index of name in the pipeline's documents or audiences; -1 if absent. */
static int doc_index(const pipeline *p, const char *name)
{
	for (int i = 0; i < pipeline_ndocs(p); i++)
		if (strcmp(pipeline_doc_name(p, i), name) == 0)
			return i;
	return -1;
}

static int aud_index(const pipeline *p, const char *name)
{
	for (int i = 0; i < pipeline_naudiences(p); i++)
		if (strcmp(pipeline_audience_name(p, i), name) == 0)
			return i;
	return -1;
}

/* Make (once per record) council document ci as audience ai sees it: a PDF through the
 * pipeline (any thread), or for a form (main thread only: batch/form.h loads stylesheets) a
 * pre-filled DOCX. Returns the copy (state 1) or the copy with state -1 and error set. */
static copy *get_copy(run *x, job *j, xmlDocPtr rec, int ci, int ai)
{
	copy *c = &j->copies[ci][ai];
	const char *file = j->file, *term = j->term, *name = x->o->council->docs[ci].name;
	xmlDocPtr seen = NULL;
	pk_error e;
	int rc;

	if (c->state != 0)
		return c;
	pk_error_clear(&e);
	c->state = -1;
	rc = pipeline_redact(x->p, rec, ai, &seen, NULL, &e);
	if (rc == PK_OK && is_form(name)) {
		c->docx = 1;
		rc = form_template(name + 5, seen, file, term, NULL,
				   pipeline_audience_is_full(x->p, ai) ? NULL : pipeline_audience_name(x->p, ai),
				   &c->pdf, &c->ir, &e);
	} else if (rc == PK_OK) {
		c->ir = pipeline_transform(x->p, seen, file, doc_index(x->p, name), term, ai, &e);
		if (c->ir == NULL)
			rc = e.code ? e.code : PK_EINTERNAL;
		if (rc == PK_OK)
			rc = pipeline_render(c->ir, PIPELINE_PDF, &c->pdf, NULL, &e);
	}
	if (seen != rec)
		xmlFreeDoc(seen);
	if (rc != PK_OK) {
		snprintf(c->error, sizeof(c->error), "cannot make the copy: %.360s", e.msg[0] ? e.msg : "internal error");
		return c;
	}
	if (fp_sha256_hex(c->pdf.data, c->pdf.len, c->hash) != PK_OK) {
		snprintf(c->error, sizeof(c->error), "cannot hash the copy: libcrypto cannot be loaded");
		return c;
	}
	c->state = 1;
	return c;
}

/* Free a job's copies (the job can be used again). */
static void free_copies(job *jb)
{
	xmlFreeDoc(jb->rec);
	jb->rec = NULL;
	for (int i = 0; i < COUNCIL_MAX_DOCS; i++)
		for (int j = 0; j < PIPELINE_MAX_AUDIENCES; j++) {
			buf_free(&jb->copies[i][j].pdf);
			xmlFreeDoc(jb->copies[i][j].ir);
			memset(&jb->copies[i][j], 0, sizeof(copy));
		}
}

/* A file-name-safe version of s (letters, digits, '-', '_', '.'; others '_') into buf. */
static void safe_name(const char *s, char *buf, size_t size)
{
	size_t i = 0;

	for (; *s && i + 1 < size; s++)
		buf[i++] = isalnum((unsigned char)*s) || *s == '-' || *s == '_' ? *s : '_';
	buf[i] = '\0';
}

/* The delivery key: the fingerprint of (child, term, document, recipient, copy hash). The
 * recipient is the address, or "post:PERSON" when the record gives none. */
static void delivery_key(const delivery *d, const char *hash, char key[FP_HEX_LEN + 1])
{
	fp_ctx *f = fp_new();
	char who[400];

	snprintf(who, sizeof(who), "%s%s", d->address[0] ? "" : "post:", d->address[0] ? d->address : d->person);
	if (f == NULL) {
		/* out of memory: a key no row has, so nothing is wrongly skipped */
		snprintf(key, FP_HEX_LEN + 1, "%064d", 0);
		return;
	}
	fp_add_field(f, "pepkit-delivery", "1");
	fp_add_field(f, "child", d->child);
	fp_add_field(f, "term", d->term);
	fp_add_field(f, "document", d->doc);
	fp_add_field(f, "recipient", who);
	fp_add_field(f, "copy", hash);
	fp_final(f, key);
	fp_free(f);
}

/* What subjects and letters call a document: "PEP2", or "PEP1 form" for "form-pep1". */
static void doc_label(const char *doc, char *buf, size_t size)
{
	int form = is_form(doc);

	snprintf(buf, size, "%s%s", form ? doc + 5 : doc, form ? " form" : "");
	for (char *p = buf; *p && *p != ' '; p++)
		*p = (char)toupper((unsigned char)*p);
}

/* The post folder's manifest (core/manifest.h) of letters. */
#define POST_MANIFEST ".pepkit-manifest"

/* The file name of delivery d's post letter (key: the delivery's key) into buf. */
static void post_file(const delivery *d, const char *key, char *buf, size_t size)
{
	char child[64], person[64];

	safe_name(d->child, child, sizeof(child));
	safe_name(d->person, person, sizeof(person));
	snprintf(buf, size, "%s-%s-%s-%s-%.8s.pdf", child, d->doc, d->term, person, key);
}

/* The fingerprint of everything that shapes d's post letter but its date: the copy (its hash),
 * the council's letter text, name, sender and marking, and the recipient's name, organisation
 * and role as the record gives them. A letter whose manifest entry has another is made again. */
static void letter_fp(const council *cn, const delivery *d, const char *hash, char fp[FP_HEX_LEN + 1])
{
	fp_ctx *f = fp_new();

	if (f == NULL) {
		snprintf(fp, FP_HEX_LEN + 1, "%064d", 0);   /* matches no entry: the letter is made */
		return;
	}
	fp_add_field(f, "pepkit-letter", "1");
	fp_add_field(f, "copy", hash);
	fp_add_field(f, "letter", cn->letter);
	fp_add_field(f, "council", cn->name);
	fp_add_field(f, "sender", cn->sender_name);
	fp_add_field(f, "marking", d->marking);
	fp_add_field(f, "document", d->doc);
	fp_add_field(f, "term", d->term);
	fp_add_field(f, "child", d->child);
	fp_add_field(f, "person", d->person);
	fp_add_field(f, "role", d->role);
	fp_add_field(f, "reader", d->audience);
	fp_add_field(f, "name", d->name);
	fp_add_field(f, "org", d->org);
	fp_final(f, fp);
	fp_free(f);
}

/* The post list PDF of delivery d: a covering letter, a page break, then the copy's IR,
 * rendered once as one PDF into the post folder, and recorded in the post folder's manifest
 * with the fingerprint of what shaped it (letter_fp). PK_OK or a PK_E* code with err. */
static int write_post(run *x, const delivery *d, const copy *c, const char *key, pk_error *err)
{
	const council *cn = x->o->council;
	xmlDocPtr doc = xmlCopyDoc(c->ir, 1);
	xmlNodePtr body = NULL, first, n;
	pk_buf pdf = PK_BUF_INIT;
	char path[8192], file[400], label[64], date[32], doc_up[32], fp[FP_HEX_LEN + 1], sha[FP_HEX_LEN + 1];
	char *text = NULL;
	char ymd[16];
	int rc;

	if (doc == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	for (n = xmlDocGetRootElement(doc)->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "body"))
			body = n;
	if (body == NULL) {
		rc = pk_error_set(err, PK_EINTERNAL, "the document IR has no body");
		goto out;
	}
	{   /* the letter's date: the day in England, wherever the machine's clock is set */
		static const char *const month[12] = { "January", "February", "March", "April", "May",
			"June", "July", "August", "September", "October", "November", "December" };
		int mo;

		civil_england_date((long long)time(NULL), ymd);
		mo = atoi(ymd + 5);
		snprintf(date, sizeof(date), "%.2s %s %.4s", ymd + 8,
			 month[mo >= 1 && mo <= 12 ? mo - 1 : 0], ymd);
	}
	send_term_label(d->term, label, sizeof(label));
	doc_label(d->doc, doc_up, sizeof(doc_up));
	text = council_expand(cn->letter, doc_up, label, d->child, d->audience, cn->sender_name, d->marking);
	if (text == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	/* build the letter's elements, then move them in front of the body's first child */
	{
		xmlNodePtr letter = xmlNewNode(NULL, BAD_CAST "letter");
		char *save = NULL;

		xmlNewTextChild(letter, NULL, BAD_CAST "p", BAD_CAST (d->name[0] ? d->name : d->person));
		if (d->org[0])
			xmlNewTextChild(letter, NULL, BAD_CAST "p", BAD_CAST d->org);
		xmlNewTextChild(letter, NULL, BAD_CAST "p", BAD_CAST date);
		n = xmlNewTextChild(letter, NULL, BAD_CAST "h", BAD_CAST cn->name);
		xmlNewProp(n, BAD_CAST "level", BAD_CAST "1");
		/* paragraphs are separated by blank lines; single newlines become spaces */
		for (char *para = strtok_r(text, "\n", &save); para; para = strtok_r(NULL, "\n", &save)) {
			if (para[strspn(para, " \t\r")] == '\0')
				continue;
			xmlNewTextChild(letter, NULL, BAD_CAST "p", BAD_CAST para);
		}
		xmlNewChild(letter, NULL, BAD_CAST "page-break", NULL);
		first = body->children;
		while ((n = letter->children) != NULL) {
			xmlUnlinkNode(n);
			if (first)
				xmlAddPrevSibling(first, n);
			else
				xmlAddChild(body, n);
		}
		xmlFreeNode(letter);
	}
	rc = pipeline_render(doc, PIPELINE_PDF, &pdf, NULL, err);
	if (rc != PK_OK)
		goto out;
	post_file(d, key, file, sizeof(file));
	snprintf(path, sizeof(path), "%s/%s", x->post_dir, file);
	letter_fp(cn, d, c->hash, fp);
	if (x->letters && (rc = manifest_begin(x->letters, file, err)) != PK_OK)
		goto out;
	if ((rc = atomic_write_file(path, pdf.data, pdf.len, err)) != PK_OK)
		goto out;
	if (x->letters && fp_sha256_hex(pdf.data, pdf.len, sha) == PK_OK &&
	    manifest_put_output(x->letters, file, fp, NULL, sha, err) != PK_OK) {
		/* the letter is in place; unknown to the manifest, it is made again next run */
		msg_warning("cannot record the post letter '%s': %s", file, err->msg);
		pk_error_clear(err);
	}
out:
	free(text);
	buf_free(&pdf);
	xmlFreeDoc(doc);
	return rc;
}

/* The post folder's owner mark: the id of the send log whose post list the folder holds. */
#define POST_OWNER ".pepkit-post-log"

/*
 * One send log per post folder. post-list.csv is written from the log alone, so a second log's
 * run in the same folder (`--post` shared by two officers' logs) wrote a list without the first
 * log's letters: left in the folder, off the list the post room prints from, never posted. The
 * folder keeps the id of its log (POSTDIR/.pepkit-post-log); another log is refused. A folder
 * without the mark is taken; LOGDIR/post (own: the default) is always the log's, so a log
 * started again there takes it over. PK_OK, or PK_EIO with err.
 */
static int post_owner(const char *post_dir, const char *id, int own, pk_error *err)
{
	char path[4200], buf[256], text[200];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", post_dir, POST_OWNER);
	if (atomic_no_links(path, 0, err) != PK_OK)
		return PK_EIO;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n > 0) {
		const char *p;

		buf[n] = '\0';
		if ((p = strstr(buf, "\nlog ")) != NULL && strncmp(p + 5, id, 32) == 0)
			return PK_OK;
		if (p != NULL && !own)
			return pk_error_set(err, PK_EIO, "'%s' holds the post list of another send log: a run of this "
					    "one would write a post list without that log's letters, and they would "
					    "never be posted; give each send log its own --post folder (or remove "
					    "'%s' if that log is gone for good)", post_dir, path);
	}
	n = snprintf(text, sizeof(text), "pepkit send: this folder holds the post list of one send log.\nlog %s\n", id);
	return atomic_write_file(path, text, (size_t)n, err);
}

/*
 * One post folder per send log. post-list.csv lists every letter of the log, so a run given
 * another --post folder than the last one listed there the letters that are in the first (the
 * post room looking for files not there, or printing them twice). The log keeps its post
 * folder's real path (meta 'post-folder'); another folder is refused while that one still holds
 * a post list; a folder moved away (the old path gone, or no list left there) is followed.
 * PK_OK, or PK_EIO with err.
 */
static int post_folder_same(run *x, pk_error *err)
{
	char now[PATH_MAX], was[PATH_MAX], list[PATH_MAX + 16];
	struct stat a, b;
	int got;

	if (realpath(x->post_dir, now) == NULL)
		return pk_error_set(err, PK_EIO, "cannot resolve the post folder '%s': %s", x->post_dir, strerror(errno));
	if ((got = sendlog_meta_get(x->log, "post-folder", was, sizeof(was), err)) < 0)
		return got;
	if (got && strcmp(was, now) != 0 && stat(was, &a) == 0 && stat(now, &b) == 0 &&
	    (a.st_dev != b.st_dev || a.st_ino != b.st_ino) &&
	    snprintf(list, sizeof(list), "%s/post-list.csv", was) < (int)sizeof(list) && access(list, F_OK) == 0)
		return pk_error_set(err, PK_EIO, "this send log keeps its post list in '%s', not '%s': a post list "
				    "here would name letters that are there; give that folder (--post), or move it "
				    "here first", was, now);
	return got && strcmp(was, now) == 0 ? PK_OK : sendlog_meta_set(x->log, "post-folder", now, err);
}

/* Whether d's post letter, on the post list already, is stale: its file is still in the post
 * folder (a letter the post room took away is not made again) and the manifest does not say it
 * was made from what would shape it now (letter_fp), a letter an earlier pepkit made, unknown
 * to the manifest, included. 1 or 0. */
static int letter_stale(run *x, const delivery *d, const copy *c, const char *key)
{
	char file[400], path[8192], fp[FP_HEX_LEN + 1];
	struct stat st;

	if (x->letters == NULL)
		return 0;
	post_file(d, key, file, sizeof(file));
	snprintf(path, sizeof(path), "%s/%s", x->post_dir, file);
	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	letter_fp(x->o->council, d, c->hash, fp);
	if (manifest_current(x->letters, file, fp, NULL)) {
		manifest_confirm(x->letters, file);
		return 0;
	}
	return 1;
}

/* Build the message for d with copy c into x->msg. PK_OK or a PK_E* code with err. */
static int build_message(run *x, const delivery *d, const copy *c, const char *key, pk_error *err)
{
	const council *cn = x->o->council;
	char subject[600], label[64], doc_up[32], file[200], child[64], msgid[200];
	const char *dom = strchr(cn->sender, '@') + 1;
	char *body;
	mime_msg m;
	int rc;

	send_term_label(d->term, label, sizeof(label));
	doc_label(d->doc, doc_up, sizeof(doc_up));
	snprintf(subject, sizeof(subject), "%s: %s %s %s%s%s", d->marking, doc_up, d->child, label,
		 d->keyword[0] ? " " : "", d->keyword);
	safe_name(d->child, child, sizeof(child));
	snprintf(file, sizeof(file), "%s-%s-%s.%s", child, d->doc, d->term, c->docx ? "docx" : "pdf");
	snprintf(msgid, sizeof(msgid), "<%.40s.pepkit@%s>", key, dom);
	body = council_expand(cn->body, doc_up, label, d->child, d->audience, cn->sender_name, d->marking);
	if (body == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	memset(&m, 0, sizeof(m));
	m.from = cn->sender;
	m.from_name = cn->sender_name;
	m.to = d->address;
	m.subject = subject;
	m.message_id = msgid;
	m.date = time(NULL);
	m.body = body;
	m.attachment = c->pdf.data;
	m.attachment_len = c->pdf.len;
	m.filename = file;
	m.content_type = c->docx ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
				 : "application/pdf";
	buf_reset(&x->msg);
	if (d->route == ROUTE_SMIME)
		rc = mime_smime_message(&m, d->cert, &x->msg, err);
	else if ((rc = mime_message(&m, &x->msg)) != PK_OK)
		pk_error_set(err, rc, "out of memory");
	free(body);
	return rc;
}

/* Fill a log row from d. */
static void to_row(const delivery *d, const char *key, const char *hash, const char *msgid_dom,
		   sendlog_row *row)
{
	memset(row, 0, sizeof(*row));
	snprintf(row->key, sizeof(row->key), "%s", key);
	snprintf(row->child, sizeof(row->child), "%s", d->child);
	snprintf(row->term, sizeof(row->term), "%s", d->term);
	snprintf(row->document, sizeof(row->document), "%s", d->doc);
	snprintf(row->person, sizeof(row->person), "%s", d->person);
	snprintf(row->role, sizeof(row->role), "%s", d->role);
	snprintf(row->recipient, sizeof(row->recipient), "%s", d->route == ROUTE_GATEWAY ? d->shown_rcpt : d->shown);
	snprintf(row->audience, sizeof(row->audience), "%s", d->audience);
	snprintf(row->route, sizeof(row->route), "%s", plan_route_name(d->route));
	snprintf(row->copy_hash, sizeof(row->copy_hash), "%s", hash);
	snprintf(row->message_id, sizeof(row->message_id), "<%.40s.pepkit@%s>", key, msgid_dom);
}

/* Send one e-mail delivery (its row queued or failed or unknown). After the relay did not answer
 * in time (x->relay_stopped), the delivery is not attempted and fails with that reason. Returns
 * PK_OK (the outcome is in the log and report) or PK_EIO when the log cannot be written (the
 * run stops). */
static int deliver_mail(run *x, const delivery *d, const copy *c, const char *key, pk_error *err)
{
	const council *cn = x->o->council;
	char reply[700];
	pk_error e;
	enum smtp_result res;
	int rc;

	if (x->relay_stopped[0]) {   /* never marked `sending`: it was not attempted */
		x->r->failed++;
		problem(x, d, "failed", x->relay_stopped);
		return log_state(x, key, "failed", x->relay_stopped, "", err);
	}
	pk_error_clear(&e);
	rc = build_message(x, d, c, key, &e);
	if (rc != PK_OK) {
		/* a certificate's reason names its file, certificates/ADDRESS.pem (lower case) */
		char low[320];

		snprintf(low, sizeof(low), "%s", d->address);
		for (char *q = low; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		/* the address as logs show it (d->shown: withheld where it holds the child's name) */
		if (strcmp(d->address, d->shown) != 0) {
			buf_replace_all(e.msg, sizeof(e.msg), d->address, d->shown);
			buf_replace_all(e.msg, sizeof(e.msg), low, d->shown);
		}
		x->r->failed++;
		problem(x, d, "failed", e.msg);
		return log_state(x, key, "failed", e.msg, "", err);
	}
	if (x->smtp == NULL) {
		smtp_config sc = { cn->host, cn->port, cn->tls == COUNCIL_IMPLICIT, cn->ca_file, cn->username,
				   x->o->password, strchr(cn->sender, '@') + 1, x->o->timeout ? x->o->timeout : cn->timeout };

		x->smtp = smtp_open(&sc, err);
		if (x->smtp == NULL)
			return err->code;
		x->r->connections++;
	}
	/* committed before connecting: a crash from here on leaves the row `sending`, which the
	 * next run turns into `unknown` */
	rc = log_state(x, key, "sending", "", NULL, err);
	if (rc == PK_OK)
		rc = tx_commit(x, err);
	if (rc != PK_OK)
		return rc;
	res = smtp_send(x->smtp, cn->sender, d->rcpt, x->msg.data, x->msg.len, reply, sizeof(reply));
	/* the relay's words may echo the address ("550 5.1.1 <adaeze.nwosu@...>: no such user") */
	if (strcmp(d->rcpt, d->shown_rcpt) != 0)
		buf_replace_all(reply, sizeof(reply), d->rcpt, d->shown_rcpt);
	if (res != SMTP_SENT && smtp_timed_out(x->smtp))
		snprintf(x->relay_stopped, sizeof(x->relay_stopped), "not attempted: the relay did not answer in time "
			 "earlier in this run (%.200s); run again when it answers", reply);
	if (res == SMTP_SENT) {
		x->r->sent++;
		return log_state(x, key, "sent", "", reply, err);
	}
	if (res == SMTP_UNKNOWN) {
		x->r->unknown++;
		problem(x, d, "unknown", reply);
		return log_state(x, key, "unknown", reply, "", err);
	}
	x->r->failed++;
	problem(x, d, "failed", reply);
	return log_state(x, key, "failed", reply, "", err);
}

/* Append a plan row (CSV and table) for d. */
static void plan_row(run *x, const delivery *d)
{
	const char *f[9] = { d->child, d->term, d->doc, d->person, d->role, d->shown,
			     d->audience, d->error[0] ? "none" : plan_route_name(d->route),
			     d->error[0] ? d->error : d->route == ROUTE_POST ? "refused for email: post list" :
			     d->route == ROUTE_GATEWAY ? (d->keyword[0] ? d->keyword : d->shown_rcpt) : "" };

	csvw_row(&x->plan_csv, f, 9);
	if (x->o->table)
		fprintf(x->o->table, "%-12s %-12s %-9s %-8s %-22s %-8s %-8s %s%s%s\n", d->child, d->term, d->doc,
			d->person, d->role, d->audience[0] ? d->audience : "-", f[7],
			d->shown[0] ? d->shown : "(no address)", f[8][0] ? "  " : "", f[8]);
}

/* Make delivery i's copy (if it has no error) and its key; on failure the delivery gets the
 * reason as its error. */
static void make_copy(run *x, job *j, xmlDocPtr rec, int i)
{
	delivery *d = &j->d[i];
	int ci = cdoc_index(x->o->council, d->doc), ai = aud_index(x->p, d->audience);
	copy *c;

	if (d->error[0])
		return;
	if (ci < 0 || ai < 0) {
		snprintf(d->error, sizeof(d->error), "no copy for document '%s' and reader '%s'", d->doc, d->audience);
		return;
	}
	c = get_copy(x, j, rec, ci, ai);
	if (c->state < 0) {
		snprintf(d->error, sizeof(d->error), "%.290s", c->error);
		return;
	}
	delivery_key(d, c->hash, j->keys[i]);
}

/* Prepare job j for file f (any thread): read and plan the record, and (unless a dry run) make
 * every copy its deliveries need and their keys. A record that cannot be read or planned, or
 * whose child has another record in the run, is marked failed. Never touches the send log or
 * the report. */
static void prepare(run *x, job *j, long f)
{
	const send_opts *o = x->o;
	const char *file = x->files[f];
	xmlDocPtr rec;
	pk_error e;

	pk_error_clear(&e);
	j->file = file;
	j->failed = 0;
	j->n = 0;
	j->not_due = 0;
	if (x->dup[f] >= 0) {
		j->failed = 1;
		snprintf(j->error, sizeof(j->error), "'%s': its child id is also in '%s': two records for one "
			 "child, so neither is sent; keep the right one and run again", file, x->files[x->dup[f]]);
		return;
	}
	rec = pipeline_load_record(x->p, file, &e);
	/* a path such as "cohort/aisha-khan.xml" is named by the child id in messages and the
	 * run's problems, an invalid record too when it parses */
	if (pipeline_path_label(rec, file, j->shown, sizeof(j->shown), rec ? NULL : &e))
		j->file = file = j->shown;
	if (rec == NULL || plan_term(rec, file, o->term, j->term, sizeof(j->term), &e) != PK_OK ||
	    plan_record(o->council, rec, file, j->term, &j->not_due, j->d, PLAN_MAX, &j->n, &e) != PK_OK) {
		j->failed = 1;
		snprintf(j->error, sizeof(j->error), "%s", e.msg);
		xmlFreeDoc(rec);
		return;
	}
	for (int i = 0; i < j->n && !o->dry_run; i++) {
		j->keys[i][0] = '\0';
		if (is_form(j->d[i].doc) && !j->d[i].error[0])
			j->rec = rec;   /* forms are made in the main thread (process) */
		else
			make_copy(x, j, rec, i);
	}
	if (j->rec != rec)
		xmlFreeDoc(rec);
}

/* Send (or plan) a prepared job, in the main thread. Returns PK_OK, or PK_EIO etc. when the
 * run must stop. */
static int process(run *x, job *j, pk_error *err)
{
	const send_opts *o = x->o;
	const char *dom = strchr(o->council->sender, '@') + 1;
	int n = j->n, rc = PK_OK;
	pk_error e;

	if (j->failed) {
		x->r->records_failed++;
		buf_printf(&x->r->problems, "%s\n", j->error);
		return PK_OK;
	}
	x->r->planned += n;
	x->r->not_due += j->not_due;
	for (int i = 0; i < n; i++)
		x->r->by_route[j->d[i].route]++;
	if (o->dry_run) {
		for (int i = 0; i < n; i++) {
			plan_row(x, &j->d[i]);
			if (j->d[i].error[0]) {
				x->r->invalid++;
				problem(x, &j->d[i], "cannot be sent", j->d[i].error);
			}
		}
		return PK_OK;
	}
	/* the forms (main thread only) */
	for (int i = 0; i < n; i++)
		if (is_form(j->d[i].doc) && j->rec)
			make_copy(x, j, j->rec, i);
	/* queue every new delivery; the rows reach the disk with the first `sending` commit or
	 * the record's end */
	rc = tx_begin(x, err);
	for (int i = 0; i < n && rc == PK_OK; i++) {
		delivery *d = &j->d[i];
		sendlog_row row;

		if (d->error[0])
			continue;
		to_row(d, j->keys[i], j->copies[cdoc_index(o->council, d->doc)][aud_index(x->p, d->audience)].hash, dom, &row);
		rc = sendlog_queue(x->log, &row, err);
	}
	for (int i = 0; i < n && rc == PK_OK; i++) {
		delivery *d = &j->d[i];
		sendlog_row row;
		copy *c;
		int found;

		if (d->error[0]) {
			x->r->invalid++;
			problem(x, d, "cannot be sent", d->error);
			continue;
		}
		found = sendlog_get(x->log, j->keys[i], &row, err);
		if (found < 0) {
			rc = found;
			break;
		}
		if (found && strcmp(row.state, "sent") == 0) {
			x->r->already++;
			continue;
		}
		if (found && strcmp(row.state, "refused") == 0) {
			int moved;

			x->r->posted++;
			/* on the post list before, but a later copy (since superseded: the record went
			 * back to this version) is newer there: this one is current again. Its letter
			 * is made again (the older PDF was moved to superseded/) and its row made the
			 * newest, so post-list.csv lists it and the later one is moved aside */
			if ((rc = tx_begin(x, err)) != PK_OK ||
			    (moved = sendlog_make_newest(x->log, j->keys[i], err)) < 0) {
				rc = rc != PK_OK ? rc : moved;
				break;
			}
			c = &j->copies[cdoc_index(o->council, d->doc)][aud_index(x->p, d->audience)];
			if (moved) {
				if ((rc = write_post(x, d, c, j->keys[i], err)) != PK_OK)
					break;
			} else if (letter_stale(x, d, c, j->keys[i])) {
				/* still in the post folder, but made from another letter text, council,
				 * marking or recipient's address: made again as it would be now */
				if ((rc = write_post(x, d, c, j->keys[i], err)) != PK_OK)
					break;
				x->remade++;
			}
			continue;
		}
		if (found && strcmp(row.state, "unknown") == 0 && !o->retry_unknown) {
			x->r->unknown++;
			problem(x, d, "unknown (not resent without --retry-unknown)", row.reason);
			continue;
		}
		c = &j->copies[cdoc_index(o->council, d->doc)][aud_index(x->p, d->audience)];
		if (d->route == ROUTE_POST) {
			pk_error_clear(&e);
			if (write_post(x, d, c, j->keys[i], &e) != PK_OK) {
				if (e.code == PK_EIO) {
					*err = e;
					rc = e.code;
					break;
				}
				x->r->failed++;
				problem(x, d, "failed", e.msg);
				rc = log_state(x, j->keys[i], "failed", e.msg, "", err);
				continue;
			}
			x->r->posted++;
			rc = log_state(x, j->keys[i], "refused",
				       d->address[0] ? "refused for email (domain not secure, no certificate, no gateway): post list"
						     : "no email address: post list", "", err);
			continue;
		}
		rc = deliver_mail(x, d, c, j->keys[i], err);
	}
	if (rc == PK_OK)
		rc = tx_commit(x, err);
	return rc;
}

/* The preparing thread: fills free ring slots with the next records, in order, until every
 * file is prepared, a stop is requested or the main thread aborts. */
static void *preparer(void *arg)
{
	run *x = arg;

	pthread_mutex_lock(&x->mu);
	for (;;) {
		job *j;
		long f;

		while (x->count == RING && !x->abort)
			pthread_cond_wait(&x->cv, &x->mu);
		if (x->abort || x->next == x->nfiles || (x->o->stop && *x->o->stop))
			break;
		f = x->next++;
		j = &x->ring[(x->head + x->count) % RING];
		pthread_mutex_unlock(&x->mu);
		prepare(x, j, f);
		pthread_mutex_lock(&x->mu);
		x->count++;
		pthread_cond_broadcast(&x->cv);
	}
	x->done = 1;
	pthread_cond_broadcast(&x->cv);
	pthread_mutex_unlock(&x->mu);
	return NULL;
}

/* The main thread's loop: take prepared records in order and send them. With threaded 0 (the
 * thread could not be started) each record is prepared here first. Returns PK_OK or the code
 * that stopped the run (err set). */
static int send_all(run *x, int threaded, pk_error *err)
{
	const send_opts *o = x->o;
	long consumed = 0;
	int rc = PK_OK;

	for (;;) {
		job *j;

		if (!threaded) {
			if (consumed == x->nfiles || (o->stop && *o->stop))
				break;
			j = &x->ring[0];
			prepare(x, j, consumed);
		} else {
			pthread_mutex_lock(&x->mu);
			while (x->count == 0 && !x->done)
				pthread_cond_wait(&x->cv, &x->mu);
			if (x->count == 0) {
				pthread_mutex_unlock(&x->mu);
				break;
			}
			j = &x->ring[x->head];
			pthread_mutex_unlock(&x->mu);
		}
		rc = process(x, j, err);
		free_copies(j);
		consumed++;
		if (threaded) {
			pthread_mutex_lock(&x->mu);
			x->head = (x->head + 1) % RING;
			x->count--;
			pthread_cond_broadcast(&x->cv);
			pthread_mutex_unlock(&x->mu);
		}
		if (rc != PK_OK)
			break;
		if (o->progress)
			o->progress(o->progress_ctx, consumed, x->nfiles, x->r->sent,
				    x->r->failed + x->r->unknown + x->r->invalid);
		if (o->stop && *o->stop)
			break;
	}
	if (threaded) {
		/* stop the preparing thread and drop what it made but was not sent */
		pthread_mutex_lock(&x->mu);
		x->abort = 1;
		pthread_cond_broadcast(&x->cv);
		while (!x->done)
			pthread_cond_wait(&x->cv, &x->mu);
		while (x->count > 0) {
			free_copies(&x->ring[x->head]);
			x->head = (x->head + 1) % RING;
			x->count--;
		}
		pthread_mutex_unlock(&x->mu);
	}
	x->r->records_left = x->nfiles - consumed;
	return rc;
}

/* The post list holds one letter per (child, term, document, person): the newest copy. An older
 * copy on the post list (the record changed since, perhaps to withhold something) is superseded:
 * left out of post-list.csv and its PDF moved to POSTDIR/superseded/, so the post room never
 * prints a stale copy beside the current one. The log keeps every row. */
struct post_pick {
	char group[200];   /* child, term, document, person */
	long n;            /* the row's place among the refused rows, in log order */
};

struct post_scan {
	run *x;
	struct post_pick *v;
	long n, cap;
	unsigned char *latest;   /* per refused row: 1 if it is its group's newest */
	long at;
	int rc;
};

/* Pass 1 (sendlog_each): every refused row's group. */
static int post_collect(void *ctx, const sendlog_row *r)
{
	struct post_scan *ps = ctx;

	if (strcmp(r->state, "refused") != 0)
		return 0;
	if (ps->n == ps->cap) {
		long cap = ps->cap ? ps->cap * 2 : 64;
		struct post_pick *v = realloc(ps->v, (size_t)cap * sizeof(*v));

		if (v == NULL) {
			ps->rc = PK_ENOMEM;
			return 1;
		}
		ps->v = v;
		ps->cap = cap;
	}
	snprintf(ps->v[ps->n].group, sizeof(ps->v[0].group), "%s\t%s\t%s\t%s", r->child, r->term, r->document,
		 r->person);
	ps->v[ps->n].n = ps->n;
	ps->n++;
	return 0;
}

/* qsort: by group, then log order. */
static int cmp_pick(const void *a, const void *b)
{
	const struct post_pick *p = a, *q = b;
	int c = strcmp(p->group, q->group);

	return c ? c : (p->n > q->n) - (p->n < q->n);
}

/* Pass 2 (sendlog_each): one post-list.csv row per newest refused row; an older one's PDF is
 * moved to superseded/ (once: a later run finds it gone). */
static int post_row(void *ctx, const sendlog_row *r)
{
	struct post_scan *ps = ctx;
	run *x = ps->x;
	char child[64], person[64], file[400], from[8600], to[8700];
	const char *f[9];
	long at;

	if (strcmp(r->state, "refused") != 0)
		return 0;
	at = ps->at++;
	safe_name(r->child, child, sizeof(child));
	safe_name(r->person, person, sizeof(person));
	snprintf(file, sizeof(file), "%s-%s-%s-%s-%.8s.pdf", child, r->document, r->term, person, r->key);
	if (at < ps->n && !ps->latest[at]) {
		snprintf(from, sizeof(from), "%s/%s", x->post_dir, file);
		snprintf(to, sizeof(to), "%s/superseded", x->post_dir);
		if (access(from, F_OK) == 0) {
			pk_error e;

			/* not through a link planted at superseded/: the letter would leave the folder */
			if (atomic_real_dirs(x->post_dir, "superseded", &e) != PK_OK) {
				msg_warning("cannot move the superseded post letter '%s' aside: %s", from, e.msg);
			} else if (atomic_mkdirs(to, &e) == PK_OK) {
				snprintf(to, sizeof(to), "%s/superseded/%s", x->post_dir, file);
				if (rename(from, to) != 0)
					msg_warning("cannot move the superseded post letter '%s' aside: %s", from, strerror(errno));
			}
		}
		return 0;
	}
	f[0] = file; f[1] = r->child; f[2] = r->term; f[3] = r->document; f[4] = r->person;
	f[5] = r->role; f[6] = r->audience; f[7] = r->copy_hash; f[8] = r->updated;
	if (csvw_row(&x->msg, f, 9) != PK_OK) {
		ps->rc = PK_ENOMEM;
		return 1;
	}
	return 0;
}

/* Write the post room's list (POSTDIR/post-list.csv) from the log: the newest copy per
 * recipient and document (post_row). PK_OK, or PK_EIO/PK_ENOMEM with err. */
static int write_post_list(run *x, pk_error *err)
{
	static const char *const head[9] = { "file", "child", "term", "document", "person", "role",
					     "reader", "copy_sha256", "when" };
	struct post_scan ps;
	char path[4200];
	int rc;

	memset(&ps, 0, sizeof(ps));
	ps.x = x;
	buf_reset(&x->msg);
	csvw_row(&x->msg, head, 9);
	rc = sendlog_each(x->log, post_collect, &ps, err);
	if (rc == PK_OK && ps.rc == PK_OK && (ps.latest = calloc((size_t)ps.n + 1, 1)) == NULL)
		ps.rc = PK_ENOMEM;
	if (rc == PK_OK && ps.rc == PK_OK) {
		if (ps.n > 0)
			qsort(ps.v, (size_t)ps.n, sizeof(*ps.v), cmp_pick);
		for (long i = 0; i < ps.n; i++)
			if (i + 1 == ps.n || strcmp(ps.v[i].group, ps.v[i + 1].group) != 0)
				ps.latest[ps.v[i].n] = 1;
		rc = sendlog_each(x->log, post_row, &ps, err);
	}
	if (rc == PK_OK && ps.rc != PK_OK)
		rc = pk_error_set(err, ps.rc, "out of memory writing the post list");
	if (rc == PK_OK) {
		snprintf(path, sizeof(path), "%s/post-list.csv", x->post_dir);
		rc = atomic_write_file(path, x->msg.data, x->msg.len, err);
	}
	free(ps.v);
	free(ps.latest);
	return rc;
}

/* 1 if a and b name the same existing folder. */
static int same_folder(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int send_run(const send_opts *o, send_report *r, pk_error *err)
{
	const char *docs[COUNCIL_MAX_DOCS], *auds[PIPELINE_MAX_AUDIENCES];
	int ndocs = 0, naud = 0, rc, recovered = 0;
	char **files = NULL;
	long nfiles = 0;
	pk_lock *lock = NULL, *post_lock = NULL;
	pthread_t thread;
	int threaded = 0, sync_init = 0;
	run *x;

	memset(r, 0, sizeof(*r));
	x = calloc(1, sizeof(*x));
	if (x == NULL)
		return pk_error_set(err, PK_ENOMEM, "out of memory");
	x->o = o;
	x->r = r;
	for (int i = 0; i < o->council->ndocs; i++)
		if (!is_form(o->council->docs[i].name))
			docs[ndocs++] = o->council->docs[i].name;
	for (int i = 0; i < o->council->nroles; i++) {
		int seen = 0;

		for (int j = 0; j < naud; j++)
			seen |= strcmp(auds[j], o->council->roles[i].audience) == 0;
		if (!seen && naud < PIPELINE_MAX_AUDIENCES)
			auds[naud++] = o->council->roles[i].audience;
	}
	rc = collect(o, &files, &nfiles, err);
	/* a record named twice (also in a folder given, another spelling) is one record: its
	 * deliveries are planned once */
	if (rc == PK_OK && childid_drop_same_files(files, &nfiles) < 0)
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
	if (rc != PK_OK)
		goto out;
	if ((x->dup = malloc((size_t)(nfiles ? nfiles : 1) * sizeof(*x->dup))) == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = childid_duplicates(files, nfiles, x->dup, NULL, err)) != PK_OK)
		goto out;
	x->p = pipeline_new(ndocs ? docs : NULL, ndocs, auds, naud, o->validate, err);
	if (x->p == NULL) {
		rc = err->code ? err->code : PK_EINTERNAL;
		goto out;
	}
	/* a dry run without a log folder touches none */
	if (o->log_dir && ((rc = atomic_mkdirs(o->log_dir, err)) != PK_OK ||
			   (rc = lock_acquire(o->log_dir, 0, &lock, err)) != PK_OK))
		goto out;
	/* a post folder outside the log folder gets its own lock */
	if (!o->dry_run && o->post_dir && !same_folder(o->post_dir, o->log_dir) &&
	    ((rc = atomic_mkdirs(o->post_dir, err)) != PK_OK ||
	     (rc = lock_acquire(o->post_dir, 0, &post_lock, err)) != PK_OK))
		goto out;
	if (o->log_dir)
		atomic_clean_stale(o->log_dir);
	if (!o->dry_run) {
		if (o->post_dir)
			snprintf(x->post_dir, sizeof(x->post_dir), "%s", o->post_dir);
		else
			snprintf(x->post_dir, sizeof(x->post_dir), "%s/post", o->log_dir);
		/* LOGDIR/post is pepkit's: a link planted there would put the letters elsewhere */
		if ((!o->post_dir && (rc = atomic_real_dirs(o->log_dir, "post", err)) != PK_OK) ||
		    (rc = atomic_mkdirs(x->post_dir, err)) != PK_OK)
			goto out;
		atomic_clean_stale(x->post_dir);
		if ((rc = manifest_open(x->post_dir, POST_MANIFEST, &x->letters, err)) != PK_OK ||
		    (rc = sendlog_open(o->log_dir, &x->log, &recovered, err)) != PK_OK ||
		    (rc = post_owner(x->post_dir, sendlog_id(x->log), o->post_dir == NULL, err)) != PK_OK ||
		    (rc = post_folder_same(x, err)) != PK_OK)
			goto out;
	} else {
		static const char *const head[9] = { "child", "term", "document", "person", "role", "address",
						     "reader", "route", "note" };

		csvw_row(&x->plan_csv, head, 9);
		if (o->table)
			fprintf(o->table, "%-12s %-12s %-9s %-8s %-22s %-8s %-8s %s\n", "child", "term", "doc", "person",
				"role", "reader", "route", "address / note");
	}
	r->records = nfiles;
	x->files = files;
	x->nfiles = nfiles;
	for (int i = 0; i < RING; i++) {
		x->ring[i].d = malloc(PLAN_MAX * sizeof(delivery));
		x->ring[i].keys = malloc(PLAN_MAX * sizeof(*x->ring[i].keys));
		if (x->ring[i].d == NULL || x->ring[i].keys == NULL) {
			rc = pk_error_set(err, PK_ENOMEM, "out of memory");
			goto out;
		}
	}
	pthread_mutex_init(&x->mu, NULL);
	pthread_cond_init(&x->cv, NULL);
	sync_init = 1;
	threaded = pthread_create(&thread, NULL, preparer, x) == 0;
	rc = send_all(x, threaded, err);
	if (threaded)
		pthread_join(thread, NULL);
	if (rc != PK_OK)
		goto out;
	if (o->dry_run) {
		if (o->plan_path)
			rc = atomic_write_file(o->plan_path, x->plan_csv.data ? x->plan_csv.data : "",
					       x->plan_csv.len, err);
		goto out;
	}
	/* the post room's list: the newest copy per recipient and document on the post list */
	rc = write_post_list(x, err);
	if (rc == PK_OK && x->remade > 0)
		msg_info("%ld post letter%s made again: the council's letter, its marking or the recipient's address changed",
			 x->remade, x->remade == 1 ? "" : "s");
	if (x->letters) {
		pk_error e2;

		/* on failure the journal stays: the next run still knows every letter */
		if (manifest_save(x->letters, &e2) != PK_OK)
			msg_warning("cannot save the post folder's list of letters: %s", e2.msg);
	}
out:
	if (x->log && x->tx) {
		pk_error e2;

		if (tx_commit(x, &e2) != PK_OK && rc == PK_OK) {
			*err = e2;
			rc = e2.code;
		}
	}
	if (x->log && !o->dry_run) {
		pk_error e3;

		/* how many deliveries the log has made, in its folder's mark: an older copy of the
		 * log put back later is refused rather than sending them again */
		if (sendlog_seal(x->log, &e3) != PK_OK)
			msg_warning("cannot record the deliveries made in the send log's folder: %s", e3.msg);
	}
	if (files)
		for (long i = 0; i < nfiles; i++)
			free(files[i]);
	free(files);
	free(x->dup);
	smtp_close(x->smtp);
	sendlog_close(x->log);
	manifest_free(x->letters);
	lock_release(post_lock);
	lock_release(lock);
	pipeline_free(x->p);
	for (int i = 0; i < RING; i++) {
		free_copies(&x->ring[i]);
		free(x->ring[i].d);
		free(x->ring[i].keys);
	}
	if (sync_init) {
		pthread_mutex_destroy(&x->mu);
		pthread_cond_destroy(&x->cv);
	}
	buf_free(&x->msg);
	buf_free(&x->plan_csv);
	free(x);
	if (recovered > 0)
		buf_printf(&r->problems, "%d deliveries were being sent when an earlier run stopped: now 'unknown' (resend with --retry-unknown)\n",
			   recovered);
	return rc;
}

int send_status(const char *log_dir, FILE *f, const char *audit_path, pk_error *err)
{
	pk_lock *lock = NULL;
	sendlog *l = NULL;
	long counts[6];
	pk_buf b = PK_BUF_INIT;
	int rc, recovered = 0;
	char path[4200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", log_dir, SENDLOG_FILE);
	if (stat(path, &st) != 0)
		return pk_error_set(err, PK_EIO, "no send log in '%s' (nothing has been sent with --log '%s')", log_dir, log_dir);
	if ((rc = lock_acquire(log_dir, 0, &lock, err)) != PK_OK)
		return rc;
	if ((rc = sendlog_open(log_dir, &l, &recovered, err)) != PK_OK)
		goto out;
	if ((rc = sendlog_counts(l, counts, err)) != PK_OK)
		goto out;
	for (int i = 0; f && i < 6; i++)
		fprintf(f, "%s%-8s %ld\n", i == 0 ? "" : "", i == 4 ? "posted" : sendlog_states[i], counts[i]);
	if (audit_path) {
		if ((rc = sendlog_export_csv(l, NULL, &b, err)) != PK_OK)
			goto out;
		rc = atomic_write_file(audit_path, b.data ? b.data : "", b.len, err);
	}
out:
	buf_free(&b);
	sendlog_close(l);
	lock_release(lock);
	return rc;
}
