/* deal_roll.c: rolling a dated deal over through the API (service/deal_roll.h does the work, the
 * same function as `prudent deal roll`):
 *   POST /api/v1/authorities/CODE/deals/REF/roll {"maturity", "rate", "amount"?, "ref"?, "account"?}
 *     -> 201 the new deal {"ref", "type", "counterparty", "principal", "rate", "start_date",
 *        "maturity_date", "status": "pending", "rolled_from"}
 *     -> 409 limit_breach with the check's reasons; 400, 404, 409 not_confirmed / rolled / exists
 * The dealer is the token's user. Runs as ROUTE_OWN_TX (the service makes its transaction). */
#include <stdint.h>

#include "http/deal_roll.h"
#include "http/reply.h"
#include "service/deal_roll.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/errcode.h"

/* A string field of the body into *out (NULL when absent or null). 0, or the 400 status. */
static int roll_field(struct request *rq, const char *name, const char **out)
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

/* Fill r from the body. 0, or the 400 status. */
static int parse_roll(struct request *rq, struct roll_request *r)
{
    const char *maturity, *rate, *amount, *ref, *account, *why;
    int st;
    if ((st = roll_field(rq, "maturity", &maturity)) || (st = roll_field(rq, "rate", &rate)) ||
        (st = roll_field(rq, "amount", &amount)) || (st = roll_field(rq, "ref", &ref)) ||
        (st = roll_field(rq, "account", &account)))
        return st;
    *r = (struct roll_request){.ref = rq->params[1], .maturity = DATE_NONE, .new_ref = ref, .by = rq->user.name,
                               .as_of = clock_today(), .account = account};
    if (!maturity)
        return http_error(rq, PR_ERR_INVALID_FIELD, "maturity", "maturity is required, as a date such as \"2027-06-30\"");
    if (!date_parse(maturity, &r->maturity, &why))
        return http_error(rq, PR_ERR_INVALID_FIELD, "maturity", "maturity \"%s\": %s", maturity, why);
    if (!rate)
        return http_error(rq, PR_ERR_INVALID_FIELD, "rate", "rate is required, as a string such as \"4.5000\"");
    if (!rate_parse(rate, &r->rate, &why))
        return http_error(rq, PR_ERR_INVALID_FIELD, "rate", "rate \"%s\" is not a rate: %s", rate, why);
    if (amount && (!money_parse(amount, &r->amount, &why) || r->amount <= 0))
        return http_error(rq, PR_ERR_INVALID_FIELD, "amount", "amount \"%s\" is not an amount above zero", amount);
    return 0;
}

int http_deal_roll(struct request *rq)
{
    struct roll_request r;
    int st = parse_roll(rq, &r);
    if (st)
        return st;
    cJSON *doc = NULL;
    int rc = deal_roll(rq->db, &rq->authority, &r, &doc);
    if (rc == EXIT_OK)
        return http_json(rq, 201, doc);
    if (rc == EXIT_NO && cJSON_GetObjectItemCaseSensitive(doc, "reasons")) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "code", pr_error_wire(PR_ERR_LIMIT_BREACH));
        cJSON_AddStringToObject(e, "message", pr_error_message(PR_ERR_LIMIT_BREACH));
        cJSON_AddNullToObject(e, "field");
        cJSON_AddItemToObject(doc, "error", e);
        return http_json(rq, pr_error_status(PR_ERR_LIMIT_BREACH), doc);
    }
    return http_deal_failure(rq, rc, doc);
}
