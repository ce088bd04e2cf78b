/* write_csv.c: the CSV writer (RFC 4180: comma separated, CRLF-free "\n" line ends, fields
 * quoted when they hold a comma, quote or line break). Values are plain and machine-readable:
 * 5000000.00, 6.3722, 2018-03-31, 25.00.
 *
 * Two forms (docs/reports.md): one file per table (report_write_csv_table, used when -o is a
 * directory), or the sectioned single file (report_write_csv): a "report" header line and its
 * values, then blocks separated by an empty line, each starting with a marker line:
 *   table,ID,TITLE       then the column titles, then the rows (totals rows included)
 *   figures,SECTION,HEADING   then "figure,value" and one line per key figure
 *   note,SECTION,TEXT    one line (e.g. "not available: ...")
 *
 * Formula injection (OWASP "CSV injection"): a spreadsheet opening the file runs a cell that
 * starts with =, +, -, @, a tab or a carriage return as a formula (=HYPERLINK(...), +cmd|...).
 * Every text cell that starts so (names of counterparties and authorities, titles, labels,
 * notes) is written with a single quote before it ('=HYPERLINK(...)), which the spreadsheet
 * shows as text. Numeric cells (money, rates, days, percentages, counts) are written as they are:
 * "-2000.00" is a negative amount, data a spreadsheet must read as a number, and prudent writes
 * those cells itself from numbers, never from text someone typed (docs/hardening.md "Input"). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report/writer.h"
#include "util/err.h"

/* Would a spreadsheet take the text for a formula? */
static bool formula_like(const char *s)
{
    return s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

/* The field as it is, quoted when needed (RFC 4180). */
static void csv_raw(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void csv_field(FILE *f, const char *s)
{
    if (!formula_like(s)) {
        csv_raw(f, s);
        return;
    }
    size_t n = strlen(s);
    char *q = xmalloc(n + 2);
    q[0] = '\'';
    memcpy(q + 1, s, n + 1);
    csv_raw(f, q);
    free(q);
}

/* A value: numbers as they are (a negative amount is data), text neutralised (csv_field). */
static void csv_value(FILE *f, const struct rvalue *v, char buf[RV_BUFSZ])
{
    const char *s = rv_plain(v, buf);
    if (rtype_numeric(v->type))
        csv_raw(f, s);
    else
        csv_field(f, s);
}

static void csv_line(FILE *f, int n, const char *const *fields)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        csv_field(f, fields[i]);
    }
    fputc('\n', f);
}

int report_write_csv_table(const struct rtable *t, FILE *f)
{
    char buf[RV_BUFSZ];
    for (int c = 0; c < t->ncols; c++) {
        if (c)
            fputc(',', f);
        csv_field(f, t->cols[c].title);
    }
    fputc('\n', f);
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            if (c)
                fputc(',', f);
            csv_value(f, rtable_cell(t, r, c), buf);
        }
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

int report_write_csv_figures(const struct report *r, FILE *f)
{
    char buf[RV_BUFSZ];
    fputs("section,figure,value\n", f);
    for (int i = 0; i < r->nsections; i++) {
        const struct rsection *s = r->sections[i];
        for (int b = 0; b < s->nblocks; b++) {
            const struct rblock *bl = s->blocks[b];
            for (int k = 0; bl->kind == RB_FIGURES && k < bl->nfigs; k++) {
                csv_field(f, s->id);
                fputc(',', f);
                csv_field(f, bl->figs[k].label);
                fputc(',', f);
                csv_value(f, &bl->figs[k].value, buf);
                fputc('\n', f);
            }
        }
    }
    return ferror(f) ? -1 : 0;
}

static void csv_block(FILE *f, const struct rsection *s, const struct rblock *b)
{
    char buf[RV_BUFSZ];
    switch (b->kind) {
    case RB_TABLE: {
        const char *m[] = {"table", b->table->id, b->table->title};
        csv_line(f, 3, m);
        report_write_csv_table(b->table, f);
        fputc('\n', f);
        break;
    }
    case RB_FIGURES: {
        const char *m[] = {"figures", s->id, s->heading};
        csv_line(f, 3, m);
        fputs("figure,value\n", f);
        for (int k = 0; k < b->nfigs; k++) {
            csv_field(f, b->figs[k].label);
            fputc(',', f);
            csv_value(f, &b->figs[k].value, buf);
            fputc('\n', f);
        }
        fputc('\n', f);
        break;
    }
    case RB_NOTE: {
        const char *m[] = {"note", s->id, b->text};
        csv_line(f, 3, m);
        fputc('\n', f);
        break;
    }
    case RB_PARA:
    case RB_CHART: break; /* prose and drawings have no place in a data file */
    }
}

int report_write_csv(const struct report *r, FILE *f)
{
    char a[DATE_BUFSZ], b[DATE_BUFSZ], c[DATE_BUFSZ];
    fputs("report,title,authority_code,authority_name,as_of,from,to,generated_at\n", f);
    const char *head[] = {r->kind,
                          r->title,
                          r->authority_code,
                          r->authority_name,
                          r->as_of == DATE_NONE ? "" : date_format_iso(r->as_of, a),
                          r->from == DATE_NONE ? "" : date_format_iso(r->from, b),
                          r->to == DATE_NONE ? "" : date_format_iso(r->to, c),
                          r->generated_at};
    csv_line(f, 8, head);
    fputc('\n', f);
    for (int i = 0; i < r->nsections; i++)
        for (int k = 0; k < r->sections[i]->nblocks; k++)
            csv_block(f, r->sections[i], r->sections[i]->blocks[k]);
    return ferror(f) ? -1 : 0;
}
