/* routes.h: the static route table of the service (routes.c; docs/api.md describes each
 * endpoint). */
#ifndef PRUDENT_HTTP_ROUTES_H
#define PRUDENT_HTTP_ROUTES_H

#include "http/request.h"

extern const struct route http_routes[]; /* ends with a row of NULLs */

#endif
