/* import_statement.c: `prudent import statement FILE --account CODE --authority CODE`: one bank
 * statement of one account (interfaces.md "Cash"; docs/import-formats.md), either
 *   CSV   date,description,amount,balance: amount signed (+ in, - out), balance the running
 *         balance after the line; the opening balance is the first line's balance less its
 *         amount, and every later line must add up: previous balance + amount = balance;
 *   camt.053 XML (ingest/camt053.h), told apart by its first non-blank character '<': the
 *         entries from the opening booked balance (OPBD) must reach the closing one (CLBD).
 * All-or-nothing: a line that does not add up, or is dated before the line above it, is named
 * and nothing is written. The statement covers its first to its last day (camt.053: to the
 * closing balance's date); one that shares a day with an earlier statement of the account is
 * refused, unless it is that same statement again (same days, balances and number of lines),
 * which is unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/camt053.h"
#include "ingest/cash_kinds.h"
#include "ingest/records.h"
#include "store/audit.h"
#include "store/cash.h"
#include "store/db.h"
#include "util/err.h"
#include "util/json.h"

#define STATEMENT_MAX_BYTES (64 * 1024 * 1024)

struct parsed {
    struct bank_statement s;
    struct bank_statement_line *lines;
    int n;
    int *line_no; /* each line's line in the file */
    struct camt_statement camt;
    struct records rs;
    bool csv;
};

static void parsed_free(struct parsed *p)
{
    free(p->lines);
    free(p->line_no);
    camt053_free(&p->camt);
    if (p->csv)
        records_free(&p->rs);
}

/* ---- CSV ----------------------------------------------------------------------------------------- */

enum { S_DATE, S_DESC, S_AMOUNT, S_BALANCE, SNF };
static const struct field_def csv_fields[SNF] = {
    {"date", true}, {"description", true}, {"amount", true}, {"balance", true},
};

static int read_csv(const char *path, struct parsed *p, struct import_errors *e)
{
    if (records_read(path, csv_fields, SNF, &p->rs, e, false) < 0)
        return -1;
    p->csv = true;
    p->s.format = "csv";
    p->lines = xcalloc((unsigned long)p->rs.n + 1, sizeof *p->lines);
    p->line_no = xcalloc((unsigned long)p->rs.n + 1, sizeof *p->line_no);
    p->n = p->rs.n;
    if (p->n == 0)
        import_error(e, 0, NULL, "", "has no lines");
    money_t balance = 0;
    bool chain = true; /* the lines so far were readable, so the running balance is known */
    for (int i = 0; i < p->rs.n; i++) {
        struct row w = row_start(&p->rs, i, e);
        struct bank_statement_line *l = &p->lines[i];
        const char *desc = "";
        l->value_date = DATE_NONE;
        p->line_no[i] = p->rs.rec[i].line;
        field_date(&w, S_DATE, true, &l->date);
        field_text(&w, S_DESC, false, CASH_DESC_MAX - 1, &desc);
        field_money(&w, S_AMOUNT, true, false, &l->amount);
        field_money(&w, S_BALANCE, true, false, &l->balance);
        l->description = desc;
        if (!w.ok) {
            chain = false;
            continue;
        }
        if (i > 0 && chain && l->date < p->lines[i - 1].date)
            row_fail(&w, S_DATE, "is before the line above (a statement is in date order)");
        money_t want;
        if (i == 0 || !chain) {
            if (!money_sub(l->balance, l->amount, &want))
                row_fail(&w, S_BALANCE, "overflows");
            if (i == 0)
                p->s.opening = want;
        } else if (money_add(balance, l->amount, &want) && want != l->balance) {
            char b[MONEY_BUFSZ], x[MONEY_BUFSZ];
            row_fail(&w, S_BALANCE, "does not add up: the balance above (%s) and the amount make %s",
                     money_format(balance, MONEY_PLAIN, b), money_format(want, MONEY_PLAIN, x));
        }
        balance = l->balance;
        chain = true;
    }
    if (p->n > 0) {
        p->s.from = p->lines[0].date;
        p->s.to = p->lines[p->n - 1].date;
        p->s.closing = p->lines[p->n - 1].balance;
    }
    return 0;
}

/* ---- camt.053 ------------------------------------------------------------------------------------ */

static char *slurp(const char *path, size_t *len, struct import_errors *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        import_error(e, 0, NULL, "", "cannot be read");
        return NULL;
    }
    char *buf = xcalloc(STATEMENT_MAX_BYTES + 1, 1);
    *len = fread(buf, 1, STATEMENT_MAX_BYTES + 1, f);
    fclose(f);
    if (*len > STATEMENT_MAX_BYTES) {
        import_error(e, 0, NULL, "", "is larger than 64 MiB");
        free(buf);
        return NULL;
    }
    return buf;
}

static int read_camt(const char *buf, size_t len, const struct bank_account *acc, struct parsed *p,
                     struct import_errors *e)
{
    char why[512];
    int line;
    struct camt_statement *cs = &p->camt;
    if (camt053_parse(buf, len, cs, why, sizeof why, &line) < 0) {
        import_error(e, line, NULL, "", "%s", why);
        return -1;
    }
    p->s.format = "camt.053";
    snprintf(p->s.statement_id, sizeof p->s.statement_id, "%s", cs->id);
    size_t an = strlen(acc->account_number), cn = strlen(cs->account);
    if (an && cn && (cn < an || strcmp(cs->account + cn - an, acc->account_number) != 0))
        import_error(e, 0, "Acct", cs->account, "is not account %s (account number %s)", acc->code,
                     acc->account_number);
    p->n = cs->n;
    p->lines = xcalloc((unsigned long)cs->n + 1, sizeof *p->lines);
    p->line_no = xcalloc((unsigned long)cs->n + 1, sizeof *p->line_no);
    money_t balance = cs->opening;
    for (int i = 0; i < cs->n; i++) {
        const struct camt_entry *ce = &cs->e[i];
        struct bank_statement_line *l = &p->lines[i];
        *l = (struct bank_statement_line){ce->booking, ce->value, ce->amount, 0, ce->description, ce->reference};
        p->line_no[i] = ce->line;
        if (i > 0 && ce->booking < cs->e[i - 1].booking)
            import_error(e, ce->line, "BookgDt", "", "is before the entry above (a statement is in date order)");
        if (!money_add(balance, ce->amount, &balance))
            import_error(e, ce->line, "Amt", "", "overflows the balance");
        l->balance = balance;
    }
    char x[MONEY_BUFSZ], y[MONEY_BUFSZ], o[MONEY_BUFSZ];
    if (balance != cs->closing)
        import_error(e, cs->closing_line, "CLBD", money_format(cs->closing, MONEY_PLAIN, x),
                     "does not add up: the opening balance %s and the entries make %s",
                     money_format(cs->opening, MONEY_PLAIN, o), money_format(balance, MONEY_PLAIN, y));
    date_t last = cs->n ? cs->e[cs->n - 1].booking : cs->closing_date;
    if (cs->closing_date < last)
        import_error(e, cs->closing_line, "CLBD", "", "is dated before the last entry");
    p->s.opening = cs->opening;
    p->s.closing = cs->closing;
    p->s.from = cs->n ? cs->e[0].booking : cs->closing_date;
    p->s.to = cs->closing_date;
    return 0;
}

/* ---- writing ------------------------------------------------------------------------------------- */

static bool is_xml(const char *buf, size_t len)
{
    size_t i = 0;
    if (len >= 3 && (unsigned char)buf[0] == 0xef && (unsigned char)buf[1] == 0xbb && (unsigned char)buf[2] == 0xbf)
        i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    return i < len && buf[i] == '<';
}

/* Inside the transaction: refuse an overlap, skip the same statement again, else write it.
 * *fresh says whether it was written. */
static int write_statement(PGconn *c, const struct authority *a, struct parsed *p, const char *path,
                           const struct import_opts *o, struct import_errors *e, bool *fresh)
{
    struct bank_statement old;
    char succ[CODE_MAX], as[CODE_MAX], d[DATE_BUFSZ];
    date_t on;
    int found = cash_account_moved(c, a->id, p->s.account, succ, as, &on);
    if (found < 0)
        return EXIT_DEP;
    if (found && p->s.to >= on) {
        import_error(e, 0, NULL, "", "account %s moved to %s (as %s) on %s (a merger): import its statements from"
                     " that day under %s: nothing was imported", p->s.account, succ, as, date_format_uk(on, d), succ);
        return EXIT_BAD;
    }
    found = cash_statement_overlap(c, a->id, p->s.account, p->s.from, p->s.to, &old);
    if (found < 0)
        return EXIT_DEP;
    if (found && old.from == p->s.from && old.to == p->s.to && old.opening == p->s.opening &&
        old.closing == p->s.closing && old.nlines == p->n) {
        *fresh = false;
        return EXIT_OK;
    }
    if (found) {
        char f[DATE_BUFSZ], t[DATE_BUFSZ];
        import_error(e, 0, NULL, "", "shares days with the statement of %s from %s to %s imported earlier"
                     " (statement %lld): nothing was imported", old.account, date_format_iso(old.from, f),
                     date_format_iso(old.to, t), (long long)old.id);
        return EXIT_BAD;
    }
    if (cash_statement_insert(c, a->id, &p->s, p->lines, p->n, path, o->actor) < 0)
        return EXIT_DEP;
    cJSON *after = cJSON_CreateObject();
    cJSON_AddStringToObject(after, "file", path);
    cJSON_AddStringToObject(after, "format", p->s.format);
    json_add_date(after, "from", p->s.from);
    json_add_date(after, "to", p->s.to);
    json_add_money(after, "opening_balance", p->s.opening);
    json_add_money(after, "closing_balance", p->s.closing);
    cJSON_AddNumberToObject(after, "lines", p->n);
    int rc = audit_record(c, o->actor, a->id, "bank_statement", p->s.account, "import", NULL, after, NULL);
    cJSON_Delete(after);
    *fresh = true;
    return rc < 0 ? EXIT_DEP : EXIT_OK;
}

static int account_of(PGconn *c, const struct authority *a, const char *code, struct bank_account *out)
{
    if (!code)
        return fail(EXIT_BAD, "import statement: give the account with --account CODE");
    struct bank_account *v;
    int n = cash_accounts_load(c, a->id, &v);
    if (n < 0)
        return EXIT_DEP;
    bool found = false;
    for (int i = 0; i < n; i++)
        if (strcmp(v[i].code, code) == 0) {
            *out = v[i];
            found = true;
        }
    free(v);
    /* the error only when the account is not there (fail() prints at once) */
    return found ? EXIT_OK
                 : fail(EXIT_BAD, "--account \"%s\": not a bank account of %s (prudent accounts lists them)", code,
                        a->code);
}

static int parse_file(const char *path, const struct bank_account *acc, struct parsed *p, struct import_errors *e)
{
    size_t len = 0;
    char *buf = slurp(path, &len, e);
    if (!buf)
        return -1;
    int rc = is_xml(buf, len) ? read_camt(buf, len, acc, p, e) : read_csv(path, p, e);
    free(buf);
    return rc;
}

int import_statement(PGconn *c, const struct authority *a, const char *path, const struct import_opts *o)
{
    struct bank_account acc;
    int rc = account_of(c, a, o->account, &acc);
    if (rc != EXIT_OK)
        return rc;
    struct import_errors e = {.path = path};
    struct parsed p = {0};
    snprintf(p.s.account, sizeof p.s.account, "%s", acc.code);
    bool fresh = false;
    if (parse_file(path, &acc, &p, &e) < 0 || e.count) {
        rc = EXIT_BAD;
    } else if (db_begin(c) < 0) {
        rc = EXIT_DEP;
    } else {
        rc = write_statement(c, a, &p, path, o, &e, &fresh);
        if (rc != EXIT_OK || o->dry_run)
            db_rollback(c);
        else if (db_commit(c) < 0)
            rc = EXIT_DEP;
    }
    if (import_errors_close(&e, "statement"))
        rc = EXIT_BAD;
    if (rc == EXIT_OK) {
        char f[DATE_BUFSZ], t[DATE_BUFSZ], op[MONEY_BUFSZ], cl[MONEY_BUFSZ];
        printf("%s statement of %s (%s): %d lines, %s to %s, opening %s, closing %s%s\n",
               o->dry_run ? "dry run:" : fresh ? "imported" : "unchanged", acc.code, p.s.format, p.n,
               date_format_iso(p.s.from, f), date_format_iso(p.s.to, t), money_format(p.s.opening, MONEY_PLAIN, op),
               money_format(p.s.closing, MONEY_PLAIN, cl), o->dry_run ? "; nothing written" : "");
    }
    parsed_free(&p);
    return rc;
}
