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
/* Add text (malloc'd JSON text, e.g. util/json_out.h's) to obj under key as a cJSON_Raw node that
 * takes it without a copy: cJSON_Delete frees it with free(), cJSON's default allocator, which
 * prudent keeps (no cJSON_InitHooks). Aborts when the node cannot be allocated. */
void json_add_raw_taken(cJSON *obj, const char *key, char *text);
/* The same node on its own: a whole document already written as text (the service's answers,
 * printed unformatted: cJSON_PrintUnformatted prints a raw node's text as it is). Owned by the
 * caller (cJSON_Delete), the text with it. */
cJSON *json_raw_taken(char *text);
cJSON *json_add_money_or_null(cJSON *obj, const char *key, const money_t *m);
cJSON *json_add_rate(cJSON *obj, const char *key, rate_t r);
cJSON *json_add_date(cJSON *obj, const char *key, date_t d);
/* A statistic rounded half away from zero to 2 decimal places. */
cJSON *json_add_2dp(cJSON *obj, const char *key, double v);
double json_round2(double v);

/* Why json_parse_strict refused a text. */
struct json_error {
    char message[200]; /* e.g. "duplicate key \"amount\"" */
    char field[64];    /* the key concerned, "" when none */
    size_t offset;     /* byte offset in the text where the problem is */
};

/* Parse len bytes of text as one JSON value, more strictly than cJSON alone, the same rule for
 * the API's bodies and the imports: refused are text that is not JSON, anything but white space
 * after the value (trailing data), a NUL byte anywhere or a \u0000 escape inside a string (cJSON
 * would cut the string there: "5000\u0000999" read as "5000"), and an object with the same key
 * twice (which one wins is a matter of the reader). Returns the document (the caller owns it),
 * or NULL with *err filled in. */
cJSON *json_parse_strict(const char *text, size_t len, struct json_error *err);

/* Print doc to f (indented) followed by a newline. Returns 0, or -1 on a write error. */
int json_print(FILE *f, const cJSON *doc);

#endif
