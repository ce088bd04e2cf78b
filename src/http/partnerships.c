/* partnerships.c: GET /api/v1/partnerships and GET /api/v1/partnerships/CODE/limits|portfolio|
 * cashflow (see partnerships.h). The route has no {code}: the request's scope is every authority the
 * token covers, so the store and the views see only those members; a partnership none of whose
 * members the token covers is answered as no partnership at all (404 unknown_partnership). */
#include <stdlib.h>
#include <string.h>

#include "core/moment.h"
#include "http/cash.h"
#include "http/partnerships.h"
#include "http/reply.h"
#include "store/known.h"
#include "store/partnership.h"
#include "util/clock.h"
#include "util/err.h"
#include "views/partnership.h"

int http_partnerships(struct request *rq)
{
    struct rows *r = partnership_rows(rq->db);
    if (!r)
        return http_db_failure(rq);
    cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "partnerships");
    for (int i = 0; i < rows_count(r); i++) {
        const char *members = rows_get(r, i, "members");
        if (!*members) /* no member this token covers */
            continue;
        cJSON *o = cJSON_CreateObject(), *m = cJSON_AddArrayToObject(o, "members");
        cJSON_AddStringToObject(o, "code", rows_get(r, i, "code"));
        cJSON_AddStringToObject(o, "name", rows_get(r, i, "name"));
        char *list = strdup(members), *save = NULL;
        for (char *t = list ? strtok_r(list, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save))
            cJSON_AddItemToArray(m, cJSON_CreateString(t));
        free(list);
        cJSON_AddItemToArray(arr, o);
    }
    rows_free(r);
    return http_json(rq, 200, doc);
}

/* The partnership in the path into *p (partnership_free), its members those the token covers.
 * 0, or the status after answering (404 when it has no member the token covers). */
static int find(struct request *rq, struct partnership *p)
{
    int found = partnership_find(rq->db, rq->params[0], p);
    if (found < 0)
        return http_db_failure(rq);
    if (found && p->nmembers == 0)
        partnership_free(p);
    if (!found || p->nmembers == 0)
        return http_error(rq, PR_ERR_UNKNOWN_PARTNERSHIP, NULL, "no partnership %s with a member this token covers",
                          rq->params[0]);
    return 0;
}

/* The partnership view named name of the partnership in the path, as of ?as_of (default today)
 * and, with ?as_known_at, as the database knew it then. */
static int partnership_view(struct request *rq, const char *name)
{
    struct view_args args = {.as_of = clock_today(), .from = DATE_NONE, .to = DATE_NONE,
                             .reference_date = DATE_NONE};
    const char *s = http_query(rq, "as_of"), *why;
    if (s && !date_parse(s, &args.as_of, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "as_of", "as_of \"%s\": %s", s, why);
    const char *known = http_query(rq, "as_known_at");
    if (known && !moment_iso_valid(known, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "as_known_at", "as_known_at \"%s\": %s", known, why);
    if (known && known_at_set(rq->db, known, true) < 0)
        return http_db_failure(rq);
    struct partnership p;
    int st = find(rq, &p);
    if (st)
        return st;
    int code = EXIT_DEP;
    cJSON *doc = view_partnership_build(rq->db, name, &p, &args, &code);
    partnership_free(&p);
    if (doc)
        return http_json(rq, 200, doc);
    return code == EXIT_BAD ? http_error(rq, PR_ERR_INVALID_REQUEST, NULL, "the partnership %s view refused this", name)
                            : http_db_failure(rq);
}

int http_partnership_limits(struct request *rq)
{
    return partnership_view(rq, "limits");
}

int http_partnership_portfolio(struct request *rq)
{
    return partnership_view(rq, "portfolio");
}

int http_partnership_cashflow(struct request *rq)
{
    struct cash_args args;
    struct partnership p;
    int st = http_cash_period(rq, &args);
    if (st || (st = find(rq, &p)))
        return st;
    int code = EXIT_DEP;
    cJSON *doc = cash_forecast_partnership(rq->db, &p, &args, &code);
    partnership_free(&p);
    if (doc)
        return http_json(rq, 200, doc);
    return code == EXIT_BAD ? http_error(rq, PR_ERR_INVALID_PARAMETER, NULL, "the combined forecast refused this period")
                            : http_db_failure(rq);
}
