/* reconcile.h: the document of `prudent reconcile` (docs/cash.md "Reconciliation"): one bank
 * account's statement lines from..to matched to the flows the forecast expected (core/reconcile.h),
 * built from the book (store/book.h), forecast items and statements (store/cash.h) and the
 * calendar (store/rates.h holidays_load).
 *
 * {"account", "from", "to", "window_days",
 *  "summary": {"lines", "matched", "unmatched_lines", "missing"},
 *  "matched": [{"line": ITEM, "expected": ITEM, "kind" ("exact"|"estimate"), "days",
 *               "difference" (line - expected)}],
 *  "unmatched_lines": [ITEM], "missing": [ITEM],
 *  "items": [{"ref", "source", "description", "expected", "actual", "difference", "flows",
 *             "arrived"}]}
 * ITEM is {"date", "source", "ref", "description", "amount"} as in `prudent cashflow`. `missing`
 * are the expected flows dated from..to on a day a statement of the account covers that no line
 * matched; `items` sums per expected ref (a deal, a loan, a forecast item) the flows in scope
 * (matched, or missing) against the lines matched to them: forecast against actual. */
#ifndef PRUDENT_VIEWS_RECONCILE_H
#define PRUDENT_VIEWS_RECONCILE_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdio.h>

#include "core/date.h"
#include "store/authority.h"

struct reconcile_args {
    const char *account; /* required */
    date_t from, to;     /* DATE_NONE: the first (last) day of the account's statements */
};

/* A new document the caller owns (cJSON_Delete), or NULL with *code set to EXIT_BAD (an unknown
 * account, a bad period, no statement) or EXIT_DEP after printing why. */
cJSON *reconcile_view(PGconn *c, const struct authority *a, const struct reconcile_args *args, int *code);
void reconcile_text(const cJSON *doc, FILE *out);

#endif
