/* cash_low.h: the low point of a cash-flow forecast (domain.md "Cash-flow forecast"; docs/cash.md
 * "The low point and forecast liquidity"), pure computation: over the days from..to, the lowest
 * closing balance and its first day, the days that close below the minimum balance, the days
 * covered (from `from`, the days before the first one closing below the minimum) and the
 * shortfall (the minimum less the lowest balance, 0 when the balance never falls below it).
 * These are the forecast-based liquidity figures of the indicators view and the reports.
 *
 * Ownership: everything is the caller's. */
#ifndef PRUDENT_CORE_CASH_LOW_H
#define PRUDENT_CORE_CASH_LOW_H

#include "core/cashflow.h"

/* The 13 weeks the forecast-based liquidity looks ahead: the as-of day and the 90 after it. */
#define CASH_LOW_DAYS 91

struct cash_low {
    date_t from, to;
    money_t lowest;      /* the lowest closing balance of a day from..to */
    date_t lowest_date;  /* its first day */
    int days_below;      /* days closing below the minimum */
    int days_covered;    /* days from `from` before the first closing below the minimum (all: none) */
    money_t shortfall;   /* minimum - lowest when positive, else 0 */
};

/* The low point of the balance that starts at `opening` (the close of the day before from) and
 * moves by the flows fs (sorted by date; those outside from..to are ignored). Returns 0, or -1
 * on overflow or when from > to. */
int cash_low_point(date_t from, date_t to, money_t opening, money_t minimum, const struct cash_flows *fs,
                   struct cash_low *out);

#endif
