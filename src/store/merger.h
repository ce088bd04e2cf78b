/* merger.h: mergers of authorities on a vesting day in PostgreSQL (sql/215_mergers.sql): the
 * lock, what the merger's checks read, and writing the merger, its predecessors with the heads
 * of their audit trails, and one transfer per holding moved. Each runs in the caller's
 * transaction; the rules and the answers are service/merger.c's. Functions return 0 (or the
 * count or flag said), or -1 after printing why. Nothing returned needs freeing. */
#ifndef PRUDENT_STORE_MERGER_H
#define PRUDENT_STORE_MERGER_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/book.h"
#include "store/authority.h"

/* Lock the authorities ids[0..n) (their rows, in id order) for the merger's transaction. */
int merger_lock(PGconn *c, const int64_t *ids, int n);

/* The merger authority_id is already part of, as a predecessor or as the successor: 1 with the
 * successor's code in succ and the vesting day in *on, 0 none. */
int merger_of(PGconn *c, int64_t authority_id, char succ[AUTHORITY_CODE_MAX], date_t *on);

/* The first deal or loan (not cancelled) of authority_id starting on or after `on`: 1 with its
 * ref and start date, 0 none. */
int merger_late_booking(PGconn *c, int64_t authority_id, date_t on, char ref[REF_MAX], date_t *start);

/* Insert the merger of the successor on `on`; its id into *id. */
int merger_insert(PGconn *c, int64_t successor_id, date_t on, const char *by, int64_t *id);

/* Record authority_id as a predecessor of merger id, with the latest row of its audit trail now
 * (its seq into *seq and hash, hex, into hash; 0 and "" when it has none). */
int merger_add_predecessor(PGconn *c, int64_t id, int64_t authority_id, int64_t *seq, char hash[65]);

/* One transfer: the holding (kind "investment" or "loan", its row's id; "cash_item", the item's
 * number) moves from `from` to `to` on `on`, under ref. */
int merger_transfer(PGconn *c, int64_t merger_id, const char *kind, int64_t holding_id, int64_t from,
                    int64_t to, date_t on, const char *ref, const char *by);

/* The numbers of the forecast items (coalesce(origin, id), sql/195) of authority_id live on the
 * vesting day `on` (dated on or after it, or repeating past it), into *numbers (the caller frees
 * it). Returns how many, or -1. */
int merger_cash_items(PGconn *c, int64_t authority_id, date_t on, int64_t **numbers);

/* A bank account a merger moves: its first row's id and its code. */
struct merger_account {
    int64_t id;
    char code[CODE_MAX];
};

/* The bank accounts of authority_id (each once, by code), into *out (the caller frees it);
 * returns how many, or -1. */
int merger_bank_accounts(PGconn *c, int64_t authority_id, struct merger_account **out);

/* The transfer of bank account acc of `from` to `to` on `on`, under code `as` (sql/270). */
int merger_transfer_account(PGconn *c, int64_t merger_id, const struct merger_account *acc, int64_t from,
                            int64_t to, date_t on, const char *as, const char *by);

/* The merger whose successor is successor_id: 1 with its vesting day in *on and its
 * predecessors, ordered by code, in a new array *preds (the caller frees it) of *n; 0 when
 * there is none. */
int merger_predecessors_of(PGconn *c, int64_t successor_id, date_t *on, struct authority **preds, int *n);

#endif
