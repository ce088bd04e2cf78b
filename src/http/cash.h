/* cash.h: the cash documents over the API (cash.c; routes.c lists them, docs/api.md and
 * docs/cash.md describe them): the very JSON of `prudent accounts|cashflow|position|reconcile
 * --json`. Each returns the HTTP status after answering. */
#ifndef PRUDENT_HTTP_CASH_H
#define PRUDENT_HTTP_CASH_H

#include "http/request.h"
#include "views/cash.h"

int http_cash_accounts(struct request *rq);  /* GET .../accounts */
int http_cash_flow(struct request *rq);      /* GET .../cashflow?from=&to=&by=&account= */
int http_cash_position(struct request *rq);  /* GET .../position?date= */
int http_cash_reconcile(struct request *rq); /* GET .../reconcile?account=&from=&to= */

/* A forecast's period from ?from (default today), ?to (default from + 90 days) and ?by into
 * *args (account NULL). 0, or the 400 status after answering. */
int http_cash_period(struct request *rq, struct cash_args *args);

#endif
