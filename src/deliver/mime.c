/*
 * mime.c: building messages (mime.h): headers, folding, encoded words, base64 parts, and the
 * S/MIME envelope with OpenSSL's CMS API (libcrypto loaded on first use, core/cryptoso.h: every
 * public call but mime_address_ok loads it, failing with PK_EINTERNAL when it cannot).
 */
#include "core/pepkit.h"
#include "deliver/mime.h"
#include "core/fingerprint.h"
#include "core/cryptoso.h"

#include <string.h>

#include <openssl/x509.h>

int mime_address_ok(const char *addr)
{
	const char *at = strchr(addr, '@'), *p;
	size_t local, dom;
	int label = 0;

	if (at == NULL || strchr(at + 1, '@') != NULL)
		return 0;
	local = (size_t)(at - addr);
	dom = strlen(at + 1);
	if (local < 1 || local > 64 || dom < 1 || dom > 253 || addr[0] == '.' || at[-1] == '.')
		return 0;
	for (p = addr; p < at; p++) {
		unsigned char ch = (unsigned char)*p;

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      strchr(".!#$%&'*+=?^_`{|}~-", ch) != NULL) || ch == '\0')
			return 0;
		if (ch == '.' && p[1] == '.')
			return 0;
	}
	for (p = at + 1; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '.') {
			if (label == 0 || p[-1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      (ch == '-' && label > 0)))
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0 && p[-1] != '-';
}

/* Append n bytes of data as base64 lines of 76 characters, CRLF after each. */
static int put_base64(pk_buf *out, const void *data, size_t n)
{
	const unsigned char *d = data;
	unsigned char line[80];
	int rc;

	for (size_t i = 0; i < n; i += 57) {
		size_t k = n - i < 57 ? n - i : 57;
		int w = cryptoso_calls.EVP_EncodeBlock(line, d + i, (int)k);

		if ((rc = buf_append(out, line, (size_t)w)) != PK_OK || (rc = buf_puts(out, "\r\n")) != PK_OK)
			return rc;
	}
	return PK_OK;
}

/* 1 if s is printable ASCII (no control characters). */
static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

int mime_header(pk_buf *out, const char *name, const char *value)
{
	size_t col, n = strlen(value);
	int rc;

	if (cryptoso_load(NULL) != PK_OK)
		return PK_EINTERNAL;
	if ((rc = buf_printf(out, "%s:", name)) != PK_OK)
		return rc;
	col = strlen(name) + 1;
	if (is_ascii(value)) {
		/* fold at spaces so no line passes 78 characters where a space allows it */
		const char *p = value;

		while (*p) {
			const char *sp = strchr(p, ' ');
			size_t w = sp ? (size_t)(sp - p) : strlen(p);

			if (col + 1 + w > 78 && col > strlen(name) + 1) {
				if ((rc = buf_puts(out, "\r\n")) != PK_OK)
					return rc;
				col = 0;
			}
			if ((rc = buf_puts(out, " ")) != PK_OK || (rc = buf_append(out, p, w)) != PK_OK)
				return rc;
			col += 1 + w;
			p += w;
			while (*p == ' ')
				p++;
		}
		return buf_puts(out, "\r\n");
	}
	/* encoded words of at most 45 input bytes (60 base64 characters), split only between
	 * UTF-8 characters, one per folded line; control characters become spaces first */
	for (size_t i = 0; i < n;) {
		unsigned char raw[48], enc[80];
		size_t k = n - i < 45 ? n - i : 45;
		int w;

		while (k > 0 && i + k < n && ((unsigned char)value[i + k] & 0xc0) == 0x80)
			k--;
		for (size_t j = 0; j < k; j++)
			raw[j] = (unsigned char)value[i + j] < 0x20 || value[i + j] == 0x7f ? ' ' : (unsigned char)value[i + j];
		w = cryptoso_calls.EVP_EncodeBlock(enc, raw, (int)k);
		if ((rc = buf_printf(out, "%s =?UTF-8?B?%.*s?=", i ? "\r\n" : "", w, enc)) != PK_OK)
			return rc;
		i += k;
	}
	(void)col;
	return buf_puts(out, "\r\n");
}

/* Append text with every line end made CRLF. */
static int put_crlf(pk_buf *out, const char *s, pk_buf *tmp)
{
	int rc = PK_OK;

	buf_reset(tmp);
	for (; *s && rc == PK_OK; s++) {
		if (*s == '\r')
			continue;
		rc = *s == '\n' ? buf_puts(tmp, "\r\n") : buf_append(tmp, s, 1);
	}
	if (rc == PK_OK && (tmp->len < 2 || memcmp(tmp->data + tmp->len - 2, "\r\n", 2) != 0))
		rc = buf_puts(tmp, "\r\n");
	if (rc == PK_OK && tmp->len)
		rc = put_base64(out, tmp->data, tmp->len);
	return rc;
}

int mime_entity(const mime_msg *m, pk_buf *out)
{
	char hex[FP_HEX_LEN + 1], boundary[64];
	pk_buf tmp = PK_BUF_INIT;
	int rc;

	if (cryptoso_load(NULL) != PK_OK)
		return PK_EINTERNAL;
	if (fp_sha256_hex(m->message_id, strlen(m->message_id), hex) != PK_OK)
		return PK_EINTERNAL;
	snprintf(boundary, sizeof(boundary), "=_pepkit_%.32s", hex);
	rc = buf_printf(out, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n"
			"This is a message in MIME format.\r\n\r\n"
			"--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
			"Content-Transfer-Encoding: base64\r\n\r\n", boundary, boundary);
	if (rc == PK_OK)
		rc = put_crlf(out, m->body ? m->body : "", &tmp);
	if (rc == PK_OK)
		rc = buf_printf(out, "\r\n--%s\r\nContent-Type: %s;\r\n name=\"%s\"\r\n"
				"Content-Disposition: attachment;\r\n filename=\"%s\"\r\n"
				"Content-Transfer-Encoding: base64\r\n\r\n",
				boundary, m->content_type, m->filename, m->filename);
	if (rc == PK_OK)
		rc = put_base64(out, m->attachment, m->attachment_len);
	if (rc == PK_OK)
		rc = buf_printf(out, "\r\n--%s--\r\n", boundary);
	buf_free(&tmp);
	return rc;
}

/* The headers outside the body (From, To, Subject, Date, Message-ID). */
static int outer_headers(const mime_msg *m, pk_buf *out)
{
	char date[64], from[512];
	struct tm tm;
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
					      "Sep", "Oct", "Nov", "Dec" };
	int rc;

	gmtime_r(&m->date, &tm);
	snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
		 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (m->from_name && m->from_name[0] && is_ascii(m->from_name) && strpbrk(m->from_name, "\"\\") == NULL) {
		snprintf(from, sizeof(from), "\"%s\" <%s>", m->from_name, m->from);
		rc = mime_header(out, "From", from);
	} else if (m->from_name && m->from_name[0]) {
		/* an encoded display name, then the address on its own folded line */
		rc = mime_header(out, "From", m->from_name);
		if (rc == PK_OK) {
			out->len -= 2;   /* drop the CRLF, continue the header */
			rc = buf_printf(out, "\r\n <%s>\r\n", m->from);
		}
	} else {
		snprintf(from, sizeof(from), "<%s>", m->from);
		rc = mime_header(out, "From", from);
	}
	if (rc == PK_OK)
		rc = mime_header(out, "To", m->to);
	if (rc == PK_OK)
		rc = mime_header(out, "Subject", m->subject);
	if (rc == PK_OK)
		rc = mime_header(out, "Date", date);
	if (rc == PK_OK)
		rc = mime_header(out, "Message-ID", m->message_id);
	return rc;
}

int mime_message(const mime_msg *m, pk_buf *out)
{
	int rc = outer_headers(m, out);

	if (rc == PK_OK)
		rc = buf_puts(out, "MIME-Version: 1.0\r\n");
	if (rc == PK_OK)
		rc = mime_entity(m, out);
	return rc;
}

int mime_smime_message(const mime_msg *m, const char *cert_path, pk_buf *out, pk_error *err)
{
	pk_buf entity = PK_BUF_INIT;
	BIO *cb = NULL, *in = NULL, *mem = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *certs = NULL;
	CMS_ContentInfo *cms = NULL;
	char *data;
	long n;
	int rc;

	if ((rc = cryptoso_load(err)) != PK_OK)
		return rc;
	rc = mime_entity(m, &entity);
	if (rc != PK_OK)
		goto out;
	cb = cryptoso_calls.BIO_new_file(cert_path, "r");
	cert = cb ? cryptoso_calls.PEM_read_bio_X509(cb, NULL, NULL, NULL) : NULL;
	if (cert == NULL) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': not a readable PEM certificate", cert_path);
		goto out;
	}
	if (cryptoso_calls.X509_cmp_current_time(cryptoso_calls.X509_get0_notAfter(cert)) <= 0 ||
	    cryptoso_calls.X509_cmp_current_time(cryptoso_calls.X509_get0_notBefore(cert)) >= 0) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': the certificate is expired or not yet valid", cert_path);
		goto out;
	}
	/* a certificate filed under the wrong name would encrypt the copy to someone else's key:
	 * it must name the recipient's address (subjectAltName email, or the subject's
	 * emailAddress when it has no such name) */
	if (m->to == NULL || cryptoso_calls.X509_check_email(cert, m->to, 0, 0) != 1) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': the certificate is not for '%s' (it names another "
				  "address, or none): nothing was encrypted to it", cert_path, m->to ? m->to : "");
		goto out;
	}
	certs = (STACK_OF(X509) *)cryptoso_calls.OPENSSL_sk_new_null();   /* sk_X509_new_null */
	in = cryptoso_calls.BIO_new_mem_buf(entity.data, (int)entity.len);
	mem = cryptoso_calls.BIO_new(cryptoso_calls.BIO_s_mem());
	if (certs == NULL || in == NULL || mem == NULL ||
	    !cryptoso_calls.OPENSSL_sk_push((OPENSSL_STACK *)certs, cert)) {   /* sk_X509_push */
		rc = pk_error_set(err, PK_ENOMEM, "out of memory");
		goto out;
	}
	cert = NULL;   /* owned by certs now */
	cms = cryptoso_calls.CMS_encrypt(certs, in, cryptoso_calls.EVP_aes_256_cbc(), CMS_BINARY);
	if (cms == NULL) {
		rc = pk_error_set(err, PK_EINVAL, "'%s': cannot encrypt for this certificate (%s)", cert_path,
				  cryptoso_calls.ERR_reason_error_string(cryptoso_calls.ERR_get_error()) ?
				  cryptoso_calls.ERR_reason_error_string(cryptoso_calls.ERR_peek_last_error()) :
				  "unknown reason");
		goto out;
	}
	rc = outer_headers(m, out);
	if (rc != PK_OK)
		goto out;
	if (!cryptoso_calls.SMIME_write_CMS(mem, cms, NULL, CMS_BINARY | SMIME_CRLFEOL)) {
		rc = pk_error_set(err, PK_EINTERNAL, "cannot write the S/MIME message");
		goto out;
	}
	n = cryptoso_calls.BIO_ctrl(mem, BIO_CTRL_INFO, 0, (char *)&data);   /* BIO_get_mem_data */
	/* OpenSSL ends the base64 lines with LF only: make every line end CRLF */
	for (long i = 0; i < n && rc == PK_OK; i++) {
		if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
			rc = buf_append(out, "\r\n", 2);
		else
			rc = buf_append(out, data + i, 1);
	}
out:
	if (rc == PK_ENOMEM && err && err->code == PK_OK)
		pk_error_set(err, PK_ENOMEM, "out of memory");
	cryptoso_calls.ERR_clear_error();
	cryptoso_calls.CMS_ContentInfo_free(cms);
	cryptoso_calls.BIO_free(mem);
	cryptoso_calls.BIO_free(in);
	cryptoso_calls.BIO_free(cb);
	cryptoso_calls.X509_free(cert);
	/* sk_X509_pop_free(certs, X509_free) */
	cryptoso_calls.OPENSSL_sk_pop_free((OPENSSL_STACK *)certs,
					   (OPENSSL_sk_freefunc)cryptoso_calls.X509_free);
	buf_free(&entity);
	return rc;
}
