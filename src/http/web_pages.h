/* web_pages.h: the treasury team's web pages: the files of web/, embedded at build time by
 * scripts/embed-web into build/gen/web_assets.c, served by web_pages.c (docs/web.md). */
#ifndef PRUDENT_HTTP_WEB_PAGES_H
#define PRUDENT_HTTP_WEB_PAGES_H

#include <stddef.h>

#include "http/request.h"

/* One embedded file of web/ (build/gen/web_assets.c, made by scripts/embed-web). */
struct web_asset {
    const char *name; /* "index.html", "app.js" */
    const char *data;
    size_t len;
};
extern const struct web_asset web_assets[]; /* ends with a row of NULLs */

/* Handlers (routes.c lists them). */
int web_page(struct request *rq);   /* GET /: the application page */
int web_static(struct request *rq); /* GET /static/FILE */

#endif
