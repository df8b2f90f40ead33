/*
 * curlso.c: libcurl loaded on first use (see curlso.h), through core/dynlib.h.
 */
#include "core/pepkit.h"
#include "core/curlso.h"
#include "core/dynlib.h"

#include <pthread.h>
#include <stddef.h>

static curlso table;

/* The table's short names are libcurl's without the "curl_" prefix. */
#define CURLSO_SYM(field) { "curl_" #field, offsetof(curlso, field) },
static const dynlib_sym syms[] = {
	CURLSO_SYM(global_init) CURLSO_SYM(easy_init) CURLSO_SYM(easy_setopt)
	CURLSO_SYM(easy_perform) CURLSO_SYM(easy_getinfo) CURLSO_SYM(easy_reset)
	CURLSO_SYM(easy_cleanup) CURLSO_SYM(easy_strerror) CURLSO_SYM(slist_append)
	CURLSO_SYM(slist_free_all)
};
#undef CURLSO_SYM

static dynlib lib = { "libcurl.so.4", syms, PK_ARRAY_LEN(syms), &table, 0, "" };

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int started;                /* 1: curl_global_init succeeded */

/* pthread_once routine: start libcurl (the table is loaded). */
static void start(void)
{
	started = table.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

int curlso_get(const curlso **out, pk_error *err)
{
	int rc;

	*out = NULL;
	if ((rc = dynlib_load(&lib, err)) != PK_OK)
		return rc;
	if (pthread_once(&once, start) != 0 || !started)
		return pk_error_set(err, PK_EINTERNAL, "cannot initialise libcurl");
	*out = &table;
	return PK_OK;
}
