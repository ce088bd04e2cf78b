/* pool.c: one PostgreSQL connection per worker thread, made on first use and made again after
 * the server went away (see pool.h). The connection string is worked out once at start-up, so a
 * reconnect never starts or migrates anything: while the database is down requests get 503. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/pool.h"
#include "store/db.h"
#include "service/asat_cache.h"
#include "service/lending_cache.h"
#include "util/err.h"

static char conninfo[1024];
static pthread_key_t conn_key, read_key;
/* The request connections (sql/185): logged in as prudent_app, one per worker thread beside the
 * owner's. app_login is false when prudent_app could not log in at start-up (an external cluster
 * without the role or a way for it to log in): the requests then run on the owner's connection
 * as before. */
static pthread_key_t app_key;
static bool app_login;
#define APP_ROLE "prudent_app"

static pthread_once_t key_once = PTHREAD_ONCE_INIT;
/* When a connection attempt last failed (CLOCK_MONOTONIC ms), shared by every worker thread and
 * cleared by any thread's successful connect: while the database is down the service tries at most
 * a few times a second, and once one thread gets through every other thread tries at once. */
static _Atomic long long last_failure_ms;
enum { RETRY_MS = 250 };

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void conn_free(void *p)
{
    PQfinish(p);
}

static void make_key(void)
{
    pthread_key_create(&conn_key, conn_free);
    pthread_key_create(&app_key, conn_free);
    pthread_key_create(&read_key, conn_free);
}

/* Whether prudent_app logs in; warns once when it does not. */
static bool app_logs_in(void)
{
    char why[512] = "";
    PGconn *c = db_connect_as(conninfo, APP_ROLE, why, sizeof why);
    if (!c)
        warning("requests run on the owner's connection (SQL on it could leave the request role): "
             APP_ROLE " cannot log in: %s (docs/hardening.md, Database roles)", why);
    PQfinish(c);
    return c != NULL;
}

int pool_init(void)
{
    if (db_conninfo(conninfo, sizeof conninfo) < 0)
        return -1;
    PGconn *c = db_connect(); /* migrates, and says why when it cannot connect */
    if (!c)
        return -1;
    PQfinish(c);
    pthread_once(&key_once, make_key);
    app_login = app_logs_in();
    return 0;
}

bool pool_app_login(void)
{
    return app_login;
}

PGconn *pool_connect_new(void)
{
    return db_connect_to(conninfo, NULL, 0);
}

/* This thread's connection under key, made with connect if needed. */
static PGconn *thread_conn(pthread_key_t key, PGconn *(*connect)(void))
{
    PGconn *c = pthread_getspecific(key);
    if (c && PQstatus(c) == CONNECTION_OK)
        return c;
    if (c) {
        pthread_setspecific(key, NULL);
        PQfinish(c);
    }
    long long failed = last_failure_ms;
    if (failed && now_ms() - failed < RETRY_MS)
        return NULL; /* the database was down a moment ago: do not hammer it */
    c = connect();
    if (!c) {
        last_failure_ms = now_ms();
        return NULL;
    }
    last_failure_ms = 0;
    pthread_setspecific(key, c);
    return c;
}

static PGconn *app_connect_new(void)
{
    return db_connect_as(conninfo, APP_ROLE, NULL, 0);
}

PGconn *pool_conn(void)
{
    return thread_conn(conn_key, pool_connect_new);
}

PGconn *pool_app_conn(void)
{
    return app_login ? thread_conn(app_key, app_connect_new) : NULL;
}

/* PRUDENT_DB_READ: a failed attempt is retried at most every few seconds; meanwhile reads go to
 * the primary (a standby down must not stop the reports). */
static _Atomic long long read_failure_ms;
enum { READ_RETRY_MS = 5000 };

PGconn *pool_read_conn(void)
{
    const char *info = db_read_conninfo();
    if (!info)
        return NULL;
    PGconn *c = pthread_getspecific(read_key);
    if (c && PQstatus(c) == CONNECTION_OK)
        return c;
    pool_drop_read();
    long long failed = read_failure_ms;
    if (failed && now_ms() - failed < READ_RETRY_MS)
        return NULL;
    c = db_connect_to(info, NULL, 0);
    if (!c) {
        read_failure_ms = now_ms();
        return NULL;
    }
    read_failure_ms = 0;
    pthread_setspecific(read_key, c);
    return c;
}

void pool_drop_read(void)
{
    PGconn *c = pthread_getspecific(read_key);
    if (c) {
        pthread_setspecific(read_key, NULL);
        PQfinish(c);
    }
}

void pool_drop(void)
{
    PGconn *c = pthread_getspecific(conn_key);
    lending_cache_clear(); /* the database may have been restored: trust no cached version */
    asat_cache_clear();
    if (c) {
        pthread_setspecific(conn_key, NULL);
        PQfinish(c);
    }
    pool_drop_app();
}

void pool_drop_app(void)
{
    PGconn *app = pthread_getspecific(app_key);
    if (app) {
        pthread_setspecific(app_key, NULL);
        PQfinish(app);
    }
}
