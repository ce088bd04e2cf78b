/* session.c: the web pages' sessions in the database (see session.h). */
#include "store/session.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"

int session_find(PGconn *c, const char *id_hash, struct api_user *u, char csrf_hash[65], bool *stale)
{
    const char *p[] = {id_hash};
    PGresult *r = db_query(c, "look up the web session",
                           "SELECT u.id, u.name, u.role, u.all_authorities, encode(s.csrf_hash, 'hex') AS csrf,"
                           " s.last_seen_at < now() - interval '60 seconds' AS stale"
                           " FROM web_sessions s JOIN users u ON u.id = s.user_id"
                           " WHERE s.id_hash = decode($1, 'hex') AND u.revoked_at IS NULL AND s.expires_at > now()"
                           " AND s.last_seen_at + make_interval(secs => s.idle_seconds) > now()",
                           1, p);
    if (!r)
        return -1;
    if (PQntuples(r) != 1) {
        PQclear(r);
        return 1;
    }
    user_from_row(r, 0, u);
    snprintf(csrf_hash, 65, "%s", db_get(r, 0, "csrf"));
    *stale = strcmp(db_get(r, 0, "stale"), "t") == 0;
    PQclear(r);
    return 0;
}

int session_touch(PGconn *c, const char *id_hash)
{
    const char *p[] = {id_hash};
    return db_exec(c, "touch the web session",
                   "UPDATE web_sessions SET last_seen_at = now() WHERE id_hash = decode($1, 'hex')", 1, p);
}

int session_purge(PGconn *c)
{
    return db_exec(c, "purge expired web sessions",
                   "DELETE FROM web_sessions WHERE expires_at <= now()"
                   " OR last_seen_at + make_interval(secs => idle_seconds) <= now()", 0, NULL);
}

int session_open(PGconn *c, const char *id_hash, const char *csrf_hash, int64_t user_id, int idle_seconds,
                 int max_seconds, int per_user)
{
    char uid[DB_INT_BUFSZ], idle[DB_INT_BUFSZ], life[DB_INT_BUFSZ], max[DB_INT_BUFSZ];
    const char *p[] = {id_hash, csrf_hash, db_int(user_id, uid), db_int(idle_seconds, idle),
                       db_int(max_seconds, life)};
    if (db_exec(c, "open a web session",
                "INSERT INTO web_sessions (id_hash, csrf_hash, user_id, idle_seconds, expires_at)"
                " VALUES (decode($1, 'hex'), decode($2, 'hex'), $3::bigint, $4::integer,"
                " now() + make_interval(secs => $5::integer))",
                5, p) < 0)
        return -1;
    const char *q[] = {uid, db_int(per_user, max)}; /* a user's oldest sessions end beyond the cap */
    return db_exec(c, "cap the user's web sessions",
                   "DELETE FROM web_sessions WHERE user_id = $1::bigint AND id_hash NOT IN"
                   " (SELECT id_hash FROM web_sessions WHERE user_id = $1::bigint"
                   " ORDER BY created_at DESC, id_hash LIMIT $2::integer)",
                   2, q);
}

int session_end(PGconn *c, const char *id_hash)
{
    const char *p[] = {id_hash};
    return db_exec(c, "end the web session", "DELETE FROM web_sessions WHERE id_hash = decode($1, 'hex')", 1, p);
}
