/*
 * validate.c: placeholder until its module lands; every entry point fails with PK_EINTERNAL.
 */
#include "pepkit.h"
#include "validate.h"

#include <stdlib.h>

struct validator { int unused; };

validator *validate_new(pk_error *err)
{
	pk_error_set(err, PK_EINTERNAL, "validation is not implemented yet");
	return NULL;
}

void validate_free(validator *v)
{
	(void)v;
}

int validate_record(validator *v, xmlDocPtr doc, const char *file, validate_report_fn fn,
		    void *ctx, pk_error *err)
{
	(void)v; (void)doc; (void)file; (void)fn; (void)ctx;
	return pk_error_set(err, PK_EINTERNAL, "validation is not implemented yet");
}

int validate_upn(const char *upn, char *expected)
{
	(void)upn;
	if (expected)
		*expected = 0;
	return 0;
}
