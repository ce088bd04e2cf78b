/* router.h: the lookup of a method and path in the static route table (router.c). */
#ifndef PRUDENT_HTTP_ROUTER_H
#define PRUDENT_HTTP_ROUTER_H

#include <stddef.h>

#include "http/request.h"

/* The route for method and path, with its {…} segments in params (pointing into segbuf, n
 * bytes, the caller's). NULL when none matches; then allow lists the methods the path has
 * ("" when the path is unknown: 404, else 405). */
const struct route *http_route_find(const char *method, const char *path, char *segbuf, size_t n,
                                    const char **params, char *allow, size_t allow_n);

#endif
