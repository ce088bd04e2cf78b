/* portfolio.c: the `portfolio` view: every investment held at the as-of date with its days to
 * maturity, counts and principal by type, and the total (interfaces.md). Held and days are
 * defined once in core/holdings.h; an account's principal is its balance at the as-of date
 * (store/book.h book_load_at), and a pooled fund adds "value", its latest valuation. */
#include <stdlib.h>
#include <string.h>

#include "core/balance.h"
#include "core/holdings.h"
#include "store/book.h"
#include "util/err.h"
#include "util/json.h"
#include "util/json_out.h"
#include "util/strbuf.h"
#include "util/table.h"
#include "views/text.h"
#include "views/book_views.h"
#include "views/view.h"

/* Dated holdings by maturity first, then undated ones by type; ties by ref. */
static int by_maturity(const void *pa, const void *pb)
{
    const struct investment *x = *(const struct investment *const *)pa;
    const struct investment *y = *(const struct investment *const *)pb;
    bool ux = x->maturity == DATE_NONE, uy = y->maturity == DATE_NONE;
    if (ux != uy)
        return ux ? 1 : -1;
    if (!ux && x->maturity != y->maturity)
        return x->maturity < y->maturity ? -1 : 1;
    if (ux && x->type != y->type)
        return x->type < y->type ? -1 : 1;
    return strcmp(x->ref, y->ref);
}

static void add_holding(cJSON *arr, const struct book *b, const struct investment *v, date_t as_of)
{
    cJSON *h = cJSON_CreateObject();
    const struct counterparty *cp = book_counterparty(b, v->counterparty_id);
    cJSON_AddStringToObject(h, "ref", v->ref);
    cJSON_AddStringToObject(h, "type", inv_type_name(v->type));
    cJSON_AddStringToObject(h, "counterparty", cp ? cp->code : "");
    cJSON_AddStringToObject(h, "counterparty_name", cp ? cp->name : "");
    json_add_money(h, "principal", v->principal);
    if (v->no_rate)
        cJSON_AddNullToObject(h, "rate"); /* a variable yield: no contractual rate */
    else
        json_add_rate(h, "rate", v->rate);
    json_add_date(h, "start_date", v->start);
    json_add_date(h, "maturity_date", v->maturity);
    int days = investment_days(v, as_of);
    if (days < 0)
        cJSON_AddNullToObject(h, "days");
    else
        cJSON_AddNumberToObject(h, "days", days);
    cJSON_AddStringToObject(h, "status", deal_status_name(v->status));
    if (v->type == INV_POOLED) { /* the latest valuation on or before as_of, or null */
        money_t value;
        if (account_value_at(v->id, b->moves, b->nmoves, as_of, &value))
            json_add_money(h, "value", value);
        else
            cJSON_AddNullToObject(h, "value");
    }
    cJSON_AddItemToArray(arr, h);
}

/* The same holding as add_holding, written as text (util/json_out.h): byte for byte what
 * cJSON_PrintUnformatted prints of add_holding's object (the e2e asat tests compare them). */
static void holding_out(struct strbuf *sb, const struct book *b, const struct investment *v, date_t as_of)
{
    const struct counterparty *cp = book_counterparty(b, v->counterparty_id);
    JSON_OUT_LIT(sb, "{\"ref\":");
    json_out_string(sb, v->ref);
    JSON_OUT_LIT(sb, ",\"type\":");
    json_out_string(sb, inv_type_name(v->type));
    JSON_OUT_LIT(sb, ",\"counterparty\":");
    json_out_string(sb, cp ? cp->code : "");
    JSON_OUT_LIT(sb, ",\"counterparty_name\":");
    json_out_string(sb, cp ? cp->name : "");
    JSON_OUT_LIT(sb, ",\"principal\":");
    json_out_money(sb, v->principal);
    JSON_OUT_LIT(sb, ",\"rate\":");
    if (v->no_rate)
        json_out_null(sb);
    else
        json_out_rate(sb, v->rate);
    JSON_OUT_LIT(sb, ",\"start_date\":");
    json_out_date(sb, v->start);
    JSON_OUT_LIT(sb, ",\"maturity_date\":");
    json_out_date(sb, v->maturity);
    JSON_OUT_LIT(sb, ",\"days\":");
    int days = investment_days(v, as_of);
    if (days < 0)
        json_out_null(sb);
    else
        json_out_int(sb, days);
    JSON_OUT_LIT(sb, ",\"status\":");
    json_out_string(sb, deal_status_name(v->status));
    if (v->type == INV_POOLED) {
        money_t value;
        JSON_OUT_LIT(sb, ",\"value\":");
        if (account_value_at(v->id, b->moves, b->nmoves, as_of, &value))
            json_out_money(sb, value);
        else
            json_out_null(sb);
    }
    strbuf_append_char(sb, '}');
}

/* "holdings" as a cJSON array (the CLI and reports, which indent or read it). */
static void add_holdings(cJSON *doc, const struct book *b, const struct investment **held, int n, date_t as_of)
{
    cJSON *arr = cJSON_AddArrayToObject(doc, "holdings");
    for (int i = 0; i < n; i++)
        add_holding(arr, b, held[i], as_of);
}

/* The document as text, byte for byte what cJSON_PrintUnformatted prints of the tree
 * view_portfolio_of builds (the service's answer, view_args.wire). Returns a string the caller
 * frees. */
static char *portfolio_text(const struct book *b, const struct investment **held, int n, date_t as_of,
                            const int *count, const money_t *sum, money_t total)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_grow(&sb, (size_t)n * 300 + 512); /* about 250 bytes a holding: one allocation */
    JSON_OUT_LIT(&sb, "{\"as_of\":");
    json_out_date(&sb, as_of);
    JSON_OUT_LIT(&sb, ",\"total\":");
    json_out_money(&sb, total);
    JSON_OUT_LIT(&sb, ",\"count\":");
    json_out_int(&sb, n);
    JSON_OUT_LIT(&sb, ",\"by_type\":{");
    bool first = true;
    for (int t = 0; t < INV_TYPE_COUNT; t++) {
        if (!count[t])
            continue;
        if (!first)
            strbuf_append_char(&sb, ',');
        first = false;
        json_out_string(&sb, inv_type_name((enum inv_type)t));
        JSON_OUT_LIT(&sb, ":{\"count\":");
        json_out_int(&sb, count[t]);
        JSON_OUT_LIT(&sb, ",\"principal\":");
        json_out_money(&sb, sum[t]);
        strbuf_append_char(&sb, '}');
    }
    JSON_OUT_LIT(&sb, "},\"holdings\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            strbuf_append_char(&sb, ',');
        holding_out(&sb, b, held[i], as_of);
    }
    JSON_OUT_LIT(&sb, "]}");
    return strbuf_steal(&sb);
}

cJSON *view_portfolio_of(const struct book *b, const struct view_args *args, int *code)
{
    const struct investment **held = calloc((size_t)b->ninv + 1, sizeof *held);
    int n = 0, count[INV_TYPE_COUNT] = {0};
    money_t sum[INV_TYPE_COUNT] = {0}, total = 0;
    bool overflow = false;
    for (int i = 0; i < b->ninv; i++) {
        const struct investment *v = &b->inv[i];
        if (!investment_held(v, args->as_of))
            continue;
        held[n++] = v;
        count[v->type]++;
        overflow |= !money_accumulate(&sum[v->type], v->principal) ||
                    !money_accumulate(&total, v->principal);
    }
    if (overflow) {
        free(held);
        *code = EXIT_BAD;
        error("portfolio: the total overflows");
        return NULL;
    }
    qsort(held, (size_t)n, sizeof *held, by_maturity);
    cJSON *doc;
    if (args->wire && !args->no_entries) { /* the service's answer: the same bytes as text (view.h) */
        doc = json_raw_taken(portfolio_text(b, held, n, args->as_of, count, sum, total));
        free(held);
        return doc;
    }
    doc = cJSON_CreateObject();
    json_add_date(doc, "as_of", args->as_of);
    json_add_money(doc, "total", total);
    cJSON_AddNumberToObject(doc, "count", n);
    cJSON *types = cJSON_AddObjectToObject(doc, "by_type");
    for (int t = 0; t < INV_TYPE_COUNT; t++) {
        if (!count[t])
            continue;
        cJSON *o = cJSON_AddObjectToObject(types, inv_type_name((enum inv_type)t));
        cJSON_AddNumberToObject(o, "count", count[t]);
        json_add_money(o, "principal", sum[t]);
    }
    if (!args->no_entries) /* a report reading the totals alone leaves them out (view.h) */
        add_holdings(doc, b, held, n, args->as_of);
    free(held);
    return doc;
}

cJSON *view_portfolio_build(PGconn *c, const struct authority *a, const struct view_args *args,
                            int *code)
{
    struct book b;
    if (book_load_at(c, a->id, args->as_of, &b) < 0) {
        *code = EXIT_DEP;
        return NULL;
    }
    cJSON *doc = view_portfolio_of(&b, args, code);
    book_free(&b);
    return doc;
}

void view_portfolio_text(const cJSON *doc, FILE *out)
{
    char buf[64], m[MONEY_BUFSZ + 2], d[DATE_BUFSZ], days[32];
    fprintf(out, "Investments held at %s\n\n", text_date(doc, "as_of", d));
    struct table *t = table_new(7, "Ref", "Type", "Counterparty", "Principal", "Rate %", "Maturity", "Days");
    table_align_right(t, 3);
    table_align_right(t, 4);
    table_align_right(t, 6);
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(doc, "holdings")) {
        table_row(t, text_str(h, "ref"), text_str(h, "type"), text_str(h, "counterparty_name"),
                  text_money(h, "principal", m), text_str(h, "rate"), text_date(h, "maturity_date", d),
                  text_num(h, "days", days, sizeof days));
    }
    table_print(t, out);
    table_free(t);
    fprintf(out, "\n");
    t = table_new(3, "Type", "Count", "Principal");
    table_align_right(t, 1);
    table_align_right(t, 2);
    const cJSON *ty;
    cJSON_ArrayForEach(ty, cJSON_GetObjectItemCaseSensitive(doc, "by_type")) {
        table_row(t, ty->string, text_num(ty, "count", buf, sizeof buf), text_money(ty, "principal", m));
    }
    table_row(t, "total", text_num(doc, "count", buf, sizeof buf), text_money(doc, "total", m));
    table_print(t, out);
    table_free(t);
}
