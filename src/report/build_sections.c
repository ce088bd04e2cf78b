/* build_sections.c: report sections shared by several reports, each drawn from one view document
 * (portfolio, wam, debt, indicators, limits, maturing). Totals rows carry the totals the view
 * states; the only figures made here are shares of a total and use of a limit (exact integer
 * arithmetic, rv_share). */
#include <stdio.h>
#include <string.h>

#include "report/build.h"

static const cJSON *obj(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static int add_text_row(struct rtable *t, bool total, const char *label)
{
    int row = rtable_row(t, total);
    rtable_set(t, row, 0, rv_text(label));
    return row;
}

/* The band's title: a known code ("under_12m"), else from its months ("from 60 to 120 months"). */
static const char *band_label(const cJSON *o, const char *code, char *buf, size_t n)
{
    const char *t = band_title(code);
    double from, to;
    if (t == code && rj_num(o, "from_months", &from)) {
        if (rj_num(o, "to_months", &to))
            snprintf(buf, n, "%.0f to %.0f months", from, to);
        else
            snprintf(buf, n, "%.0f months and over", from);
        return buf;
    }
    return t;
}

/* ---- portfolio ---- */

void rs_portfolio_by_type(struct rbuild *b, struct rsection *s, const cJSON *portfolio, bool chart)
{
    (void)b;
    money_t total = 0;
    bool have_total = rj_money(portfolio, "total", &total);
    struct rtable *t = section_table(s, "investments_by_type", "Investments by type");
    rtable_col(t, "type", "Type", RT_TEXT);
    rtable_col(t, "count", "Holdings", RT_COUNT);
    rtable_col(t, "principal", "Principal", RT_MONEY);
    rtable_col(t, "share", "Share", RT_PERCENT);
    int64_t holdings = 0;
    const cJSON *type;
    cJSON_ArrayForEach(type, obj(portfolio, "by_type"))
    {
        int row = add_text_row(t, false, inv_type_title(type->string));
        rtable_set(t, row, 1, rjv_count(type, "count"));
        rtable_set(t, row, 2, rjv_money(type, "principal"));
        money_t p;
        if (have_total && rj_money(type, "principal", &p))
            rtable_set(t, row, 3, rv_share(p, total));
        holdings += rtable_cell(t, row, 1)->null ? 0 : rtable_cell(t, row, 1)->v.count;
    }
    int row = add_text_row(t, true, "Total");
    rtable_set(t, row, 1, cJSON_IsNumber(obj(portfolio, "count")) ? rjv_count(portfolio, "count")
                                                                   : rv_count(holdings));
    rtable_set(t, row, 2, rjv_money(portfolio, "total"));
    if (have_total)
        rtable_set(t, row, 3, rv_share(total, total));
    if (chart)
        section_chart(s, RCHART_BAR, "Investments by type", t, 0, 2);
}

void rs_holdings_by_type(struct rbuild *b, struct rsection *s, const cJSON *portfolio)
{
    (void)b;
    char asat[DATE_BUFSZ], id[64], title[160];
    date_t as_of;
    if (!rj_date(portfolio, "as_of", &as_of))
        as_of = b->r->as_of;
    const cJSON *type;
    cJSON_ArrayForEach(type, obj(portfolio, "by_type"))
    {
        snprintf(id, sizeof id, "holdings_%s", type->string);
        snprintf(title, sizeof title, "%s held at %s", inv_type_title(type->string),
                 date_format_uk(as_of, asat));
        struct rtable *t = section_table(s, id, title);
        rtable_short_title(t, inv_type_title(type->string));
        rtable_col(t, "counterparty", "Counterparty", RT_TEXT);
        rtable_col(t, "ref", "Ref", RT_TEXT);
        rtable_col(t, "principal", "Principal", RT_MONEY);
        rtable_col(t, "rate", "Rate", RT_RATE);
        rtable_col(t, "maturity_date", "Maturity", RT_DATE);
        rtable_col(t, "days", "Days", RT_DAYS);
        const cJSON *h;
        cJSON_ArrayForEach(h, obj(portfolio, "holdings"))
        {
            const char *ht = rj_str(h, "type");
            if (!ht || strcmp(ht, type->string) != 0)
                continue;
            int row = rtable_row(t, false);
            const char *name = rj_str(h, "counterparty_name");
            rtable_set(t, row, 0, rv_text(name ? name : rj_str(h, "counterparty")));
            rtable_set(t, row, 1, rjv_text(h, "ref"));
            rtable_set(t, row, 2, rjv_money(h, "principal"));
            rtable_set(t, row, 3, rjv_rate(h, "rate"));
            rtable_set(t, row, 4, rjv_date(h, "maturity_date"));
            rtable_set(t, row, 5, rjv_days(h, "days"));
        }
        int row = add_text_row(t, true, "Total");
        rtable_set(t, row, 2, rjv_money(type, "principal"));
    }
}

/* ---- weighted average maturity ---- */

void rs_wam(struct rbuild *b, struct rsection *s, const cJSON *wam)
{
    (void)b;
    struct rtable *t = section_table(s, "wam_by_type", "Weighted average maturity by type");
    rtable_short_title(t, "WAM by type");
    rtable_col(t, "type", "Type", RT_TEXT);
    rtable_col(t, "count", "Holdings", RT_COUNT);
    rtable_col(t, "principal", "Principal", RT_MONEY);
    rtable_col(t, "days", "WAM (days)", RT_DAYS);
    const cJSON *type;
    cJSON_ArrayForEach(type, obj(wam, "by_type"))
    {
        int row = add_text_row(t, false, inv_type_title(type->string));
        rtable_set(t, row, 1, rjv_count(type, "count"));
        rtable_set(t, row, 2, rjv_money(type, "principal"));
        rtable_set(t, row, 3, rjv_days(type, "days"));
    }
    const cJSON *overall = obj(wam, "overall");
    int row = add_text_row(t, true, "All (overall)");
    rtable_set(t, row, 1, rjv_count(overall, "count"));
    rtable_set(t, row, 2, rjv_money(overall, "principal"));
    rtable_set(t, row, 3, rjv_days(overall, "days"));
    money_t pooled;
    if (rj_money(obj(wam, "pooled"), "principal", &pooled)) {
        char buf[MONEY_BUFSZ];
        section_para(s, "Pooled funds (%s) have no maturity date and are reported apart, not in WAM.",
                     money_format(pooled, MONEY_GROUPED | MONEY_POUND, buf));
    }
}

/* ---- debt ---- */

struct rtable *rs_debt_by_type(struct rbuild *b, struct rsection *s, const cJSON *debt, const char *id,
                               const char *title)
{
    (void)b;
    money_t total = 0;
    bool have_total = rj_money(debt, "external_debt", &total);
    struct rtable *t = section_table(s, id, title);
    rtable_col(t, "type", "Type", RT_TEXT);
    rtable_col(t, "count", "Loans", RT_COUNT);
    rtable_col(t, "principal", "Principal", RT_MONEY);
    rtable_col(t, "average_rate", "Average rate", RT_RATE);
    rtable_col(t, "share", "Share", RT_PERCENT);
    int64_t loans = 0;
    const cJSON *type;
    cJSON_ArrayForEach(type, obj(debt, "by_type"))
    {
        int row = add_text_row(t, false, loan_type_title(type->string));
        rtable_set(t, row, 1, rjv_count(type, "count"));
        rtable_set(t, row, 2, rjv_money(type, "principal"));
        rtable_set(t, row, 3, rjv_rate(type, "average_rate"));
        money_t p;
        if (have_total && rj_money(type, "principal", &p))
            rtable_set(t, row, 4, rv_share(p, total));
        loans += rtable_cell(t, row, 1)->null ? 0 : rtable_cell(t, row, 1)->v.count;
    }
    int row = add_text_row(t, true, "External debt");
    rtable_set(t, row, 1, cJSON_IsNumber(obj(debt, "count")) ? rjv_count(debt, "count") : rv_count(loans));
    rtable_set(t, row, 2, rjv_money(debt, "external_debt"));
    rtable_set(t, row, 3, rjv_rate(debt, "average_rate"));
    if (have_total)
        rtable_set(t, row, 4, rv_share(total, total));
    return t;
}

void rs_maturity_structure(struct rbuild *b, struct rsection *s, const cJSON *debt)
{
    if (!cJSON_IsArray(obj(debt, "maturity_structure"))) {
        report_unavailable(b->r, s, "maturity structure of borrowing", "the debt view does not state it");
        return;
    }
    char ref[DATE_BUFSZ], title[128];
    date_t d;
    if (rj_date(debt, "reference_date", &d))
        snprintf(title, sizeof title, "Maturity structure of borrowing (measured from %s)",
                 date_format_uk(d, ref));
    else
        snprintf(title, sizeof title, "Maturity structure of borrowing");
    struct rtable *t = section_table(s, "maturity_structure", title);
    rtable_short_title(t, "Maturity structure");
    rtable_col(t, "band", "Time to maturity", RT_TEXT);
    rtable_col(t, "principal", "Principal", RT_MONEY);
    rtable_col(t, "percent", "Actual", RT_PERCENT);
    rtable_col(t, "lower", "Lower limit", RT_PERCENT);
    rtable_col(t, "upper", "Upper limit", RT_PERCENT);
    rtable_col(t, "status", "Status", RT_TEXT);
    const cJSON *band;
    cJSON_ArrayForEach(band, obj(debt, "maturity_structure"))
    {
        const char *code = rj_str(band, "band");
        char label[64];
        int row = add_text_row(t, false, band_label(band, code ? code : "", label, sizeof label));
        rtable_set(t, row, 1, rjv_money(band, "principal"));
        rtable_set(t, row, 2, rjv_percent(band, "percent"));
        rtable_set(t, row, 3, rjv_percent(band, "lower"));
        rtable_set(t, row, 4, rjv_percent(band, "upper"));
        rtable_set(t, row, 5, rjv_text(band, "status"));
    }
    section_chart(s, RCHART_COLUMN, "Borrowing maturity profile", t, 0, 1);
}

/* ---- prudential indicators ---- */

static struct rtable *band_table(struct rsection *s)
{
    struct rtable *t = section_table(s, "indicator_maturity_bands",
                                     "Prudential indicators: maturity structure of borrowing");
    rtable_short_title(t, "Indicators - maturity bands");
    rtable_col(t, "band", "Time to maturity", RT_TEXT);
    rtable_col(t, "principal", "Principal", RT_MONEY);
    rtable_col(t, "lower", "Lower limit", RT_PERCENT);
    rtable_col(t, "upper", "Upper limit", RT_PERCENT);
    rtable_col(t, "actual", "Actual", RT_PERCENT);
    rtable_col(t, "status", "Status", RT_TEXT);
    return t;
}

void rs_indicators(struct rbuild *b, struct rsection *s, const cJSON *indicators)
{
    (void)b;
    char buf[160], d1[DATE_BUFSZ], d2[DATE_BUFSZ];
    const cJSON *st = obj(indicators, "strategy");
    date_t eff, on;
    if (rj_date(st, "effective_from", &eff) && rj_date(st, "approved_on", &on))
        section_para(s, "Limits are those of the treasury management strategy in force from %s, "
                        "approved by %s on %s%s%s.", date_format_uk(eff, d1),
                     rj_str(st, "approved_by") ? rj_str(st, "approved_by") : "the Council",
                     date_format_uk(on, d2), rj_str(st, "reference") ? ", " : "",
                     rj_str(st, "reference") ? rj_str(st, "reference") : "");
    struct rtable *t = section_table(s, "indicators", "Prudential indicators: limit and actual");
    rtable_short_title(t, "Prudential indicators");
    rtable_col(t, "indicator", "Indicator", RT_TEXT);
    rtable_col(t, "limit", "Limit", RT_MONEY);
    rtable_col(t, "actual", "Actual", RT_MONEY);
    rtable_col(t, "used", "Used", RT_PERCENT);
    rtable_col(t, "status", "Status", RT_TEXT);
    struct rtable *bands = NULL;
    const cJSON *ind;
    cJSON_ArrayForEach(ind, obj(indicators, "indicators"))
    {
        const char *code = rj_str(ind, "code");
        if (!code)
            continue;
        money_t limit, actual;
        if (strncmp(code, "credit_score.", 13) == 0)
            continue; /* the security section shows them */
        if (strncmp(code, "maturity_structure.", 19) == 0) {
            if (!bands)
                bands = band_table(s);
            int row = add_text_row(bands, false, band_label(ind, code + 19, buf, sizeof buf));
            rtable_set(bands, row, 1, rjv_money(ind, "principal"));
            rtable_set(bands, row, 2, rjv_percent(ind, "lower"));
            rtable_set(bands, row, 3, rjv_percent(ind, obj(ind, "upper") ? "upper" : "limit"));
            rtable_set(bands, row, 4, rjv_percent(ind, "actual"));
            rtable_set(bands, row, 5, rjv_text(ind, "status"));
            continue;
        }
        int row = add_text_row(t, false, indicator_title(code, buf, sizeof buf));
        bool hl = rj_money(ind, "limit", &limit), ha = rj_money(ind, "actual", &actual);
        if (hl)
            rtable_set(t, row, 1, rv_money(limit));
        if (ha)
            rtable_set(t, row, 2, rv_money(actual));
        if (hl && ha && limit > 0 && actual >= 0)
            rtable_set(t, row, 3, rv_share(actual, limit));
        rtable_set(t, row, 4, rjv_text(ind, "status"));
    }
    section_para(s, "Used is the actual as a share of the limit. Liquidity is a minimum to hold, "
                    "not a maximum; a blank limit means the strategy sets none.");
    struct rchart *ch = section_chart(s, RCHART_BAR, "Limit use: actual against limit (red mark)", t, 0, 2);
    ch->has_marker = true;
    ch->marker_col = 1;
}

/* The actual of indicator `code` in an indicators document, as a money value (null if absent). */
struct rvalue rs_indicator_actual(const cJSON *indicators, const char *code)
{
    const cJSON *ind;
    cJSON_ArrayForEach(ind, obj(indicators, "indicators"))
    {
        const char *c = rj_str(ind, "code");
        if (c && strcmp(c, code) == 0)
            return rjv_money(ind, "actual");
    }
    return rv_null(RT_MONEY);
}

/* ---- counterparties ---- */

void rs_exposure(struct rbuild *b, struct rsection *s, const cJSON *limits)
{
    (void)b;
    struct rtable *t = section_table(s, "counterparty_exposure", "Exposure by counterparty against its limit");
    rtable_short_title(t, "Counterparty exposure");
    rtable_col(t, "counterparty", "Counterparty", RT_TEXT);
    rtable_col(t, "status", "Status", RT_TEXT);
    rtable_col(t, "limit", "Limit", RT_MONEY);
    rtable_col(t, "max_days", "Max days", RT_COUNT);
    rtable_col(t, "exposure", "Exposure", RT_MONEY);
    rtable_col(t, "headroom", "Headroom", RT_MONEY);
    rtable_col(t, "used", "Used", RT_PERCENT);
    const cJSON *c;
    cJSON_ArrayForEach(c, obj(limits, "counterparties"))
    {
        money_t exposure, limit;
        if (!rj_money(c, "exposure", &exposure) || exposure == 0)
            continue;
        const char *name = rj_str(c, "name");
        int row = add_text_row(t, false, name ? name : rj_str(c, "code"));
        rtable_set(t, row, 1, rjv_text(c, "status"));
        rtable_set(t, row, 2, rjv_money(c, "limit"));
        rtable_set(t, row, 3, rjv_count(c, "max_days"));
        rtable_set(t, row, 4, rv_money(exposure));
        rtable_set(t, row, 5, rjv_money(c, "headroom"));
        if (rj_money(c, "limit", &limit) && limit > 0)
            rtable_set(t, row, 6, rv_share(exposure, limit));
    }
    section_para(s, "Counterparties with exposure at the date. A dash for the limit means the "
                    "strategy sets none; max days is the longest duration allowed for a new deal.");
    struct rchart *ch = section_chart(s, RCHART_BAR, "Counterparty limit use: exposure against limit (red mark)",
                                      t, 0, 4);
    ch->has_marker = true;
    ch->marker_col = 2;
}

void rs_breaches(struct rbuild *b, struct rsection *s, const cJSON *limits)
{
    (void)b;
    struct rtable *t = section_table(s, "breaches", "Limit breaches at the date");
    rtable_col(t, "kind", "Kind", RT_TEXT);
    rtable_col(t, "subject", "Subject", RT_TEXT);
    rtable_col(t, "exposure", "Exposure", RT_MONEY);
    rtable_col(t, "limit", "Limit", RT_MONEY);
    rtable_col(t, "passive", "Passive", RT_TEXT);
    const cJSON *br;
    cJSON_ArrayForEach(br, obj(limits, "breaches"))
    {
        int row = rtable_row(t, false);
        rtable_set(t, row, 0, rjv_text(br, "kind"));
        rtable_set(t, row, 1, rjv_text(br, "subject"));
        rtable_set(t, row, 2, rjv_money(br, "exposure"));
        rtable_set(t, row, 3, rjv_money(br, "limit"));
        const cJSON *p = obj(br, "passive");
        if (cJSON_IsBool(p))
            rtable_set(t, row, 4, rv_text(cJSON_IsTrue(p) ? "yes" : "no"));
    }
}

/* ---- maturing debt ---- */

void rs_maturing(struct rbuild *b, struct rsection *s, const cJSON *maturing)
{
    (void)b;
    struct rtable *t = section_table(s, "maturing_debt", "Loan instalments maturing in the period");
    rtable_short_title(t, "Maturing debt");
    rtable_col(t, "date", "Date", RT_DATE);
    rtable_col(t, "ref", "Loan", RT_TEXT);
    rtable_col(t, "lender", "Lender", RT_TEXT);
    rtable_col(t, "amount", "Amount", RT_MONEY);
    rtable_col(t, "rate", "Rate", RT_RATE);
    rtable_col(t, "repayment", "Repayment type", RT_TEXT);
    const cJSON *i;
    cJSON_ArrayForEach(i, obj(maturing, "instalments"))
    {
        int row = rtable_row(t, false);
        rtable_set(t, row, 0, rjv_date(i, "date"));
        rtable_set(t, row, 1, rjv_text(i, "ref"));
        const char *lender = rj_str(i, "lender_name");
        rtable_set(t, row, 2, rv_text(lender ? lender : rj_str(i, "lender")));
        rtable_set(t, row, 3, rjv_money(i, "amount"));
        rtable_set(t, row, 4, rjv_rate(i, "rate"));
        const char *rep = rj_str(i, "repayment");
        rtable_set(t, row, 5, rv_text(!rep ? NULL : strcmp(rep, "eip") == 0 ? "EIP"
                                              : strcmp(rep, "maturity") == 0 ? "Maturity"
                                              : strcmp(rep, "annuity") == 0 ? "Annuity" : rep));
    }
    int row = rtable_row(t, true);
    rtable_set(t, row, 1, rv_text("Total (weighted average rate)"));
    rtable_set(t, row, 3, rjv_money(maturing, "total"));
    rtable_set(t, row, 4, rjv_rate(maturing, "average_rate"));
}

/* Loans outstanding at the end of the period that started in it (from the debt view's loans). */
void rs_new_loans(struct rbuild *b, struct rsection *s, const cJSON *debt_end)
{
    const cJSON *loans = obj(debt_end, "loans");
    if (!cJSON_IsArray(loans))
        return;
    struct rtable *t = section_table(s, "new_loans", "Loans raised in the period and outstanding at its end");
    rtable_short_title(t, "New loans");
    rtable_col(t, "start_date", "Start", RT_DATE);
    rtable_col(t, "ref", "Loan", RT_TEXT);
    rtable_col(t, "type", "Type", RT_TEXT);
    rtable_col(t, "lender", "Lender", RT_TEXT);
    rtable_col(t, "principal", "Amount raised", RT_MONEY);
    rtable_col(t, "rate", "Rate", RT_RATE);
    rtable_col(t, "maturity_date", "Maturity", RT_DATE);
    const cJSON *l;
    cJSON_ArrayForEach(l, loans)
    {
        date_t start;
        if (!rj_date(l, "start_date", &start) || start < b->args.from || start > b->args.to)
            continue;
        int row = rtable_row(t, false);
        const char *type = rj_str(l, "type"), *lender = rj_str(l, "lender_name");
        rtable_set(t, row, 0, rv_date(start));
        rtable_set(t, row, 1, rjv_text(l, "ref"));
        rtable_set(t, row, 2, rv_text(type ? loan_type_title(type) : NULL));
        rtable_set(t, row, 3, rv_text(lender ? lender : rj_str(l, "lender")));
        rtable_set(t, row, 4, rj_str(l, "original_principal") ? rjv_money(l, "original_principal")
                                                              : rjv_money(l, "principal"));
        rtable_set(t, row, 5, rjv_rate(l, "rate"));
        rtable_set(t, row, 6, rjv_date(l, "maturity_date"));
    }
}

/* ---- lending list changes (the limits view asked for a period) ---- */

static void side(struct rtable *t, int row, int col, const cJSON *o)
{
    rtable_set(t, row, col, rjv_text(o, "status"));
    rtable_set(t, row, col + 1, rjv_money(o, "limit"));
    rtable_set(t, row, col + 2, rjv_count(o, "max_days"));
}

void rs_lending_changes(struct rbuild *b, struct rsection *s, const cJSON *limits)
{
    char d1[DATE_BUFSZ], d2[DATE_BUFSZ], title[64];
    date_format_uk(b->args.from, d1);
    date_format_uk(b->args.to, d2);
    struct rtable *t = section_table(s, "lending_list_changes", "Lending limits and durations changed");
    rtable_short_title(t, "Lending list changes");
    rtable_col(t, "counterparty", "Counterparty", RT_TEXT);
    snprintf(title, sizeof title, "Status %s", d1);
    rtable_col(t, "status_before", title, RT_TEXT);
    snprintf(title, sizeof title, "Limit %s", d1);
    rtable_col(t, "limit_before", title, RT_MONEY);
    snprintf(title, sizeof title, "Max days %s", d1);
    rtable_col(t, "max_days_before", title, RT_COUNT);
    snprintf(title, sizeof title, "Status %s", d2);
    rtable_col(t, "status_after", title, RT_TEXT);
    snprintf(title, sizeof title, "Limit %s", d2);
    rtable_col(t, "limit_after", title, RT_MONEY);
    snprintf(title, sizeof title, "Max days %s", d2);
    rtable_col(t, "max_days_after", title, RT_COUNT);
    rtable_col(t, "basis", "Why (at the end)", RT_TEXT);
    struct rtable *sus = section_table(s, "suspensions", "Counterparties suspended in the period");
    rtable_short_title(sus, "Suspensions");
    rtable_col(sus, "counterparty", "Counterparty", RT_TEXT);
    rtable_col(sus, "basis", "Why", RT_TEXT);
    const cJSON *c;
    cJSON_ArrayForEach(c, obj(limits, "changes"))
    {
        const cJSON *before = obj(c, "before"), *after = obj(c, "after");
        const char *name = rj_str(c, "name");
        int row = add_text_row(t, false, name ? name : rj_str(c, "code"));
        side(t, row, 1, before);
        side(t, row, 4, after);
        rtable_set(t, row, 7, rjv_text(after, "basis"));
        const char *sb = rj_str(before, "status"), *sa = rj_str(after, "status");
        if (sa && strcmp(sa, "suspended") == 0 && (!sb || strcmp(sb, "suspended") != 0)) {
            int r2 = add_text_row(sus, false, name ? name : rj_str(c, "code"));
            rtable_set(sus, r2, 1, rjv_text(after, "basis"));
        }
    }
    section_para(s, "The lending list at the start and at the end of the period, for each "
                    "counterparty whose status, limit or maximum duration differs. A blank limit "
                    "means none is set.");
}
