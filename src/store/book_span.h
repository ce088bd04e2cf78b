/* book_span.h: an authority's book over its whole history, loaded once, from which its book at
 * ANY date is derived in memory: the same rows in the same order with the same balances as
 * book_load_at (store/book.h) reads from the database for that date, except the loans (below).
 *
 * The service keeps spans between requests (service/asat_cache.h) so that a portfolio or limits
 * request at a past date is computed without a query (docs/performance.md "As-at from the
 * service's memory (session 10)").
 *
 * What a span holds:
 * - every investment the authority ever held (not cancelled), in book_load_at's order (ORDER BY
 *   ref in the database: its collation, not strcmp), each with the days it held it: from
 *   held_from (a merger moved it in; DATE_NONE: from the first) to the day before held_until (a
 *   merger moved it out; DATE_NONE: still held). A holding moved in carries the transfer's ref
 *   and settlement account, as book_load_at gives it.
 * - for each holding with movements (its own rows and, for a holding moved in, every row of it,
 *   as movements_load_net adds them up), one point per date it moved: the net change up to the
 *   end of that date and the latest valuation then. The net movement at any date is then one
 *   binary search.
 * - the merger windows (struct held_window) as book_load_at loads them.
 * The loans are not held: book_span_at gives none (neither portfolio nor limits reads them).
 *
 * Ownership: book_span_load fills *out with arrays it owns; release with book_span_free.
 * book_span_at fills a struct book of its own arrays (release with book_free) whose
 * counterparties are borrowed (cps_borrowed) from the caller's universe. */
#ifndef PRUDENT_STORE_BOOK_SPAN_H
#define PRUDENT_STORE_BOOK_SPAN_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "store/book.h"

/* One date a holding moved: what its movements up to the end of that date add up to. */
struct span_point {
    date_t date;
    date_t value_date; /* the latest valuation on or before date; DATE_NONE: none yet */
    money_t net;       /* deposits + interest - withdrawals - repayments up to date */
    money_t value;     /* that valuation's amount */
};

/* A holding's points: points[first .. first + n), by date. */
struct span_run {
    int64_t investment_id;
    int first, n;
};

struct book_span {
    struct investment *inv; /* every investment ever held, by ref (the database's order) */
    date_t *held_from;      /* parallel to inv: held on D when held_from <= D (DATE_NONE: always) */
    date_t *held_until;     /* ... and D < held_until (DATE_NONE: always) */
    int ninv;
    struct span_run *runs;  /* by investment id */
    int nruns;
    struct span_point *points;
    int npoints;
    struct held_window *windows;
    int nwindows;
    int *run_of;            /* parallel to inv: the index of its run in runs, or -1 (none moved);
                               NULL until book_span_index */
    /* The investments that can be current (not cancelled, started, not matured) on a day of
     * each window of SPAN_WINDOW_DAYS days from window0: window w's are cur[cur_first[w] ..
     * cur_first[w + 1]) (indices into inv, ascending); the last window's include every one still
     * open. NULL until book_span_index. */
    int *cur_first, *cur;
    int nwindows_cur;
    date_t window0;
};

#define SPAN_WINDOW_DAYS 32

/* Load the span of authority_id on c (in the caller's transaction, under its role and scope).
 * Returns 0, or -1 after printing why (nothing left to free). */
int book_span_load(PGconn *c, int64_t authority_id, struct book_span *out);
/* Index s once after loading it (the service does, service/asat_cache.c): each investment's run,
 * so that book_span_at finds an account's movements at a date without sorting them and searching
 * for each account, and the investments that can be current in each window of days, so that
 * book_span_current_at looks at those alone. Leaves s->run_of NULL (book_span_at then sorts and
 * searches, the same answer) when the runs are not in strictly ascending investment id order. */
void book_span_index(struct book_span *s);
/* The book at `at` derived from s (see above), with cps[0..ncps) borrowed as its counterparties:
 * book_load_at's investments (each account at its balance then, the empty ones left out), net
 * movements and windows. Returns 0, or -1 when a balance overflows (nothing left to free). */
int book_span_at(const struct book_span *s, struct counterparty *cps, int ncps, date_t at, struct book *out);
/* book_span_at with only the investments held (outstanding) at `at`: of the book, what the
 * portfolio and the lending list at `at` read, no more (they pass over the others): the same
 * answers from a book of a few hundred investments instead of every one of ten years. The
 * service's as-at answers use it (service/asat_cache.c); nothing else may assume the book whole. */
int book_span_current_at(const struct book_span *s, struct counterparty *cps, int ncps, date_t at, struct book *out);
/* The bytes s holds (its arrays). */
size_t book_span_bytes(const struct book_span *s);
void book_span_free(struct book_span *s);

#endif
