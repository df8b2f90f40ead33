/*
 * test_deliver.c: unit tests for src/deliver: address checks (header injection), header folding
 * and encoded words, the MIME entity's shape, template expansion, term labels, domain rules,
 * the relay password's sources, the send log's states and recovery of interrupted sends.
 */
#include "core/pepkit.h"
#include "core/buf.h"
#include "core/xmlsafe.h"
#include "deliver/council.h"
#include "deliver/mime.h"
#include "deliver/send.h"
#include "deliver/sendlog.h"
#include "unit.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_addresses(void)
{
	static const char *const good[] = { "a@b.example", "first.last+tag@sub.council.gov.uk",
					    "o'brien@example.org", "x_y-z@a-b.example" };
	static const char *const bad[] = { "", "@x.example", "a@", "a@@b.example", "a b@x.example",
					   "a@x.example,b@y.example", "a@x.example\r\nBcc: c@y.example",
					   "a@x.example\n", "<a@x.example>", "\"a\"@x.example", "a@x_y.example",
					   "a..b@x.example", ".a@x.example", "a@-x.example", "a@x-.example",
					   "a@x..example", "a;b@x.example", "a@x.example;b", "a/b@x.example",
					   "ä@x.example", "a@bü.example", "a(comment)@x.example" };

	for (size_t i = 0; i < PK_ARRAY_LEN(good); i++)
		CHECK(mime_address_ok(good[i]), "address accepted: %s", good[i]);
	for (size_t i = 0; i < PK_ARRAY_LEN(bad); i++)
		CHECK(!mime_address_ok(bad[i]), "address refused: bad[%zu] (%.*s)", i, (int)strcspn(bad[i], "\r\n"), bad[i]);
}

static void test_headers(void)
{
	pk_buf b = PK_BUF_INIT;
	char *line, *save = NULL;
	int longest = 0, ok = 1;

	mime_header(&b, "Subject", "OFFICIAL-SENSITIVE: PEP2 LA-123456 Autumn 2025");
	CHECK(strcmp(b.data, "Subject: OFFICIAL-SENSITIVE: PEP2 LA-123456 Autumn 2025\r\n") == 0,
	      "a short ASCII header is one line");
	buf_reset(&b);
	mime_header(&b, "Subject", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen");
	for (line = strtok_r(b.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int n = (int)strlen(line);

		if (n > longest)
			longest = n;
		if (line[n - 1] != '\r')
			ok = 0;
	}
	CHECK(longest <= 79 && ok, "a long header is folded at 78 columns with CRLF (longest %d)", longest);
	buf_reset(&b);
	mime_header(&b, "From", "Ysgol Gwenllïan");
	CHECK(strncmp(b.data, "From: =?UTF-8?B?", 16) == 0 && strstr(b.data, "?=\r\n") != NULL,
	      "non-ASCII becomes an encoded word");
	buf_reset(&b);
	mime_header(&b, "Subject", "x\r\nBcc: evil@example.org ü");
	CHECK(strstr(b.data, "\r\nBcc") == NULL, "control characters cannot start a new header");
	buf_free(&b);
}

static void test_entity(void)
{
	static const char pdf[] = "%PDF-1.3 fake document bytes";
	mime_msg m = { "vs@council.example", "Virtual School", "a@b.example", "OFFICIAL-SENSITIVE: PEP1 LA-1 Autumn 2025",
		       "<abc.pepkit@council.example>", 0, "Hello\nthere", pdf, sizeof(pdf) - 1,
		       "LA-1-pep1-2025-autumn.pdf", "application/pdf" };
	pk_buf b = PK_BUF_INIT;
	int bare_lf = 0;

	CHECK(mime_message(&m, &b) == PK_OK, "message built");
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n' && (i == 0 || b.data[i - 1] != '\r'))
			bare_lf++;
	CHECK(bare_lf == 0, "CRLF line ends only");
	CHECK(strstr(b.data, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n") != NULL, "RFC 5322 date");
	CHECK(strstr(b.data, "Message-ID: <abc.pepkit@council.example>\r\n") != NULL, "Message-ID");
	CHECK(strstr(b.data, "multipart/mixed") != NULL && strstr(b.data, "filename=\"LA-1-pep1-2025-autumn.pdf\"") != NULL,
	      "multipart with the named attachment");
	CHECK(strstr(b.data, "JVBERi0xLjMgZmFrZSBkb2N1bWVudCBieXRlcw==") != NULL, "attachment in base64");
	buf_free(&b);
	CHECK(mime_smime_message(&m, "/nonexistent.pem", &b, NULL) == PK_EINVAL, "S/MIME without a certificate fails");
	buf_free(&b);
}

/* Write a self-signed certificate for e-mail address addr (subjectAltName), valid from
 * days_from to days_to (relative to now), to path. */
static int make_cert(const char *path, const char *addr, long days_from, long days_to)
{
	char san[160];
	X509_EXTENSION *ext;
	EVP_PKEY *k = EVP_RSA_gen(2048);
	X509 *x = X509_new();
	FILE *f;
	int ok;

	if (k == NULL || x == NULL)
		return 0;
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), days_from * 86400);
	X509_gmtime_adj(X509_getm_notAfter(x), days_to * 86400);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC, (const unsigned char *)"a@b.example", -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	snprintf(san, sizeof(san), "email:%s", addr);
	if ((ext = X509V3_EXT_conf_nid(NULL, NULL, NID_subject_alt_name, san)) == NULL || !X509_add_ext(x, ext, -1)) {
		X509_EXTENSION_free(ext);
		X509_free(x);
		EVP_PKEY_free(k);
		return 0;
	}
	X509_EXTENSION_free(ext);
	X509_set_pubkey(x, k);
	ok = X509_sign(x, k, EVP_sha256()) > 0 && (f = fopen(path, "w")) != NULL;
	if (ok) {
		ok = PEM_write_X509(f, x);
		fclose(f);
	}
	X509_free(x);
	EVP_PKEY_free(k);
	return ok;
}

static void test_smime(const char *dir)
{
	static const char pdf[] = "%PDF-1.3 fake";
	mime_msg m = { "vs@council.example", "VS", "a@b.example", "OFFICIAL-SENSITIVE: PEP1 LA-1 Autumn 2025",
		       "<abc.pepkit@council.example>", 0, "Hello", pdf, sizeof(pdf) - 1, "LA-1-pep1-2025-autumn.pdf",
		       "application/pdf" };
	char good[256], old[256], other[256];
	pk_buf b = PK_BUF_INIT;
	pk_error err;
	int bare_lf = 0;

	snprintf(good, sizeof(good), "%s/good.pem", dir);
	snprintf(old, sizeof(old), "%s/expired.pem", dir);
	snprintf(other, sizeof(other), "%s/other.pem", dir);
	CHECK(make_cert(good, "a@b.example", -1, 30) && make_cert(old, "a@b.example", -30, -1) &&
	      make_cert(other, "someone.else@b.example", -1, 30), "test certificates made");
	CHECK(mime_smime_message(&m, good, &b, &err) == PK_OK, "S/MIME message built: %s", err.msg);
	CHECK(b.data && strstr(b.data, "Content-Type: application/pkcs7-mime; smime-type=enveloped-data") != NULL,
	      "enveloped-data");
	CHECK(b.data && strstr(b.data, "Subject: OFFICIAL-SENSITIVE: PEP1 LA-1 Autumn 2025\r\n") != NULL &&
	      strstr(b.data, "LA-1-pep1") == NULL, "subject outside, attachment name only inside the envelope");
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n' && (i == 0 || b.data[i - 1] != '\r'))
			bare_lf++;
	CHECK(bare_lf == 0, "S/MIME message has CRLF line ends only");
	buf_free(&b);
	pk_error_clear(&err);
	CHECK(mime_smime_message(&m, old, &b, &err) == PK_EINVAL && strstr(err.msg, "expired"),
	      "an expired certificate is refused: %s", err.msg);
	buf_free(&b);
	pk_error_clear(&err);
	CHECK(mime_smime_message(&m, other, &b, &err) == PK_EINVAL && strstr(err.msg, "is not for 'a@b.example'"),
	      "a certificate for another address is refused: %s", err.msg);
	buf_free(&b);
}

static void test_templates(void)
{
	char label[32], *s;

	send_term_label("2025-autumn", label, sizeof(label));
	CHECK(strcmp(label, "Autumn 2025") == 0, "term label: %s", label);
	send_term_label("2026-spring", label, sizeof(label));
	CHECK(strcmp(label, "Spring 2026") == 0, "term label: %s", label);
	s = council_expand("{document} for {child-id}, {term} ({reader}) {unknown} {sender}{sender}", "PEP2",
			   "Autumn 2025", "LA-1", "carer", "VS", NULL);
	CHECK(s && strcmp(s, "PEP2 for LA-1, Autumn 2025 (carer) {unknown} VSVS") == 0, "expand: %s", s ? s : "(null)");
	free(s);
}

/* Write a council file into dir with extra inside <relay> and return its path (static). */
static const char *write_council(const char *dir, const char *relay_inner, const char *name)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	fprintf(f, "<council name=\"T\" version=\"1\"><sender address=\"vs@council.example\" name=\"VS\"/>"
		   "<relay host=\"127.0.0.1\" port=\"25\" tls=\"starttls\">%s</relay>"
		   "<secure-domains><domain>gov.uk</domain><domain match=\"suffix\">nhs.net</domain></secure-domains>"
		   "<gateways><gateway domain=\"egress.example\" rewrite=\"{local}@{domain}.gw.example\"/></gateways>"
		   "<roles><role name=\"carer\" audience=\"carer\"/></roles>"
		   "<documents><document name=\"pep2\" to=\"meeting\"/></documents>"
		   "<marking>OFFICIAL-SENSITIVE</marking><body>{document}</body><letter>{document}</letter></council>",
		relay_inner);
	fclose(f);
	return path;
}

static void test_council(const char *dir)
{
	council *c = NULL;
	pk_error err;
	char pw[64], pwpath[256];
	int fd;

	CHECK(council_load(write_council(dir, "", "c1.xml"), &c, &err) == PK_OK, "council loads: %s", err.msg);
	if (c == NULL)
		return;
	CHECK(council_domain_secure(c, "gov.uk") && !council_domain_secure(c, "x.gov.uk"), "exact rule: the domain only");
	CHECK(council_domain_secure(c, "trust.NHS.net") && council_domain_secure(c, "nhs.net") &&
	      !council_domain_secure(c, "evilnhs.net"), "suffix rule: subdomains, any case, not a longer name");
	CHECK(council_gateway_find(c, "egress.example") != NULL && council_gateway_find(c, "x.egress.example") == NULL,
	      "gateway rule found by domain");
	CHECK(council_role_find(c, "carer") != NULL && council_role_find(c, "iro") == NULL, "roles");
	CHECK(council_password(c, pw, sizeof(pw), &err) == PK_OK && pw[0] == '\0', "no auth: no password");
	council_free(c);

	snprintf(pwpath, sizeof(pwpath), "%s/pw", dir);
	fd = open(pwpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && write(fd, "s3cret\n", 7) == 7, "password file written");
	close(fd);
	CHECK(council_load(write_council(dir, "<auth username=\"u\" password-file=\"pw\"/>", "c2.xml"), &c, &err) == PK_OK,
	      "council with a password file loads: %s", err.msg);
	if (c) {
		CHECK(council_password(c, pw, sizeof(pw), &err) == PK_OK && strcmp(pw, "s3cret") == 0,
		      "password read from a 0600 file, newline dropped");
		chmod(pwpath, 0604);
		CHECK(council_password(c, pw, sizeof(pw), &err) == PK_EINVAL && pw[0] == '\0' &&
		      strstr(err.msg, "chmod 600") && !strstr(err.msg, "s3cret"), "world-readable file refused: %s", err.msg);
		chmod(pwpath, 0640);
		CHECK(council_password(c, pw, sizeof(pw), &err) == PK_EINVAL, "group-readable file refused");
		council_free(c);
	}
	CHECK(council_load(write_council(dir, "<auth username=\"u\" password-env=\"PK_UNIT_PW\"/>", "c3.xml"), &c, &err) == PK_OK,
	      "council with a password variable loads");
	if (c) {
		unsetenv("PK_UNIT_PW");
		CHECK(council_password(c, pw, sizeof(pw), &err) == PK_EINVAL && strstr(err.msg, "PK_UNIT_PW"), "unset variable refused");
		setenv("PK_UNIT_PW", "fromenv", 1);
		CHECK(council_password(c, pw, sizeof(pw), &err) == PK_OK && strcmp(pw, "fromenv") == 0, "password from the environment");
		council_free(c);
	}
	CHECK(council_load(write_council(dir, "<auth username=\"u\" password-env=\"A\" password-file=\"pw\"/>", "c4.xml"), &c, &err) == PK_EINVAL &&
	      c == NULL && strstr(err.msg, "exactly one"), "both password sources refused: %s", err.msg);
}

static void test_sendlog(const char *dir)
{
	sendlog *l = NULL;
	sendlog_row r, got;
	pk_error err;
	long counts[6];
	int rec = -1;
	pk_buf csv = PK_BUF_INIT;
	char path[256];
	struct stat st;

	CHECK(sendlog_open(dir, &l, &rec, &err) == PK_OK && rec == 0, "log opens");
	if (l == NULL)
		return;
	memset(&r, 0, sizeof(r));
	strcpy(r.key, "k1"); strcpy(r.child, "LA-1"); strcpy(r.term, "2025-autumn"); strcpy(r.document, "pep2");
	strcpy(r.person, "sw1"); strcpy(r.role, "social-worker"); strcpy(r.recipient, "a@b.example");
	strcpy(r.audience, "record"); strcpy(r.route, "tls"); strcpy(r.copy_hash, "00"); strcpy(r.message_id, "<k1@x>");
	CHECK(sendlog_queue(l, &r, &err) == PK_OK, "queued");
	CHECK(sendlog_get(l, "k1", &got, &err) == 1 && strcmp(got.state, "queued") == 0, "read back as queued");
	CHECK(sendlog_queue(l, &r, &err) == PK_OK, "queueing again keeps the row");
	CHECK(sendlog_set(l, "k1", "sending", "", NULL, &err) == PK_OK, "sending");
	strcpy(r.key, "k2");
	sendlog_queue(l, &r, &err);
	sendlog_set(l, "k2", "sending", "", NULL, &err);
	sendlog_set(l, "k2", "sent", "", "250 ok", &err);
	sendlog_close(l);
	CHECK(sendlog_open(dir, &l, &rec, &err) == PK_OK && rec == 1, "reopening turns 1 sending row into unknown");
	if (l == NULL)
		return;
	CHECK(sendlog_get(l, "k1", &got, &err) == 1 && strcmp(got.state, "unknown") == 0 && got.attempts == 1,
	      "k1 unknown after 1 attempt");
	CHECK(sendlog_get(l, "k2", &got, &err) == 1 && strcmp(got.state, "sent") == 0 && strcmp(got.reply, "250 ok") == 0,
	      "k2 sent with the reply kept");
	CHECK(sendlog_get(l, "nope", &got, &err) == 0, "an unknown key is not found");
	CHECK(sendlog_counts(l, counts, &err) == PK_OK && counts[2] == 1 && counts[5] == 1, "counts by state");
	CHECK(sendlog_export_csv(l, NULL, &csv, &err) == PK_OK && strstr(csv.data, "\"server_reply\"") &&
	      strstr(csv.data, "\"250 ok\""), "audit CSV");
	buf_free(&csv);
	sendlog_close(l);
	snprintf(path, sizeof(path), "%s/%s", dir, SENDLOG_FILE);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "log file mode 0600");
	CHECK(sendlog_open("/nonexistent/dir", &l, &rec, &err) == PK_EIO && l == NULL, "unwritable folder: PK_EIO");
}

int main(void)
{
	char dir[] = "/tmp/pepkit-deliver-XXXXXX";
	char cmd[300];

	if (xmlsafe_init() != PK_OK || mkdtemp(dir) == NULL)
		return 1;
	setenv("PEPKIT_DATADIR", ".", 0);
	test_addresses();
	test_headers();
	test_entity();
	test_templates();
	test_smime(dir);
	test_council(dir);
	test_sendlog(dir);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	xmlsafe_cleanup();
	return unit_done();
}
