/* series.h: computations over a dated rate series (Bank Rate, SONIA, PWLB rates), pure.
 *
 * The averaging rule: every calendar day from `from` to `to` inclusive takes the latest
 * observation dated on or before it (so a weekend or holiday carries the previous business day's
 * fixing, and Bank Rate holds between decisions), and the average is the plain mean of those daily
 * values, rounded half away from zero to a whole millionth of a percent. Example: Bank Rate 0.50
 * observed 2018-07-31 and 0.75 observed 2018-08-02 averages, over 2018-08-01..2018-08-04,
 * (0.50 + 0.75 * 3) / 4 = 0.6875. */
#ifndef PRUDENT_CORE_SERIES_H
#define PRUDENT_CORE_SERIES_H

#include <stdbool.h>

#include "core/date.h"
#include "core/rate.h"

/* dates[] ascending and unique, values[] alongside, n entries. Returns false (and leaves *out)
 * when from > to or no observation is dated on or before `from`. */
bool series_average(const date_t *dates, const rate_t *values, int n, date_t from, date_t to,
                    rate_t *out);

#endif
