/* build.c: the entry points of report building (build.h): the report kinds, the view source of
 * the running program, and report_build, the dispatcher to the three builders (builders.h). */
#include "report/build.h"

#include <stdio.h>
#include <string.h>

#include "report/builders.h"
#include "store/book_memo.h"
#include "util/err.h"
#include "views/cash.h"
#include "views/lending_at.h"
#include "views/reconcile.h"

const char *const report_kinds[] = {"pi", "portfolio", "outturn", "quarterly", "cashflow", NULL};

bool report_kind_valid(const char *kind)
{
    for (const char *const *k = report_kinds; *k; k++)
        if (strcmp(*k, kind) == 0)
            return true;
    return false;
}

/* The cash documents (views/cash.h, views/reconcile.h), which take options of their own and so
 * are not rows of views[]: "cashflow" (args from, to, by, account), "accounts", and "reconcile"
 * (args account, from, to). NULL with *code EXIT_OK for another name. */
static cJSON *fetch_cash(const struct view_source_ctx *c, const char *view, const struct view_args *args,
                         int *code)
{
    *code = EXIT_DEP;
    if (strcmp(view, "cashflow") == 0) {
        struct cash_args ca = {args->from, args->to, (enum cash_by)args->by, args->account};
        return cash_forecast_view(c->conn, c->authority, &ca, code);
    }
    if (strcmp(view, "accounts") == 0)
        return cash_accounts_view(c->conn, c->authority, code);
    if (strcmp(view, "reconcile") == 0) {
        struct reconcile_args ra = {args->account, args->from, args->to};
        return reconcile_view(c->conn, c->authority, &ra, code);
    }
    *code = EXIT_OK;
    return NULL;
}

cJSON *report_fetch_view(void *ctx, const char *view, const struct view_args *args, int *code)
{
    const struct view_source_ctx *c = ctx;
    const struct view *v = view_find(view);
    if (!v)
        return fetch_cash(c, view, args, code);
    *code = EXIT_DEP;
    return v->build(c->conn, c->authority, args, code);
}

/* ---- the entry point ---- */

struct report *report_build(const char *kind, const struct report_source *src,
                            const char *authority_code, const char *authority_name,
                            const struct view_args *args, int *code)
{
    if (!report_kind_valid(kind)) {
        *code = fail(EXIT_BAD, "unknown report \"%s\" (reports: pi, portfolio, outturn, quarterly, cashflow)", kind);
        return NULL;
    }
    static const char *const titles[][2] = {
        {"pi", "Treasury management: prudential indicators"},
        {"portfolio", "Investment portfolio"},
        {"outturn", "Treasury management outturn"},
        {"quarterly", "Quarterly prudential indicators and treasury activity"},
        {"cashflow", "Cash-flow forecast"},
        {NULL, NULL}};
    if (strcmp(kind, "quarterly") == 0 && args->from == DATE_NONE) {
        *code = fail(EXIT_BAD, "the quarterly report needs its quarter (--quarter YYYY-QN)");
        return NULL;
    }
    struct rbuild b = {.src = src, .args = *args, .code = EXIT_OK};
    b.r = report_new(kind, title_lookup(titles, kind));
    report_set_authority(b.r, authority_code, authority_name);
    book_memo_begin(); /* the views of one build share each book they load (store/book_memo.h) */
    lending_at_begin(); /* ... and each lending list they evaluate (views/lending_at.h) */
    if (strcmp(kind, "outturn") == 0 || strcmp(kind, "quarterly") == 0) {
        b.r->from = args->from;
        b.r->to = args->to;
        b.r->as_of = args->to;
        if (strcmp(kind, "outturn") == 0)
            report_build_outturn(&b);
        else
            report_build_quarterly(&b);
    } else {
        b.r->as_of = args->as_of;
        if (strcmp(kind, "pi") == 0)
            report_build_pi(&b);
        else if (strcmp(kind, "cashflow") == 0)
            report_build_cashflow(&b);
        else
            report_build_portfolio(&b);
    }
    lending_at_end();
    book_memo_end();
    for (int i = 0; i < b.ndocs; i++)
        cJSON_Delete(b.docs[i]);
    if (b.code != EXIT_OK) {
        report_free(b.r);
        *code = b.code;
        return NULL;
    }
    *code = EXIT_OK;
    return b.r;
}

/* ---- financial-year quarters ---- */

bool report_quarter_parse(const char *s, date_t *from, date_t *to, const char **why)
{
    int y, q, n = 0;
    if (!s || sscanf(s, "%4d-Q%1d%n", &y, &q, &n) != 2 || n != 7 || s[n] != '\0' || strlen(s) != 7) {
        *why = "expected YYYY-QN, e.g. 2024-Q1 (April to June 2024)";
        return false;
    }
    if (q < 1 || q > 4) {
        *why = "the quarter is Q1 to Q4 of the financial year (Q1: April to June)";
        return false;
    }
    /* Q1 of financial year y starts on 1 April y; each quarter is three months. */
    date_t fy;
    if (y < 1900 || y > 2998 || !date_from_ymd(y, 4, 1, &fy)) {
        *why = "the year is out of range";
        return false;
    }
    *from = date_add_months(fy, 3 * (q - 1));
    *to = date_add_months(fy, 3 * q) - 1;
    return true;
}
