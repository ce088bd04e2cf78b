/* test_db_day.c: reading a date selected as its day number (DB_DAY: days since 1970-01-01, as
 * core/date.h counts) with db_parse_day, and refusing what is not one (an ISO date, which the
 * book's readers then parse as text). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "core/date.h"
#include "store/db.h"

static void day(const char *s, int32_t want)
{
    int32_t got = 12345;
    assert_true(db_parse_day(s, &got));
    assert_int_equal(got, want);
}

static void not_day(const char *s)
{
    int32_t got = 12345;
    assert_false(db_parse_day(s, &got));
    assert_int_equal(got, 12345);
}

static void test_day_numbers(void **state)
{
    (void)state;
    day("0", 0);
    day("-1", -1);
    day("20269", 20269);
    day("2147483647", INT32_MAX);
    day("-2147483648", INT32_MIN);
}

/* The number SQL's date - date '1970-01-01' gives is the date_t of the same day. */
static void test_same_as_iso(void **state)
{
    (void)state;
    const char *iso[] = {"1970-01-01", "2025-06-30", "1969-12-31", "2000-02-29", "2099-12-31", "1900-03-01"};
    for (size_t k = 0; k < sizeof iso / sizeof *iso; k++) {
        date_t d;
        char num[16];
        assert_true(date_parse(iso[k], &d, NULL));
        snprintf(num, sizeof num, "%d", (int)d);
        day(num, d);
        not_day(iso[k]);
    }
}

static void test_refused(void **state)
{
    (void)state;
    not_day("");
    not_day("-");
    not_day("12a");
    not_day(" 12");
    not_day("+12");
    not_day("2147483648");
    not_day("-2147483649");
    not_day("99999999999999999999");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_numbers),
        cmocka_unit_test(test_same_as_iso),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
