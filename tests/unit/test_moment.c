/* test_moment.c: the strict ISO 8601 check of --as-known-at's moment (core/moment.h): the forms
 * accepted, and each kind of refusal with its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/moment.h"

static void test_accepted(void **state)
{
    (void)state;
    const char *ok[] = {"2026-11-14", "2026-11-14T09:30", "2026-11-14T09:30:00", "2026-11-14T09:30:00Z",
                        "2026-11-14 09:30:00", "2026-11-14T09:30:00.123456Z", "2026-11-14T09:30:00+01:00",
                        "2026-11-14T09:30:00-0530", "2026-11-14T09:30+01", "2024-02-29T23:59:59z"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        const char *why = NULL;
        if (!moment_iso_valid(ok[i], &why))
            fail_msg("%s refused: %s", ok[i], why);
    }
}

static void refused(const char *s, const char *reason)
{
    const char *why = NULL;
    if (moment_iso_valid(s, &why))
        fail_msg("%s accepted", s);
    if (!why || !strstr(why, reason))
        fail_msg("%s: \"%s\" does not say \"%s\"", s, why ? why : "(null)", reason);
}

static void test_refused(void **state)
{
    (void)state;
    refused("yesterday", "not an ISO 8601 moment");
    refused("14/11/2026", "not an ISO 8601 moment");
    refused("2026-11-14T09:30:00 GMT", "not an ISO 8601 moment");
    refused("", "not an ISO 8601 moment");
    refused("2025-02-29", "no such date");
    refused("2026-11-14T24:00", "no such time of day");
    refused("2026-11-14T09:60", "no such time of day");
    refused("2026-11-14T9:30", "HH:MM");
    refused("2026-11-14T09:30:61", "seconds");
    refused("2026-11-14T09:30:00.", "fraction");
    refused("2026-11-14T09:30:00+1", "offset");
    refused("2026-11-14T09:30:00+16:00", "no such offset");
    assert_false(moment_iso_valid("2026-11-14T", NULL)); /* why may be NULL */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
