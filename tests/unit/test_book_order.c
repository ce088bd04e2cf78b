/* test_book_order.c: book_order_by_ref, the order in which the forecast's window read
 * (store/book.c) takes its rows now that the database no longer sorts them: the order of
 * ORDER BY ref under the "C" collation (byte by byte, a prefix first), equal refs in their
 * rows' order. Checked against an insertion sort with the same rule written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/book.h"

/* The C collation's comparison: bytes as unsigned, then the shorter first. */
static int c_collate(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), n = na < nb ? na : nb;
    int c = memcmp(a, b, n);
    return c ? c : (na > nb) - (na < nb);
}

/* The expected order by insertion sort (stable: equal refs keep their order). */
static void expected(const char *const *refs, int n, int *want)
{
    for (int k = 0; k < n; k++) {
        int j = k;
        while (j > 0 && c_collate(refs[want[j - 1]], refs[k]) > 0) {
            want[j] = want[j - 1];
            j--;
        }
        want[j] = k;
    }
}

static void check(const char *const *refs, int n)
{
    int got[64], want[64];
    assert_true(n <= 64);
    book_order_by_ref(refs, n, got);
    expected(refs, n, want);
    for (int k = 0; k < n; k++)
        assert_int_equal(got[k], want[k]);
}

static void test_refs(void **state)
{
    (void)state;
    const char *refs[] = {"LA0002-000120", "LA0002-000003", "LA0002-000119", "MM-CCLA", "LA0002-000003",
                          "la0002-000001", "LA0002-00012", "",  "LA0002-000120A", "Z",
                          "LA0002-000003"};
    check(refs, (int)(sizeof refs / sizeof *refs));
}

static void test_bytes_above_ascii(void **state)
{
    (void)state;
    /* UTF-8 (é, €) and DEL sort after ASCII as unsigned bytes, as in the database */
    const char *refs[] = {"caf\xc3\xa9", "cafe", "caf\x7f", "\xe2\x82\xac-1", "caf", "cafz", "~"};
    check(refs, (int)(sizeof refs / sizeof *refs));
}

static void test_none_or_one(void **state)
{
    (void)state;
    int order[1] = {-1};
    book_order_by_ref(NULL, 0, order);
    assert_int_equal(order[0], -1);
    const char *one[] = {"X"};
    book_order_by_ref(one, 1, order);
    assert_int_equal(order[0], 0);
}

/* Rows already in order (as a table loaded in ref order gives them): each in its place, also
 * with equal refs side by side; one row out of place at the end is moved. */
static void test_in_order(void **state)
{
    (void)state;
    const char *sorted[] = {"A", "B", "B", "C", "CA", "D"};
    check(sorted, 6);
    const char *last[] = {"A", "B", "C", "D", "E", "AB"};
    check(last, 6);
    const char *first[] = {"Z", "A", "B", "C"};
    check(first, 4);
}

/* Many rows at random, many of them equal: the same as the insertion sort. */
static void test_random(void **state)
{
    (void)state;
    static char bufs[64][8];
    const char *refs[64];
    srand(23);
    for (int round = 0; round < 200; round++) {
        int n = 1 + rand() % 64;
        for (int k = 0; k < n; k++) {
            int len = rand() % 4;
            for (int j = 0; j < len; j++)
                bufs[k][j] = (char)("aAb\xc3~0"[rand() % 6]);
            bufs[k][len] = '\0';
            refs[k] = bufs[k];
        }
        check(refs, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refs),
        cmocka_unit_test(test_bytes_above_ascii),
        cmocka_unit_test(test_none_or_one),
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
