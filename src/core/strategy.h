/* strategy.h: an authority's treasury management strategy as plain data: lending criteria by
 * rating, sector rules, group and country limits, and the prudential indicator limits, in force
 * from effective_from. Filled from the strategy JSON (src/core/strategy_json.c validates it, see
 * docs/strategy.md); read by the lending list and the indicators. No I/O. Fields may be added;
 * keep their meaning. strategy.c gives the defaults and the band lookup. */
#ifndef PRUDENT_CORE_STRATEGY_H
#define PRUDENT_CORE_STRATEGY_H

#include <stdbool.h>

#include "core/book.h"
#include "core/date.h"
#include "core/money.h"

#define STRATEGY_MAX_CRITERIA 16
#define STRATEGY_MAX_BANDS 16
#define STRATEGY_MAX_GROUPS 64
#define STRATEGY_MAX_COUNTRIES 64
#define STRATEGY_TEXT_MAX 201

/* A limit that may be unlimited (JSON null, or the field left out where that is allowed). */
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

/* A limit on the total exposure to one banking group or one country. */
struct strategy_named_limit {
    char code[CODE_MAX]; /* group parent's counterparty code, or ISO country code */
    struct opt_money limit;
};

enum rating_basis { BASIS_LOWEST, BASIS_HIGHEST, BASIS_SECOND_LOWEST };
enum watch_rule { WATCH_IGNORE, WATCH_OVERNIGHT_ONLY, WATCH_SUSPEND };

/* A band of the maturity structure of borrowing: time to maturity in [from_months, to_months)
 * whole months (to_months < 0: no upper end), with lower and upper limits in hundredths of a
 * percent (20% is 2000). */
struct maturity_band {
    char code[32];
    int from_months;
    int to_months;
    int lower_bp;
    int upper_bp;
};

struct strategy {
    date_t effective_from;
    /* the approval record: who approved it, when, and the minute reference ("" / DATE_NONE
     * when not given) */
    char approved_by[STRATEGY_TEXT_MAX];
    date_t approved_on;
    char approved_reference[STRATEGY_TEXT_MAX];

    enum rating_basis rating_basis;
    struct strategy_criterion criteria[STRATEGY_MAX_CRITERIA]; /* best rating first */
    int ncriteria;
    struct strategy_sector sectors[SECTOR_COUNT];
    /* total exposure to all counterparties of a sector (unlimited unless set) */
    struct opt_money sector_totals[SECTOR_COUNT];
    int non_uk_min_sovereign_notch; /* 0: no sovereign floor */
    enum watch_rule watch_negative;
    int warning_ratio_bp; /* warning when actual >= limit * ratio; 9000 = 90% */

    /* group limits: total exposure to the members of one banking group (the parent and every
     * counterparty whose group is the parent). A group not listed has group_default. */
    struct opt_money group_default;
    struct strategy_named_limit groups[STRATEGY_MAX_GROUPS];
    int ngroups;
    /* country limits: total exposure to counterparties of one country. A country not listed has
     * country_default, except GB which is unlimited unless listed. */
    struct opt_money country_default;
    struct strategy_named_limit countries[STRATEGY_MAX_COUNTRIES];
    int ncountries;

    /* prudential indicator limits */
    struct opt_money authorised_limit;
    struct opt_money operational_boundary;
    struct opt_money invested_over_364_days;
    struct opt_money fixed_rate_exposure;    /* upper limit on fixed-rate net borrowing */
    struct opt_money variable_rate_exposure; /* upper limit on variable-rate net borrowing */
    struct opt_money liquidity_minimum;      /* floor on cash available within 3 months */
    int credit_score_max_notch;              /* worst allowed average credit score; 0: none */
    money_t other_long_term_liabilities;     /* PFI, finance leases: part of external debt */
    struct maturity_band bands[STRATEGY_MAX_BANDS];
    int nbands;
};

/* The strategy of an authority that has imported none: no limits, default bands (0-100% each),
 * warning at 90%. Also the starting point the parser fills in. */
void strategy_defaults(struct strategy *s);
/* The default maturity bands (under_12m, 12m_24m, 24m_5y, 5y_10y, 10y_plus) with limits 0-100%. */
void strategy_default_bands(struct maturity_band *bands, int *nbands);
/* Months of a standard band code; false when the code is not one of the defaults. */
bool strategy_standard_band(const char *code, int *from_months, int *to_months);
/* Index of the band holding a time to maturity of `months` whole months (negative counts as 0),
 * or -1 when no band holds it. */
int strategy_band_index(const struct strategy *s, int months);
/* The limit of one group or country code, falling back to the defaults described above. */
struct opt_money strategy_group_limit(const struct strategy *s, const char *group);
struct opt_money strategy_country_limit(const struct strategy *s, const char *country);

const char *rating_basis_name(enum rating_basis b);
bool rating_basis_parse(const char *s, enum rating_basis *out);
const char *watch_rule_name(enum watch_rule w);
bool watch_rule_parse(const char *s, enum watch_rule *out);

#endif
