/* prudential.h: the capital financing requirement and the liability benchmark per year of a
 * capital plan (domain.md "Capital plans, CFR and the liability benchmark", docs/computations.md):
 *   CFR(y)                   = CFR(y-1) + financed_by_borrowing(y) - MRP(y), CFR(first-1) = opening_cfr
 *   loans CFR(y)             = CFR(y) - other_long_term_liabilities(y)
 *   net loans requirement(y) = loans CFR(y) - usable_reserves(y) - working_capital(y)
 *   liability benchmark(y)   = net loans requirement(y) + liquidity_allowance(y)
 * existing debt(y) is the caller's (loans outstanding in the book at 31 March of y). Money in
 * pence, exact (sums only). Pure: no I/O. */
#ifndef PRUDENT_CORE_PRUDENTIAL_H
#define PRUDENT_CORE_PRUDENTIAL_H

#include "core/capital_plan.h"

struct prudential_year {
    int year;
    money_t mrp;
    money_t cfr;
    money_t loans_cfr;
    money_t net_loans_requirement;
    money_t liquidity_allowance;
    money_t liability_benchmark;
    money_t existing_debt;
};

/* One row per plan year into out (room for p->nyears); existing_debt[i] is year i's existing
 * debt (NULL: zero). Returns the number of rows, or -1 on overflow. */
int prudential_years(const struct capital_plan *p, const money_t *existing_debt,
                     struct prudential_year *out);

/* A ratio of two amounts as a percentage to 2 dp in hundredths (1234 is 12.34%), rounded half
 * away from zero; 0 when den is 0. */
int64_t prudential_ratio_bp(money_t num, money_t den);

#endif
