/* loan.h (service): loans after they were taken: the PWLB premature-repayment premium or discount
 * at a date (domain.md "PWLB premature repayment", core/pwlb_repay.h), recording a premature
 * repayment, and recording a LOBO lender's option (a new rate from an option date, or the loan
 * repaid at par on it). Each event is a new row of loan_events (sql/090, store/loan_events.h),
 * written with its audit_log row in one transaction under a lock on the loan; every figure as at
 * a date then follows the events dated on or before it (core/loan_events.h).
 *
 * Refused (EXIT_BAD, nothing written): an unknown ref (code not_found); a premium or repayment of
 * a loan that is not a fixed-rate PWLB loan (the DMO formula is the PWLB's, for its fixed-rate
 * loans: other lenders' break costs are set by their own contracts), a date before the loan's
 * start or on or after its maturity, a loan already repaid by then, an amount above what is
 * outstanding; an option on a loan that is not a LOBO or on a date that is not one of its option
 * dates (the message names the next one); any event dated before the loan's latest recorded event
 * (events are recorded in date order) (code invalid, with the field).
 *
 * Every function returns an exit code (EXIT_OK, EXIT_BAD, EXIT_DEP) and sets *result to a new
 * cJSON the caller owns (cJSON_Delete): on success the documents below, otherwise
 * {"error": {"code", "message", "field"}}. Nothing is printed on stdout. */
#ifndef PRUDENT_SERVICE_LOAN_H
#define PRUDENT_SERVICE_LOAN_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdbool.h>

#include "core/book.h"
#include "store/authority.h"

/* {"ref", "date", "outstanding", "repayment_rate", "premium", "accrued_interest", "settlement",
 *  "amount", "repayment", "last_interest_date", "days", "periods", "under_one_year"}: repaying
 * `amount` (0: all that is outstanding) of loan ref on `on` at the PWLB repayment rate `rate`.
 * premium > 0 is a premium, < 0 a discount; outstanding is the principal outstanding at `on`
 * (after earlier events), the premium is on `amount`. Reads only. */
int loan_premium(PGconn *c, const struct authority *a, const char *ref, date_t on, rate_t rate, money_t amount,
                 cJSON **result);

struct loan_repay_request {
    const char *ref;
    date_t date;
    rate_t rate;        /* the PWLB repayment rate */
    money_t amount;     /* 0: the whole outstanding principal */
    const char *by;     /* who records it */
    const char *reason; /* NULL or the reason */
};
/* Record a PWLB premature repayment, priced at its date: loan_premium's document plus
 * "kind": "repaid" and "event_id". */
int loan_repay(PGconn *c, const struct authority *a, const struct loan_repay_request *r, cJSON **result);

struct loan_option_request {
    const char *ref;
    date_t date;        /* one of the LOBO's option dates */
    bool repaid;        /* the borrower declined: repaid at par on date */
    rate_t rate;        /* else the new rate from date */
    const char *by;
    const char *reason; /* NULL or the reason */
};
/* Record a LOBO lender's option: {"ref", "date", "kind" ("rate_change" | "repaid_at_par"),
 * "rate" (the new rate, or null), "previous_rate", "outstanding", "next_option_date" (or null),
 * "event_id"}. */
int loan_option(PGconn *c, const struct authority *a, const struct loan_option_request *r, cJSON **result);

/* The discount watch: every fixed-rate PWLB loan outstanding on `on`, priced as if repaid in whole
 * that day at one repayment rate: `rate`, or when series is not NULL the latest observation of
 * that stored rate series on or before `on` (within a year; refused otherwise).
 * {"date", "repayment_rate", "series" (or null), "rate_date" (or null), "loans": [loan_premium's
 * document for each, by ref], "total_outstanding", "total_premium", "count"}. Reads only. */
int loan_discount_watch(PGconn *c, const struct authority *a, date_t on, rate_t rate, const char *series,
                        cJSON **result);

/* The discount watch at the PWLB premature repayment rates loaded by the feed (store/rates.h
 * rates_pwlb_curves: the latest date on or before `on` with any; refused when there are none):
 * every fixed-rate PWLB loan outstanding on `on`, priced as if repaid in whole that day at the
 * repayment rate of its type for its remaining term (core/pwlb_repay.h pwlb_curves_rate).
 * {"date", "rates_date", "loans": [loan_premium's document plus "in_discount" (premium < 0);
 * a loan whose type has no rates: {"ref", "date", "outstanding", "repayment_rate": null,
 * "premium": null, "accrued_interest": null, "settlement": null, "loan_rate", "repayment", "maturity_date",
 * "in_discount": false}], "total_outstanding", "total_premium", "count" (loans priced),
 * "in_discount" (how many of them)}. Reads only. */
int loan_discount_curves(PGconn *c, const struct authority *a, date_t on, cJSON **result);
/* The same over a loaded book and curves: adds "loans", "total_outstanding", "total_premium",
 * "count" and "in_discount" to doc. EXIT_OK, or an exit code with *result set (an overflow). */
struct pwlb_curves;
struct book;
int loan_watch_curves(const struct book *b, date_t on, const struct pwlb_curves *cv, cJSON *doc, cJSON **result);

#endif
