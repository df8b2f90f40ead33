/*
 * council.h: a council's delivery configuration for `pepkit send` (schemas/council.xsd; an
 * example in templates/council-example.xml), loaded through core/xmlsafe and checked against
 * its schema, then against the rules the schema cannot say (a password source given once, a
 * gateway with exactly one action, known template placeholders, roles for to="roles").
 * Relative paths in the file (CA file, certificates folder, password file) are resolved
 * against the configuration file's folder. The council is plain data, read-only once loaded.
 */
#ifndef PEPKIT_COUNCIL_H
#define PEPKIT_COUNCIL_H

#include "core/pepkit.h"

#define COUNCIL_MAX_DOMAINS 500
#define COUNCIL_MAX_GATEWAYS 100
#define COUNCIL_MAX_ROLES 13
#define COUNCIL_MAX_DOCS 8
#define COUNCIL_PATH 4096

enum council_tls { COUNCIL_STARTTLS = 1, COUNCIL_IMPLICIT = 2 };

typedef struct council_domain {
	char name[256];     /* lower case */
	int suffix;         /* 1: the domain and its subdomains */
} council_domain;

typedef struct council_gateway {
	council_domain domain;
	char keyword[201];  /* added to the subject, or "" */
	char rewrite[201];  /* "{local}@{domain}.gateway.example", or "" */
} council_gateway;

typedef struct council_role {
	char name[32];      /* a record role ("designated-teacher") */
	char audience[33];  /* its audience profile ("school") */
	char marking[201];  /* "" = the council's marking */
} council_role;

typedef struct council_doc {
	char name[16];      /* "pep1", "pep2", or a pre-filled Word form "form-pep1", "form-pep2" */
	int meeting;        /* 1: the term's attendees and apologies; 0: roles below */
	char roles[COUNCIL_MAX_ROLES][32];
	int nroles;
} council_doc;

typedef struct council {
	char path[COUNCIL_PATH];       /* the file it was read from */
	char name[201];
	char sender[255], sender_name[201];
	char host[254];
	int port;
	enum council_tls tls;
	char ca_file[COUNCIL_PATH];    /* "" = the system's store */
	long timeout;                  /* relay/@timeout in seconds, 0: the default */
	char username[201];            /* "" = no authentication */
	char password_env[65];
	char password_file[COUNCIL_PATH];
	char cert_dir[COUNCIL_PATH];   /* "" = no certificates on file */
	council_domain domains[COUNCIL_MAX_DOMAINS];
	int ndomains;
	council_gateway gateways[COUNCIL_MAX_GATEWAYS];
	int ngateways;
	council_role roles[COUNCIL_MAX_ROLES];
	int nroles;
	council_doc docs[COUNCIL_MAX_DOCS];
	int ndocs;
	char marking[201];
	char *body;                    /* message body template (owned) */
	char *letter;                  /* covering letter template (owned) */
} council;

/* Load and check the configuration at path. Returns PK_OK and *out (free with council_free), or
 * PK_EINVAL/PK_EIO/PK_ENOMEM with err naming the file, line and field; *out is then NULL. */
int council_load(const char *path, council **out, pk_error *err);
void council_free(council *c);

/* The role's entry, or NULL when the configuration gives the role no audience. */
const council_role *council_role_find(const council *c, const char *role);

/* 1 if domain (any case) is a secure domain (TLS enforced). */
int council_domain_secure(const council *c, const char *domain);
/* The gateway rule for domain, or NULL. */
const council_gateway *council_gateway_find(const council *c, const char *domain);

/*
 * The relay password into buf (size bytes): from the environment variable or the file the
 * configuration names. The file must be a regular file that neither group nor others may read
 * (a group- or world-readable password file is refused); one trailing newline is dropped.
 * Returns PK_OK ("" and PK_OK when the configuration has no authentication), or PK_EINVAL /
 * PK_EIO with err saying what is wrong (never the password).
 */
int council_password(const council *c, char *buf, size_t size, pk_error *err);

/* Expand a template (body or letter): {document} {term} {child-id} {reader} {sender}
 * {marking} from the values given (NULL counts as ""). Returns a new string (caller frees) or
 * NULL when out of memory. */
char *council_expand(const char *tmpl, const char *document, const char *term,
		     const char *child_id, const char *reader, const char *sender, const char *marking);

#endif
