/* interest.c (views): the `interest` document, interest on the book over a period (core/interest.h):
 *   {"from", "to", "earned", "receivable", "accrued", "payable",
 *    "deposits": [{"ref", "principal", "rate", "nights", "earned", "receivable", "accrued"}],
 *    "loans": [{"ref", "principal", "rate", "payable"}]}
 * earned over the period's nights, receivable on deposits maturing in it, accrued at `to` (earned
 * and not yet paid), payable on loan instalments dated in it. --from defaults to the start of the
 * financial year of the as-of date, --to to the as-of date. Rows with nothing are left out.
 * An account whose balance moves earns on each balance for its nights (core/interest.h
 * interest_earned_moving); its row adds "balance" (at `to`) and "average_balance" (over the nights
 * it earned). Accounts without a rate (variable-yield mmf and pooled funds) are reported apart,
 * only when the book has any: "variable_income" and "variable_yield": [{"ref", "type",
 * "balance", "income"}], income the sum of their `interest` movements dated in the period. */
#include <stdio.h>
#include <stdlib.h>

#include "core/balance.h"
#include "core/interest.h"
#include "core/loan_events.h"
#include "store/book.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/analytics.h"

struct totals {
    money_t earned, receivable, accrued, payable, variable;
};

/* The movements of investment i: its run in b->moves when they are ordered by investment (one
 * binary search: a book of 3,000 deals and 3,500 movements would otherwise scan every movement
 * for every deal, three times), else all of them. Either way the functions of core/balance.h and
 * core/interest.h count only i's own, in the same order, so the figures are the same. */
struct moves_of {
    const struct movement *m;
    int n;
};

static bool by_investment(const struct book *b)
{
    for (int k = 1; k < b->nmoves; k++)
        if (b->moves[k - 1].investment_id > b->moves[k].investment_id)
            return false;
    return true;
}

static struct moves_of moves_of(const struct book *b, bool sorted, int64_t id)
{
    if (!sorted)
        return (struct moves_of){b->moves, b->nmoves};
    int n, at = movements_run(id, b->moves, b->nmoves, &n);
    return (struct moves_of){b->moves + at, n};
}

/* The interest of deposit i summed over its pieces (core/balance.h investment_pieces: a dated
 * deal repaid early earns on each repaid amount only up to the repayment's date); mv: i's
 * movements (moves_of). */
static int deposit_interest(struct moves_of mv, const struct investment *i, date_t from, date_t to, money_t *e,
                            money_t *r, money_t *a)
{
    int n = 1;
    for (int k = 0; k < mv.n; k++)
        n += mv.m[k].investment_id == i->id;
    struct investment *p = xcalloc((unsigned long)n, sizeof *p);
    int np = investment_pieces(i, mv.m, mv.n, p), rc = np < 0 ? -1 : 0;
    *e = *r = *a = 0;
    for (int k = 0; k < np && rc == 0; k++) {
        money_t pe, pr, pa;
        if (interest_earned(&p[k], from, to, &pe) < 0 || interest_receivable(&p[k], from, to, &pr) < 0 ||
            interest_accrued(&p[k], to, &pa) < 0 || !money_accumulate(e, pe) || !money_accumulate(r, pr) ||
            !money_accumulate(a, pa))
            rc = -1;
    }
    free(p);
    return rc;
}

/* Whether account i has movements among mv (its own: moves_of). */
static bool moves(struct moves_of mv, const struct investment *i)
{
    if (inv_type_is_dated(i->type))
        return false;
    for (int k = 0; k < mv.n; k++)
        if (mv.m[k].investment_id == i->id)
            return true;
    return false;
}

/* A moving account's balance at `to` and average balance over the nights it earned. */
static int add_balances(struct moves_of mv, const struct investment *i, date_t from, date_t to, int64_t sum,
                        cJSON *o)
{
    money_t bal, avg = 0;
    int nights = interest_nights(i, from, to);
    if (account_balance_at(i->id, i->start, i->principal, mv.m, mv.n, to, &bal) < 0 ||
        (nights > 0 && !money_muldiv(sum, 1, nights, &avg)))
        return -1;
    json_add_money(o, "balance", bal);
    json_add_money(o, "average_balance", avg);
    return 0;
}

static int deposits(const struct book *b, date_t period_from, date_t period_to, cJSON *arr, struct totals *t)
{
    bool sorted = by_investment(b);
    for (int k = 0; k < b->ninv; k++) {
        const struct investment *i = &b->inv[k];
        money_t e, r, a;
        int64_t sum = 0;
        struct moves_of mv = moves_of(b, sorted, i->id);
        bool moving = moves(mv, i);
        date_t from = period_from, to = period_to; /* only while the authority held it (a merger) */
        book_held_within(b, false, i->id, &from, &to);
        if (i->no_rate || from > to) /* a variable yield is reported apart: variable() */
            continue;
        if (moving ? interest_earned_moving(i, mv.m, mv.n, from, to, &e, &sum) < 0 ||
                         interest_receivable(i, from, to, &r) < 0 || interest_accrued(i, to, &a) < 0
                   : deposit_interest(mv, i, from, to, &e, &r, &a) < 0)
            return -1;
        if (!e && !r && !a)
            continue;
        if (!money_accumulate(&t->earned, e) || !money_accumulate(&t->receivable, r) ||
            !money_accumulate(&t->accrued, a))
            return -1;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "ref", i->ref);
        json_add_money(o, "principal", i->principal);
        json_add_rate(o, "rate", i->rate);
        cJSON_AddNumberToObject(o, "nights", interest_nights(i, from, to));
        json_add_money(o, "earned", e);
        json_add_money(o, "receivable", r);
        json_add_money(o, "accrued", a);
        if (moving && add_balances(mv, i, from, to, sum, o) < 0) {
            cJSON_Delete(o);
            return -1;
        }
        cJSON_AddItemToArray(arr, o);
    }
    return 0;
}

/* The accounts without a rate opened by `to`: their income is their interest movements dated in
 * the period. Adds "variable_income" and "variable_yield" to doc only when there are any. */
static int variable(const struct book *b, date_t period_from, date_t period_to, cJSON *doc, struct totals *t)
{
    cJSON *arr = NULL;
    bool sorted = by_investment(b);
    for (int k = 0; k < b->ninv; k++) {
        const struct investment *i = &b->inv[k];
        money_t income, bal;
        date_t from = period_from, to = period_to;
        book_held_within(b, false, i->id, &from, &to);
        if (!i->no_rate || i->start > to || from > to)
            continue;
        struct moves_of mv = moves_of(b, sorted, i->id);
        if (interest_income_movements(i->id, mv.m, mv.n, from, to, &income) < 0 ||
            account_balance_at(i->id, i->start, i->principal, mv.m, mv.n, to, &bal) < 0 ||
            !money_accumulate(&t->variable, income))
            return -1;
        if (!arr)
            arr = cJSON_CreateArray();
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "ref", i->ref);
        cJSON_AddStringToObject(o, "type", inv_type_name(i->type));
        json_add_money(o, "balance", bal);
        json_add_money(o, "income", income);
        cJSON_AddItemToArray(arr, o);
    }
    if (arr) {
        json_add_money(doc, "variable_income", t->variable);
        cJSON_AddItemToObject(doc, "variable_yield", arr);
    }
    return 0;
}

static int loans(const struct book *b, date_t period_from, date_t period_to, cJSON *arr, struct totals *t)
{
    for (int k = 0; k < b->nloans; k++) {
        const struct loan *l = &b->loans[k];
        money_t p;
        date_t from = period_from, to = period_to;
        book_held_within(b, true, l->id, &from, &to);
        if (from > to)
            continue;
        if (interest_payable(l, from, to, &p) < 0)
            return -1;
        if (!p)
            continue;
        if (!money_accumulate(&t->payable, p))
            return -1;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "ref", l->ref);
        json_add_money(o, "principal", l->principal);
        struct loan now; /* the rate at the period's end, after any LOBO option */
        json_add_rate(o, "rate", loan_as_at(l, to, &now) ? now.rate : l->rate);
        json_add_money(o, "payable", p);
        cJSON_AddItemToArray(arr, o);
    }
    return 0;
}

cJSON *view_interest_build(PGconn *c, const struct authority *a, const struct view_args *args,
                           int *code)
{
    date_t to = args->to != DATE_NONE ? args->to : args->as_of;
    date_t from = args->from != DATE_NONE ? args->from : date_fy_start(date_financial_year(to));
    if (to < from) {
        *code = fail(EXIT_BAD, "interest: --to is before --from");
        return NULL;
    }
    struct book b; /* the period's deals and movements, not the whole history (book_load_period) */
    if (book_load_period(c, a->id, from, to, &b) < 0) {
        *code = EXIT_DEP;
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "from", from);
    json_add_date(doc, "to", to);
    struct totals t = {0, 0, 0, 0, 0};
    cJSON *dep = cJSON_CreateArray(), *ln = cJSON_CreateArray();
    int rc = deposits(&b, from, to, dep, &t);
    if (rc == 0)
        rc = loans(&b, from, to, ln, &t);
    json_add_money(doc, "earned", t.earned);
    json_add_money(doc, "receivable", t.receivable);
    json_add_money(doc, "accrued", t.accrued);
    json_add_money(doc, "payable", t.payable);
    cJSON_AddItemToObject(doc, "deposits", dep);
    cJSON_AddItemToObject(doc, "loans", ln);
    if (rc == 0)
        rc = variable(&b, from, to, doc, &t);
    book_free(&b);
    if (rc < 0) {
        cJSON_Delete(doc);
        *code = fail(EXIT_BAD, "interest: a total overflowed");
        return NULL;
    }
    return doc;
}

static const char *pounds(const cJSON *o, const char *key, char *buf)
{
    money_t m = 0;
    money_parse(cJSON_GetStringValue(cJSON_GetObjectItem(o, key)), &m, NULL);
    return money_format(m, MONEY_GROUPED | MONEY_POUND, buf);
}

void view_interest_text(const cJSON *doc, FILE *out)
{
    char b[MONEY_BUFSZ];
    fprintf(out, "Interest from %s to %s\n\n", cJSON_GetStringValue(cJSON_GetObjectItem(doc, "from")),
            cJSON_GetStringValue(cJSON_GetObjectItem(doc, "to")));
    struct table *t = table_new(2, "", "Amount");
    table_align_right(t, 1);
    table_row(t, "earned on deposits (ACT/365F)", pounds(doc, "earned", b));
    table_row(t, "receivable: deposits maturing in the period", pounds(doc, "receivable", b));
    table_row(t, "accrued at the end, not yet received", pounds(doc, "accrued", b));
    table_row(t, "payable on loans", pounds(doc, "payable", b));
    if (cJSON_GetObjectItem(doc, "variable_income"))
        table_row(t, "income of funds without a rate (interest movements)", pounds(doc, "variable_income", b));
    table_print(t, out);
    table_free(t);
}
