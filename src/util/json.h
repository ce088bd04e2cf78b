/* json.h: cJSON helpers that keep prudent's JSON conventions in one place.
 *
 * Money is a string with exactly two decimals ("5000000.00"), rates are percent strings with four
 * decimals ("6.3722"), dates are "YYYY-MM-DD" (or null for DATE_NONE), days and percentage shares
 * are numbers rounded to 2 dp. Each add function returns the item added (owned by obj). */
#ifndef PRUDENT_UTIL_JSON_H
#define PRUDENT_UTIL_JSON_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "core/date.h"
#include "core/money.h"
#include "core/rate.h"

cJSON *json_add_money(cJSON *obj, const char *key, money_t m);
cJSON *json_add_money_or_null(cJSON *obj, const char *key, const money_t *m);
cJSON *json_add_rate(cJSON *obj, const char *key, rate_t r);
cJSON *json_add_date(cJSON *obj, const char *key, date_t d);
/* A statistic rounded half away from zero to 2 decimal places. */
cJSON *json_add_2dp(cJSON *obj, const char *key, double v);
double json_round2(double v);

/* Print doc to f (indented) followed by a newline. Returns 0, or -1 on a write error. */
int json_print(FILE *f, const cJSON *doc);

#endif
