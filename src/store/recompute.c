/* recompute.c: lending rules -> alerts for one authority or many (see recompute.h). The
 * counterparties and ratings every authority shares are loaded once per run (struct universe);
 * each authority's book is loaded once and its lending list evaluated once for all its rules. */
#include "store/recompute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/lending.h"
#include "store/alert.h"
#include "store/db.h"
#include "store/indicator_alerts.h"
#include "store/lending.h"
#include "util/err.h"
#include "util/json.h"
#include "views/lending_json.h"

/* The alert kinds the lending rules own: a live alert of one of these kinds with no breach
 * behind it any more is resolved. */
#define LENDING_KINDS                                                                              \
    "{counterparty.over_limit,counterparty.over_duration,counterparty.suspended_exposure,"         \
    "counterparty.not_approved_exposure,group.over_limit,country.over_limit,sector.over_limit}"

static int lending_rules(PGconn *c, int64_t authority_id, date_t as_of, const struct lending_book *lb,
                         const struct lending_list *l, struct recompute_stats *st)
{
    (void)lb;
    int rc = 0;
    for (int i = 0; i < l->nb && rc == 0; i++) {
        cJSON *details = lending_breach_json(&l->b[i]);
        json_add_date(details, "as_of", as_of);
        bool created = false;
        rc = alert_raise(c, authority_id, l->b[i].kind, l->b[i].subject, details, l->b[i].passive, NULL, &created);
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
        for (int j = 0; j < l->nb && !live; j++)
            live = strcmp(l->b[j].kind, kind) == 0 && strcmp(l->b[j].subject, subject) == 0;
        if (live)
            continue;
        int n = alert_resolve(c, authority_id, kind, subject);
        if (n < 0)
            rc = -1;
        else
            st->resolved += n;
    }
    PQclear(r);
    return rc;
}

typedef int (*rule_fn)(PGconn *c, int64_t authority_id, date_t as_of, const struct lending_book *lb,
                       const struct lending_list *l, struct recompute_stats *st);
static const rule_fn rules[] = {lending_rules, indicator_rules, NULL};

/* One authority inside the caller's transaction, with the universe u. */
static int recompute_with(PGconn *c, int64_t authority_id, date_t as_of, const struct universe *u,
                          struct recompute_stats *st)
{
    memset(st, 0, sizeof *st);
    char key[48];
    snprintf(key, sizeof key, "%lld:recompute", (long long)authority_id);
    const char *p[] = {key};
    if (db_exec(c, "lock the authority's alerts", "SELECT pg_advisory_xact_lock(3000, hashtext($1))", 1, p) < 0)
        return -1;
    struct lending_book lb; /* only the deals held at as_of: all that the list and indicators read */
    if (lending_load_with(c, authority_id, u, true, as_of, &lb) < 0)
        return -1;
    struct lending_list l;
    if (lending_evaluate(&lb.in, as_of, &l) < 0) {
        lending_book_free(&lb);
        return -1;
    }
    int rc = 0;
    for (int i = 0; rules[i] && rc == 0; i++)
        rc = rules[i](c, authority_id, as_of, &lb, &l, st) < 0 ? -1 : 0;
    lending_list_free(&l);
    lending_book_free(&lb);
    return rc;
}

int recompute_many_in_tx(PGconn *c, const int64_t *ids, int n, date_t as_of)
{
    if (n == 0)
        return 0;
    struct universe u;
    if (universe_load(c, &u) < 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        struct recompute_stats st;
        rc = recompute_with(c, ids[i], as_of, &u, &st);
    }
    universe_free(&u);
    return rc;
}

int recompute_in_tx(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *stats)
{
    struct recompute_stats dummy;
    struct universe u;
    if (universe_load(c, &u) < 0)
        return -1;
    int rc = recompute_with(c, authority_id, as_of, &u, stats ? stats : &dummy);
    universe_free(&u);
    return rc;
}

/* ---- each authority in its own transaction ------------------------------------------------- */

/* The universe of a run over many authorities, with the version it was loaded at. */
struct shared {
    struct universe u;
    int64_t version;
    bool loaded;
};

/* Make sh hold the committed universe: reload it when its version moved. Recompute never writes
 * counterparties or ratings, so the version read here is a committed one. */
static int fresh_universe(PGconn *c, struct shared *sh)
{
    PGresult *r = db_query(c, "read the universe version",
                           "SELECT coalesce(max(version), 0) AS v FROM change_versions WHERE scope = 0", 0, NULL);
    if (!r)
        return -1;
    int64_t v = db_get_int(r, 0, "v");
    PQclear(r);
    if (sh->loaded && sh->version == v)
        return 0;
    if (sh->loaded)
        universe_free(&sh->u);
    sh->loaded = false;
    if (universe_load(c, &sh->u) < 0)
        return -1;
    sh->version = v;
    sh->loaded = true;
    return 0;
}

struct ctx {
    int64_t authority_id;
    date_t as_of;
    struct recompute_stats *st;
    struct shared *sh;
};

static int body(PGconn *c, void *arg)
{
    struct ctx *x = arg;
    if (fresh_universe(c, x->sh) < 0)
        return -1;
    return recompute_with(c, x->authority_id, x->as_of, &x->sh->u, x->st) < 0 ? -1 : 0;
}

int recompute_list(PGconn *c, const int64_t *ids, int n, date_t as_of, struct recompute_stats *stats)
{
    struct shared sh = {.loaded = false};
    int rc = 0;
    for (int i = 0; i < n; i++) {
        struct recompute_stats dummy;
        struct ctx x = {ids[i], as_of, stats ? &stats[i] : &dummy, &sh};
        if (db_transaction(c, body, &x) != 0) {
            rc = -1;
            if (sh.loaded) /* a failed transaction may have left it half read: start again */
                universe_free(&sh.u);
            sh.loaded = false;
        }
    }
    if (sh.loaded)
        universe_free(&sh.u);
    return rc;
}

int recompute_authority_stats(PGconn *c, int64_t authority_id, date_t as_of, struct recompute_stats *stats)
{
    return recompute_list(c, &authority_id, 1, as_of, stats);
}

int recompute_authority(PGconn *c, int64_t authority_id, date_t as_of)
{
    if (authority_id)
        return recompute_authority_stats(c, authority_id, as_of, NULL);
    PGresult *r = db_query(c, "list authorities", "SELECT id FROM authorities ORDER BY id", 0, NULL);
    if (!r)
        return -1;
    int n = PQntuples(r);
    int64_t *ids = xcalloc(n ? (unsigned long)n : 1, sizeof *ids);
    for (int i = 0; i < n; i++)
        ids[i] = db_get_int(r, i, "id");
    PQclear(r);
    int rc = recompute_list(c, ids, n, as_of, NULL);
    free(ids);
    return rc;
}
