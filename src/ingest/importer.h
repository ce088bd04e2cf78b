/* importer.h: the all-or-nothing engine shared by the book's import kinds (counterparties,
 * investments, loans), built on ingest/records.h and store/copy.h.
 *
 * A kind describes itself in a struct import_spec: its fields, how to validate one record into
 * staged text columns (canonical forms: ISO dates, money "5000000.00", rates "4.500000"), and
 * its staging statements in store (store/stage.h: a temporary table import_rows of idx int,
 * then the staged columns, column 0 being the key: code or ref). The engine then, in one
 * transaction:
 *   1-2. streams the file (records_stream): validates each record as it is read, collecting
 *      every error, COPYs each valid one into import_rows and spools every record's key, then
 *      frees it, so memory does not grow with the file (docs/performance.md "The importer's
 *      memory"; a kind's validate hook sees one record at a time, w->idx its index);
 *   3. refuses keys repeated within the file (in SQL, over the spooled keys: import_keys);
 *   4. compares rows whose key exists already, in SQL: identical ones are unchanged, different
 *      ones are refused with the difference shown (and how to amend);
 *   5. runs the kind's own checks against the database (check hook);
 *   6. stops here, rolling back, on any error (exit 2) or for --dry-run;
 *   7. inserts the new rows set-based (INSERT ... SELECT, skipping keys in the book; a key
 *      booked meanwhile breaks the unique constraint and rolls it all back) and writes
 *      the audit trail in the same statement: one audit row per inserted row, or, above
 *      IMPORT_AUDIT_ROWS_MAX new rows, one audit row for the whole import with its counts;
 *   8. commits and prints "imported N KIND: X new, Y unchanged".
 * A first import of more than IMPORT_AUDIT_ROWS_MAX rows into an authority holding none of a
 * kind with a direct_row hook (investments) first tries the direct load instead of 1-7: the
 * checked rows COPYed into the table itself (store/stage.h stage_direct_*); any problem rolls
 * back to a savepoint and the steps above run as written (docs/performance.md, issue 23).
 * Nothing is returned to own: everything the engine allocates it frees. */
#ifndef PRUDENT_INGEST_IMPORTER_H
#define PRUDENT_INGEST_IMPORTER_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "core/book.h"
#include "ingest/import.h"
#include "ingest/records.h"
#include "store/stage.h"

#define IMPORT_AUDIT_ROWS_MAX 1000

struct import_spec {
    const char *kind;   /* "investments": messages and the summary */
    const char *entity; /* "investment": the audit trail */
    const struct field_def *fields;
    int nfields;
    int key_field;               /* field index of the key (code or ref); -1 when the key is the whole
                                  * row (movements): the check hook then refuses repeats */
    int ncols;                   /* staged columns; column 0 is the key */
    const char *const *col_names; /* their names, for differences */
    /* How to change an existing row, with %s for the key (e.g. "amend it with `prudent deal
     * amend %s`"). */
    const char *amend_hint;
    /* Its staging table and statements: creating and loading import_rows, the rows already in
     * the book, and the insert with its audit rows (store/stage.h). */
    enum stage_kind stage;
    /* Optional: called once inside the transaction before validation (load lookups). */
    int (*prepare)(PGconn *c, void *ctx);
    /* Validate record w into cols[0..ncols-1] (strings the engine frees; NULL for SQL NULL).
     * Report problems through the field_* helpers; return w->ok. */
    bool (*validate)(void *ctx, struct row *w, char **cols);
    /* Optional: after import_rows is loaded, more staging (e.g. loan instalments). */
    int (*stage_more)(PGconn *c, void *ctx);
    /* Optional: checks against the database, reporting into e by record index (via
     * import_row_error). rs holds no records (they were freed as read): the line and value of
     * each error are found by reading the file again at the end, and errors print in the order
     * reported, after the records' own. Returns 0, or -1 on a database failure. */
    int (*check)(PGconn *c, void *ctx, const struct records *rs, struct import_errors *e);
    /* Optional: the direct load of a first import (store/stage.h stage_direct_*; kinds with no
     * check or stage_more hook). Fills vals[0..ndirect-1], the direct COPY's columns after the
     * authority, actor and source, from a valid record's cols: pointers into cols or into buf
     * (DIRECT_BUFSZ bytes), valid until the next call. Returns 0, or -1 when the row cannot go
     * direct (the file is then staged). */
    int ndirect;
    int (*direct_row)(void *ctx, char *const *cols, const char **vals, char *buf);
};

enum { DIRECT_BUFSZ = 64 };

/* Run an import of this spec (see above). a is NULL for shared kinds. Returns EXIT_OK, EXIT_BAD
 * or EXIT_DEP. */
int import_run(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o,
               const struct import_spec *spec, void *ctx);

/* Report an error for record i of rs, field f (for check hooks; see records_error_at). */
void import_row_error(const struct records *rs, int i, int f, struct import_errors *e,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Counterparties of the shared universe, looked up by code or exact name (for investments and
 * loans). */
struct cp_index;
/* Load them all. Returns a new index the caller frees with cp_index_free, or NULL. */
struct cp_index *cp_index_load(PGconn *c);
void cp_index_free(struct cp_index *x);
/* The code of the counterparty whose code, or else whose exact name, is s; NULL when none.
 * Borrowed from the index. */
const char *cp_index_find(const struct cp_index *x, const char *s);
/* The id of the counterparty whose code is code, or 0. */
int64_t cp_index_id(const struct cp_index *x, const char *code);

/* A field naming a counterparty: validates it and returns its code (borrowed) or NULL. */
const char *field_counterparty(struct row *w, int f, const struct cp_index *x);

/* The authority's bank accounts, for a field naming the account a deal's or loan's cash settles
 * in (sql/235). */
struct settle_accounts {
    char (*code)[CODE_MAX];
    int n;
    char authority[CODE_MAX];
};
/* Load the authority's current accounts' codes into *out (settle_accounts_free). 0 or -1. */
int settle_accounts_load(PGconn *c, const struct authority *a, struct settle_accounts *out);
void settle_accounts_free(struct settle_accounts *s);
/* settle_accounts_load when the file at path may have an account column (file_may_name),
 * else an empty list: no row of it can name an account. 0 or -1. */
int settle_accounts_for_file(PGconn *c, const struct authority *a, const char *path,
                             struct settle_accounts *out);
/* Whether the file at path may give a value to the field named name: false only for a CSV file
 * whose text holds the name nowhere (in any case), so its header has no such column; true for a
 * JSON file (a key may be escaped), an unreadable one, or any mention. What an import reads to
 * skip a look-up no row can use (settle_accounts_load for a file without an account column). */
bool file_may_name(const char *path, const char *name);
/* An optional field naming one of them: its value, or NULL when blank or not an account of the
 * authority (reported). Borrowed from the row. */
const char *field_settle_account(struct row *w, int f, const struct settle_accounts *s);

/* Canonical staged text: money "5000000.00", rate "4.500000", date "2018-03-31", int. Each
 * returns a new string. */
char *stage_money(money_t m);
char *stage_rate(rate_t r);
char *stage_date(date_t d); /* NULL for DATE_NONE */
char *stage_int(long v);

#endif
