/* history.c: one holding's dated events with the balance after each (see views/history.h). */
#include "views/history.h"

#include <string.h>

#include "core/balance.h"
#include "store/history.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/json.h"

/* A string value, or JSON null when empty. */
static void add_text(cJSON *o, const char *key, const char *v)
{
    if (v && *v)
        cJSON_AddStringToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static bool in_range(date_t d, date_t from, date_t to)
{
    return (from == DATE_NONE || d >= from) && (to == DATE_NONE || d <= to);
}

/* The running state of the walk through the events. */
struct walk {
    date_t from, to;
    money_t balance, before; /* the balance now; the balance the day before from */
    money_t value;
    bool has_value;
    cJSON *events;
};

/* Append an event (when in range) after moving the balance by change. Returns the event (or
 * NULL when out of range), -1 in *ok on overflow. */
static cJSON *event(struct walk *w, date_t d, const char *kind, money_t amount, money_t change, bool *ok)
{
    if (w->from != DATE_NONE && d < w->from && !money_add(w->before, change, &w->before))
        *ok = false;
    if (w->to != DATE_NONE && d > w->to)
        return NULL;
    if (!money_add(w->balance, change, &w->balance))
        *ok = false;
    if (!in_range(d, w->from, w->to))
        return NULL;
    cJSON *e = cJSON_CreateObject();
    json_add_date(e, "date", d);
    cJSON_AddStringToObject(e, "kind", kind);
    json_add_money(e, "amount", amount);
    cJSON_AddItemToArray(w->events, e);
    return e;
}

static void add_balance(cJSON *e, const struct walk *w)
{
    if (e)
        json_add_money(e, "balance", w->balance);
}

/* A rejected or withdrawn top-up's status and who turned it down, when and why, onto e. */
static void add_rejection(cJSON *e, const struct rows *r, int i, const char *action)
{
    cJSON_AddStringToObject(e, "status", strcmp(action, "withdraw") == 0 ? "withdrawn" : "rejected");
    cJSON_AddStringToObject(e, "rejected_by", rows_get(r, i, "rejected_by"));
    cJSON_AddStringToObject(e, "rejected_at", rows_get(r, i, "rejected_at"));
    cJSON_AddStringToObject(e, "rejection_reason", rows_get(r, i, "rejection_reason"));
}

/* The movements of the holding, in date order, onto the walk. Returns 0, -1 (database), -2
 * (unreadable or overflow). */
static int walk_movements(PGconn *c, int64_t id, struct walk *w)
{
    struct rows *r = history_movements(c, id);
    if (!r)
        return -1;
    bool ok = true;
    for (int i = 0; i < rows_count(r) && ok; i++) {
        struct movement m = {.investment_id = id};
        /* a dated deal's early repayment moves its principal as a withdrawal would */
        bool repayment = strcmp(rows_get(r, i, "kind"), "repayment") == 0;
        if (repayment)
            m.kind = MOVE_WITHDRAWAL;
        ok = date_parse(rows_get(r, i, "date"), &m.date, NULL) &&
             (repayment || move_kind_parse(rows_get(r, i, "kind"), &m.kind)) &&
             money_parse(rows_get(r, i, "amount"), &m.amount, NULL);
        if (!ok)
            break;
        /* a rejected or withdrawn top-up is shown where it was, and moves no balance */
        const char *rejected = rows_get(r, i, "rejected");
        cJSON *e = event(w, m.date, repayment ? "repayment" : move_kind_name(m.kind), m.amount,
                         *rejected ? 0 : movement_change(&m), &ok);
        if (m.kind == MOVE_VALUATION && (w->to == DATE_NONE || m.date <= w->to)) {
            w->value = m.amount;
            w->has_value = true;
        }
        if (!e)
            continue;
        cJSON_AddStringToObject(e, "note", rows_get(r, i, "note"));
        cJSON_AddStringToObject(e, "entered_by", rows_get(r, i, "entered_by"));
        cJSON_AddStringToObject(e, "entered_at", rows_get(r, i, "entered_at"));
        if (strcmp(rows_get(r, i, "pending"), "t") == 0) /* only then: other events keep their fields */
            cJSON_AddStringToObject(e, "status", "pending");
        if (*rejected)
            add_rejection(e, r, i, rejected);
        if (repayment) {
            money_t cost;
            if (*rows_get(r, i, "break_cost") && money_parse(rows_get(r, i, "break_cost"), &cost, NULL))
                json_add_money(e, "break_cost", cost);
            else
                cJSON_AddNullToObject(e, "break_cost");
        }
        add_balance(e, w);
        money_t gain;
        if (m.kind == MOVE_VALUATION && money_sub(m.amount, w->balance, &gain)) {
            json_add_money(e, "value", m.amount);
            json_add_money(e, "gain", gain);
        }
    }
    rows_free(r);
    return ok ? 0 : -2;
}

/* A roll link as an object. */
static cJSON *roll_json(const struct rows *r, int i)
{
    cJSON *o = cJSON_CreateObject();
    static const char *const cols[] = {"ref", "start_date", "maturity_date", "principal", "status", "entered_by",
                                       "entered_at"};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        add_text(o, cols[k], rows_get(r, i, cols[k]));
    return o;
}

static int add_rolls(PGconn *c, int64_t id, cJSON *doc)
{
    struct rows *r = history_rolls(c, id);
    if (!r)
        return -1;
    cJSON *from = NULL, *to = cJSON_CreateArray();
    for (int i = 0; i < rows_count(r); i++) {
        if (strcmp(rows_get(r, i, "direction"), "from") == 0 && !from)
            from = roll_json(r, i);
        else if (strcmp(rows_get(r, i, "direction"), "to") == 0)
            cJSON_AddItemToArray(to, roll_json(r, i));
    }
    cJSON_AddItemToObject(doc, "rolled_from", from ? from : cJSON_CreateNull());
    cJSON_AddItemToObject(doc, "rolled_to", to);
    rows_free(r);
    return 0;
}

/* The holding's terms onto doc. */
static void add_terms(cJSON *doc, const struct rows *h, date_t from, date_t to)
{
    static const char *const cols[] = {"ref", "type", "counterparty", "counterparty_name", "principal", "rate",
                                       "start_date", "maturity_date", "status"};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        add_text(doc, cols[k], rows_get(h, 0, cols[k]));
    if (*rows_get(h, 0, "account")) /* only when named: a deal in the default account as before */
        cJSON_AddStringToObject(doc, "account", rows_get(h, 0, "account"));
    json_add_date(doc, "as_of", clock_today());
    if (from != DATE_NONE)
        json_add_date(doc, "from", from);
    else
        cJSON_AddNullToObject(doc, "from");
    if (to != DATE_NONE)
        json_add_date(doc, "to", to);
    else
        cJSON_AddNullToObject(doc, "to");
}

/* The events and closing figures onto doc. 0, -1 database, -2 unreadable or overflow. */
static int add_events(PGconn *c, cJSON *doc, const struct rows *h, date_t from, date_t to)
{
    money_t principal;
    date_t start, maturity = DATE_NONE;
    if (!money_parse(rows_get(h, 0, "principal"), &principal, NULL) ||
        !date_parse(rows_get(h, 0, "start_date"), &start, NULL) ||
        (*rows_get(h, 0, "maturity_date") && !date_parse(rows_get(h, 0, "maturity_date"), &maturity, NULL)))
        return -2;
    struct walk w = {.from = from, .to = to, .events = cJSON_AddArrayToObject(doc, "events")};
    bool ok = true;
    cJSON *e = event(&w, start, "opening", principal, principal, &ok);
    if (e) {
        cJSON_AddStringToObject(e, "note", "");
        cJSON_AddStringToObject(e, "entered_by", rows_get(h, 0, "booked_by"));
        cJSON_AddStringToObject(e, "entered_at", rows_get(h, 0, "booked_at"));
        add_balance(e, &w);
    }
    int rc = walk_movements(c, rows_int(h, 0, "id"), &w);
    if (rc != 0)
        return rc;
    if (maturity != DATE_NONE) { /* what is left is repaid at maturity */
        money_t left = w.balance, change;
        if (!money_sub(0, left, &change))
            return -2;
        e = event(&w, maturity, "maturity", left, change, &ok);
        if (e) {
            cJSON_AddStringToObject(e, "note", "");
            add_balance(e, &w);
        }
    }
    if (!ok)
        return -2;
    if (from != DATE_NONE)
        json_add_money(doc, "balance_before", w.before);
    else
        cJSON_AddNullToObject(doc, "balance_before");
    json_add_money(doc, "balance", w.balance);
    money_t gain;
    if (w.has_value && money_sub(w.value, w.balance, &gain)) {
        json_add_money(doc, "value", w.value);
        json_add_money(doc, "gain", gain);
    } else {
        cJSON_AddNullToObject(doc, "value");
        cJSON_AddNullToObject(doc, "gain");
    }
    return 0;
}

cJSON *history_json(PGconn *c, const struct authority *a, const char *ref, date_t from, date_t to, int *code)
{
    struct rows *h = history_holding(c, a->id, ref);
    if (!h) {
        *code = EXIT_DEP;
        return NULL;
    }
    if (rows_count(h) != 1) {
        rows_free(h);
        *code = EXIT_BAD;
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    add_terms(doc, h, from, to);
    int rc = add_events(c, doc, h, from, to);
    if (rc == 0 && *rows_get(h, 0, "maturity_date"))
        rc = add_rolls(c, rows_int(h, 0, "id"), doc);
    rows_free(h);
    if (rc != 0) {
        if (rc == -2)
            error("history of %s: a figure cannot be read or overflows", ref);
        cJSON_Delete(doc);
        *code = EXIT_DEP;
        return NULL;
    }
    return doc;
}
