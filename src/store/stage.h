/* stage.h: the book imports' staging tables and the statements over them (ingest/importer.h
 * runs them, in its transaction). Each kind stages its valid rows by COPY into a temporary
 * table import_rows (idx int: the record's index in the file, then the kind's columns as
 * canonical text, column 1 being the key: code or ref), dropped at commit; loans also stage
 * their instalments in import_instalments. Then: the rows whose key is in the book already, the
 * kind's own checks, and the set-based insert with its audit rows. Also the counterparties'
 * codes and names, for the imports' look-ups. */
#ifndef PRUDENT_STORE_STAGE_H
#define PRUDENT_STORE_STAGE_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "store/copy.h"
#include "store/rows.h"

enum stage_kind {
    STAGE_COUNTERPARTIES, /* shared: no authority */
    STAGE_INVESTMENTS,    /* per authority */
    STAGE_LOANS,          /* per authority, with instalments */
    STAGE_MOVEMENTS,      /* per authority: accounts' movements, keyed by every column */
};

/* Send the CREATE of kind's import_rows (db_send: PostgreSQL makes it while the caller reads
 * the file; nothing else may use c until stage_create_finish). Both return 0, or -1 after
 * printing why. */
int stage_create_send(PGconn *c, enum stage_kind k);
int stage_create_finish(PGconn *c);
/* Start the COPY into kind's import_rows: (idx, then the kind's columns) per copy_row. */
int stage_copy_begin(struct copy_buf *b, PGconn *c, enum stage_kind k);
/* ANALYZE import_rows (worth it only for large files). Returns 0 or -1 (printed). */
int stage_analyze(PGconn *c);

/* The direct load (docs/performance.md, issue 23): a first import into an authority's empty book
 * COPYs the checked rows straight into the kind's table, with no staging table, comparison or
 * INSERT ... SELECT; the table's own constraints (the unique (authority, ref) key, the foreign
 * keys) still judge every row, and any failure goes back to the savepoint and stages the file.
 * stage_direct_possible: 1 when kind k has a direct load, authority_id holds none of its rows
 * and row-level security does not apply to this role (COPY FROM refuses it), else 0; -1 on
 * error. stage_direct_begin: COPY into investments (authority_id, booked_by, source, ref, type,
 * counterparty_id, principal, rate, start_date, maturity_date, notice_days,
 * settlement_account). */
int stage_direct_possible(PGconn *c, enum stage_kind k, int64_t authority_id);
int stage_direct_begin(struct copy_buf *b, PGconn *c, enum stage_kind k);
/* After a direct COPY that succeeded: the planner's settings back (stage_direct_begin). */
int stage_direct_end(PGconn *c);
int stage_savepoint(PGconn *c);
int stage_rollback_to_savepoint(PGconn *c);

/* The number of staged rows whose key the book (of authority_id, for a per-authority kind)
 * holds already, or -1 after printing why. */
int stage_matched(PGconn *c, enum stage_kind k, int64_t authority_id);
/* Of those, the rows whose other columns differ from the book's, in idx order: column 0 their
 * idx, 1 the key, then the book's values of the kind's columns 1..n-1 in the staged canonical
 * text (NULL where none), then the file's. A new struct rows the caller frees (read with
 * rows_at), or NULL after printing why. */
struct rows *stage_differing(PGconn *c, enum stage_kind k, int64_t authority_id);

/* The keys of every record of the file, valid or not, for the check of keys repeated within
 * it: create import_keys (idx int, line int, key bytea) and COPY into it the spool, rows in
 * COPY text format (the key as \\x and hex digits). Returns 0, or -1 after printing why. */
int stage_keys_load(PGconn *c, FILE *spool);
/* fn(arg, idx, first_line) for each key of import_keys that an earlier row has too (first_line:
 * that first row's line), in idx order. Returns 0 or -1 (printed). */
int stage_repeated_keys(PGconn *c, void (*fn)(void *arg, int idx, int first_line), void *arg);

/* Insert the staged rows whose key is not in the book, ordered by idx, with their audit rows
 * (one per inserted row when audit_rows, else none: the caller writes one for the file) by
 * actor; loans with their instalments. The count inserted goes to *inserted (-1 when the
 * statement answered no count). Returns 0; 1 when a key was booked meanwhile (a unique
 * violation: the caller's transaction is then failed); -1 on any other failure. Both
 * printed. */
int stage_insert(PGconn *c, enum stage_kind k, const char *actor, bool audit_rows, int64_t authority_id,
                 int *inserted);

/* Loans: create import_instalments and start the COPY into it: (idx, seq, due_date,
 * principal, interest, balance_after) per copy_row. Return 0, or -1 after printing why. */
int stage_instalments_create(PGconn *c);
int stage_instalments_copy_begin(struct copy_buf *b, PGconn *c);

/* Counterparties: fn(arg, idx, code) for each staged row whose name is already another
 * counterparty's (code: that one's), in idx order. Returns 0 or -1 (printed). */
int stage_name_clashes(PGconn *c, void (*fn)(void *arg, int idx, const char *code), void *arg);
/* Counterparties: fn(arg, idx, NULL) for each staged row whose group is the code of no
 * counterparty in the file or the book, in idx order. Returns 0 or -1 (printed). */
int stage_unknown_groups(PGconn *c, void (*fn)(void *arg, int idx, const char *code), void *arg);

/* Every counterparty's code and name, into a new array *out of the count returned (-1 after
 * printing why): the caller frees each string and the array. */
struct counterparty_name {
    char *code, *name;
    int64_t id;
};
int stage_counterparty_names(PGconn *c, struct counterparty_name **out);

#endif
