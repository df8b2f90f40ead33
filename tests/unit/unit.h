/*
 * unit.h: the tiny harness for tests/unit/test_*.c. CHECK prints "ok - ..." or "not ok - ..."
 * (tests/run.sh counts them); unit_done() is the exit status.
 */
#ifndef PEPKIT_UNIT_H
#define PEPKIT_UNIT_H

#include <stdio.h>

static int unit_failures;

#define CHECK(cond, ...) do { \
	if (cond) { printf("ok - "); printf(__VA_ARGS__); printf("\n"); } \
	else { unit_failures++; printf("not ok - "); printf(__VA_ARGS__); \
	       printf("  [%s:%d: %s]\n", __FILE__, __LINE__, #cond); } \
	} while (0)

static inline int unit_done(void)
{
	return unit_failures == 0 ? 0 : 1;
}

#endif
