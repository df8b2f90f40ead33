/*
 * dav.h: deposit documents into a document management system that speaks WebDAV (SharePoint,
 * Alfresco, Nextcloud, most EDRMS): libcurl PUT into one folder per child (made with MKCOL),
 * over HTTPS only, with the server's certificate and host name always verified (TLS 1.2 or
 * later). After each PUT the stored size (and the SHA-256 where the server reports one in an
 * OC-Checksum or Digest header) is read back with HEAD and compared.
 *
 * Credentials ("user:password") come from the environment variable PEPKIT_DAV_CREDENTIALS or a
 * file readable only by its owner (mode 0600 or stricter); never from the command line.
 */
#ifndef PEPKIT_DAV_H
#define PEPKIT_DAV_H

#include "core/pepkit.h"

#include <stddef.h>

typedef struct dav_target dav_target;

#define DAV_CRED_ENV "PEPKIT_DAV_CREDENTIALS"

/* Prepare deposits under url (https://..., a folder; a trailing '/' is added). cred_file (NULL:
 * use $PEPKIT_DAV_CREDENTIALS, else no authentication) holds "user:password" on its first
 * line and must not be readable by group or others. cacert (NULL: the system's CAs) is a PEM
 * file of CAs to trust instead. PK_OK with *out (free with dav_close); PK_EINVAL for a URL that
 * is not https or an unsafe credentials file; PK_EIO when it cannot be read; PK_EINTERNAL if
 * libcurl cannot start. */
int dav_open(const char *url, const char *cred_file, const char *cacert, dav_target **out, pk_error *err);
/* Free. Accepts NULL. */
void dav_close(dav_target *t);

/* Store len bytes as BASE/CHILD/NAME (child and name are safe path components, see
 * store_valid_id). The child's folder is created with MKCOL first (once per target and child).
 * After the PUT, the size the server reports (and its checksum, when it gives one) must match
 * sha256/len. url (size n) gets the document's URL. PK_OK; PK_EIO with err naming the URL and
 * the HTTP status or TLS/connection problem. */
int dav_put(dav_target *t, const char *child, const char *name, const void *data, size_t len, const char *sha256,
	    char *url, size_t n, pk_error *err);

/* The URL dav_put() stores BASE/CHILD/NAME at, into url (size n). PK_OK or PK_EINVAL (too
 * long). */
int dav_url(const dav_target *t, const char *child, const char *name, char *url, size_t n, pk_error *err);

/* Whether the server holds exactly these len bytes at url (a document an earlier run stored
 * there): HEAD must answer 200 with the size (when it gives one) and the SHA-256 (an OC-Checksum,
 * when it gives one) of these bytes; when it gives no checksum the document is read back and
 * compared byte for byte, so neither size nor modification time alone is trusted. 1 yes, 0 no
 * (missing, or other bytes: the caller PUTs it again), PK_EIO (negative) with err when the
 * server cannot be asked (dav_timed_out tells a timeout). */
int dav_holds(dav_target *t, const char *url, const void *data, size_t len, const char *sha256, pk_error *err);

/* 1 if the last dav_put() because the server did not answer in time (connecting, the
 * TLS handshake, or a reply), else 0: a caller with more documents for it stops sending rather
 * than wait that long for each. */
int dav_timed_out(const dav_target *t);

#endif
