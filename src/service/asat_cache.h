/* asat_cache.h (service): portfolio and limits at any date served from the service's memory.
 *
 * The service keeps, for a few authorities (ASAT_CACHE_AUTHORITIES, least recently used out), the
 * span of each one's book over its whole history (store/book_span.h: every investment it ever
 * held with the days it held it, each holding's movements summed per date, the merger windows)
 * with its officer actions and strategies, beside the universe the pre-deal check keeps
 * (counterparties and every rating action: service/lending_cache.h, shared, not a second copy).
 * A request's document is then built by the view's own code (views/portfolio.c, views/limits.c)
 * from the book at its date derived in memory (book_span_at), injected into the view's loads
 * (store/book_memo.h for portfolio, views/lending_at.h for limits): no query, the same core
 * functions, the same bytes as the database path.
 *
 * Versions: every part is used only at exactly the data versions the request read with its token
 * (sql/065: a booking, movement, rating import ... bumps them), so a change committed before the
 * request is always seen; a part at another version is loaded again, in the request's
 * transaction under its role and scope (the versions were read first, so the rows are at least
 * as new). Requests with as_known_at, other views, or PRUDENT_ASAT_CACHE=0 in the service's
 * environment take the database path.
 *
 * Memory: per authority its span (about 120 bytes a deal ever held and 24 a day a holding moved;
 * asat_cache_bytes) and its rules; docs/operations.md. */
#ifndef PRUDENT_SERVICE_ASAT_CACHE_H
#define PRUDENT_SERVICE_ASAT_CACHE_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stddef.h>

#include "store/lending.h"
#include "views/view.h"

#define ASAT_CACHE_AUTHORITIES 4

/* Build view v (portfolio or limits) for authority a with args from memory, at the versions
 * *seen. Returns 0 when served: *doc the document (the caller owns it), or NULL with *code set
 * after printing why; 1 when not (another view, no versions, the switch off, a balance that
 * overflows): the caller takes the database path. */
int asat_view_build(PGconn *c, const struct authority *a, const struct view *v, const struct view_args *args,
                    const struct data_versions *seen, cJSON **doc, int *code);
/* What the cache did since the service started, and holds now (GET /metrics). */
struct asat_stats {
    unsigned long served; /* documents built from memory */
    unsigned long loads;  /* spans loaded (a first request, or a version that moved) */
    int authorities;      /* spans held now */
    size_t bytes;         /* the bytes they hold (book_span_bytes, actions and strategies) */
};
void asat_cache_stats(struct asat_stats *out);
/* Forget everything cached (a reconnect to another database, tests). */
void asat_cache_clear(void);

#endif
