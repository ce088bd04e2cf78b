/* deal_roll.h: the handler of a roll-over over the API (deal_roll.c; routes.c lists it,
 * docs/api.md describes it). It returns the HTTP status after answering (reply.h). */
#ifndef PRUDENT_HTTP_DEAL_ROLL_H
#define PRUDENT_HTTP_DEAL_ROLL_H

#include "http/request.h"

int http_deal_roll(struct request *rq); /* POST /api/v1/authorities/CODE/deals/REF/roll */

#endif
