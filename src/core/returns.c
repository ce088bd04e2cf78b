/* returns.c: average balance and average return of deposits over a period (see returns.h). */
#include "core/returns.h"

void deposit_return_add(struct deposit_return *a, money_t principal, int64_t nights, money_t earned)
{
    money_t w;
    if (!money_mul(principal, nights, &w) || !money_accumulate(&a->weight, w) ||
        !money_accumulate(&a->earned, earned))
        a->overflow = true;
}

bool deposit_return_value(const struct deposit_return *a, int64_t days, money_t *balance,
                          rate_t *ret)
{
    if (a->overflow || a->weight <= 0 || days <= 0)
        return false;
    money_t bal, r;
    /* percent a year: earned x 365 x 100 / weight, in millionths of a percent */
    if (!money_muldiv(a->weight, 1, days, &bal) ||
        !money_muldiv(a->earned, 365 * 100 * RATE_SCALE, a->weight, &r))
        return false;
    *balance = bal;
    *ret = (rate_t)r;
    return true;
}

bool sonia_compounded(rate_t index_start, rate_t index_end, int64_t days, rate_t *out)
{
    money_t den, r;
    if (index_start <= 0 || days <= 0 || !money_mul(index_start, days, &den))
        return false;
    /* percent a year: (end - start) x 365 x 100 / (start x days), in millionths of a percent */
    if (!money_muldiv(index_end - index_start, 365 * 100 * RATE_SCALE, den, &r))
        return false;
    *out = (rate_t)r;
    return true;
}
