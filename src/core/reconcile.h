/* reconcile.h: bank reconciliation (docs/cash.md "Reconciliation"), pure computation: each line
 * of a bank statement matched to a flow the forecast expected (a deal's maturity, a loan
 * instalment, a forecast item: core/cashflow.h), so a team sees which lines it did not expect and
 * which expected flows never arrived.
 *
 * The rules, in three passes over the lines in their order (each expected flow matches at most
 * one line, each line at most one flow):
 *   1. the same amount, within the window, and the line mentions the flow's reference: exact;
 *   2. the same amount within the window: exact;
 *   3. a forecast item (an estimate) of the same sign within the window that the line mentions:
 *      estimate (the difference is what the forecast misjudged).
 * A flow is mentioned when the line's reference or description holds its ref ("D1", "CF3") as a
 * word, or, for a forecast item, its category ("council tax"), ignoring case. The window is
 * RECONCILE_WINDOW business days either way of the expected date (England and Wales calendar).
 * Among candidates the nearest in business days wins, then the nearest in calendar days, then
 * the first. Book flows are known to the penny, so they match only by amount (passes 1 and 2).
 *
 * Ownership: everything is the caller's. */
#ifndef PRUDENT_CORE_RECONCILE_H
#define PRUDENT_CORE_RECONCILE_H

#include <stdbool.h>

#include "core/calendar.h"
#include "core/cashflow.h"

#define RECONCILE_WINDOW 3 /* business days either way */

enum match_kind { MATCH_NONE, MATCH_EXACT, MATCH_ESTIMATE };

/* "", "exact", "estimate". */
const char *match_kind_name(enum match_kind k);

struct reconcile_match {
    int expected;         /* index of the matched expected flow, -1 none */
    enum match_kind kind; /* MATCH_NONE when expected is -1 */
    int days;             /* business days from the expected date to the line's (+ late, - early) */
};

/* The business days from a to b: the count of business days d with a < d <= b when b > a, minus
 * that of b < d <= a when b < a; INT32_MAX when they are more than 62 calendar days apart. */
int reconcile_business_days(const struct calendar *cal, date_t a, date_t b);

/* Whether text (a line's reference and description) mentions the expected flow e (see above). */
bool reconcile_mentions(const struct cash_flow *e, const char *text);

/* Match lines[0..nl) (actual flows; text[i] is line i's reference and description) to
 * expected[0..ne) within window business days, into out[0..nl). Returns 0, or -1 when out of
 * memory. */
int reconcile_match(const struct cash_flow *lines, const char *const *text, int nl, const struct cash_flow *expected,
                     int ne, const struct calendar *cal, int window, struct reconcile_match *out);

#endif
