/*
 * council.c: loading a council's delivery configuration (council.h): safe parse, schema check,
 * then the rules XSD cannot express, into a plain struct.
 */
#include "core/pepkit.h"
#include "deliver/council.h"
#include "core/xmlsafe.h"
#include "core/xsd.h"
#include "core/suggest.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const placeholders[] = {
	"document", "term", "child-id", "reader", "sender", "marking"
};

/* Copy attribute name of n into buf (size bytes); "" when absent. Returns 0, or -1 when the
 * value does not fit. */
static int get_attr(xmlNodePtr n, const char *name, char *buf, size_t size)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	int rc = 0;

	buf[0] = '\0';
	if (v == NULL)
		return 0;
	if (strlen((const char *)v) >= size)
		rc = -1;
	else
		strcpy(buf, (const char *)v);
	xmlFree(v);
	return rc;
}

/* Is role r's audience (element k of the configuration at path) a reader pepkit has: a
 * shipped profile (templates/audiences/NAME.xml) or a profile's path (a '/' or .xml, checked
 * when loaded)? PK_OK, or PK_EINVAL with err naming the file, line and attribute, the readers
 * and the one the name is close to. */
static int known_audience(const char *path, xmlNodePtr k, const council_role *r, pk_error *err)
{
	char dir[4096], file[4200], list[1024], near[64];
	size_t len = strlen(r->audience);

	if (len == 0 || strchr(r->audience, '/') || (len > 4 && strcmp(r->audience + len - 4, ".xml") == 0))
		return PK_OK;
	snprintf(dir, sizeof(dir), "%s/templates/audiences", pk_datadir());
	if (strspn(r->audience, "abcdefghijklmnopqrstuvwxyz0123456789-") == len && r->audience[0] != '-' &&
	    snprintf(file, sizeof(file), "%s/%s.xml", dir, r->audience) < (int)sizeof(file) &&
	    access(file, R_OK) == 0)
		return PK_OK;
	suggest_shipped(dir, "", r->audience, list, sizeof(list), near, sizeof(near));
	return pk_error_set(err, PK_EINVAL, "'%s' line %ld: roles/role/@audience: role '%s': unknown audience "
			    "'%s'%s%s%s (readers: %s; or a profile file's path)", path, (long)xmlGetLineNo(k),
			    r->name, r->audience, near[0] ? ": did you mean '" : "", near, near[0] ? "'?" : "", list);
}

/* Lower-case s in place (ASCII). */
static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Resolve rel against the folder of base into out (size bytes). Returns 0 or -1 if too long. */
static int resolve(const char *base, const char *rel, char *out, size_t size)
{
	const char *slash = strrchr(base, '/');
	int n;

	if (rel[0] == '/' || slash == NULL)
		n = snprintf(out, size, "%s", rel);
	else
		n = snprintf(out, size, "%.*s/%s", (int)(slash - base), base, rel);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Check every {name} in t is a known placeholder. Returns NULL, or the first unknown one's
 * start (for the message). */
static const char *bad_placeholder(const char *t)
{
	for (const char *p = strchr(t, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		int known = 0;

		if (e == NULL)
			return p;
		for (size_t i = 0; i < PK_ARRAY_LEN(placeholders); i++)
			if ((size_t)(e - p - 1) == strlen(placeholders[i]) &&
			    strncmp(p + 1, placeholders[i], (size_t)(e - p - 1)) == 0)
				known = 1;
		if (!known)
			return p;
	}
	return NULL;
}

/* Parse a domain rule element into d. */
static void load_domain(xmlNodePtr n, const char *text_attr, council_domain *d)
{
	char m[16];
	xmlChar *v;

	if (text_attr)
		get_attr(n, text_attr, d->name, sizeof(d->name));
	else {
		v = xmlNodeGetContent(n);
		snprintf(d->name, sizeof(d->name), "%s", v ? (const char *)v : "");
		xmlFree(v);
	}
	lower(d->name);
	get_attr(n, "match", m, sizeof(m));
	d->suffix = strcmp(m, "suffix") == 0;
}

int council_load(const char *path, council **out, pk_error *err)
{
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n, k;
	council *c = NULL;
	char tmp[COUNCIL_PATH], port[16];
	int rc;
	const char *bad;

	*out = NULL;
	doc = xsd_read_valid(path, "council.xsd", "council configuration", err);
	if (doc == NULL)
		return err ? err->code : PK_EINVAL;
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	snprintf(c->path, sizeof(c->path), "%s", path);
	root = xmlDocGetRootElement(doc);
	get_attr(root, "name", c->name, sizeof(c->name));
	for (n = root->children; n; n = n->next) {
		const char *nm = (const char *)n->name;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(nm, "sender") == 0) {
			get_attr(n, "address", c->sender, sizeof(c->sender));
			get_attr(n, "name", c->sender_name, sizeof(c->sender_name));
		} else if (strcmp(nm, "relay") == 0) {
			get_attr(n, "host", c->host, sizeof(c->host));
			get_attr(n, "port", port, sizeof(port));
			c->port = atoi(port);
			get_attr(n, "tls", tmp, sizeof(tmp));
			c->tls = strcmp(tmp, "implicit") == 0 ? COUNCIL_IMPLICIT : COUNCIL_STARTTLS;
			get_attr(n, "ca-file", tmp, sizeof(tmp));
			if (tmp[0] && resolve(path, tmp, c->ca_file, sizeof(c->ca_file)) != 0)
				goto toolong;
			get_attr(n, "timeout", port, sizeof(port));   /* 1..3600 by the schema */
			c->timeout = port[0] ? atol(port) : 0;
			for (k = n->children; k; k = k->next) {
				if (k->type != XML_ELEMENT_NODE)
					continue;
				get_attr(k, "username", c->username, sizeof(c->username));
				get_attr(k, "password-env", c->password_env, sizeof(c->password_env));
				get_attr(k, "password-file", tmp, sizeof(tmp));
				if (tmp[0] && resolve(path, tmp, c->password_file, sizeof(c->password_file)) != 0)
					goto toolong;
				if ((c->password_env[0] != '\0') == (c->password_file[0] != '\0')) {
					rc = pk_error_set(err, PK_EINVAL, "'%s' line %ld: relay/auth: give exactly one of password-env and password-file",
							  path, (long)xmlGetLineNo(k));
					goto out;
				}
			}
		} else if (strcmp(nm, "certificates") == 0) {
			get_attr(n, "folder", tmp, sizeof(tmp));
			if (resolve(path, tmp, c->cert_dir, sizeof(c->cert_dir)) != 0)
				goto toolong;
		} else if (strcmp(nm, "secure-domains") == 0) {
			for (k = n->children; k; k = k->next)
				if (k->type == XML_ELEMENT_NODE && c->ndomains < COUNCIL_MAX_DOMAINS)
					load_domain(k, NULL, &c->domains[c->ndomains++]);
		} else if (strcmp(nm, "gateways") == 0) {
			for (k = n->children; k; k = k->next) {
				council_gateway *g;

				if (k->type != XML_ELEMENT_NODE || c->ngateways == COUNCIL_MAX_GATEWAYS)
					continue;
				g = &c->gateways[c->ngateways++];
				load_domain(k, "domain", &g->domain);
				get_attr(k, "subject-keyword", g->keyword, sizeof(g->keyword));
				get_attr(k, "rewrite", g->rewrite, sizeof(g->rewrite));
				if ((g->keyword[0] != '\0') == (g->rewrite[0] != '\0')) {
					rc = pk_error_set(err, PK_EINVAL, "'%s' line %ld: gateway: give exactly one of subject-keyword and rewrite",
							  path, (long)xmlGetLineNo(k));
					goto out;
				}
				if (g->rewrite[0] && (strstr(g->rewrite, "{local}") == NULL || strchr(g->rewrite, '@') == NULL)) {
					rc = pk_error_set(err, PK_EINVAL, "'%s' line %ld: gateway: rewrite must contain {local} and an '@'",
							  path, (long)xmlGetLineNo(k));
					goto out;
				}
			}
		} else if (strcmp(nm, "roles") == 0) {
			for (k = n->children; k; k = k->next) {
				council_role *r;

				if (k->type != XML_ELEMENT_NODE || c->nroles == COUNCIL_MAX_ROLES)
					continue;
				r = &c->roles[c->nroles++];
				get_attr(k, "name", r->name, sizeof(r->name));
				get_attr(k, "audience", r->audience, sizeof(r->audience));
				get_attr(k, "marking", r->marking, sizeof(r->marking));
				if ((rc = known_audience(path, k, r, err)) != PK_OK)
					goto out;
			}
		} else if (strcmp(nm, "documents") == 0) {
			for (k = n->children; k; k = k->next) {
				council_doc *d;
				char *save = NULL;

				if (k->type != XML_ELEMENT_NODE || c->ndocs == COUNCIL_MAX_DOCS)
					continue;
				d = &c->docs[c->ndocs++];
				get_attr(k, "name", d->name, sizeof(d->name));
				get_attr(k, "to", tmp, sizeof(tmp));
				d->meeting = strcmp(tmp, "meeting") == 0;
				get_attr(k, "roles", tmp, sizeof(tmp));
				for (char *t = strtok_r(tmp, " \t\r\n", &save); t && d->nroles < COUNCIL_MAX_ROLES;
				     t = strtok_r(NULL, " \t\r\n", &save))
					snprintf(d->roles[d->nroles++], sizeof(d->roles[0]), "%s", t);
				if (!d->meeting && d->nroles == 0) {
					rc = pk_error_set(err, PK_EINVAL, "'%s' line %ld: document: to=\"roles\" needs a roles list",
							  path, (long)xmlGetLineNo(k));
					goto out;
				}
			}
		} else if (strcmp(nm, "marking") == 0 || strcmp(nm, "body") == 0 || strcmp(nm, "letter") == 0) {
			xmlChar *v = xmlNodeGetContent(n);
			char *s = v ? strdup((const char *)v) : NULL;

			xmlFree(v);
			if (s == NULL) {
				rc = pk_error_set(err, PK_ENOMEM, "out of memory");
				goto out;
			}
			if (nm[0] == 'm') {
				snprintf(c->marking, sizeof(c->marking), "%s", s);
				free(s);
				continue;
			}
			if ((bad = bad_placeholder(s)) != NULL) {
				rc = pk_error_set(err, PK_EINVAL, "'%s' line %ld: %s: unknown placeholder '%.20s' (use {document} {term} {child-id} {reader} {sender} {marking})",
						  path, (long)xmlGetLineNo(n), nm, bad);
				free(s);
				goto out;
			}
			if (nm[0] == 'b')
				c->body = s;
			else
				c->letter = s;
		}
	}
	rc = PK_OK;
	goto out;
toolong:
	rc = pk_error_set(err, PK_EINVAL, "'%s': a path in the configuration is too long", path);
out:
	xmlFreeDoc(doc);
	if (rc != PK_OK) {
		council_free(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

void council_free(council *c)
{
	if (c == NULL)
		return;
	free(c->body);
	free(c->letter);
	free(c);
}

const council_role *council_role_find(const council *c, const char *role)
{
	for (int i = 0; i < c->nroles; i++)
		if (strcmp(c->roles[i].name, role) == 0)
			return &c->roles[i];
	return NULL;
}

/* 1 if domain (lower case) matches rule d. */
static int domain_matches(const council_domain *d, const char *domain)
{
	size_t n = strlen(domain), m = strlen(d->name);

	if (strcmp(domain, d->name) == 0)
		return 1;
	return d->suffix && n > m + 1 && domain[n - m - 1] == '.' && strcmp(domain + n - m, d->name) == 0;
}

int council_domain_secure(const council *c, const char *domain)
{
	char low[256];

	snprintf(low, sizeof(low), "%s", domain);
	lower(low);
	for (int i = 0; i < c->ndomains; i++)
		if (domain_matches(&c->domains[i], low))
			return 1;
	return 0;
}

const council_gateway *council_gateway_find(const council *c, const char *domain)
{
	char low[256];

	snprintf(low, sizeof(low), "%s", domain);
	lower(low);
	for (int i = 0; i < c->ngateways; i++)
		if (domain_matches(&c->gateways[i].domain, low))
			return &c->gateways[i];
	return NULL;
}

int council_password(const council *c, char *buf, size_t size, pk_error *err)
{
	struct stat st;
	int fd = -1, rc = PK_OK;
	ssize_t n;

	buf[0] = '\0';
	if (c->username[0] == '\0')
		return PK_OK;
	if (c->password_env[0]) {
		const char *v = getenv(c->password_env);

		if (v == NULL || v[0] == '\0')
			return pk_error_set(err, PK_EINVAL, "'%s': relay/auth: the environment variable %s that should hold the relay password is not set",
					    c->path, c->password_env);
		if (strlen(v) >= size)
			return pk_error_set(err, PK_EINVAL, "'%s': relay/auth: the password in %s is too long", c->path, c->password_env);
		strcpy(buf, v);
		return PK_OK;
	}
	fd = open(c->password_file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		rc = pk_error_set(err, PK_EIO, "cannot read the relay password file '%s': %s", c->password_file, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (st.st_mode & 077) != 0) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': the relay password file may be read by others (mode %03o): make it readable by its owner only (chmod 600)",
				  c->password_file, (unsigned)(st.st_mode & 0777));
		goto out;
	}
	n = read(fd, buf, size - 1);
	if (n < 0) {
		rc = pk_error_set(err, PK_EIO, "cannot read the relay password file '%s': %s", c->password_file, strerror(errno));
		goto out;
	}
	if ((size_t)n == size - 1) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': the relay password is too long", c->password_file);
		goto out;
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	if (n == 0)
		rc = pk_error_set(err, PK_EINVAL, "'%s': the relay password file is empty", c->password_file);
out:
	if (rc != PK_OK)
		memset(buf, 0, size);
	if (fd >= 0)
		close(fd);
	return rc;
}

char *council_expand(const char *tmpl, const char *document, const char *term,
		     const char *child_id, const char *reader, const char *sender, const char *marking)
{
	const char *vals[PK_ARRAY_LEN(placeholders)] = { document, term, child_id, reader, sender, marking };
	size_t cap = strlen(tmpl) + 256, len = 0;
	char *out;

	/* a first guess; each placeholder may appear several times, so grow as needed */
	out = malloc(cap);
	if (out == NULL)
		return NULL;
	for (const char *p = tmpl; *p;) {
		const char *v = NULL;
		size_t skip = 1, vl;

		if (*p == '{') {
			for (size_t i = 0; i < PK_ARRAY_LEN(placeholders); i++) {
				size_t pl = strlen(placeholders[i]);

				if (strncmp(p + 1, placeholders[i], pl) == 0 && p[pl + 1] == '}') {
					v = vals[i] ? vals[i] : "";
					skip = pl + 2;
				}
			}
		}
		vl = v ? strlen(v) : 1;
		if (len + vl + 1 > cap) {
			char *g = realloc(out, 2 * cap + vl);

			if (g == NULL) {
				free(out);
				return NULL;
			}
			out = g;
			cap = 2 * cap + vl;
		}
		memcpy(out + len, v ? v : p, vl);
		len += vl;
		p += skip;
	}
	out[len] = '\0';
	return out;
}
