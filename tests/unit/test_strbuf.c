/* test_strbuf.c: the growable string buffer (util/strbuf.h): appending bytes, strings, single
 * characters and formatted text past many reallocations, reset, steal and free. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

static void test_empty(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_null(sb.buf);
    assert_int_equal(sb.len, 0);
    char *s = strbuf_steal(&sb); /* never NULL: "" when nothing was appended */
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
    strbuf_free(&sb); /* freeing an empty buffer is fine */
    assert_null(sb.buf);
}

static void test_append(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_append_str(&sb, "abc");
    strbuf_append(&sb, "defXYZ", 3);
    strbuf_append_char(&sb, '!');
    assert_int_equal(sb.len, 7);
    assert_string_equal(sb.buf, "abcdef!");
    strbuf_append(&sb, "", 0);
    assert_string_equal(sb.buf, "abcdef!");
    strbuf_free(&sb);
    assert_null(sb.buf);
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.alloc, 0);
}

static void test_appendf_grows(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    char expect[20000] = "";
    size_t n = 0;
    for (int i = 0; i < 2000; i++) {
        strbuf_appendf(&sb, "%d,", i);
        n += (size_t)snprintf(expect + n, sizeof expect - n, "%d,", i);
    }
    assert_int_equal(sb.len, n);
    assert_string_equal(sb.buf, expect);
    /* one piece longer than everything allocated so far */
    char big[50001];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    strbuf_appendf(&sb, "[%s]", big);
    assert_int_equal(sb.len, n + 50002);
    assert_int_equal(sb.buf[n], '[');
    assert_int_equal(sb.buf[sb.len - 1], ']');
    assert_int_equal(sb.buf[sb.len], '\0');
    assert_true(sb.alloc > sb.len);
    strbuf_free(&sb);
}

static void test_chars_past_growth(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 100000; i++)
        strbuf_append_char(&sb, (char)('a' + i % 26));
    assert_int_equal(sb.len, 100000);
    assert_int_equal(strlen(sb.buf), 100000);
    assert_int_equal(sb.buf[26], 'a');
    assert_int_equal(sb.buf[99999], (char)('a' + 99999 % 26));
    strbuf_free(&sb);
}

static void test_reset_keeps_memory(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_grow(&sb, 1000);
    assert_true(sb.alloc >= 1001);
    assert_string_equal(sb.buf, ""); /* grown but empty: still a string */
    char *before = sb.buf;
    size_t alloc = sb.alloc;
    strbuf_append_str(&sb, "first");
    strbuf_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb.buf, "");
    strbuf_append_str(&sb, "second");
    assert_string_equal(sb.buf, "second");
    assert_ptr_equal(sb.buf, before); /* no reallocation within what strbuf_grow reserved */
    assert_int_equal(sb.alloc, alloc);
    strbuf_free(&sb);
}

static void test_steal_leaves_empty(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_appendf(&sb, "%s-%03d", "DL", 7);
    char *s = strbuf_steal(&sb);
    assert_string_equal(s, "DL-007");
    assert_null(sb.buf);
    assert_int_equal(sb.len, 0);
    strbuf_append_str(&sb, "again"); /* the buffer can be used again */
    assert_string_equal(sb.buf, "again");
    free(s);
    strbuf_free(&sb);
}

static void test_embedded_nul(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_append(&sb, "a\0b", 3);
    assert_int_equal(sb.len, 3);
    assert_memory_equal(sb.buf, "a\0b", 4); /* and the terminating '\0' */
    strbuf_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_append),
        cmocka_unit_test(test_appendf_grows),
        cmocka_unit_test(test_chars_past_growth),
        cmocka_unit_test(test_reset_keeps_memory),
        cmocka_unit_test(test_steal_leaves_empty),
        cmocka_unit_test(test_embedded_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
