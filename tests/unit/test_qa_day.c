/*
 * test_qa_day.c: qa_day_parse() (src/qa/calendar.c) reads a date's digits directly since the
 * qa speed work (issue 14) instead of through sscanf: here it is compared with the sscanf
 * reading it replaced, and with day numbers counted independently (one day after another from
 * 1900-01-01), on every year 1890-2210, month 0-13 and day 0-32, plus malformed strings.
 */
#include "core/pepkit.h"
#include "qa/calendar.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>

/* The reading before issue 14's speed work: sscanf after the same shape checks. 1 if it
 * accepts s (y, m, d set). */
static int reference(const char *s, unsigned *y, unsigned *m, unsigned *d)
{
	int used = 0;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return sscanf(s, "%4u-%2u-%2u%n", y, m, d, &used) == 3 && used == 10;
}

static int leap(unsigned y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int main(void)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	static const char *const bad[] = { "", "2025-1-01", "2025-01-1", "2025-01-01x", " 2025-01-1",
					   "+025-01-01", "2025/01/01", "2025-0a-01", "2025-01-0 ",
					   "20250-1-01", "2025--01-01", "-2025-01-01" };
	long wrong = 0, accepted = 0, counted_wrong = 0;
	qa_day expect = -25567;   /* 1900-01-01, counted from 1970-01-01 */
	char s[32];

	for (unsigned y = 1890; y <= 2210; y++)
		for (unsigned m = 0; m <= 13; m++)
			for (unsigned d = 0; d <= 32; d++) {
				unsigned ry, rm, rd;
				qa_day got = 0;
				int ok, ref;

				snprintf(s, sizeof(s), "%04u-%02u-%02u", y, m, d);
				ok = qa_day_parse(s, &got) == 0;
				ref = reference(s, &ry, &rm, &rd) && ry >= 1900 && ry <= 2199 && rm >= 1 &&
				      rm <= 12 && rd >= 1 && rd <= (rm == 2 && leap(ry) ? 29 : mdays[rm - 1]);
				if (ok != ref)
					wrong++;
				if (ok) {
					accepted++;
					if (got != expect++)   /* accepted dates come in order, one day apart */
						counted_wrong++;
				}
			}
	CHECK(wrong == 0, "qa_day_parse accepts exactly what the sscanf reading did (%ld differ)", wrong);
	CHECK(accepted == 109573, "every day 1900-01-01 to 2199-12-31 is accepted (%ld)", accepted);
	CHECK(counted_wrong == 0, "each accepted date's day number is the one counted day by day (%ld differ)",
	      counted_wrong);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		qa_day got = 0;

		CHECK(qa_day_parse(bad[i], &got) != 0, "'%s' is refused", bad[i]);
	}
	CHECK(qa_day_parse(NULL, &expect) != 0, "NULL is refused");
	return unit_done();
}
