/* cash.c: GET /api/v1/authorities/CODE/accounts, .../cashflow, .../position and .../reconcile
 * (see cash.h). The documents are built by views/cash.h and views/reconcile.h; the parameters
 * are checked here first so that a bad one is answered as invalid_parameter naming it. */
#include <stdlib.h>
#include <string.h>

#include "http/cash.h"
#include "http/reply.h"
#include "store/cash.h"
#include "util/clock.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "views/cash.h"
#include "views/reconcile.h"

#define CASHFLOW_DEFAULT_DAYS 90 /* to, when not given: from + 90 days (13 weeks less a day) */

/* A date query parameter into *out (left alone when absent or empty). 0, or the 400 status. */
static int date_q(struct request *rq, const char *name, date_t *out)
{
    const char *s = http_query(rq, name), *why;
    if (!s || !*s)
        return 0;
    if (!date_parse(s, out, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, name, "%s \"%s\": %s", name, s, why);
    return 0;
}

/* The account query parameter into *out (NULL when absent), refused unless it is a bank
 * account of the authority. 0, or the 400/503 status. */
static int account_q(struct request *rq, bool required, const char **out)
{
    const char *s = http_query(rq, "account");
    *out = s && *s ? s : NULL;
    if (!*out)
        return required ? http_error(rq, PR_ERR_INVALID_PARAMETER, "account", "give the bank account: account=CODE")
                        : 0;
    struct bank_account *v;
    int n = cash_accounts_load(rq->db, rq->authority.id, &v);
    if (n < 0)
        return http_db_failure(rq);
    bool found = false;
    for (int i = 0; i < n; i++)
        found = found || strcmp(v[i].code, s) == 0;
    free(v);
    return found ? 0
                 : http_error(rq, PR_ERR_INVALID_PARAMETER, "account", "account \"%s\" is not a bank account of %s", s,
                              rq->authority.code);
}

/* Answer doc, or the failure code says. */
static int answer(struct request *rq, cJSON *doc, int code, const char *what)
{
    if (doc)
        return http_json(rq, 200, doc);
    if (code == EXIT_BAD)
        return http_error(rq, PR_ERR_INVALID_REQUEST, NULL, "the %s refused these parameters", what);
    return http_db_failure(rq);
}

int http_cash_accounts(struct request *rq)
{
    int code = EXIT_DEP;
    cJSON *doc = cash_accounts_view(rq->db, &rq->authority, &code);
    return answer(rq, doc, code, "accounts");
}

int http_cash_period(struct request *rq, struct cash_args *args)
{
    *args = (struct cash_args){clock_today(), DATE_NONE, CASH_BY_DAY, NULL};
    int st;
    if ((st = date_q(rq, "from", &args->from)) || (st = date_q(rq, "to", &args->to)))
        return st;
    if (args->to == DATE_NONE)
        args->to = args->from + CASHFLOW_DEFAULT_DAYS;
    const char *by = http_query(rq, "by");
    if (by && *by && !cash_by_parse(by, &args->by))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "by", "by \"%s\": say day, week, month or year", by);
    if (args->to < args->from)
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "to", "to is before from");
    return 0;
}

int http_cash_flow(struct request *rq)
{
    struct cash_args args;
    int st;
    if ((st = http_cash_period(rq, &args)) || (st = account_q(rq, false, &args.account)))
        return st;
    /* written as text: a year by day is about 2,400 items, and the tree cost more than the
     * forecast (views/cash_json.h); the same bytes as the tree's, with respond()'s newline */
    struct strbuf sb = STRBUF_INIT;
    int code = cash_forecast_view_write(rq->db, &rq->authority, &args, &sb);
    if (code != EXIT_OK) {
        strbuf_free(&sb);
        return answer(rq, NULL, code, "cash-flow forecast");
    }
    strbuf_append_char(&sb, '\n');
    rq->text_len = sb.len;
    rq->text = strbuf_steal(&sb);
    rq->content_type = "application/json";
    rq->status = 200;
    return 200;
}

int http_cash_position(struct request *rq)
{
    date_t date = clock_today();
    int st = date_q(rq, "date", &date);
    if (st)
        return st;
    int code = EXIT_DEP;
    cJSON *doc = cash_position_view(rq->db, &rq->authority, date, &code);
    return answer(rq, doc, code, "position");
}

int http_cash_reconcile(struct request *rq)
{
    struct reconcile_args args = {NULL, DATE_NONE, DATE_NONE};
    int st;
    if ((st = date_q(rq, "from", &args.from)) || (st = date_q(rq, "to", &args.to)))
        return st;
    if (args.from != DATE_NONE && args.to != DATE_NONE && args.to < args.from)
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "to", "to is before from");
    if ((st = account_q(rq, true, &args.account)))
        return st;
    int code = EXIT_DEP;
    cJSON *doc = reconcile_view(rq->db, &rq->authority, &args, &code);
    return answer(rq, doc, code, "reconciliation (a statement of the account is needed)");
}
