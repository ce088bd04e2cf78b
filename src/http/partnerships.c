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
    struct rows *r = partnership_rows(rq->db, clock_today());
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

/* The partnership in the path into *p (partnership_free), its members those the token covers
 * that are members on a day from..to.
 * 0, or the status after answering (404 when it has no member the token covers). */
static int find(struct request *rq, date_t from, date_t to, struct partnership *p)
{
    int found = partnership_find(rq->db, rq->params[0], from, to, p);
    if (found < 0)
        return http_db_failure(rq);
    if (found && p->nmembers == 0)
        partnership_free(p);
    if (!found || p->nmembers == 0)
        return http_error(rq, PR_ERR_UNKNOWN_PARTNERSHIP, NULL, "no partnership %s with a member this token covers",
                          rq->params[0]);
    return 0;
}

/* ?as_known_at: read as the database knew it then. 0, or the status after answering. */
static int known_at(struct request *rq)
{
    const char *known = http_query(rq, "as_known_at"), *why;
    if (known && !moment_iso_valid(known, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "as_known_at", "as_known_at \"%s\": %s", known, why);
    if (known && known_at_set(rq->db, known, true) < 0)
        return http_db_failure(rq);
    return 0;
}

/* ?as_of into *as_of (default today). 0, or the status after answering. */
static int as_of(struct request *rq, date_t *out)
{
    *out = clock_today();
    const char *s = http_query(rq, "as_of"), *why;
    if (s && !date_parse(s, out, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "as_of", "as_of \"%s\": %s", s, why);
    return 0;
}

/* The partnership view named name of the partnership in the path, as of ?as_of (default today)
 * and, with ?as_known_at, as the database knew it then. */
static int partnership_view(struct request *rq, const char *name)
{
    struct view_args args = {.as_of = clock_today(), .from = DATE_NONE, .to = DATE_NONE,
                             .reference_date = DATE_NONE};
    int bad = as_of(rq, &args.as_of);
    if (bad || (bad = known_at(rq)))
        return bad;
    struct partnership p;
    int st = find(rq, args.as_of, args.as_of, &p);
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
    if (st || (st = known_at(rq)) || (st = find(rq, args.from, args.to, &p)))
        return st;
    int code = EXIT_DEP;
    cJSON *doc = cash_forecast_partnership(rq->db, &p, &args, &code);
    partnership_free(&p);
    if (doc)
        return http_json(rq, 200, doc);
    return code == EXIT_BAD ? http_error(rq, PR_ERR_INVALID_PARAMETER, NULL, "the combined forecast refused this period")
                            : http_db_failure(rq);
}

int http_partnership_show(struct request *rq)
{
    date_t day;
    int bad = as_of(rq, &day);
    if (bad || (bad = known_at(rq)))
        return bad;
    struct rows *r = partnership_detail_rows(rq->db, rq->params[0], day);
    struct rows *ch = r ? partnership_change_rows(rq->db, rq->params[0]) : NULL;
    if (!r || !ch) {
        rows_free(r);
        return http_db_failure(rq);
    }
    int st;
    if (rows_count(r) == 0 || !*rows_get(r, 0, "code")) {
        st = http_error(rq, PR_ERR_UNKNOWN_PARTNERSHIP, NULL, "no partnership %s with a member this token covers",
                        rq->params[0]);
    } else {
        st = http_json(rq, 200, view_partnership_show(r, ch));
    }
    rows_free(ch);
    rows_free(r);
    return st;
}
