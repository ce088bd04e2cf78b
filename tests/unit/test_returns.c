/* test_returns.c: the average balance and average return of deposits (core/returns.h), with
 * figures worked by hand, the rounding of core/money.h (half away from zero) at a tie, and the
 * cases that have no figure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/returns.h"

/* The outturn fixture (tests/fixtures/reports/views/interest.json), over 2017/18 (365 days):
 * £5m held 148 nights earning £17,232.88 and £10m held 279 nights earning £68,794.52.
 *   weight  = 500,000,000p x 148 + 1,000,000,000p x 279 = 74,000,000,000 + 279,000,000,000
 *           = 353,000,000,000 pence-nights
 *   balance = 353,000,000,000 / 365 = 967,123,287.67p -> 967,123,288p = £9,671,232.88
 *   earned  = 1,723,288p + 6,879,452p = 8,602,740p
 *   return  = 8,602,740 x 365 x 100 x 1,000,000 / 353,000,000,000
 *           = 3,140,000,100,000,000,000 / 353,000,000,000 = 889,518.41 -> 889,518 = 0.889518% */
static void test_outturn_fixture(void **state)
{
    (void)state;
    struct deposit_return a = {0};
    deposit_return_add(&a, 500000000, 148, 1723288);
    deposit_return_add(&a, 1000000000, 279, 6879452);
    money_t balance = 0;
    rate_t ret = 0;
    assert_true(deposit_return_value(&a, 365, &balance, &ret));
    assert_int_equal(a.weight, 353000000000LL);
    assert_int_equal(a.earned, 8602740);
    assert_int_equal(balance, 967123288);
    assert_int_equal(ret, 889518);
}

/* Ties round half away from zero, once per figure.
 * £1.00 held 3 nights over 8 days: 300 / 8 = 37.5p -> 38p.
 * £146m held 1 night, earning -1p (a negative rate) over 1 day: return
 * -1 x 36,500,000,000 / 14,600,000,000 = -2.5 millionths -> -3 (away from zero). */
static void test_ties_round_away_from_zero(void **state)
{
    (void)state;
    struct deposit_return a = {0};
    money_t balance = 0;
    rate_t ret = 0;
    deposit_return_add(&a, 100, 3, 0);
    assert_true(deposit_return_value(&a, 8, &balance, &ret));
    assert_int_equal(balance, 38);
    assert_int_equal(ret, 0);

    struct deposit_return b = {0};
    deposit_return_add(&b, 14600000000LL, 1, -1);
    assert_true(deposit_return_value(&b, 1, &balance, &ret));
    assert_int_equal(balance, 14600000000LL);
    assert_int_equal(ret, -3);
}

/* Nothing held, a period of no days, or an overflow: no figure, outputs untouched. */
static void test_no_figure(void **state)
{
    (void)state;
    money_t balance = 7;
    rate_t ret = 9;
    struct deposit_return a = {0};
    assert_false(deposit_return_value(&a, 365, &balance, &ret));
    deposit_return_add(&a, 500000000, 0, 0); /* held no night of the period */
    assert_false(deposit_return_value(&a, 365, &balance, &ret));
    deposit_return_add(&a, 500000000, 10, 100);
    assert_false(deposit_return_value(&a, 0, &balance, &ret));
    struct deposit_return big = {0};
    deposit_return_add(&big, MONEY_MAX / 2, 3, 0); /* principal x nights overflows */
    assert_true(big.overflow);
    assert_false(deposit_return_value(&big, 365, &balance, &ret));
    assert_int_equal(balance, 7);
    assert_int_equal(ret, 9);
}

/* Compounded SONIA from the index (IUDZOS2): (end / start - 1) x 365 / days.
 * 126.1234 to 126.8765 over 91 days: 0.7531 / 126.1234 x 365 / 91 x 100
 *   = 753,100 x 36,500,000,000 / (126,123,400 x 91) = 27,488,150,000,000,000 / 11,477,229,400
 *   = 2,395,016.17 -> 2,395,016 = 2.395016%.
 * 100 to 101 over 365 days is exactly 1%. 100 to 100.000025 over 2 days: 25 x 36,500,000,000
 * / 200,000,000 = 4,562.5 -> 4,563 (half away from zero); the index falling gives -4,563. */
static void test_sonia_compounded(void **state)
{
    (void)state;
    rate_t r = 0;
    assert_true(sonia_compounded(126123400, 126876500, 91, &r));
    assert_int_equal(r, 2395016);
    assert_true(sonia_compounded(100000000, 101000000, 365, &r));
    assert_int_equal(r, 1000000);
    assert_true(sonia_compounded(100000000, 100000025, 2, &r));
    assert_int_equal(r, 4563);
    assert_true(sonia_compounded(100000025, 100000000, 2, &r));
    assert_int_equal(r, -4562); /* -25 x 36.5e9 / 200,000,050 = -4,562.49...: not a tie */
    r = 9;
    assert_false(sonia_compounded(0, 101000000, 365, &r));
    assert_false(sonia_compounded(100000000, 101000000, 0, &r));
    assert_false(sonia_compounded(MONEY_MAX / 2, MONEY_MAX / 2, 365, &r)); /* start x days overflows */
    assert_int_equal(r, 9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outturn_fixture),
        cmocka_unit_test(test_ties_round_away_from_zero),
        cmocka_unit_test(test_no_figure),
        cmocka_unit_test(test_sonia_compounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
