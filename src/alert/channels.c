/* channels.c: reading and validating the alert channel configuration files (see channels.h). */
#include "alert/channels.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/authority.h"
#include "util/config_dir.h"
#include "util/err.h"

const char *alert_config_dir(char *buf, size_t size)
{
    return config_dir_find("PRUDENT_CONFIG", "config", "/etc/prudent", buf, size);
}

static int bad(char *err, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(char *err, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
    return -1;
}

static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

static bool has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* Check that every key of obj is one of the NULL-terminated list allowed. */
static int only_keys(const cJSON *obj, const char *const *allowed, const char *where, char *err,
                     size_t size)
{
    for (const cJSON *it = obj->child; it; it = it->next) {
        bool found = false;
        for (const char *const *a = allowed; *a; a++)
            found = found || strcmp(it->string, *a) == 0;
        if (!found) {
            char list[512] = "";
            for (const char *const *a = allowed; *a; a++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         a == allowed ? "" : ", ", *a);
            return bad(err, size, "%s: unknown field \"%s\" (expected one of: %s)", where,
                       it->string, list);
        }
    }
    return 0;
}

static int int_field(const cJSON *obj, const char *key, int min, int max, int *out,
                     const char *where, char *err, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return 0;
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble || v->valueint < min ||
        v->valueint > max)
        return bad(err, size, "%s: \"%s\" must be a whole number from %d to %d", where, key, min, max);
    *out = v->valueint;
    return 0;
}

static const char *string_field(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A field that, if present, must be an array of non-empty strings. */
static int strings_field(const cJSON *obj, const char *key, bool required, const char *where,
                         char *err, size_t size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        return required ? bad(err, size, "%s: \"%s\" is required", where, key) : 0;
    if (!cJSON_IsArray(v) || (required && cJSON_GetArraySize(v) == 0))
        return bad(err, size, "%s: \"%s\" must be a%s list of strings", where, key,
                   required ? " non-empty" : "");
    const cJSON *s;
    cJSON_ArrayForEach(s, v)
    {
        if (!cJSON_IsString(s) || !*s->valuestring)
            return bad(err, size, "%s: \"%s\" must hold non-empty strings", where, key);
    }
    return 0;
}

static int parse_retry(const cJSON *retry, const char *where, int *max_attempts, int *backoff,
                       int *max_backoff, char *err, size_t size)
{
    static const char *const keys[] = {"backoff_seconds", "max_backoff_seconds", "max_attempts", NULL};
    if (!retry)
        return 0;
    if (!cJSON_IsObject(retry))
        return bad(err, size, "%s: \"retry\" must be an object", where);
    if (only_keys(retry, keys, where, err, size) < 0 ||
        int_field(retry, "backoff_seconds", 1, 86400, backoff, where, err, size) < 0 ||
        int_field(retry, "max_backoff_seconds", 1, 604800, max_backoff, where, err, size) < 0 ||
        int_field(retry, "max_attempts", 1, 1000, max_attempts, where, err, size) < 0)
        return -1;
    if (*max_backoff < *backoff)
        *max_backoff = *backoff;
    return 0;
}

static int parse_transport(const cJSON *o, struct alert_channel *ch, const char *where, char *err,
                           size_t size)
{
    static const char *const log_keys[] = {"name", "type", "kinds", "events", NULL};
    static const char *const hook_keys[] = {"name", "type", "kinds", "events", "retry", "url",
                                            "headers", "bearer_token_env", "timeout_seconds", NULL};
    static const char *const mail_keys[] = {"name", "type", "kinds", "events", "retry", "url",
                                            "from", "to", "username", "password_env", "starttls",
                                            "timeout_seconds", NULL};
    const char *url = string_field(o, "url");
    int timeout = 10;
    switch (ch->type) {
    case CHANNEL_LOG:
        ch->target = xstrdup("-");
        return only_keys(o, log_keys, where, err, size);
    case CHANNEL_WEBHOOK:
        if (only_keys(o, hook_keys, where, err, size) < 0)
            return -1;
        if (!url || !(has_prefix(url, "http://") || has_prefix(url, "https://")))
            return bad(err, size, "%s: a webhook needs \"url\": an http:// or https:// URL", where);
        {
            const cJSON *h = cJSON_GetObjectItemCaseSensitive(o, "headers"), *it;
            if (h && !cJSON_IsObject(h))
                return bad(err, size, "%s: \"headers\" must be an object of strings", where);
            cJSON_ArrayForEach(it, h)
            {
                if (!cJSON_IsString(it) || strpbrk(it->valuestring, "\r\n") ||
                    strpbrk(it->string, ":\r\n "))
                    return bad(err, size, "%s: header \"%s\" must be a one-line string", where,
                               it->string);
            }
        }
        break;
    case CHANNEL_EMAIL:
        if (only_keys(o, mail_keys, where, err, size) < 0)
            return -1;
        if (!url || !(has_prefix(url, "smtp://") || has_prefix(url, "smtps://")))
            return bad(err, size, "%s: an email channel needs \"url\": an smtp:// or smtps:// URL",
                       where);
        if (!string_field(o, "from") || strpbrk(string_field(o, "from"), "\r\n"))
            return bad(err, size, "%s: an email channel needs \"from\": one address", where);
        if (strings_field(o, "to", true, where, err, size) < 0)
            return -1;
        {
            const cJSON *s, *to = cJSON_GetObjectItemCaseSensitive(o, "to");
            cJSON_ArrayForEach(s, to)
            {
                if (strpbrk(s->valuestring, "\r\n,"))
                    return bad(err, size, "%s: \"to\" holds one address per string", where);
            }
        }
        if (cJSON_GetObjectItemCaseSensitive(o, "starttls") &&
            !cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(o, "starttls")))
            return bad(err, size, "%s: \"starttls\" must be true or false", where);
        break;
    }
    const cJSON *env = cJSON_GetObjectItemCaseSensitive(o, "bearer_token_env");
    const cJSON *pw = cJSON_GetObjectItemCaseSensitive(o, "password_env");
    if ((env && !cJSON_IsString(env)) || (pw && !cJSON_IsString(pw)) ||
        (cJSON_GetObjectItemCaseSensitive(o, "username") && !string_field(o, "username")))
        return bad(err, size, "%s: username, password_env and bearer_token_env are strings", where);
    if (int_field(o, "timeout_seconds", 1, 300, &timeout, where, err, size) < 0)
        return -1;
    ch->target = xstrdup(url);
    return 0;
}

static int parse_channel(const cJSON *o, int index, const struct alert_config *cfg,
                         const int retry_defaults[3], struct alert_channel *ch, char *err,
                         size_t size)
{
    char where[300];
    snprintf(where, sizeof where, "%s: channels[%d]", cfg->origin, index);
    if (!cJSON_IsObject(o))
        return bad(err, size, "%s: a channel is an object", where);
    const char *type = string_field(o, "type");
    if (!type)
        return bad(err, size, "%s: \"type\" is required: log, webhook or email", where);
    if (strcmp(type, "log") == 0)
        ch->type = CHANNEL_LOG, ch->type_name = "log";
    else if (strcmp(type, "webhook") == 0)
        ch->type = CHANNEL_WEBHOOK, ch->type_name = "webhook";
    else if (strcmp(type, "email") == 0)
        ch->type = CHANNEL_EMAIL, ch->type_name = "email";
    else
        return bad(err, size, "%s: type \"%s\" is not log, webhook or email", where, type);
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(o, "name");
    const char *name = nm ? (cJSON_IsString(nm) ? nm->valuestring : "") : type;
    if (!name_ok(name))
        return bad(err, size, "%s: \"name\" must be 1-64 of A-Z, a-z, 0-9, '-', '_', '.'", where);
    for (int i = 0; i < index; i++)
        if (strcmp(cfg->channels[i].name, name) == 0)
            return bad(err, size, "%s: two channels are named \"%s\" (give each a \"name\")", where,
                       name);
    ch->name = xstrdup(name);
    ch->max_attempts = retry_defaults[0];
    ch->backoff_seconds = retry_defaults[1];
    ch->max_backoff_seconds = retry_defaults[2];
    if (parse_transport(o, ch, where, err, size) < 0 ||
        strings_field(o, "kinds", false, where, err, size) < 0 ||
        strings_field(o, "events", false, where, err, size) < 0 ||
        parse_retry(cJSON_GetObjectItemCaseSensitive(o, "retry"), where, &ch->max_attempts,
                    &ch->backoff_seconds, &ch->max_backoff_seconds, err, size) < 0)
        return -1;
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(o, "events"), *e;
    ch->on_raised = ch->on_resolved = !events;
    cJSON_ArrayForEach(e, events)
    {
        if (strcmp(e->valuestring, "raised") == 0)
            ch->on_raised = true;
        else if (strcmp(e->valuestring, "resolved") == 0)
            ch->on_resolved = true;
        else
            return bad(err, size, "%s: event \"%s\" is not raised or resolved", where, e->valuestring);
    }
    ch->settings = cJSON_Duplicate(o, true);
    return 0;
}

int alert_config_parse(const char *text, const char *origin, struct alert_config *out, char *err,
                       size_t errsize)
{
    static const char *const keys[] = {"channels", "retry", "comment", NULL};
    memset(out, 0, sizeof *out);
    out->origin = xstrdup(origin);
    cJSON *doc = cJSON_Parse(text);
    int rc = -1;
    int retry[3] = {12, 30, 3600}; /* max_attempts, backoff_seconds, max_backoff_seconds */
    const cJSON *chans = doc ? cJSON_GetObjectItemCaseSensitive(doc, "channels") : NULL;
    if (!doc || !cJSON_IsObject(doc))
        bad(err, errsize, "%s: not a JSON object", origin);
    else if (only_keys(doc, keys, origin, err, errsize) < 0)
        ;
    else if (!cJSON_IsArray(chans))
        bad(err, errsize, "%s: \"channels\" must be a list of channels", origin);
    else if (parse_retry(cJSON_GetObjectItemCaseSensitive(doc, "retry"), origin, &retry[0],
                         &retry[1], &retry[2], err, errsize) == 0) {
        int n = cJSON_GetArraySize(chans);
        out->channels = xcalloc(n ? (unsigned long)n : 1, sizeof *out->channels);
        rc = 0;
        for (int i = 0; i < n && rc == 0; i++) {
            rc = parse_channel(cJSON_GetArrayItem(chans, i), i, out, retry, &out->channels[i], err,
                               errsize);
            out->n = i + 1;
        }
    }
    cJSON_Delete(doc);
    if (rc < 0) {
        alert_config_free(out);
        out->origin = NULL;
    }
    return rc;
}

void alert_config_builtin(struct alert_config *out)
{
    memset(out, 0, sizeof *out);
    out->origin = xstrdup("built-in");
    out->n = 1;
    out->channels = xcalloc(1, sizeof *out->channels);
    struct alert_channel *ch = &out->channels[0];
    ch->name = xstrdup("log");
    ch->type = CHANNEL_LOG;
    ch->type_name = "log";
    ch->target = xstrdup("-");
    ch->settings = cJSON_CreateObject();
    cJSON_AddStringToObject(ch->settings, "type", "log");
    ch->on_raised = ch->on_resolved = true;
    ch->max_attempts = 12, ch->backoff_seconds = 30, ch->max_backoff_seconds = 3600;
}

static char *slurp(const char *path, int *errnum)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *errnum = errno;
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 == cap) {
            if (cap >= (1u << 20)) /* a configuration file is small: refuse a runaway one */
                break;
            buf = xrealloc(buf, cap *= 2);
        }
    }
    *errnum = ferror(f) ? EIO : (len + 1 == cap ? EFBIG : 0);
    fclose(f);
    if (*errnum) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

int alert_config_load(const char *code, struct alert_config *out, char *err, size_t errsize)
{
    char dir[PATH_MAX], path[PATH_MAX + 64];
    alert_config_dir(dir, sizeof dir);
    memset(out, 0, sizeof *out);
    const char *names[2] = {code && authority_code_valid(code) ? code : NULL, "default"};
    for (int i = 0; i < 2; i++) {
        if (!names[i])
            continue;
        snprintf(path, sizeof path, "%s/alerts/%s.json", dir, names[i]);
        int errnum = 0;
        char *text = slurp(path, &errnum);
        if (!text && errnum == ENOENT)
            continue;
        if (!text)
            return bad(err, errsize, "%s: %s", path, strerror(errnum));
        int rc = alert_config_parse(text, path, out, err, errsize);
        free(text);
        return rc;
    }
    alert_config_builtin(out);
    return 0;
}

void alert_config_free(struct alert_config *cfg)
{
    for (int i = 0; i < cfg->n; i++) {
        free(cfg->channels[i].name);
        free(cfg->channels[i].target);
        cJSON_Delete(cfg->channels[i].settings);
    }
    free(cfg->channels);
    free(cfg->origin);
    cfg->channels = NULL;
    cfg->origin = NULL;
    cfg->n = 0;
}

bool alert_channel_wants(const struct alert_channel *ch, const char *kind, const char *event)
{
    if (strcmp(event, "raised") == 0 ? !ch->on_raised : !ch->on_resolved)
        return false;
    const cJSON *kinds = cJSON_GetObjectItemCaseSensitive(ch->settings, "kinds"), *k;
    if (!kinds)
        return true;
    cJSON_ArrayForEach(k, kinds)
    {
        if (fnmatch(k->valuestring, kind, 0) == 0)
            return true;
    }
    return false;
}

int alert_backoff_seconds(int attempts, int base, int cap)
{
    long long d = base;
    for (int i = 1; i < attempts && d < cap; i++)
        d *= 2;
    return d > cap ? cap : (int)d;
}
