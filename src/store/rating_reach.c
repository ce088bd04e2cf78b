/* rating_reach.c (store): what a ratings import's O(affected deals) path reads (see
 * store/rating_reach.h): the deals held at a date with given counterparties, by every authority at
 * once; the live alerts about given subjects; whether authorities' alerts were in line before. */
#include "store/rating_reach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/balance.h"
#include "store/book.h"
#include "store/db.h"
#include "store/movement.h"
#include "util/err.h"

/* The deals of the counterparties $1 held at $2 (not cancelled, started, not matured), each with
 * its holder then: its own authority, or the successor the latest merger transfer on or before
 * $2 moved it to, under that transfer's ref (as store/book.c's HOLDINGS reads a holder's own).
 * Read through investments (counterparty_id, authority_id) (sql/070). */
#define REACH_DEALS                                                                                \
    "SELECT coalesce(t.authority_id, i.authority_id) AS holder, i.authority_id AS own,"            \
    " coalesce(t.ref, i.ref) AS ref, i.id, i.type, i.counterparty_id, i.principal, i.rate,"         \
    " to_char(i.start_date, 'YYYY-MM-DD') AS start_date,"                                          \
    " to_char(i.maturity_date, 'YYYY-MM-DD') AS maturity_date, i.notice_days, i.status,"           \
    " i.settlement_account"                                                                         \
    " FROM investments i LEFT JOIN LATERAL (SELECT t.authority_id, t.ref FROM holding_transfers t"  \
    "  WHERE t.kind = 'investment' AND t.holding_id = i.id AND t.transfer_date <= $2::date"         \
    "  ORDER BY t.transfer_date DESC, t.id DESC LIMIT 1) t ON true"                                 \
    " WHERE i.counterparty_id = ANY($1::bigint[]) AND i.status <> 'cancelled'"                     \
    " AND i.start_date <= $2::date AND (i.maturity_date IS NULL OR i.maturity_date > $2::date)"

struct held_row {
    int64_t holder, own;
    struct investment inv;
};

static int by_holder_ref(const void *a, const void *b)
{
    const struct held_row *x = a, *y = b;
    if (x->holder != y->holder)
        return x->holder < y->holder ? -1 : 1;
    return strcmp(x->inv.ref, y->inv.ref);
}

static int64_t *unique_ids(const int64_t *v, int n, int *m)
{
    int64_t *u = xcalloc(n ? (unsigned long)n : 1, sizeof *u);
    int k = 0;
    for (int i = 0; i < n; i++) {
        bool seen = false;
        for (int j = 0; j < k && !seen; j++)
            seen = u[j] == v[i];
        if (!seen)
            u[k++] = v[i];
    }
    *m = k;
    return u;
}

/* Read the rows; sort them by holder, then ref (bytewise, like book_load_many). */
static int read_rows(const PGresult *r, struct held_row **out)
{
    int n = PQntuples(r);
    struct held_row *h = xcalloc(n ? (unsigned long)n : 1, sizeof *h);
    for (int i = 0; i < n; i++) {
        h[i].holder = db_get_int(r, i, "holder");
        h[i].own = db_get_int(r, i, "own");
        if (book_read_investment(r, i, &h[i].inv) < 0) {
            free(h);
            return -1;
        }
        snprintf(h[i].inv.ref, sizeof h[i].inv.ref, "%s", db_get(r, i, "ref"));
    }
    qsort(h, (size_t)n, sizeof *h, by_holder_ref);
    *out = h;
    return n;
}

/* The movements (nets at as_of) of the rows' holdings, to put accounts at their balance. */
static int load_nets(PGconn *c, const struct held_row *h, int n, date_t as_of, struct movement **m)
{
    int64_t *ids = xcalloc((unsigned long)n + 1, sizeof *ids), *owners = xcalloc(2 * (unsigned long)n + 1, sizeof *owners);
    for (int i = 0; i < n; i++) {
        ids[i] = h[i].inv.id;
        owners[2 * i] = h[i].own;
        owners[2 * i + 1] = h[i].holder;
    }
    int no;
    int64_t *own = unique_ids(owners, 2 * n, &no);
    int nm = movements_load_net_of(c, ids, n, own, no, as_of, m);
    free(own);
    free(owners);
    free(ids);
    return nm;
}

/* The rows of holders[k] into books[k] (its accounts at their balance at as_of). */
static int fill_books(const struct held_row *h, int n, const struct movement *m, int nm, date_t as_of,
                      struct counterparty *cps, int ncps, int64_t *holders, struct book *books)
{
    int nb = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && h[j].holder == h[i].holder)
            j++;
        struct book *b = &books[nb];
        memset(b, 0, sizeof *b);
        b->cps = cps;
        b->ncps = ncps;
        b->cps_borrowed = true;
        b->inv = xcalloc((unsigned long)(j - i), sizeof *b->inv);
        for (int k = i; k < j; k++)
            b->inv[b->ninv++] = h[k].inv;
        b->loans = xcalloc(1, sizeof *b->loans);
        holders[nb++] = h[i].holder;
        if (investments_at(b->inv, &b->ninv, m, nm, as_of) < 0)
            return error("load the affected deals: an account's balance at the date overflows");
        i = j;
    }
    return nb;
}

int reach_load_books(PGconn *c, const int64_t *cp_ids, int ncp, date_t as_of, struct counterparty *cps, int ncps,
                     int64_t **holders, struct book **books)
{
    *holders = NULL;
    *books = NULL;
    char *arr, d[DATE_BUFSZ];
    db_id_array(cp_ids, ncp, &arr);
    const char *p[] = {arr, date_format_iso(as_of, d)};
    PGresult *r = db_query(c, "load the deals the ratings reach", REACH_DEALS, 2, p);
    free(arr);
    if (!r)
        return -1;
    struct held_row *h;
    int n = read_rows(r, &h);
    PQclear(r);
    if (n < 0)
        return -1;
    struct movement *m = NULL;
    int nm = n ? load_nets(c, h, n, as_of, &m) : 0;
    int nb = -1;
    if (nm >= 0) {
        *holders = xcalloc((unsigned long)n + 1, sizeof **holders);
        *books = xcalloc((unsigned long)n + 1, sizeof **books);
        nb = fill_books(h, n, m, nm, as_of, cps, ncps, *holders, *books);
        if (nb < 0) {
            for (int k = 0; k < n && (*books)[k].inv; k++)
                book_free(&(*books)[k]);
            free(*books);
            free(*holders);
            *books = NULL;
            *holders = NULL;
        }
    }
    free(m);
    free(h);
    return nb;
}

int reach_live_alerts(PGconn *c, const char *kinds_json, const char *subjects_json, int64_t **authority,
                      struct alert_key **keys)
{
    *authority = NULL;
    *keys = NULL;
    const char *p[] = {kinds_json, subjects_json};
    PGresult *r = db_query(c, "read the live alerts the ratings reach",
                           "SELECT authority_id, kind, subject FROM alerts WHERE state <> 'resolved'"
                           " AND authority_id IS NOT NULL"
                           " AND kind IN (SELECT jsonb_array_elements_text($1::jsonb))"
                           " AND subject IN (SELECT jsonb_array_elements_text($2::jsonb))"
                           " ORDER BY authority_id, id",
                           2, p);
    if (!r)
        return -1;
    int n = PQntuples(r);
    *authority = xcalloc((unsigned long)n + 1, sizeof **authority);
    *keys = xcalloc((unsigned long)n + 1, sizeof **keys);
    for (int i = 0; i < n; i++) {
        (*authority)[i] = db_get_int(r, i, "authority_id");
        (*keys)[i].kind = xstrdup(db_get(r, i, "kind"));
        (*keys)[i].subject = xstrdup(db_get(r, i, "subject"));
    }
    PQclear(r);
    return n;
}

int reach_marks_were(PGconn *c, const int64_t *ids, const int64_t *av, int n, date_t as_of, int64_t before,
                     bool *was)
{
    for (int k = 0; k < n; k++)
        was[k] = false;
    if (before == 0 || n == 0) /* no universe version to have been in line with */
        return 0;
    char *arr, b[DB_INT_BUFSZ], d[DATE_BUFSZ];
    db_id_array(ids, n, &arr);
    const char *p[] = {arr, db_int(before, b), date_format_iso(as_of, d)};
    PGresult *r = db_query(c, "read the marks before the ratings",
                           "SELECT scope, authority_version FROM alert_marks WHERE scope = ANY($1::bigint[])"
                           " AND universe_version = $2::bigint AND as_of = $3::date",
                           3, p);
    free(arr);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++)
        for (int k = 0; k < n; k++)
            if (ids[k] == db_get_int(r, i, "scope"))
                was[k] = av[k] == db_get_int(r, i, "authority_version");
    PQclear(r);
    return 0;
}
