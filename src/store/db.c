/* db.c: connecting, running parameterised statements, transactions with retry (see db.h). */
#include "store/db.h"

#include <ctype.h>
#include <libpq-events.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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


/* Prepared statements per connection (docs/performance.md, "Prepared statements (session 10)").
 *
 * The rule: a text goes through PostgreSQL's prepared-statement path when it is run through
 * db_query/db_exec/db_query_binary (never PQexec, COPY or db_send), its first keyword is SELECT,
 * INSERT, UPDATE, DELETE or WITH, the connection is not applying migrations, prepared statements
 * are not switched off (PRUDENT_PREPARE=0) and the text is seen for the SECOND time on that
 * connection: a text run once (most of a CLI verb's) costs no extra round trip, a text run again
 * is parsed and planned by the server once and then executed by name. db_query_prepared prepares
 * at first sight.
 *
 * The table belongs to the connection itself: libpq's event procedure (PQregisterEventProc) is
 * registered in connected(), the one place prudent makes its connections, and libpq calls it
 * when the connection is reset (PQreset: a new server session, the table is emptied) and
 * destroyed (PQfinish: the table is freed). A connection libpq made again at the same address is
 * a new PGconn with a new table, and the backend's process id is compared on every use as well,
 * so a statement is never executed by a name the server does not know. Should the server have
 * forgotten them anyway (DISCARD ALL, a pooler that changed server: SQLSTATE 26000), the table is
 * emptied and the statement run once more when no transaction was open. */
/* At most PREP_MAX statements prepared a connection (the next one first forgets them all: see
 * prep_flush), and PREP_SLOTS texts remembered, those seen once going least recent first. */
enum { PREP_MAX = 256, PREP_SLOTS = 2 * PREP_MAX };

struct prep_entry {
    uint64_t hash;
    char *sql;          /* owned copy; NULL: a free entry */
    int n;              /* its number of parameters */
    unsigned id;        /* the statement's name is "prudent_p<id>" when prepared */
    bool prepared;      /* false: seen once only, not yet prepared */
    uint64_t used;      /* the table's clock when it was last run: the least recent goes first */
};

struct prep_table {
    int pid;            /* the backend the statements were prepared on */
    bool paused;        /* migrations run: prepare nothing */
    unsigned next_id;
    uint64_t clock;
    int prepared_count;
    struct prep_entry e[PREP_SLOTS];
};

static int prep_event(PGEventId id, void *info, void *pass);

static void prep_clear(struct prep_table *t)
{
    for (int i = 0; i < PREP_SLOTS; i++) {
        free(t->e[i].sql);
        t->e[i] = (struct prep_entry){0};
    }
    t->prepared_count = 0;
}

/* libpq's calls: the table is made with the connection, emptied when it is reset, freed with it. */
static int prep_event(PGEventId id, void *info, void *pass)
{
    (void)pass;
    if (id == PGEVT_REGISTER) {
        PGconn *c = ((PGEventRegister *)info)->conn;
        struct prep_table *t = xcalloc(1, sizeof *t);
        t->pid = PQbackendPID(c);
        PQsetInstanceData(c, prep_event, t);
    } else if (id == PGEVT_CONNRESET) {
        PGconn *c = ((PGEventConnReset *)info)->conn;
        struct prep_table *t = PQinstanceData(c, prep_event);
        if (t) {
            prep_clear(t);
            t->pid = PQbackendPID(c);
        }
    } else if (id == PGEVT_CONNDESTROY) {
        PGconn *c = ((PGEventConnDestroy *)info)->conn;
        struct prep_table *t = PQinstanceData(c, prep_event);
        if (t) {
            prep_clear(t);
            free(t);
        }
    }
    return 1;
}

/* Whether PRUDENT_PREPARE leaves prepared statements on (unset, empty or anything but "0"). */
static bool prepare_wanted(void)
{
    const char *v = getenv("PRUDENT_PREPARE");
    return !(v && strcmp(v, "0") == 0);
}

/* Give c its table (connected() calls this for every connection prudent makes). */
static void prep_attach(PGconn *c)
{
    if (prepare_wanted() && !PQregisterEventProc(c, prep_event, "prudent prepared statements", NULL))
        warning("prepared statements are off on a connection: libpq refused the event procedure");
}

/* c's table, or NULL when it has none (switched off, or a connection not made by connected()).
 * A table of another backend (the connection was made again) is emptied first. */
static struct prep_table *prep_table(PGconn *c)
{
    struct prep_table *t = PQinstanceData(c, prep_event);
    if (t && t->pid != PQbackendPID(c)) {
        prep_clear(t);
        t->pid = PQbackendPID(c);
    }
    return t;
}

void db_prepare_pause(PGconn *c, bool paused)
{
    struct prep_table *t = PQinstanceData(c, prep_event);
    if (t)
        t->paused = paused;
}

int db_prepared_count(PGconn *c)
{
    struct prep_table *t = prep_table(c);
    return t ? t->prepared_count : -1;
}

/* Whether sql's first keyword is one the rule above prepares. */
static bool preparable(const char *sql)
{
    while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
        sql++;
    static const char *const words[] = {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t len = strlen(words[i]);
        if (strncasecmp(sql, words[i], len) == 0 && !isalnum((unsigned char)sql[len]) && sql[len] != '_')
            return true;
    }
    return false;
}

static uint64_t text_hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static struct prep_entry *prep_find(struct prep_table *t, uint64_t h, const char *sql, int n)
{
    for (int i = 0; i < PREP_SLOTS; i++) {
        struct prep_entry *e = &t->e[i];
        if (e->sql && e->hash == h && e->n == n && strcmp(e->sql, sql) == 0)
            return e;
    }
    return NULL;
}

static void prep_name(const struct prep_entry *e, char name[32])
{
    snprintf(name, 32, "prudent_p%u", e->id);
}

/* Forget every statement c has prepared, on the server too (DEALLOCATE ALL: not transactional,
 * and harmless when the server has already forgotten them). The texts stay, as seen, so a text
 * run again is prepared again. */
static void prep_flush(PGconn *c, struct prep_table *t)
{
    PQclear(PQexec(c, "DEALLOCATE ALL"));
    for (int i = 0; i < PREP_SLOTS; i++)
        t->e[i].prepared = false;
    t->prepared_count = 0;
}

/* A free entry for a new text: an unused one, else the least recently run text not prepared
 * (forgetting it costs nothing). At most PREP_MAX of the PREP_SLOTS are prepared, so there is
 * always one. */
static struct prep_entry *prep_slot(struct prep_table *t)
{
    struct prep_entry *oldest = NULL;
    for (int i = 0; i < PREP_SLOTS; i++) {
        struct prep_entry *e = &t->e[i];
        if (!e->sql)
            return e;
        if (!e->prepared && (!oldest || e->used < oldest->used))
            oldest = e;
    }
    free(oldest->sql);
    *oldest = (struct prep_entry){0};
    return oldest;
}

/* PRUDENT_PREPARE_TRACE=1 (tests): one line on stderr per statement prepared, with the number
 * the server says this session holds (pg_prepared_statements) beside the table's own count. */
static void prep_trace(PGconn *c, const struct prep_table *t, const struct prep_entry *e)
{
    const char *v = getenv("PRUDENT_PREPARE_TRACE");
    if (!v || strcmp(v, "1") != 0)
        return;
    PGresult *r = PQexec(c, "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'prudent\\_p%'");
    const char *server = PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : "?";
    fprintf(stderr, "prepare-trace backend=%d server=%s table=%d hash=%016llx: %.60s\n", t->pid, server,
            t->prepared_count, (unsigned long long)e->hash, e->sql);
    PQclear(r);
}

/* e prepared on c: 0, or -1 with the failure in *fail (the caller's to clear and report). */
static int prep_prepare(PGconn *c, struct prep_table *t, struct prep_entry *e, PGresult **fail)
{
    char name[32];
    if (t->prepared_count >= PREP_MAX)
        prep_flush(c, t);
    e->id = ++t->next_id;
    prep_name(e, name);
    PGresult *r = PQprepare(c, name, e->sql, e->n, NULL);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        *fail = r;
        return -1;
    }
    PQclear(r);
    e->prepared = true;
    t->prepared_count++;
    prep_trace(c, t, e);
    return 0;
}

static bool failed_with(const PGresult *r, const char *state)
{
    const char *s = PQresultStatus(r) == PGRES_FATAL_ERROR ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    return s && strcmp(s, state) == 0;
}

/* The result of running sql on c the way the rule above says (the caller checks it): through
 * c's table when it has one and sql qualifies, else PQexecParams as before. now: prepare at
 * first sight. */
static PGresult *run(PGconn *c, const char *sql, int n, const char *const *params, int format, bool now)
{
    struct prep_table *t = prep_table(c);
    if (!t || t->paused || !preparable(sql) || PQtransactionStatus(c) == PQTRANS_INERROR)
        return PQexecParams(c, sql, n, NULL, params, NULL, NULL, format);
    uint64_t h = text_hash(sql);
    struct prep_entry *e = prep_find(t, h, sql, n);
    if (!e) {
        e = prep_slot(t);
        *e = (struct prep_entry){.hash = h, .sql = xstrdup(sql), .n = n, .used = ++t->clock};
        if (!now) /* first sight: run it unnamed as before, remembering the text */
            return PQexecParams(c, sql, n, NULL, params, NULL, NULL, format);
    }
    e->used = ++t->clock;
    if (!e->prepared) {
        PGresult *fail = NULL;
        if (prep_prepare(c, t, e, &fail) < 0)
            return fail; /* the text stays seen: it fails the same way unprepared */
    }
    bool idle = PQtransactionStatus(c) == PQTRANS_IDLE;
    char name[32];
    prep_name(e, name);
    PGresult *r = PQexecPrepared(c, name, n, params, NULL, NULL, format);
    if (failed_with(r, "26000")) { /* the server forgot (DISCARD ALL, a pooler): forget too */
        prep_clear(t);
        if (idle) {
            PQclear(r);
            r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, format);
        }
    } else if (failed_with(r, "0A000")) { /* "cached plan must not change result type" */
        prep_flush(c, t);
        if (idle) {
            PQclear(r);
            r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, format);
        }
    }
    return r;
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
    prep_attach(c);
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
    return checked(run(c, sql, n, params, 0, false), c, what);
}

PGresult *db_query_binary(PGconn *c, const char *what, const char *sql, int n,
                          const char *const *params)
{
    return checked(run(c, sql, n, params, 1, false), c, what);
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

PGresult *db_query_prepared(PGconn *c, const char *name, const char *what, const char *sql, int n,
                            const char *const *params)
{
    (void)name;
    return checked(run(c, sql, n, params, 0, true), c, what);
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

int db_column(const PGresult *res, const char *col)
{
    return column_of(res, col);
}

const char *db_value(const PGresult *res, int r, int f)
{
    return f < 0 ? "" : PQgetvalue(res, r, f);
}

bool db_null(const PGresult *res, int r, int f)
{
    return f < 0 || PQgetisnull(res, r, f);
}

const char *db_get(const PGresult *res, int r, const char *col)
{
    return db_value(res, r, column_of(res, col));
}

bool db_isnull(const PGresult *res, int r, const char *col)
{
    return db_null(res, r, column_of(res, col));
}

bool db_parse_day(const char *s, int32_t *out)
{
    bool neg = *s == '-';
    const char *p = s + neg;
    int64_t v = 0;
    if (*p == '\0')
        return false;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > 2147483648LL)
            return false;
        v = v * 10 + (*p - '0');
    }
    if (neg)
        v = -v;
    if (v < INT32_MIN || v > INT32_MAX)
        return false;
    *out = (int32_t)v;
    return true;
}

void db_get_text(const PGresult *res, int r, const char *col, char *dst, size_t size)
{
    db_value_text(res, r, column_of(res, col), dst, size);
}

void db_value_text(const PGresult *res, int r, int f, char *dst, size_t size)
{
    if (size == 0)
        return;
    const char *v = db_value(res, r, f);
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
