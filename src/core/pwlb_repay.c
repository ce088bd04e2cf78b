/* pwlb_repay.c: the DMO's premature repayment formula for PWLB loans (see pwlb_repay.h). */
#include "core/pwlb_repay.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- repayment-rate curves ------------------------------------------------------------------ */

#define REPAYMENT_PREFIX "pwlb_repayment_"

bool pwlb_repayment_series_parse(const char *series, enum repayment *how, int *months)
{
    size_t pl = strlen(REPAYMENT_PREFIX);
    if (strncmp(series, REPAYMENT_PREFIX, pl) != 0)
        return false;
    const char *type = series + pl, *us = strrchr(type, '_');
    if (!us || us == type || (size_t)(us - type) >= 16)
        return false;
    char name[16];
    memcpy(name, type, (size_t)(us - type));
    name[us - type] = '\0';
    if (!repayment_parse(name, how))
        return false;
    const char *t = us + 1;
    long v = 0;
    int digits = 0;
    for (; *t >= '0' && *t <= '9' && digits < 4; t++, digits++)
        v = v * 10 + (*t - '0');
    if (digits == 0 || v <= 0 || t[0] == '\0' || t[1] != '\0' || (t[0] != 'y' && t[0] != 'm'))
        return false;
    *months = (int)(t[0] == 'y' ? v * 12 : v);
    return *months <= 12 * 100;
}

bool pwlb_curves_add(struct pwlb_curves *cv, const char *series, rate_t rate)
{
    enum repayment how;
    int months;
    if (!pwlb_repayment_series_parse(series, &how, &months))
        return false;
    for (int i = 0; i < cv->n[how]; i++)
        if (cv->pts[how][i].months == months) {
            cv->pts[how][i].rate = rate;
            return true;
        }
    if (cv->n[how] >= PWLB_CURVE_MAX)
        return false;
    cv->pts[how][cv->n[how]++] = (struct pwlb_term_rate){months, rate};
    return true;
}

/* a x b / c rounded half away from zero (c > 0; no overflow for rates and day counts). */
static int64_t muldiv_round(int64_t a, int64_t b, int64_t c)
{
    int64_t p = a * b;
    return p >= 0 ? (p + c / 2) / c : -((-p + c / 2) / c);
}

bool pwlb_curves_rate(const struct pwlb_curves *cv, enum repayment how, date_t on, date_t maturity, rate_t *out)
{
    if ((int)how < 0 || how >= REPAY_COUNT || cv->n[how] == 0)
        return false;
    const struct pwlb_term_rate *p = cv->pts[how];
    int64_t x = maturity - on;
    /* the nearest term at or below x (lo) and at or above it (hi), in days from `on` */
    int lo = -1, hi = -1;
    int64_t dlo = 0, dhi = 0;
    for (int i = 0; i < cv->n[how]; i++) {
        int64_t d = date_add_months(on, p[i].months) - on;
        if (d <= x && (lo < 0 || d > dlo)) {
            lo = i;
            dlo = d;
        }
        if (d >= x && (hi < 0 || d < dhi)) {
            hi = i;
            dhi = d;
        }
    }
    if (lo < 0)
        *out = p[hi].rate;
    else if (hi < 0 || dhi == dlo)
        *out = p[lo].rate;
    else
        *out = p[lo].rate + (rate_t)muldiv_round(p[hi].rate - p[lo].rate, x - dlo, dhi - dlo);
    return true;
}
