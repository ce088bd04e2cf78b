/* import_investments.c: `prudent import investments FILE`: the authority's deposits and other
 * investments (interfaces.md "Imports"), through the all-or-nothing engine of importer.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/book.h"
#include "ingest/book_kinds.h"
#include "ingest/importer.h"
#include "util/err.h"

enum { F_REF, F_TYPE, F_CP, F_PRINCIPAL, F_RATE, F_START, F_MATURITY, F_NOTICE, F_ACCOUNT, NF };

static const struct field_def fields[NF] = {
    {"ref", true},  {"type", true},       {"counterparty", true},   {"principal", true},
    {"rate", true}, {"start_date", true}, {"maturity_date", false}, {"notice_days", false},
    {"account", false},
};
static const char *const col_names[NF] = {"ref", "type", "counterparty", "principal", "rate",
                                          "start_date", "maturity_date", "notice_days", "account"};

struct ctx {
    const struct authority *a;
    const char *path; /* the file: whether it has an account column */
    struct settle_accounts accounts; /* the bank accounts a deal may settle in (sql/235) */
    struct cp_index *cps;
    const char *types[INV_TYPE_COUNT];
};

static int prepare(PGconn *c, void *arg)
{
    struct ctx *x = arg;
    x->cps = cp_index_load(c);
    return x->cps && settle_accounts_for_file(c, x->a, x->path, &x->accounts) == 0 ? 0 : -1;
}

/* maturity_date and notice_days, which depend on the type. */
static void check_term(struct row *w, enum inv_type t, date_t start, date_t *maturity, int *notice)
{
    if (inv_type_is_dated(t)) {
        if (field_date(w, F_MATURITY, true, maturity) && start != DATE_NONE && *maturity <= start)
            row_fail(w, F_MATURITY, "must be after the start date");
    } else {
        field_blank(w, F_MATURITY, "notice, call, mmf and pooled investments have no maturity date");
    }
    if (t == INV_NOTICE || t == INV_POOLED) {
        field_int(w, F_NOTICE, t == INV_NOTICE, 0, 3650, notice);
    } else if (!row_blank(w, F_NOTICE) && strcmp(row_value(w, F_NOTICE), "0") != 0) {
        row_fail(w, F_NOTICE, "must be empty: only notice accounts and pooled funds have a notice period");
    }
}

static bool validate(void *arg, struct row *w, char **cols)
{
    struct ctx *x = arg;
    int type = -1, notice = -1;
    money_t principal = 0;
    rate_t rate = 0;
    date_t start = DATE_NONE, maturity = DATE_NONE;
    field_ident(w, F_REF, true, "_./-", 40);
    bool typed = field_choice(w, F_TYPE, true, x->types, INV_TYPE_COUNT, &type);
    const char *cp = field_counterparty(w, F_CP, x->cps);
    field_money(w, F_PRINCIPAL, true, true, &principal);
    /* a variable yield (mmf, pooled) may have no rate */
    bool rated = typed && (type == INV_MMF || type == INV_POOLED) ? !row_blank(w, F_RATE) : true;
    if (rated)
        field_rate(w, F_RATE, true, &rate);
    field_date(w, F_START, true, &start);
    if (typed)
        check_term(w, (enum inv_type)type, start, &maturity, &notice);
    const char *account = field_settle_account(w, F_ACCOUNT, &x->accounts);
    if (!w->ok)
        return false;
    cols[0] = xstrdup(row_value(w, F_REF));
    cols[1] = xstrdup(x->types[type]);
    cols[2] = xstrdup(cp);
    cols[3] = stage_money(principal);
    cols[4] = rated ? stage_rate(rate) : NULL;
    cols[5] = stage_date(start);
    cols[6] = stage_date(maturity);
    cols[7] = notice >= 0 ? stage_int(notice) : NULL;
    cols[8] = account ? xstrdup(account) : NULL;
    return true;
}

/* The direct load's columns after the authority, actor and source (store/stage.h): the staged
 * ones with the counterparty's id for its code. */
static int direct_row(void *arg, char *const *cols, const char **vals, char *buf)
{
    struct ctx *x = arg;
    int64_t id = cp_index_id(x->cps, cols[2]);
    if (id <= 0)
        return -1;
    snprintf(buf, DIRECT_BUFSZ, "%lld", (long long)id);
    vals[0] = cols[0], vals[1] = cols[1], vals[2] = buf;
    for (int k = 3; k < NF; k++)
        vals[k] = cols[k];
    return 0;
}

static const struct import_spec spec = {
    .kind = "investments",
    .entity = "investment",
    .fields = fields,
    .nfields = NF,
    .key_field = F_REF,
    .ncols = NF,
    .col_names = col_names,
    .amend_hint = "amend it with `prudent deal amend %s`",
    .stage = STAGE_INVESTMENTS,
    .prepare = prepare,
    .validate = validate,
    .ndirect = NF,
    .direct_row = direct_row,
};

int import_investments(PGconn *c, const struct authority *a, const char *path,
                       const struct import_opts *o)
{
    struct ctx x = {.a = a, .path = path};
    for (int t = 0; t < INV_TYPE_COUNT; t++)
        x.types[t] = inv_type_name((enum inv_type)t);
    int rc = import_run(c, a, path, o, &spec, &x);
    cp_index_free(x.cps);
    settle_accounts_free(&x.accounts);
    return rc;
}
