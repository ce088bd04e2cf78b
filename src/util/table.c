/* table.c: column-aligned text tables (see table.h). */
#include "util/table.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

struct table {
    int ncols, nrows, cap;
    char **cells; /* nrows+1 rows (header first) of ncols cells */
    bool right[32];
};

static size_t width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static void push_row(struct table *t, const char *const *cells)
{
    if (t->nrows + 1 >= t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = xrealloc(t->cells, sizeof(char *) * (unsigned long)(t->cap * t->ncols));
    }
    for (int i = 0; i < t->ncols; i++)
        t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
    t->nrows++;
}

struct table *table_new(int ncols, ...)
{
    struct table *t = xcalloc(1, sizeof *t);
    t->ncols = ncols > 32 ? 32 : ncols;
    const char *hdr[32];
    va_list ap;
    va_start(ap, ncols);
    for (int i = 0; i < t->ncols; i++)
        hdr[i] = va_arg(ap, const char *);
    va_end(ap);
    push_row(t, hdr);
    return t;
}

void table_align_right(struct table *t, int col)
{
    if (col >= 0 && col < t->ncols)
        t->right[col] = true;
}

void table_row(struct table *t, ...)
{
    const char *cells[32];
    va_list ap;
    va_start(ap, t);
    for (int i = 0; i < t->ncols; i++)
        cells[i] = va_arg(ap, const char *);
    va_end(ap);
    push_row(t, cells);
}

void table_row_v(struct table *t, const char *const *cells)
{
    push_row(t, cells);
}

void table_print(const struct table *t, FILE *f)
{
    size_t w[32] = {0};
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) {
            size_t n = width(t->cells[r * t->ncols + c]);
            if (n > w[c])
                w[c] = n;
        }
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            int pad = (int)(w[c] - width(s));
            if (c)
                fputs("  ", f);
            if (t->right[c])
                fprintf(f, "%*s%s", pad, "", s);
            else if (c == t->ncols - 1)
                fputs(s, f);
            else
                fprintf(f, "%s%*s", s, pad, "");
        }
        fputc('\n', f);
        if (r == 0) {
            for (int c = 0; c < t->ncols; c++) {
                if (c)
                    fputs("  ", f);
                for (size_t i = 0; i < w[c]; i++)
                    fputc('-', f);
            }
            fputc('\n', f);
        }
    }
}

void table_free(struct table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t);
}
