/*
 * scale.c: grade scale checks and canonical spellings (see scale.h).
 */
#include "core/pepkit.h"
#include "intake/scale.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const scale builtins[] = {
	{ SCALE_EYFS_ELG, NULL, NULL, 0, 0, 0 },
	{ SCALE_PHONICS, NULL, NULL, 0, 0, 40 },
	{ SCALE_KS_TA, NULL, NULL, 0, 0, 0 },
	{ SCALE_KS2_SCALED, NULL, NULL, 0, 80, 120 },
	{ SCALE_GCSE, NULL, NULL, 0, 1, 9 },
	{ SCALE_PERCENT, NULL, NULL, 0, 0, 100 },
};

static const char *const names[] = { "eyfs-elg", "phonics", "ks-ta", "ks2-scaled", "gcse",
				     "percent", "custom" };

static const char *const ks_ta[] = { "GDS", "EXS", "WTS", "HNM", "PK1", "PK2", "PK3", "PK4",
				     "PK5", "PK6", "A", "L", "F", "P" };

const scale *scale_builtin(int k)
{
	if (k < 0 || k >= (int)PK_ARRAY_LEN(builtins))
		k = SCALE_PERCENT;
	return &builtins[k];
}

int scale_kind_from_name(const char *name)
{
	for (size_t i = 0; i < PK_ARRAY_LEN(names); i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *scale_kind_name(int k)
{
	return k >= 0 && k < (int)PK_ARRAY_LEN(names) ? names[k] : "custom";
}

/* Copy value without surrounding blanks into t (size tsz). Returns its length, or -1 if it does
 * not fit or is empty. */
static int trim_copy(const char *v, char *t, size_t tsz)
{
	size_t n;

	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= tsz)
		return -1;
	memcpy(t, v, n);
	t[n] = '\0';
	return (int)n;
}

/* Read a decimal comma as the point, in place: one ',' between two digits in t, which has no
 * '.', becomes '.' ("95,2" and "110,0" from an export saved where the comma is the decimal
 * sign, with ';' as its delimiter). t is left as it is otherwise. */
static void decimal_comma(char *t)
{
	char *c = strchr(t, ',');

	if (c != NULL && c > t && isdigit((unsigned char)c[-1]) && isdigit((unsigned char)c[1]) &&
	    strchr(c + 1, ',') == NULL && strchr(t, '.') == NULL)
		*c = '.';
}

/* Cut a fraction of zeros only from a number in t, in place ("110.0", "6.00": a spreadsheet
 * cell formatted with decimals), so the whole number is read. t is left as it is otherwise
 * ("6.5" stays, and is no whole number). */
static void drop_zero_fraction(char *t)
{
	char *dot = strchr(t, '.');

	if (dot == NULL || dot == t || !isdigit((unsigned char)dot[-1]) || dot[1] == '\0')
		return;
	for (const char *p = dot + 1; *p; p++)
		if (*p != '0')
			return;
	*dot = '\0';
}

/* Parse a whole non-negative integer (leading zeros allowed, at most 6 digits). Returns it, or
 * -1. */
static long parse_uint(const char *s)
{
	long v = 0;
	int n = 0;

	if (!*s)
		return -1;
	for (; *s; s++, n++) {
		if (!isdigit((unsigned char)*s) || n >= 6)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* Parse a percentage "91", "91.2", "91.2%", "95.24" into tenths (0..1000), rounding further
 * decimals half up at the tenth, as attendance figures are published ("95.24" is 95.2, "95.25"
 * and "95.2381" from a spreadsheet's computed cell are 95.3). Returns -1 if not one. */
static long parse_tenths(char *s)
{
	size_t n = strlen(s);
	char *dot;
	long whole, frac = 0;

	if (n && s[n - 1] == '%')
		s[--n] = '\0';
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	dot = strchr(s, '.');
	if (dot) {
		*dot = '\0';
		if (dot[1] == '\0' || !isdigit((unsigned char)dot[1]))
			return -1;
		for (const char *p = dot + 2; *p; p++)
			if (!isdigit((unsigned char)*p))
				return -1;
		frac = dot[1] - '0';
		if (dot[1] && dot[2] >= '5')
			frac++;   /* half up: the rest is at least 0.05 */
	}
	whole = parse_uint(s);
	if (whole < 0)
		return -1;
	whole = whole * 10 + frac;
	return whole > 1000 ? -1 : whole;
}

/* Parse sessions attended out of sessions possible, "152/160" or "152 of 160" (as MIS
 * attendance summaries give them), into tenths of a per cent rounded half up (95.0 for
 * 152/160). Returns -1 if s is not that shape or the first is more than the second. */
static long parse_sessions(const char *s)
{
	long a = 0, b = 0;
	int na = 0, nb = 0;

	for (; isdigit((unsigned char)*s) && na < 7; s++, na++)
		a = a * 10 + (*s - '0');
	while (*s == ' ')
		s++;
	if (*s == '/')
		s++;
	else if (strncasecmp(s, "of", 2) == 0 && s[2] == ' ')
		s += 2;
	else
		return -1;
	while (*s == ' ')
		s++;
	for (; isdigit((unsigned char)*s) && nb < 7; s++, nb++)
		b = b * 10 + (*s - '0');
	if (*s != '\0' || na == 0 || na > 6 || nb == 0 || nb > 6 || b == 0 || a > b)
		return -1;
	return (a * 2000 + b) / (2 * b);
}

long scale_percent_tenths(const char *value)
{
	char t[64];

	if (strlen(value) >= sizeof(t))
		return -1;
	memcpy(t, value, strlen(value) + 1);
	return parse_tenths(t);
}

int scale_looks_fraction(const char *value)
{
	char t[64];
	const char *s = t;
	int nonzero = 0;

	if (trim_copy(value, t, sizeof(t)) < 0)
		return 0;
	decimal_comma(t);   /* "0,9" is 0.9 too */
	if ((s[0] != '0' && s[0] != '1') || s[1] != '.' || !isdigit((unsigned char)s[2]))
		return 0;
	for (const char *p = s + 2; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return 0;
		nonzero |= *p != '0';
	}
	return s[0] == '1' || nonzero;
}

int scale_ambiguous_one(const char *value)
{
	char t[64];

	return trim_copy(value, t, sizeof(t)) >= 0 && strcmp(t, "1") == 0;
}

_Static_assert(SCALE_CODE_MAX == 63, "scale_check() reads a result into 64 bytes");

int scale_check(const scale *s, const char *value, char *out, size_t outsz, const char **why)
{
	char t[SCALE_CODE_MAX + 1];
	long v;
	const char *dummy;

	if (why == NULL)
		why = &dummy;
	*why = "";
	if (trim_copy(value, t, sizeof(t)) < 0) {
		if (value[strspn(value, " \t")] != '\0')   /* not blank: too long for any code */
			*why = "a result is at most 63 bytes";   /* SCALE_CODE_MAX */
		goto bad;
	}
	switch (s->kind) {
	case SCALE_EYFS_ELG:
		*why = "1 (emerging), 2 (expected) or A";
		if (strcmp(t, "1") == 0 || strcmp(t, "2") == 0 || strcasecmp(t, "A") == 0) {
			snprintf(out, outsz, "%c", toupper((unsigned char)t[0]));
			return 1;
		}
		goto bad;
	case SCALE_KS_TA:
		*why = "GDS, EXS, WTS, HNM, PK1-PK6, A, L, F or P";
		for (size_t i = 0; i < PK_ARRAY_LEN(ks_ta); i++)
			if (strcasecmp(t, ks_ta[i]) == 0) {
				snprintf(out, outsz, "%s", ks_ta[i]);
				return 1;
			}
		goto bad;
	case SCALE_GCSE:
		*why = "9-1 or U";
		if (strcasecmp(t, "U") == 0) {
			snprintf(out, outsz, "U");
			return 1;
		}
		goto range;
	case SCALE_PHONICS:
		*why = "0-40";
		goto range;
	case SCALE_KS2_SCALED:
		*why = "80-120";
		goto range;
	case SCALE_PERCENT:
		*why = "a per cent figure 0-100 or sessions attended of possible (152/160)";
		decimal_comma(t);
		v = parse_sessions(t);
		if (v < 0)
			v = parse_tenths(t);
		if (v < 0)
			goto bad;
		if (v % 10)
			snprintf(out, outsz, "%ld.%ld", v / 10, v % 10);
		else
			snprintf(out, outsz, "%ld", v / 10);
		return 1;
	default:
		*why = "the codes of the council's scale";
		if (s->codes) {
			for (size_t i = 0; i < s->ncodes; i++)
				if (strcasecmp(t, s->codes[i]) == 0) {
					snprintf(out, outsz, "%s", s->codes[i]);
					return 1;
				}
			goto bad;
		}
		*why = "the range of the council's scale";
		goto range;
	}
range:
	decimal_comma(t);
	drop_zero_fraction(t);
	v = parse_uint(t);
	if (v < s->min || v > s->max)
		goto bad;
	snprintf(out, outsz, "%ld", v);
	return 1;
bad:
	if (outsz)
		out[0] = '\0';
	return 0;
}
