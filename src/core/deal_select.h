/* deal_select.h: which of an authority's deals a date's lending list and a window's cash-flow
 * forecast read, decided on the deal's dates alone (pure, no I/O). store/book.c reads the deals
 * that can satisfy either in one statement and sorts each into the books that want it with these;
 * they are the same conditions as its SQL (HELD_AT, FLOWS_WITHIN), which the one-book loaders
 * still ask the database. */
#ifndef PRUDENT_CORE_DEAL_SELECT_H
#define PRUDENT_CORE_DEAL_SELECT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/book.h"

/* Live at d: started on or before d and not matured by then (no maturity: open). */
bool deal_live_at(const struct investment *v, date_t d);
/* Whether v's cash flows can fall within from..to once moved to a business day (a month's margin
 * either way): a dated deal when its start or its maturity is in the margin'd window and it
 * neither matured before it nor started after it; an account (no maturity) when opened in the
 * margin'd window or when its id is among moving[0..nmoving) (ascending: the accounts with a
 * movement in the window). */
bool deal_flows_within(const struct investment *v, date_t from, date_t to, const int64_t *moving, int nmoving);

#endif
