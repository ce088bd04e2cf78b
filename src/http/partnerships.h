/* partnerships.h: the partnership views over the API (partnerships.c; routes.c lists them,
 * docs/api.md and docs/shared-services.md describe them): the very JSON of `prudent partnership
 * list --json`, `prudent limits --partnership CODE --json` and `prudent portfolio --partnership
 * CODE --json`, over the members the token covers (row-level security: a user covering only
 * some members sees only those). Each returns the HTTP status after answering. */
#ifndef PRUDENT_HTTP_PARTNERSHIPS_H
#define PRUDENT_HTTP_PARTNERSHIPS_H

#include "http/request.h"

int http_partnerships(struct request *rq);          /* GET /api/v1/partnerships */
int http_partnership_limits(struct request *rq);    /* GET /api/v1/partnerships/{p}/limits?as_of= */
int http_partnership_portfolio(struct request *rq); /* GET /api/v1/partnerships/{p}/portfolio?as_of= */
int http_partnership_cashflow(struct request *rq);  /* GET .../{p}/cashflow?from=&to=&by=&as_known_at= */
int http_partnership_show(struct request *rq);      /* GET /api/v1/partnerships/{p}?as_of=&as_known_at= */

#endif
