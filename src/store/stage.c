/* stage.c: the book imports' staging tables and statements (see stage.h). */
#include "store/stage.h"

#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"

/* A kind's statements over import_rows. matched and differing: $1 the authority id
 * (per-authority kinds only). insert: $1 actor, $2 'true' for one audit row per inserted row, $3
 * authority id (per-authority kinds only); answers one row with the count inserted. */
struct stage_sql {
    bool per_authority;
    const char *create, *copy, *matched, *differing, *insert;
    /* the direct load (stage.h), or NULL: whether it is possible ($1 the authority id), and the
     * COPY into the table itself, its columns as stage_direct_begin says */
    const char *direct_possible, *direct_copy;
};

/* The staged rows whose key the book holds (FROM), the book's values of the kind's columns 1..
 * (BOOK) and the file's in the same canonical text (FILE): their count, and those that differ,
 * compared in PostgreSQL so that nothing of the file is kept in memory. */
#define MATCHED(FROM) "SELECT count(*)" FROM
#define DIFFERING(KEY, BOOK, FILE, FROM) \
    "SELECT t.idx, " KEY ", " BOOK ", " FILE FROM " WHERE (" BOOK ") IS DISTINCT FROM (" FILE ") ORDER BY t.idx"

#define CP_FROM " FROM import_rows t JOIN counterparties c ON c.code = t.code"
#define CP_BOOK "c.name, c.sector, c.country, c.group_code"
#define CP_FILE "t.name, t.sector, t.country, t.group_code"
#define INV_FROM \
    " FROM import_rows t JOIN investments i ON i.authority_id = $1 AND i.ref = t.ref" \
    " JOIN counterparties c ON c.id = i.counterparty_id"
#define INV_BOOK \
    "i.type, c.code, i.principal::text, i.rate::text, to_char(i.start_date, 'YYYY-MM-DD')," \
    " to_char(i.maturity_date, 'YYYY-MM-DD'), i.notice_days::text, i.settlement_account"
#define INV_FILE \
    "t.type, t.counterparty, t.principal::text, t.rate::text, to_char(t.start_date, 'YYYY-MM-DD')," \
    " to_char(t.maturity_date, 'YYYY-MM-DD'), t.notice_days::text, t.account"
#define LOAN_FROM \
    " FROM import_rows t JOIN loans l ON l.authority_id = $1 AND l.ref = t.ref" \
    " JOIN counterparties c ON c.id = l.lender_id"
#define LOAN_BOOK \
    "l.type, c.code, l.principal::text, l.rate::text, to_char(l.start_date, 'YYYY-MM-DD')," \
    " to_char(l.maturity_date, 'YYYY-MM-DD'), l.repayment, to_char(l.option_date, 'YYYY-MM-DD')," \
    " l.option_months::text, l.settlement_account"
#define LOAN_FILE \
    "t.type, t.lender, t.principal::text, t.rate::text, to_char(t.start_date, 'YYYY-MM-DD')," \
    " to_char(t.maturity_date, 'YYYY-MM-DD'), t.repayment, to_char(t.option_date, 'YYYY-MM-DD')," \
    " t.option_months::text, t.account"
/* a movement is keyed by all it says: the same line again is unchanged */
#define MOVE_FROM \
    " FROM import_rows t JOIN investments i ON i.authority_id = $1 AND i.ref = t.ref" \
    " JOIN current_movements m ON m.investment_id = i.id AND m.date = t.date" \
    " AND m.kind = t.kind AND m.amount = t.amount AND m.note = t.note"
#define MOVE_BOOK "to_char(m.date, 'YYYY-MM-DD'), m.kind, m.amount::text, m.note"
#define MOVE_FILE "to_char(t.date, 'YYYY-MM-DD'), t.kind, t.amount::text, t.note"

static const struct stage_sql kinds[] = {
    [STAGE_COUNTERPARTIES] = {
        .per_authority = false,
        .create = "CREATE TEMP TABLE import_rows (idx int, code text, name text,"
                  " sector text, country text, group_code text) ON COMMIT DROP",
        .copy = "COPY import_rows (idx, code, name, sector, country, group_code) FROM STDIN",
        .matched = MATCHED(CP_FROM),
        .differing = DIFFERING("t.code", CP_BOOK, CP_FILE, CP_FROM),
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
        .matched = MATCHED(INV_FROM),
        .differing = DIFFERING("t.ref", INV_BOOK, INV_FILE, INV_FROM),
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
        .direct_possible = "SELECT NOT EXISTS (SELECT 1 FROM investments WHERE authority_id = $1::bigint)"
                           " AND NOT row_security_active('investments')",
        .direct_copy = "COPY investments (authority_id, booked_by, source, ref, type, counterparty_id, principal,"
                       " rate, start_date, maturity_date, notice_days, settlement_account) FROM STDIN",
    },
    [STAGE_LOANS] = {
        .per_authority = true,
        .create = "CREATE TEMP TABLE import_rows (idx int, ref text, type text,"
                  " lender text, principal numeric(20,2), rate numeric(12,6), start_date date,"
                  " maturity_date date, repayment text, option_date date, option_months int,"
                  " account text) ON COMMIT DROP",
        .copy = "COPY import_rows (idx, ref, type, lender, principal, rate, start_date,"
                " maturity_date, repayment, option_date, option_months, account) FROM STDIN",
        .matched = MATCHED(LOAN_FROM),
        .differing = DIFFERING("t.ref", LOAN_BOOK, LOAN_FILE, LOAN_FROM),
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
        .matched = MATCHED(MOVE_FROM),
        .differing = DIFFERING("t.ref", MOVE_BOOK, MOVE_FILE, MOVE_FROM),
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

int stage_direct_possible(PGconn *c, enum stage_kind k, int64_t authority_id)
{
    if (!kinds[k].direct_possible)
        return 0;
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth)};
    PGresult *r = db_query(c, "look at the book", kinds[k].direct_possible, 1, p);
    if (!r)
        return -1;
    int ok = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    return ok;
}

/* The foreign keys' checks are planned when the COPY first needs them: at the default settings
 * PostgreSQL plans a sequential scan of a table of a few pages (authorities: 400 rows), which
 * every row of the file then repeats. With sequential scans off until stage_direct_end (or the
 * savepoint is rolled back to) they use the primary keys. */
int stage_direct_begin(struct copy_buf *b, PGconn *c, enum stage_kind k)
{
    if (db_exec(c, "plan the key checks", "SET LOCAL enable_seqscan = off", 0, NULL) < 0)
        return -1;
    return copy_begin(b, c, "load the book", kinds[k].direct_copy);
}

int stage_direct_end(PGconn *c)
{
    return db_exec(c, "plan the key checks", "SET LOCAL enable_seqscan = DEFAULT", 0, NULL);
}

int stage_savepoint(PGconn *c)
{
    return db_exec(c, "mark the transaction", "SAVEPOINT direct_load", 0, NULL);
}

int stage_rollback_to_savepoint(PGconn *c)
{
    return db_exec(c, "undo the direct load", "ROLLBACK TO SAVEPOINT direct_load", 0, NULL);
}

int stage_analyze(PGconn *c)
{
    return db_exec(c, "analyse the import table", "ANALYZE import_rows", 0, NULL);
}

int stage_matched(PGconn *c, enum stage_kind k, int64_t authority_id)
{
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth)};
    PGresult *r = db_query(c, "compare with the book", kinds[k].matched, kinds[k].per_authority ? 1 : 0, p);
    if (!r)
        return -1;
    int n = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return n;
}

struct rows *stage_differing(PGconn *c, enum stage_kind k, int64_t authority_id)
{
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth)};
    return rows_of(db_query(c, "compare with the book", kinds[k].differing, kinds[k].per_authority ? 1 : 0, p));
}

int stage_keys_load(PGconn *c, FILE *spool)
{
    if (db_exec(c, "create the keys table", "CREATE TEMP TABLE import_keys (idx int, line int, key bytea)"
                " ON COMMIT DROP", 0, NULL) < 0)
        return -1;
    struct copy_buf b;
    if (copy_begin(&b, c, "load the keys table", "COPY import_keys (idx, line, key) FROM STDIN") < 0)
        return -1;
    char buf[16384];
    size_t got;
    int rc = 0;
    rewind(spool);
    while (rc == 0 && (got = fread(buf, 1, sizeof buf, spool)) > 0)
        rc = copy_raw(&b, buf, got);
    if (rc == 0 && ferror(spool))
        rc = error("load the keys table: cannot read back the keys");
    if (copy_end(&b) < 0 || rc < 0)
        return -1;
    return 0;
}

int stage_repeated_keys(PGconn *c, void (*fn)(void *arg, int idx, int first_line), void *arg)
{
    PGresult *r = db_query(c, "find repeated keys",
                           "SELECT idx, first_line FROM (SELECT idx, first_value(line) OVER w AS first_line,"
                           " row_number() OVER w AS n FROM import_keys WINDOW w AS (PARTITION BY key ORDER BY idx)) k"
                           " WHERE n > 1 ORDER BY idx",
                           0, NULL);
    if (!r)
        return -1;
    for (int j = 0; j < PQntuples(r); j++)
        fn(arg, atoi(PQgetvalue(r, j, 0)), atoi(PQgetvalue(r, j, 1)));
    PQclear(r);
    return 0;
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
    PGresult *r = db_query(c, "load counterparties", "SELECT code, name, id FROM counterparties", 0, NULL);
    if (!r)
        return -1;
    int n = PQntuples(r);
    *out = xcalloc((unsigned long)n + 1, sizeof **out);
    for (int i = 0; i < n; i++)
        (*out)[i] = (struct counterparty_name){xstrdup(PQgetvalue(r, i, 0)), xstrdup(PQgetvalue(r, i, 1)),
                                               strtoll(PQgetvalue(r, i, 2), NULL, 10)};
    PQclear(r);
    return n;
}
