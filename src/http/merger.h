/* merger.h: a merger of authorities over the API (merger.c; routes.c lists it, docs/api.md and
 * docs/shared-services.md describe it), the same use case as `prudent authority merge`
 * (service/merger.h). The acting admin is the token's user. */
#ifndef PRUDENT_HTTP_MERGER_H
#define PRUDENT_HTTP_MERGER_H

#include "http/request.h"

/* POST /api/v1/authorities/{successor}/merge {"from": [CODE, ...], "on": DATE}: 201 with the
 * merger's document; 403 forbidden_authority unless the token covers the successor and every
 * predecessor. Returns the HTTP status after answering. */
int http_authority_merge(struct request *rq);

#endif
