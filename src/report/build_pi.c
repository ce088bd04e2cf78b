/* build_pi.c: `report pi`, the monthly prudential indicator report at the as-of date: every
 * indicator with limit, actual and status; external debt and its maturity structure; investments
 * by type and their WAM; exposure by counterparty against limits; credit score; liquidity; the
 * breaches and the alerts of the month; with bank accounts, the forecast-based liquidity and the
 * coming 13 weeks' balance (build_cashflow.c). Views: indicators, debt, portfolio, wam, limits,
 * alerts; accounts and cashflow; liability-benchmark (with its chart) when a capital plan is in force. */
#include <stdio.h>
#include <string.h>

#include "core/rating.h"
#include "report/builders.h"
#include "report/sections.h"

/* ---- security: the credit score ---- */

/* The indicators view states the score as {"credit_score": {"value_weighted": {score, rating,
 * limit, status}, "time_weighted": {...}, "rated", "unrated"}}: a row per measure. */
static const char *const measures[][2] = {
    {"value_weighted", "Value-weighted"}, {"time_weighted", "Time-weighted"}, {NULL, NULL}};

static RCELL(cell_measure)
{
    (void)c, (void)f;
    return rv_text(title_lookup(measures, row->string));
}

static RCELL(cell_rating_of)
{
    (void)f;
    const cJSON *limit = rj_obj(row, rcol_field(c));
    return rv_text(cJSON_IsNumber(limit) ? rating_long_symbol((int)limit->valuedouble) : "");
}

static const struct rcolspec credit_score_cols[] = {
    RCOL("measure", "Measure", RT_TEXT, .cell = cell_measure),
    RCOL("score", "Score", RT_NUMBER),
    RCOL("rating", "Rating", RT_TEXT),
    RCOL("limit", "Worst allowed", RT_NUMBER),
    RCOL("limit_rating", "Its rating", RT_TEXT, .field = "limit", .cell = cell_rating_of),
    RCOL("status", "Status", RT_TEXT),
};
static const struct rtable_spec credit_score = RTABLE_SPEC(
    "credit_score", "Average credit score of the investments (AAA = 1, AA+ = 2 ...)", "Credit score",
    credit_score_cols);

/* The credit score table, a row for each measure the view states; NULL when it states none. */
static struct rtable *credit_score_table(struct rsection *s, const cJSON *indicators)
{
    const cJSON *cs = rj_obj(indicators, "credit_score");
    struct rtable *t = NULL;
    for (size_t k = 0; cs && measures[k][0]; k++) {
        const cJSON *m = rj_obj(cs, measures[k][0]);
        if (!cJSON_IsObject(m))
            continue;
        if (!t)
            t = rtable_from_spec(s, &credit_score, NULL);
        rtable_add_row(t, &credit_score, m, NULL);
    }
    return t;
}

/* The liquidity indicator's forecast-based figures, when the indicators view states them (an
 * authority with bank accounts): the low point of the coming 13 weeks' forecast balance. */
static void liquidity_forecast(struct rsection *s, const cJSON *indicators)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, rj_obj(indicators, "indicators"))
    {
        const char *code = rj_str(it, "code");
        const cJSON *f = rj_obj(it, "forecast");
        if (!code || strcmp(code, "liquidity") != 0 || !cJSON_IsObject(f))
            continue;
        section_figure(s, "Forecast: lowest bank balance in the coming 13 weeks", rjv_money(f, "lowest_balance"));
        section_figure(s, "Forecast: lowest on", rjv_date(f, "lowest_date"));
        section_figure(s, "Forecast: days covered before a day below the minimum balance",
                       rjv_count(f, "days_covered"));
        section_figure(s, "Forecast: shortfall to the minimum balance at the low point", rjv_money(f, "shortfall"));
    }
}

/* Credit score and liquidity, when the indicators view states them. */
static void security_and_liquidity(struct rbuild *b, const cJSON *indicators)
{
    struct rsection *s = report_section(b->r, "security", "Security: credit score");
    if (!indicators)
        section_note(s, "not available: credit score (see the indicators section)");
    else if (credit_score_table(s, indicators))
        section_para(s, "Each investment scores the notch of its counterparty's long-term rating; "
                        "value-weighted by principal, time-weighted by principal and days to maturity.");
    else
        report_unavailable(b->r, s, "credit score", "the indicators view does not state it");
    s = report_section(b->r, "liquidity", "Liquidity");
    struct rvalue liq = rs_indicator_actual(indicators, "liquidity");
    if (!indicators)
        section_note(s, "not available: liquidity (see the indicators section)");
    else if (liq.null)
        report_unavailable(b->r, s, "liquidity", "the indicators view does not state it");
    else
        section_figure(s, "Cash available within 3 months (call accounts, money market funds, "
                          "notice and maturities within 90 days)", liq);
    liquidity_forecast(s, indicators);
}

/* ---- the liability benchmark, when a capital plan is in force ---- */

/* True when the indicators view states the capital plan's indicators (a plan in force covering
 * the as-of date's financial year). */
static bool has_capital_plan(const cJSON *indicators)
{
    const cJSON *ind;
    cJSON_ArrayForEach(ind, rj_obj(indicators, "indicators"))
    {
        const char *code = rj_str(ind, "code");
        if (code && strcmp(code, "capital_financing_requirement") == 0)
            return true;
    }
    return false;
}

/* The liability benchmark section with its chart (the quarterly pack's, rs_liability_benchmark);
 * no section for a book without a capital plan in force. */
static void liability_benchmark(struct rbuild *b, const cJSON *indicators)
{
    if (!indicators || !has_capital_plan(indicators))
        return;
    struct rsection *s = report_section(b->r, "liability_benchmark", "Liability benchmark");
    const cJSON *lb = rb_view(b, s, "liability-benchmark", "the liability benchmark", NULL);
    if (lb)
        rs_liability_benchmark(b, s, lb, "the report's date");
}

/* ---- alerts ---- */

/* The day an alert was raised: the date of its "raised_at" timestamp. */
static RCELL(cell_day_of)
{
    (void)f;
    const char *at = rj_str(row, rcol_field(c));
    char day[DATE_BUFSZ];
    date_t d;
    if (!at)
        return rv_null(RT_DATE);
    snprintf(day, sizeof day, "%.10s", at);
    return date_parse(day, &d, NULL) ? rv_date(d) : rv_null(RT_DATE);
}

static const struct rcolspec alert_cols[] = {
    RCOL("raised", "Raised", RT_DATE, .field = "raised_at", .cell = cell_day_of),
    RCOL("kind", "Kind", RT_TEXT),
    RCOL("subject", "Subject", RT_TEXT),
    RCOL("state", "State", RT_TEXT),
    RCOL("passive", "Passive", RT_TEXT, .cell = cell_yes_no),
};
static const struct rtable_spec alerts = RTABLE_SPEC("alerts", "Alerts of the month", NULL, alert_cols);

/* The days an alert is shown for: ISO dates, both included. */
struct alert_days {
    char first[DATE_BUFSZ], last[DATE_BUFSZ];
};

/* Raised by the last day, and raised from the first day on or still open. */
static bool alert_shown(const cJSON *a, const struct rfill *f)
{
    const struct alert_days *days = f->ctx;
    const char *raised = rj_str(a, "raised_at"), *state = rj_str(a, "state");
    if (!raised || strncmp(raised, days->last, 10) > 0)
        return false; /* raised after the report's date */
    bool in_month = strncmp(raised, days->first, 10) >= 0;
    bool open = state && strcmp(state, "resolved") != 0;
    return in_month || open;
}

/* Alerts raised in the as-of date's month (or in --from..--to when given), or still open. */
static void alerts_of_month(struct rbuild *b, struct rsection *s)
{
    struct view_args all = b->args;
    all.all = true;
    const cJSON *doc = rb_view(b, s, "alerts", "alerts of the month", &all);
    if (!doc)
        return;
    int y, m, d;
    date_to_ymd(b->args.as_of, &y, &m, &d);
    date_t first, last = b->args.as_of;
    date_from_ymd(y, m, 1, &first);
    if (b->args.from != DATE_NONE) {
        first = b->args.from;
        last = b->args.to;
    }
    struct alert_days days;
    date_format_iso(first, days.first);
    date_format_iso(last, days.last);
    struct rfill f = {.keep = alert_shown, .ctx = &days,
                      .title = b->args.from != DATE_NONE ? "Alerts of the period" : NULL};
    rtable_fill(s, &alerts, rj_obj(doc, "alerts"), &f);
}

void report_build_pi(struct rbuild *b)
{
    struct rsection *s = report_section(b->r, "indicators", "Prudential indicators");
    const cJSON *indicators = rb_view(b, s, "indicators", "prudential indicators", NULL);
    if (indicators)
        rs_indicators(b, s, indicators);

    s = report_section(b->r, "debt", "External debt");
    const cJSON *debt = rb_view(b, s, "debt", "external debt", NULL);
    if (debt) {
        section_figure(s, "External debt", rjv_money(debt, "external_debt"));
        rs_debt_by_type(b, s, debt, "debt_by_type", "External debt by type");
        rs_maturity_structure(b, s, debt);
    }
    liability_benchmark(b, indicators);

    s = report_section(b->r, "investments", "Investments");
    const cJSON *portfolio = rb_view(b, s, "portfolio", "investments by type", NULL);
    if (portfolio) {
        section_figure(s, "Total invested", rjv_money(portfolio, "total"));
        rs_portfolio_by_type(b, s, portfolio, true);
    }
    const cJSON *wam = rb_view(b, s, "wam", "weighted average maturity", NULL);
    if (wam) {
        section_figure(s, "WAM of all investments (days)", rjv_days(rj_obj(wam, "overall"), "days"));
        rs_wam(b, s, wam);
    }

    s = report_section(b->r, "counterparties", "Investments by counterparty and limits");
    const cJSON *limits = rb_view(b, s, "limits", "exposure by counterparty and limits", NULL);
    if (limits)
        rs_exposure(b, s, limits);

    security_and_liquidity(b, indicators);
    report_cash_section(b);

    s = report_section(b->r, "breaches", "Breaches and alerts of the month");
    if (limits)
        rs_breaches(b, s, limits);
    else
        section_note(s, "not available: limit breaches (see the counterparties section)");
    alerts_of_month(b, s);
    report_predecessor_comparatives(b, "Comparatives", "sections"); /* the year to date (a merger) */
}
