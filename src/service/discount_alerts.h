/* discount_alerts.h (service): the discount watch's rule of `recompute` (service/recompute.c): at
 * a date, every fixed-rate PWLB loan that would be repaid at a discount at the latest PWLB
 * premature repayment rates on or before that date (service/loan.h loan_watch_curves) has one
 * live `loan.in_discount` alert, subject the loan's ref, details its figures; when it leaves
 * discount (or is repaid, or no rates apply) the alert is resolved. A loan staying in discount
 * keeps its one alert (raising refreshes its details only); leaving and re-entering opens a new
 * one (store/alert.h). Runs inside the caller's transaction, like the other rules. */
#ifndef PRUDENT_SERVICE_DISCOUNT_ALERTS_H
#define PRUDENT_SERVICE_DISCOUNT_ALERTS_H

#include <libpq-fe.h>
#include <stdint.h>

#include "core/date.h"
#include "service/recompute.h"
#include "store/alert.h"

/* book: the authority's book as recompute loaded it (loans with their events); live[0..nlive-1]
 * its live alerts read before any rule ran. Adds to st->breaches (loans in discount), st->raised
 * and st->resolved. Reads the repayment rates only when the book has a PWLB loan or a live
 * loan.in_discount alert. Returns 0 or -1 after printing why. */
struct book;
int discount_rules(PGconn *c, int64_t authority_id, date_t as_of, const struct book *book,
                   const struct alert_key *live, int nlive, struct recompute_stats *st);

#endif
