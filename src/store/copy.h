/* copy.h: bulk loading rows with COPY ... FROM STDIN (text format), buffered, for imports.
 * The COPY statement is one of our constant SQL strings; the rows are data, escaped here, never
 * SQL text. Usage: copy_begin, copy_row for each row, copy_end (or copy_abort on failure). */
#ifndef PRUDENT_STORE_COPY_H
#define PRUDENT_STORE_COPY_H

#include <libpq-fe.h>
#include <stddef.h>

#include "util/strbuf.h"

struct copy_buf {
    PGconn *c;
    const char *what; /* for messages */
    struct strbuf out; /* rows queued, not yet sent; released by copy_end */
    int failed;
};

/* Start `sql` (a COPY ... FROM STDIN). Returns 0, or -1 after printing why. */
int copy_begin(struct copy_buf *b, PGconn *c, const char *what, const char *sql);
/* Queue one row of n values (NULL is SQL NULL). Returns 0 or -1. */
int copy_row(struct copy_buf *b, int n, const char *const *vals);
/* Queue data already in COPY text format (whole rows, escaped). Returns 0 or -1. */
int copy_raw(struct copy_buf *b, const char *data, size_t len);
/* Send what is left and finish. Returns 0, or -1 after printing why (e.g. a value the column
 * type refused). */
int copy_end(struct copy_buf *b);
/* The same, saying nothing: for a COPY whose failure the caller answers another way (the
 * importer's direct load, which then stages the file). Returns 0 or -1. */
int copy_end_quiet(struct copy_buf *b);
/* Abandon the COPY (PostgreSQL discards the rows sent; the transaction is then in error).
 * Returns -1. */
int copy_cancel(struct copy_buf *b);

#endif
