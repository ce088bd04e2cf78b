/* calendar.h: England and Wales business days, pure computation (no I/O).
 *
 * A business day is a Monday to Friday that is not a bank holiday. Holidays come from two places:
 * the GOV.UK feed (stored in bank_holidays, loaded by store/holidays.h and handed in sorted), and
 * a built-in table computed by rule for years the feed does not cover. A year is "covered by the
 * feed" when the feed has at least one holiday in it; then the feed's holidays for that year are
 * used and the built-in ones ignored (the feed wins where present).
 *
 * The built-in rules (England and Wales, from 1971): New Year's Day (1 January, or the Monday
 * after when it falls at a weekend), Good Friday and Easter Monday (Easter by the Gregorian
 * computus), the early May bank holiday (first Monday of May; 8 May in 1995 and 2020), the spring
 * bank holiday (last Monday of May; 4 June 2002, 4 June 2012, 2 June 2022), the summer bank
 * holiday (last Monday of August), Christmas Day and Boxing Day with substitute days (the next
 * weekdays not already holidays), and the one-off holidays: 31 December 1999, 3 June 2002,
 * 29 April 2011, 5 June 2012, 3 June 2022, 19 September 2022 and 8 May 2023.
 *
 * Nothing here allocates: results are written into the caller's arrays. */
#ifndef PRUDENT_CORE_CALENDAR_H
#define PRUDENT_CORE_CALENDAR_H

#include <stdbool.h>

#include "core/date.h"

#define HOLIDAY_TITLE 128
#define CALENDAR_YEAR_MAX 16 /* the most built-in holidays any one year has */

struct holiday {
    date_t date;
    char title[HOLIDAY_TITLE]; /* UTF-8, e.g. "New Year’s Day" */
    bool builtin;              /* from the built-in rules, not the feed */
};

/* The calendar: the feed's England and Wales holidays, sorted by date, unique dates. The array
 * is borrowed (the caller owns it and keeps it alive while the calendar is used). */
struct calendar {
    const struct holiday *feed;
    int nfeed;
};

/* Easter Sunday of year y (Gregorian computus). */
date_t calendar_easter(int year);
/* The built-in holidays of a year, sorted, into out (at least CALENDAR_YEAR_MAX entries).
 * Returns the number written. */
int calendar_rule_year(int year, struct holiday *out);

/* True when the feed has any holiday in that year. */
bool calendar_feed_covers(const struct calendar *cal, int year);
/* The holiday on d, or NULL if none. The pointer is into the feed array or, for a built-in
 * holiday, to *scratch (the caller's), filled in. */
const struct holiday *calendar_holiday_on(const struct calendar *cal, date_t d,
                                          struct holiday *scratch);
bool calendar_is_business_day(const struct calendar *cal, date_t d);
/* The first business day strictly after d. */
date_t calendar_next_business_day(const struct calendar *cal, date_t d);
/* d if it is a business day, else the next one. */
date_t calendar_following(const struct calendar *cal, date_t d);
/* The settlement date of a payment nominally due on d, modified following: d if a business day,
 * else the next business day, unless that falls in the next month, in which case the last
 * business day before d. */
date_t calendar_modified_following(const struct calendar *cal, date_t d);
/* Holidays from..to inclusive (feed where it covers the year, built-in otherwise), sorted, into
 * out (cap entries). Returns the number there are (may exceed cap: only cap are written). */
int calendar_holidays(const struct calendar *cal, date_t from, date_t to, struct holiday *out,
                      int cap);

#endif
