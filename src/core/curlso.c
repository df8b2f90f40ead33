/*
 * curlso.c: libcurl loaded on first use (see curlso.h).
 */
#include "core/pepkit.h"
#include "core/curlso.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static curlso table;
static int loaded;                 /* 1: table is complete and libcurl started */
static char why[300];              /* the failure, when not loaded */

/* Look up name in h into *slot (a function pointer in the table). 1 if found. */
static int sym(void *h, const char *name, void *slot)
{
	void *f = dlsym(h, name);

	if (f == NULL) {
		snprintf(why, sizeof(why), "libcurl.so.4 lacks %s", name);
		return 0;
	}
	/* POSIX: a function's address from dlsym is used through a function pointer */
	*(void **)slot = f;
	return 1;
}

/* pthread_once routine: load libcurl, fill the table, start libcurl. */
static void load(void)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	const char *e;

	if (h == NULL) {
		e = dlerror();
		snprintf(why, sizeof(why), "cannot load libcurl (libcurl.so.4): %s", e ? e : "unknown error");
		return;
	}
	if (!sym(h, "curl_global_init", &table.global_init) || !sym(h, "curl_easy_init", &table.easy_init) ||
	    !sym(h, "curl_easy_setopt", &table.easy_setopt) || !sym(h, "curl_easy_perform", &table.easy_perform) ||
	    !sym(h, "curl_easy_getinfo", &table.easy_getinfo) || !sym(h, "curl_easy_reset", &table.easy_reset) ||
	    !sym(h, "curl_easy_cleanup", &table.easy_cleanup) ||
	    !sym(h, "curl_easy_strerror", &table.easy_strerror) ||
	    !sym(h, "curl_slist_append", &table.slist_append) ||
	    !sym(h, "curl_slist_free_all", &table.slist_free_all))
		return;   /* h stays loaded: harmless, and dlclose of a half-used TLS library is not */
	if (table.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(why, sizeof(why), "cannot initialise libcurl");
		return;
	}
	loaded = 1;
}

int curlso_get(const curlso **out, pk_error *err)
{
	*out = NULL;
	if (pthread_once(&once, load) != 0)
		return pk_error_set(err, PK_EINTERNAL, "cannot initialise libcurl");
	if (!loaded)
		return pk_error_set(err, PK_EINTERNAL, "%s", why);
	*out = &table;
	return PK_OK;
}
