/* import_counterparties.c: `prudent import counterparties FILE`: the lending universe shared by
 * every authority (interfaces.md "Imports"), through the engine of importer.h. A counterparty's
 * group is the code of its group parent, in the file or already in the book. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/book.h"
#include "ingest/book_kinds.h"
#include "ingest/importer.h"
#include "store/db.h"
#include "util/err.h"

enum { F_CODE, F_NAME, F_SECTOR, F_COUNTRY, F_GROUP, NF };

static const struct field_def fields[NF] = {
    {"code", true}, {"name", true}, {"sector", true}, {"country", true}, {"group", false},
};
static const char *const col_names[NF] = {"code", "name", "sector", "country", "group"};

struct ctx {
    const char *sectors[SECTOR_COUNT];
};

static bool check_country(struct row *w, char out[3])
{
    if (!field_required(w, F_COUNTRY))
        return false;
    const char *s = row_value(w, F_COUNTRY);
    if (strlen(s) != 2 || !isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1])) {
        row_fail(w, F_COUNTRY, "is not an ISO 3166 alpha-2 country code (GB, DE, US ...)");
        return false;
    }
    out[0] = (char)toupper((unsigned char)s[0]);
    out[1] = (char)toupper((unsigned char)s[1]);
    out[2] = '\0';
    return true;
}

static bool validate(void *arg, struct row *w, char **cols)
{
    struct ctx *x = arg;
    int sector = -1;
    const char *name = NULL;
    char country[3];
    field_ident(w, F_CODE, true, "_.&-", 32);
    field_text(w, F_NAME, true, 200, &name);
    field_choice(w, F_SECTOR, true, x->sectors, SECTOR_COUNT, &sector);
    check_country(w, country);
    field_ident(w, F_GROUP, false, "_.&-", 32);
    if (!w->ok)
        return false;
    cols[0] = xstrdup(row_value(w, F_CODE));
    cols[1] = xstrdup(name);
    cols[2] = xstrdup(x->sectors[sector]);
    cols[3] = xstrdup(country);
    cols[4] = row_blank(w, F_GROUP) ? NULL : xstrdup(row_value(w, F_GROUP));
    return true;
}

/* Names are unique in the book; groups must name a counterparty. */
static int check(PGconn *c, void *arg, const struct records *rs, struct import_errors *e)
{
    (void)arg;
    PGresult *r = db_query(c, "check counterparty names",
                           "SELECT t.idx, c.code FROM import_rows t"
                           " JOIN counterparties c ON c.name = t.name AND c.code <> t.code ORDER BY t.idx",
                           0, NULL);
    if (!r)
        return -1;
    for (int j = 0; j < PQntuples(r); j++)
        import_row_error(rs, atoi(PQgetvalue(r, j, 0)), F_NAME, e,
                         "is already the name of counterparty %s", PQgetvalue(r, j, 1));
    PQclear(r);
    r = db_query(c, "check counterparty groups",
                 "SELECT t.idx FROM import_rows t WHERE t.group_code IS NOT NULL"
                 " AND NOT EXISTS (SELECT 1 FROM counterparties c WHERE c.code = t.group_code)"
                 " AND NOT EXISTS (SELECT 1 FROM import_rows u WHERE u.code = t.group_code)"
                 " ORDER BY t.idx",
                 0, NULL);
    if (!r)
        return -1;
    for (int j = 0; j < PQntuples(r); j++)
        import_row_error(rs, atoi(PQgetvalue(r, j, 0)), F_GROUP, e,
                         "is not the code of a counterparty in the file or the book");
    PQclear(r);
    return 0;
}

static const struct import_spec spec = {
    .kind = "counterparties",
    .entity = "counterparty",
    .fields = fields,
    .nfields = NF,
    .key_field = F_CODE,
    .ncols = NF,
    .col_names = col_names,
    .amend_hint = "an import never changes a counterparty: use a new code, or correct the file",
    .create_sql = "CREATE TEMP TABLE import_rows (idx int, code text, name text,"
                  " sector text, country text, group_code text) ON COMMIT DROP",
    .copy_sql = "COPY import_rows (idx, code, name, sector, country, group_code) FROM STDIN",
    .existing_sql = "SELECT t.idx, c.name, c.sector, c.country, c.group_code"
                    " FROM import_rows t JOIN counterparties c ON c.code = t.code",
    .insert_sql =
        "WITH ins AS ("
        "  INSERT INTO counterparties (code, name, sector, country, group_code)"
        "  SELECT t.code, t.name, t.sector, t.country, t.group_code FROM import_rows t"
        "  WHERE NOT EXISTS (SELECT 1 FROM counterparties c WHERE c.code = t.code)"
        "  ORDER BY t.idx"
        "  ON CONFLICT (code) DO NOTHING"
        "  RETURNING *"
        "), audit AS ("
        "  INSERT INTO audit_log (actor, entity, entity_key, action, after)"
        "  SELECT $1, 'counterparty', ins.code, 'insert', to_jsonb(ins) FROM ins WHERE $2::boolean"
        ") SELECT count(*) FROM ins",
    .validate = validate,
    .check = check,
};

int import_counterparties(PGconn *c, const struct authority *a, const char *path,
                          const struct import_opts *o)
{
    (void)a;
    struct ctx x;
    for (int s = 0; s < SECTOR_COUNT; s++)
        x.sectors[s] = sector_name((enum sector)s);
    return import_run(c, NULL, path, o, &spec, &x);
}
