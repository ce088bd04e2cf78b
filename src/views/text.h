/* text.h: helpers for the human-readable renderings of views: JSON money and dates shown as a
 * UK reader expects (£5,000,000.00, 31/03/2018). Each writes into the caller's buffer and
 * returns it; a missing or null value gives "". */
#ifndef PRUDENT_VIEWS_TEXT_H
#define PRUDENT_VIEWS_TEXT_H

#include <cjson/cJSON.h>

#include "core/date.h"
#include "core/money.h"

/* buf: at least MONEY_BUFSZ + 2 bytes. */
char *text_money(const cJSON *obj, const char *key, char *buf);
/* buf: at least DATE_BUFSZ bytes. */
char *text_date(const cJSON *obj, const char *key, char *buf);
/* A string member ("" when absent), e.g. a rate, or a number printed as an integer or 2 dp. */
const char *text_str(const cJSON *obj, const char *key);
char *text_num(const cJSON *obj, const char *key, char *buf, int size);

#endif
