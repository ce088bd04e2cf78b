/* importer.c: the all-or-nothing import engine, counterparty and settlement-account lookups (see importer.h). */
#include "ingest/importer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        x->by_code[i] = (struct cp_entry){.key = names[i].code, .code = names[i].code};
        x->by_name[i] = (struct cp_entry){.key = names[i].name, .code = names[i].code};
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

/* ---- errors for check hooks -------------------------------------------------------------- */

void import_row_error(const struct records *rs, int i, int f, struct import_errors *e,
                      const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const struct record *r = &rs->rec[i];
    int line = r->lines && r->lines[f] ? r->lines[f] : r->line;
    import_error(e, line, rs->fields[f].name, r->value[f] ? r->value[f] : "", "%s", msg);
}

/* ---- the engine ------------------------------------------------------------------------ */

struct run {
    PGconn *c;
    const struct import_spec *spec;
    void *ctx;
    const struct import_opts *o;
    struct records rs;
    struct import_errors e;
    char ***cols; /* per record: staged columns, NULL when the record was bad */
    int staged, unchanged;
    int64_t authority_id; /* 0 for shared kinds */
};

static void free_cols(struct run *r)
{
    if (!r->cols)
        return;
    for (int i = 0; i < r->rs.n; i++) {
        if (!r->cols[i])
            continue;
        for (int k = 0; k < r->spec->ncols; k++)
            free(r->cols[i][k]);
        free(r->cols[i]);
    }
    free(r->cols);
}

/* Check record i; if it is valid, keep its staged columns in r->cols[i] and return them. */
static char **check_record(struct run *r, int i)
{
    struct row w = row_start(&r->rs, i, &r->e);
    char **cols = xcalloc((unsigned long)r->spec->ncols, sizeof *cols);
    if (r->spec->validate(r->ctx, &w, cols) && w.ok) {
        r->staged++;
        return r->cols[i] = cols;
    }
    for (int k = 0; k < r->spec->ncols; k++)
        free(cols[k]);
    free(cols);
    return NULL;
}

/* Check every record and COPY each valid one into import_rows as soon as it is checked, so that
 * PostgreSQL parses one chunk while the next is checked (copy.h sends 64 KiB at a time). The
 * valid rows go on to the checks against the book even when others were bad, so that one run
 * reports every problem. */
static int check_and_stage(struct run *r)
{
    r->cols = xcalloc((unsigned long)r->rs.n + 1, sizeof *r->cols);
    struct copy_buf b;
    if (stage_copy_begin(&b, r->c, r->spec->stage) < 0)
        return -1;
    const char **vals = xcalloc((unsigned long)r->spec->ncols + 1, sizeof *vals);
    char idx[16];
    int rc = 0;
    for (int i = 0; i < r->rs.n && rc == 0; i++) {
        char **cols = check_record(r, i);
        if (r->o->progress && i % 10000 == 0)
            progress_line(true, "checking and loading %s: row %d of %d", r->rs.path, i, r->rs.n);
        if (!cols)
            continue;
        snprintf(idx, sizeof idx, "%d", i);
        vals[0] = idx;
        for (int k = 0; k < r->spec->ncols; k++)
            vals[k + 1] = cols[k];
        rc = copy_row(&b, r->spec->ncols + 1, vals);
    }
    progress_end(r->o->progress);
    free(vals);
    if (copy_end(&b) < 0 || rc < 0)
        return -1;
    if (r->spec->key_field >= 0) /* else the kind's check hook finds repeats */
        records_check_unique(&r->rs, r->spec->key_field, &r->e);
    if (r->spec->stage_more && r->spec->stage_more(r->c, r->ctx) < 0)
        return -1;
    /* Statistics for the joins that follow, when they matter: below ANALYZE_ROWS PostgreSQL's
     * estimate from the table's size picks the same plans, and ANALYZE would cost a fixed
     * 7 ms of every import (docs/performance.md). */
    if (r->rs.n <= ANALYZE_ROWS)
        return 0;
    return stage_analyze(r->c);
}

/* Compare the existing row (columns 1.. of row j) with record i's staged columns. */
static void compare_existing(struct run *r, const struct rows *res, int j, int i)
{
    char diff[2048] = "";
    for (int k = 1; k < r->spec->ncols; k++) {
        const char *old = rows_at(res, j, k);
        const char *new = r->cols[i][k];
        if ((old == NULL) == (new == NULL) && (!old || strcmp(old, new) == 0))
            continue;
        snprintf(diff + strlen(diff), sizeof diff - strlen(diff), "%s%s %s in the book, %s in the file",
                 diff[0] ? "; " : "", r->spec->col_names[k], old ? old : "(none)", new ? new : "(none)");
    }
    if (!diff[0]) {
        r->unchanged++;
        return;
    }
    char hint[256];
    snprintf(hint, sizeof hint, r->spec->amend_hint, r->cols[i][0]);
    import_row_error(&r->rs, i, r->spec->key_field >= 0 ? r->spec->key_field : 0, &r->e, "exists with different terms (%s): %s",
                     diff, hint);
}

static int check_existing(struct run *r)
{
    struct rows *res = stage_existing(r->c, r->spec->stage, r->authority_id);
    if (!res)
        return -1;
    int n = rows_count(res);
    /* report in file order */
    int *order = xcalloc((unsigned long)r->rs.n + 1, sizeof *order);
    for (int j = 0; j < n; j++) {
        int i = atoi(rows_at(res, j, 0));
        if (i >= 0 && i < r->rs.n && r->cols[i])
            order[i] = j + 1;
    }
    for (int i = 0; i < r->rs.n; i++)
        if (order[i])
            compare_existing(r, res, order[i] - 1, i);
    free(order);
    rows_free(res);
    return 0;
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
    if (fresh > IMPORT_AUDIT_ROWS_MAX) {
        cJSON *after = cJSON_CreateObject();
        cJSON_AddStringToObject(after, "kind", r->spec->kind);
        cJSON_AddStringToObject(after, "file", r->rs.path);
        cJSON_AddNumberToObject(after, "rows", r->staged);
        cJSON_AddNumberToObject(after, "new", fresh);
        cJSON_AddNumberToObject(after, "unchanged", r->unchanged);
        rc = audit_record(r->c, r->o->actor, r->authority_id, "import",
                              r->spec->kind, "import", NULL, after, "bulk import: one audit row for the file");
        cJSON_Delete(after);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* BEGIN and the kind's look-ups, then the staging table's CREATE sent off while the file is
 * read: a backend's first DDL costs PostgreSQL several milliseconds of cold catalogue caches,
 * which reading the file hides (docs/performance.md). Returns EXIT_OK with the table made and
 * r->rs read, EXIT_BAD when the file is unreadable or its header wrong (row errors would only
 * repeat it), or EXIT_DEP. */
static int open_and_read(struct run *r, const char *path)
{
    if (db_begin(r->c) < 0)
        return EXIT_DEP;
    if (r->spec->prepare && r->spec->prepare(r->c, r->ctx) < 0)
        return EXIT_DEP;
    if (stage_create_send(r->c, r->spec->stage) < 0)
        return EXIT_DEP;
    const struct import_spec *s = r->spec;
    bool read = records_read(path, s->fields, s->nfields, &r->rs, &r->e, r->o->progress) == 0;
    if (stage_create_finish(r->c) < 0 && read)
        return EXIT_DEP;
    return read ? EXIT_OK : EXIT_BAD;
}

/* Everything in the transaction after open_and_read. Returns EXIT_OK, EXIT_BAD or EXIT_DEP;
 * commits only on EXIT_OK without --dry-run. */
static int run_in_transaction(struct run *r)
{
    if (check_and_stage(r) < 0 || check_existing(r) < 0)
        return EXIT_DEP;
    if (r->spec->check && r->spec->check(r->c, r->ctx, &r->rs, &r->e) < 0)
        return EXIT_DEP;
    if (r->e.count)
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

int import_run(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o,
               const struct import_spec *spec, void *ctx)
{
    struct run r = {.c = c, .spec = spec, .ctx = ctx, .o = o, .e = {.path = path},
                    .authority_id = a ? a->id : 0};
    int rc = open_and_read(&r, path);
    if (rc == EXIT_OK)
        rc = run_in_transaction(&r);
    if (rc != EXIT_OK || o->dry_run)
        db_rollback(c);
    if (rc == EXIT_BAD)
        import_errors_close(&r.e, spec->kind);
    free_cols(&r);
    records_free(&r.rs);
    return rc;
}
