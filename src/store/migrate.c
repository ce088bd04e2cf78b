/* migrate.c: applying the compiled-in migrations (see migrate.h). */
#include "store/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"

#define MIGRATE_LOCK_KEY "7061727564656e74" /* arbitrary, fixed: "prudent" in hex */
/* The first migration after which the runner calls prudent_tenant_protect_new() (the one that
 * creates it). */
#define TENANT_GUARD_FROM 73
/* The first migration after which it calls prudent_versioned_refresh() (sql/116): columns added
 * to a versioned table reach its history table and its "as known at" view. */
#define HISTORY_REFRESH_FROM 116

/* How many of the compiled-in migrations are not recorded yet (a migration with a lower number
 * than one already applied still counts: branches land in any order). */
static int count_pending(PGconn *c, int *pending)
{
    PGresult *r = db_query(c, "read schema version", "SELECT version FROM schema_migrations", 0, NULL);
    if (!r)
        return -1;
    *pending = 0;
    for (int i = 0; i < prudent_migrations_count; i++) {
        bool found = false;
        for (int k = 0; k < PQntuples(r) && !found; k++)
            found = atoi(PQgetvalue(r, k, 0)) == prudent_migrations[i].version;
        if (!found)
            ++*pending;
    }
    PQclear(r);
    return 0;
}

/* Whether this migration is recorded: 1 yes, 0 no, -1 on error. */
static int is_applied(PGconn *c, int version)
{
    char ver[16];
    snprintf(ver, sizeof ver, "%d", version);
    const char *p[] = {ver};
    PGresult *r = db_query(c, "read schema version",
                           "SELECT 1 FROM schema_migrations WHERE version = $1::int", 1, p);
    if (!r)
        return -1;
    int found = PQntuples(r) > 0;
    PQclear(r);
    return found;
}

static int apply_one(PGconn *c, const struct migration *m)
{
    char what[160], ver[16];
    snprintf(what, sizeof what, "migration %03d_%s", m->version, m->name);
    snprintf(ver, sizeof ver, "%d", m->version);
    if (db_begin(c) < 0)
        return -1;
    /* A migration file is several statements of our own SQL (no input in it), which only the
     * simple-query protocol accepts: the one place prudent uses PQexec for statements. */
    PGresult *r = PQexec(c, m->sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
        const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        error("%s failed: %s", what, msg ? msg : PQerrorMessage(c));
        PQclear(r);
        db_rollback(c);
        return -1;
    }
    PQclear(r);
    /* The tenancy safety net (sql/073): whatever this migration made is protected before it
     * is recorded, as the event trigger of sql/051 did until then. */
    if (m->version >= TENANT_GUARD_FROM &&
        db_exec(c, what, "SELECT prudent_tenant_protect_new()", 0, NULL) < 0) {
        db_rollback(c);
        return -1;
    }
    if (m->version >= HISTORY_REFRESH_FROM &&
        db_exec(c, what, "SELECT prudent_versioned_refresh()", 0, NULL) < 0) {
        db_rollback(c);
        return -1;
    }
    const char *p[] = {ver, m->name};
    if (db_exec(c, what, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", 2, p) < 0) {
        db_rollback(c);
        return -1;
    }
    return db_commit(c);
}

/* migrate_apply's work; see there. */
static int apply_pending(PGconn *c, bool verbose)
{
    /* CREATE TABLE IF NOT EXISTS costs a few milliseconds of catalog work on every connection
     * (every CLI verb): only a database without the table needs it */
    PGresult *t = db_query(c, "look for schema_migrations", "SELECT to_regclass('schema_migrations') IS NULL", 0, NULL);
    if (!t)
        return -1;
    bool missing = strcmp(PQgetvalue(t, 0, 0), "t") == 0;
    PQclear(t);
    const char *key[] = {MIGRATE_LOCK_KEY};
    /* Two first uses at once would both create it (IF NOT EXISTS does not stop two concurrent
     * CREATEs: the second fails on the catalogue's unique key), so the first use creates it
     * under the migration lock. */
    if (missing) {
        if (db_exec(c, "lock for migration", "SELECT pg_advisory_lock(('x' || $1)::bit(64)::bigint)", 1, key) < 0)
            return -1;
        int rc = db_exec(c, "create schema_migrations",
                         "CREATE TABLE IF NOT EXISTS schema_migrations ("
                         " version int PRIMARY KEY, name text NOT NULL,"
                         " applied_at timestamptz NOT NULL DEFAULT now())",
                         0, NULL);
        db_exec(c, "unlock after creating schema_migrations",
                "SELECT pg_advisory_unlock(('x' || $1)::bit(64)::bigint)", 1, key);
        if (rc < 0)
            return -1;
    }
    int pending;
    if (count_pending(c, &pending) < 0)
        return -1;
    if (pending == 0)
        return 0;
    if (db_exec(c, "lock for migration", "SELECT pg_advisory_lock(('x' || $1)::bit(64)::bigint)", 1, key) < 0)
        return -1;
    int applied = 0, rc = 0;
    for (int i = 0; rc == 0 && i < prudent_migrations_count; i++) {
        const struct migration *m = &prudent_migrations[i];
        int done = is_applied(c, m->version); /* another process may have applied it meanwhile */
        if (done < 0) {
            rc = -1;
            break;
        }
        if (done)
            continue;
        if (apply_one(c, m) < 0) {
            rc = -1;
            break;
        }
        applied++;
        if (verbose)
            printf("applied %03d_%s\n", m->version, m->name);
    }
    db_exec(c, "unlock after migration", "SELECT pg_advisory_unlock(('x' || $1)::bit(64)::bigint)", 1, key);
    return rc < 0 ? -1 : applied;
}

int migrate_apply(PGconn *c, bool verbose)
{
    /* statements run once per migration are not worth preparing, and the schema moves under them */
    db_prepare_pause(c, true);
    int rc = apply_pending(c, verbose);
    db_prepare_pause(c, false);
    return rc;
}
