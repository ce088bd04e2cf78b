/* db.c: connecting, running parameterised statements, transactions with retry (see db.h). */
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cluster.h"
#include "store/migrate.h"
#include "util/err.h"

static _Thread_local char last_sqlstate[6];

const char *db_last_sqlstate(void)
{
    return last_sqlstate;
}

static bool retryable(const char *state)
{
    return strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0;
}

PGconn *db_connect_raw(void)
{
    const char *env = getenv("PRUDENT_DB");
    char conninfo[1024];
    PGconn *c = NULL;
    if (env && *env) {
        snprintf(conninfo, sizeof conninfo, "%s", env);
    } else {
        struct cluster cl;
        if (cluster_locate(&cl) < 0)
            return NULL;
        cluster_conninfo(&cl, "prudent", conninfo, sizeof conninfo);
        /* Usually the cluster runs and the database exists: connect straight away. Only when
         * that fails is the cluster checked, started and the database created (checking first
         * cost every command one more backend). */
        c = PQconnectdb(conninfo);
        if (PQstatus(c) != CONNECTION_OK) {
            PQfinish(c);
            c = NULL;
            if (cluster_ensure(&cl) < 0)
                return NULL;
        }
    }
    if (!c)
        c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        const char *msg = PQerrorMessage(c);
        error("cannot connect to the database: %.*s", (int)strcspn(msg, "\n"), msg);
        if (env && *env)
            detail("PRUDENT_DB is set; check it or unset it to use the embedded database");
        PQfinish(c);
        return NULL;
    }
    /* Keep the server's chatter (NOTICE) off stderr; errors still come through results. */
    PQsetNoticeProcessor(c, NULL, NULL);
    PGresult *r = PQexec(c, "SET client_min_messages = warning");
    PQclear(r);
    return c;
}

PGconn *db_connect(void)
{
    PGconn *c = db_connect_raw();
    if (!c)
        return NULL;
    if (migrate_apply(c, false) < 0) {
        PQfinish(c);
        return NULL;
    }
    return c;
}

static void report(const PGresult *res, PGconn *c, const char *what)
{
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!primary)
        primary = PQerrorMessage(c);
    error("%s: %.*s", what, (int)strcspn(primary, "\n"), primary);
    const char *d = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    const char *h = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT) : NULL;
    if (d)
        detail("%s", d);
    if (h)
        detail("hint: %s", h);
}

/* A result as db_query answers it: res when it succeeded, else NULL after noting the SQLSTATE
 * and printing why (unless db_transaction will retry it). */
static PGresult *checked(PGresult *res, PGconn *c, const char *what)
{
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
        last_sqlstate[0] = '\0';
        return res;
    }
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    snprintf(last_sqlstate, sizeof last_sqlstate, "%s", state ? state : "");
    if (!retryable(last_sqlstate))
        report(res, c, what);
    PQclear(res);
    return NULL;
}

PGresult *db_query(PGconn *c, const char *what, const char *sql, int n, const char *const *params)
{
    return checked(PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0), c, what);
}

PGresult *db_query_binary(PGconn *c, const char *what, const char *sql, int n,
                          const char *const *params)
{
    return checked(PQexecParams(c, sql, n, NULL, params, NULL, NULL, 1), c, what);
}

int64_t db_binary_int(const PGresult *res, int r, int f)
{
    const unsigned char *b = (const unsigned char *)PQgetvalue(res, r, f);
    int len = PQgetlength(res, r, f);
    uint64_t v = len > 0 && (b[0] & 0x80) ? UINT64_MAX : 0; /* the sign, extended */
    for (int k = 0; k < len && k < 8; k++)
        v = v << 8 | b[k];
    return (int64_t)v;
}

/* The statements this thread has prepared, and on which connection. */
enum { PREPARED_MAX = 8 };
static _Thread_local struct {
    const PGconn *c;
    const char *name;
} prepared[PREPARED_MAX];

static bool is_prepared(const PGconn *c, const char *name)
{
    for (int i = 0; i < PREPARED_MAX; i++)
        if (prepared[i].c == c && prepared[i].name && strcmp(prepared[i].name, name) == 0)
            return true;
    return false;
}

static int prepare(PGconn *c, const char *name, const char *what, const char *sql, int n)
{
    PGresult *res = checked(PQprepare(c, name, sql, n, NULL), c, what);
    if (!res)
        return -1;
    PQclear(res);
    int slot = -1; /* a free slot, else one of another connection, else the first */
    for (int i = 0; i < PREPARED_MAX && slot < 0; i++)
        if (!prepared[i].c)
            slot = i;
    for (int i = 0; i < PREPARED_MAX && slot < 0; i++)
        if (prepared[i].c != c)
            slot = i;
    if (slot < 0)
        slot = 0;
    prepared[slot].c = c;
    prepared[slot].name = name;
    return 0;
}

PGresult *db_query_prepared(PGconn *c, const char *name, const char *what, const char *sql, int n,
                            const char *const *params)
{
    if (!is_prepared(c, name) && prepare(c, name, what, sql, n) < 0)
        return NULL;
    PGresult *res = PQexecPrepared(c, name, n, params, NULL, NULL, 0);
    const char *state = PQresultStatus(res) == PGRES_FATAL_ERROR ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state && strcmp(state, "26000") == 0) { /* a new connection at the same address: prepare again */
        PQclear(res);
        if (prepare(c, name, what, sql, n) < 0)
            return NULL;
        res = PQexecPrepared(c, name, n, params, NULL, NULL, 0);
    }
    return checked(res, c, what);
}

int db_exec(PGconn *c, const char *what, const char *sql, int n, const char *const *params)
{
    PGresult *res = db_query(c, what, sql, n, params);
    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

int db_send(PGconn *c, const char *what, const char *sql)
{
    if (PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0))
        return 0;
    const char *msg = PQerrorMessage(c);
    return error("%s: %.*s", what, (int)strcspn(msg, "\n"), msg);
}

int db_finish(PGconn *c, const char *what)
{
    /* Every result up to the NULL that ends the statement; the first failure is the one told. */
    int rc = 0;
    PGresult *res;
    while ((res = PQgetResult(c)) != NULL) {
        if (rc == 0 && !(res = checked(res, c, what))) /* checked cleared it */
            rc = -1;
        PQclear(res);
    }
    return rc;
}

int db_begin(PGconn *c)
{
    return db_exec(c, "begin transaction", "BEGIN", 0, NULL);
}

int db_commit(PGconn *c)
{
    return db_exec(c, "commit", "COMMIT", 0, NULL);
}

void db_rollback(PGconn *c)
{
    PGresult *r = PQexec(c, "ROLLBACK");
    PQclear(r);
}

int db_transaction(PGconn *c, int (*body)(PGconn *c, void *arg), void *arg)
{
    for (int attempt = 0;; attempt++) {
        if (db_begin(c) < 0)
            return -1;
        int rc = body(c, arg);
        if (rc == 0 && db_commit(c) == 0)
            return 0;
        bool again = retryable(last_sqlstate) && attempt < 5;
        db_rollback(c);
        if (!again)
            return rc ? rc : -1;
        last_sqlstate[0] = '\0';
    }
}

const char *db_get(const PGresult *res, int r, const char *col)
{
    int f = PQfnumber(res, col);
    if (f < 0)
        return "";
    return PQgetvalue(res, r, f);
}

bool db_isnull(const PGresult *res, int r, const char *col)
{
    int f = PQfnumber(res, col);
    return f < 0 || PQgetisnull(res, r, f);
}

int64_t db_get_int(const PGresult *res, int r, const char *col)
{
    return strtoll(db_get(res, r, col), NULL, 10);
}
