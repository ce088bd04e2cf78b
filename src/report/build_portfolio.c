/* build_portfolio.c: `report portfolio`: the investments held at the as-of date, by type and
 * holding by holding (counterparty, principal, rate, maturity, days), and their weighted average
 * maturity. Views: portfolio, wam. */
#include "report/builders.h"
#include "report/sections.h"

void report_build_portfolio(struct rbuild *b)
{
    struct rsection *s = report_section(b->r, "summary", "Investments by type");
    const cJSON *portfolio = rb_view(b, s, "portfolio", "the investment portfolio", NULL);
    if (portfolio) {
        section_figure(s, "Total invested", rjv_money(portfolio, "total"));
        rs_portfolio_by_type(b, s, portfolio, true);
    }
    s = report_section(b->r, "holdings", "Holdings");
    if (portfolio)
        rs_holdings_by_type(b, s, portfolio);
    else
        section_note(s, "not available: holdings (see above)");
    s = report_section(b->r, "wam", "Weighted average maturity");
    const cJSON *wam = rb_view(b, s, "wam", "weighted average maturity", NULL);
    if (wam) {
        section_figure(s, "WAM of all investments (days)", rjv_days(rj_obj(wam, "overall"), "days"));
        rs_wam(b, s, wam);
    }
}
