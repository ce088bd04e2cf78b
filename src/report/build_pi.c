/* build_pi.c: `report pi`, the monthly prudential indicator report at the as-of date: every
 * indicator with limit, actual and status; external debt and its maturity structure; investments
 * by type and their WAM; exposure by counterparty against limits; credit score; liquidity; the
 * breaches and the alerts of the month. Views: indicators, debt, portfolio, wam, limits, alerts. */
#include <string.h>

#include "core/rating.h"
#include "report/build.h"

static const cJSON *obj(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* Credit score and liquidity, when the indicators view states them. */
static void security_and_liquidity(struct rbuild *b, const cJSON *indicators)
{
    struct rsection *s = report_section(b->r, "security", "Security: credit score");
    if (!indicators) {
        section_note(s, "not available: credit score (see the indicators section)");
    } else {
        /* The indicators view states the score as {"credit_score": {"value_weighted": {score,
         * rating, limit, status}, "time_weighted": {...}, "rated", "unrated"}}. */
        const cJSON *cs = obj(indicators, "credit_score");
        static const char *const measures[][2] = {{"value_weighted", "Value-weighted"},
                                                  {"time_weighted", "Time-weighted"}};
        struct rtable *t = NULL;
        for (size_t k = 0; cs && k < sizeof measures / sizeof measures[0]; k++) {
            const cJSON *m = obj(cs, measures[k][0]);
            if (!cJSON_IsObject(m))
                continue;
            if (!t) {
                t = section_table(s, "credit_score", "Average credit score of the investments (AAA = 1, AA+ = 2 ...)");
                rtable_short_title(t, "Credit score");
                rtable_col(t, "measure", "Measure", RT_TEXT);
                rtable_col(t, "score", "Score", RT_NUMBER);
                rtable_col(t, "rating", "Rating", RT_TEXT);
                rtable_col(t, "limit", "Worst allowed", RT_NUMBER);
                rtable_col(t, "limit_rating", "Its rating", RT_TEXT);
                rtable_col(t, "status", "Status", RT_TEXT);
            }
            const cJSON *limit = obj(m, "limit");
            int row = rtable_row(t, false);
            rtable_set(t, row, 0, rv_text(measures[k][1]));
            rtable_set(t, row, 1, rjv_number(m, "score"));
            rtable_set(t, row, 2, rjv_text(m, "rating"));
            rtable_set(t, row, 3, rjv_number(m, "limit"));
            rtable_set(t, row, 4, rv_text(cJSON_IsNumber(limit) ? rating_long_symbol((int)limit->valuedouble) : ""));
            rtable_set(t, row, 5, rjv_text(m, "status"));
        }
        if (t)
            section_para(s, "Each investment scores the notch of its counterparty's long-term rating; "
                            "value-weighted by principal, time-weighted by principal and days to maturity.");
        else
            report_unavailable(b->r, s, "credit score", "the indicators view does not state it");
    }
    s = report_section(b->r, "liquidity", "Liquidity");
    struct rvalue liq = rs_indicator_actual(indicators, "liquidity");
    if (!indicators)
        section_note(s, "not available: liquidity (see the indicators section)");
    else if (liq.null)
        report_unavailable(b->r, s, "liquidity", "the indicators view does not state it");
    else
        section_figure(s, "Cash available within 3 months (call accounts, money market funds, "
                          "notice and maturities within 90 days)", liq);
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
    char month_start[DATE_BUFSZ], as_of[DATE_BUFSZ];
    date_t ms, end = b->args.as_of;
    date_from_ymd(y, m, 1, &ms);
    if (b->args.from != DATE_NONE) {
        ms = b->args.from;
        end = b->args.to;
    }
    date_format_iso(ms, month_start);
    date_format_iso(end, as_of);
    struct rtable *t = section_table(s, "alerts", b->args.from != DATE_NONE ? "Alerts of the period"
                                                                           : "Alerts of the month");
    rtable_col(t, "raised", "Raised", RT_DATE);
    rtable_col(t, "kind", "Kind", RT_TEXT);
    rtable_col(t, "subject", "Subject", RT_TEXT);
    rtable_col(t, "state", "State", RT_TEXT);
    rtable_col(t, "passive", "Passive", RT_TEXT);
    const cJSON *a;
    cJSON_ArrayForEach(a, obj(doc, "alerts"))
    {
        const char *raised = rj_str(a, "raised_at"), *state = rj_str(a, "state");
        if (!raised || strncmp(raised, as_of, 10) > 0)
            continue; /* raised after the report's date */
        bool in_month = strncmp(raised, month_start, 10) >= 0;
        bool open = state && strcmp(state, "resolved") != 0;
        if (!in_month && !open)
            continue;
        int row = rtable_row(t, false);
        date_t rd;
        char day[DATE_BUFSZ];
        snprintf(day, sizeof day, "%.10s", raised);
        rtable_set(t, row, 0, date_parse(day, &rd, NULL) ? rv_date(rd) : rv_null(RT_DATE));
        rtable_set(t, row, 1, rjv_text(a, "kind"));
        rtable_set(t, row, 2, rjv_text(a, "subject"));
        rtable_set(t, row, 3, rjv_text(a, "state"));
        const cJSON *passive = cJSON_GetObjectItemCaseSensitive(a, "passive");
        if (cJSON_IsBool(passive))
            rtable_set(t, row, 4, rv_text(cJSON_IsTrue(passive) ? "yes" : "no"));
    }
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

    s = report_section(b->r, "investments", "Investments");
    const cJSON *portfolio = rb_view(b, s, "portfolio", "investments by type", NULL);
    if (portfolio) {
        section_figure(s, "Total invested", rjv_money(portfolio, "total"));
        rs_portfolio_by_type(b, s, portfolio, true);
    }
    const cJSON *wam = rb_view(b, s, "wam", "weighted average maturity", NULL);
    if (wam) {
        section_figure(s, "WAM of all investments (days)", rjv_days(obj(wam, "overall"), "days"));
        rs_wam(b, s, wam);
    }

    s = report_section(b->r, "counterparties", "Investments by counterparty and limits");
    const cJSON *limits = rb_view(b, s, "limits", "exposure by counterparty and limits", NULL);
    if (limits)
        rs_exposure(b, s, limits);

    security_and_liquidity(b, indicators);

    s = report_section(b->r, "breaches", "Breaches and alerts of the month");
    if (limits)
        rs_breaches(b, s, limits);
    else
        section_note(s, "not available: limit breaches (see the counterparties section)");
    alerts_of_month(b, s);
}
