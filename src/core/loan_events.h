/* loan_events.h: a loan as at a date, after the events recorded against it (repayments, LOBO
 * options: core/book.h struct loan_event), and its schedule with them. Pure computation, no I/O.
 *
 * Events dated on or before the date apply, in order:
 *   rate_change    the rate becomes the event's rate (interest, average rates from its date);
 *   repaid_at_par  the loan is gone;
 *   repaid         amount >= the principal outstanding on its date: the loan is gone; less: the
 *                  remaining schedule keeps its shape, scaled by (outstanding - amount) /
 *                  outstanding (principal' = principal x that ratio, to the penny), so for a
 *                  maturity loan the outstanding is exactly outstanding - amount.
 * A loan without events is returned unchanged, so every figure of a book without events is
 * exactly what it was. */
#ifndef PRUDENT_CORE_LOAN_EVENTS_H
#define PRUDENT_CORE_LOAN_EVENTS_H

#include <stdbool.h>

#include "core/book.h"
#include "core/schedule.h"

/* *out = l under the events dated on or before `at` (out may be l). Returns false when the loan
 * is gone by then (repaid in whole or at par): *out is then undefined. */
bool loan_as_at(const struct loan *l, date_t at, struct loan *out);

/* The schedule of l with its events: instalment k is instalment k of the loan as at the day
 * before its date (the terms it accrued under), dropped once the loan is gone. The events'
 * own repayments are not instalments. Returns the number written (at most schedule_count(l);
 * cap must be at least that), or -1 when cap is too small or an amount overflowed. */
int loan_schedule_build(const struct loan *l, struct instalment *out, int cap);

#endif
