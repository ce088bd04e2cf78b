/* balance.h: the balance of an account (a call, MMF, notice or pooled investment) at a date,
 * from its opening principal and its movements (interfaces.md "The book over time"; domain.md
 * "Accounts and movements"). Pure: no I/O.
 *
 * The balance at A = opening principal + deposits + interest - withdrawals dated on or before A.
 * A valuation does not change the amount invested: the value at A is the latest valuation on or
 * before A (none before the first). An account whose balance is zero at A is not held at A. */
#ifndef PRUDENT_CORE_BALANCE_H
#define PRUDENT_CORE_BALANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/book.h"

enum move_kind { MOVE_DEPOSIT, MOVE_WITHDRAWAL, MOVE_INTEREST, MOVE_VALUATION, MOVE_KIND_COUNT };

struct movement {
    int64_t investment_id;
    date_t date;
    enum move_kind kind;
    money_t amount; /* > 0 */
};

/* "deposit", ... (the names of files, JSON and the database). */
const char *move_kind_name(enum move_kind k);
/* Parse a name; false when s is none of them. */
bool move_kind_parse(const char *s, enum move_kind *out);

/* The signed change m makes to the amount invested: +amount for a deposit or interest,
 * -amount for a withdrawal, 0 for a valuation. */
money_t movement_change(const struct movement *m);
/* The first index of account id's run in m[0..n) (ordered by investment), and its length in
 * *len (0, and the index where it would be, when it has none). */
int movements_run(int64_t id, const struct movement *m, int n, int *len);

/* The balance at `at` of an account opened with `opening` on `start`, given n movements (any
 * order; only those whose investment_id is id count; DATE_NONE for `at` counts all). 0 before
 * start. Returns 0, or -1 when the sum overflows. */
int account_balance_at(int64_t id, date_t start, money_t opening, const struct movement *m, int n, date_t at,
                       money_t *out);

/* The latest valuation of account id dated on or before `at`: true with *out set, or false when
 * there is none. Two valuations on the same date: the later in the array. */
bool account_value_at(int64_t id, const struct movement *m, int n, date_t at, money_t *out);

/* Never below zero on any date: walk the movements of account id in date order (the caller
 * sorts m by date; same-date movements are taken together, so a deposit and a withdrawal of the
 * same day net off). Returns -1 when the balance stays at or above zero on every date; otherwise
 * the index in m of the first movement on the first date where it falls below zero, with that
 * date's closing balance in *low (when low is not NULL). -2 on overflow. */
int account_first_overdraw(int64_t id, money_t opening, const struct movement *m, int n, money_t *low);

/* Apply balances at `at` to an array of investments: each account with movements among m gets
 * principal = its balance at at; one whose balance is zero (or that has no balance yet) is
 * removed from the array (not held at at). A dated deal's movements are its early repayments
 * (sql/100 deal_repayments, read as withdrawals): its principal at `at` = principal - the
 * repayments dated on or before at, and one repaid whole is not held from the repayment's date.
 * A dated deal without movements is left alone. *ninv is updated; the
 * array is compacted in place, keeping its order. m need not be sorted. Returns 0, or -1 on
 * overflow (the array is then unchanged). */
int investments_at(struct investment *inv, int *ninv, const struct movement *m, int n, date_t at);

/* A dated deal with early repayments among m, as the pieces interest is computed on (core/
 * interest.h): each repayment of amount R on date D is a piece of principal R held from the
 * deal's start to D, and what was never repaid a piece to the deal's maturity (left out when
 * nothing remains). So interest falls only from each repayment's date. Writes up to (the
 * number of v's withdrawals among m) + 1 pieces into out (the caller's array); an account, or a
 * deal without repayments, is one piece: v itself. Returns the count, or -1 on overflow. */
int investment_pieces(const struct investment *v, const struct movement *m, int n, struct investment *out);

#endif
