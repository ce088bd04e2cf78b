/* fetch.h: fetching a feed's answer with libcurl.
 *
 * http(s):// and file:// URLs. A descriptive User-Agent, a connect timeout (10 s), a total
 * timeout (30 s by default), a stall timeout (under 1 byte/s for 15 s), a size cap, redirects followed (at most 5, to http or https only), gzip accepted.
 * When the last good answer carried an ETag or Last-Modified, the request is conditional
 * (If-None-Match / If-Modified-Since) and 304 Not Modified is a success with nothing new.
 * An HTTP status other than 2xx or 304 is a failure. Thread-safe (curl_global_init runs once, util/curl_lib.h). */
#ifndef PRUDENT_FEED_FETCH_H
#define PRUDENT_FEED_FETCH_H

#include <stdbool.h>
#include <stddef.h>

struct fetch_req {
    const char *url;
    const char *etag;          /* NULL or "" when there is none */
    const char *last_modified; /* the server's Last-Modified text, NULL or "" if none */
    long timeout;              /* seconds, whole transfer */
    long max_bytes;
};

struct fetch_resp {
    char *body; /* owned; NUL-terminated for convenience, len bytes */
    size_t len;
    long status; /* HTTP status; 0 for file:// */
    bool not_modified;
    char etag[256];
    char last_modified[128];
    char content_type[128];
    char error[512]; /* why the fetch failed */
};

/* Returns 0 (body in resp, or resp->not_modified), or -1 with the reason in resp->error.
 * Free with fetch_resp_free either way. */
int fetch_url(const struct fetch_req *req, struct fetch_resp *resp);
void fetch_resp_free(struct fetch_resp *resp);

#define FETCH_USER_AGENT                                                                          \
    "prudent/0.1 (treasury management for UK local authorities; rate feeds; "                     \
    "+https://github.com/prudent-treasury/prudent)"

#endif
