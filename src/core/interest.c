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

/* A change of balance on a date. */
struct change {
    date_t date;
    money_t amount;
};

static int by_date(const void *a, const void *b)
{
    date_t x = ((const struct change *)a)->date, y = ((const struct change *)b)->date;
    return (x > y) - (x < y);
}

/* The changes to account id's balance dated in (a, b), sorted, into a new array *out (NULL when
 * none; the caller frees). Returns the count, or -1 when out of memory. */
static int changes_within(int64_t id, const struct movement *m, int n, date_t a, date_t b, struct change **out)
{
    int k = 0;
    *out = NULL;
    for (int j = 0; j < n; j++)
        k += m[j].investment_id == id && m[j].kind != MOVE_VALUATION && m[j].date > a && m[j].date < b;
    if (k == 0)
        return 0;
    if (!(*out = malloc((size_t)k * sizeof **out)))
        return -1;
    k = 0;
    for (int j = 0; j < n; j++)
        if (m[j].investment_id == id && m[j].kind != MOVE_VALUATION && m[j].date > a && m[j].date < b)
            (*out)[k++] = (struct change){m[j].date, movement_change(&m[j])};
    qsort(*out, (size_t)k, sizeof **out, by_date);
    return k;
}

/* sum += balance x nights, false on overflow. */
static bool add_nights(int64_t *sum, money_t balance, int64_t nights)
{
    int64_t p;
    return !__builtin_mul_overflow(balance, nights, &p) && !__builtin_add_overflow(*sum, p, sum);
}

int interest_earned_moving(const struct investment *i, const struct movement *m, int n, date_t from, date_t to,
                           money_t *out, int64_t *balance_nights)
{
    *out = 0;
    date_t end = i->maturity == DATE_NONE ? to + 1 : i->maturity;
    date_t a = i->start > from ? i->start : from, b = end < to + 1 ? end : to + 1;
    int64_t sum = 0;
    if (balance_nights)
        *balance_nights = 0;
    if (b <= a)
        return 0;
    money_t bal;
    if (account_balance_at(i->id, i->start, i->principal, m, n, a, &bal) < 0)
        return -1;
    struct change *c;
    int k = changes_within(i->id, m, n, a, b, &c);
    if (k < 0)
        return -1;
    date_t cur = a;
    bool ok = true;
    for (int j = 0; j < k && ok; j++) {
        ok = add_nights(&sum, bal, c[j].date - cur) && money_add(bal, c[j].amount, &bal);
        cur = c[j].date;
    }
    free(c);
    if (!ok || !add_nights(&sum, bal, b - cur))
        return -1;
    if (balance_nights)
        *balance_nights = sum;
    return interest_act365(sum, i->rate, 1, out) ? 0 : -1;
}

int interest_income_movements(int64_t id, const struct movement *m, int n, date_t from, date_t to, money_t *out)
{
    *out = 0;
    for (int j = 0; j < n; j++)
        if (m[j].investment_id == id && m[j].kind == MOVE_INTEREST && m[j].date >= from && m[j].date <= to &&
            !money_accumulate(out, m[j].amount))
            return -1;
    return 0;
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
