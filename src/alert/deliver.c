/* deliver.c: the outbox's deliverer (see deliver.h). */
#include "alert/deliver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/channels.h"
#include "alert/send.h"
#include "store/db.h"
#include "util/err.h"

static int attempt(const struct outbox_row *cl, char *err, size_t errsize)
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
static int record(PGconn *c, const struct outbox_row *cl, int sent, const char *err,
                  struct deliver_stats *st)
{
    if (sent == 0) {
        st->delivered++;
        return outbox_delivered(c, cl->id);
    }
    int attempts = cl->attempts + 1;
    bool last = attempts >= cl->max_attempts;
    int wait = alert_backoff_seconds(attempts, cl->backoff, cl->max_backoff);
    if (last)
        st->failed++;
    else
        st->retrying++;
    warning("alert delivery %s (%s) failed: %s%s", cl->id, cl->channel, err,
            last ? "; no attempts left" : "; will retry");
    return outbox_failed(c, cl->id, last, wait, err);
}

int alerts_deliver_run(PGconn *c, int limit, struct deliver_stats *stats)
{
    struct deliver_stats local = {0};
    struct deliver_stats *st = stats ? stats : &local;
    /* The pass's start: rows attempted since then are not taken again in this pass. */
    char started[64];
    if (outbox_clock(c, started, sizeof started) < 0)
        return -1;
    int done = 0;
    while (limit <= 0 || done < limit) {
        if (db_begin(c) < 0)
            return -1;
        struct outbox_row cl = {0};
        int got = outbox_claim(c, started, &cl);
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
    return outbox_requeue_failed(c, authority_id);
}

int alerts_outbox_stats(PGconn *c, struct outbox_stats *out)
{
    return outbox_stats(c, out);
}
