/* router.c: the lookup of a request's route in the static table (routes.h): the path split into
 * segments, each pattern matched with its {…} parameters ({view} only for a registered view),
 * and the methods a known path allows when the request's is not one (see router.h). Pure: no
 * database, no libmicrohttpd, so the unit tests and the fuzzer call it directly. */
#include <stdio.h>
#include <string.h>

#include "http/router.h"
#include "http/routes.h"
#include "views/view.h"

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
