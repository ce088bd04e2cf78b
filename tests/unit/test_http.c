/* test_http.c: the service's pure parts: route matching (404 vs 405 and Allow), user names and
 * roles, and the Prometheus text of /metrics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/metrics.h"
#include "http/router.h"
#include "views/view.h"

static const struct route *find(const char *method, const char *path, const char **params, char *allow)
{
    static char buf[512];
    return http_route_find(method, path, buf, sizeof buf, params, allow, 64);
}

static void test_routes(void **state)
{
    (void)state;
    const char *params[HTTP_MAX_PARAMS];
    char allow[64];
    const struct route *r = find("GET", "/healthz", params, allow);
    assert_non_null(r);
    assert_string_equal(r->pattern, "/healthz");
    assert_int_equal(r->role, ROLE_NONE);

    assert_null(find("POST", "/healthz", params, allow));
    assert_string_equal(allow, "GET");                 /* 405 with Allow: GET */
    assert_null(find("GET", "/nothing", params, allow));
    assert_string_equal(allow, "");                    /* 404 */
    assert_null(find("PUT", "/api/v1/users", params, allow));
    assert_string_equal(allow, "POST");

    r = find("GET", "/api/v1/authorities/BORSET", params, allow);
    assert_non_null(r);
    assert_string_equal(params[0], "BORSET");
    assert_int_equal(r->role, ROLE_VIEWER);
    assert_true(r->flags & ROUTE_AUTH);

    r = find("DELETE", "/api/v1/users/bob", params, allow);
    assert_non_null(r);
    assert_string_equal(params[0], "bob");
    assert_int_equal(r->role, ROLE_ADMIN);

    /* {view} matches registered views only */
    assert_null(find("GET", "/api/v1/authorities/BORSET/no-such-view", params, allow));
    assert_string_equal(allow, "");
    for (const struct view *v = views; v->name; v++) {
        char path[128];
        snprintf(path, sizeof path, "/api/v1/authorities/WSX/%s", v->name);
        r = find("GET", path, params, allow);
        assert_non_null(r);
        assert_string_equal(params[0], "WSX");
        assert_string_equal(params[1], v->name);
    }
    /* too many segments, trailing and doubled slashes */
    assert_null(find("GET", "/a/b/c/d/e/f/g/h/i/j/k/l", params, allow));
    assert_non_null(find("GET", "/api/v1/authorities/", params, allow));
}

static void test_users(void **state)
{
    (void)state;
    assert_int_equal(user_role_parse("viewer"), ROLE_VIEWER);
    assert_int_equal(user_role_parse("admin"), ROLE_ADMIN);
    assert_int_equal(user_role_parse("Admin"), ROLE_NONE);
    assert_int_equal(user_role_parse(NULL), ROLE_NONE);
    assert_true(ROLE_VIEWER < ROLE_DEALER && ROLE_DEALER < ROLE_APPROVER && ROLE_APPROVER < ROLE_ADMIN);
    assert_string_equal(user_role_name(ROLE_APPROVER), "approver");
    assert_true(user_name_valid("alice"));
    assert_true(user_name_valid("a.b-c_d@x"));
    assert_false(user_name_valid(""));
    assert_false(user_name_valid("-alice"));
    assert_false(user_name_valid("al ice"));
    char long_name[70];
    memset(long_name, 'a', 65);
    long_name[65] = '\0';
    assert_false(user_name_valid(long_name));
    long_name[64] = '\0';
    assert_true(user_name_valid(long_name));
}

static void test_metrics(void **state)
{
    (void)state;
    metrics_observe("/healthz", "GET", 200, 0.003);
    metrics_observe("/healthz", "GET", 200, 0.2);
    metrics_observe("/healthz", "GET", 503, 0.02);
    metrics_observe("/healthz", "BREW", 405, 0.001);
    char *text = metrics_render(NULL, false);
    assert_non_null(strstr(text, "prudent_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 2\n"));
    assert_non_null(strstr(text, "prudent_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"503\"} 1\n"));
    assert_non_null(strstr(text, "method=\"OTHER\",status=\"405\"} 1\n"));
    /* cumulative buckets: 0.001 and 0.003 <= 0.005; 0.02 <= 0.025; 0.2 <= 0.25 */
    assert_non_null(strstr(text, "prudent_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.005\"} 2\n"));
    assert_non_null(strstr(text, "prudent_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.01\"} 2\n"));
    assert_non_null(strstr(text, "prudent_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.025\"} 3\n"));
    assert_non_null(strstr(text, "prudent_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.25\"} 4\n"));
    assert_non_null(strstr(text, "prudent_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 4\n"));
    assert_non_null(strstr(text, "prudent_http_request_duration_seconds_sum{route=\"/healthz\"} 0.224000\n"));
    assert_non_null(strstr(text, "prudent_http_request_duration_seconds_count{route=\"/healthz\"} 4\n"));
    assert_non_null(strstr(text, "# TYPE prudent_http_request_duration_seconds histogram\n"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes),
        cmocka_unit_test(test_users),
        cmocka_unit_test(test_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
