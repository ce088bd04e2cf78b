/* rating_actions.h: credit rating actions as the ratings import records them (the ratings
 * table): the one already in the book for a key, a new one, and which authorities the
 * changed ratings can move. Recomputing those is the caller's business. */
#ifndef PRUDENT_STORE_RATING_ACTIONS_H
#define PRUDENT_STORE_RATING_ACTIONS_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"

/* A rating action in the book. outlook and watch point into the struct, or are NULL for none. */
struct rating_in_book {
    char rating[32];
    char outlook_buf[32], watch_buf[32];
    const char *outlook, *watch;
};

/* The action for counterparty code cp, agency, term ("long"/"short") and effective date (ISO)
 * into *out. Returns 1 found, 0 none, -1 after printing why. */
int rating_action_find(PGconn *c, const char *cp, const char *agency, const char *term, const char *date,
                       struct rating_in_book *out);

/* Record a new action (outlook and watch may be NULL). Returns 0, or -1 after printing why. */
int rating_action_insert(PGconn *c, const char *cp, const char *agency, const char *term, const char *rating,
                         const char *outlook, const char *watch, const char *date);

/* The ids of the authorities that ratings changed for the counterparties codes_json (a JSON
 * array of codes) can move at as_of: those holding then a deal (not cancelled; their own or one a
 * merger moved in to them) with such a
 * counterparty, another member of its banking group, or, for a sovereign, a counterparty of
 * its country; and those with a live alert about such a counterparty or group. Ordered by id,
 * in a new array *ids the caller frees. Returns the count, or -1 after printing why. */
int rating_moved_authorities(PGconn *c, const char *codes_json, date_t as_of, int64_t **ids);

#endif
