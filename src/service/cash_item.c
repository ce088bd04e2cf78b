/* cash_item.c (service): a forecast item added, amended or cancelled one at a time (see
 * cash_item.h); the rows are store/cash.h's. */
#include "service/cash_item.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/result.h"
#include "store/audit.h"
#include "store/cash.h"
#include "store/db.h"
#include "util/err.h"
#include "util/errcode.h"
#include "views/cash_items.h"

struct item_ctx {
    const struct authority *a;
    const struct cash_item_change *r;
    cJSON **result;
};

/* Set *out from the change's text, refusing one too long for its column. */
static int take_text(const struct item_ctx *x, const char *field, const char *s, char *out, size_t cap)
{
    if (!s)
        return EXIT_OK;
    if (strlen(s) >= cap)
        return result_error(x->result, PR_ERR_INVALID, field, "the %s is longer than %zu characters", field, cap - 1);
    snprintf(out, cap, "%s", s);
    return EXIT_OK;
}

/* The account must be one of the authority's bank accounts. */
static int check_account(PGconn *c, const struct item_ctx *x, const char *code)
{
    struct bank_account *v;
    int n = cash_accounts_load(c, x->a->id, &v);
    if (n < 0)
        return result_database(x->result);
    bool found = false;
    for (int i = 0; i < n; i++)
        found = found || strcmp(v[i].code, code) == 0;
    free(v);
    return found ? EXIT_OK
                 : result_error(x->result, PR_ERR_INVALID, "account",
                                "\"%s\" is not a bank account of %s (prudent accounts lists them)", code, x->a->code);
}

/* Apply the change's terms to *it (all of them for add) and check the result. */
static int apply(PGconn *c, const struct item_ctx *x, struct cash_item *it)
{
    const struct cash_item_change *r = x->r;
    int rc;
    if ((rc = take_text(x, "account", r->account, it->account, sizeof it->account)) != EXIT_OK ||
        (rc = take_text(x, "category", r->category, it->category, sizeof it->category)) != EXIT_OK ||
        (rc = take_text(x, "description", r->description, it->description, sizeof it->description)) != EXIT_OK)
        return rc;
    if (r->date != DATE_NONE)
        it->date = r->date;
    if (r->has_amount)
        it->amount = r->amount;
    if (r->repeat >= 0)
        it->repeat = (enum cash_repeat)r->repeat;
    if (r->until != DATE_NONE)
        it->until = r->until;
    else if (r->clear_until || r->repeat == REPEAT_NONE) /* no end, or no repeat: no end date */
        it->until = DATE_NONE;
    if (!it->account[0])
        return result_error(x->result, PR_ERR_INVALID, "account", "say which bank account (--account CODE)");
    if (it->date == DATE_NONE)
        return result_error(x->result, PR_ERR_INVALID, "date", "say when (--date D)");
    if (it->amount == 0)
        return result_error(x->result, PR_ERR_INVALID, "amount",
                            "the amount is zero: a receipt is positive, a payment negative");
    if (it->until != DATE_NONE && it->repeat == REPEAT_NONE)
        return result_error(x->result, PR_ERR_INVALID, "until", "until is given for an item that does not repeat");
    if (it->until != DATE_NONE && it->until < it->date)
        return result_error(x->result, PR_ERR_INVALID, "until", "until is before the item's date");
    return check_account(c, x, it->account);
}

static int answer(const struct item_ctx *x, long long id, const char *status, const struct cash_item *it)
{
    cJSON *o = cJSON_CreateObject();
    char ref[32];
    snprintf(ref, sizeof ref, "CF%lld", id);
    cJSON_AddStringToObject(o, "ref", ref);
    cJSON_AddNumberToObject(o, "id", (double)id);
    cJSON_AddStringToObject(o, "status", status);
    cJSON_AddItemToObject(o, "item", cash_item_terms_json(it));
    cJSON_AddStringToObject(o, "entered_by", x->r->by);
    cJSON_AddStringToObject(o, "reason", x->r->reason ? x->r->reason : "");
    result_set(x->result, o);
    return EXIT_OK;
}

/* Audit the change: before (NULL for add) and after as the item's terms. */
static int audit(PGconn *c, const struct item_ctx *x, long long id, const char *action, const struct cash_item *before,
                 const struct cash_item *after)
{
    char key[32];
    snprintf(key, sizeof key, "CF%lld", id);
    cJSON *b = before ? cash_item_terms_json(before) : NULL, *f = cash_item_terms_json(after);
    int rc = audit_record(c, x->r->by, x->a->id, "cash_items", key, action, b, f, x->r->reason);
    cJSON_Delete(b);
    cJSON_Delete(f);
    return rc < 0 ? result_database(x->result) : EXIT_OK;
}

static int add_body(PGconn *c, void *arg)
{
    struct item_ctx *x = arg;
    struct cash_item it = {.until = DATE_NONE, .date = DATE_NONE};
    int rc = apply(c, x, &it);
    if (rc != EXIT_OK)
        return rc;
    int64_t id = 0;
    int f = cash_item_insert(c, x->a->id, &it, x->r->by, &id);
    if (f < 0)
        return result_database(x->result);
    if (f == 0)
        return result_error(x->result, PR_ERR_EXISTS, NULL,
                            "a forecast item said exactly this already (prudent cashflow lists the items): amend "
                            "it, or change the description");
    if ((rc = audit(c, x, (long long)id, "add", NULL, &it)) != EXIT_OK)
        return rc;
    return answer(x, (long long)id, "added", &it);
}

/* The item's latest row, locked, refused when missing or cancelled. */
static int current(PGconn *c, const struct item_ctx *x, struct cash_item *it, struct cash_item_row *row)
{
    if (x->r->id <= 0)
        return result_error(x->result, PR_ERR_INVALID, "id", "say which forecast item (its number: CF3 is 3)");
    int f = cash_item_current(c, x->a->id, x->r->id, it, row);
    if (f < 0)
        return result_database(x->result);
    if (f == 0)
        return result_error(x->result, PR_ERR_NOT_FOUND, "id", "no forecast item CF%lld in %s's book", x->r->id,
                            x->a->code);
    if (row->moved_to[0]) {
        char d[DATE_BUFSZ];
        return result_error(x->result, PR_ERR_MOVED, "id",
                            "forecast item CF%lld moved to %s on %s (a merger): %s changes it now", x->r->id,
                            row->moved_to, date_format_uk(row->moved_on, d), row->moved_to);
    }
    if (row->cancelled)
        return result_error(x->result, PR_ERR_CANCELLED, "id", "forecast item CF%lld was cancelled at %s by %s",
                            x->r->id, row->entered_at, row->entered_by);
    return EXIT_OK;
}

static bool same_terms(const struct cash_item *p, const struct cash_item *q)
{
    return p->date == q->date && p->amount == q->amount && p->repeat == q->repeat && p->until == q->until &&
           strcmp(p->account, q->account) == 0 && strcmp(p->category, q->category) == 0 &&
           strcmp(p->description, q->description) == 0;
}

/* Write the row superseding row, its audit and the answer. */
static int supersede(PGconn *c, const struct item_ctx *x, const struct cash_item_row *row,
                     const struct cash_item *before, const struct cash_item *after, bool cancel)
{
    int64_t id;
    /* the row keeps the item's own authority (a moved item's predecessor); the audit row is the changer's */
    int f = cash_item_supersede(c, row->owner, row->id, x->r->id, after, cancel, x->r->reason, x->r->by, &id);
    if (f <= 0) {
        if (f == 0)
            error("forecast item CF%lld changed while this change was being made", x->r->id);
        return result_database(x->result);
    }
    int rc = audit(c, x, x->r->id, cancel ? "cancel" : "amend", before, after);
    return rc != EXIT_OK ? rc : answer(x, x->r->id, cancel ? "cancelled" : "amended", after);
}

static int amend_body(PGconn *c, void *arg)
{
    struct item_ctx *x = arg;
    struct cash_item before, after;
    struct cash_item_row row;
    int rc = current(c, x, &before, &row);
    if (rc != EXIT_OK)
        return rc;
    after = before;
    if ((rc = apply(c, x, &after)) != EXIT_OK)
        return rc;
    if (same_terms(&before, &after))
        return result_error(x->result, PR_ERR_INVALID, NULL,
                            "the amendment changes nothing: give the terms that change (--date, --amount, ...)");
    return supersede(c, x, &row, &before, &after, false);
}

static int cancel_body(PGconn *c, void *arg)
{
    struct item_ctx *x = arg;
    struct cash_item it;
    struct cash_item_row row;
    int rc = current(c, x, &it, &row);
    return rc != EXIT_OK ? rc : supersede(c, x, &row, &it, &it, true);
}

static int run(PGconn *c, const struct authority *a, const struct cash_item_change *r, cJSON **result,
               int (*body)(PGconn *, void *))
{
    if (!r->by || !r->by[0])
        return result_error(result, PR_ERR_INVALID, "by", "say who records it (--by NAME)");
    struct item_ctx x = {a, r, result};
    int rc = db_transaction(c, body, &x);
    return rc < 0 ? result_database(result) : rc;
}

int forecast_item_add(PGconn *c, const struct authority *a, const struct cash_item_change *r, cJSON **result)
{
    return run(c, a, r, result, add_body);
}

int forecast_item_amend(PGconn *c, const struct authority *a, const struct cash_item_change *r, cJSON **result)
{
    return run(c, a, r, result, amend_body);
}

int forecast_item_cancel(PGconn *c, const struct authority *a, const struct cash_item_change *r, cJSON **result)
{
    return run(c, a, r, result, cancel_body);
}
