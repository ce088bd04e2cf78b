/* web_pages.c: the treasury team's web pages and their static files, embedded at build time
 * from web/ by scripts/embed-web (see web_pages.h, docs/web.md), each with its content type. */
#include <stdlib.h>
#include <string.h>

#include "http/reply.h"
#include "http/web_pages.h"
#include "util/err.h"

static const char *content_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return "application/octet-stream";
    if (strcmp(dot, ".html") == 0)
        return "text/html; charset=utf-8";
    if (strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    return "text/plain; charset=utf-8";
}

static int serve_asset(struct request *rq, const char *name)
{
    for (const struct web_asset *a = web_assets; a->name; a++) {
        if (strcmp(a->name, name) != 0)
            continue;
        rq->text = xmalloc(a->len + 1);
        memcpy(rq->text, a->data, a->len);
        rq->text[a->len] = '\0';
        rq->text_len = a->len;
        rq->content_type = content_type(name);
        rq->status = 200;
        return 200;
    }
    return http_error(rq, PR_ERR_NOT_FOUND, NULL, "no file %s", name);
}

int web_page(struct request *rq)
{
    return serve_asset(rq, "index.html");
}

int web_static(struct request *rq)
{
    const char *f = rq->params[0];
    if (strcmp(f, "index.html") == 0)
        return http_error(rq, PR_ERR_NOT_FOUND, NULL, "no file %s", f);
    return serve_asset(rq, f);
}
