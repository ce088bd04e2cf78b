/* movement.c (service): top-ups, their approval (or rejection, or withdrawal), and repayments of accounts and dated deals, one
 * at a time (see movement.h); the statements are store/repayment.h's. */
#include "service/movement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/balance.h"
#include "service/deal.h"
#include "service/result.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/deal.h"
#include "store/repayment.h"
#include "util/err.h"
#include "util/errcode.h"
#include "util/json.h"

struct move_ctx {
    const struct authority *a;
    const struct movement_request *r;
    cJSON **result;
};

static int validate(const struct movement_request *r, bool amount_required, cJSON **result)
{
    if (!r->ref || !r->ref[0])
        return result_error(result, PR_ERR_INVALID, "ref", "say which deal (REF)");
    if (amount_required ? r->amount <= 0 : r->amount < 0)
        return result_error(result, PR_ERR_INVALID, "amount", "the amount must be more than zero");
    if (r->date == DATE_NONE)
        return result_error(result, PR_ERR_INVALID, "date", "say when the money moves (--date D)");
    if (!r->by || !r->by[0])
        return result_error(result, PR_ERR_INVALID, "by", "say who records it (--by NAME)");
    if (r->break_cost < -1)
        return result_error(result, PR_ERR_INVALID, "break_cost", "a break cost cannot be negative");
    return EXIT_OK;
}

/* Lock the deal and check it is confirmed and the date is not before its start. */
static int locked_deal(PGconn *c, const struct move_ctx *x, struct held_deal *d)
{
    int f = held_deal_lock(c, x->a->id, x->r->ref, d);
    if (f < 0)
        return result_database(x->result);
    if (f > 0)
        return result_error(x->result, PR_ERR_NOT_FOUND, "ref", "no deal %s in %s's book", x->r->ref, x->a->code);
    if (strcmp(d->status, "confirmed") != 0)
        return result_error(x->result, PR_ERR_NOT_PENDING, "ref", "deal %s is %s: only a confirmed deal's money moves",
                            x->r->ref, d->status);
    char s[DATE_BUFSZ];
    if (x->r->date < d->start)
        return result_error(x->result, PR_ERR_INVALID, "date", "deal %s starts on %s: the money cannot move before",
                            x->r->ref, date_format_iso(d->start, s));
    return EXIT_OK;
}

static cJSON *answer(const char *ref, const char *kind, money_t amount, date_t date, const char *status)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "ref", ref);
    cJSON_AddStringToObject(o, "kind", kind);
    json_add_money(o, "amount", amount);
    json_add_date(o, "date", date);
    cJSON_AddStringToObject(o, "status", status);
    return o;
}

/* ---- top-up ------------------------------------------------------------------------------------ */

static int top_up_check(PGconn *c, const struct move_ctx *x, const struct held_deal *d)
{
    struct deal_counterparty k;
    int f = deals_find_counterparty(c, d->counterparty, &k);
    if (f != 0)
        return result_database(x->result);
    if (deal_lock_limits(c, x->a->id, &k) < 0)
        return result_database(x->result);
    /* the top-up as a new deposit with the account's counterparty: its amount adds to exposure */
    struct deal_request q = {.ref = x->r->ref, .type = d->type, .counterparty = d->counterparty,
                             .amount = x->r->amount, .start = x->r->date, .maturity = DATE_NONE,
                             .notice_days = d->type == INV_NOTICE ? 0 : -1, .by = x->r->by, .as_of = x->r->as_of};
    return deal_check_locked(c, x->a, &q, k.id, x->result);
}

static int top_up_body(PGconn *c, void *arg)
{
    struct move_ctx *x = arg;
    const struct movement_request *r = x->r;
    struct held_deal d;
    int rc = locked_deal(c, x, &d);
    if (rc != EXIT_OK)
        return rc;
    if (inv_type_is_dated(d.type))
        return result_error(x->result, PR_ERR_INVALID, "ref",
                            "%s is a %s deal: only an account (call, mmf, notice, pooled) is topped up", r->ref,
                            inv_type_name(d.type));
    if ((rc = top_up_check(c, x, &d)) != EXIT_OK)
        return rc;
    int64_t id;
    int w = account_movement_insert(c, x->a->id, d.id, r->date, MOVE_DEPOSIT, r->amount, r->reason, r->by, &id);
    if (w > 0)
        return result_error(x->result, PR_ERR_EXISTS, "amount",
                            "an identical movement of %s on that date is recorded already: give another --reason",
                            r->ref);
    cJSON *doc = answer(r->ref, "deposit", r->amount, r->date, "pending");
    cJSON_AddNumberToObject(doc, "movement_id", (double)id);
    if (w < 0 || audit_record(c, r->by, x->a->id, "deal", r->ref, "top-up", NULL, doc, r->reason) < 0) {
        cJSON_Delete(doc);
        return result_database(x->result);
    }
    result_set(x->result, doc);
    return EXIT_OK;
}

int deal_top_up(PGconn *c, const struct authority *a, const struct movement_request *r, cJSON **result)
{
    int rc = validate(r, true, result);
    if (rc != EXIT_OK)
        return rc;
    struct move_ctx x = {a, r, result};
    rc = db_transaction(c, top_up_body, &x);
    return rc < 0 ? result_database(result) : rc;
}

/* ---- deciding on top-ups: approve, reject, withdraw ------------------------------------------------ */

enum topup_decision { TOPUP_APPROVE, TOPUP_REJECT, TOPUP_WITHDRAW };

struct approve_ctx {
    const struct authority *a;
    const char *ref, *by, *reason;
    enum topup_decision what;
    cJSON **result;
    bool none; /* the deal had no pending top-up: the decision is on the deal itself */
};

static const struct {
    const char *audit, *list; /* the audit action, the answer's list of ids */
} decision[] = {
    [TOPUP_APPROVE] = {"approve top-up", "approved"},
    [TOPUP_REJECT] = {"reject top-up", "rejected"},
    [TOPUP_WITHDRAW] = {"withdraw top-up", "withdrawn"},
};

/* Four eyes: a top-up is approved or rejected by another officer than its recorder, withdrawn
 * by its recorder only. */
static bool may_decide(const struct approve_ctx *x, const struct pending_topup *t)
{
    bool same = strcmp(t->entered_by, x->by) == 0;
    return x->what == TOPUP_WITHDRAW ? same : !same;
}

static int decided_none(const struct approve_ctx *x)
{
    if (x->what == TOPUP_WITHDRAW)
        result_set(x->result, pr_error_doc(PR_ERR_NOT_BOOKER,
                                           "only the officer who recorded a top-up may withdraw it: an approver "
                                           "rejects it",
                                           "by"));
    else
        result_set(x->result, pr_error_doc(PR_ERR_SAME_PERSON,
                                           x->what == TOPUP_APPROVE
                                               ? "a top-up must be approved by a different person from the one who "
                                                 "recorded it"
                                               : "a top-up must be rejected by a different person from the one who "
                                                 "recorded it: its recorder may withdraw it instead",
                                           "by"));
    return EXIT_NO;
}

static int decide_one(PGconn *c, const struct approve_ctx *x, int64_t movement_id)
{
    if (x->what == TOPUP_APPROVE)
        return topup_approve(c, x->a->id, movement_id, x->by);
    return topup_reject(c, x->a->id, movement_id, x->by, x->what == TOPUP_WITHDRAW, x->reason);
}

static int approve_topups(PGconn *c, struct approve_ctx *x, int64_t deal_id)
{
    struct pending_topup *t;
    int n = topups_pending(c, deal_id, &t), done = 0;
    if (n < 0)
        return result_database(x->result);
    cJSON *ids = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        if (!may_decide(x, &t[i]))
            continue; /* left for another officer (or for its recorder to withdraw) */
        if (decide_one(c, x, t[i].id) < 0) {
            free(t);
            cJSON_Delete(ids);
            return result_database(x->result);
        }
        cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)t[i].id));
        done++;
    }
    free(t);
    if (done == 0) {
        cJSON_Delete(ids);
        return decided_none(x);
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "ref", x->ref);
    cJSON_AddStringToObject(doc, "status", "confirmed"); /* the account's status: it stays confirmed */
    cJSON_AddItemToObject(doc, decision[x->what].list, ids);
    if (x->reason)
        cJSON_AddStringToObject(doc, "reason", x->reason);
    if (audit_record(c, x->by, x->a->id, "deal", x->ref, decision[x->what].audit, NULL, doc, x->reason) < 0) {
        cJSON_Delete(doc);
        return result_database(x->result);
    }
    result_set(x->result, doc);
    return EXIT_OK;
}

static int approve_body(PGconn *c, void *arg)
{
    struct approve_ctx *x = arg;
    struct held_deal d;
    int f = held_deal_lock(c, x->a->id, x->ref, &d);
    if (f < 0)
        return result_database(x->result);
    x->none = true;
    if (f > 0 || strcmp(d.status, "confirmed") != 0 || inv_type_is_dated(d.type))
        return EXIT_OK; /* service/deal.h answers */
    struct pending_topup *t;
    int n = topups_pending(c, d.id, &t);
    if (n < 0)
        return result_database(x->result);
    free(t);
    if (n == 0)
        return EXIT_OK;
    x->none = false;
    return approve_topups(c, x, d.id);
}

/* Decide on ref's pending top-ups in one transaction; x->none when it has none. */
static int decide_topups(PGconn *c, struct approve_ctx *x)
{
    if (!x->by || !x->by[0])
        return result_error(x->result, PR_ERR_INVALID, "by", "say who %s (--by NAME)",
                            x->what == TOPUP_APPROVE ? "approves" : x->what == TOPUP_REJECT ? "rejects" : "withdraws");
    if (x->what != TOPUP_APPROVE && (!x->reason || !x->reason[0]))
        return result_error(x->result, PR_ERR_INVALID, "reason", "give a reason for the %s (--reason TEXT)",
                            x->what == TOPUP_REJECT ? "rejection" : "withdrawal");
    int rc = db_transaction(c, approve_body, x);
    return rc < 0 ? result_database(x->result) : rc;
}

int deal_approve_any(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, date_t as_of,
                     cJSON **result)
{
    struct approve_ctx x = {.a = a, .ref = ref, .by = by ? by->name : NULL, .what = TOPUP_APPROVE, .result = result};
    int rc = decide_topups(c, &x);
    return rc == EXIT_OK && x.none ? deal_approve(c, a, ref, by, as_of, result) : rc;
}

int deal_reject_any(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, const char *reason,
                    cJSON **result)
{
    struct approve_ctx x = {.a = a, .ref = ref, .by = by ? by->name : NULL, .reason = reason, .what = TOPUP_REJECT,
                            .result = result};
    int rc = decide_topups(c, &x);
    return rc == EXIT_OK && x.none ? deal_reject(c, a, ref, by, reason, result) : rc;
}

int deal_withdraw_any(PGconn *c, const struct authority *a, const char *ref, const struct actor *by,
                      const char *reason, cJSON **result)
{
    struct approve_ctx x = {.a = a, .ref = ref, .by = by ? by->name : NULL, .reason = reason, .what = TOPUP_WITHDRAW,
                            .result = result};
    int rc = decide_topups(c, &x);
    return rc == EXIT_OK && x.none ? deal_withdraw(c, a, ref, by, reason, result) : rc;
}

/* ---- repay ----------------------------------------------------------------------------------- */

/* A withdrawal from an account: never below zero on any date, counting approved top-ups only. */
static int withdraw(PGconn *c, const struct move_ctx *x, const struct held_deal *d)
{
    const struct movement_request *r = x->r;
    if (r->amount <= 0)
        return result_error(x->result, PR_ERR_INVALID, "amount", "say how much comes out of account %s (--amount A)",
                            r->ref);
    if (r->break_cost >= 0)
        return result_error(x->result, PR_ERR_INVALID, "break_cost", "an account has no break cost");
    struct movement *m;
    int n = account_movements_effective(c, d->id, &m);
    if (n < 0)
        return result_database(x->result);
    m = xrealloc(m, sizeof *m * (size_t)(n + 1));
    int at = n; /* the new withdrawal, after the same date's others (sorted by date then id) */
    while (at > 0 && m[at - 1].date > r->date)
        at--;
    memmove(&m[at + 1], &m[at], sizeof *m * (size_t)(n - at));
    m[at] = (struct movement){d->id, r->date, MOVE_WITHDRAWAL, r->amount};
    money_t low = 0, after = 0;
    int bad = account_first_overdraw(d->id, d->principal, m, n + 1, &low);
    if (bad == -1 && account_balance_at(d->id, d->start, d->principal, m, n + 1, r->date, &after) < 0)
        bad = -2;
    free(m);
    if (bad == -2)
        return result_error(x->result, PR_ERR_INVALID, "amount", "the account's balance overflows");
    if (bad >= 0) {
        char ab[MONEY_BUFSZ], lb[MONEY_BUFSZ];
        return result_error(x->result, PR_ERR_BELOW_ZERO, "amount",
                            "withdrawing %s from %s would take its balance to %s", money_format(r->amount, 0, ab),
                            r->ref, money_format(low, 0, lb));
    }
    int64_t id;
    int w = account_movement_insert(c, x->a->id, d->id, r->date, MOVE_WITHDRAWAL, r->amount, r->reason, r->by, &id);
    if (w < 0)
        return result_database(x->result);
    if (w > 0)
        return result_error(x->result, PR_ERR_EXISTS, "amount",
                            "an identical movement of %s on that date is recorded already: give another --reason",
                            r->ref);
    cJSON *doc = answer(r->ref, "withdrawal", r->amount, r->date, "recorded");
    cJSON_AddNumberToObject(doc, "movement_id", (double)id);
    json_add_money(doc, "balance_after", after);
    if (audit_record(c, r->by, x->a->id, "deal", r->ref, "repay", NULL, doc, r->reason) < 0) {
        cJSON_Delete(doc);
        return result_database(x->result);
    }
    result_set(x->result, doc);
    return EXIT_OK;
}

/* An early repayment of a dated deal, whole (amount 0) or part. */
static int repay_early(PGconn *c, const struct move_ctx *x, const struct held_deal *d)
{
    const struct movement_request *r = x->r;
    char md[DATE_BUFSZ];
    if (r->date >= d->maturity)
        return result_error(x->result, PR_ERR_INVALID, "date", "deal %s matures on %s: an early repayment comes before",
                            r->ref, date_format_iso(d->maturity, md));
    money_t repaid, left;
    if (repayments_total(c, d->id, &repaid) < 0)
        return result_database(x->result);
    if (!money_sub(d->principal, repaid, &left) || left <= 0)
        return result_error(x->result, PR_ERR_INVALID, "ref", "deal %s is repaid already", r->ref);
    money_t amount = r->amount ? r->amount : left;
    char ab[MONEY_BUFSZ], lb[MONEY_BUFSZ];
    if (amount > left)
        return result_error(x->result, PR_ERR_INVALID, "amount", "%s is more than the %s outstanding on %s",
                            money_format(amount, 0, ab), money_format(left, 0, lb), r->ref);
    int64_t id;
    if (repayment_insert(c, x->a->id, d->id, r->date, amount, r->break_cost, r->reason, r->by, &id) < 0)
        return result_database(x->result);
    cJSON *doc = answer(r->ref, "repayment", amount, r->date, "recorded");
    cJSON_AddNumberToObject(doc, "repayment_id", (double)id);
    cJSON_AddBoolToObject(doc, "whole", amount == left);
    json_add_money(doc, "principal_after", left - amount);
    if (r->break_cost >= 0)
        json_add_money(doc, "break_cost", r->break_cost);
    if (audit_record(c, r->by, x->a->id, "deal", r->ref, "repay", NULL, doc, r->reason) < 0) {
        cJSON_Delete(doc);
        return result_database(x->result);
    }
    result_set(x->result, doc);
    return EXIT_OK;
}

static int repay_body(PGconn *c, void *arg)
{
    struct move_ctx *x = arg;
    struct held_deal d;
    int rc = locked_deal(c, x, &d);
    if (rc != EXIT_OK)
        return rc;
    return inv_type_is_dated(d.type) ? repay_early(c, x, &d) : withdraw(c, x, &d);
}

int deal_repay(PGconn *c, const struct authority *a, const struct movement_request *r, cJSON **result)
{
    int rc = validate(r, false, result);
    if (rc != EXIT_OK)
        return rc;
    struct move_ctx x = {a, r, result};
    rc = db_transaction(c, repay_body, &x);
    return rc < 0 ? result_database(result) : rc;
}
