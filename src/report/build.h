/* build.h: building the reports (pi, portfolio, outturn) from the views' JSON documents.
 *
 * The figures come only from the views (views/view.h), the same documents the CLI verbs print
 * and the HTTP API serves: a report never computes a figure a second way. A builder asks its
 * source for each view it needs; a view not in this build (or not landed yet) leaves its section
 * with a one-line "not available: ..." note and the report's not_available list, never a made-up
 * figure. Builders are pure over the documents, so tests can feed them canned documents.
 *
 * Ownership: report_build returns a new report the caller frees with report_free. */
#ifndef PRUDENT_REPORT_BUILD_H
#define PRUDENT_REPORT_BUILD_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "report/model.h"
#include "views/view.h"

/* Where documents come from. fetch returns a new document the caller owns, or NULL with *code
 * set to EXIT_OK when no view of that name exists (the section is then "not available"), or to
 * EXIT_BAD/EXIT_DEP when building failed (after printing why). */
struct report_source {
    cJSON *(*fetch)(void *ctx, const char *view, const struct view_args *args, int *code);
    void *ctx;
};

/* The source of the running program: views[] against a database and an authority. */
struct view_source_ctx {
    PGconn *conn;
    const struct authority *authority;
};
cJSON *report_fetch_view(void *ctx, const char *view, const struct view_args *args, int *code);

/* Report kinds: "pi", "portfolio", "outturn". */
bool report_kind_valid(const char *kind);
extern const char *const report_kinds[]; /* NULL-terminated */

/* Build report `kind` for the authority (code, name) with args (as_of; from/to for outturn).
 * Returns NULL with *code set (EXIT_BAD for a bad kind or period, EXIT_DEP for a database
 * failure) after printing why. */
struct report *report_build(const char *kind, const struct report_source *src,
                            const char *authority_code, const char *authority_name,
                            const struct view_args *args, int *code);

/* ---- shared by the builders (build.c) ---- */
struct rbuild {
    struct report *r;
    const struct report_source *src;
    struct view_args args; /* the report's own arguments */
    int code;              /* EXIT_OK, or the failure that stops the build */
    int ndocs;
    cJSON *docs[32];       /* fetched documents, freed with the build */
};

/* Fetch view `view` with args (NULL: the report's). On "no such view" notes in s that `what`
 * is not available and returns NULL; on failure records the code and returns NULL. The
 * document stays owned by b. */
const cJSON *rb_view(struct rbuild *b, struct rsection *s, const char *view, const char *what,
                     const struct view_args *args);
/* Fields of view documents: false (and a null cell) when missing or malformed. */
bool rj_money(const cJSON *o, const char *key, money_t *out);
bool rj_rate(const cJSON *o, const char *key, rate_t *out);
bool rj_date(const cJSON *o, const char *key, date_t *out);
bool rj_num(const cJSON *o, const char *key, double *out);
const char *rj_str(const cJSON *o, const char *key); /* NULL when missing */
struct rvalue rjv_money(const cJSON *o, const char *key);
struct rvalue rjv_rate(const cJSON *o, const char *key);
struct rvalue rjv_date(const cJSON *o, const char *key);
struct rvalue rjv_days(const cJSON *o, const char *key);
struct rvalue rjv_percent(const cJSON *o, const char *key);
struct rvalue rjv_count(const cJSON *o, const char *key);
struct rvalue rjv_number(const cJSON *o, const char *key);
struct rvalue rjv_text(const cJSON *o, const char *key);

/* Display names: "fixed" -> "Fixed-term deposits", "pwlb" -> "PWLB", indicator codes ... */
const char *inv_type_title(const char *type);
const char *loan_type_title(const char *type);
const char *indicator_title(const char *code, char *buf, size_t n);
const char *band_title(const char *band);

/* Sections shared by several reports (build_sections.c), each from one view document. */
void rs_portfolio_by_type(struct rbuild *b, struct rsection *s, const cJSON *portfolio, bool chart);
void rs_holdings_by_type(struct rbuild *b, struct rsection *s, const cJSON *portfolio);
void rs_wam(struct rbuild *b, struct rsection *s, const cJSON *wam);
struct rtable *rs_debt_by_type(struct rbuild *b, struct rsection *s, const cJSON *debt, const char *id,
                     const char *title); /* returns the table */
void rs_maturity_structure(struct rbuild *b, struct rsection *s, const cJSON *debt);
void rs_indicators(struct rbuild *b, struct rsection *s, const cJSON *indicators);
struct rvalue rs_indicator_actual(const cJSON *indicators, const char *code);
void rs_lending_changes(struct rbuild *b, struct rsection *s, const cJSON *limits);
void rs_exposure(struct rbuild *b, struct rsection *s, const cJSON *limits);
void rs_breaches(struct rbuild *b, struct rsection *s, const cJSON *limits);
void rs_maturing(struct rbuild *b, struct rsection *s, const cJSON *maturing);
void rs_new_loans(struct rbuild *b, struct rsection *s, const cJSON *debt_end);

/* The three reports (build_pi.c, build_portfolio.c, build_outturn.c). */
void report_build_pi(struct rbuild *b);
void report_build_portfolio(struct rbuild *b);
void report_build_outturn(struct rbuild *b);

#endif
