/*
 * fuzz_profile.c: the loaders of council-supplied configuration on untrusted files: the first
 * byte of the input picks the loader (mapping profile, audience profile), the rest is the
 * file. Each loader parses safely and validates against its schema before using anything.
 */
#include "core/pepkit.h"
#include "intake/mapping.h"
#include "record/redact.h"
#include "fuzz.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;
	pk_error err;

	if (fuzz_setup() != 0)
		abort();
	if (size < 1 || (path = fuzz_temp_file(data + 1, size - 1, ".xml")) == NULL)
		return 0;
	switch (data[0] % 2) {
	case 0: {
		mapping *m = NULL;
		if (mapping_load(path, &m, &err) == PK_OK)
			mapping_free(m);
		break;
	}
	default: {
		redact_profile *p = redact_profile_load(path, &err);
		redact_profile_free(p);
		break;
	}
	}
	return 0;
}
