/* records.c: the CSV (libcsv) and JSON (cJSON) record readers, error collection and the shared
 * field validators of import files (see records.h). */
#include "ingest/records.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <sys/stat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/err.h"
#include "util/json.h"

/* ---- errors ---------------------------------------------------------------------------- */

void import_error(struct import_errors *e, int line, const char *field, const char *value,
                  const char *fmt, ...)
{
    e->count++;
    if (e->printed >= IMPORT_ERRORS_SHOWN)
        return;
    e->printed++;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char where[600];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%d", e->path, line);
    else
        snprintf(where, sizeof where, "%s", e->path);
    if (field)
        fprintf(stderr, "prudent: %s: %s \"%s\" %s\n", where, field, value ? value : "", msg);
    else
        fprintf(stderr, "prudent: %s: %s\n", where, msg);
}

bool import_errors_close(struct import_errors *e, const char *kind)
{
    if (e->count == 0)
        return false;
    if (e->count > e->printed)
        fprintf(stderr, "prudent: %s: %d more errors not shown\n", e->path, e->count - e->printed);
    fprintf(stderr, "prudent: %s: %d error%s: no %s imported, nothing was written\n", e->path,
            e->count, e->count == 1 ? "" : "s", kind);
    return true;
}

/* ---- progress -------------------------------------------------------------------------- */

void progress_line(bool on, const char *fmt, ...)
{
    if (!on)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("\r", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\033[K", stderr);
    va_end(ap);
    fflush(stderr);
}

void progress_end(bool on)
{
    if (on) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
}

/* ---- common ---------------------------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && sb.st_size > RECORDS_MAX_BYTES) {
        fclose(f);
        errno = EFBIG;
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = xmalloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n > RECORDS_MAX_BYTES) { /* refused before it is all in memory */
            fclose(f);
            free(buf);
            errno = EFBIG;
            return NULL;
        }
        if (cap - n - 1 == 0)
            buf = xrealloc(buf, cap *= 2);
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* A trimmed copy of s[0..len), or NULL when blank. */
static char *trimmed(const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (!len)
        return NULL;
    char *out = xmalloc(len + 1);
    memcpy(out, s, len);
    out[len] = '\0';
    return out;
}

static int field_index(const struct records *rs, const char *name)
{
    for (int f = 0; f < rs->nfields; f++)
        if (strcasecmp(rs->fields[f].name, name) == 0)
            return f;
    return -1;
}

static void field_list(const struct records *rs, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int f = 0; f < rs->nfields; f++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", f ? ", " : "", rs->fields[f].name);
}

static struct record *new_record(struct records *rs, int *cap, int line)
{
    if (rs->n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        rs->rec = xrealloc(rs->rec, (unsigned long)*cap * sizeof *rs->rec);
    }
    struct record *r = &rs->rec[rs->n++];
    r->line = line;
    r->value = xcalloc((unsigned long)rs->nfields, sizeof *r->value);
    r->lines = NULL;
    return r;
}

void records_free(struct records *rs)
{
    for (int i = 0; i < rs->n; i++) {
        for (int f = 0; f < rs->nfields; f++)
            free(rs->rec[i].value[f]);
        free(rs->rec[i].value);
        free(rs->rec[i].lines);
    }
    free(rs->rec);
    rs->rec = NULL;
    rs->n = 0;
}

/* ---- CSV ------------------------------------------------------------------------------- */

struct csv_state {
    struct records *rs;
    struct import_errors *e;
    int cap;
    int line;       /* line being fed */
    int rec_line;   /* line the current record started on */
    char **fields;  /* fields of the current record */
    int nf, fcap;
    int *map;       /* CSV column -> field index (-1: ignored) */
    int ncols;      /* columns in the header; 0 until the header is read */
    int header_errors;
    int hdr_fields; /* fields of the header row, with trailing empty ones */
    bool progress;
};

static void csv_field(void *s, size_t len, void *data)
{
    struct csv_state *st = data;
    if (st->nf == 0)
        st->rec_line = st->line;
    if (st->nf == st->fcap) {
        st->fcap = st->fcap ? st->fcap * 2 : 16;
        st->fields = xrealloc(st->fields, (unsigned long)st->fcap * sizeof *st->fields);
    }
    st->fields[st->nf++] = trimmed(s ? s : "", s ? len : 0);
}

static void csv_header(struct csv_state *st)
{
    struct records *rs = st->rs;
    st->hdr_fields = st->nf;
    while (st->nf > 1 && !st->fields[st->nf - 1]) /* trailing empty columns: ignored */
        st->nf--;
    st->ncols = st->nf;
    st->map = xcalloc((unsigned long)st->nf, sizeof *st->map);
    bool *seen = xcalloc((unsigned long)rs->nfields, sizeof *seen);
    char list[1024];
    field_list(rs, list, sizeof list);
    for (int c = 0; c < st->nf; c++) {
        const char *name = st->fields[c] ? st->fields[c] : "";
        int f = field_index(rs, name);
        st->map[c] = f;
        if (f < 0 && *name)
            import_error(st->e, st->rec_line, "column", name, "is not a field (fields: %s)", list);
        else if (f < 0)
            import_error(st->e, st->rec_line, NULL, NULL, "column %d of the header has no name", c + 1);
        else if (seen[f]) {
            import_error(st->e, st->rec_line, "column", name, "appears twice in the header");
            st->map[c] = -1; /* read once: the second copy would leak the first (fuzz_records_csv) */
        }
        if (f >= 0)
            seen[f] = true;
    }
    for (int f = 0; f < rs->nfields; f++)
        if (!seen[f] && rs->fields[f].column)
            import_error(st->e, st->rec_line, "column", rs->fields[f].name, "is missing from the header");
    free(seen);
    st->header_errors = st->e->count;
}

static void csv_data(struct csv_state *st)
{
    bool padded = st->nf > st->ncols && st->nf <= st->hdr_fields; /* "a,b,c," under "x,y,z," */
    for (int c = st->ncols; padded && c < st->nf; c++)
        padded = st->fields[c] == NULL;
    if (st->nf != st->ncols && !padded) {
        import_error(st->e, st->rec_line, NULL, NULL, "the row has %d fields, the header has %d",
                     st->nf, st->ncols);
        return;
    }
    struct record *r = new_record(st->rs, &st->cap, st->rec_line);
    for (int c = 0; c < st->ncols; c++) {
        int f = st->map[c];
        if (f >= 0) {
            r->value[f] = st->fields[c];
            st->fields[c] = NULL;
        }
    }
    if (st->progress && st->rs->n % 10000 == 0)
        progress_line(true, "reading %s: %d rows", st->rs->path, st->rs->n);
}

static void csv_record(int term, void *data)
{
    (void)term;
    struct csv_state *st = data;
    if (st->ncols == 0)
        csv_header(st);
    else
        csv_data(st);
    for (int c = 0; c < st->nf; c++)
        free(st->fields[c]);
    st->nf = 0;
}

static int read_csv(const char *text, size_t len, struct records *rs, struct import_errors *e,
                    bool progress)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return error("%s: cannot start the CSV reader", rs->path);
    struct csv_state st = {.rs = rs, .e = e, .line = 1, .progress = progress};
    size_t pos = 0;
    int rc = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) + 1 : len;
        if (csv_parse(&p, text + pos, end - pos, csv_field, csv_record, &st) != end - pos) {
            import_error(e, st.line, NULL, NULL, "not valid CSV: %s (check the quotes)",
                         csv_strerror(csv_error(&p)));
            rc = -1;
            break;
        }
        pos = end;
        st.line++;
    }
    if (rc == 0 && csv_fini(&p, csv_field, csv_record, &st) != 0) {
        import_error(e, st.line - 1, NULL, NULL, "not valid CSV: %s (a quote is not closed)",
                     csv_strerror(csv_error(&p)));
        rc = -1;
    }
    if (rc == 0 && st.header_errors)
        rc = -1;
    if (rc == 0 && st.ncols == 0) {
        import_error(e, 0, NULL, NULL, "the file is empty: it needs a header row");
        rc = -1;
    }
    for (int c = 0; c < st.nf; c++)
        free(st.fields[c]);
    free(st.fields);
    free(st.map);
    csv_free(&p);
    return rc;
}

/* ---- JSON ------------------------------------------------------------------------------ */

static int line_at(const char *text, const char *pos)
{
    int line = 1;
    for (const char *p = text; p < pos && *p; p++)
        line += *p == '\n';
    return line;
}

/* Where each top-level object and each of its keys start: a light scan of the text, which
 * cJSON has already found well formed. Fills r->line and r->lines for every record. */
static void json_locate(const char *text, struct records *rs)
{
    int depth = 0, line = 1, idx = -1;
    bool want = false; /* at depth 1, expecting the next element of the array */
    for (const char *p = text; *p; p++) {
        if (depth == 1 && want && !isspace((unsigned char)*p) && *p != ']') {
            want = false;
            if (++idx < rs->n)
                rs->rec[idx].line = line;
        }
        if (*p == '\n') {
            line++;
        } else if (*p == ',' && depth == 1) {
            want = true;
        } else if (*p == '"') {
            const char *start = ++p;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1])
                    p++;
                else if (*p == '\n')
                    line++;
                p++;
            }
            if (!*p)
                return;
            const char *q = p + 1;
            while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
                q++;
            if (depth == 2 && *q == ':' && idx >= 0 && idx < rs->n) {
                char key[64];
                size_t n = (size_t)(p - start);
                if (n < sizeof key) {
                    memcpy(key, start, n);
                    key[n] = '\0';
                    int f = field_index(rs, key);
                    if (f >= 0)
                        rs->rec[idx].lines[f] = line;
                }
            }
        } else if (*p == '{' || *p == '[') {
            want = ++depth == 1;
        } else if (*p == '}' || *p == ']') {
            depth--;
        }
    }
}

/* The text of a scalar JSON value, or NULL with *why set. */
static char *json_scalar(const cJSON *v, const char **why)
{
    char buf[64];
    if (cJSON_IsString(v))
        return trimmed(v->valuestring, strlen(v->valuestring));
    if (cJSON_IsNull(v))
        return NULL;
    if (cJSON_IsBool(v))
        return xstrdup(cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNumber(v)) {
        snprintf(buf, sizeof buf, "%.15g", v->valuedouble);
        if (!isfinite(v->valuedouble) || strtod(buf, NULL) != v->valuedouble) {
            *why = "is a number too long to keep exact: write it as a string";
            return NULL;
        }
        return xstrdup(buf);
    }
    *why = "must be a string or a number";
    return NULL;
}

static int read_json(const char *text, struct records *rs, struct import_errors *e)
{
    struct json_error jerr;
    cJSON *doc = json_parse_strict(text, strlen(text), &jerr); /* the same rule as the API's bodies */
    if (!doc) {
        import_error(e, line_at(text, text + jerr.offset), NULL, NULL, "%s", jerr.message);
        return -1;
    }
    if (!cJSON_IsArray(doc)) {
        cJSON_Delete(doc);
        import_error(e, 1, NULL, NULL, "the JSON must be an array of objects");
        return -1;
    }
    int cap = 0, n = cJSON_GetArraySize(doc);
    const cJSON *item;
    cJSON_ArrayForEach(item, doc) {
        struct record *r = new_record(rs, &cap, 0);
        r->lines = xcalloc((unsigned long)rs->nfields, sizeof *r->lines);
    }
    json_locate(text, rs);
    char list[1024];
    field_list(rs, list, sizeof list);
    int i = 0;
    cJSON_ArrayForEach(item, doc) {
        struct record *r = &rs->rec[i++];
        if (!cJSON_IsObject(item)) {
            import_error(e, r->line, NULL, NULL, "[%d] is not an object", i - 1);
            continue;
        }
        const cJSON *v;
        cJSON_ArrayForEach(v, item) {
            int f = field_index(rs, v->string);
            if (f < 0) {
                import_error(e, r->line, "field", v->string, "is not a field (fields: %s)", list);
                continue;
            }
            const char *why = NULL;
            free(r->value[f]);
            r->value[f] = json_scalar(v, &why);
            if (why)
                import_error(e, r->lines[f] ? r->lines[f] : r->line, rs->fields[f].name,
                             cJSON_IsString(v) ? v->valuestring : "", "%s", why);
        }
    }
    (void)n;
    cJSON_Delete(doc);
    return 0;
}

int records_read(const char *path, const struct field_def *fields, int nfields, struct records *out,
                 struct import_errors *e, bool progress)
{
    *out = (struct records){.path = path, .fields = fields, .nfields = nfields};
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text && errno == EFBIG) {
        import_error(e, 0, NULL, NULL, "the file is larger than %d MiB: split it into smaller files",
                     RECORDS_MAX_BYTES >> 20);
        return -1;
    }
    if (!text) {
        import_error(e, 0, NULL, NULL, "cannot read the file: %s", strerror(errno));
        return -1;
    }
    const char *t = text;
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 byte order mark */
        t += 3, len -= 3;
    if (memchr(t, '\0', len)) {
        free(text);
        import_error(e, 0, NULL, NULL, "is not a text file (it holds NUL bytes)");
        return -1;
    }
    const char *first = t;
    while (isspace((unsigned char)*first))
        first++;
    out->json = *first == '[' || *first == '{';
    int rc = out->json ? read_json(t, out, e) : read_csv(t, len, out, e, progress);
    progress_end(progress);
    free(text);
    if (rc < 0) /* nothing half-read is handed back (found by tests/fuzz/fuzz_records_csv.c) */
        records_free(out);
    return rc;
}

/* ---- uniqueness ------------------------------------------------------------------------ */

static const struct records *sort_rs;
static int sort_f;

static int by_value(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    int c = strcmp(sort_rs->rec[i].value[sort_f], sort_rs->rec[j].value[sort_f]);
    return c ? c : (i > j) - (i < j);
}

int records_check_unique(const struct records *rs, int f, struct import_errors *e)
{
    int *idx = xmalloc((unsigned long)(rs->n ? rs->n : 1) * sizeof *idx);
    int n = 0, bad = 0;
    for (int i = 0; i < rs->n; i++)
        if (rs->rec[i].value[f])
            idx[n++] = i;
    sort_rs = rs;
    sort_f = f;
    qsort(idx, (size_t)n, sizeof *idx, by_value);
    /* collect duplicates, then report them in file order */
    int *dup = xcalloc((unsigned long)(rs->n ? rs->n : 1), sizeof *dup); /* first index + 1 */
    for (int k = 1, first = 0; k < n; k++) {
        if (strcmp(rs->rec[idx[k]].value[f], rs->rec[idx[first]].value[f]) != 0) {
            first = k;
            continue;
        }
        dup[idx[k]] = idx[first] + 1;
    }
    for (int i = 0; i < rs->n; i++) {
        if (!dup[i])
            continue;
        const struct record *r = &rs->rec[i], *o = &rs->rec[dup[i] - 1];
        int line = r->lines && r->lines[f] ? r->lines[f] : r->line;
        int oline = o->lines && o->lines[f] ? o->lines[f] : o->line;
        import_error(e, line, rs->fields[f].name, r->value[f],
                     "appears more than once in the file (first on line %d)", oline);
        bad++;
    }
    free(dup);
    free(idx);
    return bad;
}

/* ---- field validators ------------------------------------------------------------------ */

struct row row_start(const struct records *rs, int i, struct import_errors *e)
{
    return (struct row){.rs = rs, .rec = &rs->rec[i], .e = e, .ok = true};
}

const char *row_value(const struct row *w, int f)
{
    const char *v = w->rec->value[f];
    return v ? v : "";
}

int row_line(const struct row *w, int f)
{
    if (w->rec->lines && w->rec->lines[f])
        return w->rec->lines[f];
    return w->rec->line;
}

bool row_blank(const struct row *w, int f)
{
    return w->rec->value[f] == NULL;
}

void row_fail(struct row *w, int f, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    import_error(w->e, row_line(w, f), w->rs->fields[f].name, row_value(w, f), "%s", msg);
    w->ok = false;
}

/* Blank field: report it when required. Returns true when there is a value to check. */
static bool present(struct row *w, int f, bool required)
{
    if (!row_blank(w, f))
        return true;
    if (required)
        row_fail(w, f, "is required");
    return false;
}

bool field_required(struct row *w, int f)
{
    return present(w, f, true);
}

bool field_ident(struct row *w, int f, bool required, const char *extra, int maxlen)
{
    if (!present(w, f, required))
        return !required;
    const char *s = row_value(w, f);
    int n = (int)strlen(s);
    bool ok = n <= maxlen && isalnum((unsigned char)s[0]);
    for (int k = 1; ok && k < n; k++)
        ok = isalnum((unsigned char)s[k]) || strchr(extra, s[k]) != NULL;
    if (!ok)
        row_fail(w, f, "is not valid: use up to %d of letters, digits and %s, starting with a letter or digit",
                 maxlen, extra);
    return ok;
}

bool field_text(struct row *w, int f, bool required, int maxlen, const char **out)
{
    if (!present(w, f, required))
        return !required;
    const char *s = row_value(w, f);
    if ((int)strlen(s) > maxlen) {
        row_fail(w, f, "is longer than %d characters", maxlen);
        return false;
    }
    *out = s;
    return true;
}

bool field_money(struct row *w, int f, bool required, bool positive, money_t *out)
{
    if (!present(w, f, required))
        return !required;
    const char *why;
    money_t m;
    if (!money_parse(row_value(w, f), &m, &why)) {
        row_fail(w, f, "is not an amount: %s (write 5000000, 5000000.00, 5,000,000.00 or £5,000,000)", why);
        return false;
    }
    if (positive && m <= 0) {
        row_fail(w, f, "must be more than zero");
        return false;
    }
    *out = m;
    return true;
}

bool field_rate(struct row *w, int f, bool required, rate_t *out)
{
    if (!present(w, f, required))
        return !required;
    const char *why;
    if (!rate_parse(row_value(w, f), out, &why)) {
        row_fail(w, f, "is not a rate: %s (write a percentage such as 0.75)", why);
        return false;
    }
    return true;
}

bool field_date(struct row *w, int f, bool required, date_t *out)
{
    if (!present(w, f, required))
        return !required;
    const char *why;
    if (!date_parse(row_value(w, f), out, &why)) {
        if (strncmp(why, "is not a date", 13) == 0)
            row_fail(w, f, "%s", why);
        else
            row_fail(w, f, "is not a date: %s", why);
        return false;
    }
    return true;
}

bool field_int(struct row *w, int f, bool required, int min, int max, int *out)
{
    if (!present(w, f, required))
        return !required;
    const char *s = row_value(w, f);
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max) {
        row_fail(w, f, "is not a whole number from %d to %d", min, max);
        return false;
    }
    *out = (int)v;
    return true;
}

bool field_choice(struct row *w, int f, bool required, const char *const *names, int n, int *out)
{
    if (!present(w, f, required))
        return !required;
    const char *s = row_value(w, f);
    for (int k = 0; k < n; k++) {
        if (strcasecmp(names[k], s) == 0) { /* "EIP" is eip */
            *out = k;
            return true;
        }
    }
    char list[512] = "";
    for (int k = 0; k < n; k++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", names[k]);
    row_fail(w, f, "is not one of %s", list);
    return false;
}

bool field_blank(struct row *w, int f, const char *why)
{
    if (row_blank(w, f))
        return true;
    row_fail(w, f, "must be empty: %s", why);
    return false;
}
