/* predecessors.h: the `predecessors` view (views/predecessors.c): a successor council's
 * comparatives, each predecessor's outturn up to the day before the vesting day. The build
 * function returns a new cJSON the caller owns (see view.h). */
#ifndef PRUDENT_VIEWS_PREDECESSORS_H
#define PRUDENT_VIEWS_PREDECESSORS_H

#include "views/view.h"

cJSON *view_predecessors_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);
void view_predecessors_text(const cJSON *doc, FILE *out);

#endif
