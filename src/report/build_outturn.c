/* build_outturn.c: `report outturn --from D --to D`, the annexes of the annual (or mid-year)
 * treasury management outturn: debt financing, maturing debt, lending list changes, the
 * investment portfolio at the end date, prudential indicator outturn, interest and returns
 * against benchmarks. Views: debt (at the day before --from and at --to, and measured from
 * --from), maturing, limits (with the period), portfolio, wam, indicators, rates_average. */
#include <stdio.h>

#include "report/builders.h"
#include "report/sections.h"
#include "views/returns.h"
#include "util/err.h"

void report_outturn_debt_financing(struct rbuild *b, const char *heading)
{
    char d1[DATE_BUFSZ], d2[DATE_BUFSZ], title[96];
    struct rsection *s = report_section(b->r, "debt_financing", heading);
    struct view_args start = b->args, end = b->args;
    start.as_of = b->args.from - 1; /* the position at the close of the day before the period */
    end.as_of = b->args.to;
    const cJSON *debt0 = rb_view(b, s, "debt", "debt at the start and end of the period", &start);
    const cJSON *debt1 = debt0 ? rb_view(b, s, "debt", "debt at the end of the period", &end) : NULL;
    const cJSON *maturing = rb_view(b, s, "maturing", "maturing debt", NULL);
    money_t m0 = 0, m1 = 0, mat = 0, nb = 0;
    bool h0 = debt0 && rj_money(debt0, "external_debt", &m0);
    bool h1 = debt1 && rj_money(debt1, "external_debt", &m1);
    bool hm = maturing && rj_money(maturing, "total", &mat);
    snprintf(title, sizeof title, "External debt at %s", date_format_uk(start.as_of, d1));
    if (h0)
        section_figure(s, title, rv_money(m0));
    if (hm)
        section_figure(s, "Maturing debt repaid in the period", rv_money(mat));
    /* New borrowing follows from the view figures: end - start + repaid. */
    if (h0 && h1 && hm && money_sub(m1, m0, &nb) && money_add(nb, mat, &nb))
        section_figure(s, "New external borrowing in the period", rv_money(nb));
    snprintf(title, sizeof title, "External debt at %s", date_format_uk(end.as_of, d2));
    if (h1)
        section_figure(s, title, rv_money(m1));
    if (h0 && h1 && hm)
        section_para(s, "New external borrowing is the debt at the end, less the debt at the start, "
                        "plus the maturing debt repaid in the period.");
    if (debt0) {
        snprintf(title, sizeof title, "Debt profile at %s", d1);
        rtable_short_title(rs_debt_by_type(b, s, debt0, "debt_start", title), "Debt at start");
    }
    if (debt1) {
        snprintf(title, sizeof title, "Debt profile at %s", d2);
        rtable_short_title(rs_debt_by_type(b, s, debt1, "debt_end", title), "Debt at end");
        rs_new_loans(b, s, debt1);
    }
}

void report_outturn_lending_changes(struct rbuild *b, const char *heading)
{
    struct rsection *s = report_section(b->r, "lending_list_changes", heading);
    struct view_args changes_only = b->args;
    changes_only.no_entries = true; /* the changes only, not every counterparty's entry */
    const cJSON *limits = rb_view(b, s, "limits", "lending list changes", &changes_only);
    const cJSON *changes = rj_obj(limits, "changes");
    if (limits && !cJSON_IsArray(changes)) {
        report_unavailable(b->r, s, "lending list changes", "the limits view does not list changes");
        return;
    }
    if (!limits)
        return;
    rs_lending_changes(b, s, limits);
}

static void portfolio_at_end(struct rbuild *b)
{
    char d[DATE_BUFSZ], heading[96];
    snprintf(heading, sizeof heading, "Annex 4: Investment portfolio at %s", date_format_uk(b->args.to, d));
    struct rsection *s = report_section(b->r, "investment_portfolio", heading);
    struct view_args end = b->args;
    end.as_of = b->args.to;
    const cJSON *portfolio = rb_view(b, s, "portfolio", "the investment portfolio", &end);
    if (portfolio) {
        section_figure(s, "Total invested", rjv_money(portfolio, "total"));
        rs_portfolio_by_type(b, s, portfolio, true);
        rs_holdings_by_type(b, s, portfolio);
    }
    const cJSON *wam = rb_view(b, s, "wam", "weighted average maturity", &end);
    if (wam)
        rs_wam(b, s, wam);
}

static void indicator_outturn(struct rbuild *b)
{
    struct rsection *s = report_section(b->r, "indicator_outturn", "Annex 5: Prudential indicators outturn");
    struct view_args end = b->args, from_start = b->args;
    end.as_of = b->args.to;
    from_start.as_of = b->args.to;
    from_start.reference_date = b->args.from;
    const cJSON *indicators = rb_view(b, s, "indicators", "prudential indicators", &end);
    if (indicators)
        rs_indicators(b, s, indicators);
    const cJSON *debt = rb_view(b, s, "debt", "maturity structure of borrowing", &from_start);
    if (debt && cJSON_IsArray(rj_obj(debt, "maturity_structure"))) {
        rs_maturity_structure(b, s, debt);
        char d[DATE_BUFSZ];
        section_para(s, "The maturity structure is measured from %s, the start of the period, on the "
                        "loans outstanding at its end.", date_format_uk(b->args.from, d));
    } else if (debt) {
        rs_maturity_structure(b, s, debt); /* notes that it is not available */
    }
}

/* The benchmark's average, and the period's average return above it (ctx: the return, or NULL). */
static RCELL(cell_return_above)
{
    const rate_t *ret = f->ctx;
    rate_t avg;
    if (!ret || !rj_rate(row, rcol_field(c), &avg))
        return rv_null(RT_RATE);
    return rv_rate(*ret - avg);
}

static const struct rcolspec benchmark_cols[] = {
    RCOL("series", "Benchmark", RT_TEXT, .field = "title", .alt = "series"),
    RCOL("average", "Average", RT_RATE),
    RCOL("return_above", "Return above it", RT_RATE, .field = "average", .cell = cell_return_above),
    RCOL("note", "Note", RT_TEXT, .field = "reason"),
};
static const struct rtable_spec benchmarks = RTABLE_SPEC(
    "benchmarks", "Average return against benchmark rates over the period", "Benchmarks", benchmark_cols);

static void interest_and_returns(struct rbuild *b)
{
    struct rsection *s = report_section(b->r, "interest", "Annex 6: Interest and returns against benchmarks");
    const cJSON *interest = rb_view(b, s, "interest", "interest receivable and payable", NULL);
    money_t balance = 0;
    rate_t ret = 0;
    bool have_return = interest && returns_of_interest(interest, b->args.from, b->args.to, &balance, &ret);
    if (interest) {
        section_figure(s, "Interest earned on investments in the period", rjv_money(interest, "earned"));
        section_figure(s, "Interest received on deposits maturing in the period", rjv_money(interest, "receivable"));
        section_figure(s, "Interest accrued at the end, not yet received", rjv_money(interest, "accrued"));
        section_figure(s, "Interest payable on loans in the period", rjv_money(interest, "payable"));
        if (cJSON_GetObjectItemCaseSensitive(interest, "variable_income"))
            section_figure(s, "Income of funds without a rate (their interest movements)",
                           rjv_money(interest, "variable_income"));
        if (have_return) {
            section_figure(s, "Average balance earning interest", rv_money(balance));
            section_figure(s, "Average return", rv_rate(ret));
        }
    }
    const cJSON *avg = rb_view(b, s, "benchmarks", "average SONIA and Bank Rate", NULL);
    if (avg) {
        struct rfill f = {.ctx = have_return ? &ret : NULL};
        rtable_fill(s, &benchmarks, rj_obj(avg, "series"), &f);
        if (have_return)
            section_para(s, "The average return is the interest earned in the period over the average "
                            "balance of the deposits that earned it (principal times nights held, "
                            "ACT/365).");
    }
}

void report_returns_against_benchmark(struct rbuild *b, const char *heading)
{
    struct rsection *s = report_section(b->r, "returns", heading);
    const cJSON *r = rb_view(b, s, "returns", "the return against the benchmark", NULL);
    if (!r)
        return;
    const cJSON *sc = rj_obj(r, "sonia_compounded"), *why;
    section_figure(s, "Interest earned on investments in the period", rjv_money(r, "earned"));
    section_figure(s, "Time-weighted average balance", rjv_money(r, "average_balance"));
    section_figure(s, "Return (ACT/365)", rjv_rate(r, "return"));
    section_figure(s, "Benchmark: compounded SONIA", rjv_rate(sc, "rate"));
    section_figure(s, "Return above the benchmark", rjv_rate(r, "return_above_benchmark"));
    section_figure(s, "Simple average of daily SONIA (shown beside it)", rjv_rate(r, "sonia_average"));
    date_t d0, d1;
    char uk0[DATE_BUFSZ], uk1[DATE_BUFSZ];
    if (sc && rj_date(sc, "index_start_date", &d0) && rj_date(sc, "index_end_date", &d1))
        section_para(s, "The benchmark is compounded SONIA from the Bank of England's SONIA compounded "
                        "index (IUDZOS2): %s on %s to %s on %s, (end / start - 1) x 365 / days.",
                     rj_str(sc, "index_start"), date_format_uk(d0, uk0), rj_str(sc, "index_end"),
                     date_format_uk(d1, uk1));
    cJSON_ArrayForEach(why, rj_obj(r, "reasons"))
        section_para(s, "Not available: %s.", cJSON_GetStringValue(why));
}

static const struct rcolspec predecessor_cols[] = {
    RCOL("code", "Predecessor", RT_TEXT),
    RCOL("interest_earned", "Interest earned", RT_MONEY),
    RCOL("interest_payable", "Interest payable", RT_MONEY),
    RCOL("portfolio_total", "Portfolio at the end", RT_MONEY),
    RCOL("external_debt", "External debt at the end", RT_MONEY),
};
static const struct rtable_spec predecessors = RTABLE_SPEC(
    "predecessors", "The predecessors' outturn to the day before the vesting day", "Predecessors",
    predecessor_cols);

/* Annex 8 (and the quarterly and PI packs' comparatives, builders.h), only for a successor
 * council whose vesting day falls after the period's start (a merger, sql/215): each
 * predecessor's outturn from the start to the day before the vesting day, the comparatives of the
 * annexes (sections) above (the successor's own figures, the holdings it took over counted from
 * the vesting day). */
void report_predecessor_comparatives(struct rbuild *b, const char *title, const char *above)
{
    int code = EXIT_OK;
    if (b->code != EXIT_OK)
        return;
    cJSON *doc = b->src->fetch(b->src->ctx, "predecessors", &b->args, &code);
    if (!doc) { /* no such view (a test source) or refused: no annex; a failure stops the build */
        if (code == EXIT_DEP)
            b->code = code;
        return;
    }
    if (cJSON_GetArraySize(rj_obj(doc, "predecessors")) == 0 || b->ndocs == (int)(sizeof b->docs / sizeof b->docs[0])) {
        cJSON_Delete(doc);
        return;
    }
    b->docs[b->ndocs++] = doc; /* freed with the build, like rb_view's */
    char d1[DATE_BUFSZ], d2[DATE_BUFSZ], d3[DATE_BUFSZ], heading[96];
    date_t from, to, on;
    rj_date(doc, "from", &from);
    rj_date(doc, "to", &to);
    rj_date(doc, "vesting_date", &on);
    snprintf(heading, sizeof heading, "%s: the predecessors to %s", title, date_format_uk(to, d2));
    struct rsection *s = report_section(b->r, "predecessors", heading);
    section_para(s, "This council took over the books of the councils below on %s, the vesting day; their books "
                    "ended the day before. The %s above are this council's own figures, the holdings it took "
                    "over counted from the vesting day. Each predecessor's outturn from %s to %s:",
                 date_format_uk(on, d3), above, date_format_uk(from, d1), d2);
    struct rfill f = {0};
    rtable_fill(s, &predecessors, rj_obj(doc, "predecessors"), &f);
    const cJSON *total = rj_obj(doc, "total");
    section_figure(s, "Interest earned by the predecessors", rjv_money(total, "interest_earned"));
    section_figure(s, "Interest payable by the predecessors", rjv_money(total, "interest_payable"));
    section_figure(s, "The predecessors' portfolio taken over", rjv_money(total, "portfolio_total"));
    section_figure(s, "The predecessors' external debt taken over", rjv_money(total, "external_debt"));
}

void report_build_outturn(struct rbuild *b)
{
    report_outturn_debt_financing(b, "Annex 1: Debt financing");
    struct rsection *s = report_section(b->r, "maturing_debt", "Annex 2: Maturing debt");
    const cJSON *maturing = rb_view(b, s, "maturing", "maturing debt", NULL);
    if (maturing)
        rs_maturing(b, s, maturing);
    report_outturn_lending_changes(b, "Annex 3: Lending list changes");
    portfolio_at_end(b);
    indicator_outturn(b);
    interest_and_returns(b);
    report_returns_against_benchmark(b, "Annex 7: Return against the benchmark");
    report_predecessor_comparatives(b, "Annex 8: Comparatives", "annexes");
}
