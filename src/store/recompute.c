/* recompute.c: lending rules -> alerts for one authority (see recompute.h). */
#include "store/recompute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lending.h"
#include "store/alert.h"
#include "store/db.h"
#include "store/indicator_alerts.h"
#include "store/lending.h"
#include "util/json.h"
#include "views/lending_json.h"

/* The alert kinds the lending rules own: a live alert of one of these kinds with no breach
 * behind it any more is resolved. */
#define LENDING_KINDS                                                                              \
    "{counterparty.over_limit,counterparty.over_duration,counterparty.suspended_exposure,"         \
    "counterparty.not_approved_exposure,group.over_limit,country.over_limit,sector.over_limit}"

static int lending_rules(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *st)
{
    struct lending_book lb;
    if (lending_load(c, authority_id, &lb) < 0)
        return -1;
    struct lending_list l;
    if (lending_evaluate(&lb.in, as_of, &l) < 0) {
        lending_book_free(&lb);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < l.nb && rc == 0; i++) {
        cJSON *details = lending_breach_json(&l.b[i]);
        json_add_date(details, "as_of", as_of);
        bool created = false;
        rc = alert_raise(c, authority_id, l.b[i].kind, l.b[i].subject, details, l.b[i].passive, NULL, &created);
        cJSON_Delete(details);
        st->breaches++;
        st->raised += created;
    }
    char auth[24];
    snprintf(auth, sizeof auth, "%lld", (long long)authority_id);
    const char *p[] = {auth, LENDING_KINDS};
    PGresult *r = rc == 0 ? db_query(c, "read live alerts",
                                     "SELECT kind, subject FROM alerts WHERE authority_id = $1"
                                     " AND state <> 'resolved' AND kind = ANY($2::text[])",
                                     2, p)
                          : NULL;
    if (!r)
        rc = -1;
    for (int i = 0; r && i < PQntuples(r) && rc == 0; i++) {
        const char *kind = db_get(r, i, "kind"), *subject = db_get(r, i, "subject");
        bool live = false;
        for (int j = 0; j < l.nb && !live; j++)
            live = strcmp(l.b[j].kind, kind) == 0 && strcmp(l.b[j].subject, subject) == 0;
        if (live)
            continue;
        int n = alert_resolve(c, authority_id, kind, subject);
        if (n < 0)
            rc = -1;
        else
            st->resolved += n;
    }
    PQclear(r);
    lending_list_free(&l);
    lending_book_free(&lb);
    return rc;
}

typedef int (*rule_fn)(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *st);
static const rule_fn rules[] = {lending_rules, indicator_rules, NULL};

int recompute_in_tx(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *stats)
{
    struct recompute_stats dummy;
    struct recompute_stats *st = stats ? stats : &dummy;
    memset(st, 0, sizeof *st);
    char key[48];
    snprintf(key, sizeof key, "%lld:recompute", (long long)authority_id);
    const char *p[] = {key};
    if (db_exec(c, "lock the authority's alerts", "SELECT pg_advisory_xact_lock(3000, hashtext($1))", 1, p) < 0)
        return -1;
    for (int i = 0; rules[i]; i++)
        if (rules[i](c, authority_id, as_of, st) < 0)
            return -1;
    return 0;
}

struct ctx {
    int64_t authority_id;
    date_t as_of;
    struct recompute_stats *st;
};

static int body(PGconn *c, void *arg)
{
    struct ctx *x = arg;
    return recompute_in_tx(c, x->authority_id, x->as_of, x->st) < 0 ? -1 : 0;
}

int recompute_authority_stats(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *stats)
{
    struct recompute_stats dummy;
    struct ctx x = {authority_id, as_of, stats ? stats : &dummy};
    return db_transaction(c, body, &x) == 0 ? 0 : -1;
}

int recompute_authority(PGconn *c, int64_t authority_id, date_t as_of)
{
    return recompute_authority_stats(c, authority_id, as_of, NULL);
}
