/* officer.c: recording officer actions on a lending list (see officer.h). */
#include "service/officer.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "service/recompute.h"
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
    const char *q[] = {r->counterparty};
    PGresult *res = db_query(c, "look up counterparty",
                             "SELECT id, code FROM counterparties WHERE code = $1 OR name = $1"
                             " ORDER BY (code = $1) DESC LIMIT 1",
                             1, q);
    if (!res)
        return EXIT_DEP;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return fail(EXIT_BAD, "no counterparty with code or name \"%s\"", r->counterparty);
    }
    char auth[24], cp[24], code[CODE_MAX], amount[MONEY_BUFSZ], days[16], from[DATE_BUFSZ];
    snprintf(cp, sizeof cp, "%s", db_get(res, 0, "id"));
    snprintf(code, sizeof code, "%s", db_get(res, 0, "code"));
    PQclear(res);
    snprintf(auth, sizeof auth, "%lld", (long long)x->a->id);
    money_format(r->limit.amount, MONEY_PLAIN, amount);
    snprintf(days, sizeof days, "%d", r->max_days.days);
    date_format_iso(r->from, from);
    const char *p[] = {auth, cp, names[r->kind], r->limit.unlimited ? NULL : amount,
                       r->max_days.unbounded ? NULL : days, from, r->reason, r->by};
    if (db_exec(c, "record officer action",
                "INSERT INTO counterparty_actions (authority_id, counterparty_id, action, limit_amount,"
                " max_days, from_date, reason, by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                8, p) < 0)
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
