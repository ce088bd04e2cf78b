/* errcode.h: prudent's one vocabulary of error codes (after GNU Taler's TALER_ErrorCode).
 *
 * Each code has one row: the stable wire code (the "code" of an API error answer
 * {"error": {"code", "message", "field"}}, and of the error documents store/deal.c builds), the
 * HTTP status the service answers with it, the exit code the CLI returns for it (util/err.h) and a
 * default message. docs/api.md lists every code answered over HTTP; tests/unit/test_errcode.c
 * keeps that list and this table the same.
 *
 * The table is static and read-only: every pointer returned here points into it (never free). */
#ifndef PRUDENT_UTIL_ERRCODE_H
#define PRUDENT_UTIL_ERRCODE_H

#include <cjson/cJSON.h>
#include <stdbool.h>

enum pr_error {
    /* 400: the request is wrong */
    PR_ERR_MALFORMED_JSON,
    PR_ERR_INVALID_FIELD,
    PR_ERR_INVALID_PARAMETER,
    PR_ERR_INVALID_REQUEST,
    PR_ERR_INVALID,
    PR_ERR_UNKNOWN_COUNTERPARTY,
    /* 401: who is asking is not known */
    PR_ERR_UNAUTHORIZED,
    PR_ERR_INVALID_TOKEN,
    PR_ERR_SESSION_EXPIRED,
    /* 403: refused */
    PR_ERR_FORBIDDEN_AUTHORITY,
    PR_ERR_FORBIDDEN_ROLE,
    PR_ERR_CSRF,
    PR_ERR_SAME_PERSON,
    PR_ERR_NOT_BOOKER,
    /* 404: no such thing */
    PR_ERR_NOT_FOUND,
    PR_ERR_UNKNOWN_AUTHORITY,
    PR_ERR_UNKNOWN_USER,
    /* 405, 409, 413, 415 */
    PR_ERR_METHOD_NOT_ALLOWED,
    PR_ERR_USER_EXISTS,
    PR_ERR_LIMIT_BREACH,
    PR_ERR_EXISTS,
    PR_ERR_NOT_PENDING,
    PR_ERR_RESOLVED,
    PR_ERR_BODY_TOO_LARGE,
    PR_ERR_UNSUPPORTED_MEDIA_TYPE,
    PR_ERR_BELOW_ZERO,
    /* 5xx and failures of a dependency */
    PR_ERR_INTERNAL,
    PR_ERR_DATABASE_UNAVAILABLE,
    PR_ERR_DATABASE,
    /* the book over time: rolls (service/deal_roll.c) */
    PR_ERR_NOT_CONFIRMED,
    PR_ERR_ROLLED,
    /* issue 19: four eyes on user administration */
    PR_ERR_SAME_ADMIN,
    /* Idempotency-Key (422, 409) */
    PR_ERR_IDEMPOTENCY_KEY_REUSED,
    PR_ERR_IDEMPOTENCY_IN_PROGRESS,
    /* a forecast item (409) */
    PR_ERR_CANCELLED,
    /* issue 22: partnerships over the API */
    PR_ERR_UNKNOWN_PARTNERSHIP,
    /* issue 22: a merger refused (409), the same reasons as `prudent authority merge` prints */
    PR_ERR_ALREADY_MERGED,
    PR_ERR_BOOKED_AFTER_VESTING,
    PR_ERR_NO_STRATEGY,
    PR_ERR_REF_TOO_LONG,
    /* a forecast item a merger moved out: its successor changes it (409) */
    PR_ERR_MOVED,
    PR_ERR_COUNT /* not a code: how many there are */
};

struct pr_error_row {
    enum pr_error code;
    const char *wire;    /* the stable code sent and documented: "invalid_field" */
    int http_status;     /* the status answered with it; 0: never answered over HTTP as such */
    int alt_status;      /* another status some call sites answer instead (0: none), see
                          * http_error_status in http/reply.h */
    int exit_code;       /* EXIT_NO, EXIT_BAD or EXIT_DEP (util/err.h) */
    const char *message; /* the default message (lower case, no full stop) */
};

/* The row of code, or NULL when code is not one (PR_ERR_COUNT or out of range). */
const struct pr_error_row *pr_error_row(enum pr_error code);
/* The row whose wire code is wire (as store/deal.c's error documents carry it), or NULL when
 * wire is NULL or no code. */
const struct pr_error_row *pr_error_by_wire(const char *wire);
/* Shorthands for pr_error_row(code)->...; code must be a code. */
const char *pr_error_wire(enum pr_error code);
int pr_error_status(enum pr_error code);
int pr_error_exit(enum pr_error code);
const char *pr_error_message(enum pr_error code);

/* {"error": {"code", "message", "field"}}: code's wire name, the message (NULL: the code's default)
 * and field (JSON null when NULL). The caller owns the document. */
cJSON *pr_error_doc(enum pr_error code, const char *message, const char *field);

/* For the CLI: print "prudent: <message>" (util/err.h's fail) and return the code's exit code,
 * so a verb writes `return pr_fail(PR_ERR_NOT_FOUND, "no alert %lld", id)`. */
int pr_fail(enum pr_error code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
