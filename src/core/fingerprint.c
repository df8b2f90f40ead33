/*
 * fingerprint.c: SHA-256 fingerprints (fingerprint.h) on OpenSSL's EVP digest API, with libcrypto
 * loaded on first use (core/cryptoso.h).
 */
#include "core/pepkit.h"
#include "core/fingerprint.h"
#include "core/buf.h"
#include "core/rfile.h"
#include "core/cryptoso.h"
#include "core/msg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fp_ctx {
	EVP_MD_CTX *md;
};

/* Load libcrypto (core/cryptoso.h) if not yet loaded. It is a dependency of pepkit like the
 * libraries linked at start: when it cannot be loaded the reason is printed (once per process)
 * and every fingerprint fails: PK_OK or PK_EINTERNAL. */
static int need_crypto(void)
{
	static int told;
	pk_error err;

	if (cryptoso_load(&err) == PK_OK)
		return PK_OK;
	if (!__atomic_exchange_n(&told, 1, __ATOMIC_SEQ_CST))
		msg_error_value(&err);
	return PK_EINTERNAL;
}

const char *fp_why_not(void)
{
	pk_error err;

	return cryptoso_load(&err) == PK_OK ? "out of memory" : "libcrypto cannot be loaded";
}

fp_ctx *fp_new(void)
{
	fp_ctx *c;

	if (need_crypto() != PK_OK || (c = malloc(sizeof(*c))) == NULL)
		return NULL;
	if ((c->md = cryptoso_calls.EVP_MD_CTX_new()) == NULL ||
	    cryptoso_calls.EVP_DigestInit_ex(c->md, cryptoso_calls.EVP_sha256(), NULL) != 1) {
		cryptoso_calls.EVP_MD_CTX_free(c->md);
		free(c);
		return NULL;
	}
	return c;
}

void fp_free(fp_ctx *c)
{
	if (c == NULL)
		return;
	cryptoso_calls.EVP_MD_CTX_free(c->md);
	free(c);
}

void fp_reset(fp_ctx *c)
{
	cryptoso_calls.EVP_DigestInit_ex(c->md, cryptoso_calls.EVP_sha256(), NULL);
}

void fp_add(fp_ctx *c, const void *data, size_t len)
{
	cryptoso_calls.EVP_DigestUpdate(c->md, data, len);
}

/* Add n as 8 little-endian bytes. */
static void add_len(fp_ctx *c, uint64_t n)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(n >> (8 * i));
	fp_add(c, b, sizeof(b));
}

void fp_add_field(fp_ctx *c, const char *label, const char *value)
{
	add_len(c, strlen(label));
	fp_add(c, label, strlen(label));
	if (value == NULL) {
		add_len(c, UINT64_MAX);
		return;
	}
	add_len(c, strlen(value));
	fp_add(c, value, strlen(value));
}

/* Feed fd's bytes to c; *total gets the byte count. 0, or -1 with errno set. */
static int add_fd(fp_ctx *c, int fd, uint64_t *total)
{
	unsigned char b[65536];
	ssize_t n;

	*total = 0;
	for (;;) {
		n = read(fd, b, sizeof(b));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		fp_add(c, b, (size_t)n);
		*total += (uint64_t)n;
	}
}

int fp_add_file(fp_ctx *c, const char *label, const char *path, pk_error *err)
{
	uint64_t total;
	int fd, rc = PK_OK;

	add_len(c, strlen(label));
	fp_add(c, label, strlen(label));
	if ((fd = rfile_open(path, NULL, err)) < 0)
		return PK_EIO;
	if (add_fd(c, fd, &total) != 0)
		rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
	else
		add_len(c, total);   /* after the bytes: the length still separates fields */
	close(fd);
	return rc;
}

void fp_final(fp_ctx *c, char hex[FP_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	cryptoso_calls.EVP_DigestFinal_ex(c->md, md, &n);
	for (unsigned int i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[FP_HEX_LEN] = '\0';
}

int fp_sha256_hex(const void *data, size_t len, char hex[FP_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	hex[0] = '\0';
	if (need_crypto() != PK_OK ||
	    cryptoso_calls.EVP_Digest(data, len, md, &n, cryptoso_calls.EVP_sha256(), NULL) != 1 || n < 32)
		return PK_EINTERNAL;
	for (unsigned int i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[FP_HEX_LEN] = '\0';
	return PK_OK;
}

int fp_box_hex(const char *tag, const char *value, char hex[FP_BOX_HEX_LEN + 1])
{
	char *v = buf_collapse_spaces(value), full[FP_HEX_LEN + 1];
	fp_ctx *c = NULL;
	int rc = PK_OK;

	hex[0] = '\0';
	if (v == NULL)
		return PK_ENOMEM;
	if ((c = fp_new()) == NULL) {
		rc = PK_EINTERNAL;
		goto out;
	}
	fp_add_field(c, "pepkit-prefill", tag);
	fp_add_field(c, "value", v);
	fp_final(c, full);
	memcpy(hex, full, FP_BOX_HEX_LEN);
	hex[FP_BOX_HEX_LEN] = '\0';
out:
	fp_free(c);
	free(v);
	return rc;
}

int fp_sha256_file(const char *path, char hex[FP_HEX_LEN + 1], pk_error *err)
{
	fp_ctx *c = fp_new();
	uint64_t total;
	int fd = -1, rc = PK_OK;

	if (c == NULL)
		return pk_error_set(err, PK_EINTERNAL, "cannot fingerprint '%s': %s", path, fp_why_not());
	if ((fd = rfile_open(path, NULL, err)) < 0) {
		rc = PK_EIO;
		goto out;
	}
	if (add_fd(c, fd, &total) != 0) {
		rc = pk_error_set(err, PK_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	fp_final(c, hex);
out:
	if (fd >= 0)
		close(fd);
	fp_free(c);
	return rc;
}
