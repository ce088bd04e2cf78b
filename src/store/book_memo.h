/* book_memo.h: a scope in which the same book loaded twice is read from the database once.
 *
 * A report build renders many views, each of which loads the authority's book (store/book.h);
 * between book_memo_begin and book_memo_end, book_load, book_load_at and book_load_flows keep
 * what they loaded, keyed by (connection, authority, loader, dates), and a second load with the
 * same key gets a copy of it (its own arrays, released with book_free as usual) without a query.
 * The shared universe's arrays (every counterparty, every rating) are kept the same way, by name.
 * Only for read-only work: a change written inside the scope is not seen by a later load. The
 * scope is per thread and does not nest (a second begin is ignored until the end). */
#ifndef PRUDENT_STORE_BOOK_MEMO_H
#define PRUDENT_STORE_BOOK_MEMO_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "store/book.h"

/* Start keeping loaded books (nothing kept yet). */
void book_memo_begin(void);
/* Release every kept book and stop keeping them. */
void book_memo_end(void);
/* Whether this thread is inside a scope (one that opens its own only when not: they do not nest). */
bool book_memo_active(void);

/* The loaders of store/book.c (the key's third part); BOOK_MEMO_INVESTMENTS keeps a book of
 * investments only (d1 held_at, d2 owned_at), which the whole book and every window's flows
 * share (the same rows, read once per build). */
enum book_memo_kind { BOOK_MEMO_ALL, BOOK_MEMO_AT, BOOK_MEMO_FLOWS, BOOK_MEMO_INVESTMENTS };

/* Inside a scope and kept: true with *out a copy the caller frees with book_free. Else false. */
bool book_memo_get(PGconn *c, int64_t authority_id, enum book_memo_kind kind, date_t d1, date_t d2,
                   struct book *out);
/* Inside a scope: keep a copy of b under the key (b stays the caller's). Else nothing. */
void book_memo_put(PGconn *c, int64_t authority_id, enum book_memo_kind kind, date_t d1, date_t d2,
                   const struct book *b);
/* The same, keeping b itself (no copy): the memo owns it from here, *b is left empty. Outside a
 * scope, or when the key is kept already, b is freed. */
void book_memo_put_moved(PGconn *c, int64_t authority_id, enum book_memo_kind kind, date_t d1, date_t d2,
                         struct book *b);

/* The same for one array of n elements of `size` bytes, shared by every authority, kept under
 * `what` (e.g. "ratings"): get gives a new copy *out (the caller frees it; at least one element
 * allocated, as the loaders leave it) and its length *n; put keeps a copy of p[0..n). */
bool book_memo_array_get(PGconn *c, const char *what, size_t size, void **out, int *n);
void book_memo_array_put(PGconn *c, const char *what, size_t size, const void *p, int n);

#endif
