/* book_span.c: an authority's book at any date derived in memory from its span (store/book_span.h):
 * no query; the span itself is loaded by store/book.c (book_span_load), beside the queries of
 * book_load_at that it mirrors. */
#include "store/book_span.h"

#include <stdlib.h>
#include <string.h>

#include "core/balance.h"
#include "core/holdings.h"
#include "core/lending.h"
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
 * investment id, its net change dated `at`, then its latest valuation when it has one. With pt,
 * pt[k] is set to the index in s->points of run k's point at `at`, or -1. */
static void net_moves(const struct book_span *s, date_t at, struct book *b, int *pt)
{
    /* malloc, not calloc: only the first nmoves are read, and each is written whole below */
    b->moves = xmalloc(((size_t)(2 * s->nruns) + 1) * sizeof *b->moves);
    for (int k = 0; k < s->nruns; k++) {
        const struct span_run *r = &s->runs[k];
        const struct span_point *p = point_at(s, r, at);
        if (pt)
            pt[k] = p ? (int)(p - s->points) : -1;
        if (!p)
            continue;
        b->moves[b->nmoves++] = (struct movement){r->investment_id, at, p->net < 0 ? MOVE_WITHDRAWAL : MOVE_DEPOSIT,
                                                  p->net < 0 ? -p->net : p->net};
        if (p->value_date != DATE_NONE)
            b->moves[b->nmoves++] = (struct movement){.investment_id = r->investment_id, .date = p->value_date,
                                                      .kind = MOVE_VALUATION, .amount = p->value};
    }
}

static void index_windows(struct book_span *s);

void book_span_index(struct book_span *s)
{
    free(s->run_of);
    free(s->cur_first);
    free(s->cur);
    s->run_of = NULL;
    s->cur_first = s->cur = NULL;
    s->nwindows_cur = 0;
    index_windows(s);
    for (int k = 1; k < s->nruns; k++)
        if (s->runs[k - 1].investment_id >= s->runs[k].investment_id)
            return; /* not by id: book_span_at sorts and searches */
    s->run_of = xmalloc((s->ninv ? (size_t)s->ninv : 1) * sizeof *s->run_of);
    for (int i = 0; i < s->ninv; i++) {
        int64_t id = s->inv[i].id;
        int lo = 0, hi = s->nruns;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (s->runs[mid].investment_id < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        s->run_of[i] = lo < s->nruns && s->runs[lo].investment_id == id ? lo : -1;
    }
}

/* The days [*from, *until) on which v can be current (DATE_NONE until: still open); false when
 * never (cancelled, or matured on its start). */
static bool current_days(const struct investment *v, date_t *from, date_t *until)
{
    if (v->status == DEAL_CANCELLED || (v->maturity != DATE_NONE && v->maturity <= v->start))
        return false;
    *from = v->start;
    *until = v->maturity;
    return true;
}

/* The windows of book_span.h (cur_first, cur): each investment listed in every window its days
 * overlap, in ascending index; none when the lists would be many times the investments. */
static void index_windows(struct book_span *s)
{
    date_t lo = 0, hi = 0, f, u;
    bool any = false;
    for (int i = 0; i < s->ninv; i++)
        if (current_days(&s->inv[i], &f, &u)) {
            date_t last = u == DATE_NONE ? f : u - 1;
            lo = any && lo < f ? lo : f;
            hi = any && hi > last ? hi : last;
            any = true;
        }
    if (!any)
        return;
    int nw = (int)((hi - lo) / SPAN_WINDOW_DAYS) + 1;
    int *first = xcalloc((size_t)nw + 1, sizeof *first);
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < s->ninv; i++) {
            if (!current_days(&s->inv[i], &f, &u))
                continue;
            int w0 = (int)((f - lo) / SPAN_WINDOW_DAYS);
            int w1 = u == DATE_NONE ? nw - 1 : (int)((u - 1 - lo) / SPAN_WINDOW_DAYS);
            for (int w = w0; w <= w1; w++) {
                if (pass == 0)
                    first[w + 1]++;
                else
                    s->cur[first[w]++] = i; /* first[w]: the next free place of window w */
            }
            if (pass == 0)
                total += (size_t)(w1 - w0 + 1);
        }
        if (pass == 0) {
            if (total > 64 * (size_t)s->ninv + 65536) { /* not worth it */
                free(first);
                return;
            }
            for (int w = 0; w < nw; w++) /* first[w] = the start of window w */
                first[w + 1] += first[w];
            s->cur = xmalloc((total ? total : 1) * sizeof *s->cur);
        }
    }
    for (int w = nw; w > 0; w--) /* each first[w] moved to the end of window w: back to starts */
        first[w] = first[w - 1];
    first[0] = 0;
    s->cur_first = first;
    s->nwindows_cur = nw;
    s->window0 = lo;
}

/* The investments of out (copied from s, held at `at`) at their balances at `at`, the empty ones
 * left out: what investments_at (core/balance.h) gives over out->moves, without sorting the
 * movements or searching for each account's. An account's movements at `at` are its run's point
 * pt[k]: its net change dated `at` and its latest valuation, dated on or before: the two in date
 * order as the sort puts them (a stable sort: the net change first on the same date). */
static int balances_at(const struct book_span *s, const int *idx, const int *pt, date_t at, struct book *out)
{
    int k = 0;
    for (int j = 0; j < out->ninv; j++) {
        struct investment *v = &out->inv[j];
        int r = s->run_of[idx[j]];
        int p = r >= 0 ? pt[r] : -1;
        money_t bal = v->principal;
        bool held = true;
        if (p >= 0 && at >= v->start) {
            const struct span_point *q = &s->points[p];
            struct movement m[2];
            int n = 0;
            struct movement net = {v->id, at, q->net < 0 ? MOVE_WITHDRAWAL : MOVE_DEPOSIT, q->net < 0 ? -q->net : q->net};
            if (q->value_date != DATE_NONE && q->value_date < at)
                m[n++] = (struct movement){.investment_id = v->id, .date = q->value_date, .kind = MOVE_VALUATION,
                                           .amount = q->value};
            m[n++] = net;
            if (q->value_date != DATE_NONE && q->value_date >= at)
                m[n++] = (struct movement){.investment_id = v->id, .date = q->value_date, .kind = MOVE_VALUATION,
                                           .amount = q->value};
            if (account_balance_at(v->id, v->start, v->principal, m, n, at, &bal) < 0)
                return -1;
            held = bal > 0;
        }
        if (held) {
            if (k != j)
                out->inv[k] = *v;
            out->inv[k++].principal = bal;
        }
    }
    out->ninv = k;
    return 0;
}

/* Whether the views at `at` can read investment v: held at `at` (core/holdings.h, what the
 * portfolio lists) or outstanding then (core/lending.h, what the lending list counts): the two
 * say the same, both are asked. */
static bool current(const struct investment *v, date_t at)
{
    return investment_held(v, at) || lending_outstanding(v, at);
}

static int span_at(const struct book_span *s, struct counterparty *cps, int ncps, date_t at, bool only_current,
                   struct book *out);

int book_span_at(const struct book_span *s, struct counterparty *cps, int ncps, date_t at, struct book *out)
{
    return span_at(s, cps, ncps, at, false, out);
}

int book_span_current_at(const struct book_span *s, struct counterparty *cps, int ncps, date_t at, struct book *out)
{
    return span_at(s, cps, ncps, at, true, out);
}

static int span_at(const struct book_span *s, struct counterparty *cps, int ncps, date_t at, bool only_current,
                   struct book *out)
{
    memset(out, 0, sizeof *out);
    out->cps = cps;
    out->ncps = ncps;
    out->cps_borrowed = true;
    int from = 0, to = s->ninv; /* the candidates: every investment, or a window's */
    const int *list = NULL;
    if (only_current && s->cur_first) {
        list = s->cur;
        if (at < s->window0) { /* before the first start: none */
            to = 0;
        } else {
            int64_t w = (at - s->window0) / SPAN_WINDOW_DAYS;
            if (w >= s->nwindows_cur) /* after the last date: what is still open */
                w = s->nwindows_cur - 1;
            from = s->cur_first[w];
            to = s->cur_first[w + 1];
        }
    }
    /* room for the candidates (a window's few hundred, not the span's thousands: no block of its
     * own pages to map and unmap a request); malloc, not calloc (zeroing it cost about as much
     * as the rest of the copy): only the first ninv are read, each copied whole from the span */
    size_t room = to > from ? (size_t)(to - from) : 1;
    out->inv = xmalloc(room * sizeof *out->inv);
    int *idx = s->run_of ? xmalloc(room * sizeof *idx) : NULL; /* out->inv -> s->inv */
    for (int j = from; j < to; j++) {
        int i = list ? list[j] : j;
        if (held_on(s, i, at) && (!only_current || current(&s->inv[i], at))) {
            if (idx)
                idx[out->ninv] = i;
            out->inv[out->ninv++] = s->inv[i];
        }
    }
    out->loans = xcalloc(1, sizeof *out->loans);
    out->loan_events = xcalloc(1, sizeof *out->loan_events);
    out->windows = xmalloc((s->nwindows ? (size_t)s->nwindows : 1) * sizeof *out->windows); /* all copied */
    if (s->nwindows)
        memcpy(out->windows, s->windows, (size_t)s->nwindows * sizeof *s->windows);
    out->nwindows = s->nwindows;
    int *pt = idx ? xmalloc((s->nruns ? (size_t)s->nruns : 1) * sizeof *pt) : NULL;
    net_moves(s, at, out, pt);
    int rc = !idx                 ? investments_at(out->inv, &out->ninv, out->moves, out->nmoves, at)
             : out->nmoves == 0 ? 0 /* as investments_at: nothing moved, nothing changes */
                                : balances_at(s, idx, pt, at, out);
    free(idx);
    free(pt);
    if (rc < 0) {
        book_free(out);
        return error("the book at a date: an account's balance overflows");
    }
    return 0;
}

size_t book_span_bytes(const struct book_span *s)
{
    return (size_t)s->ninv * (sizeof *s->inv + sizeof *s->held_from + sizeof *s->held_until) +
           (size_t)s->nruns * sizeof *s->runs + (size_t)s->npoints * sizeof *s->points +
           (size_t)s->nwindows * sizeof *s->windows + (s->run_of ? (size_t)s->ninv * sizeof *s->run_of : 0) +
           (s->cur_first ? ((size_t)s->nwindows_cur + 1 + (size_t)s->cur_first[s->nwindows_cur]) * sizeof(int) : 0);
}

void book_span_free(struct book_span *s)
{
    free(s->inv);
    free(s->held_from);
    free(s->held_until);
    free(s->runs);
    free(s->points);
    free(s->windows);
    free(s->run_of);
    free(s->cur_first);
    free(s->cur);
    memset(s, 0, sizeof *s);
}
