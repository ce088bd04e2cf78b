/* wam.h: weighted average maturity of an authority's investments at an as-of date A
 * (domain.md "Weighted average maturity", docs/computations.md).
 *
 * An investment is outstanding at A when it started on or before A and matures after A (a deal
 * maturing on A is repaid: not outstanding; a deal starting after A is not counted). Its days
 * to maturity are calendar days from A to maturity for dated instruments, notice_days for
 * notice accounts, 0 for call accounts and money market funds. Pooled funds have no maturity:
 * they are totalled apart and left out of WAM. Pure computation; results are the caller's. */
#ifndef PRUDENT_CORE_WAM_H
#define PRUDENT_CORE_WAM_H

#include <stdbool.h>

#include "core/book.h"
#include "core/holdings.h"

/* A count, a principal total and the sum of principal x days (pence-days, exact). */
struct wam_line {
    int count;
    money_t principal;
    __int128 weighted;
};

struct wam_result {
    struct wam_line by_type[INV_TYPE_COUNT]; /* the INV_POOLED entry stays empty */
    struct wam_line overall;                 /* every type but pooled */
    struct wam_line pooled;                  /* pooled funds: count and principal only */
};

/* Which investments count and their days: investment_held and investment_days of
 * core/holdings.h, the one definition every view of holdings shares. */
/* Sum the outstanding investments. Returns 0, or -1 when a total overflowed. */
int wam_compute(const struct investment *inv, int n, date_t as_of, struct wam_result *out);
/* The weighted average in days (unrounded; 0 for an empty line). */
double wam_days(const struct wam_line *l);

#endif
