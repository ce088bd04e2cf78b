/* movement.c: reading accounts' movements and the refs they name (see movement.h). */
#include "store/movement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/book.h"
#include "store/db.h"
#include "util/err.h"

static int unreadable(const char *what, const char *value)
{
    return error("load movements: %s \"%s\" from the database cannot be read", what, value);
}

static int read_ref(const PGresult *r, int i, struct account_ref *a)
{
    snprintf(a->ref, sizeof a->ref, "%s", db_get(r, i, "ref"));
    a->id = db_get_int(r, i, "id");
    if (!inv_type_parse(db_get(r, i, "type"), &a->type))
        return unreadable("type", db_get(r, i, "type"));
    if (!deal_status_parse(db_get(r, i, "status"), &a->status))
        return unreadable("status", db_get(r, i, "status"));
    if (!date_parse(db_get(r, i, "start_date"), &a->start, NULL))
        return unreadable("start_date", db_get(r, i, "start_date"));
    if (!money_parse(db_get(r, i, "principal"), &a->principal, NULL))
        return unreadable("principal", db_get(r, i, "principal"));
    return 0;
}

int account_refs_load(PGconn *c, int64_t authority_id, struct account_ref **out)
{
    char auth[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth)};
    PGresult *r = db_query(c, "load the accounts",
                           "SELECT ref, id, type, status, to_char(start_date, 'YYYY-MM-DD') AS start_date,"
                           " principal::text AS principal FROM investments WHERE authority_id = $1"
                           " ORDER BY ref COLLATE \"C\"",
                           1, p);
    if (!r)
        return -1;
    int n = PQntuples(r), rc = 0;
    *out = xcalloc((unsigned long)n + 1, sizeof **out);
    for (int i = 0; i < n && rc == 0; i++)
        rc = read_ref(r, i, &(*out)[i]);
    PQclear(r);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        return -1;
    }
    return n;
}

static int read_movement(const PGresult *r, int i, struct movement *m)
{
    m->investment_id = db_get_int(r, i, "investment_id");
    if (!date_parse(db_get(r, i, "date"), &m->date, NULL))
        return unreadable("date", db_get(r, i, "date"));
    if (!move_kind_parse(db_get(r, i, "kind"), &m->kind))
        return unreadable("kind", db_get(r, i, "kind"));
    if (!money_parse(db_get(r, i, "amount"), &m->amount, NULL))
        return unreadable("amount", db_get(r, i, "amount"));
    return 0;
}

/* A movement's columns; the holder comes first: the account's own authority, and from a merger
 * (sql/215) also the successor it moved to, which reads the account's whole history. */
#define MOVEMENT_FIELDS                                                                            \
    " m.id, m.investment_id, to_char(m.date, 'YYYY-MM-DD') AS date, m.kind,"                       \
    " m.amount::text AS amount, m.note"
#define MOVEMENT_UPTO " AND ($2::date IS NULL OR m.date <= $2::date) AND ($3::date IS NULL OR m.date >= $3::date)"

static int movement_rows(PGresult *r, struct movement **out, int64_t **owner, char ***notes);

/* movements_load over since..upto (either DATE_NONE: unbounded). */
static int load_between(PGconn *c, const int64_t *ids, int n, date_t since, date_t upto, struct movement **out,
                        int64_t **owner, char ***notes)
{
    char *arr, d[DATE_BUFSZ], d0[DATE_BUFSZ];
    db_id_array(ids, n, &arr);
    const char *p[] = {arr, upto != DATE_NONE ? date_format_iso(upto, d) : NULL,
                       since != DATE_NONE ? date_format_iso(since, d0) : NULL};
    PGresult *r = db_query(c, "load movements",
                           "SELECT * FROM (SELECT m.authority_id," MOVEMENT_FIELDS " FROM book_movements m"
                           " WHERE m.authority_id = ANY($1::bigint[])" MOVEMENT_UPTO
                           " UNION ALL SELECT t.authority_id," MOVEMENT_FIELDS " FROM holding_transfers t"
                           " JOIN book_movements m ON m.investment_id = t.holding_id WHERE t.kind = 'investment'"
                           " AND t.authority_id = ANY($1::bigint[])" MOVEMENT_UPTO ") x"
                           " ORDER BY authority_id, investment_id, date, id",
                           3, p);
    free(arr);
    return movement_rows(r, out, owner, notes);
}

/* The rows of r (load_between's columns; NULL: its query failed) into *out (and *owner, *notes
 * when not NULL), r cleared. Returns their number, or -1. */
static int movement_rows(PGresult *r, struct movement **out, int64_t **owner, char ***notes)
{
    if (!r)
        return -1;
    int k = PQntuples(r), rc = 0;
    *out = xcalloc((unsigned long)k + 1, sizeof **out);
    if (owner)
        *owner = xcalloc((unsigned long)k + 1, sizeof **owner);
    if (notes)
        *notes = xcalloc((unsigned long)k + 1, sizeof **notes);
    for (int i = 0; i < k && rc == 0; i++) {
        rc = read_movement(r, i, &(*out)[i]);
        if (owner)
            (*owner)[i] = db_get_int(r, i, "authority_id");
        if (notes)
            (*notes)[i] = xstrdup(db_get(r, i, "note"));
    }
    PQclear(r);
    if (rc < 0) {
        free(*out);
        if (owner)
            free(*owner);
        if (notes) {
            for (int i = 0; i < k; i++)
                free((*notes)[i]);
            free(*notes);
        }
        return -1;
    }
    return k;
}

int movements_load(PGconn *c, const int64_t *ids, int n, date_t upto, struct movement **out, int64_t **owner,
                   char ***notes)
{
    return load_between(c, ids, n, DATE_NONE, upto, out, owner, notes);
}

int movements_load_between(PGconn *c, int64_t authority_id, date_t since, date_t upto, struct movement **out)
{
    return load_between(c, &authority_id, 1, since, upto, out, NULL, NULL);
}

int movements_load_own_between(PGconn *c, int64_t authority_id, date_t since, date_t upto, struct movement **out)
{
    if (since == DATE_NONE || upto == DATE_NONE)
        return movements_load_between(c, authority_id, since, upto, out);
    char id[DB_INT_BUFSZ], d[DATE_BUFSZ], d0[DATE_BUFSZ];
    const char *p[] = {db_int(authority_id, id), date_format_iso(upto, d), date_format_iso(since, d0)};
    /* The bounds as one-row subqueries (InitPlans): the planner then costs every run's plan as it
     * costs the statement's plan for parameters (the index range of (authority_id, date), the same
     * plan either way), so from its sixth run on a connection PostgreSQL keeps that one instead of
     * planning each forecast's read afresh (given as constants, a year's range is costed a tenth
     * of the parameters' default, and the generic plan always lost). */
    PGresult *r = db_query(c, "load movements",
                           "SELECT m.authority_id," MOVEMENT_FIELDS " FROM book_movements m"
                           " WHERE m.authority_id = $1::bigint AND m.date <= (SELECT $2::date)"
                           " AND m.date >= (SELECT $3::date) ORDER BY investment_id, date, id",
                           3, p);
    return movement_rows(r, out, NULL, NULL);
}

int movements_load_between_many(PGconn *c, const int64_t *ids, int n, date_t since, date_t upto,
                                struct movement **out, int64_t **owner)
{
    return load_between(c, ids, n, since, upto, out, owner, NULL);
}

/* Row i of movements_load_net's answer onto out: the net movement, then the valuation if any.
 * Returns the number written (1 or 2), or -1. */
static int read_net(const PGresult *r, int i, date_t at, struct movement *out)
{
    money_t net;
    if (!money_parse(db_get(r, i, "net"), &net, NULL))
        return unreadable("net", db_get(r, i, "net"));
    int64_t id = db_get_int(r, i, "investment_id");
    out[0] = (struct movement){id, at, net < 0 ? MOVE_WITHDRAWAL : MOVE_DEPOSIT, net < 0 ? -net : net};
    if (!*db_get(r, i, "value_date"))
        return 1;
    out[1] = (struct movement){.investment_id = id, .kind = MOVE_VALUATION};
    if (!date_parse(db_get(r, i, "value_date"), &out[1].date, NULL))
        return unreadable("date", db_get(r, i, "value_date"));
    if (!money_parse(db_get(r, i, "value"), &out[1].amount, NULL))
        return unreadable("amount", db_get(r, i, "value"));
    return 2;
}

/* The rows movements_load_net adds up: the holdings of authority $1 (its own, and those moved to
 * it by a merger, sql/215), each row as (holder, investment_id, net, value_date, value, value_id); the
 * month sums before the date's month ($2 is the date, $3 its month's first day, sql/230) and the
 * book's rows of the date's own month up to the date. As known at a moment the month sums are
 * prudent_known's twin (the exact sums of the rows known then). */
#define NET_MONTHS(HOLDER, FROM, WHERE)                                                            \
    " SELECT " HOLDER " s.investment_id, s.net, s.value_date, s.value, s.value_id FROM " FROM " WHERE " WHERE \
    " AND s.month < $3::date"
#define NET_ROWS(HOLDER, FROM, WHERE)                                                              \
    " SELECT " HOLDER " m.investment_id, CASE m.kind WHEN 'withdrawal' THEN -m.amount WHEN 'valuation' THEN 0"   \
    " ELSE m.amount END, CASE m.kind WHEN 'valuation' THEN m.date END, CASE m.kind WHEN 'valuation'"  \
    " THEN m.amount END, m.id FROM " FROM " WHERE " WHERE " AND m.date >= $3::date AND m.date <= $2::date"
#define NET_MOVED " t.kind = 'investment' AND t.authority_id = ANY($1::bigint[])"

int movements_load_net_many(PGconn *c, const int64_t *ids, int nids, date_t at, struct movement **out,
                            int64_t **owner)
{
    char *arr, d[DATE_BUFSZ], m[DATE_BUFSZ];
    int y, mo, day;
    date_t first = DATE_NONE;
    date_to_ymd(at, &y, &mo, &day);
    (void)date_from_ymd(y, mo, 1, &first);
    db_id_array(ids, nids, &arr);
    const char *p[] = {arr, date_format_iso(at, d), date_format_iso(first, m)};
    /* each holding's net change up to `at`, and its latest valuation then (the last entered of the
     * latest date, as account_value_at takes the later of two), under each holder */
    PGresult *r = db_query(c, "load the balances at the date",
                           "SELECT holder, investment_id, sum(net)::text AS net,"
                           " coalesce(to_char(max(value_date), 'YYYY-MM-DD'), '') AS value_date,"
                           " coalesce((array_agg(value ORDER BY value_date DESC, value_id DESC)"
                           " FILTER (WHERE value_date IS NOT NULL))[1]::text, '') AS value FROM ("
                           NET_MONTHS("s.authority_id,", "movement_month_sums s", "s.authority_id = ANY($1::bigint[])")
                           " UNION ALL"
                           NET_MONTHS("t.authority_id,",
                                      "holding_transfers t JOIN movement_month_sums s ON s.investment_id = t.holding_id",
                                      NET_MOVED) " UNION ALL"
                           NET_ROWS("m.authority_id,", "book_movements m", "m.authority_id = ANY($1::bigint[])")
                           " UNION ALL"
                           NET_ROWS("t.authority_id,",
                                    "holding_transfers t JOIN book_movements m ON m.investment_id = t.holding_id",
                                    NET_MOVED)
                           ") x(holder, investment_id, net, value_date, value, value_id)"
                           " GROUP BY holder, investment_id ORDER BY holder, investment_id",
                           3, p);
    free(arr);
    if (!r)
        return -1;
    int k = PQntuples(r), n = 0;
    *out = xcalloc((unsigned long)(2 * k) + 1, sizeof **out);
    if (owner)
        *owner = xcalloc((unsigned long)(2 * k) + 1, sizeof **owner);
    for (int i = 0; i < k && n >= 0; i++) {
        int w = read_net(r, i, at, *out + n);
        for (int j = 0; owner && j < w; j++)
            (*owner)[n + j] = db_get_int(r, i, "holder");
        n = w < 0 ? -1 : n + w;
    }
    PQclear(r);
    if (n < 0) {
        free(*out);
        *out = NULL;
        if (owner) {
            free(*owner);
            *owner = NULL;
        }
    }
    return n;
}

int movements_load_net(PGconn *c, int64_t authority_id, date_t at, struct movement **out)
{
    return movements_load_net_many(c, &authority_id, 1, at, out, NULL);
}

int movements_load_net_of(PGconn *c, const int64_t *ids, int n, const int64_t *owners, int nowners, date_t at,
                          struct movement **out)
{
    char *hold, *own, d[DATE_BUFSZ], m[DATE_BUFSZ];
    int y, mo, day;
    date_t first = DATE_NONE;
    date_to_ymd(at, &y, &mo, &day);
    (void)date_from_ymd(y, mo, 1, &first);
    db_id_array(ids, n, &hold);
    db_id_array(owners, nowners, &own);
    const char *p[] = {hold, date_format_iso(at, d), date_format_iso(first, m), own};
    /* the same sums as movements_load_net's, picked by holding (with its owners, which lead the
     * month sums' key and the repayments' index) instead of by authority */
    PGresult *r = db_query(c, "load the balances of the holdings at the date",
                           "SELECT investment_id, sum(net)::text AS net,"
                           " coalesce(to_char(max(value_date), 'YYYY-MM-DD'), '') AS value_date,"
                           " coalesce((array_agg(value ORDER BY value_date DESC, value_id DESC)"
                           " FILTER (WHERE value_date IS NOT NULL))[1]::text, '') AS value FROM ("
                           NET_MONTHS("", "movement_month_sums s",
                                      "s.authority_id = ANY($4::bigint[]) AND s.investment_id = ANY($1::bigint[])")
                           " UNION ALL"
                           NET_ROWS("", "book_movements m",
                                    "m.authority_id = ANY($4::bigint[]) AND m.investment_id = ANY($1::bigint[])")
                           ") x(investment_id, net, value_date, value, value_id)"
                           " GROUP BY investment_id ORDER BY investment_id",
                           4, p);
    free(hold);
    free(own);
    if (!r)
        return -1;
    int k = PQntuples(r), got = 0;
    *out = xcalloc((unsigned long)(2 * k) + 1, sizeof **out);
    for (int i = 0; i < k && got >= 0; i++) {
        int w = read_net(r, i, at, *out + got);
        got = w < 0 ? -1 : got + w;
    }
    PQclear(r);
    if (got < 0) {
        free(*out);
        *out = NULL;
    }
    return got;
}
