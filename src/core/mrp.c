/* mrp.c: MRP schedules of tranches (see core/mrp.h for the methods and the rounding). */
#include "core/mrp.h"

#include <string.h>

static const char *const method_names[] = {"equal", "annuity", "reducing_4pct"};

const char *mrp_method_name(enum mrp_method m)
{
    return m >= MRP_EQUAL && m <= MRP_REDUCING_4PCT ? method_names[m] : "?";
}

bool mrp_method_parse(const char *s, enum mrp_method *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, method_names[i]) == 0) {
            *out = (enum mrp_method)i;
            return true;
        }
    return false;
}

#define FIX_SCALE 1000000000000000000LL /* 18 decimal places */
#define RATE_ONE (100 * RATE_SCALE)      /* a rate of 100%: r = rate / RATE_ONE */

/* The level annual payment repaying amount over life years at rate:
 * A = amount x r / (1 - (1+r)^-life), v^life = (1+r)^-life carried in fixed point. False when
 * the amount is too large for the arithmetic (over 10^12 pounds x 100% would be). */
static bool annuity_payment(money_t amount, rate_t rate, int life, money_t *out)
{
    if (rate == 0)
        return money_muldiv(amount, 1, life, out);
    __int128 v = FIX_SCALE; /* (1+r)^-k */
    for (int k = 0; k < life; k++)
        v = (v * RATE_ONE + (RATE_ONE + rate) / 2) / (RATE_ONE + rate);
    __int128 d = (__int128)FIX_SCALE - v; /* 1 - (1+r)^-life, scaled */
    if (d <= 0)
        return false;
    __int128 limit = ((__int128)1 << 125) / ((__int128)rate * FIX_SCALE);
    if (amount > limit)
        return false;
    __int128 num = (__int128)amount * rate * FIX_SCALE, den = (__int128)RATE_ONE * d;
    *out = (money_t)((num + den / 2) / den); /* amount, rate >= 0: half away from zero */
    return true;
}

static bool tranche_ok(const struct mrp_tranche *t)
{
    if (t->amount < 0 || t->rate < 0 || t->life < 0 || t->life > MRP_MAX_LIFE)
        return false;
    return t->method == MRP_REDUCING_4PCT || t->life >= 1;
}

int mrp_schedule(const struct mrp_tranche *t, int years, struct mrp_line *out, int cap)
{
    if (!tranche_ok(t) || years < 0)
        return -1;
    int n = years;
    if (t->life > 0 && t->life < n)
        n = t->life;
    if (n > cap)
        return -1;
    money_t level = 0;
    if (t->method == MRP_EQUAL && !money_muldiv(t->amount, 1, t->life, &level))
        return -1;
    if (t->method == MRP_ANNUITY && !annuity_payment(t->amount, t->rate, t->life, &level))
        return -1;
    money_t bal = t->amount;
    for (int k = 1; k <= n; k++) {
        money_t m = level;
        if (t->method == MRP_ANNUITY) {
            money_t interest;
            if (!money_muldiv(bal, t->rate, RATE_ONE, &interest))
                return -1;
            m = level - interest;
        } else if (t->method == MRP_REDUCING_4PCT && !money_muldiv(bal, 4, 100, &m)) {
            return -1;
        }
        bool last = t->method != MRP_REDUCING_4PCT && k == t->life;
        if (last || m > bal)
            m = bal; /* the last year takes what is left */
        if (m < 0)
            m = 0;
        out[k - 1] = (struct mrp_line){.year = t->year + k, .opening = bal, .mrp = m, .closing = bal - m};
        bal -= m;
    }
    return n;
}

int mrp_for_year(const struct mrp_tranche *t, int n, int year, money_t *out)
{
    struct mrp_line lines[MRP_MAX_LIFE];
    money_t sum = 0;
    for (int i = 0; i < n; i++) {
        int k = year - t[i].year;
        if (k < 1 || k > MRP_MAX_LIFE)
            continue;
        int got = mrp_schedule(&t[i], k, lines, MRP_MAX_LIFE);
        if (got < 0)
            return -1;
        if (got == k && !money_accumulate(&sum, lines[k - 1].mrp))
            return -1;
    }
    *out = sum;
    return 0;
}
