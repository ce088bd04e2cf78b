/* defs.c: finding and reading the feed definitions (see defs.h). */
#include "feed/defs.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/cluster.h"
#include "util/config_dir.h"
#include "util/err.h"

#define DEF_MAX_BYTES (64 * 1024)

/* "P1D", "PT6H", "P1W", "PT30M": the ISO 8601 durations without years or months. */
static bool parse_iso_duration(const char *s, long *secs)
{
    if (*s != 'p')
        return false;
    s++;
    long total = 0;
    bool time = false, any = false;
    while (*s) {
        if (*s == 't' && !time) {
            time = true;
            s++;
            continue;
        }
        char *end;
        long n = strtol(s, &end, 10);
        if (end == s || n < 0 || n > 100000)
            return false;
        long unit = 0;
        switch (*end) {
        case 'w': unit = time ? 0 : 7 * 86400; break;
        case 'd': unit = time ? 0 : 86400; break;
        case 'h': unit = time ? 3600 : 0; break;
        case 'm': unit = time ? 60 : 0; break;
        case 's': unit = time ? 1 : 0; break;
        default: break;
        }
        if (!unit)
            return false;
        total += n * unit;
        any = true;
        s = end + 1;
    }
    if (!any || total <= 0)
        return false;
    *secs = total;
    return true;
}

bool feed_parse_period(const char *text, long *secs)
{
    static const struct {
        const char *word;
        long secs;
    } units[] = {
        {"", 1},           {"s", 1},          {"sec", 1},       {"secs", 1},
        {"second", 1},     {"seconds", 1},    {"m", 60},        {"min", 60},
        {"mins", 60},      {"minute", 60},    {"minutes", 60},  {"h", 3600},
        {"hr", 3600},      {"hrs", 3600},     {"hour", 3600},   {"hours", 3600},
        {"d", 86400},      {"day", 86400},    {"days", 86400},  {"w", 604800},
        {"week", 604800},  {"weeks", 604800},
    };
    static const struct {
        const char *word;
        long secs;
    } words[] = {{"hourly", 3600}, {"daily", 86400}, {"weekly", 604800}};
    if (!text)
        return false;
    char s[32];
    size_t n = 0;
    while (*text == ' ')
        text++;
    for (; *text && n + 1 < sizeof s; text++)
        s[n++] = (char)(*text >= 'A' && *text <= 'Z' ? *text - 'A' + 'a' : *text);
    if (*text)
        return false;
    while (n && s[n - 1] == ' ')
        n--;
    s[n] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(s, words[i].word) == 0) {
            *secs = words[i].secs;
            return true;
        }
    if (parse_iso_duration(s, secs))
        return true;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || v <= 0 || errno || v > 10000000 || s[0] < '0' || s[0] > '9')
        return false;
    while (*end == ' ')
        end++;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].word) == 0) {
            *secs = v * units[i].secs;
            return true;
        }
    return false;
}

/* A period given as a JSON string ("6h") or number (seconds). Absent: *secs = dflt. */
static int period_field(const char *path, const cJSON *o, const char *key, long dflt, long *secs,
                        char *text, size_t ntext)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    *secs = dflt;
    if (!it)
        return 0;
    if (cJSON_IsNull(it)) {
        *secs = 0;
        return 0;
    }
    if (cJSON_IsNumber(it) && it->valuedouble >= 1 && it->valuedouble <= 1e8) {
        *secs = (long)it->valuedouble;
        snprintf(text, ntext, "%lds", *secs);
        return 0;
    }
    if (cJSON_IsString(it) && feed_parse_period(it->valuestring, secs)) {
        snprintf(text, ntext, "%s", it->valuestring);
        return 0;
    }
    return error("%s: \"%s\" is not a period: write e.g. \"90s\", \"30m\", \"6h\", \"1d\" or \"1w\"",
                 path, key);
}

const char *feed_defs_dir(char *buf, size_t n)
{
    return config_dir_find("PRUDENT_FEEDS", "feeds", "/usr/local/share/prudent/feeds", buf, n);
}

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 40)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            return false;
    return true;
}

static bool valid_series(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-')))
            return false;
    }
    return true;
}

/* Replace ${VAR} in url. Returns a new string, or NULL after printing why. */
static char *expand_url(const char *file, const char *url)
{
    size_t cap = strlen(url) + 1, n = 0;
    char *out = xmalloc(cap);
    for (const char *p = url; *p;) {
        const char *val = NULL;
        char home[CLUSTER_PATH], one[2];
        if (p[0] == '$' && p[1] == '{') {
            const char *close = strchr(p, '}');
            if (!close) {
                free(out);
                error("%s: \"url\": \"${\" without a closing \"}\"", file);
                return NULL;
            }
            char var[128];
            snprintf(var, sizeof var, "%.*s", (int)(close - p - 2), p + 2);
            val = getenv(var);
            if ((!val || !*val) && strcmp(var, "PRUDENT_HOME") == 0) {
                struct cluster cl;
                if (cluster_locate(&cl) == 0) {
                    snprintf(home, sizeof home, "%s", cl.home);
                    val = home;
                }
            }
            if (!val || !*val) {
                free(out);
                error("%s: \"url\" uses ${%s}, which is not set", file, var);
                return NULL;
            }
            p = close + 1;
        } else {
            one[0] = *p++;
            one[1] = '\0';
            val = one;
        }
        size_t vl = strlen(val);
        if (n + vl + 1 > cap) {
            cap = (n + vl + 1) * 2;
            out = xrealloc(out, cap);
        }
        memcpy(out + n, val, vl);
        n += vl;
    }
    out[n] = '\0';
    return out;
}

static const char *str_field(const cJSON *o, const char *key)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(it) ? it->valuestring : NULL;
}

static void def_free(struct feed_def *d)
{
    free(d->name);
    free(d->url);
    free(d->path);
    for (int i = 0; i < d->ncols; i++) {
        free((char *)d->cols[i].source);
        free((char *)d->cols[i].series);
    }
    free(d->cols);
    memset(d, 0, sizeof *d);
}

/* The {SOURCE_COLUMN: SERIES_NAME} entries of obj (may be NULL) appended to d->cols, each
 * optional (an "optional_series" entry) or not. Returns 0, or -1 after printing what is wrong. */
static int add_columns(const char *path, const cJSON *obj, bool optional, struct feed_def *d)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, obj)
    {
        if (!cJSON_IsString(it) || !valid_series(it->valuestring))
            return error("%s: series \"%s\": the name must be 1-64 of A-Z, a-z, 0-9, '_', '.', '-'",
                         path, it->string);
        if (!*it->string)
            return error("%s: a series has an empty source column", path);
        for (int i = 0; i < d->ncols; i++)
            if (strcasecmp(d->cols[i].source, it->string) == 0)
                return error("%s: column \"%s\" is named twice", path, it->string);
        d->cols[d->ncols].source = xstrdup(it->string);
        d->cols[d->ncols].series = xstrdup(it->valuestring);
        d->cols[d->ncols].optional = optional;
        d->ncols++;
    }
    return 0;
}

static int def_from_json(const char *path, const cJSON *o, struct feed_def *d)
{
    memset(d, 0, sizeof *d);
    d->path = xstrdup(path);
    if (!cJSON_IsObject(o))
        return error("%s: a feed definition is one JSON object", path);
    const char *name = str_field(o, "name"), *url = str_field(o, "url");
    const char *format = str_field(o, "format");
    if (!name || !valid_name(name))
        return error("%s: \"name\" must be 1-40 of A-Z, a-z, 0-9, '_', '.' and '-'", path);
    d->name = xstrdup(name);
    if (!url || !*url)
        return error("%s: \"url\" is missing", path);
    if (!(d->url = expand_url(path, url)))
        return -1;
    d->format = feed_format_from_name(format);
    if (d->format == FEED_FORMAT_NONE)
        return error("%s: \"format\" \"%s\" is not one of boe-iadb-csv, govuk-bank-holidays, csv",
                     path, format ? format : "");
    snprintf(d->every_text, sizeof d->every_text, "1d");
    if (period_field(path, o, "every", 86400, &d->every, d->every_text, sizeof d->every_text) < 0)
        return -1;
    if (d->every <= 0)
        return error("%s: \"every\" must be a period", path);
    /* stale: by default the interval plus 4 days (a long weekend), for series feeds */
    long dflt = d->format == FEED_GOVUK_BANK_HOLIDAYS ? 0 : ((d->every + 86399) / 86400 + 4) * 86400;
    snprintf(d->stale_text, sizeof d->stale_text, "%ldd", dflt / 86400);
    if (period_field(path, o, "stale", dflt, &d->stale, d->stale_text, sizeof d->stale_text) < 0)
        return -1;
    if (d->stale <= 0)
        d->stale_text[0] = '\0';
    const cJSON *series = cJSON_GetObjectItemCaseSensitive(o, "series");
    const cJSON *optional = cJSON_GetObjectItemCaseSensitive(o, "optional_series");
    if (series && !cJSON_IsObject(series))
        return error("%s: \"series\" must be an object {SOURCE_COLUMN: SERIES_NAME}", path);
    if (optional && (!cJSON_IsObject(optional) || d->format != FEED_CSV))
        return error("%s: \"optional_series\" must be an object {SOURCE_COLUMN: SERIES_NAME}, in a csv feed", path);
    int n = cJSON_GetArraySize(series), nopt = cJSON_GetArraySize(optional);
    if (n == 0 && d->format != FEED_GOVUK_BANK_HOLIDAYS)
        return error("%s: \"series\" names no column", path);
    if (n + nopt > 64)
        return error("%s: \"series\" names more than 64 columns", path);
    d->cols = xcalloc((unsigned long)(n + nopt ? n + nopt : 1), sizeof *d->cols);
    if (add_columns(path, series, false, d) < 0 || add_columns(path, optional, true, d) < 0)
        return -1;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "timeout");
    const char *envt = getenv("PRUDENT_FEED_TIMEOUT");
    d->timeout = envt && atol(envt) > 0 ? atol(envt) : 30;
    if (t) {
        if (!cJSON_IsNumber(t) || t->valuedouble < 1 || t->valuedouble > 3600)
            return error("%s: \"timeout\" must be a number of seconds from 1 to 3600", path);
        d->timeout = (long)t->valuedouble;
    }
    const cJSON *mb = cJSON_GetObjectItemCaseSensitive(o, "max_bytes");
    d->max_bytes = 16L * 1024 * 1024;
    if (mb) {
        if (!cJSON_IsNumber(mb) || mb->valuedouble < 1024 || mb->valuedouble > 1024.0 * 1024 * 1024)
            return error("%s: \"max_bytes\" must be a number from 1024 to 1073741824", path);
        d->max_bytes = (long)mb->valuedouble;
    }
    return 0;
}

static char *read_small_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        error("cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = xmalloc(DEF_MAX_BYTES + 1);
    size_t n = fread(buf, 1, DEF_MAX_BYTES + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || n > DEF_MAX_BYTES) {
        free(buf);
        error("cannot read %s: %s", path, bad ? "read error" : "larger than 64 KiB");
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int json_file(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return e->d_name[0] != '.' && n > 5 && strcmp(e->d_name + n - 5, ".json") == 0;
}

int feed_defs_load(struct feed_defs *out)
{
    memset(out, 0, sizeof *out);
    feed_defs_dir(out->dir, sizeof out->dir);
    struct dirent **names;
    int n = scandir(out->dir, &names, json_file, by_name);
    if (n < 0)
        return error("cannot read the feeds folder %s: %s", out->dir, strerror(errno));
    out->v = xcalloc((unsigned long)(n ? n : 1), sizeof *out->v);
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX + 256];
        snprintf(path, sizeof path, "%s/%s", out->dir, names[i]->d_name);
        size_t len;
        char *text = rc == 0 ? read_small_file(path, &len) : NULL;
        if (rc == 0 && !text)
            rc = -1;
        if (text) {
            cJSON *o = cJSON_ParseWithLength(text, len);
            if (!o)
                rc = error("%s: not valid JSON", path);
            else if (def_from_json(path, o, &out->v[out->n]) < 0) {
                def_free(&out->v[out->n]);
                rc = -1;
            } else if (feed_defs_find(out, out->v[out->n].name)) {
                rc = error("%s: feed \"%s\" is defined twice", path, out->v[out->n].name);
                def_free(&out->v[out->n]);
            } else
                out->n++;
            cJSON_Delete(o);
            free(text);
        }
        free(names[i]);
    }
    free(names);
    if (rc < 0)
        feed_defs_free(out);
    return rc;
}

void feed_defs_free(struct feed_defs *defs)
{
    for (int i = 0; i < defs->n; i++)
        def_free(&defs->v[i]);
    free(defs->v);
    defs->v = NULL;
    defs->n = 0;
}

const struct feed_def *feed_defs_find(const struct feed_defs *defs, const char *name)
{
    for (int i = 0; i < defs->n; i++)
        if (strcmp(defs->v[i].name, name) == 0)
            return &defs->v[i];
    return NULL;
}
