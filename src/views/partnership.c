/* partnership.c: the partnership views (see partnership.h). limits: each member's lending list
 * at the date (view_limits_build), exposure summed by counterparty with each member's share and
 * own limit beside it; a member's exposure to another member (a deposit with it, or a loan to
 * it booked as an investment) is not the partnership's exposure to an outside counterparty, so
 * it is left out of the combined figures and listed under "eliminated"; the members' borrowing
 * from one another (view_debt_build) is listed under "member_loans". portfolio: each member's
 * portfolio (view_portfolio_build), by_type, count and total summed. */
#include "views/partnership.h"

#include <stdlib.h>
#include <string.h>

#include "core/book.h"
#include "core/money.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/book_views.h"
#include "views/text.h"

cJSON *view_limits_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);

bool view_partnership_has(const char *name)
{
    return strcmp(name, "limits") == 0 || strcmp(name, "portfolio") == 0;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* The amount o[key] (a decimal string) into *m; false when it is not one (null, missing). */
static bool jmoney(const cJSON *o, const char *key, money_t *m)
{
    return money_parse(jstr(o, key), m, NULL);
}

/* The member (authority code) that counterparty code cp is, or NULL for an outside one. */
static const char *member_of(const struct partnership *p, const char *cp)
{
    for (int i = 0; i < p->nmembers; i++)
        if (strcmp(p->members[i].counterparty, cp) == 0)
            return p->members[i].a.code;
    return NULL;
}

static cJSON *doc_head(const struct partnership *p, const struct view_args *args)
{
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "as_of", args->as_of);
    cJSON_AddStringToObject(doc, "partnership", p->code);
    cJSON_AddStringToObject(doc, "name", p->name);
    cJSON *ms = cJSON_AddArrayToObject(doc, "members");
    for (int i = 0; i < p->nmembers; i++)
        cJSON_AddItemToArray(ms, cJSON_CreateString(p->members[i].a.code));
    return doc;
}

/* One member's view named name, or NULL with *code set. */
static cJSON *member_view(PGconn *c, const char *name, const struct partnership_member *m,
                          const struct view_args *args, int *code)
{
    if (strcmp(name, "limits") == 0)
        return view_limits_build(c, &m->a, args, code);
    if (strcmp(name, "debt") == 0)
        return view_debt_build(c, &m->a, args, code);
    return view_portfolio_build(c, &m->a, args, code);
}

/* The combined entry for code in arr, appended with exposure 0 when new (sort_by_code orders
 * arr once it is complete); name (NULL: none) is given to a new one. Borrowed from arr. */
static cJSON *entry_for(cJSON *arr, const char *code, const char *name)
{
    cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        if (strcmp(jstr(e, "code"), code) == 0)
            return e;
    }
    e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "code", code);
    if (name)
        cJSON_AddStringToObject(e, "name", name);
    json_add_money(e, "exposure", 0);
    cJSON_AddObjectToObject(e, "by_member");
    cJSON_AddObjectToObject(e, "member_limits");
    cJSON_AddItemToArray(arr, e);
    return e;
}

static int by_code(const void *a, const void *b)
{
    return strcmp(jstr(*(cJSON *const *)a, "code"), jstr(*(cJSON *const *)b, "code"));
}

/* Order the entries of arr by code. (Built by appending: cJSON 1.7.15's InsertItemInArray
 * loses an item inserted between two others after one was inserted at the front.) */
static void sort_by_code(cJSON *arr)
{
    int n = cJSON_GetArraySize(arr);
    if (n < 2)
        return;
    cJSON **v = xmalloc((size_t)n * sizeof *v);
    for (int i = 0; i < n; i++)
        v[i] = cJSON_DetachItemFromArray(arr, 0);
    qsort(v, (size_t)n, sizeof *v, by_code);
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, v[i]);
    free(v);
}

/* o[key] += m (o[key] a decimal string, or absent: 0). False when the sum overflows. */
static bool add_to(cJSON *o, const char *key, money_t m)
{
    money_t sum = 0;
    jmoney(o, key, &sum);
    if (!money_accumulate(&sum, m))
        return false;
    char buf[MONEY_BUFSZ];
    cJSON *v = cJSON_CreateString(money_format(sum, MONEY_PLAIN, buf));
    if (cJSON_GetObjectItemCaseSensitive(o, key))
        cJSON_ReplaceItemInObjectCaseSensitive(o, key, v);
    else
        cJSON_AddItemToObject(o, key, v);
    return true;
}

static void add_eliminated(cJSON *arr, const char *member, const cJSON *entry, const char *to_member)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "member", member);
    cJSON_AddStringToObject(o, "counterparty", jstr(entry, "code"));
    cJSON_AddStringToObject(o, "counterparty_member", to_member);
    cJSON_AddStringToObject(o, "exposure", jstr(entry, "exposure"));
    cJSON_AddItemToArray(arr, o);
}

/* Fold member m's lending list into the combined counterparties and the eliminated list.
 * False when a sum overflows. */
static bool fold_limits(const struct partnership *p, const char *m, const cJSON *list, cJSON *cps,
                        cJSON *eliminated)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(list, "counterparties"))
    {
        money_t x;
        if (!jmoney(e, "exposure", &x) || x == 0)
            continue;
        const char *to = member_of(p, jstr(e, "code"));
        if (to) {
            add_eliminated(eliminated, m, e, to);
            continue;
        }
        cJSON *c = entry_for(cps, jstr(e, "code"), jstr(e, "name"));
        if (!add_to(c, "exposure", x) || !add_to(cJSON_GetObjectItemCaseSensitive(c, "by_member"), m, x))
            return false;
        const cJSON *lim = cJSON_GetObjectItemCaseSensitive(e, "limit");
        cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(c, "member_limits"), m, cJSON_Duplicate(lim, 1));
    }
    return true;
}

/* The totals of a lending list combined across members (lending_json.c, core/lending.c). */
static const char *const total_kinds[] = {"groups", "countries", "sectors"};

/* Whether counterparty entry e of a member's list counts in the total key of total_kinds[k] as
 * the member's own list counts it (core/lending.c in_total): a group by the entry's group, a
 * country by its banks and building societies only, a sector by the entry's sector. */
static bool in_total(int k, const char *key, const cJSON *e)
{
    if (k == 0)
        return strcmp(jstr(e, "group"), key) == 0;
    const char *sector = jstr(e, "sector");
    if (k == 2)
        return strcmp(sector, key) == 0;
    return (strcmp(sector, "bank") == 0 || strcmp(sector, "building_society") == 0) &&
           strcmp(jstr(e, "country"), key) == 0;
}

/* Member m's total t (of total_kinds[k]) less its exposure to other members in it, into *out.
 * False when it does not parse or overflows. */
static bool total_outside(const struct partnership *p, int k, const cJSON *t, const cJSON *list, money_t *out)
{
    if (!jmoney(t, "exposure", out))
        return false;
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(list, "counterparties"))
    {
        money_t x;
        if (member_of(p, jstr(e, "code")) && in_total(k, jstr(t, "key"), e) && jmoney(e, "exposure", &x) &&
            !money_accumulate(out, -x))
            return false;
    }
    return true;
}

/* Fold member m's group, country and sector totals (their exposure to other members
 * eliminated) into doc's "groups", "countries" and "sectors", each member's own limit beside.
 * False when a sum overflows. */
static bool fold_totals(const struct partnership *p, const char *m, const cJSON *list, cJSON *doc)
{
    for (int k = 0; k < 3; k++) {
        cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, total_kinds[k]);
        const cJSON *t;
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(list, total_kinds[k]))
        {
            money_t x;
            if (!total_outside(p, k, t, list, &x))
                return false;
            if (x == 0)
                continue;
            cJSON *c = entry_for(arr, jstr(t, "key"), NULL);
            if (!add_to(c, "exposure", x) || !add_to(cJSON_GetObjectItemCaseSensitive(c, "by_member"), m, x))
                return false;
            cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(c, "member_limits"), m,
                                  cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(t, "limit"), 1));
        }
    }
    return true;
}

/* Member m's loans whose lender is another member (or itself), into loans. */
static void fold_member_loans(const struct partnership *p, const char *m, const cJSON *debt, cJSON *loans)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(debt, "loans"))
    {
        const char *from = member_of(p, jstr(l, "lender"));
        if (!from)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "member", m);
        cJSON_AddStringToObject(o, "ref", jstr(l, "ref"));
        cJSON_AddStringToObject(o, "lender", jstr(l, "lender"));
        cJSON_AddStringToObject(o, "lender_member", from);
        cJSON_AddStringToObject(o, "principal", jstr(l, "principal"));
        cJSON_AddItemToArray(loans, o);
    }
}

static cJSON *limits_build(PGconn *c, const struct partnership *p, const struct view_args *args, int *code)
{
    cJSON *doc = doc_head(p, args);
    cJSON *cps = cJSON_AddArrayToObject(doc, "counterparties");
    cJSON *eliminated = cJSON_AddArrayToObject(doc, "eliminated");
    cJSON *loans = cJSON_AddArrayToObject(doc, "member_loans");
    for (int k = 0; k < 3; k++)
        cJSON_AddArrayToObject(doc, total_kinds[k]);
    for (int i = 0; i < p->nmembers; i++) {
        const char *m = p->members[i].a.code;
        cJSON *list = member_view(c, "limits", &p->members[i], args, code);
        cJSON *debt = list ? member_view(c, "debt", &p->members[i], args, code) : NULL;
        bool ok = list && debt && fold_limits(p, m, list, cps, eliminated) && fold_totals(p, m, list, doc);
        if (ok)
            fold_member_loans(p, m, debt, loans);
        else if (list && debt)
            *code = fail(EXIT_BAD, "limits --partnership %s: an exposure overflows", p->code);
        cJSON_Delete(list);
        cJSON_Delete(debt);
        if (!ok) {
            cJSON_Delete(doc);
            return NULL;
        }
    }
    sort_by_code(cps);
    for (int k = 0; k < 3; k++)
        sort_by_code(cJSON_GetObjectItemCaseSensitive(doc, total_kinds[k]));
    return doc;
}

/* Add member portfolio pf into the sums of doc. False when a sum overflows. */
static bool fold_portfolio(cJSON *doc, const char *m, const cJSON *pf, const struct partnership *p)
{
    money_t total = 0, x;
    jmoney(pf, "total", &total);
    if (!add_to(doc, "total", total) || !add_to(cJSON_GetObjectItemCaseSensitive(doc, "by_member"), m, total))
        return false;
    cJSON *count = cJSON_GetObjectItemCaseSensitive(doc, "count");
    cJSON_SetNumberValue(count, count->valuedouble + cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(pf, "count")));
    cJSON *types = cJSON_GetObjectItemCaseSensitive(doc, "by_type");
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(pf, "by_type"))
    {
        cJSON *o = cJSON_GetObjectItemCaseSensitive(types, t->string);
        if (!o) {
            o = cJSON_AddObjectToObject(types, t->string);
            cJSON_AddNumberToObject(o, "count", 0);
        }
        cJSON *n = cJSON_GetObjectItemCaseSensitive(o, "count");
        cJSON_SetNumberValue(n, n->valuedouble + cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(t, "count")));
        if (!jmoney(t, "principal", &x) || !add_to(o, "principal", x))
            return false;
    }
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(pf, "holdings"))
    {
        if (member_of(p, jstr(h, "counterparty")) && jmoney(h, "principal", &x) &&
            !add_to(doc, "between_members", x))
            return false;
    }
    return true;
}

/* by_type in the order the type names are declared (core/book.h), as one authority's is: each
 * type is taken out and put back at the end, in that order. */
static void order_types(cJSON *doc)
{
    cJSON *types = cJSON_GetObjectItemCaseSensitive(doc, "by_type");
    for (int t = 0; t < INV_TYPE_COUNT; t++) {
        const char *name = inv_type_name((enum inv_type)t);
        cJSON *o = cJSON_DetachItemFromObjectCaseSensitive(types, name);
        if (o)
            cJSON_AddItemToObject(types, name, o);
    }
}

static cJSON *portfolio_build(PGconn *c, const struct partnership *p, const struct view_args *args, int *code)
{
    cJSON *doc = doc_head(p, args);
    json_add_money(doc, "total", 0);
    cJSON_AddNumberToObject(doc, "count", 0);
    cJSON_AddObjectToObject(doc, "by_type");
    cJSON_AddObjectToObject(doc, "by_member");
    json_add_money(doc, "between_members", 0);
    for (int i = 0; i < p->nmembers; i++) {
        cJSON *pf = member_view(c, "portfolio", &p->members[i], args, code);
        bool ok = pf && fold_portfolio(doc, p->members[i].a.code, pf, p);
        if (pf && !ok)
            *code = fail(EXIT_BAD, "portfolio --partnership %s: the total overflows", p->code);
        cJSON_Delete(pf);
        if (!ok) {
            cJSON_Delete(doc);
            return NULL;
        }
    }
    order_types(doc);
    return doc;
}

cJSON *view_partnership_build(PGconn *c, const char *name, const struct partnership *p,
                              const struct view_args *args, int *code)
{
    if (strcmp(name, "limits") == 0)
        return limits_build(c, p, args, code);
    if (strcmp(name, "portfolio") == 0)
        return portfolio_build(c, p, args, code);
    *code = fail(EXIT_BAD, "%s has no --partnership form (limits and portfolio have)", name);
    return NULL;
}

/* Entry e's "by_member" for a reader into by ("ADUR £5,000,000.00, ARUN ..."), each with the
 * member's own limit ("(limit £25,000,000.00)", "(unlimited)") when with_limits. Returns by. */
static const char *by_member_text(const cJSON *e, bool with_limits, char *by, size_t size)
{
    const cJSON *bys = cJSON_GetObjectItemCaseSensitive(e, "by_member");
    const cJSON *lims = cJSON_GetObjectItemCaseSensitive(e, "member_limits");
    const cJSON *b;
    size_t n = 0;
    by[0] = '\0';
    cJSON_ArrayForEach(b, bys)
    {
        char bm[MONEY_BUFSZ + 2], lm[MONEY_BUFSZ + 2], lim[MONEY_BUFSZ + 16] = "";
        bool limited = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(lims, b->string));
        if (with_limits)
            snprintf(lim, sizeof lim, " (%s%s)", limited ? "limit " : "",
                     limited ? text_money(lims, b->string, lm) : "unlimited");
        if (n < size)
            n += (size_t)snprintf(by + n, size - n, "%s%s %s%s", n ? ", " : "", b->string,
                                  text_money(bys, b->string, bm), lim);
    }
    return by;
}

/* The group, country and sector totals, when there are any, after the rest. */
static void totals_text(const cJSON *doc, FILE *out)
{
    static const char *const heads[] = {"Group", "Country", "Sector"};
    for (int k = 0; k < 3; k++) {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, total_kinds[k]), *e;
        if (!cJSON_GetArraySize(arr))
            continue;
        fputc('\n', out);
        struct table *t = table_new(3, heads[k], "Exposure", "By member (each member's own limit)");
        table_align_right(t, 1);
        cJSON_ArrayForEach(e, arr)
        {
            char m[MONEY_BUFSZ + 2], by[1024];
            table_row(t, text_str(e, "code"), text_money(e, "exposure", m), by_member_text(e, true, by, sizeof by));
        }
        table_print(t, out);
        table_free(t);
    }
}

static void limits_text(const cJSON *doc, FILE *out)
{
    char d[DATE_BUFSZ], m[MONEY_BUFSZ + 2];
    fprintf(out, "Partnership %s (%s): exposure at %s, between members eliminated\n\n", text_str(doc, "partnership"),
            text_str(doc, "name"), text_date(doc, "as_of", d));
    struct table *t = table_new(3, "Counterparty", "Exposure", "By member");
    table_align_right(t, 1);
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "counterparties"))
    {
        char by[512];
        table_row(t, text_str(e, "code"), text_money(e, "exposure", m), by_member_text(e, false, by, sizeof by));
    }
    table_print(t, out);
    table_free(t);
    const cJSON *el = cJSON_GetObjectItemCaseSensitive(doc, "eliminated");
    fprintf(out, "\n%d exposure%s between members eliminated\n", cJSON_GetArraySize(el),
            cJSON_GetArraySize(el) == 1 ? "" : "s");
    cJSON_ArrayForEach(e, el)
    fprintf(out, "  %s with %s (%s): %s\n", text_str(e, "member"), text_str(e, "counterparty_member"),
            text_str(e, "counterparty"), text_money(e, "exposure", m));
    const cJSON *ls = cJSON_GetObjectItemCaseSensitive(doc, "member_loans");
    fprintf(out, "%d loan%s between members (in the borrower's debt, not exposure)\n", cJSON_GetArraySize(ls),
            cJSON_GetArraySize(ls) == 1 ? "" : "s");
    cJSON_ArrayForEach(e, ls)
    fprintf(out, "  loan %s: %s borrows from %s: %s\n", text_str(e, "ref"), text_str(e, "member"),
            text_str(e, "lender_member"), text_money(e, "principal", m));
    totals_text(doc, out);
}

static void portfolio_text(const cJSON *doc, FILE *out)
{
    char d[DATE_BUFSZ], m[MONEY_BUFSZ + 2], buf[64];
    fprintf(out, "Partnership %s (%s): investments held at %s\n\n", text_str(doc, "partnership"),
            text_str(doc, "name"), text_date(doc, "as_of", d));
    struct table *t = table_new(3, "Type", "Count", "Principal");
    table_align_right(t, 1);
    table_align_right(t, 2);
    const cJSON *ty;
    cJSON_ArrayForEach(ty, cJSON_GetObjectItemCaseSensitive(doc, "by_type"))
    table_row(t, ty->string, text_num(ty, "count", buf, sizeof buf), text_money(ty, "principal", m));
    table_row(t, "total", text_num(doc, "count", buf, sizeof buf), text_money(doc, "total", m));
    table_print(t, out);
    table_free(t);
    fprintf(out, "\nby member\n");
    cJSON_ArrayForEach(ty, cJSON_GetObjectItemCaseSensitive(doc, "by_member"))
    fprintf(out, "  %s %s\n", ty->string, text_money(cJSON_GetObjectItemCaseSensitive(doc, "by_member"), ty->string, m));
    fprintf(out, "of which with other members: %s\n", text_money(doc, "between_members", m));
}

void view_partnership_text(const char *name, const cJSON *doc, FILE *out)
{
    if (strcmp(name, "limits") == 0)
        limits_text(doc, out);
    else
        portfolio_text(doc, out);
}

/* ---- partnership show -------------------------------------------------------------------------- */

/* The member changes ch as {"member", "change", "from", "reason", "entered_by", "entered_at"}. */
static cJSON *changes_json(const struct rows *ch)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < rows_count(ch); i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "member", rows_get(ch, i, "code"));
        cJSON_AddStringToObject(o, "change", rows_get(ch, i, "change"));
        cJSON_AddStringToObject(o, "from", rows_get(ch, i, "valid_from"));
        cJSON_AddStringToObject(o, "reason", rows_get(ch, i, "reason"));
        cJSON_AddStringToObject(o, "entered_by", rows_get(ch, i, "entered_by"));
        cJSON_AddStringToObject(o, "entered_at", rows_get(ch, i, "entered_at"));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* Whether the partnership of r has a beginning or member changes to show (else the document is
 * exactly as before sql/310). */
bool view_partnership_has_history(const struct rows *r, const struct rows *ch)
{
    return *rows_get(r, 0, "began") || rows_count(ch) > 0;
}

cJSON *view_partnership_show(const struct rows *r, const struct rows *ch)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "code", rows_get(r, 0, "partnership"));
    cJSON_AddStringToObject(doc, "name", rows_get(r, 0, "partnership_name"));
    cJSON_AddStringToObject(doc, "added_by", rows_get(r, 0, "added_by"));
    cJSON_AddStringToObject(doc, "added_at", rows_get(r, 0, "added_at"));
    cJSON *ms = cJSON_AddArrayToObject(doc, "members");
    for (int i = 0; i < rows_count(r); i++) {
        if (!*rows_get(r, i, "code"))
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", rows_get(r, i, "code"));
        cJSON_AddStringToObject(o, "name", rows_get(r, i, "name"));
        cJSON_AddStringToObject(o, "counterparty", rows_get(r, i, "counterparty"));
        cJSON_AddBoolToObject(o, "linked", strcmp(rows_get(r, i, "how"), "linked") == 0);
        cJSON_AddStringToObject(o, "added_by", rows_get(r, i, "entered_by"));
        cJSON_AddStringToObject(o, "added_at", rows_get(r, i, "entered_at"));
        cJSON_AddItemToArray(ms, o);
    }
    if (view_partnership_has_history(r, ch)) {
        if (*rows_get(r, 0, "began"))
            cJSON_AddStringToObject(doc, "began", rows_get(r, 0, "began"));
        else
            cJSON_AddNullToObject(doc, "began");
        cJSON_AddItemToObject(doc, "changes", changes_json(ch));
    }
    return doc;
}
