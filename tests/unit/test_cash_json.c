/* test_cash_json.c: the forecast's document written as text (views/cash_json.h, the API's answer)
 * is byte for byte what cJSON_PrintUnformatted prints of the tree views/cash.c builds from the same
 * parts (cash_forecast_doc against cash_forecast_doc_write): by day, week, month and year, with
 * and without an account, with flows outside the period, none at all, a balance below the
 * minimum, and descriptions holding every character cJSON escapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "views/cash.h"
#include "util/json_out.h"
#include "views/cash_json.h"

static date_t d(const char *s)
{
    date_t out;
    assert_true(date_parse(s, &out, NULL));
    return out;
}

static void add(struct cash_flows *fs, const char *date, enum cash_source src, const char *account, const char *ref,
                const char *desc, money_t amount)
{
    struct cash_flow f = {.date = d(date), .source = src, .amount = amount};
    snprintf(f.account, sizeof f.account, "%s", account);
    snprintf(f.ref, sizeof f.ref, "%s", ref);
    snprintf(f.description, sizeof f.description, "%s", desc);
    assert_int_equal(cash_flows_add(fs, &f), 0);
}

/* The tree printed and the text written of one forecast are the same bytes. */
static void same(const struct cash_args *args, money_t opening, money_t minimum, const struct cash_flows *fs)
{
    int code = -1;
    cJSON *doc = cash_forecast_doc(args, opening, minimum, fs, &code);
    assert_non_null(doc);
    char *want = cJSON_PrintUnformatted(doc);
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(cash_forecast_doc_write(args, opening, minimum, fs, &sb), 0);
    assert_string_equal(sb.buf, want);
    assert_int_equal(sb.len, strlen(want));
    free(want);
    strbuf_free(&sb);
    cJSON_Delete(doc);
}

/* A year of flows: a deal out and back, a weekly forecast item, a statement line, flows before
 * and after the period (not items), a payment taking the balance below the minimum. */
static void year(struct cash_flows *fs)
{
    add(fs, "2025-06-27", CASH_BOOK, "MAIN", "D1", "fixed placed", -5000000); /* before from */
    add(fs, "2025-06-30", CASH_ACTUAL, "MAIN", "S4/opening", "statement opening balance 10.00: its difference", 125);
    add(fs, "2025-06-30", CASH_BOOK, "MAIN", "D2", "fixed matures: principal 1000.00 + interest 12.34", 101234);
    for (date_t w = d("2025-07-04"); w <= d("2026-06-26"); w += 7)
        add(fs, date_format_iso(w, (char[DATE_BUFSZ]){0}), CASH_FORECAST, "PAYROLL", "CF9", "payroll: salaries",
            -2500000);
    add(fs, "2025-12-24", CASH_FORECAST, "MAIN", "CF10", "grant", 90000000);
    add(fs, "2026-06-29", CASH_BOOK, "PAYROLL", "L1", "loan instalment: principal 1.00 + interest 0.01", -101);
    add(fs, "2026-07-01", CASH_BOOK, "MAIN", "D3", "after the period", 777); /* after to */
}

static void test_by_each_period(void **state)
{
    (void)state;
    struct cash_flows fs = {0};
    year(&fs);
    cash_flows_sort(&fs);
    for (int by = 0; by < CASH_BY_COUNT; by++) {
        struct cash_args args = {d("2025-06-30"), d("2026-06-29"), (enum cash_by)by, NULL};
        same(&args, 1000000, 50000000, &fs); /* below the minimum from the first payroll */
        args.account = "PAYROLL";
        same(&args, -12345, 0, &fs);
    }
    cash_flows_free(&fs);
}

static void test_empty_and_one_day(void **state)
{
    (void)state;
    struct cash_flows fs = {0};
    struct cash_args args = {d("2025-06-30"), d("2025-06-30"), CASH_BY_DAY, NULL};
    same(&args, 0, 0, &fs);
    args.to = d("2025-09-30");
    same(&args, 99, 100, &fs);
}

/* Every byte cJSON escapes (quote, backslash, the control characters) and some it does not
 * (UTF-8, DEL, '/'), in each string an item carries. */
static void test_escapes(void **state)
{
    (void)state;
    char all[CASH_DESC_MAX], *p = all;
    for (int ch = 1; ch < 32; ch++)
        *p++ = (char)ch;
    strcpy(p, "\"q\\b/\x7f caf\xc3\xa9 \xe2\x82\xac");
    struct cash_flows fs = {0};
    add(&fs, "2025-07-01", CASH_FORECAST, "MA\"IN", "CF\\1", all, 1);
    add(&fs, "2025-07-01", CASH_FORECAST, "MAIN", "", "", -1);
    add(&fs, "2025-07-02", CASH_BOOK, "MAIN", "R\t", "tab\tend\n", 0);
    struct cash_args args = {d("2025-07-01"), d("2025-07-03"), CASH_BY_DAY, "MA\"IN"};
    same(&args, 5, 3, &fs);
    cash_flows_free(&fs);

    struct strbuf sb = STRBUF_INIT;
    json_out_string(&sb, "a\x01\x1f\"\\\b\f\n\r\t\xc3\xa9");
    assert_string_equal(sb.buf, "\"a\\u0001\\u001f\\\"\\\\\\b\\f\\n\\r\\t\xc3\xa9\"");
    strbuf_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_each_period),
        cmocka_unit_test(test_empty_and_one_day),
        cmocka_unit_test(test_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
