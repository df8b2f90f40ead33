/*
 * dynlib.c: shared libraries loaded on first use (see dynlib.h).
 */
#include "core/pepkit.h"
#include "core/dynlib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t dynlib_lock = PTHREAD_MUTEX_INITIALIZER;

/* Load d (the caller holds dynlib_lock and d->state is 0). Sets d->state to 1 or -1. */
static void load(dynlib *d)
{
	void *h = dlopen(d->soname, RTLD_NOW | RTLD_LOCAL);
	const char *e;
	size_t i;

	if (h == NULL) {
		e = dlerror();
		snprintf(d->why, sizeof(d->why), "cannot load %s: %s", d->soname, e ? e : "unknown error");
		goto fail;
	}
	for (i = 0; i < d->nsyms; i++) {
		void *f = dlsym(h, d->syms[i].name);

		if (f == NULL) {
			snprintf(d->why, sizeof(d->why), "%s lacks %s", d->soname, d->syms[i].name);
			goto fail;   /* h stays loaded: harmless, and unloading a half-used library is not */
		}
		/* POSIX: a function's address from dlsym is used through a function pointer */
		*(void **)((char *)d->table + d->syms[i].offset) = f;
	}
	__atomic_store_n(&d->state, 1, __ATOMIC_RELEASE);
	return;
fail:
	__atomic_store_n(&d->state, -1, __ATOMIC_RELEASE);
}

int dynlib_load(dynlib *d, pk_error *err)
{
	int state = __atomic_load_n(&d->state, __ATOMIC_ACQUIRE);

	if (state == 0) {
		pthread_mutex_lock(&dynlib_lock);
		if (__atomic_load_n(&d->state, __ATOMIC_ACQUIRE) == 0)
			load(d);
		state = __atomic_load_n(&d->state, __ATOMIC_ACQUIRE);
		pthread_mutex_unlock(&dynlib_lock);
	}
	if (state != 1)
		return pk_error_set(err, PK_EINTERNAL, "%s", d->why);
	return PK_OK;
}
