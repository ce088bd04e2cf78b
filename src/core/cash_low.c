/* cash_low.c: the low point of a cash-flow forecast (see cash_low.h). */
#include "core/cash_low.h"

int cash_low_point(date_t from, date_t to, money_t opening, money_t minimum, const struct cash_flows *fs,
                   struct cash_low *out)
{
    if (from > to)
        return -1;
    *out = (struct cash_low){.from = from, .to = to, .lowest_date = DATE_NONE, .days_covered = -1};
    money_t balance = opening;
    int i = 0;
    while (i < fs->n && fs->v[i].date < from)
        i++;
    for (date_t day = from; day <= to; day++) {
        for (; i < fs->n && fs->v[i].date == day; i++)
            if (!money_add(balance, fs->v[i].amount, &balance))
                return -1;
        if (out->lowest_date == DATE_NONE || balance < out->lowest) {
            out->lowest = balance;
            out->lowest_date = day;
        }
        if (balance < minimum) {
            out->days_below++;
            if (out->days_covered < 0)
                out->days_covered = (int)(day - from);
        }
    }
    if (out->days_covered < 0)
        out->days_covered = (int)(to - from) + 1;
    if (out->lowest < minimum && !money_sub(minimum, out->lowest, &out->shortfall))
        return -1;
    return 0;
}
