/* test_openapi.c: GET /api/v1/openapi.json lists exactly the routes of the route table
 * (routes.c), each way, with a description for each (openapi.c names a route without one), is
 * valid JSON of OpenAPI 3.1.0, and its error schema carries every code of util/errcode.c that
 * the API answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/openapi.h"
#include "http/routes.h"
#include "util/errcode.h"

static void lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* The item at a slash-separated path of keys, or NULL. */
static cJSON *at(cJSON *doc, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, "/", &save); k && doc; k = strtok_r(NULL, "/", &save))
        doc = cJSON_GetObjectItem(doc, k);
    return doc;
}

static void test_every_route_described(void **state)
{
    (void)state;
    char msg[300];
    int rc = openapi_check(msg, sizeof msg);
    if (rc != 0)
        fail_msg("%s", msg); /* e.g. "route POST /api/v1/x has no description in src/http/openapi.c ..." */
    assert_string_equal(msg, "");
}

static void test_document_lists_the_route_table(void **state)
{
    (void)state;
    cJSON *doc = openapi_document();
    char *text = cJSON_PrintUnformatted(doc);
    cJSON *back = cJSON_Parse(text); /* valid JSON */
    assert_non_null(back);
    assert_string_equal(cJSON_GetObjectItem(back, "openapi")->valuestring, "3.1.0");
    cJSON *paths = cJSON_GetObjectItem(back, "paths");
    int routes = 0, ops = 0;
    for (const struct route *r = http_routes; r->method; r++, routes++) {
        char m[16];
        snprintf(m, sizeof m, "%s", r->method);
        lower(m);
        cJSON *op = cJSON_GetObjectItem(cJSON_GetObjectItem(paths, r->pattern), m);
        if (!op)
            fail_msg("route %s %s is missing from the document", r->method, r->pattern);
        if (strcmp(cJSON_GetObjectItem(op, "summary")->valuestring, "undocumented") == 0)
            fail_msg("route %s %s has no description in src/http/openapi.c", r->method, r->pattern);
        /* each {param} of the pattern is a path parameter */
        int braces = 0, in_path = 0;
        for (const char *s = r->pattern; *s; s++)
            braces += *s == '{';
        cJSON *p;
        cJSON_ArrayForEach(p, cJSON_GetObjectItem(op, "parameters"))
            in_path += strcmp(cJSON_GetObjectItem(p, "in")->valuestring, "path") == 0;
        assert_int_equal(in_path, braces);
        /* routes with a token declare the bearer scheme and answer 401 */
        cJSON *sec = cJSON_GetObjectItem(op, "security");
        assert_int_equal(cJSON_GetArraySize(sec) > 0, (r->flags & ROUTE_AUTH) != 0);
        if (r->flags & ROUTE_AUTH)
            assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(op, "responses"), "401"));
    }
    /* ... and the other way: nothing in the document that the table lacks */
    cJSON *item, *op;
    cJSON_ArrayForEach(item, paths) cJSON_ArrayForEach(op, item)
    {
        bool found = false;
        for (const struct route *r = http_routes; r->method && !found; r++) {
            char m[16];
            snprintf(m, sizeof m, "%s", r->method);
            lower(m);
            found = strcmp(r->pattern, item->string) == 0 && strcmp(m, op->string) == 0;
        }
        if (!found)
            fail_msg("the document lists %s %s, which is not in the route table", op->string, item->string);
        ops++;
    }
    assert_int_equal(ops, routes);
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(paths, "/api/v1/openapi.json"), "get"));

    /* the error schema: every code the API answers, nothing else */
    cJSON *codes = at(back, "components/schemas/Error/properties/error/properties/code/enum");
    int answered = 0;
    for (int i = 0; i < PR_ERR_COUNT; i++)
        answered += pr_error_row((enum pr_error)i)->http_status != 0;
    assert_int_equal(cJSON_GetArraySize(codes), answered);
    cJSON *scheme = at(back, "components/securitySchemes/bearerAuth");
    assert_string_equal(cJSON_GetObjectItem(scheme, "scheme")->valuestring, "bearer");
    /* every $ref points at a schema that exists */
    const char *s = text;
    while ((s = strstr(s, "#/components/schemas/"))) {
        s += strlen("#/components/schemas/");
        char name[64];
        size_t n = strcspn(s, "\"");
        snprintf(name, sizeof name, "%.*s", (int)n, s);
        if (!cJSON_GetObjectItem(at(back, "components/schemas"), name))
            fail_msg("$ref to a schema that does not exist: %s", name);
    }
    cJSON_Delete(back);
    cJSON_Delete(doc);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_route_described),
        cmocka_unit_test(test_document_lists_the_route_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
