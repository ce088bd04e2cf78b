/* indicator_alerts.h (service): the prudential indicator rules of `recompute`: at a date, an indicator in
 * breach has one live `indicator.breach` alert and one in warning an `indicator.warning` alert,
 * subject the indicator's code (e.g. "maturity_structure.under_12m"), details its figures; an
 * alert whose condition has cleared (or changed between warning and breach) is resolved. With
 * no strategy in force every live indicator alert is resolved. The capital plan's indicators
 * (views/capital.h: gross_debt_vs_cfr in breach, liability_benchmark in warning ...) raise and
 * resolve the same kinds, subject their code. Run inside the caller's
 * transaction (recompute's), so the alerts land with whatever changed. */
#ifndef PRUDENT_SERVICE_INDICATOR_ALERTS_H
#define PRUDENT_SERVICE_INDICATOR_ALERTS_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <stdint.h>

#include "core/date.h"
#include "service/recompute.h"
#include "store/alert.h"

/* A rule of recompute's rules[] (service/recompute.c), given the indicators already computed at
 * as_of (found, s and set as analytics_indicators_from answers them: 1 with a strategy in force,
 * 0 without), capital the items of capital_indicator_items at as_of (a JSON array, NULL or
 * empty without a plan in force) and the authority's live alerts read before any rule ran (live[0..nlive-1], of
 * every kind; the indicator kinds are this rule's): adds to st->breaches (indicators in warning or breach),
 * st->raised (alerts opened) and st->resolved. Returns 0 or -1 after printing why. */
struct strategy;
struct indicator_set;
int indicator_rules(PGconn *c, int64_t authority_id, date_t as_of, int found, const struct strategy *s,
                    const struct indicator_set *set, const cJSON *capital, const struct alert_key *live,
                    int nlive, struct recompute_stats *st);

#endif
