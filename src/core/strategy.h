/* strategy.h: an authority's treasury management strategy as plain data: lending criteria by
 * rating, sector rules, and the prudential indicator limits, in force from effective_from.
 * Filled from the strategy JSON (src/ingest/strategy.c validates it); read by the lending list
 * and the indicators. No I/O. Fields may be added; keep their meaning. */
#ifndef PRUDENT_CORE_STRATEGY_H
#define PRUDENT_CORE_STRATEGY_H

#include <stdbool.h>

#include "core/book.h"
#include "core/date.h"
#include "core/money.h"

#define STRATEGY_MAX_CRITERIA 16
#define STRATEGY_MAX_BANDS 16

/* A limit that may be unlimited (JSON null). */
struct opt_money {
    bool unlimited;
    money_t amount;
};

/* A duration in days that may be unbounded (JSON null). */
struct opt_days {
    bool unbounded;
    int days;
};

/* One row of rating criteria: counterparties rated at least min_long_notch (lower is better). */
struct strategy_criterion {
    int min_long_notch;
    struct opt_money limit;
    struct opt_days max_days;
};

/* A sector rule, overriding the rating criteria for that sector when present. */
struct strategy_sector {
    bool present;
    struct opt_money limit;
    struct opt_days max_days;
    bool needs_rating;
};

enum rating_basis { BASIS_LOWEST, BASIS_HIGHEST, BASIS_SECOND_LOWEST };
enum watch_rule { WATCH_IGNORE, WATCH_OVERNIGHT_ONLY, WATCH_SUSPEND };

/* A band of the maturity structure of borrowing: time to maturity in [from_months, to_months)
 * months (to_months < 0: no upper end), with lower and upper limits in hundredths of a percent
 * (20% is 2000). */
struct maturity_band {
    char code[32];
    int from_months;
    int to_months;
    int lower_bp;
    int upper_bp;
};

struct strategy {
    date_t effective_from;
    enum rating_basis rating_basis;
    struct strategy_criterion criteria[STRATEGY_MAX_CRITERIA]; /* best rating first */
    int ncriteria;
    struct strategy_sector sectors[SECTOR_COUNT];
    int non_uk_min_sovereign_notch; /* 0: no sovereign floor */
    enum watch_rule watch_negative;
    int warning_ratio_bp; /* warning when actual >= limit * ratio; 9000 = 90% */

    /* prudential indicator limits */
    struct opt_money authorised_limit;
    struct opt_money operational_boundary;
    struct opt_money invested_over_364_days;
    struct maturity_band bands[STRATEGY_MAX_BANDS];
    int nbands;
};

#endif
