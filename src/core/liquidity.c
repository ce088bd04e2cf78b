/* liquidity.c: cash available within 3 months and sums invested over 364 days (liquidity.h). */
#include "core/liquidity.h"

#include "core/wam.h"

int liquidity_within_3m(const struct investment *inv, int n, date_t as_of, money_t *out)
{
    *out = 0;
    for (int k = 0; k < n; k++) {
        const struct investment *i = &inv[k];
        if (!investment_held(i, as_of) || i->type == INV_POOLED)
            continue;
        if (investment_days(i, as_of) <= LIQUIDITY_DAYS && !money_accumulate(out, i->principal))
            return -1;
    }
    return 0;
}

int invested_over_364_days(const struct investment *inv, int n, date_t as_of, money_t *out)
{
    *out = 0;
    for (int k = 0; k < n; k++) {
        const struct investment *i = &inv[k];
        if (!investment_held(i, as_of) || i->type == INV_POOLED)
            continue;
        if (investment_days(i, as_of) > LONG_TERM_DAYS && !money_accumulate(out, i->principal))
            return -1;
    }
    return 0;
}
