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
/* How the document holds "counterparties": not at all, as cJSON objects, or as one cJSON_Raw
 * node of the same text (lending_entries_text), for a document that is only printed unformatted
 * (views/view.h wire: the HTTP service), where it costs a tenth of the objects. */
enum lending_entries { LENDING_ENTRIES_NONE, LENDING_ENTRIES_TREE, LENDING_ENTRIES_RAW };
cJSON *lending_list_json_as(const struct lending_input *in, const struct lending_list *l, enum lending_entries how);
/* The "counterparties" array of the list as JSON text, byte for byte what cJSON_PrintUnformatted
 * prints of the objects lending_list_json adds. Returns a string the caller frees. */
char *lending_entries_text(const struct lending_input *in, const struct lending_list *l);

/* The parts of each counterparty's entry that depend only on the counterparties of the input
 * (its code and name; its sector, country and group), written once for all the lists evaluated
 * over the same counterparties (service/asat_cache.c keeps them per universe version).
 * Ownership: lending_cp_texts_build fills *out, which lending_cp_texts_free frees; it borrows
 * in->cps, which must outlive it unchanged. */
struct lending_cp_texts {
    const struct counterparty *cps; /* borrowed: the input's counterparties they were written of */
    int ncps;
    char *text;  /* owned: every counterparty's two parts, one after another */
    size_t len;  /* its bytes */
    size_t *off; /* owned: 3 per counterparty: its head, tail and end offsets in text */
};
void lending_cp_texts_build(const struct lending_input *in, struct lending_cp_texts *out);
void lending_cp_texts_free(struct lending_cp_texts *t);
/* lending_entries_text using t (NULL: none) for the entries of the counterparties it was written
 * of: the same bytes. */
char *lending_entries_text_with(const struct lending_input *in, const struct lending_list *l,
                                const struct lending_cp_texts *t);
/* lending_list_json_as with t for LENDING_ENTRIES_RAW. */
cJSON *lending_list_json_texts(const struct lending_input *in, const struct lending_list *l, enum lending_entries how,
                               const struct lending_cp_texts *t);
/* The whole document of lending_list_json_texts(in, l, LENDING_ENTRIES_TREE or _RAW, t) as the
 * text cJSON_PrintUnformatted prints of it, byte for byte, written without a cJSON tree (the
 * service's answer: views/view.h wire). Returns a string the caller frees. */
char *lending_list_text(const struct lending_input *in, const struct lending_list *l, const struct lending_cp_texts *t);
/* [{"code", "name", "before": {status, limit, max_days, basis}, "after": {...}}] */
cJSON *lending_changes_json(const struct lending_change *ch, int n);

#endif
