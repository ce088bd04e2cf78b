/* deliver.c: the outbox's deliverer (see deliver.h). */
#include "alert/deliver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/channels.h"
#include "alert/send.h"
#include "store/db.h"
#include "util/err.h"

/* One claimed row. */
struct claim {
    char id[24], alert_id[24], event[16], channel[16];
    int attempts, max_attempts, backoff, max_backoff;
    cJSON *settings, *alert;
};

/* Claim the next due row (not already attempted in this pass: id > after, or due again later)
 * and read its alert. Returns 1 claimed, 0 nothing due, -1 database error. */
static int claim_next(PGconn *c, const char *started, struct claim *cl)
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
    snprintf(cl->id, sizeof cl->id, "%s", db_get(r, 0, "id"));
    snprintf(cl->alert_id, sizeof cl->alert_id, "%s", db_get(r, 0, "alert_id"));
    snprintf(cl->event, sizeof cl->event, "%s", db_get(r, 0, "event"));
    snprintf(cl->channel, sizeof cl->channel, "%s", db_get(r, 0, "channel"));
    cl->attempts = (int)db_get_int(r, 0, "attempts");
    cl->max_attempts = (int)db_get_int(r, 0, "max_attempts");
    cl->backoff = (int)db_get_int(r, 0, "backoff_seconds");
    cl->max_backoff = (int)db_get_int(r, 0, "max_backoff_seconds");
    cl->settings = cJSON_Parse(db_get(r, 0, "settings"));
    PQclear(r);
    const char *q[] = {cl->alert_id};
    r = db_query(c, "read the alert to deliver", "SELECT doc FROM alert_documents WHERE id = $1",
                 1, q);
    if (!r)
        return -1;
    cl->alert = PQntuples(r) == 1 ? cJSON_Parse(db_get(r, 0, "doc")) : NULL;
    PQclear(r);
    return 1;
}

static int attempt(const struct claim *cl, char *err, size_t errsize)
{
    long long id = atoll(cl->id);
    if (!cl->alert || !cl->settings) {
        snprintf(err, errsize, "the alert or the channel settings could not be read");
        return -1;
    }
    if (strcmp(cl->channel, "log") == 0)
        return alert_send_log(cl->alert, cl->event, id, err, errsize);
    if (strcmp(cl->channel, "webhook") == 0)
        return alert_send_webhook(cl->settings, cl->alert, cl->event, id, err, errsize);
    if (strcmp(cl->channel, "email") == 0)
        return alert_send_email(cl->settings, cl->alert, cl->event, id, err, errsize);
    snprintf(err, errsize, "unknown channel type %s", cl->channel);
    return -1;
}

/* Record the outcome of the attempt. */
static int record(PGconn *c, const struct claim *cl, int sent, const char *err,
                  struct deliver_stats *st)
{
    if (sent == 0) {
        st->delivered++;
        const char *p[] = {cl->id};
        return db_exec(c, "record a delivered alert",
                       "UPDATE alert_deliveries SET state = 'delivered', attempts = attempts + 1,"
                       " delivered_at = clock_timestamp(), last_attempt_at = clock_timestamp(),"
                       " last_error = NULL WHERE id = $1",
                       1, p);
    }
    int attempts = cl->attempts + 1;
    bool last = attempts >= cl->max_attempts;
    char wait[16];
    snprintf(wait, sizeof wait, "%d", alert_backoff_seconds(attempts, cl->backoff, cl->max_backoff));
    if (last)
        st->failed++;
    else
        st->retrying++;
    warning("alert delivery %s (%s) failed: %s%s", cl->id, cl->channel, err,
            last ? "; no attempts left" : "; will retry");
    const char *p[] = {cl->id, last ? "failed" : "pending", wait, err};
    return db_exec(c, "record a failed alert delivery",
                   "UPDATE alert_deliveries SET state = $2, attempts = attempts + 1,"
                   " last_attempt_at = clock_timestamp(), last_error = $4,"
                   " next_attempt_at = clock_timestamp() + make_interval(secs => $3::int)"
                   " WHERE id = $1",
                   4, p);
}

int alerts_deliver_run(PGconn *c, int limit, struct deliver_stats *stats)
{
    struct deliver_stats local = {0};
    struct deliver_stats *st = stats ? stats : &local;
    /* The pass's start: rows attempted since then are not taken again in this pass. */
    PGresult *r = db_query(c, "read the clock", "SELECT clock_timestamp()::text AS t", 0, NULL);
    if (!r)
        return -1;
    char started[64];
    snprintf(started, sizeof started, "%s", db_get(r, 0, "t"));
    PQclear(r);
    int done = 0;
    while (limit <= 0 || done < limit) {
        if (db_begin(c) < 0)
            return -1;
        struct claim cl = {0};
        int got = claim_next(c, started, &cl);
        int rc = got;
        if (got == 1) {
            char err[512] = "";
            int sent = attempt(&cl, err, sizeof err);
            rc = record(c, &cl, sent, err, st) < 0 ? -1 : 1;
        }
        cJSON_Delete(cl.settings);
        cJSON_Delete(cl.alert);
        if (rc < 0) {
            db_rollback(c);
            return -1;
        }
        if (db_commit(c) < 0)
            return -1;
        if (got == 0)
            break;
        done++;
    }
    return done;
}

int alerts_deliver_due(PGconn *c)
{
    struct deliver_stats st = {0};
    return alerts_deliver_run(c, 0, &st) < 0 ? -1 : st.delivered;
}

int alerts_requeue_failed(PGconn *c, long long authority_id)
{
    char aid[24];
    snprintf(aid, sizeof aid, "%lld", authority_id);
    const char *p[] = {authority_id ? aid : NULL};
    PGresult *r = db_query(c, "requeue failed alert deliveries",
                           "UPDATE alert_deliveries d SET state = 'pending', attempts = 0,"
                           " next_attempt_at = now() FROM alerts a WHERE a.id = d.alert_id"
                           " AND d.state = 'failed'"
                           " AND ($1::bigint IS NULL OR a.authority_id = $1::bigint"
                           " OR a.authority_id IS NULL)",
                           1, p);
    if (!r)
        return -1;
    int n = atoi(PQcmdTuples(r));
    PQclear(r);
    return n;
}

int alerts_outbox_stats(PGconn *c, struct outbox_stats *out)
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
