/* pool.c: one PostgreSQL connection per worker thread, made on first use and made again after
 * the server went away (see http.h). The connection string is worked out once at start-up, so a
 * reconnect never starts or migrates anything: while the database is down requests get 503. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/http.h"
#include "store/cluster.h"
#include "store/db.h"
#include "util/err.h"

static char conninfo[1024];
static pthread_key_t conn_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static _Thread_local time_t last_failure;

static void conn_free(void *p)
{
    PQfinish(p);
}

static void make_key(void)
{
    pthread_key_create(&conn_key, conn_free);
}

int pool_init(void)
{
    const char *env = getenv("PRUDENT_DB");
    if (env && *env) {
        snprintf(conninfo, sizeof conninfo, "%s", env);
    } else {
        struct cluster cl;
        if (cluster_locate(&cl) < 0 || cluster_ensure(&cl) < 0)
            return -1;
        cluster_conninfo(&cl, "prudent", conninfo, sizeof conninfo);
    }
    PGconn *c = db_connect(); /* migrates, and says why when it cannot connect */
    if (!c)
        return -1;
    PQfinish(c);
    pthread_once(&key_once, make_key);
    return 0;
}

PGconn *pool_connect_new(void)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeProcessor(c, NULL, NULL);
    PGresult *r = PQexec(c, "SET client_min_messages = warning");
    PQclear(r);
    return c;
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
    time_t now = time(NULL);
    if (last_failure && now - last_failure < 1)
        return NULL; /* at most one attempt a second per thread while the database is down */
    c = pool_connect_new();
    if (!c) {
        last_failure = now;
        return NULL;
    }
    last_failure = 0;
    pthread_setspecific(conn_key, c);
    return c;
}

void pool_drop(void)
{
    PGconn *c = pthread_getspecific(conn_key);
    if (c) {
        pthread_setspecific(conn_key, NULL);
        PQfinish(c);
    }
}
