/* lease.h: the service's leadership among several instances on one database (lease.c), and the
 * role of the database a connection reached. Background jobs (http/background.c) run only on the
 * instance holding a PostgreSQL session advisory lock; the lock goes with its connection, so it
 * is released by the server when the holding instance dies or loses the database, and another
 * instance's next try takes it. */
#ifndef PRUDENT_STORE_LEASE_H
#define PRUDENT_STORE_LEASE_H

#include <libpq-fe.h>

/* The advisory lock key of the background jobs ("prudent" in ASCII). */
#define LEASE_BACKGROUND_KEY 0x70727564656e74LL

/* Try to take the session advisory lock `key` on c (without waiting): 1 when c holds it now
 * (taken, or already held by c), 0 when another session holds it, -1 after printing why. */
int lease_try(PGconn *c, long long key);

/* The role of the database c is connected to: "primary", "standby" (in recovery), or NULL when
 * the question failed (nothing printed). The string is a constant. */
const char *lease_database_role(PGconn *c);

#endif
