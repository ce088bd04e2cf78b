/* test_pwlb_repay.c: the DMO's premature repayment formula (core/pwlb_repay.h) against the DMO's
 * own worked example and cases computed by hand (exact fractions, then rounded half away from
 * zero to the penny; the working is in each test's comment). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/pwlb_repay.h"
#include "core/rate.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

static rate_t r(const char *s)
{
    rate_t out;
    assert_true(rate_parse(s, &out, NULL));
    return out;
}

/* The DMO's example: £12,000,000 maturity loan at 8 3/8%, final payment 18/09/1992, repaid
 * 02/10/1989 at 11 1/2%. Interest dates 18/03 and 18/09: the last on or before 02/10/1989 is
 * 18/09/1989, D = 14; N = 6 (18/03/1990 ... 18/09/1992). f = -0.0765833733, a discount of
 * £919,000.48; accrued 12,000,000 x 0.041875 x 14/182.5 = £38,547.95. */
static void test_dmo_example(void **state)
{
    (void)state;
    struct pwlb_repayment p;
    assert_true(pwlb_repayment(REPAY_MATURITY, 1200000000, r("8.375"), d("1992-09-18"), d("1989-10-02"),
                               r("11.5"), &p, NULL));
    assert_int_equal(p.last_interest, d("1989-09-18"));
    assert_int_equal(p.days, 14);
    assert_int_equal(p.periods, 6);
    assert_int_equal(p.premium, -91900048);
    assert_int_equal(p.accrued, 3854795);
    assert_int_equal(p.settlement, 1200000000 + 3854795 - 91900048);
    assert_false(p.under_one_year);
}

/* A premium: the same shape of loan when the repayment rate is below the loan rate. £5,000,000
 * maturity loan at 3.00% maturing 31/03/2035, repaid 14/11/2026 at 2.10%: interest dates 31/03 and
 * 30/09 (clamped), D = 45 (30/09/2026 to 14/11/2026), N = 17; f = +0.0687982655, premium
 * £343,991.33; accrued 5,000,000 x 0.015 x 45/182.5 = £18,493.15; settlement £5,362,484.48. */
static void test_maturity_premium(void **state)
{
    (void)state;
    struct pwlb_repayment p;
    assert_true(pwlb_repayment(REPAY_MATURITY, 500000000, r("3"), d("2035-03-31"), d("2026-11-14"), r("2.1"),
                               &p, NULL));
    assert_int_equal(p.last_interest, d("2026-09-30"));
    assert_int_equal(p.days, 45);
    assert_int_equal(p.periods, 17);
    assert_int_equal(p.premium, 34399133);
    assert_int_equal(p.accrued, 1849315);
    assert_int_equal(p.settlement, 536248448);
}

/* Annuity: £6,000,000 outstanding at 4.50% maturing 15/06/2040, repaid 01/08/2030 at 5.00%:
 * D = 47 (15/06/2030 to 01/08/2030), N = 20; f = A(0.0225,20)/A(0.025,20) x (1 + 0.025 x 47/182.5)
 * - (1 + 0.0225 x 47/182.5) = -0.0229698178: a discount of £137,818.91; accrued £34,767.12. */
static void test_annuity(void **state)
{
    (void)state;
    struct pwlb_repayment p;
    assert_true(pwlb_repayment(REPAY_ANNUITY, 600000000, r("4.5"), d("2040-06-15"), d("2030-08-01"), r("5"),
                               &p, NULL));
    assert_int_equal(p.days, 47);
    assert_int_equal(p.periods, 20);
    assert_int_equal(p.premium, -13781891);
    assert_int_equal(p.accrued, 3476712);
    assert_int_equal(p.settlement, 589694821);
}

/* EIP: £5,000,000 outstanding at 3.00% maturing 31/03/2035, repaid 14/11/2026 at 4.20%: D = 45,
 * N = 17; f = (1 + 0.021 x 45/182.5) x ((1/(17 x A(0.021,17))) x (1 - 0.015/0.021) + 0.015/0.021)
 * - (1 + 0.015 x 45/182.5) = -0.0462769472: a discount of £231,384.74; accrued £18,493.15. */
static void test_eip(void **state)
{
    (void)state;
    struct pwlb_repayment p;
    assert_true(pwlb_repayment(REPAY_EIP, 500000000, r("3"), d("2035-03-31"), d("2026-11-14"), r("4.2"), &p,
                               NULL));
    assert_int_equal(p.premium, -23138474);
    assert_int_equal(p.accrued, 1849315);
    assert_int_equal(p.settlement, 478710841);
}

/* On an interest date D is 0 and nothing has accrued; under a year to run is flagged; repaying on
 * or after maturity, or at a rate not above zero, is refused with a reason. */
static void test_edges(void **state)
{
    (void)state;
    struct pwlb_repayment p;
    const char *why = NULL;
    assert_true(pwlb_repayment(REPAY_MATURITY, 100000000, r("5"), d("2030-03-31"), d("2029-09-30"), r("5"),
                               &p, NULL));
    assert_int_equal(p.days, 0);
    assert_int_equal(p.periods, 1);
    assert_int_equal(p.accrued, 0);
    assert_int_equal(p.premium, 0); /* same rates, on an interest date: par */
    assert_true(p.under_one_year);
    assert_false(pwlb_repayment(REPAY_MATURITY, 100000000, r("5"), d("2030-03-31"), d("2030-03-31"), r("5"),
                                &p, &why));
    assert_non_null(why);
    assert_false(pwlb_repayment(REPAY_MATURITY, 100000000, r("5"), d("2030-03-31"), d("2029-01-01"), r("0"),
                                &p, &why));
}

/* Series names of the repayment-rate curves: pwlb_repayment_TYPE_TERM. */
static void test_series_names(void **state)
{
    (void)state;
    enum repayment how;
    int months;
    assert_true(pwlb_repayment_series_parse("pwlb_repayment_maturity_10y", &how, &months));
    assert_int_equal(how, REPAY_MATURITY);
    assert_int_equal(months, 120);
    assert_true(pwlb_repayment_series_parse("pwlb_repayment_eip_18m", &how, &months));
    assert_int_equal(how, REPAY_EIP);
    assert_int_equal(months, 18);
    assert_true(pwlb_repayment_series_parse("pwlb_repayment_annuity_50y", &how, &months));
    assert_int_equal(how, REPAY_ANNUITY);
    assert_false(pwlb_repayment_series_parse("pwlb_maturity_10y", &how, &months));
    assert_false(pwlb_repayment_series_parse("pwlb_repayment_bullet_10y", &how, &months));
    assert_false(pwlb_repayment_series_parse("pwlb_repayment_maturity_10", &how, &months));
    assert_false(pwlb_repayment_series_parse("pwlb_repayment_maturity_0y", &how, &months));
    assert_false(pwlb_repayment_series_parse("pwlb_repayment_maturity_10yx", &how, &months));
}

/* The rate for a remaining term, read off the curve of the loan's type. Repaid 02/10/1989 (the
 * DMO example's date) with maturity rates 1y 11.00 and 5y 13.00: the 1y term falls on 02/10/1990
 * (365 days), the 5y on 02/10/1994 (1826 days: 1992 is a leap year). The DMO loan matures
 * 18/09/1992, 1082 days on: 11 + 2 x (1082 - 365)/(1826 - 365) = 11 + 1434/1461 = 11.98151950...,
 * 11.981520 to a millionth. Under a year: the 1y rate; past five years: the 5y rate. */
static void test_curve(void **state)
{
    (void)state;
    struct pwlb_curves cv = {.date = DATE_NONE};
    rate_t got;
    assert_false(pwlb_curves_rate(&cv, REPAY_MATURITY, d("1989-10-02"), d("1992-09-18"), &got));
    assert_true(pwlb_curves_add(&cv, "pwlb_repayment_maturity_5y", r("13")));
    assert_true(pwlb_curves_add(&cv, "pwlb_repayment_maturity_1y", r("11")));
    assert_false(pwlb_curves_add(&cv, "pwlb_maturity_1y", r("4")));
    assert_true(pwlb_curves_rate(&cv, REPAY_MATURITY, d("1989-10-02"), d("1992-09-18"), &got));
    assert_int_equal(got, r("11.981520"));
    assert_true(pwlb_curves_rate(&cv, REPAY_MATURITY, d("1989-10-02"), d("1990-06-30"), &got));
    assert_int_equal(got, r("11"));
    assert_true(pwlb_curves_rate(&cv, REPAY_MATURITY, d("1989-10-02"), d("1990-10-02"), &got));
    assert_int_equal(got, r("11"));
    assert_true(pwlb_curves_rate(&cv, REPAY_MATURITY, d("1989-10-02"), d("2010-01-01"), &got));
    assert_int_equal(got, r("13"));
    /* another type has no curve of its own */
    assert_false(pwlb_curves_rate(&cv, REPAY_ANNUITY, d("1989-10-02"), d("1992-09-18"), &got));
    /* the example of pwlb_repay.h: 1y 4.00, 5y 5.00, 2026-12-06 to 2029-12-06: 4 + 731/1461 */
    struct pwlb_curves c2 = {.date = DATE_NONE};
    pwlb_curves_add(&c2, "pwlb_repayment_eip_1y", r("4"));
    pwlb_curves_add(&c2, "pwlb_repayment_eip_5y", r("5"));
    assert_true(pwlb_curves_rate(&c2, REPAY_EIP, d("2026-12-06"), d("2029-12-06"), &got));
    assert_int_equal(got, r("4.500342"));
    /* a term given again takes the later rate */
    pwlb_curves_add(&c2, "pwlb_repayment_eip_5y", r("6"));
    assert_int_equal(c2.n[REPAY_EIP], 2);
    assert_true(pwlb_curves_rate(&c2, REPAY_EIP, d("2026-12-06"), d("2040-01-01"), &got));
    assert_int_equal(got, r("6"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dmo_example), cmocka_unit_test(test_maturity_premium),
        cmocka_unit_test(test_annuity),     cmocka_unit_test(test_eip),
        cmocka_unit_test(test_edges),       cmocka_unit_test(test_series_names),
        cmocka_unit_test(test_curve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
