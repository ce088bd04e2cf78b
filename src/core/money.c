/* money.c: parsing, formatting and checked arithmetic of pence amounts (see money.h). */
#include "core/money.h"

#include <string.h>

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Parse the integer pounds part, with or without thousands separators. Sets *end past it. */
static bool parse_pounds(const char *s, const char **end, int64_t *pounds, const char **why)
{
    int64_t v = 0;
    int digits = 0, group = 0;
    bool grouped = false;
    const char *p = s;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (v > (INT64_MAX / 100 - 9) / 10) {
                *why = "amount is too large";
                return false;
            }
            v = v * 10 + (*p - '0');
            digits++;
            group++;
        } else if (*p == ',') {
            if (digits == 0 || (grouped ? group != 3 : group > 3)) {
                *why = "thousands separators are misplaced";
                return false;
            }
            grouped = true;
            group = 0;
        } else {
            break;
        }
    }
    if (digits == 0) {
        *why = "no digits";
        return false;
    }
    if (grouped && group != 3) {
        *why = "thousands separators are misplaced";
        return false;
    }
    *end = p;
    *pounds = v;
    return true;
}

bool money_parse(const char *s, money_t *out, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    if (!s) {
        *why = "empty";
        return false;
    }
    const char *p = skip_blanks(s);
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA3) /* £ in UTF-8 */
        p += 2;
    if (*p == '\0') {
        *why = "empty";
        return false;
    }
    int64_t pounds, pence = 0;
    if (!parse_pounds(p, &p, &pounds, why))
        return false;
    if (*p == '.') {
        p++;
        int n = 0;
        while (*p >= '0' && *p <= '9') {
            if (++n > 2) {
                *why = "more than two decimal places";
                return false;
            }
            pence = pence * 10 + (*p - '0');
            p++;
        }
        if (n == 0) {
            *why = "no digits after the decimal point";
            return false;
        }
        if (n == 1)
            pence *= 10;
    }
    p = skip_blanks(p);
    if (*p != '\0') {
        *why = "unexpected character";
        return false;
    }
    int64_t v = pounds * 100 + pence; /* cannot overflow: parse_pounds bounded pounds */
    *out = neg ? -v : v;
    return true;
}

char *money_format(money_t m, int flags, char *buf)
{
    char digits[24];
    int n = 0;
    /* Work on the magnitude as unsigned so MONEY_MIN style values format safely. */
    uint64_t mag = m < 0 ? (uint64_t)(-(m + 1)) + 1 : (uint64_t)m;
    uint64_t pounds = mag / 100;
    unsigned pence = (unsigned)(mag % 100);
    do {
        digits[n++] = (char)('0' + pounds % 10);
        pounds /= 10;
    } while (pounds);

    char *p = buf;
    if (m < 0)
        *p++ = '-';
    if (flags & MONEY_POUND) {
        *p++ = (char)0xC2;
        *p++ = (char)0xA3;
    }
    for (int i = n - 1; i >= 0; i--) {
        *p++ = digits[i];
        if ((flags & MONEY_GROUPED) && i > 0 && i % 3 == 0)
            *p++ = ',';
    }
    *p++ = '.';
    *p++ = (char)('0' + pence / 10);
    *p++ = (char)('0' + pence % 10);
    *p = '\0';
    return buf;
}

static bool in_range(__int128 v)
{
    return v >= MONEY_MIN && v <= MONEY_MAX;
}

bool money_add(money_t a, money_t b, money_t *out)
{
    __int128 v = (__int128)a + b;
    if (!in_range(v))
        return false;
    *out = (money_t)v;
    return true;
}

bool money_sub(money_t a, money_t b, money_t *out)
{
    __int128 v = (__int128)a - b;
    if (!in_range(v))
        return false;
    *out = (money_t)v;
    return true;
}

bool money_mul(money_t a, int64_t k, money_t *out)
{
    __int128 v = (__int128)a * k;
    if (!in_range(v))
        return false;
    *out = (money_t)v;
    return true;
}

bool money_muldiv(money_t a, int64_t num, int64_t den, money_t *out)
{
    if (den == 0)
        return false;
    __int128 n = (__int128)a * num;
    __int128 d = den;
    if (d < 0) {
        n = -n;
        d = -d;
    }
    bool neg = n < 0;
    unsigned __int128 mag = neg ? (unsigned __int128)(-n) : (unsigned __int128)n;
    unsigned __int128 q = mag / (unsigned __int128)d, r = mag % (unsigned __int128)d;
    if (r * 2 >= (unsigned __int128)d) /* half away from zero */
        q++;
    if (q > (unsigned __int128)MONEY_MAX)
        return false;
    *out = neg ? -(money_t)q : (money_t)q;
    return true;
}

bool money_accumulate(money_t *sum, money_t a)
{
    return money_add(*sum, a, sum);
}
