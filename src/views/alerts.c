/* alerts.c: the "alerts" view: an authority's open and acknowledged alerts (resolved ones too
 * with --all), feed alerts included, each as the alert_documents view of sql/035 builds it. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "store/alert.h"
#include "util/err.h"
#include "util/table.h"
#include "views/alerts.h"

cJSON *view_alerts_build(PGconn *c, const struct authority *a, const struct view_args *args,
                         int *code)
{
    cJSON *list = alert_documents_list(c, a->id, args->all);
    if (!list) {
        *code = EXIT_DEP;
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "authority", a->code);
    cJSON_AddItemToObject(doc, "alerts", list);
    return doc;
}

static const char *field(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* "2018-03-31T09:05:00Z" -> "31/03/2018 09:05" (UTC), as UK readers write it. */
static char *uk_time(const char *iso, char *buf, size_t size)
{
    int y, mo, d, h, mi;
    if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) == 5)
        snprintf(buf, size, "%02d/%02d/%04d %02d:%02d", d, mo, y, h, mi);
    else
        snprintf(buf, size, "%s", iso);
    return buf;
}

/* Detail keys the table shows elsewhere (kind, subject, the reason below the table) or that
 * add nothing on one line. */
static bool shown_elsewhere(const char *key)
{
    static const char *const keys[] = {"why", "kind", "subject", "code", "as_of", "passive", "refs",
                                       "status", "strategy_effective_from", NULL};
    for (const char *const *k = keys; *k; k++)
        if (strcmp(*k, key) == 0)
            return true;
    return false;
}

/* The figures behind an alert on one line: "exposure £30,000,000.00, limit £25,000,000.00";
 * amounts in pounds, other values as they are, at most about 70 characters. */
static void figures(const cJSON *details, char *buf, size_t size)
{
    buf[0] = '\0';
    const cJSON *it;
    cJSON_ArrayForEach(it, details)
    {
        if (!it->string || shown_elsewhere(it->string))
            continue;
        char value[MONEY_BUFSZ + 8];
        money_t m;
        const char *dot = cJSON_IsString(it) ? strchr(it->valuestring, '.') : NULL;
        if (dot && strlen(dot) == 3 && money_parse(it->valuestring, &m, NULL))
            money_format(m, MONEY_GROUPED | MONEY_POUND, value);
        else if (cJSON_IsString(it))
            snprintf(value, sizeof value, "%.30s", it->valuestring);
        else if (cJSON_IsNumber(it))
            snprintf(value, sizeof value, "%g", it->valuedouble);
        else
            continue;
        size_t len = strlen(buf);
        if (len > 70) {
            snprintf(buf + len, size - len, ", ...");
            return;
        }
        snprintf(buf + len, size - len, "%s%s %s", len ? ", " : "", it->string, value);
    }
}

void view_alerts_text(const cJSON *doc, FILE *out)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "alerts"), *al;
    if (cJSON_GetArraySize(list) == 0) {
        fprintf(out, "no alerts for %s\n", field(doc, "authority"));
        return;
    }
    struct table *t = table_new(8, "ID", "State", "Kind", "Subject", "Figures", "Raised (UTC)",
                                "Acknowledged", "Sent");
    table_align_right(t, 0);
    cJSON_ArrayForEach(al, list)
    {
        char id[24], state[40], ack[200] = "", raised[40], sent[40] = "", at[40], figs[200];
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(al, "id");
        snprintf(id, sizeof id, "%lld", cJSON_IsNumber(n) ? (long long)n->valuedouble : 0LL);
        snprintf(state, sizeof state, "%s%s", field(al, "state"),
                 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(al, "passive")) ? " (passive)" : "");
        if (*field(al, "acknowledged_by"))
            snprintf(ack, sizeof ack, "%s %s", field(al, "acknowledged_by"),
                     uk_time(field(al, "acknowledged_at"), at, sizeof at));
        uk_time(field(al, "raised_at"), raised, sizeof raised);
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(al, "deliveries");
        const cJSON *dn = cJSON_GetObjectItemCaseSensitive(d, "delivered");
        const cJSON *pn = cJSON_GetObjectItemCaseSensitive(d, "pending");
        const cJSON *fn = cJSON_GetObjectItemCaseSensitive(d, "failed");
        if (d)
            snprintf(sent, sizeof sent, "%d of %d%s", dn ? dn->valueint : 0,
                     (dn ? dn->valueint : 0) + (pn ? pn->valueint : 0) + (fn ? fn->valueint : 0),
                     fn && fn->valueint ? " (failed)" : "");
        char kind[120];
        snprintf(kind, sizeof kind, "%s%s", field(al, "kind"),
                 cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(al, "authority")) ? " [feed]" : "");
        figures(cJSON_GetObjectItemCaseSensitive(al, "details"), figs, sizeof figs);
        table_row(t, id, state, kind, field(al, "subject"), figs, raised, ack, sent);
    }
    table_print(t, out);
    table_free(t);
    /* The reason of each alert that has one, in full: too long for a column. */
    bool header = false;
    cJSON_ArrayForEach(al, list)
    {
        const char *why = field(cJSON_GetObjectItemCaseSensitive(al, "details"), "why");
        if (!*why)
            continue;
        if (!header)
            fputs("\nwhy\n", out);
        header = true;
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(al, "id");
        fprintf(out, "  %lld  %s\n", cJSON_IsNumber(n) ? (long long)n->valuedouble : 0LL, why);
    }
}
