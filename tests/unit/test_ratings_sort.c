/* test_ratings_sort.c: lending_ratings_sort puts ratings in the order the ratings table's unique
 * key sorts them in PostgreSQL (counterparty id, agency text, term text, effective date), the
 * order the lending list's binary search by counterparty and rating_at rely on: store/lending.c
 * reads the table unsorted and sorts with it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/lending.h"
#include "core/rating.h"

/* The enums sort as their names do (the database compares the text). */
static void test_enum_order_is_name_order(void **state)
{
    (void)state;
    for (int a = 0; a + 1 < AGENCY_COUNT; a++)
        assert_true(strcmp(agency_name((enum agency)a), agency_name((enum agency)(a + 1))) < 0);
    assert_true(strcmp(term_name(TERM_LONG), term_name(TERM_SHORT)) < 0);
}

static struct rating_action rating(int64_t cp, enum agency a, enum rating_term t, date_t eff)
{
    struct rating_action r = {.counterparty_id = cp, .agency = a, .term = t, .effective = eff};
    snprintf(r.text, sizeof r.text, "%lld", (long long)(cp % 7));
    return r;
}

/* Ordered by (counterparty, agency, term, effective) against a brute-force check of each pair. */
static int key_cmp(const struct rating_action *x, const struct rating_action *y)
{
    int c = strcmp(agency_name(x->agency), agency_name(y->agency));
    int t = strcmp(term_name(x->term), term_name(y->term));
    if (x->counterparty_id != y->counterparty_id)
        return x->counterparty_id < y->counterparty_id ? -1 : 1;
    if (c)
        return c;
    if (t)
        return t;
    return (x->effective > y->effective) - (x->effective < y->effective);
}

static void test_sort_by_key(void **state)
{
    (void)state;
    enum { N = 600 };
    struct rating_action *r = calloc(N, sizeof *r);
    assert_non_null(r);
    int n = 0;
    /* every key once: 10 counterparties (ids not in input order) x 3 agencies x 2 terms x 10 dates */
    for (int64_t cp = 0; cp < 10; cp++)
        for (int a = 0; a < AGENCY_COUNT; a++)
            for (int t = 0; t < 2; t++)
                for (int d = 0; d < 10; d++)
                    r[n++] = rating((cp * 37) % 101 + 1000, (enum agency)a, (enum rating_term)t, 20000 + d * 91);
    assert_int_equal(n, N);
    srand(7);
    for (int i = N - 1; i > 0; i--) { /* shuffle */
        int j = rand() % (i + 1);
        struct rating_action tmp = r[i];
        r[i] = r[j];
        r[j] = tmp;
    }
    lending_ratings_sort(r, N);
    for (int i = 0; i + 1 < N; i++)
        assert_true(key_cmp(&r[i], &r[i + 1]) < 0);
    lending_ratings_sort(r, 0); /* nothing to do */
    lending_ratings_sort(NULL, 0);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enum_order_is_name_order),
        cmocka_unit_test(test_sort_by_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
