/*
 * test_england_date.c: civil_england_date() (src/core/civil.c), the day in England that qa,
 * pack --qa, archive due and send's letters take for "today" whatever the machine's time zone.
 * Compared with the C library under TZ=Europe/London (the tz database, written by others) every
 * 15 minutes of 1997-2045 around each BST change and every hour elsewhere, plus named instants
 * either side of midnight and of the clock changes.
 */
#include "core/pepkit.h"
#include "core/civil.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The tz database's date in England at t into out (11 bytes). */
static void reference(time_t t, char *out)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* 1 if civil_england_date(t) is want. */
static int is(long long t, const char *want)
{
	char got[11];

	civil_england_date(t, got);
	return strcmp(got, want) == 0;
}

int main(void)
{
	long bad = 0, n = 0;
	long long t;
	char got[11], want[11], first[64] = "";

	setenv("TZ", "Europe/London", 1);
	tzset();
	for (t = 852076800LL; t < 2398291200LL; t += 900) {   /* 1997-01-01 .. 2046-01-01 */
		reference((time_t)t, want);
		civil_england_date(t, got);
		n++;
		if (strcmp(got, want) != 0 && bad++ == 0)
			snprintf(first, sizeof(first), "%lld: %s, expected %s", t, got, want);
	}
	CHECK(bad == 0, "the date in England agrees with the tz database at %ld instants 1997-2045%s%s",
	      n, bad ? "; first: " : "", first);
	/* named instants (GMT): BST 2026 runs from 29 March 01:00 to 25 October 01:00 */
	CHECK(is(1774745999LL, "2026-03-29") && is(1774746000LL, "2026-03-29"),
	      "29 March 2026 either side of the change to BST");
	CHECK(is(1782860399LL, "2026-06-30") && is(1782860400LL, "2026-07-01"),
	      "in BST, 23:00 GMT on 30 June is 1 July in England");
	CHECK(is(1792882799LL, "2026-10-24") && is(1792882800LL, "2026-10-25"),
	      "24 October 2026 23:00 GMT (BST still) is 25 October in England");
	CHECK(is(1796083199LL, "2026-11-30") && is(1796083200LL, "2026-12-01"),
	      "in GMT the day starts at midnight GMT");
	CHECK(is(0, "1970-01-01"), "the epoch");
	return unit_done();
}
