/* lending.h: loading what the lending list needs from PostgreSQL (the book, every rating action,
 * the authority's officer actions and strategy versions) into core/lending.h's input.
 *
 * Ownership: lending_load fills a struct lending_book whose arrays belong to it; in.* points into
 * them. Release everything with lending_book_free. */
#ifndef PRUDENT_STORE_LENDING_H
#define PRUDENT_STORE_LENDING_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/lending.h"
#include "store/book.h"

/* What every authority shares: the counterparties (ordered by code), every rating action
 * (ordered by counterparty) and the look-ups over them. Loaded once for a recompute of many
 * authorities, or kept by the service's cache (service/lending_cache.h). */
struct universe {
    struct counterparty *cps;
    int ncps;
    struct rating_action *ratings;
    int nratings;
    struct lending_index index;
};

struct lending_book {
    struct book book;
    struct rating_action *ratings;
    int nratings;
    bool shared;                 /* cps and ratings borrowed from a universe (lending_load_with) */
    struct officer_action *actions;
    int nactions;
    struct strategy *strategies; /* every version, oldest first */
    int nstrategies;
    struct lending_input in; /* views of the arrays above, ready for core/lending.h */
    struct lending_index *own_index; /* lending_load(_at): the look-ups over book.cps, in.index */
};

/* Load everything for one authority. Returns 0, or -1 after printing why. */
int lending_load(PGconn *c, int64_t authority_id, struct lending_book *out);
/* lending_load with every account at its balance at as_of, the empty ones left out
 * (store/book.h book_load_at). */
int lending_load_at(PGconn *c, int64_t authority_id, date_t as_of, struct lending_book *out);
void lending_book_free(struct lending_book *b);

/* Load the universe. Returns 0, or -1 after printing why. Release with universe_free. */
int universe_load(PGconn *c, struct universe *u);
void universe_free(struct universe *u);
/* A part of the universe, for a ratings import's O(affected deals) path (service/rating_reach.h):
 * universe_load_counterparties loads the counterparties and the look-ups, no rating;
 * universe_load_part then (again) the rating actions of the counterparties ids[0..n) only, in
 * universe_load's order. Each returns 0, or -1 after printing why; universe_free releases. */
int universe_load_counterparties(PGconn *c, struct universe *u);
int universe_load_part(PGconn *c, const int64_t *ids, int n, struct universe *u);
/* lending_load_with (loans included) for the authorities ids[0..n-1] at once, into
 * out[0..n-1]: four queries in all. Returns 0 or -1 (then nothing is left to free). */
int lending_load_many(PGconn *c, const int64_t *ids, int n, const struct universe *u, date_t held_at,
                      struct lending_book *out);
/* The rest of lending_load_many for books already loaded (books[k] for ids[k], each moved into
 * out[k], which owns it from then on, even on failure): officer actions and strategies, two
 * queries in all. Returns 0 or -1 (then nothing is left to free). */
int lending_load_rules(PGconn *c, const int64_t *ids, int n, const struct universe *u, struct book *books,
                       struct lending_book *out);
/* Load one authority's part (deals, loans when `loans`, officer actions, strategies), borrowing
 * the counterparties and ratings of u, which must outlive *out; held_at: see book_load_with.
 * Returns 0 or -1. */
int lending_load_with(PGconn *c, int64_t authority_id, const struct universe *u, bool loans, date_t held_at,
                      struct lending_book *out);

/* The committed versions (sql/065_change_versions.sql) of the universe and of one authority, as
 * a caller read them (the service reads them in its authentication query: store/user.h); the
 * check cache (service/lending_cache.h) reuses what it loaded at exactly those versions. */
struct data_versions {
    bool known;
    int64_t universe, authority;
};
/* Read the committed versions of the universe (*uv) and of the authority (*av), 0 for one never
 * changed. Returns 0, or -1 after printing why. */
int lending_versions(PGconn *c, int64_t authority_id, int64_t *uv, int64_t *av);

/* A read-only REPEATABLE READ transaction, so that versions and rows loaded in it agree:
 * lending_snapshot_begin opens it, lending_snapshot_end commits it (db_rollback on failure).
 * Each returns 0, or -1 after printing why. */
int lending_snapshot_begin(PGconn *c);
int lending_snapshot_end(PGconn *c);

/* The counterparty with this code (exact) or name (exact), or NULL. Borrowed from the book. */
const struct counterparty *lending_find_counterparty(const struct lending_book *b, const char *code);

#endif
