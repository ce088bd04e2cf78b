/* capital_plan.h (ingest): the `prudent import capital-plan FILE` kind: read the file, validate
 * it (core/capital_plan.h, every error with the path of the bad field) and save it as a new
 * version (service/capital_plan.h). */
#ifndef PRUDENT_INGEST_CAPITAL_PLAN_H
#define PRUDENT_INGEST_CAPITAL_PLAN_H

#include <libpq-fe.h>

#include "ingest/import.h"

/* `prudent import capital-plan FILE` (an import_fn of ingest/import.h). */
int import_capital_plan(PGconn *c, const struct authority *a, const char *path,
                        const struct import_opts *o);

#endif
