/* metrics.c: counters kept in memory and the Prometheus text exposition of /metrics: requests by
 * route, method and status; a latency histogram by route; and gauges read from the database at
 * scrape time (feed ages when the feeds tables exist; open alerts and deals by status, figures of
 * the authorities' books, only for a caller who covers every authority: issue 19, item 10). */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/metrics.h"
#include "service/asat_cache.h"
#include "store/db.h"
#include "store/metrics.h"
#include "util/err.h"
#include "util/strbuf.h"

#define MAX_SERIES 256
#define MAX_ROUTES 64

static const double buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NBUCKETS (sizeof buckets / sizeof buckets[0])

struct series {
    const char *route, *method; /* static strings (route patterns, method names) */
    int status;
    unsigned long count;
};

struct latency {
    const char *route;
    unsigned long bucket[NBUCKETS]; /* cumulative when rendered */
    unsigned long count;
    double sum;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct series series[MAX_SERIES];
static int nseries;
static struct latency lat[MAX_ROUTES];
static int nlat;
static atomic_int database_up = 1;
static atomic_ulong changes;

static const char *method_name(const char *m)
{
    static const char *const known[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(m, known[i]) == 0)
            return known[i];
    return "OTHER";
}

void metrics_observe(const char *route, const char *method, int status, double seconds)
{
    method = method_name(method);
    pthread_mutex_lock(&lock);
    int i;
    for (i = 0; i < nseries; i++)
        if (series[i].route == route && series[i].method == method && series[i].status == status)
            break;
    if (i == nseries && nseries < MAX_SERIES)
        series[nseries++] = (struct series){route, method, status, 0};
    if (i < nseries)
        series[i].count++;
    for (i = 0; i < nlat; i++)
        if (lat[i].route == route)
            break;
    if (i == nlat && nlat < MAX_ROUTES)
        lat[nlat++] = (struct latency){.route = route};
    if (i < nlat) {
        for (size_t b = 0; b < NBUCKETS; b++)
            if (seconds <= buckets[b]) {
                lat[i].bucket[b]++;
                break;
            }
        lat[i].count++;
        lat[i].sum += seconds;
    }
    pthread_mutex_unlock(&lock);
}

void metrics_set_database_up(bool up)
{
    atomic_store(&database_up, up ? 1 : 0);
}

void metrics_count_change(void)
{
    atomic_fetch_add(&changes, 1);
}

/* Append to the page being rendered. */
static void put(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vappendf(b, fmt, ap);
    va_end(ap);
}

/* Label values are route patterns and names from the database: escape \ " and newlines. */
static const char *label(const char *s, char *out, size_t n)
{
    size_t j = 0;
    for (; *s && j + 2 < n; s++) {
        if (*s == '\\' || *s == '"') {
            out[j++] = '\\';
            out[j++] = *s;
        } else if (*s == '\n') {
            out[j++] = '\\';
            out[j++] = 'n';
        } else {
            out[j++] = *s;
        }
    }
    out[j] = '\0';
    return out;
}

static void render_gauges(PGconn *c, struct strbuf *b, bool book)
{
    struct metric_figures f;
    metric_figures_read(c, &f);
    if (f.have_alerts && book) {
        put(b, "# HELP prudent_alerts_open Alerts raised and not yet acknowledged or resolved.\n"
               "# TYPE prudent_alerts_open gauge\nprudent_alerts_open %lld\n", (long long)f.alerts_open);
    }
    if (f.have_deals && book) {
        put(b, "# HELP prudent_deals Investments in the book, by status (all authorities).\n"
               "# TYPE prudent_deals gauge\n");
        for (int i = 0; i < f.ndeals; i++)
            put(b, "prudent_deals{status=\"%s\"} %lld\n", f.deals[i].status, (long long)f.deals[i].n);
    }
    if (f.have_feeds) {
        put(b, "# HELP prudent_feed_age_seconds Seconds since each feed's last successful poll.\n"
               "# TYPE prudent_feed_age_seconds gauge\n");
        char l[256];
        for (int i = 0; i < f.nfeeds; i++)
            put(b, "prudent_feed_age_seconds{feed=\"%s\"} %lld\n", label(f.feeds[i].name, l, sizeof l),
                (long long)f.feeds[i].seconds);
    }
    metric_figures_free(&f);
}

char *metrics_render(PGconn *c, bool book)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_grow(&b, 4096);
    char l[256];
    pthread_mutex_lock(&lock);
    put(&b, "# HELP prudent_http_requests_total HTTP requests answered, by route, method and status.\n"
            "# TYPE prudent_http_requests_total counter\n");
    for (int i = 0; i < nseries; i++)
        put(&b, "prudent_http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %lu\n",
            label(series[i].route, l, sizeof l), series[i].method, series[i].status, series[i].count);
    put(&b, "# HELP prudent_http_request_duration_seconds Time to answer a request, by route.\n"
            "# TYPE prudent_http_request_duration_seconds histogram\n");
    for (int i = 0; i < nlat; i++) {
        unsigned long cum = 0;
        label(lat[i].route, l, sizeof l);
        for (size_t k = 0; k < NBUCKETS; k++) {
            cum += lat[i].bucket[k];
            put(&b, "prudent_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lu\n", l,
                buckets[k], cum);
        }
        put(&b, "prudent_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n", l, lat[i].count);
        put(&b, "prudent_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", l, lat[i].sum);
        put(&b, "prudent_http_request_duration_seconds_count{route=\"%s\"} %lu\n", l, lat[i].count);
    }
    pthread_mutex_unlock(&lock);
    put(&b, "# HELP prudent_database_up Whether the last database check succeeded.\n"
            "# TYPE prudent_database_up gauge\nprudent_database_up %d\n", atomic_load(&database_up));
    put(&b, "# HELP prudent_changes_total Change notifications received from the database.\n"
            "# TYPE prudent_changes_total counter\nprudent_changes_total %lu\n", atomic_load(&changes));
    struct asat_stats as;
    asat_cache_stats(&as);
    put(&b, "# HELP prudent_asat_served_total Portfolio and limits documents built from the service's memory.\n"
            "# TYPE prudent_asat_served_total counter\nprudent_asat_served_total %lu\n", as.served);
    put(&b, "# HELP prudent_asat_loads_total Books over time loaded into the service's memory.\n"
            "# TYPE prudent_asat_loads_total counter\nprudent_asat_loads_total %lu\n", as.loads);
    put(&b, "# HELP prudent_asat_cache_authorities Authorities whose book over time the service keeps.\n"
            "# TYPE prudent_asat_cache_authorities gauge\nprudent_asat_cache_authorities %d\n", as.authorities);
    put(&b, "# HELP prudent_asat_cache_bytes Bytes of the books over time the service keeps.\n"
            "# TYPE prudent_asat_cache_bytes gauge\nprudent_asat_cache_bytes %zu\n", as.bytes);
    if (c)
        render_gauges(c, &b, book);
    return strbuf_steal(&b);
}
