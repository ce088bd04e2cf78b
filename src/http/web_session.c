/* web_session.c: the web pages' sessions, kept in the database (sql/060_web_sessions.sql, see
 * web_session.h, docs/web.md): signing in with an API token for an HttpOnly cookie and a CSRF
 * token, the session's details, signing out, and the session lookup auth.c uses when a request
 * has no bearer token. */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/reply.h"
#include "http/web_session.h"
#include "store/session.h"
#include "util/err.h"

/* The cookie's value is 32 random bytes in hex; the database keeps the BLAKE2b-256 hash of that
 * text. The CSRF token is a keyed BLAKE2b of "prudent csrf" under the cookie's 32 bytes, in hex:
 * recomputed from the cookie whenever the page asks, and only its hash is stored. Both hashes
 * are user_hash_hex, as for API tokens. */

static bool id_wellformed(const char *id)
{
    if (!id || strlen(id) != 64)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

/* The CSRF token of the session whose cookie holds id (64 hex digits, checked) into out[65]. */
static void csrf_of(const char *id, char out[65])
{
    unsigned char key[32], h[32];
    static const char what[] = "prudent csrf";
    sodium_hex2bin(key, sizeof key, id, 64, NULL, NULL, NULL);
    crypto_generichash(h, sizeof h, (const unsigned char *)what, sizeof what - 1, key, sizeof key);
    sodium_bin2hex(out, 65, h, sizeof h);
    sodium_memzero(key, sizeof key);
}

static const char *cookie(struct request *rq)
{
    return MHD_lookup_connection_value(rq->mc, MHD_COOKIE_KIND, WEB_COOKIE);
}

/* The live session whose cookie holds id: fills *u and csrf_hash (64 hex digits) and touches it
 * when last seen over a minute ago. Returns 0, 1 when there is none (ended, expired, unknown, or
 * its user revoked), -1 on a database failure. */
static int session_live(PGconn *db, const char *id, struct api_user *u, char csrf_hash[65])
{
    char idh[65];
    user_hash_hex(id, idh);
    bool stale = false;
    int rc = session_find(db, idh, u, csrf_hash, &stale);
    if (rc != 0)
        return rc;
    return stale && session_touch(db, idh) < 0 ? -1 : 0;
}

int web_session_user(struct request *rq, bool *found)
{
    *found = false;
    const char *id = cookie(rq);
    if (!id)
        return 0;
    char csrf_hash[65];
    int rc = id_wellformed(id) ? session_live(rq->db, id, &rq->user, csrf_hash) : 1;
    if (rc < 0)
        return http_db_failure(rq);
    if (rc > 0)
        return http_error(rq, PR_ERR_SESSION_EXPIRED, NULL, NULL);
    bool safe = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
    if (!safe) {
        const char *h = MHD_lookup_connection_value(rq->mc, MHD_HEADER_KIND, WEB_CSRF_HEADER);
        char hh[65];
        if (h && strlen(h) == 64)
            user_hash_hex(h, hh);
        if (!h || strlen(h) != 64 || sodium_memcmp(hh, csrf_hash, 64) != 0) {
            memset(&rq->user, 0, sizeof rq->user);
            return http_error(rq, PR_ERR_CSRF, NULL, "send the session's CSRF token in " WEB_CSRF_HEADER);
        }
    }
    *found = true;
    return 0;
}

/* Forwarded over TLS by a proxy: the cookie is then Secure too. */
static bool behind_tls(struct request *rq)
{
    const char *p = MHD_lookup_connection_value(rq->mc, MHD_HEADER_KIND, "X-Forwarded-Proto");
    return p && strcasecmp(p, "https") == 0;
}

/* A new session for user u: its cookie value into id[65] and CSRF token into csrf[65]; expired
 * sessions of anyone are purged first, and the user's oldest beyond WEB_SESSIONS_PER_USER end.
 * Returns 0 or -1. */
static int session_new(PGconn *db, const struct api_user *u, char id[65], char csrf[65])
{
    if (session_purge(db) < 0)
        return -1;
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    sodium_bin2hex(id, 65, b, sizeof b);
    sodium_memzero(b, sizeof b);
    csrf_of(id, csrf);
    char idh[65], ch[65];
    user_hash_hex(id, idh);
    user_hash_hex(csrf, ch);
    return session_open(db, idh, ch, u->id, WEB_SESSION_IDLE_SECONDS, WEB_SESSION_MAX_SECONDS,
                        WEB_SESSIONS_PER_USER);
}

int web_sign_in(struct request *rq)
{
    const char *ct = MHD_lookup_connection_value(rq->mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) /* a cross-site form cannot send this */
        return http_error(rq, PR_ERR_UNSUPPORTED_MEDIA_TYPE, NULL, "send the token as application/json");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(rq->json, "token");
    if (!cJSON_IsString(t) || !*t->valuestring)
        return http_error(rq, PR_ERR_INVALID_FIELD, "token", "token is required");
    struct api_user u;
    int rc = user_by_token(rq->db, t->valuestring, &u);
    if (rc < 0)
        return http_db_failure(rq);
    if (rc > 0)
        return http_error(rq, PR_ERR_INVALID_TOKEN, "token", NULL);
    char id[65], csrf[65];
    if (sodium_init() < 0 || session_new(rq->db, &u, id, csrf) < 0)
        return http_db_failure(rq);
    char buf[256];
    snprintf(buf, sizeof buf, WEB_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", id,
             WEB_SESSION_MAX_SECONDS, behind_tls(rq) ? "; Secure" : "");
    rq->set_cookie = xstrdup(buf);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "name", u.name);
    cJSON_AddStringToObject(doc, "role", user_role_name(u.role));
    cJSON_AddBoolToObject(doc, "all_authorities", u.all_authorities);
    cJSON_AddStringToObject(doc, "csrf", csrf);
    sodium_memzero(id, sizeof id);
    return http_json(rq, 200, doc);
}

/* Whether this request came with a bearer token (which wins over the cookie). */
static bool has_bearer(struct request *rq)
{
    const char *h = MHD_lookup_connection_value(rq->mc, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    return h && strncasecmp(h, "Bearer ", 7) == 0;
}

int web_session_info(struct request *rq)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "name", rq->user.name);
    cJSON_AddStringToObject(doc, "role", user_role_name(rq->user.role));
    cJSON_AddBoolToObject(doc, "all_authorities", rq->user.all_authorities);
    const char *id = cookie(rq);
    if (!has_bearer(rq) && id_wellformed(id)) { /* authorise() found the session live */
        char csrf[65];
        csrf_of(id, csrf);
        cJSON_AddStringToObject(doc, "csrf", csrf);
    } else {
        cJSON_AddNullToObject(doc, "csrf");
    }
    return http_json(rq, 200, doc);
}

int web_sign_out(struct request *rq)
{
    const char *id = cookie(rq);
    if (!has_bearer(rq) && id_wellformed(id)) {
        char idh[65];
        user_hash_hex(id, idh);
        if (session_end(rq->db, idh) < 0)
            return http_db_failure(rq);
    }
    rq->set_cookie = xstrdup(WEB_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddBoolToObject(doc, "signed_out", true);
    return http_json(rq, 200, doc);
}
