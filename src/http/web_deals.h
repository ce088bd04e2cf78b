/* web_deals.h: what the web pages' approvals queue needs beyond the JSON API (web_deals.c,
 * docs/web.md). Handlers, listed by routes.c; each returns the HTTP status after answering. */
#ifndef PRUDENT_HTTP_WEB_DEALS_H
#define PRUDENT_HTTP_WEB_DEALS_H

#include "http/request.h"

int web_deals(struct request *rq);         /* GET /api/v1/authorities/CODE/deals?status=pending */
/* POST .../deals/REF/reject {"reason"}: a second approver turns a pending deal, or a confirmed
 * account's pending top-ups, down; .../withdraw {"reason"}: their booker takes them back
 * (service/movement.h deal_reject_any, deal_withdraw_any) */
int web_deal_reject(struct request *rq);
int web_deal_withdraw(struct request *rq);

#endif
