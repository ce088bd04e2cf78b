/* lending_json.h: the JSON shapes of the lending list (the `limits` view), of a pre-deal check's
 * answer and of breaches, shared by the CLI, the HTTP service and deal booking.
 *
 * Each function returns a new cJSON the caller owns (cJSON_Delete), or adds to obj (owned by it). */
#ifndef PRUDENT_VIEWS_LENDING_JSON_H
#define PRUDENT_VIEWS_LENDING_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "core/lending.h"

/* {"code", "name", "status", "limit", "max_days", "exposure", "headroom", "basis", "sector",
 *  "country", "group", "rating"} */
cJSON *lending_entry_json(const struct lending_input *in, const struct lending_entry *e);
/* {"kind", "subject", "exposure", "limit", "passive", "why"[, "days", "max_days", "refs"]} */
cJSON *lending_breach_json(const struct lending_breach *b);
/* {"allowed", "reasons": [{"kind", "subject", "message", ...}], "counterparty", "status",
 *  "limit", "max_days", "basis"} */
cJSON *lending_check_json(const struct lending_check *c);
/* The whole `limits` document of interfaces.md, plus "groups", "countries", "sectors". */
cJSON *lending_list_json(const struct lending_input *in, const struct lending_list *l);
/* The same without "counterparties" when entries is false (views/view.h no_entries). */
cJSON *lending_list_json_with(const struct lending_input *in, const struct lending_list *l, bool entries);
/* [{"code", "name", "before": {status, limit, max_days, basis}, "after": {...}}] */
cJSON *lending_changes_json(const struct lending_change *ch, int n);

#endif
