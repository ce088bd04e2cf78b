/* deal.c (service): deals one at a time: check, book (serialised by advisory locks), approve,
 * cancel, amend (see service/deal.h); the statements are store/deal.h's. */
#include "service/deal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lending.h"
#include "service/lending_cache.h"
#include "store/audit.h"
#include "store/cash.h"
#include "store/db.h"
#include "service/result.h"
#include "store/deal.h"
#include "store/lending.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/errcode.h"
#include "util/json.h"
#include "views/lending_json.h"

/* The answer of a booking or an amendment: {"ref", "status": "pending"}. */
static int answer_pending(cJSON **result, const char *ref)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "ref", ref);
    cJSON_AddStringToObject(doc, "status", "pending");
    result_set(result, doc);
    return EXIT_OK;
}

/* ---- validation ------------------------------------------------------------------------------ */

static int validate(const struct deal_request *r, date_t start, cJSON **result)
{
    if (!r->counterparty || !r->counterparty[0])
        return result_error(result, PR_ERR_INVALID, "counterparty", "a counterparty is required");
    if (r->amount <= 0)
        return result_error(result, PR_ERR_INVALID, "amount", "the amount must be more than zero");
    if (r->ref && r->ref[0]) {
        size_t n = strlen(r->ref);
        bool ok = n <= 40 && ((r->ref[0] >= 'A' && r->ref[0] <= 'Z') || (r->ref[0] >= 'a' && r->ref[0] <= 'z') ||
                              (r->ref[0] >= '0' && r->ref[0] <= '9'));
        for (size_t i = 1; ok && i < n; i++)
            ok = strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./-", r->ref[i]) != NULL;
        if (!ok)
            return result_error(result, PR_ERR_INVALID, "ref", "ref \"%s\" is not valid: use up to 40 of A-Z, a-z, 0-9, _ . / -",
                       r->ref);
    }
    if (inv_type_is_dated(r->type)) {
        if (r->maturity == DATE_NONE)
            return result_error(result, PR_ERR_INVALID, "maturity_date", "a %s deal needs a maturity date", inv_type_name(r->type));
        if (r->maturity <= start)
            return result_error(result, PR_ERR_INVALID, "maturity_date", "the maturity date must be after the start date");
    } else if (r->maturity != DATE_NONE) {
        return result_error(result, PR_ERR_INVALID, "maturity_date", "a %s deal has no maturity date", inv_type_name(r->type));
    }
    if (r->type == INV_NOTICE && r->notice_days < 0)
        return result_error(result, PR_ERR_INVALID, "notice_days", "a notice account needs --notice-days");
    if (!r->by || !r->by[0])
        return result_error(result, PR_ERR_INVALID, "by", "say who is booking (--by NAME)");
    return EXIT_OK;
}

/* Whether a deal starting on start, entered today, is late (see DEAL_LATE_DAYS). */
static bool is_late(date_t start)
{
    return start < clock_today() - DEAL_LATE_DAYS;
}

/* A late deal needs the booker's reason: EXIT_OK, or EXIT_BAD naming late_reason. */
static int late_check(const struct deal_request *r, date_t start, cJSON **result)
{
    if (!is_late(start) || (r->late_reason && r->late_reason[0]))
        return EXIT_OK;
    char d[DATE_BUFSZ];
    return result_error(result, PR_ERR_INVALID, "late_reason",
                        "the start date %s is more than %d days before today: a late booking needs a reason"
                        " (--late-reason TEXT, API late_reason)", date_format_iso(start, d), DEAL_LATE_DAYS);
}

/* ---- counterparty and locks -------------------------------------------------------------------- */

/* Transaction-scoped advisory locks on (authority, counterparty), (authority, group),
 * (authority, country), (authority, sector), always in this order. */
static int lock_limits(PGconn *c, int64_t authority_id, const struct deal_counterparty *k)
{
    char key[4][96];
    snprintf(key[0], sizeof key[0], "%lld:cp:%lld", (long long)authority_id, (long long)k->id);
    snprintf(key[1], sizeof key[1], "%lld:group:%s", (long long)authority_id, k->group);
    snprintf(key[2], sizeof key[2], "%lld:country:%s", (long long)authority_id, k->country);
    snprintf(key[3], sizeof key[3], "%lld:sector:%s", (long long)authority_id, k->sector);
    for (int i = 0; i < 4; i++)
        if (deals_lock_limit(c, 3001 + i, key[i]) < 0)
            return -1;
    return 0;
}

/* ---- the check --------------------------------------------------------------------------------- */

static void to_investment(const struct deal_request *r, int64_t cp_id, date_t start, struct investment *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->ref, sizeof d->ref, "%s", r->ref ? r->ref : "");
    d->type = r->type;
    d->counterparty_id = cp_id;
    d->principal = r->amount;
    d->rate = r->rate;
    d->start = start;
    d->maturity = r->maturity;
    d->notice_days = r->notice_days;
    d->status = DEAL_PENDING;
}

/* Load and check. exclude_id: a deal to leave out (amendments), 0 for none. Returns EXIT_OK
 * (allowed), EXIT_NO (refused; result holds the reasons) or EXIT_DEP. */
static int run_check(PGconn *c, const struct authority *a, const struct deal_request *r, int64_t cp_id,
                     date_t start, int64_t exclude_id, cJSON **result)
{
    struct lending_book lb;
    if (lending_load_at(c, a->id, r->as_of, &lb) < 0) /* accounts at their balance then */
        return result_database(result);
    for (int i = 0; i < lb.book.ninv; i++)
        if (lb.book.inv[i].id == exclude_id)
            lb.book.inv[i].status = DEAL_CANCELLED;
    struct investment d;
    to_investment(r, cp_id, start, &d);
    struct lending_check chk;
    int rc = lending_check_deal(&lb.in, r->as_of, &d, &chk);
    if (rc < 0) {
        lending_book_free(&lb);
        return result_error(result, PR_ERR_INVALID, "amount", "the amount overflows the exposure");
    }
    result_set(result, lending_check_json(&chk));
    lending_book_free(&lb);
    return chk.allowed ? EXIT_OK : EXIT_NO;
}

static date_t start_of(const struct deal_request *r)
{
    return r->start != DATE_NONE ? r->start : r->as_of;
}

/* The check alone reads through the cache of service/lending_cache.h: one small query when
 * nothing changed since the last check of this authority (booking, which must see what other
 * bookings committed under its locks, loads in its own transaction with run_check). */
int deal_check(PGconn *c, const struct authority *a, const struct deal_request *r, cJSON **result)
{
    return deal_check_seen(c, a, r, NULL, NULL, NULL, result);
}

int deal_check_seen(PGconn *c, const struct authority *a, const struct deal_request *r,
                    const struct data_versions *seen, PGconn *(*before_load)(void *arg), void *arg, cJSON **result)
{
    struct deal_request q = *r;
    if (!q.by || !q.by[0])
        q.by = "check";
    int rc = validate(&q, start_of(r), result);
    if (rc != EXIT_OK)
        return rc;
    struct lending_view v;
    if (lending_cache_open_at(a->id, seen, &v) != 0 &&
        ((before_load && !(c = before_load(arg))) || lending_cache_open(c, a->id, &v) < 0))
        return result_database(result);
    if (lending_view_at(&v, r->as_of) < 0) {
        lending_cache_close(&v);
        return result_error(result, PR_ERR_INVALID, "amount", "an account's balance overflows");
    }
    const struct counterparty *cp = lending_view_counterparty(&v, r->counterparty);
    if (!cp) {
        lending_cache_close(&v);
        return result_error(result, PR_ERR_UNKNOWN_COUNTERPARTY, "counterparty", "no counterparty with code or name \"%s\"",
                   r->counterparty);
    }
    struct investment d;
    to_investment(r, cp->id, start_of(r), &d);
    struct lending_check chk;
    if (lending_check_deal(&v.in, r->as_of, &d, &chk) < 0) {
        lending_cache_close(&v);
        return result_error(result, PR_ERR_INVALID, "amount", "the amount overflows the exposure");
    }
    result_set(result, lending_check_json(&chk));
    lending_cache_close(&v);
    return chk.allowed ? EXIT_OK : EXIT_NO;
}

/* ---- booking ----------------------------------------------------------------------------------- */

static cJSON *deal_after_json(const char *ref, const struct deal_request *r, const char *cp_code, date_t start,
                              const char *status)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "ref", ref);
    cJSON_AddStringToObject(o, "type", inv_type_name(r->type));
    cJSON_AddStringToObject(o, "counterparty", cp_code);
    json_add_money(o, "principal", r->amount);
    json_add_rate(o, "rate", r->rate);
    json_add_date(o, "start_date", start);
    json_add_date(o, "maturity_date", r->maturity);
    if (r->notice_days >= 0)
        cJSON_AddNumberToObject(o, "notice_days", r->notice_days);
    cJSON_AddStringToObject(o, "status", status);
    if (r->account) /* only when given: a deal settling in the default account shows as before */
        cJSON_AddStringToObject(o, "account", r->account);
    if (is_late(start)) { /* the audit trail lists late bookings with their reason */
        cJSON_AddBoolToObject(o, "late", true);
        cJSON_AddStringToObject(o, "late_reason", r->late_reason);
    }
    return o;
}

struct book_ctx {
    const struct authority *a;
    const struct deal_request *r;
    cJSON **result;
    char ref[REF_MAX];
};

/* The terms of a request, to be written. */
static struct deal_terms terms_of(const struct deal_request *r, int64_t cp_id, date_t start)
{
    return (struct deal_terms){r->type, cp_id, r->amount, r->rate, start, r->maturity, r->notice_days, r->account};
}

/* A settlement account given must be one of the authority's bank accounts: EXIT_OK, or EXIT_BAD
 * naming account. */
static int account_check(PGconn *c, const struct authority *a, const char *account, cJSON **result)
{
    if (!account)
        return EXIT_OK;
    struct bank_account *v;
    int n = cash_accounts_load(c, a->id, &v);
    if (n < 0)
        return result_database(result);
    bool found = false;
    for (int i = 0; i < n && !found; i++)
        found = strcmp(v[i].code, account) == 0;
    free(v);
    if (found)
        return EXIT_OK;
    return result_error(result, PR_ERR_INVALID, "account",
                        "account \"%s\": not a bank account of %s (prudent accounts lists them)", account, a->code);
}

static int insert_deal(PGconn *c, struct book_ctx *x, const struct deal_counterparty *k, date_t start)
{
    const struct deal_request *r = x->r;
    struct deal_terms t = terms_of(r, k->id, start);
    if (deals_insert(c, x->a->id, x->ref, &t, r->by, r->by_id, is_late(start) ? r->late_reason : NULL) < 0)
        return -1;
    cJSON *after = deal_after_json(x->ref, r, k->code, start, "pending");
    int rc = audit_record(c, r->by, x->a->id, "deal", x->ref, "book", NULL, after, NULL);
    cJSON_Delete(after);
    return rc;
}

static int book_body(PGconn *c, void *arg)
{
    struct book_ctx *x = arg;
    const struct deal_request *r = x->r;
    date_t start = start_of(r);
    struct deal_counterparty k;
    int f = deals_find_counterparty(c, r->counterparty, &k);
    if (f < 0)
        return result_database(x->result);
    if (f > 0)
        return result_error(x->result, PR_ERR_UNKNOWN_COUNTERPARTY, "counterparty", "no counterparty with code or name \"%s\"",
                   r->counterparty);
    if (lock_limits(c, x->a->id, &k) < 0)
        return result_database(x->result);
    int ac = account_check(c, x->a, r->account, x->result);
    if (ac != EXIT_OK)
        return ac;
    if (r->ref && r->ref[0]) {
        snprintf(x->ref, sizeof x->ref, "%s", r->ref);
        int t = deals_ref_taken(c, x->a->id, x->ref);
        if (t < 0)
            return result_database(x->result);
        if (t)
            return result_error(x->result, PR_ERR_EXISTS, "ref", "a deal with ref %s exists already", x->ref);
    } else {
        int64_t n;
        if (deals_next_number(c, &n) < 0)
            return result_database(x->result);
        snprintf(x->ref, sizeof x->ref, "DL-%06lld", (long long)n);
    }
    int rc = run_check(c, x->a, r, k.id, start, 0, x->result);
    if (rc != EXIT_OK)
        return rc;
    if (insert_deal(c, x, &k, start) < 0)
        return result_database(x->result);
    return answer_pending(x->result, x->ref);
}

int deal_book(PGconn *c, const struct authority *a, const struct deal_request *r, cJSON **result)
{
    int rc = validate(r, start_of(r), result);
    if (rc == EXIT_OK)
        rc = late_check(r, start_of(r), result);
    if (rc != EXIT_OK)
        return rc;
    struct book_ctx x = {.a = a, .r = r, .result = result};
    rc = db_transaction(c, book_body, &x);
    return rc < 0 ? result_database(result) : rc;
}

int deal_book_in(PGconn *c, const struct authority *a, const struct deal_request *r, char *ref, size_t n,
                 cJSON **result)
{
    int rc = validate(r, start_of(r), result);
    if (rc != EXIT_OK)
        return rc;
    struct book_ctx x = {.a = a, .r = r, .result = result};
    rc = book_body(c, &x);
    if (rc == EXIT_OK)
        snprintf(ref, n, "%s", x.ref);
    return rc;
}

/* ---- approve, cancel ----------------------------------------------------------------------------- */

/* What a change of state does: approve (a second person confirms), cancel (anyone with the
 * right, pending or confirmed), reject (a second person cancels a pending deal) or withdraw (the
 * booker cancels their own pending deal). */
enum state_op { ST_APPROVE, ST_CANCEL, ST_REJECT, ST_WITHDRAW };

struct state_ctx {
    const struct authority *a;
    const char *ref, *reason;
    const struct actor *by;
    date_t as_of; /* approve: the date of the check run again */
    enum state_op op;
    cJSON **result;
};

static const char *const state_action[] = {"approve", "cancel", "reject", "withdraw"};

/* Whether the actor is the person recorded as name (user id id, 0 when none): the same user id,
 * or the same name (so a deal booked by name before users existed stays the booker's). */
static bool same_person(const struct actor *who, const char *name, int64_t id)
{
    return (id && id == who->user_id) || (name[0] && strcmp(name, who->name) == 0);
}

/* EXIT_OK when x->by may make this change to deal d, else EXIT_NO with why. */
static int state_person(const struct state_ctx *x, const struct deal_row *d)
{
    bool same = same_person(x->by, d->booked_by, d->booked_by_id);
    if (x->op == ST_APPROVE && !same && same_person(x->by, d->amended_by, d->amended_by_id)) {
        result_set(x->result, pr_error_doc(PR_ERR_SAME_PERSON,
                                       "the approver must be a different person from the one who last amended the"
                                       " deal",
                                       "by"));
        return EXIT_NO;
    }
    if (x->op == ST_APPROVE && same) {
        result_set(x->result, pr_error_doc(PR_ERR_SAME_PERSON,
                                       "the approver must be a different person from the one who booked the deal",
                                       "by"));
        return EXIT_NO;
    }
    if (x->op == ST_REJECT && same) {
        result_set(x->result, pr_error_doc(PR_ERR_SAME_PERSON,
                                       "a deal must be rejected by a different person from the one who booked it:"
                                       " the booker may withdraw it instead",
                                       "by"));
        return EXIT_NO;
    }
    if (x->op == ST_WITHDRAW && !same) {
        result_set(x->result, pr_error_doc(PR_ERR_NOT_BOOKER,
                                       "only the officer who booked a deal may withdraw it: an approver rejects it",
                                       "by"));
        return EXIT_NO;
    }
    return EXIT_OK;
}

/* The deal's current terms, as a request to start from. 0, 1 not found, -1 (below). */
static int current_terms(PGconn *c, int64_t id, struct deal_request *q, char *cp_code, size_t n);

/* Approval runs the pre-deal check again at the approval date on the deal's terms, the deal
 * itself left out (it counts in the exposure while pending), under the same locks as a booking:
 * EXIT_OK, or EXIT_NO with the reasons (a counterparty suspended after booking, a limit cut...). */
static int recheck(PGconn *c, const struct state_ctx *x, int64_t deal_id)
{
    struct deal_request q = {0};
    char cp_code[CODE_MAX];
    if (current_terms(c, deal_id, &q, cp_code, sizeof cp_code) != 0)
        return result_database(x->result);
    q.counterparty = cp_code;
    q.ref = x->ref;
    q.by = x->by->name;
    q.as_of = x->as_of;
    struct deal_counterparty k;
    int f = deals_find_counterparty(c, cp_code, &k);
    if (f != 0)
        return result_database(x->result);
    if (lock_limits(c, x->a->id, &k) < 0)
        return result_database(x->result);
    return run_check(c, x->a, &q, k.id, q.start, deal_id, x->result);
}

static int state_body(PGconn *c, void *arg)
{
    struct state_ctx *x = arg;
    struct deal_row d;
    int f = deals_lock(c, x->a->id, x->ref, &d);
    if (f < 0)
        return result_database(x->result);
    if (f > 0)
        return result_error(x->result, PR_ERR_NOT_FOUND, "ref", "no deal %s in %s's book", x->ref, x->a->code);
    bool cancel = x->op != ST_APPROVE;
    if (x->op == ST_CANCEL ? strcmp(d.status, "cancelled") == 0 : strcmp(d.status, "pending") != 0)
        return result_error(x->result, PR_ERR_NOT_PENDING, "ref", "deal %s is %s", x->ref, d.status);
    if (state_person(x, &d) != EXIT_OK)
        return EXIT_NO;
    if (x->op == ST_APPROVE) {
        int rc = recheck(c, x, d.id);
        if (rc != EXIT_OK)
            return rc;
    }
    cJSON *before = deals_snapshot(c, d.id);
    char why[2100];
    /* the book's cancel_reason says whether the deal was rejected or withdrawn */
    snprintf(why, sizeof why, "%s%.2000s",
             x->op == ST_REJECT ? "rejected: " : x->op == ST_WITHDRAW ? "withdrawn: " : "", cancel ? x->reason : "");
    int rc = cancel ? deals_cancel(c, d.id, x->by->name, why) : deals_confirm(c, d.id, x->by->name, x->by->user_id);
    cJSON *after = rc == 0 ? deals_snapshot(c, d.id) : NULL;
    if (rc == 0)
        rc = audit_record(c, x->by->name, x->a->id, "deal", x->ref, state_action[x->op], before, after, x->reason);
    cJSON_Delete(before);
    cJSON_Delete(after);
    if (rc < 0)
        return result_database(x->result);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "ref", x->ref);
    cJSON_AddStringToObject(doc, "status", cancel ? "cancelled" : "confirmed");
    if (x->op == ST_REJECT || x->op == ST_WITHDRAW) {
        cJSON_AddStringToObject(doc, x->op == ST_REJECT ? "rejected_by" : "withdrawn_by", x->by->name);
        cJSON_AddStringToObject(doc, "reason", x->reason);
    }
    result_set(x->result, doc);
    return EXIT_OK;
}

int deal_approve(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, date_t as_of,
                 cJSON **result)
{
    if (!by || !by->name[0])
        return result_error(result, PR_ERR_INVALID, "by", "say who approves (--by NAME)");
    struct state_ctx x = {.a = a, .ref = ref, .by = by, .as_of = as_of, .op = ST_APPROVE, .result = result};
    int rc = db_transaction(c, state_body, &x);
    return rc < 0 ? result_database(result) : rc;
}

/* A cancellation of some kind (op), with its reason. */
static int state_cancel(PGconn *c, const struct authority *a, const char *ref, const struct actor *by,
                        const char *reason, enum state_op op, cJSON **result)
{
    if (!by || !by->name[0])
        return result_error(result, PR_ERR_INVALID, "by", "say who %ss (--by NAME)", state_action[op]);
    if (!reason || !reason[0])
        return result_error(result, PR_ERR_INVALID, "reason", "give a reason for the %s (--reason TEXT)",
                   op == ST_REJECT ? "rejection" : op == ST_WITHDRAW ? "withdrawal" : "cancellation");
    struct state_ctx x = {.a = a, .ref = ref, .by = by, .reason = reason, .op = op, .result = result};
    int rc = db_transaction(c, state_body, &x);
    return rc < 0 ? result_database(result) : rc;
}

int deal_cancel(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, const char *reason,
                cJSON **result)
{
    return state_cancel(c, a, ref, by, reason, ST_CANCEL, result);
}

int deal_reject(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, const char *reason,
                cJSON **result)
{
    return state_cancel(c, a, ref, by, reason, ST_REJECT, result);
}

int deal_withdraw(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, const char *reason,
                  cJSON **result)
{
    return state_cancel(c, a, ref, by, reason, ST_WITHDRAW, result);
}

/* ---- amend -------------------------------------------------------------------------------------------- */

struct amend_ctx {
    const struct authority *a;
    const char *ref, *reason;
    const struct deal_request *r;
    cJSON **result;
};

/* The deal's current terms, as a request to start the amendment from. 0, 1 not found, -1. */
static int current_terms(PGconn *c, int64_t id, struct deal_request *q, char *cp_code, size_t n)
{
    struct deal_terms t;
    int rc = deals_terms(c, id, &t, cp_code, n);
    if (rc == 0) {
        q->type = t.type;
        q->amount = t.amount;
        q->rate = t.rate;
        q->start = t.start;
        q->maturity = t.maturity;
        q->notice_days = t.notice_days;
    }
    return rc;
}

static int amend_body(PGconn *c, void *arg)
{
    struct amend_ctx *x = arg;
    const struct deal_request *r = x->r;
    struct deal_row d;
    int f = deals_lock(c, x->a->id, x->ref, &d);
    if (f < 0)
        return result_database(x->result);
    if (f > 0)
        return result_error(x->result, PR_ERR_NOT_FOUND, "ref", "no deal %s in %s's book", x->ref, x->a->code);
    if (strcmp(d.status, "cancelled") == 0)
        return result_error(x->result, PR_ERR_NOT_PENDING, "ref", "deal %s is cancelled", x->ref);
    int ac = account_check(c, x->a, r->account, x->result);
    if (ac != EXIT_OK)
        return ac;
    struct deal_request q = {0};
    char cp_code[CODE_MAX];
    if (current_terms(c, d.id, &q, cp_code, sizeof cp_code) != 0)
        return result_database(x->result);
    q.counterparty = r->counterparty && r->counterparty[0] ? r->counterparty : cp_code;
    if (r->amount > 0)
        q.amount = r->amount;
    if (r->rate != INT64_MIN)
        q.rate = r->rate;
    if (r->start != DATE_NONE)
        q.start = r->start;
    if (r->maturity != DATE_NONE)
        q.maturity = r->maturity;
    if (r->notice_days >= 0)
        q.notice_days = r->notice_days;
    if (r->type != INV_TYPE_COUNT)
        q.type = r->type;
    q.by = r->by;
    q.as_of = r->as_of;
    q.ref = x->ref;
    q.late_reason = r->late_reason;
    q.account = r->account;
    int rc = validate(&q, q.start, x->result);
    if (rc == EXIT_OK && r->start != DATE_NONE) /* a new start date may make the deal late */
        rc = late_check(&q, q.start, x->result);
    if (rc != EXIT_OK)
        return rc;
    struct deal_counterparty k;
    f = deals_find_counterparty(c, q.counterparty, &k);
    if (f < 0)
        return result_database(x->result);
    if (f > 0)
        return result_error(x->result, PR_ERR_UNKNOWN_COUNTERPARTY, "counterparty", "no counterparty with code or name \"%s\"",
                   q.counterparty);
    if (lock_limits(c, x->a->id, &k) < 0)
        return result_database(x->result);
    rc = run_check(c, x->a, &q, k.id, q.start, d.id, x->result);
    if (rc != EXIT_OK)
        return rc;
    cJSON *before = deals_snapshot(c, d.id);
    struct deal_terms t = terms_of(&q, k.id, q.start);
    const char *late = r->start != DATE_NONE && is_late(q.start) ? r->late_reason : NULL;
    rc = deals_update_terms(c, d.id, &t, r->by, r->by_id, late);
    cJSON *after = rc == 0 ? deals_snapshot(c, d.id) : NULL;
    if (rc == 0)
        rc = audit_record(c, r->by, x->a->id, "deal", x->ref, "amend", before, after, x->reason);
    cJSON_Delete(before);
    cJSON_Delete(after);
    if (rc < 0)
        return result_database(x->result);
    return answer_pending(x->result, x->ref);
}

int deal_amend(PGconn *c, const struct authority *a, const char *ref, const struct deal_request *r,
               const char *reason, cJSON **result)
{
    if (!r->by || !r->by[0])
        return result_error(result, PR_ERR_INVALID, "by", "say who amends (--by NAME)");
    if (!reason || !reason[0])
        return result_error(result, PR_ERR_INVALID, "reason", "give a reason for the amendment (--reason TEXT)");
    struct amend_ctx x = {.a = a, .ref = ref, .reason = reason, .r = r, .result = result};
    int rc = db_transaction(c, amend_body, &x);
    return rc < 0 ? result_database(result) : rc;
}

/* ---- for the other use cases on a deal (service/movement.c: top-ups) ----------------------------- */

int deal_lock_limits(PGconn *c, int64_t authority_id, const struct deal_counterparty *k)
{
    return lock_limits(c, authority_id, k);
}

int deal_check_locked(PGconn *c, const struct authority *a, const struct deal_request *r, int64_t cp_id,
                      cJSON **result)
{
    return run_check(c, a, r, cp_id, start_of(r), 0, result);
}
