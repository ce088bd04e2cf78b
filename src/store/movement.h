/* movement.h: reading the movements of accounts (table movements, sql/080) and the accounts
 * they may belong to, for the book loader (store/book.c) and `prudent import movements`
 * (ingest/import_movements.c). Only current movements are read: those no later row supersedes. */
#ifndef PRUDENT_STORE_MOVEMENT_H
#define PRUDENT_STORE_MOVEMENT_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/balance.h"

/* One investment of the authority by ref, for checking a movement against it. */
struct account_ref {
    char ref[REF_MAX];
    int64_t id;
    enum inv_type type;
    enum deal_status status;
    date_t start;
    money_t principal; /* the opening balance */
};

/* Every investment of authority_id ordered by ref (bytewise, for bsearch with strcmp) into *out
 * (a new array the caller frees). Returns the count, or -1 after printing why. */
int account_refs_load(PGconn *c, int64_t authority_id, struct account_ref **out);

/* The current movements of the authorities ids[0..n) dated on or before upto (DATE_NONE: all),
 * with the current early repayments of dated deals as withdrawals (view book_movements, sql/100),
 * ordered by authority, investment, date, id, into *out (a new array the caller frees); with
 * owner not NULL, *owner gets a parallel new array of each movement's authority id, and with
 * notes not NULL, *notes a parallel new array of new strings (free each, then the array).
 * Returns the count, or -1 after printing why. */
int movements_load(PGconn *c, const int64_t *ids, int n, date_t upto, struct movement **out, int64_t **owner,
                   char ***notes);
/* One authority's movements dated since..upto (both included), ordered as movements_load's. */
int movements_load_between(PGconn *c, int64_t authority_id, date_t since, date_t upto, struct movement **out);
/* movements_load_between of an authority no merger moved an investment into (no holding_transfers
 * row of kind investment to it: its own rows only), over since..upto: one view read, not two,
 * half the planning of each forecast's read, and a plan kept per connection after its first five
 * runs (the bounds as subqueries). Either bound DATE_NONE: movements_load_between. */
int movements_load_own_between(PGconn *c, int64_t authority_id, date_t since, date_t upto, struct movement **out);
/* The same for the authorities ids[0..n) in one query (recompute's cash rule, a chunk at once),
 * with *owner a parallel new array of each movement's authority id (both arrays the caller's). */
int movements_load_between_many(PGconn *c, const int64_t *ids, int n, date_t since, date_t upto,
                                struct movement **out, int64_t **owner);

/* What a book at ONE date needs of its movements, summed in the database (docs/performance.md):
 * for each holding of authority_id with movements dated on or before `at`, one movement dated
 * `at` of their net change (a deposit, or a withdrawal when negative; valuations count 0), and
 * its latest valuation on or before `at` (when any). investments_at and account_value_at at
 * `at` give on these exactly what they give on every movement; nothing else may read them (a
 * period's interest, cash flows). Read from the month sums of sql/230 (the months before `at`'s
 * month) and the rows of `at`'s month, not from the whole history. Ordered by investment, into
 * *out (a new array the caller frees). Returns the count, or -1 after printing why. */
int movements_load_net(PGconn *c, int64_t authority_id, date_t at, struct movement **out);
/* movements_load_net for the authorities ids[0..nids) at once, ordered by holder then investment;
 * with owner not NULL, *owner a parallel new array of each row's holder (the authority whose book
 * it belongs to). */
int movements_load_net_many(PGconn *c, const int64_t *ids, int nids, date_t at, struct movement **out,
                            int64_t **owner);
/* The same for the holdings ids[0..n) whoever holds them (a ratings import's affected deals,
 * service/rating_reach.h): owners[0..nowners) are the authorities their rows may be entered
 * under (each holding's own authority and, after a merger, its successor). Ordered by
 * investment. Returns the count, or -1 after printing why. */
int movements_load_net_of(PGconn *c, const int64_t *ids, int n, const int64_t *owners, int nowners, date_t at,
                          struct movement **out);

#endif
