/* clock.c: today's date in the local time zone, or PRUDENT_TODAY (see clock.h). */
#include "util/clock.h"

#include <stdlib.h>
#include <time.h>

date_t clock_today(void)
{
    const char *env = getenv("PRUDENT_TODAY");
    date_t d;
    if (env && *env && date_parse(env, &d, NULL))
        return d;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    if (!date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d))
        d = 0;
    return d;
}
