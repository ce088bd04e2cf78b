/* lending_cache.c (service): the pre-deal check's data kept between calls, checked against the committed
 * versions on every call (see lending_cache.h). One mutex guards the table and the reference
 * counts; loading happens outside it, on the caller's connection, one thread at a time. */
#include "service/lending_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/lending.h"
#include "util/err.h"

struct cache_universe {
    int refs;            /* the table's reference counts as one while it is cached */
    int64_t version;
    struct universe u;
    struct lending_classes classes; /* u's counterparties as the check's sweep compares them */
};

/* The deals as at one date (lending_view_at): every account at its balance then, the emptied
 * ones left out, as the pre-deal check sweeps them (core/lending.h lending_spans_at: 32 bytes a
 * deal, no struct investment). Shared by the checks of that date, read only once made. */
struct cache_at {
    int refs;            /* its authority's reference counts as one while it is held there */
    date_t at;
    struct lending_spans spans;
};

/* One authority's part, kept compact: the check reads its deals only through spans, so they are
 * kept as struct lending_deal (40 bytes, not the 136 of a struct investment) beside their
 * movements as running balances (core/lending.h struct lending_balances: 12 bytes a movement,
 * not the 24 of a struct movement). */
struct cache_authority {
    int refs;
    int64_t id, version;
    unsigned long used;  /* the tick of its last use, for eviction */
    struct lending_book lb; /* officer actions, strategies; no deals nor movements (freed: see
                               deals and bal), no counterparties or ratings */
    struct lending_deal *deals; /* the deals at their opening principal, as loaded */
    int ndeals;
    struct lending_balances bal; /* their movements */
    struct cache_at *at; /* the deals as at the last date asked for, or NULL */
    struct lending_spans spans; /* the deals as the pre-deal check sweeps them, when they have no
                                   movements (the same at every date); else empty, and each
                                   cache_at has its own */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER; /* held while one thread reloads */
static struct cache_universe *current;
static struct cache_authority *table[LENDING_CACHE_AUTHORITIES];
static unsigned long tick;

/* ---- references (call with the lock held, or on parts nobody else sees) -------------------- */

static void universe_unref(struct cache_universe *u)
{
    if (u && --u->refs == 0) {
        lending_classes_free(&u->classes);
        universe_free(&u->u);
        free(u);
    }
}

static void at_unref(struct cache_at *m)
{
    if (m && --m->refs == 0) {
        lending_spans_free(&m->spans);
        free(m);
    }
}

static void authority_unref(struct cache_authority *a)
{
    if (a && --a->refs == 0) {
        at_unref(a->at);
        lending_spans_free(&a->spans);
        lending_book_free(&a->lb);
        free(a->deals);
        lending_balances_free(&a->bal);
        free(a);
    }
}

/* ---- loading ----------------------------------------------------------------------------- */

static struct cache_universe *load_universe(PGconn *c, int64_t version)
{
    struct cache_universe *u = xcalloc(1, sizeof *u);
    if (universe_load(c, &u->u) < 0) {
        free(u);
        return NULL;
    }
    struct lending_input in = {.cps = u->u.cps, .ncps = u->u.ncps, .index = &u->u.index};
    lending_classes_build(&in, &u->classes);
    u->refs = 1;
    u->version = version;
    return u;
}

static struct cache_authority *load_authority(PGconn *c, int64_t id, int64_t version)
{
    static const struct universe none; /* the authority's part names counterparties by id only */
    struct cache_authority *a = xcalloc(1, sizeof *a);
    if (lending_load_with(c, id, &none, false, DATE_NONE, &a->lb) < 0) {
        free(a);
        return NULL;
    }
    struct book *b = &a->lb.book;
    a->ndeals = b->ninv;
    a->deals = xcalloc(b->ninv ? (unsigned long)b->ninv : 1, sizeof *a->deals);
    lending_deals_of(b->inv, b->ninv, a->deals);
    lending_moves_sort(b->moves, b->nmoves);
    lending_balances_build(a->deals, a->ndeals, b->moves, b->nmoves, &a->bal);
    free(b->inv); /* the check reads the deals only through spans (lending_view_at) */
    free(b->moves);
    b->inv = NULL;
    b->ninv = 0;
    b->moves = NULL;
    b->nmoves = 0;
    a->lb.in.inv = NULL;
    a->lb.in.ninv = 0;
    if (a->bal.n == 0 && /* with movements, a check reads the deals as at its date (cache_at) */
        lending_spans_at(a->deals, a->ndeals, &a->bal, DATE_NONE, &a->spans) < 0)
        abort(); /* no movement: no sum to overflow */
    a->refs = 1;
    a->id = id;
    a->version = version;
    return a;
}

static void fill_view(struct lending_view *v, struct cache_universe *u, struct cache_authority *a)
{
    v->u = u;
    v->a = a;
    v->at = NULL;
    v->in = a->lb.in;
    v->in.cps = u->u.cps;
    v->in.ncps = u->u.ncps;
    v->in.ratings = u->u.ratings;
    v->in.nratings = u->u.nratings;
    v->in.ratings_by_counterparty = true;
    v->in.index = &u->u.index;
    v->in.classes = &u->classes;
    v->in.spans = &a->spans;
}

/* Inside the caller's transaction: load both parts for this call only. */
static int open_private(PGconn *c, int64_t authority_id, struct lending_view *v)
{
    struct cache_universe *u = load_universe(c, -1);
    struct cache_authority *a = u ? load_authority(c, authority_id, -1) : NULL;
    if (!a) {
        universe_unref(u);
        return -1;
    }
    fill_view(v, u, a);
    return 0;
}

/* ---- the table ----------------------------------------------------------------------------- */

static int slot_of(int64_t id)
{
    for (int i = 0; i < LENDING_CACHE_AUTHORITIES; i++)
        if (table[i] && table[i]->id == id)
            return i;
    return -1;
}

/* Put a (one reference for the table) in place of an older version of it, or in a free slot,
 * or in place of the least recently used. Lock held. */
static void install_authority(struct cache_authority *a)
{
    int s = slot_of(a->id);
    if (s >= 0 && table[s]->version > a->version)
        return; /* someone cached a newer one meanwhile */
    if (s < 0)
        for (int i = 0; i < LENDING_CACHE_AUTHORITIES && s < 0; i++)
            if (!table[i])
                s = i;
    if (s < 0) {
        s = 0;
        for (int i = 1; i < LENDING_CACHE_AUTHORITIES; i++)
            if (table[i]->used < table[s]->used)
                s = i;
    }
    if (table[s])
        authority_unref(table[s]);
    a->refs++;
    table[s] = a;
}

static void install_universe(struct cache_universe *u)
{
    if (current && current->version > u->version)
        return;
    if (current)
        universe_unref(current);
    u->refs++;
    current = u;
}

/* Give back references taken with take_cached (either may be NULL). */
static void give_back(struct cache_universe *u, struct cache_authority *a)
{
    pthread_mutex_lock(&lock);
    universe_unref(u);
    authority_unref(a);
    pthread_mutex_unlock(&lock);
}

/* References to the parts cached at versions uv and av (*u, *a NULL for a part not held so). */
static void take_cached(int64_t authority_id, int64_t uv, int64_t av, struct cache_universe **u,
                        struct cache_authority **a)
{
    *u = NULL;
    *a = NULL;
    pthread_mutex_lock(&lock);
    if (current && current->version == uv) {
        *u = current;
        (*u)->refs++;
    }
    int s = slot_of(authority_id);
    if (s >= 0 && table[s]->version == av) {
        *a = table[s];
        (*a)->refs++;
        (*a)->used = ++tick;
    }
    pthread_mutex_unlock(&lock);
}

int lending_cache_open_at(int64_t authority_id, const struct data_versions *seen, struct lending_view *v)
{
    memset(v, 0, sizeof *v);
    if (!seen || !seen->known)
        return 1;
    struct cache_universe *u;
    struct cache_authority *a;
    take_cached(authority_id, seen->universe, seen->authority, &u, &a);
    if (u && a) {
        fill_view(v, u, a);
        return 0;
    }
    give_back(u, a);
    return 1;
}

int lending_cache_open(PGconn *c, int64_t authority_id, struct lending_view *v)
{
    memset(v, 0, sizeof *v);
    if (PQtransactionStatus(c) != PQTRANS_IDLE)
        return open_private(c, authority_id, v);
    int64_t uv, av;
    if (lending_versions(c, authority_id, &uv, &av) < 0)
        return -1;
    struct cache_universe *u;
    struct cache_authority *a;
    take_cached(authority_id, uv, av, &u, &a);
    if (u && a) {
        fill_view(v, u, a);
        return 0;
    }
    /* Something moved: one thread at a time reloads, and the others waiting here then find what
     * it loaded (after a change, every worker would otherwise load the same universe at once). */
    pthread_mutex_lock(&loading);
    give_back(u, a);
    take_cached(authority_id, uv, av, &u, &a);
    if (u && a) {
        pthread_mutex_unlock(&loading);
        fill_view(v, u, a);
        return 0;
    }
    /* Reload what moved with its version, in one snapshot. */
    int rc = lending_snapshot_begin(c);
    if (rc == 0)
        rc = lending_versions(c, authority_id, &uv, &av);
    struct cache_universe *nu = NULL;
    struct cache_authority *na = NULL;
    if (rc == 0 && (!u || u->version != uv) && !(nu = load_universe(c, uv)))
        rc = -1;
    if (rc == 0 && (!a || a->version != av) && !(na = load_authority(c, authority_id, av)))
        rc = -1;
    if (rc == 0)
        rc = lending_snapshot_end(c);
    else if (PQtransactionStatus(c) != PQTRANS_IDLE)
        db_rollback(c);
    pthread_mutex_lock(&lock);
    if (rc == 0 && nu) {
        install_universe(nu);
        universe_unref(u);
        u = nu;
    }
    if (rc == 0 && na) {
        na->used = ++tick;
        install_authority(na);
        authority_unref(a);
        a = na;
    }
    if (rc < 0) {
        universe_unref(u);
        universe_unref(nu);
        authority_unref(a);
        authority_unref(na);
    }
    pthread_mutex_unlock(&lock);
    pthread_mutex_unlock(&loading);
    if (rc < 0)
        return -1;
    fill_view(v, u, a);
    return 0;
}

/* A reference to a's deals as at `at` when it holds them, else NULL. */
static struct cache_at *take_at(struct cache_authority *a, date_t at)
{
    pthread_mutex_lock(&lock);
    struct cache_at *m = a->at && a->at->at == at ? a->at : NULL;
    if (m)
        m->refs++;
    pthread_mutex_unlock(&lock);
    return m;
}

/* The deals of a as at `at` (one reference), or NULL when a balance overflows. */
static struct cache_at *make_at(const struct cache_authority *a, date_t at)
{
    struct cache_at *m = xcalloc(1, sizeof *m);
    if (lending_spans_at(a->deals, a->ndeals, &a->bal, at, &m->spans) < 0) {
        free(m);
        return NULL;
    }
    m->refs = 1;
    m->at = at;
    return m;
}

/* Keep m (the caller's reference stays the caller's) as a's deals as at m->at, in place of
 * those of another date; one another thread made meanwhile for the same date stays. */
static void install_at(struct cache_authority *a, struct cache_at *m)
{
    pthread_mutex_lock(&lock);
    if (!a->at || a->at->at != m->at) {
        at_unref(a->at);
        m->refs++;
        a->at = m;
    }
    pthread_mutex_unlock(&lock);
}

/* The first check of a date makes the deals as at it (each account's balance, as spans) and
 * keeps them with the cached authority, so the next checks of that date, until the authority's
 * version moves, share them. */
int lending_view_at(struct lending_view *v, date_t at)
{
    if (v->a->bal.n == 0) /* no movement of its deals: the same deals at every date */
        return 0;
    struct cache_at *m = take_at(v->a, at);
    if (!m) {
        m = make_at(v->a, at);
        if (!m)
            return error("check: an account's balance at the date overflows");
        install_at(v->a, m);
    }
    pthread_mutex_lock(&lock);
    at_unref(v->at);
    pthread_mutex_unlock(&lock);
    v->at = m;
    v->in.spans = &m->spans; /* inv stays NULL: the check reads the spans alone */
    return 0;
}

void lending_cache_close(struct lending_view *v)
{
    pthread_mutex_lock(&lock);
    at_unref(v->at);
    pthread_mutex_unlock(&lock);
    give_back(v->u, v->a);
    memset(v, 0, sizeof *v);
}

const struct counterparty *lending_view_counterparty(const struct lending_view *v, const char *code_or_name)
{
    const struct counterparty *cps = v->in.cps;
    int lo = 0, hi = v->in.ncps;
    while (lo < hi) { /* the universe is ordered by code */
        int mid = lo + (hi - lo) / 2;
        if (strcmp(cps[mid].code, code_or_name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < v->in.ncps && strcmp(cps[lo].code, code_or_name) == 0)
        return &cps[lo];
    for (int i = 0; i < v->in.ncps; i++) /* the database's collation may order codes otherwise */
        if (strcmp(cps[i].code, code_or_name) == 0)
            return &cps[i];
    for (int i = 0; i < v->in.ncps; i++)
        if (strcmp(cps[i].name, code_or_name) == 0)
            return &cps[i];
    return NULL;
}

/* A reference to the universe cached at version uv, or NULL. */
static struct cache_universe *take_universe(int64_t uv)
{
    pthread_mutex_lock(&lock);
    struct cache_universe *u = current && current->version == uv ? current : NULL;
    if (u)
        u->refs++;
    pthread_mutex_unlock(&lock);
    return u;
}

struct cache_universe *lending_cache_universe(PGconn *c, int64_t uv, const struct universe **u)
{
    struct cache_universe *cu = take_universe(uv);
    if (!cu) { /* one thread at a time loads; the others then find what it loaded */
        pthread_mutex_lock(&loading);
        cu = take_universe(uv);
        if (!cu && (cu = load_universe(c, uv)) != NULL) {
            pthread_mutex_lock(&lock);
            install_universe(cu);
            pthread_mutex_unlock(&lock);
        }
        pthread_mutex_unlock(&loading);
        if (!cu)
            return NULL;
    }
    *u = &cu->u;
    return cu;
}

void lending_cache_universe_release(struct cache_universe *ref)
{
    give_back(ref, NULL);
}

void lending_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    if (current)
        universe_unref(current);
    current = NULL;
    for (int i = 0; i < LENDING_CACHE_AUTHORITIES; i++) {
        if (table[i])
            authority_unref(table[i]);
        table[i] = NULL;
    }
    pthread_mutex_unlock(&lock);
}
