/*
 * scale.h: grade scales (domain.md): which results are valid on each, and one canonical
 * spelling per result so that "exs", " EXS" and "EXS" compare equal and "091.20%" is "91.2".
 * The built-in scales carry the names pep.xsd uses (gradeScale); council-defined scales are
 * "custom" with a name, either a list of codes or an integer range, and come from a mapping
 * profile (configuration).
 */
#ifndef PEPKIT_SCALE_H
#define PEPKIT_SCALE_H

#include "core/pepkit.h"

enum scale_kind {
	SCALE_EYFS_ELG,     /* 1 emerging, 2 expected, A unable to assess */
	SCALE_PHONICS,      /* 0-40 */
	SCALE_KS_TA,        /* GDS EXS WTS HNM PK1-PK6 A L F P */
	SCALE_KS2_SCALED,   /* 80-120 */
	SCALE_GCSE,         /* 9-1, U */
	SCALE_PERCENT,      /* 0-100, one decimal */
	SCALE_CUSTOM        /* council-defined: codes or a range */
};

typedef struct scale {
	int kind;               /* enum scale_kind */
	char *name;             /* custom: the scale's name (result/@scale-name); else NULL */
	char **codes;           /* custom: accepted codes (compared without case), or NULL */
	size_t ncodes;
	long min, max;          /* custom with no codes: integer range */
} scale;

/* The built-in scale of kind k (not SCALE_CUSTOM); static, never NULL. */
const scale *scale_builtin(int k);

/* The kind named by a pep.xsd gradeScale token ("gcse"), or -1. */
int scale_kind_from_name(const char *name);

/* The pep.xsd gradeScale token of a kind ("gcse"). */
const char *scale_kind_name(int k);

/* Check value against s. On success returns 1 and writes the canonical spelling into
 * out (size outsz, always NUL-terminated). Otherwise returns 0 and *why (if not NULL) says
 * what the scale accepts, e.g. "9-1 or U". A decimal comma is the point ("95,2" is 95.2), and
 * a whole number may carry a fraction of zeros ("110.0" is 110). On the percent scale, sessions
 * attended of possible ("152/160", "152 of 160") are their per cent, rounded half up to a
 * tenth (95). */
int scale_check(const scale *s, const char *value, char *out, size_t outsz, const char **why);

/* The longest result scale_check() reads, in bytes (a code of a council's scale, a grade
 * word's code): mapping profiles are refused with a longer one, by name, not left to fail
 * every row as "not on the scale". */
#define SCALE_CODE_MAX 63

/* 1 if the percentage value (blanks around it ignored) looks like a fraction of 1 rather than
 * a per cent: "0.9", "0.952", "1.00", as a spreadsheet cell formatted as a percentage holds
 * 90%, 95.2%, 100%. A "%" sign, a whole number, or 0.0 is a per cent ("0.9%" is 0.9 per cent).
 * Exports are checked with this before scale_check, so a fraction is refused, never taken as
 * under 1 per cent. */
int scale_looks_fraction(const char *value);

/* A percentage "91", "91.2", "91.2%", "95.24" in tenths (0..1000), further decimals rounded
 * half up at the tenth as merge reads an export's attendance ("95.24" is 952, "95.25" 953);
 * -1 when value is not one (or is over 63 bytes). */
long scale_percent_tenths(const char *value);

/* 1 if the percentage value (blanks around it ignored) is "1" alone: 100% as a fraction of 1
 * (a spreadsheet cell formatted as a percentage) or 1 per cent. An export's is refused as
 * ambiguous rather than taken as either. */
int scale_ambiguous_one(const char *value);

#endif
