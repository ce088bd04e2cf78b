/* pool.h: per-thread database connections for the request workers (pool.c), and connections of
 * their own for the background jobs and start-up checks. */
#ifndef PRUDENT_HTTP_POOL_H
#define PRUDENT_HTTP_POOL_H

#include <libpq-fe.h>
#include <stdbool.h>

/* Work out the connection string (starting the embedded cluster, migrating) once at start-up.
 * Returns 0 or -1 after printing why. */
int pool_init(void);
/* This thread's connection, connecting (again) if needed; NULL when the database is down. */
PGconn *pool_conn(void);
/* This thread's request connection, logged in as prudent_app (sql/185), connecting (again) if
 * needed; NULL when the database is down or prudent_app does not log in (pool_app_login). */
PGconn *pool_app_conn(void);
/* Forget this thread's request connection only (it broke). */
void pool_drop_app(void);
/* Whether the requests run on prudent_app connections (it logged in at start-up). */
bool pool_app_login(void);
/* Forget this thread's connections (after one broke); the next pool_conn reconnects. */
void pool_drop(void);
/* This thread's connection for reads that tolerate lag (ROUTE_READ: the reporting views and
 * reports), to PRUDENT_DB_READ when it is set (connecting again if needed); NULL when it is not
 * set or cannot be reached, and the caller uses pool_conn (the primary) instead. */
PGconn *pool_read_conn(void);
/* Forget this thread's read connection (after it broke). */
void pool_drop_read(void);
/* A new connection of the caller's own (PQfinish it), or NULL. */
PGconn *pool_connect_new(void);

#endif
