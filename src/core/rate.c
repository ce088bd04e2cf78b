/* rate.c: exact percentages and the interest formulas (see rate.h). */
#include "core/rate.h"

#include <stdio.h>
#include <string.h>

bool rate_parse(const char *s, rate_t *out, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    if (!s) {
        *why = "empty";
        return false;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    bool neg = false;
    if (*s == '-' || *s == '+') {
        neg = *s == '-';
        s++;
    }
    int64_t whole = 0, frac = 0;
    int nwhole = 0, nfrac = 0;
    while (*s >= '0' && *s <= '9') {
        if (++nwhole > 4) {
            *why = "rate is out of range";
            return false;
        }
        whole = whole * 10 + (*s++ - '0');
    }
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9') {
            if (++nfrac > 6) {
                *why = "more than six decimal places";
                return false;
            }
            frac = frac * 10 + (*s++ - '0');
        }
    }
    if (nwhole + nfrac == 0) {
        *why = "no digits";
        return false;
    }
    if (*s == '%')
        s++;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s) {
        *why = "unexpected character";
        return false;
    }
    for (int i = nfrac; i < 6; i++)
        frac *= 10;
    rate_t r = whole * RATE_SCALE + frac;
    if (neg)
        r = -r;
    if (r < -100 * RATE_SCALE || r > 1000 * RATE_SCALE) {
        *why = "rate is out of range";
        return false;
    }
    *out = r;
    return true;
}

char *rate_format(rate_t r, int decimals, char *buf)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    int64_t unit = 1;
    for (int i = decimals; i < 6; i++)
        unit *= 10;
    int64_t mag = r < 0 ? -r : r;
    int64_t q = mag / unit, rem = mag % unit;
    if (rem * 2 >= unit)
        q++;
    int64_t div = RATE_SCALE / unit;
    const char *sign = (r < 0 && q != 0) ? "-" : "";
    if (decimals == 0)
        snprintf(buf, RATE_BUFSZ, "%s%lld", sign, (long long)q);
    else
        snprintf(buf, RATE_BUFSZ, "%s%lld.%0*lld", sign, (long long)(q / div), decimals,
                 (long long)(q % div));
    return buf;
}

bool interest_act365(money_t principal, rate_t rate, int64_t days, money_t *out)
{
    /* principal * (rate / (100 * 1e6)) * days / 365 in one exact step */
    __int128 num = (__int128)rate * days;
    if (num > INT64_MAX || num < -INT64_MAX) {
        return false;
    }
    return money_muldiv(principal, (int64_t)num, 100LL * RATE_SCALE * 365, out);
}

bool interest_half_year(money_t principal, rate_t rate, money_t *out)
{
    return money_muldiv(principal, rate, 200LL * RATE_SCALE, out);
}

void rate_avg_add(struct rate_avg *a, money_t principal, rate_t rate)
{
    a->weighted += (__int128)principal * rate;
    a->weight += principal;
}

rate_t rate_avg_value(const struct rate_avg *a)
{
    if (a->weight == 0)
        return 0;
    __int128 n = a->weighted, d = a->weight;
    if (d < 0) {
        n = -n;
        d = -d;
    }
    bool neg = n < 0;
    if (neg)
        n = -n;
    __int128 q = n / d, r = n % d;
    if (r * 2 >= d)
        q++;
    return (rate_t)(neg ? -q : q);
}
