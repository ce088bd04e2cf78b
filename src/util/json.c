/* json.c: prudent's JSON conventions over cJSON (see json.h). */
#include "util/json.h"

#include <math.h>
#include <stdlib.h>

cJSON *json_add_money(cJSON *obj, const char *key, money_t m)
{
    char buf[MONEY_BUFSZ];
    return cJSON_AddStringToObject(obj, key, money_format(m, MONEY_PLAIN, buf));
}

cJSON *json_add_money_or_null(cJSON *obj, const char *key, const money_t *m)
{
    return m ? json_add_money(obj, key, *m) : cJSON_AddNullToObject(obj, key);
}

cJSON *json_add_rate(cJSON *obj, const char *key, rate_t r)
{
    char buf[RATE_BUFSZ];
    return cJSON_AddStringToObject(obj, key, rate_format(r, 4, buf));
}

cJSON *json_add_date(cJSON *obj, const char *key, date_t d)
{
    char buf[DATE_BUFSZ];
    if (d == DATE_NONE)
        return cJSON_AddNullToObject(obj, key);
    return cJSON_AddStringToObject(obj, key, date_format_iso(d, buf));
}

double json_round2(double v)
{
    return round(v * 100.0) / 100.0; /* round() is half away from zero */
}

cJSON *json_add_2dp(cJSON *obj, const char *key, double v)
{
    return cJSON_AddNumberToObject(obj, key, json_round2(v));
}

int json_print(FILE *f, const cJSON *doc)
{
    char *text = cJSON_Print(doc);
    if (!text)
        return -1;
    int rc = fprintf(f, "%s\n", text) < 0 ? -1 : 0;
    free(text);
    return rc;
}
