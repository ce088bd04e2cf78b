/* book.c: loading an authority's book (counterparties, investments, loans) from PostgreSQL into
 * the core structs (see store/book.h). Dates are selected as ISO text and money and rates as
 * their exact numeric text, then parsed with the core parsers: no floating point on the way. */
#include "store/book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deal_select.h"
#include "store/book_memo.h"
#include "store/book_span.h"
#include "store/db.h"
#include "store/movement.h"
#include "util/err.h"

static int bad_value(const char *what, const char *key, const char *field, const char *value)
{
    return error("load %s %s: %s \"%s\" from the database cannot be read", what, key, field, value);
}

/* Row i's value of column number f (db_column; col names it in a message) as money, a rate or a
 * date (DATE_NONE when NULL: its day number, DB_DAY as the loaders here select it, or ISO text as
 * a caller's own SQL may, e.g. store/rating_reach.c's rows for book_read_investment). */
static int money_at(const PGresult *r, int i, int f, const char *col, const char *what, const char *key,
                    money_t *out)
{
    const char *v = db_value(r, i, f);
    return money_parse(v, out, NULL) ? 0 : bad_value(what, key, col, v);
}

static int rate_at(const PGresult *r, int i, int f, const char *col, const char *what, const char *key,
                   rate_t *out)
{
    const char *v = db_value(r, i, f);
    return rate_parse(v, out, NULL) ? 0 : bad_value(what, key, col, v);
}

static int date_at(const PGresult *r, int i, int f, const char *col, const char *what, const char *key,
                   date_t *out)
{
    if (db_null(r, i, f)) {
        *out = DATE_NONE;
        return 0;
    }
    const char *v = db_value(r, i, f);
    return db_parse_day(v, out) || date_parse(v, out, NULL) ? 0 : bad_value(what, key, col, v);
}

/* The same by the column's name. */
static int get_money(const PGresult *r, int i, const char *col, const char *what, const char *key,
                     money_t *out)
{
    return money_at(r, i, db_column(r, col), col, what, key, out);
}

static int get_rate(const PGresult *r, int i, const char *col, const char *what, const char *key,
                    rate_t *out)
{
    return rate_at(r, i, db_column(r, col), col, what, key, out);
}

static int get_date(const PGresult *r, int i, const char *col, const char *what, const char *key,
                    date_t *out)
{
    return date_at(r, i, db_column(r, col), col, what, key, out);
}

static int load_counterparties(PGconn *c, struct book *b)
{
    void *kept;
    if (book_memo_array_get(c, "counterparties", sizeof *b->cps, &kept, &b->ncps)) {
        b->cps = kept;
        return 0;
    }
    PGresult *r = db_query(c, "load counterparties",
                           "SELECT id, code, name, sector, country, coalesce(group_code, '') AS group_code"
                           " FROM counterparties ORDER BY code",
                           0, NULL);
    if (!r)
        return -1;
    int n = PQntuples(r);
    b->cps = xcalloc(n ? (unsigned long)n : 1, sizeof *b->cps);
    for (int i = 0; i < n; i++) {
        struct counterparty *cp = &b->cps[i];
        cp->id = db_get_int(r, i, "id");
        db_get_text(r, i, "code", cp->code, sizeof cp->code);
        db_get_text(r, i, "name", cp->name, sizeof cp->name);
        db_get_text(r, i, "country", cp->country, sizeof cp->country);
        db_get_text(r, i, "group_code", cp->group_code, sizeof cp->group_code);
        if (!sector_parse(db_get(r, i, "sector"), &cp->sector)) {
            bad_value("counterparty", cp->code, "sector", db_get(r, i, "sector"));
            PQclear(r);
            return -1;
        }
        b->ncps++;
    }
    PQclear(r);
    book_memo_array_put(c, "counterparties", sizeof *b->cps, b->cps, b->ncps);
    return 0;
}

/* The column numbers of a result with INVESTMENT_TEXT's columns, looked up once per result: a
 * loader reads its thousands of rows by number, not each value by name. */
struct investment_columns {
    int id, ref, type, status, counterparty_id, notice_days, rate, account, principal, start, maturity;
};

static void investment_columns(const PGresult *r, struct investment_columns *c)
{
    *c = (struct investment_columns){
        .id = db_column(r, "id"),
        .ref = db_column(r, "ref"),
        .type = db_column(r, "type"),
        .status = db_column(r, "status"),
        .counterparty_id = db_column(r, "counterparty_id"),
        .notice_days = db_column(r, "notice_days"),
        .rate = db_column(r, "rate"),
        .account = db_column(r, "settlement_account"),
        .principal = db_column(r, "principal"),
        .start = db_column(r, "start_date"),
        .maturity = db_column(r, "maturity_date"),
    };
}

/* book_read_investment with the result's columns c (investment_columns). */
static int read_investment(const PGresult *r, int i, const struct investment_columns *c, struct investment *v)
{
    v->id = strtoll(db_value(r, i, c->id), NULL, 10);
    db_value_text(r, i, c->ref, v->ref, sizeof v->ref);
    const char *k = v->ref;
    if (!inv_type_parse(db_value(r, i, c->type), &v->type))
        return bad_value("investment", k, "type", db_value(r, i, c->type));
    if (c->status >= 0 && !deal_status_parse(db_value(r, i, c->status), &v->status))
        return bad_value("investment", k, "status", db_value(r, i, c->status));
    v->counterparty_id = strtoll(db_value(r, i, c->counterparty_id), NULL, 10);
    v->notice_days = db_null(r, i, c->notice_days) ? -1 : (int)strtoll(db_value(r, i, c->notice_days), NULL, 10);
    v->no_rate = db_null(r, i, c->rate); /* a variable yield (mmf, pooled): rate 0 */
    db_value_text(r, i, c->account, v->account, sizeof v->account);
    if (money_at(r, i, c->principal, "principal", "investment", k, &v->principal) < 0 ||
        (!v->no_rate && rate_at(r, i, c->rate, "rate", "investment", k, &v->rate) < 0) ||
        date_at(r, i, c->start, "start_date", "investment", k, &v->start) < 0 ||
        date_at(r, i, c->maturity, "maturity_date", "investment", k, &v->maturity) < 0)
        return -1;
    return 0;
}

int book_read_investment(const PGresult *r, int i, struct investment *v)
{
    struct investment_columns c;
    investment_columns(r, &c);
    return read_investment(r, i, &c, v);
}

/* ---- holders (sql/215, a merger): a holding is its own authority's until a transfer moves it;
 * from the transfer's date it is the successor's, under the transfer's ref (its history stays
 * with it). A loader reads what its authorities ($1, a bigint[]) hold at the date D (a parameter;
 * NULL: every row each of them ever held) in two parts: each authority's own rows not moved out
 * by D, and the rows moved in by D and not moved on. Both parts start with the holder (as
 * authority_id) and the ref; cols are the other columns, of the holding's table as `i`. */
#define MOVED_OUT(kind, holder, d)                                                                 \
    " AND NOT EXISTS (SELECT 1 FROM holding_transfers o WHERE o.kind = '" kind "'"                 \
    " AND o.holding_id = i.id AND o.from_authority_id = " holder " AND o.transfer_date <= " d "::date)"
#define HOLDINGS(cols, tbl, kind, d, where) HOLDINGS_AS(cols, cols, tbl, kind, d, where)
/* The same with the moved-in rows' columns moved_cols (the transfer as `t`). */
#define HOLDINGS_AS(cols, moved_cols, tbl, kind, d, where)                                         \
    HOLDINGS_IN("ANY($1::bigint[])", cols, moved_cols, tbl, kind, d, where)
/* The same for the holders `= holders` (e.g. one authority, "$1::bigint"). */
#define HOLDINGS_IN(holders, cols, moved_cols, tbl, kind, d, where)                                \
    HOLDINGS_SELECT("i.authority_id, i.ref, " cols, "t.authority_id, t.ref, " moved_cols, holders, tbl, kind, d, where)
/* The same with the whole select lists own_cols (of `i`) and moved_cols (of `i` and `t`) as
 * given: without the holder when the statement names one (the forecast's window read). */
#define HOLDINGS_SELECT(own_cols, moved_cols, holders, tbl, kind, d, where)                        \
    "SELECT " own_cols " FROM " tbl " i WHERE i.authority_id = " holders                           \
    where MOVED_OUT(kind, "i.authority_id", d)                                                      \
    " UNION ALL SELECT " moved_cols " FROM holding_transfers t JOIN " tbl " i"                     \
    " ON i.id = t.holding_id WHERE t.kind = '" kind "' AND t.authority_id = " holders               \
    " AND (" d "::date IS NULL OR t.transfer_date <= " d "::date)" where                            \
    MOVED_OUT(kind, "t.authority_id", d)

#define INVESTMENT_COLUMNS                                                                         \
    "i.id, i.type, i.counterparty_id, i.principal, i.rate,"                                        \
    " " DB_DAY("i.start_date") " AS start_date,"                                                  \
    " " DB_DAY("i.maturity_date") " AS maturity_date, i.notice_days, i.status,"
#define INVESTMENT_TEXT INVESTMENT_COLUMNS " i.settlement_account"
/* A moved-in holding's settlement account (sql/215, 270): the code its account (the one it names,
 * or else its predecessor's default account, the first by id) moved under by the same merger, so
 * its flows from the vesting day land in that account and not in the successor's own account of
 * the predecessor's code; its own (NULL: the successor's default) when that account did not move.
 * The predecessor's rows are not changed: before the day and as known before the merger it names
 * the old account. */
#define MOVED_SETTLEMENT                                                                           \
    " coalesce((SELECT ba.ref FROM holding_transfers ba WHERE ba.kind = 'bank_account'"            \
    " AND ba.merger_id = t.merger_id AND ba.from_authority_id = t.from_authority_id"               \
    " AND ba.was = coalesce(i.settlement_account, (SELECT f.code FROM bank_accounts f"             \
    " WHERE f.authority_id = t.from_authority_id ORDER BY f.id LIMIT 1))), i.settlement_account)"  \
    " AS settlement_account"
#define INVESTMENT_MOVED INVESTMENT_COLUMNS MOVED_SETTLEMENT
/* What a forecast reads of a holding (core/cashflow.c: a deal's or an account's flows; views/
 * cash.c: a partnership's deals between members): INVESTMENT_TEXT's columns less the holder, the
 * notice days and the status (read_investment leaves notice_days -1 and status as it was). The
 * window read ships some 2,300 rows a forecast: each column less is less for the database to
 * write and for the service to read (docs/performance.md, session 12). */
#define FORECAST_COLUMNS                                                                           \
    " i.id, i.type, i.counterparty_id, i.principal, i.rate, " DB_DAY("i.start_date") " AS start_date," \
    " " DB_DAY("i.maturity_date") " AS maturity_date,"
#define FORECAST_TEXT "i.ref," FORECAST_COLUMNS " i.settlement_account"
#define FORECAST_MOVED "t.ref," FORECAST_COLUMNS MOVED_SETTLEMENT
/* held_at ($2): only the deals held at that date (started on or before it, not matured), or
 * NULL for every deal not cancelled. */
#define HELD_AT                                                                                    \
    " AND i.status <> 'cancelled' AND ($2::date IS NULL OR (i.start_date <= $2::date"              \
    " AND (i.maturity_date IS NULL OR i.maturity_date > $2::date)))"

/* Parse rows [from, to) of r into b->inv (allocated here). */
static int investment_rows(const PGresult *r, int from, int to, struct book *b)
{
    struct investment_columns c;
    investment_columns(r, &c);
    b->inv = xcalloc(to > from ? (unsigned long)(to - from) : 1, sizeof *b->inv);
    for (int i = from; i < to; i++) {
        if (read_investment(r, i, &c, &b->inv[b->ninv]) < 0)
            return -1;
        b->ninv++;
    }
    return 0;
}

/* A ref and its row, for book_order_by_ref. */
struct ref_row {
    const char *ref;
    int row;
};

static int by_ref_then_row(const void *pa, const void *pb)
{
    const struct ref_row *a = pa, *b = pb;
    int c = strcmp(a->ref, b->ref);
    return c ? c : (a->row > b->row) - (a->row < b->row);
}

void book_order_by_ref(const char *const *refs, int n, int *order)
{
    int k = 1;
    while (k < n && strcmp(refs[k - 1], refs[k]) <= 0) /* rows read in heap order mostly come in order */
        k++;
    if (k >= n) {
        for (k = 0; k < n; k++)
            order[k] = k;
        return;
    }
    struct ref_row *v = xcalloc(n > 0 ? (size_t)n : 1, sizeof *v);
    for (k = 0; k < n; k++)
        v[k] = (struct ref_row){refs[k], k};
    qsort(v, (size_t)n, sizeof *v, by_ref_then_row);
    for (k = 0; k < n; k++)
        order[k] = v[k].row;
    free(v);
}

/* Every row of r into b->inv (allocated here) in the order of their refs (book_order_by_ref):
 * what ORDER BY ref gives under the "C" collation, the database spared the sort. */
static int investment_rows_by_ref(const PGresult *r, struct book *b)
{
    int n = PQntuples(r), f = db_column(r, "ref");
    const char **refs = xcalloc(n > 0 ? (size_t)n : 1, sizeof *refs);
    int *order = xcalloc(n > 0 ? (size_t)n : 1, sizeof *order);
    for (int k = 0; k < n; k++)
        refs[k] = db_value(r, k, f);
    book_order_by_ref(refs, n, order);
    struct investment_columns c;
    investment_columns(r, &c);
    b->inv = xcalloc(n > 0 ? (size_t)n : 1, sizeof *b->inv);
    int rc = 0;
    for (int k = 0; k < n && rc == 0; k++)
        if ((rc = read_investment(r, order[k], &c, &b->inv[b->ninv])) == 0)
            b->ninv++;
    free(order);
    free(refs);
    return rc;
}

/* The investments the authority (arr, "{ID}") holds at owned_at (DATE_NONE: every one it ever
 * held), only those held at held_at when it is a date. */
static int load_investments(PGconn *c, const char *arr, struct book *b, date_t held_at, date_t owned_at)
{
    char d[DATE_BUFSZ], o[DATE_BUFSZ];
    const char *p[] = {arr, held_at != DATE_NONE ? date_format_iso(held_at, d) : NULL,
                       owned_at != DATE_NONE ? date_format_iso(owned_at, o) : NULL};
    PGresult *r = db_query(c, "load investments",
                           HOLDINGS_AS(INVESTMENT_TEXT, INVESTMENT_MOVED, "investments", "investment", "$3", HELD_AT)
                           " ORDER BY ref",
                           3, p);
    if (!r)
        return -1;
    int rc = investment_rows(r, 0, PQntuples(r), b);
    PQclear(r);
    return rc;
}

/* 1 when a merger moved an investment into or out of the authority (holding_transfers), 0 when
 * none, -1 on error. Without one, what it owns at any date is every investment it ever owned. */
static int investments_moved(PGconn *c, int64_t authority_id)
{
    char id[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, id)};
    PGresult *r = db_query(c, "look for merged investments",
                           "SELECT EXISTS (SELECT 1 FROM holding_transfers WHERE kind = 'investment'"
                           " AND (authority_id = $1 OR from_authority_id = $1)) AS moved",
                           1, p);
    if (!r)
        return -1;
    int moved = strcmp(db_get(r, 0, "moved"), "t") == 0;
    PQclear(r);
    return moved;
}

/* load_investments of one authority (arr is its "{ID}"), kept in the build's book memo
 * (store/book_memo.h) so that the loaders asking for the same rows (the whole book, the flows
 * of each window) read them once. In a memo scope, an authority no merger moved an investment
 * into or out of owns the same rows at every date: the books at each date of a report (the
 * quarter's start and end, the year end) then share one read (owned_at taken as DATE_NONE). */
static int load_investments_of(PGconn *c, int64_t authority_id, const char *arr, struct book *b, date_t held_at,
                               date_t owned_at)
{
    struct book kept;
    if (owned_at != DATE_NONE && book_memo_active()) {
        int moved = investments_moved(c, authority_id);
        if (moved < 0)
            return -1;
        if (!moved)
            owned_at = DATE_NONE;
    }
    if (book_memo_get(c, authority_id, BOOK_MEMO_INVESTMENTS, held_at, owned_at, &kept)) {
        b->inv = kept.inv;
        b->ninv = kept.ninv;
        kept.inv = NULL;
        book_free(&kept);
        return 0;
    }
    if (load_investments(c, arr, b, held_at, owned_at) < 0)
        return -1;
    struct book only = {.inv = b->inv, .ninv = b->ninv};
    book_memo_put(c, authority_id, BOOK_MEMO_INVESTMENTS, held_at, owned_at, &only);
    return 0;
}

/* flows within [$2, $4] ($3, the owned date, NULL): only a holding with a cash flow that can fall
 * in the window once moved to a business day (a month's margin either way: the modified-following
 * rule moves a date a few days at most). A dated deal flows on its start and its maturity only
 * (core/cashflow.c dated_deal): one of them must be in the margin'd window; an open-ended account
 * (call, MMF: maturity NULL) flows when opened and on its movements: its start in the window, or
 * its id among $5, the accounts with a movement in the window (read just before). A forecast then
 * reads what its window needs, not every deal matured in the authority's history nor the accounts
 * that do not move. Shaped for the index on (authority_id, maturity_date) (sql/320): the two arms
 * are its two ranges (maturity_date IS NULL, maturity_date >= the window's start less the margin). */
#define FLOWS_WITHIN FLOWS_BETWEEN("$2", "$4", "$5")
/* The same with the window's first and last days and the moving accounts as the parameters
 * from, to and moving. */
#define FLOWS_BETWEEN(from, to, moving)                                                            \
    " AND i.status <> 'cancelled' AND ((i.maturity_date IS NULL"                                  \
    " AND (i.start_date BETWEEN " from "::date - 31 AND " to "::date + 31"                         \
    " OR i.id = ANY(" moving "::bigint[])))"                                                        \
    " OR (i.maturity_date >= " from "::date - 31 AND i.start_date <= " to "::date + 31"            \
    " AND (i.maturity_date <= " to "::date + 31 OR i.start_date >= " from "::date - 31)))"

/* The accounts moving in a window (moves[0..nmoves), ordered by holding within each holder) as
 * FLOWS_WITHIN's $5 array: a new string the caller frees. */
static char *moving_array(const struct movement *moves, int nmoves)
{
    char *moving;
    int64_t *ids = xcalloc(nmoves > 0 ? (size_t)nmoves : 1, sizeof *ids);
    int n = 0;
    for (int k = 0; k < nmoves; k++) /* each account once per run of its rows */
        if (n == 0 || ids[n - 1] != moves[k].investment_id)
            ids[n++] = moves[k].investment_id;
    db_id_array(ids, n, &moving);
    free(ids);
    return moving;
}

/* The investments the authority has ever held whose cash flows can fall within from..to
 * (FLOWS_WITHIN), given the window's movements moves[0..nmoves) (their accounts); with
 * forecast, only the columns a forecast reads (FORECAST_TEXT), ordered here rather than by the
 * database (investment_rows_by_ref: the same order, its sort half a millisecond of the
 * database's cpu a forecast, docs/performance.md session 12). The statement
 * names one authority (= $1, not ANY of an array) and no owned date (NULL in the text, not a
 * parameter): its plan for parameters (the prepared statement's generic plan) then costs what
 * each authority's own plan costs, so PostgreSQL keeps it after its first five runs on a
 * connection instead of planning each forecast's read afresh (docs/performance.md, session 11). */
static int load_investments_within(PGconn *c, int64_t authority_id, struct book *b, date_t from, date_t to,
                                   const struct movement *moves, int nmoves, bool forecast)
{
    char id[DB_INT_BUFSZ], f[DATE_BUFSZ], t[DATE_BUFSZ], *moving = moving_array(moves, nmoves);
    const char *p[] = {db_int(authority_id, id), date_format_iso(from, f), date_format_iso(to, t), moving};
    PGresult *r = forecast ? db_query(c, "load the investments of the forecast",
                                      HOLDINGS_SELECT(FORECAST_TEXT, FORECAST_MOVED, "$1::bigint", "investments",
                                                      "investment", "NULL", FLOWS_BETWEEN("$2", "$3", "$4")),
                                      4, p)
                           : db_query(c, "load the investments of the period",
                                      HOLDINGS_IN("$1::bigint", INVESTMENT_TEXT, INVESTMENT_MOVED, "investments",
                                                  "investment", "NULL", FLOWS_BETWEEN("$2", "$3", "$4"))
                                      " ORDER BY ref",
                                      4, p);
    free(moving);
    if (!r)
        return -1;
    int rc = forecast ? investment_rows_by_ref(r, b) : investment_rows(r, 0, PQntuples(r), b);
    PQclear(r);
    return rc;
}

static int read_loan(const PGresult *r, int i, struct loan *l)
{
    l->id = db_get_int(r, i, "id");
    db_get_text(r, i, "ref", l->ref, sizeof l->ref);
    const char *k = l->ref;
    if (!loan_type_parse(db_get(r, i, "type"), &l->type))
        return bad_value("loan", k, "type", db_get(r, i, "type"));
    if (!repayment_parse(db_get(r, i, "repayment"), &l->repayment))
        return bad_value("loan", k, "repayment", db_get(r, i, "repayment"));
    if (!deal_status_parse(db_get(r, i, "status"), &l->status))
        return bad_value("loan", k, "status", db_get(r, i, "status"));
    l->lender_id = db_get_int(r, i, "lender_id");
    l->variable = strcmp(db_get(r, i, "variable"), "t") == 0;
    l->option_months = db_isnull(r, i, "option_months") ? 0 : (int)db_get_int(r, i, "option_months");
    db_get_text(r, i, "settlement_account", l->account, sizeof l->account);
    if (get_money(r, i, "principal", "loan", k, &l->principal) < 0 ||
        get_rate(r, i, "rate", "loan", k, &l->rate) < 0 ||
        get_date(r, i, "start_date", "loan", k, &l->start) < 0 ||
        get_date(r, i, "maturity_date", "loan", k, &l->maturity) < 0 ||
        get_date(r, i, "option_date", "loan", k, &l->option_date) < 0)
        return -1;
    return 0;
}

#define LOAN_COLUMNS                                                                               \
    "i.id, i.type, i.lender_id, i.principal, i.rate, i.variable,"                                  \
    " " DB_DAY("i.start_date") " AS start_date,"                                                  \
    " " DB_DAY("i.maturity_date") " AS maturity_date, i.repayment,"                               \
    " " DB_DAY("i.option_date") " AS option_date, i.option_months, i.status,"
/* The loans of $1 held at $2 (holders above), cancelled ones left out. */
#define LOANS_HELD                                                                                 \
    HOLDINGS_AS(LOAN_COLUMNS " i.settlement_account", LOAN_COLUMNS MOVED_SETTLEMENT, "loans", "loan", "$2", \
                " AND i.status <> 'cancelled'")

static int loan_rows(const PGresult *r, int from, int to, struct book *b)
{
    b->loans = xcalloc(to > from ? (unsigned long)(to - from) : 1, sizeof *b->loans);
    for (int i = from; i < to; i++) {
        if (read_loan(r, i, &b->loans[b->nloans]) < 0)
            return -1;
        b->nloans++;
    }
    return 0;
}

/* ---- loan events (sql/090): the events in force (not superseded), by authority, loan, date and
 * entry; each loan's events/nevents then point into the book's array. */
#define LOAN_EVENT_FIELDS                                                                          \
    " e.id, e.loan_id, e.kind, " DB_DAY("e.event_date") " AS event_date,"                           \
    " e.amount, coalesce(e.rate, 0) AS rate,"                                                      \
    " CASE e.kind WHEN 'repaid' THEN coalesce(e.settlement, e.amount)"                             \
    " WHEN 'repaid_at_par' THEN e.amount ELSE 0 END AS settlement" /* the cash paid (core/book.h) */
#define LOAN_EVENT_CURRENT " AND NOT EXISTS (SELECT 1 FROM loan_events s WHERE s.supersedes = e.id)"
/* The events of the loans of $1 and of the loans moved to them (sql/215), by holder. */
#define LOAN_EVENT_COLUMNS                                                                         \
    "SELECT * FROM (SELECT e.authority_id," LOAN_EVENT_FIELDS " FROM loan_events e"                 \
    " WHERE e.authority_id = ANY($1::bigint[])" LOAN_EVENT_CURRENT                                 \
    " UNION ALL SELECT t.authority_id," LOAN_EVENT_FIELDS " FROM holding_transfers t"               \
    " JOIN loan_events e ON e.loan_id = t.holding_id WHERE t.kind = 'loan'"                        \
    " AND t.authority_id = ANY($1::bigint[])" LOAN_EVENT_CURRENT ") x"                             \
    " ORDER BY authority_id, loan_id, event_date, id"

static int read_loan_event(const PGresult *r, int i, struct loan_event *e, int64_t *loan_id)
{
    const char *k = db_get(r, i, "loan_id");
    *loan_id = db_get_int(r, i, "loan_id");
    if (!loan_event_kind_parse(db_get(r, i, "kind"), &e->kind))
        return bad_value("loan event of loan", k, "kind", db_get(r, i, "kind"));
    if (get_date(r, i, "event_date", "loan event of loan", k, &e->date) < 0 ||
        get_money(r, i, "amount", "loan event of loan", k, &e->amount) < 0 ||
        get_rate(r, i, "rate", "loan event of loan", k, &e->rate) < 0 ||
        get_money(r, i, "settlement", "loan event of loan", k, &e->settlement) < 0)
        return -1;
    return 0;
}

/* Point each loan of b at its run of b->loan_events (ordered by loan id). */
static void attach_events(struct book *b, const int64_t *loan_ids)
{
    for (int i = 0; i < b->nloans; i++) {
        int lo = 0, hi = b->nloan_events;
        while (lo < hi) { /* the first event of this loan or a later one */
            int mid = (lo + hi) / 2;
            if (loan_ids[mid] < b->loans[i].id)
                lo = mid + 1;
            else
                hi = mid;
        }
        int n = 0;
        while (lo + n < b->nloan_events && loan_ids[lo + n] == b->loans[i].id)
            n++;
        b->loans[i].events = n ? &b->loan_events[lo] : NULL;
        b->loans[i].nevents = n;
    }
}

static int loan_event_rows(const PGresult *r, int from, int to, struct book *b)
{
    int n = to > from ? to - from : 0;
    int64_t *ids = xcalloc(n ? (unsigned long)n : 1, sizeof *ids);
    b->loan_events = xcalloc(n ? (unsigned long)n : 1, sizeof *b->loan_events);
    int rc = 0;
    for (int i = from; i < to && rc == 0; i++)
        if ((rc = read_loan_event(r, i, &b->loan_events[b->nloan_events], &ids[b->nloan_events])) == 0)
            b->nloan_events++;
    if (rc == 0)
        attach_events(b, ids);
    free(ids);
    return rc;
}

/* The loan events of the authorities ids[0..n-1] (an array literal in arr) into out[0..n-1]. */
static int load_loan_events(PGconn *c, const char *arr, const int64_t *ids, int n, struct book *out);

/* The loans the authority id (arr, "{ID}") holds at owned_at (DATE_NONE: every one it held). */
static int load_loans(PGconn *c, int64_t id, const char *arr, struct book *b, date_t owned_at)
{
    char o[DATE_BUFSZ];
    const char *p[] = {arr, owned_at != DATE_NONE ? date_format_iso(owned_at, o) : NULL};
    PGresult *r = db_query(c, "load loans", LOANS_HELD " ORDER BY ref", 2, p);
    if (!r)
        return -1;
    int rc = loan_rows(r, 0, PQntuples(r), b);
    PQclear(r);
    if (rc < 0)
        return -1;
    if (b->nloans == 0) { /* no loan: no event to attach, no query */
        b->loan_events = xcalloc(1, sizeof *b->loan_events);
        return 0;
    }
    return load_loan_events(c, arr, &id, 1, b);
}

/* The authority's current movements dated on or before upto (DATE_NONE: all) into b->moves. */
static int load_movements(PGconn *c, int64_t authority_id, date_t upto, struct book *b)
{
    b->nmoves = movements_load(c, &authority_id, 1, upto, &b->moves, NULL, NULL);
    return b->nmoves < 0 ? -1 : 0;
}

/* Each account at its balance at `at`, the empty ones left out (core/balance.h). */
static int apply_balances(struct book *b, date_t at)
{
    if (investments_at(b->inv, &b->ninv, b->moves, b->nmoves, at) < 0)
        return error("load investments: an account's balance at the date overflows");
    return 0;
}

/* The authority's id as a bigint[] literal, "{ID}", in arr (at least DB_INT_BUFSZ + 2). */
static const char *id_array(int64_t authority_id, char *arr)
{
    char auth[DB_INT_BUFSZ];
    sprintf(arr, "{%s}", db_int(authority_id, auth));
    return arr;
}

/* Rows [from, to) of r (holding_id, loan, moved_in, transfer_date) into b->windows (allocated
 * here). */
static int window_rows(const PGresult *r, int from, int to, struct book *b)
{
    b->windows = xcalloc(to > from ? (size_t)(to - from) : 1, sizeof *b->windows);
    for (int i = from; i < to; i++) {
        struct held_window *w = &b->windows[b->nwindows];
        date_t d;
        if (get_date(r, i, "transfer_date", "merged holding", db_get(r, i, "holding_id"), &d) < 0)
            return -1;
        w->id = db_get_int(r, i, "holding_id");
        w->loan = strcmp(db_get(r, i, "loan"), "t") == 0;
        bool in = strcmp(db_get(r, i, "moved_in"), "t") == 0;
        w->from = in ? d : DATE_NONE;
        w->until = in ? DATE_NONE : d - 1;
        b->nwindows++;
    }
    return 0;
}

/* The windows of the holdings merged into or out of the authority (struct held_window). */
static int load_windows(PGconn *c, int64_t authority_id, struct book *b)
{
    char id[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, id)};
    PGresult *r = db_query(c, "load merged holdings",
                           "SELECT holding_id, kind = 'loan' AS loan, authority_id = $1 AS moved_in,"
                           " " DB_DAY("transfer_date") " AS transfer_date FROM holding_transfers"
                           " WHERE (authority_id = $1 OR from_authority_id = $1) AND kind IN ('investment', 'loan') ORDER BY id",
                           1, p);
    if (!r)
        return -1;
    int rc = window_rows(r, 0, PQntuples(r), b);
    PQclear(r);
    return rc;
}

/* Whether b's windows (load_windows) hold an investment moved into its authority (a transfer to
 * it: the window's from). */
static bool investment_moved_in(const struct book *b)
{
    for (int i = 0; i < b->nwindows; i++)
        if (!b->windows[i].loan && b->windows[i].from != DATE_NONE)
            return true;
    return false;
}

void book_held_within(const struct book *b, bool loan, int64_t id, date_t *from, date_t *to)
{
    for (int i = 0; i < b->nwindows; i++) {
        const struct held_window *w = &b->windows[i];
        if (w->id != id || w->loan != loan)
            continue;
        if (w->from != DATE_NONE && w->from > *from)
            *from = w->from;
        if (w->until != DATE_NONE && w->until < *to)
            *to = w->until;
    }
}

/* The whole book of what the authority holds at owned_at (DATE_NONE: all it ever held). */
static int load_owned(PGconn *c, int64_t authority_id, date_t owned_at, struct book *out)
{
    char arr[DB_INT_BUFSZ + 2];
    memset(out, 0, sizeof *out);
    id_array(authority_id, arr);
    if (load_counterparties(c, out) < 0 || load_investments_of(c, authority_id, arr, out, DATE_NONE, owned_at) < 0 ||
        load_loans(c, authority_id, arr, out, owned_at) < 0 ||
        load_movements(c, authority_id, DATE_NONE, out) < 0 || load_windows(c, authority_id, out) < 0) {
        book_free(out);
        return -1;
    }
    return 0;
}

int book_load(PGconn *c, int64_t authority_id, struct book *out)
{
    if (book_memo_get(c, authority_id, BOOK_MEMO_ALL, DATE_NONE, DATE_NONE, out))
        return 0;
    if (load_owned(c, authority_id, DATE_NONE, out) < 0)
        return -1;
    book_memo_put(c, authority_id, BOOK_MEMO_ALL, DATE_NONE, DATE_NONE, out);
    return 0;
}

/* book_load_flows, with forecast: book_load_forecast's read (no memo consulted or kept). */
static int load_flows(PGconn *c, int64_t authority_id, date_t from, date_t to, bool forecast, struct book *out)
{
    char arr[DB_INT_BUFSZ + 2];
    memset(out, 0, sizeof *out);
    id_array(authority_id, arr);
    /* only the deals whose flows can fall in the window (not the decade of matured ones); in a
     * memo scope the same window is read once (book_load_flows). The merged holdings
     * first: without an investment moved in, the movements are the authority's own only. */
    if (load_windows(c, authority_id, out) < 0 ||
        (out->nmoves = investment_moved_in(out) ? movements_load_between(c, authority_id, from, to, &out->moves)
                                                : movements_load_own_between(c, authority_id, from, to, &out->moves)) < 0 ||
        load_investments_within(c, authority_id, out, from, to, out->moves, out->nmoves, forecast) < 0 ||
        load_loans(c, authority_id, arr, out, DATE_NONE) < 0) {
        book_free(out);
        return -1;
    }
    return 0;
}

int book_load_flows(PGconn *c, int64_t authority_id, date_t from, date_t to, struct book *out)
{
    if (book_memo_get(c, authority_id, BOOK_MEMO_FLOWS, from, to, out))
        return 0;
    if (load_flows(c, authority_id, from, to, false, out) < 0)
        return -1;
    book_memo_put(c, authority_id, BOOK_MEMO_FLOWS, from, to, out);
    return 0;
}

int book_load_forecast(PGconn *c, int64_t authority_id, date_t from, date_t to, struct book *out)
{
    if (book_memo_active()) /* a build's views share book_load_flows' whole rows */
        return book_load_flows(c, authority_id, from, to, out);
    return load_flows(c, authority_id, from, to, true, out);
}

int book_load_at(PGconn *c, int64_t authority_id, date_t as_of, struct book *out)
{
    if (book_memo_get(c, authority_id, BOOK_MEMO_AT, as_of, DATE_NONE, out))
        return 0;
    char arr[DB_INT_BUFSZ + 2];
    memset(out, 0, sizeof *out);
    id_array(authority_id, arr);
    /* the movements summed up to as_of in the database: a balance at a date no longer ships the
     * account's whole history (movements_load_net) */
    if (load_counterparties(c, out) < 0 || load_investments_of(c, authority_id, arr, out, DATE_NONE, as_of) < 0 ||
        load_loans(c, authority_id, arr, out, as_of) < 0 ||
        (out->nmoves = movements_load_net(c, authority_id, as_of, &out->moves)) < 0 ||
        load_windows(c, authority_id, out) < 0 || apply_balances(out, as_of) < 0) {
        book_free(out);
        return -1;
    }
    book_memo_put(c, authority_id, BOOK_MEMO_AT, as_of, DATE_NONE, out);
    return 0;
}

/* *out = the net rows net[0..nn) and the rows rows[0..nr), both ordered by investment, merged
 * by investment with each one's net rows first (they are dated before its rows). Returns the
 * length of *out (allocated here; at least one element). */
static int merge_by_investment(const struct movement *net, int nn, const struct movement *rows, int nr,
                               struct movement **out)
{
    struct movement *m = xcalloc((unsigned long)(nn + nr) + 1, sizeof *m);
    int i = 0, j = 0, k = 0;
    while (i < nn || j < nr)
        m[k++] = j == nr || (i < nn && net[i].investment_id <= rows[j].investment_id) ? net[i++] : rows[j++];
    *out = m;
    return k;
}

/* The net movements up to `at` (movements_load_net) into *net, taken from the book at `at` when
 * the build's memo keeps it (book_load_at, e.g. the portfolio at the start of a quarter).
 * Returns their number, or -1. */
static int net_movements(PGconn *c, int64_t authority_id, date_t at, struct movement **net)
{
    struct book kept;
    if (!book_memo_get(c, authority_id, BOOK_MEMO_AT, at, DATE_NONE, &kept))
        return movements_load_net(c, authority_id, at, net);
    int n = kept.nmoves;
    *net = kept.moves;
    kept.moves = NULL;
    book_free(&kept);
    return n;
}

/* The movements of book_load_period: the net up to from - 1, then the rows from `from` on. */
static int load_period_movements(PGconn *c, int64_t authority_id, date_t from, struct book *b)
{
    struct movement *net = NULL, *rows = NULL;
    int nn = net_movements(c, authority_id, from - 1, &net);
    int nr = nn < 0 ? -1 : movements_load_between(c, authority_id, from, DATE_NONE, &rows);
    if (nr >= 0)
        b->nmoves = merge_by_investment(net, nn, rows, nr, &b->moves);
    free(net);
    free(rows);
    return nr < 0 ? -1 : 0;
}

int book_load_period(PGconn *c, int64_t authority_id, date_t from, date_t to, struct book *out)
{
    char arr[DB_INT_BUFSZ + 2];
    memset(out, 0, sizeof *out);
    id_array(authority_id, arr);
    /* the whole book's investments (in a build, the ones its other views share): the deals
     * outside the window earn nothing in it. Not load_investments_within: a forecast's window
     * leaves out a deal that neither starts nor matures in it, which earns interest all through. */
    (void)to;
    if (load_investments_of(c, authority_id, arr, out, DATE_NONE, DATE_NONE) < 0 ||
        load_loans(c, authority_id, arr, out, DATE_NONE) < 0 || load_period_movements(c, authority_id, from, out) < 0 || load_windows(c, authority_id, out) < 0) {
        book_free(out);
        return -1;
    }
    return 0;
}

int book_load_with(PGconn *c, int64_t authority_id, struct counterparty *cps, int ncps, bool loans,
                   date_t held_at, struct book *out)
{
    char arr[DB_INT_BUFSZ + 2];
    memset(out, 0, sizeof *out);
    out->cps = cps;
    out->ncps = ncps;
    out->cps_borrowed = true;
    id_array(authority_id, arr);
    if (load_investments(c, arr, out, held_at, held_at) < 0 ||
        (loans && load_loans(c, authority_id, arr, out, held_at) < 0) ||
        load_movements(c, authority_id, held_at, out) < 0 ||
        (held_at != DATE_NONE && apply_balances(out, held_at) < 0)) {
        book_free(out);
        return -1;
    }
    if (!out->loans)
        out->loans = xcalloc(1, sizeof *out->loans);
    return 0;
}

int book_load_counterparties(PGconn *c, struct counterparty **cps, int *ncps)
{
    struct book b;
    memset(&b, 0, sizeof b);
    if (load_counterparties(c, &b) < 0) {
        free(b.cps);
        return -1;
    }
    *cps = b.cps;
    *ncps = b.ncps;
    return 0;
}

void db_id_array(const int64_t *ids, int n, char **out)
{
    size_t cap = (size_t)n * 21 + 3, len = 0;
    char *s = xmalloc(cap);
    s[len++] = '{';
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s%lld", i ? "," : "", (long long)ids[i]);
    snprintf(s + len, cap - len, "}");
    *out = s;
}

/* Hand each authority's run of rows of r (ordered by authority_id) to rows() (db_split_rows). */
struct split {
    struct book *out;
    int (*rows)(const PGresult *, int, int, struct book *);
};

static int split_one(const PGresult *r, int from, int to, int k, void *arg)
{
    const struct split *s = arg;
    return s->rows(r, from, to, &s->out[k]);
}

static int split_rows(const PGresult *r, const int64_t *ids, int n, struct book *out,
                      int (*rows)(const PGresult *, int, int, struct book *))
{
    struct split s = {out, rows};
    return db_split_rows(r, "authority_id", ids, n, split_one, &s);
}

/* ---- many authorities at once (recompute) ----------------------------------------------------
 * About 70,000 rows a call: the amounts, rates and dates come as exact integers (pence,
 * millionths of a percent, days since 1970-01-01: the units of money_t, rate_t and date_t) in
 * binary form (neither side formats or parses digits), are read by column number, and are not
 * sorted by PostgreSQL (that sort cost more than the rest of the query): each authority's deals
 * are sorted by ref here, bytewise. */

#define INVESTMENT_INTEGERS                                                                        \
    "i.id, i.type, i.counterparty_id, (i.principal * 100)::int8,"                                  \
    " (i.rate * 1000000)::int8, i.start_date - DATE '1970-01-01', i.maturity_date - DATE '1970-01-01'," \
    " i.notice_days, i.status"
enum { I_AUTHORITY, I_REF, I_ID, I_TYPE, I_COUNTERPARTY, I_PENCE, I_MICRO, I_START, I_MATURITY, I_NOTICE, I_STATUS };

/* Column f of row i copied into dst[size], cut to size - 1 bytes and always terminated (what
 * snprintf(dst, size, "%s", ...) gives, without its cost: one a row of a chunk's deals). */
static void copy_column(const PGresult *r, int i, int f, char *dst, size_t size)
{
    size_t n = (size_t)PQgetlength(r, i, f);
    const char *v = PQgetvalue(r, i, f);
    n = strnlen(v, n < size - 1 ? n : size - 1);
    memcpy(dst, v, n);
    dst[n] = '\0';
}

static int read_investment_integers(const PGresult *r, int i, struct investment *v)
{
    v->id = db_binary_int(r, i, I_ID);
    copy_column(r, i, I_REF, v->ref, sizeof v->ref);
    if (!inv_type_parse(PQgetvalue(r, i, I_TYPE), &v->type))
        return bad_value("investment", v->ref, "type", PQgetvalue(r, i, I_TYPE));
    if (!deal_status_parse(PQgetvalue(r, i, I_STATUS), &v->status))
        return bad_value("investment", v->ref, "status", PQgetvalue(r, i, I_STATUS));
    v->counterparty_id = db_binary_int(r, i, I_COUNTERPARTY);
    v->principal = db_binary_int(r, i, I_PENCE);
    v->no_rate = PQgetisnull(r, i, I_MICRO);
    v->rate = v->no_rate ? 0 : db_binary_int(r, i, I_MICRO);
    v->start = (date_t)db_binary_int(r, i, I_START);
    v->maturity =
        PQgetisnull(r, i, I_MATURITY) ? DATE_NONE : (date_t)db_binary_int(r, i, I_MATURITY);
    v->notice_days = PQgetisnull(r, i, I_NOTICE) ? -1 : (int)db_binary_int(r, i, I_NOTICE);
    return 0;
}

static int by_ref(const void *a, const void *b)
{
    return strcmp(((const struct investment *)a)->ref, ((const struct investment *)b)->ref);
}

/* Deal each row of r to its authority's book (out[k] for ids[k]), then sort each by ref. */
static int investments_by_authority(const PGresult *r, const int64_t *ids, int n, struct book *out)
{
    int total = PQntuples(r), *count = xcalloc(n ? (unsigned long)n : 1, sizeof *count);
    int *owner = xmalloc(sizeof *owner * (unsigned long)(total ? total : 1)), k = 0, rc = 0;
    for (int i = 0; i < total; i++) { /* rows of one authority mostly come together */
        int64_t id = db_binary_int(r, i, I_AUTHORITY);
        if (ids[k] != id)
            for (k = 0; k < n - 1 && ids[k] != id; k++)
                ;
        owner[i] = ids[k] == id ? k : -1;
        count[k] += owner[i] >= 0;
    }
    for (k = 0; k < n; k++)
        out[k].inv = xcalloc(count[k] ? (unsigned long)count[k] : 1, sizeof *out[k].inv);
    for (int i = 0; i < total && rc == 0; i++)
        if (owner[i] >= 0)
            rc = read_investment_integers(r, i, &out[owner[i]].inv[out[owner[i]].ninv++]);
    for (k = 0; k < n && rc == 0; k++)
        qsort(out[k].inv, (size_t)out[k].ninv, sizeof *out[k].inv, by_ref);
    free(owner);
    free(count);
    return rc;
}

/* Each movement of m[0..nm) (owner[i] its authority, one of ids[0..n)) appended to its
 * authority's book out[k]; a movement of another authority is left out. */
static void append_movements(const struct movement *m, const int64_t *owner, int nm, const int64_t *ids, int n,
                             struct book *out)
{
    for (int i = 0, k = 0; i < nm; i++) { /* rows come ordered by authority, like ids mostly */
        if (ids[k] != owner[i])
            for (k = 0; k < n - 1 && ids[k] != owner[i]; k++)
                ;
        if (ids[k] != owner[i])
            continue;
        struct book *b = &out[k];
        if (b->nmoves % 64 == 0)
            b->moves = xrealloc(b->moves, sizeof *b->moves * (size_t)(b->nmoves + 64));
        b->moves[b->nmoves++] = m[i];
    }
}

/* The movements of the authorities ids[0..n) up to held_at, each authority's into its book,
 * and, with held_at, each account at its balance then. */
static int movements_many(PGconn *c, const int64_t *ids, int n, date_t held_at, struct book *out)
{
    struct movement *m;
    int64_t *owner;
    /* at a date, summed in the database (month sums, sql/230), not each account's whole history */
    int nm = held_at != DATE_NONE ? movements_load_net_many(c, ids, n, held_at, &m, &owner)
                                  : movements_load(c, ids, n, held_at, &m, &owner, NULL),
        rc = nm < 0 ? -1 : 0;
    append_movements(m, owner, nm, ids, n, out);
    if (nm >= 0) {
        free(m);
        free(owner);
    }
    for (int k = 0; k < n && rc == 0 && held_at != DATE_NONE; k++)
        rc = apply_balances(&out[k], held_at);
    return rc;
}

int book_load_many(PGconn *c, const int64_t *ids, int n, struct counterparty *cps, int ncps, date_t held_at,
                   struct book *out)
{
    for (int k = 0; k < n; k++) {
        memset(&out[k], 0, sizeof out[k]);
        out[k].cps = cps;
        out[k].ncps = ncps;
        out[k].cps_borrowed = true;
    }
    char *arr, d[DATE_BUFSZ];
    db_id_array(ids, n, &arr);
    const char *at = held_at != DATE_NONE ? date_format_iso(held_at, d) : NULL, *p[] = {arr, at, at};
    PGresult *r = n ? db_query_binary(c, "load investments",
                                      HOLDINGS(INVESTMENT_INTEGERS, "investments", "investment", "$3", HELD_AT),
                                      3, p)
                    : NULL;
    int rc = n == 0 ? 0 : r ? investments_by_authority(r, ids, n, out) : -1;
    PQclear(r);
    r = rc == 0 ? db_query(c, "load loans", LOANS_HELD " ORDER BY authority_id, ref", 2, p) : NULL;
    rc = r ? split_rows(r, ids, n, out, loan_rows) : -1;
    PQclear(r);
    if (rc == 0 && n)
        rc = load_loan_events(c, arr, ids, n, out);
    free(arr);
    if (rc == 0 && n)
        rc = movements_many(c, ids, n, held_at, out);
    if (rc < 0)
        for (int k = 0; k < n; k++)
            book_free(&out[k]);
    return rc;
}

static int load_loan_events(PGconn *c, const char *arr, const int64_t *ids, int n, struct book *out)
{
    const char *p[] = {arr};
    PGresult *r = db_query(c, "load loan events", LOAN_EVENT_COLUMNS, 1, p);
    int rc = r ? split_rows(r, ids, n, out, loan_event_rows) : -1;
    PQclear(r);
    return rc;
}

void book_free(struct book *b)
{
    if (!b->cps_borrowed)
        free(b->cps);
    free(b->inv);
    free(b->loans);
    free(b->moves);
    free(b->loan_events);
    free(b->windows);
    memset(b, 0, sizeof *b);
}

/* The counterparties are ordered by code, and their ids (the table's key: no two alike) mostly
 * rise with it (imported in code order): a binary search by id finds most in a few steps, and
 * when it misses (the ids out of order there) the scan below finds it all the same. */
const struct counterparty *book_counterparty(const struct book *b, int64_t id)
{
    int lo = 0, hi = b->ncps;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (b->cps[mid].id == id)
            return &b->cps[mid];
        if (b->cps[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = 0; i < b->ncps; i++)
        if (b->cps[i].id == id)
            return &b->cps[i];
    return NULL;
}

/* ---- a chunk's cash-flow windows at once (recompute's cash rule) ---------------------------- */

/* Each movement of m[0..nm) appended to its authority's book, and every book given a movements
 * array, empty if it has none (as movements_load_between leaves it). */
static void deal_movements(const struct movement *m, const int64_t *owner, int nm, const int64_t *ids, int n,
                           struct book *out)
{
    append_movements(m, owner, nm, ids, n, out);
    for (int k = 0; k < n; k++) /* as movements_load_between leaves an empty one: allocated */
        if (!out[k].moves)
            out[k].moves = xcalloc(1, sizeof *out[k].moves);
}

/* The windows of the holdings merged into or out of each of the authorities (arr: ids), by
 * authority then transfer (load_windows's rows, each authority's in its order). */
static int windows_many(PGconn *c, const char *arr, const int64_t *ids, int n, struct book *out)
{
    const char *p[] = {arr};
    PGresult *r = db_query(c, "load merged holdings",
                           "SELECT a.id AS authority_id, t.holding_id, t.kind = 'loan' AS loan,"
                           " t.authority_id = a.id AS moved_in, to_char(t.transfer_date, 'YYYY-MM-DD') AS transfer_date"
                           " FROM unnest($1::bigint[]) a(id) JOIN holding_transfers t"
                           " ON (t.authority_id = a.id OR t.from_authority_id = a.id)"
                           " WHERE t.kind IN ('investment', 'loan') ORDER BY a.id, t.id",
                           1, p);
    int rc = r ? split_rows(r, ids, n, out, window_rows) : -1;
    PQclear(r);
    return rc;
}

/* A book without loans gets no events (load_loans reads none then: those of its cancelled
 * loans are not kept either). */
static void no_loans_no_events(struct book *out, int n)
{
    for (int k = 0; k < n; k++)
        if (out[k].nloans == 0) {
            free(out[k].loan_events);
            out[k].loan_events = xcalloc(1, sizeof *out[k].loan_events);
            out[k].nloan_events = 0;
        }
}

int book_load_flows_many(PGconn *c, const int64_t *ids, int n, date_t from, date_t to, struct book *out)
{
    for (int k = 0; k < n; k++)
        memset(&out[k], 0, sizeof out[k]);
    if (n == 0)
        return 0;
    char *arr, *moving, f[DATE_BUFSZ], t[DATE_BUFSZ];
    db_id_array(ids, n, &arr);
    /* the window's movements first: an account with one is read whatever its dates
     * (FLOWS_WITHIN's $5, as in load_investments_within) */
    struct movement *m = NULL;
    int64_t *owner = NULL;
    int nm = movements_load_between_many(c, ids, n, from, to, &m, &owner);
    if (nm < 0) {
        free(arr);
        return -1;
    }
    moving = moving_array(m, nm);
    const char *p[] = {arr, date_format_iso(from, f), NULL, date_format_iso(to, t), moving};
    /* the same rows as load_investments_within and load_loans (owned at no date), each
     * authority's in the same order (by ref, in the database's collation) */
    PGresult *r = db_query(c, "load the investments of the period",
                           HOLDINGS_AS(INVESTMENT_TEXT, INVESTMENT_MOVED, "investments", "investment", "$3",
                                       FLOWS_WITHIN) " ORDER BY authority_id, ref",
                           5, p);
    free(moving);
    int rc = r ? split_rows(r, ids, n, out, investment_rows) : -1;
    PQclear(r);
    const char *lp[] = {arr, NULL};
    r = rc == 0 ? db_query(c, "load loans", LOANS_HELD " ORDER BY authority_id, ref", 2, lp) : NULL;
    rc = r ? split_rows(r, ids, n, out, loan_rows) : -1;
    PQclear(r);
    if (rc == 0)
        rc = load_loan_events(c, arr, ids, n, out);
    if (rc == 0)
        no_loans_no_events(out, n);
    if (rc == 0)
        deal_movements(m, owner, nm, ids, n, out);
    free(m);
    free(owner);
    if (rc == 0)
        rc = windows_many(c, arr, ids, n, out);
    free(arr);
    if (rc < 0)
        for (int k = 0; k < n; k++)
            book_free(&out[k]);
    return rc;
}

/* ---- a chunk's lending books and cash-flow windows at once (recompute) -----------------------
 * The deals held at the as-of date (book_load_many) and those whose flows can fall in the cash
 * rule's window after it (book_load_flows_many) are mostly the same live deals. One statement
 * reads every deal not cancelled that can be either, by the two ranges of the index on
 * (authority_id, maturity_date) (sql/320) that hold both: the accounts (no maturity), and the
 * deals maturing on or after $2 (the earlier of the day after the date $3 and the window's
 * start less its margin). Each
 * row comes with whether its holder still held it at the date $3 (MOVED_OUT's condition, as one
 * hashed look-up for the statement: the columns are NOT NULL, so NOT IN is NOT EXISTS) and, for a
 * row moved in by a merger, the day it came in; core/deal_select.h then decides in C, on the
 * deal's dates, which book wants it (the conditions HELD_AT and FLOWS_WITHIN ask the database in
 * the one-book loaders), so the database neither evaluates them nor formats a row twice. Rows come
 * by authority and ref in the database's collation, the window's order (book_load_flows_many);
 * the held ones are then sorted by ref bytewise (book_load_many's). */
#define KEPT_AT(holder)                                                                            \
    " (i.id, " holder ") NOT IN (SELECT o.holding_id, o.from_authority_id FROM holding_transfers o" \
    " WHERE o.kind = 'investment' AND o.transfer_date <= $3::date) AS kept"
#define HELD_OR_FLOWS_RANGE " AND i.status <> 'cancelled' AND (i.maturity_date IS NULL OR i.maturity_date >= $2::date)"
#define HELD_AND_FLOWS                                                                             \
    "SELECT i.authority_id, i.ref, " INVESTMENT_INTEGERS ", i.settlement_account," KEPT_AT("i.authority_id") \
    ", NULL::int4 AS moved_in FROM investments i WHERE i.authority_id = ANY($1::bigint[])"         \
    HELD_OR_FLOWS_RANGE                                                                            \
    " UNION ALL SELECT t.authority_id, t.ref, " INVESTMENT_INTEGERS "," MOVED_SETTLEMENT ","       \
    KEPT_AT("t.authority_id") ", t.transfer_date - DATE '1970-01-01' AS moved_in"                  \
    " FROM holding_transfers t JOIN investments i ON i.id = t.holding_id WHERE t.kind = 'investment'" \
    " AND t.authority_id = ANY($1::bigint[])" HELD_OR_FLOWS_RANGE " ORDER BY authority_id, ref"
enum { I_SETTLEMENT = I_STATUS + 1, I_KEPT, I_MOVED_IN };

/* What a chunk's rows are sorted by: the date, the window and the accounts moving in it. */
struct held_flows {
    date_t held_at, from, to;
    const int64_t *moving; /* ascending */
    int nmoving;
};

/* Row i of r: which books want it (HELD and/or FLOWS), from its dates, id and holder's columns. */
enum { HELD = 1, FLOWS = 2 };

static int wanted(const PGresult *r, int i, const struct held_flows *w)
{
    struct investment v = {.id = db_binary_int(r, i, I_ID), .start = (date_t)db_binary_int(r, i, I_START),
                           .maturity = PQgetisnull(r, i, I_MATURITY) ? DATE_NONE
                                                                     : (date_t)db_binary_int(r, i, I_MATURITY)};
    bool kept = !PQgetisnull(r, i, I_KEPT) && PQgetvalue(r, i, I_KEPT)[0] != 0;
    bool in_by = PQgetisnull(r, i, I_MOVED_IN) || (date_t)db_binary_int(r, i, I_MOVED_IN) <= w->held_at;
    return (kept && in_by && deal_live_at(&v, w->held_at) ? HELD : 0) |
           (deal_flows_within(&v, w->from, w->to, w->moving, w->nmoving) ? FLOWS : 0);
}

/* Each authority's run of rows of r into held[k] (the rows held) and flows[k] (the window's,
 * with their settlement accounts), the held ones then sorted by ref. */
static int held_and_flows_by_authority(const PGresult *r, const int64_t *ids, int n, const struct held_flows *w,
                                       struct book *held, struct book *flows)
{
    int total = PQntuples(r), k = 0, rc = 0;
    int *owner = xmalloc(sizeof *owner * (size_t)(total ? total : 1));
    unsigned char *want = xmalloc((size_t)(total ? total : 1));
    int *nheld = xcalloc((size_t)n, sizeof *nheld), *nflows = xcalloc((size_t)n, sizeof *nflows);
    for (int i = 0; i < total; i++) { /* rows come ordered by authority */
        int64_t id = db_binary_int(r, i, I_AUTHORITY);
        if (ids[k] != id)
            for (k = 0; k < n - 1 && ids[k] != id; k++)
                ;
        owner[i] = ids[k] == id ? k : -1;
        want[i] = owner[i] >= 0 ? (unsigned char)wanted(r, i, w) : 0;
        if (owner[i] >= 0) {
            nheld[k] += (want[i] & HELD) != 0;
            nflows[k] += (want[i] & FLOWS) != 0;
        }
    }
    for (k = 0; k < n; k++) {
        held[k].inv = xcalloc(nheld[k] ? (size_t)nheld[k] : 1, sizeof *held[k].inv);
        flows[k].inv = xcalloc(nflows[k] ? (size_t)nflows[k] : 1, sizeof *flows[k].inv);
    }
    for (int i = 0; i < total && rc == 0; i++) {
        if (!want[i])
            continue;
        struct investment v;
        memset(&v, 0, sizeof v);
        if ((rc = read_investment_integers(r, i, &v)) < 0)
            break;
        struct book *h = &held[owner[i]], *f = &flows[owner[i]];
        if (want[i] & HELD) /* as book_load_many reads it: no settlement account */
            h->inv[h->ninv++] = v;
        if (want[i] & FLOWS) {
            if (!PQgetisnull(r, i, I_SETTLEMENT))
                copy_column(r, i, I_SETTLEMENT, v.account, sizeof v.account);
            f->inv[f->ninv++] = v;
        }
    }
    for (k = 0; k < n && rc == 0; k++)
        qsort(held[k].inv, (size_t)held[k].ninv, sizeof *held[k].inv, by_ref);
    free(owner);
    free(want);
    free(nheld);
    free(nflows);
    return rc;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The investments of both books (the window's movements m[0..nm) name the accounts moving). */
static int load_held_and_flows(PGconn *c, const char *arr, const int64_t *ids, int n, const struct movement *m, int nm,
                               struct held_flows *w, struct book *held, struct book *flows)
{
    int64_t *moving = xcalloc(nm > 0 ? (size_t)nm : 1, sizeof *moving);
    int nmoving = 0;
    for (int k = 0; k < nm; k++)
        moving[nmoving++] = m[k].investment_id;
    qsort(moving, (size_t)nmoving, sizeof *moving, by_id);
    w->moving = moving;
    w->nmoving = nmoving;
    date_t bound = w->held_at + 1 < w->from - 31 ? w->held_at + 1 : w->from - 31;
    char b[DATE_BUFSZ], d[DATE_BUFSZ];
    const char *p[] = {arr, date_format_iso(bound, b), date_format_iso(w->held_at, d)};
    PGresult *r = db_query_binary(c, "load the investments held and of the period", HELD_AND_FLOWS, 3, p);
    int rc = r ? held_and_flows_by_authority(r, ids, n, w, held, flows) : -1;
    PQclear(r);
    free(moving);
    return rc;
}

/* The loans of the authorities (arr) held at `at` (NULL: every one they held) into out. */
static int loans_many(PGconn *c, const char *arr, const char *at, const int64_t *ids, int n, struct book *out)
{
    const char *p[] = {arr, at};
    PGresult *r = db_query(c, "load loans", LOANS_HELD " ORDER BY authority_id, ref", 2, p);
    int rc = r ? split_rows(r, ids, n, out, loan_rows) : -1;
    PQclear(r);
    return rc;
}

int book_load_held_flows_many(PGconn *c, const int64_t *ids, int n, struct counterparty *cps, int ncps,
                              date_t held_at, date_t from, date_t to, struct book *held, struct book *flows)
{
    for (int k = 0; k < n; k++) {
        memset(&held[k], 0, sizeof held[k]);
        memset(&flows[k], 0, sizeof flows[k]);
        held[k].cps = cps;
        held[k].ncps = ncps;
        held[k].cps_borrowed = true;
    }
    if (n == 0)
        return 0;
    char *arr, d[DATE_BUFSZ];
    db_id_array(ids, n, &arr);
    struct movement *m = NULL;
    int64_t *owner = NULL;
    int nm = movements_load_between_many(c, ids, n, from, to, &m, &owner), rc = nm < 0 ? -1 : 0;
    struct held_flows w = {held_at, from, to, NULL, 0};
    if (rc == 0)
        rc = load_held_and_flows(c, arr, ids, n, m, nm, &w, held, flows);
    if (rc == 0)
        rc = loans_many(c, arr, date_format_iso(held_at, d), ids, n, held);
    if (rc == 0)
        rc = loans_many(c, arr, NULL, ids, n, flows);
    PGresult *r = NULL;
    if (rc == 0) { /* the same events for both (load_loan_events) */
        const char *p[] = {arr};
        r = db_query(c, "load loan events", LOAN_EVENT_COLUMNS, 1, p);
        rc = r ? split_rows(r, ids, n, held, loan_event_rows) : -1;
        if (rc == 0)
            rc = split_rows(r, ids, n, flows, loan_event_rows);
        PQclear(r);
    }
    if (rc == 0)
        no_loans_no_events(flows, n);
    if (rc == 0)
        rc = movements_many(c, ids, n, held_at, held);
    if (rc == 0)
        deal_movements(m, owner, nm, ids, n, flows);
    free(m);
    free(owner);
    if (rc == 0)
        rc = windows_many(c, arr, ids, n, flows);
    free(arr);
    if (rc < 0)
        for (int k = 0; k < n; k++) {
            book_free(&held[k]);
            book_free(&flows[k]);
        }
    return rc;
}

/* ---- the span of a whole history (store/book_span.h): the rows book_load_at reads at any date,
 * each with the dates that pick it, so that the book at a date is derived in memory. */

/* The day the holding (i) left its holder (the first transfer out of it; NULL: never): a row is
 * held at D while no transfer out of its holder is dated on or before D (MOVED_OUT). */
#define SPAN_UNTIL(holder)                                                                         \
    " (SELECT to_char(min(o.transfer_date), 'YYYY-MM-DD') FROM holding_transfers o"                \
    " WHERE o.kind = 'investment' AND o.holding_id = i.id AND o.from_authority_id = " holder ")"   \
    " AS held_until"
/* HOLDINGS_AS(INVESTMENT_TEXT, INVESTMENT_MOVED, ..., HELD_AT with held_at NULL) at every date:
 * no date filter, the dates that pick each row as held_from and held_until instead. */
#define SPAN_INVESTMENTS                                                                           \
    "SELECT i.authority_id, i.ref, " INVESTMENT_TEXT ", NULL::text AS held_from," SPAN_UNTIL("i.authority_id") \
    " FROM investments i WHERE i.authority_id = ANY($1::bigint[]) AND i.status <> 'cancelled'"     \
    " UNION ALL SELECT t.authority_id, t.ref, " INVESTMENT_MOVED ","                                \
    " to_char(t.transfer_date, 'YYYY-MM-DD') AS held_from," SPAN_UNTIL("t.authority_id")            \
    " FROM holding_transfers t JOIN investments i ON i.id = t.holding_id WHERE t.kind = 'investment'" \
    " AND t.authority_id = ANY($1::bigint[]) AND i.status <> 'cancelled' ORDER BY ref"
/* The rows movements_load_net adds up (NET_ROWS of store/movement.c) at every date, each row. */
#define SPAN_MOVE_FIELDS                                                                           \
    " m.investment_id, m.date, CASE m.kind WHEN 'withdrawal' THEN -m.amount WHEN 'valuation' THEN 0" \
    " ELSE m.amount END AS net, m.kind = 'valuation' AS valuation, m.amount, m.id"
#define SPAN_MOVEMENTS                                                                             \
    "SELECT x.investment_id, to_char(x.date, 'YYYY-MM-DD') AS date, x.net::text AS net, x.valuation,"  \
    " x.amount::text AS amount FROM (SELECT" SPAN_MOVE_FIELDS " FROM book_movements m"              \
    " WHERE m.authority_id = ANY($1::bigint[]) UNION ALL SELECT" SPAN_MOVE_FIELDS                  \
    " FROM holding_transfers t JOIN book_movements m ON m.investment_id = t.holding_id"            \
    " WHERE t.kind = 'investment' AND t.authority_id = ANY($1::bigint[])) x"                       \
    " ORDER BY x.investment_id, x.date, x.id"

static int span_investments(PGconn *c, const char *arr, struct book_span *s)
{
    const char *p[] = {arr};
    PGresult *r = db_query(c, "load the investments ever held", SPAN_INVESTMENTS, 1, p);
    if (!r)
        return -1;
    int n = PQntuples(r), rc = 0;
    s->inv = xcalloc(n ? (size_t)n : 1, sizeof *s->inv);
    s->held_from = xcalloc(n ? (size_t)n : 1, sizeof *s->held_from);
    s->held_until = xcalloc(n ? (size_t)n : 1, sizeof *s->held_until);
    struct investment_columns cols;
    investment_columns(r, &cols);
    int held_from = db_column(r, "held_from"), held_until = db_column(r, "held_until");
    for (int i = 0; i < n && rc == 0; i++) {
        struct investment *v = &s->inv[s->ninv];
        if ((rc = read_investment(r, i, &cols, v)) == 0 &&
            (rc = date_at(r, i, held_from, "held_from", "investment", v->ref, &s->held_from[s->ninv])) == 0 &&
            (rc = date_at(r, i, held_until, "held_until", "investment", v->ref, &s->held_until[s->ninv])) == 0)
            s->ninv++;
    }
    PQclear(r);
    return rc;
}

/* Row i of SPAN_MOVEMENTS onto the points of s: a new point when the holding or the date
 * changes, the running net and latest valuation carried. */
static int span_row(const PGresult *r, int i, struct book_span *s)
{
    int64_t id = db_get_int(r, i, "investment_id");
    const char *key = db_get(r, i, "investment_id");
    date_t d;
    money_t net, amount;
    if (get_date(r, i, "date", "movement of holding", key, &d) < 0 ||
        get_money(r, i, "net", "movement of holding", key, &net) < 0 ||
        get_money(r, i, "amount", "movement of holding", key, &amount) < 0)
        return -1;
    struct span_run *run = s->nruns ? &s->runs[s->nruns - 1] : NULL;
    if (!run || run->investment_id != id) {
        run = &s->runs[s->nruns++];
        *run = (struct span_run){.investment_id = id, .first = s->npoints, .n = 0};
    }
    struct span_point *last = run->n ? &s->points[s->npoints - 1] : NULL;
    if (!last || last->date != d) {
        struct span_point *p = &s->points[s->npoints++];
        *p = last ? *last : (struct span_point){.value_date = DATE_NONE};
        p->date = d;
        run->n++;
        last = p;
    }
    if (!money_accumulate(&last->net, net))
        return error("load the movements of holding %s: the sum overflows", key);
    if (strcmp(db_get(r, i, "valuation"), "t") == 0) {
        last->value_date = d;
        last->value = amount;
    }
    return 0;
}

static int span_movements(PGconn *c, const char *arr, struct book_span *s)
{
    const char *p[] = {arr};
    PGresult *r = db_query(c, "load the movements ever made", SPAN_MOVEMENTS, 1, p);
    if (!r)
        return -1;
    int n = PQntuples(r), rc = 0;
    s->runs = xcalloc(n ? (size_t)n : 1, sizeof *s->runs);
    s->points = xcalloc(n ? (size_t)n : 1, sizeof *s->points);
    for (int i = 0; i < n && rc == 0; i++)
        rc = span_row(r, i, s);
    PQclear(r);
    if (rc == 0) { /* give back what collapsing same-day rows left unused */
        s->runs = xrealloc(s->runs, (size_t)(s->nruns ? s->nruns : 1) * sizeof *s->runs);
        s->points = xrealloc(s->points, (size_t)(s->npoints ? s->npoints : 1) * sizeof *s->points);
    }
    return rc;
}

int book_span_load(PGconn *c, int64_t authority_id, struct book_span *out)
{
    char arr[DB_INT_BUFSZ + 2];
    struct book w;
    memset(out, 0, sizeof *out);
    memset(&w, 0, sizeof w);
    id_array(authority_id, arr);
    if (span_investments(c, arr, out) < 0 || span_movements(c, arr, out) < 0 || load_windows(c, authority_id, &w) < 0) {
        book_free(&w);
        book_span_free(out);
        return -1;
    }
    out->windows = w.windows;
    out->nwindows = w.nwindows;
    return 0;
}
