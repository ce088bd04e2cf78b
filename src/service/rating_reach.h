/* rating_reach.h (service): the alerts a ratings import causes, on an O(affected deals) path
 * (docs/performance.md, "Downgrade to alert"), in the import's transaction after its rows are
 * inserted. A rating reaches only some breaches (core/lending.h lending_reach): those of the
 * changed counterparties, of the non-UK banks and building societies whose sovereign changed,
 * and of the banking groups of either (counterparty.* and group.over_limit). One statement loads
 * the deals held at the date with the reached counterparties, for every authority holding them;
 * each such authority (and each with a live alert about a reached counterparty or group) is
 * judged on those deals alone, and its alerts of those kinds and subjects raised or resolved
 * exactly as a full recompute would. The full recompute (service/recompute.h
 * recompute_many_in_tx) is the fallback, per authority, where the reached rules are not all that
 * can move: an authority whose alerts were not in line before the change (sql/071: other rules
 * may be due), or whose strategy in force sets a credit score limit (the indicator reads every
 * deal's rating). Every other authority's marks are carried (recompute_carry_marks). */
#ifndef PRUDENT_SERVICE_RATING_REACH_H
#define PRUDENT_SERVICE_RATING_REACH_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/date.h"

struct rating_reach_stats {
    int reached_counterparties; /* whose deals were loaded */
    int authorities;            /* holding them at the date, or with a live alert about them */
    int judged;                 /* on the reached deals alone */
    int full;                   /* recomputed whole (the fallback) */
};

/* After the ratings of the counterparties codes[0..n) changed (inserted in the caller's
 * transaction; universe_before: the universe's version before, recompute_hold_universe), bring
 * the alerts at as_of into line. stats may be NULL. Returns 0 or -1 (after printing why). */
int rating_reach_recompute(PGconn *c, const char *const *codes, int n, date_t as_of, int64_t universe_before,
                           struct rating_reach_stats *stats);

#endif
