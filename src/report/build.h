/* build.h: building the reports (pi, portfolio, outturn) from the views' JSON documents.
 *
 * The figures come only from the views (views/view.h), the same documents the CLI verbs print
 * and the HTTP API serves: a report never computes a figure a second way. A builder asks its
 * source for each view it needs; a view not in this build (or not landed yet) leaves its section
 * with a one-line "not available: ..." note and the report's not_available list, never a made-up
 * figure. Builders are pure over the documents, so tests can feed them canned documents.
 * This is the public header; the builders' own parts are in build_parts.h, sections.h and
 * builders.h, which include it and never the other way round.
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

/* Report kinds: "pi", "portfolio", "outturn", "quarterly", "cashflow". */
bool report_kind_valid(const char *kind);
extern const char *const report_kinds[]; /* NULL-terminated */

/* Build report `kind` for the authority (code, name) with args (as_of; from/to for outturn).
 * Returns NULL with *code set (EXIT_BAD for a bad kind or period, EXIT_DEP for a database
 * failure) after printing why. */
struct report *report_build(const char *kind, const struct report_source *src,
                            const char *authority_code, const char *authority_name,
                            const struct view_args *args, int *code);

/* A financial-year quarter "YYYY-QN": Q1 of 2024 is 01/04/2024 .. 30/06/2024, Q4 is
 * 01/01/2025 .. 31/03/2025. False with *why (a static message) when s is not one. */
bool report_quarter_parse(const char *s, date_t *from, date_t *to, const char **why);

#endif
