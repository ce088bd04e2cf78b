/* feeds.h: storing what the rate feeds bring (migration 040): observations with revisions,
 * bank holidays, each feed's state, and the feed.failed / feed.stale alerts (authority 0).
 *
 * A good answer is stored in one transaction with the feed's success; a failure writes only the
 * feed's state and its alert, never a row of the answer. Concurrent polls of one feed are
 * serialised by a transaction-level advisory lock. Nothing here keeps pointers to its inputs. */
#ifndef PRUDENT_STORE_FEEDS_H
#define PRUDENT_STORE_FEEDS_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "core/date.h"
#include "core/feed_rows.h"
#include "store/rows.h"

/* The validators of the feed's last good answer ("" when none). */
struct feed_validators {
    char etag[256];
    char last_modified[128];
};
int feed_state_validators(PGconn *c, const char *feed, struct feed_validators *out);

struct feed_store_counts {
    int inserted;  /* new observations */
    int revised;   /* stored observations whose value changed (kept in rate_revisions) */
    int hol_added; /* holidays added or retitled */
    int hol_removed;
};

/* Store a good answer r (NULL when the server said 304 Not Modified: nothing new) and record
 * the success, with the answer's validators; resolve feed.failed. Returns 0, or -1 after
 * printing why (the transaction is rolled back: nothing stored). */
int feed_store_answer(PGconn *c, const char *feed, const char *url, const struct feed_result *r,
                      const char *etag, const char *last_modified, struct feed_store_counts *counts);
/* Record a failed poll (error text) and, when raise, raise feed.failed (a new feed's failure in
 * its first day is recorded only: feed/poll.h). Returns 0 or -1. */
int feed_store_failure(PGconn *c, const char *feed, const char *url, const char *why, bool raise);
/* Raise feed.stale for each series whose latest observation is more than stale_days before
 * today (or which has none, unless fresh: a new feed's first day), resolve it for the others.
 * Returns the number stale, or -1. */
int feed_check_stale(PGconn *c, const char *feed, const struct feed_column *cols, int ncols,
                     int stale_days, date_t today, bool fresh);

/* Every feed's state, with the columns name, observations, last_attempt, last_success,
 * last_failure (ISO 8601 UTC, NULL when never), error and last_error (NULL when none), for
 * `prudent feeds list`. A new struct rows the caller frees, or NULL after printing why. */
struct rows *feed_states(PGconn *c);
/* The feeds polled at least once, with the columns name, age (whole seconds since the last
 * attempt), failing ("t" when the last attempt failed), succeeded ("t" once any poll has) and
 * tried_for (seconds since the first attempt), for choosing which feeds are due and new.
 * A new struct rows the caller frees, or NULL after printing why. */
struct rows *feed_poll_states(PGconn *c);

#endif
