/*
 * redact.c: placeholder until the redaction module lands; every entry point fails.
 */
#include "pepkit.h"
#include "redact.h"

redact_profile *redact_profile_load(const char *name, pk_error *err)
{
	pk_error_set(err, PK_EINTERNAL, "audience '%s': redaction is not implemented yet", name);
	return NULL;
}

void redact_profile_free(redact_profile *p)
{
	(void)p;
}

const char *redact_profile_name(const redact_profile *p)
{
	(void)p;
	return "";
}

int redact_profile_is_full(const redact_profile *p)
{
	(void)p;
	return 0;
}

int redact_apply(const redact_profile *p, xmlDocPtr record, redact_log *log, pk_error *err)
{
	(void)p; (void)record; (void)log;
	return pk_error_set(err, PK_EINTERNAL, "redaction is not implemented yet");
}

const char *redact_category_name(int i)
{
	(void)i;
	return NULL;
}
