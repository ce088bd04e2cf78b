/* book_span.c: an authority's book at any date derived in memory from its span (store/book_span.h):
 * no query; the span itself is loaded by store/book.c (book_span_load), beside the queries of
 * book_load_at that it mirrors. */
#include "store/book_span.h"

#include <stdlib.h>
#include <string.h>

#include "core/balance.h"
#include "util/err.h"

/* Whether the authority held s->inv[i] on `at` (a merger's window, MOVED_OUT of store/book.c). */
static bool held_on(const struct book_span *s, int i, date_t at)
{
    return (s->held_from[i] == DATE_NONE || s->held_from[i] <= at) &&
           (s->held_until[i] == DATE_NONE || at < s->held_until[i]);
}

/* The last point of run r dated on or before `at`, or NULL when it moved only after. */
static const struct span_point *point_at(const struct book_span *s, const struct span_run *r, date_t at)
{
    int lo = 0, hi = r->n; /* the first point dated after at */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (s->points[r->first + mid].date <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &s->points[r->first + lo - 1] : NULL;
}

/* movements_load_net's answer at `at` (store/movement.h): per holding that moved by then, by
 * investment id, its net change dated `at`, then its latest valuation when it has one. */
static void net_moves(const struct book_span *s, date_t at, struct book *b)
{
    /* malloc, not calloc: only the first nmoves are read, and each is written whole below */
    b->moves = xmalloc(((size_t)(2 * s->nruns) + 1) * sizeof *b->moves);
    for (int k = 0; k < s->nruns; k++) {
        const struct span_run *r = &s->runs[k];
        const struct span_point *p = point_at(s, r, at);
        if (!p)
            continue;
        b->moves[b->nmoves++] = (struct movement){r->investment_id, at, p->net < 0 ? MOVE_WITHDRAWAL : MOVE_DEPOSIT,
                                                  p->net < 0 ? -p->net : p->net};
        if (p->value_date != DATE_NONE)
            b->moves[b->nmoves++] = (struct movement){.investment_id = r->investment_id, .date = p->value_date,
                                                      .kind = MOVE_VALUATION, .amount = p->value};
    }
}

int book_span_at(const struct book_span *s, struct counterparty *cps, int ncps, date_t at, struct book *out)
{
    memset(out, 0, sizeof *out);
    out->cps = cps;
    out->ncps = ncps;
    out->cps_borrowed = true;
    /* malloc, not calloc (zeroing it cost about as much as the rest of the copy): only the first
     * ninv are read, each copied whole from the span */
    out->inv = xmalloc((s->ninv ? (size_t)s->ninv : 1) * sizeof *out->inv);
    for (int i = 0; i < s->ninv; i++)
        if (held_on(s, i, at))
            out->inv[out->ninv++] = s->inv[i];
    out->loans = xcalloc(1, sizeof *out->loans);
    out->loan_events = xcalloc(1, sizeof *out->loan_events);
    out->windows = xmalloc((s->nwindows ? (size_t)s->nwindows : 1) * sizeof *out->windows); /* all copied */
    if (s->nwindows)
        memcpy(out->windows, s->windows, (size_t)s->nwindows * sizeof *s->windows);
    out->nwindows = s->nwindows;
    net_moves(s, at, out);
    if (investments_at(out->inv, &out->ninv, out->moves, out->nmoves, at) < 0) {
        book_free(out);
        return error("the book at a date: an account's balance overflows");
    }
    return 0;
}

size_t book_span_bytes(const struct book_span *s)
{
    return (size_t)s->ninv * (sizeof *s->inv + sizeof *s->held_from + sizeof *s->held_until) +
           (size_t)s->nruns * sizeof *s->runs + (size_t)s->npoints * sizeof *s->points +
           (size_t)s->nwindows * sizeof *s->windows;
}

void book_span_free(struct book_span *s)
{
    free(s->inv);
    free(s->held_from);
    free(s->held_until);
    free(s->runs);
    free(s->points);
    free(s->windows);
    memset(s, 0, sizeof *s);
}
