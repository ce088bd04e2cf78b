/* deal_roll.h (store): the statements behind `prudent deal roll` (service/deal_roll.h): the links
 * of table deal_rolls (sql/105_rolls.sql) between a rolled-over deal and the new deal that
 * reinvests it. Each runs in the caller's transaction; the rules are the service's. Functions
 * return 0 (or what they say) and -1 after printing why ("prudent: <what>: ..."). */
#ifndef PRUDENT_STORE_DEAL_ROLL_H
#define PRUDENT_STORE_DEAL_ROLL_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

/* The ref of the deal that rolls deal id over and still stands (not cancelled) into ref[n]:
 * 1 when there is one, 0 when none, -1. */
int deal_rolls_standing(PGconn *c, int64_t id, char *ref, size_t n);
/* Link the authority's deal new_ref to the deal it rolls over (rolled_from, an investments id),
 * entered by `by`. 0 or -1. */
int deal_rolls_insert(PGconn *c, int64_t authority_id, const char *new_ref, int64_t rolled_from, const char *by);

#endif
