/*
 * exsltso.c: libexslt loaded on first use (see exsltso.h).
 */
#include "core/pepkit.h"
#include "core/exsltso.h"
#include "core/dynlib.h"

exsltso exsltso_calls;

static const dynlib_sym syms[] = {
#define EXSLTSO_SYM(f) DYNLIB_SYM(exsltso, f)
	EXSLTSO_CALLS(EXSLTSO_SYM)
#undef EXSLTSO_SYM
};

static dynlib lib = { "libexslt.so.0", syms, PK_ARRAY_LEN(syms), &exsltso_calls, 0, "" };

int exsltso_load(pk_error *err)
{
	return dynlib_load(&lib, err);
}
