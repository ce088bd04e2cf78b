/* defs.c: finding and reading the feed definitions (see defs.h). */
#include "feed/defs.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/cluster.h"
#include "util/err.h"

#define DEF_MAX_BYTES (64 * 1024)

bool feed_parse_period(const char *s, long *secs)
{
    if (!s)
        return false;
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (end == s || n <= 0 || errno || n > 100000 || *s == '+' || *s == ' ')
        return false;
    long unit;
    if (strcmp(end, "s") == 0)
        unit = 1;
    else if (strcmp(end, "m") == 0)
        unit = 60;
    else if (strcmp(end, "h") == 0)
        unit = 3600;
    else if (strcmp(end, "d") == 0)
        unit = 86400;
    else if (strcmp(end, "w") == 0)
        unit = 7 * 86400;
    else
        return false;
    *secs = n * unit;
    return true;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *feed_defs_dir(char *buf, size_t n)
{
    const char *env = getenv("PRUDENT_FEEDS");
    if (env && *env) {
        snprintf(buf, n, "%s", env);
        return buf;
    }
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *bindir = dirname(exe); /* .../bin */
        char parent[PATH_MAX];
        snprintf(parent, sizeof parent, "%s", bindir);
        char *top = dirname(parent); /* ... */
        snprintf(buf, n, "%s/feeds", top);
        if (is_dir(buf))
            return buf;
    }
    snprintf(buf, n, "/usr/local/share/prudent/feeds");
    return buf;
}

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 40)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
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

static int def_from_json(const char *path, const cJSON *o, struct feed_def *d)
{
    memset(d, 0, sizeof *d);
    d->path = xstrdup(path);
    if (!cJSON_IsObject(o))
        return error("%s: a feed definition is one JSON object", path);
    const char *name = str_field(o, "name"), *url = str_field(o, "url");
    const char *format = str_field(o, "format"), *every = str_field(o, "every");
    const char *stale = str_field(o, "stale");
    if (!name || !valid_name(name))
        return error("%s: \"name\" must be 1-40 of a-z, 0-9, '_' and '-'", path);
    d->name = xstrdup(name);
    if (!url || !*url)
        return error("%s: \"url\" is missing", path);
    if (!(d->url = expand_url(path, url)))
        return -1;
    d->format = feed_format_from_name(format);
    if (d->format == FEED_FORMAT_NONE)
        return error("%s: \"format\" \"%s\" is not one of boe-iadb-csv, govuk-bank-holidays, csv",
                     path, format ? format : "");
    if (!every || !feed_parse_period(every, &d->every))
        return error("%s: \"every\" \"%s\" is not a period like 6h or 1d", path, every ? every : "");
    snprintf(d->every_text, sizeof d->every_text, "%s", every);
    if (cJSON_GetObjectItemCaseSensitive(o, "stale") && !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, "stale"))) {
        if (!stale || !feed_parse_period(stale, &d->stale))
            return error("%s: \"stale\" \"%s\" is not a period like 7d", path, stale ? stale : "");
        snprintf(d->stale_text, sizeof d->stale_text, "%s", stale);
    }
    const cJSON *series = cJSON_GetObjectItemCaseSensitive(o, "series");
    if (series && !cJSON_IsObject(series))
        return error("%s: \"series\" must be an object {SOURCE_COLUMN: SERIES_NAME}", path);
    int n = cJSON_GetArraySize(series);
    if (n == 0 && d->format != FEED_GOVUK_BANK_HOLIDAYS)
        return error("%s: \"series\" names no column", path);
    d->cols = xcalloc((unsigned long)(n ? n : 1), sizeof *d->cols);
    const cJSON *it;
    cJSON_ArrayForEach(it, series)
    {
        if (!cJSON_IsString(it) || !valid_series(it->valuestring))
            return error("%s: series \"%s\": the name must be 1-64 of A-Z, a-z, 0-9, '_', '.', '-'",
                         path, it->string);
        if (!*it->string)
            return error("%s: a series has an empty source column", path);
        d->cols[d->ncols].source = xstrdup(it->string);
        d->cols[d->ncols].series = xstrdup(it->valuestring);
        d->ncols++;
    }
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "timeout");
    const char *envt = getenv("PRUDENT_FEED_TIMEOUT");
    d->timeout = envt && atol(envt) > 0 ? atol(envt) : 60;
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
