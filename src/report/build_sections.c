/* build_sections.c: report sections shared by several reports (sections.h), each drawn from one
 * view document (portfolio, wam, debt, indicators, limits, maturing). Each table is a spec (its
 * columns, build_parts.h) and a call of the filler. Totals rows carry the totals the view states;
 * the only figures made here are shares of a total and use of a limit (cell_share, cell_used:
 * exact integer arithmetic, rv_share). */
#include <stdio.h>
#include <string.h>

#include "report/sections.h"

/* ---- portfolio ---- */

static const struct rcolspec by_type_cols[] = {
    RCOL("type", "Type", RT_TEXT, .cell = cell_inv_type_name),
    RCOL("count", "Holdings", RT_COUNT, .total = "count", .sum = true),
    RCOL("principal", "Principal", RT_MONEY, .total = "total"),
    RCOL("share", "Share", RT_PERCENT, .field = "principal", .cell = cell_share, .total = "total"),
};
static const struct rtable_spec by_type =
    RTABLE_SPEC("investments_by_type", "Investments by type", NULL, by_type_cols);

void rs_portfolio_by_type(struct rbuild *b, struct rsection *s, const cJSON *portfolio, bool chart)
{
    (void)b;
    struct rfill f = {.totals = portfolio, .whole = "total", .total_label = "Total"};
    struct rtable *t = rtable_fill(s, &by_type, rj_obj(portfolio, "by_type"), &f);
    if (chart)
        section_chart(s, RCHART_BAR, "Investments by type", t, 0, 2);
}

static const struct rcolspec holding_cols[] = {
    RCOL("counterparty", "Counterparty", RT_TEXT, .field = "counterparty_name", .alt = "counterparty"),
    RCOL("ref", "Ref", RT_TEXT),
    RCOL("principal", "Principal", RT_MONEY, .total = "principal"),
    RCOL("rate", "Rate", RT_RATE),
    RCOL("maturity_date", "Maturity", RT_DATE),
    RCOL("days", "Days", RT_DAYS),
};
static const struct rtable_spec holdings = RTABLE_SPEC("holdings", "Holdings", NULL, holding_cols);

static bool of_type(const cJSON *h, const struct rfill *f)
{
    const char *type = rj_str(h, "type");
    return type && strcmp(type, f->ctx) == 0;
}

/* One table per type: its holdings, then its total. */
void rs_holdings_by_type(struct rbuild *b, struct rsection *s, const cJSON *portfolio)
{
    char asat[DATE_BUFSZ], id[64], title[160];
    date_t as_of;
    if (!rj_date(portfolio, "as_of", &as_of))
        as_of = b->r->as_of;
    const cJSON *type;
    cJSON_ArrayForEach(type, rj_obj(portfolio, "by_type"))
    {
        snprintf(id, sizeof id, "holdings_%s", type->string);
        snprintf(title, sizeof title, "%s held at %s", inv_type_title(type->string),
                 date_format_uk(as_of, asat));
        struct rfill f = {.id = id, .title = title, .short_title = inv_type_title(type->string),
                          .keep = of_type, .ctx = type->string,
                          .totals = type, .total_label = "Total"};
        rtable_fill(s, &holdings, rj_obj(portfolio, "holdings"), &f);
    }
}

/* ---- weighted average maturity ---- */

static const struct rcolspec wam_cols[] = {
    RCOL("type", "Type", RT_TEXT, .cell = cell_inv_type_name),
    RCOL("count", "Holdings", RT_COUNT, .total = "count"),
    RCOL("principal", "Principal", RT_MONEY, .total = "principal"),
    RCOL("days", "WAM (days)", RT_DAYS, .total = "days"),
};
static const struct rtable_spec wam_by_type =
    RTABLE_SPEC("wam_by_type", "Weighted average maturity by type", "WAM by type", wam_cols);

void rs_wam(struct rbuild *b, struct rsection *s, const cJSON *wam)
{
    (void)b;
    struct rfill f = {.totals = rj_obj(wam, "overall"), .total_label = "All (overall)"};
    rtable_fill(s, &wam_by_type, rj_obj(wam, "by_type"), &f);
    money_t pooled;
    if (rj_money(rj_obj(wam, "pooled"), "principal", &pooled)) {
        char buf[MONEY_BUFSZ];
        section_para(s, "Pooled funds (%s) have no maturity date and are reported apart, not in WAM.",
                     money_format(pooled, MONEY_GROUPED | MONEY_POUND, buf));
    }
}

/* ---- debt ---- */

static const struct rcolspec debt_cols[] = {
    RCOL("type", "Type", RT_TEXT, .cell = cell_loan_type_name),
    RCOL("count", "Loans", RT_COUNT, .total = "count", .sum = true),
    RCOL("principal", "Principal", RT_MONEY, .total = "external_debt"),
    RCOL("average_rate", "Average rate", RT_RATE, .total = "average_rate"),
    RCOL("share", "Share", RT_PERCENT, .field = "principal", .cell = cell_share, .total = "external_debt"),
};
static const struct rtable_spec debt_by_type =
    RTABLE_SPEC("debt_by_type", "External debt by type", NULL, debt_cols);

struct rtable *rs_debt_by_type(struct rbuild *b, struct rsection *s, const cJSON *debt, const char *id,
                               const char *title)
{
    (void)b;
    struct rfill f = {.id = id, .title = title, .totals = debt, .whole = "external_debt",
                      .total_label = "External debt"};
    return rtable_fill(s, &debt_by_type, rj_obj(debt, "by_type"), &f);
}

static const struct rcolspec maturity_cols[] = {
    RCOL("band", "Time to maturity", RT_TEXT, .cell = cell_band),
    RCOL("principal", "Principal", RT_MONEY),
    RCOL("percent", "Actual", RT_PERCENT),
    RCOL("lower", "Lower limit", RT_PERCENT),
    RCOL("upper", "Upper limit", RT_PERCENT),
    RCOL("status", "Status", RT_TEXT),
};
static const struct rtable_spec maturity_structure =
    RTABLE_SPEC("maturity_structure", "Maturity structure of borrowing", "Maturity structure", maturity_cols);

void rs_maturity_structure(struct rbuild *b, struct rsection *s, const cJSON *debt)
{
    if (!cJSON_IsArray(rj_obj(debt, "maturity_structure"))) {
        report_unavailable(b->r, s, "maturity structure of borrowing", "the debt view does not state it");
        return;
    }
    char ref[DATE_BUFSZ], title[128];
    date_t d;
    struct rfill f = {0};
    if (rj_date(debt, "reference_date", &d)) {
        snprintf(title, sizeof title, "Maturity structure of borrowing (measured from %s)",
                 date_format_uk(d, ref));
        f.title = title;
    }
    struct rtable *t = rtable_fill(s, &maturity_structure, rj_obj(debt, "maturity_structure"), &f);
    section_chart(s, RCHART_COLUMN, "Borrowing maturity profile", t, 0, 1);
}

/* ---- prudential indicators ---- */

/* Use of the limit by an actual of 0 or more (a net figure below 0 uses none of it). */
static RCELL(cell_indicator_used)
{
    money_t actual;
    if (!rj_money(row, rcol_field(c), &actual) || actual < 0)
        return rv_null(RT_PERCENT);
    return cell_used(row, c, f);
}

/* A band's upper limit: "upper" when the row has it (whatever it holds), else "limit". */
static RCELL(cell_upper)
{
    (void)f, (void)c;
    return rjv_percent(row, rj_obj(row, "upper") ? "upper" : "limit");
}

static const struct rcolspec indicator_cols[] = {
    RCOL("indicator", "Indicator", RT_TEXT, .field = "code", .cell = cell_indicator),
    RCOL("limit", "Limit", RT_MONEY),
    RCOL("actual", "Actual", RT_MONEY),
    RCOL("used", "Used", RT_PERCENT, .field = "actual", .alt = "limit", .cell = cell_indicator_used),
    RCOL("status", "Status", RT_TEXT),
};
static const struct rtable_spec indicator_table = RTABLE_SPEC(
    "indicators", "Prudential indicators: limit and actual", "Prudential indicators", indicator_cols);

static const struct rcolspec indicator_band_cols[] = {
    RCOL("band", "Time to maturity", RT_TEXT, .field = "code", .cell = cell_band),
    RCOL("principal", "Principal", RT_MONEY),
    RCOL("lower", "Lower limit", RT_PERCENT),
    RCOL("upper", "Upper limit", RT_PERCENT, .cell = cell_upper),
    RCOL("actual", "Actual", RT_PERCENT),
    RCOL("status", "Status", RT_TEXT),
};
static const struct rtable_spec indicator_bands =
    RTABLE_SPEC("indicator_maturity_bands", "Prudential indicators: maturity structure of borrowing",
                "Indicators - maturity bands", indicator_band_cols);

static bool is_band(const cJSON *ind, const struct rfill *f)
{
    (void)f;
    const char *code = rj_str(ind, "code");
    return code && strncmp(code, "maturity_structure.", 19) == 0;
}

/* The Prudential Code's ratios to the net revenue stream (unit "ratio", a percentage). */
static bool is_ratio(const cJSON *ind, const struct rfill *f)
{
    (void)f;
    const char *unit = rj_str(ind, "unit");
    return unit && strcmp(unit, "ratio") == 0;
}

/* The limit-and-actual indicators: not the bands, nor the credit score (the security section),
 * nor the ratios. */
static bool is_limit(const cJSON *ind, const struct rfill *f)
{
    const char *code = rj_str(ind, "code");
    return code && !is_band(ind, f) && !is_ratio(ind, f) && strncmp(code, "credit_score.", 13) != 0;
}

static const struct rcolspec indicator_ratio_cols[] = {
    RCOL("indicator", "Indicator", RT_TEXT, .field = "code", .cell = cell_indicator),
    RCOL("amount", "Amount", RT_MONEY, .field = "financing_costs", .alt = "net_commercial_income"),
    RCOL("net_revenue_stream", "Net revenue stream", RT_MONEY),
    RCOL("ratio", "Ratio", RT_PERCENT, .field = "actual"),
    RCOL("status", "Status", RT_TEXT),
};
static const struct rtable_spec indicator_ratios =
    RTABLE_SPEC("indicator_ratios", "Prudential indicators: ratios to the net revenue stream (capital plan)",
                "Indicators - ratios", indicator_ratio_cols);

/* The indicator tables of an indicators document, the limit-and-actual one by `spec`; returns
 * that one (owned by the section). */
static struct rtable *indicator_tables(struct rsection *s, const cJSON *indicators, const struct rtable_spec *spec)
{
    char d1[DATE_BUFSZ], d2[DATE_BUFSZ];
    const cJSON *st = rj_obj(indicators, "strategy");
    date_t eff, on;
    if (rj_date(st, "effective_from", &eff) && rj_date(st, "approved_on", &on))
        section_para(s, "Limits are those of the treasury management strategy in force from %s, "
                        "approved by %s on %s%s%s.", date_format_uk(eff, d1),
                     rj_str(st, "approved_by") ? rj_str(st, "approved_by") : "the Council",
                     date_format_uk(on, d2), rj_str(st, "reference") ? ", " : "",
                     rj_str(st, "reference") ? rj_str(st, "reference") : "");
    const cJSON *list = rj_obj(indicators, "indicators"), *ind;
    struct rfill limits = {.keep = is_limit}, bands = {.keep = is_band};
    struct rtable *t = rtable_fill(s, spec, list, &limits);
    cJSON_ArrayForEach(ind, list)
    {
        if (is_band(ind, &bands)) {
            rtable_fill(s, &indicator_bands, list, &bands);
            break;
        }
    }
    struct rfill ratios = {.keep = is_ratio};
    cJSON_ArrayForEach(ind, list)
    {
        if (is_ratio(ind, &ratios)) { /* only with a capital plan in force */
            rtable_fill(s, &indicator_ratios, list, &ratios);
            break;
        }
    }
    section_para(s, "Used is the actual as a share of the limit. Liquidity is a minimum to hold, "
                    "not a maximum; a blank limit means the strategy sets none.");
    struct rchart *ch = section_chart(s, RCHART_BAR, "Limit use: actual against limit (red mark)", t, 0, 2);
    ch->has_marker = true;
    ch->marker_col = 1;
    return t;
}

void rs_indicators(struct rbuild *b, struct rsection *s, const cJSON *indicators)
{
    (void)b;
    indicator_tables(s, indicators, &indicator_table);
}

static const struct rcolspec indicator_forecast_cols[] = {
    RCOL("indicator", "Indicator", RT_TEXT, .field = "code", .cell = cell_indicator),
    RCOL("limit", "Limit", RT_MONEY),
    RCOL("actual", "Actual", RT_MONEY),
    RCOL("used", "Used", RT_PERCENT, .field = "actual", .alt = "limit", .cell = cell_indicator_used),
    RCOL("status", "Status", RT_TEXT),
    RCOL("forecast_limit", "Year's limit", RT_MONEY, .field = "year_end.limit"),
    RCOL("forecast", "Year's forecast", RT_MONEY, .field = "year_end.actual"),
};
static const struct rtable_spec indicator_forecast_table =
    RTABLE_SPEC("indicators", "Prudential indicators: limit and actual, and the year's forecast",
                "Prudential indicators", indicator_forecast_cols);

/* The item of indicator `code` in an indicators document, NULL if it has none. */
static const cJSON *indicator_item(const cJSON *indicators, const char *code)
{
    const cJSON *ind;
    cJSON_ArrayForEach(ind, rj_obj(indicators, "indicators"))
    {
        const char *c = rj_str(ind, "code");
        if (c && code && strcmp(c, code) == 0)
            return ind;
    }
    return NULL;
}

void rs_indicators_forecast(struct rbuild *b, struct rsection *s, const cJSON *indicators, const cJSON *year_end,
                            const char *year)
{
    (void)b;
    cJSON *doc = cJSON_Duplicate(indicators, true), *ind;
    cJSON_ArrayForEach(ind, cJSON_GetObjectItemCaseSensitive(doc, "indicators"))
    {
        const cJSON *f = indicator_item(year_end, rj_str(ind, "code"));
        if (f) /* not "forecast": the liquidity indicator has its own forecast object */
            cJSON_AddItemToObject(ind, "year_end", cJSON_Duplicate(f, true));
    }
    indicator_tables(s, doc, &indicator_forecast_table)->wrap_heads = true; /* seven columns */
    cJSON_Delete(doc);
    section_para(s, "The year's limit and forecast are each indicator's at the end of the financial year %s "
                    "(31 March): the limits of the strategy in force then, the capital plan's figures for the "
                    "year (CFR, liability benchmark) and the debt and investments of the book as it stands, "
                    "run to that day (maturities taken, nothing new assumed).", year);
}

struct rvalue rs_indicator_actual(const cJSON *indicators, const char *code)
{
    const cJSON *ind;
    cJSON_ArrayForEach(ind, rj_obj(indicators, "indicators"))
    {
        const char *c = rj_str(ind, "code");
        if (c && strcmp(c, code) == 0)
            return rjv_money(ind, "actual");
    }
    return rv_null(RT_MONEY);
}

/* ---- counterparties ---- */

static const struct rcolspec exposure_cols[] = {
    RCOL("counterparty", "Counterparty", RT_TEXT, .field = "name", .alt = "code"),
    RCOL("status", "Status", RT_TEXT),
    RCOL("limit", "Limit", RT_MONEY),
    RCOL("max_days", "Max days", RT_COUNT),
    RCOL("exposure", "Exposure", RT_MONEY),
    RCOL("headroom", "Headroom", RT_MONEY),
    RCOL("used", "Used", RT_PERCENT, .field = "exposure", .alt = "limit", .cell = cell_used),
};
static const struct rtable_spec exposure =
    RTABLE_SPEC("counterparty_exposure", "Exposure by counterparty against its limit",
                "Counterparty exposure", exposure_cols);

static bool has_exposure(const cJSON *c, const struct rfill *f)
{
    (void)f;
    money_t e;
    return rj_money(c, "exposure", &e) && e != 0;
}

void rs_exposure(struct rbuild *b, struct rsection *s, const cJSON *limits)
{
    (void)b;
    struct rfill f = {.keep = has_exposure};
    struct rtable *t = rtable_fill(s, &exposure, rj_obj(limits, "counterparties"), &f);
    section_para(s, "Counterparties with exposure at the date. A dash for the limit means the "
                    "strategy sets none; max days is the longest duration allowed for a new deal.");
    struct rchart *ch = section_chart(s, RCHART_BAR, "Counterparty limit use: exposure against limit (red mark)",
                                      t, 0, 4);
    ch->has_marker = true;
    ch->marker_col = 2;
}

static const struct rcolspec breach_cols[] = {
    RCOL("kind", "Kind", RT_TEXT),
    RCOL("subject", "Subject", RT_TEXT),
    RCOL("exposure", "Exposure", RT_MONEY),
    RCOL("limit", "Limit", RT_MONEY),
    RCOL("passive", "Passive", RT_TEXT, .cell = cell_yes_no),
};
static const struct rtable_spec breaches =
    RTABLE_SPEC("breaches", "Limit breaches at the date", NULL, breach_cols);

void rs_breaches(struct rbuild *b, struct rsection *s, const cJSON *limits)
{
    (void)b;
    rtable_fill(s, &breaches, rj_obj(limits, "breaches"), NULL);
}

/* ---- maturing debt ---- */

static RCELL(cell_repayment)
{
    (void)f;
    static const char *const tab[][2] = {
        {"eip", "EIP"}, {"maturity", "Maturity"}, {"annuity", "Annuity"}, {NULL, NULL}};
    const char *rep = rj_str(row, rcol_field(c));
    return rv_text(rep ? title_lookup(tab, rep) : NULL);
}

static const struct rcolspec maturing_cols[] = {
    RCOL("date", "Date", RT_DATE),
    RCOL("ref", "Loan", RT_TEXT),
    RCOL("lender", "Lender", RT_TEXT, .field = "lender_name", .alt = "lender"),
    RCOL("amount", "Amount", RT_MONEY, .total = "total"),
    RCOL("rate", "Rate", RT_RATE, .total = "average_rate"),
    RCOL("repayment", "Repayment type", RT_TEXT, .cell = cell_repayment),
};
static const struct rtable_spec maturing_debt =
    RTABLE_SPEC("maturing_debt", "Loan instalments maturing in the period", "Maturing debt", maturing_cols);

void rs_maturing(struct rbuild *b, struct rsection *s, const cJSON *maturing)
{
    (void)b;
    struct rfill f = {.totals = maturing, .total_label = "Total (weighted average rate)",
                      .total_label_col = 1};
    rtable_fill(s, &maturing_debt, rj_obj(maturing, "instalments"), &f);
}

static const struct rcolspec new_loan_cols[] = {
    RCOL("start_date", "Start", RT_DATE),
    RCOL("ref", "Loan", RT_TEXT),
    RCOL("type", "Type", RT_TEXT, .cell = cell_loan_type),
    RCOL("lender", "Lender", RT_TEXT, .field = "lender_name", .alt = "lender"),
    RCOL("principal", "Amount raised", RT_MONEY, .field = "original_principal", .alt = "principal"),
    RCOL("rate", "Rate", RT_RATE),
    RCOL("maturity_date", "Maturity", RT_DATE),
};
static const struct rtable_spec new_loans = RTABLE_SPEC(
    "new_loans", "Loans raised in the period and outstanding at its end", "New loans", new_loan_cols);

static bool started_in_period(const cJSON *l, const struct rfill *f)
{
    const struct view_args *a = f->ctx;
    date_t start;
    return rj_date(l, "start_date", &start) && start >= a->from && start <= a->to;
}

/* Loans outstanding at the end of the period that started in it (from the debt view's loans). */
void rs_new_loans(struct rbuild *b, struct rsection *s, const cJSON *debt_end)
{
    const cJSON *loans = rj_obj(debt_end, "loans");
    if (!cJSON_IsArray(loans))
        return;
    struct rfill f = {.keep = started_in_period, .ctx = &b->args};
    rtable_fill(s, &new_loans, loans, &f);
}

/* ---- lending list changes (the limits view asked for a period) ---- */

static bool became_suspended(const cJSON *c, const struct rfill *f)
{
    (void)f;
    const char *sb = rj_str(rj_obj(c, "before"), "status"), *sa = rj_str(rj_obj(c, "after"), "status");
    return sa && strcmp(sa, "suspended") == 0 && (!sb || strcmp(sb, "suspended") != 0);
}

static const struct rcolspec suspension_cols[] = {
    RCOL("counterparty", "Counterparty", RT_TEXT, .field = "name", .alt = "code"),
    RCOL("basis", "Why", RT_TEXT, .field = "after.basis"),
};
static const struct rtable_spec suspensions =
    RTABLE_SPEC("suspensions", "Counterparties suspended in the period", "Suspensions", suspension_cols);

/* "Status 01/04/2017": a heading for the list at a date. */
static const char *dated(char *buf, size_t n, const char *what, date_t d)
{
    char day[DATE_BUFSZ];
    snprintf(buf, n, "%s %s", what, date_format_uk(d, day));
    return buf;
}

void rs_lending_changes(struct rbuild *b, struct rsection *s, const cJSON *limits)
{
    char h[6][64];
    date_t from = b->args.from, to = b->args.to;
    const struct rcolspec cols[] = {
        RCOL("counterparty", "Counterparty", RT_TEXT, .field = "name", .alt = "code"),
        RCOL("status_before", dated(h[0], sizeof h[0], "Status", from), RT_TEXT, .field = "before.status"),
        RCOL("limit_before", dated(h[1], sizeof h[1], "Limit", from), RT_MONEY, .field = "before.limit"),
        RCOL("max_days_before", dated(h[2], sizeof h[2], "Max days", from), RT_COUNT,
             .field = "before.max_days"),
        RCOL("status_after", dated(h[3], sizeof h[3], "Status", to), RT_TEXT, .field = "after.status"),
        RCOL("limit_after", dated(h[4], sizeof h[4], "Limit", to), RT_MONEY, .field = "after.limit"),
        RCOL("max_days_after", dated(h[5], sizeof h[5], "Max days", to), RT_COUNT, .field = "after.max_days"),
        RCOL("basis", "Why (at the end)", RT_TEXT, .field = "after.basis"),
    };
    const struct rtable_spec changes = RTABLE_SPEC(
        "lending_list_changes", "Lending limits and durations changed", "Lending list changes", cols);
    const cJSON *list = rj_obj(limits, "changes");
    struct rfill suspended = {.keep = became_suspended};
    rtable_fill(s, &changes, list, NULL);
    rtable_fill(s, &suspensions, list, &suspended);
    section_para(s, "The lending list at the start and at the end of the period, for each "
                    "counterparty whose status, limit or maximum duration differs. A blank limit "
                    "means none is set.");
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

void rs_liability_benchmark(struct rbuild *b, struct rsection *s, const cJSON *lb, const char *taken_by)
{
    (void)b;
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
                    "stands, of the loans taken by %s: fixed-rate, variable-rate and LOBO loans "
                    "(LOBOs to maturity). The lines are the capital plan's and end with its years; where the "
                    "benchmark is above existing debt the authority must borrow, below it it carries borrowing "
                    "as cash.", taken_by);
}
