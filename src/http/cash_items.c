/* cash_items.c: forecast items one at a time over the API (see cash_items.h):
 *   POST /api/v1/authorities/CODE/cashflow/items  {"account", "date", "amount", "category"?,
 *        "description"?, "repeat"?, "until"?}: 201 {"ref": "CF7", "id": 7, "status": "added", ...}
 *   POST .../cashflow/items/N/amend  the same fields, each optional (those given change; "until":
 *        null takes the end date away), and "reason"?: 201 amended
 *   POST .../cashflow/items/N/cancel  {"reason"?} ({} without one): 201 cancelled
 *   GET .../cashflow/items[?all=true][&as_known_at=TIME]  the items as they stand
 *        (views/cash_items.h; `prudent cashflow items --json`)
 *   GET .../cashflow/items/N[?as_known_at=TIME]  item N's versions oldest first, who, when, why
 * Amounts are strings ("-250000.00"), dates "YYYY-MM-DD". The POSTs are ROUTE_OWN_TX: the
 * service makes its own transaction. */
#include "http/cash_items.h"

#include <stdlib.h>
#include <string.h>

#include "core/moment.h"
#include "http/reply.h"
#include "service/cash_item.h"
#include "store/known.h"
#include "util/err.h"
#include "util/errcode.h"
#include "views/cash_items.h"

/* A string field of the body into *out (NULL when absent or null; *given says whether it was
 * there at all, when not NULL). 0, or the 400 status. */
static int field(struct request *rq, const char *name, const char **out, bool *given)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(rq->json, name);
    *out = NULL;
    if (given)
        *given = f != NULL;
    if (!f || cJSON_IsNull(f))
        return 0;
    if (!cJSON_IsString(f))
        return http_error(rq, PR_ERR_INVALID_FIELD, name, "%s must be a string", name);
    *out = f->valuestring;
    return 0;
}

static int date_field(struct request *rq, const char *name, date_t *out, bool *given)
{
    const char *s, *why;
    int st = field(rq, name, &s, given);
    if (st || !s)
        return st;
    if (!date_parse(s, out, &why))
        return http_error(rq, PR_ERR_INVALID_FIELD, name, "%s \"%s\": %s", name, s, why);
    return 0;
}

/* The item's terms from the body, each left as "not given" when absent. */
static int parse_terms(struct request *rq, struct cash_item_change *r)
{
    const char *amount = NULL, *repeat = NULL, *why;
    bool until_given = false;
    int st;
    if ((st = field(rq, "account", &r->account, NULL)) || (st = date_field(rq, "date", &r->date, NULL)) ||
        (st = field(rq, "amount", &amount, NULL)) || (st = field(rq, "category", &r->category, NULL)) ||
        (st = field(rq, "description", &r->description, NULL)) || (st = field(rq, "repeat", &repeat, NULL)) ||
        (st = date_field(rq, "until", &r->until, &until_given)) || (st = field(rq, "reason", &r->reason, NULL)))
        return st;
    r->clear_until = until_given && r->until == DATE_NONE;
    if (amount) {
        if (!money_parse(amount, &r->amount, &why))
            return http_error(rq, PR_ERR_INVALID_FIELD, "amount", "amount \"%s\" is not an amount%s%s", amount,
                              why ? ": " : "", why ? why : "");
        r->has_amount = true;
    }
    enum cash_repeat rep;
    if (repeat) {
        if (!cash_repeat_parse(repeat, &rep))
            return http_error(rq, PR_ERR_INVALID_FIELD, "repeat",
                              "repeat \"%s\": say \"\", weekly, monthly, quarterly or yearly", repeat);
        r->repeat = (int)rep;
    }
    return 0;
}

/* The item's number from the path. 0, or the 404 status. */
static int item_param(struct request *rq, struct cash_item_change *r)
{
    const char *s = rq->params[1];
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0)
        return http_error(rq, PR_ERR_NOT_FOUND, "item", "no forecast item \"%s\" (its number: CF3 is 3)", s);
    r->id = v;
    return 0;
}

static int answer(struct request *rq, int rc, cJSON *doc)
{
    return rc == EXIT_OK ? http_json(rq, 201, doc) : http_deal_failure(rq, rc, doc);
}

int http_cash_item_add(struct request *rq)
{
    struct cash_item_change r = {.date = DATE_NONE, .until = DATE_NONE, .repeat = -1, .by = rq->user.name};
    int st = parse_terms(rq, &r);
    if (st)
        return st;
    if (!r.account || r.date == DATE_NONE || !r.has_amount)
        return http_error(rq, PR_ERR_INVALID_FIELD, !r.account ? "account" : r.date == DATE_NONE ? "date" : "amount",
                          "account, date and amount are required");
    cJSON *doc = NULL;
    int rc = forecast_item_add(rq->db, &rq->authority, &r, &doc);
    return answer(rq, rc, doc);
}

int http_cash_item_amend(struct request *rq)
{
    struct cash_item_change r = {.date = DATE_NONE, .until = DATE_NONE, .repeat = -1, .by = rq->user.name};
    int st = item_param(rq, &r);
    if (st || (st = parse_terms(rq, &r)))
        return st;
    cJSON *doc = NULL;
    int rc = forecast_item_amend(rq->db, &rq->authority, &r, &doc);
    return answer(rq, rc, doc);
}

int http_cash_item_cancel(struct request *rq)
{
    struct cash_item_change r = {.date = DATE_NONE, .until = DATE_NONE, .repeat = -1, .by = rq->user.name};
    int st = item_param(rq, &r);
    if (st || (st = field(rq, "reason", &r.reason, NULL)))
        return st;
    cJSON *doc = NULL;
    int rc = forecast_item_cancel(rq->db, &rq->authority, &r, &doc);
    return answer(rq, rc, doc);
}

/* ?as_known_at=TIME: the request's transaction reads the items as known then. 0, or the
 * 400/503 status. */
static int known_at(struct request *rq)
{
    const char *s = http_query(rq, "as_known_at"), *why;
    if (!s)
        return 0;
    if (!moment_iso_valid(s, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "as_known_at", "as_known_at \"%s\": %s", s, why);
    return known_at_set(rq->db, s, true) < 0 ? http_db_failure(rq) : 0;
}

int http_cash_items(struct request *rq)
{
    const char *all = http_query(rq, "all");
    if (all && strcmp(all, "true") != 0 && strcmp(all, "false") != 0)
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "all", "all \"%s\": say true or false", all);
    int st = known_at(rq), code = EXIT_DEP;
    if (st)
        return st;
    cJSON *doc = cash_items_view(rq->db, &rq->authority, all && strcmp(all, "true") == 0, &code);
    return doc ? http_json(rq, 200, doc) : http_db_failure(rq);
}

int http_cash_item_history(struct request *rq)
{
    struct cash_item_change r = {0};
    int st = item_param(rq, &r), code = EXIT_DEP;
    if (st || (st = known_at(rq)))
        return st;
    cJSON *doc = cash_item_history_view(rq->db, &rq->authority, r.id, &code);
    if (doc)
        return http_json(rq, 200, doc);
    return code == EXIT_BAD ? http_error(rq, PR_ERR_NOT_FOUND, "item", "no forecast item CF%lld in %s's book", r.id,
                                         rq->authority.code)
                            : http_db_failure(rq);
}
