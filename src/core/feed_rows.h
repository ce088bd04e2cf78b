/* feed_rows.h: what a rate feed's answer is once parsed (feed/parse.h makes it, store/feeds.h
 * stores it): observations of named series and bank holidays, plain data. Header only. */
#ifndef PRUDENT_CORE_FEED_ROWS_H
#define PRUDENT_CORE_FEED_ROWS_H

#include <stdbool.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/rate.h"

/* A definition's "series" entry: the source column (or GOV.UK division) and the series name it
 * is stored under. Both strings are the caller's. optional: an "optional_series" entry, whose
 * column may be missing from a csv header (a file saved before that series existed still loads;
 * the series then gets no observations and, never observed, is not stale). */
struct feed_column {
    const char *source;
    const char *series;
    bool optional;
};

struct feed_obs {
    const char *series; /* points into the caller's feed_column array */
    date_t date;
    rate_t value;
};

struct feed_holiday {
    const char *division; /* points into the caller's feed_column array (its source) */
    struct holiday h;
};

/* What a parser returns. Arrays are owned by the result: feed_result_free (feed/parse.h)
 * releases them. */
struct feed_result {
    struct feed_obs *obs;
    int nobs, capobs;
    struct feed_holiday *hols;
    int nhols, caphols;
    char error[512]; /* why the payload was refused, e.g. `line 14: "05 Jxn 2026" is not a date` */
};

#endif
