/* deal.h (service): booking, approving, cancelling and amending deals one at a time, for the CLI verbs
 * (`prudent deal ...`) and the HTTP service (POST /deals, /check, /deals/REF/approve) alike.
 *
 * Booking runs the pre-deal check and inserts in ONE transaction that first takes transaction-
 * scoped advisory locks on the counterparty, its banking group, its country and its sector (in
 * that order, so bookings never deadlock): concurrent bookings touching the same limit queue up,
 * and each re-reads the exposure the previous one committed. Any number of dealers booking at
 * once therefore never jointly exceed a limit. A booked deal is `pending` and counts in exposure
 * at once; a different person approves it (the database's CHECK approved_by <> booked_by backs
 * this up). Nothing is ever deleted: cancellations and amendments keep who, when and why in
 * the deal row and in audit_log (the amended deal's old version is the audit row's "before").
 *
 * Every function returns an exit code: EXIT_OK, EXIT_NO (refused: limits, four eyes), EXIT_BAD
 * (invalid request or unknown deal/counterparty; nothing written) or EXIT_DEP (database), and
 * sets *result (when result is not NULL) to a new cJSON the caller owns (cJSON_Delete):
 *   EXIT_OK   deal_book/approve/cancel/amend: {"ref", "status"}; deal_check: the check answer
 *   EXIT_NO   limits: {"allowed": false, "reasons": [{"kind", "subject", "message", ...}], ...}
 *             four eyes: {"error": {"code": "same_person", "message"}}
 *   EXIT_BAD  {"error": {"code", "message", "field"}} (code: invalid, unknown_counterparty,
 *             not_found, not_pending, exists)
 *   EXIT_DEP  {"error": {"code": "database", "message"}} (the cause was also printed on stderr)
 * Nothing is printed on stdout. The statements these run are store/deal.h's. */
#ifndef PRUDENT_SERVICE_DEAL_H
#define PRUDENT_SERVICE_DEAL_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "core/book.h"
#include "service/lending_cache.h"
#include "service/actor.h"
#include "store/authority.h"

/* A deal is late when its start date is more than DEAL_LATE_DAYS calendar days before the day it
 * is entered (clock_today()): three, so a Friday deal entered on Monday is not late. A late
 * booking needs a reason (--late-reason, API late_reason), kept on the deal, shown to the
 * approver (deals list: "late": true) and in the audit trail. */
#define DEAL_LATE_DAYS 3

struct deal_request {
    const char *ref;          /* NULL or "": generated (DL-000001 ...) */
    enum inv_type type;       /* default INV_FIXED */
    const char *counterparty; /* code or exact name */
    money_t amount;
    rate_t rate;
    date_t start;             /* DATE_NONE: the as-of date */
    date_t maturity;          /* DATE_NONE for notice, call, mmf, pooled */
    int notice_days;          /* -1 when not given */
    const char *by;           /* who books (or amends): actor.name */
    date_t as_of;             /* the lending list judged against: today */
    int64_t by_id;            /* the booker's user id (actor.user_id): 0 when no users exist */
    const char *late_reason;  /* why a late deal is entered late (NULL when not given) */
    const char *account;      /* the bank account its cash settles in (sql/235); NULL: the default
                               * (booking) or unchanged (amend) */
};

/* Run the pre-deal check only (no locks, nothing written). */
int deal_check(PGconn *c, const struct authority *a, const struct deal_request *r, cJSON **result);
/* The same, for a caller that read the data versions already (*seen: service/lending_cache.h):
 * when the cache holds exactly those, no query runs at all; otherwise before_load(arg) (when not
 * NULL) runs first and returns the connection to load on instead of c (the HTTP scope moves the
 * request to its prudent_app connection), or NULL when it failed; then the check reads and loads
 * as deal_check. */
int deal_check_seen(PGconn *c, const struct authority *a, const struct deal_request *r,
                    const struct data_versions *seen, PGconn *(*before_load)(void *arg), void *arg,
                    cJSON **result);
/* Check and book as pending, serialised against the same counterparty, group, country, sector. */
int deal_book(PGconn *c, const struct authority *a, const struct deal_request *r, cJSON **result);
/* The same inside the caller's transaction (service/deal_roll.c books the new deal of a roll with
 * it): the new deal's ref into ref[n] on EXIT_OK. On anything else the caller rolls back. */
int deal_book_in(PGconn *c, const struct authority *a, const struct deal_request *r, char *ref, size_t n,
                 cJSON **result);
/* Confirm a pending deal. Four eyes by identity: `by` must be neither the booker nor the last
 * amender (user ids when users exist, names otherwise; EXIT_NO, code same_person). The pre-deal
 * check runs again at as_of (the approval date), the deal itself left out of the exposure: a
 * refusal is EXIT_NO with the reasons, and the deal stays pending. */
int deal_approve(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, date_t as_of,
                 cJSON **result);
/* Cancel a pending or confirmed deal, with a reason. */
int deal_cancel(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, const char *reason,
                cJSON **result);
/* Reject a pending deal (a cancellation by a second officer): `by` must be neither the booker
 * nor the last amender (EXIT_NO, code same_person); the reason is required and recorded, audit
 * action "reject". */
int deal_reject(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, const char *reason,
                cJSON **result);
/* Withdraw a pending deal: only its booker may (EXIT_NO, code not_booker); audit action
 * "withdraw" with the reason. */
int deal_withdraw(PGconn *c, const struct authority *a, const char *ref, const struct actor *by, const char *reason,
                  cJSON **result);
/* Amend a deal's terms (r->by, r->by_id: who amends; that person may then not approve it): fields of r left unset (type INV_TYPE_COUNT, amount 0, rate INT64_MIN,
 * dates DATE_NONE, notice_days -1, counterparty NULL) keep their value. The new terms are checked like a new
 * booking (the old version excluded), the deal goes back to pending for approval, and the old
 * version is kept in audit_log with who, when and why. */
int deal_amend(PGconn *c, const struct authority *a, const char *ref, const struct deal_request *r,
               const char *reason, cJSON **result);

/* For other use cases that place money with a counterparty (service/movement.c: a top-up), in
 * their own transaction: take the booking path's advisory locks on k's counterparty, group,
 * country and sector (the same keys and order as deal_book, so top-ups and bookings queue
 * together), 0 or -1; then run the pre-deal check of r (cp_id its counterparty) on the book as
 * loaded now, in that transaction: EXIT_OK allowed, EXIT_NO refused (*result holds the reasons)
 * or EXIT_DEP. */
struct deal_counterparty;
int deal_lock_limits(PGconn *c, int64_t authority_id, const struct deal_counterparty *k);
int deal_check_locked(PGconn *c, const struct authority *a, const struct deal_request *r, int64_t cp_id,
                      cJSON **result);

#endif
