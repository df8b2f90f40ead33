/*
 * pepkit.h: the one internal header every pepkit source file includes first.
 *
 * It holds the error codes shared by all modules, the error value (pk_error) that carries a
 * message from where a problem is found up to the command that prints it once, and the
 * documented exit statuses of the command-line tool.
 *
 * Ownership rule, followed everywhere: whoever creates an object frees it; every *_free()
 * accepts NULL; a function that fails leaves its out-parameters NULL/zero and frees whatever it
 * allocated itself.
 */
#ifndef PEPKIT_H
#define PEPKIT_H

#include <stddef.h>
#include <stdarg.h>

#ifndef PEPKIT_VERSION
#define PEPKIT_VERSION "0.0.0"
#endif

/* Error codes returned by library functions. 0 is success; the rest are negative. */
enum {
	PK_OK = 0,
	PK_EINVAL = -1,    /* the input data is wrong (invalid record, bad CSV, bad option value) */
	PK_EIO = -2,       /* a file could not be read or written */
	PK_ENOMEM = -3,    /* out of memory */
	PK_ELIMIT = -4,    /* input over a size or depth cap */
	PK_EINTERNAL = -5, /* a library we call failed in a way the input does not explain */
	PK_EBUSY = -6      /* another run holds the folder's lock (core/lock.h) */
};

/* Exit statuses of the pepkit command (documented in pepkit(1) and --help). */
enum {
	PK_EXIT_OK = 0,       /* everything succeeded */
	PK_EXIT_INVALID = 1,  /* some input was invalid, or some documents failed */
	PK_EXIT_USAGE = 2,    /* wrong options or arguments */
	PK_EXIT_IO = 3,       /* a file could not be read or written */
	PK_EXIT_INTERNAL = 4  /* out of memory or an internal error */
};

/*
 * An error value: a code and one message line that already names the file, line and field
 * where known ("'cohort/x.xml' line 12: upn: check letter is 'C', expected 'B'").
 * The message has no "pepkit: error: " prefix; msg_error_value() adds it when printing.
 */
typedef struct pk_error {
	int code;
	char msg[1024];
} pk_error;

/* Set err (if not NULL) to code and a printf-style message. Returns code, so callers can write
 * `return pk_error_set(err, PK_EIO, "...")`. */
int pk_error_set(pk_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clear err to PK_OK and an empty message. Accepts NULL. */
void pk_error_clear(pk_error *err);

/* Map an error code to the command's exit status. */
int pk_exit_status(int code);

/* The folder holding schemas/, stylesheets/ and templates/: $PEPKIT_DATADIR if set, else the
 * source tree the binary was built in (when run from there), else PREFIX/share/pepkit next to
 * the installed binary. Returns a static string; never NULL. */
const char *pk_datadir(void);

#define PK_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
