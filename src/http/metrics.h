/* metrics.h: the service's Prometheus figures (metrics.c): request counts and latencies by route,
 * the database gauge and the change counter, rendered for GET /metrics. */
#ifndef PRUDENT_HTTP_METRICS_H
#define PRUDENT_HTTP_METRICS_H

#include <libpq-fe.h>
#include <stdbool.h>

void metrics_observe(const char *route, const char *method, int status, double seconds);
/* Append the Prometheus text exposition to a new string the caller frees; c may be NULL. The
 * figures of the book (open alerts, deals by status, all authorities together) only when book is
 * true (the caller is a user who covers every authority); the service's own figures always. */
char *metrics_render(PGconn *c, bool book);
void metrics_set_database_up(bool up);
void metrics_count_change(void);

#endif
