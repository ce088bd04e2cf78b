/* deliver.h: sending the notifications waiting in the outbox (alert_deliveries, sql/035).
 *
 * Each due row (state pending, next_attempt_at <= now) is claimed in a transaction of its own
 * with SELECT ... FOR UPDATE SKIP LOCKED, sent once through its channel (alert/send.h), and
 * marked delivered, or given another attempt after an exponential backoff (backoff_seconds *
 * 2^(attempts-1), at most max_backoff_seconds), or marked failed after max_attempts. Any number
 * of deliverers (CLI runs, service threads, several hosts) may run at once: a row locked by one
 * is skipped by the others, so no row is sent twice at the same time. A deliverer that dies
 * after sending but before committing leaves the row pending, to be sent again: delivery is at
 * least once, and receivers can de-duplicate on the delivery id (X-Prudent-Delivery header,
 * "delivery_id" field, Message-ID). Nothing here ever changes or removes an alert. */
#ifndef PRUDENT_ALERT_DELIVER_H
#define PRUDENT_ALERT_DELIVER_H

#include <libpq-fe.h>

#include "store/outbox.h"

struct deliver_stats {
    int delivered; /* accepted by the receiver */
    int retrying;  /* failed this time, another attempt is scheduled */
    int failed;    /* failed for the last allowed time: state 'failed' */
};

/* Process up to limit due deliveries (limit <= 0: all that are due now; each row is attempted
 * at most once per call). Adds to *stats (may be NULL). Returns the number of rows attempted,
 * or -1 when the database failed (after printing why). */
int alerts_deliver_run(PGconn *c, int limit, struct deliver_stats *stats);

/* The service's background thread calls this on its own connection every few seconds: process
 * every delivery due now. Returns the number delivered (0 when nothing was due), or -1 when the
 * database failed (the caller reconnects and tries again later). Blocks for at most about the
 * channels' timeouts (10 s each by default) per due row. */
int alerts_deliver_due(PGconn *c);

/* Give every failed delivery (of alerts of authority_id, or all when 0) a fresh set of
 * attempts, due now. Returns the number requeued or -1. */
int alerts_requeue_failed(PGconn *c, long long authority_id);

/* The outbox at a glance (struct outbox_stats: store/outbox.h), for monitoring. */
/* Fill *out. Returns 0 or -1 (after printing why). */
int alerts_outbox_stats(PGconn *c, struct outbox_stats *out);

#endif
