/* write_json.c: the JSON writer: the whole report as one document, in prudent's conventions
 * (money "5000000.00", rates "6.3722", ISO dates, days and percentages as numbers to 2 dp).
 *
 *   {"report", "title", "authority": {"code", "name"}, "as_of", "from", "to", "generated_at",
 *    "not_available": [TEXT],
 *    "sections": [{"id", "heading", "blocks": [
 *        {"type": "paragraph"|"note", "text"},
 *        {"type": "figures", "figures": [{"label", "type", "value"}]},
 *        {"type": "table", "id"},                 (the table itself is under "tables")
 *        {"type": "chart", "kind": "bar"|"column"|"stacked", "title", "table", "label", "value", "marker",
 *         "stack", "lines" (stacked: the columns stacked and drawn as lines)}]}],
 *    "tables": {ID: {"section", "title", "columns": [{"key", "title", "type"}],
 *                    "rows": [{KEY: VALUE}], "totals": [{KEY: VALUE}]}}} */
#include "report/writer.h"
#include "util/json.h"

static void add_value(cJSON *obj, const char *key, const struct rvalue *v)
{
    if (v->null) {
        cJSON_AddNullToObject(obj, key);
        return;
    }
    switch (v->type) {
    case RT_TEXT: cJSON_AddStringToObject(obj, key, v->v.text); break;
    case RT_MONEY: json_add_money(obj, key, v->v.money); break;
    case RT_RATE: json_add_rate(obj, key, v->v.rate); break;
    case RT_DATE: json_add_date(obj, key, v->v.date); break;
    case RT_DAYS:
    case RT_NUMBER:
    case RT_PERCENT: json_add_2dp(obj, key, v->v.num); break;
    case RT_COUNT: cJSON_AddNumberToObject(obj, key, (double)v->v.count); break;
    }
}

static cJSON *table_json(const struct rsection *s, const struct rtable *t)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "section", s->id);
    cJSON_AddStringToObject(o, "title", t->title);
    cJSON *cols = cJSON_AddArrayToObject(o, "columns");
    for (int c = 0; c < t->ncols; c++) {
        cJSON *col = cJSON_CreateObject();
        cJSON_AddStringToObject(col, "key", t->cols[c].key);
        cJSON_AddStringToObject(col, "title", t->cols[c].title);
        cJSON_AddStringToObject(col, "type", rtype_name(t->cols[c].type));
        cJSON_AddItemToArray(cols, col);
    }
    cJSON *rows = cJSON_AddArrayToObject(o, "rows");
    cJSON *totals = cJSON_AddArrayToObject(o, "totals");
    for (int r = 0; r < t->nrows; r++) {
        cJSON *row = cJSON_CreateObject();
        for (int c = 0; c < t->ncols; c++)
            add_value(row, t->cols[c].key, rtable_cell(t, r, c));
        cJSON_AddItemToArray(t->total[r] ? totals : rows, row);
    }
    return o;
}

static cJSON *block_json(const struct rsection *s, const struct rblock *b, cJSON *tables)
{
    cJSON *o = cJSON_CreateObject();
    switch (b->kind) {
    case RB_PARA:
    case RB_NOTE:
        cJSON_AddStringToObject(o, "type", b->kind == RB_PARA ? "paragraph" : "note");
        cJSON_AddStringToObject(o, "text", b->text);
        break;
    case RB_FIGURES: {
        cJSON_AddStringToObject(o, "type", "figures");
        cJSON *figs = cJSON_AddArrayToObject(o, "figures");
        for (int i = 0; i < b->nfigs; i++) {
            cJSON *fig = cJSON_CreateObject();
            cJSON_AddStringToObject(fig, "label", b->figs[i].label);
            cJSON_AddStringToObject(fig, "type", rtype_name(b->figs[i].value.type));
            add_value(fig, "value", &b->figs[i].value);
            cJSON_AddItemToArray(figs, fig);
        }
        break;
    }
    case RB_TABLE:
        cJSON_AddStringToObject(o, "type", "table");
        cJSON_AddStringToObject(o, "id", b->table->id);
        cJSON_AddItemToObject(tables, b->table->id, table_json(s, b->table));
        break;
    case RB_CHART: {
        const struct rchart *ch = b->chart;
        cJSON_AddStringToObject(o, "type", "chart");
        cJSON_AddStringToObject(o, "kind", ch->kind == RCHART_BAR ? "bar" : ch->kind == RCHART_COLUMN ? "column" : "stacked");
        cJSON_AddStringToObject(o, "title", ch->title);
        cJSON_AddStringToObject(o, "table", ch->table->id);
        cJSON_AddStringToObject(o, "label", ch->table->cols[ch->label_col].key);
        cJSON_AddStringToObject(o, "value", ch->table->cols[ch->value_col].key);
        if (ch->has_marker)
            cJSON_AddStringToObject(o, "marker", ch->table->cols[ch->marker_col].key);
        if (ch->kind == RCHART_STACKED) {
            cJSON *st = cJSON_AddArrayToObject(o, "stack"), *ln = cJSON_AddArrayToObject(o, "lines");
            for (int i = 0; i < ch->nstack; i++)
                cJSON_AddItemToArray(st, cJSON_CreateString(ch->table->cols[ch->stack_cols[i]].key));
            for (int i = 0; i < ch->nlines; i++)
                cJSON_AddItemToArray(ln, cJSON_CreateString(ch->table->cols[ch->line_cols[i]].key));
        }
        break;
    }
    }
    return o;
}

cJSON *report_to_json(const struct report *r)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "report", r->kind);
    cJSON_AddStringToObject(doc, "title", r->title);
    cJSON *a = cJSON_AddObjectToObject(doc, "authority");
    cJSON_AddStringToObject(a, "code", r->authority_code);
    cJSON_AddStringToObject(a, "name", r->authority_name);
    json_add_date(doc, "as_of", r->as_of);
    json_add_date(doc, "from", r->from);
    json_add_date(doc, "to", r->to);
    cJSON_AddStringToObject(doc, "generated_at", r->generated_at);
    cJSON *na = cJSON_AddArrayToObject(doc, "not_available");
    for (int i = 0; i < r->nunavailable; i++)
        cJSON_AddItemToArray(na, cJSON_CreateString(r->unavailable[i]));
    cJSON *sections = cJSON_AddArrayToObject(doc, "sections");
    cJSON *tables = cJSON_CreateObject();
    for (int i = 0; i < r->nsections; i++) {
        const struct rsection *s = r->sections[i];
        cJSON *so = cJSON_CreateObject();
        cJSON_AddStringToObject(so, "id", s->id);
        cJSON_AddStringToObject(so, "heading", s->heading);
        cJSON *blocks = cJSON_AddArrayToObject(so, "blocks");
        for (int b = 0; b < s->nblocks; b++)
            cJSON_AddItemToArray(blocks, block_json(s, s->blocks[b], tables));
        cJSON_AddItemToArray(sections, so);
    }
    cJSON_AddItemToObject(doc, "tables", tables);
    return doc;
}

int report_write_json(const struct report *r, FILE *f)
{
    cJSON *doc = report_to_json(r);
    int rc = json_print(f, doc);
    cJSON_Delete(doc);
    return rc || ferror(f) ? -1 : 0;
}
