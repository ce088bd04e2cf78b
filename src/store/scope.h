/* scope.h: the tenant scope of an HTTP request's (or a CLI verb's, cli/scoped.c) database session (sql/051_tenancy.sql): which
 * authorities row-level security lets it see (prudent.authority_ids), who acts
 * (prudent.user), and the drop from the table owner to the prudent_service role; and the
 * start-up check that no table escapes that isolation. */
#ifndef PRUDENT_STORE_SCOPE_H
#define PRUDENT_STORE_SCOPE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The ids of the authorities user user_id covers (every authority when all_authorities), as a
 * bigint[] literal ("{1,2}") into ids (n bytes). Returns 0, or -1 after printing why (a
 * database failure, or a list longer than n). */
int scope_user_authorities(PGconn *c, int64_t user_id, bool all_authorities, char *ids, size_t n);

/* Set the scope: the authority ids (a bigint[] literal) and the acting user's name, for the
 * current transaction only (transaction_only) or for the session. As the owner (as_owner) the
 * role stays; otherwise the session drops to prudent_service in the same statement. Returns 0,
 * or -1 after printing why. */
int scope_set(PGconn *c, const char *ids, const char *user, bool transaction_only, bool as_owner);

/* On the owner's connection: the scope of the request connection whose backend pid is app_pid
 * (a prudent_app session, sql/185), replacing its last one. Committed at once when owner is
 * outside a transaction (the request connection sees it only then). Returns 0, or -1 after
 * printing why. */
int scope_grant(PGconn *owner, int app_pid, const char *ids, const char *user);

/* On the owner's connection: withdraw the scope of the prudent_app session with backend pid
 * app_pid (the CLI, before it closes that session, so no later login given the same pid finds
 * it). Returns 0, or -1 after printing why. */
int scope_revoke(PGconn *owner, int app_pid);

/* On a prudent_app request connection granted its scope: drop to prudent_service for one new
 * transaction (transaction_only: BEGIN and SET LOCAL ROLE in one round trip) or for the
 * session (scope_reset ends it). Returns 0, or -1 (prints nothing: the caller answers). */
int scope_enter(PGconn *app, bool transaction_only);

/* Back to the owner with no scope after a session-long scope, rolling back any transaction
 * left open first. Returns 0, or -1 when that failed (the connection's role is then in doubt:
 * never reuse it). Prints nothing. */
int scope_reset(PGconn *c);

/* Each table or view that escapes row-level security (prudent_tenant_gaps()), as
 * fn(arg, description). Returns 0, or -1 after printing why. */
int scope_each_gap(PGconn *c, void (*fn)(void *arg, const char *gap), void *arg);

#endif
