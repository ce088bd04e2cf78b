/* recompute.c (store): the recompute locks, data versions and alert marks (see
 * store/recompute.h). */
#include "store/recompute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/book.h"
#include "store/db.h"
#include "util/err.h"

/* The committed versions of authority `id` and of the universe, as columns av and uv. */
#define VERSIONS_OF(id)                                                                            \
    "coalesce((SELECT version FROM change_versions WHERE scope = " id "), 0) AS av,"              \
    " coalesce((SELECT version FROM change_versions WHERE scope = 0), 0) AS uv"
/* Column current: whether the mark m (alert_marks, LEFT JOINed) is row v's versions at $2. */
#define IN_LINE(v)                                                                                 \
    "coalesce(m.universe_version = " v ".uv AND m.authority_version = " v ".av"                    \
    " AND m.as_of = $2::date, false) AS current"

int recompute_lock(PGconn *c, const int64_t *ids, int n, date_t as_of, int64_t *uv, int64_t *av, bool *current)
{
    char *arr, d[DATE_BUFSZ];
    db_id_array(ids, n, &arr);
    const char *p[] = {arr, date_format_iso(as_of, d)};
    PGresult *r = db_query(c, "lock the authorities' alerts",
                           "SELECT s.id, s.av, s.uv, " IN_LINE("s")
                           " FROM (SELECT l.id, pg_advisory_xact_lock(3000, hashtext(l.id::text || ':recompute')) AS locked, "
                           VERSIONS_OF("l.id")
                           "  FROM (SELECT DISTINCT unnest($1::bigint[]) AS id ORDER BY 1 DESC) l OFFSET 0) s"
                           " LEFT JOIN alert_marks m ON m.scope = s.id",
                           2, p);
    free(arr);
    if (!r)
        return -1;
    *uv = PQntuples(r) ? db_get_int(r, 0, "uv") : 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < PQntuples(r); k++)
            if (db_get_int(r, k, "id") == ids[i]) {
                if (av)
                    av[i] = db_get_int(r, k, "av");
                if (current)
                    current[i] = strcmp(db_get(r, k, "current"), "t") == 0;
            }
    PQclear(r);
    return 0;
}

/* Record that the alerts of ids[0..n-1] are in line with versions uv and av[i] at as_of, in the
 * caller's transaction (sql/071). */
int recompute_write_marks(PGconn *c, const int64_t *ids, const int64_t *av, int n, int64_t uv, date_t as_of)
{
    char *arr, *vers, u[24], d[DATE_BUFSZ];
    db_id_array(ids, n, &arr);
    db_id_array(av, n, &vers);
    db_int(uv, u);
    const char *p[] = {arr, vers, u, date_format_iso(as_of, d)};
    int rc = db_exec(c, "mark the alerts in line",
                     "INSERT INTO alert_marks AS m (scope, universe_version, authority_version, as_of)"
                     " SELECT s, $3::bigint, v, $4::date FROM unnest($1::bigint[], $2::bigint[]) AS x(s, v)"
                     " ON CONFLICT (scope) DO UPDATE SET universe_version = excluded.universe_version,"
                     " authority_version = excluded.authority_version, as_of = excluded.as_of",
                     4, p);
    free(arr);
    free(vers);
    return rc;
}

int recompute_read_marks(PGconn *c, const int64_t *ids, int n, date_t as_of, int64_t *uv, int64_t *av,
                         bool *current)
{
    char *arr, d[DATE_BUFSZ];
    db_id_array(ids, n, &arr);
    const char *p[] = {arr, date_format_iso(as_of, d)};
    PGresult *r = db_query(c, "read the data versions",
                           "SELECT v.*, " IN_LINE("v")
                           " FROM (SELECT s.id, s.k, " VERSIONS_OF("s.id")
                           "  FROM unnest($1::bigint[]) WITH ORDINALITY AS s(id, k)) v"
                           " LEFT JOIN alert_marks m ON m.scope = v.id ORDER BY v.k",
                           2, p);
    free(arr);
    if (!r)
        return -1;
    *uv = PQntuples(r) ? db_get_int(r, 0, "uv") : 0;
    for (int k = 0; k < n; k++) {
        av[k] = db_get_int(r, k, "av");
        current[k] = strcmp(db_get(r, k, "current"), "t") == 0;
    }
    PQclear(r);
    return 0;
}

int recompute_authority_ids(PGconn *c, int64_t **ids)
{
    *ids = NULL;
    PGresult *r = db_query(c, "list authorities", "SELECT id FROM authorities ORDER BY id", 0, NULL);
    if (!r)
        return -1;
    int n = PQntuples(r);
    *ids = xcalloc(n ? (unsigned long)n : 1, sizeof **ids);
    for (int i = 0; i < n; i++)
        (*ids)[i] = db_get_int(r, i, "id");
    PQclear(r);
    return n;
}

int recompute_hold_universe(PGconn *c, int64_t *before)
{
    PGresult *r = db_query(c, "hold the universe's version",
                           "SELECT version FROM change_versions WHERE scope = 0 FOR UPDATE", 0, NULL);
    if (!r)
        return -1;
    *before = PQntuples(r) ? db_get_int(r, 0, "version") : 0;
    PQclear(r);
    return 0;
}

int recompute_carry_marks(PGconn *c, int64_t before, const int64_t *ids, int n)
{
    if (before == 0) /* no version row was there to lock: another writer may have bumped it */
        return 0;
    char *arr, b[24];
    db_id_array(ids, n, &arr);
    db_int(before, b);
    const char *p[] = {b, arr};
    int rc = db_exec(c, "carry the other authorities' marks",
                     "UPDATE alert_marks SET universe_version ="
                     " (SELECT version FROM change_versions WHERE scope = 0)"
                     " WHERE universe_version = $1::bigint AND scope <> ALL($2::bigint[])",
                     2, p);
    free(arr);
    return rc;
}
