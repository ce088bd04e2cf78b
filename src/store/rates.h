/* rates.h: reading stored rate observations (rate_observations, filled by the feeds) and the
 * England and Wales holidays the calendar is built from.
 *
 * rates_average is the benchmark for reports and the service: the average of a series over the
 * calendar days from..to inclusive, each day taking the latest observation dated on or before
 * it (core/series.h has the rule and an example). */
#ifndef PRUDENT_STORE_RATES_H
#define PRUDENT_STORE_RATES_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/rate.h"

struct rate_obs {
    date_t date;
    rate_t value;
};

/* Observations of series dated from..to, ascending, into a new array *out the caller frees
 * (NULL when there are none). Returns the number, or -1 after printing why. */
int rates_load(PGconn *c, const char *series, date_t from, date_t to, struct rate_obs **out);
/* The revisions of a series' observations dated from..to (oldest first), as a JSON array of
 * {"date", "old_value", "new_value", "revised_at"} the caller owns (cJSON_Delete), or NULL after
 * printing why. */
cJSON *rates_revisions_json(PGconn *c, const char *series, date_t from, date_t to);
/* The latest observation of the series dated on or before `on` into *out. Returns 0; 1 when
 * there is none; -1 on a database failure (printed). */
int rates_on_or_before(PGconn *c, const char *series, date_t on, struct rate_obs *out);
/* Whether any observation of the series is stored: 1 yes, 0 no, -1 on error. */
int rates_series_known(PGconn *c, const char *series);
/* The average of the series over from..to into *out. Returns 0; 1 when it cannot be computed
 * (from > to, or no observation on or before from); -1 on a database failure (printed). */
int rates_average(PGconn *c, const char *series, date_t from, date_t to, rate_t *out);

/* The PWLB premature repayment rates (series pwlb_repayment_TYPE_TERM, core/pwlb_repay.h) of the
 * latest date on or before `on` that has any, into *out (zeroed first; out->date DATE_NONE when
 * there are none). Returns 0, or -1 after printing why. */
struct pwlb_curves;
int rates_pwlb_curves(PGconn *c, date_t on, struct pwlb_curves *out);

/* The stored England and Wales holidays, ascending by date, into a new array *out the caller
 * frees (builtin false). Returns the number, or -1 after printing why. Use it as the feed part of
 * a struct calendar. */
int holidays_load(PGconn *c, struct holiday **out);

#endif
