/*
 * cryptoso.c: libcrypto loaded on first use (see cryptoso.h).
 */
#include "core/pepkit.h"
#include "core/cryptoso.h"
#include "core/dynlib.h"

cryptoso cryptoso_calls;

static const dynlib_sym syms[] = {
#define CRYPTOSO_SYM(f) DYNLIB_SYM(cryptoso, f)
	CRYPTOSO_CALLS(CRYPTOSO_SYM)
#undef CRYPTOSO_SYM
};

static dynlib lib = { "libcrypto.so.3", syms, PK_ARRAY_LEN(syms), &cryptoso_calls, 0, "" };

int cryptoso_load(pk_error *err)
{
	return dynlib_load(&lib, err);
}
