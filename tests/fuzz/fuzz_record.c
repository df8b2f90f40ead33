/*
 * fuzz_record.c: the whole record pipeline on one untrusted record: safe parse, validation,
 * redaction for every shipped audience, the PEP1 and PEP2 transforms, PDF and DOCX rendering.
 * Inputs that fail validation stop there (as in pepkit), so the corpus holds valid records
 * whose mutations reach the later stages.
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "core/xmlsafe.h"
#include "batch/pipeline.h"
#include "fuzz.h"

#include <stdlib.h>

static pipeline *p;

static int setup(void)
{
	static const char *const docs[] = { "pep1", "pep2" };
	static const char *const aud[] = { "record", "school", "carer", "parent", "child",
					   "health", "iro" };
	pk_error err;

	if (fuzz_setup() != 0)
		return -1;
	if (p == NULL)
		p = pipeline_new(docs, 2, aud, 7, 1, &err);
	return p ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDocPtr rec;
	pk_error err;

	if (setup() != 0)
		abort();
	rec = xmlsafe_read_memory((const char *)data, size, "fuzz.xml", &err);
	if (rec == NULL)
		return 0;
	if (pipeline_check_record(p, rec, "fuzz.xml", &err) != PK_OK)
		goto out;
	for (int a = 0; a < pipeline_naudiences(p); a++) {
		xmlDocPtr copy = NULL;

		if (pipeline_redact(p, rec, a, &copy, NULL, &err) != PK_OK)
			continue;
		for (int d = 0; d < pipeline_ndocs(p); d++) {
			xmlDocPtr ir = pipeline_transform(p, copy, "fuzz.xml", d, NULL, a, &err);
			pk_buf out = PK_BUF_INIT;

			if (ir == NULL)
				continue;
			/* PDF for the first audience only: the renderers are fuzzed by fuzz_ir too */
			if (a == 0)
				pipeline_render(ir, PIPELINE_PDF, &out, NULL, &err);
			buf_reset(&out);
			pipeline_render(ir, PIPELINE_DOCX, &out, NULL, &err);
			buf_free(&out);
			xmlFreeDoc(ir);
		}
		if (copy != rec)
			xmlFreeDoc(copy);
	}
out:
	xmlFreeDoc(rec);
	return 0;
}
