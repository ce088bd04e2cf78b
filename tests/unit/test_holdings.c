/* test_holdings.c: which investments are held at a date, and their days to maturity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/holdings.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

static struct investment inv(enum inv_type t, const char *start, const char *maturity, int notice)
{
    struct investment v = {.type = t, .principal = 100, .start = d(start),
                           .maturity = maturity ? d(maturity) : DATE_NONE, .notice_days = notice,
                           .status = DEAL_CONFIRMED};
    return v;
}

static void test_held(void **state)
{
    (void)state;
    date_t a = d("2018-03-31");
    struct investment f = inv(INV_FIXED, "2018-01-01", "2018-04-10", -1);
    assert_true(investment_held(&f, a));
    assert_int_equal(investment_days(&f, a), 10);
    /* maturing on the as-of date: repaid that day, not held */
    struct investment m = inv(INV_FIXED, "2017-09-30", "2018-03-31", -1);
    assert_false(investment_held(&m, a));
    assert_true(investment_held(&m, d("2018-03-30")));
    assert_int_equal(investment_days(&m, d("2018-03-30")), 1);
    /* starting on the as-of date: held; the day after: not yet */
    struct investment s = inv(INV_FIXED, "2018-03-31", "2018-09-30", -1);
    assert_true(investment_held(&s, a));
    assert_false(investment_held(&s, d("2018-03-30")));
    /* cancelled: never */
    s.status = DEAL_CANCELLED;
    assert_false(investment_held(&s, a));
    /* pending: held */
    s.status = DEAL_PENDING;
    assert_true(investment_held(&s, a));
}

static void test_undated_days(void **state)
{
    (void)state;
    date_t a = d("2018-03-31");
    struct investment n = inv(INV_NOTICE, "2017-01-01", NULL, 95);
    struct investment c = inv(INV_CALL, "2016-01-01", NULL, -1);
    struct investment m = inv(INV_MMF, "2017-01-01", NULL, -1);
    struct investment p = inv(INV_POOLED, "2015-01-01", NULL, 180);
    assert_true(investment_held(&n, a) && investment_held(&c, a) && investment_held(&m, a) &&
                investment_held(&p, a));
    assert_int_equal(investment_days(&n, a), 95);
    assert_int_equal(investment_days(&c, a), 0);
    assert_int_equal(investment_days(&m, a), 0);
    assert_int_equal(investment_days(&p, a), -1); /* pooled: no maturity */
    /* a leap year counts its 29 February */
    struct investment f = inv(INV_FIXED, "2019-12-01", "2020-03-01", -1);
    assert_int_equal(investment_days(&f, d("2020-02-01")), 29);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_held),
        cmocka_unit_test(test_undated_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
