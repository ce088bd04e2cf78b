/* strategy.h (ingest): the `prudent import strategy FILE` kind: read the file, validate it with
 * the strategy codec (core/strategy_json.h, which reports every error with the path of the bad
 * field) and save it as a new version (service/strategy.h). */
#ifndef PRUDENT_INGEST_STRATEGY_H
#define PRUDENT_INGEST_STRATEGY_H

#include <libpq-fe.h>

#include "core/strategy_json.h"
#include "ingest/import.h"

/* `prudent import strategy FILE` (an import_fn of ingest/import.h). */
int import_strategy(PGconn *c, const struct authority *a, const char *path,
                    const struct import_opts *o);

#endif
