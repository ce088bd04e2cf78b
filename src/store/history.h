/* history.h (store): what an account's history is read from (GET .../deals/REF/history,
 * views/history.h): the holding's row, its current movements with who entered them and when, and
 * the roll-over links of a dated deal (table deal_rolls, sql/105). Each returns a new struct rows
 * the caller frees with rows_free, or NULL after printing why. */
#ifndef PRUDENT_STORE_HISTORY_H
#define PRUDENT_STORE_HISTORY_H

#include <libpq-fe.h>
#include <stdint.h>

#include "store/rows.h"

/* The authority's investment ref (0 or 1 row): id, ref, type, counterparty, counterparty_name,
 * principal, rate (empty when none), start_date, maturity_date (empty when none), status,
 * booked_by, booked_at (ISO 8601 UTC), account (its settlement account, sql/235; empty for the
 * default account). */
struct rows *history_holding(PGconn *c, int64_t authority_id, const char *ref);
/* The current movements of investment id in date order (then as entered): date, kind, amount,
 * note, entered_by, entered_at (ISO 8601 UTC), pending ("t" for a top-up awaiting its second
 * officer); then, for a dated deal, its current early repayments (sql/100) as kind "repayment"
 * with the reason as note; break_cost (a repayment's, empty when none). A top-up rejected or
 * withdrawn (sql/180) is there too, at its place, with rejected ("reject" or "withdraw"; empty
 * for every other row), rejected_by, rejected_at (ISO 8601 UTC) and rejection_reason. */
struct rows *history_movements(PGconn *c, int64_t id);
/* The roll-over links of investment id: rows of direction ("from": the deal it rolls over;
 * "to": a deal rolling it over), ref, start_date, maturity_date, principal, status, entered_by,
 * entered_at. */
struct rows *history_rolls(PGconn *c, int64_t id);

#endif
