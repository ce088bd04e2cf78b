/* test_errcode.c: the error-code table (util/errcode.h): every code unique and sane, the lookups
 * both ways, the codes store/deal.c's documents carry, the API's error body, and docs/api.md's
 * list of codes the same as the table both ways (run from the repository root, as
 * scripts/run-tests does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h" /* before cmocka.h, whose fail() is a macro */

#include <cmocka.h>

#include "http/reply.h"
#include "util/errcode.h"

static bool is_status(int s)
{
    return s >= 400 && s <= 599;
}

static void test_rows(void **state)
{
    (void)state;
    for (int i = 0; i < PR_ERR_COUNT; i++) {
        const struct pr_error_row *r = pr_error_row((enum pr_error)i);
        assert_non_null(r);
        assert_int_equal(r->code, i); /* the table is indexed by the enum */
        assert_non_null(r->wire);
        assert_true(r->wire[0] != '\0');
        assert_int_equal(strspn(r->wire, "abcdefghijklmnopqrstuvwxyz_"), strlen(r->wire));
        for (int j = 0; j < i; j++)
            assert_string_not_equal(pr_error_row((enum pr_error)j)->wire, r->wire);
        assert_true(r->http_status == 0 || is_status(r->http_status));
        assert_true(r->alt_status == 0 || (is_status(r->alt_status) && r->alt_status != r->http_status));
        assert_true(r->exit_code == EXIT_NO || r->exit_code == EXIT_BAD || r->exit_code == EXIT_DEP);
        /* a dependency failed exactly when the service failed (5xx) or it is not an answer */
        assert_int_equal(r->exit_code == EXIT_DEP, r->http_status == 0 || r->http_status >= 500);
        size_t n = strlen(r->message);
        assert_true(n > 0);
        assert_true(r->message[n - 1] != '.');
        assert_string_equal(pr_error_wire(r->code), r->wire);
        assert_int_equal(pr_error_status(r->code), r->http_status);
        assert_int_equal(pr_error_exit(r->code), r->exit_code);
        assert_string_equal(pr_error_message(r->code), r->message);
    }
    assert_null(pr_error_row(PR_ERR_COUNT));
    assert_null(pr_error_row((enum pr_error)-1));
}

static void test_lookup(void **state)
{
    (void)state;
    for (int i = 0; i < PR_ERR_COUNT; i++)
        assert_ptr_equal(pr_error_by_wire(pr_error_wire((enum pr_error)i)), pr_error_row((enum pr_error)i));
    assert_null(pr_error_by_wire(NULL));
    assert_null(pr_error_by_wire(""));
    assert_null(pr_error_by_wire("no_such_code"));
    assert_null(pr_error_by_wire("INVALID_FIELD"));
    assert_int_equal(pr_error_by_wire("invalid_field")->code, PR_ERR_INVALID_FIELD);
}

/* The codes of store/deal.c's error documents, with the statuses http/deals.c answered them
 * with before the table (and the exit codes the deal functions return with them). */
static void test_store_codes(void **state)
{
    (void)state;
    static const struct {
        const char *wire;
        int status, exit_code;
    } store[] = {
        {"invalid", 400, EXIT_BAD},      {"unknown_counterparty", 400, EXIT_BAD}, {"not_found", 404, EXIT_BAD},
        {"not_pending", 409, EXIT_BAD},  {"exists", 409, EXIT_BAD},               {"same_person", 403, EXIT_NO},
        {"not_booker", 403, EXIT_NO},    {"database", 0, EXIT_DEP},
    };
    for (size_t i = 0; i < sizeof store / sizeof *store; i++) {
        const struct pr_error_row *r = pr_error_by_wire(store[i].wire);
        assert_non_null(r);
        assert_int_equal(r->http_status, store[i].status);
        assert_int_equal(r->exit_code, store[i].exit_code);
    }
    assert_int_equal(pr_error_status(PR_ERR_LIMIT_BREACH), 409);
    assert_int_equal(pr_error_exit(PR_ERR_LIMIT_BREACH), EXIT_NO);
}

/* The default messages are the words the service answered before the table: unchanged. */
static void test_default_messages(void **state)
{
    (void)state;
    assert_string_equal(pr_error_message(PR_ERR_DATABASE_UNAVAILABLE),
                        "the database is not available; try again shortly");
    assert_string_equal(pr_error_message(PR_ERR_INTERNAL), "the request failed inside the service (see its log)");
    assert_string_equal(pr_error_message(PR_ERR_UNAUTHORIZED), "send Authorization: Bearer TOKEN");
    assert_string_equal(pr_error_message(PR_ERR_INVALID_TOKEN), "the token is not valid (revoked or mistyped?)");
    assert_string_equal(pr_error_message(PR_ERR_SESSION_EXPIRED), "the session has ended: sign in again");
    assert_string_equal(pr_error_message(PR_ERR_MALFORMED_JSON), "the body must be one JSON object");
    assert_string_equal(pr_error_message(PR_ERR_LIMIT_BREACH),
                        "the deal would breach the lending list: nothing was booked");
    assert_string_equal(pr_error_message(PR_ERR_DATABASE), "the database failed (see the server log)");
}

static char *reply_text(struct request *rq)
{
    char *s = cJSON_PrintUnformatted(rq->reply);
    cJSON_Delete(rq->reply);
    rq->reply = NULL;
    return s;
}

static void test_http_error(void **state)
{
    (void)state;
    struct request rq;
    memset(&rq, 0, sizeof rq);
    assert_int_equal(http_error(&rq, PR_ERR_INVALID_FIELD, "rate", "rate \"%s\" is not a rate", "x"), 400);
    assert_int_equal(rq.status, 400);
    char *s = reply_text(&rq);
    assert_string_equal(s, "{\"error\":{\"code\":\"invalid_field\",\"message\":\"rate \\\"x\\\" is not a rate\","
                           "\"field\":\"rate\"}}");
    free(s);
    assert_int_equal(http_error(&rq, PR_ERR_DATABASE_UNAVAILABLE, NULL, NULL), 503);
    s = reply_text(&rq);
    assert_string_equal(s, "{\"error\":{\"code\":\"database_unavailable\",\"message\":\"the database is not "
                           "available; try again shortly\",\"field\":null}}");
    free(s);
    assert_int_equal(http_error_status(&rq, 400, PR_ERR_UNKNOWN_AUTHORITY, "authorities", "no authority %s", "X"),
                     400);
    s = reply_text(&rq);
    assert_string_equal(s, "{\"error\":{\"code\":\"unknown_authority\",\"message\":\"no authority X\","
                           "\"field\":\"authorities\"}}");
    free(s);
}

static void test_pr_fail(void **state)
{
    (void)state;
    assert_int_equal(pr_fail(PR_ERR_NOT_FOUND, "no alert %d (a test)", 7), EXIT_BAD);
    assert_int_equal(pr_fail(PR_ERR_SAME_PERSON, "a test"), EXIT_NO);
    assert_int_equal(pr_fail(PR_ERR_DATABASE, "a test"), EXIT_DEP);
}

/* ---- docs/api.md ---------------------------------------------------------------------------- */

#define MAX_DOC 100
struct doc_row {
    int status;
    char code[64];
};

/* The rows "| 400 | `code` | when |" of docs/api.md's table of error codes. */
static int doc_rows(struct doc_row *out, int max)
{
    FILE *f = fopen("docs/api.md", "r");
    assert_non_null(f); /* run from the repository root */
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        struct doc_row d;
        char tick;
        if (sscanf(line, "| %3d | `%63[a-z_]%c |", &d.status, d.code, &tick) == 3 && tick == '`') {
            assert_true(n < max);
            out[n++] = d;
        }
    }
    fclose(f);
    return n;
}

static bool documented(const struct doc_row *rows, int n, const char *code, int status)
{
    for (int i = 0; i < n; i++)
        if (rows[i].status == status && strcmp(rows[i].code, code) == 0)
            return true;
    return false;
}

static void test_docs_match_table(void **state)
{
    (void)state;
    struct doc_row rows[MAX_DOC];
    int n = doc_rows(rows, MAX_DOC);
    assert_true(n > 0);
    /* every documented (status, code) is in the table, once */
    for (int i = 0; i < n; i++) {
        const struct pr_error_row *r = pr_error_by_wire(rows[i].code);
        if (!r)
            fail_msg("docs/api.md lists %s, which util/errcode.c does not have", rows[i].code);
        if (r->http_status == 0 || (rows[i].status != r->http_status && rows[i].status != r->alt_status))
            fail_msg("docs/api.md says %d %s; util/errcode.c says %d (or %d)", rows[i].status, rows[i].code,
                     r->http_status, r->alt_status);
        for (int j = 0; j < i; j++)
            if (rows[j].status == rows[i].status && strcmp(rows[j].code, rows[i].code) == 0)
                fail_msg("docs/api.md lists %d %s twice", rows[i].status, rows[i].code);
    }
    /* every code of the table answered over HTTP is documented, with each of its statuses */
    for (int i = 0; i < PR_ERR_COUNT; i++) {
        const struct pr_error_row *r = pr_error_row((enum pr_error)i);
        if (r->http_status && !documented(rows, n, r->wire, r->http_status))
            fail_msg("util/errcode.c has %d %s, which docs/api.md does not list", r->http_status, r->wire);
        if (r->alt_status && !documented(rows, n, r->wire, r->alt_status))
            fail_msg("util/errcode.c has %d %s, which docs/api.md does not list", r->alt_status, r->wire);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_store_codes),
        cmocka_unit_test(test_default_messages),
        cmocka_unit_test(test_http_error),
        cmocka_unit_test(test_pr_fail),
        cmocka_unit_test(test_docs_match_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
