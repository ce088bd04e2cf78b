/* send.h: the transports of alert notifications: a log line on stderr, a webhook (JSON POST
 * through libcurl) and e-mail (SMTP through libcurl). Each takes the channel's settings as
 * configured (alert/channels.h) and the alert document, makes one attempt, and returns 0 when
 * the notification was accepted (log written; HTTP 2xx; SMTP message accepted) or -1 with a
 * one-line reason in err. Safe to call from several threads (libcurl, opened on first use by util/curl_lib.h, with CURLOPT_NOSIGNAL). */
#ifndef PRUDENT_ALERT_SEND_H
#define PRUDENT_ALERT_SEND_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

int alert_send_log(const cJSON *alert, const char *event, int64_t delivery_id, char *err,
                   size_t errsize);
int alert_send_webhook(const cJSON *settings, const cJSON *alert, const char *event,
                       int64_t delivery_id, char *err, size_t errsize);
int alert_send_email(const cJSON *settings, const cJSON *alert, const char *event,
                     int64_t delivery_id, char *err, size_t errsize);

#endif
