/* cash.c: bank accounts, forecast items and statements in PostgreSQL (see cash.h). */
#include "store/cash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/book.h"
#include "store/db.h"
#include "util/err.h"
#include "util/strbuf.h"

static int unreadable(const char *what, const char *v)
{
    return error("the database returned an unreadable %s \"%s\"", what, v);
}

static int get_money(const PGresult *r, int i, const char *col, money_t *out)
{
    return money_parse(db_get(r, i, col), out, NULL) ? 0 : unreadable(col, db_get(r, i, col));
}

static int get_date(const PGresult *r, int i, const char *col, date_t *out)
{
    if (db_isnull(r, i, col)) {
        *out = DATE_NONE;
        return 0;
    }
    return date_parse(db_get(r, i, col), out, NULL) ? 0 : unreadable(col, db_get(r, i, col));
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

/* ---- accounts
 * ------------------------------------------------------------------------------------ */

/* The authority's default account: its first own account, or without one the first a merger moved
 * in to it (sql/270). */
#define DEFAULT_ACCOUNT                                                                            \
    "coalesce((SELECT code FROM bank_accounts f WHERE f.authority_id = $1 ORDER BY id LIMIT 1),"   \
    " (SELECT ref FROM holding_transfers m WHERE m.kind = 'bank_account' AND m.authority_id = $1"  \
    " ORDER BY id LIMIT 1))"

/* The statements an authority reads ($1): its own, and those of the accounts a merger moved in to
 * it (the predecessor's rows, under the code the account has in the successor; sql/270). `ends`
 * is the last day an own account moved out by a merger is the authority's (the day before the
 * vesting day; NULL: not moved out): its lines and days after it are the successor's. */
#define STATEMENTS                                                                                 \
    "(SELECT id, account, statement_id, from_date, to_date, opening_balance, closing_balance,"     \
    " (SELECT min(o.transfer_date) - 1 FROM holding_transfers o WHERE o.kind = 'bank_account'"     \
    " AND o.from_authority_id = $1 AND o.was = bank_statements.account) AS ends"                   \
    " FROM bank_statements WHERE authority_id = $1 UNION ALL SELECT b.id, t.ref, b.statement_id, " \
    "b.from_date, b.to_date, b.opening_balance,"                                                   \
    " b.closing_balance, NULL::date FROM holding_transfers t JOIN bank_statements b ON "           \
    "b.authority_id = t.from_authority_id"                                                         \
    " AND b.account = t.was WHERE t.kind = 'bank_account' AND t.authority_id = $1)"

/* Row i of r: the transfer out of an account, when moved_on is not NULL (cash_accounts_load). */
static int read_moved_out(const PGresult *r, int i, struct bank_account *a)
{
    if (db_isnull(r, i, "moved_on"))
        return 0;
    a->moved_out = true;
    copy_text(a->moved_to, sizeof a->moved_to, db_get(r, i, "moved_to"));
    copy_text(a->moved_as, sizeof a->moved_as, db_get(r, i, "moved_as"));
    return get_date(r, i, "moved_on", &a->moved_on);
}

/* The answers kept for a chunk of authorities (cash_many_begin), looked up before a query. */
static bool kept_rows(PGconn *c, int kind, int64_t authority_id, const char *account, date_t d1,
                      date_t d2, const PGresult **r, int *from, int *to);
enum { KEPT_ACCOUNTS, KEPT_ITEMS, KEPT_STATEMENTS };

/* Rows [from, to) of r (the accounts query's columns) into a new array *out; the count or -1. */
static int account_rows(const PGresult *r, int from, int to, struct bank_account **out)
{
    int n = to - from, rc = 0;
    *out = xcalloc((unsigned long)n + 1, sizeof **out);
    for (int i = 0; i < n && rc == 0; i++) {
        struct bank_account *a = &(*out)[i];
        int k = from + i;
        a->id = db_get_int(r, k, "id");
        copy_text(a->code, sizeof a->code, db_get(r, k, "code"));
        copy_text(a->name, sizeof a->name, db_get(r, k, "name"));
        copy_text(a->bank, sizeof a->bank, db_get(r, k, "bank"));
        copy_text(a->sort_code, sizeof a->sort_code, db_get(r, k, "sort_code"));
        copy_text(a->account_number, sizeof a->account_number, db_get(r, k, "account_number"));
        a->is_default = strcmp(db_get(r, k, "is_default"), "t") == 0;
        rc = get_money(r, k, "min_balance", &a->min_balance) < 0 || read_moved_out(r, k, a) < 0 ? -1
                                                                                                : 0;
    }
    if (rc < 0) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return n;
}

/* The own accounts of $1, each with its transfer out if a merger moved it (the successor's code
 * hidden from a user who does not see it); then those moved in. */
#define ACCOUNTS_SQL                                                                               \
    "SELECT * FROM (SELECT a.id, a.code, a.name, a.bank, a.sort_code, a.account_number,"           \
    " a.min_balance::text AS min_balance, a.code = " DEFAULT_ACCOUNT " AS is_default,"             \
    " coalesce(s.code, 'its successor') AS moved_to, o.ref AS moved_as,"                           \
    " to_char(o.transfer_date, 'YYYY-MM-DD') AS moved_on"                                          \
    " FROM current_bank_accounts a LEFT JOIN holding_transfers o ON o.kind = 'bank_account'"       \
    " AND o.from_authority_id = a.authority_id AND o.was = a.code"                                 \
    " LEFT JOIN authorities s ON s.id = o.authority_id WHERE a.authority_id = $1"                  \
    " UNION ALL SELECT a.id, t.ref, a.name, a.bank, a.sort_code, a.account_number,"                \
    " a.min_balance::text, t.ref = " DEFAULT_ACCOUNT ", NULL, NULL, NULL"                          \
    " FROM holding_transfers t JOIN current_bank_accounts a ON a.authority_id = "                  \
    "t.from_authority_id"                                                                          \
    " AND a.code = t.was WHERE t.kind = 'bank_account' AND t.authority_id = $1"                    \
    ") x ORDER BY code COLLATE \"C\""

int cash_accounts_load(PGconn *c, int64_t authority_id, struct bank_account **out)
{
    const PGresult *kr;
    int kf, kt;
    if (kept_rows(c, KEPT_ACCOUNTS, authority_id, NULL, DATE_NONE, DATE_NONE, &kr, &kf, &kt))
        return account_rows(kr, kf, kt, out);
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth)};
    PGresult *r = db_query(c, "load the bank accounts", ACCOUNTS_SQL, 1, p);
    if (!r)
        return -1;
    int n = account_rows(r, 0, PQntuples(r), out);
    PQclear(r);
    return n;
}

int cash_account_insert(PGconn *c, int64_t authority_id, const struct bank_account *a,
                        int64_t supersedes, const char *actor)
{
    char auth[DB_INT_BUFSZ], sup[DB_INT_BUFSZ], min[MONEY_BUFSZ];
    const char *p[] = {db_int(authority_id, auth),
                       a->code,
                       a->name,
                       a->bank,
                       a->sort_code,
                       a->account_number,
                       money_format(a->min_balance, MONEY_PLAIN, min),
                       supersedes ? db_int(supersedes, sup) : NULL,
                       actor};
    return db_exec(
        c, "record a bank account",
        "INSERT INTO bank_accounts (authority_id, code, name, bank, sort_code, account_number,"
        " min_balance, supersedes, entered_by) VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8, "
        "$9)",
        9, p);
}

/* ---- forecast items
 * ------------------------------------------------------------------------------ */

int cash_item_insert(PGconn *c, int64_t authority_id, const struct cash_item *it, const char *actor,
                     int64_t *id)
{
    char auth[DB_INT_BUFSZ], amount[MONEY_BUFSZ], date[DATE_BUFSZ], until[DATE_BUFSZ];
    const char *p[] = {db_int(authority_id, auth),
                       it->account,
                       date_format_iso(it->date, date),
                       money_format(it->amount, MONEY_PLAIN, amount),
                       it->category,
                       it->description,
                       cash_repeat_name(it->repeat),
                       it->until != DATE_NONE ? date_format_iso(it->until, until) : NULL,
                       actor};
    PGresult *r = db_query(
        c, "record a forecast item",
        "INSERT INTO cash_items (authority_id, account, date, amount, category, description,"
        " repeat, until, entered_by)"
        " SELECT $1, $2, $3::date, $4::numeric, $5, $6, $7, $8::date, $9"
        " WHERE NOT EXISTS (SELECT 1 FROM cash_items i WHERE i.authority_id = $1"
        "   AND i.supersedes IS NULL"
        "   AND i.account = $2 AND i.date = $3::date AND i.amount = $4::numeric"
        "   AND i.category = $5 AND i.description = $6 AND i.repeat = $7"
        "   AND i.until IS NOT DISTINCT FROM $8::date)"
        " RETURNING id",
        9, p);
    if (!r)
        return -1;
    int n = PQntuples(r);
    if (id)
        *id = n > 0 ? db_get_int(r, 0, "id") : 0;
    PQclear(r);
    return n > 0 ? 1 : 0;
}

/* Row i of r (id, account, date, amount, category, description, repeat, until) into *it. */
static int read_item(const PGresult *r, int i, struct cash_item *it)
{
    it->id = db_get_int(r, i, "id");
    copy_text(it->account, sizeof it->account, db_get(r, i, "account"));
    copy_text(it->category, sizeof it->category, db_get(r, i, "category"));
    copy_text(it->description, sizeof it->description, db_get(r, i, "description"));
    if (!cash_repeat_parse(db_get(r, i, "repeat"), &it->repeat))
        return unreadable("repeat", db_get(r, i, "repeat"));
    if (get_date(r, i, "date", &it->date) < 0 || get_date(r, i, "until", &it->until) < 0)
        return -1;
    if (PQfnumber(r, "held_from") >=
        0) { /* cash_items_load: the window a merger leaves it in this book */
        if (get_date(r, i, "held_from", &it->held_from) < 0 ||
            get_date(r, i, "held_to", &it->held_to) < 0)
            return -1;
        it->held = it->held_from != DATE_NONE || it->held_to != DATE_NONE;
    }
    return get_money(r, i, "amount", &it->amount);
}

/* A row of a forecast item with who wrote it when (read_version reads them). */
#define VERSION_COLUMNS                                                                            \
    "coalesce(origin, id) AS id, id AS row_id, account, to_char(date, 'YYYY-MM-DD') AS date,"      \
    " amount::text AS amount, category, description, repeat, to_char(until, 'YYYY-MM-DD') AS "     \
    "until,"                                                                                       \
    " cancelled, entered_by,"                                                                      \
    " to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS entered_at"

/* Row i of r (VERSION_COLUMNS) into *out and *row. */
static int read_version(const PGresult *r, int i, struct cash_item *out, struct cash_item_row *row)
{
    memset(out, 0, sizeof *out);
    memset(row, 0, sizeof *row);
    row->id = db_get_int(r, i, "row_id");
    row->cancelled = strcmp(db_get(r, i, "cancelled"), "t") == 0;
    copy_text(row->entered_by, sizeof row->entered_by, db_get(r, i, "entered_by"));
    copy_text(row->entered_at, sizeof row->entered_at, db_get(r, i, "entered_at"));
    return read_item(r, i, out);
}

int cash_item_current(PGconn *c, int64_t authority_id, int64_t number, struct cash_item *out,
                      struct cash_item_row *row)
{
    char auth[DB_INT_BUFSZ], num[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), db_int(number, num)};
    PGresult *r;
    /* one change of an item at a time (whichever side asks): a second waits here and then sees
     * the first's row */
    if (db_exec(c, "lock the forecast item",
                "SELECT pg_advisory_xact_lock(hashtext('prudent.cash_item.' || $1))", 1, p + 1) < 0)
        return -1;
    /* the authority's own item, or one moved in to it (sql/224); an item moved out names its
     * successor */
    int rc = db_query_one(
        c, "load the forecast item",
        "SELECT coalesce(i.origin, i.id) AS id, i.id AS row_id, i.account,"
        " to_char(i.date, 'YYYY-MM-DD') AS date, i.amount::text AS amount, i.category, "
        "i.description,"
        " i.repeat, to_char(i.until, 'YYYY-MM-DD') AS until, i.cancelled, i.entered_by,"
        " to_char(i.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS entered_at,"
        " i.authority_id AS owner, CASE WHEN o.holding_id IS NULL THEN '' ELSE coalesce(o.code, "
        "'its successor') END"
        " AS moved_to,"
        " to_char(o.transfer_date, 'YYYY-MM-DD') AS moved_on"
        " FROM cash_items i LEFT JOIN (SELECT t.holding_id, t.from_authority_id, t.transfer_date, "
        "a.code"
        "  FROM holding_transfers t LEFT JOIN authorities a ON a.id = t.authority_id" /* a user of
                                                                                       * the
                                                                                       * predecessor
                                                                                       * alone does
                                                                                       * not see the
                                                                                       * successor
                                                                                       */
        "  WHERE t.kind = 'cash_item' AND t.from_authority_id = $1) o"
        " ON o.holding_id = coalesce(i.origin, i.id) AND o.from_authority_id = i.authority_id"
        " WHERE coalesce(i.origin, i.id) = $2"
        " AND (i.authority_id = $1 OR EXISTS (SELECT 1 FROM holding_transfers t WHERE t.kind = "
        "'cash_item'"
        "  AND t.holding_id = $2 AND t.authority_id = $1 AND t.from_authority_id = i.authority_id))"
        " AND NOT EXISTS (SELECT 1 FROM cash_items s WHERE s.supersedes = i.id)",
        2, p, &r);
    if (rc <= 0)
        return rc;
    rc = read_version(r, 0, out, row) < 0 ? -1 : 1;
    row->owner = db_get_int(r, 0, "owner");
    copy_text(row->moved_to, sizeof row->moved_to, db_get(r, 0, "moved_to"));
    if (rc == 1 && row->moved_to[0] && get_date(r, 0, "moved_on", &row->moved_on) < 0)
        rc = -1;
    PQclear(r);
    return rc;
}

int cash_item_versions_load(PGconn *c, int64_t authority_id, int64_t number,
                            struct cash_item_version **out)
{
    char auth[DB_INT_BUFSZ], num[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), number > 0 ? db_int(number, num) : NULL};
    PGresult *r =
        db_query(c, "load the forecast items' versions",
                 "SELECT " VERSION_COLUMNS ", reason FROM cash_items i WHERE authority_id = $1"
                 " AND ($2::bigint IS NULL OR coalesce(origin, id) = $2::bigint)"
                 " ORDER BY coalesce(origin, id), id",
                 2, p);
    if (!r)
        return -1;
    int n = PQntuples(r), rc = 0;
    *out = xcalloc((unsigned long)n + 1, sizeof **out);
    for (int i = 0; i < n && rc == 0; i++) {
        rc = read_version(r, i, &(*out)[i].item, &(*out)[i].row);
        (*out)[i].reason = xstrdup(db_get(r, i, "reason"));
    }
    PQclear(r);
    if (rc < 0) {
        cash_item_versions_free(*out, n);
        *out = NULL;
        return -1;
    }
    return n;
}

void cash_item_versions_free(struct cash_item_version *v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i].reason);
    free(v);
}

int cash_item_supersede(PGconn *c, int64_t authority_id, int64_t row, int64_t number,
                        const struct cash_item *it, bool cancelled, const char *reason,
                        const char *actor, int64_t *id)
{
    char auth[DB_INT_BUFSZ], amount[MONEY_BUFSZ], date[DATE_BUFSZ], until[DATE_BUFSZ],
        sup[DB_INT_BUFSZ], num[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth),
                       it->account,
                       date_format_iso(it->date, date),
                       money_format(it->amount, MONEY_PLAIN, amount),
                       it->category,
                       it->description,
                       cash_repeat_name(it->repeat),
                       it->until != DATE_NONE ? date_format_iso(it->until, until) : NULL,
                       actor,
                       db_int(row, sup),
                       db_int(number, num),
                       cancelled ? "true" : "false",
                       reason ? reason : ""};
    PGresult *r = db_query(
        c, "record a change of a forecast item",
        "INSERT INTO cash_items (authority_id, account, date, amount, category, description,"
        " repeat, until, entered_by, supersedes, origin, cancelled, reason)"
        " VALUES ($1, $2, $3::date, $4::numeric, $5, $6, $7, $8::date, $9, $10, $11, $12::boolean,"
        " $13) ON CONFLICT DO NOTHING RETURNING id",
        13, p);
    if (!r)
        return -1;
    int n = PQntuples(r);
    *id = n > 0 ? db_get_int(r, 0, "id") : 0;
    PQclear(r);
    return n > 0 ? 1 : 0;
}

#define ITEM_COLUMNS_IN(account)                                                                   \
    "coalesce(i.origin, i.id) AS id, " account                                                     \
    " AS account, to_char(i.date, 'YYYY-MM-DD') AS date,"                                          \
    " i.amount::text AS amount, i.category, i.description, i.repeat, to_char(i.until, "            \
    "'YYYY-MM-DD') AS until"
#define ITEM_COLUMNS ITEM_COLUMNS_IN("i.account")
/* A moved item's account in the successor: the code its account moved under by the same merger
 * (sql/270), else its own (an account the successor has of that code, or none). */
#define MOVED_ACCOUNT                                                                              \
    "coalesce((SELECT ba.ref FROM holding_transfers ba WHERE ba.kind = 'bank_account'"             \
    " AND ba.merger_id = t.merger_id AND ba.from_authority_id = i.authority_id AND ba.was = "      \
    "i.account), i.account)"

/* The forecast items of $1 (of account $2 only, when not NULL): the authority's own items not
 * moved out; those a merger moved out, up to the day and as they stood when the merger was
 * entered (the successor's later changes are its own); then the items moved in to it (from that
 * day; sql/224), as they are now: read from each transfer to it (a lateral subquery the planner
 * keeps apart, OFFSET 0), so that an authority nothing moved into reads none of them. Joined
 * plainly, the planner scanned every authority's items for the first it may see, checking each
 * other authority's row against row-level security's successor policy (0.3 to 0.5 ms of a
 * forecast's 0.6 on the small bench book; docs/performance.md, session 12). */
#define ITEMS_SQL                                                                                  \
    "SELECT " ITEM_COLUMNS ", NULL AS held_from, NULL AS held_to FROM current_cash_items i"        \
    " WHERE i.authority_id = $1 AND ($2::text IS NULL OR i.account = $2)"                          \
    " AND NOT EXISTS (SELECT 1 FROM holding_transfers o WHERE o.kind = 'cash_item'"                \
    " AND o.holding_id = coalesce(i.origin, i.id) AND o.from_authority_id = i.authority_id)"       \
    " UNION ALL SELECT " ITEM_COLUMNS ", NULL, to_char(o.transfer_date, 'YYYY-MM-DD')"             \
    " FROM holding_transfers o JOIN cash_items i ON coalesce(i.origin, i.id) = o.holding_id"       \
    " AND i.authority_id = o.from_authority_id"                                                    \
    " WHERE o.kind = 'cash_item' AND o.from_authority_id = $1 AND ($2::text IS NULL OR i.account " \
    "= $2)"                                                                                        \
    " AND i.entered_at <= o.entered_at AND NOT i.cancelled AND NOT EXISTS (SELECT 1 FROM "         \
    "cash_items s"                                                                                 \
    " WHERE s.supersedes = i.id AND s.entered_at <= o.entered_at)"                                 \
    " UNION ALL SELECT " ITEM_COLUMNS_IN(                                                          \
        MOVED_ACCOUNT) ", to_char(t.transfer_date, 'YYYY-MM-DD'), NULL"                            \
                       " FROM holding_transfers t CROSS JOIN LATERAL (SELECT * FROM"               \
                       " current_cash_items c WHERE coalesce(c.origin, c.id) = t.holding_id"       \
                       " AND c.authority_id = t.from_authority_id OFFSET 0) i"                     \
                       " WHERE t.kind = 'cash_item' AND t.authority_id = $1 AND ($2::text IS "     \
                       "NULL OR " MOVED_ACCOUNT " = $2)"                                           \
                       " ORDER BY id"

/* Rows [from, to) of r (ITEMS_SQL's columns) into a new array *out; the count or -1. */
static int item_rows(const PGresult *r, int from, int to, struct cash_item **out)
{
    int n = to - from, rc = 0;
    *out = xcalloc((unsigned long)n + 1, sizeof **out);
    for (int i = 0; i < n && rc == 0; i++)
        rc = read_item(r, from + i, &(*out)[i]);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return n;
}

int cash_items_load(PGconn *c, int64_t authority_id, const char *account, struct cash_item **out)
{
    const PGresult *kr;
    int kf, kt;
    if (kept_rows(c, KEPT_ITEMS, authority_id, account, DATE_NONE, DATE_NONE, &kr, &kf, &kt))
        return item_rows(kr, kf, kt, out);
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), account};
    PGresult *r = db_query(c, "load the forecast items", ITEMS_SQL, 2, p);
    if (!r)
        return -1;
    int n = item_rows(r, 0, PQntuples(r), out);
    PQclear(r);
    return n;
}

/* ---- statements
 * ------------------------------------------------------------------------------------ */

int cash_account_moved(PGconn *c, int64_t authority_id, const char *code, char succ[CODE_MAX],
                       char as[CODE_MAX], date_t *on)
{
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), code};
    PGresult *r;
    int rc = db_query_one(
        c, "look for the account's transfer",
        "SELECT coalesce(a.code, '') AS succ, t.ref, to_char(t.transfer_date, 'YYYY-MM-DD') AS day"
        " FROM holding_transfers t LEFT JOIN authorities a ON a.id = t.authority_id"
        " WHERE t.kind = 'bank_account' AND t.from_authority_id = $1 AND t.was = $2"
        " ORDER BY t.id LIMIT 1",
        2, p, &r);
    if (rc <= 0)
        return rc;
    copy_text(succ, CODE_MAX, db_get(r, 0, "succ"));
    copy_text(as, CODE_MAX, db_get(r, 0, "ref"));
    rc = get_date(r, 0, "day", on) < 0 ? -1 : 1;
    PQclear(r);
    return rc;
}

int cash_statement_overlap(PGconn *c, int64_t authority_id, const char *account, date_t from,
                           date_t to, struct bank_statement *out)
{
    char auth[DB_INT_BUFSZ], f[DATE_BUFSZ], t[DATE_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), account, date_format_iso(from, f),
                       date_format_iso(to, t)};
    PGresult *r;
    int rc = db_query_one(
        c, "look for an overlapping statement",
        "SELECT s.id, s.account, s.statement_id, to_char(s.from_date, 'YYYY-MM-DD') AS from_date,"
        " to_char(s.to_date, 'YYYY-MM-DD') AS to_date, s.opening_balance::text AS opening,"
        " s.closing_balance::text AS closing,"
        " (SELECT count(*) FROM bank_statement_lines l WHERE l.statement_id = s.id) AS nlines"
        " FROM " STATEMENTS " s WHERE s.account = $2"
        " AND s.from_date <= $4::date AND s.to_date >= $3::date ORDER BY s.from_date, s.id LIMIT 1",
        4, p, &r);
    if (rc <= 0)
        return rc;
    memset(out, 0, sizeof *out);
    out->id = db_get_int(r, 0, "id");
    copy_text(out->account, sizeof out->account, db_get(r, 0, "account"));
    copy_text(out->statement_id, sizeof out->statement_id, db_get(r, 0, "statement_id"));
    out->nlines = (int)db_get_int(r, 0, "nlines");
    rc = get_date(r, 0, "from_date", &out->from) < 0 || get_date(r, 0, "to_date", &out->to) < 0 ||
                 get_money(r, 0, "opening", &out->opening) < 0 ||
                 get_money(r, 0, "closing", &out->closing) < 0
             ? -1
             : 1;
    PQclear(r);
    return rc;
}

static int insert_line(PGconn *c, const char *auth, const char *sid, int seq,
                       const struct bank_statement_line *l)
{
    char s[DB_INT_BUFSZ], d[DATE_BUFSZ], v[DATE_BUFSZ], a[MONEY_BUFSZ], b[MONEY_BUFSZ];
    const char *p[] = {auth,
                       sid,
                       db_int(seq, s),
                       date_format_iso(l->date, d),
                       l->value_date != DATE_NONE ? date_format_iso(l->value_date, v) : NULL,
                       money_format(l->amount, MONEY_PLAIN, a),
                       money_format(l->balance, MONEY_PLAIN, b),
                       l->description ? l->description : "",
                       l->reference ? l->reference : ""};
    return db_exec(
        c, "record a statement line",
        "INSERT INTO bank_statement_lines (authority_id, statement_id, seq, date, value_date, "
        "amount,"
        " balance, description, reference) VALUES ($1, $2, $3, $4::date, $5::date, $6::numeric,"
        " $7::numeric, $8, $9)",
        9, p);
}

int cash_statement_insert(PGconn *c, int64_t authority_id, const struct bank_statement *s,
                          const struct bank_statement_line *lines, int n, const char *file,
                          const char *actor)
{
    char auth[DB_INT_BUFSZ], f[DATE_BUFSZ], t[DATE_BUFSZ], o[MONEY_BUFSZ], cl[MONEY_BUFSZ];
    const char *p[] = {db_int(authority_id, auth),
                       s->account,
                       s->format,
                       s->statement_id,
                       date_format_iso(s->from, f),
                       date_format_iso(s->to, t),
                       money_format(s->opening, MONEY_PLAIN, o),
                       money_format(s->closing, MONEY_PLAIN, cl),
                       file,
                       actor};
    PGresult *r;
    if (db_query_one(
            c, "record a statement",
            "INSERT INTO bank_statements (authority_id, account, format, statement_id, from_date, "
            "to_date,"
            " opening_balance, closing_balance, file, entered_by) VALUES ($1, $2, $3, $4, $5::date,"
            " $6::date, $7::numeric, $8::numeric, $9, $10) RETURNING id",
            10, p, &r) != 1)
        return -1;
    char sid[DB_INT_BUFSZ];
    snprintf(sid, sizeof sid, "%s", db_get(r, 0, "id"));
    PQclear(r);
    for (int i = 0; i < n; i++)
        if (insert_line(c, auth, sid, i + 1, &lines[i]) < 0)
            return -1;
    return 0;
}

/* STATEMENTS with each statement's own authority (`owner`: the lines' index), as a CTE s read
 * once by every part of a statement that uses it. */
#define STATEMENTS_OWNED                                                                           \
    "WITH s AS MATERIALIZED (SELECT id, authority_id AS owner, account, from_date, to_date,"       \
    " opening_balance, closing_balance, (SELECT min(o.transfer_date) - 1 FROM holding_transfers o" \
    " WHERE o.kind = 'bank_account' AND o.from_authority_id = $1 AND o.was = "                     \
    "bank_statements.account) AS ends"                                                             \
    " FROM bank_statements WHERE authority_id = $1 UNION ALL SELECT b.id, b.authority_id, t.ref, " \
    "b.from_date,"                                                                                 \
    " b.to_date, b.opening_balance, b.closing_balance, NULL::date FROM holding_transfers t"        \
    " JOIN bank_statements b ON b.authority_id = t.from_authority_id AND b.account = t.was"        \
    " WHERE t.kind = 'bank_account' AND t.authority_id = $1)"

/* Rows [from, to) of r (account, balance) into *out (allocated here; NULL again on failure). */
static int read_balances(const PGresult *r, int from, int to, struct cash_balance **out)
{
    *out = xcalloc((unsigned long)(to - from) + 1, sizeof **out);
    for (int i = from; i < to; i++) {
        copy_text((*out)[i - from].account, sizeof(*out)[i - from].account,
                  db_get(r, i, "account"));
        if (get_money(r, i, "balance", &(*out)[i - from].balance) < 0) {
            free(*out);
            *out = NULL;
            return -1;
        }
    }
    return 0;
}

/* Per account the last entry of s (a CTE of statements with their owner and `ends`) dated before
 * $2 while the authority held the account: a line (its running balance), a statement's opening
 * balance (dated the day before its first day), its closing balance (its last day); of one date
 * the later statement, and within a statement the later line. Columns account, balance. */
#define OPENING_BALANCES                                                                           \
    "SELECT DISTINCT ON (account) account, balance::text AS balance FROM ("                        \
    " SELECT s.account, l.date, s.id AS sid, l.seq, l.balance FROM s"                              \
    " JOIN bank_statement_lines l ON l.statement_id = s.id AND l.authority_id = s.owner"           \
    " WHERE l.date < $2::date AND (s.ends IS NULL OR $2::date <= s.ends)"                          \
    " UNION ALL SELECT s.account, s.from_date - 1, s.id, -1, s.opening_balance FROM s"             \
    " WHERE s.from_date - 1 < $2::date AND (s.ends IS NULL OR $2::date <= s.ends)"                 \
    " UNION ALL SELECT s.account, s.to_date, s.id, 2147483647, s.closing_balance FROM s"           \
    " WHERE s.to_date < $2::date AND (s.ends IS NULL OR $2::date <= s.ends)) x"                    \
    " ORDER BY account, date DESC, sid DESC, seq DESC"

int cash_opening_balances(PGconn *c, int64_t authority_id, date_t before, struct cash_balance **out)
{
    char auth[DB_INT_BUFSZ], b[DATE_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), date_format_iso(before, b)};
    /* per account the last entry dated before $2: a line (its running balance), a statement's
     * opening balance (dated the day before its first day), its closing balance (its last day);
     * of one date the later statement, and within a statement the later line */
    PGresult *r =
        db_query(c, "load the opening balances", STATEMENTS_OWNED " " OPENING_BALANCES, 2, p);
    if (!r)
        return -1;
    int n = PQntuples(r), rc = read_balances(r, 0, n, out);
    PQclear(r);
    return rc < 0 ? -1 : n;
}

int cash_balances_sum(const struct cash_balance *v, int n, const char *account, money_t *out)
{
    *out = 0;
    for (int i = 0; i < n; i++)
        if ((!account || strcmp(v[i].account, account) == 0) && !money_add(*out, v[i].balance, out))
            return error("the opening balance overflows");
    return 0;
}

int cash_opening_balance(PGconn *c, int64_t authority_id, const char *account, date_t before,
                         money_t *out)
{
    struct cash_balance *v;
    int n = cash_opening_balances(c, authority_id, before, &v);
    if (n < 0)
        return -1;
    int rc = cash_balances_sum(v, n, account, out);
    free(v);
    return rc;
}

/* Rows [from, to) of r (date, amount, account, ref, description) appended to fs as actual flows. */
static int read_actuals(const PGresult *r, int from, int to, struct cash_flows *fs)
{
    for (int i = from; i < to; i++) {
        struct cash_flow f = {.source = CASH_ACTUAL};
        if (get_date(r, i, "date", &f.date) < 0 || get_money(r, i, "amount", &f.amount) < 0)
            return -1;
        copy_text(f.account, sizeof f.account, db_get(r, i, "account"));
        copy_text(f.ref, sizeof f.ref, db_get(r, i, "ref"));
        copy_text(f.description, sizeof f.description, db_get(r, i, "description"));
        if (cash_flows_add(fs, &f) < 0)
            return error("out of memory");
    }
    return 0;
}

/* Rows [from, to) of r (id, account, from_date, to_date, opening) into *covers (allocated here). */
static int read_covers(const PGresult *r, int from, int to, struct cash_cover **covers,
                       int *ncovers)
{
    int n = to - from;
    *covers = xcalloc((unsigned long)n + 1, sizeof **covers);
    *ncovers = n;
    for (int k = 0; k < n; k++) {
        int i = from + k;
        copy_text((*covers)[k].account, sizeof(*covers)[k].account, db_get(r, i, "account"));
        (*covers)[k].statement = db_get_int(r, i, "id");
        if (get_date(r, i, "from_date", &(*covers)[k].from) < 0 ||
            get_date(r, i, "to_date", &(*covers)[k].to) < 0 ||
            get_money(r, i, "opening", &(*covers)[k].opening) < 0)
            return -1;
    }
    return 0;
}

/* The statement lines of $1 dated $2..$3 (of account $4 only, when not NULL). */
#define LINES_SQL                                                                                  \
    "SELECT s.account, to_char(l.date, 'YYYY-MM-DD') AS date, l.amount::text AS amount,"           \
    " CASE WHEN l.reference <> '' THEN l.reference ELSE 'S' || s.id || '/' || l.seq END AS ref,"   \
    " l.description FROM bank_statement_lines l JOIN " STATEMENTS " s ON s.id = l.statement_id"    \
    " WHERE l.date BETWEEN $2::date AND $3::date AND (s.ends IS NULL OR l.date <= s.ends)"         \
    " AND ($4::text IS NULL OR s.account = $4) ORDER BY l.date, s.id, l.seq"
/* The days $1's statements cover within $2..$3 (of account $4 only, when not NULL). */
#define COVERS_SQL                                                                                 \
    "SELECT id, account, to_char(from_date, 'YYYY-MM-DD') AS from_date,"                           \
    " to_char(least(to_date, ends), 'YYYY-MM-DD') AS to_date, opening_balance::text AS opening"    \
    " FROM " STATEMENTS " s WHERE from_date <= $3::date AND least(to_date, ends) >= $2::date"      \
    " AND (ends IS NULL OR from_date <= ends)"                                                     \
    " AND ($4::text IS NULL OR account = $4) ORDER BY id"

int cash_actuals_load(PGconn *c, int64_t authority_id, const char *account, date_t from, date_t to,
                      struct cash_flows *fs, struct cash_cover **covers, int *ncovers)
{
    char auth[DB_INT_BUFSZ], f[DATE_BUFSZ], t[DATE_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), date_format_iso(from, f), date_format_iso(to, t),
                       account};
    *covers = NULL;
    *ncovers = 0;
    PGresult *r = db_query(c, "load the statement lines", LINES_SQL, 4, p);
    if (!r)
        return -1;
    int rc = read_actuals(r, 0, PQntuples(r), fs);
    PQclear(r);
    if (rc < 0)
        return -1;
    r = db_query(c, "load the statements' days", COVERS_SQL, 4, p);
    if (!r)
        return -1;
    rc = read_covers(r, 0, PQntuples(r), covers, ncovers);
    PQclear(r);
    return rc;
}

/* cash_statements_load's one statement: three parts by `part`: 1 the opening balances
 * (OPENING_BALANCES), 2 the days the statements cover (cash_actuals_load's second query), 3 the
 * lines of the window (its first), each in the order cash_actuals_load reads them. */
#define STATEMENTS_SQL                                                                             \
    STATEMENTS_OWNED                                                                               \
        " SELECT 1 AS part, account, NULL::date AS d, 0::bigint AS sid, 0 AS seq,"                 \
        " balance, NULL AS date, NULL AS amount, NULL AS ref, NULL AS description, NULL::bigint "  \
        "AS id,"                                                                                   \
        " NULL AS from_date, NULL AS to_date, NULL AS opening FROM (" OPENING_BALANCES ") o"       \
        " UNION ALL SELECT 2, account, NULL, id, 0, NULL, NULL, NULL, NULL, NULL, id,"             \
        " to_char(from_date, 'YYYY-MM-DD'), to_char(least(to_date, ends), 'YYYY-MM-DD'),"          \
        " opening_balance::text FROM s WHERE from_date <= $3::date AND least(to_date, ends) >= "   \
        "$2::date"                                                                                 \
        " AND (ends IS NULL OR from_date <= ends) AND ($4::text IS NULL OR account = $4)"          \
        " UNION ALL SELECT 3, s.account, l.date, s.id, l.seq, NULL, to_char(l.date, "              \
        "'YYYY-MM-DD'),"                                                                           \
        " l.amount::text, CASE WHEN l.reference <> '' THEN l.reference ELSE 'S' || s.id || '/' "   \
        "|| l.seq END,"                                                                            \
        " l.description, NULL, NULL, NULL, NULL FROM s"                                            \
        " JOIN bank_statement_lines l ON l.statement_id = s.id AND l.authority_id = s.owner"       \
        " WHERE l.date BETWEEN $2::date AND $3::date AND (s.ends IS NULL OR l.date <= s.ends)"     \
        " AND ($4::text IS NULL OR s.account = $4)"                                                \
        " ORDER BY part, d, sid, seq"

/* ---- a chunk of authorities at once (recompute's cash rule) ---------------------------------
 * Each query above, run for every (authority, account) of the chunk in one statement: the same
 * SQL text with $1 (and the account parameter) taken from the unnested arrays, its rows numbered
 * in its own order, so that each pair's rows are the ones (and in the order) the query alone
 * gives. The answers are kept per thread, for the connection they were read on, until
 * cash_many_end. */

struct kept {
    PGconn *c;
    int kind;
    int64_t authority_id;
    bool any_account; /* the answer for account NULL (every account) */
    char account[CODE_MAX];
    date_t d1, d2;
    const PGresult *r; /* owned by results[] */
    int from, to;
};

enum { KEPT_RESULTS = 5 };
static _Thread_local struct kept *kept;
static _Thread_local int nkept, capkept;
static _Thread_local PGresult *results[KEPT_RESULTS];
static _Thread_local int nresults;

static bool kept_rows(PGconn *c, int kind, int64_t authority_id, const char *account, date_t d1,
                      date_t d2, const PGresult **r, int *from, int *to)
{
    for (int i = 0; i < nkept; i++) {
        const struct kept *k = &kept[i];
        if (k->c == c && k->kind == kind && k->authority_id == authority_id && k->d1 == d1 &&
            k->d2 == d2 &&
            (account ? !k->any_account && strcmp(k->account, account) == 0 : k->any_account)) {
            *r = k->r;
            *from = k->from;
            *to = k->to;
            return true;
        }
    }
    return false;
}

static void keep(PGconn *c, int kind, int64_t authority_id, const char *account, date_t d1,
                 date_t d2, const PGresult *r, int from, int to)
{
    if (nkept == capkept) {
        capkept = capkept ? 2 * capkept : 64;
        kept = xrealloc(kept, (size_t)capkept * sizeof *kept);
    }
    struct kept *k = &kept[nkept++];
    *k = (struct kept){c, kind, authority_id, account == NULL, "", d1, d2, r, from, to};
    if (account)
        copy_text(k->account, sizeof k->account, account);
}

void cash_many_end(void)
{
    for (int i = 0; i < nresults; i++)
        PQclear(results[i]);
    nresults = 0;
    free(kept);
    kept = NULL;
    nkept = capkept = 0;
}

void cash_many_forget(int64_t authority_id)
{
    for (int i = 0; i < nkept; i++)
        if (kept[i].authority_id == authority_id)
            kept[i].c = NULL; /* never matches a connection again */
}

/* inner (one authority's query) with $1 as a0.id and $acct as a0.acct (0: none), run for each
 * row of a0 (the unnested $1, with $acct when given) and numbered: a new string. */
static char *lateral_sql(const char *inner, int acct)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_appendf(
        &b, "SELECT a0.k AS slot_k, x.* FROM unnest($1::bigint[]%s) WITH ORDINALITY a0(id%s, k)",
        acct ? (acct == 2   ? ", $2::text[]"
                : acct == 3 ? ", $3::text[]"
                            : ", $4::text[]")
             : "",
        acct ? ", acct" : "");
    strbuf_append_str(&b,
                      " CROSS JOIN LATERAL (SELECT y.*, row_number() OVER () AS slot_rn FROM (");
    for (const char *s = inner; *s; s++) {
        if (s[0] == '$' && (s[1] == '1' || s[1] == '0' + acct) && !(s[2] >= '0' && s[2] <= '9')) {
            strbuf_append_str(&b, s[1] == '1' ? "a0.id" : "a0.acct");
            s++;
        } else {
            strbuf_append_char(&b, *s);
        }
    }
    strbuf_append_str(&b, ") y) x ORDER BY a0.k, x.slot_rn");
    return strbuf_steal(&b);
}

/* Run the lateral form of inner with params p (p[0] the ids, p[acct - 1] the accounts) and keep
 * each slot's rows under (kind, ids[k], accounts[k] or every account, d1, d2). */
static int keep_query(PGconn *c, const char *what, const char *inner, int acct, int np,
                      const char *const *p, int kind, const int64_t *ids, char *const *accounts,
                      int nslots, date_t d1, date_t d2)
{
    if (nresults == KEPT_RESULTS)
        return error("%s: too many kept answers", what);
    char *sql = lateral_sql(inner, acct);
    PGresult *r = db_query(c, what, sql, np, p);
    free(sql);
    if (!r)
        return -1;
    results[nresults++] = r;
    int total = PQntuples(r), at = 0;
    for (int k = 0; k < nslots; k++) {
        int from = at;
        while (at < total && db_get_int(r, at, "slot_k") == k + 1)
            at++;
        keep(c, kind, ids[k], accounts ? accounts[k] : NULL, d1, d2, r, from, at);
    }
    return 0;
}

/* arr as a text[] literal of v[0..n), each element quoted: a new string. */
static char *text_array(char *const *v, int n)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_append_str(&b, "{");
    for (int i = 0; i < n; i++) {
        strbuf_append_str(&b, i ? ",\"" : "\"");
        for (const char *s = v[i]; *s; s++) {
            if (*s == '"' || *s == '\\')
                strbuf_append_str(&b, "\\");
            strbuf_append_char(&b, *s);
        }
        strbuf_append_str(&b, "\"");
    }
    strbuf_append_str(&b, "}");
    return strbuf_steal(&b);
}

/* The (authority, account) pairs of the accounts kept for ids[0..n): new arrays *pid, *pacct
 * (the codes borrowed from the kept rows); the count. */
static int account_pairs(PGconn *c, const int64_t *ids, int n, int64_t **pid, char ***pacct)
{
    int np = 0, cap = 8;
    *pid = xmalloc((size_t)cap * sizeof **pid);
    *pacct = xmalloc((size_t)cap * sizeof **pacct);
    for (int k = 0; k < n; k++) {
        const PGresult *r;
        int from, to;
        if (!kept_rows(c, KEPT_ACCOUNTS, ids[k], NULL, DATE_NONE, DATE_NONE, &r, &from, &to))
            continue;
        for (int i = from; i < to; i++) {
            if (np == cap) {
                cap *= 2;
                *pid = xrealloc(*pid, (size_t)cap * sizeof **pid);
                *pacct = xrealloc(*pacct, (size_t)cap * sizeof **pacct);
            }
            (*pid)[np] = ids[k];
            (*pacct)[np++] = (char *)db_get(r, i, "code");
        }
    }
    return np;
}

int cash_many_begin(PGconn *c, const int64_t *ids, int n, date_t from, date_t to)
{
    cash_many_end();
    if (n == 0)
        return 0;
    char *arr, f[DATE_BUFSZ], t[DATE_BUFSZ];
    db_id_array(ids, n, &arr);
    const char *pa[] = {arr};
    int rc = keep_query(c, "load the bank accounts", ACCOUNTS_SQL, 0, 1, pa, KEPT_ACCOUNTS, ids,
                        NULL, n, DATE_NONE, DATE_NONE);
    free(arr);
    int64_t *pid = NULL;
    char **pacct = NULL;
    int np = rc == 0 ? account_pairs(c, ids, n, &pid, &pacct) : 0;
    if (rc == 0 && np > 0) {
        char *pids, *accts = text_array(pacct, np);
        db_id_array(pid, np, &pids);
        date_format_iso(from, f);
        date_format_iso(to, t);
        const char *pi[] = {pids, accts}, *pl[] = {pids, f, t, accts};
        rc = keep_query(c, "load the forecast items", ITEMS_SQL, 2, 2, pi, KEPT_ITEMS, pid, pacct,
                        np, DATE_NONE, DATE_NONE);
        if (rc == 0)
            rc = keep_query(c, "load the statements", STATEMENTS_SQL, 4, 4, pl, KEPT_STATEMENTS,
                            pid, pacct, np, from, to);
        free(pids);
        free(accts);
    }
    free(pid);
    free(pacct);
    if (rc < 0)
        cash_many_end();
    return rc;
}
/* Rows [from, to) of r (STATEMENTS_SQL's three parts) into *openings, *covers and fs. */
static int read_statements(const PGresult *r, int from, int to, struct cash_flows *fs,
                           struct cash_cover **covers, int *ncovers, struct cash_balance **openings,
                           int *nopenings)
{
    int a = from, b;
    while (a < to && strcmp(db_get(r, a, "part"), "1") == 0)
        a++;
    for (b = a; b < to && strcmp(db_get(r, b, "part"), "2") == 0; b++)
        ;
    if (read_balances(r, from, a, openings) < 0 || read_covers(r, a, b, covers, ncovers) < 0 ||
        read_actuals(r, b, to, fs) < 0) {
        free(*covers);
        free(*openings);
        *covers = NULL;
        *openings = NULL;
        *ncovers = 0;
        return -1;
    }
    *nopenings = a - from;
    return 0;
}

int cash_statements_load(PGconn *c, int64_t authority_id, const char *account, date_t from,
                         date_t to, struct cash_flows *fs, struct cash_cover **covers, int *ncovers,
                         struct cash_balance **openings, int *nopenings)
{
    char auth[DB_INT_BUFSZ], f[DATE_BUFSZ], t[DATE_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), date_format_iso(from, f), date_format_iso(to, t),
                       account};
    *covers = NULL;
    *openings = NULL;
    *ncovers = *nopenings = 0;
    const PGresult *kr;
    int kf, kt;
    if (kept_rows(c, KEPT_STATEMENTS, authority_id, account, from, to, &kr, &kf,
                  &kt)) /* recompute's chunk */
        return read_statements(kr, kf, kt, fs, covers, ncovers, openings, nopenings);
    PGresult *r = db_query(c, "load the statements", STATEMENTS_SQL, 4, p);
    if (!r)
        return -1;
    int rc = read_statements(r, 0, PQntuples(r), fs, covers, ncovers, openings, nopenings);
    PQclear(r);
    return rc;
}
