/* cash_alerts.c (service): cash.below_minimum alerts from the daily forecast (see cash_alerts.h). */
#include "service/cash_alerts.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/book_memo.h"
#include "store/cash.h"
#include "util/err.h"
#include "util/json.h"
#include "views/cash.h"

#define KIND "cash.below_minimum"

/* The details of account's forecast from as_of when some day is below its minimum (a new object
 * the caller owns), else NULL; *rc -1 when the forecast failed. */
static cJSON *below(PGconn *c, int64_t authority_id, const char *account, date_t as_of, int *rc)
{
    struct authority a = {.id = authority_id};
    struct cash_args args = {as_of, as_of + CASH_ALERT_DAYS, CASH_BY_DAY, account};
    int code;
    cJSON *doc = cash_forecast_view(c, &a, &args, &code);
    *rc = doc ? 0 : -1;
    if (!doc)
        return NULL;
    cJSON *d = NULL;
    const cJSON *p, *low = NULL, *first = NULL;
    money_t lowest = 0;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(doc, "periods")) {
        money_t m;
        if (!money_parse(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "closing_balance")), &m, NULL))
            continue;
        if (!first && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "below_minimum")))
            first = p;
        if (!low || m < lowest) {
            low = p;
            lowest = m;
        }
    }
    if (first) {
        d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "account", account);
        json_add_date(d, "as_of", as_of);
        json_add_date(d, "to", as_of + CASH_ALERT_DAYS);
        cJSON_AddItemToObject(d, "minimum_balance",
                              cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(doc, "minimum_balance"), 1));
        cJSON_AddItemToObject(d, "first_day", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(first, "start"), 1));
        cJSON_AddItemToObject(d, "first_day_balance",
                              cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(first, "closing_balance"), 1));
        cJSON_AddItemToObject(d, "lowest_day", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(low, "start"), 1));
        json_add_money(d, "lowest_balance", lowest);
    }
    cJSON_Delete(doc);
    return d;
}

static int judge_accounts(PGconn *c, int64_t authority_id, date_t as_of, const struct alert_key *live, int nlive,
                          struct recompute_stats *st);

static bool listed(const char *const *codes, int n, const char *code)
{
    for (int i = 0; i < n; i++)
        if (strcmp(codes[i], code) == 0)
            return true;
    return false;
}

/* Each account's forecast reads the authority's flows over the same days: inside a book memo
 * (store/book_memo.h) they are read from the database once for all its accounts, not once an
 * account (issue 23: they were most of a recompute's statements), and not at all when the
 * recompute read them with its chunk (flows). The alerts written between
 * the forecasts are not part of the book, so every forecast sees what it would have read. */
int cash_rules(PGconn *c, int64_t authority_id, date_t as_of, const struct alert_key *live, int nlive,
               struct recompute_stats *st, const struct book *flows)
{
    bool own = !book_memo_active();
    if (own)
        book_memo_begin();
    if (flows) /* the chunk's read: every forecast's book_load_flows finds it kept */
        book_memo_put(c, authority_id, BOOK_MEMO_FLOWS, as_of, as_of + CASH_ALERT_DAYS, flows);
    int rc = judge_accounts(c, authority_id, as_of, live, nlive, st);
    if (own)
        book_memo_end();
    return rc;
}

static int judge_accounts(PGconn *c, int64_t authority_id, date_t as_of, const struct alert_key *live, int nlive,
                          struct recompute_stats *st)
{
    struct bank_account *v;
    int n = cash_accounts_load(c, authority_id, &v);
    if (n < 0)
        return -1;
    const char **below_codes = xcalloc((size_t)n + 1, sizeof *below_codes);
    int nbelow = 0, rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (v[i].moved_out && v[i].moved_on <= as_of)
            continue; /* a merger's successor holds it now (sql/270): its alert, not ours */
        cJSON *details = below(c, authority_id, v[i].code, as_of, &rc);
        if (!details)
            continue;
        bool created = false;
        rc = alert_raise(c, authority_id, KIND, v[i].code, details, true, NULL, &created);
        cJSON_Delete(details);
        below_codes[nbelow++] = v[i].code;
        st->breaches++;
        st->raised += created;
    }
    for (int i = 0; i < nlive && rc == 0; i++) {
        if (strcmp(live[i].kind, KIND) != 0 || listed(below_codes, nbelow, live[i].subject))
            continue;
        int k = alert_resolve(c, authority_id, KIND, live[i].subject);
        if (k < 0)
            rc = -1;
        else
            st->resolved += k;
    }
    free(below_codes);
    free(v);
    return rc;
}
