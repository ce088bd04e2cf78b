/* prefetch.c (service): many authorities' books loaded ahead on other connections (see prefetch.h). One
 * thread a connection; loader j loads chunks j, j + loaders, ...; none runs more than
 * 2 x loaders chunks ahead of what the caller has taken. One mutex and condition guard the
 * slots. */
#include "service/prefetch.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"

enum slot_state { SLOT_WAITING, SLOT_LOADED, SLOT_FAILED, SLOT_TAKEN };

struct slot {
    enum slot_state state;
    struct lending_book *lb; /* chunk books when loaded */
    void *prepared;          /* what hooks.prepare made of them */
};

struct loader {
    struct prefetch *p;
    PGconn *c;
    int first; /* its first chunk */
    pthread_t thread;
    bool started;
};

struct prefetch {
    const int64_t *ids;
    int n, chunk, nchunks, ahead;
    const struct universe *u;
    date_t held_at;
    struct prefetch_hooks hooks;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct slot *slots;
    int taken; /* chunks the caller has taken: it takes them in order */
    bool go;   /* the universe is loaded: loading may start */
    bool stop;
    struct loader *loaders;
    int nloaders;
};

static int chunk_size(const struct prefetch *p, int k)
{
    int from = k * p->chunk;
    return p->n - from < p->chunk ? p->n - from : p->chunk;
}

/* Chunk k's books in one read-only snapshot on c. */
static int load_chunk(PGconn *c, const struct prefetch *p, int k, struct lending_book *lb)
{
    if (lending_snapshot_begin(c) < 0)
        return -1;
    int rc = lending_load_many(c, p->ids + (size_t)k * (size_t)p->chunk, chunk_size(p, k), p->u, p->held_at, lb);
    if (rc == 0)
        return lending_snapshot_end(c);
    db_rollback(c);
    return -1;
}

static void publish(struct prefetch *p, int k, enum slot_state state, struct lending_book *lb, void *prepared)
{
    pthread_mutex_lock(&p->lock);
    p->slots[k].state = state;
    p->slots[k].lb = lb;
    p->slots[k].prepared = prepared;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

/* Mark a loader's chunks failed from chunk k on (the caller loads them itself). */
static void give_up(struct prefetch *p, int k)
{
    for (; k < p->nchunks; k += p->nloaders)
        publish(p, k, SLOT_FAILED, NULL, NULL);
}

static void *loader_run(void *arg)
{
    struct loader *l = arg;
    struct prefetch *p = l->p;
    l->c = db_connect_raw(); /* here, so that the connections open while the caller works */
    pthread_mutex_lock(&p->lock);
    while (!p->stop && !p->go)
        pthread_cond_wait(&p->changed, &p->lock);
    pthread_mutex_unlock(&p->lock);
    if (!l->c) {
        give_up(p, l->first);
        return NULL;
    }
    for (int k = l->first; k < p->nchunks; k += p->nloaders) {
        pthread_mutex_lock(&p->lock);
        while (!p->stop && k >= p->taken + p->ahead)
            pthread_cond_wait(&p->changed, &p->lock);
        bool stop = p->stop;
        pthread_mutex_unlock(&p->lock);
        if (stop)
            break;
        struct lending_book *lb = xcalloc((size_t)p->chunk, sizeof *lb);
        if (load_chunk(l->c, p, k, lb) == 0) {
            void *prepared = p->hooks.prepare ? p->hooks.prepare(lb, chunk_size(p, k), p->hooks.arg) : NULL;
            publish(p, k, SLOT_LOADED, lb, prepared);
        } else {
            free(lb); /* lending_load_many left nothing to free */
            publish(p, k, SLOT_FAILED, NULL, NULL);
        }
    }
    return NULL;
}

struct prefetch *prefetch_start(const int64_t *ids, int n, int chunk, const struct universe *u, date_t held_at,
                                int loaders, const struct prefetch_hooks *hooks)
{
    struct prefetch *p = xcalloc(1, sizeof *p);
    *p = (struct prefetch){.ids = ids, .n = n, .chunk = chunk, .nchunks = (n + chunk - 1) / chunk,
                           .u = u, .held_at = held_at, .nloaders = loaders < 1 ? 1 : loaders};
    if (hooks)
        p->hooks = *hooks;
    p->ahead = 2 * p->nloaders;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    p->slots = xcalloc((size_t)(p->nchunks ? p->nchunks : 1), sizeof *p->slots);
    p->loaders = xcalloc((size_t)p->nloaders, sizeof *p->loaders);
    for (int j = 0; j < p->nloaders; j++) {
        struct loader *l = &p->loaders[j];
        *l = (struct loader){.p = p, .first = j};
        l->started = pthread_create(&l->thread, NULL, loader_run, l) == 0;
        if (!l->started)
            give_up(p, j);
    }
    return p;
}

/* Set one of p's flags (go, stop) and wake every thread waiting on p. */
static void raise_flag(struct prefetch *p, bool *flag)
{
    pthread_mutex_lock(&p->lock);
    *flag = true;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

void prefetch_go(struct prefetch *p)
{
    if (p)
        raise_flag(p, &p->go);
}

int prefetch_take(struct prefetch *p, int k, struct lending_book *out, void **prepared)
{
    int m = chunk_size(p, k);
    pthread_mutex_lock(&p->lock);
    while (p->slots[k].state == SLOT_WAITING)
        pthread_cond_wait(&p->changed, &p->lock);
    struct slot *s = &p->slots[k];
    bool ok = s->state == SLOT_LOADED;
    *prepared = ok ? s->prepared : NULL;
    if (ok) {
        memcpy(out, s->lb, sizeof *out * (size_t)m);
        free(s->lb);
        s->lb = NULL;
        s->prepared = NULL;
    }
    s->state = SLOT_TAKEN;
    p->taken = k + 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return ok ? 0 : -1;
}

void prefetch_stop(struct prefetch *p)
{
    if (!p)
        return;
    raise_flag(p, &p->stop);
    for (int j = 0; j < p->nloaders; j++) {
        if (p->loaders[j].started)
            pthread_join(p->loaders[j].thread, NULL);
        if (p->loaders[j].c)
            PQfinish(p->loaders[j].c);
    }
    for (int k = 0; k < p->nchunks; k++)
        if (p->slots[k].state == SLOT_LOADED) {
            if (p->hooks.discard)
                p->hooks.discard(p->slots[k].prepared, chunk_size(p, k), p->hooks.arg);
            for (int i = 0; i < chunk_size(p, k); i++)
                lending_book_free(&p->slots[k].lb[i]);
            free(p->slots[k].lb);
        }
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p->slots);
    free(p->loaders);
    free(p);
}
