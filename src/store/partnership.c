/* partnership.c: partnerships and authority-counterparty links in PostgreSQL (see partnership.h). */
#include "store/partnership.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Insert the partnership row; its id into *id. Returns 0, 1 when the code exists, -1. */
static int insert_partnership(PGconn *c, const char *code, const char *name, date_t began, const char *actor,
                              int64_t *id)
{
    char d[DATE_BUFSZ];
    const char *p[] = {code, name, actor, began == DATE_NONE ? NULL : date_format_iso(began, d)};
    PGresult *r = db_query(c, "add partnership",
                           "INSERT INTO partnerships (code, name, entered_by, began) VALUES ($1, $2, $3, $4::date)"
                           " ON CONFLICT (code) DO NOTHING RETURNING id",
                           4, p);
    if (!r)
        return -1;
    int rc = PQntuples(r) == 0 ? 1 : 0;
    if (rc == 0)
        *id = db_get_int(r, 0, "id");
    PQclear(r);
    return rc;
}

static int insert_member(PGconn *c, int64_t pid, const char *code, const char *name, int64_t aid,
                         const char *actor)
{
    char pbuf[DB_INT_BUFSZ], abuf[DB_INT_BUFSZ];
    const char *p[] = {db_int(pid, pbuf), db_int(aid, abuf), actor};
    if (db_exec(c, "add partnership member",
                "INSERT INTO partnership_members (partnership_id, authority_id, entered_by)"
                " VALUES ($1, $2, $3)",
                3, p) < 0)
        return -1;
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "partnership", code);
    cJSON_AddStringToObject(after, "name", name);
    int rc = audit_record(c, actor, aid, "partnership_member", code, "insert", NULL, after, NULL);
    cJSON_Delete(after);
    return rc;
}

int partnership_add(PGconn *c, const char *code, const char *name, const int64_t *member_ids, int n,
                    date_t began, const char *actor)
{
    if (db_begin(c) < 0)
        return -1;
    int64_t pid = 0;
    int rc = insert_partnership(c, code, name, began, actor, &pid);
    for (int i = 0; rc == 0 && i < n; i++)
        rc = insert_member(c, pid, code, name, member_ids[i], actor);
    if (rc != 0 || db_commit(c) < 0) {
        db_rollback(c);
        return rc == 1 ? 1 : -1;
    }
    return 0;
}

/* The segments of the window from..to: each day a membership may change (from, the changes and
 * the beginning inside the window) with the ids of the members from it. */
static PGresult *segment_rows(PGconn *c, int64_t pid, date_t from, date_t to)
{
    char buf[DB_INT_BUFSZ], f[DATE_BUFSZ], t[DATE_BUFSZ];
    const char *p[] = {db_int(pid, buf), date_format_iso(from, f), date_format_iso(to, t)};
    return db_query(c, "load partnership members by date",
                    "WITH days AS (SELECT $2::date AS d"
                    " UNION SELECT valid_from FROM partnership_member_changes"
                    "   WHERE partnership_id = $1 AND valid_from > $2::date AND valid_from <= $3::date"
                    " UNION SELECT began FROM partnerships WHERE id = $1 AND began > $2::date AND began <= $3::date)"
                    " SELECT to_char(days.d, 'YYYY-MM-DD') AS day, coalesce(m.id, 0) AS authority_id"
                    " FROM days LEFT JOIN LATERAL prudent_partnership_members_on($1, days.d) AS m(id) ON true"
                    " ORDER BY days.d, m.id",
                    3, p);
}

/* The authorities of ids (a PostgreSQL array literal), each with the counterparty it is, by code. */
static int load_members(PGconn *c, const char *ids, struct partnership *out)
{
    const char *p[] = {ids};
    PGresult *r = db_query(
        c, "load partnership members",
        "SELECT x.*, coalesce((SELECT cp.id FROM counterparties cp WHERE cp.code = x.counterparty), 0)"
        " AS counterparty_id FROM (SELECT a.id, a.code, coalesce((SELECT cp.code FROM authority_counterparty_links l"
        " JOIN counterparties cp ON cp.id = l.counterparty_id WHERE l.authority_id = a.id"
        " ORDER BY l.entered_at DESC, l.id DESC LIMIT 1), a.code) AS counterparty"
        " FROM authorities a WHERE a.id = ANY ($1::bigint[])) x ORDER BY x.code",
        1, p);
    if (!r)
        return -1;
    int n = PQntuples(r);
    out->members = xcalloc(n ? (size_t)n : 1, sizeof *out->members);
    for (int i = 0; i < n; i++) {
        struct partnership_member *m = &out->members[i];
        m->a.id = db_get_int(r, i, "id");
        snprintf(m->a.code, sizeof m->a.code, "%s", db_get(r, i, "code"));
        snprintf(m->counterparty, sizeof m->counterparty, "%s", db_get(r, i, "counterparty"));
        m->counterparty_id = db_get_int(r, i, "counterparty_id");
    }
    out->nmembers = n;
    PQclear(r);
    return 0;
}

/* The array literal of the distinct authority ids in r ("{}" none); a new string the caller frees. */
static char *ids_literal(const PGresult *r)
{
    struct strbuf b = STRBUF_INIT;
    strbuf_append_char(&b, '{');
    int n = 0;
    for (int i = 0; i < PQntuples(r); i++) {
        int64_t id = db_get_int(r, i, "authority_id");
        bool seen = id == 0;
        for (int k = 0; !seen && k < i; k++)
            seen = db_get_int(r, k, "authority_id") == id;
        if (!seen)
            strbuf_appendf(&b, "%s%lld", n++ ? "," : "", (long long)id);
    }
    strbuf_append_char(&b, '}');
    return strbuf_steal(&b);
}

/* out's segments from the rows of segment_rows (its members loaded). */
static int fill_segments(const PGresult *r, struct partnership *out)
{
    int rows = PQntuples(r);
    out->starts = xcalloc(rows ? (size_t)rows : 1, sizeof *out->starts);
    out->in = xcalloc((size_t)(rows ? rows : 1) * (size_t)(out->nmembers ? out->nmembers : 1), sizeof *out->in);
    out->nsegs = 0;
    for (int i = 0; i < rows; i++) {
        date_t d;
        const char *why;
        if (!date_parse(db_get(r, i, "day"), &d, &why))
            return fail(-1, "partnership %s: a member change's date \"%s\": %s", out->code, db_get(r, i, "day"), why);
        if (out->nsegs == 0 || out->starts[out->nsegs - 1] != d)
            out->starts[out->nsegs++] = d;
        int64_t id = db_get_int(r, i, "authority_id");
        for (int k = 0; k < out->nmembers; k++)
            if (out->members[k].a.id == id)
                out->in[(out->nsegs - 1) * out->nmembers + k] = true;
    }
    return 0;
}

/* The members of out on the days from..to, with the segments saying which days. */
static int load_window(PGconn *c, struct partnership *out, date_t from, date_t to)
{
    PGresult *r = segment_rows(c, out->id, from, to);
    if (!r)
        return -1;
    char *ids = ids_literal(r);
    int rc = load_members(c, ids, out);
    free(ids);
    if (rc == 0)
        rc = fill_segments(r, out);
    PQclear(r);
    return rc;
}

int partnership_find(PGconn *c, const char *code, date_t from, date_t to, struct partnership *out)
{
    memset(out, 0, sizeof *out);
    const char *p[] = {code};
    PGresult *r;
    int found = db_query_one(c, "look up partnership",
                             "SELECT id, code, name, coalesce(to_char(began, 'YYYY-MM-DD'), '') AS began"
                             " FROM partnerships WHERE code = $1",
                             1, p, &r);
    if (found != 1)
        return found;
    out->id = db_get_int(r, 0, "id");
    snprintf(out->code, sizeof out->code, "%s", db_get(r, 0, "code"));
    out->name = xstrdup(db_get(r, 0, "name"));
    const char *why;
    if (!*db_get(r, 0, "began") || !date_parse(db_get(r, 0, "began"), &out->began, &why))
        out->began = DATE_NONE;
    PQclear(r);
    if (load_window(c, out, from, to) < 0) {
        partnership_free(out);
        return -1;
    }
    return 1;
}

bool partnership_member_on(const struct partnership *p, int i, date_t d)
{
    int k = 0;
    while (k + 1 < p->nsegs && p->starts[k + 1] <= d)
        k++;
    return p->nsegs > 0 && p->in[k * p->nmembers + i];
}

void partnership_free(struct partnership *p)
{
    free(p->name);
    free(p->members);
    free(p->starts);
    free(p->in);
    memset(p, 0, sizeof *p);
}

struct rows *partnership_rows(PGconn *c, date_t day)
{
    char d[DATE_BUFSZ];
    const char *p[] = {date_format_iso(day, d)};
    return rows_of(db_query(c, "list partnerships",
                            "SELECT p.code, p.name, coalesce((SELECT string_agg(a.code, ',' ORDER BY a.code)"
                            " FROM prudent_partnership_members_on(p.id, $1::date) m(id)"
                            " JOIN authorities a ON a.id = m.id), '') AS members"
                            " FROM partnerships p ORDER BY p.code",
                            1, p));
}

struct rows *partnership_detail_rows(PGconn *c, const char *code, date_t day)
{
    char d[DATE_BUFSZ];
    const char *p[] = {code, date_format_iso(day, d)};
    return rows_of(db_query(
        c, "show partnership",
        "SELECT p.code AS partnership, p.name AS partnership_name, p.entered_by AS added_by,"
        " to_char(p.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS added_at,"
        " coalesce(to_char(p.began, 'YYYY-MM-DD'), '') AS began,"
        " coalesce(a.code, '') AS code, coalesce(a.name, '') AS name,"
        " coalesce((SELECT cp.code FROM authority_counterparty_links l JOIN counterparties cp ON cp.id = l.counterparty_id"
        "   WHERE l.authority_id = a.id ORDER BY l.entered_at DESC, l.id DESC LIMIT 1), a.code, '') AS counterparty,"
        " CASE WHEN EXISTS (SELECT 1 FROM authority_counterparty_links l WHERE l.authority_id = a.id)"
        "   THEN 'linked' ELSE 'own code' END AS how,"
        " coalesce(m.entered_by, j.entered_by, '') AS entered_by,"
        " coalesce(to_char(coalesce(m.entered_at, j.entered_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"
        "   AS entered_at"
        " FROM partnerships p LEFT JOIN prudent_partnership_members_on(p.id, $2::date) AS o(id) ON true"
        " LEFT JOIN authorities a ON a.id = o.id"
        " LEFT JOIN partnership_members m ON m.partnership_id = p.id AND m.authority_id = o.id"
        " LEFT JOIN LATERAL (SELECT c.entered_by, c.entered_at FROM partnership_member_changes c"
        "   WHERE c.partnership_id = p.id AND c.authority_id = o.id AND c.change = 'join' AND c.valid_from <= $2::date"
        "   ORDER BY c.valid_from DESC, c.entered_at DESC, c.id DESC LIMIT 1) j ON m.authority_id IS NULL"
        " WHERE p.code = $1 ORDER BY a.code",
        2, p));
}

struct rows *partnership_change_rows(PGconn *c, const char *code)
{
    const char *p[] = {code};
    return rows_of(db_query(
        c, "list partnership member changes",
        "SELECT a.code, c.change, to_char(c.valid_from, 'YYYY-MM-DD') AS valid_from, c.reason, c.entered_by,"
        " to_char(c.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS entered_at"
        " FROM partnership_member_changes c JOIN partnerships p ON p.id = c.partnership_id"
        " JOIN authorities a ON a.id = c.authority_id WHERE p.code = $1"
        " ORDER BY c.valid_from, c.entered_at, c.id",
        1, p));
}

/* Whether the authority is among p's members (p found for one day: the members of that day). */
static bool is_member(const struct partnership *p, int64_t authority_id)
{
    for (int i = 0; i < p->nmembers; i++)
        if (p->members[i].a.id == authority_id)
            return true;
    return false;
}

/* The checks on from that need no writing: 0, or 1 after printing the refusal. */
static int change_allowed(const struct partnership *p, const struct partnership_change *v, int n, date_t from)
{
    char d[DATE_BUFSZ], b[DATE_BUFSZ];
    if (p->began != DATE_NONE && from < p->began)
        return fail(1, "--from %s: partnership %s began on %s", date_format_iso(from, d), p->code,
                    date_format_iso(p->began, b));
    for (int i = 0; i < n; i++) {
        bool in = is_member(p, v[i].authority_id);
        if (v[i].join && in)
            return fail(1, "--add: %s is a member of %s on %s already", v[i].code, p->code, date_format_iso(from, d));
        if (!v[i].join && !in)
            return fail(1, "--remove: %s is not a member of %s on %s", v[i].code, p->code, date_format_iso(from, d));
    }
    return 0;
}

static int insert_change(PGconn *c, const struct partnership *p, const struct partnership_change *v, date_t from,
                         const char *reason, const char *actor)
{
    char pbuf[DB_INT_BUFSZ], abuf[DB_INT_BUFSZ], d[DATE_BUFSZ];
    const char *change = v->join ? "join" : "leave";
    const char *q[] = {db_int(p->id, pbuf), db_int(v->authority_id, abuf), change, date_format_iso(from, d), reason,
                       actor};
    if (db_exec(c, "record partnership member change",
                "INSERT INTO partnership_member_changes (partnership_id, authority_id, change, valid_from, reason,"
                " entered_by) VALUES ($1, $2, $3, $4::date, $5, $6)",
                6, q) < 0)
        return -1;
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "partnership", p->code);
    cJSON_AddStringToObject(after, "change", change);
    cJSON_AddStringToObject(after, "from", d);
    int rc = audit_record(c, actor, v->authority_id, "partnership_member", p->code, change, NULL, after, reason);
    cJSON_Delete(after);
    return rc;
}

/* After the changes (in this transaction): 0 when p has at least two members on from and on
 * every later change's date, 1 after printing the first date it would not, -1. */
static int enough_members(PGconn *c, const struct partnership *p, date_t from)
{
    char pbuf[DB_INT_BUFSZ], d[DATE_BUFSZ];
    const char *q[] = {db_int(p->id, pbuf), date_format_iso(from, d)};
    PGresult *r = db_query(c, "count partnership members",
                           "SELECT to_char(x.d, 'YYYY-MM-DD') AS day,"
                           " (SELECT count(*) FROM prudent_partnership_members_on($1, x.d)) AS n"
                           " FROM (SELECT $2::date AS d UNION SELECT valid_from FROM partnership_member_changes"
                           "   WHERE partnership_id = $1 AND valid_from > $2::date) x ORDER BY x.d",
                           2, q);
    if (!r)
        return -1;
    int rc = 0;
    for (int i = 0; rc == 0 && i < PQntuples(r); i++)
        if (db_get_int(r, i, "n") < 2)
            rc = fail(1, "partnership %s would have %lld member%s on %s: a partnership needs at least two", p->code,
                      (long long)db_get_int(r, i, "n"), db_get_int(r, i, "n") == 1 ? "" : "s", db_get(r, i, "day"));
    PQclear(r);
    return rc;
}

int partnership_change(PGconn *c, const struct partnership *p, const struct partnership_change *changes, int n,
                       date_t from, const char *reason, const char *actor)
{
    int rc = change_allowed(p, changes, n, from);
    if (rc != 0 || db_begin(c) < 0)
        return rc != 0 ? rc : -1;
    for (int i = 0; rc == 0 && i < n; i++)
        rc = insert_change(c, p, &changes[i], from, reason, actor);
    if (rc == 0)
        rc = enough_members(c, p, from);
    if (rc != 0 || db_commit(c) < 0) {
        db_rollback(c);
        return rc == 1 ? 1 : -1;
    }
    return 0;
}

int authority_link_counterparty(PGconn *c, const struct authority *a, const char *cp_code, const char *actor)
{
    if (db_begin(c) < 0)
        return -1;
    char buf[DB_INT_BUFSZ];
    const char *p[] = {db_int(a->id, buf), cp_code, actor};
    PGresult *r = db_query(c, "link authority to counterparty",
                           "INSERT INTO authority_counterparty_links (authority_id, counterparty_id, entered_by)"
                           " SELECT $1, id, $3 FROM counterparties WHERE code = $2 RETURNING id",
                           3, p);
    if (!r) {
        db_rollback(c);
        return -1;
    }
    int n = PQntuples(r);
    PQclear(r);
    if (n == 0) {
        db_rollback(c);
        return 1;
    }
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "authority", a->code);
    cJSON_AddStringToObject(after, "counterparty", cp_code);
    int rc = audit_record(c, actor, a->id, "authority_link", a->code, "insert", NULL, after, NULL);
    cJSON_Delete(after);
    if (rc < 0 || db_commit(c) < 0) {
        db_rollback(c);
        return -1;
    }
    return 0;
}
