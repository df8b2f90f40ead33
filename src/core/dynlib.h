/*
 * dynlib.h: a shared library loaded with dlopen when a command first needs it, rather than
 * linked, so that commands which never use it do not pay at every start for mapping and
 * relocating it and what it brings (issue 15: a single `pepkit render` at most 10 ms CPU with
 * process start). The one mechanism for every such library: libzip (core/zipso.h), libcrypto
 * (core/cryptoso.h), libcurl (core/curlso.h), libexslt (core/exsltso.h).
 *
 * A library is described by a table type of function pointers, one per call pepkit makes, each
 * declared with the library's own prototype (zipso and cryptoso use __typeof__ of the header's
 * declaration, so a signature cannot drift), and a list of (name, offset in the table).
 * dynlib_load() fills the table once per process; afterwards the table is read-only and may be
 * read from any thread.
 */
#ifndef PEPKIT_DYNLIB_H
#define PEPKIT_DYNLIB_H

#include "core/pepkit.h"

#include <stddef.h>

/* One call: its symbol name and where its pointer lives in the table. */
typedef struct dynlib_sym {
	const char *name;
	size_t offset;
} dynlib_sym;

/* One library. Define it static, with soname, syms, nsyms and table set; the rest zero. */
typedef struct dynlib {
	const char *soname;        /* e.g. "libzip.so.4" */
	const dynlib_sym *syms;
	size_t nsyms;
	void *table;               /* the table of function pointers that syms point into */
	int state;                 /* 0 not tried, 1 loaded, -1 failed (why says why) */
	char why[300];
} dynlib;

/* The entry of syms for function f of table type T. */
#define DYNLIB_SYM(T, f) { #f, offsetof(T, f) },

/* Load d's library and fill its table, on the first call in the process (under one process-wide
 * lock); later calls give the same result at the cost of one atomic load. Returns PK_OK (every
 * pointer in the table is set), or PK_EINTERNAL with err naming the library and what failed
 * (not installed, or lacking a call); the table is then not to be used. A loaded library stays
 * loaded to the end of the process. */
int dynlib_load(dynlib *d, pk_error *err);

#endif
