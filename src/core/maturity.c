/* maturity.c: the maturity structure of borrowing (see maturity.h). */
#include "core/maturity.h"

#include <stdlib.h>
#include <string.h>

#include "core/loan_events.h"
#include "core/schedule.h"

int loan_started(const struct loan *l, date_t as_of)
{
    return l->start <= as_of;
}

static int put(struct maturity_result *out, const struct strategy *s, date_t reference,
               date_t when, money_t amount)
{
    int months = when <= reference ? 0 : date_months_between(reference, when);
    int b = strategy_band_index(s, months);
    if (b < 0)
        return -1; /* the parser guarantees bands cover every time; defend anyway */
    return money_accumulate(&out->band[b], amount) ? 0 : -1;
}

/* Principal instalments of an amortising loan due after as_of, each in its band. */
static int put_instalments(struct maturity_result *out, const struct strategy *s,
                           const struct loan *l, date_t as_of, date_t reference)
{
    int cap = schedule_count(l);
    struct instalment *v = malloc((size_t)(cap > 0 ? cap : 1) * sizeof *v);
    if (!v)
        return -1;
    int n = schedule_build(l, v, cap), rc = n < 0 ? -1 : 0;
    for (int k = 0; rc == 0 && k < n; k++)
        if (v[k].date > as_of && v[k].principal != 0)
            rc = put(out, s, reference, v[k].date, v[k].principal);
    free(v);
    return rc;
}

int maturity_structure(const struct loan *loans, int n, date_t as_of, date_t reference,
                       const struct strategy *s, struct maturity_result *out)
{
    memset(out, 0, sizeof *out);
    out->nbands = s->nbands;
    if (reference == DATE_NONE)
        reference = as_of;
    for (int k = 0; k < n; k++) {
        const struct loan *l = &loans[k];
        struct loan now;
        if (!loan_started(l, as_of) || !loan_as_at(l, as_of, &now))
            continue;
        l = &now;
        money_t outstanding = schedule_outstanding(l, as_of);
        if (outstanding <= 0)
            continue;
        if (!money_accumulate(&out->total, outstanding))
            return -1;
        date_t option = lobo_next_option(l, as_of > reference ? as_of : reference);
        int rc;
        if (option != DATE_NONE)
            rc = put(out, s, reference, option, outstanding);
        else if (l->repayment == REPAY_MATURITY)
            rc = put(out, s, reference, l->maturity, outstanding);
        else
            rc = put_instalments(out, s, l, as_of, reference);
        if (rc < 0)
            return -1;
    }
    for (int b = 0; b < out->nbands; b++) {
        int64_t part = out->band[b], whole = out->total; /* pence, exact */
        out->percent[b] = whole ? (double)part * 100.0 / (double)whole : 0;
    }
    return 0;
}
