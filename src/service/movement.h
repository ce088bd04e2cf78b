/* movement.h (service): money in and out of a holding one at a time (interfaces.md "The book over
 * time"; docs/computations.md "Principal at a date"), for `prudent deal top-up|repay` and the
 * API's POST .../deals/REF/movements and .../deals/REF/repay alike.
 *
 * - deal_top_up: money paid into an account (call, mmf, notice, pooled) on a date. The pre-deal
 *   check runs exactly as for a booking (the account's counterparty, the top-up's amount added
 *   to exposure) under the booking path's advisory locks (service/deal.h deal_lock_limits), in
 *   one transaction with the insert: concurrent top-ups and bookings never jointly breach. The
 *   top-up is a movements row (source 'deal', kind deposit), pending until a second officer
 *   approves it (a movement_approvals row, sql/100); it counts in exposure and balances at once,
 *   like a pending deal.
 * - deal_approve_any: `deal approve REF`: a pending deal is approved as before (service/deal.h);
 *   a confirmed account with pending top-ups has each of them approved that `by` did not record
 *   (EXIT_NO same_person when `by` recorded every one).
 * - deal_reject_any / deal_withdraw_any: `deal reject|withdraw REF --reason TEXT`: a pending deal
 *   (a roll-over's new deal among them) is rejected or withdrawn as before (service/deal.h); a
 *   confirmed account with pending top-ups has each of them rejected that `by` did not record
 *   (EXIT_NO same_person when `by` recorded every one), or withdrawn that `by` recorded (EXIT_NO
 *   not_booker when none). Each is a movement_rejections row (sql/180) with the reason: from
 *   then the top-up is in no figure (as known at an earlier moment it still is, pending).
 * - deal_repay: money back to the authority, effective when recorded (no approval), audited
 *   with who and why. On an account: a withdrawal (a movements row), refused (EXIT_NO
 *   below_zero) when the balance, counting only top-ups already approved, would fall below zero
 *   on any date. On a dated deal: an early repayment (a deal_repayments row) from the date,
 *   whole when amount is 0 (what is still outstanding); the investments row keeps the original
 *   terms; the principal at A = principal - repayments dated on or before A.
 *
 * Exit codes and *result (a new cJSON the caller owns) as service/deal.h: EXIT_OK with
 *   top-up {"ref", "movement_id", "kind": "deposit", "amount", "date", "status": "pending"}
 *   repay  {"ref", "kind": "withdrawal"|"repayment", "amount", "date", "status": "recorded",
 *          "principal_after" (dated deals) | "balance_after" (accounts), "break_cost"?}
 *   approve of top-ups {"ref", "status": "confirmed", "approved": [movement ids]}
 *   reject / withdraw of top-ups {"ref", "status": "confirmed", "rejected" | "withdrawn": [movement
 *          ids], "reason"} (the status is the account's: it stays confirmed)
 * EXIT_NO limits {"allowed": false, "reasons": [...]} or {"error": {"code": "same_person" |
 * "below_zero"}}, EXIT_BAD {"error": {"code": "invalid" | "not_found" | "not_pending" |
 * "exists", "field"}}, EXIT_DEP {"error": {"code": "database"}}. Nothing printed on stdout. */
#ifndef PRUDENT_SERVICE_MOVEMENT_H
#define PRUDENT_SERVICE_MOVEMENT_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "service/actor.h"

#include "core/book.h"
#include "store/authority.h"

struct movement_request {
    const char *ref;
    money_t amount;     /* repay: 0 = the whole of what is outstanding */
    date_t date;        /* when the money moves */
    const char *by;     /* who records it */
    const char *reason; /* NULL or "": none (the note of the movement, the repayment's reason) */
    money_t break_cost; /* repay of a dated deal: -1 when none given */
    date_t as_of;       /* top-up: the lending list judged against (today) */
};

int deal_top_up(PGconn *c, const struct authority *a, const struct movement_request *r, cJSON **result);
int deal_repay(PGconn *c, const struct authority *a, const struct movement_request *r, cJSON **result);
int deal_approve_any(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, date_t as_of,
                     cJSON **result);
int deal_reject_any(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, const char *reason,
                    cJSON **result);
int deal_withdraw_any(PGconn *c, const struct authority *a, const char *ref, const struct actor *by,
                      const char *reason, cJSON **result);

#endif
