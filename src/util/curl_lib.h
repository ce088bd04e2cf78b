/* curl_lib.h: libcurl's functions, opened on first use (util/lazylib.h) instead of linked: only
 * the rate feeds and the alert channels need libcurl, and loading it (with its TLS, SSH, LDAP
 * and HTTP/2 libraries) cost every process about 2 million instructions at start-up
 * (docs/performance.md, issue 23). Call curl_lib_start before using curl_fn; after it returned
 * 0, curl_fn's members are libcurl's functions, in any thread. */
#ifndef PRUDENT_UTIL_CURL_LIB_H
#define PRUDENT_UTIL_CURL_LIB_H

#include <curl/curl.h>
#include <stddef.h>

struct curl_lib {
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_easy_init) *easy_init;
    CURLcode (*easy_setopt)(CURL *h, CURLoption option, ...); /* curl.h's name is a checking macro */
    __typeof__(curl_easy_perform) *easy_perform;
    CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_easy_strerror) *easy_strerror;
    __typeof__(curl_slist_append) *slist_append;
    __typeof__(curl_slist_free_all) *slist_free_all;
};

extern struct curl_lib curl_fn;

/* Load libcurl and run curl_global_init, once per process. Returns 0, or -1 with why (a
 * sentence, in why[0..n)) when libcurl could not be loaded or started. */
int curl_lib_start(char *why, size_t n);

#endif
