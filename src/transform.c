/*
 * transform.c: placeholder until its module lands; every entry point fails with PK_EINTERNAL.
 */
#include "pepkit.h"
#include "transform.h"

transform *transform_load(const char *name, pk_error *err)
{
	pk_error_set(err, PK_EINTERNAL, "stylesheet '%s' cannot be loaded: not implemented yet", name);
	return NULL;
}

void transform_free(transform *t)
{
	(void)t;
}

xmlDocPtr transform_apply(transform *t, xmlDocPtr record, const char *file, const char *term,
			  const char *const *params, pk_error *err)
{
	(void)t; (void)record; (void)file; (void)term; (void)params;
	pk_error_set(err, PK_EINTERNAL, "transform is not implemented yet");
	return NULL;
}

int transform_latest_term(xmlDocPtr record, char *buf, size_t size)
{
	(void)record;
	if (size)
		buf[0] = 0;
	return PK_EINVAL;
}
