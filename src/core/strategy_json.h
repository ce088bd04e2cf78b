/* strategy_json.h: the strategy JSON of interfaces.md (with the optional fields documented in
 * docs/strategy.md) to and from struct strategy, with every error reported with the path of the
 * bad field ("indicators.maturity_bands[2].upper: must be between 0 and 100"). Pure (no I/O), so
 * both the import (ingest/strategy.h) and the store, which reads saved documents back through
 * strategy_parse, use it: what was accepted once loads the same way. */
#ifndef PRUDENT_CORE_STRATEGY_JSON_H
#define PRUDENT_CORE_STRATEGY_JSON_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "core/strategy.h"

#define STRATEGY_MAX_ERRORS 64
#define STRATEGY_ERROR_LEN 240

/* The errors found in one document, "PATH: message" each, in document order. The caller owns
 * the struct (it holds no pointers). dropped counts errors beyond STRATEGY_MAX_ERRORS. */
struct strategy_errors {
    int n;
    int dropped;
    char text[STRATEGY_MAX_ERRORS][STRATEGY_ERROR_LEN];
};

/* Validate doc and fill *out (defaults first). Returns the number of errors; *out is only
 * meaningful when it is 0. */
int strategy_parse(const cJSON *doc, struct strategy *out, struct strategy_errors *errs);
/* The same from JSON text; text that is not JSON is one error ("line 3: not valid JSON").
 * When doc_out is not NULL and the text is JSON, *doc_out is set to the parsed document, which
 * the caller owns (cJSON_Delete), whether or not the strategy was valid. */
int strategy_parse_text(const char *text, size_t len, struct strategy *out,
                        struct strategy_errors *errs, cJSON **doc_out);
/* The canonical document of a strategy: every field spelled out, bands with their months.
 * Two documents mean the same strategy exactly when their canonical documents are equal.
 * Returns a new cJSON the caller owns. */
cJSON *strategy_to_json(const struct strategy *s);

#endif
