/* alerts.c: the "alerts" view: an authority's open and acknowledged alerts (resolved ones too
 * with --all), feed alerts included, each as the alert_documents view of sql/035 builds it. */
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "util/err.h"
#include "util/table.h"
#include "views/alerts.h"

cJSON *view_alerts_build(PGconn *c, const struct authority *a, const struct view_args *args,
                         int *code)
{
    char aid[24];
    snprintf(aid, sizeof aid, "%lld", (long long)a->id);
    const char *p[] = {aid, args->all ? "t" : "f"};
    PGresult *r = db_query(c, "list alerts",
                           "SELECT doc FROM alert_documents"
                           " WHERE (authority_id = $1 OR authority_id IS NULL)"
                           " AND ($2::boolean OR state <> 'resolved') ORDER BY raised_at, id",
                           2, p);
    if (!r) {
        *code = EXIT_DEP;
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "authority", a->code);
    cJSON *list = cJSON_AddArrayToObject(doc, "alerts");
    for (int i = 0; i < PQntuples(r); i++) {
        cJSON *one = cJSON_Parse(db_get(r, i, "doc"));
        if (one)
            cJSON_AddItemToArray(list, one);
    }
    PQclear(r);
    return doc;
}

static const char *field(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

void view_alerts_text(const cJSON *doc, FILE *out)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "alerts"), *al;
    if (cJSON_GetArraySize(list) == 0) {
        fprintf(out, "no alerts for %s\n", field(doc, "authority"));
        return;
    }
    struct table *t = table_new(7, "ID", "State", "Kind", "Subject", "Raised (UTC)", "Acknowledged",
                                "Delivered");
    table_align_right(t, 0);
    cJSON_ArrayForEach(al, list)
    {
        char id[24], state[40], ack[200] = "", raised[24], sent[40] = "";
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(al, "id");
        snprintf(id, sizeof id, "%lld", cJSON_IsNumber(n) ? (long long)n->valuedouble : 0LL);
        snprintf(state, sizeof state, "%s%s", field(al, "state"),
                 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(al, "passive")) ? " (passive)" : "");
        if (*field(al, "acknowledged_by"))
            snprintf(ack, sizeof ack, "%s %.10s", field(al, "acknowledged_by"),
                     field(al, "acknowledged_at"));
        /* "2018-03-31T10:00:00Z" -> "2018-03-31 10:00" */
        snprintf(raised, sizeof raised, "%.16s", field(al, "raised_at"));
        if (strlen(raised) > 10)
            raised[10] = ' ';
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
        table_row(t, id, state, kind, field(al, "subject"), raised, ack, sent);
    }
    table_print(t, out);
    table_free(t);
}
