/* build_quarterly.c: `report quarterly --quarter YYYY-QN`, the quarterly prudential indicator
 * pack for committee (the Prudential Code 2021 asks for the indicators quarterly): every
 * indicator at the quarter end against its limit and the year's forecast, the liability benchmark with its chart,
 * borrowing and investment activity in the quarter, lending list changes, and the breaches and
 * alerts of the quarter with their explanations. Built from the shared sections (sections.h) and the outturn's debt financing;
 * the quarter is b->args.from .. b->args.to. Views: indicators, debt, liability-benchmark (with
 * its chart), maturing, portfolio, wam, limits, alerts; and the cash section (the 13 weeks after
 * the quarter end, build_cashflow.c's builder: accounts, cashflow). */
#include <stdio.h>
#include <string.h>

#include "report/builders.h"
#include "report/sections.h"

/* ---- investments made in the quarter and still held at its end ---- */

/* The title of the holding's type ("fixed" -> "Fixed-term deposits"). */
static RCELL(cell_type_title)
{
    (void)f;
    const char *t = rj_str(row, rcol_field(c));
    return rv_text(t ? inv_type_title(t) : NULL);
}

static bool started_in_quarter(const cJSON *h, const struct rfill *f)
{
    const struct view_args *a = f->ctx;
    date_t start;
    return rj_date(h, "start_date", &start) && start >= a->from && start <= a->to;
}

static const struct rcolspec new_investment_cols[] = {
    RCOL("start_date", "Start", RT_DATE),
    RCOL("counterparty", "Counterparty", RT_TEXT, .field = "counterparty_name", .alt = "counterparty"),
    RCOL("ref", "Ref", RT_TEXT),
    RCOL("type", "Type", RT_TEXT, .cell = cell_type_title),
    RCOL("principal", "Principal", RT_MONEY),
    RCOL("rate", "Rate", RT_RATE),
    RCOL("maturity_date", "Maturity", RT_DATE),
};
static const struct rtable_spec new_investments = RTABLE_SPEC(
    "new_investments", "Investments made in the quarter and held at its end", "New investments",
    new_investment_cols);

static void investment_activity(struct rbuild *b)
{
    char d0[DATE_BUFSZ], d1[DATE_BUFSZ], label[96];
    struct rsection *s = report_section(b->r, "investment_activity", "Investment activity in the quarter");
    struct view_args start = b->args, end = b->args;
    start.as_of = b->args.from - 1; /* the close of the day before the quarter */
    start.no_entries = true;        /* its total alone is shown, not its holdings */
    end.as_of = b->args.to;
    const cJSON *p0 = rb_view(b, s, "portfolio", "the investments at the start of the quarter", &start);
    const cJSON *p1 = p0 ? rb_view(b, s, "portfolio", "the investments at the end of the quarter", &end) : NULL;
    if (!p0 || !p1)
        return;
    snprintf(label, sizeof label, "Total invested at %s", date_format_uk(start.as_of, d0));
    section_figure(s, label, rjv_money(p0, "total"));
    snprintf(label, sizeof label, "Total invested at %s", date_format_uk(end.as_of, d1));
    section_figure(s, label, rjv_money(p1, "total"));
    rs_portfolio_by_type(b, s, p1, true);
    struct rfill f = {.keep = started_in_quarter, .ctx = &b->args};
    rtable_fill(s, &new_investments, rj_obj(p1, "holdings"), &f);
    const cJSON *wam = rb_view(b, s, "wam", "weighted average maturity", &end);
    if (wam) {
        section_figure(s, "WAM of all investments at the quarter end (days)",
                       rjv_days(rj_obj(wam, "overall"), "days"));
        rs_wam(b, s, wam);
    }
}

/* ---- breaches and alerts of the quarter, with the explanation each records ---- */

/* The day an alert was raised: the date of its "raised_at" timestamp. */
static RCELL(cell_raised_day)
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

static bool alert_in_quarter(const cJSON *a, const struct rfill *f)
{
    const struct view_args *q = f->ctx;
    char first[DATE_BUFSZ], last[DATE_BUFSZ];
    const char *raised = rj_str(a, "raised_at"), *state = rj_str(a, "state");
    date_format_iso(q->from, first);
    date_format_iso(q->to, last);
    if (!raised || strncmp(raised, last, 10) > 0)
        return false; /* raised after the quarter */
    return strncmp(raised, first, 10) >= 0 || (state && strcmp(state, "resolved") != 0);
}

static const struct rcolspec quarter_alert_cols[] = {
    RCOL("raised", "Raised", RT_DATE, .field = "raised_at", .cell = cell_raised_day),
    RCOL("kind", "Kind", RT_TEXT),
    RCOL("subject", "Subject", RT_TEXT),
    RCOL("state", "State", RT_TEXT),
    RCOL("explanation", "Explanation", RT_TEXT, .field = "details.why"),
};
static const struct rtable_spec quarter_alerts = RTABLE_SPEC(
    "quarter_alerts", "Alerts raised in the quarter, or still open at its end", "Alerts", quarter_alert_cols);

static void breaches_of_quarter(struct rbuild *b)
{
    struct rsection *s = report_section(b->r, "breaches", "Breaches and alerts of the quarter");
    struct view_args end = b->args;
    end.as_of = b->args.to;
    end.from = end.to = DATE_NONE; /* the position at the quarter end */
    end.no_entries = true;         /* the breaches only, not every counterparty's entry */
    const cJSON *limits = rb_view(b, s, "limits", "limit breaches", &end);
    end.no_entries = false;
    if (limits)
        rs_breaches(b, s, limits);
    struct view_args all = end;
    all.all = true;
    const cJSON *alerts = rb_view(b, s, "alerts", "alerts of the quarter", &all);
    if (!alerts)
        return;
    struct rfill f = {.keep = alert_in_quarter, .ctx = &b->args};
    rtable_fill(s, &quarter_alerts, rj_obj(alerts, "alerts"), &f);
    section_para(s, "The explanation is the reason recorded with each alert when it was raised.");
}

/* The indicators at the quarter end with the year's forecast beside them: the indicators view at
 * the end of the quarter's financial year (31 March). */
static void indicators_and_forecast(struct rbuild *b, struct rsection *s, const cJSON *indicators)
{
    int fy = date_financial_year(b->args.to);
    char year[16];
    struct view_args ye = b->args;
    date_from_ymd(fy + 1, 3, 31, &ye.as_of);
    ye.from = ye.to = DATE_NONE;
    ye.figures_only = true; /* rs_indicators_forecast reads each indicator's limit and actual alone */
    snprintf(year, sizeof year, "%d/%02d", fy, (fy + 1) % 100);
    const cJSON *year_end = rb_view(b, s, "indicators", "the year's forecast (indicators at 31 March)", &ye);
    if (year_end)
        rs_indicators_forecast(b, s, indicators, year_end, year);
    else
        rs_indicators(b, s, indicators);
}

/* The liability benchmark at the quarter end, with its chart (rs_liability_benchmark). */
static void liability_benchmark(struct rbuild *b)
{
    struct rsection *s = report_section(b->r, "liability_benchmark", "Liability benchmark");
    struct view_args end = b->args;
    end.as_of = b->args.to;
    end.from = end.to = DATE_NONE;
    const cJSON *lb = rb_view(b, s, "liability-benchmark", "the liability benchmark (it needs a capital plan)", &end);
    if (lb)
        rs_liability_benchmark(b, s, lb, "the quarter end");
}

void report_build_quarterly(struct rbuild *b)
{
    struct rsection *s = report_section(b->r, "indicators", "Prudential indicators at the quarter end");
    struct view_args end = b->args;
    end.as_of = b->args.to;
    const cJSON *indicators = rb_view(b, s, "indicators", "prudential indicators", &end);
    if (indicators)
        indicators_and_forecast(b, s, indicators);
    const cJSON *debt = rb_view(b, s, "debt", "maturity structure of borrowing", &end);
    if (debt)
        rs_maturity_structure(b, s, debt);
    liability_benchmark(b);
    report_outturn_debt_financing(b, "Borrowing activity in the quarter");
    s = report_section(b->r, "maturing_debt", "Debt maturing in the quarter");
    const cJSON *maturing = rb_view(b, s, "maturing", "maturing debt", NULL);
    if (maturing)
        rs_maturing(b, s, maturing);
    investment_activity(b);
    report_outturn_lending_changes(b, "Lending list changes in the quarter");
    report_returns_against_benchmark(b, "Return against the benchmark in the quarter");
    breaches_of_quarter(b);
    report_quarter_cash_section(b);
    report_predecessor_comparatives(b, "Comparatives", "sections");
}
