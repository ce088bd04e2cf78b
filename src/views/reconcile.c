/* reconcile.c: the reconciliation document (see reconcile.h). */
#include "views/reconcile.h"

#include <stdlib.h>
#include <string.h>

#include "core/reconcile.h"
#include "store/book.h"
#include "store/cash.h"
#include "store/rates.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/cash.h"

/* How far beyond from..to the expected flows are computed: RECONCILE_WINDOW business days are at
 * most this many calendar days (a weekend and the Christmas holidays). */
#define REACH_DAYS 10
#define RECONCILE_DAYS_MAX 366

struct recon {
    struct reconcile_args args;
    char def[CODE_MAX]; /* the default account's code */
    struct cash_flows lines, expected;
    struct cash_cover *covers;
    int ncovers;
    struct reconcile_match *m;
};

static void recon_free(struct recon *r)
{
    cash_flows_free(&r->lines);
    cash_flows_free(&r->expected);
    free(r->covers);
    free(r->m);
}

static int find_account(PGconn *c, const struct authority *a, struct recon *r)
{
    struct bank_account *v;
    int n = cash_accounts_load(c, a->id, &v);
    if (n < 0)
        return EXIT_DEP;
    int found = -1;
    for (int i = 0; i < n; i++) {
        if (strcmp(v[i].code, r->args.account) == 0)
            found = i;
        if (v[i].is_default)
            snprintf(r->def, sizeof r->def, "%s", v[i].code);
    }
    free(v);
    if (found < 0)
        return fail(EXIT_BAD, "--account \"%s\": not a bank account of %s (prudent accounts lists them)",
                    r->args.account, a->code);
    return EXIT_OK;
}

/* The statement lines and the days covered; from and to default to the statements' bounds. */
static int load_lines(PGconn *c, const struct authority *a, struct recon *r)
{
    date_t lo, hi;
    date_from_ymd(1900, 1, 1, &lo);
    date_from_ymd(2199, 12, 31, &hi);
    if (cash_actuals_load(c, a->id, r->args.account, r->args.from != DATE_NONE ? r->args.from : lo,
                          r->args.to != DATE_NONE ? r->args.to : hi, &r->lines, &r->covers, &r->ncovers) < 0)
        return EXIT_DEP;
    for (int i = 0; i < r->ncovers; i++) {
        if (i == 0 || r->covers[i].from < lo)
            lo = r->covers[i].from;
        if (i == 0 || r->covers[i].to > hi)
            hi = r->covers[i].to;
    }
    if ((r->args.from == DATE_NONE || r->args.to == DATE_NONE) && r->ncovers == 0)
        return fail(EXIT_BAD, "account %s has no bank statement to reconcile (prudent import statement adds one)",
                    r->args.account);
    if (r->args.from == DATE_NONE)
        r->args.from = lo;
    if (r->args.to == DATE_NONE)
        r->args.to = hi;
    if (r->args.from > r->args.to)
        return fail(EXIT_BAD, "--from is after --to");
    if (r->args.to - r->args.from > RECONCILE_DAYS_MAX)
        return fail(EXIT_BAD, "reconcile a year at most at a time");
    return EXIT_OK;
}

/* The book's (those settling in the account) and the forecast items' flows around from..to. */
static int load_expected(PGconn *c, const struct authority *a, const struct calendar *cal, struct recon *r)
{
    date_t from = r->args.from - REACH_DAYS, to = r->args.to + REACH_DAYS;
    struct book b;
    if (book_load_flows(c, a->id, from, to, &b) < 0)
        return EXIT_DEP;
    int brc = cash_held_book_flows(&b, r->def, cal, from, to, &r->expected); /* a merger's cut (sql/215) */
    book_free(&b);
    if (brc < 0)
        return fail(EXIT_DEP, "the book's cash flows overflow");
    cash_flows_only(&r->expected, r->args.account);
    struct cash_item *items;
    int n = cash_items_load(c, a->id, r->args.account, &items);
    if (n < 0)
        return EXIT_DEP;
    int rc = EXIT_OK;
    for (int i = 0; i < n && rc == EXIT_OK; i++)
        if (cash_item_flows(&items[i], cal, from, to, &r->expected) < 0)
            rc = fail(EXIT_DEP, "out of memory");
    free(items);
    cash_flows_sort(&r->expected);
    return rc;
}

static int match(const struct calendar *cal, struct recon *r)
{
    int n = r->lines.n;
    char(*buf)[REF_MAX + CASH_DESC_MAX + 1] = xcalloc((size_t)n + 1, sizeof *buf);
    const char **text = xcalloc((size_t)n + 1, sizeof *text);
    for (int i = 0; i < n; i++) {
        snprintf(buf[i], sizeof buf[i], "%s %s", r->lines.v[i].ref, r->lines.v[i].description);
        text[i] = buf[i];
    }
    r->m = xcalloc((size_t)n + 1, sizeof *r->m);
    int rc = reconcile_match(r->lines.v, text, n, r->expected.v, r->expected.n, cal, RECONCILE_WINDOW, r->m);
    free(text);
    free(buf);
    return rc < 0 ? fail(EXIT_DEP, "out of memory") : EXIT_OK;
}

static int compute(PGconn *c, const struct authority *a, struct recon *r)
{
    int rc = find_account(c, a, r);
    if (rc == EXIT_OK)
        rc = load_lines(c, a, r);
    if (rc != EXIT_OK)
        return rc;
    struct holiday *feed;
    int nfeed = holidays_load(c, &feed);
    if (nfeed < 0)
        return EXIT_DEP;
    struct calendar cal = {feed, nfeed};
    rc = load_expected(c, a, &cal, r);
    if (rc == EXIT_OK)
        rc = match(&cal, r);
    free(feed);
    return rc;
}

/* ---- the document ---------------------------------------------------------------------------- */

static cJSON *item_json(const struct cash_flow *fl)
{
    cJSON *o = cJSON_CreateObject();
    json_add_date(o, "date", fl->date);
    cJSON_AddStringToObject(o, "source", cash_source_name(fl->source));
    cJSON_AddStringToObject(o, "ref", fl->ref);
    cJSON_AddStringToObject(o, "description", fl->description);
    json_add_money(o, "amount", fl->amount);
    return o;
}

/* Whether expected flow e should have arrived: dated from..to on a day a statement covers. */
static bool due(const struct recon *r, const struct cash_flow *e)
{
    if (e->date < r->args.from || e->date > r->args.to)
        return false;
    for (int i = 0; i < r->ncovers; i++)
        if (e->date >= r->covers[i].from && e->date <= r->covers[i].to)
            return true;
    return false;
}

/* The line matched to expected flow j, or -1. */
static int line_of(const struct recon *r, int j)
{
    for (int i = 0; i < r->lines.n; i++)
        if (r->m[i].expected == j)
            return i;
    return -1;
}

/* Per expected ref: the flows in scope against the lines matched to them. */
static void items_json(const struct recon *r, cJSON *arr)
{
    for (int j = 0; j < r->expected.n; j++) {
        const struct cash_flow *e = &r->expected.v[j];
        bool first = true;
        for (int k = 0; k < j && first; k++)
            first = strcmp(r->expected.v[k].ref, e->ref) != 0 || r->expected.v[k].source != e->source;
        if (!first)
            continue;
        money_t expected = 0, actual = 0;
        int flows = 0, arrived = 0;
        for (int k = j; k < r->expected.n; k++) {
            const struct cash_flow *f = &r->expected.v[k];
            int i = line_of(r, k);
            if (strcmp(f->ref, e->ref) != 0 || f->source != e->source || (i < 0 && !due(r, f)))
                continue;
            flows++;
            money_accumulate(&expected, f->amount);
            if (i >= 0) {
                arrived++;
                money_accumulate(&actual, r->lines.v[i].amount);
            }
        }
        if (!flows)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "ref", e->ref);
        cJSON_AddStringToObject(o, "source", cash_source_name(e->source));
        cJSON_AddStringToObject(o, "description", e->description);
        json_add_money(o, "expected", expected);
        json_add_money(o, "actual", actual);
        json_add_money(o, "difference", actual - expected);
        cJSON_AddNumberToObject(o, "flows", flows);
        cJSON_AddNumberToObject(o, "arrived", arrived);
        cJSON_AddItemToArray(arr, o);
    }
}

static cJSON *document(const struct recon *r)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "account", r->args.account);
    json_add_date(doc, "from", r->args.from);
    json_add_date(doc, "to", r->args.to);
    cJSON_AddNumberToObject(doc, "window_days", RECONCILE_WINDOW);
    cJSON *sum = cJSON_AddObjectToObject(doc, "summary");
    cJSON *matched = cJSON_AddArrayToObject(doc, "matched"), *unmatched = cJSON_AddArrayToObject(doc, "unmatched_lines"),
          *missing = cJSON_AddArrayToObject(doc, "missing");
    int nm = 0, nu = 0, nmiss = 0;
    for (int i = 0; i < r->lines.n; i++) {
        const struct reconcile_match *m = &r->m[i];
        if (m->expected < 0) {
            cJSON_AddItemToArray(unmatched, item_json(&r->lines.v[i]));
            nu++;
            continue;
        }
        const struct cash_flow *e = &r->expected.v[m->expected];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "line", item_json(&r->lines.v[i]));
        cJSON_AddItemToObject(o, "expected", item_json(e));
        cJSON_AddStringToObject(o, "kind", match_kind_name(m->kind));
        cJSON_AddNumberToObject(o, "days", m->days);
        json_add_money(o, "difference", r->lines.v[i].amount - e->amount);
        cJSON_AddItemToArray(matched, o);
        nm++;
    }
    for (int j = 0; j < r->expected.n; j++)
        if (due(r, &r->expected.v[j]) && line_of(r, j) < 0) {
            cJSON_AddItemToArray(missing, item_json(&r->expected.v[j]));
            nmiss++;
        }
    cJSON_AddNumberToObject(sum, "lines", r->lines.n);
    cJSON_AddNumberToObject(sum, "matched", nm);
    cJSON_AddNumberToObject(sum, "unmatched_lines", nu);
    cJSON_AddNumberToObject(sum, "missing", nmiss);
    items_json(r, cJSON_AddArrayToObject(doc, "items"));
    return doc;
}

cJSON *reconcile_view(PGconn *c, const struct authority *a, const struct reconcile_args *args, int *code)
{
    struct recon r;
    memset(&r, 0, sizeof r);
    r.args = *args;
    *code = compute(c, a, &r);
    cJSON *doc = *code == EXIT_OK ? document(&r) : NULL;
    recon_free(&r);
    return doc;
}

/* ---- text ------------------------------------------------------------------------------------ */

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static int num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valueint : 0;
}

static const char *grouped(const cJSON *o, const char *k, char *buf)
{
    money_t m;
    return money_parse(str(o, k), &m, NULL) ? money_format(m, MONEY_GROUPED, buf) : str(o, k);
}

static void matched_text(const cJSON *arr, FILE *out)
{
    struct table *t = table_new(8, "Date", "Line", "Amount", "Expected", "Ref", "Amount", "Days", "Kind");
    table_align_right(t, 2);
    table_align_right(t, 5);
    table_align_right(t, 6);
    const cJSON *m;
    cJSON_ArrayForEach(m, arr) {
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(m, "line"), *e = cJSON_GetObjectItemCaseSensitive(m, "expected");
        char a[MONEY_BUFSZ], b[MONEY_BUFSZ], d[16];
        snprintf(d, sizeof d, "%+d", num(m, "days"));
        table_row(t, str(l, "date"), str(l, "description"), grouped(l, "amount", a), str(e, "date"), str(e, "ref"),
                  grouped(e, "amount", b), d, str(m, "kind"));
    }
    table_print(t, out);
    table_free(t);
}

static void flows_text(const char *title, const cJSON *arr, FILE *out)
{
    fprintf(out, "\n%s: %d\n", title, cJSON_GetArraySize(arr));
    if (!cJSON_GetArraySize(arr))
        return;
    struct table *t = table_new(5, "Date", "Source", "Ref", "Description", "Amount");
    table_align_right(t, 4);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        char b[MONEY_BUFSZ];
        table_row(t, str(it, "date"), str(it, "source"), str(it, "ref"), str(it, "description"),
                  grouped(it, "amount", b));
    }
    table_print(t, out);
    table_free(t);
}

static void items_text(const cJSON *arr, FILE *out)
{
    fprintf(out, "\nForecast against actual\n");
    struct table *t = table_new(6, "Ref", "Description", "Expected", "Actual", "Difference", "Arrived");
    for (int k = 2; k <= 4; k++)
        table_align_right(t, k);
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        char a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], n[32];
        snprintf(n, sizeof n, "%d of %d", num(it, "arrived"), num(it, "flows"));
        table_row(t, str(it, "ref"), str(it, "description"), grouped(it, "expected", a), grouped(it, "actual", b),
                  grouped(it, "difference", c), n);
    }
    table_print(t, out);
    table_free(t);
}

void reconcile_text(const cJSON *doc, FILE *out)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "summary");
    fprintf(out, "Reconciliation of %s, %s to %s (window %d business days): %d lines, %d matched, %d unmatched, "
                 "%d expected flows missing\n\n",
            str(doc, "account"), str(doc, "from"), str(doc, "to"), num(doc, "window_days"), num(s, "lines"),
            num(s, "matched"), num(s, "unmatched_lines"), num(s, "missing"));
    matched_text(cJSON_GetObjectItemCaseSensitive(doc, "matched"), out);
    flows_text("Statement lines not expected", cJSON_GetObjectItemCaseSensitive(doc, "unmatched_lines"), out);
    flows_text("Expected flows that never arrived", cJSON_GetObjectItemCaseSensitive(doc, "missing"), out);
    items_text(cJSON_GetObjectItemCaseSensitive(doc, "items"), out);
}
