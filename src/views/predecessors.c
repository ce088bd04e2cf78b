/* predecessors.c: the `predecessors` view, the comparatives of a successor council (a merger on
 * a vesting day, sql/215): for a period starting before the vesting day, each predecessor's
 * outturn from the period's start to the day before the vesting day (when its book ended):
 * interest earned on investments and payable on loans, and the portfolio and external debt it
 * held at that day, built by the interest, portfolio and debt views on the predecessor's book,
 * with their total. An authority that is no successor, or a period from the vesting day on, has
 * none (an empty list). */
#include <stdlib.h>

#include "store/merger.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/analytics.h"
#include "views/book_views.h"
#include "views/predecessors.h"
#include "views/text.h"

static const struct {
    const char *key, *view, *field;
} figures[] = {
    {"interest_earned", "interest", "earned"},
    {"interest_payable", "interest", "payable"},
    {"portfolio_total", "portfolio", "total"},
    {"external_debt", "debt", "external_debt"},
};
#define NFIGURES (int)(sizeof figures / sizeof figures[0])

/* One predecessor's figures over args into o, added to sum. Returns 0, or -1 with *code set. */
static int comparative(PGconn *c, const struct authority *p, const struct view_args *args, cJSON *o,
                       money_t sum[NFIGURES], int *code)
{
    cJSON *docs[3] = {view_interest_build(c, p, args, code), NULL, NULL};
    docs[1] = docs[0] ? view_portfolio_build(c, p, args, code) : NULL;
    docs[2] = docs[1] ? view_debt_build(c, p, args, code) : NULL;
    int rc = docs[2] ? 0 : -1;
    for (int f = 0; f < NFIGURES && rc == 0; f++) {
        const cJSON *doc = docs[figures[f].view[0] == 'i' ? 0 : figures[f].view[0] == 'p' ? 1 : 2];
        money_t m;
        if (!money_parse(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, figures[f].field)), &m, NULL) ||
            !money_accumulate(&sum[f], m)) {
            *code = fail(EXIT_DEP, "predecessors: %s's %s cannot be read or overflows", p->code, figures[f].key);
            rc = -1;
        } else {
            json_add_money(o, figures[f].key, m);
        }
    }
    for (int i = 0; i < 3; i++)
        cJSON_Delete(docs[i]);
    return rc;
}

cJSON *view_predecessors_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code)
{
    date_t to = args->to != DATE_NONE ? args->to : args->as_of;
    date_t from = args->from != DATE_NONE ? args->from : date_fy_start(date_financial_year(to));
    date_t on = DATE_NONE;
    struct authority *preds = NULL;
    int n = 0, found = merger_predecessors_of(c, a->id, &on, &preds, &n);
    if (found < 0) {
        *code = EXIT_DEP;
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "from", from);
    json_add_date(doc, "to", found && on - 1 < to ? on - 1 : to);
    json_add_date(doc, "vesting_date", found ? on : DATE_NONE);
    cJSON *arr = cJSON_AddArrayToObject(doc, "predecessors");
    money_t sum[NFIGURES] = {0};
    struct view_args sub = *args;
    sub.wire = false; /* the documents built below are read, not printed (views/view.h) */
    sub.from = from;
    sub.to = sub.as_of = found ? on - 1 : to; /* on is DATE_NONE (INT_MIN) without a merger */
    int rc = 0;
    for (int i = 0; found && from < on && i < n && rc == 0; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, o);
        cJSON_AddStringToObject(o, "code", preds[i].code);
        rc = comparative(c, &preds[i], &sub, o, sum, code);
    }
    free(preds);
    if (rc < 0) {
        cJSON_Delete(doc);
        return NULL;
    }
    cJSON *total = cJSON_AddObjectToObject(doc, "total");
    for (int f = 0; f < NFIGURES; f++)
        json_add_money(total, figures[f].key, sum[f]);
    return doc;
}

void view_predecessors_text(const cJSON *doc, FILE *out)
{
    char d1[DATE_BUFSZ], d2[DATE_BUFSZ], d3[DATE_BUFSZ], m[4][MONEY_BUFSZ + 2];
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "predecessors")) == 0) {
        fprintf(out, "No predecessors in the period (not a successor, or the period starts on or after the vesting day)\n");
        return;
    }
    fprintf(out, "Predecessors' outturn from %s to %s (the vesting day: %s)\n\n", text_date(doc, "from", d1),
            text_date(doc, "to", d2), text_date(doc, "vesting_date", d3));
    struct table *t = table_new(5, "Predecessor", "Interest earned", "Interest payable", "Portfolio", "External debt");
    for (int c = 1; c < 5; c++)
        table_align_right(t, c);
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(doc, "predecessors"))
        table_row(t, text_str(p, "code"), text_money(p, "interest_earned", m[0]), text_money(p, "interest_payable", m[1]),
                  text_money(p, "portfolio_total", m[2]), text_money(p, "external_debt", m[3]));
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "total");
    table_row(t, "total", text_money(s, "interest_earned", m[0]), text_money(s, "interest_payable", m[1]),
              text_money(s, "portfolio_total", m[2]), text_money(s, "external_debt", m[3]));
    table_print(t, out);
    table_free(t);
}
