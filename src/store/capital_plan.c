/* capital_plan.c (store): saving and loading versions of a capital plan (see
 * store/capital_plan.h). Saved documents are read back through the parser that accepted them
 * (core/capital_plan.h). */
#include "store/capital_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"

int capital_plan_insert(PGconn *c, int64_t authority_id, const cJSON *doc, const struct capital_plan *p,
                        const char *actor, bool *inserted)
{
    char id[DB_INT_BUFSZ], from[DATE_BUFSZ], on[DATE_BUFSZ];
    db_int(authority_id, id);
    date_format_iso(p->effective_from, from);
    if (p->approved_on != DATE_NONE)
        date_format_iso(p->approved_on, on);
    char *text = cJSON_PrintUnformatted(doc);
    const char *q[] = {id, from, text, p->approved_by[0] ? p->approved_by : NULL,
                       p->approved_on != DATE_NONE ? on : NULL,
                       p->approved_reference[0] ? p->approved_reference : NULL, actor};
    PGresult *r = db_query(c, "save capital plan",
                           "INSERT INTO capital_plans (authority_id, effective_from, document,"
                           " approved_by, approved_on, reference, imported_by)"
                           " VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)"
                           " ON CONFLICT (authority_id, effective_from) DO NOTHING RETURNING id",
                           7, q);
    free(text);
    if (!r)
        return -1;
    *inserted = PQntuples(r) == 1;
    PQclear(r);
    return 0;
}

/* Parse a stored document into *p; -1 (after saying which version) when it no longer reads. */
static int read_back(const char *text, const char *from, struct capital_plan *p)
{
    struct strategy_errors *e = xmalloc(sizeof *e);
    int n = capital_plan_parse_text(text, strlen(text), p, e, NULL);
    if (n) {
        error("the saved capital plan effective from %s no longer reads back", from);
        detail("%s", e->text[0]);
    }
    free(e);
    return n ? -1 : 0;
}

int capital_plan_saved_canonical(PGconn *c, int64_t authority_id, date_t effective_from, cJSON **canon)
{
    char id[DB_INT_BUFSZ], from[DATE_BUFSZ];
    db_int(authority_id, id);
    date_format_iso(effective_from, from);
    *canon = NULL;
    const char *q[] = {id, from};
    PGresult *r = db_query(c, "read saved capital plan",
                           "SELECT document::text AS document FROM capital_plans"
                           " WHERE authority_id = $1 AND effective_from = $2",
                           2, q);
    if (!r)
        return -1;
    if (PQntuples(r) != 1) {
        PQclear(r);
        return error("save capital plan: the version effective from %s vanished", from);
    }
    struct capital_plan *old = xmalloc(sizeof *old);
    if (read_back(db_get(r, 0, "document"), from, old) == 0)
        *canon = capital_plan_to_json(old);
    free(old);
    PQclear(r);
    return 0;
}

int capital_plan_load_at(PGconn *c, int64_t authority_id, date_t at, struct capital_plan *out)
{
    char id[DB_INT_BUFSZ], d[DATE_BUFSZ];
    db_int(authority_id, id);
    const char *q[] = {id, date_format_iso(at, d)};
    PGresult *r = db_query(c, "load capital plan",
                           "SELECT effective_from::text AS effective_from, document::text AS document"
                           " FROM capital_plans WHERE authority_id = $1 AND effective_from <= $2"
                           " ORDER BY effective_from DESC LIMIT 1",
                           2, q);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    int rc = found ? read_back(db_get(r, 0, "document"), db_get(r, 0, "effective_from"), out) : 0;
    PQclear(r);
    return rc < 0 ? -1 : found;
}
