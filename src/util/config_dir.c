/* config_dir.c: finding a configuration folder (see config_dir.h). */
#include "util/config_dir.h"

#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* NAME in the parent of the running binary's directory, into buf; false if it is not a directory
 * (or the binary cannot be found). */
static bool beside_bin(const char *name, char *buf, size_t size)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return false;
    exe[len] = '\0';
    char bindir[PATH_MAX]; /* dirname may return static storage: copy before the second */
    snprintf(bindir, sizeof bindir, "%s", dirname(exe)); /* .../bin */
    snprintf(buf, size, "%s/%s", dirname(bindir), name); /* .../NAME */
    return is_dir(buf);
}

const char *config_dir_find(const char *env, const char *name, const char *installed, char *buf,
                            size_t size)
{
    const char *value = getenv(env);
    if (value && *value)
        snprintf(buf, size, "%s", value);
    else if (!beside_bin(name, buf, size))
        snprintf(buf, size, "%s", installed);
    return buf;
}
