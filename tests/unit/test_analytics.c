/* test_analytics.c: WAM, maturity structure, liquidity, sums over 364 days, credit score,
 * interest and indicator status, each pinned to figures computed by hand (working in comments). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "core/creditscore.h"
#include "core/indicators.h"
#include "core/interest.h"
#include "core/liquidity.h"
#include "core/maturity.h"
#include "core/rating.h"
#include "core/wam.h"

#define POUNDS(x) ((money_t)(x) * 100)
#define M(x) POUNDS((x) * 1000000LL)

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

static struct investment inv(enum inv_type t, money_t p, const char *start, const char *maturity,
                             int notice)
{
    struct investment i = {.type = t, .principal = p, .rate = 750000, .start = d(start),
                           .maturity = maturity ? d(maturity) : DATE_NONE, .notice_days = notice};
    return i;
}

static struct loan loan(enum loan_type t, enum repayment r, money_t p, const char *start,
                        const char *maturity)
{
    struct loan l = {.type = t, .repayment = r, .principal = p, .rate = 4500000,
                     .start = d(start), .maturity = d(maturity), .option_date = DATE_NONE};
    return l;
}

static double r2(double v)
{
    return round(v * 100.0) / 100.0;
}

/* The check of domain.md: £5m maturing in 10 days and £15m in 30 days: (5x10 + 15x30) / 20 =
 * 500 / 20 = 25.00 days. */
static void test_wam_check(void **state)
{
    (void)state;
    struct investment v[] = {inv(INV_FIXED, M(5), "2018-01-01", "2018-04-10", -1),
                             inv(INV_FIXED, M(15), "2018-02-01", "2018-04-30", -1)};
    struct wam_result w;
    assert_int_equal(wam_compute(v, 2, d("2018-03-31"), &w), 0);
    assert_int_equal(w.overall.count, 2);
    assert_int_equal(w.overall.principal, M(20));
    assert_true(r2(wam_days(&w.overall)) == 25.00);
    assert_true(r2(wam_days(&w.by_type[INV_FIXED])) == 25.00);
}

/* As at 31/03/2018: the two deals above, a £10m notice account (95 days), £2m call, £3m MMF,
 * £7m pooled fund (apart), £9m maturing on the as-of date (repaid: out) and £4m starting on
 * 02/04/2018 (not yet: out). Overall (5x10 + 15x30 + 10x95 + 2x0 + 3x0) / 35 = 1450 / 35 =
 * 41.428... -> 41.43 days. */
static void test_wam_types_and_edges(void **state)
{
    (void)state;
    struct investment v[] = {
        inv(INV_FIXED, M(5), "2018-01-01", "2018-04-10", -1),
        inv(INV_FIXED, M(15), "2018-02-01", "2018-04-30", -1),
        inv(INV_NOTICE, M(10), "2017-06-01", NULL, 95),
        inv(INV_CALL, M(2), "2017-06-01", NULL, -1),
        inv(INV_MMF, M(3), "2018-03-31", NULL, -1), /* started on the as-of date: counts */
        inv(INV_POOLED, M(7), "2015-01-01", NULL, 30),
        inv(INV_FIXED, M(9), "2017-03-31", "2018-03-31", -1),
        inv(INV_FIXED, M(4), "2018-04-02", "2018-10-02", -1),
    };
    struct wam_result w;
    assert_int_equal(wam_compute(v, 8, d("2018-03-31"), &w), 0);
    assert_int_equal(w.overall.count, 5);
    assert_int_equal(w.overall.principal, M(35));
    assert_true(r2(wam_days(&w.overall)) == 41.43);
    assert_int_equal(w.by_type[INV_FIXED].count, 2);
    assert_int_equal(w.by_type[INV_NOTICE].principal, M(10));
    assert_true(r2(wam_days(&w.by_type[INV_NOTICE])) == 95.00);
    assert_int_equal(w.by_type[INV_CALL].count, 1);
    assert_true(wam_days(&w.by_type[INV_MMF]) == 0);
    assert_int_equal(w.by_type[INV_POOLED].count, 0);
    assert_int_equal(w.pooled.count, 1);
    assert_int_equal(w.pooled.principal, M(7));
    /* a day later the £5m has 9 days left: (45 + 435 + 950) / 35 = 40.857 -> 40.86; the £4m
     * has not started yet */
    assert_int_equal(wam_compute(v, 8, d("2018-04-01"), &w), 0);
    assert_true(r2(wam_days(&w.overall)) == 40.86);
}

/* Liquidity at 31/03/2018: call £2m + MMF £3m + notice 32 days £4m + fixed maturing in 90 days
 * (29/06/2018) £6m = £15m; the notice account of 95 days, the deal maturing in 91 days and the
 * pooled fund are not within 3 months. */
static void test_liquidity(void **state)
{
    (void)state;
    struct investment v[] = {
        inv(INV_CALL, M(2), "2017-06-01", NULL, -1),
        inv(INV_MMF, M(3), "2017-06-01", NULL, -1),
        inv(INV_NOTICE, M(4), "2017-06-01", NULL, 32),
        inv(INV_NOTICE, M(10), "2017-06-01", NULL, 95),
        inv(INV_FIXED, M(6), "2018-01-01", "2018-06-29", -1),
        inv(INV_FIXED, M(8), "2018-01-01", "2018-06-30", -1),
        inv(INV_POOLED, M(20), "2015-01-01", NULL, 1),
    };
    money_t m;
    assert_int_equal(liquidity_within_3m(v, 7, d("2018-03-31"), &m), 0);
    assert_int_equal(m, M(15));
}

/* Over 364 days at 31/03/2018: £8m maturing 31/03/2019 (365 days left) counts; £6m maturing
 * 30/03/2019 (364 days) does not; a 400-day notice account of £1m counts: £9m. */
static void test_over_364(void **state)
{
    (void)state;
    struct investment v[] = {
        inv(INV_FIXED, M(8), "2017-03-31", "2019-03-31", -1),
        inv(INV_FIXED, M(6), "2017-03-31", "2019-03-30", -1),
        inv(INV_NOTICE, M(1), "2017-03-31", NULL, 400),
        inv(INV_POOLED, M(25), "2015-01-01", NULL, 400),
    };
    money_t m;
    assert_int_equal(invested_over_364_days(v, 4, d("2018-03-31"), &m), 0);
    assert_int_equal(m, M(9));
}

/* The borrowing book of the maturity tests, as at 31/03/2018:
 *   L1 £10m maturing 31/12/2018                     9 months
 *   L2 £20m maturing 31/03/2019                     12 months exactly: 12m_24m
 *   L3 £5m LOBO, options every 60 months from 31/03/2013: one falls on 31/03/2018 (today)
 *   L4 £10m EIP 31/03/2016-31/03/2026: £500k each half-year, 4 paid by 31/03/2018, £8m left:
 *      30/09/2018 (6 months), 31/03/2019 and 30/09/2019 (12, 18), 6 more to 30/09/2022
 *      (24..54), 7 more to 31/03/2026 (60..96)
 *   L5 £50m maturing 31/03/2048
 *   L6 £100m starting 01/04/2018 (not yet borrowed), L7 £7m repaid on 31/03/2018 */
static int book(struct loan *v)
{
    v[0] = loan(LOAN_PWLB, REPAY_MATURITY, M(10), "2008-12-31", "2018-12-31");
    v[1] = loan(LOAN_PWLB, REPAY_MATURITY, M(20), "2009-03-31", "2019-03-31");
    v[2] = loan(LOAN_LOBO, REPAY_MATURITY, M(5), "2008-03-31", "2060-03-31");
    v[2].option_date = d("2013-03-31");
    v[2].option_months = 60;
    v[3] = loan(LOAN_PWLB, REPAY_EIP, M(10), "2016-03-31", "2026-03-31");
    v[4] = loan(LOAN_PWLB, REPAY_MATURITY, M(50), "2008-03-31", "2048-03-31");
    v[5] = loan(LOAN_MARKET, REPAY_MATURITY, M(100), "2018-04-01", "2028-04-01");
    v[6] = loan(LOAN_TEMPORARY, REPAY_MATURITY, M(7), "2017-09-30", "2018-03-31");
    v[6].variable = true;
    return 7;
}

/* From 31/03/2018: under_12m 10 + 5 + 0.5 = 15.5; 12m_24m 20 + 1 = 21; 24m_5y 3; 5y_10y 3.5;
 * 10y_plus 50; total 93. Shares 16.67, 22.58, 3.23, 3.76, 53.76 (sum 100.00). */
static void test_maturity_structure(void **state)
{
    (void)state;
    struct loan v[7];
    int n = book(v);
    struct strategy s;
    strategy_defaults(&s);
    struct maturity_result m;
    assert_int_equal(maturity_structure(v, n, d("2018-03-31"), DATE_NONE, &s, &m), 0);
    assert_int_equal(m.total, M(93));
    assert_int_equal(m.nbands, 5);
    assert_int_equal(m.band[0], POUNDS(15500000));
    assert_int_equal(m.band[1], M(21));
    assert_int_equal(m.band[2], M(3));
    assert_int_equal(m.band[3], POUNDS(3500000));
    assert_int_equal(m.band[4], M(50));
    assert_true(r2(m.percent[0]) == 16.67);
    assert_true(r2(m.percent[1]) == 22.58);
    assert_true(r2(m.percent[2]) == 3.23);
    assert_true(r2(m.percent[3]) == 3.76);
    assert_true(r2(m.percent[4]) == 53.76);
}

/* The same loans outstanding at 31/03/2018 measured from 01/04/2017, as reports do: L1 is 20
 * months away, L2 23 months, the LOBO's option (31/03/2018) 11 months; the EIP instalments
 * fall 17, 23 | 29 .. 59 | 65 .. 107 months away. under_12m 5; 12m_24m 10 + 20 + 1 = 31;
 * 24m_5y 3; 5y_10y 4; 10y_plus 50. */
static void test_maturity_reference_date(void **state)
{
    (void)state;
    struct loan v[7];
    int n = book(v);
    struct strategy s;
    strategy_defaults(&s);
    struct maturity_result m;
    assert_int_equal(maturity_structure(v, n, d("2018-03-31"), d("2017-04-01"), &s, &m), 0);
    assert_int_equal(m.total, M(93));
    assert_int_equal(m.band[0], M(5));
    assert_int_equal(m.band[1], M(31));
    assert_int_equal(m.band[2], M(3));
    assert_int_equal(m.band[3], M(4));
    assert_int_equal(m.band[4], M(50));
    assert_true(r2(m.percent[1]) == 33.33);
}

/* Finer bands: 0-6, 6-12, 12+ months. From 31/03/2018: L1 (9 months) and the EIP's 30/09/2018
 * instalment (6 months) in 6-12; the LOBO (today) in 0-6: 5 | 10.5 | 77.5. */
static void test_maturity_finer_bands(void **state)
{
    (void)state;
    struct loan v[7];
    int n = book(v);
    struct strategy s;
    strategy_defaults(&s);
    struct maturity_band b[] = {{"m0_6", 0, 6, 0, 10000}, {"m6_12", 6, 12, 0, 10000},
                                {"m12_plus", 12, -1, 0, 10000}};
    memcpy(s.bands, b, sizeof b);
    s.nbands = 3;
    struct maturity_result m;
    assert_int_equal(maturity_structure(v, n, d("2018-03-31"), DATE_NONE, &s, &m), 0);
    assert_int_equal(m.band[0], M(5));
    assert_int_equal(m.band[1], POUNDS(10500000));
    assert_int_equal(m.band[2], POUNDS(77500000));
}

/* An annuity of £1m at 4% over 2 years from 31/03/2017: i = 0.02, level payment
 * 1,000,000 x 0.02 / (1 - 1.02^-4) = 262,623.75. Principal: 242,623.75 (30/09/2017), then
 * 262,623.75 - 15,147.53 = 247,476.22, then 262,623.75 - 10,198.00 = 252,425.75, and the last
 * clears 257,474.28. At 30/09/2017 (first paid that day) £757,376.25 is owed: 31/03/2018 (6
 * months) under_12m; 30/09/2018 (12 months) and 31/03/2019 (18) 12m_24m: 509,900.03.
 * A LOBO whose last option date before maturity (31/03/2018) has passed counts at maturity. */
static void test_maturity_annuity_and_spent_lobo(void **state)
{
    (void)state;
    struct loan v[2];
    v[0] = loan(LOAN_MARKET, REPAY_ANNUITY, M(1), "2017-03-31", "2019-03-31");
    v[0].rate = 4000000;
    v[1] = loan(LOAN_LOBO, REPAY_MATURITY, M(2), "2008-03-31", "2020-03-31");
    v[1].option_date = d("2013-03-31");
    v[1].option_months = 60;
    struct strategy s;
    strategy_defaults(&s);
    struct maturity_result m;
    assert_int_equal(maturity_structure(v, 1, d("2017-09-30"), DATE_NONE, &s, &m), 0);
    assert_int_equal(m.total, 75737625);
    assert_int_equal(m.band[0], 24747622);
    assert_int_equal(m.band[1], 50990003);
    /* on 31/03/2018 the LOBO's option is today: first band; a day later none is left before
     * maturity (the next would be 2023): it counts at 31/03/2020, 23 months away */
    assert_int_equal(maturity_structure(v + 1, 1, d("2018-03-31"), DATE_NONE, &s, &m), 0);
    assert_int_equal(m.band[0], M(2));
    assert_int_equal(maturity_structure(v + 1, 1, d("2018-04-01"), DATE_NONE, &s, &m), 0);
    assert_int_equal(m.band[0], 0);
    assert_int_equal(m.band[1], M(2));
}

/* Debt at 31/03/2018: 10 + 20 + 5 + 8 + 50 = £93m (L6 not started, L7 repaid today); with £2m
 * of other long-term liabilities external debt is £95m. PWLB: 4 loans, £88m. */
static void test_debt_summary(void **state)
{
    (void)state;
    struct loan v[7];
    int n = book(v);
    struct debt_summary s;
    assert_int_equal(debt_summary_compute(v, n, d("2018-03-31"), M(2), &s), 0);
    assert_int_equal(s.loans, M(93));
    assert_int_equal(s.external_debt, M(95));
    assert_int_equal(s.by_type[LOAN_PWLB].count, 4);
    assert_int_equal(s.by_type[LOAN_PWLB].principal, M(88));
    assert_int_equal(s.by_type[LOAN_LOBO].count, 1);
    assert_int_equal(s.by_type[LOAN_TEMPORARY].count, 0);
    assert_int_equal(rate_avg_value(&s.by_type[LOAN_PWLB].avg), 4500000);
    /* a day earlier L7 (variable) is still owed, and the EIP's 31/03/2018 instalment is not yet
     * paid (£8.5m): variable loans £7m, fixed 10 + 20 + 5 + 8.5 + 50 = £93.5m */
    assert_int_equal(debt_summary_compute(v, n, d("2018-03-30"), 0, &s), 0);
    assert_int_equal(s.variable_loans, M(7));
    assert_int_equal(s.fixed_loans, POUNDS(93500000));
}

/* £10m AA- (notch 4) for 100 days, £30m A (6) for 10 days, £5m MMF AAA (1) same day, £2m unrated:
 * value-weighted (40 + 180 + 5) / 45 = 5.00 -> A+; time-weighted (10x4x100 + 30x6x10 + 0) /
 * (10x100 + 30x10) = 5800 / 1300 = 4.46 -> AA-. */
static void test_credit_score(void **state)
{
    (void)state;
    struct investment v[] = {
        inv(INV_FIXED, M(10), "2018-01-01", "2018-07-09", -1),
        inv(INV_FIXED, M(30), "2018-01-01", "2018-04-10", -1),
        inv(INV_MMF, M(5), "2018-01-01", NULL, -1),
        inv(INV_FIXED, M(2), "2018-01-01", "2018-04-10", -1),
    };
    int notch[] = {4, 6, 1, 0};
    struct credit_score cs;
    assert_int_equal(credit_score_compute(v, notch, 4, d("2018-03-31"), &cs), 0);
    assert_int_equal(cs.count, 3);
    assert_int_equal(cs.rated, M(45));
    assert_int_equal(cs.unrated, M(2));
    assert_true(r2(cs.value_weighted) == 5.00);
    assert_int_equal(cs.value_notch, 5);
    assert_string_equal(rating_long_symbol(cs.value_notch), "A+");
    assert_true(r2(cs.time_weighted) == 4.46);
    assert_string_equal(rating_long_symbol(cs.time_notch), "AA-");
    assert_int_equal(credit_score_notch(4.49), 4);
    assert_int_equal(credit_score_notch(4.5), 5);
}

/* £5m at 0.75% from 01/01/2018 to 03/04/2018 (92 nights):
 *   earned in March 2018: 31 nights, 5,000,000 x 0.75% x 31/365 = 3,184.93
 *   accrued at 31/03/2018: 89 nights, 37,500 x 89/365 = 9,143.84
 *   receivable in April 2018: paid at maturity, 37,500 x 92/365 = 9,452.05
 * £10m PWLB maturity loan at 4.5%: 225,000.00 each half-year, two in 2017/18: 450,000.00. */
static void test_interest(void **state)
{
    (void)state;
    struct investment i = inv(INV_FIXED, M(5), "2018-01-01", "2018-04-03", -1);
    money_t m;
    assert_int_equal(interest_nights(&i, d("2018-03-01"), d("2018-03-31")), 31);
    assert_int_equal(interest_earned(&i, d("2018-03-01"), d("2018-03-31"), &m), 0);
    assert_int_equal(m, 318493);
    assert_int_equal(interest_accrued(&i, d("2018-03-31"), &m), 0);
    assert_int_equal(m, 914384);
    assert_int_equal(interest_receivable(&i, d("2018-04-01"), d("2018-04-30"), &m), 0);
    assert_int_equal(m, 945205);
    assert_int_equal(interest_receivable(&i, d("2018-03-01"), d("2018-03-31"), &m), 0);
    assert_int_equal(m, 0);
    /* the deal's last night is 02/04: April earns 2 nights = 37,500 x 2/365 = 205.48 */
    assert_int_equal(interest_earned(&i, d("2018-04-01"), d("2018-04-30"), &m), 0);
    assert_int_equal(m, 20548);
    struct loan l = loan(LOAN_PWLB, REPAY_MATURITY, M(10), "2010-03-31", "2020-03-31");
    assert_int_equal(interest_payable(&l, d("2017-04-01"), d("2018-03-31"), &m), 0);
    assert_int_equal(m, POUNDS(450000));
    struct interest_summary sum;
    assert_int_equal(interest_period(&i, 1, &l, 1, d("2018-03-01"), d("2018-03-31"), &sum), 0);
    assert_int_equal(sum.earned, 318493);
    assert_int_equal(sum.receivable, 0);
    assert_int_equal(sum.payable, POUNDS(225000));
}

static void test_status(void **state)
{
    (void)state;
    struct opt_money lim = {false, POUNDS(100)}, none = {true, 0}, floor10 = {false, M(10)};
    assert_int_equal(ind_status_ceiling(8999, lim, 9000), IND_OK);
    assert_int_equal(ind_status_ceiling(9000, lim, 9000), IND_WARNING);
    assert_int_equal(ind_status_ceiling(10000, lim, 9000), IND_WARNING);
    assert_int_equal(ind_status_ceiling(10001, lim, 9000), IND_BREACH);
    assert_int_equal(ind_status_ceiling(M(999), none, 9000), IND_OK);
    struct opt_money zero = {false, 0};
    assert_int_equal(ind_status_ceiling(-M(236), zero, 9000), IND_OK);
    assert_int_equal(ind_status_ceiling(1, zero, 9000), IND_BREACH);
    /* floor £10m at 90%: warning up to 10 / 0.9 = £11.11m */
    assert_int_equal(ind_status_floor(POUNDS(11120000), floor10, 9000), IND_OK);
    assert_int_equal(ind_status_floor(POUNDS(11110000), floor10, 9000), IND_WARNING);
    assert_int_equal(ind_status_floor(POUNDS(9990000), floor10, 9000), IND_BREACH);
    /* band 5% - 40%: warning from 36% up, and down from 5.55% */
    assert_int_equal(ind_status_band(4001, 500, 4000, 9000), IND_BREACH);
    assert_int_equal(ind_status_band(3600, 500, 4000, 9000), IND_WARNING);
    assert_int_equal(ind_status_band(3599, 500, 4000, 9000), IND_OK);
    assert_int_equal(ind_status_band(556, 500, 4000, 9000), IND_OK);
    assert_int_equal(ind_status_band(555, 500, 4000, 9000), IND_WARNING);
    assert_int_equal(ind_status_band(499, 500, 4000, 9000), IND_BREACH);
    assert_int_equal(ind_status_band(10000, 0, 10000, 9000), IND_OK);
    assert_int_equal(ind_status_band(0, 0, 2000, 9000), IND_OK);
    /* score at most A- (7): 6.30 warns, 7.01 breaches */
    assert_int_equal(ind_status_score(6.29, 7, 9000), IND_OK);
    assert_int_equal(ind_status_score(6.30, 7, 9000), IND_WARNING);
    assert_int_equal(ind_status_score(7.00, 7, 9000), IND_WARNING);
    assert_int_equal(ind_status_score(7.01, 7, 9000), IND_BREACH);
    assert_string_equal(ind_status_name(IND_BREACH), "breach");
}

/* The whole set for the maturity book and a few deposits, as at 31/03/2018, strategy: authorised
 * £120m, operational £100m (external debt £93m >= 90: warning), over 364 days £5m (£8m: breach),
 * under_12m at most 15% (16.67: breach), 10y_plus 50-95% (53.76 <= 55.56: warning). Rate
 * exposure: fixed loans £93m less fixed deposits £14m = £79m; variable £0 less £5m call = -£5m. */
static void test_indicator_set(void **state)
{
    (void)state;
    struct loan l[7];
    int nl = book(l);
    struct investment v[] = {
        inv(INV_FIXED, M(8), "2017-03-31", "2019-03-31", -1),
        inv(INV_FIXED, M(6), "2018-01-01", "2018-06-29", -1),
        inv(INV_CALL, M(5), "2017-06-01", NULL, -1),
    };
    struct strategy s;
    strategy_defaults(&s);
    s.authorised_limit = (struct opt_money){false, M(120)};
    s.operational_boundary = (struct opt_money){false, M(100)};
    s.invested_over_364_days = (struct opt_money){false, M(5)};
    s.bands[0].upper_bp = 1500;
    s.bands[4].lower_bp = 5000;
    s.bands[4].upper_bp = 9500;
    struct indicator_set set;
    assert_int_equal(indicators_compute(&s, v, 3, l, nl, d("2018-03-31"), DATE_NONE, NULL, &set), 0);
    assert_int_equal(set.n, 3 + 5 + 3);
    assert_string_equal(set.v[0].code, "authorised_limit");
    assert_int_equal(set.v[0].actual, M(93));
    assert_int_equal(set.v[0].status, IND_OK);
    assert_int_equal(set.v[1].status, IND_WARNING);
    assert_string_equal(set.v[2].code, "invested_over_364_days");
    assert_int_equal(set.v[2].actual, M(8));
    assert_int_equal(set.v[2].status, IND_BREACH);
    assert_string_equal(set.v[3].code, "maturity_structure.under_12m");
    assert_int_equal(set.v[3].status, IND_BREACH);
    assert_int_equal(set.v[4].status, IND_OK);
    assert_string_equal(set.v[7].code, "maturity_structure.10y_plus");
    assert_int_equal(set.v[7].status, IND_WARNING);
    assert_string_equal(set.v[8].code, "fixed_rate_exposure");
    assert_int_equal(set.v[8].actual, M(79));
    assert_int_equal(set.v[9].actual, -M(5));
    assert_string_equal(set.v[10].code, "liquidity");
    assert_int_equal(set.v[10].actual, M(11));
    int notch[] = {4, 6, 1};
    assert_int_equal(indicators_compute(&s, v, 3, l, nl, d("2018-03-31"), DATE_NONE, notch, &set), 0);
    assert_int_equal(set.n, 13);
    assert_string_equal(set.v[11].code, "credit_score.value_weighted");
    /* (8x4 + 6x6 + 5x1) / 19 = 73 / 19 = 3.84 */
    assert_true(r2(set.v[11].score) == 3.84);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wam_check),
        cmocka_unit_test(test_wam_types_and_edges),
        cmocka_unit_test(test_liquidity),
        cmocka_unit_test(test_over_364),
        cmocka_unit_test(test_maturity_structure),
        cmocka_unit_test(test_maturity_reference_date),
        cmocka_unit_test(test_maturity_finer_bands),
        cmocka_unit_test(test_maturity_annuity_and_spent_lobo),
        cmocka_unit_test(test_debt_summary),
        cmocka_unit_test(test_credit_score),
        cmocka_unit_test(test_interest),
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_indicator_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
