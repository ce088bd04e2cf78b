/* cash_items.h: the JSON documents of `prudent cashflow items` and GET .../cashflow/items[/N]
 * (docs/cash.md "The items and their history"): the authority's forecast items as they stand,
 * and one item's versions oldest first, each with who, when and why (sql/195: every change a
 * new cash_items row superseding the last, the item keeping its number CF<n>). Read through
 * store/cash.h's cash_item_versions_load, so a connection reading as known at a moment
 * (store/known.h) gets the items as they stood then. And their text renderings.
 *
 * items:   {"items": [{"ref": "CF3", "id": 3, TERMS, "state": "live"|"cancelled",
 *           "versions": n, "changed_by", "changed_at"}]}, by number; cancelled ones only
 *           with all (changed_*: the latest row's, the cancellation for a cancelled item).
 * history: {"ref", "id", "state", TERMS (the latest version's), "versions": [{"version": 1,
 *           "change": "added"|"amended"|"cancelled", TERMS, "entered_by", "entered_at",
 *           "reason"}]}; a cancellation's terms are those it cancelled.
 * TERMS:   "account", "date", "amount", "category", "description", "repeat" ("" once),
 *          "until" (null: no end). entered_at/changed_at: ISO 8601 UTC to the second. */
#ifndef PRUDENT_VIEWS_CASH_ITEMS_H
#define PRUDENT_VIEWS_CASH_ITEMS_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/cashflow.h"
#include "store/authority.h"

/* The item's terms as a new JSON object the caller owns: {"account", "date", "amount",
 * "category", "description", "repeat", "until"}. Also the "item" of service/cash_item.h's
 * answers. */
cJSON *cash_item_terms_json(const struct cash_item *it);

/* Each returns a new document the caller owns (cJSON_Delete), or NULL with *code: EXIT_DEP
 * after printing why; history: EXIT_BAD, printing nothing, when the authority has no item
 * `number` (none yet, as known at the moment read). */
cJSON *cash_items_view(PGconn *c, const struct authority *a, bool all, int *code);
cJSON *cash_item_history_view(PGconn *c, const struct authority *a, long long number, int *code);

void cash_items_text(const cJSON *doc, FILE *out);
void cash_item_history_text(const cJSON *doc, FILE *out);

#endif
