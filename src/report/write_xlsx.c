/* write_xlsx.c: the Excel writer through libxlsxwriter: a "Summary" sheet (title, authority,
 * period, key figures, notes), then one sheet per table. Amounts are numbers in pounds with a
 * £ number format, rates and shares are fractions with a % format (6.3722% is 0.063722), dates
 * are real Excel dates shown dd/mm/yyyy, days and counts are numbers. Each table sheet has its
 * title on row 1, the authority and date on row 2, the column headings on row 4, frozen, and
 * columns wide enough for their contents. Printing is set to A4, fit to one page wide. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "report/writer.h"
#include "util/err.h"

#define HEADER_ROW 3

struct xfmt {
    lxw_format *title, *bold, *head, *head_num, *money, *rate, *date, *num2, *count, *percent;
    lxw_format *t_text, *t_money, *t_rate, *t_date, *t_num2, *t_count, *t_percent; /* totals */
};

static lxw_format *num_format(lxw_workbook *wb, const char *code, bool bold)
{
    lxw_format *f = workbook_add_format(wb);
    if (code)
        format_set_num_format(f, code);
    if (bold) {
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
    }
    return f;
}

static void make_formats(lxw_workbook *wb, struct xfmt *x)
{
    x->title = workbook_add_format(wb);
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    x->bold = workbook_add_format(wb);
    format_set_bold(x->bold);
    x->head = workbook_add_format(wb);
    format_set_bold(x->head);
    format_set_bg_color(x->head, 0xE8EEF7);
    format_set_bottom(x->head, LXW_BORDER_THIN);
    x->head_num = workbook_add_format(wb);
    format_set_bold(x->head_num);
    format_set_bg_color(x->head_num, 0xE8EEF7);
    format_set_bottom(x->head_num, LXW_BORDER_THIN);
    format_set_align(x->head_num, LXW_ALIGN_RIGHT);
    static const char *const money = "\"\xC2\xA3\"#,##0.00;-\"\xC2\xA3\"#,##0.00";
    x->money = num_format(wb, money, false);
    x->rate = num_format(wb, "0.0000%", false);
    x->date = num_format(wb, "dd/mm/yyyy", false);
    x->num2 = num_format(wb, "0.00", false);
    x->count = num_format(wb, "0", false);
    x->percent = num_format(wb, "0.00%", false);
    x->t_text = num_format(wb, NULL, true);
    x->t_money = num_format(wb, money, true);
    x->t_rate = num_format(wb, "0.0000%", true);
    x->t_date = num_format(wb, "dd/mm/yyyy", true);
    x->t_num2 = num_format(wb, "0.00", true);
    x->t_count = num_format(wb, "0", true);
    x->t_percent = num_format(wb, "0.00%", true);
}

/* Write one typed value; returns the width it needs in characters. */
static int write_value(lxw_worksheet *ws, int row, int col, const struct rvalue *v,
                       const struct xfmt *x, bool total)
{
    char buf[RV_BUFSZ];
    if (v->null) {
        if (total)
            worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, x->t_text);
        return 1;
    }
    int y, m, d;
    switch (v->type) {
    case RT_TEXT:
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, v->v.text, total ? x->t_text : NULL);
        return (int)strlen(v->v.text);
    case RT_MONEY:
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, scaled_to_double(v->v.money, 2),
                               total ? x->t_money : x->money);
        break;
    case RT_RATE:
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col,
                               scaled_to_double(v->v.rate, 8), /* a fraction: 6.3722% is 0.063722 */
                               total ? x->t_rate : x->rate);
        break;
    case RT_DATE: {
        date_to_ymd(v->v.date, &y, &m, &d);
        lxw_datetime dt = {.year = y, .month = m, .day = d};
        worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, total ? x->t_date : x->date);
        return 10;
    }
    case RT_DAYS:
    case RT_NUMBER:
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v->v.num, total ? x->t_num2 : x->num2);
        break;
    case RT_PERCENT:
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, scaled_to_double(llround(v->v.num * 100), 4),
                               total ? x->t_percent : x->percent);
        break;
    case RT_COUNT:
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, (double)v->v.count,
                               total ? x->t_count : x->count);
        break;
    }
    return (int)strlen(rv_human(v, buf));
}

/* A sheet name from a title: at most 31 characters, none of []:*?/\, unique in the workbook. */
static void sheet_name(lxw_workbook *wb, const char *title, char *out, size_t outsz)
{
    char base[32];
    size_t n = 0;
    for (const char *s = title; *s && n < 31; s++)
        base[n++] = strchr("[]:*?/\\", *s) ? '-' : *s;
    while (n > 0 && ((unsigned char)base[n - 1] & 0xC0) == 0x80)
        n--; /* never cut a UTF-8 character in two */
    if (n > 0 && ((unsigned char)base[n - 1] & 0xC0) == 0xC0)
        n--;
    base[n] = '\0';
    snprintf(out, outsz, "%s", base[0] ? base : "Table");
    for (int k = 2; workbook_get_worksheet_by_name(wb, out) && k < 1000; k++) {
        char cut[32];
        snprintf(cut, sizeof cut, "%.25s", base);
        snprintf(out, outsz, "%s (%d)", cut, k);
    }
}

static void table_sheet(lxw_workbook *wb, const struct report *r, const struct rtable *t,
                        const struct xfmt *x)
{
    char name[64], period[64], line[400];
    sheet_name(wb, t->short_title ? t->short_title : t->title, name, sizeof name);
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, HEADER_ROW, HEADER_ROW);
    worksheet_write_string(ws, 0, 0, t->title, x->title);
    snprintf(line, sizeof line, "%s (%s), %s %s", r->authority_name, r->authority_code,
             r->from != DATE_NONE ? "period" : "as at", report_period_text(r, period));
    worksheet_write_string(ws, 1, 0, line, NULL);
    int *width = xcalloc((unsigned long)(t->ncols + 1), sizeof *width);
    for (int c = 0; c < t->ncols; c++) {
        worksheet_write_string(ws, HEADER_ROW, (lxw_col_t)c, t->cols[c].title,
                               rtype_numeric(t->cols[c].type) ? x->head_num : x->head);
        width[c] = (int)strlen(t->cols[c].title);
    }
    for (int row = 0; row < t->nrows; row++)
        for (int c = 0; c < t->ncols; c++) {
            int w = write_value(ws, HEADER_ROW + 1 + row, c, rtable_cell(t, row, c), x, t->total[row]);
            if (w > width[c])
                width[c] = w;
        }
    for (int c = 0; c < t->ncols; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c] + 3 > 60 ? 60 : width[c] + 3, NULL);
    worksheet_freeze_panes(ws, HEADER_ROW + 1, 0);
    free(width);
}

static void summary_sheet(lxw_workbook *wb, const struct report *r, const struct xfmt *x)
{
    char period[64], gen[32];
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Summary");
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 48, NULL);
    worksheet_set_column(ws, 1, 1, 22, NULL);
    worksheet_write_string(ws, 0, 0, r->title, x->title);
    worksheet_write_string(ws, 1, 0, r->authority_name, x->bold);
    worksheet_write_string(ws, 1, 1, r->authority_code, NULL);
    worksheet_write_string(ws, 2, 0, r->from != DATE_NONE ? "Period" : "As at", NULL);
    worksheet_write_string(ws, 2, 1, report_period_text(r, period), NULL);
    worksheet_write_string(ws, 3, 0, "Generated by prudent on", NULL);
    worksheet_write_string(ws, 3, 1, report_generated_text(r, gen), NULL);
    int row = 5;
    for (int i = 0; i < r->nsections; i++) {
        const struct rsection *s = r->sections[i];
        worksheet_write_string(ws, (lxw_row_t)row++, 0, s->heading, x->bold);
        for (int b = 0; b < s->nblocks; b++) {
            const struct rblock *bl = s->blocks[b];
            if (bl->kind == RB_PARA || bl->kind == RB_NOTE)
                worksheet_write_string(ws, (lxw_row_t)row++, 0, bl->text, NULL);
            if (bl->kind == RB_TABLE) {
                worksheet_write_string(ws, (lxw_row_t)row, 0, bl->table->title, NULL);
                worksheet_write_string(ws, (lxw_row_t)row++, 1, "table: see its sheet", NULL);
            }
            for (int k = 0; bl->kind == RB_FIGURES && k < bl->nfigs; k++) {
                worksheet_write_string(ws, (lxw_row_t)row, 0, bl->figs[k].label, NULL);
                write_value(ws, row++, 1, &bl->figs[k].value, x, false);
            }
        }
        row++;
    }
}

int report_write_xlsx(const struct report *r, const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return error("%s: cannot create the workbook", path);
    /* The file's creation time (and its zip entries' times) is the report's "generated" moment,
     * not the clock: the same report gives the same bytes (report reproduce, docs/reports.md). */
    struct tm tm = {0};
    lxw_doc_properties props = {0};
    if (r->generated_at && strptime(r->generated_at, "%Y-%m-%dT%H:%M:%S", &tm))
        props.created = timegm(&tm);
    if (props.created > 0)
        workbook_set_properties(wb, &props);
    struct xfmt x;
    make_formats(wb, &x);
    summary_sheet(wb, r, &x);
    for (int i = 0; i < r->nsections; i++)
        for (int b = 0; b < r->sections[i]->nblocks; b++)
            if (r->sections[i]->blocks[b]->kind == RB_TABLE)
                table_sheet(wb, r, r->sections[i]->blocks[b]->table, &x);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        return error("%s: cannot write the workbook: %s", path, lxw_strerror(e));
    return 0;
}
