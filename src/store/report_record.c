/* report_record.c: recording the reports made for committee and reading the records back (see
 * report_record.h; sql/210_report_records.sql). The table is named public.report_records in
 * every statement: a connection reading --as-known-at has prudent_known first on its path. */
#include "store/report_record.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "util/err.h"
#include "util/json.h"

void report_sha256_hex(const unsigned char *bytes, size_t n, char out[REPORT_SHA256_HEX])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, bytes, n);
    sodium_bin2hex(out, REPORT_SHA256_HEX, h, sizeof h);
}

int report_record_moment(PGconn *c, const char *at, char *buf, size_t n)
{
    const char *p[] = {at};
    PGresult *r = db_query(c, "read the moment",
                           "SELECT to_char(coalesce($1::timestamptz, clock_timestamp()) AT TIME ZONE 'UTC',"
                           " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS at",
                           1, p);
    if (!r)
        return -1;
    snprintf(buf, n, "%s", db_get(r, 0, "at"));
    PQclear(r);
    return 0;
}

/* The arguments as stored: {"as_of", "from", "to", "quarter"}, dates ISO or null. Caller owns. */
static cJSON *arguments_json(const struct report_record *rec)
{
    cJSON *o = cJSON_CreateObject();
    const date_t *d[] = {&rec->as_of, &rec->from, &rec->to};
    const char *k[] = {"as_of", "from", "to"};
    for (int i = 0; i < 3; i++) {
        if (*d[i] == DATE_NONE)
            cJSON_AddNullToObject(o, k[i]);
        else
            json_add_date(o, k[i], *d[i]);
    }
    if (rec->quarter[0])
        cJSON_AddStringToObject(o, "quarter", rec->quarter);
    else
        cJSON_AddNullToObject(o, "quarter");
    return o;
}

struct add_args {
    const char *actor;
    struct report_record *rec;
    const char *hex; /* the bytes as bytea hex input: "\x..." */
};

static int add_body(PGconn *c, void *arg)
{
    struct add_args *a = arg;
    struct report_record *rec = a->rec;
    char aid[24], size[24];
    cJSON *args = arguments_json(rec);
    char *args_text = cJSON_PrintUnformatted(args);
    db_int(rec->authority_id, aid);
    db_int(rec->size, size);
    const char *p[] = {aid, rec->kind, args_text, rec->format, rec->made_at, rec->sha256, size, a->hex, a->actor};
    PGresult *r = db_query(c, "record the report",
                           "INSERT INTO public.report_records (authority_id, kind, arguments, format, made_at,"
                           " sha256, size, bytes, entered_by) VALUES ($1, $2, $3::jsonb, $4, $5::timestamptz,"
                           " $6, $7, $8::bytea, $9) RETURNING id",
                           9, p);
    int rc = -1;
    if (r) {
        rec->id = db_get_int(r, 0, "id");
        PQclear(r);
        char key[24];
        cJSON *after = cJSON_CreateObject();
        cJSON_AddStringToObject(after, "kind", rec->kind);
        cJSON_AddStringToObject(after, "format", rec->format);
        cJSON_AddItemToObject(after, "arguments", cJSON_Duplicate(args, true));
        cJSON_AddStringToObject(after, "made_at", rec->made_at);
        cJSON_AddStringToObject(after, "sha256", rec->sha256);
        cJSON_AddNumberToObject(after, "size", (double)rec->size);
        db_int(rec->id, key);
        rc = audit_record(c, a->actor, rec->authority_id, "report", key, "record", NULL, after, NULL);
        cJSON_Delete(after);
    }
    free(args_text);
    cJSON_Delete(args);
    return rc;
}

int report_record_add(PGconn *c, const char *actor, struct report_record *rec, const unsigned char *bytes,
                      size_t n)
{
    report_sha256_hex(bytes, n, rec->sha256);
    rec->size = (int64_t)n;
    char *hex = xmalloc(2 * n + 3);
    memcpy(hex, "\\x", 2);
    sodium_bin2hex(hex + 2, 2 * n + 1, bytes, n);
    struct add_args a = {.actor = actor, .rec = rec, .hex = hex};
    int rc = db_transaction(c, add_body, &a);
    free(hex);
    return rc == 0 ? 0 : -1;
}

#define RECORD_COLUMNS                                                                             \
    "r.id, r.authority_id, a.code, r.kind, r.format, r.sha256, r.size, r.entered_by,"             \
    " coalesce(r.arguments->>'as_of', '') AS as_of, coalesce(r.arguments->>'from', '') AS from_,"  \
    " coalesce(r.arguments->>'to', '') AS to_, coalesce(r.arguments->>'quarter', '') AS quarter,"  \
    " r.arguments::text AS arguments,"                                                             \
    " to_char(r.made_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS made_at"        \
    " FROM public.report_records r JOIN public.authorities a ON a.id = r.authority_id"

static date_t stored_date(const PGresult *r, int i, const char *col)
{
    date_t d = DATE_NONE;
    const char *s = db_get(r, i, col);
    if (*s && !date_parse(s, &d, NULL))
        d = DATE_NONE;
    return d;
}

int report_record_get(PGconn *c, int64_t id, struct report_record *out)
{
    char idt[24];
    db_int(id, idt);
    const char *p[] = {idt};
    PGresult *r = db_query(c, "read the report record", "SELECT " RECORD_COLUMNS " WHERE r.id = $1", 1, p);
    if (!r)
        return -1;
    if (PQntuples(r) == 0) {
        PQclear(r);
        error("no recorded report %s (prudent report list shows them)", idt);
        return 1;
    }
    memset(out, 0, sizeof *out);
    out->id = db_get_int(r, 0, "id");
    out->authority_id = db_get_int(r, 0, "authority_id");
    snprintf(out->authority, sizeof out->authority, "%s", db_get(r, 0, "code"));
    snprintf(out->kind, sizeof out->kind, "%s", db_get(r, 0, "kind"));
    snprintf(out->format, sizeof out->format, "%s", db_get(r, 0, "format"));
    snprintf(out->sha256, sizeof out->sha256, "%s", db_get(r, 0, "sha256"));
    snprintf(out->quarter, sizeof out->quarter, "%s", db_get(r, 0, "quarter"));
    snprintf(out->made_at, sizeof out->made_at, "%s", db_get(r, 0, "made_at"));
    out->size = db_get_int(r, 0, "size");
    out->as_of = stored_date(r, 0, "as_of");
    out->from = stored_date(r, 0, "from_");
    out->to = stored_date(r, 0, "to_");
    PQclear(r);
    return 0;
}

cJSON *report_records_json(PGconn *c, int64_t authority_id)
{
    char aid[24];
    db_int(authority_id, aid);
    const char *p[] = {aid};
    PGresult *r = db_query(c, "list the recorded reports",
                           "SELECT " RECORD_COLUMNS " WHERE r.authority_id = $1 ORDER BY r.id", 1, p);
    if (!r)
        return NULL;
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < PQntuples(r); i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "id", (double)db_get_int(r, i, "id"));
        cJSON_AddStringToObject(o, "kind", db_get(r, i, "kind"));
        cJSON_AddStringToObject(o, "format", db_get(r, i, "format"));
        cJSON_AddItemToObject(o, "arguments", cJSON_Parse(db_get(r, i, "arguments")));
        cJSON_AddStringToObject(o, "made_at", db_get(r, i, "made_at"));
        cJSON_AddStringToObject(o, "sha256", db_get(r, i, "sha256"));
        cJSON_AddNumberToObject(o, "size", (double)db_get_int(r, i, "size"));
        cJSON_AddStringToObject(o, "entered_by", db_get(r, i, "entered_by"));
        cJSON_AddItemToArray(arr, o);
    }
    PQclear(r);
    return arr;
}
