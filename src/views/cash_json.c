/* cash_json.c: the cash-flow forecast's document written straight to text (see cash_json.h). */
#include "views/cash_json.h"

#include <stdio.h>
#include <string.h>

/* Append a string literal (its length known at compile time). */
#define LIT(sb, s) strbuf_append((sb), (s), sizeof(s) - 1)

/* 1 for the bytes a JSON string holds as they are, 0 for those cJSON escapes (the control
 * characters, the quote, the backslash) and the NUL that ends the text. */
#define ONES16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const unsigned char as_is[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20: '"' */
    ONES16,                                         /* 0x30 */
    ONES16,                                         /* 0x40 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50: '\\' */
    ONES16, ONES16,                                 /* 0x60, 0x70 */
    ONES16, ONES16, ONES16, ONES16,                 /* 0x80 .. 0xbf: UTF-8 as it is */
    ONES16, ONES16, ONES16, ONES16,                 /* 0xc0 .. 0xff */
};

void cash_json_string(struct strbuf *sb, const char *s)
{
    strbuf_append_char(sb, '"');
    const unsigned char *p = (const unsigned char *)s;
    for (;;) {
        const unsigned char *run = p;
        while (as_is[*p])
            p++;
        strbuf_append(sb, run, (size_t)(p - run));
        unsigned char ch = *p++;
        if (!ch)
            break;
        char esc[8];
        switch (ch) {
        case '"': LIT(sb, "\\\""); break;
        case '\\': LIT(sb, "\\\\"); break;
        case '\b': LIT(sb, "\\b"); break;
        case '\f': LIT(sb, "\\f"); break;
        case '\n': LIT(sb, "\\n"); break;
        case '\r': LIT(sb, "\\r"); break;
        case '\t': LIT(sb, "\\t"); break;
        default: /* cJSON: the other control characters as \u00xx, lower case */
            snprintf(esc, sizeof esc, "\\u%04x", ch);
            strbuf_append(sb, esc, 6);
        }
    }
    strbuf_append_char(sb, '"');
}

/* Keys are written as literals with their quotes, the colon after them and what comes before
 * them (the comma, or the object's brace): none needs escaping. KEY(sb, ",\"net\"") appends
 * ,"net": */
#define KEY(sb, k) LIT((sb), k ":")

/* An amount or a date as a string: neither holds a character JSON escapes. */
static void plain(struct strbuf *sb, const char *s)
{
    size_t n = strlen(s);
    strbuf_grow(sb, n + 2);
    sb->buf[sb->len++] = '"';
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len++] = '"';
    sb->buf[sb->len] = '\0';
}

static void money(struct strbuf *sb, money_t m)
{
    char b[MONEY_BUFSZ];
    plain(sb, money_format(m, MONEY_PLAIN, b));
}

/* A date as json_add_date gives it: the ISO string, or null for DATE_NONE. The last one formatted
 * is remembered (per thread): the items come in date order and a day's period starts and ends on
 * the same day. */
static void date(struct strbuf *sb, date_t d)
{
    static _Thread_local date_t last = DATE_NONE;
    static _Thread_local char text[DATE_BUFSZ];
    if (d == DATE_NONE) {
        LIT(sb, "null");
        return;
    }
    if (d != last) {
        date_format_iso(d, text);
        last = d;
    }
    plain(sb, text);
}

static void period(struct strbuf *sb, const struct cash_period *p)
{
    KEY(sb, "{\"start\"");
    date(sb, p->start);
    KEY(sb, ",\"end\"");
    date(sb, p->end);
    KEY(sb, ",\"receipts\"");
    money(sb, p->receipts);
    KEY(sb, ",\"payments\"");
    money(sb, p->payments);
    KEY(sb, ",\"net\"");
    money(sb, p->net);
    KEY(sb, ",\"closing_balance\"");
    money(sb, p->closing);
    if (p->below_minimum)
        LIT(sb, ",\"below_minimum\":true}");
    else
        LIT(sb, ",\"below_minimum\":false}");
}

static void item(struct strbuf *sb, const struct cash_flow *fl)
{
    KEY(sb, "{\"date\"");
    date(sb, fl->date);
    KEY(sb, ",\"source\"");
    cash_json_string(sb, cash_source_name(fl->source));
    KEY(sb, ",\"ref\"");
    cash_json_string(sb, fl->ref);
    KEY(sb, ",\"account\"");
    cash_json_string(sb, fl->account);
    KEY(sb, ",\"description\"");
    cash_json_string(sb, fl->description);
    KEY(sb, ",\"amount\"");
    money(sb, fl->amount);
    strbuf_append_char(sb, '}');
}

static void low_point(struct strbuf *sb, const struct cash_json_parts *p)
{
    const struct cash_low *low = p->low;
    KEY(sb, "{\"from\"");
    date(sb, low->from);
    KEY(sb, ",\"to\"");
    date(sb, low->to);
    KEY(sb, ",\"opening_balance\"");
    money(sb, p->opening);
    KEY(sb, ",\"minimum_balance\"");
    money(sb, p->minimum);
    KEY(sb, ",\"lowest_balance\"");
    money(sb, low->lowest);
    KEY(sb, ",\"lowest_date\"");
    date(sb, low->lowest_date);
    /* whole numbers as cJSON prints them */
    strbuf_appendf(sb, ",\"days_below_minimum\":%d,\"days_covered\":%d", low->days_below, low->days_covered);
    KEY(sb, ",\"shortfall\"");
    money(sb, low->shortfall);
    strbuf_append_char(sb, '}');
}

void cash_json_write(struct strbuf *sb, const struct cash_json_parts *p)
{
    const struct cash_flows *fs = p->flows;
    strbuf_grow(sb, 256 + (size_t)p->nperiods * 192 + (size_t)fs->n * 256); /* about the size: one growth */
    KEY(sb, "{\"from\"");
    date(sb, p->from);
    KEY(sb, ",\"to\"");
    date(sb, p->to);
    KEY(sb, ",\"by\"");
    cash_json_string(sb, cash_by_name(p->by));
    KEY(sb, ",\"account\"");
    if (p->account)
        cash_json_string(sb, p->account);
    else
        LIT(sb, "null");
    KEY(sb, ",\"opening_balance\"");
    money(sb, p->opening);
    KEY(sb, ",\"minimum_balance\"");
    money(sb, p->minimum);
    LIT(sb, ",\"periods\":[");
    for (int i = 0; i < p->nperiods; i++) {
        if (i)
            strbuf_append_char(sb, ',');
        period(sb, &p->periods[i]);
    }
    LIT(sb, "],\"items\":[");
    bool first = true;
    for (int i = 0; i < fs->n; i++) {
        if (fs->v[i].date < p->from || fs->v[i].date > p->to)
            continue;
        if (!first)
            strbuf_append_char(sb, ',');
        first = false;
        item(sb, &fs->v[i]);
    }
    LIT(sb, "],\"low_point\":");
    low_point(sb, p);
    strbuf_append_char(sb, '}');
}
