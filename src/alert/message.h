/* message.h: what a notification says: the webhook payload, the log line and the e-mail, all
 * made from one alert document (the alert_documents view of sql/035: id, kind, subject, state,
 * raised_at, authority, authority_name, passive, details, ...). Pure formatting, no I/O.
 * Every function returns a new string the caller frees. */
#ifndef PRUDENT_ALERT_MESSAGE_H
#define PRUDENT_ALERT_MESSAGE_H

#include <cjson/cJSON.h>
#include <stdint.h>
#include <time.h>

/* {"event": "alert.raised", "delivery_id": N, "sent_at": "...Z", "alert": {...}} on one line. */
char *alert_message_json(const cJSON *alert, const char *event, int64_t delivery_id, time_t now);

/* "[prudent] WSX: counterparty.over_limit BARC raised (passive breach)" (UTF-8, unencoded). */
char *alert_message_subject(const cJSON *alert, const char *event);

/* The plain-text body: what happened, the figures behind it, how to acknowledge (\n lines). */
char *alert_message_body(const cJSON *alert, const char *event);

/* A whole RFC 5322 message (CRLF lines): From, To, Subject (RFC 2047 encoded when not ASCII),
 * Date, Message-ID, MIME headers, then the body. to is a NULL-terminated list. */
char *alert_message_email(const cJSON *alert, const char *event, int64_t delivery_id,
                          const char *from, const char *const *to, time_t now, const char *host);

#endif
