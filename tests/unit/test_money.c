/* test_money.c: parsing, formatting and checked arithmetic of pence, with hand-computed figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/money.h"

static money_t parse_ok(const char *s)
{
    money_t m = 0;
    const char *why = NULL;
    assert_true(money_parse(s, &m, &why));
    return m;
}

static void parse_refused(const char *s, const char *reason)
{
    money_t m = 12345;
    const char *why = NULL;
    assert_false(money_parse(s, &m, &why));
    assert_int_equal(m, 12345); /* untouched */
    assert_non_null(why);
    if (reason)
        assert_string_equal(why, reason);
}

static void test_parse_forms(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("5000000"), 500000000);
    assert_int_equal(parse_ok("5000000.00"), 500000000);
    assert_int_equal(parse_ok("5,000,000.00"), 500000000);
    assert_int_equal(parse_ok("£5,000,000"), 500000000);
    assert_int_equal(parse_ok(" 12.5 "), 1250);
    assert_int_equal(parse_ok("0.01"), 1);
    assert_int_equal(parse_ok("0"), 0);
    assert_int_equal(parse_ok("-1,234.56"), -123456);
    assert_int_equal(parse_ok("-£0.99"), -99);
    assert_int_equal(parse_ok("999"), 99900);
}

static void test_parse_refusals(void **state)
{
    (void)state;
    parse_refused("5,00O", NULL);
    parse_refused("", "empty");
    parse_refused("   ", "empty");
    parse_refused("£", "empty");
    parse_refused("1.234", "more than two decimal places");
    parse_refused("5,0000", "thousands separators are misplaced");
    parse_refused("50,00,000", "thousands separators are misplaced");
    parse_refused(",500", "thousands separators are misplaced");
    parse_refused("12.", "no digits after the decimal point");
    parse_refused("1e6", "unexpected character");
    parse_refused("5m", "unexpected character");
    parse_refused("--5", "no digits");
    parse_refused("99999999999999999999", "amount is too large");
}

static void test_largest_amounts(void **state)
{
    (void)state;
    /* INT64_MAX pence is 92,233,720,368,547,758.07; the parser keeps a margin below it. */
    money_t m = parse_ok("92,233,720,368,547,000.00");
    assert_int_equal(m, 9223372036854700000LL);
    parse_refused("92233720368547758.08", "amount is too large");
    money_t out = 7;
    assert_false(money_add(MONEY_MAX, 1, &out));
    assert_int_equal(out, 7);
    assert_false(money_sub(MONEY_MIN, 1, &out));
    assert_false(money_mul(MONEY_MAX / 2 + 1, 2, &out));
    assert_true(money_add(MONEY_MAX - 1, 1, &out));
    assert_int_equal(out, MONEY_MAX);
}

static void test_format(void **state)
{
    (void)state;
    char buf[MONEY_BUFSZ];
    assert_string_equal(money_format(500000000, MONEY_PLAIN, buf), "5000000.00");
    assert_string_equal(money_format(500000000, MONEY_GROUPED, buf), "5,000,000.00");
    assert_string_equal(money_format(500000000, MONEY_GROUPED | MONEY_POUND, buf), "£5,000,000.00");
    assert_string_equal(money_format(-123456, MONEY_GROUPED | MONEY_POUND, buf), "-£1,234.56");
    assert_string_equal(money_format(5, MONEY_PLAIN, buf), "0.05");
    assert_string_equal(money_format(-5, MONEY_PLAIN, buf), "-0.05");
    assert_string_equal(money_format(100000, MONEY_GROUPED, buf), "1,000.00");
    assert_string_equal(money_format(99999, MONEY_GROUPED, buf), "999.99");
    assert_string_equal(money_format(MONEY_MAX, MONEY_GROUPED, buf), "92,233,720,368,547,758.07");
    assert_string_equal(money_format(MONEY_MIN, MONEY_PLAIN, buf), "-92233720368547758.07");
}

static void test_round_trip(void **state)
{
    (void)state;
    static const money_t values[] = {0, 1, 99, 100, 123456789, -42, 26300000000LL};
    char buf[MONEY_BUFSZ];
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        assert_int_equal(parse_ok(money_format(values[i], MONEY_PLAIN, buf)), values[i]);
        assert_int_equal(parse_ok(money_format(values[i], MONEY_GROUPED | MONEY_POUND, buf)), values[i]);
    }
}

static void test_muldiv_rounding(void **state)
{
    (void)state;
    money_t out;
    /* 0.005 rounds away from zero: 1 penny * 1/2 = 0.5p -> 1p; -0.5p -> -1p */
    assert_true(money_muldiv(1, 1, 2, &out));
    assert_int_equal(out, 1);
    assert_true(money_muldiv(-1, 1, 2, &out));
    assert_int_equal(out, -1);
    /* 0.4999p -> 0p */
    assert_true(money_muldiv(4999, 1, 10000, &out));
    assert_int_equal(out, 0);
    /* 1/3 of £100 = £33.33; 2/3 = £66.67 */
    assert_true(money_muldiv(10000, 1, 3, &out));
    assert_int_equal(out, 3333);
    assert_true(money_muldiv(10000, 2, 3, &out));
    assert_int_equal(out, 6667);
    /* negative denominator */
    assert_true(money_muldiv(10000, 2, -3, &out));
    assert_int_equal(out, -6667);
    assert_false(money_muldiv(1, 1, 0, &out));
    /* the intermediate product may exceed int64 without harm */
    assert_true(money_muldiv(MONEY_MAX, 1000, 1000, &out));
    assert_int_equal(out, MONEY_MAX);
    assert_false(money_muldiv(MONEY_MAX, 3, 2, &out));
}

static void test_accumulate(void **state)
{
    (void)state;
    money_t sum = 0;
    assert_true(money_accumulate(&sum, 150));
    assert_true(money_accumulate(&sum, -50));
    assert_int_equal(sum, 100);
    sum = MONEY_MAX;
    assert_false(money_accumulate(&sum, 1));
    assert_int_equal(sum, MONEY_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms),     cmocka_unit_test(test_parse_refusals),
        cmocka_unit_test(test_largest_amounts), cmocka_unit_test(test_format),
        cmocka_unit_test(test_round_trip),      cmocka_unit_test(test_muldiv_rounding),
        cmocka_unit_test(test_accumulate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
