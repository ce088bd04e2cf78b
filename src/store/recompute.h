/* recompute.h (store): the statements of a recompute (service/recompute.h): the per-authority
 * recompute locks, the data versions (sql/065) and the marks saying at which versions and date an
 * authority's alerts were last brought into line (sql/071). Each runs in the caller's
 * transaction and returns 0, or -1 after printing why. */
#ifndef PRUDENT_STORE_RECOMPUTE_H
#define PRUDENT_STORE_RECOMPUTE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"

/* Take the recompute locks of the authorities ids[0..n-1] (till the transaction ends) and read
 * the committed versions of the universe (*uv) and of each authority (av[i]; av may be NULL), and
 * whether each authority's alerts were brought into line at exactly those versions and as_of
 * (current[i]; current may be NULL). Many locks are taken in descending id order, always: two
 * such runs never deadlock, and a run holding one lock at a time while it goes up the ids
 * (recompute_list, the service's recompute after a change) is met once, not trailed authority
 * after authority. */
int recompute_lock(PGconn *c, const int64_t *ids, int n, date_t as_of, int64_t *uv, int64_t *av, bool *current);
/* The same versions and marks without the locks (a snapshot read ahead of the work): av[k] and
 * current[k] for ids[k], k < n. */
int recompute_read_marks(PGconn *c, const int64_t *ids, int n, date_t as_of, int64_t *uv, int64_t *av,
                         bool *current);
/* Record that the alerts of ids[0..n-1] are in line with versions uv and av[i] at as_of. */
int recompute_write_marks(PGconn *c, const int64_t *ids, const int64_t *av, int n, int64_t uv, date_t as_of);
/* Every authority's id, ascending, into a new array the caller frees (free()). Returns the
 * count, or -1 after printing why. */
int recompute_authority_ids(PGconn *c, int64_t **ids);

/* Before a change to shared data (a ratings import): lock the universe's version (sql/065) until
 * the caller's transaction ends and read it into *before (0 when it was never bumped). */
int recompute_hold_universe(PGconn *c, int64_t *before);
/* After that change, which can move only the authorities ids[0..n-1] (recomputed in the caller's
 * transaction): every other authority whose alerts were in line at universe version `before`
 * is still in line at the version now (sql/071), so the service does not recompute it when it
 * hears of the change. */
int recompute_carry_marks(PGconn *c, int64_t before, const int64_t *ids, int n);

#endif
