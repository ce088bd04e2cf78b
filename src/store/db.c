/* db.c: connecting, running parameterised statements, transactions with retry (see db.h). */
#include "store/db.h"

#include <stdint.h>
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

/* The first line of libpq's reason for c's failure into why (n bytes; nothing when why is NULL). */
static void first_line(const PGconn *c, char *why, size_t n)
{
    if (!why || !n)
        return;
    const char *msg = PQerrorMessage(c);
    snprintf(why, n, "%.*s", (int)strcspn(msg, "\n"), msg);
}

/* The set-up every connection gets (see db_connect_to); frees c and returns NULL if it failed. */
static PGconn *connected(PGconn *c, char *why, size_t n)
{
    if (PQstatus(c) != CONNECTION_OK) {
        first_line(c, why, n);
        PQfinish(c);
        return NULL;
    }
    /* Keep the server's chatter (NOTICE) off stderr; errors still come through results. */
    PQsetNoticeProcessor(c, NULL, NULL);
    /* No JIT: prudent's statements are short and run often, and at full size a book load's
     * estimated cost passes jit_above_cost, so PostgreSQL compiled it afresh every time (1.3 s
     * of a 4 s movements load in the bench's recompute; docs/performance.md). No parallel
     * workers either: a one-authority load estimated above parallel_setup_cost started two
     * workers to return 20 rows (10 ms of work, 385 ms with the workers' start on a busy box). */
    PGresult *r = PQexec(c, "SET client_min_messages = warning; SET jit = off;"
                            " SET max_parallel_workers_per_gather = 0");
    PQclear(r);
    return c;
}

PGconn *db_connect_to(const char *conninfo, char *why, size_t n)
{
    return connected(PQconnectdb(conninfo), why, n);
}

PGconn *db_connect_as(const char *conninfo, const char *user, char *why, size_t n)
{
    /* later keywords override what the expanded dbname (the connection string) says */
    const char *const keys[] = {"dbname", "user", NULL};
    const char *const values[] = {conninfo, user, NULL};
    return connected(PQconnectdbParams(keys, values, 1), why, n);
}

int db_conninfo(char *out, size_t n)
{
    const char *env = getenv("PRUDENT_DB");
    if (env && *env) {
        snprintf(out, n, "%s", env);
        return 0;
    }
    struct cluster cl;
    if (cluster_locate(&cl) < 0 || cluster_ensure(&cl) < 0)
        return -1;
    cluster_conninfo(&cl, "prudent", out, n);
    return 0;
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
        c = db_connect_to(conninfo, NULL, 0);
        if (!c && cluster_ensure(&cl) < 0)
            return NULL;
    }
    char why[1024];
    if (!c)
        c = db_connect_to(conninfo, why, sizeof why);
    if (!c) {
        error("cannot connect to the database: %s", why);
        if (env && *env)
            detail("PRUDENT_DB is set; check it or unset it to use the embedded database");
        return NULL;
    }
    return c;
}

bool db_alive(PGconn *c, const char *what)
{
    PGresult *r = what ? db_query(c, what, "SELECT 1", 0, NULL) : PQexec(c, "SELECT 1");
    bool up = r && PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    return up;
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

const char *db_read_conninfo(void)
{
    const char *env = getenv("PRUDENT_DB_READ");
    return env && *env ? env : NULL;
}

PGconn *db_connect_read(void)
{
    const char *info = db_read_conninfo();
    if (!info)
        return db_connect();
    char why[1024];
    PGconn *c = db_connect_to(info, why, sizeof why);
    if (c)
        return c;
    warning("cannot connect to PRUDENT_DB_READ (%s): reading from the primary instead", why);
    return db_connect();
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

int db_query_one(PGconn *c, const char *what, const char *sql, int n, const char *const *params,
                 PGresult **out)
{
    *out = NULL;
    PGresult *res = db_query(c, what, sql, n, params);
    if (!res)
        return -1;
    int rows = PQntuples(res);
    if (rows == 1) {
        *out = res;
        return 1;
    }
    PQclear(res);
    return rows == 0 ? 0 : error("%s: %d rows where one was expected", what, rows);
}

int db_changed(const PGresult *res)
{
    return atoi(PQcmdTuples((PGresult *)res));
}

const char *db_int(int64_t v, char buf[DB_INT_BUFSZ])
{
    snprintf(buf, DB_INT_BUFSZ, "%lld", (long long)v);
    return buf;
}

int db_split_rows(const PGresult *r, const char *col, const int64_t *ids, int n,
                  int (*fn)(const PGresult *r, int from, int to, int k, void *arg), void *arg)
{
    int total = PQntuples(r), at = 0, rc = 0;
    bool *done = xcalloc(n ? (unsigned long)n : 1, sizeof *done);
    while (at < total && rc == 0) {
        int64_t id = db_get_int(r, at, col);
        int end = at;
        while (end < total && db_get_int(r, end, col) == id)
            end++;
        for (int k = 0; k < n && rc == 0; k++)
            if (ids[k] == id && !done[k]) {
                rc = fn(r, at, end, k, arg);
                done[k] = true;
            }
        at = end;
    }
    for (int k = 0; k < n && rc == 0; k++) /* authorities without rows: empty arrays */
        if (!done[k])
            rc = fn(r, 0, 0, k, arg);
    free(done);
    return rc;
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

/* 0 when the statement r answers succeeded, else -1; clears r. Prints nothing. */
static int command_ok(PGresult *r)
{
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok ? 0 : -1;
}

int db_begin_quiet(PGconn *c)
{
    return command_ok(PQexec(c, "BEGIN"));
}

int db_commit_quiet(PGconn *c)
{
    return command_ok(PQexec(c, "COMMIT"));
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

/* The column number of col in res, looked up once per (result, name) rather than per value:
 * PQfnumber lower-cases and compares the name with every column's (a fifth of a report's
 * instructions when a loader reads 20,000 rows by name: docs/performance.md). A small table per
 * thread remembers the answer by the two pointers; a hit is trusted only when the result still
 * has that many columns and that column is named col, so a result freed and another allocated
 * at the same address is looked up afresh (a name with capitals or quotes always is). One
 * caveat, as with PQfnumber: a result with two columns of one name gives the first; a later
 * result at the same address whose same-named column moved behind a duplicate would not (no
 * loader reads such a result by name). */
#define COLUMN_MEMO 64
struct column_memo {
    const PGresult *res;
    const char *col;
    int nfields, f;
};
static _Thread_local struct column_memo column_memo[COLUMN_MEMO];

static int column_of(const PGresult *res, const char *col)
{
    uintptr_t h = ((uintptr_t)res >> 4) * 31u + (uintptr_t)col * 17u;
    struct column_memo *m = &column_memo[(h ^ (h >> 7)) % COLUMN_MEMO];
    int nfields = PQnfields(res);
    if (m->res == res && m->col == col && m->nfields == nfields && m->f < nfields &&
        strcmp(PQfname(res, m->f), col) == 0)
        return m->f;
    int f = PQfnumber(res, col);
    if (f >= 0)
        *m = (struct column_memo){res, col, nfields, f};
    return f;
}

const char *db_get(const PGresult *res, int r, const char *col)
{
    int f = column_of(res, col);
    if (f < 0)
        return "";
    return PQgetvalue(res, r, f);
}

bool db_isnull(const PGresult *res, int r, const char *col)
{
    int f = column_of(res, col);
    return f < 0 || PQgetisnull(res, r, f);
}

void db_get_text(const PGresult *res, int r, const char *col, char *dst, size_t size)
{
    if (size == 0)
        return;
    const char *v = db_get(res, r, col);
    size_t n = strlen(v);
    if (n >= size)
        n = size - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

int64_t db_get_int(const PGresult *res, int r, const char *col)
{
    return strtoll(db_get(res, r, col), NULL, 10);
}
