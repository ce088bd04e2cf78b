/* build_quarterly.c: `report quarterly --quarter YYYY-QN`, the quarterly prudential indicator
 * pack for committee (the Prudential Code 2021 asks for the indicators quarterly): every
 * indicator at the quarter end against its limit, the liability benchmark with its chart,
 * borrowing and investment activity in the quarter, lending list changes, and the breaches and
 * alerts of the quarter with their explanations. Built from the shared sections (sections.h) and the outturn's debt financing;
 * the quarter is b->args.from .. b->args.to. Views: indicators, debt, liability-benchmark (with
 * its chart), maturing, portfolio, wam, limits, alerts. */
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
    const cJSON *limits = rb_view(b, s, "limits", "limit breaches", &end);
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

/* ---- the liability benchmark and its chart (domain.md "Capital plans, CFR and the liability
 * benchmark"): existing debt stacked fixed / variable / LOBO against loans CFR, net loans
 * requirement and the benchmark, a row a year; the plan's lines end with its years ---- */

/* The plan row of year `year` in the view's "years", NULL past the plan. */
static const cJSON *plan_year(const cJSON *lb, const char *year)
{
    const cJSON *y;
    cJSON_ArrayForEach(y, rj_obj(lb, "years")) {
        const char *v = rj_str(y, "year");
        if (v && year && strcmp(v, year) == 0)
            return y;
    }
    return NULL;
}

static const struct rcolspec benchmark_cols[] = {
    RCOL("year", "Year", RT_TEXT),
    RCOL("fixed", "Fixed debt", RT_MONEY),
    RCOL("variable", "Variable debt", RT_MONEY),
    RCOL("lobo", "LOBO debt", RT_MONEY),
    RCOL("loans_cfr", "Loans CFR", RT_MONEY, .field = "plan.loans_cfr"),
    RCOL("net_loans_requirement", "Net loans requirement", RT_MONEY, .field = "plan.net_loans_requirement"),
    RCOL("liability_benchmark", "Liability benchmark", RT_MONEY, .field = "plan.liability_benchmark"),
};
static const struct rtable_spec benchmark_table = RTABLE_SPEC(
    "liability_benchmark", "Existing debt and the liability benchmark at each 31 March", "Liability benchmark",
    benchmark_cols);

static void liability_benchmark(struct rbuild *b)
{
    struct rsection *s = report_section(b->r, "liability_benchmark", "Liability benchmark");
    struct view_args end = b->args;
    end.as_of = b->args.to;
    end.from = end.to = DATE_NONE;
    const cJSON *lb = rb_view(b, s, "liability-benchmark", "the liability benchmark (it needs a capital plan)", &end);
    if (!lb)
        return;
    /* each year's debt with its plan row under "plan" (none past the plan: empty cells) */
    cJSON *rows = cJSON_CreateArray();
    const cJSON *d;
    cJSON_ArrayForEach(d, rj_obj(lb, "existing_debt_by_type")) {
        cJSON *row = cJSON_Duplicate(d, true);
        const cJSON *py = plan_year(lb, rj_str(d, "year"));
        if (py)
            cJSON_AddItemToObject(row, "plan", cJSON_Duplicate(py, true));
        cJSON_AddItemToArray(rows, row);
    }
    struct rtable *t = rtable_fill(s, &benchmark_table, rows, NULL);
    t->wrap_heads = true;
    cJSON_Delete(rows);
    const int stack[] = {1, 2, 3}, lines[] = {4, 5, 6};
    section_chart_stacked(s, "Existing debt (bars) against loans CFR, net loans requirement and the liability benchmark",
                          t, 0, stack, 3, lines, 3);
    section_para(s, "Existing debt (the bars) is the loan principal outstanding at each 31 March as the book "
                    "stands, of the loans taken by the quarter end: fixed-rate, variable-rate and LOBO loans "
                    "(LOBOs to maturity). The lines are the capital plan's and end with its years; where the "
                    "benchmark is above existing debt the authority must borrow, below it it carries borrowing "
                    "as cash.");
}

void report_build_quarterly(struct rbuild *b)
{
    struct rsection *s = report_section(b->r, "indicators", "Prudential indicators at the quarter end");
    struct view_args end = b->args;
    end.as_of = b->args.to;
    const cJSON *indicators = rb_view(b, s, "indicators", "prudential indicators", &end);
    if (indicators)
        rs_indicators(b, s, indicators);
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
}
