/*
 * pdf.c: placeholder until its module lands; every entry point fails with PK_EINTERNAL.
 */
#include "pepkit.h"
#include "pdf.h"

int pdf_render(xmlDocPtr ir, pk_buf *out, int *pages, pk_error *err)
{
	(void)ir; (void)out;
	if (pages)
		*pages = 0;
	return pk_error_set(err, PK_EINTERNAL, "PDF rendering is not implemented yet");
}
