/* test_file_may_name.c: file_may_name (ingest/importer.h), what lets an import skip the bank
 * accounts look-up for a file without an account column: false only for a CSV file that holds
 * the name nowhere; true for any mention (any case, across the reader's 64 KiB chunks), for JSON
 * (a key may be escaped) and for a file it cannot read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/importer.h"

static char path[64];

/* Write len bytes of text to a new temporary file; its name is in path. */
static const char *write_file(const char *text, size_t len)
{
    snprintf(path, sizeof path, "/tmp/test_file_may_name.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

static bool may_name(const char *text)
{
    bool r = file_may_name(write_file(text, strlen(text)), "account");
    unlink(path);
    return r;
}

static void test_csv(void **state)
{
    (void)state;
    assert_false(may_name("ref,type,counterparty\nA1,fixed,BANK\n"));
    assert_true(may_name("ref,type,account\nA1,fixed,MAIN\n"));
    assert_true(may_name("\xEF\xBB\xBFref,\"Account\"\nA1,MAIN\n"));
    assert_true(may_name("ref,ACCOUNT\r\nA1,MAIN\r\n"));
    /* a mention in the data is enough (the look-up is only skipped when it cannot matter) */
    assert_true(may_name("ref,note\nA1,the accounts team\n"));
    assert_false(may_name("ref,note\nA1,accoun\n"));
}

static void test_json_and_unreadable(void **state)
{
    (void)state;
    assert_true(may_name("[{\"ref\": \"A1\"}]"));
    assert_true(may_name("\xEF\xBB\xBF  \n{\"rows\": []}"));
    assert_true(may_name("")); /* empty: the import itself says why */
    assert_true(file_may_name("/nonexistent/test_file_may_name.csv", "account"));
}

/* The name split between two of the reader's 64 KiB chunks is still found. */
static void test_chunk_boundary(void **state)
{
    (void)state;
    for (size_t split = 1; split < 7; split++) {
        size_t len = (1 << 16) + 64;
        char *text = malloc(len + 1);
        memset(text, 'x', len);
        text[0] = 'r';
        memcpy(text + (1 << 16) - split, "account", 7);
        text[len] = '\0';
        assert_true(may_name(text));
        memset(text + (1 << 16) - split, 'x', 7);
        assert_false(may_name(text));
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json_and_unreadable),
        cmocka_unit_test(test_chunk_boundary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
