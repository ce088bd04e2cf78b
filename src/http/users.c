/* users.c: user management over the API, for admins: POST /api/v1/users makes a user and answers
 * its token (once), DELETE /api/v1/users/NAME revokes one. Four eyes: a user made here is
 * pending (its token refused) until another admin approves it with POST
 * /api/v1/users/NAME/approve, so one admin alone cannot make a sock puppet. An admin can only hand out the
 * authorities the admin covers, and only an all-authorities admin can make another one. These
 * handlers run as the table owner (ROUTE_OWNER): the users table is closed to prudent_service.
 * A user covering authorities the caller does not is answered as an unknown user (404), never
 * 403, so an admin of one authority cannot probe another's user names by revoking them; and an
 * admin of some authorities names the users it makes NAME@CODE (CODE one of theirs), checked before
 * the name is looked up, so making a user cannot probe them either (user names are unique per
 * authority in effect: NAME@CODE always covers CODE). */
#include <stdio.h>
#include <string.h>

#include "http/reply.h"
#include "http/users.h"
#include "store/authority.h"
#include "store/db.h"
#include "util/err.h"

#define MAX_CODES 64

/* Whether the calling admin covers the authority code: 1 yes, 0 no, 2 no such authority, -1 db. */
static int caller_covers(struct request *rq, const char *code)
{
    struct authority a;
    int found = authority_find(rq->db, code, &a, NULL);
    if (found < 0)
        return -1;
    int64_t id = found ? a.id : 0;
    if (!id)
        return 2;
    return user_covers(rq->db, &rq->user, id);
}

int http_user_add(struct request *rq)
{
    const cJSON *name = cJSON_GetObjectItem(rq->json, "name"), *role = cJSON_GetObjectItem(rq->json, "role");
    const cJSON *auths = cJSON_GetObjectItem(rq->json, "authorities");
    const cJSON *all = cJSON_GetObjectItem(rq->json, "all_authorities");
    if (!cJSON_IsString(name) || !user_name_valid(name->valuestring))
        return http_error(rq, PR_ERR_INVALID_FIELD, "name", "name must be 1-64 of A-Z, a-z, 0-9, '_', '.', '@', '-'");
    enum user_role r = cJSON_IsString(role) ? user_role_parse(role->valuestring) : ROLE_NONE;
    if (r == ROLE_NONE)
        return http_error(rq, PR_ERR_INVALID_FIELD, "role", "role must be viewer, dealer, approver or admin");
    if (all && !cJSON_IsBool(all))
        return http_error(rq, PR_ERR_INVALID_FIELD, "all_authorities", "all_authorities must be true or false");
    bool every = cJSON_IsTrue(all);
    if (every && r != ROLE_ADMIN)
        return http_error(rq, PR_ERR_INVALID_FIELD, "all_authorities", "only an admin may cover every authority");
    if (every && !rq->user.all_authorities)
        return http_error(rq, PR_ERR_FORBIDDEN_AUTHORITY, "all_authorities",
                          "only an admin of every authority may make another");
    const char *codes[MAX_CODES];
    int n = 0;
    if (!every) {
        if (!cJSON_IsArray(auths) || cJSON_GetArraySize(auths) == 0 || cJSON_GetArraySize(auths) > MAX_CODES)
            return http_error(rq, PR_ERR_INVALID_FIELD, "authorities", "authorities must be a list of 1 to %d codes",
                              MAX_CODES);
        const cJSON *a;
        cJSON_ArrayForEach(a, auths) {
            if (!cJSON_IsString(a) || !authority_code_valid(a->valuestring))
                return http_error(rq, PR_ERR_INVALID_FIELD, "authorities", "authorities must be authority codes");
            int cov = caller_covers(rq, a->valuestring);
            if (cov < 0)
                return http_db_failure(rq);
            /* 400, not unknown_authority's 404: the body names it, the path is fine */
            if (cov == 2 && rq->user.all_authorities)
                return http_error_status(rq, 400, PR_ERR_UNKNOWN_AUTHORITY, "authorities", "no authority %s",
                                         a->valuestring);
            if (cov != 1)
                return http_error(rq, PR_ERR_FORBIDDEN_AUTHORITY, "authorities",
                                  "this token does not cover authority %s", a->valuestring);
            codes[n++] = a->valuestring;
        }
    }
    /* checked before the name is looked up, so the answer is the same whoever holds it (issue 19) */
    if (!user_name_fits(name->valuestring, every, codes, n, !rq->user.all_authorities))
        return http_error(rq, PR_ERR_INVALID_FIELD, "name",
                          rq->user.all_authorities ? "a name NAME@CODE must cover authority CODE"
                                                   : "an admin of some authorities names users NAME@CODE, "
                                                     "CODE one of the new user's authorities");
    char token[USER_TOKEN_LEN + 1];
    int rc = user_add_in(rq->db, name->valuestring, r, every, codes, n, &rq->user, token);
    if (rc == 1)
        return http_error(rq, PR_ERR_USER_EXISTS, "name", "user %s exists already", name->valuestring);
    if (rc != 0) /* 2: an authority of the body went meanwhile (400 as above) */
        return rc == 2 ? http_error_status(rq, 400, PR_ERR_UNKNOWN_AUTHORITY, "authorities", "unknown authority")
                       : http_db_failure(rq);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "name", name->valuestring);
    cJSON_AddStringToObject(doc, "role", user_role_name(r));
    cJSON *arr = cJSON_AddArrayToObject(doc, "authorities");
    if (every)
        cJSON_AddItemToArray(arr, cJSON_CreateString("*"));
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(codes[i]));
    cJSON_AddStringToObject(doc, "token", token);
    cJSON_AddBoolToObject(doc, "pending", true); /* until a second admin approves it */
    return http_json(rq, 201, doc);
}

int http_user_revoke(struct request *rq)
{
    const char *name = rq->params[0];
    bool allowed;
    int found = user_may_revoke(rq->db, name, &rq->user, &allowed);
    if (found < 0)
        return http_db_failure(rq);
    /* a user covering authorities the caller does not is answered as no user at all: another
     * authority's user names are not the caller's to learn (issue 19, item 10) */
    if (!found || !allowed)
        return http_error(rq, PR_ERR_UNKNOWN_USER, "name", "no active user named %s", name);
    int rc = user_revoke_in(rq->db, name, rq->user.name);
    if (rc != 0)
        return rc > 0 ? http_error(rq, PR_ERR_UNKNOWN_USER, "name", "no active user named %s", name)
                      : http_db_failure(rq);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "name", name);
    cJSON_AddBoolToObject(doc, "revoked", true);
    return http_json(rq, 200, doc);
}

int http_user_approve(struct request *rq)
{
    const char *name = rq->params[0];
    bool allowed;
    int found = user_may_revoke(rq->db, name, &rq->user, &allowed); /* the same coverage rule */
    if (found < 0)
        return http_db_failure(rq);
    int rc = found && allowed ? /* out of the caller's authorities: as no such user (revoke) */ user_approve(rq->db, name, &rq->user, rq->user.name, true) : 1;
    if (rc < 0)
        return http_db_failure(rq);
    if (rc == 1)
        return http_error(rq, PR_ERR_UNKNOWN_USER, "name", "no pending user named %s", name);
    if (rc == 2)
        return http_error(rq, PR_ERR_SAME_ADMIN, "name", "user %s was made by %s: another admin must approve it",
                          name, rq->user.name);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "name", name);
    cJSON_AddBoolToObject(doc, "pending", false);
    return http_json(rq, 200, doc);
}
