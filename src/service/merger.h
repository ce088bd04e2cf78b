/* merger.h (service): a merger of authorities on a vesting day (docs/shared-services.md "A
 * merger on a vesting day"; issue 22). Every deal, account and loan the predecessors hold on the
 * vesting day moves to the successor from that day by a recorded transfer (store/merger.h): the
 * rows keep their refs (prefixed with the predecessor's code when the successor already uses
 * one) and history, the predecessors' books end the day before, and the loaders read each holding
 * under its holder at their date (store/book.c). In one transaction: the checks, the transfers,
 * the audit rows (each predecessor's transfer, then the successor's row committing to the
 * predecessors' audit heads) and the successor's lending list judged on the vesting day, whose
 * breaches are raised as passive alerts marked inherited, never refused. */
#ifndef PRUDENT_SERVICE_MERGER_H
#define PRUDENT_SERVICE_MERGER_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "core/date.h"
#include "store/authority.h"

#define MERGER_MAX_PREDECESSORS 16

struct merger_request {
    struct authority into;                          /* the successor, created beforehand */
    struct authority from[MERGER_MAX_PREDECESSORS]; /* the predecessors, distinct, not into */
    int nfrom;
    date_t on;                                      /* the vesting day */
    const char *by;                                 /* who merges (the audit trail's actor) */
};

/* Merge. Returns EXIT_OK with *doc a new document the caller owns ({"successor", "vesting_date",
 * "predecessors": [{"code", "investments": [{"ref", "was"}], "loans": [...], "audit_head":
 * {"seq", "hash"}}], "inherited_breaches": [...]}); EXIT_BAD when refused (no strategy of the
 * successor in force on the day, an authority already merged, a predecessor's booking dated on or
 * after the day, a ref too long for its prefix; printed, nothing written), *doc then the error
 * answer (service/result.h: no_strategy, already_merged, booked_after_vesting, ref_too_long, with
 * the printed message), also the caller's; EXIT_DEP otherwise (*doc NULL). */
int merger_run(PGconn *c, const struct merger_request *rq, cJSON **doc);

#endif
