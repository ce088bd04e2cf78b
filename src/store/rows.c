/* rows.c: store listings' answers as read-only text rows (see rows.h). */
#include "store/rows.h"

#include <stdlib.h>

#include "store/db.h"
#include "util/err.h"

struct rows {
    PGresult *res; /* owned */
};

struct rows *rows_of(PGresult *res)
{
    if (!res)
        return NULL;
    struct rows *r = xmalloc(sizeof *r);
    r->res = res;
    return r;
}

int rows_count(const struct rows *r)
{
    return r ? PQntuples(r->res) : 0;
}

const char *rows_get(const struct rows *r, int i, const char *col)
{
    return db_get(r->res, i, col);
}

bool rows_isnull(const struct rows *r, int i, const char *col)
{
    return db_isnull(r->res, i, col);
}

int64_t rows_int(const struct rows *r, int i, const char *col)
{
    return db_get_int(r->res, i, col);
}

const char *rows_text(const struct rows *r, int i, const char *col)
{
    return db_isnull(r->res, i, col) ? NULL : db_get(r->res, i, col);
}

const char *rows_at(const struct rows *r, int i, int k)
{
    return PQgetisnull(r->res, i, k) ? NULL : PQgetvalue(r->res, i, k);
}

void rows_free(struct rows *r)
{
    if (!r)
        return;
    PQclear(r->res);
    free(r);
}
