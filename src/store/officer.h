/* officer.h (store): the counterparty_actions statements of the officer actions (suspend,
 * restrict, reinstate a counterparty from a date) that service/officer.h records. Each runs in
 * the caller's transaction. */
#ifndef PRUDENT_STORE_OFFICER_H
#define PRUDENT_STORE_OFFICER_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/book.h"
#include "core/strategy.h"

/* The counterparty with this code, else this exact name: its id and code. 0 found, 1 unknown,
 * -1 after printing why. */
int officer_find_counterparty(PGconn *c, const char *code_or_name, int64_t *id, char code[CODE_MAX]);

/* Insert one action ("suspend", "restrict", "reinstate") on the authority's lending list: limit
 * and max_days NULL when unlimited or unbounded. Returns 0 or -1 after printing why. */
int officer_action_insert(PGconn *c, int64_t authority_id, int64_t counterparty_id, const char *action,
                          struct opt_money limit, struct opt_days max_days, date_t from, const char *reason,
                          const char *by);

#endif
