/* deals.c: the pre-deal check, booking and approval over the API (service/deal.h does the work,
 * the same functions as `prudent check` and `prudent deal`):
 *   POST /api/v1/authorities/CODE/check          {"counterparty", "amount", "start_date",
 *                                                 "maturity_date", "type"} -> 200 {"allowed", "reasons"}
 *   POST /api/v1/authorities/CODE/deals          an investments row (with "account", the bank
 *                                                 account it settles in) -> 201 {"ref", "status": "pending"}
 *   POST /api/v1/authorities/CODE/deals/REF/approve                  -> 200 {"ref", "status": "confirmed"}
 *                                                 (409 limit_breach with the reasons when the check,
 *                                                 run again at the approval date, refuses)
 * The acting user (booker, approver) is the token's user, never a field of the body. These run
 * as ROUTE_OWN_TX: the store functions make their own transactions (with retries), under the
 * role prudent_service and the authority's scope. */
#include <limits.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/book.h"
#include "http/auth.h"
#include "http/deals.h"
#include "http/log.h"
#include "http/reply.h"
#include "service/deal.h"
#include "service/movement.h"
#include "store/idempotency.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/errcode.h"

/* A string field (or NULL when absent or null). Returns 0, or the 400 status when it is there
 * but not a string. */
static int str_field(struct request *rq, const char *name, const char **out)
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

/* Fill r from the body. need_rate: booking (rate required). Returns 0 or the 400 status. */
static int parse_deal(struct request *rq, struct deal_request *r, bool booking)
{
    const char *ref, *type, *cp, *amount, *principal, *rate, *start, *maturity, *late, *account, *why;
    int st;
    if ((st = str_field(rq, "late_reason", &late)) || (st = str_field(rq, "account", &account)) || (st = str_field(rq, "ref", &ref)) || (st = str_field(rq, "type", &type)) ||
        (st = str_field(rq, "counterparty", &cp)) || (st = str_field(rq, "amount", &amount)) ||
        (st = str_field(rq, "principal", &principal)) || (st = str_field(rq, "rate", &rate)) ||
        (st = str_field(rq, "start_date", &start)) || (st = str_field(rq, "maturity_date", &maturity)))
        return st;
    const char *amount_field = principal ? "principal" : "amount";
    if (!principal)
        principal = amount;
    *r = (struct deal_request){.ref = ref, .type = INV_FIXED, .counterparty = cp, .start = DATE_NONE,
                               .maturity = DATE_NONE, .notice_days = -1, .by = rq->user.name,
                               .as_of = clock_today(), .by_id = rq->user.id, .late_reason = late,
                               .account = account};
    if (type && !inv_type_parse(type, &r->type))
        return http_error(rq, PR_ERR_INVALID_FIELD, "type", "type \"%s\" is not an investment type", type);
    if (!cp || !*cp)
        return http_error(rq, PR_ERR_INVALID_FIELD, "counterparty", "counterparty is required (a code or exact name)");
    if (!principal)
        return http_error(rq, PR_ERR_INVALID_FIELD, booking ? "principal" : "amount",
                          "%s is required, as a string such as \"5000000.00\"", booking ? "principal" : "amount");
    if (!money_parse(principal, &r->amount, &why))
        return http_error(rq, PR_ERR_INVALID_FIELD, amount_field, "%s \"%s\" is not an amount: %s", amount_field,
                          principal, why);
    if (booking && !rate)
        return http_error(rq, PR_ERR_INVALID_FIELD, "rate", "rate is required, as a string such as \"4.5000\"");
    if (rate && !rate_parse(rate, &r->rate, &why))
        return http_error(rq, PR_ERR_INVALID_FIELD, "rate", "rate \"%s\" is not a rate: %s", rate, why);
    if (start && !date_parse(start, &r->start, &why))
        return http_error(rq, PR_ERR_INVALID_FIELD, "start_date", "start_date \"%s\": %s", start, why);
    if (maturity && !date_parse(maturity, &r->maturity, &why))
        return http_error(rq, PR_ERR_INVALID_FIELD, "maturity_date", "maturity_date \"%s\": %s", maturity, why);
    const cJSON *nd = cJSON_GetObjectItemCaseSensitive(rq->json, "notice_days");
    if (nd && !cJSON_IsNull(nd)) {
        if (!cJSON_IsNumber(nd) || nd->valueint < 0 || nd->valueint > 3650 || (double)nd->valueint != nd->valuedouble)
            return http_error(rq, PR_ERR_INVALID_FIELD, "notice_days",
                              "notice_days must be a whole number from 0 to 3650");
        r->notice_days = nd->valueint;
    }
    return 0;
}

/* deal_check_seen's hook: the check found the cache out of date and is about to load, on the
 * connection the scope leaves the request on (its prudent_app one, auth.c). */
static PGconn *scope_now(void *arg)
{
    struct request *rq = arg;
    return http_scope(rq) == 0 ? rq->db : NULL;
}

int http_deal_check(struct request *rq)
{
    struct deal_request r;
    int st = parse_deal(rq, &r, false);
    if (st)
        return st;
    cJSON *doc = NULL;
    int rc = deal_check_seen(rq->db, &rq->authority, &r, &rq->seen, scope_now, rq, &doc);
    if (rc == EXIT_OK || (rc == EXIT_NO && cJSON_GetObjectItemCaseSensitive(doc, "reasons")))
        return http_json(rq, 200, doc);
    return http_deal_failure(rq, rc, doc);
}

/* The Idempotency-Key header of a booking, or NULL; *bad set when it is there but unusable. */
static const char *idempotency_key(struct request *rq, bool *bad)
{
    const char *k = MHD_lookup_connection_value(rq->mc, MHD_HEADER_KIND, "Idempotency-Key");
    *bad = false;
    if (!k)
        return NULL;
    size_t n = strlen(k);
    *bad = n == 0 || n > 255;
    for (size_t i = 0; i < n && !*bad; i++)
        *bad = k[i] < 0x21 || k[i] > 0x7e;
    return k;
}

/* The SHA-256 (hex) of the parsed body, printed without white space: the same request
 * formatted differently is the same request. */
static void body_hash(const struct request *rq, char hex[2 * crypto_hash_sha256_BYTES + 1])
{
    char *text = cJSON_PrintUnformatted(rq->json);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    sodium_bin2hex(hex, 2 * crypto_hash_sha256_BYTES + 1, h, sizeof h);
    free(text);
}

static int book(struct request *rq, const struct deal_request *r);

/* POST .../deals: with an Idempotency-Key (store/idempotency.h), a retry of the same request gets
 * the first answer, never a second booking; the key with another body is 422. */
int http_deal_book(struct request *rq)
{
    struct deal_request r;
    int st = parse_deal(rq, &r, true);
    if (st)
        return st;
    bool bad;
    const char *key = idempotency_key(rq, &bad);
    if (bad)
        return http_error(rq, PR_ERR_INVALID_REQUEST, "Idempotency-Key",
                          "the Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
    if (!key)
        return book(rq, &r);
    char hash[2 * crypto_hash_sha256_BYTES + 1], *answer = NULL;
    body_hash(rq, hash);
    int status = 0;
    switch (idem_claim(rq->db, rq->authority.id, rq->user.name, key, hash, &status, &answer)) {
    case IDEM_CLAIMED:
        break;
    case IDEM_ANSWERED: {
        cJSON *doc = cJSON_Parse(answer);
        free(answer);
        return doc ? http_json(rq, status, doc) : http_error(rq, PR_ERR_INTERNAL, NULL, NULL);
    }
    case IDEM_IN_PROGRESS:
        return http_error(rq, PR_ERR_IDEMPOTENCY_IN_PROGRESS, "Idempotency-Key", NULL);
    case IDEM_MISMATCH:
        return http_error(rq, PR_ERR_IDEMPOTENCY_KEY_REUSED, "Idempotency-Key", NULL);
    default:
        return http_db_failure(rq);
    }
    st = book(rq, &r);
    char *text = rq->reply ? cJSON_PrintUnformatted(rq->reply) : NULL;
    /* a failure of the service or the database is not an answer to repeat: the retry tries again */
    int rc = st < 500 && text ? idem_answer(rq->db, rq->authority.id, rq->user.name, key, st, text)
                              : idem_release(rq->db, rq->authority.id, rq->user.name, key);
    free(text);
    if (rc < 0) { /* the key stays claimed without an answer: a retry is refused, never booked */
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "key", key);
        http_log("error", "idempotency key's answer not recorded", f);
    }
    return st;
}

static int book(struct request *rq, const struct deal_request *r)
{
    cJSON *doc = NULL;
    int rc = deal_book(rq->db, &rq->authority, r, &doc);
    if (rc == EXIT_OK)
        return http_json(rq, 201, doc);
    if (rc == EXIT_NO && cJSON_GetObjectItemCaseSensitive(doc, "reasons")) {
        /* 409 with the reasons, under the usual error object */
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "code", pr_error_wire(PR_ERR_LIMIT_BREACH));
        cJSON_AddStringToObject(e, "message", pr_error_message(PR_ERR_LIMIT_BREACH));
        cJSON_AddNullToObject(e, "field");
        cJSON_AddItemToObject(doc, "error", e);
        return http_json(rq, pr_error_status(PR_ERR_LIMIT_BREACH), doc);
    }
    return http_deal_failure(rq, rc, doc);
}

/* A refusal with the check's reasons: 409 limit_breach with them, under the usual error object. */
static int refused_with_reasons(struct request *rq, cJSON *doc)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "code", pr_error_wire(PR_ERR_LIMIT_BREACH));
    cJSON_AddStringToObject(e, "message", pr_error_message(PR_ERR_LIMIT_BREACH));
    cJSON_AddNullToObject(e, "field");
    cJSON_AddItemToObject(doc, "error", e);
    return http_json(rq, pr_error_status(PR_ERR_LIMIT_BREACH), doc);
}

int http_deal_approve(struct request *rq)
{
    cJSON *doc = NULL;
    struct actor by;
    actor_of_user(&rq->user, &by);
    int rc = deal_approve_any(rq->db, &rq->authority, rq->params[1], &by, clock_today(), &doc); /* or its top-ups */
    if (rc == EXIT_OK)
        return http_json(rq, 200, doc);
    if (rc == EXIT_NO && cJSON_GetObjectItemCaseSensitive(doc, "reasons")) /* the check at approval */
        return refused_with_reasons(rq, doc);
    return http_deal_failure(rq, rc, doc);
}
