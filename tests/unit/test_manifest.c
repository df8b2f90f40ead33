/*
 * test_manifest.c: core/manifest.h, the one content manifest: entries survive a save and a
 * reopen (keys and sources with tabs, newlines and '%' included); a begun-but-not-put entry is
 * never current; a killed run's journal is replayed by the next open and folded in by the next
 * save; each_from lists an input's outputs; files are private (0600). Each output's own SHA-256
 * survives a save and a journal replay; an older manifest line without one reads with the SHA
 * unknown; each() says what this session did with every entry (unseen, confirmed, written);
 * forget drops an entry for good.
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

static const char *S = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/* manifest_each: count entries by what this session did with them (index MANIFEST_*). */
static void count_seen(void *ctx, const manifest_info *e)
{
	((int *)ctx)[e->seen]++;
}

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

	/* the output's own SHA-256: recorded, saved, replayed; unknown for an older line */
	{
		char sha[FP_HEX_LEN + 1], line[512];
		int seen[3] = { 0, 0, 0 };
		FILE *f;

		CHECK(manifest_open(dir, "s", &m, &err) == PK_OK, "a second manifest opens");
		CHECK(manifest_put_output(m, "o.pdf", A, "r.xml", S, &err) == PK_OK &&
		      manifest_put(m, "p.pdf", B, "r.xml", &err) == PK_OK, "put with and without a SHA-256");
		CHECK(manifest_lookup(m, "o.pdf", A, sha) && strcmp(sha, S) == 0, "lookup gives the SHA-256");
		CHECK(manifest_lookup(m, "p.pdf", B, sha) && sha[0] == '\0', "none recorded: \"\"");
		CHECK(!manifest_lookup(m, "o.pdf", B, sha) && sha[0] == '\0', "not current: no SHA-256");
		manifest_free(m);   /* killed: the journal keeps it */
		m = NULL;
		CHECK(manifest_open(dir, "s", &m, &err) == PK_OK && manifest_lookup(m, "o.pdf", A, sha) &&
		      strcmp(sha, S) == 0, "the journal replays the SHA-256");
		CHECK(manifest_save(m, &err) == PK_OK, "saved");
		manifest_free(m);
		m = NULL;
		snprintf(path, sizeof(path), "%s/s", dir);
		f = fopen(path, "a");
		if (f != NULL) {   /* a line as pepkit wrote it before SHA-256s were kept */
			fprintf(f, "old.pdf\t%s\t1700000000\tr.xml\n", A);
			fclose(f);
		}
		CHECK(manifest_open(dir, "s", &m, &err) == PK_OK, "reopened");
		CHECK(manifest_lookup(m, "o.pdf", A, sha) && strcmp(sha, S) == 0, "the SHA-256 survives a save");
		CHECK(manifest_lookup(m, "old.pdf", A, sha) && sha[0] == '\0', "an older line: current, SHA-256 unknown");
		manifest_confirm(m, "o.pdf");
		CHECK(manifest_put(m, "q.pdf", A, "r.xml", &err) == PK_OK, "one written");
		CHECK(manifest_each(m, count_seen, seen) == 4 && seen[MANIFEST_CONFIRMED] == 1 &&
		      seen[MANIFEST_WRITTEN] == 1 && seen[MANIFEST_UNSEEN] == 2,
		      "each: unseen %d, confirmed %d, written %d", seen[0], seen[1], seen[2]);
		CHECK(manifest_forget(m, "old.pdf", &err) == PK_OK && !manifest_current(m, "old.pdf", A, NULL) &&
		      manifest_each(m, NULL, NULL) == 3, "forget drops the entry");
		CHECK(manifest_save(m, &err) == PK_OK, "saved again");
		manifest_free(m);
		m = NULL;
		f = fopen(path, "r");
		line[0] = '\0';
		while (f != NULL && fgets(line, sizeof(line), f) != NULL && strncmp(line, "o.pdf\t", 6) != 0)
			;
		if (f != NULL)
			fclose(f);
		{
			size_t n = strlen(line);
			int tabs = 0;

			for (size_t i = 0; i < n; i++)
				tabs += line[i] == '\t';
			CHECK(strncmp(line, "o.pdf\t", 6) == 0 && tabs == 4 && n > FP_HEX_LEN + 1 &&
			      strncmp(line + n - FP_HEX_LEN - 1, S, FP_HEX_LEN) == 0 && line[n - 1] == '\n',
			      "the SHA-256 is the line's fifth field");
		}
		CHECK(manifest_open(dir, "s", &m, &err) == PK_OK && !manifest_current(m, "old.pdf", A, NULL),
		      "a forgotten entry stays forgotten");
		manifest_free(m);
		m = NULL;
		unlink(path);
	}

	snprintf(path, sizeof(path), "%s/m", dir);
	unlink(path);
	rmdir(dir);
	return unit_done();
}
