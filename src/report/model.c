/* model.c: building, freeing and formatting the report model (see model.h). */
#include "report/model.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

struct rvalue rv_text(const char *s)
{
    struct rvalue v = {.type = RT_TEXT, .null = s == NULL};
    v.v.text = s ? xstrdup(s) : NULL;
    return v;
}

struct rvalue rv_money(money_t m)
{
    return (struct rvalue){.type = RT_MONEY, .v.money = m};
}

struct rvalue rv_rate(rate_t r)
{
    return (struct rvalue){.type = RT_RATE, .v.rate = r};
}

struct rvalue rv_date(date_t d)
{
    return (struct rvalue){.type = RT_DATE, .null = d == DATE_NONE, .v.date = d};
}

struct rvalue rv_days(double d)
{
    return (struct rvalue){.type = RT_DAYS, .v.num = d};
}

struct rvalue rv_percent(double p)
{
    return (struct rvalue){.type = RT_PERCENT, .v.num = p};
}

struct rvalue rv_stat(double x)
{
    return (struct rvalue){.type = RT_NUMBER, .v.num = x};
}

struct rvalue rv_count(int64_t n)
{
    return (struct rvalue){.type = RT_COUNT, .v.count = n};
}

struct rvalue rv_share(int64_t part, int64_t whole)
{
    if (whole == 0)
        return rv_null(RT_PERCENT);
    /* basis points, rounded half away from zero, in exact integer arithmetic */
    __int128 num = (__int128)part * 10000;
    __int128 q = num / whole, rem = num % whole;
    if (rem != 0 && 2 * (rem < 0 ? -rem : rem) >= (whole < 0 ? -(__int128)whole : whole))
        q += ((num < 0) != (whole < 0)) ? -1 : 1;
    return rv_percent(scaled_to_double((int64_t)q, 2));
}

struct rvalue rv_null(enum rtype t)
{
    return (struct rvalue){.type = t, .null = true};
}

void rv_clear(struct rvalue *v)
{
    if (v->type == RT_TEXT) {
        free(v->v.text);
        v->v.text = NULL;
    }
}

const char *rtype_name(enum rtype t)
{
    static const char *const names[] = {"text", "money", "rate", "date", "days", "percent", "count", "number"};
    return names[t];
}

bool rtype_numeric(enum rtype t)
{
    return t != RT_TEXT && t != RT_DATE;
}

/* ---- building ---- */

static void *grow(void *p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return p;
    int n = *cap ? *cap * 2 : 8;
    while (n < need)
        n *= 2;
    *cap = n;
    return xrealloc(p, (unsigned long)n * size);
}

struct report *report_new(const char *kind, const char *title)
{
    struct report *r = xcalloc(1, sizeof *r);
    r->kind = xstrdup(kind);
    r->title = xstrdup(title);
    r->authority_code = xstrdup("");
    r->authority_name = xstrdup("");
    r->generated_at = xstrdup("");
    r->as_of = r->from = r->to = DATE_NONE;
    return r;
}

void report_set_authority(struct report *r, const char *code, const char *name)
{
    free(r->authority_code);
    free(r->authority_name);
    r->authority_code = xstrdup(code);
    r->authority_name = xstrdup(name);
}

void report_set_generated(struct report *r, const char *iso)
{
    free(r->generated_at);
    r->generated_at = xstrdup(iso);
}

static void table_free(struct rtable *t)
{
    for (int i = 0; i < t->nrows * t->ncols; i++)
        rv_clear(&t->cells[i]);
    for (int c = 0; c < t->ncols; c++) {
        free(t->cols[c].key);
        free(t->cols[c].title);
    }
    free(t->cols);
    free(t->cells);
    free(t->total);
    free(t->id);
    free(t->title);
    free(t->short_title);
    free(t);
}

static void block_free(struct rblock *b)
{
    free(b->text);
    for (int i = 0; i < b->nfigs; i++) {
        free(b->figs[i].label);
        rv_clear(&b->figs[i].value);
    }
    free(b->figs);
    if (b->table)
        table_free(b->table);
    if (b->chart) {
        free(b->chart->title);
        free(b->chart);
    }
    free(b);
}

void report_free(struct report *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->nsections; i++) {
        struct rsection *s = r->sections[i];
        for (int b = 0; b < s->nblocks; b++)
            block_free(s->blocks[b]);
        free(s->blocks);
        free(s->id);
        free(s->heading);
        free(s);
    }
    for (int i = 0; i < r->nunavailable; i++)
        free(r->unavailable[i]);
    free(r->unavailable);
    free(r->sections);
    free(r->kind);
    free(r->title);
    free(r->authority_code);
    free(r->authority_name);
    free(r->generated_at);
    free(r);
}

struct rsection *report_section(struct report *r, const char *id, const char *heading)
{
    struct rsection *s = xcalloc(1, sizeof *s);
    s->id = xstrdup(id);
    s->heading = xstrdup(heading);
    r->sections = grow(r->sections, &r->cap, r->nsections + 1, sizeof *r->sections);
    r->sections[r->nsections++] = s;
    return s;
}

static struct rblock *add_block(struct rsection *s, enum rblock_kind kind)
{
    struct rblock *b = xcalloc(1, sizeof *b);
    b->kind = kind;
    s->blocks = grow(s->blocks, &s->cap, s->nblocks + 1, sizeof *s->blocks);
    s->blocks[s->nblocks++] = b;
    return b;
}

static char *vformat(const char *fmt, va_list ap)
{
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0) {
        fprintf(stderr, "prudent: out of memory\n");
        abort();
    }
    return text;
}

void section_para(struct rsection *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_block(s, RB_PARA)->text = vformat(fmt, ap);
    va_end(ap);
}

void section_note(struct rsection *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_block(s, RB_NOTE)->text = vformat(fmt, ap);
    va_end(ap);
}

void report_unavailable(struct report *r, struct rsection *s, const char *what, const char *why)
{
    section_note(s, "not available: %s (%s)", what, why);
    for (int i = 0; i < r->nunavailable; i++)
        if (strcmp(r->unavailable[i], what) == 0)
            return;
    r->unavailable = xrealloc(r->unavailable, (unsigned long)(r->nunavailable + 1) * sizeof(char *));
    r->unavailable[r->nunavailable++] = xstrdup(what);
}

void section_figure(struct rsection *s, const char *label, struct rvalue v)
{
    struct rblock *b = s->nblocks ? s->blocks[s->nblocks - 1] : NULL;
    if (!b || b->kind != RB_FIGURES)
        b = add_block(s, RB_FIGURES);
    b->figs = xrealloc(b->figs, (unsigned long)(b->nfigs + 1) * sizeof *b->figs);
    b->figs[b->nfigs].label = xstrdup(label);
    b->figs[b->nfigs].value = v;
    b->nfigs++;
}

struct rtable *section_table(struct rsection *s, const char *id, const char *title)
{
    struct rtable *t = xcalloc(1, sizeof *t);
    t->id = xstrdup(id);
    t->title = xstrdup(title);
    add_block(s, RB_TABLE)->table = t;
    return t;
}

void rtable_col(struct rtable *t, const char *key, const char *title, enum rtype type)
{
    assert(t->nrows == 0);
    t->cols = xrealloc(t->cols, (unsigned long)(t->ncols + 1) * sizeof *t->cols);
    t->cols[t->ncols++] = (struct rcol){.key = xstrdup(key), .title = xstrdup(title), .type = type};
}

void rtable_short_title(struct rtable *t, const char *short_title)
{
    free(t->short_title);
    t->short_title = xstrdup(short_title);
}

int rtable_row(struct rtable *t, bool total)
{
    if (t->nrows + 1 > t->cap) {
        int n = t->cap ? t->cap * 2 : 8;
        t->cells = xrealloc(t->cells, (unsigned long)n * (unsigned long)t->ncols * sizeof *t->cells);
        t->total = xrealloc(t->total, (unsigned long)n * sizeof *t->total);
        t->cap = n;
    }
    int r = t->nrows++;
    for (int c = 0; c < t->ncols; c++)
        t->cells[r * t->ncols + c] = rv_null(t->cols[c].type);
    t->total[r] = total;
    return r;
}

void rtable_set(struct rtable *t, int row, int col, struct rvalue v)
{
    assert(row >= 0 && row < t->nrows && col >= 0 && col < t->ncols);
    assert(v.type == t->cols[col].type);
    struct rvalue *cell = &t->cells[row * t->ncols + col];
    rv_clear(cell);
    *cell = v;
}

const struct rvalue *rtable_cell(const struct rtable *t, int row, int col)
{
    return &t->cells[row * t->ncols + col];
}

int rtable_col_index(const struct rtable *t, const char *key)
{
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c].key, key) == 0)
            return c;
    return -1;
}

struct rchart *section_chart(struct rsection *s, enum rchart_kind kind, const char *title,
                             const struct rtable *t, int label_col, int value_col)
{
    struct rchart *ch = xcalloc(1, sizeof *ch);
    ch->kind = kind;
    ch->title = xstrdup(title);
    ch->table = t;
    ch->label_col = label_col;
    ch->value_col = value_col;
    add_block(s, RB_CHART)->chart = ch;
    return ch;
}

struct rchart *section_chart_stacked(struct rsection *s, const char *title, const struct rtable *t, int label_col,
                                     const int *stack, int nstack, const int *lines, int nlines)
{
    struct rchart *ch = section_chart(s, RCHART_STACKED, title, t, label_col, stack[0]);
    ch->nstack = nstack < RCHART_MAX_SERIES ? nstack : RCHART_MAX_SERIES;
    ch->nlines = nlines < RCHART_MAX_SERIES ? nlines : RCHART_MAX_SERIES;
    memcpy(ch->stack_cols, stack, (size_t)ch->nstack * sizeof *stack);
    memcpy(ch->line_cols, lines, (size_t)ch->nlines * sizeof *lines);
    return ch;
}

/* ---- formatting ---- */

static const char *fmt_num(double x, char *buf)
{
    snprintf(buf, RV_BUFSZ, "%.2f", x == 0 ? 0.0 : x); /* no "-0.00" */
    return buf;
}

const char *rv_human(const struct rvalue *v, char *buf)
{
    if (v->null)
        return v->type == RT_TEXT ? "" : "-";
    switch (v->type) {
    case RT_TEXT: return v->v.text;
    case RT_MONEY: return money_format(v->v.money, MONEY_GROUPED | MONEY_POUND, buf);
    case RT_RATE: rate_format(v->v.rate, 4, buf); strcat(buf, "%"); return buf;
    case RT_DATE: return date_format_uk(v->v.date, buf);
    case RT_DAYS:
    case RT_NUMBER: return fmt_num(v->v.num, buf);
    case RT_PERCENT: fmt_num(v->v.num, buf); strcat(buf, "%"); return buf;
    case RT_COUNT: snprintf(buf, RV_BUFSZ, "%lld", (long long)v->v.count); return buf;
    }
    return "";
}

const char *rv_plain(const struct rvalue *v, char *buf)
{
    if (v->null)
        return "";
    switch (v->type) {
    case RT_TEXT: return v->v.text;
    case RT_MONEY: return money_format(v->v.money, MONEY_PLAIN, buf);
    case RT_RATE: return rate_format(v->v.rate, 4, buf);
    case RT_DATE: return date_format_iso(v->v.date, buf);
    case RT_DAYS:
    case RT_NUMBER:
    case RT_PERCENT: return fmt_num(v->v.num, buf);
    case RT_COUNT: snprintf(buf, RV_BUFSZ, "%lld", (long long)v->v.count); return buf;
    }
    return "";
}

double scaled_to_double(int64_t n, int decimals)
{
    char text[40];
    snprintf(text, sizeof text, "%llde-%d", (long long)n, decimals);
    return strtod(text, NULL); /* correctly rounded: the nearest double to n * 10^-decimals */
}

double rv_number(const struct rvalue *v)
{
    if (v->null)
        return 0;
    switch (v->type) {
    case RT_MONEY: return scaled_to_double(v->v.money, 2);
    case RT_RATE: return scaled_to_double(v->v.rate, 6);
    case RT_DATE: return (double)v->v.date;
    case RT_DAYS:
    case RT_NUMBER:
    case RT_PERCENT: return v->v.num;
    case RT_COUNT: return (double)v->v.count;
    case RT_TEXT: return 0;
    }
    return 0;
}

const char *report_period_text(const struct report *r, char *buf)
{
    char a[DATE_BUFSZ], b[DATE_BUFSZ];
    if (r->from != DATE_NONE && r->to != DATE_NONE)
        snprintf(buf, 64, "%s to %s", date_format_uk(r->from, a), date_format_uk(r->to, b));
    else if (r->as_of != DATE_NONE)
        snprintf(buf, 64, "%s", date_format_uk(r->as_of, a));
    else
        buf[0] = '\0';
    return buf;
}

const char *report_generated_text(const struct report *r, char *buf)
{
    int y, mo, d, h, mi;
    if (sscanf(r->generated_at, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) == 5)
        snprintf(buf, 32, "%02d/%02d/%04d %02d:%02d UTC", d, mo, y, h, mi);
    else
        snprintf(buf, 32, "%.31s", r->generated_at);
    return buf;
}
