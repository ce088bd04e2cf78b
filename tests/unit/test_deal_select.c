/* test_deal_select.c: which deals a date's lending list and a window's forecast read
 * (core/deal_select.h), at the edges of each condition: the date itself, the window's month of
 * margin either way, an account opened long ago that moves in the window or does not. */
#include "core/deal_select.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

static date_t d(const char *iso)
{
    date_t v;
    assert_true(date_parse(iso, &v, NULL));
    return v;
}

static struct investment deal(int64_t id, const char *start, const char *maturity)
{
    struct investment v;
    memset(&v, 0, sizeof v);
    v.id = id;
    v.start = d(start);
    v.maturity = maturity ? d(maturity) : DATE_NONE;
    return v;
}

static void test_live_at(void **state)
{
    (void)state;
    date_t at = d("2025-06-30");
    struct investment a = deal(1, "2025-06-30", "2025-07-01"), b = deal(2, "2025-07-01", "2025-09-30"),
                      c = deal(3, "2025-01-02", "2025-06-30"), e = deal(4, "2015-07-01", NULL);
    assert_true(deal_live_at(&a, at));  /* starts that day, matures the next */
    assert_false(deal_live_at(&b, at)); /* starts the day after */
    assert_false(deal_live_at(&c, at)); /* matures that day: no longer held */
    assert_true(deal_live_at(&e, at));  /* an account: open */
}

static void test_flows_within_dated(void **state)
{
    (void)state;
    date_t from = d("2025-06-30"), to = d("2025-07-27"); /* margin: 2025-05-30 .. 2025-08-27 */
    struct investment in_margin = deal(1, "2025-01-02", "2025-05-30"), before = deal(2, "2025-01-02", "2025-05-29"),
                      long_one = deal(3, "2020-01-02", "2030-01-02"), starts = deal(4, "2025-08-27", "2026-08-27"),
                      starts_late = deal(5, "2025-08-28", "2025-09-01"), spans = deal(6, "2025-05-30", "2030-01-02");
    assert_true(deal_flows_within(&in_margin, from, to, NULL, 0)); /* matures on the margin's first day */
    assert_false(deal_flows_within(&before, from, to, NULL, 0));
    assert_false(deal_flows_within(&long_one, from, to, NULL, 0)); /* neither end near the window */
    assert_true(deal_flows_within(&starts, from, to, NULL, 0));    /* starts on the margin's last day */
    assert_false(deal_flows_within(&starts_late, from, to, NULL, 0));
    assert_true(deal_flows_within(&spans, from, to, NULL, 0)); /* starts on the margin's first day */
}

static void test_flows_within_accounts(void **state)
{
    (void)state;
    date_t from = d("2025-06-30"), to = d("2025-07-27");
    const int64_t moving[] = {3, 7, 12};
    struct investment old = deal(7, "2015-07-01", NULL), still = deal(8, "2015-07-01", NULL),
                      opened = deal(9, "2025-08-27", NULL), late = deal(10, "2025-08-28", NULL);
    assert_true(deal_flows_within(&old, from, to, moving, 3)); /* moves in the window */
    assert_false(deal_flows_within(&still, from, to, moving, 3));
    assert_true(deal_flows_within(&opened, from, to, moving, 3)); /* opened on the margin's last day */
    assert_false(deal_flows_within(&late, from, to, moving, 3));
    assert_false(deal_flows_within(&old, from, to, NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_live_at),
        cmocka_unit_test(test_flows_within_dated),
        cmocka_unit_test(test_flows_within_accounts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
