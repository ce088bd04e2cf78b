/* import_counterparties.c: `prudent import counterparties FILE`: the lending universe shared by
 * every authority (interfaces.md "Imports"), through the engine of importer.h. A counterparty's
 * group is the code of its group parent, in the file or already in the book. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/book.h"
#include "ingest/book_kinds.h"
#include "ingest/importer.h"
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

/* Where check's findings go. */
struct found {
    const struct records *rs;
    struct import_errors *e;
};

static void name_taken(void *arg, int idx, const char *code)
{
    struct found *f = arg;
    import_row_error(f->rs, idx, F_NAME, f->e, "is already the name of counterparty %s", code);
}

static void group_unknown(void *arg, int idx, const char *code)
{
    (void)code;
    struct found *f = arg;
    import_row_error(f->rs, idx, F_GROUP, f->e, "is not the code of a counterparty in the file or the book");
}

/* Names are unique in the book; groups must name a counterparty. */
static int check(PGconn *c, void *arg, const struct records *rs, struct import_errors *e)
{
    (void)arg;
    struct found f = {rs, e};
    if (stage_name_clashes(c, name_taken, &f) < 0)
        return -1;
    return stage_unknown_groups(c, group_unknown, &f);
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
    .stage = STAGE_COUNTERPARTIES,
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
