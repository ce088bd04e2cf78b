/* user.c: API users and their tokens (see user.h). */
#include "store/user.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "util/err.h"

static const char *const role_names[] = {"", "viewer", "dealer", "approver", "admin"};

enum user_role user_role_parse(const char *s)
{
    for (int r = ROLE_VIEWER; r <= ROLE_ADMIN; r++)
        if (s && strcmp(s, role_names[r]) == 0)
            return (enum user_role)r;
    return ROLE_NONE;
}

const char *user_role_name(enum user_role r)
{
    return r >= ROLE_VIEWER && r <= ROLE_ADMIN ? role_names[r] : "none";
}

bool user_name_valid(const char *name)
{
    size_t n = strlen(name);
    if (n < 1 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        bool alnum = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (!alnum && (i == 0 || !strchr("_.@-", ch)))
            return false;
    }
    return true;
}

const char *user_name_home(const char *name)
{
    const char *at = strrchr(name, '@');
    if (!at || at == name)
        return NULL;
    size_t n = strlen(at + 1);
    if (n < 2 || n > 16)
        return NULL;
    for (const char *p = at + 1; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return NULL;
    return at + 1;
}

bool user_name_fits(const char *name, bool all_authorities, const char *const *codes, int ncodes,
                    bool scoped_admin)
{
    const char *home = user_name_home(name);
    if (!home)
        return !scoped_admin;
    if (all_authorities)
        return !scoped_admin;
    for (int i = 0; i < ncodes; i++)
        if (strcmp(codes[i], home) == 0)
            return true;
    return false;
}

/* A new token into token[USER_TOKEN_LEN + 1] and its hash as 64 hex digits into hex[65]. */
static int token_make(char *token, char *hex)
{
    unsigned char raw[32];
    if (sodium_init() < 0)
        return error("libsodium did not initialise");
    randombytes_buf(raw, sizeof raw);
    memcpy(token, "prt_", 4);
    sodium_bin2base64(token + 4, USER_TOKEN_LEN + 1 - 4, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    user_hash_hex(token, hex);
    return 0;
}

void user_hash_hex(const char *text, char out[65])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
    sodium_bin2hex(out, 65, h, sizeof h);
}

void user_from_row(const PGresult *r, int row, struct api_user *u)
{
    u->id = db_get_int(r, row, "id");
    snprintf(u->name, sizeof u->name, "%s", db_get(r, row, "name"));
    u->role = user_role_parse(db_get(r, row, "role"));
    u->all_authorities = strcmp(db_get(r, row, "all_authorities"), "t") == 0;
}

static bool token_wellformed(const char *t)
{
    if (strlen(t) != USER_TOKEN_LEN || strncmp(t, "prt_", 4) != 0)
        return false;
    for (const char *p = t + 4; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

struct add_args {
    const char *name, *actor;
    int64_t by_id; /* the creating admin's id: the user is then pending (0: the operator's act) */
    enum user_role role;
    bool all;
    const char *const *codes;
    int ncodes;
    char *token;
    int outcome; /* 0 added, 1 exists, 2 unknown authority */
};

static int add_body(PGconn *c, void *arg)
{
    struct add_args *a = arg;
    char hex[65];
    if (token_make(a->token, hex) < 0)
        return -1;
    char by_id[DB_INT_BUFSZ];
    const char *p[] = {a->name, user_role_name(a->role), a->all ? "true" : "false", hex, a->actor,
                       a->by_id ? db_int(a->by_id, by_id) : NULL};
    PGresult *r = db_query(c, "add user",
                           "INSERT INTO users (name, role, all_authorities, token_hash, created_by, created_by_id,"
                           " pending) VALUES ($1, $2, $3, decode($4, 'hex'), $5, $6::bigint, $6 IS NOT NULL)"
                           " ON CONFLICT (name) DO NOTHING RETURNING id",
                           6, p);
    if (!r)
        return -1;
    if (PQntuples(r) == 0) {
        PQclear(r);
        a->outcome = 1;
        error("user %s exists already", a->name);
        return 1;
    }
    char id[24];
    snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "name", a->name);
    cJSON_AddStringToObject(after, "role", user_role_name(a->role));
    if (a->by_id)
        cJSON_AddBoolToObject(after, "pending", true);
    cJSON *arr = cJSON_AddArrayToObject(after, "authorities");
    if (a->all)
        cJSON_AddItemToArray(arr, cJSON_CreateString("*"));
    for (int i = 0; !a->all && i < a->ncodes; i++) {
        const char *q[] = {id, a->codes[i]};
        r = db_query(c, "scope user", "WITH a AS (SELECT id FROM authorities WHERE code = $2),"
                     " i AS (INSERT INTO user_authorities (user_id, authority_id)"
                     "  SELECT $1, id FROM a ON CONFLICT DO NOTHING)"
                     " SELECT count(*) AS n FROM a", 2, q);
        if (!r) {
            cJSON_Delete(after);
            return -1;
        }
        int64_t found = db_get_int(r, 0, "n");
        PQclear(r);
        if (!found) {
            cJSON_Delete(after);
            a->outcome = 2;
            error("unknown authority \"%s\" (see `prudent authority list`)", a->codes[i]);
            return 2;
        }
        cJSON_AddItemToArray(arr, cJSON_CreateString(a->codes[i]));
    }
    int rc = audit_record(c, a->actor, 0, "user", a->name, "insert", NULL, after, NULL);
    cJSON_Delete(after);
    return rc;
}

int user_add_in(PGconn *c, const char *name, enum user_role role, bool all_authorities,
                const char *const *codes, int ncodes, const struct api_user *by, char *token)
{
    struct add_args a = {.name = name, .actor = by->name, .by_id = by->id, .role = role, .all = all_authorities,
                         .codes = codes, .ncodes = ncodes, .token = token};
    int rc = add_body(c, &a);
    if (rc != 0)
        sodium_memzero(token, USER_TOKEN_LEN + 1);
    return rc == 0 ? 0 : rc > 0 ? a.outcome : -1;
}

int user_add(PGconn *c, const char *name, enum user_role role, bool all_authorities,
             const char *const *codes, int ncodes, const char *actor, char *token)
{
    struct add_args a = {.name = name, .actor = actor, .role = role, .all = all_authorities,
                         .codes = codes, .ncodes = ncodes, .token = token};
    int rc = db_transaction(c, add_body, &a);
    if (rc != 0)
        sodium_memzero(token, USER_TOKEN_LEN + 1);
    return rc == 0 ? 0 : rc > 0 ? a.outcome : -1;
}

struct change_args {
    const char *name, *actor, *action;
    char *token; /* NULL: revoke */
    bool found;
};

static int change_body(PGconn *c, void *arg)
{
    struct change_args *a = arg;
    char hex[65];
    PGresult *r;
    if (a->token) {
        if (token_make(a->token, hex) < 0)
            return -1;
        const char *p[] = {a->name, hex};
        r = db_query(c, "issue a new token", "UPDATE users SET token_hash = decode($2, 'hex')"
                     " WHERE name = $1 AND revoked_at IS NULL RETURNING id", 2, p);
    } else {
        const char *p[] = {a->name, a->actor};
        r = db_query(c, "revoke user", "UPDATE users SET revoked_at = now(), revoked_by = $2"
                     " WHERE name = $1 AND revoked_at IS NULL RETURNING id", 2, p);
    }
    if (!r)
        return -1;
    a->found = PQntuples(r) == 1;
    char id[24];
    snprintf(id, sizeof id, "%s", a->found ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    if (!a->found)
        return 1;
    const char *q[] = {id}; /* the user's web sessions end with the old token (sql/060) */
    if (db_exec(c, "end the user's web sessions", "DELETE FROM web_sessions WHERE user_id = $1::bigint", 1, q) < 0)
        return -1;
    return audit_record(c, a->actor, 0, "user", a->name, a->action, NULL, NULL, NULL);
}

static int user_change(PGconn *c, const char *name, const char *actor, const char *action, char *token)
{
    struct change_args a = {.name = name, .actor = actor, .action = action, .token = token};
    int rc = db_transaction(c, change_body, &a);
    if (rc != 0 && token)
        sodium_memzero(token, USER_TOKEN_LEN + 1);
    if (rc == 0)
        return 0;
    return !a.found && rc == 1 ? 1 : -1;
}

int user_rotate(PGconn *c, const char *name, const char *actor, char *token)
{
    return user_change(c, name, actor, "rotate_token", token);
}

int user_revoke(PGconn *c, const char *name, const char *actor)
{
    return user_change(c, name, actor, "revoke", NULL);
}

int user_revoke_in(PGconn *c, const char *name, const char *actor)
{
    struct change_args a = {.name = name, .actor = actor, .action = "revoke"};
    int rc = change_body(c, &a);
    return rc == 0 ? 0 : !a.found && rc == 1 ? 1 : -1;
}

int user_by_token(PGconn *c, const char *token, struct api_user *u)
{
    if (!token_wellformed(token))
        return 1;
    char hex[65];
    user_hash_hex(token, hex);
    const char *p[] = {hex};
    PGresult *r = db_query(c, "check token",
                           "SELECT id, name, role, all_authorities FROM users"
                           " WHERE token_hash = decode($1, 'hex') AND revoked_at IS NULL AND NOT pending", 1, p);
    if (!r)
        return -1;
    if (PQntuples(r) != 1) {
        PQclear(r);
        return 1;
    }
    user_from_row(r, 0, u);
    PQclear(r);
    return 0;
}

int user_by_token_at(PGconn *c, const char *token, const char *code, struct api_user *u, struct token_at *out)
{
    memset(out, 0, sizeof *out);
    if (!code)
        return user_by_token(c, token, u);
    if (!token_wellformed(token))
        return 1;
    char hex[65];
    user_hash_hex(token, hex);
    const char *p[] = {hex, code};
    PGresult *r = db_query_prepared(c, "prudent_token_at", "check token",
                           "SELECT u.id, u.name, u.role, u.all_authorities, coalesce(a.id, 0) AS authority_id,"
                           " coalesce(a.code, '') AS code, (a.id IS NOT NULL AND (u.all_authorities OR EXISTS ("
                           "  SELECT 1 FROM user_authorities ua WHERE ua.user_id = u.id AND ua.authority_id = a.id)))"
                           " AS covers,"
                           " coalesce(a.universe_version_copy, 0) AS uv, coalesce(a.authority_version_copy, 0) AS av"
                           " FROM users u LEFT JOIN authorities a ON a.code = $2"
                           " WHERE u.token_hash = decode($1, 'hex') AND u.revoked_at IS NULL AND NOT u.pending", 2, p);
    if (!r)
        return -1;
    if (PQntuples(r) != 1) {
        PQclear(r);
        return 1;
    }
    user_from_row(r, 0, u);
    out->authority.id = db_get_int(r, 0, "authority_id");
    snprintf(out->authority.code, sizeof out->authority.code, "%s", db_get(r, 0, "code"));
    out->covers = strcmp(db_get(r, 0, "covers"), "t") == 0;
    /* the versions are the authority row's copies (sql/330): none without an authority */
    out->seen = (struct data_versions){out->authority.id != 0, db_get_int(r, 0, "uv"), db_get_int(r, 0, "av")};
    PQclear(r);
    return 0;
}

int user_covers(PGconn *c, const struct api_user *u, int64_t authority_id)
{
    if (u->all_authorities)
        return 1;
    char uid[DB_INT_BUFSZ], aid[24];
    db_int(u->id, uid);
    db_int(authority_id, aid);
    const char *p[] = {uid, aid};
    PGresult *r = db_query(c, "check the user's authorities",
                           "SELECT 1 FROM user_authorities WHERE user_id = $1 AND authority_id = $2",
                           2, p);
    if (!r)
        return -1;
    int yes = PQntuples(r) == 1;
    PQclear(r);
    return yes;
}

int user_may_revoke(PGconn *c, const char *name, const struct api_user *by, bool *allowed)
{
    char uid[DB_INT_BUFSZ];
    const char *p[] = {name, db_int(by->id, uid), by->all_authorities ? "true" : "false"};
    /* The caller must cover everything the user covers. */
    PGresult *r;
    int found = db_query_one(c, "look up user",
                             "SELECT u.id, $3::boolean OR (NOT u.all_authorities AND NOT EXISTS ("
                             "  SELECT 1 FROM user_authorities ua WHERE ua.user_id = u.id AND ua.authority_id"
                             "  NOT IN (SELECT authority_id FROM user_authorities WHERE user_id = $2::bigint)))"
                             " AS allowed FROM users u WHERE u.name = $1 AND u.revoked_at IS NULL", 3, p, &r);
    *allowed = found == 1 && strcmp(db_get(r, 0, "allowed"), "t") == 0;
    PQclear(r);
    return found;
}

struct rows *user_rows(PGconn *c)
{
    return rows_of(db_query(c, "list users",
                            "SELECT u.name, u.role, u.all_authorities,"
                            " to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at,"
                            " u.created_by, u.revoked_at IS NOT NULL AS revoked, u.pending,"
                            " coalesce((SELECT string_agg(a.code, ',' ORDER BY a.code)"
                            "   FROM user_authorities ua JOIN authorities a ON a.id = ua.authority_id"
                            "   WHERE ua.user_id = u.id), '') AS codes"
                            " FROM users u ORDER BY u.name", 0, NULL));
}

int user_count_for(PGconn *c, int64_t authority_id)
{
    char aid[DB_INT_BUFSZ];
    const char *p[] = {authority_id ? db_int(authority_id, aid) : NULL};
    PGresult *r = db_query(c, "count the authority's users",
                           "SELECT count(*) AS n FROM users u WHERE u.revoked_at IS NULL AND ($1::bigint IS NULL"
                           " OR u.all_authorities OR EXISTS (SELECT 1 FROM user_authorities ua"
                           "  WHERE ua.user_id = u.id AND ua.authority_id = $1::bigint))", 1, p);
    if (!r)
        return -1;
    int n = (int)db_get_int(r, 0, "n");
    PQclear(r);
    return n;
}

struct approve_args {
    const char *name;
    const struct api_user *by;
    const char *actor;
    int outcome; /* 0 approved, 1 no such pending user, 2 the creator */
};

static int approve_body(PGconn *c, void *arg)
{
    struct approve_args *a = arg;
    char by_id[DB_INT_BUFSZ];
    const char *p[] = {a->name, a->by ? db_int(a->by->id, by_id) : NULL};
    PGresult *r;
    int found = db_query_one(c, "look up the pending user",
                             "SELECT id, created_by_id IS NOT DISTINCT FROM $2::bigint AS same FROM users"
                             " WHERE name = $1 AND pending AND revoked_at IS NULL FOR UPDATE", 2, p, &r);
    if (found < 0)
        return -1;
    bool same = found == 1 && strcmp(db_get(r, 0, "same"), "t") == 0;
    PQclear(r);
    if (found == 0 || same) {
        a->outcome = found == 0 ? 1 : 2;
        return 1;
    }
    const char *q[] = {a->name, a->actor, p[1]};
    if (db_exec(c, "approve the user", "UPDATE users SET pending = false, approved_by = $2,"
                " approved_by_id = $3::bigint, approved_at = now() WHERE name = $1", 3, q) < 0)
        return -1;
    return audit_record(c, a->actor, 0, "user", a->name, "approve", NULL, NULL, NULL);
}

int user_approve(PGconn *c, const char *name, const struct api_user *by, const char *actor, bool in_tx)
{
    struct approve_args a = {.name = name, .by = by, .actor = actor};
    int rc = in_tx ? approve_body(c, &a) : db_transaction(c, approve_body, &a);
    return rc == 0 ? 0 : rc > 0 ? a.outcome : -1;
}
