/* deals.h: the handlers of the pre-deal check, booking and approval over the API (deals.c;
 * routes.c lists them, docs/api.md describes them). Each returns the HTTP status after answering
 * (reply.h). */
#ifndef PRUDENT_HTTP_DEALS_H
#define PRUDENT_HTTP_DEALS_H

#include "http/request.h"

int http_deal_check(struct request *rq);   /* POST /api/v1/authorities/CODE/check */
int http_deal_book(struct request *rq);    /* POST /api/v1/authorities/CODE/deals */
int http_deal_approve(struct request *rq); /* POST /api/v1/authorities/CODE/deals/REF/approve */

#endif
