/* table_spec.c: report tables as data (build_parts.h): the one filler that turns the rows of a
 * view document into a report table by its spec, and the cell functions specs name. The only
 * figures made here are a share of a total and the use of a limit (rv_share: exact integers). */
#include <stdio.h>
#include <string.h>

#include "report/build_parts.h"

static const struct rfill no_fill = {0}; /* a fill of NULL: the spec as it is, every row */

const char *rcol_field(const struct rcolspec *c)
{
    return c->field ? c->field : c->key;
}

struct rtable *rtable_from_spec(struct rsection *s, const struct rtable_spec *spec, const struct rfill *f)
{
    const char *id = f && f->id ? f->id : spec->id;
    const char *title = f && f->title ? f->title : spec->title;
    const char *short_title = f && f->short_title ? f->short_title : spec->short_title;
    struct rtable *t = section_table(s, id, title);
    if (short_title)
        rtable_short_title(t, short_title);
    for (int c = 0; c < spec->ncols; c++)
        rtable_col(t, spec->cols[c].key, spec->cols[c].title, spec->cols[c].type);
    return t;
}

/* Whether the row states field in the JSON kind a column of type t reads: a number for days,
 * percentages, counts and statistics, a string for the rest. */
static bool states(const cJSON *row, const char *field, enum rtype t)
{
    const cJSON *v = rj_field(row, field);
    bool number = t == RT_DAYS || t == RT_PERCENT || t == RT_COUNT || t == RT_NUMBER;
    return number ? cJSON_IsNumber(v) : cJSON_IsString(v);
}

/* One cell: computed by the column's function, else read from its field (or from alt when the
 * row does not state the field). */
static struct rvalue read_cell(const cJSON *row, const struct rcolspec *c, const struct rfill *f)
{
    if (c->cell)
        return c->cell(row, c, f);
    const char *field = rcol_field(c);
    if (c->alt && !states(row, field, c->type))
        field = c->alt;
    return rjv(row, field, c->type);
}

int rtable_add_row(struct rtable *t, const struct rtable_spec *spec, const cJSON *row, const struct rfill *f)
{
    if (!f)
        f = &no_fill;
    int r = rtable_row(t, false);
    for (int c = 0; c < spec->ncols; c++)
        rtable_set(t, r, c, read_cell(row, &spec->cols[c], f));
    return r;
}

/* The sum of a count column over the rows so far (null cells count 0). */
static int64_t column_sum(const struct rtable *t, int col)
{
    int64_t n = 0;
    for (int r = 0; r < t->nrows; r++)
        if (!rtable_cell(t, r, col)->null)
            n += rtable_cell(t, r, col)->v.count;
    return n;
}

/* The totals row: the label, and each column's total field read from f->totals. */
static void add_totals(struct rtable *t, const struct rtable_spec *spec, const struct rfill *f)
{
    int r = rtable_row(t, true);
    rtable_set(t, r, f->total_label_col, rv_text(f->total_label));
    for (int c = 0; c < spec->ncols; c++) {
        const struct rcolspec *col = &spec->cols[c];
        if (!col->total || c == f->total_label_col)
            continue;
        struct rcolspec tc = *col;
        tc.field = col->total;
        tc.alt = NULL;
        struct rvalue v = read_cell(f->totals, &tc, f);
        if (v.null && col->sum && col->type == RT_COUNT)
            v = rv_count(column_sum(t, c)); /* the totals row itself is still null here */
        rtable_set(t, r, c, v);
    }
}

struct rtable *rtable_fill(struct rsection *s, const struct rtable_spec *spec, const cJSON *rows,
                           const struct rfill *f)
{
    if (!f)
        f = &no_fill;
    struct rtable *t = rtable_from_spec(s, spec, f);
    const cJSON *row;
    cJSON_ArrayForEach(row, rows)
    {
        if (!f->keep || f->keep(row, f))
            rtable_add_row(t, spec, row, f);
    }
    if (f->total_label)
        add_totals(t, spec, f);
    return t;
}

/* ---- cell functions ---- */

RCELL(cell_inv_type_name)
{
    (void)c, (void)f;
    return rv_text(row && row->string ? inv_type_title(row->string) : NULL);
}

RCELL(cell_loan_type_name)
{
    (void)c, (void)f;
    return rv_text(row && row->string ? loan_type_title(row->string) : NULL);
}

RCELL(cell_loan_type)
{
    (void)f;
    const char *type = rj_str(row, rcol_field(c));
    return rv_text(type ? loan_type_title(type) : NULL);
}

/* A band's title: a known code ("under_12m", or an indicator's "maturity_structure.under_12m"),
 * else from its months ("60 to 120 months", "120 months and over"), else the code. */
RCELL(cell_band)
{
    (void)f;
    static const char prefix[] = "maturity_structure.";
    const char *code = rj_str(row, rcol_field(c));
    if (!code)
        code = "";
    if (strncmp(code, prefix, sizeof prefix - 1) == 0)
        code += sizeof prefix - 1;
    const char *t = band_title(code);
    double from, to;
    char buf[64];
    if (t == code && rj_num(row, "from_months", &from)) {
        if (rj_num(row, "to_months", &to))
            snprintf(buf, sizeof buf, "%.0f to %.0f months", from, to);
        else
            snprintf(buf, sizeof buf, "%.0f months and over", from);
        return rv_text(buf);
    }
    return rv_text(t);
}

RCELL(cell_indicator)
{
    (void)f;
    char buf[160];
    const char *code = rj_str(row, rcol_field(c));
    return rv_text(code ? indicator_title(code, buf, sizeof buf) : NULL);
}

RCELL(cell_yes_no)
{
    (void)f;
    const cJSON *b = rj_obj(row, rcol_field(c));
    return rv_text(!cJSON_IsBool(b) ? NULL : cJSON_IsTrue(b) ? "yes" : "no");
}

RCELL(cell_share)
{
    money_t part, whole;
    if (!f->whole || !rj_money(f->totals, f->whole, &whole) || !rj_money(row, rcol_field(c), &part))
        return rv_null(RT_PERCENT);
    return rv_share(part, whole);
}

RCELL(cell_used)
{
    (void)f;
    money_t part, limit;
    if (!c->alt || !rj_money(row, rcol_field(c), &part) || !rj_money(row, c->alt, &limit) || limit <= 0)
        return rv_null(RT_PERCENT);
    return rv_share(part, limit);
}
