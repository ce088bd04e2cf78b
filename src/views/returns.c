/* returns.c (views): the `returns` document, return on investments against compounded SONIA
 * (see returns.h for the document and the rules). */
#include "views/returns.h"

#include <stdio.h>
#include <string.h>

#include "core/returns.h"
#include "store/rates.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/analytics.h"

/* An index older than this many days before the date it stands for is stale: the feed has
 * stopped, and a benchmark from it would be wrong. */
#define INDEX_STALE_DAYS 5

static bool money_item(const cJSON *o, const char *key, money_t *m)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s && money_parse(s, m, NULL);
}

bool returns_of_interest(const cJSON *interest, date_t from, date_t to, money_t *balance, rate_t *ret)
{
    struct deposit_return acc = {0};
    const cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(interest, "deposits"))
    {
        money_t p, e;
        const cJSON *nights = cJSON_GetObjectItemCaseSensitive(d, "nights");
        /* an account whose balance moved earned on its average balance over its nights */
        const char *bal = cJSON_GetObjectItemCaseSensitive(d, "average_balance") ? "average_balance" : "principal";
        if (!money_item(d, bal, &p) || !cJSON_IsNumber(nights) || !money_item(d, "earned", &e))
            return false;
        deposit_return_add(&acc, p, (int64_t)nights->valuedouble, e);
    }
    return deposit_return_value(&acc, (int64_t)to - from + 1, balance, ret);
}

static void add_reason(cJSON *doc, const char *fmt, date_t d)
{
    char day[DATE_BUFSZ], why[160];
    snprintf(why, sizeof why, fmt, date_format_iso(d, day));
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(doc, "reasons"), cJSON_CreateString(why));
}

/* The index standing for day `on`: the latest on or before it, if not stale. 0, 1 (none: the
 * reason added to doc) or -1 (database, printed). */
static int index_on(PGconn *c, date_t on, cJSON *doc, struct rate_obs *o)
{
    int rc = rates_on_or_before(c, "sonia_index", on, o);
    if (rc == 1)
        add_reason(doc, "no SONIA compounded index (sonia_index, IUDZOS2) on or before %s", on);
    else if (rc == 0 && on - o->date > INDEX_STALE_DAYS)
        add_reason(doc, "the SONIA compounded index for %s is stale (more than 5 days older)", on), rc = 1;
    return rc;
}

/* "sonia_compounded" from the index on `from` and on the day after `to`. */
static int add_compounded(PGconn *c, date_t from, date_t to, cJSON *doc, rate_t *out, bool *have)
{
    struct rate_obs i0, i1;
    int rc = index_on(c, from, doc, &i0);
    if (rc == 0)
        rc = index_on(c, to + 1, doc, &i1);
    *have = rc == 0 && sonia_compounded(i0.value, i1.value, (int64_t)to - from + 1, out);
    if (rc < 0)
        return -1;
    if (!*have) {
        cJSON_AddNullToObject(doc, "sonia_compounded");
        return 0;
    }
    cJSON *o = cJSON_AddObjectToObject(doc, "sonia_compounded");
    json_add_date(o, "index_start_date", i0.date);
    json_add_rate(o, "index_start", i0.value);
    json_add_date(o, "index_end_date", i1.date);
    json_add_rate(o, "index_end", i1.value);
    json_add_rate(o, "rate", *out);
    return 0;
}

static int add_average(PGconn *c, date_t from, date_t to, cJSON *doc)
{
    rate_t avg;
    int rc = rates_average(c, "sonia", from, to, &avg);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        json_add_rate(doc, "sonia_average", avg);
    } else {
        cJSON_AddNullToObject(doc, "sonia_average");
        add_reason(doc, "no SONIA observation on or before %s", from);
    }
    return 0;
}

/* "earned", "average_balance" and "return" from the interest view over the same period. */
static int add_return(PGconn *c, const struct authority *a, const struct view_args *args, cJSON *doc,
                      rate_t *ret, bool *have, int *code)
{
    cJSON *interest = view_interest_build(c, a, args, code);
    if (!interest)
        return -1;
    money_t balance, earned = 0;
    money_item(interest, "earned", &earned);
    *have = returns_of_interest(interest, args->from, args->to, &balance, ret);
    cJSON_Delete(interest);
    json_add_money(doc, "earned", earned);
    if (*have) {
        json_add_money(doc, "average_balance", balance);
        json_add_rate(doc, "return", *ret);
    } else {
        cJSON_AddNullToObject(doc, "average_balance");
        cJSON_AddNullToObject(doc, "return");
        add_reason(doc, "no investment earned interest in the period to %s", args->to);
    }
    return 0;
}

cJSON *view_returns_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code)
{
    struct view_args p = *args;
    if (p.to == DATE_NONE)
        p.to = p.as_of;
    if (p.from == DATE_NONE)
        p.from = date_fy_start(date_financial_year(p.to));
    if (p.to < p.from) {
        *code = fail(EXIT_BAD, "returns: --to is before --from");
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "from", p.from);
    json_add_date(doc, "to", p.to);
    cJSON_AddNumberToObject(doc, "days", (double)(p.to - p.from + 1));
    cJSON_AddArrayToObject(doc, "reasons");
    rate_t ret = 0, bench = 0;
    bool have_ret = false, have_bench = false;
    *code = EXIT_DEP;
    if (add_return(c, a, &p, doc, &ret, &have_ret, code) < 0) {
        cJSON_Delete(doc);
        return NULL;
    }
    cJSON_AddStringToObject(doc, "benchmark", "sonia_compounded");
    if (add_compounded(c, p.from, p.to, doc, &bench, &have_bench) < 0 || add_average(c, p.from, p.to, doc) < 0) {
        cJSON_Delete(doc);
        return NULL;
    }
    if (have_ret && have_bench)
        json_add_rate(doc, "return_above_benchmark", ret - bench);
    else
        cJSON_AddNullToObject(doc, "return_above_benchmark");
    *code = EXIT_OK;
    return doc;
}

static const char *item(const cJSON *o, const char *key, const char *none)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s ? s : none;
}

void view_returns_text(const cJSON *doc, FILE *out)
{
    char b[MONEY_BUFSZ], b2[MONEY_BUFSZ];
    money_t m = 0;
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(doc, "sonia_compounded");
    fprintf(out, "Return against the benchmark from %s to %s (%d days)\n\n", item(doc, "from", ""),
            item(doc, "to", ""), (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(doc, "days")));
    struct table *t = table_new(2, "", "Figure");
    table_align_right(t, 1);
    money_item(doc, "earned", &m);
    table_row(t, "interest earned", money_format(m, MONEY_GROUPED | MONEY_POUND, b));
    bool bal = money_item(doc, "average_balance", &m);
    table_row(t, "time-weighted average balance", bal ? money_format(m, MONEY_GROUPED | MONEY_POUND, b2) : "-");
    table_row(t, "return (% a year, ACT/365)", item(doc, "return", "-"));
    table_row(t, "benchmark: compounded SONIA (IUDZOS2 index)", item(sc, "rate", "-"));
    table_row(t, "return above the benchmark", item(doc, "return_above_benchmark", "-"));
    table_row(t, "simple average of daily SONIA", item(doc, "sonia_average", "-"));
    table_print(t, out);
    table_free(t);
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(doc, "reasons"))
        fprintf(out, "note: %s\n", r->valuestring);
}
