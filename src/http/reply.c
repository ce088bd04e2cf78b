/* reply.c: how a handler answers (see reply.h): JSON answers, error answers from the error table
 * (util/errcode.h), the answer for a failed database step or a refused deal, and query
 * parameters. */
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>

#include "http/reply.h"
#include "util/err.h"

int http_json(struct request *rq, int status, cJSON *doc)
{
    cJSON_Delete(rq->reply);
    rq->reply = doc;
    rq->status = status;
    return status;
}

/* The answer {"error": {"code", "message", "field"}} with status. */
static int error_answer(struct request *rq, int status, enum pr_error code, const char *field, const char *fmt,
                        va_list ap)
{
    char msg[512];
    if (fmt)
        vsnprintf(msg, sizeof msg, fmt, ap);
    else
        snprintf(msg, sizeof msg, "%s", pr_error_message(code));
    return http_json(rq, status, pr_error_doc(code, msg, field));
}

int http_error(struct request *rq, enum pr_error code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int status = pr_error_status(code);
    status = error_answer(rq, status ? status : 500, code, field, fmt, ap); /* 0: not an HTTP answer */
    va_end(ap);
    return status;
}

int http_error_status(struct request *rq, int status, enum pr_error code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    status = error_answer(rq, status, code, field, fmt, ap);
    va_end(ap);
    return status;
}

int http_db_failure(struct request *rq)
{
    if (!rq->db || PQstatus(rq->db) != CONNECTION_OK)
        return http_error(rq, PR_ERR_DATABASE_UNAVAILABLE, NULL, NULL);
    return http_error(rq, PR_ERR_INTERNAL, NULL, NULL);
}

int http_deal_failure(struct request *rq, int rc, cJSON *doc)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(doc, "error");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
    const struct pr_error_row *row = pr_error_by_wire(cJSON_IsString(code) ? code->valuestring : NULL);
    if (rc == EXIT_DEP || !cJSON_IsString(code) || (row && !row->http_status)) {
        cJSON_Delete(doc);
        return http_db_failure(rq);
    }
    /* a code the table does not know: 403 for a refusal (EXIT_NO), else 400 */
    int status = row ? row->http_status : rc == EXIT_NO ? 403 : 400;
    return http_json(rq, status, doc);
}

const char *http_query(struct request *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->mc, MHD_GET_ARGUMENT_KIND, name);
}
