/* capital.h: the views of the capital plan (rows of views[] in views/registry.c):
 * liability-benchmark (CFR, loans CFR, net loans requirement, liability benchmark and existing
 * debt per plan year) and mrp (each tranche's schedule). Build functions return a new cJSON the
 * caller owns (see view.h). capital_existing_debt and capital_indicators serve the indicators
 * view. */
#ifndef PRUDENT_VIEWS_CAPITAL_H
#define PRUDENT_VIEWS_CAPITAL_H

#include "core/book.h"
#include "core/capital_plan.h"
#include "core/indicators.h"
#include "views/view.h"

cJSON *view_liability_benchmark_build(PGconn *c, const struct authority *a, const struct view_args *args,
                                      int *code);
void view_liability_benchmark_text(const cJSON *doc, FILE *out);
cJSON *view_mrp_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);
void view_mrp_text(const cJSON *doc, FILE *out);

/* Existing debt as the liability benchmark chart stacks it: LOBOs, other variable-rate loans,
 * fixed-rate loans. */
enum { DEBT_FIXED, DEBT_VARIABLE, DEBT_LOBO, DEBT_KINDS };
#define CAPITAL_CHART_YEARS 10 /* the chart shows at least ten years (domain.md) */

/* Loan principal outstanding at `at` (31 March of a plan year) of the loans in the book as at
 * min(as_of, at): their schedules, repayments and options known then; LOBOs to maturity.
 * Returns false on overflow. */
bool capital_existing_debt(const struct loan *loans, int n, date_t as_of, date_t at, money_t *out);
/* The same split by kind (out[DEBT_FIXED] ...). Returns false on overflow. */
bool capital_existing_debt_by_kind(const struct loan *loans, int n, date_t as_of, date_t at,
                                   money_t out[DEBT_KINDS]);

/* Append the Prudential Code 2021 indicators for as_of to the indicators document's
 * "indicators" array when the authority has a capital plan in force whose years include as_of's
 * financial year (else nothing: the document stays as it was). external_debt is the document's
 * (loans plus the strategy's other long-term liabilities); loans the loan principal at as_of.
 * Returns EXIT_OK, or EXIT_DEP / EXIT_BAD after printing why. */
int capital_indicators(PGconn *c, const struct authority *a, date_t as_of, money_t loans,
                       int warning_ratio_bp, cJSON *doc);

/* The same indicators' items appended to the array arr (service/indicator_alerts.c raises
 * alerts from their statuses); the authority by its id. Returns as capital_indicators. */
int capital_indicator_items(PGconn *c, int64_t authority_id, date_t as_of, money_t loans, int warning_ratio_bp,
                            cJSON *arr);

#endif
