/* returns.h: the average balance of the deposits that earned interest over a period, and the
 * return they earned on it (the outturn report's "Average balance earning interest" and "Average
 * return"; docs/reports.md, Annex 6).
 *
 * Each deposit weighs principal x nights held in the period (pence-nights). Over a period of
 * `days` days (both ends included):
 *   average balance = sum(principal x nights) / days
 *   average return  = earned / (sum(principal x nights) / 365) x 100, in percent (ACT/365)
 * each rounded once, half away from zero, by money_muldiv (core/money.h), the single rounding
 * rule. Pure arithmetic on checked int64: an overflow is reported, never wrapped. No I/O. */
#ifndef PRUDENT_CORE_RETURNS_H
#define PRUDENT_CORE_RETURNS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/money.h"
#include "core/rate.h"

/* The benchmark: compounded SONIA over a period of `days` days from the Bank of England's SONIA
 * compounded index (series IUDZOS2, domain.md "Return against the benchmark"):
 *   (index_end / index_start - 1) x 365 / days, in percent (rate_t), rounded once by money_muldiv.
 * The indices are rate_t-scaled (millionths: 126.1234 is 126123400). False, leaving *out
 * untouched, when index_start is 0 or less, days is 0 or less, or a figure overflows. */
bool sonia_compounded(rate_t index_start, rate_t index_end, int64_t days, rate_t *out);

/* Accumulates the deposits; start from {0}. */
struct deposit_return {
    money_t weight;  /* sum of principal x nights: pence-nights */
    money_t earned;  /* sum of the interest earned in the period */
    bool overflow;   /* a sum overflowed: there is no figure */
};

/* Add one deposit: its principal, the nights of the period it was held and what it earned. */
void deposit_return_add(struct deposit_return *a, money_t principal, int64_t nights, money_t earned);

/* The average balance (pence) and the average return (rate_t, percent to 6 dp) over a period of
 * `days` days. False, leaving both untouched, when nothing was held (weight 0 or less), days is
 * 0 or less, or a sum or a figure overflowed. */
bool deposit_return_value(const struct deposit_return *a, int64_t days, money_t *balance,
                          rate_t *ret);

#endif
