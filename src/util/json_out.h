/* json_out.h: JSON text written straight into a strbuf, byte for byte as cJSON_PrintUnformatted
 * prints the same values, for the big arrays of the service's answers (the 3,000 entries of a
 * lending list, the holdings of a portfolio): a cJSON tree allocates a node for every key and
 * value of them only to print it once and free it.
 *
 * The text is meant for a cJSON_Raw node of a document that is printed unformatted (the HTTP
 * service's answers): cJSON_Print would print it as it is, not indented. The caller writes the
 * punctuation ("{", ",", ":" ...); these functions write the values in prudent's conventions
 * (util/json.h: money and dates as strings, null for none). tests/unit/test_json_out.c holds
 * each against cJSON's own printing. */
#ifndef PRUDENT_UTIL_JSON_OUT_H
#define PRUDENT_UTIL_JSON_OUT_H

#include <stdbool.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/rate.h"
#include "util/strbuf.h"

/* Append n bytes inline: with n a constant the copy compiles to a few moves (JSON_OUT_LIT). */
static inline void json_out_bytes(struct strbuf *sb, const char *s, size_t n)
{
    if (sb->len + n + 1 > sb->alloc)
        strbuf_grow(sb, n);
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}
/* Append a string literal, keys and punctuation: JSON_OUT_LIT(sb, ",\"name\":"). */
#define JSON_OUT_LIT(sb, lit) json_out_bytes((sb), (lit), sizeof(lit) - 1)

/* A string value or key, quoted and escaped as cJSON escapes it (", \, and the bytes below 0x20;
 * other bytes as they are); NULL as "" (as cJSON prints a string item without text). */
void json_out_string(struct strbuf *sb, const char *s);
/* A whole number as cJSON prints a number item holding it ("%d"). */
void json_out_int(struct strbuf *sb, int n);
/* "true" or "false". */
void json_out_bool(struct strbuf *sb, bool b);
/* null */
void json_out_null(struct strbuf *sb);
/* Money as json_add_money adds it: "5000000.00". */
void json_out_money(struct strbuf *sb, money_t m);
/* A date as json_add_date adds it: "2025-06-30", or null for DATE_NONE. */
void json_out_date(struct strbuf *sb, date_t d);
/* A rate as json_add_rate adds it: "6.3722". */
void json_out_rate(struct strbuf *sb, rate_t r);

#endif
