/* loan.c (service): the PWLB premature-repayment premium, recording a premature repayment and a
 * LOBO lender's option (see service/loan.h); the statements are store/loan_events.h's. */
#include "service/loan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/loan_events.h"
#include "core/pwlb_repay.h"
#include "core/schedule.h"
#include "service/result.h"
#include "store/audit.h"
#include "store/book.h"
#include "store/db.h"
#include "store/loan_events.h"
#include "store/rates.h"
#include "util/err.h"
#include "util/errcode.h"
#include "util/json.h"

/* The loan with this ref in b, or NULL. Borrowed from b. */
static const struct loan *find_loan(const struct book *b, const char *ref)
{
    for (int i = 0; i < b->nloans; i++)
        if (strcmp(b->loans[i].ref, ref) == 0)
            return &b->loans[i];
    return NULL;
}

/* Events are recorded in date order: none of l's may be dated after `on`. */
static int in_date_order(const struct loan *l, date_t on, cJSON **result)
{
    if (l->nevents == 0 || l->events[l->nevents - 1].date <= on)
        return EXIT_OK;
    char d1[DATE_BUFSZ], d2[DATE_BUFSZ];
    return result_error(result, PR_ERR_INVALID, "date",
               "loan %s has a %s recorded on %s, after %s: events are recorded in date order", l->ref,
               loan_event_kind_name(l->events[l->nevents - 1].kind),
               date_format_iso(l->events[l->nevents - 1].date, d1), date_format_iso(on, d2));
}

/* l as at `on` (*now), refused when `on` is outside its life or it was repaid by then. */
static int live_at(const struct loan *l, date_t on, struct loan *now, cJSON **result)
{
    char d1[DATE_BUFSZ], d2[DATE_BUFSZ];
    if (on < l->start)
        return result_error(result, PR_ERR_INVALID, "date", "%s is before loan %s started (%s)", date_format_iso(on, d1),
                   l->ref, date_format_iso(l->start, d2));
    if (on >= l->maturity)
        return result_error(result, PR_ERR_INVALID, "date", "%s is on or after the maturity of loan %s (%s)",
                   date_format_iso(on, d1), l->ref, date_format_iso(l->maturity, d2));
    if (!loan_as_at(l, on, now) || schedule_outstanding(now, on) <= 0)
        return result_error(result, PR_ERR_INVALID, "date", "loan %s was repaid in whole by %s", l->ref,
                   date_format_iso(on, d1));
    return EXIT_OK;
}

/* ---- the premium ----------------------------------------------------------------------------- */

struct priced {
    const struct loan *l;
    struct loan now;     /* as at the repayment date */
    money_t outstanding; /* principal outstanding then */
    money_t amount;      /* the principal repaid */
    rate_t rate;         /* the repayment rate */
    date_t on;
    struct pwlb_repayment p;
};

/* Find and price the repayment of `amount` (0: all) of ref in b on `on` at `rate`. */
static int price(const struct book *b, const char *ref, date_t on, rate_t rate, money_t amount, struct priced *x,
                 cJSON **result)
{
    x->l = find_loan(b, ref);
    if (!x->l)
        return result_error(result, PR_ERR_NOT_FOUND, "ref", "no loan %s", ref);
    const struct loan *l = x->l;
    if (l->type != LOAN_PWLB)
        return result_error(result, PR_ERR_INVALID, "ref",
                   "loan %s is a %s loan: the DMO's premature-repayment formula is the PWLB's (other "
                   "lenders' break costs are set by their own contracts)", l->ref, loan_type_name(l->type));
    if (l->variable)
        return result_error(result, PR_ERR_INVALID, "ref",
                   "loan %s is a variable-rate loan: the DMO's formula prices fixed-rate loans only", l->ref);
    int rc = live_at(l, on, &x->now, result);
    if (rc != EXIT_OK)
        return rc;
    x->outstanding = schedule_outstanding(&x->now, on);
    x->amount = amount ? amount : x->outstanding;
    x->rate = rate;
    x->on = on;
    char m1[MONEY_BUFSZ], m2[MONEY_BUFSZ];
    if (x->amount < 0 || x->amount > x->outstanding)
        return result_error(result, PR_ERR_INVALID, "amount", "%s is more than the %s outstanding on loan %s",
                   money_format(x->amount, MONEY_GROUPED, m1), money_format(x->outstanding, MONEY_GROUPED, m2),
                   l->ref);
    const char *why = "";
    if (!pwlb_repayment(l->repayment, x->amount, x->now.rate, l->maturity, on, rate, &x->p, &why))
        return result_error(result, PR_ERR_INVALID, "rate", "loan %s cannot be priced: %s", l->ref, why);
    return EXIT_OK;
}

static cJSON *priced_json(const struct priced *x)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "ref", x->l->ref);
    json_add_date(doc, "date", x->on);
    json_add_money(doc, "outstanding", x->outstanding);
    json_add_rate(doc, "repayment_rate", x->rate);
    json_add_money(doc, "premium", x->p.premium);
    json_add_money(doc, "accrued_interest", x->p.accrued);
    json_add_money(doc, "settlement", x->p.settlement);
    json_add_money(doc, "amount", x->amount);
    json_add_rate(doc, "loan_rate", x->now.rate);
    cJSON_AddStringToObject(doc, "repayment", repayment_name(x->l->repayment));
    json_add_date(doc, "maturity_date", x->l->maturity);
    json_add_date(doc, "last_interest_date", x->p.last_interest);
    cJSON_AddNumberToObject(doc, "days", x->p.days);
    cJSON_AddNumberToObject(doc, "periods", x->p.periods);
    cJSON_AddBoolToObject(doc, "under_one_year", x->p.under_one_year);
    return doc;
}

int loan_premium(PGconn *c, const struct authority *a, const char *ref, date_t on, rate_t rate, money_t amount,
                 cJSON **result)
{
    struct book b;
    if (book_load(c, a->id, &b) < 0)
        return result_database(result);
    struct priced x;
    int rc = price(&b, ref, on, rate, amount, &x, result);
    if (rc == EXIT_OK) {
        cJSON_Delete(*result);
        *result = priced_json(&x);
    }
    book_free(&b);
    return rc;
}

/* ---- the discount watch ---------------------------------------------------------------------- */

/* The latest observation of series on or before `on`, within a year, into *rate and *when. */
static int series_rate(PGconn *c, const char *series, date_t on, rate_t *rate, date_t *when, cJSON **result)
{
    struct rate_obs *obs = NULL;
    int n = rates_load(c, series, on - 366, on, &obs);
    if (n < 0)
        return result_database(result);
    if (n > 0) {
        *rate = obs[n - 1].value;
        *when = obs[n - 1].date;
    }
    free(obs);
    char d[DATE_BUFSZ];
    if (n == 0)
        return result_error(result, PR_ERR_INVALID, "series", "no observation of series %s in the year to %s", series,
                   date_format_iso(on, d));
    return EXIT_OK;
}

/* Whether l is priced by the watch on `on`: a fixed-rate PWLB loan still owing on that day. */
static bool watched(const struct loan *l, date_t on)
{
    struct loan now;
    return l->type == LOAN_PWLB && !l->variable && l->start <= on && on < l->maturity &&
           loan_as_at(l, on, &now) && schedule_outstanding(&now, on) > 0;
}

static int watch_loans(const struct book *b, date_t on, rate_t rate, cJSON *doc, cJSON **result)
{
    cJSON *arr = cJSON_AddArrayToObject(doc, "loans");
    money_t outstanding = 0, premium = 0;
    int count = 0;
    for (int i = 0; i < b->nloans; i++) {
        if (!watched(&b->loans[i], on))
            continue;
        struct priced x;
        int rc = price(b, b->loans[i].ref, on, rate, 0, &x, result);
        if (rc != EXIT_OK)
            return rc;
        if (!money_accumulate(&outstanding, x.outstanding) || !money_accumulate(&premium, x.p.premium))
            return result_error(result, PR_ERR_INVALID, NULL, "the discount watch's totals overflow");
        cJSON_AddItemToArray(arr, priced_json(&x));
        count++;
    }
    json_add_money(doc, "total_outstanding", outstanding);
    json_add_money(doc, "total_premium", premium);
    cJSON_AddNumberToObject(doc, "count", count);
    return EXIT_OK;
}

int loan_discount_watch(PGconn *c, const struct authority *a, date_t on, rate_t rate, const char *series,
                        cJSON **result)
{
    date_t when = DATE_NONE;
    int rc = series ? series_rate(c, series, on, &rate, &when, result) : EXIT_OK;
    if (rc != EXIT_OK)
        return rc;
    struct book b;
    if (book_load(c, a->id, &b) < 0)
        return result_database(result);
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "date", on);
    json_add_rate(doc, "repayment_rate", rate);
    if (series)
        cJSON_AddStringToObject(doc, "series", series);
    else
        cJSON_AddNullToObject(doc, "series");
    json_add_date(doc, "rate_date", when);
    rc = watch_loans(&b, on, rate, doc, result);
    book_free(&b);
    if (rc != EXIT_OK) {
        cJSON_Delete(doc);
        return rc;
    }
    cJSON_Delete(*result);
    *result = doc;
    return EXIT_OK;
}

/* ---- the discount watch at the loaded repayment rates ---------------------------------------- */

/* A watched loan whose type has no repayment rates on the curves' date: listed, not priced. */
static cJSON *unpriced_json(const struct loan *l, date_t on)
{
    struct loan now;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "ref", l->ref);
    json_add_date(doc, "date", on);
    bool known = loan_as_at(l, on, &now);
    json_add_money(doc, "outstanding", known ? schedule_outstanding(&now, on) : 0);
    cJSON_AddNullToObject(doc, "repayment_rate");
    cJSON_AddNullToObject(doc, "premium");
    cJSON_AddNullToObject(doc, "accrued_interest");
    cJSON_AddNullToObject(doc, "settlement");
    json_add_rate(doc, "loan_rate", known ? now.rate : l->rate);
    cJSON_AddStringToObject(doc, "repayment", repayment_name(l->repayment));
    json_add_date(doc, "maturity_date", l->maturity);
    cJSON_AddBoolToObject(doc, "in_discount", false);
    return doc;
}

int loan_watch_curves(const struct book *b, date_t on, const struct pwlb_curves *cv, cJSON *doc, cJSON **result)
{
    cJSON *arr = cJSON_AddArrayToObject(doc, "loans");
    money_t outstanding = 0, premium = 0;
    int count = 0, in_discount = 0;
    for (int i = 0; i < b->nloans; i++) {
        const struct loan *l = &b->loans[i];
        if (!watched(l, on))
            continue;
        rate_t rate;
        if (!pwlb_curves_rate(cv, l->repayment, on, l->maturity, &rate)) {
            cJSON_AddItemToArray(arr, unpriced_json(l, on));
            continue;
        }
        struct priced x;
        int rc = price(b, l->ref, on, rate, 0, &x, result);
        if (rc != EXIT_OK)
            return rc;
        if (!money_accumulate(&outstanding, x.outstanding) || !money_accumulate(&premium, x.p.premium))
            return result_error(result, PR_ERR_INVALID, NULL, "the discount watch's totals overflow");
        cJSON *o = priced_json(&x);
        cJSON_AddBoolToObject(o, "in_discount", x.p.premium < 0);
        cJSON_AddItemToArray(arr, o);
        count++;
        in_discount += x.p.premium < 0;
    }
    json_add_money(doc, "total_outstanding", outstanding);
    json_add_money(doc, "total_premium", premium);
    cJSON_AddNumberToObject(doc, "count", count);
    cJSON_AddNumberToObject(doc, "in_discount", in_discount);
    return EXIT_OK;
}

int loan_discount_curves(PGconn *c, const struct authority *a, date_t on, cJSON **result)
{
    struct pwlb_curves *cv = xmalloc(sizeof *cv);
    if (rates_pwlb_curves(c, on, cv) < 0) {
        free(cv);
        return result_database(result);
    }
    char d[DATE_BUFSZ];
    if (cv->date == DATE_NONE) {
        free(cv);
        return result_error(result, PR_ERR_INVALID, "date",
                   "no PWLB repayment rates on or before %s: save them in the PWLB rates file and poll it "
                   "(docs/feeds.md), or give one rate with --rate", date_format_iso(on, d));
    }
    struct book b;
    if (book_load(c, a->id, &b) < 0) {
        free(cv);
        return result_database(result);
    }
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "date", on);
    json_add_date(doc, "rates_date", cv->date);
    int rc = loan_watch_curves(&b, on, cv, doc, result);
    book_free(&b);
    free(cv);
    if (rc != EXIT_OK) {
        cJSON_Delete(doc);
        return rc;
    }
    cJSON_Delete(*result);
    *result = doc;
    return EXIT_OK;
}

/* ---- recording events ------------------------------------------------------------------------ */

/* Append the event and its audit row; adds "event_id" to doc. */
static int record(PGconn *c, const struct authority *a, const struct loan_event_row *row, const char *ref,
                  const char *action, cJSON *doc, cJSON **result)
{
    int64_t id;
    if (loan_event_insert(c, row, &id) < 0)
        return result_database(result);
    cJSON_AddNumberToObject(doc, "event_id", (double)id);
    if (audit_record(c, row->by, a->id, "loan", ref, action, NULL, doc, row->reason) < 0)
        return result_database(result);
    return EXIT_OK;
}

struct repay_ctx {
    const struct authority *a;
    const struct loan_repay_request *r;
    cJSON **result;
};

static int repay_body(PGconn *c, void *arg)
{
    struct repay_ctx *x = arg;
    const struct loan_repay_request *r = x->r;
    int64_t loan_id;
    int f = loan_lock(c, x->a->id, r->ref, &loan_id);
    if (f < 0)
        return result_database(x->result);
    if (f > 0)
        return result_error(x->result, PR_ERR_NOT_FOUND, "ref", "no loan %s", r->ref);
    struct book b;
    if (book_load(c, x->a->id, &b) < 0)
        return result_database(x->result);
    struct priced p;
    int rc = price(&b, r->ref, r->date, r->rate, r->amount, &p, x->result);
    if (rc == EXIT_OK)
        rc = in_date_order(p.l, r->date, x->result);
    if (rc == EXIT_OK) {
        cJSON *doc = priced_json(&p);
        cJSON_AddStringToObject(doc, "kind", "repaid");
        struct loan_event_row row = {
            .authority_id = x->a->id, .loan_id = loan_id,
            .e = {.date = r->date, .kind = LOAN_EV_REPAID, .amount = p.amount, .rate = r->rate},
            .has_rate = true, .priced = true, .premium = p.p.premium, .accrued = p.p.accrued,
            .settlement = p.p.settlement, .by = r->by, .reason = r->reason};
        rc = record(c, x->a, &row, r->ref, "repay", doc, x->result);
        result_set(rc == EXIT_OK ? x->result : NULL, doc);
    }
    book_free(&b);
    return rc;
}

/* An event recorded by `by` (required: "say who records the WHAT") in one transaction of body. */
static int record_event(PGconn *c, const char *by, const char *what, int (*body)(PGconn *c, void *arg), void *ctx,
                        cJSON **result)
{
    if (!by || !by[0])
        return result_error(result, PR_ERR_INVALID, "by", "say who records the %s (--by)", what);
    int rc = db_transaction(c, body, ctx);
    return rc < 0 ? result_database(result) : rc;
}

int loan_repay(PGconn *c, const struct authority *a, const struct loan_repay_request *r, cJSON **result)
{
    struct repay_ctx x = {a, r, result};
    return record_event(c, r->by, "repayment", repay_body, &x, result);
}

struct option_ctx {
    const struct authority *a;
    const struct loan_option_request *r;
    cJSON **result;
};

/* `on` must be one of the LOBO's option dates. */
static int option_date(const struct loan *l, date_t on, cJSON **result)
{
    date_t next = lobo_next_option(l, on);
    if (next == on)
        return EXIT_OK;
    char d1[DATE_BUFSZ], d2[DATE_BUFSZ];
    if (next == DATE_NONE)
        return result_error(result, PR_ERR_INVALID, "date", "%s is not an option date of loan %s, and none remains after it",
                   date_format_iso(on, d1), l->ref);
    return result_error(result, PR_ERR_INVALID, "date", "%s is not an option date of loan %s: the next is %s",
               date_format_iso(on, d1), l->ref, date_format_iso(next, d2));
}

static cJSON *option_json(const struct loan *l, const struct loan *now, const struct loan_option_request *r,
                          money_t outstanding)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "ref", l->ref);
    json_add_date(doc, "date", r->date);
    cJSON_AddStringToObject(doc, "kind", r->repaid ? "repaid_at_par" : "rate_change");
    if (r->repaid)
        cJSON_AddNullToObject(doc, "rate");
    else
        json_add_rate(doc, "rate", r->rate);
    json_add_rate(doc, "previous_rate", now->rate);
    json_add_money(doc, "outstanding", outstanding);
    json_add_date(doc, "next_option_date", r->repaid ? DATE_NONE : lobo_next_option(l, r->date + 1));
    return doc;
}

static int option_checks(const struct loan *l, const struct loan_option_request *r, struct loan *now,
                         cJSON **result)
{
    if (l->type != LOAN_LOBO)
        return result_error(result, PR_ERR_INVALID, "ref", "loan %s is a %s loan, not a LOBO: it has no lender options",
                   l->ref, loan_type_name(l->type));
    int rc = in_date_order(l, r->date, result);
    if (rc == EXIT_OK)
        rc = live_at(l, r->date, now, result);
    if (rc == EXIT_OK)
        rc = option_date(l, r->date, result);
    return rc;
}

static int option_body(PGconn *c, void *arg)
{
    struct option_ctx *x = arg;
    const struct loan_option_request *r = x->r;
    int64_t loan_id;
    int f = loan_lock(c, x->a->id, r->ref, &loan_id);
    if (f < 0)
        return result_database(x->result);
    if (f > 0)
        return result_error(x->result, PR_ERR_NOT_FOUND, "ref", "no loan %s", r->ref);
    struct book b;
    if (book_load(c, x->a->id, &b) < 0)
        return result_database(x->result);
    const struct loan *l = find_loan(&b, r->ref);
    struct loan now;
    int rc = l ? option_checks(l, r, &now, x->result) : result_error(x->result, PR_ERR_NOT_FOUND, "ref", "no loan %s", r->ref);
    if (rc == EXIT_OK) {
        money_t outstanding = schedule_outstanding(&now, r->date);
        cJSON *doc = option_json(l, &now, r, outstanding);
        struct loan_event_row row = {
            .authority_id = x->a->id, .loan_id = loan_id,
            .e = {.date = r->date, .kind = r->repaid ? LOAN_EV_REPAID_AT_PAR : LOAN_EV_RATE_CHANGE,
                  .amount = r->repaid ? outstanding : 0, .rate = r->repaid ? 0 : r->rate},
            .has_rate = !r->repaid, .by = r->by, .reason = r->reason};
        rc = record(c, x->a, &row, r->ref, "option", doc, x->result);
        result_set(rc == EXIT_OK ? x->result : NULL, doc);
    }
    book_free(&b);
    return rc;
}

int loan_option(PGconn *c, const struct authority *a, const struct loan_option_request *r, cJSON **result)
{
    struct option_ctx x = {a, r, result};
    return record_event(c, r->by, "option", option_body, &x, result);
}
