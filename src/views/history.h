/* history.h: the history of one holding as a JSON document, for GET
 * /api/v1/authorities/CODE/deals/REF/history?from=&to= and the web pages' history page
 * (http/web_history.c, docs/web.md). Built from the holding's row and its current movements
 * (store/history.h); balances follow core/balance.h: opening principal + deposits + interest -
 * withdrawals, a valuation leaving the amount invested alone.
 *
 * {"ref", "type", "counterparty", "counterparty_name", "principal" (the opening), "rate" (or
 *  null), "start_date", "maturity_date" (or null), "status", "account" (only when the holding
 *  names a settlement account, sql/235), "as_of" (today), "from", "to" (or null),
 *  "balance_before" (the balance the day before from; null without from),
 *  "events": [{"date", "kind" (opening | deposit | withdrawal | interest | valuation |
 *              repayment (a dated deal's early repayment, its reason as note, and
 *              "break_cost" or null) | maturity),
 *              "amount", "note", "entered_by", "entered_at", "balance" (after it),
 *              valuations also "value" and "gain" (value - balance), a top-up no second
 *              officer has approved yet also "status": "pending"; a top-up rejected by a
 *              second officer or withdrawn by its recorder (sql/180) stays at its place with
 *              "status": "rejected" | "withdrawn", "rejected_by", "rejected_at",
 *              "rejection_reason", and moves no balance}],
 *  "balance", "value", "gain" (at to, or after the last event: value and gain null without a
 *  valuation), and for a dated deal "rolled_from" (an object or null) and "rolled_to" (array):
 *  {"ref", "start_date", "maturity_date", "principal", "status", "entered_by", "entered_at"}}
 * Events dated outside [from, to] are left out, but count in the balances. Amounts are strings. */
#ifndef PRUDENT_VIEWS_HISTORY_H
#define PRUDENT_VIEWS_HISTORY_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "core/date.h"
#include "store/authority.h"

/* The document (a new cJSON the caller owns), or NULL with *code EXIT_BAD (no such ref in a's
 * book) or EXIT_DEP (database, printed). from, to: DATE_NONE when not given. */
cJSON *history_json(PGconn *c, const struct authority *a, const char *ref, date_t from, date_t to, int *code);

#endif
