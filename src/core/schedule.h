/* schedule.h: the repayment schedule of a loan (domain.md "Schedules"), pure computation.
 *
 * A loan of principal P from start S to maturity M has n = months(S, M) / 6 half-years.
 *   maturity: interest every 6 months from S (S+6, S+12 ... day clamped to month end), all
 *             principal at M;
 *   eip:      P/n principal on each S+6k (rounded to the penny, the last instalment takes the
 *             remainder so the total is exactly P), interest on the balance before it;
 *   annuity:  level payments P*i/(1-(1+i)^-n), i = rate/200, split into interest (balance * i,
 *             rounded) and principal; the last payment clears the balance to the penny.
 * Half-yearly interest is principal_outstanding * rate / 200 (core/rate.h interest_half_year).
 * When months(S, M) is not a multiple of 6 the last period is short and ends at M. */
#ifndef PRUDENT_CORE_SCHEDULE_H
#define PRUDENT_CORE_SCHEDULE_H

#include <stdbool.h>

#include "core/book.h"

struct instalment {
    date_t date;           /* nominal due date */
    money_t principal;     /* principal repaid on that date */
    money_t interest;      /* interest paid on that date */
    money_t balance_after; /* principal outstanding after it */
};

/* Number of instalments schedule_build will write for this loan (at least 1). */
int schedule_count(const struct loan *l);
/* Write the schedule into out (cap entries). Returns the number written, or -1 if cap is too
 * small or an amount overflowed. out is the caller's. */
int schedule_build(const struct loan *l, struct instalment *out, int cap);
/* Principal outstanding at date `at`: P less the principal instalments dated on or before it
 * (0 on or after maturity, P before the first instalment). */
money_t schedule_outstanding(const struct loan *l, date_t at);
/* A LOBO's next lender option date on or after `at` (option_date, then every option_months),
 * or DATE_NONE when the loan is not a LOBO or no option date remains before maturity. */
date_t lobo_next_option(const struct loan *l, date_t at);

#endif
