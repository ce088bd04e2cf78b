/* stage.c: the book imports' staging tables and statements (see stage.h). */
#include "store/stage.h"

#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"

/* A kind's four statements over import_rows. existing: $1 the authority id (per-authority
 * kinds only). insert: $1 actor, $2 'true' for one audit row per inserted row, $3 authority id
 * (per-authority kinds only); answers one row with the count inserted. */
struct stage_sql {
    bool per_authority;
    const char *create, *copy, *existing, *insert;
};

static const struct stage_sql kinds[] = {
    [STAGE_COUNTERPARTIES] = {
        .per_authority = false,
        .create = "CREATE TEMP TABLE import_rows (idx int, code text, name text,"
                  " sector text, country text, group_code text) ON COMMIT DROP",
        .copy = "COPY import_rows (idx, code, name, sector, country, group_code) FROM STDIN",
        .existing = "SELECT t.idx, c.name, c.sector, c.country, c.group_code"
                    " FROM import_rows t JOIN counterparties c ON c.code = t.code",
        .insert =
            "WITH ins AS ("
            "  INSERT INTO counterparties (code, name, sector, country, group_code)"
            "  SELECT t.code, t.name, t.sector, t.country, t.group_code FROM import_rows t"
            "  WHERE NOT EXISTS (SELECT 1 FROM counterparties c WHERE c.code = t.code)"
            "  ORDER BY t.idx"
            "  ON CONFLICT (code) DO NOTHING"
            "  RETURNING *"
            "), audit AS ("
            "  INSERT INTO audit_log (actor, entity, entity_key, action, after)"
            "  SELECT $1, 'counterparty', ins.code, 'insert', to_jsonb(ins) FROM ins WHERE $2::boolean"
            ") SELECT count(*) FROM ins",
    },
    [STAGE_INVESTMENTS] = {
        .per_authority = true,
        .create = "CREATE TEMP TABLE import_rows (idx int, ref text, type text,"
                  " counterparty text, principal numeric(20,2), rate numeric(12,6), start_date date,"
                  " maturity_date date, notice_days int, account text) ON COMMIT DROP",
        .copy = "COPY import_rows (idx, ref, type, counterparty, principal, rate, start_date,"
                " maturity_date, notice_days, account) FROM STDIN",
        .existing = "SELECT t.idx, i.type, c.code, i.principal::text, i.rate::text,"
                    " to_char(i.start_date, 'YYYY-MM-DD'), to_char(i.maturity_date, 'YYYY-MM-DD'),"
                    " i.notice_days::text, i.settlement_account"
                    " FROM import_rows t JOIN investments i ON i.authority_id = $1 AND i.ref = t.ref"
                    " JOIN counterparties c ON c.id = i.counterparty_id",
        .insert =
            "WITH ins AS ("
            "  INSERT INTO investments (authority_id, ref, type, counterparty_id, principal, rate,"
            "      start_date, maturity_date, notice_days, source, booked_by, settlement_account)"
            "  SELECT $3::bigint, t.ref, t.type, c.id, t.principal, t.rate, t.start_date,"
            "      t.maturity_date, t.notice_days, 'import', $1, t.account"
            "  FROM import_rows t JOIN counterparties c ON c.code = t.counterparty"
            "  WHERE NOT EXISTS (SELECT 1 FROM investments i"
            "                    WHERE i.authority_id = $3::bigint AND i.ref = t.ref)"
            "  ORDER BY t.idx"
            "  RETURNING *"
            "), audit AS ("
            "  INSERT INTO audit_log (actor, authority_id, entity, entity_key, action, after)"
            "  SELECT $1, $3::bigint, 'investment', ins.ref, 'insert', to_jsonb(ins)"
            "  FROM ins WHERE $2::boolean"
            ") SELECT count(*) FROM ins",
    },
    [STAGE_LOANS] = {
        .per_authority = true,
        .create = "CREATE TEMP TABLE import_rows (idx int, ref text, type text,"
                  " lender text, principal numeric(20,2), rate numeric(12,6), start_date date,"
                  " maturity_date date, repayment text, option_date date, option_months int,"
                  " account text) ON COMMIT DROP",
        .copy = "COPY import_rows (idx, ref, type, lender, principal, rate, start_date,"
                " maturity_date, repayment, option_date, option_months, account) FROM STDIN",
        .existing = "SELECT t.idx, l.type, c.code, l.principal::text, l.rate::text,"
                    " to_char(l.start_date, 'YYYY-MM-DD'), to_char(l.maturity_date, 'YYYY-MM-DD'),"
                    " l.repayment, to_char(l.option_date, 'YYYY-MM-DD'), l.option_months::text,"
                    " l.settlement_account"
                    " FROM import_rows t JOIN loans l ON l.authority_id = $1 AND l.ref = t.ref"
                    " JOIN counterparties c ON c.id = l.lender_id",
        .insert =
            "WITH ins AS ("
            "  INSERT INTO loans (authority_id, ref, type, lender_id, principal, rate, start_date,"
            "      maturity_date, repayment, option_date, option_months, settlement_account)"
            "  SELECT $3::bigint, t.ref, t.type, c.id, t.principal, t.rate, t.start_date,"
            "      t.maturity_date, t.repayment, t.option_date, t.option_months, t.account"
            "  FROM import_rows t JOIN counterparties c ON c.code = t.lender"
            "  WHERE NOT EXISTS (SELECT 1 FROM loans l WHERE l.authority_id = $3::bigint AND l.ref = t.ref)"
            "  ORDER BY t.idx"
            "  RETURNING *"
            "), inst AS ("
            "  INSERT INTO loan_instalments (loan_id, seq, due_date, principal, interest, balance_after)"
            "  SELECT ins.id, s.seq, s.due_date, s.principal, s.interest, s.balance_after"
            "  FROM ins JOIN import_rows t ON t.ref = ins.ref JOIN import_instalments s ON s.idx = t.idx"
            "), audit AS ("
            "  INSERT INTO audit_log (actor, authority_id, entity, entity_key, action, after)"
            "  SELECT $1, $3::bigint, 'loan', ins.ref, 'insert', to_jsonb(ins) FROM ins WHERE $2::boolean"
            ") SELECT count(*) FROM ins",
    },
    [STAGE_MOVEMENTS] = {
        .per_authority = true,
        .create = "CREATE TEMP TABLE import_rows (idx int, ref text, date date, kind text,"
                  " amount numeric(20,2), note text) ON COMMIT DROP",
        .copy = "COPY import_rows (idx, ref, date, kind, amount, note) FROM STDIN",
        /* a movement is keyed by all it says: the same line again is unchanged */
        .existing = "SELECT t.idx, to_char(m.date, 'YYYY-MM-DD'), m.kind, m.amount::text, m.note"
                    " FROM import_rows t JOIN investments i ON i.authority_id = $1 AND i.ref = t.ref"
                    " JOIN current_movements m ON m.investment_id = i.id AND m.date = t.date"
                    " AND m.kind = t.kind AND m.amount = t.amount AND m.note = t.note",
        .insert =
            "WITH ins AS ("
            "  INSERT INTO movements (authority_id, investment_id, date, kind, amount, note, entered_by)"
            "  SELECT $3::bigint, i.id, t.date, t.kind, t.amount, t.note, $1"
            "  FROM import_rows t JOIN investments i ON i.authority_id = $3::bigint AND i.ref = t.ref"
            "  WHERE NOT EXISTS (SELECT 1 FROM current_movements m WHERE m.investment_id = i.id"
            "                    AND m.date = t.date AND m.kind = t.kind AND m.amount = t.amount"
            "                    AND m.note = t.note)"
            "  ORDER BY t.idx"
            "  RETURNING *"
            "), audit AS ("
            "  INSERT INTO audit_log (actor, authority_id, entity, entity_key, action, after)"
            "  SELECT $1, $3::bigint, 'movement', i.ref, 'insert', to_jsonb(ins)"
            "  FROM ins JOIN investments i ON i.id = ins.investment_id WHERE $2::boolean"
            ") SELECT count(*) FROM ins",
    },
};

int stage_create_send(PGconn *c, enum stage_kind k)
{
    return db_send(c, "create the import table", kinds[k].create);
}

int stage_create_finish(PGconn *c)
{
    return db_finish(c, "create the import table");
}

int stage_copy_begin(struct copy_buf *b, PGconn *c, enum stage_kind k)
{
    return copy_begin(b, c, "load the import table", kinds[k].copy);
}

int stage_analyze(PGconn *c)
{
    return db_exec(c, "analyse the import table", "ANALYZE import_rows", 0, NULL);
}

struct rows *stage_existing(PGconn *c, enum stage_kind k, int64_t authority_id)
{
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth)};
    return rows_of(db_query(c, "compare with the book", kinds[k].existing, kinds[k].per_authority ? 1 : 0, p));
}

int stage_insert(PGconn *c, enum stage_kind k, const char *actor, bool audit_rows, int64_t authority_id,
                 int *inserted)
{
    char auth[DB_INT_BUFSZ];
    const char *p[] = {actor, audit_rows ? "true" : "false", db_int(authority_id, auth)};
    PGresult *res = db_query(c, "write the import", kinds[k].insert, kinds[k].per_authority ? 3 : 2, p);
    *inserted = -1;
    if (!res)
        return strcmp(db_last_sqlstate(), "23505") == 0 ? 1 : -1;
    *inserted = PQntuples(res) ? atoi(PQgetvalue(res, 0, 0)) : -1;
    PQclear(res);
    return 0;
}

int stage_instalments_create(PGconn *c)
{
    return db_exec(c, "create the instalments table",
                   "CREATE TEMP TABLE import_instalments (idx int, seq int, due_date date,"
                   " principal numeric(20,2), interest numeric(20,2), balance_after numeric(20,2))"
                   " ON COMMIT DROP",
                   0, NULL);
}

int stage_instalments_copy_begin(struct copy_buf *b, PGconn *c)
{
    return copy_begin(b, c, "load the instalments",
                      "COPY import_instalments (idx, seq, due_date, principal, interest, balance_after)"
                      " FROM STDIN");
}

/* fn(arg, idx, column 1 or NULL) for each row of the statement sql. */
static int each_row(PGconn *c, const char *what, const char *sql,
                    void (*fn)(void *arg, int idx, const char *code), void *arg)
{
    PGresult *r = db_query(c, what, sql, 0, NULL);
    if (!r)
        return -1;
    for (int j = 0; j < PQntuples(r); j++)
        fn(arg, atoi(PQgetvalue(r, j, 0)), PQnfields(r) > 1 ? PQgetvalue(r, j, 1) : NULL);
    PQclear(r);
    return 0;
}

int stage_name_clashes(PGconn *c, void (*fn)(void *arg, int idx, const char *code), void *arg)
{
    return each_row(c, "check counterparty names",
                    "SELECT t.idx, c.code FROM import_rows t"
                    " JOIN counterparties c ON c.name = t.name AND c.code <> t.code ORDER BY t.idx",
                    fn, arg);
}

int stage_unknown_groups(PGconn *c, void (*fn)(void *arg, int idx, const char *code), void *arg)
{
    return each_row(c, "check counterparty groups",
                    "SELECT t.idx FROM import_rows t WHERE t.group_code IS NOT NULL"
                    " AND NOT EXISTS (SELECT 1 FROM counterparties c WHERE c.code = t.group_code)"
                    " AND NOT EXISTS (SELECT 1 FROM import_rows u WHERE u.code = t.group_code)"
                    " ORDER BY t.idx",
                    fn, arg);
}

int stage_counterparty_names(PGconn *c, struct counterparty_name **out)
{
    PGresult *r = db_query(c, "load counterparties", "SELECT code, name FROM counterparties", 0, NULL);
    if (!r)
        return -1;
    int n = PQntuples(r);
    *out = xcalloc((unsigned long)n + 1, sizeof **out);
    for (int i = 0; i < n; i++)
        (*out)[i] = (struct counterparty_name){xstrdup(PQgetvalue(r, i, 0)), xstrdup(PQgetvalue(r, i, 1))};
    PQclear(r);
    return n;
}
