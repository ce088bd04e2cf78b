/* returns.h (views): the `returns` document, the return on investments over a period against
 * the benchmark (domain.md "Return against the benchmark"; docs/computations.md):
 *   {"from", "to", "days", "earned", "average_balance", "return", "benchmark": "sonia_compounded",
 *    "sonia_compounded": {"index_start_date", "index_start", "index_end_date", "index_end",
 *                         "rate"} | null, "sonia_average": "3.7287" | null,
 *    "return_above_benchmark": "0.1234" | null, "reasons": [TEXT]}
 * return = interest earned / time-weighted average balance x 365 / days (core/returns.h);
 * sonia_compounded.rate = (index_end / index_start - 1) x 365 / days from the Bank of England's
 * SONIA compounded index (series sonia_index, IUDZOS2 in feeds/boe.json), index_start the index
 * on `from` and index_end the one on the day after `to` (each the latest on or before it);
 * sonia_average the simple average of daily SONIA (store/rates.h rates_average). A figure that
 * cannot be computed is null and "reasons" says why: a missing benchmark is never shown as 0. */
#ifndef PRUDENT_VIEWS_RETURNS_H
#define PRUDENT_VIEWS_RETURNS_H

#include "core/money.h"
#include "core/rate.h"
#include "views/view.h"

cJSON *view_returns_build(PGconn *c, const struct authority *a, const struct view_args *args, int *code);
void view_returns_text(const cJSON *doc, FILE *out);

/* The average balance and return of the deposits of an `interest` document (its "deposits":
 * "principal" or "average_balance", "nights", "earned") over from..to, by core/returns.h. False
 * when a deposit lacks a figure or nothing earned interest. The one reading of the interest
 * document's deposits, shared by this view and the outturn report. */
bool returns_of_interest(const cJSON *interest, date_t from, date_t to, money_t *balance, rate_t *ret);

#endif
