/* outbox.h: the alert delivery outbox (alert_deliveries, sql/035): claiming a due row, recording
 * how its attempt went, requeuing failed rows, and the listings and counts for the CLI and
 * monitoring. Sending is alert/deliver.c's business. */
#ifndef PRUDENT_STORE_OUTBOX_H
#define PRUDENT_STORE_OUTBOX_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/rows.h"

/* One claimed row. */
struct outbox_row {
    char id[24], alert_id[24], event[16], channel[16];
    int attempts, max_attempts, backoff, max_backoff;
    cJSON *settings, *alert; /* owned by the caller (cJSON_Delete); NULL when unreadable */
};

/* The database's clock now (clock_timestamp(), as text) into out (n bytes): the start of a
 * delivery pass. Returns 0 or -1 (printed). */
int outbox_clock(PGconn *c, char *out, size_t n);

/* In the caller's transaction, lock the next due row not attempted since `started` (FOR UPDATE
 * SKIP LOCKED: another deliverer's row is passed over) into *out, with its alert's document.
 * Returns 1 claimed, 0 nothing due, -1 after printing why. */
int outbox_claim(PGconn *c, const char *started, struct outbox_row *out);

/* Record that row id was delivered. Returns 0 or -1 (printed). */
int outbox_delivered(PGconn *c, const char *id);
/* Record a failed attempt of row id with the error text: failed for good when last, else
 * pending again in wait_seconds. Returns 0 or -1 (printed). */
int outbox_failed(PGconn *c, const char *id, bool last, int wait_seconds, const char *err);

/* Give every failed delivery (of alerts of authority_id and shared alerts, or all when 0) a
 * fresh set of attempts, due now. Returns the number requeued or -1 (printed). */
int outbox_requeue_failed(PGconn *c, int64_t authority_id);

/* The outbox at a glance, for monitoring (/metrics, health checks). */
struct outbox_stats {
    long long pending;            /* waiting, due or not */
    long long due;                /* pending and due now */
    long long failed;             /* out of attempts: needs `alerts deliver --retry-failed` */
    long long delivered;
    double oldest_due_seconds;    /* how long the oldest due row has waited (0 if none) */
};
/* Fill *out. Returns 0 or -1 (after printing why). */
int outbox_stats(PGconn *c, struct outbox_stats *out);

/* The deliveries of the alerts of authority_id and of shared alerts, by id, with the columns
 * id, alert_id, event, channel, channel_name, target, state, attempts, max_attempts,
 * last_error ("" when none), next_attempt_at and delivered_at (ISO 8601 UTC, NULL when none).
 * A new struct rows the caller frees, or NULL after printing why. */
struct rows *outbox_list(PGconn *c, int64_t authority_id);

#endif
