/* creditscore.c: value- and time-weighted credit score (see creditscore.h). */
#include "core/creditscore.h"

#include <math.h>
#include <string.h>

#include "core/rating.h"
#include "core/wam.h"

int credit_score_notch(double score)
{
    if (score <= 0)
        return 0;
    int n = (int)floor(score + 0.5);
    return n > NOTCH_LONG_WORST ? NOTCH_LONG_WORST : n;
}

int credit_score_compute(const struct investment *inv, const int *notch, int n, date_t as_of,
                         struct credit_score *out)
{
    memset(out, 0, sizeof *out);
    __int128 v_num = 0, t_num = 0, t_den = 0; /* exact sums of pence x notch (x days) */
    for (int k = 0; k < n; k++) {
        const struct investment *i = &inv[k];
        if (!investment_held(i, as_of) || i->type == INV_POOLED)
            continue;
        if (notch[k] <= 0) {
            if (!money_accumulate(&out->unrated, i->principal))
                return -1;
            continue;
        }
        int days = investment_days(i, as_of);
        if (!money_accumulate(&out->rated, i->principal))
            return -1;
        out->count++;
        v_num += (__int128)i->principal * notch[k];
        t_num += (__int128)i->principal * notch[k] * days;
        t_den += (__int128)i->principal * days;
    }
    int64_t weight = out->rated;
    if (weight > 0)
        out->value_weighted = (double)v_num / (double)weight;
    if (t_den > 0)
        out->time_weighted = (double)t_num / (double)t_den;
    out->value_notch = credit_score_notch(out->value_weighted);
    out->time_notch = credit_score_notch(out->time_weighted);
    return 0;
}
