/* recompute.c (service): lending rules -> alerts for one authority or many (see
 * service/recompute.h; the locks, versions and marks are store/recompute.h's statements). The
 * counterparties and ratings every authority shares are loaded once per run (struct universe);
 * each authority's book is loaded once and its lending list evaluated once for all its rules. */
#include "service/recompute.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lending.h"
#include "service/cash_alerts.h"
#include "service/discount_alerts.h"
#include "service/indicator_alerts.h"
#include "service/prefetch.h"
#include "store/alert.h"
#include "store/book.h"
#include "store/cash.h"
#include "store/db.h"
#include "store/lending.h"
#include "store/recompute.h"
#include "util/err.h"
#include "util/json.h"
#include "views/analytics.h"
#include "views/capital.h"
#include "views/lending_json.h"

/* The alert kinds the lending rules own: a live alert of one of these kinds with no breach
 * behind it any more is resolved. */
static const char *const lending_kinds[] = {
    "counterparty.over_limit", "counterparty.over_duration", "counterparty.suspended_exposure",
    "counterparty.not_approved_exposure", "group.over_limit", "country.over_limit", "sector.over_limit",
    NULL,
};

static bool lending_kind(const char *kind)
{
    for (int i = 0; lending_kinds[i]; i++)
        if (strcmp(lending_kinds[i], kind) == 0)
            return true;
    return false;
}

/* What one authority's book says at a date before any alert is touched: its lending list (the
 * breaches) and its prudential indicators. Pure, so a ratings import's loader threads judge
 * the books they load (service/prefetch.h) while this connection writes alerts. */
struct judged {
    int rc;                   /* -1: an amount overflowed (nothing else is set) */
    struct lending_list l;
    int found;                /* analytics_indicators_from's answer: 1, 0 (no strategy), -2 */
    struct strategy s;
    struct indicator_set set;
    const struct book *flows; /* the cash rule's window, read with the chunk (borrowed), or NULL */
};

static void judge(const struct lending_book *lb, date_t as_of, struct judged *j)
{
    j->rc = lending_evaluate_held(&lb->in, as_of, &j->l); /* breaches need the held ones only */
    if (j->rc < 0)
        return;
    j->found = analytics_indicators_from(lb, &j->l, as_of, as_of, &j->s, &j->set);
    if (j->found < 0) {
        lending_list_free(&j->l);
        j->rc = -1;
    }
}

static void judged_free(struct judged *j)
{
    if (j->rc == 0)
        lending_list_free(&j->l);
    j->rc = -1;
}

static int lending_rules(PGconn *c, int64_t authority_id, date_t as_of, const struct judged *j,
                         const struct book *book, const struct alert_key *live, int nlive, struct recompute_stats *st)
{
    (void)book;
    const struct lending_list *l = &j->l;
    int rc = 0;
    for (int i = 0; i < l->nb && rc == 0; i++) {
        cJSON *details = lending_breach_json(&l->b[i]);
        json_add_date(details, "as_of", as_of);
        bool created = false;
        rc = alert_raise(c, authority_id, l->b[i].kind, l->b[i].subject, details, l->b[i].passive, NULL, &created);
        cJSON_Delete(details);
        st->breaches++;
        st->raised += created;
    }
    for (int i = 0; i < nlive && rc == 0; i++) {
        const char *kind = live[i].kind, *subject = live[i].subject;
        bool current = !lending_kind(kind); /* not this rule's to resolve */
        for (int b = 0; b < l->nb && !current; b++)
            current = strcmp(l->b[b].kind, kind) == 0 && strcmp(l->b[b].subject, subject) == 0;
        if (current)
            continue;
        int n = alert_resolve(c, authority_id, kind, subject);
        if (n < 0)
            rc = -1;
        else
            st->resolved += n;
    }
    return rc;
}

static int indicator_rule(PGconn *c, int64_t authority_id, date_t as_of, const struct judged *j,
                          const struct book *book, const struct alert_key *live, int nlive,
                          struct recompute_stats *st)
{
    (void)book;
    cJSON *capital = cJSON_CreateArray();
    if (j->found == 1 && capital_indicator_items(c, authority_id, as_of, j->set.debt.loans, j->s.warning_ratio_bp,
                                                 capital) != EXIT_OK) {
        cJSON_Delete(capital);
        return -1;
    }
    int rc = indicator_rules(c, authority_id, as_of, j->found, &j->s, &j->set, capital, live, nlive, st);
    cJSON_Delete(capital);
    return rc;
}

/* A rule set: raises what j (or the book judged) says is in breach, resolves the live alerts of
 * its own kinds (live[0..nlive-1]: every live alert of the authority, read once before any rule
 * ran) that they no longer say. */
typedef int (*rule_fn)(PGconn *c, int64_t authority_id, date_t as_of, const struct judged *j, const struct book *book,
                       const struct alert_key *live, int nlive, struct recompute_stats *st);

static int discount_rule(PGconn *c, int64_t authority_id, date_t as_of, const struct judged *j,
                         const struct book *book, const struct alert_key *live, int nlive, struct recompute_stats *st)
{
    (void)j;
    return discount_rules(c, authority_id, as_of, book, live, nlive, st);
}

static int cash_rule(PGconn *c, int64_t authority_id, date_t as_of, const struct judged *j, const struct book *book,
                     const struct alert_key *live, int nlive, struct recompute_stats *st)
{
    (void)book;
    return cash_rules(c, authority_id, as_of, live, nlive, st, j->flows);
}

static const rule_fn rules[] = {lending_rules, indicator_rule, discount_rule, cash_rule, NULL};

/* Bring one authority's alerts into line with what its book says (caller's transaction, its
 * recompute lock held). book: the book j was judged from (a loader's copy, service/prefetch.h,
 * is the one in the caller's array by now). */
static int apply(PGconn *c, int64_t authority_id, date_t as_of, const struct judged *j, const struct book *book,
                 struct recompute_stats *st)
{
    memset(st, 0, sizeof *st);
    if (j->rc < 0)
        return -1;
    struct alert_key *live;
    int nlive = alert_live(c, authority_id, &live);
    if (nlive < 0)
        return -1;
    int rc = 0;
    for (int i = 0; rules[i] && rc == 0; i++)
        rc = rules[i](c, authority_id, as_of, j, book, live, nlive, st) < 0 ? -1 : 0;
    alert_keys_free(live, nlive);
    return rc;
}

/* Judge one authority's loaded book and bring its alerts into line (flows: the cash rule's
 * window read with the chunk, or NULL). */
static int recompute_book(PGconn *c, int64_t authority_id, date_t as_of, const struct lending_book *lb,
                          const struct book *flows, struct recompute_stats *st)
{
    struct judged *j = xcalloc(1, sizeof *j);
    judge(lb, as_of, j);
    j->flows = flows;
    int rc = apply(c, authority_id, as_of, j, &lb->book, st);
    judged_free(j);
    free(j);
    return rc;
}

/* One authority inside the caller's transaction, with the universe u. */
static int recompute_with(PGconn *c, int64_t authority_id, date_t as_of, const struct universe *u,
                          struct recompute_stats *st)
{
    int64_t uv, av = 0;
    if (recompute_lock(c, &authority_id, 1, as_of, &uv, &av, NULL) < 0)
        return -1;
    struct lending_book lb; /* only the deals held at as_of: all that the list and indicators read */
    if (lending_load_with(c, authority_id, u, true, as_of, &lb) < 0)
        return -1;
    int rc = recompute_book(c, authority_id, as_of, &lb, NULL, st);
    lending_book_free(&lb);
    return rc < 0 ? -1 : recompute_write_marks(c, &authority_id, &av, 1, uv, as_of);
}

/* Authorities are loaded CHUNK at a time (a few queries each); a ratings import loads them ahead
 * on PREFETCH_LOADERS connections of its own. The service's recompute of every authority (at
 * start-up, daily, after a change to shared data) holds HELD_CHUNK books at a time: each is about
 * 1.2 MB on the ten-year book, so 64 at once were the service's peak memory (docs/performance.md,
 * "The service's memory (session 10)"); the CLI's `recompute` keeps CHUNK. */
enum { CHUNK = 64, PREFETCH_LOADERS = 2, PREFETCH_CHUNK = 16, HELD_CHUNK = 8 };

/* The lending books (deals held at as_of) and the cash rule's windows of ids[0..n-1], their deals
 * read once for both (store/book.h book_load_held_flows_many). Returns 0 or -1 (then nothing is
 * left to free). */
static int chunk_load(PGconn *c, const int64_t *ids, int n, const struct universe *u, date_t as_of,
                      struct lending_book *lb, struct book *flows)
{
    struct book *books = xcalloc(n ? (size_t)n : 1, sizeof *books);
    int rc = book_load_held_flows_many(c, ids, n, u->cps, u->ncps, as_of, as_of, as_of + CASH_ALERT_DAYS, books, flows);
    if (rc == 0 && lending_load_rules(c, ids, n, u, books, lb) < 0) { /* it freed the books */
        for (int k = 0; k < n; k++)
            book_free(&flows[k]);
        rc = -1;
    } else if (rc < 0) {
        for (int k = 0; k < n; k++)
            memset(&lb[k], 0, sizeof lb[k]);
    }
    free(books);
    return rc;
}

/* The same in two reads, the books' and then the windows' (less held at once). */
static int chunk_load_apart(PGconn *c, const int64_t *ids, int n, const struct universe *u, date_t as_of,
                            struct lending_book *lb, struct book *flows)
{
    if (lending_load_many(c, ids, n, u, as_of, lb) < 0)
        return -1;
    if (book_load_flows_many(c, ids, n, as_of, as_of + CASH_ALERT_DAYS, flows) < 0) {
        for (int k = 0; k < n; k++)
            lending_book_free(&lb[k]);
        return -1;
    }
    return 0;
}

/* prefetch's hooks (run in a loader thread): judge each book of a chunk at *(date_t *)arg. */
static void *judge_chunk(const struct lending_book *lb, int m, void *arg)
{
    struct judged *j = xcalloc((size_t)m, sizeof *j);
    for (int k = 0; k < m; k++)
        judge(&lb[k], *(const date_t *)arg, &j[k]);
    return j;
}

static void discard_chunk(void *prepared, int m, void *arg)
{
    (void)arg;
    struct judged *j = prepared;
    for (int k = 0; j && k < m; k++)
        judged_free(&j[k]);
    free(j);
}

int recompute_many_in_tx(PGconn *c, const int64_t *ids, int n, date_t as_of)
{
    if (n == 0)
        return 0;
    int64_t uv, *av = xcalloc((size_t)n, sizeof *av);
    /* More than a chunk: the books (which the caller's transaction has not changed) load ahead,
     * and are judged, on two other connections while this one writes alerts. They connect while
     * this one takes the locks and loads the universe. */
    struct universe u;
    struct prefetch_hooks hooks = {judge_chunk, discard_chunk, &as_of};
    struct prefetch *ahead = n > CHUNK ? prefetch_start(ids, n, PREFETCH_CHUNK, &u, as_of, PREFETCH_LOADERS, &hooks) : NULL;
    int chunk = ahead ? PREFETCH_CHUNK : CHUNK; /* small ones: this connection starts sooner */
    if (recompute_lock(c, ids, n, as_of, &uv, av, NULL) < 0 || universe_load(c, &u) < 0) {
        prefetch_stop(ahead);
        free(av);
        return -1;
    }
    prefetch_go(ahead);
    int rc = 0;
    struct lending_book *lb = xcalloc(CHUNK, sizeof *lb);
    struct book *flows = xcalloc(CHUNK, sizeof *flows); /* the cash rule's windows, a chunk at once */
    for (int from = 0; from < n && rc == 0; from += chunk) {
        int m = n - from < chunk ? n - from : chunk;
        void *judged = NULL; /* the loader judged the books it loaded */
        bool taken = ahead && prefetch_take(ahead, from / chunk, lb, &judged) == 0;
        if (!taken && chunk_load(c, ids + from, m, &u, as_of, lb, flows) < 0) {
            rc = -1;
            break;
        }
        /* the cash rule's reads, for the whole chunk (store/cash.h cash_many_begin) */
        if (taken && book_load_flows_many(c, ids + from, m, as_of, as_of + CASH_ALERT_DAYS, flows) < 0) {
            discard_chunk(judged, m, NULL);
            for (int k = 0; k < m; k++)
                lending_book_free(&lb[k]);
            rc = -1;
            break;
        }
        bool have_flows = true;
        if (cash_many_begin(c, ids + from, m, as_of, as_of + CASH_ALERT_DAYS) < 0) {
            discard_chunk(judged, m, NULL);
            for (int k = 0; k < m; k++) {
                lending_book_free(&lb[k]);
                book_free(&flows[k]);
            }
            rc = -1;
            break;
        }
        struct judged *j = judged;
        for (int k = 0; k < m; k++) {
            struct recompute_stats st;
            const struct book *fl = have_flows ? &flows[k] : NULL;
            if (j)
                j[k].flows = fl;
            if (rc == 0)
                rc = j ? apply(c, ids[from + k], as_of, &j[k], &lb[k].book, &st)
                       : recompute_book(c, ids[from + k], as_of, &lb[k], fl, &st);
            if (j)
                judged_free(&j[k]);
            lending_book_free(&lb[k]);
            if (have_flows)
                book_free(&flows[k]);
        }
        free(j);
        cash_many_end();
    }
    free(flows);
    prefetch_stop(ahead);
    if (rc == 0)
        rc = recompute_write_marks(c, ids, av, n, uv, as_of);
    free(av);
    free(lb);
    universe_free(&u);
    return rc;
}

int recompute_in_tx(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *stats)
{
    struct recompute_stats dummy;
    struct universe u;
    if (universe_load(c, &u) < 0)
        return -1;
    int rc = recompute_with(c, authority_id, as_of, &u, stats ? stats : &dummy);
    universe_free(&u);
    return rc;
}

/* ---- each authority in its own transaction ------------------------------------------------- */

/* What a run over many authorities loaded ahead, with the versions it was loaded at: a part is
 * used only while its version is still the committed one (checked under each authority's lock),
 * else reloaded inside that authority's transaction. */
struct ahead {
    struct universe u;
    int64_t uv;
    bool loaded;
    struct lending_book lb[CHUNK];
    struct book flows[CHUNK]; /* the cash rule's windows, read with the books */
    bool have_flows;
    int64_t ids[CHUNK], av[CHUNK]; /* av -1: not loaded (its alerts were in line) */
    int n;
    bool only_stale; /* skip the authorities whose alerts are in line (sql/071) */
    bool one_read;   /* the books and windows read together (chunk_load): the CLI's chunks; the
                      * service's small ones read them apart, which holds less at once */
};

static void ahead_drop_books(struct ahead *a)
{
    for (int k = 0; k < a->n; k++) {
        lending_book_free(&a->lb[k]);
        if (a->have_flows)
            book_free(&a->flows[k]);
    }
    a->n = 0;
    a->have_flows = false;
    cash_many_end();
}

/* Load the universe (when its version moved) and the books of ids[0..m-1] in one snapshot (with
 * only_stale, those whose alerts are not in line with what is committed). */
static int ahead_load(PGconn *c, struct ahead *a, const int64_t *ids, int m, date_t as_of)
{
    ahead_drop_books(a);
    if (lending_snapshot_begin(c) < 0)
        return -1;
    int64_t uv = 0, stale[CHUNK];
    bool current[CHUNK];
    int rc = recompute_read_marks(c, ids, m, as_of, &uv, a->av, current);
    int ns = 0;
    for (int k = 0; rc == 0 && k < m; k++) {
        if (a->only_stale && current[k])
            a->av[k] = -1;
        else
            stale[ns++] = ids[k];
    }
    if (rc == 0 && ns > 0 && (!a->loaded || a->uv != uv)) {
        if (a->loaded)
            universe_free(&a->u);
        a->loaded = false;
        rc = universe_load(c, &a->u);
        a->loaded = rc == 0;
        a->uv = uv;
    }
    struct lending_book lb[CHUNK];
    struct book flows[CHUNK];
    /* the books and the cash rule's windows in one snapshot, their deals read once: used only
     * while the authority's version is still the one read here */
    if (rc == 0 && ns > 0)
        rc = (a->one_read ? chunk_load : chunk_load_apart)(c, stale, ns, &a->u, as_of, lb, flows);
    if (rc == 0 && cash_many_begin(c, stale, ns, as_of, as_of + CASH_ALERT_DAYS) < 0) {
        for (int k = 0; k < ns; k++) {
            lending_book_free(&lb[k]);
            book_free(&flows[k]);
        }
        rc = -1;
    }
    if (rc == 0) {
        for (int k = 0, j = 0; k < m; k++) { /* the stale ones' books, in ids' places */
            if (a->av[k] >= 0) {
                a->flows[k] = flows[j];
                a->lb[k] = lb[j++];
            } else {
                memset(&a->lb[k], 0, sizeof a->lb[k]);
                memset(&a->flows[k], 0, sizeof a->flows[k]);
            }
        }
        a->have_flows = true;
        memcpy(a->ids, ids, sizeof *ids * (size_t)m);
        a->n = m;
    }
    if (rc == 0)
        rc = lending_snapshot_end(c);
    else
        db_rollback(c);
    return rc;
}

struct ctx {
    struct ahead *a;
    int k; /* the authority's place in a->ids */
    date_t as_of;
    struct recompute_stats *st;
};

static int body(PGconn *c, void *arg)
{
    struct ctx *x = arg;
    struct ahead *a = x->a;
    int64_t id = a->ids[x->k], uv, av = 0;
    bool current = false;
    if (recompute_lock(c, &id, 1, x->as_of, &uv, &av, &current) < 0)
        return -1;
    if (a->only_stale && current)
        return 0; /* in line with what is committed: nothing to do */
    if (!a->loaded || uv != a->uv) { /* counterparties or ratings changed meanwhile */
        if (a->loaded)
            universe_free(&a->u);
        a->loaded = false;
        if (universe_load(c, &a->u) < 0)
            return -1;
        a->loaded = true;
        a->uv = uv;
        ahead_drop_books(a); /* they point at the old universe */
    }
    int rc;
    if (x->k < a->n && av == a->av[x->k]) {
        rc = recompute_book(c, id, x->as_of, &a->lb[x->k], a->have_flows ? &a->flows[x->k] : NULL, x->st);
    } else { /* the authority's data changed since it was loaded ahead (or was not loaded) */
        cash_many_forget(id);
        struct lending_book lb;
        if (lending_load_with(c, id, &a->u, true, x->as_of, &lb) < 0)
            return -1;
        rc = recompute_book(c, id, x->as_of, &lb, NULL, x->st);
        lending_book_free(&lb);
    }
    return rc < 0 || recompute_write_marks(c, &id, &av, 1, uv, x->as_of) < 0 ? -1 : 0;
}

/* chunk (1..CHUNK): how many authorities' books are loaded ahead at once, and held together. */
static int run_list(PGconn *c, const int64_t *ids, int n, date_t as_of, struct recompute_stats *stats,
                    bool only_stale, int chunk)
{
    struct ahead *a = xcalloc(1, sizeof *a);
    a->only_stale = only_stale;
    a->one_read = chunk > HELD_CHUNK;
    int rc = 0;
    for (int from = 0; from < n; from += chunk) {
        int m = n - from < chunk ? n - from : chunk;
        if (ahead_load(c, a, ids + from, m, as_of) < 0) {
            ahead_drop_books(a); /* each authority is then loaded in its own transaction */
            memcpy(a->ids, ids + from, sizeof *ids * (size_t)m);
        }
        for (int k = 0; k < m; k++) {
            /* in line when the chunk was read: nothing to do (a change since then notifies the
             * service again, and that pass sees it) */
            if (only_stale && k < a->n && a->av[k] < 0)
                continue;
            struct recompute_stats dummy;
            struct ctx x = {a, k, as_of, stats ? &stats[from + k] : &dummy};
            if (db_transaction(c, body, &x) != 0)
                rc = -1;
        }
    }
    ahead_drop_books(a);
    if (a->loaded)
        universe_free(&a->u);
    free(a);
    return rc;
}

/* ---- several connections at once ------------------------------------------------------------ */

struct worker {
    PGconn *c;                   /* its own connection (NULL: it could not connect) */
    const int64_t *ids;          /* its contiguous share of the authorities */
    int n;
    date_t as_of;
    struct recompute_stats *stats;
    int rc;
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    w->rc = recompute_list(w->c, w->ids, w->n, w->as_of, w->stats);
    return NULL;
}

int recompute_list_parallel(PGconn *c, const int64_t *ids, int n, date_t as_of, struct recompute_stats *stats,
                            int jobs)
{
    if (jobs > n / CHUNK) /* each connection gets at least a chunk's worth, or it does not pay */
        jobs = n / CHUNK;
    if (jobs <= 1)
        return recompute_list(c, ids, n, as_of, stats);
    struct worker *w = xcalloc((size_t)jobs, sizeof *w);
    pthread_t *t = xcalloc((size_t)jobs, sizeof *t);
    bool *started = xcalloc((size_t)jobs, sizeof *started);
    for (int k = 0, from = 0; k < jobs; k++) {
        int m = n / jobs + (k < n % jobs);
        w[k] = (struct worker){k == 0 ? c : db_connect_raw(), ids + from, m, as_of, stats ? stats + from : NULL, 0};
        from += m;
    }
    for (int k = 1; k < jobs; k++)
        started[k] = w[k].c && pthread_create(&t[k], NULL, worker_run, &w[k]) == 0;
    worker_run(&w[0]);
    int rc = w[0].rc;
    for (int k = 1; k < jobs; k++) {
        if (started[k])
            pthread_join(t[k], NULL);
        else /* no connection or thread: this share runs here, after the first */
            w[k].rc = recompute_list(c, w[k].ids, w[k].n, as_of, w[k].stats);
        if (w[k].c)
            PQfinish(w[k].c);
        rc = w[k].rc < 0 ? -1 : rc;
    }
    free(started);
    free(t);
    free(w);
    return rc;
}

int recompute_list(PGconn *c, const int64_t *ids, int n, date_t as_of, struct recompute_stats *stats)
{
    return run_list(c, ids, n, as_of, stats, false, CHUNK);
}

int recompute_authority_stats(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *stats)
{
    return recompute_list(c, &authority_id, 1, as_of, stats);
}

static int recompute_some(PGconn *c, int64_t authority_id, date_t as_of, bool only_stale)
{
    if (authority_id)
        return run_list(c, &authority_id, 1, as_of, NULL, only_stale, 1);
    int64_t *ids;
    int n = recompute_authority_ids(c, &ids);
    if (n < 0)
        return -1;
    int rc = run_list(c, ids, n, as_of, NULL, only_stale, HELD_CHUNK);
    free(ids);
    return rc;
}

int recompute_authority(PGconn *c, int64_t authority_id, date_t as_of)
{
    return recompute_some(c, authority_id, as_of, false);
}

int recompute_stale(PGconn *c, int64_t authority_id, date_t as_of)
{
    return recompute_some(c, authority_id, as_of, true);
}
