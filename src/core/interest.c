/* interest.c: interest earned, receivable, accrued and payable (see interest.h). */
#include "core/interest.h"

#include <stdlib.h>
#include <string.h>

#include "core/loan_events.h"
#include "core/rate.h"
#include "core/schedule.h"

int interest_nights(const struct investment *i, date_t from, date_t to)
{
    date_t end = i->maturity == DATE_NONE ? to + 1 : i->maturity;
    date_t a = i->start > from ? i->start : from;
    date_t b = end < to + 1 ? end : to + 1;
    return b > a ? (int)(b - a) : 0;
}

int interest_earned(const struct investment *i, date_t from, date_t to, money_t *out)
{
    return interest_act365(i->principal, i->rate, interest_nights(i, from, to), out) ? 0 : -1;
}

int interest_receivable(const struct investment *i, date_t from, date_t to, money_t *out)
{
    *out = 0;
    if (i->maturity == DATE_NONE || i->maturity < from || i->maturity > to)
        return 0;
    return interest_act365(i->principal, i->rate, i->maturity - i->start, out) ? 0 : -1;
}

int interest_accrued(const struct investment *i, date_t at, money_t *out)
{
    *out = 0;
    if (i->maturity == DATE_NONE || i->start > at || i->maturity <= at)
        return 0;
    return interest_act365(i->principal, i->rate, at - i->start, out) ? 0 : -1;
}

int interest_payable(const struct loan *l, date_t from, date_t to, money_t *out)
{
    *out = 0;
    int cap = schedule_count(l);
    struct instalment *v = malloc((size_t)(cap > 0 ? cap : 1) * sizeof *v);
    if (!v)
        return -1;
    int n = loan_schedule_build(l, v, cap), rc = n < 0 ? -1 : 0;
    for (int k = 0; rc == 0 && k < n; k++)
        if (v[k].date >= from && v[k].date <= to && !money_accumulate(out, v[k].interest))
            rc = -1;
    free(v);
    return rc;
}

int interest_period(const struct investment *inv, int ninv, const struct loan *loans, int nloans,
                    date_t from, date_t to, struct interest_summary *out)
{
    memset(out, 0, sizeof *out);
    money_t m;
    for (int k = 0; k < ninv; k++) {
        if (interest_earned(&inv[k], from, to, &m) < 0 || !money_accumulate(&out->earned, m))
            return -1;
        if (interest_receivable(&inv[k], from, to, &m) < 0 ||
            !money_accumulate(&out->receivable, m))
            return -1;
    }
    for (int k = 0; k < nloans; k++)
        if (interest_payable(&loans[k], from, to, &m) < 0 || !money_accumulate(&out->payable, m))
            return -1;
    return 0;
}
