/* date.h: civil dates (proleptic Gregorian) as a count of days since 1970-01-01.
 *
 * Pure functions, no I/O (today's date comes from util/clock.h, not from here). A date_t is a
 * plain int32 so dates compare and subtract as integers: days_between(a, b) is b - a. */
#ifndef PRUDENT_CORE_DATE_H
#define PRUDENT_CORE_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t date_t;

#define DATE_NONE INT32_MIN /* "no date" (an open-ended instrument); never a valid date */
#define DATE_BUFSZ 11      /* "YYYY-MM-DD" plus NUL; also fits "DD/MM/YYYY" */

/* Years 1900..2999 are accepted by date_from_ymd and the parsers. */
bool date_from_ymd(int y, int m, int d, date_t *out);
void date_to_ymd(date_t d, int *y, int *m, int *day);

/* Parse "2018-03-31" or "31/03/2018" (blanks around are ignored). Refuses impossible dates
 * (2018-02-29, 31/04/2018) with a static reason in *why. */
bool date_parse(const char *s, date_t *out, const char **why);

char *date_format_iso(date_t d, char *buf); /* 2018-03-31 */
char *date_format_uk(date_t d, char *buf);  /* 31/03/2018 */

bool date_is_leap_year(int y);
int date_days_in_month(int y, int m);
/* Monday = 1 ... Sunday = 7 */
int date_weekday(date_t d);

/* Add n months (n may be negative), clamping the day to the month's end: 31 Jan + 1 = 28/29 Feb. */
date_t date_add_months(date_t d, int n);
/* Whole months from a to b (b >= a), counting a month only when its day is reached
 * (clamped at month end): 2018-01-31 -> 2018-02-28 is 1 month. */
int date_months_between(date_t a, date_t b);

/* Financial years run 1 April to 31 March; year 2017 is 2017-04-01 .. 2018-03-31. */
int date_financial_year(date_t d);
date_t date_fy_start(int fy);
date_t date_fy_end(int fy);

#endif
