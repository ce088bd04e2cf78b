/* wam.c: weighted average maturity (see wam.h). */
#include "core/wam.h"

#include <string.h>

static int add(struct wam_line *l, money_t principal, int days)
{
    if (!money_accumulate(&l->principal, principal))
        return -1;
    l->count++;
    l->weighted += (__int128)principal * days;
    return 0;
}

int wam_compute(const struct investment *inv, int n, date_t as_of, struct wam_result *out)
{
    memset(out, 0, sizeof *out);
    for (int k = 0; k < n; k++) {
        const struct investment *i = &inv[k];
        if (!investment_held(i, as_of))
            continue;
        int days = investment_days(i, as_of);
        if (days < 0) {
            if (add(&out->pooled, i->principal, 0) < 0)
                return -1;
            continue;
        }
        if (add(&out->by_type[i->type], i->principal, days) < 0 ||
            add(&out->overall, i->principal, days) < 0)
            return -1;
    }
    return 0;
}

double wam_days(const struct wam_line *l)
{
    int64_t weight = l->principal; /* pence, exact */
    if (weight == 0)
        return 0;
    return (double)l->weighted / (double)weight;
}
