/* wam.c (views): the `wam` document, weighted average maturity of the investments outstanding at
 * the as-of date by type and overall (core/wam.h), pooled funds apart:
 *   {"as_of", "by_type": {TYPE: {"count", "principal", "days"}}, "overall": {"count",
 *    "principal", "days"}, "pooled": {"count", "principal"}}
 * Types with no holdings are left out of by_type; "pooled" is there only when some are held. */
#include <stdio.h>

#include "core/wam.h"
#include "store/book.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/analytics.h"

cJSON *view_wam_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code)
{
    struct book b;
    if (book_load_at(c, a->id, args->as_of, &b) < 0) {
        *code = EXIT_DEP;
        return NULL;
    }
    struct wam_result w;
    int rc = wam_compute(b.inv, b.ninv, args->as_of, &w);
    book_free(&b);
    if (rc < 0) {
        *code = fail(EXIT_BAD, "wam: a total overflowed");
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "as_of", args->as_of);
    cJSON *by = cJSON_AddObjectToObject(doc, "by_type");
    for (int t = 0; t < INV_TYPE_COUNT; t++) {
        const struct wam_line *l = &w.by_type[t];
        if (!l->count)
            continue;
        cJSON *o = cJSON_AddObjectToObject(by, inv_type_name((enum inv_type)t));
        cJSON_AddNumberToObject(o, "count", l->count);
        json_add_money(o, "principal", l->principal);
        json_add_2dp(o, "days", wam_days(l));
    }
    cJSON *o = cJSON_AddObjectToObject(doc, "overall");
    cJSON_AddNumberToObject(o, "count", w.overall.count);
    json_add_money(o, "principal", w.overall.principal);
    json_add_2dp(o, "days", wam_days(&w.overall));
    if (w.pooled.count) {
        cJSON *p = cJSON_AddObjectToObject(doc, "pooled");
        cJSON_AddNumberToObject(p, "count", w.pooled.count);
        json_add_money(p, "principal", w.pooled.principal);
    }
    return doc;
}

static void row(struct table *t, const char *name, const cJSON *o)
{
    char count[24], principal[MONEY_BUFSZ], days[32];
    const cJSON *c = cJSON_GetObjectItem(o, "count"), *p = cJSON_GetObjectItem(o, "principal"),
                *d = cJSON_GetObjectItem(o, "days");
    money_t m = 0;
    money_parse(cJSON_GetStringValue(p), &m, NULL);
    snprintf(count, sizeof count, "%d", c ? c->valueint : 0);
    if (d)
        snprintf(days, sizeof days, "%.2f", d->valuedouble);
    else
        snprintf(days, sizeof days, "(not in WAM)");
    table_row(t, name, count, money_format(m, MONEY_GROUPED | MONEY_POUND, principal), days);
}

void view_wam_text(const cJSON *doc, FILE *out)
{
    fprintf(out, "Weighted average maturity at %s\n\n",
            cJSON_GetStringValue(cJSON_GetObjectItem(doc, "as_of")));
    struct table *t = table_new(4, "Type", "Count", "Principal", "WAM (days)");
    table_align_right(t, 1);
    table_align_right(t, 2);
    table_align_right(t, 3);
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(doc, "by_type"))
        row(t, it->string, it);
    row(t, "overall", cJSON_GetObjectItem(doc, "overall"));
    const cJSON *pooled = cJSON_GetObjectItem(doc, "pooled");
    if (pooled)
        row(t, "pooled", pooled);
    table_print(t, out);
    table_free(t);
}
