/* alert.h: raising, resolving and acknowledging alerts inside the caller's transaction.
 *
 * One live (open or acknowledged) alert per (authority, kind, subject): raising a condition that
 * is already live only refreshes its details, so re-evaluating rules never duplicates alerts.
 * Kinds are those of domain.md: counterparty.over_limit, counterparty.over_duration,
 * counterparty.suspended_exposure, counterparty.not_approved_exposure, group.over_limit,
 * country.over_limit, indicator.breach, indicator.warning, feed.failed, feed.stale,
 * deal.maturing, loan.in_discount. Feed alerts have authority_id 0 (none).
 *
 * Opening an alert also queues its notifications in the outbox (alert_deliveries, one row per
 * channel configured for the authority: the router below, alert/routes.h, reads
 * alert/channels.h's configuration); resolving one queues a resolution notice for the channels
 * that want them. Both happen in the caller's transaction
 * (or in one of their own when the connection is not in a transaction), so an alert and its
 * notifications are committed together or not at all. A bad channel configuration never makes
 * raising fail: it is reported as a warning and the alert goes to the built-in log channel.
 * Delivery is alert/deliver.h's business. */
#ifndef PRUDENT_STORE_ALERT_H
#define PRUDENT_STORE_ALERT_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

/* One channel a notification is queued for: the outbox row's channel columns. */
struct alert_route {
    const char *type_name; /* "log", "webhook", "email" */
    const char *name;
    const char *target;
    const cJSON *settings;
    int max_attempts, backoff_seconds, max_backoff_seconds;
};
/* Queue a notification for one route: 0, or -1 after printing why. */
typedef int (*alert_queue_fn)(void *arg, const struct alert_route *route);
/* Which channels want `event` ("raised" or "resolved") of an alert of `kind` for the authority
 * with this code ("" for feed alerts): calls queue(arg, route) for each in turn, stopping at the
 * first that fails, and returns what the last call returned (0 when none was made). The routes
 * live only during the call. Never fails on a bad configuration (it is reported and the
 * built-in log channel used). */
typedef int (*alert_router_fn)(const char *code, const char *kind, const char *event, alert_queue_fn queue,
                               void *arg);
/* The channel configuration lives above the store (alert/channels.h), so the program installs
 * its router once at start (alert_routes_install, alert/routes.h), before any alert is raised.
 * Without one, raising a new alert or resolving one fails (printed). */
void alert_set_router(alert_router_fn fn);

/* Raise (or refresh) an alert. details may be NULL and is not taken over. Sets *id (if not
 * NULL) and *created to whether a new alert was opened. Returns 0 or -1. */
int alert_raise(PGconn *c, int64_t authority_id, const char *kind, const char *subject,
                const cJSON *details, bool passive, int64_t *id, bool *created);
/* Resolve the live alert for this condition, if any. Returns the number resolved or -1. */
int alert_resolve(PGconn *c, int64_t authority_id, const char *kind, const char *subject);

/* One live (not resolved) alert's condition. */
struct alert_key {
    char *kind;
    char *subject;
};
/* The authority's live alerts (every kind), into a new array the caller frees with
 * alert_keys_free. Returns the count, or -1 after printing why. */
int alert_live(PGconn *c, int64_t authority_id, struct alert_key **out);
void alert_keys_free(struct alert_key *keys, int n);

enum alert_ack_result {
    ALERT_ACKED = 0,        /* open -> acknowledged */
    ALERT_ACK_ALREADY = 1,  /* it was acknowledged already: nothing changed */
    ALERT_ACK_UNKNOWN = 2,  /* no such alert for this authority (nor a feed alert) */
    ALERT_ACK_RESOLVED = 3, /* resolved alerts cannot be acknowledged */
};
/* Acknowledge alert id on behalf of authority_id (its own alerts and feed alerts), by whom,
 * recorded in the audit trail, in one transaction. Returns an alert_ack_result or -1. */
int alert_acknowledge(PGconn *c, int64_t authority_id, int64_t id, const char *by);

/* The documents (the alert_documents view of sql/035) of the alerts of authority_id and the
 * shared (feed) alerts, open and acknowledged ones, resolved ones too when all, in the order
 * they were raised, as a new JSON array the caller owns; NULL after printing why. */
cJSON *alert_documents_list(PGconn *c, int64_t authority_id, bool all);

#endif
