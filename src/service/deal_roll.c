/* deal_roll.c (service): rolling a dated deal over into a new deal from its maturity (see
 * service/deal_roll.h); the new deal is booked by service/deal.c's deal_book_in, the link written
 * by store/deal_roll.h, all in one transaction under the old deal's row lock. */
#include "service/deal_roll.h"

#include <stdio.h>
#include <string.h>

#include "service/deal.h"
#include "service/result.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/deal.h"
#include "store/deal_roll.h"
#include "store/repayment.h"
#include "util/err.h"
#include "util/json.h"

struct roll_ctx {
    const struct authority *a;
    const struct roll_request *r;
    cJSON **result;
};

/* The answer: the new deal's terms and the deal it rolls over. */
static cJSON *rolled_json(const char *ref, const struct deal_request *q, const char *from)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "ref", ref);
    cJSON_AddStringToObject(o, "type", inv_type_name(q->type));
    cJSON_AddStringToObject(o, "counterparty", q->counterparty);
    json_add_money(o, "principal", q->amount);
    json_add_rate(o, "rate", q->rate);
    json_add_date(o, "start_date", q->start);
    json_add_date(o, "maturity_date", q->maturity);
    cJSON_AddStringToObject(o, "status", "pending");
    cJSON_AddStringToObject(o, "rolled_from", from);
    if (q->account) /* only when named: a roll in the default account answers as before */
        cJSON_AddStringToObject(o, "account", q->account);
    return o;
}

/* EXIT_OK when the old deal d (terms t) may be rolled to the request's maturity, else why. */
static int rollable(PGconn *c, struct roll_ctx *x, const struct deal_row *d, const struct deal_terms *t)
{
    const struct roll_request *r = x->r;
    if (!inv_type_is_dated(t->type))
        return result_error(x->result, PR_ERR_INVALID, "ref",
                            "deal %s is a %s account with no maturity: it is not rolled (top it up or repay it)",
                            r->ref, inv_type_name(t->type));
    if (strcmp(d->status, "confirmed") != 0)
        return result_error(x->result, PR_ERR_NOT_CONFIRMED, "ref",
                            "deal %s is %s: only an approved (confirmed) deal is rolled over", r->ref, d->status);
    char dm[DATE_BUFSZ], nm[DATE_BUFSZ];
    date_format_iso(t->maturity, dm);
    if (r->maturity <= t->maturity) {
        date_format_iso(r->maturity, nm);
        return result_error(x->result, PR_ERR_INVALID, "maturity_date",
                            "the new maturity %s must be after %s, when deal %s matures and the roll starts", nm, dm,
                            r->ref);
    }
    char other[REF_MAX];
    int s = deal_rolls_standing(c, d->id, other, sizeof other);
    if (s < 0)
        return result_database(x->result);
    if (s > 0)
        return result_error(x->result, PR_ERR_ROLLED, "ref", "deal %s has been rolled over already, into %s", r->ref,
                            other);
    return EXIT_OK;
}

/* Book the new deal, link it and record the roll on the old deal's audit trail. */
static int book_roll(PGconn *c, struct roll_ctx *x, const struct deal_row *d, const struct deal_request *q)
{
    char ref[REF_MAX];
    int rc = deal_book_in(c, x->a, q, ref, sizeof ref, x->result);
    if (rc != EXIT_OK)
        return rc;
    if (deal_rolls_insert(c, x->a->id, ref, d->id, q->by) < 0)
        return result_database(x->result);
    cJSON *after = rolled_json(ref, q, x->r->ref);
    int a = audit_record(c, q->by, x->a->id, "deal", x->r->ref, "roll", NULL, after, NULL);
    if (a < 0) {
        cJSON_Delete(after);
        return result_database(x->result);
    }
    result_set(x->result, after);
    return EXIT_OK;
}

static int roll_body(PGconn *c, void *arg)
{
    struct roll_ctx *x = arg;
    const struct roll_request *r = x->r;
    struct deal_row d;
    int f = deals_lock(c, x->a->id, r->ref, &d);
    if (f < 0)
        return result_database(x->result);
    if (f > 0)
        return result_error(x->result, PR_ERR_NOT_FOUND, "ref", "no deal %s in %s's book", r->ref, x->a->code);
    struct deal_terms t = {.type = INV_TYPE_COUNT};
    char cp[CODE_MAX];
    f = deals_terms(c, d.id, &t, cp, sizeof cp);
    if (f > 0 && t.type != INV_TYPE_COUNT && !inv_type_is_dated(t.type))
        f = 0; /* an MMF or pooled fund without a rate: refused as an account below */
    if (f != 0)
        return result_database(x->result);
    int rc = rollable(c, x, &d, &t);
    if (rc != EXIT_OK)
        return rc;
    money_t repaid = 0; /* early repayments all fall before the maturity: what is left rolls */
    if (repayments_total(c, d.id, &repaid) < 0)
        return result_database(x->result);
    t.amount -= repaid;
    if (t.amount <= 0 && r->amount <= 0)
        return result_error(x->result, PR_ERR_INVALID, "ref", "deal %s was repaid early in full: nothing to roll",
                            r->ref);
    char account[CODE_MAX]; /* the old deal's settlement account follows it unless --account */
    if (!r->account && deals_settlement_account(c, d.id, account, sizeof account) < 0)
        return result_database(x->result);
    struct deal_request q = {.ref = r->new_ref, .type = t.type, .counterparty = cp,
                             .amount = r->amount > 0 ? r->amount : t.amount, .rate = r->rate, .start = t.maturity,
                             .maturity = r->maturity, .notice_days = t.notice_days, .by = r->by, .as_of = r->as_of,
                             .account = r->account ? r->account : account[0] ? account : NULL};
    return book_roll(c, x, &d, &q);
}

int deal_roll(PGconn *c, const struct authority *a, const struct roll_request *r, cJSON **result)
{
    if (!r->by || !r->by[0])
        return result_error(result, PR_ERR_INVALID, "by", "say who rolls the deal (--by NAME)");
    if (r->maturity == DATE_NONE)
        return result_error(result, PR_ERR_INVALID, "maturity_date", "a roll needs the new maturity date (--maturity D)");
    if (r->amount < 0)
        return result_error(result, PR_ERR_INVALID, "amount", "the amount must be more than zero");
    struct roll_ctx x = {.a = a, .r = r, .result = result};
    int rc = db_transaction(c, roll_body, &x);
    return rc < 0 ? result_database(result) : rc;
}
