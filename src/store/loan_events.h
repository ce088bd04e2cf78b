/* loan_events.h (store): the statements behind the loan use cases of service/loan.h: locking one
 * loan and appending one row to loan_events (sql/090). Reading the events back is part of loading
 * the book (store/book.c). Each runs in the caller's transaction; functions return 0 (or what they
 * say) and -1 after printing why ("prudent: <what>: ..."). */
#ifndef PRUDENT_STORE_LOAN_EVENTS_H
#define PRUDENT_STORE_LOAN_EVENTS_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/book.h"

/* Lock the authority's loan `ref` (not cancelled) FOR UPDATE, so events on one loan are recorded
 * one at a time. 0 found (*id set), 1 not found, -1. */
int loan_lock(PGconn *c, int64_t authority_id, const char *ref, int64_t *id);

/* One event as recorded. priced: premium, accrued and settlement are set (a PWLB repayment);
 * has_rate: rate is set (a rate change's new rate, a repayment's repayment rate). */
struct loan_event_row {
    int64_t authority_id, loan_id;
    struct loan_event e;
    bool has_rate, priced;
    money_t premium, accrued, settlement;
    const char *by, *reason; /* reason may be NULL */
};
/* Append it; *id is the new row's id. 0 or -1. */
int loan_event_insert(PGconn *c, const struct loan_event_row *row, int64_t *id);

#endif
