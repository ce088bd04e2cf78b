/* capital_plan.h (service): importing a version of an authority's capital plan
 * (store/capital_plan.h keeps the versions): the same document again changes nothing; a
 * different document for the same effective_from is refused. */
#ifndef PRUDENT_SERVICE_CAPITAL_PLAN_H
#define PRUDENT_SERVICE_CAPITAL_PLAN_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "core/capital_plan.h"
#include "store/authority.h"

/* Save validated plan p (parsed from doc, not taken over) for authority a with an audit record,
 * in one transaction, and print the one-line summary. Returns EXIT_OK (new or unchanged),
 * EXIT_BAD (a different document exists for that effective_from: nothing written) or EXIT_DEP.
 * path names the file in messages. */
int capital_plan_save_import(PGconn *c, const struct authority *a, const cJSON *doc,
                             const struct capital_plan *p, const char *actor, const char *path);

#endif
