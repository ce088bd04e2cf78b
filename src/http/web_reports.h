/* web_reports.h: committee report downloads for the web pages (web_reports.c, docs/web.md). A
 * handler, listed by routes.c; it returns the HTTP status after answering. */
#ifndef PRUDENT_HTTP_WEB_REPORTS_H
#define PRUDENT_HTTP_WEB_REPORTS_H

#include "http/request.h"

int web_report(struct request *rq); /* GET .../reports/KIND?format=F&as_of=D&from=D&to=D */

#endif
