/* loan_events.c: a loan as at a date after its repayments and LOBO options (see loan_events.h). */
#include "core/loan_events.h"

#include <stdlib.h>
#include <string.h>

/* Apply one repayment of `amount` on `on` to *l. Returns false when it takes the whole loan. */
static bool apply_repaid(struct loan *l, date_t on, money_t amount)
{
    money_t owed = schedule_outstanding(l, on);
    if (amount >= owed)
        return false;
    money_t scaled;
    if (!money_muldiv(l->principal, owed - amount, owed, &scaled))
        return false;
    l->principal = scaled;
    return true;
}

bool loan_as_at(const struct loan *l, date_t at, struct loan *out)
{
    *out = *l;
    for (int k = 0; k < l->nevents && l->events[k].date <= at; k++) {
        const struct loan_event *e = &l->events[k];
        switch (e->kind) {
        case LOAN_EV_RATE_CHANGE:
            out->rate = e->rate;
            break;
        case LOAN_EV_REPAID_AT_PAR:
            return false;
        case LOAN_EV_REPAID:
            if (!apply_repaid(out, e->date, e->amount))
                return false;
            break;
        default:
            break;
        }
    }
    return true;
}

/* Events dated before d. */
static int events_before(const struct loan *l, date_t d)
{
    int k = 0;
    while (k < l->nevents && l->events[k].date < d)
        k++;
    return k;
}

int loan_schedule_build(const struct loan *l, struct instalment *out, int cap)
{
    if (l->nevents == 0)
        return schedule_build(l, out, cap);
    int count = schedule_count(l);
    if (cap < count || schedule_build(l, out, cap) != count) /* the nominal dates, into out */
        return -1;
    struct instalment *v = malloc((size_t)count * sizeof *v);
    if (!v)
        return -1;
    int n = 0, applied = 0, rc = 0; /* v: the schedule under the first `applied` events */
    memcpy(v, out, (size_t)count * sizeof *v);
    for (int k = 0; k < count && rc == 0; k++) {
        int before = events_before(l, out[k].date);
        struct loan then;
        if (before != applied) {
            applied = before;
            if (!loan_as_at(l, out[k].date - 1, &then))
                break;
            if (schedule_build(&then, v, count) != count)
                rc = -1;
        }
        if (rc == 0)
            out[n++] = v[k];
    }
    free(v);
    return rc < 0 ? -1 : n;
}
