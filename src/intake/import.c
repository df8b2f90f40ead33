/*
 * import.c: a filled fallback form back into a PEP record (see import.h).
 *
 * The mechanism is one table (fields[] below): each row maps a content-control tag pattern to
 * a path in the record and a value type. Patterns use "#" for a numbered row of a repeating
 * group ("target.#.what") and "*" for a keyed row ("discussion.*", "review.*.status"). Paths
 * start with the scope they build ("child/...", "people/person[#]/...", "term/...") and use
 * "name[#]" for the row's element and "@name" for an attribute. The table lists fields in the
 * order of schemas/pep.xsd, and elements are created in table order, so the built XML follows
 * the schema's sequences without any other ordering code.
 *
 * Rows: every control whose tag belongs to a group is a member of row (key, occurrence), where
 * occurrence counts earlier controls with the same tag; so a row of boxes copied and pasted in
 * Word is a new row. Rows with any value are kept, in document order, and numbered 1, 2, ...
 */
#include "core/pepkit.h"
#include "intake/import.h"
#include "record/redact.h"
#include "core/buf.h"
#include "intake/docx_read.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	V_SLUG      /* an id made from the value (school id from its name) */
};

enum { F_REQ = 1 };  /* required when its row or section is used */

typedef struct field {
	const char *tag;
	const char *path;
	enum vtype type;
	const char *arg;   /* V_ENUM/V_ROWKEY: choices; else NULL */
	unsigned flags;
	const char *dflt;  /* used when empty in a used row: a value, or "@start" = term start */
} field;

#define ROLES "social-worker|designated-teacher|carer|virtual-school-adviser|iro|senco|key-worker|personal-adviser|birth-parent|health|interpreter|child|other"
#define TSTATUS "not-started|in-progress|achieved|partly-achieved|not-achieved"
#define TOPICS "welcome|positive-start|achievements|child-voice|attendance|attainment|previous-targets|send-semh|barriers|pupil-premium-plus|transition|carer|social-care|new-targets|any-other-business"

static const field fields[] = {
	/* the child: only when the form starts a new record */
	{ "child.la-child-id", "child/la-child-id", V_TOKEN, NULL, F_REQ, NULL },
	{ "child.upn", "child/upn", V_TOKEN, NULL, 0, NULL },
	{ "child.legal-name.given", "child/legal-name/given", V_TEXT, NULL, F_REQ, NULL },
	{ "child.legal-name.family", "child/legal-name/family", V_TEXT, NULL, F_REQ, NULL },
	{ "child.preferred-name", "child/preferred-name", V_TEXT, NULL, 0, NULL },
	{ "child.date-of-birth", "child/date-of-birth", V_DATE, NULL, F_REQ, NULL },
	{ "child.legal-status", "child/legal-status", V_ENUM, "section-20|interim-care-order|care-order|placement-order|emergency-protection-order|remand|police-protection", F_REQ, NULL },
	{ "child.entered-care", "child/entered-care", V_DATE, NULL, F_REQ, NULL },
	{ "child.placement.type", "child/placement/type", V_ENUM, "foster-care|kinship-care|residential|semi-independent|placed-with-parents|placed-for-adoption|secure|other", F_REQ, NULL },
	{ "child.placement.start-date", "child/placement/start-date", V_DATE, NULL, F_REQ, NULL },
	{ "child.school.name", "child/school/@id", V_SLUG, NULL, 0, NULL },
	{ "child.school.name", "child/school/name", V_TEXT, NULL, 0, NULL },
	{ "child.school.start-date", "child/school/start-date", V_DATE, NULL, 0, NULL },
	{ "child.year-group", "child/year-group", V_ENUM, "N1|N2|R|1|2|3|4|5|6|7|8|9|10|11|12|13", F_REQ, NULL },
	{ "child.key-stage", "child/key-stage", V_ENUM, "EYFS|KS1|KS2|KS3|KS4|post-16", F_REQ, NULL },
	{ "child.send.status", "child/send/status", V_ENUM, "none|sen-support|ehcp-assessment|ehcp", F_REQ, NULL },
	{ "child.send.primary-need", "child/send/primary-need", V_TEXT, NULL, 0, NULL },

	/* people: new ones are added, existing ones (same name) left as they are */
	{ "person.#.name", "people/person[#]/name", V_TEXT, NULL, F_REQ, NULL },
	{ "person.#.role", "people/person[#]/@role", V_ENUM, ROLES, F_REQ, NULL },
	{ "person.#.organisation", "people/person[#]/organisation", V_TEXT, NULL, 0, NULL },

	/* the term */
	{ "term.kind", "term/@kind", V_ENUM, "initial|new-school|review", 0, NULL },
	{ "term.start", "term/@start", V_DATE, NULL, 0, NULL },
	{ "term.end", "term/@end", V_DATE, NULL, 0, NULL },
	{ "term.attendance.percent", "term/attendance/percent", V_PERCENT, NULL, F_REQ, NULL },
	{ "term.attendance.sessions-possible", "term/attendance/sessions-possible", V_UINT, NULL, 0, NULL },
	{ "term.attendance.sessions-attended", "term/attendance/sessions-attended", V_UINT, NULL, 0, NULL },
	{ "term.attendance.part-time-timetable", "term/attendance/part-time-timetable", V_BOOL, NULL, 0, NULL },
	{ "term.attendance.alternative-provision", "term/attendance/alternative-provision", V_TEXT, NULL, 0, NULL },
	{ "term.attendance.notes", "term/attendance/notes", V_PARAS, NULL, 0, NULL },
	{ "exclusion.#.type", "term/exclusions/exclusion[#]/@type", V_ENUM, "suspension|permanent|internal", F_REQ, NULL },
	{ "exclusion.#.start", "term/exclusions/exclusion[#]/@start", V_DATE, NULL, F_REQ, NULL },
	{ "exclusion.#.days", "term/exclusions/exclusion[#]/@days", V_DECIMAL, NULL, F_REQ, NULL },
	{ "exclusion.#.reason", "term/exclusions/exclusion[#]/reason", V_PARAS, NULL, F_REQ, NULL },
	{ "term.send-update", "term/send-update", V_PARAS, NULL, 0, NULL },
	{ "term.semh.summary", "term/semh/summary", V_PARAS, NULL, 0, NULL },
	{ "attainment.#.subject", "term/attainment/result[#]/@subject", V_TEXT, NULL, F_REQ, NULL },
	{ "attainment.#.aspect", "term/attainment/result[#]/@aspect", V_TEXT, NULL, 0, NULL },
	{ "attainment.#.scale", "term/attainment/result[#]/@scale", V_ENUM, "eyfs-elg|phonics|ks-ta|ks2-scaled|gcse|percent|custom", F_REQ, NULL },
	{ "attainment.#.current", "term/attainment/result[#]/@current", V_TEXT, NULL, 0, NULL },
	{ "attainment.#.target", "term/attainment/result[#]/@target", V_TEXT, NULL, 0, NULL },
	{ "voice.how-captured", "term/child-voice/@how-captured", V_TEXT, NULL, 0, NULL },
	{ "voice.#", "term/child-voice/answer[#]/@question", V_LABEL, NULL, F_REQ, NULL },
	{ "voice.#", "term/child-voice/answer[#]", V_PARAS, NULL, 0, NULL },
	{ "term.carer-section", "term/carer-section", V_PARAS, NULL, 0, NULL },
	{ "term.sw.education", "term/social-worker-update/education", V_PARAS, NULL, 0, NULL },
	{ "term.sw.care-journey", "term/social-worker-update/care-journey", V_PARAS, NULL, 0, NULL },
	{ "term.sw.priorities", "term/social-worker-update/priorities", V_PARAS, NULL, 0, NULL },
	{ "term.strengths", "term/strengths", V_ITEMS, NULL, 0, NULL },
	{ "term.barriers", "term/barriers", V_ITEMS, NULL, 0, NULL },
	{ "intervention.#.what", "term/interventions/intervention[#]/what", V_TEXT, NULL, F_REQ, NULL },
	{ "intervention.#.who", "term/interventions/intervention[#]/who", V_TEXT, NULL, F_REQ, NULL },
	{ "intervention.#.when", "term/interventions/intervention[#]/when", V_TEXT, NULL, F_REQ, NULL },
	{ "intervention.#.where", "term/interventions/intervention[#]/where", V_TEXT, NULL, 0, NULL },
	{ "intervention.#.frequency", "term/interventions/intervention[#]/frequency", V_TEXT, NULL, F_REQ, NULL },
	{ "intervention.#.cost", "term/interventions/intervention[#]/cost", V_MONEY, NULL, 0, NULL },
	{ "target.#.id", "term/targets/target[#]/@id", V_TARGETID, NULL, 0, NULL },
	{ "target.#.owner", "term/targets/target[#]/@owner", V_PERSON, NULL, F_REQ, NULL },
	{ "target.#.set", "term/targets/target[#]/@set", V_DATE, NULL, F_REQ, "@start" },
	{ "target.#.due", "term/targets/target[#]/@due", V_DATE, NULL, F_REQ, NULL },
	{ "target.#.status", "term/targets/target[#]/@status", V_ENUM, TSTATUS, F_REQ, "not-started" },
	{ "target.#.area", "term/targets/target[#]/area", V_TEXT, NULL, F_REQ, NULL },
	{ "target.#.what", "term/targets/target[#]/what", V_LONG, NULL, F_REQ, NULL },
	{ "target.#.measure", "term/targets/target[#]/measure", V_LONG, NULL, F_REQ, NULL },
	{ "target.#.support", "term/targets/target[#]/support", V_LONG, NULL, 0, NULL },
	{ "term.ppp.status", "term/pupil-premium-plus/@status", V_ENUM, "draft|requested|approved|declined", F_REQ, NULL },
	{ "ppp.#.amount", "term/pupil-premium-plus/request[#]/@amount", V_MONEY, NULL, F_REQ, NULL },
	{ "ppp.#.targets", "term/pupil-premium-plus/request[#]/@targets", V_TARGETS, NULL, 0, NULL },
	{ "ppp.#.what", "term/pupil-premium-plus/request[#]/what", V_LONG, NULL, F_REQ, NULL },
	{ "term.ppp.impact", "term/pupil-premium-plus/impact", V_PARAS, NULL, 0, NULL },
	{ "term.transition.stage", "term/transition/@stage", V_ENUM, "none|into-school|KS1-KS2|KS2-KS3|KS3-KS4|KS4-post-16|school-move|post-18", F_REQ, NULL },
	{ "term.transition.plan", "term/transition/plan", V_PARAS, NULL, F_REQ, NULL },
	{ "term.dt-summary", "term/designated-teacher-summary/summary", V_PARAS, NULL, 0, NULL },
	{ "term.meeting.date", "term/meeting/@date", V_DATE, NULL, F_REQ, NULL },
	{ "term.meeting.venue", "term/meeting/venue", V_TEXT, NULL, 0, NULL },
	{ "attendee.#.person", "term/meeting/attendees/attendee[#]/@person", V_PERSON, NULL, F_REQ, NULL },
	{ "attendee.#.present", "term/meeting/attendees/attendee[#]/@present", V_BOOL, NULL, F_REQ, NULL },
	{ "attendee.#.contribution", "term/meeting/attendees/attendee[#]/@contribution", V_TEXT, NULL, 0, NULL },
	{ "discussion.*", "term/meeting/discussion/item[#]/@topic", V_ROWKEY, TOPICS, 0, NULL },
	{ "discussion.*", "term/meeting/discussion/item[#]", V_PARAS, NULL, 0, NULL },
	{ "action.#.owner", "term/meeting/actions/action[#]/@owner", V_PERSON, NULL, F_REQ, NULL },
	{ "action.#.due", "term/meeting/actions/action[#]/@due", V_DATE, NULL, F_REQ, NULL },
	{ "action.#.what", "term/meeting/actions/action[#]", V_LONG, NULL, F_REQ, NULL },
	{ "term.next-meeting", "term/next-meeting", V_DATE, NULL, 0, NULL },

	/* last term's targets: outcome written onto the target (wherever it is in the record) */
	{ "review.*.status", "review/@status", V_ENUM, TSTATUS, 0, NULL },
	{ "review.*.evaluation", "review/evaluation", V_PARAS, NULL, 0, NULL },
};

/* Order of child elements, from schemas/pep.xsd, for inserting into an existing record. */
static const char *const orders[][2] = {
	{ "term", " attendance exclusions send-update semh attainment child-voice carer-section "
		  "social-worker-update strengths barriers interventions targets pupil-premium-plus "
		  "transition designated-teacher-summary meeting next-meeting " },
	{ "attendance", " percent sessions-possible sessions-attended part-time-timetable "
			"alternative-provision notes " },
	{ "semh", " summary sdq-score " },
	{ "social-worker-update", " education health care-journey priorities " },
	{ "pupil-premium-plus", " request impact " },
	{ "designated-teacher-summary", " summary signed-off " },
	{ "meeting", " venue attendees discussion actions " },
	{ "target", " area what measure support evaluation " },
};

/* One row of a repeating group. */
typedef struct row {
	char key[64];
	int occ;
	size_t pos;
	int used;
	int index;       /* 1-based among used rows, in document order */
	char id[48];     /* targets: the id it gets */
} row;

/* The import's working state. */
typedef struct imp {
	docx_control *c;
	size_t n;
	int *occ;               /* per control: earlier controls with the same tag */
	const char *file;
	import_report_fn fn;
	void *ctx;
	int problems;
	int rc;                 /* first PK_ENOMEM etc. */
	xmlDocPtr into;
	xmlNodePtr people;      /* the people element holding everyone (into's, or the new one) */
	char term[32];
	char term_start[40];
	row *rows;              /* rows of the group being built */
	size_t nrows;
	row *targets;           /* target rows kept for PP+ links */
	size_t ntargets;
} imp;

/* Report a field problem: the control's label (or tag), then the message. */
static void problem(imp *im, const docx_control *c, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void problem(imp *im, const docx_control *c, const char *tag, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	im->problems++;
	if (im->fn)
		im->fn(im->ctx, c && c->label ? c->label : tag, c ? c->tag : tag, msg);
}

/* The occ-th control tagged exactly tag, or NULL. */
static const docx_control *find(const imp *im, const char *tag, int occ)
{
	for (size_t i = 0; i < im->n; i++)
		if (im->occ[i] == occ && strcmp(im->c[i].tag, tag) == 0)
			return &im->c[i];
	return NULL;
}

/* Does s hold anything but whitespace? */
static int blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
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
static int collect_rows(imp *im, const char *prefix, char wild)
{
	size_t plen = strlen(prefix);

	free(im->rows);
	im->rows = NULL;
	im->nrows = 0;
	for (size_t i = 0; i < im->n; i++) {
		const char *t = im->c[i].tag, *k, *rest;
		char key[64];
		size_t klen;
		row *r = NULL;

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
			row *nr = realloc(im->rows, (im->nrows + 1) * sizeof(*nr));

			if (nr == NULL)
				return PK_ENOMEM;
			im->rows = nr;
			r = &im->rows[im->nrows++];
			memset(r, 0, sizeof(*r));
			snprintf(r->key, sizeof(r->key), "%s", key);
			r->occ = im->occ[i];
			r->pos = im->c[i].pos;
		}
		if (!im->c[i].placeholder && !blank(im->c[i].text))
			r->used = 1;
	}
	/* document order (insertion order is already by first position; keep it stable) */
	for (size_t i = 0, k = 0; i < im->nrows; i++)
		if (im->rows[i].used)
			im->rows[i].index = (int)++k;
	return PK_OK;
}

/* Copy s into a new buffer with whitespace runs collapsed to one space and trimmed.
 * Caller frees. NULL on out of memory. */
static char *collapse(const char *s)
{
	char *o = malloc(strlen(s) + 1), *p = o;
	int space = 1;

	if (o == NULL)
		return NULL;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			if (!space)
				*p++ = ' ';
			space = 1;
		} else {
			*p++ = *s;
			space = 0;
		}
	}
	if (p > o && p[-1] == ' ')
		p--;
	*p = '\0';
	return o;
}

/* Number of UTF-8 characters in s. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Parse a date as typed: yyyy-mm-dd, or dd/mm/yyyy (also with - or .), into out
 * ("yyyy-mm-dd"). Returns 1 if it is a real calendar date. */
static int parse_date(const char *s, char out[40])
{
	int y, m, d, n = 0;
	char sep1, sep2;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && s[n] == '\0' && s[4] == '-') {
		/* ISO */
	} else if (sscanf(s, "%2d%c%2d%c%4d%n", &d, &sep1, &m, &sep2, &y, &n) == 5 && s[n] == '\0' &&
		   sep1 == sep2 && (sep1 == '/' || sep1 == '-' || sep1 == '.') && y >= 1000) {
		/* UK order */
	} else {
		return 0;
	}
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	snprintf(out, 40, "%04d-%02d-%02d", y, m, d);
	return 1;
}

/* Parse a non-negative decimal with at most maxfrac digits after the point (strict: digits,
 * one point). Copies the canonical text (no leading zeros kept beyond one, fraction as typed)
 * into out. Returns 1 if valid; *value gets the number. */
static int parse_decimal(const char *s, int maxfrac, char *out, size_t size, double *value)
{
	size_t i = 0, ndig = 0, nfrac = 0;
	int point = 0;

	for (; s[i]; i++) {
		if (isdigit((unsigned char)s[i]))
			point ? nfrac++ : ndig++;
		else if (s[i] == '.' && !point)
			point = 1;
		else
			return 0;
	}
	if (ndig == 0 || (point && nfrac == 0) || (int)nfrac > maxfrac || ndig > 9)
		return 0;
	snprintf(out, size, "%s", s);
	*value = strtod(s, NULL);
	return 1;
}

/* Does s match one of choices ("a|b|c") ignoring case, spaces vs hyphens? Copies the choice
 * into out. Returns 1 on a match. */
static int match_enum(const char *s, const char *choices, char *out, size_t size)
{
	const char *c = choices;

	while (*c) {
		const char *e = strchr(c, '|');
		size_t len = e ? (size_t)(e - c) : strlen(c), i;

		for (i = 0; i < len && s[i]; i++) {
			char a = (char)tolower((unsigned char)s[i]), b = (char)tolower((unsigned char)c[i]);

			if (a == ' ' || a == '_')
				a = '-';
			if (a != b)
				break;
		}
		if (i == len && s[i] == '\0') {
			snprintf(out, size, "%.*s", (int)len, c);
			return 1;
		}
		c += len;
		if (*c == '|')
			c++;
	}
	return 0;
}

/* Case-insensitive comparison of two names with whitespace collapsed (ASCII case only;
 * other letters must match exactly). */
static int same_name(const char *a, const char *b)
{
	char *x = collapse(a), *y = collapse(b);
	int same = x && y && strcasecmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* The id of the person in im->people named (or with id) s, or NULL. Points into the tree. */
static const char *person_id(imp *im, const char *s)
{
	for (xmlNodePtr p = im->people ? im->people->children : NULL; p; p = p->next) {
		xmlAttrPtr id;

		if (p->type != XML_ELEMENT_NODE || !xmlStrEqual(p->name, BAD_CAST "person"))
			continue;
		id = xmlHasProp(p, BAD_CAST "id");
		if (id == NULL || id->children == NULL)
			continue;
		if (strcmp((const char *)id->children->content, s) == 0)
			return (const char *)id->children->content;
		for (xmlNodePtr c = p->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "name") &&
			    c->children && c->children->content &&
			    same_name((const char *)c->children->content, s))
				return (const char *)id->children->content;
	}
	return NULL;
}

/* Does any element in doc carry @id equal to id (targets, people)? */
static int id_taken(xmlNodePtr n, const char *id)
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
		if (id_taken(n->children, id))
			return 1;
	}
	return 0;
}

/*
 * Convert the text of control c (type f->type) into out (size bytes). Reports a problem and
 * returns 0 if it cannot be read; returns 1 with out set otherwise ("" = no value).
 * Paragraph types (V_PARAS, V_ITEMS, V_LONG) keep the text (trimmed lines) for the caller.
 */
static int convert(imp *im, const field *f, const docx_control *c, const char *text, char *out,
		   size_t size)
{
	char *v = NULL, tmp[40];
	double num;
	int ok = 1;

	out[0] = '\0';
	if (text == NULL || blank(text))
		return 1;
	if ((v = collapse(text)) == NULL) {
		im->rc = PK_ENOMEM;
		return 0;
	}
	switch (f->type) {
	case V_TEXT:
	case V_LABEL:
		if (utf8_len(v) > 200) {
			problem(im, c, f->tag, "longer than 200 characters");
			ok = 0;
		} else {
			snprintf(out, size, "%s", v);
		}
		break;
	case V_LONG:
	case V_PARAS:
	case V_ITEMS:
		if (strlen(text) >= size) {
			problem(im, c, f->tag, "longer than %zu characters", size - 1);
			ok = 0;
		} else {
			snprintf(out, size, "%s", text);
		}
		break;
	case V_TOKEN:
	case V_TARGETID:
		if (strchr(v, ' ') || strlen(v) > 40) {
			problem(im, c, f->tag, "'%.60s' is not a reference (letters, digits, '.', '_' "
				"or '-', at most 40)", v);
			ok = 0;
		} else {
			snprintf(out, size, "%s", v);
		}
		break;
	case V_DATE:
		if (!parse_date(v, tmp)) {
			problem(im, c, f->tag, "'%.60s' is not a date (use yyyy-mm-dd, e.g. 2026-01-20)", v);
			ok = 0;
		} else {
			snprintf(out, size, "%s", tmp);
		}
		break;
	case V_PERCENT: {
		size_t len = strlen(v);

		if (len && v[len - 1] == '%')
			v[--len] = '\0';
		while (len && v[len - 1] == ' ')
			v[--len] = '\0';
		if (!parse_decimal(v, 1, out, size, &num) || num > 100) {
			problem(im, c, f->tag, "'%.60s' is not a percentage from 0 to 100 with at most "
				"one decimal place", v);
			out[0] = '\0';
			ok = 0;
		}
		break;
	}
	case V_UINT:
		if (!parse_decimal(v, 0, out, size, &num)) {
			problem(im, c, f->tag, "'%.60s' is not a whole number", v);
			out[0] = '\0';
			ok = 0;
		}
		break;
	case V_DECIMAL:
		if (!parse_decimal(v, 2, out, size, &num)) {
			problem(im, c, f->tag, "'%.60s' is not a number", v);
			out[0] = '\0';
			ok = 0;
		}
		break;
	case V_MONEY: {
		char digits[64];
		size_t k = 0;

		for (const char *p = v; *p && k + 1 < sizeof(digits); p++) {
			if (*p == ',' || *p == ' ')
				continue;
			if (strncmp(p, "\xc2\xa3", 2) == 0) {  /* £ */
				p++;
				continue;
			}
			digits[k++] = *p;
		}
		digits[k] = '\0';
		if (!parse_decimal(digits, 2, tmp, sizeof(tmp), &num) || num > 100000) {
			problem(im, c, f->tag, "'%.60s' is not an amount in pounds (e.g. 450 or 450.00)", v);
			ok = 0;
		} else {
			const char *pt = strchr(tmp, '.');

			/* two decimal places exactly, as the record keeps money */
			snprintf(out, size, "%s%s", tmp, !pt ? ".00" : pt[2] ? "" : "0");
		}
		break;
	}
	case V_ENUM:
	case V_ROWKEY:
		if (!match_enum(v, f->arg, out, size)) {
			char list[400];

			snprintf(list, sizeof(list), "%s", f->arg);
			for (char *p = list; *p; p++)
				if (*p == '|')
					*p = ',';
			problem(im, c, f->tag, "'%.60s' is not one of: %s", v, list);
			out[0] = '\0';
			ok = 0;
		}
		break;
	case V_BOOL:
		if (match_enum(v, "yes|y|true", tmp, sizeof(tmp)))
			snprintf(out, size, "true");
		else if (match_enum(v, "no|n|false", tmp, sizeof(tmp)))
			snprintf(out, size, "false");
		else {
			problem(im, c, f->tag, "'%.60s' is not yes or no", v);
			ok = 0;
		}
		break;
	case V_PERSON: {
		const char *id = person_id(im, v);

		if (id == NULL) {
			problem(im, c, f->tag, "'%.80s' is not one of the people involved (add them "
				"under People involved)", v);
			ok = 0;
		} else {
			snprintf(out, size, "%s", id);
		}
		break;
	}
	case V_TARGETS: {
		char *save = NULL;
		size_t used = 0;

		for (char *t = strtok_r(v, " ,;", &save); t && ok; t = strtok_r(NULL, " ,;", &save)) {
			const char *id = NULL;

			if (strspn(t, "0123456789") == strlen(t)) {
				for (size_t i = 0; i < im->ntargets; i++)
					if (strcmp(im->targets[i].key, t) == 0 && im->targets[i].occ == 0 &&
					    im->targets[i].used)
						id = im->targets[i].id;
				if (id == NULL) {
					problem(im, c, f->tag, "there is no target %s on this form", t);
					ok = 0;
				}
			} else {
				id = t;
			}
			if (ok) {
				int n = snprintf(out + used, size - used, "%s%s", used ? " " : "", id);

				if (n < 0 || (size_t)n >= size - used) {
					problem(im, c, f->tag, "too many targets");
					ok = 0;
				} else {
					used += (size_t)n;
				}
			}
		}
		if (!ok)
			out[0] = '\0';
		break;
	}
	case V_SLUG: {
		size_t k = 0;

		for (const char *p = v; *p && k < 39; p++) {
			if (isalnum((unsigned char)*p))
				out[k++] = (char)tolower((unsigned char)*p);
			else if (k && out[k - 1] != '-')
				out[k++] = '-';
		}
		while (k && out[k - 1] == '-')
			k--;
		if (k == 0)
			out[k++] = 's';
		out[k] = '\0';
		break;
	}
	}
	free(v);
	return ok;
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

/* Append one child named name per non-blank line of text to e, each line trimmed. */
static int add_lines(xmlNodePtr e, const char *name, const char *text)
{
	const char *s = text;

	while (*s) {
		const char *e2 = strchr(s, '\n');
		size_t len = e2 ? (size_t)(e2 - s) : strlen(s);
		char *line = malloc(len + 1), *v;

		if (line == NULL)
			return PK_ENOMEM;
		memcpy(line, s, len);
		line[len] = '\0';
		v = collapse(line);
		free(line);
		if (v == NULL)
			return PK_ENOMEM;
		if (*v) {
			xmlNodePtr p = xmlNewChild(e, NULL, BAD_CAST name, NULL);

			if (p == NULL) {
				free(v);
				return PK_ENOMEM;
			}
			xmlNodeAddContent(p, BAD_CAST v);
		}
		free(v);
		s += len;
		if (*s == '\n')
			s++;
	}
	return PK_OK;
}

/* Trim each line of text and drop blank lines; lines joined by "\n". New string or NULL. */
static char *trim_lines(const char *text)
{
	pk_buf b = PK_BUF_INIT;
	const char *s = text;
	int rc = PK_OK;

	while (*s && rc == PK_OK) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *line = strndup(s, len), *v = line ? collapse(line) : NULL;

		if (v == NULL)
			rc = PK_ENOMEM;
		else if (*v)
			rc = (b.len ? buf_puts(&b, "\n") : PK_OK) == PK_OK ? buf_puts(&b, v) : PK_ENOMEM;
		free(line);
		free(v);
		s += len;
		if (*s == '\n')
			s++;
	}
	if (rc != PK_OK) {
		buf_free(&b);
		return NULL;
	}
	return b.data ? b.data : strdup("");
}

/* Put value at path (after the scope's first segment) under root, "[#]" meaning the row
 * index idx; elements on the way are created as needed. Paragraph types add one child per
 * line. Returns PK_OK or PK_ENOMEM. */
static int set_path(xmlNodePtr root, const char *path, int idx, const field *f, const char *value)
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
		if (seg[0] == '@')
			return xmlSetProp(e, BAD_CAST(seg + 1), BAD_CAST value) ? PK_OK : PK_ENOMEM;
		if (len > 3 && strcmp(seg + len - 3, "[#]") == 0) {
			seg[len - 3] = '\0';
			rowi = idx;
		}
		if ((e = child_at(e, seg, rowi)) == NULL)
			return PK_ENOMEM;
	}
	if (f->type == V_PARAS)
		return add_lines(e, "p", value);
	if (f->type == V_ITEMS)
		return add_lines(e, "item", value);
	if (f->type == V_LONG) {
		char *t = trim_lines(value);

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
static int target_clash(imp *im, xmlNodePtr fresh, const char *id)
{
	xmlNodePtr root = im->into ? xmlDocGetRootElement(im->into) : NULL;

	if (id_taken(fresh->children, id))
		return 1;
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(c->name, BAD_CAST "terms")) {
			for (xmlNodePtr t = c->children; t; t = t->next) {
				xmlChar *tid = t->type == XML_ELEMENT_NODE ? xmlGetNoNsProp(t, BAD_CAST "id") : NULL;
				int mine = tid && strcmp((const char *)tid, im->term) == 0;

				xmlFree(tid);
				if (t->type == XML_ELEMENT_NODE && !mine && id_taken(t->children, id))
					return 1;
			}
		} else if (id_taken(c->children, id)) {
			return 1;
		}
	}
	return 0;
}

/* Generate a target id for row r of the term: T-<term>-<n>, unique in the record. */
static void target_id(imp *im, xmlNodePtr fresh, int n, char *out, size_t size)
{
	for (int k = n; k < n + 1000; k++) {
		snprintf(out, size, "T-%s-%d", im->term, k);
		if (!(im->into && id_taken(xmlDocGetRootElement(im->into), out)) &&
		    !id_taken(fresh->children, out))
			return;
	}
}

/*
 * Build the scope named scope ("child", "people" or "term") from the table into root.
 * Non-row fields first check their control, row fields run over the group's used rows.
 * Problems are reported; im->rc gets PK_ENOMEM on memory failure.
 */
static void build_scope(imp *im, const char *scope, xmlNodePtr root)
{
	size_t slen = strlen(scope);
	char group[64], buf[20001];

	for (size_t i = 0; i < PK_ARRAY_LEN(fields) && im->rc == PK_OK; i++) {
		const field *f = &fields[i];
		const char *suffix = NULL;
		char wild;

		if (strncmp(f->path, scope, slen) != 0 || f->path[slen] != '/')
			continue;
		wild = split_pattern(f->tag, group, sizeof(group), &suffix);
		if (!wild) {
			const docx_control *c = find(im, f->tag, 0);

			if (c && !c->placeholder && convert(im, f, c, c->text, buf, sizeof(buf)) && buf[0] &&
			    set_path(root, f->path, 0, f, buf) != PK_OK)
				im->rc = PK_ENOMEM;
			continue;
		}
		if (collect_rows(im, group, wild) != PK_OK) {
			im->rc = PK_ENOMEM;
			return;
		}
		for (size_t r = 0; r < im->nrows && im->rc == PK_OK; r++) {
			row *rw = &im->rows[r];
			char tag[160];
			const docx_control *c;
			const char *text;

			if (!rw->used)
				continue;
			snprintf(tag, sizeof(tag), "%s%s%s", group, rw->key, suffix);
			c = find(im, tag, rw->occ);
			text = c && !c->placeholder ? c->text : "";
			if (f->type == V_ROWKEY)
				text = rw->key;
			else if (f->type == V_LABEL)
				text = c && c->label ? c->label : "";
			if (!convert(im, f, c, text, buf, sizeof(buf)))
				continue;
			if (f->type == V_TARGETID && buf[0] && target_clash(im, root, buf))
				buf[0] = '\0';  /* a copied row's reference: give it a new one */
			if (!buf[0] && f->type == V_TARGETID)
				target_id(im, root, rw->index, buf, 48);
			if (!buf[0] && f->dflt)
				snprintf(buf, sizeof(buf), "%s", strcmp(f->dflt, "@start") == 0 ? im->term_start : f->dflt);
			if (!buf[0]) {
				if (f->flags & F_REQ) {
					char gname[64];

					snprintf(gname, sizeof(gname), "%s", group);
					gname[0] = (char)toupper((unsigned char)gname[0]);
					if (gname[0] && gname[strlen(gname) - 1] == '.')
						gname[strlen(gname) - 1] = '\0';
					problem(im, c, tag, "required: this %s row has other boxes filled in", gname);
				}
				continue;
			}
			if (f->type == V_TARGETID)
				snprintf(rw->id, sizeof(rw->id), "%.47s", buf);
			if (set_path(root, f->path, rw->index, f, buf) != PK_OK)
				im->rc = PK_ENOMEM;
		}
		if (strcmp(group, "target.") == 0 && f->type == V_TARGETID) {
			/* keep the target rows (with their ids) for PP+ links */
			free(im->targets);
			im->targets = im->rows;
			im->ntargets = im->nrows;
			im->rows = NULL;
			im->nrows = 0;
		}
	}
	/* a section with something in it needs its required fields */
	for (size_t i = 0; i < PK_ARRAY_LEN(fields) && im->rc == PK_OK; i++) {
		const field *f = &fields[i];
		const docx_control *c;
		int have;

		if (!(f->flags & F_REQ) || strpbrk(f->tag, "#*") || strncmp(f->path, scope, slen) != 0 ||
		    f->path[slen] != '/')
			continue;
		if (strcmp(scope, "child") == 0 ? 0 : !container_used(root, f->path))
			continue;
		c = find(im, f->tag, 0);
		have = c && !c->placeholder && !blank(c->text);
		if (!have)
			problem(im, c, f->tag, "required: %s", strcmp(scope, "child") == 0 ?
				"a new record needs the child's details" : "other boxes of this section are filled in");
	}
}

/* The first child element of n named name, or NULL. */
static xmlNodePtr el(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST name))
			return c;
	return NULL;
}

/* Insert child under parent at its place in the schema order for parent's name (appended if
 * the order is not known or the name is not in it). */
static void insert_ordered(xmlNodePtr parent, xmlNodePtr child)
{
	const char *order = NULL, *me;
	char key[80];

	for (size_t i = 0; i < PK_ARRAY_LEN(orders); i++)
		if (xmlStrEqual(parent->name, BAD_CAST orders[i][0]))
			order = orders[i][1];
	snprintf(key, sizeof(key), " %s ", (const char *)child->name);
	me = order ? strstr(order, key) : NULL;
	if (me) {
		for (xmlNodePtr c = parent->children; c; c = c->next) {
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
	}
	xmlAddChild(parent, child);
}

/* Carry into nw what old has and the form could not say: old's attributes nw lacks, and old's
 * child elements whose name nw has none of (copied, at their schema place); children with the
 * same name and @id are merged the same way. Returns PK_OK or PK_ENOMEM. */
static int merge_keep(xmlNodePtr old, xmlNodePtr nw)
{
	for (xmlAttrPtr a = old->properties; a; a = a->next) {
		xmlChar *v;

		if (xmlHasProp(nw, a->name))
			continue;
		v = xmlGetNoNsProp(old, a->name);
		if (v == NULL || !xmlSetProp(nw, a->name, v)) {
			xmlFree(v);
			return PK_ENOMEM;
		}
		xmlFree(v);
	}
	for (xmlNodePtr c = old->children; c; c = c->next) {
		xmlChar *id;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (el(nw, (const char *)c->name) == NULL) {
			xmlNodePtr copy = xmlDocCopyNode(c, nw->doc, 1);

			if (copy == NULL)
				return PK_ENOMEM;
			insert_ordered(nw, copy);
			continue;
		}
		id = xmlGetNoNsProp(c, BAD_CAST "id");
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
static int merge_term(xmlNodePtr old, xmlNodePtr fresh)
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
		e = el(old, (const char *)c->name);
		if (e) {
			if (merge_keep(e, c) != PK_OK) {
				xmlFreeNode(c);
				return PK_ENOMEM;
			}
			xmlReplaceNode(e, c);
			xmlFreeNode(e);
		} else {
			insert_ordered(old, c);
		}
	}
	return PK_OK;
}

/* Add the form's people who are not in people yet (matched by name), with new ids. */
static int merge_people(imp *im, xmlNodePtr people, xmlNodePtr fresh)
{
	int next = 1;

	while (fresh->children) {
		xmlNodePtr p = fresh->children, name;
		char id[16];

		xmlUnlinkNode(p);
		name = el(p, "name");
		if (p->type != XML_ELEMENT_NODE || name == NULL || name->children == NULL ||
		    person_id(im, (const char *)name->children->content)) {
			xmlFreeNode(p);
			continue;
		}
		do
			snprintf(id, sizeof(id), "p%d", next++);
		while (id_taken(xmlDocGetRootElement(people->doc), id) && next < 10000);
		if (!xmlSetProp(p, BAD_CAST "id", BAD_CAST id)) {
			xmlFreeNode(p);
			return PK_ENOMEM;
		}
		xmlAddChild(people, p);
	}
	return PK_OK;
}

/* Apply the evaluation of earlier targets (review.ID.status / review.ID.evaluation) to the
 * record's targets. Only when merging. */
static void apply_reviews(imp *im)
{
	char buf[20001];

	if (collect_rows(im, "review.", '*') != PK_OK) {
		im->rc = PK_ENOMEM;
		return;
	}
	for (size_t r = 0; r < im->nrows && im->rc == PK_OK; r++) {
		row *rw = &im->rows[r];
		xmlNodePtr target = NULL, terms;
		char tag[160];

		if (!rw->used)
			continue;
		terms = el(xmlDocGetRootElement(im->into), "terms");
		for (xmlNodePtr t = terms ? terms->children : NULL; t && !target; t = t->next)
			for (xmlNodePtr g = el(t, "targets") ? el(t, "targets")->children : NULL; g; g = g->next) {
				xmlChar *id = g->type == XML_ELEMENT_NODE ? xmlGetNoNsProp(g, BAD_CAST "id") : NULL;
				int same = id && strcmp((const char *)id, rw->key) == 0;

				xmlFree(id);
				if (same) {
					target = g;
					break;
				}
			}
		for (size_t i = 0; i < PK_ARRAY_LEN(fields); i++) {
			const field *f = &fields[i];
			const docx_control *c;

			if (strncmp(f->tag, "review.", 7) != 0)
				continue;
			snprintf(tag, sizeof(tag), "review.%s%s", rw->key, f->tag + 8);
			c = find(im, tag, rw->occ);
			if (c == NULL || c->placeholder || blank(c->text))
				continue;
			if (target == NULL) {
				problem(im, c, tag, "the record has no target '%s' to evaluate", rw->key);
				break;
			}
			if (!convert(im, f, c, c->text, buf, sizeof(buf)) || !buf[0])
				continue;
			if (f->type == V_ENUM) {
				if (!xmlSetProp(target, BAD_CAST "status", BAD_CAST buf))
					im->rc = PK_ENOMEM;
			} else {
				xmlNodePtr ev = el(target, "evaluation");

				if (ev) {
					xmlUnlinkNode(ev);
					xmlFreeNode(ev);
				}
				ev = xmlNewChild(target, NULL, BAD_CAST "evaluation", NULL);
				if (ev == NULL || add_lines(ev, "p", buf) != PK_OK)
					im->rc = PK_ENOMEM;
			}
		}
	}
}

/* The term element with @id term in doc, or NULL. */
static xmlNodePtr find_term(xmlDocPtr doc, const char *term)
{
	xmlNodePtr terms = el(xmlDocGetRootElement(doc), "terms");

	for (xmlNodePtr t = terms ? terms->children : NULL; t; t = t->next) {
		xmlChar *id;
		int same;

		if (t->type != XML_ELEMENT_NODE)
			continue;
		id = xmlGetNoNsProp(t, BAD_CAST "id");
		same = id && strcmp((const char *)id, term) == 0;
		xmlFree(id);
		if (same)
			return t;
	}
	return NULL;
}

/* Is s a term id (20yy-autumn|spring|summer)? */
static int term_id_ok(const char *s)
{
	return strlen(s) >= 11 && s[0] == '2' && s[1] == '0' && isdigit((unsigned char)s[2]) &&
	       isdigit((unsigned char)s[3]) && s[4] == '-' &&
	       (strcmp(s + 5, "autumn") == 0 || strcmp(s + 5, "spring") == 0 || strcmp(s + 5, "summer") == 0);
}

/* Work out the term: --term, else the form's term.id; they must agree. */
static int pick_term(imp *im, const char *term)
{
	const docx_control *c = find(im, "term.id", 0);
	char *form = c && !c->placeholder ? collapse(c->text) : NULL;
	int ok = 1;

	if (term && form && *form && strcmp(form, term) != 0) {
		problem(im, c, "term.id", "the form is for term '%.40s' but --term is '%.40s'", form, term);
		ok = 0;
	} else if (term || (form && *form)) {
		snprintf(im->term, sizeof(im->term), "%s", term ? term : form);
		if (!term_id_ok(im->term)) {
			problem(im, c, "term.id", "'%.40s' is not a term (e.g. 2026-spring)", im->term);
			ok = 0;
		}
	} else {
		problem(im, c, "term.id", "no term: fill in the form's term or give --term");
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
static int form_has_child(const imp *im)
{
	for (size_t i = 0; i < im->n; i++)
		if (strncmp(im->c[i].tag, "child.", 6) == 0 && !im->c[i].placeholder && !blank(im->c[i].text))
			return 1;
	return 0;
}

int import_form(const void *data, size_t len, const char *file, xmlDocPtr into, const char *term,
		import_report_fn fn, void *ctx, xmlDocPtr *out, pk_error *err)
{
	imp im;
	xmlDocPtr rec = NULL;
	xmlNodePtr fresh_term = NULL, fresh_people = NULL, old_term, terms;
	int rc;

	*out = NULL;
	memset(&im, 0, sizeof(im));
	im.file = file;
	im.fn = fn;
	im.ctx = ctx;
	im.into = into;
	rc = docx_read_controls(data, len, file, &im.c, &im.n, err);
	if (rc != PK_OK)
		return rc;
	if (im.n == 0) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': no form fields found (not a pepkit form?)", file);
		goto out;
	}
	/* A form made from a redacted copy (template --audience) carries the token where values
	 * were withheld; importing it would write the token over the real values. */
	for (size_t i = 0; i < im.n; i++) {
		if (!im.c[i].placeholder && im.c[i].text && strstr(im.c[i].text, REDACT_TOKEN)) {
			rc = pk_error_set(err, PK_EINVAL, "'%s': field '%s' contains %s: this form was "
					  "made from a redacted copy and cannot be imported; nothing was written",
					  file, im.c[i].label ? im.c[i].label : im.c[i].tag, REDACT_TOKEN);
			goto out;
		}
	}
	im.occ = calloc(im.n, sizeof(int));
	if (im.occ == NULL)
		goto nomem;
	for (size_t i = 0; i < im.n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(im.c[j].tag, im.c[i].tag) == 0)
				im.occ[i]++;

	if (!pick_term(&im, term)) {
		rc = PK_EINVAL;
		goto out;
	}
	if (into) {
		const docx_control *c = find(&im, "child.la-child-id", 0);
		xmlNodePtr child = el(xmlDocGetRootElement(into), "child"), id = el(child, "la-child-id");
		char *v = c && !c->placeholder ? collapse(c->text) : NULL;
		xmlChar *have = id ? xmlNodeGetContent(id) : NULL;
		char *h = have ? collapse((const char *)have) : NULL;

		if (v && *v && h && strcmp(v, h) != 0)
			problem(&im, c, c->tag, "the form is for child '%.40s' but the record is for '%.40s'", v, h);
		free(v);
		free(h);
		xmlFree(have);
		if (im.problems) {
			rc = PK_EINVAL;
			goto out;
		}
		rec = into;
		im.people = el(xmlDocGetRootElement(into), "people");
		if (im.people == NULL) {
			rc = pk_error_set(err, PK_EINVAL, "the record to import '%s' into has no <people>", file);
			goto out;
		}
	} else {
		if (!form_has_child(&im)) {
			rc = pk_error_set(err, PK_EINVAL, "'%s': the form has no child details to start a "
					  "record from: import it with --into the child's record", file);
			goto out;
		}
		if ((rec = new_record()) == NULL)
			goto nomem;
		build_scope(&im, "child", el(xmlDocGetRootElement(rec), "child"));
		im.people = el(xmlDocGetRootElement(rec), "people");
	}
	old_term = into ? find_term(into, im.term) : NULL;
	{
		xmlChar *st = old_term ? xmlGetNoNsProp(old_term, BAD_CAST "start") : NULL;
		const docx_control *c = find(&im, "term.start", 0);

		char *v = c && !c->placeholder ? collapse(c->text) : NULL;

		if (v && *v) {
			if (!parse_date(v, im.term_start))
				im.term_start[0] = '\0';
		} else if (st) {
			snprintf(im.term_start, sizeof(im.term_start), "%s", (const char *)st);
		}
		free(v);
		xmlFree(st);
	}

	fresh_people = xmlNewDocNode(rec, NULL, BAD_CAST "people", NULL);
	fresh_term = xmlNewDocNode(rec, NULL, BAD_CAST "term", NULL);
	if (fresh_people == NULL || fresh_term == NULL)
		goto nomem;
	build_scope(&im, "people", fresh_people);
	if (im.rc == PK_OK && merge_people(&im, im.people, fresh_people) != PK_OK)
		goto nomem;
	if (im.rc == PK_OK && !xmlSetProp(fresh_term, BAD_CAST "id", BAD_CAST im.term))
		goto nomem;
	if (im.rc == PK_OK)
		build_scope(&im, "term", fresh_term);
	if (im.rc != PK_OK)
		goto nomem;
	if (old_term == NULL) {
		static const char *const need[][2] = { { "kind", "term.kind" }, { "start", "term.start" },
						       { "end", "term.end" } };

		for (size_t i = 0; i < PK_ARRAY_LEN(need); i++)
			if (!xmlHasProp(fresh_term, BAD_CAST need[i][0]))
				problem(&im, find(&im, need[i][1], 0), need[i][1],
					"required: '%s' is a new term", im.term);
	}
	if (im.problems) {
		rc = PK_EINVAL;
		goto out;
	}

	terms = el(xmlDocGetRootElement(rec), "terms");
	if (old_term) {
		if (merge_term(old_term, fresh_term) != PK_OK)
			goto nomem;
	} else {
		/* a new term goes before the first term that starts after it */
		xmlChar *st = xmlGetNoNsProp(fresh_term, BAD_CAST "start");
		xmlNodePtr before = NULL;

		for (xmlNodePtr t = terms->children; t && !before; t = t->next) {
			xmlChar *ts = t->type == XML_ELEMENT_NODE ? xmlGetNoNsProp(t, BAD_CAST "start") : NULL;

			if (ts && st && xmlStrcmp(ts, st) > 0)
				before = t;
			xmlFree(ts);
		}
		xmlFree(st);
		if (before)
			xmlAddPrevSibling(before, fresh_term);
		else
			xmlAddChild(terms, fresh_term);
		fresh_term = NULL;
	}
	if (into)
		apply_reviews(&im);
	if (im.rc != PK_OK)
		goto nomem;
	if (im.problems) {
		rc = PK_EINVAL;
		goto out;
	}
	*out = rec;
	rec = NULL;
	rc = PK_OK;
	goto out;
nomem:
	rc = pk_error_set(err, PK_ENOMEM, "out of memory importing '%s'", file);
out:
	if (rc != PK_OK && im.problems && rc == PK_EINVAL)
		pk_error_set(err, PK_EINVAL, "'%s': %d field%s could not be read; nothing was written",
			     file, im.problems, im.problems == 1 ? "" : "s");
	xmlFreeNode(fresh_term);
	xmlFreeNode(fresh_people);
	if (rec != into)
		xmlFreeDoc(rec);
	free(im.rows);
	free(im.targets);
	free(im.occ);
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
