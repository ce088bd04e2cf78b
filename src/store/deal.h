/* deal.h (store): the statements behind the deal use cases of service/deal.h (book, approve,
 * cancel, reject, withdraw, amend): finding the counterparty, the advisory locks on its limits,
 * locking, reading and writing one row of investments. Each runs in the caller's transaction;
 * the rules, the lock order and the answers are the service's. Functions return 0 (or what they
 * say) and -1 after printing why ("prudent: <what>: ..."). */
#ifndef PRUDENT_STORE_DEAL_H
#define PRUDENT_STORE_DEAL_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/book.h"

/* What the limits of a booking are keyed on: the counterparty, its banking group (its own code
 * when it has none), its country and its sector. */
struct deal_counterparty {
    int64_t id;
    char code[CODE_MAX];
    char group[CODE_MAX];
    char country[3];
    char sector[32];
};
/* The counterparty with this code, else this exact name. 0 found, 1 unknown, -1. */
int deals_find_counterparty(PGconn *c, const char *code_or_name, struct deal_counterparty *k);

/* A transaction-scoped advisory lock on key ("1:cp:42", ...) at this level (3001 ...), waiting
 * for it. 0 or -1. */
int deals_lock_limit(PGconn *c, int level, const char *key);

/* Whether the authority has a deal with this ref: 1, 0, or -1. */
int deals_ref_taken(PGconn *c, int64_t authority_id, const char *ref);
/* The next number of the deal reference sequence (DL-000001 ...) into *n. 0 or -1. */
int deals_next_number(PGconn *c, int64_t *n);

/* A deal's terms as the investments row holds them. */
struct deal_terms {
    enum inv_type type;
    int64_t counterparty_id;
    money_t amount;
    rate_t rate;
    date_t start;
    date_t maturity;   /* DATE_NONE: NULL */
    int notice_days;   /* -1: NULL */
    const char *account; /* the settlement account (sql/235): NULL none (insert), unchanged (update) */
};
/* Insert a pending deal booked by `by` (user id by_id, 0 when no users; source "deal"), with the
 * reason of a late booking (NULL when not late). 0 or -1. */
int deals_insert(PGconn *c, int64_t authority_id, const char *ref, const struct deal_terms *t, const char *by,
                 int64_t by_id, const char *late_reason);

/* One deal's state, read under a row lock. */
struct deal_row {
    int64_t id;
    char status[16];
    char booked_by[256];
    int64_t booked_by_id;   /* 0 when booked with no users (a name only) */
    char amended_by[256];   /* "" when never amended */
    int64_t amended_by_id;  /* the last amender's user id, 0 when none */
    bool late;              /* booked (or amended) late, with a reason */
};
/* Lock and read the authority's deal ref (FOR UPDATE). 0 found, 1 not found, -1. */
int deals_lock(PGconn *c, int64_t authority_id, const char *ref, struct deal_row *d);
/* The deal as a JSON object (for audit before/after; money and rates as exact strings), in a
 * new cJSON the caller owns, or NULL (printed when the database failed). */
cJSON *deals_snapshot(PGconn *c, int64_t id);
/* Confirm a deal, approved by `by` (user id by_id, 0 when no users). 0 or -1. */
int deals_confirm(PGconn *c, int64_t id, const char *by, int64_t by_id);
/* Cancel a deal: by whom and why (the reason as the book keeps it). 0 or -1. */
int deals_cancel(PGconn *c, int64_t id, const char *by, const char *why);
/* The deal's terms (counterparty_id left alone) and its counterparty's code into cp_code[n].
 * 0, 1 when they do not read back, -1. */
int deals_terms(PGconn *c, int64_t id, struct deal_terms *t, char *cp_code, size_t n);
/* The deal's settlement account (sql/235) into account[n], "" when it settles in the default
 * account. 0, or -1. */
int deals_settlement_account(PGconn *c, int64_t id, char *account, size_t n);
/* Replace the deal's terms; it goes back to pending, its approval cleared, amended by `by` (user
 * id by_id) now; late_reason replaces the late reason when not NULL. 0 or -1. */
int deals_update_terms(PGconn *c, int64_t id, const struct deal_terms *t, const char *by, int64_t by_id,
                       const char *late_reason);

#endif
