/* parse.c: the boe-iadb-csv, csv and govuk-bank-holidays parsers (see parse.h). Pure: no I/O. */
#include "feed/parse.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/err.h"

#define MAX_CELLS 128

static const struct {
    enum feed_format fmt;
    const char *name;
} formats[] = {
    {FEED_BOE_IADB_CSV, "boe-iadb-csv"},
    {FEED_GOVUK_BANK_HOLIDAYS, "govuk-bank-holidays"},
    {FEED_CSV, "csv"},
};

enum feed_format feed_format_from_name(const char *name)
{
    for (size_t i = 0; name && i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i].name, name) == 0)
            return formats[i].fmt;
    return FEED_FORMAT_NONE;
}

const char *feed_format_name(enum feed_format f)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].fmt == f)
            return formats[i].name;
    return "unknown";
}

void feed_result_free(struct feed_result *r)
{
    free(r->obs);
    free(r->hols);
    r->obs = NULL;
    r->hols = NULL;
    r->nobs = r->capobs = r->nhols = r->caphols = 0;
}

static int refuse(struct feed_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int refuse(struct feed_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
    feed_result_free(r);
    return -1;
}

/* A short printable excerpt of s for error messages. */
static const char *excerpt(const char *s, char *buf, size_t n)
{
    size_t i = 0;
    for (; *s && i + 1 < n; s++)
        buf[i++] = (unsigned char)*s < 0x20 ? '?' : *s;
    buf[i] = '\0';
    if (*s && n > 4)
        memcpy(buf + n - 4, "...", 4);
    return buf;
}

static const char *skip_bom(const char *p, const char *end)
{
    if (end - p >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        return p + 3;
    return p;
}

static bool blank(const char *p, const char *end)
{
    for (; p < end; p++)
        if (!isspace((unsigned char)*p))
            return false;
    return true;
}

bool feed_looks_html(const char *buf, size_t len)
{
    const char *p = skip_bom(buf, buf + len), *end = buf + len;
    while (p < end && isspace((unsigned char)*p))
        p++;
    if (p < end && *p == '<')
        return true; /* no CSV or JSON payload starts with a tag */
    static const char *const tags[] = {"<!doctype html", "<html", "<head", "<body", "<title"};
    size_t span = (size_t)(end - p) < 2048 ? (size_t)(end - p) : 2048;
    for (size_t i = 0; i < span; i++) {
        if (p[i] != '<')
            continue;
        for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
            size_t tl = strlen(tags[t]);
            if (span - i >= tl && strncasecmp(p + i, tags[t], tl) == 0)
                return true;
        }
    }
    return false;
}

bool feed_parse_dmy_mon(const char *s, date_t *out)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    int day = 0, nd = 0;
    while (isdigit((unsigned char)*s) && nd < 3)
        day = day * 10 + (*s++ - '0'), nd++;
    if (nd < 1 || nd > 2 || (*s != ' ' && *s != '-'))
        return false;
    s++;
    int month = 0;
    for (int m = 0; m < 12; m++)
        if (strncasecmp(s, months[m], 3) == 0)
            month = m + 1;
    if (!month)
        return false;
    s += 3;
    if (*s != ' ' && *s != '-')
        return false;
    s++;
    int year = 0, ny = 0;
    while (isdigit((unsigned char)*s) && ny < 5)
        year = year * 10 + (*s++ - '0'), ny++;
    if (ny != 4 || *s)
        return false;
    return date_from_ymd(year, month, day, out);
}

/* ---- CSV lines and cells ---------------------------------------------------------------- */

struct lines {
    const char *p, *end;
    int lineno;
    bool eol; /* whether the line last returned ended with a line end */
};

/* The next line (without its CR LF) copied into a new string the caller frees; NULL at the end. */
static char *next_line(struct lines *l)
{
    if (l->p >= l->end)
        return NULL;
    const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
    const char *stop = nl ? nl : l->end;
    size_t n = (size_t)(stop - l->p);
    if (n && l->p[n - 1] == '\r')
        n--;
    char *s = xmalloc(n + 1);
    memcpy(s, l->p, n);
    s[n] = '\0';
    l->eol = nl != NULL;
    l->p = nl ? nl + 1 : l->end;
    l->lineno++;
    return s;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Split line in place into cells (RFC 4180 quoting, blanks trimmed). Returns the number of
 * cells, or -1 for an unclosed quote, text after a closing quote, or too many cells. */
static int split_cells(char *line, char **cells, int max)
{
    char *r = line, *w = line;
    int n = 0;
    for (;;) {
        if (n == max)
            return -1;
        char *start = w;
        while (*r == ' ' || *r == '\t')
            r++;
        if (*r == '"') {
            r++;
            for (;;) {
                if (!*r)
                    return -1;
                if (*r == '"' && r[1] == '"') {
                    *w++ = '"';
                    r += 2;
                } else if (*r == '"') {
                    r++;
                    break;
                } else {
                    *w++ = *r++;
                }
            }
            while (*r == ' ' || *r == '\t')
                r++;
            if (*r && *r != ',')
                return -1;
        } else {
            while (*r && *r != ',')
                *w++ = *r++;
        }
        bool more = *r == ',';
        if (more)
            r++;
        *w++ = '\0';
        cells[n++] = trim(start);
        if (!more)
            return n;
    }
}

static bool missing_value(const char *v)
{
    return !*v || strcmp(v, "..") == 0;
}

static void add_obs(struct feed_result *r, const char *series, date_t d, rate_t v)
{
    if (r->nobs == r->capobs) {
        r->capobs = r->capobs ? r->capobs * 2 : 256;
        r->obs = xrealloc(r->obs, sizeof *r->obs * (unsigned long)r->capobs);
    }
    r->obs[r->nobs++] = (struct feed_obs){series, d, v};
}

static int obs_cmp(const void *a, const void *b)
{
    const struct feed_obs *x = a, *y = b;
    int c = strcmp(x->series, y->series);
    if (c)
        return c;
    return (x->date > y->date) - (x->date < y->date);
}

/* Sort, drop exact repeats, refuse the same date given two different values. */
static int settle_obs(struct feed_result *r)
{
    if (r->nobs == 0)
        return 0;
    qsort(r->obs, (size_t)r->nobs, sizeof *r->obs, obs_cmp);
    int w = 1;
    for (int i = 1; i < r->nobs; i++) {
        struct feed_obs *prev = &r->obs[w - 1], *cur = &r->obs[i];
        if (strcmp(prev->series, cur->series) == 0 && prev->date == cur->date) {
            if (prev->value != cur->value) {
                char d[DATE_BUFSZ];
                return refuse(r, "%s %s is given twice with different values", cur->series,
                              date_format_iso(cur->date, d));
            }
            continue;
        }
        r->obs[w++] = *cur;
    }
    r->nobs = w;
    return 0;
}

/* Digits after the decimal point of a value (0 without one). */
static int decimals(const char *v)
{
    const char *dot = strchr(v, '.');
    int n = 0;
    if (dot)
        for (dot++; *dot >= '0' && *dot <= '9'; dot++)
            n++;
    return n;
}

/* The last line of a payload has no line end. It is taken as complete unless it looks cut:
 * its last cell empty, or with fewer decimals than the column's latest value above it (a value
 * cut short: "3.72" for "3.7293"). Rows cut elsewhere fail the cell count or the date. */
static bool looks_cut(const char *last_cell, int prev_decimals)
{
    if (!*last_cell)
        return true;
    if (strcmp(last_cell, "..") == 0)
        return false;
    return prev_decimals >= 0 && decimals(last_cell) < prev_decimals;
}

static bool parse_row_date(enum feed_format fmt, const char *s, date_t *d)
{
    if (feed_parse_dmy_mon(s, d))
        return true;
    return fmt == FEED_CSV && date_parse(s, d, NULL);
}

/* The data rows after the header: column 0 the date, idx[c] the column of cols[c]. */
static int parse_rows(enum feed_format fmt, struct lines *lp, const struct feed_column *cols,
                      int ncols, const int *idx, int nhead, struct feed_result *r)
{
    struct lines l = *lp;
    char ex[96];
    char *line;
    char *cells[MAX_CELLS];
    int prev_decimals = -1; /* decimals of the last column's latest value so far, -1 if none */
    while ((line = next_line(&l))) {
        if (!*trim(line)) {
            free(line);
            continue;
        }
        int n = split_cells(line, cells, MAX_CELLS);
        if (n != nhead) {
            int rc = n < 0 ? refuse(r, "line %d: a quote is not closed or there are too many cells",
                                    l.lineno)
                           : refuse(r, "line %d: %d cells where the header has %d (truncated or "
                                       "garbled)", l.lineno, n, nhead);
            free(line);
            return rc;
        }
        if (!l.eol && looks_cut(cells[n - 1], prev_decimals)) {
            free(line);
            return refuse(r, "line %d: the answer ends in the middle of a line (truncated)", l.lineno);
        }
        if (!missing_value(cells[n - 1]))
            prev_decimals = decimals(cells[n - 1]);
        date_t d;
        if (!parse_row_date(fmt, cells[0], &d)) {
            int rc = refuse(r, "line %d: \"%s\" is not a date", l.lineno, excerpt(cells[0], ex, 40));
            free(line);
            return rc;
        }
        for (int c = 0; c < ncols; c++) {
            if (idx[c] < 0) /* an optional column this file does not have */
                continue;
            const char *v = cells[idx[c]], *why;
            rate_t rate;
            if (missing_value(v))
                continue;
            if (!rate_parse(v, &rate, &why)) {
                int rc = refuse(r, "line %d: %s \"%s\" is not a rate: %s", l.lineno, cols[c].source,
                                excerpt(v, ex, 40), why);
                free(line);
                return rc;
            }
            add_obs(r, cols[c].series, d, rate);
        }
        free(line);
    }
    return settle_obs(r);
}

static int parse_table(enum feed_format fmt, const char *p, const char *end,
                       const struct feed_column *cols, int ncols, struct feed_result *r)
{
    const char *date_head = fmt == FEED_BOE_IADB_CSV ? "DATE" : "date";
    char ex[96];
    if (ncols <= 0)
        return refuse(r, "the definition names no series");
    struct lines l = {p, end, 0, true};
    char *line;
    const char *start = l.p; /* where the header line starts */
    while ((line = next_line(&l)) && !*trim(line)) {
        free(line);
        start = l.p;
    }
    if (!line)
        return refuse(r, "the answer is empty");

    char *head[MAX_CELLS];
    int nhead = split_cells(line, head, MAX_CELLS);
    date_t first;
    if (fmt == FEED_CSV && nhead == 2 && parse_row_date(fmt, head[0], &first)) {
        /* a csv file of bare "date,value" lines: one series, read from the first line on */
        free(line);
        if (ncols != 1)
            return refuse(r, "line %d: the file has no header, so it can hold one series, not %d",
                          l.lineno, ncols);
        l.p = start;
        l.lineno--;
        return parse_rows(fmt, &l, cols, ncols, (int[]){1}, 2, r);
    }
    /* boe-iadb-csv: the header starts DATE; csv: the first column is the date, whatever its name */
    if (nhead < 2 || (fmt == FEED_BOE_IADB_CSV && strcasecmp(head[0], date_head) != 0)) {
        int rc = refuse(r, "line %d: the header does not start with %s and a column: \"%s\"",
                        l.lineno, date_head, excerpt(nhead > 0 ? head[0] : "", ex, 60));
        free(line);
        return rc;
    }
    int idx[MAX_CELLS];
    for (int c = 0; c < ncols; c++) {
        idx[c] = -1;
        for (int h = 1; h < nhead; h++)
            if (strcasecmp(head[h], cols[c].source) == 0)
                idx[c] = h;
        if (idx[c] < 0 && !cols[c].optional) {
            char have[256] = "";
            for (int h = 0; h < nhead; h++)
                snprintf(have + strlen(have), sizeof have - strlen(have), "%s%s", h ? "," : "",
                         head[h]);
            int rc = refuse(r, "column \"%s\" is missing from the header \"%s\"", cols[c].source,
                            excerpt(have, ex, 90));
            free(line);
            return rc;
        }
    }
    free(line);
    return parse_rows(fmt, &l, cols, ncols, idx, nhead, r);
}

/* ---- GOV.UK bank holidays ---------------------------------------------------------------- */

static void add_hol(struct feed_result *r, const char *division, date_t d, const char *title)
{
    if (r->nhols == r->caphols) {
        r->caphols = r->caphols ? r->caphols * 2 : 128;
        r->hols = xrealloc(r->hols, sizeof *r->hols * (unsigned long)r->caphols);
    }
    struct feed_holiday *h = &r->hols[r->nhols++];
    h->division = division;
    h->h.date = d;
    h->h.builtin = false;
    /* copy, cutting at a UTF-8 character boundary if too long */
    size_t n = strlen(title);
    if (n >= sizeof h->h.title) {
        n = sizeof h->h.title - 1;
        while (n && ((unsigned char)title[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(h->h.title, title, n);
    h->h.title[n] = '\0';
}

static int hol_cmp(const void *a, const void *b)
{
    const struct feed_holiday *x = a, *y = b;
    int c = strcmp(x->division, y->division);
    if (c)
        return c;
    return (x->h.date > y->h.date) - (x->h.date < y->h.date);
}

static int parse_division(const cJSON *root, const char *division, struct feed_result *r)
{
    const cJSON *div = cJSON_GetObjectItemCaseSensitive(root, division);
    if (!cJSON_IsObject(div)) {
        char have[256] = "";
        const cJSON *it;
        cJSON_ArrayForEach(it, root)
        {
            if (it->string)
                snprintf(have + strlen(have), sizeof have - strlen(have), "%s%s",
                         have[0] ? ", " : "", it->string);
        }
        return refuse(r, "division \"%s\" is missing (the answer has: %s)", division,
                      have[0] ? have : "nothing");
    }
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(div, "events");
    if (!cJSON_IsArray(events) || cJSON_GetArraySize(events) == 0)
        return refuse(r, "%s: no \"events\" list of holidays", division);
    int i = 0;
    const cJSON *ev;
    cJSON_ArrayForEach(ev, events)
    {
        i++;
        const cJSON *title = cJSON_GetObjectItemCaseSensitive(ev, "title");
        const cJSON *date = cJSON_GetObjectItemCaseSensitive(ev, "date");
        if (!cJSON_IsString(title) || !title->valuestring[strspn(title->valuestring, " \t")])
            return refuse(r, "%s event %d: no \"title\"", division, i);
        date_t d;
        if (!cJSON_IsString(date) || strlen(date->valuestring) != 10 ||
            !date_parse(date->valuestring, &d, NULL))
            return refuse(r, "%s event %d: \"date\" is not a YYYY-MM-DD date", division, i);
        add_hol(r, division, d, title->valuestring);
    }
    return 0;
}

static int parse_govuk(const char *p, const char *end, const struct feed_column *cols, int ncols,
                       struct feed_result *r)
{
    if (blank(p, end))
        return refuse(r, "the answer is empty");
    const char *stop = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &stop, 0);
    if (!root) {
        long at = stop && stop >= p ? (long)(stop - p) : 0;
        return refuse(r, "the answer is not valid JSON (truncated or garbled) near byte %ld", at);
    }
    if (stop && !blank(stop, end)) {
        cJSON_Delete(root);
        return refuse(r, "the answer has text after its JSON (garbled)");
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return refuse(r, "the answer is not a JSON object of divisions");
    }
    static const struct feed_column ew = {"england-and-wales", "england-and-wales", false};
    if (ncols <= 0) {
        cols = &ew;
        ncols = 1;
    }
    for (int c = 0; c < ncols; c++)
        if (parse_division(root, cols[c].source, r) < 0) {
            cJSON_Delete(root);
            return -1;
        }
    cJSON_Delete(root);
    qsort(r->hols, (size_t)r->nhols, sizeof *r->hols, hol_cmp);
    for (int i = 1; i < r->nhols; i++)
        if (strcmp(r->hols[i].division, r->hols[i - 1].division) == 0 &&
            r->hols[i].h.date == r->hols[i - 1].h.date) {
            char d[DATE_BUFSZ];
            return refuse(r, "%s: %s is listed twice", r->hols[i].division,
                          date_format_iso(r->hols[i].h.date, d));
        }
    return 0;
}

int feed_parse(enum feed_format fmt, const char *buf, size_t len, const struct feed_column *cols,
               int ncols, struct feed_result *out)
{
    memset(out, 0, sizeof *out);
    if (!buf || len == 0)
        return refuse(out, "the answer is empty");
    const char *end = buf + len, *p = skip_bom(buf, end);
    if (memchr(p, '\0', (size_t)(end - p)))
        return refuse(out, "the answer contains NUL bytes (not text)");
    if (feed_looks_html(p, (size_t)(end - p)))
        return refuse(out, "the answer is an HTML page, not %s data", feed_format_name(fmt));
    switch (fmt) {
    case FEED_BOE_IADB_CSV:
    case FEED_CSV:
        return parse_table(fmt, p, end, cols, ncols, out);
    case FEED_GOVUK_BANK_HOLIDAYS:
        return parse_govuk(p, end, cols, ncols, out);
    default:
        return refuse(out, "unknown feed format");
    }
}
