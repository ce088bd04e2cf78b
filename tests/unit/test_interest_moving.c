/* test_interest_moving.c: interest on an account whose balance moves (core/interest.h
 * interest_earned_moving) and the income of a fund without a rate (interest_income_movements),
 * against figures computed by hand (the working is in each test's comment). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/balance.h"
#include "core/date.h"
#include "core/interest.h"
#include "core/rate.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

static struct investment mmf(void)
{
    struct investment i = {.id = 7, .ref = "MMF-X", .type = INV_MMF, .principal = 100000000,
                           .start = d("2018-04-01"), .maturity = DATE_NONE, .notice_days = -1};
    rate_parse("0.5", &i.rate, NULL);
    return i;
}

/* MMF-X opens with £1,000,000 on 01/04/2018 at 0.50%; £500,000 paid in on 11/04, £1,200,000
 * drawn on 21/04 (an interest movement of another account is ignored, and so is a valuation).
 * April (nights 1-30): 10 nights at 1,000,000 + 10 at 1,500,000 + 10 at 300,000 = 28,000,000
 * pound-nights; x 0.005 / 365 = 383.5616... = £383.56 (on the opening balance alone it would be
 * 1,000,000 x 0.005 x 30/365 = £410.96); average balance 28,000,000 / 30 = £933,333.33.
 * 15-25 April (11 nights): 6 at 1,500,000 + 5 at 300,000 = 10,500,000; x 0.005/365 = £143.84. */
static void test_moving_balance(void **state)
{
    (void)state;
    struct investment i = mmf();
    struct movement m[] = {
        {7, d("2018-04-21"), MOVE_WITHDRAWAL, 120000000}, /* any order */
        {7, d("2018-04-11"), MOVE_DEPOSIT, 50000000},
        {8, d("2018-04-05"), MOVE_INTEREST, 99999999},
        {7, d("2018-04-15"), MOVE_VALUATION, 1},
    };
    money_t e;
    int64_t sum;
    assert_int_equal(interest_earned_moving(&i, m, 4, d("2018-04-01"), d("2018-04-30"), &e, &sum), 0);
    assert_int_equal(e, 38356);
    assert_int_equal(sum, 2800000000LL); /* pence x nights */
    assert_int_equal(interest_earned_moving(&i, m, 4, d("2018-04-15"), d("2018-04-25"), &e, NULL), 0);
    assert_int_equal(e, 14384);
    /* no movement of its own: the fixed-principal figure */
    money_t fixed;
    assert_int_equal(interest_earned_moving(&i, m + 2, 1, d("2018-04-01"), d("2018-04-30"), &e, NULL), 0);
    assert_int_equal(interest_earned(&i, d("2018-04-01"), d("2018-04-30"), &fixed), 0);
    assert_int_equal(e, fixed);
    assert_int_equal(e, 41096);
    /* a period before the account opened earns nothing */
    assert_int_equal(interest_earned_moving(&i, m, 4, d("2018-03-01"), d("2018-03-31"), &e, &sum), 0);
    assert_int_equal(e, 0);
    assert_int_equal(sum, 0);
}

/* A movement on the first night of the period counts from that night: a deposit of £1,000,000 on
 * 01/05 into MMF-X (balance 300,000 after April) gives May 31 nights at 1,300,000 = 40,300,000
 * pound-nights; x 0.005/365 = 552.0547... = £552.05. */
static void test_first_night(void **state)
{
    (void)state;
    struct investment i = mmf();
    struct movement m[] = {
        {7, d("2018-04-11"), MOVE_DEPOSIT, 50000000},
        {7, d("2018-04-21"), MOVE_WITHDRAWAL, 120000000},
        {7, d("2018-05-01"), MOVE_DEPOSIT, 100000000},
    };
    money_t e;
    assert_int_equal(interest_earned_moving(&i, m, 3, d("2018-05-01"), d("2018-05-31"), &e, NULL), 0);
    assert_int_equal(e, 55205);
}

/* A pooled fund without a rate: its income is its interest movements dated in the period
 * (£1,000.00 on 30/04 and £1,100.00 on 31/05): April £1,000.00, April-May £2,100.00; deposits
 * and valuations are not income. */
static void test_income_without_rate(void **state)
{
    (void)state;
    struct movement m[] = {
        {9, d("2018-04-30"), MOVE_INTEREST, 100000},
        {9, d("2018-05-31"), MOVE_INTEREST, 110000},
        {9, d("2018-05-15"), MOVE_DEPOSIT, 500000000},
        {9, d("2018-05-20"), MOVE_VALUATION, 600000000},
        {3, d("2018-04-30"), MOVE_INTEREST, 777},
    };
    money_t inc;
    assert_int_equal(interest_income_movements(9, m, 5, d("2018-04-01"), d("2018-04-30"), &inc), 0);
    assert_int_equal(inc, 100000);
    assert_int_equal(interest_income_movements(9, m, 5, d("2018-04-01"), d("2018-05-31"), &inc), 0);
    assert_int_equal(inc, 210000);
    assert_int_equal(interest_income_movements(9, m, 5, d("2018-06-01"), d("2018-06-30"), &inc), 0);
    assert_int_equal(inc, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moving_balance),
        cmocka_unit_test(test_first_night),
        cmocka_unit_test(test_income_without_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
