/* capital_plan.c (service): importing a version of a capital plan (see service/capital_plan.h):
 * insert it, or compare it with the version saved for the same date, in one transaction. */
#include "service/capital_plan.h"

#include <stdbool.h>
#include <stdio.h>

#include "store/audit.h"
#include "store/capital_plan.h"
#include "store/db.h"
#include "util/err.h"

struct save {
    const struct authority *a;
    const cJSON *doc;
    const struct capital_plan *p;
    const char *actor;
    bool inserted;
    bool conflict;
};

static int save_body(PGconn *c, void *arg)
{
    struct save *sv = arg;
    char from[DATE_BUFSZ];
    date_format_iso(sv->p->effective_from, from);
    if (capital_plan_insert(c, sv->a->id, sv->doc, sv->p, sv->actor, &sv->inserted) < 0)
        return -1;
    cJSON *now = capital_plan_to_json(sv->p);
    if (sv->inserted) {
        int rc = audit_record(c, sv->actor, sv->a->id, "capital_plan", from, "insert", NULL, now, NULL);
        cJSON_Delete(now);
        return rc;
    }
    cJSON *was;
    if (capital_plan_saved_canonical(c, sv->a->id, sv->p->effective_from, &was) < 0) {
        cJSON_Delete(now);
        return -1;
    }
    sv->conflict = !was || !cJSON_Compare(was, now, true);
    cJSON_Delete(was);
    cJSON_Delete(now);
    return sv->conflict ? 1 : 0;
}

int capital_plan_save_import(PGconn *c, const struct authority *a, const cJSON *doc,
                             const struct capital_plan *p, const char *actor, const char *path)
{
    struct save sv = {.a = a, .doc = doc, .p = p, .actor = actor};
    int rc = db_transaction(c, save_body, &sv);
    char from[DATE_BUFSZ];
    date_format_iso(p->effective_from, from);
    if (rc == 1 && sv.conflict) {
        error("%s: %s already has a different capital plan effective from %s", path, a->code, from);
        detail("nothing imported: a version of the capital plan never changes once imported");
        detail("hint: give the revised plan the date it takes effect as effective_from");
        return EXIT_BAD;
    }
    if (rc != 0)
        return EXIT_DEP;
    printf("imported 1 capital plan: %d new, %d unchanged (%s, effective from %s, %d years)\n",
           sv.inserted ? 1 : 0, sv.inserted ? 0 : 1, a->code, from, p->nyears);
    return EXIT_OK;
}
