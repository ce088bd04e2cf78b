/* maturity.h: the maturity structure of borrowing (domain.md "Borrowing and prudential
 * indicators", docs/computations.md): the principal outstanding at the as-of date A, split into
 * the strategy's bands of time to repayment measured from a reference date R (default A).
 *
 *   - a loan counts when it started on or before A and has principal outstanding at A;
 *   - maturity loans count all their outstanding principal at the maturity date;
 *   - EIP and annuity loans count each principal instalment due after A at its own date;
 *   - a LOBO counts all its outstanding principal at its next option date on or after the later
 *     of A and R (an option date on A counts in the first band); with no option date left before
 *     maturity it counts like any other loan;
 *   - time to repayment is whole months from R (date_months_between); a date before R counts 0.
 * Pure computation over schedules (core/schedule.h). */
#ifndef PRUDENT_CORE_MATURITY_H
#define PRUDENT_CORE_MATURITY_H

#include "core/book.h"
#include "core/strategy.h"

struct maturity_result {
    money_t total;                        /* principal outstanding at A */
    int nbands;                           /* as the strategy's */
    money_t band[STRATEGY_MAX_BANDS];     /* principal per band */
    double percent[STRATEGY_MAX_BANDS];   /* band / total x 100, unrounded (0 when total is 0) */
};

/* Started on or before as_of (a loan starting after it is not yet debt). */
int loan_started(const struct loan *l, date_t as_of);
/* Split the loans' outstanding principal into s's bands. Returns 0, or -1 when an amount
 * overflowed or a loan's schedule could not be built. */
int maturity_structure(const struct loan *loans, int n, date_t as_of, date_t reference,
                       const struct strategy *s, struct maturity_result *out);

#endif
