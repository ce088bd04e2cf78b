/* test_report_build.c: the report builders over canned view documents (the contract's JSON
 * shapes, tests/fixtures/reports/views/NAME.json; NAME-YYYY-MM-DD.json for a view asked at
 * another date). The md, csv and json of each report are compared with golden files
 * (UPDATE_GOLDEN=1 rewrites them); key figures are also asserted one by one, worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* util/err.h declares a fail() function; cmocka's fail() macro must come after it. */
#include "report/build.h"
#include "report/writer.h"
#include "util/err.h"

#include <cmocka.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(f);
    fclose(m);
    return buf;
}

struct fake {
    const char *only; /* when set, every other view is "not in this build" */
    int calls;
};

static cJSON *fake_fetch(void *ctx, const char *view, const struct view_args *args, int *code)
{
    struct fake *fk = ctx;
    fk->calls++;
    *code = EXIT_OK;
    if (fk->only && strcmp(fk->only, view) != 0)
        return NULL;
    char path[256], day[DATE_BUFSZ];
    snprintf(path, sizeof path, "tests/fixtures/reports/views/%s-%s.json", view,
             date_format_iso(args->as_of, day));
    char *text = slurp(path);
    if (!text) {
        snprintf(path, sizeof path, "tests/fixtures/reports/views/%s.json", view);
        text = slurp(path);
    }
    if (!text)
        return NULL;
    cJSON *doc = cJSON_Parse(text);
    free(text);
    assert_non_null(doc);
    return doc;
}

static struct report *build(const char *kind, const char *only)
{
    struct fake fk = {.only = only};
    struct report_source src = {.fetch = fake_fetch, .ctx = &fk};
    struct view_args args = {.reference_date = DATE_NONE};
    assert_true(date_parse("2018-03-31", &args.as_of, NULL));
    if (strcmp(kind, "outturn") == 0) {
        assert_true(date_parse("2017-04-01", &args.from, NULL));
        args.to = args.as_of;
    } else {
        args.from = args.to = DATE_NONE;
    }
    int code = -1;
    struct report *r = report_build(kind, &src, "TST", "Testshire County Council", &args, &code);
    assert_non_null(r);
    assert_int_equal(code, EXIT_OK);
    report_set_generated(r, "2018-04-03T09:00:00Z");
    return r;
}

static char *render(int (*fn)(const struct report *, FILE *), const struct report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(fn(r, f), 0);
    fclose(f);
    return buf;
}

static void golden(const char *name, int (*fn)(const struct report *, FILE *), const struct report *r)
{
    char path[256];
    char *got = render(fn, r);
    snprintf(path, sizeof path, "tests/fixtures/reports/%s", name);
    if (getenv("UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(got, f);
        fclose(f);
    }
    char *want = slurp(path);
    if (!want)
        fail_msg("cannot read %s (run from the repository root)", path);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "%s differs from the output:\n%s\n", path, got);
        fail_msg("%s: output differs from the golden file", name);
    }
    free(want);
    free(got);
}

static const struct rtable *find_table(const struct report *r, const char *id)
{
    for (int i = 0; i < r->nsections; i++)
        for (int b = 0; b < r->sections[i]->nblocks; b++) {
            const struct rblock *bl = r->sections[i]->blocks[b];
            if (bl->kind == RB_TABLE && strcmp(bl->table->id, id) == 0)
                return bl->table;
        }
    fail_msg("no table %s", id);
    return NULL;
}

static const char *cell(const struct rtable *t, int row, const char *key)
{
    static char buf[RV_BUFSZ];
    int c = rtable_col_index(t, key);
    assert_true(c >= 0);
    return rv_plain(rtable_cell(t, row, c), buf);
}

static void test_portfolio(void **state)
{
    (void)state;
    struct report *r = build("portfolio", NULL);
    const struct rtable *t = find_table(r, "investments_by_type");
    assert_int_equal(t->nrows, 5);
    assert_string_equal(cell(t, 0, "principal"), "15000000.00");
    /* 15,000,000 / 75,224,400 = 19.9403...% */
    assert_string_equal(cell(t, 0, "share"), "19.94");
    assert_true(t->total[4]);
    assert_string_equal(cell(t, 4, "principal"), "75224400.00"); /* the view's total */
    assert_string_equal(cell(t, 4, "count"), "5");
    t = find_table(r, "holdings_fixed");
    assert_int_equal(t->nrows, 3);
    assert_string_equal(cell(t, 1, "counterparty"), "Fife Council");
    assert_string_equal(cell(t, 1, "maturity_date"), "2018-06-26");
    assert_string_equal(cell(t, 2, "principal"), "15000000.00");
    assert_int_equal(r->nunavailable, 0);
    golden("portfolio.md", report_write_md, r);
    golden("portfolio.json", report_write_json, r);
    report_free(r);
}

static void test_pi(void **state)
{
    (void)state;
    struct report *r = build("pi", NULL);
    const struct rtable *t = find_table(r, "indicators");
    assert_string_equal(cell(t, 0, "indicator"), "Authorised limit for external debt");
    /* 367,383,000 / 455,000,000 = 80.7435...% */
    assert_string_equal(cell(t, 0, "used"), "80.74");
    assert_string_equal(cell(t, 2, "status"), "warning");
    t = find_table(r, "indicator_maturity_bands");
    assert_string_equal(cell(t, 1, "lower"), "50.00");
    assert_string_equal(cell(t, 1, "upper"), "95.00");
    assert_string_equal(cell(t, 1, "actual"), "61.67");
    t = find_table(r, "counterparty_exposure");
    assert_int_equal(t->nrows, 3); /* HSBC has no exposure */
    assert_string_equal(cell(t, 1, "counterparty"), "Fife Council");
    assert_string_equal(cell(t, 2, "limit"), ""); /* no limit: empty, not zero */
    t = find_table(r, "alerts");
    assert_int_equal(t->nrows, 2); /* raised in March, or still open; not the April one */
    assert_string_equal(cell(t, 0, "subject"), "FIFE");
    assert_string_equal(cell(t, 1, "state"), "acknowledged");
    t = find_table(r, "credit_score");
    assert_int_equal(t->nrows, 2);
    assert_string_equal(cell(t, 0, "measure"), "Value-weighted");
    assert_string_equal(cell(t, 0, "score"), "3.12");
    assert_string_equal(cell(t, 1, "rating"), "AA");
    assert_string_equal(cell(t, 1, "limit_rating"), "A-");
    t = find_table(r, "indicators");
    for (int i = 0; i < t->nrows; i++) /* credit scores are not money indicators */
        assert_null(strstr(cell(t, i, "indicator"), "credit"));
    t = find_table(r, "debt_by_type");
    /* 317,383,000 / 367,383,000 = 86.3903...% */
    assert_string_equal(cell(t, 0, "share"), "86.39");
    golden("pi.md", report_write_md, r);
    golden("pi.csv", report_write_csv, r);
    report_free(r);
}

static void test_outturn(void **state)
{
    (void)state;
    struct report *r = build("outturn", NULL);
    const struct rtable *t = find_table(r, "maturing_debt");
    assert_int_equal(t->nrows, 8);
    assert_string_equal(cell(t, 7, "amount"), "18000000.00");
    assert_string_equal(cell(t, 7, "rate"), "6.3722");
    t = find_table(r, "debt_start");
    assert_string_equal(cell(t, 3, "principal"), "385383000.00");
    /* New borrowing = 367,383,000 - 385,383,000 + 18,000,000 = 0 */
    const struct rblock *figs = r->sections[0]->blocks[0];
    assert_int_equal(figs->kind, RB_FIGURES);
    assert_int_equal(figs->nfigs, 4);
    assert_string_equal(figs->figs[2].label, "New external borrowing in the period");
    assert_int_equal(figs->figs[2].value.v.money, 0);
    /* Average return: deposits of 5m for 148 nights at 0.85% and 10m for 279 nights at 0.90%
     * earned 17,232.88 + 68,794.52 = 86,027.40 on principal x nights of 3.53e9 pounds:
     * balance 3.53e9 / 365 = 9,671,232.88; return 86,027.40 x 365 / 3.53e9 = 0.889518%. */
    const struct rsection *annex6 = r->sections[r->nsections - 2];
    const struct rblock *f6 = annex6->blocks[0];
    assert_int_equal(f6->kind, RB_FIGURES);
    assert_int_equal(f6->nfigs, 6);
    assert_int_equal(f6->figs[4].value.v.money, 967123288);
    assert_int_equal(f6->figs[5].value.v.rate, 889518);
    t = find_table(r, "benchmarks");
    assert_string_equal(cell(t, 0, "average"), "0.3027");
    assert_string_equal(cell(t, 0, "return_above"), "0.5868"); /* 0.889518 - 0.302700 */
    /* Annex 7 (views/returns.json): compounded SONIA (100.0000 / 99.6960 - 1) x 365/365
     * = 0.304 / 99.696 = 0.304927% -> 0.3049; the return 0.889518% above it by 0.5846. */
    const struct rsection *annex7 = r->sections[r->nsections - 1];
    assert_string_equal(annex7->id, "returns");
    const struct rblock *f7 = annex7->blocks[0];
    assert_int_equal(f7->kind, RB_FIGURES);
    assert_int_equal(f7->nfigs, 6);
    assert_int_equal(f7->figs[1].value.v.money, 967123288);
    assert_int_equal(f7->figs[3].value.v.rate, 304900);
    assert_int_equal(f7->figs[4].value.v.rate, 584600);
    golden("outturn.md", report_write_md, r);
    golden("outturn.json", report_write_json, r);
    report_free(r);
}

static void test_missing_views(void **state)
{
    (void)state;
    struct report *r = build("pi", "portfolio");
    /* Only the portfolio view exists: every other section says "not available", no figures. */
    assert_true(r->nunavailable >= 5);
    char *md = render(report_write_md, r);
    assert_non_null(strstr(md, "> not available: prudential indicators (this build has no indicators view)"));
    assert_non_null(strstr(md, "> not available: alerts of the month (this build has no alerts view)"));
    assert_null(strstr(md, "Authorised limit"));
    assert_non_null(strstr(md, "| Money market funds | 1 | £25,000,000.00 | 33.23% |"));
    free(md);
    report_free(r);
}

static void test_bad_kind(void **state)
{
    (void)state;
    struct fake fk = {0};
    struct report_source src = {.fetch = fake_fetch, .ctx = &fk};
    struct view_args args = {.as_of = 0, .from = DATE_NONE, .to = DATE_NONE};
    int code = 0;
    assert_null(report_build("weekly", &src, "TST", "T", &args, &code));
    assert_int_equal(code, EXIT_BAD);
    assert_int_equal(fk.calls, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_portfolio),     cmocka_unit_test(test_pi),
        cmocka_unit_test(test_outturn),       cmocka_unit_test(test_missing_views),
        cmocka_unit_test(test_bad_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
