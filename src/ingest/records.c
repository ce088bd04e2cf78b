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

/* The line reported for a problem, into a new string the caller frees. */
static char *error_line(const char *path, int line, const char *field, const char *value, const char *msg)
{
    char where[600];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%d", path, line);
    else
        snprintf(where, sizeof where, "%s", path);
    size_t n = strlen(where) + strlen(msg) + (field ? strlen(field) + strlen(value ? value : "") : 0) + 32;
    char *out = xmalloc(n);
    if (field)
        snprintf(out, n, "prudent: %s: %s \"%s\" %s\n", where, field, value ? value : "", msg);
    else
        snprintf(out, n, "prudent: %s: %s\n", where, msg);
    return out;
}

/* Keep an error in a holding collector: its line (text) or, with text NULL, its record index,
 * field and message (msg, taken). */
static void hold_error(struct import_errors *e, char *text, int idx, int f, char *msg)
{
    if (e->nheld == e->heldcap) {
        e->heldcap = e->heldcap ? e->heldcap * 2 : 64;
        e->held = xrealloc(e->held, (unsigned long)e->heldcap * sizeof *e->held);
    }
    e->held[e->nheld++] = (struct held_error){.text = text, .idx = idx, .f = f, .msg = msg};
}

void import_error(struct import_errors *e, int line, const char *field, const char *value,
                  const char *fmt, ...)
{
    if (e->quiet)
        return;
    e->count++;
    if ((e->hold ? e->nheld : e->printed) >= IMPORT_ERRORS_SHOWN)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *text = error_line(e->path, line, field, value, msg);
    if (e->hold) {
        hold_error(e, text, -1, -1, NULL);
        return;
    }
    e->printed++;
    fputs(text, stderr);
    free(text);
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

/* How much of a CSV file is read at a time. */
#define CSV_CHUNK (64 * 1024)

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
    record_fn fn;   /* each record, as read */
    void *arg;
    int nrec;       /* records read */
    int stop;       /* fn's answer once not 0: stop reading */
    bool midline;   /* the last piece fed did not end a line */
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
    struct record r = {.line = st->rec_line};
    r.value = xcalloc((unsigned long)st->rs->nfields, sizeof *r.value);
    for (int c = 0; c < st->ncols; c++) {
        int f = st->map[c];
        if (f >= 0) {
            r.value[f] = st->fields[c];
            st->fields[c] = NULL;
        }
    }
    if (!st->header_errors && !st->stop) /* after a wrong header only the rows' shapes are checked */
        st->stop = st->fn(st->arg, st->rs, &r, st->nrec);
    st->nrec++;
    if (r.value)
        for (int f = 0; f < st->rs->nfields; f++)
            free(r.value[f]);
    free(r.value);
    free(r.lines);
    if (st->progress && st->nrec % 10000 == 0)
        progress_line(true, "reading %s: %d rows", st->rs->path, st->nrec);
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

/* Feed buf[0..len) to the parser a line at a time, so that st->line counts the lines. Returns 0,
 * or -1 on a CSV error (reported). */
static int csv_feed(struct csv_parser *p, struct csv_state *st, const char *buf, size_t len)
{
    size_t pos = 0;
    while (pos < len && !st->stop) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) + 1 : len;
        if (csv_parse(p, buf + pos, end - pos, csv_field, csv_record, st) != end - pos) {
            import_error(st->e, st->line, NULL, NULL, "not valid CSV: %s (check the quotes)",
                         csv_strerror(csv_error(p)));
            return -1;
        }
        pos = end;
        st->midline = nl == NULL;
        if (nl)
            st->line++;
    }
    return 0;
}

/* Read the CSV file f (past any byte order mark) in chunks, each record to st->fn. Returns 0,
 * -1 (reported) or -2 when fn failed. */
static int read_csv(FILE *f, struct csv_state *st)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return error("%s: cannot start the CSV reader", st->rs->path);
    char *buf = xmalloc(CSV_CHUNK);
    size_t got;
    int rc = 0;
    while (rc == 0 && !st->stop && (got = fread(buf, 1, CSV_CHUNK, f)) > 0)
        rc = csv_feed(&p, st, buf, got);
    free(buf);
    if (st->midline) /* the last line has no line end: counted as if it had */
        st->line++;
    if (rc == 0 && !st->stop && csv_fini(&p, csv_field, csv_record, st) != 0) {
        import_error(st->e, st->line - 1, NULL, NULL, "not valid CSV: %s (a quote is not closed)",
                     csv_strerror(csv_error(&p)));
        rc = -1;
    }
    if (rc == 0 && st->stop < 0)
        rc = -2;
    if (rc == 0 && !st->stop && st->header_errors)
        rc = -1;
    if (rc == 0 && !st->stop && st->ncols == 0) {
        import_error(st->e, 0, NULL, NULL, "the file is empty: it needs a header row");
        rc = -1;
    }
    for (int c = 0; c < st->nf; c++)
        free(st->fields[c]);
    free(st->fields);
    free(st->map);
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

/* The file as a whole, before any record: its size, NUL bytes, byte order mark and format
 * (JSON when its first non-blank character is '[' or '{'), read in chunks. Returns 0, or -1
 * after reporting why it cannot be read. */
static int scan_file(const char *path, struct import_errors *e, bool *json, bool *bom)
{
    FILE *f = fopen(path, "rb");
    int err = f ? 0 : errno;
    struct stat sb;
    bool big = f && fstat(fileno(f), &sb) == 0 && sb.st_size > RECORDS_MAX_BYTES;
    char *buf = xmalloc(CSV_CHUNK);
    size_t got, total = 0;
    bool nul = false, first = true, seen = false;
    *json = *bom = false;
    while (f && !big && !nul && (got = fread(buf, 1, CSV_CHUNK, f)) > 0) {
        size_t k = 0;
        if (first && got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 byte order mark */
            k = 3, *bom = true;
        first = false;
        total += got;
        big = total > RECORDS_MAX_BYTES; /* refused before it is all read */
        nul = memchr(buf + k, '\0', got - k) != NULL;
        for (; !seen && k < got; k++)
            if (!isspace((unsigned char)buf[k])) {
                seen = true;
                *json = buf[k] == '[' || buf[k] == '{';
            }
    }
    if (f && ferror(f))
        err = errno;
    bool bad = !f || ferror(f);
    free(buf);
    if (f)
        fclose(f);
    if (big)
        import_error(e, 0, NULL, NULL, "the file is larger than %d MiB: split it into smaller files",
                     RECORDS_MAX_BYTES >> 20);
    else if (bad)
        import_error(e, 0, NULL, NULL, "cannot read the file: %s", strerror(err));
    else if (nul)
        import_error(e, 0, NULL, NULL, "is not a text file (it holds NUL bytes)");
    return big || bad || nul ? -1 : 0;
}

/* Read the JSON file whole into out. Returns 0 or -1 (reported). */
static int read_json_file(const char *path, struct records *out, struct import_errors *e)
{
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) {
        import_error(e, 0, NULL, NULL, "cannot read the file: %s", strerror(errno));
        return -1;
    }
    const char *t = text;
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
        t += 3;
    int rc = read_json(t, out, e);
    free(text);
    return rc;
}

/* Read the CSV file record by record into fn. Returns as read_csv. */
static int stream_csv(const char *path, bool bom, struct records *out, struct import_errors *e, bool progress,
                      record_fn fn, void *arg)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        import_error(e, 0, NULL, NULL, "cannot read the file: %s", strerror(errno));
        return -1;
    }
    char skip[3];
    if (bom && fread(skip, 1, 3, f) != 3)
        bom = false;
    struct csv_state st = {.rs = out, .e = e, .line = 1, .progress = progress, .fn = fn, .arg = arg};
    int rc = read_csv(f, &st);
    if (rc == 0 && ferror(f)) {
        import_error(e, 0, NULL, NULL, "cannot read the file: %s", strerror(errno));
        rc = -1;
    }
    fclose(f);
    return rc;
}

/* records_read's fn: keep each record in rs (taking its values). */
static int keep_record(void *arg, const struct records *rs, struct record *rec, int idx)
{
    (void)rs;
    (void)idx;
    int *cap = arg;
    struct records *out = (struct records *)rs;
    struct record *r = new_record(out, cap, rec->line);
    free(r->value);
    r->value = rec->value;
    rec->value = NULL;
    return 0;
}

int records_read(const char *path, const struct field_def *fields, int nfields, struct records *out,
                 struct import_errors *e, bool progress)
{
    *out = (struct records){.path = path, .fields = fields, .nfields = nfields};
    bool bom;
    if (scan_file(path, e, &out->json, &bom) < 0)
        return -1;
    int cap = 0;
    int rc = out->json ? read_json_file(path, out, e) : stream_csv(path, bom, out, e, progress, keep_record, &cap);
    progress_end(progress);
    if (rc < 0) /* nothing half-read is handed back (found by tests/fuzz/fuzz_records_csv.c) */
        records_free(out);
    return rc < 0 ? -1 : 0;
}

/* Free record r's values and arrays. */
static void record_clear(struct record *r, int nfields)
{
    for (int f = 0; r->value && f < nfields; f++)
        free(r->value[f]);
    free(r->value);
    free(r->lines);
    r->value = NULL;
    r->lines = NULL;
}

/* Pass the JSON file's records, parsed whole, to fn one by one, freeing each after. */
static int stream_json(const char *path, struct records *out, struct import_errors *e, record_fn fn, void *arg)
{
    if (read_json_file(path, out, e) < 0)
        return -1;
    int rc = 0;
    for (int i = 0; i < out->n; i++) {
        if (rc == 0)
            rc = fn(arg, out, &out->rec[i], i);
        record_clear(&out->rec[i], out->nfields);
    }
    free(out->rec);
    out->rec = NULL;
    out->n = 0;
    return rc < 0 ? -2 : 0;
}

int records_stream(const char *path, const struct field_def *fields, int nfields, struct records *out,
                   struct import_errors *e, bool progress, record_fn fn, void *arg)
{
    *out = (struct records){.path = path, .fields = fields, .nfields = nfields};
    bool bom;
    if (scan_file(path, e, &out->json, &bom) < 0)
        return -1;
    int rc = out->json ? stream_json(path, out, e, fn, arg) : stream_csv(path, bom, out, e, progress, fn, arg);
    progress_end(progress);
    return rc;
}

/* ---- errors held while streaming --------------------------------------------------------- */

/* The held errors by record index still to be resolved, sorted by index. */
struct resolving {
    const struct records *rs;
    struct import_errors *held;
    int *pos; /* into held->held, by idx */
    int n;
};

static struct resolving *sort_res;
static int by_held_idx(const void *a, const void *b)
{
    const struct held_error *x = &sort_res->held->held[*(const int *)a], *y = &sort_res->held->held[*(const int *)b];
    if (x->idx != y->idx)
        return x->idx < y->idx ? -1 : 1;
    return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

/* records_stream's fn: the line and value of the held errors of record idx. */
static int resolve_record(void *arg, const struct records *rs, struct record *rec, int idx)
{
    struct resolving *x = arg;
    int lo = 0, hi = x->n;
    while (lo < hi) { /* the first held error of a record at or after idx */
        int mid = (lo + hi) / 2;
        if (x->held->held[x->pos[mid]].idx < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < x->n && x->held->held[x->pos[lo]].idx == idx; lo++) {
        struct held_error *h = &x->held->held[x->pos[lo]];
        int line = rec->lines && rec->lines[h->f] ? rec->lines[h->f] : rec->line;
        h->text = error_line(x->held->path, line, rs->fields[h->f].name, rec->value[h->f] ? rec->value[h->f] : "",
                             h->msg);
    }
    return idx >= x->held->held[x->pos[x->n - 1]].idx ? 1 : 0; /* past the last one: stop */
}

/* Find the lines and values of the errors held by record index, by reading the file again. */
static void resolve_held(const struct records *rs, struct import_errors *held)
{
    struct resolving x = {.rs = rs, .held = held};
    x.pos = xcalloc((unsigned long)held->nheld + 1, sizeof *x.pos);
    for (int i = 0; i < held->nheld; i++)
        if (!held->held[i].text)
            x.pos[x.n++] = i;
    if (x.n) {
        sort_res = &x;
        qsort(x.pos, (size_t)x.n, sizeof *x.pos, by_held_idx);
        struct import_errors quiet = {.path = rs->path, .quiet = true};
        struct records again;
        records_stream(rs->path, rs->fields, rs->nfields, &again, &quiet, false, resolve_record, &x);
    }
    for (int i = 0; i < x.n; i++) { /* the file changed meanwhile: without its line */
        struct held_error *h = &held->held[x.pos[i]];
        if (!h->text)
            h->text = error_line(held->path, 0, rs->fields[h->f].name, "", h->msg);
    }
    free(x.pos);
}

void records_error_at(const struct records *rs, int idx, int f, struct import_errors *e, const char *msg)
{
    if (!e->hold) {
        const struct record *r = &rs->rec[idx];
        int line = r->lines && r->lines[f] ? r->lines[f] : r->line;
        import_error(e, line, rs->fields[f].name, r->value[f] ? r->value[f] : "", "%s", msg);
        return;
    }
    if (e->quiet)
        return;
    e->count++;
    if (e->nheld < IMPORT_ERRORS_SHOWN)
        hold_error(e, NULL, idx, f, xstrdup(msg));
}

void records_release(const struct records *rs, struct import_errors *e, struct import_errors *held)
{
    resolve_held(rs, held);
    for (int i = 0; i < held->nheld; i++)
        if (e->printed < IMPORT_ERRORS_SHOWN) {
            fputs(held->held[i].text, stderr);
            e->printed++;
        }
    e->count += held->count;
    records_discard(held);
}

void records_discard(struct import_errors *held)
{
    for (int i = 0; i < held->nheld; i++) {
        free(held->held[i].text);
        free(held->held[i].msg);
    }
    free(held->held);
    held->held = NULL;
    held->nheld = held->heldcap = held->count = 0;
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
    return (struct row){.rs = rs, .rec = &rs->rec[i], .e = e, .ok = true, .idx = i};
}

struct row row_of(const struct records *rs, const struct record *rec, int idx, struct import_errors *e)
{
    return (struct row){.rs = rs, .rec = rec, .e = e, .ok = true, .idx = idx};
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
