/* test_calendar.c: England and Wales holidays by rule (checked against GOV.UK's published
 * dates), the feed winning where it covers a year, business days, modified following, and the
 * series averaging rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/calendar.h"
#include "core/series.h"

static date_t d(const char *iso)
{
    date_t out;
    assert_true(date_parse(iso, &out, NULL));
    return out;
}

/* The year's built-in holidays as "MM-DD MM-DD ...". */
static const char *year_list(int y, char *buf, size_t n)
{
    struct holiday h[CALENDAR_YEAR_MAX];
    int k = calendar_rule_year(y, h);
    buf[0] = '\0';
    for (int i = 0; i < k; i++) {
        char iso[DATE_BUFSZ];
        date_format_iso(h[i].date, iso);
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", i ? " " : "", iso + 5);
    }
    return buf;
}

static void test_easter(void **state)
{
    (void)state;
    assert_int_equal(calendar_easter(2018), d("2018-04-01"));
    assert_int_equal(calendar_easter(2019), d("2019-04-21"));
    assert_int_equal(calendar_easter(2024), d("2024-03-31"));
    assert_int_equal(calendar_easter(2025), d("2025-04-20"));
    assert_int_equal(calendar_easter(2038), d("2038-04-25")); /* the latest possible */
}

static void test_rule_years(void **state)
{
    (void)state;
    char b[256];
    /* GOV.UK's England and Wales lists */
    assert_string_equal(year_list(2015, b, sizeof b),
                        "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28");
    assert_string_equal(year_list(2016, b, sizeof b),
                        "01-01 03-25 03-28 05-02 05-30 08-29 12-26 12-27");
    assert_string_equal(year_list(2017, b, sizeof b),
                        "01-02 04-14 04-17 05-01 05-29 08-28 12-25 12-26");
    assert_string_equal(year_list(2018, b, sizeof b),
                        "01-01 03-30 04-02 05-07 05-28 08-27 12-25 12-26");
    assert_string_equal(year_list(2020, b, sizeof b),
                        "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28");
    assert_string_equal(year_list(2021, b, sizeof b),
                        "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28");
    assert_string_equal(year_list(2022, b, sizeof b),
                        "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27");
    assert_string_equal(year_list(2023, b, sizeof b),
                        "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26");
    assert_string_equal(year_list(2024, b, sizeof b),
                        "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26");
    assert_string_equal(year_list(2026, b, sizeof b),
                        "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28");
    struct holiday h[CALENDAR_YEAR_MAX];
    calendar_rule_year(2022, h);
    assert_string_equal(h[7].title, "Bank Holiday for the State Funeral of Queen Elizabeth II");
    calendar_rule_year(2016, h);
    assert_string_equal(h[0].title, "New Year\xE2\x80\x99s Day");
    assert_true(h[0].builtin);
}

static void test_business_days(void **state)
{
    (void)state;
    struct calendar cal = {NULL, 0};
    /* Friday 2022-09-16 -> Tuesday 20th (Monday 19th the State Funeral) */
    assert_int_equal(calendar_next_business_day(&cal, d("2022-09-16")), d("2022-09-20"));
    /* Wednesday 2022-06-01 -> Monday 6 June (Jubilee Thursday and Friday) */
    assert_int_equal(calendar_next_business_day(&cal, d("2022-06-01")), d("2022-06-06"));
    /* Christmas Eve 2021 (Friday) -> Wednesday 29th */
    assert_int_equal(calendar_next_business_day(&cal, d("2021-12-24")), d("2021-12-29"));
    /* strictly after: a business day moves on */
    assert_int_equal(calendar_next_business_day(&cal, d("2018-03-27")), d("2018-03-28"));
    /* Maundy Thursday 2018 -> Tuesday after Easter */
    assert_int_equal(calendar_next_business_day(&cal, d("2018-03-29")), d("2018-04-03"));
    assert_false(calendar_is_business_day(&cal, d("2023-05-08")));
    assert_true(calendar_is_business_day(&cal, d("2023-05-09")));
    assert_int_equal(calendar_following(&cal, d("2023-05-09")), d("2023-05-09"));
    /* modified following: Saturday 2018-03-31 would roll into April, so back to Thursday 29th
     * (Good Friday 30th is a holiday) */
    assert_int_equal(calendar_modified_following(&cal, d("2018-03-31")), d("2018-03-29"));
    /* within the month it is plain following: Saturday 2018-03-17 -> Monday 19th */
    assert_int_equal(calendar_modified_following(&cal, d("2018-03-17")), d("2018-03-19"));
}

static void test_feed_wins(void **state)
{
    (void)state;
    /* a feed year with an extra made-up holiday and without the summer one */
    struct holiday feed[] = {
        {d("2030-01-01"), "New Year’s Day", false},
        {d("2030-07-01"), "A one-off", false},
    };
    struct calendar cal = {feed, 2};
    assert_true(calendar_feed_covers(&cal, 2030));
    assert_false(calendar_feed_covers(&cal, 2029));
    assert_false(calendar_is_business_day(&cal, d("2030-07-01")));
    assert_true(calendar_is_business_day(&cal, d("2030-08-26"))); /* not in the feed's year */
    assert_false(calendar_is_business_day(&cal, d("2029-08-27"))); /* built-in year */
    struct holiday out[32];
    int n = calendar_holidays(&cal, d("2029-12-01"), d("2030-12-31"), out, 32);
    assert_int_equal(n, 4); /* 2029-12-25, 2029-12-26 built in; the feed's two */
    assert_int_equal(out[0].date, d("2029-12-25"));
    assert_true(out[0].builtin);
    assert_int_equal(out[3].date, d("2030-07-01"));
    assert_false(out[3].builtin);
    assert_int_equal(calendar_holidays(&cal, d("2015-01-01"), d("2026-12-31"), out, 2), 99); /* 12 years of 8, two more in 2022, one in 2023 */
}

static void test_series_average(void **state)
{
    (void)state;
    date_t dates[] = {d("2018-07-31"), d("2018-08-02"), d("2018-08-10")};
    rate_t vals[] = {500000, 750000, 1000000};
    rate_t avg = 0;
    /* (0.50 + 0.75 * 3) / 4 = 0.6875 */
    assert_true(series_average(dates, vals, 3, d("2018-08-01"), d("2018-08-04"), &avg));
    assert_int_equal(avg, 687500);
    /* one day on an observation */
    assert_true(series_average(dates, vals, 3, d("2018-08-10"), d("2018-08-10"), &avg));
    assert_int_equal(avg, 1000000);
    /* 2018-07-31..2018-08-12: 0.5*2 + 0.75*8 + 1.0*3 = 10.0 over 13 days = 0.769230769 */
    assert_true(series_average(dates, vals, 3, d("2018-07-31"), d("2018-08-12"), &avg));
    assert_int_equal(avg, 769231);
    /* nothing on or before from */
    assert_false(series_average(dates, vals, 3, d("2018-07-30"), d("2018-08-12"), &avg));
    assert_false(series_average(dates, vals, 3, d("2018-08-12"), d("2018-08-01"), &avg));
}

/* calendar_holiday_on remembers the last year's rules (per thread): asking across years in
 * turn, back and forth, gives each day the answer of that day's own year, with its title. */
static void test_holiday_years_in_turn(void **state)
{
    (void)state;
    const char *days[] = {"2022-12-27", "2023-05-08", "2022-06-02", "2023-12-26",
                          "2022-06-03", "2027-12-28", "2023-05-01", "2022-12-26"};
    const char *want[] = {"Christmas Day", "coronation", "Spring bank holiday", "Boxing Day",
                          "Platinum Jubilee", "Boxing Day", "Early May bank holiday", "Boxing Day"};
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
            struct holiday scratch;
            const struct holiday *h = calendar_holiday_on(NULL, d(days[i]), &scratch);
            assert_non_null(h);
            assert_non_null(strstr(h->title, want[i]));
        }
    struct holiday scratch;
    assert_null(calendar_holiday_on(NULL, d("2022-12-28"), &scratch)); /* a Wednesday, no holiday */
    assert_null(calendar_holiday_on(NULL, d("2023-05-09"), &scratch));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_easter),       cmocka_unit_test(test_rule_years),
        cmocka_unit_test(test_business_days), cmocka_unit_test(test_feed_wins),
        cmocka_unit_test(test_series_average), cmocka_unit_test(test_holiday_years_in_turn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
