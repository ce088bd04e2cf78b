/* merger.c: a merger of authorities through the API (see merger.h). The route names the successor
 * {successor}, not {code}: the request's scope is then every authority the token covers
 * (auth.c), which the merger needs (it reads and writes the predecessors' books too), and an
 * authority the token does not cover is simply not found. Runs as ROUTE_OWN_TX (merger_run makes
 * its transaction). */
#include <string.h>

#include "http/merger.h"
#include "http/reply.h"
#include "service/merger.h"
#include "store/authority.h"
#include "util/err.h"
#include "util/errcode.h"

/* The authority `code` named by `field` into *a, if the token covers it. 0, or the status. */
static int covered(struct request *rq, const char *field, const char *code, struct authority *a)
{
    int found = authority_find(rq->db, code, a, NULL);
    if (found < 0)
        return http_db_failure(rq);
    if (found == 0 && rq->user.all_authorities)
        return http_error_status(rq, strcmp(field, "successor") == 0 ? 404 : 400, PR_ERR_UNKNOWN_AUTHORITY, field,
                                 "no authority %s", code);
    if (found == 0)
        return http_error(rq, PR_ERR_FORBIDDEN_AUTHORITY, field, "this token does not cover authority %s", code);
    return 0;
}

/* "from": the predecessors, each covered, named once, not the successor. 0, or the status. */
static int parse_from(struct request *rq, struct merger_request *m)
{
    const cJSON *from = cJSON_GetObjectItemCaseSensitive(rq->json, "from"), *f;
    if (!cJSON_IsArray(from) || cJSON_GetArraySize(from) < 1 || cJSON_GetArraySize(from) > MERGER_MAX_PREDECESSORS)
        return http_error(rq, PR_ERR_INVALID_FIELD, "from", "from must be a list of 1 to %d authority codes",
                          MERGER_MAX_PREDECESSORS);
    cJSON_ArrayForEach(f, from) {
        if (!cJSON_IsString(f) || !authority_code_valid(f->valuestring))
            return http_error(rq, PR_ERR_INVALID_FIELD, "from", "from must be a list of authority codes");
        struct authority a;
        int st = covered(rq, "from", f->valuestring, &a);
        if (st)
            return st;
        if (a.id == m->into.id)
            return http_error(rq, PR_ERR_INVALID_FIELD, "from", "%s is the successor", a.code);
        for (int i = 0; i < m->nfrom; i++)
            if (m->from[i].id == a.id)
                return http_error(rq, PR_ERR_INVALID_FIELD, "from", "%s is named twice", a.code);
        m->from[m->nfrom++] = a;
    }
    return 0;
}

int http_authority_merge(struct request *rq)
{
    struct merger_request m = {.by = rq->user.name};
    const cJSON *on = cJSON_GetObjectItemCaseSensitive(rq->json, "on");
    const char *why;
    int st = covered(rq, "successor", rq->params[0], &m.into);
    if (st || (st = parse_from(rq, &m)))
        return st;
    if (!cJSON_IsString(on) || !date_parse(on->valuestring, &m.on, &why))
        return http_error(rq, PR_ERR_INVALID_FIELD, "on", "on must be the vesting day, a date such as \"2020-04-01\"");
    cJSON *doc = NULL;
    int rc = merger_run(rq->db, &m, &doc);
    if (rc == EXIT_OK)
        return http_json(rq, 201, doc);
    if (rc == EXIT_BAD && doc) /* refused: the reason the CLI prints, with its code (409) */
        return http_deal_failure(rq, rc, doc);
    cJSON_Delete(doc);
    return http_db_failure(rq);
}
