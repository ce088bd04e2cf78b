/* request.h: the HTTP service's shared types, and nothing else (no function of src/http is
 * declared here, so including it ties a file to no other file of src/http): one request context
 * per request (it owns every allocation made for the request, freed when libmicrohttpd reports
 * the request complete) and the shape of a row of the static route table (routes.h).
 *
 * A handler gets a request whose route matched, whose user is authenticated and allowed (for
 * routes with a role), whose authority is resolved (for routes with {code}), and whose database
 * connection is inside a transaction running as prudent_service with row-level security set to
 * that authority. It returns the HTTP status and leaves the body in rq->reply (a cJSON the
 * request owns) or rq->text, using the helpers of reply.h. Status < 400 commits the transaction,
 * anything else rolls back. */
#ifndef PRUDENT_HTTP_REQUEST_H
#define PRUDENT_HTTP_REQUEST_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "store/authority.h"
#include "store/user.h"

#define HTTP_BODY_MAX (1024 * 1024) /* request bodies over 1 MiB get 413 */
#define HTTP_MAX_SEGMENTS 10
#define HTTP_MAX_PARAMS 4

struct MHD_Connection;
struct request;

typedef int (*http_handler)(struct request *rq);

enum route_flags {
    ROUTE_DB = 1,   /* needs a database connection and a transaction */
    ROUTE_AUTH = 2, /* needs a bearer token (implies ROUTE_DB) */
    ROUTE_BODY = 4, /* takes a JSON object body (400 malformed_json otherwise) */
    ROUTE_OWNER = 8, /* stays the table owner instead of prudent_service: user management only */
    ROUTE_OWN_TX = 16, /* the handler calls store functions that run their own transactions
                        * (service/deal.h): role and scope are set for the session meanwhile */
    ROUTE_LAZY_SCOPE = 32, /* with ROUTE_OWN_TX, {code} and a token: the role and scope are set
                            * only when the handler calls http_scope (before any query of its
                            * own); a check answered from the cache then costs one query */
    ROUTE_READ = 64, /* reads that tolerate lag (reporting views, reports): with PRUDENT_DB_READ
                      * set and a bearer token, the request runs on the read connection
                      * (pool_read_conn); web pages (a session cookie, whose use is recorded)
                      * and everything else stay on the primary */
};

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/authorities/{code}/{view}": {view} matches view names only */
    http_handler handler;
    enum user_role role; /* least role needed; ROLE_NONE: no authentication */
    unsigned flags;
};

struct request {
    struct MHD_Connection *mc;
    char method[16];
    char *path;                            /* owned */
    char *body;                            /* owned, NUL-terminated */
    size_t body_len, body_cap;
    bool too_large;
    bool answered;                         /* a response is queued */
    struct timespec started;
    const struct route *route;
    const char *params[HTTP_MAX_PARAMS];   /* the {…} segments in order, pointing into segbuf */
    char *segbuf;                          /* owned */
    cJSON *json;                           /* the parsed body (ROUTE_BODY), owned */
    struct api_user user;                  /* when authenticated (user.id != 0) */
    struct authority authority;            /* when the route has {code} (authority.id != 0) */
    PGconn *db;                            /* the worker thread's connection, not owned */
    struct data_versions seen;             /* read with the token (ROUTE_AUTH, {code}) */
    bool scoped;                           /* the role and scope are set on db */
    bool on_read;                          /* db is the read connection (ROUTE_READ) */
    /* the answer */
    int status;
    cJSON *reply;                          /* owned */
    char *text;                            /* owned, when the answer is not JSON */
    size_t text_len;                       /* its length when it may hold NULs (0: strlen) */
    char *set_cookie;                      /* owned: a Set-Cookie header (web_session.c) */
    char disposition[160];                 /* a Content-Disposition header when not "" */
    const char *content_type;
    char allow[64];                        /* 405: the Allow header */
};

#endif
