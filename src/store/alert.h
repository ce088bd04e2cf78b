/* alert.h: raising, resolving and acknowledging alerts inside the caller's transaction.
 *
 * One live (open or acknowledged) alert per (authority, kind, subject): raising a condition that
 * is already live only refreshes its details, so re-evaluating rules never duplicates alerts.
 * Kinds are those of domain.md: counterparty.over_limit, counterparty.over_duration,
 * counterparty.suspended_exposure, counterparty.not_approved_exposure, group.over_limit,
 * country.over_limit, indicator.breach, indicator.warning, feed.failed, feed.stale,
 * deal.maturing. Feed alerts have authority_id 0 (none).
 *
 * Opening an alert also queues its notifications in the outbox (alert_deliveries, one row per
 * channel configured for the authority, see alert/channels.h); resolving one queues a
 * resolution notice for the channels that want them. Both happen in the caller's transaction
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

/* Raise (or refresh) an alert. details may be NULL and is not taken over. Sets *id (if not
 * NULL) and *created to whether a new alert was opened. Returns 0 or -1. */
int alert_raise(PGconn *c, int64_t authority_id, const char *kind, const char *subject,
                const cJSON *details, bool passive, int64_t *id, bool *created);
/* Resolve the live alert for this condition, if any. Returns the number resolved or -1. */
int alert_resolve(PGconn *c, int64_t authority_id, const char *kind, const char *subject);

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
