/* test_book_span.c: the book at a date derived from a span (store/book_span.h) is the same with
 * the span indexed (book_span_index: each account's movements found through its run) as without
 * (investments_at over the sorted movements), at every date of a span whose accounts move up,
 * down, to nothing and back, are valued before, on and after the date, start after it, and are
 * held only within a merger's window; book_span_current_at is the held part of that book; and a
 * span whose runs are not by id is left unindexed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/holdings.h"
#include "store/book_span.h"

#define NINV 6

/* A span of NINV investments (ids 10..60, not in id order, as a span is by ref) over days 0..40. */
static void make_span(struct book_span *s)
{
    memset(s, 0, sizeof *s);
    s->ninv = NINV;
    s->inv = calloc(NINV, sizeof *s->inv);
    s->held_from = malloc(NINV * sizeof *s->held_from);
    s->held_until = malloc(NINV * sizeof *s->held_until);
    int64_t ids[NINV] = {30, 10, 60, 20, 50, 40};
    enum inv_type types[NINV] = {INV_CALL, INV_FIXED, INV_POOLED, INV_CALL, INV_MMF, INV_CALL};
    for (int i = 0; i < NINV; i++) {
        struct investment *v = &s->inv[i];
        v->id = ids[i];
        snprintf(v->ref, sizeof v->ref, "R%d", i);
        v->type = types[i];
        v->counterparty_id = 1;
        v->principal = 100000 * (i + 1);
        v->start = i == 4 ? 20 : 2; /* one starts on day 20 */
        v->maturity = types[i] == INV_FIXED ? 30 : DATE_NONE;
        s->held_from[i] = DATE_NONE;
        s->held_until[i] = DATE_NONE;
    }
    s->held_from[3] = 5;   /* moved in on day 5 */
    s->held_until[5] = 25; /* moved out on day 25 */
    /* runs by id: 20 (3 points), 30 (2), 50 (1), 60 (3, valued); 10 and 40 never moved */
    static const struct span_point pts[] = {
        {.date = 4, .value_date = DATE_NONE, .net = 5000},    /* 20 */
        {.date = 10, .value_date = DATE_NONE, .net = -400000},/* 20: emptied */
        {.date = 15, .value_date = DATE_NONE, .net = -350000},/* 20: back above nothing */
        {.date = 6, .value_date = DATE_NONE, .net = -1000},   /* 30 */
        {.date = 12, .value_date = DATE_NONE, .net = 0},      /* 30 */
        {.date = 22, .value_date = DATE_NONE, .net = 777},    /* 50 */
        {.date = 3, .value_date = 3, .net = 10, .value = 1234}, /* 60: valued on the day */
        {.date = 8, .value_date = 3, .net = 20, .value = 1234}, /* 60: valued before */
        {.date = 18, .value_date = 18, .net = -30, .value = 999},
    };
    s->npoints = (int)(sizeof pts / sizeof *pts);
    s->points = malloc(sizeof pts);
    memcpy(s->points, pts, sizeof pts);
    static const struct span_run runs[] = {{20, 0, 3}, {30, 3, 2}, {50, 5, 1}, {60, 6, 3}};
    s->nruns = 4;
    s->runs = malloc(sizeof runs);
    memcpy(s->runs, runs, sizeof runs);
}

static void same_book(const struct book *a, const struct book *b)
{
    assert_int_equal(a->ninv, b->ninv);
    for (int i = 0; i < a->ninv; i++)
        assert_memory_equal(&a->inv[i], &b->inv[i], sizeof a->inv[i]);
    assert_int_equal(a->nmoves, b->nmoves);
    for (int i = 0; i < a->nmoves; i++) {
        assert_true(a->moves[i].investment_id == b->moves[i].investment_id);
        assert_int_equal(a->moves[i].date, b->moves[i].date);
        assert_int_equal(a->moves[i].kind, b->moves[i].kind);
        assert_true(a->moves[i].amount == b->moves[i].amount);
    }
    assert_int_equal(a->nwindows, b->nwindows);
}

static void test_indexed_same_as_sorted(void **state)
{
    (void)state;
    struct book_span s;
    make_span(&s);
    struct counterparty cp = {.id = 1, .code = "CP"};
    int differ = 0;
    for (date_t at = 0; at <= 40; at++) {
        struct book slow, fast;
        assert_null(s.run_of);
        assert_int_equal(book_span_at(&s, &cp, 1, at, &slow), 0);
        book_span_index(&s);
        assert_non_null(s.run_of);
        assert_int_equal(book_span_at(&s, &cp, 1, at, &fast), 0);
        same_book(&slow, &fast);
        differ += slow.ninv != NINV; /* some dates leave accounts out */
        book_free(&slow);
        book_free(&fast);
        free(s.run_of);
        s.run_of = NULL;
    }
    assert_true(differ > 0);
    book_span_free(&s);
}

/* book_span_current_at: book_span_at's investments held at the date, in the same order, with
 * the same balances, and the same movements (indexed or not). */
/* cur (book_span_current_at) is exactly whole's (book_span_at) investments held at at, in order. */
static void assert_current_is_held(const struct book *whole, const struct book *cur, date_t at)
{
    int k = 0;
    for (int i = 0; i < whole->ninv; i++) {
        if (!investment_held(&whole->inv[i], at))
            continue;
        assert_true(k < cur->ninv);
        assert_memory_equal(&whole->inv[i], &cur->inv[k], sizeof cur->inv[k]);
        k++;
    }
    assert_int_equal(k, cur->ninv);
}

static void test_current_is_the_held_part(void **state)
{
    (void)state;
    struct book_span s;
    make_span(&s);
    struct counterparty cp = {.id = 1, .code = "CP"};
    int fewer = 0;
    for (int indexed = 0; indexed < 2; indexed++) {
        if (indexed)
            book_span_index(&s);
        for (date_t at = 0; at <= 40; at++) {
            struct book whole, cur;
            assert_int_equal(book_span_at(&s, &cp, 1, at, &whole), 0);
            assert_int_equal(book_span_current_at(&s, &cp, 1, at, &cur), 0);
            assert_current_is_held(&whole, &cur, at);
            fewer += cur.ninv < whole.ninv;
            assert_int_equal(whole.nmoves, cur.nmoves);
            book_free(&whole);
            book_free(&cur);
        }
    }
    assert_true(fewer > 0);
    book_span_free(&s);
}

/* The windows of days (book_span_index): over 400 investments of random days across six years
 * (open, matured on their start, cancelled, held within a merger's window), the current ones at
 * every few days from before the first start to after the last date are those of the whole book. */
static void test_windows_find_every_current(void **state)
{
    (void)state;
    struct book_span s;
    memset(&s, 0, sizeof s);
    s.ninv = 400;
    s.inv = calloc((size_t)s.ninv, sizeof *s.inv);
    s.held_from = malloc((size_t)s.ninv * sizeof *s.held_from);
    s.held_until = malloc((size_t)s.ninv * sizeof *s.held_until);
    uint64_t x = 2463534242u;
    for (int i = 0; i < s.ninv; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        struct investment *v = &s.inv[i];
        v->id = i + 1;
        v->type = x % 3 == 0 ? INV_CALL : INV_FIXED;
        v->principal = 1000;
        v->start = 100 + (date_t)(x % 2200);
        v->maturity = v->type == INV_CALL ? DATE_NONE : v->start + (date_t)((x >> 20) % 700) - (x % 17 == 0 ? 5 : 0);
        v->status = x % 23 == 0 ? DEAL_CANCELLED : DEAL_CONFIRMED;
        s.held_from[i] = x % 29 == 0 ? v->start + 40 : DATE_NONE;
        s.held_until[i] = x % 31 == 0 ? v->start + 90 : DATE_NONE;
    }
    struct counterparty cp = {.id = 1, .code = "CP"};
    struct book_span plain = s; /* the same arrays, never indexed */
    book_span_index(&s);
    assert_non_null(s.cur_first);
    assert_true(s.nwindows_cur > 50);
    for (date_t at = 90; at <= 3200; at += 3) {
        struct book whole, cur;
        assert_int_equal(book_span_at(&plain, &cp, 1, at, &whole), 0);
        assert_int_equal(book_span_current_at(&s, &cp, 1, at, &cur), 0);
        assert_current_is_held(&whole, &cur, at);
        book_free(&whole);
        book_free(&cur);
    }
    book_span_free(&s);
}

static void test_runs_not_by_id_left_unindexed(void **state)
{
    (void)state;
    struct book_span s;
    make_span(&s);
    struct span_run t = s.runs[0];
    s.runs[0] = s.runs[1];
    s.runs[1] = t;
    book_span_index(&s);
    assert_null(s.run_of);
    book_span_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indexed_same_as_sorted),
        cmocka_unit_test(test_current_is_the_held_part),
        cmocka_unit_test(test_windows_find_every_current),
        cmocka_unit_test(test_runs_not_by_id_left_unindexed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
