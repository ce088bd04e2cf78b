/* registry.c: the table of views (see view.h). One row per view. */
#include <string.h>

#include "views/analytics.h"
#include "views/book_views.h"
#include "views/view.h"
#include "views/benchmarks.h"
#include "views/alerts.h"
#include "views/capital.h"
#include "views/returns.h"
#include "views/predecessors.h"

cJSON *view_limits_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);
void view_limits_text(const cJSON *doc, FILE *out);

const struct view views[] = {
    {"limits", view_limits_build, view_limits_text},
    {"alerts", view_alerts_build, view_alerts_text},
    {"portfolio", view_portfolio_build, view_portfolio_text},
    {"maturing", view_maturing_build, view_maturing_text},
    {"debt", view_debt_build, view_debt_text},
    {"benchmarks", view_benchmarks_build, NULL},
    {"wam", view_wam_build, view_wam_text},
    {"indicators", view_indicators_build, view_indicators_text},
    {"interest", view_interest_build, view_interest_text},
    {"liability-benchmark", view_liability_benchmark_build, view_liability_benchmark_text},
    {"mrp", view_mrp_build, view_mrp_text},
    {"returns", view_returns_build, view_returns_text},
    {"predecessors", view_predecessors_build, view_predecessors_text},
    {NULL, NULL, NULL},
};

const struct view *view_find(const char *name)
{
    for (const struct view *v = views; v->name; v++)
        if (strcmp(v->name, name) == 0)
            return v;
    return NULL;
}

bool view_live(const struct view *v)
{
    return strcmp(v->name, "benchmarks") == 0; /* alerts are kept as known at a moment (sql/181) */
}
