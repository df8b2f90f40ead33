/*
 * test_archive.c: unit tests for src/archive/ and render/pdfa.c: retention dates (75th
 * birthday, 15 years after a death before 18, 29 February), identifier and date checks, the
 * store's write-once deposit (held, supersedes, a failed write leaves nothing), and the
 * content-derived PDF/A /ID patch.
 */
#include "core/pepkit.h"
#include "core/fingerprint.h"
#include "archive/store.h"
#include "render/pdfa.h"
#include "unit.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_retention(void)
{
	char out[11];

	CHECK(store_retention("2010-05-14", NULL, out) == PK_OK && strcmp(out, "2085-05-14") == 0,
	      "retention is the 75th birthday: %s", out);
	CHECK(store_retention("2008-02-29", NULL, out) == PK_OK && strcmp(out, "2083-03-01") == 0,
	      "29 February: 1 March in a common year: %s", out);
	CHECK(store_retention("2004-02-29", NULL, out) == PK_OK && strcmp(out, "2079-03-01") == 0,
	      "29 February, 2079 is common: %s", out);
	CHECK(store_retention("2016-02-29", NULL, out) == PK_OK && strcmp(out, "2091-03-01") == 0,
	      "29 February, 2091: %s", out);
	CHECK(store_retention("2012-06-01", "2020-01-31", out) == PK_OK && strcmp(out, "2035-01-31") == 0,
	      "death before 18: 15 years after the death: %s", out);
	CHECK(store_retention("2000-06-01", "2018-05-31", out) == PK_OK && strcmp(out, "2033-05-31") == 0,
	      "death the day before the 18th birthday counts: %s", out);
	CHECK(store_retention("2000-06-01", "2018-06-01", out) == PK_OK && strcmp(out, "2075-06-01") == 0,
	      "death on or after the 18th birthday: the 75th birthday: %s", out);
	CHECK(store_retention("2010-13-01", NULL, out) == PK_EINVAL, "bad month refused");
	CHECK(store_retention("2011-02-29", NULL, out) == PK_EINVAL, "29 February of a common year refused");
	CHECK(store_retention("2010-01-01", "2010-1-1", out) == PK_EINVAL, "bad date of death refused");
}

static void test_ids(void)
{
	CHECK(store_valid_id("LA-512093") && store_valid_id("2025-autumn") && store_valid_id("pep1"), "ids accepted");
	CHECK(!store_valid_id("") && !store_valid_id("..") && !store_valid_id(".hidden") && !store_valid_id("a/b") &&
	      !store_valid_id("a b") && !store_valid_id("12345678901234567890123456789012345678901234567890123456789012345"),
	      "unsafe path components refused");
	CHECK(store_valid_date("2024-02-29") && !store_valid_date("2023-02-29") && !store_valid_date("2024-2-01") &&
	      !store_valid_date("2024-02-01x"), "dates checked");
}

static int rm_one(const char *p, const struct stat *st, int f, struct FTW *w)
{
	(void)st; (void)f; (void)w;
	return remove(p);
}

static void test_store(void)
{
	char dir[] = "/tmp/pepkit-store-XXXXXX", hash[65], hash2[65], path[256];
	archive_store *s = NULL, *s2 = NULL;
	store_doc d;
	pk_error err;
	long long id = 0, id2 = 0;
	int outcome = 0;
	struct stat st;

	CHECK(mkdtemp(dir) != NULL, "temp folder");
	snprintf(path, sizeof(path), "%s/st", dir);
	CHECK(store_open(path, STORE_CREATE | STORE_WRITE, &s, &err) == PK_OK, "store created");
	CHECK(store_open(path, STORE_WRITE, &s2, &err) == PK_EBUSY && s2 == NULL, "a second writer is refused: %s", err.msg);
	memset(&d, 0, sizeof(d));
	d.child = "LA-1"; d.dob = "2012-01-02"; d.term = "2025-autumn"; d.type = "pep1"; d.audience = "record";
	d.source_sha256 = "x"; d.data = "%PDF-1.7 one"; d.len = 12; d.pages = 1;
	CHECK(store_deposit(s, &d, &outcome, hash, &id, &err) == PK_OK && outcome == STORE_DEPOSITED && id > 0,
	      "first deposit stored");
	snprintf(path, sizeof(path), "%s/st/objects/LA-1/2025-autumn/pep1-%s.pdf", dir, hash);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size == 12, "object at its content path, 0600");
	CHECK(store_deposit(s, &d, &outcome, hash2, &id2, &err) == PK_OK && outcome == STORE_HELD && id2 == id &&
	      strcmp(hash, hash2) == 0, "same bytes again: held, nothing written");
	d.data = "%PDF-1.7 two";
	CHECK(store_deposit(s, &d, &outcome, hash2, &id2, &err) == PK_OK && outcome == STORE_DEPOSITED && id2 > id,
	      "changed bytes: a new object");
	CHECK(stat(path, &st) == 0, "the old object stays");
	d.child = "../x";
	CHECK(store_deposit(s, &d, &outcome, hash2, &id2, &err) == PK_EINVAL && id2 == 0, "unsafe child id refused");
	d.child = "LA-2"; d.dob = "2012-02-30";
	CHECK(store_deposit(s, &d, &outcome, hash2, &id2, &err) == PK_EINVAL, "bad date of birth refused");
	/* a file squatting on an object's path with other content: refused, never overwritten */
	d.dob = "2012-01-02"; d.data = "%PDF-1.7 three"; d.len = 14;
	fp_sha256_hex(d.data, d.len, hash2);
	snprintf(path, sizeof(path), "%s/st/objects/LA-2", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/st/objects/LA-2/2025-autumn", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/st/objects/LA-2/2025-autumn/pep1-%s.pdf", dir, hash2);
	{ FILE *f = fopen(path, "w"); if (f) { fputs("other", f); fclose(f); } }
	CHECK(store_deposit(s, &d, &outcome, hash2, &id2, &err) == PK_EIO && strstr(err.msg, "other content"),
	      "an object path holding other content is refused: %s", err.msg);
	CHECK(stat(path, &st) == 0 && st.st_size == 5, "and not overwritten");
	/* group commit: nothing is kept of a batch that is never flushed */
	store_set_batch(s, 1);
	d.child = "LA-3"; d.data = "%PDF-1.7 four"; d.len = 13;
	CHECK(store_deposit(s, &d, &outcome, hash, &id, &err) == PK_OK && outcome == STORE_DEPOSITED && store_pending(s),
	      "batched deposit waits for the flush");
	snprintf(path, sizeof(path), "%s/st/objects/LA-3/2025-autumn/pep1-%s.pdf", dir, hash);
	CHECK(stat(path, &st) == 0, "its object is written before the flush");
	store_close(s);
	CHECK(stat(path, &st) != 0, "closing without a flush removes the batch's object");
	snprintf(path, sizeof(path), "%s/st", dir);
	s = NULL;
	CHECK(store_open(path, STORE_WRITE, &s, &err) == PK_OK, "store opened again");
	store_set_batch(s, 1);
	CHECK(s && store_deposit(s, &d, &outcome, hash2, &id2, &err) == PK_OK && outcome == STORE_DEPOSITED,
	      "the same document is new again (its row was rolled back)");
	CHECK(store_flush(s, &err) == PK_OK && !store_pending(s), "flush commits");
	CHECK(store_deposit(s, &d, &outcome, hash2, &id2, &err) == PK_OK && outcome == STORE_HELD, "after the flush: held");
	store_close(s);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_pdfa_id(void)
{
	char a[] = "%PDF-1.7\nbody\ntrailer\n<<\n/ID [ <00000000000000000000000000000000> <00000000000000000000000000000000> ]\n>>\n%%EOF\n";
	char b[sizeof(a)], c[] = "%PDF-1.7\ntrailer\n<< >>\n%%EOF\n";
	pk_error err;

	memcpy(b, a, sizeof(a));
	CHECK(pdfa_set_id(a, strlen(a), &err) == PK_OK, "placeholder /ID replaced");
	CHECK(strstr(a, "<00000000000000000000000000000000>") == NULL && strlen(a) == strlen(b), "length unchanged, zeros gone");
	{
		char *p = strstr(a, "/ID [ <"), *q;
		q = p ? strstr(p + 8, "<") : NULL;
		CHECK(p && q && memcmp(p + 7, q + 1, 32) == 0, "both halves equal");
	}
	b[10] = 'B';
	pdfa_set_id(b, strlen(b), &err);
	CHECK(memcmp(strstr(a, "/ID"), strstr(b, "/ID"), 40) != 0, "different content, different /ID");
	CHECK(pdfa_set_id(c, strlen(c), &err) == PK_EINTERNAL, "no placeholder: an error");
}

int main(void)
{
	test_retention();
	test_ids();
	test_store();
	test_pdfa_id();
	return unit_done();
}
