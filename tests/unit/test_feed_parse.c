/* test_feed_parse.c: the feed parsers against inline payloads with the real quirks: BOM, CRLF,
 * "..", several series, curly apostrophes, truncated bodies, HTML answered with status 200,
 * headers that do not match the definition. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "feed/defs.h"
#include "feed/parse.h"

static const struct feed_column boe_cols[] = {{"IUDBEDR", "bank_rate", false}, {"IUDSOIA", "sonia", false}};

static int parse(enum feed_format f, const char *s, const struct feed_column *c, int n,
                 struct feed_result *r)
{
    return feed_parse(f, s, strlen(s), c, n, r);
}

static date_t d(const char *iso)
{
    date_t out;
    assert_true(date_parse(iso, &out, NULL));
    return out;
}

static void test_boe_two_series_bom_crlf_missing(void **state)
{
    (void)state;
    const char *csv = "\xEF\xBB\xBF"
                      "DATE,IUDBEDR,IUDSOIA\r\n"
                      "02 Jan 2026,3.75,3.7293\r\n"
                      "05 Jan 2026,3.75,..\r\n"
                      "06 Jan 2026,,3.7279\r\n"
                      "\r\n";
    struct feed_result r;
    assert_int_equal(parse(FEED_BOE_IADB_CSV, csv, boe_cols, 2, &r), 0);
    /* sorted by series then date: bank_rate x2, sonia x2 */
    assert_int_equal(r.nobs, 4);
    assert_string_equal(r.obs[0].series, "bank_rate");
    assert_int_equal(r.obs[0].date, d("2026-01-02"));
    assert_int_equal(r.obs[0].value, 3750000);
    assert_int_equal(r.obs[1].date, d("2026-01-05"));
    assert_string_equal(r.obs[2].series, "sonia");
    assert_int_equal(r.obs[2].date, d("2026-01-02"));
    assert_int_equal(r.obs[2].value, 3729300);
    assert_int_equal(r.obs[3].date, d("2026-01-06"));
    assert_int_equal(r.obs[3].value, 3727900);
    feed_result_free(&r);
}

static void test_boe_one_of_several_columns(void **state)
{
    (void)state;
    const char *csv = "DATE,IUDSOIA,IUDBEDR\n01 Aug 2018,0.4541,0.5\n02 Aug 2018,0.7006,0.75\n";
    struct feed_result r;
    assert_int_equal(parse(FEED_BOE_IADB_CSV, csv, boe_cols, 1, &r), 0);
    assert_int_equal(r.nobs, 2);
    assert_int_equal(r.obs[1].value, 750000); /* the IUDBEDR column, wherever it is */
    feed_result_free(&r);
}

static void test_boe_missing_column_named(void **state)
{
    (void)state;
    struct feed_result r;
    assert_int_equal(parse(FEED_BOE_IADB_CSV, "DATE,IUDBEDR\n02 Jan 2026,3.75\n", boe_cols, 2, &r),
                     -1);
    assert_non_null(strstr(r.error, "column \"IUDSOIA\" is missing"));
    assert_int_equal(r.nobs, 0);
    assert_null(r.obs);
}

static void test_boe_truncated(void **state)
{
    (void)state;
    struct feed_result r;
    /* cut in the middle of a value: no final line end, fewer decimals than the row before */
    assert_int_equal(parse(FEED_BOE_IADB_CSV,
                           "DATE,IUDBEDR,IUDSOIA\n02 Jan 2026,3.75,3.7293\n05 Jan 2026,3.75,3.72",
                           boe_cols, 2, &r),
                     -1);
    assert_string_equal(r.error, "line 3: the answer ends in the middle of a line (truncated)");
    assert_int_equal(parse(FEED_BOE_IADB_CSV,
                           "DATE,IUDBEDR,IUDSOIA\n02 Jan 2026,3.75,3.7293\n05 Jan 2026,3.75,3",
                           boe_cols, 2, &r),
                     -1);
    /* cut just after a comma */
    assert_int_equal(parse(FEED_BOE_IADB_CSV, "DATE,IUDBEDR,IUDSOIA\n02 Jan 2026,3.75,", boe_cols, 2,
                           &r),
                     -1);
    assert_non_null(strstr(r.error, "truncated"));
    /* but a complete last line without a line end is whole */
    assert_int_equal(parse(FEED_BOE_IADB_CSV,
                           "DATE,IUDBEDR,IUDSOIA\n02 Jan 2026,3.75,3.7293\n05 Jan 2026,3.75,3.7281",
                           boe_cols, 2, &r),
                     0);
    assert_int_equal(r.nobs, 4);
    feed_result_free(&r);
    /* cut after a comma on a line end-less last row */
    assert_int_equal(parse(FEED_BOE_IADB_CSV, "DATE,IUDBEDR,IUDSOIA\n02 Jan 2026,3.75\n", boe_cols,
                           2, &r),
                     -1);
    assert_non_null(strstr(r.error, "line 2: 2 cells where the header has 3"));
    /* cut in the middle of a date */
    assert_int_equal(parse(FEED_BOE_IADB_CSV, "DATE,IUDBEDR\n02 Jan 2026,3.75\n05 Ja", boe_cols, 1,
                           &r),
                     -1);
    assert_int_equal(r.nobs, 0);
}

/* Cut a payload after every byte: each prefix is either refused or gives only observations the
 * whole payload has, with the same values (never a value cut short). The one cut that cannot be
 * told from a whole answer is inside the first value of the last column (nothing above it to
 * compare with): those prefixes are left out. */
static void test_every_truncation(void **state)
{
    (void)state;
    const char *csv = "DATE,IUDBEDR,IUDSOIA\r\n"
                      "31 Dec 2025,3.75,..\r\n"
                      "02 Jan 2026,3.75,3.7293\r\n"
                      "05 Jan 2026,3.75,3.7281\r\n"
                      "06 Jan 2026,3.5,3.7275\r\n";
    struct feed_result whole, part;
    assert_int_equal(feed_parse(FEED_BOE_IADB_CSV, csv, strlen(csv), boe_cols, 2, &whole), 0);
    assert_int_equal(whole.nobs, 7);
    int accepted = 0;
    size_t first_value_end = strstr(csv, "3.7293") + 6 - csv;
    for (size_t len = 1; len < strlen(csv); len++) {
        if (len > first_value_end - 6 && len < first_value_end)
            continue;
        if (feed_parse(FEED_BOE_IADB_CSV, csv, len, boe_cols, 2, &part) < 0)
            continue;
        accepted++;
        for (int i = 0; i < part.nobs; i++) {
            bool found = false;
            for (int k = 0; k < whole.nobs; k++)
                if (strcmp(whole.obs[k].series, part.obs[i].series) == 0 &&
                    whole.obs[k].date == part.obs[i].date) {
                    assert_int_equal(part.obs[i].value, whole.obs[k].value);
                    found = true;
                }
            assert_true(found);
        }
        feed_result_free(&part);
    }
    assert_true(accepted > 4); /* the cuts at line ends are whole, shorter answers */
    feed_result_free(&whole);

    const char *json = "{\"england-and-wales\":{\"events\":[{\"title\":\"Boxing Day\","
                       "\"date\":\"2026-12-28\"}]}}";
    for (size_t len = 1; len < strlen(json); len++)
        assert_int_equal(feed_parse(FEED_GOVUK_BANK_HOLIDAYS, json, len, NULL, 0, &part), -1);
}

static void test_boe_garbled_refused_whole(void **state)
{
    (void)state;
    struct feed_result r;
    assert_int_equal(parse(FEED_BOE_IADB_CSV,
                           "DATE,IUDBEDR\n02 Jan 2026,3.75\n05 Jan 2026,3.7x\n06 Jan 2026,3.75\n",
                           boe_cols, 1, &r),
                     -1);
    assert_string_equal(r.error, "line 3: IUDBEDR \"3.7x\" is not a rate: unexpected character");
    assert_int_equal(r.nobs, 0);
    assert_int_equal(parse(FEED_BOE_IADB_CSV, "DATE,IUDBEDR\n2026-01-02,3.75\n", boe_cols, 1, &r),
                     -1);
    assert_string_equal(r.error, "line 2: \"2026-01-02\" is not a date");
    assert_int_equal(parse(FEED_BOE_IADB_CSV, "DATE,IUDBEDR\n31 Feb 2026,3.75\n", boe_cols, 1, &r),
                     -1);
    /* the same date twice with different values */
    assert_int_equal(parse(FEED_BOE_IADB_CSV, "DATE,IUDBEDR\n02 Jan 2026,3.75\n02 Jan 2026,4\n",
                           boe_cols, 1, &r),
                     -1);
    assert_non_null(strstr(r.error, "given twice"));
    assert_int_equal(parse(FEED_BOE_IADB_CSV, "", boe_cols, 1, &r), -1);
    assert_string_equal(r.error, "the answer is empty");
    assert_int_equal(parse(FEED_BOE_IADB_CSV, "Series,IUDBEDR\n02 Jan 2026,3.75\n", boe_cols, 1, &r),
                     -1);
    assert_non_null(strstr(r.error, "header does not start with DATE"));
}

static void test_html_with_200(void **state)
{
    (void)state;
    struct feed_result r;
    const char *page = "\n  <!DOCTYPE html>\n<html><head><title>Error</title></head>"
                       "<body>Sorry, the series code is not valid</body></html>\n";
    assert_int_equal(parse(FEED_BOE_IADB_CSV, page, boe_cols, 1, &r), -1);
    assert_non_null(strstr(r.error, "HTML page"));
    assert_int_equal(parse(FEED_GOVUK_BANK_HOLIDAYS, page, NULL, 0, &r), -1);
    assert_non_null(strstr(r.error, "HTML page"));
    /* text that is not a tag at the start, with a page further in */
    assert_true(feed_looks_html("Error\n<html><body>x</body></html>", 33));
    assert_false(feed_looks_html("DATE,IUDBEDR\n02 Jan 2026,3.75\n", 30));
}

static void test_dmy_mon(void **state)
{
    (void)state;
    date_t out;
    assert_true(feed_parse_dmy_mon("02 Jan 2026", &out));
    assert_int_equal(out, d("2026-01-02"));
    assert_true(feed_parse_dmy_mon("2 feb 2024", &out));
    assert_int_equal(out, d("2024-02-02"));
    assert_true(feed_parse_dmy_mon("29 Feb 2024", &out));
    assert_false(feed_parse_dmy_mon("29 Feb 2023", &out));
    assert_false(feed_parse_dmy_mon("02 Jxn 2026", &out));
    assert_false(feed_parse_dmy_mon("02 Jan 26", &out));
    assert_false(feed_parse_dmy_mon("02 Jan 2026x", &out));
}

static void test_csv_generic(void **state)
{
    (void)state;
    static const struct feed_column cols[] = {{"value", "pwlb_10y", false}};
    struct feed_result r;
    const char *csv = "\xEF\xBB\xBF"
                      "Date,Value\r\n"
                      "2026-01-02,5.12\r\n"
                      "05/01/2026,\"5.15%\"\r\n"
                      "06 Jan 2026,..\r\n"
                      "2026-01-07,5.20"; /* a hand-saved file may lack the last line end */
    assert_int_equal(parse(FEED_CSV, csv, cols, 1, &r), 0);
    assert_int_equal(r.nobs, 3);
    assert_int_equal(r.obs[1].date, d("2026-01-05"));
    assert_int_equal(r.obs[1].value, 5150000);
    assert_int_equal(r.obs[2].value, 5200000);
    feed_result_free(&r);

    /* ... but a last value with fewer decimals than the column's before it looks cut (the ".."
     * between does not hide 5.15) */
    assert_int_equal(parse(FEED_CSV, "date,value\n2026-01-05,5.15\n2026-01-06,..\n2026-01-07,5.2",
                           cols, 1, &r),
                     -1);
    assert_non_null(strstr(r.error, "truncated"));

    static const struct feed_column two[] = {{"maturity_10y", "a", false}, {"maturity_50y", "b", false}};
    assert_int_equal(parse(FEED_CSV, "date,maturity_10y\n2026-01-02,5.12\n", two, 2, &r), -1);
    assert_non_null(strstr(r.error, "column \"maturity_50y\" is missing"));
    /* an optional column (an "optional_series" entry) may be missing: an old file still loads */
    static const struct feed_column opt[] = {{"maturity_10y", "a", false}, {"repayment_maturity_10y", "r", true}};
    assert_int_equal(parse(FEED_CSV, "date,maturity_10y\n2026-01-02,5.12\n", opt, 2, &r), 0);
    assert_int_equal(r.nobs, 1);
    assert_string_equal(r.obs[0].series, "a");
    feed_result_free(&r);
    /* and when present it is read like any other */
    assert_int_equal(parse(FEED_CSV, "date,repayment_maturity_10y,maturity_10y\n2026-01-02,4.71,5.12\n", opt, 2, &r), 0);
    assert_int_equal(r.nobs, 2);
    assert_int_equal(r.obs[0].value + r.obs[1].value, 4710000 + 5120000);
    feed_result_free(&r);
    /* bare date,value lines without a header; the first column under another name */
    assert_int_equal(parse(FEED_CSV, "2026-01-02,5.12\n2026-01-05,5.15\n", cols, 1, &r), 0);
    assert_int_equal(r.nobs, 2);
    assert_int_equal(r.obs[0].date, d("2026-01-02"));
    assert_int_equal(r.obs[1].value, 5150000);
    feed_result_free(&r);
    assert_int_equal(parse(FEED_CSV, "2026-01-02,5.12\n", two, 2, &r), -1);
    assert_non_null(strstr(r.error, "no header"));
    assert_int_equal(parse(FEED_CSV, "As of,Value\n2026-01-02,5.12\nx,5\n", cols, 1, &r), -1);
    assert_string_equal(r.error, "line 3: \"x\" is not a date");
    assert_int_equal(parse(FEED_CSV, "date,value\n2026-01-02,\"5.12\n", cols, 1, &r), -1);
    assert_non_null(strstr(r.error, "quote is not closed"));
}

static const char govuk[] =
    "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
    "{\"title\":\"New Year\xE2\x80\x99s Day\",\"date\":\"2023-01-02\",\"notes\":\"Substitute day\","
    "\"bunting\":true},"
    "{\"title\":\"Bank holiday for the coronation of King Charles III\",\"date\":\"2023-05-08\","
    "\"notes\":\"\",\"bunting\":true},"
    "{\"title\":\"Early May bank holiday\",\"date\":\"2023-05-01\",\"notes\":\"\",\"bunting\":true}]},"
    "\"scotland\":{\"division\":\"scotland\",\"events\":["
    "{\"title\":\"2nd January\",\"date\":\"2023-01-03\",\"notes\":\"\",\"bunting\":true}]},"
    "\"northern-ireland\":{\"division\":\"northern-ireland\",\"events\":["
    "{\"title\":\"St Patrick\\u2019s Day\",\"date\":\"2023-03-17\",\"notes\":\"\",\"bunting\":true}]}}";

static void test_govuk(void **state)
{
    (void)state;
    struct feed_result r;
    assert_int_equal(parse(FEED_GOVUK_BANK_HOLIDAYS, govuk, NULL, 0, &r), 0);
    assert_int_equal(r.nhols, 3); /* england-and-wales only, sorted by date */
    assert_int_equal(r.hols[0].h.date, d("2023-01-02"));
    assert_string_equal(r.hols[0].h.title, "New Year\xE2\x80\x99s Day");
    assert_int_equal(r.hols[1].h.date, d("2023-05-01"));
    assert_int_equal(r.hols[2].h.date, d("2023-05-08"));
    assert_string_equal(r.hols[2].division, "england-and-wales");
    feed_result_free(&r);

    static const struct feed_column ni[] = {{"northern-ireland", "northern-ireland", false}};
    assert_int_equal(parse(FEED_GOVUK_BANK_HOLIDAYS, govuk, ni, 1, &r), 0);
    assert_int_equal(r.nhols, 1);
    assert_string_equal(r.hols[0].h.title, "St Patrick\xE2\x80\x99s Day"); /* \u2019 decoded */
    feed_result_free(&r);
}

static void test_govuk_refusals(void **state)
{
    (void)state;
    struct feed_result r;
    /* truncated: the first 200 bytes */
    assert_int_equal(feed_parse(FEED_GOVUK_BANK_HOLIDAYS, govuk, 200, NULL, 0, &r), -1);
    assert_non_null(strstr(r.error, "not valid JSON"));
    assert_int_equal(r.nhols, 0);
    static const struct feed_column wales[] = {{"wales", "wales", false}};
    assert_int_equal(parse(FEED_GOVUK_BANK_HOLIDAYS, govuk, wales, 1, &r), -1);
    assert_string_equal(r.error, "division \"wales\" is missing (the answer has: england-and-wales, "
                                 "scotland, northern-ireland)");
    assert_int_equal(parse(FEED_GOVUK_BANK_HOLIDAYS,
                           "{\"england-and-wales\":{\"events\":[{\"title\":\"X\",\"date\":\"2023-02-30\"}]}}",
                           NULL, 0, &r),
                     -1);
    assert_non_null(strstr(r.error, "event 1: \"date\""));
    assert_int_equal(parse(FEED_GOVUK_BANK_HOLIDAYS, "[1,2]", NULL, 0, &r), -1);
    assert_int_equal(parse(FEED_GOVUK_BANK_HOLIDAYS, "{\"england-and-wales\":{\"events\":[]}} x",
                           NULL, 0, &r),
                     -1);
}

static void test_periods(void **state)
{
    (void)state;
    long s = 0;
    assert_true(feed_parse_period("6h", &s));
    assert_int_equal(s, 21600);
    assert_true(feed_parse_period("1d", &s));
    assert_int_equal(s, 86400);
    assert_true(feed_parse_period("90s", &s));
    assert_int_equal(s, 90);
    assert_true(feed_parse_period("30m", &s));
    assert_int_equal(s, 1800);
    assert_true(feed_parse_period("1w", &s));
    assert_int_equal(s, 604800);
    assert_true(feed_parse_period("6 hours", &s));
    assert_int_equal(s, 21600);
    assert_true(feed_parse_period("Daily", &s));
    assert_int_equal(s, 86400);
    assert_true(feed_parse_period("PT6H", &s));
    assert_int_equal(s, 21600);
    assert_true(feed_parse_period("P1DT12H", &s));
    assert_int_equal(s, 129600);
    assert_true(feed_parse_period("3600", &s));
    assert_int_equal(s, 3600);
    assert_false(feed_parse_period("0h", &s));
    assert_false(feed_parse_period("-1d", &s));
    assert_false(feed_parse_period("6x", &s));
    assert_false(feed_parse_period("P1M", &s)); /* months are not a fixed length */
    assert_false(feed_parse_period("", &s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boe_two_series_bom_crlf_missing),
        cmocka_unit_test(test_boe_one_of_several_columns),
        cmocka_unit_test(test_boe_missing_column_named),
        cmocka_unit_test(test_boe_truncated),
        cmocka_unit_test(test_boe_garbled_refused_whole),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_html_with_200),
        cmocka_unit_test(test_dmy_mon),
        cmocka_unit_test(test_csv_generic),
        cmocka_unit_test(test_govuk),
        cmocka_unit_test(test_govuk_refusals),
        cmocka_unit_test(test_periods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
