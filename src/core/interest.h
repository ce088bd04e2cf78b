/* interest.h: interest on the book over a period [from, to] (both days included) and accrued at
 * a date (domain.md "Money, rates, dates"; docs/computations.md "Interest").
 *
 * Deposits earn ACT/365 Fixed simple interest for each night they are held: a deposit from S to
 * M is held the nights S .. M-1, so the nights of [from, to] it earns are
 *   max(0, min(M, to + 1) - max(S, from))        (open-ended deposits: M = to + 1),
 * and its interest in the period is principal x rate/100 x nights/365, rounded to the penny
 * once per deposit. Interest receivable in the period is the whole interest of each dated
 * deposit maturing in it (principal x rate/100 x (M - S)/365, paid at maturity). Interest
 * accrued at A is what a dated deposit outstanding at A has earned since S and not yet been
 * paid: principal x rate/100 x (A - S)/365. Interest payable on loans in the period is the
 * interest of every schedule instalment (core/schedule.h) dated in it. Pure computation. */
#ifndef PRUDENT_CORE_INTEREST_H
#define PRUDENT_CORE_INTEREST_H

#include "core/balance.h"
#include "core/book.h"

struct interest_summary {
    money_t earned;     /* deposits: interest earned over the period's nights */
    money_t receivable; /* deposits: interest paid at maturity for deals maturing in the period */
    money_t payable;    /* loans: interest of instalments dated in the period */
};

/* Nights of [from, to] a deposit is held (0 when none). */
int interest_nights(const struct investment *i, date_t from, date_t to);
/* Each returns 0 with the amount in *out, or -1 on overflow (or a schedule that could not be
 * built). */
int interest_earned(const struct investment *i, date_t from, date_t to, money_t *out);
int interest_receivable(const struct investment *i, date_t from, date_t to, money_t *out);
int interest_accrued(const struct investment *i, date_t at, money_t *out);
int interest_payable(const struct loan *l, date_t from, date_t to, money_t *out);
/* Accounts (call, mmf, notice, pooled) whose balance moves (core/balance.h): each night n of
 * [from, to] the account is held (from its start) earns its balance at n, the opening principal
 * plus the deposits and interest less the withdrawals dated on or before n, so a movement counts
 * from the night of its own date:
 *   earned = sum over the nights of balance(n) x rate/100 / 365, rounded to the penny once.
 * *balance_nights gets sum balance(n) (pence x nights; NULL: not wanted). With no movements of
 * the account among m[0..n-1] this is interest_earned. Returns 0, or -1 on overflow. */
int interest_earned_moving(const struct investment *i, const struct movement *m, int n, date_t from, date_t to,
                           money_t *out, int64_t *balance_nights);
/* The income of an account without a rate (a variable-yield mmf or pooled fund): the sum of
 * its `interest` movements dated in [from, to]. No rate is invented. Returns 0 or -1. */
int interest_income_movements(int64_t id, const struct movement *m, int n, date_t from, date_t to, money_t *out);
/* Totals over a book. Returns 0 or -1. */
int interest_period(const struct investment *inv, int ninv, const struct loan *loans, int nloans,
                    date_t from, date_t to, struct interest_summary *out);

#endif
