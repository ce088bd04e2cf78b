/* test_cashflow.c: the cash-flow forecast's computations (core/cashflow.h) against figures worked
 * by hand: repeats and the modified-following rule on the built-in 2026 England and Wales
 * calendar (Easter 3 and 6 April, early May 4 May, Christmas 25 and 28 December), a deal's
 * maturity with its ACT/365F interest, a loan's instalments, account movements, a statement's
 * running balance, actuals replacing the forecast, and the periods. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/cashflow.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

#define GBP(x) ((money_t)(x) * 100)

static const struct calendar cal = {NULL, 0}; /* the built-in rules */

static struct cash_item item(const char *date, money_t amount, enum cash_repeat r, const char *until)
{
    struct cash_item it = {.id = 7, .date = d(date), .amount = amount, .repeat = r,
                           .until = until ? d(until) : DATE_NONE};
    strcpy(it.account, "MAIN");
    strcpy(it.category, "payroll");
    strcpy(it.description, "salaries");
    return it;
}

/* 31 January monthly: Sat 31 Jan -> Mon 2 Feb is next month, so Fri 30 Jan; Sat 28 Feb -> Fri 27
 * Feb; Tue 31 Mar stays; Thu 30 Apr stays; Sun 31 May -> Fri 29 May. until 2026-05-31 stops it. */
static void test_monthly_month_end(void **state)
{
    (void)state;
    struct cash_item it = item("2026-01-31", -GBP(250000), REPEAT_MONTHLY, "2026-05-31");
    struct cash_flows fs = {0};
    assert_int_equal(cash_item_flows(&it, &cal, d("2026-01-01"), d("2026-12-31"), &fs), 0);
    const char *want[] = {"2026-01-30", "2026-02-27", "2026-03-31", "2026-04-30", "2026-05-29"};
    assert_int_equal(fs.n, 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(fs.v[i].date, d(want[i]));
        assert_int_equal(fs.v[i].amount, -GBP(250000));
        assert_int_equal(fs.v[i].source, CASH_FORECAST);
    }
    assert_string_equal(fs.v[0].ref, "CF7");
    assert_string_equal(fs.v[0].description, "payroll: salaries");
    cash_flows_free(&fs);
}

/* An item moved by a merger on 1 April 2026 (sql/224): the predecessor's copy keeps the
 * occurrences nominally before the day (31 Jan -> Fri 30 Jan, 28 Feb -> Fri 27 Feb, Tue 31 Mar),
 * the successor's those from it (Thu 30 Apr, 31 May -> Fri 29 May); together all five. */
static void test_held_window(void **state)
{
    (void)state;
    struct cash_item before = item("2026-01-31", -GBP(250000), REPEAT_MONTHLY, "2026-05-31"), after = before;
    before.held = true;
    before.held_from = DATE_NONE;
    before.held_to = d("2026-04-01");
    after.held = true;
    after.held_from = d("2026-04-01");
    after.held_to = DATE_NONE;
    struct cash_flows fs = {0};
    assert_int_equal(cash_item_flows(&before, &cal, d("2026-01-01"), d("2026-12-31"), &fs), 0);
    assert_int_equal(fs.n, 3);
    assert_int_equal(fs.v[2].date, d("2026-03-31"));
    cash_flows_free(&fs);
    assert_int_equal(cash_item_flows(&after, &cal, d("2026-01-01"), d("2026-12-31"), &fs), 0);
    assert_int_equal(fs.n, 2);
    assert_int_equal(fs.v[0].date, d("2026-04-30"));
    assert_int_equal(fs.v[1].date, d("2026-05-29"));
    cash_flows_free(&fs);
}

/* Bank holidays: Mon 4 May 2026 (early May) -> Tue 5 May; Fri 25 Dec 2026 -> Sat, Sun, Mon 28
 * (Boxing Day's substitute) -> Tue 29 Dec. Only what falls in the window counts. */
static void test_holidays_and_window(void **state)
{
    (void)state;
    struct cash_item may = item("2026-04-04", GBP(10), REPEAT_MONTHLY, NULL);
    struct cash_flows fs = {0};
    assert_int_equal(cash_item_flows(&may, &cal, d("2026-05-01"), d("2026-05-31"), &fs), 0);
    assert_int_equal(fs.n, 1);
    assert_int_equal(fs.v[0].date, d("2026-05-05"));
    cash_flows_free(&fs);
    struct cash_item xmas = item("2025-12-25", GBP(10), REPEAT_YEARLY, NULL);
    assert_int_equal(cash_item_flows(&xmas, &cal, d("2026-12-01"), d("2026-12-31"), &fs), 0);
    assert_int_equal(fs.n, 1);
    assert_int_equal(fs.v[0].date, d("2026-12-29"));
    cash_flows_free(&fs);
    /* weekly from Fri 2026-04-03 (Good Friday -> Tue 7 April), then the 10th, the 17th */
    struct cash_item wk = item("2026-04-03", GBP(1), REPEAT_WEEKLY, "2026-04-17");
    assert_int_equal(cash_item_flows(&wk, &cal, d("2026-04-01"), d("2026-04-30"), &fs), 0);
    assert_int_equal(fs.n, 3);
    assert_int_equal(fs.v[0].date, d("2026-04-07"));
    assert_int_equal(fs.v[2].date, d("2026-04-17"));
    cash_flows_free(&fs);
    /* a one-off is one flow */
    struct cash_item once = item("2026-06-10", GBP(1), REPEAT_NONE, NULL);
    assert_int_equal(cash_item_flows(&once, &cal, d("2026-01-01"), d("2026-12-31"), &fs), 0);
    assert_int_equal(fs.n, 1);
    cash_flows_free(&fs);
}

/* £1,000,000 fixed at 5% from Mon 5 Jan 2026 to Sun 5 Apr 2026 (Easter Sunday): 90 days,
 * interest 1,000,000 x 5% x 90/365 = 12,328.767 -> £12,328.77, back on Tue 7 April (Easter
 * Monday is a holiday). A maturity loan of £2,000,000 at 4% from 15 Jan 2026 to 15 Jan 2027:
 * drawn on the 15th, £40,000.00 interest on Wed 15 July 2026. An MMF opened with £300,000 on
 * 2 Feb 2026, £50,000 withdrawn on 10 Feb, £20,000 deposited on 11 Feb, interest added on
 * 28 Feb (no cash). */
static void test_book(void **state)
{
    (void)state;
    struct investment inv[2] = {
        {.id = 1, .ref = "D1", .type = INV_FIXED, .principal = GBP(1000000), .rate = 5000000,
         .start = d("2026-01-05"), .maturity = d("2026-04-05")},
        {.id = 2, .ref = "MMF1", .type = INV_MMF, .principal = GBP(300000), .start = d("2026-02-02"),
         .maturity = DATE_NONE},
    };
    struct loan loan = {.id = 3, .ref = "L1", .type = LOAN_PWLB, .principal = GBP(2000000), .rate = 4000000,
                        .start = d("2026-01-15"), .maturity = d("2027-01-15"), .repayment = REPAY_MATURITY,
                        .option_date = DATE_NONE};
    struct movement m[3] = {
        {2, d("2026-02-10"), MOVE_WITHDRAWAL, GBP(50000)},
        {2, d("2026-02-11"), MOVE_DEPOSIT, GBP(20000)},
        {2, d("2026-02-28"), MOVE_INTEREST, GBP(900)},
    };
    struct cash_flows fs = {0};
    assert_int_equal(cash_book_flows(inv, 2, &loan, 1, m, 3, "MAIN", &cal, d("2026-01-01"), d("2026-12-31"), &fs), 0);
    cash_flows_sort(&fs);
    struct {
        const char *date, *ref;
        money_t amount;
        bool maturity;
    } want[] = {
        {"2026-01-05", "D1", -GBP(1000000), false}, {"2026-01-15", "L1", GBP(2000000), false},
        {"2026-02-02", "MMF1", -GBP(300000), false}, {"2026-02-10", "MMF1", GBP(50000), false},
        {"2026-02-11", "MMF1", -GBP(20000), false}, {"2026-04-07", "D1", GBP(1012328) + 77, true},
        {"2026-07-15", "L1", -GBP(40000), true},
    };
    assert_int_equal(fs.n, 7);
    for (int i = 0; i < 7; i++) {
        assert_int_equal(fs.v[i].date, d(want[i].date));
        assert_string_equal(fs.v[i].ref, want[i].ref);
        assert_int_equal(fs.v[i].amount, want[i].amount);
        assert_int_equal(fs.v[i].maturity, want[i].maturity);
        assert_string_equal(fs.v[i].account, "MAIN");
    }
    assert_string_equal(fs.v[5].description, "fixed matures: principal 1000000.00 + interest 12328.77");
    cash_flows_free(&fs);
}

/* Two accounts (ids 4 and 2, listed in that order) whose movements are ordered by investment: each
 * finds its own. Call 4: +10,000.00 on 2 March (a withdrawal comes in), -5,000.00 on 3 March; MMF 2:
 * +7,000.00 on 2 March. Opened before the period: no opening flow. */
static void test_book_accounts(void **state)
{
    (void)state;
    struct investment inv[2] = {
        {.id = 4, .ref = "CALL4", .type = INV_CALL, .principal = GBP(100000), .start = d("2026-01-05"),
         .maturity = DATE_NONE},
        {.id = 2, .ref = "MMF2", .type = INV_MMF, .principal = GBP(300000), .start = d("2026-01-05"),
         .maturity = DATE_NONE},
    };
    struct movement m[3] = {
        {2, d("2026-03-02"), MOVE_WITHDRAWAL, GBP(7000)},
        {4, d("2026-03-02"), MOVE_WITHDRAWAL, GBP(10000)},
        {4, d("2026-03-03"), MOVE_DEPOSIT, GBP(5000)},
    };
    struct cash_flows fs = {0};
    assert_int_equal(cash_book_flows(inv, 2, NULL, 0, m, 3, "MAIN", &cal, d("2026-03-01"), d("2026-03-31"), &fs), 0);
    cash_flows_sort(&fs);
    assert_int_equal(fs.n, 3);
    assert_string_equal(fs.v[0].ref, "CALL4");
    assert_int_equal(fs.v[0].amount, GBP(10000));
    assert_string_equal(fs.v[1].ref, "MMF2");
    assert_int_equal(fs.v[1].amount, GBP(7000));
    assert_string_equal(fs.v[2].ref, "CALL4");
    assert_int_equal(fs.v[2].amount, -GBP(5000));
    cash_flows_free(&fs);
}

/* 1,000.00 + 500.00 = 1,500.00; - 200.00 = 1,300.00; + 1.00 should be 1,301.00, not 1,302.00. */
static void test_statement_check(void **state)
{
    (void)state;
    money_t amount[] = {50000, -20000, 100}, good[] = {150000, 130000, 130100}, bad[] = {150000, 130000, 130200};
    money_t expected = 0;
    assert_int_equal(cash_statement_check(100000, amount, good, 3, &expected), -1);
    assert_int_equal(cash_statement_check(100000, amount, bad, 3, &expected), 2);
    assert_int_equal(expected, 130100);
}

/* A statement of MAIN covering 1..2 June drops MAIN's forecast and book flows then, not other
 * accounts' nor other days'. */
static void test_actuals(void **state)
{
    (void)state;
    struct cash_flows fs = {0};
    struct cash_flow f[] = {
        {.date = d("2026-06-01"), .source = CASH_FORECAST, .account = "MAIN", .amount = 1},
        {.date = d("2026-06-01"), .source = CASH_ACTUAL, .account = "MAIN", .amount = 2},
        {.date = d("2026-06-02"), .source = CASH_BOOK, .account = "MAIN", .amount = 3},
        {.date = d("2026-06-02"), .source = CASH_FORECAST, .account = "PAY", .amount = 4},
        {.date = d("2026-06-03"), .source = CASH_FORECAST, .account = "MAIN", .amount = 5},
    };
    for (int i = 0; i < 5; i++)
        assert_int_equal(cash_flows_add(&fs, &f[i]), 0);
    struct cash_cover c = {.account = "MAIN", .from = d("2026-06-01"), .to = d("2026-06-02")};
    cash_use_actuals(&fs, &c, 1);
    assert_int_equal(fs.n, 3);
    assert_int_equal(fs.v[0].amount, 2);
    assert_int_equal(fs.v[1].amount, 4);
    assert_int_equal(fs.v[2].amount, 5);
    cash_flows_free(&fs);
}

/* Weeks from Wed 1 April to Tue 14 April 2026: 1-5, 6-12, 13-14. Opening 100.00; +50.00 on the
 * 2nd, -120.00 on the 7th (balance 30.00, below a minimum of 40.00), +20.00 on the 13th (50.00). */
static void test_periods(void **state)
{
    (void)state;
    assert_int_equal(cash_period_count(d("2026-04-01"), d("2026-04-14"), CASH_BY_WEEK), 3);
    assert_int_equal(cash_period_count(d("2026-01-15"), d("2026-03-10"), CASH_BY_MONTH), 3);
    assert_int_equal(cash_period_count(d("2026-01-15"), d("2026-01-15"), CASH_BY_DAY), 1);
    struct cash_flows fs = {0};
    struct cash_flow f[] = {
        {.date = d("2026-03-31"), .amount = 999999},
        {.date = d("2026-04-02"), .amount = 5000},
        {.date = d("2026-04-07"), .amount = -12000},
        {.date = d("2026-04-13"), .amount = 2000},
    };
    for (int i = 0; i < 4; i++)
        assert_int_equal(cash_flows_add(&fs, &f[i]), 0);
    struct cash_period p[3];
    assert_int_equal(cash_periods(d("2026-04-01"), d("2026-04-14"), CASH_BY_WEEK, 10000, 4000, &fs, p, 3), 3);
    assert_int_equal(p[0].start, d("2026-04-01"));
    assert_int_equal(p[0].end, d("2026-04-05"));
    assert_int_equal(p[0].receipts, 5000);
    assert_int_equal(p[0].closing, 15000);
    assert_false(p[0].below_minimum);
    assert_int_equal(p[1].payments, 12000);
    assert_int_equal(p[1].net, -12000);
    assert_int_equal(p[1].closing, 3000);
    assert_true(p[1].below_minimum);
    assert_int_equal(p[2].end, d("2026-04-14"));
    assert_int_equal(p[2].closing, 5000);
    assert_false(p[2].below_minimum);
    assert_int_equal(cash_periods(d("2026-04-01"), d("2026-04-14"), CASH_BY_WEEK, 10000, 4000, &fs, p, 2), -1);
    cash_flows_free(&fs);
}

static int openings(const char *account, void *arg, money_t *out)
{
    (void)arg;
    *out = strcmp(account, "MAIN") == 0 ? 100000 : 2000;
    return 0;
}

/* From 1 June: MAIN opened at 1,000.00 and the forecast adds 100.00 on the 2nd, but the bank's
 * statement from the 3rd opens at 1,150.00: +50.00 on the 3rd. PAY opened at 20.00, its statement
 * from the 5th opens at 0.00: -20.00 on the 5th. A statement from the 1st itself is the opening
 * balance already: nothing. */
static void test_rebase(void **state)
{
    (void)state;
    struct cash_flows fs = {0};
    struct cash_flow f = {.date = d("2026-06-02"), .source = CASH_FORECAST, .account = "MAIN", .amount = 10000};
    assert_int_equal(cash_flows_add(&fs, &f), 0);
    struct cash_cover c[] = {
        {.account = "PAY", .from = d("2026-06-05"), .to = d("2026-06-05"), .statement = 9, .opening = 0},
        {.account = "MAIN", .from = d("2026-06-03"), .to = d("2026-06-04"), .statement = 8, .opening = 115000},
        {.account = "MAIN", .from = d("2026-06-01"), .to = d("2026-06-01"), .statement = 7, .opening = 1},
    };
    assert_int_equal(cash_rebase(&fs, c, 3, d("2026-06-01"), openings, NULL), 0);
    assert_int_equal(fs.n, 3);
    assert_int_equal(fs.v[1].date, d("2026-06-03"));
    assert_int_equal(fs.v[1].amount, 5000);
    assert_int_equal(fs.v[1].source, CASH_ACTUAL);
    assert_string_equal(fs.v[1].ref, "S8/opening");
    assert_int_equal(fs.v[2].date, d("2026-06-05"));
    assert_string_equal(fs.v[2].account, "PAY");
    assert_int_equal(fs.v[2].amount, -2000);
    cash_flows_free(&fs);
}

static void test_names(void **state)
{
    (void)state;
    enum cash_repeat r;
    enum cash_by b;
    assert_true(cash_repeat_parse("quarterly", &r));
    assert_int_equal(r, REPEAT_QUARTERLY);
    assert_true(cash_repeat_parse("", &r));
    assert_int_equal(r, REPEAT_NONE);
    assert_false(cash_repeat_parse("daily", &r));
    assert_true(cash_by_parse("month", &b));
    assert_string_equal(cash_source_name(CASH_ACTUAL), "actual");
    assert_int_equal(cash_repeat_nth(d("2026-01-31"), REPEAT_QUARTERLY, 1), d("2026-04-30"));
    assert_int_equal(cash_repeat_nth(d("2024-02-29"), REPEAT_YEARLY, 1), d("2025-02-28"));
}

/* A deal naming its own settlement account (sql/235): D1's principal out and back land in
 * PAYROLL; the loan naming none stays in the default MAIN. cash_flows_only keeps one account's. */
static void test_settlement_account(void **state)
{
    (void)state;
    struct investment inv = {.id = 1, .ref = "D1", .type = INV_FIXED, .principal = GBP(1000000), .rate = 5000000,
                             .start = d("2026-01-05"), .maturity = d("2026-04-05"), .account = "PAYROLL"};
    struct loan loan = {.id = 3, .ref = "L1", .type = LOAN_PWLB, .principal = GBP(2000000), .rate = 4000000,
                        .start = d("2026-01-15"), .maturity = d("2027-01-15"), .repayment = REPAY_MATURITY,
                        .option_date = DATE_NONE};
    struct cash_flows fs = {0};
    assert_int_equal(cash_book_flows(&inv, 1, &loan, 1, NULL, 0, "MAIN", &cal, d("2026-01-01"), d("2026-12-31"), &fs),
                     0);
    cash_flows_sort(&fs);
    assert_int_equal(fs.n, 4);
    assert_string_equal(fs.v[0].account, "PAYROLL"); /* 5 Jan: D1 out */
    assert_string_equal(fs.v[1].account, "MAIN");    /* 15 Jan: L1 drawn */
    assert_string_equal(fs.v[2].account, "PAYROLL"); /* 7 Apr: D1 back */
    assert_string_equal(fs.v[3].account, "MAIN");    /* 15 Jul: L1's interest */
    cash_flows_only(&fs, "PAYROLL");
    assert_int_equal(fs.n, 2);
    assert_int_equal(fs.v[0].amount, -GBP(1000000));
    assert_int_equal(fs.v[1].amount, GBP(1012328) + 77);
    cash_flows_free(&fs);
}

/* The maturity loan of test_book (£2,000,000 at 4% to 15 Jan 2027, £40,000 interest each half
 * year) with its early repayments: repaid in whole on Sat 12 Sep 2026 for a settlement of
 * £2,061,234.56 (as recorded): paid on Mon 14 Sep, and the 15 Jan 2027 instalment is gone. In part
 * (£500,000 for £515,000.00): the rest of the schedule is scaled by 1.5/2, so 15 Jan 2027 pays
 * 1,500,000 + 30,000. Repaid at par on 15 July (an interest date): that day's interest, then the
 * principal. A rate change moves no cash of its own. */
static void test_loan_repaid(void **state)
{
    (void)state;
    struct loan loan = {.id = 3, .ref = "L1", .type = LOAN_PWLB, .principal = GBP(2000000), .rate = 4000000,
                        .start = d("2026-01-15"), .maturity = d("2027-01-15"), .repayment = REPAY_MATURITY,
                        .option_date = DATE_NONE};
    struct loan_event whole = {d("2026-09-12"), LOAN_EV_REPAID, GBP(2000000), 4500000, GBP(2061234) + 56};
    loan.events = &whole;
    loan.nevents = 1;
    struct cash_flows fs = {0};
    assert_int_equal(cash_book_flows(NULL, 0, &loan, 1, NULL, 0, "MAIN", &cal, d("2026-02-01"), d("2027-12-31"), &fs), 0);
    cash_flows_sort(&fs);
    assert_int_equal(fs.n, 2);
    assert_int_equal(fs.v[0].date, d("2026-07-15"));
    assert_int_equal(fs.v[0].amount, -GBP(40000));
    assert_int_equal(fs.v[1].date, d("2026-09-14"));
    assert_int_equal(fs.v[1].amount, -(GBP(2061234) + 56));
    assert_true(fs.v[1].maturity);
    assert_string_equal(fs.v[1].description, "loan repaid early: principal 2000000.00 + accrued interest and premium 61234.56");
    cash_flows_free(&fs);

    struct loan_event part = {d("2026-09-12"), LOAN_EV_REPAID, GBP(500000), 4500000, GBP(515000)};
    loan.events = &part;
    assert_int_equal(cash_book_flows(NULL, 0, &loan, 1, NULL, 0, "MAIN", &cal, d("2026-02-01"), d("2027-12-31"), &fs), 0);
    cash_flows_sort(&fs);
    assert_int_equal(fs.n, 3);
    assert_int_equal(fs.v[1].amount, -GBP(515000));
    assert_int_equal(fs.v[2].date, d("2027-01-15"));
    assert_int_equal(fs.v[2].amount, -GBP(1530000));
    cash_flows_free(&fs);

    struct loan_event par[2] = {{d("2026-03-01"), LOAN_EV_RATE_CHANGE, 0, 5000000, 0},
                                {d("2026-07-15"), LOAN_EV_REPAID_AT_PAR, GBP(2000000), 0, GBP(2000000)}};
    loan.events = par;
    loan.nevents = 2;
    assert_int_equal(cash_book_flows(NULL, 0, &loan, 1, NULL, 0, "MAIN", &cal, d("2026-02-01"), d("2027-12-31"), &fs), 0);
    cash_flows_sort(&fs);
    assert_int_equal(fs.n, 2);
    assert_int_equal(fs.v[0].date, d("2026-07-15"));
    assert_int_equal(fs.v[1].date, d("2026-07-15"));
    int at_par = strcmp(fs.v[0].description, "loan repaid at par: principal 2000000.00") == 0 ? 0 : 1;
    assert_string_equal(fs.v[at_par].description, "loan repaid at par: principal 2000000.00");
    assert_int_equal(fs.v[at_par].amount, -GBP(2000000));
    assert_true(fs.v[1 - at_par].amount < -GBP(40000)); /* that day's interest, at the new 5% in part */
    cash_flows_free(&fs);
}

/* Financial years (April to March), the first and last clipped: from Sun 6 Dec 2026 to 30 June
 * 2029 are 6 Dec 2026-31 Mar 2027, 2027/28, 2028/29 and 1 Apr-30 Jun 2029. A flow of +5.00 on
 * 31 Mar 2027 is the first year's, -2.00 on 1 Apr 2027 the second's. */
static void test_periods_by_year(void **state)
{
    (void)state;
    assert_int_equal(cash_period_count(d("2026-12-06"), d("2029-06-30"), CASH_BY_YEAR), 4);
    assert_int_equal(cash_period_count(d("2027-03-31"), d("2027-04-01"), CASH_BY_YEAR), 2);
    struct cash_flows fs = {0};
    struct cash_flow f[] = {{.date = d("2027-03-31"), .amount = 500}, {.date = d("2027-04-01"), .amount = -200}};
    for (int i = 0; i < 2; i++)
        assert_int_equal(cash_flows_add(&fs, &f[i]), 0);
    struct cash_period p[4];
    assert_int_equal(cash_periods(d("2026-12-06"), d("2029-06-30"), CASH_BY_YEAR, 1000, 0, &fs, p, 4), 4);
    assert_int_equal(p[0].end, d("2027-03-31"));
    assert_int_equal(p[0].closing, 1500);
    assert_int_equal(p[1].start, d("2027-04-01"));
    assert_int_equal(p[1].end, d("2028-03-31"));
    assert_int_equal(p[1].payments, 200);
    assert_int_equal(p[1].closing, 1300);
    assert_int_equal(p[2].start, d("2028-04-01"));
    assert_int_equal(p[2].end, d("2029-03-31"));
    assert_int_equal(p[3].start, d("2029-04-01"));
    assert_int_equal(p[3].end, d("2029-06-30"));
    enum cash_by b;
    assert_true(cash_by_parse("year", &b));
    assert_int_equal(b, CASH_BY_YEAR);
    cash_flows_free(&fs);
}

/* A book of many holdings (cash_book_flows keeps a table of the window's business days) gives the
 * flows of its holdings taken one at a time (no table): 200 deals starting and maturing on every
 * kind of day around 2026's holidays and month ends, before the window, in it and after it, and a
 * loan's instalments. */
static void test_many_as_one_by_one(void **state)
{
    (void)state;
    enum { N = 200 };
    struct investment inv[N];
    for (int k = 0; k < N; k++)
        inv[k] = (struct investment){.id = k + 1, .type = INV_FIXED, .principal = GBP(1000 + k), .rate = 4000000,
                                     .start = d("2025-06-01") + 2 * k, .maturity = d("2025-09-01") + 3 * k};
    for (int k = 0; k < N; k++)
        snprintf(inv[k].ref, sizeof inv[k].ref, "D%d", k);
    struct loan loan = {.id = 9, .ref = "L9", .type = LOAN_PWLB, .principal = GBP(500000), .rate = 4000000,
                        .start = d("2025-12-31"), .maturity = d("2027-12-31"), .repayment = REPAY_ANNUITY,
                        .option_date = DATE_NONE};
    date_t from = d("2026-01-01"), to = d("2026-12-31");
    struct cash_flows all = {0}, one = {0};
    assert_int_equal(cash_book_flows(inv, N, &loan, 1, NULL, 0, "MAIN", &cal, from, to, &all), 0);
    for (int k = 0; k < N; k++)
        assert_int_equal(cash_book_flows(&inv[k], 1, NULL, 0, NULL, 0, "MAIN", &cal, from, to, &one), 0);
    assert_int_equal(cash_book_flows(NULL, 0, &loan, 1, NULL, 0, "MAIN", &cal, from, to, &one), 0);
    assert_true(all.n > N + 12);
    assert_int_equal(all.n, one.n);
    for (int k = 0; k < all.n; k++) {
        assert_int_equal(all.v[k].date, one.v[k].date);
        assert_int_equal(all.v[k].amount, one.v[k].amount);
        assert_string_equal(all.v[k].ref, one.v[k].ref);
        assert_string_equal(all.v[k].description, one.v[k].description);
        assert_true(calendar_is_business_day(&cal, all.v[k].date));
    }
    cash_flows_free(&all);
    cash_flows_free(&one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monthly_month_end), cmocka_unit_test(test_holidays_and_window),
        cmocka_unit_test(test_held_window),
        cmocka_unit_test(test_book),
        cmocka_unit_test(test_book_accounts),              cmocka_unit_test(test_statement_check),
        cmocka_unit_test(test_actuals),           cmocka_unit_test(test_periods),
        cmocka_unit_test(test_names),             cmocka_unit_test(test_rebase),
        cmocka_unit_test(test_settlement_account), cmocka_unit_test(test_loan_repaid),
        cmocka_unit_test(test_periods_by_year), cmocka_unit_test(test_many_as_one_by_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
