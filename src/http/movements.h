/* movements.h: the handlers of money in and out of a holding over the API (movements.c; routes.c
 * lists them, docs/api.md describes them). Each returns the HTTP status after answering
 * (reply.h). */
#ifndef PRUDENT_HTTP_MOVEMENTS_H
#define PRUDENT_HTTP_MOVEMENTS_H

#include "http/request.h"

int http_deal_movement(struct request *rq); /* POST /api/v1/authorities/CODE/deals/REF/movements */
int http_deal_repay(struct request *rq);    /* POST /api/v1/authorities/CODE/deals/REF/repay */

#endif
