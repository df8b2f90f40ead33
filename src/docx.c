/*
 * docx.c: placeholder until its module lands; every entry point fails with PK_EINTERNAL.
 */
#include "pepkit.h"
#include "docx.h"

int docx_render(xmlDocPtr ir, pk_buf *out, pk_error *err)
{
	(void)ir; (void)out;
	return pk_error_set(err, PK_EINTERNAL, "DOCX rendering is not implemented yet");
}
