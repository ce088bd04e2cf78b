/* officer.h (service): officer actions on one authority's lending list (suspend, restrict, reinstate a
 * counterparty from a date, with a reason), recorded with the audit trail and the alerts they
 * cause (a recompute at `today`) in one transaction. They can only tighten the strategy: the
 * lending list (core/lending.c) applies them that way. */
#ifndef PRUDENT_SERVICE_OFFICER_H
#define PRUDENT_SERVICE_OFFICER_H

#include <libpq-fe.h>

#include "core/lending.h"
#include "store/authority.h"

struct officer_request {
    enum officer_kind kind;
    const char *counterparty; /* code or exact name */
    struct opt_money limit;   /* restrict: unlimited when not given */
    struct opt_days max_days; /* restrict: unbounded when not given */
    date_t from;
    const char *reason;       /* required for suspend and restrict */
    const char *by;
    date_t today;             /* the date alerts are recomputed at */
};

/* Record the action. Returns EXIT_OK, EXIT_BAD (invalid or unknown counterparty, after printing
 * why; nothing written) or EXIT_DEP. */
int officer_act(PGconn *c, const struct authority *a, const struct officer_request *r);

#endif
