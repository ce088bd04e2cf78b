/* message.c: formatting notifications from an alert document (see message.h). */
#include "alert/message.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Append to the text being built. */
static void addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(struct strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vappendf(b, fmt, ap);
    va_end(ap);
}

static const char *str(const cJSON *o, const char *key, const char *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : dflt;
}

static bool passive(const cJSON *alert)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(alert, "passive"));
}

static void utc(time_t t, const char *fmt, char *out, size_t size)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, size, fmt, &tm);
}

char *alert_message_json(const cJSON *alert, const char *event, int64_t delivery_id, time_t now)
{
    char ev[64], at[32];
    snprintf(ev, sizeof ev, "alert.%s", event);
    utc(now, "%Y-%m-%dT%H:%M:%SZ", at, sizeof at);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "event", ev);
    cJSON_AddNumberToObject(doc, "delivery_id", (double)delivery_id);
    cJSON_AddStringToObject(doc, "sent_at", at);
    cJSON *copy = cJSON_Duplicate(alert, true);
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "deliveries"); /* the outbox's own business */
    cJSON_AddItemToObject(doc, "alert", copy);
    char *s = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    return s ? s : xstrdup("{}");
}

char *alert_message_subject(const cJSON *alert, const char *event)
{
    struct strbuf b = STRBUF_INIT;
    const char *code = str(alert, "authority", NULL);
    addf(&b, "[prudent] %s: %s %s %s%s", code ? code : "feeds", str(alert, "kind", "?"),
         str(alert, "subject", "?"), event, passive(alert) ? " (passive breach)" : "");
    return strbuf_steal(&b);
}

/* An amount as the contract writes it ("30000000.00") shown as "£30,000,000.00"; any other
 * text as it is. */
static const char *as_pounds(const char *s, char buf[MONEY_BUFSZ])
{
    const char *p = s + (*s == '-');
    size_t digits = strspn(p, "0123456789");
    money_t m;
    if (digits == 0 || digits > 16 || p[digits] != '.' ||
        strspn(p + digits + 1, "0123456789") != 2 || p[digits + 3] != '\0' ||
        !money_parse(s, &m, NULL))
        return s;
    return money_format(m, MONEY_GROUPED | MONEY_POUND, buf);
}

/* One "  key: value" line per figure; nested objects as key.sub. */
static void figures(struct strbuf *b, const cJSON *o, const char *prefix)
{
    for (const cJSON *it = o ? o->child : NULL; it; it = it->next) {
        char key[256];
        snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "." : "", it->string ? it->string : "");
        if (cJSON_IsObject(it)) {
            figures(b, it, key);
        } else if (cJSON_IsString(it)) {
            char pounds[MONEY_BUFSZ];
            addf(b, "  %-24s %s\n", key, as_pounds(it->valuestring, pounds));
        } else {
            char *v = cJSON_PrintUnformatted(it);
            addf(b, "  %-24s %s\n", key, v ? v : "?");
            free(v);
        }
    }
}

char *alert_message_body(const cJSON *alert, const char *event)
{
    struct strbuf b = STRBUF_INIT;
    const char *code = str(alert, "authority", NULL);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(alert, "id");
    long long n = cJSON_IsNumber(id) ? (long long)id->valuedouble : 0;
    if (code)
        addf(&b, "An alert was %s for %s (%s).\n\n", event, str(alert, "authority_name", code), code);
    else
        addf(&b, "A feed alert was %s (feed alerts concern every authority).\n\n", event);
    addf(&b, "  %-24s %lld\n", "alert", n);
    addf(&b, "  %-24s %s%s\n", "kind", str(alert, "kind", "?"),
         passive(alert) ? " (passive: a rating fell or a suspension began after the deal)" : "");
    addf(&b, "  %-24s %s\n", "subject", str(alert, "subject", "?"));
    addf(&b, "  %-24s %s\n", "state", str(alert, "state", "?"));
    addf(&b, "  %-24s %s\n", "raised at", str(alert, "raised_at", "?"));
    if (str(alert, "acknowledged_by", NULL))
        addf(&b, "  %-24s %s at %s\n", "acknowledged by", str(alert, "acknowledged_by", ""),
             str(alert, "acknowledged_at", "?"));
    if (str(alert, "resolved_at", NULL))
        addf(&b, "  %-24s %s\n", "resolved at", str(alert, "resolved_at", ""));
    const cJSON *details = cJSON_GetObjectItemCaseSensitive(alert, "details");
    if (details && details->child) {
        addf(&b, "\nThe figures:\n");
        figures(&b, details, "");
    }
    if (strcmp(event, "raised") == 0)
        addf(&b, "\nAcknowledge it with:\n  prudent alerts ack %lld --by NAME%s%s\n", n,
             code ? " --authority " : "", code ? code : "");
    else
        addf(&b, "\nThe condition has cleared; nothing more to do.\n");
    addf(&b, "\n-- \nprudent, treasury management for UK local authorities\n");
    return strbuf_steal(&b);
}

static bool ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20)
            return false;
    return true;
}

/* RFC 2047 B-encoding of a header value, in encoded words of at most 45 input bytes so lines
 * stay short; splits only between UTF-8 characters. */
static void add_encoded(struct strbuf *b, const char *s)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t len = strlen(s), pos = 0;
    while (pos < len) {
        size_t n = len - pos > 45 ? 45 : len - pos;
        while (pos + n < len && n > 0 && ((unsigned char)s[pos + n] & 0xC0) == 0x80)
            n--; /* do not cut a character */
        addf(b, "%s=?UTF-8?B?", pos ? "\r\n " : "");
        const unsigned char *p = (const unsigned char *)s + pos;
        for (size_t i = 0; i < n; i += 3) {
            unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
                         (i + 2 < n ? p[i + 2] : 0);
            addf(b, "%c%c%c%c", b64[v >> 18 & 63], b64[v >> 12 & 63],
                 i + 1 < n ? b64[v >> 6 & 63] : '=', i + 2 < n ? b64[v & 63] : '=');
        }
        addf(b, "?=");
        pos += n;
    }
}

char *alert_message_email(const cJSON *alert, const char *event, int64_t delivery_id,
                          const char *from, const char *const *to, time_t now, const char *host)
{
    struct strbuf b = STRBUF_INIT;
    char date[64];
    utc(now, "%a, %d %b %Y %H:%M:%S +0000", date, sizeof date);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(alert, "id");
    addf(&b, "Date: %s\r\n", date);
    addf(&b, "From: %s\r\n", from);
    addf(&b, "To: ");
    for (int i = 0; to[i]; i++)
        addf(&b, "%s%s", i ? ",\r\n " : "", to[i]);
    addf(&b, "\r\n");
    addf(&b, "Message-ID: <alert-%lld.delivery-%lld.%lld@%s>\r\n",
         cJSON_IsNumber(id) ? (long long)id->valuedouble : 0LL, (long long)delivery_id,
         (long long)now, host);
    char *subject = alert_message_subject(alert, event);
    addf(&b, "Subject: ");
    if (ascii(subject))
        addf(&b, "%s", subject);
    else
        add_encoded(&b, subject);
    free(subject);
    addf(&b, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
             "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n");
    char *body = alert_message_body(alert, event);
    for (const char *p = body; *p; p++) {
        if (*p == '\n')
            addf(&b, "\r\n");
        else
            addf(&b, "%c", *p);
    }
    free(body);
    return strbuf_steal(&b);
}
