/* known.h: reading the book as known at a moment (--as-known-at, sql/115_history.sql).
 *
 * After known_at_set, every loader on that connection reads the book's tables as they were at
 * the moment: rows entered later are invisible, rows changed later are seen as they were. How:
 * the setting prudent.as_known_at, and the schema prudent_known (views of the same names as the
 * tables) first on the search_path. Nothing is allocated; nothing to free. */
#ifndef PRUDENT_STORE_KNOWN_H
#define PRUDENT_STORE_KNOWN_H

#include <libpq-fe.h>
#include <stdbool.h>

/* Read the book as known at `moment` (ISO 8601, checked by core/moment.h first) on c: for the
 * rest of the transaction when local (the service's request), else for the rest of the session
 * (the CLI's connection). Returns 0, or -1 after printing why. */
int known_at_set(PGconn *c, const char *moment, bool local);

#endif
