/* strategy.h (service): importing a version of an authority's strategy (store/strategy.h keeps
 * the versions). A version, once imported, never changes: importing the same document again
 * changes nothing, and a different document for the same effective_from is refused. */
#ifndef PRUDENT_SERVICE_STRATEGY_H
#define PRUDENT_SERVICE_STRATEGY_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "core/strategy.h"
#include "store/authority.h"

/* Save a validated strategy (s parsed from doc) for authority a, with an audit record, in one
 * transaction, and print the one-line summary. Returns EXIT_OK (new or unchanged), EXIT_BAD (a
 * different document exists for that effective_from: nothing written) or EXIT_DEP. path names
 * the file in messages. doc is not taken over. */
int strategy_save_import(PGconn *c, const struct authority *a, const cJSON *doc,
                         const struct strategy *s, const char *actor, const char *path);

#endif
