/* outbox.c: the alert delivery outbox's statements (see outbox.h). */
#include "store/outbox.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/db.h"

int outbox_clock(PGconn *c, char *out, size_t n)
{
    PGresult *r = db_query(c, "read the clock", "SELECT clock_timestamp()::text AS t", 0, NULL);
    if (!r)
        return -1;
    snprintf(out, n, "%s", db_get(r, 0, "t"));
    PQclear(r);
    return 0;
}

/* The document of the alert out->alert_id into out->alert (NULL when there is none). */
static int read_alert(PGconn *c, struct outbox_row *out)
{
    const char *q[] = {out->alert_id};
    PGresult *r = db_query(c, "read the alert to deliver", "SELECT doc FROM alert_documents WHERE id = $1",
                           1, q);
    if (!r)
        return -1;
    out->alert = PQntuples(r) == 1 ? cJSON_Parse(db_get(r, 0, "doc")) : NULL;
    PQclear(r);
    return 0;
}

int outbox_claim(PGconn *c, const char *started, struct outbox_row *out)
{
    const char *p[] = {started};
    PGresult *r = db_query(c, "claim a due alert delivery",
                           "SELECT id, alert_id, event, channel, settings, attempts, max_attempts,"
                           " backoff_seconds, max_backoff_seconds FROM alert_deliveries"
                           " WHERE state = 'pending' AND next_attempt_at <= now()"
                           " AND (last_attempt_at IS NULL OR last_attempt_at < $1::timestamptz)"
                           " ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
                           1, p);
    if (!r)
        return -1;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return 0;
    }
    snprintf(out->id, sizeof out->id, "%s", db_get(r, 0, "id"));
    snprintf(out->alert_id, sizeof out->alert_id, "%s", db_get(r, 0, "alert_id"));
    snprintf(out->event, sizeof out->event, "%s", db_get(r, 0, "event"));
    snprintf(out->channel, sizeof out->channel, "%s", db_get(r, 0, "channel"));
    out->attempts = (int)db_get_int(r, 0, "attempts");
    out->max_attempts = (int)db_get_int(r, 0, "max_attempts");
    out->backoff = (int)db_get_int(r, 0, "backoff_seconds");
    out->max_backoff = (int)db_get_int(r, 0, "max_backoff_seconds");
    out->settings = cJSON_Parse(db_get(r, 0, "settings"));
    PQclear(r);
    return read_alert(c, out) < 0 ? -1 : 1;
}

int outbox_delivered(PGconn *c, const char *id)
{
    const char *p[] = {id};
    return db_exec(c, "record a delivered alert",
                   "UPDATE alert_deliveries SET state = 'delivered', attempts = attempts + 1,"
                   " delivered_at = clock_timestamp(), last_attempt_at = clock_timestamp(),"
                   " last_error = NULL WHERE id = $1",
                   1, p);
}

int outbox_failed(PGconn *c, const char *id, bool last, int wait_seconds, const char *err)
{
    char wait[DB_INT_BUFSZ];
    const char *p[] = {id, last ? "failed" : "pending", db_int(wait_seconds, wait), err};
    return db_exec(c, "record a failed alert delivery",
                   "UPDATE alert_deliveries SET state = $2, attempts = attempts + 1,"
                   " last_attempt_at = clock_timestamp(), last_error = $4,"
                   " next_attempt_at = clock_timestamp() + make_interval(secs => $3::int)"
                   " WHERE id = $1",
                   4, p);
}

int outbox_requeue_failed(PGconn *c, int64_t authority_id)
{
    char aid[DB_INT_BUFSZ];
    const char *p[] = {authority_id ? db_int(authority_id, aid) : NULL};
    PGresult *r = db_query(c, "requeue failed alert deliveries",
                           "UPDATE alert_deliveries d SET state = 'pending', attempts = 0,"
                           " next_attempt_at = now() FROM alerts a WHERE a.id = d.alert_id"
                           " AND d.state = 'failed'"
                           " AND ($1::bigint IS NULL OR a.authority_id = $1::bigint"
                           " OR a.authority_id IS NULL)",
                           1, p);
    if (!r)
        return -1;
    int n = db_changed(r);
    PQclear(r);
    return n;
}

int outbox_stats(PGconn *c, struct outbox_stats *out)
{
    PGresult *r = db_query(c, "count alert deliveries",
                           "SELECT count(*) FILTER (WHERE state = 'pending') AS pending,"
                           " count(*) FILTER (WHERE state = 'pending' AND next_attempt_at <= now()) AS due,"
                           " count(*) FILTER (WHERE state = 'failed') AS failed,"
                           " count(*) FILTER (WHERE state = 'delivered') AS delivered,"
                           " coalesce(extract(epoch FROM now() - min(next_attempt_at)"
                           "   FILTER (WHERE state = 'pending' AND next_attempt_at <= now())), 0)::text"
                           "   AS oldest FROM alert_deliveries",
                           0, NULL);
    if (!r)
        return -1;
    out->pending = db_get_int(r, 0, "pending");
    out->due = db_get_int(r, 0, "due");
    out->failed = db_get_int(r, 0, "failed");
    out->delivered = db_get_int(r, 0, "delivered");
    out->oldest_due_seconds = strtod(db_get(r, 0, "oldest"), NULL);
    PQclear(r);
    return 0;
}

struct rows *outbox_list(PGconn *c, int64_t authority_id)
{
    char aid[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, aid)};
    return rows_of(db_query(c, "list alert deliveries",
                            "SELECT d.id, d.alert_id, d.event, d.channel, d.channel_name, d.target,"
                            " d.state, d.attempts, d.max_attempts, coalesce(d.last_error, '') AS last_error,"
                            " to_char(d.next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS next_attempt_at,"
                            " to_char(d.delivered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS delivered_at"
                            " FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id"
                            " WHERE a.authority_id = $1 OR a.authority_id IS NULL ORDER BY d.id",
                            1, p));
}
