/* alert.c: the alerts table's raise and resolve (see alert.h). */
#include "store/alert.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/db.h"

int alert_raise(PGconn *c, int64_t authority_id, const char *kind, const char *subject,
                const cJSON *details, bool passive, int64_t *id, bool *created)
{
    char aid[24];
    snprintf(aid, sizeof aid, "%lld", (long long)authority_id);
    char *d = details ? cJSON_PrintUnformatted(details) : NULL;
    const char *p[] = {authority_id ? aid : NULL, kind, subject, d ? d : "{}", passive ? "t" : "f"};
    /* Refresh a live alert, else open a new one. The partial unique index alerts_one_live
     * makes a concurrent duplicate fail rather than slip in. */
    PGresult *r = db_query(c, "refresh alert",
                           "UPDATE alerts SET details = $4::jsonb"
                           " WHERE coalesce(authority_id, 0) = coalesce($1::bigint, 0)"
                           " AND kind = $2 AND subject = $3 AND state <> 'resolved' RETURNING id",
                           4, p);
    bool fresh = false;
    if (r && PQntuples(r) == 0) {
        PQclear(r);
        r = db_query(c, "raise alert",
                     "INSERT INTO alerts (authority_id, kind, subject, details, passive)"
                     " VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING id",
                     5, p);
        fresh = true;
    }
    free(d);
    if (!r)
        return -1;
    if (id)
        *id = db_get_int(r, 0, "id");
    if (created)
        *created = fresh;
    PQclear(r);
    return 0;
}

int alert_resolve(PGconn *c, int64_t authority_id, const char *kind, const char *subject)
{
    char aid[24];
    snprintf(aid, sizeof aid, "%lld", (long long)authority_id);
    const char *p[] = {authority_id ? aid : NULL, kind, subject};
    PGresult *r = db_query(c, "resolve alert",
                           "UPDATE alerts SET state = 'resolved', resolved_at = now()"
                           " WHERE coalesce(authority_id, 0) = coalesce($1::bigint, 0)"
                           " AND kind = $2 AND subject = $3 AND state <> 'resolved'",
                           3, p);
    if (!r)
        return -1;
    int n = atoi(PQcmdTuples(r));
    PQclear(r);
    return n;
}
