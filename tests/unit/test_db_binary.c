/* test_db_binary.c: decoding the binary integers of db_query_binary results (the many-authority
 * deal loads): every width, both signs, the extremes and NULL, from a result built with libpq's
 * own PGresult constructors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>

#include "store/db.h"

/* One binary column of the given width, one row per value (a NULL where is_null[i]). */
static PGresult *column(int width, const int64_t *values, const int *is_null, int n)
{
    PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    assert_non_null(res);
    PGresAttDesc att = {.name = "v", .format = 1, .typlen = width, .atttypmod = -1,
                        .typid = width == 2 ? 21 : width == 4 ? 23 : 20};
    assert_true(PQsetResultAttrs(res, 1, &att));
    for (int i = 0; i < n; i++) {
        unsigned char b[8];
        uint64_t u = (uint64_t)values[i];
        for (int k = width - 1; k >= 0; k--, u >>= 8)
            b[k] = (unsigned char)(u & 0xff);
        assert_true(PQsetvalue(res, i, 0, is_null[i] ? NULL : (char *)b, is_null[i] ? -1 : width));
    }
    return res;
}

static void check(int width, const int64_t *values, int n)
{
    int nulls[8] = {0};
    PGresult *res = column(width, values, nulls, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(db_binary_int(res, i, 0), values[i]);
    PQclear(res);
}

static void test_every_width_and_sign(void **state)
{
    (void)state;
    const int64_t i2[] = {0, 1, -1, 255, 256, INT16_MAX, INT16_MIN};
    const int64_t i4[] = {0, -2, 20269, -719528, 65536, INT32_MAX, INT32_MIN};
    const int64_t i8[] = {0, -1, 500000000, -10000000, 123456789012345, INT64_MAX, INT64_MIN};
    check(2, i2, 7);
    check(4, i4, 7);
    check(8, i8, 7);
}

static void test_null_is_zero(void **state)
{
    (void)state;
    const int64_t v[] = {-5, 7};
    const int is_null[] = {1, 0};
    PGresult *res = column(4, v, is_null, 2);
    assert_true(PQgetisnull(res, 0, 0));
    assert_int_equal(db_binary_int(res, 0, 0), 0);
    assert_int_equal(db_binary_int(res, 1, 0), 7);
    PQclear(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_width_and_sign),
        cmocka_unit_test(test_null_is_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
