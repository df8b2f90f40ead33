/*
 * fuzz_ir.c: the two renderers on an untrusted document IR, without the IR schema's checks
 * (the renderers bound every number themselves: render/irnum.h), and the IR schema check.
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "core/xmlsafe.h"
#include "batch/pipeline.h"
#include "render/docx.h"
#include "render/pdf.h"
#include "fuzz.h"

#include <stdlib.h>

static pipeline *p;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pk_buf out = PK_BUF_INIT;
	xmlDocPtr ir;
	pk_error err;
	int pages;

	if (fuzz_setup() != 0)
		abort();
	if (p == NULL && (p = pipeline_new(NULL, 0, NULL, 0, 0, &err)) == NULL)
		abort();
	ir = xmlsafe_read_memory((const char *)data, size, "fuzz-ir.xml", &err);
	if (ir == NULL)
		return 0;
	pipeline_check_ir(p, ir, "fuzz-ir.xml", &err);
	pdf_render(ir, &out, &pages, &err);
	buf_reset(&out);
	docx_render(ir, &out, &err);
	buf_free(&out);
	xmlFreeDoc(ir);
	return 0;
}
