/* build_cashflow.c: `report cashflow`, the cash-flow forecast for the treasury team and committee
 * (issue 18; docs/cash.md "The cash-flow report"), at the as-of date: the low point of the coming
 * 13 weeks (forecast-based liquidity), the 13 weeks by week and the coming year by month, all
 * accounts consolidated and then each account, with the weeks and months below the minimum
 * flagged; the four years after the first by financial year (April to March, the first and last
 * clipped), all accounts together; and forecast against actual per item from the reconciliation of each account's
 * statements over --from..--to (default: the financial year to the as-of date). Also the cash
 * section of the monthly PI report (report_cash_section) and of the quarterly pack
 * (report_quarter_cash_section). Documents: accounts, cashflow,
 * reconcile (views/cash.h, views/reconcile.h, fetched by name: report/build.c). An authority
 * with no bank account gets a one-line note (and the PI report no section at all). */
#include <stdio.h>
#include <string.h>

#include "core/cashflow.h"
#include "report/builders.h"
#include "util/err.h"

#define CASH_WEEKS_DAYS 91 /* 13 weeks: the as-of day and the 90 after it */
#define CASH_YEARS 5       /* the first year by month, then to five years by financial year */

static const struct rcolspec period_cols[] = {
    RCOL("start", "From", RT_DATE),
    RCOL("end", "To", RT_DATE),
    RCOL("receipts", "Receipts", RT_MONEY),
    RCOL("payments", "Payments", RT_MONEY),
    RCOL("net", "Net", RT_MONEY),
    RCOL("closing_balance", "Closing balance", RT_MONEY),
    RCOL("below_minimum", "Below minimum", RT_TEXT, .cell = cell_yes_no),
};
static const struct rtable_spec weeks = RTABLE_SPEC(
    "weeks", "The coming 13 weeks by week (Monday to Sunday)", "13 weeks", period_cols);
static const struct rtable_spec months = RTABLE_SPEC("months", "The coming year by month", "12 months", period_cols);
static const struct rtable_spec years = RTABLE_SPEC(
    "years", "The years after the first by financial year (April to March)", "Years 2-5", period_cols);

/* The accounts document when the authority has a bank account, else NULL (and nothing noted: a
 * book without cash is reported as before). A failure of the database stops the build. The
 * document stays owned by b. */
static const cJSON *accounts_of(struct rbuild *b)
{
    int code = EXIT_OK;
    if (b->code != EXIT_OK)
        return NULL;
    cJSON *doc = b->src->fetch(b->src->ctx, "accounts", &b->args, &code);
    if (!doc) {
        if (code == EXIT_DEP)
            b->code = code;
        return NULL;
    }
    if (cJSON_GetArraySize(rj_obj(doc, "accounts")) == 0 ||
        b->ndocs == (int)(sizeof b->docs / sizeof b->docs[0])) {
        cJSON_Delete(doc);
        return NULL;
    }
    b->docs[b->ndocs++] = doc;
    return doc;
}

/* The forecast of one account (NULL: every account) by `by` over from..to; NULL when not
 * available (noted in s). */
static const cJSON *forecast(struct rbuild *b, struct rsection *s, const char *account, enum cash_by by,
                             date_t from, date_t to)
{
    struct view_args a = b->args;
    a.from = from;
    a.to = to;
    a.by = by;
    a.account = account;
    return rb_view(b, s, "cashflow", "the cash-flow forecast", &a);
}

/* The low point of a forecast as key figures (the forecast-based liquidity). */
static void low_point_figures(struct rsection *s, const cJSON *doc)
{
    const cJSON *low = rj_obj(doc, "low_point");
    char d[DATE_BUFSZ], label[96];
    date_t from;
    if (!rj_date(low, "from", &from))
        return;
    snprintf(label, sizeof label, "Opening balance (the close of %s)", date_format_uk(from - 1, d));
    section_figure(s, label, rjv_money(low, "opening_balance"));
    section_figure(s, "Minimum balance (all accounts)", rjv_money(low, "minimum_balance"));
    section_figure(s, "Lowest forecast balance", rjv_money(low, "lowest_balance"));
    section_figure(s, "Lowest on", rjv_date(low, "lowest_date"));
    section_figure(s, "Days below the minimum", rjv_count(low, "days_below_minimum"));
    section_figure(s, "Days covered (before the first day below the minimum)", rjv_count(low, "days_covered"));
    section_figure(s, "Shortfall at the low point (to borrow or draw from investments)",
                   rjv_money(low, "shortfall"));
}

/* The periods of one forecast as a table, of every account (account NULL) or of one: its table
 * gets the account's code in its id and title. */
static struct rtable *periods_table(struct rsection *s, const struct rtable_spec *spec, const cJSON *doc,
                                    const cJSON *account)
{
    char id[64], title[200], short_title[32];
    const char *code = account ? rj_str(account, "code") : NULL;
    if (code) {
        snprintf(id, sizeof id, "%s_%s", spec->id, code);
        snprintf(title, sizeof title, "%s: %s %s", spec->title, code, rj_str(account, "name"));
        snprintf(short_title, sizeof short_title, "%s %.20s", spec->short_title, code);
    } else {
        snprintf(title, sizeof title, "%s: all accounts", spec->title);
    }
    struct rfill f = {.id = code ? id : NULL, .title = title, .short_title = code ? short_title : NULL};
    return rtable_fill(s, spec, rj_obj(doc, "periods"), &f);
}

/* The 13 weeks from `from` (the as-of date; the quarterly pack: the day after the quarter end),
 * consolidated: the low point, the weeks and their chart. Returns the document, NULL when not
 * available. */
static const cJSON *coming_weeks(struct rbuild *b, struct rsection *s, date_t from)
{
    const cJSON *doc = forecast(b, s, NULL, CASH_BY_WEEK, from, from + CASH_WEEKS_DAYS - 1);
    if (!doc)
        return NULL;
    low_point_figures(s, doc);
    struct rtable *t = periods_table(s, &weeks, doc, NULL);
    section_chart(s, RCHART_BAR, "Closing balance by week", t, rtable_col_index(t, "start"),
                  rtable_col_index(t, "closing_balance"));
    return doc;
}

/* Each account's periods over from..to by `by`. */
static void each_account(struct rbuild *b, struct rsection *s, const cJSON *accounts, const struct rtable_spec *spec,
                         enum cash_by by, date_t from, date_t to)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, rj_obj(accounts, "accounts"))
    {
        const cJSON *doc = forecast(b, s, rj_str(a, "code"), by, from, to);
        if (doc)
            periods_table(s, spec, doc, a);
    }
}

/* ---- forecast against actual ---- */

static const struct rcolspec actual_cols[] = {
    RCOL("ref", "Ref", RT_TEXT),
    RCOL("source", "Source", RT_TEXT),
    RCOL("description", "Description", RT_TEXT),
    RCOL("expected", "Forecast", RT_MONEY),
    RCOL("actual", "Actual", RT_MONEY),
    RCOL("difference", "Difference", RT_MONEY),
    RCOL("flows", "Flows due", RT_COUNT),
    RCOL("arrived", "Arrived", RT_COUNT),
};
static const struct rtable_spec actuals = RTABLE_SPEC(
    "actuals", "Forecast against actual per item", "Forecast v actual", actual_cols);

static const struct rcolspec recon_cols[] = {
    RCOL("account", "Account", RT_TEXT),
    RCOL("lines", "Statement lines", RT_COUNT, .field = "summary.lines"),
    RCOL("matched", "Matched", RT_COUNT, .field = "summary.matched"),
    RCOL("unmatched_lines", "Not expected", RT_COUNT, .field = "summary.unmatched_lines"),
    RCOL("missing", "Expected, not arrived", RT_COUNT, .field = "summary.missing"),
};
static const struct rtable_spec reconciliation = RTABLE_SPEC(
    "reconciliation", "Statement lines reconciled, by account", "Reconciliation", recon_cols);

/* The period reconciled: --from..--to, else the financial year to the as-of date. */
static void actuals_period(const struct rbuild *b, date_t *from, date_t *to)
{
    *from = b->args.from, *to = b->args.to;
    if (*from == DATE_NONE) {
        *from = date_fy_start(date_financial_year(b->args.as_of));
        *to = b->args.as_of;
    }
}

static void forecast_against_actual(struct rbuild *b, const cJSON *accounts)
{
    struct rsection *s = report_section(b->r, "actuals", "Forecast against actual");
    date_t from, to;
    char d0[DATE_BUFSZ], d1[DATE_BUFSZ], id[64], title[200], short_title[32];
    actuals_period(b, &from, &to);
    section_para(s, "Each bank statement line of %s to %s matched to the flow the forecast expected "
                    "(the reconciliation: docs/cash.md); per item, what was forecast against what arrived, "
                    "so the team sees what it misjudged.",
                 date_format_uk(from, d0), date_format_uk(to, d1));
    struct rtable *summary = rtable_from_spec(s, &reconciliation, NULL);
    const cJSON *a;
    cJSON_ArrayForEach(a, rj_obj(accounts, "accounts"))
    {
        struct view_args ra = b->args;
        ra.account = rj_str(a, "code");
        ra.from = from;
        ra.to = to;
        const cJSON *doc = rb_view(b, s, "reconcile", "the reconciliation", &ra);
        if (!doc)
            continue;
        rtable_add_row(summary, &reconciliation, doc, NULL);
        snprintf(id, sizeof id, "actuals_%s", ra.account);
        snprintf(title, sizeof title, "Forecast against actual per item: %s %s", ra.account, rj_str(a, "name"));
        snprintf(short_title, sizeof short_title, "Actuals %.22s", ra.account);
        struct rfill f = {.id = id, .title = title, .short_title = short_title};
        rtable_fill(s, &actuals, rj_obj(doc, "items"), &f);
    }
}

/* The years after the first (from..to) by financial year, every account together: the long view
 * the liability benchmark reads (the first and last years clipped to from..to). */
static void years_beyond(struct rbuild *b, date_t from, date_t to)
{
    struct rsection *s = report_section(b->r, "years", "The years after the first by financial year");
    const cJSON *doc = forecast(b, s, NULL, CASH_BY_YEAR, from, to);
    if (doc)
        periods_table(s, &years, doc, NULL);
}

void report_build_cashflow(struct rbuild *b)
{
    struct rsection *s = report_section(b->r, "low_point", "The coming 13 weeks: balance and low point");
    const cJSON *accounts = accounts_of(b);
    if (!accounts) {
        if (b->code == EXIT_OK)
            report_unavailable(b->r, s, "the cash-flow forecast",
                               "the authority has no bank account (prudent import accounts adds them)");
        return;
    }
    if (!coming_weeks(b, s, b->args.as_of))
        return;
    s = report_section(b->r, "weeks", "The coming 13 weeks by account");
    date_t from = b->args.as_of;
    each_account(b, s, accounts, &weeks, CASH_BY_WEEK, from, from + CASH_WEEKS_DAYS - 1);
    s = report_section(b->r, "months", "The coming year by month");
    date_t to = date_add_months(from, 12) - 1;
    const cJSON *year = forecast(b, s, NULL, CASH_BY_MONTH, from, to);
    if (year)
        periods_table(s, &months, year, NULL);
    each_account(b, s, accounts, &months, CASH_BY_MONTH, from, to);
    years_beyond(b, to + 1, date_add_months(from, 12 * CASH_YEARS) - 1);
    forecast_against_actual(b, accounts);
}

void report_cash_section(struct rbuild *b)
{
    const cJSON *accounts = accounts_of(b);
    if (!accounts)
        return;
    struct rsection *s = report_section(b->r, "cash", "Cash flow: the coming 13 weeks");
    if (coming_weeks(b, s, b->args.as_of))
        section_para(s, "The forecast balance of every bank account together (the cash-flow report, "
                        "prudent report cashflow, has each account and the year by month); a week is flagged when a day of it closes below "
                        "the accounts' minimum balance.");
}

void report_quarter_cash_section(struct rbuild *b)
{
    const cJSON *accounts = accounts_of(b);
    if (!accounts)
        return;
    struct rsection *s = report_section(b->r, "cash", "Cash flow: the 13 weeks after the quarter end");
    char d[DATE_BUFSZ];
    if (coming_weeks(b, s, b->args.to + 1))
        section_para(s, "The forecast balance of every bank account together from %s, by week, as the book stands "
                        "(the cash-flow report, prudent report cashflow, has each account); a week is flagged when "
                        "a day of it closes below the accounts' minimum balance.",
                     date_format_uk(b->args.to + 1, d));
}
