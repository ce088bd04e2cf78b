/* lease.c: a session advisory lock as the lease of the background jobs, and the database's role
 * (see lease.h). */
#include "store/lease.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"

int lease_try(PGconn *c, long long key)
{
    char k[32];
    snprintf(k, sizeof k, "%lld", key);
    const char *params[] = {k};
    /* pg_try_advisory_lock is re-entrant within a session: asking again while holding it would
     * stack a second hold, so first ask whether this session holds it already. */
    PGresult *r = db_query(c, "take the background jobs' lock",
                           "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
                           " AND pid = pg_backend_pid() AND granted"
                           " AND ((classid::bigint << 32) | objid::bigint) = $1::bigint AND objsubid = 1)"
                           " THEN true ELSE pg_try_advisory_lock($1::bigint) END",
                           1, params);
    if (!r)
        return -1;
    int held = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
    PQclear(r);
    return held;
}

const char *lease_database_role(PGconn *c)
{
    PGresult *r = PQexecParams(c, "SELECT pg_is_in_recovery()", 0, NULL, NULL, NULL, NULL, 0);
    const char *role = NULL;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        role = strcmp(PQgetvalue(r, 0, 0), "t") == 0 ? "standby" : "primary";
    PQclear(r);
    return role;
}
