/* alert.h: raising and resolving alerts inside the caller's transaction.
 *
 * One live (open or acknowledged) alert per (authority, kind, subject): raising a condition that
 * is already live only refreshes its details, so re-evaluating rules never duplicates alerts.
 * Kinds are those of domain.md: counterparty.over_limit, counterparty.over_duration,
 * counterparty.suspended_exposure, counterparty.not_approved_exposure, group.over_limit,
 * country.over_limit, indicator.breach, indicator.warning, feed.failed, feed.stale,
 * deal.maturing. Feed alerts have authority_id 0 (none). */
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

#endif
