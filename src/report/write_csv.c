/* write_csv.c: the CSV writer (RFC 4180: comma separated, CRLF-free "\n" line ends, fields
 * quoted when they hold a comma, quote or line break). Values are plain and machine-readable:
 * 5000000.00, 6.3722, 2018-03-31, 25.00.
 *
 * Two forms (docs/reports.md): one file per table (report_write_csv_table, used when -o is a
 * directory), or the sectioned single file (report_write_csv): a "report" header line and its
 * values, then blocks separated by an empty line, each starting with a marker line:
 *   table,ID,TITLE       then the column titles, then the rows (totals rows included)
 *   figures,SECTION,HEADING   then "figure,value" and one line per key figure
 *   note,SECTION,TEXT    one line (e.g. "not available: ...") */
#include <string.h>

#include "report/writer.h"

void csv_field(FILE *f, const char *s)
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
            csv_field(f, rv_plain(rtable_cell(t, r, c), buf));
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
                const char *row[] = {s->id, bl->figs[k].label, rv_plain(&bl->figs[k].value, buf)};
                csv_line(f, 3, row);
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
            const char *row[] = {b->figs[k].label, rv_plain(&b->figs[k].value, buf)};
            csv_line(f, 2, row);
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
