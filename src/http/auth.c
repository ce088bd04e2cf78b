/* auth.c: who the request is and what it may see (see auth.h): the bearer token, or the web
 * session's cookie (web_session.c); the role the route needs; the authority of {code} and whether
 * the user covers it; and the scope (role prudent_service, row-level security) set on the
 * request's connection and reset after a ROUTE_OWN_TX handler. */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/auth.h"
#include "http/pool.h"
#include "http/reply.h"
#include "http/web_session.h"
#include "store/authority.h"
#include "store/scope.h"

static const char *bearer(struct request *rq)
{
    const char *h = MHD_lookup_connection_value(rq->mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    h += 7;
    while (*h == ' ')
        h++;
    return *h ? h : NULL;
}

/* The ids this request may see, as a bigint[] literal: the authority in the URL, or every
 * authority the user covers. */
static int scope(struct request *rq, char *ids, size_t n)
{
    if (rq->authority.id) {
        snprintf(ids, n, "{%lld}", (long long)rq->authority.id);
        return 0;
    }
    return scope_user_authorities(rq->db, rq->user.id, rq->user.all_authorities, ids, n);
}

int http_authorise(struct request *rq)
{
    const struct route *rt = rq->route;
    const char *token = bearer(rq);
    bool by_session = false;
    if (!token) { /* the web pages: a session cookie, with the CSRF header on every change */
        int st = web_session_user(rq, &by_session);
        if (st)
            return st;
        if (!by_session)
            return http_error(rq, PR_ERR_UNAUTHORIZED, NULL, NULL);
    }
    /* a token: the user, the authority in the URL, whether the user covers it and the data
     * versions, one query */
    const char *code = strstr(rt->pattern, "{code}") ? rq->params[0] : NULL;
    int covers = 0, rc = 0;
    if (!by_session) {
        struct token_at at;
        rc = user_by_token_at(rq->db, token, code, &rq->user, &at);
        if (rc < 0 && ((rt->flags & ROUTE_OWN_TX) || http_on_app_conn(rt)) && PQstatus(rq->db) != CONNECTION_OK) {
            /* no BEGIN went first (attach, server.c): the server restarted; one fresh connection may do */
            pool_drop();
            rq->db = pool_conn();
            if (!rq->db)
                return http_error(rq, PR_ERR_DATABASE_UNAVAILABLE, NULL, NULL);
            rc = user_by_token_at(rq->db, token, code, &rq->user, &at);
        }
        rq->authority = at.authority;
        rq->seen = at.seen;
        covers = at.covers;
    } else if (code) { /* a session (web_session_user found the user): the authority and coverage */
        if (authority_find(rq->db, code, &rq->authority, NULL) < 0)
            return http_db_failure(rq);
        covers = rq->authority.id ? user_covers(rq->db, &rq->user, rq->authority.id) : 0;
        if (covers < 0)
            return http_db_failure(rq);
    }
    if (rc < 0)
        return http_db_failure(rq);
    if (rc > 0)
        return http_error(rq, PR_ERR_INVALID_TOKEN, NULL, NULL);
    if (code) {
        if (!rq->authority.id && rq->user.all_authorities)
            return http_error(rq, PR_ERR_UNKNOWN_AUTHORITY, "code", "no authority %s", code);
        if (!covers)
            return http_error(rq, PR_ERR_FORBIDDEN_AUTHORITY, "code", "this token does not cover authority %s", code);
    }
    if (rq->user.role < rt->role)
        return http_error(rq, PR_ERR_FORBIDDEN_ROLE, NULL, "this needs the %s role; the token has %s",
                          user_role_name(rt->role), user_role_name(rq->user.role));
    /* a ROUTE_LAZY_SCOPE handler asks for the scope only if it reads the database at all */
    if ((rt->flags & ROUTE_LAZY_SCOPE) && rq->seen.known && rq->authority.id)
        return 0;
    return http_scope(rq) == 0 ? 0 : rq->status;
}

bool http_caller_covers_all(struct request *rq, PGconn *c)
{
    const char *token = bearer(rq);
    struct api_user u;
    return c && token && user_by_token(c, token, &u) == 0 && u.all_authorities;
}

bool http_on_app_conn(const struct route *rt)
{
    return (rt->flags & ROUTE_AUTH) && !(rt->flags & ROUTE_OWNER) && pool_app_login();
}

/* The scope on this thread's prudent_app connection (sql/185): the owner's connection (rq->db,
 * outside a transaction) grants it, then the request continues on the app connection as
 * prudent_service, for one transaction (transaction_only) or until http_scope_end. */
static int app_scope(struct request *rq, const char *ids, bool transaction_only)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        PGconn *app = pool_app_conn();
        if (!app)
            break;
        if (scope_grant(rq->db, PQbackendPID(app), ids, rq->user.name) < 0)
            return http_db_failure(rq);
        if (scope_enter(app, transaction_only) == 0) {
            rq->db = app;
            rq->scoped = true;
            return 0;
        }
        if (PQstatus(app) == CONNECTION_OK)
            return http_error(rq, PR_ERR_INTERNAL, NULL, "cannot take the request's role");
        pool_drop_app(); /* the server restarted since its last use: one fresh connection may do */
    }
    return http_error(rq, PR_ERR_DATABASE_UNAVAILABLE, NULL, NULL);
}

int http_scope(struct request *rq)
{
    const struct route *rt = rq->route;
    if (rq->scoped)
        return 0;
    char ids[4096];
    if (scope(rq, ids, sizeof ids) < 0)
        return http_db_failure(rq);
    /* ROUTE_OWN_TX handlers run transactions of their own: the scope and role then last for the
     * session until http_scope_end resets them; otherwise they end with the request's
     * transaction. */
    bool session = rt->flags & ROUTE_OWN_TX;
    if (!rq->on_read && http_on_app_conn(rt))
        return app_scope(rq, ids, !session);
    /* as the owner (ROUTE_OWNER) the role stays; otherwise the drop to prudent_service */
    if (scope_set(rq->db, ids, rq->user.name, !session, rt->flags & ROUTE_OWNER) < 0)
        return http_db_failure(rq);
    rq->scoped = true;
    return 0;
}

void http_scope_end(struct request *rq)
{
    if (scope_reset(rq->db) < 0) { /* never reuse a connection whose role is in doubt */
        pool_drop();
        rq->db = NULL;
    }
}
