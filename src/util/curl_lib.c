/* curl_lib.c: libcurl opened on first use, its global initialisation once (see curl_lib.h). */
#include "util/curl_lib.h"

#include <pthread.h>
#include <stdio.h>

#include "util/lazylib.h"

struct curl_lib curl_fn;

static const struct lazy_sym syms[] = {
    {"curl_global_init", (void **)&curl_fn.global_init},
    {"curl_easy_init", (void **)&curl_fn.easy_init},
    {"curl_easy_setopt", (void **)&curl_fn.easy_setopt},
    {"curl_easy_perform", (void **)&curl_fn.easy_perform},
    {"curl_easy_getinfo", (void **)&curl_fn.easy_getinfo},
    {"curl_easy_cleanup", (void **)&curl_fn.easy_cleanup},
    {"curl_easy_strerror", (void **)&curl_fn.easy_strerror},
    {"curl_slist_append", (void **)&curl_fn.slist_append},
    {"curl_slist_free_all", (void **)&curl_fn.slist_free_all},
};

static struct lazylib libcurl = {"libcurl.so.4", "fetching a feed or sending an alert", syms,
                                 (int)(sizeof syms / sizeof syms[0]), 0, ""};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int start_rc = -1;
static char start_why[320] = "";

static void start(void)
{
    if (lazylib_load(&libcurl) < 0) {
        snprintf(start_why, sizeof start_why, "%s", libcurl.why);
        return;
    }
    CURLcode rc = curl_fn.global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) {
        snprintf(start_why, sizeof start_why, "libcurl did not start: %s", curl_fn.easy_strerror(rc));
        return;
    }
    start_rc = 0;
}

int curl_lib_start(char *why, size_t n)
{
    pthread_once(&once, start);
    if (start_rc < 0 && why && n)
        snprintf(why, n, "%s", start_why);
    return start_rc;
}
