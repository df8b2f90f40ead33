/*
 * csvw.h: the one CSV writer for every report pepkit writes (pack-report.csv,
 * merge-report.csv, the send plan and audit, the archive's reports, qa-report.csv,
 * pp-plus.csv). RFC 4180: every field quoted, quotes doubled, CRLF-free rows ending in "\n";
 * a field a spreadsheet would run as a formula (starting = + - @ or a tab/CR) gets a leading
 * apostrophe inside the quotes; other control characters become "?" so a
 * file name with a newline never breaks a row.
 */
#ifndef PEPKIT_CSVW_H
#define PEPKIT_CSVW_H

#include "core/pepkit.h"
#include "core/buf.h"

/* Append s (NULL is an empty field) as one quoted field, followed by "," or, when last, "\n".
 * PK_OK, PK_ENOMEM or PK_ELIMIT (the buffer's cap); on failure b is as it was. */
int csvw_field(pk_buf *b, const char *s, int last);

/* Append a whole row of n fields. PK_OK or as csvw_field. */
int csvw_row(pk_buf *b, const char *const *fields, size_t n);

#endif
