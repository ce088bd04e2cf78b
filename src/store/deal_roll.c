/* deal_roll.c (store): the deal_rolls statements of `prudent deal roll` (see store/deal_roll.h). */
#include "store/deal_roll.h"

#include <stdio.h>

#include "store/db.h"

int deal_rolls_standing(PGconn *c, int64_t id, char *ref, size_t n)
{
    char s[DB_INT_BUFSZ];
    const char *p[] = {db_int(id, s)};
    PGresult *r = db_query(c, "look up the deal's roll",
                           "SELECT i.ref FROM deal_rolls l JOIN investments i ON i.id = l.investment_id"
                           " WHERE l.rolled_from = $1::bigint AND i.status <> 'cancelled' ORDER BY l.id LIMIT 1",
                           1, p);
    if (!r)
        return -1;
    int found = PQntuples(r) == 1;
    if (found)
        snprintf(ref, n, "%s", db_get(r, 0, "ref"));
    PQclear(r);
    return found;
}

int deal_rolls_insert(PGconn *c, int64_t authority_id, const char *new_ref, int64_t rolled_from, const char *by)
{
    char auth[DB_INT_BUFSZ], from[DB_INT_BUFSZ];
    const char *p[] = {db_int(authority_id, auth), new_ref, db_int(rolled_from, from), by};
    return db_exec(c, "link the rolled deal",
                   "INSERT INTO deal_rolls (authority_id, investment_id, rolled_from, entered_by)"
                   " SELECT $1::bigint, id, $3::bigint, $4 FROM investments WHERE authority_id = $1::bigint AND ref = $2",
                   4, p);
}
