/*
 * civil.h: dates as day numbers (days since 1970-01-01, proleptic Gregorian calendar), the one
 * date arithmetic of pepkit: validation's date rules, the QA calendars and timescales and the
 * sample generator all count days with it (Howard Hinnant's civil-date algorithms).
 */
#ifndef PEPKIT_CIVIL_H
#define PEPKIT_CIVIL_H

/* The day number of the civil date y-m-d (m 1..12, d 1..31; not checked). */
long civil_days(long y, unsigned m, unsigned d);

/* The civil date of day number z into *y, *m (1..12) and *d (1..31). */
void civil_from_days(long z, long *y, unsigned *m, unsigned *d);

#endif
