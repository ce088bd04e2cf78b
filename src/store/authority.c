/* authority.c: adding authorities and resolving --authority (see authority.h). */
#include "store/authority.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "util/err.h"

bool authority_code_valid(const char *code)
{
    size_t n = strlen(code);
    if (n < 2 || n > 16)
        return false;
    for (const char *p = code; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

int authority_add(PGconn *c, const char *code, const char *name, const char *actor)
{
    if (db_begin(c) < 0)
        return -1;
    const char *p[] = {code, name};
    PGresult *r = db_query(c, "add authority",
                           "INSERT INTO authorities (code, name) VALUES ($1, $2) "
                           "ON CONFLICT (code) DO NOTHING RETURNING id", 2, p);
    if (!r) {
        db_rollback(c);
        return -1;
    }
    if (PQntuples(r) == 0) {
        PQclear(r);
        db_rollback(c);
        return 1;
    }
    int64_t id = db_get_int(r, 0, "id");
    PQclear(r);
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "code", code);
    cJSON_AddStringToObject(after, "name", name);
    int rc = audit_record(c, actor, id, "authority", code, "insert", NULL, after, NULL);
    cJSON_Delete(after);
    if (rc < 0 || db_commit(c) < 0) {
        db_rollback(c);
        return -1;
    }
    return 0;
}

int authority_resolve(PGconn *c, const char *code, struct authority *out)
{
    if (!code || !*code)
        code = getenv("PRUDENT_AUTHORITY");
    PGresult *r;
    if (code && *code) {
        const char *p[] = {code};
        r = db_query(c, "look up authority", "SELECT id, code FROM authorities WHERE code = $1", 1, p);
        if (!r)
            return EXIT_DEP;
        if (PQntuples(r) == 0) {
            PQclear(r);
            return fail(EXIT_BAD, "unknown authority \"%s\" (see `prudent authority list`)", code);
        }
    } else {
        r = db_query(c, "list authorities", "SELECT id, code FROM authorities ORDER BY code LIMIT 2", 0, NULL);
        if (!r)
            return EXIT_DEP;
        if (PQntuples(r) != 1) {
            int n = PQntuples(r);
            PQclear(r);
            if (n == 0)
                return fail(EXIT_BAD, "no authority yet: add one with `prudent authority add CODE --name NAME`");
            return fail(EXIT_BAD, "several authorities exist: choose one with --authority CODE or PRUDENT_AUTHORITY");
        }
    }
    out->id = db_get_int(r, 0, "id");
    snprintf(out->code, sizeof out->code, "%s", db_get(r, 0, "code"));
    PQclear(r);
    return EXIT_OK;
}

struct rows *authority_rows(PGconn *c, const char *code)
{
    const char *p[] = {code};
    return rows_of(db_query(c, "list authorities",
                            "SELECT id, code, name FROM authorities WHERE $1::text IS NULL OR code = $1"
                            " ORDER BY code",
                            1, p));
}

int authority_find(PGconn *c, const char *code, struct authority *out, char **name)
{
    const char *p[] = {code};
    PGresult *r;
    int found = db_query_one(c, "look up authority", "SELECT id, code, name FROM authorities WHERE code = $1",
                             1, p, &r);
    if (found != 1)
        return found;
    out->id = db_get_int(r, 0, "id");
    snprintf(out->code, sizeof out->code, "%s", db_get(r, 0, "code"));
    if (name)
        *name = xstrdup(db_get(r, 0, "name"));
    PQclear(r);
    return 1;
}
