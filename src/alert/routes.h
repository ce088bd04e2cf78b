/* routes.h: the router store/alert.h queues notifications through: the channels configured for
 * an authority (alert/channels.h) that want an event of an alert's kind. bin/prudent installs it
 * once at start. */
#ifndef PRUDENT_ALERT_ROUTES_H
#define PRUDENT_ALERT_ROUTES_H

#include "store/alert.h"

/* An alert_router_fn: loads the configuration for code ("": feed alerts) with
 * alert_config_load; a bad or unreadable one is reported as a warning and replaced by the
 * built-in log channel, so the alert still lands. */
int alert_channel_routes(const char *code, const char *kind, const char *event, alert_queue_fn queue, void *arg);

/* alert_set_router(alert_channel_routes). */
void alert_routes_install(void);

#endif
