/* strategy.c (store): saving and loading versions of a strategy (see store/strategy.h). Saved
 * documents are read back through the same parser that accepted them (core/strategy_json.h). */
#include "store/strategy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strategy_json.h"
#include "store/db.h"
#include "util/err.h"

/* Parse a stored document; its canonical form on success (caller owns), else NULL. */
static cJSON *stored_canonical(const char *text, struct strategy *scratch)
{
    struct strategy_errors *e = xmalloc(sizeof *e);
    int n = strategy_parse_text(text, strlen(text), scratch, e, NULL);
    free(e);
    return n ? NULL : strategy_to_json(scratch);
}

int strategy_insert(PGconn *c, int64_t authority_id, const cJSON *doc, const struct strategy *s, bool *inserted)
{
    char id[DB_INT_BUFSZ], from[DATE_BUFSZ], on[DATE_BUFSZ];
    db_int(authority_id, id);
    date_format_iso(s->effective_from, from);
    if (s->approved_on != DATE_NONE)
        date_format_iso(s->approved_on, on);
    char *text = cJSON_PrintUnformatted(doc);
    const char *p[] = {id, from, text, s->approved_by[0] ? s->approved_by : NULL,
                       s->approved_on != DATE_NONE ? on : NULL,
                       s->approved_reference[0] ? s->approved_reference : NULL};
    PGresult *r = db_query(c, "save strategy",
                           "INSERT INTO strategies (authority_id, effective_from, document,"
                           " approved_by, approved_on, reference)"
                           " VALUES ($1, $2, $3::jsonb, $4, $5, $6)"
                           " ON CONFLICT (authority_id, effective_from) DO NOTHING RETURNING id",
                           6, p);
    free(text);
    if (!r)
        return -1;
    *inserted = PQntuples(r) == 1;
    PQclear(r);
    return 0;
}

int strategy_saved_canonical(PGconn *c, int64_t authority_id, date_t effective_from, cJSON **canon)
{
    char id[DB_INT_BUFSZ], from[DATE_BUFSZ];
    db_int(authority_id, id);
    date_format_iso(effective_from, from);
    *canon = NULL;
    const char *q[] = {id, from};
    PGresult *r = db_query(c, "read saved strategy",
                           "SELECT document::text AS document FROM strategies"
                           " WHERE authority_id = $1 AND effective_from = $2",
                           2, q);
    if (!r)
        return -1;
    if (PQntuples(r) != 1) {
        PQclear(r);
        return error("save strategy: the version effective from %s vanished", from);
    }
    struct strategy *old = xmalloc(sizeof *old);
    *canon = stored_canonical(db_get(r, 0, "document"), old);
    free(old);
    PQclear(r);
    return 0;
}

int strategy_load_at(PGconn *c, int64_t authority_id, date_t at, struct strategy *out)
{
    char id[DB_INT_BUFSZ], d[DATE_BUFSZ];
    db_int(authority_id, id);
    const char *p[] = {id, date_format_iso(at, d)};
    strategy_defaults(out);
    PGresult *r = db_query(c, "load strategy",
                           "SELECT effective_from::text AS effective_from, document::text AS document"
                           " FROM strategies WHERE authority_id = $1 AND effective_from <= $2"
                           " ORDER BY effective_from DESC LIMIT 1",
                           2, p);
    if (!r)
        return -1;
    if (PQntuples(r) == 0) {
        PQclear(r);
        return 0;
    }
    const char *text = db_get(r, 0, "document");
    struct strategy_errors *e = xmalloc(sizeof *e);
    int n = strategy_parse_text(text, strlen(text), out, e, NULL);
    if (n) {
        error("the saved strategy effective from %s no longer reads back", db_get(r, 0, "effective_from"));
        detail("%s", e->text[0]);
    }
    free(e);
    PQclear(r);
    return n ? -1 : 1;
}

int strategy_versions(PGconn *c, int64_t authority_id, struct strategy_version **out)
{
    char id[DB_INT_BUFSZ];
    db_int(authority_id, id);
    const char *p[] = {id};
    *out = NULL;
    PGresult *r = db_query(c, "list strategies",
                           "SELECT effective_from::text AS effective_from, approved_by,"
                           " approved_on::text AS approved_on, reference FROM strategies"
                           " WHERE authority_id = $1 ORDER BY effective_from",
                           1, p);
    if (!r)
        return -1;
    int n = PQntuples(r);
    struct strategy_version *v = xcalloc((unsigned long)(n ? n : 1), sizeof *v);
    for (int i = 0; i < n; i++) {
        date_parse(db_get(r, i, "effective_from"), &v[i].effective_from, NULL);
        snprintf(v[i].approved_by, sizeof v[i].approved_by, "%s", db_get(r, i, "approved_by"));
        v[i].approved_on = DATE_NONE;
        if (!db_isnull(r, i, "approved_on"))
            date_parse(db_get(r, i, "approved_on"), &v[i].approved_on, NULL);
        snprintf(v[i].reference, sizeof v[i].reference, "%s", db_get(r, i, "reference"));
    }
    PQclear(r);
    *out = v;
    return n;
}
