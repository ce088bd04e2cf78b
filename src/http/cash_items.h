/* cash_items.h: forecast items one at a time over the API (cash_items.c; routes.c lists them,
 * docs/api.md and docs/cash.md describe them), the same use cases as `prudent cashflow
 * add|amend|cancel` (service/cash_item.h) and `prudent cashflow items` (views/cash_items.h). The acting user is the token's. Each returns the
 * HTTP status after answering. */
#ifndef PRUDENT_HTTP_CASH_ITEMS_H
#define PRUDENT_HTTP_CASH_ITEMS_H

#include "http/request.h"

int http_cash_item_add(struct request *rq);    /* POST .../cashflow/items */
int http_cash_item_amend(struct request *rq);  /* POST .../cashflow/items/{item}/amend */
int http_cash_item_cancel(struct request *rq); /* POST .../cashflow/items/{item}/cancel */
int http_cash_items(struct request *rq);        /* GET .../cashflow/items: the list */
int http_cash_item_history(struct request *rq); /* GET .../cashflow/items/{item}: its versions */

#endif
