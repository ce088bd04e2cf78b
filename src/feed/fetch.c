/* fetch.c: libcurl fetching with timeouts, a size cap and conditional requests (see fetch.h). */
#include "feed/fetch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/curl_lib.h"
#include "util/err.h"


struct sink {
    struct fetch_resp *resp;
    size_t cap;
    long max_bytes;
    bool too_big;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
    struct sink *s = arg;
    size_t n = size * nmemb;
    if (s->resp->len + n > (size_t)s->max_bytes) {
        s->too_big = true;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    if (s->resp->len + n + 1 > s->cap) {
        s->cap = (s->resp->len + n + 1) * 2;
        s->resp->body = xrealloc(s->resp->body, s->cap);
    }
    memcpy(s->resp->body + s->resp->len, data, n);
    s->resp->len += n;
    s->resp->body[s->resp->len] = '\0';
    return n;
}

/* Copy a header's value (after "Name:"), blanks and CR LF trimmed. */
static void header_value(const char *line, size_t n, size_t name_len, char *out, size_t cap)
{
    const char *v = line + name_len, *end = line + n;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    size_t len = (size_t)(end - v) < cap - 1 ? (size_t)(end - v) : cap - 1;
    memcpy(out, v, len);
    out[len] = '\0';
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *arg)
{
    struct fetch_resp *r = arg;
    size_t n = size * nmemb;
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
        /* a new response (after a redirect): forget the previous one's headers */
        r->etag[0] = r->last_modified[0] = r->content_type[0] = '\0';
    } else if (n > 5 && strncasecmp(line, "ETag:", 5) == 0) {
        header_value(line, n, 5, r->etag, sizeof r->etag);
    } else if (n > 14 && strncasecmp(line, "Last-Modified:", 14) == 0) {
        header_value(line, n, 14, r->last_modified, sizeof r->last_modified);
    } else if (n > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
        header_value(line, n, 13, r->content_type, sizeof r->content_type);
    }
    return n;
}

static bool is_http(const char *url)
{
    return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

int fetch_url(const struct fetch_req *req, struct fetch_resp *resp)
{
    memset(resp, 0, sizeof *resp);
    if (curl_lib_start(resp->error, sizeof resp->error) < 0)
        return -1;
    CURL *h = curl_fn.easy_init();
    if (!h) {
        snprintf(resp->error, sizeof resp->error, "libcurl did not start");
        return -1;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    struct sink sink = {resp, 0, req->max_bytes > 0 ? req->max_bytes : 16L * 1024 * 1024, false};
    struct curl_slist *headers = NULL;
    headers = curl_fn.slist_append(headers, "Accept: text/csv, application/json;q=0.9, */*;q=0.5");
    bool http = is_http(req->url);
    char line[512];
    if (http && req->etag && *req->etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", req->etag);
        headers = curl_fn.slist_append(headers, line);
    }
    if (http && req->last_modified && *req->last_modified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", req->last_modified);
        headers = curl_fn.slist_append(headers, line);
    }
    curl_fn.easy_setopt(h, CURLOPT_URL, req->url);
    curl_fn.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_fn.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_fn.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_fn.easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_fn.easy_setopt(h, CURLOPT_USERAGENT, FETCH_USER_AGENT);
    curl_fn.easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_fn.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_fn.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_fn.easy_setopt(h, CURLOPT_TIMEOUT, req->timeout > 0 ? req->timeout : 30L);
    /* a server that stalls (under 1 byte/s for 15 s) is given up before the total timeout */
    curl_fn.easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_fn.easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 15L);
    curl_fn.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)sink.max_bytes);
    curl_fn.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_fn.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_fn.easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_fn.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_fn.easy_setopt(h, CURLOPT_HEADERDATA, resp);
    curl_fn.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

    CURLcode rc = curl_fn.easy_perform(h);
    curl_fn.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
    curl_fn.slist_free_all(headers);
    curl_fn.easy_cleanup(h);

    int out = 0;
    if (sink.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        snprintf(resp->error, sizeof resp->error, "the answer is larger than the cap of %ld bytes",
                 sink.max_bytes);
        out = -1;
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
        snprintf(resp->error, sizeof resp->error, "timed out after %ld s%s%s",
                 req->timeout > 0 ? req->timeout : 30L, errbuf[0] ? ": " : "", errbuf);
        out = -1;
    } else if (rc != CURLE_OK) {
        snprintf(resp->error, sizeof resp->error, "%s", errbuf[0] ? errbuf : curl_fn.easy_strerror(rc));
        /* prudent's style: lower case ("Couldn't connect" -> "couldn't connect") */
        if (resp->error[0] >= 'A' && resp->error[0] <= 'Z' && resp->error[1] >= 'a' &&
            resp->error[1] <= 'z')
            resp->error[0] = (char)(resp->error[0] - 'A' + 'a');
        out = -1;
    } else if (http && resp->status == 304) {
        resp->not_modified = true;
    } else if (http && (resp->status < 200 || resp->status > 299)) {
        snprintf(resp->error, sizeof resp->error, "HTTP status %ld", resp->status);
        out = -1;
    }
    if (out < 0) {
        free(resp->body);
        resp->body = NULL;
        resp->len = 0;
    } else if (!resp->body) {
        resp->body = xstrdup("");
    }
    return out;
}

void fetch_resp_free(struct fetch_resp *resp)
{
    free(resp->body);
    resp->body = NULL;
    resp->len = 0;
}
