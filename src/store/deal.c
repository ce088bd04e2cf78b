/* deal.c (store): the investments statements of the deal use cases (see store/deal.h). */
#include "store/deal.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"

int deals_find_counterparty(PGconn *c, const char *code_or_name, struct deal_counterparty *k)
{
    const char *p[] = {code_or_name};
    PGresult *r = db_query(c, "look up counterparty",
                           "SELECT id, code, coalesce(group_code, code) AS grp, country, sector"
                           " FROM counterparties WHERE code = $1 OR name = $1 ORDER BY (code = $1) DESC LIMIT 1",
                           1, p);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        k->id = db_get_int(r, 0, "id");
        snprintf(k->code, sizeof k->code, "%s", db_get(r, 0, "code"));
        snprintf(k->group, sizeof k->group, "%s", db_get(r, 0, "grp"));
        snprintf(k->country, sizeof k->country, "%s", db_get(r, 0, "country"));
        snprintf(k->sector, sizeof k->sector, "%s", db_get(r, 0, "sector"));
    }
    PQclear(r);
    return found ? 0 : 1;
}

int deals_lock_limit(PGconn *c, int level, const char *key)
{
    char lv[16];
    snprintf(lv, sizeof lv, "%d", level);
    const char *p[] = {lv, key};
    return db_exec(c, "lock the limits of a booking", "SELECT pg_advisory_xact_lock($1::int, hashtext($2))", 2, p);
}

int deals_ref_taken(PGconn *c, int64_t authority_id, const char *ref)
{
    char auth[DB_INT_BUFSZ];
    db_int(authority_id, auth);
    const char *p[] = {auth, ref};
    PGresult *res = db_query(c, "look up deal", "SELECT 1 FROM investments WHERE authority_id = $1 AND ref = $2", 2, p);
    if (!res)
        return -1;
    int n = PQntuples(res);
    PQclear(res);
    return n > 0;
}

int deals_next_number(PGconn *c, int64_t *n)
{
    PGresult *res = db_query(c, "number the deal", "SELECT nextval('deal_ref_seq') AS n", 0, NULL);
    if (!res)
        return -1;
    *n = db_get_int(res, 0, "n");
    PQclear(res);
    return 0;
}

/* The terms as text parameters: type, counterparty, amount, rate, start, maturity, notice days
 * (NULL entries are SQL NULL). */
struct terms_text {
    char cp[24], amount[MONEY_BUFSZ], rate[RATE_BUFSZ], sd[DATE_BUFSZ], md[DATE_BUFSZ], nd[16];
};

static void terms_text(const struct deal_terms *t, struct terms_text *x)
{
    db_int(t->counterparty_id, x->cp);
    snprintf(x->nd, sizeof x->nd, "%d", t->notice_days);
    money_format(t->amount, MONEY_PLAIN, x->amount);
    rate_format(t->rate, 6, x->rate);
    date_format_iso(t->start, x->sd);
    if (t->maturity != DATE_NONE)
        date_format_iso(t->maturity, x->md);
}

int deals_insert(PGconn *c, int64_t authority_id, const char *ref, const struct deal_terms *t, const char *by,
                 int64_t by_id, const char *late_reason)
{
    char auth[DB_INT_BUFSZ], uid[DB_INT_BUFSZ];
    struct terms_text x;
    db_int(authority_id, auth);
    terms_text(t, &x);
    const char *p[] = {auth, ref, inv_type_name(t->type), x.cp, x.amount, x.rate, x.sd,
                       t->maturity != DATE_NONE ? x.md : NULL, t->notice_days >= 0 ? x.nd : NULL, by,
                       by_id ? db_int(by_id, uid) : NULL, late_reason, t->account};
    return db_exec(c, "book deal",
                   "INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate,"
                   " start_date, maturity_date, notice_days, status, source, booked_by, booked_by_id, late_reason,"
                   " settlement_account)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', 'deal', $10, $11, $12, $13)",
                   13, p);
}

int deals_lock(PGconn *c, int64_t authority_id, const char *ref, struct deal_row *d)
{
    char auth[DB_INT_BUFSZ];
    db_int(authority_id, auth);
    const char *p[] = {auth, ref};
    PGresult *r = db_query(c, "look up deal",
                           "SELECT id, status, coalesce(booked_by, '') AS booked_by, coalesce(booked_by_id, 0) AS bid,"
                           " coalesce(amended_by, '') AS amended_by, coalesce(amended_by_id, 0) AS aid,"
                           " late_reason IS NOT NULL AS late FROM investments"
                           " WHERE authority_id = $1 AND ref = $2 FOR UPDATE",
                           2, p);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found) {
        d->id = db_get_int(r, 0, "id");
        snprintf(d->status, sizeof d->status, "%s", db_get(r, 0, "status"));
        snprintf(d->booked_by, sizeof d->booked_by, "%s", db_get(r, 0, "booked_by"));
        d->booked_by_id = db_get_int(r, 0, "bid");
        snprintf(d->amended_by, sizeof d->amended_by, "%s", db_get(r, 0, "amended_by"));
        d->amended_by_id = db_get_int(r, 0, "aid");
        d->late = strcmp(db_get(r, 0, "late"), "t") == 0;
    }
    PQclear(r);
    return found ? 0 : 1;
}

cJSON *deals_snapshot(PGconn *c, int64_t id)
{
    char s[DB_INT_BUFSZ];
    db_int(id, s);
    const char *p[] = {s};
    PGresult *r = db_query(c, "read deal",
                           /* the ids stay out, and the new columns (sql/125) appear only when set,
                            * so a deal without them reads as it did */
                           "SELECT to_jsonb(d) - 'id' - 'authority_id' - 'counterparty_id'"
                           " - ARRAY['booked_by_id', 'approved_by_id', 'amended_by_id']"
                           " - (SELECT coalesce(array_agg(k), '{}') FROM (VALUES ('amended_by', d.amended_by IS NULL),"
                           "    ('amended_at', d.amended_at IS NULL), ('late_reason', d.late_reason IS NULL)) v(k, unset)"
                           "    WHERE unset) || jsonb_build_object("
                           "'counterparty', (SELECT code FROM counterparties WHERE id = d.counterparty_id),"
                           " 'principal', d.principal::text, 'rate', d.rate::text) AS j"
                           " FROM investments d WHERE id = $1",
                           1, p);
    if (!r)
        return NULL;
    cJSON *j = PQntuples(r) ? cJSON_Parse(db_get(r, 0, "j")) : NULL;
    PQclear(r);
    return j;
}

int deals_confirm(PGconn *c, int64_t id, const char *by, int64_t by_id)
{
    char s[DB_INT_BUFSZ], uid[DB_INT_BUFSZ];
    db_int(id, s);
    const char *p[] = {s, by, by_id ? db_int(by_id, uid) : NULL};
    return db_exec(c, "approve deal",
                   "UPDATE investments SET status = 'confirmed', approved_by = $2, approved_by_id = $3,"
                   " approved_at = now() WHERE id = $1",
                   3, p);
}

int deals_cancel(PGconn *c, int64_t id, const char *by, const char *why)
{
    char s[DB_INT_BUFSZ];
    db_int(id, s);
    const char *p[] = {s, by, why};
    return db_exec(c, "cancel deal",
                   "UPDATE investments SET status = 'cancelled', cancelled_by = $2,"
                   " cancelled_at = now(), cancel_reason = $3 WHERE id = $1",
                   3, p);
}

int deals_terms(PGconn *c, int64_t id, struct deal_terms *t, char *cp_code, size_t n)
{
    char s[DB_INT_BUFSZ];
    db_int(id, s);
    const char *p[] = {s};
    PGresult *r = db_query(c, "read deal",
                           "SELECT d.type, c.code, d.principal::text AS principal, d.rate::text AS rate,"
                           " d.start_date::text AS start_date, d.maturity_date::text AS maturity_date,"
                           " d.notice_days FROM investments d JOIN counterparties c ON c.id = d.counterparty_id"
                           " WHERE d.id = $1",
                           1, p);
    if (!r)
        return -1;
    int ok = PQntuples(r) == 1 && inv_type_parse(db_get(r, 0, "type"), &t->type) &&
             money_parse(db_get(r, 0, "principal"), &t->amount, NULL) &&
             rate_parse(db_get(r, 0, "rate"), &t->rate, NULL) &&
             date_parse(db_get(r, 0, "start_date"), &t->start, NULL);
    if (ok) {
        snprintf(cp_code, n, "%s", db_get(r, 0, "code"));
        t->maturity = DATE_NONE;
        if (!db_isnull(r, 0, "maturity_date"))
            ok = date_parse(db_get(r, 0, "maturity_date"), &t->maturity, NULL);
        t->notice_days = db_isnull(r, 0, "notice_days") ? -1 : (int)db_get_int(r, 0, "notice_days");
        t->account = NULL; /* unchanged by an update */
    }
    PQclear(r);
    return ok ? 0 : 1;
}

int deals_settlement_account(PGconn *c, int64_t id, char *account, size_t n)
{
    char s[DB_INT_BUFSZ];
    db_int(id, s);
    const char *p[] = {s};
    PGresult *r = db_query(c, "read deal's settlement account",
                           "SELECT coalesce(settlement_account, '') AS account FROM investments WHERE id = $1", 1, p);
    if (!r)
        return -1;
    snprintf(account, n, "%s", PQntuples(r) == 1 ? db_get(r, 0, "account") : "");
    PQclear(r);
    return 0;
}

int deals_update_terms(PGconn *c, int64_t id, const struct deal_terms *t, const char *by, int64_t by_id,
                       const char *late_reason)
{
    char s[DB_INT_BUFSZ], uid[DB_INT_BUFSZ];
    struct terms_text x;
    db_int(id, s);
    terms_text(t, &x);
    const char *p[] = {s, inv_type_name(t->type), x.cp, x.amount, x.rate, x.sd, t->maturity != DATE_NONE ? x.md : NULL,
                       t->notice_days >= 0 ? x.nd : NULL, by, by_id ? db_int(by_id, uid) : NULL, late_reason,
                       t->account};
    return db_exec(c, "amend deal",
                   "UPDATE investments SET type = $2, counterparty_id = $3, principal = $4, rate = $5,"
                   " start_date = $6, maturity_date = $7, notice_days = $8, status = 'pending',"
                   " approved_by = NULL, approved_by_id = NULL, approved_at = NULL, amended_by = $9,"
                   " amended_by_id = $10, amended_at = now(), late_reason = coalesce($11, late_reason),"
                   " settlement_account = coalesce($12, settlement_account) WHERE id = $1",
                   12, p);
}
