/* reply.h: the helpers every handler answers with (reply.c): a JSON answer, an error answer from
 * the error table (util/errcode.h, listed in docs/api.md), the answer for a failed database
 * step, and the query parameters. reply.c includes no other file of src/http but request.h, so
 * any handler may use these without depending on the daemon (server.c). */
#ifndef PRUDENT_HTTP_REPLY_H
#define PRUDENT_HTTP_REPLY_H

#include <cjson/cJSON.h>

#include "http/request.h"
#include "util/errcode.h"

/* Set a JSON answer (taken over) and return status. */
int http_json(struct request *rq, int status, cJSON *doc);
/* Set an error answer {"error": {"code", "message", "field"}} with the code's status (util/
 * errcode.h, listed in docs/api.md) and return that status. field may be NULL (JSON null); fmt
 * NULL means the code's default message. */
int http_error(struct request *rq, enum pr_error code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with another status than the code's: only the row's alt_status (e.g. 400
 * unknown_authority for a body naming an authority, where the path's is 404), and say why. */
int http_error_status(struct request *rq, int status, enum pr_error code, const char *field, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));
/* An answer for a failed database step: 503 database_unavailable when the connection is lost,
 * else 500 internal. */
int http_db_failure(struct request *rq);
/* Answer an error document of service/deal.h ({"error": {"code", ...}}, taken over) given the
 * function's exit code rc: the status is the code's (util/errcode.h); EXIT_DEP, or a document
 * without a code, is http_db_failure. */
int http_deal_failure(struct request *rq, int rc, cJSON *doc);
/* The value of query parameter name, or NULL (the request's, valid while it lasts). */
const char *http_query(struct request *rq, const char *name);

#endif
