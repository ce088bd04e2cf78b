/* test_reconcile.c: bank reconciliation's matching (core/reconcile.h) on hand-made cases over the
 * built-in 2026 England and Wales calendar (Good Friday 3 April, Easter Monday 6 April): business
 * days between dates, references mentioned, and the three passes (reference and amount, amount,
 * a forecast item's estimate), the window and the account. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/reconcile.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

#define GBP(x) ((money_t)(x) * 100)

static const struct calendar cal = {NULL, 0}; /* the built-in rules */

static struct cash_flow flow(const char *date, enum cash_source src, const char *account, const char *ref,
                             const char *desc, money_t amount)
{
    struct cash_flow f = {.date = d(date), .source = src, .amount = amount};
    strcpy(f.account, account);
    strcpy(f.ref, ref);
    strcpy(f.description, desc);
    return f;
}

/* Thu 2 Apr to Tue 7 Apr: 3 (Good Friday), 4, 5 (weekend), 6 (Easter Monday) are not business
 * days, so 1; back again -1; Wed 1 to Fri 10 April: 2, 7, 8, 9, 10 = 5; the same day 0; a
 * Saturday after a Friday 0. */
static void test_business_days(void **state)
{
    (void)state;
    assert_int_equal(reconcile_business_days(&cal, d("2026-04-02"), d("2026-04-07")), 1);
    assert_int_equal(reconcile_business_days(&cal, d("2026-04-07"), d("2026-04-02")), -1);
    assert_int_equal(reconcile_business_days(&cal, d("2026-04-01"), d("2026-04-10")), 5);
    assert_int_equal(reconcile_business_days(&cal, d("2026-04-07"), d("2026-04-07")), 0);
    assert_int_equal(reconcile_business_days(&cal, d("2026-04-10"), d("2026-04-11")), 0);
    assert_int_equal(reconcile_business_days(&cal, d("2026-01-01"), d("2026-04-01")), INT32_MAX);
}

static void test_mentions(void **state)
{
    (void)state;
    struct cash_flow deal = flow("2026-04-07", CASH_BOOK, "MAIN", "D1", "fixed matures", GBP(1)),
                     ctax = flow("2026-04-07", CASH_FORECAST, "MAIN", "CF2", "council tax: instalments", GBP(1));
    assert_true(reconcile_mentions(&deal, "d1 maturity BANKA"));
    assert_false(reconcile_mentions(&deal, "D10 maturity"));  /* a word, not part of one */
    assert_false(reconcile_mentions(&deal, "AD1 maturity"));
    assert_false(reconcile_mentions(&deal, "fixed matures")); /* a book flow only by its ref */
    assert_true(reconcile_mentions(&ctax, "BACS COUNCIL TAX APR"));
    assert_true(reconcile_mentions(&ctax, "ref CF2"));
    assert_false(reconcile_mentions(&ctax, "instalments")); /* the category, not the description */
}

/* Expected on Tue 7 April: E0 D1 +1,012,328.77 (book); E1 CF9 grants +400,000; E2 CF2 council
 * tax +400,000; E3 CF3 precepts -600,000; E4 CF4 payroll -250,000 (never arrives).
 * Lines: L0 Thu 9 Apr +400,000 "BACS receipt" (mentions nothing); L1 Wed 8 Apr +400,000 "grants
 * DLUHC" (mentions CF9); L2 Tue 7 Apr +1,012,328.77 "maturity"; L3 Fri 10 Apr -598,500.00
 * "precepts fire" (3 business days late, not the forecast's amount); L4 Wed 8 Apr -125.50 fees;
 * L5 PAYROLL +400,000 "council tax" (another account).
 * Pass 1 gives L1 to CF9 (by reference), so L0 takes CF2 in pass 2 although CF9 comes first and is
 * as near; L2 matches D1 exactly; L3 is CF3's estimate; L4 and L5 and CF4 stay unmatched. */
static void test_match(void **state)
{
    (void)state;
    struct cash_flow e[] = {
        flow("2026-04-07", CASH_BOOK, "MAIN", "D1", "fixed matures", 101232877),
        flow("2026-04-07", CASH_FORECAST, "MAIN", "CF9", "grants: DLUHC", GBP(400000)),
        flow("2026-04-07", CASH_FORECAST, "MAIN", "CF2", "council tax: instalments", GBP(400000)),
        flow("2026-04-07", CASH_FORECAST, "MAIN", "CF3", "precepts: fire", GBP(-600000)),
        flow("2026-04-07", CASH_FORECAST, "MAIN", "CF4", "payroll: salaries", GBP(-250000)),
    };
    struct cash_flow l[] = {
        flow("2026-04-09", CASH_ACTUAL, "MAIN", "S1/1", "BACS receipt", GBP(400000)),
        flow("2026-04-08", CASH_ACTUAL, "MAIN", "S1/2", "grants DLUHC", GBP(400000)),
        flow("2026-04-07", CASH_ACTUAL, "MAIN", "S1/3", "maturity", 101232877),
        flow("2026-04-10", CASH_ACTUAL, "MAIN", "S1/4", "precepts fire", -59850000),
        flow("2026-04-08", CASH_ACTUAL, "MAIN", "S1/5", "fees", -12550),
        flow("2026-04-08", CASH_ACTUAL, "PAYROLL", "S2/1", "council tax", GBP(400000)),
    };
    const char *text[] = {"S1/1 BACS receipt", "S1/2 grants DLUHC", "S1/3 maturity", "S1/4 precepts fire",
                          "S1/5 fees", "S2/1 council tax"};
    struct reconcile_match m[6];
    assert_int_equal(reconcile_match(l, text, 6, e, 5, &cal, RECONCILE_WINDOW, m), 0);
    assert_int_equal(m[0].expected, 2);
    assert_int_equal(m[0].kind, MATCH_EXACT);
    assert_int_equal(m[0].days, 2);
    assert_int_equal(m[1].expected, 1);
    assert_int_equal(m[1].days, 1);
    assert_int_equal(m[2].expected, 0);
    assert_int_equal(m[2].days, 0);
    assert_int_equal(m[3].expected, 3);
    assert_int_equal(m[3].kind, MATCH_ESTIMATE);
    assert_int_equal(m[3].days, 3);
    assert_int_equal(m[4].expected, -1);
    assert_int_equal(m[4].kind, MATCH_NONE);
    assert_int_equal(m[5].expected, -1);
    assert_string_equal(match_kind_name(m[3].kind), "estimate");
}

/* The window: precepts a fourth business day late (Mon 13 April) match nothing; a line before the
 * expected date counts negative days; a book flow never matches by estimate. */
static void test_window_and_book(void **state)
{
    (void)state;
    struct cash_flow e[] = {
        flow("2026-04-07", CASH_FORECAST, "MAIN", "CF3", "precepts: fire", GBP(-600000)),
        flow("2026-04-09", CASH_BOOK, "MAIN", "D2", "fixed matures", GBP(500000)),
    };
    struct cash_flow l[] = {
        flow("2026-04-13", CASH_ACTUAL, "MAIN", "S1/1", "precepts", GBP(-600000)),
        flow("2026-04-08", CASH_ACTUAL, "MAIN", "S1/2", "D2 maturity", GBP(500001)),
        flow("2026-04-02", CASH_ACTUAL, "MAIN", "S1/3", "early", GBP(500000)),
    };
    const char *text[] = {"precepts", "D2 maturity", "early"};
    struct reconcile_match m[3];
    assert_int_equal(reconcile_match(l, text, 3, e, 2, &cal, RECONCILE_WINDOW, m), 0);
    assert_int_equal(m[0].expected, -1);
    assert_int_equal(m[1].expected, -1); /* a penny out: a book flow needs its amount */
    assert_int_equal(m[2].expected, 1);  /* Thu 2 April: 7, 8 and 9 April, three business days early */
    assert_int_equal(m[2].days, -3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_business_days),
        cmocka_unit_test(test_mentions),
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_window_and_book),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
