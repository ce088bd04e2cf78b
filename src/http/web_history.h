/* web_history.h: a holding's history over the API and on the web pages (web_history.c; routes.c
 * lists it, docs/api.md and docs/web.md describe it). Returns the HTTP status after answering. */
#ifndef PRUDENT_HTTP_WEB_HISTORY_H
#define PRUDENT_HTTP_WEB_HISTORY_H

#include "http/request.h"

int web_history(struct request *rq); /* GET /api/v1/authorities/CODE/deals/REF/history?from=&to= */

#endif
