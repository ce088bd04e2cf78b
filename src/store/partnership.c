/* partnership.c: partnerships and authority-counterparty links in PostgreSQL (see partnership.h). */
#include "store/partnership.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "util/err.h"

/* Insert the partnership row; its id into *id. Returns 0, 1 when the code exists, -1. */
static int insert_partnership(PGconn *c, const char *code, const char *name, const char *actor, int64_t *id)
{
    const char *p[] = {code, name, actor};
    PGresult *r = db_query(c, "add partnership",
                           "INSERT INTO partnerships (code, name, entered_by) VALUES ($1, $2, $3)"
                           " ON CONFLICT (code) DO NOTHING RETURNING id",
                           3, p);
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
                    const char *actor)
{
    if (db_begin(c) < 0)
        return -1;
    int64_t pid = 0;
    int rc = insert_partnership(c, code, name, actor, &pid);
    for (int i = 0; rc == 0 && i < n; i++)
        rc = insert_member(c, pid, code, name, member_ids[i], actor);
    if (rc != 0 || db_commit(c) < 0) {
        db_rollback(c);
        return rc == 1 ? 1 : -1;
    }
    return 0;
}

/* The members of partnership pid, each with the counterparty it is. */
static int load_members(PGconn *c, struct partnership *out)
{
    char buf[DB_INT_BUFSZ];
    const char *p[] = {db_int(out->id, buf)};
    PGresult *r = db_query(
        c, "load partnership members",
        "SELECT x.*, coalesce((SELECT cp.id FROM counterparties cp WHERE cp.code = x.counterparty), 0)"
        " AS counterparty_id FROM (SELECT a.id, a.code, coalesce((SELECT cp.code FROM authority_counterparty_links l"
        " JOIN counterparties cp ON cp.id = l.counterparty_id WHERE l.authority_id = a.id"
        " ORDER BY l.entered_at DESC, l.id DESC LIMIT 1), a.code) AS counterparty"
        " FROM partnership_members m JOIN authorities a ON a.id = m.authority_id"
        " WHERE m.partnership_id = $1) x ORDER BY x.code",
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

int partnership_find(PGconn *c, const char *code, struct partnership *out)
{
    memset(out, 0, sizeof *out);
    const char *p[] = {code};
    PGresult *r;
    int found = db_query_one(c, "look up partnership", "SELECT id, code, name FROM partnerships WHERE code = $1",
                             1, p, &r);
    if (found != 1)
        return found;
    out->id = db_get_int(r, 0, "id");
    snprintf(out->code, sizeof out->code, "%s", db_get(r, 0, "code"));
    out->name = xstrdup(db_get(r, 0, "name"));
    PQclear(r);
    if (load_members(c, out) < 0) {
        partnership_free(out);
        return -1;
    }
    return 1;
}

void partnership_free(struct partnership *p)
{
    free(p->name);
    free(p->members);
    memset(p, 0, sizeof *p);
}

struct rows *partnership_rows(PGconn *c)
{
    return rows_of(db_query(c, "list partnerships",
                            "SELECT p.code, p.name, coalesce((SELECT string_agg(a.code, ',' ORDER BY a.code)"
                            " FROM partnership_members m JOIN authorities a ON a.id = m.authority_id"
                            " WHERE m.partnership_id = p.id), '') AS members"
                            " FROM partnerships p ORDER BY p.code",
                            0, NULL));
}

struct rows *partnership_detail_rows(PGconn *c, const char *code)
{
    const char *p[] = {code};
    return rows_of(db_query(
        c, "show partnership",
        "SELECT p.code AS partnership, p.name AS partnership_name, p.entered_by AS added_by,"
        " to_char(p.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS added_at,"
        " coalesce(a.code, '') AS code, coalesce(a.name, '') AS name,"
        " coalesce((SELECT cp.code FROM authority_counterparty_links l JOIN counterparties cp ON cp.id = l.counterparty_id"
        "   WHERE l.authority_id = a.id ORDER BY l.entered_at DESC, l.id DESC LIMIT 1), a.code, '') AS counterparty,"
        " CASE WHEN EXISTS (SELECT 1 FROM authority_counterparty_links l WHERE l.authority_id = a.id)"
        "   THEN 'linked' ELSE 'own code' END AS how,"
        " coalesce(m.entered_by, '') AS entered_by,"
        " coalesce(to_char(m.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') AS entered_at"
        " FROM partnerships p LEFT JOIN partnership_members m ON m.partnership_id = p.id"
        " LEFT JOIN authorities a ON a.id = m.authority_id WHERE p.code = $1 ORDER BY a.code",
        1, p));
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
