/* report_meta.c: the little a report needs from the database beyond the views: the authority's
 * full name for its title page. */
#include "store/report_meta.h"

#include <stdio.h>

#include "store/db.h"
#include "util/err.h"

int store_authority_name(PGconn *c, int64_t id, char *buf, size_t n)
{
    char idtext[DB_INT_BUFSZ];
    db_int(id, idtext);
    const char *p[] = {idtext};
    PGresult *r = db_query(c, "look up the authority's name", "SELECT name FROM authorities WHERE id = $1", 1, p);
    if (!r)
        return EXIT_DEP;
    if (PQntuples(r) != 1) {
        PQclear(r);
        return fail(EXIT_BAD, "no authority with id %lld", (long long)id);
    }
    snprintf(buf, n, "%s", db_get(r, 0, "name"));
    PQclear(r);
    return EXIT_OK;
}
