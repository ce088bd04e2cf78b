/* cash_items.c: forecast items as they stand and their versions (see cash_items.h). */
#include "views/cash_items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cash.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/text.h"

cJSON *cash_item_terms_json(const struct cash_item *it)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "account", it->account);
    json_add_date(o, "date", it->date);
    json_add_money(o, "amount", it->amount);
    cJSON_AddStringToObject(o, "category", it->category);
    cJSON_AddStringToObject(o, "description", it->description);
    cJSON_AddStringToObject(o, "repeat", cash_repeat_name(it->repeat));
    if (it->until != DATE_NONE)
        json_add_date(o, "until", it->until);
    else
        cJSON_AddNullToObject(o, "until");
    return o;
}

/* The item's terms as members of o. */
static void add_terms(cJSON *o, const struct cash_item *it)
{
    cJSON *t = cash_item_terms_json(it);
    while (t->child) {
        cJSON *m = cJSON_DetachItemViaPointer(t, t->child);
        cJSON_AddItemToObject(o, m->string, m);
    }
    cJSON_Delete(t);
}

static void add_ref(cJSON *o, int64_t number)
{
    char ref[32];
    snprintf(ref, sizeof ref, "CF%lld", (long long)number);
    cJSON_AddStringToObject(o, "ref", ref);
    cJSON_AddNumberToObject(o, "id", (double)number);
}

/* The item whose versions are v[first..last] (its latest last) as a row of the list. */
static cJSON *item_row(const struct cash_item_version *v, int first, int last)
{
    const struct cash_item_version *now = &v[last];
    cJSON *o = cJSON_CreateObject();
    add_ref(o, now->item.id);
    add_terms(o, &now->item);
    cJSON_AddStringToObject(o, "state", now->row.cancelled ? "cancelled" : "live");
    cJSON_AddNumberToObject(o, "versions", last - first + 1);
    cJSON_AddStringToObject(o, "changed_by", now->row.entered_by);
    cJSON_AddStringToObject(o, "changed_at", now->row.entered_at);
    return o;
}

/* The index of the last version of the item that starts at v[i]. */
static int item_end(const struct cash_item_version *v, int n, int i)
{
    while (i + 1 < n && v[i + 1].item.id == v[i].item.id)
        i++;
    return i;
}

cJSON *cash_items_view(PGconn *c, const struct authority *a, bool all, int *code)
{
    struct cash_item_version *v;
    int n = cash_item_versions_load(c, a->id, 0, &v);
    if (n < 0) {
        *code = EXIT_DEP;
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject(), *items = cJSON_AddArrayToObject(doc, "items");
    for (int i = 0; i < n; i++) {
        int last = item_end(v, n, i);
        if (all || !v[last].row.cancelled)
            cJSON_AddItemToArray(items, item_row(v, i, last));
        i = last;
    }
    cash_item_versions_free(v, n);
    *code = EXIT_OK;
    return doc;
}

static cJSON *version_json(const struct cash_item_version *x, int k)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "version", k + 1);
    cJSON_AddStringToObject(o, "change", x->row.cancelled ? "cancelled" : k == 0 ? "added" : "amended");
    add_terms(o, &x->item);
    cJSON_AddStringToObject(o, "entered_by", x->row.entered_by);
    cJSON_AddStringToObject(o, "entered_at", x->row.entered_at);
    cJSON_AddStringToObject(o, "reason", x->reason);
    return o;
}

cJSON *cash_item_history_view(PGconn *c, const struct authority *a, long long number, int *code)
{
    struct cash_item_version *v;
    int n = cash_item_versions_load(c, a->id, number, &v);
    if (n <= 0) {
        *code = n < 0 ? EXIT_DEP : EXIT_BAD;
        cash_item_versions_free(v, n);
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    add_ref(doc, v[n - 1].item.id);
    cJSON_AddStringToObject(doc, "state", v[n - 1].row.cancelled ? "cancelled" : "live");
    add_terms(doc, &v[n - 1].item);
    cJSON *arr = cJSON_AddArrayToObject(doc, "versions");
    for (int k = 0; k < n; k++)
        cJSON_AddItemToArray(arr, version_json(&v[k], k));
    cash_item_versions_free(v, n);
    *code = EXIT_OK;
    return doc;
}

/* ---- text ------------------------------------------------------------------------------------------ */

/* The amount member grouped for reading ("-118500.00" -> "-118,500.00"). */
static const char *amount_text(const cJSON *o, char *buf)
{
    money_t m;
    const char *s = text_str(o, "amount");
    return money_parse(s, &m, NULL) ? money_format(m, MONEY_GROUPED, buf) : s;
}

/* "monthly until 2027-03-31", "monthly", or "" for a one-off. */
static const char *repeat_text(const cJSON *o, char *buf, size_t cap)
{
    const char *until = text_str(o, "until");
    snprintf(buf, cap, "%s%s%s", text_str(o, "repeat"), *until ? " until " : "", until);
    return buf;
}

void cash_items_text(const cJSON *doc, FILE *out)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "items"), *it;
    if (!cJSON_GetArraySize(arr)) {
        fprintf(out, "no forecast items (prudent cashflow add, or prudent import cashflows, adds them)\n");
        return;
    }
    struct table *t = table_new(10, "Ref", "Date", "Account", "Amount", "Category", "Description", "Repeat",
                                "State", "Changed by", "Changed at");
    table_align_right(t, 3);
    cJSON_ArrayForEach(it, arr) {
        char b[MONEY_BUFSZ], r[80];
        table_row(t, text_str(it, "ref"), text_str(it, "date"), text_str(it, "account"), amount_text(it, b),
                  text_str(it, "category"), text_str(it, "description"), repeat_text(it, r, sizeof r),
                  text_str(it, "state"), text_str(it, "changed_by"), text_str(it, "changed_at"));
    }
    table_print(t, out);
    table_free(t);
}

void cash_item_history_text(const cJSON *doc, FILE *out)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "versions"), *v;
    int n = cJSON_GetArraySize(arr);
    fprintf(out, "%s %s: %s, %s, %d version%s\n", text_str(doc, "ref"), text_str(doc, "category"),
            text_str(doc, "description"), text_str(doc, "state"), n, n == 1 ? "" : "s");
    struct table *t = table_new(11, "#", "Change", "Date", "Account", "Amount", "Category", "Description", "Repeat",
                                "By", "At", "Reason");
    table_align_right(t, 4);
    cJSON_ArrayForEach(v, arr) {
        char b[MONEY_BUFSZ], r[80], k[16];
        snprintf(k, sizeof k, "%d", cJSON_GetObjectItemCaseSensitive(v, "version")->valueint);
        table_row(t, k, text_str(v, "change"), text_str(v, "date"), text_str(v, "account"), amount_text(v, b),
                  text_str(v, "category"), text_str(v, "description"), repeat_text(v, r, sizeof r),
                  text_str(v, "entered_by"), text_str(v, "entered_at"), text_str(v, "reason"));
    }
    table_print(t, out);
    table_free(t);
}
