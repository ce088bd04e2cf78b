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
#include "service/lending_cache.h"
#include "util/err.h"

static char conninfo[1024];
static pthread_key_t conn_key, read_key;
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
    pthread_key_create(&read_key, conn_free);
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
    return 0;
}

PGconn *pool_connect_new(void)
{
    return db_connect_to(conninfo, NULL, 0);
}

PGconn *pool_conn(void)
{
    PGconn *c = pthread_getspecific(conn_key);
    if (c && PQstatus(c) == CONNECTION_OK)
        return c;
    if (c) {
        pthread_setspecific(conn_key, NULL);
        PQfinish(c);
    }
    long long failed = last_failure_ms;
    if (failed && now_ms() - failed < RETRY_MS)
        return NULL; /* the database was down a moment ago: do not hammer it */
    c = pool_connect_new();
    if (!c) {
        last_failure_ms = now_ms();
        return NULL;
    }
    last_failure_ms = 0;
    pthread_setspecific(conn_key, c);
    return c;
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
    if (c) {
        pthread_setspecific(conn_key, NULL);
        PQfinish(c);
    }
}
