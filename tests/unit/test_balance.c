/* test_balance.c: account balances at a date, valuations, and the never-below-zero check
 * (core/balance.h), against figures worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/balance.h"
#include "core/interest.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

#define GBP(x) ((money_t)(x) * 100) /* whole pounds in pence */

/* MMF 7 opened with £1,000,000 on 2024-04-01:
 *   2024-04-10 deposit    £500,000   -> 1,500,000
 *   2024-04-20 withdrawal £1,200,000 ->   300,000
 *   2024-04-30 interest   £4,321.09  ->   304,321.09
 * and a movement of another account (id 8) that must not count. */
static const struct movement mmf[] = {
    {7, 0, MOVE_WITHDRAWAL, GBP(1200000)},
    {7, 0, MOVE_DEPOSIT, GBP(500000)},
    {8, 0, MOVE_DEPOSIT, GBP(999)},
    {7, 0, MOVE_INTEREST, 432109},
};

static struct movement *dated(void)
{
    static struct movement m[4];
    const char *dates[] = {"2024-04-20", "2024-04-10", "2024-04-10", "2024-04-30"};
    for (int i = 0; i < 4; i++) {
        m[i] = mmf[i];
        m[i].date = d(dates[i]);
    }
    return m;
}

static void test_balance_at(void **state)
{
    (void)state;
    struct movement *m = dated();
    date_t start = d("2024-04-01");
    money_t b;
    assert_int_equal(account_balance_at(7, start, GBP(1000000), m, 4, d("2024-03-31"), &b), 0);
    assert_int_equal(b, 0); /* before it opened */
    assert_int_equal(account_balance_at(7, start, GBP(1000000), m, 4, d("2024-04-09"), &b), 0);
    assert_int_equal(b, GBP(1000000));
    assert_int_equal(account_balance_at(7, start, GBP(1000000), m, 4, d("2024-04-10"), &b), 0);
    assert_int_equal(b, GBP(1500000)); /* a movement counts from its own date */
    assert_int_equal(account_balance_at(7, start, GBP(1000000), m, 4, d("2024-04-20"), &b), 0);
    assert_int_equal(b, GBP(300000));
    assert_int_equal(account_balance_at(7, start, GBP(1000000), m, 4, d("2024-05-01"), &b), 0);
    assert_int_equal(b, GBP(300000) + 432109);
    assert_int_equal(account_balance_at(8, start, GBP(1), m, 4, d("2024-05-01"), &b), 0);
    assert_int_equal(b, GBP(1000));
}

static void test_valuation(void **state)
{
    (void)state;
    struct movement m[] = {
        {5, 0, MOVE_VALUATION, GBP(2050000)},
        {5, 0, MOVE_VALUATION, GBP(1980000)},
        {5, 0, MOVE_DEPOSIT, GBP(100000)},
    };
    m[0].date = d("2024-03-31");
    m[1].date = d("2024-06-30");
    m[2].date = d("2024-05-01");
    money_t v = -1, b;
    assert_false(account_value_at(5, m, 3, d("2024-03-30"), &v));
    assert_true(account_value_at(5, m, 3, d("2024-04-15"), &v));
    assert_int_equal(v, GBP(2050000));
    assert_true(account_value_at(5, m, 3, d("2024-07-01"), &v));
    assert_int_equal(v, GBP(1980000));
    /* a valuation does not change the amount invested: 2,000,000 + 100,000 */
    assert_int_equal(account_balance_at(5, d("2024-01-01"), GBP(2000000), m, 3, d("2024-07-01"), &b), 0);
    assert_int_equal(b, GBP(2100000));
    assert_int_equal(movement_change(&m[0]), 0);
}

static void test_overdraw(void **state)
{
    (void)state;
    /* sorted by date: opening 1,000; 05-01 withdraw 600 (400); 05-02 withdraw 500 (-100: the
     * first overdraw, index 1); 05-03 deposit 1,000 (900) comes too late */
    struct movement m[] = {
        {1, 0, MOVE_WITHDRAWAL, GBP(600)},
        {1, 0, MOVE_WITHDRAWAL, GBP(500)},
        {1, 0, MOVE_DEPOSIT, GBP(1000)},
    };
    m[0].date = d("2024-05-01");
    m[1].date = d("2024-05-02");
    m[2].date = d("2024-05-03");
    money_t low = 0;
    assert_int_equal(account_first_overdraw(1, GBP(1000), m, 3, &low), 1);
    assert_int_equal(low, -GBP(100));
    /* the deposit moved to the same day as the second withdrawal: they net off (1,400 - 500) */
    m[2].date = m[1].date;
    assert_int_equal(account_first_overdraw(1, GBP(1000), m, 3, &low), -1);
    /* down to exactly zero is allowed */
    struct movement z[] = {{1, 0, MOVE_WITHDRAWAL, GBP(1000)}};
    z[0].date = d("2024-05-01");
    assert_int_equal(account_first_overdraw(1, GBP(1000), z, 1, NULL), -1);
    assert_int_equal(account_first_overdraw(1, GBP(999), z, 1, &low), 0);
    assert_int_equal(low, -GBP(1));
}

static void test_investments_at(void **state)
{
    (void)state;
    struct investment v[] = {
        {.id = 1, .type = INV_FIXED, .principal = GBP(5), .start = d("2024-01-01"), .maturity = d("2025-01-01")},
        {.id = 2, .type = INV_MMF, .principal = GBP(1000), .start = d("2024-01-01"), .maturity = DATE_NONE},
        {.id = 3, .type = INV_CALL, .principal = GBP(70), .start = d("2024-01-01"), .maturity = DATE_NONE},
    };
    struct movement m[] = {
        {2, 0, MOVE_WITHDRAWAL, GBP(1000)}, /* emptied on 03-01 */
        {3, 0, MOVE_DEPOSIT, GBP(30)},      /* 100 from 02-01 */
        {2, 0, MOVE_DEPOSIT, GBP(250)},     /* refilled on 04-01 */
    };
    m[0].date = d("2024-03-01");
    m[1].date = d("2024-02-01");
    m[2].date = d("2024-04-01");
    struct investment w[3];
    int n = 3;
    memcpy(w, v, sizeof w);
    assert_int_equal(investments_at(w, &n, m, 3, d("2024-03-15")), 0);
    assert_int_equal(n, 2); /* the MMF is empty at 03-15: not held */
    assert_int_equal(w[0].id, 1);
    assert_int_equal(w[0].principal, GBP(5));
    assert_int_equal(w[1].id, 3);
    assert_int_equal(w[1].principal, GBP(100));
    n = 3;
    memcpy(w, v, sizeof w);
    assert_int_equal(investments_at(w, &n, m, 3, d("2024-04-01")), 0);
    assert_int_equal(n, 3);
    assert_int_equal(w[1].principal, GBP(250));
    n = 3;
    memcpy(w, v, sizeof w);
    assert_int_equal(investments_at(w, &n, m, 3, d("2024-01-31")), 0);
    assert_int_equal(w[1].principal, GBP(1000));
    assert_int_equal(w[2].principal, GBP(70));
}

static void test_kind_names(void **state)
{
    (void)state;
    enum move_kind k;
    assert_true(move_kind_parse("withdrawal", &k));
    assert_int_equal(k, MOVE_WITHDRAWAL);
    assert_false(move_kind_parse("Deposit", &k));
    assert_string_equal(move_kind_name(MOVE_VALUATION), "valuation");
}

/* A fixed deal of £5,000 at 5% from 2024-01-01 to 2025-01-01, repaid early: £2,000 on
 * 2024-06-01 (part), the remaining £3,000 on 2024-09-01 (whole). */
static void test_dated_repaid(void **state)
{
    (void)state;
    struct investment v = {.id = 1, .type = INV_FIXED, .principal = GBP(5000), .rate = 5000000,
                           .start = d("2024-01-01"), .maturity = d("2025-01-01")};
    struct movement m[] = {{1, 0, MOVE_WITHDRAWAL, GBP(3000)}, {1, 0, MOVE_WITHDRAWAL, GBP(2000)}};
    m[0].date = d("2024-09-01");
    m[1].date = d("2024-06-01");
    struct investment w;
    int n = 1;
    w = v;
    assert_int_equal(investments_at(&w, &n, m, 2, d("2024-05-31")), 0); /* the day before */
    assert_int_equal(n, 1);
    assert_int_equal(w.principal, GBP(5000));
    w = v;
    assert_int_equal(investments_at(&w, &n, m, 2, d("2024-06-01")), 0); /* on the date */
    assert_int_equal(n, 1);
    assert_int_equal(w.principal, GBP(3000));
    assert_int_equal(w.maturity, d("2025-01-01")); /* the terms stay */
    w = v;
    assert_int_equal(investments_at(&w, &n, m, 2, d("2024-09-01")), 0); /* repaid whole */
    assert_int_equal(n, 0);
    /* interest: £2,000 for the 152 nights to 06-01 and £3,000 for the 244 nights to 09-01:
     * 2000 x 5% x 152/365 = 41.64 and 3000 x 5% x 244/365 = 100.27 */
    struct investment p[3];
    assert_int_equal(investment_pieces(&v, m, 2, p), 2);
    assert_int_equal(p[0].principal, GBP(3000));
    assert_int_equal(p[0].maturity, d("2024-09-01"));
    assert_int_equal(p[1].principal, GBP(2000));
    assert_int_equal(p[1].maturity, d("2024-06-01"));
    money_t e0, e1;
    assert_int_equal(interest_earned(&p[0], d("2024-01-01"), d("2024-12-31"), &e0), 0);
    assert_int_equal(interest_earned(&p[1], d("2024-01-01"), d("2024-12-31"), &e1), 0);
    assert_int_equal(e0, 10027);
    assert_int_equal(e1, 4164);
    /* part repaid only: the rest is a piece to maturity */
    assert_int_equal(investment_pieces(&v, m + 1, 1, p), 2);
    assert_int_equal(p[1].principal, GBP(3000));
    assert_int_equal(p[1].maturity, d("2025-01-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_balance_at),     cmocka_unit_test(test_valuation),
        cmocka_unit_test(test_overdraw),       cmocka_unit_test(test_investments_at),
        cmocka_unit_test(test_kind_names),     cmocka_unit_test(test_dated_repaid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
