/* deal_list.h: the web pages' approvals queue: an authority's latest investments as JSON. */
#ifndef PRUDENT_STORE_DEAL_LIST_H
#define PRUDENT_STORE_DEAL_LIST_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdint.h>

/* The authority's 500 most recently booked investments (only those with this status when
 * status is not NULL), newest first, as a new JSON array the caller owns: objects with ref,
 * type, counterparty, counterparty_name, principal, rate (4 places), start_date,
 * maturity_date, status, booked_by and booked_at (ISO 8601 UTC), all strings, null when
 * empty; a roll-over's new deal adds rolled_from (the ref of the deal it rolls over, table
 * deal_rolls); and only when set, "late": true with "late_reason" (a late booking) and
 * "amended_by" (the last amender, who may not approve it) and "account" (the bank account it
 * settles in, sql/235; the default account when absent). NULL after printing why. */
cJSON *deal_list_json(PGconn *c, int64_t authority_id, const char *status);

#endif
