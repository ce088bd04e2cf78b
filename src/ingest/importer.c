/* importer.c: the all-or-nothing import engine, counterparty and settlement-account lookups (see importer.h). */
#include "ingest/importer.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/audit.h"
#include "store/cash.h"
#include "store/copy.h"
#include "store/db.h"
#include "store/stage.h"
#include "util/err.h"

/* ---- staged text ----------------------------------------------------------------------- */

char *stage_money(money_t m)
{
    char buf[MONEY_BUFSZ];
    return xstrdup(money_format(m, MONEY_PLAIN, buf));
}

char *stage_rate(rate_t r)
{
    char buf[RATE_BUFSZ];
    return xstrdup(rate_format(r, 6, buf));
}

char *stage_date(date_t d)
{
    char buf[DATE_BUFSZ];
    return d == DATE_NONE ? NULL : xstrdup(date_format_iso(d, buf));
}

char *stage_int(long v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%ld", v);
    return xstrdup(buf);
}

/* ---- counterparty index ---------------------------------------------------------------- */

struct cp_entry {
    char *key;
    char *code;
    int64_t id;
};

struct cp_index {
    struct cp_entry *by_code, *by_name;
    int n;
};


enum { ANALYZE_ROWS = 10000 };
static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct cp_entry *)a)->key, ((const struct cp_entry *)b)->key);
}

struct cp_index *cp_index_load(PGconn *c)
{
    struct counterparty_name *names;
    int n = stage_counterparty_names(c, &names);
    if (n < 0)
        return NULL;
    struct cp_index *x = xcalloc(1, sizeof *x);
    x->n = n;
    x->by_code = xcalloc((unsigned long)x->n + 1, sizeof *x->by_code);
    x->by_name = xcalloc((unsigned long)x->n + 1, sizeof *x->by_name);
    for (int i = 0; i < x->n; i++) { /* the strings pass to the index */
        x->by_code[i] = (struct cp_entry){.key = names[i].code, .code = names[i].code, .id = names[i].id};
        x->by_name[i] = (struct cp_entry){.key = names[i].name, .code = names[i].code, .id = names[i].id};
    }
    free(names);
    qsort(x->by_code, (size_t)x->n, sizeof *x->by_code, entry_cmp);
    qsort(x->by_name, (size_t)x->n, sizeof *x->by_name, entry_cmp);
    return x;
}

void cp_index_free(struct cp_index *x)
{
    if (!x)
        return;
    for (int i = 0; i < x->n; i++) {
        free(x->by_code[i].key);
        free(x->by_name[i].key);
    }
    free(x->by_code);
    free(x->by_name);
    free(x);
}

const char *cp_index_find(const struct cp_index *x, const char *s)
{
    struct cp_entry k = {.key = (char *)s};
    const struct cp_entry *e = bsearch(&k, x->by_code, (size_t)x->n, sizeof k, entry_cmp);
    if (!e)
        e = bsearch(&k, x->by_name, (size_t)x->n, sizeof k, entry_cmp);
    return e ? e->code : NULL;
}

int64_t cp_index_id(const struct cp_index *x, const char *code)
{
    struct cp_entry k = {.key = (char *)code};
    const struct cp_entry *e = bsearch(&k, x->by_code, (size_t)x->n, sizeof k, entry_cmp);
    return e ? e->id : 0;
}

const char *field_counterparty(struct row *w, int f, const struct cp_index *x)
{
    if (!field_required(w, f))
        return NULL;
    const char *code = cp_index_find(x, row_value(w, f));
    if (!code)
        row_fail(w, f, "is not a known counterparty code or name (import counterparties first)");
    return code;
}

/* ---- settlement accounts ------------------------------------------------------------------ */

int settle_accounts_load(PGconn *c, const struct authority *a, struct settle_accounts *out)
{
    struct bank_account *v;
    int n = cash_accounts_load(c, a->id, &v);
    *out = (struct settle_accounts){0};
    snprintf(out->authority, sizeof out->authority, "%s", a->code);
    if (n < 0)
        return -1;
    out->code = xcalloc((unsigned long)n + 1, sizeof *out->code);
    for (int i = 0; i < n; i++)
        snprintf(out->code[i], sizeof out->code[i], "%s", v[i].code);
    out->n = n;
    free(v);
    return 0;
}

int settle_accounts_for_file(PGconn *c, const struct authority *a, const char *path,
                             struct settle_accounts *out)
{
    if (file_may_name(path, "account"))
        return settle_accounts_load(c, a, out);
    *out = (struct settle_accounts){0};
    snprintf(out->authority, sizeof out->authority, "%s", a->code);
    return 0;
}

void settle_accounts_free(struct settle_accounts *s)
{
    free(s->code);
    *s = (struct settle_accounts){0};
}

const char *field_settle_account(struct row *w, int f, const struct settle_accounts *s)
{
    if (row_blank(w, f))
        return NULL;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->code[i], row_value(w, f)) == 0)
            return row_value(w, f);
    row_fail(w, f, "is not a bank account of %s (prudent accounts lists them; import accounts first)", s->authority);
    return NULL;
}

/* Whether chunk[0..len) holds name in any case (name is lower case). */
static bool holds_name(const char *chunk, size_t len, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)chunk[i + k]) == name[k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* Whether the file's first character after a byte order mark and blanks opens JSON (as
 * records.c's scan_file decides). */
static bool looks_json(const char *buf, size_t len)
{
    size_t k = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (k < len && isspace((unsigned char)buf[k]))
        k++;
    return k < len && (buf[k] == '[' || buf[k] == '{');
}

bool file_may_name(const char *path, const char *name)
{
    enum { CHUNK = 1 << 16, KEEP = 64 };
    size_t n = strlen(name);
    FILE *f = fopen(path, "rb");
    if (!f || n == 0 || n >= KEEP)
        return f ? fclose(f), true : true;
    char *buf = xmalloc(CHUNK + KEEP);
    size_t kept = 0, got;
    bool first = true, found = false;
    /* each chunk read after the last n-1 bytes of the one before, so a name across two is seen */
    while (!found && (got = fread(buf + kept, 1, CHUNK, f)) > 0) {
        found = (first && looks_json(buf, got)) || holds_name(buf, kept + got, name);
        first = false;
        size_t len = kept + got, keep = len < n - 1 ? len : n - 1;
        memmove(buf, buf + len - keep, keep);
        kept = keep;
    }
    found = found || ferror(f) || first; /* unreadable or empty: the import says why */
    free(buf);
    fclose(f);
    return found;
}

/* ---- errors for check hooks -------------------------------------------------------------- */

void import_row_error(const struct records *rs, int i, int f, struct import_errors *e,
                      const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    records_error_at(rs, i, f, e, msg);
}

/* ---- the engine ------------------------------------------------------------------------ */

/* One import. Records are streamed (records_stream): each is checked, COPYed into import_rows
 * and freed as it is read; what later steps need of the file is in PostgreSQL (import_rows,
 * and import_keys for the repeated keys), so memory does not grow with the file. */
struct run {
    PGconn *c;
    const struct import_spec *spec;
    void *ctx;
    const struct import_opts *o;
    struct records rs;        /* the file's fields and path; no records */
    struct import_errors e;   /* reading the file: printed at once */
    struct import_errors ev;  /* the records' and the checks': held, printed after e's */
    struct copy_buf b;        /* the COPY into import_rows */
    const char **vals;        /* a row for it */
    FILE *keys;               /* spool of every record's key (COPY text), NULL without a key */
    int nrec, staged, unchanged;
    int64_t authority_id;     /* 0 for shared kinds */
    bool direct;              /* the rows went straight into the book (direct_load) */
};

/* Spool record idx's key (its raw value, as bytea) with its line, for stage_repeated_keys. */
static void spool_key(struct run *r, const struct record *rec, int idx)
{
    int f = r->spec->key_field;
    const char *v = rec->value[f];
    if (!v)
        return;
    int line = rec->lines && rec->lines[f] ? rec->lines[f] : rec->line;
    fprintf(r->keys, "%d\t%d\t\\\\x", idx, line);
    static const char hex[] = "0123456789abcdef";
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        putc(hex[*p >> 4], r->keys);
        putc(hex[*p & 15], r->keys);
    }
    putc('\n', r->keys);
}

/* records_stream's fn: check record idx and, if it is valid, COPY its staged columns into
 * import_rows at once (copy.h sends 64 KiB at a time, so PostgreSQL parses one chunk while the
 * next is checked); its problems are held in r->ev. Everything is freed before returning. */
static int stage_record(void *arg, const struct records *rs, struct record *rec, int idx)
{
    struct run *r = arg;
    r->nrec = idx + 1;
    if (r->keys)
        spool_key(r, rec, idx);
    struct row w = row_of(rs, rec, idx, &r->ev);
    int ncols = r->spec->ncols, rc = 0;
    char **cols = xcalloc((unsigned long)ncols, sizeof *cols);
    if (r->spec->validate(r->ctx, &w, cols) && w.ok) {
        char num[16];
        snprintf(num, sizeof num, "%d", idx);
        r->vals[0] = num;
        for (int k = 0; k < ncols; k++)
            r->vals[k + 1] = cols[k];
        r->staged++;
        rc = copy_row(&r->b, ncols + 1, r->vals);
    }
    for (int k = 0; k < ncols; k++)
        free(cols[k]);
    free(cols);
    if (r->o->progress && idx % 10000 == 0)
        progress_line(true, "checking and loading %s: row %d", rs->path, idx);
    return rc < 0 ? -1 : 0;
}

static void repeated_key(void *arg, int idx, int first_line)
{
    struct run *r = arg;
    import_row_error(&r->rs, idx, r->spec->key_field, &r->ev,
                     "appears more than once in the file (first on line %d)", first_line);
}

/* Refuse keys repeated within the file (blank ones are not compared), from the spooled keys. */
static int check_unique(struct run *r)
{
    if (!r->keys)
        return 0; /* the kind's check hook finds repeats */
    if (fflush(r->keys) != 0 || stage_keys_load(r->c, r->keys) < 0)
        return -1;
    return stage_repeated_keys(r->c, repeated_key, r);
}

/* The rest of staging once the file is read: repeated keys, the kind's own staging, and the
 * statistics for the joins that follow when they matter (below ANALYZE_ROWS PostgreSQL's
 * estimate from the table's size picks the same plans, and ANALYZE would cost a fixed 7 ms of
 * every import: docs/performance.md). */
static int finish_staging(struct run *r)
{
    if (check_unique(r) < 0)
        return -1;
    if (r->spec->stage_more && r->spec->stage_more(r->c, r->ctx) < 0)
        return -1;
    if (r->nrec <= ANALYZE_ROWS)
        return 0;
    return stage_analyze(r->c);
}

/* Report row j of stage_differing: the book's columns against the file's. */
static void report_difference(struct run *r, const struct rows *res, int j)
{
    int n = r->spec->ncols;
    char diff[2048] = "";
    for (int k = 1; k < n; k++) {
        const char *old = rows_at(res, j, 1 + k);
        const char *new = rows_at(res, j, n + k);
        if ((old == NULL) == (new == NULL) && (!old || strcmp(old, new) == 0))
            continue;
        snprintf(diff + strlen(diff), sizeof diff - strlen(diff), "%s%s %s in the book, %s in the file",
                 diff[0] ? "; " : "", r->spec->col_names[k], old ? old : "(none)", new ? new : "(none)");
    }
    char hint[256];
    snprintf(hint, sizeof hint, r->spec->amend_hint, rows_at(res, j, 1));
    import_row_error(&r->rs, atoi(rows_at(res, j, 0)), r->spec->key_field >= 0 ? r->spec->key_field : 0, &r->ev,
                     "exists with different terms (%s): %s", diff, hint);
}

/* Rows whose key is in the book already: identical ones are unchanged, the others refused
 * (compared in PostgreSQL, which returns only those), in file order. */
static int check_existing(struct run *r)
{
    int matched = stage_matched(r->c, r->spec->stage, r->authority_id);
    struct rows *res = matched < 0 ? NULL : stage_differing(r->c, r->spec->stage, r->authority_id);
    if (!res)
        return -1;
    int n = rows_count(res);
    for (int j = 0; j < n; j++)
        report_difference(r, res, j);
    r->unchanged = matched - n;
    rows_free(res);
    return 0;
}

/* The one audit row of an import of more than IMPORT_AUDIT_ROWS_MAX new rows. */
static int audit_bulk(struct run *r, int fresh)
{
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "kind", r->spec->kind);
    cJSON_AddStringToObject(after, "file", r->rs.path);
    cJSON_AddNumberToObject(after, "rows", r->staged);
    cJSON_AddNumberToObject(after, "new", fresh);
    cJSON_AddNumberToObject(after, "unchanged", r->unchanged);
    int rc = audit_record(r->c, r->o->actor, r->authority_id, "import", r->spec->kind, "import", NULL, after,
                          "bulk import: one audit row for the file");
    cJSON_Delete(after);
    return rc < 0 ? -1 : 0;
}

static int insert_rows(struct run *r, int fresh)
{
    int inserted;
    int rc = stage_insert(r->c, r->spec->stage, r->o->actor, fresh <= IMPORT_AUDIT_ROWS_MAX, r->authority_id,
                          &inserted);
    /* The insert skips the refs already in the book; one booked since (a deal, or another import
     * of the same file) breaks the unique key and the whole import rolls back. No ON CONFLICT
     * clause: its arbiter cost about 5 ms a file (docs/performance.md). */
    if (rc > 0)
        return error("%s: the book changed while importing: run it again", r->rs.path);
    if (rc < 0)
        return -1;
    if (inserted != fresh)
        return error("%s: the book changed while importing (%d rows inserted, %d expected): run it again",
                     r->rs.path, inserted, fresh);
    return fresh > IMPORT_AUDIT_ROWS_MAX ? audit_bulk(r, fresh) : 0;
}

/* ---- the direct load ----------------------------------------------------------------------- */

/* A first import into an authority's empty book COPYs its checked rows straight into the table
 * (store/stage.h): nothing in the book to compare with, and the table's unique key and foreign
 * keys judge every row as the insert would. Any doubt (a row the checks refuse, a key repeated
 * in the file, a constraint, a file of at most IMPORT_AUDIT_ROWS_MAX rows, which audits each
 * row) goes back to the savepoint and the file is staged as always, which names every problem.
 * A file smaller than this cannot hold more than IMPORT_AUDIT_ROWS_MAX rows: it is staged
 * without trying. */
#define DIRECT_MIN_BYTES ((long long)IMPORT_AUDIT_ROWS_MAX * 24)

struct direct {
    struct run *r;
    struct copy_buf b;
    struct import_errors ev; /* held, then discarded: the staged run reports */
    const char **vals;
    char auth[24];
    int n;
    bool refused;
};

/* records_stream's fn for the direct load: check record idx and COPY it, or stop at the first
 * row that cannot go direct. */
static int direct_record(void *arg, const struct records *rs, struct record *rec, int idx)
{
    struct direct *d = arg;
    const struct import_spec *s = d->r->spec;
    struct row w = row_of(rs, rec, idx, &d->ev);
    char **cols = xcalloc((unsigned long)s->ncols, sizeof *cols);
    char buf[DIRECT_BUFSZ];
    int rc = 0;
    if (s->validate(d->r->ctx, &w, cols) && w.ok && s->direct_row(d->r->ctx, cols, d->vals + 3, buf) == 0) {
        d->n++;
        rc = copy_row(&d->b, s->ndirect + 3, d->vals) < 0 ? -1 : 0;
    } else {
        d->refused = true;
        rc = 1;
    }
    for (int k = 0; k < s->ncols; k++)
        free(cols[k]);
    free(cols);
    if (rc == 0 && d->r->o->progress && idx % 10000 == 0)
        progress_line(true, "checking and loading %s: row %d", rs->path, idx);
    return rc;
}

/* Whether this import may try the direct load: 1, 0, or -1 on a database failure. */
static int direct_possible(struct run *r, const char *path)
{
    const struct import_spec *s = r->spec;
    struct stat st;
    if (!s->direct_row || s->check || s->stage_more || r->o->dry_run || !r->authority_id ||
        stat(path, &st) != 0 || (long long)st.st_size < DIRECT_MIN_BYTES)
        return 0;
    return stage_direct_possible(r->c, s->stage, r->authority_id);
}

/* Try the direct load inside the transaction (the kind's look-ups prepared). Returns 1 when
 * every row is in the book (r->staged of them), 0 when nothing was written and the file must be
 * staged, -1 on a database failure. */
static int direct_load(struct run *r, const char *path)
{
    int ok = direct_possible(r, path);
    if (ok <= 0)
        return ok;
    if (stage_savepoint(r->c) < 0)
        return -1;
    struct direct d = {.r = r, .ev = {.path = path, .hold = true}};
    struct import_errors e = {.path = path, .hold = true};
    snprintf(d.auth, sizeof d.auth, "%lld", (long long)r->authority_id);
    d.vals = xcalloc((unsigned long)r->spec->ndirect + 3, sizeof *d.vals);
    d.vals[0] = d.auth, d.vals[1] = r->o->actor, d.vals[2] = "import";
    int rc = -1;
    if (stage_direct_begin(&d.b, r->c, r->spec->stage) == 0) {
        struct records rs;
        int read = records_stream(path, r->spec->fields, r->spec->nfields, &rs, &e, false, direct_record, &d);
        progress_end(r->o->progress);
        bool whole = read == 0 && !d.refused && e.count == 0 && d.ev.count == 0;
        int end = whole ? copy_end_quiet(&d.b) : copy_cancel(&d.b);
        rc = end == 0 && d.n > IMPORT_AUDIT_ROWS_MAX ? 1 : 0;
    }
    records_discard(&d.ev);
    records_discard(&e);
    free(d.vals);
    if (rc == 1 && stage_direct_end(r->c) < 0)
        return -1;
    if (rc == 1) {
        r->staged = r->nrec = d.n;
        r->direct = true;
        return 1;
    }
    return stage_rollback_to_savepoint(r->c) < 0 ? -1 : 0;
}

/* With PRUDENT_DEBUG_IMPORT set, which way the rows went, on stderr ("prudent: rows loaded
 * direct" or "prudent: rows staged"): what tests/e2e/test_import_direct.sh looks at. */
static void report_path(const struct run *r)
{
    if (getenv("PRUDENT_DEBUG_IMPORT"))
        fprintf(stderr, "prudent: rows %s\n", r->direct ? "loaded direct" : "staged");
}

/* The direct load's end: its audit row, the commit and the summary. */
static int finish_direct(struct run *r)
{
    if (audit_bulk(r, r->staged) < 0 || db_commit(r->c) < 0)
        return EXIT_DEP;
    printf("imported %d %s: %d new, 0 unchanged\n", r->staged, r->spec->kind, r->staged);
    return EXIT_OK;
}

/* BEGIN, the kind's look-ups and import_rows, then the file streamed into it (stage_record).
 * Returns EXIT_OK with the valid rows staged (the records' problems held in r->ev) or, for a
 * first import, already in the book (r->direct, direct_load), EXIT_BAD
 * when the file is unreadable or its header wrong (row errors would only repeat it), or
 * EXIT_DEP. */
static int open_and_read(struct run *r, const char *path)
{
    const struct import_spec *s = r->spec;
    if (db_begin(r->c) < 0)
        return EXIT_DEP;
    if (s->prepare && s->prepare(r->c, r->ctx) < 0)
        return EXIT_DEP;
    int direct = direct_load(r, path);
    if (direct != 0)
        return direct > 0 ? EXIT_OK : EXIT_DEP;
    if (stage_create_send(r->c, s->stage) < 0 || stage_create_finish(r->c) < 0)
        return EXIT_DEP;
    if (s->key_field >= 0 && !(r->keys = tmpfile()))
        return error("%s: cannot make a temporary file for the keys", path), EXIT_DEP;
    if (stage_copy_begin(&r->b, r->c, s->stage) < 0)
        return EXIT_DEP;
    r->vals = xcalloc((unsigned long)s->ncols + 1, sizeof *r->vals);
    int rc = records_stream(path, s->fields, s->nfields, &r->rs, &r->e, false, stage_record, r);
    progress_end(r->o->progress);
    if (copy_end(&r->b) < 0 || rc == -2)
        return EXIT_DEP;
    return rc < 0 ? EXIT_BAD : EXIT_OK;
}

/* Everything in the transaction after open_and_read. Returns EXIT_OK, EXIT_BAD or EXIT_DEP;
 * commits only on EXIT_OK without --dry-run. */
static int run_in_transaction(struct run *r)
{
    if (r->direct)
        return finish_direct(r);
    if (finish_staging(r) < 0 || check_existing(r) < 0)
        return EXIT_DEP;
    if (r->spec->check && r->spec->check(r->c, r->ctx, &r->rs, &r->ev) < 0)
        return EXIT_DEP;
    if (r->e.count || r->ev.count)
        return EXIT_BAD;
    int fresh = r->staged - r->unchanged;
    if (r->o->dry_run) {
        printf("dry run: %d %s valid: %d new, %d unchanged; nothing written\n", r->staged,
               r->spec->kind, fresh, r->unchanged);
        return EXIT_OK;
    }
    if (r->o->progress)
        progress_line(true, "writing %d %s", fresh, r->spec->kind);
    int rc = insert_rows(r, fresh);
    progress_end(r->o->progress);
    if (rc < 0 || db_commit(r->c) < 0)
        return EXIT_DEP;
    printf("imported %d %s: %d new, %d unchanged\n", r->staged, r->spec->kind, fresh, r->unchanged);
    return EXIT_OK;
}

/* Print the run's problems (the file's reading, then the records' and the checks', unless the
 * file could not be read) and the closing line. */
static void report_errors(struct run *r, bool read)
{
    if (read)
        records_release(&r->rs, &r->e, &r->ev);
    records_discard(&r->ev);
    import_errors_close(&r->e, r->spec->kind);
}

/* With PRUDENT_DEBUG_MEMORY set, the process's peak resident set so far (VmHWM), on stderr: what
 * tests/e2e/test_import_memory.sh bounds. */
static void report_peak_memory(void)
{
    if (!getenv("PRUDENT_DEBUG_MEMORY"))
        return;
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            fprintf(stderr, "prudent: peak memory: %ld kB\n", strtol(line + 6, NULL, 10));
    if (f)
        fclose(f);
}

int import_run(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o,
               const struct import_spec *spec, void *ctx)
{
    struct run r = {.c = c, .spec = spec, .ctx = ctx, .o = o, .e = {.path = path},
                    .ev = {.path = path, .hold = true}, .authority_id = a ? a->id : 0,
                    .rs = {.path = path, .fields = spec->fields, .nfields = spec->nfields}};
    int rc = open_and_read(&r, path);
    bool read = rc == EXIT_OK;
    report_path(&r);
    if (rc == EXIT_OK)
        rc = run_in_transaction(&r);
    if (rc != EXIT_OK || o->dry_run)
        db_rollback(c);
    if (rc == EXIT_BAD)
        report_errors(&r, read);
    records_discard(&r.ev);
    free(r.vals);
    if (r.keys)
        fclose(r.keys);
    report_peak_memory();
    return rc;
}
