/* strategy.h (store): an authority's strategies in the strategies table (sql/002_book.sql),
 * versioned by effective_from. A version, once imported, never changes: importing the same
 * document again changes nothing, and a different document for the same effective_from is
 * refused. The version in force at a date is the latest with effective_from on or before it. */
#ifndef PRUDENT_STORE_STRATEGY_H
#define PRUDENT_STORE_STRATEGY_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/strategy.h"

/* Insert the version s (parsed from doc, which is not taken over) unless the authority has one
 * for s->effective_from already; *inserted says which. In the caller's transaction (importing
 * it is service/strategy.h's strategy_save_import). Returns 0 or -1 after printing why. */
int strategy_insert(PGconn *c, int64_t authority_id, const cJSON *doc, const struct strategy *s, bool *inserted);
/* The canonical document (core/strategy_json.h) of the version saved for effective_from, in a
 * new cJSON the caller owns, or NULL when it no longer reads back. Returns 0, or -1 after
 * printing why (no such version, or the database). */
int strategy_saved_canonical(PGconn *c, int64_t authority_id, date_t effective_from, cJSON **canon);

/* Load the strategy in force at date `at` into *out. Returns 1 when found, 0 when the authority
 * has none in force then (*out holds strategy_defaults), -1 after printing why. */
int strategy_load_at(PGconn *c, int64_t authority_id, date_t at, struct strategy *out);

/* One version of an authority's strategy, for listings. */
struct strategy_version {
    date_t effective_from;
    char approved_by[STRATEGY_TEXT_MAX];
    date_t approved_on;
    char reference[STRATEGY_TEXT_MAX];
};
/* All versions, oldest first, into a new array the caller frees (free()). Returns the count or
 * -1 after printing why. */
int strategy_versions(PGconn *c, int64_t authority_id, struct strategy_version **out);

#endif
