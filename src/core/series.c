/* series.c: averaging a dated rate series over calendar days (see series.h). */
#include "core/series.h"

bool series_average(const date_t *dates, const rate_t *values, int n, date_t from, date_t to,
                    rate_t *out)
{
    if (from > to || n <= 0 || dates[0] > from)
        return false;
    /* i: the last observation on or before `from` */
    int i = 0;
    while (i + 1 < n && dates[i + 1] <= from)
        i++;
    __int128 sum = 0;
    date_t day = from;
    while (day <= to) {
        /* values[i] holds from `day` until the day before the next observation, or to `to` */
        date_t until = (i + 1 < n && dates[i + 1] <= to) ? dates[i + 1] - 1 : to;
        sum += (__int128)values[i] * (until - day + 1);
        day = until + 1;
        i++;
    }
    __int128 days = (__int128)to - from + 1;
    bool neg = sum < 0;
    if (neg)
        sum = -sum;
    __int128 q = sum / days, r = sum % days;
    if (r * 2 >= days)
        q++;
    *out = (rate_t)(neg ? -q : q);
    return true;
}
