/* view.h: the JSON documents of the reporting verbs (portfolio, wam, debt, maturing, limits,
 * indicators, alerts ...), built once and served by every front end: the CLI prints them (or a
 * text rendering), the HTTP service returns them, reports read them. One computation, several
 * front ends: never build the same figures a second way.
 *
 * To add a view: write src/views/NAME.c with a build function (and optionally a text renderer),
 * add one row to views[] in src/views/registry.c, and a row naming the view in commands[]
 * (src/cli/commands.c) with its usage text in src/cli/view_verb.c. */
#ifndef PRUDENT_VIEWS_VIEW_H
#define PRUDENT_VIEWS_VIEW_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/date.h"
#include "store/authority.h"

struct view_args {
    date_t as_of;          /* every view; defaults to today */
    date_t from, to;       /* period views (maturing, reports); DATE_NONE when not given */
    date_t reference_date; /* debt: measure maturity bands from here; DATE_NONE = as_of */
    bool all;              /* alerts: include resolved ones */
    /* The cash documents reports fetch (report/build.c: cashflow, accounts, reconcile), which
     * are not rows of views[]: */
    const char *account;   /* one bank account's code; NULL: every account, consolidated */
    int by;                /* the forecast's periods: an enum cash_by (core/cashflow.h) */
    /* limits: leave out "counterparties" (the entry of every counterparty, 3,000 at bench size),
     * for a report, which reads only the breaches and changes; portfolio: leave out "holdings",
     * for a report that reads only the totals; false for every verb and route */
    bool no_entries;
    /* indicators: the indicators' limits and actuals only, with neither the credit score (no
     * lending list evaluated) nor the liquidity's cash-flow forecast, for a report's year-end
     * forecast column, which reads nothing else; false for every verb and route */
    bool figures_only;
    /* the document is only printed unformatted, never read (the HTTP service's view route): a
     * view may hold its big arrays as cJSON_Raw text (util/json_out.h, the same bytes); false
     * for the CLI and reports, which indent or read it. A view that builds another view's
     * document to read it (predecessors reads portfolio's "total", partnership reads limits'
     * "counterparties" and is never given wire) must pass wire false for what it reads */
    bool wire;
};

/* Build the document. Returns a new cJSON the caller owns (cJSON_Delete), or NULL with *code
 * set to EXIT_BAD (bad arguments) or EXIT_DEP (database) after printing why. */
typedef cJSON *(*view_build_fn)(PGconn *c, const struct authority *a, const struct view_args *args,
                                int *code);
/* Print a human-readable rendering of a document built by the same view. */
typedef void (*view_text_fn)(const cJSON *doc, FILE *out);

struct view {
    const char *name;
    view_build_fn build;
    view_text_fn text; /* NULL: the CLI prints the JSON */
};

extern const struct view views[]; /* ends with a row of NULLs */
const struct view *view_find(const char *name);
/* Whether v reads what is kept only as it is now (rate feeds): such a view refuses
 * --as-known-at rather than show today's state as a past one (docs/as-known-at.md). */
bool view_live(const struct view *v);

#endif
