/*
 * plan.h: working out a record's deliveries for one term: (child, term, document, recipient,
 * audience, route) for every document the council sends, from the record's people and the
 * term's meeting (attendees and apologies). The route is decided per recipient, most secure
 * first: S/MIME when a certificate for the address is on file, else TLS enforced when the
 * domain is a secure domain, else the domain's gateway rule, else the post list. Never plain
 * email. A delivery that cannot be made (no attendees, a role without an audience, an address
 * that is not one plain address) carries an error and is never sent.
 */
#ifndef PEPKIT_PLAN_H
#define PEPKIT_PLAN_H

#include "core/pepkit.h"
#include "deliver/council.h"

#include <libxml/tree.h>

#define PLAN_MAX 400   /* deliveries per record and term (50 people x 8 documents) */

enum plan_route {
	ROUTE_NONE = 0,    /* cannot be delivered: see error */
	ROUTE_SMIME,       /* encrypted to the recipient's certificate, over TLS */
	ROUTE_TLS,         /* secure domain: TLS enforced */
	ROUTE_GATEWAY,     /* the domain's encryption gateway rule, over TLS */
	ROUTE_POST         /* refused for email: the post list */
};

typedef struct delivery {
	char child[64], term[32], doc[16];
	char person[64], role[32];
	char address[320];     /* the address the record gives ("" none; may be invalid: see error) */
	char rcpt[320];        /* the envelope recipient (the address, or the gateway's rewrite) */
	char shown[320];       /* address as logs, plans and messages show it: a part (local or
				* domain) holding a word of the child's names reads "(withheld)"
				* (the child's own "adaeze.nwosu@...", a kinship carer's) */
	char shown_rcpt[320];  /* rcpt, shown the same way */
	char audience[33];     /* the reader the copy is redacted for */
	char marking[201];     /* the subject's marking */
	char keyword[201];     /* gateway subject keyword, or "" */
	char cert[4200];       /* S/MIME: the certificate's path */
	enum plan_route route;
	char error[300];       /* "" or why nothing is sent */
	char name[201], org[201];   /* for the post letter only: never logged or put in a subject */
} delivery;

/* The name of a route ("smime", "tls", "gateway", "post", "none"). */
const char *plan_route_name(enum plan_route r);

/* The term a plan is for: term_opt when given (the record must have it), else the record's
 * latest. PK_OK with term (size bytes) filled, or PK_EINVAL with err naming file. */
int plan_term(xmlDocPtr record, const char *file, const char *term_opt, char *term, size_t size,
	      pk_error *err);

/* Append the deliveries of record (full, unredacted) for term to d (room for max; *n counts).
 * A meeting document (PEP2) of a term whose meeting is not in the record yet is not due: it
 * plans no delivery and adds 1 to *not_due (when not NULL); a meeting recorded without
 * attendees plans one delivery with its error. PK_OK, or PK_ELIMIT with err when there are
 * more than max. */
int plan_record(const council *c, xmlDocPtr record, const char *file, const char *term, int *not_due,
		delivery *d, int max, int *n, pk_error *err);

#endif
