/* capital_plan.h (store): an authority's capital plans in the capital_plans table
 * (sql/150_capital_plans.sql), versioned by effective_from like strategies (store/strategy.h): a
 * version, once imported, never changes; importing the same document again changes nothing; a
 * different document for the same effective_from is refused. The version in force at a date is
 * the latest with effective_from on or before it. */
#ifndef PRUDENT_STORE_CAPITAL_PLAN_H
#define PRUDENT_STORE_CAPITAL_PLAN_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/capital_plan.h"

/* Insert version p (parsed from doc, not taken over) unless the authority has one for
 * p->effective_from already; *inserted says which. In the caller's transaction. Returns 0 or -1
 * after printing why. */
int capital_plan_insert(PGconn *c, int64_t authority_id, const cJSON *doc, const struct capital_plan *p,
                        const char *actor, bool *inserted);
/* The canonical document of the version saved for effective_from, in a new cJSON the caller
 * owns, or NULL when it no longer reads back. Returns 0, or -1 after printing why. */
int capital_plan_saved_canonical(PGconn *c, int64_t authority_id, date_t effective_from, cJSON **canon);
/* Load the plan in force at `at` into *out. Returns 1 when found, 0 when none is in force then,
 * -1 after printing why. */
int capital_plan_load_at(PGconn *c, int64_t authority_id, date_t at, struct capital_plan *out);

#endif
