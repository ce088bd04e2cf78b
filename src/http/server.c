/* server.c: the libmicrohttpd daemon (see http.h): start and stop (a thread pool, the background
 * jobs, a clean stop on SIGTERM/SIGINT), and the dispatch of each request: one request context
 * per request, body collection capped at 1 MiB, its route (router.c; 404 vs 405 with Allow),
 * authentication (auth.c), the per-request transaction, the handler, the answer with its headers,
 * and one log line per request (log.c). Connections are bounded in total and per client address,
 * and closed when idle (struct http_limits, docs/operations.md). */
#include <arpa/inet.h>
#include <errno.h>
#include <malloc.h>
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

#include "http/auth.h"
#include "http/background.h"
#include "http/http.h"
#include "http/log.h"
#include "http/metrics.h"
#include "http/pool.h"
#include "http/reply.h"
#include "http/router.h"
#include "store/db.h"
#include "store/scope.h"
#include "util/err.h"
#include "util/json.h"

/* ---- routing ---------------------------------------------------------------------------- */

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

/* ---- the request's transaction ----------------------------------------------------------- */

/* A ROUTE_READ request with a bearer token: this thread's read connection (PRUDENT_DB_READ),
 * or NULL for the primary. */
static PGconn *read_conn(struct request *rq)
{
    const char *h = MHD_lookup_connection_value(rq->mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!(rq->route->flags & ROUTE_READ) || !h || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    return pool_read_conn();
}

/* BEGIN on the read connection of a ROUTE_READ request; false (the caller uses the primary) when
 * there is none or it broke (forgotten: the next request connects again). */
static bool begin_read(struct request *rq)
{
    PGconn *c = read_conn(rq);
    if (!c)
        return false;
    if (db_begin_quiet(c) == 0) {
        rq->db = c;
        rq->on_read = true;
        return true;
    }
    if (PQstatus(c) == CONNECTION_OK)
        db_rollback(c);
    pool_drop_read();
    return false;
}

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
    /* a request moving to the prudent_app connection authenticates on the owner's in autocommit
     * (its scope, written there, must be committed) and begins its transaction there (auth.c) */
    /* PRUDENT_DB_READ: a reporting read goes to the read connection when it answers (it stays
     * there, scoped by scope_set: the grants of sql/185 are written on the primary) */
    bool on_read = db && !own && begin_read(rq);
    if (db && !on_read && (own || http_on_app_conn(rt) ? attach(rq) : begin(rq)) != 0)
        return rq->status;
    if ((rt->flags & ROUTE_AUTH) && (status = http_authorise(rq)) != 0)
        goto done;
    if (rt->flags & ROUTE_BODY) {
        struct json_error jerr = {0};
        rq->json = rq->body ? json_parse_strict(rq->body, rq->body_len, &jerr) : NULL;
        if (!rq->json || !cJSON_IsObject(rq->json)) {
            status = rq->json || !jerr.message[0]
                         ? http_error(rq, PR_ERR_MALFORMED_JSON, NULL, NULL)
                         : http_error(rq, PR_ERR_MALFORMED_JSON, jerr.field[0] ? jerr.field : NULL,
                                      "the body must be one JSON object: %s", jerr.message);
            goto done;
        }
    }
    status = rt->handler(rq);
done:;
    PGconn *conn = rq->db;
    if (db && conn && own) {
        /* a lazy route that never asked for its scope is still the owner, outside a transaction */
        if (PQstatus(conn) == CONNECTION_OK && (rq->scoped || PQtransactionStatus(conn) != PQTRANS_IDLE))
            http_scope_end(rq);
    } else if (db && conn) {
        if (status < 400 && PQstatus(conn) == CONNECTION_OK) {
            if (db_commit_quiet(conn) < 0) /* nothing was acknowledged: the client sees the failure */
                status = http_db_failure(rq);
        } else if (PQstatus(conn) == CONNECTION_OK) {
            db_rollback(conn);
        }
    }
    conn = rq->db;
    if (db && conn && rq->on_read) {
        if (PQstatus(conn) != CONNECTION_OK) /* the standby went: the next request reconnects */
            pool_drop_read();
        rq->db = NULL;
    } else if (db && conn) {
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
        /* The printed text itself, one byte longer for the newline (realloc: no copy of the
         * 800 KB of a limits answer, as a fresh buffer was). */
        char *s;
        if (cJSON_IsRaw(rq->reply) && rq->reply->valuestring) { /* a document written as text */
            s = rq->reply->valuestring; /* (util/json.h json_raw_taken): that text, not a copy */
            rq->reply->valuestring = NULL;
        } else {
            s = cJSON_PrintUnformatted(rq->reply);
        }
        len = strlen(s);
        body = xrealloc(s, len + 2);
        body[len++] = '\n';
        body[len] = '\0';
        rq->content_type = "application/json";
    }
    /* libmicrohttpd takes the text and frees it when the answer is sent (MHD_RESPMEM_MUST_FREE,
     * free(): both texts come from malloc): no copy of it. */
    if (body == rq->text)
        rq->text = NULL;
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
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

static struct http_limits limits = {HTTP_MAX_CONNECTIONS_DEFAULT, HTTP_PER_CLIENT_DEFAULT, HTTP_TIMEOUT_DEFAULT};

void http_set_limits(const struct http_limits *l)
{
    limits = *l;
}

/* The service's allocator (docs/performance.md, "The service's memory (session 10)" and "The
 * scope functions, the allocator and the check's floor with work (session 12)"): a block of 4 MB
 * or more gets pages of its own, handed back to the kernel when freed; smaller ones come from the
 * worker threads' heaps, each keeping up to 4 MB free at its top. Session 10 set the threshold at
 * 128 KB, for the peak; but the as-at answers (a limits list's 1.2 MB of entries and its 1 MB of
 * text) then took fresh pages from the kernel on every request, about half the service's cpu an
 * answer in page faults and mmap calls. Both are set, not left to glibc, whose threshold rises
 * and falls with what is freed. Before any thread starts. */
static void serve_memory(void)
{
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 4 << 20);
}

int http_serve(const char *listen, int threads)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    int rc = parse_listen(listen, &ss, &sslen);
    if (rc != EXIT_OK)
        return rc;
    serve_memory();
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
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)limits.timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)limits.max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)limits.per_client, MHD_OPTION_END);
    if (!d)
        return fail(EXIT_DEP, "cannot listen on %s: %s", listen, errno ? strerror(errno) : "libmicrohttpd refused");
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char addr[300];
    snprintf(addr, sizeof addr, "%.*s:%u", (int)(strrchr(listen, ':') - listen), listen,
             info ? info->port : 0);
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "listen", addr);
    cJSON_AddNumberToObject(f, "threads", threads);
    cJSON_AddNumberToObject(f, "max_connections", limits.max_connections);
    cJSON_AddNumberToObject(f, "per_client", limits.per_client);
    cJSON_AddNumberToObject(f, "timeout_s", limits.timeout_s);
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
