/* model.h: the report model every writer renders (md, html, csv, xlsx, json).
 *
 * A report is a title, an authority, a date or period and a "generated" line, made of sections.
 * A section is an ordered list of blocks: paragraphs, notes ("not available: ..."), key figures,
 * tables and charts. A table has typed columns holding exact values (money_t, rate_t, date_t;
 * days and percentages as numbers already rounded to 2 dp; counts) and may end with totals rows.
 * A chart draws one value column of a table against its label column (a stacked chart: several
 * columns stacked, several more as lines).
 *
 * The model holds figures, never computes them: builders (report/build.c) fill it from the views'
 * JSON documents. Ownership: the report owns everything reachable from it; strings passed in are
 * copied. report_free releases it all. Nothing here does I/O. */
#ifndef PRUDENT_REPORT_MODEL_H
#define PRUDENT_REPORT_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/money.h"
#include "core/rate.h"

enum rtype {
    RT_TEXT,
    RT_MONEY,   /* money_t pence */
    RT_RATE,    /* rate_t, shown to 4 dp */
    RT_DATE,    /* date_t */
    RT_DAYS,    /* double, already rounded to 2 dp */
    RT_PERCENT, /* double share in percent (8.42 means 8.42%), already rounded to 2 dp */
    RT_COUNT,   /* int64 */
    RT_NUMBER,  /* double, already rounded to 2 dp: a statistic such as a credit score */
};

struct rvalue {
    enum rtype type;
    bool null; /* an empty cell (a dash in md/html, empty in csv, null in json) */
    union {
        char *text; /* owned by whatever holds the value once stored */
        money_t money;
        rate_t rate;
        date_t date;
        double num;
        int64_t count;
    } v;
};

/* Value constructors. rv_text copies s (NULL gives a null text value). */
struct rvalue rv_text(const char *s);
struct rvalue rv_money(money_t m);
struct rvalue rv_rate(rate_t r);
struct rvalue rv_date(date_t d); /* DATE_NONE gives a null date */
struct rvalue rv_days(double d);
struct rvalue rv_percent(double p);
struct rvalue rv_count(int64_t n);
struct rvalue rv_stat(double x);
struct rvalue rv_null(enum rtype t);
/* part as a percentage of whole, to 2 dp, computed exactly (null when whole is 0). */
struct rvalue rv_share(int64_t part, int64_t whole);
void rv_clear(struct rvalue *v); /* frees a text value's string */
const char *rtype_name(enum rtype t); /* "text", "money", "rate", "date", "days", "percent", "count" */

struct rcol {
    char *key;   /* snake_case, used as the JSON field and CSV-safe name */
    char *title; /* the column heading */
    enum rtype type;
};

struct rtable {
    char *id;    /* short slug: CSV file name, JSON id, xlsx sheet name source */
    char *title; /* the caption */
    char *short_title; /* for a spreadsheet tab (31 characters at most), NULL: the title */
    int ncols;
    struct rcol *cols;
    int nrows, cap;
    struct rvalue *cells; /* nrows * ncols, row major */
    bool *total;          /* per row: a totals row (bold, excluded from charts) */
    bool wrap_heads;      /* headings may wrap (a wide table of many amounts); false: kept on one line */
};

/* horizontal bars, vertical columns; stacked: columns stacking stack_cols with lines through
 * line_cols (the liability benchmark chart), each row a point on the x axis */
enum rchart_kind { RCHART_BAR, RCHART_COLUMN, RCHART_STACKED };
#define RCHART_MAX_SERIES 4

struct rchart {
    enum rchart_kind kind;
    char *title;
    const struct rtable *table; /* owned by the same report */
    int label_col, value_col;   /* value_col is money, percent, days or count */
    bool has_marker;             /* draw a marker at marker_col's value on each bar */
    int marker_col;
    int nstack, stack_cols[RCHART_MAX_SERIES]; /* RCHART_STACKED: money columns stacked as bars */
    int nlines, line_cols[RCHART_MAX_SERIES];  /* and money columns drawn as lines (null: no point) */
};

struct rfigure {
    char *label;
    struct rvalue value;
};

enum rblock_kind { RB_PARA, RB_NOTE, RB_FIGURES, RB_TABLE, RB_CHART };

struct rblock {
    enum rblock_kind kind;
    char *text;             /* RB_PARA, RB_NOTE */
    struct rfigure *figs;   /* RB_FIGURES */
    int nfigs;
    struct rtable *table;   /* RB_TABLE */
    struct rchart *chart;   /* RB_CHART */
};

struct rsection {
    char *id;
    char *heading;
    int nblocks, cap;
    struct rblock **blocks;
};

struct report {
    char *kind;           /* "pi", "portfolio", "outturn" */
    char *title;          /* "Prudential indicators report" */
    char *authority_code;
    char *authority_name;
    date_t as_of;         /* DATE_NONE when the report covers a period only */
    date_t from, to;      /* the period, DATE_NONE when none */
    char *generated_at;   /* ISO 8601 UTC, e.g. "2018-04-03T09:00:00Z" */
    int nsections, cap;
    struct rsection **sections;
    int nunavailable;
    char **unavailable;   /* what was left out: "maturing debt (view maturing)" */
};

struct report *report_new(const char *kind, const char *title);
void report_free(struct report *r);
void report_set_authority(struct report *r, const char *code, const char *name);
void report_set_generated(struct report *r, const char *iso);

struct rsection *report_section(struct report *r, const char *id, const char *heading);
void section_para(struct rsection *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void section_note(struct rsection *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Record in the report, and note in the section, that `what` is not available and why. */
void report_unavailable(struct report *r, struct rsection *s, const char *what, const char *why);
/* Add a key figure (appended to the section's last block when that is a figures block). */
void section_figure(struct rsection *s, const char *label, struct rvalue v);
/* A new empty table; add columns with rtable_col before any row. */
struct rtable *section_table(struct rsection *s, const char *id, const char *title);
void rtable_col(struct rtable *t, const char *key, const char *title, enum rtype type);
void rtable_short_title(struct rtable *t, const char *short_title);
/* Append a row of null cells; returns its index. */
int rtable_row(struct rtable *t, bool total);
/* Store v in a cell (takes ownership of a text value). The value's type must be the column's. */
void rtable_set(struct rtable *t, int row, int col, struct rvalue v);
const struct rvalue *rtable_cell(const struct rtable *t, int row, int col);
int rtable_col_index(const struct rtable *t, const char *key); /* -1 when absent */
struct rchart *section_chart(struct rsection *s, enum rchart_kind kind, const char *title,
                             const struct rtable *t, int label_col, int value_col);

/* A stacked chart (RCHART_STACKED) of t: stack[0..nstack-1] stacked, lines[0..nlines-1] as lines
 * (at most RCHART_MAX_SERIES each), one point per row labelled by label_col. */
struct rchart *section_chart_stacked(struct rsection *s, const char *title, const struct rtable *t, int label_col,
                                     const int *stack, int nstack, const int *lines, int nlines);

/* Formatting of values, shared by the writers. buf must hold RV_BUFSZ bytes; returns buf (or the
 * text itself for RT_TEXT). Human: £5,000,000.00, 31/03/2018, 6.3722%, 25.00, 8.42%, 3.
 * Plain (csv, json): 5000000.00, 2018-03-31, 6.3722, 25.00, 8.42, 3. Null: "" (plain) or "-". */
#define RV_BUFSZ 64
const char *rv_human(const struct rvalue *v, char *buf);
const char *rv_plain(const struct rvalue *v, char *buf);
/* True for types drawn right-aligned (numbers). */
bool rtype_numeric(enum rtype t);
/* The value as a number for charts and spreadsheets, which hold binary floating point: pounds,
 * percent, days, count. Never used for arithmetic on amounts: a presentation of exact values. */
double rv_number(const struct rvalue *v);
/* The nearest double to n * 10^-decimals (through strtod, correctly rounded). */
double scaled_to_double(int64_t n, int decimals);
/* "31/03/2018", or "01/04/2017 to 31/03/2018": the report's date line. buf >= 64 bytes. */
const char *report_period_text(const struct report *r, char *buf);
/* "03/04/2018 09:00 UTC" from generated_at. buf >= 32 bytes. */
const char *report_generated_text(const struct report *r, char *buf);

#endif
