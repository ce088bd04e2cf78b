/* test_json_strict.c: json_parse_strict (util/json.h), the one parser of API bodies and JSON
 * imports: it refuses a NUL inside a string, trailing data and duplicate keys, naming the key,
 * and accepts what is plain JSON (escapes such as \u0041, keys repeated in different objects). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/json.h"

static cJSON *parse(const char *text, struct json_error *e)
{
    return json_parse_strict(text, strlen(text), e);
}

static void test_plain_json_accepted(void **state)
{
    (void)state;
    struct json_error e;
    cJSON *d = parse(" {\"amount\": \"5000.00\", \"a\": {\"x\": 1}, \"b\": {\"x\": 2}, \"s\": \"\\u0041\\\\u0000\"}\n", &e);
    assert_non_null(d);
    /* "\\u0000" is a backslash followed by u0000: text, not a NUL */
    assert_string_equal(cJSON_GetObjectItem(d, "s")->valuestring, "A\\u0000");
    cJSON_Delete(d);
}

static void test_nul_escape_refused(void **state)
{
    (void)state;
    struct json_error e;
    assert_null(parse("{\"counterparty\": \"BARC\", \"amount\": \"5000\\u0000999\"}", &e));
    assert_string_equal(e.field, "amount");
    assert_non_null(strstr(e.message, "NUL"));
    assert_int_equal(e.offset, strlen("{\"counterparty\": \"BARC\", \"amount\": \"5000"));
    assert_null(parse("[\"a\\u0000\"]", &e));
    assert_string_equal(e.field, "");
}

static void test_nul_byte_refused(void **state)
{
    (void)state;
    struct json_error e;
    const char text[] = "{\"amount\": \"5000\"}\0junk";
    assert_null(json_parse_strict(text, sizeof text - 1, &e));
    assert_non_null(strstr(e.message, "NUL byte"));
    assert_int_equal(e.offset, 18);
}

static void test_trailing_refused(void **state)
{
    (void)state;
    struct json_error e;
    assert_null(parse("{\"amount\": \"5000.00\"} {\"amount\": \"1\"}", &e));
    assert_non_null(strstr(e.message, "trailing data"));
    assert_int_equal(e.offset, 22);
    assert_null(parse("{\"a\": 1}x", &e));
    cJSON *d = parse("{\"a\": 1} \r\n\t", &e);
    assert_non_null(d); /* white space after the value is fine */
    cJSON_Delete(d);
}

static void test_duplicate_keys_refused(void **state)
{
    (void)state;
    struct json_error e;
    assert_null(parse("{\"amount\": \"1.00\", \"ref\": \"X\", \"amount\": \"9000000.00\"}", &e));
    assert_string_equal(e.field, "amount");
    assert_string_equal(e.message, "duplicate key \"amount\"");
    assert_int_equal(e.offset, strlen("{\"amount\": \"1.00\", \"ref\": \"X\", ")); /* the second one */
    /* the same key in two objects is no duplicate; the offset is of the object that has it twice */
    const char *two = "[{\"a\": 1}, {\"a\": 2, \"a\": 3}]";
    assert_null(parse(two, &e));
    assert_int_equal(e.offset, strlen("[{\"a\": 1}, {\"a\": 2, "));
    assert_null(parse("[{\"a\": 1}, {\"b\": 1, \"c\": {\"d\": 1, \"d\": 2}}]", &e));
    assert_string_equal(e.field, "d");
}

static void test_not_json(void **state)
{
    (void)state;
    struct json_error e;
    assert_null(parse("{\"a\": ", &e));
    assert_non_null(strstr(e.message, "not valid JSON"));
    assert_null(parse("", &e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_json_accepted), cmocka_unit_test(test_nul_escape_refused),
        cmocka_unit_test(test_nul_byte_refused),    cmocka_unit_test(test_trailing_refused),
        cmocka_unit_test(test_duplicate_keys_refused), cmocka_unit_test(test_not_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
