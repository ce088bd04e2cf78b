/* json_out.c: JSON values written into a strbuf as cJSON prints them (see json_out.h). */
#include "util/json_out.h"

#include <stdio.h>
#include <string.h>

/* Whether cJSON escapes byte c inside a string. */
static bool needs_escape(unsigned char c)
{
    return c < 32 || c == '"' || c == '\\';
}

void json_out_string(struct strbuf *sb, const char *s)
{
    if (!s)
        s = "";
    strbuf_append_char(sb, '"');
    const char *run = s; /* the bytes since the last escape, appended in one go */
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!needs_escape(c))
            continue;
        strbuf_append(sb, run, (size_t)(p - run));
        run = p + 1;
        switch (c) {
        case '"': strbuf_append(sb, "\\\"", 2); break;
        case '\\': strbuf_append(sb, "\\\\", 2); break;
        case '\b': strbuf_append(sb, "\\b", 2); break;
        case '\f': strbuf_append(sb, "\\f", 2); break;
        case '\n': strbuf_append(sb, "\\n", 2); break;
        case '\r': strbuf_append(sb, "\\r", 2); break;
        case '\t': strbuf_append(sb, "\\t", 2); break;
        default: strbuf_appendf(sb, "\\u%04x", c); break;
        }
    }
    strbuf_append_str(sb, run);
    strbuf_append_char(sb, '"');
}

void json_out_int(struct strbuf *sb, int n)
{
    char buf[16];
    unsigned u = n < 0 ? 0u - (unsigned)n : (unsigned)n;
    char *p = buf + sizeof buf;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (n < 0)
        *--p = '-';
    strbuf_append(sb, p, (size_t)(buf + sizeof buf - p));
}

void json_out_bool(struct strbuf *sb, bool b)
{
    if (b)
        strbuf_append(sb, "true", 4);
    else
        strbuf_append(sb, "false", 5);
}

void json_out_null(struct strbuf *sb)
{
    strbuf_append(sb, "null", 4);
}

void json_out_money(struct strbuf *sb, money_t m)
{
    char buf[MONEY_BUFSZ];
    json_out_string(sb, money_format(m, MONEY_PLAIN, buf));
}

void json_out_date(struct strbuf *sb, date_t d)
{
    char buf[DATE_BUFSZ];
    if (d == DATE_NONE)
        json_out_null(sb);
    else
        json_out_string(sb, date_format_iso(d, buf));
}

void json_out_rate(struct strbuf *sb, rate_t r)
{
    char buf[RATE_BUFSZ];
    json_out_string(sb, rate_format(r, 4, buf));
}
