/* recompute.h (service): evaluating every lending rule for an authority at a date and bringing its alerts
 * into line: a breach raises (or refreshes) one alert per (kind, subject), passive ones flagged;
 * a live alert whose condition has cleared is resolved. Re-running never duplicates alerts.
 * The HTTP service calls recompute_authority whenever data changes. Other rule sets (prudential
 * indicators) add themselves to the rules[] table in recompute.c. The locks, versions and marks
 * it reads and writes are store/recompute.h's statements (with recompute_hold_universe and
 * recompute_carry_marks, which a ratings import calls around its change). */
#ifndef PRUDENT_SERVICE_RECOMPUTE_H
#define PRUDENT_SERVICE_RECOMPUTE_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/date.h"

struct recompute_stats {
    int breaches; /* conditions found */
    int raised;   /* new alerts opened */
    int resolved; /* alerts resolved */
};

/* Inside the caller's transaction (so an officer action and the alerts it causes land
 * together). Serialised per authority by an advisory lock. Returns 0 or -1. stats may be NULL. */
int recompute_in_tx(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *stats);
/* In a transaction of its own; authority_id 0 means every authority, each in its own
 * transaction (the service passes clock_today() as as_of). Returns 0 or -1 (after printing
 * why; with 0 the other authorities are still recomputed). */
int recompute_authority(PGconn *c, int64_t authority_id, date_t as_of);
/* recompute_authority, skipping each authority whose alerts were already brought into line at
 * the committed data versions and as_of (sql/071: say, by the ratings import that caused the
 * change). What the service runs when it hears of a change. Returns like recompute_authority. */
int recompute_stale(PGconn *c, int64_t authority_id, date_t as_of);
/* The same, reporting what changed. */
int recompute_authority_stats(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *stats);
/* The authorities ids[0..n-1], each in a transaction of its own, loading the counterparties and
 * ratings once (and again only when their version moved, sql/065); stats[i] (stats may be NULL)
 * gets authority i's figures. Returns 0, or -1 if any failed (printed; the others still ran). */
int recompute_list(PGconn *c, const int64_t *ids, int n, date_t as_of, struct recompute_stats *stats);
/* recompute_list over `jobs` connections at once (c and jobs - 1 new ones, each a thread and a
 * contiguous share of ids; fewer when there are not 64 authorities a connection). The same
 * results as recompute_list: every authority is still its own transaction under its lock. */
int recompute_list_parallel(PGconn *c, const int64_t *ids, int n, date_t as_of, struct recompute_stats *stats,
                            int jobs);
/* The authorities ids[0..n-1] inside the caller's transaction (a ratings import), loading the
 * counterparties and ratings once. Returns 0 or -1 (stops at the first failure). */
int recompute_many_in_tx(PGconn *c, const int64_t *ids, int n, date_t as_of);

#endif
