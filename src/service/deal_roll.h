/* deal_roll.h (service): `prudent deal roll` and POST /api/v1/authorities/CODE/deals/REF/roll:
 * a dated deal reinvested on its maturity date with the same counterparty, as a NEW deal of the
 * same type starting on the old maturity, linked to the old one (table deal_rolls, sql/105).
 * The new deal is booked exactly as `deal book` books (service/deal.h: the pre-deal check under
 * the limit locks, pending until a second officer approves with `deal approve`, counted in
 * exposure at once); the old deal is not changed and still ends at its maturity. Refused: a deal
 * without a maturity (an account), one not approved (pending or cancelled), one already rolled
 * (unless that roll was cancelled), a new maturity not after the old one.
 *
 * Returns an exit code as service/deal.h's functions and sets *result (the caller's, cJSON_Delete):
 *   EXIT_OK  {"ref", "type", "counterparty", "principal", "rate", "start_date", "maturity_date",
 *            "status": "pending", "rolled_from", "account" (only when the new deal names one)}
 *   EXIT_NO  the check's refusal {"allowed": false, "reasons": [...]}
 *   EXIT_BAD {"error": {"code", "message", "field"}} (invalid, not_found, not_confirmed, rolled,
 *            exists)
 *   EXIT_DEP {"error": {"code": "database", ...}} */
#ifndef PRUDENT_SERVICE_DEAL_ROLL_H
#define PRUDENT_SERVICE_DEAL_ROLL_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "core/book.h"
#include "store/authority.h"

struct roll_request {
    const char *ref;     /* the deal rolled over */
    date_t maturity;     /* the new deal's maturity */
    rate_t rate;         /* the new deal's rate */
    money_t amount;      /* 0: the old principal */
    const char *new_ref; /* NULL or "": generated (DL-000001 ...) */
    const char *by;      /* who books the roll */
    date_t as_of;        /* the lending list judged against: today */
    const char *account; /* the new deal's settlement account; NULL: the one the old deal named
                          * (sql/235), or the default account when it named none */
};

int deal_roll(PGconn *c, const struct authority *a, const struct roll_request *r, cJSON **result);

#endif
