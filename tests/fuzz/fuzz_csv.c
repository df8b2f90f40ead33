/*
 * fuzz_csv.c: an untrusted attainment export read with every shipped mapping profile and
 * merged into a sample record, then the merge report written.
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "core/xmlsafe.h"
#include "intake/mapping.h"
#include "intake/merge.h"
#include "fuzz.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_PROFILES 16

static mapping *maps[MAX_PROFILES];
static size_t nmaps;
static xmlDocPtr sample;

static void setup(void)
{
	char pat[4096];
	glob_t g;
	pk_error err;

	if (fuzz_setup() != 0)
		abort();
	snprintf(pat, sizeof(pat), "%s/templates/mapping-*.xml", pk_datadir());
	if (glob(pat, 0, NULL, &g) != 0)
		abort();
	for (size_t i = 0; i < g.gl_pathc && nmaps < MAX_PROFILES; i++)
		if (mapping_load(g.gl_pathv[i], &maps[nmaps], &err) == PK_OK)
			nmaps++;
	globfree(&g);
	snprintf(pat, sizeof(pat), "%s/samples/ks4-ehcp-exclusions.xml", pk_datadir());
	if (nmaps == 0 || (sample = xmlsafe_read_file(pat, &err)) == NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path;
	pk_error err;

	if (sample == NULL)
		setup();
	if ((path = fuzz_temp_file(data, size, ".csv")) == NULL)
		return 0;
	for (size_t i = 0; i < nmaps; i++) {
		merge_index *ix = merge_new(maps[i], "2025-autumn");
		xmlDocPtr rec;
		pk_buf csv = PK_BUF_INIT;
		merge_counts counts;

		if (ix == NULL)
			continue;
		merge_read_csv(ix, path, &err);
		if ((rec = xmlCopyDoc(sample, 1)) != NULL) {
			merge_apply(ix, rec, "fuzz.xml", &err);
			xmlFreeDoc(rec);
		}
		merge_report(ix, &counts, &csv, NULL, NULL);
		buf_free(&csv);
		merge_free(ix);
	}
	return 0;
}
