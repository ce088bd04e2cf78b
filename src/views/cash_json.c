/* cash_json.c: the cash-flow forecast's document written straight to text (see cash_json.h). */
#include "views/cash_json.h"

#include "util/json_out.h"

#include <stdio.h>
#include <string.h>

/* Keys are written as literals with their quotes, the colon after them and what comes before
 * them (the comma, or the object's brace): none needs escaping. KEY(sb, ",\"net\"") appends
 * ,"net": */
#define KEY(sb, k) JSON_OUT_LIT((sb), k ":")

/* A date as json_add_date gives it: the ISO string, or null for DATE_NONE. The last one formatted
 * is remembered (per thread): the items come in date order and a day's period starts and ends on
 * the same day. */
static void date(struct strbuf *sb, date_t d)
{
    static _Thread_local date_t last = DATE_NONE;
    static _Thread_local char text[DATE_BUFSZ];
    if (d == DATE_NONE) {
        JSON_OUT_LIT(sb, "null");
        return;
    }
    if (d != last) {
        date_format_iso(d, text);
        last = d;
    }
    JSON_OUT_LIT(sb, "\"");
    json_out_bytes(sb, text, strlen(text));
    JSON_OUT_LIT(sb, "\"");
}

static void period(struct strbuf *sb, const struct cash_period *p)
{
    KEY(sb, "{\"start\"");
    date(sb, p->start);
    KEY(sb, ",\"end\"");
    date(sb, p->end);
    KEY(sb, ",\"receipts\"");
    json_out_money(sb, p->receipts);
    KEY(sb, ",\"payments\"");
    json_out_money(sb, p->payments);
    KEY(sb, ",\"net\"");
    json_out_money(sb, p->net);
    KEY(sb, ",\"closing_balance\"");
    json_out_money(sb, p->closing);
    if (p->below_minimum)
        JSON_OUT_LIT(sb, ",\"below_minimum\":true}");
    else
        JSON_OUT_LIT(sb, ",\"below_minimum\":false}");
}

static void item(struct strbuf *sb, const struct cash_flow *fl)
{
    KEY(sb, "{\"date\"");
    date(sb, fl->date);
    KEY(sb, ",\"source\"");
    json_out_string(sb, cash_source_name(fl->source));
    KEY(sb, ",\"ref\"");
    json_out_string(sb, fl->ref);
    KEY(sb, ",\"account\"");
    json_out_string(sb, fl->account);
    KEY(sb, ",\"description\"");
    json_out_string(sb, fl->description);
    KEY(sb, ",\"amount\"");
    json_out_money(sb, fl->amount);
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
    json_out_money(sb, p->opening);
    KEY(sb, ",\"minimum_balance\"");
    json_out_money(sb, p->minimum);
    KEY(sb, ",\"lowest_balance\"");
    json_out_money(sb, low->lowest);
    KEY(sb, ",\"lowest_date\"");
    date(sb, low->lowest_date);
    /* whole numbers as cJSON prints them */
    strbuf_appendf(sb, ",\"days_below_minimum\":%d,\"days_covered\":%d", low->days_below, low->days_covered);
    KEY(sb, ",\"shortfall\"");
    json_out_money(sb, low->shortfall);
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
    json_out_string(sb, cash_by_name(p->by));
    KEY(sb, ",\"account\"");
    if (p->account)
        json_out_string(sb, p->account);
    else
        JSON_OUT_LIT(sb, "null");
    KEY(sb, ",\"opening_balance\"");
    json_out_money(sb, p->opening);
    KEY(sb, ",\"minimum_balance\"");
    json_out_money(sb, p->minimum);
    JSON_OUT_LIT(sb, ",\"periods\":[");
    for (int i = 0; i < p->nperiods; i++) {
        if (i)
            strbuf_append_char(sb, ',');
        period(sb, &p->periods[i]);
    }
    JSON_OUT_LIT(sb, "],\"items\":[");
    bool first = true;
    for (int i = 0; i < fs->n; i++) {
        if (fs->v[i].date < p->from || fs->v[i].date > p->to)
            continue;
        if (!first)
            strbuf_append_char(sb, ',');
        first = false;
        item(sb, &fs->v[i]);
    }
    JSON_OUT_LIT(sb, "],\"low_point\":");
    low_point(sb, p);
    strbuf_append_char(sb, '}');
}
