/* audit.c: one INSERT into audit_log; the database chains the hash (see audit.h). */
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
    char idbuf[24];
    char *b = before ? cJSON_PrintUnformatted(before) : NULL;
    char *a = after ? cJSON_PrintUnformatted(after) : NULL;
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)authority_id);
    const char *p[] = {actor, authority_id ? idbuf : NULL, entity, key, action, b, a, reason};
    int rc = db_exec(c, "record audit trail",
                     "INSERT INTO audit_log (actor, authority_id, entity, entity_key, action,"
                     " before, after, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
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
