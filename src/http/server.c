/* server.c: the libmicrohttpd daemon: a thread pool, one request context per request, body
 * collection capped at 1 MiB, route matching (404 vs 405 with Allow), authentication, the
 * per-request transaction under row-level security, JSON answers, one log line per request, and
 * a clean stop on SIGTERM/SIGINT (see http.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/request.h"
#include "http/web_session.h"
#include "store/authority.h"
#include "store/db.h"
#include "store/scope.h"
#include "util/err.h"
#include "views/view.h"

/* ---- answers ---------------------------------------------------------------------------- */

int http_json(struct request *rq, int status, cJSON *doc)
{
    cJSON_Delete(rq->reply);
    rq->reply = doc;
    rq->status = status;
    return status;
}

/* The answer {"error": {"code", "message", "field"}} with status. */
static int error_answer(struct request *rq, int status, enum pr_error code, const char *field, const char *fmt,
                        va_list ap)
{
    char msg[512];
    if (fmt)
        vsnprintf(msg, sizeof msg, fmt, ap);
    else
        snprintf(msg, sizeof msg, "%s", pr_error_message(code));
    cJSON *doc = cJSON_CreateObject(), *e = cJSON_AddObjectToObject(doc, "error");
    cJSON_AddStringToObject(e, "code", pr_error_wire(code));
    cJSON_AddStringToObject(e, "message", msg);
    if (field)
        cJSON_AddStringToObject(e, "field", field);
    else
        cJSON_AddNullToObject(e, "field");
    return http_json(rq, status, doc);
}

int http_error(struct request *rq, enum pr_error code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int status = pr_error_status(code);
    status = error_answer(rq, status ? status : 500, code, field, fmt, ap); /* 0: not an HTTP answer */
    va_end(ap);
    return status;
}

int http_error_status(struct request *rq, int status, enum pr_error code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    status = error_answer(rq, status, code, field, fmt, ap);
    va_end(ap);
    return status;
}

int http_db_failure(struct request *rq)
{
    if (!rq->db || PQstatus(rq->db) != CONNECTION_OK)
        return http_error(rq, PR_ERR_DATABASE_UNAVAILABLE, NULL, NULL);
    return http_error(rq, PR_ERR_INTERNAL, NULL, NULL);
}

const char *http_query(struct request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->mc, MHD_GET_ARGUMENT_KIND, name);
}

void http_log(const char *level, const char *msg, cJSON *extra)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[80];
    snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    cJSON *line = cJSON_CreateObject();
    cJSON_AddStringToObject(line, "ts", when);
    cJSON_AddStringToObject(line, "level", level);
    cJSON_AddStringToObject(line, "msg", msg);
    for (cJSON *f = extra ? extra->child : NULL; f; f = f->next)
        cJSON_AddItemReferenceToObject(line, f->string, f);
    char *s = cJSON_PrintUnformatted(line);
    if (s) {
        fprintf(stderr, "%s\n", s);
        free(s);
    }
    cJSON_Delete(line);
    cJSON_Delete(extra);
}

/* ---- routing ---------------------------------------------------------------------------- */

/* Split path into segments in buf (owned by the caller). Returns the count, -1 if too many. */
static int split(const char *path, char *buf, size_t n, char **seg)
{
    snprintf(buf, n, "%s", path);
    int count = 0;
    for (char *save = NULL, *t = strtok_r(buf, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (count == HTTP_MAX_SEGMENTS)
            return -1;
        seg[count++] = t;
    }
    return count;
}

/* Does route r's pattern match segs? Fills params (pointing into segs). */
static bool pattern_match(const struct route *r, char **segs, int nsegs, const char **params)
{
    char buf[256], *pat[HTTP_MAX_SEGMENTS];
    int np = split(r->pattern, buf, sizeof buf, pat), k = 0;
    if (np != nsegs)
        return false;
    for (int i = 0; i < np; i++) {
        if (pat[i][0] == '{') {
            if (strcmp(pat[i], "{view}") == 0 && !view_find(segs[i]))
                return false;
            if (k < HTTP_MAX_PARAMS)
                params[k++] = segs[i];
        } else if (strcmp(pat[i], segs[i]) != 0) {
            return false;
        }
    }
    return true;
}

const struct route *http_route_find(const char *method, const char *path, char *segbuf, size_t n,
                                    const char **params, char *allow, size_t allow_n)
{
    char *segs[HTTP_MAX_SEGMENTS];
    int nsegs = strlen(path) < n ? split(path, segbuf, n, segs) : -1;
    allow[0] = '\0';
    if (nsegs < 0)
        return NULL;
    for (const struct route *r = http_routes; r->method; r++) {
        const char *p[HTTP_MAX_PARAMS] = {0};
        if (!pattern_match(r, segs, nsegs, p))
            continue;
        if (strcmp(r->method, method) == 0) {
            memcpy(params, p, sizeof p);
            return r;
        }
        if (!strstr(allow, r->method)) {
            size_t len = strlen(allow);
            snprintf(allow + len, allow_n - len, "%s%s", len ? ", " : "", r->method);
        }
    }
    return NULL;
}

/* Find the route for rq; returns 0 or the 404/405 status after setting the answer. */
static int route_find(struct request *rq)
{
    size_t n = strlen(rq->path) + 1;
    rq->segbuf = xmalloc(n);
    rq->route = http_route_find(rq->method, rq->path, rq->segbuf, n, rq->params, rq->allow, sizeof rq->allow);
    if (rq->route)
        return 0;
    if (rq->allow[0])
        return http_error(rq, PR_ERR_METHOD_NOT_ALLOWED, NULL, "%s is not allowed here: use %s",
                          rq->method, rq->allow);
    return http_error(rq, PR_ERR_NOT_FOUND, NULL, "nothing here: %s (see docs/api.md)", rq->path);
}

/* ---- authentication and the request's transaction ---------------------------------------- */

/* BEGIN on this thread's connection, reconnecting once if the connection was lost. */
static int begin(struct request *rq)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        rq->db = pool_conn();
        if (!rq->db)
            break;
        if (db_begin_quiet(rq->db) == 0)
            return 0;
        if (PQstatus(rq->db) == CONNECTION_OK) {
            db_rollback(rq->db);
            return http_error(rq, PR_ERR_INTERNAL, NULL, "cannot begin a transaction");
        }
        pool_drop();
        rq->db = NULL;
    }
    metrics_set_database_up(false);
    return http_error(rq, PR_ERR_DATABASE_UNAVAILABLE, NULL, NULL);
}

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

/* Authenticate, authorise, resolve {code}, then drop to prudent_service with the scope set.
 * Returns 0 or the error status after setting the answer. */
static int authorise(struct request *rq)
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
        if (rc < 0 && (rt->flags & ROUTE_OWN_TX) && PQstatus(rq->db) != CONNECTION_OK) {
            /* no BEGIN went first (attach): the server restarted; one fresh connection may do */
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

int http_scope(struct request *rq)
{
    const struct route *rt = rq->route;
    if (rq->scoped)
        return 0;
    char ids[4096];
    if (scope(rq, ids, sizeof ids) < 0)
        return http_db_failure(rq);
    /* ROUTE_OWN_TX handlers run transactions of their own: the scope and role then last for the
     * session until run_handler resets them; otherwise they end with the request's transaction. */
    bool session = rt->flags & ROUTE_OWN_TX;
    /* as the owner (ROUTE_OWNER) the role stays; otherwise the drop to prudent_service */
    if (scope_set(rq->db, ids, rq->user.name, !session, rt->flags & ROUTE_OWNER) < 0)
        return http_db_failure(rq);
    rq->scoped = true;
    return 0;
}

/* After a ROUTE_OWN_TX handler: back to the owner with no scope, or forget the connection. */
static void end_session_scope(struct request *rq)
{
    if (scope_reset(rq->db) < 0) { /* never reuse a connection whose role is in doubt */
        pool_drop();
        rq->db = NULL;
    }
}

/* This thread's connection without a transaction: ROUTE_OWN_TX handlers make their own, so
 * their authentication runs in autocommit (two round trips fewer than BEGIN ... COMMIT). */
static int attach(struct request *rq)
{
    rq->db = pool_conn();
    if (rq->db)
        return 0;
    metrics_set_database_up(false);
    return http_error(rq, PR_ERR_DATABASE_UNAVAILABLE, NULL, NULL);
}

static int run_handler(struct request *rq)
{
    const struct route *rt = rq->route;
    bool db = rt->flags & (ROUTE_DB | ROUTE_AUTH), own = rt->flags & ROUTE_OWN_TX;
    int status;
    if (db && (own ? attach(rq) : begin(rq)) != 0)
        return rq->status;
    if ((rt->flags & ROUTE_AUTH) && (status = authorise(rq)) != 0)
        goto done;
    if (rt->flags & ROUTE_BODY) {
        rq->json = rq->body ? cJSON_ParseWithLength(rq->body, rq->body_len) : NULL;
        if (!rq->json || !cJSON_IsObject(rq->json)) {
            status = http_error(rq, PR_ERR_MALFORMED_JSON, NULL, NULL);
            goto done;
        }
    }
    status = rt->handler(rq);
done:;
    PGconn *conn = rq->db;
    if (db && conn && own) {
        /* a lazy route that never asked for its scope is still the owner, outside a transaction */
        if (PQstatus(conn) == CONNECTION_OK && (rq->scoped || PQtransactionStatus(conn) != PQTRANS_IDLE))
            end_session_scope(rq);
    } else if (db && conn) {
        if (status < 400 && PQstatus(conn) == CONNECTION_OK) {
            if (db_commit_quiet(conn) < 0) /* nothing was acknowledged: the client sees the failure */
                status = http_db_failure(rq);
        } else if (PQstatus(conn) == CONNECTION_OK) {
            db_rollback(conn);
        }
    }
    conn = rq->db;
    if (db && conn) {
        if (PQstatus(conn) != CONNECTION_OK) {
            pool_drop();
            rq->db = NULL;
            metrics_set_database_up(false);
        } else {
            metrics_set_database_up(true);
        }
    }
    return status;
}

/* ---- libmicrohttpd glue ----------------------------------------------------------------- */

static double elapsed(const struct request *rq)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - rq->started.tv_sec) + (double)(now.tv_nsec - rq->started.tv_nsec) / 1e9;
}

static enum MHD_Result respond(struct request *rq)
{
    char *body;
    size_t len;
    if (rq->text) {
        body = rq->text;
        len = rq->text_len ? rq->text_len : strlen(body);
    } else {
        if (!rq->reply)
            http_error(rq, PR_ERR_INTERNAL, NULL, "the handler gave no answer");
        char *s = cJSON_PrintUnformatted(rq->reply);
        len = strlen(s);
        body = xmalloc(len + 2);
        memcpy(body, s, len);
        body[len++] = '\n';
        body[len] = '\0';
        free(s);
        free(rq->text);
        rq->text = body;
        rq->content_type = "application/json";
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rq->content_type ? rq->content_type : "application/json");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    /* Nothing from outside: the pages use only their own files (docs/web.md). */
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                            "form-action 'self'; base-uri 'none'; object-src 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    if (rq->set_cookie)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, rq->set_cookie);
    if (rq->disposition[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, rq->disposition);
    if (rq->status == 405)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rq->allow);
    if (rq->status == 401)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"prudent\"");
    enum MHD_Result ok = MHD_queue_response(rq->mc, (unsigned)rq->status, resp);
    rq->answered = true;
    MHD_destroy_response(resp);

    double secs = elapsed(rq);
    const char *label = rq->route ? rq->route->pattern : "unmatched";
    metrics_observe(label, rq->method, rq->status, secs);
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "method", rq->method);
    cJSON_AddStringToObject(f, "path", rq->path);
    cJSON_AddStringToObject(f, "route", label);
    cJSON_AddNumberToObject(f, "status", rq->status);
    cJSON_AddNumberToObject(f, "ms", (double)(long)(secs * 100000) / 100);
    if (rq->user.id)
        cJSON_AddStringToObject(f, "user", rq->user.name);
    if (rq->authority.id)
        cJSON_AddStringToObject(f, "authority", rq->authority.code);
    if (rq->status >= 400 && rq->reply) {
        cJSON *code = cJSON_GetObjectItem(cJSON_GetObjectItem(rq->reply, "error"), "code");
        if (cJSON_IsString(code))
            cJSON_AddStringToObject(f, "error", code->valuestring);
    }
    http_log(rq->status >= 500 ? "error" : "info", "request", f);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **ctx)
{
    (void)cls;
    (void)version;
    struct request *rq = *ctx;
    if (!rq) {
        rq = xcalloc(1, sizeof *rq);
        *ctx = rq;
        rq->mc = mc;
        clock_gettime(CLOCK_MONOTONIC, &rq->started);
        snprintf(rq->method, sizeof rq->method, "%s", method);
        rq->path = xstrdup(url);
        const char *cl = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > HTTP_BODY_MAX) {
            rq->too_large = true; /* answer at once: no need to read what we will refuse */
            http_error(rq, PR_ERR_BODY_TOO_LARGE, NULL, "the request body is over %d bytes", HTTP_BODY_MAX);
            return respond(rq);
        }
        return MHD_YES;
    }
    if (rq->answered) { /* refused before the body was read: drop the rest */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rq->too_large) {
            if (rq->body_len + *upload_size > HTTP_BODY_MAX) {
                rq->too_large = true;
                free(rq->body);
                rq->body = NULL;
                rq->body_len = rq->body_cap = 0;
            } else {
                if (rq->body_len + *upload_size + 1 > rq->body_cap) {
                    rq->body_cap = (rq->body_len + *upload_size + 1) * 2;
                    rq->body = xrealloc(rq->body, rq->body_cap);
                }
                memcpy(rq->body + rq->body_len, upload, *upload_size);
                rq->body_len += *upload_size;
                rq->body[rq->body_len] = '\0';
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->too_large)
        http_error(rq, PR_ERR_BODY_TOO_LARGE, NULL, "the request body is over %d bytes", HTTP_BODY_MAX);
    else if (route_find(rq) == 0)
        rq->status = run_handler(rq);
    return respond(rq);
}

static void on_completed(void *cls, struct MHD_Connection *mc, void **ctx, enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)mc;
    (void)why;
    struct request *rq = *ctx;
    if (!rq)
        return;
    free(rq->path);
    free(rq->body);
    free(rq->segbuf);
    free(rq->text);
    free(rq->set_cookie);
    cJSON_Delete(rq->json);
    cJSON_Delete(rq->reply);
    free(rq);
    *ctx = NULL;
}

/* ---- start and stop --------------------------------------------------------------------- */

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || !colon[1])
        return fail(EXIT_BAD, "--listen \"%s\": expected ADDR:PORT, e.g. 127.0.0.1:8080", listen);
    size_t hl = (size_t)(colon - listen);
    if (listen[0] == '[' && hl >= 2 && listen[hl - 1] == ']') {
        listen++;
        hl -= 2;
    }
    if (hl >= sizeof host)
        return fail(EXIT_BAD, "--listen \"%s\": address too long", listen);
    memcpy(host, listen, hl);
    host[hl] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return fail(EXIT_BAD, "--listen: port \"%s\" is not a number from 0 to 65535", colon + 1);
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = SOCK_STREAM}, *ai;
    if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
        return fail(EXIT_BAD, "--listen: \"%s\" is not a numeric IPv4 or IPv6 address", host);
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return EXIT_OK;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "detail", msg);
    http_log("warning", "libmicrohttpd", f);
}

static void log_tenant_gap(void *arg, const char *gap)
{
    (void)arg;
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "gap", gap);
    cJSON_AddStringToObject(f, "fix", "add a prudent_tenant_table line to a migration (docs/development.md)");
    http_log("error", "tenant isolation gap", f);
}

/* Say loudly at start-up if some table or view escapes row-level security (sql/051). */
static void log_tenant_gaps(void)
{
    PGconn *c = pool_connect_new();
    if (c)
        scope_each_gap(c, log_tenant_gap, NULL);
    PQfinish(c);
}

int http_serve(const char *listen, int threads)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    int rc = parse_listen(listen, &ss, &sslen);
    if (rc != EXIT_OK)
        return rc;
    if (pool_init() < 0)
        return EXIT_DEP;
    log_tenant_gaps();

    /* Signals are taken by sigwait() below: block them before any thread starts. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    /* The port is also given as such (MHD binds to the address, but names this port when it
     * cannot: "Failed to bind to port 8080"). */
    uint16_t port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                   : ((struct sockaddr_in *)&ss)->sin_port);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, port, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (!d)
        return fail(EXIT_DEP, "cannot listen on %s: %s", listen, errno ? strerror(errno) : "libmicrohttpd refused");
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char addr[300];
    snprintf(addr, sizeof addr, "%.*s:%u", (int)(strrchr(listen, ':') - listen), listen,
             info ? info->port : 0);
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "listen", addr);
    cJSON_AddNumberToObject(f, "threads", threads);
    cJSON_AddNumberToObject(f, "pid", (double)getpid());
    http_log("info", "listening", f);
    if (background_start() < 0) {
        MHD_stop_daemon(d);
        return fail(EXIT_DEP, "cannot start the background jobs");
    }

    int sig = 0;
    sigwait(&stop, &sig);
    f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "signal", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    http_log("info", "stopping", f);
    background_stop();
    MHD_stop_daemon(d); /* finishes requests in hand, closes connections, joins the workers */
    http_log("info", "stopped", NULL);
    return EXIT_OK;
}
