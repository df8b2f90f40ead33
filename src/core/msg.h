/*
 * msg.h: every message pepkit shows a person goes through here, with fixed wording:
 *   pepkit: error: 'cohort/x.xml' line 12: upn: check letter is 'C', expected 'B'
 *   pepkit: warning: ...
 * Messages are lowercase, name the problem first and quote the subject. All go to stderr.
 * Safe to call from worker threads (each message is written with one fprintf on a locked
 * stream).
 */
#ifndef PEPKIT_MSG_H
#define PEPKIT_MSG_H

#include "core/pepkit.h"

void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* An informational line ("pepkit: wrote 12 documents to 'out/'"); silenced by msg_quiet(1). */
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print an error value carried up from the library. */
void msg_error_value(const pk_error *err);
/* A usage error for command CMD (NULL for the top level): the message, then a pointer to
 * --help. Returns PK_EXIT_USAGE for `return msg_usage(...)`. */
int msg_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void msg_quiet(int quiet);

/* Copy s into buf (size bytes, always NUL-terminated, truncated if need be) with every control
 * character (bytes 0x01-0x1f and 0x7f, and the C1 controls U+0080-U+009F) written as "\xNN",
 * so a file name holding a newline or a terminal escape never reaches stderr, a summary or a
 * log raw. Every message above goes through it. Returns buf. */
char *msg_escape(const char *s, char *buf, size_t size);

#endif
