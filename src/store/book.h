/* book.h: loading an authority's book from PostgreSQL into the core structs of core/book.h.
 *
 * Everything not cancelled is loaded (pending deals count in exposure); core functions filter
 * by the as-of date. Counterparties are the shared universe.
 *
 * Accounts (call, mmf, notice, pooled) move: the one place where an investment's principal at a
 * date A is decided is investments_at (core/balance.h), applied here by every loader given a
 * date (book_load_at, and book_load_with / book_load_many with held_at): an account's principal
 * is then its balance at A, and an account whose balance is zero at A is left out. */
#ifndef PRUDENT_STORE_BOOK_H
#define PRUDENT_STORE_BOOK_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/balance.h"
#include "core/book.h"

struct book {
    struct counterparty *cps; /* all counterparties, ordered by code */
    int ncps;
    bool cps_borrowed;        /* cps belongs to someone else (book_load_with): not freed here */
    struct investment *inv;   /* the authority's investments, status pending or confirmed */
    int ninv;
    struct loan *loans;       /* the authority's loans, status pending or confirmed */
    int nloans;
    struct movement *moves;   /* the accounts' current movements (by investment, date); see loaders */
    int nmoves;
    struct loan_event *loan_events; /* their events not superseded (sql/090), by loan then date;
                                     * each loan's events/nevents point into this */
    int nloan_events;
    struct held_window *windows; /* book_load/book_load_at: the holdings a merger moved in or out */
    int nwindows;
};

/* When the authority held a holding a merger moved (sql/215): from the day it came in, or to the
 * day before it went out (DATE_NONE: no bound). A figure over a period counts such a holding only
 * within its window (book_held_within). */
struct held_window {
    int64_t id;   /* the investment's or loan's id */
    bool loan;
    date_t from, until;
};

/* Fill *out (zeroed first). Returns 0, or -1 after printing why. The arrays belong to *out:
 * release them with book_free. */
int book_load(PGconn *c, int64_t authority_id, struct book *out);
void book_free(struct book *b);
/* What the cash-flow forecast over from..to reads (core/cashflow.h cash_book_flows): the loans
 * as book_load, only the investments whose flows can fall in from..to (every account, and the
 * dated deals not matured before it nor starting after it), no counterparty, and only the
 * movements dated from..to (a decade of an account's daily history, or of matured deals, is not
 * loaded to forecast its coming year). */
int book_load_flows(PGconn *c, int64_t authority_id, date_t from, date_t to, struct book *out);
/* What a forecast reads (views/cash.c): book_load_flows, except that outside a memo scope
 * (store/book_memo.h) each investment is read without its status and notice days (status left
 * DEAL_PENDING, notice_days -1), which no forecast reads: fewer columns shipped for the window's
 * thousands of rows. Inside a scope it is book_load_flows (the build's other views share it). */
int book_load_forecast(PGconn *c, int64_t authority_id, date_t from, date_t to, struct book *out);
/* book_load_flows for the authorities ids[0..n-1] at once, into out[0..n-1] (each exactly what
 * book_load_flows gives that authority: the same rows in the same order), in five queries
 * however many authorities (recompute's cash rule reads a chunk's windows so). Returns 0 or -1
 * (then nothing is left to free). */
int book_load_flows_many(PGconn *c, const int64_t *ids, int n, date_t from, date_t to, struct book *out);
/* book_load_many (held_at a date) into held[0..n-1] and book_load_flows_many (from..to) into
 * flows[0..n-1] for the same authorities, each book exactly what that loader gives, with the
 * investments of both read in one statement (recompute: the deals held at the date and those of
 * the cash rule's window after it are mostly the same). Returns 0 or -1 (then nothing is left to
 * free). */
int book_load_held_flows_many(PGconn *c, const int64_t *ids, int n, struct counterparty *cps, int ncps,
                              date_t held_at, date_t from, date_t to, struct book *held, struct book *flows);
/* book_load, then every account's principal as its balance at as_of and the accounts empty at
 * as_of left out (investments_at). b->moves holds, per holding, its net movement up to as_of and
 * its latest valuation then (store/movement.h movements_load_net): enough for investments_at
 * and account_value_at at as_of, and nothing else (a period's interest loads with book_load_period). */
int book_load_at(PGconn *c, int64_t authority_id, date_t as_of, struct book *out);
/* What a period's interest from..to reads (views/interest.c), without the decade before it:
 * the loans as book_load, the investments as book_load_flows (the dated deals not matured a
 * month before `from` nor started a month after `to`, every account: no other can earn, be
 * receivable or accrue in the period; in a memo scope, book_load's, shared with the build's other
 * views), no counterparty, and in b->moves, per holding (by investment), its net movement up to
 * from - 1 dated that day with its latest valuation then (movements_load_net; in a memo scope the
 * book at from - 1's when kept), then each of its movements dated from on. A balance on or after `from`,
 * the changes within the period, the interest movements in it and whether an account has any
 * movement are then what the whole history gives; a dated deal's rows before `from` are its
 * early repayments (withdrawals only), so its pieces (core/balance.h investment_pieces) earn,
 * are receivable and accrue in the period as with each repayment apart. Not memoised. */
int book_load_period(PGconn *c, int64_t authority_id, date_t from, date_t to, struct book *out);
/* The same, except that the counterparties are not loaded: b->cps borrows cps (which must
 * outlive the book), loans are loaded only when `loans` is true, and when held_at is a date only
 * the investments held then (started on or before it and not matured: all that a lending list
 * or the indicators at that date read), each account at its balance then (investments_at; no
 * movement after held_at is loaded). Without held_at every movement is in out->moves and no
 * balance is applied: the caller applies investments_at at its date. */
int book_load_with(PGconn *c, int64_t authority_id, struct counterparty *cps, int ncps, bool loans,
                   date_t held_at, struct book *out);
/* book_load_with (loans included) for the authorities ids[0..n-1] at once, into out[0..n-1]:
 * two queries in all. Returns 0 or -1 (then nothing is left to free). */
int book_load_many(PGconn *c, const int64_t *ids, int n, struct counterparty *cps, int ncps, date_t held_at,
                   struct book *out);
/* Narrow [*from, *to] to the days the book's authority held the investment (loan false) or loan
 * id: unchanged unless a merger moved it in or out. *from > *to when it held it on none. */
void book_held_within(const struct book *b, bool loan, int64_t id, date_t *from, date_t *to);
/* Row i of a query with the columns of store/book.c's INVESTMENT_TEXT (id, ref, type,
 * counterparty_id, principal, rate, start_date, maturity_date, notice_days, status,
 * settlement_account) into *v. Returns 0, or -1 after printing which value cannot be read. */
int book_read_investment(const PGresult *r, int i, struct investment *v);
/* order[0..n) := the indexes of refs[0..n) in the order of the refs by strcmp (byte by byte, as
 * PostgreSQL's "C" collation orders text), equal refs in their own order. */
void book_order_by_ref(const char *const *refs, int n, int *order);
/* ids as a bigint[] literal ("{1,2,3}") in a new string *out the caller frees. */
void db_id_array(const int64_t *ids, int n, char **out);
/* Every counterparty, ordered by code, into a new array *cps the caller frees. Returns 0 or -1. */
int book_load_counterparties(PGconn *c, struct counterparty **cps, int *ncps);
/* The counterparty with this id, or NULL. Borrowed from the book. */
const struct counterparty *book_counterparty(const struct book *b, int64_t id);

#endif
