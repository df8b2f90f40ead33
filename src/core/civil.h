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

/*
 * The date in England at instant t (seconds since the epoch) as "YYYY-MM-DD" into out (at least
 * 11 bytes): GMT, or BST (GMT+1) from 01:00 GMT on the last Sunday of March to 01:00 GMT on the
 * last Sunday of October (the Summer Time Order 2002). PEP timescales are English dates, so
 * "today" is this, whatever the machine's time zone; no TZ database or setenv needed.
 */
void civil_england_date(long long t, char *out);

#endif
