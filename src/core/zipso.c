/*
 * zipso.c: libzip loaded on first use (see zipso.h).
 */
#include "core/pepkit.h"
#include "core/zipso.h"
#include "core/dynlib.h"

zipso zipso_calls;

static const dynlib_sym syms[] = {
#define ZIPSO_SYM(f) DYNLIB_SYM(zipso, f)
	ZIPSO_CALLS(ZIPSO_SYM)
#undef ZIPSO_SYM
};

static dynlib lib = { "libzip.so.4", syms, PK_ARRAY_LEN(syms), &zipso_calls, 0, "" };

int zipso_load(pk_error *err)
{
	return dynlib_load(&lib, err);
}
