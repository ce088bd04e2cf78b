/* lending.c: loading the lending list's input: the book, ratings, officer actions, and every
 * strategy version (read back with the strategy import's own parser, core/strategy_json.h) (see
 * store/lending.h). Values are read as exact text and parsed with the core parsers: no floating
 * point on the way. */
#include "store/lending.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strategy_json.h"
#include "store/book_memo.h"
#include "store/db.h"
#include "util/err.h"

/* ---- loading -------------------------------------------------------------------------------- */

static int load_ratings(PGconn *c, struct lending_book *b);

int universe_load(PGconn *c, struct universe *u)
{
    memset(u, 0, sizeof *u);
    struct lending_book tmp;
    memset(&tmp, 0, sizeof tmp);
    if (book_load_counterparties(c, &u->cps, &u->ncps) < 0)
        return -1;
    if (load_ratings(c, &tmp) < 0) {
        free(tmp.ratings);
        universe_free(u);
        return -1;
    }
    u->ratings = tmp.ratings;
    u->nratings = tmp.nratings;
    struct lending_input in = {.cps = u->cps, .ncps = u->ncps};
    lending_index_build(&in, &u->index);
    return 0;
}

void universe_free(struct universe *u)
{
    free(u->cps);
    free(u->ratings);
    lending_index_free(&u->index);
    memset(u, 0, sizeof *u);
}

/* Row i's value of column f of r ("" when r has no such column, as db_get). */
static const char *rating_value(const PGresult *r, int i, int f)
{
    return f < 0 ? "" : PQgetvalue(r, i, f);
}

/* Parse the rows of r (load_ratings' columns) into b->ratings (allocated here). The columns are
 * looked up by name once, not per row and column (20,000 rows and 7 columns a universe). */
static void rating_rows(const PGresult *r, struct lending_book *b)
{
    enum { R_COUNTERPARTY, R_AGENCY, R_TERM, R_RATING, R_OUTLOOK, R_WATCH, R_EFFECTIVE, R_COLUMNS };
    static const char *const names[R_COLUMNS] = {"counterparty_id", "agency", "term", "rating",
                                                 "outlook", "watch", "effective_date"};
    int f[R_COLUMNS];
    for (int k = 0; k < R_COLUMNS; k++)
        f[k] = PQfnumber(r, names[k]);
    int n = PQntuples(r);
    b->ratings = xcalloc(n ? (unsigned long)n : 1, sizeof *b->ratings);
    for (int i = 0; i < n; i++) {
        struct rating_action *a = &b->ratings[b->nratings];
        a->counterparty_id = strtoll(rating_value(r, i, f[R_COUNTERPARTY]), NULL, 10);
        if (!agency_parse(rating_value(r, i, f[R_AGENCY]), &a->agency) ||
            !term_parse(rating_value(r, i, f[R_TERM]), &a->term) ||
            !date_parse(rating_value(r, i, f[R_EFFECTIVE]), &a->effective, NULL))
            continue;
        const char *text = rating_value(r, i, f[R_RATING]);
        size_t len = strlen(text);
        if (len >= sizeof a->text)
            len = sizeof a->text - 1;
        memcpy(a->text, text, len);
        a->text[len] = '\0';
        a->notch = rating_notch(a->agency, a->term, a->text);
        a->watch_negative = strcmp(rating_value(r, i, f[R_WATCH]), "negative") == 0;
        a->outlook_negative = strcmp(rating_value(r, i, f[R_OUTLOOK]), "negative") == 0;
        b->nratings++;
    }
}

#define RATING_COLUMNS                                                                             \
    "SELECT counterparty_id, agency, term, rating, coalesce(outlook, '') AS outlook,"              \
    " coalesce(watch, '') AS watch, effective_date::text AS effective_date FROM ratings"

static int load_ratings(PGconn *c, struct lending_book *b)
{
    void *kept;
    if (book_memo_array_get(c, "ratings", sizeof *b->ratings, &kept, &b->nratings)) {
        b->ratings = kept;
        return 0;
    }
    /* read in the table's order and sorted here into the unique key's (lending_ratings_sort):
     * an ORDER BY walks the key's index and fetches the 20,000 rows' pages at random, or sorts
     * the text columns by collation, several times the sequential read (docs/performance.md,
     * "The quarterly pack II") */
    PGresult *r = db_query(c, "load ratings", RATING_COLUMNS, 0, NULL);
    if (!r)
        return -1;
    rating_rows(r, b);
    PQclear(r);
    lending_ratings_sort(b->ratings, b->nratings);
    book_memo_array_put(c, "ratings", sizeof *b->ratings, b->ratings, b->nratings);
    return 0;
}

int universe_load_part(PGconn *c, const int64_t *ids, int n, struct universe *u)
{
    free(u->ratings);
    u->ratings = NULL;
    u->nratings = 0;
    char *arr;
    db_id_array(ids, n, &arr);
    const char *p[] = {arr};
    PGresult *r = db_query(c, "load the ratings of some counterparties",
                           RATING_COLUMNS " WHERE counterparty_id = ANY($1::bigint[])"
                           " ORDER BY counterparty_id, agency, term, ratings.effective_date",
                           1, p);
    free(arr);
    if (!r)
        return -1;
    struct lending_book tmp;
    memset(&tmp, 0, sizeof tmp);
    rating_rows(r, &tmp);
    PQclear(r);
    u->ratings = tmp.ratings;
    u->nratings = tmp.nratings;
    return 0;
}

int universe_load_counterparties(PGconn *c, struct universe *u)
{
    memset(u, 0, sizeof *u);
    if (book_load_counterparties(c, &u->cps, &u->ncps) < 0)
        return -1;
    struct lending_input in = {.cps = u->cps, .ncps = u->ncps};
    lending_index_build(&in, &u->index);
    return 0;
}

#define ACTION_COLUMNS                                                                             \
    "SELECT authority_id, counterparty_id, action, limit_amount::text AS limit_amount, max_days,"  \
    " from_date::text AS from_date, coalesce(reason, '') AS reason FROM counterparty_actions"

/* Parse rows [from, to) of r into b->actions (allocated here). */
static int action_rows(const PGresult *r, int from, int to, struct lending_book *b)
{
    b->actions = xcalloc(to > from ? (unsigned long)(to - from) : 1, sizeof *b->actions);
    for (int i = from; i < to; i++) {
        struct officer_action *a = &b->actions[b->nactions];
        const char *kind = db_get(r, i, "action");
        a->counterparty_id = db_get_int(r, i, "counterparty_id");
        a->kind = strcmp(kind, "suspend") == 0 ? OFFICER_SUSPEND
                  : strcmp(kind, "restrict") == 0 ? OFFICER_RESTRICT : OFFICER_REINSTATE;
        a->limit.unlimited = db_isnull(r, i, "limit_amount") ||
                             !money_parse(db_get(r, i, "limit_amount"), &a->limit.amount, NULL);
        a->max_days.unbounded = db_isnull(r, i, "max_days");
        a->max_days.days = a->max_days.unbounded ? 0 : (int)db_get_int(r, i, "max_days");
        if (!date_parse(db_get(r, i, "from_date"), &a->from, NULL))
            continue;
        snprintf(a->reason, sizeof a->reason, "%s", db_get(r, i, "reason"));
        b->nactions++;
    }
    return 0;
}

static int load_actions(PGconn *c, const char *auth, struct lending_book *b)
{
    const char *p[] = {auth};
    PGresult *r = db_query(c, "load officer actions", ACTION_COLUMNS " WHERE authority_id = $1 ORDER BY from_date, id",
                           1, p);
    if (!r)
        return -1;
    int rc = action_rows(r, 0, PQntuples(r), b);
    PQclear(r);
    return rc;
}

#define STRATEGY_COLUMNS                                                                           \
    "SELECT authority_id, effective_from::text AS effective_from, document::text AS document FROM strategies"

static int strategy_rows(const PGresult *r, int from, int to, struct lending_book *b)
{
    int rc = 0;
    b->strategies = xcalloc(to > from ? (unsigned long)(to - from) : 1, sizeof *b->strategies);
    for (int i = from; i < to && rc == 0; i++) {
        struct strategy_errors errs;
        const char *text = db_get(r, i, "document");
        if (strategy_parse_text(text, strlen(text), &b->strategies[b->nstrategies], &errs, NULL) != 0) {
            rc = error("the strategy in force from %s cannot be read: %s", db_get(r, i, "effective_from"),
                       errs.n ? errs.text[0] : "not valid");
        } else {
            b->nstrategies++;
        }
    }
    return rc;
}

static int load_strategies(PGconn *c, const char *auth, struct lending_book *b)
{
    const char *p[] = {auth};
    PGresult *r = db_query(c, "load strategies", STRATEGY_COLUMNS " WHERE authority_id = $1 ORDER BY effective_from",
                           1, p);
    if (!r)
        return -1;
    int rc = strategy_rows(r, 0, PQntuples(r), b);
    PQclear(r);
    return rc;
}

int lending_load(PGconn *c, int64_t authority_id, struct lending_book *out)
{
    return lending_load_at(c, authority_id, DATE_NONE, out);
}

int lending_load_at(PGconn *c, int64_t authority_id, date_t as_of, struct lending_book *out)
{
    memset(out, 0, sizeof *out);
    char auth[DB_INT_BUFSZ];
    db_int(authority_id, auth);
    if ((as_of == DATE_NONE ? book_load(c, authority_id, &out->book)
                            : book_load_at(c, authority_id, as_of, &out->book)) < 0 || load_ratings(c, out) < 0 ||
        load_actions(c, auth, out) < 0 || load_strategies(c, auth, out) < 0) {
        lending_book_free(out);
        return -1;
    }
    out->in = (struct lending_input){
        .cps = out->book.cps, .ncps = out->book.ncps, .inv = out->book.inv, .ninv = out->book.ninv,
        .ratings = out->ratings, .nratings = out->nratings, .ratings_by_counterparty = true, /* ORDER BY */
        .actions = out->actions,
        .nactions = out->nactions, .strategies = out->strategies, .nstrategies = out->nstrategies};
    /* built once here rather than by every evaluation, so that lending_find (one per deal, for
     * the credit score) is a look-up, not a scan of every counterparty */
    out->own_index = xcalloc(1, sizeof *out->own_index);
    lending_index_build(&out->in, out->own_index);
    out->in.index = out->own_index;
    return 0;
}

int lending_load_with(PGconn *c, int64_t authority_id, const struct universe *u, bool loans, date_t held_at,
                      struct lending_book *out)
{
    memset(out, 0, sizeof *out);
    char auth[DB_INT_BUFSZ];
    db_int(authority_id, auth);
    out->shared = true;
    out->ratings = u->ratings;
    out->nratings = u->nratings;
    if (book_load_with(c, authority_id, u->cps, u->ncps, loans, held_at, &out->book) < 0 ||
        load_actions(c, auth, out) < 0 || load_strategies(c, auth, out) < 0) {
        lending_book_free(out);
        return -1;
    }
    out->in = (struct lending_input){
        .cps = out->book.cps, .ncps = out->book.ncps, .inv = out->book.inv, .ninv = out->book.ninv,
        .ratings = out->ratings, .nratings = out->nratings, .ratings_by_counterparty = true,
        .actions = out->actions, .nactions = out->nactions, .strategies = out->strategies,
        .nstrategies = out->nstrategies, .index = &u->index};
    return 0;
}

/* Hand each authority's run of rows of r (ordered by authority_id) to rows() (db_split_rows). */
struct split {
    struct lending_book *out;
    int (*rows)(const PGresult *, int, int, struct lending_book *);
};

static int split_one(const PGresult *r, int from, int to, int k, void *arg)
{
    const struct split *s = arg;
    return s->rows(r, from, to, &s->out[k]);
}

static int split_rows(const PGresult *r, const int64_t *ids, int n, struct lending_book *out,
                      int (*rows)(const PGresult *, int, int, struct lending_book *))
{
    struct split s = {out, rows};
    return db_split_rows(r, "authority_id", ids, n, split_one, &s);
}

int lending_load_many(PGconn *c, const int64_t *ids, int n, const struct universe *u, date_t held_at,
                      struct lending_book *out)
{
    struct book *books = xcalloc(n ? (unsigned long)n : 1, sizeof *books);
    if (book_load_many(c, ids, n, u->cps, u->ncps, held_at, books) < 0) {
        for (int k = 0; k < n; k++)
            memset(&out[k], 0, sizeof out[k]);
        free(books);
        return -1;
    }
    int rc = lending_load_rules(c, ids, n, u, books, out);
    free(books);
    return rc;
}

int lending_load_rules(PGconn *c, const int64_t *ids, int n, const struct universe *u, struct book *books,
                       struct lending_book *out)
{
    for (int k = 0; k < n; k++) {
        memset(&out[k], 0, sizeof out[k]);
        out[k].book = books[k];
        out[k].shared = true;
        out[k].ratings = u->ratings;
        out[k].nratings = u->nratings;
    }
    char *arr;
    db_id_array(ids, n, &arr);
    const char *p[] = {arr};
    PGresult *r = db_query(c, "load officer actions",
                           ACTION_COLUMNS " WHERE authority_id = ANY($1::bigint[]) ORDER BY authority_id, from_date, id",
                           1, p);
    int rc = r ? split_rows(r, ids, n, out, action_rows) : -1;
    PQclear(r);
    r = rc == 0 ? db_query(c, "load strategies",
                           STRATEGY_COLUMNS " WHERE authority_id = ANY($1::bigint[]) ORDER BY authority_id, effective_from",
                           1, p)
                : NULL;
    rc = r ? split_rows(r, ids, n, out, strategy_rows) : -1;
    PQclear(r);
    free(arr);
    for (int k = 0; k < n; k++) {
        struct lending_book *b = &out[k];
        if (rc < 0) {
            lending_book_free(b);
            continue;
        }
        b->in = (struct lending_input){
            .cps = b->book.cps, .ncps = b->book.ncps, .inv = b->book.inv, .ninv = b->book.ninv,
            .ratings = b->ratings, .nratings = b->nratings, .ratings_by_counterparty = true,
            .actions = b->actions, .nactions = b->nactions, .strategies = b->strategies,
            .nstrategies = b->nstrategies, .index = &u->index};
    }
    return rc;
}

void lending_book_free(struct lending_book *b)
{
    book_free(&b->book);
    if (!b->shared)
        free(b->ratings);
    free(b->actions);
    free(b->strategies);
    if (b->own_index) {
        lending_index_free(b->own_index);
        free(b->own_index);
    }
    memset(b, 0, sizeof *b);
}


const struct counterparty *lending_find_counterparty(const struct lending_book *b, const char *code)
{
    for (int i = 0; i < b->book.ncps; i++)
        if (strcmp(b->book.cps[i].code, code) == 0)
            return &b->book.cps[i];
    for (int i = 0; i < b->book.ncps; i++)
        if (strcmp(b->book.cps[i].name, code) == 0)
            return &b->book.cps[i];
    return NULL;
}

int lending_versions(PGconn *c, int64_t authority_id, int64_t *uv, int64_t *av)
{
    char id[DB_INT_BUFSZ];
    db_int(authority_id, id);
    const char *p[] = {id};
    PGresult *r = db_query(c, "read the data versions",
                           "SELECT coalesce(max(version) FILTER (WHERE scope = 0), 0) AS u,"
                           " coalesce(max(version) FILTER (WHERE scope = $1::bigint), 0) AS a"
                           " FROM change_versions WHERE scope IN (0, $1::bigint)",
                           1, p);
    if (!r)
        return -1;
    *uv = db_get_int(r, 0, "u");
    *av = db_get_int(r, 0, "a");
    PQclear(r);
    return 0;
}

int lending_snapshot_begin(PGconn *c)
{
    return db_exec(c, "begin a snapshot", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL);
}

int lending_snapshot_end(PGconn *c)
{
    return db_exec(c, "end the snapshot", "COMMIT", 0, NULL);
}
