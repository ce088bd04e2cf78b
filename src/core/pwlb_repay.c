/* pwlb_repay.c: the DMO's premature repayment formula for PWLB loans (see pwlb_repay.h). */
#include "core/pwlb_repay.h"

#include <math.h>

#include "core/date.h"

/* The date `k` half-years before maturity, on maturity's day of month clamped to month end. */
static date_t half_years_back(date_t maturity, int k)
{
    return date_add_months(maturity, -6 * k);
}

date_t pwlb_interest_date_on_or_before(date_t maturity, date_t d, int *after)
{
    int k = 0;
    while (half_years_back(maturity, k) > d)
        k++;
    if (after)
        *after = k;
    return half_years_back(maturity, k);
}

/* A(i, N) = i / (1 - (1+i)^-N), the annuity factor; i > 0. */
static long double annuity_factor(long double i, int n)
{
    return i / (1.0L - powl(1.0L + i, (long double)-n));
}

/* f by the formula for the repayment type (pwlb_repay.h), from exact inputs. */
static long double dmo_factor(enum repayment how, rate_t loan_rate, rate_t repay_rate, int d, int n)
{
    long double il = (long double)loan_rate / (200.0L * RATE_SCALE);
    long double id = (long double)repay_rate / (200.0L * RATE_SCALE);
    long double carry_id = 1.0L + id * d / 182.5L, carry_il = 1.0L + il * d / 182.5L;
    long double a_id = annuity_factor(id, n);
    switch (how) {
    case REPAY_ANNUITY:
        return carry_id * (annuity_factor(il, n) / a_id) - carry_il;
    case REPAY_EIP:
        return carry_id * ((1.0L / (n * a_id)) * (1.0L - il / id) + il / id) - carry_il;
    case REPAY_MATURITY:
    default:
        return carry_id * (il / a_id + powl(1.0L + id, (long double)-n)) - carry_il;
    }
}

bool pwlb_repayment(enum repayment how, money_t outstanding, rate_t loan_rate, date_t maturity,
                    date_t repay_on, rate_t repay_rate, struct pwlb_repayment *out, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    if (repay_on >= maturity) {
        *why = "the repayment date must be before the loan's maturity";
        return false;
    }
    if (loan_rate <= 0 || repay_rate <= 0) {
        *why = "the loan rate and the repayment rate must be above zero";
        return false;
    }
    if (outstanding < 0) {
        *why = "the outstanding principal cannot be negative";
        return false;
    }
    struct pwlb_repayment r = {0};
    r.last_interest = pwlb_interest_date_on_or_before(maturity, repay_on, &r.periods);
    r.days = (int)(repay_on - r.last_interest);
    r.factor = llroundl(dmo_factor(how, loan_rate, repay_rate, r.days, r.periods) * PWLB_FACTOR_SCALE);
    r.under_one_year = date_add_months(repay_on, 12) > maturity;
    /* accrued = outstanding x (rate / 200 / RATE_SCALE) x D / 182.5 = outstanding x rate x D /
     * (100 x RATE_SCALE x 365) */
    if (!money_muldiv(outstanding, r.factor, PWLB_FACTOR_SCALE, &r.premium) ||
        !money_muldiv(outstanding, loan_rate * (int64_t)r.days, 100 * RATE_SCALE * 365, &r.accrued) ||
        !money_add(outstanding, r.accrued, &r.settlement) ||
        !money_add(r.settlement, r.premium, &r.settlement)) {
        *why = "an amount is too large";
        return false;
    }
    *out = r;
    return true;
}
