/* log.h: the service's log: one JSON line per event on stderr (log.c). The lowest file of
 * src/http: it includes no other, so the daemon, the background jobs and the handlers can all
 * log without depending on one another. */
#ifndef PRUDENT_HTTP_LOG_H
#define PRUDENT_HTTP_LOG_H

#include <cjson/cJSON.h>

/* One JSON log line on stderr: {"ts", "level", "msg", ...fields of extra} (extra is deleted). */
void http_log(const char *level, const char *msg, cJSON *extra);

#endif
