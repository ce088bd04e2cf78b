/* test_strategy.c: reading the strategy JSON: the interfaces.md example field by field, the
 * optional fields, every error with its path, and the canonical form round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/rating.h"
#include "core/strategy_json.h"

static const char example[] =
    "{\"effective_from\": \"2017-04-01\","
    " \"approved\": {\"by\": \"County Council\", \"on\": \"21/02/2017\", \"reference\": \"Minute 14/17\"},"
    " \"rating_basis\": \"lowest\","
    " \"criteria\": [{\"min_long\": \"AA-\", \"limit\": \"25000000\", \"max_days\": 395},"
    "   {\"min_long\": \"A\", \"limit\": \"15000000\", \"max_days\": 182}],"
    " \"sectors\": {\"local_authority\": {\"limit\": \"20000000\", \"max_days\": 1825, \"needs_rating\": false},"
    "   \"central_government\": {\"limit\": null, \"max_days\": 18250, \"needs_rating\": false},"
    "   \"pooled_fund\": {\"limit\": \"25000000\", \"max_days\": null, \"needs_rating\": false}},"
    " \"non_uk_min_sovereign\": \"AA\", \"watch_negative\": \"overnight_only\", \"warning_ratio\": 0.9,"
    " \"indicators\": {\"authorised_limit\": \"455000000\", \"operational_boundary\": \"450000000\","
    "   \"invested_over_364_days\": \"85000000\","
    "   \"maturity_bands\": [{\"band\": \"under_12m\", \"lower\": 0, \"upper\": 20},"
    "     {\"band\": \"12m_24m\", \"lower\": 0, \"upper\": 25}, {\"band\": \"24m_5y\", \"lower\": 0, \"upper\": 35},"
    "     {\"band\": \"5y_10y\", \"lower\": 5, \"upper\": 40}, {\"band\": \"10y_plus\", \"lower\": 50, \"upper\": 95}]}}";

static int parse(const char *text, struct strategy *s, struct strategy_errors *e)
{
    return strategy_parse_text(text, strlen(text), s, e, NULL);
}

static void test_example(void **state)
{
    (void)state;
    struct strategy s;
    struct strategy_errors e;
    assert_int_equal(parse(example, &s, &e), 0);
    char buf[DATE_BUFSZ];
    assert_string_equal(date_format_iso(s.effective_from, buf), "2017-04-01");
    assert_string_equal(date_format_iso(s.approved_on, buf), "2017-02-21");
    assert_string_equal(s.approved_reference, "Minute 14/17");
    assert_int_equal(s.ncriteria, 2);
    assert_int_equal(s.criteria[0].min_long_notch, 4);
    assert_int_equal(s.criteria[0].limit.amount, 2500000000LL);
    assert_int_equal(s.criteria[1].max_days.days, 182);
    assert_true(s.sectors[SECTOR_CENTRAL_GOVERNMENT].limit.unlimited);
    assert_true(s.sectors[SECTOR_POOLED_FUND].max_days.unbounded);
    assert_false(s.sectors[SECTOR_BANK].present);
    assert_int_equal(s.non_uk_min_sovereign_notch, 3);
    assert_int_equal(s.watch_negative, WATCH_OVERNIGHT_ONLY);
    assert_int_equal(s.warning_ratio_bp, 9000);
    assert_int_equal(s.authorised_limit.amount, 45500000000LL);
    assert_true(s.fixed_rate_exposure.unlimited);
    assert_int_equal(s.nbands, 5);
    assert_string_equal(s.bands[3].code, "5y_10y");
    assert_int_equal(s.bands[3].from_months, 60);
    assert_int_equal(s.bands[3].to_months, 120);
    assert_int_equal(s.bands[3].lower_bp, 500);
    assert_int_equal(s.bands[4].to_months, -1);
    assert_int_equal(s.bands[4].upper_bp, 9500);
}

static void test_optional_fields(void **state)
{
    (void)state;
    const char *text =
        "{\"effective_from\": \"2018-04-01\", \"rating_basis\": \"second_lowest\","
        " \"group_limits\": {\"default\": \"25000000\", \"groups\": {\"LBG\": \"30000000\"}},"
        " \"country_limits\": {\"default\": \"10000000\", \"countries\": {\"DE\": null}},"
        " \"sector_limits\": {\"housing_association\": \"5,000,000\"},"
        " \"indicators\": {\"other_long_term_liabilities\": \"£1,250,000.50\","
        "   \"liquidity_minimum\": \"10000000\", \"variable_rate_exposure\": \"-5000000\","
        "   \"credit_score_max\": \"A-\","
        "   \"maturity_bands\": [{\"band\": \"m0_6\", \"from_months\": 0, \"to_months\": 6, \"lower\": 0, \"upper\": 10},"
        "     {\"band\": \"m6_12\", \"from_months\": 6, \"to_months\": 12, \"lower\": 0, \"upper\": 12.5},"
        "     {\"band\": \"m12_plus\", \"from_months\": 12, \"lower\": 0, \"upper\": 100}]}}";
    struct strategy s;
    struct strategy_errors e;
    assert_int_equal(parse(text, &s, &e), 0);
    assert_int_equal(s.rating_basis, BASIS_SECOND_LOWEST);
    assert_int_equal(strategy_group_limit(&s, "LBG").amount, 3000000000LL);
    assert_int_equal(strategy_group_limit(&s, "HSBC").amount, 2500000000LL);
    assert_true(strategy_country_limit(&s, "DE").unlimited);
    assert_int_equal(strategy_country_limit(&s, "FR").amount, 1000000000LL);
    assert_true(strategy_country_limit(&s, "GB").unlimited);
    assert_int_equal(s.sector_totals[SECTOR_HOUSING_ASSOCIATION].amount, 500000000LL);
    assert_true(s.sector_totals[SECTOR_BANK].unlimited);
    assert_int_equal(s.other_long_term_liabilities, 125000050LL);
    assert_int_equal(s.variable_rate_exposure.amount, -500000000LL);
    assert_int_equal(s.credit_score_max_notch, 7);
    assert_int_equal(s.nbands, 3);
    assert_int_equal(s.bands[1].upper_bp, 1250);
    assert_int_equal(strategy_band_index(&s, 5), 0);
    assert_int_equal(strategy_band_index(&s, 6), 1);
    assert_int_equal(strategy_band_index(&s, 500), 2);
    /* defaults when left out */
    assert_int_equal(parse("{\"effective_from\": \"2018-04-01\"}", &s, &e), 0);
    assert_int_equal(s.nbands, 5);
    assert_int_equal(s.warning_ratio_bp, 9000);
    assert_true(s.authorised_limit.unlimited);
}

static bool has(const struct strategy_errors *e, const char *text)
{
    for (int i = 0; i < e->n; i++)
        if (strcmp(e->text[i], text) == 0)
            return true;
    print_error("missing error: %s\n", text);
    for (int i = 0; i < e->n; i++)
        print_error("  got: %s\n", e->text[i]);
    return false;
}

static void test_errors_with_paths(void **state)
{
    (void)state;
    const char *text =
        "{\"effective_from\": \"2018-02-30\", \"watch_negative\": \"panic\", \"colour\": 1,"
        " \"criteria\": [{\"min_long\": \"ZZ\", \"limit\": \"5,00O\", \"max_days\": -1}],"
        " \"sectors\": {\"mmf\": {\"limit\": null, \"max_days\": 0, \"needs_rating\": \"no\"}},"
        " \"country_limits\": {\"countries\": {\"Germany\": \"1\"}},"
        " \"indicators\": {\"authorised_limit\": \"100\", \"operational_boundary\": \"200\","
        "   \"maturity_bands\": [{\"band\": \"under_12m\", \"lower\": 0, \"upper\": 20},"
        "     {\"band\": \"12m_24m\", \"lower\": 0, \"upper\": 25},"
        "     {\"band\": \"24m_5y\", \"lower\": 0, \"upper\": 135},"
        "     {\"band\": \"10y_plus\", \"lower\": 60, \"upper\": 50}]}}";
    struct strategy s;
    struct strategy_errors e;
    assert_true(parse(text, &s, &e) >= 10);
    assert_true(has(&e, "effective_from: \"2018-02-30\" is not a date: no such day"));
    assert_true(has(&e, "watch_negative: \"panic\" is not one of ignore, overnight_only, suspend"));
    assert_true(has(&e, "criteria[0].min_long: \"ZZ\" is not a long-term rating (e.g. AA-, Aa3)"));
    assert_true(has(&e, "criteria[0].max_days: must be a whole number of days between 0 and 36500, or null"));
    assert_true(has(&e, "sectors.mmf.needs_rating: must be true or false"));
    assert_true(has(&e, "country_limits.countries.Germany: \"Germany\" is not a country code (ISO 3166 alpha-2, e.g. DE)"));
    assert_true(has(&e, "indicators.operational_boundary: must not be above the authorised limit"));
    assert_true(has(&e, "indicators.maturity_bands[2].upper: must be between 0 and 100"));
    assert_true(has(&e, "indicators.maturity_bands[3].lower: must not be above upper"));
    bool colour = false, limit = false;
    for (int i = 0; i < e.n; i++) {
        colour |= strncmp(e.text[i], "colour: unknown field", 21) == 0;
        limit |= strncmp(e.text[i], "criteria[0].limit: \"5,00O\" is not an amount", 43) == 0;
    }
    assert_true(colour);
    assert_true(limit);
    /* bands that leave a gap, and a last band with an end */
    const char *gap =
        "{\"effective_from\": \"2018-04-01\", \"indicators\": {\"maturity_bands\": ["
        " {\"band\": \"under_12m\", \"lower\": 0, \"upper\": 100},"
        " {\"band\": \"5y_10y\", \"lower\": 0, \"upper\": 100}]}}";
    assert_int_equal(parse(gap, &s, &e), 2);
    assert_true(has(&e, "indicators.maturity_bands[1].from_months: must be 12, where the band before ends"));
    assert_true(has(&e, "indicators.maturity_bands[1].to_months: the last band must be open-ended (leave to_months out) so every loan falls in a band"));
    assert_int_equal(parse("{\"effective_from\": \"2018-04-01\",}", &s, &e), 1);
    assert_string_equal(e.text[0], "line 1: not valid JSON");
    assert_int_equal(parse("[1]", &s, &e), 1);
    assert_int_equal(parse("{}", &s, &e), 1);
    assert_string_equal(e.text[0], "effective_from: required");
}

static void test_canonical_round_trip(void **state)
{
    (void)state;
    struct strategy s, t;
    struct strategy_errors e;
    assert_int_equal(parse(example, &s, &e), 0);
    cJSON *a = strategy_to_json(&s);
    char *text = cJSON_PrintUnformatted(a);
    assert_int_equal(parse(text, &t, &e), 0);
    cJSON *b = strategy_to_json(&t);
    assert_true(cJSON_Compare(a, b, true));
    /* the same strategy written differently has the same canonical form */
    char *other = strdup(example);
    char *p = strstr(other, "\"455000000\"");
    memcpy(p, "455000000  ", 11); /* a JSON number instead of a string */
    assert_int_equal(parse(other, &t, &e), 0);
    cJSON *c = strategy_to_json(&t);
    assert_true(cJSON_Compare(a, c, true));
    free(other);
    free(text);
    cJSON_Delete(a);
    cJSON_Delete(b);
    cJSON_Delete(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example),
        cmocka_unit_test(test_optional_fields),
        cmocka_unit_test(test_errors_with_paths),
        cmocka_unit_test(test_canonical_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
