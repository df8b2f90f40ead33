/*
 * manifest.h: the one record of what made each output, kept beside the outputs, so that
 * "up to date" is decided by content (core/fingerprint.h), never by modification times. Used by
 * the pack (OUTDIR/.pepkit-manifest) and meant for every other store that re-makes outputs
 * (archive, send, qa): one mechanism, one file format.
 *
 * An entry is: KEY (the output's path relative to the folder, or any stable name), the
 * fingerprint of everything that shaped it (FP_HEX_LEN hex), when it was made (seconds since
 * the epoch, UTC), SOURCE (the input it was made from, e.g. the record's file name; may be
 * empty), so a caller can list the outputs of an input that failed this time ("stale"), and
 * SHA, the SHA-256 of the output's own bytes as written (may be unknown), so a caller can tell
 * that the file at KEY is still the one it wrote (not damaged, truncated or replaced) before it
 * skips or removes it.
 *
 * In memory each entry also says what this session (one open..free) did with it: nothing yet,
 * confirmed current by the caller (manifest_confirm), or written (manifest_put*). An entry
 * neither confirmed nor written by the end of a run is one the run did not make: stale, or
 * obsolete (see manifest_each).
 *
 * Use, with the folder's lock (core/lock.h) held for the whole run:
 *   manifest_open(dir, name)       read DIR/NAME and replay DIR/NAME.journal (a killed run's)
 *   manifest_current(key, fp)      1 if the entry says key was made from exactly fp
 *   manifest_lookup(key, fp, sha)  the same, and the output's recorded SHA-256 to check;
 *   manifest_confirm(key)          once checked: this session found it current
 *   manifest_begin(key)            before replacing the output: journals "key no longer known"
 *   ... write the output atomically ...
 *   manifest_put_output(key, fp, source, sha)  after it is in place: journals the new entry
 *   manifest_forget(key)           after an output is removed: journals "key no longer known"
 *   manifest_each()                every entry, with what this session did with it
 *   manifest_save()                the whole manifest written atomically; the journal removed
 * The journal makes a kill between begin and save safe: an output being replaced is never
 * taken for current by the next run, whatever its content. Journal lines are appended with one
 * write(2) each and not synced (after a power cut the next run may re-make more than needed;
 * it never trusts an output the journal says was being replaced).
 *
 * File format (text, UTF-8): a first line "pepkit-manifest 1", then one line per entry
 * "KEY\tFP\tMADE\tSOURCE[\tSHA]\n" sorted by KEY; bytes below 0x20, 0x7f and '%' in KEY and
 * SOURCE are written as %XX. SHA is written when known (readers before it ignore a fifth
 * field; a line without it has an unknown SHA). The journal has the same lines, plus "KEY\t-"
 * for a begin or a forget. Unreadable lines are ignored (the output is then re-made, never
 * wrongly kept).
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

/* manifest_current, and with sha not NULL the SHA-256 recorded for the output's bytes into sha
 * ("" when the entry has none, e.g. made by an older pepkit, or when not current). Does not
 * confirm: call manifest_confirm once the file is checked. */
int manifest_lookup(manifest *m, const char *key, const char *fp, char sha[FP_HEX_LEN + 1]);

/* Note that this session found key's output current (the caller checked it). No effect on an
 * unknown key. Nothing is written. */
void manifest_confirm(manifest *m, const char *key);

/* Forget key before its output is replaced (journalled first). PK_OK, or PK_EIO/PK_ENOMEM with
 * err: then do not replace the output. */
int manifest_begin(manifest *m, const char *key, pk_error *err);

/* Record that key is now the output of fp, made now from source (may be NULL). Journalled.
 * PK_OK, or PK_EIO/PK_ENOMEM with err (the output stays unknown: it is re-made next time). */
int manifest_put(manifest *m, const char *key, const char *fp, const char *source, pk_error *err);

/* manifest_put, also recording sha, the SHA-256 (hex) of the output's bytes as written (NULL or
 * "": unknown). The entry counts as written in this session. */
int manifest_put_output(manifest *m, const char *key, const char *fp, const char *source, const char *sha,
			pk_error *err);

/* Forget key after its output was removed (journalled first, like manifest_begin). PK_OK, or
 * PK_EIO/PK_ENOMEM with err (then the entry is kept: it is seen again next time). */
int manifest_forget(manifest *m, const char *key, pk_error *err);

/* What this session did with an entry (manifest_each). */
enum { MANIFEST_UNSEEN = 0, MANIFEST_CONFIRMED = 1, MANIFEST_WRITTEN = 2 };

/* One entry, as manifest_each shows it: the strings are the manifest's, valid only during the
 * callback. */
typedef struct manifest_info {
	const char *key;
	const char *source;   /* "" if none */
	const char *sha;      /* the output's SHA-256 as written, or "" if unknown */
	time_t made;
	int seen;             /* MANIFEST_UNSEEN, _CONFIRMED or _WRITTEN */
} manifest_info;

/* Call fn for every known entry (begun-and-not-put and forgotten ones excluded), in no
 * particular order, holding the manifest's mutex: fn must not call back into m. Returns how
 * many. Linear in the entries. */
long manifest_each(manifest *m, void (*fn)(void *ctx, const manifest_info *e), void *ctx);

/* Call fn for each entry made from source, in key order. Returns how many. */
long manifest_each_from(manifest *m, const char *source,
			void (*fn)(void *ctx, const char *key, time_t made), void *ctx);

/* Write DIR/NAME atomically (0600, synced) with every entry, then remove the journal. PK_OK or
 * PK_EIO/PK_ENOMEM with err; on failure the journal stays, so nothing is lost. */
int manifest_save(manifest *m, pk_error *err);

/* Close the journal and free. Does not save. Accepts NULL. */
void manifest_free(manifest *m);

#endif
