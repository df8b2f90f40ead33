/*
 * irnum.c: bounded numbers from the document IR (irnum.h).
 */
#include "core/pepkit.h"
#include "render/irnum.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

long irnum_int(const char *s, long def, long lo, long hi)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return def;
	errno = 0;
	v = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (end == s || *end != '\0')
		return def;
	if (errno == ERANGE)   /* strtol saturated at LONG_MIN/LONG_MAX: the clamp below holds */
		v = v < 0 ? lo : hi;
	return v < lo ? lo : v > hi ? hi : v;
}

double irnum_real(const char *s, double def, double lo, double hi)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0')
		return def;
	v = strtod(s, &end);
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (end == s || *end != '\0' || !isfinite(v))
		return def;
	return v < lo ? lo : v > hi ? hi : v;
}
