/*
 * fingerprint.h: the one content fingerprint of pepkit. Whether an output is current is decided
 * by the SHA-256 of everything that shaped it (the record's bytes as read, the export rows merged
 * into it, profiles, stylesheets, schemas, options, the pepkit version), never by modification
 * times. The same hash names stored objects (the archive) and copies (the send log).
 *
 * Use: fp_init(), fp_add*() in a fixed order, fp_final() to a 64-character hex string. Each
 * fp_add_str()/fp_add_field() is length-prefixed, so ("ab","c") and ("a","bc") differ.
 * Thread-safe per fp_ctx.
 */
#ifndef PEPKIT_FINGERPRINT_H
#define PEPKIT_FINGERPRINT_H

#include "core/pepkit.h"

#include <stddef.h>

#define FP_HEX_LEN 64   /* characters of a hex SHA-256, without the NUL */

typedef struct fp_ctx fp_ctx;

/* A new context, or NULL when out of memory or when libcrypto cannot be loaded (the first call
 * in a process loads it, core/cryptoso.h; the reason is printed once). Free with fp_free
 * (accepts NULL). */
fp_ctx *fp_new(void);

/* Why fp_new() returned NULL, in words for a message: "libcrypto cannot be loaded" or "out of
 * memory". */
const char *fp_why_not(void);
void fp_free(fp_ctx *c);
/* Start again (after fp_final, or to reuse). */
void fp_reset(fp_ctx *c);

/* Add raw bytes. */
void fp_add(fp_ctx *c, const void *data, size_t len);
/* Add a labelled, length-prefixed field: "label" then the value's length and bytes. value NULL
 * is a distinct "absent" value. */
void fp_add_field(fp_ctx *c, const char *label, const char *value);
/* Add a file's bytes as a labelled field (label, size, contents). PK_OK, or PK_EIO with err
 * naming the file (the context is then unusable until fp_reset). */
int fp_add_file(fp_ctx *c, const char *label, const char *path, pk_error *err);

/* Finish into hex (FP_HEX_LEN + 1 bytes, NUL-terminated). The context must be fp_reset before
 * it is used again. */
void fp_final(fp_ctx *c, char hex[FP_HEX_LEN + 1]);

/* One-shot: the hex SHA-256 of len bytes into hex. Loads libcrypto as fp_new() does. PK_OK, or
 * PK_EINTERNAL when libcrypto cannot be loaded (its reason printed once; hex is then ""). */
int fp_sha256_hex(const void *data, size_t len, char hex[FP_HEX_LEN + 1]);
/* The hex SHA-256 of a file's bytes, streamed. PK_OK or PK_EIO with err. */
int fp_sha256_file(const char *path, char hex[FP_HEX_LEN + 1], pk_error *err);

#define FP_BOX_HEX_LEN 16   /* characters of a form box's prefill fingerprint */
/* The fingerprint a Word form keeps of what one of its boxes was prefilled with (render/docx
 * writes it, intake/docx_read reads it back, import compares): the first 16 hex digits of the
 * SHA-256 of "pepkit-prefill", the box's tag and its value with every run of white space one
 * space and none at either end, each length-prefixed. A box whose text still has it was left
 * as the form was made. PK_OK, PK_ENOMEM, or PK_EINTERNAL when libcrypto cannot be loaded
 * (hex is then ""). */
int fp_box_hex(const char *tag, const char *value, char hex[FP_BOX_HEX_LEN + 1]);

#endif
