/* deal_select.c: the deals a date and a window read (see deal_select.h). */
#include "core/deal_select.h"

enum { MARGIN = 31 }; /* days either side of a window (store/book.c FLOWS_WITHIN) */

bool deal_live_at(const struct investment *v, date_t d)
{
    return v->start <= d && (v->maturity == DATE_NONE || v->maturity > d);
}

static bool among(int64_t id, const int64_t *ids, int n)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (ids[mid] == id)
            return true;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

bool deal_flows_within(const struct investment *v, date_t from, date_t to, const int64_t *moving, int nmoving)
{
    date_t lo = from - MARGIN, hi = to + MARGIN;
    if (v->maturity == DATE_NONE)
        return (v->start >= lo && v->start <= hi) || among(v->id, moving, nmoving);
    return v->maturity >= lo && v->start <= hi && (v->maturity <= hi || v->start >= lo);
}
