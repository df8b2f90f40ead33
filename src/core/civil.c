/*
 * civil.c: day numbers and civil dates (civil.h).
 */
#include "core/pepkit.h"
#include "core/civil.h"

#include <stdio.h>
#include <string.h>

long civil_days(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

/* The day number of the last Sunday on or before day number z (day 0, 1970-01-01, a Thursday). */
static long sunday_on_or_before(long z)
{
	long wd = ((z + 4) % 7 + 7) % 7;   /* 0 = Sunday */

	return z - wd;
}

void civil_england_date(long long t, char *out)
{
	long z = (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400)), y;
	unsigned m, d;
	long long start, end;

	civil_from_days(z, &y, &m, &d);
	start = (long long)sunday_on_or_before(civil_days(y, 3, 31)) * 86400 + 3600;
	end = (long long)sunday_on_or_before(civil_days(y, 10, 31)) * 86400 + 3600;
	if (t >= start && t < end) {
		t += 3600;
		z = (long)(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
		civil_from_days(z, &y, &m, &d);
	}
	{
		char tmp[48];

		snprintf(tmp, sizeof(tmp), "%04ld-%02u-%02u", y < 0 ? 0 : y > 9999 ? 9999 : y, m, d);
		memcpy(out, tmp, 10);
		out[10] = '\0';
	}
}
