/*
 * mime.h: the messages pepkit sends, built byte for byte by pepkit (S/MIME needs the exact
 * bytes): RFC 5322 headers (folded, non-ASCII as RFC 2047 encoded words) and an RFC 2045
 * multipart/mixed body with a text part and the document as a base64 attachment, CRLF line
 * ends throughout. An S/MIME message encrypts that whole multipart entity with OpenSSL's CMS
 * (AES-256-CBC) for the recipient's certificate; only From, To, Subject, Date and Message-ID
 * stay outside, so none of them may carry a child's name (the caller's rule: subjects name the
 * document, the child's LA id and the term only; To carries the address without a display
 * name).
 */
#ifndef PEPKIT_MIME_H
#define PEPKIT_MIME_H

#include "core/pepkit.h"
#include "core/buf.h"

#include <time.h>

typedef struct mime_msg {
	const char *from;          /* address */
	const char *from_name;     /* display name (the council's), may be NULL */
	const char *to;            /* address only */
	const char *subject;
	const char *message_id;    /* "<...@...>" */
	time_t date;
	const char *body;          /* UTF-8 text, "\n" line ends (made CRLF) */
	const void *attachment;
	size_t attachment_len;
	const char *filename;      /* ASCII, no quotes */
	const char *content_type;  /* "application/pdf" */
} mime_msg;

/* 1 if addr is an address pepkit will put in a header and an SMTP envelope: ASCII, one '@',
 * a local part of 1..64 characters from the RFC 5322 atom set plus dots (no spaces, commas,
 * semicolons, quotes, angle brackets, slashes or control characters: no header injection), a
 * domain of dot-separated letters, digits and hyphens. */
int mime_address_ok(const char *addr);

/* The multipart/mixed entity (its Content-Type header, a blank line, the parts) for m,
 * appended to out. boundary is derived from the message id. PK_OK or PK_ENOMEM/PK_ELIMIT, or
 * PK_EINTERNAL when libcrypto cannot be loaded (core/cryptoso.h; also for the calls below). */
int mime_entity(const mime_msg *m, pk_buf *out);

/* A whole plain message: headers, MIME-Version, then mime_entity(). PK_OK or PK_ENOMEM. */
int mime_message(const mime_msg *m, pk_buf *out);

/* A whole S/MIME message: the headers, then the entity of m encrypted for the certificate in
 * the PEM file cert_path (application/pkcs7-mime; smime-type=enveloped-data, base64, CRLF).
 * PK_OK; PK_EINVAL with err if the certificate cannot be read or used, or is expired or not
 * yet valid, or does not name m->to (X509_check_email); PK_ENOMEM; PK_EINTERNAL with err when
 * libcrypto cannot be loaded. */
int mime_smime_message(const mime_msg *m, const char *cert_path, pk_buf *out, pk_error *err);

/* Append the header "Name: value" to out, value encoded (RFC 2047) if not ASCII and folded at
 * 78 columns, ending in CRLF. PK_OK or PK_ENOMEM. */
int mime_header(pk_buf *out, const char *name, const char *value);

#endif
