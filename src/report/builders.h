/* builders.h: the report builders (build_pi.c, build_portfolio.c, build_outturn.c,
 * build_quarterly.c), each
 * filling b->r from the views it fetches. Only the dispatcher (build.c) calls them; a builder
 * includes this header for its own prototype and never the dispatcher. */
#ifndef PRUDENT_REPORT_BUILDERS_H
#define PRUDENT_REPORT_BUILDERS_H

#include "report/build_parts.h"

void report_build_pi(struct rbuild *b);
void report_build_portfolio(struct rbuild *b);
void report_build_outturn(struct rbuild *b);
void report_build_quarterly(struct rbuild *b);
void report_build_cashflow(struct rbuild *b);
/* The cash-flow section of the monthly PI report (build_cashflow.c): the coming 13 weeks' balance
 * by week from b->args.as_of and the days below the minimum; nothing when the authority has no
 * bank account. */
void report_cash_section(struct rbuild *b);
/* The quarterly pack's cash section: the 13 weeks after the quarter end (b->args.to) by week,
 * every account together, with the low point; no section when the authority has no bank account. */
void report_quarter_cash_section(struct rbuild *b);
/* Parts of the outturn the quarterly pack shares (build_outturn.c), over b->args.from .. to:
 * debt at the start and end, maturing debt repaid, the new borrowing and its loans; and the
 * lending list changes of the period. */
void report_outturn_debt_financing(struct rbuild *b, const char *heading);
void report_outturn_lending_changes(struct rbuild *b, const char *heading);
/* The return on investments over the period against compounded SONIA (the returns view), as a
 * section "returns" headed `heading`; says which benchmark it uses. */
void report_returns_against_benchmark(struct rbuild *b, const char *heading);
/* A successor council's comparatives (the predecessors view, a merger): each predecessor's outturn
 * from the period's start to the day before the vesting day, as a section "predecessors" headed
 * "`title`: the predecessors to DD/MM/YYYY" whose text calls the report's other parts `above`
 * ("annexes", "sections"); nothing for an authority that is no successor or a period from the
 * vesting day on. */
void report_predecessor_comparatives(struct rbuild *b, const char *title, const char *above);

#endif
