/* reconcile.c: matching a statement's lines to the expected flows (see reconcile.h). */
#include "core/reconcile.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *match_kind_name(enum match_kind k)
{
    static const char *const names[] = {"", "exact", "estimate"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "";
}

#define FAR_DAYS 62

int reconcile_business_days(const struct calendar *cal, date_t a, date_t b)
{
    if (b - a > FAR_DAYS || a - b > FAR_DAYS)
        return INT32_MAX;
    int sign = b >= a ? 1 : -1, n = 0;
    date_t lo = b >= a ? a : b, hi = b >= a ? b : a;
    for (date_t d = lo + 1; d <= hi; d++)
        if (calendar_is_business_day(cal, d))
            n++;
    return sign * n;
}

/* Whether needle (n bytes) occurs in hay ignoring case; as a whole word when word. */
static bool contains(const char *hay, const char *needle, size_t n, bool word)
{
    if (n == 0)
        return false;
    for (const char *p = hay; *p; p++) {
        size_t k = 0;
        while (k < n && p[k] && tolower((unsigned char)p[k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k < n)
            continue;
        if (!word || ((p == hay || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[n])))
            return true;
    }
    return false;
}

bool reconcile_mentions(const struct cash_flow *e, const char *text)
{
    if (contains(text, e->ref, strlen(e->ref), true))
        return true;
    if (e->source != CASH_FORECAST)
        return false;
    const char *colon = strstr(e->description, ": "); /* "category: description" (cash_item_flows) */
    size_t n = colon ? (size_t)(colon - e->description) : strlen(e->description);
    return contains(text, e->description, n, false);
}

/* Whether expected flow e may match line l in pass (1, 2 or 3). */
static bool candidate(int pass, const struct cash_flow *l, const char *text, const struct cash_flow *e)
{
    if (strcmp(l->account, e->account) != 0)
        return false;
    switch (pass) {
    case 1: return l->amount == e->amount && reconcile_mentions(e, text);
    case 2: return l->amount == e->amount;
    default:
        return e->source == CASH_FORECAST && (l->amount > 0) == (e->amount > 0) && l->amount != 0 &&
               reconcile_mentions(e, text);
    }
}

/* The best unmatched candidate for line i in pass, or -1. */
static int best(int pass, const struct cash_flow *l, const char *text, const struct cash_flow *expected, int ne,
                const bool *taken, const struct calendar *cal, int window, int *days)
{
    int pick = -1, pick_bd = 0;
    for (int j = 0; j < ne; j++) {
        if (taken[j] || !candidate(pass, l, text, &expected[j]))
            continue;
        int bd = reconcile_business_days(cal, expected[j].date, l->date);
        if (bd == INT32_MAX || abs(bd) > window)
            continue;
        if (pick < 0 || abs(bd) < abs(pick_bd) ||
            (abs(bd) == abs(pick_bd) && abs(expected[j].date - l->date) < abs(expected[pick].date - l->date))) {
            pick = j;
            pick_bd = bd;
        }
    }
    *days = pick_bd;
    return pick;
}

int reconcile_match(const struct cash_flow *lines, const char *const *text, int nl, const struct cash_flow *expected,
                     int ne, const struct calendar *cal, int window, struct reconcile_match *out)
{
    bool *taken = calloc((size_t)ne + 1, sizeof *taken);
    for (int i = 0; i < nl; i++)
        out[i] = (struct reconcile_match){-1, MATCH_NONE, 0};
    if (!taken)
        return -1;
    for (int pass = 1; pass <= 3; pass++)
        for (int i = 0; i < nl; i++) {
            if (out[i].expected >= 0)
                continue;
            int days, j = best(pass, &lines[i], text[i], expected, ne, taken, cal, window, &days);
            if (j < 0)
                continue;
            taken[j] = true;
            out[i] = (struct reconcile_match){j, pass == 3 ? MATCH_ESTIMATE : MATCH_EXACT, days};
        }
    free(taken);
    return 0;
}
