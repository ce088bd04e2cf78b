/* cash_alerts.h (service): the cash rule of `recompute` (service/recompute.c; docs/cash.md "The
 * below-minimum alert"): at a date D, each bank account whose daily forecast (views/cash.h, the
 * account alone) closes below its minimum balance on some day of D..D+CASH_ALERT_DAYS has one
 * live `cash.below_minimum` alert (passive: no deal caused it), subject the account's code,
 * details the first such day, its balance, the lowest balance and its day; when no day of the
 * horizon is below any more (or the account is gone) the alert is resolved. An account staying
 * below keeps its one alert (raising refreshes the details only). Runs inside the caller's
 * transaction, like the other rules. */
#ifndef PRUDENT_SERVICE_CASH_ALERTS_H
#define PRUDENT_SERVICE_CASH_ALERTS_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/date.h"
#include "service/recompute.h"
#include "store/alert.h"
#include "store/book.h"

#define CASH_ALERT_DAYS 27 /* the horizon: D and the next 27 days, four weeks */

/* live[0..nlive-1]: the authority's live alerts read before any rule ran. Adds to st->breaches
 * (accounts below), st->raised and st->resolved. Reads nothing more than the accounts when the
 * authority has none. flows: what book_load_flows gives the authority over D..D+CASH_ALERT_DAYS
 * when the caller loaded it already with its chunk (book_load_flows_many; borrowed), else NULL
 * and it is read here. Returns 0 or -1 after printing why. */
int cash_rules(PGconn *c, int64_t authority_id, date_t as_of, const struct alert_key *live, int nlive,
               struct recompute_stats *st, const struct book *flows);

#endif
