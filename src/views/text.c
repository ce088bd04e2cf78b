/* text.c: formatting JSON members of views for tables (see text.h). */
#include "views/text.h"

#include <math.h>
#include <stdio.h>

char *text_money(const cJSON *obj, const char *key, char *buf)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    money_t m;
    buf[0] = '\0';
    if (cJSON_IsString(v) && money_parse(v->valuestring, &m, NULL))
        money_format(m, MONEY_GROUPED | MONEY_POUND, buf);
    return buf;
}

char *text_date(const cJSON *obj, const char *key, char *buf)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    date_t d;
    buf[0] = '\0';
    if (cJSON_IsString(v) && date_parse(v->valuestring, &d, NULL))
        date_format_uk(d, buf);
    return buf;
}

const char *text_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

char *text_num(const cJSON *obj, const char *key, char *buf, int size)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    buf[0] = '\0';
    if (cJSON_IsNumber(v)) {
        if (v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 1e15)
            snprintf(buf, (size_t)size, "%.0f", v->valuedouble);
        else
            snprintf(buf, (size_t)size, "%.2f", v->valuedouble);
    }
    return buf;
}
