/* movements.c: money in and out of a holding over the API (service/movement.h does the work, the
 * same functions as `prudent deal top-up|repay`):
 *   POST /api/v1/authorities/CODE/deals/REF/movements  {"kind": "deposit"|"withdrawal", "amount",
 *        "date", "reason"?}: deposit = a top-up (checked; 201 pending; 409 limit_breach with the
 *        reasons), withdrawal = money back from an account (201 recorded; 422 below_zero)
 *   POST /api/v1/authorities/CODE/deals/REF/repay  {"amount"?, "date", "reason"?, "break_cost"?}:
 *        an early repayment of a dated deal (whole without amount), or a withdrawal of an account
 * A pending top-up is approved through POST .../deals/REF/approve (deals.c), rejected or withdrawn
 * through .../reject and .../withdraw (web_deals.c). The acting user is
 * the token's user. ROUTE_OWN_TX: the service makes its own transaction. */
#include "http/movements.h"

#include <string.h>

#include "http/reply.h"
#include "service/movement.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/errcode.h"

/* A string field of the body into *out (NULL when absent or null). 0, or the 400 status. */
static int field(struct request *rq, const char *name, const char **out)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(rq->json, name);
    *out = NULL;
    if (!f || cJSON_IsNull(f))
        return 0;
    if (!cJSON_IsString(f))
        return http_error(rq, PR_ERR_INVALID_FIELD, name, "%s must be a string", name);
    *out = f->valuestring;
    return 0;
}

/* An amount field (absent: *out left alone). 0, or the 400 status. */
static int amount_field(struct request *rq, const char *name, money_t *out)
{
    const char *s, *why;
    int st = field(rq, name, &s);
    if (st || !s)
        return st;
    if (!money_parse(s, out, &why) || *out < 0)
        return http_error(rq, PR_ERR_INVALID_FIELD, name, "%s \"%s\" is not an amount%s%s", name, s, why ? ": " : "",
                          why ? why : "");
    return 0;
}

/* The fields every movement has: amount, date, reason. */
static int parse_common(struct request *rq, struct movement_request *r)
{
    const char *date, *why;
    *r = (struct movement_request){.ref = rq->params[1], .date = DATE_NONE, .by = rq->user.name,
                                   .break_cost = -1, .as_of = clock_today()};
    int st;
    if ((st = amount_field(rq, "amount", &r->amount)) || (st = field(rq, "date", &date)) ||
        (st = field(rq, "reason", &r->reason)))
        return st;
    if (!date)
        return http_error(rq, PR_ERR_INVALID_FIELD, "date", "date is required, as \"YYYY-MM-DD\"");
    if (!date_parse(date, &r->date, &why))
        return http_error(rq, PR_ERR_INVALID_FIELD, "date", "date \"%s\": %s", date, why);
    return 0;
}

/* 201 with the answer, 409 limit_breach with the check's reasons, or the error's status. */
static int answer(struct request *rq, int rc, cJSON *doc)
{
    if (rc == EXIT_OK)
        return http_json(rq, 201, doc);
    if (rc == EXIT_NO && cJSON_GetObjectItemCaseSensitive(doc, "reasons")) {
        cJSON *err = pr_error_doc(PR_ERR_LIMIT_BREACH, NULL, NULL); /* the usual error object */
        cJSON_AddItemToObject(doc, "error", cJSON_DetachItemFromObject(err, "error"));
        cJSON_Delete(err);
        return http_json(rq, pr_error_status(PR_ERR_LIMIT_BREACH), doc);
    }
    return http_deal_failure(rq, rc, doc);
}

int http_deal_movement(struct request *rq)
{
    struct movement_request r;
    const char *kind;
    int st = field(rq, "kind", &kind);
    if (st || (st = parse_common(rq, &r)))
        return st;
    bool deposit = kind && strcmp(kind, "deposit") == 0;
    if (!deposit && !(kind && strcmp(kind, "withdrawal") == 0))
        return http_error(rq, PR_ERR_INVALID_FIELD, "kind", "kind must be \"deposit\" or \"withdrawal\"");
    if (r.amount <= 0)
        return http_error(rq, PR_ERR_INVALID_FIELD, "amount", "amount is required, as a string such as \"500000.00\"");
    cJSON *doc = NULL;
    int rc = deposit ? deal_top_up(rq->db, &rq->authority, &r, &doc) : deal_repay(rq->db, &rq->authority, &r, &doc);
    return answer(rq, rc, doc);
}

int http_deal_repay(struct request *rq)
{
    struct movement_request r;
    int st = parse_common(rq, &r);
    if (st || (st = amount_field(rq, "break_cost", &r.break_cost)))
        return st;
    cJSON *doc = NULL;
    int rc = deal_repay(rq->db, &rq->authority, &r, &doc);
    return answer(rq, rc, doc);
}
