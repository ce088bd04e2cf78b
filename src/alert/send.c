/* send.c: one delivery attempt per call, by log line, webhook or SMTP (see send.h). */
#include "alert/send.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alert/message.h"
#include "util/curl_lib.h"
#include "util/err.h"


int alert_send_log(const cJSON *alert, const char *event, int64_t delivery_id, char *err,
                   size_t errsize)
{
    char *line = alert_message_json(alert, event, delivery_id, time(NULL));
    int rc = fprintf(stderr, "%s\n", line) < 0 || fflush(stderr) != 0 ? -1 : 0;
    free(line);
    if (rc < 0)
        snprintf(err, errsize, "cannot write the log line to stderr");
    return rc;
}

static int timeout_of(const cJSON *settings)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(settings, "timeout_seconds");
    return cJSON_IsNumber(t) && t->valueint > 0 ? t->valueint : 10;
}

static const char *setting(const cJSON *settings, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(settings, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The start of the server's answer, kept for the error message. */
struct answer {
    char text[160];
    size_t len;
};

static size_t keep_answer(char *p, size_t size, size_t n, void *arg)
{
    struct answer *a = arg;
    size_t total = size * n, room = sizeof a->text - 1 - a->len;
    size_t k = total < room ? total : room;
    memcpy(a->text + a->len, p, k);
    a->len += k;
    a->text[a->len] = '\0';
    return total;
}

static void common_options(CURL *h, const cJSON *settings, char *curlerr)
{
    int timeout = timeout_of(settings);
    curl_fn.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_fn.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(timeout < 5 ? timeout : 5));
    curl_fn.easy_setopt(h, CURLOPT_TIMEOUT, (long)timeout);
    curl_fn.easy_setopt(h, CURLOPT_ERRORBUFFER, curlerr);
    curl_fn.easy_setopt(h, CURLOPT_USERAGENT, "prudent-alerts/0.1");
}

int alert_send_webhook(const cJSON *settings, const cJSON *alert, const char *event,
                       int64_t delivery_id, char *err, size_t errsize)
{
    if (curl_lib_start(err, errsize) < 0)
        return -1;
    const char *url = setting(settings, "url");
    CURL *h = curl_fn.easy_init();
    if (!h || !url) {
        if (h)
            curl_fn.easy_cleanup(h);
        snprintf(err, errsize, "%s", url ? "cannot start libcurl" : "the webhook has no url");
        return -1;
    }
    char *body = alert_message_json(alert, event, delivery_id, time(NULL));
    char line[1024], curlerr[CURL_ERROR_SIZE] = "";
    struct curl_slist *hdr = curl_fn.slist_append(NULL, "Content-Type: application/json");
    snprintf(line, sizeof line, "X-Prudent-Delivery: %lld", (long long)delivery_id);
    hdr = curl_fn.slist_append(hdr, line);
    snprintf(line, sizeof line, "X-Prudent-Event: alert.%s", event);
    hdr = curl_fn.slist_append(hdr, line);
    const cJSON *extra = cJSON_GetObjectItemCaseSensitive(settings, "headers"), *it;
    cJSON_ArrayForEach(it, extra)
    {
        if (cJSON_IsString(it)) {
            snprintf(line, sizeof line, "%s: %s", it->string, it->valuestring);
            hdr = curl_fn.slist_append(hdr, line);
        }
    }
    const char *env = setting(settings, "bearer_token_env");
    const char *token = env ? getenv(env) : NULL;
    if (token && *token && !strpbrk(token, "\r\n")) {
        snprintf(line, sizeof line, "Authorization: Bearer %s", token);
        hdr = curl_fn.slist_append(hdr, line);
    }
    struct answer ans = {.len = 0};
    common_options(h, settings, curlerr);
    curl_fn.easy_setopt(h, CURLOPT_URL, url);
    curl_fn.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_fn.easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_fn.easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_fn.easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    curl_fn.easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_answer);
    curl_fn.easy_setopt(h, CURLOPT_WRITEDATA, &ans);
    CURLcode rc = curl_fn.easy_perform(h);
    long status = 0;
    curl_fn.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    int result = -1;
    if (rc != CURLE_OK)
        snprintf(err, errsize, "%s: %s", url, curlerr[0] ? curlerr : curl_fn.easy_strerror(rc));
    else if (status < 200 || status > 299)
        snprintf(err, errsize, "%s: HTTP %ld %.*s", url, status, (int)strcspn(ans.text, "\r\n"),
                 ans.text);
    else
        result = 0;
    curl_fn.slist_free_all(hdr);
    curl_fn.easy_cleanup(h);
    free(body);
    return result;
}

/* The message, fed to libcurl by its read callback. */
struct upload {
    const char *p;
    size_t left;
};

static size_t feed(char *out, size_t size, size_t n, void *arg)
{
    struct upload *u = arg;
    size_t k = size * n < u->left ? size * n : u->left;
    memcpy(out, u->p, k);
    u->p += k;
    u->left -= k;
    return k;
}

/* "Name <a@b>" -> "<a@b>"; a bare address is passed as it is (libcurl adds the brackets). */
static void envelope_address(const char *s, char *out, size_t size)
{
    const char *lt = strrchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt)
        snprintf(out, size, "%.*s", (int)(gt - lt + 1), lt);
    else
        snprintf(out, size, "%s", s);
}

int alert_send_email(const cJSON *settings, const cJSON *alert, const char *event,
                     int64_t delivery_id, char *err, size_t errsize)
{
    if (curl_lib_start(err, errsize) < 0)
        return -1;
    const char *url = setting(settings, "url"), *from = setting(settings, "from");
    const cJSON *tolist = cJSON_GetObjectItemCaseSensitive(settings, "to"), *it;
    int nto = cJSON_GetArraySize(tolist);
    if (!url || !from || nto == 0) {
        snprintf(err, errsize, "the email channel needs url, from and to");
        return -1;
    }
    const char **to = xcalloc((unsigned long)nto + 1, sizeof *to);
    struct curl_slist *rcpt = NULL;
    int i = 0;
    char addr[512];
    cJSON_ArrayForEach(it, tolist)
    {
        if (!cJSON_IsString(it))
            continue;
        to[i++] = it->valuestring;
        envelope_address(it->valuestring, addr, sizeof addr);
        rcpt = curl_fn.slist_append(rcpt, addr);
    }
    char host[256] = "localhost";
    gethostname(host, sizeof host - 1);
    char *msg = alert_message_email(alert, event, delivery_id, from, to, time(NULL), host);
    struct upload up = {msg, strlen(msg)};
    char curlerr[CURL_ERROR_SIZE] = "";
    CURL *h = curl_fn.easy_init();
    int result = -1;
    if (!h) {
        snprintf(err, errsize, "cannot start libcurl");
    } else {
        common_options(h, settings, curlerr);
        envelope_address(from, addr, sizeof addr);
        curl_fn.easy_setopt(h, CURLOPT_URL, url);
        curl_fn.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        curl_fn.easy_setopt(h, CURLOPT_MAIL_FROM, addr);
        curl_fn.easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
        curl_fn.easy_setopt(h, CURLOPT_READFUNCTION, feed);
        curl_fn.easy_setopt(h, CURLOPT_READDATA, &up);
        curl_fn.easy_setopt(h, CURLOPT_UPLOAD, 1L);
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(settings, "starttls")))
            curl_fn.easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
        const char *user = setting(settings, "username"), *pwenv = setting(settings, "password_env");
        if (user)
            curl_fn.easy_setopt(h, CURLOPT_USERNAME, user);
        if (pwenv && getenv(pwenv))
            curl_fn.easy_setopt(h, CURLOPT_PASSWORD, getenv(pwenv));
        CURLcode rc = curl_fn.easy_perform(h);
        if (rc != CURLE_OK)
            snprintf(err, errsize, "%s: %s", url, curlerr[0] ? curlerr : curl_fn.easy_strerror(rc));
        else
            result = 0;
        curl_fn.easy_cleanup(h);
    }
    curl_fn.slist_free_all(rcpt);
    free(to);
    free(msg);
    return result;
}
