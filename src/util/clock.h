/* clock.h: today's date, the one place prudent reads the calendar clock for the default as-of
 * date. PRUDENT_TODAY=YYYY-MM-DD overrides it (tests, and re-running a past month's report). */
#ifndef PRUDENT_UTIL_CLOCK_H
#define PRUDENT_UTIL_CLOCK_H

#include "core/date.h"

date_t clock_today(void);

#endif
