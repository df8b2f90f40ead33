/*
 * mapset.h: the mapping profiles of one run, chosen as `pepkit merge` and `pepkit pack
 * --attainment` both take them (--map, repeatable):
 *   - nothing given: every shipped profile (templates/mapping-*.xml), each export matched to the
 *     one whose key and required columns its header has;
 *   - a shipped short name (sims-long), a profile file, or a folder of profiles: added to the set;
 *     exactly one profile given: every export is read with it;
 *   - CSV=PROFILE: that export (as named on the command line) is read with that profile.
 * It also fingerprints the profiles (core/fingerprint.h), so a changed profile re-renders.
 */
#ifndef PEPKIT_MAPSET_H
#define PEPKIT_MAPSET_H

#include "core/pepkit.h"
#include "core/fingerprint.h"
#include "intake/mapping.h"
#include "intake/merge.h"

#define MAPSET_MAX 64   /* profiles in one run */

typedef struct mapset mapset;

/* An empty set, or NULL when out of memory. Free with mapset_free (accepts NULL). */
mapset *mapset_new(void);
void mapset_free(mapset *ms);

/* Add what one --map value names (see above). PK_OK, or PK_EINVAL/PK_EIO/PK_ELIMIT with err
 * naming the profile (an invalid profile, no profiles in a folder, more than MAPSET_MAX). */
int mapset_add(mapset *ms, const char *spec, pk_error *err);

/* The merge index for this set: one profile for all exports when exactly one unbound profile
 * was given, else every unbound profile matched per file (the shipped ones when none was given,
 * loaded now). default_term as for merge_new(). Returns the index (merge_free) or NULL with err
 * set. The set must outlive the index. */
merge_index *mapset_merge_new(mapset *ms, const char *default_term, pk_error *err);

/* Read one export operand (a CSV file or a folder) into ix, with its bound profile if
 * CSV=PROFILE named it. As merge_read_path(). */
int mapset_read(const mapset *ms, merge_index *ix, const char *path, pk_error *err);

/* The hex SHA-256 over every profile file in the set (in the order added), for fingerprints.
 * Only after mapset_merge_new(). */
const char *mapset_fingerprint(const mapset *ms);

#endif
