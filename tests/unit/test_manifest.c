/*
 * test_manifest.c: core/manifest.h, the one content manifest: entries survive a save and a
 * reopen (keys and sources with tabs, newlines and '%' included); a begun-but-not-put entry is
 * never current; a killed run's journal is replayed by the next open and folded in by the next
 * save; each_from lists an input's outputs; files are private (0600).
 */
#include "core/pepkit.h"
#include "core/manifest.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char *B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

static void count_key(void *ctx, const char *key, time_t made)
{
	(void)key;
	if (made > 0)
		(*(int *)ctx)++;
}

int main(void)
{
	char dir[] = "/tmp/pepkit-manifest-XXXXXX", path[256];
	const char *odd = "school/a\tb\nc%d.pdf";
	manifest *m = NULL;
	pk_error err;
	struct stat st;
	int n = 0;

	if (mkdtemp(dir) == NULL)
		return 1;
	pk_error_clear(&err);
	CHECK(manifest_open(dir, "m", &m, &err) == PK_OK, "a missing manifest opens empty (%s)", err.msg);
	CHECK(!manifest_current(m, "x.pdf", A, NULL), "an unknown key is not current");
	CHECK(manifest_begin(m, "x.pdf", &err) == PK_OK && manifest_put(m, "x.pdf", A, "r1.xml", &err) == PK_OK &&
	      manifest_begin(m, odd, &err) == PK_OK && manifest_put(m, odd, B, "r\t2.xml", &err) == PK_OK,
	      "entries are put");
	CHECK(manifest_current(m, "x.pdf", A, NULL) && !manifest_current(m, "x.pdf", B, NULL),
	      "current only for the fingerprint it was made from");
	CHECK(manifest_put(m, "y.pdf", "short", NULL, &err) != PK_OK, "a bad fingerprint is refused");
	pk_error_clear(&err);
	CHECK(manifest_save(m, &err) == PK_OK, "saved (%s)", err.msg);
	snprintf(path, sizeof(path), "%s/m", dir);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "the manifest is 0600");
	snprintf(path, sizeof(path), "%s/m.journal", dir);
	CHECK(stat(path, &st) != 0, "no journal after a save");
	manifest_free(m);
	m = NULL;

	CHECK(manifest_open(dir, "m", &m, &err) == PK_OK, "reopened");
	CHECK(manifest_current(m, odd, B, NULL), "a key with a tab, newline and %% survives");
	CHECK(manifest_each_from(m, "r\t2.xml", count_key, &n) == 1 && n == 1, "each_from finds the source's output");
	/* a run that begins replacing x.pdf, puts a new odd entry, and is killed before saving */
	CHECK(manifest_begin(m, "x.pdf", &err) == PK_OK && manifest_put(m, "z.pdf", B, NULL, &err) == PK_OK,
	      "changes journalled");
	manifest_free(m);   /* no save: as if killed */
	m = NULL;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "the journal is left, 0600");

	CHECK(manifest_open(dir, "m", &m, &err) == PK_OK, "reopened after the 'kill'");
	CHECK(!manifest_current(m, "x.pdf", A, NULL), "an output begun and not put is never current");
	CHECK(manifest_current(m, "z.pdf", B, NULL), "a journalled put is replayed");
	CHECK(manifest_save(m, &err) == PK_OK && stat(path, &st) != 0, "the save folds the journal in");
	manifest_free(m);
	m = NULL;
	CHECK(manifest_open(dir, "m", &m, &err) == PK_OK && manifest_current(m, "z.pdf", B, NULL) &&
	      !manifest_current(m, "x.pdf", A, NULL), "and the result is what the journal said");
	manifest_free(m);

	snprintf(path, sizeof(path), "%s/m", dir);
	unlink(path);
	rmdir(dir);
	return unit_done();
}
