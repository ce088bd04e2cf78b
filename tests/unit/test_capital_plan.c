/* test_capital_plan.c: the capital plan (core/capital_plan.h), MRP (core/mrp.h) and the CFR and
 * liability benchmark (core/prudential.h) on a hand-computed plan, to the penny; errors named by
 * the path of the bad field. The plan is tests/fixtures/capital/plan.json (copied below); the
 * figures are worked by hand in docs/computations.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/capital_plan.h"
#include "core/mrp.h"
#include "core/prudential.h"

#define P(pounds, pence) ((money_t)(pounds) * 100 + (pence))

/* tests/fixtures/capital/plan.json, the same plan the e2e tests import */
static const char plan_json[] =
    "{\"effective_from\":\"2025-04-01\",\"approved\":{\"by\":\"Full Council\",\"on\":\"2025-02-20\",\"referenc"
    "e\":\"Minute 31/25\"},\"years\":[{\"year\":\"2025/26\",\"opening_cfr\":\"10000000.00\",\"capital_expendi"
    "ture\":\"800000.00\",\"financed_by_borrowing\":\"500000.00\",\"other_long_term_liabilities\":\"10000"
    "00.00\",\"usable_reserves\":\"2000000.00\",\"working_capital\":\"300000.00\",\"liquidity_allowance\":"
    "\"1000000.00\",\"net_revenue_stream\":\"20000000.00\",\"financing_costs\":\"1500000.00\",\"net_commer"
    "cial_income\":\"250000.00\"},{\"year\":\"2026/27\",\"capital_expenditure\":\"600000.00\",\"financed_by"
    "_borrowing\":\"600000.00\",\"other_long_term_liabilities\":\"950000.00\",\"usable_reserves\":\"18000"
    "00.00\",\"working_capital\":\"250000.00\",\"liquidity_allowance\":\"1000000.00\",\"net_revenue_strea"
    "m\":\"21000000.00\",\"financing_costs\":\"1600000.00\",\"net_commercial_income\":\"260000.00\"},{\"yea"
    "r\":\"2027/28\",\"capital_expenditure\":\"0.00\",\"financed_by_borrowing\":\"0.00\",\"other_long_term_"
    "liabilities\":\"900000.00\",\"usable_reserves\":\"1700000.00\",\"working_capital\":\"-100000.00\",\"li"
    "quidity_allowance\":\"1000000.00\",\"net_revenue_stream\":\"22000000.00\",\"financing_costs\":\"1650"
    "000.00\",\"net_commercial_income\":\"270000.00\"}],\"mrp_tranches\":[{\"year\":\"2024/25\",\"amount\":\""
    "1000000.00\",\"method\":\"equal\",\"life\":3},{\"year\":\"2024/25\",\"amount\":\"100000.00\",\"method\":\"an"
    "nuity\",\"life\":2,\"rate\":\"5.00\"},{\"year\":\"2025/26\",\"amount\":\"500000.00\",\"method\":\"reducing_4"
    "pct\"}]}";

static char *read_plan(void)
{
    return strdup(plan_json);
}

static void check_line(const struct mrp_line *l, int year, money_t opening, money_t mrp, money_t closing)
{
    assert_int_equal(l->year, year);
    assert_int_equal(l->opening, opening);
    assert_int_equal(l->mrp, mrp);
    assert_int_equal(l->closing, closing);
}

/* 1,000,000.00 over 3 years: 333,333.33 twice, the last year 333,333.34. */
static void test_mrp_equal(void **state)
{
    (void)state;
    struct mrp_tranche t = {.year = 2024, .amount = P(1000000, 0), .method = MRP_EQUAL, .life = 3};
    struct mrp_line l[MRP_MAX_LIFE];
    assert_int_equal(mrp_schedule(&t, 10, l, MRP_MAX_LIFE), 3);
    check_line(&l[0], 2025, P(1000000, 0), P(333333, 33), P(666666, 67));
    check_line(&l[1], 2026, P(666666, 67), P(333333, 33), P(333333, 34));
    check_line(&l[2], 2027, P(333333, 34), P(333333, 34), 0);
}

/* 100,000.00 at 5% over 2 years: A = 100000 x 0.05 / (1 - 1.05^-2) = 53,780.4878 -> 53,780.49;
 * year 1 interest 5,000.00, MRP 48,780.49; year 2 interest 2,560.98 (51,219.51 x 5% =
 * 2,560.9755), MRP 51,219.51, which clears the balance. */
static void test_mrp_annuity(void **state)
{
    (void)state;
    struct mrp_tranche t = {.year = 2024, .amount = P(100000, 0), .method = MRP_ANNUITY, .life = 2,
                            .rate = 5 * RATE_SCALE};
    struct mrp_line l[MRP_MAX_LIFE];
    assert_int_equal(mrp_schedule(&t, 2, l, MRP_MAX_LIFE), 2);
    check_line(&l[0], 2025, P(100000, 0), P(48780, 49), P(51219, 51));
    check_line(&l[1], 2026, P(51219, 51), P(51219, 51), 0);
    /* 25 years at 4.5%: every year's MRP plus interest is the level payment but the last */
    struct mrp_tranche u = {.year = 2020, .amount = P(2500000, 0), .method = MRP_ANNUITY, .life = 25,
                            .rate = 4500000};
    assert_int_equal(mrp_schedule(&u, 25, l, MRP_MAX_LIFE), 25);
    /* A = 2,500,000 x 0.045 / (1 - 1.045^-25) = 168,597.5701 -> 168,597.57; year 1 interest
     * 112,500.00 */
    assert_int_equal(l[0].mrp, P(56097, 57));
    assert_int_equal(l[24].closing, 0);
}

/* 500,000.00 at 4% of the opening balance: 20,000.00, then 19,200.00, 18,432.00. */
static void test_mrp_reducing(void **state)
{
    (void)state;
    struct mrp_tranche t = {.year = 2025, .amount = P(500000, 0), .method = MRP_REDUCING_4PCT};
    struct mrp_line l[MRP_MAX_LIFE];
    assert_int_equal(mrp_schedule(&t, 3, l, MRP_MAX_LIFE), 3);
    check_line(&l[0], 2026, P(500000, 0), P(20000, 0), P(480000, 0));
    check_line(&l[1], 2027, P(480000, 0), P(19200, 0), P(460800, 0));
    check_line(&l[2], 2028, P(460800, 0), P(18432, 0), P(442368, 0));
    money_t m;
    assert_int_equal(mrp_for_year(&t, 1, 2025, &m), 0); /* the year of spend: nothing */
    assert_int_equal(m, 0);
}

/* The plan's MRP from its tranches, and CFR .. liability benchmark per year (hand-computed). */
static void test_plan_figures(void **state)
{
    (void)state;
    char *text = read_plan();
    struct capital_plan *p = calloc(1, sizeof *p);
    struct strategy_errors e;
    int n = capital_plan_parse_text(text, strlen(text), p, &e, NULL);
    if (n)
        fail_msg("%s", e.text[0]);
    assert_int_equal(p->nyears, 3);
    assert_int_equal(p->years[0].mrp, P(382113, 82)); /* 333,333.33 + 48,780.49 */
    assert_int_equal(p->years[1].mrp, P(404552, 84)); /* 333,333.33 + 51,219.51 + 20,000.00 */
    assert_int_equal(p->years[2].mrp, P(352533, 34)); /* 333,333.34 + 19,200.00 */
    struct prudential_year r[3];
    money_t debt[3] = {P(1, 0), P(2, 0), P(3, 0)};
    assert_int_equal(prudential_years(p, debt, r), 3);
    assert_int_equal(r[0].cfr, P(10117886, 18));
    assert_int_equal(r[0].loans_cfr, P(9117886, 18));
    assert_int_equal(r[0].net_loans_requirement, P(6817886, 18));
    assert_int_equal(r[0].liability_benchmark, P(7817886, 18));
    assert_int_equal(r[1].cfr, P(10313333, 34));
    assert_int_equal(r[1].net_loans_requirement, P(7313333, 34));
    assert_int_equal(r[1].liability_benchmark, P(8313333, 34));
    assert_int_equal(r[2].cfr, P(9960800, 0));
    assert_int_equal(r[2].loans_cfr, P(9060800, 0));
    assert_int_equal(r[2].net_loans_requirement, P(7460800, 0)); /* working capital -100,000 */
    assert_int_equal(r[2].liability_benchmark, P(8460800, 0));
    assert_int_equal(r[2].existing_debt, P(3, 0));
    assert_int_equal(prudential_ratio_bp(p->years[1].financing_costs, p->years[1].net_revenue_stream), 762);
    assert_int_equal(prudential_ratio_bp(p->years[1].net_commercial_income, p->years[1].net_revenue_stream), 124);
    /* the canonical form reads back the same */
    cJSON *canon = capital_plan_to_json(p);
    char *again = cJSON_PrintUnformatted(canon);
    struct capital_plan *q = calloc(1, sizeof *q);
    assert_int_equal(capital_plan_parse_text(again, strlen(again), q, &e, NULL), 0);
    cJSON *canon2 = capital_plan_to_json(q);
    assert_true(cJSON_Compare(canon, canon2, true));
    cJSON_Delete(canon);
    cJSON_Delete(canon2);
    free(again);
    free(q);
    free(p);
    free(text);
}

static void expect_error(const char *text, const char *want)
{
    struct capital_plan *p = calloc(1, sizeof *p);
    struct strategy_errors e;
    int n = capital_plan_parse_text(text, strlen(text), p, &e, NULL);
    bool found = false;
    for (int i = 0; i < e.n && !found; i++)
        found = strstr(e.text[i], want) != NULL;
    if (!found)
        fail_msg("wanted an error containing \"%s\", got %d: %s", want, n, n ? e.text[0] : "none");
    free(p);
}

static void test_errors_with_paths(void **state)
{
    (void)state;
    const char *y0 = "{\"year\": \"2025/26\", \"opening_cfr\": \"1.00\", \"capital_expenditure\": \"0\","
                     " \"financed_by_borrowing\": \"0\", \"other_long_term_liabilities\": \"0\","
                     " \"usable_reserves\": \"0\", \"working_capital\": \"0\", \"liquidity_allowance\": \"0\","
                     " \"net_revenue_stream\": \"1\", \"financing_costs\": \"0\", \"net_commercial_income\": \"0\"";
    char buf[2048];
    snprintf(buf, sizeof buf, "{\"effective_from\": \"2025-04-01\", \"years\": [%s}]}", y0);
    expect_error(buf, "years[0].mrp: required");
    snprintf(buf, sizeof buf, "{\"effective_from\": \"2025-04-01\", \"years\": [%s, \"mrp\": 5}]}", y0);
    expect_error(buf, "years[0].mrp: must be an amount as a string");
    snprintf(buf, sizeof buf, "{\"effective_from\": \"2025-04-01\", \"years\": [%s, \"mrp\": \"0\"},"
             " {\"year\": \"2027/28\"}]}", y0);
    expect_error(buf, "years[1].year: the years must follow one another");
    expect_error(buf, "years[1].usable_reserves: required");
    snprintf(buf, sizeof buf, "{\"effective_from\": \"2025-04-01\", \"years\": [%s, \"mrp\": \"0\"}],"
             " \"mrp_tranches\": [{\"year\": \"2025/27\", \"amount\": \"1\", \"method\": \"annuity\", \"life\": 0}]}", y0);
    expect_error(buf, "mrp_tranches[0].year: must be a financial year");
    expect_error(buf, "mrp_tranches[0].life: must be a whole number");
    expect_error(buf, "mrp_tranches[0].rate: required for the annuity method");
    expect_error("{\"years\": []}", "effective_from: required");
    expect_error("{\"effective_from\": \"2025-04-01\", \"years\": [], \"extra\": 1}", "extra: unknown field");
    expect_error("{\"effective_from\": ", "line 1: not valid JSON");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mrp_equal),
        cmocka_unit_test(test_mrp_annuity),
        cmocka_unit_test(test_mrp_reducing),
        cmocka_unit_test(test_plan_figures),
        cmocka_unit_test(test_errors_with_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
