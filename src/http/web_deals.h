/* web_deals.h: what the web pages' approvals queue needs beyond the JSON API (web_deals.c,
 * docs/web.md). Handlers, listed by routes.c; each returns the HTTP status after answering. */
#ifndef PRUDENT_HTTP_WEB_DEALS_H
#define PRUDENT_HTTP_WEB_DEALS_H

#include "http/request.h"

int web_deals(struct request *rq);         /* GET /api/v1/authorities/CODE/deals?status=pending */
int web_deal_reject(struct request *rq);   /* POST .../deals/REF/reject {"reason"}: a second approver */
int web_deal_withdraw(struct request *rq); /* POST .../deals/REF/withdraw {"reason"}: the booker */

#endif
