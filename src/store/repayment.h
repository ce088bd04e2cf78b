/* repayment.h (store): the statements behind `prudent deal top-up` and `prudent deal repay`
 * (service/movement.h): the deal the money moves on, read under a row lock; early repayments of
 * dated deals (table deal_repayments, sql/100); top-ups and withdrawals of accounts (rows of
 * movements with source 'deal', sql/080) and the second officer's approval of a top-up (table
 * movement_approvals, sql/100) or its rejection (table movement_rejections, sql/180). Each runs in the caller's transaction; the rules are the
 * service's. Functions return 0 (or what they say) and -1 after printing why. */
#ifndef PRUDENT_STORE_REPAYMENT_H
#define PRUDENT_STORE_REPAYMENT_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/balance.h"

/* One deal of the authority, its original terms as the investments row holds them. */
struct held_deal {
    int64_t id;
    enum inv_type type;
    char status[16];
    char counterparty[CODE_MAX]; /* its code */
    date_t start, maturity;      /* maturity DATE_NONE for an account */
    money_t principal;           /* the original principal (an account's opening balance) */
};
/* Lock (FOR UPDATE) and read the authority's deal ref. 0 found, 1 not found, -1. */
int held_deal_lock(PGconn *c, int64_t authority_id, const char *ref, struct held_deal *d);

/* The sum of the deal's current early repayments (any date) into *out. 0 or -1. */
int repayments_total(PGconn *c, int64_t investment_id, money_t *out);
/* Record an early repayment (break_cost < 0: none given). Its id into *id. 0 or -1. */
int repayment_insert(PGconn *c, int64_t authority_id, int64_t investment_id, date_t date, money_t amount,
                     money_t break_cost, const char *reason, const char *by, int64_t *id);

/* The account's current movements that have taken effect (every one but a top-up still
 * pending approval), ordered by date then id, into *out (a new array the caller frees).
 * Returns the count or -1. */
int account_movements_effective(PGconn *c, int64_t investment_id, struct movement **out);
/* Record a movement of an account entered one at a time (source 'deal'). Returns 0 with its id
 * in *id, 1 when an identical movement (same date, kind, amount and note) is there already
 * (nothing written), -1. */
int account_movement_insert(PGconn *c, int64_t authority_id, int64_t investment_id, date_t date,
                            enum move_kind kind, money_t amount, const char *note, const char *by, int64_t *id);

/* A top-up waiting for its second officer. */
struct pending_topup {
    int64_t id;
    date_t date;
    money_t amount;
    char entered_by[128];
};
/* The account's pending top-ups, oldest first, into *out (a new array the caller frees).
 * Returns the count or -1. */
int topups_pending(PGconn *c, int64_t investment_id, struct pending_topup **out);
/* Record the approval of top-up movement_id by `by`. 0 or -1. */
int topup_approve(PGconn *c, int64_t authority_id, int64_t movement_id, const char *by);
/* Record that top-up movement_id is turned down (table movement_rejections, sql/180): rejected by
 * a second officer, or withdrawn (withdraw true) by the officer who recorded it, with the reason.
 * From then on it is in no current movement (nor pending). 0 or -1. */
int topup_reject(PGconn *c, int64_t authority_id, int64_t movement_id, const char *by, bool withdraw,
                 const char *reason);

#endif
