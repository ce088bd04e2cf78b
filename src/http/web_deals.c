/* web_deals.c: the deals of the web pages' approvals queue (see web_deals.h, docs/web.md): the
 * list of an authority's deals by status, and rejecting (a second officer) or withdrawing (the
 * booker) a pending deal, or an account's pending top-ups, with a reason, through
 * service/movement.h. */
#include <stdio.h>
#include <string.h>

#include "http/reply.h"
#include "http/web_deals.h"
#include "service/deal.h"
#include "service/movement.h"
#include "store/deal_list.h"
#include "util/err.h"
#include "util/json.h"

int web_deals(struct request *rq)
{
    const char *status = http_query(rq, "status");
    if (status && strcmp(status, "pending") != 0 && strcmp(status, "confirmed") != 0 &&
        strcmp(status, "cancelled") != 0)
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "status", "status must be pending, confirmed or cancelled");
    cJSON *arr = deal_list_json(rq->db, rq->authority.id, status);
    if (!arr)
        return http_db_failure(rq);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "deals", arr);
    return http_json(rq, 200, doc);
}

/* The reason in the body {"reason": "..."}, trimmed, into out (n bytes); "" when none. A body
 * that json_parse_strict refuses is NULL with *jerr filled in. */
static void body_reason(struct request *rq, char *out, size_t n, struct json_error *jerr)
{
    out[0] = '\0';
    cJSON *body = rq->body ? json_parse_strict(rq->body, rq->body_len, jerr) : NULL;
    const cJSON *why = cJSON_GetObjectItemCaseSensitive(body, "reason");
    if (cJSON_IsString(why)) {
        const char *s = why->valuestring;
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        snprintf(out, n, "%s", s);
        size_t len = strlen(out);
        while (len && (out[len - 1] == ' ' || out[len - 1] == '\t' || out[len - 1] == '\n' || out[len - 1] == '\r'))
            out[--len] = '\0';
    }
    cJSON_Delete(body);
}

/* Reject (a second officer) or withdraw (the booker) a pending deal through service/deal.h. */
static int deal_cancel_as(struct request *rq, bool reject)
{
    char reason[1001];
    struct json_error jerr = {0};
    body_reason(rq, reason, sizeof reason, &jerr);
    if (jerr.message[0])
        return http_error(rq, PR_ERR_MALFORMED_JSON, jerr.field[0] ? jerr.field : NULL, "%s", jerr.message);
    if (!reason[0])
        return http_error(rq, PR_ERR_INVALID_FIELD, "reason", "give a reason for %s the deal in \"reason\"",
                          reject ? "rejecting" : "withdrawing");
    cJSON *doc = NULL;
    struct actor by;
    actor_of_user(&rq->user, &by);
    /* a pending deal, or a confirmed account's pending top-ups (service/movement.h) */
    int rc = reject ? deal_reject_any(rq->db, &rq->authority, rq->params[1], &by, reason, &doc)
                    : deal_withdraw_any(rq->db, &rq->authority, rq->params[1], &by, reason, &doc);
    if (rc == EXIT_OK)
        return http_json(rq, 200, doc);
    return http_deal_failure(rq, rc, doc);
}

int web_deal_reject(struct request *rq)
{
    return deal_cancel_as(rq, true);
}

int web_deal_withdraw(struct request *rq)
{
    return deal_cancel_as(rq, false);
}
