/* routes.c: the static route table of the service (see routes.h, docs/api.md) and the few
 * handlers that are nothing but a row of it: health, metrics, the caller, the authorities and the
 * views. Every other handler is declared in the header of its concept (users.h, deals.h,
 * web_*.h), included here. Reporting endpoints are served generically from the views registry
 * (views/view.h), so each GET /api/v1/authorities/CODE/NAME answers as soon as views/NAME is
 * registered, with the very JSON that `prudent NAME --json` prints. */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/moment.h"
#include "http/auth.h"
#include "http/background.h"
#include "http/cash.h"
#include "http/cash_items.h"
#include "http/deal_roll.h"
#include "http/deals.h"
#include "http/movements.h"
#include "http/merger.h"
#include "http/metrics.h"
#include "http/openapi.h"
#include "http/partnerships.h"
#include "http/pool.h"
#include "http/reply.h"
#include "http/routes.h"
#include "http/users.h"
#include "http/web_alerts.h"
#include "http/web_deals.h"
#include "http/web_history.h"
#include "http/web_pages.h"
#include "http/web_reports.h"
#include "http/web_session.h"
#include "service/asat_cache.h"
#include "store/authority.h"
#include "store/db.h"
#include "store/known.h"
#include "store/lease.h"
#include "store/rows.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/err.h"
#include "views/view.h"

static int healthz(struct request *rq)
{
    cJSON *doc = cJSON_CreateObject();
    bool up = false;
    const char *role = NULL;
    for (int attempt = 0; attempt < 2 && !up; attempt++) {
        PGconn *c = pool_conn();
        if (!c)
            break;
        role = lease_database_role(c); /* answers only when the database does */
        up = role != NULL;
        if (!up && PQstatus(c) != CONNECTION_OK)
            pool_drop(); /* the server restarted: one fresh connection may do */
    }
    metrics_set_database_up(up);
    cJSON_AddStringToObject(doc, "status", up ? "ok" : "unavailable");
    cJSON_AddStringToObject(doc, "database", up ? "ok" : "unavailable");
    /* several instances (docs/scaling.md): the role of the database this instance reached, and
     * whether this instance runs the shared background jobs */
    if (role)
        cJSON_AddStringToObject(doc, "database_role", role);
    else
        cJSON_AddNullToObject(doc, "database_role");
    cJSON_AddStringToObject(doc, "background_jobs", background_leading() ? "leader" : "standby");
    return http_json(rq, up ? 200 : 503, doc);
}

static int metrics(struct request *rq)
{
    PGconn *c = pool_conn();
    rq->text = metrics_render(c, http_caller_covers_all(rq, c));
    if (c && PQstatus(c) != CONNECTION_OK)
        pool_drop();
    rq->content_type = "text/plain; version=0.0.4; charset=utf-8";
    rq->status = 200;
    return 200;
}

static int me(struct request *rq)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "name", rq->user.name);
    cJSON_AddStringToObject(doc, "role", user_role_name(rq->user.role));
    cJSON_AddBoolToObject(doc, "all_authorities", rq->user.all_authorities);
    return http_json(rq, 200, doc);
}

/* Row-level security shows the service role only the authorities this user covers. */
static int authorities(struct request *rq)
{
    struct rows *r = authority_rows(rq->db, NULL);
    if (!r)
        return http_db_failure(rq);
    cJSON *doc = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(doc, "authorities");
    for (int i = 0; i < rows_count(r); i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", rows_get(r, i, "code"));
        cJSON_AddStringToObject(o, "name", rows_get(r, i, "name"));
        cJSON_AddItemToArray(arr, o);
    }
    rows_free(r);
    return http_json(rq, 200, doc);
}

static int authority(struct request *rq)
{
    struct authority a;
    char *name = NULL;
    int found = authority_find(rq->db, rq->authority.code, &a, &name);
    if (found < 0)
        return http_db_failure(rq);
    if (found == 0) { /* row-level security hid it: never expected */
        return http_error(rq, PR_ERR_FORBIDDEN_AUTHORITY, "code", "authority %s is not visible", rq->authority.code);
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "code", a.code);
    cJSON_AddStringToObject(doc, "name", name);
    free(name);
    cJSON *v = cJSON_AddArrayToObject(doc, "views");
    for (const struct view *w = views; w->name; w++)
        cJSON_AddItemToArray(v, cJSON_CreateString(w->name));
    json_add_date(doc, "today", clock_today()); /* the service's date: the reports page's quarters */
    return http_json(rq, 200, doc);
}

/* A date query parameter into *out (left alone when absent). Returns 0 or the 400 status. */
static int date_param(struct request *rq, const char *name, date_t *out)
{
    const char *s = http_query(rq, name), *why;
    if (!s)
        return 0;
    if (!date_parse(s, out, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, name, "%s \"%s\": %s", name, s, why);
    return 0;
}

/* as_known_at (ISO 8601): the rest of the request's transaction reads the book as known at that
 * moment (store/known.h). Returns 0 or the 400/503 status. */
static int known_at_param(struct request *rq)
{
    const char *s = http_query(rq, "as_known_at"), *why;
    if (!s)
        return 0;
    if (!moment_iso_valid(s, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "as_known_at", "as_known_at \"%s\": %s", s, why);
    return known_at_set(rq->db, s, true) < 0 ? http_db_failure(rq) : 0;
}

static int view(struct request *rq)
{
    const struct view *v = view_find(rq->params[1]);
    struct view_args args = {.as_of = clock_today(), .from = DATE_NONE, .to = DATE_NONE,
                             .reference_date = DATE_NONE, .wire = true}; /* printed, never read */
    int st;
    if ((st = date_param(rq, "as_of", &args.as_of)) || (st = date_param(rq, "from", &args.from)) ||
        (st = date_param(rq, "to", &args.to)) || (st = date_param(rq, "reference_date", &args.reference_date)))
        return st;
    const char *all = http_query(rq, "all");
    args.all = all && (strcmp(all, "true") == 0 || strcmp(all, "1") == 0 || *all == '\0');
    if (args.from != DATE_NONE && args.to != DATE_NONE && args.to < args.from)
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "to", "to is before from");
    if (view_live(v) && http_query(rq, "as_known_at"))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "as_known_at",
                          "as_known_at is not available: %s are kept only as they are now", v->name);
    if ((st = known_at_param(rq)))
        return st;
    int code = EXIT_DEP;
    cJSON *doc = NULL;
    /* portfolio and limits without as_known_at: from the service's memory when it can
     * (service/asat_cache.h), else the database path */
    if (http_query(rq, "as_known_at") ||
        asat_view_build(rq->db, &rq->authority, v, &args, &rq->seen, &doc, &code) != 0)
        doc = v->build(rq->db, &rq->authority, &args, &code);
    if (doc)
        return http_json(rq, 200, doc);
    if (code == EXIT_BAD)
        return http_error(rq, PR_ERR_INVALID_REQUEST, NULL, "the %s view refused these parameters", v->name);
    return http_db_failure(rq);
}

const struct route http_routes[] = {
    {.method = "GET", .pattern = "/healthz", .handler = healthz},
    {.method = "GET", .pattern = "/metrics", .handler = metrics},
    {.method = "GET", .pattern = "/api/v1/me", .handler = me, .role = ROLE_VIEWER, .flags = ROUTE_AUTH},
    {.method = "GET", .pattern = "/api/v1/authorities", .handler = authorities, .role = ROLE_VIEWER,
     .flags = ROUTE_AUTH},
    {.method = "GET", .pattern = "/api/v1/authorities/{code}", .handler = authority, .role = ROLE_VIEWER,
     .flags = ROUTE_AUTH},
    {.method = "GET", .pattern = "/api/v1/authorities/{code}/{view}", .handler = view, .role = ROLE_VIEWER,
     .flags = ROUTE_AUTH | ROUTE_READ},
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/check", .handler = http_deal_check,
     .role = ROLE_DEALER, .flags = ROUTE_AUTH | ROUTE_BODY | ROUTE_OWN_TX | ROUTE_LAZY_SCOPE},
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/deals", .handler = http_deal_book,
     .role = ROLE_DEALER, .flags = ROUTE_AUTH | ROUTE_BODY | ROUTE_OWN_TX},
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/deals/{ref}/approve", .handler = http_deal_approve,
     .role = ROLE_APPROVER, .flags = ROUTE_AUTH | ROUTE_OWN_TX},
    {.method = "POST", .pattern = "/api/v1/users", .handler = http_user_add, .role = ROLE_ADMIN,
     .flags = ROUTE_AUTH | ROUTE_BODY | ROUTE_OWNER},
    {.method = "DELETE", .pattern = "/api/v1/users/{name}", .handler = http_user_revoke, .role = ROLE_ADMIN,
     .flags = ROUTE_AUTH | ROUTE_OWNER},
    /* the web pages and what they need (web_*.c, docs/web.md) */
    {.method = "GET", .pattern = "/", .handler = web_page},
    {.method = "GET", .pattern = "/static/{file}", .handler = web_static},
    {.method = "POST", .pattern = "/api/v1/session", .handler = web_sign_in, .flags = ROUTE_DB | ROUTE_BODY},
    {.method = "GET", .pattern = "/api/v1/session", .handler = web_session_info, .role = ROLE_VIEWER,
     .flags = ROUTE_AUTH},
    {.method = "DELETE", .pattern = "/api/v1/session", .handler = web_sign_out, .role = ROLE_VIEWER,
     .flags = ROUTE_AUTH | ROUTE_OWNER}, /* the owner: web_sessions is not the service role's */
    {.method = "GET", .pattern = "/api/v1/authorities/{code}/deals", .handler = web_deals, .role = ROLE_VIEWER,
     .flags = ROUTE_AUTH},
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/deals/{ref}/reject", .handler = web_deal_reject,
     .role = ROLE_APPROVER, .flags = ROUTE_AUTH | ROUTE_OWN_TX},
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/deals/{ref}/withdraw", .handler = web_deal_withdraw,
     .role = ROLE_DEALER, .flags = ROUTE_AUTH | ROUTE_OWN_TX},
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/alerts/{id}/acknowledge", .handler = web_alert_ack,
     .role = ROLE_DEALER, .flags = ROUTE_AUTH | ROUTE_OWN_TX},
    {.method = "GET", .pattern = "/api/v1/authorities/{code}/reports/{kind}", .handler = web_report,
     .role = ROLE_VIEWER, .flags = ROUTE_AUTH | ROUTE_READ},
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/deals/{ref}/roll", .handler = http_deal_roll,
     .role = ROLE_DEALER, .flags = ROUTE_AUTH | ROUTE_BODY | ROUTE_OWN_TX},
    {.method = "GET", .pattern = "/api/v1/authorities/{code}/deals/{ref}/history", .handler = web_history,
     .role = ROLE_VIEWER, .flags = ROUTE_AUTH},
    /* money in and out of a holding (movements.c) */
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/deals/{ref}/movements", .handler = http_deal_movement,
     .role = ROLE_DEALER, .flags = ROUTE_AUTH | ROUTE_BODY | ROUTE_OWN_TX},
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/deals/{ref}/repay", .handler = http_deal_repay,
     .role = ROLE_DEALER, .flags = ROUTE_AUTH | ROUTE_BODY | ROUTE_OWN_TX},
    {.method = "POST", .pattern = "/api/v1/users/{name}/approve", .handler = http_user_approve, .role = ROLE_ADMIN,
     .flags = ROUTE_AUTH | ROUTE_OWNER},
    /* the API's own description, built from this table (openapi.c: a new route needs a row there) */
    {.method = "GET", .pattern = "/api/v1/openapi.json", .handler = http_openapi},
    /* cash (cash.c, docs/cash.md): not rows of views[], they take parameters of their own */
    {.method = "GET", .pattern = "/api/v1/authorities/{code}/accounts", .handler = http_cash_accounts,
     .role = ROLE_VIEWER, .flags = ROUTE_AUTH},
    {.method = "GET", .pattern = "/api/v1/authorities/{code}/cashflow", .handler = http_cash_flow,
     .role = ROLE_VIEWER, .flags = ROUTE_AUTH},
    {.method = "GET", .pattern = "/api/v1/authorities/{code}/position", .handler = http_cash_position,
     .role = ROLE_VIEWER, .flags = ROUTE_AUTH},
    {.method = "GET", .pattern = "/api/v1/authorities/{code}/reconcile", .handler = http_cash_reconcile,
     .role = ROLE_VIEWER, .flags = ROUTE_AUTH},
    /* forecast items one at a time (cash_items.c) */
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/cashflow/items", .handler = http_cash_item_add,
     .role = ROLE_DEALER, .flags = ROUTE_AUTH | ROUTE_BODY | ROUTE_OWN_TX},
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/cashflow/items/{item}/amend",
     .handler = http_cash_item_amend, .role = ROLE_DEALER, .flags = ROUTE_AUTH | ROUTE_BODY | ROUTE_OWN_TX},
    {.method = "POST", .pattern = "/api/v1/authorities/{code}/cashflow/items/{item}/cancel",
     .handler = http_cash_item_cancel, .role = ROLE_DEALER, .flags = ROUTE_AUTH | ROUTE_BODY | ROUTE_OWN_TX},
    /* partnerships (partnerships.c, docs/shared-services.md): over the members the token covers */
    {.method = "GET", .pattern = "/api/v1/partnerships", .handler = http_partnerships, .role = ROLE_VIEWER,
     .flags = ROUTE_AUTH},
    {.method = "GET", .pattern = "/api/v1/partnerships/{partnership}/limits", .handler = http_partnership_limits,
     .role = ROLE_VIEWER, .flags = ROUTE_AUTH | ROUTE_READ},
    {.method = "GET", .pattern = "/api/v1/partnerships/{partnership}/portfolio",
     .handler = http_partnership_portfolio, .role = ROLE_VIEWER, .flags = ROUTE_AUTH | ROUTE_READ},
    /* a merger on a vesting day (merger.c): {successor}, not {code}, so the scope is every
     * authority the token covers */
    {.method = "POST", .pattern = "/api/v1/authorities/{successor}/merge", .handler = http_authority_merge,
     .role = ROLE_ADMIN, .flags = ROUTE_AUTH | ROUTE_BODY | ROUTE_OWN_TX},
    /* forecast items as they stand and one item's versions (cash_items.c) */
    {.method = "GET", .pattern = "/api/v1/authorities/{code}/cashflow/items", .handler = http_cash_items,
     .role = ROLE_VIEWER, .flags = ROUTE_AUTH},
    {.method = "GET", .pattern = "/api/v1/authorities/{code}/cashflow/items/{item}", .handler = http_cash_item_history,
     .role = ROLE_VIEWER, .flags = ROUTE_AUTH},
    /* a partnership's combined cash-flow forecast (partnerships.c) */
    {.method = "GET", .pattern = "/api/v1/partnerships/{partnership}/cashflow",
     .handler = http_partnership_cashflow, .role = ROLE_VIEWER, .flags = ROUTE_AUTH | ROUTE_READ},
    /* a partnership's members of a date, as `partnership show` (partnerships.c) */
    {.method = "GET", .pattern = "/api/v1/partnerships/{partnership}", .handler = http_partnership_show,
     .role = ROLE_VIEWER, .flags = ROUTE_AUTH | ROUTE_READ},
    {NULL, NULL, NULL, ROLE_NONE, 0},
};
