/* web_alerts.h: acknowledging an alert from the web pages (web_alerts.c, docs/web.md). A handler,
 * listed by routes.c; it returns the HTTP status after answering. */
#ifndef PRUDENT_HTTP_WEB_ALERTS_H
#define PRUDENT_HTTP_WEB_ALERTS_H

#include "http/request.h"

int web_alert_ack(struct request *rq); /* POST .../alerts/ID/acknowledge */

#endif
