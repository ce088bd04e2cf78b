/* cash_json.c: the cash-flow forecast's document written straight to text (see cash_json.h). */
#include "views/cash_json.h"

#include <stdio.h>
#include <string.h>

/* Append a string literal (its length known at compile time). */
#define LIT(sb, s) strbuf_append((sb), (s), sizeof(s) - 1)

void cash_json_string(struct strbuf *sb, const char *s)
{
    strbuf_append_char(sb, '"');
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (; *p; p++) {
        unsigned char ch = *p;
        if (ch >= 32 && ch != '"' && ch != '\\')
            continue;
        strbuf_append(sb, run, (size_t)(p - run));
        run = p + 1;
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
    strbuf_append(sb, run, (size_t)(p - run));
    strbuf_append_char(sb, '"');
}

/* "key": with the comma before it unless it is the object's first. */
static void key(struct strbuf *sb, const char *k, bool first)
{
    if (!first)
        strbuf_append_char(sb, ',');
    cash_json_string(sb, k);
    strbuf_append_char(sb, ':');
}

static void money(struct strbuf *sb, const char *k, money_t m)
{
    char b[MONEY_BUFSZ];
    key(sb, k, false);
    cash_json_string(sb, money_format(m, MONEY_PLAIN, b));
}

/* A date as json_add_date gives it: the ISO string, or null for DATE_NONE. */
static void date(struct strbuf *sb, const char *k, date_t d, bool first)
{
    char b[DATE_BUFSZ];
    key(sb, k, first);
    if (d == DATE_NONE)
        LIT(sb, "null");
    else
        cash_json_string(sb, date_format_iso(d, b));
}

static void boolean(struct strbuf *sb, const char *k, bool v)
{
    key(sb, k, false);
    if (v)
        LIT(sb, "true");
    else
        LIT(sb, "false");
}

/* An int as cJSON prints a whole number. */
static void integer(struct strbuf *sb, const char *k, int v)
{
    key(sb, k, false);
    strbuf_appendf(sb, "%d", v);
}

static void period(struct strbuf *sb, const struct cash_period *p)
{
    strbuf_append_char(sb, '{');
    date(sb, "start", p->start, true);
    date(sb, "end", p->end, false);
    money(sb, "receipts", p->receipts);
    money(sb, "payments", p->payments);
    money(sb, "net", p->net);
    money(sb, "closing_balance", p->closing);
    boolean(sb, "below_minimum", p->below_minimum);
    strbuf_append_char(sb, '}');
}

static void item(struct strbuf *sb, const struct cash_flow *fl)
{
    strbuf_append_char(sb, '{');
    date(sb, "date", fl->date, true);
    key(sb, "source", false);
    cash_json_string(sb, cash_source_name(fl->source));
    key(sb, "ref", false);
    cash_json_string(sb, fl->ref);
    key(sb, "account", false);
    cash_json_string(sb, fl->account);
    key(sb, "description", false);
    cash_json_string(sb, fl->description);
    money(sb, "amount", fl->amount);
    strbuf_append_char(sb, '}');
}

static void low_point(struct strbuf *sb, const struct cash_json_parts *p)
{
    const struct cash_low *low = p->low;
    strbuf_append_char(sb, '{');
    date(sb, "from", low->from, true);
    date(sb, "to", low->to, false);
    money(sb, "opening_balance", p->opening);
    money(sb, "minimum_balance", p->minimum);
    money(sb, "lowest_balance", low->lowest);
    date(sb, "lowest_date", low->lowest_date, false);
    integer(sb, "days_below_minimum", low->days_below);
    integer(sb, "days_covered", low->days_covered);
    money(sb, "shortfall", low->shortfall);
    strbuf_append_char(sb, '}');
}

void cash_json_write(struct strbuf *sb, const struct cash_json_parts *p)
{
    const struct cash_flows *fs = p->flows;
    strbuf_grow(sb, 256 + (size_t)p->nperiods * 192 + (size_t)fs->n * 256); /* about the size: one growth */
    strbuf_append_char(sb, '{');
    date(sb, "from", p->from, true);
    date(sb, "to", p->to, false);
    key(sb, "by", false);
    cash_json_string(sb, cash_by_name(p->by));
    key(sb, "account", false);
    if (p->account)
        cash_json_string(sb, p->account);
    else
        LIT(sb, "null");
    money(sb, "opening_balance", p->opening);
    money(sb, "minimum_balance", p->minimum);
    key(sb, "periods", false);
    strbuf_append_char(sb, '[');
    for (int i = 0; i < p->nperiods; i++) {
        if (i)
            strbuf_append_char(sb, ',');
        period(sb, &p->periods[i]);
    }
    LIT(sb, "],");
    key(sb, "items", true);
    strbuf_append_char(sb, '[');
    bool first = true;
    for (int i = 0; i < fs->n; i++) {
        if (fs->v[i].date < p->from || fs->v[i].date > p->to)
            continue;
        if (!first)
            strbuf_append_char(sb, ',');
        first = false;
        item(sb, &fs->v[i]);
    }
    LIT(sb, "],");
    key(sb, "low_point", true);
    low_point(sb, p);
    strbuf_append_char(sb, '}');
}
