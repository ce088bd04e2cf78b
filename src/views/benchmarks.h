/* benchmarks.h: the benchmarks view (average SONIA and Bank Rate over a period); see
 * benchmarks.c for its document. */
#ifndef PRUDENT_VIEWS_BENCHMARKS_H
#define PRUDENT_VIEWS_BENCHMARKS_H

#include "views/view.h"

cJSON *view_benchmarks_build(PGconn *c, const struct authority *a, const struct view_args *args,
                             int *code);

#endif
