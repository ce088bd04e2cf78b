/* scripts/bench-floor-body.c: the floor of sending the cash-flow forecast's answers
 * (docs/performance.md, "Every authority's forecast (session 11)"). A libmicrohttpd daemon set
 * up as `prudent serve` is (internal polling thread, MHD_USE_AUTO, a pool of THREADS workers)
 * that answers every GET with the bytes of one file (a saved forecast, about 544 KB on the
 * ten-year book) and the same headers as prudent's answers, without authentication, database or
 * work: what curl and libmicrohttpd cost on this box to move such a document, the least a forecast
 * could take. Not built by the Makefile; by hand:
 *   cc -O2 -o /tmp/bench-floor-body scripts/bench-floor-body.c $(pkg-config --cflags --libs libmicrohttpd)
 *   /tmp/bench-floor-body PORT FILE [THREADS]     (stops on SIGINT/SIGTERM) */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *body;
static size_t body_len;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **ctx)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size;
    if (!*ctx) { /* the first call: headers only */
        *ctx = mc;
        return MHD_YES;
    }
    /* copied per answer, as prudent's respond() copies its body */
    struct MHD_Response *r = MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_MUST_COPY);
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

static int read_body(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0)
        return -1;
    long n = ftell(f);
    rewind(f);
    body = malloc(n > 0 ? (size_t)n : 1);
    body_len = body && n > 0 ? fread(body, 1, (size_t)n, f) : 0;
    fclose(f);
    return body_len > 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench-floor-body PORT FILE [THREADS]\n");
        return 2;
    }
    if (read_body(argv[2]) < 0) {
        fprintf(stderr, "bench-floor-body: cannot read %s\n", argv[2]);
        return 1;
    }
    unsigned threads = argc > 3 ? (unsigned)atoi(argv[3]) : 4;
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
        fprintf(stderr, "bench-floor-body: cannot listen on port %s\n", argv[1]);
        return 1;
    }
    int sig;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    free(body);
    return 0;
}
