/*
 * import_reader.c: a form made for one reader (`template --audience`, or the form `send`
 * delivers to a designated teacher) brought back filled in. That form showed a redacted copy:
 * neutral ids (t1, p2), the redaction token where text was withheld, withheld boxes left empty.
 * Imported as it stands it would write those over the record. So the form is made again twice
 * (through the caller's remake): as it was sent (from the record, redacted for the same reader)
 * and from the full record. The two line up box by box, since redaction changes values, never
 * the form's boxes; if they do not (the record changed since: a person added, a row removed),
 * the form is refused rather than guessed. Then each box of the filled form is compared with
 * the same box as sent:
 *  - left as sent: it takes the record's own value (so nothing withheld is lost); so does
 *    a box left as the form was made when the record has changed since (its fingerprint in
 *    the form's "pepkit-prefill" property): the old value must not come back;
 *  - changed: what the reader typed is kept, with neutral target ids mapped back to the
 *    record's; but a change to a box that was withheld from the reader (shown empty or with
 *    the token) is a problem: it would replace what they could not see;
 *  - a box the sent form did not have (a row copied and pasted) is kept, ids mapped back.
 * The "Made from the copy for" box is dropped. The result reads as a form made from the full
 * record, and import.c goes on as for any form.
 */
#include "core/pepkit.h"
#include "intake/import_int.h"
#include "record/redact.h"

#include <stdlib.h>
#include <string.h>

/* A neutral id and the record's id it stands for. */
typedef struct idpair {
	char *neutral, *real;
} idpair;

typedef struct reader {
	import_state *im;
	const char *audience;
	docx_control *s, *f;     /* the form as sent (redacted) and from the full record */
	size_t ns, nf;
	const docx_control **sent;   /* s without its audience box, lined up with f */
	int *socc;                   /* per sent[i]: earlier sent boxes with the same tag */
	size_t nsent;
	idpair *ids;
	size_t nids;
	pk_error *err;
} reader;

/* Which form the boxes come from, by the groups only it has. */
static const char *guess_doc(const import_state *im)
{
	int person = 0;

	for (size_t i = 0; i < im->n; i++) {
		const char *t = im->c[i].tag;

		if (strncmp(t, "voice.", 6) == 0)
			return "myvoice";
		if (strncmp(t, "child.", 6) == 0 || strncmp(t, "target.", 7) == 0 ||
		    strncmp(t, "attainment.", 11) == 0 || strncmp(t, "ppp.", 4) == 0 ||
		    strncmp(t, "intervention.", 13) == 0 || strncmp(t, "exclusion.", 10) == 0)
			return "pep1";
		if (strncmp(t, "person.", 7) == 0)
			person = 1;
	}
	return person ? "pep2" : "agenda";
}

/* "review.KEY.rest": KEY's start and length in *k, *kn. 1 if tag is a review box. */
static int review_key(const char *tag, const char **k, size_t *kn)
{
	const char *dot;

	if (strncmp(tag, "review.", 7) != 0 || (dot = strrchr(tag + 7, '.')) == NULL)
		return 0;
	*k = tag + 7;
	*kn = (size_t)(dot - *k);
	return 1;
}

/* Do boxes with tags a (as sent) and b (full form) stand in the same place? Equal tags, or
 * review boxes of the same kind (their keys are target ids: neutral in a). */
static int same_place(const char *a, const char *b)
{
	const char *ka, *kb;
	size_t na, nb;

	if (strcmp(a, b) == 0)
		return 1;
	return review_key(a, &ka, &na) && review_key(b, &kb, &nb) && strcmp(ka + na, kb + nb) == 0;
}

/* Is the box's value made of target ids (which redaction makes neutral)? */
static int id_box(const char *tag)
{
	size_t n = strlen(tag);

	return (strncmp(tag, "target.", 7) == 0 && n > 3 && strcmp(tag + n - 3, ".id") == 0) ||
	       (strncmp(tag, "ppp.", 4) == 0 && n > 8 && strcmp(tag + n - 8, ".targets") == 0);
}

/* Empty as a reader sees it: still the placeholder, or only white space. */
static int empty_box(const docx_control *c)
{
	return c->placeholder || c->text == NULL || import_blank(c->text);
}

/* Same value, white space collapsed (both empty counts as the same). -1 out of memory. */
static int same_value(const docx_control *a, const docx_control *b)
{
	char *x, *y;
	int same;

	if (empty_box(a) || empty_box(b))
		return empty_box(a) && empty_box(b);
	x = import_collapse(a->text);
	y = import_collapse(b->text);
	same = x && y ? strcmp(x, y) == 0 : -1;
	free(x);
	free(y);
	return same;
}

/* The record's id for neutral id n (len bytes), or NULL. */
static const char *real_id(const reader *r, const char *n, size_t len)
{
	for (size_t i = 0; i < r->nids; i++)
		if (strlen(r->ids[i].neutral) == len && memcmp(r->ids[i].neutral, n, len) == 0)
			return r->ids[i].real;
	return NULL;
}

/* Record that neutral id n (len bytes) stands for real id v (vlen bytes). 1 when it agrees
 * with what is known (a neutral id stands for one id only, and one id has one neutral id),
 * 0 when it does not (the forms do not line up), -1 out of memory. */
static int add_id(reader *r, const char *n, size_t len, const char *v, size_t vlen)
{
	const char *have = real_id(r, n, len);
	idpair *grown;

	if (have)
		return strlen(have) == vlen && memcmp(have, v, vlen) == 0;
	for (size_t i = 0; i < r->nids; i++)
		if (strlen(r->ids[i].real) == vlen && memcmp(r->ids[i].real, v, vlen) == 0)
			return 0;
	if ((grown = realloc(r->ids, (r->nids + 1) * sizeof(*grown))) == NULL)
		return -1;
	r->ids = grown;
	grown[r->nids].neutral = strndup(n, len);
	grown[r->nids].real = strndup(v, vlen);
	if (grown[r->nids].neutral == NULL || grown[r->nids].real == NULL) {
		free(grown[r->nids].neutral);
		free(grown[r->nids].real);
		return -1;
	}
	r->nids++;
	return 1;
}

/* Learn the ids of one lined-up pair: a review box's key, and the ids in an id box, word by
 * word. 1, 0 (they disagree) or -1 (out of memory). */
static int learn_ids(reader *r, const docx_control *s, const docx_control *f)
{
	const char *ks, *kf, *a, *b;
	size_t ns, nf;
	int ok = 1;

	if (review_key(s->tag, &ks, &ns) && review_key(f->tag, &kf, &nf))
		ok = add_id(r, ks, ns, kf, nf);
	if (ok != 1 || !id_box(s->tag) || empty_box(s) || empty_box(f))
		return ok;
	for (a = s->text, b = f->text; ok == 1;) {
		size_t la, lb;

		a += strspn(a, " \t\n,;");
		b += strspn(b, " \t\n,;");
		la = strcspn(a, " \t\n,;");
		lb = strcspn(b, " \t\n,;");
		if (la == 0 || lb == 0)
			return la == lb;
		ok = add_id(r, a, la, b, lb);
		a += la;
		b += lb;
	}
	return ok;
}

/* The next line of text at *p (white space collapsed, in out; "" for a blank line), moving
 * *p past it. 0 at the end of the text. */
static int next_line(const char **p, pk_buf *out)
{
	size_t n;
	char *line, *c;

	if (**p == '\0')
		return 0;
	n = strcspn(*p, "\n");
	out->len = 0;
	line = strndup(*p, n);
	c = line ? import_collapse(line) : NULL;
	if (c == NULL || buf_puts(out, c) != PK_OK || buf_puts(out, "") != PK_OK) {
		free(line);
		free(c);
		return -1;
	}
	free(line);
	free(c);
	*p += n + ((*p)[n] == '\n');
	return 1;
}

/*
 * Are the lines of the box as sent the lines of the full box with some left out (items or
 * paragraphs withheld from the reader: "Barriers" without its confidential item)? Lines are
 * matched in order, white space collapsed. 1 with the left-out lines of the full box appended
 * to withheld (one per line, as in f), 0 if not, -1 out of memory. Linear in the two texts.
 */
static int lines_left_out(const docx_control *s, const docx_control *f, pk_buf *withheld)
{
	const char *ps = empty_box(s) ? "" : s->text, *pf = f->text, *start;
	pk_buf ls = PK_BUF_INIT, lf = PK_BUF_INIT;
	int hs, hf = 1, rc = 1;

	if (empty_box(f))
		return empty_box(s);
	hs = next_line(&ps, &ls);
	while (hf == 1 && hs >= 0) {
		start = pf;
		if ((hf = next_line(&pf, &lf)) != 1)
			break;
		if (hs == 1 && strcmp(ls.data, lf.data) == 0) {
			hs = next_line(&ps, &ls);
		} else if (lf.data[0] != '\0' &&
			   (buf_append(withheld, start, (size_t)(pf - start - (pf[-1] == '\n'))) != PK_OK ||
			    buf_puts(withheld, "\n") != PK_OK)) {
			rc = -1;
			break;
		}
	}
	if (rc == 1 && (hs < 0 || hf < 0))
		rc = -1;
	else if (rc == 1 && hs == 1)
		rc = 0;    /* a line of the sent box is not in the full one */
	buf_free(&ls);
	buf_free(&lf);
	return rc;
}

/* Is the sent box consistent with the full one, as redaction makes it? Shown empty
 * (withheld), holding the token (scrubbed), ids (neutral), the same value, or the same lines
 * with some left out. 1, 0, -1. */
static int consistent(const docx_control *s, const docx_control *f)
{
	pk_buf w = PK_BUF_INIT;
	int rc;

	if (empty_box(s) || id_box(s->tag) || import_has_token(s->text))
		return 1;
	if ((rc = same_value(s, f)) != 0)
		return rc;
	rc = lines_left_out(s, f, &w);
	buf_free(&w);
	return rc;
}

/* Line the form as sent up with the full form, learning the neutral ids. PK_OK; PK_EINVAL
 * with err set when they do not line up; PK_ENOMEM. */
static int line_up(reader *r)
{
	r->sent = calloc(r->ns ? r->ns : 1, sizeof(*r->sent));
	r->socc = calloc(r->ns ? r->ns : 1, sizeof(*r->socc));
	if (r->sent == NULL || r->socc == NULL)
		return PK_ENOMEM;
	for (size_t i = 0; i < r->ns; i++)
		if (strcmp(r->s[i].tag, "form.audience") != 0)
			r->sent[r->nsent++] = &r->s[i];
	for (size_t i = 0; i < r->nsent; i++) {
		const docx_control *s = r->sent[i], *f = i < r->nf ? &r->f[i] : NULL;
		int ok = r->nsent == r->nf && same_place(s->tag, f->tag);

		if (ok)
			ok = consistent(s, f);
		if (ok == 1)
			ok = learn_ids(r, s, f);
		if (ok < 0)
			return PK_ENOMEM;
		if (ok == 0)
			return pk_error_set(r->err, PK_EINVAL, "'%s': this form was made from the copy "
					    "for '%.40s' and no longer lines up with the record (box '%s': "
					    "the record has changed since the form was made, or the form "
					    "is not from this record); nothing was written: make and send "
					    "the form again", r->im->file, r->audience,
					    s->label ? s->label : s->tag);
		for (size_t j = 0; j < i; j++)
			if (strcmp(r->sent[j]->tag, s->tag) == 0)
				r->socc[i]++;
	}
	return PK_OK;
}

/* Replace *field with a copy of v. PK_OK or PK_ENOMEM (field unchanged). */
static int set_text(char **field, const char *v)
{
	char *d = strdup(v ? v : "");

	if (d == NULL)
		return PK_ENOMEM;
	free(*field);
	*field = d;
	return PK_OK;
}

/* Is the word (n bytes) a neutral target id, "t" and a number? */
static int neutral_word(const char *w, size_t n)
{
	if (n < 2 || n > 10 || w[0] != 't')
		return 0;
	for (size_t i = 1; i < n; i++)
		if (w[i] < '0' || w[i] > '9')
			return 0;
	return 1;
}

/* Map the neutral ids in box c (a review key in its tag, ids in an id box's text) to the
 * record's; words that are not neutral ids are kept as typed. PK_OK or PK_ENOMEM. */
static int map_ids(reader *r, docx_control *c)
{
	const char *k, *real;
	size_t kn;
	pk_buf out = PK_BUF_INIT;
	int rc = PK_OK;

	if (review_key(c->tag, &k, &kn) && (real = real_id(r, k, kn)) != NULL) {
		if (buf_printf(&out, "review.%s%s", real, k + kn) != PK_OK || set_text(&c->tag, out.data) != PK_OK)
			rc = PK_ENOMEM;
		out.len = 0;
	}
	if (rc == PK_OK && id_box(c->tag) && !empty_box(c)) {
		for (const char *p = c->text; rc == PK_OK && *p;) {
			size_t sep = strspn(p, " \t\n,;"), w;

			rc = buf_append(&out, p, sep);
			p += sep;
			w = strcspn(p, " \t\n,;");
			real = w ? real_id(r, p, w) : NULL;
			if (w && real == NULL && neutral_word(p, w))
				import_problem(r->im, c, c->tag, "'%.*s' is a target of the copy the form "
					       "was made from that the record does not have", (int)w, p);
			if (rc == PK_OK && w)
				rc = real ? buf_puts(&out, real) : buf_append(&out, p, w);
			p += w;
		}
		if (rc == PK_OK && buf_puts(&out, "") == PK_OK && out.data)
			rc = set_text(&c->text, out.data);
		else if (rc == PK_OK)
			rc = PK_ENOMEM;
	}
	buf_free(&out);
	return rc;
}

/* A box the reader changed whose full value had lines withheld from them: those lines are
 * kept, after what was typed, and a note says so. PK_OK or PK_ENOMEM. */
static int keep_withheld_lines(reader *r, docx_control *c, const docx_control *s,
			       const docx_control *f)
{
	pk_buf w = PK_BUF_INIT, text = PK_BUF_INIT;
	size_t lines = 0;
	int rc = lines_left_out(s, f, &w);

	if (rc < 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	rc = PK_OK;
	if (w.len == 0)
		goto out;
	for (size_t i = 0; i < w.len; i++)
		lines += w.data[i] == '\n';
	w.data[--w.len] = '\0';   /* the last newline */
	if (buf_puts(&text, empty_box(c) ? "" : c->text) != PK_OK ||
	    (!empty_box(c) && buf_puts(&text, "\n") != PK_OK) ||
	    buf_append(&text, w.data, w.len) != PK_OK || buf_puts(&text, "") != PK_OK ||
	    set_text(&c->text, text.data) != PK_OK) {
		rc = PK_ENOMEM;
		goto out;
	}
	c->placeholder = 0;
	import_note(r->im, c, c->tag, "kept %zu line%s withheld from '%.40s' after what they typed",
		    lines, lines == 1 ? "" : "s", r->audience);
out:
	buf_free(&w);
	buf_free(&text);
	return rc;
}

/* Bring box i of the filled form back to the record (see the file's comment). PK_OK or
 * PK_ENOMEM; a changed withheld box is reported as a problem. */
static int bring_back(reader *r, size_t i)
{
	docx_control *c = &r->im->c[i];
	const docx_control *s = NULL, *f = NULL;
	int same;

	if (strcmp(c->tag, "form.audience") == 0) {
		c->placeholder = 1;
		return set_text(&c->text, "");
	}
	for (size_t k = 0; k < r->nsent; k++)
		if (r->socc[k] == r->im->occ[i] && strcmp(r->sent[k]->tag, c->tag) == 0) {
			s = r->sent[k];
			f = &r->f[k];
			break;
		}
	if (s == NULL)
		return map_ids(r, c);   /* a row the reader added */
	if ((same = same_value(c, s)) < 0)
		return PK_ENOMEM;
	/* left as the form was made, though the record has changed since (the form is made
	 * again from the record as it is now): the record's value, not the old one back */
	if (!same && import_left_as_made(r->im, c))
		same = 1;
	if (r->im->rc != PK_OK)
		return r->im->rc;
	if (same) {
		c->placeholder = f->placeholder;
		if (set_text(&c->text, f->text) != PK_OK || set_text(&c->tag, f->tag) != PK_OK)
			return PK_ENOMEM;
		return PK_OK;
	}
	if ((!empty_box(s) && import_has_token(s->text)) || (empty_box(s) && !empty_box(f))) {
		import_problem(r->im, c, c->tag, "this box was withheld from '%.40s' (the form showed "
			       "it %s), so what was typed would replace what they could not see; "
			       "clear the box (or put it back as it was) and give the change to the "
			       "record's owner", r->audience, empty_box(s) ? "empty" : "with " REDACT_TOKEN);
		return PK_OK;
	}
	if (set_text(&c->tag, f->tag) != PK_OK)
		return PK_ENOMEM;
	return id_box(c->tag) ? map_ids(r, c) : keep_withheld_lines(r, c, s, f);
}

int import_reader_form(import_state *im, const char *audience, xmlDocPtr into,
		       import_remake_fn remake, void *rctx, pk_error *err)
{
	reader r;
	pk_buf sent = PK_BUF_INIT, full = PK_BUF_INIT;
	int rc;

	memset(&r, 0, sizeof(r));
	r.im = im;
	r.audience = audience;
	r.err = err;
	/* the box is the form's, so untrusted: only a shipped reader's name, never a path */
	if (*audience == '\0' || strlen(audience) > 40 ||
	    strspn(audience, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(audience))
		return pk_error_set(err, PK_EINVAL, "'%s': the form says it was made for '%.40s', which "
				    "is not a reader's name; nothing was written", im->file, audience);
	rc = remake(rctx, into, guess_doc(im), audience, im->term, &sent, &full, err);
	if (rc != PK_OK && rc != PK_ENOMEM && err) {
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err->msg);
		pk_error_set(err, rc, "'%s': cannot make again the form as it was sent to '%.40s': %.300s; "
			     "nothing was written", im->file, audience, why);
	}
	if (rc == PK_OK)
		rc = docx_read_controls(sent.data, sent.len, "(the form as sent)", &r.s, &r.ns, err);
	if (rc == PK_OK)
		rc = docx_read_controls(full.data, full.len, "(the form from the record)", &r.f, &r.nf, err);
	if (rc == PK_OK)
		rc = line_up(&r);
	for (size_t i = 0; rc == PK_OK && i < im->n; i++)
		rc = bring_back(&r, i);
	if (rc == PK_OK && im->problems)
		rc = PK_EINVAL;
	for (size_t i = 0; i < r.nids; i++) {
		free(r.ids[i].neutral);
		free(r.ids[i].real);
	}
	free(r.ids);
	free(r.sent);
	free(r.socc);
	docx_controls_free(r.s, r.ns);
	docx_controls_free(r.f, r.nf);
	buf_free(&sent);
	buf_free(&full);
	return rc;
}

int import_plain_form_refresh(import_state *im, xmlDocPtr into, import_remake_fn remake,
			      void *rctx)
{
	pk_buf sent = PK_BUF_INIT, full = PK_BUF_INIT;
	docx_control *f = NULL;
	size_t nf = 0;
	pk_error err;
	int rc = PK_OK, any = 0;

	for (size_t i = 0; i < im->n && !any; i++)
		any = im->c[i].prefill != NULL && strncmp(im->c[i].tag, "child.", 6) != 0;
	if (!any)
		return PK_OK;
	pk_error_clear(&err);
	/* the form from the record as it is now (the full copy: "record", no reader's box) */
	if (remake(rctx, into, guess_doc(im), "record", im->term, &sent, &full, &err) != PK_OK ||
	    docx_read_controls(full.data, full.len, "(the form from the record)", &f, &nf, &err) != PK_OK) {
		rc = err.code == PK_ENOMEM ? PK_ENOMEM : PK_OK;   /* cannot: read as typed */
		goto out;
	}
	for (size_t i = 0; i < im->n && rc == PK_OK; i++) {
		docx_control *c = &im->c[i];
		int occ = 0;

		size_t nc = 0, nfc = 0;

		if (c->prefill == NULL || strncmp(c->tag, "child.", 6) == 0 || !import_left_as_made(im, c))
			continue;
		/* a list whose length changed since (a target removed) does not line up: its boxes
		 * are read as they stand, as before */
		for (size_t k = 0; k < im->n; k++)
			nc += strcmp(im->c[k].tag, c->tag) == 0;
		for (size_t k = 0; k < nf; k++)
			nfc += strcmp(f[k].tag, c->tag) == 0;
		if (nc != nfc)
			continue;
		for (size_t k = 0; k < nf; k++) {
			if (strcmp(f[k].tag, c->tag) != 0 || occ++ != im->occ[i])
				continue;
			int same = same_value(c, &f[k]);

			if (same < 0) {
				rc = PK_ENOMEM;
			} else if (!same) {
				c->placeholder = f[k].placeholder;
				rc = set_text(&c->text, f[k].text);
			}
			break;
		}
	}
	if (im->rc != PK_OK)
		rc = im->rc;
out:
	docx_controls_free(f, nf);
	buf_free(&sent);
	buf_free(&full);
	return rc;
}
