/* test_cash_low.c: the low point of a forecast (core/cash_low.h) against figures worked by hand.
 * Opening £600,000 (the close of 31 March), minimum £500,000, over 1..10 April 2026:
 *   1, 2 Apr  600,000
 *   3 Apr     -150,000 -> 450,000 (below)      4 Apr  450,000 (below)
 *   5 Apr     +100,000 -> 550,000              6, 7 Apr 550,000
 *   8 Apr     -200,000 -> 350,000 (below)      9 Apr  +300,000 -> 650,000; 10 Apr 650,000
 * So the lowest is £350,000 on 8 April, 3 days below, 2 days covered (1 and 2 April), a
 * shortfall of £150,000. Flows of 31 March and 11 April are outside and ignored. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/cash_low.h"

#define GBP(x) ((money_t)(x) * 100)

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

static void add(struct cash_flows *fs, const char *date, money_t amount)
{
    struct cash_flow f = {.date = d(date), .source = CASH_FORECAST, .amount = amount};
    assert_int_equal(cash_flows_add(fs, &f), 0);
}

static struct cash_flows april(void)
{
    struct cash_flows fs = {0};
    add(&fs, "2026-03-31", GBP(-999999));
    add(&fs, "2026-04-03", GBP(-150000));
    add(&fs, "2026-04-05", GBP(100000));
    add(&fs, "2026-04-08", GBP(-200000));
    add(&fs, "2026-04-09", GBP(300000));
    add(&fs, "2026-04-11", GBP(-999999));
    return fs;
}

static void test_below_minimum(void **state)
{
    (void)state;
    struct cash_flows fs = april();
    struct cash_low low;
    assert_int_equal(cash_low_point(d("2026-04-01"), d("2026-04-10"), GBP(600000), GBP(500000), &fs, &low), 0);
    assert_int_equal(low.lowest, GBP(350000));
    assert_int_equal(low.lowest_date, d("2026-04-08"));
    assert_int_equal(low.days_below, 3);
    assert_int_equal(low.days_covered, 2);
    assert_int_equal(low.shortfall, GBP(150000));
    cash_flows_free(&fs);
}

/* With no minimum every day is covered and nothing is short; the low point is the same. */
static void test_no_minimum(void **state)
{
    (void)state;
    struct cash_flows fs = april();
    struct cash_low low;
    assert_int_equal(cash_low_point(d("2026-04-01"), d("2026-04-10"), GBP(600000), 0, &fs, &low), 0);
    assert_int_equal(low.lowest, GBP(350000));
    assert_int_equal(low.days_below, 0);
    assert_int_equal(low.days_covered, 10);
    assert_int_equal(low.shortfall, 0);
    cash_flows_free(&fs);
}

/* A flat balance: the low point is the first day; the opening itself below the minimum leaves
 * no day covered. One day only; from after to is refused. */
static void test_flat_and_bad(void **state)
{
    (void)state;
    struct cash_flows fs = {0};
    struct cash_low low;
    assert_int_equal(cash_low_point(d("2026-04-01"), d("2026-04-03"), GBP(100), GBP(200), &fs, &low), 0);
    assert_int_equal(low.lowest_date, d("2026-04-01"));
    assert_int_equal(low.days_covered, 0);
    assert_int_equal(low.days_below, 3);
    assert_int_equal(low.shortfall, GBP(100));
    assert_int_equal(cash_low_point(d("2026-04-02"), d("2026-04-01"), 0, 0, &fs, &low), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_below_minimum),
        cmocka_unit_test(test_no_minimum),
        cmocka_unit_test(test_flat_and_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
