/*
 * test_common.c: unit tests for the shared modules: buf, atomic output, safe XML parsing,
 * error values and exit statuses.
 */
#include "core/pepkit.h"
#include "core/atomic.h"
#include "core/buf.h"
#include "core/xmlsafe.h"
#include "unit.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

/* Count directory entries whose name starts with prefix. */
static int count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static void test_buf(void)
{
	pk_buf b = PK_BUF_INIT;
	int rc;

	CHECK(buf_puts(&b, "abc") == PK_OK && b.len == 3 && strcmp(b.data, "abc") == 0, "buf_puts appends");
	CHECK(buf_printf(&b, "-%d-", 42) == PK_OK && strcmp(b.data, "abc-42-") == 0, "buf_printf appends");
	buf_reset(&b);
	CHECK(b.len == 0 && b.data[0] == '\0', "buf_reset empties");
	CHECK(buf_put_xml(&b, "a<b>&\"c'") == PK_OK &&
	      strcmp(b.data, "a&lt;b&gt;&amp;&quot;c&apos;") == 0, "buf_put_xml escapes the five characters");
	buf_free(&b);
	b.max = 8;
	CHECK(buf_puts(&b, "12345678") == PK_OK, "buf accepts up to its cap");
	rc = buf_puts(&b, "9");
	CHECK(rc == PK_ELIMIT && b.len == 8 && strcmp(b.data, "12345678") == 0,
	      "buf over its cap fails with PK_ELIMIT and keeps its contents");
	buf_free(&b);
	CHECK(b.data == NULL && b.len == 0, "buf_free leaves an empty buffer");
	buf_free(NULL);
	CHECK(1, "buf_free accepts NULL");
	{
		char m[64] = "'c/aisha-khan.xml' line 3: 'c/aisha-khan.xml' again", t[12] = "ab-ab-ab";

		buf_replace_all(m, sizeof(m), "c/aisha-khan.xml", "record of LA-1");
		CHECK(strcmp(m, "'record of LA-1' line 3: 'record of LA-1' again") == 0,
		      "buf_replace_all replaces every copy");
		buf_replace_all(m, sizeof(m), "absent", "x");
		CHECK(strcmp(m, "'record of LA-1' line 3: 'record of LA-1' again") == 0,
		      "buf_replace_all leaves text without the value as it is");
		buf_replace_all(t, sizeof(t), "ab", "longer");
		CHECK(strcmp(t, "longer-long") == 0 && strstr(t, "ab") == NULL,
		      "buf_replace_all cuts what no longer fits, keeping no copy of the value");
	}
	{
		char *c = buf_collapse_spaces(" \t Ayse\r\n  Yilmaz \v\f "), *e = buf_collapse_spaces(" \n ");

		CHECK(c != NULL && strcmp(c, "Ayse Yilmaz") == 0,
		      "buf_collapse_spaces makes each run of white space one space, none at the ends");
		CHECK(e != NULL && e[0] == '\0', "buf_collapse_spaces of white space alone is empty");
		free(c);
		free(e);
	}
}

static void test_atomic(void)
{
	char dir[] = "/tmp/pepkit-unit-XXXXXX";
	char path[512], nested[512];
	struct stat st;
	pk_error err;
	FILE *f;
	char got[64] = "";

	CHECK(mkdtemp(dir) != NULL, "temp folder");
	snprintf(path, sizeof(path), "%s/out.pdf", dir);
	CHECK(atomic_write_file(path, "hello", 5, &err) == PK_OK, "atomic_write_file writes");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size == 5,
	      "written file has mode 0600 and the right size");
	f = fopen(path, "r");
	if (f) {
		size_t n = fread(got, 1, sizeof(got) - 1, f);

		got[n] = '\0';
		fclose(f);
	}
	CHECK(strcmp(got, "hello") == 0, "written file has the bytes");
	CHECK(atomic_write_file(path, "bye", 3, &err) == PK_OK && stat(path, &st) == 0 && st.st_size == 3,
	      "atomic_write_file replaces an existing file");
	CHECK(count_prefix(dir, ATOMIC_TMP_PREFIX) == 0, "no temp file left after success");
	snprintf(nested, sizeof(nested), "%s/no/such/dir/x.pdf", dir);
	CHECK(atomic_write_file(nested, "x", 1, &err) == PK_EIO && strstr(err.msg, nested) != NULL,
	      "writing into a missing folder fails with PK_EIO naming the path");
	snprintf(nested, sizeof(nested), "%s/a/b/c", dir);
	CHECK(atomic_mkdirs(nested, &err) == PK_OK && stat(nested, &st) == 0 && S_ISDIR(st.st_mode),
	      "atomic_mkdirs creates parents");
	CHECK(atomic_mkdirs(nested, &err) == PK_OK, "atomic_mkdirs accepts an existing folder");
	snprintf(nested, sizeof(nested), "%s/" ATOMIC_TMP_PREFIX "stale", dir);
	f = fopen(nested, "w");
	if (f)
		fclose(f);
	CHECK(atomic_clean_stale(dir) == 1 && count_prefix(dir, ATOMIC_TMP_PREFIX) == 0,
	      "atomic_clean_stale removes a stale temp file");
	/* a folder not yet cleaned by this process: writing a target removes its stale temp */
	snprintf(nested, sizeof(nested), "%s/a/b/" ATOMIC_TMP_PREFIX "t.pdfAbC123", dir);
	f = fopen(nested, "w");
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "%s/a/b/t.pdf", dir);
	CHECK(atomic_write_file(path, "t", 1, &err) == PK_OK && access(nested, F_OK) != 0,
	      "atomic_write_file removes its target's stale temp in a folder not cleaned yet");
	/* once this process has cleaned a folder, writes into it do not scan it again (a temp
	 * turns stale only when its writer dies), so n writes into one folder cost n, not n^2 */
	snprintf(nested, sizeof(nested), "%s/a/b/c", dir);
	CHECK(atomic_clean_stale(nested) == 0, "atomic_clean_stale of a clean folder removes nothing");
	snprintf(nested, sizeof(nested), "%s/a/b/c/" ATOMIC_TMP_PREFIX "u.pdfAbC123", dir);
	f = fopen(nested, "w");
	if (f)
		fclose(f);
	snprintf(path, sizeof(path), "%s/a/b/c/u.pdf", dir);
	CHECK(atomic_write_file(path, "u", 1, &err) == PK_OK && access(nested, F_OK) == 0,
	      "... and a folder this process cleaned is not scanned again");
	unlink(nested);
	snprintf(nested, sizeof(nested), "%s/a/b/c/deferred.pdf", dir);
	CHECK(atomic_write_file_ex(nested, "d", 1, ATOMIC_DEFER_DIRSYNC, &err) == PK_OK &&
	      stat(nested, &st) == 0 && (st.st_mode & 0777) == 0600, "deferred-dirsync write lands with mode 0600");
	CHECK(atomic_sync_tree(dir, &err) == PK_OK, "atomic_sync_tree syncs every folder");
	CHECK(atomic_sync_dir("/nonexistent-pepkit", &err) == PK_EIO && strstr(err.msg, "/nonexistent-pepkit"),
	      "atomic_sync_dir on a missing folder fails naming it");
	if (chmod(dir, 0500) == 0 && geteuid() != 0) {
		snprintf(nested, sizeof(nested), "%s/ro.pdf", dir);
		CHECK(atomic_write_file(nested, "x", 1, &err) == PK_EIO, "read-only folder: PK_EIO");
	}
	chmod(dir, 0700);
	snprintf(nested, sizeof(nested), "rm -rf '%s'", dir);
	CHECK(system(nested) == 0, "cleanup");
}

/* Parse s with xmlsafe; returns 1 if refused with a message containing want. */
static int refused(const char *s, const char *want)
{
	pk_error err;
	xmlDocPtr doc;

	pk_error_clear(&err);
	doc = xmlsafe_read_memory(s, strlen(s), "t.xml", &err);
	if (doc != NULL) {
		xmlFreeDoc(doc);
		return 0;
	}
	if (strstr(err.msg, want) == NULL)
		printf("# message was: %s\n", err.msg);
	return strstr(err.msg, want) != NULL;
}

static void test_xmlsafe(void)
{
	pk_error err;
	xmlDocPtr doc;
	char *big, *deep;
	size_t n;

	doc = xmlsafe_read_memory("<a>Zoë</a>", strlen("<a>Zoë</a>"), "t.xml", &err);
	CHECK(doc != NULL, "well-formed UTF-8 parses");
	xmlFreeDoc(doc);
	CHECK(refused("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>", "DOCTYPE"),
	      "XXE with a DOCTYPE is refused");
	CHECK(refused("<!DOCTYPE a [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><a>&b;</a>", "DOCTYPE"),
	      "entity expansion is refused");
	CHECK(refused("<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/x.dtd\"><a/>", "DOCTYPE"),
	      "external DTD is refused");
	CHECK(refused("<a>\n<b>\n</a>", "line 3"), "malformed XML is refused with its line");
	CHECK(refused("", "t.xml"), "empty input is refused");
	CHECK(refused("<a>\xff\xfe</a>", "t.xml"), "invalid UTF-8 is refused");
	/* deep nesting: libxml2's depth limit holds without XML_PARSE_HUGE */
	n = 20000;
	deep = malloc(n * 7 + 1);
	if (deep) {
		size_t k = 0;

		for (size_t i = 0; i < n; i++) { memcpy(deep + k, "<a>", 3); k += 3; }
		for (size_t i = 0; i < n; i++) { memcpy(deep + k, "</a>", 4); k += 4; }
		deep[k] = '\0';
		CHECK(refused(deep, "t.xml"), "20,000 nested elements are refused");
		free(deep);
	}
	big = malloc(XMLSAFE_MAX_BYTES + 16);
	if (big) {
		memset(big, 'x', XMLSAFE_MAX_BYTES + 15);
		memcpy(big, "<a>", 3);
		big[XMLSAFE_MAX_BYTES + 15] = '\0';
		CHECK(refused(big, "over the limit"), "input over the size cap is refused");
		free(big);
	}
	doc = xmlsafe_read_file("/nonexistent/x.xml", &err);
	CHECK(doc == NULL && err.code == PK_EIO && strstr(err.msg, "/nonexistent/x.xml"),
	      "a missing file is PK_EIO naming it");
}

static void test_errors(void)
{
	pk_error err;

	CHECK(pk_error_set(&err, PK_EINVAL, "x %d", 1) == PK_EINVAL && strcmp(err.msg, "x 1") == 0,
	      "pk_error_set formats and returns the code");
	CHECK(pk_exit_status(PK_OK) == 0 && pk_exit_status(PK_EINVAL) == 1 &&
	      pk_exit_status(PK_EIO) == 3 && pk_exit_status(PK_ENOMEM) == 4, "exit statuses map");
}

int main(void)
{
	if (xmlsafe_init() != PK_OK)
		return 1;
	test_buf();
	test_atomic();
	test_xmlsafe();
	test_errors();
	xmlsafe_cleanup();
	return unit_done();
}
