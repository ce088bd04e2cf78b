/* scripts/bench-floor.c: the floor of the check's HTTP figures (docs/performance.md, "The check at
 * 10,000 a second"). A libmicrohttpd daemon set up as `prudent serve` is (internal polling thread,
 * MHD_USE_AUTO, a pool of THREADS workers) that reads each POST body and answers a fixed 200 JSON
 * body with the same headers as prudent's answers, without authentication, database or work:
 * what wrk and libmicrohttpd cost on this box, the most any check could answer. Not built by the
 * Makefile; by hand:
 *   cc -O2 -o /tmp/bench-floor scripts/bench-floor.c $(pkg-config --cflags --libs libmicrohttpd)
 *   /tmp/bench-floor PORT [THREADS]     (stops on SIGINT/SIGTERM)
 *
 * The floor of the as-at figures (docs/performance.md, "As-at under load (session 11)"): given two
 * files, it answers each GET whose path holds "/limits" with the bytes of LIMITS_FILE and any
 * other with those of OTHER_FILE (save a real limits and portfolio answer of the service with
 * curl), so that wrk's BENCH_MODE=asat load (scripts/bench.lua) meets documents of the real sizes
 * with no work behind them:
 *   /tmp/bench-floor PORT THREADS OTHER_FILE LIMITS_FILE
 *
 * The floor of a check that costs cpu (docs/performance.md, "The check's floor with work (session
 * 12)"): FLOOR_WORK_US=N in the environment makes each answer first burn N microseconds of its
 * thread's cpu (a spin on CLOCK_THREAD_CPUTIME_ID, no system call in between), so that the paced
 * load shows what p99 any server spending N us a request would get on this box. */
#include <microhttpd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char BODY[] = "{\"allowed\":true,\"reasons\":[],\"exposure\":{\"counterparty\":\"0.00\"}}\n";

/* The fixed answers given on the command line (NULL: BODY for every request). */
static char *other_body, *limits_body;
static size_t other_len, limits_len;
/* FLOOR_WORK_US: the cpu each answer burns first (0: none). */
static long work_us;

/* Spend us microseconds of this thread's cpu. */
static void burn(long us)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    do
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    while ((t.tv_sec - t0.tv_sec) * 1000000L + (t.tv_nsec - t0.tv_nsec) / 1000 < us);
}

/* The whole of file path into *len bytes (malloc'd, never freed), or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap)
            buf = realloc(buf, cap = cap ? 2 * cap : 1 << 20);
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **ctx)
{
    (void)cls, (void)method, (void)version, (void)upload;
    if (!*ctx) { /* the first call: headers only */
        *ctx = mc;
        return MHD_YES;
    }
    if (*upload_size) { /* the body: read and dropped */
        *upload_size = 0;
        return MHD_YES;
    }
    if (work_us > 0)
        burn(work_us);
    const char *body = BODY;
    size_t len = sizeof BODY - 1;
    if (limits_body) {
        bool limits = strstr(url, "/limits") != NULL;
        body = limits ? limits_body : other_body;
        len = limits ? limits_len : other_len;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                            "form-action 'self'; base-uri 'none'; object-src 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    enum MHD_Result ok = MHD_queue_response(mc, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-floor PORT [THREADS [OTHER_FILE LIMITS_FILE]]\n");
        return 2;
    }
    const char *w = getenv("FLOOR_WORK_US");
    work_us = w ? atol(w) : 0;
    unsigned threads = argc > 2 ? (unsigned)atoi(argv[2]) : 4;
    if (argc > 4) {
        other_body = slurp(argv[3], &other_len);
        limits_body = slurp(argv[4], &limits_len);
        if (!other_body || !limits_body) {
            fprintf(stderr, "bench-floor: cannot read %s or %s\n", argv[3], argv[4]);
            return 1;
        }
    }
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG,
                                            (uint16_t)atoi(argv[1]), NULL, NULL, on_request, NULL,
                                            MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
                                            60u, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "bench-floor: cannot listen on port %s\n", argv[1]);
        return 1;
    }
    int sig;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    return 0;
}
