/*
 * exsltso.h: libexslt (the EXSLT extension functions for XSLT), loaded on first use
 * (core/dynlib.h) when a stylesheet being compiled declares an EXSLT namespace
 * (http://exslt.org/...; core/xmlsafe.c's stylesheet loader looks), so that a command whose
 * stylesheets use none (pepkit's own: render, pack, ...) and every command that compiles no
 * stylesheet do not load libexslt and what it brings (libgcrypt, libgpg-error) at start (issue
 * 15: a single `pepkit render` at most 10 ms CPU with process start). The table holds the one
 * libexslt call pepkit makes, with libexslt's own prototype: exsltso_calls.exsltRegisterAll().
 */
#ifndef PEPKIT_EXSLTSO_H
#define PEPKIT_EXSLTSO_H

#include "core/pepkit.h"

#include <libexslt/exslt.h>

#define EXSLTSO_CALLS(X) X(exsltRegisterAll)

typedef struct exsltso {
#define EXSLTSO_FIELD(f) __typeof__(f) *f;
	EXSLTSO_CALLS(EXSLTSO_FIELD)
#undef EXSLTSO_FIELD
} exsltso;

/* The table: every pointer is set once exsltso_load() has returned PK_OK in this process (read
 * it only after that). */
extern exsltso exsltso_calls;

/* Load libexslt.so.0 and fill exsltso_calls, once per process (later calls cost one atomic
 * load). Returns PK_OK, or PK_EINTERNAL with err set (libexslt not installed or lacking the
 * call). Registering the EXSLT functions with libxslt is the caller's (xmlsafe.c). */
int exsltso_load(pk_error *err);

#endif
