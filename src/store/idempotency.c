/* idempotency.c: claiming, answering and releasing Idempotency-Keys (see idempotency.h). */
#include "store/idempotency.h"

#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"

int idem_claim(PGconn *c, int64_t authority_id, const char *user, const char *key,
               const char *request_hash, int *status, char **answer)
{
    char aid[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, aid), user, key, request_hash};
    *answer = NULL;
    /* the INSERT claims; when the key exists, the second statement of the CTE reads the row */
    PGresult *r = db_query(c, "claim the idempotency key",
                           "WITH ins AS (INSERT INTO idempotency_keys (authority_id, user_name, key, request_hash)"
                           " VALUES ($1::bigint, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1)"
                           " SELECT (SELECT count(*) FROM ins) AS claimed, k.request_hash, k.status, k.answer"
                           " FROM (SELECT 1) one LEFT JOIN idempotency_keys k"
                           " ON k.authority_id = $1::bigint AND k.user_name = $2 AND k.key = $3",
                           4, p);
    if (!r)
        return -1;
    int st;
    if (db_get_int(r, 0, "claimed") == 1)
        st = IDEM_CLAIMED;
    else if (db_isnull(r, 0, "request_hash"))
        st = IDEM_IN_PROGRESS; /* released meanwhile: the client may retry */
    else if (strcmp(db_get(r, 0, "request_hash"), request_hash) != 0)
        st = IDEM_MISMATCH;
    else if (db_isnull(r, 0, "status"))
        st = IDEM_IN_PROGRESS;
    else {
        st = IDEM_ANSWERED;
        *status = (int)db_get_int(r, 0, "status");
        *answer = xstrdup(db_get(r, 0, "answer"));
    }
    PQclear(r);
    return st;
}

int idem_answer(PGconn *c, int64_t authority_id, const char *user, const char *key, int status,
                const char *answer)
{
    char aid[DB_INT_BUFSZ], sbuf[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, aid), user, key, db_int(status, sbuf), answer};
    return db_exec(c, "record the idempotency key's answer",
                   "UPDATE idempotency_keys SET status = $4::int, answer = $5, answered_at = now()"
                   " WHERE authority_id = $1::bigint AND user_name = $2 AND key = $3 AND status IS NULL",
                   5, p);
}

int idem_release(PGconn *c, int64_t authority_id, const char *user, const char *key)
{
    char aid[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, aid), user, key};
    return db_exec(c, "release the idempotency key",
                   "DELETE FROM idempotency_keys WHERE authority_id = $1::bigint AND user_name = $2"
                   " AND key = $3 AND status IS NULL",
                   3, p);
}
