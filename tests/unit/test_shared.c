/*
 * test_shared.c: unit tests for the shared mechanisms in core/: the folder lock, the content
 * fingerprint and the CSV writer.
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "core/csvw.h"
#include "core/fingerprint.h"
#include "core/lock.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_lock(void)
{
	char dir[] = "/tmp/pepkit-lock-XXXXXX";
	pk_lock *a = NULL, *b = NULL;
	pk_error err;
	struct stat st;
	char path[64];

	CHECK(mkdtemp(dir) != NULL, "temp folder");
	CHECK(lock_acquire(dir, 0, &a, &err) == PK_OK && a != NULL, "first run takes the lock");
	CHECK(lock_acquire(dir, 0, &b, &err) == PK_EBUSY && b == NULL, "a second run is refused");
	CHECK(strstr(err.msg, "in use by another pepkit run") != NULL && strstr(err.msg, dir),
	      "the refusal names the folder: %s", err.msg);
	snprintf(path, sizeof(path), "%s/%s", dir, LOCK_FILE);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "lock file is 0600");
	lock_release(a);
	CHECK(lock_acquire(dir, 0, &b, &err) == PK_OK, "after release the lock can be taken again");
	lock_release(b);
	lock_release(NULL);
	CHECK(lock_acquire("/nonexistent/pepkit", 0, &b, &err) == PK_EIO && b == NULL,
	      "a missing folder is an I/O error");
	CHECK(pk_exit_status(PK_EBUSY) == PK_EXIT_IO, "busy maps to exit status 3");
	unlink(path);
	rmdir(dir);
}

static void test_fingerprint(void)
{
	char hex[FP_HEX_LEN + 1], h1[FP_HEX_LEN + 1], h2[FP_HEX_LEN + 1];
	fp_ctx *c = fp_new();
	pk_error err;

	fp_sha256_hex("abc", 3, hex);
	CHECK(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0,
	      "SHA-256 of 'abc' is the FIPS 180-2 vector");
	fp_add_field(c, "a", "bc");
	fp_final(c, h1);
	fp_reset(c);
	fp_add_field(c, "ab", "c");
	fp_final(c, h2);
	CHECK(strcmp(h1, h2) != 0, "fields are length-prefixed: (a,bc) != (ab,c)");
	fp_reset(c);
	fp_add_field(c, "a", NULL);
	fp_final(c, h2);
	fp_reset(c);
	fp_add_field(c, "a", "");
	fp_final(c, h1);
	CHECK(strcmp(h1, h2) != 0, "an absent value differs from an empty one");
	fp_reset(c);
	CHECK(fp_add_file(c, "x", "/nonexistent/file", &err) == PK_EIO, "missing file: PK_EIO");
	CHECK(fp_sha256_file("/nonexistent/file", hex, &err) == PK_EIO && strstr(err.msg, "/nonexistent/file"),
	      "missing file is named");
	fp_free(c);
	fp_free(NULL);
}

static void test_csvw(void)
{
	pk_buf b = PK_BUF_INIT;
	const char *row[] = { "a,b", "say \"hi\"", "=SUM(A1)", "line\nbreak", NULL };

	CHECK(csvw_row(&b, row, 5) == PK_OK, "row written");
	CHECK(b.data && strcmp(b.data, "\"a,b\",\"say \"\"hi\"\"\",\"'=SUM(A1)\",\"line?break\",\"\"\n") == 0,
	      "every field quoted, quotes doubled, formula guarded, control characters replaced: %s",
	      b.data ? b.data : "(null)");
	buf_free(&b);
	b.max = 4;
	CHECK(csvw_field(&b, "toolong", 1) == PK_ELIMIT && b.len == 0, "a capped buffer is left as it was");
	buf_free(&b);
}

int main(void)
{
	test_lock();
	test_fingerprint();
	test_csvw();
	return unit_done();
}
