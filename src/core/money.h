/* money.h: amounts of pounds and pence held exactly as checked int64 pence.
 *
 * Every amount in prudent is a money_t. Nothing here allocates or does I/O. Arithmetic that could
 * overflow returns false and leaves *out untouched, so an overflow is reported, never wrapped.
 * Rounding is always half away from zero, to the penny, in exactly one place (money_muldiv). */
#ifndef PRUDENT_CORE_MONEY_H
#define PRUDENT_CORE_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t money_t; /* pence */

#define MONEY_MAX INT64_MAX
#define MONEY_MIN (-INT64_MAX) /* symmetric, so negation never overflows */

/* Longest text money_format can produce, with the terminating NUL. */
#define MONEY_BUFSZ 40

/* Parse "5000000", "5000000.00", "5,000,000.00", "£5,000,000", "-1.5" (surrounding blanks are
 * ignored). On failure returns false and, if why is not NULL, points *why at a static reason. */
bool money_parse(const char *s, money_t *out, const char **why);

/* Formatting flags for money_format. */
enum {
    MONEY_PLAIN = 0,     /* 5000000.00 */
    MONEY_GROUPED = 1,   /* 5,000,000.00 */
    MONEY_POUND = 2,     /* £5000000.00 (with GROUPED: £5,000,000.00) */
};

/* Write the amount into buf (at least MONEY_BUFSZ bytes) and return buf. */
char *money_format(money_t m, int flags, char *buf);

bool money_add(money_t a, money_t b, money_t *out);
bool money_sub(money_t a, money_t b, money_t *out);
/* a * k for an integer k (a count, a number of days). */
bool money_mul(money_t a, int64_t k, money_t *out);
/* round_half_away(a * num / den); den must not be 0. The single rounding rule of prudent. */
bool money_muldiv(money_t a, int64_t num, int64_t den, money_t *out);
/* Accumulate into *sum; returns false (sum unchanged) on overflow. */
bool money_accumulate(money_t *sum, money_t a);

/* Pounds and pence as a whole number of pounds, for display in millions etc. */
static inline int64_t money_whole_pounds(money_t m)
{
    return m / 100;
}

#endif
