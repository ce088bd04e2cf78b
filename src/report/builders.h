/* builders.h: the three report builders (build_pi.c, build_portfolio.c, build_outturn.c), each
 * filling b->r from the views it fetches. Only the dispatcher (build.c) calls them; a builder
 * includes this header for its own prototype and never the dispatcher. */
#ifndef PRUDENT_REPORT_BUILDERS_H
#define PRUDENT_REPORT_BUILDERS_H

#include "report/build_parts.h"

void report_build_pi(struct rbuild *b);
void report_build_portfolio(struct rbuild *b);
void report_build_outturn(struct rbuild *b);

#endif
