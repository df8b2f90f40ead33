/*
 * cryptoso.h: OpenSSL's libcrypto, loaded on first use (core/dynlib.h) by the SHA-256
 * fingerprint (core/fingerprint.c) and the S/MIME and base64 of messages (deliver/mime.c), so a
 * command that needs neither (render to PDF, validate, ...) does not load and relocate libcrypto
 * at start: with about 3,200 symbol lookups it was a third of the dynamic loader's work. The
 * table holds every libcrypto call pepkit makes, with OpenSSL's own prototypes; call them as
 * cryptoso_calls.EVP_DigestUpdate(...). OpenSSL's macros that expand to calls (sk_X509_*,
 * BIO_get_mem_data) are written out as the calls they stand for.
 */
#ifndef PEPKIT_CRYPTOSO_H
#define PEPKIT_CRYPTOSO_H

#include "core/pepkit.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define CRYPTOSO_CALLS(X) \
	X(EVP_MD_CTX_new) X(EVP_MD_CTX_free) X(EVP_DigestInit_ex) X(EVP_DigestUpdate) \
	X(EVP_DigestFinal_ex) X(EVP_Digest) X(EVP_sha256) X(EVP_EncodeBlock) X(EVP_aes_256_cbc) \
	X(BIO_new_file) X(BIO_new_mem_buf) X(BIO_new) X(BIO_s_mem) X(BIO_ctrl) X(BIO_free) \
	X(PEM_read_bio_X509) X(X509_cmp_current_time) X(X509_get0_notAfter) X(X509_get0_notBefore) \
	X(X509_free) X(X509_check_email) X(OPENSSL_sk_new_null) X(OPENSSL_sk_push) X(OPENSSL_sk_pop_free) \
	X(CMS_encrypt) X(CMS_ContentInfo_free) X(SMIME_write_CMS) X(ERR_get_error) \
	X(ERR_peek_last_error) X(ERR_reason_error_string) X(ERR_clear_error)

typedef struct cryptoso {
#define CRYPTOSO_FIELD(f) __typeof__(f) *f;
	CRYPTOSO_CALLS(CRYPTOSO_FIELD)
#undef CRYPTOSO_FIELD
} cryptoso;

/* The table: every pointer is set once cryptoso_load() has returned PK_OK in this process
 * (read it only after that). */
extern cryptoso cryptoso_calls;

/* Load libcrypto.so.3 and fill cryptoso_calls, once per process (later calls cost one atomic
 * load). Returns PK_OK, or PK_EINTERNAL with err (may be NULL) set. */
int cryptoso_load(pk_error *err);

#endif
