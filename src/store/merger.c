/* merger.c: mergers of authorities in PostgreSQL (see merger.h, sql/215_mergers.sql). */
#include "store/merger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/book.h"
#include "store/db.h"
#include "util/err.h"

int merger_lock(PGconn *c, const int64_t *ids, int n)
{
    char *arr;
    db_id_array(ids, n, &arr);
    const char *p[] = {arr};
    int rc = db_exec(c, "lock the merging authorities",
                     "SELECT id FROM authorities WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE", 1, p);
    free(arr);
    return rc;
}

int merger_of(PGconn *c, int64_t authority_id, char succ[AUTHORITY_CODE_MAX], date_t *on)
{
    char id[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, id)};
    PGresult *r;
    int found = db_query_one(c, "look up an earlier merger",
                             "SELECT a.code, to_char(m.vesting_date, 'YYYY-MM-DD') AS vesting_date"
                             " FROM authority_mergers m JOIN authorities a ON a.id = m.authority_id"
                             " WHERE m.authority_id = $1 OR m.id IN"
                             " (SELECT merger_id FROM merger_predecessors WHERE authority_id = $1)"
                             " ORDER BY m.id LIMIT 1",
                             1, p, &r);
    if (found == 1) {
        snprintf(succ, AUTHORITY_CODE_MAX, "%s", db_get(r, 0, "code"));
        date_parse(db_get(r, 0, "vesting_date"), on, NULL);
        PQclear(r);
    }
    return found;
}

int merger_late_booking(PGconn *c, int64_t authority_id, date_t on, char ref[REF_MAX], date_t *start)
{
    char id[DB_INT_BUFSZ], d[DATE_BUFSZ];
    const char *p[] = {db_int(authority_id, id), date_format_iso(on, d)};
    PGresult *r;
    int found = db_query_one(c, "look for bookings after the vesting day",
                             "SELECT ref, to_char(start_date, 'YYYY-MM-DD') AS start_date FROM"
                             " (SELECT ref, start_date FROM investments WHERE authority_id = $1"
                             "  AND status <> 'cancelled' AND start_date >= $2::date"
                             "  UNION ALL SELECT ref, start_date FROM loans WHERE authority_id = $1"
                             "  AND status <> 'cancelled' AND start_date >= $2::date) b"
                             " ORDER BY start_date, ref LIMIT 1",
                             2, p, &r);
    if (found == 1) {
        snprintf(ref, REF_MAX, "%s", db_get(r, 0, "ref"));
        date_parse(db_get(r, 0, "start_date"), start, NULL);
        PQclear(r);
    }
    return found;
}

int merger_insert(PGconn *c, int64_t successor_id, date_t on, const char *by, int64_t *id)
{
    char s[DB_INT_BUFSZ], d[DATE_BUFSZ];
    const char *p[] = {db_int(successor_id, s), date_format_iso(on, d), by};
    PGresult *r;
    int found = db_query_one(c, "record the merger",
                             "INSERT INTO authority_mergers (authority_id, vesting_date, entered_by)"
                             " VALUES ($1, $2, $3) RETURNING id",
                             3, p, &r);
    if (found != 1)
        return -1;
    *id = db_get_int(r, 0, "id");
    PQclear(r);
    return 0;
}

int merger_add_predecessor(PGconn *c, int64_t id, int64_t authority_id, int64_t *seq, char hash[65])
{
    char m[DB_INT_BUFSZ], a[DB_INT_BUFSZ];
    const char *p[] = {db_int(id, m), db_int(authority_id, a)};
    PGresult *r;
    int found = db_query_one(c, "record a predecessor",
                             "INSERT INTO merger_predecessors (merger_id, authority_id, head_seq, head_hash)"
                             " SELECT $1, $2, coalesce(h.seq, 0), coalesce(encode(h.hash, 'hex'), '')"
                             " FROM (SELECT 1) one LEFT JOIN (SELECT seq, hash FROM audit_log"
                             " WHERE authority_id = $2 ORDER BY seq DESC LIMIT 1) h ON true"
                             " RETURNING head_seq, head_hash",
                             2, p, &r);
    if (found != 1)
        return -1;
    *seq = db_get_int(r, 0, "head_seq");
    snprintf(hash, 65, "%s", db_get(r, 0, "head_hash"));
    PQclear(r);
    return 0;
}

int merger_transfer(PGconn *c, int64_t merger_id, const char *kind, int64_t holding_id, int64_t from,
                    int64_t to, date_t on, const char *ref, const char *by)
{
    char m[DB_INT_BUFSZ], h[DB_INT_BUFSZ], f[DB_INT_BUFSZ], t[DB_INT_BUFSZ], d[DATE_BUFSZ];
    const char *p[] = {db_int(merger_id, m), kind, db_int(holding_id, h), db_int(from, f),
                       db_int(to, t), date_format_iso(on, d), ref, by};
    return db_exec(c, "record a transfer",
                   "INSERT INTO holding_transfers (merger_id, kind, holding_id, from_authority_id,"
                   " authority_id, transfer_date, ref, entered_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   8, p);
}

int merger_cash_items(PGconn *c, int64_t authority_id, date_t on, int64_t **numbers)
{
    char id[DB_INT_BUFSZ], d[DATE_BUFSZ];
    const char *p[] = {db_int(authority_id, id), date_format_iso(on, d)};
    PGresult *r = db_query(c, "load the forecast items live on the vesting day",
                           "SELECT coalesce(origin, id) AS number FROM current_cash_items WHERE authority_id = $1"
                           " AND (date >= $2::date OR (repeat <> '' AND (until IS NULL OR until >= $2::date)))"
                           " ORDER BY 1",
                           2, p);
    if (!r)
        return -1;
    int n = PQntuples(r);
    *numbers = xcalloc((unsigned long)n + 1, sizeof **numbers);
    for (int i = 0; i < n; i++)
        (*numbers)[i] = db_get_int(r, i, "number");
    PQclear(r);
    return n;
}

int merger_bank_accounts(PGconn *c, int64_t authority_id, struct merger_account **out)
{
    char id[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, id)};
    PGresult *r = db_query(c, "load the bank accounts to move",
                           "SELECT id, code FROM bank_accounts WHERE authority_id = $1 AND supersedes IS NULL"
                           " ORDER BY code COLLATE \"C\"",
                           1, p);
    if (!r)
        return -1;
    int n = PQntuples(r);
    *out = xcalloc((unsigned long)n + 1, sizeof **out);
    for (int i = 0; i < n; i++) {
        (*out)[i].id = db_get_int(r, i, "id");
        snprintf((*out)[i].code, sizeof (*out)[i].code, "%s", db_get(r, i, "code"));
    }
    PQclear(r);
    return n;
}

int merger_transfer_account(PGconn *c, int64_t merger_id, const struct merger_account *acc, int64_t from,
                            int64_t to, date_t on, const char *as, const char *by)
{
    char m[DB_INT_BUFSZ], h[DB_INT_BUFSZ], f[DB_INT_BUFSZ], t[DB_INT_BUFSZ], d[DATE_BUFSZ];
    const char *p[] = {db_int(merger_id, m), db_int(acc->id, h), db_int(from, f), db_int(to, t),
                       date_format_iso(on, d), as, by, acc->code};
    return db_exec(c, "record an account's transfer",
                   "INSERT INTO holding_transfers (merger_id, kind, holding_id, from_authority_id,"
                   " authority_id, transfer_date, ref, entered_by, was)"
                   " VALUES ($1, 'bank_account', $2, $3, $4, $5, $6, $7, $8)",
                   8, p);
}

int merger_predecessors_of(PGconn *c, int64_t successor_id, date_t *on, struct authority **preds, int *n)
{
    char id[DB_INT_BUFSZ];
    const char *p[] = {db_int(successor_id, id)};
    PGresult *r = db_query(c, "load the predecessors",
                           "SELECT to_char(m.vesting_date, 'YYYY-MM-DD') AS vesting_date, a.id, a.code"
                           " FROM authority_mergers m JOIN merger_predecessors p ON p.merger_id = m.id"
                           " JOIN authorities a ON a.id = p.authority_id WHERE m.authority_id = $1 ORDER BY a.code",
                           1, p);
    if (!r)
        return -1;
    *n = PQntuples(r);
    *preds = xcalloc(*n ? (size_t)*n : 1, sizeof **preds);
    for (int i = 0; i < *n; i++) {
        (*preds)[i].id = db_get_int(r, i, "id");
        snprintf((*preds)[i].code, sizeof (*preds)[i].code, "%s", db_get(r, i, "code"));
        date_parse(db_get(r, i, "vesting_date"), on, NULL);
    }
    PQclear(r);
    return *n > 0;
}
