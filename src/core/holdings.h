/* holdings.h: which investments are held at an as-of date, and their days to maturity, the one
 * definition the portfolio (and any other view of holdings) uses. Pure computation.
 *
 * At as-of A an investment is held when start <= A < maturity (dated instruments) or start <= A
 * (notice, call, mmf, pooled: no maturity). Cancelled deals are never held. */
#ifndef PRUDENT_CORE_HOLDINGS_H
#define PRUDENT_CORE_HOLDINGS_H

#include <stdbool.h>

#include "core/book.h"

bool investment_held(const struct investment *v, date_t as_of);
/* Days to maturity at A: maturity - A for dated instruments, notice_days for notice accounts,
 * 0 for call accounts and money market funds, -1 (no maturity: reported as null) for pooled
 * funds. */
int investment_days(const struct investment *v, date_t as_of);

#endif
