/* analytics.h (views): the build and text functions of the analytics views (wam, indicators, interest),
 * listed in views[] (registry.c). Each build returns a new cJSON the caller owns (view.h). */
#ifndef PRUDENT_VIEWS_ANALYTICS_H
#define PRUDENT_VIEWS_ANALYTICS_H

#include "views/view.h"

cJSON *view_wam_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);
void view_wam_text(const cJSON *doc, FILE *out);
cJSON *view_indicators_build(PGconn *c, const struct authority *a, const struct view_args *args,
                             int *code);
void view_indicators_text(const cJSON *doc, FILE *out);
cJSON *view_interest_build(PGconn *c, const struct authority *a, const struct view_args *args,
                           int *code);
void view_interest_text(const cJSON *doc, FILE *out);

/* The indicators of an authority at as_of (bands from reference) under the strategy in force
 * then, into the caller's *s and *set: the one computation behind the indicators view and the
 * indicator alerts. Returns 1, 0 when no strategy is in force (nothing printed), -1 on a
 * database failure or -2 on overflow (both printed). */
#include "core/indicators.h"
int analytics_indicators_at(PGconn *c, int64_t authority_id, date_t as_of, date_t reference,
                            struct strategy *s, struct indicator_set *set);
/* The same from a book already loaded (store/lending.h, loans included) and its lending list at
 * as_of (lending_evaluate), as recompute has them: no query. Returns 1, 0 or -2 as above. */
struct lending_book;
struct lending_list;
int analytics_indicators_from(const struct lending_book *lb, const struct lending_list *list, date_t as_of,
                              date_t reference, struct strategy *s, struct indicator_set *set);
/* One entry of the "indicators" array: {"code", "limit", "actual", "status", "unit", ...}.
 * Returns a new cJSON the caller owns. */
cJSON *view_indicator_item(const struct indicator *v, const struct indicator_set *set);

/* The "maturity_structure" array of the debt view, [{"band", "principal", "percent", "lower",
 * "upper", "status", "from_months", "to_months"}], for loans at as_of measured from reference
 * (DATE_NONE: as_of), under the strategy in force at as_of (default bands without one). Added
 * to doc; also "reference_date" and "other_long_term_liabilities" (from the strategy; when not
 * zero, doc's "external_debt" is raised by it and the loans alone are in "loans_principal").
 * Returns 0, or an EXIT_* code after printing why. */
#include "core/book.h"
/* Print the maturity_structure of such a document as a table (nothing when it has none). */
void view_maturity_structure_text(const cJSON *doc, FILE *out);
int view_add_maturity_structure(PGconn *c, const struct authority *a, const struct loan *loans,
                                int nloans, date_t as_of, date_t reference, cJSON *doc);

#endif
