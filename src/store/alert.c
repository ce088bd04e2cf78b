/* alert.c: the alerts table's raise, resolve and acknowledge, and queuing their notifications
 * in the outbox, one row per route the installed router names, and listing their documents
 * (see alert.h). */
#include "store/alert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/authority.h"
#include "store/db.h"
#include "util/err.h"

static alert_router_fn router;

void alert_set_router(alert_router_fn fn)
{
    router = fn;
}

struct queue_ctx {
    PGconn *c;
    const char *alert_id;
    const char *event;
};

/* Queue one notification: the outbox row of one route (an alert_queue_fn). */
static int queue_one(void *arg, const struct alert_route *ch)
{
    struct queue_ctx *x = arg;
    char *settings = cJSON_PrintUnformatted(ch->settings);
    char ma[16], bo[16], mb[16];
    snprintf(ma, sizeof ma, "%d", ch->max_attempts);
    snprintf(bo, sizeof bo, "%d", ch->backoff_seconds);
    snprintf(mb, sizeof mb, "%d", ch->max_backoff_seconds);
    const char *p[] = {x->alert_id, x->event, ch->type_name, ch->name, ch->target, settings, ma, bo, mb};
    int rc = db_exec(x->c, "queue alert notification",
                     "INSERT INTO alert_deliveries (alert_id, event, channel, channel_name, target,"
                     " settings, max_attempts, backoff_seconds, max_backoff_seconds)"
                     " VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)"
                     " ON CONFLICT (alert_id, event, channel_name) DO NOTHING",
                     9, p);
    free(settings);
    return rc;
}

/* Queue one notification of event ("raised" or "resolved") per channel that wants it. */
static int enqueue(PGconn *c, int64_t alert_id, const char *code, const char *kind, const char *event)
{
    if (!router)
        return error("queue alert notification: no channel configuration is wired in (alert_set_router)");
    char aid[24];
    db_int(alert_id, aid);
    struct queue_ctx x = {c, aid, event};
    return router(code, kind, event, queue_one, &x);
}

/* Run body in the caller's transaction, or in one of its own if there is none. */
static bool begin_if_idle(PGconn *c, int *failed)
{
    if (PQtransactionStatus(c) != PQTRANS_IDLE)
        return false;
    *failed = db_begin(c) < 0;
    return !*failed;
}

static int end_own(PGconn *c, bool own, int rc)
{
    if (!own)
        return rc;
    if (rc == 0 && db_commit(c) == 0)
        return 0;
    db_rollback(c);
    return -1;
}

int alert_raise(PGconn *c, int64_t authority_id, const char *kind, const char *subject,
                const cJSON *details, bool passive, int64_t *id, bool *created)
{
    int failed = 0;
    bool own = begin_if_idle(c, &failed);
    if (failed)
        return -1;
    char aid[24];
    db_int(authority_id, aid);
    char *d = details ? cJSON_PrintUnformatted(details) : NULL;
    const char *p[] = {authority_id ? aid : NULL, kind, subject, d ? d : "{}", passive ? "t" : "f"};
    /* Open a new alert, or refresh the live one: the partial unique index alerts_one_live is
     * the arbiter, so two transactions raising the same condition at once still make one. */
    PGresult *r = db_query(c, "raise alert",
                           "INSERT INTO alerts (authority_id, kind, subject, details, passive,"
                           " last_raised_at) VALUES ($1, $2, $3, $4::jsonb, $5, now())"
                           " ON CONFLICT ((coalesce(authority_id, 0)), kind, subject)"
                           " WHERE state <> 'resolved'"
                           " DO UPDATE SET details = EXCLUDED.details, last_raised_at = now()"
                           " RETURNING id, (xmax = 0) AS created,"
                           " coalesce((SELECT code FROM authorities WHERE id = $1::bigint), '') AS code",
                           5, p);
    free(d);
    if (!r)
        return end_own(c, own, -1);
    int64_t alert_id = db_get_int(r, 0, "id");
    bool fresh = strcmp(db_get(r, 0, "created"), "t") == 0;
    int rc = fresh ? enqueue(c, alert_id, db_get(r, 0, "code"), kind, "raised") : 0;
    PQclear(r);
    if (id)
        *id = alert_id;
    if (created)
        *created = fresh;
    return end_own(c, own, rc);
}

int alert_resolve(PGconn *c, int64_t authority_id, const char *kind, const char *subject)
{
    int failed = 0;
    bool own = begin_if_idle(c, &failed);
    if (failed)
        return -1;
    char aid[24];
    db_int(authority_id, aid);
    const char *p[] = {authority_id ? aid : NULL, kind, subject};
    PGresult *r = db_query(c, "resolve alert",
                           "UPDATE alerts SET state = 'resolved', resolved_at = now()"
                           " WHERE coalesce(authority_id, 0) = coalesce($1::bigint, 0)"
                           " AND kind = $2 AND subject = $3 AND state <> 'resolved' RETURNING id,"
                           " coalesce((SELECT code FROM authorities WHERE id = $1::bigint), '') AS code",
                           3, p);
    if (!r)
        return end_own(c, own, -1);
    int n = PQntuples(r), rc = 0;
    for (int i = 0; i < n && rc == 0; i++)
        rc = enqueue(c, db_get_int(r, i, "id"), db_get(r, i, "code"), kind, "resolved");
    PQclear(r);
    rc = end_own(c, own, rc);
    return rc < 0 ? -1 : n;
}

int alert_live(PGconn *c, int64_t authority_id, struct alert_key **out)
{
    *out = NULL;
    char auth[24];
    db_int(authority_id, auth);
    const char *p[] = {auth};
    PGresult *live = db_query(c, "read live alerts",
                              "SELECT kind, subject FROM alerts WHERE authority_id = $1 AND state <> 'resolved'",
                              1, p);
    if (!live)
        return -1;
    int n = PQntuples(live);
    struct alert_key *k = xcalloc(n ? (unsigned long)n : 1, sizeof *k);
    for (int i = 0; i < n; i++) {
        k[i].kind = xstrdup(db_get(live, i, "kind"));
        k[i].subject = xstrdup(db_get(live, i, "subject"));
    }
    PQclear(live);
    *out = k;
    return n;
}

void alert_keys_free(struct alert_key *keys, int n)
{
    for (int i = 0; keys && i < n; i++) {
        free(keys[i].kind);
        free(keys[i].subject);
    }
    free(keys);
}

static int ack_body(PGconn *c, int64_t authority_id, int64_t id, const char *by)
{
    char aid[24], idt[24];
    db_int(authority_id, aid);
    db_int(id, idt);
    const char *p[] = {idt, aid};
    PGresult *r = db_query(c, "look up alert",
                           "SELECT CASE WHEN k.alert_id IS NOT NULL THEN 'acknowledged' ELSE a.state END"
                           " AS state, coalesce(a.authority_id, 0) AS authority_id, a.kind, a.subject"
                           " FROM alerts a LEFT JOIN alert_acks k ON k.alert_id = a.id AND k.authority_id = $2"
                           " WHERE a.id = $1 AND (a.authority_id = $2 OR a.authority_id IS NULL)"
                           " FOR UPDATE OF a",
                           2, p);
    if (!r)
        return -1;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return ALERT_ACK_UNKNOWN;
    }
    const char *state = db_get(r, 0, "state");
    int result = strcmp(state, "resolved") == 0       ? ALERT_ACK_RESOLVED
                 : strcmp(state, "acknowledged") == 0 ? ALERT_ACK_ALREADY
                                                      : ALERT_ACKED;
    int64_t owner = db_get_int(r, 0, "authority_id");
    cJSON *before = cJSON_CreateObject(), *after = cJSON_CreateObject();
    cJSON_AddStringToObject(before, "state", state);
    cJSON_AddStringToObject(after, "state", "acknowledged");
    cJSON_AddStringToObject(after, "acknowledged_by", by);
    cJSON_AddStringToObject(after, "kind", db_get(r, 0, "kind"));
    cJSON_AddStringToObject(after, "subject", db_get(r, 0, "subject"));
    PQclear(r);
    int rc = 0;
    if (result == ALERT_ACKED && owner == 0) { /* shared: for the officer's authority only (sql/165) */
        const char *q[] = {idt, aid, by};
        rc = db_exec(c, "acknowledge shared alert",
                     "INSERT INTO alert_acks (alert_id, authority_id, acknowledged_by) VALUES ($1, $2, $3)", 3, q);
    } else if (result == ALERT_ACKED) {
        const char *q[] = {idt, by};
        rc = db_exec(c, "acknowledge alert",
                     "UPDATE alerts SET state = 'acknowledged', acknowledged_by = $2,"
                     " acknowledged_at = now() WHERE id = $1",
                     2, q);
    }
    if (result == ALERT_ACKED) {
        /* A feed alert belongs to no authority: record which authority's officer acked it. */
        if (rc == 0 && owner == 0)
            cJSON_AddNumberToObject(after, "on_behalf_of_authority_id", (double)authority_id);
        if (rc == 0)
            rc = audit_record(c, by, owner, "alert", idt, "acknowledge", before, after, NULL);
    }
    cJSON_Delete(before);
    cJSON_Delete(after);
    return rc < 0 ? -1 : result;
}

struct ack_args {
    int64_t authority_id, id;
    const char *by;
    int result;
};

static int ack_tx(PGconn *c, void *arg)
{
    struct ack_args *a = arg;
    a->result = ack_body(c, a->authority_id, a->id, a->by);
    return a->result == ALERT_ACKED ? 0 : (a->result < 0 ? -1 : 1); /* roll back a no-op */
}

int alert_acknowledge(PGconn *c, int64_t authority_id, int64_t id, const char *by)
{
    struct ack_args a = {authority_id, id, by, -1};
    int rc = db_transaction(c, ack_tx, &a);
    if (rc < 0 || a.result < 0)
        return -1;
    return a.result;
}

/* A shared alert as one authority sees it: acknowledged with the name and time of its own
 * officer's acknowledgement (alert_acks, sql/165), never another authority's officer's name. */
static void shared_ack_for(cJSON *doc, const PGresult *r, int row)
{
    bool own = !db_isnull(r, row, "acknowledged_by");
    const cJSON *state = cJSON_GetObjectItem(doc, "state");
    if (own && cJSON_IsString(state) && strcmp(state->valuestring, "open") == 0)
        cJSON_ReplaceItemInObject(doc, "state", cJSON_CreateString("acknowledged"));
    cJSON_ReplaceItemInObject(doc, "acknowledged_by",
                              own ? cJSON_CreateString(db_get(r, row, "acknowledged_by")) : cJSON_CreateNull());
    cJSON_ReplaceItemInObject(doc, "acknowledged_at",
                              own ? cJSON_CreateString(db_get(r, row, "acknowledged_at")) : cJSON_CreateNull());
}

cJSON *alert_documents_list(PGconn *c, int64_t authority_id, bool all)
{
    char aid[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, aid), all ? "t" : "f"};
    PGresult *r = db_query(c, "list alerts",
                           "SELECT d.doc, d.authority_id IS NULL AS shared, k.acknowledged_by,"
                           " to_char(k.acknowledged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                           " AS acknowledged_at"
                           " FROM alert_documents d LEFT JOIN alert_acks k ON k.alert_id = d.id AND k.authority_id = $1"
                           " WHERE (d.authority_id = $1 OR d.authority_id IS NULL)"
                           " AND ($2::boolean OR d.state <> 'resolved') ORDER BY d.raised_at, d.id",
                           2, p);
    if (!r)
        return NULL;
    cJSON *list = cJSON_CreateArray();
    for (int i = 0; i < PQntuples(r); i++) {
        cJSON *one = cJSON_Parse(db_get(r, i, "doc"));
        if (one && *db_get(r, i, "shared") == 't')
            shared_ack_for(one, r, i);
        if (one)
            cJSON_AddItemToArray(list, one);
    }
    PQclear(r);
    return list;
}
