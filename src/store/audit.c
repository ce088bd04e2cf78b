/* audit.c: one row of audit_log through the database's audit_write (sql/130_audit_writes.sql:
 * it writes only with a change, in the request user's name; the trigger chains the hash), and the
 * trail's latest entries for `prudent audit log` (see audit.h). */
#include "store/audit.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/db.h"

int audit_record(PGconn *c, const char *actor, int64_t authority_id, const char *entity,
                 const char *key, const char *action, const cJSON *before, const cJSON *after,
                 const char *reason)
{
    char idbuf[DB_INT_BUFSZ];
    char *b = before ? cJSON_PrintUnformatted(before) : NULL;
    char *a = after ? cJSON_PrintUnformatted(after) : NULL;
    db_int(authority_id, idbuf);
    const char *p[] = {actor, authority_id ? idbuf : NULL, entity, key, action, b, a, reason};
    int rc = db_exec(c, "record audit trail",
                     "SELECT audit_write($1, $2::bigint, $3, $4, $5, $6::jsonb, $7::jsonb, $8)",
                     8, p);
    free(b);
    free(a);
    return rc;
}

const char *audit_cli_actor(void)
{
    static char name[64];
    if (!name[0]) {
        struct passwd *pw = getpwuid(getuid());
        snprintf(name, sizeof name, "%s", pw ? pw->pw_name : "unknown");
    }
    return name;
}

struct rows *audit_entries(PGconn *c, const char *key, const char *entity, const char *authority, int limit)
{
    char lim[DB_INT_BUFSZ];
    const char *p[] = {key, entity, authority, db_int(limit, lim)};
    return rows_of(db_query(c, "read audit trail",
                            "SELECT * FROM (SELECT l.seq, to_char(l.at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF') AS at,"
                            " l.actor, a.code AS authority, l.entity, l.entity_key, l.action,"
                            " l.before::text AS before, l.after::text AS after, l.reason"
                            " FROM audit_log l LEFT JOIN authorities a ON a.id = l.authority_id"
                            " WHERE ($1::text IS NULL OR l.entity_key = $1)"
                            " AND ($2::text IS NULL OR l.entity = $2)"
                            " AND ($3::text IS NULL OR a.code = $3)"
                            " ORDER BY l.seq DESC LIMIT $4::int) t ORDER BY seq",
                            4, p));
}
