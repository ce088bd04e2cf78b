/* indicators.c (views): the `indicators` document, every prudential indicator at the as-of date
 * under the strategy in force then (core/indicators.h), and the maturity structure shared with
 * the debt view:
 *   {"as_of", "reference_date", "strategy": {"effective_from", ...}, "external_debt",
 *    "indicators": [{"code", "limit", "actual", "status", "unit", ...}]}
 * Money indicators give limit (null: none) and actual as money strings; maturity bands give
 * actual as a percentage and limit as the upper percentage, with lower, upper and principal. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/creditscore.h"
#include "core/indicators.h"
#include "core/rating.h"
#include "store/book.h"
#include "store/lending.h"
#include "store/strategy.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/analytics.h"
#include "views/capital.h"
#include "views/cash.h"
#include "views/lending_at.h"

/* Band i of the maturity result m, under band definition b. */
static cJSON *band_json(const struct maturity_band *b, const struct maturity_result *m, int i,
                        int ratio_bp)
{
    cJSON *o = cJSON_CreateObject();
    double percent = m->percent[i];
    cJSON_AddStringToObject(o, "band", b->code);
    json_add_money(o, "principal", m->band[i]);
    json_add_2dp(o, "percent", percent);
    cJSON_AddNumberToObject(o, "lower", b->lower_bp / 100.0);
    cJSON_AddNumberToObject(o, "upper", b->upper_bp / 100.0);
    int actual_bp = (int)lround(json_round2(percent) * 100.0); /* judge what is shown */
    enum ind_status st = m->total ? ind_status_band(actual_bp, b->lower_bp, b->upper_bp, ratio_bp) : IND_OK;
    cJSON_AddStringToObject(o, "status", ind_status_name(st));
    cJSON_AddNumberToObject(o, "from_months", b->from_months);
    if (b->to_months >= 0)
        cJSON_AddNumberToObject(o, "to_months", b->to_months);
    else
        cJSON_AddNullToObject(o, "to_months");
    return o;
}

/* External debt includes the strategy's other long-term liabilities (domain.md): the debt view
 * totals loans; add them, and say so, when the strategy records any. */
static int add_other_liabilities(cJSON *doc, money_t other)
{
    json_add_money(doc, "other_long_term_liabilities", other);
    if (other == 0)
        return EXIT_OK;
    cJSON *ed = cJSON_GetObjectItem(doc, "external_debt");
    money_t loans, total;
    if (!cJSON_IsString(ed) || !money_parse(ed->valuestring, &loans, NULL))
        return EXIT_OK; /* no loan total to add to */
    if (!money_add(loans, other, &total))
        return fail(EXIT_BAD, "debt: the total overflows");
    json_add_money(doc, "loans_principal", loans);
    char buf[MONEY_BUFSZ];
    cJSON_SetValuestring(ed, money_format(total, MONEY_PLAIN, buf));
    return EXIT_OK;
}

int view_add_maturity_structure(PGconn *c, const struct authority *a, const struct loan *loans,
                                int nloans, date_t as_of, date_t reference, cJSON *doc)
{
    struct strategy *s = xmalloc(sizeof *s);
    if (strategy_load_at(c, a->id, as_of, s) < 0) {
        free(s);
        return EXIT_DEP;
    }
    if (reference == DATE_NONE)
        reference = as_of;
    struct maturity_result m;
    if (maturity_structure(loans, nloans, as_of, reference, s, &m) < 0) {
        free(s);
        return fail(EXIT_BAD, "maturity structure: a total overflowed");
    }
    json_add_date(doc, "reference_date", reference);
    cJSON *arr = cJSON_AddArrayToObject(doc, "maturity_structure");
    for (int b = 0; b < m.nbands; b++)
        cJSON_AddItemToArray(arr, band_json(&s->bands[b], &m, b, s->warning_ratio_bp));
    int rc = add_other_liabilities(doc, s->other_long_term_liabilities);
    free(s);
    return rc;
}

void view_maturity_structure_text(const cJSON *doc, FILE *out)
{
    const cJSON *arr = cJSON_GetObjectItem(doc, "maturity_structure"), *it;
    if (!cJSON_IsArray(arr))
        return;
    fprintf(out, "Maturity structure of borrowing, measured from %s\n\n",
            cJSON_GetStringValue(cJSON_GetObjectItem(doc, "reference_date")));
    struct table *t = table_new(5, "Band", "Principal", "Share", "Limits", "Status");
    table_align_right(t, 1);
    table_align_right(t, 2);
    table_align_right(t, 3);
    cJSON_ArrayForEach(it, arr)
    {
        char p[MONEY_BUFSZ], share[32], lim[48];
        money_t m = 0;
        money_parse(cJSON_GetStringValue(cJSON_GetObjectItem(it, "principal")), &m, NULL);
        snprintf(share, sizeof share, "%.2f%%", cJSON_GetObjectItem(it, "percent")->valuedouble);
        snprintf(lim, sizeof lim, "%.2f%% - %.2f%%", cJSON_GetObjectItem(it, "lower")->valuedouble,
                 cJSON_GetObjectItem(it, "upper")->valuedouble);
        table_row(t, cJSON_GetStringValue(cJSON_GetObjectItem(it, "band")),
                  money_format(m, MONEY_GROUPED | MONEY_POUND, p), share, lim,
                  cJSON_GetStringValue(cJSON_GetObjectItem(it, "status")));
    }
    table_print(t, out);
    table_free(t);
}

static void strategy_json(cJSON *doc, const struct strategy *s)
{
    cJSON *o = cJSON_AddObjectToObject(doc, "strategy");
    json_add_date(o, "effective_from", s->effective_from);
    cJSON_AddStringToObject(o, "approved_by", s->approved_by);
    json_add_date(o, "approved_on", s->approved_on);
    cJSON_AddStringToObject(o, "reference", s->approved_reference);
    cJSON_AddNumberToObject(o, "warning_ratio", s->warning_ratio_bp / 10000.0);
}

cJSON *view_indicator_item(const struct indicator *v, const struct indicator_set *set)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", v->code);
    switch (v->kind) {
    case IND_CEILING:
    case IND_FLOOR:
        json_add_money_or_null(o, "limit", v->limit.unlimited ? NULL : &v->limit.amount);
        json_add_money(o, "actual", v->actual);
        cJSON_AddStringToObject(o, "unit", "money");
        cJSON_AddStringToObject(o, "kind", v->kind == IND_FLOOR ? "minimum" : "maximum");
        break;
    case IND_BAND: {
        int b = v->band;
        cJSON_AddNumberToObject(o, "limit", v->upper_bp / 100.0);
        json_add_2dp(o, "actual", v->percent);
        cJSON_AddNumberToObject(o, "lower", v->lower_bp / 100.0);
        cJSON_AddNumberToObject(o, "upper", v->upper_bp / 100.0);
        if (b >= 0 && b < set->maturity.nbands)
            json_add_money(o, "principal", set->maturity.band[b]);
        cJSON_AddStringToObject(o, "unit", "percent");
        cJSON_AddStringToObject(o, "kind", "range");
        break;
    }
    case IND_SCORE:
        if (v->max_notch)
            cJSON_AddNumberToObject(o, "limit", v->max_notch);
        else
            cJSON_AddNullToObject(o, "limit");
        json_add_2dp(o, "actual", v->score);
        if (credit_score_notch(v->score))
            cJSON_AddStringToObject(o, "rating", rating_long_symbol(credit_score_notch(v->score)));
        else
            cJSON_AddNullToObject(o, "rating"); /* nothing rated */
        if (v->max_notch)
            cJSON_AddStringToObject(o, "limit_rating", rating_long_symbol(v->max_notch));
        cJSON_AddStringToObject(o, "unit", "score");
        cJSON_AddStringToObject(o, "kind", "maximum");
        break;
    }
    cJSON_AddStringToObject(o, "status", ind_status_name(v->status));
    return o;
}

/* The long-term notch (on the lending list's rating basis) of each investment's counterparty at
 * the list's date, 0 when unrated: the credit score's input. A new array the caller frees, or
 * NULL when the list could not be evaluated. */
static int *notches_at(const struct lending_at *x)
{
    if (x->evaluated < 0)
        return NULL;
    const struct book *b = &x->lb.book;
    int *notch = xcalloc((unsigned long)(b->ninv ? b->ninv : 1), sizeof *notch);
    for (int k = 0; k < b->ninv; k++) {
        const struct lending_entry *e = lending_find(&x->lb.in, &x->list, b->inv[k].counterparty_id);
        notch[k] = e ? e->notch : 0;
    }
    return notch;
}

int analytics_indicators_from(const struct lending_book *lb, const struct lending_list *list, date_t as_of,
                              date_t reference, struct strategy *s, struct indicator_set *set)
{
    /* the strategy in force at as_of: the latest version effective on or before it, as
     * strategy_load_at reads it */
    const struct strategy *in_force = NULL;
    for (int i = 0; i < lb->nstrategies; i++)
        if (lb->strategies[i].effective_from <= as_of &&
            (!in_force || lb->strategies[i].effective_from >= in_force->effective_from))
            in_force = &lb->strategies[i];
    if (!in_force)
        return 0;
    *s = *in_force;
    const struct book *b = &lb->book;
    int *notch = xcalloc((unsigned long)(b->ninv ? b->ninv : 1), sizeof *notch);
    for (int k = 0; k < b->ninv; k++) {
        const struct lending_entry *e = lending_find(&lb->in, list, b->inv[k].counterparty_id);
        notch[k] = e ? e->notch : 0;
    }
    int rc = indicators_compute(s, b->inv, b->ninv, b->loans, b->nloans, as_of, reference, notch, set);
    free(notch);
    if (rc < 0) {
        error("indicators: a total overflowed");
        return -2;
    }
    return 1;
}

int analytics_indicators_at(PGconn *c, int64_t authority_id, date_t as_of, date_t reference,
                            struct strategy *s, struct indicator_set *set)
{
    int found = strategy_load_at(c, authority_id, as_of, s);
    if (found <= 0)
        return found;
    struct lending_at *x = lending_at_get(c, authority_id, as_of); /* shared with limits */
    if (!x)
        return -1;
    const struct book *b = &x->lb.book;
    int *notch = notches_at(x);
    int rc = notch ? indicators_compute(s, b->inv, b->ninv, b->loans, b->nloans, as_of, reference,
                                        notch, set)
                   : -1;
    free(notch);
    lending_at_release(x);
    if (rc < 0) {
        error("indicators: a total overflowed");
        return -2;
    }
    return 1;
}

/* "credit_score": {"count", "rated", "unrated", "value_weighted": {"score", "rating", "limit",
 * "limit_rating", "status"}, "time_weighted": {...}}; score and rating null when nothing rated. */
static void credit_json(cJSON *doc, const struct indicator_set *set)
{
    if (!set->has_credit)
        return;
    const struct credit_score *cs = &set->credit;
    cJSON *o = cJSON_AddObjectToObject(doc, "credit_score");
    cJSON_AddNumberToObject(o, "count", cs->count);
    json_add_money(o, "rated", cs->rated);
    json_add_money(o, "unrated", cs->unrated);
    for (int i = 0; i < set->n; i++) {
        const struct indicator *v = &set->v[i];
        if (v->kind != IND_SCORE)
            continue;
        cJSON *m = view_indicator_item(v, set);
        cJSON_DeleteItemFromObject(m, "code");
        cJSON_DeleteItemFromObject(m, "unit");
        cJSON_DeleteItemFromObject(m, "kind");
        cJSON *actual = cJSON_DetachItemFromObject(m, "actual");
        if (credit_score_notch(v->score))
            cJSON_AddItemToObject(m, "score", actual);
        else {
            cJSON_Delete(actual);
            cJSON_AddNullToObject(m, "score");
        }
        cJSON_AddItemToObject(o, strchr(v->code, '.') + 1, m);
    }
}

/* The liquidity indicator's forecast-based figure beside the present one: "forecast", the low
 * point of the cash-flow forecast over the 13 weeks from as_of (views/cash.h), when the
 * authority has bank accounts (a book without them is shown as before). */
static int liquidity_forecast(PGconn *c, const struct authority *a, date_t as_of, cJSON *indicators)
{
    cJSON *it;
    cJSON_ArrayForEach(it, indicators)
    {
        const char *c0 = cJSON_GetStringValue(cJSON_GetObjectItem(it, "code"));
        if (!c0 || strcmp(c0, "liquidity") != 0)
            continue;
        int code;
        cJSON *low = cash_liquidity_json(c, a, as_of, &code);
        if (low)
            cJSON_AddItemToObject(it, "forecast", low);
        return code;
    }
    return EXIT_OK;
}

/* The indicators without the credit score (view_args.figures_only): the book at as_of alone, no
 * lending list. Returns as analytics_indicators_at. */
static int figures_at(PGconn *c, int64_t authority_id, date_t as_of, date_t reference, struct strategy *s,
                      struct indicator_set *set)
{
    int found = strategy_load_at(c, authority_id, as_of, s);
    if (found <= 0)
        return found;
    struct book b;
    if (book_load_at(c, authority_id, as_of, &b) < 0)
        return -1;
    int rc = indicators_compute(s, b.inv, b.ninv, b.loans, b.nloans, as_of, reference, NULL, set);
    book_free(&b);
    if (rc < 0) {
        error("indicators: a total overflowed");
        return -2;
    }
    return 1;
}

cJSON *view_indicators_build(PGconn *c, const struct authority *a, const struct view_args *args,
                             int *code)
{
    struct strategy *s = xmalloc(sizeof *s);
    struct indicator_set *set = xmalloc(sizeof *set);
    cJSON *doc = NULL;
    char d[DATE_BUFSZ];
    date_t ref = args->reference_date == DATE_NONE ? args->as_of : args->reference_date;
    int found = args->figures_only ? figures_at(c, a->id, args->as_of, ref, s, set)
                                   : analytics_indicators_at(c, a->id, args->as_of, ref, s, set);
    if (found == 0) {
        *code = fail(EXIT_BAD, "%s has no strategy in force at %s", a->code,
                     date_format_iso(args->as_of, d));
        detail("import one first: prudent import strategy FILE.json --authority %s", a->code);
    } else if (found < 0) {
        *code = found == -2 ? EXIT_BAD : EXIT_DEP;
    } else {
        doc = cJSON_CreateObject();
        json_add_date(doc, "as_of", args->as_of);
        json_add_date(doc, "reference_date", ref);
        strategy_json(doc, s);
        json_add_money(doc, "external_debt", set->debt.external_debt);
        cJSON *arr = cJSON_AddArrayToObject(doc, "indicators");
        for (int i = 0; i < set->n; i++)
            if (set->v[i].kind != IND_SCORE) /* scores: in "credit_score" below */
                cJSON_AddItemToArray(arr, view_indicator_item(&set->v[i], set));
        credit_json(doc, set);
        int rc = capital_indicators(c, a, args->as_of, set->debt.loans, s->warning_ratio_bp, doc);
        if (rc == EXIT_OK && !args->figures_only)
            rc = liquidity_forecast(c, a, args->as_of, arr);
        if (rc != EXIT_OK) {
            cJSON_Delete(doc);
            doc = NULL;
            *code = rc;
        }
    }
    free(set);
    free(s);
    return doc;
}

static const char *str(const cJSON *o, const char *key)
{
    const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
    return v ? v : "";
}

/* A money string as £1,234.00, or "none" for null. */
static const char *show_money(const cJSON *v, char *buf)
{
    money_t m;
    if (!cJSON_IsString(v) || !money_parse(v->valuestring, &m, NULL))
        return "none";
    return money_format(m, MONEY_GROUPED | MONEY_POUND, buf);
}

/* The liquidity indicator's forecast-based figure, when the view states it. */
static void forecast_liquidity_text(const cJSON *doc, FILE *out)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(doc, "indicators"))
    {
        const cJSON *f = cJSON_GetObjectItem(it, "forecast");
        if (strcmp(str(it, "code"), "liquidity") != 0 || !cJSON_IsObject(f))
            continue;
        char low[MONEY_BUFSZ], min[MONEY_BUFSZ], sh[MONEY_BUFSZ];
        fprintf(out, "\nForecast liquidity, %s to %s: lowest balance %s on %s against a minimum of %s; "
                     "%d days below it, %d days covered, shortfall %s\n",
                str(f, "from"), str(f, "to"), show_money(cJSON_GetObjectItem(f, "lowest_balance"), low),
                str(f, "lowest_date"), show_money(cJSON_GetObjectItem(f, "minimum_balance"), min),
                cJSON_GetObjectItem(f, "days_below_minimum")->valueint,
                cJSON_GetObjectItem(f, "days_covered")->valueint,
                show_money(cJSON_GetObjectItem(f, "shortfall"), sh));
    }
}

void view_indicators_text(const cJSON *doc, FILE *out)
{
    const cJSON *st = cJSON_GetObjectItem(doc, "strategy");
    fprintf(out, "Prudential indicators at %s (strategy effective from %s", str(doc, "as_of"),
            str(st, "effective_from"));
    if (*str(st, "reference"))
        fprintf(out, ", %s", str(st, "reference"));
    fprintf(out, "; maturity measured from %s)\n\n", str(doc, "reference_date"));
    struct table *t = table_new(4, "Indicator", "Limit", "Actual", "Status");
    table_align_right(t, 1);
    table_align_right(t, 2);
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(doc, "indicators"))
    {
        char lim[64], act[64], b1[MONEY_BUFSZ], b2[MONEY_BUFSZ];
        const char *unit = str(it, "unit");
        const cJSON *l = cJSON_GetObjectItem(it, "limit"), *a = cJSON_GetObjectItem(it, "actual");
        if (strcmp(unit, "money") == 0) {
            bool floor = strcmp(str(it, "kind"), "minimum") == 0 && cJSON_IsString(l);
            snprintf(lim, sizeof lim, "%s%s", floor ? "at least " : "", show_money(l, b1));
            snprintf(act, sizeof act, "%s", show_money(a, b2));
        } else if (strcmp(unit, "ratio") == 0) { /* capital plan ratios: no limit */
            snprintf(lim, sizeof lim, "none");
            snprintf(act, sizeof act, "%.2f%%", a->valuedouble);
        } else if (strcmp(unit, "percent") == 0) {
            snprintf(lim, sizeof lim, "%.2f%% - %.2f%%", cJSON_GetObjectItem(it, "lower")->valuedouble,
                     cJSON_GetObjectItem(it, "upper")->valuedouble);
            snprintf(act, sizeof act, "%.2f%%", a->valuedouble);
        } else {
            snprintf(lim, sizeof lim, "%s", cJSON_IsNumber(l) ? rating_long_symbol(l->valueint) : "none");
            const char *r = cJSON_GetStringValue(cJSON_GetObjectItem(it, "rating"));
            snprintf(act, sizeof act, "%.2f (%s)", a->valuedouble, r ? r : "none rated");
        }
        table_row(t, str(it, "code"), lim, act, str(it, "status"));
    }
    const cJSON *cs = cJSON_GetObjectItem(doc, "credit_score");
    const char *names[] = {"value_weighted", "time_weighted"};
    for (int i = 0; cs && i < 2; i++) {
        const cJSON *m = cJSON_GetObjectItem(cs, names[i]);
        const cJSON *sc = cJSON_GetObjectItem(m, "score");
        char lim[64], act[64], code[48];
        snprintf(code, sizeof code, "credit_score.%s", names[i]);
        snprintf(lim, sizeof lim, "%s", *str(m, "limit_rating") ? str(m, "limit_rating") : "none");
        if (cJSON_IsNumber(sc))
            snprintf(act, sizeof act, "%.2f (%s)", sc->valuedouble, str(m, "rating"));
        else
            snprintf(act, sizeof act, "none rated");
        table_row(t, code, lim, act, str(m, "status"));
    }
    table_print(t, out);
    table_free(t);
    forecast_liquidity_text(doc, out);
}
