/* import_cash.c: `prudent import accounts FILE` (code,name,bank,sort_code,account_number,
 * min_balance) and `prudent import cashflows FILE` (date,account,amount,category,description,
 * repeat,until) of one authority (interfaces.md "Cash"; docs/import-formats.md).
 *
 * Both validate the whole file first, report every bad line and write nothing unless every
 * line is good, in one transaction. An account whose code is known and whose terms differ is
 * recorded as a new row superseding the current one (nothing is updated in place); identical
 * lines are unchanged. A forecast item is keyed by everything it says: the same line imported
 * again is unchanged, and a line repeated within the file is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/cash_kinds.h"
#include "ingest/records.h"
#include "store/audit.h"
#include "store/cash.h"
#include "store/db.h"
#include "util/err.h"
#include "util/json.h"

/* End the import's transaction: commit when rc is EXIT_OK and this is not a dry run, else roll
 * back. Returns rc, or EXIT_DEP when the commit failed. */
static int finish(PGconn *c, int rc, bool dry_run)
{
    if (rc != EXIT_OK || dry_run) {
        db_rollback(c);
        return rc;
    }
    return db_commit(c) < 0 ? EXIT_DEP : EXIT_OK;
}

/* ---- accounts -------------------------------------------------------------------------------------- */

enum { A_CODE, A_NAME, A_BANK, A_SORT, A_NUMBER, A_MIN, ANF };
static const struct field_def account_fields[ANF] = {
    {"code", true}, {"name", true}, {"bank", false}, {"sort_code", false}, {"account_number", false},
    {"min_balance", false},
};

/* A sort code: six digits, written 12-34-56 or 123456; stored as 12-34-56. */
static bool sort_code(struct row *w, char *out, size_t cap)
{
    const char *s = row_value(w, A_SORT);
    char digits[8];
    int n = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9' && n < 7)
            digits[n++] = *p;
        else if (*p != '-' && *p != ' ')
            n = 7;
    }
    if (n != 6) {
        row_fail(w, A_SORT, "is not a sort code (six digits: 12-34-56)");
        return false;
    }
    snprintf(out, cap, "%.2s-%.2s-%.2s", digits, digits + 2, digits + 4);
    return true;
}

static bool account_number(struct row *w)
{
    const char *s = row_value(w, A_NUMBER);
    size_t n = strlen(s);
    bool ok = n >= 6 && n <= 10 && strspn(s, "0123456789") == n;
    if (!ok)
        row_fail(w, A_NUMBER, "is not an account number (6 to 10 digits)");
    return ok;
}

static bool validate_account(struct row *w, struct bank_account *a)
{
    const char *name = "", *bank = "";
    memset(a, 0, sizeof *a);
    if (field_ident(w, A_CODE, true, "_.&-", CODE_MAX - 1))
        snprintf(a->code, sizeof a->code, "%s", row_value(w, A_CODE));
    field_text(w, A_NAME, true, BANK_TEXT_MAX - 1, &name);
    field_text(w, A_BANK, false, BANK_TEXT_MAX - 1, &bank);
    if (!row_blank(w, A_SORT))
        sort_code(w, a->sort_code, sizeof a->sort_code);
    if (!row_blank(w, A_NUMBER) && account_number(w))
        snprintf(a->account_number, sizeof a->account_number, "%s", row_value(w, A_NUMBER));
    field_money(w, A_MIN, false, false, &a->min_balance);
    snprintf(a->name, sizeof a->name, "%s", name);
    snprintf(a->bank, sizeof a->bank, "%s", bank);
    return w->ok;
}

static bool same_account(const struct bank_account *x, const struct bank_account *y)
{
    return strcmp(x->name, y->name) == 0 && strcmp(x->bank, y->bank) == 0 && strcmp(x->sort_code, y->sort_code) == 0 &&
           strcmp(x->account_number, y->account_number) == 0 && x->min_balance == y->min_balance;
}

static cJSON *account_json(const struct bank_account *a)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "code", a->code);
    cJSON_AddStringToObject(o, "name", a->name);
    cJSON_AddStringToObject(o, "bank", a->bank);
    cJSON_AddStringToObject(o, "sort_code", a->sort_code);
    cJSON_AddStringToObject(o, "account_number", a->account_number);
    json_add_money(o, "min_balance", a->min_balance);
    return o;
}

/* Write the file's accounts against the current ones; counts into n[0..2] (new, changed,
 * unchanged). Returns EXIT_OK or EXIT_DEP. */
static int write_accounts(PGconn *c, const struct authority *au, const struct bank_account *v, int nv,
                          const char *actor, int n[3])
{
    struct bank_account *cur;
    int ncur = cash_accounts_load(c, au->id, &cur);
    if (ncur < 0)
        return EXIT_DEP;
    int rc = EXIT_OK;
    for (int i = 0; i < nv && rc == EXIT_OK; i++) {
        const struct bank_account *old = NULL;
        for (int k = 0; k < ncur && !old; k++)
            if (strcmp(cur[k].code, v[i].code) == 0)
                old = &cur[k];
        if (old && same_account(old, &v[i])) {
            n[2]++;
            continue;
        }
        n[old ? 1 : 0]++;
        cJSON *before = old ? account_json(old) : NULL, *after = account_json(&v[i]);
        if (cash_account_insert(c, au->id, &v[i], old ? old->id : 0, actor) < 0 ||
            audit_record(c, actor, au->id, "bank_account", v[i].code, old ? "amend" : "insert", before, after,
                         NULL) < 0)
            rc = EXIT_DEP;
        cJSON_Delete(before);
        cJSON_Delete(after);
    }
    free(cur);
    return rc;
}

int import_accounts(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o)
{
    struct import_errors e = {.path = path};
    struct records rs;
    if (records_read(path, account_fields, ANF, &rs, &e, false) < 0) {
        import_errors_close(&e, "accounts");
        return EXIT_BAD;
    }
    struct bank_account *v = xcalloc((unsigned long)rs.n + 1, sizeof *v);
    for (int i = 0; i < rs.n; i++) {
        struct row w = row_start(&rs, i, &e);
        validate_account(&w, &v[i]);
    }
    records_check_unique(&rs, A_CODE, &e);
    int rc = EXIT_OK, n[3] = {0, 0, 0};
    if (import_errors_close(&e, "accounts"))
        rc = EXIT_BAD;
    else if (db_begin(c) < 0)
        rc = EXIT_DEP;
    else
        rc = finish(c, write_accounts(c, a, v, rs.n, o->actor, n), o->dry_run);
    if (rc == EXIT_OK)
        printf("%s %d accounts: %d new, %d changed, %d unchanged%s\n", o->dry_run ? "dry run:" : "imported", rs.n,
               n[0], n[1], n[2], o->dry_run ? "; nothing written" : "");
    free(v);
    records_free(&rs);
    return rc;
}

/* ---- forecast items ------------------------------------------------------------------------------------ */

enum { C_DATE, C_ACCOUNT, C_AMOUNT, C_CATEGORY, C_DESC, C_REPEAT, C_UNTIL, CNF };
static const struct field_def item_fields[CNF] = {
    {"date", true}, {"account", true}, {"amount", true}, {"category", false},
    {"description", false}, {"repeat", false}, {"until", false},
};

static const struct bank_account *find_account(const struct bank_account *v, int n, const char *code)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v[i].code, code) == 0)
            return &v[i];
    return NULL;
}

static bool validate_item(struct row *w, const struct bank_account *acc, int nacc, const char *auth,
                          struct cash_item *it)
{
    static const char *const repeats[] = {"weekly", "monthly", "quarterly", "yearly"};
    const char *category = "", *desc = "";
    int r = -1;
    memset(it, 0, sizeof *it);
    it->until = DATE_NONE;
    field_date(w, C_DATE, true, &it->date);
    if (field_required(w, C_ACCOUNT) && !find_account(acc, nacc, row_value(w, C_ACCOUNT)))
        row_fail(w, C_ACCOUNT, "is not a bank account of %s (import accounts first)", auth);
    else
        snprintf(it->account, sizeof it->account, "%s", row_value(w, C_ACCOUNT));
    if (field_money(w, C_AMOUNT, true, false, &it->amount) && it->amount == 0)
        row_fail(w, C_AMOUNT, "is zero: a receipt is positive, a payment negative");
    field_text(w, C_CATEGORY, false, CODE_MAX - 1, &category);
    field_text(w, C_DESC, false, CASH_DESC_MAX - 1, &desc);
    field_choice(w, C_REPEAT, false, repeats, 4, &r);
    it->repeat = r < 0 ? REPEAT_NONE : (enum cash_repeat)(r + 1);
    if (field_date(w, C_UNTIL, false, &it->until) && it->until != DATE_NONE) {
        if (it->repeat == REPEAT_NONE)
            row_fail(w, C_UNTIL, "is given for an item that does not repeat");
        else if (w->ok && it->until < it->date)
            row_fail(w, C_UNTIL, "is before the item's date");
    }
    snprintf(it->category, sizeof it->category, "%s", category);
    snprintf(it->description, sizeof it->description, "%s", desc);
    return w->ok;
}

static bool same_item(const struct cash_item *x, const struct cash_item *y)
{
    return x->date == y->date && x->amount == y->amount && x->repeat == y->repeat && x->until == y->until &&
           strcmp(x->account, y->account) == 0 && strcmp(x->category, y->category) == 0 &&
           strcmp(x->description, y->description) == 0;
}

static int by_item(const void *pa, const void *pb)
{
    const struct cash_item *a = *(const struct cash_item *const *)pa, *b = *(const struct cash_item *const *)pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->amount != b->amount)
        return a->amount < b->amount ? -1 : 1;
    return a < b ? -1 : a > b; /* file order */
}

/* Refuse a line that repeats an earlier one of the file (the item is keyed by all it says). */
static void check_repeats(const struct records *rs, const struct cash_item *v, const bool *ok, struct import_errors *e)
{
    const struct cash_item **p = xcalloc((unsigned long)rs->n + 1, sizeof *p);
    int n = 0;
    for (int i = 0; i < rs->n; i++)
        if (ok[i])
            p[n++] = &v[i];
    qsort(p, (size_t)n, sizeof *p, by_item);
    for (int i = 1; i < n; i++)
        for (int j = i - 1; j >= 0 && p[j]->date == p[i]->date && p[j]->amount == p[i]->amount; j--)
            if (same_item(p[i], p[j])) {
                import_error(e, rs->rec[p[i] - v].line, NULL, "", "repeats line %d (a forecast item is keyed by all"
                             " its fields)", rs->rec[p[j] - v].line);
                break;
            }
    free(p);
}

int import_cashflows(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o)
{
    struct import_errors e = {.path = path};
    struct records rs;
    if (records_read(path, item_fields, CNF, &rs, &e, false) < 0) {
        import_errors_close(&e, "cashflows");
        return EXIT_BAD;
    }
    struct bank_account *acc;
    int nacc = cash_accounts_load(c, a->id, &acc);
    if (nacc < 0) {
        records_free(&rs);
        return EXIT_DEP;
    }
    struct cash_item *v = xcalloc((unsigned long)rs.n + 1, sizeof *v);
    bool *ok = xcalloc((unsigned long)rs.n + 1, sizeof *ok);
    for (int i = 0; i < rs.n; i++) {
        struct row w = row_start(&rs, i, &e);
        ok[i] = validate_item(&w, acc, nacc, a->code, &v[i]);
    }
    check_repeats(&rs, v, ok, &e);
    int rc = EXIT_OK, fresh = 0;
    if (import_errors_close(&e, "cashflows")) {
        rc = EXIT_BAD;
    } else if (db_begin(c) < 0) {
        rc = EXIT_DEP;
    } else {
        for (int i = 0; i < rs.n && rc == EXIT_OK; i++) {
            int r = cash_item_insert(c, a->id, &v[i], o->actor, NULL);
            rc = r < 0 ? EXIT_DEP : EXIT_OK;
            fresh += r > 0;
        }
        if (rc == EXIT_OK && fresh > 0) {
            cJSON *after = cJSON_CreateObject();
            cJSON_AddStringToObject(after, "file", path);
            cJSON_AddNumberToObject(after, "rows", rs.n);
            cJSON_AddNumberToObject(after, "new", fresh);
            if (audit_record(c, o->actor, a->id, "cash_items", "import", "import", NULL, after, NULL) < 0)
                rc = EXIT_DEP;
            cJSON_Delete(after);
        }
        rc = finish(c, rc, o->dry_run);
    }
    if (rc == EXIT_OK)
        printf("%s %d cashflows: %d new, %d unchanged%s\n", o->dry_run ? "dry run:" : "imported", rs.n, fresh,
               rs.n - fresh, o->dry_run ? "; nothing written" : "");
    free(v);
    free(ok);
    free(acc);
    records_free(&rs);
    return rc;
}
