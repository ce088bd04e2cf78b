/* asat_cache.c (service): the spans of a few authorities' books kept between requests, and the
 * portfolio and limits documents built from them (see asat_cache.h). One mutex guards the table
 * and the reference counts; loading happens outside it, on the caller's connection, one thread
 * at a time. */
#include "service/asat_cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "service/lending_cache.h"
#include "store/book_memo.h"
#include "store/book_span.h"
#include "util/err.h"
#include "views/book_views.h"
#include "views/lending_at.h"

struct asat_entry {
    int refs;             /* the table's reference counts as one while it is cached */
    int64_t id, version;
    unsigned long used;   /* the tick of its last use, for eviction */
    struct book_span span;
    struct lending_book rules; /* officer actions and strategies only (lending_load_rules) */
};

/* The counterparties' parts of the limits entries' text (views/lending_json.h lending_cp_texts),
 * written once per universe version and lent to each limits request at that version. */
struct texts_slot {
    int refs; /* the cache's counts as one while it is current */
    int64_t version;
    struct lending_cp_texts t;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct texts_slot *texts_cur; /* guarded by lock */
static pthread_mutex_t loading = PTHREAD_MUTEX_INITIALIZER; /* held while one thread loads */
static struct asat_entry *table[ASAT_CACHE_AUTHORITIES];
static unsigned long tick;
static atomic_ulong served, loads;

/* Whether PRUDENT_ASAT_CACHE (read once) leaves the cache on: anything but "0". */
static bool enabled(void)
{
    static int on = -1;
    if (on < 0) {
        const char *s = getenv("PRUDENT_ASAT_CACHE");
        on = !(s && strcmp(s, "0") == 0);
    }
    return on;
}

static void entry_unref(struct asat_entry *e)
{
    if (e && --e->refs == 0) {
        book_span_free(&e->span);
        lending_book_free(&e->rules);
        free(e);
    }
}

/* The authority's span and rules loaded on c, at `version` (one reference), or NULL. */
static struct asat_entry *load_entry(PGconn *c, int64_t id, int64_t version, const struct universe *u)
{
    struct asat_entry *e = xcalloc(1, sizeof *e);
    struct book none;
    memset(&none, 0, sizeof none);
    if (book_span_load(c, id, &e->span) < 0) {
        free(e);
        return NULL;
    }
    book_span_index(&e->span);
    if (lending_load_rules(c, &id, 1, u, &none, &e->rules) < 0) {
        book_span_free(&e->span);
        free(e);
        return NULL;
    }
    e->rules.ratings = NULL; /* the universe's, not kept here */
    e->rules.nratings = 0;
    memset(&e->rules.in, 0, sizeof e->rules.in);
    e->refs = 1;
    e->id = id;
    e->version = version;
    return e;
}

/* A reference to the entry of authority id at version, or NULL. */
static struct asat_entry *take(int64_t id, int64_t version)
{
    struct asat_entry *e = NULL;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < ASAT_CACHE_AUTHORITIES && !e; i++)
        if (table[i] && table[i]->id == id && table[i]->version == version)
            e = table[i];
    if (e) {
        e->refs++;
        e->used = ++tick;
    }
    pthread_mutex_unlock(&lock);
    return e;
}

/* Put e (one more reference for the table) in place of its authority's older entry, or in a
 * free slot, or in place of the least recently used. */
static void install(struct asat_entry *e)
{
    pthread_mutex_lock(&lock);
    int s = -1;
    for (int i = 0; i < ASAT_CACHE_AUTHORITIES && s < 0; i++)
        if (table[i] && table[i]->id == e->id)
            s = i;
    if (s >= 0 && table[s]->version > e->version) {
        pthread_mutex_unlock(&lock);
        return; /* a newer one is cached */
    }
    for (int i = 0; i < ASAT_CACHE_AUTHORITIES && s < 0; i++)
        if (!table[i])
            s = i;
    if (s < 0) {
        s = 0;
        for (int i = 1; i < ASAT_CACHE_AUTHORITIES; i++)
            if (table[i]->used < table[s]->used)
                s = i;
    }
    entry_unref(table[s]);
    e->refs++;
    e->used = ++tick;
    table[s] = e;
    pthread_mutex_unlock(&lock);
}

static void release(struct asat_entry *e)
{
    pthread_mutex_lock(&lock);
    entry_unref(e);
    pthread_mutex_unlock(&lock);
}

/* The entry of authority id at version, loaded on c when not cached (one thread at a time: the
 * others waiting then find it). A reference, or NULL after printing why. */
static struct asat_entry *open_entry(PGconn *c, int64_t id, int64_t version, const struct universe *u)
{
    struct asat_entry *e = take(id, version);
    if (e)
        return e;
    pthread_mutex_lock(&loading);
    e = take(id, version);
    if (!e && (e = load_entry(c, id, version, u)) != NULL) {
        atomic_fetch_add(&loads, 1);
        install(e);
    }
    pthread_mutex_unlock(&loading);
    return e;
}

/* Under lock. */
static void texts_unref(struct texts_slot *s)
{
    if (s && --s->refs == 0) {
        lending_cp_texts_free(&s->t);
        free(s);
    }
}

/* The texts of the universe u at version uv: a reference, released with texts_release. Written
 * outside the lock when the version is not the current one's (two threads may both write them
 * then; one is kept). */
static struct texts_slot *texts_open(const struct universe *u, int64_t uv)
{
    pthread_mutex_lock(&lock);
    struct texts_slot *s = texts_cur && texts_cur->version == uv ? texts_cur : NULL;
    if (s)
        s->refs++;
    pthread_mutex_unlock(&lock);
    if (s)
        return s;
    s = xcalloc(1, sizeof *s);
    struct lending_input in = {.cps = u->cps, .ncps = u->ncps};
    lending_cp_texts_build(&in, &s->t);
    s->version = uv;
    s->refs = 1;
    pthread_mutex_lock(&lock);
    if (!texts_cur || texts_cur->version != uv) {
        texts_unref(texts_cur);
        texts_cur = s;
        s->refs++;
    }
    pthread_mutex_unlock(&lock);
    return s;
}

static void texts_release(struct texts_slot *s)
{
    pthread_mutex_lock(&lock);
    texts_unref(s);
    pthread_mutex_unlock(&lock);
}

/* A new copy of n elements of `size` bytes (at least one allocated, as the loaders leave it). */
static void *dup_array(const void *p, int n, size_t size)
{
    void *q = xcalloc(n > 0 ? (size_t)n : 1, size);
    if (n > 0)
        memcpy(q, p, (size_t)n * size);
    return q;
}

/* The lending book and list at as_of as lending_at_get would make them (views/lending_at.h),
 * from the book b (moved in), the universe u and the entry's rules. */
static struct lending_at *lending_from(struct book *b, const struct universe *u, const struct asat_entry *e,
                                       date_t as_of, const struct lending_cp_texts *texts)
{
    struct lending_at *x = xcalloc(1, sizeof *x);
    x->texts = texts; /* of u's counterparties, which the book borrows (book_span_at) */
    struct lending_book *lb = &x->lb;
    lb->book = *b;
    memset(b, 0, sizeof *b);
    lb->shared = true;
    lb->ratings = u->ratings;
    lb->nratings = u->nratings;
    lb->actions = dup_array(e->rules.actions, e->rules.nactions, sizeof *lb->actions);
    lb->nactions = e->rules.nactions;
    lb->strategies = dup_array(e->rules.strategies, e->rules.nstrategies, sizeof *lb->strategies);
    lb->nstrategies = e->rules.nstrategies;
    lb->in = (struct lending_input){
        .cps = lb->book.cps, .ncps = lb->book.ncps, .inv = lb->book.inv, .ninv = lb->book.ninv,
        .ratings = lb->ratings, .nratings = lb->nratings, .ratings_by_counterparty = true,
        .actions = lb->actions, .nactions = lb->nactions, .strategies = lb->strategies,
        .nstrategies = lb->nstrategies, .index = &u->index};
    x->evaluated = lending_evaluate(&lb->in, as_of, &x->list) < 0 ? -1 : 0;
    return x;
}

/* Run the view with the book at its date b (moved in) injected where its load would read it. */
static cJSON *build_with(PGconn *c, const struct authority *a, const struct view *v, const struct view_args *args,
                         struct book *b, const struct universe *u, int64_t uv, const struct asat_entry *e, int *code)
{
    cJSON *doc;
    if (strcmp(v->name, "limits") == 0) {
        struct texts_slot *t = args->wire ? texts_open(u, uv) : NULL; /* only the text uses them */
        lending_at_begin();
        lending_at_put(c, a->id, args->as_of, lending_from(b, u, e, args->as_of, t ? &t->t : NULL));
        doc = v->build(c, a, args, code);
        lending_at_end();
        if (t)
            texts_release(t);
    } else { /* the portfolio of the book itself: no copy of it in and out of the book memo */
        doc = view_portfolio_of(b, args, code);
        book_free(b);
    }
    return doc;
}

int asat_view_build(PGconn *c, const struct authority *a, const struct view *v, const struct view_args *args,
                    const struct data_versions *seen, cJSON **doc, int *code)
{
    *doc = NULL;
    if (!enabled() || !seen || !seen->known || book_memo_active() || args->as_of == DATE_NONE ||
        (strcmp(v->name, "portfolio") != 0 && strcmp(v->name, "limits") != 0))
        return 1;
    const struct universe *u;
    struct cache_universe *cu = lending_cache_universe(c, seen->universe, &u);
    struct asat_entry *e = cu ? open_entry(c, a->id, seen->authority, u) : NULL;
    if (!e) {
        if (cu)
            lending_cache_universe_release(cu);
        *code = EXIT_DEP;
        return 0;
    }
    struct book b;
    /* the investments current at the date only: all that either view reads (store/book_span.h) */
    int rc = book_span_current_at(&e->span, u->cps, u->ncps, args->as_of, &b) < 0 ? 1 : 0;
    if (rc == 0) {
        *doc = build_with(c, a, v, args, &b, u, seen->universe, e, code);
        atomic_fetch_add(&served, 1);
    }
    release(e);
    lending_cache_universe_release(cu);
    return rc;
}

void asat_cache_stats(struct asat_stats *out)
{
    memset(out, 0, sizeof *out);
    out->served = atomic_load(&served);
    out->loads = atomic_load(&loads);
    pthread_mutex_lock(&lock);
    for (int i = 0; i < ASAT_CACHE_AUTHORITIES; i++)
        if (table[i]) {
            out->authorities++;
            out->bytes += book_span_bytes(&table[i]->span) +
                          (size_t)table[i]->rules.nactions * sizeof *table[i]->rules.actions +
                          (size_t)table[i]->rules.nstrategies * sizeof *table[i]->rules.strategies;
        }
    if (texts_cur)
        out->bytes += texts_cur->t.len + 3 * (size_t)texts_cur->t.ncps * sizeof *texts_cur->t.off;
    pthread_mutex_unlock(&lock);
}

void asat_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < ASAT_CACHE_AUTHORITIES; i++) {
        entry_unref(table[i]);
        table[i] = NULL;
    }
    texts_unref(texts_cur);
    texts_cur = NULL;
    pthread_mutex_unlock(&lock);
}
