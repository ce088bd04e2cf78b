/* repayment.c (store): early repayments, account top-ups and withdrawals entered one at a time,
 * and top-up approvals (see repayment.h). */
#include "store/repayment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"

static int unreadable(const char *what, const char *value)
{
    return error("read deal: %s \"%s\" from the database cannot be read", what, value);
}

static int read_held(const PGresult *r, struct held_deal *d)
{
    d->id = db_get_int(r, 0, "id");
    snprintf(d->status, sizeof d->status, "%s", db_get(r, 0, "status"));
    snprintf(d->counterparty, sizeof d->counterparty, "%s", db_get(r, 0, "code"));
    d->maturity = DATE_NONE;
    if (!inv_type_parse(db_get(r, 0, "type"), &d->type))
        return unreadable("type", db_get(r, 0, "type"));
    if (!date_parse(db_get(r, 0, "start_date"), &d->start, NULL))
        return unreadable("start_date", db_get(r, 0, "start_date"));
    if (!db_isnull(r, 0, "maturity_date") && !date_parse(db_get(r, 0, "maturity_date"), &d->maturity, NULL))
        return unreadable("maturity_date", db_get(r, 0, "maturity_date"));
    if (!money_parse(db_get(r, 0, "principal"), &d->principal, NULL))
        return unreadable("principal", db_get(r, 0, "principal"));
    return 0;
}

int held_deal_lock(PGconn *c, int64_t authority_id, const char *ref, struct held_deal *d)
{
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), ref};
    PGresult *r;
    int n = db_query_one(c, "look up deal",
                         "SELECT i.id, i.type, i.status, c.code, to_char(i.start_date, 'YYYY-MM-DD') AS start_date,"
                         " to_char(i.maturity_date, 'YYYY-MM-DD') AS maturity_date, i.principal::text AS principal"
                         " FROM investments i JOIN counterparties c ON c.id = i.counterparty_id"
                         " WHERE i.authority_id = $1 AND i.ref = $2 FOR UPDATE OF i",
                         2, p, &r);
    if (n <= 0)
        return n < 0 ? -1 : 1;
    int rc = read_held(r, d);
    PQclear(r);
    return rc;
}

int repayments_total(PGconn *c, int64_t investment_id, money_t *out)
{
    char id[DB_INT_BUFSZ];
    const char *p[] = {db_int(investment_id, id)};
    PGresult *r;
    if (db_query_one(c, "sum the deal's repayments",
                     "SELECT coalesce(sum(amount), 0)::text AS total FROM deal_repayments d WHERE investment_id = $1"
                     " AND NOT EXISTS (SELECT 1 FROM deal_repayments s WHERE s.supersedes = d.id)",
                     1, p, &r) < 0)
        return -1;
    bool ok = money_parse(db_get(r, 0, "total"), out, NULL);
    PQclear(r);
    return ok ? 0 : error("sum the deal's repayments: the total cannot be read");
}

int repayment_insert(PGconn *c, int64_t authority_id, int64_t investment_id, date_t date, money_t amount,
                     money_t break_cost, const char *reason, const char *by, int64_t *id)
{
    char auth[DB_INT_BUFSZ], inv[DB_INT_BUFSZ], d[DATE_BUFSZ], a[MONEY_BUFSZ], bc[MONEY_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), db_int(investment_id, inv), date_format_iso(date, d),
                       money_format(amount, 0, a), break_cost >= 0 ? money_format(break_cost, 0, bc) : NULL,
                       reason ? reason : "", by};
    PGresult *r;
    if (db_query_one(c, "record the repayment",
                     "INSERT INTO deal_repayments (authority_id, investment_id, date, amount, break_cost, reason,"
                     " entered_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                     7, p, &r) < 1)
        return -1;
    *id = db_get_int(r, 0, "id");
    PQclear(r);
    return 0;
}

int account_movements_effective(PGconn *c, int64_t investment_id, struct movement **out)
{
    char id[DB_INT_BUFSZ];
    const char *p[] = {db_int(investment_id, id)};
    PGresult *r = db_query(c, "load the account's movements",
                           "SELECT to_char(m.date, 'YYYY-MM-DD') AS date, m.kind, m.amount::text AS amount"
                           " FROM current_movements m WHERE m.investment_id = $1"
                           " AND NOT (m.source = 'deal' AND m.kind = 'deposit'"
                           "  AND NOT EXISTS (SELECT 1 FROM movement_approvals a WHERE a.movement_id = m.id))"
                           " ORDER BY m.date, m.id",
                           1, p);
    if (!r)
        return -1;
    int n = PQntuples(r);
    *out = xcalloc((unsigned long)n + 1, sizeof **out);
    for (int i = 0; i < n; i++) {
        struct movement *m = &(*out)[i];
        m->investment_id = investment_id;
        if (!date_parse(db_get(r, i, "date"), &m->date, NULL) || !move_kind_parse(db_get(r, i, "kind"), &m->kind) ||
            !money_parse(db_get(r, i, "amount"), &m->amount, NULL)) {
            PQclear(r);
            free(*out);
            *out = NULL;
            return unreadable("movement", "");
        }
    }
    PQclear(r);
    return n;
}

int account_movement_insert(PGconn *c, int64_t authority_id, int64_t investment_id, date_t date,
                            enum move_kind kind, money_t amount, const char *note, const char *by, int64_t *id)
{
    char auth[DB_INT_BUFSZ], inv[DB_INT_BUFSZ], d[DATE_BUFSZ], a[MONEY_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), db_int(investment_id, inv), date_format_iso(date, d),
                       move_kind_name(kind), money_format(amount, 0, a), note ? note : "", by};
    PGresult *r;
    int n = db_query_one(c, "record the movement",
                         "INSERT INTO movements (authority_id, investment_id, date, kind, amount, note, source,"
                         " entered_by) VALUES ($1, $2, $3, $4, $5, $6, 'deal', $7)"
                         " ON CONFLICT DO NOTHING RETURNING id",
                         7, p, &r);
    if (n <= 0)
        return n < 0 ? -1 : 1;
    *id = db_get_int(r, 0, "id");
    PQclear(r);
    return 0;
}

int topups_pending(PGconn *c, int64_t investment_id, struct pending_topup **out)
{
    char id[DB_INT_BUFSZ];
    const char *p[] = {db_int(investment_id, id)};
    PGresult *r = db_query(c, "load the pending top-ups",
                           "SELECT m.id, to_char(m.date, 'YYYY-MM-DD') AS date, m.amount::text AS amount, m.entered_by"
                           " FROM current_movements m WHERE m.investment_id = $1 AND m.source = 'deal'"
                           " AND m.kind = 'deposit'"
                           " AND NOT EXISTS (SELECT 1 FROM movement_approvals a WHERE a.movement_id = m.id)"
                           " ORDER BY m.id",
                           1, p);
    if (!r)
        return -1;
    int n = PQntuples(r);
    *out = xcalloc((unsigned long)n + 1, sizeof **out);
    for (int i = 0; i < n; i++) {
        struct pending_topup *t = &(*out)[i];
        t->id = db_get_int(r, i, "id");
        snprintf(t->entered_by, sizeof t->entered_by, "%s", db_get(r, i, "entered_by"));
        if (!date_parse(db_get(r, i, "date"), &t->date, NULL) || !money_parse(db_get(r, i, "amount"), &t->amount, NULL)) {
            PQclear(r);
            free(*out);
            *out = NULL;
            return unreadable("top-up", db_get(r, i, "id"));
        }
    }
    PQclear(r);
    return n;
}

int topup_approve(PGconn *c, int64_t authority_id, int64_t movement_id, const char *by)
{
    char auth[DB_INT_BUFSZ], id[DB_INT_BUFSZ];
    const char *p[] = {db_int(movement_id, id), db_int(authority_id, auth), by};
    return db_exec(c, "approve the top-up",
                   "INSERT INTO movement_approvals (movement_id, authority_id, approved_by) VALUES ($1, $2, $3)", 3, p);
}

int topup_reject(PGconn *c, int64_t authority_id, int64_t movement_id, const char *by, bool withdraw,
                 const char *reason)
{
    char auth[DB_INT_BUFSZ], id[DB_INT_BUFSZ];
    const char *p[] = {db_int(movement_id, id), db_int(authority_id, auth), withdraw ? "withdraw" : "reject", reason,
                       by};
    return db_exec(c, withdraw ? "withdraw the top-up" : "reject the top-up",
                   "INSERT INTO movement_rejections (movement_id, authority_id, action, reason, rejected_by)"
                   " VALUES ($1, $2, $3, $4, $5)",
                   5, p);
}
