/* test_book_memo.c: the book memo of a report build (store/book_memo.h): outside a scope nothing
 * is kept; inside, a kept book comes back as a deep copy (its own arrays, each loan's events
 * pointing into the copy's own events) that outlives the original, keyed by every part of the
 * key; shared arrays likewise; and the end of the scope forgets everything. No database: the
 * connection is only a key. */
#include "store/book_memo.h"
#include "util/err.h" /* before cmocka.h, whose fail() macro would rename err.h's */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>


#define CONN ((PGconn *)0x1) /* never dereferenced: a key */

/* A book with two counterparties, one investment and two loans, the second with two events. */
static void make_book(struct book *b)
{
    memset(b, 0, sizeof *b);
    b->ncps = 2;
    b->cps = xcalloc(2, sizeof *b->cps);
    b->cps[0].id = 11;
    b->cps[1].id = 12;
    b->ninv = 1;
    b->inv = xcalloc(1, sizeof *b->inv);
    b->inv[0].principal = 500000;
    b->nloan_events = 2;
    b->loan_events = xcalloc(2, sizeof *b->loan_events);
    b->loan_events[0].amount = 100;
    b->loan_events[1].amount = 200;
    b->nloans = 2;
    b->loans = xcalloc(2, sizeof *b->loans);
    b->loans[0].id = 1;
    b->loans[1].id = 2;
    b->loans[1].events = &b->loan_events[0];
    b->loans[1].nevents = 2;
}

static void test_outside_a_scope(void **state)
{
    (void)state;
    struct book b, got;
    make_book(&b);
    book_memo_put(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &b); /* not kept: no scope */
    book_memo_begin();
    assert_false(book_memo_get(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &got));
    book_memo_end();
    book_free(&b);
}

static void test_copy_outlives_the_original(void **state)
{
    (void)state;
    struct book b, got;
    make_book(&b);
    book_memo_begin();
    book_memo_put(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &b);
    b.inv[0].principal = 1; /* the memo kept its own copy */
    book_free(&b);
    assert_true(book_memo_get(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &got));
    assert_int_equal(got.ninv, 1);
    assert_int_equal(got.inv[0].principal, 500000);
    assert_int_equal(got.ncps, 2);
    assert_int_equal(got.cps[1].id, 12);
    assert_null(got.loans[0].events);
    assert_int_equal(got.loans[1].nevents, 2);
    assert_ptr_equal(got.loans[1].events, &got.loan_events[0]);
    assert_int_equal(got.loans[1].events[1].amount, 200);
    /* a second copy is another set of arrays */
    struct book again;
    assert_true(book_memo_get(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &again));
    assert_ptr_not_equal(again.inv, got.inv);
    book_free(&got);
    assert_int_equal(again.inv[0].principal, 500000);
    book_free(&again);
    book_memo_end();
}

static void test_every_part_of_the_key(void **state)
{
    (void)state;
    struct book b, got;
    make_book(&b);
    book_memo_begin();
    book_memo_put(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &b);
    assert_false(book_memo_get(CONN, 8, BOOK_MEMO_AT, 100, DATE_NONE, &got));
    assert_false(book_memo_get(CONN, 7, BOOK_MEMO_ALL, 100, DATE_NONE, &got));
    assert_false(book_memo_get(CONN, 7, BOOK_MEMO_AT, 101, DATE_NONE, &got));
    assert_false(book_memo_get(CONN, 7, BOOK_MEMO_AT, 100, 200, &got));
    assert_false(book_memo_get((PGconn *)0x2, 7, BOOK_MEMO_AT, 100, DATE_NONE, &got));
    book_memo_end();
    /* the end forgets */
    book_memo_begin();
    assert_false(book_memo_get(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &got));
    book_memo_end();
    book_free(&b);
}

/* book_memo_put_moved keeps the book itself: the caller's is left empty, a get answers a deep
 * copy of it, a second put under the same key frees its book, and outside a scope too. */
static void test_put_moved(void **state)
{
    (void)state;
    struct book b, b2, got;
    make_book(&b);
    book_memo_put_moved(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &b); /* no scope: freed */
    assert_null(b.inv);
    make_book(&b);
    make_book(&b2);
    book_memo_begin();
    book_memo_put_moved(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &b);
    assert_null(b.inv);
    assert_int_equal(b.ninv, 0);
    book_memo_put_moved(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &b2); /* kept already: freed */
    assert_null(b2.cps);
    assert_true(book_memo_get(CONN, 7, BOOK_MEMO_AT, 100, DATE_NONE, &got));
    assert_int_equal(got.ninv, 1);
    assert_int_equal(got.inv[0].principal, 500000);
    assert_int_equal(got.ncps, 2);
    assert_int_equal(got.cps[1].id, 12);
    assert_ptr_equal(got.loans[1].events, &got.loan_events[0]);
    assert_int_equal(got.loans[1].events[1].amount, 200);
    book_memo_end();
    book_free(&got);
}

static void test_shared_arrays(void **state)
{
    (void)state;
    int ratings[3] = {4, 5, 6};
    void *got = NULL;
    int n = -1;
    book_memo_begin();
    assert_false(book_memo_array_get(CONN, "ratings", sizeof *ratings, &got, &n));
    book_memo_array_put(CONN, "ratings", sizeof *ratings, ratings, 3);
    ratings[0] = 0;
    assert_false(book_memo_array_get(CONN, "counterparties", sizeof *ratings, &got, &n));
    assert_true(book_memo_array_get(CONN, "ratings", sizeof *ratings, &got, &n));
    assert_int_equal(n, 3);
    assert_int_equal(((int *)got)[0], 4);
    assert_int_equal(((int *)got)[2], 6);
    free(got);
    book_memo_end();
    book_memo_begin();
    assert_false(book_memo_array_get(CONN, "ratings", sizeof *ratings, &got, &n));
    book_memo_end();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outside_a_scope),
        cmocka_unit_test(test_copy_outlives_the_original),
        cmocka_unit_test(test_every_part_of_the_key),
        cmocka_unit_test(test_shared_arrays),
        cmocka_unit_test(test_put_moved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
