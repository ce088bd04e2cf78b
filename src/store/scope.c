/* scope.c: the tenant scope and role of an HTTP request or a CLI verb acting as a user (see scope.h). */
#include "store/scope.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"

int scope_user_authorities(PGconn *c, int64_t user_id, bool all_authorities, char *ids, size_t n)
{
    char uid[DB_INT_BUFSZ];
    const char *p[] = {db_int(user_id, uid), all_authorities ? "true" : "false"};
    PGresult *r = db_query(c, "list the user's authorities",
                           "SELECT coalesce(array_agg(id ORDER BY id), '{}')::text AS ids FROM authorities"
                           " WHERE $2::boolean OR id IN (SELECT authority_id FROM user_authorities"
                           " WHERE user_id = $1)", 2, p);
    if (!r)
        return -1;
    snprintf(ids, n, "%s", db_get(r, 0, "ids"));
    int fits = strlen(db_get(r, 0, "ids")) < n;
    PQclear(r);
    return fits ? 0 : error("too many authorities for one request");
}

int scope_set(PGconn *c, const char *ids, const char *user, bool transaction_only, bool as_owner)
{
    const char *p[] = {ids, user, transaction_only ? "true" : "false"};
    if (as_owner)
        return db_exec(c, "set the request's scope",
                       "SELECT set_config('prudent.authority_ids', $1, $3::boolean),"
                       " set_config('prudent.user', $2, $3::boolean)", 3, p);
    /* the scope and the drop to the service role in one statement (set_config('role') is SET
     * ROLE: it fails unless this session may become prudent_service) */
    return db_exec(c, "set the request's scope and role",
                   "SELECT set_config('prudent.authority_ids', $1, $3::boolean),"
                   " set_config('prudent.user', $2, $3::boolean), set_config('role', 'prudent_service', $3::boolean)",
                   3, p);
}

int scope_grant(PGconn *owner, int app_pid, const char *ids, const char *user)
{
    char pid[DB_INT_BUFSZ];
    const char *p[] = {db_int(app_pid, pid), ids, user};
    return db_exec(owner, "grant the request connection its scope",
                   "INSERT INTO request_grants (pid, authority_ids, user_name) VALUES ($1, $2, $3)"
                   " ON CONFLICT (pid) DO UPDATE SET authority_ids = EXCLUDED.authority_ids,"
                   " user_name = EXCLUDED.user_name, granted_at = clock_timestamp()", 3, p);
}

int scope_revoke(PGconn *owner, int app_pid)
{
    char pid[DB_INT_BUFSZ];
    const char *p[] = {db_int(app_pid, pid)};
    return db_exec(owner, "withdraw the connection's scope", "DELETE FROM request_grants WHERE pid = $1", 1, p);
}

int scope_enter(PGconn *app, bool transaction_only)
{
    /* fixed text, no parameters: the simple protocol takes both statements in one round trip */
    PGresult *r = transaction_only ? PQexec(app, "BEGIN; SET LOCAL ROLE prudent_service")
                                   : PQexec(app, "SET ROLE prudent_service");
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok && PQstatus(app) == CONNECTION_OK && PQtransactionStatus(app) != PQTRANS_IDLE)
        db_rollback(app);
    return ok ? 0 : -1;
}

int scope_reset(PGconn *c)
{
    if (PQtransactionStatus(c) != PQTRANS_IDLE)
        db_rollback(c);
    PGresult *r = PQexec(c, "RESET ROLE; RESET prudent.authority_ids; RESET \"prudent.user\"");
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok ? 0 : -1;
}

int scope_each_gap(PGconn *c, void (*fn)(void *arg, const char *gap), void *arg)
{
    PGresult *r = db_query(c, "look for holes in tenant isolation", "SELECT * FROM prudent_tenant_gaps()", 0, NULL);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++)
        fn(arg, PQgetvalue(r, i, 0));
    PQclear(r);
    return 0;
}
