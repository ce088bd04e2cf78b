/* request.h: the HTTP service's shared types: one request context per request (it owns every
 * allocation made for the request, freed when libmicrohttpd reports the request complete), the
 * static route table, and the helpers handlers answer with.
 *
 * A handler gets a request whose route matched, whose user is authenticated and allowed (for
 * routes with a role), whose authority is resolved (for routes with {code}), and whose database
 * connection is inside a transaction running as prudent_service with row-level security set to
 * that authority. It returns the HTTP status and leaves the body in rq->reply (a cJSON the
 * request owns) or rq->text. Status < 400 commits the transaction, anything else rolls back. */
#ifndef PRUDENT_HTTP_REQUEST_H
#define PRUDENT_HTTP_REQUEST_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "store/authority.h"
#include "store/user.h"
#include "util/errcode.h"

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
                        * (store/deal.h): role and scope are set for the session meanwhile */
    ROUTE_LAZY_SCOPE = 32, /* with ROUTE_OWN_TX, {code} and a token: the role and scope are set
                            * only when the handler calls http_scope (before any query of its
                            * own); a check answered from the cache then costs one query */
};

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/authorities/{code}/{view}": {view} matches view names only */
    http_handler handler;
    enum user_role role; /* least role needed; ROLE_NONE: no authentication */
    unsigned flags;
};

extern const struct route http_routes[]; /* ends with a row of NULLs (routes.c) */

/* The route for method and path, with its {…} segments in params (pointing into segbuf, n
 * bytes, the caller's). NULL when none matches; then allow lists the methods the path has
 * ("" when the path is unknown: 404, else 405). */
const struct route *http_route_find(const char *method, const char *path, char *segbuf, size_t n,
                                    const char **params, char *allow, size_t allow_n);

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
    /* the answer */
    int status;
    cJSON *reply;                          /* owned */
    char *text;                            /* owned, when the answer is not JSON */
    size_t text_len;                       /* its length when it may hold NULs (0: strlen) */
    char *set_cookie;                      /* owned: a Set-Cookie header (web.c) */
    char disposition[160];                 /* a Content-Disposition header when not "" */
    const char *content_type;
    char allow[64];                        /* 405: the Allow header */
};

/* Set an error answer {"error": {"code", "message", "field"}} with the code's status (util/
 * errcode.h, listed in docs/api.md) and return that status. field may be NULL (JSON null); fmt
 * NULL means the code's default message. */
int http_error(struct request *rq, enum pr_error code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with another status than the code's: only the row's alt_status (e.g. 400
 * unknown_authority for a body naming an authority, where the path's is 404), and say why. */
int http_error_status(struct request *rq, int status, enum pr_error code, const char *field, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));
/* Answer an error document of store/deal.h ({"error": {"code", ...}}, taken over) given the
 * function's exit code rc: the status is the code's (util/errcode.h); EXIT_DEP, or a document
 * without a code, is http_db_failure. */
int http_deal_failure(struct request *rq, int rc, cJSON *doc);
/* Set the request's role and scope on its connection (done before the handler unless the route
 * is ROUTE_LAZY_SCOPE; a second call does nothing). Returns 0, or the error status after
 * setting the answer. */
int http_scope(struct request *rq);
/* Set a JSON answer (taken over) and return status. */
int http_json(struct request *rq, int status, cJSON *doc);
/* The value of query parameter name, or NULL. */
const char *http_query(struct request *rq, const char *name);
/* An answer for a failed database step: 503 database_unavailable when the connection is lost,
 * else 500 internal. */
int http_db_failure(struct request *rq);

/* The service (server.c): listen on addr ("127.0.0.1:8080", "[::1]:8080"), run until SIGTERM or
 * SIGINT. Returns an exit code. */
int http_serve(const char *listen, int threads);

/* Per-thread database connections (pool.c). */
/* Work out the connection string (starting the embedded cluster, migrating) once at start-up.
 * Returns 0 or -1 after printing why. */
int pool_init(void);
/* This thread's connection, connecting (again) if needed; NULL when the database is down. */
PGconn *pool_conn(void);
/* Forget this thread's connection (after it broke); the next pool_conn reconnects. */
void pool_drop(void);
/* A new connection of the caller's own (PQfinish it), or NULL. */
PGconn *pool_connect_new(void);

/* Metrics (metrics.c). */
void metrics_observe(const char *route, const char *method, int status, double seconds);
/* Append the Prometheus text exposition to a new string the caller frees; c may be NULL. */
char *metrics_render(PGconn *c);
void metrics_set_database_up(bool up);
void metrics_count_change(void);

/* Background jobs (background.c): start the thread, stop it (waits, within about a second). */
int background_start(void);
void background_stop(void);

/* One JSON log line on stderr: {"ts", "level", "msg", ...fields of extra} (extra is deleted). */
void http_log(const char *level, const char *msg, cJSON *extra);

#endif
