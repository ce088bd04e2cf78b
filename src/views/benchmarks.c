/* benchmarks.c: the "benchmarks" view: the average of each benchmark rate series (SONIA, Bank
 * Rate) over a period, from the observations the feeds store (store/rates.h has the averaging
 * rule). Reports compare returns with these.
 *
 *   {"from", "to", "series": [{"series": "sonia", "title": "SONIA", "average": "0.3512" | null,
 *                              "reason": "no observation on or before 2017-04-01"}]}
 *
 * A series with no observation on or before --from has a null average and says why: a missing
 * benchmark is never shown as 0. */
#include "views/benchmarks.h"

#include <stdio.h>

#include "store/rates.h"
#include "util/err.h"
#include "util/json.h"

static const char *const series[][2] = {{"sonia", "SONIA"}, {"bank_rate", "Bank Rate"}, {NULL, NULL}};

cJSON *view_benchmarks_build(PGconn *c, const struct authority *a, const struct view_args *args,
                             int *code)
{
    (void)a;
    date_t from = args->from, to = args->to;
    if (from == DATE_NONE || to == DATE_NONE) {
        *code = fail(EXIT_BAD, "benchmarks need a period: --from and --to");
        return NULL;
    }
    cJSON *doc = cJSON_CreateObject();
    json_add_date(doc, "from", from);
    json_add_date(doc, "to", to);
    cJSON *list = cJSON_AddArrayToObject(doc, "series");
    for (int i = 0; series[i][0]; i++) {
        rate_t avg;
        int rc = rates_average(c, series[i][0], from, to, &avg);
        if (rc < 0) {
            cJSON_Delete(doc);
            *code = EXIT_DEP;
            return NULL;
        }
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "series", series[i][0]);
        cJSON_AddStringToObject(o, "title", series[i][1]);
        if (rc == 0) {
            json_add_rate(o, "average", avg);
        } else {
            char d[DATE_BUFSZ], why[96];
            cJSON_AddNullToObject(o, "average");
            snprintf(why, sizeof why, "no observation on or before %s", date_format_iso(from, d));
            cJSON_AddStringToObject(o, "reason", why);
        }
        cJSON_AddItemToArray(list, o);
    }
    return doc;
}
