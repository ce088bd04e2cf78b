/* prefetch.h (service): loading many authorities' books (deals held at a date, loans, officer actions,
 * strategies) ahead, on connections of their own and threads of their own, while the caller
 * evaluates the chunks already loaded and writes its alerts on its connection. For a
 * transaction that changed only shared data (a ratings import recomputing every authority the
 * ratings move): the books are the committed ones, as the caller's own READ COMMITTED
 * statements would have read them; the counterparties and ratings come from the caller's
 * universe (loaded inside its transaction, so with its own changes).
 *
 * Ownership: prefetch_start returns a handle the caller ends with prefetch_stop. Each chunk's
 * books, once taken with prefetch_take, belong to the caller (lending_book_free each). */
#ifndef PRUDENT_SERVICE_PREFETCH_H
#define PRUDENT_SERVICE_PREFETCH_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/date.h"
#include "store/lending.h"

struct prefetch;

/* Work a loader thread does on each chunk it loaded, before the caller takes it: prepare gets
 * the chunk's m books and returns what the caller receives with them (pure work only: no
 * connection); discard frees what was prepared for a chunk never taken. Either may be NULL. */
struct prefetch_hooks {
    void *(*prepare)(const struct lending_book *lb, int m, void *arg);
    void (*discard)(void *prepared, int m, void *arg);
    void *arg;
};

/* Open `loaders` new connections, each in a thread of its own, to load ids[0..n-1] (which, u and
 * hooks must outlive the handle) in chunks of `chunk`, at most two chunks a loader ahead of the
 * caller, once prefetch_go says *u is loaded. hooks may be NULL. A loader that cannot connect
 * marks its chunks failed (the caller then loads them itself). Never NULL. */
struct prefetch *prefetch_start(const int64_t *ids, int n, int chunk, const struct universe *u, date_t held_at,
                                int loaders, const struct prefetch_hooks *hooks);
/* *u is loaded: start loading (p may be NULL). */
void prefetch_go(struct prefetch *p);
/* Wait for chunk k (ids[k*chunk ...]) and move its books into out[0..m-1] and what prepare made
 * of them into *prepared (NULL without a hook; the caller owns it). Returns 0, or -1 when its
 * loader failed (printed; out is then empty and the caller may load it itself). */
int prefetch_take(struct prefetch *p, int k, struct lending_book *out, void **prepared);
/* Stop the loaders, free what was loaded and not taken, close the connections. */
void prefetch_stop(struct prefetch *p);

#endif
