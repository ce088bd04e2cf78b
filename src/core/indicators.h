/* indicators.h: the prudential indicators at an as-of date A under the strategy in force then
 * (domain.md "Borrowing and prudential indicators", docs/computations.md).
 *
 *   external debt           principal outstanding on all loans at A (started on or before A)
 *                           plus the strategy's other long-term liabilities;
 *   authorised_limit,       external debt vs each limit;
 *   operational_boundary
 *   invested_over_364_days  liquidity.h;
 *   maturity_structure.BAND the percentage of borrowing in each band (maturity.h) vs its lower
 *                           and upper limits;
 *   fixed_rate_exposure     fixed-rate loans less fixed-rate investments (dated types);
 *   variable_rate_exposure  variable-rate loans less variable-rate investments (notice, call,
 *                           mmf, pooled), each vs an upper limit;
 *   liquidity               cash available within 3 months vs a minimum;
 *   credit_score.value_weighted, credit_score.time_weighted  vs the worst allowed score (only
 *                           when the caller gives notches).
 * Status: a ceiling is breached when actual > limit and warns when actual >= limit x
 * warning_ratio (limits above 0 only); a floor is breached when actual < limit and warns when
 * actual x warning_ratio <= limit; a band is breached outside [lower, upper] and warns within
 * the same margin of either end (upper x ratio, lower / ratio, ends of 0 and 100% excepted).
 * No limit (null): always ok. Pure computation; results are the caller's. */
#ifndef PRUDENT_CORE_INDICATORS_H
#define PRUDENT_CORE_INDICATORS_H

#include "core/book.h"
#include "core/creditscore.h"
#include "core/maturity.h"
#include "core/rate.h"
#include "core/strategy.h"

enum ind_status { IND_OK, IND_WARNING, IND_BREACH };
const char *ind_status_name(enum ind_status s); /* "ok", "warning", "breach" */

enum ind_status ind_status_ceiling(money_t actual, struct opt_money limit, int ratio_bp);
enum ind_status ind_status_floor(money_t actual, struct opt_money limit, int ratio_bp);
/* actual, lower and upper in hundredths of a percent */
enum ind_status ind_status_band(int actual_bp, int lower_bp, int upper_bp, int ratio_bp);
/* scores: lower is better; breached when score > max_notch (rounded to 2 dp first) */
enum ind_status ind_status_score(double score, int max_notch, int ratio_bp);

/* External debt at A by loan type (count, principal, principal-weighted average rate). */
struct debt_line {
    int count;
    money_t principal;
    struct rate_avg avg;
};
struct debt_summary {
    money_t loans;                          /* principal outstanding on loans at A */
    money_t other_liabilities;              /* from the strategy */
    money_t external_debt;                  /* loans + other_liabilities */
    struct debt_line by_type[LOAN_TYPE_COUNT];
    money_t fixed_loans, variable_loans;    /* loans by rate basis */
};
int debt_summary_compute(const struct loan *loans, int n, date_t as_of, money_t other_liabilities,
                         struct debt_summary *out);

/* Fixed- and variable-rate net borrowing at A. */
struct rate_exposure {
    money_t fixed_borrowing, variable_borrowing;
    money_t fixed_investments, variable_investments;
    money_t fixed_net, variable_net;
};
int rate_exposure_compute(const struct loan *loans, int nloans, const struct investment *inv,
                          int ninv, date_t as_of, struct rate_exposure *out);

enum ind_kind { IND_CEILING, IND_FLOOR, IND_BAND, IND_SCORE };

struct indicator {
    char code[64];
    enum ind_kind kind;
    struct opt_money limit; /* ceiling and floor */
    money_t actual;         /* ceiling and floor */
    int band;               /* band: its index in the strategy's bands and the maturity result */
    int lower_bp, upper_bp; /* band limits */
    double percent;         /* band actual, unrounded */
    double score;           /* score actual */
    int max_notch;          /* score limit (0: none) */
    enum ind_status status;
};

#define IND_MAX (12 + STRATEGY_MAX_BANDS)
struct indicator_set {
    int n;
    struct indicator v[IND_MAX];
    struct debt_summary debt;
    struct maturity_result maturity;
    bool has_credit;            /* notches were given */
    struct credit_score credit; /* then: the credit score behind the two score indicators */
};

/* Every indicator at as_of, maturity bands measured from reference (DATE_NONE: as_of). notch
 * gives the counterparty notch of each investment (see creditscore.h), or NULL to leave the
 * credit score out. Returns 0, or -1 on overflow. */
int indicators_compute(const struct strategy *s, const struct investment *inv, int ninv,
                       const struct loan *loans, int nloans, date_t as_of, date_t reference,
                       const int *notch, struct indicator_set *out);

#endif
