/* test_date.c: civil dates: parsing, leap years, month arithmetic, financial years. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"

static date_t d(const char *s)
{
    date_t out;
    const char *why;
    assert_true(date_parse(s, &out, &why));
    return out;
}

static const char *iso(date_t x)
{
    static char buf[4][DATE_BUFSZ];
    static int i;
    i = (i + 1) % 4;
    return date_format_iso(x, buf[i]);
}

static void test_parse_and_format(void **state)
{
    (void)state;
    assert_int_equal(d("1970-01-01"), 0);
    assert_int_equal(d("1970-01-02"), 1);
    assert_int_equal(d("1969-12-31"), -1);
    assert_int_equal(d("2018-03-31"), d("31/03/2018"));
    assert_int_equal(d(" 2018-03-31 "), d("2018-03-31"));
    assert_string_equal(iso(d("31/03/2018")), "2018-03-31");
    char buf[DATE_BUFSZ];
    assert_string_equal(date_format_uk(d("2018-02-05"), buf), "05/02/2018");
    /* 2000-01-01 is day 10957 since 1970 (30 years, 7 leap days) */
    assert_int_equal(d("2000-01-01"), 10957);
}

static void test_refusals(void **state)
{
    (void)state;
    date_t out = 99;
    const char *why;
    assert_false(date_parse("2018-02-29", &out, &why));
    assert_string_equal(why, "no such day");
    assert_false(date_parse("31/04/2018", &out, &why));
    assert_false(date_parse("2018-13-01", &out, &why));
    assert_false(date_parse("2018-00-10", &out, &why));
    assert_false(date_parse("2018-3-31", &out, &why));
    assert_false(date_parse("31/3/2018", &out, &why));
    assert_false(date_parse("2018/03/31", &out, &why));
    assert_false(date_parse("", &out, &why));
    assert_false(date_parse("2018-03-31x", &out, &why));
    assert_false(date_parse("2018-03-31 12:00", &out, &why));
    assert_false(date_parse("1899-12-31", &out, &why));
    assert_int_equal(out, 99);
}

static void test_leap_years(void **state)
{
    (void)state;
    assert_true(date_is_leap_year(2000));
    assert_false(date_is_leap_year(1900));
    assert_true(date_is_leap_year(2024));
    assert_false(date_is_leap_year(2023));
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2100, 2), 28);
    assert_int_equal(d("2024-02-29") + 1, d("2024-03-01"));
    /* days between: a leap year has 366 */
    assert_int_equal(d("2025-01-01") - d("2024-01-01"), 366);
    assert_int_equal(d("2024-01-01") - d("2023-01-01"), 365);
}

static void test_add_months(void **state)
{
    (void)state;
    assert_string_equal(iso(date_add_months(d("2018-01-31"), 1)), "2018-02-28");
    assert_string_equal(iso(date_add_months(d("2024-01-31"), 1)), "2024-02-29");
    assert_string_equal(iso(date_add_months(d("2018-03-31"), 6)), "2018-09-30");
    assert_string_equal(iso(date_add_months(d("2018-08-31"), 6)), "2019-02-28");
    assert_string_equal(iso(date_add_months(d("2018-01-15"), 12)), "2019-01-15");
    assert_string_equal(iso(date_add_months(d("2018-03-31"), -1)), "2018-02-28");
    assert_string_equal(iso(date_add_months(d("2018-01-10"), -13)), "2016-12-10");
    assert_string_equal(iso(date_add_months(d("2017-04-01"), 600)), "2067-04-01");
}

static void test_months_between(void **state)
{
    (void)state;
    assert_int_equal(date_months_between(d("2018-01-31"), d("2018-02-28")), 1);
    assert_int_equal(date_months_between(d("2018-01-15"), d("2018-02-14")), 0);
    assert_int_equal(date_months_between(d("2018-01-15"), d("2018-02-15")), 1);
    assert_int_equal(date_months_between(d("2008-04-01"), d("2018-04-01")), 120);
    assert_int_equal(date_months_between(d("2018-04-01"), d("2018-04-01")), 0);
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(date_weekday(d("1970-01-01")), 4); /* Thursday */
    assert_int_equal(date_weekday(d("2018-03-31")), 6); /* Saturday */
    assert_int_equal(date_weekday(d("2018-04-02")), 1); /* Monday */
    assert_int_equal(date_weekday(d("1969-12-28")), 7); /* Sunday */
}

static void test_financial_year(void **state)
{
    (void)state;
    assert_int_equal(date_financial_year(d("2018-03-31")), 2017);
    assert_int_equal(date_financial_year(d("2018-04-01")), 2018);
    assert_int_equal(date_financial_year(d("2018-01-01")), 2017);
    assert_string_equal(iso(date_fy_start(2017)), "2017-04-01");
    assert_string_equal(iso(date_fy_end(2017)), "2018-03-31");
    /* FY 2019/20 contains 29 Feb 2020: 366 days */
    assert_int_equal(date_fy_end(2019) - date_fy_start(2019) + 1, 366);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_format), cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_leap_years),       cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_months_between),   cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_financial_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
