/* pwlb_repay.h: the premium or discount on repaying a PWLB loan early, by the DMO's formula
 * (domain.md "PWLB premature repayment"). Pure computation, no I/O.
 *
 * For a half-yearly fixed-rate loan repaid on date R at the PWLB's repayment (discount) rate:
 *   il = loan rate / 200, id = repayment rate / 200;
 *   interest dates every six months on the maturity date's day of month (clamped to the month's
 *   end), counting back from maturity; D = days from the last interest date on or before R to R;
 *   N = the interest dates after R up to and including maturity; A(i, N) = i / (1 - (1+i)^-N);
 *   maturity: f = (1 + id.D/182.5) . (il / A(id,N) + (1+id)^-N)                 - (1 + il.D/182.5)
 *   annuity:  f = (1 + id.D/182.5) . (A(il,N) / A(id,N))                        - (1 + il.D/182.5)
 *   eip:      f = (1 + id.D/182.5) . ((1/(N.A(id,N))) . (1 - il/id) + il/id)   - (1 + il.D/182.5)
 * f > 0 is a premium (the authority pays more than par), f < 0 a discount.
 *   premium    = f x outstanding principal, to the penny (money_muldiv's rounding, once);
 *   accrued    = outstanding x il x D / 182.5, to the penny;
 *   settlement = outstanding + accrued + premium.
 * The factor f is a ratio, not money: it is computed from the exact rate, day and period counts in
 * long double (64-bit mantissa) and kept as an integer in units of 1e-15, which then multiplies the
 * exact outstanding pence with the one rounding rule (error far below a penny up to £10bn).
 * The DMO's worked example: £12,000,000 at 8 3/8%, maturing 18/09/1992, repaid 02/10/1989 at
 * 11 1/2% (N = 6, D = 14): f = -0.0765833..., a discount of £919,000.48. */
#ifndef PRUDENT_CORE_PWLB_REPAY_H
#define PRUDENT_CORE_PWLB_REPAY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/book.h"

#define PWLB_FACTOR_SCALE 1000000000000000LL /* f in units of 1e-15 */

struct pwlb_repayment {
    date_t last_interest;   /* the interest date on or before the repayment date */
    int days;               /* D */
    int periods;            /* N */
    int64_t factor;         /* f x PWLB_FACTOR_SCALE, rounded half away from zero */
    money_t premium;        /* > 0 premium, < 0 discount */
    money_t accrued;        /* interest accrued since last_interest */
    money_t settlement;     /* outstanding + accrued + premium */
    bool under_one_year;    /* less than a year to run: the PWLB does not normally take it */
};

/* The repayment of `outstanding` (principal still owed on `repay_on`) of a loan with `how`
 * repayment (maturity, annuity or eip), loan rate `loan_rate`, final date `maturity`, at the
 * repayment rate `repay_rate`. Returns false, with *why a static reason, when the dates or rates
 * make no sense (repaid on or after maturity, a rate not above zero) or an amount overflows. */
bool pwlb_repayment(enum repayment how, money_t outstanding, rate_t loan_rate, date_t maturity,
                    date_t repay_on, rate_t repay_rate, struct pwlb_repayment *out, const char **why);

/* The interest date on or before d of a loan with this maturity (every six months on the
 * maturity date's day of month, clamped to each month's end, counting back from maturity), and
 * the number of such dates after d up to and including maturity. */
date_t pwlb_interest_date_on_or_before(date_t maturity, date_t d, int *after);

/* ---- repayment-rate curves (the discount watch) ---------------------------------------------
 * The DMO publishes premature repayment rates by repayment type and term beside its new-loan
 * rates; they are stored as rate series named pwlb_repayment_TYPE_TERM (TYPE maturity, annuity
 * or eip; TERM a whole number of years "10y" or months "18m"), e.g. pwlb_repayment_maturity_10y.
 * The rate for a loan with maturity M repaid on R is read off the curve of its type on the
 * latest date with rates: each term T is placed at the date R + T months; M on a term takes its
 * rate, M between two terms the straight line between their rates by days (rounded half away from
 * zero to a millionth of a percent), M before the shortest or after the longest the nearest one.
 * Example: 1y at 4.00 and 5y at 5.00, R = 2026-12-06, M = 2029-12-06 (1096 days; 1y = 365,
 * 5y = 1826): 4.00 + 1.00 x 731/1461 = 4.500342%. */
#define PWLB_CURVE_MAX 64

struct pwlb_term_rate {
    int months; /* the term */
    rate_t rate;
};

struct pwlb_curves {
    struct pwlb_term_rate pts[REPAY_COUNT][PWLB_CURVE_MAX]; /* by repayment type, any order */
    int n[REPAY_COUNT];
    date_t date; /* the date the rates were published (DATE_NONE: none) */
};

/* "pwlb_repayment_maturity_10y" -> REPAY_MATURITY and 120 months; false for any other name. */
bool pwlb_repayment_series_parse(const char *series, enum repayment *how, int *months);
/* Add an observation of a series to the curves: true if it is a repayment-rate series (and there
 * was room), false otherwise (ignored). A term given twice keeps the later rate. */
bool pwlb_curves_add(struct pwlb_curves *cv, const char *series, rate_t rate);
/* The repayment rate for a loan of type `how` maturing on `maturity` repaid on `on`, from the
 * curve of that type: false when that type has no rates. */
bool pwlb_curves_rate(const struct pwlb_curves *cv, enum repayment how, date_t on, date_t maturity, rate_t *out);

#endif
