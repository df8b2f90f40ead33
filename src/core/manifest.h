/*
 * manifest.h: the one record of what made each output, kept beside the outputs, so that
 * "up to date" is decided by content (core/fingerprint.h), never by modification times. Used by
 * the pack (OUTDIR/.pepkit-manifest) and meant for every other store that re-makes outputs
 * (archive, send, qa): one mechanism, one file format.
 *
 * An entry is: KEY (the output's path relative to the folder, or any stable name), the
 * fingerprint of everything that shaped it (FP_HEX_LEN hex), when it was made (seconds since
 * the epoch, UTC), and SOURCE (the input it was made from, e.g. the record's file name; may be
 * empty), so a caller can list the outputs of an input that failed this time ("stale").
 *
 * Use, with the folder's lock (core/lock.h) held for the whole run:
 *   manifest_open(dir, name)       read DIR/NAME and replay DIR/NAME.journal (a killed run's)
 *   manifest_current(key, fp)      1 if the entry says key was made from exactly fp
 *   manifest_begin(key)            before replacing the output: journals "key no longer known"
 *   ... write the output atomically ...
 *   manifest_put(key, fp, source)  after it is in place: journals the new entry
 *   manifest_save()                the whole manifest written atomically; the journal removed
 * The journal makes a kill between begin and save safe: an output being replaced is never
 * taken for current by the next run, whatever its content. Journal lines are appended with one
 * write(2) each and not synced (after a power cut the next run may re-make more than needed;
 * it never trusts an output the journal says was being replaced).
 *
 * File format (text, UTF-8): a first line "pepkit-manifest 1", then one line per entry
 * "KEY\tFP\tMADE\tSOURCE\n" sorted by KEY; bytes below 0x20, 0x7f and '%' in KEY and SOURCE are
 * written as %XX. The journal has the same lines, plus "KEY\t-" for a begin. Unreadable lines
 * are ignored (the output is then re-made, never wrongly kept).
 *
 * Thread safety: after manifest_open, every function may be called from several threads (one
 * mutex inside). Memory: about 150 bytes per entry.
 */
#ifndef PEPKIT_MANIFEST_H
#define PEPKIT_MANIFEST_H

#include "core/pepkit.h"
#include "core/fingerprint.h"

#include <time.h>

typedef struct manifest manifest;

/* Read DIR/NAME (a missing file is an empty manifest) and replay DIR/NAME.journal if a killed
 * run left one; open the journal for appending. On success *out is the manifest (free with
 * manifest_free); PK_EIO (with err) when the folder or an existing file cannot be read or the
 * journal cannot be written; PK_ENOMEM. */
int manifest_open(const char *dir, const char *name, manifest **out, pk_error *err);

/* 1 if key has an entry made from fingerprint fp, else 0. made (may be NULL) gets when. */
int manifest_current(manifest *m, const char *key, const char *fp, time_t *made);

/* Forget key before its output is replaced (journalled first). PK_OK, or PK_EIO/PK_ENOMEM with
 * err: then do not replace the output. */
int manifest_begin(manifest *m, const char *key, pk_error *err);

/* Record that key is now the output of fp, made now from source (may be NULL). Journalled.
 * PK_OK, or PK_EIO/PK_ENOMEM with err (the output stays unknown: it is re-made next time). */
int manifest_put(manifest *m, const char *key, const char *fp, const char *source, pk_error *err);

/* Call fn for each entry made from source, in key order. Returns how many. */
long manifest_each_from(manifest *m, const char *source,
			void (*fn)(void *ctx, const char *key, time_t made), void *ctx);

/* Write DIR/NAME atomically (0600, synced) with every entry, then remove the journal. PK_OK or
 * PK_EIO/PK_ENOMEM with err; on failure the journal stays, so nothing is lost. */
int manifest_save(manifest *m, pk_error *err);

/* Close the journal and free. Does not save. Accepts NULL. */
void manifest_free(manifest *m);

#endif
