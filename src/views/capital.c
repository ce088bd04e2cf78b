/* capital.c: the capital plan's views (see views/capital.h):
 *   liability-benchmark  {"as_of", "years": [{"year", "cfr", "loans_cfr", "net_loans_requirement",
 *                         "liquidity_allowance", "liability_benchmark", "existing_debt"}],
 *                         "existing_debt_by_type": [{"year", "fixed", "variable", "lobo"}]}
 *                        (the chart's bars: at least CAPITAL_CHART_YEARS years from the plan's
 *                        first, its years included)
 *   mrp                  {"as_of", "effective_from", "years": [{"year", "mrp", "given"}],
 *                         "tranches": [{"year", "amount", "method", "life", "rate",
 *                         "schedule": [{"year", "opening", "mrp", "closing"}]}]}
 * and the Prudential Code 2021 indicators added to the indicators view. Figures from
 * core/prudential.h and core/mrp.h under the plan in force at the as-of date. */
#include "views/capital.h"

#include <stdlib.h>
#include <string.h>

#include "core/loan_events.h"
#include "core/prudential.h"
#include "core/schedule.h"
#include "store/book.h"
#include "store/capital_plan.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/text.h"

static int debt_kind(const struct loan *l)
{
    return l->type == LOAN_LOBO ? DEBT_LOBO : l->variable ? DEBT_VARIABLE : DEBT_FIXED;
}

bool capital_existing_debt_by_kind(const struct loan *loans, int n, date_t as_of, date_t at,
                                   money_t out[DEBT_KINDS])
{
    date_t known = at < as_of ? at : as_of;
    for (int k = 0; k < DEBT_KINDS; k++)
        out[k] = 0;
    for (int i = 0; i < n; i++) {
        struct loan now;
        if (loans[i].start > known || !loan_as_at(&loans[i], known, &now))
            continue;
        money_t o = schedule_outstanding(&now, at);
        if (o > 0 && !money_accumulate(&out[debt_kind(&loans[i])], o))
            return false;
    }
    return true;
}

bool capital_existing_debt(const struct loan *loans, int n, date_t as_of, date_t at, money_t *out)
{
    money_t by[DEBT_KINDS];
    return capital_existing_debt_by_kind(loans, n, as_of, at, by) && money_add(by[0], by[1], out) &&
           money_add(*out, by[2], out);
}

/* The plan in force at as_of into a new *p the caller frees. Returns EXIT_OK, or an exit code
 * after printing why (none in force: EXIT_BAD, with the hint). */
static int plan_at(PGconn *c, const struct authority *a, date_t as_of, struct capital_plan **p)
{
    *p = xmalloc(sizeof **p);
    int found = capital_plan_load_at(c, a->id, as_of, *p);
    if (found == 1)
        return EXIT_OK;
    free(*p);
    *p = NULL;
    if (found < 0)
        return EXIT_DEP;
    char d[DATE_BUFSZ];
    int rc = fail(EXIT_BAD, "%s has no capital plan in force at %s", a->code, date_format_iso(as_of, d));
    detail("import one first: prudent import capital-plan FILE.json --authority %s", a->code);
    return rc;
}

/* How many years the chart's debt runoff covers: the plan's, and at least CAPITAL_CHART_YEARS. */
static int runoff_years(const struct capital_plan *p)
{
    return p->nyears > CAPITAL_CHART_YEARS ? p->nyears : CAPITAL_CHART_YEARS;
}

/* The loans of b its authority holds at `at` into held (of b->nloans at least): a loan a merger
 * moved in or out counts only while the authority held it (sql/215: the predecessor's to the day
 * before the vesting day, the successor's from it). Returns the count. */
static int loans_held_at(const struct book *b, date_t at, struct loan *held)
{
    int n = 0;
    for (int i = 0; i < b->nloans; i++) {
        date_t from = at, to = at;
        book_held_within(b, true, b->loans[i].id, &from, &to);
        if (from <= to)
            held[n++] = b->loans[i];
    }
    return n;
}

/* The existing debt at `at` as known at as_of (total, or by kind into by when not NULL) of the
 * loans b's authority holds then. */
static bool debt_held_at(const struct book *b, struct loan *held, date_t as_of, date_t at, money_t *total,
                         money_t by[DEBT_KINDS])
{
    int n = loans_held_at(b, at, held);
    return by ? capital_existing_debt_by_kind(held, n, as_of, at, by) : capital_existing_debt(held, n, as_of, at, total);
}

/* The plan's years with existing debt from the book; rows into a new *rows, and the existing
 * debt by kind for runoff_years(p) years from the plan's first into a new *runoff (NULL: not
 * wanted), both the caller's to free. Returns EXIT_OK or an exit code after printing why. */
static int plan_years(PGconn *c, const struct authority *a, const struct capital_plan *p, date_t as_of,
                      struct prudential_year **rows, money_t (**runoff)[DEBT_KINDS])
{
    struct book b;
    if (book_load(c, a->id, &b) < 0)
        return EXIT_DEP;
    int ny = runoff_years(p), first = p->nyears ? p->years[0].year : date_financial_year(as_of);
    money_t *debt = xcalloc((size_t)p->nyears + 1, sizeof *debt);
    money_t(*by)[DEBT_KINDS] = xcalloc((size_t)ny, sizeof *by);
    struct loan *held = xcalloc((size_t)b.nloans + 1, sizeof *held);
    bool ok = true;
    for (int i = 0; i < p->nyears && ok; i++)
        ok = debt_held_at(&b, held, as_of, date_fy_end(p->years[i].year), &debt[i], NULL);
    for (int i = 0; i < ny && ok && runoff; i++)
        ok = debt_held_at(&b, held, as_of, date_fy_end(first + i), NULL, by[i]);
    free(held);
    book_free(&b);
    *rows = xcalloc((size_t)p->nyears + 1, sizeof **rows);
    if (!ok || prudential_years(p, debt, *rows) < 0) {
        free(debt);
        free(by);
        free(*rows);
        *rows = NULL;
        return fail(EXIT_BAD, "liability benchmark: an amount overflowed");
    }
    free(debt);
    if (runoff)
        *runoff = by;
    else
        free(by);
    return EXIT_OK;
}

static void add_year(cJSON *o, const char *key, int year)
{
    char buf[8];
    cJSON_AddStringToObject(o, key, capital_plan_year_format(year, buf));
}

cJSON *view_liability_benchmark_build(PGconn *c, const struct authority *a, const struct view_args *args,
                                      int *code)
{
    struct capital_plan *p;
    struct prudential_year *rows = NULL;
    money_t(*runoff)[DEBT_KINDS] = NULL;
    if ((*code = plan_at(c, a, args->as_of, &p)) != EXIT_OK)
        return NULL;
    if ((*code = plan_years(c, a, p, args->as_of, &rows, &runoff)) != EXIT_OK) {
        free(p);
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "as_of", args->as_of);
    cJSON *arr = cJSON_AddArrayToObject(doc, "years");
    for (int i = 0; i < p->nyears; i++) {
        const struct prudential_year *r = &rows[i];
        cJSON *o = cJSON_CreateObject();
        add_year(o, "year", r->year);
        json_add_money(o, "cfr", r->cfr);
        json_add_money(o, "loans_cfr", r->loans_cfr);
        json_add_money(o, "net_loans_requirement", r->net_loans_requirement);
        json_add_money(o, "liquidity_allowance", r->liquidity_allowance);
        json_add_money(o, "liability_benchmark", r->liability_benchmark);
        json_add_money(o, "existing_debt", r->existing_debt);
        cJSON_AddItemToArray(arr, o);
    }
    /* the chart's bars: existing debt by kind for at least ten years from the plan's first */
    cJSON *debt = cJSON_AddArrayToObject(doc, "existing_debt_by_type");
    int first = p->nyears ? p->years[0].year : date_financial_year(args->as_of);
    for (int i = 0; i < runoff_years(p); i++) {
        cJSON *o = cJSON_CreateObject();
        add_year(o, "year", first + i);
        json_add_money(o, "fixed", runoff[i][DEBT_FIXED]);
        json_add_money(o, "variable", runoff[i][DEBT_VARIABLE]);
        json_add_money(o, "lobo", runoff[i][DEBT_LOBO]);
        cJSON_AddItemToArray(debt, o);
    }
    free(runoff);
    free(rows);
    free(p);
    return doc;
}

void view_liability_benchmark_text(const cJSON *doc, FILE *out)
{
    char d[DATE_BUFSZ];
    fprintf(out, "Liability benchmark at %s (capital plan in force then)\n\n", text_date(doc, "as_of", d));
    struct table *t = table_new(7, "Year", "CFR", "Loans CFR", "Net loans requirement", "Liquidity allowance",
                                "Liability benchmark", "Existing debt");
    for (int k = 1; k < 7; k++)
        table_align_right(t, k);
    const cJSON *y;
    cJSON_ArrayForEach(y, cJSON_GetObjectItemCaseSensitive(doc, "years")) {
        char m[6][MONEY_BUFSZ + 2];
        table_row(t, text_str(y, "year"), text_money(y, "cfr", m[0]), text_money(y, "loans_cfr", m[1]),
                  text_money(y, "net_loans_requirement", m[2]), text_money(y, "liquidity_allowance", m[3]),
                  text_money(y, "liability_benchmark", m[4]), text_money(y, "existing_debt", m[5]));
    }
    table_print(t, out);
    table_free(t);
}

/* How many years of a tranche's schedule to show: its life, or for reducing balance without one
 * to the plan's last year. */
static int schedule_years(const struct mrp_tranche *t, const struct capital_plan *p)
{
    if (t->life > 0)
        return t->life;
    int last = p->nyears ? p->years[p->nyears - 1].year : t->year;
    int n = last - t->year;
    return n < 0 ? 0 : n > MRP_MAX_LIFE ? MRP_MAX_LIFE : n;
}

cJSON *view_mrp_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code)
{
    struct capital_plan *p;
    if ((*code = plan_at(c, a, args->as_of, &p)) != EXIT_OK)
        return NULL;
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "as_of", args->as_of);
    json_add_date(doc, "effective_from", p->effective_from);
    cJSON *ys = cJSON_AddArrayToObject(doc, "years");
    for (int i = 0; i < p->nyears; i++) {
        cJSON *o = cJSON_CreateObject();
        add_year(o, "year", p->years[i].year);
        json_add_money(o, "mrp", p->years[i].mrp);
        cJSON_AddBoolToObject(o, "given", p->years[i].mrp_given);
        cJSON_AddItemToArray(ys, o);
    }
    cJSON *ts = cJSON_AddArrayToObject(doc, "tranches");
    struct mrp_line lines[MRP_MAX_LIFE];
    for (int i = 0; i < p->ntranches; i++) {
        const struct mrp_tranche *t = &p->tranches[i];
        int n = mrp_schedule(t, schedule_years(t, p), lines, MRP_MAX_LIFE);
        if (n < 0) {
            cJSON_Delete(doc);
            free(p);
            *code = fail(EXIT_BAD, "mrp: tranche %d's schedule overflowed", i + 1);
            return NULL;
        }
        cJSON *o = cJSON_CreateObject();
        add_year(o, "year", t->year);
        json_add_money(o, "amount", t->amount);
        cJSON_AddStringToObject(o, "method", mrp_method_name(t->method));
        cJSON_AddNumberToObject(o, "life", t->life);
        json_add_rate(o, "rate", t->rate);
        cJSON *sch = cJSON_AddArrayToObject(o, "schedule");
        for (int k = 0; k < n; k++) {
            cJSON *l = cJSON_CreateObject();
            add_year(l, "year", lines[k].year);
            json_add_money(l, "opening", lines[k].opening);
            json_add_money(l, "mrp", lines[k].mrp);
            json_add_money(l, "closing", lines[k].closing);
            cJSON_AddItemToArray(sch, l);
        }
        cJSON_AddItemToArray(ts, o);
    }
    free(p);
    return doc;
}

void view_mrp_text(const cJSON *doc, FILE *out)
{
    char d[DATE_BUFSZ], m[3][MONEY_BUFSZ + 2];
    fprintf(out, "Minimum revenue provision at %s (capital plan effective from %s)\n\n",
            text_date(doc, "as_of", d), text_str(doc, "effective_from"));
    struct table *t = table_new(3, "Year", "MRP", "Source");
    table_align_right(t, 1);
    const cJSON *y, *tr;
    cJSON_ArrayForEach(y, cJSON_GetObjectItemCaseSensitive(doc, "years")) {
        bool given = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(y, "given"));
        table_row(t, text_str(y, "year"), text_money(y, "mrp", m[0]), given ? "given" : "tranches");
    }
    table_print(t, out);
    table_free(t);
    cJSON_ArrayForEach(tr, cJSON_GetObjectItemCaseSensitive(doc, "tranches")) {
        fprintf(out, "\nTranche spent %s: %s, %s", text_str(tr, "year"), text_money(tr, "amount", m[0]),
                text_str(tr, "method"));
        const cJSON *life = cJSON_GetObjectItemCaseSensitive(tr, "life");
        if (cJSON_IsNumber(life) && life->valueint > 0)
            fprintf(out, " over %d years", life->valueint);
        if (strcmp(text_str(tr, "method"), "annuity") == 0)
            fprintf(out, " at %s%%", text_str(tr, "rate"));
        fprintf(out, "\n\n");
        struct table *s = table_new(4, "Year", "Opening", "MRP", "Closing");
        for (int k = 1; k < 4; k++)
            table_align_right(s, k);
        cJSON_ArrayForEach(y, cJSON_GetObjectItemCaseSensitive(tr, "schedule")) {
            table_row(s, text_str(y, "year"), text_money(y, "opening", m[0]), text_money(y, "mrp", m[1]),
                      text_money(y, "closing", m[2]));
        }
        table_print(s, out);
        table_free(s);
    }
}

/* ---- indicators ---- */

static cJSON *money_indicator(const char *code, const money_t *limit, money_t actual, const char *kind,
                              enum ind_status st)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", code);
    json_add_money_or_null(o, "limit", limit);
    json_add_money(o, "actual", actual);
    cJSON_AddStringToObject(o, "unit", "money");
    cJSON_AddStringToObject(o, "kind", kind);
    cJSON_AddStringToObject(o, "status", ind_status_name(st));
    return o;
}

/* A ratio num / den: actual a percentage to 2 dp, with its parts. */
static cJSON *ratio_indicator(const char *code, money_t num, const char *num_key, money_t den)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", code);
    cJSON_AddNullToObject(o, "limit");
    cJSON_AddNumberToObject(o, "actual", (double)prudential_ratio_bp(num, den) / 100.0);
    json_add_money(o, num_key, num);
    json_add_money(o, "net_revenue_stream", den);
    cJSON_AddStringToObject(o, "unit", "ratio");
    cJSON_AddStringToObject(o, "kind", "estimate");
    cJSON_AddStringToObject(o, "status", ind_status_name(IND_OK));
    return o;
}

int capital_indicators(PGconn *c, const struct authority *a, date_t as_of, money_t loans,
                       int warning_ratio_bp, cJSON *doc)
{
    return capital_indicator_items(c, a->id, as_of, loans, warning_ratio_bp,
                                   cJSON_GetObjectItemCaseSensitive(doc, "indicators"));
}

int capital_indicator_items(PGconn *c, int64_t authority_id, date_t as_of, money_t loans, int warning_ratio_bp,
                            cJSON *arr)
{
    struct capital_plan *p = xmalloc(sizeof *p);
    int found = capital_plan_load_at(c, authority_id, as_of, p);
    int fy = date_financial_year(as_of), i = 0;
    while (found == 1 && i < p->nyears && p->years[i].year != fy)
        i++;
    if (found != 1 || i == p->nyears) {
        free(p);
        return found < 0 ? EXIT_DEP : EXIT_OK;
    }
    struct prudential_year *rows = xcalloc((size_t)p->nyears, sizeof *rows);
    const struct capital_plan_year *y = &p->years[i];
    money_t gross;
    if (prudential_years(p, NULL, rows) < 0 || !money_add(loans, y->other_long_term_liabilities, &gross)) {
        free(rows);
        free(p);
        return fail(EXIT_BAD, "indicators: a capital plan amount overflowed");
    }
    const struct prudential_year *r = &rows[i];
    cJSON_AddItemToArray(arr, money_indicator("capital_financing_requirement", NULL, r->cfr, "estimate", IND_OK));
    struct opt_money cfr = {.unlimited = false, .amount = r->cfr};
    cJSON *g = money_indicator("gross_debt_vs_cfr", &r->cfr, gross, "maximum",
                               ind_status_ceiling(gross, cfr, warning_ratio_bp));
    json_add_money(g, "loans", loans);
    json_add_money(g, "other_long_term_liabilities", y->other_long_term_liabilities);
    cJSON_AddItemToArray(arr, g);
    cJSON_AddItemToArray(arr, ratio_indicator("financing_costs_ratio", y->financing_costs, "financing_costs",
                                              y->net_revenue_stream));
    cJSON_AddItemToArray(arr, ratio_indicator("net_income_ratio", y->net_commercial_income,
                                              "net_commercial_income", y->net_revenue_stream));
    /* loans above the benchmark: borrowing carried as cash, a warning for the committee */
    cJSON_AddItemToArray(arr, money_indicator("liability_benchmark", &r->liability_benchmark, loans, "benchmark",
                                              loans > r->liability_benchmark ? IND_WARNING : IND_OK));
    free(rows);
    free(p);
    return EXIT_OK;
}
