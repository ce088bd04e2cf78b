/* recompute.h: evaluating every lending rule for an authority at a date and bringing its alerts
 * into line: a breach raises (or refreshes) one alert per (kind, subject), passive ones flagged;
 * a live alert whose condition has cleared is resolved. Re-running never duplicates alerts.
 * The HTTP service calls recompute_authority whenever data changes. Other rule sets (prudential
 * indicators) add themselves to the rules[] table in recompute.c. */
#ifndef PRUDENT_STORE_RECOMPUTE_H
#define PRUDENT_STORE_RECOMPUTE_H

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
/* The same, reporting what changed. */
int recompute_authority_stats(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *stats);

#endif
