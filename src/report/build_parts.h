/* build_parts.h: the parts the report builders share (internal to src/report): the build in
 * progress, fetching view documents, reading typed fields of a document, display names, and
 * report tables as data: a table spec (its columns: key, title, type, where each cell comes
 * from) and one filler that turns a JSON array (or object) of rows of a view into a table.
 *
 * Includes go one way: build.h (the public entry points) < build_parts.h (build_parts.c,
 * table_spec.c) < sections.h (build_sections.c) < builders.h (build_pi.c, build_portfolio.c,
 * build_outturn.c) < build.c (the dispatcher). Nothing here includes a builder.
 *
 * Ownership: documents fetched with rb_view stay owned by the build (freed by report_build);
 * tables made by the filler belong to their section's report. */
#ifndef PRUDENT_REPORT_BUILD_PARTS_H
#define PRUDENT_REPORT_BUILD_PARTS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "report/build.h"
#include "report/model.h"

/* ---- the build in progress ---- */
struct rbuild {
    struct report *r;
    const struct report_source *src;
    struct view_args args; /* the report's own arguments */
    int code;              /* EXIT_OK, or the failure that stops the build */
    int ndocs;
    cJSON *docs[64];       /* fetched documents, freed with the build */
};

/* Fetch view `view` with args (NULL: the report's). On "no such view" notes in s that `what`
 * is not available and returns NULL; on failure records the code and returns NULL. The
 * document stays owned by b. */
const cJSON *rb_view(struct rbuild *b, struct rsection *s, const char *view, const char *what,
                     const struct view_args *args);

/* ---- fields of view documents: false (and a null cell) when missing or malformed ---- */
const cJSON *rj_obj(const cJSON *o, const char *key); /* NULL when missing (or o is NULL) */
bool rj_money(const cJSON *o, const char *key, money_t *out);
bool rj_rate(const cJSON *o, const char *key, rate_t *out);
bool rj_date(const cJSON *o, const char *key, date_t *out);
bool rj_num(const cJSON *o, const char *key, double *out);
const char *rj_str(const cJSON *o, const char *key); /* NULL when missing */
/* The field at a path into nested objects ("after.status"); NULL when missing. */
const cJSON *rj_field(const cJSON *o, const char *path);
/* The field as a value of type t (a null one when missing or malformed); key may be a path into
 * nested objects ("after.status"). */
struct rvalue rjv(const cJSON *o, const char *key, enum rtype t);
#define rjv_money(o, key) rjv((o), (key), RT_MONEY)
#define rjv_rate(o, key) rjv((o), (key), RT_RATE)
#define rjv_date(o, key) rjv((o), (key), RT_DATE)
#define rjv_days(o, key) rjv((o), (key), RT_DAYS)
#define rjv_percent(o, key) rjv((o), (key), RT_PERCENT)
#define rjv_count(o, key) rjv((o), (key), RT_COUNT)
#define rjv_number(o, key) rjv((o), (key), RT_NUMBER)
#define rjv_text(o, key) rjv((o), (key), RT_TEXT)

/* ---- display names: "fixed" -> "Fixed-term deposits", "pwlb" -> "PWLB", indicator codes ---- */
const char *inv_type_title(const char *type);
const char *loan_type_title(const char *type);
const char *indicator_title(const char *code, char *buf, size_t n);
const char *band_title(const char *band);
/* key's title in a {key, title} table ending with {NULL, NULL}; key itself when absent. */
const char *title_lookup(const char *const (*tab)[2], const char *key);

/* ---- report tables as data ---- */

struct rfill;
struct rcolspec;
/* Computes a cell from a row (a display name, a yes/no, a share ...) instead of reading the
 * column's field as it is. Returns a value of the column's type (a null one when it cannot).
 * For the totals row it is called on the totals object, with c->field set to the column's
 * total. f is never NULL. */
typedef struct rvalue (*rcell_fn)(const cJSON *row, const struct rcolspec *c, const struct rfill *f);

struct rcolspec {
    const char *key;   /* the column's key (JSON field, CSV name) */
    const char *title; /* its heading */
    enum rtype type;
    const char *field; /* the row's field read (a path, "after.status"); NULL: key */
    const char *alt;   /* read instead when the row does not state field as a string (text,
                        * money, rate, date) or a number (the rest): "lender_name" -> "lender" */
    rcell_fn cell;     /* computes the cell from the row and field instead; NULL: read it */
    const char *total; /* the totals row's field of the totals object; NULL: an empty cell */
    bool sum;          /* a count whose total, when the totals object lacks it, is the column's sum */
};

/* A column: RCOL("lender", "Lender", RT_TEXT, .field = "lender_name", .alt = "lender"). */
#define RCOL(key_, title_, ...) {.key = (key_), .title = (title_), .type = __VA_ARGS__}

struct rtable_spec {
    const char *id, *title, *short_title; /* short_title NULL: none */
    int ncols;
    const struct rcolspec *cols;
};
#define RTABLE_SPEC(id, title, short_title, cols) \
    {(id), (title), (short_title), (int)(sizeof(cols) / sizeof((cols)[0])), (cols)}

/* How one table is filled; every member is optional ({0}: the spec as it is, every row). */
struct rfill {
    const char *id, *title, *short_title; /* instead of the spec's */
    bool (*keep)(const cJSON *row, const struct rfill *f); /* NULL: every row */
    const void *ctx;                  /* for keep and the cell functions */
    const cJSON *totals;              /* the object the totals row's fields are read from */
    const char *total_label;          /* add a totals row with this label; NULL: none */
    int total_label_col;              /* the label's column (0 unless said) */
    const char *whole;                /* shares (cell_share) are of this money field of totals */
};

/* A new empty table in s with the spec's columns (f, which may be NULL, may rename it). */
struct rtable *rtable_from_spec(struct rsection *s, const struct rtable_spec *spec, const struct rfill *f);
/* Append one row read from the JSON object `row` (f may be NULL); returns its index. */
int rtable_add_row(struct rtable *t, const struct rtable_spec *spec, const cJSON *row, const struct rfill *f);
/* The filler: a new table in s, one row per element of rows (an array, or an object's members)
 * that f->keep keeps, then the totals row when f->total_label is set. f may be NULL. */
struct rtable *rtable_fill(struct rsection *s, const struct rtable_spec *spec, const cJSON *rows,
                           const struct rfill *f);

/* The field a column reads: its field, else its key. */
const char *rcol_field(const struct rcolspec *c);

/* Cell functions for specs. */
#define RCELL(name) struct rvalue name(const cJSON *row, const struct rcolspec *c, const struct rfill *f)
RCELL(cell_inv_type_name);  /* the title of the row's member name ("fixed" -> "Fixed-term deposits") */
RCELL(cell_loan_type_name); /* the same for a loan type ("pwlb" -> "PWLB") */
RCELL(cell_loan_type);      /* the title of the loan type in field */
RCELL(cell_band);           /* the title of the maturity band in field (a code, maybe an indicator's) */
RCELL(cell_indicator);      /* the title of the indicator code in field */
RCELL(cell_yes_no);         /* a bool field as "yes" / "no" */
RCELL(cell_share);          /* the money field as a share of totals' whole (null without it): "Share" */
RCELL(cell_used);           /* the money field as a share of the money field alt, a positive limit
                             * (null otherwise): "Used" */

#endif
