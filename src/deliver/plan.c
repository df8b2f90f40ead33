/*
 * plan.c: a record's deliveries and their routes (plan.h).
 */
#include "core/pepkit.h"
#include "deliver/plan.h"
#include "deliver/mime.h"
#include "batch/pipeline.h"
#include "record/validate.h"

#include <ctype.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xpath.h>

const char *plan_route_name(enum plan_route r)
{
	switch (r) {
	case ROUTE_SMIME: return "smime";
	case ROUTE_TLS: return "tls";
	case ROUTE_GATEWAY: return "gateway";
	case ROUTE_POST: return "post";
	default: return "none";
	}
}

int plan_term(xmlDocPtr record, const char *file, const char *term_opt, char *term, size_t size,
	      pk_error *err)
{
	char expr[200];

	if (term_opt) {
		if (strlen(term_opt) > 40 || strchr(term_opt, '\'') != NULL)
			return pk_error_set(err, PK_EINVAL, "'%s': no term '%s'", file, term_opt);
		snprintf(expr, sizeof(expr), "string(/pep-record/terms/term[@id='%s']/@id)", term_opt);
		if (pipeline_xpath_string(record, expr, term, size) != PK_OK)
			return pk_error_set(err, PK_EINVAL, "'%s': the record has no term '%s'", file, term_opt);
		return PK_OK;
	}
	if (pipeline_xpath_string(record, "string(/pep-record/terms/term[last()]/@id)", term, size) != PK_OK)
		return pk_error_set(err, PK_EINVAL, "'%s': the record has no terms", file);
	return PK_OK;
}

/* The trimmed text of the first child element name of n into buf; "" if none. */
static void child_text(xmlNodePtr n, const char *name, char *buf, size_t size)
{
	buf[0] = '\0';
	for (xmlNodePtr k = n->children; k; k = k->next) {
		if (k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, BAD_CAST name)) {
			xmlChar *v = xmlNodeGetContent(k);
			const char *s = v ? (const char *)v : "";
			size_t len;

			while (*s == ' ' || *s == '\t')
				s++;
			len = strlen(s);
			while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
				len--;
			snprintf(buf, size, "%.*s", (int)len, s);
			xmlFree(v);
			return;
		}
	}
}

/* The attribute name of n into buf ("" if absent). */
static void attr(xmlNodePtr n, const char *name, char *buf, size_t size)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);

	snprintf(buf, size, "%s", v ? (const char *)v : "");
	xmlFree(v);
}

/* The person element with id, or NULL. */
static xmlNodePtr find_person(xmlNodePtr people, const char *id)
{
	char pid[64];

	for (xmlNodePtr p = people ? people->children : NULL; p; p = p->next) {
		if (p->type != XML_ELEMENT_NODE)
			continue;
		attr(p, "id", pid, sizeof(pid));
		if (strcmp(pid, id) == 0)
			return p;
	}
	return NULL;
}

/* Decide the route of d (its address, role and audience filled). */
static void route(const council *c, delivery *d)
{
	const council_role *r = council_role_find(c, d->role);
	const council_gateway *g;
	const char *dom;
	char low[320];

	if (r == NULL) {
		snprintf(d->error, sizeof(d->error), "role '%s' has no audience in the council configuration", d->role);
		return;
	}
	snprintf(d->audience, sizeof(d->audience), "%s", r->audience);
	snprintf(d->marking, sizeof(d->marking), "%s", r->marking[0] ? r->marking : c->marking);
	if (d->address[0] == '\0') {
		d->route = ROUTE_POST;
		return;
	}
	if (!mime_address_ok(d->address)) {
		snprintf(d->error, sizeof(d->error), "the recipient's address is not one plain email address (a newline, comma, space or other character not allowed)");
		return;
	}
	snprintf(low, sizeof(low), "%s", d->address);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	snprintf(d->rcpt, sizeof(d->rcpt), "%s", d->address);
	dom = strchr(d->address, '@') + 1;
	if (c->cert_dir[0] &&
	    snprintf(d->cert, sizeof(d->cert), "%s/%s.pem", c->cert_dir, low) < (int)sizeof(d->cert) &&
	    access(d->cert, R_OK) == 0) {
		d->route = ROUTE_SMIME;
		return;
	}
	d->cert[0] = '\0';
	if (council_domain_secure(c, dom)) {
		d->route = ROUTE_TLS;
		return;
	}
	if ((g = council_gateway_find(c, dom)) != NULL) {
		d->route = ROUTE_GATEWAY;
		if (g->keyword[0]) {
			snprintf(d->keyword, sizeof(d->keyword), "%s", g->keyword);
		} else {
			/* rewrite: {local} and {domain} of the address */
			char out[320] = "";
			size_t len = 0;
			const char *at = strchr(d->address, '@');

			for (const char *p = g->rewrite; *p && len < sizeof(out) - 1;) {
				const char *v = NULL;
				size_t vl = 0;

				if (strncmp(p, "{local}", 7) == 0) {
					v = d->address; vl = (size_t)(at - d->address); p += 7;
				} else if (strncmp(p, "{domain}", 8) == 0) {
					v = at + 1; vl = strlen(at + 1); p += 8;
				} else {
					v = p; vl = 1; p++;
				}
				if (len + vl >= sizeof(out))
					vl = sizeof(out) - 1 - len;
				memcpy(out + len, v, vl);
				len += vl;
			}
			out[len] = '\0';
			if (!mime_address_ok(out)) {
				snprintf(d->error, sizeof(d->error), "the gateway rule for '%s' makes an address that is not valid", dom);
				d->route = ROUTE_NONE;
				return;
			}
			snprintf(d->rcpt, sizeof(d->rcpt), "%s", out);
		}
		return;
	}
	d->route = ROUTE_POST;
}

/* addr as logs show it (out: size bytes): its local part and its domain each replaced by
 * "(withheld)" when it holds a word of the child's names (record doc; the id rules' matching). */
static void shown_address(xmlDocPtr doc, const char *addr, char *out, size_t size)
{
	const char *at = strrchr(addr, '@');
	char local[320];

	if (at == NULL) {
		snprintf(out, size, "%s", validate_id_names_child(doc, addr) ? "(withheld)" : addr);
		return;
	}
	snprintf(local, sizeof(local), "%.*s", (int)(at - addr), addr);
	{
		const char *l = validate_id_names_child(doc, local) ? "(withheld)" : local;
		const char *d = validate_id_names_child(doc, at + 1) ? "(withheld)" : at + 1;
		size_t ll = strlen(l), dl = strlen(d);

		if (ll + 1 + dl >= size) {   /* cannot happen for a valid address; never show it cut */
			snprintf(out, size, "(withheld)");
			return;
		}
		memcpy(out, l, ll);
		out[ll] = '@';
		memcpy(out + ll + 1, d, dl + 1);
	}
}

/* Fill a delivery for person p (NULL: a planning error with person id pid) and route it. */
static int add(const council *c, const char *child, const char *term, const char *doc, xmlNodePtr p,
	       const char *pid, delivery *d, int max, int *n, const char *file, pk_error *err)
{
	delivery *x;

	if (*n >= max)
		return pk_error_set(err, PK_ELIMIT, "'%s': more than %d deliveries for one term", file, max);
	x = &d[(*n)++];
	memset(x, 0, sizeof(*x));
	snprintf(x->child, sizeof(x->child), "%s", child);
	snprintf(x->term, sizeof(x->term), "%s", term);
	snprintf(x->doc, sizeof(x->doc), "%s", doc);
	snprintf(x->person, sizeof(x->person), "%s", pid);
	if (p != NULL && validate_id_names_child(p->doc, pid)) {
		/* an id such as "mum-yilmaz" would put the child's name in the post list's file
		 * names and the send log: the person's number among the record's people instead,
		 * as redacted copies number them (p1, p2, ...) */
		int k = 0;

		for (xmlNodePtr q = p->parent ? p->parent->children : NULL; q; q = q->next)
			if (q->type == XML_ELEMENT_NODE && xmlStrEqual(q->name, BAD_CAST "person")) {
				k++;
				if (q == p)
					break;
			}
		snprintf(x->person, sizeof(x->person), "p%d", k);
	}
	if (p == NULL) {
		snprintf(x->role, sizeof(x->role), "-");
		snprintf(x->error, sizeof(x->error), "attendee '%s' is not among the record's people", pid);
		return PK_OK;
	}
	attr(p, "role", x->role, sizeof(x->role));
	child_text(p, "email", x->address, sizeof(x->address));
	child_text(p, "name", x->name, sizeof(x->name));
	child_text(p, "organisation", x->org, sizeof(x->org));
	/* child_text trims spaces only: a newline stays and the address check refuses it */
	route(c, x);
	shown_address(p->doc, x->address, x->shown, sizeof(x->shown));
	shown_address(p->doc, x->rcpt, x->shown_rcpt, sizeof(x->shown_rcpt));
	return PK_OK;
}

int plan_record(const council *c, xmlDocPtr record, const char *file, const char *term, int *not_due,
		delivery *d, int max, int *n, pk_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(record), people = NULL, terms = NULL, t = NULL, k;
	char child[64], id[64], role[32];
	int rc;

	if (pipeline_xpath_string(record, "string(/pep-record/child/la-child-id)", child, sizeof(child)) != PK_OK)
		return pk_error_set(err, PK_EINVAL, "'%s': child/la-child-id: missing", file);
	for (k = root ? root->children : NULL; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(k->name, BAD_CAST "people"))
			people = k;
		else if (xmlStrEqual(k->name, BAD_CAST "terms"))
			terms = k;
	}
	for (k = terms ? terms->children : NULL; k; k = k->next) {
		if (k->type == XML_ELEMENT_NODE) {
			attr(k, "id", id, sizeof(id));
			if (strcmp(id, term) == 0)
				t = k;
		}
	}
	if (t == NULL)
		return pk_error_set(err, PK_EINVAL, "'%s': the record has no term '%s'", file, term);
	for (int i = 0; i < c->ndocs; i++) {
		const council_doc *cd = &c->docs[i];

		if (cd->meeting) {
			xmlNodePtr m = NULL, att = NULL;
			int found = 0;

			for (k = t->children; k; k = k->next)
				if (k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, BAD_CAST "meeting"))
					m = k;
			if (m == NULL) {
				/* no meeting yet this term: its record is not due (sent once it is in) */
				if (not_due != NULL)
					(*not_due)++;
				continue;
			}
			for (k = m ? m->children : NULL; k; k = k->next)
				if (k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, BAD_CAST "attendees"))
					att = k;
			for (k = att ? att->children : NULL; k; k = k->next) {
				if (k->type != XML_ELEMENT_NODE)
					continue;
				attr(k, "person", id, sizeof(id));
				found++;
				rc = add(c, child, term, cd->name, find_person(people, id), id, d, max, n, file, err);
				if (rc != PK_OK)
					return rc;
			}
			if (found == 0) {
				if (*n >= max)
					return pk_error_set(err, PK_ELIMIT, "'%s': more than %d deliveries for one term", file, max);
				memset(&d[*n], 0, sizeof(d[*n]));
				snprintf(d[*n].child, sizeof(d[*n].child), "%s", child);
				snprintf(d[*n].term, sizeof(d[*n].term), "%s", term);
				snprintf(d[*n].doc, sizeof(d[*n].doc), "%s", cd->name);
				snprintf(d[*n].person, sizeof(d[*n].person), "-");
				snprintf(d[*n].role, sizeof(d[*n].role), "-");
				snprintf(d[*n].error, sizeof(d[*n].error), "no meeting attendees recorded for term %s: %s goes to no one",
					 term, cd->name);
				(*n)++;
			}
			continue;
		}
		for (k = people ? people->children : NULL; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			attr(k, "role", role, sizeof(role));
			for (int j = 0; j < cd->nroles; j++) {
				if (strcmp(cd->roles[j], role) != 0)
					continue;
				attr(k, "id", id, sizeof(id));
				rc = add(c, child, term, cd->name, k, id, d, max, n, file, err);
				if (rc != PK_OK)
					return rc;
			}
		}
	}
	return PK_OK;
}
