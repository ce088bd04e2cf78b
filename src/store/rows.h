/* rows.h: a store listing's answer as read-only text rows, for the layers above store, which
 * never see a libpq result. A listing function (authority_rows, user_rows, audit_entries ...)
 * returns a new struct rows the caller owns and releases with rows_free; the strings the
 * accessors return belong to it and live until then. Values are PostgreSQL's text forms
 * (booleans "t" and "f"). */
#ifndef PRUDENT_STORE_ROWS_H
#define PRUDENT_STORE_ROWS_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

struct rows;

/* The number of rows (0 for NULL). */
int rows_count(const struct rows *r);
/* Row i's value of column col: "" for SQL NULL or a column the listing does not have. */
const char *rows_get(const struct rows *r, int i, const char *col);
/* Whether row i's value of column col is SQL NULL (true for a column it does not have). */
bool rows_isnull(const struct rows *r, int i, const char *col);
/* Row i's value of column col as an integer (0 for NULL). */
int64_t rows_int(const struct rows *r, int i, const char *col);
/* Row i's value of column col, or NULL for SQL NULL: for listings of optional fields. */
const char *rows_text(const struct rows *r, int i, const char *col);
/* Row i's value of column number k (from 0), or NULL for SQL NULL. */
const char *rows_at(const struct rows *r, int i, int k);
/* Release r (NULL is fine). */
void rows_free(struct rows *r);

/* For store files only: the rows of res, which the new struct takes over (NULL gives NULL). */
struct rows *rows_of(PGresult *res);

#endif
