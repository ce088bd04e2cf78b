/* poll.h: polling a feed: fetch (feed/fetch.h), parse (feed/parse.h), store (store/feeds.h),
 * all or nothing, and the scheduler the service's background thread calls.
 *
 * A poll that fails at any step (network, HTTP status, HTML, garbled or truncated payload, a
 * header not matching the definition, a database refusal of a value) stores nothing from that
 * answer: it records the error in feed_state and raises feed.failed for the feed. A good poll
 * stores the answer, records the success and resolves feed.failed. After either, each series of
 * a feed with a "stale" period is checked against today (util/clock.h) and feed.stale raised or
 * resolved.
 *
 * A new feed (first tried less than PRUDENT_FEED_GRACE seconds ago, default 86400, or never) is
 * polled quietly by feeds_poll_due until it first succeeds: a failure is recorded in feed_state
 * (`prudent feeds list`) but raises no feed.failed and prints nothing, and a series it has never
 * delivered is not stale; so a fresh install without a network starts calmly. Once the grace has
 * passed, or once the feed has succeeded, it is alerted as any other. `feeds poll [NAME]` (the
 * operator asking) is never quiet. */
#ifndef PRUDENT_FEED_POLL_H
#define PRUDENT_FEED_POLL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

#include "feed/defs.h"
#include "store/feeds.h"

struct poll_outcome {
    bool failed;
    bool not_modified; /* 304: nothing new */
    int nobs, nhols;   /* rows in the answer */
    struct feed_store_counts counts;
    int nstale; /* series found stale after the poll */
    char error[800];
};

/* Poll one feed now. Returns 0 when it succeeded, 1 when it failed (recorded; reason in
 * out->error), -1 when even the failure could not be recorded (database; printed). */
int feed_poll(PGconn *c, const struct feed_def *def, struct poll_outcome *out);

/* Poll every defined feed whose interval ("every") has passed since its last attempt; a feed
 * whose last poll failed is retried after the smaller of its interval and 15 minutes. Returns
 * the number of feeds polled that failed, or -1 when the definitions or the database cannot be
 * read (printed). Safe to call from a background thread with its own connection. */
int feeds_poll_due(PGconn *c);

/* The defined feeds never fetched successfully: their names, comma-separated, into names (size
 * bytes, truncated); answers how many, or -1 when the definitions or the database cannot be read
 * (printed). For the one line the service says about them at start. */
int feeds_not_fetched(PGconn *c, char *names, size_t size);

#endif
