/* errcode.c: the table of error codes (see errcode.h) and its lookups. */
#include "util/errcode.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

#define ROW(c, w, st, alt, ex, msg) [c] = {c, w, st, alt, ex, msg}

static const struct pr_error_row rows[PR_ERR_COUNT] = {
    ROW(PR_ERR_MALFORMED_JSON, "malformed_json", 400, 0, EXIT_BAD, "the body must be one JSON object"),
    ROW(PR_ERR_INVALID_FIELD, "invalid_field", 400, 0, EXIT_BAD, "a field of the body is missing or wrong"),
    ROW(PR_ERR_INVALID_PARAMETER, "invalid_parameter", 400, 0, EXIT_BAD, "a query parameter is wrong"),
    ROW(PR_ERR_INVALID_REQUEST, "invalid_request", 400, 0, EXIT_BAD, "the parameters do not go together"),
    ROW(PR_ERR_INVALID, "invalid", 400, 0, EXIT_BAD, "the deal's terms are not valid"),
    ROW(PR_ERR_UNKNOWN_COUNTERPARTY, "unknown_counterparty", 400, 0, EXIT_BAD, "no such counterparty"),
    ROW(PR_ERR_UNAUTHORIZED, "unauthorized", 401, 0, EXIT_BAD, "send Authorization: Bearer TOKEN"),
    ROW(PR_ERR_INVALID_TOKEN, "invalid_token", 401, 0, EXIT_BAD, "the token is not valid (revoked or mistyped?)"),
    ROW(PR_ERR_SESSION_EXPIRED, "session_expired", 401, 0, EXIT_BAD, "the session has ended: sign in again"),
    ROW(PR_ERR_FORBIDDEN_AUTHORITY, "forbidden_authority", 403, 0, EXIT_BAD,
        "this token does not cover the authority"),
    ROW(PR_ERR_FORBIDDEN_ROLE, "forbidden_role", 403, 0, EXIT_BAD, "this token's role is not enough"),
    ROW(PR_ERR_CSRF, "csrf", 403, 0, EXIT_BAD, "send the session's CSRF token in X-CSRF-Token"),
    ROW(PR_ERR_SAME_PERSON, "same_person", 403, 0, EXIT_NO, "the deal was booked by the same person (four eyes)"),
    ROW(PR_ERR_NOT_BOOKER, "not_booker", 403, 0, EXIT_NO, "only the deal's booker may withdraw it"),
    ROW(PR_ERR_NOT_FOUND, "not_found", 404, 0, EXIT_BAD, "nothing here (see docs/api.md)"),
    /* 400 when a body (not the path) names an authority that does not exist */
    ROW(PR_ERR_UNKNOWN_AUTHORITY, "unknown_authority", 404, 400, EXIT_BAD, "no such authority"),
    ROW(PR_ERR_UNKNOWN_USER, "unknown_user", 404, 0, EXIT_BAD, "no such active user"),
    ROW(PR_ERR_METHOD_NOT_ALLOWED, "method_not_allowed", 405, 0, EXIT_BAD, "the method is not allowed here"),
    ROW(PR_ERR_USER_EXISTS, "user_exists", 409, 0, EXIT_BAD, "the user exists already"),
    ROW(PR_ERR_LIMIT_BREACH, "limit_breach", 409, 0, EXIT_NO,
        "the deal would breach the lending list: nothing was booked"),
    ROW(PR_ERR_EXISTS, "exists", 409, 0, EXIT_BAD, "a deal with that ref exists already"),
    ROW(PR_ERR_NOT_PENDING, "not_pending", 409, 0, EXIT_BAD, "the deal is not pending"),
    ROW(PR_ERR_RESOLVED, "resolved", 409, 0, EXIT_BAD, "the alert is resolved already"),
    ROW(PR_ERR_BODY_TOO_LARGE, "body_too_large", 413, 0, EXIT_BAD, "the request body is too large"),
    ROW(PR_ERR_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", 415, 0, EXIT_BAD,
        "the body's media type is not accepted"),
    ROW(PR_ERR_BELOW_ZERO, "below_zero", 422, 0, EXIT_NO,
        "the withdrawal would take the account's balance below zero: nothing was recorded"),
    ROW(PR_ERR_INTERNAL, "internal", 500, 0, EXIT_DEP, "the request failed inside the service (see its log)"),
    ROW(PR_ERR_DATABASE_UNAVAILABLE, "database_unavailable", 503, 0, EXIT_DEP,
        "the database is not available; try again shortly"),
    /* store/deal.c's EXIT_DEP document; the API answers database_unavailable or internal instead */
    ROW(PR_ERR_DATABASE, "database", 0, 0, EXIT_DEP, "the database failed (see the server log)"),
    ROW(PR_ERR_NOT_CONFIRMED, "not_confirmed", 409, 0, EXIT_BAD, "the deal is not approved (confirmed)"),
    ROW(PR_ERR_ROLLED, "rolled", 409, 0, EXIT_BAD, "the deal has been rolled over already"),
    ROW(PR_ERR_SAME_ADMIN, "same_admin", 403, 0, EXIT_NO,
        "a user made by one admin must be approved by another (four eyes)"),
    ROW(PR_ERR_IDEMPOTENCY_KEY_REUSED, "idempotency_key_reused", 422, 0, EXIT_BAD,
        "the Idempotency-Key was used before with another body: use a new key for a new request"),
    ROW(PR_ERR_IDEMPOTENCY_IN_PROGRESS, "idempotency_in_progress", 409, 0, EXIT_BAD,
        "a request with this Idempotency-Key has no answer yet: try again shortly"),
    ROW(PR_ERR_CANCELLED, "cancelled", 409, 0, EXIT_BAD, "the forecast item is cancelled: add a new one"),
    ROW(PR_ERR_UNKNOWN_PARTNERSHIP, "unknown_partnership", 404, 0, EXIT_BAD,
        "no such partnership with a member this token covers"),
    ROW(PR_ERR_ALREADY_MERGED, "already_merged", 409, 0, EXIT_BAD,
        "an authority named is part of a merger already"),
    ROW(PR_ERR_BOOKED_AFTER_VESTING, "booked_after_vesting", 409, 0, EXIT_BAD,
        "a predecessor has a booking starting on or after the vesting day"),
    ROW(PR_ERR_NO_STRATEGY, "no_strategy", 409, 0, EXIT_BAD,
        "the successor has no strategy in force on the vesting day"),
    ROW(PR_ERR_REF_TOO_LONG, "ref_too_long", 409, 0, EXIT_BAD,
        "a ref prefixed with its predecessor's code would be too long"),
    ROW(PR_ERR_MOVED, "moved", 409, 0, EXIT_BAD, "the forecast item moved to its successor in a merger"),
};

const struct pr_error_row *pr_error_row(enum pr_error code)
{
    if ((int)code < 0 || code >= PR_ERR_COUNT)
        return NULL;
    return &rows[code];
}

const struct pr_error_row *pr_error_by_wire(const char *wire)
{
    if (!wire)
        return NULL;
    for (int i = 0; i < PR_ERR_COUNT; i++)
        if (strcmp(rows[i].wire, wire) == 0)
            return &rows[i];
    return NULL;
}

const char *pr_error_wire(enum pr_error code)
{
    return pr_error_row(code)->wire;
}

int pr_error_status(enum pr_error code)
{
    return pr_error_row(code)->http_status;
}

int pr_error_exit(enum pr_error code)
{
    return pr_error_row(code)->exit_code;
}

const char *pr_error_message(enum pr_error code)
{
    return pr_error_row(code)->message;
}

int pr_fail(enum pr_error code, const char *fmt, ...)
{
    char msg[4096]; /* as util/err.c: the same line fail() would print */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return fail(pr_error_exit(code), "%s", msg);
}

cJSON *pr_error_doc(enum pr_error code, const char *message, const char *field)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(doc, "error");
    cJSON_AddStringToObject(e, "code", pr_error_wire(code));
    cJSON_AddStringToObject(e, "message", message ? message : pr_error_message(code));
    if (field)
        cJSON_AddStringToObject(e, "field", field);
    else
        cJSON_AddNullToObject(e, "field");
    return doc;
}
