/* db.h: the connection to PostgreSQL and the few helpers every store file uses.
 *
 * PRUDENT_DB (a libpq connection string or URI) selects a database; without it prudent uses its
 * embedded cluster (store/cluster.h), starting it if needed. Either way pending migrations are
 * applied on connect. All SQL goes through PQexecParams with $n parameters: never text built from
 * input. A failed query prints "prudent: <what>: <primary>" plus detail and hint lines. */
#ifndef PRUDENT_STORE_DB_H
#define PRUDENT_STORE_DB_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Connect (starting the embedded cluster if PRUDENT_DB is unset) and migrate. Returns a new
 * connection the caller owns (PQfinish it), or NULL after printing why. */
PGconn *db_connect(void);
/* Connect without migrating (used by `migrate` itself and the cluster helpers). */
PGconn *db_connect_raw(void);
/* PRUDENT_DB_READ (a libpq connection string, e.g. a hot standby's), or NULL when unset or empty:
 * where reads that tolerate lag (reporting views, reports, exports) may go. Static storage. */
const char *db_read_conninfo(void);
/* A connection for such reads: to PRUDENT_DB_READ when set (never migrated: a standby follows
 * its primary), falling back to db_connect() with a warning when it cannot be reached; unset,
 * db_connect() itself. The pre-deal check, booking and every write use db_connect. PQfinish it;
 * NULL after printing why. */
PGconn *db_connect_read(void);
/* The connection string db_connect uses into out (n bytes): PRUDENT_DB, else the embedded
 * cluster's, which is started (and its database created) if needed. Returns 0, or -1 after
 * printing why. */
int db_conninfo(char *out, size_t n);
/* Connect to conninfo and keep the server's chatter (NOTICE) off stderr: every connection is
 * set up here. Returns a new connection the caller owns (PQfinish it), or NULL when it failed,
 * with the first line of libpq's reason in why (n bytes; why may be NULL). Prints nothing. */
PGconn *db_connect_to(const char *conninfo, char *why, size_t n);
/* The same, logging in as user (overriding any user conninfo names; conninfo may be a URI).
 * The service's request connections log in as prudent_app this way (sql/185). */
PGconn *db_connect_as(const char *conninfo, const char *user, char *why, size_t n);
/* Whether c answers a trivial query: true or false. what NULL: silent; else a failure prints
 * "prudent: <what>: ..." like db_query. */
bool db_alive(PGconn *c, const char *what);

/* Run a statement with text parameters (NULL entries are SQL NULL). Returns the result, which the
 * caller owns (PQclear it), or NULL after printing "prudent: <what>: ..." (nothing is printed for
 * a serialization failure or deadlock, which db_transaction retries). */
PGresult *db_query(PGconn *c, const char *what, const char *sql, int n, const char *const *params);
/* db_query and db_query_binary run a SELECT/INSERT/UPDATE/DELETE/WITH text seen before on c as a
 * statement prepared on c (parsed and planned by the server once per connection): see the rule
 * in db.c. PRUDENT_PREPARE=0 turns that off (a pooler in transaction mode: docs/scaling.md).
 * db_query_prepared is db_query for a statement run very often on one connection (the service's
 * authentication of every request): prepared at first sight rather than second. name is kept for
 * its callers and not used (the connection's table names its statements). */
PGresult *db_query_prepared(PGconn *c, const char *name, const char *what, const char *sql, int n,
                            const char *const *params);
/* db_query with the rows in PostgreSQL's binary form (PQgetvalue gives network-order integers,
 * and text columns as text): for large loads of integer columns, which then cost neither side
 * any formatting or parsing. Same parameters, ownership and errors as db_query. */
PGresult *db_query_binary(PGconn *c, const char *what, const char *sql, int n,
                          const char *const *params);
/* Row r, column f of a db_query_binary result: an int2, int4 or int8 (network order, two's
 * complement), whatever its width; 0 for NULL. */
int64_t db_binary_int(const PGresult *res, int r, int f);
/* The same for statements whose rows are not wanted: 0 on success, -1 on failure. */
int db_exec(PGconn *c, const char *what, const char *sql, int n, const char *const *params);
/* db_query for a statement that answers at most one row: 1 with that row in *out (the caller
 * PQclears it), 0 when there is none (*out NULL), -1 after printing why (a failure, or more
 * than one row: "prudent: <what>: N rows where one was expected"). */
int db_query_one(PGconn *c, const char *what, const char *sql, int n, const char *const *params,
                 PGresult **out);
/* The number of rows a statement changed (UPDATE, DELETE ...): for a result of db_query. */
int db_changed(const PGresult *res);

/* An int64 as a text parameter: formats v into buf (DB_INT_BUFSZ bytes) and returns buf. */
#define DB_INT_BUFSZ 24
const char *db_int(int64_t v, char buf[DB_INT_BUFSZ]);

/* Hand each authority's run of rows of r (ordered by the bigint column col) to
 * fn(r, from, to, k, arg), k being the index in ids[0..n-1] of that authority; then
 * fn(r, 0, 0, k, arg) for each authority without rows. Stops at the first fn that does not
 * answer 0 and returns that; 0 when all did. */
int db_split_rows(const PGresult *r, const char *col, const int64_t *ids, int n,
                  int (*fn)(const PGresult *r, int from, int to, int k, void *arg), void *arg);

/* A statement PostgreSQL runs while the caller works: db_send starts it (0, or -1 after printing
 * "prudent: <what>: ..."), and db_finish waits for it and returns what db_exec would (0 or -1
 * after printing why). Nothing else may use c in between. The import sends its slow first DDL
 * this way and reads the file meanwhile (docs/performance.md). */
int db_send(PGconn *c, const char *what, const char *sql);
int db_finish(PGconn *c, const char *what);

/* While paused (migrate_apply), c prepares nothing new; statements already prepared still run. */
void db_prepare_pause(PGconn *c, bool paused);
/* The number of statements prepared on c's current session: -1 when c has no table
 * (PRUDENT_PREPARE=0, or a connection not made by db_connect_to/db_connect_as). */
int db_prepared_count(PGconn *c);

/* SQLSTATE of the last failed db_query/db_exec on this thread ("" if none). */
const char *db_last_sqlstate(void);

int db_begin(PGconn *c);
int db_commit(PGconn *c);
void db_rollback(PGconn *c);
/* db_begin and db_commit printing nothing on failure (0 or -1), for the HTTP service, which
 * answers a failure with a status of its own. */
int db_begin_quiet(PGconn *c);
int db_commit_quiet(PGconn *c);

/* Run body(c, arg) inside BEGIN ... COMMIT, retrying up to 5 times when it fails with a
 * serialization failure (40001) or deadlock (40P01). body returns 0 to commit, any other value
 * to roll back; that value is returned. Returns -1 on a database failure outside body. */
int db_transaction(PGconn *c, int (*body)(PGconn *c, void *arg), void *arg);

/* Field accessors: value of row r, column named col ("" for NULL), and whether it is NULL. */
const char *db_get(const PGresult *res, int r, const char *col);
bool db_isnull(const PGresult *res, int r, const char *col);
/* The number of res's column col (-1: none), as db_get finds it: a loader reading many rows
 * looks each column up once per result with it and reads the rows by number (db_value). */
int db_column(const PGresult *res, const char *col);
/* Row r's value of column number f (db_column), "" when f < 0 (as db_get for a missing column). */
const char *db_value(const PGresult *res, int r, int f);
/* Whether row r's value of column number f is NULL (true when f < 0, as db_isnull). */
bool db_null(const PGresult *res, int r, int f);
/* A date column's SQL as its day number: days since 1970-01-01, the count core/date.h's date_t
 * is (NULL stays NULL). Cheaper for the server than to_char(d, 'YYYY-MM-DD') and for the reader
 * than parsing ISO text: read it back with db_parse_day. */
#define DB_DAY(expr) "(" expr " - date '1970-01-01')"
/* s, a day number as DB_DAY selects it (an optional '-' and digits only, within int32), into
 * *out: true; false (and *out untouched) for anything else, e.g. an ISO date. */
bool db_parse_day(const char *s, int32_t *out);
int64_t db_get_int(const PGresult *res, int r, const char *col);
/* db_get's value copied into dst[size], cut to size - 1 bytes and always terminated (as
 * snprintf(dst, size, "%s", ...) does, without its cost: loaders copy a ref per row). */
void db_get_text(const PGresult *res, int r, const char *col, char *dst, size_t size);
/* The same of column number f (db_column), for loaders reading many rows by number. */
void db_value_text(const PGresult *res, int r, int f, char *dst, size_t size);

#endif
