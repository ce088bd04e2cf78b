/* debt.c: the `debt` view: external debt at the as-of date (principal outstanding on every loan
 * started on or before it, per core/schedule), by loan type with count and principal-weighted
 * average rate, and the loans behind it (interfaces.md). The maturity structure is added by the
 * analytics work. */
#include <stdlib.h>
#include <string.h>

#include "core/loan_events.h"
#include "core/schedule.h"
#include "store/book.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/analytics.h"
#include "views/book_views.h"
#include "views/text.h"

/* l as taken (original principal), with its rate and outstanding principal at as_of. */
static void add_loan(cJSON *arr, const struct book *b, const struct loan *l, rate_t rate, money_t outstanding,
                     date_t as_of)
{
    cJSON *o = cJSON_CreateObject();
    const struct counterparty *cp = book_counterparty(b, l->lender_id);
    cJSON_AddStringToObject(o, "ref", l->ref);
    cJSON_AddStringToObject(o, "type", loan_type_name(l->type));
    cJSON_AddStringToObject(o, "lender", cp ? cp->code : "");
    cJSON_AddStringToObject(o, "lender_name", cp ? cp->name : "");
    json_add_money(o, "principal", outstanding);
    json_add_money(o, "original_principal", l->principal);
    json_add_rate(o, "rate", rate);
    cJSON_AddStringToObject(o, "repayment", repayment_name(l->repayment));
    json_add_date(o, "start_date", l->start);
    json_add_date(o, "maturity_date", l->maturity);
    json_add_date(o, "next_option_date", lobo_next_option(l, as_of));
    cJSON_AddItemToArray(arr, o);
}

cJSON *view_debt_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code)
{
    struct book b; /* the loans the authority holds at as_of (a merger moves them: sql/215) */
    if (book_load_at(c, a->id, args->as_of, &b) < 0) {
        *code = EXIT_DEP;
        return NULL;
    }
    date_t as_of = args->as_of;
    int count[LOAN_TYPE_COUNT] = {0};
    money_t sum[LOAN_TYPE_COUNT] = {0}, total = 0;
    struct rate_avg avg[LOAN_TYPE_COUNT], all = {0};
    memset(avg, 0, sizeof avg);
    bool overflow = false;
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "as_of", as_of);
    cJSON *loans = cJSON_CreateArray();
    for (int i = 0; i < b.nloans; i++) {
        const struct loan *l = &b.loans[i];
        struct loan now; /* after its repayments and options up to as_of */
        if (l->start > as_of || !loan_as_at(l, as_of, &now))
            continue;
        money_t out = schedule_outstanding(&now, as_of);
        if (out <= 0)
            continue;
        count[l->type]++;
        overflow |= !money_accumulate(&sum[l->type], out) || !money_accumulate(&total, out);
        rate_avg_add(&avg[l->type], out, now.rate);
        rate_avg_add(&all, out, now.rate);
        add_loan(loans, &b, l, now.rate, out, as_of);
    }
    json_add_money(doc, "external_debt", total);
    if (all.weight)
        json_add_rate(doc, "average_rate", rate_avg_value(&all));
    else
        cJSON_AddNullToObject(doc, "average_rate");
    cJSON *types = cJSON_AddObjectToObject(doc, "by_type");
    for (int t = 0; t < LOAN_TYPE_COUNT; t++) {
        if (!count[t])
            continue;
        cJSON *o = cJSON_AddObjectToObject(types, loan_type_name((enum loan_type)t));
        cJSON_AddNumberToObject(o, "count", count[t]);
        json_add_money(o, "principal", sum[t]);
        json_add_rate(o, "average_rate", rate_avg_value(&avg[t]));
    }
    cJSON_AddItemToObject(doc, "loans", loans);
    int ms = overflow ? EXIT_OK
                      : view_add_maturity_structure(c, a, b.loans, b.nloans, as_of,
                                                    args->reference_date, doc);
    book_free(&b);
    if (ms != EXIT_OK) {
        cJSON_Delete(doc);
        *code = ms;
        return NULL;
    }
    if (overflow) {
        cJSON_Delete(doc);
        *code = fail(EXIT_BAD, "debt: the total overflows");
        return NULL;
    }
    return doc;
}

void view_debt_text(const cJSON *doc, FILE *out)
{
    char m[MONEY_BUFSZ + 2], d[DATE_BUFSZ], n[32];
    fprintf(out, "External debt at %s\n\n", text_date(doc, "as_of", d));
    struct table *t = table_new(4, "Type", "Loans", "Principal outstanding", "Average rate %");
    for (int k = 1; k < 4; k++)
        table_align_right(t, k);
    const cJSON *ty;
    cJSON_ArrayForEach(ty, cJSON_GetObjectItemCaseSensitive(doc, "by_type")) {
        table_row(t, ty->string, text_num(ty, "count", n, sizeof n), text_money(ty, "principal", m),
                  text_str(ty, "average_rate"));
    }
    table_row(t, "total", "", text_money(doc, "external_debt", m), text_str(doc, "average_rate"));
    table_print(t, out);
    table_free(t);
    fprintf(out, "\n");
    view_maturity_structure_text(doc, out);
    fprintf(out, "\n");
    t = table_new(7, "Ref", "Type", "Lender", "Outstanding", "Rate %", "Maturity", "Next option");
    table_align_right(t, 3);
    table_align_right(t, 4);
    const cJSON *l;
    char d2[DATE_BUFSZ];
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(doc, "loans")) {
        table_row(t, text_str(l, "ref"), text_str(l, "type"), text_str(l, "lender_name"),
                  text_money(l, "principal", m), text_str(l, "rate"), text_date(l, "maturity_date", d),
                  text_date(l, "next_option_date", d2));
    }
    table_print(t, out);
    table_free(t);
}
