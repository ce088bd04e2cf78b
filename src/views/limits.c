/* limits.c: the `limits` view: the lending list at the as-of date with exposure, headroom, the
 * rule behind each entry, breaches, group/country/sector totals, and with --from/--to the list's
 * changes over that period (the outturn report's "lending list changes" table). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "store/lending.h"
#include "util/err.h"
#include "util/json.h"
#include "util/table.h"
#include "views/lending_at.h"
#include "views/lending_json.h"
#include "views/view.h"

cJSON *view_limits_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);
void view_limits_text(const cJSON *doc, FILE *out);

cJSON *view_limits_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code)
{
    struct lending_at *x = lending_at_get(c, a->id, args->as_of); /* shared with indicators */
    if (!x) {
        *code = EXIT_DEP;
        return NULL;
    }
    if (x->evaluated < 0) {
        lending_at_release(x);
        *code = fail(EXIT_BAD, "limits: an amount overflows");
        return NULL;
    }
    const struct lending_book *lb = &x->lb;
    if (args->wire && !args->no_entries && args->from == DATE_NONE && args->to == DATE_NONE) {
        /* the service's answer, only printed: the whole document as text, no tree (the same
         * bytes: lending_list_text) */
        cJSON *doc = json_raw_taken(lending_list_text(&lb->in, &x->list, x->texts));
        lending_at_release(x);
        return doc;
    }
    enum lending_entries how = args->no_entries ? LENDING_ENTRIES_NONE
                               : args->wire      ? LENDING_ENTRIES_RAW
                                                 : LENDING_ENTRIES_TREE;
    cJSON *doc = lending_list_json_texts(&lb->in, &x->list, how, x->texts);
    if (args->from != DATE_NONE || args->to != DATE_NONE) {
        date_t from = args->from != DATE_NONE ? args->from : args->as_of;
        date_t to = args->to != DATE_NONE ? args->to : args->as_of;
        struct lending_change *ch;
        int n = lending_changes(&lb->in, from, to, &ch);
        cJSON *o = cJSON_AddObjectToObject(doc, "changes_period");
        json_add_date(o, "from", from);
        json_add_date(o, "to", to);
        cJSON_AddItemToObject(doc, "changes", lending_changes_json(ch, n > 0 ? n : 0));
        free(ch);
    }
    lending_at_release(x);
    return doc;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : cJSON_IsNull(v) ? "unlimited" : "";
}

/* An amount of the JSON ("5000000.00") as a treasury officer reads it: "£5,000,000.00";
 * null stays "unlimited", anything else is shown as it is. */
static const char *pounds(const cJSON *o, const char *key, char *buf)
{
    const char *s = str(o, key);
    money_t m;
    if (money_parse(s, &m, NULL))
        return money_format(m, MONEY_GROUPED | MONEY_POUND, buf);
    return s;
}

void view_limits_text(const cJSON *doc, FILE *out)
{
    fprintf(out, "lending list at %s\n", str(doc, "as_of"));
    struct table *t = table_new(7, "Code", "Status", "Limit", "Max days", "Exposure", "Headroom", "Basis");
    table_align_right(t, 2);
    table_align_right(t, 3);
    table_align_right(t, 4);
    table_align_right(t, 5);
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "counterparties"))
    {
        char days[16];
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "max_days");
        if (cJSON_IsNumber(d))
            snprintf(days, sizeof days, "%d", d->valueint);
        else
            snprintf(days, sizeof days, "none");
        char limit[MONEY_BUFSZ], exposure[MONEY_BUFSZ], headroom[MONEY_BUFSZ];
        table_row(t, str(e, "code"), str(e, "status"), pounds(e, "limit", limit), days,
                  pounds(e, "exposure", exposure), pounds(e, "headroom", headroom), str(e, "basis"));
    }
    table_print(t, out);
    table_free(t);
    const cJSON *bs = cJSON_GetObjectItemCaseSensitive(doc, "breaches");
    fprintf(out, "\n%d breach%s\n", cJSON_GetArraySize(bs), cJSON_GetArraySize(bs) == 1 ? "" : "es");
    cJSON_ArrayForEach(e, bs)
    fprintf(out, "  %s %s%s: %s\n", str(e, "kind"), str(e, "subject"),
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "passive")) ? " (passive)" : "", str(e, "why"));
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(doc, "changes");
    if (ch) {
        fprintf(out, "\nchanges\n");
        cJSON_ArrayForEach(e, ch)
        {
            const cJSON *b = cJSON_GetObjectItemCaseSensitive(e, "before");
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "after");
            char before[MONEY_BUFSZ], after[MONEY_BUFSZ];
            fprintf(out, "  %s: %s %s -> %s %s (%s)\n", str(e, "code"), str(b, "status"),
                    pounds(b, "limit", before), str(a, "status"), pounds(a, "limit", after), str(a, "basis"));
        }
    }
}
