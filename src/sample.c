/*
 * sample.c: placeholder until its module lands; every entry point fails with PK_EINTERNAL.
 */
#include "pepkit.h"
#include "sample.h"

int sample_generate(const char *dir, long count, unsigned long seed, pk_error *err)
{
	(void)dir; (void)count; (void)seed;
	return pk_error_set(err, PK_EINTERNAL, "sample generation is not implemented yet");
}
