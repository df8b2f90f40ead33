/*
 * calendar.h: dates, school days and working days for pepkit qa's timescales. A calendar is
 * read from a council's data file (schemas/calendar.xsd: terms with half-terms and closures,
 * and bank holidays). A school day is Monday to Friday inside a term, not in a break, not a
 * closure and not a bank holiday; a working day is Monday to Friday and not a bank holiday.
 * A date outside every term the calendar knows (before its first term or after its last) is
 * counted as a working day for the school-day rules, and calendar_covers() says so, so findings
 * can tell the reader.
 *
 * Dates are day numbers (days since 1970-01-01), so differences are plain subtraction. A loaded
 * calendar is read-only and may be shared by threads.
 */
#ifndef PEPKIT_QA_CALENDAR_H
#define PEPKIT_QA_CALENDAR_H

#include "core/pepkit.h"

typedef long qa_day;

/* Kinds of day a rule counts in. */
enum { QA_SCHOOL_DAYS = 0, QA_WORKING_DAYS = 1 };

#define CALENDAR_MAX_TERMS 30
#define CALENDAR_MAX_BREAKS 30

typedef struct qa_term {
	char id[16];          /* 2025-autumn */
	qa_day start, end;    /* inclusive */
} qa_term;

typedef struct qa_calendar qa_calendar;

/* Parse "YYYY-MM-DD" (a real date, years 1900-2199, nothing after it). Returns 0 and sets *out,
 * or -1. */
int qa_day_parse(const char *s, qa_day *out);
/* Format d as "YYYY-MM-DD" into out (11 bytes). */
void qa_day_format(qa_day d, char out[11]);
/* Day of the week: 0 Monday ... 6 Sunday. */
int qa_day_weekday(qa_day d);
/* d plus months calendar months (negative allowed); a day past the end of the month becomes
 * its last day (31 Aug + 6 months = 28/29 Feb). */
qa_day qa_day_add_months(qa_day d, int months);

/* Load and check path against schemas/calendar.xsd (safe parse), and check the dates are in
 * order (terms ascending and not overlapping, each break inside its term). Returns PK_OK with
 * *out set (free with calendar_free), or PK_EINVAL/PK_EIO/PK_ENOMEM with err naming file, line
 * and field; *out NULL. */
int calendar_load(const char *path, qa_calendar **out, pk_error *err);
void calendar_free(qa_calendar *c);

/* The calendar's name (from the file). */
const char *calendar_name(const qa_calendar *c);
/* 1 if d is between the first term's start and the last term's end. */
int calendar_covers(const qa_calendar *c, qa_day d);
int calendar_is_school_day(const qa_calendar *c, qa_day d);
int calendar_is_working_day(const qa_calendar *c, qa_day d);
/* The day that is n days of kind unit after d (d itself not counted; n >= 0, at most 3650). */
qa_day calendar_add(const qa_calendar *c, qa_day d, int n, int unit);
/* How many days of kind unit lie in (a, b]; 0 when b <= a. Spans over 40,000 days are cut. */
int calendar_count(const qa_calendar *c, qa_day a, qa_day b, int unit);
/* The term with this id, or NULL. */
const qa_term *calendar_term(const qa_calendar *c, const char *id);
/* The term d falls in, else the last term that started before d, else NULL. */
const qa_term *calendar_term_at(const qa_calendar *c, qa_day d);
/* Terms in date order. */
int calendar_nterms(const qa_calendar *c);
const qa_term *calendar_term_i(const qa_calendar *c, int i);

#endif
