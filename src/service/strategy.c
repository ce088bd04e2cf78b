/* strategy.c (service): importing a version of a strategy (see service/strategy.h): insert it,
 * or compare it with the version saved for the same date, in one transaction. */
#include "service/strategy.h"

#include <stdbool.h>
#include <stdio.h>

#include "core/strategy_json.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/strategy.h"
#include "util/err.h"

struct save {
    const struct authority *a;
    const cJSON *doc;
    const struct strategy *s;
    const char *actor;
    const char *path;
    bool inserted;
    bool conflict;
};

static int save_body(PGconn *c, void *arg)
{
    struct save *sv = arg;
    char from[DATE_BUFSZ];
    date_format_iso(sv->s->effective_from, from);
    if (strategy_insert(c, sv->a->id, sv->doc, sv->s, &sv->inserted) < 0)
        return -1;
    if (sv->inserted) {
        cJSON *canon = strategy_to_json(sv->s);
        int rc = audit_record(c, sv->actor, sv->a->id, "strategy", from, "insert", NULL, canon, NULL);
        cJSON_Delete(canon);
        return rc;
    }
    cJSON *was;
    if (strategy_saved_canonical(c, sv->a->id, sv->s->effective_from, &was) < 0)
        return -1;
    cJSON *now = strategy_to_json(sv->s);
    sv->conflict = !was || !cJSON_Compare(was, now, true);
    cJSON_Delete(was);
    cJSON_Delete(now);
    return sv->conflict ? 1 : 0;
}

int strategy_save_import(PGconn *c, const struct authority *a, const cJSON *doc,
                         const struct strategy *s, const char *actor, const char *path)
{
    struct save sv = {.a = a, .doc = doc, .s = s, .actor = actor, .path = path};
    int rc = db_transaction(c, save_body, &sv);
    char from[DATE_BUFSZ];
    date_format_iso(s->effective_from, from);
    if (rc == 1 && sv.conflict) {
        error("%s: %s already has a different strategy effective from %s", path, a->code, from);
        detail("nothing imported: a version of the strategy never changes once imported");
        detail("hint: give the revised strategy the date it takes effect as effective_from");
        return EXIT_BAD;
    }
    if (rc != 0)
        return EXIT_DEP;
    printf("imported 1 strategy: %d new, %d unchanged (%s, effective from %s)\n",
           sv.inserted ? 1 : 0, sv.inserted ? 0 : 1, a->code, from);
    return EXIT_OK;
}
