/* json.c: prudent's JSON conventions over cJSON (see json.h). */
#include "util/json.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cJSON *json_add_money(cJSON *obj, const char *key, money_t m)
{
    char buf[MONEY_BUFSZ];
    return cJSON_AddStringToObject(obj, key, money_format(m, MONEY_PLAIN, buf));
}

cJSON *json_add_money_or_null(cJSON *obj, const char *key, const money_t *m)
{
    return m ? json_add_money(obj, key, *m) : cJSON_AddNullToObject(obj, key);
}

cJSON *json_add_rate(cJSON *obj, const char *key, rate_t r)
{
    char buf[RATE_BUFSZ];
    return cJSON_AddStringToObject(obj, key, rate_format(r, 4, buf));
}

cJSON *json_add_date(cJSON *obj, const char *key, date_t d)
{
    char buf[DATE_BUFSZ];
    if (d == DATE_NONE)
        return cJSON_AddNullToObject(obj, key);
    return cJSON_AddStringToObject(obj, key, date_format_iso(d, buf));
}

double json_round2(double v)
{
    return round(v * 100.0) / 100.0; /* round() is half away from zero */
}

cJSON *json_add_2dp(cJSON *obj, const char *key, double v)
{
    return cJSON_AddNumberToObject(obj, key, json_round2(v));
}

int json_print(FILE *f, const cJSON *doc)
{
    char *text = cJSON_Print(doc);
    if (!text)
        return -1;
    int rc = fprintf(f, "%s\n", text) < 0 ? -1 : 0;
    free(text);
    return rc;
}

/* ---- strict parsing --------------------------------------------------------------------- */

static cJSON *refuse(struct json_error *err, size_t offset, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static cJSON *refuse(struct json_error *err, size_t offset, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    err->offset = offset;
    return NULL;
}

/* The first \u0000 escape inside a string of text (well formed JSON), with the key it belongs to
 * (the last key seen, copied into key): its offset, or -1 when none. */
static long nul_escape(const char *text, size_t len, char key[64])
{
    char last[64] = "";
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '"')
            continue;
        size_t start = ++i;
        long found = -1;
        for (; i < len && text[i] != '"'; i++) {
            if (text[i] != '\\')
                continue;
            if (found < 0 && i + 5 < len && text[i + 1] == 'u' && memcmp(text + i + 2, "0000", 4) == 0)
                found = (long)i;
            i++;
        }
        size_t q = i + 1;
        while (q < len && strchr(" \t\r\n", text[q]))
            q++;
        bool is_key = q < len && text[q] == ':';
        if (is_key)
            snprintf(last, sizeof last, "%.*s", (int)(i - start < 63 ? i - start : 63), text + start);
        if (found >= 0) {
            snprintf(key, 64, "%s", last);
            return found;
        }
    }
    return -1;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The offset of the second "dup" key of one object in text (well formed JSON; a key with escapes
 * is not matched), or 0 when not found. */
static size_t second_key_at(const char *text, size_t len, const char *dup)
{
    enum { DEPTH = 1100 }; /* beyond cJSON's nesting limit */
    static _Thread_local int seen[DEPTH]; /* per open object: times dup was its key; -1 in an array */
    int depth = 0;
    size_t dl = strlen(dup);
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if ((ch == '{' || ch == '[') && depth < DEPTH)
            seen[depth++] = ch == '{' ? 0 : -1;
        else if ((ch == '}' || ch == ']') && depth > 0)
            depth--;
        if (ch != '"')
            continue;
        size_t start = i++;
        while (i < len && text[i] != '"')
            i += text[i] == '\\' ? 2 : 1;
        size_t q = i + 1;
        while (q < len && strchr(" \t\r\n", text[q]))
            q++;
        bool key = q < len && text[q] == ':' && depth > 0 && seen[depth - 1] >= 0;
        if (key && i - start - 1 == dl && memcmp(text + start + 1, dup, dl) == 0 && ++seen[depth - 1] == 2)
            return start;
    }
    return 0;
}

/* The first key that appears twice in one object anywhere in v, or NULL. */
static const char *duplicate_key(const cJSON *v)
{
    if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
        return NULL;
    int n = cJSON_GetArraySize(v), i = 0;
    const char *dup = NULL;
    const cJSON *c;
    if (cJSON_IsObject(v) && n > 1) {
        const char **keys = malloc((size_t)n * sizeof *keys);
        if (!keys)
            abort();
        cJSON_ArrayForEach(c, v) keys[i++] = c->string;
        qsort(keys, (size_t)n, sizeof *keys, by_key);
        for (i = 1; i < n && !dup; i++)
            if (strcmp(keys[i - 1], keys[i]) == 0)
                dup = keys[i];
        free(keys);
    }
    cJSON_ArrayForEach(c, v) {
        if (dup)
            break;
        dup = duplicate_key(c);
    }
    return dup;
}

cJSON *json_parse_strict(const char *text, size_t len, struct json_error *err)
{
    memset(err, 0, sizeof *err);
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return refuse(err, (size_t)(nul - text), NULL, "a NUL byte at byte %zu is not allowed", (size_t)(nul - text));
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (!doc) {
        /* cJSON sets end at the error too (its global error pointer is not per thread) */
        size_t at = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        return refuse(err, at, NULL, "not valid JSON (at byte %zu)", at);
    }
    size_t rest = (size_t)(end - text);
    while (rest < len && strchr(" \t\r\n", text[rest]))
        rest++;
    if (rest < len) {
        cJSON_Delete(doc);
        return refuse(err, rest, NULL, "trailing data after the JSON value at byte %zu", rest);
    }
    char key[64];
    long at = nul_escape(text, len, key);
    if (at >= 0) {
        cJSON_Delete(doc);
        return key[0] ? refuse(err, (size_t)at, key, "\"%s\": a NUL (\\u0000) inside a string is not allowed", key)
                      : refuse(err, (size_t)at, NULL, "a NUL (\\u0000) inside a string is not allowed");
    }
    const char *dup = duplicate_key(doc);
    if (dup) {
        refuse(err, second_key_at(text, len, dup), dup, "duplicate key \"%s\"", dup);
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

cJSON *json_raw_taken(char *text)
{
    cJSON *node = cJSON_CreateRaw("");
    if (!node)
        abort();
    free(node->valuestring);
    node->valuestring = text;
    return node;
}

void json_add_raw_taken(cJSON *obj, const char *key, char *text)
{
    cJSON_AddItemToObject(obj, key, json_raw_taken(text));
}
