/*
 * curlso.h: libcurl, loaded when first needed (dlopen of libcurl.so.4) rather than linked, so
 * the commands that never talk to a server (render, pack, validate, ...) do not pay at every
 * start for loading and relocating libcurl and the two dozen libraries it brings (TLS, Kerberos,
 * LDAP, SSH, IDN, HTTP/2). Only `send` (deliver/smtp.c) and `archive --to` (archive/dav.c) use
 * it. The table holds the few libcurl calls pepkit makes, with libcurl's own signatures.
 *
 * Threads: curlso_get() may be called from any thread; the table is read-only once returned.
 */
#ifndef PEPKIT_CURLSO_H
#define PEPKIT_CURLSO_H

#include "core/pepkit.h"

#include <curl/curl.h>

typedef struct curlso {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *curl);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	void (*easy_reset)(CURL *curl);
	void (*easy_cleanup)(CURL *curl);
	const char *(*easy_strerror)(CURLcode code);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
} curlso;

/* Set *out to the libcurl table, loading libcurl.so.4 and running
 * curl_global_init(CURL_GLOBAL_DEFAULT) on the first call (once per process; later calls give
 * the same table or the same failure). The table is static and never freed: libcurl stays
 * loaded to the end of the process. Returns PK_OK, or PK_EINTERNAL with err set and *out NULL
 * (libcurl is not installed, lacks a call, or did not start). */
int curlso_get(const curlso **out, pk_error *err);

#endif
