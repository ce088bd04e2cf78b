/* openapi.h: GET /api/v1/openapi.json, the OpenAPI 3.1 document of the service, built from the
 * one route table (routes.c) and a table of each route's description kept beside it here
 * (openapi.c), with the error codes of util/errcode.c. A route without a description, or a
 * description without a route, is named by openapi_check (tests/unit/test_openapi.c). */
#ifndef PRUDENT_HTTP_OPENAPI_H
#define PRUDENT_HTTP_OPENAPI_H

#include <stddef.h>

#include "http/request.h"
#include "util/json.h"

/* What the route table does not say about one route, keyed by method and pattern. */
struct route_doc {
    const char *method;
    const char *pattern;
    const char *summary;  /* one line */
    const char *query;    /* query parameters, comma-separated names of openapi.c's table, or NULL */
    const char *body;     /* the request body's schema (components/schemas), or NULL: none */
    int status;           /* the success status (200, 201) */
    const char *response; /* its body's schema, or NULL: application/json of any shape */
    const char *errors;   /* error codes (wire names, comma-separated) this route answers beyond
                           * the ones every route of its kind answers */
};

extern const struct route_doc http_route_docs[]; /* ends with a row of NULLs */

/* 0 when every route of http_routes has exactly one description and every description a
 * route; otherwise -1 with the first mismatch named in msg ("route GET /x has no description
 * in src/http/openapi.c"). */
int openapi_check(char *msg, size_t n);

/* The OpenAPI 3.1 document (a route without a description is listed with the summary
 * "undocumented"). The caller owns it. */
cJSON *openapi_document(void);

/* GET /api/v1/openapi.json */
int http_openapi(struct request *rq);

#endif
