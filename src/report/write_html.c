/* write_html.c: the HTML writer: one self-contained file (inline CSS, inline SVG charts, no
 * external resource of any kind) that prints cleanly on A4: @page margins, headings kept with
 * what follows, table rows never split, table headers repeated on each printed page.
 *
 * The output is also well-formed XML (every element closed, text escaped), so both browsers and
 * XML tools (xmllint) read it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/writer.h"
#include "util/err.h"

static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static const char style[] =
    "@page { size: A4 portrait; margin: 16mm 14mm 18mm 14mm; }\n"
    "* { box-sizing: border-box; }\n"
    "body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #1a1a1a;"
    " margin: 0 auto; max-width: 182mm; line-height: 1.35; }\n"
    "header { border-bottom: 2px solid #1d4f91; margin-bottom: 12pt; padding-bottom: 6pt; }\n"
    "h1 { font-size: 18pt; color: #1d4f91; margin: 0 0 4pt 0; }\n"
    "h2 { font-size: 13pt; color: #1d4f91; border-bottom: 1px solid #c9d3e3; margin: 16pt 0 6pt 0;"
    " break-after: avoid; page-break-after: avoid; }\n"
    "p { margin: 4pt 0 6pt 0; }\n"
    ".meta { font-size: 11pt; } .generated { color: #555; font-size: 8.5pt; }\n"
    ".note { border-left: 3px solid #b8860b; background: #fdf8e8; padding: 3pt 6pt; }\n"
    "dl.figures { display: flex; flex-wrap: wrap; gap: 6pt; margin: 6pt 0; break-inside: avoid;"
    " page-break-inside: avoid; }\n"
    "dl.figures div { border: 1px solid #c9d3e3; padding: 4pt 8pt; min-width: 40mm; }\n"
    "dt { font-size: 8.5pt; color: #555; } dd { margin: 0; font-weight: bold; font-size: 11pt; }\n"
    "table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt 0; font-size: 9pt; }\n"
    "caption { text-align: left; font-weight: bold; padding: 2pt 0; caption-side: top; }\n"
    "thead { display: table-header-group; }\n"
    "th { background: #e8eef7; text-align: left; border-bottom: 1px solid #1d4f91; }\n"
    "th, td { padding: 2pt 5pt; vertical-align: top; }\n"
    "td { border-bottom: 1px solid #e3e3e3; }\n"
    "th.num, td.num { text-align: right; white-space: nowrap; }\n"
    "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "tr.total td { font-weight: bold; border-top: 1px solid #1a1a1a; border-bottom: 2px solid #1a1a1a; }\n"
    "td.empty { color: #777; font-style: italic; }\n"
    "td.breach { color: #b00020; font-weight: bold; } td.warning { color: #9a6700; font-weight: bold; }\n"
    "figure { margin: 6pt 0 12pt 0; break-inside: avoid; page-break-inside: avoid; }\n"
    "figcaption { font-weight: bold; font-size: 9pt; margin-bottom: 2pt; }\n"
    "svg { max-width: 100%; height: auto; }\n"
    "section { break-before: auto; }\n"
    "@media print { body { max-width: none; } h2 { margin-top: 10pt; }\n"
    "  section.annex + section.annex { break-before: page; page-break-before: always; } }\n";

static void html_table(FILE *f, const struct rtable *t)
{
    char buf[RV_BUFSZ];
    fprintf(f, "<table id=\"t-");
    esc(f, t->id);
    fputs(t->wrap_heads ? "\" class=\"wrap\">\n<caption>" : "\">\n<caption>", f);
    esc(f, t->title);
    fputs("</caption>\n<thead><tr>", f);
    for (int c = 0; c < t->ncols; c++) {
        fputs(rtype_numeric(t->cols[c].type) ? "<th class=\"num\">" : "<th>", f);
        esc(f, t->cols[c].title);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    if (t->nrows == 0)
        fprintf(f, "<tr><td class=\"empty\" colspan=\"%d\">none</td></tr>\n", t->ncols);
    for (int r = 0; r < t->nrows; r++) {
        fputs(t->total[r] ? "<tr class=\"total\">" : "<tr>", f);
        for (int c = 0; c < t->ncols; c++) {
            const struct rvalue *v0 = rtable_cell(t, r, c);
            bool flag = v0->type == RT_TEXT && !v0->null &&
                        (strcmp(v0->v.text, "breach") == 0 || strcmp(v0->v.text, "warning") == 0);
            if (flag)
                fprintf(f, "<td class=\"%s\">", v0->v.text); /* a status worth the eye */
            else
                fputs(rtype_numeric(t->cols[c].type) ? "<td class=\"num\">" : "<td>", f);
            const struct rvalue *v = rtable_cell(t, r, c);
            esc(f, t->total[r] && v->null ? "" : rv_human(v, buf)); /* totals: blank, not a dash */
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

/* ---- charts: inline SVG ---- */

#define CHART_W 640
static const char *const palette[] = {"#1d4f91", "#3d7cc9", "#6fa8dc", "#2e8b57", "#b8860b",
                                      "#8b3a62", "#5f6b7a", "#c0504d"};

static void svg_text(FILE *f, double x, double y, const char *anchor, const char *extra, const char *s)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"11\"%s>", x, y, anchor,
            extra);
    esc(f, s);
    fputs("</text>\n", f);
}

/* The chart's rows: non-total rows with a label. Returns how many, fills idx. */
static int chart_rows(const struct rchart *ch, int *idx, double *max)
{
    const struct rtable *t = ch->table;
    int n = 0;
    *max = 0;
    for (int r = 0; r < t->nrows; r++) {
        if (t->total[r])
            continue;
        idx[n++] = r;
        double v = rv_number(rtable_cell(t, r, ch->value_col));
        if (v > *max)
            *max = v;
        if (ch->has_marker && !rtable_cell(t, r, ch->marker_col)->null) {
            double m = rv_number(rtable_cell(t, r, ch->marker_col));
            if (m > *max)
                *max = m;
        }
    }
    return n;
}

static void bar_chart(FILE *f, const struct rchart *ch, const int *idx, int n, double max)
{
    const struct rtable *t = ch->table;
    char buf[RV_BUFSZ];
    const double label_w = 250, value_w = 110, bar_h = 16, gap = 6, top = 6;
    const double plot_w = CHART_W - label_w - value_w;
    double h = top + n * (bar_h + gap) + 4;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" "
               "viewBox=\"0 0 %d %.0f\" role=\"img\" font-family=\"Arial, Helvetica, sans-serif\">\n",
            CHART_W, h, CHART_W, h);
    for (int i = 0; i < n; i++) {
        int r = idx[i];
        double y = top + i * (bar_h + gap);
        double v = rv_number(rtable_cell(t, r, ch->value_col));
        double w = max > 0 && v > 0 ? plot_w * v / max : 0;
        char label[56];
        snprintf(label, sizeof label, "%.46s", rv_human(rtable_cell(t, r, ch->label_col), buf));
        svg_text(f, label_w - 6, y + bar_h - 4, "end", "", label);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n",
                label_w, y, w, bar_h, palette[i % 8]);
        double text_x = label_w + w + 4;
        if (ch->has_marker && !rtable_cell(t, r, ch->marker_col)->null && max > 0) {
            double lx = label_w + plot_w * rv_number(rtable_cell(t, r, ch->marker_col)) / max;
            if (lx + 4 > text_x)
                text_x = lx + 4; /* the value after the mark, never over it */
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c0504d\" "
                       "stroke-width=\"2\"/>\n", lx, y - 2, lx, y + bar_h + 2);
        }
        svg_text(f, text_x, y + bar_h - 4, "start", "", rv_human(rtable_cell(t, r, ch->value_col), buf));
    }
    fputs("</svg>\n", f);
}

/* A short label for a column's value: amounts of £1m or more in millions to 1 dp ("£226.6m"),
 * rounded half away from zero in integers; anything else as in the tables. */
static const char *short_value(const struct rvalue *v, char *buf)
{
    if (v->type != RT_MONEY || v->null || v->v.money < 100000000 || v->v.money > INT64_MAX / 2)
        return rv_human(v, buf);
    int64_t tenths = (v->v.money + 5000000) / 10000000; /* tenths of a million pounds */
    snprintf(buf, RV_BUFSZ, "\xC2\xA3%lld.%lldm", (long long)(tenths / 10), (long long)(tenths % 10));
    return buf;
}

static void column_chart(FILE *f, const struct rchart *ch, const int *idx, int n, double max)
{
    const struct rtable *t = ch->table;
    char buf[RV_BUFSZ];
    const double h = 230, top = 20, bottom = 40, left = 10;
    const double plot_h = h - top - bottom;
    double slot = n ? (CHART_W - 2 * left) / n : 0;
    double col_w = slot * 0.6;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" "
               "viewBox=\"0 0 %d %.0f\" role=\"img\" font-family=\"Arial, Helvetica, sans-serif\">\n",
            CHART_W, h, CHART_W, h);
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1a1a1a\"/>\n", left,
            h - bottom, CHART_W - left, h - bottom);
    for (int i = 0; i < n; i++) {
        int r = idx[i];
        double v = rv_number(rtable_cell(t, r, ch->value_col));
        double ch_h = max > 0 && v > 0 ? plot_h * v / max : 0;
        double x = left + i * slot + (slot - col_w) / 2;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", x,
                h - bottom - ch_h, col_w, ch_h, palette[0]);
        svg_text(f, x + col_w / 2, h - bottom - ch_h - 4, "middle", "",
                 short_value(rtable_cell(t, r, ch->value_col), buf));
        char label[32];
        snprintf(label, sizeof label, "%.28s", rv_human(rtable_cell(t, r, ch->label_col), buf));
        svg_text(f, x + col_w / 2, h - bottom + 16, "middle", "", label);
    }
    fputs("</svg>\n", f);
}

/* ---- the stacked chart: columns stacked, lines through other columns, y axis in pounds ---- */

static const char *const stack_fill[] = {"#1d4f91", "#6fa8dc", "#b8860b", "#5f6b7a"};
static const char *const line_stroke[] = {"#c0504d", "#2e8b57", "#1a1a1a", "#8b3a62"};
static const char *const line_dash[] = {"", " stroke-dasharray=\"7 4\"", " stroke-dasharray=\"2 3\"",
                                        " stroke-dasharray=\"10 3 2 3\""};

/* A cell's value in pounds for drawing (0 when null). */
static double cell_pounds(const struct rtable *t, int r, int c)
{
    const struct rvalue *v = rtable_cell(t, r, c);
    return v->null ? 0 : rv_number(v);
}

/* The axis step: 1, 2 or 5 times a power of ten, giving at most five steps up to max. */
static double axis_step(double max)
{
    double raw = max / 5, mag = 1;
    while (mag * 10 <= raw)
        mag *= 10;
    return raw <= mag ? mag : raw <= 2 * mag ? 2 * mag : raw <= 5 * mag ? 5 * mag : 10 * mag;
}

/* "£12m", "£2.5m", "£500k", "£0": an axis label. */
static const char *axis_label(double v, char *buf)
{
    if (v >= 1e6)
        snprintf(buf, RV_BUFSZ, "\xC2\xA3%.4gm", v / 1e6);
    else if (v >= 1e3)
        snprintf(buf, RV_BUFSZ, "\xC2\xA3%.4gk", v / 1e3);
    else
        snprintf(buf, RV_BUFSZ, "\xC2\xA3%.4g", v);
    return buf;
}

/* The largest stack or line point of the chart's rows. */
static double stacked_max(const struct rchart *ch, const int *idx, int n)
{
    double max = 0;
    for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int k = 0; k < ch->nstack; k++)
            sum += cell_pounds(ch->table, idx[i], ch->stack_cols[k]);
        if (sum > max)
            max = sum;
        for (int k = 0; k < ch->nlines; k++)
            if (cell_pounds(ch->table, idx[i], ch->line_cols[k]) > max)
                max = cell_pounds(ch->table, idx[i], ch->line_cols[k]);
    }
    return max;
}

/* One line series: a polyline through the rows with a value (a gap ends it), a mark at each. */
static void stacked_line(FILE *f, const struct rchart *ch, int k, const int *idx, int n, double x0, double slot,
                         double base, double scale)
{
    const struct rtable *t = ch->table;
    int col = ch->line_cols[k];
    bool open = false;
    for (int i = 0; i < n; i++) {
        if (rtable_cell(t, idx[i], col)->null) {
            if (open)
                fputs("\"/>\n", f);
            open = false;
            continue;
        }
        double x = x0 + (i + 0.5) * slot, y = base - cell_pounds(t, idx[i], col) * scale;
        if (!open)
            fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s points=\"", line_stroke[k],
                    line_dash[k]);
        fprintf(f, "%s%.1f,%.1f", open ? " " : "", x, y);
        open = true;
    }
    if (open)
        fputs("\"/>\n", f);
    for (int i = 0; i < n; i++)
        if (!rtable_cell(t, idx[i], col)->null)
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x0 + (i + 0.5) * slot,
                    base - cell_pounds(t, idx[i], col) * scale, line_stroke[k]);
}

/* The legend under the plot: three entries a row. */
static void stacked_legend(FILE *f, const struct rchart *ch, double y0)
{
    const struct rtable *t = ch->table;
    for (int e = 0; e < ch->nstack + ch->nlines; e++) {
        double x = 70 + (e % 3) * 190, y = y0 + (e / 3) * 18;
        if (e < ch->nstack)
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\" fill=\"%s\"/>\n", x, y - 9,
                    stack_fill[e]);
        else
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2.5\"%s/>\n",
                    x - 4, y - 4, x + 18, y - 4, line_stroke[e - ch->nstack], line_dash[e - ch->nstack]);
        int col = e < ch->nstack ? ch->stack_cols[e] : ch->line_cols[e - ch->nstack];
        svg_text(f, x + 22, y, "start", "", t->cols[col].title);
    }
}

static void stacked_chart(FILE *f, const struct rchart *ch, const int *idx, int n)
{
    const struct rtable *t = ch->table;
    char buf[RV_BUFSZ];
    const double left = 62, right = 10, top = 12, plot_h = 220;
    const double base = top + plot_h, slot = (CHART_W - left - right) / n;
    int legend_rows = (ch->nstack + ch->nlines + 2) / 3;
    double h = base + 30 + legend_rows * 18 + 4;
    double max = stacked_max(ch, idx, n), step = axis_step(max > 0 ? max : 1);
    int nsteps = (int)(max / step) + (max > (int)(max / step) * step ? 1 : 0);
    if (nsteps < 1)
        nsteps = 1;
    double scale = plot_h / (nsteps * step);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" "
               "role=\"img\" aria-labelledby=\"c-%s\" font-family=\"Arial, Helvetica, sans-serif\">\n",
            CHART_W, h, CHART_W, h, t->id);
    fprintf(f, "<title id=\"c-%s\">", t->id);
    esc(f, ch->title);
    fputs(" (the figures are in the table below)</title>\n", f);
    for (int k = 0; k <= nsteps; k++) {
        double y = base - k * step * scale;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", left, y,
                CHART_W - right, y, k ? "#e3e3e3" : "#1a1a1a");
        svg_text(f, left - 6, y + 4, "end", "", axis_label(k * step, buf));
    }
    int every = (n + 11) / 12; /* at most twelve year labels */
    for (int i = 0; i < n; i++) {
        double x = left + i * slot + slot * 0.15, w = slot * 0.7, y = base;
        for (int k = 0; k < ch->nstack; k++) {
            double hh = cell_pounds(t, idx[i], ch->stack_cols[k]) * scale;
            if (hh > 0)
                fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>\n", x, y - hh,
                        w, hh, stack_fill[k]);
            y -= hh;
        }
        if (i % every == 0)
            svg_text(f, x + w / 2, base + 16, "middle", "", rv_human(rtable_cell(t, idx[i], ch->label_col), buf));
    }
    for (int k = 0; k < ch->nlines; k++)
        stacked_line(f, ch, k, idx, n, left, slot, base, scale);
    stacked_legend(f, ch, base + 38);
    fputs("</svg>\n", f);
}

static void html_chart(FILE *f, const struct rchart *ch)
{
    int *idx = xmalloc((unsigned long)(ch->table->nrows + 1) * sizeof *idx);
    double max;
    int n = chart_rows(ch, idx, &max);
    fputs("<figure>\n<figcaption>", f);
    esc(f, ch->title);
    fputs("</figcaption>\n", f);
    if (n == 0)
        fputs("<p class=\"note\">nothing to draw</p>\n", f);
    else if (ch->kind == RCHART_BAR)
        bar_chart(f, ch, idx, n, max);
    else if (ch->kind == RCHART_STACKED)
        stacked_chart(f, ch, idx, n);
    else
        column_chart(f, ch, idx, n, max);
    fputs("</figure>\n", f);
    free(idx);
}

static void html_block(FILE *f, const struct rblock *b)
{
    char buf[RV_BUFSZ];
    switch (b->kind) {
    case RB_PARA:
        fputs("<p>", f);
        esc(f, b->text);
        fputs("</p>\n", f);
        break;
    case RB_NOTE:
        fputs("<p class=\"note\">", f);
        esc(f, b->text);
        fputs("</p>\n", f);
        break;
    case RB_FIGURES:
        fputs("<dl class=\"figures\">\n", f);
        for (int i = 0; i < b->nfigs; i++) {
            fputs("<div><dt>", f);
            esc(f, b->figs[i].label);
            fputs("</dt><dd>", f);
            esc(f, rv_human(&b->figs[i].value, buf));
            fputs("</dd></div>\n", f);
        }
        fputs("</dl>\n", f);
        break;
    case RB_TABLE: html_table(f, b->table); break;
    case RB_CHART: html_chart(f, b->chart); break;
    }
}

int report_write_html(const struct report *r, FILE *f)
{
    return report_write_html_styled(r, f, NULL);
}

/* Whether any table of r lets its headings wrap (its rule is then added to the style). */
static bool wraps_heads(const struct report *r)
{
    for (int i = 0; i < r->nsections; i++)
        for (int b = 0; b < r->sections[i]->nblocks; b++)
            if (r->sections[i]->blocks[b]->kind == RB_TABLE && r->sections[i]->blocks[b]->table->wrap_heads)
                return true;
    return false;
}

int report_write_html_styled(const struct report *r, FILE *f, const char *extra_css)
{
    char period[64], gen[32];
    fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", f);
    esc(f, r->title);
    fputs(" - ", f);
    esc(f, r->authority_name);
    fprintf(f, "</title>\n<style>\n%s%s%s</style>\n</head>\n<body>\n<header>\n<h1>", style,
            wraps_heads(r) ? "table.wrap th.num { white-space: normal; }\n" : "", extra_css ? extra_css : "");
    esc(f, r->title);
    fputs("</h1>\n<p class=\"meta\"><strong>", f);
    esc(f, r->authority_name);
    fputs("</strong> (", f);
    esc(f, r->authority_code);
    fputs(r->from != DATE_NONE ? ") &#183; period " : ") &#183; as at ", f);
    esc(f, report_period_text(r, period));
    fputs("</p>\n<p class=\"generated\">Generated by prudent on ", f);
    esc(f, report_generated_text(r, gen));
    fputs("</p>\n</header>\n", f);
    for (int i = 0; i < r->nsections; i++) {
        const struct rsection *s = r->sections[i];
        /* The outturn's annexes (and the quarterly pack's sections) each start a new printed page. */
        fputs(strcmp(r->kind, "outturn") == 0 || strcmp(r->kind, "quarterly") == 0 ? "<section class=\"annex\" id=\"s-" : "<section id=\"s-", f);
        esc(f, s->id);
        fputs("\">\n<h2>", f);
        esc(f, s->heading);
        fputs("</h2>\n", f);
        for (int b = 0; b < s->nblocks; b++)
            html_block(f, s->blocks[b]);
        fputs("</section>\n", f);
    }
    fputs("</body>\n</html>\n", f);
    return ferror(f) ? -1 : 0;
}
