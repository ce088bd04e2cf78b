/* test_config_dir.c: finding a configuration folder (util/config_dir.h): the environment
 * variable first, then NAME beside the directory holding the running binary (this test binary,
 * build/tests/unit/test_config_dir, so build/tests/NAME), then the installed path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/config_dir.h"

#define ENV "PRUDENT_TEST_CONFIG_DIR"

/* The folder NAME beside this binary's directory, spelled as config_dir_find spells it. */
static void beside(const char *name, char *out, size_t size)
{
    char exe[PATH_MAX], bindir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    assert_true(n > 0);
    exe[n] = '\0';
    snprintf(bindir, sizeof bindir, "%s", dirname(exe));
    snprintf(out, size, "%s/%s", dirname(bindir), name);
}

static void test_environment_first(void **state)
{
    (void)state;
    char buf[PATH_MAX];
    setenv(ENV, "/somewhere/else", 1);
    assert_string_equal(config_dir_find(ENV, "unit", "/etc/x", buf, sizeof buf), "/somewhere/else");
    unsetenv(ENV);
}

static void test_empty_environment_ignored(void **state)
{
    (void)state;
    char buf[PATH_MAX];
    setenv(ENV, "", 1);
    assert_string_equal(config_dir_find(ENV, "no-such-folder-here", "/etc/x", buf, sizeof buf),
                        "/etc/x");
    unsetenv(ENV);
}

static void test_beside_bin(void **state)
{
    (void)state;
    char want[PATH_MAX], buf[PATH_MAX];
    /* build/tests/unit holds this binary, so "unit" is a folder beside it */
    beside("unit", want, sizeof want);
    assert_string_equal(config_dir_find(ENV, "unit", "/etc/x", buf, sizeof buf), want);
    /* a folder made for the test is found; a file of that name is not a folder */
    char dir[PATH_MAX];
    beside("config-dir-test.tmp", dir, sizeof dir);
    rmdir(dir);
    unlink(dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_string_equal(config_dir_find(ENV, "config-dir-test.tmp", "/etc/x", buf, sizeof buf),
                        dir);
    assert_int_equal(rmdir(dir), 0);
    FILE *f = fopen(dir, "w");
    assert_non_null(f);
    fclose(f);
    assert_string_equal(config_dir_find(ENV, "config-dir-test.tmp", "/etc/x", buf, sizeof buf),
                        "/etc/x");
    assert_int_equal(unlink(dir), 0);
}

static void test_installed_fallback(void **state)
{
    (void)state;
    char buf[PATH_MAX];
    assert_string_equal(config_dir_find(ENV, "no-such-folder-here",
                                        "/usr/local/share/prudent/feeds", buf, sizeof buf),
                        "/usr/local/share/prudent/feeds");
}

static void test_truncated_to_buffer(void **state)
{
    (void)state;
    char buf[8];
    setenv(ENV, "/a/very/long/path", 1);
    assert_string_equal(config_dir_find(ENV, "unit", "/etc/x", buf, sizeof buf), "/a/very");
    unsetenv(ENV);
}

int main(void)
{
    unsetenv(ENV);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_environment_first),
        cmocka_unit_test(test_empty_environment_ignored),
        cmocka_unit_test(test_beside_bin),
        cmocka_unit_test(test_installed_fallback),
        cmocka_unit_test(test_truncated_to_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
