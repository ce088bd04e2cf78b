/* officer.c (service): recording officer actions on a lending list (see service/officer.h); the
 * statements are store/officer.h's. */
#include "service/officer.h"

#include <stdio.h>
#include <string.h>

#include "service/recompute.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/officer.h"
#include "util/err.h"
#include "util/json.h"

static const char *const names[] = {"suspend", "restrict", "reinstate"};

struct ctx {
    const struct authority *a;
    const struct officer_request *r;
};

static int body(PGconn *c, void *arg)
{
    struct ctx *x = arg;
    const struct officer_request *r = x->r;
    int64_t cp;
    char code[CODE_MAX];
    int f = officer_find_counterparty(c, r->counterparty, &cp, code);
    if (f < 0)
        return EXIT_DEP;
    if (f > 0)
        return fail(EXIT_BAD, "no counterparty with code or name \"%s\"", r->counterparty);
    if (officer_action_insert(c, x->a->id, cp, names[r->kind], r->limit, r->max_days, r->from, r->reason, r->by) < 0)
        return EXIT_DEP;
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "action", names[r->kind]);
    json_add_date(after, "from", r->from);
    if (r->kind == OFFICER_RESTRICT) {
        json_add_money_or_null(after, "limit", r->limit.unlimited ? NULL : &r->limit.amount);
        if (r->max_days.unbounded)
            cJSON_AddNullToObject(after, "max_days");
        else
            cJSON_AddNumberToObject(after, "max_days", r->max_days.days);
    }
    int rc = audit_record(c, r->by, x->a->id, "counterparty", code, names[r->kind], NULL, after, r->reason);
    cJSON_Delete(after);
    if (rc < 0 || recompute_in_tx(c, x->a->id, r->today, NULL) < 0)
        return EXIT_DEP;
    return EXIT_OK;
}

int officer_act(PGconn *c, const struct authority *a, const struct officer_request *r)
{
    if (r->kind != OFFICER_REINSTATE && (!r->reason || !r->reason[0]))
        return fail(EXIT_BAD, "%s needs --reason TEXT", names[r->kind]);
    if (r->kind == OFFICER_RESTRICT && r->limit.unlimited && r->max_days.unbounded)
        return fail(EXIT_BAD, "restrict needs --limit AMOUNT or --max-days N (or both)");
    if (r->kind == OFFICER_RESTRICT && !r->limit.unlimited && r->limit.amount < 0)
        return fail(EXIT_BAD, "--limit must not be negative");
    struct ctx x = {a, r};
    int rc = db_transaction(c, body, &x);
    return rc < 0 ? EXIT_DEP : rc;
}
