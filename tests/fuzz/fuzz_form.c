/*
 * fuzz_form.c: `pepkit import` on an untrusted DOCX: the zip, its parts and every content
 * control, into a new record and into a copy of a sample record.
 */
#include "core/pepkit.h"
#include "core/xmlsafe.h"
#include "intake/import.h"
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

static void ignore(void *ctx, const char *label, const char *tag, const char *message)
{
	(void)ctx;
	(void)label;
	(void)tag;
	(void)message;
}

static xmlDocPtr sample;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDocPtr out = NULL, into;
	pk_error err;

	if (fuzz_setup() != 0)
		abort();
	if (sample == NULL) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/samples/ks4-ehcp-exclusions.xml", pk_datadir());
		if ((sample = xmlsafe_read_file(path, &err)) == NULL)
			abort();
	}
	if (import_form(data, size, "fuzz.docx", NULL, NULL, ignore, NULL, &out, &err) == PK_OK)
		xmlFreeDoc(out);
	out = NULL;
	if ((into = xmlCopyDoc(sample, 1)) == NULL)
		return 0;
	if (import_form(data, size, "fuzz.docx", into, NULL, ignore, NULL, &out, &err) == PK_OK &&
	    out != into)
		xmlFreeDoc(out);
	xmlFreeDoc(into);
	return 0;
}
