/* lending_cache.h (service): what the pre-deal check needs (the universe of counterparties and ratings, and
 * one authority's deals, officer actions and strategies), kept in memory between calls and
 * shared by the service's worker threads.
 *
 * Every call first reads the versions of sql/065_change_versions.sql (one small query, or none
 * with lending_cache_open_at when the caller read them already): a part
 * is reused only when its version is still the committed one, so a rating, deal, officer action
 * or strategy committed before the call is always seen by it. A part that moved is reloaded in
 * one REPEATABLE READ transaction (so versions and rows agree). When the connection is already
 * inside a transaction, nothing is cached: the parts are loaded in that transaction, as
 * lending_load would. Up to LENDING_CACHE_AUTHORITIES authorities are kept (least recently used
 * first out).
 *
 * Row-level security: parts are loaded on the caller's connection under its role and scope, and
 * found again only by the authority's id, which the caller has already authorised.
 *
 * Ownership: lending_cache_open fills *v with references the caller must give back with
 * lending_cache_close; v->in points into them and is valid until then. */
#ifndef PRUDENT_SERVICE_LENDING_CACHE_H
#define PRUDENT_SERVICE_LENDING_CACHE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/lending.h"
#include "store/lending.h"

#define LENDING_CACHE_AUTHORITIES 64

struct lending_view {
    struct lending_input in;     /* ready for core/lending.h */
    struct cache_universe *u;    /* private */
    struct cache_authority *a;   /* private */
    struct cache_at *at;         /* private: the deals with accounts at their balance at a date */
};

/* Returns 0, or -1 after printing why. */
int lending_cache_open(PGconn *c, int64_t authority_id, struct lending_view *v);
/* Without a query: 0 with *v filled when both parts are cached at exactly the versions *seen
 * (read by the caller just before), else 1 (call lending_cache_open). */
int lending_cache_open_at(int64_t authority_id, const struct data_versions *seen, struct lending_view *v);
void lending_cache_close(struct lending_view *v);
/* Set v->in's deals as at `at`: each account (call, MMF, notice, pooled) at its balance at that
 * date, the emptied ones left out (core/balance.h investments_at), as book_load_at does for a
 * check that loads afresh. The cached book keeps every deal at its opening principal (compact:
 * core/lending.h struct lending_deal) with the authority's movements beside it; with no
 * movement this is a no-op. The deals as at the date are made once, as spans only
 * (lending_spans_at), and kept with the cached authority for the next checks of that date; v
 * holds a reference until lending_cache_close. v->in.inv is NULL and ninv 0 (the pre-deal check
 * reads v->in.spans alone), so v->in is for lending_check_deal only, and only after this call.
 * Returns 0, or -1 when a balance overflows. */
int lending_view_at(struct lending_view *v, date_t at);
/* The counterparty with this code (exact) or else name (exact), or NULL. Borrowed from v. */
const struct counterparty *lending_view_counterparty(const struct lending_view *v, const char *code_or_name);
/* The universe (counterparties, rating actions, their look-ups) cached at version uv, shared
 * with the as-at cache (service/asat_cache.h): when the cache holds another version it is loaded
 * on c, in c's transaction if any (the caller read uv before, so the rows are at least as new),
 * and kept for the next callers. Returns a reference to give back with
 * lending_cache_universe_release, *u pointing into it until then; NULL after printing why. */
struct cache_universe *lending_cache_universe(PGconn *c, int64_t uv, const struct universe **u);
void lending_cache_universe_release(struct cache_universe *ref);
/* Forget everything cached (tests, and a reconnect to another database). */
void lending_cache_clear(void);

#endif
