/* auth.h: authentication, authorisation and the scope of a request's connection (auth.c). The
 * daemon (server.c) calls http_authorise for every ROUTE_AUTH route and http_scope_end after a
 * ROUTE_OWN_TX handler; a ROUTE_LAZY_SCOPE handler calls http_scope itself. */
#ifndef PRUDENT_HTTP_AUTH_H
#define PRUDENT_HTTP_AUTH_H

#include "http/request.h"

/* Authenticate (a bearer token, else the web session's cookie), authorise by the route's role,
 * resolve {code} and check the user covers it, then drop to prudent_service with the scope set
 * (unless the route is ROUTE_LAZY_SCOPE and its check may be answered from the cache). Runs on
 * rq->db, inside the request's transaction unless the route is ROUTE_OWN_TX. Returns 0 or the
 * error status after setting the answer. */
int http_authorise(struct request *rq);
/* Set the request's role and scope on its connection (done before the handler unless the route
 * is ROUTE_LAZY_SCOPE; a second call does nothing). Returns 0, or the error status after
 * setting the answer. */
int http_scope(struct request *rq);
/* Whether route rt's requests run on this thread's prudent_app connection once scoped (sql/185):
 * authenticated routes not acting as the owner, when prudent_app logs in. */
bool http_on_app_conn(const struct route *rt);
/* Whether the request carries the bearer token of an active user who covers every authority (no
 * answer is set either way: for GET /metrics, public but showing the book's figures only to such a
 * user). */
bool http_caller_covers_all(struct request *rq, PGconn *c);
/* After a ROUTE_OWN_TX handler: back to the owner with no scope, or forget the connection (and
 * set rq->db NULL) when that fails. */
void http_scope_end(struct request *rq);

#endif
