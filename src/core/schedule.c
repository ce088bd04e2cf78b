/* schedule.c: loan repayment schedules (maturity, EIP, annuity), principal outstanding at a date
 * and a LOBO's next option date; see schedule.h for the rules. Pure computation, no I/O.
 *
 * One generator (struct sched) walks the instalments in order; schedule_build stores them and
 * schedule_outstanding only counts principal, so both always agree.
 *
 * Interest of a full half-year is balance * rate / 200 (interest_half_year). A short last
 * period (months(S, M) not a multiple of 6, e.g. a 3-month temporary loan) accrues ACT/365 Fixed
 * over its actual days, as money-market loans do. */
#include "core/schedule.h"

#include <stdint.h>

/* Fixed-point scale for (1+i)^n in the annuity formula. */
#define FX 1000000000000000LL /* 1e15 */

struct sched {
    const struct loan *l;
    int n;           /* number of instalments */
    int k;           /* instalments produced so far */
    date_t prev;     /* date of the previous instalment (start for the first) */
    money_t balance; /* principal outstanding before the next instalment */
    money_t eip;     /* EIP: principal per instalment */
    money_t level;   /* annuity: level payment */
};

static int half_years(const struct loan *l)
{
    int months = date_months_between(l->start, l->maturity);
    int n = (months + 5) / 6;
    return n < 1 ? 1 : n;
}

static date_t due_date(const struct loan *l, int k, int n)
{
    return k == n ? l->maturity : date_add_months(l->start, 6 * k);
}

/* The level annuity payment P*i/(1-(1+i)^-n) = P*i*f/(f-1) with f = (1+i)^n, i = rate/200,
 * computed in 128-bit fixed point (f scaled by 1e15; 1+i is exact at that scale) and rounded half
 * away from zero to the penny. False on overflow. */
static bool annuity_payment(money_t p, rate_t rate, int n, money_t *out)
{
    const __int128 den = 200 * (__int128)RATE_SCALE; /* i = rate / den */
    __int128 base = (__int128)FX * (den + rate) / den; /* exact: FX is a multiple of den */
    __int128 f = FX, t;
    for (int j = 0; j < n; j++) {
        if (__builtin_mul_overflow(f, base, &t))
            return false;
        f = t / FX;
    }
    __int128 diff = f - FX;
    if (rate == 0 || diff == 0)
        return money_muldiv(p, 1, n, out);
    /* p*f/(f-1) in millionths of a penny, then * rate / den */
    __int128 q, num;
    if (__builtin_mul_overflow((__int128)p, f, &q) || __builtin_mul_overflow(q, (__int128)1000000, &q))
        return false;
    q /= diff;
    if (__builtin_mul_overflow(q, (__int128)rate, &num))
        return false;
    __int128 d = den * 1000000;
    bool neg = num < 0;
    if (neg)
        num = -num;
    __int128 r = num / d;
    if ((num % d) * 2 >= d)
        r++;
    if (r > MONEY_MAX)
        return false;
    *out = neg ? -(money_t)r : (money_t)r;
    return true;
}

static bool sched_init(struct sched *s, const struct loan *l)
{
    *s = (struct sched){.l = l, .n = half_years(l), .k = 0, .prev = l->start, .balance = l->principal};
    if (l->repayment == REPAY_EIP && !money_muldiv(l->principal, 1, s->n, &s->eip))
        return false;
    if (l->repayment == REPAY_ANNUITY && !annuity_payment(l->principal, l->rate, s->n, &s->level))
        return false;
    return true;
}

static bool period_interest(const struct sched *s, date_t due, money_t *out)
{
    const struct loan *l = s->l;
    if (date_add_months(l->start, 6 * (s->k + 1)) == due)
        return interest_half_year(s->balance, l->rate, out);
    return interest_act365(s->balance, l->rate, (int64_t)due - s->prev, out);
}

/* Produce the next instalment; false when none is left or an amount overflowed. */
static bool sched_next(struct sched *s, struct instalment *out)
{
    if (s->k >= s->n)
        return false;
    const struct loan *l = s->l;
    bool last = s->k + 1 == s->n;
    date_t due = due_date(l, s->k + 1, s->n);
    money_t interest = 0, principal = 0;
    if (!period_interest(s, due, &interest))
        return false;
    switch (l->repayment) {
    case REPAY_MATURITY: principal = last ? s->balance : 0; break;
    case REPAY_EIP: principal = last || s->eip > s->balance ? s->balance : s->eip; break;
    case REPAY_ANNUITY:
        if (last)
            principal = s->balance;
        else if (!money_sub(s->level, interest, &principal))
            return false;
        if (principal > s->balance)
            principal = s->balance;
        if (principal < 0)
            principal = 0;
        break;
    default: return false;
    }
    if (!money_sub(s->balance, principal, &s->balance))
        return false;
    *out = (struct instalment){.date = due, .principal = principal, .interest = interest,
                               .balance_after = s->balance};
    s->prev = due;
    s->k++;
    return true;
}

int schedule_count(const struct loan *l)
{
    return half_years(l);
}

int schedule_build(const struct loan *l, struct instalment *out, int cap)
{
    struct sched s;
    if (!sched_init(&s, l) || cap < s.n)
        return -1;
    int k = 0;
    while (k < s.n) {
        if (!sched_next(&s, &out[k]))
            return -1;
        k++;
    }
    return k;
}

money_t schedule_outstanding(const struct loan *l, date_t at)
{
    if (at >= l->maturity)
        return 0;
    struct sched s;
    if (!sched_init(&s, l))
        return l->principal;
    struct instalment i;
    money_t balance = l->principal;
    while (sched_next(&s, &i) && i.date <= at)
        balance = i.balance_after;
    return balance;
}

date_t lobo_next_option(const struct loan *l, date_t at)
{
    if (l->type != LOAN_LOBO || l->option_date == DATE_NONE || l->option_months <= 0)
        return DATE_NONE;
    int k = 0;
    if (at > l->option_date) /* start just before `at` instead of walking every option date */
        k = date_months_between(l->option_date, at) / l->option_months;
    for (k = k > 0 ? k - 1 : 0;; k++) {
        date_t d = date_add_months(l->option_date, k * l->option_months);
        if (d >= l->maturity)
            return DATE_NONE;
        if (d >= at)
            return d;
    }
}
