/* web_history.c: GET /api/v1/authorities/CODE/deals/REF/history?from=D&to=D, the dated events of
 * one holding with the balance after each (views/history.h builds it); the web pages' history
 * page (web/app.js, "history") draws it as a table and a balance-over-time chart. */
#include "http/reply.h"
#include "http/web_history.h"
#include "util/err.h"
#include "views/history.h"

/* A date query parameter into *out (DATE_NONE when absent). 0, or the 400 status. */
static int history_date(struct request *rq, const char *name, date_t *out)
{
    const char *s = http_query(rq, name), *why;
    *out = DATE_NONE;
    if (!s || !*s)
        return 0;
    if (!date_parse(s, out, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, name, "%s \"%s\": %s", name, s, why);
    return 0;
}

int web_history(struct request *rq)
{
    date_t from, to;
    int st;
    if ((st = history_date(rq, "from", &from)) || (st = history_date(rq, "to", &to)))
        return st;
    if (from != DATE_NONE && to != DATE_NONE && to < from)
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "to", "to is before from");
    int code = EXIT_DEP;
    cJSON *doc = history_json(rq->db, &rq->authority, rq->params[1], from, to, &code);
    if (doc)
        return http_json(rq, 200, doc);
    if (code == EXIT_BAD)
        return http_error(rq, PR_ERR_NOT_FOUND, "ref", "no deal %s in %s's book", rq->params[1], rq->authority.code);
    return http_db_failure(rq);
}
