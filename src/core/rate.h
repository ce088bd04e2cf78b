/* rate.h: interest rates in percent, exact to 6 decimal places, as int64 millionths of a percent.
 *
 * 6.3722% is 6372200. Pure functions, no I/O. Also the interest formulas of domain.md, which
 * combine a money_t, a rate_t and a day count with the single rounding rule of money_muldiv. */
#ifndef PRUDENT_CORE_RATE_H
#define PRUDENT_CORE_RATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/money.h"

typedef int64_t rate_t; /* millionths of a percent */

#define RATE_SCALE 1000000LL /* 1% */
#define RATE_BUFSZ 32

/* Parse "6.3722", "0.5%", "-0.1", "5" (up to 6 decimals, -100..1000 percent). */
bool rate_parse(const char *s, rate_t *out, const char **why);
/* Format with exactly `decimals` decimals (0..6), rounded half away from zero. Returns buf. */
char *rate_format(rate_t r, int decimals, char *buf);

/* ACT/365 Fixed simple interest, principal * rate/100 * days/365, rounded to the penny once. */
bool interest_act365(money_t principal, rate_t rate, int64_t days, money_t *out);
/* One half-year of PWLB interest: principal * rate/200, rounded to the penny. */
bool interest_half_year(money_t principal, rate_t rate, money_t *out);

/* Accumulates the principal-weighted average rate: sum(principal * rate) / sum(principal). */
struct rate_avg {
    __int128 weighted; /* sum of pence * millionths */
    __int128 weight;   /* sum of pence */
};
void rate_avg_add(struct rate_avg *a, money_t principal, rate_t rate);
/* The average, rounded half away from zero to a whole millionth; 0 when there is no weight. */
rate_t rate_avg_value(const struct rate_avg *a);

#endif
