/* openapi.c: the OpenAPI 3.1 document of the service (see openapi.h). Each route of the route
 * table (routes.c) has one row in http_route_docs below: its summary, query parameters, body and
 * response schemas and the error codes it answers. The paths, methods, path parameters, the
 * least role and the security come from the route table itself; the error schema's codes from
 * util/errcode.c. A new route needs a row here: tests/unit/test_openapi.c names any route
 * without one. */
#include "http/openapi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/reply.h"
#include "http/routes.h"
#include "store/user.h"
#include "util/errcode.h"
#include "views/view.h"

#define VIEW_QUERY "as_of,from,to,reference_date,all"

const struct route_doc http_route_docs[] = {
    {"GET", "/healthz", "Whether the service and its database are up", NULL, NULL, 200, "Health",
     "database_unavailable"},
    {"GET", "/metrics", "Prometheus metrics (text/plain)", NULL, NULL, 200, NULL, NULL},
    {"GET", "/api/v1/me", "Who the token belongs to", NULL, NULL, 200, "Me", NULL},
    {"GET", "/api/v1/authorities", "The authorities the token covers", NULL, NULL, 200, "Authorities", NULL},
    {"GET", "/api/v1/authorities/{code}", "One authority and the views it answers", NULL, NULL, 200, "Authority",
     "not_found,unknown_authority"},
    {"GET", "/api/v1/authorities/{code}/{view}",
     "A reporting view as at a date: the JSON that `prudent VIEW --json` prints", VIEW_QUERY, NULL, 200, NULL,
     "invalid_parameter,invalid_request,not_found,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/check", "Pre-deal check: may this deal be placed?", NULL, "DealCheck", 200,
     "CheckResult", "malformed_json,invalid_field,invalid,unknown_counterparty,body_too_large,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/deals", "Book a deal (pending until a second officer approves it)", NULL,
     "Deal", 201, "DealStatus",
     "malformed_json,invalid_field,invalid,unknown_counterparty,limit_breach,exists,body_too_large,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/deals/{ref}/approve", "Approve a pending deal (four eyes)", NULL, NULL,
     200, "DealStatus", "same_person,not_found,not_pending,unknown_authority"},
    {"POST", "/api/v1/users", "Add a user and make its token (shown once)", NULL, "NewUser", 201, "User",
     "malformed_json,invalid_field,user_exists,unknown_authority,body_too_large"},
    {"DELETE", "/api/v1/users/{name}", "Revoke a user's token", NULL, NULL, 200, NULL, "unknown_user"},
    {"GET", "/", "The web pages (text/html)", NULL, NULL, 200, NULL, NULL},
    {"GET", "/static/{file}", "The web pages' static files", NULL, NULL, 200, NULL, "not_found"},
    {"POST", "/api/v1/session", "Sign in with a token for a session cookie", NULL, "SignIn", 200, "Session",
     "malformed_json,invalid_field,invalid_token,unsupported_media_type,body_too_large"},
    {"GET", "/api/v1/session", "The signed-in session", NULL, NULL, 200, "Session", "session_expired"},
    {"DELETE", "/api/v1/session", "Sign out", NULL, NULL, 200, NULL, "session_expired,csrf"},
    {"GET", "/api/v1/authorities/{code}/deals", "The authority's deals with their status", "status", NULL, 200,
     NULL, "invalid_parameter,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/deals/{ref}/reject", "Reject a pending deal (four eyes)", NULL, "Reason",
     200, "DealStatus", "malformed_json,invalid_field,same_person,not_found,not_pending,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/deals/{ref}/withdraw", "The booker takes a pending deal back", NULL,
     "Reason", 200, "DealStatus", "malformed_json,invalid_field,not_booker,not_found,not_pending,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/alerts/{id}/acknowledge", "Acknowledge an alert", NULL, NULL, 200, NULL,
     "not_found,resolved,unknown_authority"},
    {"GET", "/api/v1/authorities/{code}/reports/{kind}", "A committee report (HTML, XLSX, CSV, MD, JSON or PDF by format)",
     "as_of,from,to,format,quarter", NULL, 200, NULL, "invalid_parameter,not_found,unknown_authority"},
    {"GET", "/api/v1/openapi.json", "This document: the OpenAPI 3.1 description of the service", NULL, NULL, 200,
     NULL, NULL},
    {"POST", "/api/v1/authorities/{code}/deals/{ref}/roll", "Roll a confirmed dated deal over at its maturity",
     NULL, "Roll", 201, "Deal",
     "malformed_json,invalid_field,invalid,not_found,not_confirmed,rolled,exists,limit_breach,unknown_authority"},
    {"GET", "/api/v1/authorities/{code}/deals/{ref}/history", "A holding's events with the balance after each",
     "from,to", NULL, 200, NULL, "invalid_parameter,not_found,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/deals/{ref}/movements", "Money into (a top-up) or out of an account",
     NULL, "Movement", 201, NULL,
     "malformed_json,invalid_field,invalid,not_found,not_pending,exists,limit_breach,below_zero,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/deals/{ref}/repay", "Repay a dated deal early, whole or in part", NULL,
     "Repay", 201, NULL, "malformed_json,invalid_field,invalid,not_found,not_pending,below_zero,unknown_authority"},
    {"POST", "/api/v1/users/{name}/approve", "A second admin approves a user made by another (four eyes)", NULL,
     NULL, 200, "User", "same_admin,unknown_user"},
    {"GET", "/api/v1/authorities/{code}/accounts", "The authority's bank accounts (`prudent accounts --json`)", NULL,
     NULL, 200, NULL, "unknown_authority"},
    {"GET", "/api/v1/authorities/{code}/cashflow",
     "The cash-flow forecast by day, week, month or financial year (`prudent cashflow --json`); to defaults to from + 90 days",
     "from,to,by,account", NULL, 200, NULL, "invalid_parameter,invalid_request,unknown_authority"},
    {"GET", "/api/v1/authorities/{code}/position", "The morning position on a date (`prudent position --json`)",
     "date", NULL, 200, NULL, "invalid_parameter,unknown_authority"},
    {"GET", "/api/v1/authorities/{code}/reconcile",
     "A bank account's statement lines matched to the flows expected (`prudent reconcile --json`)",
     "account,from,to", NULL, 200, NULL, "invalid_parameter,invalid_request,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/cashflow/items", "Add a forecast item (`prudent cashflow add`)", NULL,
     "CashItem", 201, "CashItemResult", "malformed_json,invalid_field,invalid,exists,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/cashflow/items/{item}/amend",
     "Amend a forecast item: the terms given change (`prudent cashflow amend`)", NULL, "CashItem", 201,
     "CashItemResult", "malformed_json,invalid_field,invalid,not_found,cancelled,unknown_authority"},
    {"POST", "/api/v1/authorities/{code}/cashflow/items/{item}/cancel",
     "Cancel a forecast item (`prudent cashflow cancel`); the body {\"reason\"?}", NULL, NULL, 201, "CashItemResult",
     "malformed_json,invalid_field,not_found,cancelled,unknown_authority"},
    {"GET", "/api/v1/partnerships", "The partnerships with a member the token covers, with those members", NULL, NULL,
     200, NULL, NULL},
    {"GET", "/api/v1/partnerships/{partnership}/limits",
     "Exposure by counterparty combined across the members the token covers, beside each member's own "
     "(`prudent limits --partnership CODE --json`)",
     "as_of,as_known_at", NULL, 200, NULL, "invalid_parameter,unknown_partnership"},
    {"GET", "/api/v1/partnerships/{partnership}/portfolio",
     "The members' portfolios summed (`prudent portfolio --partnership CODE --json`)", "as_of,as_known_at", NULL,
     200, NULL, "invalid_parameter,unknown_partnership"},
    {"POST", "/api/v1/authorities/{successor}/merge",
     "Merge predecessors into the successor on a vesting day (`prudent authority merge`); the body {\"from\": "
     "[CODE, ...], \"on\"}; an admin covering the successor and every predecessor", NULL, NULL, 201, NULL,
     "malformed_json,invalid_field,invalid_request,forbidden_authority,unknown_authority"},
    {"GET", "/api/v1/authorities/{code}/cashflow/items",
     "The forecast items as they stand, live (all=true: cancelled ones too), each with who changed it last "
     "(`prudent cashflow items --json`)",
     "all,as_known_at", NULL, 200, NULL, "invalid_parameter,unknown_authority"},
    {"GET", "/api/v1/authorities/{code}/cashflow/items/{item}",
     "A forecast item's versions oldest first: each change's terms, who, when and why (`prudent cashflow items "
     "CF3 --json`)",
     "as_known_at", NULL, 200, NULL, "invalid_parameter,not_found,unknown_authority"},
    {"GET", "/api/v1/partnerships/{partnership}/cashflow",
     "The members' cash-flow forecasts combined, the flows between members eliminated and listed "
     "(`prudent cashflow --partnership CODE --json`); to defaults to from + 90 days",
     "from,to,by,as_known_at", NULL, 200, NULL, "invalid_parameter,unknown_partnership"},
    {"GET", "/api/v1/partnerships/{partnership}",
     "The partnership with its members of a date (those the token covers) and its member changes "
     "(`prudent partnership show CODE --as-of DATE --json`)",
     "as_of,as_known_at", NULL, 200, NULL, "invalid_parameter,unknown_partnership"},
    {NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL},
};

/* Path and query parameters by name: {name, in, description}. */
static const char *const params[][3] = {
    {"code", "path", "the authority's code, e.g. BORSET"},
    {"view", "path", "a reporting view (the list: GET /api/v1/authorities/{code})"},
    {"ref", "path", "the deal's ref"},
    {"name", "path", "the user's name"},
    {"file", "path", "a static file's name"},
    {"id", "path", "the alert's id"},
    {"kind", "path", "the report: indicators, portfolio, outturn, ..."},
    {"as_of", "query", "the date to report at (default today), YYYY-MM-DD"},
    {"from", "query", "the period's first day, YYYY-MM-DD"},
    {"to", "query", "the period's last day, YYYY-MM-DD"},
    {"reference_date", "query", "the date the view measures from, YYYY-MM-DD"},
    {"all", "query", "true: every row, not only those in force"},
    {"status", "query", "only deals of this status (pending, confirmed, cancelled)"},
    {"format", "query", "html, xlsx, csv, md, json or pdf"},
    {"quarter", "query", "the quarterly report's financial-year quarter, YYYY-QN (2024-Q1: April to June 2024)"},
    {"by", "query", "the forecast's periods: day, week, month or year (financial years, April to March)"},
    {"account", "query", "a bank account's code (prudent accounts lists them)"},
    {"date", "query", "the day, YYYY-MM-DD (default today)"},
    {"item", "path", "the forecast item's number (its ref CF3 is 3)"},
    {"partnership", "path", "the partnership's code (GET /api/v1/partnerships lists them)"},
    {"as_known_at", "query", "the figures as the database knew them at this moment, ISO 8601"},
};

/* The body and response schemas (components/schemas), besides Error. */
static const char schemas[] =
    "{\"Money\": {\"type\": \"string\", \"pattern\": \"^-?[0-9]+\\\\.[0-9]{2}$\", \"description\": \"pounds, two decimals\"},"
    "\"Rate\": {\"type\": \"string\", \"description\": \"percent, e.g. 6.3722\"},"
    "\"Date\": {\"type\": \"string\", \"format\": \"date\"},"
    "\"Health\": {\"type\": \"object\", \"properties\": {\"status\": {\"enum\": [\"ok\", \"unavailable\"]},"
    "  \"database\": {\"enum\": [\"ok\", \"unavailable\"]},"
    "  \"database_role\": {\"enum\": [\"primary\", \"standby\", null]},"
    "  \"background_jobs\": {\"enum\": [\"leader\", \"standby\"]}}},"
    "\"Me\": {\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}, \"role\": {\"$ref\": \"#/components/schemas/Role\"},"
    "  \"all_authorities\": {\"type\": \"boolean\"}}},"
    "\"Role\": {\"enum\": [\"viewer\", \"dealer\", \"approver\", \"admin\"]},"
    "\"Authorities\": {\"type\": \"object\", \"properties\": {\"authorities\": {\"type\": \"array\", \"items\":"
    "  {\"type\": \"object\", \"properties\": {\"code\": {\"type\": \"string\"}, \"name\": {\"type\": \"string\"}}}}}},"
    "\"Authority\": {\"type\": \"object\", \"properties\": {\"code\": {\"type\": \"string\"}, \"name\": {\"type\": \"string\"},"
    "  \"views\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
    "  \"today\": {\"$ref\": \"#/components/schemas/Date\"}}},"
    "\"DealCheck\": {\"type\": \"object\", \"required\": [\"counterparty\", \"amount\", \"start_date\"], \"properties\": {"
    "  \"counterparty\": {\"type\": \"string\"}, \"amount\": {\"type\": \"string\"}, \"type\": {\"type\": \"string\"},"
    "  \"start_date\": {\"$ref\": \"#/components/schemas/Date\"}, \"maturity_date\": {\"$ref\": \"#/components/schemas/Date\"}}},"
    "\"CheckResult\": {\"type\": \"object\", \"properties\": {\"allowed\": {\"type\": \"boolean\"},"
    "  \"reasons\": {\"type\": \"array\", \"items\": {\"type\": \"object\"}}}},"
    "\"Deal\": {\"type\": \"object\", \"required\": [\"type\", \"counterparty\", \"principal\", \"start_date\"], \"properties\": {"
    "  \"ref\": {\"type\": \"string\"}, \"type\": {\"enum\": [\"fixed\", \"call\", \"notice\", \"mmf\", \"pooled\", \"cd\", \"gilt\", \"tbill\", \"bond\", \"other\"]},"
    "  \"counterparty\": {\"type\": \"string\"}, \"principal\": {\"type\": \"string\", \"description\": \"or amount\"},"
    "  \"rate\": {\"type\": \"string\"}, \"start_date\": {\"$ref\": \"#/components/schemas/Date\"},"
    "  \"maturity_date\": {\"$ref\": \"#/components/schemas/Date\"}, \"notice_days\": {\"type\": \"integer\"},"
    "  \"account\": {\"type\": \"string\", \"description\": \"the bank account its cash settles in (default: the default account)\"}}},"
    "\"DealStatus\": {\"type\": \"object\", \"properties\": {\"ref\": {\"type\": \"string\"},"
    "  \"status\": {\"enum\": [\"pending\", \"confirmed\", \"cancelled\"]}}},"
    "\"Roll\": {\"type\": \"object\", \"required\": [\"maturity\", \"rate\"], \"properties\": {"
    "  \"maturity\": {\"$ref\": \"#/components/schemas/Date\"}, \"rate\": {\"type\": \"string\"},"
    "  \"amount\": {\"type\": \"string\"}, \"ref\": {\"type\": \"string\"},"
    "  \"account\": {\"type\": \"string\"}}},"
    "\"Movement\": {\"type\": \"object\", \"required\": [\"kind\", \"amount\", \"date\"], \"properties\": {"
    "  \"kind\": {\"enum\": [\"deposit\", \"withdrawal\"]}, \"amount\": {\"type\": \"string\"},"
    "  \"date\": {\"$ref\": \"#/components/schemas/Date\"}, \"reason\": {\"type\": \"string\"}}},"
    "\"Repay\": {\"type\": \"object\", \"required\": [\"date\"], \"properties\": {"
    "  \"amount\": {\"type\": \"string\"}, \"date\": {\"$ref\": \"#/components/schemas/Date\"},"
    "  \"reason\": {\"type\": \"string\"}, \"break_cost\": {\"type\": \"string\"}}},"
    "\"Reason\": {\"type\": \"object\", \"required\": [\"reason\"], \"properties\": {\"reason\": {\"type\": \"string\"}}},"
    "\"NewUser\": {\"type\": \"object\", \"required\": [\"name\", \"role\"], \"properties\": {\"name\": {\"type\": \"string\"},"
    "  \"role\": {\"$ref\": \"#/components/schemas/Role\"}, \"authorities\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
    "  \"all_authorities\": {\"type\": \"boolean\"}}},"
    "\"User\": {\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}, \"role\": {\"$ref\": \"#/components/schemas/Role\"},"
    "  \"authorities\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}, \"token\": {\"type\": \"string\", \"description\": \"shown once\"}}},"
    "\"SignIn\": {\"type\": \"object\", \"required\": [\"token\"], \"properties\": {\"token\": {\"type\": \"string\"}}},"
    "\"Session\": {\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}, \"role\": {\"$ref\": \"#/components/schemas/Role\"},"
    "  \"csrf_token\": {\"type\": \"string\"}}},"
    "\"CashItem\": {\"type\": \"object\", \"properties\": {\"account\": {\"type\": \"string\"},"
    "  \"date\": {\"$ref\": \"#/components/schemas/Date\"}, \"amount\": {\"$ref\": \"#/components/schemas/Money\"},"
    "  \"category\": {\"type\": \"string\"}, \"description\": {\"type\": \"string\"},"
    "  \"repeat\": {\"enum\": [\"\", \"weekly\", \"monthly\", \"quarterly\", \"yearly\"]},"
    "  \"until\": {\"$ref\": \"#/components/schemas/Date\"}, \"reason\": {\"type\": \"string\"}}},"
    "\"CashItemResult\": {\"type\": \"object\", \"properties\": {\"ref\": {\"type\": \"string\"},"
    "  \"id\": {\"type\": \"integer\"}, \"status\": {\"enum\": [\"added\", \"amended\", \"cancelled\"]},"
    "  \"item\": {\"$ref\": \"#/components/schemas/CashItem\"}, \"entered_by\": {\"type\": \"string\"},"
    "  \"reason\": {\"type\": \"string\"}}}}";

static const struct route_doc *doc_of(const char *method, const char *pattern)
{
    for (const struct route_doc *d = http_route_docs; d->method; d++)
        if (strcmp(d->method, method) == 0 && strcmp(d->pattern, pattern) == 0)
            return d;
    return NULL;
}

static const struct route *route_of(const char *method, const char *pattern)
{
    for (const struct route *r = http_routes; r->method; r++)
        if (strcmp(r->method, method) == 0 && strcmp(r->pattern, pattern) == 0)
            return r;
    return NULL;
}

static bool names_in_list(const char *list, const char *kind, char *msg, size_t n, const struct route_doc *d)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list ? list : "");
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        bool known = false;
        if (strcmp(kind, "error code") == 0)
            known = pr_error_by_wire(t) != NULL;
        else
            for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
                known = known || (strcmp(params[i][0], t) == 0 && strcmp(params[i][1], "query") == 0);
        if (!known) {
            snprintf(msg, n, "route %s %s: unknown %s \"%s\" in src/http/openapi.c", d->method, d->pattern, kind, t);
            return false;
        }
    }
    return true;
}

int openapi_check(char *msg, size_t n)
{
    for (const struct route *r = http_routes; r->method; r++)
        if (!doc_of(r->method, r->pattern)) {
            snprintf(msg, n, "route %s %s has no description in src/http/openapi.c (http_route_docs)", r->method,
                     r->pattern);
            return -1;
        }
    for (const struct route_doc *d = http_route_docs; d->method; d++) {
        if (!route_of(d->method, d->pattern)) {
            snprintf(msg, n, "src/http/openapi.c describes %s %s, which is not in the route table (routes.c)",
                     d->method, d->pattern);
            return -1;
        }
        if (d != doc_of(d->method, d->pattern)) {
            snprintf(msg, n, "src/http/openapi.c describes %s %s twice", d->method, d->pattern);
            return -1;
        }
        if (!d->summary || !*d->summary || d->status < 200 || d->status > 299) {
            snprintf(msg, n, "route %s %s: no summary or success status in src/http/openapi.c", d->method, d->pattern);
            return -1;
        }
        if (!names_in_list(d->query, "query parameter", msg, n, d) || !names_in_list(d->errors, "error code", msg, n, d))
            return -1;
    }
    if (n)
        msg[0] = '\0';
    return 0;
}

static cJSON *ref_to(const char *schema)
{
    char ref[128];
    snprintf(ref, sizeof ref, "#/components/schemas/%s", schema);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "$ref", ref);
    return o;
}

static cJSON *param(const char *name)
{
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        if (strcmp(params[i][0], name) != 0)
            continue;
        cJSON *p = cJSON_CreateObject();
        cJSON_AddStringToObject(p, "name", name);
        cJSON_AddStringToObject(p, "in", params[i][1]);
        cJSON_AddBoolToObject(p, "required", strcmp(params[i][1], "path") == 0);
        cJSON_AddStringToObject(p, "description", params[i][2]);
        cJSON *s = cJSON_AddObjectToObject(p, "schema");
        cJSON_AddStringToObject(s, "type", "string");
        if (strcmp(name, "view") == 0) {
            cJSON *e = cJSON_AddArrayToObject(s, "enum");
            for (const struct view *v = views; v->name; v++)
                cJSON_AddItemToArray(e, cJSON_CreateString(v->name));
        }
        return p;
    }
    cJSON *p = cJSON_CreateObject(); /* a name openapi_check would have refused */
    cJSON_AddStringToObject(p, "name", name);
    cJSON_AddStringToObject(p, "in", "path");
    cJSON_AddBoolToObject(p, "required", true);
    cJSON_AddStringToObject(p, "description", "undocumented");
    cJSON_AddObjectToObject(p, "schema");
    return p;
}

static void add_parameters(cJSON *op, const char *pattern, const char *query)
{
    cJSON *ps = cJSON_AddArrayToObject(op, "parameters");
    for (const char *s = strchr(pattern, '{'); s; s = strchr(s + 1, '{')) {
        const char *e = strchr(s, '}');
        char name[64];
        snprintf(name, sizeof name, "%.*s", e ? (int)(e - s - 1) : 0, s + 1);
        cJSON_AddItemToArray(ps, param(name));
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", query ? query : "");
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        cJSON_AddItemToArray(ps, param(t));
}

/* One response per status: the error codes of that status this route answers. */
static void add_error(cJSON *responses, const struct pr_error_row *row, int status)
{
    char key[8];
    snprintf(key, sizeof key, "%d", status);
    cJSON *r = cJSON_GetObjectItem(responses, key);
    if (!r) {
        r = cJSON_AddObjectToObject(responses, key);
        cJSON_AddStringToObject(r, "description", "");
        cJSON *c = cJSON_AddObjectToObject(cJSON_AddObjectToObject(r, "content"), "application/json");
        cJSON_AddItemToObject(c, "schema", ref_to("Error"));
        cJSON_AddArrayToObject(r, "x-error-codes");
    }
    cJSON *codes = cJSON_GetObjectItem(r, "x-error-codes");
    for (cJSON *c = codes->child; c; c = c->next)
        if (strcmp(c->valuestring, row->wire) == 0)
            return;
    cJSON_AddItemToArray(codes, cJSON_CreateString(row->wire));
    cJSON *desc = cJSON_GetObjectItem(r, "description");
    char text[512];
    snprintf(text, sizeof text, "%s%s%s: %s", desc->valuestring, *desc->valuestring ? "; " : "", row->wire,
             row->message);
    cJSON_SetValuestring(desc, text);
}

static void add_errors(cJSON *responses, const char *list)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        const struct pr_error_row *row = pr_error_by_wire(t);
        if (row && row->http_status)
            add_error(responses, row, row->http_status);
        if (row && row->alt_status)
            add_error(responses, row, row->alt_status);
    }
}

static cJSON *operation(const struct route *r, const struct route_doc *d)
{
    cJSON *op = cJSON_CreateObject();
    char id[200], *o = id;
    snprintf(id, sizeof id, "%s%s", r->method, r->pattern);
    for (char *s = id; *s; s++) /* "GET/api/v1/me" -> "get_api_v1_me" */
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
            *o++ = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
        else if (o > id && o[-1] != '_')
            *o++ = '_';
    *o = '\0';
    cJSON_AddStringToObject(op, "operationId", id);
    cJSON_AddStringToObject(op, "summary", d ? d->summary : "undocumented");
    if (r->role != ROLE_NONE)
        cJSON_AddStringToObject(op, "x-role", user_role_name(r->role));
    add_parameters(op, r->pattern, d ? d->query : NULL);
    if (d && d->body) {
        cJSON *b = cJSON_AddObjectToObject(op, "requestBody");
        cJSON_AddBoolToObject(b, "required", true);
        cJSON *c = cJSON_AddObjectToObject(cJSON_AddObjectToObject(b, "content"), "application/json");
        cJSON_AddItemToObject(c, "schema", ref_to(d->body));
    }
    cJSON *responses = cJSON_AddObjectToObject(op, "responses");
    char key[8];
    snprintf(key, sizeof key, "%d", d ? d->status : 200);
    cJSON *ok = cJSON_AddObjectToObject(responses, key);
    cJSON_AddStringToObject(ok, "description", "done");
    if (d && d->response) {
        cJSON *c = cJSON_AddObjectToObject(cJSON_AddObjectToObject(ok, "content"), "application/json");
        cJSON_AddItemToObject(c, "schema", ref_to(d->response));
    }
    if (r->flags & ROUTE_AUTH)
        add_errors(responses, "unauthorized,invalid_token,forbidden_role,csrf");
    if (r->flags & ROUTE_AUTH && strstr(r->pattern, "{code}"))
        add_errors(responses, "forbidden_authority");
    if (r->flags & (ROUTE_AUTH | ROUTE_DB))
        add_errors(responses, "internal,database_unavailable");
    if (d && d->errors)
        add_errors(responses, d->errors);
    if (r->flags & ROUTE_AUTH) {
        cJSON *sec = cJSON_AddArrayToObject(op, "security");
        cJSON *bearer = cJSON_CreateObject(), *cookie = cJSON_CreateObject();
        cJSON_AddArrayToObject(bearer, "bearerAuth");
        cJSON_AddArrayToObject(cookie, "sessionCookie");
        cJSON_AddItemToArray(sec, bearer);
        cJSON_AddItemToArray(sec, cookie);
    } else {
        cJSON_AddArrayToObject(op, "security");
    }
    return op;
}

static cJSON *error_schema(void)
{
    cJSON *codes = cJSON_CreateArray();
    for (int i = 0; i < PR_ERR_COUNT; i++) {
        const struct pr_error_row *row = pr_error_row((enum pr_error)i);
        if (row->http_status)
            cJSON_AddItemToArray(codes, cJSON_CreateString(row->wire));
    }
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "type", "object");
    cJSON *req = cJSON_AddArrayToObject(e, "required");
    cJSON_AddItemToArray(req, cJSON_CreateString("error"));
    cJSON *inner = cJSON_AddObjectToObject(cJSON_AddObjectToObject(e, "properties"), "error");
    cJSON_AddStringToObject(inner, "type", "object");
    cJSON *props = cJSON_AddObjectToObject(inner, "properties");
    cJSON *code = cJSON_AddObjectToObject(props, "code");
    cJSON_AddItemToObject(code, "enum", codes);
    cJSON_AddStringToObject(code, "description", "stable: switch on it (docs/api.md, src/util/errcode.c)");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(props, "message"), "type", "string");
    cJSON *field = cJSON_AddObjectToObject(props, "field");
    cJSON *types = cJSON_AddArrayToObject(field, "type");
    cJSON_AddItemToArray(types, cJSON_CreateString("string"));
    cJSON_AddItemToArray(types, cJSON_CreateString("null"));
    return e;
}

cJSON *openapi_document(void)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "openapi", "3.1.0");
    cJSON *info = cJSON_AddObjectToObject(doc, "info");
    cJSON_AddStringToObject(info, "title", "prudent");
    cJSON_AddStringToObject(info, "version", "1");
    cJSON_AddStringToObject(info, "description",
                            "Treasury management for UK local authorities: the HTTP JSON API (docs/api.md). "
                            "Money is a string with two decimals, rates a string of percent, dates YYYY-MM-DD.");
    cJSON *paths = cJSON_AddObjectToObject(doc, "paths");
    for (const struct route *r = http_routes; r->method; r++) {
        cJSON *item = cJSON_GetObjectItem(paths, r->pattern);
        if (!item)
            item = cJSON_AddObjectToObject(paths, r->pattern);
        char m[16];
        snprintf(m, sizeof m, "%s", r->method);
        for (char *s = m; *s; s++)
            *s = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
        cJSON_AddItemToObject(item, m, operation(r, doc_of(r->method, r->pattern)));
    }
    cJSON *comp = cJSON_AddObjectToObject(doc, "components");
    cJSON *s = cJSON_Parse(schemas);
    cJSON_AddItemToObject(comp, "schemas", s ? s : cJSON_CreateObject());
    cJSON_AddItemToObject(cJSON_GetObjectItem(comp, "schemas"), "Error", error_schema());
    cJSON *sec = cJSON_AddObjectToObject(comp, "securitySchemes");
    cJSON *b = cJSON_AddObjectToObject(sec, "bearerAuth");
    cJSON_AddStringToObject(b, "type", "http");
    cJSON_AddStringToObject(b, "scheme", "bearer");
    cJSON_AddStringToObject(b, "description", "prt_ followed by 43 base64url characters (prudent user add)");
    cJSON *c = cJSON_AddObjectToObject(sec, "sessionCookie");
    cJSON_AddStringToObject(c, "type", "apiKey");
    cJSON_AddStringToObject(c, "in", "cookie");
    cJSON_AddStringToObject(c, "name", "prudent_session");
    cJSON_AddStringToObject(c, "description", "the web pages' session (POST /api/v1/session); "
                                              "other than GET, send its CSRF token in X-CSRF-Token");
    return doc;
}

int http_openapi(struct request *rq)
{
    return http_json(rq, 200, openapi_document());
}
