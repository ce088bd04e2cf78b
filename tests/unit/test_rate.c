/* test_rate.c: exact rates, ACT/365F and half-yearly interest, weighted average rates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/rate.h"
#include "core/rating.h"

static rate_t r(const char *s)
{
    rate_t out;
    assert_true(rate_parse(s, &out, NULL));
    return out;
}

static void test_parse_format(void **state)
{
    (void)state;
    char buf[RATE_BUFSZ];
    assert_int_equal(r("6.3722"), 6372200);
    assert_int_equal(r("0.5%"), 500000);
    assert_int_equal(r("5"), 5000000);
    assert_int_equal(r("-0.1"), -100000);
    assert_int_equal(r("4.123456"), 4123456);
    assert_int_equal(r(".75"), 750000);
    rate_t out;
    assert_false(rate_parse("4.1234567", &out, NULL));
    assert_false(rate_parse("abc", &out, NULL));
    assert_false(rate_parse("", &out, NULL));
    assert_false(rate_parse("2000", &out, NULL));
    assert_string_equal(rate_format(6372200, 4, buf), "6.3722");
    assert_string_equal(rate_format(6372250, 4, buf), "6.3723"); /* half away from zero */
    assert_string_equal(rate_format(-6372250, 4, buf), "-6.3723");
    assert_string_equal(rate_format(500000, 2, buf), "0.50");
    assert_string_equal(rate_format(5000000, 0, buf), "5");
    assert_string_equal(rate_format(-40, 4, buf), "0.0000");
}

static void test_interest_act365(void **state)
{
    (void)state;
    money_t out;
    /* £1,000,000 at 0.5% for 365 days = £5,000.00 */
    assert_true(interest_act365(100000000, r("0.5"), 365, &out));
    assert_int_equal(out, 500000);
    /* £5,000,000 at 0.75% for 92 days = 5e6*0.0075*92/365 = 9452.054794... -> £9,452.05 */
    assert_true(interest_act365(500000000, r("0.75"), 92, &out));
    assert_int_equal(out, 945205);
    /* £1,000 at 1.825% for 1 day = 0.05 exactly; at 1.8249% = 0.049997 -> 0.05 */
    assert_true(interest_act365(100000, r("1.825"), 1, &out));
    assert_int_equal(out, 5);
    /* £100 at 0.9125% for 1 day = 0.0025 -> 0.00; at 1.825% x 1 day on £100 = 0.005 -> 0.01 */
    assert_true(interest_act365(10000, r("0.9125"), 1, &out));
    assert_int_equal(out, 0);
    assert_true(interest_act365(10000, r("1.825"), 1, &out));
    assert_int_equal(out, 1);
    /* leap year: 366 days still divides by 365 */
    assert_true(interest_act365(36500000, r("1"), 366, &out));
    assert_int_equal(out, 366000);
}

static void test_interest_half_year(void **state)
{
    (void)state;
    money_t out;
    /* PWLB £10m at 4.5%: half-year interest £225,000.00 */
    assert_true(interest_half_year(1000000000, r("4.5"), &out));
    assert_int_equal(out, 22500000);
    /* £333,333.33 at 3.33% = 5549.9999...45 -> 5550.00 */
    assert_true(interest_half_year(33333333, r("3.33"), &out));
    assert_int_equal(out, 555000);
}

static void test_weighted_average(void **state)
{
    (void)state;
    struct rate_avg a = {0};
    /* £10m at 6.0% and £8m at 6.8% -> (60+54.4)/18 = 6.355556% */
    rate_avg_add(&a, 1000000000, r("6.0"));
    rate_avg_add(&a, 800000000, r("6.8"));
    assert_int_equal(rate_avg_value(&a), 6355556);
    struct rate_avg empty = {0};
    assert_int_equal(rate_avg_value(&empty), 0);
}

static void test_rating_scale(void **state)
{
    (void)state;
    assert_int_equal(rating_notch(AGENCY_FITCH, TERM_LONG, "AAA"), 1);
    assert_int_equal(rating_notch(AGENCY_MOODYS, TERM_LONG, "Aa3"), 4);
    assert_int_equal(rating_notch(AGENCY_SP, TERM_LONG, "AA-"), 4);
    assert_int_equal(rating_notch(AGENCY_MOODYS, TERM_LONG, "Baa3"), 10);
    assert_int_equal(rating_notch(AGENCY_SP, TERM_LONG, "SD"), 22);
    assert_int_equal(rating_notch(AGENCY_FITCH, TERM_LONG, "Aa3"), 0); /* wrong scale */
    assert_int_equal(rating_notch(AGENCY_FITCH, TERM_SHORT, "F1+"), 1);
    assert_int_equal(rating_notch(AGENCY_MOODYS, TERM_SHORT, "P-1"), 1);
    assert_int_equal(rating_notch(AGENCY_SP, TERM_SHORT, "A-2"), 3);
    assert_int_equal(rating_notch(AGENCY_MOODYS, TERM_SHORT, "P-2"), 3);
    assert_int_equal(rating_long_notch_any("A1"), 5);
    assert_int_equal(rating_long_notch_any("A+"), 5);
    assert_string_equal(rating_long_symbol(4), "AA-");
    assert_string_equal(rating_long_symbol(0), "?");
    char buf[256];
    rating_valid_list(AGENCY_MOODYS, TERM_SHORT, buf, sizeof buf);
    assert_string_equal(buf, "P-1, P-2, P-3, NP");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_format),       cmocka_unit_test(test_interest_act365),
        cmocka_unit_test(test_interest_half_year), cmocka_unit_test(test_weighted_average),
        cmocka_unit_test(test_rating_scale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
