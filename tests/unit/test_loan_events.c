/* test_loan_events.c: a loan as at a date after its repayments and LOBO options, and its schedule
 * with them (core/loan_events.h), with figures computed by hand (the working is in comments). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/loan_events.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

#define POUNDS(x) ((money_t)(x) * 100)

static struct loan mk(enum loan_type type, enum repayment rep, money_t principal, rate_t rate)
{
    struct loan l = {.type = type, .repayment = rep, .principal = principal, .rate = rate,
                     .start = d("2010-03-31"), .maturity = d("2020-03-31"), .option_date = DATE_NONE};
    return l;
}

/* No events: the loan and its schedule are exactly as they were. */
static void test_no_events_unchanged(void **state)
{
    (void)state;
    struct loan l = mk(LOAN_PWLB, REPAY_EIP, POUNDS(10000000), 4500000), now;
    assert_true(loan_as_at(&l, d("2015-01-01"), &now));
    assert_int_equal(now.principal, l.principal);
    assert_int_equal(now.rate, l.rate);
    assert_int_equal(now.maturity, l.maturity);
    struct instalment a[20], b[20];
    assert_int_equal(schedule_build(&l, a, 20), 20);
    assert_int_equal(loan_schedule_build(&l, b, 20), 20);
    for (int k = 0; k < 20; k++) {
        assert_int_equal(a[k].date, b[k].date);
        assert_int_equal(a[k].principal, b[k].principal);
        assert_int_equal(a[k].interest, b[k].interest);
    }
}

/* £10m maturity loan at 4%, £4m repaid on 15/06/2015: outstanding £10m the day before, £6m from
 * that day; interest on 31/03/2015 is 10,000,000 x 2% = 200,000.00, on 30/09/2015 6,000,000 x 2% =
 * 120,000.00, and the final instalment repays £6m. */
static void test_partial_repayment_maturity(void **state)
{
    (void)state;
    struct loan_event ev[] = {{.date = d("2015-06-15"), .kind = LOAN_EV_REPAID, .amount = POUNDS(4000000)}};
    struct loan l = mk(LOAN_PWLB, REPAY_MATURITY, POUNDS(10000000), 4000000), now;
    l.events = ev;
    l.nevents = 1;
    assert_true(loan_as_at(&l, d("2015-06-14"), &now));
    assert_int_equal(schedule_outstanding(&now, d("2015-06-14")), POUNDS(10000000));
    assert_true(loan_as_at(&l, d("2015-06-15"), &now));
    assert_int_equal(schedule_outstanding(&now, d("2015-06-15")), POUNDS(6000000));
    assert_int_equal(now.rate, 4000000);
    struct instalment s[20];
    assert_int_equal(loan_schedule_build(&l, s, 20), 20);
    assert_int_equal(s[9].date, d("2015-03-31"));
    assert_int_equal(s[9].interest, POUNDS(200000));
    assert_int_equal(s[10].interest, POUNDS(120000));
    assert_int_equal(s[19].principal, POUNDS(6000000));
    assert_int_equal(loan_schedule_build(&l, s, 19), -1);
}

/* £10m EIP over 10 years at 4.5% (£500,000 each half-year), £2,250,000 repaid on 01/04/2015 when
 * £5m was outstanding: the rest scales by 2.75/5 = 0.55, so principal' = £5.5m and each later
 * instalment repays £275,000; outstanding £2.75m; interest on 30/09/2015 = 2,750,000 x 2.25% =
 * 61,875.00. */
static void test_partial_repayment_eip(void **state)
{
    (void)state;
    struct loan_event ev[] = {{.date = d("2015-04-01"), .kind = LOAN_EV_REPAID, .amount = POUNDS(2250000)}};
    struct loan l = mk(LOAN_PWLB, REPAY_EIP, POUNDS(10000000), 4500000), now;
    l.events = ev;
    l.nevents = 1;
    assert_true(loan_as_at(&l, d("2015-04-01"), &now));
    assert_int_equal(now.principal, POUNDS(5500000));
    assert_int_equal(schedule_outstanding(&now, d("2015-04-01")), POUNDS(2750000));
    struct instalment s[20];
    assert_int_equal(loan_schedule_build(&l, s, 20), 20);
    assert_int_equal(s[9].principal, POUNDS(500000)); /* 31/03/2015, before the repayment */
    assert_int_equal(s[10].principal, POUNDS(275000));
    assert_int_equal(s[10].interest, 6187500);
}

/* A LOBO at 4.5% whose lender sets 5% from 31/03/2015: the instalment that day is for the half-year
 * before it (10,000,000 x 2.25% = 225,000.00), the next at 5% (250,000.00). */
static void test_rate_change(void **state)
{
    (void)state;
    struct loan_event ev[] = {{.date = d("2015-03-31"), .kind = LOAN_EV_RATE_CHANGE, .rate = 5000000}};
    struct loan l = mk(LOAN_LOBO, REPAY_MATURITY, POUNDS(10000000), 4500000), now;
    l.events = ev;
    l.nevents = 1;
    assert_true(loan_as_at(&l, d("2015-03-30"), &now));
    assert_int_equal(now.rate, 4500000);
    assert_true(loan_as_at(&l, d("2015-03-31"), &now));
    assert_int_equal(now.rate, 5000000);
    assert_int_equal(schedule_outstanding(&now, d("2015-03-31")), POUNDS(10000000));
    struct instalment s[20];
    assert_int_equal(loan_schedule_build(&l, s, 20), 20);
    assert_int_equal(s[9].interest, POUNDS(225000));
    assert_int_equal(s[10].interest, POUNDS(250000));
}

/* Repaid at par on 31/03/2015, or repaid in whole: gone from that date; the schedule keeps the
 * instalments up to and including that day (10 of them) and nothing after. */
static void test_gone(void **state)
{
    (void)state;
    struct loan_event par[] = {{.date = d("2015-03-31"), .kind = LOAN_EV_REPAID_AT_PAR}};
    struct loan_event whole[] = {{.date = d("2015-03-31"), .kind = LOAN_EV_REPAID, .amount = POUNDS(10000000)}};
    const struct loan_event *cases[] = {par, whole};
    for (int c = 0; c < 2; c++) {
        struct loan l = mk(LOAN_LOBO, REPAY_MATURITY, POUNDS(10000000), 4500000), now;
        l.events = cases[c];
        l.nevents = 1;
        assert_true(loan_as_at(&l, d("2015-03-30"), &now));
        assert_false(loan_as_at(&l, d("2015-03-31"), &now));
        assert_false(loan_as_at(&l, d("2019-01-01"), &now));
        struct instalment s[20];
        assert_int_equal(loan_schedule_build(&l, s, 20), 10);
        assert_int_equal(s[9].date, d("2015-03-31"));
        assert_int_equal(s[9].principal, 0);
    }
}

/* Events in order: a rate change then a partial repayment then another rate change. */
static void test_several(void **state)
{
    (void)state;
    struct loan_event ev[] = {
        {.date = d("2012-03-31"), .kind = LOAN_EV_RATE_CHANGE, .rate = 5000000},
        {.date = d("2013-01-10"), .kind = LOAN_EV_REPAID, .amount = POUNDS(1000000)},
        {.date = d("2014-03-31"), .kind = LOAN_EV_RATE_CHANGE, .rate = 5500000},
    };
    struct loan l = mk(LOAN_LOBO, REPAY_MATURITY, POUNDS(10000000), 4500000), now;
    l.events = ev;
    l.nevents = 3;
    assert_true(loan_as_at(&l, d("2013-06-30"), &now));
    assert_int_equal(now.rate, 5000000);
    assert_int_equal(schedule_outstanding(&now, d("2013-06-30")), POUNDS(9000000));
    assert_true(loan_as_at(&l, d("2014-03-31"), &now));
    assert_int_equal(now.rate, 5500000);
    assert_int_equal(schedule_outstanding(&now, d("2014-03-31")), POUNDS(9000000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_events_unchanged), cmocka_unit_test(test_partial_repayment_maturity),
        cmocka_unit_test(test_partial_repayment_eip), cmocka_unit_test(test_rate_change),
        cmocka_unit_test(test_gone),                cmocka_unit_test(test_several),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
