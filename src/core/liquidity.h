/* liquidity.h: cash available within 3 months at an as-of date A (domain.md, "liquidity"):
 * the principal of outstanding call accounts and money market funds, notice accounts with
 * notice_days <= 90, and dated investments maturing within 90 days of A (maturity - A <= 90).
 * Pooled funds are left out (their redemption price is not known in advance). Also the
 * principal invested for longer than 364 days: dated investments with maturity - A > 364 days
 * and notice accounts with notice_days > 364. Pure computation. */
#ifndef PRUDENT_CORE_LIQUIDITY_H
#define PRUDENT_CORE_LIQUIDITY_H

#include "core/book.h"

#define LIQUIDITY_DAYS 90
#define LONG_TERM_DAYS 364

/* Each returns 0 with the total in *out, or -1 when it overflowed. */
int liquidity_within_3m(const struct investment *inv, int n, date_t as_of, money_t *out);
int invested_over_364_days(const struct investment *inv, int n, date_t as_of, money_t *out);

#endif
