/* web_session.c: what the web pages need from the service beyond the JSON API (see web_session.h, docs/web.md):
 * the embedded pages, sessions kept in the database (sql/060), the deals list for the approvals queue, rejecting
 * a deal, acknowledging an alert and report downloads through the report writers. */
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http/web_session.h"
#include "report/build.h"
#include "report/writer.h"
#include "store/alert.h"
#include "store/authority.h"
#include "store/report_meta.h"
#include "store/session.h"
#include "store/db.h"
#include "store/deal.h"
#include "store/deal_list.h"
#include "util/clock.h"
#include "util/err.h"

/* ---- sessions (sql/060_web_sessions.sql) ---------------------------------------------------- */

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

/* ---- pages --------------------------------------------------------------------------------- */

static const char *content_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return "application/octet-stream";
    if (strcmp(dot, ".html") == 0)
        return "text/html; charset=utf-8";
    if (strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    return "text/plain; charset=utf-8";
}

static int serve_asset(struct request *rq, const char *name)
{
    for (const struct web_asset *a = web_assets; a->name; a++) {
        if (strcmp(a->name, name) != 0)
            continue;
        rq->text = xmalloc(a->len + 1);
        memcpy(rq->text, a->data, a->len);
        rq->text[a->len] = '\0';
        rq->text_len = a->len;
        rq->content_type = content_type(name);
        rq->status = 200;
        return 200;
    }
    return http_error(rq, PR_ERR_NOT_FOUND, NULL, "no file %s", name);
}

int web_page(struct request *rq)
{
    return serve_asset(rq, "index.html");
}

int web_static(struct request *rq)
{
    const char *f = rq->params[0];
    if (strcmp(f, "index.html") == 0)
        return http_error(rq, PR_ERR_NOT_FOUND, NULL, "no file %s", f);
    return serve_asset(rq, f);
}

/* ---- deals --------------------------------------------------------------------------------- */

int web_deals(struct request *rq)
{
    const char *status = http_query(rq, "status");
    if (status && strcmp(status, "pending") != 0 && strcmp(status, "confirmed") != 0 &&
        strcmp(status, "cancelled") != 0)
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "status", "status must be pending, confirmed or cancelled");
    cJSON *arr = deal_list_json(rq->db, rq->authority.id, status);
    if (!arr)
        return http_db_failure(rq);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "deals", arr);
    return http_json(rq, 200, doc);
}

/* The reason in the body {"reason": "..."}, trimmed, into out (n bytes); "" when none. */
static void body_reason(struct request *rq, char *out, size_t n)
{
    out[0] = '\0';
    cJSON *body = rq->body ? cJSON_ParseWithLength(rq->body, rq->body_len) : NULL;
    const cJSON *why = cJSON_GetObjectItemCaseSensitive(body, "reason");
    if (cJSON_IsString(why)) {
        const char *s = why->valuestring;
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        snprintf(out, n, "%s", s);
        size_t len = strlen(out);
        while (len && (out[len - 1] == ' ' || out[len - 1] == '\t' || out[len - 1] == '\n' || out[len - 1] == '\r'))
            out[--len] = '\0';
    }
    cJSON_Delete(body);
}

/* Reject (a second officer) or withdraw (the booker) a pending deal through store/deal.h. */
static int deal_cancel_as(struct request *rq, bool reject)
{
    char reason[1001];
    body_reason(rq, reason, sizeof reason);
    if (!reason[0])
        return http_error(rq, PR_ERR_INVALID_FIELD, "reason", "give a reason for %s the deal in \"reason\"",
                          reject ? "rejecting" : "withdrawing");
    cJSON *doc = NULL;
    int rc = reject ? deal_reject(rq->db, &rq->authority, rq->params[1], rq->user.name, reason, &doc)
                    : deal_withdraw(rq->db, &rq->authority, rq->params[1], rq->user.name, reason, &doc);
    if (rc == EXIT_OK)
        return http_json(rq, 200, doc);
    return http_deal_failure(rq, rc, doc);
}

int web_deal_reject(struct request *rq)
{
    return deal_cancel_as(rq, true);
}

int web_deal_withdraw(struct request *rq)
{
    return deal_cancel_as(rq, false);
}

/* ---- alerts -------------------------------------------------------------------------------- */

int web_alert_ack(struct request *rq)
{
    char *end;
    long long id = strtoll(rq->params[1], &end, 10);
    if (*end || id <= 0)
        return http_error(rq, PR_ERR_NOT_FOUND, "id", "no alert %s", rq->params[1]);
    int rc = alert_acknowledge(rq->db, rq->authority.id, id, rq->user.name);
    if (rc < 0)
        return http_db_failure(rq);
    if (rc == ALERT_ACK_UNKNOWN)
        return http_error(rq, PR_ERR_NOT_FOUND, "id", "no alert %lld for %s", id, rq->authority.code);
    if (rc == ALERT_ACK_RESOLVED)
        return http_error(rq, PR_ERR_RESOLVED, "id", "alert %lld is resolved already", id);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "id", (double)id);
    cJSON_AddStringToObject(doc, "status", "acknowledged");
    cJSON_AddBoolToObject(doc, "changed", rc == ALERT_ACKED);
    return http_json(rq, 200, doc);
}

/* ---- reports ------------------------------------------------------------------------------- */

static int date_arg(struct request *rq, const char *name, date_t *out)
{
    const char *s = http_query(rq, name), *why;
    if (s && *s && !date_parse(s, out, &why))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, name, "%s \"%s\": %s", name, s, why);
    return 0;
}

/* The report written in fmt into rq->text. Returns 0 or -1. */
static int render(struct request *rq, const struct report *r, enum report_format fmt)
{
    if (fmt == RF_XLSX) { /* libxlsxwriter writes files: a private temporary one */
        char path[] = "/tmp/prudent-report-XXXXXX";
        int fd = mkstemp(path);
        if (fd < 0)
            return -1;
        close(fd);
        int rc = report_write_xlsx(r, path);
        FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
        char *buf = NULL;
        size_t len = 0;
        if (f) {
            fseek(f, 0, SEEK_END);
            long n = ftell(f);
            rewind(f);
            if (n > 0) {
                buf = xmalloc((size_t)n + 1);
                len = fread(buf, 1, (size_t)n, f);
                buf[len] = '\0';
            }
            fclose(f);
        }
        unlink(path);
        if (!buf || len == 0) {
            free(buf);
            return -1;
        }
        rq->text = buf;
        rq->text_len = len;
        return 0;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return -1;
    int rc = fmt == RF_HTML  ? report_write_html(r, f)
             : fmt == RF_CSV ? report_write_csv(r, f)
             : fmt == RF_JSON ? report_write_json(r, f)
                              : report_write_md(r, f);
    if (fclose(f) != 0 || rc != 0) {
        free(buf);
        return -1;
    }
    rq->text = buf;
    rq->text_len = len;
    return 0;
}

int web_report(struct request *rq)
{
    const char *kind = rq->params[1], *format = http_query(rq, "format");
    enum report_format fmt = RF_HTML;
    if (!report_kind_valid(kind))
        return http_error(rq, PR_ERR_NOT_FOUND, "kind", "no report %s: use pi, portfolio or outturn", kind);
    if (format && !report_format_parse(format, &fmt))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "format", "format must be html, xlsx, csv, md or json");
    struct view_args args = {.as_of = clock_today(), .from = DATE_NONE, .to = DATE_NONE,
                             .reference_date = DATE_NONE};
    int st;
    if ((st = date_arg(rq, "as_of", &args.as_of)) || (st = date_arg(rq, "from", &args.from)) ||
        (st = date_arg(rq, "to", &args.to)))
        return st;
    if ((args.from == DATE_NONE) != (args.to == DATE_NONE))
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "from", "give both from and to, or neither");
    if (args.from != DATE_NONE && args.to < args.from)
        return http_error(rq, PR_ERR_INVALID_PARAMETER, "to", "to is before from");
    if (strcmp(kind, "outturn") == 0 && args.from == DATE_NONE) {
        args.from = date_fy_start(date_financial_year(args.as_of));
        args.to = args.as_of;
    }
    char name[256];
    if (store_authority_name(rq->db, rq->authority.id, name, sizeof name) != EXIT_OK)
        return http_db_failure(rq);
    struct view_source_ctx ctx = {.conn = rq->db, .authority = &rq->authority};
    struct report_source src = {.fetch = report_fetch_view, .ctx = &ctx};
    int code = EXIT_DEP;
    struct report *r = report_build(kind, &src, rq->authority.code, name, &args, &code);
    if (!r)
        return code == EXIT_BAD
                   ? http_error(rq, PR_ERR_INVALID_REQUEST, NULL, "the %s report refused these dates", kind)
                   : http_db_failure(rq);
    char gen[40];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(gen, sizeof gen, "%Y-%m-%dT%H:%M:%SZ", &tm);
    report_set_generated(r, gen);
    int rc = render(rq, r, fmt);
    report_free(r);
    if (rc != 0)
        return http_error(rq, PR_ERR_INTERNAL, NULL, "the %s report could not be written", kind);
    static const char *const types[RF_COUNT] = {
        [RF_MD] = "text/markdown; charset=utf-8", [RF_HTML] = "text/html; charset=utf-8",
        [RF_CSV] = "text/csv; charset=utf-8",
        [RF_XLSX] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [RF_JSON] = "application/json"};
    rq->content_type = types[fmt];
    char asof[16];
    date_format_iso(args.as_of, asof);
    snprintf(rq->disposition, sizeof rq->disposition, "attachment; filename=\"%s-%s-%s.%s\"", rq->authority.code,
             kind, asof, fmt == RF_MD ? "md" : report_format_name(fmt));
    rq->status = 200;
    return 200;
}
