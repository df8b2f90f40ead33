/*
 * zipso.h: libzip, loaded on first use (core/dynlib.h) by the commands that read or write DOCX
 * (render --format docx, pack --format docx, template, import), so render to PDF, validate, qa
 * and the rest do not load libzip and libbz2 at start. The table holds every libzip call pepkit
 * makes, with libzip's own prototypes; call them as zipso_calls.zip_close(za).
 */
#ifndef PEPKIT_ZIPSO_H
#define PEPKIT_ZIPSO_H

#include "core/pepkit.h"

#include <zip.h>

#define ZIPSO_CALLS(X) \
	X(zip_close) X(zip_discard) X(zip_error_fini) X(zip_error_init) X(zip_error_strerror) \
	X(zip_fclose) X(zip_file_add) X(zip_file_set_dostime) X(zip_file_strerror) \
	X(zip_fopen_index) X(zip_fread) X(zip_get_num_entries) X(zip_open_from_source) \
	X(zip_set_file_compression) X(zip_source_buffer) X(zip_source_buffer_create) \
	X(zip_source_close) X(zip_source_error) X(zip_source_free) X(zip_source_keep) \
	X(zip_source_open) X(zip_source_read) X(zip_source_stat) X(zip_stat) X(zip_stat_index) \
	X(zip_stat_init) X(zip_strerror)

typedef struct zipso {
#define ZIPSO_FIELD(f) __typeof__(f) *f;
	ZIPSO_CALLS(ZIPSO_FIELD)
#undef ZIPSO_FIELD
} zipso;

/* The table: every pointer is set once zipso_load() has returned PK_OK in this process (read
 * it only after that). */
extern zipso zipso_calls;

/* Load libzip.so.4 and fill zipso_calls, once per process (later calls cost one atomic load).
 * Returns PK_OK, or PK_EINTERNAL with err set (libzip not installed or lacking a call). */
int zipso_load(pk_error *err);

#endif
