/* test_schedule.c: loan schedules (maturity, EIP, annuity), outstanding principal, LOBO options,
 * with figures computed by hand (the working is in the comments). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/schedule.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

static struct loan mk(enum loan_type type, enum repayment rep, money_t principal, rate_t rate,
                      const char *start, const char *maturity)
{
    struct loan l = {.type = type, .repayment = rep, .principal = principal, .rate = rate,
                     .start = d(start), .maturity = d(maturity), .option_date = DATE_NONE};
    return l;
}

#define POUNDS(x) ((money_t)(x) * 100)

/* £10m EIP over 10 years at 4.5%: 20 half-years, £500,000 each; interest on the balance before
 * each: 10,000,000 * 4.5/200 = 225,000.00, then 9,500,000 * 0.0225 = 213,750.00 ... the last
 * 500,000 * 0.0225 = 11,250.00. */
static void test_eip_10m_10y(void **state)
{
    (void)state;
    struct loan l = mk(LOAN_PWLB, REPAY_EIP, POUNDS(10000000), 4500000, "2010-03-31", "2020-03-31");
    struct instalment s[40];
    assert_int_equal(schedule_count(&l), 20);
    assert_int_equal(schedule_build(&l, s, 40), 20);
    char buf[DATE_BUFSZ];
    assert_string_equal(date_format_iso(s[0].date, buf), "2010-09-30"); /* 31 Sep clamps */
    assert_string_equal(date_format_iso(s[1].date, buf), "2011-03-31");
    assert_string_equal(date_format_iso(s[19].date, buf), "2020-03-31");
    for (int k = 0; k < 20; k++) {
        assert_int_equal(s[k].principal, POUNDS(500000));
        assert_int_equal(s[k].balance_after, POUNDS(10000000) - (k + 1) * POUNDS(500000));
    }
    assert_int_equal(s[0].interest, POUNDS(225000));
    assert_int_equal(s[1].interest, POUNDS(213750));
    assert_int_equal(s[19].interest, POUNDS(11250));
    assert_int_equal(s[19].balance_after, 0);
    /* too small a buffer is refused */
    assert_int_equal(schedule_build(&l, s, 19), -1);
}

/* EIP whose principal does not divide evenly: £1,000,000.01 over 18 months = 3 instalments of
 * 333,333.34 (rounded), the last takes the remainder 333,333.33. */
static void test_eip_remainder(void **state)
{
    (void)state;
    struct loan l = mk(LOAN_PWLB, REPAY_EIP, 100000001, 3000000, "2017-01-15", "2018-07-15");
    struct instalment s[3];
    assert_int_equal(schedule_build(&l, s, 3), 3);
    assert_int_equal(s[0].principal, 33333334);
    assert_int_equal(s[1].principal, 33333334);
    assert_int_equal(s[2].principal, 33333333);
    assert_int_equal(s[2].balance_after, 0);
}

/* Annuity: £1,000,000 at 5% over 2 years, i = 0.025, n = 4.
 * payment = 1,000,000 * 0.025 / (1 - 1.025^-4) = 265,817.8777... -> 265,817.88
 *   1: interest 25,000.00, principal 240,817.88, balance 759,182.12
 *   2: interest 759,182.12 * 0.025 = 18,979.553 -> 18,979.55, principal 246,838.33, bal 512,343.79
 *   3: interest 12,808.59475 -> 12,808.59, principal 253,009.29, balance 259,334.50
 *   4: interest 6,483.3625 -> 6,483.36, principal 259,334.50 (clears), payment 265,817.86 */
static void test_annuity(void **state)
{
    (void)state;
    struct loan l = mk(LOAN_PWLB, REPAY_ANNUITY, POUNDS(1000000), 5000000, "2016-04-01", "2018-04-01");
    struct instalment s[4];
    assert_int_equal(schedule_build(&l, s, 4), 4);
    const money_t interest[] = {2500000, 1897955, 1280859, 648336};
    const money_t principal[] = {24081788, 24683833, 25300929, 25933450};
    const money_t balance[] = {75918212, 51234379, 25933450, 0};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(s[k].interest, interest[k]);
        assert_int_equal(s[k].principal, principal[k]);
        assert_int_equal(s[k].balance_after, balance[k]);
    }
    for (int k = 0; k < 3; k++)
        assert_int_equal(s[k].interest + s[k].principal, 26581788); /* level payment */
    assert_int_equal(s[3].interest + s[3].principal, 26581786);
}

/* A 25-year annuity still clears to the penny, and payments stay level but for the last. */
static void test_annuity_long_clears(void **state)
{
    (void)state;
    struct loan l = mk(LOAN_PWLB, REPAY_ANNUITY, POUNDS(7345678) + 91, 4870000, "2005-11-30", "2030-11-30");
    struct instalment s[50];
    assert_int_equal(schedule_build(&l, s, 50), 50);
    money_t sum = 0;
    for (int k = 0; k < 50; k++)
        sum += s[k].principal;
    assert_int_equal(sum, l.principal);
    assert_int_equal(s[49].balance_after, 0);
    money_t level = s[0].principal + s[0].interest;
    for (int k = 1; k < 49; k++)
        assert_int_equal(s[k].principal + s[k].interest, level);
    /* the last payment differs from the level one by rounding only (a few pence) */
    money_t last = s[49].principal + s[49].interest;
    assert_true(last - level < 100 && level - last < 100);
    /* interest-free annuity: equal principal */
    struct loan z = mk(LOAN_OTHER, REPAY_ANNUITY, POUNDS(1200), 0, "2017-01-01", "2019-01-01");
    assert_int_equal(schedule_build(&z, s, 50), 4);
    assert_int_equal(s[0].principal, POUNDS(300));
    assert_int_equal(s[0].interest, 0);
}

/* Maturity loan: £5m PWLB at 6% for 3 years; interest 150,000.00 each half-year, all principal
 * at maturity. */
static void test_maturity(void **state)
{
    (void)state;
    struct loan l = mk(LOAN_PWLB, REPAY_MATURITY, POUNDS(5000000), 6000000, "2015-06-15", "2018-06-15");
    struct instalment s[6];
    assert_int_equal(schedule_build(&l, s, 6), 6);
    for (int k = 0; k < 5; k++) {
        assert_int_equal(s[k].principal, 0);
        assert_int_equal(s[k].interest, POUNDS(150000));
        assert_int_equal(s[k].balance_after, POUNDS(5000000));
    }
    assert_int_equal(s[5].principal, POUNDS(5000000));
    assert_int_equal(s[5].balance_after, 0);
}

/* A short loan has one instalment at maturity with ACT/365 interest:
 * £5m at 0.5% from 15/01/2018 to 16/04/2018 (91 days) = 5,000,000 * 0.005 * 91/365
 * = 6,232.876... -> 6,232.88. A 9-month loan has a half-year then a short period:
 * £2m at 1% from 2017-07-01: 10,000.00 on 2018-01-01, then 90 days to 2018-04-01:
 * 2,000,000 * 0.01 * 90/365 = 4,931.506... -> 4,931.51. */
static void test_short_periods(void **state)
{
    (void)state;
    struct loan l = mk(LOAN_TEMPORARY, REPAY_MATURITY, POUNDS(5000000), 500000, "2018-01-15", "2018-04-16");
    struct instalment s[2];
    assert_int_equal(schedule_count(&l), 1);
    assert_int_equal(schedule_build(&l, s, 1), 1);
    assert_int_equal(s[0].date, d("2018-04-16"));
    assert_int_equal(s[0].principal, POUNDS(5000000));
    assert_int_equal(s[0].interest, 623288);
    struct loan m = mk(LOAN_MARKET, REPAY_MATURITY, POUNDS(2000000), 1000000, "2017-07-01", "2018-04-01");
    assert_int_equal(schedule_build(&m, s, 2), 2);
    assert_int_equal(s[0].date, d("2018-01-01"));
    assert_int_equal(s[0].interest, POUNDS(10000));
    assert_int_equal(s[1].date, d("2018-04-01"));
    assert_int_equal(s[1].interest, 493151);
    assert_int_equal(s[1].principal, POUNDS(2000000));
}

/* Day-of-month clamping: each date is start + 6k months, never chained, so 31/08 gives 28/02
 * (29/02 in a leap year) and back to 31/08. */
static void test_day_clamping(void **state)
{
    (void)state;
    struct loan l = mk(LOAN_PWLB, REPAY_EIP, POUNDS(4000000), 2500000, "2017-08-31", "2019-08-31");
    struct instalment s[4];
    assert_int_equal(schedule_build(&l, s, 4), 4);
    assert_int_equal(s[0].date, d("2018-02-28"));
    assert_int_equal(s[1].date, d("2018-08-31"));
    assert_int_equal(s[2].date, d("2019-02-28"));
    assert_int_equal(s[3].date, d("2019-08-31"));
    struct loan leap = mk(LOAN_PWLB, REPAY_EIP, POUNDS(2000000), 2500000, "2019-08-31", "2020-08-31");
    assert_int_equal(schedule_build(&leap, s, 4), 2);
    assert_int_equal(s[0].date, d("2020-02-29"));
    assert_int_equal(s[1].date, d("2020-08-31"));
    /* a clamped date is still a full half-year: 2,000,000 * 2.5/200 = 25,000.00 */
    assert_int_equal(s[0].interest, POUNDS(25000));
}

/* Outstanding principal: P before the first instalment, less each instalment from its date on. */
static void test_outstanding(void **state)
{
    (void)state;
    struct loan l = mk(LOAN_PWLB, REPAY_EIP, POUNDS(10000000), 4500000, "2010-03-31", "2020-03-31");
    assert_int_equal(schedule_outstanding(&l, d("2010-03-31")), POUNDS(10000000));
    assert_int_equal(schedule_outstanding(&l, d("2010-09-29")), POUNDS(10000000));
    assert_int_equal(schedule_outstanding(&l, d("2010-09-30")), POUNDS(9500000));
    /* at 31/03/2018, 16 instalments have been paid: 10m - 16 * 0.5m = 2m */
    assert_int_equal(schedule_outstanding(&l, d("2018-03-31")), POUNDS(2000000));
    assert_int_equal(schedule_outstanding(&l, d("2018-03-30")), POUNDS(2500000));
    assert_int_equal(schedule_outstanding(&l, d("2020-03-31")), 0);
    assert_int_equal(schedule_outstanding(&l, d("2025-01-01")), 0);
    struct loan m = mk(LOAN_PWLB, REPAY_MATURITY, POUNDS(5000000), 6000000, "2015-06-15", "2018-06-15");
    assert_int_equal(schedule_outstanding(&m, d("2018-06-14")), POUNDS(5000000));
    assert_int_equal(schedule_outstanding(&m, d("2018-06-15")), 0);
    struct loan a = mk(LOAN_PWLB, REPAY_ANNUITY, POUNDS(1000000), 5000000, "2016-04-01", "2018-04-01");
    assert_int_equal(schedule_outstanding(&a, d("2017-04-01")), 51234379);
}

/* LOBO: first option 31/03/2018, then every 6 months (30/09, 31/03 ...) until maturity. */
static void test_lobo_next_option(void **state)
{
    (void)state;
    struct loan l = mk(LOAN_LOBO, REPAY_MATURITY, POUNDS(10000000), 4750000, "2008-03-31", "2058-03-31");
    l.option_date = d("2018-03-31");
    l.option_months = 6;
    assert_int_equal(lobo_next_option(&l, d("2017-01-01")), d("2018-03-31"));
    assert_int_equal(lobo_next_option(&l, d("2018-03-31")), d("2018-03-31")); /* today */
    assert_int_equal(lobo_next_option(&l, d("2018-04-01")), d("2018-09-30"));
    assert_int_equal(lobo_next_option(&l, d("2018-10-01")), d("2019-03-31"));
    assert_int_equal(lobo_next_option(&l, d("2040-05-05")), d("2040-09-30"));
    /* the last option date before maturity, then none */
    assert_int_equal(lobo_next_option(&l, d("2057-04-01")), d("2057-09-30"));
    assert_int_equal(lobo_next_option(&l, d("2057-10-01")), DATE_NONE);
    /* yearly options */
    l.option_months = 12;
    assert_int_equal(lobo_next_option(&l, d("2018-04-01")), d("2019-03-31"));
    /* not a LOBO */
    struct loan p = mk(LOAN_PWLB, REPAY_MATURITY, POUNDS(1), 1, "2008-03-31", "2058-03-31");
    assert_int_equal(lobo_next_option(&p, d("2018-03-31")), DATE_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eip_10m_10y),   cmocka_unit_test(test_eip_remainder),
        cmocka_unit_test(test_annuity),       cmocka_unit_test(test_annuity_long_clears),
        cmocka_unit_test(test_maturity),      cmocka_unit_test(test_short_periods),
        cmocka_unit_test(test_day_clamping),  cmocka_unit_test(test_outstanding),
        cmocka_unit_test(test_lobo_next_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
